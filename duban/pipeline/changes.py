"""本期变化: what the checks changed since a date, as a supervision office's weekly report opens.

Every save of statuses records the measures whose status it changed (`Statuses.update_statuses`
with a `ChangeNote`): old and new status, the check's as-of date, when (UTC) and what made it (a
cross-check, the re-check after an ingest, a due date that passed). This module reads them back
for a period, adds the staff corrections made or undone in it (a correction is a history of its
own, `Corrections`, and is not stored twice: it is shown here because it changes the status that
counts), names each line's directive, measure and units from the index, and groups the lines as
the report does: 新完成 (→ done), 新增逾期 (→ overdue), 新增滞后 (→ lagging), 其他状态变化.

The period starts, unless a date is given, at the latest check: the newest change a cross-check
or an ingest saved, so what that check changed and any due date passed since (a ledger brought to
a later day) are listed. A check that changed nothing leaves no row, so the default then lists
the latest check that did change something, and says when it was.

A first check over the whole real corpus changes every measure: 141,000 lines, 5–7 s of CPU to
name them. A page (`changes_page`: the web pages, their JSON twins, the terminal's first lines)
names only its own lines: the index counts each group and reads the page's rows (`ChangePages`:
SQLite in the `(new, at)` index of the changes, Elasticsearch by counts and sorted searches on
its `-changes`, `search_after` past its result window), and the corrections' few lines are placed
among them where the whole list would have them; a list narrowed to a unit or a directive is
counted and read so too (the measures of the unit's names, the documents that name the
directive); a store without `ChangePages` or a change stamped in another form is cut from the
whole list. The web app keeps the pages and the lists it
made (`ChangesCache`) under a token of what they are read from (the index's generation, the
newest recorded change, the corrections), so a page or a workbook asked again reads them from
memory, and a new check, ingest or correction shows at once; a correction adds its line to the
checks' lines kept (`_Checked`) instead of naming them again.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from duban.base.errors import DubanError, E
from duban.base.stored import Correction, StatusChange
from duban.base.vocab import status_label
from duban.index.corrections import text_hash
from duban.index.spellings import unit_holds
from duban.index.store import SUMMARY_BATCH, ChangePages, DocumentSummary, MeasureOutline, Store

GROUPS: tuple[tuple[str, str], ...] = (
    ("done", "新完成"),
    ("overdue", "新增逾期"),
    ("lagging", "新增滞后"),
    ("other", "其他状态变化"),
)
CHECK_CAUSES = ("crosscheck", "ingest")
"""The causes that are a check of their own: the default period starts at the newest of them."""
CAUSE_LABELS = {
    "crosscheck": "核查",
    "ingest": "入库后核查",
    "due date passed": "期限已过",
    "correction": "人工核定",
    "correction undone": "撤销人工核定",
}
CORRECTION_CAUSES = ("correction", "correction undone")
SHORT = 40  # characters of a measure's text a line shows

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChangeLine:
    """One change as the list shows it: the measure (`gone` when its document has left the index
    since), its directive and units, old → new status, when (UTC), what made it, and for a
    staff correction who made it and the note."""

    doc_id: str
    measure_id: str
    directive: str
    doc_number: str
    measure: str
    units: tuple[str, ...]
    old: str | None
    new: str | None
    at: str
    cause: str
    as_of: str | None = None
    by: str = ""
    note: str = ""
    gone: bool = False

    @property
    def group(self) -> str:
        return self.new if self.new in ("done", "overdue", "lagging") else "other"

    @property
    def old_text(self) -> str:
        """The old status in Chinese; a measure's first status was 首次核查."""
        first = self.old is None and self.cause not in CORRECTION_CAUSES
        return "首次核查" if first else status_label(self.old)

    @property
    def change_text(self) -> str:
        """`old → new` in Chinese."""
        return f"{self.old_text} → {status_label(self.new)}"

    @property
    def cause_text(self) -> str:
        label = CAUSE_LABELS.get(self.cause, self.cause)
        return f"{label}（{self.by}）" if self.by else label

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "doc_id": self.doc_id,
            "measure_id": self.measure_id,
            "directive": self.directive,
            "doc_number": self.doc_number,
            "measure": self.measure,
            "units": list(self.units),
            "old": self.old,
            "new": self.new,
            "at": self.at,
            "as_of": self.as_of,
            "cause": self.cause,
            "by": self.by or None,
            "note": self.note or None,
            "gone": self.gone,
        }


