"""UOF files (统一办公文档格式, GB/T 20916): text `.uot`, spreadsheet `.uos`, presentation `.uop`, as
some government offices still save them from 永中 Office, RedOffice and WPS. A notice, task table or
report deck in UOF must yield the same measures, units and deadlines as the same content in a
`.docx`, `.xlsx` or `.pptx`.

UOF 1.0 (2007) is one XML file: root `uof:UOF`, namespaces `http://schemas.uof.org/cn/2003/...`
with the prefixes 字 (text), 表 (spreadsheet), 演 (slides), 图 (drawings). It is read through the
packages' safe parser (`loaders.package.parse_part`: no entities, no DTD, no network, the elements
counted within `--docx-max-elements`), the file's size within `--docx-max-mb` (E021). Which body it
has (`uof:文字处理`, `uof:电子表格`, `uof:演示文稿`) decides how it is read, not the name; a body
other than the name says gets the relabel warning.

Text: the body's (`字:主体`) paragraphs (`字:段落`) in order, one a line, as the .docx loader writes
them: a paragraph's runs (`字:句`) give their strings (`字:文本串`), spaces (`字:空格符`), tabs and
line breaks; a field's code (`字:域代码`), notes (`字:脚注`, `字:尾注`) and a tracked deletion
(between `字:修订开始` of type `delete` and its `字:修订结束`) are left out, as Word shows them. A
text box (`字:锚点` naming a drawing of `uof:对象集` with `图:文本内容`) is read after the paragraph
anchoring it, as the Word and OpenDocument loaders read a box. Section properties (headers,
footers) are left out. Tables (`字:文字表`) are rows of `cell | cell` (`cells.row_line`), a cell's
paragraphs one value (a table in a cell more lines of it); a cell spanned over columns
(`字:跨列`) is one cell, one spanned down (`字:跨行`) has its value repeated in the rows below, as
the Word loaders read merges. Pages: a paragraph that breaks the page before it (`字:段前分页`, its
own or its style's in `uof:式样集`) starts a new page, and so does what follows a page break
(`字:分页符`) in a paragraph; LibreOffice writes a break before a paragraph as both, which is one
break.

Spreadsheets: each sheet not hidden (`表:隐藏`) is a page, its cells (`表:数据`: dates as
`2026年6月30日`, whole numbers without `.0`) and merges (`表:合并列数`, `表:合并行数`) written by
the spreadsheet loader's own rules (`loaders.sheet`), within its caps.

Presentations: each shown slide (`演:显示` not false) a page in deck order, numbered by its place;
its anchors (`uof:锚点`) name drawings whose text (`图:文本内容`) is read as the .pptx loader reads
shapes (`loaders.slides`: the title first, then by position); notes and the header, footer, date
and page-number placeholders left out.

UOF 2.0 (GB/T 20916-2014) is a zip of several XML parts that no office suite here writes to test a
reader against: it is recognised (a zip without an Office Open XML or OpenDocument body) and
refused with E059 and the remedy to save as .docx/.xlsx/.pptx, as is a password-protected file (an
encrypted Office package). A Word, Excel, PowerPoint or OpenDocument file, a PDF or RTF under a UOF
name is read by its own loader with the relabel warning. Damaged (not well-formed XML, not a UOF
root) is E058.

WPS's template suffixes are read as their formats are (`LOADERS`): `.wpt` as `.wps`, `.ett` as
`.et`; a `.dpt` as `.dps` (`load_dpt`: in Office Open XML or PowerPoint 97-2003's format; WPS's own
older format gets the hint to save it as `.pptx`).
"""

from __future__ import annotations

import logging
import math
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from duban.base.errors import DubanError, E
from duban.base.limits import MB, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders import OLE_MAGIC
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.package import ZIP_DAMAGE, parse_part, zip_damage_detail
from duban.pipeline.loaders.paging import PageBuffer
from duban.pipeline.loaders.relabel import office_compound, office_package, relabelled
from duban.pipeline.loaders.slides import SlideBlock, no_text_detail, reading_order, slide_page

