"""The saved ledger kept on disk (`pipeline.ledger_keep`): a server started again over an index that
did not change serves it without computing anything, and never serves it for another state of the
index, another day, another program, or from a damaged or foreign file. Real SQLite index files,
the real app through Starlette's test client (and, with `isolate`, its real worker process)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from duban.index import open_store
from duban.pipeline import ledger_keep
from duban.pipeline.app import create_app
from duban.pipeline.cli import app as cli
from duban.pipeline.corrections import Overlay
from duban.pipeline.ledger import csv_text, ledger_rows
from duban.pipeline.status import check_store
from duban.pipeline.status_saved import saved_check
from tests.test_app import LOCAL, Indexed, build_index, csrf_of, q, slowed_check
from tests.web_server import running

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

AS_OF = "2026-05-01"
LATER = "2026-07-15"  # the first measure's due date (end of June) passed between the two days


@pytest.fixture
def checked(tmp_path: Path) -> Indexed:
    """A real index whose statuses a full cross-check saved (`duban crosscheck` without keeping)."""
    indexed = build_index(tmp_path)
    with open_store(indexed.url) as store:
        check_store(store, AS_OF)
    return indexed


def _folder(indexed: Indexed) -> Path:
    return indexed.root / ".index.db.ledger"


def _served(indexed: Indexed, as_of: str = AS_OF) -> tuple[dict[str, Any], Any]:
    """The first /ledger.json of a new app over the index (the full check held back, as on a large
    index, so the ledger is the saved one), and the app's state."""
    app = create_app(indexed.url)
    client = TestClient(app, base_url=LOCAL)
    deadline = time.monotonic() + 30
    while (found := client.get("/ledger.json?" + q(as_of=as_of, limit="500"))).status_code == 503:
        assert time.monotonic() < deadline, "the ledger never came"
        time.sleep(0.05)
    assert found.status_code == 200
    data = found.json()
    assert data["from_saved"] is True
    return data, app.app.state.duban


def _fresh_rows(indexed: Indexed, as_of: str) -> str:
    with open_store(indexed.url) as store:
        return csv_text(ledger_rows(check_store(store, as_of, save=False), None, Overlay.load(store)))


def _rows_csv(indexed: Indexed, as_of: str, state: Any) -> str:
    with open_store(indexed.url) as store:
        return csv_text(ledger_rows(state.saved.held(_key(store, as_of)), None, Overlay.load(store)))


def _key(store: Any, as_of: str) -> tuple[str, str, str]:
    return (store.url, store.generation(), as_of)


@pytest.fixture(autouse=True)
def _held_check(monkeypatch: pytest.MonkeyPatch) -> Any:
    release = slowed_check(monkeypatch)  # the full check waits (30 s at most) until the test ends
    monkeypatch.setattr("duban.pipeline.app.CHECK_WAIT", 5.0)
    yield
    release.set()


def test_a_restarted_app_reads_the_kept_ledger_and_computes_nothing(checked: Indexed) -> None:
    first, state = _served(checked)
    assert (state.saved.computed, state.saved.loaded) == (1, 0)
    kept = list(_folder(checked).glob("*.ledger"))
    assert len(kept) == 1, "the worker kept what it computed"
    again, state = _served(checked)
    assert (state.saved.computed, state.saved.loaded) == (0, 1), "read, not computed"
    assert state.cache.computed == 0
    assert again == first
    assert _rows_csv(checked, AS_OF, state) == _fresh_rows(checked, AS_OF), "the ledger a fresh check gives"


def test_the_kept_result_is_the_computed_one_to_the_last_field(checked: Indexed) -> None:
    with open_store(checked.url) as store:
        payload = ledger_keep.keep_saved(store, AS_OF)
        key = ledger_keep.KeepKey(store.url, store.generation(), AS_OF)
        again = saved_check(store, AS_OF, write_back=False)
    assert payload is not None and again is not None
    computed = ledger_keep.decode(payload)
    read = ledger_keep.read(_folder(checked), key)
    assert read is not None
    assert repr(read) == repr(computed) == repr(ledger_keep.lean(again))


def test_equal_strings_are_shared_and_nothing_else_changes(checked: Indexed) -> None:
    with open_store(checked.url) as store:
        found = saved_check(store, AS_OF, write_back=False)
    assert found is not None
    before = repr(found)
    statuses = [m.status_evidence for c in found.directives for m in c.record.measures]
    assert len({id(s.generation) for s in statuses if s is not None}) > 1, "one string per measure read"
    ledger_keep.share_strings(found)
    assert repr(found) == before
    statuses = [m.status_evidence for c in found.directives for m in c.record.measures]
    assert len({id(s.generation) for s in statuses if s is not None}) == 1
    read = ledger_keep.decode(ledger_keep.encode(found))
    assert repr(read) == before
    kinds = [m.status for c in read.directives for m in c.measures]
    assert len({id(k) for k in kinds}) == len(set(kinds)), "read back as one object per value"


