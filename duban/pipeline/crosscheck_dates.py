"""The dates the cross-check compares: when a follower was written, when a directive was issued.

A follower cannot relay a directive issued after it; most minutes and web pages carry no extracted
signing date, so both sides' dates are read from what the page prints (`rules/crosscheck.yaml`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from duban.base.stored import StoredDocument
from duban.index.analysis import fold
from duban.rules.ruleset import load_rule_file

_GROUPS = ("issue_date", "page_date", "named_year", "revision_date", "article", "own_year")
_RULES = load_rule_file("crosscheck").require((*_GROUPS, "text_year", "year_ahead"))
_TEXT_YEAR = _RULES.regex("text_year")
_YEAR_AHEAD = _RULES.regex("year_ahead")
_ISSUE_DATE = _RULES.regex("issue_date")
_NAMED_YEAR = _RULES.regex("named_year")
_REVISION_DATE = _RULES.regex("revision_date")
_ARTICLE = _RULES.regex("article")
_OWN_YEAR = _RULES.regex("own_year")
# Where a page prints its own dates: the head (enactment note, date line) and the tail (signature).
_DATE_HEAD = 600
_DATE_TAIL = 300


_PAGE_DATE = _RULES.regex("page_date")


def follower_date(record: StoredDocument) -> str | None:
    """The date a follower is known by: the latest of its extracted date, its latest revision
    (`revised_on`) and the dates its page prints as its own (`YYYY-MM-DD`): a dated title or opening
    line (`…常务会议（2014年3月19日）`), or a date field in the head (`发布时间：2019-04-04`).

    Many minutes and web pages have no extracted signing date, so the rule that a follower cannot
    follow a directive issued after it never applied to them (a 2014 meeting linked to the 2024
    work report it could not have read). A page's date is its signing date or later, which only
    makes the rule looser than the signing date would, never wrong; the latest of several is the
    safe one for the same reason, and so it is taken even beside an extracted date. A statute's
    extracted date (its first enactment) is not used at all: its page carries the version of a later
    revision or annex, which may cite what was enacted since. Only for followers: a directive's later
    page date would make an earlier follower look as if it came first (`issued_bound`).
    """
    # a statute's extracted date is its first enactment, and its page the version in force, which
    # may cite what was enacted since without a revision note the head shows: on the real corpus,
    # 28 regulations linked by title to the laws they cite were refused by their enactment date
    own = None if is_statute(record.text) else record.doc.date
    found = [day for day in (own, revised_on(record.text)) if day]
    text = record.text.lstrip()
    first = text.split("\n", 1)[0]
    for part, dated_title in ((record.doc.title or "", True), (first, True), (text[:_DATE_HEAD], False)):
        for m in _PAGE_DATE.finditer(fold(part)):
            if m.group(0)[:1] in "(（" and not dated_title:
                continue  # a bracketed date in the body cites another document's date
            if day := _iso_day(m):
                found.append(day)
    return max(found) if found else None


def issued_bound(record: StoredDocument, read_page: bool = True) -> str | None:
    """The day a directive was issued no earlier than: the earlier of its extracted date and the
    earliest issue date its page prints (`issued_not_before`); with `read_page` False, None for a
    directive without an extracted date.

    The earlier one, because the rule it serves refuses a link, and should only when sure: a
    regulation's page that notes in its tail the predecessor it repeals (`1990年2月18日国务院发布的
    《…规定》同时废止`) is still cited by that predecessor's title in texts written before it, and
    a title shared by two versions cannot tell them apart (on the real corpus, 51 known relations
    between statutes were refused when the extracted date alone was the bound)."""
    own = record.doc.date
    printed = issued_not_before(record.text) if own or read_page else None
    found = [day for day in (own, printed) if day]
    return min(found) if found else None


@lru_cache(maxsize=4096)
def revised_on(text: str) -> str | None:
    """The latest revision a statute page's head notes (`2009年8月27日…《关于修改…的决定》第二次修正`),
    as `YYYY-MM-DD`, or None.

    A revised regulation is extracted with its first enactment's date, yet the page carries the
    version of its latest revision, which may cite documents issued after the first enactment (a
    1994 regulation revised in 2005 implementing a 2004 one). A follower cannot follow a later
    document, so it is dated by its latest version: later than the enactment, which only makes
    the rule looser, and only by what the page itself prints.
    """
    found = [day for m in _REVISION_DATE.finditer(text[:_DATE_HEAD]) if (day := _iso_day(m))]
    return max(found) if found else None


@lru_cache(maxsize=4096)
def issued_not_before(text: str) -> str | None:
    """For a document without an extracted date, the earliest date its head or tail prints as an
    issue date (a date line, `…通过`, `…公布`, `…修正`), as `YYYY-MM-DD`: it was issued no earlier.

    Without it a directive with no date passed the date filter whatever the follower's date. The
    earliest such date is a safe lower bound: a revised statute's head lists its first enactment
    first, and a follower of any version is dated after that. Deadlines (`…日前`) and effective
    dates (`自…起施行`) are not issue dates and are not read.
    """
    found = [
        day
        for part in (text[:_DATE_HEAD], text[-_DATE_TAIL:])
        for m in _ISSUE_DATE.finditer(part)
        if (day := _iso_day(m))
    ]
    return min(found) if found else None


@lru_cache(maxsize=4096)
def _years_written(text: str) -> tuple[int | None, int | None]:
    """The latest year a text writes as reached (`text_year` outside a `year_ahead`), and the
    latest it writes at all, targets and deadlines included."""
    folded = fold(text)
    ahead = [m.span() for m in _YEAR_AHEAD.finditer(folded)]
    reached: list[int] = []
    written: list[int] = []
    for m in _TEXT_YEAR.finditer(folded):
        year = int(m.group("year"))
        written.append(year)
        if not any(s <= m.start("year") < e for s, e in ahead):
            reached.append(year)
    return max(reached, default=None), max(written, default=None)


def cited_not_before(record: StoredDocument) -> str | None:
    """A lower bound on when a document that is not a statute was issued: the first day of the
    latest year its text writes as reached (`2015年以来`, `2023年，全市…`; not a target, a deadline or
    a period's end: `year_ahead`), as `YYYY-MM-DD`, or None.

    A document cannot precede the years it looks back on, so a news page of a plan that prints no
    date, yet says what was done in 2017, was issued in 2017 or later; an undated follower of
    2015 cannot relay it. A statute's page is left out: its head lists later revisions and its
    articles the years they take effect, and it is dated by its enactment (`issued_not_before`).
    """
    if is_statute(record.text):
        return None
    reached, _ = _years_written(record.text)
    return f"{reached:04d}-01-01" if reached else None


def written_by(record: StoredDocument) -> str | None:
    """When a follower was written, for the content filter (`crosscheck.content_blocks`): its date
    (`follower_date`), else the last day of the latest year its text writes, targets included.

    A follower that prints no date of its own (a news item's `近日`, a work report's `今年`) still
    writes years, and it is read as written by the end of the latest: a page that writes no year
    after 2018 relays no document of 2021, whose year it would name. The bound is not sure (a news
    item may name only an older year), so it rules out content links only, never a title or a
    number the follower names: over the real corpus's 4,602 known relations it would have ruled
    out 41 (1 %), over its 93 content links not listed 5, all judged wrong.
    """
    dated = follower_date(record)
    if dated:
        return dated
    _, written = _years_written(record.text)
    return f"{written:04d}-12-31" if written else None


def _iso_day(m: re.Match[str]) -> str | None:
    """A match's `year`, `month` and `day` groups as `YYYY-MM-DD`, or None for a month or day that
    no calendar has (a misread figure)."""
    month, day = int(m.group("month")), int(m.group("day"))
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{int(m.group('year')):04d}-{month:02d}-{day:02d}"
    return None


def named_years(title: str) -> frozenset[int]:
    """The years a title says it is for: `2019年`, `2023年度`, every year of `2021—2025年`."""
    years: set[int] = set()
    for m in _NAMED_YEAR.finditer(fold(title)):
        first = int(m.group("year"))
        last = int(m.group("last") or first)
        years.update(range(first, last + 1) if 0 <= last - first <= 10 else (first,))
    return frozenset(years)


def in_named_year(directive: StoredDocument, follower: StoredDocument) -> int | None:
    """The follower's year when it is one the directive's title says it is for, else None.

    A directive for a year or a period (`关于2019年部分节假日安排的通知`, `2021—2025年行动方案`) is
    followed in that year; an older notice on the same topic names another year, or none. So a
    follower dated (`follower_date`) in a named year is evidence for the pair that topic words
    cannot give, and the one that separates a true directive from its look-alike of an earlier year.
    """
    dated = follower_date(follower) or ""
    year = int(dated[:4]) if dated[:4].isdigit() else None
    return year if year in named_years(directive.doc.title or "") else None


STATUTE_ARTICLES = 8
"""Article numbers (`第一条`…) in a document's first 20,000 characters that make it a statute."""


@lru_cache(maxsize=64)
def is_statute(text: str) -> bool:
    """A law or regulation (`第一条`, `第二条`… articles): it lays down standing rules, and
    re-enacts formulations rather than follows (never linked by content as a follower). Cached
    for the few documents in hand (a directive's measures are read one after the other)."""
    return len(_ARTICLE.findall(text[:20000])) >= STATUTE_ARTICLES


def standing_bound(directive_text: str, deadline_text: str) -> bool:
    """Whether a deadline is a statute's standing rule, which has no date to fall due on.

    A regulation's `次年三月三十一日前` (a tax return), `十月底前` (a budget adjustment),
    `开工五日前` or `十二月一日至次年三月一日` (a season) come round every year or with every
    case; read against the regulation's own date they gave its articles due dates decades back
    (of the 222 overdue measures of the real corpus, 73 were such articles). A bound that names
    its year (`至1993年7月1日`, a transitional provision) keeps its date, as does every bound of a
    document that is not a statute. (No article of a statute is overdue at all: `status`.)"""
    return is_statute(directive_text) and not _OWN_YEAR.search(fold(deadline_text))
