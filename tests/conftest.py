"""Shared fixtures: paths to the shared corpus (used by path, never copied) and small builders."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from duban.base.model import DocKind, Document, RawDocument, RawPage
from duban.base.stored import StoredDocument
from duban.extractors.deadlines import DeadlineFinder
from duban.extractors.progress import ProgressFinder
from duban.extractors.registry import get_extractors
from duban.extractors.units import UnitFinder
from duban.index import open_store
from duban.pipeline.extract import build_document, extract_document, extract_file
from duban.pipeline.status import check_store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The shared corpus beside the checkout; tests that need it skip with a reason without it."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip("../shared/corpus is not beside this checkout")
    return SHARED


def make_doc(text: str, source: str = "test.txt") -> Document:
    """A built (normalised, structured) document from text written in a test."""
    return build_document(RawDocument(source=source, format="text", pages=[RawPage(1, text, "text")]))


@pytest.fixture(scope="session")
def unit_finder() -> UnitFinder:
    """The default unit finder, built once for every unit test."""
    return UnitFinder.default()


@pytest.fixture(scope="session")
def deadline_finder() -> DeadlineFinder:
    """The default deadline finder, built once for every deadline test."""
    return DeadlineFinder.default()


@pytest.fixture(scope="session")
def progress_rules() -> ProgressFinder:
    """The progress finder with its rules alone (no learned additions), built once."""
    return ProgressFinder.default(learned=False)


@pytest.fixture(scope="session")
def progress_finder() -> ProgressFinder:
    """The default progress finder (rules and learned additions), built once."""
    return ProgressFinder.default()


def progress_pairs(finder: ProgressFinder, title: str, body: str, kind: DocKind) -> list[tuple[str, str]]:
    """The (status, text) of each statement `finder` reads in a document of `kind` titled `title`."""
    doc = make_doc(title + "\n" + body)
    doc.meta.kind = kind
    return [(p.status, p.text) for p in finder.find(doc)]


def record(text: str, name: str) -> StoredDocument:
    """A document extracted from `text` by the rules as the index would return it, with `name` as its id."""
    raw = RawDocument(source=name, format="text", pages=[RawPage(1, text, "text")])
    doc = extract_document(build_document(raw, name), get_extractors(("rules",)))
    return StoredDocument.from_json({**doc.to_json(include_text=True), "doc_id": name})


def checked_index(root: Path, texts: Iterable[tuple[str, str]], as_of: str) -> str:
    """Index each `(file name, text)` as a file under `root` in a SQLite file there, then
    cross-check the index as of `as_of` with statuses saved (as `duban crosscheck --save` leaves
    it): the index URL, for tests of what the ledger, the reminders and the pages show."""
    url = f"sqlite:///{root / 'index.db'}"
    with open_store(url) as store:
        for name, text in texts:
            path = root / name
            path.write_text(text, encoding="utf-8")
            doc = extract_file(path, name)
            store.write(doc.to_json(include_text=True), doc.doc_id)
        check_store(store, as_of)
    return url


def write_corpus(path: Path, rows: list[dict[str, str]]) -> Path:
    """`rows` written as a corpus miners read (`docs.jsonl.gz`, one JSON object a line) at `path`."""
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    return path


def unit_names(finder: UnitFinder, text: str) -> list[str]:
    """The names of the units `finder` finds in `text`, in order."""
    return [u.name for u in finder.find(text)]


def cli_in_fresh_process(*args: str) -> tuple[set[str], str]:
    """Run `duban ARGS` in a fresh interpreter (this one has loaded everything): the modules it
    holds afterwards, and what it printed."""
    code = (
        "import sys; from duban.pipeline.cli import main; sys.argv = ['duban', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    return set(done.stderr.split()), done.stdout
