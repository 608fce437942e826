"""A deadline period (`时限:2021-12`, both bounds of `deadline_after`/`deadline_before`) in the
SQLite store: SQLite read every deadline of the period and sorted them all for each read of the
side (and read an older range of ids through every deadline of that range), so the period's rows
are read once, kept per file version (`planner._deadline_rows`) and each read is cut from them;
a check of the side on another side's ids uses them when kept. And a text term with alternatives
(医保 → 医疗保障) checked on a filter's ids is no longer folded for every text (`matching._gate`).
Answers are checked against the SQL reads they replace, `testing.reference` and `matching.matches`,
on real SQLite files."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.base.model import Deadline, Metadata, Unit
from duban.index import open_store
from duban.index.analysis import Analyzer
from duban.index.filters import Filters, parse_filters
from duban.index.sqlite import matching, planner
from duban.index.sqlite_store import _PAGES_SEEN, SQLiteStore
from duban.index.testing import Item, load, make_document, reference

DECEMBER = parse_filters(deadline_after="2021-12", deadline_before="2021-12")


def _item(d: int, i: int) -> Item:
    """A measure due in December 2021 or another month (some twice in December, some recurring),
    about 督办 one time in three, led by 区审计局 one time in four."""
    month = "12" if (d + i) % 3 else f"{(d + i) % 11 + 1:02d}"
    deadlines = [Deadline(f"2021年{month}月15日前", "absolute", due=f"2021-{month}-15")]
    if i % 5 == 0:
        deadlines.append(Deadline("2021年12月31日前", "recurring" if i % 2 else "absolute", due="2021-12-31"))
    text = f"第{d}号方案第{i}项{'督办事项' if i % 3 == 0 else '日常工作'}落实"
    units = [Unit("区审计局", "lead")] if i % 4 == 0 else [Unit("市财政局", "lead")]
    return Item(text, units, deadlines)


def _document(d: int, items: int = 12) -> object:
    meta = Metadata(f"示范市第{d}号方案", "policy", None, "示范市人民政府办公室", "2021-01-01")
    return make_document(f"p{d}.txt", meta, [_item(d, i) for i in range(items)])


def _store(path: Path, documents: int = 6) -> SQLiteStore:
    store = open_store(str(path))
    assert isinstance(store, SQLiteStore)
    load(store, *(_document(d) for d in range(documents)))  # type: ignore[arg-type]
    return store


def _forget() -> None:
    _PAGES_SEEN.clear()
    planner._DEADLINE_ROWS.clear()
    planner._TEXTS_SEEN.clear()


def _statements(store: SQLiteStore) -> list[str]:
    seen: list[str] = []
    store._reader().set_trace_callback(seen.append)
    return seen


def _wanted(store: SQLiteStore, filters: Filters, word: str = "") -> list[str]:
    return sorted(text for text in reference(store, filters) if word in text)


@pytest.mark.parametrize("kind", [None, "absolute", "recurring"])
def test_each_read_cut_from_the_kept_rows_is_the_read_sql_gave(tmp_path: Path, kind: str | None) -> None:
    """Newest first at every depth and below every id, and every range: the same ids and the same
    `complete` as `ORDER BY measure_id DESC LIMIT depth + 1` (a measure due twice in the period is
    two rows of it)."""
    store = _store(tmp_path / "reads.db")
    db = store._reader()
    filters = parse_filters(deadline_after="2021-12", deadline_before="2021-12", deadline_kind=kind)
    where, params = planner._deadline_conditions(filters)
    (top,) = db.execute("SELECT max(id) FROM measures").fetchone()
    bounds: list[planner._Bound] = [None, *range(1, top + 2, 5)]
    bounds += [(low, high) for low in range(0, top, 9) for high in (low + 1, low + 7, top + 1)]
    for before in bounds:
        for depth in (0, 1, 3, 10, 40, 1000):
            sql = planner._ids(
                db, planner._DEADLINE_IDS, params, before, depth, condition=" AND ".join(where)
            )
            assert planner._deadline_ids(db, filters, before, depth) == sql, (before, depth)
    store.close()


def test_a_period_is_read_from_the_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A period beside a text read two ids deep first: one read of the period's rows, none at the
    next search of the period, and the answers are `reference`'s."""
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 2)
    store = _store(tmp_path / "once.db")
    _forget()
    seen = _statements(store)
    found = store.search("督办", DECEMBER, limit=100)
    wanted = _wanted(store, DECEMBER, "督办")
    assert found.total == len(wanted) > 0
    assert sorted(hit.text for hit in found.hits) == wanted
    deadlines = [sql for sql in seen if "FROM deadlines" in sql]
    assert len(deadlines) == 1 and "group_concat" in deadlines[0]
    seen.clear()
    _PAGES_SEEN.clear()
    alone = store.search("时限:2021-12", limit=100)
    assert sorted(hit.text for hit in alone.hits) == _wanted(store, DECEMBER)
    assert not [sql for sql in seen if "FROM deadlines" in sql]
    store.close()


