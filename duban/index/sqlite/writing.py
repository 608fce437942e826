"""Writing documents into the SQLite file: a document, its measures, units, deadlines, relays
and progress rows, its sources, and its full-text rows; and removing them again.

Every function here runs inside the caller's transaction, so a killed ingest leaves each
document either fully there or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from duban.index.analysis import Analyzer, IndexedText
from duban.index.records import (
    DocumentRow,
    ReadyTokens,
    ready_tokens,
    replaced_version,
    text_and_stored,
    unpack_tokens,
    with_replaced,
)
from duban.index.sqlite import starts
from duban.index.sqlite.schema import FTS_AUTOMERGE, FTS_HASHSIZE, FTS_TABLES, held, now, write_held
from duban.index.store import WriteResult

WRITER_CACHE_KB = 8_192
"""Page cache of a connection that only writes (the ingest writer), in place of the searchers'
`schema.CACHE_KB` (64 MB): an ingest inserts at the end of its b-trees and FTS5 segments, so the
pages it needs again are few, and a 64 MB cache filled steadily over the first thousands of
documents of a batch and stayed full: the ingest parent grew from 31 to 112 MB over 3,000
documents. The pages it drops are in the operating system's cache, a read away."""


WRITER_CHECKPOINT_PAGES = 4_000
"""Pages the write-ahead log of the ingest writer grows to (16 MB) before the commit that passes
it copies them into the file, in place of SQLite's 1,000: the full-text segments, b-tree pages
and indexes an ingest rewrites batch after batch are copied once per checkpoint, not once per
4 MB written. 5 % less writer CPU per document (3.30 → 3.13 ms, three runs each, 600 real
documents at load 8); readers see the same pages either way, and the log is still bounded."""


def as_writer(db: sqlite3.Connection) -> None:
    """Give a connection that will only write documents the writer's page cache (`WRITER_CACHE_KB`)
    and its checkpoint interval (`WRITER_CHECKPOINT_PAGES`), and its file's full-text tables the
    writer's merging and flushing (`fts_settings`)."""
    db.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
    db.execute(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}")
    fts_settings(db)


FTS_SETTINGS = {"automerge": FTS_AUTOMERGE, "hashsize": FTS_HASHSIZE}


def fts_settings(db: sqlite3.Connection) -> None:
    """Store `FTS_SETTINGS` in each full-text table's config where it holds other values (a file
    made before, or left by a bulk load): read first, so a file that has them is not written to.
    Together with the ingest's batches (`ingest.WRITE_BATCH` documents) they cut the writer's CPU
    per document by a fifth (FTS5's flushes and merges were half of it); what a search finds is the
    same, only how the postings are split into segments differs."""
    for table in FTS_TABLES:
        held = dict(db.execute(f"SELECT k, v FROM {table}_config").fetchall())
        for key, value in FTS_SETTINGS.items():
            if held.get(key) != value:
                db.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('{key}', {int(value)})")


def bound(data: str | bytes) -> str | bytearray:
    """A text or its UTF-8 bytes as Python's sqlite3 binds it at once: a `bytes` parameter is
    first looked for in the adapters' registry (`sqlite3.register_adapter`) and asked for
    `__conform__`, which a `bytearray` (like `str` and `int`) is not. Its copy costs less than
    that look-up: with a real document's 83 full-text columns and (`records.Utf8Text`) 55 text
    columns bound as bytes, that look-up was 6 % of the ingest writer's instructions, and it goes
    with `bytearray`s (callgrind, 400 real documents)."""
    return bytearray(data) if isinstance(data, bytes) else data


def has_document(db: sqlite3.Connection, doc_id: str) -> bool:
    return db.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None


