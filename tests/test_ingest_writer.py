"""The ingest's writer thread: every document handed to it is written by `finish`, a store error
reaches the caller, and the store is usable from the caller's thread again afterwards (a SQLite
connection belongs to the thread that opened it)."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from duban.base.model import Document, Metadata
from duban.base.stored import RunReport
from duban.index import open_store
from duban.index.sqlite_store import SQLiteStore
from duban.index.store import Store
from duban.index.testing import Item, make_document
from duban.pipeline import ingest as ingest_module
from duban.pipeline.extract import DEFAULT_EXTRACTORS
from duban.pipeline.ingest import Job, Outcome, _Writer, extract_job
from tests.test_ingest import write_doc


def new_writer(tmp_path: Path) -> tuple[Store, RunReport, _Writer]:
    """A fresh SQLite index in `tmp_path`, a run report and the ingest writer over them."""
    store = open_store(f"sqlite:///{tmp_path}/index.db")
    report = RunReport(run_id="r", index_url=store.url, started_at="2026-01-01T00:00:00+00:00")
    return store, report, _Writer(store, report)


def outcomes(tmp_path: Path, count: int) -> list[Outcome]:
    """Documents of our own, extracted as a worker would, ready for the writer."""
    docs = tmp_path / "docs"
    docs.mkdir()
    found = []
    for i in range(count):
        path = write_doc(docs, i)
        found.append(extract_job(Job(path, str(path), path.stat().st_size), tuple(DEFAULT_EXTRACTORS)))
    assert all(o.record is not None for o in found)
    return found


def test_finish_writes_every_document_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 2)
    monkeypatch.setattr(ingest_module, "WRITE_SECONDS", 3600.0)
    threads: set[str] = set()
    batches: list[int] = []
    real = SQLiteStore.write_many

    def counted(self: SQLiteStore, items: Iterable[tuple[object, str]]) -> object:
        items = list(items)
        batches.append(len(items))
        threads.add(threading.current_thread().name)
        return real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "write_many", counted)
    store = open_store(f"sqlite:///{tmp_path}/index.db")
    store.count("documents")  # the caller's thread has used the store before the writer starts
    report = RunReport(run_id="r", index_url=store.url, started_at="2026-01-01T00:00:00+00:00")
    writer = _Writer(store, report)
    for outcome in outcomes(tmp_path, 5):
        writer.put(outcome)
    writer.finish()
    writer.abandon()  # nothing left to do: returns at once
    assert batches == [2, 2, 1], "full batches as they filled, the rest at the end"
    assert threads == {"duban-writer"}
    assert (report.ingested, report.actions) == (5, {"added": 5})
    assert store.count("documents") == 5, "the caller's thread uses the store again"
    store.close()


def test_a_store_error_reaches_the_caller_and_the_store_stays_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 1)
    real = SQLiteStore.write_many
    calls = {"n": 0}

    def fill_up(self: SQLiteStore, items: Iterable[tuple[object, str]]) -> object:
        calls["n"] += 1
        if calls["n"] > 2:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "write_many", fill_up)
    store, report, writer = new_writer(tmp_path)
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for outcome in outcomes(tmp_path, 5):
            writer.put(outcome)
        writer.finish()
    writer.abandon()
    assert report.ingested == 2
    store.record_run(report)  # from the caller's thread, as `ingest` records the failed run
    assert store.count("documents") == 2
    store.close()


def test_abandon_leaves_what_was_not_yet_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupted run: the thread ends without writing the batch it was still gathering."""
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 100)
    monkeypatch.setattr(ingest_module, "WRITE_SECONDS", 3600.0)
    store, report, writer = new_writer(tmp_path)
    for outcome in outcomes(tmp_path, 3):
        writer.put(outcome)
    writer.abandon()
    assert report.ingested == 0
    assert store.count("documents") == 0
    store.close()


