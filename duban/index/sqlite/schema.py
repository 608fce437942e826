"""The SQLite file's layout: tables, indexes, numbered migrations, and the connection.

`PRAGMA user_version` records the schema version; `MIGRATIONS[i]` takes a file from i to i+1.
The full-text tables are contentless (the tokens are not stored twice); each document keeps its
tokens compressed, which is what removing its rows from the full-text index needs. WAL mode lets
one writer and many readers work at once.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from duban.base.errors import DubanError, E
from duban.index.records import unpack_tokens
from duban.index.sqlite import starts

_FTS = "content = '', tokenize = 'ascii'"
"""Contentless full-text tables over the analyzer's tokens, split by FTS5's `ascii` tokenizer.
The tokens arrive folded (lower case) and space-joined, made only of the letters and digits of
`analysis.runs` (and the ASCII joiners of a jieba word, `+`, `.`, `-`…, which every FTS5
tokenizer splits at): `unicode61` found the very same terms (the index of 600 real documents was
byte for byte the same, every character of corpus/real a term of its own in both) while spending
a tenth of the ingest writer's time classifying and case-folding each character again. Its
Unicode 6.1 tables also split at letters added since (CJK extensions E and F), which the analyzer
keeps inside its runs; `ascii` keeps them too, as queries, split the same way, ask for them."""
_OLD_TOKENIZER = "unicode61"
_COLUMNS = {"measures_fts": "words, grams, chars", "documents_fts": "words, grams"}

MIGRATIONS: list[list[str | Callable[[sqlite3.Connection], None]]] = [
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
        f"CREATE VIRTUAL TABLE measures_fts USING fts5(words, grams, {_FTS})",  # see version 6
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
    [
        # the status a staff correction sets (kept up to date by the store), and an index on the
        # status that counts, which the status filter reads
        "ALTER TABLE measures ADD COLUMN corrected TEXT",
        "DROP INDEX measures_status",
        "CREATE INDEX measures_effective ON measures(coalesce(corrected, status))",
    ],
    [
        # a counter every write transaction raises: what a reader's caches are keyed by, the same
        # for every connection and process (PRAGMA data_version is per connection)
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT INTO meta (key, value) VALUES ('file', abs(random())), ('version', 0)",
    ],
    [
        # measures_fts gains `chars`, each measure's distinct characters (`_with_characters`)
        lambda conn: _with_characters(conn),
    ],
    [
        # the full-text tables split tokens with FTS5's `ascii` tokenizer (see `_FTS`)
        lambda conn: _with_ascii_tokenizer(conn),
    ],
    [
        # each change of a measure's computed status a save made (`sqlite.changes`): no key to
        # `measures`, so a measure deleted with its document keeps its history. IF NOT EXISTS: a
        # file whose version was set back (as tests make an old file) may hold it already
        """CREATE TABLE IF NOT EXISTS status_changes (
            id INTEGER PRIMARY KEY,
            measure_id TEXT NOT NULL, doc_id TEXT NOT NULL,
            old TEXT, new TEXT NOT NULL,
            as_of TEXT NOT NULL, at TEXT NOT NULL, cause TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS status_changes_at ON status_changes(at)",
        "CREATE INDEX IF NOT EXISTS status_changes_doc ON status_changes(doc_id, at)",
    ],
    [
        # each distinct unit name's and issuer's lowered suffixes from its word starts, written
        # with the name (`sqlite.starts`): the unit and issuer filters read them as a key range.
        # An older file has every name cut once here (`starts.fill`, with the key in `meta`)
        """CREATE TABLE IF NOT EXISTS unit_starts (
            start TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (start, name)) WITHOUT ROWID""",
        """CREATE TABLE IF NOT EXISTS issuer_starts (
            start TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (start, name)) WITHOUT ROWID""",
        # the issuer filter reads the measures of the documents it takes (`planner._ISSUER_IDS`);
        # made first, the distinct issuers `starts.fill` reads come from it, not the documents
        "CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer)",
        lambda conn: starts.fill(conn),
    ],
    [
        # every document filter reads the documents it takes through an index holding their
        # doc_id, then their measures (`planner._document_side`): the ingest time had no index
        # (read past each document's text: 134 ms on the real corpus's 5,864), the number is
        # looked for within the index's names (`instr`), not the rows
        "DROP INDEX IF EXISTS documents_kind",
        "CREATE INDEX documents_kind ON documents(kind, doc_id)",
        "DROP INDEX IF EXISTS documents_date",
        "CREATE INDEX documents_date ON documents(date, doc_id)",
        "DROP INDEX IF EXISTS documents_issuer",
        "CREATE INDEX documents_issuer ON documents(issuer, doc_id)",
        "CREATE INDEX IF NOT EXISTS documents_number ON documents(doc_number, doc_id)",
        "CREATE INDEX IF NOT EXISTS documents_ingested ON documents(ingested_at, doc_id)",
    ],
    [
        # each document's lowest measure id, written with its measures (one run of ids from
        # there, `measure_count` long), and the document filters' indexes holding it with the
        # count: the document side reads its runs from the index alone (`planner._document_side`),
        # where reading each taken document's measures from measures_doc cost 190 ms for
        # `kind:policy` at a million real measures. An older file has it set here where its
        # measures are one run of that many ids, else NULL (their ids are then read)
        lambda conn: _with_first_measure(conn),
        """UPDATE documents SET first_measure = (
            SELECT CASE WHEN max(m.id) - min(m.id) + 1 = count(*) AND count(*) = documents.measure_count
                   THEN min(m.id) END
            FROM measures m WHERE m.doc_id = documents.doc_id)""",
        "DROP INDEX IF EXISTS documents_kind",
        "CREATE INDEX documents_kind ON documents(kind, doc_id, first_measure, measure_count)",
        "DROP INDEX IF EXISTS documents_date",
        "CREATE INDEX documents_date ON documents(date, doc_id, first_measure, measure_count)",
        "DROP INDEX IF EXISTS documents_issuer",
        "CREATE INDEX documents_issuer ON documents(issuer, doc_id, first_measure, measure_count)",
        "DROP INDEX IF EXISTS documents_number",
        "CREATE INDEX documents_number ON documents(doc_number, doc_id, first_measure, measure_count)",
        "DROP INDEX IF EXISTS documents_ingested",
        "CREATE INDEX documents_ingested ON documents(ingested_at, doc_id, first_measure, measure_count)",
    ],
    [
        # 本期变化's page counts a group's changes and reads its page of them in this index
        # (`sqlite.changes.counted`, `sliced`): a status's changes of a period, newest first
        "CREATE INDEX IF NOT EXISTS status_changes_new ON status_changes(new, at)",
    ],
]
CORRECTED_SINCE = 4  # a file migrated past this version has its corrections applied once
SCHEMA_VERSION = len(MIGRATIONS)
CACHE_KB = 65_536  # page cache per connection: the hot FTS and index pages of a 1M-measure index
FTS_TABLES = ("measures_fts", "documents_fts")
FTS_AUTOMERGE = 8
"""Segments of one level FTS5 merges into one (its default is 4). Each term's postings are
rewritten once for every level they climb, and there are log(index size) / log(this) levels:
with 8, two thirds as many rewrites as with 4 (16 saved a little more writer CPU again, but leaves
searches up to 15 segments a level to read, not 7). Stored in each table's config, so every
connection merges so (`writing.as_writer` sets it on a file made before)."""
FTS_HASHSIZE = 8 << 20
"""Bytes of pending terms FTS5 gathers before it writes them out as a new segment (its default
is 1 MB, about 16 real documents): at least one ingest batch (`ingest.WRITE_BATCH`, 64 documents,
up to 8 MB a table; 16 segments a table for 1,000 real documents) is then one segment, written at
its commit, not several that the merges read and write again. A bound, not an allocation: a batch holds what its documents need."""


