"""The typed records that flow from loading to extraction to the index.

One `Document` travels through every stage; each stage fills its own fields. Offsets always
index `Document.text` (the normalised text), so every span reported is a slice of it.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Self, TypeVar, Union, cast, get_args, get_origin, get_type_hints

from duban.base.vocab import DeadlineKind, DocKind, ProgressStatus, Role

__all__ = ["DeadlineKind", "DocKind", "ProgressStatus", "RecordError", "Role"]


# --- JSON records --------------------------------------------------------------------------------------


class RecordError(ValueError):
    """A JSON record that does not fit its type: an unknown or missing key, or a value of the wrong
    type. The message names the path to the value (`Document.measures[3].units[0].role`), so a bad
    line of `duban extract` output or a damaged stored record can be found."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = ""

    def within(self, segment: str) -> RecordError:
        """The same error one level up: `segment` (a key, an index, a type name) goes in front."""
        self.path = segment + self.path
        return self

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


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
        return decode_record(cls, data)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in _names(type(self)):
            value = getattr(self, name)
            if value is None and name in self.omit_none:
                continue
            out[name] = encode(value)
        return out


def encode(value: Any) -> Any:
    """A field's JSON value: records by their `to_json`, sequences as lists, the rest as it is."""
    if isinstance(value, JsonRecord):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [encode(v) for v in value]
    return value


R = TypeVar("R")
Decoder = Callable[[Any], Any]
# Each type's decoder is built once from its annotations: reading a stored index of a few thousand
# measures must cost little next to the SQL that fetched them.
_DECODERS: dict[Any, Decoder] = {}
_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    found = _NAMES.get(cls)
    if found is None:
        found = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return found


def decode_record(cls: type[R], data: Any) -> R:
    """`cls` built from the mapping `data`, every value checked (see `JsonRecord`)."""
    try:
        return cast(R, decoder(cls)(data))
    except RecordError as exc:
        raise exc.within(cls.__name__) from None


def decoder(tp: Any) -> Decoder:
    """The function that reads a JSON value as type `tp`: records, lists, fixed and open tuples,
    string-keyed objects, optionals, literals and scalars; a float field takes an int as it is (JSON tools may write 1.0
    as 1). It raises `RecordError`, its path relative to the value."""
    found = _DECODERS.get(tp)
    if found is None:
        found = _DECODERS[tp] = _build(tp)
    return found


def _build(tp: Any) -> Decoder:
    origin = get_origin(tp)
    if tp is Any:
        return lambda value: value
    if origin is Union or origin is types.UnionType:
        return _union(tp)
    if origin is Literal:
        return _literal(get_args(tp))
    if origin is list or origin is tuple:
        return _sequence(origin, get_args(tp))
    if origin is dict:
        return _mapping(get_args(tp)[1])
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _record(tp)
    if tp in (int, float, str, bool, dict):
        return _scalar(tp)
    raise TypeError(f"no JSON reading for {tp}")


def _union(tp: Any) -> Decoder:
    args = get_args(tp)
    options = [decoder(a) for a in args if a is not type(None)]
    nullable = type(None) in args
    if nullable and len(options) == 1:
        (option,) = options
        return lambda value: None if value is None else option(value)

    def read(value: Any) -> Any:
        if value is None and nullable:
            return None
        for option in options:
            try:
                return option(value)
            except RecordError:
                continue
        raise RecordError(f"{value!r} is none of {tp}")

    return read


def _literal(allowed: tuple[Any, ...]) -> Decoder:
    def read(value: Any) -> Any:
        if isinstance(value, str | int) and value in allowed:
            return value
        raise RecordError(f"{value!r} is not one of {', '.join(map(repr, allowed))}")

    return read