@dataclass(frozen=True)
class ChangeList:
    """The changes of a period, newest first: `since` (UTC; None: all there are), and whether it
    is the default, the latest check (`latest`)."""

    since: str | None
    latest: bool
    lines: tuple[ChangeLine, ...] = field(default_factory=tuple)

    @cached_property
    def _by_group(self) -> dict[str, list[ChangeLine]]:
        """The lines of each group, sorted once (a cached list is asked for by many pages)."""
        found: dict[str, list[ChangeLine]] = {key: [] for key, _ in GROUPS}
        for line in self.lines:
            found[line.group].append(line)
        return found

    @cached_property
    def ordered(self) -> tuple[ChangeLine, ...]:
        """Every line in the report's order, group by group: what a page slices."""
        return tuple(line for key, _ in GROUPS for line in self._by_group[key])

    def grouped(self) -> list[tuple[str, str, list[ChangeLine]]]:
        """(key, Chinese heading, lines) for each group, in the report's order, empty ones too."""
        return [(key, label, list(self._by_group[key])) for key, label in GROUPS]

    def counts(self) -> dict[str, int]:
        return {key: len(lines) for key, lines in self._by_group.items()}

    def heading(self) -> str:
        """What the period is, in Chinese: since the latest check, since a time, or everything."""
        return _heading(self.since, self.latest)

    def summary(self) -> str:
        """`新完成 2 项，新增逾期 1 项，…`: the report's opening line."""
        return _summary(self.counts())

    def window(self, offset: int, limit: int) -> ChangePage:
        """The lines `offset` to `offset + limit` of `ordered` as a page, with the period's counts."""
        return ChangePage(
            self.since, self.latest, self.counts(), offset, limit, self.ordered[offset : offset + limit]
        )

    def to_json(self, offset: int = 0, limit: int | None = None) -> dict[str, Any]:
        """The list as JSON; with `limit`, the groups hold that page of the lines only (`window`),
        while `total` and `counts` stay those of the whole period."""
        if limit is not None:
            return self.window(offset, limit).to_json()
        return _json(self.since, self.latest, self.counts(), self.grouped(), {})


