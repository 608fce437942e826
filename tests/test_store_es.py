"""The store contract against Elasticsearch (needs DUBAN_ES_URL, e.g. `docker compose up -d` and
DUBAN_ES_URL=http://localhost:9200), plus server-free checks of the query DSL, mapping and connection."""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from duban.base.errors import DubanError, E
from duban.base.stored import ChangeNote, RunReport, StatusEvidence
from duban.index import es_store, open_store
from duban.index.analysis import Analyzer
from duban.index.corrections import correction_key, text_hash
from duban.index.es_store import ES_SCHEMA_VERSION, ElasticStore, mappings, sort_clause, text_query
from duban.index.filters import Filters, parse_filters, to_es
from duban.index.spellings import name_suffixes
from duban.index.store import Store
from duban.index.testing import POLICY_ITEMS, POLICY_META, Item, StoreContract, make_document, minutes, policy

ES_URL = os.environ.get("DUBAN_ES_URL")


@pytest.mark.integration
@pytest.mark.skipif(not ES_URL, reason="DUBAN_ES_URL not set")
class TestElasticStore(StoreContract):
    @pytest.fixture
    def store(self) -> Iterator[Store]:
        assert ES_URL is not None
        separator = "&" if "?" in ES_URL else "?"
        store = ElasticStore.from_url(f"{ES_URL}{separator}prefix=duban-test-{uuid.uuid4().hex[:10]}")
        yield store
        store.drop()


def test_open_store_elasticsearch_url_with_basic_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUBAN_ES_API_KEY", raising=False)
    store = open_store("https://elastic:s3cret@search.example:9243/?prefix=team-a")
    assert isinstance(store, ElasticStore)
    assert store.url == "https://search.example:9243?prefix=team-a"
    assert "s3cret" not in store.url
    assert store.index_name("measures") == "team-a-measures"


def test_api_key_comes_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_ES_API_KEY", "abc123")
    store = ElasticStore.from_url("http://localhost:9200")
    assert store.url == "http://localhost:9200"
    assert store.index_name("documents") == "duban-documents"


@pytest.mark.parametrize(
    "url", ["http://localhost:9200?prefix=Bad Prefix", "http://:9200", "http://host:port"]
)
def test_bad_elasticsearch_urls(url: str) -> None:
    with pytest.raises(DubanError) as err:
        open_store(url)
    assert err.value.kind is E.INDEX_URL


def test_unreachable_cluster_is_a_clear_error() -> None:
    store = ElasticStore("http://127.0.0.1:9", request_timeout=2)
    with pytest.raises(DubanError) as err:
        store.count()
    assert err.value.kind is E.INDEX_UNREACHABLE
    assert "127.0.0.1:9" in err.value.message


class _FakeCluster(BaseHTTPRequestHandler):
    """An empty cluster on localhost: answers every API the store calls as if it held nothing, and
    records each request (method, path, Accept header, body) so tests can look at what was sent."""

    version = "8.15.0"
    seen: ClassVar[list[tuple[str, str, str, str]]] = []

    def _reply(self, body: dict[str, Any] | None, status: int = 200) -> None:
        payload = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.seen.append((self.command, self.path, self.headers.get("Accept", ""), body))
        path = self.path.split("?")[0]
        if path == "/":
            self._reply({"version": {"number": self.version}, "tagline": "You Know, for Search"})
        elif self.command == "HEAD":
            self._reply(None)
        elif path.endswith("/_mapping"):
            self._reply({path.split("/")[1]: {"mappings": {"_meta": {"duban_schema": 1}}}})
        elif path.endswith("/_count"):
            self._reply({"count": 3})
        elif path == "/_bulk":
            lines = [json.loads(line) for line in body.splitlines() if line.strip()]
            items = []
            for line in lines:
                op = next(iter(line))
                if (
                    op in ("index", "create", "update", "delete")
                    and isinstance(line[op], dict)
                    and "_id" in line[op]
                ):
                    items.append({op: {"_id": line[op]["_id"], "status": 404 if op == "delete" else 201}})
            self._reply({"took": 1, "errors": False, "items": items})
        elif path.endswith("/_mget"):
            ids = json.loads(body).get("ids", [])
            self._reply({"docs": [{"_id": i, "found": False} for i in ids]})
        elif path.endswith("/_search") or path.startswith("/_search/scroll"):
            request = json.loads(body) if body else {}
            hits = {"hits": [], "total": {"value": 0, "relation": "eq"}}
            self._reply(
                {"_scroll_id": "s", "hits": hits, "aggregations": _empty_aggs(request.get("aggs", {}))}
            )
        elif "/_update/" in path or ("/_doc/" in path and self.command == "GET"):
            self._reply({"found": False}, 404)
        else:
            self._reply({"acknowledged": True, "result": "created", "_shards": {"total": 1}})

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

    def log_message(self, format: str, *args: Any) -> None:
        return


