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

    .venv/bin/python benchmarks/bench_ledger.py --saved sqlite:////tmp/real.db --as-of 2026-12-07 \
        --against /work/main --repeat 3

    .venv/bin/python benchmarks/bench_ledger.py --first sqlite:////tmp/real.db --against /work/main \
        --repeat 3

With `--first`, the start-to-first-ledger figure: `duban serve` started from each tree in turn (a
fresh server process over the index, as after a restart), `/ledger.json?limit=50` asked until it
answers 200; reported per run are the wall seconds from the start to that answer, the CPU seconds
of the server's whole process tree at that moment (its worker processes included), whether the
saved ledger came from a file a computation kept (`pipeline.ledger_keep`: the server's log
says so) and a hash of the answer. This tree's runs find the ledger kept for the index and day
(its first start keeps one if none is: that warm-up run is reported apart, not in the medians);
the other tree's compute it as they always did. Medians, their ratio, the load average before
and after, and whether every answer is the same are printed.

With `--saved`, the ledger from the statuses the last full cross-check of that index saved
(`status_saved.saved_check`, nothing written back) instead: what `/ledger`, `duban ledger` and
`duban remind` compute first after a start. Each run is a fresh process (`--child`) of one tree,
as a server start is: its CPU seconds (user + system) and wall seconds for the call alone, the
directives it gives and a hash of the whole result (`repr` of the CheckResult: every directive's
record, text included, and every measure's status, due date, why and evidence). With `--against`,
runs alternate between this tree and that one (so both see the same load); reported are each
tree's medians, their ratio, the load average before and after, and whether the results are
identical. With `--kept` as well, this tree's child also reads the ledger kept beside the index
for that day (`pipeline.ledger_keep`, as a server start does; keep one first with a server start
or `duban crosscheck`), times the read and says whether it is the computed ledger without the
full texts, to the last field (`repr`).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
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
if "--child" not in sys.argv:  # a child imports the tree its parent put on PYTHONPATH
    sys.path.insert(0, str(ROOT))

from child_runs import run_child  # noqa: E402

from duban.index import open_store  # noqa: E402
from duban.pipeline.ingest import ingest  # noqa: E402
from duban.pipeline.ledger import LedgerRow, ledger_rows, write_xlsx  # noqa: E402
from duban.pipeline.status import check_store  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
AS_OF = "2026-12-05"


def _floats(runs: list[dict[str, object]], key: str) -> list[float]:
    """One figure of every run, as a number (the runs are read back from JSON)."""
    return [float(str(r[key])) for r in runs]


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


def saved_child(index: str, as_of: str) -> dict[str, object]:
    """One saved ledger of `index` in this process, timed: what the tree on the path computes."""
    import duban
    from duban.pipeline.status_saved import saved_check

    with open_store(index) as store:
        store.count()  # the connection opened (and the file's schema read) outside the timing
        before = resource.getrusage(resource.RUSAGE_SELF)
        wall = time.perf_counter()
        result = saved_check(store, as_of, write_back=False)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_SELF)
    found: dict[str, object] = {
        "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "wall_s": wall,
        "directives": None if result is None else len(result.directives),
        "measures": None if result is None else sum(len(c.measures) for c in result.directives),
        "result": hashlib.sha256(repr(result).encode("utf-8")).hexdigest(),
        "tree": str(Path(duban.__file__).resolve().parents[1]),
    }
    if result is not None and "--kept" in sys.argv:
        found.update(kept_child(index, as_of, result))
    return found


def kept_child(index: str, as_of: str, result: object) -> dict[str, object]:
    """The ledger kept beside `index` for `as_of` (`ledger_keep`, as a server start reads it):
    CPU and wall seconds of the read, and whether it is `result` without the full texts, the
    result the web app computes, to the last field (`repr`)."""
    from duban.pipeline import ledger_keep
    from duban.pipeline.status import CheckResult

    assert isinstance(result, CheckResult)
    with open_store(index) as store:
        key = ledger_keep.KeepKey(store.url, store.generation(), as_of)
    before = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter()
    kept = ledger_keep.read(ledger_keep.folder_for(index), key)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_SELF)
    computed = repr(ledger_keep.lean(result))
    return {
        "kept_cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "kept_wall_s": wall,
        "kept_same": kept is not None and repr(kept) == computed,
    }


def saved_run(tree: Path, index: str, as_of: str, kept: bool = False) -> dict[str, object]:
    """One child run of `saved_child` on `tree` (its package first on the path)."""
    found = run_child(__file__, tree, ["--saved", index, "--as-of", as_of, *(["--kept"] if kept else [])])
    assert found["tree"] == str(tree.resolve()), f"the child ran {found['tree']}, not {tree}"
    return found


def saved_bench(index: str, as_of: str, against: Path | None, repeat: int, kept: bool = False) -> int:
    """This tree's saved ledger (and `against`'s, alternating), medians and ratio, load noted."""
    trees = [ROOT, *([against] if against is not None else [])]
    print(f"load average before: {os.getloadavg()}")
    runs: dict[Path, list[dict[str, object]]] = {tree: [] for tree in trees}
    for _ in range(repeat):
        for tree in reversed(trees):  # the other tree first: neither always gets the warmer cache
            runs[tree].append(saved_run(tree, index, as_of, kept and tree == ROOT))
    print(f"load average after:  {os.getloadavg()}")
    medians: dict[Path, float] = {}
    for tree, found in runs.items():
        cpu = _floats(found, "cpu_s")
        wall = _floats(found, "wall_s")
        medians[tree] = statistics.median(cpu)
        print(
            f"{tree}: CPU s {[round(c, 2) for c in cpu]} (median {medians[tree]:.2f}), "
            f"wall s median {statistics.median(wall):.2f}, {found[0]['directives']} directives, "
            f"{found[0]['measures']} measures, result {found[0]['result']}"
        )
        if "kept_same" in found[0]:
            kept_cpu = _floats(found, "kept_cpu_s")
            print(
                f"{tree}: kept ledger read in CPU s {[round(c, 2) for c in kept_cpu]} (median "
                f"{statistics.median(kept_cpu):.2f}), the computed one: {[r['kept_same'] for r in found]}"
            )
    if against is not None:
        print(f"CPU ratio {against.name} / {ROOT.name}: {medians[against] / medians[ROOT]:.1f}x")
        hashes = {str(r["result"]) for found in runs.values() for r in found}
        print("results identical" if len(hashes) == 1 else f"RESULTS DIFFER: {sorted(hashes)}")
        return 0 if len(hashes) == 1 else 1
    return 0


