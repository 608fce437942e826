"""`make bench`: the benchmarks in one run, each printing its own table, then what ran and how long.

The quick set (the default, about fifteen minutes on an idle two-core machine) answers the standing
questions, each as a median of 3:

- extraction KB/s beside bare `jieba.lcut` (dev texts, and a sample of the real corpus),
- the rule stage beside `jieba.lcut`,
- PDF pages/s beside raw pypdfium2,
- `duban ingest` with 1 and with 2 workers (docs/s, and the two indexes compared),
- RSS of the writer and the workers, and s/1000 documents, over an ingest,
- the cold start of `duban search` from the shell,
- the ledger workbook's seconds per 10,000 rows and memory as its rows grow.

`--full` runs the same on the whole real corpus and adds the size scaling (0.5 to 50 MB, several
GB of memory at the top), the index, cross-check, web and model benchmarks: an hour or more.
`--only NAME` (a script name without `bench_` and `.py`, e.g. `ingest`) runs the steps of that script.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Step:
    title: str
    script: str
    quick: tuple[str, ...] | None  # None: in the full run only
    full: tuple[str, ...]

    def args(self, full: bool) -> tuple[str, ...] | None:
        return self.full if full else self.quick


STEPS = (
    Step(
        "extraction KB/s beside jieba.lcut (dev texts)",
        "bench_extract.py",
        ("--repeat", "3"),
        ("--repeat", "3"),
    ),
    Step(
        "extraction beside jieba.lcut (real documents)",
        "bench_real.py",
        ("--sample", "300", "--repeat", "3"),
        ("--repeat", "3"),
    ),
    Step(
        "rule stage beside jieba.lcut", "bench_rules.py", ("--runs", "3", "--size-kb", "256"), ("--runs", "3")
    ),
    Step("PDF pages/s beside pypdfium2", "bench_pdf.py", ("--repeat", "3"), ("--repeat", "3")),
    Step(
        "ingest: 1 vs 2 workers",
        "bench_ingest.py",
        ("scaling", "--docs", "1000", "--repeat", "3"),
        ("scaling", "--docs", "1000", "--repeat", "3"),
    ),
    Step(
        "ingest: RSS and s/1000 docs along the run",
        "bench_ingest.py",
        ("curve", "--docs", "1000", "--every", "250"),
        ("curve", "--copies", "10"),
    ),
    Step("search cold start from the shell", "bench_cli.py", ("--runs", "3"), ("--runs", "5")),
    Step(
        "ledger workbook: time and memory by rows",
        "bench_ledger.py",
        ("--rows", "10000", "40000"),
        ("--rows", "10000", "40000", "160000", "--repeat", "3"),
    ),
    Step(  # in the full run only: building its 10,000-measure index takes about a minute
        "search export: 10,000 rows, seconds and peak RSS", "bench_search_export.py", None, ("--repeat", "3")
    ),
    Step("time and RSS per MB, 0.5 to 50 MB", "bench_scale.py", None, ()),
    Step("index: queries and bulk writes", "bench_index.py", None, ()),
    Step("cross-check over many documents", "bench_crosscheck.py", None, ()),
    Step("web pages under load", "bench_web.py", None, ()),
    Step("statistical models", "bench_models.py", None, ()),
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="whole corpus and every benchmark (hours)")
    parser.add_argument("--only", help="only the steps of bench_NAME.py")
    args = parser.parse_args()
    done: list[tuple[Step, int, float]] = []
    for step in STEPS:
        chosen = step.args(args.full)
        if chosen is None or (args.only and step.script != f"bench_{args.only}.py"):
            continue
        print(f"\n=== {step.title}: {step.script} {' '.join(chosen)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / step.script), *chosen])
        done.append((step, code, time.perf_counter() - started))
    print("\n=== summary")
    for step, code, seconds in done:
        print(f"{'ok' if code == 0 else f'exit {code}':>8} {seconds:7.0f} s  {step.title} ({step.script})")
    return 1 if any(code for _, code, _ in done) else 0


if __name__ == "__main__":
    sys.exit(main())