def _empty_aggs(aggs: dict[str, Any]) -> dict[str, Any]:
    return {name: {"buckets": [], **_empty_aggs(spec.get("aggs", {}))} for name, spec in aggs.items()}


@pytest.fixture
def fake_cluster() -> Iterator[tuple[str, type[_FakeCluster]]]:
    handler = type("Handler", (_FakeCluster,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_talks_to_an_8x_cluster_in_its_dialect(fake_cluster: tuple[str, type[_FakeCluster]]) -> None:
    url, handler = fake_cluster
    store = ElasticStore(url, request_timeout=5)
    assert store.count("documents") == 3
    assert handler.seen[0][:2] == ("GET", "/")
    accepts = [accept for _, _, accept, _ in handler.seen if accept]
    assert accepts
    assert all("compatible-with=9" not in accept for accept in accepts)
    store.close()


def test_unsupported_cluster_version(fake_cluster: tuple[str, type[_FakeCluster]]) -> None:
    url, handler = fake_cluster
    handler.version = "7.17.9"
    with pytest.raises(DubanError) as err:
        ElasticStore(url, request_timeout=5).count()
    assert err.value.kind is E.INDEX_VERSION
    assert "7.17.9" in err.value.message


def test_mapping_indexes_pre_segmented_text_with_whitespace() -> None:
    found = mappings()
    for suffix in ("measures", "documents"):
        properties = found[suffix]["properties"]
        assert properties["words"] == {"type": "text", "analyzer": "whitespace"}
        assert properties["grams"] == {"type": "text", "analyzer": "whitespace"}
        assert found[suffix]["dynamic"] == "strict"
    measures = found["measures"]["properties"]
    assert measures["units"]["type"] == "nested"
    assert measures["deadlines"]["properties"]["due"]["type"] == "date"
    assert measures["status"] == {"type": "keyword"}


def test_filters_to_es_for_measures() -> None:
    filters = parse_filters(
        unit="财政*局",
        role="lead",
        kind="policy",
        deadline_after="2021-06",
        deadline_before="2021-09",
        deadline_kind="absolute",
        status="overdue",
        date_from="2021",
        doc_id="abc",
    )
    clauses = to_es(filters, "measures")
    assert {"term": {"doc_id": "abc"}} in clauses
    assert {"term": {"doc_kind": "policy"}} in clauses
    assert {"range": {"doc_date": {"gte": "2021-01-01"}}} in clauses
    computed = {
        "bool": {
            "filter": [{"term": {"status": "overdue"}}],
            "must_not": [{"exists": {"field": "corrected"}}],
        }
    }
    corrected = {
        "bool": {"should": [{"term": {"corrected": "overdue"}}, computed], "minimum_should_match": 1}
    }
    assert corrected in clauses, "a staff correction's status counts, else the computed one"
    unit = next(c for c in clauses if c.get("nested", {}).get("path") == "units")
    assert unit["nested"]["query"]["bool"]["filter"] == [
        {"prefix": {"units.name_starts": {"value": "财政*局", "case_insensitive": True}}},
        {"terms": {"units.role": ["lead", "responsible"]}},
    ]
    spelled = next(c for c in to_es(Filters(unit="市发改委")) if c.get("nested", {}).get("path") == "units")
    assert spelled["nested"]["query"]["bool"]["filter"] == [
        {
            "bool": {
                "should": [
                    {"prefix": {"units.name_starts": {"value": form, "case_insensitive": True}}}
                    for form in ("市发改委", "市发展改革委", "市发展和改革委员会")
                ],
                "minimum_should_match": 1,
            }
        }
    ]
    due = next(c for c in clauses if c.get("nested", {}).get("path") == "deadlines")
    assert due["nested"]["query"]["bool"]["filter"] == [
        {"range": {"deadlines.due": {"gte": "2021-06-01", "lte": "2021-09-30"}}},
        {"term": {"deadlines.kind": "absolute"}},
    ]


def test_filters_to_es_for_documents_and_unset_status() -> None:
    clauses = to_es(Filters(kind="minutes", issuer="办公室", date_to="2021-12-31"), "documents")
    assert clauses == [
        {"term": {"kind": "minutes"}},
        {"prefix": {"issuer_starts": {"value": "办公室", "case_insensitive": True}}},
        {"range": {"date": {"lte": "2021-12-31"}}},
    ]
    on_measures = to_es(Filters(issuer="示范市政府"), "measures")
    assert on_measures == [
        {
            "bool": {
                "should": [
                    {"prefix": {"doc_issuer_starts": {"value": form, "case_insensitive": True}}}
                    for form in ("示范市政府", "示范市人民政府")
                ],
                "minimum_should_match": 1,
            }
        }
    ], "an issuer filter is a prefix of the issuer's suffixes from its word starts, per spelling"
    unset = {"bool": {"must_not": [{"exists": {"field": "status"}}, {"exists": {"field": "corrected"}}]}}
    assert to_es(Filters(status="unset")) == [unset]
    with pytest.raises(ValueError):
        to_es(Filters(unit="市财政局"), "documents")
    assert to_es(Filters()) == []


def test_text_query_dsl() -> None:
    query = text_query(Analyzer().parse_query("纪委书记 约"))
    assert query is not None
    must = query["bool"]["must"]
    assert must[0]["bool"]["should"][0] == {"match_phrase": {"grams": "纪委 委书 书记"}}
    assert must[0]["bool"]["should"][1]["match"]["words"]["operator"] == "and"
    assert must[1]["bool"]["should"] == [{"prefix": {"grams": "约"}}, {"term": {"words": "约"}}]
    assert text_query(Analyzer().parse_query("牵头单位:市发展改革委")) is None


def test_sort_clauses() -> None:
    assert sort_clause("measures", "relevance", True) == ["_score", {"doc_id": "asc"}, {"ord": "asc"}]
    assert sort_clause("documents", "deadline", False) == [
        {"first_due": {"order": "asc", "missing": "_last"}},
        {"doc_id": "asc"},
    ]


def test_every_store_call_against_an_empty_cluster(fake_cluster: tuple[str, type[_FakeCluster]]) -> None:
    """Each Store method reaches the cluster with arguments the client accepts, writes in phases
    (measures before their document), and refreshes once before reading, not per write."""
    url, handler = fake_cluster
    store = ElasticStore(url, prefix="t", request_timeout=5)
    doc = policy()
    assert store.write(doc, doc.doc_id).action == "added"
    bulks = [
        json.loads(line)
        for method, path, _, body in handler.seen
        if path.startswith("/_bulk")
        for line in body.splitlines()
    ]
    targets = [next(iter(line.values()))["_index"] for line in bulks if "_index" in next(iter(line.values()))]
    assert targets == ["t-measures"] * 4 + ["t-documents", "t-sources"]
    assert not any(path.endswith("/_refresh") and "t-measures" in path for _, path, _, _ in handler.seen)
    assert store.search("约谈", parse_filters(unit="纪委", deadline_before="2021")).total == 0
    assert store.search("", Filters(unit="纪委"), target="documents", sort="deadline").hits == []
    refreshes = [
        path for _, path, _, _ in handler.seen if path.endswith("/_refresh") and "t-measures" in path
    ]
    assert len(refreshes) == 1
    assert store.stats().by_unit == {}
    assert store.get(doc.doc_id) is None
    assert store.known_hashes(["samples/policy.txt"]) == {}
    assert list(store.iter_measures(Filters(status="overdue"))) == []
    assert list(store.iter_documents()) == []
    store.record_run(RunReport("r1", store.url, "2024-01-01T00:00:00+00:00"))
    assert store.runs() == []
    assert store.delete(doc.doc_id) is False
    with pytest.raises(DubanError) as err:
        store.update_status(f"{doc.doc_id}:0", "done", StatusEvidence(None, "done", "已办结"))
    assert err.value.kind is E.NOT_FOUND
    store.close()


Canned = dict[str, Any]


@pytest.fixture
def scripted_cluster() -> Iterator[tuple[str, type[_FakeCluster], Canned]]:
    """The empty cluster, except for the replies a test puts in `canned` by path: a dict, or a
    function of the request body returning one."""
    canned: Canned = {}

    def handle(self: _FakeCluster) -> None:
        path = self.path.split("?")[0]
        reply = canned.get(f"{self.command} {path}", canned.get(path))
        if reply is None:
            _FakeCluster._handle(self)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.seen.append((self.command, self.path, self.headers.get("Accept", ""), body))
        self._reply(reply(body) if callable(reply) else reply)

    handler = type(
        "Scripted",
        (_FakeCluster,),
        {
            "seen": [],
            "do_GET": handle,
            "do_POST": handle,
            "do_PUT": handle,
            "do_DELETE": handle,
            "do_HEAD": handle,
        },
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler, canned
    server.shutdown()
    server.server_close()


def _bulk_lines(handler: type[_FakeCluster]) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for _, path, _, body in handler.seen
        if path.startswith("/_bulk")
        for line in body.splitlines()
        if line.strip()
    ]


def _refusing(doc_id: str) -> Any:
    """A bulk reply refusing (a mapping error) every item whose id starts with `doc_id`."""

    def reply(body: str) -> dict[str, Any]:
        items = []
        for line in (json.loads(raw) for raw in body.splitlines() if raw.strip()):
            op = next(iter(line))
            if op not in ("index", "create", "update", "delete") or "_id" not in line[op]:
                continue
            info = {"_index": line[op]["_index"], "_id": line[op]["_id"], "status": 201}
            if str(line[op]["_id"]).startswith(doc_id) and op != "delete":
                info |= {"status": 400, "error": {"type": "mapper_parsing_exception", "reason": "bad field"}}
            items.append({op: info})
        return {"took": 1, "errors": True, "items": items}

    return reply


def test_a_refused_document_fails_alone(scripted_cluster: tuple[str, type[_FakeCluster], Canned]) -> None:
    url, handler, canned = scripted_cluster
    canned["/_bulk"] = _refusing(policy().doc_id)
    store = ElasticStore(url, prefix="t", request_timeout=5)
    results = store.write_many([(policy(), policy().doc_id), (minutes(), minutes().doc_id)])
    assert [r.action for r in results] == ["failed", "added"]
    assert results[0].error is not None and "bad field" in results[0].error
    lines = _bulk_lines(handler)
    documents = [next(iter(line.values()))["_id"] for line in lines if "index" in line]
    assert minutes().doc_id in documents and policy().doc_id not in documents, "no document without measures"
    deleted = [line["delete"]["_id"] for line in lines if "delete" in line]
    assert f"{policy().doc_id}:0" in deleted, "the refused document's measures are taken out again"
    with pytest.raises(DubanError) as err:
        store.write(policy(), policy().doc_id)
    assert err.value.kind is E.INDEX_WRITE
    store.close()


def test_a_document_over_the_request_limit_fails_alone(fake_cluster: tuple[str, type[_FakeCluster]]) -> None:
    url, handler = fake_cluster
    store = ElasticStore(url, prefix="t", request_timeout=5, max_request_bytes=60_000)
    huge = make_document("samples/huge.txt", POLICY_META, [Item("项目" * 20_000)])
    results = store.write_many([(huge, huge.doc_id), (minutes(), minutes().doc_id)])
    assert [r.action for r in results] == ["failed", "added"]
    assert results[0].error is not None and "文档过大" in results[0].error
    bodies = [body for _, path, _, body in handler.seen if path.startswith("/_bulk")]
    assert bodies and not any(huge.doc_id in body for body in bodies), "nothing of it is sent"
    store.close()


def test_deep_pages_stop_at_the_listing_cap(fake_cluster: tuple[str, type[_FakeCluster]]) -> None:
    url, handler = fake_cluster
    store = ElasticStore(url, prefix="t", request_timeout=5)
    store.search("约谈", offset=9_995, limit=10)
    store.search("约谈", offset=12_000, limit=10, target="documents")
    pages = [
        (json.loads(body).get("from", 0), json.loads(body).get("size"))
        for _, path, _, body in handler.seen
        if path.split("?")[0] in ("/t-measures/_search", "/t-documents/_search") and "from" in body
    ]
    assert pages == [(9_995, 5), (12_000, 0)], "never past the cluster's max_result_window"
    store.close()


def test_crash_leftovers_are_swept_and_intents_bracket_writes(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned],
) -> None:
    url, handler, canned = scripted_cluster
    stale = {"at": "2020-01-01T00:00:00+00:00", "doc_ids": ["gone"], "record": {"measures": {"gone": 2}}}
    canned["/t-pending/_search"] = {
        "_scroll_id": "s",
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"hits": [{"_id": "i1", "_source": stale}], "total": {"value": 1, "relation": "eq"}},
    }
    store = ElasticStore(url, prefix="t", request_timeout=5)
    store.write(policy(), policy().doc_id)
    deleted = [line["delete"]["_id"] for line in _bulk_lines(handler) if "delete" in line]
    assert deleted[:3] == ["gone:0", "gone:1", "gone"], "measures of a document never written are removed"
    calls = [(method, path.split("?")[0]) for method, path, _, _ in handler.seen]
    assert ("DELETE", "/t-pending/_doc/i1") in calls
    opened = next(i for i, (m, p) in enumerate(calls) if m == "PUT" and p.startswith("/t-pending/_doc/"))
    bulks = [i for i, (_, p) in enumerate(calls) if p == "/_bulk"]
    closed = max(i for i, (m, p) in enumerate(calls) if m == "DELETE" and p.startswith("/t-pending/_doc/"))
    assert opened < bulks[-1] < closed, "the intent is recorded before the measures and removed after"
    store.close()


