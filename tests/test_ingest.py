"""Batch ingestion into a real SQLite file, and the ingest/search/stats commands.

The extraction rules change often, so these tests count documents and look for text the files
contain (documents are searchable by their whole text) rather than for exact measures.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from duban.index import open_store
from duban.pipeline.cli_index import register
from duban.pipeline.ingest import Job, Outcome, collect_files, in_shard, ingest, parse_shard, run_jobs

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ["安全生产", "老旧小区改造", "营商环境", "河湖长制", "垃圾分类", "乡村振兴", "数字政府", "食品安全"]
UNITS = ["市应急管理局", "市住房城乡建设局", "市发展改革委", "市水务局", "市城市管理局", "市农业农村局"]


def write_doc(folder: Path, i: int, marker: str = "") -> Path:
    """A small notice of our own: a title, three numbered tasks with units and deadlines, a tag."""
    topic, unit, other = TOPICS[i % len(TOPICS)], UNITS[i % len(UNITS)], UNITS[(i + 1) % len(UNITS)]
    text = (
        f"关于做好{topic}工作的通知\n"
        f"为推进{topic}工作，现将有关事项通知如下。\n"
        f"一、{unit}要于2024年{i % 12 + 1}月底前完成{topic}隐患排查。\n"
        f"二、{other}牵头建立{topic}工作台账，每季度报送一次进展情况。\n"
        f"三、各区人民政府要落实属地责任，持续推进{topic}工作。\n"
        f"文件编号{i:04d}{marker}\n"
    )
    path = folder / f"notice-{i:03d}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(5):
        write_doc(docs, i)
    return docs


def url_for(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/index.db"


def doc_sources(url: str, query: str) -> list[str]:
    with open_store(url) as store:
        return [hit.source for hit in store.search(query, target="documents", limit=50).hits]


def test_ingest_a_folder(folder: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    report = ingest([folder], index_url=url, progress=False)
    assert (report.seen, report.ingested, report.unchanged, report.failed) == (5, 5, 0, 0)
    assert report.status == "done"
    with open_store(url) as store:
        assert store.count("documents") == 5
        assert store.count("measures") == report.measures
        record = store.get(store.search("文件编号0003", target="documents").hits[0].doc_id)
        assert record is not None
        assert record.sources == (str((folder / "notice-003.txt").resolve()),)
        assert "河湖长制" in record.text
        assert [run.status for run in store.runs()] == ["done"]


def test_rerun_skips_unchanged_files(folder: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    ingest([folder], index_url=url, progress=False)
    again = ingest([folder], index_url=url, progress=False)
    assert (again.seen, again.ingested, again.unchanged, again.failed) == (5, 0, 5, 0)
    with open_store(url) as store:
        assert store.count("documents") == 5
        assert len(store.runs()) == 2


def test_changed_file_replaces_its_old_version(folder: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    ingest([folder], index_url=url, progress=False)
    write_doc(folder, 2, marker="修订版")
    report = ingest([folder], index_url=url, progress=False)
    assert (report.ingested, report.unchanged) == (1, 4)
    assert report.actions == {"replaced": 1}
    with open_store(url) as store:
        assert store.count("documents") == 5
    assert doc_sources(url, "修订版") == [str((folder / "notice-002.txt").resolve())]
    assert doc_sources(url, "文件编号0002") == [str((folder / "notice-002.txt").resolve())]


def test_bad_files_are_reported_and_the_rest_ingested(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntruncated")
    (folder / "notes.xyz").write_text("not a supported type", encoding="utf-8")
    url = url_for(tmp_path)
    report = ingest([folder, tmp_path / "no-such-folder"], index_url=url, progress=False)
    assert (report.seen, report.ingested, report.failed, len(report.skipped)) == (9, 5, 3, 1)
    assert report.skipped[0].code == "E003" and "notes.xyz" in report.skipped[0].message
    by_file = {Path(f.source).name: f for f in report.failures}
    assert by_file["empty.txt"].code == "E002"
    assert by_file["broken.pdf"].code.startswith("E01")
    assert by_file["no-such-folder"].code == "E001"
    assert "broken.pdf" in by_file["broken.pdf"].message
    with open_store(url) as store:
        assert store.count("documents") == 5
        assert store.runs()[0].failed == 3


def test_recursive_walk(folder: Path, tmp_path: Path) -> None:
    nested = folder / "2024" / "q1"
    nested.mkdir(parents=True)
    write_doc(nested, 40)
    flat, _ = collect_files([folder], recursive=False)
    deep, _ = collect_files([folder], recursive=True)
    assert len(flat) == 5
    assert [c.relative for c in deep if "/" in c.relative] == ["2024/q1/notice-040.txt"]


def test_shards_split_a_folder_disjointly(tmp_path: Path) -> None:
    docs = tmp_path / "many"
    docs.mkdir()
    for i in range(24):
        write_doc(docs, i)
    candidates, _ = collect_files([docs], recursive=False)
    parts = [{c.relative for c in candidates if in_shard(c.relative, (k, 3))} for k in (1, 2, 3)]
    assert sum(len(p) for p in parts) == 24
    assert set.union(*parts) == {c.relative for c in candidates}
    assert all(len(p) > 0 for p in parts)
    url = url_for(tmp_path)
    seen = [ingest([docs], index_url=url, shard=(k, 3), progress=False).seen for k in (1, 2, 3)]
    assert seen == [len(p) for p in parts]
    with open_store(url) as store:
        assert store.count("documents") == 24


def test_parse_shard() -> None:
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "x", "1/2/3"):
        with pytest.raises(ValueError):
            parse_shard(bad)


def test_two_workers_give_the_same_index(folder: Path, tmp_path: Path) -> None:
    one, two = f"sqlite:///{tmp_path}/one.db", f"sqlite:///{tmp_path}/two.db"
    ingest([folder], index_url=one, workers=1, progress=False)
    report = ingest([folder], index_url=two, workers=2, progress=False)
    assert (report.ingested, report.failed) == (5, 0)
    with open_store(one) as a, open_store(two) as b:
        assert a.count("documents") == b.count("documents") == 5
        assert a.count("measures") == b.count("measures")


def explode_on_poison(job: Job, names: tuple[str, ...]) -> Outcome:
    """A worker task that dies like a crashing PDF library on one file, and succeeds on the rest."""
    if job.path.name == "poison.txt":
        os._exit(1)
    return Outcome(job, {"source": job.source}, "id-" + job.path.name)


def test_a_dying_worker_fails_only_its_own_file(tmp_path: Path) -> None:
    jobs = [
        Job(tmp_path / name, str(tmp_path / name), 1) for name in ("a.txt", "poison.txt", "b.txt", "c.txt")
    ]
    outcomes = {o.job.path.name: o for o in run_jobs(jobs, 2, ("rules",), explode_on_poison)}
    assert sorted(outcomes) == ["a.txt", "b.txt", "c.txt", "poison.txt"]
    poison = outcomes["poison.txt"].failure
    assert poison is not None
    assert (poison.code, "工作进程" in poison.message) == ("E080", True)
    assert all(outcomes[name].failure is None for name in ("a.txt", "b.txt", "c.txt"))


def test_unknown_extractor_is_refused(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        ingest([folder], index_url=url_for(tmp_path), extractors=["no-such-extractor"], progress=False)


def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_cli_ingest_search_stats(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    url = url_for(tmp_path)
    result = runner.invoke(cli(), ["ingest", str(folder), "--index", url, "--quiet"])
    assert result.exit_code == 0, result.output
    assert "5 个文件：已索引 5 个" in result.stdout
    found = runner.invoke(cli(), ["search", "隐患排查", "--index", url, "--json", "--limit", "50"])
    assert found.exit_code == 0, found.output
    lines = [json.loads(line) for line in found.stdout.splitlines()]
    keys = {"text", "source", "doc_id", "page", "units", "deadlines", "status", "score", "highlight"}
    assert all(keys <= set(line) for line in lines)
    assert all("隐患排查" in line["text"] and "【隐患排查】" in line["highlight"] for line in lines)
    docs = runner.invoke(cli(), ["search", "文件编号0001", "--docs", "--index", url, "--json"])
    assert [json.loads(line)["source"] for line in docs.stdout.splitlines()] == [
        str((folder / "notice-001.txt").resolve())
    ]
    table = runner.invoke(cli(), ["search", "文件编号0001", "--docs", "--index", url])
    assert table.exit_code == 0
    assert "共 1 条，显示 1 条" in table.stdout
    stats = runner.invoke(cli(), ["stats", "--index", url, "--json"])
    assert json.loads(stats.stdout)["documents"] == 5
    assert json.loads(stats.stdout)["last_run"]["ingested"] == 5
    assert "5 个文件" in runner.invoke(cli(), ["stats", "--index", url]).stdout


def test_cli_index_from_environment(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_INDEX", url_for(tmp_path))
    result = CliRunner().invoke(cli(), ["ingest", str(folder), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "index.db").exists()


def test_cli_ingest_uses_the_cpus_unless_told(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `--workers` a run extracts with one process per usable CPU (at most
    `AUTO_WORKERS_MAX`) and says how many in its report; `--workers 1` is taken as given."""
    from duban.pipeline import worker

    monkeypatch.setattr(worker.os, "sched_getaffinity", lambda pid: set(range(8)), raising=False)
    assert worker.auto_workers() == worker.AUTO_WORKERS_MAX
    monkeypatch.setattr(worker.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert worker.auto_workers() == 2
    runner = CliRunner()
    url = url_for(tmp_path)
    chosen = runner.invoke(cli(), ["ingest", str(folder), "--index", url, "--json"])
    assert chosen.exit_code == 0, chosen.output
    assert json.loads(chosen.stdout)["workers"] == 2
    (folder / "notice-000.txt").unlink()
    write_doc(folder, 9)
    given = runner.invoke(cli(), ["ingest", str(folder), "--index", url, "--json", "--workers", "1"])
    assert given.exit_code == 0, given.output
    report = json.loads(given.stdout)
    assert (report["workers"], report["ingested"], report["unchanged"]) == (1, 1, 4)
    assert (
        json.loads(runner.invoke(cli(), ["stats", "--index", url, "--json"]).stdout)["last_run"]["workers"]
        == 1
    )


def test_cli_ingest_exit_code_and_failures(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli(), ["ingest", str(folder), "--index", url_for(tmp_path), "-q"])
    assert result.exit_code == 1
    assert "E002" in result.stdout
    assert "empty.txt" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["search", "约谈", "--deadline-before", "2024-13"], "E050"),
        (["search", "约谈", "--status", "finished"], "E050"),
        (["search", "约谈", "--index", "ftp://nowhere"], "E040"),
    ],
)
def test_cli_bad_input_is_a_clear_error(args: list[str], expected: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli(), [*args, "--index", url_for(tmp_path)] if "--index" not in args else args
    )
    assert result.exit_code == 2
    assert expected in result.stderr