def _sequence(origin: Any, args: tuple[Any, ...]) -> Decoder:
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        return _fixed(args)
    item = decoder(args[0])

    def read(value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise RecordError(f"expected a list, got {type(value).__name__}")
        out = []
        for i, v in enumerate(value):
            try:
                out.append(item(v))
            except RecordError as exc:
                raise exc.within(f"[{i}]") from None
        return out if origin is list else tuple(out)

    return read


def _mapping(value_type: Any) -> Decoder:
    """A JSON object with string keys, each value read as `value_type` (counts by name)."""
    item = decoder(value_type)

    def read(value: Any) -> Any:
        if not isinstance(value, Mapping):
            raise RecordError(f"expected an object, got {type(value).__name__}")
        out = {}
        for key, v in value.items():
            try:
                out[str(key)] = item(v)
            except RecordError as exc:
                raise exc.within(f"[{key!r}]") from None
        return out

    return read


def _fixed(args: tuple[Any, ...]) -> Decoder:
    items = [decoder(a) for a in args]

    def read(value: Any) -> Any:
        if not isinstance(value, list | tuple) or len(value) != len(items):
            raise RecordError(f"expected a list of {len(items)} values, got {value!r}")
        out = []
        for i, (item, v) in enumerate(zip(items, value, strict=True)):
            try:
                out.append(item(v))
            except RecordError as exc:
                raise exc.within(f"[{i}]") from None
        return tuple(out)

    return read


def _record(cls: type) -> Decoder:
    hints = get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.init]
    _DECODERS[cls] = lambda value: read(value)  # a record may nest itself
    readers = {f.name: decoder(hints[f.name]) for f in fields}
    required = frozenset(
        f.name
        for f in fields
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    name = cls.__name__

    def read(data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise RecordError(f"expected an object for {name}, got {type(data).__name__}")
        values: dict[str, Any] = {}
        for key, value in data.items():
            reader = readers.get(key)
            if reader is None:
                unknown = ", ".join(repr(k) for k in data if k not in readers)
                raise RecordError(f"unknown key(s) {unknown} for {name}")
            try:
                values[key] = reader(value)
            except RecordError as exc:
                raise exc.within(f".{key}") from None
        if len(values) < len(required) or not required <= values.keys():
            missing = ", ".join(repr(k) for k in readers if k in required and k not in values)
            raise RecordError(f"missing key(s) {missing} for {name}")
        return cls(**values)

    return read


def _scalar(tp: type) -> Decoder:
    # exact types: a bool is no int here, and JSON gives no subclasses of str or int
    accepted = (float, int) if tp is float else (tp,)

    def read(value: Any) -> Any:
        if type(value) in accepted:
            return value
        raise RecordError(f"expected {tp.__name__}, got {type(value).__name__} {value!r}")

    return read


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
        if not isinstance(data, Mapping):
            raise RecordError(f"expected an object, got {type(data).__name__}").within("Document")
        unknown = [k for k in data if k not in _DOCUMENT_KEYS]
        if unknown:
            raise RecordError(f"unknown key(s) {', '.join(map(repr, unknown))} for Document").within(
                "Document"
            )
        missing = [k for k in _DOCUMENT_KEYS if k not in data and k not in ("warnings", "text")]
        if missing:
            raise RecordError(f"missing key(s) {', '.join(map(repr, missing))} for Document").within(
                "Document"
            )

        def read(key: str, tp: Any, default: Any = None) -> Any:
            try:
                return decoder(tp)(data.get(key, default))
            except RecordError as exc:
                raise exc.within(f"Document.{key}") from None

        text = read("text", str, "")
        return cls(
            source=read("source", str),
            format="",
            text=text,
            analysis_text="",
            script=read("script", Literal["simplified", "traditional"]),
            pages=read("pages", list[Page]),
            warnings=read("warnings", list[str], []),
            meta=read("doc", Metadata),
            measures=read("measures", list[Measure]),
            relays=read("relays", list[Relay]),
            progress=read("progress", list[Progress]),
            doc_id=read("doc_id", str),
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
