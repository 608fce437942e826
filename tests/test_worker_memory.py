"""What an ingest's fork server, and so every worker it forks, holds in memory: one jieba-rs
dictionary (the segmenter's), not also the one `import rjieba` builds for its module functions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from duban.index import segment

pytestmark = pytest.mark.skipif(
    not segment.rjieba_available(), reason="rjieba (a dependency) has no wheel installed here"
)

_WORKER = """
import json
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
