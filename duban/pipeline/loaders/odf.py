"""OpenDocument files (.odt, .ott, .ods, .odp) read with lxml: what WPS, LibreOffice and 永中 Office
save when a unit picks the "open" format, so a notice, a task table or a report deck in it must
yield the same measures, units and deadlines as the same content in a `.docx`, `.xlsx` or `.pptx`.

The package is a zip whose `content.xml` holds the body; it is checked as a `.docx` is
(`loaders.package`: the size of all parts from the zip directory, each XML part read through a
parser that resolves no entities and refuses a DTD, elements counted over all parts within
`--docx-max-elements`). `META-INF/manifest.xml` says whether `content.xml` is encrypted (a
password set in WPS or LibreOffice: `manifest:encryption-data`). What the body is decides how it is
read (`office:text`, `office:spreadsheet`, `office:presentation`), not the name; a body other than
the name says gets the relabel warning.

Text (.odt, .ott): headings and paragraphs in body order, one a line, as the .docx loader writes
them: spans, links, fields' shown text, `text:s` spaces, `text:tab` and `text:line-break` kept;
notes (`text:note`), comments, and tracked deletions (kept apart in `text:tracked-changes`; an
insertion is inline text) left out, as Word shows them and the .docx loader reads them. Lists are
their paragraphs; sections are read through; a generated table of contents or index (headings
again, with page numbers) is left out. Text boxes (a `draw:frame` holding a `draw:text-box`, text
in a shape such as `draw:custom-shape`, shapes in a group) are read as the Word loaders read them
(`_box_items`): each box's paragraphs as lines right after the paragraph that anchors it, a frame
anchored to the page where it stands in the body, each once, a box in a box after its own anchor,
a table in a box as a body table; a picture's frame is not text.
A scan pasted in as pictures (a signed, stamped notice pasted page by page into a Word file saved as
.odt) is read by OCR as in a `.docx` (`loaders.pictures`): the pictures are the `draw:image` of each
frame (`_frame_picture`), in document order with the text (a paragraph's, its boxes' included; a
table's; a frame anchored to the page where it stands), their bytes the package's parts
(`Pictures/…`, read only when the document's own text is next to nothing; a linked file is not
read); without OCR, E049 says to install it.
A table is rows of `cell | cell` (`cells.row_line`), a cell's paragraphs one value, a cell spanned
over columns one cell, one spanned down (`table:covered-table-cell` below it) its value repeated in
each row, a box in a cell and the cells of a table nested in it more lines of the cell's value, as
the Word loaders read them (`_document_cell`). Pages: LibreOffice
writes its last layout's page breaks (`text:soft-page-break`), and a paragraph or table whose style
breaks the page (`fo:break-before`/`fo:break-after`, in `content.xml` or `styles.xml`) starts a new
page; a break inside a paragraph or table takes effect after it. Headers and footers (in
`styles.xml`'s master pages) are left out, as the .docx loader leaves them out.

Spreadsheets (.ods): each visible sheet a page (a sheet whose table style has
`table:display="false"` is hidden), rows written by the spreadsheet loader's own rules
(`loaders.sheet`: merges, dates as `2026年6月30日`, whole numbers without `.0`, the row and cell caps
with their warnings). A sheet's empty rows and cells repeated to the end of the sheet
(`table:number-rows-repeated="1048571"`: every LibreOffice sheet has them) are counted, not made;
repeats that carry content are made up to the caps.

Presentations (.odp): each shown `draw:page` a page in deck order, numbered by its place in the
deck; a page whose style says `presentation:visibility="hidden"` is left out, as the .pptx loader
leaves hidden slides out. On a page the title comes first, then the shapes by position (top to
bottom, then left to right; groups read through), as the .pptx loader orders them; tables as rows
(merges as the .pptx loader reads them, rows without text dropped); speaker notes
(`presentation:notes`), and header, footer, date and page-number placeholders left out.

A file whose first bytes are another format's (a Word, Excel or PowerPoint file, a PDF or RTF under
an OpenDocument name) is read by its own loader with the relabel warning. Damaged is E047,
password-protected E048, no text E049.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders import OLE_MAGIC
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.package import check_sizes, whole_part
from duban.pipeline.loaders.paging import PageBuffer
from duban.pipeline.loaders.pictures import Block, Picture, few_words, scanned
from duban.pipeline.loaders.relabel import (
    damaged_detail,
    error_detail,
    office_compound,
    office_package,
    relabelled,
)
from duban.pipeline.loaders.slides import SlideBlock, no_text_detail, reading_order, slide_page

if TYPE_CHECKING:
    from duban.pipeline.loaders.sheet import _Sheet

log = logging.getLogger(__name__)

EXTRACTOR = "odf"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_ENTRY = 0x1  # a zip entry's general-purpose flag: encrypted
_CONTENT = "content.xml"
_STYLES = "styles.xml"
_MANIFEST = "META-INF/manifest.xml"

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
_XLINK = "http://www.w3.org/1999/xlink"
_MANIFEST_NS = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
# LibreOffice's extension namespace: a table in a shape (a text box drawn as a shape) is `loext:table`.
_LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"

# What each kind of body is called in the relabel warning, and the suffixes that name it.
_KINDS = {
    "text": ("OpenDocument 文本（.odt）", (".odt", ".ott")),
    "spreadsheet": ("OpenDocument 表格（.ods）", (".ods", ".ots")),
    "presentation": ("OpenDocument 演示文稿（.odp）", (".odp", ".otp")),
}
# Inside a paragraph: elements whose text is not the body's (notes, comments, anchored frames and
# shapes, ruby annotations, a change's marks).
_SKIP_INLINE = frozenset(
    {
        f"{{{_TEXT}}}note",
        f"{{{_OFFICE}}}annotation",
        f"{{{_OFFICE}}}annotation-end",
        f"{{{_TEXT}}}ruby-text",
        f"{{{_TEXT}}}tracked-changes",
    }
)
# Around the paragraphs of a text body: declarations, tracked deletions, forms, generated indexes.
_SKIP_BLOCK = frozenset(
    {
        f"{{{_TEXT}}}tracked-changes",
        f"{{{_TEXT}}}sequence-decls",
        f"{{{_TEXT}}}variable-decls",
        f"{{{_TEXT}}}user-field-decls",
        f"{{{_TEXT}}}dde-connection-decls",
        f"{{{_OFFICE}}}forms",
        # Generated indexes (a table of contents, lists of tables) repeat the headings with page
        # numbers; Word keeps its table of contents in a content control the .docx loader skips.
        f"{{{_TEXT}}}table-of-content",
        f"{{{_TEXT}}}alphabetical-index",
        f"{{{_TEXT}}}illustration-index",
        f"{{{_TEXT}}}table-index",
        f"{{{_TEXT}}}object-index",
        f"{{{_TEXT}}}user-index",
        f"{{{_TEXT}}}bibliography",
        f"{{{_OFFICE}}}annotation",
        f"{{{_TABLE}}}table-source",
    }
)
# Placeholders repeated on every slide, not its body (the .pptx loader's `_CHROME`).
_CHROME = frozenset({"header", "footer", "date-time", "page-number"})
_PARAGRAPHS = (f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")
# Row containers of a table (header rows, row groups).
_ROW_GROUPS = frozenset(
    {f"{{{_TABLE}}}table-header-rows", f"{{{_TABLE}}}table-rows", f"{{{_TABLE}}}table-row-group"}
)
_ROW = f"{{{_TABLE}}}table-row"
_CELL = f"{{{_TABLE}}}table-cell"
_COVERED = f"{{{_TABLE}}}covered-table-cell"
# A document table: a body's or a text box's (`table:table`), or a shape's (`loext:table`, whose
# rows and cells are `loext:` too).
_TABLES = frozenset({f"{{{_TABLE}}}table", f"{{{_LOEXT}}}table"})
_ROWS = frozenset({_ROW, f"{{{_LOEXT}}}table-row"})
_CELLS = frozenset({_CELL, f"{{{_LOEXT}}}table-cell"})
_COVERED_CELLS = frozenset({_COVERED, f"{{{_LOEXT}}}covered-table-cell"})
# A sheet has at most this many columns (Excel's and LibreOffice's limit); a document table's
# cells and rows repeat at most this many times (a writer table has tens).
MAX_COLUMNS = 16_384
MAX_TABLE_REPEAT = 1_000
# Groups and frames nested deeper than this are a hostile file's, not an office suite's.
_MAX_DEPTH = 64
_SPACES = re.compile(r"[ \t\r\n]+")


def load_odf(path: Path, source: str) -> RawDocument:
    """Read an OpenDocument file into pages of text; a catalogued error naming the file when it
    cannot be read (`__doc__`)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head == OLE_MAGIC:
        return _load_ole(path, source, suffix)
    if not head.startswith(_ZIP_MAGIC):
        return _other_format(path, source, suffix)
    limits = current()
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if _CONTENT not in names:
                return _not_an_odf_zip(path, source, suffix, names)
            check_sizes(package, source, limits, "OpenDocument")
            reader = _Reader(package, source, limits)
            reader.refuse_encrypted()
            document = reader.read()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        UnicodeDecodeError,  # a part's name marked UTF-8 that is not: a damaged zip directory
    ) as exc:
        raise DubanError(E.ODF_CORRUPT, path=source, detail=damaged_detail(exc)) from exc
    what, suffixes = _KINDS[reader.kind]
    if suffix not in suffixes:
        relabelled(document, source, suffix, what)
    return document


