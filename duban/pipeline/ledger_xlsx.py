"""The ledger as a printable Excel workbook (openpyxl): kept apart from `pipeline.ledger` so that
only the commands that write a workbook import openpyxl."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from duban.base.vocab import STATUS_LABELS
from duban.pipeline.ledger import (
    DATE_FORMAT,
    DUE_SOON_DAYS,
    DUE_SOON_FONT,
    FILLS,
    HEADER,
    SUMMARY_HEADER,
    SUMMARY_WIDTHS,
    UNIT_HEADER,
    UNIT_WIDTHS,
    WIDTHS,
    Cell,
    LedgerRow,
    unit_lines,
    unit_summary,
)

_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", start_color="D9E1F2", end_color="D9E1F2")


def _fill(colour: str) -> PatternFill:
    return PatternFill("solid", start_color=FILLS[colour], end_color=FILLS[colour])


def _sheet(
    ws: Worksheet,
    header: Sequence[str],
    widths: Sequence[int],
    lines: Iterable[tuple[Sequence[Cell], str]],
    title: str,
) -> None:
    """A printable table: bold header on a tint, the light's fill across the whole row, dates as
    date cells, autofilter, frozen header, landscape A4 fitted to the width, header on each page."""
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    for values, colour in lines:
        ws.append(list(values))
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = _BORDER
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
            if colour:
                cell.fill = _fill(colour)
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    last = get_column_letter(len(header))
    ws.auto_filter.ref = f"A1:{last}{max(ws.max_row, 2)}"
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _due_soon(ws: Worksheet, due_column: str, status_column: str) -> None:
    """Dark red bold for an unfinished measure due within seven days of the day the file is
    opened (Excel's TODAY()), whatever the day it was written."""
    if ws.max_row < 2:
        return
    last = get_column_letter(ws.max_column)
    first_due, first_status = f"${due_column}2", f"${status_column}2"
    formula = (
        f'AND({first_status}<>"{STATUS_LABELS["done"]}",ISNUMBER({first_due}),'
        f"{first_due}>=TODAY(),{first_due}-TODAY()<={DUE_SOON_DAYS})"
    )
    ws.conditional_formatting.add(
        f"A2:{last}{ws.max_row}",
        FormulaRule(formula=[formula], font=Font(bold=True, color=DUE_SOON_FONT), stopIfTrue=False),
    )


def build_workbook(rows: Sequence[LedgerRow], as_of: str | None = None) -> Workbook:
    """The ledger workbook: sheets 台账, 按单位 and 单位统计."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    stamp = f"（截至 {as_of}）" if as_of else ""
    _sheet(ws, HEADER, WIDTHS, ((row.cells(), row.light) for row in rows), f"督办台账{stamp}")
    _due_soon(
        ws, get_column_letter(HEADER.index("截止日期") + 1), get_column_letter(HEADER.index("状态") + 1)
    )
    by_unit = wb.create_sheet("按单位")
    _sheet(by_unit, UNIT_HEADER, UNIT_WIDTHS, unit_lines(rows), f"督办台账按单位{stamp}")
    _due_soon(
        by_unit,
        get_column_letter(UNIT_HEADER.index("截止日期") + 1),
        get_column_letter(UNIT_HEADER.index("状态") + 1),
    )
    summary = wb.create_sheet("单位统计")
    _sheet(summary, SUMMARY_HEADER, SUMMARY_WIDTHS, ((r, "") for r in unit_summary(rows)), f"完成情况{stamp}")
    for (cell,) in summary.iter_rows(min_row=2, min_col=len(SUMMARY_HEADER), max_col=len(SUMMARY_HEADER)):
        cell.number_format = "0.0%"
    return wb
