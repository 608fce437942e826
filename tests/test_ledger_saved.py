"""The ledger from saved statuses (`status_saved.saved_check`) is the ledger a fresh cross-check
gives, on the day of the check and on a later one, and is not used once the index changed."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from duban.index.store import Store
from duban.pipeline.cli import app
from duban.pipeline.ledger import csv_text, ledger_rows
from duban.pipeline.status import check_store, save_statuses
from duban.pipeline.status_saved import saved_check
from tests.test_crosscheck import fixture_store

AS_OF = "2023-08-15"
LATER = "2031-01-01"  # every dated measure's due date behind it


def _fresh(store: Store, as_of: str) -> str:
    return csv_text(ledger_rows(check_store(store, as_of, save=False)))


def _saved(store: Store, as_of: str) -> str:
    result = saved_check(store, as_of)
    assert result is not None, "the index did not change since the check"
    return csv_text(ledger_rows(result))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return fixture_store(tmp_path / "index.db")


def test_the_saved_ledger_is_the_checked_one(store: Store) -> None:
    assert saved_check(store, AS_OF) is None, "nothing saved yet"
    check_store(store, AS_OF)
    assert _saved(store, AS_OF) == _fresh(store, AS_OF)
    assert _saved(store, AS_OF).count("\n") > 5


def test_a_later_day_moves_deadlines_as_a_new_check_would(store: Store) -> None:
    check_store(store, AS_OF)
    later = _saved(store, LATER)
    assert later == _fresh(store, LATER)
    assert later != _fresh(store, AS_OF), "the later day makes some measure overdue"
    again = {m.measure_id: (m.status, m.status_evidence) for m in store.iter_measures() if m.status}
    check_store(store, LATER)
    checked = {m.measure_id: (m.status, m.status_evidence) for m in store.iter_measures() if m.status}
    assert again == checked, "the statuses written back are those a check of that day saves"


def test_a_changed_index_is_checked_again(store: Store) -> None:
    check_store(store, AS_OF)
    victim = next(d for d in store.iter_documents() if d.doc.kind != "policy")
    assert store.delete(victim.doc_id)
    assert saved_check(store, AS_OF) is None


def test_a_check_of_one_directive_keeps_the_mark(store: Store) -> None:
    result = check_store(store, AS_OF)
    first = result.directives[0].record
    check_store(store, AS_OF, directive=first.doc_id)
    assert _saved(store, AS_OF) == _fresh(store, AS_OF)


def test_statuses_saved_without_marks_are_not_used(store: Store) -> None:
    save_statuses(store, check_store(store, AS_OF, save=False))
    assert saved_check(store, AS_OF) is None


def test_the_ledger_command_reads_saved_statuses(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fixture_store(tmp_path / "index.db").close()
    url = f"sqlite:///{tmp_path}/index.db"
    outputs = []
    for run in range(2):
        out = tmp_path / f"run{run}.csv"
        with caplog.at_level(logging.INFO, logger="duban.pipeline.status_saved"):
            caplog.clear()
            result = CliRunner().invoke(app, ["ledger", "--csv", str(out), "--as-of", AS_OF, "--index", url])
        assert result.exit_code == 0, result.output
        outputs.append(out.read_text(encoding="utf-8"))
        used = any("ledger from the statuses saved" in r.getMessage() for r in caplog.records)
        assert used == (run == 1), "the first run checks and saves, the second reads what it saved"
    assert outputs[0] == outputs[1]
