"""What an ingest's workers hold in memory: one jieba-rs dictionary (the segmenter's, read by the
fork server), not also the one `import rjieba` builds for its module functions; and no more than
`worker.RETIRE_GROWTH_MB` gained over a long batch, when a fresh worker takes over; and an
ingest's parent lets go of each job once handed out."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from duban.base.limits import Limits
from duban.index import segment
from duban.pipeline.ingest import Job, Outcome, run_jobs
from duban.pipeline.worker import RETIRE_GROWTH_MB, Stopped, run_isolated
from tests.growing_task import grow

needs_rjieba = pytest.mark.skipif(
    not segment.rjieba_available(), reason="rjieba (a dependency) has no wheel installed here"
)

_WORKER = """
import json
import platform
from duban.base.limits import Limits
from duban.pipeline.ingest import worker_modules, Job
from duban.pipeline.worker import run_isolated
from tests.test_worker_memory import dictionaries_in_worker

preload = worker_modules([Job("/docs/a.txt", "/docs/a.txt", 10)])
print(json.dumps(dict(run_isolated(["probe"], dictionaries_in_worker, 1, Limits(), preload))["probe"]))
"""


def dictionaries_in_worker(_: str) -> tuple[str, bool, list[str]]:
    """Run in a worker: the segmenter's kind, whether rjieba's package (and with it its module-level
    `Jieba()`, the whole dictionary again) was imported, and the segmenter's tokens of a phrase."""
    from duban.index.analysis import DEFAULT_USER_DICT
    from duban.index.segment import shared

    bulk = shared(DEFAULT_USER_DICT)._bulk
    assert bulk is not None
    return type(bulk).__name__, "rjieba" in sys.modules, bulk.cut_for_search("市发展改革委牵头落实")


@needs_rjieba
def test_an_ingest_worker_holds_the_segmenters_dictionary_only() -> None:
    """In a fresh process: this one's fork server may be running already, with other modules."""
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", _WORKER], cwd=root, capture_output=True, text=True, timeout=180, check=True
    ).stdout
    kind, package_imported, words = json.loads(out)
    assert kind == "RJiebaSegmenter"
    assert not package_imported, "rjieba's __init__ ran: a second dictionary in every worker"
    assert "发展改革委" in words or "市发展改革委" in words


@needs_rjieba
def test_the_class_loaded_alone_is_rjiebas_and_the_package_still_imports() -> None:
    """The compiled module loaded on its own gives the package's own class, segmenting alike; an
    `import rjieba` afterwards (another part of the program) works and finds the same class."""
    code = (
        "import sys\n"
        "from duban.index.segment import jieba_class\n"
        "alone = jieba_class()\n"
        "before = 'rjieba' in sys.modules\n"
        "import rjieba\n"
        "text = '国务院办公厅关于进一步加强督查工作的通知'\n"
        "print(before, alone is rjieba.Jieba,"
        " alone().cut_for_search(text, False) == rjieba.Jieba().cut_for_search(text, False))\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert out.split() == ["False", "True", "True"]


def test_a_worker_that_has_grown_leaves_and_a_fresh_one_does_the_jobs_after_it() -> None:
    """Each `grow` job leaves its worker 40 MB larger, over `RETIRE_GROWTH_MB`: the worker answers
    it and leaves, and the jobs queued behind it run, in order, on a fresh worker."""
    assert RETIRE_GROWTH_MB < 40
    jobs = ["keep1", "keep2", "grow1", "keep3", "keep4", "grow2", "keep5"]
    results = list(run_isolated(jobs, grow, 1, Limits()))
    assert [job for job, _ in results] == jobs
    assert not any(isinstance(value, Stopped) for _, value in results)
    pids = [value[1] for _, value in results if not isinstance(value, Stopped)]
    assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5] != pids[6]
    assert len(set(pids)) == 3


def test_a_grown_worker_whose_answer_cannot_be_sent_stays_for_the_job_queued_behind() -> None:
    """The answer to its last job fails to pickle, so the worker sends that job's failure instead
    and may not leave: the parent, told nothing of leaving, reads the next answer from it."""
    results = list(run_isolated(["grow-unsent", "keep"], grow, 1, Limits()))
    assert [job for job, _ in results] == ["grow-unsent", "keep"]
    failed, kept = results[0][1], results[1][1]
    assert isinstance(failed, Stopped) and "pickle" in failed.detail.lower()
    assert not isinstance(kept, Stopped) and kept[0] == "keep"


def test_two_workers_that_grow_still_run_every_job_once() -> None:
    jobs = [f"grow{i}" if i % 3 == 0 else f"keep{i}" for i in range(12)]
    results = list(run_isolated(jobs, grow, 2, Limits()))
    assert sorted(job for job, _ in results) == sorted(jobs)
    assert not any(isinstance(value, Stopped) for _, value in results)
    assert len({value[1] for _, value in results if not isinstance(value, Stopped)}) >= 4


def named(job: Job, names: tuple[str, ...]) -> Outcome:
    """A task that extracts nothing: the outcome names its job."""
    return Outcome(job, {"source": job.source}, "id-" + job.path.name)


def test_the_jobs_handed_out_are_let_go_of_as_the_batch_goes(tmp_path: Path) -> None:
    """An ingest's parent (`release`) keeps only the jobs not yet handed out; each job is held by
    its outcome from then on. Run in this process (no limits, one worker): the list is read at each
    outcome, in the order of the files."""
    jobs = [Job(tmp_path / f"{name}.txt", str(tmp_path / f"{name}.txt"), 1) for name in "abcd"]
    held = list(jobs)
    left = []
    for outcome in run_jobs(jobs, 1, ("rules",), named, Limits(timeout=0, memory_mb=0), release=True):
        left.append(sorted(job.path.stem for job in jobs))
        assert outcome.job is held[len(left) - 1]
    assert left == [["b", "c", "d"], ["c", "d"], ["d"], []]
    kept = list(held)
    assert [o.doc_id for o in run_jobs(kept, 1, ("rules",), named, Limits(timeout=0, memory_mb=0))] == [
        "id-a.txt",
        "id-b.txt",
        "id-c.txt",
        "id-d.txt",
    ]
    assert kept == held, "without `release` the caller's list is left as it was"


_TRIMMED = """
import ctypes
from duban.pipeline.ingest import free_memory_returner

def resident_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20

libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
chunks = [libc.malloc(32 << 10) for _ in range(1280)]  # 40 MB in the heap (under mmap's threshold)
for chunk in chunks:
    ctypes.memset(chunk, 1, 32 << 10)
for chunk in chunks[:-1]:  # all free but the last: the top of the heap stays in use
    libc.free(chunk)
held = resident_mb()
free_memory_returner()()
print(held - resident_mb())
"""


@pytest.mark.skipif(
    platform.libc_ver()[0] != "glibc" or not Path("/proc/self/statm").exists(), reason="glibc"
)
def test_the_writers_free_heap_pages_go_back_to_the_system() -> None:
    """What the ingest writer calls every few batches: free pages below a heap's top, which glibc
    keeps on its own, leave the process."""
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", _TRIMMED], cwd=root, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert float(out) > 30