if TYPE_CHECKING:
    from lxml import etree

    from duban.pipeline.loaders.sheet import _Sheet

log = logging.getLogger(__name__)

EXTRACTOR = "uof"
_ZIP_MAGIC = b"PK\x03\x04"
_UOF = "http://schemas.uof.org/cn/2003/uof"
_WORD = "http://schemas.uof.org/cn/2003/uof-wordproc"
_SHEET = "http://schemas.uof.org/cn/2003/uof-spreadsheet"
_SLIDE = "http://schemas.uof.org/cn/2003/uof-slideshow"
_GRAPH = "http://schemas.uof.org/cn/2003/graph"
# UOF 2.0's namespaces (GB/T 20916-2014) start so: recognised, not read (`__doc__`).
_UOF2 = "http://schemas.uof.org/cn/2009/"


def _w(name: str) -> str:
    return f"{{{_WORD}}}{name}"


def _s(name: str) -> str:
    return f"{{{_SHEET}}}{name}"


def _u(name: str) -> str:
    return f"{{{_UOF}}}{name}"


def _g(name: str) -> str:
    return f"{{{_GRAPH}}}{name}"


# What each body is called in the relabel warning, and the suffixes that name it.
_KINDS = {
    "文字处理": ("UOF 文字处理文档（.uot）", (".uot", ".uof")),
    "电子表格": ("UOF 电子表格（.uos）", (".uos",)),
    "演示文稿": ("UOF 演示文稿（.uop）", (".uop",)),
}
_PARAGRAPH = _w("段落")
_TABLE = _w("文字表")
_RUN = _w("句")
# Placeholders repeated on every slide, not its body (the .pptx loader's `_CHROME`).
_CHROME = frozenset({"header", "footer", "date-time", "page-number", "notes", "page"})
# Tables, cells and groups nested deeper than this are a hostile file's, not an office suite's.
_MAX_DEPTH = 64
# A cell or row spans at most this many (a writer table has tens of columns).
_MAX_SPAN = 1_000


