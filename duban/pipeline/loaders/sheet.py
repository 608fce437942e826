"""Spreadsheets (.xlsx, .xlsm, the templates .xltx and .xltm, .xlsb, .xls, .et, .csv): task-division
tables (任务分解表) and filled-in progress templates reach the supervision office as Excel files every night, and a task table in
a workbook must yield the same measures, units and deadlines as the same table in a `.docx`.

Each visible, non-empty worksheet is one page, in workbook order (hidden and very hidden sheets
are skipped: templates keep their lookup lists there). Each non-empty row is one line, its cells
joined by ` | ` as the Word loaders write a table row (`cells.row_line`), trailing empty cells
dropped, and entirely empty rows and columns skipped. A merged range is read as python-docx reads
a merged Word cell: a vertical merge repeats its value in every row it spans (a 牵头单位 merged
down over three tasks stays with each task), a horizontal merge is one cell (a title merged
across the sheet is one line). Date cells are written `2026年6月30日`, as the deadline extractor
reads them (a time only when it is not midnight); whole numbers without `.0`; formulas by their
cached value (what Excel or WPS saved), formula errors (`#N/A`) as empty cells.

The format is decided by the first bytes, not the name: a zip is an Office Open XML workbook
(openpyxl, `data_only=True`; a template the same way: openpyxl takes the template content types,
and with `keep_vba=False` drops a macro part unread; one holding `xl/workbook.bin` is an Excel
binary workbook, `.xlsb`, read by `loaders.xlsb` with python-calamine), an OLE compound file a BIFF `.xls` or WPS
`.et` (xlrd, `formatting_info=True` for merged cells), or a password-protected workbook (an `EncryptedPackage`
stream: E018). A "`.xls`" that is really a web page, an Excel 2003 XML workbook (SpreadsheetML)
or tab- or comma-separated text (what many office systems export as "Excel") is read as what it
is with a warning, as the `.doc` loader relabels; a Word or OpenDocument file (`.ods`, read by
`loaders.odf`) under a spreadsheet's name likewise. A damaged zip is E017 however `zipfile` fails
(`package.zip_damage`). A workbook package is checked as a `.docx` is (`loaders.package`: size from the zip
directory, its XML parts through a parser that resolves no entities, elements counted within
`--docx-max-elements`), and a sheet is cut at `MAX_ROWS` rows, a workbook at `MAX_CELLS` cells,
with a warning. Damaged is E017, encrypted E018, no text in any visible sheet E019.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders import OLE_MAGIC
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.ole import refuse_encrypted, stream_names
from duban.pipeline.loaders.package import check_sizes, parse_part, zip_damage
from duban.pipeline.loaders.relabel import damaged_detail, looks_like_html, office_package, relabelled

log = logging.getLogger(__name__)

# A task table has tens to hundreds of rows; a sheet of more is a data dump, and the pipeline's
# cost grows with the text (about 20 characters a cell). A sheet is cut at this many non-empty
# rows and the workbook at this many non-empty cells, with a warning.
MAX_ROWS = 10_000
MAX_CELLS = 200_000
# openpyxl makes an object for every cell a merged range covers, so a tiny hostile workbook that
# merges A1:XFD1048576 would ask for 17 billion of them: more merged cells than this is E021.
MAX_MERGED = 2_000_000

_ZIP_MAGIC = b"PK\x03\x04"
_SPREADSHEET_ML = b"urn:schemas-microsoft-com:office:spreadsheet"
_FORMULA_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
# The parts of a workbook package openpyxl parses for the cells' text, checked before it does.
_CHECKED_PARTS = re.compile(r"(\[Content_Types\]\.xml|.*\.rels|xl/[^/]*\.xml|xl/worksheets/[^/]*\.xml)")


@dataclass
class _Sheet:
    """One worksheet's non-empty cells (0-based row, column → text), before the merges are applied."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # Merged ranges as (first row, last row, first column, last column), inclusive.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def load_sheet(path: Path, source: str) -> RawDocument:
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if data.startswith(OLE_MAGIC):
        return _load_ole(path, source, data, suffix)
    if data.startswith(_ZIP_MAGIC):
        return _load_zip(path, source, suffix)
    if suffix == ".csv":
        return _load_csv(source, data, relabel=None)
    return _load_text(path, source, data, suffix)


# -- Office Open XML (.xlsx, .xlsm, .xltx, .xltm; a .xls or .et saved as one) --------------------------------


