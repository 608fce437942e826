"""The column model of a task table: what each header column holds, what each cell looks like,
and which columns the cells of a short row fill.

A table flattened from a web page or a PDF keeps its cells in order but loses the blank ones and
those that a merged cell printed once for several rows (`1.道路工程 | 任务甲 | 9月 | 住建局` then
`任务乙 | 10月 | 住建局`): a row with fewer cells than the header names no columns by position.
Each header cell gets a role (row number, task, unit, time, other) from the column words of
`rules/measures.yaml`, each cell a type (number, date, unit, text) from the cell shapes of
`rules/layout.yaml`; a short row's cells fill, in their order, the columns where types and roles
agree best. A row that fills no task column continues the row above it (a second time limit or
unit printed on a line of its own).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import combinations
from typing import Literal

from duban.rules.ruleset import RuleFile, load_rule_file

ColumnRole = Literal["number", "task", "unit", "time", "other"]
CellType = Literal["number", "date", "unit", "text"]

_ROW_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})[.、．]?\s*$")
# A date cell is short: a longer cell that mentions a date is a task that carries its time.
_DATE_MAX = 16
# A cell that disagrees with its column by more than this is misplaced: no placement is taken.
_WORST = -1.0
# How well a cell of each type fits a column of each role.
_FIT: dict[tuple[CellType, ColumnRole], float] = {
    ("number", "number"): 3,
    ("number", "task"): -3,
    ("number", "unit"): -3,
    ("number", "time"): -2,
    ("date", "time"): 3,
    ("date", "task"): -2,
    ("date", "unit"): -3,
    ("date", "number"): -3,
    ("unit", "unit"): 3,
    ("unit", "task"): -1,
    ("unit", "time"): -3,
    ("unit", "number"): -3,
    ("text", "task"): 2,
    ("text", "other"): 0.5,
    ("text", "unit"): -2,
    ("text", "time"): -3,
    ("text", "number"): -3,
}
# Placements tried at most (a header of 12 columns and a row of 6 cells gives 924).
_MAX_PLACEMENTS = 1000


@cache
def _rules() -> tuple[RuleFile, RuleFile]:
    layout = load_rule_file("layout").require(("cell_date", "cell_unit", "number_column"))
    measures = load_rule_file("measures").require(
        ("column_task", "column_lead", "column_co", "column_units", "column_deadline")
    )
    return layout, measures


@cache
def column_role(name: str) -> ColumnRole:
    """The role of a header cell, read in the measure finder's order (`rules/measures.yaml`): a
    task column first, unless it names units; then units of any role; then time."""
    layout, measures = _rules()
    name = "".join(name.split())

    def has(group: str) -> bool:
        return any(rule.regex.search(name) for rule in measures.by_group(group))

    if layout.regex("number_column").match(name):
        return "number"
    if has("column_task") and not has("column_units"):
        return "task"
    if has("column_lead") or has("column_co") or has("column_units"):
        return "unit"
    if has("column_deadline"):
        return "time"
    return "other"


def cell_date_pattern() -> re.Pattern[str]:
    """The layout's pattern of a cell that only gives a time (`rules/layout.yaml` cell_date)."""
    return _rules()[0].regex("cell_date")


def cell_type(value: str) -> CellType:
    """What a cell looks like: a row number, a time, a list of bodies, or text."""
    layout, _ = _rules()
    value = value.strip()
    if _ROW_NUMBER.match(value):
        return "number"
    if len(value) <= _DATE_MAX and layout.regex("cell_date").search(value):
        return "date"
    if layout.regex("cell_unit").match(value):
        return "unit"
    return "text"


def place(header: list[str], values: list[str]) -> list[int] | None:
    """The columns (increasing header indexes, one per cell) that the cells of a row fill, or None
    when no placement puts every cell where it fits (then the row is left without columns)."""
    if not values or len(values) > len(header):
        return None
    if len(values) == len(header):
        return list(range(len(header)))
    roles = [column_role(name) for name in header]
    types = [cell_type(value) for value in values]
    best: tuple[float, list[int]] | None = None
    for tried, columns in enumerate(combinations(range(len(header)), len(values))):
        if tried >= _MAX_PLACEMENTS:
            break
        fits = [_FIT.get((kind, roles[col]), 0.0) for kind, col in zip(types, columns, strict=True)]
        if min(fits) < _WORST:
            continue
        total = sum(fits)
        if best is None or total > best[0]:
            best = (total, list(columns))
    return best[1] if best else None


def fills_task(header: list[str], columns: list[int]) -> bool:
    """Whether a placement fills a task column (else the row continues the one above it)."""
    return any(column_role(header[col]) == "task" for col in columns)
