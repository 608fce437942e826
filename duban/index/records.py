"""What both backends store for a document: flat rows prepared from `Document.to_json()`.

Preparing once, in one place, keeps the SQLite and Elasticsearch stores from disagreeing on ids,
normalised dates or which deadline a measure sorts by.

A row holds its records already encoded as the JSON the stores keep, and may hold its full-text
rows ready to bind (`ready_row`, `ReadyTokens`): an ingest worker prepares the whole row, so the
one writer that two workers feed receives a few strings and byte strings per document (cheap to
pass between processes, where the nested dicts of a record were not) and only executes the inserts.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

from duban.base.model import Document, record
from duban.index.analysis import Analyzer, DocumentTokens, IndexedText
from duban.index.filters import STATUSES, normalise_date

TOKENS_KEY = "tokens"
TOKENS_LEVEL = 1
"""zlib level of a document's packed tokens. They are read back only to delete the document, and
level 1 compresses them in a third of the default level's time for blobs about a quarter larger;
any level reads back the same."""


def encode(value: Any) -> str:
    """The JSON a store keeps for a record: compact, characters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


UTF8_KEY = "_utf8"
"""Where a row brought by a pickle keeps its `text` and `stored` as UTF-8 bytes (`Utf8Text`)."""


class Utf8Text:
    """A row whose `text` and `stored` (its largest strings) cross a pickle as their UTF-8 bytes,
    decoded only when first read: the SQLite writer binds the bytes as they came (`text_and_stored`,
    `CAST(? AS TEXT)`), the very bytes SQLite keeps for the text.

    An ingest worker pickles each row it makes for the one writer, and sent as `str`, every
    document's text and records and every measure's text and record (about 27 KB of UTF-8 a real
    document) were decoded from UTF-8 when the parent unpickled them, then encoded to UTF-8 again
    when the writer bound them, in the one process that two workers feed. With `writing.bound`:
    the parent's instructions for unpickling and writing 400 real documents' rows 6 % fewer
    (callgrind: 11.1 → 10.4 M a document), the index the same. A row whose text cannot be encoded
    (a lone surrogate) is pickled as it is, and fails where it is written, as before."""

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt by `_restore`, not by `object.__reduce_ex__`'s state: the unpickler would look
        # for `__setstate__` on each row, and `__getattr__` (Python) would be asked for it
        state = dict(self.__dict__)
        state.pop("record", None)  # a cached reading of `stored`, read again where needed
        if UTF8_KEY not in state:
            try:
                encoded = (state["text"].encode("utf-8"), state["stored"].encode("utf-8"))
            except UnicodeEncodeError:
                return _restore, (type(self), state)
            state[UTF8_KEY] = encoded
        state.pop("text", None)  # (a row brought by pickle and not read holds neither)
        state.pop("stored", None)
        return _restore, (type(self), state)

    def __getattr__(self, name: str) -> Any:
        # only reached for an attribute the instance does not hold: `text` and `stored` of a row
        # that came by pickle, until first read
        held = self.__dict__.get(UTF8_KEY) if name == "text" or name == "stored" else None
        if held is None:
            raise AttributeError(name)
        self.__dict__["text"], self.__dict__["stored"] = (part.decode("utf-8") for part in held)
        return self.__dict__[name]


def _restore(cls: type[Any], state: dict[str, Any]) -> Any:
    """A row as `Utf8Text.__reduce__` pickled it."""
    row = object.__new__(cls)
    row.__dict__.update(state)
    return row


def text_and_stored(row: Utf8Text) -> tuple[str | bytes, str | bytes]:
    """A row's `text` and `stored` as the SQLite writer binds them (`CAST(? AS TEXT)`): the UTF-8
    bytes a pickle brought (`Utf8Text`), or the strings."""
    held: tuple[bytes, bytes] | None = row.__dict__.get(UTF8_KEY)
    if held is not None:
        return held
    return row.__dict__["text"], row.__dict__["stored"]


