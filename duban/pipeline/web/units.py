"""The web's pages by responsible unit: how a 督查室 reads its work ("how is 市财政局 doing?").

`/units` is the ledger workbook's 单位统计 sheet for the ledger's selection: its rows are
`ledger.unit_summary`'s own (one name per body, a measure both led and co-worked on counted once,
as led), with the number due within a week beside them. `/units/<name>` is one body's tasks: the
ledger rows where it leads or co-works (`ledger.row_bodies`, the sheets' reading), grouped as a
督查室 chases them. "Due soon" is the 催办通知单's (`reminders.reason_of`): an unfinished task,
neither overdue nor lagging, due within `REMIND_DAYS` days of the as-of date; so the count, the
page's 即将到期 group and the unit's slip hold the same tasks.

Everything here is pure: it takes the ledger's rows and the request's parameters and returns the
JSON-able dict a page renders and its `.json` twin returns (`pipeline.app`). The whole ledger's
counts and each body's tasks (`UnitIndex`) are what every page of the unfiltered selection reads:
the app keeps them once per state of the index (`web.cache.UnitIndexCache`), where counting the
real index's 140,000 lines again took a second or more of each request.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_plus

from duban.base.vocab import STATUS_LABELS
from duban.pipeline.ledger import SUMMARY_STATUSES, UNIT_ROLE_LABELS, LedgerRow, row_bodies, unit_summary
from duban.pipeline.reminders import REMIND_DAYS, reason_of
from duban.pipeline.web.render import link

# The columns of `/units`, in the sheet's order, and the ones it may be sorted by (`sort=`).
COUNT_KEYS = ("lead", "co", "total", *SUMMARY_STATUSES, "other", "rate", "due_soon")
COLUMN_LABELS = {
    "unit": "责任单位",
    "lead": "牵头",
    "co": "配合",
    "total": "合计",
    **{status: STATUS_LABELS[status] for status in SUMMARY_STATUSES},
    "other": "其他",
    "rate": "完成率",
    "due_soon": f"{REMIND_DAYS}天内到期",
}
UNIT_SORTS = tuple(COLUMN_LABELS)
DEFAULT_SORT = "total"  # the sheet's own order: most measures first
# How a unit's page groups its tasks, in the order a 督查室 chases them.
GROUPS = (
    ("overdue", "逾期"),
    ("lagging", "滞后"),
    ("due_soon", "即将到期"),
    ("in_progress", "推进中"),
    ("other", "已传达/未传达"),
    ("done", "已完成"),
)
# Parameters of the ledger's selection that a link from these pages carries on; `sort`, `limit`
# and `offset` are each page's own (the ledger's sort keys are not these pages').
PAGE_ONLY = ("sort", "limit", "offset", "format")
UNITS_LIMIT = 200  # bodies a `/units` page lists (the whole summary is in the Excel ledger)
MAX_UNITS_LIMIT = 5000


def unit_href(name: str, params: Mapping[str, str] | None = None, suffix: str = "") -> str:
    """`/units/<name>` with the name quoted whole (a `/`, brackets or spaces in it stay in it)."""
    return link("/units/" + quote(name, safe="") + suffix, selection(params or {}))


def selection(params: Mapping[str, str]) -> dict[str, str]:
    """The ledger selection's parameters of a request, without the page's own."""
    return {k: v for k, v in params.items() if k not in PAGE_ONLY}


def group_of(row: LedgerRow, as_of: str) -> str:
    """Which group of a unit's page a task is in (see `GROUPS` and the module docstring)."""
    reason = reason_of(row, as_of, REMIND_DAYS)
    if reason is not None:
        return reason
    if row.status in ("in_progress", "done"):
        return row.status
    return "other"


def _due_soon(rows: Sequence[LedgerRow], as_of: str) -> Counter[str]:
    """Per body, its tasks due within `REMIND_DAYS` days (the slip's 即将到期)."""
    counts: Counter[str] = Counter()
    for row in rows:
        if group_of(row, as_of) == "due_soon":
            counts.update(name for name, _ in row_bodies(row))
    return counts


def _ledger_links(name: str, params: Mapping[str, str]) -> dict[str, str]:
    """Per count, the ledger filtered by the unit and that count's status or role (`total` and
    `other`, which no single status filter gives, the unit alone; `due_soon` the unit's page)."""
    base = selection(params)
    if not base and name.strip():
        return _plain_links(name)
    ledger = link("/ledger", base, unit=name, status=None, role=None)
    links = {
        "total": ledger,
        "other": ledger,
        "lead": link("/ledger", base, unit=name, role="lead"),
        "co": link("/ledger", base, unit=name, role="co"),
        "due_soon": unit_href(name, params) + "#due_soon",
    }
    for status in SUMMARY_STATUSES:
        links[status] = link("/ledger", base, unit=name, status=status)
    return links


def _plain_links(name: str) -> dict[str, str]:
    """`_ledger_links` of a request without a selection (`/units` as first opened), written
    straight from the quoted name: the same strings `link` makes, without its nine encodings of
    the query per unit (the real index's 30,000 bodies spent nine seconds of each page there)."""
    unit = "/ledger?unit=" + quote_plus(name)
    links = {
        "total": unit,
        "other": unit,
        "lead": unit + "&role=lead",
        "co": unit + "&role=co",
        "due_soon": "/units/" + quote(name, safe="") + "#due_soon",
    }
    for status in SUMMARY_STATUSES:
        links[status] = f"{unit}&status={quote_plus(status)}"
    return links


def summary_rows(rows: Sequence[LedgerRow], as_of: str, params: Mapping[str, str]) -> list[dict[str, Any]]:
    """`unit_summary`'s rows as dicts, in its order, with the due-soon count and the links."""
    return [_linked(unit, params) for unit in _counted(rows, as_of)]


