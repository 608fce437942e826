"""Batch ingestion: find files, skip unchanged ones, extract in parallel, index each as it comes.

Workers extract and segment; the parent process is the one writer, and writes each document in one store
transaction keyed by its content hash. So a run killed at any moment and run again leaves every
document in the index exactly once, and a file that fails is recorded and passed over.
Sources are stored as absolute paths, so the same file ingested from another folder is the same
source and a changed file replaces its old version.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from rich.console import Console

from extractors.registry import Extractors, get_extractors
from index import open_store
from index.analysis import Analyzer
from index.records import with_tokens
from index.store import Store
from pipeline.errors import DubanError, E
from pipeline.extract import DEFAULT_EXTRACTORS, content_hash, extract_file
from pipeline.loaders import SUPPORTED

Shard = tuple[int, int]
RunStatus = Literal["running", "done", "interrupted", "failed"]


@dataclass(frozen=True)
class Failure:
    """A file that could not be ingested, with the catalogue code and message that say why."""

    source: str
    code: str
    message: str


@dataclass
class RunReport:
    """What one ingestion run did; stored in the index by `Store.record_run`."""

    run_id: str
    index_url: str
    started_at: str
    status: RunStatus = "running"
    finished_at: str | None = None
    shard: str | None = None
    seen: int = 0
    ingested: int = 0
    unchanged: int = 0
    measures: int = 0
    bytes: int = 0
    seconds: float = 0.0
    actions: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["failed"] = self.failed
        return data


@dataclass(frozen=True)
class Candidate:
    """A file found by the walk; `relative` (to the folder named) decides its shard."""

    path: Path
    relative: str

    @property
    def source(self) -> str:
        return str(self.path.resolve())


@dataclass(frozen=True)
class Job:
    path: Path
    source: str
    size: int


@dataclass(frozen=True)
class Outcome:
    """A worker's answer: the document record (`Document.to_json(include_text=True)`) or a failure."""

    job: Job
    record: dict[str, Any] | None = None
    doc_id: str = ""
    failure: Failure | None = None


def parse_shard(value: str) -> Shard:
    """`K/N` with 1 <= K <= N; raises ValueError otherwise."""
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError as exc:
        raise ValueError(f"shard '{value}' is not K/N (e.g. 1/4)") from exc
    if not 1 <= k <= n:
        raise ValueError(f"shard '{value}' needs 1 <= K <= N")
    return k, n


