"""Search export benchmark (not a test): seconds and peak memory of a 10,000-row `duban search
--xlsx/--csv` (`pipeline.search_export`).

    .venv/bin/python benchmarks/bench_search_export.py                    # 10,000 rows, xlsx and csv
    .venv/bin/python benchmarks/bench_search_export.py --repeat 3 --keep /tmp/export.db

The index holds the dev corpus (`../shared/corpus/dev`, extracted by the real pipeline: real texts,
units and deadlines) written again under new ids and paths until the query finds at least as many
measures as asked (each copy a document of its own, as a year's worth of similar notices is). The
export runs in a fresh process each time, so its peak RSS is the export's own: an export that reads
each hit's whole document (text and every measure) shows here as hundreds of MB; one that reads
only the columns the sheet shows, a batch of documents at a time, as little more than the hits.
`--code DIR` runs the export with another checkout's `duban` (its parent folder), for a before and
after on the same index.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEV = ROOT.parent / "shared" / "corpus" / "dev"
AS_OF = "2026-12-05"
QUERY = ""  # every measure: the widest export staff make (a year's 逾期 is a filter on the same)


def build(url: str, folder: Path, rows: int) -> int:
    """An index at `url` with at least `rows` measures: the dev corpus, copied. The copies' tokens
    are the originals' (the same text), so only the first copy is segmented."""
    from duban.index import open_store
    from duban.index.analysis import Analyzer
    from duban.index.records import with_tokens
    from duban.pipeline.extract import extract_file

    analyzer = Analyzer()
    records = []
    for path in sorted(folder.glob("*.txt")):
        doc = extract_file(path, path.name)
        record = doc.to_json(include_text=True)
        if record.get("measures"):
            records.append(with_tokens({**record, "doc_id": doc.doc_id}, analyzer))
    per_copy = sum(len(r["measures"]) for r in records)
    copies = -(-rows // per_copy)
    with open_store(url) as store:
        bulk = getattr(store, "bulk_load")  # noqa: B009  (SQLite only)
        with bulk():
            for copy in range(copies):
                store.write_many(
                    (
                        {**r, "doc_id": f"{r['doc_id']}-{copy}", "source": f"副本{copy}/{r['source']}"},
                        f"{r['doc_id']}-{copy}",
                    )
                    for r in records
                )
        return store.count("measures")


def export(url: str, folder: str, rows: int) -> dict[str, float]:
    """One export to xlsx and csv in this process: seconds and peak RSS (MB)."""
    from duban.index import open_store
    from duban.pipeline import search_export

    started = time.perf_counter()
    with open_store(url) as store:
        made = search_export.export_search(store, QUERY, sort="deadline", as_of=AS_OF, cap=rows)
        search_export.write_xlsx(made, Path(folder) / "export.xlsx")
        search_export.write_csv(made, Path(folder) / "export.csv")
    took = time.perf_counter() - started
    with (Path(folder) / "export.csv").open(encoding="utf-8-sig", newline="") as table:
        written = sum(1 for _ in csv.reader(table)) - 1 - bool(made.note)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": took, "peak_mb": peak, "rows": written}


def run_export(url: str, folder: str, rows: int, code: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", url, folder, str(rows), str(code)]
    done = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        url, folder, cap, code = sys.argv[2:6]
        sys.path.insert(0, code)
        for name in [m for m in sys.modules if m == "duban" or m.startswith("duban.")]:
            del sys.modules[name]
        print(json.dumps(export(url, folder, int(cap))))
        return 0
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=DEV)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose duban exports")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the index at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "export.db"
        url = f"sqlite:///{db}"
        if not db.exists():
            started = time.perf_counter()
            measures = build(url, args.corpus, args.rows)
            print(f"index: {measures:,} measures, built in {time.perf_counter() - started:.0f} s")
        results = [run_export(url, tmp, args.rows, args.code.resolve()) for _ in range(args.repeat)]
    rows = int(results[0]["rows"])
    seconds = statistics.median(r["seconds"] for r in results)
    peak = statistics.median(r["peak_mb"] for r in results)
    print(f"{'rows':>7} {'s (median)':>11} {'peak RSS MB':>12}")
    print(f"{rows:>7,} {seconds:>11.1f} {peak:>12.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