def _counted(rows: Sequence[LedgerRow], as_of: str) -> list[dict[str, Any]]:
    """`unit_summary`'s rows as dicts, in its order, with the due-soon count (no links yet)."""
    soon = _due_soon(rows, as_of)
    out = []
    for cells in unit_summary(rows):
        name = str(cells[0])
        counts = dict(zip(COUNT_KEYS, cells[1:], strict=False))
        out.append({"unit": name, **counts, "due_soon": soon.get(name, 0)})
    return out


def _linked(unit: dict[str, Any], params: Mapping[str, str]) -> dict[str, Any]:
    name = unit["unit"]
    return {**unit, "href": unit_href(name, params), "links": _ledger_links(name, params)}


def _sorted(units: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """By the name A→Z, by a count or the rate highest first; ties keep the sheet's order."""
    if sort == DEFAULT_SORT:
        return units
    if sort == "unit":
        return sorted(units, key=lambda u: u["unit"])
    return sorted(units, key=lambda u: -u[sort])


def units_data(
    rows: Sequence[LedgerRow],
    as_of: str,
    params: Mapping[str, str],
    sort: str,
    limit: int = UNITS_LIMIT,
    offset: int = 0,
    index: UnitIndex | None = None,
) -> dict[str, Any]:
    """What `/units` shows: one row per body with its counts, sorted by `sort`, a page of `limit`
    bodies from `offset` (`next`: the JSON twin's next page). Paged as the ledger is: the real
    index names 30,476 bodies, a page of 26 MB that took the browser half a minute; only the
    page's bodies get their links. `index`: the rows' counts already made (`UnitIndex`)."""
    units = _sorted(index.counted if index is not None else _counted(rows, as_of), sort)
    page = [_linked(unit, params) for unit in units[offset : offset + limit]]
    more = offset + len(page) < len(units)
    return {
        "as_of": as_of,
        "sort": sort,
        "due_soon_days": REMIND_DAYS,
        "measures": len(rows),
        "total": len(units),
        "offset": offset,
        "limit": limit,
        "next": link("/units.json", params, offset=offset + limit) if more else None,
        "columns": [{"key": key, "label": label} for key, label in COLUMN_LABELS.items()],
        "units": page,
    }


def bodies(rows: Sequence[LedgerRow]) -> set[str]:
    """Every body named by the rows."""
    return {name for row in rows for name, _ in row_bodies(row)}


def unit_data(
    name: str,
    rows: Sequence[LedgerRow],
    as_of: str,
    params: Mapping[str, str],
    row_json: Callable[[LedgerRow], dict[str, Any]],
    index: UnitIndex | None = None,
) -> dict[str, Any]:
    """What `/units/<name>` shows: the body's counts (its `/units` row; zeros when the selection
    holds none of its tasks) and its tasks with its role, grouped (`GROUPS`), each group by due
    date. `index`: the rows' tasks by body already made (`UnitIndex`)."""
    if index is not None:
        mine = index.tasks.get(name, [])
    else:
        mine = [(row, role) for row in rows for body, role in row_bodies(row) if body == name]
    found = next(
        (u for u in summary_rows([row for row, _ in mine], as_of, params) if u["unit"] == name), None
    )
    counts = {key: (found or {}).get(key, 0) for key in COUNT_KEYS}
    grouped: dict[str, list[tuple[LedgerRow, str]]] = defaultdict(list)
    for row, role in mine:
        grouped[group_of(row, as_of)].append((row, role))
    groups = []
    for key, label in GROUPS:
        tasks = sorted(
            grouped[key], key=lambda t: (t[0].measure.due is None, t[0].measure.due or "", t[0].number)
        )
        groups.append(
            {
                "key": key,
                "label": label,
                "rows": [
                    {**row_json(row), "role": role, "role_label": UNIT_ROLE_LABELS[role]}
                    for row, role in tasks
                ],
            }
        )
    chased = counts["overdue"] + counts["lagging"] + counts["due_soon"]
    base = selection(params)
    return {
        "unit": name,
        "as_of": as_of,
        "due_soon_days": REMIND_DAYS,
        "counts": counts,
        "links": _ledger_links(name, params),
        "total": len(mine),
        "groups": groups,
        "ledger_href": link("/ledger", base, unit=name),
        # the slip for this unit and this selection; none when nothing is to be chased (the
        # route would answer 404)
        "reminders_href": link("/reminders.docx", base, unit=name) if chased else None,
        "units_href": link("/units", base),
        "json_href": unit_href(name, params, ".json"),
    }


@dataclass(frozen=True)
class UnitIndex:
    """What the pages by unit read of a selection's rows, made in one go: the summary rows
    without links (`_counted`, the sheet's order) and each body's tasks with its role, in the
    rows' order (`unit_data`'s `mine`). The app keeps the whole ledger's once per state of the
    index, so `/units` at any sort or offset and a unit's page only page, sort and link."""

    rows: Sequence[LedgerRow]
    as_of: str
    counted: list[dict[str, Any]]
    tasks: dict[str, list[tuple[LedgerRow, str]]]

    @classmethod
    def of(cls, rows: Sequence[LedgerRow], as_of: str) -> UnitIndex:
        """The index of `rows`: the summary rows (`_counted`) and each body's tasks."""
        tasks: dict[str, list[tuple[LedgerRow, str]]] = defaultdict(list)
        for row in rows:
            for body, role in row_bodies(row):
                tasks[body].append((row, role))
        return cls(rows, as_of, _counted(rows, as_of), dict(tasks))

    def bodies(self) -> set[str]:
        """Every body named by the rows (`bodies`)."""
        return set(self.tasks)
