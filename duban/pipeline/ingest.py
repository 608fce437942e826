"""Batch ingestion: find files, skip unchanged ones, extract in parallel, index each as it comes.

Workers extract and segment; the parent process is the one writer (a thread of its own, `_Writer`,
so that handing out files never waits for a write), and writes the documents in small batches,
each batch one store transaction, each document keyed by its content hash. So a run killed
at any moment and run again leaves every document in the index exactly once, and a file that fails
is recorded and passed over.
Sources are stored as absolute paths, so the same file ingested from another folder is the same
source and a changed file replaces its old version; a file renamed or moved keeps its one document,
now under the new path (the document id is the content hash).

Every file is accounted for: read, unchanged, failed (with its catalogued code), skipped (a type
duban does not read, with the hint for it), or stopped by a per-file limit (`pipeline.limits`):
each file runs in a worker process that is killed when the file runs over time, so one file can
never hold the batch. The index failing (a full disk) stops the batch cleanly with E044 and its
summary; a run killed outright is marked `interrupted` by the next run.
"""

from __future__ import annotations

import errno
import functools
import hashlib
import logging
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from duban.base.archive_paths import is_archive
from duban.base.errors import DubanError, E
from duban.base.identity import content_hash
from duban.base.limits import Limits, configure
from duban.base.paths import readable, source_of, still_there
from duban.base.processes import alive
from duban.base.stored import Failure, FetchCounts, RunReport
from duban.extractors.registry import DEFAULT_EXTRACTORS, check_names
from duban.index import has_statuses, open_store
from duban.index.analysis import Analyzer
from duban.index.records import DocInput, ready_row
from duban.index.store import Store, WriteResult
from duban.pipeline.files import walk
from duban.pipeline.worker import Stopped, run_isolated, start_server

if TYPE_CHECKING:
    from duban.pipeline.fetch import FetchOptions

log = logging.getLogger(__name__)

Shard = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file found by the walk; `relative` (to the folder named) decides its shard, `source` (its
    absolute path, resolved once: a walk of thousands of files resolved each four times) keys it
    in the index. Held as strings, the path the same string as `source` when they are equal (see
    `Job`): a `Path` each, 60,000 candidates held 28 MB of the ingest parent, which kept them."""

    file: str
    relative: str
    source: str

    @property
    def path(self) -> Path:
        return Path(self.file)

    @staticmethod
    def of(path: Path, relative: str, archive: Path | None = None) -> Candidate:
        """The candidate of a file, or of a member of `archive` (`path` is `<archive>/<member>`,
        its source the archive's resolved path and the member's name: `Path.resolve` cannot pass
        through a file)."""
        if archive is not None:
            from duban.pipeline.archives import member_source

            source = member_source(archive, path.relative_to(archive).as_posix())
        else:
            source = source_of(path.absolute().resolve())
        file = str(path)
        return Candidate(source if file == source else file, relative, source)


@dataclass(frozen=True, slots=True, init=False)
class Job:
    """A file to extract: its path as a string (the same string as `source` when they are equal)
    and a `Path` only when asked for. A batch holds one Job per changed file from the walk to its
    end: with a `Path` each (its parts cached as a list of strings), 60,000 jobs held 20 MB of the
    ingest parent for the whole run."""

    file: str
    source: str
    size: int

    def __init__(self, path: Path | str, source: str, size: int) -> None:
        file = os.fspath(path)
        object.__setattr__(self, "file", source if file == source else file)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "size", size)

    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass(frozen=True)
class Outcome:
    """A worker's answer: the document ready to write (a row from `records.ready_row`, records
    encoded and tokens packed, so the writer only inserts) or a failure."""

    job: Job
    record: DocInput | None = None
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
    """Supported files in the folders named (and the files named), each once, in a stable order,
    and the paths that could not be walked; see `walk_files` for the skipped ones too."""
    candidates, failures, _, _ = walk_files(paths, recursive)
    return candidates, failures


def walk_files(
    paths: Sequence[Path], recursive: bool, limits: Limits | None = None
) -> tuple[list[Candidate], list[Failure], list[Failure], int]:
    """Candidates, failures (missing paths, unreadable folders, archives and members that cannot be
    read), skipped files and ignored count."""
    found = walk(list(paths), recursive, limits)
    if any(item.archive is not None for item in found.files):
        from duban.pipeline.archives import sweep_stale_folders

        sweep_stale_folders()  # what workers killed inside an archive's member left behind
    candidates: dict[str, Candidate] = {}
    for item in found.files:
        candidate = Candidate.of(item.path, item.relative, item.archive)
        candidates.setdefault(candidate.source, candidate)
    failures = [Failure.of(source_of(path), error) for path, error in found.failed]
    skipped = [Failure.of(source_of(path), error) for path, error in found.skipped]
    return list(candidates.values()), failures, skipped, found.ignored


def fetch_options(index_url: str | None) -> FetchOptions:
    """The fetch's defaults with the copies beside a SQLite index (`<index>.fetched`); ValueError
    (in Chinese: the CLI shows it) for an index that has no file to be beside."""
    from duban.index import default_url
    from duban.pipeline.fetch import FetchOptions, default_folder

    folder = default_folder(index_url or default_url())
    if folder is None:
        raise ValueError("索引不是 SQLite 文件，抓取的网页没有默认的存放位置；请用 --fetched 文件夹 指定。")
    return FetchOptions(folder)


def fetched_candidates(
    urls: Sequence[str], options: FetchOptions, limits: Limits | None = None
) -> tuple[list[Candidate], list[Failure], list[Failure], FetchCounts]:
    """Fetch `urls` (`pipeline.fetch`) and make each saved copy a candidate whose source is its URL:
    the file the loader reads is the copy, the source the index keeps the URL. A fetched archive
    is walked as a file's is, each member's source `<URL>/<member>`; its failures and skipped
    members are named by URL too. Also the URLs not taken, as failures, and what the websites
    answered (`FetchCounts`, for the run report)."""
    from duban.pipeline.fetch import fetch_urls

    result = fetch_urls(urls, options)
    counts = result.tally()
    log.info(
        "fetched %d URLs (%s), %d not taken", len(result.fetched), counts.to_json(), len(result.failures)
    )
    candidates: list[Candidate] = []
    failures = list(result.failures)
    skipped: list[Failure] = []
    for item in result.fetched:
        if not is_archive(item.path):
            candidates.append(Candidate(str(item.path), "", item.url))
            continue
        found = walk([item.path], False, limits)
        copy = source_of(item.path)

        def by_url(source: str, url: str = item.url, copy: str = copy) -> str:
            return url + source[len(copy) :] if source.startswith(copy) else source

        for member in found.files:
            key = member.path.relative_to(item.path).as_posix()
            candidates.append(Candidate(str(member.path), "", f"{item.url}/{key}"))
        failures += [_renamed(Failure.of(source_of(p), e), by_url) for p, e in found.failed]
        skipped += [_renamed(Failure.of(source_of(p), e), by_url) for p, e in found.skipped]
    return candidates, failures, skipped, counts


def _renamed(failure: Failure, rename: Callable[[str], str]) -> Failure:
    """A failure of a fetched archive's copy named by URL (its message too, which names the copy)."""
    source = rename(failure.source)
    message = failure.message.replace(failure.source, source) if failure.source != source else failure.message
    return Failure(source, failure.code, message, failure.hint)


