"""Reading dates: one parser for the dates documents write and the ISO dates the program stores.

A document writes its date in words (`2021年1月25日`, `二〇二一年一月二十五日`) or in figures
(`2021-01-25`, `2021/1/25`); a filter or a stored record holds ISO text, often partial (`2024`,
`2024-06`). The readers of both (metadata, deadlines, index filters, status, the ledger, the web
forms) each parsed them their own way; the rules are written once here.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from duban.base.numerals import cn_digits_to_int

#: A date written in words, in Arabic or Chinese numerals (`2021年1月25日`, `二〇二一年一月二十五日`).
CN_DATE = re.compile(
    r"((?:19|20)\d{2}|[二][〇○零O０][〇○零一二三四五六七八九O０]{2})\s*年\s*"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,4})\s*日"
)
#: A date in figures with any of the usual separators (`2021-01-25`, `2021/1/25`, `2021.1.25`).
FIGURE_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
#: ISO text as stored or typed in a filter: a year, a month or a day.
PARTIAL_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# A whole ISO day in ASCII digits.
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The year and month that open an ISO text (`2024-06-30`, `2024-6`, `2024`).
_ISO_YEAR_MONTH = re.compile(r"(?P<y>(?:19|20)\d{2})(?:-(?P<m>0?[1-9]|1[0-2])(?!\d))?")


def parse_date(text: str) -> str | None:
    """The ISO date of the first date `text` writes in words, else in figures; None when there is
    none or it is no calendar day (`2021年13月1日`)."""
    m = CN_DATE.search(text)
    if m:
        year = int(m.group(1)) if m.group(1).isdigit() else cn_digits_to_int(m.group(1), positional=True)
        month = cn_digits_to_int(m.group(2))
        day = cn_digits_to_int(m.group(3))
        if year and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    m = FIGURE_DATE.search(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def partial_iso(value: str, end: bool) -> str | None:
    """An ISO day for `YYYY[-MM[-DD]]`: a year or a month becomes its first day, or with `end`
    its last; None when the value is no valid date."""
    match = PARTIAL_ISO.match(value)
    if match is None:
        return None
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if end else 1)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(match.group(3)) if match.group(3) else (last if end else 1)
    if not 1 <= day <= last:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def iso_year_month(value: str) -> tuple[int, int | None] | None:
    """The year and (if given) month an ISO text opens with; None when it opens with no year."""
    m = _ISO_YEAR_MONTH.match(value)
    if not m:
        return None
    return int(m["y"]), int(m["m"]) if m["m"] else None


def iso_day(value: str) -> str | None:
    """`value` when it is a whole ISO day (`YYYY-MM-DD`, ASCII digits) between the years 1900 and
    2999, as a check date must be; None otherwise."""
    day = as_date(value) if _ISO_DAY.fullmatch(value) else None
    return day.isoformat() if day is not None and 1900 <= day.year <= 2999 else None


def as_date(iso: str | None) -> date | None:
    """A `date` from ISO text; None for no text or text that is no date."""
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