def test_cli_bad_shard(folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli(), ["ingest", str(folder), "--shard", "4/3", "--index", url_for(tmp_path)]
    )
    assert result.exit_code == 2
    assert "shard" in result.output


def test_cli_help_on_every_command_and_option() -> None:
    runner = CliRunner()
    for command in ("ingest", "search", "stats"):
        result = runner.invoke(cli(), [command, "--help"])
        assert result.exit_code == 0
        assert "--index" in result.stdout
        assert "DUBAN_INDEX" in result.stdout
    for option in ("--unit", "--role", "--deadline-before", "--from", "--to", "--docs", "--sort", "--json"):
        assert option in runner.invoke(cli(), ["search", "--help"]).stdout
    ingest_help = runner.invoke(cli(), ["ingest", "--help"]).stdout
    for option in ("--recursive", "--workers", "--shard", "--extractors", "--quiet"):
        assert option in ingest_help


@pytest.mark.slow
def test_killed_ingest_rerun_leaves_each_document_once(tmp_path: Path) -> None:
    docs = tmp_path / "many"
    docs.mkdir()
    total = 120
    for i in range(total):
        write_doc(docs, i)
    db = tmp_path / "killed.db"
    command = [
        sys.executable,
        "-m",
        "duban.pipeline.cli_index",
        "ingest",
        str(docs),
        "--index",
        str(db),
        "--quiet",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        written = _wait_for_documents(db, 10, process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert 10 <= written < total, "the ingest should be killed part-way"
    report = ingest([docs], index_url=str(db), progress=False)
    assert report.unchanged >= written
    assert report.ingested + report.unchanged == total
    conn = sqlite3.connect(db)

    def one(sql: str) -> object:
        return conn.execute(sql).fetchone()[0]

    assert one("PRAGMA integrity_check") == "ok"
    assert one("SELECT count(*) FROM documents") == total
    assert one("SELECT count(DISTINCT doc_id) FROM documents") == total
    assert one("SELECT count(*) FROM sources") == total
    assert one("SELECT count(*) FROM measures WHERE doc_id NOT IN (SELECT doc_id FROM documents)") == 0
    assert one("SELECT count(*) FROM measures_fts") == one("SELECT count(*) FROM measures")
    assert one("SELECT count(*) FROM documents_fts") == total
    assert one("SELECT sum(measure_count) FROM documents") == one("SELECT count(*) FROM measures")
    conn.close()


def _wait_for_documents(db: Path, at_least: int, process: subprocess.Popen[bytes]) -> int:
    """Poll the index a reader would, until the writer has committed `at_least` documents."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        if db.exists():
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
                count = int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
                conn.close()
                if count >= at_least:
                    return count
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    raise AssertionError("the ingest wrote too few documents in time")


def _table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every stored column that does not hold a time stamp, table by table."""
    queries = {
        "documents": "SELECT doc_id, source, title, kind, doc_number, issuer, date, text, record,"
        " measure_count, first_due, tokens FROM documents ORDER BY id",
        "measures": "SELECT id, measure_id, doc_id, ord, text, page, record, first_due FROM measures ORDER BY id",
        "units": "SELECT * FROM units ORDER BY 1, 2, 3",
        "deadlines": "SELECT * FROM deadlines ORDER BY 1, 2",
        "relays": "SELECT * FROM relays ORDER BY 1, 2",
        "fts": "SELECT id, block FROM measures_fts_data UNION ALL SELECT id, block FROM documents_fts_data",
    }
    with sqlite3.connect(path) as db:
        return {name: db.execute(sql).fetchall() for name, sql in queries.items()}


def test_a_worker_row_is_written_as_the_record_would_be(folder: Path, tmp_path: Path) -> None:
    """What a worker sends (a row with its records encoded and tokens packed, passed through a
    pipe) is stored byte for byte as the plain record written by the store itself."""
    import pickle

    from duban.index.analysis import Analyzer
    from duban.index.records import DocumentRow, ready_row
    from duban.pipeline.extract import extract_file

    docs = [extract_file(path) for path in sorted(folder.glob("*.txt"))]
    rows = [pickle.loads(pickle.dumps(ready_row(doc, doc.doc_id, Analyzer()))) for doc in docs]
    assert all(isinstance(row, DocumentRow) and row.ready and row.tokens is None for row in rows)
    with open_store(str(tmp_path / "plain.db")) as store:
        store.write_many([(doc.to_json(include_text=True), doc.doc_id) for doc in docs])
    with open_store(str(tmp_path / "rows.db")) as store:
        store.write_many([(row, row.doc_id) for row in rows])
        assert store.search("安全生产").total >= 1
    assert _table_rows(tmp_path / "plain.db") == _table_rows(tmp_path / "rows.db")
    assert rows[0].measures[0].record == {
        k: v for k, v in docs[0].measures[0].to_json().items() if k != "text"
    }


def test_a_worker_row_brings_its_texts_as_utf8_read_only_when_asked(folder: Path, tmp_path: Path) -> None:
    """A worker's row crosses the pipe with its document's and measures' text and records as their
    UTF-8 bytes (`records.Utf8Text`), which the writer binds as they came and SQLite stores as
    text; the strings are made only when read, equal to the row's own. A text UTF-8 cannot hold (a
    lone surrogate) crosses as it is and fails where it is written, as before."""
    import pickle
    from dataclasses import replace

    from duban.base.errors import DubanError
    from duban.index.analysis import Analyzer
    from duban.index.records import UTF8_KEY, ready_row, text_and_stored
    from duban.pipeline.extract import extract_file

    doc = extract_file(sorted(folder.glob("*.txt"))[0])
    row = ready_row(doc, doc.doc_id, Analyzer())
    sent = pickle.loads(pickle.dumps(row))
    assert text_and_stored(row) == (row.text, row.stored)
    assert text_and_stored(sent) == (row.text.encode("utf-8"), row.stored.encode("utf-8"))
    first = sent.measures[0]
    assert text_and_stored(first) == (
        row.measures[0].text.encode("utf-8"),
        row.measures[0].stored.encode("utf-8"),
    )
    assert "text" not in vars(sent) and "stored" not in vars(first), "nothing decoded on the way"
    with open_store(str(tmp_path / "sent.db")) as store:
        store.write_many([(sent, sent.doc_id)])
    assert "text" not in vars(sent) and "stored" not in vars(first), "nor by the writer"
    with sqlite3.connect(tmp_path / "sent.db") as db:
        kinds = db.execute("SELECT DISTINCT typeof(text), typeof(record) FROM documents").fetchall()
        kinds += db.execute("SELECT DISTINCT typeof(text), typeof(record) FROM measures").fetchall()
        stored = db.execute("SELECT text, record FROM documents").fetchone()
    assert set(kinds) == {("text", "text")} and stored == (row.text, row.stored)
    assert sent == row and first.record == row.measures[0].record and sent.text == row.text
    assert vars(sent)["text"] == row.text, "read once, kept"
    again = pickle.loads(pickle.dumps(sent))  # read already: still sent as bytes
    assert text_and_stored(again) == text_and_stored(sent) and again == row
    twice = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(row))))  # passed on unread
    assert text_and_stored(twice) == text_and_stored(sent) and twice == row
    damaged = pickle.loads(pickle.dumps(replace(row, text=row.text + "\ud800")))
    assert UTF8_KEY not in vars(damaged) and damaged.text == row.text + "\ud800"
    with open_store(str(tmp_path / "damaged.db")) as store, pytest.raises(DubanError) as refused:
        store.write_many([(damaged, damaged.doc_id)])
    assert refused.value.code == "E044" and "UnicodeEncodeError" in refused.value.message