def extract_job(job: Job, names: tuple[str, ...]) -> Outcome:
    """Run in a worker: extract and segment one file, turning every error into a recorded failure."""
    from duban.pipeline.extract import cached_extractors, try_extract  # loaded in the workers

    result = try_extract(job.path, job.source, cached_extractors(names))
    if isinstance(result, DubanError):
        return Outcome(job, failure=Failure.of(job.source, result))
    try:
        record = ready_row(result, result.doc_id, Analyzer())
    except MemoryError:
        raise
    except Exception as exc:
        error = DubanError(E.EXTRACT_FAILED, path=readable(job.path), detail=f"{type(exc).__name__}: {exc}")
        return Outcome(job, failure=Failure.of(job.source, error))
    return Outcome(job, record, result.doc_id)


Task = Callable[[Job, tuple[str, ...]], Outcome]


def run_jobs(
    jobs: Sequence[Job],
    workers: int,
    names: tuple[str, ...],
    task: Task = extract_job,
    limits: Limits | None = None,
    release: bool = False,
) -> Iterator[Outcome]:
    """Outcomes of `task` as they finish, each file under `limits` (the defaults when None).

    With a time or memory limit (on by default) every file runs in a worker process, killed and
    replaced when it runs over; a worker that dies fails only its own file. Without limits and
    with one worker, files run in this process. With `release` (`jobs` a list), the list lets go
    of each job as it is handed out, and is empty at the end.
    """
    limits = limits if limits is not None else Limits()
    pending: Iterable[Job] = _handed_out(jobs) if release and isinstance(jobs, list) else jobs
    if not limits.isolated and workers <= 1:
        from duban.pipeline.extract import stopped_error  # this process extracts

        configure(limits)
        for job in pending:
            try:
                yield task(job, names)
            except MemoryError:
                yield Outcome(
                    job, failure=Failure.of(job.source, stopped_error(Stopped("memory"), job.path, limits))
                )
        return
    bound = functools.partial(_call, task, names)
    preload = worker_modules(jobs)  # before any job is handed out
    for job, result in run_isolated(pending, bound, max(1, workers), limits, preload):
        if isinstance(result, Stopped):
            yield Outcome(job, failure=Failure.of(job.source, _stopped(result, job, limits)))
        else:
            yield result


