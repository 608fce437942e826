"""The SQLite backend: one file, FTS5 over pre-segmented tokens, no server.

Every document is written in one transaction, so a killed ingest leaves each document either
fully there or not at all. The work is split by what it does: `sqlite.schema` (tables,
migrations, the connection), `sqlite.writing` (documents in and out), `sqlite.planner` (which
measures a search finds and in what order; how it stays fast on a million measures),
`sqlite.matching` (the query as FTS5 and as a Python test), `sqlite.ranking` (BM25) and
`sqlite.corrections` (staff corrections and the status they set) and `sqlite.changes` (each
change of a measure's status a save made). This class ties them together
behind the `Store` protocols.

`bulk_load()` builds a large index fast: no fsync and no FTS merging until one `optimize` at the
end.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, cast

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
from duban.base.vocab import Status
from duban.index.analysis import Analyzer, Query
from duban.index.filters import UNSET, Filters, Target
from duban.index.records import DocInput, DocumentRow, ReadyTokens, check_status, prepare, ready_tokens
from duban.index.sqlite import changes as history
from duban.index.sqlite import corrections as fixes
from duban.index.sqlite.matching import fts_expression
from duban.index.sqlite.planner import (
    EFFECTIVE,
    MEASURE_COLUMNS,
    facet_counts,
    measure_conditions,
    search_documents,
    search_measures,
    settings,
    unit_names,
)
from duban.index.sqlite.schema import (
    CORRECTED_SINCE,
    FTS_AUTOMERGE,
    FTS_TABLES,
    SCHEMA_VERSION,
    connect,
    dumps,
    file_version,
    now,
    transaction,
)
from duban.index.sqlite.writing import as_writer, delete_document, has_document, write_row
from duban.index.store import (
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
    WriteResult,
    bad_record,
    change_stamp,
)

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "fts_expression"]

BATCH_DOCS = 200
MMAP_BYTES = 1 << 34  # map up to 16 GB of the file for searches (SQLite maps what the file has)
PAGES_KEPT = 512  # pages of matches kept, for every store of this process, per file version
# (file id, file version, query, filters, target, limit, offset, sort) → a page and its total
_PAGES_SEEN: dict[tuple[Any, ...], tuple[list[Found], int]] = {}


class SQLiteStore(SearchesOnce):
    """A `Store` in one SQLite file; the connection opens (and migrates) on first use."""

    def __init__(self, path: Path, url: str | None = None, analyzer: Analyzer | None = None) -> None:
        self.path = path
        self.url = url or f"sqlite:///{path}"
        self.analyzer = analyzer or Analyzer()
        self.clock: Callable[[], str] = now  # UTC ISO time a write is stamped with (`ingested_at`)
        self._conn: sqlite3.Connection | None = None
        self._has_corrections = False
        self._mapped = False

    # -- connection --------------------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            conn, found = connect(self.path, self.url)
            if 0 < found < CORRECTED_SINCE and fixes.exists(conn):
                with transaction(conn, self.url):  # corrections made before the column existed
                    fixes.apply(conn)
            self._conn = conn
        return self._conn

    def _reader(self) -> sqlite3.Connection:
        """The connection, with the file memory-mapped for searching (`MMAP_BYTES`): a search reads
        thousands of rows and index entries at random places, and through the map each costs a
        memory read instead of a system call and a copy (a third less CPU on a million measures).
        Mapped only once the store searches, so a writer's resident memory stays what it writes."""
        db = self._db()
        if not self._mapped:
            db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self._mapped = True
        return db

    def only_writes(self) -> None:
        """This store's connection will only write documents (the ingest writer's): it keeps the
        writer's small page cache (`writing.as_writer`), not the searchers' 64 MB, which only held
        the ingest parent's memory up."""
        as_writer(self._db())

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._has_corrections = False
            self._mapped = False

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def bulk_load(self) -> Iterator[SQLiteStore]:
        """Load many documents fast (a rebuild, a benchmark): inside, commits do not wait for the
        disk and FTS5 does not merge its segments after every batch; at the end the full-text
        indexes are merged once (`optimize`) and the query planner's statistics are refreshed.

        Writes stay transactional, but a power cut during a bulk load may corrupt the file: use it
        for an index that can be rebuilt from its sources.
        """
        db = self._db()
        db.execute("PRAGMA synchronous = OFF")
        for table in FTS_TABLES:
            db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        try:
            yield self
        finally:
            for table in FTS_TABLES:
                db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', {FTS_AUTOMERGE})")
            db.execute("PRAGMA synchronous = NORMAL")
        self.optimize()

    def optimize(self) -> None:
        """Merge each full-text index into one segment (fastest to query) and run `PRAGMA optimize`."""
        db = self._db()
        with transaction(db, self.url):
            for table in FTS_TABLES:
                db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        db.execute("PRAGMA optimize")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- writing -----------------------------------------------------------------------------

    def write(self, doc: DocInput, source_hash: str) -> WriteResult:
        return self.write_many([(doc, source_hash)])[0]

    def write_many(self, items: Iterable[tuple[DocInput, str]]) -> list[WriteResult]:
        results: list[WriteResult] = []
        batch: list[tuple[DocumentRow, ReadyTokens | None]] = []
        for doc, source_hash in items:
            with bad_record(self.url):
                row = prepare(doc, source_hash)
                # segment outside the write transaction, so the lock is held only for the inserts
                stored = has_document(self._db(), row.doc_id)
                batch.append((row, None if stored else ready_tokens(row, self.analyzer)))
            if len(batch) >= BATCH_DOCS:
                results.extend(self._write_batch(batch))
                batch = []
        if batch:
            results.extend(self._write_batch(batch))
        return results

    def _write_batch(self, batch: Sequence[tuple[DocumentRow, ReadyTokens | None]]) -> list[WriteResult]:
        """One transaction: every document of the batch is written, or none is; active staff
        corrections are applied to the documents it adds or links."""
        db = self._db()
        with (
            transaction(db, self.url),
            bad_record(self.url, sqlite3.InterfaceError, sqlite3.ProgrammingError),
        ):
            results = [write_row(db, row, tokens, self.analyzer, self.clock()) for row, tokens in batch]
            if self._corrected(db):
                fixes.apply(db, [r.doc_id for r in results if r.action != "unchanged"])
            return results

    def delete(self, doc_id: str) -> bool:
        db = self._db()
        with transaction(db, self.url):
            return delete_document(db, doc_id)

    def update_status(
        self, measure_id: str, status: str, evidence: StatusEvidence | Mapping[str, Any] | None = None
    ) -> None:
        self.update_statuses([(measure_id, status, evidence)])

    def update_statuses(self, updates: Iterable[StatusUpdate], note: ChangeNote | None = None) -> int:
        db = self._db()
        stamp = now()
        at = change_stamp()
        written = 0
        with transaction(db, self.url):  # a bad status or missing measure rolls back the whole call
            for measure_id, status, evidence in updates:  # read as written: a run's statuses are
                check_status(status)  # 150,000 over the real corpus, too many to hold as JSON first
                found = evidence.to_json() if isinstance(evidence, StatusEvidence) else evidence
                before = None
                if note is not None:  # the status saved before, in this transaction
                    before = db.execute(
                        "SELECT doc_id, status FROM measures WHERE measure_id = ?", (measure_id,)
                    ).fetchone()
                cursor = db.execute(
                    "UPDATE measures SET status = ?, status_evidence = ?, status_at = ? WHERE measure_id = ?",
                    (status, dumps(found), stamp, measure_id),
                )
                if cursor.rowcount == 0:
                    raise DubanError(E.NOT_FOUND, what="measure", key=measure_id)
                if note is not None and before is not None:
                    old = note.before(measure_id, before[1])
                    history.note_change(db, measure_id, before[0], old, status, note, at)
                written += 1
        return written

    def add_status_changes(self, changes: Iterable[StatusChange]) -> int:
        db = self._db()
        added = 0
        with transaction(db, self.url):
            for change in changes:
                history.add(db, read_record(StatusChange, change, self.url))
                added += 1
        return added

    def status_changes(
        self,
        since: str | None = None,
        directive: str | None = None,
        limit: int | None = None,
        causes: Collection[str] | None = None,
    ) -> list[StatusChange]:
        if limit is not None and limit < 0:
            raise ValueError("limit must not be negative")
        found = history.listed(self._db(), since, directive, limit, causes)
        return [history.read(c, self.url) for c in found]

    def changes_in_time_order(self, since: str | None) -> bool:
        """Whether the changes at or after `since` all have `change_stamp`'s form, so that their
        stamps sort as text as in time and `status_change_count` and `status_change_slice` may
        order and compare them in SQL (`pipeline.changes`' page of 本期变化)."""
        return history.in_time_order(self._db(), since)

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
        `outside`: any other), of the `measures` when given (`unit_measures`) and of the documents
        `docs` (a JSON array of ids), from the indexes: a group of 本期变化 counted without
        reading its rows."""
        return history.counted(self._db(), since, new, outside, at_least, measures, docs)

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
        """The changes `status_change_count` counts, ordered as `status_changes` lists them, from
        the `offset`-th, at most `limit`: one page of a group of 本期变化."""
        found = history.sliced(self._db(), since, new, outside, offset, limit, measures, docs)
        return [history.read(c, self.url) for c in found]

    def change_docs(self, since: str | None) -> list[str]:
        """The documents the changes at or after `since` name, each once."""
        return history.change_docs(self._db(), since)

    def unit_measures(self, unit: str) -> str:
        """The measures with a unit whose name holds `unit` (`spellings.unit_holds`, as the unit
        filter reads names: `planner.unit_names`), as the JSON array of keys the changes' count
        and slice narrow to (`sqlite.changes.unit_measures`)."""
        db = self._db()
        return history.unit_measures(db, unit_names(db, unit))

    def clear_statuses(self, keep: Collection[str]) -> int:
        db = self._db()
        with transaction(db, self.url):  # the kept ids as one JSON array: no limit on their number
            cursor = db.execute(
                """UPDATE measures SET status = NULL, status_evidence = NULL, status_at = NULL
                   WHERE status IS NOT NULL AND doc_id NOT IN (SELECT value FROM json_each(?))""",
                (json.dumps(list(keep)),),
            )
        return cursor.rowcount

    # -- copies of one directive -------------------------------------------------------------

    def numbered(self) -> Iterator[tuple[str, str, str | None]]:
        rows = (
            self._db()
            .execute(
                "SELECT doc_id, doc_number, issuer FROM documents WHERE doc_number IS NOT NULL ORDER BY doc_number"
            )
            .fetchall()
        )  # read whole, so the caller may write while it goes through them
        yield from ((doc_id, number, issuer) for doc_id, number, issuer in rows)

    def at_sources(self, sources: Iterable[str]) -> set[str]:
        wanted = json.dumps(list(dict.fromkeys(sources)))
        rows = self._db().execute(
            "SELECT DISTINCT doc_id FROM sources WHERE source IN (SELECT value FROM json_each(?))", (wanted,)
        )
        return {doc_id for (doc_id,) in rows}

    def titles(self, doc_ids: Iterable[str]) -> dict[str, str | None]:
        """One query per `SUMMARY_BATCH` ids, each document found by its id's index and only the
        head of its row read (the title is kept before the text): 578 numbered real documents in
        1 to 6 ms, where their summaries (`json_extract` of each whole record) took 80 to 160."""
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[str, str | None] = {}
        db = self._db()
        for i in range(0, len(wanted), SUMMARY_BATCH):
            rows = db.execute(
                "SELECT doc_id, title FROM documents WHERE doc_id IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted[i : i + SUMMARY_BATCH]),),
            )
            found.update({doc_id: title for doc_id, title in rows})
        return found

    def mark_copy(self, doc_id: str, copy_of: CopyOf | None) -> bool:
        db = self._db()
        with transaction(db, self.url):
            found = db.execute(
                "SELECT json_extract(record, '$.copy_of') FROM documents WHERE doc_id = ?", (doc_id,)
            ).fetchone()
            wanted = dumps(copy_of.to_json()) if copy_of is not None else None
            if found is None or (found[0] and json.loads(found[0])) == (
                copy_of.to_json() if copy_of else None
            ):
                return False
            if wanted is None:
                db.execute(
                    "UPDATE documents SET record = json_remove(record, '$.copy_of') WHERE doc_id = ?",
                    (doc_id,),
                )
            else:
                db.execute(
                    "UPDATE documents SET record = json_set(record, '$.copy_of', json(?)) WHERE doc_id = ?",
                    (wanted, doc_id),
                )
            # the cross-check reads the note, so the generation must move with it: one of the
            # document's source rows takes the next row id (`updated_at` keeps whole seconds, and
            # a note made in the second of the write would leave it as it was)
            db.execute(
                """UPDATE sources SET rowid = (SELECT max(rowid) + 1 FROM sources), updated_at = ?
                   WHERE rowid = (SELECT min(rowid) FROM sources WHERE doc_id = ?)""",
                (now(), doc_id),
            )
        return True

    def record_run(self, run: RunReport) -> None:
        db = self._db()
        with transaction(db, self.url):
            db.execute(
                """INSERT INTO runs (run_id, started_at, record) VALUES (?, ?, ?)
                   ON CONFLICT (run_id) DO UPDATE SET record = excluded.record""",
                (run.run_id, run.started_at or now(), dumps(run.to_json())),
            )

    # -- searching ---------------------------------------------------------------------------

    def find(
        self, query: Query, filters: Filters, target: Target, limit: int, offset: int, sort: Sort
    ) -> tuple[list[Found], int]:
        """A page of matches, kept per file version (see `_PAGES_SEEN`): pages are asked for
        again and again (paging back, the same topic from many desks), and the file changes
        far less often than it is searched."""
        db = self._reader()
        key = (*file_version(db), *settings(), query, filters, target, limit, offset, sort)
        found = _PAGES_SEEN.get(key)
        if found is None:
            run = search_measures if target == "measures" else search_documents
            found = run(db, query, filters, limit, offset, sort)
            if len(_PAGES_SEEN) >= PAGES_KEPT:
                _PAGES_SEEN.clear()
            _PAGES_SEEN[key] = found
        items, total = found
        return list(items), total  # their records are read into fresh hits, never written to

    def facet_counts(self, query: Query, filters: Filters) -> tuple[Facets, int]:
        return facet_counts(self._reader(), query, filters)

    # -- reading -----------------------------------------------------------------------------

    def count(self, kind: CountKind = "documents") -> int:
        if kind not in ("documents", "measures"):
            raise ValueError(f"count kind must be 'documents' or 'measures', not '{kind}'")
        return int(self._db().execute(f"SELECT count(*) FROM {kind}").fetchone()[0])

    def get(self, doc_id: str) -> StoredDocument | None:
        db = self._db()
        found = db.execute(
            "SELECT record, text, ingested_at FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if found is None:
            return None
        record: dict[str, Any] = json.loads(found[0])
        record["text"] = found[1]
        record["ingested_at"] = found[2]
        record["sources"] = [
            s for (s,) in db.execute("SELECT source FROM sources WHERE doc_id = ? ORDER BY source", (doc_id,))
        ]
        record["measures"] = [
            {
                **json.loads(stored),
                "text": text,
                "measure_id": mid,
                "status": status,
                "status_evidence": json.loads(evidence) if evidence else None,
            }
            for mid, text, stored, status, evidence in db.execute(
                """SELECT measure_id, text, record, status, status_evidence FROM measures
                   WHERE doc_id = ? ORDER BY ord""",
                (doc_id,),
            )
        ]
        return read_stored(record, self.url)

    def summaries(self, doc_ids: Iterable[str], head: int = 0) -> dict[str, DocumentSummary]:
        """One query per `SUMMARY_BATCH` ids (as one JSON array): the metadata and source taken out
        of the stored record, the paths and measure ids gathered by their indexes, and only the
        first `head` characters of the text copied out of the file."""
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[str, DocumentSummary] = {}
        db = self._db()
        for i in range(0, len(wanted), SUMMARY_BATCH):
            rows = db.execute(
                """SELECT d.doc_id, json_extract(d.record, '$.source'), json_extract(d.record, '$.doc'),
                          substr(d.text, 1, ?),
                          (SELECT json_group_array(source) FROM
                             (SELECT source FROM sources s WHERE s.doc_id = d.doc_id ORDER BY source)),
                          (SELECT json_group_array(measure_id) FROM
                             (SELECT measure_id FROM measures m WHERE m.doc_id = d.doc_id ORDER BY ord))
                   FROM documents d WHERE d.doc_id IN (SELECT value FROM json_each(?))""",
                (head, json.dumps(wanted[i : i + SUMMARY_BATCH])),
            )
            for doc_id, source, meta, text, sources, measures in rows:
                summary = {
                    "doc_id": doc_id,
                    "source": source or "",
                    "doc": json.loads(meta) if meta else {},
                    "sources": json.loads(sources),
                    "measure_ids": json.loads(measures),
                    "head": text or "",
                }
                found[doc_id] = read_record(DocumentSummary, summary, self.url)
        return found

    def measure_outlines(self, doc_ids: Iterable[str]) -> dict[str, tuple[MeasureOutline, ...]]:
        """One query per `SUMMARY_BATCH` ids: each measure's id, text and status from its columns
        and its units gathered by their index, in the order they were written (the order of the
        stored record's units), without decoding a record or an evidence."""
        wanted = list(dict.fromkeys(doc_ids))
        found: dict[str, list[MeasureOutline]] = {}
        db = self._db()
        for i in range(0, len(wanted), SUMMARY_BATCH):
            rows = db.execute(
                """SELECT m.doc_id, m.measure_id, m.text, m.status,
                          (SELECT json_group_array(json_array(name, role)) FROM
                             (SELECT name, role FROM units u WHERE u.measure_id = m.id ORDER BY u.rowid))
                   FROM measures m WHERE m.doc_id IN (SELECT value FROM json_each(?))
                   ORDER BY m.doc_id, m.ord""",
                (json.dumps(wanted[i : i + SUMMARY_BATCH]),),
            )
            for doc_id, mid, text, status, units in rows:
                named = tuple(Unit(name, role) for name, role in json.loads(units))
                found.setdefault(doc_id, []).append(
                    MeasureOutline(mid, text, named, cast("Status | None", status))
                )
        return {doc_id: tuple(found[doc_id]) for doc_id in wanted if doc_id in found}

    def known_hashes(self, sources: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(sources))
        found: dict[str, str] = {}
        db = self._db()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for source, source_hash in db.execute(
                f"SELECT source, source_hash FROM sources WHERE source IN ({marks})", chunk
            ):
                found[source] = source_hash
        return found

    def runs(self, limit: int = 20) -> list[RunReport]:
        rows = self._db().execute(
            "SELECT record FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?", (limit,)
        )
        return [read_run(json.loads(record), self.url) for (record,) in rows]

    def iter_documents(self) -> Iterator[StoredDocument]:
        ids = [doc_id for (doc_id,) in self._db().execute("SELECT doc_id FROM documents ORDER BY id")]
        for doc_id in ids:
            record = self.get(doc_id)
            if record is not None:
                yield record

    def saved_documents(self, generation: str) -> Iterator[StoredDocument]:
        """One query finds the documents from the measures' saved evidence (`json_extract` of its
        mark, on the rows that hold one), in `iter_documents`' order; only those are read whole,
        one at a time by `get`: read in batches of 500, the raw records of a batch outlived the
        collector's young generations and cost a quarter more CPU than they saved in queries."""
        ids = [
            doc_id
            for (doc_id,) in self._db().execute(
                """SELECT doc_id FROM documents WHERE doc_id IN (
                       SELECT doc_id FROM measures WHERE status_evidence IS NOT NULL
                       AND json_extract(status_evidence, '$.generation') = ?)
                   ORDER BY id""",
                (generation,),
            )
        ]
        for doc_id in ids:
            record = self.get(doc_id)
            if record is not None:
                yield record

    def iter_measures(self, filters: Filters | None = None) -> Iterator[StoredMeasure]:
        filters = filters or Filters()
        names = unit_names(self._db(), filters.unit) if filters.unit is not None else None
        where, params = measure_conditions(filters, names)
        cursor = self._db().execute(
            f"""SELECT {MEASURE_COLUMNS}, m.status_evidence, d.record FROM measures m
                JOIN documents d ON d.doc_id = m.doc_id
                WHERE {" AND ".join(where) or "1"} ORDER BY m.id""",
            params,
        )
        while rows := cursor.fetchmany(500):
            for (
                mid,
                doc_id,
                text,
                _page,
                status,
                stored,
                source,
                _title,
                _kind,
                at,
                evidence,
                doc_record,
            ) in rows:
                found = {
                    **json.loads(stored),
                    "text": text,
                    "measure_id": mid,
                    "doc_id": doc_id,
                    "source": source,
                    "status": status,
                    "status_evidence": json.loads(evidence) if evidence else None,
                    "doc": json.loads(doc_record).get("doc", {}),
                    "ingested_at": at,
                }
                yield read_measure(found, self.url)

    def stats(self) -> IndexStats:
        db = self._db()

        def pairs(sql: str) -> dict[str, int]:
            return {str(key): int(n) for key, n in db.execute(sql)}

        return IndexStats(
            documents=self.count("documents"),
            measures=self.count("measures"),
            runs=int(db.execute("SELECT count(*) FROM runs").fetchone()[0]),
            by_kind=pairs("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY 2 DESC, 1"),
            by_status=pairs(
                f"SELECT coalesce({EFFECTIVE}, '{UNSET}'), count(*) FROM measures GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            by_unit=pairs(
                f"""SELECT name, count(DISTINCT measure_id) FROM units GROUP BY name
                    ORDER BY 2 DESC, 1 LIMIT {TOP_UNITS}"""
            ),
            by_deadline_month=pairs(
                "SELECT substr(due, 1, 7), count(*) FROM deadlines WHERE due IS NOT NULL GROUP BY 1 ORDER BY 1"
            ),
        )

    def has_statuses(self) -> bool:
        """Some measure holds a status (computed or corrected), answered from the end of the
        `measures_effective` index (NULLs sort first, so its largest entry is NULL only when every
        one is): `stats()` answers too, but reads every measure and unit, which filled a fresh
        connection's 64 MB page cache at the end of every ingest (the ingest parent's peak)."""
        return self._db().execute(f"SELECT max({EFFECTIVE}) FROM measures").fetchone()[0] is not None

    def generation(self) -> str:
        """Counts and newest row ids of documents and sources, and the last source update: an
        added, replaced, deleted, renamed or re-linked document changes one of them (a new
        version gets a new row id). Statuses and corrections do not: a cross-check does not read
        them. Two index lookups and two small counts, from any connection or process."""
        db = self._db()
        documents = db.execute("SELECT count(*), max(id) FROM documents").fetchone()
        sources = db.execute("SELECT count(*), max(rowid), max(updated_at) FROM sources").fetchone()
        return ":".join(str(v) for v in (*documents, *sources))

    # -- staff corrections -------------------------------------------------------------------

    def _corrected(self, db: sqlite3.Connection) -> bool:
        """Whether the corrections table exists (once it does, it stays)."""
        self._has_corrections = self._has_corrections or fixes.exists(db)
        return self._has_corrections

    def add_correction(self, correction: Correction | Mapping[str, Any]) -> Correction:
        if isinstance(correction, Correction):
            correction = correction.to_json()
        db = self._db()
        with transaction(db, self.url):
            db.execute(fixes.TABLE)
            db.execute(fixes.KEY_INDEX)
            stored = fixes.add(db, dict(correction))
        self._has_corrections = True
        return read_record(Correction, stored, self.url)

    def corrections(self, include_undone: bool = False) -> list[Correction]:
        db = self._db()
        listed = fixes.listed(db, include_undone) if self._corrected(db) else []
        return [read_record(Correction, c, self.url) for c in listed]

    def undo_correction(self, correction_id: str, by: str) -> Correction | None:
        db = self._db()
        if not self._corrected(db) or not str(correction_id).isdigit():
            return None
        with transaction(db, self.url):
            undone = fixes.undo(db, int(correction_id), by)
        return None if undone is None else read_record(Correction, undone, self.url)
