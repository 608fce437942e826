"""Excel binary workbooks (.xlsb: Excel's "binary workbook" save format, chosen for large task
tables that arrive in nightly batches and mail attachments), read by python-calamine (MIT, the
Rust calamine) into the same sheets of cells `loaders.sheet` makes of an `.xlsx`, so that a task
table gives the same lines, measures, units and deadlines in either format.

An `.xlsb` is a zip package like an `.xlsx`, its parts binary records ([MS-XLSB] BIFF12) instead
of XML; `loaders.sheet` sends a zip holding `xl/workbook.bin` here whatever its name. Calamine
gives each sheet's values (dates as dates by the cell's number format, numbers as int or float)
but not an `.xlsb`'s merged ranges, and it lays a sheet out as a dense rectangle from its first to
its last cell: so before calamine runs, each visible worksheet's part is walked here once (its
records only, not their values) for its merged ranges and for the area its cells span. A sheet
whose cells span more than `MAX_AREA` (a stray cell at XFD1048576 would make calamine allocate 17
billion) is E021, as an `.xlsx` merging too many cells is. A damaged package or record is E017, a
password-protected workbook (an OLE file, handled by `loaders.sheet` before it gets here) E018.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban.base.errors import DubanError, E
from duban.base.limits import current
from duban.pipeline.loaders.package import parse_part, zip_damage
from duban.pipeline.loaders.relabel import damaged_detail
from duban.pipeline.loaders.sheet import _Sheet, _value_text

if TYPE_CHECKING:
    from python_calamine import CalamineWorkbook

log = logging.getLogger(__name__)

# The most cells a sheet's rectangle (first to last non-empty cell) may span: calamine holds the
# whole rectangle in memory, and the reader makes a Python value of each. A task table of 10,000
# rows by 50 columns is 500,000.
MAX_AREA = 5_000_000

_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# [MS-XLSB] record types read here.
_BUNDLE_SHEET = 0x009C  # BrtBundleSh: a sheet's state, relationship id and name
_END_BUNDLE_SHEETS = 0x0090
_ROW_HEADER = 0x0000  # BrtRowHdr: the row of the cells that follow
_CELLS = range(0x0002, 0x000C)  # BrtCellRk ... BrtFmlaError: cells with a value (blanks are 0x0001)
_MERGE_CELL = 0x00B0  # BrtMergeCell: first row, last row, first column, last column
_LAST_ROW = 0x0FFFFF
_LAST_COLUMN = 0x3FFF
_U32 = struct.Struct("<I")


def read_xlsb(path: Path, source: str) -> list[_Sheet]:
    """The visible worksheets of an `.xlsb`, in workbook order, as `loaders.sheet` reads sheets."""
    with zip_damage(source, E.SHEET_CORRUPT), zipfile.ZipFile(path) as package:
        layout = {name: _merges(package, part, name, source) for name, part in _sheet_parts(package, source)}
    import python_calamine

    # Opened as a stream: calamine then tells the format by the bytes (by a path, by its name, so a
    # renamed `.xlsb` would be taken for an `.xlsx`).
    with path.open("rb") as stream:
        try:
            book = python_calamine.CalamineWorkbook.from_filelike(stream)
        except MemoryError:
            raise
        except python_calamine.PasswordError as exc:
            raise DubanError(E.SHEET_ENCRYPTED, path=source, detail="Excel 二进制工作簿已加密") from exc
        except BaseException as exc:  # calamine's CalamineError, or a panic in its Rust (pyo3's
            # PanicException derives from BaseException: a record pointing past a table is one)
            raise _damaged(exc, source) from exc
        with book:
            return _read_sheets(book, layout, source)


def _read_sheets(
    book: CalamineWorkbook, layout: dict[str, list[tuple[int, int, int, int]]], source: str
) -> list[_Sheet]:
    """The sheets named in `layout` (the visible worksheets, with their merged ranges), read by
    calamine into cells placed where they are in the sheet."""
    sheets: list[_Sheet] = []
    for meta in book.sheets_metadata:
        if meta.name not in layout:  # hidden, a chart sheet, or one whose part is missing
            continue
        try:
            values = book.get_sheet_by_name(meta.name)
            start = values.start
            rows = values.to_python(skip_empty_area=True)
        except MemoryError:
            raise
        except BaseException as exc:  # as opening it, above
            raise _damaged(exc, source) from exc
        sheet = _Sheet(meta.name, merges=layout[meta.name])
        first_row, first_column = start or (0, 0)
        for row, cells in enumerate(rows, start=first_row):
            for column, value in enumerate(cells, start=first_column):
                text = _text(value)
                if text:
                    sheet.cells[(row, column)] = text
        sheets.append(sheet)
    return sheets


def _damaged(exc: BaseException, source: str) -> DubanError:
    """E017 for what calamine raised on a damaged workbook: an error or a panic of its Rust code;
    an interrupt or exit goes on as it is."""
    if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
        raise exc
    return DubanError(E.SHEET_CORRUPT, path=source, detail=damaged_detail(exc))


def _text(value: Any) -> str:
    """A calamine value as `loaders.sheet` writes a cell (a duration, which it gives for a time
    format over a day, as hours and minutes)."""
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return _value_text(value, "")


def _sheet_parts(package: zipfile.ZipFile, source: str) -> list[tuple[str, str]]:
    """The visible worksheets' names and parts, from `xl/workbook.bin` and its relationships."""
    names = set(package.namelist())
    if "xl/workbook.bin" not in names:
        raise DubanError(E.SHEET_CORRUPT, path=source, detail="缺少部件 xl/workbook.bin")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.bin.rels" in names:
        with package.open("xl/_rels/workbook.bin.rels") as stream:
            root, _ = parse_part(
                stream,
                source,
                current(),
                part="部件 xl/_rels/workbook.bin.rels ",
                what="Excel",
                corrupt=E.SHEET_CORRUPT,
                keep=True,
            )
        for relation in root.iter(_RELATIONSHIP) if root is not None else ():
            target = relation.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[relation.get("Id", "")] = resolved
    found: list[tuple[str, str]] = []
    book = package.read("xl/workbook.bin")
    for kind, at, size in _records(book, source, "xl/workbook.bin"):
        if kind == _END_BUNDLE_SHEETS:
            break
        if kind != _BUNDLE_SHEET:
            continue
        payload = book[at : at + size]
        state = _u32(payload, 0, source)
        relation, at = _wide(payload, 8, source)
        name, _ = _wide(payload, at, source)
        part = targets.get(relation or "")
        if state == 0 and part and part.startswith("xl/worksheets/") and part in names:
            found.append((name or "", part))
    return found