def test_known_hashes_need_the_document_too(scripted_cluster: tuple[str, type[_FakeCluster], Canned]) -> None:
    url, _, canned = scripted_cluster
    entry = {"source": "samples/policy.txt", "doc_id": "d1", "source_hash": "h1"}
    canned["/t-sources/_mget"] = {"docs": [{"_id": "x", "found": True, "_source": entry}]}
    store = ElasticStore(url, prefix="t", request_timeout=5)
    assert store.known_hashes(["samples/policy.txt"]) == {}, "a source entry without its document"
    canned["/t-documents/_mget"] = {
        "docs": [
            {"_id": "d1", "found": True, "_source": {"sources": ["samples/policy.txt"], "measure_count": 1}}
        ]
    }
    assert store.known_hashes(["samples/policy.txt"]) == {"samples/policy.txt": "h1"}
    store.close()


def test_corrections_set_the_status_the_filter_reads(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned],
) -> None:
    url, handler, canned = scripted_cluster
    text = POLICY_ITEMS[2].text
    correction = {
        "key": correction_key(policy().doc_id, text),
        "sources": ["samples/policy.txt"],
        "text_hash": text_hash(text),
        "status": "done",
        "at": "2024-01-01T00:00:00+00:00",
    }
    canned["/t-corrections/_search"] = {
        "hits": {"hits": [{"_id": "c1", "_source": {"record": correction}}], "total": {"value": 1}}
    }
    canned["/t-documents/_search"] = {"hits": {"hits": [{"_id": policy().doc_id}], "total": {"value": 1}}}
    canned["/t-documents/_mget"] = {
        "docs": [
            {
                "_id": policy().doc_id,
                "found": True,
                "_source": {"sources": ["samples/policy.txt"], "measure_count": 1},
            }
        ]
    }
    canned["/t-measures/_mget"] = {
        "docs": [{"_id": f"{policy().doc_id}:2", "found": True, "_source": {"text": text, "corrected": None}}]
    }
    store = ElasticStore(url, prefix="t", request_timeout=5)
    store.add_correction({k: v for k, v in correction.items() if k != "at"} | {"by": "张三"})
    updates = [line for line in _bulk_lines(handler) if "doc" in line]
    assert updates == [{"doc": {"corrected": "done"}}]
    canned.pop("/t-documents/_mget")
    store.write(policy(), policy().doc_id)
    written = [line for line in _bulk_lines(handler) if "measure_id" in line]
    assert [m["corrected"] for m in written] == [None, None, "done", None], "a new document gets it too"
    store.close()


