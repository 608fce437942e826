"""Orchestration: file → RawDocument → Document → structure, metadata → extractors → merged result.

`try_extract` is the form batch commands use: it never raises for a file, so one bad file cannot
end a run. A catalogued error stays as it is; anything else is E080 ("this is a bug") naming the file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from duban.base.errors import DubanError, E
from duban.base.identity import content_hash
from duban.base.limits import Limits, configure
from duban.base.model import Document, RawDocument
from duban.base.paths import readable, source_of
from duban.base.script import detect_script, to_simplified
from duban.extractors.registry import DEFAULT_EXTRACTORS, Extractors, get_extractors
from duban.pipeline.loaders import load, os_error
from duban.pipeline.worker import Stopped, run_isolated

if TYPE_CHECKING:
    from duban.pipeline.normalize import Normalised

log = logging.getLogger(__name__)


def build_document(raw: RawDocument, doc_id: str = "") -> Document:
    """Normalise a loaded document and parse its structure and metadata.

    The stages are imported here, not at the top: `duban extract` imports this module in the
    parent process only to hand files to workers, and the stages' rule files (layout, kinds,
    vocabulary) cost that process ~0.3 s of CPU. The workers load them with the extractors
    (`cached_extractors`), before their first file."""
    from duban.pipeline.metadata import parse_metadata
    from duban.pipeline.normalize import normalise
    from duban.pipeline.structure import parse_structure

    doc = document_of(raw, normalise(raw), doc_id)
    parse_structure(doc)
    doc.meta = parse_metadata(doc)
    return doc


def document_of(raw: RawDocument, norm: Normalised, doc_id: str = "") -> Document:
    """The Document of a normalised text, with its analysis view (simplified when the text is
    traditional); the step between normalisation and structure, named so that a benchmark can time
    each step of `build_document` without writing it again."""
    script = detect_script(norm.text)
    analysis = to_simplified(norm.text) if script == "traditional" else norm.text
    doc = Document(
        source=raw.source,
        format=raw.format,
        text=norm.text,
        analysis_text=analysis,
        script="traditional" if script == "traditional" else "simplified",
        pages=norm.pages,
        original_offsets=norm.offsets,
        warnings=list(raw.warnings),
        doc_id=doc_id,
    )
    return doc


def extract_document(doc: Document, extractors: Extractors) -> Document:
    """Run the chosen extractors over a built document and merge what they found into it."""
    extractors.run(doc)
    return doc


def extract_file(
    path: Path, source: str | None = None, extractors: Sequence[str] | Extractors = DEFAULT_EXTRACTORS
) -> Document:
    """The whole pipeline for one file, or for a member of a `.zip` (`path` `a.zip/b/c.docx`, as
    the walk names it); raises a catalogued `DubanError` for bad input."""
    from duban.pipeline.archives import member_file  # a member of a .zip is read from its bytes

    chosen = extractors if isinstance(extractors, Extractors) else get_extractors(tuple(extractors))
    source = source if source is not None else readable(path)
    with member_file(path, source) as (local, data):
        raw = load(local, source)
        if data is None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise os_error(exc, raw.source) from exc
    doc = build_document(raw, content_hash(data))
    return extract_document(doc, chosen)


def try_extract(path: Path, source: str | None, extractors: Extractors) -> Document | DubanError:
    """`extract_file` that returns its error instead of raising it, every error catalogued."""
    source = source if source is not None else source_of(path)
    try:
        return extract_file(path, source, extractors)
    except DubanError as exc:
        return readably(exc, path, source)
    except MemoryError:
        raise  # the worker reports it as over memory
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"[:300]
        log.exception("extraction of %s failed", readable(path))
        return DubanError(E.EXTRACT_FAILED, path=readable(path), detail=detail)


def readably(error: DubanError, path: Path, source: str) -> DubanError:
    """The error with the file named as a person reads it (a GBK name decoded, not `\\xNN`)."""
    shown = readable(path)
    if shown == source or source not in error.message:
        return error
    fields = {k: (shown if v == source else v) for k, v in error.fields.items()}
    return DubanError(error.kind, **fields)


@lru_cache(maxsize=4)
def cached_extractors(names: tuple[str, ...]) -> Extractors:
    """Built once per process (a worker keeps them for every file it is given). A process that
    builds extractors extracts: the stages `build_document` imports are loaded here too, so that
    the fork server that preloads the extractors (`worker_preload`) hands them to every worker."""
    import duban.pipeline.metadata
    import duban.pipeline.normalize
    import duban.pipeline.structure  # noqa: F401

    return get_extractors(names)


def extract_task(item: tuple[int, Path, str, tuple[str, ...]]) -> Document | DubanError:
    """A worker's job for `extract_many`: one file (and its place in the run) with the named
    extractors."""
    _, path, source, names = item
    return try_extract(path, source, cached_extractors(names))


def stopped_error(stopped: Stopped, path: Path, limits: Limits) -> DubanError:
    """The catalogued error for a file whose worker was stopped by a limit or died."""
    if stopped.reason == "timeout":
        return DubanError(E.OVER_TIME, path=readable(path), limit=f"{limits.timeout:g}")
    if stopped.reason == "memory":
        return DubanError(E.OVER_MEMORY, path=readable(path), limit=str(limits.memory_mb))
    return DubanError(E.EXTRACT_FAILED, path=readable(path), detail=stopped.detail)


REORDER_WINDOW = 64
"""Results of several workers held back at most, waiting for a file given before them
(`extract_many`): a few MB of documents."""


def extract_many(
    files: Iterable[tuple[Path, str]], names: tuple[str, ...], limits: Limits, workers: int = 1
) -> Iterator[tuple[Path, str, Document | DubanError]]:
    """Each file's document or catalogued error, under `limits`: in worker processes that are
    killed when a file runs over time when any process-level limit is set, else in this process.
    The files come back in the order given, also from several workers: a result that finishes
    before those given ahead of it waits for them, so the output of a run does not depend on how
    many workers made it. At most `REORDER_WINDOW` results wait: a file that takes long (a large
    PDF, up to the time limit) is passed over then and comes when it is done, rather than hold
    every document extracted meanwhile in memory."""
    if not limits.isolated and workers <= 1:
        configure(limits)
        chosen = cached_extractors(names)
        for path, source in files:
            yield path, source, try_extract(path, source, chosen)
        return
    items = ((i, path, source, names) for i, (path, source) in enumerate(files))
    done = (
        (i, (path, source, stopped_error(result, path, limits) if isinstance(result, Stopped) else result))
        for (i, path, source, _), result in run_isolated(items, extract_task, workers, limits)
    )
    yield from in_order(done, REORDER_WINDOW)


T = TypeVar("T")


def in_order(numbered: Iterable[tuple[int, T]], window: int) -> Iterator[T]:
    """The items of `numbered` (each with its position 0, 1, 2 … given once, in any order) in the
    order of their positions, holding at most `window` back: when more wait, those missing before
    them are passed over and each comes as soon as it arrives."""
    waiting: dict[int, T] = {}
    after = 0  # the position of the next item to give
    for i, item in numbered:
        if i < after:  # passed over while the window was full
            yield item
            continue
        waiting[i] = item
        if len(waiting) > window:
            after = min(waiting)
        while after in waiting:
            yield waiting.pop(after)
            after += 1