_NO_TEXT_REMEDY = (
    "请确认文件没有选错；如文字在图片中，请导出为 PDF 后再处理（duban 会识别其中的文字）；如内容在隐藏的"
    "工作表或幻灯片中，请取消隐藏后另存，再处理另存的文件。"
)
_INSTALL_OCR = (
    "如内容是粘贴的扫描图片：安装 OCR 组件（`pip install 'duban[ocr]'`）后 duban 会识别 .odt 中的扫描图片；"
    "或将图片另存为 PNG/JPG、导出为 PDF 后用 `ocrmypdf -l chi_sim` 识别。"
)


def no_text(source: str, detail: str) -> DubanError:
    """E049, an OpenDocument file with nothing to read."""
    return DubanError(E.ODF_NO_TEXT, path=source, detail=detail, remedy=_NO_TEXT_REMEDY)


def _scan_no_text(source: str, detail: str) -> DubanError:
    """E049 for a text whose pictures look like scanned pages but give nothing to read
    (`loaders.pictures.scanned`): when OCR is not installed the hint is to install it, as a Word
    file's E035 says (`ocr.word_no_text`)."""
    from duban.pipeline.loaders import ocr

    remedy = _NO_TEXT_REMEDY if ocr.ocr_available() else _INSTALL_OCR
    return DubanError(E.ODF_NO_TEXT, path=source, detail=detail, remedy=remedy)


