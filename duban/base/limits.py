"""Bounds on the work one file may cost, on by default so that one hostile or broken file cannot
hold a nightly batch: a wall-clock limit per file, an address-space limit per worker process, and
the uncompressed size and element count of a Word file, checked before it is parsed.

`Limits` travels to each worker, which calls `apply_in_worker` once; loaders read the active
limits with `current()` because their signature (`path, source`) is shared by every loader.
"""

from __future__ import annotations

import logging
import resource
from dataclasses import dataclass

log = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Per-file limits; 0 switches one off.

    The defaults fit the largest real documents seen (a 50 MB text extracts in minutes, a 300-page
    PDF in under one) with room to spare, and stop zip bombs long before they fill the memory.
    """

    timeout: float = 600.0  # seconds of wall-clock time for one file
    memory_mb: int = 6144  # address space of one worker process
    docx_max_mb: int = 200  # uncompressed size of all parts of a .docx
    docx_max_elements: int = 2_000_000  # XML elements in word/document.xml
    ocr_max_pages: int = 50  # pages of one scanned PDF read by OCR (about 4 s a page)

    @property
    def isolated(self) -> bool:
        """Whether files must run in worker processes (a killable time or a memory bound is set)."""
        return self.timeout > 0 or self.memory_mb > 0


_active = Limits()


def current() -> Limits:
    """The limits in force in this process (the defaults unless `configure` was called)."""
    return _active


def configure(limits: Limits) -> None:
    """Make `limits` the ones loaders see in this process."""
    global _active
    _active = limits


def apply_in_worker(limits: Limits) -> None:
    """In a worker process: cap its address space, so a runaway allocation raises MemoryError there
    instead of pushing the machine into swap, and make the limits the ones loaders see."""
    configure(limits)
    if limits.memory_mb > 0:
        wanted = limits.memory_mb * MB
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            wanted = min(wanted, hard)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
        except (ValueError, OSError) as exc:
            log.warning("could not set the memory limit of a worker: %s", exc)
