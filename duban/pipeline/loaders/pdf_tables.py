"""Ruled tables in PDFs: a cheap pdfium check says which pages have a grid, pdfplumber reads those.

pdfplumber's table finder costs ~100x pdfium's text extraction, so it runs only on pages whose
vector paths rule a table of two or more columns (see `_Rules`).
Its finds are then filtered: a ruled frame around body text is a one-column "table", and web pages
printed to PDF give layout boxes that run off the page; neither is a table.
"""

from __future__ import annotations

import ctypes
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from duban.pipeline.loaders.pdf_layout import Line, lead_length, restore_hyphens

Box = tuple[float, float, float, float]
# A rule is a straight, axis-parallel segment at least this long (points); shorter ones are glyph bits.
MIN_RULE = 3.0
# Rules closer than this (points) are one rule drawn twice (thin filled rectangles have two edges).
RULE_SNAP = 2.0
# A table may overhang the page by this much (points) before it counts as a layout box.
PAGE_SLACK = 2.0
_PATH, _IMAGE, _FORM = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM
_INT, _ADDRESS = ctypes.c_int, ctypes.c_void_p


def on_addresses(function: Any, restype: Any, *argtypes: Any) -> Any:
    """A pypdfium2 raw binding re-declared to take and give handles as plain addresses (ints; None
    for a null one), in the binding's own calling convention (stdcall on 32-bit Windows).

    pypdfium2 declares handles as ctypes pointer types, so each call it answers makes a pointer
    object and each call given an address needs one: on a page's thousand objects or characters
    that costs more than pdfium's work.
    """
    factory = ctypes.CFUNCTYPE
    if type(function)._flags_ != factory(restype)._flags_:
        factory = getattr(ctypes, "WINFUNCTYPE")  # noqa: B009 (absent from the stubs off Windows)
    return ctypes.cast(function, factory(restype, *argtypes))


_GET_OBJECT = on_addresses(pdfium_c.FPDFPage_GetObject, _ADDRESS, _ADDRESS, _INT)
_GET_FORM_OBJECT = on_addresses(pdfium_c.FPDFFormObj_GetObject, _ADDRESS, _ADDRESS, ctypes.c_ulong)
_COUNT_FORM_OBJECTS = on_addresses(pdfium_c.FPDFFormObj_CountObjects, _INT, _ADDRESS)
_GET_TYPE = on_addresses(pdfium_c.FPDFPageObj_GetType, _INT, _ADDRESS)
_GET_MATRIX = on_addresses(pdfium_c.FPDFPageObj_GetMatrix, _INT, _ADDRESS, _ADDRESS)
_COUNT_SEGMENTS = on_addresses(pdfium_c.FPDFPath_CountSegments, _INT, _ADDRESS)
_GET_SEGMENT = on_addresses(pdfium_c.FPDFPath_GetPathSegment, _ADDRESS, _ADDRESS, _INT)
_SEGMENT_TYPE = on_addresses(pdfium_c.FPDFPathSegment_GetType, _INT, _ADDRESS)
_SEGMENT_POINT = on_addresses(pdfium_c.FPDFPathSegment_GetPoint, _INT, _ADDRESS, _ADDRESS, _ADDRESS)
_SEGMENT_CLOSE = on_addresses(pdfium_c.FPDFPathSegment_GetClose, _INT, _ADDRESS)

_LATIN_EDGE = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


@dataclass
class PageObjects:
    """What a page is drawn with, counted from pdfium's page objects."""

    images: int = 0
    paths: int = 0
    ruled: bool = False
    total: int = 0  # every object, those inside forms too: what the PDF object budget counts


@dataclass
class FoundTable:
    """A table pdfplumber found and the filters kept: rows of cell text, and the cell boxes."""

    rows: list[list[str]]
    bbox: Box
    cells: list[list[Box | None]]


