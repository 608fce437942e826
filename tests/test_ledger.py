"""The 督办台账: xlsx cells, fills and print set-up, the by-unit sheets, CSV, filters, corrections
laid over the computed status, and the `duban ledger` command."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from duban.index.filters import parse_filters
from duban.index.spellings import unit_holds
from duban.pipeline import ledger
from duban.pipeline.cli import app
from duban.pipeline.corrections import Correction, Overlay, correction_key, text_hash
from duban.pipeline.ledger import (
    FILLS,
    HEADER,
    SUMMARY_HEADER,
    UNIT_HEADER,
    LedgerRow,
    ledger_rows,
    light,
    write_csv,
    write_xlsx,
)
from duban.pipeline.status import CheckResult, MeasureStatus, check
from tests.test_crosscheck import fixture_records, fixture_store

AS_OF = "2023-08-15"


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return check(list(fixture_records().values()), AS_OF)


def _rows_by_text(ws: Worksheet) -> dict[str, tuple[Any, ...]]:
    return {str(row[HEADER.index("举措")].value)[:10]: row for row in ws.iter_rows(min_row=2)}


def _fill(cell: Any) -> str | None:
    colour = cell.fill.start_color.rgb if cell.fill and cell.fill.fill_type == "solid" else None
    return str(colour)[-6:] if colour else None


def test_xlsx_ledger_cells_and_status_colours(result: CheckResult, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    write_xlsx(ledger_rows(result, parse_filters(doc_number="江临政办发〔2023〕12号")), path)
    wb = load_workbook(path)
    ws = wb["台账"]
    assert [c.value for c in ws[1]] == list(HEADER)
    assert ws.max_row == 1 + 6
    rows = _rows_by_text(ws)
    col = {name: HEADER.index(name) for name in HEADER}
    done, lagging, overdue = (
        rows["一、全面排查城市易涝"],
        rows["二、加快推进雨污分流"],
        rows["三、落实排水防涝资金"],
    )
    assert done[col["文件"]].value == "江临市人民政府办公室关于进一步做好城市内涝治理工作的通知"
    assert done[col["文号"]].value == "江临政办发〔2023〕12号"
    assert done[col["牵头单位"]].value == "市住房城乡建设局"
    assert done[col["配合单位"]].value == "市水务局、各区人民政府"
    assert done[col["完成时限"]].value == "2023年5月底前"
    assert done[col["截止日期"]].value == dt.datetime(2023, 5, 31)
    assert done[col["截止日期"]].is_date
    assert done[col["截止日期"]].number_format == "yyyy-mm-dd"
    assert (done[col["状态"]].value, done[col["灯"]].value) == ("已完成", "绿")
    assert "已完成全部易涝点清单建立" in done[col["状态依据"]].value
    assert "report_water.txt" in done[col["证据来源"]].value
    assert {_fill(cell) for cell in done} == {FILLS["green"]}, "the light fills the whole row"
    assert (lagging[col["状态"]].value, _fill(lagging[col["举措"]])) == ("滞后", FILLS["yellow"])
    assert (overdue[col["状态"]].value, _fill(overdue[col["序号"]])) == ("逾期", FILLS["red"])
    assert overdue[col["灯"]].value == "红"
    assert overdue[col["证据来源"]].value == "minutes_finance.txt"
    # 说明: the computed status in a sentence, what the date does to it included
    assert "已过" in overdue[col["说明"]].value and AS_OF in overdue[col["说明"]].value
    assert "report_water.txt" in done[col["说明"]].value
    plain = rows["五、组织开展防汛应急"]
    assert (plain[col["状态"]].value, _fill(plain[col["状态"]])) == ("未传达", None)
    assert plain[col["说明"]].value.startswith("未见跟进文件提及此项")


def test_xlsx_is_ready_to_print_and_filter(result: CheckResult, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    rows = ledger_rows(result)
    write_xlsx(rows, path, AS_OF)
    wb = load_workbook(path)
    assert wb.sheetnames == ["台账", "按单位", "单位统计"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
        assert ws.auto_filter.ref.endswith(str(ws.max_row))
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$1:$1"
    ledger = wb["台账"]
    rules = [rule for cf in ledger.conditional_formatting for rule in cf.rules]
    assert len(rules) == 1
    assert "TODAY()" in rules[0].formula[0]
    assert "已完成" in rules[0].formula[0]
    dates = [r[HEADER.index("截止日期")] for r in ledger.iter_rows(min_row=2)]
    assert all(c.value is None or isinstance(c.value, dt.datetime) for c in dates)
    assert sum(c.value is not None for c in dates) >= 3


def test_unit_summary_counts_and_completion_rate(result: CheckResult, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    rows = ledger_rows(result)
    write_xlsx(rows, path)
    ws = load_workbook(path)["单位统计"]
    assert [c.value for c in ws[1]] == list(SUMMARY_HEADER)
    col = {name: SUMMARY_HEADER.index(name) for name in SUMMARY_HEADER}
    table = {str(r[0].value): r for r in ws.iter_rows(min_row=2)}
    for name, line in table.items():
        measures = [r for r in rows if name in r.measure.lead or name in r.measure.co]
        done = sum(r.status == "done" for r in measures)
        assert (
            line[col["合计"]].value
            == len(measures)
            == line[col["牵头举措"]].value + line[col["配合举措"]].value
        )
        assert line[col["已完成"]].value == done
        assert line[col["完成率"]].value == pytest.approx(done / len(measures), abs=1e-4)
        assert line[col["完成率"]].number_format == "0.0%"
    assert any(line[col["完成率"]].value > 0 for line in table.values())


def test_a_correction_overrides_the_computed_status_and_light(result: CheckResult) -> None:
    plain = ledger_rows(result)
    target = next(r for r in plain if r.measure.status == "overdue")
    correction = Correction(
        id="1",
        key=correction_key(target.doc_id, target.measure.text),
        doc_id=target.doc_id,
        sources=(),
        text_hash=text_hash(target.measure.text),
        measure_text=target.measure.text,
        status="done",
        note="现场核查已完成",
        by="督查室张三",
        at="2023-08-14T02:30:00+00:00",
    )
    rows = ledger_rows(result, overlay=Overlay([correction]))
    corrected = next(r for r in rows if r.measure.measure_id == target.measure.measure_id)
    assert (corrected.status, corrected.light, corrected.measure.status) == ("done", "green", "overdue")
    cells = dict(zip(HEADER, corrected.cells(), strict=True))
    assert cells["状态"] == "已完成"
    assert "督查室张三" in str(cells["人工核定"]) and "现场核查已完成" in str(cells["人工核定"])
    done_only = ledger_rows(result, parse_filters(status="done"), Overlay([correction]))
    assert corrected.measure.measure_id in {r.measure.measure_id for r in done_only}
    undone = Overlay(
        [Correction(**{**correction.to_json(), "sources": (), "undone_at": "x", "undone_by": "李四"})]
    )
    assert (
        next(r for r in ledger_rows(result, overlay=undone) if r.measure is target.measure).status
        == "overdue"
    )


def test_second_sheet_lists_measures_per_unit(result: CheckResult, tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    write_xlsx(ledger_rows(result, parse_filters(doc_number="江临政办发〔2023〕12号")), path)
    ws = load_workbook(path)["按单位"]
    assert [c.value for c in ws[1]] == list(UNIT_HEADER)
    finance = [
        (r[1].value, str(r[4].value)[:9], r[7].value)
        for r in ws.iter_rows(min_row=2)
        if r[0].value == "市财政局"
    ]
    assert finance == [("牵头", "三、落实排水防涝资", "逾期"), ("配合", "二、加快推进雨污分", "滞后")]
    red = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "市财政局" and r[1].value == "牵头")
    assert {_fill(cell) for cell in red} == {FILLS["red"]}


def _status(due: str | None, status: str = "relayed") -> MeasureStatus:
    return MeasureStatus("d:0", 0, "…", [], [], [], None, due, status)


def test_light_rules() -> None:
    assert light(_status("2023-08-20"), AS_OF) == "yellow"
    assert light(_status("2023-08-22"), AS_OF) == "yellow"
    assert light(_status("2023-08-23"), AS_OF) == ""
    assert light(_status(None, "lagging"), AS_OF) == "yellow"
    assert light(_status("2023-08-20", "done"), AS_OF) == "green"
    assert light(_status("2023-01-01", "overdue"), AS_OF) == "red"


def test_filters_select_rows(result: CheckResult) -> None:
    rows = ledger_rows(result, parse_filters(unit="市财政局"))
    assert {r.measure.text[:8] for r in rows} == {"三、落实排水防涝", "二、加快推进雨污", "四、加强涉企收费"}
    lead = ledger_rows(result, parse_filters(unit="市财政局", role="lead"))
    assert [r.measure.text[:8] for r in lead] == ["三、落实排水防涝"]
    overdue = ledger_rows(result, parse_filters(status="逾期", deadline_before="2023-06"))
    assert all(r.measure.status == "overdue" and (r.measure.due or "") <= "2023-06-30" for r in overdue)
    assert len(overdue) == 2  # 五 is lagging: a report says so, and a reported lag is never overdue
    assert [r.number for r in overdue] == [1, 2]


@pytest.mark.parametrize("text", ["财政", "市财政局", "住房城乡建设局", "发改委", "区政府", "没有这个单位"])
def test_a_unit_filter_asks_each_name_once_and_selects_as_the_filter_does(
    result: CheckResult, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ledger asks of each unit name once whether it holds the unit filter's text, and keeps
    exactly the lines the whole filter keeps (`index.filters.passes`, asked of every line)."""
    every = ledger_rows(result)
    names = {n for r in every for n in (*r.measure.lead, *r.measure.co)}
    expected = [r.measure.measure_id for r in every if any(unit_holds(n, text) for n in names_of(r))]
    asked: list[str] = []

    def counted(name: object, unit: str) -> bool:
        asked.append(str(name))
        return unit_holds(name, unit)

    monkeypatch.setattr(ledger, "unit_holds", counted)
    rows = ledger_rows(result, parse_filters(unit=text))
    assert [r.measure.measure_id for r in rows] == expected
    assert [r.number for r in rows] == list(range(1, len(rows) + 1))
    assert len(asked) == len(set(asked)) and set(asked) <= names


