"""The ledger as a printable Excel workbook (openpyxl): kept apart from `pipeline.ledger` so that
only the commands that write a workbook import openpyxl.

The workbook is write-only: each row goes to the file as it is made, so memory stays flat however
many measures the index holds. Over all 5,864 real documents (143,000 ledger rows) the workbook
took 1.2 GB and 54 s as a regular one; the first version, which found each row just appended as
`ws[ws.max_row]` (a pass over every cell of the sheet), had not finished after 15 minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell as SheetCell
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from duban.base.vocab import STATUS_LABELS, status_label
from duban.pipeline.changes import ChangeList, local_time, table_lines
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


_HEADER_STYLE = "台账表头"
_PERCENT = "%"


def cell_styles(wb: Workbook) -> dict[tuple[str, str], str]:
    """A named cell style for the header and for each kind of body cell (text, date or share,
    with the light's colour or none), registered once: one `style` assignment a cell, where
    setting alignment, border, number format and fill one by one looked each up in the
    workbook's style tables (0.65 ms a ledger row, four times this)."""
    wb.add_named_style(
        NamedStyle(
            name=_HEADER_STYLE,
            font=Font(bold=True),
            fill=_HEADER_FILL,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=_BORDER,
        )
    )
    names: dict[tuple[str, str], str] = {}
    for kind, label, number_format in (
        ("text", "正文", "General"),
        ("date", "日期", DATE_FORMAT),
        (_PERCENT, "比例", "0.0%"),
    ):
        for colour in ("", *FILLS):
            name = f"台账{label}{colour}"
            style = NamedStyle(
                name=name,
                alignment=Alignment(wrap_text=True, vertical="top"),
                border=_BORDER,
                number_format=number_format,
            )
            if colour:
                style.fill = _fill(colour)
            wb.add_named_style(style)
            names[kind, colour] = name
    return names


def _cell(ws: WriteOnlyWorksheet, value: Cell, style: str | StyleArray) -> SheetCell:
    """A styled cell whose text stays text: openpyxl reads a string opening with `=` as a formula,
    so a title or measure written `=HYPERLINK(…)` would run in Excel (formula injection); typed as
    a string it shows as written. (`+`, `-`, `@` are written as strings already.) A body cell's
    style comes as the array a named style sets (`_style_arrays`): assigning the name looks it up
    in a list of the workbook's names built anew twice a cell (a sheet of 360,000 cells: 7.9 s
    of CPU with the name, 6.1 with the array)."""
    if isinstance(style, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.style = style
    else:  # as `WriteOnlyCell` makes it, with the style's array copied in
        cell = SheetCell(ws, row=1, column=1, value=value, style_array=style)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def _cells_as_given(ws: WriteOnlyWorksheet) -> None:
    """Have `ws.append` take the cells `_cell` made as they are. openpyxl's write-only sheet
    first tries each appended value as a plain value (`cell.value = value`), which for a cell
    raises a ValueError whose message formats the cell, then takes the cell, and makes a fresh
    blank cell after each styled one (the same sheet: 6.1 → 3.7 s of CPU). Every value
    `table_sheet` appends is such a cell (never a hyperlink), which this places at its row and
    column as openpyxl's own path does; kept to openpyxl's 3.1 sheet (`_values_to_row`)."""
    if not callable(getattr(ws, "_values_to_row", None)):
        return

    def values_to_row(values: Iterable[SheetCell], row_idx: int) -> Iterator[SheetCell]:
        for col_idx, cell in enumerate(values, 1):
            cell.column = col_idx
            cell.row = row_idx
            yield cell

    ws._values_to_row = values_to_row


def _style_arrays(
    ws: WriteOnlyWorksheet, styles: dict[tuple[str, str], str]
) -> dict[tuple[str, str], StyleArray]:
    """What assigning each named style sets on a cell of `ws`'s workbook, read once."""
    arrays: dict[tuple[str, str], StyleArray] = {}
    for kind, name in styles.items():
        probe = WriteOnlyCell(ws)
        probe.style = name
        arrays[kind] = probe._style
    return arrays


def table_sheet(
    ws: WriteOnlyWorksheet,
    header: Sequence[str],
    widths: Sequence[int],
    lines: Iterable[tuple[Sequence[Cell], str]],
    title: str,
    styles: dict[tuple[str, str], str],
    percent_column: int | None = None,
) -> int:
    """A printable table: bold header on a tint, the light's fill across the whole row, dates as
    date cells, autofilter, frozen header, landscape A4 fitted to the width, header on each page.
    What the file writes before its rows (widths, frozen header, fit to page) is set first. The rows written."""
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    _cells_as_given(ws)
    ws.append([_cell(ws, name, _HEADER_STYLE) for name in header])
    arrays = _style_arrays(ws, styles)
    count = 0
    for values, colour in lines:
        ws.append(
            [
                _cell(
                    ws,
                    value,
                    arrays[
                        _PERCENT
                        if column == percent_column
                        else "date"
                        if isinstance(value, dt.date)
                        else "text",
                        colour,
                    ],
                )
                for column, value in enumerate(values, 1)
            ]
        )
        count += 1
    last = get_column_letter(len(header))
    ws.auto_filter.ref = f"A1:{last}{max(count + 1, 2)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    return count


def _due_soon(ws: WriteOnlyWorksheet, rows: int, header: Sequence[str]) -> None:
    """Dark red bold for an unfinished measure due within seven days of the day the file is
    opened (Excel's TODAY()), whatever the day it was written."""
    if rows < 1:
        return
    due_column = get_column_letter(header.index("截止日期") + 1)
    status_column = get_column_letter(header.index("状态") + 1)
    first_due, first_status = f"${due_column}2", f"${status_column}2"
    formula = (
        f'AND({first_status}<>"{STATUS_LABELS["done"]}",ISNUMBER({first_due}),'
        f"{first_due}>=TODAY(),{first_due}-TODAY()<={DUE_SOON_DAYS})"
    )
    ws.conditional_formatting.add(
        f"A2:{get_column_letter(len(header))}{rows + 1}",
        FormulaRule(formula=[formula], font=Font(bold=True, color=DUE_SOON_FONT), stopIfTrue=False),
    )


CHANGES_HEADER = ("分类", "文件", "文号", "举措", "责任单位", "原状态", "新状态", "时间", "来源")
CHANGES_WIDTHS = (10, 24, 16, 44, 20, 9, 9, 16, 16)
_CHANGE_FILLS = {"done": "green", "overdue": "red", "lagging": "yellow"}


def change_lines(changes: ChangeList) -> Iterable[tuple[list[Cell], str]]:
    """The 本期变化 sheet's rows, group by group as `duban changes` lists them, each in its
    new status's colour."""
    for label, line in table_lines(changes):
        yield (
            [
                label,
                line.directive,
                line.doc_number,
                line.measure,
                "、".join(line.units),
                line.old_text,
                status_label(line.new),
                local_time(line.at),
                line.cause_text,
            ],
            _CHANGE_FILLS.get(line.group, ""),
        )


def build_workbook(
    rows: Sequence[LedgerRow], as_of: str | None = None, changes: ChangeList | None = None
) -> Workbook:
    """The ledger workbook: sheets 台账, 按单位 and 单位统计 (write-only: save it once), and with
    `changes` a fourth, 本期变化: what the checks of the period changed (`pipeline.changes`)."""
    wb = Workbook(write_only=True)
    stamp = f"（截至 {as_of}）" if as_of else ""
    styles = cell_styles(wb)
    ws = wb.create_sheet("台账")
    lines = ((row.cells(), row.light) for row in rows)
    _due_soon(ws, table_sheet(ws, HEADER, WIDTHS, lines, f"督办台账{stamp}", styles), HEADER)
    by_unit = wb.create_sheet("按单位")
    written = table_sheet(
        by_unit, UNIT_HEADER, UNIT_WIDTHS, unit_lines(rows), f"督办台账按单位{stamp}", styles
    )
    _due_soon(by_unit, written, UNIT_HEADER)
    summary = wb.create_sheet("单位统计")
    table_sheet(
        summary,
        SUMMARY_HEADER,
        SUMMARY_WIDTHS,
        ((r, "") for r in unit_summary(rows)),
        f"完成情况{stamp}",
        styles,
        percent_column=len(SUMMARY_HEADER),
    )
    if changes is not None:
        sheet = wb.create_sheet("本期变化")
        title = f"本期变化：{changes.heading()}"
        table_sheet(sheet, CHANGES_HEADER, CHANGES_WIDTHS, change_lines(changes), title, styles)
    return wb