def write_row(
    db: sqlite3.Connection,
    row: DocumentRow,
    ready: ReadyTokens | None,
    analyzer: Analyzer,
    stamp: str | None = None,
) -> WriteResult:
    """Write one document (its full-text rows made beforehand, `records.ready_tokens`, or None if
    it is stored already); `stamp` is the UTC time it is written at (`ingested_at` of a new
    document), now unless the store's clock says otherwise."""
    old = db.execute("SELECT doc_id, source_hash FROM sources WHERE source = ?", (row.source,)).fetchone()
    found = db.execute("SELECT measure_count FROM documents WHERE doc_id = ?", (row.doc_id,)).fetchone()
    stamp = stamp or now()
    if found is not None and old is not None and old[0] == row.doc_id:
        if old[1] != row.source_hash:
            db.execute(
                "UPDATE sources SET source_hash = ?, updated_at = ? WHERE source = ?",
                (row.source_hash, stamp, row.source),
            )
        return WriteResult(row.doc_id, "unchanged", int(found[0]))
    if found is None:
        # a new version at a path another document held: keep what the next check compares with
        replaced = _replaced(db, old[0], row.source) if old is not None and old[0] != row.doc_id else None
        body, stored = text_and_stored(row)  # UTF-8 bytes when the row came from a worker
        if replaced:
            stored = with_replaced(row, replaced)
        _insert(db, row, ready or ready_tokens(row, analyzer), stamp, bound(body), bound(stored))
    # A plain INSERT or UPDATE, not an upsert: with foreign keys on, an upsert opens a statement
    # savepoint, and FTS5 flushes its pending terms to a new segment at every savepoint, so each
    # document became a segment of its own whatever the batch size (284 segments for 300 documents
    # against 19), and the writer spent its time merging them again.
    if old is None:
        db.execute(
            "INSERT INTO sources (source, doc_id, source_hash, updated_at) VALUES (?, ?, ?, ?)",
            (row.source, row.doc_id, row.source_hash, stamp),
        )
    else:
        db.execute(
            "UPDATE sources SET doc_id = ?, source_hash = ?, updated_at = ? WHERE source = ?",
            (row.doc_id, row.source_hash, stamp, row.source),
        )
    removed: tuple[str, ...] = ()
    if old is not None and old[0] != row.doc_id:
        if db.execute("SELECT 1 FROM sources WHERE doc_id = ? LIMIT 1", (old[0],)).fetchone() is None:
            delete_document(db, old[0])
            removed = (old[0],)
        return WriteResult(row.doc_id, "replaced", len(row.measures), removed)
    return WriteResult(row.doc_id, "linked" if found is not None else "added", len(row.measures))


def _replaced(db: sqlite3.Connection, old_id: str, source: str) -> dict[str, Any] | None:
    """What the new version at `source` keeps of the version `old_id` it replaces, read before
    that one goes (`records.replaced_version`)."""
    passed = db.execute(
        "SELECT json_extract(record, '$.replaces') FROM documents WHERE doc_id = ?", (old_id,)
    ).fetchone()
    if passed is None:
        return None
    measures = [
        (mid, text, json.loads(names), status)
        for mid, text, status, names in db.execute(
            """SELECT m.measure_id, m.text, m.status,
                      (SELECT json_group_array(name) FROM (SELECT name FROM units u
                         WHERE u.measure_id = m.id ORDER BY u.rowid))
               FROM measures m WHERE m.doc_id = ? ORDER BY m.ord""",
            (old_id,),
        )
    ]
    return replaced_version(old_id, source, measures, json.loads(passed[0]) if passed[0] else None)


def _insert(
    db: sqlite3.Connection,
    row: DocumentRow,
    ready: ReadyTokens,
    stamp: str,
    body: str | bytearray,
    stored: str | bytearray,
) -> None:
    """Insert a new document: `body` (its text) and `stored` (its record) as strings or as their
    UTF-8 bytes (`records.text_and_stored`, `bound`), stored as text either way (`CAST(? AS TEXT)`)."""
    # the document's measures take the ids after the largest so far, one run (`first_measure`,
    # schema 11: the document filters read the runs from their indexes)
    first = int(db.execute("SELECT coalesce(max(id), 0) FROM measures").fetchone()[0]) + 1
    cursor = db.execute(
        """INSERT INTO documents (doc_id, source, title, kind, doc_number, issuer, date, text, record,
                                  measure_count, first_due, tokens, ingested_at, first_measure)
           VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT), ?, ?, ?, ?, ?)""",
        (
            row.doc_id,
            row.source,
            row.title,
            row.kind,
            row.doc_number,
            row.issuer,
            row.date,
            body,
            stored,
            len(row.measures),
            row.first_due,
            ready.packed,
            stamp,
            first if row.measures else None,
        ),
    )
    text = _text_rows(db)
    words, grams = ready.document
    text.documents.append((cursor.lastrowid, bound(words), bound(grams)))
    if row.issuer is not None:
        starts.remember(db, "issuer_starts", [row.issuer], row.starts)
    _insert_measures(db, row, first)
    ids = range(first, first + len(row.measures))
    text.measures.extend(
        (rowid, bound(words), bound(grams), bound(chars))
        for rowid, (words, grams, chars) in zip(ids, ready.measures, strict=True)
    )
    if text.at_once:
        text.write()
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


