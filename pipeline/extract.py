"""Orchestration: file → RawDocument → Document → structure, metadata → extractors → merged result."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from extractors.registry import Extractors, get_extractors
from pipeline.loaders import load
from pipeline.metadata import parse_metadata
from pipeline.model import Document, RawDocument
from pipeline.normalize import normalise
from pipeline.script import detect_script, to_simplified
from pipeline.structure import parse_structure

DEFAULT_EXTRACTORS: tuple[str, ...] = ("rules",)


def content_hash(data: bytes) -> str:
    """A document's id: the hash of its bytes, so the same file is the same document anywhere."""
    return hashlib.sha256(data).hexdigest()[:32]


def build_document(raw: RawDocument, doc_id: str = "") -> Document:
    """Normalise a loaded document and parse its structure and metadata."""
    norm = normalise(raw)
    script = detect_script(norm.text)
    analysis = to_simplified(norm.text) if script == "traditional" else norm.text
    doc = Document(
        source=raw.source,
        format=raw.format,
        text=norm.text,
        analysis_text=analysis,
        script="traditional" if script == "traditional" else "simplified",
        pages=norm.pages,
        original_offsets=norm.offsets,
        warnings=list(raw.warnings),
        doc_id=doc_id,
    )
    parse_structure(doc)
    doc.meta = parse_metadata(doc)
    return doc


def extract_document(doc: Document, extractors: Extractors) -> Document:
    """Run the chosen extractors over a built document and merge what they found into it."""
    extractors.run(doc)
    return doc


def extract_file(
    path: Path, source: str | None = None, extractors: Sequence[str] | Extractors = DEFAULT_EXTRACTORS
) -> Document:
    """The whole pipeline for one file; raises a catalogued `DubanError` for bad input."""
    chosen = extractors if isinstance(extractors, Extractors) else get_extractors(tuple(extractors))
    raw = load(path, source)
    doc = build_document(raw, content_hash(path.read_bytes()))
    return extract_document(doc, chosen)
