"""A document-number filter in the SQLite store (`文号:〔2020〕3号`): a substring of every document's
number, with no index to seek, so the pass that counts a new number's documents
(`planner._document_share`) also reads their runs of measure ids and keeps them for the side
(`planner._document_side`), per file version; and a number without an ASCII letter is tested
without `lower()`. The answers are checked against `testing.reference` (Python's own test of the
filter, no SQL), on real SQLite files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from duban.base.model import Document, Metadata
from duban.index import open_store
from duban.index.filters import Filters
from duban.index.sqlite import planner
from duban.index.sqlite_store import SQLiteStore
from duban.index.testing import Item, load, make_document, reference


def _numbered(number: str, i: int, measures: int = 2) -> Document:
    """A policy numbered `number`, its measures' texts unique to it (`i`)."""
    meta = Metadata(f"示范市第{i}号工作方案", "policy", number, "示范市人民政府办公室", "2020-01-01")
    return make_document(
        f"n{i}.txt", meta, [Item(f"第{i}号方案第{j + 1}项措施落实") for j in range(measures)]
    )


def _ten(path: Path) -> None:
    """Ten policies numbered 示政办〔2020〕1号 to 10号: a number such as 〔2020〕3号 takes one."""
    with open_store(str(path)) as store:
        for i in range(1, 11):
            load(store, _numbered(f"示政办〔2020〕{i}号", i))


def _statements(store: object) -> list[str]:
    """Every SQL statement the store's connection runs from here on."""
    seen: list[str] = []
    store._db().set_trace_callback(seen.append)  # type: ignore[attr-defined]
    return seen


def _texts(store: SQLiteStore, query: str) -> list[str]:
    return sorted(hit.text for hit in store.search(query, limit=100).hits)


def test_a_document_added_after_a_number_was_kept_is_found_by_the_next_search(tmp_path: Path) -> None:
    """The number's count and runs are kept per file version: a document written between two
    searches (by another connection, as another process would) is counted and listed by the
    second, which reads the number again."""
    path = tmp_path / "numbers.db"
    _ten(path)
    with open_store(str(path)) as store:
        assert isinstance(store, SQLiteStore)
        first = store.search("文号:〔2020〕3号", limit=100)
        assert first.total == 2
        assert sorted(hit.text for hit in first.hits) == sorted(
            reference(store, Filters(doc_number="〔2020〕3号"))
        )
        with open_store(str(path)) as writer:
            load(writer, _numbered("示政发〔2020〕3号", 11, measures=3))
        second = store.search("文号:〔2020〕3号", limit=100)
        wanted = sorted(reference(store, Filters(doc_number="〔2020〕3号")))
        assert second.total == len(wanted) == 5
        assert sorted(hit.text for hit in second.hits) == wanted
        assert _texts(store, "文号:〔2020〕3号 措施") == wanted


def test_runs_read_with_the_count_are_not_taken_after_the_file_changed(tmp_path: Path) -> None:
    """Counted at one version and read as a side at the next: the side is read again, not taken
    from the count's pass (which would leave the new document's measures out)."""
    path = tmp_path / "stale.db"
    _ten(path)
    filters = Filters(doc_number="〔2020〕3号")
    with open_store(str(path)) as store:
        assert isinstance(store, SQLiteStore)
        db = store._db()
        assert planner._document_share(db, filters)[0] == 1
        load(store, _numbered("示政发〔2020〕3号", 11))
        side = planner._document_side(db, filters)
        ids, complete = side.newest(None)
        (newest,) = db.execute("SELECT max(id) FROM measures").fetchone()
        assert complete and len(ids) == 4 and ids[0] == newest


def test_a_new_number_scans_the_documents_once(tmp_path: Path) -> None:
    """A new number's first search scans the documents' numbers once, for its count and its runs
    together (twice before: ~25 ms each on 50,000 documents), and finds what the reference finds."""
    path = tmp_path / "once.db"
    _ten(path)
    with open_store(str(path)) as store:
        assert isinstance(store, SQLiteStore)
        seen = _statements(store)
        found = store.search("文号:〔2020〕7号 落实", limit=100)
        store._db().set_trace_callback(None)
        assert sorted(hit.text for hit in found.hits) == sorted(
            reference(store, Filters(doc_number="〔2020〕7号"))
        )
    assert found.total == 2
    assert len([sql for sql in seen if "instr(d.doc_number" in sql]) == 1


@pytest.mark.parametrize(
    ("number", "lowered"),
    [("〔2020〕3号", False), ("示政办", False), ("szf", True), ("SZF〔2021〕", True), ("Szf", True)],
)
def test_a_number_is_lowered_only_when_it_has_an_ascii_letter(
    tmp_path: Path, number: str, lowered: bool
) -> None:
    """SQLite's `lower()` folds ASCII letters only: a number without one is the same substring
    either way and is tested without it; one with a letter still matches in either case. The
    answers are the reference's, whether the number takes one document, most, or every one."""
    path = tmp_path / "cases.db"
    _ten(path)
    with open_store(str(path)) as store:
        assert isinstance(store, SQLiteStore)
        for i in (11, 12):
            load(store, _numbered(f"SZF〔2021〕{i - 10}号", i))
        wanted = sorted(reference(store, Filters(doc_number=number)))
        assert wanted
        seen = _statements(store)
        assert _texts(store, f"文号:{number}") == wanted
        assert _texts(store, f"文号:{number} 措施") == wanted
        store._db().set_trace_callback(None)
    tests = [sql for sql in seen if re.search(r"instr\((lower\()?d\.doc_number", sql)]
    assert tests and all(("lower(d.doc_number)" in sql) == lowered for sql in tests)