@dataclass(frozen=True)
class ChangePage:
    """A page of a period's changes: the lines `offset` to `offset + limit` of the list in the
    report's order (`ChangeList.ordered`), with the whole period's `counts`. What a web page, its
    JSON twin and the terminal show, made without naming the period's other lines
    (`changes_page`): a first check over the real corpus changes 141,000 measures."""

    since: str | None
    latest: bool
    counts: dict[str, int]
    offset: int
    limit: int
    lines: tuple[ChangeLine, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def grouped(self) -> list[tuple[str, str, list[ChangeLine]]]:
        """(key, Chinese heading, this page's lines of the group) for each group, in the report's
        order (a group with none of them is empty)."""
        shown: dict[str, list[ChangeLine]] = {key: [] for key, _ in GROUPS}
        for line in self.lines:
            shown[line.group].append(line)
        return [(key, label, shown[key]) for key, label in GROUPS]

    def heading(self) -> str:
        return _heading(self.since, self.latest)

    def summary(self) -> str:
        return _summary(self.counts)

    def to_json(self) -> dict[str, Any]:
        """As `ChangeList.to_json(offset, limit)`."""
        paging = {"offset": self.offset, "limit": self.limit}
        return _json(self.since, self.latest, self.counts, self.grouped(), paging)


def _heading(since: str | None, latest: bool) -> str:
    if since is None:
        return "全部变化（尚无核查记录）" if latest else "全部变化"
    when = local_time(since)
    return f"最近一次核查（{when}）以来的变化" if latest else f"{when} 以来的变化"


def _summary(counts: dict[str, int]) -> str:
    return "，".join(f"{label} {counts[key]} 项" for key, label in GROUPS)


def _json(
    since: str | None,
    latest: bool,
    counts: dict[str, int],
    groups: list[tuple[str, str, list[ChangeLine]]],
    paging: dict[str, int],
) -> dict[str, Any]:
    return {
        "since": since,
        "latest_check": latest,
        "heading": _heading(since, latest),
        "total": sum(counts.values()),
        **paging,
        "counts": dict(counts),
        "groups": [
            {"group": key, "label": label, "lines": [line.to_json() for line in lines]}
            for key, label, lines in groups
        ],
    }


def local_time(stamp: str | None) -> str:
    """An ISO UTC time in the local time zone, to the minute (as the ledger shows times)."""
    if not stamp:
        return ""
    moment = _instant(stamp)
    return stamp if moment is None else moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _instant(stamp: str) -> dt.datetime | None:
    """An ISO date or time as an aware moment (a date: its start, UTC; no zone: UTC)."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def parse_since(value: str) -> str:
    """`--since`: a day (`YYYY-MM-DD`, from its start in the local time zone) or a time
    (`YYYY-MM-DD HH:MM[:SS]`, local unless it names its zone), as the UTC stamp the changes are
    saved with; E.BAD_DATE for anything else."""
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise DubanError(E.BAD_DATE, value=value) from exc
    if not 1900 <= moment.year <= 2999:
        raise DubanError(E.BAD_DATE, value=value)
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the local zone, as a user's day is meant
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


def latest_check(store: Store) -> str | None:
    """When the latest check that changed a status saved it (a cross-check or an ingest's, else
    any save); None when nothing was ever recorded."""
    found = store.status_changes(limit=1, causes=CHECK_CAUSES) or store.status_changes(limit=1)
    return found[0].at if found else None


def list_changes(
    store: Store,
    since: str | None = None,
    directive: str | None = None,
    unit: str | None = None,
) -> ChangeList:
    """The changes saved at or after `since` (a UTC stamp, `parse_since`; None: since the latest
    check), with the staff corrections made or undone since, for the directive named `directive`
    (id, source path, document number or title) and the measures with a unit whose name holds
    `unit` (any spelling of it, where a word of the name starts: `index.spellings.unit_holds`),
    newest first."""
    return _checked(store, since, directive, unit).with_corrections(store.corrections(include_undone=True))


def changes_page(
    store: Store,
    since: str | None = None,
    directive: str | None = None,
    unit: str | None = None,
    offset: int = 0,
    limit: int = 500,
) -> ChangePage:
    """The lines `offset` to `offset + limit` of `list_changes(store, since, directive, unit)` in
    the report's order, with the period's counts: counted and sliced by the index where it can
    (`_page_in_index`), else cut from the whole list."""
    corrections = store.corrections(include_undone=True)
    found = _page_in_index(store, since, directive, unit, offset, limit, corrections)
    if found is not None:
        return found
    return _checked(store, since, directive, unit).with_corrections(corrections).window(offset, limit)


def _page_in_index(
    store: Store,
    since: str | None,
    directive: str | None,
    unit: str | None,
    offset: int,
    limit: int,
    corrections: Sequence[Correction],
) -> ChangePage | None:
    """A page of the list made by the store's index (`ChangePages`: SQLite or Elasticsearch):
    each group's checks counted and the page's rows read there, and only those rows named, with
    the corrections' few lines placed among them where the whole list's merge puts them (a
    correction after every check line stamped at or after its instant:
    `_Checked.with_corrections`). The first check
    over the real corpus records 141,000 changes, and naming them all for a page of 500 was
    5–7 s of CPU. A unit narrows the rows to the measures with a unit of a name that holds it
    (`ChangePages.unit_measures`, the unit filter's names); a directive to the documents it
    names among those the period's changes name (`_named_docs`: their summaries tested, as the
    whole list tests each line's directive) and its copies. None where the index cannot: a
    store without `ChangePages`, or a change stamped in another form than the saves' (whose
    text order may not be their order in time)."""
    if not isinstance(store, ChangePages):
        return None
    latest = since is None
    if latest:
        since = latest_check(store)
    if not store.changes_in_time_order(since):
        return None
    measures = store.unit_measures(unit) if unit is not None else None
    records = _Records(store)
    made = _correction_lines(corrections, since, records)
    narrowed = (  # the period's documents read only when a directive narrows the list
        _named_docs(store, directive, [*store.change_docs(since), *(line.doc_id for line in made)])
        if directive is not None
        else None
    )
    docs = json.dumps(sorted(narrowed)) if narrowed is not None else None
    added = [
        line
        for line in reversed(made)
        if (unit is None or any(unit_holds(name, unit) for name in line.units))
        and (narrowed is None or line.doc_id in narrowed)
    ]
    added.sort(key=_sort_key, reverse=True)
    counts: dict[str, int] = {}
    lines: list[ChangeLine] = []
    start = 0  # where the group starts in the whole list
    for key, _ in GROUPS:
        new, outside = _GROUP_STATUSES[key]
        extra = [line for line in added if line.group == key]
        checks = store.status_change_count(since, new, outside, measures=measures, docs=docs)
        # the position of each correction line in the group: after every check line at or after
        # its instant and the corrections before it
        placed = {
            store.status_change_count(since, new, outside, _stamp_at_least(line), measures, docs) + i: line
            for i, line in enumerate(extra)
        }
        counts[key] = checks + len(extra)
        low, high = max(0, offset - start), min(counts[key], offset + limit - start)
        if low < high:
            first = low - sum(1 for p in placed if p < low)  # the first check line the page shows
            wanted = high - low - sum(1 for p in placed if low <= p < high)
            rows = (
                store.status_change_slice(since, new, outside, first, wanted, measures, docs)
                if wanted
                else []
            )
            records.load(c.doc_id for c in rows)
            named = iter([_check_line(c, records) for c in rows])
            lines.extend(placed[p] if p in placed else next(named) for p in range(low, high))
        start += counts[key]
    return ChangePage(since, latest, counts, offset, limit, tuple(lines))


def _named_docs(store: Store, directive: str, doc_ids: Iterable[str]) -> set[str]:
    """Of `doc_ids`, those of the directive a list is narrowed to, as the whole list selects its
    lines (`_Checked.wanted`): the documents its name names (`_Records.named`: id, path, number,
    title) and its copies (`related_copies`). Only the
    documents' summaries are read, not their measures: a directive's list of a first check over
    the real corpus tested 141,000 lines' directives by reading every one of them whole."""
    from duban.pipeline.copies import related_copies  # as in `_checked`
    from duban.pipeline.status import directive_name, directive_tests

    name = directive_name(store, directive)
    head = store.get(name)
    found = {c["doc_id"] for c in related_copies(store, head)} if head is not None else set()
    tests = directive_tests(name)
    wanted = list(dict.fromkeys(doc_ids))
    for i in range(0, len(wanted), SUMMARY_BATCH):
        chunk = wanted[i : i + SUMMARY_BATCH]
        summaries = store.summaries(chunk)
        for doc_id in chunk:
            summary = summaries.get(doc_id)
            if (doc_id == name) if summary is None else any(test(summary) for test in tests):
                found.add(doc_id)
    return found


_GROUP_STATUSES: dict[str, tuple[tuple[str, ...], bool]] = {
    "done": (("done",), False),
    "overdue": (("overdue",), False),
    "lagging": (("lagging",), False),
    "other": (("done", "overdue", "lagging"), True),
}
"""Each group's new statuses for the index (`ChangeLine.group`): the statuses, or with True every
other one."""


def _stamp_at_least(line: ChangeLine) -> str:
    """The least change stamp (`change_stamp`'s form, to the millisecond) at or after a line's
    instant: the check lines stamped so are those at or after it in time."""
    moment = _sort_key(line).astimezone(dt.UTC)
    if moment.microsecond % 1000:
        moment += dt.timedelta(microseconds=1000 - moment.microsecond % 1000)
    return moment.isoformat(timespec="milliseconds")


@dataclass
class _Checked:
    """What a list holds before the staff corrections are added: the checks' lines, selected and
    newest first, with the directives they name. Corrections neither change a stored status nor
    the index's documents, so a correction or its undo leaves this as it was, and the list is
    this plus the corrections' few lines (`with_corrections`), not 141,000 lines named again."""

    since: str | None
    latest: bool
    directive: str | None
    unit: str | None
    records: _Records
    copies: set[str]
    lines: list[ChangeLine]
    instants: list[dt.datetime]  # each line's sort key, newest first as `lines`

    def wanted(self, line: ChangeLine) -> bool:
        """Whether a line is of the directive and unit the list is narrowed to."""
        return (self.directive is None or self.records.named(line.doc_id) or line.doc_id in self.copies) and (
            self.unit is None or any(unit_holds(name, self.unit) for name in line.units)
        )

    def with_corrections(self, corrections: Iterable[Correction]) -> ChangeList:
        """The list: these lines and the corrections' made or undone since, newest first; at one
        instant a check's line before a correction's, as when all were sorted together."""
        added = [
            line
            for line in reversed(_correction_lines(corrections, self.since, self.records))
            if self.wanted(line)
        ]
        added.sort(key=_sort_key, reverse=True)
        merged = heapq.merge(
            zip(self.instants, self.lines, strict=True),
            ((_sort_key(line), line) for line in added),
            key=lambda pair: pair[0],
            reverse=True,
        )
        return ChangeList(self.since, self.latest, tuple(line for _, line in merged))


def _sort_key(line: ChangeLine) -> dt.datetime:
    return _instant(line.at) or dt.datetime.min.replace(tzinfo=dt.UTC)


def _checked(store: Store, since: str | None, directive: str | None, unit: str | None) -> _Checked:
    """The checks' part of `list_changes`."""
    latest = since is None
    if latest:
        since = latest_check(store)
    # a copy's name stands for the directive that governs it; the directive's lines are those of
    # its copies too (each copy's checks before it was marked, `pipeline.copies`)
    # imported here: they bring in the cross-check's rules and patterns (half a second of
    # `duban changes`' start), which only a list narrowed to a directive needs
    from duban.pipeline.copies import related_copies
    from duban.pipeline.status import directive_name

    name = directive_name(store, directive) if directive is not None else None
    records = _Records(store, name)
    head = store.get(name) if name is not None else None
    copies = {c["doc_id"] for c in related_copies(store, head)} if head is not None else set()
    changes = store.status_changes(since=since)
    records.load(c.doc_id for c in changes)
    checked = _Checked(since, latest, directive, unit, records, copies, [], [])
    keyed = [
        (_sort_key(line), line) for line in (_check_line(c, records) for c in changes) if checked.wanted(line)
    ]
    keyed.sort(key=lambda pair: pair[0], reverse=True)
    checked.instants = [key for key, _ in keyed]
    checked.lines = [line for _, line in keyed]
    return checked


class ChangesCache:
    """The lists made (`list_changes`), the newest few, kept by what they were asked for and a
    token of everything they are read from: the index's generation (documents, their measures'
    texts and units), the newest recorded change (any save of statuses that changed one, so the
    stored statuses too) and the corrections with their undoing. The token is read on every
    request (a few small queries); any write that changes a list changes it, so a list is never
    served stale. One list is made at a time: a second request for it waits and reads it.

    The checks' part of a list (`_Checked`) is kept apart under the token without the
    corrections: a correction set or undone on a page is the commonest write while staff work,
    and the list after it is the checks' lines kept plus the corrections' (the real corpus's
    first check: 141,000 lines named again in 5–7 s of CPU before, a merge of the few after).

    A page (`page`) is cut from a list held, else made by the index and kept apart (`_pages`):
    the first page after a check or a restart names its own lines only."""

    PAGES = 32  # pages kept (`page`): a few periods' first pages and the pages staff turn to

    def __init__(self, size: int = 4) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[str, ...], ChangeList] = OrderedDict()
        self._checked: OrderedDict[tuple[str, ...], _Checked] = OrderedDict()
        self._pages: OrderedDict[tuple[str, ...], ChangePage] = OrderedDict()
        self._lock = threading.Lock()
        self._making = threading.Lock()
        self.made = 0  # how many lists and pages were made (tests read it)
        self.checked = 0  # how many times the checks' lines were named (tests read it)

    def get(
        self,
        store: Store,
        since: str | None = None,
        directive: str | None = None,
        unit: str | None = None,
    ) -> ChangeList:
        """`list_changes(store, since, directive, unit)`, from memory when nothing changed."""
        corrections = store.corrections(include_undone=True)
        key = self._key(store, corrections, since, directive, unit)
        found = self._held(key)
        if found is not None:
            return found
        with self._making:
            found = self._held(key)
            if found is not None:
                return found
            started = time.perf_counter()
            checks = (*key[:3], *key[4:])  # the token without the corrections
            checked = self._checked.get(checks)
            if checked is None:
                checked = _checked(store, since, directive, unit)
                self.checked += 1
            found = checked.with_corrections(corrections)
            log.info("本期变化: %d lines made in %.1f s", len(found.lines), time.perf_counter() - started)
            with self._lock:
                self.made += 1
                # a list of an earlier state is never asked for again (the token only moves on)
                for stale in [k for k in self._entries if k[:4] != key[:4]]:
                    del self._entries[stale]
                for stale in [k for k in self._checked if k[:3] != checks[:3]]:
                    del self._checked[stale]
                self._entries[key] = found
                self._checked[checks] = checked
                self._checked.move_to_end(checks)
                for kept in (self._entries, self._checked):
                    while len(kept) > self.size:
                        kept.popitem(last=False)
        return found

    def page(
        self,
        store: Store,
        since: str | None = None,
        directive: str | None = None,
        unit: str | None = None,
        offset: int = 0,
        limit: int = 500,
    ) -> ChangePage:
        """`changes_page(store, since, directive, unit, offset, limit)`: cut from a list held, else
        a page kept, else made by the index (`_page_in_index`: a page of the real corpus's first
        check in a few hundredths of a second, where its whole list took seconds), else cut from
        the whole list, made and kept (`get`)."""
        corrections = store.corrections(include_undone=True)
        key = self._key(store, corrections, since, directive, unit)
        found = self._held(key)
        if found is not None:
            return found.window(offset, limit)
        wanted = (*key, str(offset), str(limit))
        with self._lock:
            page = self._pages.get(wanted)
            if page is not None:
                self._pages.move_to_end(wanted)
                return page
        started = time.perf_counter()
        page = _page_in_index(store, since, directive, unit, offset, limit, corrections)
        if page is None:
            return self.get(store, since, directive, unit).window(offset, limit)
        log.info(
            "本期变化: a page of %d lines made in %.2f s", len(page.lines), time.perf_counter() - started
        )
        with self._lock:
            self.made += 1
            for stale in [k for k in self._pages if k[:4] != key[:4]]:
                del self._pages[stale]
            self._pages[wanted] = page
            while len(self._pages) > self.PAGES:
                self._pages.popitem(last=False)
        return page

    def _held(self, key: tuple[str, ...]) -> ChangeList | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    @staticmethod
    def _key(
        store: Store,
        corrections: list[Correction],
        since: str | None,
        directive: str | None,
        unit: str | None,
    ) -> tuple[str, ...]:
        newest = store.status_changes(limit=1)
        change = newest[0] if newest else None
        token = (store.url, store.generation(), repr(change), repr(corrections))
        return (*token, repr(since), repr(directive), repr(unit))


