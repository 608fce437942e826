"""The cross-check behind the ledger, computed once per index generation and check date.

A full cross-check reads every document (seconds on a large index), so a ledger page must not run
one per request. The result is cached under the store's `generation()` token, which changes with
any write (ingest, a re-check storing statuses, a delete), and the check date. While one request
computes a result, others asking for the same one wait for it instead of computing it again.
Staff corrections are not part of the cached result: they are laid over it on every request
(`pipeline.corrections.Overlay`), so a correction shows at once without a recomputation.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from index.store import Store
from pipeline.status import CheckResult, check_store

log = logging.getLogger(__name__)

CacheKey = tuple[str, str, str]  # index url, generation, as_of


class CheckCache:
    """A small LRU of cross-check results, safe to share between serving threads."""

    def __init__(self, size: int = 6) -> None:
        self.size = size
        self._entries: OrderedDict[CacheKey, CheckResult] = OrderedDict()
        self._building: dict[CacheKey, threading.Event] = {}
        self._lock = threading.Lock()
        self.computed = 0  # how many results were computed (tests and the benchmark read it)

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
