"""Time per MB and peak memory of extracting one document of 0.5 to 50 MB of real text.

Each size is a text file made by joining documents of `../shared/corpus/real/docs.jsonl.gz` (in
their stored order) until it reaches the size; it is extracted by the whole pipeline (load,
normalise, structure, metadata, rules) in a fresh process, whose wall time and peak RSS are
measured. Linear stages give a flat seconds-per-MB column; a stage that rescans the text per match
shows as a column that grows with size. The later documents of the corpus hold more measures per
MB, so `ms/measure` is printed too: with linear stages it stays flat when s/MB creeps up. A size
that runs over `--timeout` is reported as such and the larger sizes are skipped.

`--trace MB` instead extracts one document of that size in this process under `tracemalloc` and
prints, per stage, the memory kept and the peak above it, then the source lines whose allocations
are alive at the peak of the extractors (a snapshot is taken each time the traced memory passes
its last snapshot by 5 %): the lines to change to lower the RSS per MB.

`--ingest N` instead runs `duban ingest` (default limits, `--workers`, a fresh SQLite index) over
N documents written as .txt files: `--copies` copies of N / copies documents spread over the
corpus, each copy made unique by a last line. Every half second it reads, for the ingest parent
and every process below it (fork server, workers), the RSS and the PSS (`/proc/PID/smaps_rollup`:
each shared page counted once, split among the processes that map it), and prints both sums;
every `--every` seconds a line also gives the documents committed to the index so far and the
seconds per 1,000 documents of that block (the first block holds the start: imports, the walk, the
fork server), so a column that creeps up shows a cost that grows with the index.
Summed RSS counts the pages the workers share with the fork server (interpreter, rules, models)
once per process; summed PSS is what the tree really holds. At the end: the peaks of both sums and
of the parent alone, and the seconds per 1,000 documents from start to end (imports, the walk,
the fork server and the index's final writes included).

Usage: PYTHONPATH=. python benchmarks/bench_scale.py [--sizes 0.5,1,2,5,10,20,50] [--timeout 900]
       PYTHONPATH=. python benchmarks/bench_scale.py --trace 1
       PYTHONPATH=. python benchmarks/bench_scale.py --ingest 3000 [--copies 10] [--workers 2] [--every 30]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import sqlite3
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
    """Extract `path` in a fresh process: its own seconds, measures, and its peak RSS (`wait4`)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, stdout=out, stderr=err)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                child.wait()
                return {"over_time": True, "seconds": timeout}
            time.sleep(0.2)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            return {"error": err.read()[-500:]}
        out.seek(0)
        result: dict[str, object] = json.loads(out.read().strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - started
    result["peak_rss_mb"] = round(usage.ru_maxrss / 1024)
    return result


def trace(size: float, top: int = 10) -> None:
    """Where the memory of extracting one document of `size` MB goes (see the module docstring)."""
    import linecache
    import tracemalloc

    from duban.base.model import RawDocument, RawPage
    from duban.extractors.registry import get_extractors
    from duban.pipeline.extract import build_document

    text = real_text(int(size * MB))
    extractors = get_extractors(("rules",))
    raw = RawDocument(source="trace.txt", format="text", pages=[RawPage(1, text, "text")])
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    doc = build_document(raw, "trace")
    built, peak = tracemalloc.get_traced_memory()
    print(f"{size:g} MB, {len(text)} characters; MB per MB of input:")
    print(f"  document built: kept {(built - base) / MB / size:.1f}, peak {(peak - base) / MB / size:.1f}")
    kept = tracemalloc.take_snapshot()
    snapshots = [kept]
    level = [built]

    def watch(frame: object, event: str, arg: object) -> None:
        if event == "return" and tracemalloc.get_traced_memory()[0] > level[0] * 1.05:
            snapshots[:] = [tracemalloc.take_snapshot()]
            level[0] = tracemalloc.get_traced_memory()[0]

    tracemalloc.reset_peak()
    sys.setprofile(watch)
    try:
        extractors.run(doc)
    finally:
        sys.setprofile(None)
    done, peak = tracemalloc.get_traced_memory()
    print(
        f"  extractors: kept {(done - built) / MB / size:.1f}, peak above the document {(peak - built) / MB / size:.1f}"
    )
    print("  alive at the extractors' peak, beyond the built document (MB per MB, blocks, line):")
    for stat in snapshots[0].compare_to(kept, "lineno")[:top]:
        frame = stat.traceback[0]
        line = linecache.getline(frame.filename, frame.lineno).strip()[:60]
        where = frame.filename.rsplit("duban/", 1)[-1]
        print(f"  {stat.size_diff / MB / size:7.1f} {stat.count_diff:>9}  {where}:{frame.lineno}  {line}")
    print("  kept by the built document:")
    for kept_stat in kept.statistics("lineno")[:5]:
        frame = kept_stat.traceback[0]
        line = linecache.getline(frame.filename, frame.lineno).strip()[:60]
        where = frame.filename.rsplit("duban/", 1)[-1]
        print(f"  {kept_stat.size / MB / size:7.1f} {kept_stat.count:>9}  {where}:{frame.lineno}  {line}")


def _tree(pid: int) -> list[int]:
    """`pid` and every live process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [pid], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def rss_pss_kb(pid: int) -> tuple[int, int] | None:
    """RSS and PSS of one process in kB, from `/proc/PID/smaps_rollup`; None when it is gone."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return None
    values = {}
    for line in lines:
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss"):
            values[key] = int(rest.split()[0])
    if len(values) < 2:
        return None  # a zombie or a kernel thread maps nothing
    return values["Rss"], values["Pss"]


def peak_kb(pid: int) -> tuple[int, int] | None:
    """A process's peak RSS so far (`VmHWM`) and its parent's pid, from `/proc/PID/status`: the
    half-second samples miss a spike between two of them, the kernel's high-water mark does not.
    None when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    fields = dict(line.partition(":")[::2] for line in status)
    if "VmHWM" not in fields:
        return None  # a zombie maps nothing
    return int(fields["VmHWM"].split()[0]), int(fields["PPid"])


_AT_EXIT = (
    "import atexit; atexit.register(lambda: sys.stderr.write("
    "next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))))"
)
"""Run in the ingest parent: its peak RSS written to stderr as it exits, so a spike in its last
moments (the writes and counts after the last document) is counted, which a sample may miss."""


def _is_forkserver(pid: int) -> bool:
    try:
        return b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def write_documents(folder: Path, total: int, copies: int) -> int:
    """`total` documents as .txt files: `copies` copies of total / copies documents spread over the
    corpus (all kinds), each copy unique by a last line naming it; returns the bytes written."""
    per_copy = max(1, total // copies)
    with gzip.open(REAL, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    step = len(rows) / per_copy
    chosen = [rows[int(i * step)] for i in range(min(per_copy, len(rows)))]
    written = 0
    for copy in range(1, copies + 1):
        where = folder / f"copy{copy:02d}"
        where.mkdir(parents=True)
        for row in chosen:
            body = f"{row['text']}\n（第 {copy} 份）\n".encode()
            (where / f"{row['id']}.txt").write_bytes(body)
            written += len(body)
    return written


def indexed(db: Path) -> int:
    """Documents committed to the index so far (read-only, beside the writer: WAL lets both)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def ingest_memory(total: int, copies: int, workers: int, every: float = 30) -> None:
    """The `--ingest` measurement (see the module docstring)."""
    with tempfile.TemporaryDirectory(prefix="duban-bench-scale-") as tmp:
        folder = Path(tmp) / "docs"
        size = write_documents(folder, total, copies)
        files = sum(1 for _ in folder.rglob("*.txt"))
        print(f"{files} documents ({copies} copies), {size / MB:.0f} MB; workers={workers}; load {_load()}")
        cli = f"import sys; from duban.pipeline.cli import main; sys.argv[0] = 'duban'; {_AT_EXIT}; main()"
        args = [sys.executable, "-c", cli, "ingest", str(folder), "-r", "--index", f"sqlite:///{tmp}/i.db"]
        args += ["--workers", str(workers), "--quiet", "--json"]
        print(
            f"{'seconds':>8} {'docs':>6} {'s/1000':>7} {'procs':>6} {'RSS MB':>8} {'PSS MB':>8}"
            f" {'parent RSS':>11} {'parent PSS':>11}"
        )
        peak = {"rss": 0, "pss": 0, "parent_rss": 0, "parent_pss": 0}
        high: dict[int, tuple[int, int]] = {}  # pid → (VmHWM kB last read, parent pid)
        server = 0  # the fork server's pid, once seen: the workers are its children
        started = time.perf_counter()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        child = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        shown, shown_docs = 0.0, 0
        while child.poll() is None:
            found = {pid: rss_pss_kb(pid) for pid in _tree(child.pid)}
            sizes = [v for v in found.values() if v]
            now = {
                "rss": sum(r for r, _ in sizes),
                "pss": sum(p for _, p in sizes),
                "parent_rss": (found.get(child.pid) or (0, 0))[0],
                "parent_pss": (found.get(child.pid) or (0, 0))[1],
            }
            peak = {k: max(v, now[k]) for k, v in peak.items()}
            for pid in found:
                if (seen := peak_kb(pid)) is not None:
                    high[pid] = seen
                    server = server or (pid if seen[1] == child.pid and _is_forkserver(pid) else 0)
            elapsed = time.perf_counter() - started
            if elapsed - shown >= every:
                docs = indexed(Path(tmp) / "i.db")
                block = 1000 * (elapsed - shown) / (docs - shown_docs) if docs > shown_docs else 0.0
                shown, shown_docs = elapsed, docs
                print(
                    f"{elapsed:8.0f} {docs:>6} {block:7.0f} {len(sizes):>6} {now['rss'] / KB:8.0f}"
                    f" {now['pss'] / KB:8.0f}"
                    f" {now['parent_rss'] / KB:11.0f} {now['parent_pss'] / KB:11.0f}",
                    flush=True,
                )
            time.sleep(0.5)
        seconds = time.perf_counter() - started
        out, err = child.communicate()
        if child.returncode not in (0, 3):
            raise SystemExit(f"ingest failed ({child.returncode}): {err.decode()[-800:]}")
        report = json.loads(out.decode().strip().splitlines()[-1])
        parent_peak = max(
            (int(line.split()[1]) for line in err.decode().splitlines() if line.startswith("VmHWM")),
            default=0,
        )
    print(
        f"{files} documents in {seconds:.0f} s: {1000 * seconds / files:.0f} s per 1,000 documents "
        f"(start to end), {report.get('failed', 0)} failed; load {_load()}"
    )
    print(
        f"peak of the tree: RSS {peak['rss'] / KB:.0f} MB summed, PSS {peak['pss'] / KB:.0f} MB summed; "
        f"parent alone: RSS {peak['parent_rss'] / KB:.0f} MB, PSS {peak['parent_pss'] / KB:.0f} MB"
    )
    workers_seen = [kb for kb, ppid in high.values() if server and ppid == server]
    print(
        f"peak RSS per process (VmHWM): parent {parent_peak / KB:.0f} MB (at its exit); "
        f"fork server {high.get(server, (0, 0))[0] / KB:.0f} MB; largest worker "
        f"{max(workers_seen, default=0) / KB:.0f} MB ({len(workers_seen)} workers)"
    )


KB = 1024


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.5,1,2,5,10,20,50")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--trace", type=float, default=0, help="trace the memory of one document of MB")
    parser.add_argument("--ingest", type=int, default=0, help="RSS and PSS of an ingest of N documents")
    parser.add_argument(
        "--copies", type=int, default=10, help="with --ingest: copies of N / copies documents"
    )
    parser.add_argument("--workers", type=int, default=2, help="with --ingest: ingest workers")
    parser.add_argument("--every", type=float, default=30, help="with --ingest: seconds between lines")
    args = parser.parse_args()
    if args.trace:
        trace(args.trace)
        return
    if args.ingest:
        ingest_memory(args.ingest, args.copies, args.workers, args.every)
        return
    sizes = [float(s) for s in args.sizes.split(",")]
    print(
        f"{'MB':>6} {'seconds':>9} {'s/MB':>7} {'peak RSS MB':>12} {'RSS/MB':>7} {'measures':>9} {'ms/measure':>11}"
    )
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small.txt"
        small.write_text(real_text(1), encoding="utf-8")
        base = int(str(measure(small, args.timeout).get("peak_rss_mb", 0)))
        print(
            f"{'base':>6} {'':>9} {'':>7} {base:>12}   (one document: imports and rules; RSS/MB is above it)"
        )
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
                f"{result['peak_rss_mb']:>12} {(int(str(result['peak_rss_mb'])) - base) / actual:7.0f} "
                f"{result['measures']:>9} "
                f"{1000 * seconds / max(int(str(result['measures'])), 1):11.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
