"""One directive stored twice, under two paths or URLs: which copy governs, and which is a copy.

A directive replaced at its own source path is handled by the store (`StoredDocument.replaces`).
The same directive also reaches the index under another path: the notice fetched from the
provincial portal and from the city's (other page chrome, the same text and 文号), or a corrected
re-issue saved under a new file name. Its bytes differ, so it is a document of its own; without
more the ledger, reminders, 本期变化 and the cross-check show every task twice, each copy with its
own status.

Two documents are one directive when all of these hold:

- their document numbers are equal once normalised (`crosscheck_titlekeys.normalise_number`:
  brackets, widths, 第, pinyin); a document without a number is never merged;
- their issuers agree, when both have one (the same name folded, or one name inside the other:
  `青岚市政府办公室` in a portal's `青岚市人民政府办公室` is not, and keeps them apart);
- their task lists mostly agree: at least `AGREE` (two thirds) of the longer list pairs with a
  task of the other, by `versions.pair_tasks` (the same folded text, or text at `SIMILAR` or more
  with the same units; `pair_copies` also takes a task whose text starts the other's, page chrome
  glued to it). A copy with page chrome glued to its last task, or a re-issue with one
  date corrected, keeps most tasks paired; a shared 文号 by mistake (a typo in a serial, a
  template left unchanged) brings other tasks, which pair at a third or less. Two thirds lets one
  task in three differ (a re-issue that corrects a task and adds one to a directive of three
  still merges) and keeps apart two directives that share a frame but not their work.

The later issue date governs (a corrected re-issue is dated after the first), else the later
ingest (a second portal's copy of the same issue): the other is marked in its stored record
(`Store.mark_copy`, `StoredDocument.copy_of`). The check leaves marked copies out (`without_copies`),
so every reader of its result counts the directive once, and a task of the governing copy that has
no status yet is told against the status the same task had in the other (`copy_statuses`, as
`versions.earlier_statuses` does for a replaced version). Search is not touched: both documents
stay in the index, found as before.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from duban.base.stored import Copied, CopyOf, ReplacedMeasure, StoredDocument, StoredMeasure
from duban.base.vocab import Status
from duban.index.corrections import ActiveCorrections, correction_key, fold_text, text_hash
from duban.index.store import Store
from duban.pipeline.crosscheck_titlekeys import normalise_number
from duban.pipeline.versions import pair_tasks

log = logging.getLogger(__name__)

AGREE = 2 / 3
"""The share of the longer task list that must pair with the other's tasks (see the module)."""


def as_earlier(measures: Iterable[StoredMeasure]) -> list[ReplacedMeasure]:
    """Measures as `versions.pair_tasks` takes the other side's (text, unit names, status)."""
    return [
        ReplacedMeasure(m.measure_id, m.text, tuple(dict.fromkeys(u.name for u in m.units)), m.status)
        for m in measures
    ]


GLUED = 12
"""Characters a task's folded text must have for a copy's longer text that starts with it to be
the same task (`pair_copies`): page chrome (`关闭窗口`, the portal's name) glued after a
directive's last task by the page's extraction; a short text (`抓好落实。`) starts too many."""


def pair_copies(
    new: Sequence[StoredMeasure], old: Sequence[ReplacedMeasure]
) -> list[tuple[StoredMeasure, ReplacedMeasure]]:
    """`versions.pair_tasks`, then, among the tasks left, a task whose folded text starts the
    other's (or the other's starts it) with the same units: the same task with a portal's
    chrome glued to its end, which a ratio over the whole text reads as another task."""
    pairs = pair_tasks(new, old)
    used_new = {id(n) for n, _ in pairs}
    used_old = {id(o) for _, o in pairs}
    for measure in new:
        if id(measure) in used_new:
            continue
        text = fold_text(measure.text)
        units = frozenset(u.name for u in measure.units)
        for other in old:
            if id(other) in used_old or frozenset(other.units) != units:
                continue
            theirs = fold_text(other.text)
            shorter, longer = sorted((text, theirs), key=len)
            if len(shorter) >= GLUED and longer.startswith(shorter):
                pairs.append((measure, other))
                used_old.add(id(other))
                break
    return pairs


def issuers_agree(a: str | None, b: str | None) -> bool:
    """Equal once folded, or one inside the other (a portal's longer form); True when either is
    unknown, as a copy saved without its heading has no issuer to compare."""
    if not a or not b:
        return True
    x, y = fold_text(a), fold_text(b)
    return x in y or y in x


def same_directive(a: StoredDocument, b: StoredDocument) -> bool:
    """Whether `a` and `b` are one directive (the three tests of the module)."""
    number = normalise_number(a.doc.doc_number)
    if number is None or number != normalise_number(b.doc.doc_number):
        return False
    if not issuers_agree(a.doc.issuer, b.doc.issuer):
        return False
    longer = max(len(a.measures), len(b.measures))
    if not a.measures or not b.measures:
        return False
    return len(pair_copies(a.measures, as_earlier(b.measures))) >= AGREE * longer