def load_uof(path: Path, source: str) -> RawDocument:
    """Read a UOF file into pages of text; a catalogued error naming the file when it cannot be
    read (`__doc__`)."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC):
        return _load_zip(path, source, suffix)
    if head.startswith(OLE_MAGIC):
        return _load_ole(path, source, suffix)
    stripped = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if stripped.startswith(b"%PDF-"):
        from duban.pipeline.loaders.pdf import load_pdf

        return relabelled(load_pdf(path, source), source, suffix, "PDF 文件")
    if stripped.startswith(b"{\\rtf"):
        from duban.pipeline.loaders.rtf import load_rtf

        return relabelled(load_rtf(path, source), source, suffix, "RTF 文档")
    limits = current()
    size = path.stat().st_size
    if limits.docx_max_mb and size > limits.docx_max_mb * MB:
        raise DubanError(
            E.DOCX_TOO_LARGE,
            path=source,
            what="UOF",
            detail=f"{size / MB:,.0f} MB，上限 {limits.docx_max_mb} MB",
        )
    with path.open("rb") as stream:
        root, _ = parse_part(stream, source, limits, part="", what="UOF", corrupt=E.UOF_CORRUPT, keep=True)
    if root is None:
        raise DubanError(E.UOF_CORRUPT, path=source, detail="文件是空的 XML")
    return _read(root, source, suffix)


def _read(root: etree._Element, source: str, suffix: str) -> RawDocument:
    """The document of a UOF 1.0 root, by its body."""
    from lxml import etree

    tag = root.tag if isinstance(root.tag, str) else ""
    if tag.startswith(f"{{{_UOF2}"):
        raise DubanError(E.UOF_UNSUPPORTED, path=source, detail="是 UOF 2.0 格式")
    if tag != _u("UOF"):
        what = etree.QName(root).localname if tag else "?"
        raise DubanError(E.UOF_CORRUPT, path=source, detail=f"根元素是“{what}”，不是 UOF 文档（uof:UOF）")
    objects = _objects(root)
    for child in root:
        if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{_UOF}}}"):
            continue
        kind = etree.QName(child).localname
        if kind == "文字处理":
            document = _Text(source, _break_styles(root), objects).read(child)
        elif kind == "电子表格":
            document = _spreadsheet(child, source)
        elif kind == "演示文稿":
            document = _Presentation(source, objects).read(child)
        else:
            continue
        what, suffixes = _KINDS[kind]
        if suffix not in suffixes:
            relabelled(document, source, suffix, what)
        return document
    raise DubanError(
        E.UOF_CORRUPT, path=source, detail="没有正文（uof:文字处理、uof:电子表格或 uof:演示文稿）"
    )


def _no_text(source: str) -> DubanError:
    """A UOF text or deck with nothing to read: E002, as a text file with nothing in it."""
    return DubanError(E.FILE_EMPTY, path=source)


# -- what is not a UOF 1.0 file ------------------------------------------------------------------


def _load_zip(path: Path, source: str, suffix: str) -> RawDocument:
    """A zip under a UOF name: an Office Open XML or OpenDocument package is read by its loader
    with a warning; any other zip is taken for a UOF 2.0 package (E059), or a damaged one (E058)."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except ZIP_DAMAGE as exc:
        raise DubanError(E.UOF_CORRUPT, path=source, detail=zip_damage_detail(exc)) from exc
    # an OpenDocument package has its manifest; a UOF 2.0 one may hold a `content.xml` too
    odf_like = "content.xml" in names and "META-INF/manifest.xml" not in names
    found = None if odf_like else office_package(path, source, suffix, names)
    if found is not None:
        return found
    raise DubanError(E.UOF_UNSUPPORTED, path=source, detail="是 UOF 2.0 格式（zip 压缩包）")


def _load_ole(path: Path, source: str, suffix: str) -> RawDocument:
    """A compound file under a UOF name: an encrypted Office package is E059, a Word or Excel
    97-2003 file is read by its loader with a warning."""
    from duban.pipeline.loaders.ole import stream_names

    names = stream_names(path.read_bytes(), source, E.UOF_CORRUPT)
    if "EncryptedPackage" in names:
        raise DubanError(E.UOF_UNSUPPORTED, path=source, detail="有密码保护")
    found = office_compound(path, source, suffix, names)
    if found is not None:
        return found
    raise DubanError(E.UOF_CORRUPT, path=source, detail="实际是 OLE 复合文件，不是 UOF 文档")


def load_dpt(path: Path, source: str) -> RawDocument:
    """A WPS 演示 template (.dpt), read as a `.dps` is: in Office Open XML (as WPS saves it now) by
    the .pptx loader, in PowerPoint 97-2003's format by the .ppt loader; WPS's own older format (a
    compound file without a deck, or neither) is skipped with the hint to save it as .pptx."""
    from duban.pipeline.loaders import readable_data, unsupported

    data = path.read_bytes()
    if data.startswith(_ZIP_MAGIC):
        from duban.pipeline.loaders.pptx import load_pptx

        return load_pptx(path, source)
    if data.startswith(OLE_MAGIC) and readable_data(".dpt", data):
        from duban.pipeline.loaders.ppt import load_ppt

        return load_ppt(path, source)
    raise unsupported(path, source)


# -- shared: drawings and runs ---------------------------------------------------------------------


def _objects(root: etree._Element) -> dict[str, etree._Element]:
    """The drawings of `uof:对象集` by their `图:标识符`."""
    found: dict[str, etree._Element] = {}
    for store in root.iterchildren(_u("对象集")):
        for drawing in store.iterchildren(_g("图形")):
            name = drawing.get(_g("标识符"))
            if name:
                found.setdefault(name, drawing)
    return found


