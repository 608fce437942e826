"""Word (.docx) via python-docx: paragraphs and tables in document order.

A .docx is a zip of XML parts, so a hostile or broken one can be a zip bomb, an entity bomb,
XML nested thousands deep, or just a damaged zip. Before python-docx sees it, the package is
checked within the limits (`loaders.package`, shared with the OFD loader): the uncompressed size
of all parts from the zip directory, then `word/document.xml` streamed once through a parser that
resolves no entities, counting elements and refusing a DTD (Word never writes one). Whatever python-docx then raises on a damaged file is E020 naming the file.

Lower units often send a signed, stamped notice as scanned pages pasted into a .docx as pictures.
When the document's own text is next to nothing (`_scanned`), its pictures that look like pages
(`Picture.page_like`) are read by OCR in document order, each a page, as a scanned PDF's pages are
(`loaders.pictures`); a document with no text at all and nothing to read is E035, never a silent
empty document.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from lxml import etree

from duban.base.errors import DubanError, E
from duban.base.limits import Limits, current
from duban.base.model import RawDocument, RawPage
from duban.pipeline.loaders.cells import cell_text, row_line
from duban.pipeline.loaders.ocr import word_no_text
from duban.pipeline.loaders.package import check_sizes, parse_part
from duban.pipeline.loaders.pictures import Block, Picture, nothing_detail, scanned
from duban.pipeline.loaders.relabel import error_detail


def load_docx(path: Path, source: str) -> RawDocument:
    check_package(path, source, current())
    try:
        blocks = _read(path)
    except MemoryError:
        raise
    except DubanError:
        raise
    except Exception as exc:  # a damaged package fails in many libraries' own ways: all are E020
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=error_detail(exc)) from exc
    document = scanned(blocks, source, "docx", "python-docx")
    if document is not None:
        return document
    lines = [line for block in blocks for line in block.lines]
    tables = [table for block in blocks for table in block.tables]
    if not any(line.strip() for line in lines):
        raise word_no_text(source, nothing_detail(blocks))
    text = "\n".join(lines)
    return RawDocument(source=source, format="docx", pages=[RawPage(1, text, "python-docx", tables=tables)])


def check_package(path: Path, source: str, limits: Limits) -> None:
    """Refuse a package that is damaged, over the size or element limits, or carries a DTD,
    without inflating more of it than the limits allow (`loaders.package`)."""
    try:
        with zipfile.ZipFile(path) as package:
            check_sizes(package, source, limits, "Word")
            try:
                body = package.getinfo("word/document.xml")
            except KeyError as exc:
                raise DubanError(E.DOCX_CORRUPT, path=source, detail="缺少正文 word/document.xml") from exc
            if body.file_size == 0:
                raise DubanError(E.DOCX_CORRUPT, path=source, detail="正文 word/document.xml 是空的")
            with package.open(body) as stream:
                parse_part(stream, source, limits, part="正文", what="Word", corrupt=E.DOCX_CORRUPT)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=error_detail(exc)) from exc


def _read(path: Path) -> list[Block]:
    """The body's blocks in document order, each with the pictures in it."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    found: dict[str, Picture] = {}  # a picture shown twice is looked at once

    def pictures(element: Any) -> list[Picture]:
        refs = [str(ref) for ref in _PICTURES(element, r=_R)]
        return [found.setdefault(ref, _picture(document.part, ref)) for ref in refs]

    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            blocks.append(Block([paragraph_text(item._p)], pictures=pictures(item._p)))
        elif isinstance(item, Table):
            rows = [
                [cell_text(_cell_text(cell._tc)) for cell in _unique_cells(row.cells)] for row in item.rows
            ]
            blocks.append(Block([row_line(row) for row in rows], [rows], pictures(item._tbl), in_table=True))
    return blocks


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
# box's own paragraphs (`w:txbxContent`: not body text, as the .doc loader reads it).
# python-docx's `Paragraph.text` reads only the runs that are the paragraph's children or a
# hyperlink's, so a notice edited with tracks on lost its inserted words (`逾期未报的，由某室督促
# 整改`) where the `.doc` of the same text kept them. Each run's own text is python-docx's.
_RUNS = etree.XPath(
    "./descendant::w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)"
    " and count(ancestor::w:txbxContent) = $boxes]",
    namespaces={"w": _W},
)
_BOXES = etree.XPath("count(ancestor::w:txbxContent)", namespaces={"w": _W})
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
        "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
        "w": _W,
    },
    smart_strings=False,
)


def paragraph_text(p: Any) -> str:
    """The text of a `w:p` element as Word shows it (`_RUNS`)."""
    return "".join(run.text for run in _RUNS(p, boxes=_BOXES(p)))


def _cell_text(tc: Any) -> str:
    """A table cell's paragraphs, one a line, as python-docx's `_Cell.text` joins them."""
    return "\n".join(paragraph_text(p) for p in tc.iterchildren(f"{{{_W}}}p"))


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
