"""The one filter format shared by the CLI, both index backends and the cross-check.

A `Filters` value narrows a search or an iteration. Every field is optional; the fields given are
combined with AND. As CLI options (`duban search --unit 财政局 --deadline-before 2021-12`):

=================  ==================================================================================
field              meaning
=================  ==================================================================================
unit               a responsible unit whose name holds this text or another spelling of it where
                   a word of the name starts (`财政` finds `市财政局`, `政府` finds `各区人民政府`,
                   `市发改委` finds `市发展改革委`; `民政` finds `市民政局` but not `各区人民政府`,
                   人民|政府: `index.spellings.unit_holds`)
role               that unit's role: `lead` (牵头), `co` (配合) or `responsible` (责任); without
                   `unit`, any unit with that role. `lead` also takes the units a measure names
                   `responsible`: those it puts in charge without a 牵头/配合 split (`由X负责`,
                   a task table's single 责任单位) are its lead in the ledger too; `co` never does
kind               the document's kind: `policy`, `minutes`, `report`, `other` (or 政策, 纪要, 报告, 其他)
issuer             the document's issuer holds this text or another spelling of it where a word
                   of the name starts, as for a unit (`民政` finds 示范市民政局, not 示范市人民政府;
                   each body of a joint issuer `市发展改革委、市教育局` starts a word:
                   `index.spellings.issuer_holds`)
date_from/date_to  the document's date lies in this range (inclusive)
deadline_after/    some deadline of the measure is due in this range (inclusive, on `Deadline.due`);
deadline_before    both bounds apply to the same deadline
deadline_kind      that deadline's kind: absolute, relative, recurring, term, ongoing, range
status             the cross-check status: not_relayed, relayed, planned, in_progress, done, lagging, overdue, or
                   `unset` for measures not checked yet (Chinese names such as 逾期, 已完成 work too)
doc_number         the document number contains this text (`〔2021〕3号`)
doc_id             exactly this document id
ingested_after/    duban took the document in (`ingested_at`, when its text was first stored) in
ingested_before    this range (inclusive): `--ingested-after 昨天`, the query's `入库:最近7天`
=================  ==================================================================================

Dates are written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a lower bound takes the first day of a month
or year, an upper bound the last, so `--deadline-before 2021-06` means "due by 30 June 2021".
Bad values raise `DubanError(E.FILTER_INVALID)` naming the field.

The ingest bounds read more forms, since staff ask "what came in since last night": a date as above,
a time `YYYY-MM-DDTHH:MM` (or with a space), an ISO time with its offset (a run's `started_at`),
and the relative words `今天`, `昨天`, `前天`, `最近7天`/`近7天`, `本周`, `本月`, `今年`, each the
period of whole days it names, up to today (`本周` opens on Monday). Dates and times are read in
the server's local time zone and "today" is the server's today (`parse_filters(now=...)` gives
another clock, as the tests do); `ingested_at` is stored in UTC, so a bound is kept as the UTC
instant it names (`2026-12-05T10:00:00+00:00` for `2026-12-05T18:00` in Beijing), the first
second of its period for `ingested_after` and the last (`23:59:59`, or the minute's `:59`) for
`ingested_before`. A bound is thus resolved once, when the filters are parsed.

Searching documents (`--docs`), the measure fields (unit, role, deadline_*, status) select the
documents that have at least one measure matching all of them. `matches` states what each
filter means as a Python predicate over a measure and its document: the reference both stores are
tested against. `to_es` turns filters into Elasticsearch query DSL; the SQLite backend translates
them to SQL itself (`index.sqlite.planner`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import fields, replace
from typing import Any, Literal

from duban.base.dates import partial_iso as normalise_date
from duban.base.errors import DubanError, E
from duban.base.model import Metadata, record
from duban.base.stored import StoredDocument, StoredMeasure
from duban.base.vocab import (
    DEADLINE_KINDS,
    DOC_KINDS,
    KIND_ALIASES,
    KIND_LABELS,
    ROLE_ALIASES,
    ROLE_LABELS,
    ROLES,
    STATUS_ALIASES,
    STATUS_LABELS,
    STATUSES,
    UNSET,
    UNSET_LABEL,
    Status,
)
from duban.index.spellings import issuer_holds, spellings, unit_holds

__all__ = ["STATUSES", "UNSET", "Status"]

Target = Literal["measures", "documents"]

MEASURE_FIELDS = ("unit", "role", "deadline_before", "deadline_after", "deadline_kind", "status")
DOCUMENT_FIELDS = (
    "kind",
    "issuer",
    "date_from",
    "date_to",
    "doc_number",
    "doc_id",
    "ingested_after",
    "ingested_before",
)


# how staff name each field in messages (a field given twice names it so, not `unit`)
FIELD_LABELS: dict[str, str] = {
    "unit": "单位",
    "role": "单位角色",
    "deadline_before": "时限（止）",
    "deadline_after": "时限（起）",
    "deadline_kind": "时限类型",
    "status": "状态",
    "kind": "文件类型",
    "issuer": "发文机关",
    "date_from": "发文日期（起）",
    "date_to": "发文日期（止）",
    "doc_number": "文号",
    "doc_id": "文件",
    "ingested_after": "入库时间（起）",
    "ingested_before": "入库时间（止）",
}


# the staff word shown beside each value a choice filter takes, in its error message
CHOICE_LABELS: dict[str, str] = {**KIND_LABELS, **ROLE_LABELS, **STATUS_LABELS, UNSET: UNSET_LABEL}


def field_name(field: str) -> str:
    """A field as messages name it: staff's word, then the parameter's name API callers look for
    (`时限（止）（deadline_before）`); the CLI option is the same name with dashes."""
    return f"{FIELD_LABELS.get(field, field)}（{field}）"


def given_twice(field: str, first: object, second: object) -> str:
    """The message for one field given two different values (in the query and a filter box, or
    twice in the query): in staff's words, since the web shows it on the error page, with the
    parameter's name, which API callers look for (as in the other parameter errors)."""
    label = FIELD_LABELS.get(field, field)
    return f"{label}（{field}）给了两个不同的值（“{first}”和“{second}”），请只保留一个"


