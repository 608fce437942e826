"""Whether a process still runs, for what a process leaves behind it: an ingest run recorded as
running (`pipeline.ingest`) and a worker's temporary folder (`pipeline.archives`) are another
process's only while that process is alive."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """Whether process `pid` runs on this machine; True when that cannot be told (another user's
    process, a number no process can have), so that nothing of a live process is taken for dead."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True