def _merges(package: zipfile.ZipFile, part: str, name: str, source: str) -> list[tuple[int, int, int, int]]:
    """A worksheet part's merged ranges, after checking the area its cells span (`MAX_AREA`)."""
    data = package.read(part)
    merges: list[tuple[int, int, int, int]] = []
    row = 0
    rows: set[int] = set()
    columns: set[int] = set()
    for kind, at, size in _records(data, source, part):
        if size < 4:
            continue
        if kind == _ROW_HEADER:
            row = _U32.unpack_from(data, at)[0]
        elif kind in _CELLS:
            rows.add(row)
            columns.add(_U32.unpack_from(data, at)[0])
        elif kind == _MERGE_CELL and size >= 16:
            first_row, last_row, first_column, last_column = struct.unpack_from("<4I", data, at)
            if first_row <= last_row <= _LAST_ROW and first_column <= last_column <= _LAST_COLUMN:
                merges.append((first_row, last_row, first_column, last_column))
    if rows and (max(rows) - min(rows) + 1) * (max(columns) - min(columns) + 1) > MAX_AREA:
        detail = f"工作表“{name}”的单元格区域超过 {MAX_AREA:,} 个"
        raise DubanError(E.DOCX_TOO_LARGE, path=source, what="Excel", detail=detail)
    return merges


def _records(data: bytes, source: str, part: str) -> Iterator[tuple[int, int, int]]:
    """A part's BIFF12 records as (type, where its payload starts, its size): each record's type
    (1-2 bytes) and size (1-4 bytes) are 7-bit variable-length numbers (most records have one
    byte of each: read at once); a record running past the part's end is E017."""
    at, end = 0, len(data)
    while at < end:
        if at + 1 < end and data[at] < 0x80 and data[at + 1] < 0x80:
            kind, size = data[at], data[at + 1]
            at += 2
        else:
            kind, at = _number(data, at, 2, source, part)
            size, at = _number(data, at, 4, source, part)
        if at + size > end:
            raise DubanError(E.SHEET_CORRUPT, path=source, detail=f"部件 {part} 的记录不完整")
        yield kind, at, size
        at += size


def _number(data: bytes, at: int, most: int, source: str, part: str) -> tuple[int, int]:
    value = 0
    for place in range(most):
        if at >= len(data):
            raise DubanError(E.SHEET_CORRUPT, path=source, detail=f"部件 {part} 的记录不完整")
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << (7 * place)
        if not byte & 0x80:
            break
    return value, at


def _u32(payload: bytes, at: int, source: str) -> int:
    if len(payload) < at + 4:
        raise DubanError(E.SHEET_CORRUPT, path=source, detail="记录过短")
    value: int = struct.unpack_from("<I", payload, at)[0]
    return value


def _wide(payload: bytes, at: int, source: str) -> tuple[str | None, int]:
    """An XLNullableWideString at `at`: its text (None when null) and where the next field starts."""
    count = _u32(payload, at, source)
    if count == 0xFFFFFFFF:
        return None, at + 4
    end = at + 4 + 2 * count
    if end > len(payload):
        raise DubanError(E.SHEET_CORRUPT, path=source, detail="工作表名称记录不完整")
    return payload[at + 4 : end].decode("utf-16-le", "replace"), end
