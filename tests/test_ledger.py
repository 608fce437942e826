"""The 督办台账: xlsx cells and fills, the by-unit sheet, CSV, filters and the `duban ledger` command."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from index.filters import parse_filters
from pipeline.cli import app
from pipeline.ledger import FILLS, HEADER, UNIT_HEADER, LedgerRow, ledger_rows, light, write_csv, write_xlsx
from pipeline.status import CheckResult, MeasureStatus, check
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
    assert done[col["截止日期"]].value == "2023-05-31"
    assert (done[col["状态"]].value, done[col["状态说明"]].value) == ("done", "已完成")
    assert "已完成全部易涝点清单建立" in done[col["证据"]].value
    assert "report_water.txt" in done[col["证据来源"]].value
    assert _fill(done[col["状态"]]) == FILLS["green"]
    assert (lagging[col["状态"]].value, _fill(lagging[col["状态"]])) == ("lagging", FILLS["yellow"])
    assert (overdue[col["状态"]].value, _fill(overdue[col["状态"]])) == ("overdue", FILLS["red"])
    assert overdue[col["证据来源"]].value == "minutes_finance.txt"
    plain = rows["五、组织开展防汛应急"]
    assert (plain[col["状态"]].value, _fill(plain[col["状态"]])) == ("not_relayed", None)


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
    assert finance == [("牵头", "三、落实排水防涝资", "overdue"), ("配合", "二、加快推进雨污分", "lagging")]
    red = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "市财政局" and r[1].value == "牵头")
    assert _fill(red[UNIT_HEADER.index("状态")]) == FILLS["red"]


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
    assert len(overdue) == 3
    assert [r.number for r in overdue] == [1, 2, 3]


def test_csv_ledger(result: CheckResult, tmp_path: Path) -> None:
    rows: list[LedgerRow] = ledger_rows(result)
    path = tmp_path / "ledger.csv"
    write_csv(rows, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))
    assert lines[0] == list(HEADER)
    assert len(lines) == 1 + len(rows)
    assert {line[HEADER.index("灯")] for line in lines[1:]} >= {"green", "yellow", "red"}


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