def _handed_out(jobs: list[Job]) -> Iterator[Job]:
    """The jobs in order, each gone from the list once handed out: an ingest's parent held every
    job of the batch to its end (60,000 jobs of corpus/real ×10, about 15 MB), where a job is
    needed only until its document is written (its `Outcome` holds it that long)."""
    jobs.reverse()
    while jobs:
        yield jobs.pop()


SEGMENTER_PRELOAD = "duban.pipeline.ingest_preload"
"""The fork server reads the index's segmentation dictionary whole, once for all workers."""


def worker_modules(jobs: Sequence[Job | Candidate]) -> list[str]:
    """What the fork server imports for an ingest besides `worker_preload`: the loaders of the
    batch's file types, and the segmenter's dictionary (`ingest_preload`)."""
    return [*loader_modules(jobs), SEGMENTER_PRELOAD]


def loader_modules(jobs: Sequence[Job | Candidate]) -> list[str]:
    """The loader modules (`loaders.LOADERS`) of the file types among `jobs`, for the fork server
    to import once for all workers: what it imports is resident in every worker it forks, so a
    batch of text files no longer holds the PDF and Word loaders three times over (9 MB together)."""
    from duban.pipeline.loaders import LOADERS  # the package only: no loader module is imported

    suffixes = {os.path.splitext(job.file)[1].lower() for job in jobs}
    found = {LOADERS[suffix][0] for suffix in suffixes if suffix in LOADERS}
    return [f"duban.pipeline.loaders.{module}" for module in sorted(found)]


def _stopped(stopped: Stopped, job: Job, limits: Limits) -> DubanError:
    """The catalogued error of a file whose worker was stopped (`extract.stopped_error`, loaded
    only when a worker stops: the parent otherwise never loads the extraction pipeline)."""
    from duban.pipeline.extract import stopped_error

    return stopped_error(stopped, job.path, limits)


def _call(task: Task, names: tuple[str, ...], job: Job) -> Outcome:
    return task(job, names)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (SIGINT) during a run, carrying the run's report: recorded as `interrupted` by the
    time the caller sees it, so `duban ingest` can still print its summary (and the JSON a cron
    job reads) rather than end in silence."""

    def __init__(self, report: RunReport) -> None:
        super().__init__()
        self.report = report


def ingest(
    paths: Sequence[Path],
    recursive: bool = False,
    index_url: str | None = None,
    workers: int = 1,
    shard: Shard | None = None,
    extractors: Sequence[str] = DEFAULT_EXTRACTORS,
    progress: bool = True,
    limits: Limits | None = None,
    recheck: bool = True,
    urls: Sequence[str] = (),
    fetch: FetchOptions | None = None,
) -> RunReport:
    """Index the supported files under `paths`; see the module docstring for the guarantees.
    With `recheck`, a run that changed an index holding statuses re-runs the cross-check
    (`refresh_statuses`); without, the statuses wait for the next `duban crosscheck`.
    `urls` are fetched first (`pipeline.fetch`, into `fetch.folder`, by default `<index>.fetched`
    beside a SQLite index) and their copies ingested with the URL as source, each URL not taken a
    failure of the run as a file's would be.

    Raises ValueError for bad arguments (unknown extractor, workers < 1) and DubanError when the
    index cannot be opened; a file that fails is recorded in the report, never raised, and an
    index that fails during the run (E044) stops it with `report.stopped` set. Ctrl-C raises
    `Interrupted` (a KeyboardInterrupt) with the report, recorded as `interrupted`.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if urls and fetch is None:
        fetch = fetch_options(index_url)
    names = tuple(extractors)
    limits = limits or Limits()
    if limits.isolated or workers > 1:
        check_names(names)  # the workers build them
    else:
        from duban.pipeline.extract import cached_extractors  # this process extracts

        cached_extractors(names)
    started = time.perf_counter()
    store = open_store(index_url)
    report = RunReport(
        run_id=uuid.uuid4().hex,
        index_url=store.url,
        started_at=_now(),
        shard=f"{shard[0]}/{shard[1]}" if shard else None,
        workers=workers,
    )
    try:
        try:
            mark_interrupted(store)
            written = _run(
                store, report, paths, recursive, workers, shard, names, progress, limits, (urls, fetch)
            )
            note_copies(store, report, written)
            report.statuses_recomputed = recheck and refresh_statuses(store, report)
        except DubanError as exc:
            if exc.kind not in (E.INDEX_WRITE, E.INDEX_UNREACHABLE) or report.seen == 0:
                raise
            _stop(report, exc)
        except sqlite3.DatabaseError as exc:
            _stop(report, index_error(exc, store.url))
        report.status = "failed" if report.stopped else "done"
    except KeyboardInterrupt as exc:
        report.status = "interrupted"
        raise Interrupted(report) from exc
    except BaseException:
        report.status = "failed"
        raise
    finally:
        report.finished_at = _now()
        report.seconds = round(time.perf_counter() - started, 3)
        try:
            store.record_run(report)
        except (DubanError, sqlite3.DatabaseError) as exc:  # a full disk may refuse the record too
            log.error("could not record run %s: %s", report.run_id, exc)
        finally:
            store.close()
    return report


