"""The ingest-time filters (`ingested_after`/`ingested_before`): every form a bound is written in,
read against a fixed clock; the `入库:` query syntax; the reference predicate and the
Elasticsearch clauses; the CLI (`--ingested-after`, `入库:`, `--new`), the web form and
/search.json, and the ledger. The stores are checked against the predicate in `index.testing`."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.base.errors import DubanError, E
from duban.base.stored import RunReport, StoredMeasure
from duban.index import open_store
from duban.index.analysis import parse_query_fields
from duban.index.filters import Filters, matches, parse_filters, passes, to_es
from duban.index.testing import BEIJING_NOW, INGEST_TIMES, circular, load_at, minutes, policy
from duban.pipeline.app import create_app
from duban.pipeline.cli import app
from duban.pipeline.ledger import ledger_rows
from duban.pipeline.status import check
from tests.test_crosscheck import fixture_records

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


def bounds(value: str, now: dt.datetime = BEIJING_NOW) -> tuple[str | None, str | None]:
    found = parse_filters(ingested_after=value, ingested_before=value, now=now)
    return found.ingested_after, found.ingested_before


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        # Beijing is UTC+8: a local day runs from 16:00 UTC the day before
        ("今天", "2026-12-05T16:00:00+00:00", "2026-12-06T15:59:59+00:00"),
        ("昨天", "2026-12-04T16:00:00+00:00", "2026-12-05T15:59:59+00:00"),
        ("昨日", "2026-12-04T16:00:00+00:00", "2026-12-05T15:59:59+00:00"),
        ("最近7天", "2026-11-29T16:00:00+00:00", "2026-12-06T15:59:59+00:00"),
        ("近7天", "2026-11-29T16:00:00+00:00", "2026-12-06T15:59:59+00:00"),
        ("最近30天", "2026-11-06T16:00:00+00:00", "2026-12-06T15:59:59+00:00"),
        ("本周", "2026-11-29T16:00:00+00:00", "2026-12-06T15:59:59+00:00"),  # the 6th is a Sunday
        ("本月", "2026-11-30T16:00:00+00:00", "2026-12-06T15:59:59+00:00"),
        ("2026-12-05T18:00", "2026-12-05T10:00:00+00:00", "2026-12-05T10:00:59+00:00"),
        ("2026-12-05 18:00", "2026-12-05T10:00:00+00:00", "2026-12-05T10:00:59+00:00"),
        ("2026-12-03", "2026-12-02T16:00:00+00:00", "2026-12-03T15:59:59+00:00"),
        ("2026-02", "2026-01-31T16:00:00+00:00", "2026-02-28T15:59:59+00:00"),
        ("2025", "2024-12-31T16:00:00+00:00", "2025-12-31T15:59:59+00:00"),
        ("2026年12月3日", "2026-12-02T16:00:00+00:00", "2026-12-03T15:59:59+00:00"),
        # a run's start as /runs.json shows it: an instant already, whatever the zone
        ("2026-12-01T03:04:05+00:00", "2026-12-01T03:04:05+00:00", "2026-12-01T03:04:05+00:00"),
        ("2026-12-01T11:04:05+08:00", "2026-12-01T03:04:05+00:00", "2026-12-01T03:04:05+00:00"),
    ],
)
def test_every_form_of_a_bound_against_a_fixed_clock(value: str, first: str, last: str) -> None:
    assert bounds(value) == (first, last)


def test_local_days_follow_the_zone_across_summer_time() -> None:
    """Berlin moved its clocks on 29 March 2026: today began at UTC+2, a week ago at UTC+1."""
    now = dt.datetime(2026, 3, 30, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    assert bounds("今天", now)[0] == "2026-03-29T22:00:00+00:00"
    assert bounds("最近7天", now)[0] == "2026-03-23T23:00:00+00:00"


@pytest.mark.parametrize("value", ["上个月", "2026-13", "2026-12-05T25:00", "最近0天", "明天"])
def test_a_bound_that_names_no_time_is_refused(value: str) -> None:
    with pytest.raises(DubanError) as err:
        parse_filters(ingested_after=value, now=BEIJING_NOW)
    assert err.value.kind is E.FILTER_INVALID and "ingested_after" in err.value.message


def test_a_range_must_run_forwards() -> None:
    with pytest.raises(DubanError) as err:
        parse_filters(ingested_after="今天", ingested_before="昨天", now=BEIJING_NOW)
    assert err.value.kind is E.FILTER_INVALID


@pytest.mark.parametrize(
    ("query", "after", "before"),
    [
        ("入库:昨天", "昨天", None),  # a relative word alone: from then on
        ("入库:最近7天", "最近7天", None),
        ("入库:2026-12-05T18:00", "2026-12-05T18:00", None),  # a time alone too
        ("入库:2026-12", "2026-12", "2026-12"),  # a date alone: that period
        ("入库:2026-12-01..", "2026-12-01", None),
        ("入库:..2026-11", None, "2026-11"),
        ("入库：2026年11月至12月", "2026-11", "2026-12"),
        ("入库:昨天..今天", "昨天", "今天"),
        ("ingested:2026-12-01..2026-12-03", "2026-12-01", "2026-12-03"),
    ],
)
def test_the_query_syntax_gives_the_same_bounds_as_the_options(
    query: str, after: str | None, before: str | None
) -> None:
    words, found = parse_query_fields(f"{query} 财政", now=BEIJING_NOW)
    assert words == "财政"
    assert found == parse_filters(ingested_after=after, ingested_before=before, now=BEIJING_NOW)


def test_a_bad_bound_in_the_query_is_refused() -> None:
    with pytest.raises(DubanError) as err:
        parse_query_fields("入库:上个月", now=BEIJING_NOW)
    assert err.value.kind is E.FILTER_INVALID


def test_the_predicate_reads_the_stored_time_in_utc() -> None:
    since = parse_filters(ingested_after="2026-12-05T18:00", now=BEIJING_NOW)  # 10:00 UTC

    def held(stamp: str | None) -> bool:
        return passes(
            since, doc_id="d", meta=policy().meta, units=[], deadlines=[], status=None, ingested_at=stamp
        )

    assert held("2026-12-05T10:00:00+00:00") and held("2026-12-05T18:30:00+08:00")
    assert not held("2026-12-05T09:59:59+00:00") and not held("2026-12-05T17:59:00+08:00")
    assert held("2026-12-05T10:00:00")  # no offset: stored UTC
    assert not held(None) and not held("soon")  # no time fails a bound, as a missing date does
    assert passes(Filters(), doc_id="d", meta=policy().meta, units=[], deadlines=[], status=None)
    measure = StoredMeasure(text="x", ingested_at="2026-12-05T11:00:00+00:00")
    assert matches(since, measure) and not matches(since, replace(measure, ingested_at=None))


def test_elasticsearch_clauses_read_the_measures_copy_and_the_documents_field() -> None:
    since = parse_filters(ingested_after="2026-12-05T18:00", ingested_before="今天", now=BEIJING_NOW)
    expected = {"gte": "2026-12-05T10:00:00+00:00", "lte": "2026-12-06T15:59:59+00:00"}
    assert to_es(since, "measures") == [{"range": {"doc_ingested_at": expected}}]
    assert to_es(since.document_part(), "documents") == [{"range": {"ingested_at": expected}}]
    assert since.measure_part().is_empty()


# -- the CLI, the web and the ledger --------------------------------------------------------------


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


@pytest.fixture
def index(tmp_path: Path) -> str:
    """The sample documents at the times of `INGEST_TIMES`, one ingest run each, and a last run
    that stored nothing new."""
    url = f"sqlite:///{tmp_path / 'index.db'}"
    with open_store(url) as store:
        for run, (name, doc) in enumerate(
            [("report", circular()), ("policy", policy()), ("minutes", minutes())]
        ):
            at = dt.datetime.fromisoformat(INGEST_TIMES[name])
            start = _stamp(at - dt.timedelta(minutes=1))
            store.record_run(
                RunReport(f"r{run}", url, start, status="done", ingested=1, actions={"added": 1})
            )
            load_at(store, INGEST_TIMES[name], doc)
        quiet = RunReport("r9", url, "2026-12-06T01:00:00+00:00", status="done", actions={"unchanged": 3})
        store.record_run(quiet)
    return url


def hits(index: str, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["search", "--index", index, "--json", "--limit", "50", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_cli_options_and_query_syntax_agree_and_hits_show_the_time(index: str) -> None:
    for query, options in [
        ("入库:2026-12-01..", ["--ingested-after", "2026-12-01"]),
        ("入库:..2026-11-30", ["--ingested-before", "2026-11-30"]),
        (
            "入库:2026-11-15..2026-12-31",
            ["--ingested-after", "2026-11-15", "--ingested-before", "2026-12-31"],
        ),
    ]:
        typed, given = hits(index, query, "财政"), hits(index, "财政", *options)
        assert typed == given and typed, query
    everything = hits(index, "--ingested-after", "2026-11")
    assert {h["ingested_at"] for h in everything} == set(INGEST_TIMES.values())
    documents = hits(index, "--docs", "--ingested-before", "2026-11-30")
    assert [(d["title"], d["ingested_at"]) for d in documents] == [
        (circular().meta.title, INGEST_TIMES["report"])
    ]
    bad = runner.invoke(app, ["search", "--index", index, "--ingested-after", "上个月"])
    assert bad.exit_code != 0 and "E050" in bad.output


def test_new_is_what_the_latest_run_that_stored_something_took_in(index: str) -> None:
    found = hits(index, "--new")
    assert sorted(str(h["text"]) for h in found) == sorted(m.text for m in minutes().measures)
    documents = hits(index, "--new", "--docs")
    assert [d["doc_id"] for d in documents] == [minutes().doc_id]
    assert [h["text"] for h in hits(index, "--new", "--unit", "交通")] == [minutes().measures[1].text]


def test_new_on_an_index_no_run_has_stored_into(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with open_store(url) as store:
        store.record_run(RunReport("r1", url, "2026-12-01T00:00:00+00:00", status="done"))
    result = runner.invoke(app, ["search", "--index", url, "--new"])
    assert result.exit_code != 0 and "E050" in result.output and "入库" in result.output


def test_the_web_select_round_trips_into_search_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'web.db'}"
    now = dt.datetime.now(dt.UTC)
    with open_store(url) as store:
        load_at(store, _stamp(now - dt.timedelta(days=40)), policy())
        load_at(store, _stamp(now - dt.timedelta(minutes=5)), minutes())
    client = TestClient(create_app(url), base_url="http://127.0.0.1")
    page = client.get("/search?" + urlencode({"ingested_after": "昨天"}))
    assert page.status_code == 200
    assert '<option value="昨天" selected>昨天起</option>' in page.text
    assert "入库时间：" in page.text
    data = client.get("/search.json?" + urlencode({"ingested_after": "昨天"})).json()
    assert data["filters"] == parse_filters(ingested_after="昨天").to_json()
    assert sorted(h["text"] for h in data["hits"]) == sorted(m.text for m in minutes().measures)
    assert {h["ingested_at"] for h in data["hits"]} == {_stamp(now - dt.timedelta(minutes=5))}
    month = client.get("/search.json?" + urlencode({"ingested_after": "最近30天", "docs": "1"})).json()
    assert [h["doc_id"] for h in month["hits"]] == [minutes().doc_id]
    wrong = client.get("/search.json?" + urlencode({"ingested_after": "上个月"}))
    assert wrong.status_code == 400
    typed = client.get("/search?" + urlencode({"ingested_after": "2026-12-01"}))
    assert '<option value="2026-12-01" selected>' in typed.text  # a value of a link stays chosen


def test_the_ledger_takes_the_ingest_bounds() -> None:
    records = list(fixture_records().values())
    directive = next(r for r in records if r.doc.kind == "policy" and r.measures)
    stamped = [
        replace(r, ingested_at=INGEST_TIMES["minutes"] if r is directive else INGEST_TIMES["report"])
        for r in records
    ]
    result = check(stamped, "2023-08-15")
    since = parse_filters(ingested_after="2026-12-05T18:00", now=BEIJING_NOW)
    rows = ledger_rows(result, since)
    assert rows and {row.doc_id for row in rows} == {directive.doc_id}
    assert len(ledger_rows(result, Filters())) > len(rows)
    assert ledger_rows(result, parse_filters(ingested_before="2000")) == []
