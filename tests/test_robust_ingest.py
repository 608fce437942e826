"""The nightly ingest accounts for every file and always finishes: limits per file, a full disk,
killed runs, skipped types, odd names, renamed and deleted files, and the commands around them."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from duban.base.limits import Limits
from duban.base.stored import RunReport
from duban.index import open_store
from duban.index.records import DocumentRow
from duban.index.sqlite_store import SQLiteStore
from duban.pipeline import ingest as ingest_module
from duban.pipeline.cli_index import register
from duban.pipeline.ingest import Job, Outcome, ingest, mark_interrupted, run_jobs
from tests.robust_factory import write

NOTICE = (
    "关于做好{0}工作的通知\n一、市应急管理局要于2024年6月底前完成{0}隐患排查。\n二、各区要持续推进{0}工作。\n"
)
TOPICS = ["安全生产", "垃圾分类", "河湖长制", "乡村振兴", "数字政府", "食品安全"]
runner = CliRunner()


def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, topic in enumerate(TOPICS[:4]):
        (docs / f"n{i}.txt").write_text(NOTICE.format(topic), encoding="utf-8")
    return docs


def url_for(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/index.db"


def sleepy(job: Job, names: tuple[str, ...]) -> Outcome:
    """A task that hangs on one file, like the quadratic inputs of the issue."""
    if job.path.name.startswith("slow"):
        time.sleep(60)
    return Outcome(job, {"source": job.source}, "id-" + job.path.name)


def greedy(job: Job, names: tuple[str, ...]) -> Outcome:
    """A task that allocates without bound on one file, like a zip bomb."""
    if job.path.name.startswith("big"):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    return Outcome(job, {"source": job.source}, "id-" + job.path.name)


def jobs_for(tmp_path: Path, *names: str) -> list[Job]:
    return [Job(tmp_path / name, str(tmp_path / name), 1) for name in names]


def test_a_file_over_time_is_killed_and_the_batch_goes_on(tmp_path: Path) -> None:
    started = time.monotonic()
    outcomes = list(
        run_jobs(jobs_for(tmp_path, "a.txt", "slow.txt", "b.txt"), 1, ("rules",), sleepy, Limits(timeout=2))
    )
    assert time.monotonic() - started < 30
    assert [o.job.path.name for o in outcomes] == ["a.txt", "slow.txt", "b.txt"]
    slow = outcomes[1].failure
    assert slow is not None and slow.code == "E081" and "slow.txt" in slow.message
    assert outcomes[0].failure is None and outcomes[2].failure is None


def test_a_file_over_memory_fails_alone(tmp_path: Path) -> None:
    outcomes = {
        o.job.path.name: o
        for o in run_jobs(
            jobs_for(tmp_path, "a.txt", "big.txt", "b.txt"), 2, ("rules",), greedy, Limits(memory_mb=1024)
        )
    }
    big = outcomes["big.txt"].failure
    assert big is not None and big.code == "E082" and "1024 MB" in big.message
    assert outcomes["a.txt"].failure is None and outcomes["b.txt"].failure is None


def test_a_full_disk_stops_the_batch_cleanly(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = url_for(tmp_path)
    real = SQLiteStore.write_many
    calls = {"n": 0}

    def fill_up(self: SQLiteStore, items: Iterable[tuple[dict[str, object], str]]) -> object:
        calls["n"] += 1
        if calls["n"] > 2:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "WRITE_BATCH", 1)  # one document per transaction
    monkeypatch.setattr(SQLiteStore, "write_many", fill_up)
    result = runner.invoke(cli(), ["ingest", str(folder), "--index", url, "--json"])
    assert result.exit_code == 2, result.output
    summary = json.loads(result.stdout)
    assert summary["stopped"]["code"] == "E044" and "磁盘已满" in summary["stopped"]["message"]
    assert (summary["ingested"], summary["status"]) == (2, "failed")
    monkeypatch.undo()
    with open_store(url) as store:
        assert store.count("documents") == 2
        assert store.runs(1)[0].status == "failed"
    conn = sqlite3.connect(tmp_path / "index.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    again = ingest([folder], index_url=url, progress=False)
    assert (again.ingested, again.unchanged, again.failed) == (2, 2, 0)


def test_a_killed_run_is_marked_interrupted_on_the_next_start(folder: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    gone = os.fork()
    if gone == 0:
        os._exit(0)
    os.waitpid(gone, 0)
    with open_store(url) as store:
        store.record_run(
            RunReport("dead", url, "2026-01-01T00:00:00+00:00", host=socket.gethostname(), pid=gone)
        )
        store.record_run(
            RunReport("elsewhere", url, "2026-01-01T00:00:01+00:00", host="another-machine", pid=gone)
        )
        assert mark_interrupted(store) == 1
    ingest([folder], index_url=url, progress=False)
    with open_store(url) as store:
        status = {run.run_id: run.status for run in store.runs()}
    assert status["dead"] == "interrupted" and status["elsewhere"] == "running"
    assert sorted(status.values()).count("done") == 1


def test_every_file_is_accounted_for(folder: Path, tmp_path: Path) -> None:
    for name in ("文稿.pages", "通知.wps", "幻灯片.dps", "动图.gif", "名单.numbers"):
        write(folder / name, b"x")
    write(folder / "~$n0.docx", b"lock")
    log = tmp_path / "ingest.log"
    result = runner.invoke(
        cli(), ["ingest", str(folder), "--index", url_for(tmp_path), "--json", "--log", str(log)]
    )
    assert result.exit_code == 3, result.output
    summary = json.loads(result.stdout)
    assert (summary["seen"], summary["ingested"], summary["skipped_count"], summary["ignored"]) == (
        9,
        4,
        5,
        1,
    )
    hints = {Path(s["source"]).suffix: s["hint"] for s in summary["skipped"]}
    assert "soffice" in hints[".wps"] and ".docx" in hints[".pages"]
    assert "PDF" in hints[".dps"] and "PNG" in hints[".gif"]
    text = log.read_text(encoding="utf-8")
    assert "E003" in text and "名单.numbers" in text and "added" in text
    table = runner.invoke(cli(), ["ingest", str(folder), "--index", url_for(tmp_path), "-q"])
    assert table.exit_code == 3
    assert "跳过 5 个" in table.stdout and "跳过 E003" in table.stdout and "提示：" in table.stdout


def test_odd_file_names_never_stop_the_ingest(folder: Path, tmp_path: Path) -> None:
    odd = write(folder / (os.fsdecode("工作要点".encode("gbk")) + ".txt"), NOTICE.format("营商环境").encode())
    report = ingest([folder], index_url=url_for(tmp_path), progress=False)
    assert (report.ingested, report.failed) == (5, 0)
    with open_store(url_for(tmp_path)) as store:
        hits = store.search("营商环境", target="documents").hits
        assert len(hits) == 1 and "\\xb9\\xa4" in hits[0].source
    odd.unlink()
    pruned = runner.invoke(cli(), ["prune", "--index", url_for(tmp_path), "--json"])
    assert [len(r["sources"]) for r in json.loads(pruned.stdout)["removed"]] == [1]


def test_index_must_exist_unless_ingest_creates_it(folder: Path, tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path}/typo.db"
    for args in (
        ["search", "隐患"],
        ["stats"],
        ["prune"],
        ["delete", "abc"],
        ["ingest", str(folder), "--no-create"],
    ):
        result = runner.invoke(cli(), [*args, "--index", missing])
        assert result.exit_code == 2, args
        assert "E045" in result.stderr and "--create" in result.stderr
    assert not (tmp_path / "typo.db").exists()
    created = runner.invoke(cli(), ["ingest", str(folder), "--index", missing, "-q"])
    assert created.exit_code == 0 and (tmp_path / "typo.db").exists()


def test_prune_removes_documents_whose_files_are_gone(folder: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    ingest([folder], index_url=url, progress=False)
    (folder / "n1.txt").unlink()
    dry = runner.invoke(cli(), ["prune", "--index", url, "--dry-run"])
    assert dry.exit_code == 0 and "将删除 1 个" in dry.stdout and "n1.txt" in dry.stdout
    with open_store(url) as store:
        assert store.count("documents") == 4
    done = runner.invoke(cli(), ["prune", "--index", url])
    assert "已删除 1 个" in done.stdout
    with open_store(url) as store:
        assert store.count("documents") == 3
        assert not store.search("垃圾分类", target="documents").hits


def test_delete_a_withdrawn_document_by_path_or_id(folder: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    ingest([folder], index_url=url, progress=False)
    result = runner.invoke(cli(), ["delete", str(folder / "n2.txt"), "--index", url])
    assert result.exit_code == 0 and "已删除" in result.stdout
    with open_store(url) as store:
        assert store.count("documents") == 3
        doc_id = store.search("安全生产", target="documents").hits[0].doc_id
    assert runner.invoke(cli(), ["delete", doc_id, "--index", url]).exit_code == 0
    missing = runner.invoke(cli(), ["delete", "no-such-doc", "--index", url])
    assert missing.exit_code == 2 and "E070" in missing.stderr
    assert (folder / "n2.txt").exists(), "delete leaves the file itself alone"


def test_a_renamed_file_keeps_one_document_under_its_new_path(folder: Path, tmp_path: Path) -> None:
    url = url_for(tmp_path)
    ingest([folder], index_url=url, progress=False)
    new = folder / "renamed.txt"
    (folder / "n3.txt").rename(new)
    report = ingest([folder], index_url=url, progress=False)
    assert report.actions == {"renamed": 1}
    with open_store(url) as store:
        assert store.count("documents") == 4
        hit = store.search("乡村振兴", target="documents").hits[0]
        record = store.get(hit.doc_id)
        assert record is not None and record.sources == (str(new.resolve()),)
        assert hit.source == str(new.resolve())
    copy = folder / "copy.txt"
    copy.write_bytes(new.read_bytes())
    linked = ingest([folder], index_url=url, progress=False)
    assert linked.actions == {"linked": 1}, "a copy beside the original is one document at two paths"


def test_a_record_the_index_cannot_take_fails_only_its_file(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Text with a lone surrogate (as a damaged PDF can yield) cannot be stored as UTF-8: that file
    fails with E044 and the others are indexed."""
    real = SQLiteStore.write_many
    batches: list[int] = []

    def refuse_one(self: SQLiteStore, items: Iterable[tuple[DocumentRow, str]]) -> object:
        items = list(items)
        batches.append(len(items))
        if any(doc.source.endswith("n1.txt") for doc, _ in items):  # rows the workers prepared
            "\ud800".encode()  # the whole transaction fails, as SQLite's would
        return real(self, items)  # type: ignore[arg-type]

    monkeypatch.setattr(SQLiteStore, "write_many", refuse_one)
    monkeypatch.setattr(ingest_module, "WRITE_SECONDS", 3600.0)  # a slow machine does not split it
    report = ingest([folder], index_url=url_for(tmp_path), progress=False)
    assert (report.ingested, report.failed, report.status) == (3, 1, "done")
    assert batches[0] == 4, "the documents went to the writer as one batch, then one by one"
    assert report.failures[0].code == "E044" and "UnicodeEncodeError" in report.failures[0].message
    assert report.exit_code() == 1
