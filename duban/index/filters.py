"""The one filter format shared by the CLI, both index backends and the cross-check.

A `Filters` value narrows a search or an iteration. Every field is optional; the fields given are
combined with AND. As CLI options (`duban search --unit 财政局 --deadline-before 2021-12`):

=================  ==================================================================================
field              meaning
=================  ==================================================================================
unit               a responsible unit whose name *contains* this text or another spelling of it
                   (`财政局` finds `市财政局`; `市发改委` finds `市发展改革委`: `index.spellings`)
role               that unit's role: `lead` (牵头), `co` (配合) or `responsible` (责任); without
                   `unit`, any unit with that role. `lead` also takes the units a measure names
                   `responsible`: those it puts in charge without a 牵头/配合 split (`由X负责`,
                   a task table's single 责任单位) are its lead in the ledger too; `co` never does
kind               the document's kind: `policy`, `minutes`, `report`, `other` (or 政策, 纪要, 报告, 其他)
issuer             the document's issuer contains this text or another spelling of it
date_from/date_to  the document's date lies in this range (inclusive)
deadline_after/    some deadline of the measure is due in this range (inclusive, on `Deadline.due`);
deadline_before    both bounds apply to the same deadline
deadline_kind      that deadline's kind: absolute, relative, recurring, term, ongoing, range
status             the cross-check status: not_relayed, relayed, planned, in_progress, done, lagging, overdue, or
                   `unset` for measures not checked yet (Chinese names such as 逾期, 已完成 work too)
doc_number         the document number contains this text (`〔2021〕3号`)
doc_id             exactly this document id
=================  ==================================================================================

Dates are written `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; a lower bound takes the first day of a month
or year, an upper bound the last, so `--deadline-before 2021-06` means "due by 30 June 2021".
Bad values raise `DubanError(E.FILTER_INVALID)` naming the field.

Searching documents (`--docs`), the measure fields (unit, role, deadline_*, status) select the
documents that have at least one measure matching all of them. `matches` states what each
filter means as a Python predicate over a measure and its document: the reference both stores are
tested against. `to_es` turns filters into Elasticsearch query DSL; the SQLite backend translates
them to SQL itself (`index.sqlite.planner`).
"""

from __future__ import annotations

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
    ROLE_ALIASES,
    ROLES,
    STATUS_ALIASES,
    STATUSES,
    UNSET,
    Status,
)
from duban.index.spellings import holds_spelling, spellings

__all__ = ["STATUSES", "UNSET", "Status"]

Target = Literal["measures", "documents"]

