"""The store contract against a real SQLite file, plus SQLite-specific and analysis checks."""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from duban.base.errors import DubanError, E
from duban.base.model import Deadline, Document, Metadata, Unit
from duban.index import open_store
from duban.index.analysis import INDEXED_CHARACTERS, Analyzer, bigrams, fold, parse_query_fields
from duban.index.filters import Filters, parse_filters
from duban.index.highlight import HTML, LEADING_CHARS, highlight, leading_spans, match_spans
from duban.index.records import prepare, tokens_for, unpack_tokens, with_tokens
from duban.index.sqlite import planner
from duban.index.sqlite_store import SCHEMA_VERSION, SQLiteStore, fts_expression
from duban.index.store import Store
from duban.index.testing import Item, StoreContract, load, make_document, measure_id, minutes, policy


class TestSQLiteStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        store = open_store(f"sqlite:///{tmp_path}/index.db")
        yield store
        store.close()

    @pytest.fixture
    def shallow(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The planner reads each side of a query `TOTAL_CAP + 1` ids deep, `DEEPER_READS` times
        further back: 7 ids, once, below the sample's dozen measures."""
        monkeypatch.setattr(planner, "TOTAL_CAP", 6)
        monkeypatch.setattr(planner, "DEEPER_READS", 0)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite:////abs/path/x.db", Path("/abs/path/x.db")),
        ("sqlite:///./duban.db", Path("duban.db")),
        ("some/file.db", Path("some/file.db")),
    ],
)
def test_open_store_sqlite_urls(url: str, expected: Path) -> None:
    store = open_store(url)
    assert isinstance(store, SQLiteStore)
    assert store.path == expected


@pytest.mark.parametrize("url", ["ftp://host/x", "sqlite://host/x.db", "sqlite:///", "  "])
def test_open_store_rejects_unsupported_urls(url: str) -> None:
    with pytest.raises(DubanError) as err:
        open_store(url)
    assert err.value.kind is E.INDEX_URL


def test_open_store_default_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DUBAN_INDEX", f"sqlite:///{tmp_path}/env.db")
    store = open_store(None)
    assert isinstance(store, SQLiteStore)
    assert store.path == tmp_path / "env.db"
    monkeypatch.delenv("DUBAN_INDEX")
    default = open_store(None)
    assert isinstance(default, SQLiteStore)
    assert default.path == Path("duban.db")


def test_constructor_does_not_touch_the_file(tmp_path: Path) -> None:
    open_store(str(tmp_path / "lazy.db"))
    assert not (tmp_path / "lazy.db").exists()


def test_schema_version_and_wal(tmp_path: Path) -> None:
    path = tmp_path / "v.db"
    with open_store(str(path)) as store:
        assert store.count() == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(DubanError) as err:
        open_store(str(path)).count()
    assert err.value.kind is E.INDEX_SCHEMA


def test_not_a_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not a database file at all, just text" * 20)
    with pytest.raises(DubanError) as err:
        open_store(str(path)).count()
    assert err.value.kind is E.INDEX_UNREACHABLE


def test_reader_sees_committed_writes_while_writer_is_open(tmp_path: Path) -> None:
    url = str(tmp_path / "shared.db")
    with open_store(url) as writer, open_store(url) as reader:
        load(writer, policy())
        assert reader.count("measures") == 4
        load(writer, minutes())
        assert reader.search("燃气").total == 1


def test_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    """A failure after the document and its measures were inserted rolls all of them back."""
    store = SQLiteStore(tmp_path / "atomic.db")
    doc = policy()
    record = doc.to_json(include_text=True)
    record["relays"] = [{"title": "上级文件", "text": "传达学习上级文件", "page": {"not": "a page number"}}]
    with pytest.raises(DubanError) as err:
        store.write(record, doc.doc_id)
    assert err.value.kind is E.INDEX_WRITE
    assert (store.count("documents"), store.count("measures")) == (0, 0)
    assert store.search("约谈").total == 0
    store.write(doc, doc.doc_id)
    assert store.count("measures") == 4
    store.close()


def test_concurrent_readers_during_writes(tmp_path: Path) -> None:
    url = str(tmp_path / "busy.db")
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        with open_store(url) as reader:
            try:
                while not done.is_set():
                    assert reader.count("measures") in (0, 4, 7)
            except BaseException as exc:
                errors.append(exc)

    with open_store(url) as writer:
        writer.count()
        threads = [threading.Thread(target=read) for _ in range(3)]
        for thread in threads:
            thread.start()
        load(writer, policy(), minutes())
        done.set()
        for thread in threads:
            thread.join()
    assert errors == []


def test_fold_and_bigrams() -> None:
    assert fold("紀委書記ＡＢＣ１") == "纪委书记abc1"
    assert bigrams("纪委书记") == ["纪委", "委书", "书记"]
    assert bigrams("约") == ["约"]


def test_analyzer_indexes_words_and_bigrams() -> None:
    indexed = Analyzer().index_text("市纪委监委开展约谈。")
    assert "约谈" in indexed.words.split()
    assert indexed.grams.split() == ["市纪", "纪委", "委监", "监委", "委开", "开展", "展约", "约谈"]


def test_analyzer_without_user_dictionary(tmp_path: Path) -> None:
    analyzer = Analyzer(tmp_path / "missing.txt")
    assert analyzer.index_text("约谈").grams == "约谈"


def test_document_is_segmented_once_for_its_measures() -> None:
    doc = policy()
    spans = [(m.start, m.end, m.text) for m in doc.measures]
    analyzer = Analyzer()
    tokens = analyzer.index_document(doc.meta.title, doc.text, spans)
    for measure, indexed in zip(doc.measures, tokens.measures, strict=True):
        alone = analyzer.index_text(measure.text)
        assert indexed.grams == alone.grams
        assert set(indexed.words.split()) <= set(tokens.document.words.split())
    assert "约谈" in tokens.measures[2].words.split()
    shifted = analyzer.index_document(None, "前言" + doc.text, spans)
    assert shifted.measures[2] == analyzer.index_text(doc.measures[2].text)


