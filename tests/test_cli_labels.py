"""The CLI's tables speak to staff in Chinese: headers, kinds, roles and statuses, as the web pages do.

The JSON outputs keep their codes (`lead`, `overdue`); what a person reads in the terminal does not
mix English column names and codes into a Chinese table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.base.vocab import KIND_LABELS, ROLE_LABELS, STATUS_LABELS
from duban.pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})
_ASCII_WORD = re.compile(
    r"\b(?:measure|units|deadlines|status|source|score|excerpt|relays|lead|co|count|value)\b"
)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('labels') / 'samples.db'}"
    ingested = runner.invoke(app, ["ingest", str(ROOT / "samples"), "--index", url, "--quiet"])
    assert ingested.exit_code == 0, ingested.output
    checked = runner.invoke(app, ["crosscheck", "--index", url, "--as-of", "2026-11-26", "--json"])
    assert checked.exit_code == 0, checked.output
    return url


def test_extract_table_names_columns_kind_and_roles_in_chinese() -> None:
    result = runner.invoke(
        app, ["extract", "--format", "table", str(ROOT / "samples" / "directive-notice.txt")]
    )
    assert result.exit_code == 0, result.output
    for header in ("举措", "责任单位", "时限", "页"):
        assert header in result.stdout
    assert f"[{KIND_LABELS['policy']}]" in result.stdout
    assert f"（{ROLE_LABELS['lead']}）" in result.stdout and f"（{ROLE_LABELS['co']}）" in result.stdout
    assert not _ASCII_WORD.search(result.stdout)


def test_search_table_shows_statuses_by_their_chinese_names(index: str) -> None:
    result = runner.invoke(app, ["search", "status:done", "--index", index])
    assert result.exit_code == 0, result.output
    for header in ("相关度", "举措", "责任单位", "时限", "状态", "出处"):
        assert header in result.stdout
    assert STATUS_LABELS["done"] in result.stdout and "共 " in result.stdout
    assert not _ASCII_WORD.search(result.stdout.replace("status:done", ""))


def test_document_search_table_names_the_kind(index: str) -> None:
    result = runner.invoke(app, ["search", "会议", "--docs", "--index", index])
    assert result.exit_code == 0, result.output
    assert "摘录" in result.stdout and KIND_LABELS["minutes"] in result.stdout
    shown = re.sub(r"[\w-]+\.txt", "", result.stdout)  # file names such as minutes-relay.txt
    assert not re.search(r"\b(?:policy|minutes|report)\b", shown)


def test_crosscheck_table_names_relations_and_statuses(index: str) -> None:
    result = runner.invoke(app, ["crosscheck", "--index", index, "--as-of", "2026-11-26"])
    assert result.exit_code == 0, result.output
    assert "督办核查（截至 2026-11-26）" in result.stdout
    assert "传达：" in result.stdout or "报告落实：" in result.stdout
    assert STATUS_LABELS["done"] in result.stdout and STATUS_LABELS["lagging"] in result.stdout
    assert "reports_on" not in result.stdout and "relays:" not in result.stdout
    # a measure no follower speaks of says so in the 依据 column, not an empty cell
    assert "未见跟进文件提及此项" in result.stdout.replace("│", "").replace(" ", "").replace("\n", "")


def test_crosscheck_table_stops_at_its_row_limit_and_says_where_the_rest_is(
    index: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from duban.pipeline import cli_crosscheck

    full = runner.invoke(app, ["crosscheck", "--index", index, "--as-of", "2026-11-26"])
    assert "只显示" not in full.stdout  # the samples fit in the table
    monkeypatch.setattr(cli_crosscheck, "TABLE_ROWS", 2)
    cut = runner.invoke(app, ["crosscheck", "--index", index, "--as-of", "2026-11-26"])
    assert cut.exit_code == 0, cut.output
    assert "只显示前 2 行" in cut.stdout and "duban crosscheck --json" in cut.stdout
    rows = sum(label in line for line in cut.stdout.splitlines() for label in STATUS_LABELS.values())
    assert (
        1
        <= rows
        <= 2
        < sum(label in line for line in full.stdout.splitlines() for label in STATUS_LABELS.values())
    )


def test_stats_tables_label_kinds_and_statuses(index: str) -> None:
    result = runner.invoke(app, ["stats", "--index", index])
    assert result.exit_code == 0, result.output
    assert "数量" in result.stdout and KIND_LABELS["policy"] in result.stdout
    assert STATUS_LABELS["lagging"] in result.stdout and STATUS_LABELS["not_relayed"] in result.stdout
    assert not re.search(r"\b(?:policy|minutes|lagging|not_relayed|unset|value|count)\b", result.stdout)