def note_copies(store: Store, report: RunReport, written: Sequence[str]) -> None:
    """Mark which of the documents this run wrote is another copy (or an earlier issue) of an
    indexed directive, or is now the copy that governs (`pipeline.copies`), before the statuses
    are checked again; each is named in the report and the log. A failure here leaves the
    documents indexed and unmarked (counted twice, as before), and is logged."""
    if not written:
        return
    from duban.pipeline.copies import settle  # the cross-check's number normaliser loads only here

    try:
        found = settle(store, written)
    except DubanError as exc:
        log.error("查找同一文件的其他副本失败：%s %s", exc.code, exc.message)
        return
    if found:
        report.copies = [*(report.copies or ()), *found]
        log.info("%d 个文件作为已索引文件的副本或较早版本收录", len(found))


def refresh_statuses(store: Store, report: RunReport) -> bool:
    """Re-run the cross-check (as `duban crosscheck --save` does) when this run wrote new or changed
    documents into an index that already holds statuses: a new 落实情况 or a replaced directive
    would otherwise leave the stored statuses, the ledger and the web pages stale until someone
    thought of running the cross-check. An index nobody has cross-checked, or a run that changed
    nothing, is left alone. True when the statuses were recomputed."""
    if report.ingested == 0 or not has_statuses(store):
        return False
    from duban.pipeline.status import check_store, today  # the cross-check loads only when needed

    try:
        result = check_store(store, today(), cause="ingest")
    except DubanError as exc:  # the documents are indexed; only the refresh failed
        log.error("cross-check after ingest failed: %s %s", exc.code, exc.message)
        return False
    log.info("statuses recomputed for %d directives", len(result.directives))
    return True


def index_error(exc: sqlite3.DatabaseError, url: str) -> DubanError:
    """A database error during the run as E044, saying plainly when the disk is full."""
    text = str(exc)
    detail = "磁盘已满" if "full" in text or getattr(exc, "sqlite_errorcode", 0) == 13 else text
    return DubanError(E.INDEX_WRITE, url=url, detail=f"{detail}: {text}" if detail != text else text)


def _stop(report: RunReport, error: DubanError) -> None:
    log.error("ingest stopped: %s %s", error.code, error.message)
    report.stopped = Failure(report.index_url, error.code, error.message, error.hint)


def mark_interrupted(store: Store) -> int:
    """Mark as `interrupted` the runs left `running` by a process of this machine that is gone
    (killed, or the machine restarted); runs of live processes and other machines are left alone."""
    host = socket.gethostname()
    marked = 0
    for run in store.runs(50):
        if run.status != "running" or run.host != host:
            continue
        if run.pid != os.getpid() and alive(run.pid):
            continue
        run.status = "interrupted"
        store.record_run(run)
        marked += 1
        log.warning("run %s (started %s) was interrupted", run.run_id, run.started_at)
    return marked


BALANCED_TAIL = 100
"""Jobs at the end of a run with more than one worker that are handed out largest first
(`largest_last_first`)."""


def largest_last_first(jobs: list[Job]) -> list[Job]:
    """The jobs in the walk's order, but the last `BALANCED_TAIL` of them largest first (by bytes,
    a stable sort: files of one size keep their order).

    With two workers, a large file near the end of the walk ran alone: the other worker finished
    the rest and waited. In every sixth real document (978, walked in name order) the largest
    (217 KB, 0.3-0.5 s to extract, twenty times the average) was the very last, so the run's last
    half second used one core of two. Started first among the last hundred, it runs while the
    other worker takes the rest. Only the tail is reordered: the documents waiting for the writer
    are bounded in number, not size, and a run that began with the corpus's largest files would
    hold many of them at once."""
    if len(jobs) < 2:
        return jobs
    cut = max(0, len(jobs) - BALANCED_TAIL)
    return [*jobs[:cut], *sorted(jobs[cut:], key=lambda job: job.size, reverse=True)]


