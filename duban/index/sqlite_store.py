"""The SQLite backend: one file, FTS5 over pre-segmented tokens, BM25 ranking, no server.

WAL mode lets one writer and many readers work at once; every document is written in one
transaction, so a killed ingest leaves each document either fully there or not at all.
`PRAGMA user_version` records the schema version; `MIGRATIONS[i]` takes a file from i to i+1.
The full-text tables are contentless (the tokens are not stored twice); each document keeps its
tokens compressed, which is what removing its rows from the full-text index needs.

How a measure search stays fast on a million measures (trade-offs as in Elasticsearch):

* Totals are counted exactly up to `TOTAL_CAP` (10,000, Elasticsearch's `track_total_hits`
  default); `SearchResult` has no "lower bound" flag, so read `total == TOTAL_CAP` as "10,000 or
  more". The measures listed are cut at the same cap.
* Each side of a query (its text, and the unit, status, deadline and document-id filters) is read
  from its own index, newest first, at most `TOTAL_CAP + 1` ids deep: FTS5 in rowid order, a unit
  filter as the few matching names from `unit_names` and then one (name, role, measure_id) index
  range per name and role, merged by SQLite (`MERGE (UNION)`); status and deadlines from their
  indexes. Once one side was read to its end, a filter side after it is read only half as deep
  as that side has ids (if that is all of it) or else checked on those ids, a covering-index
  lookup each (cheaper than reading a common filter 10,001 deep and checking the rest anyway).
  If some side was read to its end, the smallest such side drives and the other sides are
  checked on its ids (from their sets, or for older ids by reading that side's index over their
  range or by looking each id up in a covering index, whichever reads less): the answer is
  exact. If every side has more, the answer is exact for the measures newer than the point where
  all sides were still complete, read further back (`DEEPER_READS` times) until the page is
  full: a common word with a common filter lists its newest matches, and its total is then a
  lower bound. Document filters (kind, issuer, dates, number) are checked on the candidates.
* Ranking is BM25 computed here from the measures' texts over the newest `RANK_WINDOW` (500)
  candidates; older candidates follow, newest first. FTS5's own bm25() first counts every
  match of each phrase in the index, which made a common term cost as much as its number of
  matches. Sorting a text query by deadline sorts the same window; a filter-only query sorted by
  deadline is sorted over all its candidates (by SQLite, which keeps only the first page).
* When a filter drives and the text is checked on older ids, it is checked on the measure's
  folded text (the term's run as a substring, or all of its words), the test the index makes.
* Document searches rank, with FTS5's bm25, the newest `RANK_WINDOW` matches, and count to the cap.
* `bulk_load()` builds a large index fast: no fsync and no FTS merging until one `optimize` at
  the end.
"""

from __future__ import annotations

import json
import math
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any

from duban.base.errors import DubanError, E
from duban.base.script import _t2s_table
from duban.index.analysis import (
    Analyzer,
    DocumentTokens,
    IndexedText,
    Query,
    Term,
    _fold_table,
    bigrams,
    fold,
)
from duban.index.filters import UNSET, Filters, Target
from duban.index.highlight import BRACKETS, Marks
from duban.index.records import DocInput, DocumentRow, check_status, prepare, tokens_for
from duban.index.store import (
    FACET_CAP,
    FACET_UNITS,
    TOP_UNITS,
    CountKind,
    Hit,
    SearchResult,
    Sort,
    WriteResult,
    bad_record,
    check_page,
    document_hit,
    measure_hit,
    with_fallback,
)

