"""How the SQLite planner checks a side on the older ids another side gave: measure texts are read
once per file version (`planner.measure_texts`) and the kept texts give the answers reading gives;
a side's index is read over the ids' range only when that reads fewer rows than its ratio
(`planner.reads_range`), and both ways give the same answers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from duban.base.model import Metadata, Unit
from duban.index.filters import Filters
from duban.index.sqlite import planner
from duban.index.sqlite_store import _PAGES_SEEN, SQLiteStore
from duban.index.testing import Item, load, make_document

TEXT_READ = re.compile(r"SELECT id, text FROM measures WHERE id IN \(([0-9,]+)\)")


def _store(path: Path) -> SQLiteStore:
    """Two departments over six documents: the 审计局's measures are about gas safety checks,
    the 财政局's about fund safety, so `燃气安全排查` finds no 财政局 measure but its relaxed
    query (any of 燃气, 安全, 排查) finds them all."""
    store = SQLiteStore(path)
    docs = []
    for d in range(6):
        items = [
            Item(f"市审计局牵头开展燃气安全排查工作（{d}-{i}）。", [Unit("市审计局", "lead")])
            if i % 2
            else Item(f"市财政局负责专项资金安全监管（{d}-{i}）。", [Unit("市财政局", "lead")])
            for i in range(6)
        ]
        meta = Metadata(f"第{d}号通知", "policy", None, "示范市", f"2022-0{d + 1}-01")
        docs.append(make_document(f"samples/t{d}.txt", meta, items))
    load(store, *docs)
    return store


@pytest.fixture
def checked_on_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text read one id deep, then checked on each older id of the filter's side, in Python."""
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 1)
    monkeypatch.setattr(planner, "TEXT_READ_RATIO", 0)
    monkeypatch.setattr(planner, "PREFILTER_TESTS", 0)
    planner._TEXTS_SEEN.clear()
    _PAGES_SEEN.clear()


@pytest.mark.usefixtures("checked_on_ids")
def test_a_relaxed_search_reads_no_text_its_strict_query_read(tmp_path: Path) -> None:
    store = _store(tmp_path / "texts.db")
    db = store._reader()
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    found = store.search("燃气安全排查", Filters(unit="财政局"))
    db.set_trace_callback(None)
    assert found.total == 18 and not any(hit.exact for hit in found.hits)
    read = [int(i) for sql in statements for m in TEXT_READ.finditer(sql) for i in m.group(1).split(",")]
    assert read and len(read) == len(set(read))
    store.close()


@pytest.mark.usefixtures("checked_on_ids")
def test_kept_texts_give_the_answers_reading_gives(tmp_path: Path) -> None:
    store = _store(tmp_path / "kept.db")
    queries = [
        ("燃气安全排查", Filters(unit="财政局")),
        ("安全", Filters(unit="审计局")),
        ("资金", Filters()),
    ]

    def answers() -> list[tuple[int, list[tuple[str | None, float, bool]]]]:
        _PAGES_SEEN.clear()
        return [
            (found.total, [(hit.measure_id, hit.score, hit.exact) for hit in found.hits])
            for query, filters in queries
            for found in [store.search(query, filters, limit=50)]
        ]

    first = answers()
    assert planner._TEXTS_SEEN  # the texts read were kept, and the same answers come from them
    assert answers() == first
    version = next(iter(planner._TEXTS_SEEN))
    store.update_status(first[0][1][0][0] or "", "done")  # a write: the kept texts are of an older file
    answers()
    assert version not in planner._TEXTS_SEEN
    store.close()