def _count(value: str | None, most: int = _MAX_SPAN) -> int:
    """A count attribute (spaces, spans): at least 1, at most `most`."""
    try:
        return max(1, min(int(float(value or 1)), most))
    except ValueError:
        return 1


@dataclass
class _Paragraph:
    """A paragraph read: its parts (a page break inside splits it: each part after the first starts
    a new page), whether a break ends it, and the drawings its anchors name."""

    parts: list[str] = field(default_factory=lambda: [""])
    break_after: bool = False
    anchors: list[str] = field(default_factory=list)


def _paragraph(element: etree._Element) -> _Paragraph:
    """A paragraph's text as shown (`__doc__`): its runs in order, a field's code, notes and tracked
    deletions left out."""
    read = _Paragraph()
    deleting: set[str] = set()
    out: list[str] = []

    def flush() -> None:
        read.parts[-1] += "".join(out)
        out.clear()

    for child in element:
        tag = child.tag
        if tag == _w("修订开始"):
            if child.get(_w("类型")) == "delete":
                deleting.add(child.get(_w("标识符"), ""))
            continue
        if tag == _w("修订结束"):
            deleting.discard(child.get(_w("开始标识引用"), ""))
            continue
        if tag != _RUN or deleting:
            continue  # properties, field codes (字:域代码), bookmarks, a deletion's runs
        for part in child:
            kind = part.tag
            if kind == _w("文本串"):
                out.append("".join(part.itertext()))
            elif kind == _w("空格符"):
                out.append(" " * _count(part.get(_w("个数"))))
            elif kind == _w("制表符"):
                out.append("\t")
            elif kind == _w("换行符"):
                out.append("\n")
            elif kind == _w("分页符"):
                flush()
                read.parts.append("")
            elif kind == _w("锚点"):
                for drawing in part.iterchildren(_w("图形")):
                    name = drawing.get(_w("图形引用"))
                    if name:
                        read.anchors.append(name)
    flush()
    if len(read.parts) > 1 and not read.parts[-1].strip():
        read.parts.pop()  # a break with nothing after it in the paragraph: the page breaks after it
        read.break_after = True
    return read


def _drawing_items(
    drawing: etree._Element, objects: dict[str, etree._Element], depth: int
) -> Iterator[str | list[list[str]]]:
    """What a drawing holds: its text's paragraphs (a line each, line breaks splitting them) and
    tables (rows), a group's drawings (`图:组合列表`) in turn; a picture holds nothing."""
    if depth > _MAX_DEPTH:
        return
    for content in drawing.iterchildren(_g("文本内容")):
        for child in content:
            if child.tag == _PARAGRAPH:
                yield "\n".join(part for part in _paragraph(child).parts)
            elif child.tag == _TABLE:
                yield _table_rows(child, objects, depth + 1)
    for name in drawing.get(_g("组合列表"), "").split():
        member = objects.get(name)
        if member is not None and member is not drawing:
            yield from _drawing_items(member, objects, depth + 1)


# -- tables --------------------------------------------------------------------------------------


def _table_rows(table: etree._Element, objects: dict[str, etree._Element], depth: int) -> list[list[str]]:
    """A text table's rows of cell texts, merges read as the Word loaders read them (`__doc__`): a
    cell spanned over columns is one cell, one spanned down has its value repeated in each row
    below it, whether those rows leave its place out or hold a covering cell (`字:单元格覆盖`)."""
    rows: list[list[str]] = []
    # Grid column → the cell spanning down over it: (its row, its last row, its first column, its text).
    spans: dict[int, tuple[int, int, int, str]] = {}
    if depth > _MAX_DEPTH:
        return rows
    for row in table.iterchildren(_w("行")):
        index = len(rows)
        cells: list[str] = []
        column = 0
        for cell in row:
            if cell.tag == _w("单元格覆盖"):
                # Under a cell above: its value at its first column. Beside a cell spanned across
                # in this row: already passed by its span.
                span = spans.get(column)
                if span is not None and span[0] < index <= span[1]:
                    if span[2] == column:
                        cells.append(span[3])
                    column += 1
                continue
            if cell.tag != _w("单元格"):
                continue
            column = _covered(spans, index, column, cells)
            text = _cell_value(cell, objects, depth + 1)
            properties = cell.find(_w("单元格属性"))
            across = down = 1
            if properties is not None:
                across = _count(_value(properties.find(_w("跨列"))))
                down = _count(_value(properties.find(_w("跨行"))))
            cells.append(text)
            if down > 1:
                for each in range(column, column + across):
                    spans[each] = (index, index + down - 1, column, text)
            column += across
        _covered(spans, index, column, cells)
        rows.append(cells)
    return rows