def in_shard(relative: str, shard: Shard | None) -> bool:
    """Stable across machines and runs: the hash of the relative path, mod N, is K-1."""
    if shard is None:
        return True
    k, n = shard
    digest = hashlib.sha256(relative.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def collect_files(paths: Sequence[Path], recursive: bool) -> tuple[list[Candidate], list[Failure]]:
    """Supported files in the folders named (and the files named), each once, in a stable order."""
    found: dict[Path, Candidate] = {}
    missing: list[Failure] = []
    for path in paths:
        if path.is_dir():
            children = path.rglob("*") if recursive else path.glob("*")
            for child in sorted(children):
                if child.is_file() and child.suffix.lower() in SUPPORTED:
                    found.setdefault(child.resolve(), Candidate(child, child.relative_to(path).as_posix()))
        elif path.is_file():
            found.setdefault(path.resolve(), Candidate(path, path.name))
        else:
            error = DubanError(E.FILE_NOT_FOUND, path=str(path))
            missing.append(Failure(str(path), error.code, error.message))
    return list(found.values()), missing


@lru_cache(maxsize=4)
def _extractors(names: tuple[str, ...]) -> Extractors:
    """Built once per worker process: extractors load their rules when made."""
    return get_extractors(names)


def extract_job(job: Job, names: tuple[str, ...]) -> Outcome:
    """Run in a worker: extract and segment one file, turning every error into a recorded failure."""
    try:
        doc = extract_file(job.path, job.source, _extractors(names))
    except DubanError as exc:
        return Outcome(job, failure=Failure(job.source, exc.code, exc.message))
    except Exception as exc:
        error = DubanError(E.EXTRACT_FAILED, path=job.source, detail=f"{type(exc).__name__}: {exc}")
        return Outcome(job, failure=Failure(job.source, error.code, error.message))
    return Outcome(job, with_tokens(doc.to_json(include_text=True), Analyzer()), doc.doc_id)


Task = Callable[[Job, tuple[str, ...]], Outcome]


def _crash(job: Job) -> Failure:
    error = DubanError(E.EXTRACT_FAILED, path=job.source, detail="the worker process died")
    return Failure(job.source, error.code, error.message)


def run_jobs(
    jobs: Sequence[Job], workers: int, names: tuple[str, ...], task: Task = extract_job
) -> Iterator[Outcome]:
    """Outcomes of `task` as they finish: in this process for one worker, else over a process pool.

    A worker that dies (a crash inside a PDF library, say) breaks the pool; the files that were in
    flight are then retried one at a time, so only the file that kills its worker fails.
    """
    if workers <= 1:
        for job in jobs:
            yield task(job, names)
        return
    context = multiprocessing.get_context("forkserver")
    pending = deque(jobs)
    while pending:
        suspects: list[Job] = []
        pool = ProcessPoolExecutor(workers, mp_context=context)
        try:
            in_flight: dict[Future[Outcome], Job] = {}
            while (pending or in_flight) and not suspects:
                while pending and len(in_flight) < workers * 4:
                    job = pending.popleft()
                    in_flight[pool.submit(task, job, names)] = job
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    job = in_flight.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool:
                        suspects.append(job)
            suspects.extend(in_flight.values())
        finally:
            pool.shutdown(wait=not suspects, cancel_futures=True)
        for job in suspects:
            yield _alone(task, job, names, context)


def _alone(task: Task, job: Job, names: tuple[str, ...], context: Any) -> Outcome:
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        try:
            return pool.submit(task, job, names).result()
        except BrokenProcessPool:
            return Outcome(job, failure=_crash(job))


def ingest(
    paths: Sequence[Path],
    recursive: bool = False,
    index_url: str | None = None,
    workers: int = 1,
    shard: Shard | None = None,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    progress: bool = True,
) -> RunReport:
    """Index the supported files under `paths`; see the module docstring for the guarantees.

    Raises ValueError for bad arguments (unknown extractor, workers < 1) and DubanError when the
    index itself fails; a file that fails is recorded in the report, never raised.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    names = tuple(extractors)
    _extractors(names)
    started = time.perf_counter()
    store = open_store(index_url)
    report = RunReport(
        run_id=uuid.uuid4().hex,
        index_url=store.url,
        started_at=_now(),
        shard=f"{shard[0]}/{shard[1]}" if shard else None,
    )
    try:
        _run(store, report, paths, recursive, workers, shard, names, progress)
        report.status = "done"
    except KeyboardInterrupt:
        report.status = "interrupted"
        raise
    except BaseException:
        report.status = "failed"
        raise
    finally:
        report.finished_at = _now()
        report.seconds = round(time.perf_counter() - started, 3)
        try:
            store.record_run(report.to_json())
        finally:
            store.close()
    return report


def _run(
    store: Store,
    report: RunReport,
    paths: Sequence[Path],
    recursive: bool,
    workers: int,
    shard: Shard | None,
    names: tuple[str, ...],
    progress: bool,
) -> None:
    candidates, missing = collect_files(paths, recursive)
    candidates = [c for c in candidates if in_shard(c.relative, shard)]
    report.seen = len(candidates) + len(missing)
    report.failures.extend(missing)
    store.record_run(report.to_json())
    jobs = _changed(store, candidates, report)
    actions: Counter[str] = Counter()
    with _Bar(progress, len(jobs)) as bar:
        for outcome in run_jobs(jobs, workers, names):
            bar.advance(outcome.job.path.name)
            if outcome.record is None:
                report.failures.append(outcome.failure or _crash(outcome.job))
                continue
            try:
                result = store.write(outcome.record, outcome.doc_id)
            except DubanError as exc:
                if exc.kind is not E.INDEX_WRITE:
                    raise
                report.failures.append(Failure(outcome.job.source, exc.code, exc.message))
                continue
            actions[result.action] += 1
            if result.action == "unchanged":
                report.unchanged += 1
            else:
                report.ingested += 1
                report.measures += result.measures
                report.bytes += outcome.job.size
            report.actions = dict(actions)


def _changed(store: Store, candidates: list[Candidate], report: RunReport) -> list[Job]:
    """The files whose content hash differs from what the index holds for their source."""
    known = store.known_hashes(c.source for c in candidates)
    jobs: list[Job] = []
    for candidate in candidates:
        try:
            data = candidate.path.read_bytes()
        except OSError as exc:
            error = DubanError(E.FILE_NOT_FOUND, path=candidate.source)
            report.failures.append(Failure(candidate.source, error.code, f"{error.message} ({exc.strerror})"))
            continue
        if known.get(candidate.source) == content_hash(data):
            report.unchanged += 1
            continue
        jobs.append(Job(candidate.path, candidate.source, len(data)))
    return jobs


class _Bar:
    """A Rich progress bar on stderr, only when asked for and stderr is a terminal."""

    def __init__(self, enabled: bool, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(stderr=True)
        self._progress = (
            Progress(
                TextColumn("ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=console,
                transient=True,
            )
            if enabled and console.is_terminal and total
            else None
        )
        self._task = self._progress.add_task("", total=total) if self._progress else None

    def __enter__(self) -> _Bar:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, name: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, description=name)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
