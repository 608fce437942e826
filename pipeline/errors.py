"""The error catalogue: every failure a user can meet has a code, a message and a hint.

Raise `DubanError(E.PDF_NO_TEXT, path=...)`; the CLI prints code, message and hint, and the JSON
Lines output carries them as an `error` object, so batch jobs can group failures by code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    message: str
    hint: str


class E(Enum):
    FILE_NOT_FOUND = ErrorSpec(
        "E001", "{path}: no such file or folder", "Check the path; quote it if it has spaces."
    )
    FILE_EMPTY = ErrorSpec("E002", "{path}: the file is empty", "Nothing to extract; re-export the document.")
    UNSUPPORTED_FORMAT = ErrorSpec(
        "E003",
        "{path}: unsupported file type '{suffix}'",
        "duban reads .pdf, .txt, .md, .html, .htm and .docx; convert .doc/.wps to .docx first.",
    )
    ENCODING_UNKNOWN = ErrorSpec(
        "E004",
        "{path}: the text encoding could not be detected",
        "Save the file as UTF-8 (or GB18030/Big5) and run again.",
    )
    PDF_CORRUPT = ErrorSpec(
        "E010",
        "{path}: the PDF cannot be read ({detail})",
        "The file is truncated or damaged; download or export it again.",
    )
    PDF_ENCRYPTED = ErrorSpec(
        "E011",
        "{path}: the PDF is encrypted with a password",
        "Remove the password (e.g. `qpdf --decrypt --password=… in.pdf out.pdf`) and run again.",
    )
    PDF_NO_TEXT = ErrorSpec(
        "E012",
        "{path}: the PDF has no text layer ({detail}); it needs OCR",
        "Run OCR first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`) and extract the OCR'd file.",
    )
    PDF_UNTRUSTED = ErrorSpec(
        "E013",
        "{path}: no page has a trustworthy text layer ({detail})",
        "The fonts decode to wrong characters; run OCR on the file (e.g. `ocrmypdf --force-ocr`).",
    )
    DOCX_CORRUPT = ErrorSpec(
        "E020",
        "{path}: the Word file cannot be read ({detail})",
        "Open and re-save it in Word or LibreOffice as .docx.",
    )
    RULES_INVALID = ErrorSpec(
        "E030",
        "{path}:{line}: invalid rule: {detail}",
        "Fix the rule file; every rule needs id (name.vN), kind, pattern and examples.",
    )
    INDEX_URL = ErrorSpec(
        "E040",
        "unsupported index URL '{url}'",
        "Use sqlite:///path.db, a file path, or http(s)://host:9200 for Elasticsearch.",
    )
    INDEX_UNREACHABLE = ErrorSpec(
        "E041",
        "the index at {url} cannot be reached ({detail})",
        "Start it (`docker compose up -d` for Elasticsearch) or check --index / $DUBAN_INDEX.",
    )
    INDEX_VERSION = ErrorSpec(
        "E042",
        "the index at {url} runs an unsupported version ({detail})",
        "duban supports Elasticsearch 8.x and 9.x.",
    )
    INDEX_SCHEMA = ErrorSpec(
        "E043",
        "the index file {url} has schema version {detail}, newer than this duban understands",
        "Upgrade duban, or point --index at another file.",
    )
    INDEX_WRITE = ErrorSpec(
        "E044",
        "writing to the index at {url} failed ({detail})",
        "Check the cluster's health and disk space, then run the ingest again: unchanged files are skipped.",
    )
    FILTER_INVALID = ErrorSpec(
        "E050",
        "invalid filter: {detail}",
        "See `duban search --help` for the filter fields and their formats.",
    )
    MODEL_MISSING = ErrorSpec(
        "E060",
        "the model '{name}' cannot be loaded ({detail})",
        "{remedy}",
    )
    EXTRA_MISSING = ErrorSpec(
        "E061",
        "the optional extra '{extra}' is not installed",
        "Install it with `pip install 'duban[{extra}]'`.",
    )
    NOT_FOUND = ErrorSpec("E070", "{what} not found: {key}", "List what is there with `duban search --docs`.")
    BAD_DATE = ErrorSpec("E071", "'{value}' is not a date", "Write dates as YYYY-MM-DD.")
    EXTRACT_FAILED = ErrorSpec(
        "E080",
        "{path}: extraction failed ({detail})",
        "This is a bug in duban; please report it, with the file if you can share it.",
    )


class DubanError(Exception):
    """An error from the catalogue, formatted with its fields."""

    def __init__(self, kind: E, **fields: Any) -> None:
        self.kind = kind
        self.fields = fields
        spec = kind.value
        self.code = spec.code
        self.message = spec.message.format(**_Defaulting(fields))
        self.hint = spec.hint.format(**_Defaulting(fields))
        super().__init__(f"{self.code} {self.message}")

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.kind.name, "message": self.message, "hint": self.hint}


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"