def test_a_save_with_a_note_sends_each_changed_status_with_the_statuses(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned],
) -> None:
    """The measures' stored statuses are read with the existence check, and a change is indexed
    in `-changes` (under an id a retry keeps) for each status that moves, in the statuses' bulk
    call; `status_changes` asks `-changes` newest first."""
    url, handler, canned = scripted_cluster
    doc_id = policy().doc_id
    canned["/t-measures/_mget"] = {
        "docs": [
            {"_id": f"{doc_id}:1", "found": True, "_source": {"doc_id": doc_id, "status": "relayed"}},
            {"_id": f"{doc_id}:2", "found": True, "_source": {"doc_id": doc_id}},
            {"_id": f"{doc_id}:3", "found": True, "_source": {"doc_id": doc_id, "status": "done"}},
        ]
    }
    store = ElasticStore(url, prefix="t", request_timeout=5)
    updates = [
        (f"{doc_id}:1", "overdue", None),
        (f"{doc_id}:2", "relayed", None),
        (f"{doc_id}:3", "done", None),
    ]
    assert store.update_statuses(updates, ChangeNote("2021-10-08", "crosscheck")) == 3
    mget = next(json.loads(body) for _, path, _, body in handler.seen if path.startswith("/t-measures/_mget"))
    assert mget["ids"] == [u[0] for u in updates]
    sent = _bulk_lines(handler)
    changes = [line for line in sent if "cause" in line]
    assert [(c["measure_id"], c["old"], c["new"]) for c in changes] == [
        (f"{doc_id}:1", "relayed", "overdue"),
        (f"{doc_id}:2", None, "relayed"),
    ]
    assert {(c["doc_id"], c["as_of"], c["cause"]) for c in changes} == {(doc_id, "2021-10-08", "crosscheck")}
    assert len({c["at"] for c in changes}) == 1
    heads = [line["index"] for line in sent if "index" in line]
    assert [h["_index"] for h in heads] == ["t-changes", "t-changes"] and len({h["_id"] for h in heads}) == 2
    assert len([line for line in sent if "doc" in line]) == 3
    assert store.status_changes(since="2021-10-01", directive=doc_id, limit=5) == []
    asked = next(  # the search that lists them (the schema upgrade's scroll of stamps comes first)
        json.loads(body)
        for _, path, _, body in handler.seen
        if path.startswith("/t-changes/_search") and "scroll=" not in path
    )
    assert asked["size"] == 5 and asked["sort"][0] == {"at": "desc"}
    assert {"range": {"at": {"gte": "2021-10-01"}}} in asked["query"]["bool"]["filter"]


