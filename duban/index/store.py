"""The interface every index backend offers, and the results it returns.

Ingestion, search and the cross-check talk only to `Store`, so SQLite (one file, no server) and
Elasticsearch (a cluster) are interchangeable behind `open_store(url)`. `Store` is made of small
protocols: `Index` (write, delete, get, count, search: the core), `Statuses`, `Browsing`
(iteration, stats, facets), `RunLog` and `Corrections`.

What a search means is written once, here: `run_search` parses the query, merges its
`field:value` filters, falls back to the relaxed query when the strict one finds nothing and
highlights the hits; `run_facets` does the same for facet counts. A backend gives them two
primitives (`Searchable`: `find` and `facet_counts`) that take a parsed query and return raw
matches (`Found`) or counts.

What comes back is typed (`base.stored`): `get` and `iter_documents` give `StoredDocument`s,
`iter_measures` gives `StoredMeasure`s and `search` gives `Hit`s; a backend reads its JSON into
them with `read_stored`/`read_measure` (E.INDEX_RECORD for a record it cannot read), and
`run_search` does so for every hit.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol, runtime_checkable

from duban.base.errors import DubanError, E
from duban.base.model import JsonRecord, Metadata, Page, Unit, record
from duban.base.stored import (
    ChangeNote,
    CopyOf,
    Correction,
    Hit,
    IndexStats,
    RunReport,
    StatusChange,
    StatusEvidence,
    StoredDocument,
    StoredMeasure,
    read_measure,
    read_stored,
)
from duban.base.vocab import Status
from duban.index.analysis import Analyzer, Query
from duban.index.filters import Filters, Target
from duban.index.highlight import BRACKETS, Marks, highlight, leading_spans
from duban.index.records import DocInput

__all__ = [
    "Browsing",
    "Copies",
    "Corrections",
    "CountKind",
    "DocumentSummary",
    "Facets",
    "Found",
    "Hit",
    "Index",
    "MeasureOutline",
    "RunLog",
    "SearchResult",
    "Searchable",
    "SearchesOnce",
    "Sort",
    "StatusUpdate",
    "Statuses",
    "Store",
    "WriteResult",
    "change_stamp",
    "run_facets",
    "run_search",
]

CountKind = Literal["documents", "measures"]
Sort = Literal["relevance", "deadline"]
WriteAction = Literal["added", "replaced", "linked", "unchanged", "failed"]
TOP_UNITS = 50
FACET_CAP = 10_000  # facets count at most this many matching measures (the search total's cap)
FACET_UNITS = 20


@record(frozen=True)
class WriteResult:
    """What a write did: `added` a new document, `replaced` the source's older version (`removed`),
    `linked` the source to a document already stored under another path, or left it `unchanged`.
    In a bulk write, a document the index refused is `failed` with the reason in `error` (the
    others are written); `write` raises E.INDEX_WRITE for it instead."""

    doc_id: str
    action: WriteAction
    measures: int
    removed: tuple[str, ...] = ()
    error: str | None = None


@record
class SearchResult:
    hits: list[Hit]
    total: int
    query: Query
    target: Target
    took_ms: float = 0.0
    filters: Filters = field(default_factory=Filters)


@record(frozen=True)
class Found:
    """One match as a backend's search primitive returns it, before highlighting: a measure
    (`record` its stored JSON, `text` its text) or a document (`record` the document's stored
    JSON without its text and measures, and perhaps without its relays and progress statements,
    which a document hit does not show; `text` its whole text, `measure_id` None). `to_hit`
    reads `record` into the typed hit; nothing writes to it (a backend may keep it cached)."""

    doc_id: str
    source: str
    text: str
    record: Mapping[str, Any]
    score: float
    measure_id: str | None = None
    page: int | None = None
    status: str | None = None
    title: str | None = None
    kind: str | None = None
    ingested_at: str | None = None  # when the index took the document in (UTC ISO)


@record(frozen=True)
class DocumentSummary(JsonRecord):
    """What a listing of many documents shows of each (`Browsing.summaries`): its metadata, the
    source paths it is stored under, its measures' ids in order and the first characters of its
    text (`head`), without the whole text and every measure that `get` reads: a search's export
    names thousands of documents and needs only these."""

    doc_id: str
    source: str = ""
    doc: Metadata = field(default_factory=Metadata)
    sources: tuple[str, ...] = ()
    measure_ids: tuple[str, ...] = ()
    head: str = ""

    @property
    def paths(self) -> list[str]:
        """Every source path of the document (its own when the index lists none), as
        `StoredDocument.paths`."""
        return [s for s in self.sources or (self.source,) if s]


@record(frozen=True)
class MeasureOutline(JsonRecord):
    """What a list of many measures names each by (`Browsing.measure_outlines`): its id, text,
    units (name and role, as extracted) and computed status, without the measure's stored record
    and the evidence behind its status, which `get` reads and decodes: the first check over the
    real corpus's index changed 141,194 measures' statuses, and `duban changes` named each by
    reading its directive whole."""

    measure_id: str
    text: str = ""
    units: tuple[Unit, ...] = ()
    status: Status | None = None


SUMMARY_BATCH = 500
"""Documents a backend reads in one query (SQLite) or request (Elasticsearch) for `summaries`."""

Facets = dict[str, dict[str, int]]
NO_FACETS: Facets = {"by_unit": {}, "by_status": {}, "by_kind": {}, "by_deadline_month": {}}


class Index(Protocol):
    """The core of a backend: documents in, documents out, counted and searched."""

    url: str  # where the index is, without credentials

    def write(self, doc: DocInput, source_hash: str) -> WriteResult:
        """Store one document as one atomic step; same content again changes nothing, and a new
        version at the same source replaces the old one with its measures."""
        ...

    def write_many(self, items: Iterable[tuple[DocInput, str]]) -> list[WriteResult]:
        """The bulk path: like `write` for each item, batched for throughput."""
        ...

    def delete(self, doc_id: str) -> bool:
        """Remove a document, its measures and its sources; False if it was not there."""
        ...

    def count(self, kind: CountKind = "documents") -> int: ...

    def get(self, doc_id: str) -> StoredDocument | None:
        """The stored document: what was extracted, its text, the `sources` it is stored under,
        and each measure's `measure_id`, `status` and `status_evidence`."""
        ...

    def known_hashes(self, sources: Iterable[str]) -> dict[str, str]:
        """The content hash stored for each of these sources that is in the index."""
        ...

    def search(
        self,
        query: str,
        filters: Filters | None = None,
        target: Target = "measures",
        limit: int = 10,
        offset: int = 0,
        sort: Sort = "relevance",
        marks: Marks = BRACKETS,
    ) -> SearchResult:
        """Free text plus `field:value` tokens (see `index.analysis`), narrowed by `filters`.
        Backends answer it with `run_search` over their `find` primitive."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


class Searchable(Protocol):
    """The two primitives a backend gives `run_search` and `run_facets`: a parsed query in, raw
    matches out. Parsing, the relaxed fallback and highlighting are done once, above them."""

    analyzer: Analyzer
    url: str  # named in the error for a stored record the hits cannot be read from

    def find(
        self, query: Query, filters: Filters, target: Target, limit: int, offset: int, sort: Sort
    ) -> tuple[list[Found], int]:
        """One page of matches of `query` (never `matches_nothing`) and their total (to the cap)."""
        ...

    def facet_counts(self, query: Query, filters: Filters) -> tuple[Facets, int]:
        """The facets of the measures `query` finds (at most `FACET_CAP`), and how many it found."""
        ...


StatusUpdate = tuple[str, str, StatusEvidence | Mapping[str, Any] | None]
"""A measure's id, its new status and the evidence for it (`Statuses.update_statuses`)."""


