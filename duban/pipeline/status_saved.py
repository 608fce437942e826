"""The ledger from the statuses the last cross-check of every directive saved, while nothing changed.

A cross-check reads every document of the index (over the 5,864 real documents about 3 minutes and
3 GB), and `duban ledger` ran one each time. What the ledger shows of a measure follows from what
that check saved with its status (the evidence and the status before deadlines) and from the
measure itself: its due date and its status as of another day come out of `measure_status`, the
function the check itself uses. So while the index is at the generation the check saw (`Store.
generation`: any document written, replaced or deleted changes it; statuses and corrections do
not), the ledger reads the saved statuses instead of checking again, and it is the same ledger
(tested on a real index file against a fresh check, on the day of the check and on a later day).

A directive counts when every one of its measures carries that generation; statuses an earlier
check left on a document it no longer took as a directive carry another and are passed over. A
directive saved in part, or saved without the marks (by an earlier version of duban, or by a check
of one directive that found no mark to keep), means no saved ledger: the caller checks again.

Only the documents whose saved statuses carry the generation are read (`Store.saved_documents`):
the others, never checked as directives or left by an earlier check, are passed over in the
store, where reading every document of the index whole (as `iter_documents` gives them) took
most of the ~40 s of CPU the web app spent on its first ledger after a start.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from duban.base.stored import ChangeNote, StoredEvidence
from duban.index.store import StatusUpdate, Store
from duban.pipeline.crosscheck import doc_ref
from duban.pipeline.status import CheckResult, DirectiveCheck, Evidence, measure_status, saved_mark

log = logging.getLogger(__name__)


def saved_check(store: Store, as_of: str, write_back: bool = True) -> CheckResult | None:
    """The ledger's part of the last full cross-check, brought to `as_of`, or None when the index
    changed since (or no full check saved its marks): then run `check_store`. The result has no
    links; it is what `ledger.ledger_rows` reads. With `write_back`, statuses that `as_of`
    changes (a due date passed since the check) are written back, as the check would write them
    (the web app, which never writes statuses, leaves them)."""
    generation = store.generation()
    with collector_paused():
        found = _directives(store, generation, as_of)
    if found is None:
        return None
    placed, changed = found
    if changed and write_back:  # recorded as changes where the status itself moved
        store.update_statuses(changed, ChangeNote(as_of, "due date passed"))
    log.info("ledger from the statuses saved at this index generation (%d directives)", len(placed))
    placed.sort(key=lambda item: item[0])
    return CheckResult([check for _, check in placed], [], as_of, saved=True)


def _directives(
    store: Store, generation: str, as_of: str
) -> tuple[list[tuple[int, DirectiveCheck]], list[StatusUpdate]] | None:
    """Each directive the check at `generation` marked, with its place in the check's order and
    its measures' statuses as of `as_of`, and the statuses `as_of` changes; None when a directive
    is marked in part (or without the statuses before deadlines) or none is marked."""
    placed: list[tuple[int, DirectiveCheck]] = []
    changed: list[StatusUpdate] = []
    for record in store.saved_documents(generation):
        saved = [m.status_evidence for m in record.measures]
        marked = [s for s in saved if s is not None and s.generation == generation]
        if not marked:
            continue  # a backend may give more than it must; the statuses decide
        mark = saved_mark(record, generation)  # every measure saved by one check, in one place
        if mark is None or any(s.basis is None for s in marked):
            log.info("saved statuses of %s are partial: the ledger checks again", record.doc_id)
            return None
        position = mark[1]
        statuses = []
        for ordinal, kept in enumerate(marked):
            status = measure_status(record, ordinal, [_evidence(e) for e in kept.evidence], as_of, kept.basis)
            statuses.append(status)
            if (status.status, status.due, status.why) != (kept.status, kept.due, kept.why):
                evidence = {**status.evidence_json(), "generation": generation, "position": position}
                changed.append((status.measure_id, status.status, evidence))
        placed.append((position, DirectiveCheck(doc_ref(record), record, [], statuses)))
    return (placed, changed) if placed else None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the ledger is built, and back on after (unless it was
    off already). The ledger of the real index is some two million objects that all live on
    (140,000 measures' records, statuses and 260,000 passages of evidence) and none of which
    form a cycle: the collector went through them again and again as they grew and took a third
    of the CPU (20 s to 13 s in one process, bench_ledger.py --saved). Whatever they leave is
    freed by reference counting as before; a cycle some other thread makes meanwhile waits for
    the next collection."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _evidence(saved: StoredEvidence) -> Evidence:
    return Evidence(
        text=saved.text,
        status=saved.status,
        source=saved.source,
        doc_id=saved.doc_id,
        relation=saved.relation,
        score=saved.score,
        date=saved.date,
    )