@record(frozen=True)
class Filters:
    """Normalised filter values (see the module docstring); None means "any"."""

    unit: str | None = None
    role: str | None = None
    kind: str | None = None
    issuer: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    deadline_before: str | None = None
    deadline_after: str | None = None
    deadline_kind: str | None = None
    status: str | None = None
    doc_number: str | None = None
    doc_id: str | None = None
    ingested_after: str | None = None
    ingested_before: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def measure_part(self) -> Filters:
        """Only the fields that look at measures (units, deadlines, status)."""
        return Filters(**{name: getattr(self, name) for name in MEASURE_FIELDS})

    def document_part(self) -> Filters:
        """Only the fields that look at the document (kind, issuer, date, number, id, ingest time)."""
        return Filters(**{name: getattr(self, name) for name in DOCUMENT_FIELDS})

    def merge(self, other: Filters) -> Filters:
        """Combine two filter sets; the same field given two different values is an error."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if theirs is None or theirs == mine:
                continue
            if mine is not None:
                raise DubanError(E.FILTER_INVALID, detail=given_twice(f.name, mine, theirs))
            changes[f.name] = theirs
        return replace(self, **changes)

    def unit_roles(self) -> tuple[str, ...] | None:
        """The stored roles the role filter takes (see the module docstring), None for any."""
        if self.role is None:
            return None
        return (self.role, "responsible") if self.role == "lead" else (self.role,)

    def to_json(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def parse_filters(
    *,
    unit: str | None = None,
    role: str | None = None,
    kind: str | None = None,
    issuer: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    deadline_before: str | None = None,
    deadline_after: str | None = None,
    deadline_kind: str | None = None,
    status: str | None = None,
    doc_number: str | None = None,
    doc_id: str | None = None,
    ingested_after: str | None = None,
    ingested_before: str | None = None,
    now: dt.datetime | str | None = None,
) -> Filters:
    """Build `Filters` from user strings, validating and normalising each; raise E.FILTER_INVALID.
    `now` (time-zone aware, or its ISO text with the offset) is the clock the ingest bounds'
    relative words and local times are read against: the server's, unless a caller (a test)
    gives its own. (Text is taken too so that `parse_filters(**strings)` stays well typed.)"""
    if isinstance(now, str):
        now = dt.datetime.fromisoformat(now)
    result = Filters(
        unit=_text("unit", unit),
        role=_choice("role", role, ROLES, ROLE_ALIASES),
        kind=_choice("kind", kind, DOC_KINDS, KIND_ALIASES),
        issuer=_text("issuer", issuer),
        date_from=parse_date("date_from", date_from, end=False),
        date_to=parse_date("date_to", date_to, end=True),
        deadline_before=parse_date("deadline_before", deadline_before, end=True),
        deadline_after=parse_date("deadline_after", deadline_after, end=False),
        deadline_kind=_choice("deadline_kind", deadline_kind, DEADLINE_KINDS, {}),
        status=_choice("status", status, (*STATUSES, UNSET), STATUS_ALIASES),
        doc_number=_text("doc_number", doc_number),
        doc_id=_text("doc_id", doc_id),
        ingested_after=parse_ingested("ingested_after", ingested_after, end=False, now=now),
        ingested_before=parse_ingested("ingested_before", ingested_before, end=True, now=now),
    )
    _check_range("date_from", result.date_from, "date_to", result.date_to)
    _check_range("ingested_after", result.ingested_after, "ingested_before", result.ingested_before)
    _check_range("deadline_after", result.deadline_after, "deadline_before", result.deadline_before)
    return result


def parse_date(name: str, value: str | None, end: bool) -> str | None:
    """`YYYY[-MM[-DD]]` → ISO date; a partial date becomes the first (or, if `end`, last) day."""
    if value is None or not value.strip():
        return None
    iso = normalise_date(value.strip(), end)
    if iso is None:
        raise DubanError(
            E.FILTER_INVALID,
            detail=f"{field_name(name)}“{value}”不是日期，请写成 YYYY-MM-DD、YYYY-MM 或 YYYY（如 2026-06-30）",
        )
    return iso


# relative words → (first day, last day) as days back from today; 本周 and 本月 are worked out
RELATIVE_DAYS: dict[str, tuple[int, int]] = {
    "今天": (0, 0),
    "今日": (0, 0),
    "昨天": (1, 1),
    "昨日": (1, 1),
    "前天": (2, 2),
    "today": (0, 0),
    "yesterday": (1, 1),
}
_LAST_DAYS = re.compile(r"^(?:最近|近|过去)(\d{1,4})(?:天|日)$|^last(\d{1,4})days$")
_OFFSET = re.compile(r"\d:\d\d(?::\d\d(?:\.\d+)?)?(?:[+-]\d\d:?\d\d|Z)$")
_MOMENT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$")


def local_now() -> dt.datetime:
    """The server's clock, time-zone aware (what relative words are read against by default)."""
    return dt.datetime.now().astimezone()


