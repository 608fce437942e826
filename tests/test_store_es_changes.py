"""A page of 本期变化 on Elasticsearch (`ElasticStore` as `ChangePages`), without a server.

The `-changes` index is held here by a scripted cluster that answers the few query shapes the
store sends it (bool filter / must_not / should, range, term, terms, ids, exists, match_none; sort,
`from`/`size`, `search_after`, a composite aggregation, `_count`, a scroll, bulk writes and an
update-by-query that sets a field) over the changes the store wrote, and refuses what a cluster
refuses: a page past `index.max_result_window`, `search_after` with a `from`, a `terms` query
longer than `index.max_terms_count`, and any query shape it does not know. The store's answers are
then compared with what its own `status_changes` lists. The shared store suite
(`StoreContract.test_changes_are_counted_and_paged_as_they_are_listed`) runs the same contract on
a real cluster when DUBAN_ES_URL is set."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pytest

from duban.base.stored import StatusChange
from duban.index import es_store
from duban.index.es_store import ES_SCHEMA_VERSION, IN_FORM, ElasticStore, in_stamp_form, mappings
from duban.index.filters import Filters, to_es
from duban.index.store import ChangePages
from duban.index.testing import PAGE_GROUPS
from tests.test_store_es import _FakeCluster

WINDOW = 7  # the scripted `index.max_result_window`, lowered so that a short list pages past it


class _Refused(Exception):
    """A request the cluster answers with 400."""


class _ChangesCluster(_FakeCluster):
    """The empty cluster, except for `t-changes` (held in `changes`, by id) and the measures a
    test puts in `measures` (what a scroll of `t-measures` returns)."""

    changes: ClassVar[dict[str, dict[str, Any]]] = {}
    measures: ClassVar[list[dict[str, Any]]] = []
    window: ClassVar[int] = WINDOW

    def _handle(self) -> None:
        path, _, query = self.path.partition("?")
        params = parse_qs(query)
        held = path.startswith("/t-changes/") and path.rsplit("/", 1)[1] in (
            "_count",
            "_search",
            "_update_by_query",
        )
        if not (held or path == "/t-measures/_search" or path == "/_bulk"):
            _FakeCluster._handle(self)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.seen.append((self.command, self.path, self.headers.get("Accept", ""), body))
        try:
            if path == "/_bulk":
                self._reply(self._bulk(body))
            elif path.startswith("/t-measures/"):
                scrolled = "scroll" in params
                self._reply(_hits(self.measures if scrolled else [], scroll=scrolled))
            elif path.endswith("/_count"):
                self._reply({"count": self._count(json.loads(body or "{}"), params)})
            elif path.endswith("/_update_by_query"):
                self._reply(self._update(json.loads(body)))
            else:
                self._reply(self._search(json.loads(body or "{}"), params))
        except _Refused as exc:
            self._reply(
                {"error": {"type": "illegal_argument_exception", "reason": str(exc)}, "status": 400}, 400
            )

    def _bulk(self, body: str) -> dict[str, Any]:
        lines = iter(json.loads(line) for line in body.splitlines() if line.strip())
        items = []
        for head in lines:
            op, meta = next(iter(head.items()))
            source = next(lines) if op != "delete" else None
            if meta.get("_index") == "t-changes" and op == "index" and source is not None:
                self.changes[meta["_id"]] = source
            items.append({op: {"_id": meta.get("_id"), "status": 404 if op == "delete" else 201}})
        return {"took": 1, "errors": False, "items": items}

    def _matching(self, query: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
        return [(i, c) for i, c in self.changes.items() if query is None or _matches(query, i, c)]

    def _count(self, request: dict[str, Any], params: dict[str, list[str]]) -> int:
        found = len(self._matching(request.get("query")))
        stop = params.get("terminate_after")
        return min(found, int(stop[0])) if stop else found

    def _update(self, request: dict[str, Any]) -> dict[str, Any]:
        script = request["script"]
        assert script["source"] == f"ctx._source.{IN_FORM} = params.form", "the only script the store sends"
        found = self._matching(request["query"])
        for _, change in found:
            change[IN_FORM] = script["params"]["form"]
        return {"updated": len(found), "failures": []}

    def _search(self, request: dict[str, Any], params: dict[str, list[str]]) -> dict[str, Any]:
        found = self._matching(request.get("query"))
        if "scroll" in params:  # a scan: everything at once, then an empty scroll
            return _hits([{"_id": i, "_source": c} for i, c in found], scroll=True)
        if "aggs" in request:
            return _composite(request, found)
        start, size = int(request.get("from", 0)), int(request.get("size", 10))
        if start + size > self.window:
            raise _Refused(
                f"Result window is too large, from + size must be less than or equal to: [{self.window}]"
            )
        assert [next(iter(s)) for s in request["sort"]] == ["at", "measure_id"], request["sort"]
        keyed = sorted(((-_millis(c["at"]), c["measure_id"]), i, c) for i, c in found)
        after = request.get("search_after")
        if after is not None:
            if start:
                raise _Refused("`from` parameter must be set to 0 when `search_after` is used")
            keyed = [k for k in keyed if k[0] > (-int(after[0]), str(after[1]))]
        page = keyed[start : start + size]
        hits = [
            {
                "_id": i,
                "sort": [-key[0], key[1]],
                **({} if request.get("_source") is False else {"_source": c}),
            }
            for key, i, c in page
        ]
        if params.get("filter_path") == ["hits.hits.sort"]:
            return {"hits": {"hits": [{"sort": h["sort"]} for h in hits]}} if hits else {}
        return _hits(hits)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


def _hits(hits: list[dict[str, Any]], scroll: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {"hits": {"hits": hits, "total": {"value": len(hits), "relation": "eq"}}}
    shards = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}
    return {**found, "_scroll_id": "s", "_shards": shards} if scroll else found


def _millis(at: str) -> int:
    return int(dt.datetime.fromisoformat(at).timestamp() * 1000)


def _composite(request: dict[str, Any], found: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    ((name, spec),) = request["aggs"].items()
    composite = spec["composite"]
    ((key, source),) = composite["sources"][0].items()
    values = sorted({str(c[source["terms"]["field"]]) for _, c in found})
    after = composite.get("after")
    if after is not None:
        values = [v for v in values if v > after[key]]
    page = values[: composite["size"]]
    buckets = [{"key": {key: v}, "doc_count": 1} for v in page]
    reply: dict[str, Any] = {"buckets": buckets}
    if page:
        reply["after_key"] = {key: page[-1]}
    return {
        "hits": {"hits": [], "total": {"value": len(found), "relation": "eq"}},
        "aggregations": {name: reply},
    }


def _matches(query: dict[str, Any], key: str, change: dict[str, Any]) -> bool:
    """Whether a stored change matches `query`, for the shapes the store sends `-changes`."""
    ((kind, spec),) = query.items()
    if kind == "bool":
        unknown = set(spec) - {"filter", "must_not", "should", "minimum_should_match"}
        assert not unknown, unknown
        should = spec.get("should", [])
        return (
            all(_matches(q, key, change) for q in spec.get("filter", []))
            and not any(_matches(q, key, change) for q in spec.get("must_not", []))
            and (
                not should
                or sum(_matches(q, key, change) for q in should) >= spec.get("minimum_should_match", 1)
            )
        )
    if kind == "range":
        ((field, bounds),) = spec.items()
        assert field == "at" and set(bounds) == {"gte"}, spec
        return _millis(change[field]) >= _millis(bounds["gte"])
    if kind == "terms":
        ((field, values),) = spec.items()
        if len(values) > es_store.MAX_TERMS:
            raise _Refused(
                f"The number of terms [{len(values)}] used in the Terms Query request has exceeded the allowed maximum"
            )
        return change.get(field) in values
    if kind == "term":
        ((field, value),) = spec.items()
        return change.get(field) == value
    if kind == "ids":
        return key in spec["values"]
    if kind == "exists":
        return change.get(spec["field"]) is not None
    if kind == "match_none":
        return False
    raise AssertionError(f"a query the scripted cluster does not know: {query}")


@pytest.fixture
def cluster() -> Iterator[tuple[ElasticStore, type[_ChangesCluster]]]:
    handler = type("Changes", (_ChangesCluster,), {"seen": [], "changes": {}, "measures": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    store = ElasticStore(f"http://127.0.0.1:{server.server_address[1]}", prefix="t", request_timeout=5)
    store.result_window = WINDOW
    yield store, handler
    store.close()
    server.shutdown()
    server.server_close()


def _changes(doc_ids: list[str], stamps: list[str], per_doc: int = 4) -> list[StatusChange]:
    statuses = ["done", "overdue", "lagging", "relayed", "in_progress"]
    return [
        StatusChange(
            f"{d}:{n}", d, None, statuses[(i + n + s) % len(statuses)], "2097-05-01", at, "crosscheck"
        )
        for s, at in enumerate(stamps)
        for i, d in enumerate(doc_ids)
        for n in range(per_doc)
        if (i + n + s) % 4
    ]


STAMPS = ["2097-05-02T01:00:00.000+00:00", "2097-05-03T02:00:00.000+00:00", "2097-05-04T03:00:00.000+00:00"]
DOCS = ["d3", "d1", "d2"]


def _wanted(listed: list[StatusChange], new: tuple[str, ...], outside: bool) -> list[StatusChange]:
    return [c for c in listed if (c.new in new) != outside]


def test_the_changes_index_sorts_and_aggregates_its_fields() -> None:
    """The fields a page sorts, counts and groups by are keyword and date fields (doc values),
    and each change says whether its stamp is in the saves' form (schema 6)."""
    changes = mappings()["changes"]
    assert changes["_meta"] == {"duban_schema": ES_SCHEMA_VERSION} and ES_SCHEMA_VERSION >= 6
    properties = changes["properties"]
    assert properties["at"] == {"type": "date"}
    assert {properties[f]["type"] for f in ("measure_id", "new", "doc_id")} == {"keyword"}
    assert properties[IN_FORM] == {"type": "boolean"}
    assert in_stamp_form("2097-05-02T01:00:00.000+00:00")
    for other in (
        "2097-05-06T08:00:00+08:00",
        "2097-05-06",
        "2097-05-02T01:00:00.000000+00:00",
        None,
        "２097-05-02T01:00:00.000+00:00",
    ):
        assert not in_stamp_form(other)


