"""Status per measure, stored in the index, and the `duban crosscheck` command, on the fixture triples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from duban.base.errors import DubanError
from duban.base.stored import StoredDocument
from duban.index.filters import parse_filters
from duban.index.store import Store
from duban.pipeline.cli import app
from duban.pipeline.status import Evidence, check, check_store, combine, parse_as_of, with_deadline
from tests.test_crosscheck import FIXTURES, fixture_records, fixture_store

NEILAO = "directive_neilao"


@pytest.fixture(scope="module")
def records() -> list[StoredDocument]:
    return list(fixture_records().values())


def statuses(records: list[StoredDocument], as_of: str, directive: str = NEILAO) -> list[str]:
    (found,) = [c for c in check(records, as_of).directives if c.directive.doc_id == directive]
    return [m.status for m in found.measures]


def test_statuses_as_of_mid_august(records: list[StoredDocument]) -> None:
    # 0 reported done (its May deadline passed, but done is done); 1 reported lagging, due in October;
    # 2 relayed by the finance bureau only, due end of June: overdue; 3 never relayed, due end of July:
    # overdue; 4 never relayed, due end of September; 5 (monthly reporting) deployed by the water bureau.
    assert statuses(records, "2023-08-15") == [
        "done",
        "lagging",
        "overdue",
        "overdue",
        "not_relayed",
        "relayed",
    ]


def test_nothing_is_overdue_before_the_deadlines(records: list[StoredDocument]) -> None:
    assert statuses(records, "2023-05-01") == [
        "done",
        "lagging",
        "relayed",
        "not_relayed",
        "not_relayed",
        "relayed",
    ]


def test_a_lag_reported_past_its_deadline_stays_lagging_and_says_the_date_passed(
    records: list[StoredDocument],
) -> None:
    # The water bureau reported the work lagging: overdue is for measures nobody reports on.
    (found,) = [c for c in check(records, "2023-11-15").directives if c.directive.doc_id == NEILAO]
    measure = found.measures[1]
    assert measure.status == "lagging"
    assert "2023-10-31已过" in measure.why and "report_water" in measure.why
    assert found.measures[2].status == "overdue" and "无跟进文件报告进展" in found.measures[2].why


def test_directive_nobody_relays_is_all_not_relayed_then_overdue(records: list[StoredDocument]) -> None:
    assert statuses(records, "2023-05-01", "directive_anquan") == ["not_relayed", "not_relayed"]
    assert statuses(records, "2023-07-15", "directive_anquan") == ["overdue", "not_relayed"]


def test_report_progress_in_progress_and_lagging(records: list[StoredDocument]) -> None:
    # renju: 1 deployed by the town but due end of September; 4 reported lagging, due end of June
    # (still lagging: a report speaks of it).
    assert statuses(records, "2023-11-20", "directive_renju") == [
        "done",
        "overdue",
        "not_relayed",
        "in_progress",
        "lagging",
    ]
    # as_of moves deadlines only: the tax bureau's report counts whatever its date.
    assert statuses(records, "2023-05-30", "directive_yingshang") == [
        "relayed",
        "not_relayed",
        "done",
        "in_progress",
        "not_relayed",
    ]


def test_evidence_names_each_follower(records: list[StoredDocument]) -> None:
    (found,) = [c for c in check(records, "2023-08-15", NEILAO).directives]
    assert {link.follower.doc_id for link in found.links} == {
        "minutes_water",
        "minutes_finance",
        "report_water",
    }
    lagging = found.measures[1]
    assert {(e.doc_id, e.status) for e in lagging.evidence} == {
        ("minutes_water", "relayed"),
        ("report_water", "lagging"),
    }
    assert lagging.lead == ["市水务局"] and lagging.co == ["市财政局"]
    assert lagging.due == "2023-10-31"


def _evidence(status: str, issuer: str, date: str) -> Evidence:
    return Evidence(
        text="…",
        status=status,
        source=None,
        doc_id=issuer,
        relation="reports_on",
        score=1.0,
        date=date,
        issuer=issuer,
    )


def test_combine_takes_each_bodys_latest_report() -> None:
    earlier, later = (
        _evidence("lagging", "市水务局", "2023-06-01"),
        _evidence("done", "市水务局", "2023-09-01"),
    )
    assert combine([earlier, later]) == "done"
    assert combine([later, _evidence("lagging", "市财政局", "2023-08-01")]) == "lagging"
    assert combine([later, _evidence("in_progress", "市财政局", "2023-08-01")]) == "in_progress"
    assert combine([_evidence("relayed", "市财政局", "2023-03-01")]) == "relayed"
    assert combine([]) == "not_relayed"


def test_deadline_rule() -> None:
    assert with_deadline("relayed", "2023-06-30", "2023-07-01") == "overdue"
    assert with_deadline("relayed", "2023-06-30", "2023-06-30") == "relayed"
    assert with_deadline("done", "2023-06-30", "2024-01-01") == "done"
    assert with_deadline("lagging", None, "2024-01-01") == "lagging"


def test_as_of_must_be_a_date() -> None:
    assert parse_as_of("2023-08-15") == "2023-08-15"
    with pytest.raises(DubanError):
        parse_as_of("2023-13-01")
    with pytest.raises(DubanError):
        parse_as_of("2023-08")


@pytest.mark.parametrize(
    "value",
    ["2023-08-15", "2023-02-30", "2023-8-15", "2023/08/15", "0999-01-01", "２０２３-08-15", "20230815"],
)
def test_the_cli_check_date_reads_as_the_web_check_date(value: str) -> None:
    """`parse_as_of` (CLI) and `base.dates.iso_day` (web) accept and reject the same values."""
    from duban.base.dates import iso_day

    expected = iso_day(value)
    if expected is None:
        with pytest.raises(DubanError):
            parse_as_of(value)
    else:
        assert parse_as_of(value) == expected


# --- the index ------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with fixture_store(tmp_path / "index.db") as opened:
        yield opened


def test_statuses_are_stored_and_searchable(store: Store) -> None:
    check_store(store, "2023-08-15")
    hits = store.search("", filters=parse_filters(status="overdue", unit="市财政局")).hits
    assert [h.text[:13] for h in hits] == ["三、落实排水防涝资金保障。"]
    done = list(store.iter_measures(parse_filters(status="done", doc_number="江临政办发〔2023〕12号")))
    assert [m.text[:12] for m in done] == ["一、全面排查城市易涝点。"]
    stored = done[0].status_evidence
    assert stored is not None and stored.due == "2023-05-31"
    assert {(e.source, e.status) for e in stored.evidence} == {
        ("report_water.txt", "done"),
        ("minutes_water.txt", "relayed"),
    }
    unchecked = list(store.iter_measures(parse_filters(status="unset", kind="minutes")))
    assert unchecked, "measures of minutes are not directive measures and get no status"


def test_checking_one_directive_by_number(store: Store) -> None:
    result = check_store(store, "2023-08-15", "江临政办发(2023)12号", save=False)
    assert [c.directive.doc_number for c in result.directives] == ["江临政办发〔2023〕12号"]
    assert result.unresolved == []


def test_directive_named_by_a_relative_path(
    records: list[StoredDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    absolute = [replace(r, source=str(FIXTURES / f"{r.doc_id}.txt")) for r in records]
    monkeypatch.chdir(FIXTURES.parent)
    (found,) = check(absolute, "2023-08-15", "triples/directive_renju.txt").directives
    assert found.directive.doc_number == "青政办〔2023〕21号"


def test_unknown_directive_is_an_error(store: Store) -> None:
    with pytest.raises(DubanError) as caught:
        check_store(store, "2023-08-15", "不存在的文件")
    assert caught.value.code == "E070"


# --- the command ----------------------------------------------------------------------------------


def _run(args: list[str]) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_crosscheck_command_prints_one_link_a_line(tmp_path: Path) -> None:
    fixture_store(tmp_path / "index.db").close()
    lines = _run(
        ["crosscheck", "--json", "--as-of", "2023-08-15", "--index", f"sqlite:///{tmp_path}/index.db"]
    )
    report = next(
        line for line in lines if line["follower"] and line["follower"]["source"] == "report_water.txt"
    )
    assert report["relation"] == "reports_on"
    assert report["directive"]["doc_number"] == "江临政办发〔2023〕12号"
    assert [m["status"] for m in report["measures"]][:2] == ["done", "lagging"]
    assert "进度滞后" in report["measures"][1]["evidence"]
    unresolved = [line for line in lines if line["directive"]["doc_id"] is None]
    assert {line["directive"]["title"] for line in unresolved} == {
        "江临市人民政府办公室关于开展安全生产隐患大排查大整治行动的通知",
        "关于延长安全生产隐患大排查大整治行动实施期限等问题的通知",
    }
    lonely = next(
        line
        for line in lines
        if line["directive"]["title"] == "江临市人民政府关于开展安全生产隐患大排查大整治行动的通知"
    )
    assert lonely["follower"] is None
    assert [m["status"] for m in lonely["measures"]] == ["overdue", "not_relayed"]


def test_crosscheck_command_for_one_directive_by_title(tmp_path: Path) -> None:
    fixture_store(tmp_path / "index.db").close()
    lines = _run(
        [
            "crosscheck",
            "关于印发2023年农村人居环境整治提升工作要点的通知",
            "--json",
            "--as-of",
            "2023-11-20",
            "--index",
            f"sqlite:///{tmp_path}/index.db",
        ]
    )
    assert {line["follower"]["source"] for line in lines} == {"minutes_town.txt", "report_agri.txt"}
    assert {line["directive"]["doc_number"] for line in lines} == {"青政办〔2023〕21号"}


def test_crosscheck_command_table_and_bad_date(tmp_path: Path) -> None:
    fixture_store(tmp_path / "index.db").close()
    url = f"sqlite:///{tmp_path}/index.db"
    table = CliRunner().invoke(
        app, ["crosscheck", "--as-of", "2023-08-15", "--index", url], env={"COLUMNS": "200"}
    )
    assert table.exit_code == 0
    assert "逾期" in table.stdout and "已完成" in table.stdout
    bad = CliRunner().invoke(app, ["crosscheck", "--as-of", "15/08/2023", "--index", url])
    assert bad.exit_code == 2


def test_stored_status_is_found_by_duban_search(tmp_path: Path) -> None:
    fixture_store(tmp_path / "index.db").close()
    url = f"sqlite:///{tmp_path}/index.db"
    _run(["crosscheck", "--json", "--as-of", "2023-08-15", "--index", url])
    hits = _run(["search", "--status", "overdue", "--unit", "市财政局", "--json", "--index", url])
    assert [(h["status"], h["text"][:13]) for h in hits] == [("overdue", "三、落实排水防涝资金保障。")]
    later = _run(["crosscheck", "directive_neilao.txt", "--json", "--as-of", "2023-11-15", "--index", url])
    assert {line["follower"]["source"] for line in later} == {
        "minutes_water.txt",
        "minutes_finance.txt",
        "report_water.txt",
    }
    lagging = _run(
        ["search", "--status", "lagging", "--unit", "市水务局", "--role", "lead", "--json", "--index", url]
    )
    assert [h["text"][:13] for h in lagging] == ["二、加快推进雨污分流改造。"]