# -- what is not an OpenDocument package ---------------------------------------------------------


def _load_ole(path: Path, source: str, suffix: str) -> RawDocument:
    """A compound file under an OpenDocument name: a Word 97-2003 document or a binary workbook is
    read by its loader with a warning; an Office password-protected file is E048."""
    from duban.pipeline.loaders.ole import stream_names

    names = stream_names(path.read_bytes(), source, E.ODF_CORRUPT)
    if "EncryptedPackage" in names:
        raise DubanError(E.ODF_ENCRYPTED, path=source, detail="实际是加密的 Office 2007 及以后版本文件")
    found = office_compound(path, source, suffix, names)
    if found is not None:
        return found
    raise DubanError(E.ODF_CORRUPT, path=source, detail="实际是 OLE 复合文件，duban 不读取此格式")


def _other_format(path: Path, source: str, suffix: str) -> RawDocument:
    """Neither a zip nor a compound file: a PDF or RTF document is read as what it is."""
    with path.open("rb") as handle:
        head = handle.read(1024).lstrip(b"\xef\xbb\xbf\r\n\t ")
    if head.startswith(b"%PDF-"):
        from duban.pipeline.loaders.pdf import load_pdf

        return relabelled(load_pdf(path, source), source, suffix, "PDF 文件")
    if head.startswith(b"{\\rtf"):
        from duban.pipeline.loaders.rtf import load_rtf

        return relabelled(load_rtf(path, source), source, suffix, "RTF 文档")
    raise DubanError(E.ODF_CORRUPT, path=source, detail="不是 zip 压缩包，无法识别的格式")


def _not_an_odf_zip(path: Path, source: str, suffix: str, names: set[str]) -> RawDocument:
    """A zip under an OpenDocument name without `content.xml`: an Office Open XML package is read
    by its loader with a warning."""
    found = office_package(path, source, suffix, names)
    if found is None:
        raise DubanError(E.ODF_CORRUPT, path=source, detail=f"是 zip 压缩包，但其中没有正文 {_CONTENT}")
    return found


# -- the package ---------------------------------------------------------------------------------


def _int(value: str | None, default: int = 1, most: int = 1_048_576) -> int:
    """A count attribute (repeats, spans): at least 1, at most `most`."""
    try:
        return max(1, min(int(value or default), most))
    except ValueError:
        return default


class _Reader:
    """Reads one package: the manifest, `content.xml` and (for text) `styles.xml`, each through the
    safe parser with the elements counted over all of them."""

    def __init__(self, package: zipfile.ZipFile, source: str, limits: Limits) -> None:
        self.package = package
        self.source = source
        self.limits = limits
        self.elements = 0
        self.kind = "text"

    def xml(self, name: str) -> etree._Element:
        member = name if name in self.package.NameToInfo else None
        root, self.elements = whole_part(
            self.package,
            member,
            name,
            self.source,
            self.limits,
            what="OpenDocument",
            corrupt=E.ODF_CORRUPT,
            counted=self.elements,
        )
        return root

    def part(self, name: str) -> bytes | None:
        """A picture's bytes: the package's part `name` (within the package's size limit,
        `check_sizes`), None when missing or damaged (the picture is not read, the text is)."""
        if name not in self.package.NameToInfo:
            return None
        try:
            return self.package.read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError) as exc:
            log.warning("%s：图片 %s 无法读取（%s），未识别", self.source, name, error_detail(exc))
            return None

    def refuse_encrypted(self) -> None:
        """E048 when `content.xml` is encrypted: the manifest gives it `manifest:encryption-data`
        (how WPS and LibreOffice keep a password-protected file), or its zip entry is encrypted."""
        if self.package.getinfo(_CONTENT).flag_bits & _ENCRYPTED_ENTRY:
            raise DubanError(E.ODF_ENCRYPTED, path=self.source, detail="压缩包中的正文已加密")
        if _MANIFEST not in self.package.NameToInfo:
            return
        manifest = self.xml(_MANIFEST)
        for entry in manifest.iter(f"{{{_MANIFEST_NS}}}file-entry"):
            if entry.get(f"{{{_MANIFEST_NS}}}full-path") != _CONTENT:
                continue
            if entry.find(f"{{{_MANIFEST_NS}}}encryption-data") is not None:
                raise DubanError(E.ODF_ENCRYPTED, path=self.source, detail="正文 content.xml 已用密码加密")

    def read(self) -> RawDocument:
        content = self.xml(_CONTENT)
        body = content.find(f"{{{_OFFICE}}}body")
        found = (
            next((child for child in body if isinstance(child.tag, str)), None) if body is not None else None
        )
        if found is None:
            raise DubanError(E.ODF_CORRUPT, path=self.source, detail="content.xml 中没有正文（office:body）")
        kind = etree.QName(found).localname
        if kind == "spreadsheet":
            self.kind = kind
            return _Spreadsheet(self.source, _styles(content)).read(found)
        if kind == "presentation":
            self.kind = kind
            return _Presentation(self.source, _styles(content)).read(found)
        if kind == "text":
            styles = _styles(self.xml(_STYLES)) if _STYLES in self.package.NameToInfo else {}
            styles.update(_styles(content))
            return _Text(self.source, styles, self.part).read(found)
        what = {"drawing": "绘图（.odg）", "chart": "图表", "image": "图片"}.get(kind, kind)
        raise no_text(self.source, f"是 OpenDocument {what}，不是文本、表格或演示文稿")