_FTS = "content = '', tokenize = 'unicode61 remove_diacritics 0'"

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            title TEXT, kind TEXT NOT NULL, doc_number TEXT, issuer TEXT, date TEXT,
            text TEXT NOT NULL,
            record TEXT NOT NULL,
            measure_count INTEGER NOT NULL,
            first_due TEXT,
            tokens BLOB NOT NULL,
            ingested_at TEXT NOT NULL)""",
        """CREATE TABLE sources (
            source TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            source_hash TEXT NOT NULL,
            updated_at TEXT NOT NULL)""",
        "CREATE INDEX sources_doc ON sources(doc_id)",
        """CREATE TABLE measures (
            id INTEGER PRIMARY KEY,
            measure_id TEXT NOT NULL UNIQUE,
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            text TEXT NOT NULL,
            page INTEGER,
            record TEXT NOT NULL,
            first_due TEXT,
            status TEXT, status_evidence TEXT, status_at TEXT)""",
        "CREATE INDEX measures_doc ON measures(doc_id, ord)",
        "CREATE INDEX measures_due ON measures(first_due)",
        "CREATE INDEX measures_status ON measures(status)",
        """CREATE TABLE units (
            measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
            name TEXT NOT NULL, role TEXT NOT NULL)""",
        "CREATE INDEX units_measure ON units(measure_id)",
        "CREATE INDEX units_name ON units(name, role)",
        "CREATE TABLE unit_names (name TEXT PRIMARY KEY) WITHOUT ROWID",
        """CREATE TABLE deadlines (
            measure_id INTEGER NOT NULL REFERENCES measures(id) ON DELETE CASCADE,
            text TEXT NOT NULL, kind TEXT NOT NULL, due TEXT, period TEXT)""",
        "CREATE INDEX deadlines_measure ON deadlines(measure_id)",
        "CREATE INDEX deadlines_due ON deadlines(due)",
        """CREATE TABLE relays (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            ord INTEGER NOT NULL, title TEXT, doc_number TEXT, text TEXT NOT NULL, page INTEGER)""",
        "CREATE INDEX relays_doc ON relays(doc_id)",
        "CREATE INDEX relays_number ON relays(doc_number)",
        """CREATE TABLE progress (
            doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
            ord INTEGER NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL, page INTEGER)""",
        "CREATE INDEX progress_doc ON progress(doc_id)",
        "CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, record TEXT NOT NULL)",
        f"CREATE VIRTUAL TABLE measures_fts USING fts5(words, grams, {_FTS})",
        f"CREATE VIRTUAL TABLE documents_fts USING fts5(words, grams, {_FTS})",
    ],
    [
        # covering indexes: a unit filter reads (name, role) → measure ids, a probe measure → units
        "DROP INDEX units_name",
        "CREATE INDEX units_name ON units(name, role, measure_id)",
        "DROP INDEX units_measure",
        "CREATE INDEX units_measure ON units(measure_id, name, role)",
        "DROP INDEX deadlines_due",
        "CREATE INDEX deadlines_due ON deadlines(due, kind, measure_id)",
        "CREATE INDEX deadlines_kind ON deadlines(kind, measure_id)",
        "DROP INDEX deadlines_measure",
        "CREATE INDEX deadlines_measure ON deadlines(measure_id, due, kind)",
        "CREATE INDEX documents_kind ON documents(kind)",
        "CREATE INDEX documents_date ON documents(date)",
    ],
    ["CREATE INDEX units_role ON units(role, measure_id)"],
]
SCHEMA_VERSION = len(MIGRATIONS)
BATCH_DOCS = 200
CACHE_KB = 65_536  # page cache per connection: the hot FTS and index pages of a 1M-measure index
_FTS_TABLES = ("measures_fts", "documents_fts")
TOTAL_CAP = 10_000  # hits are counted exactly up to this many (Elasticsearch's default too)
RANK_WINDOW = 500  # a query with more candidates is ranked among its newest this many
PROBE_IDS = 10_000  # a side read to its end with at most this many ids: other filters are probed on them
DEEPER_READS = 3  # times a query whose sides are all common reads further back to fill its page
_MEASURE_COLUMNS = "m.measure_id, m.doc_id, m.text, m.page, m.status, m.record, d.source, d.title, d.kind"


class SQLiteStore:
    """A `Store` in one SQLite file; the connection opens (and migrates) on first use."""

    def __init__(self, path: Path, url: str | None = None, analyzer: Analyzer | None = None) -> None:
        self.path = path
        self.url = url or f"sqlite:///{path}"
        self._analyzer = analyzer or Analyzer()
        self._conn: sqlite3.Connection | None = None
        self._has_corrections = False

    # -- connection and schema -------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                # timeout is SQLite's busy_timeout: wait up to 30 s for another writer's lock
                conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
            except sqlite3.DatabaseError as exc:
                raise DubanError(E.INDEX_UNREACHABLE, url=self.url, detail=str(exc)) from exc
            try:
                self._migrate(conn)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if self._version(conn) == SCHEMA_VERSION:
            return
        with _transaction(conn, self.url):
            version = self._version(conn)
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _version(self, conn: sqlite3.Connection) -> int:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise DubanError(E.INDEX_SCHEMA, url=self.url, detail=str(version))
        return version

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            self._has_corrections = False

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
        for table in _FTS_TABLES:
            db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        try:
            yield self
        finally:
            for table in _FTS_TABLES:
                db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 4)")
            db.execute("PRAGMA synchronous = NORMAL")
        self.optimize()

    def optimize(self) -> None:
        """Merge each full-text index into one segment (fastest to query) and run `PRAGMA optimize`."""
        db = self._db()
        with _transaction(db, self.url):
            for table in _FTS_TABLES:
                db.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
        db.execute("PRAGMA optimize")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- writing -----------------------------------------------------------------------------

    def write(self, doc: DocInput, source_hash: str) -> WriteResult:
        return self.write_many([(doc, source_hash)])[0]

    def write_many(self, items: Iterable[tuple[DocInput, str]]) -> list[WriteResult]:
        results: list[WriteResult] = []
        batch: list[tuple[DocumentRow, DocumentTokens | None]] = []
        for doc, source_hash in items:
            with bad_record(self.url):
                row = prepare(doc, source_hash)
                batch.append((row, None if self._has_document(row.doc_id) else self._tokens(row)))
            if len(batch) >= BATCH_DOCS:
                results.extend(self._write_batch(batch))
                batch = []
        if batch:
            results.extend(self._write_batch(batch))
        return results

    def _write_batch(self, batch: Sequence[tuple[DocumentRow, DocumentTokens | None]]) -> list[WriteResult]:
        """One transaction: every document of the batch is written, or none is."""
        db = self._db()
        with (
            _transaction(db, self.url),
            bad_record(self.url, sqlite3.InterfaceError, sqlite3.ProgrammingError),
        ):
            return [self._write_row(db, row, tokens) for row, tokens in batch]

    def _has_document(self, doc_id: str) -> bool:
        return (
            self._db().execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None
        )

    def _tokens(self, row: DocumentRow) -> DocumentTokens:
        """Segment outside the write transaction, so the lock is held only for the inserts."""
        return tokens_for(row, self._analyzer)

    def _write_row(
        self, db: sqlite3.Connection, row: DocumentRow, tokens: DocumentTokens | None
    ) -> WriteResult:
        old = db.execute("SELECT doc_id, source_hash FROM sources WHERE source = ?", (row.source,)).fetchone()
        found = db.execute("SELECT measure_count FROM documents WHERE doc_id = ?", (row.doc_id,)).fetchone()
        now = _now()
        if found is not None and old is not None and old[0] == row.doc_id:
            if old[1] != row.source_hash:
                db.execute(
                    "UPDATE sources SET source_hash = ?, updated_at = ? WHERE source = ?",
                    (row.source_hash, now, row.source),
                )
            return WriteResult(row.doc_id, "unchanged", int(found[0]))
        if found is None:
            self._insert(db, row, tokens or self._tokens(row), now)
        db.execute(
            """INSERT INTO sources (source, doc_id, source_hash, updated_at) VALUES (?, ?, ?, ?)
               ON CONFLICT (source) DO UPDATE SET
                 doc_id = excluded.doc_id, source_hash = excluded.source_hash, updated_at = excluded.updated_at""",
            (row.source, row.doc_id, row.source_hash, now),
        )
        removed: tuple[str, ...] = ()
        if old is not None and old[0] != row.doc_id:
            if db.execute("SELECT 1 FROM sources WHERE doc_id = ? LIMIT 1", (old[0],)).fetchone() is None:
                self._delete(db, old[0])
                removed = (old[0],)
            return WriteResult(row.doc_id, "replaced", len(row.measures), removed)
        return WriteResult(row.doc_id, "linked" if found is not None else "added", len(row.measures))

    def _insert(self, db: sqlite3.Connection, row: DocumentRow, tokens: DocumentTokens, now: str) -> None:
        cursor = db.execute(
            """INSERT INTO documents (doc_id, source, title, kind, doc_number, issuer, date, text, record,
                                      measure_count, first_due, tokens, ingested_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                row.doc_id,
                row.source,
                row.title,
                row.kind,
                row.doc_number,
                row.issuer,
                row.date,
                row.text,
                _dumps(row.record),
                len(row.measures),
                row.first_due,
                zlib.compress(json.dumps(tokens.to_json(), ensure_ascii=False).encode("utf-8")),
                now,
            ),
        )
        db.execute(
            "INSERT INTO documents_fts (rowid, words, grams) VALUES (?, ?, ?)",
            (cursor.lastrowid, tokens.document.words, tokens.document.grams),
        )
        self._insert_measures(db, row, tokens.measures)
        db.executemany(
            "INSERT INTO relays (doc_id, ord, title, doc_number, text, page) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (row.doc_id, i, r.get("title"), r.get("doc_number"), r.get("text", ""), r.get("page"))
                for i, r in enumerate(row.relays)
            ],
        )
        db.executemany(
            "INSERT INTO progress (doc_id, ord, text, status, page) VALUES (?, ?, ?, ?, ?)",
            [
                (row.doc_id, i, p.get("text", ""), p.get("status", ""), p.get("page"))
                for i, p in enumerate(row.progress)
            ],
        )

    def _insert_measures(
        self, db: sqlite3.Connection, row: DocumentRow, indexed: Sequence[IndexedText]
    ) -> None:
        """All the measures of a document with one `executemany` per table: the ids are given
        (after the largest so far, as SQLite would choose them), so no row waits for `lastrowid`."""
        first = int(db.execute("SELECT coalesce(max(id), 0) FROM measures").fetchone()[0]) + 1
        ids = range(first, first + len(row.measures))
        db.executemany(
            """INSERT INTO measures (id, measure_id, doc_id, ord, text, page, record, first_due)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    rowid,
                    m.measure_id,
                    row.doc_id,
                    m.ordinal,
                    m.text,
                    m.page,
                    _dumps({k: v for k, v in m.record.items() if k != "text"}),
                    m.first_due,
                )
                for rowid, m in zip(ids, row.measures, strict=True)
            ],
        )
        db.executemany(
            "INSERT INTO measures_fts (rowid, words, grams) VALUES (?, ?, ?)",
            [(rowid, t.words, t.grams) for rowid, t in zip(ids, indexed, strict=True)],
        )
        db.executemany(
            "INSERT INTO units (measure_id, name, role) VALUES (?, ?, ?)",
            [
                (rowid, name, role)
                for rowid, m in zip(ids, row.measures, strict=True)
                for name, role in m.units
            ],
        )
        db.executemany(
            "INSERT OR IGNORE INTO unit_names (name) VALUES (?)",
            [(name,) for name in dict.fromkeys(name for m in row.measures for name, _ in m.units)],
        )
        db.executemany(
            "INSERT INTO deadlines (measure_id, text, kind, due, period) VALUES (?, ?, ?, ?, ?)",
            [
                (rowid, d.text, d.kind, d.due, d.period)
                for rowid, m in zip(ids, row.measures, strict=True)
                for d in m.deadlines
            ],
        )

    def delete(self, doc_id: str) -> bool:
        db = self._db()
        with _transaction(db, self.url):
            return self._delete(db, doc_id)

    def _delete(self, db: sqlite3.Connection, doc_id: str) -> bool:
        found = db.execute("SELECT id, tokens FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if found is None:
            return False
        tokens = DocumentTokens.from_json(json.loads(zlib.decompress(found[1])))
        _forget(db, "documents_fts", found[0], tokens.document)
        for rowid, ordinal in db.execute(
            "SELECT id, ord FROM measures WHERE doc_id = ?", (doc_id,)
        ).fetchall():
            _forget(db, "measures_fts", rowid, tokens.measures[ordinal])
        db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
        return True

    def update_status(self, measure_id: str, status: str, evidence: Any = None) -> None:
        check_status(status)
        db = self._db()
        with _transaction(db, self.url):
            cursor = db.execute(
                "UPDATE measures SET status = ?, status_evidence = ?, status_at = ? WHERE measure_id = ?",
                (status, _dumps(evidence), _now(), measure_id),
            )
            if cursor.rowcount == 0:
                raise DubanError(E.NOT_FOUND, what="measure", key=measure_id)

    def record_run(self, run: dict[str, Any]) -> None:
        db = self._db()
        with _transaction(db, self.url):
            db.execute(
                """INSERT INTO runs (run_id, started_at, record) VALUES (?, ?, ?)
                   ON CONFLICT (run_id) DO UPDATE SET record = excluded.record""",
                (str(run["run_id"]), str(run.get("started_at") or _now()), _dumps(run)),
            )

    # -- reading -----------------------------------------------------------------------------

    def count(self, kind: CountKind = "documents") -> int:
        if kind not in ("documents", "measures"):
            raise ValueError(f"count kind must be 'documents' or 'measures', not '{kind}'")
        return int(self._db().execute(f"SELECT count(*) FROM {kind}").fetchone()[0])

    def get(self, doc_id: str) -> dict[str, Any] | None:
        db = self._db()
        found = db.execute("SELECT record, text FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if found is None:
            return None
        record: dict[str, Any] = json.loads(found[0])
        record["text"] = found[1]
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
        return record

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

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self._db().execute(
            "SELECT record FROM runs ORDER BY started_at DESC, rowid DESC LIMIT ?", (limit,)
        )
        return [json.loads(record) for (record,) in rows]

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        ids = [doc_id for (doc_id,) in self._db().execute("SELECT doc_id FROM documents ORDER BY id")]
        for doc_id in ids:
            record = self.get(doc_id)
            if record is not None:
                yield record

    def iter_measures(self, filters: Filters | None = None) -> Iterator[dict[str, Any]]:
        where, params = _measure_conditions(filters or Filters())
        cursor = self._db().execute(
            f"""SELECT {_MEASURE_COLUMNS}, m.status_evidence, d.record FROM measures m
                JOIN documents d ON d.doc_id = m.doc_id
                WHERE {" AND ".join(where) or "1"} ORDER BY m.id""",
            params,
        )
        while rows := cursor.fetchmany(500):
            for mid, doc_id, text, _page, status, stored, source, _title, _kind, evidence, doc_record in rows:
                yield {
                    **json.loads(stored),
                    "text": text,
                    "measure_id": mid,
                    "doc_id": doc_id,
                    "source": source,
                    "status": status,
                    "status_evidence": json.loads(evidence) if evidence else None,
                    "doc": json.loads(doc_record).get("doc", {}),
                }

    def stats(self) -> dict[str, Any]:
        db = self._db()

        def pairs(sql: str) -> dict[str, int]:
            return {str(key): int(n) for key, n in db.execute(sql)}

        return {
            "documents": self.count("documents"),
            "measures": self.count("measures"),
            "runs": int(db.execute("SELECT count(*) FROM runs").fetchone()[0]),
            "by_kind": pairs("SELECT kind, count(*) FROM documents GROUP BY kind ORDER BY 2 DESC, 1"),
            "by_status": pairs(
                f"SELECT coalesce(status, '{UNSET}'), count(*) FROM measures GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            "by_unit": pairs(
                f"""SELECT name, count(DISTINCT measure_id) FROM units GROUP BY name
                    ORDER BY 2 DESC, 1 LIMIT {TOP_UNITS}"""
            ),
            "by_deadline_month": pairs(
                "SELECT substr(due, 1, 7), count(*) FROM deadlines WHERE due IS NOT NULL GROUP BY 1 ORDER BY 1"
            ),
        }

    def facets(self, query: str, filters: Filters | None = None) -> dict[str, dict[str, int]]:
        db = self._db()
        parsed = self._analyzer.parse_query(query)
        combined = (filters or Filters()).merge(parsed.filters)
        ids = [] if parsed.matches_nothing else self._facet_ids(db, parsed, combined)
        relaxed = parsed.relaxed() if not ids and not parsed.matches_nothing else None
        if relaxed is not None:
            ids = self._facet_ids(db, relaxed, combined)
        listed = ",".join(map(str, map(int, ids[:FACET_CAP])))  # integers only, so inlined
        if not listed:
            return {"by_unit": {}, "by_status": {}, "by_kind": {}, "by_deadline_month": {}}

        def pairs(sql: str) -> dict[str, int]:
            return {str(key): int(n) for key, n in db.execute(sql.format(ids=listed))}

        return {
            "by_unit": pairs(
                f"""SELECT name, count(DISTINCT measure_id) FROM units WHERE measure_id IN ({{ids}})
                    GROUP BY name ORDER BY 2 DESC, 1 LIMIT {FACET_UNITS}"""
            ),
            "by_status": pairs(
                f"""SELECT coalesce(status, '{UNSET}'), count(*) FROM measures WHERE id IN ({{ids}})
                    GROUP BY 1 ORDER BY 2 DESC, 1"""
            ),
            "by_kind": pairs(
                """SELECT d.kind, count(*) FROM measures m JOIN documents d ON d.doc_id = m.doc_id
                   WHERE m.id IN ({ids}) GROUP BY 1 ORDER BY 2 DESC, 1"""
            ),
            "by_deadline_month": pairs(
                """SELECT substr(due, 1, 7), count(DISTINCT measure_id) FROM deadlines
                   WHERE measure_id IN ({ids}) AND due IS NOT NULL GROUP BY 1 ORDER BY 1"""
            ),
        }

    def _facet_ids(self, db: sqlite3.Connection, query: Query, filters: Filters) -> list[int]:
        """Every matching measure id up to the cap: the candidates a search pages through."""
        names = self._unit_names(filters.unit) if filters.unit is not None else None
        if names is not None and not names:
            return []
        found, _, _ = self._candidates(db, query, fts_expression(query), filters, names, FACET_CAP)
        return found

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

    def _corrections_db(self, create: bool) -> sqlite3.Connection | None:
        """The connection, once the corrections table exists. It is made by the first correction,
        outside the numbered migrations: it is independent of the documents, so re-ingest and
        schema changes of the rest leave it alone, and an index nobody corrected stays read-only
        for readers (a server on a read-only copy can still list no corrections)."""
        db = self._db()
        if not self._has_corrections:
            found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'")
            self._has_corrections = found.fetchone() is not None
        if not self._has_corrections and create:
            with _transaction(db, self.url):
                db.execute(
                    """CREATE TABLE IF NOT EXISTS corrections (
                        id INTEGER PRIMARY KEY, key TEXT NOT NULL, record TEXT NOT NULL,
                        created_at TEXT NOT NULL, undone_at TEXT, undone_by TEXT)"""
                )
                db.execute("CREATE INDEX IF NOT EXISTS corrections_key ON corrections(key)")
            self._has_corrections = True
        return db if self._has_corrections else None

    def add_correction(self, correction: dict[str, Any]) -> dict[str, Any]:
        db = self._corrections_db(create=True)
        assert db is not None
        stored = {**correction, "at": _now(), "undone_at": None, "undone_by": None}
        stored.pop("id", None)
        with _transaction(db, self.url):
            cursor = db.execute(
                "INSERT INTO corrections (key, record, created_at) VALUES (?, ?, ?)",
                (str(correction["key"]), _dumps(stored), stored["at"]),
            )
        return {**stored, "id": str(cursor.lastrowid)}

    def corrections(self, include_undone: bool = False) -> list[dict[str, Any]]:
        db = self._corrections_db(create=False)
        if db is None:
            return []
        where = "" if include_undone else " WHERE undone_at IS NULL"
        return [
            {**json.loads(record), "id": str(rowid), "undone_at": undone_at, "undone_by": undone_by}
            for rowid, record, undone_at, undone_by in db.execute(
                f"SELECT id, record, undone_at, undone_by FROM corrections{where} ORDER BY id"
            )
        ]

    def undo_correction(self, correction_id: str, by: str) -> dict[str, Any] | None:
        db = self._corrections_db(create=False)
        if db is None or not str(correction_id).isdigit():
            return None
        now = _now()
        with _transaction(db, self.url):
            cursor = db.execute(
                "UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL",
                (now, by, int(correction_id)),
            )
            if cursor.rowcount == 0:
                return None
            (record,) = db.execute(
                "SELECT record FROM corrections WHERE id = ?", (int(correction_id),)
            ).fetchone()
        return {**json.loads(record), "id": str(correction_id), "undone_at": now, "undone_by": by}

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
        started = time.perf_counter()
        check_page(target, limit, offset, sort)
        parsed = self._analyzer.parse_query(query)
        combined = (filters or Filters()).merge(parsed.filters)
        run = self._search_measures if target == "measures" else self._search_documents
        hits, total = with_fallback(
            lambda q, first, size: run(q, combined, size, first, sort, marks), parsed, limit, offset, sort
        )
        took = (time.perf_counter() - started) * 1000
        return SearchResult(hits, total, parsed, target, took, combined)

    def _search_measures(
        self, query: Query, filters: Filters, limit: int, offset: int, sort: Sort, marks: Marks
    ) -> tuple[list[Hit], int]:
        db = self._db()
        match = fts_expression(query)
        names = self._unit_names(filters.unit) if filters.unit is not None else None
        if names is not None and not names:
            return [], 0
        need = offset + limit
        candidates, texts, settled = self._candidates(db, query, match, filters, names, need)
        candidates = candidates[:TOTAL_CAP]
        total = len(candidates)
        # a text query ranks (or sorts by deadline) its newest RANK_WINDOW candidates of the
        # first read and lists any older ones after them, newest first (so does a filter-only
        # query sorted by deadline): every page comes from the same order
        window = candidates[: min(RANK_WINDOW if match is not None else TOTAL_CAP, settled)]
        scores: dict[int, float] = {}
        if match is not None:
            missing = [rowid for rowid in window if rowid not in texts]
            texts.update(_rows(db, "SELECT id, text FROM measures", missing))
            scores = _scores(query, [(rowid, texts[rowid]) for rowid in window])
            window = sorted(window, key=lambda rowid: (-scores[rowid], -rowid))
        if sort == "deadline" and match is None and need < len(window):
            # no scores to break ties: SQLite sorts the candidates and keeps the first `need`
            order = f"ORDER BY first_due IS NULL, first_due, id DESC LIMIT {int(need)}"
            page = [rowid for (rowid,) in _rows(db, "SELECT id FROM measures", window, tail=order)][offset:]
        else:
            if sort == "deadline":
                due = dict(_rows(db, "SELECT id, first_due FROM measures", window))
                window = sorted(
                    window,
                    key=lambda rowid: (due[rowid] is None, due[rowid] or "", -scores.get(rowid, 0.0), -rowid),
                )
            page = (window + candidates[len(window) :])[offset:need]
        found = {row[0]: row[1:] for row in _rows(db, _PAGE, page)}
        beyond = [(rowid, found[rowid][2]) for rowid in page if rowid not in scores]
        if match is not None and beyond:
            scores.update(_scores(query, beyond))
        terms = query.highlight_terms()
        hits_found = []
        for rowid in page:
            mid, doc_id, text, page_no, status, stored, src, title, kind = found[rowid]
            hits_found.append(
                measure_hit(
                    json.loads(stored),
                    text,
                    scores.get(rowid, 0.0),
                    terms,
                    marks,
                    source=src,
                    doc_id=doc_id,
                    page=page_no,
                    status=status,
                    measure_id=mid,
                    title=title,
                    kind=kind,
                )
            )
        return hits_found, total

    def _unit_names(self, unit: str) -> list[str]:
        """The distinct unit names that contain `unit` (a small table: every name once)."""
        return [
            name
            for (name,) in self._db().execute(
                "SELECT name FROM unit_names WHERE instr(lower(name), lower(?)) > 0", (unit,)
            )
        ]

    def _candidates(
        self,
        db: sqlite3.Connection,
        query: Query,
        match: str | None,
        filters: Filters,
        names: list[str] | None,
        need: int,
    ) -> tuple[list[int], dict[int, str], int]:
        """The ids of the matching measures, newest first (see the module docstring), the texts
        it read on the way, and how many of the ids the first read settled (the ranking window
        never reaches past those, so every page of a query sees the same order)."""
        readers: list[tuple[str, Callable[[_Bound, int], tuple[list[int], bool]]]] = []
        if match is not None:
            readers.append(("text", lambda before, depth: _ids(db, _TEXT_IDS, [match], before, depth)))
        if filters.doc_id is not None:
            readers.append(("doc", lambda before, depth: _ids(db, _DOC_IDS, [filters.doc_id], before, depth)))
        if filters.status is not None:
            unset = filters.status == UNSET
            condition = "status IS NULL" if unset else "status = ?"
            values = [] if unset else [filters.status]
            readers.append(
                (
                    "status",
                    lambda before, depth: _ids(db, _STATUS_IDS, values, before, depth, condition=condition),
                )
            )
        if names is not None or filters.role is not None:
            readers.append(
                ("unit", lambda before, depth: self._unit_ids(db, names, filters.role, before, depth))
            )
        if filters.deadline_after or filters.deadline_before or filters.deadline_kind:
            readers.append(("deadline", lambda before, depth: _deadline_ids(db, filters, before, depth)))
        if not readers:
            readers.append(("all", lambda before, depth: _ids(db, _ALL_IDS, [], before, depth)))
        found: list[int] = []
        texts: dict[int, str] = {}
        first = 0
        before: int | None = None
        for _ in range(DEEPER_READS + 1):
            sides = self._read_sides(db, filters, names, readers, before)
            part, part_texts, boundary = self._resolve(db, query, filters, names, sides, dict(readers))
            if match is None and query.excluded:  # `-word` alone: FTS5 cannot negate on its own
                rows = dict(_rows(db, "SELECT id, text FROM measures", part))
                part = [rowid for rowid in part if _matches(query, rows[rowid])]
            found += part
            texts.update(part_texts)
            first = first or len(found)
            if boundary is None or len(found) >= need:
                break
            before = boundary
        return found, texts, first or len(found)

    def _read_sides(
        self,
        db: sqlite3.Connection,
        filters: Filters,
        names: list[str] | None,
        readers: list[tuple[str, Callable[[_Bound, int], tuple[list[int], bool]]]],
        before: _Bound,
    ) -> list[_Side]:
        """Each side's newest ids; once some side was read to its end with at most `PROBE_IDS`
        ids, a filter side is not read but checked on those ids (a covering-index lookup each),
        which gives its ids among them: all that the intersection needs."""
        sides: list[_Side] = []
        for name, read in readers:
            small = [side for side in sides if side.complete and len(side.ids) <= PROBE_IDS]
            if small and name not in ("text", "all"):
                driver = min(small, key=lambda side: len(side.ids))
                # a side with fewer ids than the driver is read whole more cheaply than probed
                ids, complete = read(before, len(driver.ids) // 2) if len(driver.ids) >= 64 else ([], False)
                if not complete:
                    passed = {rowid for (rowid,) in self._check(db, name, driver.ids, filters, names)}
                    ids = [rowid for rowid in driver.ids if rowid in passed]
                sides.append(_Side(name, ids, True))
            else:
                sides.append(_Side(name, *read(before, TOTAL_CAP)))
        return sides

    def _resolve(
        self,
        db: sqlite3.Connection,
        query: Query,
        filters: Filters,
        names: list[str] | None,
        sides: list[_Side],
        readers: dict[str, Callable[[_Bound, int], tuple[list[int], bool]]],
    ) -> tuple[list[int], dict[int, str], int | None]:
        """The matches among what the sides read, their texts if read, and the id above which
        the answer is exact (None: all of it is)."""
        boundary: int | None = None
        complete = [side for side in sides if side.complete]
        if complete:
            driver = min(complete, key=lambda side: len(side.ids))
            candidates = driver.ids
        else:
            driver = sides[0]
            boundary = max(side.ids[-1] for side in sides)
            candidates = [rowid for rowid in driver.ids if rowid >= boundary]
        unchecked: list[_Side] = []
        texts: dict[int, str] = {}
        for side in sides:
            if side is driver or side.name == "all":
                continue
            known = set(side.ids)
            if side.complete:
                candidates = [rowid for rowid in candidates if rowid in known]
                continue
            oldest = side.ids[-1]
            candidates = [rowid for rowid in candidates if rowid in known or rowid < oldest]
            if candidates and candidates[-1] < oldest:
                unchecked.append(side)
        for side in sorted(unchecked, key=lambda side: side.name == "text"):  # the text last
            oldest = side.ids[-1]
            older = [rowid for rowid in candidates if rowid < oldest]
            if not older:
                continue
            # look each id up, or read the side's index over their range when that is less
            density = len(side.ids) / max(1, side.ids[0] - oldest + 1)
            if density * (oldest - older[-1]) < (16 if side.name == "text" else 8) * len(older):
                passed = set(readers[side.name]((older[-1], oldest), TOTAL_CAP)[0])
            elif side.name == "text":
                texts = dict(_rows(db, "SELECT id, text FROM measures", older))
                passed = {rowid for rowid, text in texts.items() if _matches(query, text)}
            else:
                passed = {rowid for (rowid,) in self._check(db, side.name, older, filters, names)}
            candidates = [rowid for rowid in candidates if rowid >= oldest or rowid in passed]
        where, params = _document_conditions(filters.document_part())
        if where:
            join = "SELECT m.id FROM measures m JOIN documents d ON d.doc_id = m.doc_id"
            passed = {rowid for (rowid,) in _rows(db, join, candidates, " AND ".join(where), params)}
            candidates = [rowid for rowid in candidates if rowid in passed]
        return candidates, texts, boundary

    def _check(
        self, db: sqlite3.Connection, side: str, ids: list[int], filters: Filters, names: list[str] | None
    ) -> list[Any]:
        """Those of `ids` (perhaps repeated) that satisfy one side's filter, read from that side's
        compact index keyed by measure id (not from the measures table)."""
        if side == "unit":
            where: list[str] = []
            params: list[Any] = []
            if names is not None:
                where.append(f"name IN ({', '.join('?' * len(names))})")
                params.extend(names)
            if filters.role is not None:
                where.append("role = ?")
                params.append(filters.role)
            # one or two (name, role) ranges of units_name: the ids are looked up in them, on pages
            # that stay cached, rather than all over units_measure
            index = (
                "units_name" if filters.role is not None and names is not None and len(names) <= 2 else None
            )
            select = f"SELECT measure_id FROM units{f' INDEXED BY {index}' if index else ''}"
            return _rows(db, select, ids, " AND ".join(where), params, "measure_id")
        if side == "deadline":
            due, params = _deadline_conditions(filters)
            return _rows(db, "SELECT measure_id FROM deadlines", ids, " AND ".join(due), params, "measure_id")
        if side == "status":
            if filters.status == UNSET:
                return _rows(db, "SELECT id FROM measures", ids, "status IS NULL")
            return _rows(db, "SELECT id FROM measures", ids, "status = ?", [filters.status])
        return _rows(db, "SELECT id FROM measures", ids, "doc_id = ?", [filters.doc_id])

    def _unit_ids(
        self,
        db: sqlite3.Connection,
        names: list[str] | None,
        role: str | None,
        before: _Bound,
        depth: int,
    ) -> tuple[list[int], bool]:
        """Newest ids of measures with one of these unit names (and role): one index range per
        (name, role), merged; with a role alone, the index on (role, measure_id)."""
        if names is None:
            return _ids(db, _ROLE_IDS, [role], before, depth)
        branches: list[tuple[str, str]] = []
        for name in names[:100]:
            branches += [(name, each) for each in ([role] if role is not None else _roles(db, name))]
        if len(names) > 100 or len(branches) > 200:  # SQLite takes at most 500 terms in a UNION
            marks = ", ".join("?" * len(names))
            params = [*names, *([] if role is None else [role])]
            return _ids(
                db,
                _UNIT_NAMES_IDS,
                params,
                before,
                depth,
                names=marks,
                role="" if role is None else " AND role = ?",
            )
        if not branches:
            return [], True
        # each branch reads its index range newest first; SQLite merges them (MERGE (UNION))
        union = " UNION ".join([_UNIT_BRANCH] * len(branches))
        return _ids(db, f"{union} ORDER BY 1 DESC", [v for branch in branches for v in branch], before, depth)

    def _search_documents(
        self, query: Query, filters: Filters, limit: int, offset: int, sort: Sort, marks: Marks
    ) -> tuple[list[Hit], int]:
        where, params = _document_conditions(filters.document_part())
        measure_where, measure_params = _measure_conditions(filters.measure_part())
        if measure_where:
            where.append(f"d.doc_id IN (SELECT m.doc_id FROM measures m WHERE {' AND '.join(measure_where)})")
            params.extend(measure_params)
        match = fts_expression(query)
        db = self._db()
        columns = "SELECT d.doc_id, d.source, d.title, d.kind, d.text, d.record, hit.score FROM"
        if match is not None and not where and sort == "relevance":
            page = _ranked_page("documents_fts", max(RANK_WINDOW, limit + offset))
            rows = db.execute(
                f"{columns} {page} JOIN documents d ON d.id = hit.id ORDER BY hit.score DESC, d.id LIMIT ? OFFSET ?",
                [match, limit, offset],
            ).fetchall()
            total = _count(db, "SELECT 1 FROM documents_fts WHERE documents_fts MATCH ?", [match])
        else:
            hits = _all_hits("documents_fts")
            source = (
                f"{hits} JOIN documents d ON d.id = hit.id"
                if match is not None
                else _NO_HITS + " documents d"
            )
            params = ([match] if match is not None else []) + params
            order = "hit.score DESC, d.id" if match is not None else "d.id"
            if sort == "deadline":
                order = f"d.first_due IS NULL, d.first_due, {order}"
            condition = " AND ".join(where) or "1"
            rows = db.execute(
                f"{columns} {source} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            total = _count(db, f"SELECT 1 FROM {source} WHERE {condition}", params)
        terms = query.highlight_terms()
        hits_found = [
            document_hit(doc_id, src, title, kind, text, json.loads(stored), float(value), terms, marks)
            for doc_id, src, title, kind, text, stored, value in rows
        ]
        return hits_found, total


@dataclass
class _Side:
    """One side of a query: the newest ids it selects, and whether that is all of them."""

    name: str
    ids: list[int]
    complete: bool


_PAGE = f"SELECT m.id, {_MEASURE_COLUMNS} FROM measures m JOIN documents d ON d.doc_id = m.doc_id"


def _rows(
    db: sqlite3.Connection,
    select: str,
    ids: Sequence[int],
    where: str = "",
    params: Sequence[Any] = (),
    column: str | None = None,
    tail: str = "",
) -> list[Any]:
    """`select` (from `measures`, perhaps aliased `m`, or keyed by `column`) for these ids, then
    `tail` (an ORDER BY … LIMIT)."""
    if not ids:
        return []
    column = column or ("m.id" if "measures m" in select else "id")
    listed = ",".join(map(str, map(int, ids)))  # integers only, so inlined: no JSON to parse
    sql = (
        f"{select} WHERE {column} IN ({listed}){' AND ' + where if where else ''}{' ' + tail if tail else ''}"
    )
    return db.execute(sql, params).fetchall()


# id lists newest first; `{below}` takes the "older than" bound of a deeper read
_TEXT_IDS = "SELECT rowid FROM measures_fts WHERE measures_fts MATCH ?{below} ORDER BY rowid DESC"
_DOC_IDS = "SELECT id FROM measures WHERE doc_id = ?{below} ORDER BY id DESC"
_STATUS_IDS = "SELECT id FROM measures WHERE {condition}{below} ORDER BY id DESC"
_UNIT_BRANCH = "SELECT measure_id FROM units WHERE name = ? AND role = ?{below}"
_UNIT_NAMES_IDS = "SELECT measure_id FROM units WHERE name IN ({names}){role}{below} ORDER BY measure_id DESC"
_ROLE_IDS = "SELECT measure_id FROM units WHERE role = ?{below} ORDER BY measure_id DESC"
_ALL_IDS = "SELECT id FROM measures WHERE 1{below} ORDER BY id DESC"
_DEADLINE_IDS = "SELECT measure_id FROM deadlines WHERE {condition}{below} ORDER BY measure_id DESC"


# read a side from its newest id, or older than an id, or (all of it) within [low, high)
_Bound = int | tuple[int, int] | None


def _ids(
    db: sqlite3.Connection,
    sql: str,
    params: Sequence[Any],
    before: _Bound,
    depth: int,
    **parts: str,
) -> tuple[list[int], bool]:
    """Distinct ids, newest first, from the template `sql` (read at most `depth + 1` rows deep,
    older than `before` if given, or all those in a range), and whether that was all."""
    column = sql.split()[1]
    limit = f" LIMIT {int(depth) + 1}"
    if isinstance(before, tuple):
        below, limit = f" AND {column} < {int(before[1])} AND {column} >= {int(before[0])}", ""
    else:
        below = "" if before is None else f" AND {column} < {int(before)}"
    rows = db.execute(f"{sql.format(below=below, **parts)}{limit}", params).fetchall()
    ids = [rowid for (rowid,) in rows]
    return list(dict.fromkeys(ids)), not limit or len(rows) <= depth


def _roles(db: sqlite3.Connection, name: str) -> list[str]:
    """The roles a unit name has, one index seek each (not a scan of all its rows)."""
    roles: list[str] = []
    while True:
        found = db.execute(
            "SELECT role FROM units WHERE name = ? AND role > ? ORDER BY role LIMIT 1",
            (name, roles[-1] if roles else ""),
        ).fetchone()
        if found is None:
            return roles
        roles.append(found[0])


def _deadline_ids(
    db: sqlite3.Connection, filters: Filters, before: _Bound, depth: int
) -> tuple[list[int], bool]:
    where, params = _deadline_conditions(filters)
    return _ids(db, _DEADLINE_IDS, params, before, depth, condition=" AND ".join(where))


def _deadline_conditions(filters: Filters) -> tuple[list[str], list[Any]]:
    return _given(
        ("due >= ?", filters.deadline_after),
        ("due <= ?", filters.deadline_before),
        ("kind = ?", filters.deadline_kind),
    )


def _given(*pairs: tuple[str, Any]) -> tuple[list[str], list[Any]]:
    """The SQL conditions, and their parameters, of the (condition, value) pairs whose value is set."""
    chosen = [(sql, value) for sql, value in pairs if value is not None]
    return [sql for sql, _ in chosen], [value for _, value in chosen]


def _matches(query: Query, text: str) -> bool:
    """The full-text condition checked on a measure's text (when a filter drives the search):
    every term (any term, for a relaxed query) has a run or alternative in the folded text, or
    all of its words. The text is folded only when it has, for each character of the run, some
    character that folds to it."""
    if any(_term_in(term, text) for term in query.excluded):
        return False
    found = (_term_in(term, text) for term in query.terms)
    return any(found) if query.any_term else all(found)


def _term_in(term: Term, text: str) -> bool:
    if any(run in text for run in term.runs) or (term.words and all(w in text for w in term.words)):
        return True
    if not term.alternatives and not _may_fold_into(term.run, text):
        return False
    folded = fold(text)
    return any(run in folded for run in term.runs) or bool(
        term.words and all(w in folded for w in term.words)
    )


def _may_fold_into(run: str, text: str) -> bool:
    """Whether folding `text` could make `run` (or its words) appear in it when it is not there
    as is: the text has, for each character of the run, some character that folds to it, and for
    at least one of them a character other than itself (else folding leaves those characters, one
    for one, where they are)."""
    preimages = _preimages()
    other = False
    for ch in run:
        sources = preimages.get(ch, ch)
        if ch in text:
            other = other or any(p in text for p in sources if p != ch)
        elif any(p in text for p in sources):
            other = True
        else:
            return False
    return other


@cache
def _preimages() -> dict[str, str]:
    """For each character that some other character folds into, all the characters that fold
    into it (itself included)."""
    # only the characters either table changes can fold to another (read from the tables, not
    # by converting every code point: this is built on the first query that needs it)
    t2s, table = _t2s_table(), _fold_table()
    found: dict[str, set[str]] = {}
    for code in set(t2s) | set(table):
        if code >= 0x30000 or 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        for target in t2s.get(code, ch).translate(table):
            found.setdefault(target, {target}).add(ch)
    return {target: "".join(sorted(sources)) for target, sources in found.items()}


def _scores(query: Query, rows: Sequence[tuple[int, str]]) -> dict[int, float]:
    """BM25 over the candidate window, from the measures' texts: a term counts its run's
    occurrences, plus half of those of its words found apart; document frequencies are the
    window's. FTS5's own bm25() would first count every match of each phrase in the index,
    which is what made a common term cost as much as its number of matches."""
    if not rows:
        return {}
    k1, b = 1.2, 0.75
    terms = [(term.runs, term.words) for term in query.terms]
    average = max(1.0, sum(len(text) for _, text in rows) / len(rows))
    frequencies: list[list[float]] = []
    for _, text in rows:
        found = [_term_frequency(runs, words, text) for runs, words in terms]
        if not all(found):
            folded = fold(text)
            found = [
                tf or _term_frequency(runs, words, folded)
                for tf, (runs, words) in zip(found, terms, strict=True)
            ]
        frequencies.append(found)
    n = len(rows)
    idf = [
        math.log(1 + (n - df + 0.5) / (df + 0.5)) + 0.1
        for df in (sum(1 for found in frequencies if found[i] > 0) for i in range(len(terms)))
    ]
    scores: dict[int, float] = {}
    for (rowid, text), found in zip(rows, frequencies, strict=True):
        norm = k1 * (1 - b + b * len(text) / average)
        scores[rowid] = sum(w * tf * (k1 + 1) / (tf + norm) for w, tf in zip(idf, found, strict=True))
    return scores


def _term_frequency(runs: Sequence[str], words: Sequence[str], text: str) -> float:
    together = sum(map(text.count, runs))
    if not words:
        return together
    apart = min(map(text.count, words))
    return together + 0.5 * (apart - together) if apart > together else together


def _ranked_page(table: str, window: int) -> str:
    """The best-ranked of the newest `window` matches of a full-text table, as `hit(id, score)`:
    bm25 is computed for the window only, not for every match of a common term."""
    return (
        f"(SELECT rowid AS id, -bm25({table}, 1.0, 0.5) AS score FROM {table} "
        f"WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT {int(window)}) AS hit"
    )


def _all_hits(table: str) -> str:
    """The newest `TOTAL_CAP + 1` matches of a full-text table as `hit(id, score)`, to filter."""
    return (
        f"(SELECT rowid AS id, -bm25({table}, 1.0, 0.5) AS score FROM {table} WHERE {table} MATCH ? "
        f"ORDER BY rowid DESC LIMIT {TOTAL_CAP + 1}) AS hit"
    )


# without a text query every row is a hit with score 0
_NO_HITS = "(SELECT 0.0 AS score) AS hit,"


def _count(db: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int:
    """The number of rows `sql` selects, counted up to `TOTAL_CAP`."""
    return int(db.execute(f"SELECT count(*) FROM ({sql} LIMIT {TOTAL_CAP})", params).fetchone()[0])


def _forget(db: sqlite3.Connection, table: str, rowid: int, indexed: IndexedText) -> None:
    """Remove a row from a contentless full-text table: FTS5 needs the very tokens it indexed."""
    db.execute(
        f"INSERT INTO {table} ({table}, rowid, words, grams) VALUES ('delete', ?, ?, ?)",
        (rowid, indexed.words, indexed.grams),
    )


def fts_expression(query: Query) -> str | None:
    """An FTS5 MATCH expression: each term as a contiguous bigram phrase (its own, or an
    alternative's) OR all of its words; terms joined by AND, or by OR for a relaxed query."""
    positive = (" OR " if query.any_term else " AND ").join(_term_expressions(query))
    exclusion = query.exclusion()
    if positive and exclusion is not None:  # FTS5 has no unary NOT: an exclusion alone filters in _matches
        return f"({positive}) NOT ({' OR '.join(_term_expressions(exclusion))})"
    return positive or None


def _term_expressions(query: Query) -> list[str]:
    """One FTS5 expression per distinct term of the query."""
    parts: list[str] = []
    for term in query.terms:
        alternatives = [f"grams : {_quote(' '.join(bigrams(alt)))}" for alt in term.alternatives]
        if len(term.run) == 1:
            options = [f"grams : {_quote(term.run)} *", f"words : {_quote(term.run)}", *alternatives]
            parts.append(f"({' OR '.join(options)})")
            continue
        # a word that is the whole run is found only where the phrase is: the phrase alone will do
        words = "" if term.run in term.words else " AND ".join(_quote(w) for w in term.words)
        options = [f"grams : {_quote(' '.join(term.grams))}", *alternatives]
        if words:
            options.append(f"words : ({words})")
        parts.append(f"({' OR '.join(options)})" if len(options) > 1 else options[0])
    return list(dict.fromkeys(parts))


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _measure_conditions(filters: Filters, names: list[str] | None = None) -> tuple[list[str], list[Any]]:
    """SQL conditions (over `measures m` joined to `documents d`) for `filters`: each measure
    filter is a probe of a covering index by `m.id`. `names` are the unit names that the unit
    filter matches, when already looked up."""
    where, params = _document_conditions(filters.document_part())
    if filters.unit is not None or filters.role is not None:
        unit: list[str] = []
        if filters.unit is not None and names is not None:
            unit.append(f"u.name IN ({', '.join('?' * len(names))})")
            params.extend(names)
        elif filters.unit is not None:
            unit.append("u.name IN (SELECT name FROM unit_names WHERE instr(lower(name), lower(?)) > 0)")
            params.append(filters.unit)
        if filters.role is not None:
            unit.append("u.role = ?")
            params.append(filters.role)
        where.append(f"EXISTS (SELECT 1 FROM units u WHERE u.measure_id = m.id AND {' AND '.join(unit)})")
    due, due_params = _deadline_conditions(filters)
    if due:
        where.append(f"EXISTS (SELECT 1 FROM deadlines WHERE measure_id = m.id AND {' AND '.join(due)})")
        params.extend(due_params)
    if filters.status == UNSET:
        where.append("m.status IS NULL")
    elif filters.status is not None:
        where.append("m.status = ?")
        params.append(filters.status)
    return where, params


def _document_conditions(filters: Filters) -> tuple[list[str], list[Any]]:
    return _given(
        ("d.doc_id = ?", filters.doc_id),
        ("d.kind = ?", filters.kind),
        ("instr(lower(d.issuer), lower(?)) > 0", filters.issuer),
        ("instr(lower(d.doc_number), lower(?)) > 0", filters.doc_number),
        ("d.date >= ?", filters.date_from),
        ("d.date <= ?", filters.date_to),
    )


@contextmanager
def _transaction(db: sqlite3.Connection, url: str) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so no write fails half-way."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise DubanError(E.INDEX_UNREACHABLE, url=url, detail=str(exc)) from exc
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
