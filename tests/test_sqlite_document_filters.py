"""The document filters in the SQLite store (`planner._document_side`): the measures of the
documents a filter takes, read through an index on `documents` (schema 10) rather than checked on
the newest measures only; an older file gains the indexes when it is opened."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from duban.base.model import DocKind, Metadata, Unit
from duban.index import open_store
from duban.index.filters import Filters, parse_filters
from duban.index.sqlite import planner
from duban.index.sqlite_store import SCHEMA_VERSION
from duban.index.testing import Item, joint, load, load_at, make_document, minutes, policy, welfare

# each document filter alone and beside a text or a measure filter
CASES = [
    ("", Filters(doc_number="示政办")),
    ("", Filters(kind="minutes")),
    ("", Filters(issuer="民政")),
    ("", parse_filters(date_from="2021-06", date_to="2021-12")),
    ("", parse_filters(ingested_after="2000")),
    ("", Filters(doc_number="〔2021〕", unit="财政")),
    ("改造", Filters(kind="policy")),
    ("整治", parse_filters(date_to="2021-07")),
]

# the documents' indexes of schema 11, each with the doc_id its measures are found by and the
# run of ids they are (the lowest and how many)
RUN = ["first_measure", "measure_count"]
INDEXES = {
    "documents_kind": ["kind", "doc_id", *RUN],
    "documents_date": ["date", "doc_id", *RUN],
    "documents_issuer": ["issuer", "doc_id", *RUN],
    "documents_number": ["doc_number", "doc_id", *RUN],
    "documents_ingested": ["ingested_at", "doc_id", *RUN],
}


def _answers(path: Path) -> list[tuple[int, list[str]]]:
    """Each case's total and measure ids, newest first."""
    with open_store(str(path)) as store:
        return [
            (found.total, [hit.measure_id or "" for hit in found.hits])
            for found in (store.search(query, filters, limit=50, sort="deadline") for query, filters in CASES)
        ]


