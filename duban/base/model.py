"""The typed records that flow from loading to extraction to the index.

One `Document` travels through every stage; each stage fills its own fields. Offsets always
index `Document.text` (the normalised text), so every span reported is a slice of it.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Self, TypeVar, Union, get_args, get_origin, get_type_hints

from duban.base.vocab import DeadlineKind, DocKind, ProgressStatus, Role

__all__ = ["DeadlineKind", "DocKind", "ProgressStatus", "RecordError", "Role"]


# --- JSON records --------------------------------------------------------------------------------------


class RecordError(ValueError):
    """A JSON record that does not fit its type: an unknown or missing key, or a value of the wrong
    type. The message names the path to the value (`Document.measures[3].units[0].role`), so a bad
    line of `duban extract` output or a damaged stored record can be found."""


class JsonRecord:
    """A dataclass that reads itself from the JSON it writes.

    `to_json` gives each field under its own name (nested records by their own `to_json`, tuples
    as lists); `from_json` takes exactly those keys: an unknown key or a missing key without a
    default is a `RecordError`, and each value is checked against the field's type (ints where an
    int is declared, one of the literal values, …), so `X.from_json(x.to_json()) == x`."""

    # keys `to_json` leaves out when their value is None (a record's optional offsets)
    omit_none: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return decode_record(cls, data, cls.__name__)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in _fields(type(self)):
            value = getattr(self, f.name)
            if value is None and f.name in self.omit_none:
                continue
            out[f.name] = encode(value)
        return out


def encode(value: Any) -> Any:
    """A field's JSON value: records by their `to_json`, sequences as lists, the rest as it is."""
    if isinstance(value, JsonRecord):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return value


R = TypeVar("R")


_FIELDS: dict[type, tuple[dataclasses.Field[Any], ...]] = {}
_HINTS: dict[type, dict[str, Any]] = {}


def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(f for f in dataclasses.fields(cls) if f.init)
    return found


def _hints(cls: type) -> dict[str, Any]:
    found = _HINTS.get(cls)
    if found is None:
        found = _HINTS[cls] = get_type_hints(cls)
    return found


def decode_record(cls: type[R], data: Any, where: str) -> R:
    """`cls` built from the mapping `data`, every value checked (see `JsonRecord`)."""
    if not isinstance(data, Mapping):
        raise RecordError(f"{where}: expected an object for {cls.__name__}, got {type(data).__name__}")
    fields = _fields(cls)
    known = {f.name for f in fields}
    unknown = [k for k in data if k not in known]
    if unknown:
        raise RecordError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))} for {cls.__name__}")
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in fields:
        if f.name in data:
            values[f.name] = decode(hints[f.name], data[f.name], f"{where}.{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise RecordError(f"{where}: missing key '{f.name}' for {cls.__name__}")
    return cls(**values)


def decode(tp: Any, value: Any, where: str) -> Any:
    """`value` read as type `tp`: records, lists, fixed and open tuples, optionals, literals and
    scalars; a float field takes an int as it is (JSON writes 1.0 as 1 in some tools)."""
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin is Union or origin is types.UnionType:
        args = get_args(tp)
        if value is None and type(None) in args:
            return None
        options = [a for a in args if a is not type(None)]
        if len(options) == 1:
            return decode(options[0], value, where)
        for option in options:
            try:
                return decode(option, value, where)
            except RecordError:
                continue
        raise RecordError(f"{where}: {value!r} is none of {tp}")
    if origin is Literal:
        if value not in get_args(tp):
            allowed = ", ".join(map(repr, get_args(tp)))
            raise RecordError(f"{where}: {value!r} is not one of {allowed}")
        return value
    if origin in (list, tuple):
        if not isinstance(value, list | tuple):
            raise RecordError(f"{where}: expected a list, got {type(value).__name__}")
        args = get_args(tp)
        if origin is list:
            return [decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(value)]
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(value))
        if len(value) != len(args):
            raise RecordError(f"{where}: expected {len(args)} values, got {len(value)}")
        return tuple(decode(a, v, f"{where}[{i}]") for i, (a, v) in enumerate(zip(args, value, strict=True)))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return decode_record(tp, value, where)
    if tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
    elif tp in (int, str, bool):
        if isinstance(value, tp) and (tp is bool or not isinstance(value, bool)):
            return value
    elif tp is dict:
        if isinstance(value, dict):
            return value
    else:
        raise RecordError(f"{where}: cannot read type {tp}")
    raise RecordError(f"{where}: expected {tp.__name__}, got {type(value).__name__} {value!r}")