def _covered(spans: dict[int, tuple[int, int, int, str]], index: int, at: int, cells: list[str]) -> int:
    """The column past those a cell above (`spans`) covers in row `index` from column `at`, where
    the row leaves its place out; its value appended to `cells` once, at its first column."""
    while (span := spans.get(at)) is not None and span[0] < index <= span[1]:
        if span[2] == at:
            cells.append(span[3])
        at += 1
    return at


def _value(element: etree._Element | None) -> str | None:
    """A property's `字:值` (or its text, as some writers put it)."""
    if element is None:
        return None
    return element.get(_w("值")) or (element.text or "").strip() or None


def _cell_value(cell: etree._Element, objects: dict[str, etree._Element], depth: int) -> str:
    """A text table cell's lines as one value (`cells.cell_text`): its paragraphs, the boxes they
    anchor, and the cells of a table nested in it one a line, as the Word loaders read a cell."""
    lines: list[str] = []
    for child in cell:
        if child.tag == _PARAGRAPH:
            read = _paragraph(child)
            lines.extend(read.parts)
            for name in read.anchors:
                drawing = objects.get(name)
                if drawing is not None:
                    for item in _drawing_items(drawing, objects, depth + 1):
                        lines.extend([item] if isinstance(item, str) else [row_line(r) for r in item])
        elif child.tag == _TABLE:
            for row in _table_rows(child, objects, depth + 1):
                lines.extend(row)
    return cell_text("\n".join(lines))


# -- text documents ------------------------------------------------------------------------------


def _break_styles(root: etree._Element) -> set[str]:
    """The paragraph styles (`uof:段落式样`) that break the page before a paragraph, their own
    `字:段前分页` or a base style's (`字:基式样引用`)."""
    own: dict[str, tuple[str, bool | None]] = {}
    for styles in root.iterchildren(_u("式样集")):
        for style in styles.iterchildren(_u("段落式样")):
            name = style.get(_w("标识符")) or style.get(_u("标识符")) or ""
            mark = style.find(_w("段前分页"))
            breaks = None if mark is None else _value(mark) == "true"
            own[name] = (style.get(_w("基式样引用"), ""), breaks)
    found: set[str] = set()
    for name in own:
        seen: set[str] = set()
        at = name
        while at in own and at not in seen:
            seen.add(at)
            parent, breaks = own[at]
            if breaks is not None:
                if breaks:
                    found.add(name)
                break
            at = parent
    return found


