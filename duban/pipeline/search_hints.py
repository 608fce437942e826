"""Why no measure matched a search, when the index can tell: shared by `duban search` and the web.

A bare 没有结果, or the any-word fallback's partial matches, read as "nothing to find". Two such
searches have a better answer the index gives cheaply, asked only then: a search by cross-check
status (`逾期`) in an index nobody has cross-checked (no measure has a status yet), and words that no
measure holds together but some documents do (a title's subject, a preamble), which a document
search (`--docs`) finds.

A third hint needs no index: a `名字:值` prefix that is no filter field (`负责人:张三`) is searched
as words, which finds little; `unknown_field_hint` says so and names the fields there are, in the
same words for the command line and the search page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from duban.index import has_statuses
from duban.index.analysis import FIELD_QUERIES, INGEST_QUERIES, PERIOD_QUERIES
from duban.index.filters import UNSET, Filters
from duban.index.store import SearchResult, Store


@dataclass(frozen=True)
class NoHitsWhy:
    """Why a measure search matched nothing exactly: `unchecked` when it asked for a status of an
    index without any, `documents` the number of documents that hold all its words."""

    unchecked: bool = False
    documents: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"unchecked": self.unchecked, "documents": self.documents}


def why_no_hits(store: Store, query: str, filters: Filters, result: SearchResult) -> NoHitsWhy | None:
    """The reasons a measure search with no exact hits (none, or only the any-word fallback's) can be
    given, or None when there is none to give (it matched, searched documents already, or the index
    is empty: that has its own message)."""
    matched = result.total > 0 and (not result.hits or result.hits[0].exact)
    if matched or result.target != "measures" or store.count("documents") == 0:
        return None
    status = result.filters.status
    unchecked = status is not None and status != UNSET and not has_statuses(store)
    documents = 0
    if result.query.terms:
        found = store.search(query, filters, "documents", 1)
        documents = found.total if found.hits and found.hits[0].exact else 0  # not the any-word fallback
    return NoHitsWhy(unchecked, documents) if unchecked or documents else None


_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _filter_fields() -> str:
    """The filter fields staff write in a query, one Chinese name each (the first a field has in
    the query tables), in the tables' order: a field added there is listed here too."""
    names: dict[object, str] = {}
    for table in (FIELD_QUERIES, PERIOD_QUERIES, INGEST_QUERIES):
        for name, target in table.items():
            if _CHINESE.match(name):
                names.setdefault(target, name)
    return "、".join(f"{name}:" for name in names.values())


FILTER_FIELDS = _filter_fields()


def unknown_field_hint(name: str) -> str:
    """The notice for one such prefix: the words are still searched, and which fields there are."""
    return f"“{name}:”不是筛选字段，已当作文字检索；可用的字段：{FILTER_FIELDS}"
