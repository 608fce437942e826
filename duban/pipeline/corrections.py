"""Staff corrections: a 督办 officer sets a measure's status by hand, with a note and their name.

The cross-check computes statuses; staff know things no document says (a phone call, a site
visit, a task withdrawn). A correction is stored in the index apart from the documents and is laid
over the computed status wherever a status is shown (ledger, pages, Excel), marked as set by hand.

A correction names its measure by the directive's document id and a hash of the measure's text
(`key`), and also remembers the directive's source paths. So it survives:

* re-ingesting the same file (same document id, same measure text),
* a re-check (statuses are recomputed; corrections are never touched by the cross-check),
* a new version of the file at the same path whose measure text is unchanged (new document id,
  same source and text hash), and the same file moved to a new path (same document id),
* the same directive stored under another path (`pipeline.copies`): a correction of a copy's task
  is made again on the same task of the directive that governs it, when it is marked and when
  the correction is made later; and back, when that directive is deleted and the copy returns.

A measure whose text changed is a different measure: the correction no longer applies, which is
what staff expect when the directive itself was rewritten. Undo marks a correction undone (kept
for the record); the previous active correction of the same measure, if any, applies again. An
undo of a correction carried between copies undoes the one it came from and the others carried
with it (`follows`), so set and undo stay symmetric; one made by hand on the other copy stays.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

from duban.base.errors import DubanError, E
from duban.base.stored import Correction, StoredDocument, StoredMeasure
from duban.base.vocab import status_label
from duban.index.corrections import ActiveCorrections, correction_key, text_hash
from duban.index.filters import STATUSES, parse_filters
from duban.index.store import Store
from duban.pipeline.copies import follow_corrections

__all__ = [
    "Correction",
    "Overlay",
    "carried_with",
    "history",
    "parse_status",
    "set_status",
    "undo",
    "undo_carried",
]

log = logging.getLogger(__name__)

MAX_NOTE = 500
MAX_BY = 40
_SPACE = re.compile(r"\s+")


def parse_status(value: str) -> str:
    """A status name or its Chinese label (已完成, 滞后, …); E072 (STATUS_INVALID) for anything
    else, with the statuses that can be set: a correction's status is no search filter (E050)."""
    try:
        status = parse_filters(status=value.strip()).status
    except DubanError:  # the filter's own refusal names search's values and help
        status = None
    if status is None or status not in STATUSES:
        allowed = "、".join(f"{k} {status_label(k)}" for k in STATUSES)
        raise DubanError(E.STATUS_INVALID, value=value, allowed=allowed)
    return status


class Overlay:
    """The active corrections as `Correction`s, looked up by measure with the stores' own rule
    (`index.corrections.ActiveCorrections`), so the pages and the status filter cannot disagree."""

    def __init__(self, corrections: Iterable[Correction]) -> None:
        kept = list(corrections)
        self._by_id = {c.id: c for c in kept}
        self._active = ActiveCorrections(c.to_json() for c in kept)

    @classmethod
    def load(cls, store: Store) -> Overlay:
        return cls(store.corrections())

    def __len__(self) -> int:
        return len(self._active)

    @property
    def key(self) -> tuple[tuple[str, str, str, str, str], ...]:
        """What tells one set of corrections from another (each correction's id, measure, status
        and times): a cache of what the corrections decide (`web.cache.UnitIndexCache`) is made
        again when it changes, as by a new correction or an undo."""
        return tuple(sorted((c.id, c.key, c.status, c.at, c.undone_at or "") for c in self._by_id.values()))

    def find(self, doc_id: str, sources: Sequence[str], text: str) -> Correction | None:
        found = self._active.find(doc_id, sources, text)
        return None if found is None else self._by_id[str(found["id"])]


_FIELD_NAMES = {"note": "说明（note）", "by": "经办人（by）"}


