"""Write `holidays.txt`: the Gregorian dates of the holidays that move with the lunar calendar or
the solar terms (春节, 元宵, 清明, 端午, 中秋), 2000–2050.

A deadline bound named by a holiday (`春节前`, `中秋节前`) falls due the day before it, and for
these holidays that day moves from year to year. Reckoning the Chinese calendar is a library's
work (new moons and solar terms from astronomical tables), and the pipeline should not carry one
at run time for five dates a year: this script asks one once, and the table is data the deadline
finder reads (`duban.rules.holidays`, which validates it on load). Fixed-date holidays (元旦,
五一, 七一, 八一, 国庆) need no table.

Run it in a throwaway environment with `borax` (MIT licence), which the project does not depend
on::

    python -m venv /tmp/hol/venv && /tmp/hol/venv/bin/pip install borax
    /tmp/hol/venv/bin/python duban/rules/lexicons/mine_holidays.py            # write holidays.txt
    /tmp/hol/venv/bin/python duban/rules/lexicons/mine_holidays.py --check    # compare only
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 2000, 2050
OUT = Path(__file__).with_name("holidays.txt")
# Dates known from the official holiday notices, each table checked against before it is written.
_KNOWN = {
    ("春节", 2024): date(2024, 2, 10),
    ("春节", 2025): date(2025, 1, 29),
    ("中秋", 2024): date(2024, 9, 17),
    ("端午", 2024): date(2024, 6, 10),
    ("清明", 2024): date(2024, 4, 4),
    ("元宵", 2024): date(2024, 2, 24),
}
_HEADER = f"""\
# Gregorian dates of the holidays that move: `year name YYYY-MM-DD`, one a line, {FIRST_YEAR}–{LAST_YEAR}.
# 春节 (lunar 1-1), 元宵 (lunar 1-15), 清明 (the solar term), 端午 (lunar 5-5), 中秋 (lunar 8-15).
# Written by mine_holidays.py (the `borax` calendar library, MIT): do not edit by hand.
"""


def _table() -> list[tuple[int, str, date]]:
    """Each year's five dates, from the calendar library (imported here: a tool-only dependency)."""
    from borax.calendars.festivals2 import TermFestival
    from borax.calendars.lunardate import LunarDate

    lunar = {"春节": (1, 1), "元宵": (1, 15), "端午": (5, 5), "中秋": (8, 15)}
    rows: list[tuple[int, str, date]] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for name in ("春节", "元宵", "清明", "端午", "中秋"):
            if name == "清明":
                day = TermFestival(name="清明").at(year)
            else:
                month, mday = lunar[name]
                # the month itself, never a leap month of the same number (leap=0)
                day = LunarDate(year, month, mday, 0).to_solar_date()
            rows.append((year, name, day))
    return rows


def render(rows: list[tuple[int, str, date]]) -> str:
    return _HEADER + "".join(f"{year} {name} {day.isoformat()}\n" for year, name, day in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file, write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows = _table()
    got = {(name, year): day for year, name, day in rows}
    wrong = [
        f"{name} {year}: {got.get((name, year))} != {want}"
        for (name, year), want in _KNOWN.items()
        if got.get((name, year)) != want
    ]
    if wrong:
        log.error("the library disagrees with known dates: %s", "; ".join(wrong))
        return 1
    text = render(rows)
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        log.info("%s is %s", OUT.name, "up to date" if same else "out of date")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    log.info("wrote %d dates to %s", len(rows), OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
