"""Deadlines: find time bounds with the rules in `rules/deadlines.yaml` and normalise them.

An absolute bound becomes an ISO due date (the document's own year resolves `年底前`), a
recurrence its ISO period (`每半年` → P6M, `按月` → P1M), a relative bound its duration
(`15个工作日内` → P15D, `1小时内` → PT1H). A start bound (`从2019年起`) is found but has no due
date. Words that bound nothing (及时, 尽快, 常态化) are never deadlines; a table's time-limit cell
may hold a bare `2024年6月` or `全年`, read by the `cell` rules only there.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from extractors.ruleset import RuleFile, load_rule_file
from pipeline.model import Deadline
from pipeline.numerals import cn_digits_to_int

_PERIODS = {
    "年": "P1Y",
    "年度": "P1Y",
    "半年": "P6M",
    "季度": "P3M",
    "季": "P3M",
    "月": "P1M",
    "周": "P1W",
    "旬": "P10D",
    "两年": "P2Y",
    "三年": "P3Y",
    "学期": "P6M",
}
_UNITS = {
    "工作日": "D",
    "日": "D",
    "天": "D",
    "周": "W",
    "星期": "W",
    "个月": "M",
    "月": "M",
    "年": "Y",
    "小时": "H",
}
_PART_MONTH_DAY = {
    "上半年": (6, 30),
    "下半年": (12, 31),
    "年底": (12, 31),
    "底": (12, 31),
    "末": (12, 31),
    "年末": (12, 31),
    "内": (12, 31),
    "全年": (12, 31),
    "本年度": (12, 31),
    "当年": (12, 31),
    "年内": (12, 31),
    "一季度": (3, 31),
    "第一季度": (3, 31),
    "二季度": (6, 30),
    "第二季度": (6, 30),
    "三季度": (9, 30),
    "第三季度": (9, 30),
    "四季度": (12, 31),
    "第四季度": (12, 31),
}


@dataclass(frozen=True)
class DeadlineFinder:
    rules: RuleFile

    @classmethod
    def default(cls) -> DeadlineFinder:
        return cls(load_rule_file("deadlines"))

    def find(self, text: str, offset: int = 0, doc_year: int | None = None) -> list[Deadline]:
        """All deadlines in `text` (analysis view), offsets shifted by `offset`, longest first."""
        found: list[Deadline] = []
        taken: list[tuple[int, int]] = []
        for rule in self.rules.rules:
            if rule.get("group") == "cell":
                continue
            for m in rule.regex.finditer(text):
                if m.end() == m.start() or any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append(m.span())
                deadline = Deadline(
                    text=m.group(),
                    kind=rule.get("deadline_kind", "absolute"),
                    start=offset + m.start(),
                    end=offset + m.end(),
                    provenance=f"rule:{rule.id}",
                )
                if not rule.get("start_bound"):
                    _normalise(deadline, m, doc_year)
                found.append(deadline)
        found.sort(key=lambda d: d.start or 0)
        return found

    def find_cell(self, text: str, offset: int = 0, doc_year: int | None = None) -> list[Deadline]:
        """The deadline in a table's time-limit cell: the text rules first, then the bare forms a
        cell may hold on its own (`2024年6月`, `全年`, `长期`), the whole cell as written."""
        found = self.find(text, offset, doc_year)
        if found:
            return found
        cell = text.strip()
        lead = len(text) - len(text.lstrip())
        for rule in self.rules.by_group("cell"):
            m = rule.regex.fullmatch(cell)
            if m:
                deadline = Deadline(
                    text=cell,
                    kind=rule.get("deadline_kind", "absolute"),
                    start=offset + lead,
                    end=offset + lead + len(cell),
                    provenance=f"rule:{rule.id}",
                )
                _normalise(deadline, m, doc_year)
                return [deadline]
        return []


def _normalise(deadline: Deadline, m: re.Match[str], doc_year: int | None) -> None:
    groups = {k: v for k, v in m.groupdict().items() if v}
    if deadline.kind == "recurring":
        deadline.period = _PERIODS.get(groups.get("period") or groups.get("per", ""))
    elif deadline.kind == "relative":
        n = cn_digits_to_int(groups.get("n", ""))
        unit = _UNITS.get(groups.get("unit", ""))
        if n and unit:
            deadline.period = f"PT{n}H" if unit == "H" else f"P{n}{unit}"
            if "y" in groups and unit in ("Y", "M"):
                deadline.due = _add(int(groups["y"]), int(groups.get("m", "1")), n, unit)
    elif deadline.kind == "range":
        deadline.due = f"{groups['y2']}-12-31"
    elif deadline.kind == "absolute":
        deadline.due = _due(groups, doc_year)


def _add(year: int, month: int, n: int, unit: str) -> str:
    """The last day of the span that starts at year/month and lasts n years or months."""
    months = year * 12 + (month - 1) + (n * 12 if unit == "Y" else n) - 1
    y, mo = divmod(months, 12)
    return f"{y:04d}-{mo + 1:02d}-{calendar.monthrange(y, mo + 1)[1]:02d}"


def _due(groups: dict[str, str], doc_year: int | None) -> str | None:
    year_text = groups.get("y")
    if year_text and year_text.isdigit():
        year: int | None = int(year_text)
    elif year_text and year_text[0] in "二":
        year = cn_digits_to_int(year_text, positional=True)
    elif year_text in ("明",):
        year = doc_year + 1 if doc_year else None
    else:
        year = doc_year
    if year is None:
        return None
    part = groups.get("part")
    month_text = groups.get("m")
    if month_text:
        month = cn_digits_to_int(month_text)
        if not 1 <= month <= 12:
            return None
        last = calendar.monthrange(year, month)[1]
        if groups.get("d"):
            day = min(cn_digits_to_int(groups["d"]), last)
        elif part in ("上旬",):
            day = 10
        elif part in ("中旬", "中"):
            day = 20
        else:
            day = last
        return f"{year:04d}-{month:02d}-{day:02d}"
    if part in _PART_MONTH_DAY:
        month, day = _PART_MONTH_DAY[part]
        return f"{year:04d}-{month:02d}-{day:02d}"
    if year_text:
        return f"{year:04d}-12-31"
    return None