@dataclass
class _Style:
    """What the loaders need of a style: its parent, and its properties' attributes."""

    parent: str
    properties: dict[str, str]


def _styles(root: etree._Element) -> dict[tuple[str, str], _Style]:
    """The named and automatic styles of a part, by (family, name): their parent and the
    attributes of their `*-properties` children."""
    found: dict[tuple[str, str], _Style] = {}
    for style in root.iter(f"{{{_STYLE}}}style"):
        properties: dict[str, str] = {}
        for child in style:
            if isinstance(child.tag, str) and child.tag.endswith("-properties"):
                properties.update({str(key): str(value) for key, value in child.attrib.items()})
        name = style.get(f"{{{_STYLE}}}name", "")
        found[(style.get(f"{{{_STYLE}}}family", ""), name)] = _Style(
            style.get(f"{{{_STYLE}}}parent-style-name", ""), properties
        )
    return found


def _property(styles: dict[tuple[str, str], _Style], family: str, name: str, key: str) -> str:
    """A style's property, or the nearest parent's (of the same family) that sets it."""
    seen: set[str] = set()
    while name and name not in seen:
        seen.add(name)
        style = styles.get((family, name))
        if style is None:
            return ""
        if key in style.properties:
            return style.properties[key]
        name = style.parent
    return ""


# -- inline text ---------------------------------------------------------------------------------


def _inline(element: etree._Element, out: list[str], breaks: list[bool]) -> None:
    """The text of a paragraph's content as shown: spans, links, fields' text, `text:s` spaces,
    tabs and line breaks; notes, comments, anchored frames and shapes left out. A page break inside
    sets `breaks`."""
    if element.text:
        out.append(_SPACES.sub(" ", element.text))
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIP_INLINE and not tag.startswith(f"{{{_DRAW}}}"):
            local = etree.QName(child).localname if tag.startswith(f"{{{_TEXT}}}") else ""
            if local == "s":
                out.append(" " * _int(child.get(f"{{{_TEXT}}}c"), most=1000))
            elif local == "tab":
                out.append("\t")
            elif local == "line-break":
                out.append("\n")
            elif local == "soft-page-break":
                breaks.append(True)
            else:
                _inline(child, out, breaks)
        if child.tail:
            out.append(_SPACES.sub(" ", child.tail))


def _paragraph(element: etree._Element, breaks: list[bool] | None = None) -> str:
    out: list[str] = []
    _inline(element, out, breaks if breaks is not None else [])
    return "".join(out)


def _cell_paragraphs(cell: etree._Element, depth: int = 0) -> Iterator[str]:
    """A sheet cell's (or a slide's text box's or table cell's) paragraphs in order, lists read
    through; nested tables and frames left out, as the spreadsheet and .pptx loaders read a cell.
    A text document's cells are read by `_document_cell`."""
    if depth > _MAX_DEPTH:
        return
    for child in cell:
        if child.tag in _PARAGRAPHS:
            yield _paragraph(child)
        elif (
            isinstance(child.tag, str)
            and child.tag.startswith(f"{{{_TEXT}}}")
            and child.tag not in _SKIP_BLOCK
        ):
            yield from _cell_paragraphs(child, depth + 1)  # lists, list items, sections


# -- tables --------------------------------------------------------------------------------------


def _table_rows(table: etree._Element, cell_value: Callable[[etree._Element], str]) -> list[list[str]]:
    """A document table's rows of cell texts, merges read as the Word loaders read them: a cell
    spanned over columns is one cell (the covered cells beside it dropped), one spanned down has
    its value repeated in each row it spans (at its first column; the covered cells beside it
    dropped). Repeated rows and cells are made up to `MAX_TABLE_REPEAT` times."""
    rows: list[list[str]] = []
    # Grid column → the span covering it: (its first row, its last row, its first column, its text).
    spans: dict[int, tuple[int, int, int, str]] = {}
    for row in _table_row_elements(table, 0):
        for _ in range(_int(row.get(f"{{{_TABLE}}}number-rows-repeated"), most=MAX_TABLE_REPEAT)):
            index = len(rows)
            cells: list[str] = []
            column = 0
            for cell in row:
                if (cell.tag not in _CELLS and cell.tag not in _COVERED_CELLS) or column >= MAX_COLUMNS:
                    continue
                repeat = _int(cell.get(f"{{{_TABLE}}}number-columns-repeated"), most=MAX_TABLE_REPEAT)
                if cell.tag in _COVERED_CELLS:
                    for _ in range(repeat):
                        span = spans.get(column)
                        if span is not None and span[0] < index <= span[1] and span[2] == column:
                            cells.append(span[3])  # under a vertical merge: its value again
                        column += 1
                    continue
                text = cell_value(cell)
                across = _int(cell.get(f"{{{_TABLE}}}number-columns-spanned"), most=MAX_COLUMNS)
                down = _int(cell.get(f"{{{_TABLE}}}number-rows-spanned"))
                for _ in range(repeat):
                    cells.append(text)
                    if across > 1 or down > 1:
                        for covered in range(column, min(column + across, MAX_COLUMNS)):
                            spans[covered] = (index, index + down - 1, column, text)
                    column += 1
            rows.append(cells)
    return rows


