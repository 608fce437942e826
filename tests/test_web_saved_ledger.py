"""The web ledger from saved statuses: served before the full cross-check is done, and the same."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from duban.index import open_store
from duban.pipeline.app import create_app
from duban.pipeline.status import check_store
from tests.test_app import LOCAL, build_index, q, slowed_check

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

AS_OF = "2026-05-01"


def _ledger(client: TestClient) -> Any:
    deadline = time.monotonic() + 30
    while (found := client.get("/ledger.json?" + q(as_of=AS_OF))).status_code == 503:
        assert time.monotonic() < deadline, "the ledger never came"
        time.sleep(0.05)
    assert found.status_code == 200
    return found.json()


def test_the_ledger_comes_from_saved_statuses_while_the_check_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    indexed = build_index(tmp_path)
    with open_store(indexed.url) as store:
        check_store(store, AS_OF)  # what `duban crosscheck --save` or an ingest's re-check does
    release = slowed_check(monkeypatch)
    monkeypatch.setattr("duban.pipeline.app.CHECK_WAIT", 2.0)
    app = create_app(indexed.url)
    client = TestClient(app, base_url=LOCAL)
    early = _ledger(client)
    state = app.app.state.duban
    assert state.cache.computed == 0, "served before the full check was done"
    assert early["total"] == 2
    assert early["from_saved"] is True and early["unresolved_total"] is None, "links not known yet"
    assert "全面核查完成后列出" in client.get("/ledger?" + q(as_of=AS_OF)).text
    release.set()
    deadline = time.monotonic() + 30
    while state.cache.peek(state.store, AS_OF) is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert len(state.saved) == 1
    full = _ledger(client)
    assert full["from_saved"] is False and full["unresolved_total"] == 0
    assert len(state.saved) == 0, "the saved ledger is let go once the check's is there"
    same = ("rows", "total", "lights", "all_lights", "no_directives")
    assert {k: full[k] for k in same} == {k: early[k] for k in same}, (
        "the full check's ledger is the saved one"
    )


def test_a_changed_index_waits_for_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    indexed = build_index(tmp_path)
    with open_store(indexed.url) as store:
        check_store(store, AS_OF)
        assert store.delete(indexed.minutes)  # the saved statuses no longer stand for the index
    release = slowed_check(monkeypatch)
    monkeypatch.setattr("duban.pipeline.app.CHECK_WAIT", 0.2)
    app = create_app(indexed.url)
    client = TestClient(app, base_url=LOCAL)
    assert client.get("/ledger.json?" + q(as_of=AS_OF)).status_code == 503
    release.set()
    assert _ledger(client)["total"] == 2
    assert app.app.state.duban.cache.computed == 1
