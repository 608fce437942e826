"""Search tails (issue 14): a filtered document search of one phrase ranks its window from the
texts, not with FTS5's bm25; a relaxed measure search checks a filter's texts only until its page and
window are found; highlights find the terms in a text as written when nothing in it folds into
them. Real SQLite files, no mocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.base.model import Document, Metadata, Unit
from duban.index import open_store
from duban.index.analysis import fold_with_offsets
from duban.index.filters import Filters
from duban.index.highlight import leading_spans, match_spans
from duban.index.sqlite import planner
from duban.index.sqlite.ranking import _instances
from duban.index.testing import Item, load, make_document


def _gas_documents() -> list[Document]:
    """Twelve policies of one district: eight name 人民政府 (once to four times, in texts of
    different lengths), four do not; every other one names 区城管局."""
    docs = []
    for i in range(12):
        unit = Unit("区城管局" if i % 2 else "区住建局", "lead")
        gas = "、".join(["各镇人民政府"] * (i % 4 + 1)) if i < 8 else "各街道办事处"
        items = [
            Item(
                f"{unit.name}牵头，{gas}配合开展燃气隐患排查{'，同步清理占道堆物' * (i % 3)}，年底前完成。",
                [unit],
            ),
            Item(f"各街道配合做好第{i + 1}批整改台账。", [Unit("各街道", "co")]),
        ]
        meta = Metadata(f"关于第{i + 1}批整治工作的通知", "policy", None, "示范区人民政府", "2022-03-01")
        docs.append(make_document(f"samples/gas{i}.txt", meta, items))
    return docs


@pytest.fixture
def gas_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with open_store(str(tmp_path / "gas.db")) as store:
        load(store, *_gas_documents())
        yield store


def test_a_filtered_document_search_of_one_phrase_is_ordered_as_bm25_orders_it(gas_store) -> None:  # type: ignore[no-untyped-def]
    """FTS5's bm25 ranks an unfiltered document search; a filter that takes every document
    leaves the order as it was (a phrase's idf is the same for every document, so counting its
    frequency in the window instead of the index changes the scores, never their order), and
    a document holding the phrase more often, in a text as long, comes first."""
    plain = gas_store.search("人民政府", target="documents", limit=20)
    filtered = gas_store.search("人民政府", Filters(kind="policy"), target="documents", limit=20)
    assert plain.total == filtered.total == 8
    assert [hit.doc_id for hit in filtered.hits] == [hit.doc_id for hit in plain.hits]
    assert all(hit.score > 0 for hit in filtered.hits)
    scores = [hit.score for hit in filtered.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_a_filtered_document_search_runs_no_bm25_and_counts_what_the_filter_takes(gas_store) -> None:  # type: ignore[no-untyped-def]
    """The window is scored from the documents' texts (and FTS5's sizes): no statement asks FTS5
    for bm25, which would first count every document holding the phrase in the index."""
    db = gas_store._reader()
    seen: list[str] = []
    db.set_trace_callback(seen.append)
    found = gas_store.search("人民政府", Filters(unit="城管局"), target="documents", limit=20)
    db.set_trace_callback(None)
    assert found.total == 4
    assert not [sql for sql in seen if "bm25(" in sql]
    everything = gas_store.search("人民政府", target="documents", limit=20)
    taken = {hit.doc_id for hit in found.hits}
    assert [hit.doc_id for hit in found.hits] == [
        hit.doc_id for hit in everything.hits if hit.doc_id in taken
    ]


@pytest.mark.parametrize("window", [2, 500])
def test_a_document_window_scored_from_the_texts_or_by_bm25_gives_the_same_pages(
    gas_store,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    window: int,
) -> None:
    """Where counting the phrases in the window's texts would cost too much
    (`TEXT_SCORE_COST`), FTS5's bm25 scores it: the pages (and totals) are the same either way
    for a phrase, pages past the window too (listed newest first)."""
    monkeypatch.setattr(planner, "RANK_WINDOW", window)

    def pages() -> list[tuple[int, list[str]]]:
        return [
            (found.total, [hit.doc_id for hit in found.hits])
            for offset in (0, 1, 3, 5)
            for found in [
                gas_store.search("人民政府", Filters(kind="policy"), "documents", limit=2, offset=offset)
            ]
        ]

    texts = pages()
    monkeypatch.setattr(planner, "TEXT_SCORE_COST", -1.0)
    assert pages() == texts


def test_a_document_search_of_other_queries_is_scored_by_bm25_as_before(gas_store) -> None:  # type: ignore[no-untyped-def]
    """A two-character word (one bigram: bm25's idf is one token's list, cheap) and a query of
    several phrases (two terms, or a run whose words are also asked for apart: their idf weighs
    them against each other) keep FTS5's bm25."""
    db = gas_store._reader()
    for query in ("燃气", "人民政府 台账", "隐患排查"):
        seen: list[str] = []
        db.set_trace_callback(seen.append)
        found = gas_store.search(query, Filters(kind="policy"), target="documents", limit=20)
        db.set_trace_callback(None)
        assert found.total and [sql for sql in seen if "bm25(" in sql], query


def test_a_document_written_in_traditional_script_is_scored_on_its_folded_text(tmp_path: Path) -> None:
    """The index matched it folded (第三十三條 for 第三十三条): its text as written has none, so it
    is folded to be counted, and scores."""
    docs = [
        make_document(
            f"samples/t{i}.txt",
            Metadata(f"第{i + 1}號通知", "policy", None, "示範區", "2022-03-01"),
            [Item(text, [Unit("區住建局")])],
        )
        for i, text in enumerate(
            ["區住建局依照第三十三條規定辦理。", "区住建局依照第三十三条、第三十三条规定办理。"]
        )
    ]
    with open_store(str(tmp_path / "fold.db")) as store:
        load(store, *docs)
        found = store.search("第三十三条", Filters(kind="policy"), target="documents")
        assert found.total == 2
        assert all(hit.score > 0 for hit in found.hits)
        assert "【第三十三條】" in "".join(hit.highlight for hit in found.hits)


def test_a_phrase_is_counted_where_its_instances_overlap() -> None:
    """As FTS5 finds a phrase: `三十三` twice in `三十三十三`, in strings and in UTF-8 bytes."""
    assert _instances("第三十三十三条", "三十三", True) == 2
    assert _instances("第三十三十三条".encode(), "三十三".encode(), True) == 2
    assert _instances("燃气燃气", "燃气", False) == 2


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