def _table_row_elements(table: etree._Element, depth: int) -> Iterator[etree._Element]:
    """A table's rows in order, header rows and row groups read through."""
    if depth > _MAX_DEPTH:
        return
    for child in table:
        if child.tag in _ROWS:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from _table_row_elements(child, depth + 1)


def _document_cell(cell: etree._Element) -> str:
    """A document table cell's lines, one value (`cells.cell_text`): its paragraphs, each followed
    by what the boxes it anchors hold (a box's table a line a row), and the cells of a table inside
    the cell one a line, as the Word loaders read a cell (a form's sub-table of who does what by
    when is the cell's text, not lost)."""
    return cell_text("\n".join(_cell_lines(cell, 0)))


def _cell_lines(container: etree._Element, depth: int) -> Iterator[str]:
    """The lines of a document cell (`_document_cell`), lists and sections read through."""
    if depth > _MAX_DEPTH:
        return
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_BLOCK:
            continue
        if tag in _PARAGRAPHS:
            yield _paragraph(child)
            boxed: Iterator[str | list[list[str]]] = _box_items(child, depth + 1)
        elif tag in _TABLES:
            for row in _table_rows(child, lambda cell: "\n".join(_cell_lines(cell, depth + 1))):
                yield from row
            continue
        elif tag.startswith(f"{{{_DRAW}}}"):
            boxed = _shape_items(child, depth + 1)
        elif tag.startswith(f"{{{_TEXT}}}"):  # lists, list items, sections
            yield from _cell_lines(child, depth + 1)
            continue
        else:
            continue
        for item in boxed:
            if isinstance(item, str):
                yield item
            else:
                yield from (row_line(row) for row in item)


# -- text boxes ----------------------------------------------------------------------------------


def _anchored(element: etree._Element, depth: int) -> Iterator[etree._Element]:
    """The frames and shapes a paragraph anchors, in document order: wherever they sit in its
    spans and links, but not in a note, a comment or a tracked change's marks (`_SKIP_INLINE`),
    and not inside another frame (a box in a box is its own anchor paragraph's)."""
    if depth > _MAX_DEPTH:
        return
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_INLINE:
            continue
        if tag.startswith(f"{{{_DRAW}}}"):
            yield child
        else:
            yield from _anchored(child, depth + 1)


def _box_items(paragraph: etree._Element, depth: int) -> Iterator[str | list[list[str]]]:
    """What the text boxes a paragraph anchors hold (`_shape_items`), in document order.

    Official documents put real text in boxes (文本框): the issuer line of a red-headed notice, a
    boxed note, a flow chart's steps, a task table. Read after the anchor paragraph, as the Word
    loaders read a box (`loaders.docx._box_items`, `loaders.doc`), the same document reads the
    same whether a unit saved it as .docx, .doc or .odt."""
    for shape in _anchored(paragraph, depth + 1):
        yield from _shape_items(shape, depth + 1)


def _shape_items(shape: etree._Element, depth: int) -> Iterator[str | list[list[str]]]:
    """What one frame or shape holds: a frame's text box (`draw:frame` > `draw:text-box`), a
    shape's own paragraphs (`draw:custom-shape`, `draw:rect`, ...), a group's shapes in turn. Each
    paragraph is a line (a line break splits it), followed by the boxes it anchors; a table is
    its rows. A picture's frame (`draw:image`), an embedded object and a shape without text hold
    nothing."""
    if depth > _MAX_DEPTH:
        return
    kind = etree.QName(shape).localname
    if kind in ("g", "a"):  # a group, or shapes under a link
        for child in shape:
            if isinstance(child.tag, str) and child.tag.startswith(f"{{{_DRAW}}}"):
                yield from _shape_items(child, depth + 1)
    elif kind == "frame":
        for box in shape.iterchildren(f"{{{_DRAW}}}text-box"):
            yield from _box_blocks(box, depth + 1)
    else:
        yield from _box_blocks(shape, depth + 1)


def _box_blocks(container: etree._Element, depth: int) -> Iterator[str | list[list[str]]]:
    """A text box's (or a shape's) blocks: paragraphs and the boxes they anchor, tables, and
    lists and sections read through."""
    if depth > _MAX_DEPTH:
        return
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_BLOCK:
            continue
        if tag in _PARAGRAPHS:
            yield _paragraph(child)
            yield from _box_items(child, depth + 1)
        elif tag in _TABLES:
            yield _table_rows(child, _document_cell)
        elif tag.startswith(f"{{{_DRAW}}}"):  # a frame standing in the box, not in a paragraph
            yield from _shape_items(child, depth + 1)
        elif tag.startswith(f"{{{_TEXT}}}"):  # lists, list items, sections
            yield from _box_blocks(child, depth + 1)


# -- text documents ------------------------------------------------------------------------------


_FRAME = f"{{{_DRAW}}}frame"
_IMAGE = f"{{{_DRAW}}}image"
_ANY_IMAGE = f".//{_IMAGE}"
# Pictures Pillow cannot decode: a frame that also holds a bitmap gives the bitmap.
_DRAWINGS = (".svg", ".svm", ".wmf", ".emf")


