"""A mistyped --index must fail with E045 instead of silently creating an empty database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.pipeline.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    "args",
    [
        ["crosscheck"],
        ["crosscheck", "--json", "--no-save"],
        ["ledger", "--csv", "OUT"],
        ["serve", "--port", "0"],
    ],
)
def test_a_missing_index_is_refused_and_not_created(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "typo.db"
    args = [str(tmp_path / "out.csv") if a == "OUT" else a for a in args]
    result = runner.invoke(app, [*args, "--index", f"sqlite:///{missing}"])
    assert result.exit_code == 2, result.output
    assert "E045" in result.stderr
    assert "不存在" in result.stderr
    assert not missing.exists()
    assert not (tmp_path / "out.csv").exists()


def test_a_missing_plain_path_index_is_refused_for_ledger(tmp_path: Path) -> None:
    missing = tmp_path / "nightly" / "duban.db"
    result = runner.invoke(app, ["ledger", "--xlsx", str(tmp_path / "l.xlsx"), "--index", str(missing)])
    assert result.exit_code != 0
    assert "E045" in result.stderr
    assert not missing.exists()


def test_an_existing_empty_index_still_works(tmp_path: Path) -> None:
    db = tmp_path / "duban.db"
    created = runner.invoke(app, ["ingest", str(tmp_path / "nothing-here"), "--index", str(db), "--json"])
    assert db.exists(), created.output
    result = runner.invoke(app, ["crosscheck", "--json", "--index", str(db)])
    assert result.exit_code == 0, result.output
    ledger = runner.invoke(app, ["ledger", "--csv", str(tmp_path / "l.csv"), "--index", str(db)])
    assert ledger.exit_code == 0, ledger.output
