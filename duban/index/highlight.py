"""Highlights: the query's matches marked in a hit's own stored text, at query time.

Computed on the text itself (not from index positions), so a highlight never drifts from what is
quoted; matching uses the same folding as the index, so `纪委` marks `紀委` too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from duban.index.analysis import _CHAR_FOLD, distinct, fold_with_offsets


@dataclass(frozen=True)
class Marks:
    """How a highlight marks a match; `html` also escapes the text around it."""

    open: str = "【"
    close: str = "】"
    html: bool = False


BRACKETS = Marks()
HTML = Marks("<mark>", "</mark>", html=True)
MARK_STYLES = {"brackets": BRACKETS, "html": HTML}


def match_spans(text: str, terms: Sequence[str], folds: bool | None = None) -> list[tuple[int, int]]:
    """Sorted, merged spans of `text` where any folded term occurs (matching is on folded text).

    A text none of whose characters folds into something holding a character of the terms (a
    traditional form, a capital, a full-width digit) has its matches where the text as written
    has them (the terms are folded, and folding is per character): they are found there, no
    folding and no offsets made (~1.8 ms a long document, 10 to 20 of a page of ten). `folds`,
    if given, says whether it has such a character (`leading_spans` asks once for a text)."""
    folded: str
    offsets: Sequence[int]
    if _folds_into(text, terms) if folds is None else folds:
        folded, offsets = fold_with_offsets(text)
    else:
        folded, offsets = text, range(len(text))
    spans: list[tuple[int, int]] = []
    for term in terms:
        if not term:
            continue
        start = folded.find(term)
        while start >= 0:
            end = start + len(term)
            spans.append((offsets[start], offsets[end - 1] + 1))
            start = folded.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _folds_into(text: str, terms: Sequence[str]) -> bool:
    """Whether some character of `text` other than the terms' own folds into something holding
    one of their characters (each character's fold is kept once met, `analysis._CHAR_FOLD`), or
    a term is not as folding leaves it (then the folded text is read, as always)."""
    wanted = set("".join(terms))
    if any(_CHAR_FOLD[ch] != ch for ch in wanted):
        return True
    for ch in distinct(text):
        folded = _CHAR_FOLD[ch]
        if folded != ch and not wanted.isdisjoint(folded):
            return True
    return False


LEADING_CHARS = 1024  # a long text is folded from its start this far, then four times further:
# 4,096 found every match of a common term (人民政府: hundreds) in the first 4,096 characters, each
# placed and merged in Python, where the fragments need the first few (0.8 → 0.13 ms a document)


def leading_spans(
    text: str, terms: Sequence[str], max_chars: int = 240, context: int = 30
) -> list[tuple[int, int]]:
    """The spans `highlight` shows of a long text, and its first span: the same as those of
    `match_spans` that fall in its fragments, found by folding only the start of the text they
    need. A document hit's text is tens of thousands of characters and folding it whole cost
    more than the search that found it (2-3 ms a document, ten on a page).

    Folding works character by character and never shortens a character, so a match that starts
    `longest` characters before the end of a folded prefix is wholly inside it: once the
    fragments end before that point, no later match can change them."""
    longest = max((len(term) for term in terms if term), default=0)
    folds = _folds_into(text, terms)
    size = LEADING_CHARS
    while longest and size < len(text):
        safe = size - longest
        spans = [span for span in match_spans(text[:size], terms, folds) if span[0] < safe]
        windows = _windows(spans, len(text), max_chars, context)
        if spans and sum(end - start for start, end in windows) >= max_chars and windows[-1][1] <= safe:
            return spans
        size *= 4
    return match_spans(text, terms, folds)


def highlight(
    text: str,
    terms: Sequence[str],
    marks: Marks = BRACKETS,
    max_chars: int | None = 240,
    context: int = 30,
    spans: list[tuple[int, int]] | None = None,
) -> str:
    """`text` with matches marked; texts longer than `max_chars` become fragments around matches.
    `spans`, if given, are the text's match spans (`match_spans`, or `leading_spans`).

    Computed on the hit's own text at query time, so a highlight always quotes what is stored.
    """
    spans = match_spans(text, terms) if spans is None else spans
    if max_chars is None or len(text) <= max_chars:
        windows = [(0, len(text))]
    else:
        windows = _windows(spans, len(text), max_chars, context)
    pieces: list[str] = []
    for w_start, w_end in windows:
        if w_start > 0:
            pieces.append("…")
        cursor = w_start
        for start, end in spans:
            if end <= w_start or start >= w_end:
                continue
            start, end = max(start, w_start), min(end, w_end)
            pieces.append(_plain(text[cursor:start], marks))
            pieces.append(marks.open + _plain(text[start:end], marks) + marks.close)
            cursor = end
        pieces.append(_plain(text[cursor:w_end], marks))
    if windows[-1][1] < len(text):
        pieces.append("…")
    return "".join(pieces)


def _plain(text: str, marks: Marks) -> str:
    if not marks.html:
        return text
    from html import escape

    return escape(text, quote=False)


def _windows(
    spans: list[tuple[int, int]], length: int, max_chars: int, context: int
) -> list[tuple[int, int]]:
    """Windows of context around the first matches, merged, adding up to about `max_chars`."""
    if not spans:
        return [(0, max_chars)]
    windows: list[tuple[int, int]] = []
    total = 0
    for start, end in spans:
        window = (max(0, start - context), min(length, end + context))
        if windows and window[0] <= windows[-1][1]:
            total -= windows[-1][1] - windows[-1][0]
            window = (windows[-1][0], window[1])
            windows[-1] = window
        else:
            windows.append(window)
        total += window[1] - window[0]
        if total >= max_chars:
            break
    return windows
