"""`ElasticStore.saved_documents` against a scripted cluster (no server needed): it scrolls the
measures that have a status for their `doc_id` and mark alone, and fetches only the documents
whose mark is the generation asked for. The shared store suite runs the same case on a real
cluster when DUBAN_ES_URL is set."""

from __future__ import annotations

import json
from typing import Any

from duban.base.stored import StatusEvidence
from duban.index.es_store import ElasticStore
from tests.test_store_es import Canned, _FakeCluster, scripted_cluster  # noqa: F401  (the fixture)

GENERATION = "t-documents=2.2.0;t-sources=2.2.0"
SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}


def _marked(generation: str | None) -> dict[str, Any]:
    evidence = StatusEvidence(None, "relayed", "已传达", basis="relayed", generation=generation, position=0)
    return {"value": evidence.to_json()}


def _scrolled(doc_id: str, evidence: dict[str, Any]) -> dict[str, Any]:
    """A measure as the scroll returns it with `source_includes`: the doc_id and the mark only."""
    mark = (evidence.get("value") or {}).get("generation")
    kept = {"value": {"generation": mark}} if evidence.get("value") else evidence
    return {"_id": f"{doc_id}:0", "_source": {"doc_id": doc_id, "status_evidence": kept}}


def test_only_the_documents_whose_statuses_carry_the_generation_are_fetched(
    scripted_cluster: tuple[str, type[_FakeCluster], Canned],  # noqa: F811
) -> None:
    url, handler, canned = scripted_cluster
    measures = {  # each document's one measure and the evidence saved with its status
        "marked": _marked(GENERATION),
        "earlier": _marked("an-earlier-generation"),
        "bare": {"value": None},
        "unmarked": _marked(None),
    }
    hits = [_scrolled(doc_id, evidence) for doc_id, evidence in measures.items()]
    hits.append(_scrolled("marked", measures["marked"]))  # a second measure of the same document

    def search(body: str) -> dict[str, Any]:
        """The measures for the scroll of statuses; nothing for the schema upgrade's aggregations."""
        request = json.loads(body)
        found = [] if "aggs" in request else hits
        return {
            "_scroll_id": "s",
            "_shards": SHARDS,
            "hits": {"hits": found, "total": {"value": len(found), "relation": "eq"}},
            "aggregations": {name: {"buckets": []} for name in request.get("aggs", {})},
        }

    canned["/t-measures/_search"] = search

    def documents(body: str) -> dict[str, Any]:
        ids = json.loads(body)["ids"]
        return {
            "docs": [
                {
                    "_id": i,
                    "found": True,
                    "_source": {
                        "doc_id": i,
                        "record": {"source": f"samples/{i}.txt", "doc_id": i},
                        "text": "正文",
                        "sources": [f"samples/{i}.txt"],
                        "measure_count": 1,
                    },
                }
                for i in ids
            ]
        }

    def measure_bodies(body: str) -> dict[str, Any]:
        ids = json.loads(body)["ids"]
        docs = []
        for i in ids:
            doc_id = i.split(":")[0]
            source = {
                "text": "举措",
                "measure_id": i,
                "status": "relayed",
                "status_evidence": measures[doc_id],
            }
            docs.append({"_id": i, "found": True, "_source": {**source, "record": {}}})
        return {"docs": docs}

    canned["/t-documents/_mget"] = documents
    canned["/t-measures/_mget"] = measure_bodies
    store = ElasticStore(url, prefix="t", request_timeout=5)
    found = list(store.saved_documents(GENERATION))
    assert [d.doc_id for d in found] == ["marked"]
    assert found[0].text == "正文" and found[0].sources == ("samples/marked.txt",)
    assert found[0].measures[0].status_evidence is not None
    assert found[0].measures[0].status_evidence.generation == GENERATION
    path, body = next(
        (path, json.loads(body))
        for _, path, _, body in handler.seen
        if path.startswith("/t-measures/_search?scroll=")
    )
    assert body["query"] == {"bool": {"filter": [{"exists": {"field": "status"}}]}}
    assert "_source_includes=doc_id,status_evidence.value.generation" in path, "the mark alone"
    fetched = [
        json.loads(body)["ids"] for _, path, _, body in handler.seen if path.startswith("/t-documents/_mget")
    ]
    assert fetched == [["marked"]], "the other documents are never fetched"
    store.close()