def _indexes(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        return {
            name: [column for _, _, column in conn.execute(f"PRAGMA index_info({name})")] for name in INDEXES
        }
    finally:
        conn.close()


def test_a_version_9_file_gains_the_document_indexes_and_answers_as_a_new_one(tmp_path: Path) -> None:
    new, old = tmp_path / "new.db", tmp_path / "old.db"
    for path in (new, old):
        with open_store(str(path)) as store:
            load(store, policy(), minutes(), welfare(), joint())
    expected = _answers(new)
    assert all(total for total, _ in expected)
    conn = sqlite3.connect(old, isolation_level=None)
    for name in INDEXES:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("CREATE INDEX documents_kind ON documents(kind)")  # as versions 2-9 had them
    conn.execute("CREATE INDEX documents_date ON documents(date)")
    conn.execute("CREATE INDEX documents_issuer ON documents(issuer)")
    conn.execute("PRAGMA user_version = 9")
    conn.close()
    assert _answers(old) == expected
    assert _indexes(old) == _indexes(new) == INDEXES
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 12
    conn.close()


def test_a_document_whose_measures_are_not_one_run_of_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document side keeps a document's measures as one run of ids when they are one (they
    are written together); a document whose ids are not (one moved past every other here, in a
    file of schema 10, whose migration finds it so) has them read, and the filter still lists
    them newest first past the read budget."""
    monkeypatch.setattr(planner, "TOTAL_CAP", 3)
    monkeypatch.setattr(planner, "DEEPER_READS", 0)
    path = tmp_path / "moved.db"
    with open_store(str(path)) as store:
        load(store, policy(), minutes(), welfare())
    conn = sqlite3.connect(path, isolation_level=None)
    moved = conn.execute(
        "SELECT id FROM measures WHERE doc_id = ? AND ord = 1", (minutes().doc_id,)
    ).fetchone()[0]
    for table, column in (("measures", "id"), ("units", "measure_id"), ("deadlines", "measure_id")):
        conn.execute(f"UPDATE {table} SET {column} = 1000 WHERE {column} = ?", (moved,))
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    conn.execute("PRAGMA user_version = 10")
    conn.close()
    with open_store(str(path)) as store:
        found = store.search("", Filters(kind="minutes"), limit=10)
        doc = minutes().doc_id
        assert [hit.measure_id for hit in found.hits] == [f"{doc}:1", f"{doc}:2", f"{doc}:0"]  # newest first
        assert found.total == len(list(store.iter_measures(Filters(kind="minutes")))) == 3
        assert store.search("", Filters(kind="policy")).total == 3  # the cap, not the 8 there are
        assert store.facets("", Filters(issuer="民政"))["by_kind"] == {"policy": len(welfare().measures)}


def _many(store_path: Path) -> None:
    """Twelve one-measure policies taken in first, then eight minutes of ten measures each: the
    policies are most of the documents and none of the newest 80 measures."""
    with open_store(str(store_path)) as store:
        for i in range(12):
            meta = Metadata(
                f"示范市第{i + 1}号工作方案",
                "policy",
                f"示政发〔2020〕{i + 1}号",
                "示范市人民政府",
                "2020-01-01",
            )
            load_at(
                store,
                "2026-11-01T00:00:00+00:00",
                make_document(f"p{i}.txt", meta, [Item(f"第{i + 1}项政策措施落实")]),
            )
        for i in range(8):
            meta = Metadata(f"示范市第{i + 1}次会议纪要", "minutes", None, "示范市人民政府", "2021-01-01")
            items = [Item(f"第{i + 1}次会议第{j + 1}项议定事项") for j in range(10)]
            load_at(store, "2026-12-01T00:00:00+00:00", make_document(f"m{i}.txt", meta, items))


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("", Filters(kind="policy")),  # most documents, none of the newest measures: read whole
        ("", parse_filters(ingested_before="2026-11-15")),
        ("", parse_filters(date_to="2020")),
        ("", parse_filters(ingested_after="2026-11-15")),  # a minority: read whole
        ("", Filters(issuer="政府")),  # every document: the newest measures pass
        ("", Filters(issuer="政府", doc_number="示政发")),
        ("政策", Filters(kind="policy")),
        ("议定", Filters(issuer="政府")),
    ],
)
def test_a_common_document_filter_is_read_whole_unless_the_newest_measures_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str, filters: Filters
) -> None:
    """A filter taking most documents is checked on the newest measures first (`COMMON_DOCUMENTS`)
    and read whole when too few of them pass: its newest measures, to the cap, either way."""
    path = tmp_path / "many.db"
    _many(path)
    with open_store(str(path)) as store:  # what there is, read before the budget is lowered
        within = {hit.measure_id for hit in store.search(query, limit=200).hits} if query else None
        listed = [
            m.measure_id for m in store.iter_measures(filters) if within is None or m.measure_id in within
        ]
    monkeypatch.setattr(planner, "TOTAL_CAP", 3)
    monkeypatch.setattr(planner, "DEEPER_READS", 0)
    with open_store(str(path)) as store:
        found = store.search(query, filters, limit=3)
        assert found.total == min(3, len(listed)) and listed
        if not query:
            assert [hit.measure_id for hit in found.hits] == listed[::-1][:3]  # newest first
        else:
            assert {hit.measure_id for hit in found.hits} <= set(listed)


def test_each_document_keeps_its_run_of_measure_ids_in_the_filter_indexes(tmp_path: Path) -> None:
    """Schema 11: a document is written with its lowest measure id (its measures are one run of
    `measure_count` ids from there), and a document filter reads the runs from its index alone,
    not from every measure of the documents it takes; a version-10 file gains them when opened."""
    path = tmp_path / "runs.db"
    with open_store(str(path)) as store:
        load(store, policy(), minutes(), welfare(), joint())
    conn = sqlite3.connect(path, isolation_level=None)
    runs = """SELECT d.first_measure, d.measure_count, min(m.id), count(m.id) FROM documents d
              JOIN measures m ON m.doc_id = d.doc_id GROUP BY d.doc_id"""
    written = conn.execute(runs).fetchall()
    assert written and all(first == low and count == n for first, count, low, n in written)
    plan = " ".join(
        row[-1]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN " + planner._DOCUMENT_RANGES.format(condition="d.kind = ?"), ["policy"]
        )
    )
    assert "COVERING INDEX documents_kind" in plan
    conn.execute("UPDATE documents SET first_measure = NULL")
    conn.execute("PRAGMA user_version = 10")
    conn.close()
    with open_store(str(path)) as store:
        expected = len(list(store.iter_measures(Filters(kind="policy"))))
        assert store.search("", Filters(kind="policy")).total == expected > 0
    conn = sqlite3.connect(path)
    assert conn.execute(runs).fetchall() == written
    conn.close()


def test_a_unit_filter_reads_its_measures_from_the_units_index(tmp_path: Path) -> None:
    """The measures of a unit filter (`--docs` with `单位:…`, `iter_measures`) are read from the
    units' (name, role, measure_id) index: probing every measure for its units cost a million
    real measures 47-80 s CPU for one `--docs` search. The documents found are those with a
    measure the filter takes, as before."""
    path = tmp_path / "units.db"
    with open_store(str(path)) as store:
        load(store, policy(), minutes(), welfare(), joint())
        filters = Filters(unit="民政", role="lead")
        wanted = {m.doc_id for m in store.iter_measures(filters)}
        assert wanted
        assert {hit.doc_id for hit in store.search("", filters, target="documents").hits} == wanted
        texts = {hit.doc_id for hit in store.search("排查", filters, target="documents").hits}
        assert texts and texts <= wanted
    conn = sqlite3.connect(path)
    names = planner.unit_names(conn, "民政")
    where, params = planner.measure_conditions(filters, names)
    plan = " ".join(
        row[-1]
        for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT m.id FROM measures m WHERE {' AND '.join(where)}", params
        )
    )
    conn.close()
    assert "SCAN m" not in plan and "units_name" in plan


@pytest.mark.parametrize(
    "filters",
    [
        Filters(issuer="政府"),
        parse_filters(ingested_after="2026-10-01"),
        Filters(issuer="政府", kind="minutes"),
    ],
)
def test_a_common_document_filter_reads_the_runs_of_the_newest_documents_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, filters: Filters
) -> None:
    """A filter taking most documents reads, from its index, the runs of the documents with a
    measure among the newest ones (`_document_window`), not each newest measure's document
    (`_check`), and keeps nothing: its newest measures, to the cap, as the reference lists."""
    path = tmp_path / "many.db"
    _many(path)
    with open_store(str(path)) as store:
        listed = [m.measure_id for m in store.iter_measures(filters)]

    def no_check(*args: object) -> list[object]:
        raise AssertionError("a document side checked measure by measure")

    monkeypatch.setattr(planner, "TOTAL_CAP", 3)
    monkeypatch.setattr(planner, "DEEPER_READS", 0)
    monkeypatch.setattr(planner, "_check", no_check)
    planner._DOCUMENT_SIDES.clear()
    with open_store(str(path)) as store:
        found = store.search("", filters, limit=3)
        assert [hit.measure_id for hit in found.hits] == listed[::-1][:3]
        assert found.total == 3 and len(listed) > 3
    assert not planner._DOCUMENT_SIDES


def _statements(store: object) -> list[str]:
    """Every SQL statement the store's connection runs from here on."""
    seen: list[str] = []
    store._db().set_trace_callback(seen.append)  # type: ignore[attr-defined]
    return seen


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("", Filters(unit="民政")),
        ("排查", Filters(unit="财政")),
        ("", Filters(role="lead")),
        ("改造", Filters(unit="人民政府", role="lead", kind="policy")),
        ("", Filters(unit="没有这个单位")),
    ],
)
def test_documents_of_a_unit_filter_are_placed_by_their_runs_of_ids(
    tmp_path: Path, query: str, filters: Filters
) -> None:
    """`--docs` with a unit or role filter reads the filter's measure ids from the units' index
    and places each in its document by the documents' runs of ids (`_unit_documents`): no
    measure's row is read for its doc_id (a unit in 16% of a million measures cost 140-440 ms
    so). The documents are those holding a measure the filter takes, as the reference lists."""
    path = tmp_path / "runs.db"
    with open_store(str(path)) as store:
        load(store, policy(), minutes(), welfare(), joint())
        wanted = {m.doc_id for m in store.iter_measures(filters)}
        everything = {hit.doc_id for hit in store.search(query, Filters(), target="documents", limit=50).hits}
        planner._UNIT_DOCUMENTS.clear()
        planner._DOCUMENT_RUNS.clear()
        seen = _statements(store)
        found = store.search(query, filters, target="documents", limit=50)
    assert {hit.doc_id for hit in found.hits} == wanted & everything
    assert found.total == len(wanted & everything)
    assert not [sql for sql in seen if re.search(r"FROM measures\b", sql)]


