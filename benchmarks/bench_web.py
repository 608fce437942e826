"""Web benchmark (not a test): search latency under concurrent clients, and the ledger's cost.

    .venv/bin/python benchmarks/bench_web.py                 # 10,000 documents, 20 clients
    .venv/bin/python benchmarks/bench_web.py --docs 2000 --clients 10 --requests 1000

The index is built from `../shared/corpus/real/docs.jsonl.gz` through the real `ingest` (the texts
are written as .txt files to a temporary folder; past the 5,864 documents the corpus is read
again with a copy number appended, so every file is a distinct document). It is kept under
benchmarks/results/ (gitignored) and reused by later runs of the same size.

The server is `duban serve` (uvicorn) in a separate process on 127.0.0.1, so the clients' threads
do not share its interpreter. Each client keeps one HTTP/1.1 connection and sends a mix of what
staff do: a search by topic (page and JSON, each with its facet counts), a topic with a unit
filter, a unit alone, a partial match, a document page. Latencies are reported as median, p95
and p99, with the error count. The search load starts with the server, while it computes
today's cross-check in its worker process (as after a real start-up); the ledger is then polled
until that computation is done (`ready_after_start_s`; before, it answers 503 "being computed" at
once) and timed warm, from the per-generation cache. Request loops are bounded in count and time.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.index import open_store  # noqa: E402
from duban.pipeline.ingest import ingest  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results"
TOPICS = (
    "安全生产",
    "乡村振兴",
    "营商环境",
    "生态环境",
    "财政",
    "教育",
    "医疗保障",
    "防汛",
    "就业",
    "数字经济",
    "整改",
    "督查",
    "消费",
    "养老服务",
    "科技创新",
    "粮食安全",
)
UNITS = ("国务院", "财政部", "发展改革委", "人民政府", "教育部", "生态环境部", "住房城乡建设")
MAX_SECONDS = 300.0


@dataclass
class Timing:
    kind: str
    ms: float
    status: int


def build_index(docs: int, workers: int) -> tuple[str, float | None]:
    """The cached index of `docs` real documents, or a new one (and the seconds it took)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"web-real-{docs}.db"
    if path.exists():
        return f"sqlite:///{path}", None
    folder = Path(tempfile.mkdtemp(prefix="duban-web-bench-"))
    written = 0
    try:
        while written < docs:
            with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
                for line in handle:
                    if written >= docs:
                        break
                    item = json.loads(line)
                    copy = written // 5864
                    text = item["text"] + (f"\n（副本 {copy}）\n" if copy else "")
                    (folder / f"{written:06d}-{item['id']}.txt").write_text(text, encoding="utf-8")
                    written += 1
        building = path.with_name(path.stem + ".building.db")
        for stale in RESULTS.glob(building.name + "*"):
            stale.unlink()
        started = time.perf_counter()
        report = ingest([folder], index_url=f"sqlite:///{building}", workers=workers, progress=False)
        seconds = time.perf_counter() - started
        print(
            f"ingested {report.ingested} documents ({report.failed} failed) in {seconds:.0f} s",
            file=sys.stderr,
        )
        building.rename(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return f"sqlite:///{path}", seconds


def start_server(url: str) -> tuple[subprocess.Popen[str], str]:
    """`serve` in its own process on a free loopback port; returns it and its base URL."""
    code = (
        "import sys; from duban.pipeline.app import serve; "
        "serve(sys.argv[1], '127.0.0.1', 0, announce=lambda line: print(line, flush=True))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", code, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    start = line.find("http://")
    if start < 0:
        process.kill()
        raise RuntimeError(f"the server did not start: {line!r}")
    return process, line[start:].split()[0].rstrip("/")


def requests_mix(rng: random.Random, doc_ids: list[str]) -> list[tuple[str, str]]:
    topic = rng.choice(TOPICS)
    unit = rng.choice(UNITS)
    return [
        ("search page", "/search?" + urlencode({"q": topic})),
        ("search json", "/search.json?" + urlencode({"q": topic})),
        ("search + unit", "/search.json?" + urlencode({"q": topic, "unit": unit})),
        ("unit only", "/search.json?" + urlencode({"unit": unit, "sort": "deadline"})),
        ("partial match", "/search.json?" + urlencode({"q": f"{topic} 不存在的词语"})),
        ("document page", "/documents/" + quote(rng.choice(doc_ids), safe="")),
    ]


def connect(base: str, timeout: float) -> http.client.HTTPConnection:
    """A connection to the server at `base` (`http://host:port`)."""
    parts = urlsplit(base)
    if not parts.hostname:
        raise SystemExit(f"bench_web: no host in {base!r}")
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def client(base: str, jobs: list[tuple[str, str]], out: list[Timing], stop_at: float) -> None:
    conn = connect(base, 60)
    for kind, path in jobs:
        if time.monotonic() > stop_at:
            break
        started = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = connect(base, 60)
            status = 0
        out.append(Timing(kind, (time.perf_counter() - started) * 1000, status))
    conn.close()


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))], 1)


