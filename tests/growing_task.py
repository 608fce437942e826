"""A task for worker processes that grows its worker on request (tests/test_worker_memory.py).
Its own module, importing nothing beyond the standard library: a worker imports the module of its
task with the first job, and a heavy import would count as growth of its own."""

from __future__ import annotations

import os
from typing import Any

_KEPT: list[bytes] = []


def grow(job: str) -> tuple[str, Any]:
    """The job and this worker's pid; a job named `grow…` also keeps 40 MB for good (written, so
    resident), as a worker's caches and fragmented heap grow over a long batch; `…unsent` gives a
    result that cannot be pickled (a function) in place of the pid."""
    if job.startswith("grow"):
        _KEPT.append(b"x" * (40 << 20))
    return job, (lambda: None) if job.endswith("unsent") else os.getpid()