def names_of(row: LedgerRow) -> list[str]:
    return [*row.measure.lead, *row.measure.co]


def test_csv_ledger(result: CheckResult, tmp_path: Path) -> None:
    rows: list[LedgerRow] = ledger_rows(result)
    path = tmp_path / "ledger.csv"
    write_csv(rows, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == list(HEADER)
    assert len(lines) == 1 + len(rows)
    assert {line[HEADER.index("灯")] for line in lines[1:]} >= {"绿", "黄", "红"}
    assert all(
        not line[HEADER.index("截止日期")] or dt.date.fromisoformat(line[HEADER.index("截止日期")])
        for line in lines[1:]
    )


def test_ledger_command_writes_xlsx_and_csv_from_the_index(tmp_path: Path) -> None:
    fixture_store(tmp_path / "index.db").close()
    xlsx, csv_path = tmp_path / "out.xlsx", tmp_path / "out.csv"
    result = CliRunner().invoke(
        app,
        [
            "ledger",
            "--xlsx",
            str(xlsx),
            "--csv",
            str(csv_path),
            "--unit",
            "市财政局",
            "--as-of",
            AS_OF,
            "--index",
            f"sqlite:///{tmp_path}/index.db",
        ],
    )
    assert result.exit_code == 0, result.output
    ws = load_workbook(xlsx)["台账"]
    assert ws.max_row == 1 + 3
    assert all("市财政局" in f"{r[5].value}{r[6].value}" for r in ws.iter_rows(min_row=2))
    assert csv_path.is_file()
    missing = CliRunner().invoke(app, ["ledger", "--index", f"sqlite:///{tmp_path}/index.db"])
    assert missing.exit_code == 2