class _Text(PageBuffer):
    """A text body's paragraphs and tables in order, split into pages at page breaks."""

    def __init__(self, source: str, breaking: set[str], objects: dict[str, etree._Element]) -> None:
        super().__init__()
        self.source = source
        self.breaking = breaking
        self.objects = objects

    def breaks_before(self, paragraph: etree._Element) -> bool:
        properties = paragraph.find(_w("段落属性"))
        if properties is None:
            return False
        mark = properties.find(_w("段前分页"))
        if mark is not None:
            return _value(mark) == "true"
        return properties.get(_w("式样引用"), "") in self.breaking

    def walk(self, parent: etree._Element, depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise DubanError(E.UOF_CORRUPT, path=self.source, detail=f"嵌套超过 {_MAX_DEPTH} 层")
        for child in parent:
            if child.tag == _PARAGRAPH:
                before = self.breaks_before(child)
                read = _paragraph(child)
                if before and len(read.parts) > 1 and not read.parts[0].strip():
                    read.parts.pop(0)  # a break first in a paragraph that breaks before it: one break
                self.pending = self.pending or before
                for number, part in enumerate(read.parts):
                    self.pending = self.pending or number > 0
                    self.add(part.split("\n"))
                for name in read.anchors:
                    drawing = self.objects.get(name)
                    if drawing is not None:
                        self.boxes(_drawing_items(drawing, self.objects, depth + 1))
                self.pending = read.break_after and (not before or len(read.parts) > 1)
            elif child.tag == _TABLE:
                rows = _table_rows(child, self.objects, depth + 1)
                self.add([row_line(row) for row in rows], rows)
            elif child.tag == _w("分节"):
                continue  # a section's properties: page setup, headers and footers
            elif isinstance(child.tag, str) and child.tag.startswith(f"{{{_WORD}}}"):
                self.walk(child, depth + 1)  # 逻辑章节 and other containers read through

    def boxes(self, items: Iterator[str | list[list[str]]]) -> None:
        for item in items:
            if isinstance(item, str):
                self.add(item.split("\n"))
            else:
                self.add([row_line(row) for row in item], item)

    def read(self, body: etree._Element) -> RawDocument:
        main = body.find(_w("主体"))
        self.walk(main if main is not None else body, 0)
        pages = self.raw_pages(EXTRACTOR)
        if not pages:
            raise _no_text(self.source)
        return RawDocument(source=self.source, format="uot", pages=pages)


# -- spreadsheets --------------------------------------------------------------------------------


def _spreadsheet(body: etree._Element, source: str) -> RawDocument:
    """A spreadsheet body's sheets not hidden, as the spreadsheet loader's `_Sheet`s, written by its
    rules (`_document`: caps, merges, the no-text error)."""
    from duban.pipeline.loaders.sheet import _document

    main = body.find(_s("主体"))
    sheets: list[_Sheet] = []
    warnings: list[str] = []
    for table in (main if main is not None else body).iterchildren(_s("工作表")):
        if table.get(_s("隐藏")) == "true":
            continue
        sheets.append(_sheet(table, source, warnings))
    document = _document(source, "uos", EXTRACTOR, sheets)
    document.warnings[:0] = warnings
    return document


def _sheet(table: etree._Element, source: str, warnings: list[str]) -> _Sheet:
    """One sheet's cells and merges: a row at its `表:行号` (else after the last), a cell at its
    `表:列号` (else after the last), both 1-based; within the spreadsheet loader's caps."""
    from duban.pipeline.loaders.sheet import MAX_CELLS, MAX_ROWS, _Sheet

    sheet = _Sheet(table.get(_s("名称"), ""))
    content = table.find(_s("工作表内容"))
    row_index = -1
    kept = left_out = 0
    for row in content.iterchildren(_s("行")) if content is not None else ():
        row_index = max(row_index + 1, _position(row.get(_s("行号"))))
        cells: list[tuple[int, str]] = []
        column = -1
        for cell in row.iterchildren(_s("单元格")):
            column = max(column + 1, _position(cell.get(_s("列号"))))
            text = _sheet_value(cell)
            # 表:合并列数 and 表:合并行数 count the cells merged beside and below the first.
            across = _extra(cell.get(_s("合并列数")), 16_384)
            down = _extra(cell.get(_s("合并行数")), MAX_ROWS)
            if text:
                cells.append((column, text))
            if across or down:
                sheet.merges.append((row_index, row_index + down, column, column + across))
        if not cells:
            continue
        if kept >= MAX_ROWS or len(sheet.cells) > MAX_CELLS:
            left_out += 1
            continue
        for column, text in cells:
            sheet.cells[(row_index, column)] = text
        kept += 1
    if left_out:
        name = f"工作表“{sheet.name}”" if sheet.name else "表格"
        warnings.append(f"{source}：{name}超过 {MAX_ROWS:,} 行，其后 {left_out:,} 行未读取")
    return sheet


def _extra(value: str | None, most: int) -> int:
    """A merge's count of further cells: 0 when absent or not a number, at most `most`."""
    try:
        return max(0, min(int(value or 0), most))
    except ValueError:
        return 0


def _position(value: str | None) -> int:
    """A 1-based row or column number as a 0-based index (-1 when absent or not a number)."""
    try:
        return min(int(value or 0), 1_048_576) - 1
    except ValueError:
        return -1


def _sheet_value(cell: etree._Element) -> str:
    """A cell's value as the spreadsheet loader writes it: a date from `表:数据数值`, a number
    without float noise, a boolean as 是/否, else the text shown."""
    import datetime as dt

    from duban.pipeline.loaders.sheet import _number, _value_text

    data = cell.find(_s("数据"))
    if data is None:
        return ""
    kind = data.get(_s("数据类型"), "")
    value = data.get(_s("数据数值"), "")
    if kind == "date" and value:
        try:
            return _value_text(dt.datetime.fromisoformat(value[:19]), "")
        except ValueError:
            pass
    elif kind == "number" and value:
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isnan(number):
            return _number(number, "")
    elif kind == "boolean" and value:
        return _value_text(value.lower() in ("true", "1"), "")
    # The text shown: runs (`字:句`) right in the data, as LibreOffice writes them, or paragraphs.
    paragraphs = [child for child in data if child.tag == _PARAGRAPH] or [data]
    return _value_text("\n".join("\n".join(_paragraph(each).parts) for each in paragraphs), "")


# -- presentations -------------------------------------------------------------------------------


def _number_attr(value: str | None) -> float:
    try:
        return float(value) if value else math.inf
    except ValueError:
        return math.inf


class _Presentation:
    """A presentation body's shown slides, each one page of text."""

    def __init__(self, source: str, objects: dict[str, etree._Element]) -> None:
        self.source = source
        self.objects = objects

    def read(self, body: etree._Element) -> RawDocument:
        main = body.find(f"{{{_SLIDE}}}主体")
        slides = main.find(f"{{{_SLIDE}}}幻灯片集") if main is not None else None
        pages: list[RawPage] = []
        listed = shown = 0
        for number, slide in enumerate(
            slides.iterchildren(f"{{{_SLIDE}}}幻灯片") if slides is not None else (), start=1
        ):
            listed += 1
            if slide.get(f"{{{_SLIDE}}}显示") == "false":
                continue
            shown += 1
            blocks: list[SlideBlock] = []
            for anchor in slide.iterchildren(_u("锚点")):
                role = anchor.get(_u("占位符"), "")
                if role in _CHROME:
                    continue
                drawing = self.objects.get(anchor.get(_u("图形引用"), ""))
                if drawing is None:
                    continue
                y, x = _number_attr(anchor.get(_u("y坐标"))), _number_attr(anchor.get(_u("x坐标")))
                lines: list[str] = []
                for item in _drawing_items(drawing, self.objects, 0):
                    if isinstance(item, str):
                        lines.extend(line.strip() for line in item.split("\n") if line.strip())
                    else:
                        rows = [row for row in (_trimmed(row) for row in item) if row]
                        if rows:
                            blocks.append(
                                SlideBlock(False, y, x, len(blocks), [row_line(r) for r in rows], rows)
                            )
                if lines:
                    title = role in ("title", "centertitle", "centered-title")
                    blocks.append(SlideBlock(title, y, x, len(blocks), lines))
            lines, tables = reading_order(blocks)
            if lines:
                pages.append(slide_page(number, lines, tables, EXTRACTOR))
        if not pages:
            log.info("%s：%s", self.source, no_text_detail(listed, shown))
            raise _no_text(self.source)
        return RawDocument(source=self.source, format="uop", pages=pages)


def _trimmed(row: list[str]) -> list[str]:
    while row and not row[-1]:
        row.pop()
    return row