def tree_cpu(root: int, alone: bool = False) -> float:
    """CPU seconds (user + system, children reaped included) of `root` and its live descendants
    (`alone`: of `root` only, what the first answer waits for when the worker has a core of its
    own)."""
    tick = os.sysconf("SC_CLK_TCK")
    procs: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2 :].split()
        procs[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]) / tick)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += procs.get(pid, (0, 0.0))[1]
        if not alone:
            todo.extend(child for child, (parent, _) in procs.items() if parent == pid)
    return total


def first_ledger(tree: Path, index: str, port: int, log_path: Path) -> dict[str, object]:
    """One start of `duban serve` from `tree` over `index`, timed to its first /ledger.json."""
    import urllib.error
    import urllib.request

    env = {**os.environ, "PYTHONPATH": str(tree)}
    # `duban serve` as the command line runs it, with its INFO log on (the caches say there whether
    # the saved ledger was computed or read where it was kept)
    command = [sys.executable, "-c", SERVE, "serve", "--index", index, "--port", str(port), "--no-uploads"]
    with log_path.open("w") as log_file:
        server = subprocess.Popen(command, env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=log_file)
        started = time.perf_counter()
        body = b""
        try:
            while time.perf_counter() - started < FIRST_MAX_S:
                try:
                    url = f"http://127.0.0.1:{port}/ledger.json?limit=50"
                    with urllib.request.urlopen(url, timeout=FIRST_MAX_S) as answer:
                        body = answer.read()
                        break
                except urllib.error.HTTPError as exc:
                    exc.read()  # 503: being computed; asked again, as a browser page does
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass  # not listening yet
                time.sleep(0.25)
            wall = time.perf_counter() - started
            cpu, alone = tree_cpu(server.pid), tree_cpu(server.pid, alone=True)
        finally:
            server.terminate()
            server.wait(60)
    logged = log_path.read_text(encoding="utf-8", errors="replace")
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "server_cpu_s": alone,
        "kept": "read where it was kept" in logged,
        "answer": hashlib.sha256(body).hexdigest() if body else None,
    }


FIRST_MAX_S = 900.0
SERVE = (
    "import logging, sys; logging.basicConfig(level=logging.INFO); "
    "sys.argv[0] = 'duban'; from duban.pipeline.cli import main; main()"
)


def first_bench(index: str, against: Path | None, repeat: int) -> int:
    """Start-to-first-ledger of this tree (its ledger kept) and `against` (alternating), medians."""
    trees = [ROOT, *([against] if against is not None else [])]
    logs = Path(tempfile.mkdtemp(prefix="duban-first-"))
    port = 18900
    warm = first_ledger(ROOT, index, port, logs / "warm.log")
    print(f"warm-up start of {ROOT.name} (keeps the ledger if none is): {warm}")
    print(f"load average before: {os.getloadavg()}")
    runs: dict[Path, list[dict[str, object]]] = {tree: [] for tree in trees}
    for round_ in range(repeat):
        for tree in reversed(trees):
            port += 1
            run = first_ledger(tree, index, port, logs / f"{tree.name}-{round_}.log")
            print(f"{tree}: {run}", flush=True)
            runs[tree].append(run)
    print(f"load average after:  {os.getloadavg()}")
    medians: dict[Path, float] = {}
    for tree, found in runs.items():
        wall = _floats(found, "wall_s")
        cpu = _floats(found, "cpu_s")
        alone = _floats(found, "server_cpu_s")
        medians[tree] = statistics.median(wall)
        print(
            f"{tree}: wall s {[round(w, 1) for w in wall]} (median {medians[tree]:.1f}), "
            f"CPU s median {statistics.median(cpu):.1f} (the server process alone "
            f"{statistics.median(alone):.1f}), kept ledger read {[r['kept'] for r in found]}"
        )
    answers = {str(r["answer"]) for found in runs.values() for r in found}
    if against is not None:
        print(f"wall ratio {against.name} / {ROOT.name}: {medians[against] / medians[ROOT]:.1f}x")
    print("answers identical" if len(answers) == 1 else f"ANSWERS DIFFER: {sorted(answers)}")
    return 0 if len(answers) == 1 else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 40_000, 160_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--saved", metavar="INDEX", help="time the saved ledger of this index instead")
    parser.add_argument("--first", metavar="INDEX", help="time a server start to its first ledger instead")
    parser.add_argument(
        "--kept", action="store_true", help="with --saved: also read the kept ledger (this tree)"
    )
    parser.add_argument("--as-of", default=AS_OF)
    parser.add_argument("--against", type=Path, help="another tree to alternate with (--saved)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.saved and args.child:
        print(json.dumps(saved_child(args.saved, args.as_of)))
        return 0
    if args.first:
        return first_bench(args.first, args.against, args.repeat)
    if args.saved:
        return saved_bench(args.saved, args.as_of, args.against, args.repeat, args.kept)
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
