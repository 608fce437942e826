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
from duban.pipeline.ingest import Job, loader_modules, run_jobs


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
    assert seen == [["duban.pipeline.loaders.pdf", "duban.pipeline.loaders.text"]]


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
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", _CHILD], cwd=root, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert out.strip() == "['duban.pipeline.extract', 'duban.pipeline.loaders.text']"