def connect(path: Path, url: str) -> tuple[sqlite3.Connection, int]:
    """A connection to the file at `path`, migrated to `SCHEMA_VERSION`, and the version the file
    had (0 for a new file)."""
    try:
        # timeout is SQLite's busy_timeout: wait up to 30 s for another writer's lock
        conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    except sqlite3.DatabaseError as exc:
        raise DubanError(E.INDEX_UNREACHABLE, url=url, detail=str(exc)) from exc
    try:
        found = migrate(conn, url)
        if not starts.is_current(conn):
            # another unit lexicon or alias list than the one the stored starts were cut under
            with transaction(conn, url):
                if not starts.is_current(conn):
                    starts.fill(conn)
        return conn, found
    except BaseException:
        conn.close()
        raise


def migrate(conn: sqlite3.Connection, url: str) -> int:
    """Bring the file to `SCHEMA_VERSION`; the version it had."""
    if version(conn, url) == SCHEMA_VERSION:
        return SCHEMA_VERSION
    with transaction(conn, url):
        found = version(conn, url)
        for statements in MIGRATIONS[found:]:
            for statement in statements:
                if callable(statement):
                    statement(conn)
                else:
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return found


def _with_first_measure(conn: sqlite3.Connection) -> None:
    """Add `documents.first_measure` unless the file has it (a file whose version was set back,
    as tests make an old file, may)."""
    columns = {name for _, name, *_ in conn.execute("PRAGMA table_info(documents)")}
    if "first_measure" not in columns:
        conn.execute("ALTER TABLE documents ADD COLUMN first_measure INTEGER")


def _with_characters(conn: sqlite3.Connection) -> None:
    """Rebuild measures_fts with a third column, `chars`: which of the characters that stand
    alone in unit names each measure's runs hold (`IndexedText.characters`), which answer a one-character term beside longer
    ones in the full-text index itself (`matching.driving_expression`). A contentless table
    cannot gain a column: every measure's tokens are read back from its document's packed
    tokens and inserted again, in id order (minutes on a million measures)."""
    _rebuild(conn, "measures_fts")