def test_a_write_to_the_index_makes_the_kept_ledger_unused(checked: Indexed) -> None:
    _served(checked)
    with open_store(checked.url) as store:
        assert store.delete(checked.minutes)  # a new generation: the saved statuses no longer stand
    state = create_app(checked.url).app.state.duban
    state.saved.get(state.store, AS_OF, wait=30)
    assert (state.saved.computed, state.saved.loaded) == (1, 0)
    assert state.saved.held(_key(state.store, AS_OF)) is None, "no saved ledger for the new generation"
    with open_store(checked.url) as store:
        check_store(store, AS_OF)  # checked again at the new generation
    _, state = _served(checked)
    assert (state.saved.computed, state.saved.loaded) == (1, 0), "the new generation is computed"
    names = [p.name for p in _folder(checked).glob("*.ledger")]
    assert len(names) == 1, f"the earlier generation's file is removed when the new one is kept: {names}"


def test_another_day_is_computed_from_the_index_and_brought_forward(checked: Indexed) -> None:
    on_the_day, _ = _served(checked, AS_OF)
    later, state = _served(checked, LATER)
    assert (state.saved.computed, state.saved.loaded) == (1, 0), "the kept day is not another day's"
    assert _rows_csv(checked, LATER, state) == _fresh_rows(checked, LATER)
    statuses = {r["measure_id"]: r["status"] for r in later["rows"]}
    assert "overdue" in statuses.values()
    assert statuses != {r["measure_id"]: r["status"] for r in on_the_day["rows"]}, "a due date passed"
    _, state = _served(checked, LATER)
    assert (state.saved.computed, state.saved.loaded) == (0, 1), "the later day is kept too"
    assert len(list(_folder(checked).glob("*.ledger"))) == 2


def test_a_damaged_file_is_passed_over_with_a_warning(
    checked: Indexed, caplog: pytest.LogCaptureFixture
) -> None:
    first, _ = _served(checked)
    (path,) = _folder(checked).glob("*.ledger")
    data = bytearray(path.read_bytes())
    data[-20] ^= 0xFF  # one byte of the pickle changed: the checksum no longer matches
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="duban.pipeline.ledger_keep"):
        again, state = _served(checked)
    assert "已损坏" in caplog.text
    assert (state.saved.computed, state.saved.loaded) == (1, 0)
    assert again == first
    _, state = _served(checked)
    assert (state.saved.computed, state.saved.loaded) == (0, 1), "the damaged file was replaced"