def _frames(element: etree._Element, depth: int, itself: bool = False) -> Iterator[etree._Element]:
    """The frames holding a picture (`draw:frame` > `draw:image`) in an element (and the element
    itself, a frame anchored to the page), in document order: in its spans, boxes and cells, but
    not in a note, a comment or a tracked deletion."""
    if itself and element.tag == _FRAME and element.find(_IMAGE) is not None:
        yield element
    if depth > _MAX_DEPTH:
        return
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP_INLINE or tag in _SKIP_BLOCK:
            continue
        if tag == _FRAME and child.find(_IMAGE) is not None:
            yield child
        yield from _frames(child, depth + 1)


def _frame_picture(frame: etree._Element) -> tuple[str | None, bytes | None]:
    """A picture frame's part name in the package (None for a linked file, which is not read) or
    its inline bytes (`office:binary-data`, base64). A frame may hold the same picture in more than
    one format, the first preferred (ODF 1.2 §10.4.2): its first bitmap is taken."""
    import base64
    import binascii

    images = list(frame.iterchildren(_IMAGE))
    image = next(
        (each for each in images if not each.get(f"{{{_XLINK}}}href", "").lower().endswith(_DRAWINGS)),
        images[0],
    )
    inline = image.find(f"{{{_OFFICE}}}binary-data")
    if inline is not None:
        try:
            return None, base64.b64decode("".join(inline.itertext()))
        except (binascii.Error, ValueError):
            return None, None
    href = image.get(f"{{{_XLINK}}}href", "").strip()
    while href.startswith("./"):
        href = href[2:]
    if not href or href.startswith(("/", "../")) or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", href):
        return None, None  # a file linked from outside the package
    return href, None