_LAST_STAMP: list[datetime] = []


def change_stamp() -> str:
    """When a save of statuses recorded its changes: UTC to the millisecond, the same for every
    change of the save, and in one format, so the stamps sort as text too. Two saves of one
    process never share a stamp (a re-check right after an ingest can come within the same
    millisecond): a stamp not after the last one is moved a millisecond past it, so `since` a
    save's stamp lists that save and what came after, never the one before."""
    now = datetime.now(UTC)
    stamp = now.replace(microsecond=now.microsecond // 1000 * 1000)
    if _LAST_STAMP and stamp <= _LAST_STAMP[0]:
        stamp = _LAST_STAMP[0] + timedelta(milliseconds=1)
    _LAST_STAMP[:] = [stamp]
    return stamp.isoformat(timespec="milliseconds")


class Statuses(Protocol):
    def update_status(
        self, measure_id: str, status: str, evidence: StatusEvidence | Mapping[str, Any] | None = None
    ) -> None:
        """Set a measure's cross-check status (one of `index.filters.STATUSES`) with its evidence
        (`StatusEvidence`, or its JSON), which `get` gives back as the measure's `status_evidence`.

        It stays while the file is unchanged; a new version of the file has new measures (new ids)
        whose status the cross-check sets again."""
        ...

    def update_statuses(self, updates: Iterable[StatusUpdate], note: ChangeNote | None = None) -> int:
        """`update_status` for many measures at once, read as they come (a cross-check run's
        statuses are too many to hold first): what the cross-check saves after each run, which a
        measure at a time wrote in as many transactions (SQLite) or requests (Elasticsearch).
        A measure that is not there fails with E.NOT_FOUND, a bad status with ValueError, and
        nothing of the call is set (SQLite: one transaction; Elasticsearch, which has none: nothing
        of that chunk of 500 and after). The number of measures set.

        With `note` (what the check was: its as-of date and what made it), each measure whose
        status differs from the one stored before, or that had none, also gets a `StatusChange`
        (`status_changes`), all with one `at`, written with the statuses (SQLite: in the same
        transaction, so a killed check leaves neither; Elasticsearch: in one bulk call with
        its chunk's statuses). The old status is read where it is stored, not from what the
        caller read earlier, so two checks saving one after the other each record their own."""
        ...

    def add_status_changes(self, changes: Iterable[StatusChange]) -> int:
        """Keep these changes as given (what `update_statuses` records with a `note`; an import or a
        test may add them directly). The number kept."""
        ...

    def status_changes(
        self,
        since: str | None = None,
        directive: str | None = None,
        limit: int | None = None,
        causes: Collection[str] | None = None,
    ) -> list[StatusChange]:
        """The recorded changes, newest first (by `at`): those saved at or after `since` (an ISO
        date or UTC time), of the directive with that `doc_id`, made by one of `causes`, the first
        `limit` of them. A measure deleted with its document keeps its changes: they are a record
        of what the checks said, as the run log is of the ingests; a document written again with
        the same content has the same measure ids and finds them again."""
        ...

    def clear_statuses(self, keep: Collection[str]) -> int:
        """Unset the status and evidence of every measure that has one, outside the documents
        `keep` names (by `doc_id`): what a cross-check of every directive does after it saves, so
        that a document it no longer checks (the follower that linked it removed, its kind read
        anew) keeps no status from an earlier run for searches and counts to show. Staff
        corrections are records of their own and stay. No `StatusChange` is recorded: the
        document has left the checks, its measures' status did not change. The number of
        measures cleared."""
        ...


@runtime_checkable
class ChangePages(Protocol):
    """What a store that can count and page the recorded changes in its own indexes offers, so
    that a page of 本期变化 names only its own lines (`pipeline.changes`): SQLite (the `(new, at)`
    and `at` indexes of its changes) and Elasticsearch (counts, sorted searches and a composite
    aggregation on `-changes`). The slice lists the changes in `status_changes`' order, which each
    store decides for itself (SQLite: `at`, then the order they were written; Elasticsearch: `at`,
    then the measure id), so that a page is the cut of the whole list made from `status_changes`;
    the shared store suite holds both to it (`testing.StoreContract`). A store without it gives
    the whole list, which the page is cut from."""

    def changes_in_time_order(self, since: str | None) -> bool:
        """Whether the changes at or after `since` sort as text as they do in time."""
        ...

    def status_change_count(
        self,
        since: str | None,
        new: Collection[str],
        outside: bool = False,
        at_least: str | None = None,
        measures: str | None = None,
        docs: str | None = None,
    ) -> int:
        """How many changes at or after `since` (and `at_least`) set a status in `new` (with
        `outside`: any other), of the `measures` when given (`unit_measures`) and of the
        documents `docs` when given (a JSON array of their ids)."""
        ...

    def status_change_slice(
        self,
        since: str | None,
        new: Collection[str],
        outside: bool,
        offset: int,
        limit: int,
        measures: str | None = None,
        docs: str | None = None,
    ) -> list[StatusChange]:
        """The changes `status_change_count` counts, newest first, from the `offset`-th, at most `limit`."""
        ...

    def change_docs(self, since: str | None) -> list[str]:
        """The documents the changes at or after `since` name, each once (a list narrowed to a
        directive tests these, not every line)."""
        ...

    def unit_measures(self, unit: str) -> str:
        """The measures with a unit whose name holds `unit`, in the form the count and the slice
        narrow to."""
        ...


class Browsing(Protocol):
    """Whole-index reads: the cross-check's iteration, the overview's counts, a search's facets."""

    def iter_documents(self) -> Iterator[StoredDocument]:
        """Every document, as `get` returns it."""
        ...

    def saved_documents(self, generation: str) -> Iterator[StoredDocument]:
        """The documents with at least one measure whose saved status evidence carries
        `generation` (`StatusEvidence.generation`: what a cross-check of every directive at that
        generation marked), each once, as `get` returns them, in no set order: what the ledger
        from saved statuses reads (`pipeline.status_saved`). The others are found from the saved
        statuses alone (SQLite: one query over the measures' evidence column; Elasticsearch: the
        measures that have a status, only their `doc_id` and mark read) and never read whole:
        `iter_documents` read and decoded all 5,864 real documents for the directives a check
        marks among them."""
        ...

    def iter_measures(self, filters: Filters | None = None) -> Iterator[StoredMeasure]:
        """Measures matching `filters`, each with its document's `doc_id`, `source` and `doc`."""
        ...

    def summaries(self, doc_ids: Iterable[str], head: int = 0) -> dict[str, DocumentSummary]:
        """A `DocumentSummary` of each document named that is there (the others are left out),
        with the first `head` characters of its text, read `SUMMARY_BATCH` documents at a time
        (SQLite: one query each): what a listing of thousands of documents reads instead of
        `get`, which reads each one's whole text and every measure."""
        ...

    def measure_outlines(self, doc_ids: Iterable[str]) -> dict[str, tuple[MeasureOutline, ...]]:
        """The measures of each document named that has any (the others are left out), in
        order, as `MeasureOutline`s: read `SUMMARY_BATCH` documents at a time (SQLite: one query
        each), what a list naming thousands of measures reads instead of `get`."""
        ...

    def stats(self) -> IndexStats:
        """Counts: documents, measures, runs, and measures by kind, unit, deadline month, status
        (a staff correction's status where one is active)."""
        ...

    def facets(self, query: str, filters: Filters | None = None) -> Facets:
        """Counts over the measures a search finds (its relaxed query when the strict one finds
        nothing), at most `FACET_CAP` of them: `by_unit` (top `FACET_UNITS`), `by_status`,
        `by_kind` and `by_deadline_month`, as `stats` gives them for the whole index. Backends
        answer it with `run_facets` over their `facet_counts` primitive."""
        ...

    def generation(self) -> str:
        """A token that changes whenever a document or a source path is added, replaced, moved
        or removed: what a cross-check reads. A reader caches a cross-check under it; statuses
        and staff corrections (laid over a cached result) leave it as it is."""
        ...


class Copies(Protocol):
    """What `pipeline.copies` needs to tell one directive stored twice (under two paths or URLs)
    from two directives: the document numbers to group by, and where to note which copy governs.
    The note is a key of the stored record (`StoredDocument.copy_of`), in the columns and
    indexes the documents already have: no schema of its own."""

    def numbered(self) -> Iterator[tuple[str, str, str | None]]:
        """(doc_id, document number as extracted, issuer) of every document that has a number:
        read from the document-number index (SQLite) or the fields alone (Elasticsearch), not
        from the records, so a run can group what it wrote with what the index holds."""
        ...

    def at_sources(self, sources: Iterable[str]) -> set[str]:
        """The ids of the documents that list any of these source paths or URLs among their
        `sources`: read from the source-path index (SQLite) or a term filter on the field
        (Elasticsearch), so naming a directive by its path (`status.directive_name`) does not
        read every numbered document's summary."""
        ...

    def titles(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        """The title of each document named that is there (`doc.title`, None when it has none),
        from its column (SQLite) or that field alone (Elasticsearch), not the whole record."""
        ...

    def mark_copy(self, doc_id: str, copy_of: CopyOf | None) -> bool:
        """Note in `doc_id`'s stored record that it is a copy of another directive (None: that it
        is not, or no longer); the index's `generation` changes with it, as the cross-check reads
        the note. False when the document is not there or already says so."""
        ...


class RunLog(Protocol):
    def record_run(self, run: RunReport) -> None:
        """Insert or update (by `run_id`) the record of an ingestion run."""
        ...

    def runs(self, limit: int = 20) -> list[RunReport]:
        """The latest ingestion runs, newest first."""
        ...


class Corrections(Protocol):
    def add_correction(self, correction: Correction | Mapping[str, Any]) -> Correction:
        """Store a staff correction (see `pipeline.corrections`); it gets an `id` and `at` (UTC).
        Corrections live apart from documents, so re-ingesting or re-checking keeps them. While
        active, its status is the one the status filter, `stats` and facets see for the measures
        it applies to (see `index.corrections`)."""
        ...

    def corrections(self, include_undone: bool = False) -> list[Correction]:
        """The stored corrections, oldest first; undone ones only when asked for."""
        ...

    def undo_correction(self, correction_id: str, by: str) -> Correction | None:
        """Mark a correction undone (`undone_at`, `undone_by`), keeping it for the record; None if
        there is no such active correction."""
        ...


class Store(Index, Statuses, Browsing, Copies, RunLog, Corrections, Protocol):
    """A search index of documents and their measures, keyed by content hash: what ingestion,
    search, the cross-check and the web app use. A backend implements each small protocol."""


def measure_hit(
    measure: StoredMeasure,
    text: str,
    score: float,
    terms: list[str],
    marks: Marks,
    **fields: Any,
) -> Hit:
    """A measure as a hit, its units and deadlines as extracted."""
    return Hit(
        text=text,
        units=measure.units,
        deadlines=measure.deadlines,
        score=round(score, 4),
        highlight=highlight(text, terms, marks),
        **fields,
    )


def document_hit(
    doc_id: str,
    source: str,
    title: str | None,
    kind: str | None,
    text: str,
    record: StoredDocument,
    score: float,
    terms: list[str],
    marks: Marks,
    ingested_at: str | None = None,
) -> Hit:
    """A document as a hit: its title as text, fragments of its text around the matches."""
    spans = leading_spans(text, terms)
    page = _page_at(record.pages, spans[0][0]) if spans else None
    return Hit(
        text=title or Path(source).name,
        source=source,
        doc_id=doc_id,
        page=page,
        units=(),
        deadlines=(),
        status=None,
        score=round(score, 4),
        highlight=highlight(text, terms, marks, spans=spans),
        title=title,
        kind=kind,
        ingested_at=ingested_at,
    )


def _page_at(pages: Iterable[Page], offset: int) -> int | None:
    for page in pages:
        if page.start <= offset < page.end:
            return page.number
    return None


@contextmanager
def bad_record(url: str, *errors: type[Exception]) -> Iterator[None]:
    """A record the index cannot take (missing fields, values of the wrong type) is E.INDEX_WRITE,
    so batch jobs report that document and go on."""
    caught: tuple[type[Exception], ...] = (KeyError, TypeError, ValueError, *errors)
    try:
        yield
    except caught as exc:
        raise DubanError(E.INDEX_WRITE, url=url, detail=f"{type(exc).__name__}: {exc}") from exc


def check_page(target: str, limit: int, offset: int, sort: str) -> None:
    if target not in ("measures", "documents"):
        raise ValueError(f"target must be 'measures' or 'documents', not '{target}'")
    if sort not in ("relevance", "deadline"):
        raise ValueError(f"sort must be 'relevance' or 'deadline', not '{sort}'")
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")


def run_search(
    backend: Searchable,
    query: str,
    filters: Filters | None = None,
    target: Target = "measures",
    limit: int = 10,
    offset: int = 0,
    sort: Sort = "relevance",
    marks: Marks = BRACKETS,
) -> SearchResult:
    """`Store.search`, the same for every backend: parse the query, merge its `field:value`
    filters, run the strict query through the backend's `find`; when that finds nothing, the
    relaxed one (any of its words enough), so a query worded differently from the text
    (`森林防火` for `森林防灭火`) still finds something. Relaxed hits say so (`exact=False`); only
    relevance order relaxes. Hits are highlighted with the terms of the query that found them."""
    started = time.perf_counter()
    check_page(target, limit, offset, sort)
    parsed = backend.analyzer.parse_query(query)
    combined = (filters or Filters()).merge(parsed.filters)
    hits: list[Hit] = []
    total = 0
    if not parsed.matches_nothing:  # punctuation only: no hits (the hint says why), not the whole index
        found, total = backend.find(parsed, combined, target, limit, offset, sort)
        ran, exact = parsed, True
        relaxed = parsed.relaxed() if sort == "relevance" and total == 0 else None
        if relaxed is not None:
            found, total = backend.find(relaxed, combined, target, limit, offset, sort)
            ran, exact = relaxed, False
        terms = ran.highlight_terms()
        hits = [to_hit(item, target, terms, marks, exact, backend.url) for item in found]
    took = (time.perf_counter() - started) * 1000
    return SearchResult(hits, total, parsed, target, took, combined)


def run_facets(backend: Searchable, query: str, filters: Filters | None = None) -> Facets:
    """`Store.facets`, the same for every backend: the strict query's facets, or the relaxed
    query's when the strict one finds nothing."""
    parsed = backend.analyzer.parse_query(query)
    combined = (filters or Filters()).merge(parsed.filters)
    if parsed.matches_nothing:
        return {name: {} for name in NO_FACETS}
    counts, found = backend.facet_counts(parsed, combined)
    relaxed = parsed.relaxed() if found == 0 else None
    if relaxed is not None:
        counts, _ = backend.facet_counts(relaxed, combined)
    return counts


class SearchesOnce:
    """`search` and `facets` for a backend class that provides the `Searchable` primitives: the
    backends inherit them rather than each repeating the same delegation."""

    def search(
        self: Searchable,
        query: str,
        filters: Filters | None = None,
        target: Target = "measures",
        limit: int = 10,
        offset: int = 0,
        sort: Sort = "relevance",
        marks: Marks = BRACKETS,
    ) -> SearchResult:
        return run_search(self, query, filters, target, limit, offset, sort, marks)

    def facets(self: Searchable, query: str, filters: Filters | None = None) -> Facets:
        return run_facets(self, query, filters)


def to_hit(
    found: Found, target: Target, terms: list[str], marks: Marks, exact: bool = True, url: str = ""
) -> Hit:
    """A backend's match as a typed hit, its text highlighted; a stored record it cannot read is
    E.INDEX_RECORD for the index at `url`."""
    if target == "documents":
        hit = document_hit(
            found.doc_id,
            found.source,
            found.title,
            found.kind,
            found.text,
            read_stored(found.record, url),
            found.score,
            terms,
            marks,
            found.ingested_at,
        )
    else:
        hit = measure_hit(
            read_measure(found.record, url),
            found.text,
            found.score,
            terms,
            marks,
            source=found.source,
            doc_id=found.doc_id,
            page=found.page,
            status=found.status,
            measure_id=found.measure_id,
            title=found.title,
            kind=found.kind,
            ingested_at=found.ingested_at,
        )
    return hit if exact else replace(hit, exact=False)