def _clean(value: str | None, name: str, limit: int, required: bool) -> str:
    """The text of a correction's field with its spaces folded; staff read the refusal in Chinese
    (the field named as the form and the option call it)."""
    text = _SPACE.sub(" ", value or "").strip()
    shown = _FIELD_NAMES.get(name, name)
    if required and not text:
        raise DubanError(E.CORRECTION_FIELD, detail=f"的{shown}必须填写")
    if len(text) > limit:
        raise DubanError(E.CORRECTION_FIELD, detail=f"的{shown}不能超过 {limit} 个字（现有 {len(text)} 个）")
    return text


def find_measure(record: StoredDocument, measure_id: str) -> StoredMeasure:
    for measure in record.measures:
        if measure.measure_id == measure_id:
            return measure
    raise DubanError(E.NOT_FOUND, what="measure", key=measure_id)


def set_status(store: Store, measure_id: str, status: str, note: str | None, by: str | None) -> Correction:
    """Store a correction of the measure `measure_id` (`<doc_id>:<n>`); the measure must exist."""
    doc_id = measure_id.rsplit(":", 1)[0]
    record = store.get(doc_id) if doc_id else None
    if record is None:
        raise DubanError(E.NOT_FOUND, what="measure", key=measure_id)
    text = find_measure(record, measure_id).text
    sources = record.paths
    made = store.add_correction(
        {
            "key": correction_key(doc_id, text),
            "doc_id": doc_id,
            "sources": sources,
            "text_hash": text_hash(text),
            "measure_text": text,
            "measure_id": measure_id,
            "status": parse_status(status),
            "note": _clean(note, "note", MAX_NOTE, required=False),
            "by": _clean(by, "by", MAX_BY, required=True),
        }
    )
    head = store.get(record.copy_of.doc_id) if record.copy_of is not None else None
    if head is not None:  # a copy's task: the directive that governs it shows the status
        follow_corrections(store, record, head)
    return made


def undo(store: Store, correction_id: str, by: str | None) -> Correction:
    """Mark a correction undone, and what was carried with it (`undo_carried`); E070 when there
    is no active correction with that id. The one asked for."""
    return undo_carried(store, correction_id, by)[0]


def undo_carried(store: Store, correction_id: str, by: str | None) -> list[Correction]:
    """Mark a correction undone and, with the same name and time, every active correction carried
    with it between copies of one directive (`carried_with`): a status set on a copy shows on the
    directive that governs it, and staff undo it from either page, so undoing one copy's and not
    the other's left the status standing where the ledger shows it (or brought it back at the next
    ingest of its 文号). A correction staff made by hand on the other copy is its own and stays.
    The one asked for first, then the carried ones; E070 when there is no such active correction."""
    who = _clean(by, "by", MAX_BY, required=True)
    done = store.undo_correction(str(correction_id), who)
    if done is None:
        raise DubanError(E.NOT_FOUND, what="correction", key=str(correction_id))
    undone = [done]
    for other in carried_with(done, store.corrections()):
        found = store.undo_correction(other.id, who)
        if found is not None:
            undone.append(found)
    if len(undone) > 1:
        log.info("核定 %s 撤销，随之撤销另一份副本上的核定 %s", done.id, "、".join(c.id for c in undone[1:]))
    return undone


def carried_with(correction: Correction, active: Iterable[Correction]) -> list[Correction]:
    """The active corrections joined to `correction` through `follows`, either way and through
    any number of copies: the one it was carried from, the ones carried from it, theirs in turn.
    A correction without that link (made by hand) is never among them."""
    left = [c for c in active if c.id != correction.id]
    joined = {correction.id}
    sources: set[str] = {correction.follows} if correction.follows else set()
    found: list[Correction] = []
    grew = True
    while grew:
        grew = False
        for other in left:
            if other.id in joined or not (other.follows in joined or other.id in sources):
                continue
            joined.add(other.id)
            if other.follows is not None:
                sources.add(other.follows)
            found.append(other)
            grew = True
    return found


def history(store: Store) -> list[Correction]:
    """Every correction ever made, undone ones too, newest first."""
    return list(reversed(store.corrections(include_undone=True)))
