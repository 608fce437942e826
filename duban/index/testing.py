"""The one test suite every `Store` backend must pass, shipped with the package.

Subclass `StoreContract` in a test module and give it a `store` fixture that yields an empty store;
pytest then runs every `test_*` method below against that backend. The sample documents are built
by hand here, so the suite does not depend on the extractors.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

import pytest

from duban.base.errors import DubanError, E
from duban.base.identity import content_hash
from duban.base.model import Deadline, Document, Measure, Metadata, Page, Unit
from duban.base.stored import (
    ChangeNote,
    CopyOf,
    Correction,
    Failure,
    IndexStats,
    RunReport,
    StatusChange,
    StatusEvidence,
)
from duban.base.vocab import as_status
from duban.index.analysis import parse_query_fields
from duban.index.corrections import ActiveCorrections, correction_key, text_hash
from duban.index.filters import Filters, matches, parse_filters
from duban.index.highlight import HTML
from duban.index.spellings import unit_holds
from duban.index.store import ChangePages, Hit, Store


@dataclass
class Item:
    """One sample measure: its text, units and deadlines."""

    text: str
    units: list[Unit] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)


def make_document(source: str, meta: Metadata, items: list[Item]) -> Document:
    """A Document whose text is the title and the items, one a line, with correct offsets."""
    text = (meta.title or "") + "\n"
    measures: list[Measure] = []
    for item in items:
        start = len(text)
        text += item.text + "\n"
        measures.append(
            Measure(item.text, start, start + len(item.text), 1, units=item.units, deadlines=item.deadlines)
        )
    return Document(
        source=source,
        format="txt",
        text=text,
        analysis_text=text,
        script="simplified",
        pages=[Page(1, 0, len(text), "test")],
        meta=meta,
        measures=measures,
        doc_id=content_hash(text.encode("utf-8")),
    )


def _absolute(text: str, due: str) -> Deadline:
    return Deadline(text, "absolute", due=due)


POLICY_ITEMS = [
    Item(
        "市发展改革委牵头建立重点项目月调度机制，每月5日前报送项目进展情况。",
        [Unit("市发展改革委", "lead"), Unit("市统计局", "co")],
        [Deadline("每月5日前", "recurring", period="P1M")],
    ),
    Item(
        "各区人民政府要在2021年6月底前完成老旧小区改造底数摸排。",
        [Unit("各区人民政府")],
        [_absolute("2021年6月底前", "2021-06-30")],
    ),
    Item("市纪委监委对推进不力的单位负责人开展约谈，情节较重的进行函询。", [Unit("市纪委监委")]),
    Item(
        "市财政局、市审计局于2021年9月30日前完成专项资金绩效评价。",
        [Unit("市财政局", "lead"), Unit("市审计局", "co")],
        [_absolute("2021年9月30日前", "2021-09-30")],
    ),
]
POLICY_META = Metadata(
    "示范市优化营商环境工作方案", "policy", "示政办〔2021〕3号", "示范市人民政府办公室", "2021-03-01"
)

MINUTES_ITEMS = [
    Item(
        "会议要求，纪委书记要在年底前向全会报告履行监督责任情况。",
        [Unit("纪委书记")],
        [_absolute("年底前", "2021-12-31")],
    ),
    Item(
        "市交通运输局要于2021年4月15日前完成公交线路优化方案。",
        [Unit("市交通运输局")],
        [_absolute("2021年4月15日前", "2021-04-15")],
    ),
    Item(
        "市住房城乡建设局持续推进城镇燃气安全排查整治。",
        [Unit("市住房城乡建设局")],
        [Deadline("持续推进", "ongoing")],
    ),
]
MINUTES_META = Metadata("示范市第十二次专题会议纪要", "minutes", None, "示范市人民政府", "2021-05-10")


# units whose names a short name finds, or must not, where a word starts (`unit_holds`)
WELFARE_ITEMS = [
    Item("市民政局牵头排查特困人员供养情况，民政部门逐户核对。", [Unit("市民政局", "lead")]),
    Item(
        "养老机构消防整改由区应急局负责，各级民政部门配合。",
        [Unit("区应急局", "lead"), Unit("各级民政部门", "co")],
    ),
    Item("各乡镇人民政府要落实属地责任。", [Unit("各乡镇人民政府")]),
    Item("A5G产业园区管委会要加快基站建设。", [Unit("A5G产业园区管委会")]),
]
WELFARE_META = Metadata("示范市养老服务安全整治方案", "policy", None, "示范市民政局", "2021-07-01")


# a jointly issued document: one issuer text naming two bodies, the second after a 、
JOINT_ITEMS = [
    Item(
        "校园周边交通秩序整治由市教育局牵头，市发展改革委保障所需经费。",
        [Unit("市教育局", "lead"), Unit("市发展改革委", "co")],
    ),
]
JOINT_META = Metadata(
    "示范市校园周边环境联合整治通知",
    "policy",
    "示教联〔2021〕5号",
    "示范市发展改革委、示范市教育局",
    "2021-09-01",
)


OVERDUE = StatusEvidence("2021-09-30", "overdue", "未见约谈记录")


def policy() -> Document:
    return make_document("samples/policy.txt", POLICY_META, POLICY_ITEMS)


def minutes() -> Document:
    return make_document("samples/minutes.txt", MINUTES_META, MINUTES_ITEMS)


def welfare() -> Document:
    return make_document("samples/welfare.txt", WELFARE_META, WELFARE_ITEMS)


def joint() -> Document:
    return make_document("samples/joint.txt", JOINT_META, JOINT_ITEMS)


def policy_v2() -> Document:
    """The policy file edited: the 约谈 measure dropped and one measure added."""
    items = [
        *POLICY_ITEMS[:2],
        POLICY_ITEMS[3],
        Item("市市场监管局在2021年8月底前上线企业开办一网通办平台。"),
    ]
    return make_document("samples/policy.txt", POLICY_META, items)


def load(store: Store, *docs: Document) -> None:
    for doc in docs:
        store.write(doc, doc.doc_id)


@runtime_checkable
class Clocked(Protocol):
    """A backend whose writes are stamped by `clock` (UTC ISO): how the suite sets `ingested_at`."""

    clock: Callable[[], str]


def load_at(store: Store, at: str, *docs: Document) -> None:
    """Write `docs` as if ingested at `at` (UTC ISO), without waiting for that time to come."""
    assert isinstance(store, Clocked), "a backend stamps its writes with a replaceable `clock`"
    before = store.clock
    store.clock = lambda: at
    try:
        load(store, *docs)
    finally:
        store.clock = before


def circular() -> Document:
    """A report taken in weeks before the others: what an ingest-time bound leaves out."""
    meta = Metadata("示范市第三季度重点工作进展情况的报告", "report", None, "示范市发展改革委", "2021-10-08")
    items = [Item("市财政局牵头完成年度预算执行情况分析。", [Unit("市财政局", "lead")])]
    return make_document("samples/report.txt", meta, items)


# what the ingest-time tests read relative words against: 09:30 on Sunday 6 December 2026 in Beijing
BEIJING_NOW = dt.datetime(2026, 12, 6, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
INGEST_TIMES = {  # UTC; in Beijing: 5 Dec 07:00, 5 Dec 19:00, 20 Nov 10:00
    "policy": "2026-12-04T23:00:00+00:00",
    "minutes": "2026-12-05T11:00:00+00:00",
    "report": "2026-11-20T02:00:00+00:00",
}


def ingest_cases() -> list[Filters]:
    """Ingest-time filters over the documents `load_at` stamps with `INGEST_TIMES`."""

    def at(**values: str) -> Filters:
        return parse_filters(**values, now=BEIJING_NOW)

    return [
        at(ingested_after="今天"),
        at(ingested_after="昨天"),
        at(ingested_after="2026-12-05T18:00"),
        at(ingested_before="2026-12-05T18:00"),
        at(ingested_after="最近7天"),
        at(ingested_after="本月"),
        at(ingested_after="2026-11", ingested_before="2026-11"),
        at(ingested_after="2026-12-05", ingested_before="2026-12-05"),
        at(ingested_after=INGEST_TIMES["minutes"], ingested_before=INGEST_TIMES["minutes"]),
        at(ingested_after="昨天", unit="财政"),
        at(ingested_after="最近30天", kind="minutes"),
        at(ingested_before="2026-12-05T07:00", role="lead"),
        at(ingested_after="2026", status="unset", deadline_before="2021-09"),
    ]


def texts(hits: list[Hit]) -> list[str]:
    return [hit.text for hit in hits]


def measure_id(store: Store, doc: Document, index: int) -> str:
    record = store.get(doc.doc_id)
    assert record is not None
    return record.measures[index].measure_id


class StoreContract:
    """Behaviour every backend shares; subclasses provide an empty `store` fixture."""

    @pytest.fixture
    def store(self) -> Store:
        raise NotImplementedError("a backend's test class provides the store fixture")

    @pytest.fixture
    def shallow(self) -> Iterator[None]:
        """A backend that reads only a search's newest candidates this deep (the SQLite planner:
        `TOTAL_CAP`, how deep each side of a query is read, and `DEEPER_READS`, how often it reads
        further back) lowers that budget here, below the sample's dozen measures, so that a test
        sees what lies past it; a backend without one (Elasticsearch) keeps this as it is."""
        yield

    def test_write_and_get(self, store: Store) -> None:
        doc = policy()
        result = store.write(doc, doc.doc_id)
        assert (result.action, result.measures, result.doc_id) == ("added", 4, doc.doc_id)
        record = store.get(doc.doc_id)
        assert record is not None
        assert record.source == "samples/policy.txt"
        assert record.doc.doc_number == "示政办〔2021〕3号"
        assert record.text == doc.text
        assert record.sources == ("samples/policy.txt",)
        assert [m.text for m in record.measures] == [i.text for i in POLICY_ITEMS]
        assert record.measures[0].units[0] == Unit("市发展改革委", "lead")
        assert record.measures[0].deadlines == (Deadline("每月5日前", "recurring", period="P1M"),)
        assert record.measures[0].measure_id == f"{doc.doc_id}:0"
        assert record.ingested_at is not None and record.ingested_at.endswith("+00:00")
        assert record.to_json() == doc.to_json(include_text=True) | {
            "ingested_at": record.ingested_at,
            "sources": ["samples/policy.txt"],
            "measures": [
                m.to_json() | {"measure_id": f"{doc.doc_id}:{i}", "status": None, "status_evidence": None}
                for i, m in enumerate(doc.measures)
            ],
        }
        assert store.get("no-such-document") is None

    def test_summaries_are_what_get_reads_without_the_whole_text(self, store: Store) -> None:
        first, second = policy(), minutes()
        load(store, first, second)
        store.write({**first.to_json(include_text=True), "source": "copies/policy.txt"}, first.doc_id)
        found = store.summaries([second.doc_id, "no-such-document", first.doc_id, first.doc_id], head=12)
        assert set(found) == {first.doc_id, second.doc_id}
        for doc in (first, second):
            record = store.get(doc.doc_id)
            assert record is not None
            summary = found[doc.doc_id]
            assert (summary.doc_id, summary.source, summary.doc) == (doc.doc_id, record.source, record.doc)
            assert summary.sources == record.sources and summary.paths == record.paths
            assert summary.measure_ids == tuple(m.measure_id for m in record.measures)
            assert summary.head == record.text[:12] and len(summary.head) == 12
        assert found[first.doc_id].sources == ("copies/policy.txt", "samples/policy.txt")
        assert store.summaries([first.doc_id])[first.doc_id].head == ""  # no text unless asked for
        assert store.summaries([]) == {}

    def test_measure_outlines_are_what_get_reads_of_the_measures(self, store: Store) -> None:
        first, second = policy(), minutes()
        load(store, first, second)
        store.update_statuses([(measure_id(store, first, 3), "overdue", OVERDUE)])
        found = store.measure_outlines([second.doc_id, "no-such-document", first.doc_id, first.doc_id])
        assert list(found) == [second.doc_id, first.doc_id]
        for doc in (first, second):
            record = store.get(doc.doc_id)
            assert record is not None
            assert [(o.measure_id, o.text, o.status) for o in found[doc.doc_id]] == [
                (m.measure_id, m.text, m.status) for m in record.measures
            ]
            assert [[(u.name, u.role) for u in o.units] for o in found[doc.doc_id]] == [
                [(u.name, u.role) for u in m.units] for m in record.measures
            ]
        assert found[first.doc_id][3].status == "overdue"
        assert found[first.doc_id][0].units[1].role == "co"
        assert store.measure_outlines([]) == {}

    def test_rewrite_is_idempotent(self, store: Store) -> None:
        load(store, policy(), minutes())
        store.update_status(measure_id(store, policy(), 2), "overdue", OVERDUE)
        again = store.write(policy(), policy().doc_id)
        assert again.action == "unchanged"
        assert (store.count("documents"), store.count("measures")) == (2, 7)
        assert store.search("约谈").hits[0].status == "overdue"
        assert store.known_hashes(["samples/policy.txt", "samples/other.txt"]) == {
            "samples/policy.txt": policy().doc_id
        }

    def test_same_content_at_two_paths_is_one_document(self, store: Store) -> None:
        doc = policy()
        store.write(doc, doc.doc_id)
        copy = make_document("samples/copy-of-policy.txt", POLICY_META, POLICY_ITEMS)
        assert store.write(copy, copy.doc_id).action == "linked"
        assert (store.count("documents"), store.count("measures")) == (1, 4)
        record = store.get(doc.doc_id)
        assert record is not None
        assert record.sources == ("samples/copy-of-policy.txt", "samples/policy.txt")

    def test_changed_file_replaces_old_version(self, store: Store) -> None:
        load(store, policy(), minutes())
        new = policy_v2()
        result = store.write(new, new.doc_id)
        assert (result.action, result.removed) == ("replaced", (policy().doc_id,))
        assert store.get(policy().doc_id) is None
        assert (store.count("documents"), store.count("measures")) == (2, 7)
        assert store.search("约谈").total == 0
        assert texts(store.search("一网通办").hits) == [new.measures[3].text]
        assert store.known_hashes(["samples/policy.txt"]) == {"samples/policy.txt": new.doc_id}

    def test_delete(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert store.delete(policy().doc_id) is True
        assert store.get(policy().doc_id) is None
        assert (store.count("documents"), store.count("measures")) == (1, 3)
        assert store.search("约谈").total == 0
        assert store.known_hashes(["samples/policy.txt"]) == {}
        assert store.delete(policy().doc_id) is False

    def test_count(self, store: Store) -> None:
        assert (store.count("documents"), store.count("measures")) == (0, 0)
        load(store, policy(), minutes())
        assert (store.count("documents"), store.count("measures")) == (2, 7)

    @pytest.mark.parametrize("query", ["约谈", "函询", "纪委书记", "底前", "项目月调", "5日"])
    def test_search_finds_any_substring(self, store: Store, query: str) -> None:
        load(store, policy(), minutes())
        result = store.search(query)
        exact = [hit for hit in result.hits if hit.exact]
        assert result.total >= 1
        assert all(query in hit.text for hit in exact)
        every = [i.text for i in POLICY_ITEMS + MINUTES_ITEMS if query in i.text]
        assert sorted(texts(exact)) == sorted(every)
        assert result.hits[: len(exact)] == exact, "exact hits come before relaxed ones"

    def test_search_folds_traditional_script(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert texts(store.search("紀委書記").hits) == [MINUTES_ITEMS[0].text]

    def test_search_words_anywhere_in_measure(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert texts(store.search("约谈 函询").hits) == [POLICY_ITEMS[2].text]
        neither = store.search("约谈 燃气")
        assert not [hit for hit in neither.hits if hit.exact], "no measure has both words"
        assert neither.hits and all("约谈" in h.text or "燃气" in h.text for h in neither.hits), "any word"

    def test_unit_filter(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert texts(store.search("", Filters(unit="市审计局")).hits) == [POLICY_ITEMS[3].text]
        assert texts(store.search("", Filters(unit="审计")).hits) == [POLICY_ITEMS[3].text]
        assert texts(store.search("评价", Filters(unit="市交通运输局")).hits) == []

    def test_a_unit_filter_looks_where_a_word_of_the_name_starts(self, store: Store) -> None:
        """`民政` is what staff of a 民政局 type: their measures, not every government's, whose
        人民政府 holds 民政 across 人民|政府. A text starting a word of the name still finds it, a
        short form its written-out name, and a letter or digit starts a word of its own."""
        load(store, policy(), minutes(), welfare())
        welfare_texts = [item.text for item in WELFARE_ITEMS]
        expected = {
            "民政": [welfare_texts[0], welfare_texts[1]],
            "财政": [POLICY_ITEMS[3].text],
            "财政局": [POLICY_ITEMS[3].text],
            "政府": [POLICY_ITEMS[1].text, welfare_texts[2]],
            "人民政府": [POLICY_ITEMS[1].text, welfare_texts[2]],
            "发改委": [POLICY_ITEMS[0].text],
            "纪委": [POLICY_ITEMS[2].text, MINUTES_ITEMS[0].text],
            "5g": [welfare_texts[3]],
            "园区": [welfare_texts[3]],
            # 市|民政局 and 市民|政局 cut 市民政局 into as few words: both count (`name_starts`)
            "政局": [welfare_texts[0], POLICY_ITEMS[3].text],
        }
        for typed, texts_found in expected.items():
            filters = Filters(unit=typed)
            want = sorted(reference(store, filters))
            assert want == sorted(texts_found), typed
            found = store.search("", filters, limit=50)
            assert (found.total, sorted(texts(found.hits))) == (len(want), want), typed
            assert sorted(m.text for m in store.iter_measures(filters)) == want, typed
        by_doc = store.search("", Filters(unit="民政"), target="documents")
        assert [hit.doc_id for hit in by_doc.hits] == [welfare().doc_id]
        assert store.search("", Filters(unit="民政", role="co")).total == 1

    def test_an_issuer_filter_looks_where_a_word_of_the_name_starts(self, store: Store) -> None:
        """The issuer filter follows the unit filter's rule: `民政` finds the 民政局's document
        and not the 人民政府's (人民|政府), a short form finds its written-out name, and each body
        of a joint issuer begins a word of its own."""
        load(store, policy(), minutes(), welfare(), joint())
        every = {
            "policy": [item.text for item in POLICY_ITEMS],
            "minutes": [item.text for item in MINUTES_ITEMS],
            "welfare": [item.text for item in WELFARE_ITEMS],
            "joint": [item.text for item in JOINT_ITEMS],
        }
        expected = {
            "民政": ["welfare"],
            "民政局": ["welfare"],
            "政府": ["policy", "minutes"],
            "市政府": ["policy", "minutes"],  # 市人民政府, the alias list's other spelling
            "办公室": ["policy"],
            "教育局": ["joint"],  # the joint issuer's second body
            "市发改委": ["joint"],  # 市发展改革委, its first body's spelling
            "市教育局": ["joint"],
            "育局": [],  # inside 教育局
        }
        for typed, documents in expected.items():
            filters = Filters(issuer=typed)
            want = sorted(reference(store, filters))
            assert want == sorted(text for name in documents for text in every[name]), typed
            found = store.search("", filters, limit=50)
            assert (found.total, sorted(texts(found.hits))) == (len(want), want), typed
            assert sorted(m.text for m in store.iter_measures(filters)) == want, typed
            by_doc = store.search("", filters, target="documents")
            assert by_doc.total == len(documents), typed
        assert store.search("", Filters(issuer="民政", unit="民政")).total == 2

    def test_role_filter(self, store: Store) -> None:
        load(store, policy(), minutes())
        lead = store.search("", parse_filters(unit="市财政局", role="lead"))
        assert texts(lead.hits) == [POLICY_ITEMS[3].text]
        assert store.search("", parse_filters(unit="市审计局", role="lead")).total == 0
        co = store.search("", parse_filters(role="配合"))
        assert sorted(texts(co.hits)) == sorted([POLICY_ITEMS[0].text, POLICY_ITEMS[3].text])

    def test_name_filters_take_every_spelling(self, store: Store) -> None:
        """Staff type a short or a written-out name; the measure keeps the one its text used."""
        load(store, policy(), minutes())
        for typed in ("市发改委", "市发展和改革委员会", "市发展改革委"):
            assert texts(store.search("", Filters(unit=typed)).hits) == [POLICY_ITEMS[0].text], typed
        assert texts(store.search("", Filters(unit="各区政府")).hits) == [POLICY_ITEMS[1].text]
        assert store.search("", Filters(issuer="示范市政府")).total == len(POLICY_ITEMS) + len(MINUTES_ITEMS)
        assert store.search("", Filters(issuer="示范市政府办公室")).total == len(POLICY_ITEMS)

    def test_lead_filter_takes_the_units_in_charge(self, store: Store) -> None:
        """A unit named responsible (no 牵头/配合 split) is what a 牵头单位 search asks for, as the
        ledger's 牵头 column shows it; a co-operating unit is not."""
        load(store, policy(), minutes())
        assert texts(store.search("牵头单位:各区人民政府").hits) == [POLICY_ITEMS[1].text]
        assert texts(store.search("牵头单位:市交通运输局").hits) == [MINUTES_ITEMS[1].text]
        assert store.search("牵头单位:市审计局").total == 0
        assert store.search("配合单位:各区人民政府").total == 0
        assert store.search("", Filters(unit="市发展改革委", role="responsible")).total == 0
        assert store.search("", Filters(role="lead")).total == len(POLICY_ITEMS) + len(MINUTES_ITEMS)

    def test_field_query_in_search_text(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert texts(store.search("牵头单位:市发展改革委").hits) == [POLICY_ITEMS[0].text]
        assert texts(store.search("牵头单位：市发展改革委 调度").hits) == [POLICY_ITEMS[0].text]
        assert store.search("配合单位:市发展改革委").total == 0
        assert texts(store.search("文号:〔2021〕3号 约谈").hits) == [POLICY_ITEMS[2].text]

    def test_document_filters(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert store.search("", Filters(kind="minutes")).total == 3
        assert store.search("", parse_filters(date_from="2021-04", date_to="2021")).total == 3
        assert store.search("", Filters(issuer="办公室")).total == 4
        assert store.search("", Filters(doc_id=minutes().doc_id)).total == 3

    def test_deadline_range_filter(self, store: Store) -> None:
        load(store, policy(), minutes())
        found = store.search("", parse_filters(deadline_after="2021-06-01", deadline_before="2021-09-30"))
        assert sorted(texts(found.hits)) == sorted([POLICY_ITEMS[1].text, POLICY_ITEMS[3].text])
        assert texts(store.search("", Filters(deadline_kind="ongoing")).hits) == [MINUTES_ITEMS[2].text]
        assert store.search("", parse_filters(deadline_before="2021-04")).total == 1
        # the same ranges typed in the query, as staff write them
        assert sorted(texts(store.search("时限:2021年6月至9月").hits)) == sorted(texts(found.hits))
        assert store.search("到期:..2021-04").total == 1
        assert store.search("时限:2021-06-01..2021-09-30 约谈").total == 0

    def test_document_date_in_the_query(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert store.search("发文日期:2021-04..2021").total == 3
        assert store.search("日期:1999").total == 0

    def test_status_update_and_filter(self, store: Store) -> None:
        load(store, policy(), minutes())
        target = measure_id(store, policy(), 2)
        store.update_status(target, "overdue", OVERDUE.to_json())
        store.update_status(
            measure_id(store, minutes(), 1), "done", StatusEvidence(None, "done", "已印发优化方案")
        )
        assert texts(store.search("", Filters(status="overdue")).hits) == [POLICY_ITEMS[2].text]
        assert texts(store.search("逾期").hits) == [POLICY_ITEMS[2].text]
        assert texts(store.search("status:done").hits) == [MINUTES_ITEMS[1].text]
        assert store.search("", Filters(status="unset")).total == 5
        record = store.get(policy().doc_id)
        assert record is not None
        assert record.measures[2].status == "overdue"
        assert record.measures[2].status_evidence == OVERDUE
        done = store.get(minutes().doc_id)
        assert done is not None
        assert done.measures[1].status_evidence == StatusEvidence(None, "done", "已印发优化方案")
        with pytest.raises(ValueError):
            store.update_status(target, "finished")

    def test_statuses_in_one_call_all_or_none(self, store: Store) -> None:
        load(store, policy(), minutes())
        overdue, done = measure_id(store, policy(), 2), measure_id(store, minutes(), 1)
        evidence = StatusEvidence(None, "done", "已印发优化方案")
        assert store.update_statuses([(overdue, "overdue", OVERDUE), (done, "done", evidence.to_json())]) == 2
        assert texts(store.search("", Filters(status="overdue")).hits) == [POLICY_ITEMS[2].text]
        record = store.get(minutes().doc_id)
        assert record is not None and record.measures[1].status_evidence == evidence
        first = measure_id(store, policy(), 0)
        with pytest.raises(DubanError) as missing:
            store.update_statuses([(first, "done", None), ("no-such-measure", "done", None)])
        assert missing.value.kind is E.NOT_FOUND
        with pytest.raises(ValueError):
            store.update_statuses([(first, "done", None), (overdue, "finished", None)])
        assert store.search("", Filters(status="done")).total == 1  # neither call set `first`
        assert store.search("", Filters(status="overdue")).total == 1
        assert store.update_statuses([]) == 0

    def test_statuses_cleared_outside_the_kept_documents(self, store: Store) -> None:
        load(store, policy(), minutes())
        overdue, done = measure_id(store, policy(), 2), measure_id(store, minutes(), 1)
        store.update_statuses([(overdue, "overdue", OVERDUE), (done, "done", None)])
        correct(store, minutes(), 0, "lagging")  # a staff correction is no computed status
        assert store.clear_statuses([policy().doc_id, "no-such-document"]) == 1
        assert store.search("", Filters(status="done")).total == 0
        assert texts(store.search("", Filters(status="overdue")).hits) == [POLICY_ITEMS[2].text]
        assert texts(store.search("", Filters(status="lagging")).hits) == [MINUTES_ITEMS[0].text]
        record = store.get(minutes().doc_id)
        assert record is not None
        assert (record.measures[1].status, record.measures[1].status_evidence) == (None, None)
        assert store.clear_statuses([policy().doc_id]) == 0
        assert store.clear_statuses([]) == 1
        assert store.search("", Filters(status="overdue")).total == 0
        assert store.search("", Filters(status="unset")).total == store.count("measures") - 1

    def test_a_save_with_a_note_records_each_changed_status(self, store: Store) -> None:
        load(store, policy(), minutes())
        first, second = measure_id(store, policy(), 1), measure_id(store, policy(), 3)
        other = measure_id(store, minutes(), 0)
        assert store.status_changes() == []
        checked = ChangeNote("2021-07-01", "crosscheck")
        store.update_statuses([(first, "relayed", None), (second, "not_relayed", None)], checked)
        made = store.status_changes()
        assert {(c.measure_id, c.doc_id, c.old, c.new) for c in made} == {
            (first, policy().doc_id, None, "relayed"),
            (second, policy().doc_id, None, "not_relayed"),
        }
        assert {(c.as_of, c.cause) for c in made} == {("2021-07-01", "crosscheck")}
        assert len({c.at for c in made}) == 1  # one save, one stamp
        # the same statuses again record nothing; a save without a note records nothing
        store.update_statuses([(first, "relayed", None), (second, "not_relayed", None)], checked)
        store.update_statuses([(other, "done", None)])
        assert store.status_changes() == made
        later = ChangeNote("2021-10-01", "due date passed")
        store.update_statuses([(first, "relayed", None), (second, "overdue", OVERDUE)], later)
        newest = store.status_changes()
        assert len(newest) == 3
        assert (newest[0].measure_id, newest[0].old, newest[0].new) == (second, "not_relayed", "overdue")
        assert newest[0].at > made[0].at
        assert store.status_changes(since=newest[0].at) == newest[:1]
        assert store.status_changes(limit=1) == newest[:1]
        assert store.status_changes(causes=["crosscheck"]) == made
        assert store.status_changes(causes=[]) == []
        assert store.status_changes(directive=minutes().doc_id) == []
        assert store.status_changes(since="2999-01-01") == []
        # a call that fails sets no status and records no change
        with pytest.raises(DubanError):
            store.update_statuses([(first, "done", None), ("no-such-measure", "done", None)], later)
        assert store.status_changes() == newest

    def test_a_new_version_keeps_what_the_replaced_one_said(self, store: Store) -> None:
        """A file written again with new content replaces its old version, statuses and all: the
        new document keeps the old measures (id, text, units, status) for the next save, which
        tells a measure with no status yet against the status the same task had there."""
        load(store, policy())
        old = [measure_id(store, policy(), i) for i in range(4)]
        checked = ChangeNote("2021-07-01", "crosscheck")
        store.update_statuses([(old[0], "done", None), (old[1], "overdue", OVERDUE)], checked)
        new = policy_v2()
        assert store.write(new, new.doc_id).action == "replaced"
        record = store.get(new.doc_id)
        assert record is not None and record.replaces is not None
        assert (record.replaces.doc_id, record.replaces.source) == (policy().doc_id, "samples/policy.txt")
        kept = [(m.measure_id, m.text, m.units, m.status) for m in record.replaces.measures]
        assert kept[:2] == [
            (old[0], POLICY_ITEMS[0].text, ("市发展改革委", "市统计局"), "done"),
            (old[1], POLICY_ITEMS[1].text, ("各区人民政府",), "overdue"),
        ]
        assert [k[3] for k in kept[2:]] == [None, None]
        assert store.get(policy().doc_id) is None
        first, second, third = (measure_id(store, new, i) for i in range(3))
        earlier = ChangeNote("2021-08-01", "ingest", {first: "done", second: "overdue", third: "done"})
        store.update_statuses(
            [(first, "done", None), (second, "done", None), (third, "relayed", None)], earlier
        )
        made = {(c.measure_id, c.old, c.new) for c in store.status_changes(since="2021-01-01T00:00:00+00:00")}
        # unchanged against the old version: no line; the others told against it
        assert {m for m in made if m[0].startswith(new.doc_id)} == {
            (second, "overdue", "done"),
            (third, "done", "relayed"),
        }
        # a status saved already is what a change is told against, whatever the old version said
        store.update_statuses(
            [(second, "lagging", None)], ChangeNote("2021-09-01", "crosscheck", {second: "done"})
        )
        assert (store.status_changes(limit=1)[0].old, store.status_changes(limit=1)[0].new) == (
            "done",
            "lagging",
        )

    def test_a_version_nobody_checked_passes_on_what_it_replaced(self, store: Store) -> None:
        load(store, policy())
        store.update_statuses(
            [(measure_id(store, policy(), 0), "done", None)], ChangeNote("2021-07-01", "crosscheck")
        )
        twice = make_document(
            "samples/policy.txt", POLICY_META, [*POLICY_ITEMS, Item("市统计局按季度发布监测数据。")]
        )
        load(store, policy_v2(), twice)  # the second version was never checked
        record = store.get(twice.doc_id)
        assert record is not None and record.replaces is not None
        assert record.replaces.doc_id == policy().doc_id
        assert record.replaces.measures[0].status == "done"
        # a file written at a new path replaces nothing
        load(store, make_document("samples/other.txt", POLICY_META, POLICY_ITEMS[:1]))
        assert all(d.replaces is None for d in store.iter_documents() if d.doc_id != twice.doc_id)

    def test_a_copy_is_noted_in_its_stored_record(self, store: Store) -> None:
        """`numbered` lists each document with a number (the copy's own spelling of it), and
        `mark_copy` notes in a record which directive it is a copy of, moves the generation, keeps
        the measures, their statuses and the search as they were, and clears the note again."""
        load(store, policy())
        copy = make_document(
            "portal/copy.html",
            replace(POLICY_META, title="门户网站 示范市优化营商环境工作方案", doc_number="示政办[2021]3号"),
            POLICY_ITEMS,
        )
        load(store, copy, welfare())
        assert copy.doc_id != policy().doc_id
        numbered = {doc_id: number for doc_id, number, _ in store.numbered()}
        assert numbered[copy.doc_id] == "示政办[2021]3号"
        assert numbered[policy().doc_id] == "示政办〔2021〕3号"
        assert minutes().doc_id not in numbered
        first = measure_id(store, copy, 0)
        store.update_statuses([(first, "done", None)])
        before = store.generation()
        note = CopyOf(policy().doc_id, "samples/policy.txt", earlier=True)
        assert store.mark_copy(copy.doc_id, note) is True
        assert store.generation() != before
        assert store.mark_copy(copy.doc_id, note) is False  # already says so
        assert store.mark_copy("no-such-document", note) is False
        record = store.get(copy.doc_id)
        assert record is not None and record.copy_of == note
        assert record.measures[0].status == "done" and len(record.measures) == len(POLICY_ITEMS)
        assert next(d for d in store.iter_documents() if d.doc_id == copy.doc_id).copy_of == note
        original = store.get(policy().doc_id)
        assert original is not None and original.copy_of is None
        found = {h.doc_id for h in store.search("营商环境", target="documents").hits}
        assert {copy.doc_id, policy().doc_id} <= found
        assert store.mark_copy(copy.doc_id, None) is True
        cleared = store.get(copy.doc_id)
        assert cleared is not None and cleared.copy_of is None and "copy_of" not in cleared.to_json()

    def test_documents_are_named_by_a_source_path_and_their_titles_read_alone(self, store: Store) -> None:
        """`at_sources` finds the documents listing any of the paths (a second path of the same
        content included), `titles` their titles without the records: what `directive_name`
        asks where a user names a directive by a path or a title."""
        load(store, policy(), minutes())
        load(store, make_document("portal/policy.html", POLICY_META, POLICY_ITEMS))  # a second path
        untitled = make_document("samples/untitled.txt", replace(POLICY_META, title=None), POLICY_ITEMS[:1])
        load(store, untitled)
        assert store.at_sources(["portal/policy.html"]) == {policy().doc_id}
        assert store.at_sources(["samples/policy.txt", "samples/minutes.txt", "no/such.txt"]) == {
            policy().doc_id,
            minutes().doc_id,
        }
        assert store.at_sources(["no/such.txt"]) == set() and store.at_sources([]) == set()
        titles = store.titles([policy().doc_id, untitled.doc_id, "no-such-document", minutes().doc_id])
        assert titles == {
            policy().doc_id: POLICY_META.title,
            untitled.doc_id: None,
            minutes().doc_id: MINUTES_META.title,
        }
        assert store.titles([]) == {}

    def test_changes_are_added_as_given_and_outlive_their_document(self, store: Store) -> None:
        load(store, policy(), minutes())
        target = measure_id(store, minutes(), 1)
        given = StatusChange(
            target,
            minutes().doc_id,
            "relayed",
            "done",
            "2021-08-01",
            "2021-08-02T01:02:03.456+00:00",
            "ingest",
        )
        assert store.add_status_changes([given]) == 1
        assert store.status_changes() == [given]
        assert store.delete(minutes().doc_id)
        assert store.status_changes(directive=minutes().doc_id) == [given]

    def test_sort_by_deadline(self, store: Store) -> None:
        load(store, policy(), minutes())
        hits = store.search("", sort="deadline", limit=20).hits
        dated = [MINUTES_ITEMS[1], POLICY_ITEMS[1], POLICY_ITEMS[3], MINUTES_ITEMS[0]]
        assert texts(hits)[:4] == [i.text for i in dated]
        assert len(hits) == 7
        ranked = store.search("完成", sort="deadline").hits
        assert texts(ranked) == [MINUTES_ITEMS[1].text, POLICY_ITEMS[1].text, POLICY_ITEMS[3].text]

    def test_paging(self, store: Store) -> None:
        load(store, policy(), minutes())
        first = store.search("", limit=3, offset=0)
        second = store.search("", limit=3, offset=3)
        third = store.search("", limit=3, offset=6)
        assert (first.total, second.total, third.total) == (7, 7, 7)
        pages = texts(first.hits) + texts(second.hits) + texts(third.hits)
        assert len(pages) == 7
        assert len(set(pages)) == 7

    def test_relevance_ranks_more_matches_first(self, store: Store) -> None:
        load(store, policy(), minutes())
        hits = store.search("完成").hits
        assert len(hits) == 3
        assert hits[0].score >= hits[-1].score > 0

    def test_highlight_marks_the_hit_text(self, store: Store) -> None:
        load(store, policy(), minutes())
        hit = store.search("约谈").hits[0]
        assert "【约谈】" in hit.highlight
        assert hit.highlight.replace("【", "").replace("】", "") == hit.text
        html = store.search("纪委书记", marks=HTML).hits[0]
        assert "<mark>纪委书记</mark>" in html.highlight
        assert (hit.source, hit.page, hit.doc_id) == ("samples/policy.txt", 1, policy().doc_id)
        assert hit.units == (Unit("市纪委监委"),)
        assert hit.to_json()["units"] == [
            {"name": "市纪委监委", "role": "responsible", "provenance": "", "confidence": 1.0}
        ]
        dated = store.search("底数摸排").hits[0]
        assert dated.deadlines == (_absolute("2021年6月底前", "2021-06-30"),)

    def test_search_documents(self, store: Store) -> None:
        load(store, policy(), minutes())
        found = store.search("燃气", target="documents")
        assert [h.doc_id for h in found.hits] == [minutes().doc_id]
        assert found.hits[0].text == MINUTES_META.title
        assert "【燃气】" in found.hits[0].highlight
        by_unit = store.search("", Filters(unit="市审计局"), target="documents")
        assert [h.doc_id for h in by_unit.hits] == [policy().doc_id]

    def test_stats(self, store: Store) -> None:
        load(store, policy(), minutes())
        store.update_status(measure_id(store, policy(), 2), "lagging")
        stats = store.stats()
        assert isinstance(stats, IndexStats)
        assert (stats.documents, stats.measures) == (2, 7)
        assert stats.by_kind == {"policy": 1, "minutes": 1}
        assert stats.by_status == {"unset": 6, "lagging": 1}
        assert stats.by_unit["市审计局"] == 1
        assert stats.by_deadline_month == {"2021-04": 1, "2021-06": 1, "2021-09": 1, "2021-12": 1}
        assert IndexStats.from_json(stats.to_json()) == stats
        assert stats["by_status"] == stats.by_status and {**stats} == stats.to_json()  # as the dict read

    def test_iterate_for_cross_check(self, store: Store) -> None:
        load(store, policy(), minutes())
        assert sorted(d.doc_id for d in store.iter_documents()) == sorted([policy().doc_id, minutes().doc_id])
        measures = list(store.iter_measures(Filters(unit="市财政局")))
        assert [m.text for m in measures] == [POLICY_ITEMS[3].text]
        assert measures[0].doc is not None and measures[0].doc.kind == "policy"
        assert (measures[0].source, measures[0].doc_id) == ("samples/policy.txt", policy().doc_id)
        assert measures[0].units_in("lead") == ["市财政局"]
        assert len(list(store.iter_measures())) == 7

    def test_runs(self, store: Store) -> None:
        first = RunReport(
            "r1", store.url, "2024-01-01T00:00:00+00:00", failures=[Failure("a.txt", "E001", "坏")]
        )
        store.record_run(first)
        first.status = "done"
        store.record_run(first)
        store.record_run(
            RunReport("r2", store.url, "2024-01-02T00:00:00+00:00", status="done", actions={"new": 2})
        )
        runs = store.runs()
        assert [(r.run_id, r.status) for r in runs] == [("r2", "done"), ("r1", "done")]
        assert runs[1] == first and runs[1].failed == 1 and runs[0].actions == {"new": 2}

    def test_write_many(self, store: Store) -> None:
        results = store.write_many([(policy(), policy().doc_id), (minutes(), minutes().doc_id)])
        assert [r.action for r in results] == ["added", "added"]
        again = store.write_many([(policy(), policy().doc_id), (policy_v2(), policy_v2().doc_id)])
        assert [r.action for r in again] == ["unchanged", "replaced"]
        assert (store.count("documents"), store.count("measures")) == (2, 7)

    def test_write_accepts_json_records(self, store: Store) -> None:
        doc = policy()
        store.write(doc.to_json(include_text=True), doc.doc_id)
        assert texts(store.search("约谈").hits) == [POLICY_ITEMS[2].text]

    def test_facets_count_what_the_search_finds(self, store: Store) -> None:
        load(store, policy(), minutes())
        store.update_status(measure_id(store, policy(), 3), "done")
        facets = store.facets("完成")
        assert facets["by_kind"] == {"policy": 2, "minutes": 1}
        assert facets["by_status"] == {"unset": 2, "done": 1}
        assert facets["by_unit"]["市财政局"] == 1
        assert "市发展改革委" not in facets["by_unit"]
        assert facets["by_deadline_month"] == {"2021-04": 1, "2021-06": 1, "2021-09": 1}
        narrowed = store.facets("完成", Filters(kind="minutes"))
        assert narrowed["by_kind"] == {"minutes": 1}
        assert store.facets("", Filters(unit="不存在的单位"))["by_unit"] == {}

    def test_generation_changes_with_documents_only(self, store: Store) -> None:
        before = store.generation()
        load(store, policy())
        after_write = store.generation()
        assert after_write != before
        assert store.generation() == after_write
        store.update_status(measure_id(store, policy(), 0), "relayed")
        store.add_correction({"key": "k", "status": "done", "by": "张三"})
        assert store.generation() == after_write, "statuses and corrections leave the cross-check as it is"
        load(store, policy_v2())
        replaced = store.generation()
        assert replaced != after_write
        store.write(
            policy_v2().to_json(include_text=True) | {"source": "samples/moved.txt"}, policy_v2().doc_id
        )
        assert store.generation() != replaced
        store.delete(policy_v2().doc_id)
        assert store.generation() not in (replaced, after_write)

    def test_saved_documents_are_those_whose_statuses_carry_the_generation(self, store: Store) -> None:
        """`saved_documents` gives a document when any of its measures carries the generation
        (one marked in part too: the ledger must see it to check again), as `get` reads it; not
        one whose statuses carry another generation, none, or no evidence, nor one corrected
        by staff only."""
        load(store, policy(), minutes(), welfare(), circular())
        now = store.generation()

        def marked(generation: str, position: int) -> StatusEvidence:
            return replace(OVERDUE, basis="relayed", generation=generation, position=position)

        policy_ids = [measure_id(store, policy(), i) for i in range(len(POLICY_ITEMS))]
        store.update_statuses([(m, "overdue", marked(now, 1)) for m in policy_ids])
        store.update_statuses(
            [
                (measure_id(store, minutes(), 0), "overdue", marked("an-earlier-generation", 0)),
                (measure_id(store, minutes(), 1), "done", None),
                (measure_id(store, minutes(), 2), "relayed", OVERDUE),
            ]
        )
        store.update_statuses([(measure_id(store, circular(), 0), "overdue", marked(now, 0))])
        correct(store, welfare(), 0, "done")
        found = list(store.saved_documents(now))
        assert sorted(d.doc_id for d in found) == sorted([policy().doc_id, circular().doc_id])
        assert all(d == store.get(d.doc_id) for d in found), "each as `get` reads it, text and statuses"
        assert [d.doc_id for d in store.saved_documents("an-earlier-generation")] == [minutes().doc_id]
        assert list(store.saved_documents("no-such-generation")) == []
        store.clear_statuses([policy().doc_id])
        assert [d.doc_id for d in store.saved_documents(now)] == [policy().doc_id]

    def test_corrections_are_kept_apart_from_documents_and_undone(self, store: Store) -> None:
        load(store, policy())
        assert store.corrections() == []
        first = store.add_correction({"key": "k1", "status": "done", "by": "张三", "note": "电话核实"})
        second = store.add_correction(Correction(key="k1", status="lagging", by="李四"))
        assert isinstance(first, Correction) and first.id != second.id
        assert first.at and first.note == "电话核实"
        assert [c.status for c in store.corrections()] == ["done", "lagging"]
        assert store.corrections()[0] == first
        store.delete(policy().doc_id)
        load(store, policy_v2())
        undone = store.undo_correction(second.id, "王五")
        assert undone is not None
        assert (undone.undone_by, bool(undone.undone_at)) == ("王五", True)
        assert store.undo_correction(second.id, "王五") is None
        assert store.undo_correction("no-such-id", "王五") is None
        assert [c.id for c in store.corrections()] == [first.id]
        everything = store.corrections(include_undone=True)
        assert [(c.id, c.undone_by) for c in everything] == [(first.id, None), (second.id, "王五")]
        assert Correction.from_json(everything[1].to_json()) == everything[1]

    def test_filters_agree_with_the_reference_predicate(self, store: Store) -> None:
        load(store, policy(), minutes(), welfare(), joint())
        store.update_status(measure_id(store, policy(), 0), "relayed")
        store.update_status(measure_id(store, minutes(), 1), "overdue")
        correct(store, policy(), 3, "done")
        for filters in FILTER_CASES:
            expected = sorted(reference(store, filters))
            found = store.search("", filters, limit=50)
            assert (found.total, sorted(texts(found.hits))) == (len(expected), expected), filters
            listed = sorted(m.text for m in store.iter_measures(filters))
            assert listed == expected, filters

    def test_document_filters_reach_documents_older_than_the_newest_measures(
        self, store: Store, shallow: None
    ) -> None:
        """Each filter on the document (number, kind, issuer, dates, ingest time, id) finds the
        measures of documents ingested before many newer measures, alone, with a text and with a
        measure filter, in a search, its facets, its documents and `iter_measures` alike: the
        SQLite store checked a document filter on the newest measures it read only, and with the
        read budget lowered (`shallow`) found none of the older documents' measures."""
        load_at(store, INGEST_TIMES["report"], joint(), circular())  # one measure each, the oldest
        load_at(store, INGEST_TIMES["policy"], policy(), welfare())
        load_at(store, INGEST_TIMES["minutes"], minutes())  # eleven newer measures in all
        at = BEIJING_NOW
        cases = [
            ("", Filters(doc_number="示教联")),
            ("", Filters(doc_number="〔2021〕")),  # an old document's number and a new one's
            ("", Filters(kind="report")),
            ("", parse_filters(date_from="2021-09", date_to="2021-10")),
            ("", parse_filters(ingested_before="2026-11-30", now=at)),
            ("", parse_filters(ingested_after="2026-11", ingested_before="2026-11", now=at)),
            ("", Filters(issuer="教育局")),
            ("", Filters(doc_id=joint().doc_id)),
            ("", Filters(kind="policy", date_from="2021-08-01")),
            ("", Filters(kind="report", unit="财政")),
            ("", parse_filters(ingested_before="2026-11-30", role="lead", now=at)),
            ("", Filters(doc_number="示教联", status="unset")),
            ("经费", Filters(doc_number="示教联")),
            ("预算", Filters(kind="report")),
            ("整治", parse_filters(date_from="2021-09", now=at)),
            ("财政局", parse_filters(ingested_before="2026-11-30", now=at)),
        ]
        for query, filters in cases:
            within = {hit.measure_id for hit in store.search(query, limit=50).hits} if query else None
            expected = sorted(
                m.text for m in store.iter_measures(filters) if within is None or m.measure_id in within
            )
            assert expected, (query, filters)
            if not query:
                assert expected == sorted(reference(store, filters)), filters
            found = store.search(query, filters, limit=50)
            assert (found.total, sorted(texts(found.hits))) == (len(expected), expected), (query, filters)
            assert sum(store.facets(query, filters)["by_kind"].values()) == len(expected), (query, filters)
            if not query:
                wanted = {
                    r.doc_id
                    for r in store.iter_documents()
                    if any(matches(filters, m, r) for m in r.measures)
                }
                documents = store.search("", filters, target="documents", limit=50)
                assert {hit.doc_id for hit in documents.hits} == wanted, filters

    def test_ingest_time_is_kept_and_shown_on_every_hit(self, store: Store) -> None:
        load_at(store, INGEST_TIMES["policy"], policy())
        load_at(store, INGEST_TIMES["minutes"], minutes())
        record = store.get(minutes().doc_id)
        assert record is not None and record.ingested_at == INGEST_TIMES["minutes"]
        load_at(store, "2026-12-06T00:00:00+00:00", minutes())  # the same content again: kept as it was
        assert store.get(minutes().doc_id) == record
        hits = store.search("约谈").hits + store.search("纪委书记", target="documents").hits
        assert [hit.ingested_at for hit in hits] == [INGEST_TIMES["policy"], INGEST_TIMES["minutes"]]
        listed = {m.doc_id: m.ingested_at for m in store.iter_measures()}
        assert listed == {policy().doc_id: INGEST_TIMES["policy"], minutes().doc_id: INGEST_TIMES["minutes"]}

    def test_ingest_time_filters_agree_with_the_reference_predicate(self, store: Store) -> None:
        load_at(store, INGEST_TIMES["policy"], policy())
        load_at(store, INGEST_TIMES["minutes"], minutes())
        load_at(store, INGEST_TIMES["report"], circular())
        for filters in ingest_cases():
            expected = sorted(reference(store, filters))
            found = store.search("", filters, limit=50)
            assert (found.total, sorted(texts(found.hits))) == (len(expected), expected), filters
            assert sorted(m.text for m in store.iter_measures(filters)) == expected, filters
            # documents (`--docs`): those with a measure that passes
            wanted = {
                r.doc_id for r in store.iter_documents() if any(matches(filters, m, r) for m in r.measures)
            }
            documents = store.search("", filters, target="documents", limit=50)
            assert {hit.doc_id for hit in documents.hits} == wanted, filters
        yesterday = parse_filters(ingested_after="昨天", now=BEIJING_NOW)
        assert sorted(reference(store, yesterday)) == sorted(i.text for i in POLICY_ITEMS + MINUTES_ITEMS)
        evening = parse_filters(ingested_after="2026-12-05T18:00", now=BEIJING_NOW)
        assert sorted(reference(store, evening)) == sorted(i.text for i in MINUTES_ITEMS)

    def test_ingest_time_in_the_query(self, store: Store) -> None:
        load_at(store, INGEST_TIMES["policy"], policy())
        load_at(store, INGEST_TIMES["minutes"], minutes())
        load_at(store, INGEST_TIMES["report"], circular())
        for query, options in [
            ("入库:2026-12", {"ingested_after": "2026-12", "ingested_before": "2026-12"}),
            ("入库:..2026-11-30", {"ingested_before": "2026-11-30"}),
            ("入库:2026-12-05T18:00 纪委", {"ingested_after": "2026-12-05T18:00"}),
            ("入库时间:2026年11月至12月", {"ingested_after": "2026-11", "ingested_before": "2026-12"}),
            ("入库:最近7天", {"ingested_after": "最近7天"}),
        ]:
            words, parsed = parse_query_fields(query)
            assert parsed == parse_filters(**options), query
            found = store.search(query, limit=50)
            direct = store.search(words, parse_filters(**options), limit=50)
            assert (found.total, texts(found.hits)) == (direct.total, texts(direct.hits)), query
        assert store.search("入库:..2026-11-30").total == 1
        # a time of day in the query is local time: Beijing's here, whatever the test machine's zone
        evening = parse_query_fields("入库:2026-12-05T18:00", now=BEIJING_NOW)[1]
        assert texts(store.search("纪委", evening).hits) == [MINUTES_ITEMS[0].text]
        assert store.search("入库:2026-12 财政", target="documents").total == 1

    def test_status_filter_sees_staff_corrections(self, store: Store) -> None:
        load(store, policy(), minutes())
        store.update_status(measure_id(store, policy(), 2), "overdue")
        assert store.facets("约谈")["by_status"] == {"overdue": 1}
        first = correct(store, policy(), 2, "done")
        assert texts(store.search("", Filters(status="done")).hits) == [POLICY_ITEMS[2].text]
        assert store.search("", Filters(status="overdue")).total == 0
        assert store.search("约谈", Filters(status="done")).total == 1
        assert store.stats().by_status == {"unset": 6, "done": 1}
        assert store.facets("约谈")["by_status"] == {"done": 1}
        later = correct(store, policy(), 2, "lagging")
        assert texts(store.search("", Filters(status="lagging")).hits) == [POLICY_ITEMS[2].text]
        assert store.undo_correction(later.id, "王五") is not None
        assert texts(store.search("", Filters(status="done")).hits) == [POLICY_ITEMS[2].text]
        assert store.undo_correction(first.id, "王五") is not None
        assert texts(store.search("", Filters(status="overdue")).hits) == [POLICY_ITEMS[2].text]
        unchecked = correct(store, minutes(), 0, "in_progress")
        assert store.search("", Filters(status="unset")).total == 5
        load(store, policy_v2())  # a new version at the same path, the corrected text unchanged
        assert store.undo_correction(unchecked.id, "王五") is not None
        correct(store, policy(), 3, "done")  # the old version's measure: the new one has the same text
        assert texts(store.search("", Filters(status="done")).hits) == [POLICY_ITEMS[3].text]
        assert store.search("", Filters(status="done", doc_id=policy_v2().doc_id)).total == 1

    def test_changes_are_counted_and_paged_as_they_are_listed(self, store: Store) -> None:
        """What a page of 本期变化 reads of a store that offers `ChangePages` (`pipeline.changes`
        relies on each): a group's count (its statuses, or every other one) and its slice at any
        offset are those of the changes `status_changes` lists, selected alike and in its
        order; `at_least` counts those stamped at or after it; `measures` (`unit_measures`) and
        `docs` narrow both; `change_docs` names each document once; and the stamps are in time
        order until a change of another form is kept among them."""
        if not isinstance(store, ChangePages):
            pytest.skip("this backend cuts 本期变化's pages from the whole list")
        load(store, policy(), minutes(), welfare())
        changes = sample_changes(store)
        since = changes[len(changes) // 2].at
        for start in (None, since):
            listed = store.status_changes(since=start)
            assert store.changes_in_time_order(start)
            assert sorted(store.change_docs(start)) == sorted({c.doc_id for c in listed})
            for new, outside in PAGE_GROUPS:
                wanted = _selected(listed, new, outside)
                assert store.status_change_count(start, new, outside) == len(wanted)
                for limit in (1, 5, len(wanted) + 3):
                    for offset in range(len(wanted) + 2):
                        found = store.status_change_slice(start, new, outside, offset, limit)
                        assert found == wanted[offset : offset + limit], (start, new, offset, limit)
                for stamp in sorted({c.at for c in listed}):
                    at_least = _selected(listed, new, outside, at_least=stamp)
                    assert store.status_change_count(start, new, outside, stamp) == len(at_least)
        listed = store.status_changes()
        for unit in ("民政", "市财政局", "政府", "不存在的单位"):
            keys = _unit_keys(store, unit)
            measures = store.unit_measures(unit)
            for new, outside in PAGE_GROUPS:
                wanted = _selected(listed, new, outside, keys=keys)
                assert store.status_change_count(None, new, outside, measures=measures) == len(wanted), unit
                assert store.status_change_slice(None, new, outside, 1, 4, measures) == wanted[1:5], unit
        docs = [minutes().doc_id, welfare().doc_id]
        for new, outside in PAGE_GROUPS:
            wanted = _selected(listed, new, outside, keys=_unit_keys(store, "民政"), docs=set(docs))
            both = (store.unit_measures("民政"), json.dumps(docs))
            assert store.status_change_count(None, new, outside, None, *both) == len(wanted)
            assert store.status_change_slice(None, new, outside, 0, 50, *both) == wanted
        assert store.status_change_count(None, (), False) == 0
        assert store.status_change_count(None, (), True) == len(listed)
        # a change kept as given with a stamp of another form: its period is not in time order
        odd = StatusChange(
            measure_id(store, policy(), 0),
            policy().doc_id,
            None,
            "done",
            "2097-05-06",
            "2097-05-06T08:00:00+08:00",
            "ingest",
        )
        store.add_status_changes([odd])
        assert not store.changes_in_time_order(None)
        assert not store.changes_in_time_order("2097-05-05T00:00:00.000+00:00")
        assert store.changes_in_time_order("2097-05-07T00:00:00.000+00:00")

    def test_a_page_of_changes_past_ten_thousand_of_them(self, store: Store) -> None:
        """A first check over the real corpus records 141,000 changes: a page deep in them (past
        Elasticsearch's `index.max_result_window`, 10,000) is the same cut of the list."""
        if not isinstance(store, ChangePages):
            pytest.skip("this backend cuts 本期变化's pages from the whole list")
        load(store, policy())
        stamps = ["2097-05-06T01:00:00.000+00:00", "2097-05-06T02:00:00.000+00:00"]
        store.add_status_changes(
            StatusChange(
                f"{policy().doc_id}:{n}",
                policy().doc_id,
                None,
                "done" if n % 3 else "relayed",
                "2097-05-06",
                stamps[n % 2],
                "crosscheck",
            )
            for n in range(10_050)
        )
        listed = store.status_changes()
        assert len(listed) == 10_050 and store.changes_in_time_order(None)
        for new, outside in PAGE_GROUPS[::3]:
            wanted = _selected(listed, new, outside)
            assert store.status_change_count(None, new, outside) == len(wanted)
            for offset, limit in ((0, 3), (6_690, 20), (9_990, 20), (10_020, 500), (len(wanted) - 2, 5)):
                found = store.status_change_slice(None, new, outside, offset, limit)
                assert found == wanted[offset : offset + limit], (new, offset, limit)


FILTER_CASES = [
    Filters(),
    Filters(unit="财政"),
    Filters(unit="市财政局", role="co"),
    Filters(role="lead"),
    Filters(role="responsible"),
    Filters(unit="市发改委"),
    Filters(unit="市发展和改革委员会", role="lead"),
    Filters(unit="各区政府", role="lead"),
    Filters(unit="民政"),
    Filters(unit="政府"),
    Filters(unit="纪委", role="lead"),
    Filters(unit="发改委"),
    Filters(issuer="示范市政府"),
    Filters(issuer="民政"),  # the 民政局's document, not the 人民政府's
    Filters(issuer="政府"),
    Filters(issuer="市政府", kind="policy"),
    Filters(issuer="教育局"),  # the second body of a joint issuer
    Filters(issuer="发改委", unit="教育"),
    Filters(kind="minutes"),
    Filters(kind="other"),
    Filters(issuer="办公室"),
    Filters(doc_number="〔2021〕"),
    Filters(doc_id=minutes().doc_id),
    parse_filters(date_from="2021-04", date_to="2021-12"),
    parse_filters(date_to="2021-03"),
    parse_filters(deadline_after="2021-06"),
    parse_filters(deadline_before="2021-06"),
    parse_filters(deadline_after="2021-05", deadline_before="2021-10", deadline_kind="absolute"),
    Filters(deadline_kind="recurring"),
    Filters(deadline_kind="ongoing", unit="住房"),
    Filters(status="unset"),
    Filters(status="done"),
    Filters(status="relayed", role="lead"),
    Filters(status="overdue", kind="minutes"),
    parse_filters(ingested_after="2000"),  # everything the test wrote just now
    parse_filters(ingested_before="2000-06"),  # nothing
    parse_filters(ingested_after="今天", unit="财政"),
]


PAGE_GROUPS: list[tuple[tuple[str, ...], bool]] = [
    (("done",), False),
    (("overdue",), False),
    (("lagging",), False),
    (("done", "overdue", "lagging"), True),
]
"""The groups of 本期变化 as a page counts them (`pipeline.changes._GROUP_STATUSES`): the new
statuses, or with True every other one."""


def sample_changes(store: Store) -> list[StatusChange]:
    """Changes of the stored measures as saves record them (three saves with a note) and kept as
    given (`add_status_changes`: four more stamps, a measure no longer in the index among them),
    every stamp in the saves' form; all of them, as `status_changes` lists them."""
    ids = [m.measure_id for record in store.iter_documents() for m in record.measures]
    statuses = ["done", "overdue", "lagging", "relayed", "in_progress", "not_relayed", "planned"]
    saves = [ChangeNote("2021-10-08", "crosscheck"), ChangeNote("2021-10-08", "due date passed")]
    for n, note in enumerate([*saves, ChangeNote("2021-10-08", "ingest")]):
        store.update_statuses([(m, statuses[(i + n) % len(statuses)], None) for i, m in enumerate(ids)], note)
    given: list[StatusChange] = []
    for n in range(4):
        at = f"2097-05-0{n + 2}T0{n}:00:00.{n:03d}+00:00"
        for i, measure in enumerate([*ids, f"{policy().doc_id}:99"]):
            if (i + n) % 3:
                doc_id = measure.rsplit(":", 1)[0]
                given.append(
                    StatusChange(
                        measure,
                        doc_id,
                        None,
                        statuses[(i * n) % len(statuses)],
                        "2097-05-01",
                        at,
                        "crosscheck",
                    )
                )
    store.add_status_changes(given)
    return store.status_changes()


def _selected(
    changes: list[StatusChange],
    new: tuple[str, ...],
    outside: bool,
    at_least: str | None = None,
    keys: set[tuple[str, str]] | None = None,
    docs: set[str] | None = None,
) -> list[StatusChange]:
    """The changes a group's count and slice select, as a page of 本期变化 means them (the
    stamps in one form: as text in time order)."""
    return [
        c
        for c in changes
        if (c.new in new) != outside
        and (at_least is None or c.at >= at_least)
        and (keys is None or (c.doc_id, c.measure_id) in keys)
        and (docs is None or c.doc_id in docs)
    ]


def _unit_keys(store: Store, unit: str) -> set[tuple[str, str]]:
    """(doc_id, measure_id) of the stored measures with a unit whose name holds `unit`."""
    return {
        (record.doc_id, m.measure_id)
        for record in store.iter_documents()
        for m in record.measures
        if any(unit_holds(u.name, unit) for u in m.units)
    }


def correct(store: Store, doc: Document, index: int, status: str) -> Correction:
    """A staff correction of one measure, shaped as `pipeline.corrections.set_status` stores it."""
    text = doc.measures[index].text
    return store.add_correction(
        {
            "key": correction_key(doc.doc_id, text),
            "doc_id": doc.doc_id,
            "sources": [doc.source],
            "text_hash": text_hash(text),
            "measure_text": text,
            "status": status,
            "note": "",
            "by": "张三",
        }
    )


def reference(store: Store, filters: Filters) -> list[str]:
    """The texts of the stored measures `filters.matches` passes, a staff correction's status
    counting where one is active: what every backend's search and iteration must give."""
    active = ActiveCorrections(c.to_json() for c in store.corrections())
    found: list[str] = []
    for record in store.iter_documents():
        for measure in record.measures:
            corrected = active.status(record.doc_id, record.paths, measure.text)
            counted = measure if corrected is None else replace(measure, status=as_status(corrected))
            if matches(filters, counted, record):
                found.append(measure.text)
    return found
