"""A cross-check of every directive leaves statuses only on what it checked: a status an earlier
run saved on a document this run no longer checks (its follower removed since, its kind read
anew) would be found by a status search and counted in the overview, yet be in no ledger."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.index.filters import Filters
from duban.index.store import Store
from duban.pipeline.status import check_store
from tests.test_crosscheck import fixture_store

AS_OF = "2023-08-15"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return fixture_store(tmp_path / "index.db")


def _left_over(store: Store) -> str:
    """A status on a measure of a document no check takes as a directive, as an earlier run's."""
    minutes = next(d for d in store.iter_documents() if d.doc.kind == "minutes")
    measure = minutes.measures[0].measure_id
    store.update_statuses([(measure, "relayed", None)])
    return measure


def _statuses(store: Store) -> dict[str, str]:
    return {m.measure_id: m.status for m in store.iter_measures() if m.status is not None}


def test_a_full_check_clears_statuses_it_did_not_save(store: Store) -> None:
    fresh = check_store(store, AS_OF)
    checked = {m.measure_id for c in fresh.directives for m in c.measures}
    stale = _left_over(store)
    assert stale not in checked
    check_store(store, AS_OF)
    statuses = _statuses(store)
    assert stale not in statuses
    assert set(statuses) == checked, "every checked measure keeps the status the check saved"
    assert store.search("", Filters(status="relayed")).total == sum(
        1 for s in statuses.values() if s == "relayed"
    )


def test_a_check_of_one_directive_leaves_other_documents_alone(store: Store) -> None:
    first = check_store(store, AS_OF).directives[0].record
    stale = _left_over(store)
    before = _statuses(store)
    check_store(store, AS_OF, directive=first.doc_id)
    assert _statuses(store) == before
    assert stale in before


def test_a_check_not_saved_clears_nothing(store: Store) -> None:
    stale = _left_over(store)
    check_store(store, AS_OF, save=False)
    assert _statuses(store) == {stale: "relayed"}