def test_tokens_made_elsewhere_are_used_only_when_made_the_same_way(tmp_path: Path) -> None:
    doc = policy()
    record = with_tokens(doc.to_json(include_text=True), Analyzer())
    assert (
        tokens_for(prepare(record, doc.doc_id), Analyzer()).measures[2].words
        == record["tokens"]["measures"][2][0]
    )
    record["tokens"]["signature"] = "another analyzer"
    record["tokens"]["measures"][2] = ["", ""]
    fresh = tokens_for(prepare(record, doc.doc_id), Analyzer())
    assert "约谈" in fresh.measures[2].words
    with open_store(str(tmp_path / "t.db")) as store:
        store.write(record, doc.doc_id)
        assert store.search("约谈").total == 1
        stored = store.get(doc.doc_id)  # a record holding the tokens would not read (E.INDEX_RECORD)
        assert stored is not None and stored.text == doc.text


def test_user_dictionary_keeps_unit_names_whole(tmp_path: Path) -> None:
    lexicon = tmp_path / "units.txt"
    lexicon.write_text("示范区管委会 2000 nt\n", encoding="utf-8")
    assert "示范区管委会" in Analyzer(lexicon).index_text("示范区管委会牵头").words.split()


def test_field_tokens_become_filters() -> None:
    text, filters = parse_query_fields('牵头单位:市发展改革委 调度 status:done 文号:"〔2021〕3号"')
    assert text == "调度"
    assert filters == Filters(unit="市发展改革委", role="lead", status="done", doc_number="〔2021〕3号")
    assert parse_query_fields("逾期")[1] == Filters(status="overdue")
    assert parse_query_fields("配合单位：市统计局")[1] == Filters(unit="市统计局", role="co")
    assert parse_query_fields("http://example 约谈")[0] == "http://example 约谈"


@pytest.mark.parametrize(
    ("query", "after", "before"),
    [
        ("时限:2024-06", "2024-06-01", "2024-06-30"),
        ("到期:2024年6月", "2024-06-01", "2024-06-30"),
        ("截止:2024.6.15", "2024-06-15", "2024-06-15"),
        ("时限:2024-01..2024-06", "2024-01-01", "2024-06-30"),
        ("时限:2024年3月1日至4月15日", "2024-03-01", "2024-04-15"),
        ("时限:2023年~2024年", "2023-01-01", "2024-12-31"),
        ("时限:..2024-06", None, "2024-06-30"),
        ("deadline:2024-07..", "2024-07-01", None),
    ],
)
def test_periods_typed_in_the_query(query: str, after: str | None, before: str | None) -> None:
    text, filters = parse_query_fields(f"{query} 河长制")
    assert text == "河长制"
    assert (filters.deadline_after, filters.deadline_before) == (after, before)
    assert parse_query_fields(query.replace("时限", "发文日期"))[1].date_to == (
        before if query.startswith("时限") else None
    )


@pytest.mark.parametrize(
    "query", ["时限:明年", "时限:6月", "到期:..", "时限:2024-13", "时限:2024-06..2024-01"]
)
def test_a_period_that_is_no_date_is_refused(query: str) -> None:
    with pytest.raises(DubanError) as err:
        parse_query_fields(query)
    assert err.value.kind is E.FILTER_INVALID


def test_conflicting_field_tokens_are_an_error() -> None:
    with pytest.raises(DubanError) as err:
        parse_query_fields("status:done 逾期")
    assert err.value.kind is E.FILTER_INVALID


def test_fts_expression_quotes_terms() -> None:
    query = Analyzer().parse_query('约谈 "x" 纪委书记')
    expression = fts_expression(query)
    assert expression is not None
    assert 'grams : "约谈"' in expression
    assert 'grams : "纪委 委书 书记"' in expression
    assert fts_expression(Analyzer().parse_query("status:done")) is None


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"deadline_before": "2021-06"}, Filters(deadline_before="2021-06-30")),
        ({"deadline_after": "2021"}, Filters(deadline_after="2021-01-01")),
        ({"date_to": "2024-02"}, Filters(date_to="2024-02-29")),
        (
            {"role": "牵头", "kind": "纪要", "status": "已完成"},
            Filters(role="lead", kind="minutes", status="done"),
        ),
        ({"status": "UNSET"}, Filters(status="unset")),
    ],
)
def test_parse_filters(options: dict[str, str], expected: Filters) -> None:
    assert parse_filters(**options) == expected


@pytest.mark.parametrize(
    "options",
    [
        {"deadline_before": "2021-13"},
        {"date_from": "2021-02-30"},
        {"date_from": "yesterday"},
        {"role": "boss"},
        {"status": "finished"},
        {"kind": "memo"},
        {"deadline_kind": "soon"},
        {"unit": "  "},
        {"deadline_after": "2022", "deadline_before": "2021"},
    ],
)
def test_parse_filters_rejects(options: dict[str, str]) -> None:
    with pytest.raises(DubanError) as err:
        parse_filters(**options)
    assert err.value.kind is E.FILTER_INVALID
    assert err.value.code == "E050"


def test_highlight_fragments_and_html() -> None:
    text = "甲" * 300 + "约谈" + "乙" * 300
    marked = highlight(text, ["约谈"], max_chars=100)
    assert marked.startswith("…") and marked.endswith("…")
    assert "【约谈】" in marked
    assert len(marked) < 120
    assert highlight("a<b 约谈", ["约谈"], HTML) == "a&lt;b <mark>约谈</mark>"
    assert highlight("紀委書記", ["纪委"]) == "【紀委】書記"