class _Text(PageBuffer):
    """A text body's blocks in order, split into pages at page breaks, and (`loaders.pictures`)
    as `Block`s with their pictures, for a scan pasted in."""

    def __init__(
        self, source: str, styles: dict[tuple[str, str], _Style], part: Callable[[str], bytes | None]
    ) -> None:
        super().__init__()
        self.source = source
        self.styles = styles
        self.part = part
        self.pictures = False
        self.blocks: list[Block] = []
        self.found: dict[str, Picture] = {}  # a picture shown twice is looked at once
        self.parts: list[tuple[Picture, str]] = []  # read only when the text is next to nothing

    def breaks(self, element: etree._Element, namespace: str, family: str) -> tuple[bool, bool]:
        """Whether a paragraph's or table's style breaks the page before it, and after it."""
        name = element.get(f"{{{namespace}}}style-name", "")
        before = _property(self.styles, family, name, f"{{{_FO}}}break-before") == "page"
        after = _property(self.styles, family, name, f"{{{_FO}}}break-after") == "page"
        return before, after

    def add(self, lines: list[str], table: list[list[str]] | None = None) -> None:
        super().add(lines, table)
        self.blocks.append(Block(lines, [table] if table is not None else [], in_table=table is not None))

    def frames(self, frames: Iterator[etree._Element], block: Block) -> None:
        """The pictures of an element's frames (`_frames`) go with `block`, as the Word loaders
        give a paragraph or a table its pictures."""
        for frame in frames:
            name, data = _frame_picture(frame)
            if name is None:
                block.pictures.append(Picture(data))
                continue
            if name not in self.found:
                self.found[name] = Picture(None)
                self.parts.append((self.found[name], name))
            block.pictures.append(self.found[name])

    def walk(self, parent: etree._Element, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise DubanError(E.ODF_CORRUPT, path=self.source, detail=f"嵌套超过 {_MAX_DEPTH} 层")
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP_BLOCK:
                continue
            if tag in _PARAGRAPHS:
                before, after = self.breaks(child, _TEXT, "paragraph")
                self.pending = self.pending or before
                inner: list[bool] = []
                self.add(_paragraph(child, inner).split("\n"))
                block = self.blocks[-1]
                self.boxes(_box_items(child, depth + 1))
                if child.find(_ANY_IMAGE) is not None:
                    self.frames(_frames(child, depth + 1), block)
                    self.pictures = True
                self.pending = after or bool(inner)
            elif tag == f"{{{_TABLE}}}table":
                before, after = self.breaks(child, _TABLE, "table")
                self.pending = self.pending or before
                rows = _table_rows(child, _document_cell)
                self.add([row_line(row) for row in rows], rows)
                if child.find(_ANY_IMAGE) is not None:
                    self.frames(_frames(child, depth + 1), self.blocks[-1])
                self.pending = after or child.find(f".//{{{_TEXT}}}soft-page-break") is not None
            elif tag == f"{{{_TEXT}}}soft-page-break":
                self.pending = True
            elif tag.startswith(f"{{{_DRAW}}}"):  # a frame anchored to the page: a text box, a picture
                block = Block([])
                self.blocks.append(block)
                self.boxes(_shape_items(child, depth + 1))
                if child.find(_ANY_IMAGE) is not None:
                    self.frames(_frames(child, depth + 1, itself=True), block)
                    self.pictures = True
            else:  # lists, list items, sections
                self.walk(child, depth + 1)

    def boxes(self, items: Iterator[str | list[list[str]]]) -> None:
        """What text boxes hold (`_box_items`) where they are read: a paragraph's lines, a table
        as rows, as a body table is."""
        for item in items:
            if isinstance(item, str):
                self.add(item.split("\n"))
            else:
                self.add([row_line(row) for row in item], item)

    def read(self, body: etree._Element) -> RawDocument:
        self.walk(body, 0)
        scan = self.scan()
        if scan is not None:
            return scan
        pages = self.raw_pages(EXTRACTOR)
        if not pages:
            detail = "正文是空的，可能只有图片" if self.pictures else "正文是空的"
            raise no_text(self.source, detail)
        return RawDocument(source=self.source, format="odt", pages=pages)

    def scan(self) -> RawDocument | None:
        """The text read as a scan pasted in (`loaders.pictures.scanned`, as the Word loaders hand
        it their blocks), or None: the pictures' bytes are read from the package only when the
        text's own words are next to nothing (`few_words`)."""
        count = sum(len(block.pictures) for block in self.blocks)
        if not few_words(self.blocks, count):
            return None
        for picture, name in self.parts:
            picture.data = self.part(name)
        return scanned(
            self.blocks, self.source, "odt", EXTRACTOR, what="OpenDocument 文本", no_text=_scan_no_text
        )


# -- spreadsheets --------------------------------------------------------------------------------


class _Spreadsheet:
    """A spreadsheet body's visible sheets, as the spreadsheet loader's `_Sheet`s."""

    def __init__(self, source: str, styles: dict[tuple[str, str], _Style]) -> None:
        self.source = source
        self.styles = styles
        self.cells = 0
        self.warnings: list[str] = []

    def read(self, body: etree._Element) -> RawDocument:
        from duban.pipeline.loaders.sheet import _document

        sheets: list[_Sheet] = []
        for table in body.iterfind(f"{{{_TABLE}}}table"):
            style = table.get(f"{{{_TABLE}}}style-name", "")
            if _property(self.styles, "table", style, f"{{{_TABLE}}}display") == "false":
                continue
            sheets.append(self.sheet(table))
        if not any(sheet.cells for sheet in sheets):
            detail = "所有工作表都是空的" if sheets else "没有可见的工作表"
            raise no_text(self.source, detail)
        document = _document(self.source, "ods", EXTRACTOR, sheets)
        document.warnings[:0] = self.warnings
        return document

    def sheet(self, table: etree._Element) -> _Sheet:
        from duban.pipeline.loaders.sheet import MAX_CELLS, MAX_ROWS, _Sheet

        sheet = _Sheet(table.get(f"{{{_TABLE}}}name", ""))
        row_index = 0
        kept = 0
        left_out = 0
        for row in _table_row_elements(table, 0):
            repeat = _int(row.get(f"{{{_TABLE}}}number-rows-repeated"))
            cells, merges = self.row_cells(row)
            if cells or merges:
                for offset in range(repeat):
                    if kept >= MAX_ROWS or self.cells > MAX_CELLS:
                        left_out += repeat - offset
                        break
                    at = row_index + offset
                    for column, text in cells:
                        sheet.cells[(at, column)] = text
                    sheet.merges.extend((at, at + down - 1, first, last) for first, last, down in merges)
                    self.cells += len(cells)
                    kept += 1
            row_index += repeat
        if left_out and kept >= MAX_ROWS:
            name = f"工作表“{sheet.name}”" if sheet.name else "表格"
            self.warnings.append(f"{self.source}：{name}超过 {MAX_ROWS:,} 行，其后 {left_out:,} 行未读取")
        return sheet

    def row_cells(self, row: etree._Element) -> tuple[list[tuple[int, str]], list[tuple[int, int, int]]]:
        """A row's non-empty cells (column, text) and its merges (first column, last column, rows
        down): repeated cells made only when they carry content, up to `MAX_COLUMNS`."""
        cells: list[tuple[int, str]] = []
        merges: list[tuple[int, int, int]] = []
        column = 0
        for cell in row:
            if cell.tag not in (_CELL, _COVERED):
                continue
            repeat = _int(cell.get(f"{{{_TABLE}}}number-columns-repeated"), most=MAX_COLUMNS)
            if cell.tag == _CELL:
                text = _sheet_value(cell)
                across = _int(cell.get(f"{{{_TABLE}}}number-columns-spanned"), most=MAX_COLUMNS)
                down = _int(cell.get(f"{{{_TABLE}}}number-rows-spanned"))
                if text or across > 1 or down > 1:
                    for offset in range(min(repeat, MAX_COLUMNS - column)):
                        if text:
                            cells.append((column + offset, text))
                        if across > 1 or down > 1:
                            merges.append((column + offset, column + offset + across - 1, down))
            column += repeat
            if column >= MAX_COLUMNS:
                break
        return cells, merges


def _sheet_value(cell: etree._Element) -> str:
    """A sheet cell's value as the spreadsheet loader writes it: a date from `office:date-value`,
    a number from `office:value` (a percentage with its sign), a boolean as 是/否, else the text
    shown; formula errors empty."""
    from duban.pipeline.loaders.sheet import _number, _value_text

    kind = cell.get(f"{{{_OFFICE}}}value-type", "")
    if kind == "date":
        value = cell.get(f"{{{_OFFICE}}}date-value", "")
        try:
            return _value_text(dt.datetime.fromisoformat(value[:19]), "")
        except ValueError:
            pass
    elif kind in ("float", "percentage", "currency"):
        try:
            number = float(cell.get(f"{{{_OFFICE}}}value", ""))
        except ValueError:
            number = math.nan
        if not math.isnan(number):
            return _number(number, "%" if kind == "percentage" else "")
    elif kind == "boolean":
        return _value_text(cell.get(f"{{{_OFFICE}}}boolean-value") == "true", "")
    return _value_text("\n".join(_cell_paragraphs(cell)), "")


# -- presentations -------------------------------------------------------------------------------

_UNITS = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72, "pc": 2.54 / 6, "px": 2.54 / 96}
_LENGTH = re.compile(r"\s*(-?[0-9.]+(?:[eE]-?[0-9]+)?)\s*(cm|mm|in|pt|pc|px)?")
_TRANSLATE = re.compile(r"translate\s*\(\s*([^\s,)]+)[\s,]+([^\s,)]+)\s*\)")


