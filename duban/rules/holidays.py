"""Holiday dates (`lexicons/holidays.txt` for those that move, fixed ones here), read once.

A deadline bound named by a holiday (`春节前`, `“五一”前`, `中秋节前`) falls due the day before
it. 元旦, 五一, 六一, 七一, 八一 and 国庆 keep their day; 春节, 元宵, 端午 and 中秋 follow the lunar
calendar and 清明 a solar term, so their days are a table written by `mine_holidays.py` (a
calendar library runs there, never at run time). The table is checked when it loads, as the
rule files are: a malformed line, a date outside its year, a name it does not know, or a year
of 2000–2050 missing for a name fails with E030 naming the line, not as a silent missing due date.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from duban.base.errors import DubanError, E
from duban.rules.ruleset import lexicon_path

FIRST_YEAR, LAST_YEAR = 2000, 2050
FIXED = {"元旦": (1, 1), "五一": (5, 1), "六一": (6, 1), "七一": (7, 1), "八一": (8, 1), "国庆": (10, 1)}
MOVING = ("春节", "元宵", "清明", "端午", "中秋")
# The names documents write for the same holiday (`国庆节`, `“十一”`, `劳动节`, `中秋节`).
_ALIASES = {"十一": "国庆", "劳动节": "五一"}


def canonical(name: str) -> str | None:
    """The holiday a written name means (`国庆节` → 国庆, `十一` → 国庆), None for none known."""
    if name in _ALIASES:
        return _ALIASES[name]
    for form in (name, name.removesuffix("节")):  # 春节 is a name, 中秋节 its holiday's with 节
        if form in FIXED or form in MOVING:
            return form
    return None


@cache
def moving_dates() -> dict[tuple[str, int], date]:
    """The table `lexicons/holidays.txt`: (holiday, year) → its Gregorian day, validated."""
    path = lexicon_path("holidays.txt")
    return parse_holiday_table(path.read_text(encoding="utf-8"), str(path))


def parse_holiday_table(text: str, path: str) -> dict[tuple[str, int], date]:
    """A holiday table's lines (`2025 春节 2025-01-29`, `#` comments) as (holiday, year) → day;
    E030 naming `path` and the line for a malformed line, an unknown holiday, a day outside its
    year, a repeated pair, or a year of 2000–2050 missing for a holiday."""
    table: dict[tuple[str, int], date] = {}
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue

        def fail(detail: str, line_no: int = line_no) -> DubanError:
            return DubanError(E.RULES_INVALID, path=path, line=line_no, detail=detail)

        fields = line.split()
        if len(fields) != 3 or not fields[0].isdigit():
            raise fail(f"应为“年 节日 YYYY-MM-DD”：{line!r}")
        year, name = int(fields[0]), fields[1]
        try:
            day = date.fromisoformat(fields[2])
        except ValueError:
            raise fail(f"日期无效：{fields[2]!r}") from None
        if name not in MOVING:
            raise fail(f"未知节日：{name!r}")
        if day.year != year:
            raise fail(f"{name} 的日期 {day} 不在 {year} 年")
        if (name, year) in table:
            raise fail(f"{year} 年 {name} 重复")
        table[(name, year)] = day
    missing = [f"{y} {n}" for n in MOVING for y in range(FIRST_YEAR, LAST_YEAR + 1) if (n, y) not in table]
    if missing:
        raise DubanError(E.RULES_INVALID, path=path, line=0, detail=f"缺少：{'、'.join(missing[:5])}")
    return table


def holiday_in(name: str, year: int) -> date | None:
    """The day of holiday `name` (canonical) in `year`; None outside the table's years."""
    if name in FIXED:
        month, day = FIXED[name]
        return date(year, month, day)
    return moving_dates().get((name, year))


def next_holiday(name: str, day: date) -> date | None:
    """The first day of holiday `name` (canonical) on or after `day`."""
    found = holiday_in(name, day.year)
    if found is not None and found < day:
        found = holiday_in(name, day.year + 1)
    return found