@pytest.mark.parametrize(
    ("name", "older", "expected"),
    [
        # 100 ids read over 1000..802 (half of the ids): 50 older ids over 800..310 hold ~247 of
        # the side's rows, more than 3 or 4 a checked id (not 8); over 800..702, ~49: read them
        ("unit", list(range(800, 300, -10)), False),
        ("text", list(range(800, 300, -10)), False),
        ("status", list(range(800, 300, -10)), True),
        ("unit", list(range(800, 700, -2)), True),
    ],
)
def test_a_side_is_read_over_a_range_only_when_that_reads_less(
    name: str, older: list[int], expected: bool
) -> None:
    side = planner._Side(name, list(range(1000, 800, -2)), False)
    assert planner.reads_range(side, older) is expected


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("燃气安全排查", Filters(unit="局")),
        ("专项资金", Filters(unit="市")),
        ("安全", Filters(unit="局")),
    ],
)
def test_reading_a_unit_side_over_a_range_gives_what_checking_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters
) -> None:
    """With a cap of 20 a unit filter of both departments (36 measures) is read partly, and a
    text of one department's 18 measures, read whole, drives (no probing): checking each of its
    older ids and reading the unit index over their range select the same pages."""
    store = _store(tmp_path / "range.db")
    monkeypatch.setattr(planner, "TOTAL_CAP", 20)
    monkeypatch.setattr(planner, "RANK_WINDOW", 3)
    monkeypatch.setattr(planner, "PROBE_IDS", 0)

    def pages(ratio: int) -> list[tuple[int, list[tuple[str | None, float]]]]:
        monkeypatch.setattr(planner, "UNIT_READ_RATIO", ratio)
        _PAGES_SEEN.clear()
        return [
            (found.total, [(hit.measure_id, hit.score) for hit in found.hits])
            for offset in (0, 2, 16)
            for found in [store.search(query, filters, limit=2, offset=offset)]
        ]

    assert pages(0) == pages(10**9)
    store.close()


@pytest.mark.parametrize("query", ["", "安全", "燃气安全排查"])
def test_a_unit_side_of_many_names_is_read_as_one_joined_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """A unit filter matching more than `NAMES_IN_SQL` names reads its ids as one joined string
    (not a Python row per id) and finds what the names checked in SQL find."""
    store = _store(tmp_path / "names.db")
    db = store._reader()

    def answer(names_in_sql: int) -> tuple[int, list[tuple[str | None, float]], list[str]]:
        monkeypatch.setattr(planner, "NAMES_IN_SQL", names_in_sql)
        _PAGES_SEEN.clear()
        planner._UNIT_SIDES.clear()
        statements: list[str] = []
        db.set_trace_callback(statements.append)
        found = store.search(query, Filters(unit="局"), limit=50)
        db.set_trace_callback(None)
        return found.total, [(hit.measure_id, hit.score) for hit in found.hits], statements

    total, hits, statements = answer(0)
    assert [sql for sql in statements if "group_concat(measure_id) FROM units" in sql]
    assert (total, hits) == answer(100)[:2]
    store.close()


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("燃气安全排查", Filters(unit="财政局")),
        ("燃气安全排查", Filters(unit="审计局")),
        ("安全", Filters(unit="审计局")),
        ("专项资金", Filters(unit="财政局", kind="policy")),
    ],
)
def test_a_text_read_over_a_range_returns_its_matches_among_the_ids_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters
) -> None:
    """A text read one id deep beside a unit filter read whole: checked on the unit's older ids by
    reading each text, or by reading the text index over their range, which returns only the
    matches among those ids (`planner._text_among`, a byte a row in SQL) and selects the same
    pages, strict and relaxed."""
    store = _store(tmp_path / "among.db")
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 1)
    monkeypatch.setattr(planner, "RANK_WINDOW", 3)
    db = store._reader()

    def pages(ratio: int) -> tuple[list[tuple[int, list[tuple[str | None, float, bool]]]], list[str]]:
        monkeypatch.setattr(planner, "TEXT_READ_RATIO", ratio)
        _PAGES_SEEN.clear()
        planner._TEXTS_SEEN.clear()
        statements: list[str] = []
        db.set_trace_callback(statements.append)
        found = [
            (page.total, [(hit.measure_id, hit.score, hit.exact) for hit in page.hits])
            for offset in (0, 2, 5)
            for page in [store.search(query, filters, limit=2, offset=offset)]
        ]
        db.set_trace_callback(None)
        return found, statements

    checked, _ = pages(0)
    ranged, statements = pages(10**9)
    assert ranged == checked
    assert checked[0][0] > 0
    among = [sql for sql in statements if "measures_fts MATCH" in sql and "substr(" in sql]
    assert among  # the range was read with the ids' mask
    store.close()
