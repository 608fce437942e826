"""The SQLite backend: one file, FTS5 over pre-segmented tokens, bm25 ranking, no server.

WAL mode lets one writer and many readers work at once; every document is written in one
transaction, so a killed ingest leaves each document either fully there or not at all.
`PRAGMA user_version` records the schema version; `MIGRATIONS[i]` takes a file from i to i+1.
The full-text tables are contentless (the tokens are not stored twice); each document keeps its
tokens compressed, which is what removing its rows from the full-text index needs.
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from index.analysis import Analyzer, DocumentTokens, IndexedText, Query
from index.filters import UNSET, Filters, Target
from index.highlight import BRACKETS, Marks
from index.records import DocInput, DocumentRow, MeasureRow, check_status, prepare, tokens_for
from index.store import (
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
)
from pipeline.errors import DubanError, E

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
]
SCHEMA_VERSION = len(MIGRATIONS)
BATCH_DOCS = 200
_MEASURE_COLUMNS = "m.measure_id, m.doc_id, m.text, m.page, m.status, m.record, d.source, d.title, d.kind"


class SQLiteStore:
    """A `Store` in one SQLite file; the connection opens (and migrates) on first use."""

    def __init__(self, path: Path, url: str | None = None, analyzer: Analyzer | None = None) -> None:
        self.path = path
        self.url = url or f"sqlite:///{path}"
        self._analyzer = analyzer or Analyzer()
        self._conn: sqlite3.Connection | None = None

    # -- connection and schema -------------------------------------------------------------

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                # timeout is SQLite's busy_timeout: wait up to 30 s for another writer's lock
                conn = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
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

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

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
        for measure, indexed in zip(row.measures, tokens.measures, strict=True):
            self._insert_measure(db, row.doc_id, measure, indexed)
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

    def _insert_measure(
        self, db: sqlite3.Connection, doc_id: str, measure: MeasureRow, indexed: IndexedText
    ) -> None:
        record = {k: v for k, v in measure.record.items() if k != "text"}
        cursor = db.execute(
            """INSERT INTO measures (measure_id, doc_id, ord, text, page, record, first_due)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (
                measure.measure_id,
                doc_id,
                measure.ordinal,
                measure.text,
                measure.page,
                _dumps(record),
                measure.first_due,
            ),
        )
        rowid = cursor.lastrowid
        db.execute(
            "INSERT INTO measures_fts (rowid, words, grams) VALUES (?, ?, ?)",
            (rowid, indexed.words, indexed.grams),
        )
        db.executemany(
            "INSERT INTO units (measure_id, name, role) VALUES (?, ?, ?)",
            [(rowid, name, role) for name, role in measure.units],
        )
        db.executemany(
            "INSERT OR IGNORE INTO unit_names (name) VALUES (?)", [(name,) for name, _ in measure.units]
        )
        db.executemany(
            "INSERT INTO deadlines (measure_id, text, kind, due, period) VALUES (?, ?, ?, ?, ?)",
            [(rowid, d.text, d.kind, d.due, d.period) for d in measure.deadlines],
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
        if target == "measures":
            hits, total = self._search_measures(parsed, combined, limit, offset, sort, marks)
        else:
            hits, total = self._search_documents(parsed, combined, limit, offset, sort, marks)
        took = (time.perf_counter() - started) * 1000
        return SearchResult(hits, total, parsed, target, took, combined)

    def _search_measures(
        self, query: Query, filters: Filters, limit: int, offset: int, sort: Sort, marks: Marks
    ) -> tuple[list[Hit], int]:
        where, params = _measure_conditions(filters)
        match = fts_expression(query)
        db = self._db()
        columns = f"SELECT {_MEASURE_COLUMNS}, hit.score FROM"
        documents = "JOIN documents d ON d.doc_id = m.doc_id"
        if match is not None and not where and sort == "relevance":
            page = _ranked_page("measures_fts")
            rows = db.execute(
                f"{columns} {page} JOIN measures m ON m.id = hit.id {documents} ORDER BY hit.score DESC, m.id",
                [match, limit, offset],
            ).fetchall()
            total = _count(db, "SELECT count(*) FROM measures_fts WHERE measures_fts MATCH ?", [match])
        else:
            hits = _all_hits("measures_fts")
            source = (
                f"{hits} JOIN measures m ON m.id = hit.id" if match is not None else _NO_HITS + " measures m"
            )
            params = ([match] if match is not None else []) + params
            order = "hit.score DESC, m.id" if match is not None else "m.id"
            if sort == "deadline":
                order = f"m.first_due IS NULL, m.first_due, {order}"
            condition = " AND ".join(where) or "1"
            rows = db.execute(
                f"{columns} {source} {documents} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
            join = documents if not filters.document_part().is_empty() else ""
            total = _count(db, f"SELECT count(*) FROM {source} {join} WHERE {condition}", params)
        terms = query.highlight_terms()
        hits_found = [
            measure_hit(
                json.loads(stored),
                text,
                float(value),
                terms,
                marks,
                source=src,
                doc_id=doc_id,
                page=page,
                status=status,
                measure_id=mid,
                title=title,
                kind=kind,
            )
            for mid, doc_id, text, page, status, stored, src, title, kind, value in rows
        ]
        return hits_found, total

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
            page = _ranked_page("documents_fts")
            rows = db.execute(
                f"{columns} {page} JOIN documents d ON d.id = hit.id ORDER BY hit.score DESC, d.id",
                [match, limit, offset],
            ).fetchall()
            total = _count(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", [match])
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
            total = _count(db, f"SELECT count(*) FROM {source} WHERE {condition}", params)
        terms = query.highlight_terms()
        hits_found = [
            document_hit(doc_id, src, title, kind, text, json.loads(stored), float(value), terms, marks)
            for doc_id, src, title, kind, text, stored, value in rows
        ]
        return hits_found, total


def _ranked_page(table: str) -> str:
    """A page of the best-ranked rows of a full-text table, as `hit(id, score)`: ranking inside the
    index and joining only the page is what keeps a common two-character query fast."""
    return (
        f"(SELECT rowid AS id, -bm25({table}, 1.0, 0.5) AS score FROM {table} "
        f"WHERE {table} MATCH ? ORDER BY score DESC, rowid LIMIT ? OFFSET ?) AS hit"
    )


def _all_hits(table: str) -> str:
    """Every matching row of a full-text table as `hit(id, score)`, to join and filter."""
    return (
        f"(SELECT rowid AS id, -bm25({table}, 1.0, 0.5) AS score FROM {table} WHERE {table} MATCH ?) AS hit"
    )


# without a text query every row is a hit with score 0
_NO_HITS = "(SELECT 0.0 AS score) AS hit,"


def _count(db: sqlite3.Connection, sql: str, params: Sequence[Any]) -> int:
    return int(db.execute(sql, params).fetchone()[0])


def _forget(db: sqlite3.Connection, table: str, rowid: int, indexed: IndexedText) -> None:
    """Remove a row from a contentless full-text table: FTS5 needs the very tokens it indexed."""
    db.execute(
        f"INSERT INTO {table} ({table}, rowid, words, grams) VALUES ('delete', ?, ?, ?)",
        (rowid, indexed.words, indexed.grams),
    )


def fts_expression(query: Query) -> str | None:
    """An FTS5 MATCH expression: each term as a contiguous bigram phrase OR all of its words."""
    parts: list[str] = []
    for term in query.terms:
        if len(term.run) == 1:
            parts.append(f"(grams : {_quote(term.run)} * OR words : {_quote(term.run)})")
            continue
        words = " AND ".join(_quote(w) for w in term.words)
        phrase = f"grams : {_quote(' '.join(term.grams))}"
        parts.append(f"({phrase} OR words : ({words}))" if words else phrase)
    return " AND ".join(parts) or None


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _measure_conditions(filters: Filters) -> tuple[list[str], list[Any]]:
    """SQL conditions (over `measures m` joined to `documents d`) for `filters`."""
    where, params = _document_conditions(filters.document_part())
    if filters.unit is not None or filters.role is not None:
        unit: list[str] = []
        if filters.unit is not None:
            # match the few distinct names first, then use the index on units(name, role)
            unit.append("name IN (SELECT name FROM unit_names WHERE instr(lower(name), lower(?)) > 0)")
            params.append(filters.unit)
        if filters.role is not None:
            unit.append("role = ?")
            params.append(filters.role)
        where.append(f"m.id IN (SELECT measure_id FROM units WHERE {' AND '.join(unit)})")
    due: list[str] = []
    for sql, value in (
        ("due >= ?", filters.deadline_after),
        ("due <= ?", filters.deadline_before),
        ("kind = ?", filters.deadline_kind),
    ):
        if value is not None:
            due.append(sql)
            params.append(value)
    if due:
        where.append(f"m.id IN (SELECT measure_id FROM deadlines WHERE {' AND '.join(due)})")
    if filters.status == UNSET:
        where.append("m.status IS NULL")
    elif filters.status is not None:
        where.append("m.status = ?")
        params.append(filters.status)
    return where, params


def _document_conditions(filters: Filters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for sql, value in (
        ("d.doc_id = ?", filters.doc_id),
        ("d.kind = ?", filters.kind),
        ("instr(lower(d.issuer), lower(?)) > 0", filters.issuer),
        ("instr(lower(d.doc_number), lower(?)) > 0", filters.doc_number),
        ("d.date >= ?", filters.date_from),
        ("d.date <= ?", filters.date_to),
    ):
        if value is not None:
            where.append(sql)
            params.append(value)
    return where, params


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