def _load_zip(path: Path, source: str, suffix: str) -> RawDocument:
    limits = current()
    with zip_damage(source, E.SHEET_CORRUPT), zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        if "xl/workbook.xml" in names:
            check_sizes(package, source, limits, "Excel")
            _check_parts(package, source, limits)
        elif "xl/workbook.bin" in names:  # an Excel binary workbook (.xlsb)
            check_sizes(package, source, limits, "Excel")
    if "xl/workbook.xml" not in names and "xl/workbook.bin" in names:
        return _load_xlsb(path, source, suffix)
    if "xl/workbook.xml" not in names:
        return _not_a_workbook_zip(path, source, suffix, names)
    try:
        sheets = _read_xlsx(path)
    except MemoryError:
        raise
    except DubanError:
        raise
    except Exception as exc:  # a damaged package fails in openpyxl's many own ways: all are E017
        raise DubanError(E.SHEET_CORRUPT, path=source, detail=damaged_detail(exc)) from exc
    document = _document(source, "xlsx", "openpyxl", sheets)
    if suffix in (".xls", ".et", ".xlsb"):
        relabelled(document, source, suffix, "Excel 2007 及以后的表格（.xlsx）")
    return document


def _load_xlsb(path: Path, source: str, suffix: str) -> RawDocument:
    """An Excel binary workbook, read by `loaders.xlsb` (python-calamine); under another
    spreadsheet's name it is read all the same, with a warning."""
    from duban.pipeline.loaders.xlsb import read_xlsb

    document = _document(source, "xlsb", "calamine", read_xlsb(path, source))
    if suffix != ".xlsb":
        relabelled(document, source, suffix, "Excel 二进制工作簿（.xlsb）")
    return document


def _check_parts(package: zipfile.ZipFile, source: str, limits: Limits) -> None:
    """Stream the XML parts openpyxl will parse through the safe parser (`loaders.package`):
    a DTD or broken XML is E017, more elements than the limit over all of them E021."""
    counted = 0
    merged = [0]

    def count_merged(element: Any) -> None:
        if isinstance(element.tag, str) and element.tag.endswith("}mergeCell"):
            merged[0] += _area(element.get("ref", ""))
            if merged[0] > MAX_MERGED:
                detail = f"合并单元格超过 {MAX_MERGED:,} 个"
                raise DubanError(E.DOCX_TOO_LARGE, path=source, what="Excel", detail=detail)

    for info in package.infolist():
        if info.is_dir() or not _CHECKED_PARTS.fullmatch(info.filename) or info.file_size == 0:
            continue
        with package.open(info) as stream:
            _, counted = parse_part(
                stream,
                source,
                limits,
                part=f"部件 {info.filename} ",
                what="Excel",
                corrupt=E.SHEET_CORRUPT,
                counted=counted,
                seen=count_merged if info.filename.startswith("xl/worksheets/") else None,
            )


_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


def _area(ref: str) -> int:
    """The number of cells a range reference (`A1:D5`, or one cell `B2`) covers."""
    places: list[tuple[int, int]] = []
    for part in ref.split(":"):
        corner = _REFERENCE.fullmatch(part)
        if corner is None:
            return 1
        column = 0
        for letter in corner.group(1).upper():
            column = column * 26 + ord(letter) - 64
        places.append((int(corner.group(2)), column))
    rows = max(row for row, _ in places) - min(row for row, _ in places) + 1
    columns = max(column for _, column in places) - min(column for _, column in places) + 1
    return rows * columns


def _read_xlsx(path: Path) -> list[_Sheet]:
    import warnings

    import openpyxl

    # Opened as a stream: openpyxl refuses a path whose name is not .xlsx/.xlsm/.xltx/.xltm (a renamed
    # .xls, .et). `keep_vba=False`: a macro-enabled workbook's or template's macros are not kept.
    with path.open("rb") as stream, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of extensions it drops (data validation, ...)
        book = openpyxl.load_workbook(
            stream, data_only=True, read_only=False, keep_links=False, keep_vba=False
        )
    try:
        sheets: list[_Sheet] = []
        for worksheet in book.worksheets:  # worksheets only: chart sheets have no cells
            if worksheet.sheet_state != "visible":
                continue
            sheet = _Sheet(worksheet.title)
            # The cells the file has (not the rectangle up to the last one: a stray cell at XFD1048576
            # must not make 17 billion empty ones).
            for (row, column), cell in worksheet._cells.items():
                text = _value_text(cell.value, cell.number_format)
                if text:
                    sheet.cells[(row - 1, column - 1)] = text
            sheet.merges = [
                (cells.min_row - 1, cells.max_row - 1, cells.min_col - 1, cells.max_col - 1)
                for cells in worksheet.merged_cells.ranges
            ]
            sheets.append(sheet)
        return sheets
    finally:
        book.close()


