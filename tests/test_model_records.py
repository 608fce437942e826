"""Records read back what they write: `X.from_json(x.to_json()) == x` for every record of the model
on real extraction output (texts written here, the project's samples, dev corpus files by path) and
on generated records; a key that is unknown, missing or of the wrong type is a `RecordError` that
names where it is. The stored types read exactly the dicts a SQLite index returns and write them
back byte for byte, statuses and evidence included."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.base.model import (
    Block,
    Deadline,
    Document,
    JsonRecord,
    Measure,
    Metadata,
    Page,
    Progress,
    RawDocument,
    RawPage,
    RecordError,
    Relay,
    Sentence,
    Unit,
)
from duban.base.stored import (
    ChangeNote,
    Copied,
    CopyOf,
    Correction,
    Failure,
    FetchCounts,
    Hit,
    IndexStats,
    Replaced,
    ReplacedMeasure,
    RunReport,
    StatusChange,
    StatusEvidence,
    StoredDocument,
    StoredEvidence,
    StoredMeasure,
    StoredProgress,
    StoredRelay,
    as_stored,
)
from duban.extractors.registry import get_extractors
from duban.index import open_store
from duban.pipeline.app import create_app
from duban.pipeline.cli import app
from duban.pipeline.extract import build_document, extract_document, extract_file
from duban.pipeline.status import check_store

ROOT = Path(__file__).resolve().parents[1]

NOTICE = """青禾市人民政府办公室关于做好城区排水管网改造工作的通知
青禾政办发〔2025〕11号
各区人民政府，市政府各部门：
为提升城区排水能力，现就有关事项通知如下。
一、完成老旧排水管网改造。年内改造老旧管网六十公里。（牵头单位：市住房城乡建设局；配合单位：市财政局、市水务局；完成时限：2025年11月底前）
二、建立管网巡查制度。每季度末前报送一次巡查情况。（牵头单位：市水务局）
三、开展易涝点整治。在“十四五”期间完成全部易涝点整治。（责任单位：各区人民政府）
青禾市人民政府办公室
2025年2月10日
"""

MINUTES = """青禾市水务局局长办公会议纪要
〔2025〕第3号
3月5日，局长主持召开局长办公会议。会议传达学习了《青禾市人民政府办公室关于做好城区排水管网改造工作的通知》（青禾政办发〔2025〕11号）精神。
会议要求，排水科要会同各区开展管网巡查，每季度末前报送巡查情况。
"""

REPORT = """青禾市住房城乡建设局关于排水管网改造进展情况的报告
市人民政府：
根据青禾政办发〔2025〕11号文件要求，现将有关情况报告如下。
一、老旧管网改造已完成四十二公里，占年度任务的百分之七十。
二、易涝点整治工作进度滞后，下一步将加快推进。
青禾市住房城乡建设局
2025年7月1日
"""

WRITTEN = {"notice": NOTICE, "minutes": MINUTES, "report": REPORT}
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
DEV_FILES = ("GA02.txt", "GB01.txt", "GD13.txt", "GF16.txt", "GJ09.txt")


def written(name: str) -> Document:
    raw = RawDocument(source=f"{name}.txt", format="text", pages=[RawPage(1, WRITTEN[name], "text")])
    doc = extract_document(build_document(raw, name), get_extractors(("rules",)))
    doc.doc_id = name
    return doc


def _through_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def _records(doc: Document) -> Iterator[JsonRecord]:
    yield doc.meta
    yield from doc.pages
    yield from doc.blocks
    yield from doc.sentences
    yield from doc.relays
    yield from doc.progress
    for m in doc.measures:
        yield m
        yield from m.units
        yield from m.deadlines


def _assert_round_trip(doc: Document) -> None:
    for record in _records(doc):
        assert type(record).from_json(_through_json(record.to_json())) == record
    for include_text in (False, True):
        data = _through_json(doc.to_json(include_text=include_text))
        back = Document.from_json(data)
        assert back.to_json(include_text=include_text) == data
    # what the record does not carry comes back empty; everything it carries comes back equal
    empty = replace(doc, format="", analysis_text="", original_offsets=[], blocks=[], sentences=[])
    assert Document.from_json(_through_json(doc.to_json(include_text=True))) == empty


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_written_documents_round_trip(name: str) -> None:
    doc = written(name)
    assert doc.measures or doc.relays or doc.progress, "the text should give the extractor something"
    _assert_round_trip(doc)


def test_the_written_texts_exercise_every_optional_field() -> None:
    docs = [written(name) for name in WRITTEN]
    units = [u for d in docs for m in d.measures for u in m.units]
    deadlines = [dl for d in docs for m in d.measures for dl in m.deadlines]
    assert {u.role for u in units} >= {"lead", "co"}
    assert any(dl.due for dl in deadlines) and any(dl.due is None for dl in deadlines)
    assert any(d.relays for d in docs) and any(d.progress for d in docs)


@pytest.mark.parametrize("path", sorted((ROOT / "samples").iterdir()), ids=lambda p: p.name)
def test_sample_documents_round_trip(path: Path) -> None:
    _assert_round_trip(extract_file(path))


@pytest.mark.parametrize("name", DEV_FILES)
def test_dev_corpus_documents_round_trip(shared: Path, name: str) -> None:
    _assert_round_trip(extract_file(shared / "corpus" / "dev" / name))


def test_units_and_deadlines_leave_out_what_they_do_not_know() -> None:
    """The extraction record writes no null offsets, due dates or periods (`duban extract` output
    has always left them out), and reads them back as None."""
    unit = Unit("市水务局", "lead")
    deadline = Deadline("每年至少组织一次", "recurring", period="P1Y")
    assert unit.to_json() == {"name": "市水务局", "role": "lead", "provenance": "", "confidence": 1.0}
    assert deadline.to_json() == {
        "text": "每年至少组织一次",
        "kind": "recurring",
        "period": "P1Y",
        "provenance": "",
        "confidence": 1.0,
    }
    measure = Measure("每年至少组织一次演练。", 0, 11, 1, units=[unit], deadlines=[deadline])
    assert measure.to_json()["units"] == [unit.to_json()]
    assert Measure.from_json(measure.to_json()) == measure
    for m in written("notice").to_json()["measures"]:
        assert all(v is not None for item in (*m["units"], *m["deadlines"]) for v in item.values())


# --- generated records ---------------------------------------------------------------------------------

_FLOATS = st.floats(allow_nan=False, allow_infinity=False)
st.register_type_strategy(float, _FLOATS)
_RECORDS: tuple[type[JsonRecord], ...] = (
    Page,
    Block,
    Sentence,
    Metadata,
    Unit,
    Deadline,
    Measure,
    Relay,
    Progress,
    RawPage,
    RawDocument,
    StatusEvidence,
    StoredEvidence,
    StoredMeasure,
    StoredRelay,
    StoredProgress,
    ReplacedMeasure,
    Replaced,
    # registered before the records that hold them (hypothesis resolves a field's type as it
    # registers the holder): `StoredDocument.copy_of`, a run's failures and counts
    CopyOf,
    Copied,
    Failure,
    FetchCounts,
    ChangeNote,
    Correction,
    Hit,
    IndexStats,
    StatusChange,
    RunReport,
    StoredDocument,
)


def _record_classes(cls: type[JsonRecord]) -> set[type[JsonRecord]]:
    return {*cls.__subclasses__(), *(sub for child in cls.__subclasses__() for sub in _record_classes(child))}


def test_every_record_of_the_base_is_generated() -> None:
    """A record left out of `_RECORDS` is drawn by `st.builds` with its defaults only, when a field
    of another holds it (hypothesis's SmallSearchSpaceWarning): its round trip was never tried."""
    assert {c for c in _record_classes(JsonRecord) if c.__module__.startswith("duban.base")} <= set(_RECORDS)


def _every_field(cls: type[JsonRecord]) -> st.SearchStrategy[Any]:
    """`cls` with every field drawn, defaults included (`st.builds` alone leaves them at defaults)."""
    hints = get_type_hints(cls)
    return st.builds(
        cls, **{f.name: st.deferred(lambda t=hints[f.name]: st.from_type(t)) for f in fields(cls)}
    )


for _cls in _RECORDS:
    st.register_type_strategy(_cls, _every_field(_cls))


@pytest.mark.parametrize("cls", _RECORDS, ids=lambda c: c.__name__)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_generated_records_round_trip(cls: type[JsonRecord], data: st.DataObject) -> None:
    record = data.draw(st.from_type(cls))
    assert cls.from_json(_through_json(record.to_json())) == record
    assert cls.from_json(record.to_json()) == record


# --- bad records ---------------------------------------------------------------------------------------


def _notice_json() -> dict[str, Any]:
    return _through_json(written("notice").to_json(include_text=True))


def test_an_unknown_key_is_named_with_its_path() -> None:
    data = _notice_json()
    data["measures"][1]["units"][0]["rank"] = 1
    with pytest.raises(RecordError, match=r"Document\.measures\[1\]\.units\[0\]: unknown key\(s\) 'rank'"):
        Document.from_json(data)
    with pytest.raises(RecordError, match="unknown key"):
        Document.from_json({**data, "title": "x"})


def test_a_missing_key_is_named() -> None:
    data = _notice_json()
    del data["measures"][0]["page"]
    with pytest.raises(RecordError, match=r"Document\.measures\[0\]: missing key\(s\) 'page' for Measure"):
        Document.from_json(data)
    del data["relays"]
    with pytest.raises(RecordError, match=r"missing key\(s\) 'relays'"):
        Document.from_json(data)


def test_a_value_of_the_wrong_type_is_named() -> None:
    data = _notice_json()
    data["measures"][0]["start"] = "12"
    with pytest.raises(RecordError, match=r"measures\[0\]\.start: expected int, got str"):
        Document.from_json(data)
    with pytest.raises(RecordError, match="expected int, got bool"):
        Page.from_json({"number": True, "start": 0, "end": 1, "extractor": "text"})
    with pytest.raises(RecordError, match="'chief' is not one of"):
        Unit.from_json({"name": "市财政局", "role": "chief"})
    with pytest.raises(RecordError, match="expected an object"):
        Measure.from_json([])  # type: ignore[arg-type]


def test_an_int_is_a_float_but_a_float_is_no_int() -> None:
    assert Unit.from_json({"name": "市水务局", "confidence": 1}).confidence == 1
    with pytest.raises(RecordError, match="expected int, got float"):
        Sentence.from_json({"start": 0, "end": 1.5, "block": 0})
    assert not math.isnan(Unit.from_json({"name": "市水务局", "confidence": 0.5}).confidence)


# --- stored records ------------------------------------------------------------------------------------


@pytest.fixture
def checked_index(tmp_path: Path) -> Iterator[Any]:
    with open_store(f"sqlite:///{tmp_path / 'index.db'}") as store:
        for name in WRITTEN:
            store.write(written(name), name)
        check_store(store, "2025-12-31")
        yield store


def test_stored_documents_read_and_write_what_the_index_returns(checked_index: Any) -> None:
    documents = list(checked_index.iter_documents())
    assert len(documents) == len(WRITTEN)
    for stored in documents:
        assert isinstance(stored, StoredDocument)
        assert StoredDocument.from_json(stored.to_json()) == stored
        assert stored.paths == [f"{stored.doc_id}.txt"]
        # what was written comes back, key order included: a JSON twin shows the same text
        data = written(stored.doc_id).to_json(include_text=True)
        keys = [*(k for k in data if k != "measures"), "sources", "measures", "ingested_at"]
        assert list(stored.to_json()) == keys  # when the index took it in, last (`入库:` filters)
        assert stored.ingested_at is not None
        assert json.dumps({k: stored.to_json()[k] for k in data if k != "measures"}, ensure_ascii=False) == (
            json.dumps({k: v for k, v in data.items() if k != "measures"}, ensure_ascii=False)
        )
    notice = checked_index.get("notice")
    assert notice is not None
    statuses = [m.status for m in notice.measures]
    assert all(statuses) and notice.measures[0].measure_id == "notice:0"
    evidence = [m.status_evidence for m in notice.measures if m.status_evidence is not None]
    assert evidence and any(e.evidence for e in evidence)
    assert any(e.source for item in evidence for e in item.evidence)


def test_stored_measures_read_what_iter_measures_returns(checked_index: Any) -> None:
    found = list(checked_index.iter_measures())
    assert found
    for measure in found:
        assert isinstance(measure, StoredMeasure)
        assert StoredMeasure.from_json(measure.to_json()) == measure
        assert measure.doc is not None and measure.doc_id and measure.source
        document = checked_index.get(measure.doc_id)
        assert document is not None and measure.doc == document.doc
        # a listed measure carries its document's ingest time (search hits show it); a document's
        # own measures leave it to the document
        assert measure.ingested_at == document.ingested_at is not None
        assert replace(measure, doc_id=None, source=None, doc=None, ingested_at=None) in document.measures


def test_a_stored_record_with_an_unknown_key_is_refused(checked_index: Any) -> None:
    found = checked_index.get("notice").to_json()
    with pytest.raises(RecordError, match=r"StoredDocument: unknown key\(s\) 'tokens'"):
        as_stored({**found, "tokens": {}})
    found["measures"][0]["status"] = "finished"
    with pytest.raises(RecordError, match=r"measures\[0\]\.status: 'finished' is not one of"):
        as_stored(found)


def test_an_index_record_this_version_cannot_read_is_e046(tmp_path: Path) -> None:
    """A key another version of duban writes is refused with a code and a remedy, by the
    cross-check, the command line and the web page alike, not with a traceback."""
    url = f"sqlite:///{tmp_path / 'index.db'}"
    data = written("notice").to_json(include_text=True)
    data["measures"][0]["weight"] = 2
    with open_store(url) as store:
        store.write(data, "notice")
        with pytest.raises(DubanError) as caught:
            check_store(store, "2025-12-31")
    assert caught.value.code == "E046"
    assert "StoredDocument.measures[0]: unknown key(s) 'weight' for StoredMeasure" in caught.value.message
    result = CliRunner().invoke(app, ["crosscheck", "--as-of", "2025-12-31", "--index", url])
    assert result.exit_code == 2 and "E046" in result.stderr
    with TestClient(create_app(url), base_url="http://127.0.0.1") as client:
        page = client.get("/documents/notice.json")
    assert page.status_code == 503 and page.json()["error"]["code"] == "E046"


def test_an_extraction_record_reads_as_a_stored_document_with_defaults() -> None:
    doc = written("minutes")
    stored = as_stored(doc.to_json(include_text=True))
    assert stored.text == doc.text and stored.doc == doc.meta
    assert [r.title for r in stored.relays] == [r.title for r in doc.relays]
    assert stored.sources == () and stored.paths == ["minutes.txt"]
    assert all(m.measure_id == "" and m.status is None for m in stored.measures)
    assert StoredRelay.from_json({"title": "关于做好排水工作的通知"}).start == 0
    assert as_stored(stored) is stored


def test_a_run_report_reads_back_what_it_writes_without_its_derived_counts() -> None:
    from duban.base.stored import Failure, RunReport

    run = RunReport(
        "r",
        "duban.db",
        "2026-01-01T00:00:00+00:00",
        actions={"new": 3},
        skipped=[Failure("a.xls", "E002", "不读")],
    )
    data = run.to_json()
    assert (data["failed"], data["skipped_count"]) == (0, 1)
    assert RunReport.from_json(data) == run
    assert list(data)[:3] == [
        "run_id",
        "index_url",
        "started_at",
    ]  # the order `stats --json` has always shown


def test_a_run_record_another_version_wrote_badly_is_an_index_record_error() -> None:
    from duban.base.errors import DubanError, E
    from duban.base.stored import RunReport, read_run

    good = RunReport("r", "duban.db", "2026-01-01T00:00:00+00:00").to_json()
    for bad in ({**good, "actions": {"new": "3"}}, {**good, "colour": "red"}, {**good, "status": "paused"}):
        with pytest.raises(DubanError) as err:
            read_run(bad, "duban.db")
        assert err.value.kind is E.INDEX_RECORD
