"""The ledger from saved statuses reads the directives the last full check marked, and only
those (`Store.saved_documents`), on a real SQLite index file: a directive missed would drop its
rows from the ledger, a document read besides them is the cost this narrowing took away (every
document of the index was read whole, ~40 s of CPU on the real corpus's 5,864)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from duban.base.stored import StatusEvidence, StoredDocument
from duban.index.sqlite_store import SQLiteStore
from duban.pipeline.status import CheckResult, check_store
from duban.pipeline.status_saved import collector_paused, saved_check
from tests.test_crosscheck import fixture_store

AS_OF = "2023-08-15"


class ReadCounted(SQLiteStore):
    """The SQLite store, noting each document it reads whole (`get`, through which
    `iter_documents` and `saved_documents` read theirs) and whether the cycle collector ran."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.read: list[str] = []
        self.collecting: set[bool] = set()

    def get(self, doc_id: str) -> StoredDocument | None:
        self.read.append(doc_id)
        self.collecting.add(gc.isenabled())
        return super().get(doc_id)


def _statuses(result: CheckResult) -> list[tuple[str, list[tuple[str, dict[str, object]]]]]:
    return [
        (c.record.doc_id, [(m.measure_id, m.evidence_json()) for m in c.measures]) for c in result.directives
    ]


def test_the_saved_ledger_reads_the_marked_directives_and_no_other(tmp_path: Path) -> None:
    path = tmp_path / "index.db"
    fixture_store(path).close()
    store = ReadCounted(path)
    checked = check_store(store, AS_OF)
    directives = [c.record.doc_id for c in checked.directives]
    others = [d for d in store.iter_documents() if d.doc_id not in directives and d.measures]
    assert directives and others, "the fixture index holds directives and documents that are not"
    # a status an earlier check left on a document it no longer took as a directive (another
    # generation), and a status saved without evidence: neither makes its document read
    left, bare = others[0], others[-1]
    earlier = StatusEvidence(None, "relayed", "", basis="relayed", generation="an-earlier-one", position=0)
    store.update_statuses([(left.measures[0].measure_id, "relayed", earlier)])
    store.update_statuses([(bare.measures[-1].measure_id, "relayed", None)])

    store.read.clear()
    store.collecting.clear()
    saved = saved_check(store, AS_OF, write_back=False)
    assert saved is not None and saved.saved
    assert store.collecting == {False} and gc.isenabled(), "paused while reading, on again after"
    assert sorted(store.read) == sorted(directives), "each marked directive read once, nothing else"
    assert [c.record.doc_id for c in saved.directives] == directives, "in the check's order"
    assert all(c.record == store.get(c.record.doc_id) for c in saved.directives), "read whole, text too"
    assert _statuses(saved) == _statuses(checked), "the statuses, due dates, whys and evidence saved"
    store.close()


def test_the_collector_comes_back_as_it_was() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a read that failed")
    assert gc.isenabled(), "on again after a failure"
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled(), "left off when it was off"
    finally:
        gc.enable()
