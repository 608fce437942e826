"""First-visit benchmark (not a test): how long the first `/units` (按责任单位统计) takes after the
server starts and after a staff correction, on a large index, in this tree and, alternating in
one run, in another (`--against`, e.g. /work/main).

    .venv/bin/python benchmarks/bench_units_first.py --index sqlite:////tmp/real.db --against /work/main

Each run is a child process (`--child`) of one tree, which serves the index with `create_app(url,
warm=True, isolate=True)` (as `duban serve`: today's cross-check computed at start in a worker
process) through Starlette's TestClient with its lifespan, and
1. waits for the ledger the pages serve before the full check is done (the saved statuses,
   `state.saved`), then, where the tree makes the count by unit ahead (`unit_indexes.wait`), for
   that; times the first `GET /units.json`;
2. posts a staff correction (`POST /corrections`, as the form does), waits as in 1, and times the
   next `GET /units.json`.
Reported per tree: the medians of those two wall times, how many counts by unit the requests
themselves made (`unit_indexes.made` across each request), and the load average over the run.
The full check goes on in its worker process meanwhile, in both trees alike.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from child_runs import run_child

ROOT = Path(__file__).resolve().parents[1]
LOCAL = "http://127.0.0.1"


def child(index: str) -> dict[str, Any]:
    """One start, one correction, two first visits timed (see the module docstring)."""
    from fastapi.testclient import TestClient

    from duban.pipeline.app import create_app
    from duban.pipeline.status import today
    from duban.pipeline.web.security import CSRF_COOKIE

    app = create_app(index, warm=True, isolate=True)
    state = app.app.state.duban
    kept = app.app.state.unit_indexes

    def settle() -> None:
        state.saved.get(state.store, today(), wait=None)
        if hasattr(kept, "wait"):
            kept.wait()

    figures: dict[str, Any] = {}
    with TestClient(app, base_url=LOCAL) as client:
        settle()
        for name in ("after_start", "after_correction"):
            made = kept.made
            started = time.perf_counter()
            answer = client.get("/units.json")
            figures[name] = time.perf_counter() - started
            figures[f"{name}_made_by_request"] = kept.made - made
            assert answer.status_code == 200, answer.text[:300]
            if name == "after_start":
                client.get("/login")
                token = client.cookies.get(CSRF_COOKIE)
                first = next(r for r in client.get("/ledger.json", params={"limit": "1"}).json()["rows"])
                form = {
                    "measure_id": first["measure_id"],
                    "status": "done",
                    "by": "基准测试",
                    "csrf_token": token,
                }
                posted = client.post("/corrections", data=form, follow_redirects=False)
                assert posted.status_code == 303, posted.text[:300]
                settle()
        figures["total_units"] = answer.json()["total"]
    return figures


def run_tree(tree: Path, index: str) -> dict[str, Any]:
    """One child run on `tree` (its package first on the path)."""
    return run_child(__file__, tree, ["--index", index])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", required=True, help="a copy: each run adds a correction to it")
    parser.add_argument("--against", type=Path, help="another tree (e.g. /work/main) to alternate with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.index)))
        return
    trees = [("this", ROOT)] + ([("against", args.against.resolve())] if args.against else [])
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in trees}
    loads = []
    for i in range(args.repeat):
        for name, tree in trees if i % 2 == 0 else trees[::-1]:
            loads.append(os.getloadavg()[0])
            runs[name].append(run_tree(tree, args.index))
            print(name, runs[name][-1], file=sys.stderr)
    report: dict[str, Any] = {"load_avg": [round(min(loads), 2), round(max(loads), 2)]}
    for name, found in runs.items():
        report[name] = {
            key: round(statistics.median(r[key] for r in found), 3)
            for key in ("after_start", "after_correction")
        } | {
            "made_by_requests": [
                r["after_start_made_by_request"] + r["after_correction_made_by_request"] for r in found
            ],
            "total_units": found[0]["total_units"],
        }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