def test_documents_of_a_unit_filter_where_a_document_is_not_one_run(tmp_path: Path) -> None:
    """A document whose measures are not one run of ids (a file of schema 10 migrated so) makes
    `--docs` with a unit filter read the measures' rows as before, and still find it."""
    path = tmp_path / "moved.db"
    with open_store(str(path)) as store:
        load(store, policy(), minutes(), welfare())
    conn = sqlite3.connect(path, isolation_level=None)
    doc = minutes().doc_id
    moved = conn.execute("SELECT id FROM measures WHERE doc_id = ? AND ord = 0", (doc,)).fetchone()[0]
    for table, column in (("measures", "id"), ("units", "measure_id"), ("deadlines", "measure_id")):
        conn.execute(f"UPDATE {table} SET {column} = 1000 WHERE {column} = ?", (moved,))
    (unit,) = conn.execute("SELECT name FROM units WHERE measure_id = 1000 LIMIT 1").fetchone()
    conn.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    conn.execute("PRAGMA user_version = 10")
    conn.close()
    with open_store(str(path)) as store:
        filters = Filters(unit=unit)
        wanted = {m.doc_id for m in store.iter_measures(filters)}
        found = store.search("", filters, target="documents", limit=50)
        assert doc in wanted and {hit.doc_id for hit in found.hits} == wanted