def scan_objects(page: pdfium.PdfPage, find_rules: bool = True, max_depth: int = 3) -> PageObjects:
    """Count images and paths and, if asked, tell whether the paths rule a table; one pass.

    Objects inside form XObjects count too. Objects are handled as plain addresses (see
    `on_addresses`) and typed in one `map`: a page of text has a thousand objects or more, nearly
    all of them text, which need nothing else.
    """
    found = PageObjects()
    rules = _Rules()
    page_address = ctypes.cast(page.raw, ctypes.c_void_p).value
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    pending = [(list(map(_GET_OBJECT, itertools.repeat(page_address, count), range(count))), 0)]
    while pending:
        objects, depth = pending.pop()
        found.total += len(objects)
        kinds = list(map(_GET_TYPE, objects))
        found.images += kinds.count(_IMAGE)
        found.paths += kinds.count(_PATH)
        if not ((find_rules and _PATH in kinds) or _FORM in kinds):
            continue
        for obj, kind in zip(objects, kinds, strict=True):
            if kind == _PATH and find_rules:
                _collect_rules(obj, rules)
            elif kind == _FORM and depth < max_depth:
                pending.append((_form_objects(obj), depth + 1))
    found.ruled = rules.has_column_rule()
    return found


def _form_objects(form: int | None) -> list[int | None]:
    count = _COUNT_FORM_OBJECTS(form)
    return list(map(_GET_FORM_OBJECT, itertools.repeat(form, count), range(count)))


@dataclass
class _Rules:
    """A page's straight, axis-parallel path segments: horizontal (y, x0, x1), vertical (x, y0, y1).

    A ruled table of two or more columns has an inner column rule: a vertical segment whose both
    ends sit inside horizontal rules (T-junctions). Frames, boxes side by side, underlines and
    header bars have none, so this tells pages worth pdfplumber's time from the rest.
    """

    horizontal: list[tuple[float, float, float]] = field(default_factory=list)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)

    def add(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        dx, dy = abs(a[0] - b[0]), abs(a[1] - b[1])
        if dy < 0.5 and dx >= MIN_RULE:
            self.horizontal.append((a[1], min(a[0], b[0]), max(a[0], b[0])))
        elif dx < 0.5 and dy >= MIN_RULE:
            self.vertical.append((a[0], min(a[1], b[1]), max(a[1], b[1])))

    def has_column_rule(self) -> bool:
        rows = _merge_rules(self.horizontal)
        return any(_inside_rule(rows, x, y0) and _inside_rule(rows, x, y1) for x, y0, y1 in self.vertical)


def _merge_rules(segments: list[tuple[float, float, float]]) -> dict[int, list[tuple[float, float]]]:
    """Horizontal rules by snapped height, with pieces that touch (a row of cell borders) joined."""
    rows: dict[int, list[tuple[float, float]]] = {}
    for y, x0, x1 in sorted(segments, key=lambda s: s[1]):
        pieces = rows.setdefault(round(y / RULE_SNAP), [])
        if pieces and x0 <= pieces[-1][1] + RULE_SNAP:
            pieces[-1] = (pieces[-1][0], max(pieces[-1][1], x1))
        else:
            pieces.append((x0, x1))
    return rows


def _inside_rule(rows: dict[int, list[tuple[float, float]]], x: float, y: float) -> bool:
    """Whether (x, y) lies on a horizontal rule, away from its ends."""
    key = round(y / RULE_SNAP)
    return any(
        x0 + RULE_SNAP < x < x1 - RULE_SNAP for k in (key - 1, key, key + 1) for x0, x1 in rows.get(k, [])
    )


def _collect_rules(path: int | None, rules: _Rules) -> None:
    """Add the path's straight axis-parallel segments to `rules`; curved paths (glyphs) add none.

    Coordinates inside a form XObject are the form's own; a table drawn in one form is consistent
    with itself, which is all the column-rule test needs. A path's points are read in one `map`
    into one buffer once it has no curve (a table's grid has hundreds of segments).
    """
    matrix = pdfium_c.FS_MATRIX()
    if not _GET_MATRIX(path, ctypes.addressof(matrix)):
        return
    segments: list[int | None] = []
    kinds: list[int] = []
    for index in range(_COUNT_SEGMENTS(path)):
        segment = _GET_SEGMENT(path, index)
        kind = _SEGMENT_TYPE(segment)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:  # a glyph's outline, often of hundreds of curves
            return
        segments.append(segment)
        kinds.append(kind)
    coordinates = _segment_points(segments)
    closes = list(map(_SEGMENT_CLOSE, segments))
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    start: tuple[float, float] | None = None
    previous: tuple[float, float] | None = None
    found = _Rules()
    for index, kind in enumerate(kinds):
        x, y = coordinates[2 * index], coordinates[2 * index + 1]
        point = (a * x + c * y + e, b * x + d * y + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif previous is not None:
            found.add(previous, point)
        if closes[index] and start is not None:
            found.add(point, start)
        previous = point
    rules.horizontal += found.horizontal
    rules.vertical += found.vertical


def _segment_points(segments: list[int | None]) -> list[float]:
    """x and y of each segment, one after the other; a segment pdfium gives no point for keeps
    the point before it (0, 0 for the first), as reading them through one pair of floats did."""
    count = len(segments)
    points = (ctypes.c_float * (2 * count))()
    at = ctypes.addressof(points)
    read = list(map(_SEGMENT_POINT, segments, range(at, at + 8 * count, 8), range(at + 4, at + 8 * count, 8)))
    coordinates: list[float] = list(memoryview(points).cast("B").cast("f"))
    for index in range(count):
        if not read[index]:
            coordinates[2 * index : 2 * index + 2] = (
                coordinates[2 * index - 2 : 2 * index] if index else [0.0, 0.0]
            )
    return coordinates


def find_tables(page: Any) -> list[FoundTable]:
    """pdfplumber's ruled tables on a page, less frames (one column) and boxes that leave the page.

    A frame drawn around the body often shares rules with a table below it, so pdfplumber returns
    one grid whose first rows are body text spanning all columns; those rows are peeled off and
    read as text.
    """
    found: list[FoundTable] = []
    for table in sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0])):
        if not _on_page(table.bbox, page.bbox):
            continue
        raw = table.extract()
        start, end = _table_span(raw)
        if start >= end:
            continue
        rows = [[join_cell(cell) for cell in row] for row in raw[start:end]]
        cells = [list(row.cells) for row in table.rows[start:end]]
        kept = _trim_empty(rows, cells)
        if kept is not None:
            bbox = (table.bbox[0], table.rows[start].bbox[1], table.bbox[2], table.rows[end - 1].bbox[3])
            found.append(FoundTable(rows=kept[0], bbox=bbox, cells=kept[1]))
    return found