@record(frozen=True)
class DeadlineRow:
    text: str
    kind: str
    due: str | None
    period: str | None


@record(frozen=True)
class MeasureRow(Utf8Text):
    """One measure: its id is `<doc_id>:<ordinal>`, stable for the same file content."""

    measure_id: str
    ordinal: int
    text: str
    start: int | None
    end: int | None
    page: int
    stored: str
    """The measure's record without its text, encoded (`encode`) as both stores keep it."""
    units: tuple[tuple[str, str], ...]
    deadlines: tuple[DeadlineRow, ...]
    first_due: str | None

    @cached_property
    def record(self) -> dict[str, Any]:
        """The measure's record without its text (its text is `text`)."""
        found: dict[str, Any] = json.loads(self.stored)
        return found


@record(frozen=True)
class ReadyTokens:
    """A document's tokens as the SQLite writer binds them: the UTF-8 bytes of each full-text
    column (`IndexedText.characters` too, for each measure) and the packed tokens the document
    keeps for its deletion (`pack_tokens`).

    An ingest worker makes them (`ready_row`), so the one writer neither works out the measures'
    characters nor pays for the tokens' text twice: sent as `str`, each column was decoded from
    UTF-8 when the row was unpickled and encoded to UTF-8 again when it was bound (`bench_ingest.py
    writer`, 400 real documents: unpickling a row 0.22 → 0.14 ms, writing it 2.80 → 2.32 ms). The
    writer binds the bytes as text (`CAST(? AS TEXT)`), which FTS5 reads as the very same tokens:
    the full-text tables hold the same bytes either way."""

    signature: str
    document: tuple[bytes, bytes]
    measures: tuple[tuple[bytes, bytes, bytes], ...]
    """(words, grams, characters) of each measure, in order."""
    packed: bytes

    @staticmethod
    def of(tokens: DocumentTokens) -> ReadyTokens:
        document = tokens.document
        return ReadyTokens(
            tokens.signature,
            (document.words.encode("utf-8"), document.grams.encode("utf-8")),
            tuple(
                (m.words.encode("utf-8"), m.grams.encode("utf-8"), m.characters.encode("utf-8"))
                for m in tokens.measures
            ),
            pack_tokens(tokens),
        )

    def decoded(self) -> DocumentTokens:
        """The tokens these were made of (for a store that takes them as text: Elasticsearch)."""
        words, grams = self.document
        return DocumentTokens(
            self.signature,
            IndexedText(words.decode("utf-8"), grams.decode("utf-8")),
            tuple(IndexedText(w.decode("utf-8"), g.decode("utf-8")) for w, g, _ in self.measures),
        )


@record(frozen=True)
class ReadyStarts:
    """The word starts of a document's distinct unit names and its issuer, lowered
    (`spellings.lowered_starts`), cut where the row was made, under the cutting `key`
    (`spellings.cutting_key`) of that process.

    The SQLite writer stores the starts of each name it has not met before (`sqlite.starts`);
    cutting them there was a third of the writer's own Python (0.4 ms a document on 1,000 real
    documents), work of the one writer that two workers feed, on text the worker already holds.
    The writer uses them only under its own key, and cuts a name they lack itself."""

    key: int
    names: dict[str, tuple[str, ...]]


@record(frozen=True)
class DocumentRow(Utf8Text):
    """A document's searchable fields, its stored record (without text and measures) and rows."""

    doc_id: str
    source: str
    source_hash: str
    title: str | None
    kind: str
    doc_number: str | None
    issuer: str | None
    date: str | None
    text: str
    stored: str
    """The document's record without its text, measures and tokens, encoded (`encode`)."""
    measures: tuple[MeasureRow, ...]
    relays: tuple[dict[str, Any], ...]
    progress: tuple[dict[str, Any], ...]
    tokens: DocumentTokens | None = None
    ready: ReadyTokens | None = None
    """The full-text rows as the SQLite writer binds them, made where the row was (`ready_row`),
    or None."""
    starts: ReadyStarts | None = None
    """The word starts of its unit names and issuer, made where the row was (`ready_row`), or None."""

    @cached_property
    def record(self) -> dict[str, Any]:
        """The document's record without its text, measures and tokens."""
        found: dict[str, Any] = json.loads(self.stored)
        return found

    @property
    def first_due(self) -> str | None:
        dues = [m.first_due for m in self.measures if m.first_due is not None]
        return min(dues) if dues else None


