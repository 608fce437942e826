"""Time per MB and peak memory of extracting one document of 0.5 to 50 MB of real text.

Each size is a text file made by joining documents of `../shared/corpus/real/docs.jsonl.gz` (in
their stored order) until it reaches the size; it is extracted by the whole pipeline (load,
normalise, structure, metadata, rules) in a fresh process, whose wall time and peak RSS are
measured. Linear stages give a flat seconds-per-MB column; a stage that rescans the text per match
shows as a column that grows with size. The later documents of the corpus hold more measures per
MB, so `ms/measure` is printed too: with linear stages it stays flat when s/MB creeps up. A size
that runs over `--timeout` is reported as such and the larger sizes are skipped.

Usage: PYTHONPATH=. python benchmarks/bench_scale.py [--sizes 0.5,1,2,5,10,20,50] [--timeout 900]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
MB = 1024 * 1024

_CHILD = """
import json, sys, time
from pathlib import Path
from duban.pipeline.extract import extract_file
started = time.perf_counter()
doc = extract_file(Path(sys.argv[1]), sys.argv[1], ("rules",))
print(json.dumps({"seconds": time.perf_counter() - started, "measures": len(doc.measures),
                  "chars": len(doc.text)}))
"""


def real_text(size_bytes: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size_bytes:
        with gzip.open(REAL, "rt", encoding="utf-8") as lines:
            for line in lines:
                text = json.loads(line)["text"]
                parts.append(text)
                total += len(text.encode("utf-8")) + 2
                if total >= size_bytes:
                    break
    return "\n\n".join(parts)


def measure(path: Path, timeout: float) -> dict[str, object]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return {"over_time": True, "seconds": timeout}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        return {"error": done.stderr[-500:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["peak_rss_mb"] = round(max(peak, before) / 1024) if peak > before else None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.5,1,2,5,10,20,50")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    print(f"{'MB':>6} {'seconds':>9} {'s/MB':>7} {'peak RSS MB':>12} {'measures':>9} {'ms/measure':>11}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"real-{size}MB.txt"
            path.write_text(real_text(int(size * MB)), encoding="utf-8")
            actual = path.stat().st_size / MB
            result = measure(path, args.timeout)
            if result.get("over_time"):
                print(f"{actual:6.1f} over the {args.timeout:g} s limit; larger sizes skipped")
                break
            if "error" in result:
                print(f"{actual:6.1f} failed: {result['error']}")
                break
            seconds = float(result["seconds"])  # type: ignore[arg-type]
            print(
                f"{actual:6.1f} {seconds:9.1f} {seconds / actual:7.2f} "
                f"{result['peak_rss_mb'] or '?':>12} {result['measures']:>9} "
                f"{1000 * seconds / max(int(str(result['measures'])), 1):11.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
