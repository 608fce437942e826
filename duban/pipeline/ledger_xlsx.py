"""The ledger as a printable Excel workbook, streamed by the project's own small writer
(`pipeline.xlsx_writer`): each row goes to the file as it is made, as XML text, so memory stays flat
however many measures the index holds and no object is made a cell.

Over all 5,864 real documents (141,000 ledger rows, five million cells with the 本期变化 sheet)
openpyxl's write-only sheet took about 60 s of CPU (making, styling and serialising a cell object
was 80% of it; a patch of its private `_values_to_row` had already saved a third), XlsxWriter 40 s;
the sheets written as text take about a quarter of openpyxl's time. openpyxl stays the reader of
spreadsheets (loaders, tests). The cells read back as openpyxl wrote them: values, types, number
formats, fills, fonts, borders, alignment, and the named styles (台账表头, 台账正文…) in Excel's
gallery, from the fixed `STYLES_XML`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
from duban.pipeline.xlsx_writer import Book, PrintSetup, Sheet, Writer, column_letter

_HEADER_FILL = "D9E1F2"
_BORDER_COLOUR = "BFBFBF"
_KINDS = (("text", "正文", 0), ("date", "日期", 164), ("%", "比例", 165))
_COLOURS = ("", *FILLS)
HEADER_STYLE = 1  # the cell format of a table's header row


def body_style(kind: str, colour: str = "") -> int:
    """The cell format of a body cell: `kind` text, date or `%` (a share), in the light's
    `colour` or none; 2 to 13, after the default (0) and the header (1)."""
    return 2 + [k for k, _, _ in _KINDS].index(kind) * len(_COLOURS) + _COLOURS.index(colour)


def _styles_xml() -> str:
    """The workbook's fixed styles: the header (bold, centred, on a tint) and the body kinds, each
    in each light's fill, thin grey borders, wrapped text; a named style each, as openpyxl's
    `NamedStyle`s were; one differential format (dark red bold) for the due-soon highlight."""
    fill = '<fill><patternFill patternType="solid"><fgColor rgb="00{0}"/><bgColor rgb="00{0}"/></patternFill></fill>'
    fills = [
        "<fill><patternFill/></fill>",
        '<fill><patternFill patternType="gray125"/></fill>',
        fill.format(_HEADER_FILL),
        *(fill.format(FILLS[c]) for c in FILLS),
    ]
    side = f'style="thin"><color rgb="00{_BORDER_COLOUR}"/>'
    border = f"<border><left {side}</left><right {side}</right><top {side}</top><bottom {side}</bottom><diagonal/></border>"
    header = (
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" applyAlignment="1"{}>'
        '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    )
    body = []
    names = ['<cellStyle name="Normal" xfId="0" builtinId="0"/>', '<cellStyle name="台账表头" xfId="1"/>']
    for _, label, number in _KINDS:
        for colour in _COLOURS:
            fill_id = 0 if not colour else 3 + list(FILLS).index(colour)
            body.append(
                f'<xf numFmtId="{number}" fontId="2" fillId="{fill_id}" borderId="1" applyAlignment="1"{{}}>'
                '<alignment vertical="top" wrapText="1"/></xf>'
            )
            names.append(f'<cellStyle name="台账{label}{colour}" xfId="{len(names)}"/>')
    style_xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>',
        header.format(""),
        *(b.format("") for b in body),
    ]
    cell_xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', header.format(' xfId="1"')]
    cell_xfs += [b.format(f' xfId="{i}"') for i, b in enumerate(body, 2)]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/>'
        '<numFmt numFmtId="165" formatCode="0.0%"/></numFmts>'
        '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '<font><b val="1"/></font><font/></fonts>'
        f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
        f'<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>{border}</borders>'
        f'<cellStyleXfs count="{len(style_xfs)}">{"".join(style_xfs)}</cellStyleXfs>'
        f'<cellXfs count="{len(cell_xfs)}">{"".join(cell_xfs)}</cellXfs>'
        f'<cellStyles count="{len(names)}">{"".join(names)}</cellStyles>'
        f'<dxfs count="1"><dxf><font><b val="1"/><color rgb="00{DUE_SOON_FONT}"/></font></dxf></dxfs>'
        '<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
        "</styleSheet>"
    )


STYLES_XML = _styles_xml()
_FOOTER = "第 &P 页，共 &N 页"


def table_sheet(
    book: Writer,
    name: str,
    header: Sequence[str],
    widths: Sequence[int],
    lines: Iterable[tuple[Sequence[Cell], str]],
    title: str,
    percent_column: int | None = None,
    due_soon: bool = False,
) -> int:
    """A printable sheet `name`: bold header on a tint, the light's fill across the whole row,
    dates as date cells, autofilter, frozen header, landscape A4 fitted to the width, header on
    each page; with `due_soon`, the highlight of measures about to fall due. The rows written."""
    with book.sheet(name, widths) as sheet:
        sheet.row(header, HEADER_STYLE)
        styles = {colour: (body_style("text", colour), body_style("date", colour)) for colour in _COLOURS}
        shares = (
            {colour: {percent_column: body_style("%", colour)} for colour in _COLOURS}
            if percent_column
            else None
        )
        count = 0
        for values, colour in lines:
            text, date = styles[colour]
            sheet.row(values, text, date, shares[colour] if shares else None)
            count += 1
        sheet.auto_filter = f"A1:{column_letter(len(header))}{max(count + 1, 2)}"
        sheet.print_setup = PrintSetup(title, _FOOTER)
        if due_soon:
            _due_soon(sheet, count, header)
    return count


def _due_soon(sheet: Sheet, rows: int, header: Sequence[str]) -> None:
    """Dark red bold for an unfinished measure due within seven days of the day the file is
    opened (Excel's TODAY()), whatever the day it was written."""
    if rows < 1:
        return
    due_column = column_letter(header.index("截止日期") + 1)
    status_column = column_letter(header.index("状态") + 1)
    first_due, first_status = f"${due_column}2", f"${status_column}2"
    formula = (
        f'AND({first_status}<>"{STATUS_LABELS["done"]}",ISNUMBER({first_due}),'
        f"{first_due}>=TODAY(),{first_due}-TODAY()<={DUE_SOON_DAYS})"
    )
    sheet.conditional(f"A2:{column_letter(len(header))}{rows + 1}", formula)


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
) -> Book:
    """The ledger workbook: sheets 台账, 按单位 and 单位统计, and with `changes` a fourth, 本期变化:
    what the checks of the period changed (`pipeline.changes`). Drawn when saved, a row at a time
    (`Book.save` takes a path or a binary stream)."""
    stamp = f"（截至 {as_of}）" if as_of else ""

    def draw(book: Writer) -> None:
        lines = ((row.cells(), row.light) for row in rows)
        table_sheet(book, "台账", HEADER, WIDTHS, lines, f"督办台账{stamp}", due_soon=True)
        by_unit = unit_lines(rows)
        table_sheet(
            book, "按单位", UNIT_HEADER, UNIT_WIDTHS, by_unit, f"督办台账按单位{stamp}", due_soon=True
        )
        summary = ((r, "") for r in unit_summary(rows))
        title = f"完成情况{stamp}"
        table_sheet(book, "单位统计", SUMMARY_HEADER, SUMMARY_WIDTHS, summary, title, len(SUMMARY_HEADER))
        if changes is not None:
            title = f"本期变化：{changes.heading()}"
            table_sheet(book, "本期变化", CHANGES_HEADER, CHANGES_WIDTHS, change_lines(changes), title)

    return Book(draw, STYLES_XML)