@dataclass(frozen=True)
class _Known:
    """What a line needs of a measure: its id, text, units (names, in charge first) and computed
    status."""

    measure_id: str
    text: str
    units: tuple[str, ...]
    status: str | None


@dataclass
class _Directive:
    """What the lines need of a directive: its title and number, and its measures' outlines
    (`Store.measure_outlines`), read for every directive the lines name at once rather than its
    stored record (`Store.get`), which holds the document's whole text and every measure's
    evidence: over the real corpus's index, decoding the records behind a first check's 141,000
    changes was most of the list's time."""

    title: str
    doc_number: str
    named: bool  # whether it is the directive the list is narrowed to (True when it is not)
    by_id: dict[str, _Known]
    _by_hash: dict[str, str] | None = None  # a measure's text hash → its id, made when first asked

    def measure(self, measure_id: str | None, digest: str = "") -> _Known | None:
        found = self.by_id.get(measure_id) if measure_id else None
        if found is None and digest:
            if self._by_hash is None:  # only a correction keyed by text asks: hashed once, then
                self._by_hash = {text_hash(k.text): k.measure_id for k in reversed(self.by_id.values())}
            if digest in self._by_hash:
                found = self.by_id[self._by_hash[digest]]
        return found


class _Records:
    """The directives the changes name, read together (`load`: `Store.summaries` and
    `Store.measure_outlines`, a batch of directives a query) and kept as `_Directive`; `wanted`
    names the directive the list is narrowed to (id, source path, number or title)."""

    def __init__(self, store: Store, wanted: str | None = None) -> None:
        self._store = store
        self._seen: dict[str, _Directive | None] = {}
        self._tests: tuple[Callable[[DocumentSummary], bool], ...] | None = None
        if wanted is not None:
            from duban.pipeline.status import directive_tests  # as in `_checked`

            self._tests = directive_tests(wanted)
        self._wanted = wanted

    def load(self, doc_ids: Iterable[str]) -> None:
        """Read the directives not read yet among `doc_ids`, in one pass."""
        new = [d for d in dict.fromkeys(doc_ids) if d not in self._seen]
        for i in range(0, len(new), SUMMARY_BATCH):  # a batch's outlines at a time: memory stays a
            chunk = new[i : i + SUMMARY_BATCH]  # directive's `_Known`s, as when each was read alone
            summaries = self._store.summaries(chunk)
            outlines = self._store.measure_outlines(list(summaries))
            for doc_id in chunk:
                summary = summaries.get(doc_id)
                self._seen[doc_id] = (
                    None if summary is None else self._kept(summary, outlines.get(doc_id, ()))
                )

    def get(self, doc_id: str) -> _Directive | None:
        if doc_id not in self._seen:  # read at once, as a rule (`load`)
            self.load([doc_id])
        return self._seen[doc_id]

    def named(self, doc_id: str) -> bool:
        """Whether the directive `doc_id` is the one the list is narrowed to."""
        found = self.get(doc_id)
        return found.named if found is not None else doc_id == self._wanted

    def _kept(self, summary: DocumentSummary, measures: Sequence[MeasureOutline]) -> _Directive:
        by_id = {
            m.measure_id: _Known(m.measure_id, m.text, _units(m.units), m.status)
            for m in measures
            if m.measure_id
        }
        return _Directive(
            title=summary.doc.title or summary.source,
            doc_number=summary.doc.doc_number or "",
            named=self._tests is None or any(test(summary) for test in self._tests),
            by_id=by_id,
        )