def _not_a_workbook_zip(path: Path, source: str, suffix: str, names: set[str]) -> RawDocument:
    """A zip under a spreadsheet's name that is not a workbook: a Word, PowerPoint or OpenDocument
    file is read as what it is, with a warning."""
    found = office_package(path, source, suffix, names)
    if found is None:
        raise DubanError(
            E.SHEET_CORRUPT, path=source, detail="是 zip 压缩包，但其中没有工作簿 xl/workbook.xml"
        )
    return found


# -- BIFF (.xls, .et) ----------------------------------------------------------------------------


def _load_ole(path: Path, source: str, data: bytes, suffix: str) -> RawDocument:
    names = stream_names(data, source, E.SHEET_CORRUPT)
    refuse_encrypted(names, source, E.SHEET_ENCRYPTED)
    if "Workbook" not in names and "Book" not in names:
        if "WordDocument" in names:
            from duban.pipeline.loaders.doc import load_doc

            return relabelled(load_doc(path, source), source, suffix, "Word 97-2003 文档（.doc）")
        raise DubanError(E.SHEET_CORRUPT, path=source, detail="OLE 复合文件中没有工作簿（Workbook）流")
    try:
        sheets = _read_biff(data)
    except MemoryError:
        raise
    except Exception as exc:  # xlrd's XLRDError, and struct/index errors on a damaged stream
        if "encrypted" in str(exc).lower():
            raise DubanError(E.SHEET_ENCRYPTED, path=source, detail="Excel 97-2003 文件已加密") from exc
        raise DubanError(E.SHEET_CORRUPT, path=source, detail=damaged_detail(exc)) from exc
    return _document(source, "xls", "xlrd", sheets)


def _read_biff(data: bytes) -> list[_Sheet]:
    import xlrd

    # xlrd writes its warnings to stdout unless given a log file: keep them out of `--format jsonl`.
    messages = io.StringIO()
    book = xlrd.open_workbook(
        file_contents=data, formatting_info=True, ragged_rows=True, logfile=messages, verbosity=0
    )
    try:
        formats = {key: fmt.format_str for key, fmt in book.format_map.items()}
        sheets: list[_Sheet] = []
        for worksheet in book.sheets():
            if worksheet.visibility != 0:
                continue
            sheet = _Sheet(worksheet.name)
            for row in range(worksheet.nrows):
                for column in range(worksheet.row_len(row)):
                    text = _biff_text(book, worksheet, row, column, formats)
                    if text:
                        sheet.cells[(row, column)] = text
            sheet.merges = [(r0, r1 - 1, c0, c1 - 1) for r0, r1, c0, c1 in worksheet.merged_cells]
            sheets.append(sheet)
    finally:
        book.release_resources()
    if messages.getvalue().strip():
        log.debug("xlrd: %s", messages.getvalue().strip()[:500])
    return sheets


def _biff_text(book: Any, worksheet: Any, row: int, column: int, formats: dict[int, str]) -> str:
    import xlrd

    kind = worksheet.cell_type(row, column)
    value = worksheet.cell_value(row, column)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if kind == xlrd.XL_CELL_DATE:
        try:
            return _value_text(xlrd.xldate.xldate_as_datetime(value, book.datemode), "")
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return _value_text(value, "")
    if kind == xlrd.XL_CELL_BOOLEAN:
        return _value_text(bool(value), "")
    number_format = ""
    if kind == xlrd.XL_CELL_NUMBER:
        xf = worksheet.cell_xf_index(row, column)
        if 0 <= xf < len(book.xf_list):
            number_format = formats.get(book.xf_list[xf].format_key, "")
    return _value_text(value, number_format)


# -- text (.csv; a web page or text under a spreadsheet's name) ---------------------------------


