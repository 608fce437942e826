"""Word (.docx, and its macro-enabled and template variants .docm, .dotx, .dotm) via python-docx:
paragraphs and tables in document order.

A `.docm`, `.dotx` or `.dotm` is the same package with another content type on its main part
(`_WORD_MAIN`); python-docx refuses any but a `.docx`'s, so the main part is opened as a
document whichever of these it is (`_open`). Macros (`word/vbaProject.bin`) are never run nor
kept: python-docx holds that part as bytes it never looks at.

A .docx is a zip of XML parts, so a hostile or broken one can be a zip bomb, an entity bomb,
XML nested thousands deep, or just a damaged zip. Before python-docx sees it, the package is
checked within the limits (`loaders.package`, shared with the OFD loader): the uncompressed size
of all parts from the zip directory, then `word/document.xml` streamed once through a parser that
resolves no entities, counting elements and refusing a DTD (Word never writes one). A damaged zip
(`package.zip_damage`), and whatever python-docx then raises on a damaged file, is E020 naming the
file. An OpenDocument text (`.odt`) under a `.docx` name is read by `loaders.odf` with its warning.

Text boxes (文本框) hold real text in official documents (a red-headed notice's issuer line, a
boxed note, a flow chart's steps): each is read once, after the paragraph that anchors it
(`_box_items`), so it counts as the document's own text. SmartArt (a work flow's steps, an org
chart of who leads what) is read there too, each point's paragraphs a line in the data model's
order, and a chart by its title (`loaders.pptx.diagram_lines`, `chart_title`).

Lower units often send a signed, stamped notice as scanned pages pasted into a .docx as pictures.
When the document's own text is next to nothing (`_scanned`), its pictures that look like pages
(`Picture.page_like`) are read by OCR in document order, each a page, as a scanned PDF's pages are
(`loaders.pictures`); a document with no text at all and nothing to read is E035, never a silent
empty document.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.ocr import word_no_text
from duban.pipeline.loaders.package import check_sizes, parse_part, zip_damage
from duban.pipeline.loaders.pictures import Block, Picture, nothing_detail, scanned
from duban.pipeline.loaders.relabel import damaged_detail


def load_docx(path: Path, source: str) -> RawDocument:
    if _opendocument(path, source):
        from duban.pipeline.loaders.odf import load_odf

        return load_odf(path, source)  # it warns that the name says otherwise (`relabel`)
    check_package(path, source, current())
    try:
        blocks = _read(path, source)
    except MemoryError:
        raise
    except DubanError:
        raise
    except Exception as exc:  # a damaged package fails in many libraries' own ways: all are E020
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=damaged_detail(exc)) from exc
    document = scanned(blocks, source, "docx", "python-docx")
    if document is not None:
        return document
    lines = [line for block in blocks for line in block.lines]
    tables = [table for block in blocks for table in block.tables]
    if not any(line.strip() for line in lines):
        raise word_no_text(source, nothing_detail(blocks))
    text = "\n".join(lines)
    return RawDocument(source=source, format="docx", pages=[RawPage(1, text, "python-docx", tables=tables)])


def _opendocument(path: Path, source: str) -> bool:
    """Whether the package is an OpenDocument file (`content.xml`, no `word/document.xml`) under a
    Word name: WPS and LibreOffice users pick .odt and the file is renamed; it is read as one."""
    with zip_damage(source, E.DOCX_CORRUPT), zipfile.ZipFile(path) as package:
        names = set(package.namelist())
    return "content.xml" in names and "word/document.xml" not in names


def check_package(path: Path, source: str, limits: Limits) -> None:
    """Refuse a package that is damaged, over the size or element limits, or carries a DTD,
    without inflating more of it than the limits allow (`loaders.package`)."""
    with zip_damage(source, E.DOCX_CORRUPT), zipfile.ZipFile(path) as package:
        check_sizes(package, source, limits, "Word")
        try:
            body = package.getinfo("word/document.xml")
        except KeyError as exc:
            raise DubanError(E.DOCX_CORRUPT, path=source, detail="缺少正文 word/document.xml") from exc
        if body.file_size == 0:
            raise DubanError(E.DOCX_CORRUPT, path=source, detail="正文 word/document.xml 是空的")
        with package.open(body) as stream:
            parse_part(stream, source, limits, part="正文", what="Word", corrupt=E.DOCX_CORRUPT)


# The content types of a Word package's main part: .docx, .docm, .dotx, .dotm.
_WORD_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def _open(path: Path) -> Any:
    """The python-docx document of a Word package whatever its kind (`_WORD_MAIN`): python-docx
    makes a document part only of a `.docx`'s main part and `docx.Document` refuses the others,
    so the other three are registered to be made the same way, and the main part is taken as
    `docx.Document` takes it. Its macros part stays bytes, never run."""
    from docx.opc.part import PartFactory
    from docx.package import Package
    from docx.parts.document import DocumentPart

    for content_type in _WORD_MAIN:
        PartFactory.part_type_for.setdefault(content_type, DocumentPart)
    part = Package.open(str(path)).main_document_part
    if part.content_type not in _WORD_MAIN:
        raise ValueError(f"不是 Word 文档，主部件的类型是 {part.content_type}")
    return part.document


def _read(path: Path, source: str) -> list[Block]:
    """The body's blocks in document order, each with the pictures in it. A paragraph's block
    ends with the paragraph lines of the text boxes and diagrams it anchors (`_box_items`), and a
    table in a box is a block of its own after them, as a body table is."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = _open(path)
    found: dict[str, Picture] = {}  # a picture shown twice is looked at once
    graphics = _Graphics(document.part, source)

    def pictures(element: Any) -> list[Picture]:
        refs = [str(ref) for ref in _PICTURES(element, r=_R)]
        return [found.setdefault(ref, _picture(document.part, ref)) for ref in refs]

    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = Block([paragraph_text(item._p)], pictures=pictures(item._p))
            blocks.append(block)
            for boxed in _box_items(item._p, graphics):
                if isinstance(boxed, str):
                    if block.in_table:
                        block = Block([])
                        blocks.append(block)
                    block.lines.append(boxed)
                else:
                    block = Block([row_line(row) for row in boxed], [boxed], in_table=True)
                    blocks.append(block)
        elif isinstance(item, Table):
            rows = _rows(item._tbl, graphics)
            blocks.append(Block([row_line(row) for row in rows], [rows], pictures(item._tbl), in_table=True))
    return blocks