def _line(
    record: _Directive | None,
    measure: _Known | None,
    doc_id: str,
    measure_id: str,
    text: str,
    **rest: Any,
) -> ChangeLine:
    shown = measure.text if measure is not None else text
    return ChangeLine(
        doc_id=doc_id,
        measure_id=measure_id,
        directive=record.title if record is not None else doc_id,
        doc_number=record.doc_number if record is not None else "",
        measure=shown if len(shown) <= SHORT else shown[:SHORT] + "…",
        units=measure.units if measure is not None else (),
        gone=measure is None,
        **rest,
    )


def _units(units: Iterable[Any]) -> tuple[str, ...]:
    """The names of a measure's units, each once, in charge first (as the ledger orders them)."""
    ordered = sorted(units, key=lambda u: {"lead": 0, "responsible": 1}.get(u.role, 2))
    return tuple(dict.fromkeys(u.name for u in ordered))


def _measure(record: _Directive | None, measure_id: str | None, digest: str = "") -> _Known | None:
    return record.measure(measure_id, digest) if record is not None else None


def _check_line(change: StatusChange, records: _Records) -> ChangeLine:
    record = records.get(change.doc_id)
    measure = _measure(record, change.measure_id)
    return _line(
        record,
        measure,
        change.doc_id,
        change.measure_id,
        "（已不在索引中）",
        old=change.old,
        new=change.new,
        at=change.at,
        cause=change.cause,
        as_of=change.as_of,
    )


