"""The search index: `open_store(url)` gives a `Store` for SQLite or Elasticsearch.

URLs: `sqlite:///relative.db`, `sqlite:////absolute/path.db`, a bare file path, or
`http(s)://[user:password@]host:9200[?prefix=duban]` for Elasticsearch (an API key comes from
`$DUBAN_ES_API_KEY`). Without a URL, `$DUBAN_INDEX` is used, else `sqlite:///./duban.db`.
"""

from __future__ import annotations

import os
from pathlib import Path

from duban.base.errors import DubanError, E
from duban.index.filters import UNSET
from duban.index.store import Store

DEFAULT_URL = "sqlite:///./duban.db"
ENV_URL = "DUBAN_INDEX"


def default_url() -> str:
    return os.environ.get(ENV_URL) or DEFAULT_URL


def open_store(url: str | None = None) -> Store:
    """A store for `url`; nothing connects until the store is first used."""
    url = url or default_url()
    if url.startswith("sqlite://"):
        from duban.index.sqlite_store import SQLiteStore

        rest = url[len("sqlite://") :].split("?", 1)[0]
        if not rest.startswith("/") or len(rest) < 2:
            raise DubanError(E.INDEX_URL, url=url)
        return SQLiteStore(Path(rest[1:]), url)
    if url.startswith(("http://", "https://")):
        from duban.index.es_store import ElasticStore

        return ElasticStore.from_url(url)
    if "://" in url or not url.strip():
        raise DubanError(E.INDEX_URL, url=url)
    from duban.index.sqlite_store import SQLiteStore

    return SQLiteStore(Path(url), url)


def has_statuses(store: Store) -> bool:
    """Some measure of the index has a stored cross-check status: asked of a SQLite index directly
    (`SQLiteStore.has_statuses`, a read of a few pages), not through its full `stats()`, whose scan
    of every measure and unit was the ingest parent's peak memory at the end of a large run. The
    ingest asks before it recomputes statuses, a search by status before it says none are stored."""
    from duban.index.sqlite_store import SQLiteStore

    if isinstance(store, SQLiteStore):
        return store.has_statuses()
    return any(key != UNSET and count for key, count in store.stats().by_status.items())


__all__ = ["DEFAULT_URL", "Store", "default_url", "has_statuses", "open_store"]
