"""Word (.docx) via python-docx: paragraphs and tables in document order.

A .docx is a zip of XML parts, so a hostile or broken one can be a zip bomb, an entity bomb,
XML nested thousands deep, or just a damaged zip. Before python-docx sees it, the package is
checked within the limits (`loaders.package`, shared with the OFD loader): the uncompressed size
of all parts from the zip directory, then `word/document.xml` streamed once through a parser that
resolves no entities, counting elements and refusing a DTD (Word never writes one). Whatever python-docx then raises on a damaged file is E020 naming the file.
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
from duban.pipeline.loaders.package import check_sizes, parse_part


def load_docx(path: Path, source: str) -> RawDocument:
    check_package(path, source, current())
    try:
        lines, tables = _read(path)
    except MemoryError:
        raise
    except DubanError:
        raise
    except Exception as exc:  # a damaged package fails in many libraries' own ways: all are E020
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=_detail(exc)) from exc
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
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=_detail(exc)) from exc


def _read(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(paragraph_text(item._p))
        elif isinstance(item, Table):
            rows = [
                [cell_text(_cell_text(cell._tc)) for cell in _unique_cells(row.cells)] for row in item.rows
            ]
            tables.append(rows)
            lines.extend(row_line(row) for row in rows)
    return lines, tables


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


def paragraph_text(p: Any) -> str:
    """The text of a `w:p` element as Word shows it (`_RUNS`)."""
    return "".join(run.text for run in _RUNS(p, boxes=_BOXES(p)))


def _cell_text(tc: Any) -> str:
    """A table cell's paragraphs, one a line, as python-docx's `_Cell.text` joins them."""
    return "\n".join(paragraph_text(p) for p in tc.iterchildren(f"{{{_W}}}p"))


def _detail(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


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
