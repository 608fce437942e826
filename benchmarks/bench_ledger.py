"""Ledger benchmark (not a test): the 台账 workbook's time and memory against its number of rows.

    .venv/bin/python benchmarks/bench_ledger.py                      # 10,000 / 40,000 / 160,000 rows
    .venv/bin/python benchmarks/bench_ledger.py --rows 5000 20000 --repeat 3

The rows are the ledger of the dev corpus (`../shared/corpus/dev`, cross-checked as `duban ledger`
does, real measure texts, units, dates and lights), repeated with new numbers until there are as
many as asked. An index of all 5,864 real documents gives 143,000 rows; a ledger that grows
faster than its rows (a pass over the whole sheet for each row written, as the first version
made) shows here as a rising time per 10,000 rows. Reported per size: median seconds to build and
save the workbook, seconds per 10,000 rows, the file's size and the rise in peak RSS while writing
it (the workbook is write-only: rows go to the file as they are made).
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.index import open_store  # noqa: E402
from duban.pipeline.ingest import ingest  # noqa: E402
from duban.pipeline.ledger import LedgerRow, ledger_rows, write_xlsx  # noqa: E402
from duban.pipeline.status import check_store  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
AS_OF = "2026-12-05"


def dev_rows(folder: Path) -> list[LedgerRow]:
    """The dev corpus's ledger rows, from a real index in a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/dev.db"
        ingest(sorted(folder.glob("*.txt")), index_url=url, progress=False)
        with open_store(url) as store:
            return ledger_rows(check_store(store, AS_OF, save=False))


def repeated(rows: list[LedgerRow], count: int) -> list[LedgerRow]:
    return [dataclasses.replace(rows[i % len(rows)], number=i + 1) for i in range(count)]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 40_000, 160_000])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    base = dev_rows(DEV)
    print(f"dev ledger: {len(base)} rows, repeated to each size")
    print(f"{'rows':>9} {'s (median)':>11} {'s / 10k rows':>13} {'file MB':>8} {'peak RSS rise MB':>17}")
    for count in sorted(args.rows):
        rows = repeated(base, count)
        times: list[float] = []
        before = peak_mb()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "ledger.xlsx"
            for _ in range(args.repeat):
                started = time.perf_counter()
                write_xlsx(rows, path, AS_OF)
                times.append(time.perf_counter() - started)
            size = path.stat().st_size / 2**20
        median = statistics.median(times)
        print(
            f"{count:>9,} {median:>11.1f} {median / count * 10_000:>13.2f} {size:>8.1f} {peak_mb() - before:>17.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