def governs_key(record: StoredDocument, written: Collection[str] = ()) -> tuple[str, str, bool, str]:
    """The later issue date governs, else the later ingest: the later stamp, and within one
    second (stamps keep whole seconds) what the run being settled wrote (`written`) over what the
    index held before it; the id breaks what is left of a tie, so two copies written in one run
    give the same choice in whatever order they came."""
    return (record.doc.date or "", record.ingested_at or "", record.doc_id in written, record.doc_id)


def settle(store: Store, doc_ids: Iterable[str]) -> list[Copied]:
    """Group each of these documents (what a run wrote) with the indexed documents of its 文号,
    mark every copy with the one that governs and clear the mark of any other (a copy that
    governs now, or one that no longer agrees), and say what changed, one `Copied` a copy."""
    wanted = set(doc_ids)
    groups: dict[str, list[str]] = {}
    numbers: dict[str, str] = {}
    for doc_id, number, _ in store.numbered():
        key = normalise_number(number)
        if key is not None:
            groups.setdefault(key, []).append(doc_id)
            numbers[doc_id] = key
    found: list[Copied] = []
    done: set[str] = set()
    for doc_id in sorted(wanted):
        key = numbers.get(doc_id)
        if key is None or key in done or len(groups[key]) < 2:
            continue
        done.add(key)
        records = [r for r in (store.get(d) for d in groups[key]) if r is not None]
        found += _settle_group(store, records, wanted)
    return found


def _settle_group(store: Store, records: Sequence[StoredDocument], wanted: set[str]) -> list[Copied]:
    """Mark the copies among documents of one 文号: each set of documents that agree (joined
    through any member) is one directive with one governing copy."""
    left = sorted(records, key=lambda r: governs_key(r, wanted), reverse=True)
    marks: dict[str, CopyOf | None] = {}
    while left:
        head, rest = left[0], left[1:]
        members = [head]
        for other in rest:
            if any(same_directive(other, m) for m in members):
                members.append(other)
        left = [r for r in rest if r not in members]
        marks[head.doc_id] = None
        for copy in members[1:]:
            earlier = bool(copy.doc.date and head.doc.date and copy.doc.date < head.doc.date)
            marks[copy.doc_id] = CopyOf(head.doc_id, head.source, earlier)
    by_id = {r.doc_id: r for r in records}
    found: list[Copied] = []
    for doc_id, mark in marks.items():
        if not store.mark_copy(doc_id, mark) or mark is None:
            continue
        record, head = by_id[doc_id], by_id[mark.doc_id]
        follow_corrections(store, record, head)  # a hand-set status is not lost to the new head
        note = Copied(
            record.source, doc_id, head.source, head.doc_id, str(record.doc.doc_number or ""), mark.earlier
        )
        found.append(note)
        level = logging.INFO if doc_id in wanted or mark.doc_id in wanted else logging.DEBUG
        log.log(level, "%s", note.line())
    return found


def related_copies(store: Store, record: StoredDocument) -> list[dict[str, Any]]:
    """The other copies of `record`'s directive, for its page: the one that governs (when
    `record` is a copy) and every copy marked with the same governing one, each with its id,
    source paths, date, whether it governs and whether it is an earlier issue. Found through
    the documents of its 文号 (`Store.numbered`), so a page reads only those."""
    number = normalise_number(record.doc.doc_number)
    if number is None:
        return []
    head = record.copy_of.doc_id if record.copy_of is not None else record.doc_id
    found: list[dict[str, Any]] = []
    for doc_id, other, _ in store.numbered():
        if doc_id == record.doc_id or normalise_number(other) != number:
            continue
        copy = store.get(doc_id)
        if copy is None or not (doc_id == head or (copy.copy_of is not None and copy.copy_of.doc_id == head)):
            continue
        found.append(
            {
                "doc_id": doc_id,
                "sources": copy.paths,
                "date": copy.doc.date,
                "governs": doc_id == head,
                "earlier": bool(copy.copy_of and copy.copy_of.earlier),
            }
        )
    return sorted(found, key=lambda c: (not c["governs"], c["doc_id"]))


def without_copies(records: Sequence[StoredDocument]) -> list[StoredDocument]:
    """The documents a check counts: every one but a marked copy whose governing document is
    still in the index (a copy left alone when that one is deleted counts again)."""
    ids = {r.doc_id for r in records}
    return [r for r in records if r.copy_of is None or r.copy_of.doc_id not in ids]


def copies_of(records: Sequence[StoredDocument]) -> dict[str, list[StoredDocument]]:
    """The marked copies of each governing document among `records`, by its id."""
    ids = {r.doc_id for r in records}
    found: dict[str, list[StoredDocument]] = {}
    for record in records:
        if record.copy_of is not None and record.copy_of.doc_id in ids:
            found.setdefault(record.copy_of.doc_id, []).append(record)
    return found


