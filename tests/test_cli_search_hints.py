"""An empty search says why when the index knows better: no statuses yet, or the words are in documents.

Staff who search `逾期` in an index nobody has cross-checked, or words that only a document's title
or preamble holds, would otherwise see a bare 没有结果 and conclude there is nothing to find."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture()
def index(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'samples.db'}"
    ingested = runner.invoke(app, ["ingest", str(ROOT / "samples"), "--index", url, "--quiet"])
    assert ingested.exit_code == 0, ingested.output
    return url


def test_a_status_search_before_any_cross_check_says_to_run_it(index: str) -> None:
    before = runner.invoke(app, ["search", "逾期", "--index", index])
    assert before.exit_code == 0
    assert "没有结果" in before.stdout and "duban crosscheck" in before.stderr

    checked = runner.invoke(app, ["crosscheck", "--index", index, "--as-of", "2026-11-26", "--json"])
    assert checked.exit_code == 0, checked.output
    after = runner.invoke(app, ["search", "--status", "not_relayed", "--index", index])
    assert after.exit_code == 0 and "没有结果" not in after.stdout
    empty_after = runner.invoke(app, ["search", "逾期", "--index", index])
    assert "duban crosscheck" not in empty_after.stderr  # statuses exist: nothing to explain


def test_words_found_only_in_documents_point_to_docs(index: str) -> None:
    # The notice's title names its subject; its measures do not repeat it.
    result = runner.invoke(app, ["search", "营商环境", "--index", index])
    assert result.exit_code == 0 and "没有结果" in result.stdout
    assert "--docs" in result.stderr
    docs = runner.invoke(app, ["search", "营商环境", "--docs", "--index", index, "--json"])
    count = sum(1 for line in docs.stdout.splitlines() if line.startswith("{"))
    assert count and f"有 {count} 份文件" in result.stderr


def test_words_nowhere_get_no_hint(index: str) -> None:
    result = runner.invoke(app, ["search", "潜水艇", "--index", index])
    assert result.exit_code == 0 and "没有结果" in result.stdout
    assert "--docs" not in result.stderr and "crosscheck" not in result.stderr
