"""The cross-check behind the ledger, computed once per index generation and check date.

A full cross-check reads every document (minutes on 10,000 real documents), so a ledger page must
not run one per request. The result is cached under the store's `generation()` token, which
changes with any write (ingest, a re-check storing statuses, a delete), and the check date.

One computation per key runs at a time, in a thread of its own; requests wait for it at most
`wait` seconds and otherwise get `Computing` (the page says the ledger is being prepared), so a
large index never holds a request until its time limit. With `isolate`, the computation runs in
a separate process: pure-Python work in the server's process would hold the interpreter lock and
slow every other request down while it runs. The cached result keeps each directive's fields but
not its full text, which no page needs from it.

Staff corrections are not part of the cached result: they are laid over it on every request
(`pipeline.corrections.Overlay`), so a correction shows at once without a recomputation.

`UnitIndexCache` keeps what the pages by unit read of the whole ledger (`web.units.UnitIndex`)
beside the result it was made from, for as long as that result is the one served and the active
corrections are the same.

`SavedCache` holds, in the same way, what the ledger pages can show before the full check is
done: the statuses the last full check saved, while the index is as it saw it
(`pipeline.status_saved`; seconds where the check takes minutes), or None when it changed since.
It is kept on disk as well (`pipeline.ledger_keep`), by its worker and by `duban crosscheck`:
after a server start over an index unchanged since, on the same day, it is read from there
(`SavedCache.loaded`) and nothing is computed (`computed` stays 0), where computing it again took
some 16 s of CPU over the real corpus and the start's first ledger waited for it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from duban.index import open_store
from duban.index.store import Store
from duban.pipeline import ledger_keep
from duban.pipeline.corrections import Overlay
from duban.pipeline.status import CheckResult, check_store

if TYPE_CHECKING:
    from duban.pipeline.web.units import UnitIndex

log = logging.getLogger(__name__)

CacheKey = tuple[str, str, str]  # index url, generation, as_of


def cache_key(store: Store, as_of: str) -> CacheKey:
    """The key of a result for the index's current generation as of `as_of`."""
    return (store.url, store.generation(), as_of)


class Computing(Exception):
    """The cross-check for this date is still being computed; ask again shortly."""

    def __init__(self, as_of: str) -> None:
        super().__init__(f"the cross-check as of {as_of} is being computed")
        self.as_of = as_of


def check_isolated(index_url: str, as_of: str) -> CheckResult | None:
    """The cross-check over its own store (in a worker process with `isolate`), returned without
    the full texts."""
    with open_store(index_url) as store:
        return ledger_keep.lean(check_store(store, as_of, save=False))


def saved_isolated(index_url: str, as_of: str) -> bytes | None:
    """The saved statuses as a ledger (`saved_check`, nothing written back) over its own store,
    without the full texts, pickled as it is kept on disk for the next start
    (`ledger_keep.keep_saved`); None when the index changed since the check that saved them."""
    with open_store(index_url) as store:
        return ledger_keep.keep_saved(store, as_of)