def test_a_group_is_counted_and_sliced_in_the_cluster_past_its_window(
    cluster: tuple[ElasticStore, type[_ChangesCluster]],
) -> None:
    """Every group's count and its slice at every offset equal the cut of `status_changes`,
    past the window too: the cluster is never asked beyond it (it refuses), the hits before a
    deep page are stepped over by `search_after` reading their sort values alone."""
    store, handler = cluster
    assert isinstance(store, ChangePages)
    store.add_status_changes(_changes(DOCS, STAMPS))
    for since in (None, STAMPS[1]):
        listed = store.status_changes(since=since)
        assert len(listed) > 2 * WINDOW
        assert store.changes_in_time_order(since)
        assert store.change_docs(since) == sorted({c.doc_id for c in listed})
        for new, outside in PAGE_GROUPS:
            wanted = _wanted(listed, new, outside)
            assert store.status_change_count(since, new, outside) == len(wanted)
            for limit in (1, 3, WINDOW, WINDOW + 2, len(wanted) + 1):
                for offset in range(len(wanted) + 2):
                    found = store.status_change_slice(since, new, outside, offset, limit)
                    assert found == wanted[offset : offset + limit], (since, new, offset, limit)
    handler.seen.clear()
    everything = _wanted(store.status_changes(), (), True)
    assert (
        store.status_change_slice(None, (), True, 2 * WINDOW + 1, 2)
        == everything[2 * WINDOW + 1 : 2 * WINDOW + 3]
    )
    asked = [
        json.loads(body)
        for _, path, _, body in handler.seen
        if path.startswith("/t-changes/_search") and "scroll" not in path
    ]
    assert [(a.get("from", 0), a["size"], "search_after" in a, a.get("_source", True)) for a in asked] == [
        (WINDOW - 1, 1, False, False),  # the window's last hit alone
        (0, WINDOW, True, False),  # the next window's sort values
        (0, 1, True, False),  # and the one hit left before the page
        (0, 2, True, True),  # the page
    ]


