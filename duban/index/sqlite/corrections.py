"""Staff corrections in the SQLite file, and the corrected status they give measures.

The `corrections` table is made by the first correction, outside the numbered migrations: it is
independent of the documents, so re-ingest and schema changes of the rest leave it alone, and an
index nobody corrected stays read-only for readers (a server on a read-only copy can still list
no corrections). `measures.corrected` holds the status an active correction gives a measure
(`index.corrections`); it is recomputed when a correction is added or undone, and set for the
measures of every document written while corrections exist.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from duban.index.corrections import ActiveCorrections
from duban.index.sqlite.schema import dumps, now

TABLE = """CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL, record TEXT NOT NULL,
    created_at TEXT NOT NULL, undone_at TEXT, undone_by TEXT)"""
KEY_INDEX = "CREATE INDEX IF NOT EXISTS corrections_key ON corrections(key)"


def exists(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'")
    return found.fetchone() is not None


def add(db: sqlite3.Connection, correction: dict[str, Any]) -> dict[str, Any]:
    """Insert a correction (inside the caller's transaction) and apply the active ones."""
    stored = {**correction, "at": now(), "undone_at": None, "undone_by": None}
    stored.pop("id", None)
    cursor = db.execute(
        "INSERT INTO corrections (key, record, created_at) VALUES (?, ?, ?)",
        (str(correction["key"]), dumps(stored), stored["at"]),
    )
    apply(db)
    return {**stored, "id": str(cursor.lastrowid)}


def listed(db: sqlite3.Connection, include_undone: bool) -> list[dict[str, Any]]:
    where = "" if include_undone else " WHERE undone_at IS NULL"
    return [
        {**json.loads(record), "id": str(rowid), "undone_at": undone_at, "undone_by": undone_by}
        for rowid, record, undone_at, undone_by in db.execute(
            f"SELECT id, record, undone_at, undone_by FROM corrections{where} ORDER BY id"
        )
    ]


def undo(db: sqlite3.Connection, correction_id: int, by: str) -> dict[str, Any] | None:
    """Mark an active correction undone (inside the caller's transaction); None if there is none."""
    stamp = now()
    cursor = db.execute(
        "UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL",
        (stamp, by, correction_id),
    )
    if cursor.rowcount == 0:
        return None
    (record,) = db.execute("SELECT record FROM corrections WHERE id = ?", (correction_id,)).fetchone()
    apply(db)
    return {**json.loads(record), "id": str(correction_id), "undone_at": stamp, "undone_by": by}


def apply(db: sqlite3.Connection, doc_ids: Sequence[str] | None = None) -> None:
    """Set `measures.corrected` from the active corrections: for the measures of `doc_ids`, or
    (None) for every measure, clearing what no active correction gives any more."""
    active = ActiveCorrections(listed(db, include_undone=False)) if exists(db) else ActiveCorrections(())
    if doc_ids is None:
        db.execute("UPDATE measures SET corrected = NULL WHERE corrected IS NOT NULL")
        wanted = _documents_of(db, active)
    else:
        wanted = list(doc_ids) if active else []
    updates: list[tuple[str, int]] = []
    for doc_id in wanted:
        sources = [s for (s,) in db.execute("SELECT source FROM sources WHERE doc_id = ?", (doc_id,))]
        for rowid, text in db.execute("SELECT id, text FROM measures WHERE doc_id = ?", (doc_id,)):
            status = active.status(doc_id, sources, text)
            if status is not None:
                updates.append((status, rowid))
    db.executemany("UPDATE measures SET corrected = ? WHERE id = ?", updates)


def _documents_of(db: sqlite3.Connection, active: ActiveCorrections) -> list[str]:
    """The documents an active correction may apply to: by id, or by a source path."""
    if not active:
        return []
    found = set(active.doc_ids)
    for source in active.sources:
        found.update(
            doc_id for (doc_id,) in db.execute("SELECT doc_id FROM sources WHERE source = ?", (source,))
        )
    return sorted(found)