def test_a_worker_row_carries_its_full_text_columns_once_as_utf8(folder: Path) -> None:
    """A worker's row holds its full-text columns as the UTF-8 the writer binds (the measures'
    characters worked out there too), not the tokens besides; a store that takes tokens as text
    (Elasticsearch) reads the very tokens back, and a row made under another analyzer is made
    again."""
    from dataclasses import replace

    from duban.index.analysis import Analyzer
    from duban.index.records import ReadyTokens, ready_row, ready_tokens, tokens_for, unpack_tokens
    from duban.pipeline.extract import extract_file

    doc = extract_file(sorted(folder.glob("*.txt"))[0])
    analyzer = Analyzer()
    row = ready_row(doc, doc.doc_id, analyzer)
    made = analyzer.index_document(row.title, row.text, [(m.start, m.end, m.text) for m in row.measures])
    assert row.tokens is None and row.ready is not None and row.measures
    assert row.ready.document == (made.document.words.encode("utf-8"), made.document.grams.encode("utf-8"))
    assert [chars.decode("utf-8") for _, _, chars in row.ready.measures] == [
        m.characters for m in made.measures
    ]
    assert unpack_tokens(row.ready.packed) == made
    assert tokens_for(row, analyzer) == made
    assert ready_tokens(row, analyzer) is row.ready
    stale = replace(row, ready=replace(row.ready, signature="0:older", document=(b"x", b"y")))
    assert ready_tokens(stale, analyzer) == ReadyTokens.of(made)


