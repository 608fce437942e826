"""Worker processes that a batch can kill: each file runs in a worker under the per-file limits.

A `concurrent.futures` pool cannot stop one task that runs too long, and a worker that dies takes
the whole pool down. Here each worker is a process with its own pipe: the parent gives it one job
at a time, waits with the job's deadline, and when the deadline passes kills that worker, reports
the job as over time and starts another worker for the jobs left. A worker whose allocation hits
its address-space limit reports the job as over memory and retires; one that dies (a crash in a
native library) fails only its own job. The batch always reaches its end. A worker whose resident
memory has grown by `RETIRE_GROWTH_MB` since it was forked answers its job and leaves, and the
jobs queued behind it go to a fresh one, so a long batch's workers stay near their size at start.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

from duban.base.limits import Limits, apply_in_worker

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

log = logging.getLogger(__name__)

J = TypeVar("J")
R = TypeVar("R")

StopReason = Literal["timeout", "memory", "crash"]

# Modules every worker needs, imported once in the fork server so each worker starts warm; a
# batch adds those its own jobs need (`run_isolated`'s `preload`).
_PRELOAD = ["duban.pipeline.worker_preload"]


_log_file: str | None = None


def configure_logging(path: str | None) -> None:
    """Standard logging appended to `path` at INFO, in this process and in the workers it starts
    from now on; without a path nothing is logged anywhere (quiet for cron: the commands print
    their own summary), where Python would otherwise print library warnings to stderr."""
    global _log_file
    _log_file = path
    root = logging.getLogger()
    if path is None:
        if not root.handlers:
            root.addHandler(logging.NullHandler())
        return
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


@dataclass(frozen=True)
class Stopped:
    """A job that ended without a result from its task, and why."""

    reason: StopReason
    detail: str = ""


RETIRE_GROWTH_MB = 24
"""Resident memory a worker may gain over what it had when forked before it leaves, once the job
it has just done is answered (`_serve`), for a fresh one forked from the fork server to take its
place. What a worker adds over its life it mostly no longer needs: caches filled past their use,
and heap pages that one large document's objects left fragmented, which Python gives back only
when a whole arena empties. Left alone, each of the two workers of `bench_ingest.py curve` grew
from about 115 to 160 MB over the real corpus, and the workers are counted twice in the ingest
tree's summed RSS. A fresh worker costs a fork and its caches warming again: a few milliseconds
every few hundred documents. 0 switches it off."""


def _serve(conn: Connection, task: Callable[[Any], Any], limits: Limits, log_file: str | None) -> None:
    """A worker's loop: take a job, send back ("ok", result), ("memory", "") or ("error", text);
    ("last", result) is a result after which the worker leaves (`RETIRE_GROWTH_MB`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and ends its workers
    configure_logging(log_file)
    _exit_with_parent()
    apply_in_worker(limits)
    forked = _resident_mb()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        reply: tuple[str, Any]
        try:
            reply = ("ok", task(job))
        except MemoryError:
            reply = ("memory", "")
        except Exception as exc:  # the task's own bug: reported for its file, the worker goes on
            reply = ("error", f"{type(exc).__name__}: {exc}")
        grown = RETIRE_GROWTH_MB > 0 and reply[0] == "ok" and _resident_mb() - forked > RETIRE_GROWTH_MB
        if grown:
            reply = ("last", reply[1])
        if _send(conn, reply) in (None, "memory", "last"):
            return  # the parent is gone, a heap that hit its limit is not trusted further, or grown


_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / (1024 * 1024) if hasattr(os, "sysconf") else 0.0


def _resident_mb() -> float:
    """This process's resident memory (RSS, MB); 0 where /proc does not say (not Linux), so a
    worker there never leaves for having grown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * _PAGE_MB
    except (OSError, IndexError, ValueError):
        return 0.0


def _send(conn: Connection, reply: tuple[str, Any]) -> str | None:
    """Send a reply; one that cannot be pickled or sent in memory becomes that file's failure.
    The kind of reply sent (the parent acts on that one: a worker that said "last" or "memory"
    must leave, one that could not say it must not), None when the parent has gone."""
    try:
        conn.send(reply)
        return reply[0]
    except OSError:
        return None
    except MemoryError:
        fallback: tuple[str, Any] = ("memory", "")
    except Exception as exc:
        fallback = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(fallback)
    except OSError:
        return None
    return fallback[0]


def _exit_with_parent() -> None:
    """End this worker when the process that started it (the fork server, which itself ends with
    the batch) goes away, so a batch killed outright leaves no worker busy on a hung file."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class _Worker(Generic[J]):
    """One worker process and the jobs sent to it, oldest first: the first is running (since
    `started`), the others wait in its pipe and start as soon as it is done."""

    def __init__(self, context: Any, task: Callable[[J], Any], limits: Limits) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, task, limits, _log_file), daemon=True)
        self.process.start()
        child.close()
        self.jobs: deque[J] = deque()
        self.started = 0.0

    def give(self, job: J) -> None:
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append(job)
        with contextlib.suppress(OSError):  # it died on the job before: its reply is an EOF, and
            self.conn.send(job)  # this job goes to the next worker with the others it held

    def done(self) -> J:
        """The running job has answered; the next one in the pipe started when it did."""
        self.started = time.monotonic()
        return self.jobs.popleft()

    def deadline(self, timeout: float) -> float | None:
        return self.started + timeout if timeout > 0 and self.jobs else None

    def stop(self) -> None:
        """Ask an idle worker to leave; kill it if it does not within a moment."""
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()

    def exit_detail(self) -> str:
        self.process.join(5)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"工作进程被信号 {signal.Signals(-code).name} 终止"
            except ValueError:
                return f"工作进程被信号 {-code} 终止"
        return f"工作进程意外退出（退出码 {code}）"