def test_narrowed_to_a_unit_and_to_documents(
    cluster: tuple[ElasticStore, type[_ChangesCluster]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A unit's measures are found by the unit filter itself, and given back as a clause of
    `terms` on the changes' measure and document ids, cut to the cluster's terms limit; the
    documents of a directive as `terms` on `doc_id`."""
    store, handler = cluster
    store.add_status_changes(_changes(DOCS, STAMPS))
    held = [("d1", 0), ("d1", 2), ("d2", 1), ("d2", 3), ("d3", 0)]
    handler.measures = [{"_id": f"{d}:{n}", "_source": {"doc_id": d}} for d, n in held]
    monkeypatch.setattr(es_store, "MAX_TERMS", 3)  # a group's statuses fit
    handler.seen.clear()
    measures = store.unit_measures("民政")
    asked = next(json.loads(b) for _, p, _, b in handler.seen if p.startswith("/t-measures/_search"))
    assert asked["query"] == {"bool": {"filter": to_es(Filters(unit="民政"), "measures")}}
    clause = json.loads(measures)
    ids = clause["bool"]["filter"][0]["bool"]["should"]
    assert [t["terms"]["measure_id"] for t in ids] == [["d1:0", "d1:2", "d2:1"], ["d2:3", "d3:0"]]
    listed = store.status_changes()
    keys = {f"{d}:{n}" for d, n in held}
    docs = json.dumps(["d1", "d3"])
    for new, outside in PAGE_GROUPS:
        wanted = [c for c in _wanted(listed, new, outside) if c.measure_id in keys]
        assert store.status_change_count(None, new, outside, measures=measures) == len(wanted)
        assert store.status_change_slice(None, new, outside, 0, 50, measures) == wanted
        assert store.status_change_slice(None, new, outside, 1, WINDOW, measures) == wanted[1 : WINDOW + 1]
        narrowed = [c for c in wanted if c.doc_id in ("d1", "d3")]
        assert store.status_change_count(None, new, outside, None, measures, docs) == len(narrowed)
        assert store.status_change_slice(None, new, outside, 0, 50, measures, docs) == narrowed
    handler.measures = []
    nothing = store.unit_measures("不存在的单位")
    assert store.status_change_count(None, (), True, measures=nothing) == 0


def test_a_stamp_of_another_form_is_told_and_an_older_index_given_the_forms(
    cluster: tuple[ElasticStore, type[_ChangesCluster]],
) -> None:
    """A change kept as given with a stamp of another form takes its period out of time order;
    changes written before schema 6 (no `in_form`) count as of another form until a store gives
    them theirs when it opens the index, one update-by-query per form."""
    store, handler = cluster
    store.add_status_changes(_changes(DOCS, STAMPS[:1]))
    odd = StatusChange("d1:0", "d1", None, "done", "2097-05-06", "2097-05-06T08:00:00+08:00", "ingest")
    store.add_status_changes([odd])
    assert not store.changes_in_time_order(None)
    assert not store.changes_in_time_order("2097-05-05T00:00:00.000+00:00")
    assert store.changes_in_time_order("2097-05-07T00:00:00.000+00:00")
    counted = [json.loads(b) for _, p, _, b in handler.seen if p.startswith("/t-changes/_count")]
    assert "terminate_after=1" in next(p for _, p, _, _ in handler.seen if p.startswith("/t-changes/_count"))
    assert counted[0]["query"]["bool"]["must_not"] == [{"term": {IN_FORM: True}}]
    # the index as a store before schema 6 left it: the field on none of them
    for change in handler.changes.values():
        del change[IN_FORM]
    assert store.changes_in_time_order("2097-05-07T00:00:00.000+00:00")  # none then
    assert not store.changes_in_time_order(STAMPS[0])
    handler.seen.clear()
    reopened = ElasticStore(store._host, prefix="t", request_timeout=5)  # the mapping says schema 1: upgraded
    assert not reopened.changes_in_time_order(STAMPS[0])  # the odd one
    forms = {c["at"]: c[IN_FORM] for c in handler.changes.values()}
    assert forms == {STAMPS[0]: True, odd.at: False}
    updates = [json.loads(b) for _, p, _, b in handler.seen if p.startswith("/t-changes/_update_by_query")]
    assert sorted(u["script"]["params"]["form"] for u in updates) == [False, True]
    assert [len(u["query"]["ids"]["values"]) for u in updates] == [len(handler.changes) - 1, 1]
    assert store.status_changes() == reopened.status_changes() and odd in store.status_changes()
    reopened.close()