def test_a_kept_period_checks_a_smaller_side_without_sql(tmp_path: Path) -> None:
    """A unit side read whole drives and the period is checked on its ids: from the kept rows when
    the period was read before, with the answers SQL's check gives."""
    store = _store(tmp_path / "check.db")
    _forget()
    both = parse_filters(unit="区审计局", deadline_after="2021-12", deadline_before="2021-12")
    wanted = _wanted(store, both)
    first = store.search("", both, limit=100)
    assert sorted(hit.text for hit in first.hits) == wanted and first.total == len(wanted) > 0
    store.search("", DECEMBER, limit=1)  # the period read, and kept
    _PAGES_SEEN.clear()
    seen = _statements(store)
    second = store.search("", both, limit=100)
    assert [hit.text for hit in second.hits] == [hit.text for hit in first.hits]
    assert not [sql for sql in seen if "FROM deadlines" in sql]
    store.close()


def test_partial_sides_give_the_exact_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sides read a few ids deep (a cap of 8): the text, complete, drives and the period is read
    over the older ids' range or checked on them, from the kept rows either way."""
    monkeypatch.setattr(planner, "TOTAL_CAP", 8)
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 2)
    store = _store(tmp_path / "partial.db", documents=1)
    for ratio in (0, 1_000):
        monkeypatch.setattr(planner, "OTHER_READ_RATIO", ratio)
        _forget()
        found = store.search("督办", DECEMBER, limit=100)
        wanted = _wanted(store, DECEMBER, "督办")
        assert 0 < len(wanted) <= 8
        assert found.total == len(wanted)
        assert sorted(hit.text for hit in found.hits) == wanted
    store.close()


def test_a_document_added_after_a_period_was_kept_is_found(tmp_path: Path) -> None:
    """The period's rows are kept per file version: a document written by another connection
    between two searches is found by the second."""
    path = tmp_path / "stale.db"
    store = _store(path)
    _forget()
    assert store.search("时限:2021-12 督办", limit=100).total == len(_wanted(store, DECEMBER, "督办"))
    with open_store(str(path)) as writer:
        load(writer, _document(9))  # type: ignore[arg-type]
    again = store.search("时限:2021-12 督办", limit=100)
    wanted = _wanted(store, DECEMBER, "督办")
    assert any("第9号" in text for text in wanted)
    assert again.total == len(wanted)
    assert sorted(hit.text for hit in again.hits) == wanted
    store.close()


TEXTS = [
    "推进医保基金监管",
    "落实醫保政策",
    "完善医疗保障制度",
    "完善醫療保障制度",
    "医疗和保障分开",
    "保医两项工作",
    "发改委牵头",
    "市發展改革委牵头",
    "发展改革委员会",
    "城镇燃气安全排查",
    "ＡＢＣ全角文字",
]