def copy_statuses(
    records: Iterable[StoredDocument], copies: Mapping[str, Sequence[StoredDocument]]
) -> dict[str, Status]:
    """For each measure of these directives with no status saved yet, the status the same task
    has in one of its copies (`pair_tasks`), by the measure's id: the first check after a copy
    governs tells its tasks against what the checks said of the other, not as first statuses."""
    found: dict[str, Status] = {}
    for record in records:
        for copy in copies.get(record.doc_id, ()):
            fresh = [
                m for m in record.measures if m.status is None and m.measure_id and m.measure_id not in found
            ]
            known = [m for m in as_earlier(copy.measures) if m.status is not None]
            if fresh and known:
                for new, old in pair_copies(fresh, known):
                    if old.status is not None:
                        found[new.measure_id] = old.status
    return found


FOLLOWED = "（随同一文件的另一份入库副本转来）"
"""What a correction carried from one copy of a directive to the other adds to its note, so
staff reading the history see why a correction stands on a document they never corrected."""


def follow_corrections(store: Store, source: StoredDocument, target: StoredDocument) -> int:
    """Make each active staff correction of a task of `source` again on the same task of
    `target` (`pair_copies`), unless that task has a correction of its own as recent: the
    directive a copy is marked for (`settle`), or the copy that comes back when that one is
    deleted (`release`), keeps what staff set by hand. A correction names its measure by its
    document and text (`index.corrections`), and a copy's task may differ by the page chrome
    glued to it or a corrected date, so the two copies' tasks are paired as their statuses are.
    Each made names the one it was carried from (`follows`), so an undo of either undoes both.
    The number of corrections made."""
    active = ActiveCorrections(c.to_json() for c in store.corrections())
    if not len(active):
        return 0
    made = 0
    for new, old in pair_copies(target.measures, as_earlier(source.measures)):
        theirs = active.find(source.doc_id, source.paths, old.text)
        if theirs is None or not new.measure_id:
            continue
        mine = active.find(target.doc_id, target.paths, new.text)
        if mine is not None and str(mine.get("at") or "") >= str(theirs.get("at") or ""):
            continue
        if mine is not None and mine.get("status") == theirs.get("status"):
            continue
        note = str(theirs.get("note") or "")
        store.add_correction(
            {
                "key": correction_key(target.doc_id, new.text),
                "doc_id": target.doc_id,
                "sources": target.paths,
                "text_hash": text_hash(new.text),
                "measure_text": new.text,
                "measure_id": new.measure_id,
                "status": str(theirs["status"]),
                "note": note if note.endswith(FOLLOWED) else note + FOLLOWED,
                "by": str(theirs.get("by") or ""),
                "follows": str(theirs["id"]),
            }
        )
        made += 1
    if made:
        log.info("%d 项人工核定由 %s 转到 %s", made, source.source, target.source)
    return made


def release(store: Store, removed: Sequence[StoredDocument]) -> list[StoredDocument]:
    """After `removed` left the index (`duban delete`, `duban prune`): every copy marked for one
    of them is the directive again at once, not when something of its 文号 is next ingested. Its
    mark is cleared, its tasks take the statuses the same tasks had in the removed one (saved as
    they were, no change recorded: the directive's status did not change, only which copy holds
    it) and its corrections (`follow_corrections`); where several copies are left, one governs
    the others again (`settle`). The copies that came back, as they were read."""
    gone = {r.doc_id: r for r in removed}
    numbers = {normalise_number(r.doc.doc_number) for r in removed} - {None}
    if not numbers:
        return []
    back: list[StoredDocument] = []
    for doc_id, number, _ in store.numbered():
        if doc_id in gone or normalise_number(number) not in numbers:
            continue
        record = store.get(doc_id)
        if record is None or record.copy_of is None or record.copy_of.doc_id not in gone:
            continue
        head = gone[record.copy_of.doc_id]
        store.mark_copy(doc_id, None)
        _take_statuses(store, head, record)
        follow_corrections(store, head, record)
        log.info("%s 重新作为上级文件计入（%s 已删除）", record.source, head.source)
        back.append(record)
    settle(store, [r.doc_id for r in back])
    return back


def _take_statuses(store: Store, head: StoredDocument, copy: StoredDocument) -> int:
    """Save on `copy`'s tasks the statuses (and evidence) the same tasks of `head` had, without
    a change record; the next check starts from them, so nothing is listed as a first status."""
    evidence = {m.measure_id: m.status_evidence for m in head.measures if m.measure_id}
    updates = []
    for new, old in pair_copies(copy.measures, as_earlier(head.measures)):
        if old.status is None or not new.measure_id or not old.measure_id:
            continue
        saved = evidence.get(old.measure_id)
        found = saved.to_json() if saved is not None else {}
        found.pop("generation", None)  # the head's check no longer stands for the index
        found.pop("position", None)
        updates.append((new.measure_id, str(old.status), found or None))
    return store.update_statuses(updates) if updates else 0