def _documents_in(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_a_document_short_of_a_batch_is_written_when_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread is woken for full batches only, yet a document that no other follows is written
    `WRITE_SECONDS` after it came, without waiting for the end of the run."""
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 100)
    monkeypatch.setattr(ingest_module, "WRITE_SECONDS", 0.05)
    store = open_store(f"sqlite:///{tmp_path}/index.db")
    store.count("documents")  # the file is made before another connection reads it
    report = RunReport(run_id="r", index_url=store.url, started_at="2026-01-01T00:00:00+00:00")
    writer = _Writer(store, report)
    found = outcomes(tmp_path, 1)  # meanwhile the thread has begun to wait for documents
    writer.put(found[0])
    deadline = time.monotonic() + 30
    while _documents_in(tmp_path / "index.db") == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _documents_in(tmp_path / "index.db") == 1, "written before the run ended"
    writer.finish()
    assert report.ingested == 1
    store.close()


def test_the_loop_waits_while_a_queue_of_documents_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a batch is written, `WRITE_QUEUE` documents may wait beside it and no more: the loop
    that feeds the workers waits, so the parent's memory stays bounded."""
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 1)
    monkeypatch.setattr(ingest_module, "WRITE_QUEUE", 2)
    writing, release = threading.Event(), threading.Event()
    real = SQLiteStore.write_many

    def held(self: SQLiteStore, items: Iterable[tuple[object, str]]) -> object:
        writing.set()
        release.wait(30)
        return real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "write_many", held)
    store, report, writer = new_writer(tmp_path)
    found = outcomes(tmp_path, 4)
    writer.put(found[0])
    assert writing.wait(30), "the writer took the first batch"
    writer.put(found[1])
    writer.put(found[2])
    fourth = threading.Thread(target=writer.put, args=(found[3],))
    fourth.start()
    fourth.join(0.3)
    assert fourth.is_alive(), "a third waiting document is held back"
    release.set()
    fourth.join(30)
    assert not fourth.is_alive()
    writer.finish()
    assert report.ingested == 4
    store.close()


def test_a_batch_of_documents_makes_few_full_text_segments(tmp_path: Path) -> None:
    """One write transaction of several documents should give FTS5 one flush, not one per document
    (a statement savepoint per document, as an upsert opens, flushes a segment each time)."""
    store = open_store(f"sqlite:///{tmp_path}/index.db")
    assert isinstance(store, SQLiteStore)
    db = store._db()
    for table in ("measures_fts", "documents_fts"):
        db.execute(f"INSERT INTO {table}({table}, rank) VALUES ('automerge', 0)")  # keep segments countable
    db.commit()
    found = outcomes(tmp_path, 6)
    store.write_many([(o.record or {}, o.doc_id) for o in found])
    assert store.count("documents") == 6
    for table in ("measures_fts", "documents_fts"):
        segments = db.execute(
            f"SELECT count(DISTINCT id >> 37) FROM {table}_data WHERE id >> 37 > 0"
        ).fetchone()[0]
        assert 1 <= segments <= 2, f"{table}: {segments} segments for one batch of 6 documents"


def test_the_writer_keeps_a_small_page_cache_and_a_longer_log_and_the_caller_the_searchers_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer's connection only writes: a 64 MB page cache filled over a batch and held the
    ingest parent's memory growing, and a checkpoint every 4 MB of log copied the pages each batch
    rewrites again and again; the caller's connection after the batch searches again."""
    from duban.index.sqlite.schema import CACHE_KB
    from duban.index.sqlite.writing import WRITER_CACHE_KB, WRITER_CHECKPOINT_PAGES

    seen: list[int] = []
    checkpoints: list[int] = []
    real = SQLiteStore.write_many

    def spied(self: SQLiteStore, items: Iterable[tuple[object, str]]) -> object:
        seen.append(int(self._db().execute("PRAGMA cache_size").fetchone()[0]))
        checkpoints.append(int(self._db().execute("PRAGMA wal_autocheckpoint").fetchone()[0]))
        return real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "write_many", spied)
    store = open_store(f"sqlite:///{tmp_path}/index.db")
    assert isinstance(store, SQLiteStore)
    report = RunReport(run_id="r", index_url=store.url, started_at="2026-01-01T00:00:00+00:00")
    writer = _Writer(store, report)
    for outcome in outcomes(tmp_path, 3):
        writer.put(outcome)
    writer.finish()
    assert WRITER_CACHE_KB < CACHE_KB
    assert seen and set(seen) == {-WRITER_CACHE_KB}
    assert set(checkpoints) == {WRITER_CHECKPOINT_PAGES} and WRITER_CHECKPOINT_PAGES > 1_000, (
        "the writer copies its log into the file less often than SQLite's default"
    )
    assert report.ingested == 3
    assert store._db().execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KB
    assert store.count("documents") == 3
    store.close()