class _Cache:
    """A small LRU of results per (index, generation, day), safe to share between serving threads;
    each computed once, in a thread of its own (and, with `isolate`, in a worker process)."""

    what = "cross-check"
    # how much lower than the server's its worker process runs (`os.nice`): 0, as fast as it can
    niceness = 0
    # what a result is: `work(index_url, as_of)`, a module function a worker process can run; a
    # pickled one (bytes) is unpickled here with the collector paused (`ledger_keep.decode`)
    work: Callable[[str, str], CheckResult | bytes | None] = staticmethod(check_isolated)

    def __init__(self, index_url: str, isolate: bool = False, size: int = 3) -> None:
        self.index_url = index_url
        self.size = size
        self._isolate = isolate
        self._pool: ProcessPoolExecutor | None = None
        self._entries: OrderedDict[CacheKey, CheckResult | None] = OrderedDict()
        self._building: dict[CacheKey, threading.Event] = {}
        self._failed: dict[CacheKey, BaseException] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many results were computed (tests and the benchmark read it)
        self.loaded = 0  # how many were read where a computation had kept them (`SavedCache`)
        # told of each result computed (in the computing thread, before the requests waiting for
        # it wake): what is made from a result (`UnitIndexCache`) is made ahead with it
        self.on_result: Callable[[CacheKey, CheckResult], None] | None = None

    def _lookup(self, store: Store, as_of: str, wait: float | None) -> CheckResult | None:
        """The result for the index's current generation; waits for a computation at most `wait`
        seconds (None: as long as it takes), else raises `Computing`. A failed computation's
        error is raised to the requests that waited for it."""
        key = cache_key(store, as_of)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            event = self._building.get(key)
            if event is None:
                event = self._building[key] = threading.Event()
                self._failed.pop(key, None)
                threading.Thread(
                    target=self._build, args=(key, as_of, event), name=f"duban-{self.what}", daemon=True
                ).start()
        if not event.wait(wait):
            raise Computing(as_of)
        with self._lock:
            if key in self._entries:
                return self._entries[key]
            failed = self._failed.get(key)
        if failed is not None:
            raise failed
        raise Computing(as_of)

    def __len__(self) -> int:
        """How many results are held."""
        with self._lock:
            return len(self._entries)

    def held(self, key: CacheKey) -> CheckResult | None:
        """The result for `key` if it is computed and held (nothing started), else None."""
        with self._lock:
            return self._entries.get(key)

    def drop(self, store: Store, as_of: str) -> None:
        """Let the result for the index's current generation go (one a fuller result replaced)."""
        with self._lock:
            self._entries.pop(cache_key(store, as_of), None)

    def _build(self, key: CacheKey, as_of: str, event: threading.Event) -> None:
        started = time.perf_counter()
        try:
            result, fresh = self._fetch(key)
            done = "computed" if fresh else "read where it was kept"
            log.info("%s as of %s %s in %.1f s", self.what, as_of, done, time.perf_counter() - started)
            with self._lock:
                if fresh:
                    self.computed += 1
                else:
                    self.loaded += 1
                # results of the index's earlier generations are never asked for again (a write
                # changed it); over the whole real corpus each holds about a GB
                for stale in [k for k in self._entries if k[0] == key[0] and k[1] != key[1]]:
                    del self._entries[stale]
                self._entries[key] = result
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            if result is not None and self.on_result is not None:
                try:
                    self.on_result(key, result)
                except Exception:  # the result stands: what is made from it is made on request
                    log.warning("acting on the %s as of %s failed", self.what, as_of, exc_info=True)
        except Exception as exc:
            log.warning("computing the %s as of %s failed: %s", self.what, as_of, exc)
            with self._lock:
                self._failed[key] = exc
        finally:
            with self._lock:
                self._building.pop(key, None)
            event.set()

    def _fetch(self, key: CacheKey) -> tuple[CheckResult | None, bool]:
        """The result for `key`, and whether it was computed (not read where it was kept)."""
        return self._compute(key[2]), True

    def _compute(self, as_of: str) -> CheckResult | None:
        """`work` here, or with `isolate` in this cache's worker process."""
        if not self._isolate:
            answer = self.work(self.index_url, as_of)
        else:
            with self._lock:
                if self._pool is None:
                    context = multiprocessing.get_context("spawn")  # never fork a threaded server
                    self._pool = ProcessPoolExecutor(
                        max_workers=1,
                        mp_context=context,
                        initializer=_lower_priority,
                        initargs=(self.niceness,),
                    )
                pool = self._pool
            answer = pool.submit(self.work, self.index_url, as_of).result()
        return ledger_keep.decode(answer) if isinstance(answer, bytes) else answer

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            # a computation under way would keep its worker alive after the server stops
            workers = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in workers:
                worker.terminate()


class CheckCache(_Cache):
    """The full cross-check: every page that shows links, and the ledger once it is done.

    Its worker runs at a lower priority than the server (`niceness`): it starts with the server
    and takes minutes, while the ledger pages are served from the saved statuses in seconds; on a
    machine with more work than cores, at the server's priority it took as much CPU as the server
    and the first ledger after a start waited twice as long (19 s against 8 s of the server's
    CPU over the real corpus, load 4 on 2 cores). With a core to itself it runs as fast as before.
    """

    niceness = 10

    def get(self, store: Store, as_of: str, wait: float | None = None) -> CheckResult:
        """The cross-check for the index's current generation (see `_Cache._lookup`)."""
        result = self._lookup(store, as_of, wait)
        if result is None:  # a full check always has a result
            raise Computing(as_of)
        return result

    def peek(self, store: Store, as_of: str) -> CheckResult | None:
        """The result if it is ready, else None (and its computation started)."""
        try:
            return self.get(store, as_of, wait=0)
        except Computing:
            return None


def _lower_priority(niceness: int) -> None:
    """A worker process's start: its priority lowered by `niceness` (where the system has one)."""
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)


class SavedCache(_Cache):
    """The ledger from saved statuses (`status_saved.saved_check`), None when they do not stand
    for the index as it is: the ledger pages then wait for the full check."""

    what = "saved ledger"
    work = staticmethod(saved_isolated)

    def _fetch(self, key: CacheKey) -> tuple[CheckResult | None, bool]:
        """The ledger kept on disk for this index, generation and day (read in the server: the
        same unpickling the worker's answer costs, without the worker's computation or its start),
        else computed (and kept) by `work`."""
        url, generation, as_of = key
        kept = ledger_keep.read(ledger_keep.folder_for(url), ledger_keep.KeepKey(url, generation, as_of))
        if kept is not None:
            return kept, False
        return self._compute(as_of), True

    def get(self, store: Store, as_of: str, wait: float | None = None) -> CheckResult | None:
        """The saved ledger for the index's current generation, or None (see `_Cache._lookup`)."""
        return self._lookup(store, as_of, wait)