def _crash(job: Job) -> Failure:
    error = DubanError(E.EXTRACT_FAILED, path=readable(job.path), detail="工作进程意外退出")
    return Failure.of(job.source, error)


def _run(
    store: Store,
    report: RunReport,
    paths: Sequence[Path],
    recursive: bool,
    workers: int,
    shard: Shard | None,
    names: tuple[str, ...],
    progress: bool,
    limits: Limits,
    web: tuple[Sequence[str], FetchOptions | None] = ((), None),
) -> list[str]:
    """Ingest what the paths and URLs hold; the ids of the documents written (added, replaced
    or renamed), for `note_copies`."""
    candidates, missing, skipped, ignored = walk_files(paths, recursive, limits)
    own = index_files(store.url)
    copies = fetched_copies(store.url, web[1])
    found_all = len(candidates) + len(missing) + len(skipped)
    skipped = [f for f in skipped if f.source not in own and not f.source.startswith(copies)]
    candidates = [c for c in candidates if not c.source.startswith(copies)]
    missing = [f for f in missing if not f.source.startswith(copies)]
    ignored += found_all - len(candidates) - len(missing) - len(skipped)
    candidates = [c for c in candidates if in_shard(c.relative, shard)]
    urls, fetch = web
    if urls and fetch is not None:
        store.record_run(report)  # the run shows as running while the pages are fetched
        fetched, fetch_failed, fetch_skipped, report.fetch = fetched_candidates(
            [url for url in urls if in_shard(url, shard)], fetch, limits
        )
        known = {c.source for c in candidates}
        candidates += [c for c in fetched if c.source not in known]
        missing = [*missing, *fetch_failed]
        skipped = [*skipped, *fetch_skipped]
    skipped = skipped if shard is None or shard[0] == 1 else []  # listed once, by the first shard
    report.seen = len(candidates) + len(missing) + len(skipped)
    report.failures.extend(missing)
    report.skipped.extend(skipped)
    report.ignored = ignored
    for failure in (*missing, *skipped):
        log.warning("%s %s", failure.code, failure.message)
    store.record_run(report)
    stored = store.known_hashes(c.source for c in candidates)
    unknown = [c for c in candidates if c.source not in stored]
    if unknown and (workers > 1 or limits.isolated):
        start_server(worker_modules(unknown))  # it builds the extractors while the files are hashed
    del unknown
    jobs = _changed(store, candidates, report, stored)
    if workers > 1:
        jobs = largest_last_first(jobs)
    del candidates  # the jobs hold what is left to do; the walk's paths need not stay for the run
    writer = _Writer(store, report)
    try:
        with _Bar(progress, len(jobs)) as bar:
            for outcome in run_jobs(jobs, workers, names, limits=limits, release=True):
                bar.advance(outcome.job)
                if outcome.record is None:
                    failure = outcome.failure or _crash(outcome.job)
                    report.failures.append(failure)
                    report.over_time += failure.code == E.OVER_TIME.value.code
                    report.over_memory += failure.code == E.OVER_MEMORY.value.code
                    log.warning("%s %s", failure.code, failure.message)
                    continue
                writer.put(outcome)
        writer.finish()
    finally:
        writer.abandon()
    return writer.written


