"""Word (.docx) via python-docx: paragraphs and tables in document order."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from pipeline.errors import DubanError, E
from pipeline.model import RawDocument, RawPage


def load_docx(path: Path, source: str) -> RawDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise DubanError(E.DOCX_CORRUPT, path=source, detail=str(exc) or type(exc).__name__) from exc
    lines: list[str] = []
    tables: list[list[list[str]]] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            rows = [[_cell_text(cell.text) for cell in _unique_cells(row.cells)] for row in item.rows]
            tables.append(rows)
            lines.extend(" | ".join(row) for row in rows)
    text = "\n".join(lines)
    return RawDocument(source=source, format="docx", pages=[RawPage(1, text, "python-docx", tables=tables)])


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


def _cell_text(text: str) -> str:
    """A wrapped cell's lines are one value."""
    return "".join(part.strip() for part in text.splitlines())
