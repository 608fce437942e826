"""Which task of a new version of a directive is which task of the version it replaced.

A directive re-issued or corrected and written again at the same path is a new document to the
index (its id is its content's hash, and so are its measures' ids), and the store removes the
old one with its statuses. Without more, the next check would record every task of the new
version as a first status, and `duban changes` list the tasks done long ago as 新完成 again and
the overdue ones as 新增逾期, though nothing changed for the staff. The store keeps what the old
version's measures were (`stored.Replaced`); here each new measure with no status saved yet is
paired with the old measure that is the same task, and the save records its change against that
one's status (`ChangeNote.earlier`).

The same task, as a reader would accept it: the same text once width variants and whitespace
are folded (`corrections.text_hash`, as a staff correction follows a new version), else the
nearest text at `SIMILAR` or more with the same units (a date or a word corrected). Each old
task pairs with one new task at most, the nearest first; a task the new version adds pairs
with none and is a first status, as it should be.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from duban.base.stored import ReplacedMeasure, StoredDocument, StoredMeasure
from duban.base.vocab import Status
from duban.index.corrections import fold_text, text_hash

log = logging.getLogger(__name__)

SIMILAR = 0.85
"""How alike two tasks' texts must be (difflib's ratio over the folded texts) to be one task
with the same units: a corrected date or unit name in a sentence of 30 characters is above 0.9;
two tasks of one unit that share only their frame (`市财政局负责…`) are well below."""


def earlier_statuses(records: Iterable[StoredDocument]) -> dict[str, Status]:
    """For each measure of these directives that has no status saved yet and is the same task
    as a measure of the version its directive replaced, that measure's status, by the new
    measure's id."""
    found: dict[str, Status] = {}
    for record in records:
        if record.replaces is None:
            continue
        fresh = [m for m in record.measures if m.status is None and m.measure_id]
        known = [m for m in record.replaces.measures if m.status is not None]
        if not fresh or not known:
            continue
        pairs = pair_tasks(fresh, known)
        for new, old in pairs:
            if old.status is not None:
                found[new.measure_id] = old.status
        log.debug(
            "%s: %d of %d tasks found in the version it replaced", record.doc_id, len(pairs), len(fresh)
        )
    return found


def pair_tasks(
    new: Sequence[StoredMeasure], old: Sequence[ReplacedMeasure]
) -> list[tuple[StoredMeasure, ReplacedMeasure]]:
    """Each new measure with the old one that is the same task, one to one: equal folded texts
    first, in order, then the most alike pairs with the same units at `SIMILAR` or more."""
    pairs: list[tuple[StoredMeasure, ReplacedMeasure]] = []
    free = list(range(len(old)))
    by_hash: dict[str, list[int]] = {}
    for i in free:
        by_hash.setdefault(text_hash(old[i].text), []).append(i)
    left: list[StoredMeasure] = []
    for measure in new:
        same = by_hash.get(text_hash(measure.text))
        if same:
            i = same.pop(0)
            free.remove(i)
            pairs.append((measure, old[i]))
        else:
            left.append(measure)
    scored: list[tuple[float, int, int]] = []
    old_texts = {i: fold_text(old[i].text) for i in free}
    old_units = {i: frozenset(old[i].units) for i in free}
    for j, measure in enumerate(left):
        units = frozenset(u.name for u in measure.units)
        text = fold_text(measure.text)
        for i in free:
            if old_units[i] != units:
                continue
            matcher = SequenceMatcher(None, text, old_texts[i], autojunk=False)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                ratio = matcher.ratio()
                if ratio >= SIMILAR:
                    scored.append((ratio, j, i))
    taken_new: set[int] = set()
    taken_old: set[int] = set()
    for _, j, i in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if j not in taken_new and i not in taken_old:
            taken_new.add(j)
            taken_old.add(i)
            pairs.append((left[j], old[i]))
    return pairs