def _with_ascii_tokenizer(conn: sqlite3.Connection) -> None:
    """Rebuild each full-text table still made with the `unicode61` tokenizer (a file made before
    version 7; a table version 6 rebuilt has `ascii` already) from the packed tokens: the same
    terms, fewer cycles to write them (`_FTS`)."""
    for table in _COLUMNS:
        found = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        if found is not None and _OLD_TOKENIZER in str(found[0]):
            _rebuild(conn, table)


def _rebuild(conn: sqlite3.Connection, table: str) -> None:
    """Make `table` again with its current columns and tokenizer (`_COLUMNS`, `_FTS`): a
    contentless table cannot be altered, so every row's tokens are read back from its document's
    packed tokens and inserted again, in id order, into a new table that then takes its name."""
    new = f"{table}_new"
    columns = _COLUMNS[table]
    conn.execute(f"CREATE VIRTUAL TABLE {new} USING fts5({columns}, {_FTS})")
    conn.execute(f"INSERT INTO {new} ({new}, rank) VALUES ('automerge', 0)")
    insert = f"INSERT INTO {new} (rowid, {columns}) VALUES (?, ?, ?{', ?' if 'chars' in columns else ''})"
    batch: list[tuple[Any, ...]] = []
    for row in _fts_rows(conn, table):
        batch.append(row)
        if len(batch) >= 5_000:
            conn.executemany(insert, batch)
            batch.clear()
    conn.executemany(insert, batch)
    conn.execute(f"INSERT INTO {new} ({new}) VALUES ('optimize')")
    conn.execute(f"INSERT INTO {new} ({new}, rank) VALUES ('automerge', {FTS_AUTOMERGE})")
    conn.execute(f"DROP TABLE {table}")
    conn.execute(f"ALTER TABLE {new} RENAME TO {table}")


def _fts_rows(conn: sqlite3.Connection, table: str) -> Iterator[tuple[Any, ...]]:
    """The full-text row of every document (`documents_fts`) or measure (`measures_fts`, with its
    `chars`), from the documents' packed tokens, in row id order."""
    if table == "documents_fts":
        for rowid, blob in conn.execute("SELECT id, tokens FROM documents ORDER BY id"):
            document = unpack_tokens(blob).document
            yield rowid, document.words, document.grams
        return
    rows = conn.execute(
        "SELECT d.id, d.tokens, m.id, m.ord FROM documents d JOIN measures m ON m.doc_id = d.doc_id "
        "ORDER BY d.id, m.id"
    )
    seen: tuple[int, Any] = (-1, None)
    for doc, blob, rowid, ordinal in rows:
        if seen[0] != doc:
            seen = (doc, unpack_tokens(blob))
        indexed = seen[1].measures[ordinal]
        yield rowid, indexed.words, indexed.grams, indexed.characters


def version(conn: sqlite3.Connection, url: str) -> int:
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > SCHEMA_VERSION:
        raise DubanError(E.INDEX_SCHEMA, url=url, detail=str(found))
    return found


class Held(Protocol):
    """Rows a write inside `transaction` leaves for the end of it (`held`)."""

    def write(self) -> None: ...


H = TypeVar("H", bound=Held)
_HELD: dict[int, dict[str, Held]] = {}
"""The rows held by each connection that has a `transaction` open (by `id`: a connection is
alive while its transaction is open), in the order first asked for."""


def held(db: sqlite3.Connection, key: str, make: Callable[[], H]) -> H | None:
    """The rows held under `key` for the end of the transaction open on `db` (`make`s them on the
    first ask), or None when `db` has no `transaction` open: the caller then writes at once.

    Held rows are written just before the commit, and dropped with a rollback, so the transaction
    is whole either way; what reads them back within it first calls `write_held`."""
    rows = _HELD.get(id(db))
    if rows is None:
        return None
    found = rows.get(key)
    if found is None:
        found = rows[key] = make()
    return cast(H, found)


def write_held(db: sqlite3.Connection, key: str) -> None:
    """Write now the rows held under `key` in the transaction open on `db`, if any."""
    found = _HELD.get(id(db), {}).pop(key, None)
    if found is not None:
        found.write()


@contextmanager
def transaction(db: sqlite3.Connection, url: str) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so no write fails half-way.
    The rows the writes held (`held`) are written before the commit."""
    try:
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise DubanError(E.INDEX_UNREACHABLE, url=url, detail=str(exc)) from exc
    rows = _HELD[id(db)] = {}
    try:
        yield
        while rows:
            rows.pop(next(iter(rows))).write()
        db.execute("UPDATE meta SET value = value + 1 WHERE key = 'version'")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    finally:
        del _HELD[id(db)]
    db.execute("COMMIT")


def file_version(db: sqlite3.Connection) -> tuple[int, int]:
    """The file's random id (drawn when it was made, so a file rebuilt at the same path is another
    file) and its write counter: a key for what readers cache, equal in every connection and
    process that reads the same file at the same version."""
    found = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('file', 'version')").fetchall())
    return int(found["file"]), int(found["version"])


def dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