def _six(store_path: Path) -> None:
    """Six documents that all speak of 排查, three policies and three minutes, every other one
    with a measure of 市民政局."""
    with open_store(str(store_path)) as store:
        for i in range(6):
            title = f"示范市第{i + 1}号文件"
            meta = Metadata(title, "policy", None, "示范市人民政府", "2021-01-01")
            if i % 2 == 0:
                meta = Metadata(title, "minutes", None, "示范市人民政府", "2021-01-01")
            unit = Unit("市民政局" if i % 3 == 0 else "市交通局", "lead")
            items = [Item(f"开展第{i + 1}轮隐患排查", [unit]), Item(f"第{i + 1}项整改按月通报")]
            load(store, make_document(f"d{i}.txt", meta, items))


@pytest.mark.parametrize("filters", [Filters(kind="minutes"), Filters(unit="民政"), Filters(unit="交通")])
def test_a_document_search_with_a_filter_scores_only_the_documents_it_takes(
    tmp_path: Path, filters: Filters
) -> None:
    """bm25 looks up each document it scores (a `_docsize` row, then the phrase's positions in a
    long text): with a kind or unit filter only the matches the filter takes are scored, where
    every match of the newest window was and the filter checked after. The page and the total
    are as before: the matches of the text that the filter takes, with their scores."""
    path = tmp_path / "scored.db"
    _six(path)
    with open_store(str(path)) as store:
        everything = store.search("排查", target="documents", limit=50)
        assert len(everything.hits) == 6
        wanted = {m.doc_id for m in store.iter_measures(filters)}
        seen = _statements(store)
        found = store.search("排查", filters, target="documents", limit=50)
        store._db().set_trace_callback(None)  # type: ignore[attr-defined]
    taken = [(hit.doc_id, hit.score) for hit in everything.hits if hit.doc_id in wanted]
    assert [(hit.doc_id, hit.score) for hit in found.hits] == taken and found.total == len(taken)
    scored = [sql for sql in seen if "documents_fts_docsize" in sql]
    assert 0 < len(scored) == len(taken) < len(everything.hits)


def test_a_document_search_checks_its_filters_as_one_byte_a_document(tmp_path: Path) -> None:
    """With a text, the documents a kind filter and a unit filter take are one mask of the
    documents' rows, read per match with `substr` on one blob: before, the kind was checked per
    match by `EXISTS` on the document's (long) row and the unit by `IN` an ephemeral list. The
    page and total are the matches both filters take, with the scores they have unfiltered."""
    path = tmp_path / "masked.db"
    _six(path)
    filters = Filters(kind="minutes", unit="民政")
    with open_store(str(path)) as store:
        everything = store.search("排查", target="documents", limit=50)
        minutes = {m.doc_id for m in store.iter_measures(Filters(kind="minutes"))}
        welfare = {m.doc_id for m in store.iter_measures(Filters(unit="民政"))}
        seen = _statements(store)
        found = store.search("排查", filters, target="documents", limit=50)
        store._db().set_trace_callback(None)  # type: ignore[attr-defined]
    taken = [(hit.doc_id, hit.score) for hit in everything.hits if hit.doc_id in minutes & welfare]
    assert taken and [(hit.doc_id, hit.score) for hit in found.hits] == taken
    assert found.total == len(taken)
    window = [sql for sql in seen if "documents_fts MATCH" in sql and "bm25" in sql]
    assert len(window) == 1 and "substr(" in window[0]
    assert "EXISTS" not in window[0] and "json_each" not in window[0]