@pytest.mark.parametrize("seed", range(40))
def test_leading_spans_highlight_as_the_whole_text_does(seed: int) -> None:
    """A long document's highlight from the spans of its start only is the one its whole text
    gives, wherever the matches fall (before, across and after the folded prefixes' ends), with
    traditional forms and full-width letters that fold into the terms."""
    rng = random.Random(seed)
    pieces = ["约谈", "約談", "ＡＢ约", "ab", "甲", "乙丙", "。", "\n"]
    weights = [1, 1, 1, 1, 30, 30, 5, 2] if seed % 2 else [0, 0, 0, 0, 30, 30, 5, 2]
    text = "".join(rng.choices(pieces, weights, k=rng.randint(LEADING_CHARS // 3, LEADING_CHARS * 3)))
    if seed % 2 == 0:  # one match, somewhere
        cut = rng.randrange(len(text))
        text = text[:cut] + "约谈" + text[cut:]
    terms = ["约谈", "ab约"] if seed % 3 else ["约谈"]
    whole = match_spans(text, terms)
    leading = leading_spans(text, terms)
    assert leading[0] == whole[0]
    assert highlight(text, terms, spans=leading) == highlight(text, terms)
    assert highlight(text, terms, HTML, spans=leading) == highlight(text, terms, HTML)


@pytest.mark.parametrize("before_end", range(-3, 80, 4))
def test_leading_spans_with_a_match_at_the_prefix_end(before_end: int) -> None:
    """Three matches fill most of the fragments; the fourth, which completes them, starts
    `before_end` characters before the first folded prefix ends (across it, or just after)."""
    text = "".join("甲" * 500 + "约谈" for _ in range(3))
    text += "甲" * (LEADING_CHARS - before_end - len(text)) + "約談" + "乙" * 20 + "约谈" + "甲" * 9000
    leading = leading_spans(text, ["约谈"])
    assert highlight(text, ["约谈"], spans=leading) == highlight(text, ["约谈"])
    assert leading == match_spans(text, ["约谈"])[: len(leading)]


IMPLIED_TEXTS = [
    "县级以上人民政府及其有关部门负责督促检查。",
    "县级以上地方人民政府和有关部门加强监督管理。",
    "各级人民政府及其有关部门应当依法履职。",
    "市公安机关交通管理部门会同有关单位排查隐患。",
    "公安机关、交通运输管理部门按职责分工负责。",
    "人民政府有关部门对安全生产实施监督管理，县级以上的单位配合。",
    "中华人民共和国境内的用人单位适用本办法。",
]


def test_implied_words_find_what_all_words_find(tmp_path: Path) -> None:
    """Leaving a long word's sub-words out of a term's word AND (`Term.implied`) matches exactly
    the measures the whole AND matches: the index gives them wherever it gives the long word."""
    from dataclasses import replace

    from duban.index.analysis import Query

    items = [Item(text, [Unit("市财政局", "lead")], []) for text in IMPLIED_TEXTS]
    doc = make_document(
        "samples/implied.txt", Metadata("方案", "policy", None, "示范市", "2021-01-01"), items
    )
    queries = [
        "县级以上人民政府及其有关部门",
        "公安机关交通管理部门",
        "人民政府有关部门",
        "安全生产 监督管理",
    ]
    sql = "SELECT rowid FROM measures_fts WHERE measures_fts MATCH ?"
    with open_store(str(tmp_path / "implied.db")) as store:
        load(store, doc)
        db = store._db()
        shorter = 0
        for text in queries:
            query = store.analyzer.parse_query(text)
            every = Query(query.text, tuple(replace(term, implied=()) for term in query.terms), query.filters)
            short, whole = fts_expression(query), fts_expression(every)
            found = {rowid for (rowid,) in db.execute(sql, [short])}
            assert found == {rowid for (rowid,) in db.execute(sql, [whole])}
            assert found, text
            shorter += short != whole
        assert shorter >= 2  # the long unit names lost words from their AND


def test_row_conditions_only_narrow_the_ids_asked_for(tmp_path: Path) -> None:
    """A condition with OR at its top (a relaxed query's text prefilter) is still checked on the
    given ids only: unbracketed, `id IN (…) AND a OR b` read every row of a million-measure
    index (13 s for one search)."""
    from duban.index.sqlite.planner import _rows

    with open_store(str(tmp_path / "rows.db")) as store:
        load(store, *_corpus()[:2])
        db = store._db()
        ids = [rowid for (rowid,) in db.execute("SELECT id FROM measures ORDER BY id LIMIT 3")]
        found = _rows(
            db,
            "SELECT id FROM measures",
            ids,
            "instr(text, ?) > 0 OR instr(text, ?) > 0",
            ["不在其中", "推进"],
        )
        assert sorted(rowid for (rowid,) in found) == ids


def _corpus() -> list[Document]:
    """Eight documents of ten measures: units, topics and deadlines cycle at different rates."""
    units = ["市财政局", "区财政局", "市审计局", "市教育局"]
    topics = ["老旧小区改造", "专项资金绩效评价", "燃气安全排查", "河湖长制考核"]
    docs = []
    for d in range(8):
        items = []
        for i in range(10):
            n = d * 10 + i
            unit, topic = units[n % 4], topics[(n // 3) % 4]
            due = [Deadline(f"2021年{n % 12 + 1}月底前", "absolute", due=f"2021-{n % 12 + 1:02d}-28")]
            text = f"{unit}牵头推进{topic}工作{'，年底前完成' if n % 5 == 0 else ''}（{n}）。"
            items.append(Item(text, [Unit(unit, "lead" if n % 2 else "co")], due if n % 3 else []))
        meta = Metadata(f"第{d}号方案", "policy" if d % 2 else "minutes", None, "示范市", f"2021-0{d + 1}-01")
        docs.append(make_document(f"samples/c{d}.txt", meta, items))
    return docs


CAPPED_CASES = [
    ("推进", Filters()),
    ("老旧小区", Filters()),
    ("老旧小区 年底前", Filters()),
    ("老旧小区", Filters(unit="财政局")),
    ("", Filters(unit="财政局")),
    ("", parse_filters(unit="市财政局", role="co")),
    ("", parse_filters(role="co")),
    ("推进", parse_filters(status="overdue")),
    ("", parse_filters(status="unset", unit="审计局")),
    ("", parse_filters(deadline_after="2021-03", deadline_before="2021-06")),
    ("资金", parse_filters(deadline_after="2021-03", deadline_before="2021-09", unit="市")),
    ("", Filters(kind="policy")),
    ("评价", Filters(kind="minutes", unit="局")),
    ("考核", Filters(doc_id="placeholder")),
    ("区 老旧小区", Filters()),
    ("区 推进", parse_filters(status="overdue")),
]


@pytest.mark.parametrize(("query", "filters"), CAPPED_CASES)
def test_capped_search_is_exact_for_the_newest_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters
) -> None:
    """With a small cap every side of a query is read only partly: the hits must still be exactly
    the newest matches (all matches newer than the oldest hit), the total no more than the true
    one, and pages must not repeat a hit."""
    docs = _corpus()
    with open_store(str(tmp_path / "capped.db")) as store:
        load(store, *docs)
        order = [m.measure_id for m in store.iter_measures()]
        for i, mid in enumerate(order):
            if i % 7 == 0:
                store.update_status(mid, "overdue")
        if filters.doc_id is not None:
            filters = Filters(doc_id=docs[5].doc_id)
        exact = store.search(query, filters, limit=500)
        expected = {hit.measure_id for hit in exact.hits}
        assert exact.total == len(expected) > 0
        for cap in (3, 7, 20, 100):
            monkeypatch.setattr("duban.index.sqlite.planner.TOTAL_CAP", cap)
            monkeypatch.setattr("duban.index.sqlite.planner.RANK_WINDOW", 4)
            found = store.search(query, filters, limit=500)
            got = {hit.measure_id for hit in found.hits}
            assert got <= expected
            assert found.total == len(got) <= min(cap, exact.total)
            if cap >= len(order):
                assert got == expected
            oldest = min(order.index(mid) for mid in got)
            assert got == {mid for mid in expected if order.index(mid) >= oldest}
            paged = [
                h.measure_id
                for offset in range(0, 30, 2)
                for h in store.search(query, filters, limit=2, offset=offset).hits
            ]
            assert len(paged) == len(set(paged))


def test_one_character_term_beside_a_longer_one_is_found_in_the_folded_text(tmp_path: Path) -> None:
    """`区 推进` finds the measures with 推进 whose folded text holds 区 (the traditional 區 folds
    to it), wherever it stands in a run; a one-character query alone still goes through FTS5's
    bigram prefixes."""
    items = [
        Item("区财政局牵头推进老旧小区改造。", [Unit("区财政局", "lead")]),
        Item("市财政局牵头推进燃气安全排查。", [Unit("市财政局", "lead")]),
        Item("市審計局負責推進專項資金審計，各區配合。", [Unit("市審計局", "responsible")]),
        Item("区教育局负责校园安全检查。", [Unit("区教育局", "responsible")]),
    ]
    doc = make_document("samples/one.txt", Metadata("方案", "policy", None, None, None), items)
    with open_store(str(tmp_path / "one.db")) as store:
        load(store, doc)
        found = store.search("区 推进", limit=10)
        assert sorted(h.text[:3] for h in found.hits) == ["区财政", "市審計"]
        assert found.total == 2
        assert {h.text[:3] for h in store.search("区", limit=10).hits} == {"区财政", "市審計", "区教育"}
        assert not any(h.exact for h in store.search("省 推进").hits)  # only the relaxed query finds
        assert store.facets("区 推进")["by_unit"] == {"区财政局": 1, "市審計局": 1}


def _one_character_document() -> Document:
    items = [
        Item("区财政局牵头推进老旧小区改造。", [Unit("区财政局", "lead")]),
        Item("市财政局牵头推进燃气安全排查。", [Unit("市财政局", "lead")]),
        Item("市審計局負責推進專項資金審計，各區配合。", [Unit("市審計局", "responsible")]),
        Item("城区教育局负责推进校园安全检查。", [Unit("城区教育局", "responsible")]),
    ]
    return make_document("samples/chars.txt", Metadata("方案", "policy", None, None, None), items)


def _character_rows(path: Path, character: str) -> int:
    conn = sqlite3.connect(path)
    try:
        sql = "SELECT count(*) FROM measures_fts WHERE measures_fts MATCH ?"
        return int(conn.execute(sql, [f'chars : "{character}"']).fetchone()[0])
    finally:
        conn.close()


def test_a_file_before_the_characters_column_is_migrated(tmp_path: Path) -> None:
    """A version-5 file (measures_fts without `chars`) opens, gains the column from the stored
    tokens, and answers as a file made new: one-character terms are found in the index."""
    path = tmp_path / "old.db"
    with open_store(str(path)) as store:
        load(store, _one_character_document(), policy())
        before = [(h.measure_id, h.score) for h in store.search("区 推进", limit=10).hits]
    conn = sqlite3.connect(path, isolation_level=None)
    rows = _measure_tokens(conn)
    conn.execute("DROP TABLE measures_fts")
    conn.execute(
        "CREATE VIRTUAL TABLE measures_fts USING fts5(words, grams, content = '', "
        "tokenize = 'unicode61 remove_diacritics 0')"
    )
    conn.executemany("INSERT INTO measures_fts (rowid, words, grams) VALUES (?, ?, ?)", rows)
    conn.execute("PRAGMA user_version = 5")
    conn.close()
    with open_store(str(path)) as store:
        assert store.count("measures") == 8
        after = [(h.measure_id, h.score) for h in store.search("区 推进", limit=10).hits]
        holding = sum("区" in fold(m.text) for m in store.iter_measures())
    assert after == before and len(after) == 3
    assert _character_rows(path, "区") == holding >= 4  # 區 folds to 区
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def _tokenizers(path: Path) -> dict[str, str]:
    """The tokenizer named in each full-text table's definition."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE name IN ('measures_fts', 'documents_fts')"
        )
        return {name: sql.split("tokenize = ")[1].split("'")[1] for name, sql in rows}
    finally:
        conn.close()


def test_a_new_file_splits_its_tokens_with_the_ascii_tokenizer(tmp_path: Path) -> None:
    """The analyzer's tokens are folded and space-joined already: FTS5's cheapest tokenizer
    finds the same terms, so a fresh file uses it for both full-text tables."""
    path = tmp_path / "new.db"
    with open_store(str(path)) as store:
        load(store, _one_character_document())
        assert store.search("区 推进").total == 3
    assert _tokenizers(path) == {"measures_fts": "ascii", "documents_fts": "ascii"}


def test_a_file_made_with_the_unicode61_tokenizer_is_rebuilt_and_answers_the_same(tmp_path: Path) -> None:
    """A version-6 file (both full-text tables with `unicode61`) is rebuilt from the packed
    tokens on opening: the same measures and documents found, with the same scores."""
    path = tmp_path / "v6.db"
    queries = ("区 推进", "财政局", "審計", "校园安全")
    with open_store(str(path)) as store:
        load(store, _one_character_document(), policy())
        before = [
            [(h.measure_id, h.score) for h in store.search(q, limit=10).hits]
            + [(h.doc_id, h.score) for h in store.search(q, target="documents", limit=10).hits]
            for q in queries
        ]
    characters = (_character_rows(path, "区"), _character_rows(path, "市"))
    conn = sqlite3.connect(path, isolation_level=None)
    measures = _measure_tokens(conn)
    documents = [
        (rowid, unpack_tokens(blob).document.words, unpack_tokens(blob).document.grams)
        for rowid, blob in conn.execute("SELECT id, tokens FROM documents").fetchall()
    ]
    old = "content = '', tokenize = 'unicode61 remove_diacritics 0'"
    conn.execute("DROP TABLE measures_fts")
    conn.execute(f"CREATE VIRTUAL TABLE measures_fts USING fts5(words, grams, chars, {old})")
    insert = "INSERT INTO measures_fts (rowid, words, grams, chars) VALUES (?, ?, ?, ?)"
    conn.executemany(
        insert, [(i, w, g, " ".join(c for c in INDEXED_CHARACTERS if c in g)) for i, w, g in measures]
    )
    conn.execute("DROP TABLE documents_fts")
    conn.execute(f"CREATE VIRTUAL TABLE documents_fts USING fts5(words, grams, {old})")
    conn.executemany("INSERT INTO documents_fts (rowid, words, grams) VALUES (?, ?, ?)", documents)
    conn.execute("PRAGMA user_version = 6")
    conn.close()
    assert _tokenizers(path) == {
        "measures_fts": "unicode61 remove_diacritics 0",
        "documents_fts": old.split("'")[3],
    }
    with open_store(str(path)) as store:
        after = [
            [(h.measure_id, h.score) for h in store.search(q, limit=10).hits]
            + [(h.doc_id, h.score) for h in store.search(q, target="documents", limit=10).hits]
            for q in queries
        ]
    assert after == before and all(before)
    assert _tokenizers(path) == {"measures_fts": "ascii", "documents_fts": "ascii"}
    assert (_character_rows(path, "区"), _character_rows(path, "市")) == characters != (0, 0)


def _measure_tokens(conn: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """Each measure's id, words and grams, as its document's packed tokens keep them."""
    found = []
    sql = "SELECT m.id, m.ord, d.tokens FROM measures m JOIN documents d ON d.doc_id = m.doc_id"
    for rowid, ordinal, blob in conn.execute(sql).fetchall():
        indexed = unpack_tokens(blob).measures[ordinal]
        found.append((rowid, indexed.words, indexed.grams))
    return found


def test_a_removed_document_leaves_no_characters_behind(tmp_path: Path) -> None:
    """Removing a document from the contentless index takes its `chars` tokens out too (FTS5
    needs the very tokens it indexed): nothing of it is found afterwards."""
    path = tmp_path / "gone.db"
    doc = _one_character_document()
    with open_store(str(path)) as store:
        load(store, doc)
        # 區 folds to 区; only the characters that stand alone in unit names are indexed
        assert (_character_rows(path, "区"), _character_rows(path, "市")) == (3, 2)
        assert _character_rows(path, "审") == 0
        assert store.delete(doc.doc_id)
        assert store.search("区 推进").total == 0
    assert (_character_rows(path, "区"), _character_rows(path, "市")) == (0, 0)


def test_a_character_not_indexed_is_checked_in_the_text(tmp_path: Path) -> None:
    """A one-character term outside `INDEXED_CHARACTERS` (审, folded from 審) beside a longer
    one finds what an indexed one finds: the measures whose folded text holds it."""
    assert "审" not in INDEXED_CHARACTERS and "区" in INDEXED_CHARACTERS
    with open_store(str(tmp_path / "text.db")) as store:
        load(store, _one_character_document())
        assert [h.text[:3] for h in store.search("审 推进").hits] == ["市審計"]
        assert sorted(h.text[:3] for h in store.search("区 推进").hits) == ["区财政", "城区教", "市審計"]


def test_bulk_load_then_search(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "bulk.db")
    with store.bulk_load():
        load(store, *_corpus())
    assert store.count("measures") == 80
    assert store.search("老旧小区", Filters(unit="市财政局")).total == 7  # n = 0, 12, …, 72
    conn = sqlite3.connect(tmp_path / "bulk.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    store.close()


def test_filters_use_indexes(tmp_path: Path) -> None:
    """The id lists a search reads come from indexes, never from a scan of a big table."""
    store = SQLiteStore(tmp_path / "plans.db")
    load(store, *_corpus())
    db = store._db()
    plans: list[str] = []
    db.set_trace_callback(plans.append)
    store.search("", parse_filters(unit="财政局", role="lead", status="overdue"))
    store.search("", parse_filters(deadline_after="2021-03", deadline_before="2021-06", kind="policy"))
    store.search("老旧小区", parse_filters(role="co"))
    db.set_trace_callback(None)
    for sql in plans:
        if sql.startswith("SELECT") and "unit_names" not in sql:
            for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"):
                detail = str(row[3])
                if "VIRTUAL TABLE" in detail or "json_each" in detail:
                    continue
                assert not (
                    detail.startswith("SCAN") and any(t in detail for t in ("measures", "units", "deadlines"))
                ), (sql, detail)
    store.close()


def test_a_document_search_by_unit_reads_the_units_index(tmp_path: Path) -> None:
    """A document search with a unit filter takes its measures from the units' name index: a
    probe of every measure for each name the filter matches scanned all of them, twenty seconds
    and more on an index of thousands of documents (`单位:民政 滞后` in the web's hint)."""
    store = SQLiteStore(tmp_path / "plans.db")
    load(store, *_corpus())
    db = store._db()
    plans: list[str] = []
    db.set_trace_callback(plans.append)
    with_text = store.search("改造", parse_filters(unit="财政局"), "documents", 10)
    by_role = store.search("改造", parse_filters(unit="审计局", role="co"), "documents", 10)
    db.set_trace_callback(None)
    assert with_text.total > 0 and by_role.total > 0
    read = [sql for sql in plans if sql.startswith("SELECT") and ("units u" in sql or "FROM units" in sql)]
    assert read
    for sql in read:
        details = [str(row[3]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
        assert not [d for d in details if d.startswith("SCAN") and "measures" in d], details
        assert any("units_name" in d or "units_role" in d for d in details), details
    store.close()


def _capped_corpus(store: Store, filters: Filters) -> Filters:
    """Load `_corpus` with every seventh measure overdue; a document-id filter of the cases then
    names one of its documents. Returns the filters to search with."""
    docs = _corpus()
    load(store, *docs)
    for i, mid in enumerate(m.measure_id for m in store.iter_measures()):
        if i % 7 == 0:
            store.update_status(mid, "overdue")
    return Filters(doc_id=docs[5].doc_id) if filters.doc_id is not None else filters


def _pages(store: Store, query: str, filters: Filters) -> list[tuple[int, list[tuple[str, float]]]]:
    """Totals and (id, score) hits of three pages of four, by relevance and by deadline."""
    return [
        (found.total, [(hit.measure_id, hit.score) for hit in found.hits])
        for sort in ("relevance", "deadline")
        for offset in (0, 3, 9)
        for found in [store.search(query, filters, limit=4, offset=offset, sort=sort)]
    ]


@pytest.mark.parametrize(("query", "filters"), CAPPED_CASES)
def test_probing_a_filter_gives_what_reading_it_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters
) -> None:
    """A filter side checked by probing the ids of a side read to its end (or read whole when it
    is smaller) selects the same hits, in the same order, as reading every side; so does a
    filter-only query sorted by deadline, whose first page SQLite sorts."""
    with open_store(str(tmp_path / "probe.db")) as store:
        filters = _capped_corpus(store, filters)

        def pages() -> list[tuple[int, list[tuple[str, float]]]]:
            return _pages(store, query, filters)

        probed = pages()
        monkeypatch.setattr("duban.index.sqlite.planner.PROBE_IDS", 0)
        assert pages() == probed
        # a page as long as all the hits is sorted here, not by SQLite: the same order
        whole = [h.measure_id for h in store.search(query, filters, limit=500, sort="deadline").hits]
        parts = [
            h.measure_id
            for offset in (0, 4)
            for h in store.search(query, filters, limit=4, offset=offset, sort="deadline").hits
        ]
        assert parts == whole[:8]


@pytest.mark.parametrize(
    ("query", "filters"), [case for case in CAPPED_CASES if case[0] and not case[1].is_empty()]
)
@pytest.mark.parametrize("cap", [7, 10_000])
def test_reading_the_text_short_first_gives_what_reading_it_whole_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters, cap: int
) -> None:
    """A text beside filters is read a few ids deep first, then either left there (a small
    filter side drives and the text is checked on its older ids) or read on to the cap: the same
    totals, hits and order as reading the text to the cap at once, with a cap or without."""
    with open_store(str(tmp_path / "short.db")) as store:
        filters = _capped_corpus(store, filters)
        monkeypatch.setattr("duban.index.sqlite.planner.TOTAL_CAP", cap)

        def pages() -> list[tuple[int, list[tuple[str, float]]]]:
            return _pages(store, query, filters)

        monkeypatch.setattr("duban.index.sqlite.planner.FIRST_TEXT_READ", 10_000)
        whole = pages()
        for first in (0, 1, 2, 5):
            monkeypatch.setattr("duban.index.sqlite.planner.FIRST_TEXT_READ", first)
            assert pages() == whole, first
        assert any(total for total, _ in whole)


@pytest.mark.parametrize("cap", [3, 10_000])
def test_a_one_phrase_document_total_is_its_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    """A document search of one phrase reads its total from the scores bm25 gave (no second count
    of its matches): the same total as counting, for a phrase in one document up to one in all of
    them (whose idf FTS5 floors: counted, unless half the documents are past the cap)."""
    words = ["燃气", "河湖", "校园", "秸秆", "食品", "消防", "养老", "环卫", "扶贫", "治安"]
    docs = []
    for d in range(10):
        items = [
            Item(f"市财政局牵头做好{word * (1 + (d + j) % 3)}工作（{d}）。", [Unit("市财政局", "lead")], [])
            for j, word in enumerate(words)
            if j >= d
        ]
        meta = Metadata(f"第{d}号通知", "policy", None, "示范市", "2021-01-01")
        docs.append(make_document(f"samples/p{d}.txt", meta, items))
    with SQLiteStore(tmp_path / "phrase.db") as store:
        load(store, *docs)
        monkeypatch.setattr(planner, "TOTAL_CAP", cap)
        db = store._reader()
        read = 0
        for word in words:
            match = fts_expression(store.analyzer.parse_query(word))
            assert match is not None
            page = planner._ranked_page("documents_fts", planner.RANK_WINDOW)
            ranked = db.execute(f"SELECT hit.id, hit.score, hit.alt FROM {page} ORDER BY 2 DESC", [match])
            found = planner._phrase_total(db, match, ranked.fetchall())
            counted = planner._count(db, "SELECT 1 FROM documents_fts WHERE documents_fts MATCH ?", [match])
            assert found in (None, counted), word
            read += found is not None
            assert store.search(word, target="documents").total == counted
        # a phrase in fewer than half of the ten documents, or any phrase once half is past the cap
        assert read == (len(words) if cap <= 5 else 4)


def test_reading_corrections_leaves_an_uncorrected_index_unwritten(tmp_path: Path) -> None:
    """A server on a read-only copy of an index can still answer: no corrections, nothing written."""
    path = tmp_path / "index.db"
    with open_store(f"sqlite:///{path}") as store:
        load(store, policy())
    path.chmod(0o444)
    try:
        with SQLiteStore(path) as store:
            assert store.corrections() == []
            assert store.undo_correction("1", "张三") is None
        with sqlite3.connect(path) as conn:
            names = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "corrections" not in names
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(("query", "filters"), [case for case in CAPPED_CASES if case[1].unit is not None])
@pytest.mark.parametrize("cap", [7, 10_000])
def test_a_unit_of_many_names_gives_what_sql_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters, cap: int
) -> None:
    """A unit filter matching many names is read from its kept id list and checked on ids in
    Python, not by SQL: the same hits, order, scores and totals, also when sides are capped."""
    with open_store(str(tmp_path / "names.db")) as store:
        load(store, *_corpus())
        for i, mid in enumerate(m.measure_id for m in store.iter_measures()):
            if i % 7 == 0:
                store.update_status(mid, "overdue")
        monkeypatch.setattr("duban.index.sqlite.planner.TOTAL_CAP", cap)

        def pages() -> list[Any]:
            return [
                (found.total, [(hit.measure_id, hit.score) for hit in found.hits])
                for sort in ("relevance", "deadline")
                for offset in (0, 3, 9)
                for found in [store.search(query, filters, limit=4, offset=offset, sort=sort)]
            ] + [store.facets(query, filters)]

        in_sql = pages()
        monkeypatch.setattr("duban.index.sqlite.planner.NAMES_IN_SQL", 0)
        assert pages() == in_sql


def test_the_index_reads_corrections_as_the_pages_show_them() -> None:
    """`index.corrections` (what the status filter reads) and `pipeline.corrections.Overlay` (what
    pages and the ledger show) apply the same rule: same hashes, same winner."""
    from duban.index.corrections import ActiveCorrections, text_hash
    from duban.pipeline.corrections import Correction, Overlay
    from duban.pipeline.corrections import text_hash as shown_hash

    for text in ("市财政局牵头，2021年底前完成。", "ＡＢＣ　全角\n换行", ""):
        assert text_hash(text) == shown_hash(text)
    stored = [
        {"id": "1", "key": f"d1:{text_hash('甲')}", "sources": ["a.txt"], "text_hash": text_hash("甲"),
         "status": "done", "at": "2024-01-01T00:00:00+00:00"},
        {"id": "2", "key": f"d0:{text_hash('甲')}", "sources": ["a.txt"], "text_hash": text_hash("甲"),
         "status": "lagging", "at": "2024-01-02T00:00:00+00:00"},
        {"id": "3", "key": f"d1:{text_hash('乙')}", "sources": [], "text_hash": text_hash("乙"),
         "status": "overdue", "at": "2024-01-03T00:00:00+00:00", "undone_at": "2024-01-04T00:00:00+00:00"},
    ]  # fmt: skip
    active = ActiveCorrections(stored)
    overlay = Overlay(Correction.from_json(c) for c in stored)
    for doc_id, sources, text in [
        ("d1", ["a.txt"], "甲"),
        ("d9", ["a.txt"], "甲"),
        ("d1", [], "乙"),
        ("d9", [], "丙"),
    ]:
        shown = overlay.find(doc_id, sources, text)
        assert active.status(doc_id, sources, text) == (shown.status if shown else None)


def test_kept_answers_follow_writes_from_any_connection(tmp_path: Path) -> None:
    """Facets and unit lookups are kept per file version, shared by every connection: a write
    through another store (another thread or process) is seen at once, and a file rebuilt at the
    same path is another file."""
    path = tmp_path / "shared.db"
    with SQLiteStore(path) as reader, SQLiteStore(path) as writer:
        load(writer, policy())
        assert reader.facets("约谈")["by_status"] == {"unset": 1}
        assert reader.search("约谈", Filters(status="overdue")).total == 0
        assert reader.search("约谈").hits[0].status is None
        writer.update_status(measure_id(writer, policy(), 2), "overdue")
        assert reader.facets("约谈")["by_status"] == {"overdue": 1}
        assert reader.search("约谈", Filters(status="overdue")).total == 1
        assert reader.search("约谈").hits[0].status == "overdue"
        assert reader.search("", Filters(unit="审计局")).total == 1
        load(writer, minutes())
        assert reader.facets("", Filters(unit="市"))["by_unit"].get("市交通运输局") == 1
    for stale in tmp_path.glob("shared.db*"):
        stale.unlink()
    with SQLiteStore(path) as rebuilt:
        load(rebuilt, minutes())
        assert rebuilt.facets("约谈")["by_status"] == {}


@pytest.mark.parametrize(
    "query", ["推进", "老旧小区改造", "发改委", "区 推进", "ＡＢＣ", "監督 管理", "燃气 OR 审计", "纪委书记"]
)
def test_text_prefilter_passes_every_text_matches_accepts(query: str) -> None:
    """The SQL prefilter may pass texts that do not match, never drop one that does: run over
    texts in simplified, traditional and full-width forms, it keeps all that `matches` accepts."""
    from duban.index.sqlite.matching import matches, text_prefilter

    texts = [
        "市发展改革委牵头推进老旧小区改造工作。",
        "市發展改革委負責推進老舊小區改造。",
        "发改委会同各区开展监督管理。",
        "abc公司与ＡＢＣ公司的燃气安全。",
        "區紀委書記约谈。",
        "审计局年底前完成。",
        "无关的一句话。",
    ]
    parsed = Analyzer().parse_query(query)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE measures (id INTEGER PRIMARY KEY, text TEXT)")
    db.executemany("INSERT INTO measures (id, text) VALUES (?, ?)", list(enumerate(texts)))
    where, params = text_prefilter(parsed)
    passed = {i for (i,) in db.execute(f"SELECT id FROM measures WHERE {where or '1'}", params)}
    accepted = {i for i, text in enumerate(texts) if matches(parsed, text)}
    assert accepted <= passed
    assert accepted, query  # every query here matches some text: the check is not vacuous
    if not any(term.alternatives for term in parsed.terms):
        assert 6 not in passed  # and a text without the words is left out in SQL


@pytest.mark.parametrize(
    "query",
    [
        "推进",
        "老旧小区改造",
        "发改委",
        "区 推进",
        "ＡＢＣ",
        "監督 管理",
        "燃气 OR 审计",
        "纪委书记",
        "改造 年底前",
    ],
)
def test_matcher_agrees_with_matches(query: str) -> None:
    """`matcher` (a quick test of what every match holds, then `matches`) accepts exactly the
    texts `matches` accepts, for a query and for its relaxed form, over texts in simplified,
    traditional and full-width forms; and it rejects some, so its quick test is not vacuous."""
    from duban.index.sqlite.matching import matcher, matches

    texts = [
        "市发展改革委牵头推进老旧小区改造工作。",
        "市發展改革委負責推進老舊小區改造。",
        "发改委会同各区开展监督管理。",
        "abc公司与ＡＢＣ公司的燃气安全。",
        "區紀委書記约谈。",
        "审计局年底前完成。",
        "无关的一句话。",
        "年底前完成老旧小区改造",
    ]
    parsed = Analyzer().parse_query(query)
    for each in (parsed, parsed.relaxed()):
        if each is None:
            continue
        test = matcher(each)
        assert [test(text) for text in texts] == [matches(each, text) for text in texts], each
        assert not test(texts[6])
    assert any(matches(parsed, text) for text in texts), query


def test_has_statuses_agrees_with_stats_without_reading_every_measure(tmp_path: Path) -> None:
    """`has_statuses` answers as `stats().by_status` does (a computed status, a staff correction,
    the correction undone), without the scan of every measure and unit that `stats` makes (which
    filled a fresh connection's page cache at the end of every ingest): its work stays the same
    however many measures the index holds."""
    from duban.index.testing import POLICY_ITEMS, POLICY_META, Item, correct, make_document

    def copy(k: int) -> Document:
        items = [Item(f"{item.text}（第{k}份）", item.units, item.deadlines) for item in POLICY_ITEMS]
        return make_document(f"samples/p{k}.txt", POLICY_META, items)

    with SQLiteStore(tmp_path / "s.db") as store:
        load(store, policy())

        def by_stats() -> bool:
            return any(key != "unset" for key in store.stats().by_status)

        assert store.has_statuses() is by_stats() is False
        fix = correct(store, policy(), 2, "done")
        assert store.has_statuses() is by_stats() is True
        assert store.undo_correction(fix.id, "王五") is not None
        assert store.has_statuses() is by_stats() is False
        small = _steps(store, store.has_statuses), _steps(store, store.stats)
        load(store, *(copy(k) for k in range(30)))
        large = _steps(store, store.has_statuses), _steps(store, store.stats)
        assert large[0] == small[0] and large[1] > 10 * small[1]
        store.update_status(measure_id(store, policy(), 1), "overdue")
        assert store.has_statuses() is by_stats() is True


def _steps(store: SQLiteStore, call: Any) -> int:
    """SQLite virtual-machine steps (in hundreds) that `call` makes the store's connection run."""
    db = store._db()
    counted = [0]

    def tick() -> int:
        counted[0] += 1
        return 0

    db.set_progress_handler(tick, 100)
    try:
        call()
    finally:
        db.set_progress_handler(None, 100)
    return counted[0]


def _scored_documents() -> list[Document]:
    """Twenty documents of three kinds, five holding 燃气 (once, twice or three times) in texts
    of different lengths, so that bm25 scores differ from one document to another (a term in
    half the documents or more has its idf floored)."""
    kinds = ("policy", "minutes", "report")
    docs = []
    for i in range(20):
        unit = ("市住建局", "区城管局", "市应急局")[i % 3]
        gas = "燃气" * ((i // 4) % 3 + 1) if i % 4 == 0 else "供水"
        text = f"{unit}牵头推进{gas}安全排查{'和绿化' * (i % 5)}，年底前完成。"
        items = [Item(text, [Unit(unit, "lead")]), Item(f"各区配合开展第{i}轮检查。", [Unit("各区", "co")])]
        meta = Metadata(f"方案{i}", kinds[i % 3], None, None, None)
        docs.append(make_document(f"samples/scored{i}.txt", meta, items))
    return docs


@pytest.mark.parametrize(
    "filters",
    [
        Filters(kind="minutes"),
        Filters(kind="policy"),
        Filters(unit="住建局"),
        Filters(kind="minutes", unit="城管局"),
    ],
)
@pytest.mark.parametrize("window", [2, 500])
def test_a_filtered_document_page_is_the_same_scored_in_one_statement_or_two(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filters: Filters, window: int
) -> None:
    """A filtered document search scores its window in the statement that reads the taken ids
    when the filters take a small share of the documents, else in a second statement over the
    window's rows: the same totals, pages and scores either way, pages past the window too; the
    first reads the matches once (no statement over the window's range of ids)."""
    with open_store(str(tmp_path / "docs.db")) as store:
        load(store, *_scored_documents())
        query = "燃气"
        monkeypatch.setattr("duban.index.sqlite.planner.RANK_WINDOW", window)

        def pages() -> list[tuple[int, list[tuple[str, float]]]]:
            return [
                (found.total, [(hit.doc_id, hit.score) for hit in found.hits])
                for offset in (0, 1, 3, 5)
                for found in [store.search(query, filters, "documents", limit=2, offset=offset)]
            ]

        monkeypatch.setattr("duban.index.sqlite.planner.ONE_STATEMENT_SHARE", 0.0)
        two = pages()
        monkeypatch.setattr("duban.index.sqlite.planner.ONE_STATEMENT_SHARE", 1.01)
        db = store._reader()  # type: ignore[attr-defined]
        plans: list[str] = []
        db.set_trace_callback(plans.append)
        first = store.search(query, filters, "documents", limit=2)
        db.set_trace_callback(None)
        assert pages() == two
        assert len({score for _, hits in two for _, score in hits}) > 1  # scores that differ
        if first.total <= window:
            assert not [sql for sql in plans if "rowid BETWEEN" in sql]
