"""The cross-check behind the ledger, computed once per index generation and check date.

A full cross-check reads every document (seconds on a large index), so a ledger page must not run
one per request. The result is cached under the store's `generation()` token, which changes with
any write (ingest, a re-check storing statuses, a delete), and the check date. While one request
computes a result, others asking for the same one wait for it instead of computing it again.
Staff corrections are not part of the cached result: they are laid over it on every request
(`pipeline.corrections.Overlay`), so a correction shows at once without a recomputation.

A page that only adds cross-check facts to what it shows (the document page's followers) uses
`peek`: the result if it is ready, else None while a background thread computes it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from index.store import Store
from pipeline.status import CheckResult, check_store

log = logging.getLogger(__name__)

CacheKey = tuple[str, str, str]  # index url, generation, as_of


class CheckCache:
    """A small LRU of cross-check results, safe to share between serving threads."""

    def __init__(self, opener: Callable[[], Store] | None = None, size: int = 3) -> None:
        self.size = size
        self._opener = opener
        self._entries: OrderedDict[CacheKey, CheckResult] = OrderedDict()
        self._building: dict[CacheKey, threading.Event] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many results were computed (tests and the benchmark read it)

    def peek(self, store: Store, as_of: str) -> CheckResult | None:
        """The result if it is computed; else None, with a computation started in the background
        (on a store of its own: a SQLite connection belongs to its thread)."""
        key = (store.url, store.generation(), as_of)
        with self._lock:
            found = self._entries.get(key)
            if found is not None or self._opener is None or key in self._building:
                return found
        threading.Thread(target=self._background, args=(as_of,), name="duban-check", daemon=True).start()
        return None

    def _background(self, as_of: str) -> None:
        assert self._opener is not None
        try:
            with self._opener() as store:
                self.get(store, as_of)
        except Exception:
            log.warning("computing the cross-check in the background failed", exc_info=True)

    def get(self, store: Store, as_of: str) -> CheckResult:
        key = (store.url, store.generation(), as_of)
        while True:
            with self._lock:
                found = self._entries.get(key)
                if found is not None:
                    self._entries.move_to_end(key)
                    return found
                waiting = self._building.get(key)
                if waiting is None:
                    event = self._building[key] = threading.Event()
                    break
            waiting.wait()
        try:
            started = time.perf_counter()
            result = check_store(store, as_of, save=False)
            for check in result.directives:  # pages need a directive's fields, not its full text
                check.record = {k: v for k, v in check.record.items() if k != "text"}
            log.info("cross-check as of %s computed in %.1f s", as_of, time.perf_counter() - started)
            with self._lock:
                self.computed += 1
                self._entries[key] = result
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
            return result
        finally:
            with self._lock:
                self._building.pop(key, None)
            event.set()
