"""Search tails (issue 14): a relaxed measure search checks a filter's texts only until its
page and ranking window are found; a document hit's record is read without what it does not
show; highlights find the terms in a text as written when nothing in it folds into them. Real
SQLite files, no mocks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from duban.base.model import Metadata, Progress, Relay, Unit
from duban.index import open_store
from duban.index.analysis import fold_with_offsets
from duban.index.filters import Filters
from duban.index.highlight import leading_spans, match_spans
from duban.index.sqlite import planner
from duban.index.sqlite_store import SQLiteStore
from duban.index.testing import Item, load, make_document


def test_a_document_hit_is_read_without_its_relays_and_progress(tmp_path: Path) -> None:
    """A document hit shows its title, fragments of its text and the page of the first: its
    stored relays and progress statements (most of a long report's record) are not read for it,
    and `get` still gives them."""
    meta = Metadata("关于燃气隐患排查进展情况的报告", "report", None, "示范区人民政府", "2022-03-01")
    doc = make_document(
        "samples/report.txt", meta, [Item("区住建局牵头开展燃气隐患排查，年底前完成。", [Unit("区住建局")])]
    )
    at = doc.text.index("燃气隐患排查")
    doc = replace(
        doc,
        progress=[Progress("燃气隐患排查", "done", at, at + 6, 1)],
        relays=[Relay("关于开展燃气隐患排查的通知", None, "关于开展燃气隐患排查的通知", 0, 10, 1)],
    )
    with SQLiteStore(tmp_path / "report.db") as store:
        load(store, doc)
        for filters in (None, Filters(kind="report")):
            query = store.analyzer.parse_query("燃气")
            found, total = store.find(query, filters or Filters(), "documents", 10, 0, "relevance")
            assert total == 1 and "progress" not in found[0].record and "relays" not in found[0].record
            hit = store.search("燃气", filters, target="documents").hits[0]
            assert hit.page == 1 and "【燃气】" in hit.highlight and hit.title == meta.title
        stored = store.get(doc.doc_id)
        assert stored is not None and len(stored.progress) == 1 and len(stored.relays) == 1


def _department(tmp_path: Path) -> Path:
    """Twenty documents of 区城管局, each with measures that hold 巡查 or 台账 but never both
    next to each other as `巡查台账`, and a few of another unit."""
    path = tmp_path / "relaxed.db"
    docs = []
    for i in range(20):
        unit = Unit("区城管局" if i % 5 else "区住建局", "lead")
        items = [
            Item(f"{unit.name}开展第{i + 1}轮道路巡查，每周通报。", [unit]),
            Item(f"{unit.name}建立第{i + 1}批问题台账，逐项销号。", [unit]),
            Item(f"{unit.name}组织第{i + 1}次业务培训。", [unit]),
        ]
        meta = Metadata(f"第{i + 1}号工作通知", "minutes", None, "示范区人民政府", "2022-03-01")
        docs.append(make_document(f"samples/c{i}.txt", meta, items))
    with open_store(str(path)) as store:
        load(store, *docs)
    return path


@pytest.mark.parametrize("window", [3, 500])
def test_a_relaxed_search_checks_a_filters_texts_until_its_page_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """A strict query that finds nothing beside a unit filter is followed by its relaxed one,
    checked on the filter's texts newest first a few at a time (`RELAXED_CHECK`) until the
    window and the page are found: the same pages in the same order as checking them all, a
    total that is then a lower bound (the matches checked), and the facets (which need every
    match) count all of them."""
    path = _department(tmp_path)
    query, filters = "巡查台账", Filters(unit="城管局")
    monkeypatch.setattr(planner, "RANK_WINDOW", window)
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 2)
    monkeypatch.setattr(planner, "TEXT_READ_RATIO", 0)  # the texts checked, not the index read over them

    def answer() -> tuple[list[tuple[int, list[str | None], bool]], dict[str, dict[str, int]]]:
        with open_store(str(path)) as store:
            pages = [
                (
                    found.total,
                    [hit.measure_id for hit in found.hits],
                    all(not hit.exact for hit in found.hits),
                )
                for offset in (0, 2, 6)
                for found in [store.search(query, filters, limit=2, offset=offset)]
            ]
            return pages, store.facets(query, filters)

    whole, whole_facets = answer()
    assert all(relaxed for _, _, relaxed in whole) and whole[0][0] == 32
    monkeypatch.setattr(planner, "RELAXED_CHECK", 4)
    bounded, bounded_facets = answer()
    assert [ids for _, ids, _ in bounded] == [ids for _, ids, _ in whole]
    assert bounded_facets == whole_facets
    totals = [total for total, _, _ in bounded]
    assert all(2 <= total <= 32 for total in totals)
    if window == 3:
        assert totals[0] < 32  # the window and the page were found before the last text


@pytest.mark.parametrize(
    "text",
    [
        "区城管局负责燃气管网排查，燃气公司配合。",
        "區城管局負責燃氣管網排查，燃气公司配合。",
        "ＡＢＣ燃气⑴管网abc燃气",
        "燃气" * 3000 + "管网",
    ],
)
def test_spans_found_as_written_are_those_found_folded(text: str) -> None:
    """Matches are found in the text as written when none of its characters folds into a
    term's, else in its folded text: the spans are those of the folded text either way."""
    terms = ["燃气", "管网", "abc"]
    folded, offsets = fold_with_offsets(text)
    expected: list[tuple[int, int]] = []
    for term in terms:
        at = folded.find(term)
        while at >= 0:
            expected.append((offsets[at], offsets[at + len(term) - 1] + 1))
            at = folded.find(term, at + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(expected):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    assert match_spans(text, terms) == merged
    assert leading_spans(text, terms) == [span for span in merged if span in leading_spans(text, terms)]