class UnitIndexCache:
    """The whole ledger's `UnitIndex` for the result the ledger pages serve (the cross-check or the
    saved statuses of one generation of the index, on one day) under one set of active staff
    corrections: made once, and made again when the result or a correction changes.

    It is made ahead of the first visitor where the server can tell it will be asked for (`warm`:
    when the day's cross-check or saved statuses are computed, at start or after an upload, and
    after a staff correction), in a thread of its own, as the check itself is. A request that
    arrives while it is being made waits for that one rather than count the same 140,000 lines
    again; a request that finds none made or under way makes it itself (the others wait for it).
    It holds one: the one being made replaces the one held (let go when the making starts, so
    there are never two beside the lines being counted), the result's own cache keeps the results
    of a generation, and the index goes with its result (held weakly, so a result the check cache
    let go is not kept alive here). A making that a newer one replaced is not kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._result: weakref.ref[CheckResult] | None = None
        self._key: tuple[object, ...] = ()
        self._index: UnitIndex | None = None
        self._making: _Making | None = None
        self.made = 0  # how many indexes were made (the tests and the benchmark read it)

    def get(
        self, result: CheckResult, overlay: Overlay, as_of: str, make: Callable[[], UnitIndex]
    ) -> UnitIndex:
        """The index for `result` under `overlay` as of `as_of`: the one held, else the one being
        made (waited for), else made here by `make`. An error of the making is raised here."""
        key = (as_of, overlay.key)
        while True:
            with self._lock:
                held = self._held(result, key)
                if held is not None:
                    return held
                making = self._making
                if making is None or not making.matches(result, key):
                    making = self._start(result, key)
                    mine = True
                else:
                    mine = False
            if mine:
                index = self._make(making, make)
                if index is not None:
                    return index
                raise making.error or RuntimeError("the unit index was not made")
            making.done.wait()
            # made (held now, unless a newer making replaced it), or failed: look again, and make
            # it here if it is still not there (its error then raised to this request)

    def warm(
        self,
        result: CheckResult,
        overlay: Overlay,
        as_of: str,
        make: Callable[[], UnitIndex],
        unless: Callable[[], bool] | None = None,
    ) -> bool:
        """Start making the index for `result` under `overlay` in a thread of its own, unless it is
        held or being made, or `unless()` says it is not wanted; whether a making was started. Its
        failure is logged (a request will make it again and show the error).

        `unless` is asked with this cache's lock held: a saved ledger's making asks whether the
        full check is there, and the check's own making (started after the check is held) then
        either sees this one and replaces it or was seen by it. Asked before taking the lock, a
        saved ledger whose corrections took long to load replaced the check's making, and the
        first request, served the check, made a third index."""
        key = (as_of, overlay.key)
        with self._lock:
            if self._held(result, key) is not None or (unless is not None and unless()):
                return False
            making = self._making
            if making is not None and making.matches(result, key):
                return False
            making = self._start(result, key)
        threading.Thread(target=self._make, args=(making, make), name="duban-units", daemon=True).start()
        return True

    def wait(self) -> None:
        """Wait until no making is under way (the tests and the benchmark use it)."""
        while True:
            with self._lock:
                making = self._making
            if making is None:
                return
            making.done.wait()

    def _held(self, result: CheckResult, key: tuple[object, ...]) -> UnitIndex | None:
        """The index held for `result` and `key`, if it is (with the lock held)."""
        held = self._result() if self._result is not None else None
        return self._index if held is result and self._key == key else None

    def _start(self, result: CheckResult, key: tuple[object, ...]) -> _Making:
        """Note a making (with the lock held), letting the held index go: it is for another result
        or other corrections, and never asked for again."""
        self._index, self._result = None, None
        self._making = _Making(weakref.ref(result), key)
        return self._making

    def _make(self, making: _Making, make: Callable[[], UnitIndex]) -> UnitIndex | None:
        """Make the index and keep it, unless a newer making replaced this one; None on failure."""
        started = time.perf_counter()
        try:
            index = make()
        except Exception as exc:
            log.warning("making the index by unit failed: %s", exc)
            making.error = exc
            with self._lock:
                if self._making is making:
                    self._making = None
            making.done.set()
            return None
        with self._lock:
            result = making.result()
            if self._making is making:
                self._making = None
                if result is not None:
                    self._result = weakref.ref(result, self._forget)
                    self._key, self._index = making.key, index
            self.made += 1
        making.done.set()
        log.info("index by unit made in %.1f s", time.perf_counter() - started)
        return index

    def _forget(self, gone: weakref.ref[CheckResult]) -> None:
        """The result was let go (a newer generation replaced it): so is its index. Called by the
        collector, possibly while this cache's lock is held, so it only drops the reference."""
        if self._result is gone:
            self._index = None


class _Making:
    """An index by unit being made: for which result and key, done when made or failed."""

    def __init__(self, result: weakref.ref[CheckResult], key: tuple[object, ...]) -> None:
        self.result = result
        self.key = key
        self.done = threading.Event()
        self.error: Exception | None = None

    def matches(self, result: CheckResult, key: tuple[object, ...]) -> bool:
        return self.result() is result and self.key == key