def _length(value: str | None) -> float | None:
    """A length attribute (`1.27cm`, `12mm`, `0.5in`) in centimetres."""
    if not value:
        return None
    found = _LENGTH.match(value)
    if found is None:
        return None
    try:
        return float(found.group(1)) * _UNITS[found.group(2) or "cm"]
    except ValueError:
        return None


def _place(shape: etree._Element) -> tuple[float, float]:
    """(y, x) of a shape: its `svg:y`/`svg:x`, else the translation of its `draw:transform` (a
    rotated shape); one without a place goes below the placed ones."""
    y, x = _length(shape.get(f"{{{_SVG}}}y")), _length(shape.get(f"{{{_SVG}}}x"))
    if y is None or x is None:
        moved = _TRANSLATE.search(shape.get(f"{{{_DRAW}}}transform", ""))
        if moved is not None:
            x, y = _length(moved.group(1)), _length(moved.group(2))
    if y is None or x is None:
        return math.inf, math.inf
    return y, x


def _lines(container: etree._Element) -> list[str]:
    """A text body's paragraphs as lines (line breaks split them), stripped, empty ones dropped,
    as the .pptx loader writes a text body."""
    lines: list[str] = []
    for paragraph in _cell_paragraphs(container):
        for line in paragraph.split("\n"):
            if line.strip():
                lines.append(line.strip())
    return lines


def _slide_cell(cell: etree._Element) -> str:
    return cell_text("\n".join(_lines(cell)))


class _Presentation:
    """A presentation body's shown pages, each one page of text."""

    def __init__(self, source: str, styles: dict[tuple[str, str], _Style]) -> None:
        self.source = source
        self.styles = styles

    def read(self, body: etree._Element) -> RawDocument:
        pages: list[RawPage] = []
        listed = shown = 0
        for number, page in enumerate(body.iterfind(f"{{{_DRAW}}}page"), start=1):
            listed += 1
            style = page.get(f"{{{_DRAW}}}style-name", "")
            if _property(self.styles, "drawing-page", style, f"{{{_PRESENTATION}}}visibility") == "hidden":
                continue
            shown += 1
            blocks: list[SlideBlock] = []
            self.shapes(page, blocks, 0)
            lines, tables = reading_order(blocks)
            # A page-number field on a slide is saved as LibreOffice's placeholder: the slide's number.
            lines = [line.replace("<number>", str(number)) for line in lines]
            if lines:
                pages.append(slide_page(number, lines, tables, EXTRACTOR))
        if not pages:
            raise no_text(self.source, no_text_detail(listed, shown))
        return RawDocument(source=self.source, format="odp", pages=pages)

    def shapes(self, parent: etree._Element, blocks: list[SlideBlock], depth: int) -> None:
        """Each shape of a page (or a group: its children are placed on the page) with text as
        a block; notes, forms and animations left out."""
        if depth > _MAX_DEPTH:
            raise DubanError(E.ODF_CORRUPT, path=self.source, detail=f"组合嵌套超过 {_MAX_DEPTH} 层")
        for shape in parent:
            tag = shape.tag
            if not isinstance(tag, str) or not tag.startswith(f"{{{_DRAW}}}"):
                continue  # presentation:notes, office:forms, anim:*
            kind = etree.QName(shape).localname
            if kind in ("g", "a"):  # a group, or shapes under a link
                self.shapes(shape, blocks, depth + 1)
                continue
            role = shape.get(f"{{{_PRESENTATION}}}class", "")
            if role in _CHROME or shape.get(f"{{{_PRESENTATION}}}placeholder") == "true":
                continue
            y, x = _place(shape)
            if kind == "frame":
                table = shape.find(f"{{{_TABLE}}}table")
                box = shape.find(f"{{{_DRAW}}}text-box")
                if table is not None:
                    rows = [_trimmed(row) for row in _table_rows(table, _slide_cell)]
                    rows = [row for row in rows if row]
                    if rows:
                        blocks.append(SlideBlock(False, y, x, len(blocks), [row_line(r) for r in rows], rows))
                    continue
                lines = _lines(box) if box is not None else []
            else:  # a text box drawn as a shape (custom-shape, rect, ...): its paragraphs are its text
                lines = _lines(shape)
            if lines:
                blocks.append(SlideBlock(role == "title", y, x, len(blocks), lines))


def _trimmed(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row.pop()
    return row
