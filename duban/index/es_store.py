"""The Elasticsearch backend, for many users and large collections (8.x or 9.x clusters).

Measures and documents live in separate indices (`<prefix>-measures`, `<prefix>-documents`, plus
`-sources` mapping paths to content hashes and `-runs`), with pre-segmented text fields analysed by
`whitespace` so the cluster matches exactly the tokens `index.analysis` made, and keyword fields for
filters. Writes go through `streaming_bulk` (retrying 429s) and refresh once before the next read or
on close, never per document. Ids are deterministic (`<doc_id>:<n>` for measures), so a write that
died half-way is completed by writing the same file again.

What a crash or a refusal can leave, and how it is kept from mattering:

* A batch records an intent (`-pending`: its new documents and measure counts) before its
  measures and removes it after their documents; the next store's sweep (on its first write or
  read) removes the measures of documents a stale intent lists that never got their document, so
  they do not stay searchable.
* A source entry and its document are two writes: `known_hashes` trusts an entry only when its
  document lists that source, so the file is ingested again otherwise.
* A document the cluster refuses (a mapping error, or larger than `max_request_bytes`, under
  `http.max_content_length`) fails alone: its result carries the error, its pieces are deleted,
  and the rest of the batch is written (`write` raises E.INDEX_WRITE for it).
* Hits are listed up to `TOTAL_HITS` (10,000) as in the SQLite store: a deeper page is empty rather
  than a cluster error past `index.max_result_window`.
* Staff corrections set `measures.corrected`; the status filter and status counts read it first.
* A save of statuses with a note indexes each change of a status in `-changes`, sent in one
  bulk call with its chunk's statuses (`update_statuses`).
* Each measure carries its document's `doc_ingested_at` (schema 3), which the ingest-time filter
  reads; measures written before are given theirs once, when a store first opens the index.
* Each unit of a measure carries `name_starts` (schema 4): its name from each word start on
  (`index.spellings.name_suffixes`), which the unit filter looks for a spelling as a prefix of, so
  that `民政` finds 市民政局 and not 各区人民政府. Measures written before are given them once, when
  a store first opens the index (`_give_name_starts`); they follow the unit lexicon the store's
  process reads, as the indexed words do.
* Each document carries `issuer_starts` and each measure `doc_issuer_starts` (schema 5): the
  issuer from each word start on, for the issuer filter's prefix queries (the unit filter's rule:
  `民政` finds 示范市民政局, not 示范市人民政府). Written before, they are given them once, when a
  store first opens the index (`_give_issuer_starts`).
* Each change carries `in_form` (schema 6): whether its `at` is in the form every save stamps
  (`store.change_stamp`: UTC to the millisecond), in which the stamps' order as dates is their
  order as text and as `status_changes` lists them. A page of 本期变化 is counted and read in
  `-changes` (`ChangePages`) only over a period whose changes all are; changes written before are
  given theirs once, when a store first opens the index (`_give_change_forms`), and one without
  it counts as another form, so a period holding it is still listed, from the whole list.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import HttpHeaders, TransportError, Urllib3HttpNode
from elastic_transport.client_utils import DEFAULT, DefaultType
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError
from elasticsearch import __versionstr__ as client_version
from elasticsearch.helpers import scan, streaming_bulk

from duban.base.errors import DubanError, E
from duban.base.model import Unit
from duban.base.stored import (
    ChangeNote,
    CopyOf,
    Correction,
    IndexStats,
    RunReport,
    StatusChange,
    StatusEvidence,
    StoredDocument,
    StoredMeasure,
    read_measure,
    read_record,
    read_run,
    read_stored,
)
from duban.index.analysis import Analyzer, DocumentTokens, Query, bigrams
from duban.index.corrections import ActiveCorrections
from duban.index.filters import UNSET, Filters, Target, to_es
from duban.index.records import (
    COPY_OF_KEY,
    REPLACES_KEY,
    DocInput,
    DocumentRow,
    check_status,
    measure_id,
    prepare,
    replaced_version,
    tokens_for,
)
from duban.index.spellings import name_suffixes
from duban.index.store import (
    FACET_CAP,
    FACET_UNITS,
    SUMMARY_BATCH,
    TOP_UNITS,
    CountKind,
    DocumentSummary,
    Facets,
    Found,
    MeasureOutline,
    SearchesOnce,
    Sort,
    StatusUpdate,
    WriteAction,
    WriteResult,
    bad_record,
    change_stamp,
)

log = logging.getLogger(__name__)

ES_SCHEMA_VERSION = 6  # 2: measures.corrected, the -pending index; 3: measures.doc_ingested_at;
# 4: measures.units.name_starts; 5: documents.issuer_starts, measures.doc_issuer_starts;
# 6: changes.in_form
INGESTED_SINCE = 3  # measures of an index older than this are given their document's ingest time
NAME_STARTS_SINCE = 4  # measures of an index older than this are given their units' name starts
ISSUER_STARTS_SINCE = 5  # documents and measures older than this are given their issuer's starts
IN_FORM_SINCE = 6  # changes older than this are given whether their stamp is in the saves' form
IN_FORM = "in_form"  # the changes' field that says so (not a key of `StatusChange`: stripped on reading)
STAMP_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}\+00:00")
"""`store.change_stamp`'s form: UTC to the millisecond, as the SQLite store's GLOB of it says."""
MAX_TERMS = 65_536  # values one `terms` query may hold (`index.max_terms_count`, its default)
NAMES_PER_UPDATE = 1_000  # unit names given their starts by one update-by-query
API_KEY_ENV = "DUBAN_ES_API_KEY"
DEFAULT_PREFIX = "duban"
BATCH_DOCS = 200
MAX_DOC_IDS = 10_000
MAX_REQUEST_BYTES = 95 * 1024 * 1024  # under the cluster's http.max_content_length (100mb by default)
STALE_INTENT_S = 600  # an intent record this old was left by a writer that died

_TOKENS = {"type": "text", "analyzer": "whitespace"}
_KEYWORD = {"type": "keyword"}
_DATE = {"type": "date", "format": "strict_date"}
_SHOWN = {"type": "text", "index": False}
_OPAQUE = {"type": "object", "enabled": False}
_SETTINGS = {"number_of_shards": 1, "auto_expand_replicas": "0-1"}


def mappings() -> dict[str, dict[str, Any]]:
    """The mapping of each index, by suffix; `_meta.duban_schema` versions them."""
    meta = {"duban_schema": ES_SCHEMA_VERSION}
    return {
        "measures": {
            "dynamic": "strict",
            "_meta": meta,
            "properties": {
                "measure_id": _KEYWORD,
                "doc_id": _KEYWORD,
                "ord": {"type": "integer"},
                "text": _SHOWN,
                "page": {"type": "integer"},
                "words": _TOKENS,
                "grams": _TOKENS,
                "units": {
                    "type": "nested",
                    "properties": {"name": _KEYWORD, "role": _KEYWORD, "name_starts": _KEYWORD},
                },
                "unit_names": _KEYWORD,
                "deadlines": {"type": "nested", "properties": {"kind": _KEYWORD, "due": _DATE}},
                "first_due": _DATE,
                "status": _KEYWORD,
                "corrected": _KEYWORD,
                "status_evidence": _OPAQUE,
                "status_at": {"type": "date"},
                "record": _OPAQUE,
                "source": _KEYWORD,
                "title": _SHOWN,
                "doc_kind": _KEYWORD,
                "doc_issuer": _KEYWORD,
                "doc_issuer_starts": _KEYWORD,
                "doc_date": _DATE,
                "doc_number": _KEYWORD,
                "doc_ingested_at": {"type": "date"},
            },
        },
        "documents": {
            "dynamic": "strict",
            "_meta": meta,
            "properties": {
                "doc_id": _KEYWORD,
                "source": _KEYWORD,
                "sources": _KEYWORD,
                "title": _SHOWN,
                "kind": _KEYWORD,
                "issuer": _KEYWORD,
                "issuer_starts": _KEYWORD,
                "doc_number": _KEYWORD,
                "date": _DATE,
                "words": _TOKENS,
                "grams": _TOKENS,
                "text": _SHOWN,
                "record": _OPAQUE,
                "measure_count": {"type": "integer"},
                "first_due": _DATE,
                "ingested_at": {"type": "date"},
            },
        },
        "sources": {
            "dynamic": "strict",
            "_meta": meta,
            "properties": {
                "source": _KEYWORD,
                "doc_id": _KEYWORD,
                "source_hash": _KEYWORD,
                "updated_at": {"type": "date"},
            },
        },
        "runs": {
            "dynamic": "strict",
            "_meta": meta,
            "properties": {"run_id": _KEYWORD, "started_at": {"type": "date"}, "record": _OPAQUE},
        },
        "pending": {
            "dynamic": "strict",
            "_meta": meta,
            "properties": {"at": {"type": "date"}, "doc_ids": _KEYWORD, "record": _OPAQUE},
        },
        "corrections": {
            "dynamic": "strict",
            "_meta": meta,
            "properties": {
                "key": _KEYWORD,
                "at": {"type": "date"},
                "undone": {"type": "boolean"},
                "record": _OPAQUE,
            },
        },
        # each change of a measure's computed status a save made (`update_statuses` with a note):
        # an index of its own, made by `_ensure_indices` on a cluster that lacks it; `in_form`
        # (schema 6) says whether `at` is in the saves' form, which a page of 本期变化 reads
        "changes": {
            "dynamic": "strict",
            "_meta": meta,
            "properties": {
                "measure_id": _KEYWORD,
                "doc_id": _KEYWORD,
                "old": _KEYWORD,
                "new": _KEYWORD,
                "as_of": _DATE,
                "at": {"type": "date"},
                "cause": _KEYWORD,
                IN_FORM: {"type": "boolean"},
            },
        },
    }


TOTAL_HITS = 10_000  # hits are counted and listed up to this many, as in the SQLite store
# the status that counts, for aggregations: a staff correction's, else the computed one
EFFECTIVE_STATUS = {
    "effective_status": {
        "type": "keyword",
        "script": {
            "source": "if (doc['corrected'].size() > 0) { emit(doc['corrected'].value) } "
            "else if (doc['status'].size() > 0) { emit(doc['status'].value) }"
        },
    }
}


def text_query(query: Query) -> dict[str, Any] | None:
    """Query DSL for the free text: each term as a contiguous bigram phrase (its own or an
    alternative's) OR all of its words; every term required, or any one for a relaxed query."""
    clauses: list[dict[str, Any]] = []
    for term in query.terms:
        alternatives = [{"match_phrase": {"grams": " ".join(bigrams(alt))}} for alt in term.alternatives]
        if len(term.run) == 1:
            should: list[dict[str, Any]] = [{"prefix": {"grams": term.run}}, {"term": {"words": term.run}}]
        else:
            should = [{"match_phrase": {"grams": " ".join(term.grams)}}]
            if term.words:
                should.append({"match": {"words": {"query": " ".join(term.words), "operator": "and"}}})
        clauses.append({"bool": {"should": should + alternatives, "minimum_should_match": 1}})
    exclusion = query.exclusion()
    must_not = [text_query(exclusion)] if exclusion is not None else []
    if not clauses:
        return {"bool": {"must_not": must_not}} if must_not else None
    if query.any_term:
        return {"bool": {"should": clauses, "minimum_should_match": 1, "must_not": must_not}}
    return {"bool": {"must": clauses, "must_not": must_not}}


def sort_clause(target: Target, sort: Sort, ranked: bool) -> list[Any]:
    """Relevance (ties by document and position) or earliest deadline first, undated last."""
    order: list[Any] = ["_score"] if ranked else []
    order += [{"doc_id": "asc"}, {"ord": "asc"}] if target == "measures" else [{"doc_id": "asc"}]
    if sort == "deadline":
        order.insert(0, {"first_due": {"order": "asc", "missing": "_last"}})
    return order


_STATUS_CHUNK = 500
"""Statuses `update_statuses` checks and sends at once: a run's statuses (150,000 over the real
corpus) are not held all at once; each chunk's statuses and measures are checked before it is
sent, so a bad one stops the call with nothing of its chunk written (Elasticsearch has no
transaction to roll back)."""


class _Compat8Node(Urllib3HttpNode):
    """Asks for 8.x-compatible requests: the 9.x client's `compatible-with=9` is refused by 8.x."""

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        request_timeout: DefaultType | float | None = DEFAULT,
    ) -> Any:
        if headers is not None:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                value = headers.get(name)
                if value:
                    headers[name] = value.replace("compatible-with=9", "compatible-with=8")
        return super().perform_request(method, target, body, headers, request_timeout)