def test_ingest_time_filters_to_es() -> None:
    since = parse_filters(
        ingested_after="2026-12-01T08:00:00+00:00", ingested_before="2026-12-31T00:00:00+00:00"
    )
    bounds = {"gte": "2026-12-01T08:00:00+00:00", "lte": "2026-12-31T00:00:00+00:00"}
    assert to_es(since, "measures") == [{"range": {"doc_ingested_at": bounds}}]
    assert to_es(since, "documents") == [{"range": {"ingested_at": bounds}}]
    assert mappings()["measures"]["properties"]["doc_ingested_at"] == {"type": "date"}


def test_an_older_index_gives_its_measures_their_ingest_time(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned],
) -> None:
    """Opening an index from before schema 3 copies each document's `ingested_at` onto its
    measures (one update-by-query per stamp), before the mapping's version says it is done."""
    url, handler, canned = scripted_cluster
    stamps = {
        "a": "2026-12-05T11:00:00+00:00",
        "b": "2026-12-05T11:00:00+00:00",
        "c": "2026-11-20T02:00:00+00:00",
    }

    def documents(body: str) -> dict[str, Any]:
        found = [{"_id": d, "_source": {"ingested_at": at}} for d, at in stamps.items()]
        hits = found if "ingested_at" in body else []
        total = {"value": len(hits), "relation": "eq"}
        shards = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}
        return {"_scroll_id": "s", "_shards": shards, "hits": {"hits": hits, "total": total}}

    canned["POST /t-documents/_search"] = documents
    store = ElasticStore(url, prefix="t", request_timeout=5)
    assert store.count("documents") == 3
    updates = [
        json.loads(body)
        for method, path, _, body in handler.seen
        if path.startswith("/t-measures/_update_by_query")
    ]
    given = {u["script"]["params"]["at"]: u["query"]["bool"]["filter"][0]["terms"]["doc_id"] for u in updates}
    assert given == {stamps["a"]: ["a", "b"], stamps["c"]: ["c"]}
    measures_mapping = [
        json.loads(body)
        for method, path, _, body in handler.seen
        if path.startswith("/t-measures/_mapping") and body
    ]
    assert "doc_ingested_at" in measures_mapping[0]["properties"]
    assert measures_mapping[-1] == {"_meta": {"duban_schema": ES_SCHEMA_VERSION}}
    store.close()