def _table_span(raw: list[list[str | None]]) -> tuple[int, int]:
    """The rows between the leading and trailing runs of frame rows (one cell spanning the grid)."""
    start, end = 0, len(raw)
    while start < end and _frame_row(raw[start]):
        start += 1
    while end > start and _frame_row(raw[end - 1]):
        end -= 1
    return start, end


def _frame_row(row: list[str | None]) -> bool:
    return all(cell is None for cell in row[1:]) or not any(row)


def _on_page(bbox: Box, page_bbox: Box) -> bool:
    x0, top, x1, bottom = bbox
    px0, ptop, px1, pbottom = page_bbox
    return (
        x0 >= px0 - PAGE_SLACK
        and top >= ptop - PAGE_SLACK
        and x1 <= px1 + PAGE_SLACK
        and bottom <= pbottom + PAGE_SLACK
    )


def _trim_empty(
    rows: list[list[str]], cells: list[list[Box | None]]
) -> tuple[list[list[str]], list[list[Box | None]]] | None:
    """Drop empty rows and columns; a table needs two columns with text, else it is a frame."""
    keep_rows = [i for i, row in enumerate(rows) if any(row)]
    keep_cols = [j for j in range(max((len(r) for r in rows), default=0)) if any(_at(r, j) for r in rows)]
    if len(keep_cols) < 2 or not keep_rows:
        return None
    return (
        [[_at(rows[i], j) for j in keep_cols] for i in keep_rows],
        [[cells[i][j] if j < len(cells[i]) else None for j in keep_cols] for i in keep_rows],
    )