class ElasticStore(SearchesOnce):
    """A `Store` on an Elasticsearch cluster; connects, checks the version and creates indices on
    first use."""

    def __init__(
        self,
        host: str,
        prefix: str = DEFAULT_PREFIX,
        api_key: str | None = None,
        basic_auth: tuple[str, str] | None = None,
        analyzer: Analyzer | None = None,
        request_timeout: float = 30.0,
        chunk_size: int = 500,
        max_request_bytes: int = MAX_REQUEST_BYTES,
    ) -> None:
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", prefix):
            raise DubanError(E.INDEX_URL, url=f"{host}?prefix={prefix}")
        self.url = host if prefix == DEFAULT_PREFIX else f"{host}?prefix={prefix}"
        self.prefix = prefix
        self._host = host
        self._api_key = api_key
        self._basic_auth = basic_auth
        self.analyzer = analyzer or Analyzer()
        self._timeout = request_timeout
        self._chunk_size = chunk_size
        self._max_bytes = max_request_bytes
        self._client: Elasticsearch | None = None
        self._dirty = False
        self._swept = False
        self.clock: Callable[[], str] = _now  # UTC ISO time a write is stamped with (`ingested_at`)
        # how deep one search may page (`index.max_result_window`, left at its default on the
        # indices this store makes): a page of 本期变化 past it steps there by `search_after`
        self.result_window = TOTAL_HITS

    @classmethod
    def from_url(cls, url: str) -> ElasticStore:
        """`http(s)://[user:password@]host:port[/path][?prefix=name]`; API key from $DUBAN_ES_API_KEY."""
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError as exc:
            raise DubanError(E.INDEX_URL, url=url) from exc
        if not parts.hostname:
            raise DubanError(E.INDEX_URL, url=url)
        host = f"{parts.scheme}://{parts.hostname}{f':{port}' if port else ''}{parts.path.rstrip('/')}"
        auth = (parts.username, parts.password or "") if parts.username else None
        prefix = parse_qs(parts.query).get("prefix", [DEFAULT_PREFIX])[0]
        return cls(host, prefix=prefix, api_key=os.environ.get(API_KEY_ENV) or None, basic_auth=auth)

    def index_name(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    # -- connection --------------------------------------------------------------------------

    def _es(self) -> Elasticsearch:
        if self._client is None:
            client = self._connect()
            with self._calls():
                self._ensure_indices(client)
            self._client = client
        return self._client

    def _new_client(self, compat8: bool) -> Elasticsearch:
        options: dict[str, Any] = {
            "request_timeout": self._timeout,
            "retry_on_timeout": True,
            "max_retries": 3,
        }
        if self._api_key:
            options["api_key"] = self._api_key
        elif self._basic_auth:
            options["basic_auth"] = self._basic_auth
        if compat8:
            options["node_class"] = _Compat8Node
        return Elasticsearch(self._host, **options)

    def _connect(self) -> Elasticsearch:
        """Connect, then keep a client speaking the server's major version (8 or 9)."""
        client_major = int(client_version.split(".")[0])
        client = self._new_client(compat8=client_major >= 9)
        with self._calls():
            number = str(client.info()["version"]["number"])
        major = int(number.split(".")[0])
        if major not in (8, 9):
            client.close()
            raise DubanError(E.INDEX_VERSION, url=self.url, detail=f"Elasticsearch {number}")
        if major >= 9 and client_major >= 9:
            client.close()
            client = self._new_client(compat8=False)
        return client

    @contextmanager
    def _calls(self) -> Iterator[None]:
        """Turn transport failures into the catalogue's 'cannot be reached'."""
        try:
            yield
        except (TransportConnectionError, TransportError) as exc:
            raise DubanError(E.INDEX_UNREACHABLE, url=self.url, detail=type(exc).__name__) from exc
        except ApiError as exc:
            if isinstance(exc, NotFoundError | BadRequestError):
                raise
            raise DubanError(
                E.INDEX_UNREACHABLE, url=self.url, detail=f"{exc.meta.status} {exc.message}"
            ) from exc

    def _ensure_indices(self, client: Elasticsearch) -> None:
        for suffix, mapping in mappings().items():
            name = self.index_name(suffix)
            if client.indices.exists(index=name):
                found = client.indices.get_mapping(index=name)
                version = int(next(iter(found.values()))["mappings"].get("_meta", {}).get("duban_schema", 0))
                if version > ES_SCHEMA_VERSION:
                    raise DubanError(E.INDEX_SCHEMA, url=f"{self.url} ({name})", detail=str(version))
                if version < ES_SCHEMA_VERSION:  # every change so far adds fields
                    client.indices.put_mapping(index=name, properties=mapping["properties"])
                    if suffix == "measures" and version < INGESTED_SINCE:
                        self._give_ingest_times(client)
                    if suffix == "measures" and version < NAME_STARTS_SINCE:
                        self._give_name_starts(client)
                    if suffix in ("measures", "documents") and version < ISSUER_STARTS_SINCE:
                        self._give_issuer_starts(client, suffix)
                    if suffix == "changes" and version < IN_FORM_SINCE:
                        self._give_change_forms(client)
                    # the version last: a store that dies before gives the times again
                    client.indices.put_mapping(index=name, meta=mapping["_meta"])
                continue
            try:
                client.indices.create(index=name, settings=_SETTINGS, mappings=mapping)
            except BadRequestError as exc:
                if exc.error != "resource_already_exists_exception":
                    raise

    def _give_ingest_times(self, client: Elasticsearch) -> None:
        """Give the measures of an index from before schema 3 their document's `ingested_at`,
        which the ingest-time filter reads on them: the documents grouped by that time (a batch
        is stamped once, so groups are few), one update-by-query per group and 1,000 ids."""
        groups: dict[str, list[str]] = {}
        for hit in scan(
            client,
            index=self.index_name("documents"),
            query={"query": {"exists": {"field": "ingested_at"}}},
            source_includes=["ingested_at"],
        ):
            groups.setdefault(str(hit["_source"]["ingested_at"]), []).append(hit["_id"])
        slow = client.options(request_timeout=max(self._timeout, 600.0))
        for at, ids in groups.items():
            for i in range(0, len(ids), 1000):
                slow.update_by_query(
                    index=self.index_name("measures"),
                    query={"bool": {"filter": [{"terms": {"doc_id": ids[i : i + 1000]}}]}},
                    script={"source": "ctx._source.doc_ingested_at = params.at", "params": {"at": at}},
                    conflicts="proceed",
                )

    def _give_name_starts(self, client: Elasticsearch) -> None:
        """Give the units of an index from before schema 4 their `name_starts`, which the unit
        filter reads: the distinct names (from the `unit_names` keyword, a composite aggregation
        read page by page) have their starts worked out here, since the cluster cannot segment;
        then one update-by-query per `NAMES_PER_UPDATE` names sets each unit of those names.
        Each is refreshed before the next, whose snapshot then holds its changes: a measure with
        names in two groups keeps both groups' starts."""
        names = self._distinct(client, "measures", "unit_names")
        slow = client.options(request_timeout=max(self._timeout, 600.0))
        script = (
            "for (def unit : ctx._source.units) { def starts = params.starts.get(unit.name); "
            "if (starts != null) { unit.name_starts = starts; } }"
        )
        for i in range(0, len(names), NAMES_PER_UPDATE):
            group = names[i : i + NAMES_PER_UPDATE]
            slow.update_by_query(
                index=self.index_name("measures"),
                query={"bool": {"filter": [{"terms": {"unit_names": group}}]}},
                script={"source": script, "params": {"starts": {n: list(name_suffixes(n)) for n in group}}},
                conflicts="proceed",
                refresh=True,
            )
        log.info("gave the units of %d names their word starts", len(names))

    def _give_issuer_starts(self, client: Elasticsearch, suffix: str) -> None:
        """Give the documents (`issuer_starts`) or measures (`doc_issuer_starts`) of an index
        from before schema 5 their issuer's suffixes from its word starts, which the issuer
        filter reads: the distinct issuers (few: 180 in the real corpus) are read as
        `_give_name_starts` reads the unit names, their starts worked out here, and one
        update-by-query per `NAMES_PER_UPDATE` issuers sets them."""
        field = "issuer" if suffix == "documents" else "doc_issuer"
        issuers = self._distinct(client, suffix, field)
        slow = client.options(request_timeout=max(self._timeout, 600.0))
        script = f"def starts = params.starts.get(ctx._source.{field}); if (starts != null) {{ ctx._source.{field}_starts = starts; }}"
        for i in range(0, len(issuers), NAMES_PER_UPDATE):
            group = issuers[i : i + NAMES_PER_UPDATE]
            slow.update_by_query(
                index=self.index_name(suffix),
                query={"bool": {"filter": [{"terms": {field: group}}]}},
                script={"source": script, "params": {"starts": {n: list(name_suffixes(n)) for n in group}}},
                conflicts="proceed",
            )
        log.info("gave the %s of %d issuers their word starts", suffix, len(issuers))

    def _give_change_forms(self, client: Elasticsearch) -> None:
        """Give the changes of an index from before schema 6 their `in_form`, which a page of
        本期变化 reads (`changes_in_time_order`): the stamps read (`at` alone) and tested here with
        the pattern a write tests (`in_stamp_form`), one rule in one place rather than a copy in
        Painless; then one update-by-query per 1,000 ids of each answer. A change left without it counts as another form: its period is listed
        from the whole list, as before, and the next store gives it again."""
        groups: dict[bool, list[str]] = {True: [], False: []}
        for hit in scan(
            client,
            index=self.index_name("changes"),
            query={"query": {"bool": {"must_not": [{"exists": {"field": IN_FORM}}]}}},
            source_includes=["at"],
        ):
            groups[in_stamp_form(hit["_source"].get("at"))].append(hit["_id"])
        slow = client.options(request_timeout=max(self._timeout, 600.0))
        for form, ids in groups.items():
            for i in range(0, len(ids), 1000):
                slow.update_by_query(
                    index=self.index_name("changes"),
                    query={"ids": {"values": ids[i : i + 1000]}},
                    script={"source": f"ctx._source.{IN_FORM} = params.form", "params": {"form": form}},
                    conflicts="proceed",
                )
        log.info(
            "gave %d changes their stamp's form (%d of another)",
            sum(map(len, groups.values())),
            len(groups[False]),
        )

    def _distinct(
        self, client: Elasticsearch, suffix: str, field: str, query: dict[str, Any] | None = None
    ) -> list[str]:
        """Every distinct value of a keyword field of an index (of the documents `query` finds,
        when given), in order: a composite aggregation, read page by page (1,000 a page); a
        reply without the aggregation holds none."""
        names: list[str] = []
        after: dict[str, Any] | None = None
        while True:
            source: dict[str, Any] = {"sources": [{"name": {"terms": {"field": field}}}], "size": 1000}
            if after is not None:
                source["after"] = after
            reply = client.search(
                index=self.index_name(suffix),
                size=0,
                aggs={"names": {"composite": source}},
                query=query,
            )
            found = reply.body.get("aggregations", {}).get("names", {})  # none: an index without values
            buckets = found.get("buckets", [])
            names.extend(str(bucket["key"]["name"]) for bucket in buckets)
            after = found.get("after_key")
            if not buckets or after is None:
                return names

    def _refresh(self, es: Elasticsearch) -> None:
        if self._dirty:
            es.indices.refresh(index=",".join(self.index_name(s) for s in mappings()))
            self._dirty = False

    def close(self) -> None:
        if self._client is not None:
            with self._calls():
                self._refresh(self._client)
            self._client.close()
            self._client = None

    def drop(self) -> None:
        """Delete this prefix's indices (tests, or starting over)."""
        es = self._es()
        with self._calls():
            es.indices.delete(index=",".join(self.index_name(s) for s in mappings()), ignore_unavailable=True)
        es.close()
        self._client = None
        self._dirty = False

    def __enter__(self) -> ElasticStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def write(self, doc: DocInput, source_hash: str) -> WriteResult:
        result = self.write_many([(doc, source_hash)])[0]
        if result.error is not None:
            raise DubanError(E.INDEX_WRITE, url=self.url, detail=result.error)
        return result

    def write_many(self, items: Iterable[tuple[DocInput, str]]) -> list[WriteResult]:
        results: list[WriteResult] = []
        batch: list[DocumentRow] = []
        for doc, source_hash in items:
            with bad_record(self.url):
                batch.append(prepare(doc, source_hash))
            if len(batch) >= BATCH_DOCS:
                results.extend(self._write_batch(batch))
                batch = []
        if batch:
            results.extend(self._write_batch(batch))
        return results

    def _write_batch(self, rows: Sequence[DocumentRow]) -> list[WriteResult]:
        """Three bulk phases, so a crash never leaves a document without its measures: new
        measures; then documents and source entries; then the measures and documents replaced.
        An intent record lists the new documents until their documents are written, so measures
        a crash leaves behind are removed by the next store's sweep. A document the cluster
        refuses (too large, a mapping error) fails alone: its result carries the error and its
        pieces are taken out again; the others are written."""
        es = self._es()
        with self._calls():
            self._sweep(es)
            sources = self._source_entries(es, [r.source for r in rows])
            states = self._doc_states(es, [r.doc_id for r in rows] + [s[0] for s in sources.values()])
            active = self._active_corrections(es)
            replacing = {
                r.source: old[0]
                for r in rows
                if (old := sources.get(r.source)) is not None
                and old[0] != r.doc_id
                and r.doc_id not in states
            }
            versions = self._replaced_versions(es, replacing, states)
        plans: list[_Plan] = []
        now = self.clock()
        for row in rows:
            state, old = states.get(row.doc_id), sources.get(row.source)
            plan = _Plan(row, WriteResult(row.doc_id, "unchanged", 0))
            plans.append(plan)
            if state is not None and old is not None and old[0] == row.doc_id:
                if old[1] != row.source_hash:
                    plan.entries.append(self._source_action(row.source, row.doc_id, row.source_hash, now))
                    sources[row.source] = (row.doc_id, row.source_hash)
                plan.result = WriteResult(row.doc_id, "unchanged", int(state["measure_count"]))
                continue
            if state is None:
                tokens = tokens_for(row, self.analyzer)
                plan.measures = list(self._measure_actions(row, tokens, active, now))
                replaced = versions.get(old[0]) if old is not None and old[0] != row.doc_id else None
                plan.entries.append(self._document_action(row, tokens, now, replaced))
                size = sum(len(json.dumps(a["_source"], ensure_ascii=False).encode()) for a in plan.measures)
                size += len(json.dumps(plan.entries[-1]["_source"], ensure_ascii=False).encode())
                if size > self._max_bytes:
                    plan.fail(f"文档过大：{size:,} 字节，超过集群单次请求上限 {self._max_bytes:,} 字节")
                    continue
                plan.new = True
                states[row.doc_id] = {"sources": [row.source], "measure_count": len(row.measures)}
            elif row.source not in state["sources"]:
                state["sources"] = [*state["sources"], row.source]
                plan.entries.append(self._sources_update(row.doc_id, state["sources"]))
                plan.linked = bool(active)
            plan.entries.append(self._source_action(row.source, row.doc_id, row.source_hash, now))
            sources[row.source] = (row.doc_id, row.source_hash)
            removed: tuple[str, ...] = ()
            if old is not None and old[0] != row.doc_id:
                removed = self._detach(states, old[0], row.source, plan.entries, plan.removals)
            action: WriteAction = "replaced" if old is not None and old[0] != row.doc_id else "added"
            if not plan.new and action == "added":
                action = "linked"
            plan.result = WriteResult(row.doc_id, action, len(row.measures), removed)
        intent = self._begin([p for p in plans if p.new and p.result.error is None])
        self._bulk_owned(plans, "measures")
        self._bulk_owned(plans, "entries")
        live = [p for p in plans if p.result.error is None]
        self._bulk(self._removal_actions(states, [d for p in live for d in p.removals]))
        self._bulk(self._removal_actions(states, [p.row.doc_id for p in plans if p.new and p.result.error]))
        self._end(intent)
        linked = [p.row.doc_id for p in live if p.linked]
        if linked:
            self._apply_corrections(linked)
        return [p.result for p in plans]

    def _bulk_owned(self, plans: list[_Plan], part: str) -> None:
        """Send one part (`measures` or `entries`) of every plan still going; a plan with an item
        the cluster refused gets that error."""
        owner: dict[tuple[str, str], _Plan] = {}
        actions: list[dict[str, Any]] = []
        for plan in plans:
            if plan.result.error is None:
                for item in getattr(plan, part):
                    owner[(item["_index"], item["_id"])] = plan
                    actions.append(item)
        for info in self._bulk(actions, strict=False):
            refused = owner.get((str(info.get("_index")), str(info.get("_id"))))
            if refused is not None and refused.result.error is None:
                reason = info.get("error", {})
                reason = reason.get("reason", reason) if isinstance(reason, dict) else reason
                refused.fail(f"{info.get('status')} {reason}"[:300])

    def _begin(self, plans: list[_Plan]) -> str | None:
        """Record the documents about to be written (see `_sweep`); the record's id."""
        if not plans:
            return None
        intent = uuid.uuid4().hex
        counts = {p.row.doc_id: len(p.row.measures) for p in plans}
        with self._calls():
            self._es().index(
                index=self.index_name("pending"),
                id=intent,
                document={"at": _now(), "doc_ids": list(counts), "record": {"measures": counts}},
            )
        return intent

    def _end(self, intent: str | None) -> None:
        if intent is not None:
            with self._calls():
                self._es().delete(index=self.index_name("pending"), id=intent)

    def _detach(
        self,
        states: dict[str, dict[str, Any]],
        old_id: str,
        source: str,
        entries: list[dict[str, Any]],
        removals: list[str],
    ) -> tuple[str, ...]:
        """Take `source` off the document it used to point at; that document goes if no path is left."""
        old_state = states.get(old_id)
        if old_state is None:
            return ()
        old_state["sources"] = [s for s in old_state["sources"] if s != source]
        entries.append(self._sources_update(old_id, old_state["sources"]))
        if old_state["sources"]:
            return ()
        removals.append(old_id)
        return (old_id,)

    def _source_entries(self, es: Elasticsearch, sources: list[str]) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for i in range(0, len(sources), 500):
            chunk = sources[i : i + 500]
            response = es.mget(index=self.index_name("sources"), ids=[_source_id(s) for s in chunk])
            for doc in response["docs"]:
                if doc.get("found"):
                    body = doc["_source"]
                    found[body["source"]] = (body["doc_id"], body["source_hash"])
        return found

    def _doc_states(self, es: Elasticsearch, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
        wanted = list(dict.fromkeys(doc_ids))
        if not wanted:
            return {}
        response = es.mget(
            index=self.index_name("documents"), ids=wanted, source_includes=["sources", "measure_count"]
        )
        return {d["_id"]: dict(d["_source"]) for d in response["docs"] if d.get("found")}

    def _sweep(self, es: Elasticsearch) -> None:
        """Once per store: remove what a writer that died left behind: the measures of documents
        its intent record lists that never got their document (a record older than
        `STALE_INTENT_S`, so a writer still at work is left alone), and documents left without
        any source."""
        if self._swept:
            return
        self._swept = True
        es.indices.refresh(index=",".join(self.index_name(s) for s in ("documents", "pending")))
        stale = datetime.fromtimestamp(time.time() - STALE_INTENT_S, UTC).isoformat(timespec="seconds")
        for hit in scan(
            es, index=self.index_name("pending"), query={"query": {"range": {"at": {"lt": stale}}}}
        ):
            counts: dict[str, int] = hit["_source"]["record"]["measures"]
            present = self._doc_states(es, list(counts))
            missing = {d: {"measure_count": n} for d, n in counts.items() if d not in present}
            self._bulk(self._removal_actions(missing, list(missing)))
            es.delete(index=self.index_name("pending"), id=hit["_id"])
        orphans = {
            hit["_id"]: {"sources": [], "measure_count": hit["_source"].get("measure_count", 0)}
            for hit in scan(
                es,
                index=self.index_name("documents"),
                query={"query": {"bool": {"must_not": [{"exists": {"field": "sources"}}]}}},
                source_includes=["measure_count"],
            )
        }
        self._bulk(self._removal_actions(orphans, list(orphans)))

    def _measure_actions(
        self, row: DocumentRow, tokens: DocumentTokens, active: ActiveCorrections, now: str
    ) -> Iterator[dict[str, Any]]:
        issuer_starts = list(name_suffixes(row.issuer)) if row.issuer is not None else None
        for m, indexed in zip(row.measures, tokens.measures, strict=True):
            yield {
                "_index": self.index_name("measures"),
                "_id": m.measure_id,
                "_source": {
                    "measure_id": m.measure_id,
                    "doc_id": row.doc_id,
                    "ord": m.ordinal,
                    "text": m.text,
                    "page": m.page,
                    "words": indexed.words,
                    "grams": indexed.grams,
                    "units": [
                        {"name": name, "role": role, "name_starts": list(name_suffixes(name))}
                        for name, role in m.units
                    ],
                    "unit_names": sorted({name for name, _ in m.units}),
                    "deadlines": [{"kind": d.kind, "due": d.due} for d in m.deadlines],
                    "first_due": m.first_due,
                    "corrected": active.status(row.doc_id, [row.source], m.text),
                    "record": {k: v for k, v in m.record.items() if k != "text"},
                    "source": row.source,
                    "title": row.title,
                    "doc_kind": row.kind,
                    "doc_issuer": row.issuer,
                    "doc_issuer_starts": issuer_starts,
                    "doc_date": row.date,
                    "doc_number": row.doc_number,
                    "doc_ingested_at": now,
                },
            }

    def _replaced_versions(
        self, es: Elasticsearch, replacing: Mapping[str, str], states: Mapping[str, Mapping[str, Any]]
    ) -> dict[str, dict[str, Any] | None]:
        """What each new version keeps of the version it replaces (`records.replaced_version`),
        by the replaced document's id: its measures read in one request, the version it passed on
        in another, before the write removes them."""
        old_ids = {doc_id: source for source, doc_id in replacing.items() if doc_id in states}
        if not old_ids:
            return {}
        ids = [measure_id(d, i) for d in old_ids for i in range(int(states[d].get("measure_count", 0)))]
        found: dict[str, list[tuple[str, str, list[str], str | None]]] = {d: [] for d in old_ids}
        for i in range(0, len(ids), MAX_DOC_IDS):
            docs = es.mget(
                index=self.index_name("measures"),
                ids=ids[i : i + MAX_DOC_IDS],
                source_includes=["doc_id", "text", "units.name", "status"],
            )["docs"]
            for doc in docs:
                if doc.get("found"):
                    body = doc["_source"]
                    names = [str(u["name"]) for u in body.get("units") or ()]
                    found[str(body["doc_id"])].append(
                        (doc["_id"], str(body.get("text", "")), names, body.get("status"))
                    )
        passed = es.mget(
            index=self.index_name("documents"), ids=list(old_ids), source_includes=["record.replaces"]
        )["docs"]
        passed_on = {
            d["_id"]: (d["_source"].get("record") or {}).get(REPLACES_KEY) for d in passed if d.get("found")
        }
        return {d: replaced_version(d, source, found[d], passed_on.get(d)) for d, source in old_ids.items()}

    def _document_action(
        self, row: DocumentRow, tokens: DocumentTokens, now: str, replaced: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        indexed = tokens.document
        return {
            "_index": self.index_name("documents"),
            "_id": row.doc_id,
            "_source": {
                "doc_id": row.doc_id,
                "source": row.source,
                "sources": [row.source],
                "title": row.title,
                "kind": row.kind,
                "issuer": row.issuer,
                "issuer_starts": list(name_suffixes(row.issuer)) if row.issuer is not None else None,
                "doc_number": row.doc_number,
                "date": row.date,
                "words": indexed.words,
                "grams": indexed.grams,
                "text": row.text,
                "record": {**row.record, REPLACES_KEY: dict(replaced)} if replaced else row.record,
                "measure_count": len(row.measures),
                "first_due": row.first_due,
                "ingested_at": now,
            },
        }

    def _sources_update(self, doc_id: str, sources: list[str]) -> dict[str, Any]:
        return {
            "_op_type": "update",
            "_index": self.index_name("documents"),
            "_id": doc_id,
            "doc": {"sources": sources},
        }

    def _source_action(self, source: str, doc_id: str, source_hash: str, now: str) -> dict[str, Any]:
        return {
            "_index": self.index_name("sources"),
            "_id": _source_id(source),
            "_source": {"source": source, "doc_id": doc_id, "source_hash": source_hash, "updated_at": now},
        }

    def _removal_actions(
        self, states: dict[str, dict[str, Any]], doc_ids: list[str]
    ) -> Iterator[dict[str, Any]]:
        """Measures first, then the document: a crash in between leaves a sourceless document
        that the next writer's sweep removes."""
        for doc_id in doc_ids:
            for i in range(int(states[doc_id].get("measure_count", 0))):
                yield {
                    "_op_type": "delete",
                    "_index": self.index_name("measures"),
                    "_id": measure_id(doc_id, i),
                }
        for doc_id in doc_ids:
            yield {"_op_type": "delete", "_index": self.index_name("documents"), "_id": doc_id}

    def _bulk(self, actions: Iterable[dict[str, Any]], strict: bool = True) -> list[dict[str, Any]]:
        """Send actions in bounded chunks, retrying 429s; a missing document to delete is fine.
        The items the cluster refused are returned, or (`strict`) raised as E.INDEX_WRITE."""
        failures: list[dict[str, Any]] = []
        sent = False
        with self._calls():
            for ok, item in streaming_bulk(
                self._es(),
                actions,
                chunk_size=self._chunk_size,
                max_chunk_bytes=min(20 * 1024 * 1024, self._max_bytes),
                max_retries=5,
                initial_backoff=1,
                max_backoff=30,
                raise_on_error=False,
                yield_ok=True,
            ):
                sent = True
                op, info = next(iter(item.items()))
                if not ok and not (op == "delete" and info.get("status") == 404):
                    failures.append(info)
        self._dirty = self._dirty or sent
        if failures and strict:
            reason = failures[0].get("error", failures[0])
            raise DubanError(
                E.INDEX_WRITE, url=self.url, detail=f"{len(failures)} 条未写入，第一条的原因：{reason}"
            )
        return failures

    def delete(self, doc_id: str) -> bool:
        es = self._es()
        with self._calls():
            states = self._doc_states(es, [doc_id])
        if doc_id not in states:
            return False
        sources = [
            {"_op_type": "delete", "_index": self.index_name("sources"), "_id": _source_id(s)}
            for s in states[doc_id].get("sources", [])
        ]
        self._bulk(sources)
        self._bulk(self._removal_actions(states, [doc_id]))
        return True

    def update_status(
        self, measure_id: str, status: str, evidence: StatusEvidence | Mapping[str, Any] | None = None
    ) -> None:
        self.update_statuses([(measure_id, status, evidence)])

    def update_statuses(self, updates: Iterable[StatusUpdate], note: ChangeNote | None = None) -> int:
        written = 0
        at = change_stamp()
        chunk: list[StatusUpdate] = []
        for update in updates:
            chunk.append(update)
            if len(chunk) == _STATUS_CHUNK:
                written += self._update_chunk(chunk, note, at)
                chunk = []
        return written + self._update_chunk(chunk, note, at)

    def add_status_changes(self, changes: Iterable[StatusChange]) -> int:
        actions = [self._change_action(read_record(StatusChange, c, self.url)) for c in changes]
        self._bulk(actions)
        return len(actions)

    def _change_action(self, change: StatusChange) -> dict[str, Any]:
        """Indexed under an id made of the save's stamp and the measure, so a bulk request sent
        again (a retry) keeps one change, not two."""
        key = hashlib.sha256(f"{change.at}|{change.measure_id}".encode()).hexdigest()
        return {
            "_op_type": "index",
            "_index": self.index_name("changes"),
            "_id": key,
            "_source": {**change.to_json(), IN_FORM: in_stamp_form(change.at)},
        }

    def status_changes(
        self,
        since: str | None = None,
        directive: str | None = None,
        limit: int | None = None,
        causes: Collection[str] | None = None,
    ) -> list[StatusChange]:
        """Newest first by `at`, then by measure id (a save's changes share their `at`); with a
        `limit` one search (at most `TOTAL_HITS`), else every match scrolled and sorted here."""
        if limit is not None and limit < 0:
            raise ValueError("limit must not be negative")
        clauses: list[dict[str, Any]] = []
        if since is not None:
            clauses.append({"range": {"at": {"gte": since}}})
        if directive is not None:
            clauses.append({"term": {"doc_id": directive}})
        if causes is not None:
            clauses.append({"terms": {"cause": list(causes)}})
        query = {"bool": {"filter": clauses}}
        es = self._reader()
        with self._calls():
            if limit is not None:
                response = es.search(
                    index=self.index_name("changes"),
                    query=query,
                    size=min(limit, TOTAL_HITS),
                    sort=[{"at": "desc"}, {"measure_id": "asc"}],
                )
                found = [hit["_source"] for hit in response["hits"]["hits"]]
            else:
                found = [
                    hit["_source"]
                    for hit in scan(es, index=self.index_name("changes"), query={"query": query})
                ]
                found.sort(key=lambda c: str(c["measure_id"]))
                found.sort(key=lambda c: str(c["at"]), reverse=True)
        return [self._change(c) for c in found]

    def _change(self, source: Mapping[str, Any]) -> StatusChange:
        """A change as `-changes` holds it, without the index's own `in_form`."""
        return read_record(StatusChange, {k: v for k, v in source.items() if k != IN_FORM}, self.url)

    # -- a page of 本期变化 (`ChangePages`) --------------------------------------------------

    def changes_in_time_order(self, since: str | None) -> bool:
        """Whether every change at or after `since` has `in_form` (its stamp in `change_stamp`'s
        form), so that their order as dates (to the millisecond), which `status_change_slice`
        sorts by, is their order as text, which the whole list's sorts by: one count, stopped at the first found
        otherwise (a change written before schema 6 and not given its form yet is one)."""
        query = {
            "bool": {
                "filter": [{"range": {"at": {"gte": since}}}] if since is not None else [],
                "must_not": [{"term": {IN_FORM: True}}],
            }
        }
        es = self._reader()
        with self._calls():
            found = es.count(index=self.index_name("changes"), query=query, terminate_after=1)
        return int(found["count"]) == 0

    def status_change_count(
        self,
        since: str | None,
        new: Collection[str],
        outside: bool = False,
        at_least: str | None = None,
        measures: str | None = None,
        docs: str | None = None,
    ) -> int:
        """One `count` of the changes `_changes_query` selects: a group of 本期变化 counted in
        the index, none of its rows read."""
        query = _changes_query(since, new, outside, at_least, measures, docs)
        es = self._reader()
        with self._calls():
            return int(es.count(index=self.index_name("changes"), query=query)["count"])

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
        """The changes `status_change_count` counts in `status_changes`' order (`at` newest
        first, then measure id: a save's changes share their `at`, and a change's id is made of
        the two, so no two tie), from the `offset`-th, at most `limit`. Within the cluster's
        `index.max_result_window` (`result_window`) one search with `from`; past it the hits
        before the page are stepped over by `search_after`, a window at a time, reading only
        their sort values (the first step asks for the last hit of its window alone), and the
        page is read after them: a page 140,000 changes into a group is 15 searches, none past
        the window."""
        if limit <= 0 or offset < 0:
            return []
        query = _changes_query(since, new, outside, None, measures, docs)
        index = self.index_name("changes")
        window = self.result_window
        es = self._reader()
        found: list[dict[str, Any]] = []

        def search(**page: Any) -> Any:
            # every request of the slice: the changes in their order, no total counted
            return es.search(index=index, query=query, sort=_CHANGE_ORDER, track_total_hits=False, **page)

        with self._calls():
            if offset + limit <= window:
                response = search(from_=offset, size=limit)
                return [self._change(hit["_source"]) for hit in response["hits"]["hits"]]
            after: list[Any] | None = None
            skipped = 0
            while skipped < offset:
                step = min(window, offset - skipped)
                # the first step asks for its last hit alone, `from` within the window; later ones
                # step on from the hit before them
                page: dict[str, Any] = (
                    {"from_": step - 1, "size": 1} if after is None else {"search_after": after, "size": step}
                )
                response = search(source=False, filter_path="hits.hits.sort", **page)
                wanted = page["size"]
                hits = response.body.get("hits", {}).get("hits", [])  # filtered: no hits, no key
                if len(hits) < wanted:
                    return []  # the offset is past the last of them
                after = hits[-1]["sort"]
                skipped += step
            while len(found) < limit:
                size = min(window, limit - len(found))
                response = search(search_after=after, size=size)
                hits = response["hits"]["hits"]
                found.extend(hit["_source"] for hit in hits)
                if len(hits) < size:
                    break
                after = hits[-1]["sort"]
        return [self._change(c) for c in found]

    def change_docs(self, since: str | None) -> list[str]:
        """The documents the changes at or after `since` name, each once, in order: a composite
        aggregation on `doc_id`, read a page of 1,000 at a time."""
        query = {"bool": {"filter": [{"range": {"at": {"gte": since}}}] if since is not None else []}}
        es = self._reader()
        with self._calls():
            return self._distinct(es, "changes", "doc_id", query)

    def unit_measures(self, unit: str) -> str:
        """The measures with a unit whose name holds `unit`, found by the unit filter itself
        (`filters.to_es`: a prefix of some spelling on `units.name_starts`, `unit_holds`' rule),
        as the JSON of a query clause on `-changes`: the changes of those measures (their ids,
        `terms` of at most `MAX_TERMS` each, any of them) naming those measures' documents (a
        measure's id names its document, `<doc_id>:<n>`, so every change a save records names
        its own; one kept as given naming another document of the unit would pass here where
        the whole list finds no measure for it). A clause rather than a list of ids: the count and the slice put it in their `bool.filter`
        as it is, and the limit of a `terms` query stays here, where the ids are known (a unit
        such as 人民政府 is the unit of tens of thousands of measures)."""
        query = {"query": {"bool": {"filter": to_es(Filters(unit=unit), "measures")}}}
        ids: list[str] = []
        docs: set[str] = set()
        es = self._reader()
        with self._calls():
            for hit in scan(es, index=self.index_name("measures"), query=query, source_includes=["doc_id"]):
                ids.append(str(hit["_id"]))
                docs.add(str(hit["_source"]["doc_id"]))
        clause = {"bool": {"filter": [_any_of("measure_id", sorted(ids)), _any_of("doc_id", sorted(docs))]}}
        return json.dumps(clause, ensure_ascii=False)

    def numbered(self) -> Iterator[tuple[str, str, str | None]]:
        es = self._reader()
        query = {"query": {"bool": {"filter": [{"exists": {"field": "doc_number"}}]}}}
        with self._calls():
            found = [
                (hit["_id"], hit["_source"]["doc_number"], hit["_source"].get("issuer"))
                for hit in scan(
                    es,
                    index=self.index_name("documents"),
                    query=query,
                    source_includes=["doc_number", "issuer"],
                )
            ]
        yield from found

    def at_sources(self, sources: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(sources))
        if not wanted:
            return set()
        es = self._reader()
        query = {"query": {"bool": {"filter": [{"terms": {"sources": wanted}}]}}}
        with self._calls():
            return {
                hit["_id"]
                for hit in scan(
                    es, index=self.index_name("documents"), query=query, source_includes=["doc_id"]
                )
            }

    def titles(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        """One `mget` per `SUMMARY_BATCH` ids of the title a summary reads (`record.doc.title`)."""
        found: dict[str, str | None] = {}
        for doc_id, body in self._documents_read(doc_ids, ["record.doc.title"]):
            title = body.get("record", {}).get("doc", {}).get("title")
            found[doc_id] = str(title) if title is not None else None
        return found

    def _documents_read(
        self, doc_ids: Iterable[str], fields: list[str]
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """(id, the `fields` of its stored body) of each of `doc_ids` the index holds, each id once,
        one `mget` per `SUMMARY_BATCH` ids: what `titles` and `summaries` read."""
        wanted = list(dict.fromkeys(doc_ids))
        es = self._es()
        with self._calls():
            for i in range(0, len(wanted), SUMMARY_BATCH):
                response = es.mget(
                    index=self.index_name("documents"),
                    ids=wanted[i : i + SUMMARY_BATCH],
                    source_includes=fields,
                )
                yield from ((item["_id"], item["_source"]) for item in response["docs"] if item.get("found"))

    def mark_copy(self, doc_id: str, copy_of: CopyOf | None) -> bool:
        es = self._es()
        wanted = copy_of.to_json() if copy_of is not None else None
        with self._calls():
            try:
                found = es.get(
                    index=self.index_name("documents"), id=doc_id, source_includes=["record.copy_of"]
                )
            except NotFoundError:
                return False
            if (found["_source"].get("record") or {}).get(COPY_OF_KEY) == wanted:
                return False
            # a script, not a partial document: a partial update merges objects and cannot remove a key
            script = (
                "ctx._source.record.remove(params.key)"
                if wanted is None
                else "ctx._source.record[params.key] = params.value"
            )
            es.update(
                index=self.index_name("documents"),
                id=doc_id,
                script={"source": script, "params": {"key": COPY_OF_KEY, "value": wanted}},
                refresh=True,
            )
        self._dirty = True
        return True

    def clear_statuses(self, keep: Collection[str]) -> int:
        kept = set(keep)
        es = self._reader()  # refreshed: statuses just saved are seen
        with self._calls():
            stale = [
                hit["_id"]
                for hit in scan(
                    es,
                    index=self.index_name("measures"),
                    query={"query": {"bool": {"filter": [{"exists": {"field": "status"}}]}}},
                    source_includes=["doc_id"],
                )
                if hit["_source"]["doc_id"] not in kept
            ]
        self._bulk(
            {
                "_op_type": "update",
                "_index": self.index_name("measures"),
                "_id": target,
                "doc": {"status": None, "status_evidence": None, "status_at": None},
            }
            for target in stale
        )
        return len(stale)

    def _update_chunk(
        self, chunk: Sequence[StatusUpdate], note: ChangeNote | None = None, at: str = ""
    ) -> int:
        """A chunk of `update_statuses`: every status and measure checked (and, with a `note`, the
        status each had read), then one bulk request with the statuses and their changes."""
        if not chunk:
            return 0
        for _, status, _ in chunk:
            check_status(status)
        ids = [target for target, _, _ in chunk]
        wanted: dict[str, Any] = {"source_includes": ["doc_id", "status"]} if note else {"source": False}
        with self._calls():
            there = self._es().mget(index=self.index_name("measures"), ids=ids, **wanted)["docs"]
        missing = next((doc["_id"] for doc in there if not doc.get("found")), None)
        if missing is not None:
            raise DubanError(E.NOT_FOUND, what="measure", key=missing)
        stamp = _now()
        actions: list[dict[str, Any]] = [
            {
                "_op_type": "update",
                "_index": self.index_name("measures"),
                "_id": target,
                "doc": {
                    "status": status,
                    "status_evidence": {
                        "value": evidence.to_json() if isinstance(evidence, StatusEvidence) else evidence
                    },
                    "status_at": stamp,
                },
            }
            for target, status, evidence in chunk
        ]
        if note is not None:
            before = {doc["_id"]: doc.get("_source") or {} for doc in there}
            for target, status, _ in chunk:
                old = note.before(target, before[target].get("status"))
                if old != status:
                    before[target] = {**before[target], "status": status}  # a measure twice in a chunk
                    change = StatusChange(
                        measure_id=target,
                        doc_id=str(before[target].get("doc_id") or ""),
                        old=old,
                        new=status,
                        as_of=note.as_of,
                        at=at,
                        cause=note.cause,
                    )
                    actions.append(self._change_action(change))
        self._bulk(actions)
        return len(chunk)

    def record_run(self, run: RunReport) -> None:
        es = self._es()
        started = run.started_at or _now()
        with self._calls():
            es.index(
                index=self.index_name("runs"),
                id=run.run_id,
                document={"run_id": run.run_id, "started_at": started, "record": run.to_json()},
            )
        self._dirty = True

    # -- reading -----------------------------------------------------------------------------

    def _reader(self) -> Elasticsearch:
        es = self._es()
        with self._calls():
            self._sweep(es)
            self._refresh(es)
        return es

    def count(self, kind: CountKind = "documents") -> int:
        if kind not in ("documents", "measures"):
            raise ValueError(f"count kind must be 'documents' or 'measures', not '{kind}'")
        es = self._reader()
        with self._calls():
            return int(es.count(index=self.index_name(kind))["count"])

    def get(self, doc_id: str) -> StoredDocument | None:
        es = self._es()
        with self._calls():
            try:
                found = es.get(index=self.index_name("documents"), id=doc_id)
            except NotFoundError:
                return None
            return self._record(es, found["_source"])

    def _record(self, es: Elasticsearch, body: dict[str, Any]) -> StoredDocument:
        record = dict(body["record"])
        record["text"] = body.get("text", "")
        record["sources"] = sorted(body.get("sources", []))
        record["ingested_at"] = body.get("ingested_at")
        ids = [measure_id(body["doc_id"], i) for i in range(int(body.get("measure_count", 0)))]
        record["measures"] = []
        if ids:
            response = es.mget(index=self.index_name("measures"), ids=ids)
            record["measures"] = [_measure_record(d["_source"]) for d in response["docs"] if d.get("found")]
        return read_stored(record, self.url)

    def summaries(self, doc_ids: Iterable[str], head: int = 0) -> dict[str, DocumentSummary]:
        """One `mget` per `SUMMARY_BATCH` ids, of the fields a summary needs (the text only when
        `head` asks for some of it, cut here: Elasticsearch returns a field whole); the measure
        ids are those the document's `measure_count` makes, as `get` asks for them."""
        fields = ["doc_id", "source", "sources", "measure_count", "record.doc", *(["text"] if head else [])]
        found: dict[str, DocumentSummary] = {}
        for _, body in self._documents_read(doc_ids, fields):
            doc_id = body["doc_id"]
            summary = {
                "doc_id": doc_id,
                "source": body.get("source", ""),
                "doc": body.get("record", {}).get("doc", {}),
                "sources": sorted(body.get("sources", [])),
                "measure_ids": [measure_id(doc_id, n) for n in range(int(body.get("measure_count", 0)))],
                "head": str(body.get("text") or "")[:head],
            }
            found[doc_id] = read_record(DocumentSummary, summary, self.url)
        return found

    def measure_outlines(self, doc_ids: Iterable[str]) -> dict[str, tuple[MeasureOutline, ...]]:
        """Per `SUMMARY_BATCH` ids, one `mget` of the documents' measure counts and one (per
        `MAX_DOC_IDS` measures) of the measures those make, as `get` asks for them, with only
        the fields an outline needs."""
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[str, tuple[MeasureOutline, ...]] = {}
        es = self._es()
        with self._calls():
            for i in range(0, len(wanted), SUMMARY_BATCH):
                states = self._doc_states(es, wanted[i : i + SUMMARY_BATCH])
                ids = [
                    measure_id(d, n)
                    for d, state in states.items()
                    for n in range(int(state["measure_count"]))
                ]
                measures: dict[str, list[MeasureOutline]] = {d: [] for d in states}
                for j in range(0, len(ids), MAX_DOC_IDS):
                    response = es.mget(
                        index=self.index_name("measures"),
                        ids=ids[j : j + MAX_DOC_IDS],
                        source_includes=["doc_id", "text", "status", "record.units"],
                    )
                    for item in response["docs"]:
                        if not item.get("found"):
                            continue
                        body = item["_source"]
                        units = tuple(
                            Unit(str(u["name"]), u.get("role") or "responsible")
                            for u in (body.get("record") or {}).get("units") or ()
                        )
                        measures[str(body["doc_id"])].append(
                            MeasureOutline(item["_id"], str(body.get("text", "")), units, body.get("status"))
                        )
                found.update((d, tuple(m)) for d, m in measures.items() if m)
        return {doc_id: found[doc_id] for doc_id in wanted if doc_id in found}

    def known_hashes(self, sources: Iterable[str]) -> dict[str, str]:
        """Only entries whose document is there and lists the source: a source entry and its
        document are two writes, and a path whose document is missing must be ingested again."""
        es = self._es()
        with self._calls():
            found = self._source_entries(es, list(dict.fromkeys(sources)))
            states = self._doc_states(es, [doc_id for doc_id, _ in found.values()])
        return {
            source: source_hash
            for source, (doc_id, source_hash) in found.items()
            if source in states.get(doc_id, {}).get("sources", ())
        }

    def runs(self, limit: int = 20) -> list[RunReport]:
        es = self._reader()
        with self._calls():
            response = es.search(
                index=self.index_name("runs"), size=limit, sort=[{"started_at": "desc"}, {"run_id": "desc"}]
            )
        return [read_run(hit["_source"]["record"], self.url) for hit in response["hits"]["hits"]]

    def iter_documents(self) -> Iterator[StoredDocument]:
        es = self._reader()
        with self._calls():
            for hit in scan(es, index=self.index_name("documents"), query={"query": {"match_all": {}}}):
                yield self._record(es, hit["_source"])

    def saved_documents(self, generation: str) -> Iterator[StoredDocument]:
        """The measures that have a status, scrolled with only their `doc_id` and mark (the
        evidence is kept, not indexed, so it cannot be a query's term), then the documents they
        name, one `mget` per `SUMMARY_BATCH` ids, each with its measures as `get` reads them."""
        es = self._reader()
        query = {"query": {"bool": {"filter": [{"exists": {"field": "status"}}]}}}
        with self._calls():
            hits = scan(
                es,
                index=self.index_name("measures"),
                query=query,
                source_includes=["doc_id", "status_evidence.value.generation"],
            )
            marked = list(
                dict.fromkeys(
                    str(hit["_source"]["doc_id"]) for hit in hits if _mark(hit["_source"]) == generation
                )
            )
            for i in range(0, len(marked), SUMMARY_BATCH):
                response = es.mget(index=self.index_name("documents"), ids=marked[i : i + SUMMARY_BATCH])
                for item in response["docs"]:
                    if item.get("found"):
                        yield self._record(es, item["_source"])

    def iter_measures(self, filters: Filters | None = None) -> Iterator[StoredMeasure]:
        es = self._reader()
        query = {"query": {"bool": {"filter": to_es(filters or Filters(), "measures")}}}
        with self._calls():
            for hit in scan(
                es, index=self.index_name("measures"), query=query, source_excludes=["words", "grams"]
            ):
                body = hit["_source"]
                found = {
                    **_measure_record(body),
                    "doc_id": body["doc_id"],
                    "source": body["source"],
                    "doc": {
                        "title": body.get("title"),
                        "kind": body.get("doc_kind"),
                        "doc_number": body.get("doc_number"),
                        "issuer": body.get("doc_issuer"),
                        "date": body.get("doc_date"),
                    },
                    "ingested_at": body.get("doc_ingested_at"),
                }
                yield read_measure(found, self.url)

    def stats(self) -> IndexStats:
        es = self._reader()
        with self._calls():
            measures = es.search(
                index=self.index_name("measures"),
                size=0,
                runtime_mappings=EFFECTIVE_STATUS,
                aggs={
                    "status": {"terms": {"field": "effective_status", "missing": UNSET, "size": 20}},
                    "units": {"terms": {"field": "unit_names", "size": TOP_UNITS}},
                    "deadlines": _deadline_months(),
                },
            )
            documents = es.search(
                index=self.index_name("documents"),
                size=0,
                aggs={"kind": {"terms": {"field": "kind", "size": 20}}},
            )
            runs = int(es.count(index=self.index_name("runs"))["count"])
        aggs = measures["aggregations"]
        return IndexStats(
            documents=int(documents["hits"]["total"]["value"]),
            measures=int(measures["hits"]["total"]["value"]),
            runs=runs,
            by_kind=_buckets(documents["aggregations"]["kind"]["buckets"]),
            by_status=_buckets(aggs["status"]["buckets"]),
            by_unit=_buckets(aggs["units"]["buckets"]),
            by_deadline_month=_buckets(aggs["deadlines"]["month"]["buckets"], "key_as_string"),
        )

    def facet_counts(self, query: Query, filters: Filters) -> tuple[Facets, int]:
        es = self._reader()
        aggs = {
            "sample": {
                "sampler": {"shard_size": FACET_CAP},
                "aggs": {
                    "status": {"terms": {"field": "effective_status", "missing": UNSET, "size": 20}},
                    "units": {"terms": {"field": "unit_names", "size": FACET_UNITS}},
                    "kind": {"terms": {"field": "doc_kind", "size": 20}},
                    "deadlines": _deadline_months({"measures": {"reverse_nested": {}}}),
                },
            }
        }
        with self._calls():
            response = es.search(
                index=self.index_name("measures"),
                size=0,
                query={"bool": {"must": [text_query(query) or {"match_all": {}}], "filter": to_es(filters)}},
                runtime_mappings=EFFECTIVE_STATUS,
                aggs=aggs,
            )
        sample = response["aggregations"]["sample"]
        months = sample["deadlines"]["month"]["buckets"]
        counts = {
            "by_unit": _buckets(sample["units"]["buckets"]),
            "by_status": _buckets(sample["status"]["buckets"]),
            "by_kind": _buckets(sample["kind"]["buckets"]),
            "by_deadline_month": {b["key_as_string"]: int(b["measures"]["doc_count"]) for b in months},
        }
        return counts, int(response["hits"]["total"]["value"])

    def generation(self) -> str:
        """For the documents and sources indices, their counts and indexing and deletion totals:
        any write of a document or a source changes one (statuses and corrections do not)."""
        es = self._reader()
        names = ",".join(self.index_name(s) for s in ("documents", "sources"))
        with self._calls():
            found = es.indices.stats(index=names, metric="docs,indexing")
        parts = []
        for name in sorted(found["indices"]):
            total = found["indices"][name]["primaries"]
            indexing = total.get("indexing", {})
            parts.append(
                f"{name}={total.get('docs', {}).get('count', 0)}."
                f"{indexing.get('index_total', 0)}.{indexing.get('delete_total', 0)}"
            )
        return ";".join(parts)

    # -- staff corrections -------------------------------------------------------------------

    def _active_corrections(self, es: Elasticsearch) -> ActiveCorrections:
        """The active corrections (written with `refresh=wait_for`, so a search sees them)."""
        response = es.search(
            index=self.index_name("corrections"),
            size=MAX_DOC_IDS,
            query={"bool": {"filter": [{"term": {"undone": False}}]}},
            sort=[{"at": "asc"}],
        )
        return ActiveCorrections(
            {**hit["_source"]["record"], "id": hit["_id"]} for hit in response["hits"]["hits"]
        )

    def _apply_corrections(self, doc_ids: list[str] | None = None) -> None:
        """Set `corrected` on measures from the active corrections: those of `doc_ids`, or (None)
        every measure one may apply to, clearing it where none applies any more."""
        es = self._reader()
        with self._calls():
            active = self._active_corrections(es)
            wanted = set(doc_ids or ())
            if doc_ids is None:
                keys = {"doc_id": sorted(active.doc_ids), "sources": sorted(active.sources)}
                should = [{"terms": {name: values}} for name, values in keys.items() if values]
                if should:
                    found = es.search(
                        index=self.index_name("documents"),
                        size=MAX_DOC_IDS,
                        query={"bool": {"should": should, "minimum_should_match": 1}},
                        source=False,
                    )
                    wanted.update(hit["_id"] for hit in found["hits"]["hits"])
                marked = es.search(
                    index=self.index_name("measures"),
                    size=0,
                    query={"exists": {"field": "corrected"}},
                    aggs={"docs": {"terms": {"field": "doc_id", "size": MAX_DOC_IDS}}},
                )
                wanted.update(b["key"] for b in marked["aggregations"]["docs"]["buckets"])
            states = self._doc_states(es, sorted(wanted))
            updates: list[dict[str, Any]] = []
            for doc_id, state in states.items():
                ids = [measure_id(doc_id, i) for i in range(int(state.get("measure_count", 0)))]
                if not ids:
                    continue
                found_measures = es.mget(
                    index=self.index_name("measures"), ids=ids, source_includes=["text", "corrected"]
                )
                for item in found_measures["docs"]:
                    if not item.get("found"):
                        continue
                    body = item["_source"]
                    status = active.status(doc_id, state.get("sources", []), body.get("text", ""))
                    if status != body.get("corrected"):
                        updates.append(
                            {
                                "_op_type": "update",
                                "_index": self.index_name("measures"),
                                "_id": item["_id"],
                                "doc": {"corrected": status},
                            }
                        )
        self._bulk(updates)

    def add_correction(self, correction: Correction | Mapping[str, Any]) -> Correction:
        if isinstance(correction, Correction):
            correction = correction.to_json()
        es = self._es()
        stored = {**correction, "at": _now(), "undone_at": None, "undone_by": None}
        stored.pop("id", None)
        correction_id = uuid.uuid4().hex
        with self._calls():
            es.index(
                index=self.index_name("corrections"),
                id=correction_id,
                document={
                    "key": str(correction["key"]),
                    "at": stored["at"],
                    "undone": False,
                    "record": stored,
                },
                refresh="wait_for",
            )
        self._apply_corrections()
        return read_record(Correction, {**stored, "id": correction_id}, self.url)

    def corrections(self, include_undone: bool = False) -> list[Correction]:
        return [read_record(Correction, c, self.url) for c in self._correction_records(include_undone)]

    def _correction_records(self, include_undone: bool = False) -> list[dict[str, Any]]:
        """The stored corrections as JSON, oldest first (what `ActiveCorrections` reads)."""
        es = self._reader()
        query: dict[str, Any] = (
            {"match_all": {}} if include_undone else {"bool": {"filter": [{"term": {"undone": False}}]}}
        )
        with self._calls():
            found = [
                {**hit["_source"]["record"], "id": hit["_id"]}
                for hit in scan(es, index=self.index_name("corrections"), query={"query": query})
            ]
        return sorted(found, key=lambda c: (str(c.get("at")), str(c["id"])))

    def undo_correction(self, correction_id: str, by: str) -> Correction | None:
        es = self._es()
        with self._calls():
            try:
                found = es.get(index=self.index_name("corrections"), id=correction_id)
            except NotFoundError:
                return None
            body = found["_source"]
            if body.get("undone"):
                return None
            record = {**body["record"], "undone_at": _now(), "undone_by": by}
            es.index(
                index=self.index_name("corrections"),
                id=correction_id,
                document={**body, "undone": True, "record": record},
                refresh="wait_for",
                if_seq_no=found["_seq_no"],
                if_primary_term=found["_primary_term"],
            )
        self._apply_corrections()
        return read_record(Correction, {**record, "id": correction_id}, self.url)

    def find(
        self, query: Query, filters: Filters, target: Target, limit: int, offset: int, sort: Sort
    ) -> tuple[list[Found], int]:
        """One page; past `TOTAL_HITS` nothing is listed (as in the SQLite store), so a deep page
        never asks the cluster beyond its `max_result_window`: the page is cut at the cap."""
        limit = max(0, min(limit, TOTAL_HITS - offset))
        es = self._reader()
        if target == "measures":
            clauses = to_es(filters, "measures")
        else:
            clauses = to_es(filters.document_part(), "documents")
            if not filters.measure_part().is_empty():
                clauses.append({"terms": {"doc_id": self._doc_ids(es, filters.measure_part())}})
        text = text_query(query)
        with self._calls():
            response = es.search(
                index=self.index_name(target),
                query={"bool": {"must": [text or {"match_all": {}}], "filter": clauses}},
                from_=offset,
                size=limit,
                sort=sort_clause(target, sort, text is not None),
                track_total_hits=TOTAL_HITS,
                track_scores=True,
                source_excludes=["words", "grams"],
            )
        found = [_found(h, target) for h in response["hits"]["hits"]]
        return found, int(response["hits"]["total"]["value"])

    def _doc_ids(self, es: Elasticsearch, filters: Filters) -> list[str]:
        """Ids of documents with a measure matching `filters` (at most MAX_DOC_IDS of them)."""
        with self._calls():
            response = es.search(
                index=self.index_name("measures"),
                size=0,
                query={"bool": {"filter": to_es(filters, "measures")}},
                aggs={"docs": {"terms": {"field": "doc_id", "size": MAX_DOC_IDS}}},
            )
        return [b["key"] for b in response["aggregations"]["docs"]["buckets"]]


def in_stamp_form(at: object) -> bool:
    """Whether a change's `at` is in `change_stamp`'s form (`STAMP_FORM`): what `in_form` says."""
    return isinstance(at, str) and STAMP_FORM.fullmatch(at) is not None


_CHANGE_ORDER: list[dict[str, str]] = [{"at": "desc"}, {"measure_id": "asc"}]
"""`status_changes`' order: newest first, then by measure id."""


def _any_of(field: str, values: Sequence[str]) -> dict[str, Any]:
    """A field holding any of `values`: one `terms` query of at most `MAX_TERMS` of them each
    (the cluster refuses a longer one), none for no values."""
    parts = [{"terms": {field: list(values[i : i + MAX_TERMS])}} for i in range(0, len(values), MAX_TERMS)]
    if not parts:
        return {"match_none": {}}
    return parts[0] if len(parts) == 1 else {"bool": {"should": parts, "minimum_should_match": 1}}


def _changes_query(
    since: str | None,
    new: Collection[str],
    outside: bool,
    at_least: str | None,
    measures: str | None,
    docs: str | None,
) -> dict[str, Any]:
    """The changes at or after `since` and `at_least` whose new status is one of `new` (with
    `outside`: none of them), of the `measures` when given (`unit_measures`' clause) and of the
    documents `docs` when given (a JSON array of ids): as the SQLite store's `_within`."""
    wanted = list(new)
    clauses: list[dict[str, Any]] = [
        {"range": {"at": {"gte": b}}} for b in (since, at_least) if b is not None
    ]
    must_not: list[dict[str, Any]] = []
    if outside:
        if wanted:
            must_not.append({"terms": {"new": wanted}})
    else:
        clauses.append({"terms": {"new": wanted}} if wanted else {"match_none": {}})
    if measures is not None:
        clauses.append(json.loads(measures))
    if docs is not None:
        clauses.append(_any_of("doc_id", [str(d) for d in json.loads(docs)]))
    return {"bool": {"filter": clauses, "must_not": must_not}}


def _found(hit: dict[str, Any], target: Target) -> Found:
    body = hit["_source"]
    score = float(hit.get("_score") or 0.0)
    if target == "documents":
        return Found(
            body["doc_id"],
            body["source"],
            body.get("text", ""),
            body.get("record", {}),
            score,
            title=body.get("title"),
            kind=body.get("kind"),
            ingested_at=body.get("ingested_at"),
        )
    return Found(
        body["doc_id"],
        body["source"],
        body["text"],
        body.get("record", {}),
        score,
        measure_id=body["measure_id"],
        page=body.get("page"),
        status=body.get("status"),
        title=body.get("title"),
        kind=body.get("doc_kind"),
        ingested_at=body.get("doc_ingested_at"),
    )


@dataclass
class _Plan:
    """One document of a bulk write: its actions by phase, and its result so far."""

    row: DocumentRow
    result: WriteResult
    measures: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    removals: list[str] = field(default_factory=list)
    new: bool = False
    linked: bool = False

    def fail(self, reason: str) -> None:
        self.result = replace(WriteResult(self.row.doc_id, "failed", 0), error=reason)


def _measure_record(body: dict[str, Any]) -> dict[str, Any]:
    evidence = body.get("status_evidence") or {}
    return {
        **body.get("record", {}),
        "text": body["text"],
        "measure_id": body["measure_id"],
        "status": body.get("status"),
        "status_evidence": evidence.get("value"),
    }


def _mark(body: dict[str, Any]) -> str | None:
    """The generation a measure's saved evidence carries (`StatusEvidence.generation`), if any:
    a status saved without evidence keeps `{"value": null}`."""
    saved = (body.get("status_evidence") or {}).get("value") or {}
    found = saved.get("generation")
    return str(found) if found is not None else None


def _deadline_months(per_month: dict[str, Any] | None = None) -> dict[str, Any]:
    """Measures by the month their deadlines fall due (deadlines are nested documents); `per_month`
    adds sub-aggregations to each month (facets count measures, not deadlines)."""
    histogram: dict[str, Any] = {
        "date_histogram": {
            "field": "deadlines.due",
            "calendar_interval": "month",
            "format": "yyyy-MM",
            "min_doc_count": 1,
        }
    }
    if per_month:
        histogram["aggs"] = per_month
    return {"nested": {"path": "deadlines"}, "aggs": {"month": histogram}}


def _buckets(buckets: list[dict[str, Any]], key: str = "key") -> dict[str, int]:
    return {str(b[key]): int(b["doc_count"]) for b in buckets}


def _source_id(source: str) -> str:
    """Source paths can be longer than an `_id` may be; their hash is not."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