def _segments(db: sqlite3.Connection, table: str) -> int:
    return int(
        db.execute(f"SELECT count(DISTINCT id >> 37) FROM {table}_data WHERE id >> 37 > 0").fetchone()[0]
    )


def _many_terms(count: int) -> list[tuple[Document, str]]:
    """Documents whose texts share few bigrams (characters drawn at random from the CJK block),
    so that a batch of them holds a few MB of FTS5's pending terms, past its default 1 MB (the
    lines per document grow as the batch shrinks: about 20,000 characters a batch)."""
    chosen = random.Random(7)
    docs = []
    per_doc = max(5, 320 // max(count, 1))
    for i in range(count):
        lines = ["".join(chr(chosen.randrange(0x4E00, 0x9FA5)) for _ in range(60)) for _ in range(per_doc)]
        doc = make_document(f"/docs/随机{i}.txt", Metadata(title=f"第{i}号"), [Item(line) for line in lines])
        docs.append((doc, doc.doc_id))
    return docs


def test_the_writer_flushes_a_batch_as_one_full_text_segment(tmp_path: Path) -> None:
    """The writer's connection stores FTS5's merge width and pending-terms bound in both tables
    (once: a file that holds them is not written to again), and a batch of `WRITE_BATCH`
    documents is then one new segment a table, where FTS5's own 1 MB bound cut it into several
    that its merges would read and write again."""
    from duban.index.sqlite.schema import FTS_AUTOMERGE, FTS_HASHSIZE, FTS_TABLES

    docs = _many_terms(ingest_module.WRITE_BATCH)
    plain = SQLiteStore(tmp_path / "plain.db")
    writer = SQLiteStore(tmp_path / "writer.db")
    writer.only_writes()
    db = writer._db()
    for table in FTS_TABLES:
        held = dict(db.execute(f"SELECT k, v FROM {table}_config").fetchall())
        assert held["automerge"] == FTS_AUTOMERGE and held["hashsize"] == FTS_HASHSIZE
    before = db.total_changes
    writer.only_writes()
    assert db.total_changes == before, "settings already held are not written again"
    for store in (plain, writer):
        for table in FTS_TABLES:  # no merging, so the segments each flush made can be counted
            store._db().execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', 0)")
        store.write_many(docs)
        assert store.count("documents") == len(docs)
    assert _segments(plain._db(), "measures_fts") > 1, (
        "the batch fits FTS5's default bound: the test proves nothing"
    )
    for table in FTS_TABLES:
        assert _segments(writer._db(), table) == 1, table
    assert [h.doc_id for h in writer.search(docs[3][0].measures[0].text[:8]).hits] == [docs[3][1]]
    plain.close()
    writer.close()


def test_the_heap_is_trimmed_every_few_batches_and_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trim after every batch made the next batch fault its pages in again: the writer trims
    every `TRIM_BATCHES` batches, and once when the last is written."""
    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 1)
    monkeypatch.setattr(ingest_module, "TRIM_BATCHES", 2)
    trims: list[int] = []
    written: list[int] = []
    real = SQLiteStore.write_many

    def counted(self: SQLiteStore, items: Iterable[tuple[object, str]]) -> object:
        written.append(1)
        return real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "write_many", counted)
    monkeypatch.setattr(ingest_module, "free_memory_returner", lambda: lambda: trims.append(len(written)))
    store, _report, writer = new_writer(tmp_path)
    for outcome in outcomes(tmp_path, 5):
        writer.put(outcome)
    writer.finish()
    assert len(written) == 5, "one batch a document"
    assert trims == [2, 4, 5], "after the second and the fourth batch, and at the end"
    store.close()