def _at(row: list[str], index: int) -> str:
    return row[index] if index < len(row) else ""


def join_cell(text: str | None) -> str:
    """A wrapped cell is one value: join its lines, with a space only between two Latin words."""
    if not text:
        return ""
    parts = [part.strip() for part in text.splitlines() if part.strip()]
    out = parts[0] if parts else ""
    for part in parts[1:]:
        space = " " if _LATIN_EDGE.search(out) and _LATIN_START.match(part) else ""
        out = f"{out}{space}{part}"
    return out


def row_line(row: list[str]) -> str:
    """The shared text form of a table row: cells joined by ` | `."""
    return " | ".join(row)


def plumber_lines(page: Any, tables: list[FoundTable]) -> list[Line]:
    """The page's text lines outside the tables, with each table's rows put where the table stands."""
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
    placed: list[tuple[float, int, list[Line]]] = [
        (line["top"], 1, [_placed_line(line)]) for line in outside.extract_text_lines(return_chars=True)
    ]
    placed += [_table_block(index, table) for index, table in enumerate(tables)]
    placed.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, block in placed for line in block]


def _placed_line(line: dict[str, Any]) -> Line:
    """A pdfplumber text line with its box, and the width of its first word (see `Line.lead`)."""
    chars = line["chars"]
    size = lead_length(line["text"])
    lead = chars[min(size, len(chars)) - 1]["x1"] - chars[0]["x0"] if chars else 0.0
    return Line(
        line["text"], top=line["top"], bottom=line["bottom"], left=line["x0"], right=line["x1"], lead=lead
    )


def _table_block(index: int, table: FoundTable) -> tuple[float, int, list[Line]]:
    top, bottom = table.bbox[1], table.bbox[3]
    return (top, 0, [Line(row_line(row), table=index, top=top, bottom=bottom) for row in table.rows])


def pdfium_lines(textpage: pdfium.PdfTextPage, page: Any, tables: list[FoundTable]) -> list[Line]:
    """The same page read by pdfium: text in bands above, between and below the tables, cells by box.

    Used when pdfplumber cannot decode the page's fonts. `tables` come top-down (`find_tables`);
    pdfplumber's boxes are measured from the page top, pdfium's from the media box's bottom.
    """
    to_pdf = _pdf_coordinates(page)
    lines: list[Line] = []
    band_top = float(page.bbox[1])
    for index, table in enumerate(tables):
        lines += _band(textpage, to_pdf, (page.bbox[0], band_top, page.bbox[2], table.bbox[1]))
        table.rows = [[_cell_text(textpage, to_pdf, box) for box in row] for row in table.cells]
        lines += [Line(row_line(row), table=index) for row in table.rows]
        band_top = table.bbox[3]
    lines += _band(textpage, to_pdf, (page.bbox[0], band_top, page.bbox[2], page.bbox[3]))
    return lines


def _pdf_coordinates(page: Any) -> Callable[[Box], Box]:
    """Map a pdfplumber box (x0, top, x1, bottom) to pdfium's (left, bottom, right, top)."""
    media_x, media_y = float(page.mediabox[0]), float(page.mediabox[1])
    height = float(page.height)

    def convert(box: Box) -> Box:
        x0, top, x1, bottom = box
        return (x0 + media_x, height - bottom + media_y, x1 + media_x, height - top + media_y)

    return convert


def _band(textpage: pdfium.PdfTextPage, to_pdf: Callable[[Box], Box], box: Box) -> list[Line]:
    if box[3] - box[1] <= 0:
        return []
    text = restore_hyphens(textpage.get_text_bounded(*to_pdf(box)))
    return [Line(part) for part in text.replace("\r\n", "\n").split("\n") if part.strip()]


def _cell_text(textpage: pdfium.PdfTextPage, to_pdf: Callable[[Box], Box], box: Box | None) -> str:
    return join_cell(restore_hyphens(textpage.get_text_bounded(*to_pdf(box)))) if box is not None else ""