def test_a_document_filter_checked_on_a_texts_few_ids_reads_its_runs(tmp_path: Path) -> None:
    """A text read whole (a few matches) drives, and a document filter taking every document is
    checked on its ids through the filter's runs of ids, read from its index and kept, where each
    id's measure row was read and its document looked up (~4 µs an id: 33 ms beside 8,000 ids at
    a million generated measures)."""
    path = tmp_path / "checked.db"
    _six(path)
    with open_store(str(path)) as store:
        wanted = {m.measure_id for m in store.iter_measures(Filters(issuer="示范市"))}
        seen = _statements(store)
        found = store.search("隐患排查", Filters(issuer="示范市"), limit=50)
        store._db().set_trace_callback(None)  # type: ignore[attr-defined]
    assert found.total == 6 and {hit.measure_id for hit in found.hits} <= wanted
    assert not [sql for sql in seen if "+doc_id IN" in sql]


def test_a_small_document_side_drives_before_the_text_is_read_to_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text beside a document filter is read `FIRST_TEXT_READ` deep, then the document side
    (its runs, from an index): when that is small and whole it drives and the text is checked on
    its older ids. Before, the text was first read on to the cap, as when the document side
    meant reading all its documents' measures (the text of `issuer:… 人民代表大会` read 10,001
    deep, 17 ms at a million real measures)."""
    path = tmp_path / "drives.db"
    with open_store(str(path)) as store:
        for i in range(6):  # the oldest document is the one report
            kind: DocKind = "report" if i == 0 else "policy"
            meta = Metadata(f"示范市第{i + 1}号文件", kind, None, "示范市人民政府", "2021-01-01")
            items = [Item(f"开展第{i + 1}轮隐患排查"), Item(f"第{i + 1}批隐患排查整改按月通报")]
            load(store, make_document(f"d{i}.txt", meta, items))
        expected = store.search("隐患排查", Filters(kind="report"), limit=50)
    monkeypatch.setattr(planner, "FIRST_TEXT_READ", 2)
    with open_store(str(path)) as store:
        seen = _statements(store)
        found = store.search("隐患排查", Filters(kind="report"), limit=50)
        store._db().set_trace_callback(None)  # type: ignore[attr-defined]
    assert found.total == expected.total == 2
    assert [hit.measure_id for hit in found.hits] == [hit.measure_id for hit in expected.hits]
    limits = [int(n) for sql in seen if "measures_fts MATCH" in sql for n in re.findall(r"LIMIT (\d+)", sql)]
    assert limits and max(limits) <= 3


def test_document_runs_leave_out_a_document_without_measures(tmp_path: Path) -> None:
    """A document without measures is written with the next measure id as its lowest (the next
    document's own): the runs read joined in one row leave it out, and a document filter still
    finds every measure of the documents it takes, and a unit filter their documents."""
    path = tmp_path / "empty.db"
    with open_store(str(path)) as store:
        for i, items in enumerate(
            [[Item("第一项排查", [Unit("市民政局", "lead")])], [], [Item("第二项排查")]]
        ):
            meta = Metadata(f"示范市第{i + 1}号文件", "minutes", None, "示范市人民政府", "2021-01-01")
            load(store, make_document(f"e{i}.txt", meta, items))
        every = {m.measure_id for m in store.iter_measures(Filters(kind="minutes"))}
        found = store.search("", Filters(kind="minutes"), limit=50)
        documents = store.search("排查", Filters(unit="民政"), target="documents", limit=50)
    assert len(every) == 2 and {hit.measure_id for hit in found.hits} == every and found.total == 2
    assert [hit.title for hit in documents.hits] == ["示范市第1号文件"]