AUTO_WORKERS_MAX = 4
"""The most workers `auto_workers` chooses. An ingest has one index writer, which takes about a
sixth of what a document costs (bench_ingest: 3 of 20 CPU-ms), so beyond five or six workers more
index nothing faster, and each worker holds its own extractors (about 100 MB); four leave room
beside the writer and the rest of the machine. More can be asked for with `--workers`."""


def auto_workers() -> int:
    """Workers for a command that is not told how many (`extract`, `ingest`): one per CPU this
    process may use, at most `AUTO_WORKERS_MAX`. On two cores an ingest takes about 1.6 times as
    many documents a second with two as with one (`make bench`, 1 vs 2 workers)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(AUTO_WORKERS_MAX, usable))


QUEUED_PER_WORKER = 2
"""Jobs a worker holds at once: the one it runs and the next, so that it goes on to the next file
while the parent is still writing the last one's result instead of waiting to be given it."""


def start_server(preload: Sequence[str] = ()) -> None:
    """Start the fork server now, with `_PRELOAD` and `preload` to import, if it is not running:
    it builds the extractors (a second of CPU, before any worker can start) while this process
    goes on with other work, the ingest's reading and hashing of every file, where the first
    `run_isolated` started it only once that was done. The server process imports on its own;
    this returns at once."""
    import multiprocessing
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload([*_PRELOAD, *preload])
    forkserver.ensure_running()


def run_isolated(
    jobs: Iterable[J], task: Callable[[J], R], workers: int, limits: Limits, preload: Sequence[str] = ()
) -> Iterator[tuple[J, R | Stopped]]:
    """Each job's result (or why it stopped) as jobs finish; with one worker, in the jobs' order.

    `preload` names modules for the fork server to import besides `_PRELOAD`, when this process
    starts it (the first batch: the server then serves every later one, which imports what else
    it needs in each worker).

    `task` must be picklable (a module-level function, or a `functools.partial` of one) and catch
    the errors it knows; anything else it raises becomes `Stopped("crash", …)` for that job.
    A worker that is killed or dies takes only its running job with it: the jobs queued behind
    that one go, first, to the next worker.
    """
    import multiprocessing  # here, not at the top: `duban search` imports this module for
    from multiprocessing.connection import wait  # `configure_logging` and starts no worker

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*_PRELOAD, *preload])
    pending = iter(jobs)
    again: deque[J] = deque()  # jobs taken back from a worker that stopped before starting them
    live: list[_Worker[J]] = []
    exhausted = False

    def retire(worker: _Worker[J]) -> None:
        worker.kill()
        live.remove(worker)
        again.extendleft(reversed(worker.jobs))

    try:
        while True:
            while again or not exhausted:
                worker = _slot(live, workers)
                if worker is None:
                    break
                job = again.popleft() if again else next(pending, _END)
                if job is _END:
                    exhausted = True
                    break
                if worker is _NEW:
                    worker = _Worker(context, task, limits)
                    live.append(worker)
                worker.give(job)
            busy = {w.conn: w for w in live if w.jobs}
            if not busy:
                return
            deadlines = [d for w in busy.values() if (d := w.deadline(limits.timeout)) is not None]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            for conn in wait(list(busy), wait_for):
                worker = busy[conn]
                try:
                    kind, value = worker.conn.recv()
                except (EOFError, OSError):
                    job = worker.jobs.popleft()
                    detail = worker.exit_detail()
                    retire(worker)
                    log.warning("worker died on %s: %s", job, detail)
                    yield job, Stopped("crash", detail)
                    continue
                job = worker.done()
                if kind == "memory":
                    retire(worker)
                    yield job, Stopped("memory", f"{limits.memory_mb} MB")
                    continue
                if kind == "last":  # it has grown and leaves: the jobs it still held go first to
                    worker.process.join(1)  # the next worker, a fresh one forked in its place
                    retire(worker)
                    log.info("a worker left once it had grown by over %d MB", RETIRE_GROWTH_MB)
                yield job, value if kind in ("ok", "last") else Stopped("crash", str(value))
            now = time.monotonic()
            for worker in list(live):
                deadline = worker.deadline(limits.timeout)
                if deadline is not None and now >= deadline:
                    job = worker.jobs.popleft()
                    retire(worker)
                    log.warning("killed the worker on %s after %.0f s", job, limits.timeout)
                    yield job, Stopped("timeout", f"{limits.timeout:g} s")
    finally:
        for worker in live:
            if worker.jobs:
                worker.kill()
            else:
                worker.stop()


def _slot(live: list[_Worker[J]], workers: int) -> _Worker[J] | None:
    """The worker to give the next job to (`_NEW` for one to start), or None when all are full:
    an idle worker first, then a new one up to `workers`, then the least loaded."""
    idle = [w for w in live if not w.jobs]
    if idle:
        return idle[0]
    if len(live) < workers:
        return cast(_Worker[J], _NEW)
    open_ = [w for w in live if len(w.jobs) < QUEUED_PER_WORKER]
    return min(open_, key=lambda w: len(w.jobs)) if open_ else None


_END: Any = object()
_NEW: Any = object()