def test_has_statuses_of_a_sqlite_index_does_not_count_the_whole_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a run, whether to re-run the cross-check is asked of the index without `stats()`,
    whose scan of every measure and unit was the ingest parent's peak memory on a large index."""
    from duban.index import has_statuses
    from duban.index.sqlite_store import SQLiteStore
    from duban.index.testing import load, measure_id, policy

    def counted(self: SQLiteStore) -> None:
        raise AssertionError("stats() read the whole index")

    with SQLiteStore(tmp_path / "i.db") as store:
        load(store, policy())
        monkeypatch.setattr(SQLiteStore, "stats", counted)
        assert has_statuses(store) is False
        store.update_status(measure_id(store, policy(), 0), "done")
        assert has_statuses(store) is True


def test_the_files_of_a_batch_are_held_as_strings(tmp_path: Path) -> None:
    """The candidates and jobs the parent holds for a whole batch keep their paths as strings (one
    string for path and source when they are the same), not as `Path` objects, and the walk's
    candidates go once the jobs are made: about 450 bytes a file of long Chinese paths instead of
    1,000, which on 60,000 files is tens of MB of the ingest parent."""
    import gc
    import pickle
    import tracemalloc

    from duban.base.stored import RunReport
    from duban.index.sqlite_store import SQLiteStore
    from duban.pipeline.ingest import _changed, walk_files

    folder = tmp_path / "文件夹"
    for k in range(400):
        (folder / f"第{k // 100}组").mkdir(parents=True, exist_ok=True)
        (folder / f"第{k // 100}组" / f"关于第{k}项工作的通知.txt").write_text(f"第{k}项", encoding="utf-8")
    with SQLiteStore(tmp_path / "i.db") as store:
        store.count()
        report = RunReport(run_id="r", index_url=store.url, started_at="now")
        gc.collect()
        tracemalloc.start()
        try:
            candidates, _, _, _ = walk_files([folder.absolute()], True)
            jobs = _changed(store, candidates, report)
            del candidates
            gc.collect()
            # What grows with the files: allocations made once a process (the interpreter's table
            # of interned strings resizing, 1.8 MB in one block, when earlier tests filled it) are
            # not what the batch holds a file.
            held = sum(s.size for s in tracemalloc.take_snapshot().statistics("lineno") if s.count >= 100)
        finally:
            tracemalloc.stop()
    assert len(jobs) == 400 and held / 400 < 600
    job = jobs[0]
    assert job.file is job.source and job.path == Path(job.source) and job.path.is_file()
    assert pickle.loads(pickle.dumps(job)) == job
