"""The typed records that flow from loading to extraction to the index.

One `Document` travels through every stage; each stage fills its own fields. Offsets always
index `Document.text` (the normalised text), so every span reported is a slice of it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from duban.base.vocab import DeadlineKind, DocKind, ProgressStatus, Role

__all__ = ["DeadlineKind", "DocKind", "ProgressStatus", "Role"]


@dataclass
class RawPage:
    """One page as a loader read it, before normalisation."""

    number: int
    text: str
    extractor: str
    trusted: bool = True
    tables: list[list[list[str]]] = field(default_factory=list)
    note: str = ""


@dataclass
class RawDocument:
    """What a loader returns: pages of text and where they came from."""

    source: str
    format: str
    pages: list[RawPage]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Page:
    number: int
    start: int
    end: int
    extractor: str
    trusted: bool = True


BlockKind = Literal["heading", "item", "paragraph", "table_row", "title", "meta", "chrome", "label"]
# What the layout stage learnt about a block beyond its kind: `group` (a heading that only groups
# or counts the items below it), `title` (a short heading line whose body follows on the next
# lines), `body` (a paragraph or label that belongs to the item `parent`), `condition` (an item
# that only states a case of its parent's rule and belongs to it), or empty.
BlockRole = Literal["", "group", "title", "body", "condition"]


@dataclass
class Block:
    """A line of structure: a heading, a numbered item, a paragraph, a table row, a label line
    under an item (`责任单位：…`) or web-page chrome. `parent` is the index of the item or heading
    whose text it belongs to or sits under (-1 at the top), set by `pipeline.layout`."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    marker: str = ""
    section: list[str] = field(default_factory=list)
    cells: list[tuple[int, int]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    parent: int = -1
    role: BlockRole = ""


@dataclass
class Sentence:
    start: int
    end: int
    block: int


@dataclass
class Metadata:
    title: str | None = None
    kind: DocKind = "other"
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None


@dataclass
class Unit:
    name: str
    role: Role = "responsible"
    start: int | None = None
    end: int | None = None
    provenance: str = ""
    confidence: float = 1.0


@dataclass
class Deadline:
    text: str
    kind: DeadlineKind
    start: int | None = None
    end: int | None = None
    due: str | None = None
    period: str | None = None
    provenance: str = ""
    confidence: float = 1.0


@dataclass
class Measure:
    text: str
    start: int
    end: int
    page: int
    section: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    provenance: list[str] = field(default_factory=list)
    confidence: float = 1.0


@dataclass
class Relay:
    title: str | None
    doc_number: str | None
    text: str
    start: int
    end: int
    page: int
    provenance: str = ""


@dataclass
class Progress:
    text: str
    status: ProgressStatus
    start: int
    end: int
    page: int
    figures: list[int] = field(default_factory=list)
    provenance: str = ""


@dataclass
class Document:
    """A document after loading and normalisation, filled in by structure and extraction."""

    source: str
    format: str
    text: str
    analysis_text: str
    script: Literal["simplified", "traditional"]
    pages: list[Page]
    original_offsets: list[int] = field(default_factory=list, repr=False)
    warnings: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    meta: Metadata = field(default_factory=Metadata)
    measures: list[Measure] = field(default_factory=list)
    relays: list[Relay] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    doc_id: str = ""

    def page_at(self, offset: int) -> int:
        """The page number that holds a character offset."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages else 1

    def to_json(self, include_text: bool = False) -> dict[str, Any]:
        """The JSON Lines record that `duban extract` prints (see the extraction contract)."""
        out: dict[str, Any] = {
            "source": self.source,
            "doc_id": self.doc_id,
            "doc": asdict(self.meta),
            "script": self.script,
            "pages": [asdict(p) for p in self.pages],
            "measures": [_measure_json(m) for m in self.measures],
            "relays": [asdict(r) for r in self.relays],
            "progress": [asdict(p) for p in self.progress],
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if include_text:
            out["text"] = self.text
        return out


def _measure_json(m: Measure) -> dict[str, Any]:
    data = asdict(m)
    data["units"] = [{k: v for k, v in u.items() if v is not None} for u in data["units"]]
    data["deadlines"] = [{k: v for k, v in d.items() if v is not None} for d in data["deadlines"]]
    return data