WRITE_BATCH = 64
"""Documents the writer gathers into one transaction: one commit per batch instead of per document.
FTS5 writes a transaction's pending terms out as one new segment at its commit (the tables hold up
to `sqlite.schema.FTS_HASHSIZE` of them: 64 real documents are still one segment a table, 16
segments for 1,000 documents against 32 with batches of 32, merging off), and every segment is
read and written again by the merges: batches of 64 made a quarter of the segments batches of 16
made, and with `FTS_AUTOMERGE` took the writer from 4.2 to 3.3 ms of CPU per document (1,800 real
documents, three runs each). Going from 32 to 64 again (stop 55, 1,000 real documents' rows
written as the writer writes them, three alternated pairs at load 7): COMMIT 3.1-3.6 → 2.7-2.8 ms
a document, the writer 7.1-8.3 → 6.9-7.2 (every pair faster, median 0.55 ms). The price is the
parent's memory, the pending terms of both tables and the batch's rows, bounded by the batch, not
by the run: that process's peak 10 MB higher there (340 against 330 MB, every row held); in an
ingest of 600 real documents with two workers the parent peaked at 54 MB, as with 32 (54-57).
Batches of 32 had been kept for a ×10 tree peak of 433 MB against 449 (3,000 real documents,
2 workers; the ×10 ingest must stay under 500 MB), before the writer's and the workers' memory
came down (the ×10 tree now about 380 MB). The source is written with a plain INSERT or UPDATE,
not an upsert, whose savepoint made FTS5 flush at every document (`sqlite.writing.write_row`).
A batch is all written or not at all, so a killed run still leaves each document whole; what it
loses is at most one batch of extraction, which the next run redoes."""
WRITE_SECONDS = 2.0
"""A batch is written this long after its first document even if not full, so a slow run shows its
documents soon."""
WRITE_QUEUE = 32
"""Documents extracted and waiting for the writer at most (about 100 KB each; a full batch,
`WRITE_BATCH`, when that is more), beside the batch it writes: room for what two workers extract
while a batch is written; when the writer falls further behind, the loop that feeds the workers
waits, so the memory the writer holds stays bounded."""
TRIM_BATCHES = 4
"""Batches the writer writes between two trims of the heap (`free_memory_returner`), and once more
at its end: 256 documents. Each trim hands back every free page of the process's heaps, and the
next batch, whose full-text terms and rows need as much memory as the last one's, faulted as many
fresh pages in again (the kernel zeroing each). Writing 1,000 real documents' rows as the writer
writes them, batches of 32, a trim after each against one every eight: 139,614 → 115,172 page
faults, the trims themselves 0.030 → 0.005 ms a document, the writer 0.3-1.0 ms a document less
in four alternated pairs of five (load 6-10, so the CPU figures are rough). What trimming is for
is the free heap a long run would otherwise keep (12-25 MB of the parent, measured with a trim
every ten batches of 32): between two trims the free pages are those the next batch reuses, and
in an ingest of 600 real documents with two workers the parent peaked at 54-55 MB, as with a
trim after each batch (54-57)."""


class _Writer:
    """The one writer, in a thread of its own: the loop that takes the workers' results and hands
    them their next files never waits for a write.

    Written from that loop, a batch held it for as long as its inserts took (FTS5 most of it, about
    10 ms a document): each worker finished the file it had, sent its result, found no next file
    and waited, and the longer the batch the longer the wait. SQLite lets go of the GIL while it
    executes, so the thread writes while the loop unpickles results and feeds the workers.

    The loop gathers the documents in a list the thread takes a batch at a time: the thread is
    woken by a batch's first document (to time it), when the batch is full, `WRITE_SECONDS` after
    its first document, or at the end; not for every document, as a queue woke it only to put each
    aside. Fewer wake-ups of a third busy
    thread on two cores leave the workers fewer interruptions.

    A SQLite connection belongs to the thread that opened it: the store is closed here and the
    thread opens its own, which only it uses until `finish`/`abandon` (the thread closes it again).
    An error that stops the writer (a full disk) is raised in the caller by the next `put` or by
    `finish`, as a write in the loop raised it before.
    """

    def __init__(self, store: Store, report: RunReport) -> None:
        self._store = store
        self._report = report
        self._actions: Counter[str] = Counter()
        self.written: list[str] = []  # ids of the documents added, replaced or renamed
        self._waiting: list[Outcome] = []
        self._due = 0.0  # when the first waiting document is written even if its batch is not full
        self._closed = False  # the last document has come
        lock = threading.Lock()
        self._ready = threading.Condition(lock)  # a batch to write (the thread waits on it)
        self._room = threading.Condition(lock)  # room in `_waiting` (the loop waits on it)
        self._error: BaseException | None = None
        self._stop = threading.Event()
        store.close()
        self._thread = threading.Thread(target=self._loop, name="duban-writer", daemon=True)
        self._thread.start()

    def put(self, outcome: Outcome | None) -> None:
        """Hand a document over (None: the last has come); waits while `WRITE_QUEUE` wait already,
        raises what stopped the writer."""
        while True:
            self._check()
            with self._ready:
                if outcome is None:
                    self._closed = True
                    self._ready.notify()
                    return
                if len(self._waiting) >= max(WRITE_QUEUE, WRITE_BATCH):
                    self._room.wait(0.25)
                    continue
                if not self._waiting:
                    self._due = time.monotonic() + WRITE_SECONDS
                self._waiting.append(outcome)
                if len(self._waiting) in (1, WRITE_BATCH):  # its clock starts, or it is full
                    self._ready.notify()
                return

    def finish(self) -> None:
        """Write what is waiting, end the thread, and raise what stopped it, if anything did."""
        self.put(None)
        self._thread.join()
        self._check()

    def abandon(self) -> None:
        """End the thread after the batch it is writing (an interrupted or failed run leaves the
        rest unwritten, as it did before); nothing once `finish` has ended it."""
        self._stop.set()
        with self._ready:
            self._ready.notify()
        self._thread.join()

    def _check(self) -> None:
        if self._error is not None:
            self._thread.join()  # the thread has closed its connection before the caller goes on
            raise self._error

    def _next_batch(self) -> list[Outcome] | None:
        """The next documents to write, once there is a full batch, one due, or the last; None
        when the thread is to end."""
        with self._ready:
            while not self._stop.is_set():
                if self._closed or len(self._waiting) >= WRITE_BATCH:
                    break
                left = self._due - time.monotonic() if self._waiting else None
                if left is not None and left <= 0:
                    break
                self._ready.wait(left)
            if self._stop.is_set() or (self._closed and not self._waiting):
                return None
            batch = self._waiting[:WRITE_BATCH]
            del self._waiting[:WRITE_BATCH]
            if self._waiting:
                self._due = time.monotonic() + WRITE_SECONDS
            self._room.notify()
            return batch

    def _loop(self) -> None:
        try:
            _writer_cache(self._store)
            give_back = free_memory_returner()
            batches = 0
            while (batch := self._next_batch()) is not None:
                _write_pending(self._store, batch, self._report, self._actions, self.written)
                del batch  # its documents' rows are freed before the memory is given back
                batches += 1
                if batches % TRIM_BATCHES == 0:
                    give_back()
            give_back()  # the run's end (the copies, the cross-check) starts with the heap trimmed
        except BaseException as exc:  # raised in the caller's thread by `_check`
            self._error = exc
        finally:
            self._store.close()


