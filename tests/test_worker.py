"""Worker processes: each keeps the next job queued, and a job queued behind one that fails is
never lost with its worker."""

from __future__ import annotations

import os
import time
from pathlib import Path

from duban.base.limits import Limits
from duban.pipeline.worker import Stopped, run_isolated


def touch(path: str) -> str:
    """A task that leaves a trace of having run; the file `crash` kills its worker."""
    if Path(path).name == "crash":
        os._exit(3)
    Path(path).write_text("ran", encoding="utf-8")
    return Path(path).name


def test_the_worker_starts_the_next_job_while_the_parent_holds_a_result(tmp_path: Path) -> None:
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    results = run_isolated([first, second], touch, 1, Limits())
    assert next(results) == (first, "first")
    for _ in range(600):  # the parent has not asked for more: the worker went on by itself
        if Path(second).exists():
            break
        time.sleep(0.05)
    assert Path(second).exists()
    assert list(results) == [(second, "second")]


def test_jobs_queued_behind_a_dying_worker_run_in_order_on_the_next(tmp_path: Path) -> None:
    names = ["a", "crash", "b", "c"]
    results = list(run_isolated([str(tmp_path / n) for n in names], touch, 1, Limits()))
    assert [Path(job).name for job, _ in results] == names
    crashed = results[1][1]
    assert isinstance(crashed, Stopped) and crashed.reason == "crash" and "3" in crashed.detail
    assert [value for _, value in results if not isinstance(value, Stopped)] == ["a", "b", "c"]
    assert all((tmp_path / n).exists() for n in ("a", "b", "c"))


def test_two_workers_run_every_job_once(tmp_path: Path) -> None:
    names = [f"doc{i}" for i in range(9)] + ["crash"]
    results = list(run_isolated([str(tmp_path / n) for n in names], touch, 2, Limits()))
    assert sorted(Path(job).name for job, _ in results) == sorted(names)
    stopped = [Path(job).name for job, value in results if isinstance(value, Stopped)]
    assert stopped == ["crash"]