def test_a_truncated_or_foreign_file_is_passed_over(
    checked: Indexed, caplog: pytest.LogCaptureFixture
) -> None:
    _served(checked)
    (path,) = _folder(checked).glob("*.ledger")
    good = path.read_bytes()
    header, _, payload = good.partition(b"\n")
    foreign = {**json.loads(header), "format": ledger_keep.FORMAT + 1}
    other_code = {**json.loads(header), "code": hashlib.sha256(b"another duban").hexdigest()}
    for bad, said in (
        (good[: len(good) // 2], "已损坏"),
        (b"not a ledger at all", "无法读取"),
        (json.dumps(foreign).encode() + b"\n" + payload, "不是本索引"),
        (json.dumps(other_code).encode() + b"\n" + payload, "不是本索引"),
    ):
        path.write_bytes(bad)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="duban.pipeline.ledger_keep"):
            _, state = _served(checked)
        assert said in caplog.text
        assert (state.saved.computed, state.saved.loaded) == (1, 0)


def test_a_file_others_may_write_is_not_read(checked: Indexed, caplog: pytest.LogCaptureFixture) -> None:
    _served(checked)
    (path,) = _folder(checked).glob("*.ledger")
    os.chmod(path, 0o666)
    with caplog.at_level(logging.WARNING, logger="duban.pipeline.ledger_keep"):
        _, state = _served(checked)
    assert "他人可写" in caplog.text
    assert (state.saved.computed, state.saved.loaded) == (1, 0)
    assert _folder(checked).stat().st_mode & 0o777 == 0o700, "the folder is made private"


def test_a_correction_is_laid_over_the_kept_ledger(checked: Indexed) -> None:
    before, _ = _served(checked)
    target = next(r for r in before["rows"] if r["status"] != "done")
    client = TestClient(create_app(checked.url), base_url=LOCAL)
    made = client.post(
        "/corrections",
        data={
            "measure_id": target["measure_id"],
            "status": "已完成",
            "by": "督查室张三",
            "csrf_token": csrf_of(client),
        },
        follow_redirects=False,
    )
    assert made.status_code == 303
    after, state = _served(checked)
    assert (state.saved.computed, state.saved.loaded) == (0, 1), "a correction is no write of documents"
    row = next(r for r in after["rows"] if r["measure_id"] == target["measure_id"])
    assert (row["status"], row["computed_status"]) == ("done", target["status"])
    assert row["correction"]["by"] == "督查室张三"


def test_the_crosscheck_command_leaves_the_ledger_ready(tmp_path: Path) -> None:
    indexed = build_index(tmp_path)
    found = CliRunner().invoke(cli, ["crosscheck", "--index", indexed.url, "--as-of", AS_OF, "--json"])
    assert found.exit_code == 0, found.output
    assert len(list(_folder(indexed).glob("*.ledger"))) == 1
    _, state = _served(indexed)
    assert (state.saved.computed, state.saved.loaded) == (0, 1)
    assert _rows_csv(indexed, AS_OF, state) == _fresh_rows(indexed, AS_OF)
    walked = CliRunner().invoke(
        cli, ["ingest", "-r", str(tmp_path), "--index", indexed.url, "--json", "-q", "--no-recheck"]
    )
    assert walked.exit_code == 0, walked.output  # 3 if the kept files were reported skipped
    assert json.loads(walked.stdout.strip().splitlines()[-1])["skipped"] == []


def test_writes_keep_a_bounded_number_of_days(checked: Indexed) -> None:
    with open_store(checked.url) as store:
        for day in ("2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"):
            assert ledger_keep.keep_saved(store, day) is not None
    names = sorted(p.name for p in _folder(checked).glob("*.ledger"))
    assert [n[-len("2026-05-05.ledger") :] for n in names] == [
        "2026-05-03.ledger",
        "2026-05-04.ledger",
        "2026-05-05.ledger",
    ]


def test_the_worker_process_keeps_what_it_computes(checked: Indexed) -> None:
    """As `duban serve` runs it: the saved ledger computed in the worker process and kept there;
    the next start reads it in the server and starts no worker for it."""
    with TestClient(create_app(checked.url, isolate=True), base_url=LOCAL) as client:
        state = client.app.app.state.duban  # type: ignore[attr-defined]
        assert state.saved.get(state.store, AS_OF, wait=120) is not None
        assert (state.saved.computed, state.saved.loaded) == (1, 0)
    assert len(list(_folder(checked).glob("*.ledger"))) == 1
    with TestClient(create_app(checked.url, isolate=True), base_url=LOCAL) as client:
        state = client.app.app.state.duban  # type: ignore[attr-defined]
        assert state.saved.get(state.store, AS_OF, wait=30) is not None
        assert (state.saved.computed, state.saved.loaded) == (0, 1)
        assert state.saved._pool is None, "no worker started for the saved ledger"
        assert client.get("/ledger.json?" + q(as_of=AS_OF)).json()["total"] == 2


def test_where_ledgers_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "a b" / "index.db"
    beside = database.with_name(".index.db.ledger")
    assert ledger_keep.folder_for(f"sqlite:///{database}") == beside
    assert ledger_keep.folder_for(str(database)) == beside
    monkeypatch.setenv("DUBAN_CACHE_DIR", str(tmp_path / "cache"))
    assert ledger_keep.folder_for("http://user:secret@es.local:9200") == tmp_path / "cache" / "ledger"
    one = ledger_keep.KeepKey(f"sqlite:///{database}", "1:1:1:1:x", AS_OF)
    same = ledger_keep.KeepKey(str(database), "1:1:1:1:x", AS_OF)
    assert one.name == same.name, "one index file, whatever URL names it"
    odd = ledger_keep.KeepKey(str(database), "g", "../../etc/x")
    assert "/" not in odd.name and ".." not in odd.name, "a day that is no date names no path"
    secret = ledger_keep.KeepKey("http://user:secret@es.local:9200", "g", AS_OF)
    assert "secret" not in secret.name and "secret" not in json.dumps(secret.header())


def niceness(index_url: str, as_of: str) -> int:
    """A worker's work that answers with its process's priority (run in the cache's worker)."""
    return os.nice(0)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities here")
def test_the_full_checks_worker_runs_below_the_server_and_the_saved_ledgers_does_not(
    checked: Indexed,
) -> None:
    from duban.pipeline.web.cache import CheckCache, SavedCache

    class CheckProbe(CheckCache):
        work = staticmethod(niceness)

    class SavedProbe(SavedCache):
        work = staticmethod(niceness)

    mine = os.nice(0)
    for probe, lower in ((CheckProbe, CheckCache.niceness), (SavedProbe, 0)):
        cache = probe(checked.url, isolate=True)
        try:
            assert cache._compute(AS_OF) == min(mine + lower, 19)
        finally:
            cache.close()


def test_a_real_server_started_again_serves_the_kept_ledger(checked: Indexed) -> None:
    """Through uvicorn, as `duban serve` runs (worker processes): the first server computes the
    saved ledger and keeps it; the second answers from it, and nothing rewrites the file."""

    def first_ledger(base: str) -> dict[str, Any]:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/ledger.json?{q(as_of=AS_OF)}", timeout=60) as answer:
                    found: dict[str, Any] = json.load(answer)
                    return found
            except urllib.error.HTTPError as exc:
                assert exc.code == 503 and time.monotonic() < deadline, "the ledger never came"
                time.sleep(0.1)

    with running(checked.url) as base:
        first = first_ledger(base)
    (path,) = _folder(checked).glob("*.ledger")
    written = path.stat().st_mtime_ns
    with running(checked.url) as base:
        again = first_ledger(base)
    assert again["from_saved"] is True, "answered from the kept ledger, before the full check"
    assert {k: again[k] for k in ("rows", "total", "lights")} == {
        k: first[k] for k in ("rows", "total", "lights")
    }
    assert path.stat().st_mtime_ns == written, "not computed (and kept) again"