def free_memory_returner() -> Callable[[], object]:
    """glibc's `malloc_trim(0)`, which gives the system back the free pages of every heap of the
    process; a no-op where the C library has none (musl, macOS).

    Called by the writer every `TRIM_BATCHES` batches. The parent unpickles each document the workers send
    (about 100 KB of rows and tokens, many objects too large for Python's own allocator), and
    SQLite builds each batch's full-text terms in the writer thread's heap; freed, those pages stay
    with the process, since glibc returns only the free top of a heap, and another thread's
    allocations or a long-lived object above them hold the rest. Over 2,500 real documents the
    parent held 72 MB, 12-13 MB of it free (measured with a trim every ten batches)."""
    import ctypes

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):
        return lambda: None
    trim.argtypes = [ctypes.c_size_t]
    return functools.partial(trim, 0)


def _writer_cache(store: Store) -> None:
    """A SQLite store's connection in this thread only writes: give it the writer's small page
    cache (`sqlite.writing.as_writer`), not the 64 MB a searcher keeps, which held the parent's
    memory growing until it was full. The connection is closed with the thread, so a cross-check
    after the batch opens one with the searchers' cache again."""
    from duban.index.sqlite_store import SQLiteStore

    if isinstance(store, SQLiteStore):
        store.only_writes()  # the connection this thread opens and alone uses


def _write_pending(
    store: Store,
    pending: list[Outcome],
    report: RunReport,
    actions: Counter[str],
    written: list[str],
) -> None:
    """Write the gathered documents in one batch; if the store refuses the batch for one bad
    record, write them one by one, so that only that document fails."""
    if not pending:
        return
    try:
        results: list[WriteResult | None] = list(
            store.write_many([(outcome.record or {}, outcome.doc_id) for outcome in pending])
        )
    except DubanError as exc:
        if exc.kind is not E.INDEX_WRITE or _disk_full(exc):
            raise
        results = [None] * len(pending)
    except (ValueError, TypeError, KeyError):
        results = [None] * len(pending)
    for outcome, result in zip(pending, results, strict=True):
        _account(store, outcome, result, report, actions, written)


def _account(
    store: Store,
    outcome: Outcome,
    result: WriteResult | None,
    report: RunReport,
    actions: Counter[str],
    written: list[str],
) -> None:
    """Record one document's write in the report; `result` None means write it on its own."""
    try:
        if result is None:
            result = store.write(outcome.record or {}, outcome.doc_id)
        elif result.error is not None:  # a bulk write that refused this document only
            raise DubanError(E.INDEX_WRITE, url=store.url, detail=result.error)
        action: str = result.action
        if action == "linked" and _follow_rename(store, outcome, result):
            action = "renamed"
    except DubanError as exc:
        if exc.kind is not E.INDEX_WRITE or _disk_full(exc):
            raise
        report.failures.append(Failure.of(outcome.job.source, exc))
        log.warning("%s %s", exc.code, exc.message)
        return
    except (ValueError, TypeError, KeyError) as exc:  # a record the index cannot take (text
        # with lone surrogates, say): that file fails, the batch goes on
        error = DubanError(E.INDEX_WRITE, url=store.url, detail=f"{type(exc).__name__}: {exc}"[:200])
        report.failures.append(Failure.of(outcome.job.source, error))
        log.warning("%s %s: %s", error.code, readable(outcome.job.path), error.message)
        return
    if log.isEnabledFor(logging.INFO):  # the file's name is worked out only for a log that keeps it
        log.info("%s %s: %d measures", action, readable(outcome.job.file), result.measures)
    actions[action] += 1
    if action == "unchanged":
        report.unchanged += 1
    else:
        if action != "linked":
            written.append(result.doc_id)
        report.ingested += 1
        report.measures += result.measures
        report.bytes += outcome.job.size
    report.actions = dict(actions)