def get(base: str, path: str) -> tuple[float, int]:
    conn = connect(base, 600)
    started = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()
    return (time.perf_counter() - started) * 1000, response.status


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2_000, help="in all, over every client")
    parser.add_argument("--workers", type=int, default=2, help="ingest workers when building the index")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ledger-wait", type=float, default=900, help="seconds to wait for the cross-check")
    args = parser.parse_args()

    url, built = build_index(args.docs, args.workers)
    with open_store(url) as store:
        documents, measures = store.count("documents"), store.count("measures")
        doc_ids = [d.doc_id for _, d in zip(range(500), store.iter_documents(), strict=False)]
    process, base = start_server(url)
    results: dict[str, object] = {"documents": documents, "measures": measures, "index_build_s": built}
    try:
        rng = random.Random(args.seed)
        booted = time.monotonic()  # the server starts today's cross-check (in a worker process) now
        per_client = max(1, args.requests // args.clients)
        plans = []
        for _ in range(args.clients):
            jobs: list[tuple[str, str]] = []
            while len(jobs) < per_client:
                jobs.extend(requests_mix(rng, doc_ids))
            plans.append(jobs[:per_client])
        timings: list[Timing] = []
        stop_at = time.monotonic() + MAX_SECONDS
        threads = [
            threading.Thread(target=client, args=(base, plan, timings, stop_at), daemon=True)
            for plan in plans
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        ok = [t.ms for t in timings if t.status == 200]
        results["search"] = {
            "clients": args.clients,
            "requests": len(timings),
            "errors": sum(t.status != 200 for t in timings),
            "requests_per_s": round(len(timings) / wall, 1),
            "median_ms": round(statistics.median(ok), 1) if ok else None,
            "p95_ms": percentile(ok, 95),
            "p99_ms": percentile(ok, 99),
            "by_kind_p95_ms": {
                kind: percentile([t.ms for t in timings if t.kind == kind and t.status == 200], 95)
                for kind in sorted({t.kind for t in timings})
            },
            "statuses": dict(Counter(f"{t.kind} {t.status}" for t in timings if t.status != 200)),
        }
        print(json.dumps({"search": results["search"]}, ensure_ascii=False), file=sys.stderr, flush=True)
        ready_s = None
        while time.monotonic() - booted < args.ledger_wait:
            if get(base, "/ledger.json?limit=50")[1] == 200:
                ready_s = round(time.monotonic() - booted, 1)
                break
            time.sleep(5)
        warm = [get(base, "/ledger.json?" + urlencode({"limit": 50, "offset": 50 * i})) for i in range(20)]
        results["ledger"] = {
            "ready_after_start_s": ready_s,
            "warm_statuses": sorted({status for _, status in warm}),
            "warm_median_ms": round(statistics.median(ms for ms, _ in warm), 1),
            "warm_p95_ms": percentile([ms for ms, _ in warm], 95),
        }
        xlsx_ms, xlsx_status = get(base, "/ledger.xlsx")
        results["ledger"]["xlsx_ms"] = round(xlsx_ms, 1)  # type: ignore[index]
        results["ledger"]["xlsx_status"] = xlsx_status  # type: ignore[index]
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench_web.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
