"""The project's streaming .xlsx writer (`pipeline.xlsx_writer`) as the ledger draws with it
(`ledger_xlsx.table_sheet`): what openpyxl reads back (values and types, styles, sheet settings),
text that never becomes a formula, control characters refused, memory that does not grow with the
rows, and LibreOffice opening the file."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from duban.pipeline import xlsx_writer
from duban.pipeline.ledger import FILLS, Cell
from duban.pipeline.ledger_xlsx import STYLES_XML, table_sheet
from duban.pipeline.xlsx_writer import Book, IllegalCharacterError, Writer, excel_serial
from tests.libreoffice import convert, needs_soffice

HEADER = ("编号", "事项", "到期", "比例")
WIDTHS = (6, 30, 11, 8)
LINES: list[tuple[list[Cell], str]] = [
    ([1, "修好东门的路灯", dt.date(2024, 3, 31), 0.5], "green"),
    ([2, '=SUM(A1:A9)&"元"', dt.date(1900, 1, 15), 0.25], "red"),
    ([3, "+86 电话、-减号 与 @提及", None, 1.0], ""),
    ([4, "  前后留空  ", dt.datetime(2024, 5, 6, 12, 0), 0.0], "yellow"),
    ([5, "甲<乙>丙&丁\r\n第二行", "", 0.125], ""),
]


def drawn(lines: list[tuple[list[Cell], str]], title: str = "测试表（截至 2024-06-30）") -> Book:
    def draw(book: Writer) -> None:
        table_sheet(book, "事项", HEADER, WIDTHS, lines, title, percent_column=4)
        table_sheet(book, "第二页", ("说明",), (20,), [(["只有一行"], "")], "说明")

    return Book(draw, STYLES_XML)


def test_cells_read_back_with_their_values_types_and_styles(tmp_path: Path) -> None:
    """Text stays text however it opens (a formula-like string is a string), dates are date cells
    (Excel's phantom 1900-02-29 counted as openpyxl did), shares keep their percent format, the
    light fills the row, and whitespace and line breaks survive."""
    path = tmp_path / "表.xlsx"
    drawn(LINES).save(path)
    ws = load_workbook(path)["事项"]
    assert [c.value for c in ws[1]] == list(HEADER)
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("D9E1F2")
    assert ws["A1"].alignment.horizontal == "center"
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert values[0] == [1, "修好东门的路灯", dt.datetime(2024, 3, 31), 0.5]
    assert values[1][1] == '=SUM(A1:A9)&"元"' and ws["B3"].data_type == "s"
    assert values[1][2] == dt.datetime(1900, 1, 15)
    assert values[2][1].startswith("+86") and values[2][2] is None
    assert values[3][1] == "  前后留空  " and values[3][2] == dt.datetime(2024, 5, 6, 12, 0)
    assert values[4][1] == "甲<乙>丙&丁\r\n第二行" and values[4][2] is None
    assert ws["C2"].number_format == "yyyy-mm-dd" and ws["C2"].is_date
    assert ws["D2"].number_format == "0.0%" and ws["D3"].number_format == "0.0%"
    assert ws["B2"].fill.fgColor.rgb.endswith(FILLS["green"]) and ws["D3"].fill.fgColor.rgb.endswith(
        FILLS["red"]
    )
    assert ws["B4"].fill.fill_type is None
    assert ws["B2"].border.left.style == "thin" and ws["B2"].alignment.wrap_text
    assert ws["B2"].alignment.vertical == "top"


def test_sheet_settings_read_back(tmp_path: Path) -> None:
    """Widths, the frozen header, the filter over the rows written, the print setup and titles,
    the page header and footer, for each sheet."""
    path = tmp_path / "表.xlsx"
    drawn(LINES, "研发&测试").save(path)
    book = load_workbook(path)
    assert book.sheetnames == ["事项", "第二页"]
    ws = book["事项"]
    assert [ws.column_dimensions[c].width for c in "ABCD"] == list(WIDTHS)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D6"
    assert ws.print_title_rows == "$1:$1"
    assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("landscape", 9)
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_options.horizontalCentered
    assert (ws.page_margins.left, ws.page_margins.top) == (0.4, 0.6)
    # the title's `&` doubled: Excel prints `&&` as `&` (a single one before `D` would print the date)
    assert ws.oddHeader.center.text == "研发&&测试"
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert book["第二页"].auto_filter.ref == "A1:A2"


def test_a_control_character_is_refused_as_openpyxl_refused_it() -> None:
    """XML cannot carry most control characters: the text is refused, not written broken."""
    with pytest.raises(IllegalCharacterError):
        drawn([([1, "坏\x07字", None, 0.0], "")]).save(io.BytesIO())
    assert xlsx_writer.escape("制表\t换行\n") == "制表\t换行\n"


def test_excel_serials_count_as_excel_does() -> None:
    assert excel_serial(dt.date(1900, 1, 1)) == 1
    assert excel_serial(dt.date(1900, 3, 1)) == 61
    assert excel_serial(dt.date(2024, 1, 1)) == 45292
    assert excel_serial(dt.datetime(2024, 1, 1, 6)) == 45292.25


def test_a_workbook_that_cannot_be_written_raises_the_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        drawn(LINES).save(tmp_path / "没有的文件夹" / "表.xlsx")


def test_rows_go_to_the_file_as_they_are_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays flat: no more than a block of rows waits in memory, whatever the count."""
    monkeypatch.setattr(xlsx_writer, "_FLUSH_ROWS", 50)
    waiting: list[int] = []

    def draw(book: Writer) -> None:
        with book.sheet("长表", (10,)) as sheet:
            for i in range(1_000):
                sheet.row([f"第{i}行"], 2)
                waiting.append(len(sheet._pending))

    out = io.BytesIO()
    Book(draw, STYLES_XML).save(out)
    assert max(waiting) < 50
    rows = list(load_workbook(out, read_only=True)["长表"].iter_rows(values_only=True))
    assert len(rows) == 1_000 and rows[-1] == ("第999行",)


@needs_soffice("工作簿")
def test_libreoffice_opens_the_workbook_with_the_same_values(tmp_path: Path) -> None:
    """LibreOffice converts the first sheet to CSV with the values written (dates in the
    sheet's own format, shares as percentages). Dates before 1900-03-01 are left out: LibreOffice
    shows the serial Excel gives such a day as the day before."""
    path = tmp_path / "表.xlsx"
    lines: list[tuple[list[Cell], str]] = [
        LINES[0],
        ([2, '=SUM(A1:A9)&"元"', dt.date(2023, 12, 1), 0.25], "red"),
        LINES[2],
    ]
    drawn([*lines, ([4, "  前后留空  ", dt.date(2024, 5, 6), 0.0], "yellow")]).save(path)
    convert(path, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path, timeout=120)
    with (tmp_path / "表.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == list(HEADER)
    assert rows[1] == ["1", "修好东门的路灯", "2024-03-31", "50.0%"]
    assert rows[2] == ["2", '=SUM(A1:A9)&"元"', "2023-12-01", "25.0%"]
    assert rows[3] == ["3", "+86 电话、-减号 与 @提及", "", "100.0%"]
    assert rows[4] == ["4", "  前后留空  ", "2024-05-06", "0.0%"]