def _insert_measures(db: sqlite3.Connection, row: DocumentRow, first: int) -> None:
    """All the measures of a document with one `executemany` per table: the ids are given
    (from `first`, after the largest so far, as SQLite would choose them), so no row waits for
    `lastrowid`. Each measure's text and record are bound as the UTF-8 bytes a worker's row
    brought, or as strings (`records.text_and_stored`)."""
    ids = range(first, first + len(row.measures))
    db.executemany(
        """INSERT INTO measures (id, measure_id, doc_id, ord, page, first_due, text, record)
           VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS TEXT))""",
        [
            (rowid, m.measure_id, row.doc_id, m.ordinal, m.page, m.first_due, bound(text), bound(stored))
            for rowid, m in zip(ids, row.measures, strict=True)
            for text, stored in (text_and_stored(m),)
        ],
    )
    db.executemany(
        "INSERT INTO units (measure_id, name, role) VALUES (?, ?, ?)",
        [(rowid, name, role) for rowid, m in zip(ids, row.measures, strict=True) for name, role in m.units],
    )
    names = list(dict.fromkeys(name for m in row.measures for name, _ in m.units))
    db.executemany("INSERT OR IGNORE INTO unit_names (name) VALUES (?)", [(name,) for name in names])
    starts.remember(db, "unit_starts", names, row.starts)  # a new name is cut once (by the worker)
    db.executemany(
        "INSERT INTO deadlines (measure_id, text, kind, due, period) VALUES (?, ?, ?, ?, ?)",
        [
            (rowid, d.text, d.kind, d.due, d.period)
            for rowid, m in zip(ids, row.measures, strict=True)
            for d in m.deadlines
        ],
    )


class _TextRows:
    """The full-text rows of the documents a transaction writes, held for its end (`schema.held`)
    and inserted there with one statement a table.

    Inserted with each document, FTS5 took the terms of its `documents_fts` row and then of its
    measures' `measures_fts` rows, each table's pending terms a hash table of a few megabytes:
    going from one to the other every document, each insert found the slots and entries it
    touched out of the processor's caches. A batch's rows of one table, then of the other: the
    writer's CPU per document 5.89 → 5.19 ms (1,000 real documents, seven alternated runs each),
    and the full-text tables hold the very same segments (the same rows in the same row-id order,
    written out at the same commit). Outside a `schema.transaction` (`at_once`) they are inserted
    with their document, as before."""

    KEY = "full-text rows"

    def __init__(self, db: sqlite3.Connection, at_once: bool = False) -> None:
        self.db = db
        self.at_once = at_once
        self.documents: list[tuple[int | None, str | bytearray, str | bytearray]] = []
        self.measures: list[tuple[int, str | bytearray, str | bytearray, str | bytearray]] = []

    def write(self) -> None:
        # the columns come as UTF-8 bytes (`ReadyTokens`, `bound`), read as the text they are
        self.db.executemany(
            "INSERT INTO documents_fts (rowid, words, grams) VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT))",
            self.documents,
        )
        self.db.executemany(
            "INSERT INTO measures_fts (rowid, words, grams, chars)"
            " VALUES (?, CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))",
            self.measures,
        )
        self.documents.clear()
        self.measures.clear()


def _text_rows(db: sqlite3.Connection) -> _TextRows:
    """Where a document's full-text rows go: held for the end of the open transaction, or written
    with the document when there is none."""
    return held(db, _TextRows.KEY, lambda: _TextRows(db)) or _TextRows(db, at_once=True)


def delete_document(db: sqlite3.Connection, doc_id: str) -> bool:
    """Remove a document with its rows (by cascade) and its full-text rows (the rows held for the
    transaction's end are written first: FTS5 removes only what it holds)."""
    write_held(db, _TextRows.KEY)
    found = db.execute("SELECT id, tokens FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if found is None:
        return False
    tokens = unpack_tokens(found[1])
    _forget(db, "documents_fts", found[0], tokens.document)
    for rowid, ordinal in db.execute("SELECT id, ord FROM measures WHERE doc_id = ?", (doc_id,)).fetchall():
        _forget(db, "measures_fts", rowid, tokens.measures[ordinal], chars=True)
    db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
    return True


def _forget(
    db: sqlite3.Connection, table: str, rowid: int, indexed: IndexedText, chars: bool = False
) -> None:
    """Remove a row from a contentless full-text table: FTS5 needs the very tokens it indexed
    (measures_fts has the characters column too)."""
    if chars:
        db.execute(
            f"INSERT INTO {table} ({table}, rowid, words, grams, chars) VALUES ('delete', ?, ?, ?, ?)",
            (rowid, indexed.words, indexed.grams, indexed.characters),
        )
        return
    db.execute(
        f"INSERT INTO {table} ({table}, rowid, words, grams) VALUES ('delete', ?, ?, ?)",
        (rowid, indexed.words, indexed.grams),
    )
