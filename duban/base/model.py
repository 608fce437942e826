"""The typed records that flow from loading to extraction to the index.

One `Document` travels through every stage; each stage fills its own fields. Offsets always
index `Document.text` (the normalised text), so every span reported is a slice of it.
"""

from __future__ import annotations

import dataclasses
import inspect
import threading
import types
from collections.abc import Callable, Mapping
from dataclasses import FrozenInstanceError, dataclass, field
from typing import (
    Any,
    ClassVar,
    Literal,
    Self,
    TypeVar,
    Union,
    cast,
    dataclass_transform,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

from duban.base.vocab import DeadlineKind, DocKind, ProgressStatus, Role

__all__ = ["DeadlineKind", "DocKind", "ProgressStatus", "RecordError", "Role", "record"]


# --- record classes ------------------------------------------------------------------------------------

T = TypeVar("T")
# what `dataclass` would write into the class itself; a class that writes one of them is made by it
_GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
_BUILD_LOCK = threading.RLock()


class _Factory:
    """How a signature shows a default made by a factory, as `dataclass` shows it."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, frozen: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T] | None = None, /, *, frozen: bool = False) -> Any:
    """`@dataclass` (or `@dataclass(frozen=True)`) whose methods are compiled when first used.

    `dataclass` writes `__init__`, `__repr__`, `__eq__` (and for a frozen class `__hash__`,
    `__setattr__` and `__delattr__`) as source text and compiles each at import, about a
    millisecond a class; a process that touches a handful of the records (`duban search`, a web
    request) paid for all of them before answering. Here the fields, `__match_args__` and
    `__dataclass_params__` are set at import as `dataclass` sets them, so `dataclasses.fields`,
    `replace`, `asdict` and the JSON decoders work at once, and the first call of one of the
    methods has `dataclass` compile them all, the very methods it would have made. Until then
    `inspect.signature(cls)` shows `(*args, **kwargs)`. A class that defines one of those methods
    itself, or derives from a dataclass, is simply handed to `dataclass`."""

    def wrap(cls: type[T]) -> type[T]:
        if any(name in cls.__dict__ for name in _GENERATED) or any(
            dataclasses.is_dataclass(base) for base in cls.__mro__[1:]
        ):
            return dataclass(frozen=frozen)(cls)
        had_doc = bool(cls.__doc__)
        cls.__doc__ = cls.__doc__ or "-"  # (written below; spares `dataclass` reading a signature)
        dataclass(init=False, repr=False, eq=False)(cls)  # fields only: nothing compiled
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        params.init = params.repr = params.eq = True
        params.frozen = frozen
        if not had_doc:
            cls.__doc__ = cls.__name__ + _init_signature(cls)
        _install_stubs(cls, frozen)
        return cls

    return wrap if cls is None else wrap(cls)


def _init_signature(cls: type) -> str:
    """The text `dataclass` puts in the docstring of a class without one: its `__init__`'s signature."""
    kinds = inspect.Parameter
    parameters = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        default = f.default if f.default_factory is dataclasses.MISSING else _FACTORY
        parameters.append(
            kinds(
                f.name,
                kinds.KEYWORD_ONLY if f.kw_only is True else kinds.POSITIONAL_OR_KEYWORD,
                default=kinds.empty if default is dataclasses.MISSING else default,
                annotation=f.type,
            )
        )
    return str(inspect.Signature(parameters))


def _install_stubs(cls: type, frozen: bool) -> None:
    """Stand-ins that compile the class's methods on first call, then call the real one."""

    def stub(name: str) -> Callable[..., Any]:
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            _compile_methods(cls, frozen)
            return getattr(cls, name)(self, *args, **kwargs)

        call.__name__ = name
        call.__qualname__ = f"{cls.__qualname__}.{name}"
        return call

    for name in ("__init__", "__repr__", "__eq__"):
        setattr(cls, name, stub(name))
    if not frozen:
        cls.__hash__ = None  # type: ignore[assignment]  # as `dataclass` leaves an eq, unfrozen class
        return
    cls.__hash__ = stub("__hash__")  # type: ignore[method-assign]
    names = frozenset(f.name for f in dataclasses.fields(cls))

    # as `dataclass` writes them for a frozen class
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    for method in (__setattr__, __delattr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)


def _compile_methods(cls: type, frozen: bool) -> None:
    """Compile `cls`'s methods: `dataclass` run on a twin with the same fields (its `__init__`,
    `__repr__`, `__eq__`, `__hash__` name no class), copied onto `cls`."""
    with _BUILD_LOCK:
        if cls.__dict__.get("__record_built__"):  # another thread was first
            return
        namespace: dict[str, Any] = {
            "__module__": cls.__module__,
            "__qualname__": cls.__qualname__,
            "__annotations__": inspect.get_annotations(cls),
        }
        if hasattr(cls, "__post_init__"):
            namespace["__post_init__"] = cls.__post_init__
        for f in dataclasses.fields(cls):
            namespace[f.name] = dataclasses.field(
                default=f.default,
                default_factory=f.default_factory,
                init=f.init,
                repr=f.repr,
                hash=f.hash,
                compare=f.compare,
                metadata=f.metadata,
                kw_only=f.kw_only,
            )
        twin: type = dataclass(frozen=frozen)(type(cls.__name__, (), namespace))
        for name in ("__init__", "__repr__", "__eq__", *(("__hash__",) if frozen else ())):
            setattr(cls, name, twin.__dict__[name])
        cls.__record_built__ = True  # type: ignore[attr-defined]


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


@record
class RawPage(JsonRecord):
    """One page as a loader read it, before normalisation."""

    number: int
    text: str
    extractor: str
    trusted: bool = True
    tables: list[list[list[str]]] = field(default_factory=list)
    note: str = ""


@record
class RawDocument(JsonRecord):
    """What a loader returns: pages of text and where they came from."""

    source: str
    format: str
    pages: list[RawPage]
    warnings: list[str] = field(default_factory=list)


@record
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


@record
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


@record
class Sentence(JsonRecord):
    start: int
    end: int
    block: int


@record
class Metadata(JsonRecord):
    title: str | None = None
    kind: DocKind = "other"
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None


@record
class Unit(JsonRecord):
    omit_none: ClassVar[frozenset[str]] = frozenset({"start", "end"})

    name: str
    role: Role = "responsible"
    start: int | None = None
    end: int | None = None
    provenance: str = ""
    confidence: float = 1.0


@record
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


@record
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


@record
class Relay(JsonRecord):
    title: str | None
    doc_number: str | None
    text: str
    start: int
    end: int
    page: int
    provenance: str = ""


@record
class Progress(JsonRecord):
    text: str
    status: ProgressStatus
    start: int
    end: int
    page: int
    figures: list[int] = field(default_factory=list)
    provenance: str = ""


@record
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

    def dropped_between(self, a: int, b: int) -> bool:
        """Whether normalisation dropped characters of the original (a line break, a run of
        spaces) between `text[a]` and `text[b]` (`a < b`): it joins a line without end punctuation
        to the next one, even across blank lines, and the offset map still shows the gap. False
        where the map does not cover the text."""
        offsets = self.original_offsets
        if len(offsets) != len(self.text) or not 0 <= a < b < len(offsets):
            return False
        return offsets[b] - offsets[a] > b - a

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