def test_an_older_index_gives_its_units_their_word_starts(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening an index from before schema 4 reads every distinct unit name (a composite
    aggregation, page by page), works out each name's word starts here and sets them on the units
    of those names (one refreshed update-by-query per group of names), before the mapping's
    version says it is done: the unit filter then finds 市民政局 for 民政, not 各区人民政府."""
    monkeypatch.setattr(es_store, "NAMES_PER_UPDATE", 1)
    url, handler, canned = scripted_cluster
    pages = {None: (["各区人民政府", "市民政局"], {"name": "市民政局"}), "市民政局": ([], None)}

    def measures(body: str) -> dict[str, Any]:
        request = json.loads(body)
        composite = request.get("aggs", {}).get("names", {}).get("composite")
        hits = {"hits": [], "total": {"value": 0, "relation": "eq"}}
        if composite is None or composite["sources"][0]["name"]["terms"]["field"] != "unit_names":
            return {"hits": hits}  # the issuers' migration (schema 5) finds none here
        names, after = pages[composite.get("after", {}).get("name")]
        found: dict[str, Any] = {"buckets": [{"key": {"name": n}, "doc_count": 1} for n in names]}
        if after is not None:
            found["after_key"] = after
        return {"hits": hits, "aggregations": {"names": found}}

    canned["POST /t-measures/_search"] = measures
    store = ElasticStore(url, prefix="t", request_timeout=5)
    assert store.count("documents") == 3
    updates = [
        (path, json.loads(body))
        for method, path, _, body in handler.seen
        if path.startswith("/t-measures/_update_by_query")
    ]
    assert not [u for _, u in updates if "doc_issuer" in u["query"]["bool"]["filter"][0]["terms"]]
    assert all("refresh=true" in path for path, _ in updates)
    given = [
        (u["query"]["bool"]["filter"][0]["terms"]["unit_names"], u["script"]["params"]["starts"])
        for _, u in updates
    ]
    assert given == [
        (["各区人民政府"], {"各区人民政府": ["各区人民政府", "区人民政府", "人民政府", "政府"]}),
        (["市民政局"], {"市民政局": ["市民政局", "民政局", "政局", "局"]}),
    ]
    mapped = [
        json.loads(body)
        for _, path, _, body in handler.seen
        if path.startswith("/t-measures/_mapping") and body
    ]
    assert mapped[0]["properties"]["units"]["properties"]["name_starts"] == {"type": "keyword"}
    assert mapped[-1] == {"_meta": {"duban_schema": ES_SCHEMA_VERSION}}
    store.close()


def test_an_older_index_gives_its_issuers_their_word_starts(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned],
) -> None:
    """Opening an index from before schema 5 reads the distinct issuers of the documents
    (`issuer`) and of the measures (`doc_issuer`), works out each one's word starts here and
    sets them (`issuer_starts`, `doc_issuer_starts`) by update-by-query on the issuer, before the
    mapping's version says it is done: `发文:民政` then finds the 民政局's documents and not a
    人民政府's, and each body of a joint issuer starts a word."""
    url, handler, canned = scripted_cluster
    issuers = ["东山县人民政府", "东山县民政局、东山县财政局"]

    def distinct(field: str) -> Callable[[str], dict[str, Any]]:
        def reply(body: str) -> dict[str, Any]:
            request = json.loads(body) if body else {}
            composite = request.get("aggs", {}).get("names", {}).get("composite")
            hits = {"hits": [], "total": {"value": 0, "relation": "eq"}}
            if composite is None or composite["sources"][0]["name"]["terms"]["field"] != field:
                return {"_scroll_id": "s", "hits": hits}
            first = "after" not in composite
            found: dict[str, Any] = {
                "buckets": [{"key": {"name": n}, "doc_count": 1} for n in (issuers if first else [])]
            }
            if first:
                found["after_key"] = {"name": issuers[-1]}
            return {"hits": hits, "aggregations": {"names": found}}

        return reply

    canned["POST /t-documents/_search"] = distinct("issuer")
    canned["POST /t-measures/_search"] = distinct("doc_issuer")
    store = ElasticStore(url, prefix="t", request_timeout=5)
    assert store.count("documents") == 3
    given: dict[str, tuple[list[str], dict[str, list[str]], str]] = {}
    for _, path, _, body in handler.seen:
        if "/_update_by_query" in path:
            update = json.loads(body)
            terms = update["query"]["bool"]["filter"][0]["terms"]
            if "unit_names" not in terms:
                field = next(iter(terms))
                given[field] = (
                    terms[field],
                    update["script"]["params"]["starts"],
                    update["script"]["source"],
                )
    starts = {n: list(name_suffixes(n)) for n in issuers}
    assert "人民政府" in starts[issuers[0]] and not [s for s in starts[issuers[0]] if s.startswith("民政")]
    assert {"民政局、东山县财政局", "东山县财政局", "财政局"} <= set(starts[issuers[1]]), "each body starts"
    assert given["issuer"][:2] == (issuers, starts)
    assert given["doc_issuer"][:2] == (issuers, starts)
    assert "ctx._source.issuer_starts" in given["issuer"][2]
    assert "ctx._source.doc_issuer_starts" in given["doc_issuer"][2]
    for index, field in (("documents", "issuer_starts"), ("measures", "doc_issuer_starts")):
        mapped = [
            json.loads(body)
            for _, path, _, body in handler.seen
            if path.startswith(f"/t-{index}/_mapping") and body
        ]
        assert mapped[0]["properties"][field] == {"type": "keyword"}
        assert mapped[-1] == {"_meta": {"duban_schema": ES_SCHEMA_VERSION}}, "the version last"
    store.close()


def test_a_measure_is_written_with_its_units_word_starts(
    fake_cluster: tuple[str, type[_FakeCluster]],
) -> None:
    url, handler = fake_cluster
    store = ElasticStore(url, request_timeout=5)
    store.write(policy(), policy().doc_id)
    units = [
        unit
        for line in _bulk_lines(handler)
        for unit in (line.get("units") or [])
        if isinstance(line.get("units"), list)
    ]
    by_name = {unit["name"]: unit["name_starts"] for unit in units}
    assert by_name["各区人民政府"] == ["各区人民政府", "区人民政府", "人民政府", "政府"]
    assert "民政府" not in by_name["各区人民政府"]
    lines = _bulk_lines(handler)
    issuer = policy().meta.issuer
    assert issuer is not None
    documents = [line for line in lines if "issuer_starts" in line]
    assert [line["issuer_starts"] for line in documents] == [list(name_suffixes(issuer))]
    assert {tuple(line["doc_issuer_starts"]) for line in lines if "measure_id" in line} == {
        name_suffixes(issuer)
    }
    store.close()


def test_a_new_version_is_sent_with_what_it_replaced(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned],
) -> None:
    """A file written again at its path with new content: the replaced version's measures (and
    what it passed on) are read in one request each before the write removes them, and the new
    document's record keeps them; a save tells a measure without a status against them."""
    url, handler, canned = scripted_cluster
    entry = {"source": "samples/policy.txt", "doc_id": "old1", "source_hash": "h0"}
    canned["/t-sources/_mget"] = {"docs": [{"_id": "x", "found": True, "_source": entry}]}
    canned["/t-documents/_mget"] = {
        "docs": [
            {"_id": "old1", "found": True, "_source": {"sources": ["samples/policy.txt"], "measure_count": 2}}
        ]
    }
    first, second = POLICY_ITEMS[0].text, POLICY_ITEMS[1].text
    canned["/t-measures/_mget"] = {
        "docs": [
            {
                "_id": "old1:0",
                "found": True,
                "_source": {
                    "doc_id": "old1",
                    "text": first,
                    "units": [{"name": "市发展改革委"}],
                    "status": "done",
                },
            },
            {"_id": "old1:1", "found": True, "_source": {"doc_id": "old1", "text": second, "units": []}},
        ]
    }
    store = ElasticStore(url, prefix="t", request_timeout=5)
    assert store.write(policy(), policy().doc_id).action == "replaced"
    asked = [json.loads(body) for _, path, _, body in handler.seen if path.startswith("/t-measures/_mget")]
    assert [a["ids"] for a in asked] == [["old1:0", "old1:1"]]
    (document,) = [line for line in _bulk_lines(handler) if "measure_count" in line]
    assert document["record"]["replaces"] == {
        "doc_id": "old1",
        "source": "samples/policy.txt",
        "measures": [
            {"measure_id": "old1:0", "text": first, "units": ["市发展改革委"], "status": "done"},
            {"measure_id": "old1:1", "text": second, "units": [], "status": None},
        ],
    }
    handler.seen.clear()
    doc_id = policy().doc_id
    canned["/t-measures/_mget"] = {
        "docs": [{"_id": f"{doc_id}:{i}", "found": True, "_source": {"doc_id": doc_id}} for i in range(2)]
    }
    note = ChangeNote("2021-10-08", "crosscheck", {f"{doc_id}:0": "done", f"{doc_id}:1": "relayed"})
    store.update_statuses([(f"{doc_id}:0", "done", None), (f"{doc_id}:1", "overdue", None)], note)
    changes = [line for line in _bulk_lines(handler) if "cause" in line]
    assert [(c["measure_id"], c["old"], c["new"]) for c in changes] == [(f"{doc_id}:1", "relayed", "overdue")]
    store.close()
