"""Numbering markers of official documents and the block a marked line makes.

Chinese official documents number their parts in a fixed hierarchy (一、 > （一） > 1. > （1） > ①),
with bullets (★ ●) and articles (第X条) beside it. The markers and their levels are data
(`rules/vocabulary.yaml`, group `marker`).
"""

from __future__ import annotations

import re
from functools import cache

from duban.base.model import Block
from duban.base.numerals import cn_digits_to_int
from duban.rules.vocabulary import item_markers

_CN_NUM = "一二三四五六七八九十百零〇"
_DIGITS = "0-9０-９"
TERMINAL = tuple("。！？；!?;")
# A marker's number (`marker_number`) and every numeral run in it (`marker_style`), compiled once:
# both are asked of every marked line and of every marker met inside a line.
_NUMBER = re.compile(rf"[{_CN_NUM}]+|[{_DIGITS}]+")
_NUMERALS = re.compile(rf"[{_CN_NUM}{_DIGITS}]+")
# An enumerator inside a paragraph (`一是…`): a clause marker, not an item of the layout.
ENUMERATOR_LEVEL = 9


def match_marker(line: str) -> tuple[str, int] | None:
    """The numbering marker that opens `line` and its level, if any."""
    markers, joined, levels, opener = _markers()
    if opener is not None and opener.match(line) is None:
        return None  # no marker opens with the line's first character (most lines of prose)
    if joined is not None:
        # One match of all markers: alternatives are tried in order, so the branch that matches is
        # the first marker that matches alone, and its outer group names it.
        m = joined.match(line)
        if m is None:
            return None
        return m.group(), levels[m.lastgroup or ""]
    for pattern, level in markers:
        m = pattern.match(line)
        if m:
            return m.group(), level
    return None


@cache
def _markers() -> tuple[
    tuple[tuple[re.Pattern[str], int], ...], re.Pattern[str] | None, dict[str, int], re.Pattern[str] | None
]:
    """The markers in the order they are tried; all of them as one alternation, each marker in an
    outer group `_m<i>` (None if they cannot be joined); the level of each group name; and the
    characters a marker can open with, as one class read off the alternation (`layout.first_chars`;
    None when not known). Built once: every line of every document, and the extractors' sentences
    and clauses, ask (some 85,000 times on 300 real documents, most of them of a line no marker
    opens, which the class turns away at a tenth of the joined alternation's cost)."""
    markers = item_markers()
    levels = {f"_m{i}": level for i, (_, level) in enumerate(markers)}
    try:
        joined: re.Pattern[str] | None = re.compile(
            "|".join(f"(?P<_m{i}>{p.pattern})" for i, (p, _) in enumerate(markers))
        )
    except re.error:
        joined = None
    # `layout` imports this module: its parse helpers are read at first use, not at import
    from duban.pipeline.layout import first_chars

    return markers, joined, levels, first_chars(joined) if joined is not None else None


def line_block(line: str, start: int, end: int) -> Block:
    """The block of one line: a heading (a short title or a part above articles), an item
    (a marked line with a body), or a paragraph."""
    found = match_marker(line)
    if found is None:
        return Block("paragraph", start, end)
    marker, level = found
    body = line[len(marker) :].strip()
    if lists_numerals(marker, body):
        return Block("paragraph", start, end)
    heading = level <= 2 or (len(body) <= 30 and not body.endswith(TERMINAL) and "，" not in body)
    return Block("heading" if heading else "item", start, end, level=level, marker=marker)


def lists_numerals(marker: str, rest: str) -> bool:
    """Whether `marker` is the first of a run of numerals (`一、二、三产业分别增长…`: the first,
    second and third industries), not an item's marker: the next marker of its own style follows it
    directly, with no text of the item between them (real work reports NR00270, NR00297)."""
    after = match_marker(rest[:8])
    number = marker_number(marker)
    return (
        after is not None
        and number is not None
        and marker_style(after[0]) == marker_style(marker)
        and marker_number(after[0]) == number + 1
    )


def marker_number(marker: str) -> int | None:
    """The number a marker carries (`（十二）` → 12, `３.` → 3), if any."""
    digits = _NUMBER.search(marker)
    if not digits:
        return None
    return cn_digits_to_int(digits.group().translate(_FULL_DIGITS))


def marker_style(marker: str) -> str:
    """A marker with its number blanked (`二、` → `N、`), to tell siblings from sub-items."""
    return _NUMERALS.sub("N", marker.replace("(", "（").replace(")", "）"))


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