def measure_id(doc_id: str, ordinal: int) -> str:
    return f"{doc_id}:{ordinal}"


REPLACES_KEY = "replaces"
COPY_OF_KEY = "copy_of"
"""The stored record's note that the document is a copy of another directive (`stored.CopyOf`),
set and cleared by `Store.mark_copy` after the write (`pipeline.copies`)."""


def replaced_version(
    doc_id: str,
    source: str,
    measures: Iterable[tuple[str, str, Sequence[str], str | None]],
    passed_on: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """What a store keeps of the version `doc_id` that a new document replaces at `source`
    (`stored.Replaced`): each measure's id, text, unit names and computed status, (id, text,
    units, status). A version no check ever gave a status passes on what it replaced itself
    (`passed_on`: a file corrected twice before the next check), and one with nothing to pass on
    leaves nothing: the record only serves to compare statuses."""
    kept = [
        {"measure_id": mid, "text": text, "units": list(dict.fromkeys(units)), "status": status}
        for mid, text, units, status in measures
    ]
    if not any(m["status"] is not None for m in kept):
        return dict(passed_on) if passed_on else None
    return {"doc_id": doc_id, "source": source, "measures": kept}


def with_replaced(row: DocumentRow, replaced: Mapping[str, Any] | None) -> str:
    """The row's stored record with the version it replaced (`replaced_version`), as kept."""
    if not replaced:
        return row.stored
    return encode({**row.record, REPLACES_KEY: dict(replaced)})


DocInput = Document | Mapping[str, Any] | DocumentRow


def prepare(doc: DocInput, source_hash: str) -> DocumentRow:
    """Rows for `doc` (a Document, the dict `Document.to_json(include_text=True)` gives, or a row
    prepared before, e.g. by an ingest worker)."""
    if isinstance(doc, DocumentRow):
        return doc if doc.source_hash == source_hash else replace(doc, source_hash=source_hash)
    record: dict[str, Any] = doc.to_json(include_text=True) if isinstance(doc, Document) else dict(doc)
    source = record.get("source")
    if not isinstance(source, str) or not source:
        raise ValueError("a document to index needs its source")
    doc_id = str(record.get("doc_id") or source_hash)
    meta: dict[str, Any] = dict(record.get("doc") or {})
    measures = tuple(_measure(doc_id, i, m) for i, m in enumerate(record.get("measures") or []))
    stored = {k: v for k, v in record.items() if k not in ("text", "measures", TOKENS_KEY)}
    tokens = record.get(TOKENS_KEY)
    stored["doc_id"] = doc_id
    return DocumentRow(
        doc_id=doc_id,
        source=source,
        source_hash=source_hash,
        title=meta.get("title"),
        kind=str(meta.get("kind") or "other"),
        doc_number=meta.get("doc_number"),
        issuer=meta.get("issuer"),
        date=_date(meta.get("date"), end=False),
        text=str(record.get("text") or ""),
        stored=encode(stored),
        measures=measures,
        relays=tuple(record.get("relays") or ()),
        progress=tuple(record.get("progress") or ()),
        tokens=DocumentTokens.from_json(tokens) if tokens else None,
    )


def _measure(doc_id: str, ordinal: int, data: Mapping[str, Any]) -> MeasureRow:
    units = tuple((str(u["name"]), str(u.get("role") or "responsible")) for u in data.get("units") or ())
    deadlines = tuple(
        DeadlineRow(
            str(d.get("text", "")), str(d.get("kind", "")), _date(d.get("due"), True), d.get("period")
        )
        for d in data.get("deadlines") or ()
    )
    dues = [d.due for d in deadlines if d.due is not None]
    return MeasureRow(
        measure_id=measure_id(doc_id, ordinal),
        ordinal=ordinal,
        text=str(data.get("text", "")),
        start=_int(data.get("start")),
        end=_int(data.get("end")),
        page=int(data.get("page") or 1),
        stored=encode({k: v for k, v in data.items() if k != "text"}),
        units=units,
        deadlines=deadlines,
        first_due=min(dues) if dues else None,
    )


def tokens_for(row: DocumentRow, analyzer: Analyzer) -> DocumentTokens:
    """The row's own tokens if this analyzer would have made the same ones, else fresh ones."""
    made = row.tokens
    if made is not None and made.signature == analyzer.signature and len(made.measures) == len(row.measures):
        return made
    if _usable(row.ready, row, analyzer):
        return row.ready.decoded()  # type: ignore[union-attr]  # (checked by _usable)
    return analyzer.index_document(row.title, row.text, [(m.start, m.end, m.text) for m in row.measures])


def ready_tokens(row: DocumentRow, analyzer: Analyzer) -> ReadyTokens:
    """The row's full-text rows ready to bind: those it came with if this analyzer would have
    made the same ones, else made from its tokens (`tokens_for`)."""
    if _usable(row.ready, row, analyzer):
        return row.ready  # type: ignore[return-value]  # (checked by _usable)
    return ReadyTokens.of(tokens_for(row, analyzer))


def _usable(ready: ReadyTokens | None, row: DocumentRow, analyzer: Analyzer) -> bool:
    return (
        ready is not None
        and ready.signature == analyzer.signature
        and len(ready.measures) == len(row.measures)
    )


def with_tokens(record: dict[str, Any], analyzer: Analyzer) -> dict[str, Any]:
    """`record` with its tokens attached (as JSON), for a record passed on as a dict."""
    row = prepare(record, str(record.get("doc_id") or ""))
    return {**record, TOKENS_KEY: tokens_for(row, analyzer).to_json()}


def ready_row(doc: DocInput, source_hash: str, analyzer: Analyzer) -> DocumentRow:
    """The row with everything a store computes before writing done: records encoded, tokens made,
    packed and encoded for binding (`ReadyTokens`, which stand for the tokens: a row carries them
    once). An ingest worker calls this, so the one writer only executes inserts."""
    row = prepare(doc, source_hash)
    return replace(
        row, tokens=None, ready=ReadyTokens.of(tokens_for(row, analyzer)), starts=ready_starts(row)
    )


def ready_starts(row: DocumentRow) -> ReadyStarts:
    """The word starts of the row's distinct unit names and of its issuer (`ReadyStarts`)."""
    from duban.index.spellings import cutting_key, lowered_starts  # the segmenter: where rows are made

    names = dict.fromkeys(name for m in row.measures for name, _ in m.units)
    if row.issuer is not None:
        names[row.issuer] = None
    return ReadyStarts(cutting_key(), {name: tuple(lowered_starts(name)) for name in names})


def pack_tokens(tokens: DocumentTokens) -> bytes:
    """Tokens as the SQLite store keeps them (compressed JSON), to take them out again on delete."""
    return zlib.compress(encode_tokens(tokens).encode("utf-8"), TOKENS_LEVEL)


def encode_tokens(tokens: DocumentTokens) -> str:
    return json.dumps(tokens.to_json(), ensure_ascii=False)


def unpack_tokens(blob: bytes) -> DocumentTokens:
    return DocumentTokens.from_json(json.loads(zlib.decompress(blob)))


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def _date(value: Any, end: bool) -> str | None:
    """An ISO date for filtering and sorting; anything that is not one is left out of the index."""
    return normalise_date(str(value)[:10], end) if value else None


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"status '{status}' is not one of {', '.join(STATUSES)}")
    return status
