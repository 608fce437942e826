"""The interface every index backend offers, and the results it returns.

Ingestion, search and the cross-check talk only to `Store`, so SQLite (one file, no server) and
Elasticsearch (a cluster) are interchangeable behind `open_store(url)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Protocol

from duban.base.errors import DubanError, E
from duban.index.analysis import Query
from duban.index.filters import Filters, Target
from duban.index.highlight import BRACKETS, Marks, highlight, match_spans
from duban.index.records import DocInput

CountKind = Literal["documents", "measures"]
Sort = Literal["relevance", "deadline"]
WriteAction = Literal["added", "replaced", "linked", "unchanged"]
TOP_UNITS = 50
FACET_CAP = 10_000  # facets count at most this many matching measures (the search total's cap)
FACET_UNITS = 20


@dataclass(frozen=True)
class WriteResult:
    """What a write did: `added` a new document, `replaced` the source's older version (`removed`),
    `linked` the source to a document already stored under another path, or left it `unchanged`."""

    doc_id: str
    action: WriteAction
    measures: int
    removed: tuple[str, ...] = ()


@dataclass
class Hit:
    """One search hit; `highlight` marks the query's matches in `text` (a measure, or a document)."""

    text: str
    source: str
    doc_id: str
    page: int | None
    units: list[dict[str, Any]]
    deadlines: list[dict[str, Any]]
    status: str | None
    score: float
    highlight: str
    measure_id: str | None = None
    title: str | None = None
    kind: str | None = None
    exact: bool = True  # False: found by the relaxed query (some of the words), listed after exact hits

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    query: Query
    target: Target
    took_ms: float = 0.0
    filters: Filters = field(default_factory=Filters)


class Store(Protocol):
    """A search index of documents and their measures, keyed by content hash."""

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

    def get(self, doc_id: str) -> dict[str, Any] | None:
        """The stored record (`Document.to_json(include_text=True)` shape) plus `sources`, and each
        measure's `measure_id`, `status` and `status_evidence`."""
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
        """Free text plus `field:value` tokens (see `index.analysis`), narrowed by `filters`."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts: documents, measures, runs, and measures by kind, unit, deadline month, status."""
        ...

    def update_status(self, measure_id: str, status: str, evidence: Any = None) -> None:
        """Set a measure's cross-check status (one of `index.filters.STATUSES`) with its evidence.

        It stays while the file is unchanged; a new version of the file has new measures (new ids)
        whose status the cross-check sets again."""
        ...

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        """Every document, as `get` returns it."""
        ...

    def iter_measures(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        """Measures matching `filters`, each with its document's fields (`doc`, `source`)."""
        ...

    def record_run(self, run: dict[str, Any]) -> None:
        """Insert or update (by `run_id`) the record of an ingestion run."""
        ...

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest ingestion runs, newest first."""
        ...

    def known_hashes(self, sources: Iterable[str]) -> dict[str, str]:
        """The content hash stored for each of these sources that is in the index."""
        ...

    def facets(self, query: str, filters: Filters | None = None) -> dict[str, dict[str, int]]:
        """Counts over the measures a search finds (its relaxed query when the strict one finds
        nothing), at most `FACET_CAP` of them: `by_unit` (top `FACET_UNITS`), `by_status`,
        `by_kind` and `by_deadline_month`, as `stats` gives them for the whole index."""
        ...

    def generation(self) -> str:
        """A token that changes whenever a document or a source path is added, replaced, moved
        or removed: what a cross-check reads. A reader caches a cross-check under it; statuses
        and staff corrections (laid over a cached result) leave it as it is."""
        ...

    def add_correction(self, correction: dict[str, Any]) -> dict[str, Any]:
        """Store a staff correction (see `pipeline.corrections`); it gets an `id` and `at` (UTC).
        Corrections live apart from documents, so re-ingesting or re-checking keeps them."""
        ...

    def corrections(self, include_undone: bool = False) -> list[dict[str, Any]]:
        """The stored corrections, oldest first; undone ones only when asked for."""
        ...

    def undo_correction(self, correction_id: str, by: str) -> dict[str, Any] | None:
        """Mark a correction undone (`undone_at`, `undone_by`), keeping it for the record; None if
        there is no such active correction."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


def measure_hit(
    record: dict[str, Any],
    text: str,
    score: float,
    terms: list[str],
    marks: Marks,
    **fields: Any,
) -> Hit:
    """A measure as a hit; `record` is the stored measure (its units and deadlines as extracted)."""
    return Hit(
        text=text,
        units=list(record.get("units") or []),
        deadlines=list(record.get("deadlines") or []),
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
    record: dict[str, Any],
    score: float,
    terms: list[str],
    marks: Marks,
) -> Hit:
    """A document as a hit: its title as text, fragments of its text around the matches."""
    spans = match_spans(text, terms)
    page = _page_at(record.get("pages") or [], spans[0][0]) if spans else None
    return Hit(
        text=title or Path(source).name,
        source=source,
        doc_id=doc_id,
        page=page,
        units=[],
        deadlines=[],
        status=None,
        score=round(score, 4),
        highlight=highlight(text, terms, marks),
        title=title,
        kind=kind,
    )


def _page_at(pages: list[dict[str, Any]], offset: int) -> int | None:
    for page in pages:
        if page.get("start", 0) <= offset < page.get("end", 0):
            return int(page["number"])
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


PageSearch = Callable[[Query, int, int], tuple[list[Hit], int]]


def with_fallback(
    search: PageSearch, query: Query, limit: int, offset: int, sort: str
) -> tuple[list[Hit], int]:
    """Run a strict query; when it finds nothing, run the relaxed one (any of its words enough), so
    a query worded differently from the text (`森林防火` for `森林防灭火`) still finds something.

    `search(query, offset, limit)` is one backend's page search. Relaxed hits say so
    (`exact=False`); only relevance order relaxes.
    """
    if query.matches_nothing:  # punctuation only: no hits (the query's hint says why), not the whole index
        return [], 0
    hits, total = search(query, offset, limit)
    relaxed = query.relaxed() if sort == "relevance" and total == 0 else None
    if relaxed is None:
        return hits, total
    loose, loose_total = search(relaxed, offset, limit)
    return [replace(hit, exact=False) for hit in loose], loose_total
