"""The whole ledger's count by unit (`web.units.UnitIndex`) made ahead of the first visitor of
`/units`: after the server starts (with today's cross-check) and after a staff correction, the
first request finds it made and makes none; a request that comes while it is being made waits for
that one; the one held is let go when its successor starts; a failed making is made again on
request, its error shown there.

The index is `tests.test_web_units`' notice and report, indexed and cross-checked in a real SQLite
file; the cache's own tests hand it a making that waits on an event, so the order of the threads
is fixed by the test, not by time."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from duban.base.stored import Correction
from duban.pipeline.app import create_app
from duban.pipeline.corrections import Overlay
from duban.pipeline.status import CheckResult, today
from duban.pipeline.web.cache import UnitIndexCache
from duban.pipeline.web.units import UnitIndex
from tests.conftest import checked_index
from tests.test_app import csrf_of
from tests.test_web_units import AS_OF, NOTICE, REPORT

LOCAL = "http://127.0.0.1"
FINANCE = "市财政局"
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")


def _settled(app: object) -> tuple[object, UnitIndexCache]:
    """Wait for today's cross-check and saved ledger (whose completion starts the making), then
    for the making: the app's state and its cache by unit."""
    state = app.app.state.duban  # type: ignore[attr-defined]  # the security middleware wraps the app
    state.cache.get(state.store, today(), wait=None)
    state.saved.get(state.store, today(), wait=None)
    state.unit_indexes.wait()
    return state, state.unit_indexes


def test_after_start_and_after_a_correction_units_find_the_count_made(tmp_path: Path) -> None:
    url = checked_index(tmp_path, (("notice.txt", NOTICE), ("report.txt", REPORT)), AS_OF)
    app = create_app(url, warm=True)
    with TestClient(app, base_url=LOCAL) as client:  # the lifespan starts today's check
        _, kept = _settled(app)
        made = kept.made
        assert made >= 1  # made from the check (and perhaps first from the saved statuses)
        units = client.get("/units.json").json()
        assert client.get(f"/units/{quote(FINANCE, safe='')}.json").status_code == 200
        assert client.get("/units").status_code == 200
        assert kept.made == made  # none made by the requests
        finance = client.get(f"/units/{quote(FINANCE, safe='')}.json").json()
        led = next(r for g in finance["groups"] for r in g["rows"] if r["role"] == "lead")
        assert finance["counts"]["done"] == 0

        token = csrf_of(client)
        form = {"measure_id": led["measure_id"], "status": "done", "by": "张三", "csrf_token": token}
        assert client.post("/corrections", data=form, follow_redirects=False).status_code == 303
        kept.wait()
        assert kept.made == made + 1  # made again after the correction, by the server
        again = client.get(f"/units/{quote(FINANCE, safe='')}.json").json()
        assert again["counts"]["done"] == 1  # the corrected status, counted
        assert client.get("/units.json").json()["total"] == units["total"]
        assert kept.made == made + 1

        correction = client.get("/corrections.json").json()["corrections"][0]
        undo = client.post(
            f"/corrections/{correction['id']}/undo",
            data={"by": "张三", "csrf_token": token},
            follow_redirects=False,
        )
        assert undo.status_code == 303
        kept.wait()
        assert kept.made == made + 2
        assert client.get(f"/units/{quote(FINANCE, safe='')}.json").json()["counts"]["done"] == 0
        assert kept.made == made + 2


def test_another_days_check_does_not_replace_todays_count(tmp_path: Path) -> None:
    """The server makes ahead only today's count (what `/units` opens with): a ledger asked for
    another day computes that day's check and leaves today's count held."""
    url = checked_index(tmp_path, (("notice.txt", NOTICE), ("report.txt", REPORT)), AS_OF)
    app = create_app(url, warm=True)
    with TestClient(app, base_url=LOCAL) as client:
        state, kept = _settled(app)
        made = kept.made
        assert client.get("/ledger.json", params={"as_of": AS_OF}).status_code == 200
        state.cache.get(state.store, AS_OF, wait=None)
        kept.wait()
        assert kept.made == made
        client.get("/units.json")
        assert kept.made == made


