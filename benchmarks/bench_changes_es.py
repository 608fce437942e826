"""本期变化 on Elasticsearch: a page made by the index (`ChangePages`) beside the whole list cut.

Times, alternating in one run, a page of 500 lines at offset 0 and deep in the list, made as
`changes_page` makes it on Elasticsearch now (`_page_in_index`: counts and sorted searches on
`-changes`) and as it did before (the whole list named and cut: `_checked(...).window`), over
`--changes` changes of one check (a first check over the real corpus records 141,000). Reports
the median CPU of this process (duban's side) and wall time per page, and the ratio.

With `--url` (or DUBAN_ES_URL) it writes the changes to a real cluster under a throwaway prefix
and drops it after. Without one it serves the scripted `-changes` of
tests/test_store_es_changes.py from a child process: there only this process's CPU means
anything (the scripted cluster is Python and slow; its wall time is not a cluster's), and the
whole list names lines whose documents are not there (cheaper than real lines).

    python benchmarks/bench_changes_es.py [--changes 141000] [--runs 3] [--url http://localhost:9200]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from duban.base.stored import StatusChange  # noqa: E402
from duban.index.es_store import IN_FORM, ElasticStore  # noqa: E402
from duban.pipeline import changes as changes_mod  # noqa: E402

STAMP = "2097-05-02T01:00:00.000+00:00"
SINCE = "2097-05-01T00:00:00.000+00:00"
STATUSES = ["done"] * 3 + ["overdue", "lagging"] + ["relayed"] * 3 + ["in_progress"] * 2


def sample(n: int) -> list[StatusChange]:
    """One check's changes: 25 measures a document, three in ten done, one overdue, one lagging."""
    return [
        StatusChange(
            f"doc{i // 25:05d}:{i % 25}",
            f"doc{i // 25:05d}",
            None,
            STATUSES[i % 10],
            "2097-05-01",
            STAMP,
            "crosscheck",
        )
        for i in range(n)
    ]


def serve(port: int, n: int) -> None:
    """The scripted `-changes` holding `n` changes, until killed."""
    from http.server import ThreadingHTTPServer

    from tests.test_store_es_changes import _ChangesCluster

    held = {f"k{i}": {**c.to_json(), IN_FORM: True} for i, c in enumerate(sample(n))}
    handler = type(
        "Changes", (_ChangesCluster,), {"seen": [], "changes": held, "measures": [], "window": 10_000}
    )
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"ready {server.server_address[1]}", flush=True)
    server.serve_forever()


def timed(make: Callable[[], Any]) -> tuple[float, float, Any]:
    cpu, wall = time.process_time(), time.perf_counter()
    found = make()
    return time.process_time() - cpu, time.perf_counter() - wall, found


def bench(store: ElasticStore, n: int, runs: int) -> None:
    deep = max(0, n - 1_000)
    results: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for _ in range(runs):
        for offset in (0, deep):
            pages = {}
            for name, make in (
                (
                    "index",
                    lambda at=offset: changes_mod._page_in_index(store, SINCE, None, None, at, 500, []),
                ),
                (
                    "whole",
                    lambda at=offset: (
                        changes_mod._checked(store, SINCE, None, None).with_corrections([]).window(at, 500)
                    ),
                ),
            ):
                cpu, wall, pages[name] = timed(make)
                results.setdefault((name, offset), []).append((cpu, wall))
            assert pages["index"] == pages["whole"], "the page differs from the whole list's cut"
    print(f"{n:,} changes, page of 500, {runs} runs alternated; load {os.getloadavg()[0]:.1f}")
    print(f"{'offset':>8} {'made by':>7} {'CPU s':>8} {'wall s':>8}")
    for offset in (0, deep):
        for name in ("index", "whole"):
            found = results[(name, offset)]
            cpu = statistics.median(c for c, _ in found)
            wall = statistics.median(w for _, w in found)
            print(f"{offset:>8,} {name:>7} {cpu:>8.3f} {wall:>8.2f}")
        ratio = statistics.median(c for c, _ in results[("whole", offset)]) / max(
            1e-6, statistics.median(c for c, _ in results[("index", offset)])
        )
        print(f"{offset:>8,} whole/index CPU: {ratio:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=141_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url", default=os.environ.get("DUBAN_ES_URL"))
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)  # the child: serve on this port
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.serve is not None:
        serve(args.serve, args.changes)
        return
    if args.url:
        separator = "&" if "?" in args.url else "?"
        store = ElasticStore.from_url(f"{args.url}{separator}prefix=duban-bench-{uuid.uuid4().hex[:8]}")
        try:
            store.add_status_changes(sample(args.changes))
            bench(store, args.changes, args.runs)
        finally:
            store.drop()
        return
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", "0", "--changes", str(args.changes)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert child.stdout is not None
        port = int(child.stdout.readline().split()[1])
        store = ElasticStore(f"http://127.0.0.1:{port}", prefix="t", request_timeout=600)
        bench(store, args.changes, args.runs)
        store.close()
    finally:
        child.kill()
        child.wait()


if __name__ == "__main__":
    main()