def _rows(tbl: Any, graphics: _Graphics | None = None) -> list[list[str]]:
    """A table's rows, each a list of its cells' text, a merged cell once (`_unique_cells`)."""
    from docx.table import Table

    table = Table(tbl, None)  # type: ignore[arg-type]  # its rows and cells never ask for a part
    return [
        [cell_text(_cell_text(cell._tc, graphics)) for cell in _unique_cells(row.cells)] for row in table.rows
    ]


def _picture(part: Any, ref: str) -> Picture:
    """The picture a relationship id names. Its bytes are the package's part, already within the
    package's size limit (`check_package`)."""
    rel = part.rels.get(ref)
    if rel is None or rel.is_external:
        return Picture(None)
    return Picture(rel.target_part.blob)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# The runs of a paragraph as Word shows it: wherever a run sits (inside a tracked insertion
# `w:ins` or move `w:moveTo`, a simple field's result `w:fldSimple`, a content control `w:sdt`, a
# smart tag, a hyperlink), but not deleted or moved away (`w:del`, `w:moveFrom`) and not a text
# box's own paragraphs (`w:txbxContent`: they are read after the paragraph, `_box_items`).
# python-docx's `Paragraph.text` reads only the runs that are the paragraph's children or a
# hyperlink's, so a notice edited with tracks on lost its inserted words (`逾期未报的，由某室督促
# 整改`) where the `.doc` of the same text kept them. Each run's own text is python-docx's.
_RUNS = etree.XPath(
    "./descendant::w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)"
    " and count(ancestor::w:txbxContent) = $boxes]",
    namespaces={"w": _W},
)
_BOXES = etree.XPath("count(ancestor::w:txbxContent)", namespaces={"w": _W})
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# The text boxes a paragraph anchors, in document order: a box's content `w:txbxContent` as a
# DrawingML shape holds it (`wps:txbx`, alone, in a group `wpg:wgp` or a canvas `wpc:wpc`) or a
# legacy VML shape (`v:textbox`, Word 2003 and WPS), one box level below the paragraph (a box
# inside a box is its own anchor's). Word writes a floating box twice, DrawingML in the
# `mc:Choice` and the same text as VML in the `mc:Fallback`: only the first Choice is read, never
# the Fallback, so each box's text comes once. A box in a deleted run is not read, as the run's
# text is not. With them, in the same order and on the same terms, the SmartArt diagrams
# (`dgm:relIds`, naming the diagram's data part) and charts (`c:chart`, naming the chart part)
# the paragraph shows (`_Graphics`).
_ANCHORED = etree.XPath(
    "(.//w:txbxContent[parent::wps:txbx or parent::v:textbox] | .//dgm:relIds | .//c:chart)"
    "[count(ancestor::w:txbxContent) = $depth]"
    "[not(ancestor::mc:Fallback) and not(ancestor::mc:Choice[preceding-sibling::mc:Choice])"
    " and not(ancestor::w:del) and not(ancestor::w:moveFrom)]",
    namespaces={
        "w": _W,
        "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
        "v": "urn:schemas-microsoft-com:vml",
        "mc": _MC,
        "dgm": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
        "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    },
)
_RELIDS = "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds"
_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"
_P, _TBL, _TXBX = f"{{{_W}}}p", f"{{{_W}}}tbl", f"{{{_W}}}txbxContent"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# The pictures of a block, in document order: DrawingML's `a:blip r:embed` and legacy VML's
# `v:imagedata r:id` (Word 2003 and WPS), but not a `mc:Fallback`'s copy of a picture already given
# in its `mc:Choice`, nor a picture deleted under tracked changes.
_PICTURES = etree.XPath(
    "(.//a:blip | .//v:imagedata)[not(ancestor::mc:Fallback) and not(ancestor::w:del)]"
    "/@*[local-name() = 'embed' or local-name() = 'id'][namespace-uri() = $r]",
    namespaces={
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
        "v": "urn:schemas-microsoft-com:vml",
        "mc": _MC,
        "w": _W,
    },
    smart_strings=False,
)


def paragraph_text(p: Any) -> str:
    """The text of a `w:p` element as Word shows it (`_RUNS`)."""
    return "".join(run.text for run in _RUNS(p, boxes=_BOXES(p)))


def _box_items(p: Any, graphics: _Graphics | None = None) -> Iterator[str | list[list[str]]]:
    """What the text boxes and diagrams a `w:p` anchors hold (`_ANCHORED`), in document order:
    each paragraph as a line, followed by the boxes it anchors in turn, each table as its rows
    (`_rows`), a SmartArt diagram's points and a chart's title as lines (`graphics`, the
    document's: none, and they are not read).

    Official documents put real text in boxes: the issuer line or title of a red-headed notice,
    a boxed note on an attachment, the steps of a flow chart, a table's caption. A document
    whose text is all in boxes was E035 and a box's text in a longer one was lost; read here, a
    box's text is the document's own text, also when `loaders.pictures` weighs whether the
    document is a scan pasted in."""
    if next(p.iter(_TXBX, _RELIDS, _CHART), None) is None:  # most paragraphs: skip the XPath
        return
    for box in _ANCHORED(p, depth=_BOXES(p)):
        if box.tag != _TXBX:
            if graphics is not None:
                yield from graphics.lines(box)
            continue
        for child in box.iterchildren(_P, _TBL):
            if child.tag == _P:
                yield paragraph_text(child)
                yield from _box_items(child, graphics)
            else:
                yield _rows(child, graphics)


class _Graphics:
    """The text of the SmartArt diagrams and charts a document shows, read from the parts its
    drawings name: a diagram's data part (`dgm:relIds r:dm`), each point's paragraphs a line
    (`loaders.pptx.diagram_lines`), a chart's title (`chart_title`), not its data. Each part is
    read through the safe parser within the element limit (`loaders.package`); one missing or
    external is nothing to read, as a missing picture is."""

    def __init__(self, part: Any, source: str) -> None:
        self.part = part
        self.source = source
        self.limits = current()

    def lines(self, element: Any) -> list[str]:
        from duban.pipeline.loaders import pptx

        if element.tag == _RELIDS:
            root = self.xml(element.get(f"{{{_R}}}dm"))
            return pptx.diagram_lines(root) if root is not None else []
        root = self.xml(element.get(f"{{{_R}}}id"))
        title = pptx.chart_title(root) if root is not None else ""
        return [title] if title else []

    def xml(self, ref: str | None) -> Any:
        rel = self.part.rels.get(ref) if ref else None
        if rel is None or rel.is_external:
            return None
        target = rel.target_part
        root, _ = parse_part(
            io.BytesIO(target.blob),
            self.source,
            self.limits,
            part=f"部件 {str(target.partname).lstrip('/')} ",
            what="Word",
            corrupt=E.DOCX_CORRUPT,
            keep=True,
        )
        return root


def _cell_text(tc: Any, graphics: _Graphics | None = None) -> str:
    """A table cell's paragraphs, one a line, as python-docx's `_Cell.text` joins them, each
    followed by what the boxes it anchors hold (a box's table a line a row), and the cells of a
    table inside the cell, one a line, as the .doc loader reads a nested table's cell marks
    (python-docx's `_Cell.text` leaves such a table out: a form's sub-table of who does what by
    when was lost)."""
    from docx.table import Table

    lines: list[str] = []
    for child in tc.iterchildren(_P, _TBL):
        if child.tag == _TBL:
            for row in Table(child, None).rows:  # type: ignore[arg-type]  # no part is asked for
                lines.extend(_cell_text(cell._tc, graphics) for cell in _unique_cells(row.cells))
            continue
        lines.append(paragraph_text(child))
        for boxed in _box_items(child, graphics):
            lines.extend([boxed] if isinstance(boxed, str) else [row_line(row) for row in boxed])
    return "\n".join(lines)


def _unique_cells(cells: list[Any]) -> list[Any]:
    """Merged cells repeat in python-docx rows; keep each once."""
    seen: set[int] = set()
    out = []
    for cell in cells:
        key = id(cell._tc)
        if key not in seen:
            seen.add(key)
            out.append(cell)
    return out