MEASURE_FIELDS = ("unit", "role", "deadline_before", "deadline_after", "deadline_kind", "status")
DOCUMENT_FIELDS = ("kind", "issuer", "date_from", "date_to", "doc_number", "doc_id")


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

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))

    def measure_part(self) -> Filters:
        """Only the fields that look at measures (units, deadlines, status)."""
        return Filters(**{name: getattr(self, name) for name in MEASURE_FIELDS})

    def document_part(self) -> Filters:
        """Only the fields that look at the document (kind, issuer, date, number, id)."""
        return Filters(**{name: getattr(self, name) for name in DOCUMENT_FIELDS})

    def merge(self, other: Filters) -> Filters:
        """Combine two filter sets; the same field given two different values is an error."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if theirs is None or theirs == mine:
                continue
            if mine is not None:
                raise DubanError(E.FILTER_INVALID, detail=f"{f.name} given twice ('{mine}' and '{theirs}')")
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
) -> Filters:
    """Build `Filters` from user strings, validating and normalising each; raise E.FILTER_INVALID."""
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
    )
    _check_range("date_from", result.date_from, "date_to", result.date_to)
    _check_range("deadline_after", result.deadline_after, "deadline_before", result.deadline_before)
    return result


def parse_date(name: str, value: str | None, end: bool) -> str | None:
    """`YYYY[-MM[-DD]]` → ISO date; a partial date becomes the first (or, if `end`, last) day."""
    if value is None or not value.strip():
        return None
    iso = normalise_date(value.strip(), end)
    if iso is None:
        raise DubanError(
            E.FILTER_INVALID, detail=f"{name} '{value}' is not a date (write YYYY-MM-DD, YYYY-MM or YYYY)"
        )
    return iso


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise DubanError(E.FILTER_INVALID, detail=f"{name} is empty")
    return value


def _choice(name: str, value: str | None, allowed: tuple[str, ...], aliases: dict[str, str]) -> str | None:
    if value is None:
        return None
    key = value.strip()
    key = aliases.get(key, key.lower())
    if key not in allowed:
        raise DubanError(E.FILTER_INVALID, detail=f"{name} '{value}' is not one of {', '.join(allowed)}")
    return key


def _check_range(low_name: str, low: str | None, high_name: str, high: str | None) -> None:
    if low is not None and high is not None and low > high:
        raise DubanError(E.FILTER_INVALID, detail=f"{low_name} {low} is after {high_name} {high}")


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
    )


def passes(
    filters: Filters,
    *,
    doc_id: str,
    meta: Metadata,
    units: Iterable[tuple[str, str]],
    deadlines: Iterable[tuple[str | None, str | None]],
    status: str | None,
) -> bool:
    """`matches` over the parts a filter reads, for a caller that holds other shapes (the ledger:
    its lead and co units, its one due date without a kind): units as (name, role), deadlines as
    (kind, due), the status that counts, the document's id and metadata.

    * unit: some unit's name contains the text or another spelling of it (case-insensitive);
      with role, that same unit has that role (`lead` takes `responsible` too); role alone: some
      unit has that role.
    * deadline_after/before/kind: one and the same deadline is due within the bounds
      (inclusive; a deadline without a due date fails a bound) and is of that kind.
    * status: equal, or `unset` for a measure without one.
    * kind, doc_id: equal; issuer: contains the text or another spelling of it, doc_number:
      contains the text (case-insensitive);
      date_from/date_to: the document's date lies within (a document without a date fails a bound).
    """
    if filters.doc_id is not None and doc_id != filters.doc_id:
        return False
    if filters.kind is not None and meta.kind != filters.kind:
        return False
    if filters.issuer is not None and not holds_spelling(meta.issuer, filters.issuer):
        return False
    if filters.doc_number is not None and not _has(meta.doc_number, filters.doc_number):
        return False
    if filters.date_from is not None or filters.date_to is not None:
        date = _iso(meta.date, end=False)
        if date is None or not _within(date, filters.date_from, filters.date_to):
            return False
    roles = filters.unit_roles()
    if (filters.unit is not None or roles is not None) and not any(
        (filters.unit is None or holds_spelling(name, filters.unit)) and (roles is None or role in roles)
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


def _contains_spelling(field: str, value: str) -> dict[str, Any]:
    """ "Contains some spelling of `value`" (`index.spellings`): one wildcard per spelling."""
    forms = spellings(value)
    if len(forms) == 1:
        return _contains(field, forms[0])
    return {"bool": {"should": [_contains(field, form) for form in forms], "minimum_should_match": 1}}


def _range(field: str, low: str | None, high: str | None) -> dict[str, Any]:
    bounds = {op: v for op, v in (("gte", low), ("lte", high)) if v is not None}
    return {"range": {field: bounds}}


def to_es(filters: Filters, target: Target = "measures") -> list[dict[str, Any]]:
    """Elasticsearch `bool.filter` clauses for `filters` against the measures or documents index.

    Measures carry their document's fields (`doc_kind`, `doc_issuer`, `doc_date`, `doc_number`);
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
        clauses.append(_contains_spelling(f"{prefix}issuer", filters.issuer))
    if filters.doc_number is not None:
        clauses.append(_contains("doc_number", filters.doc_number))
    if filters.date_from is not None or filters.date_to is not None:
        clauses.append(_range(f"{prefix}date", filters.date_from, filters.date_to))
    if target == "documents":
        if not filters.measure_part().is_empty():
            raise ValueError("measure filters do not apply to the documents index; use document_part()")
        return clauses
    if filters.unit is not None or filters.role is not None:
        unit: list[dict[str, Any]] = []
        if filters.unit is not None:
            unit.append(_contains_spelling("units.name", filters.unit))
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
