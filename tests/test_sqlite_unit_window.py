"""`--docs` with a unit filter and a text in the SQLite store reads the unit's ids only as far down
as the window of the text's newest matches reaches (`planner._UnitRows`): the newest `TOTAL_CAP + 1`
documents first, then, asked by `duban_unit_taken` for a match below what was read, further down
in growing ranges. The answers (total, hits, scores) are those of reading every id at once.

The store is small, so the window and the steps are made small here (`TOTAL_CAP`, `READ_STEP`)
and reading every id at once is turned off (`READ_ALL_IDS`), as a unit in 16% of a million
measures does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from duban.base.model import Metadata, Unit
from duban.index import open_store
from duban.index.filters import Filters
from duban.index.sqlite import planner
from duban.index.testing import Item, load, make_document

# a topic in every other document (newest first, the window of 4 reaches the 8th newest) and one
# in every fourth (its window of 4 reaches the 16th newest), the unit in two documents of three
COMMON, RARE = "隐患排查", "燃气管网"
DOCUMENTS = 24


def _load(path: Path) -> None:
    with open_store(str(path)) as store:
        for i in range(DOCUMENTS):
            meta = Metadata(
                f"示范市第{i + 1}号文件",
                "minutes" if i % 3 else "policy",
                None,
                "示范市人民政府",
                "2021-01-01",
            )
            unit = Unit("市民政局" if i % 3 else "市交通局", "lead")
            items = [Item(f"第{i + 1}项工作按月通报", [Unit("市财政局", "co")])]
            if i % 2 == 0:
                items.append(Item(f"开展第{i + 1}轮{COMMON}" + "并整改" * (i % 5), [unit]))
            if i % 4 == 0:
                items.append(Item(f"完成{RARE}改造第{i + 1}批", [unit]))
            load(store, make_document(f"d{i}.txt", meta, items))


def _forget() -> None:
    for kept in (
        planner._UNIT_DOCUMENTS,
        planner._DOCUMENT_RUNS,
        planner._NAMES_SEEN,
        planner._DOCUMENT_ROWS,
    ):
        kept.clear()


def _answer(store: object, query: str, filters: Filters) -> tuple[int, list[tuple[str, float]]]:
    found = store.search(query, filters, target="documents", limit=50)  # type: ignore[attr-defined]
    return found.total, [(hit.doc_id, hit.score) for hit in found.hits]


@pytest.fixture
def small_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planner, "TOTAL_CAP", 3)
    monkeypatch.setattr(planner, "READ_STEP", 1)
    monkeypatch.setattr(planner, "READ_ALL_IDS", 0)


SEARCHES = [
    (COMMON, Filters(unit="民政")),
    (RARE, Filters(unit="民政")),
    (COMMON, Filters(unit="民政", kind="minutes")),
    (RARE, Filters(role="lead")),
    (COMMON, Filters(unit="交通")),
]


def test_a_unit_filter_reads_its_ids_down_to_the_window_only(tmp_path: Path, small_window: None) -> None:
    """The common topic's window (its 4 newest matches, the 8 newest documents) is covered by the
    newest `TOTAL_CAP + 1` documents and a step or two below: the unit's ids are read over ranges
    of ids, never all of them, and the oldest documents' are not read. Its answer is the matches
    of the window that hold a measure of the unit, with their unfiltered scores."""
    path = tmp_path / "window.db"
    _load(path)
    _forget()
    with open_store(str(path)) as store:
        everything = store.search(COMMON, target="documents", limit=50)
        wanted = {m.doc_id for m in store.iter_measures(Filters(unit="民政"))}
        seen: list[str] = []
        store._db().set_trace_callback(seen.append)  # type: ignore[attr-defined]
        total, hits = _answer(store, COMMON, Filters(unit="民政"))
        store._db().set_trace_callback(None)  # type: ignore[attr-defined]
        (first_measure,) = store._db().execute("SELECT min(id) FROM measures").fetchone()  # type: ignore[attr-defined]
    newest = [hit for hit in everything.hits]
    newest.sort(key=lambda hit: int(re.findall(r"\d+", hit.source)[0]), reverse=True)
    window = [(hit.doc_id, hit.score) for hit in newest[:4] if hit.doc_id in wanted]
    assert total == len(window) and hits == sorted(window, key=lambda pair: -pair[1])
    reads = [sql for sql in seen if "FROM units" in sql and "group_concat" in sql]
    assert reads and all("measure_id >= " in sql for sql in reads)
    (placed,) = planner._UNIT_DOCUMENTS.values()
    assert placed.low > first_measure


def test_searches_that_reach_further_down_read_on_and_answer_as_reading_all(
    tmp_path: Path, small_window: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Searches in turn in one process (the unit's ids kept between them, a rarer topic's window
    reaching below what a common one read, a kind filter beside the unit, a role filter alone)
    give the totals, hits and scores that reading every id at once gives, and a unit whose ids
    were all read asks nothing more (`duban_unit_taken` not in the window's SQL)."""
    path = tmp_path / "deeper.db"
    _load(path)
    _forget()
    with open_store(str(path)) as store:
        asked: list[str] = []
        store._db().set_trace_callback(asked.append)  # type: ignore[attr-defined]
        lazily = [_answer(store, query, filters) for query, filters in SEARCHES]
        store._db().set_trace_callback(None)  # type: ignore[attr-defined]
        (first_measure,) = store._db().execute("SELECT min(id) FROM measures").fetchone()  # type: ignore[attr-defined]
        assert any(placed.low > first_measure for placed in planner._UNIT_DOCUMENTS.values())
        monkeypatch.setattr(planner, "READ_ALL_IDS", 10**9)
        _forget()
        seen: list[str] = []
        store._db().set_trace_callback(seen.append)  # type: ignore[attr-defined]
        at_once = [_answer(store, query, filters) for query, filters in SEARCHES]
        store._db().set_trace_callback(None)  # type: ignore[attr-defined]
    assert lazily == at_once and all(total for total, _ in lazily)
    assert [sql for sql in asked if "duban_unit_taken" in sql]
    assert not [sql for sql in seen if "duban_unit_taken" in sql]