@dataclass
class RawPage(JsonRecord):
    """One page as a loader read it, before normalisation."""

    number: int
    text: str
    extractor: str
    trusted: bool = True
    tables: list[list[list[str]]] = field(default_factory=list)
    note: str = ""


@dataclass
class RawDocument(JsonRecord):
    """What a loader returns: pages of text and where they came from."""

    source: str
    format: str
    pages: list[RawPage]
    warnings: list[str] = field(default_factory=list)


@dataclass
class Page(JsonRecord):
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
class Block(JsonRecord):
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
class Sentence(JsonRecord):
    start: int
    end: int
    block: int


@dataclass
class Metadata(JsonRecord):
    title: str | None = None
    kind: DocKind = "other"
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None


@dataclass
class Unit(JsonRecord):
    omit_none: ClassVar[frozenset[str]] = frozenset({"start", "end"})

    name: str
    role: Role = "responsible"
    start: int | None = None
    end: int | None = None
    provenance: str = ""
    confidence: float = 1.0


@dataclass
class Deadline(JsonRecord):
    omit_none: ClassVar[frozenset[str]] = frozenset({"start", "end", "due", "period"})

    text: str
    kind: DeadlineKind
    start: int | None = None
    end: int | None = None
    due: str | None = None
    period: str | None = None
    provenance: str = ""
    confidence: float = 1.0


@dataclass
class Measure(JsonRecord):
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
class Relay(JsonRecord):
    title: str | None
    doc_number: str | None
    text: str
    start: int
    end: int
    page: int
    provenance: str = ""


@dataclass
class Progress(JsonRecord):
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
            "doc": self.meta.to_json(),
            "script": self.script,
            "pages": [p.to_json() for p in self.pages],
            "measures": [m.to_json() for m in self.measures],
            "relays": [r.to_json() for r in self.relays],
            "progress": [p.to_json() for p in self.progress],
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        if include_text:
            out["text"] = self.text
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Document:
        """The document a `to_json` record describes, every key and value checked (`RecordError`).

        The record keeps what extraction reports, not the intermediate stages: the loader's
        format, the analysis text, the offset map, blocks and sentences come back empty, and the
        text only when the record has it (`include_text=True`)."""
        where = "Document"
        if not isinstance(data, Mapping):
            raise RecordError(f"{where}: expected an object, got {type(data).__name__}")
        unknown = [k for k in data if k not in _DOCUMENT_KEYS]
        if unknown:
            raise RecordError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))} for Document")
        missing = [k for k in _DOCUMENT_KEYS if k not in data and k not in ("warnings", "text")]
        if missing:
            raise RecordError(f"{where}: missing key(s) {', '.join(map(repr, missing))} for Document")
        text = decode(str, data.get("text", ""), f"{where}.text")
        return cls(
            source=decode(str, data["source"], f"{where}.source"),
            format="",
            text=text,
            analysis_text="",
            script=decode(Literal["simplified", "traditional"], data["script"], f"{where}.script"),
            pages=decode(list[Page], data["pages"], f"{where}.pages"),
            warnings=decode(list[str], data.get("warnings", []), f"{where}.warnings"),
            meta=decode(Metadata, data["doc"], f"{where}.doc"),
            measures=decode(list[Measure], data["measures"], f"{where}.measures"),
            relays=decode(list[Relay], data["relays"], f"{where}.relays"),
            progress=decode(list[Progress], data["progress"], f"{where}.progress"),
            doc_id=decode(str, data["doc_id"], f"{where}.doc_id"),
        )


_DOCUMENT_KEYS = (
    "source",
    "doc_id",
    "doc",
    "script",
    "pages",
    "measures",
    "relays",
    "progress",
    "warnings",
    "text",
)
