"""`duban ingest` of real documents into SQLite: workers that scale, and memory and speed flat at scale.

The documents of `../shared/corpus/real/docs.jsonl.gz` are written out as .txt files in a temporary
folder (`--copies N` writes the corpus N times, each copy made unique by a last line naming it, so
that every file is a new document), then ingested by `duban ingest` in a child process, exactly as
a user runs it (worker processes under the default limits, one writer). Two measurements:

- `scaling`: a sample of the corpus ingested with 1 and with 2 workers, in turn, `--repeat` times
  each (a fresh index each time); documents/s per run, the load average before it, the medians and
  their ratio; on two cores, where 2 workers fall short of twice 1 (`two_over_one`: the parent's
  own CPU, and the workers' CPU per document rising beside it), and the parent's CPU split into
  its start, its writer thread, its loop receiving the workers' rows, and its end (`CLI`); and the
  run's seconds split into its start (up to the first document handed to the writer: the fork
  server compiles the rules and reads the dictionary first), its middle and its end, which the
  number of workers does not shorten (`middle_and_ends`). The
  indexes the two worker counts built must hold the same documents and measures (compared row by
  row, timestamps and the temporary folder's path aside, so that the digests of two versions'
  runs compare too); the benchmark fails otherwise.
- `curve`: the whole corpus × `--copies`; every `--every` documents: seconds for that block per
  1,000 documents, the RSS of the parent (the one writer), of the largest worker and of the fork
  server, and the process tree's total; then the same four as PSS. A flat s/1000 column and flat
  memory columns mean nothing grows with the index; the peaks (VmHWM of each process, and the
  largest tree RSS and PSS sampled) are printed at the end. Why both: RSS counts every page a
  process maps, so a page the fork server loaded once and its workers still share unwritten
  (copy-on-write: the segmenter's dictionary, the compiled rules) is counted once per process in
  the summed RSS; PSS (`/proc/PID/smaps_rollup`) divides each page among the processes sharing
  it, so the summed PSS is the memory the tree really takes from the machine. RSS is what `top`
  and a per-process limit see, PSS what a memory budget for the whole run must hold.
- `writer`: where the one writer's time goes. A sample is extracted once (two processes, each row
  made ready as an ingest worker makes it, CPU seconds per document measured in the worker), then
  written in batches as the ingest writer writes them (`writing.write_row` in one transaction per
  `ingest.WRITE_BATCH`), with the CPU of every statement summed by kind. Printed: the worker's and
  the writer's CPU ms per document (the writer's split into statements, its Python, and the
  unpickling of each row the parent receives), and the ratio two workers can reach over one on two
  cores, 2W / (W + w): the writer runs beside a lone worker on the second core, but takes its share
  of the two cores when two workers run.

The machine's other load changes timings: compare the columns of one run, and read the load
averages printed beside them.

Usage: PYTHONPATH=. python benchmarks/bench_ingest.py scaling [--docs 600] [--repeat 3]
       PYTHONPATH=. python benchmarks/bench_ingest.py curve [--copies 10] [--workers 2]
       PYTHONPATH=. python benchmarks/bench_ingest.py writer [--docs 400]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import pickle
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real" / "docs.jsonl.gz"
CPU_MARK = "bench-ingest-cpu"
CLI = (
    "import atexit, os, sys, time; from duban.pipeline import ingest; from duban.pipeline.cli import main;"
    " cpu = {}; loop = ingest._Writer._loop; put = ingest._Writer.put\n"
    "def timed(self):\n"
    "    cpu['start'] = sum(os.times()[:2])\n"
    "    try: loop(self)\n"
    "    finally: cpu['writer'], cpu['end'] = time.thread_time(), sum(os.times()[:2])\n"
    "def handed(self, outcome):\n"
    "    if outcome is not None: cpu.setdefault('first', time.monotonic()); cpu['last'] = time.monotonic()\n"
    "    put(self, outcome)\n"
    "ingest._Writer._loop = timed; ingest._Writer.put = handed;"
    f" atexit.register(lambda: print('{CPU_MARK}', sum(os.times()[:2]), cpu.get('start', 0.0),"
    " cpu.get('writer', 0.0), cpu.get('end', 0.0), cpu.get('first', 0.0), cpu.get('last', 0.0),"
    " time.monotonic(), file=sys.stderr));"
    " sys.argv[0] = 'duban'; main()"
)
"""`duban ingest` as a user runs it, printing at exit the CPU seconds of the ingest process (all its
threads, the writer's included): sampled from /proc, the last quarter second went uncounted. Also
the process's CPU when the writer thread started and when it ended, and the writer thread's own
(`_Writer._loop` timed in place), so the parent's w splits into the start (imports, walk, hashing),
the writer thread, the loop that receives the workers' results, and the end (copies, run record).
Also when (`time.monotonic`, the clock of the whole machine) the first and the last document were
handed to the writer (`_Writer.put`), and when the process ended: the run's start (the fork
server's rules and dictionary, the first file), its middle, and its end."""
KB = 1024


def read_texts(path: Path, docs: int) -> list[tuple[str, str]]:
    """(id, text) of the corpus, or of `docs` documents spread evenly over it (all kinds)."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if docs and docs < len(rows):
        step = len(rows) / docs
        rows = [rows[int(i * step)] for i in range(docs)]
    return [(row["id"], row["text"]) for row in rows]


def write_corpus(texts: list[tuple[str, str]], folder: Path, copies: int) -> int:
    """The texts as files, `copies` times over in sub-folders; returns the number of files."""
    count = 0
    for copy in range(1, copies + 1):
        where = folder / f"copy{copy:02d}"
        where.mkdir(parents=True, exist_ok=True)
        for doc_id, text in texts:
            body = text if copies == 1 else f"{text}\n（第 {copy} 份）\n"
            (where / f"{doc_id}.txt").write_text(body, encoding="utf-8")
            count += 1
    return count


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (kB) of a process, and its Pss (kB, `smaps_rollup`: each shared page
    divided among the processes that map it); empty when it is gone or a zombie."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    found = {}
    for line in lines:
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    if "VmRSS" not in found or "VmHWM" not in found:
        return {}  # a process that has exited and not been reaped yet maps nothing
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:  # gone between the two reads, or a kernel without it: PSS counted as RSS
        rollup = []
    found["Pss"] = found["VmRSS"]
    for line in rollup:
        if line.startswith("Pss:"):
            found["Pss"] = int(line.split()[1])
            break
    return found


TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float | None:
    """User + system CPU seconds of the process itself (not of its children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    return [child for child, _ in _generations(pid)]


def _generations(pid: int) -> list[tuple[int, int]]:
    """Every descendant of `pid` and its depth: 1 for the ingest's own children (the fork server,
    multiprocessing's resource tracker), 2 for the workers the fork server forks."""
    tree = _children()
    found: list[tuple[int, int]] = []
    todo = [(child, 1) for child in tree.get(pid, [])]
    while todo:
        child, depth = todo.pop()
        found.append((child, depth))
        todo.extend((grandchild, depth + 1) for grandchild in tree.get(child, []))
    return found


@dataclass
class Sample:
    """One sample of the tree, MB: the writer (the ingest process), its largest worker, the fork
    server with the resource tracker (the ingest's own children), and the tree's sum."""

    writer: float = 0.0
    worker: float = 0.0
    server: float = 0.0
    tree: float = 0.0

    def peak(self, other: Sample) -> None:
        self.writer = max(self.writer, other.writer)
        self.worker = max(self.worker, other.worker)
        self.server = max(self.server, other.server)
        self.tree = max(self.tree, other.tree)


@dataclass
class Memory:
    """RSS and PSS samples of the ingest process (the writer) and its workers, in MB, and the CPU
    seconds each process had used at its last sample (a sample every quarter second)."""

    rss_peak: Sample = field(default_factory=Sample)
    pss_peak: Sample = field(default_factory=Sample)
    hwm: dict[int, float] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)
    parent: int = 0
    parent_cpu: float | None = None
    """The ingest process's own count at exit (`CPU_MARK`), when it printed one."""
    parent_split: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    """The parent's CPU seconds: before the writer started, the writer thread's, the rest of the
    run (receiving results, feeding the workers), after the writer ended (`CPU_MARK`)."""
    phases: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """Seconds from the start of the run to the first document handed to the writer, from there to
    the last, and from there to the process's exit (`CPU_MARK`)."""

    @property
    def parent_peak(self) -> float:
        return self.rss_peak.writer

    @property
    def writer_cpu(self) -> float:
        return self.parent_cpu if self.parent_cpu is not None else self.cpu.get(self.parent, 0.0)

    @property
    def other_cpu(self) -> float:
        """Workers and the fork server."""
        return sum(seconds for pid, seconds in self.cpu.items() if pid != self.parent)

    def sample(self, pid: int) -> tuple[Sample, Sample]:
        """Current RSS and PSS of the parent, of the largest worker, of the fork server and of the
        whole tree."""
        self.parent = pid
        rss, pss = Sample(), Sample()
        for process, depth in ((pid, 0), *_generations(pid)):
            cpu = _cpu(process)
            if cpu is not None:
                self.cpu[process] = cpu
            status = _status(process)
            if not status:
                continue
            self.hwm[process] = max(self.hwm.get(process, 0.0), status["VmHWM"] / KB)
            for into, value in ((rss, status["VmRSS"] / KB), (pss, status["Pss"] / KB)):
                into.tree += value
                if depth == 0:
                    into.writer = value
                elif depth == 1:
                    into.server += value
                else:
                    into.worker = max(into.worker, value)
        self.rss_peak.peak(rss)
        self.pss_peak.peak(pss)
        return rss, pss


def count_documents(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created yet, or busy
        return -1


def index_digest(db: Path, folder: Path | None = None) -> tuple[int, int, str]:
    """Documents, measures, and a digest of both tables' contents (timestamps left out); with
    `folder`, the folder's path is taken out of every row first (each run of `curve` writes the
    corpus into a temporary folder of its own, and the sources name it), so that runs compare."""
    digest = hashlib.sha256()
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        docs = conn.execute(
            "SELECT doc_id, source, title, kind, doc_number, issuer, date, text, record, measure_count,"
            " first_due FROM documents ORDER BY doc_id"
        ).fetchall()
        measures = conn.execute(
            "SELECT measure_id, doc_id, ord, text, page, record, first_due FROM measures ORDER BY measure_id"
        ).fetchall()
        units = conn.execute(
            "SELECT m.measure_id, u.name, u.role FROM units u JOIN measures m ON m.id = u.measure_id"
            " ORDER BY 1, 2, 3"
        ).fetchall()
    prefix = str(folder.resolve()) if folder is not None else None
    for row in (*docs, *measures, *units):
        text = repr(row)
        digest.update((text.replace(prefix, "") if prefix else text).encode("utf-8"))
    return len(docs), len(measures), digest.hexdigest()[:16]


def run_ingest(
    folder: Path, db: Path, workers: int, every: int, curve: bool, sizes: list[int] | None = None
) -> tuple[float, Memory]:
    """Seconds of one `duban ingest`; with `curve`, a table row every `every` documents (with
    seconds per MB of the block too when `sizes` gives each file's bytes in the walk's order)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    args = [sys.executable, "-c", CLI, "ingest", str(folder), "-r", "--index", f"sqlite:///{db}"]
    args += ["--workers", str(workers), "--quiet", "--json"]
    memory = Memory()
    started, clock = time.perf_counter(), time.monotonic()
    # Its output goes to files, not pipes: this loop reads nothing until the end, and a run report
    # over a pipe's 64 KB (that of ~11,000 documents) left the ingest blocked writing it, for ever.
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as out_file,
        tempfile.TemporaryFile("w+", encoding="utf-8") as err_file,
    ):
        child = subprocess.Popen(args, env=_env(), stdout=out_file, stderr=err_file, text=True)
        mark, last = every, started
        while child.poll() is None:
            time.sleep(0.25)
            rss, pss = memory.sample(child.pid)
            if not curve:
                continue
            done = count_documents(db)
            while done >= mark:
                now = time.perf_counter()
                load = os.getloadavg()[0]
                block = sum((sizes or [])[mark - every : mark]) / KB / KB
                per_mb = f"{(now - last) / block:7.1f}" if block else f"{'':>7}"
                print(
                    f"{mark:>8} {now - started:9.1f} {1000 * (now - last) / every:9.1f} {per_mb} "
                    f"{rss.writer:10.0f} {rss.worker:10.0f} {rss.tree:9.0f} {load:6.2f} "
                    f"{rss.server:7.0f} {pss.writer:7.0f} {pss.worker:7.0f} {pss.server:7.0f} "
                    f"{pss.tree:7.0f}",
                    flush=True,
                )
                mark, last = mark + every, now
        seconds = time.perf_counter() - started
        child.wait()
        out_file.seek(0)
        err_file.seek(0)
        out, err = out_file.read(), err_file.read()
    if child.returncode not in (0, 3):
        raise SystemExit(f"ingest failed ({child.returncode}): {err[-800:]}")
    for line in err.splitlines():
        if line.startswith(CPU_MARK):
            total, start, thread, end, first, last, ended = (float(v) for v in line.split()[1:8])
            memory.parent_cpu = total
            memory.parent_split = (start, thread, max(0.0, end - start - thread), total - end)
            if first:
                memory.phases = (first - clock, last - first, ended - last)
    report = json.loads(out.strip().splitlines()[-1])
    if report["failed"]:
        print(f"  {report['failed']} files failed: {report['failures'][:3]}", flush=True)
    return seconds, memory


def scaling(args: argparse.Namespace) -> int:
    texts = read_texts(args.corpus, args.docs)
    kb = sum(len(t.encode("utf-8")) for _, t in texts) / KB
    counts = [int(w) for w in args.workers.split(",")]
    print(f"{len(texts)} documents, {kb:.0f} KB; workers {counts}, {args.repeat} runs each, in turn")
    with tempfile.TemporaryDirectory(prefix="duban-bench-ingest-") as tmp:
        folder = Path(tmp) / "docs"
        write_corpus(texts, folder, 1)
        rates: dict[int, list[float]] = {w: [] for w in counts}
        cpus: dict[int, list[tuple[float, float]]] = {w: [] for w in counts}
        splits: dict[int, list[tuple[float, float, float, float]]] = {w: [] for w in counts}
        phases: dict[int, list[tuple[float, float, float]]] = {w: [] for w in counts}
        digests: dict[int, tuple[int, int, str]] = {}
        print(
            f"{'run':>4} {'workers':>8} {'seconds':>9} {'docs/s':>8} {'load 1m':>8} {'writer MB':>10}"
            f" {'writer cpu ms/doc':>18} {'workers cpu ms/doc':>19} {'start s':>8} {'middle docs/s':>14}"
            f" {'end s':>6}"
        )
        for run in range(1, args.repeat + 1):
            for workers in counts:
                db = Path(tmp) / f"w{workers}.db"
                load = os.getloadavg()[0]
                seconds, memory = run_ingest(folder, db, workers, 0, curve=False)
                rates[workers].append(len(texts) / seconds)
                cpus[workers].append((memory.writer_cpu, memory.other_cpu))
                splits[workers].append(memory.parent_split)
                phases[workers].append(memory.phases)
                digests[workers] = index_digest(db, folder)  # comparable across runs of the benchmark
                start, middle, end = memory.phases
                print(
                    f"{run:>4} {workers:>8} {seconds:9.1f} {len(texts) / seconds:8.2f} {load:8.2f}"
                    f" {memory.parent_peak:10.0f} {1000 * memory.writer_cpu / len(texts):18.1f}"
                    f" {1000 * memory.other_cpu / len(texts):19.1f} {start:8.2f}"
                    f" {(len(texts) - 1) / middle if middle else 0.0:14.2f} {end:6.2f}",
                    flush=True,
                )
    base = statistics.median(rates[counts[0]])
    cores = os.cpu_count() or 1
    print(f"medians; 'idle bound': docs/s the CPU seconds measured allow on {cores} free cores")
    for workers in counts:
        median = statistics.median(rates[workers])
        writer = statistics.median(c[0] for c in cpus[workers])
        others = statistics.median(c[1] for c in cpus[workers])
        # the writer runs beside the workers; each worker is one process; all share the cores
        bound = len(texts) / max(writer, others / workers, (writer + others) / min(cores, workers + 1))
        print(
            f"workers={workers}: {median:.2f} docs/s, {median / base:.2f}x workers={counts[0]};"
            f" CPU s: writer {writer:.1f}, workers {others:.1f}; idle bound {bound:.2f} docs/s"
        )
    for workers in counts:
        start, thread, loop, end = (
            statistics.median(split[part] for split in splits[workers]) * 1000 / len(texts)
            for part in range(4)
        )
        print(
            f"workers={workers}: parent ms/doc = start {start:.2f} + writer thread {thread:.2f}"
            f" + receiving and feeding {loop:.2f} + end {end:.2f} (medians of each)"
        )
    if {1, 2} <= set(counts) and cores == 2:
        print(two_over_one(cpus, len(texts)))
    if all(p[1] for runs in phases.values() for p in runs):
        print(middle_and_ends(phases, len(texts), counts))
    print("index per worker count (documents, measures, digest):")
    for workers, digest in digests.items():
        print(f"  workers={workers}: {digest}")
    same = len(set(digests.values())) == 1
    print("same documents and measures: " + ("yes" if same else "NO"))
    return 0 if same else 1


def two_over_one(cpus: dict[int, list[tuple[float, float]]], docs: int) -> str:
    """Where 2 workers lose against 1 on two cores, from the CPU each run measured: one worker runs
    beside the parent (which writes), so 1 worker gives 1/W1 documents a second; two workers and the
    parent share both cores, so 2 workers give at most 2/(W2 + w). W2 exceeds W1 although two bare
    extraction processes side by side keep one's CPU per document (stop 31): the third busy thread,
    the parent, interrupts the workers. The line says how much of the shortfall is the parent's own
    CPU (w) and how much the workers' rise (W2 - W1)."""

    def per_doc(workers: int, part: int) -> float:
        return statistics.median(c[part] for c in cpus[workers]) * 1000 / docs

    w1, w2, parent = per_doc(1, 1), per_doc(2, 1), per_doc(2, 0)
    return (
        f"2 workers over 1 on two cores at most 2*W1/(W2 + w) = {2 * w1 / (w2 + parent):.2f}x:"
        f" workers' CPU per document W1 {w1:.1f} -> W2 {w2:.1f} ms ({100 * (w2 / w1 - 1):+.0f}% beside a"
        f" busy parent), parent w {parent:.1f} ms; without the rise {2 * w1 / (w1 + parent):.2f}x,"
        f" without the parent {2 * w1 / w2:.2f}x"
    )


def middle_and_ends(phases: dict[int, list[tuple[float, float, float]]], docs: int, counts: list[int]) -> str:
    """What the run's two ends take from the ratio: the start (the fork server compiles the rules
    and reads the dictionary before any worker is forked, then the first file) and the end (the
    last batch, the copies, the run record) take as long whatever the number of workers, so the
    whole run's ratio is (S + M1) / (S + M2) where the middles M alone scale. Medians of each."""

    def median(workers: int, part: int) -> float:
        return statistics.median(p[part] for p in phases[workers])

    base = counts[0]
    parts = []
    for workers in counts:
        ends = median(workers, 0) + median(workers, 2)
        rate = (docs - 1) / median(workers, 1)
        parts.append(
            f"workers={workers}: start {median(workers, 0):.2f} s + end {median(workers, 2):.2f} s = {ends:.2f} s,"
            f" middle {rate:.2f} docs/s ({rate * median(base, 1) / (docs - 1):.2f}x workers={base})"
        )
    return "ends and middle (first to last document handed to the writer), medians:\n  " + "\n  ".join(parts)


def curve(args: argparse.Namespace) -> int:
    texts = read_texts(args.corpus, args.docs)
    with tempfile.TemporaryDirectory(prefix="duban-bench-ingest-", dir=args.tmp) as tmp:
        folder = Path(tmp) / "docs"
        total = write_corpus(texts, folder, args.copies)
        sizes = [p.stat().st_size for p in sorted(folder.rglob("*.txt"), key=lambda p: p.as_posix())]
        print(
            f"{total} documents ({args.copies} copies), {sum(sizes) / KB / KB:.0f} MB; workers={args.workers}"
        )
        print("MB: RSS as before the load column, then the server's RSS and PSS (see the docstring)")
        print(
            f"{'docs':>8} {'seconds':>9} {'s/1000':>9} {'s/MB':>7} {'writer MB':>10} {'worker MB':>10} "
            f"{'total MB':>9} {'load':>6} {'server':>7} {'PSS wr':>7} {'worker':>7} {'server':>7} "
            f"{'tree':>7}",
            flush=True,
        )
        seconds, memory = run_ingest(
            folder, Path(tmp) / "curve.db", args.workers, args.every, curve=True, sizes=sizes
        )
        digest = index_digest(Path(tmp) / "curve.db", folder)
    print(f"{total} documents in {seconds:.0f} s: {total / seconds:.2f} docs/s")
    print(f"index (documents, measures, digest): {digest}")
    hwm = sorted(memory.hwm.values(), reverse=True)
    for name, peak in (("RSS", memory.rss_peak), ("PSS", memory.pss_peak)):
        print(
            f"peak {name} MB: writer {peak.writer:.0f}, largest worker {peak.worker:.0f}, "
            f"fork server {peak.server:.0f}, tree {peak.tree:.0f}"
        )
    print(f"VmHWM per process, MB: {', '.join(f'{h:.0f}' for h in hwm[:4])}")
    return 0


def _warm() -> None:
    """A pool process builds the extractors first, as the ingest's fork server does for its workers."""
    import duban.pipeline.worker_preload  # noqa: F401


def _extract_timed(path: str) -> tuple[Any, float]:
    """In a pool process: one file's outcome as an ingest worker makes it, and the CPU seconds it
    took (pickling it for the pipe included)."""
    from duban.base.paths import source_of
    from duban.pipeline.extract import DEFAULT_EXTRACTORS
    from duban.pipeline.ingest import Job, extract_job

    started = time.process_time()
    file = Path(path)
    outcome = extract_job(Job(file, source_of(file.resolve()), file.stat().st_size), DEFAULT_EXTRACTORS)
    pickle.dumps(outcome)
    return outcome, time.process_time() - started


class TimedConnection:
    """A connection that sums the CPU seconds of this thread spent in each kind of statement
    (`INSERT INTO measures_fts`, `COMMIT`…), for `writing.write_row` to write through."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.seconds: defaultdict[str, float] = defaultdict(float)

    @staticmethod
    def kind(sql: str) -> str:
        return " ".join(sql.split("(")[0].split()[:4])

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        started = time.thread_time()
        try:
            return self.db.execute(sql, *args)
        finally:
            self.seconds[self.kind(sql)] += time.thread_time() - started

    def executemany(self, sql: str, rows: Any) -> sqlite3.Cursor:
        started = time.thread_time()
        try:
            return self.db.executemany(sql, rows)
        finally:
            self.seconds[self.kind(sql)] += time.thread_time() - started


def writer(args: argparse.Namespace) -> int:
    from multiprocessing import get_context

    from duban.index.analysis import Analyzer
    from duban.index.sqlite.schema import connect, transaction
    from duban.index.sqlite.writing import as_writer, write_row
    from duban.pipeline.ingest import WRITE_BATCH

    texts = read_texts(args.corpus, args.docs)
    with tempfile.TemporaryDirectory(prefix="duban-bench-ingest-") as tmp:
        folder = Path(tmp) / "docs"
        write_corpus(texts, folder, 1)
        paths = sorted(str(p) for p in folder.rglob("*.txt"))
        with get_context("forkserver").Pool(2, initializer=_warm) as pool:
            done = pool.map(_extract_timed, paths, chunksize=8)
        worker = statistics.fmean(seconds for _, seconds in done) * 1000
        blobs = [pickle.dumps(outcome) for outcome, _ in done if outcome.record is not None]
        failed = len(done) - len(blobs)
        del done  # pickling kept each string's UTF-8 in it: the rows written are those unpickled
        started = time.thread_time()
        rows = [pickle.loads(blob).record for blob in blobs]
        receive = (time.thread_time() - started) * 1000 / len(blobs)
        url = f"sqlite:///{tmp}/writer.db"
        db, _ = connect(Path(tmp) / "writer.db", url)
        as_writer(db)
        timed = TimedConnection(db)
        analyzer = Analyzer()
        started = time.thread_time()
        for first in range(0, len(rows), WRITE_BATCH):
            with transaction(timed, url):  # type: ignore[arg-type]
                for row in rows[first : first + WRITE_BATCH]:
                    write_row(timed, row, row.ready, analyzer)  # type: ignore[arg-type]
        total = (time.thread_time() - started) * 1000 / len(rows)
        db.close()
    count = len(rows)
    print(
        f"{count} documents ({failed} failed), {sum(len(b) for b in blobs) / count / KB:.0f} KB pickled each"
    )
    print(f"{'writer statement':<40} {'ms/doc':>7} {'share':>6}")
    for kind, seconds in sorted(timed.seconds.items(), key=lambda item: -item[1]):
        ms = seconds * 1000 / count
        print(f"{kind:<40} {ms:7.3f} {ms / total:6.1%}")
    sql = sum(timed.seconds.values()) * 1000 / count
    fts = sum(v for k, v in timed.seconds.items() if "_fts" in k or k == "COMMIT") * 1000 / count
    parent = total + receive
    print(
        f"writer: {total:.2f} ms/doc = SQL {sql:.2f} (full text and commit {fts:.2f}) + Python {total - sql:.2f}"
    )
    print(
        f"parent per document, at the least: writer {total:.2f} + unpickling the row {receive:.2f}"
        f" = w {parent:.2f} ms (an ingest's parent also walks, hashes, feeds the workers; see scaling)"
    )
    print(f"worker per document: W {worker:.2f} ms (extract, segment, ready row, pickle)")
    print(
        f"2 workers over 1 on two free cores at most 2W/(W+w) = {2 * worker / (worker + parent):.2f}x;"
        f" 1.8x needs w <= W/9 = {worker / 9:.2f} ms"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REAL)
    sub = parser.add_subparsers(dest="mode", required=True)
    one = sub.add_parser("scaling", help="1 vs 2 workers, median of --repeat runs each")
    one.add_argument("--docs", type=int, default=600, help="documents spread over the corpus (0: all)")
    one.add_argument("--workers", default="1,2")
    one.add_argument("--repeat", type=int, default=3)
    big = sub.add_parser("curve", help="RSS and s/1000 docs over the whole corpus x --copies")
    big.add_argument("--copies", type=int, default=1)
    big.add_argument("--docs", type=int, default=0, help="documents per copy (0: all)")
    big.add_argument("--workers", type=int, default=2)
    big.add_argument("--every", type=int, default=1000)
    big.add_argument("--tmp", type=Path, default=None, help="folder for the files and the index")
    split = sub.add_parser("writer", help="CPU per document of a worker and of the writer, by statement")
    split.add_argument("--docs", type=int, default=400, help="documents spread over the corpus (0: all)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no shared real corpus at {args.corpus}: nothing to measure")
        return 0
    modes = {"scaling": scaling, "curve": curve, "writer": writer}
    return modes[args.mode](args)


if __name__ == "__main__":
    raise SystemExit(main())