def _correction_lines(
    corrections: Iterable[Correction], since: str | None, records: _Records
) -> list[ChangeLine]:
    """A line for each correction made since `since` (old: the computed status it overrides) and
    for each undone since (new: the computed status that counts again)."""
    start = _instant(since) if since else None
    if start is not None:  # corrections are stamped to the second: one made in the check's second counts
        start = start.replace(microsecond=0)
    lines: list[ChangeLine] = []

    def within(stamp: str | None) -> bool:
        moment = _instant(stamp) if stamp else None
        return moment is not None and (start is None or moment >= start)

    made = [c for c in corrections if within(c.at) or within(c.undone_at)]
    records.load(c.doc_id for c in made)
    for c in made:
        record = records.get(c.doc_id)
        measure = _measure(record, c.measure_id, c.text_hash)
        computed = measure.status if measure is not None else None
        measure_id = measure.measure_id if measure is not None else (c.measure_id or c.key)
        if within(c.at):
            lines.append(
                _line(
                    record,
                    measure,
                    c.doc_id,
                    measure_id,
                    c.measure_text,
                    old=computed,
                    new=c.status,
                    at=c.at,
                    cause="correction",
                    by=c.by,
                    note=c.note,
                )
            )
        if c.undone_at and within(c.undone_at):
            lines.append(
                _line(
                    record,
                    measure,
                    c.doc_id,
                    measure_id,
                    c.measure_text,
                    old=c.status,
                    new=computed,
                    at=c.undone_at,
                    cause="correction undone",
                    by=c.undone_by or "",
                )
            )
    return lines


def table_lines(changes: ChangeList) -> Sequence[tuple[str, ChangeLine]]:
    """(group heading, line) for every line in the report's order: what the terminal and the
    workbook list."""
    return [(label, line) for _, label, lines in changes.grouped() for line in lines]