class _Gate:
    """A making that waits until the test opens it, counting its calls."""

    def __init__(self, index: UnitIndex) -> None:
        self.index = index
        self.open = threading.Event()
        self.calls = 0

    def __call__(self) -> UnitIndex:
        self.calls += 1
        self.open.wait()
        return self.index


class _Watched(threading.Event):
    """An event that says when someone starts waiting on it."""

    def __init__(self) -> None:
        super().__init__()
        self.waited = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        self.waited.set()
        return super().wait(timeout)


def _index() -> UnitIndex:
    return UnitIndex.of([], AS_OF)


def test_a_request_during_the_making_waits_for_it() -> None:
    kept = UnitIndexCache()
    result, overlay = CheckResult([], [], AS_OF), Overlay([])
    gate = _Gate(_index())
    assert kept.warm(result, overlay, AS_OF, gate)
    assert not kept.warm(result, overlay, AS_OF, gate)  # under way: not started twice
    making = kept._making
    assert making is not None
    making.done = watched = _Watched()
    got: list[UnitIndex] = []
    second = _Gate(_index())
    request = threading.Thread(target=lambda: got.append(kept.get(result, overlay, AS_OF, second)))
    request.start()
    watched.waited.wait()  # the request waits for the making under way
    gate.open.set()
    request.join()
    assert got == [gate.index] and second.calls == 0
    assert (gate.calls, kept.made) == (1, 1)
    assert kept.get(result, overlay, AS_OF, second) is gate.index and second.calls == 0


def test_a_saved_ledgers_making_does_not_replace_the_full_checks() -> None:
    """The saved statuses' count is made only while the full check is not there, asked as its
    making would start: the check's own making, started once the check is held, stands."""
    kept = UnitIndexCache()
    overlay = Overlay([])
    full, saved = CheckResult([], [], AS_OF), CheckResult([], [], AS_OF, saved=True)
    check_held = threading.Event()
    gate = _Gate(_index())
    check_held.set()  # the check came while the saved ledger's corrections were being read
    assert kept.warm(full, overlay, AS_OF, gate)
    late = _Gate(_index())
    assert not kept.warm(saved, overlay, AS_OF, late, unless=check_held.is_set)
    gate.open.set()
    kept.wait()
    assert late.calls == 0 and kept.made == 1
    assert kept.get(full, overlay, AS_OF, late) is gate.index and late.calls == 0
    # before the check is there, the saved ledger's count is made
    other = UnitIndexCache()
    assert other.warm(saved, overlay, AS_OF, lambda: _index(), unless=threading.Event().is_set)
    other.wait()
    assert other.made == 1


def test_the_held_count_is_let_go_when_its_successor_is_made() -> None:
    kept = UnitIndexCache()
    result = CheckResult([], [], AS_OF)
    first = kept.get(result, Overlay([]), AS_OF, _index)
    old = weakref.ref(first)
    del first
    gate = _Gate(_index())
    corrected = Overlay(
        [Correction(id="1", key="d:h", doc_id="d", status="done", by="张三", at="2026-12-07T01:00:00+00:00")]
    )
    assert kept.warm(result, corrected, AS_OF, gate)
    gc.collect()
    assert old() is None  # not held beside the one being made
    gate.open.set()
    kept.wait()
    assert kept.get(result, corrected, AS_OF, _index) is gate.index
    assert kept.made == 2


def test_a_failed_making_is_made_again_on_request_with_its_error_shown() -> None:
    kept = UnitIndexCache()
    result, overlay = CheckResult([], [], AS_OF), Overlay([])

    def broken() -> UnitIndex:
        raise OSError("disk I/O error")

    assert kept.warm(result, overlay, AS_OF, broken)
    kept.wait()
    assert kept.made == 0
    with pytest.raises(OSError, match="disk I/O"):
        kept.get(result, overlay, AS_OF, broken)
    made = _index()
    assert kept.get(result, overlay, AS_OF, lambda: made) is made and kept.made == 1