def relative_period(value: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The whole days a relative word names (`昨天`, `最近7天` = today and the six days before,
    `本周` from Monday, `本月`, `今年`), up to today; None for a word that is none of them."""
    word = re.sub(r"\s+", "", value).lower()
    if word in RELATIVE_DAYS:
        first, last = RELATIVE_DAYS[word]
        return today - dt.timedelta(days=first), today - dt.timedelta(days=last)
    if word in ("本周", "这周", "本星期", "thisweek"):
        return today - dt.timedelta(days=today.weekday()), today
    if word in ("本月", "这个月", "thismonth"):
        return today.replace(day=1), today
    if word in ("今年", "本年", "thisyear"):
        return today.replace(month=1, day=1), today
    found = _LAST_DAYS.match(word)
    if found and 0 < int(found.group(1) or found.group(2)) <= 3660:
        return today - dt.timedelta(days=int(found.group(1) or found.group(2)) - 1), today
    return None


def is_relative(value: str) -> bool:
    """Whether `value` is one of the relative words of the ingest bounds (`昨天`, `近7天`…)."""
    return relative_period(value, dt.date(2000, 1, 1)) is not None


def parse_ingested(name: str, value: str | None, end: bool, now: dt.datetime | None = None) -> str | None:
    """An ingest bound (see the module docstring) as the UTC instant it names, `YYYY-MM-DDTHH:MM:SS+00:00`
    (the form `ingested_at` is stored in, so bounds and stored times compare as text)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    clock = now if now is not None else local_now()
    zone = now.tzinfo if now is not None else None  # None: the system's zone, summer time and all
    period = relative_period(text, clock.date())
    moment: dt.datetime | None = None
    if period is not None:
        moment = _local(period[1 if end else 0], zone, end)
    elif (found := _MOMENT.match(text)) is not None:
        try:
            parts = [int(p) for p in found.groups(default="-1")]
            seconds = parts[5] if parts[5] >= 0 else (59 if end else 0)
            naive = dt.datetime(parts[0], parts[1], parts[2], parts[3], parts[4], seconds)
        except ValueError:
            naive = None
        if naive is not None:
            moment = naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()
    elif _OFFSET.search(text):  # an ISO time with its offset, as `/runs.json` shows a run's start
        try:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is None:
            moment = None
    else:
        iso = normalise_date(re.sub(r"[年月/.]", "-", text).replace("日", "").strip("-"), end)
        if iso is not None:
            moment = _local(dt.date.fromisoformat(iso), zone, end)
    if moment is None:
        raise DubanError(
            E.FILTER_INVALID,
            detail=f"入库时间 {name}「{value}」不是日期或时间（可写 YYYY-MM-DD、YYYY-MM、YYYY、"
            "YYYY-MM-DDTHH:MM，或 今天、昨天、最近7天、本周、本月）",
        )
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _local(day: dt.date, zone: dt.tzinfo | None, end: bool) -> dt.datetime:
    """The first (or, with `end`, last) second of a local day."""
    naive = dt.datetime.combine(day, dt.time(23, 59, 59) if end else dt.time())
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def as_utc(stamp: Any) -> str | None:
    """A stored time (`ingested_at`) in the form the ingest bounds take; None if unreadable.
    Both stores write UTC with `+00:00`; a stamp without an offset is read as UTC."""
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise DubanError(E.FILTER_INVALID, detail=f"{field_name(name)}是空的，请写出要找的文字或去掉该条件")
    return value


def _choice(name: str, value: str | None, allowed: tuple[str, ...], aliases: dict[str, str]) -> str | None:
    if value is None:
        return None
    key = value.strip()
    key = aliases.get(key, key.lower())
    if key not in allowed:
        words = "、".join(f"{key} {CHOICE_LABELS[key]}" if key in CHOICE_LABELS else key for key in allowed)
        raise DubanError(E.FILTER_INVALID, detail=f"{field_name(name)}“{value}”不是可用的值，可写：{words}")
    return key


def _check_range(low_name: str, low: str | None, high_name: str, high: str | None) -> None:
    if low is not None and high is not None and low > high:
        raise DubanError(
            E.FILTER_INVALID,
            detail=f"{field_name(low_name)} {low} 晚于{field_name(high_name)} {high}，请检查两端是否写反",
        )


def matches(filters: Filters, measure: StoredMeasure, document: StoredDocument | None = None) -> bool:
    """Whether a stored measure passes `filters`: what every filter means, stated once (`passes`).

    Both stores are checked against this predicate by the shared contract suite
    (`index.testing`). The measure's `status` is the one that counts (a staff correction's where
    one is active, None when unchecked). `document` is its document (`Store.get`); without it,
    the measure's own `doc_id` and `doc` are read (`Store.iter_measures` gives them)."""
    source = document if document is not None else measure
    return passes(
        filters,
        doc_id=source.doc_id or "",
        meta=source.doc or Metadata(),
        units=[(u.name, u.role) for u in measure.units],
        deadlines=[(d.kind, d.due) for d in measure.deadlines],
        status=measure.status,
        ingested_at=source.ingested_at,
    )


def passes(
    filters: Filters,
    *,
    doc_id: str,
    meta: Metadata,
    units: Iterable[tuple[str, str]],
    deadlines: Iterable[tuple[str | None, str | None]],
    status: str | None,
    ingested_at: str | None = None,
) -> bool:
    """`matches` over the parts a filter reads, for a caller that holds other shapes (the ledger:
    its lead and co units, its one due date without a kind): units as (name, role), deadlines as
    (kind, due), the status that counts, the document's id and metadata.

    * unit: some unit's name holds the text or another spelling of it where one of its words
      starts (`index.spellings.unit_holds`; case-insensitive);
      with role, that same unit has that role (`lead` takes `responsible` too); role alone: some
      unit has that role.
    * deadline_after/before/kind: one and the same deadline is due within the bounds
      (inclusive; a deadline without a due date fails a bound) and is of that kind.
    * status: equal, or `unset` for a measure without one.
    * kind, doc_id: equal; issuer: holds the text or another spelling of it where a word of the
      name starts (`index.spellings.issuer_holds`), doc_number: contains the text
      (case-insensitive);
      date_from/date_to: the document's date lies within (a document without a date fails a bound).
    * ingested_after/before: the document's `ingested_at`, in UTC, lies within (inclusive; a
      document without one, such as a ledger line, fails a bound).
    """
    if filters.doc_id is not None and doc_id != filters.doc_id:
        return False
    if filters.kind is not None and meta.kind != filters.kind:
        return False
    if filters.issuer is not None and not issuer_holds(meta.issuer, filters.issuer):
        return False
    if filters.doc_number is not None and not _has(meta.doc_number, filters.doc_number):
        return False
    if filters.date_from is not None or filters.date_to is not None:
        date = _iso(meta.date, end=False)
        if date is None or not _within(date, filters.date_from, filters.date_to):
            return False
    if filters.ingested_after is not None or filters.ingested_before is not None:
        stamp = as_utc(ingested_at)
        if stamp is None or not _within(stamp, filters.ingested_after, filters.ingested_before):
            return False
    roles = filters.unit_roles()
    if (filters.unit is not None or roles is not None) and not any(
        (filters.unit is None or unit_holds(name, filters.unit)) and (roles is None or role in roles)
        for name, role in units
    ):
        return False
    dated = filters.deadline_after is not None or filters.deadline_before is not None
    if (dated or filters.deadline_kind is not None) and not any(
        _deadline_passes(filters, kind, due) for kind, due in deadlines
    ):
        return False
    if filters.status == UNSET:
        return status is None
    return filters.status is None or status == filters.status


def _deadline_passes(filters: Filters, kind: str | None, due: str | None) -> bool:
    if filters.deadline_kind is not None and kind != filters.deadline_kind:
        return False
    if filters.deadline_after is None and filters.deadline_before is None:
        return True
    iso = _iso(due, end=True)
    return iso is not None and _within(iso, filters.deadline_after, filters.deadline_before)


def _has(value: Any, text: str) -> bool:
    return value is not None and text.lower() in str(value).lower()


def _iso(value: Any, end: bool) -> str | None:
    """A stored date as the index keeps it (`YYYY-MM-DD`; a partial date widened like a bound)."""
    return normalise_date(str(value)[:10], end) if value else None


def _within(value: str, low: str | None, high: str | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _wildcard(value: str) -> str:
    """An Elasticsearch wildcard pattern for "contains `value`", its own * and ? escaped."""
    escaped = value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
    return f"*{escaped}*"


def _contains(field: str, value: str) -> dict[str, Any]:
    return {"wildcard": {field: {"value": _wildcard(value), "case_insensitive": True}}}


def _starts_spelling(field: str, value: str) -> dict[str, Any]:
    """ "Some value of `field` begins with some spelling of `value`", any case: on
    `units.name_starts`, the name from each of its word starts (`index.spellings.name_suffixes`),
    this is the unit filter (`unit_holds`); on `doc_issuer_starts` / `issuer_starts` the issuer
    filter (`issuer_holds`). One prefix query per spelling."""
    queries = [{"prefix": {field: {"value": form, "case_insensitive": True}}} for form in spellings(value)]
    return queries[0] if len(queries) == 1 else {"bool": {"should": queries, "minimum_should_match": 1}}


def _range(field: str, low: str | None, high: str | None) -> dict[str, Any]:
    bounds = {op: v for op, v in (("gte", low), ("lte", high)) if v is not None}
    return {"range": {field: bounds}}


def to_es(filters: Filters, target: Target = "measures") -> list[dict[str, Any]]:
    """Elasticsearch `bool.filter` clauses for `filters` against the measures or documents index.

    Measures carry their document's fields (`doc_kind`, `doc_issuer`, `doc_issuer_starts`,
    `doc_date`, `doc_number`, `doc_ingested_at`);
    units and deadlines are nested so that unit+role and both deadline bounds hold for one entry.
    The documents index has no measure fields: pass `filters.document_part()` there and select
    documents by the ids of matching measures (the ES store does this).
    """
    prefix = "doc_" if target == "measures" else ""
    clauses: list[dict[str, Any]] = []
    if filters.doc_id is not None:
        clauses.append({"term": {"doc_id": filters.doc_id}})
    if filters.kind is not None:
        clauses.append({"term": {f"{prefix}kind": filters.kind}})
    if filters.issuer is not None:
        clauses.append(_starts_spelling(f"{prefix}issuer_starts", filters.issuer))
    if filters.doc_number is not None:
        clauses.append(_contains("doc_number", filters.doc_number))
    if filters.date_from is not None or filters.date_to is not None:
        clauses.append(_range(f"{prefix}date", filters.date_from, filters.date_to))
    if filters.ingested_after is not None or filters.ingested_before is not None:
        clauses.append(_range(f"{prefix}ingested_at", filters.ingested_after, filters.ingested_before))
    if target == "documents":
        if not filters.measure_part().is_empty():
            raise ValueError("measure filters do not apply to the documents index; use document_part()")
        return clauses
    if filters.unit is not None or filters.role is not None:
        unit: list[dict[str, Any]] = []
        if filters.unit is not None:
            unit.append(_starts_spelling("units.name_starts", filters.unit))
        roles = filters.unit_roles()
        if roles is not None:
            unit.append({"terms": {"units.role": list(roles)}})
        clauses.append({"nested": {"path": "units", "query": {"bool": {"filter": unit}}}})
    if filters.deadline_before or filters.deadline_after or filters.deadline_kind:
        due: list[dict[str, Any]] = []
        if filters.deadline_before is not None or filters.deadline_after is not None:
            due.append(_range("deadlines.due", filters.deadline_after, filters.deadline_before))
        if filters.deadline_kind is not None:
            due.append({"term": {"deadlines.kind": filters.deadline_kind}})
        clauses.append({"nested": {"path": "deadlines", "query": {"bool": {"filter": due}}}})
    if filters.status == UNSET:
        clauses.append(
            {"bool": {"must_not": [{"exists": {"field": "status"}}, {"exists": {"field": "corrected"}}]}}
        )
    elif filters.status is not None:  # a staff correction's status, else the computed one
        computed = {
            "bool": {
                "filter": [{"term": {"status": filters.status}}],
                "must_not": [{"exists": {"field": "corrected"}}],
            }
        }
        clauses.append(
            {
                "bool": {
                    "should": [{"term": {"corrected": filters.status}}, computed],
                    "minimum_should_match": 1,
                }
            }
        )
    return clauses