def index_files(url: str) -> frozenset[str]:
    """The sources of a SQLite index's own files (the database, its WAL, shared-memory and journal
    files): `duban ingest .` next to the default ./duban.db walks them, and reporting them as
    skipped would make every nightly run exit 3. Empty for Elasticsearch."""
    if url.startswith("sqlite:///"):
        url = url[len("sqlite:///") :].split("?", 1)[0]  # sqlite:///rel.db, sqlite:////abs.db
    if "://" in url or not url.strip():
        return frozenset()
    database = Path(url).absolute().resolve()
    return frozenset(
        source_of(database.with_name(database.name + suffix)) for suffix in ("", "-wal", "-shm", "-journal")
    )


def fetched_copies(url: str, fetch: FetchOptions | None) -> tuple[str, ...]:
    """Source prefixes of the folders that hold fetched pages (`<index>.fetched` beside a SQLite
    index, and `--fetched`'s): a walk that reaches them (`duban ingest -r .` beside ./duban.db)
    leaves them to the fetch, which ingests each copy under its URL. Walked as files, the copies
    would become second sources of their documents under a local path, and the manifest a skipped
    file that makes every nightly run exit 3."""
    from duban.pipeline.fetch import default_folder

    folders = {default_folder(url), fetch.folder if fetch is not None else None}
    return tuple(source_of(f.absolute().resolve()) + os.sep for f in folders if f is not None)


def _disk_full(error: DubanError) -> bool:
    """A write that failed for want of space stops the batch: every later write would fail too."""
    cause = error.__cause__
    text = f"{error.fields.get('detail', '')} {cause or ''}"
    return "full" in text or (isinstance(cause, OSError) and cause.errno == errno.ENOSPC)


def _follow_rename(store: Store, outcome: Outcome, result: WriteResult) -> bool:
    """A document stored under another path that no longer exists was renamed or moved: keep one
    document, under the new path only. (Written again because the store offers no way to drop one
    path of a document; its measure ids, made from the content hash, stay the same.)"""
    stored = store.get(result.doc_id)
    others = [s for s in (stored.sources if stored is not None else ()) if s != outcome.job.source]
    if not others or outcome.record is None or any(still_there(s) for s in others):
        return False
    store.delete(result.doc_id)
    store.write(outcome.record, outcome.doc_id)
    log.info("renamed: %s → %s", ", ".join(others), outcome.job.source)
    return True


def _changed(
    store: Store, candidates: list[Candidate], report: RunReport, known: Mapping[str, str] | None = None
) -> list[Job]:
    """The files whose content hash differs from what the index holds for their source (a member
    of an archive by its own bytes, so an unchanged member of a re-sent archive stays unchanged);
    `known`: the index's hashes of their sources, when read already."""
    from duban.pipeline.archives import source_bytes  # no loader: zipfile only, for members

    if known is None:
        known = store.known_hashes(c.source for c in candidates)
    jobs: list[Job] = []
    for candidate in candidates:
        try:
            data = source_bytes(candidate.path, readable(candidate.path))
        except OSError as exc:
            from duban.pipeline.loaders import os_error  # the loaders load only for this

            error = os_error(exc, readable(candidate.path))
            report.failures.append(Failure.of(candidate.source, error))
            log.warning("%s %s", error.code, error.message)
            continue
        except DubanError as error:  # a damaged or encrypted member of an archive
            report.failures.append(Failure.of(candidate.source, error))
            log.warning("%s %s", error.code, error.message)
            continue
        if known.get(candidate.source) == content_hash(data):
            report.unchanged += 1
            continue
        jobs.append(Job(candidate.file, candidate.source, len(data)))
    return jobs


class _Bar:
    """A Rich progress bar on stderr, only when asked for and stderr is a terminal."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._progress: Any = None
        if enabled and total:  # rich loads only for a bar that may be shown
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            console = Console(stderr=True)
            if console.is_terminal:
                self._progress = Progress(
                    TextColumn("入库"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeRemainingColumn(),
                    TextColumn("{task.description}"),
                    console=console,
                    transient=True,
                )
        self._task = self._progress.add_task("", total=total) if self._progress else None

    def __enter__(self) -> _Bar:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, job: Job) -> None:
        """One more file done; its name is shown (and made from its path) only when a bar is."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, advance=1, description=job.path.name)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
