"""Changes of measures' computed statuses in the SQLite file (`Statuses.status_changes`).

A save of statuses with a `ChangeNote` reads each measure's stored status before it writes the new
one and, where they differ, inserts a row here inside the same transaction: a killed check leaves
neither the statuses nor their changes half-written. Rows are only ever added; they name the
measure and its document by id and have no foreign key, so deleting a document leaves its
measures' history (see `Statuses.status_changes`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Any

from duban.base.stored import ChangeNote, StatusChange

INSERT = """INSERT INTO status_changes (measure_id, doc_id, old, new, as_of, at, cause)
            VALUES (?, ?, ?, ?, ?, ?, ?)"""


def note_change(
    db: sqlite3.Connection,
    measure_id: str,
    doc_id: str,
    old: str | None,
    new: str,
    note: ChangeNote,
    at: str,
) -> bool:
    """Insert the change of one measure (inside the caller's transaction) when its status changed."""
    if old == new:
        return False
    db.execute(INSERT, (measure_id, doc_id, old, new, note.as_of, at, note.cause))
    return True


def add(db: sqlite3.Connection, change: StatusChange) -> None:
    """Insert one change as given (inside the caller's transaction)."""
    db.execute(
        INSERT,
        (change.measure_id, change.doc_id, change.old, change.new, change.as_of, change.at, change.cause),
    )


def listed(
    db: sqlite3.Connection,
    since: str | None,
    directive: str | None,
    limit: int | None,
    causes: Collection[str] | None,
) -> list[dict[str, Any]]:
    """The stored changes as JSON records, newest first, narrowed as `Statuses.status_changes` says."""
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append("at >= ?")
        params.append(since)
    if directive is not None:
        where.append("doc_id = ?")
        params.append(directive)
    if causes is not None:
        wanted = list(causes)
        where.append(f"cause IN ({', '.join('?' * len(wanted))})" if wanted else "0")
        params.extend(wanted)
    sql = f"""SELECT measure_id, doc_id, old, new, as_of, at, cause FROM status_changes
              WHERE {" AND ".join(where) or "1"} ORDER BY at DESC, id DESC"""
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        {"measure_id": m, "doc_id": d, "old": o, "new": n, "as_of": a, "at": t, "cause": c}
        for m, d, o, n, a, t, c in db.execute(sql, params)
    ]
