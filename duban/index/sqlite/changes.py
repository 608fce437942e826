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
from typing import Any, cast, get_args

from duban.base.stored import ChangeCause, ChangeNote, StatusChange, read_record
from duban.base.vocab import STATUSES

CAUSES: frozenset[str] = frozenset(get_args(ChangeCause))

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


def read(found: dict[str, Any], url: str) -> StatusChange:
    """A stored change as a `StatusChange`: made at once when its statuses and cause are ones
    this version knows (every row it wrote), else decoded field by field (`read_record`), which
    says what is wrong (E.INDEX_RECORD). The first check of the real corpus's index recorded
    141,194 changes, and decoding each took a fifth of listing them."""
    old, new, cause = found["old"], found["new"], found["cause"]
    strings = all(isinstance(found[k], str) for k in ("measure_id", "doc_id", "as_of", "at"))
    if strings and (old is None or old in STATUSES) and new in STATUSES and cause in CAUSES:
        return StatusChange(
            found["measure_id"],
            found["doc_id"],
            old,
            new,
            found["as_of"],
            found["at"],
            cast(ChangeCause, cause),
        )
    return read_record(StatusChange, found, url)