@pytest.mark.parametrize("text", ["医保", "发改委", "医保 燃气", "发改委 医保"])
def test_a_term_with_alternatives_is_checked_as_matches_checks_it(text: str) -> None:
    """The matcher's gate for a term with alternatives lets through every text `matches` accepts
    (traditional forms folded into a run or an alternative included), strict and relaxed."""
    query = Analyzer().parse_query(text)
    assert any(term.alternatives for term in query.terms)
    for asked in (query, query.relaxed()):
        if asked is None:
            continue
        test = matching.matcher(asked)
        assert [test(t) for t in TEXTS] == [matching.matches(asked, t) for t in TEXTS]


def test_a_text_without_a_run_or_a_folding_character_is_not_folded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate rejects a text that holds no run, no word and no character folding into them
    before `fold` (~13 µs a text): before it every text checked for 医保 was folded."""
    folded: list[str] = []

    def counted(text: str) -> str:
        folded.append(text)
        return fold(text)

    fold = matching.fold
    monkeypatch.setattr(matching, "fold", counted)
    test = matching.matcher(Analyzer().parse_query("医保"))
    assert not test("城镇燃气安全排查") and not test("医疗和保障分开")
    assert folded == []
    assert test("完善醫療保障制度") and folded == ["完善醫療保障制度"]


def test_a_unit_checked_text_with_alternatives_finds_folded_forms(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`医保` beside a unit filter, the text checked on the unit's older ids in Python: the
    traditional 醫療保障 and 醫保 are found, as the index finds them, the rest are not."""
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 1)
    monkeypatch.setattr(planner, "TEXT_READ_RATIO", 0)
    monkeypatch.setattr(planner, "PREFILTER_TESTS", 0)
    store = open_store(str(tmp_path / "alternatives.db"))
    assert isinstance(store, SQLiteStore)
    items = [Item(f"{text}（{i}）", [Unit("区审计局", "lead")]) for i, text in enumerate(TEXTS)]
    meta = Metadata("示范市医保工作方案", "policy", None, "示范市人民政府办公室", "2021-01-01")
    load(store, make_document("a.txt", meta, items))
    _forget()
    found = store.search("医保", Filters(unit="区审计局"), limit=100)
    unfiltered = store.search("医保", limit=100)
    assert sorted(hit.text for hit in found.hits) == sorted(hit.text for hit in unfiltered.hits)
    assert sorted(hit.text for hit in found.hits) == sorted(f"{t}（{i}）" for i, t in enumerate(TEXTS[:4]))
    store.close()


def test_a_kept_document_side_checks_many_ids_as_one_by_one(tmp_path: Path) -> None:
    """An issuer's kept runs checked on a text's ids (`_DocumentSide.among`, placed by numpy at
    once): the answers `reference` gives, and the ids a bisection each keeps."""
    store = open_store(str(tmp_path / "issuers.db"))
    assert isinstance(store, SQLiteStore)
    for d in range(12):  # 财政局 issues a sixth of them: its side is read whole and kept
        issuer = "示范市财政局" if d % 6 == 0 else "示范市人民政府办公室"
        meta = Metadata(f"示范市第{d}号方案", "policy", None, issuer, "2021-01-01")
        load(store, make_document(f"i{d}.txt", meta, [_item(d, i) for i in range(5)]))
    _forget()
    store.search("issuer:财政局", limit=1)  # the issuer's runs read, and kept
    filters = Filters(issuer="财政局")
    side = planner._document_kept(store._reader(), filters)
    assert side is not None
    ids = list(range(60, -2, -1))
    one_by_one = [
        i for i in ids if any(low <= i <= high for low, high in zip(side.lows, side.highs, strict=True))
    ]
    assert side.among(ids) == one_by_one and one_by_one
    _PAGES_SEEN.clear()
    found = store.search("issuer:财政局 督办", limit=100)
    wanted = _wanted(store, filters, "督办")
    assert found.total == len(wanted) > 0
    assert sorted(hit.text for hit in found.hits) == wanted
    store.close()
