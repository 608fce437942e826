"""Changes of measures' computed statuses in the SQLite file (`Statuses.status_changes`).

A save of statuses with a `ChangeNote` reads each measure's stored status before it writes the new
one and, where they differ, inserts a row here inside the same transaction: a killed check leaves
neither the statuses nor their changes half-written. Rows are only ever added; they name the
measure and its document by id and have no foreign key, so deleting a document leaves its
measures' history (see `Statuses.status_changes`).
"""

from __future__ import annotations

import json
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


STAMP_FORM = (
    "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]+00:00"
)
"""`store.change_stamp`'s form (UTC to the millisecond) as a GLOB: stamps of this form sort as text
as they do in time, so the text order of `at` (and its index) is their order in time."""


MEASURE_KEY = "doc_id || ' ' || measure_id"
"""A change's measure as `unit_measures` names it (the measure within the document the change
names, as 本期变化 finds it)."""


def _within(
    since: str | None,
    new: Collection[str],
    outside: bool,
    measures: str | None = None,
    docs: str | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE of the changes at or after `since` whose new status is one of `new` (with
    `outside`: none of them), of the `measures` only when given (a JSON array of their keys) and
    of the documents `docs` only when given (a JSON array of their ids)."""
    wanted = list(new)
    marks = ", ".join("?" * len(wanted))
    where = [f"new {'NOT IN' if outside else 'IN'} ({marks})" if wanted else ("1" if outside else "0")]
    params: list[Any] = list(wanted)
    if since is not None:
        where.append("at >= ?")
        params.append(since)
    if measures is not None:
        where.append(f"{MEASURE_KEY} IN (SELECT value FROM json_each(?))")
        params.append(measures)
    if docs is not None:
        where.append("doc_id IN (SELECT value FROM json_each(?))")
        params.append(docs)
    return " AND ".join(where), params


def change_docs(db: sqlite3.Connection, since: str | None) -> list[str]:
    """The documents that changes at or after `since` name, each once: what a list narrowed to a
    directive tests (by title, number or path, `pipeline.changes`) instead of naming every line."""
    where, params = ("at >= ?", [since]) if since is not None else ("1", [])
    return [d for (d,) in db.execute(f"SELECT DISTINCT doc_id FROM status_changes WHERE {where}", params)]


def unit_measures(db: sqlite3.Connection, names: Collection[str]) -> str:
    """The measures with a unit of one of these names, as a JSON array of their keys
    (`MEASURE_KEY`): what `counted` and `sliced` take to narrow the changes to a unit."""
    keys: set[str] = set()
    wanted = list(names)
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        rows = db.execute(
            f"""SELECT DISTINCT m.doc_id || ' ' || m.measure_id FROM units u
                JOIN measures m ON m.id = u.measure_id
                WHERE u.name IN ({", ".join("?" * len(chunk))}) AND m.measure_id IS NOT NULL""",
            chunk,
        )
        keys.update(key for (key,) in rows)
    return json.dumps(sorted(keys))


def in_time_order(db: sqlite3.Connection, since: str | None) -> bool:
    """Whether every change at or after `since` is stamped in `STAMP_FORM` (every change a save
    records is; one `add_status_changes` kept as given may not be), read from the `at` index."""
    where, params = ("at >= ?", [since]) if since is not None else ("1", [])
    found = db.execute(
        f"SELECT 1 FROM status_changes WHERE {where} AND NOT (at GLOB ?) LIMIT 1", [*params, STAMP_FORM]
    ).fetchone()
    return found is None


def counted(
    db: sqlite3.Connection,
    since: str | None,
    new: Collection[str],
    outside: bool = False,
    at_least: str | None = None,
    measures: str | None = None,
    docs: str | None = None,
) -> int:
    """How many changes at or after `since` (and `at_least`) have a new status in `new` (with
    `outside`: not in it), of the `measures` when given (`unit_measures`) and of the documents
    `docs` when given (a JSON array of ids). Those in `new` are
    counted in the `(new, at)` index, the others as all of the period (the `at` index) less
    those: counted outside, the `at` index would read each row's status from the table (141,000
    rows after a first check)."""
    bounds = [b for b in (since, at_least) if b is not None]
    start = max(bounds) if bounds else None
    inside = _count(db, start, new, measures, docs)
    return _count(db, start, None, measures, docs) - inside if outside else inside


def _count(
    db: sqlite3.Connection,
    start: str | None,
    new: Collection[str] | None,
    measures: str | None,
    docs: str | None,
) -> int:
    where, params = _within(start, new or (), new is None, measures, docs)
    return int(db.execute(f"SELECT count(*) FROM status_changes WHERE {where}", params).fetchone()[0])


def sliced(
    db: sqlite3.Connection,
    since: str | None,
    new: Collection[str],
    outside: bool,
    offset: int,
    limit: int,
    measures: str | None = None,
    docs: str | None = None,
) -> list[dict[str, Any]]:
    """The changes `counted` counts, newest first as `listed` orders them (`at`, then the order
    they were written, newest first), from the `offset`-th, at most `limit` of them."""
    where, params = _within(since, new, outside, measures, docs)
    sql = f"""SELECT measure_id, doc_id, old, new, as_of, at, cause FROM status_changes
              WHERE {where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"""
    return [
        {"measure_id": m, "doc_id": d, "old": o, "new": n, "as_of": a, "at": t, "cause": c}
        for m, d, o, n, a, t, c in db.execute(sql, [*params, limit, offset])
    ]
