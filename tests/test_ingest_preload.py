"""What the fork server imports for a batch: the extractors, and the loaders of the file types
the batch holds, no others (what the server holds is resident in every worker it forks)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from duban.base.limits import Limits
from duban.pipeline import ingest as ingest_module
from duban.pipeline.ingest import SEGMENTER_PRELOAD, Job, loader_modules, run_jobs


def jobs(*names: str) -> list[Job]:
    return [Job(f"/docs/{name}", f"/docs/{name}", 10) for name in names]


def test_only_the_loaders_of_the_batch_file_types_are_named() -> None:
    assert loader_modules(jobs("a.txt", "b.TXT", "c.md")) == ["duban.pipeline.loaders.text"]
    assert loader_modules(jobs("a.txt", "b.pdf", "c.docx")) == [
        "duban.pipeline.loaders.docx",
        "duban.pipeline.loaders.pdf",
        "duban.pipeline.loaders.text",
    ]
    assert loader_modules(jobs("noted.xyz")) == []


def test_the_workers_are_started_with_the_batch_loaders(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Any] = []

    def spied(found: list[Job], task: Any, workers: int, limits: Limits, preload: Any = ()) -> Iterator[Any]:
        seen.append(list(preload))
        return iter(())

    monkeypatch.setattr(ingest_module, "run_isolated", spied)
    assert list(run_jobs(jobs("a.html", "b.pdf"), 2, ("rules",), limits=Limits())) == []
    assert seen == [["duban.pipeline.loaders.pdf", "duban.pipeline.loaders.text", SEGMENTER_PRELOAD]]


_CHILD = """
import sys
from duban.base.limits import Limits
from duban.pipeline.worker import run_isolated
from tests.test_ingest_preload import loaded

names = ["duban.pipeline.loaders.text", "duban.pipeline.loaders.pdf", "duban.pipeline.extract"]
found = dict(run_isolated(names, loaded, 1, Limits(), ["duban.pipeline.loaders.text"]))
print(sorted(name for name, value in found.items() if value))
"""


def loaded(module: str) -> bool:
    """Run in a worker: whether `module` was imported before its job came (by the fork server)."""
    return module in sys.modules


def test_a_new_fork_server_imports_the_extractors_and_the_loaders_named_only(tmp_path: Path) -> None:
    """In a fresh process (this one's fork server may be running already, with other modules)."""
    out = _printed_by_fresh_process(_CHILD)
    assert out.strip() == "['duban.pipeline.extract', 'duban.pipeline.loaders.text']"


def _printed_by_fresh_process(code: str) -> str:
    """What `code` prints, run by a new interpreter from the repository's root."""
    root = Path(__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120, check=True
    ).stdout


_SHARED = """
from duban.base.limits import Limits
from duban.pipeline.ingest import worker_modules, Job
from duban.pipeline.worker import run_isolated
from tests.test_ingest_preload import ready_before_the_job

preload = worker_modules([Job("/docs/a.txt", "/docs/a.txt", 10)])
print(dict(run_isolated(["probe"], ready_before_the_job, 1, Limits(), preload))["probe"])
"""


def ready_before_the_job(_: str) -> tuple[bool, bool]:
    """Run in a worker: whether the segmenter's whole dictionary came with the fork, and whether
    what the server built is out of the collector's walks."""
    import gc

    from duban.index.analysis import DEFAULT_USER_DICT
    from duban.index.segment import shared

    return shared(DEFAULT_USER_DICT)._bulk is not None, gc.get_freeze_count() > 0


def test_an_ingest_worker_is_forked_with_the_segmenter_read(tmp_path: Path) -> None:
    """Read once in the fork server, its pages shared by every worker, not read again in each."""
    out = _printed_by_fresh_process(_SHARED)
    assert out.strip() == "(True, True)"


def _spy_runs(monkeypatch: pytest.MonkeyPatch) -> tuple[list[list[str]], list[list[str]]]:
    """What `start_server` was asked to preload, and which files `run_jobs` got, in order."""
    started: list[list[str]] = []
    handed: list[list[str]] = []

    def start(preload: Any = ()) -> None:
        started.append(list(preload))

    def run(found: list[Job], workers: int, names: Any, **kwargs: Any) -> Iterator[Any]:
        handed.append([Path(job.file).name for job in found])
        return iter(())

    monkeypatch.setattr(ingest_module, "start_server", start)
    monkeypatch.setattr(ingest_module, "run_jobs", run)
    return started, handed


def test_the_fork_server_starts_before_the_files_are_hashed_only_when_some_are_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_ingest import write_doc

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(3):
        write_doc(folder, i)
    url = f"sqlite:///{tmp_path / 'index.db'}"
    started, _ = _spy_runs(monkeypatch)
    ingest_module.ingest([folder], index_url=url, workers=2, progress=False)
    assert started == [["duban.pipeline.loaders.text", SEGMENTER_PRELOAD]]
    monkeypatch.undo()
    ingest_module.ingest(
        [folder], index_url=url, workers=1, progress=False, limits=Limits(timeout=0, memory_mb=0)
    )
    started, _ = _spy_runs(monkeypatch)
    ingest_module.ingest([folder], index_url=url, workers=2, progress=False)
    assert started == [], "every source is in the index: a nightly run with nothing new starts no server"


def test_with_two_workers_the_last_files_go_largest_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large file at the end of the walk ran alone while the other worker waited."""
    folder = tmp_path / "docs"
    folder.mkdir()
    total = ingest_module.BALANCED_TAIL + 5
    sizes = {f"f{i:03d}.txt": 10 + (i % 7) for i in range(total)}
    sizes["f104.txt"] = 500  # the walk's last file is the largest
    for name, size in sizes.items():
        (folder / name).write_text("字" * size, encoding="utf-8")
    walked = sorted(sizes)
    _, handed = _spy_runs(monkeypatch)
    for workers in (1, 2):
        ingest_module.ingest(
            [folder], index_url=f"sqlite:///{tmp_path / f'{workers}.db'}", workers=workers, progress=False
        )
    one, two = handed
    assert one == walked, "one worker keeps the walk's order"
    head = len(walked) - ingest_module.BALANCED_TAIL
    assert two[:head] == walked[:head]
    assert two[head] == "f104.txt"
    tail = walked[head:]
    assert two[head:] == sorted(tail, key=lambda name: -sizes[name]), "by size, ties in the walk's order"
