"""Loaders turn a file into a `RawDocument` (pages of text); `load` picks one by file type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.errors import DubanError, E
from pipeline.loaders.docx import load_docx
from pipeline.loaders.pdf import load_pdf
from pipeline.loaders.text import load_html, load_text
from pipeline.model import RawDocument

Loader = Callable[[Path, str], RawDocument]

LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf,
    ".txt": load_text,
    ".text": load_text,
    ".md": load_text,
    ".markdown": load_text,
    ".html": load_html,
    ".htm": load_html,
    ".docx": load_docx,
}

SUPPORTED = tuple(LOADERS)


def load(path: Path, source: str | None = None) -> RawDocument:
    """Read one file; raise a catalogued `DubanError` naming the file when it cannot be read."""
    source = source if source is not None else str(path)
    if not path.exists():
        raise DubanError(E.FILE_NOT_FOUND, path=source)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise DubanError(E.UNSUPPORTED_FORMAT, path=source, suffix=path.suffix or "(none)")
    if path.stat().st_size == 0:
        raise DubanError(E.FILE_EMPTY, path=source)
    return loader(path, source)