def _load_text(path: Path, source: str, data: bytes, suffix: str) -> RawDocument:
    """A spreadsheet's name on a file that is not a binary workbook: an HTML table, a SpreadsheetML
    export, or comma- or tab-separated text (what office systems export as "Excel") is read as
    what it is, with a warning; anything else is E017."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\r\n\t ")
    lowered = head[:1024].lower()
    if head.startswith(b"%PDF-"):
        from duban.pipeline.loaders.pdf import load_pdf

        return relabelled(load_pdf(path, source), source, suffix, "PDF 文件")
    if head.startswith(b"{\\rtf"):
        from duban.pipeline.loaders.rtf import load_rtf

        return relabelled(load_rtf(path, source), source, suffix, "RTF 文档")
    if _SPREADSHEET_ML in data[:4096]:
        document = _document(source, "xml", "spreadsheetml", _read_spreadsheet_ml(data, source))
        return relabelled(document, source, suffix, "Excel 2003 XML 表格")
    if looks_like_html(lowered):
        from duban.pipeline.loaders.text import load_html

        return relabelled(load_html(path, source), source, suffix, "网页（HTML）表格")
    if _binary(data[:4096]):
        raise DubanError(
            E.SHEET_CORRUPT, path=source, detail="既不是 Excel 工作簿，也不是文本，无法识别的格式"
        )
    document = _load_csv(source, data, relabel=suffix)
    return document


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_X = "{urn:schemas-microsoft-com:office:excel}"


def _read_spreadsheet_ml(data: bytes, source: str) -> list[_Sheet]:
    """The sheets of an Excel 2003 XML workbook (SpreadsheetML, what many office systems export
    under a `.xls` name): rows and cells placed by their `ss:Index`, merges by `ss:MergeAcross` and
    `ss:MergeDown`, `DateTime` data as dates; read through the safe parser (`loaders.package`)."""
    root, _ = parse_part(
        io.BytesIO(data), source, current(), part="XML ", what="Excel", corrupt=E.SHEET_CORRUPT, keep=True
    )
    sheets: list[_Sheet] = []
    if root is None:
        return sheets
    for worksheet in root.iter(f"{_SS}Worksheet"):
        visible = worksheet.findtext(f"{_X}WorksheetOptions/{_X}Visible") or ""
        if visible.startswith("Sheet") and visible != "SheetVisible":  # SheetHidden, SheetVeryHidden
            continue
        sheet = _Sheet(worksheet.get(f"{_SS}Name", ""))
        row = -1
        for row_element in worksheet.iterfind(f"{_SS}Table/{_SS}Row"):
            row = _index(row_element, row)
            column = -1
            for cell in row_element.iterfind(f"{_SS}Cell"):
                column = _index(cell, column)
                across = _int(cell.get(f"{_SS}MergeAcross"))
                down = _int(cell.get(f"{_SS}MergeDown"))
                if across or down:
                    sheet.merges.append((row, row + down, column, column + across))
                text = _ml_text(cell.find(f"{_SS}Data"))
                if text:
                    sheet.cells[(row, column)] = text
                column += across
        sheets.append(sheet)
    return sheets


def _index(element: Any, previous: int) -> int:
    """A row's or cell's 0-based place: its `ss:Index` (1-based) when given, else the next one."""
    given = _int(element.get(f"{_SS}Index"))
    return given - 1 if given > previous + 1 else previous + 1


def _int(value: str | None) -> int:
    try:
        return max(0, min(int(value or 0), 1_048_576))
    except ValueError:
        return 0


def _ml_text(data: Any) -> str:
    if data is None:
        return ""
    text = "".join(data.itertext())
    kind = data.get(f"{_SS}Type", "String")
    if kind == "DateTime":
        try:
            return _value_text(dt.datetime.fromisoformat(text.strip()[:19]), "")
        except ValueError:
            return cell_text(text)
    if kind == "Number":
        try:
            return _number(float(text), "")
        except ValueError:
            return cell_text(text)
    if kind == "Error":
        return ""
    return cell_text(text)


def _binary(head: bytes) -> bool:
    """Control bytes other than tab and line ends (UTF-16 text's zero bytes apart) mark a file
    that is not text."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[1::2].count(0) > len(head) // 4:
        return False
    return sum(1 for byte in head if byte < 0x20 and byte not in b"\t\r\n\x0c") > max(2, len(head) // 100)


def _load_csv(source: str, data: bytes, relabel: str | None) -> RawDocument:
    from duban.pipeline.loaders.text import decode_with_warnings

    text, warnings = decode_with_warnings(data, source)
    delimiter = _delimiter(text)
    sheet = _Sheet("")
    try:
        for row, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
            for column, value in enumerate(values):
                cleaned = cell_text(value)
                if cleaned:
                    sheet.cells[(row, column)] = cleaned
            if len(sheet.cells) > MAX_CELLS:
                break
    except csv.Error as exc:
        raise DubanError(E.SHEET_CORRUPT, path=source, detail=f"CSV 格式错误：{exc}") from exc
    document = _document(source, "csv", "csv", [sheet])
    document.warnings[:0] = warnings
    if relabel is not None:
        what = "以制表符分隔的文本" if delimiter == "\t" else "以逗号分隔的文本（CSV）"
        relabelled(document, source, relabel, what)
    return document


def _delimiter(text: str) -> str:
    """Tab, semicolon or comma: whichever splits the first lines most evenly (a tab-separated export
    is common under a `.xls` name)."""
    lines = [line for line in text[:8192].splitlines()[:20] if line.strip()]
    best, score = ",", 0.0
    for candidate in (",", "\t", ";"):
        counts = [line.count(candidate) for line in lines]
        if not counts or not max(counts):
            continue
        steady = sum(1 for count in counts if count == max(counts)) / len(counts)
        value = steady * max(counts) ** 0.5
        if value > score:
            best, score = candidate, value
    return best


# -- cells to lines ------------------------------------------------------------------------------


def _value_text(value: object, number_format: str) -> str:
    """A cell's value as the text a reader of the table sees."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        day = f"{value.year}年{value.month}月{value.day}日"
        if value.time() == dt.time():
            return day
        clock = f"{value.hour}:{value.minute:02d}" + (f":{value.second:02d}" if value.second else "")
        return f"{day} {clock}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return _number(float(value), number_format) if isinstance(value, float) else str(value)
    text = cell_text(str(value))
    return "" if text in _FORMULA_ERRORS else text


def _number(value: float, number_format: str) -> str:
    """A number as written: a percentage with its sign, a whole number without `.0`, others
    without float noise (0.30000000000000004 → 0.3)."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if number_format.rstrip().endswith("%"):
        return f"{value * 100:.10g}%"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.15g}"


def _rows(sheet: _Sheet) -> tuple[list[list[str]], int]:
    """The sheet's lines of cells with its merges applied, empty rows and columns skipped, and
    how many non-empty rows were left out beyond `MAX_ROWS`."""
    cells = sheet.cells
    covered: set[tuple[int, int]] = set()
    for first_row, last_row, first_column, last_column in sheet.merges:
        if (last_row - first_row + 1) * (last_column - first_column + 1) > MAX_CELLS:
            continue  # a merge over a whole sheet's columns: nothing to repeat, only to cost
        value = cells.get((first_row, first_column), "")
        for row in range(first_row, last_row + 1):
            if value:
                cells[(row, first_column)] = value
            for column in range(first_column + 1, last_column + 1):
                covered.add((row, column))
                cells.pop((row, column), None)
    by_row: dict[int, list[int]] = {}
    for row, column in cells:
        by_row.setdefault(row, []).append(column)
    columns = sorted({column for _, column in cells})
    rows: list[list[str]] = []
    kept = sorted(by_row)
    for row in kept[:MAX_ROWS]:
        line = [cells.get((row, column), "") for column in columns if (row, column) not in covered]
        while line and not line[-1]:
            line.pop()
        if line:
            rows.append(line)
    return rows, max(0, len(kept) - MAX_ROWS)


def _document(source: str, kind: str, extractor: str, sheets: Iterable[_Sheet]) -> RawDocument:
    pages: list[RawPage] = []
    warnings: list[str] = []
    visible = 0
    cells = 0
    for sheet in sheets:
        visible += 1
        rows, left_out = _rows(sheet)
        if not rows:
            continue
        name = f"工作表“{sheet.name}”" if sheet.name else "表格"
        if left_out:
            warnings.append(f"{source}：{name}超过 {MAX_ROWS:,} 行，其后 {left_out:,} 行未读取")
        kept = list(_within(rows, MAX_CELLS - cells))
        cells += sum(len(row) for row in kept)
        if len(kept) < len(rows):
            warnings.append(
                f"{source}：表格超过 {MAX_CELLS:,} 个单元格，{name}只读取了前 {len(kept):,} 行，其后未读取"
            )
        if kept:
            text = "\n".join(row_line(row) for row in kept)
            pages.append(RawPage(len(pages) + 1, text, extractor, tables=[kept], note=name))
        if cells >= MAX_CELLS:
            break
    if not pages:
        detail = "所有工作表都是空的" if visible else "没有可见的工作表"
        raise DubanError(E.SHEET_NO_TEXT, path=source, detail=detail)
    return RawDocument(source=source, format=kind, pages=pages, warnings=warnings)


def _within(rows: list[list[str]], budget: int) -> Iterator[list[str]]:
    for row in rows:
        budget -= len(row)
        if budget < 0:
            return
        yield row
