"""Screens for slow rule patterns: words a match cannot do without, read from the pattern once.

Why: progress asks every piece of every paragraph whether each status rule matches, and some
rules cannot skip ahead to where they could start (`[一-鿿]了`, a clause start found by a
lookbehind, then a scan for the keyword): the regex engine tries them at every character. A
pattern's parse tree tells which literal words every match must contain (`misuse_figure` needs one
of `挪用`, `套取`…; `done_past` needs `了`); where none of them is in the text, the rule cannot
match and is not run. The answer is the pattern's own: a screen only skips searches that would fail.

The tree is read with the standard library's own regex parser (`re._parser`, private): a pattern
it cannot read, or a parser of another shape, gives no screen, never a wrong one.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import duban.pipeline.layout as layout
from duban.pipeline.layout import OPS as OPS
from duban.pipeline.layout import REGEX_PARSER, is_anchored_alternation

log = logging.getLogger(__name__)

# The regex parser every screen reads patterns with (`layout`'s, where the joined rule groups are
# read too); None on a Python whose regex internals lie elsewhere: no screens, the same answers.
_PARSER: Any = REGEX_PARSER

# Above this many words a set is no screen worth its cost (a list of phrases is as fast to search).
_MAX_WORDS = 24
# Word sets longer than this, joined across a sequence, are cut into separate requirements.
_MAX_PRODUCT = 64

Words = frozenset[str]
Search = Callable[[str], "re.Match[str] | None"]


def needed_words(pattern: re.Pattern[str]) -> Words | None:
    """Words one of which every match of `pattern` contains (in the text searched, lookarounds
    included), or None when the pattern requires no literal word that the parse tree shows."""
    return _requirement(pattern)[0]


def screened(pattern: re.Pattern[str]) -> Search:
    """`pattern.search` (of `fast_start(pattern)`: the same matches), skipped (None) where the text
    lacks every word a match needs. A pattern that is only a list of words (`lagging`'s phrases) is
    its own screen."""
    words = _screen_words(pattern)
    search = fast_start(pattern).search
    if words is None:
        return search
    if len(words) == 1:
        (word,) = words
        return lambda text: search(text) if word in text else None
    finder = _finder(words)
    return lambda text: search(text) if finder(text) else None


def may_match(pattern: re.Pattern[str]) -> Callable[[str], bool] | None:
    """Whether a text holds a word every match of `pattern` needs (False: the pattern cannot match
    anywhere in it), for a caller that then runs the pattern its own way (`finditer`); None where
    `screened` would not screen the pattern either."""
    words = _screen_words(pattern)
    return None if words is None else _holds_any(words)


def parse_tree(pattern: re.Pattern[str]) -> list[tuple[Any, Any]] | None:
    """`layout.parse_tree`: the items of `pattern`'s parse tree (codes `OPS`), or None where the
    parser cannot be used. The one way every screen reads a pattern, so none needs a screen that
    a Python of another shape would get wrong."""
    return None if _PARSER is None else layout.parse_tree(pattern)


def fast_start(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`layout.fast_start`: `pattern` behind a look-ahead for the characters its matches can open
    with, where `re` cannot skip along a text to them itself (the same matches); the pattern as it
    is without the parser. It lives with the layout's `GroupMatcher`, which asks its joined rule
    groups in that form too."""
    return pattern if _PARSER is None else layout.fast_start(pattern)


def _screen_words(pattern: re.Pattern[str]) -> Words | None:
    """The words a screen of `pattern` tests, or None where a screen does not pay: no words, too
    many, or a pattern that is only those words (searching it is the test)."""
    words, exact = _requirement(pattern)
    return None if words is None or len(words) > _MAX_WORDS or exact else words


def skips(pattern: re.Pattern[str]) -> bool:
    """Whether `screened(pattern)` skips a text the pattern does not match without trying it at
    every position: a screen of the words a match needs, or first characters `re` skips along to
    (its own, or `fast_start`'s look-ahead), or an anchor at the start. False where the parser
    cannot read the pattern.

    Why: one rule that skips no text, joined into a group's alternation, costs the whole group
    that (`ProgressFinder` asks such a group rule by rule, each with its own screen)."""
    if _screen_words(pattern) is not None or fast_start(pattern) is not pattern:
        return True
    tree = parse_tree(pattern)
    if not tree:
        return False
    try:
        return tree[0] == (OPS.AT, OPS.AT_BEGINNING) or is_anchored_alternation(tree) or _first_known(tree)
    except Exception:  # a tree of another shape: say it does not skip (the group is asked as before)
        log.debug("no shape for %r", pattern.pattern, exc_info=True)
        return False


def _holds_any(words: Words) -> Callable[[str], bool]:
    """Whether a text holds one of `words` (one word: a plain `in`)."""
    if len(words) == 1:
        (word,) = words
        return lambda text: word in text
    finder = _finder(words)
    return lambda text: finder(text) is not None


def _finder(words: Words) -> Search:
    """One search for any of `words`, longest first."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))).search


def _requirement(pattern: re.Pattern[str]) -> tuple[Words | None, bool]:
    """`needed_words`, and whether every match is exactly one of them (a list of phrases)."""
    tree = None if pattern.flags & re.IGNORECASE else parse_tree(pattern)
    if tree is None:
        return None, False
    try:
        words, exact = _sequence(tree)
    except Exception:  # a tree of another shape: no screen, never a wrong one
        log.debug("no screen for %r", pattern.pattern, exc_info=True)
        return None, False
    return (_minimal(words) if words else None), exact


def any_match(searches: tuple[Search, ...]) -> Callable[[str], bool]:
    """Whether any of `searches` finds something in a text, tried in turn: one call per question
    (a group's single alternation is called directly, without a loop around it)."""
    if len(searches) == 1:
        (search,) = searches
        return lambda text: search(text) is not None

    def each(text: str) -> bool:
        # A plain loop, not `any()` over a generator: this runs a million times on 600 documents,
        # and the generator's frame per search cost more than most of the (screened) searches.
        for search in searches:  # noqa: SIM110 (see above)
            if search(text) is not None:
                return True
        return False

    return each


def _minimal(words: Words) -> Words | None:
    """The set without words that contain another of it (`普遍存在` goes where `存在` is)."""
    if "" in words:
        return None
    return frozenset(w for w in words if not any(o != w and o in w for o in words))


def _better(a: Words | None, b: Words | None) -> Words | None:
    """The more telling of two requirements: its shortest word the longer, then fewer words."""
    if a is None or "" in a:
        return b
    if b is None or "" in b:
        return a
    return max(a, b, key=lambda w: (min(map(len, w)), -len(w)))


def _sequence(items: list[tuple[Any, Any]]) -> tuple[Words | None, bool]:
    """A sequence's requirement and whether it matches exactly one of those words. Exact items in
    a row join into longer words (`违规` + `拨付|分配` → `违规拨付`, `违规分配`)."""
    best: Words | None = None
    run: Words = frozenset({""})
    exact = True
    for op, av in items:
        words, whole = _node(op, av)
        if whole and words is not None:
            joined = frozenset(a + b for a in run for b in words)
            if len(joined) <= _MAX_PRODUCT:
                run = joined
                continue
            best, run = _better(best, run), words
        else:
            best, run = _better(_better(best, run), words), frozenset({""})
        exact = False
    if exact:
        return run, True
    return _better(best, run), False


def _node(op: Any, av: Any) -> tuple[Words | None, bool]:
    """One node of the parse tree: what it requires and whether it is exactly one of those words."""
    if op is OPS.LITERAL:
        return frozenset({chr(av)}), True
    if op is OPS.SUBPATTERN:
        _, add_flags, _, body = av
        return (None, False) if add_flags & re.IGNORECASE else _sequence(list(body))
    if op is OPS.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is OPS.BRANCH:
        union: set[str] = set()
        exact = True
        for branch in av[1]:
            words, whole = _sequence(list(branch))
            if words is None or "" in words:
                return None, False
            union |= words
            exact = exact and whole
        return (frozenset(union), exact) if len(union) <= _MAX_PRODUCT else (None, False)
    if op is OPS.IN:
        if len(av) <= _MAX_PRODUCT and all(kind is OPS.LITERAL for kind, _ in av):
            return frozenset(chr(code) for _, code in av), True
        return None, False
    if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT):
        low, high, body = av
        if low < 1:
            return None, False
        words, whole = _sequence(list(body))
        return words, whole and low == high == 1
    if op is OPS.ASSERT:  # a lookahead or lookbehind reads the searched text too
        return _sequence(list(av[1]))[0], False
    return None, False


# A run of at least this many arbitrary characters (`[^。；]{0,40}`, `.*`) is one `re` reads through
# before it can fail: a pattern that opens with one costs a pass over the text wherever it is tried.
_LONG_RUN = 8


def word_screen(pattern: re.Pattern[str]) -> Callable[[str], bool] | None:
    """Whether a text holds a word every match of `pattern` needs, for a pattern `re` cannot skip
    through a text that does not match it; None where the pattern's own search is as fast.

    Why: `re` skips along a text to the characters a match can start with only when it knows them
    (every branch opens with a literal or a set of them); a branch opening with a lookbehind, a
    negated set or a run of them (`(?<!主)要`, `[^。；]{0,40}?共计`) is tried, and fails, at every
    position, or at the start reads along the whole run. One search for the words such a pattern
    needs is cheaper than that. On joined measure groups over 586 real documents the screen cut
    `reject` to a third and `directive` to a half, and lost time on every group whose branches
    open with literals, which is why those get none."""
    tree = parse_tree(pattern)
    if tree is None:
        return None
    try:
        anchored = bool(tree) and tree[0] == (OPS.AT, OPS.AT_BEGINNING)
        slow = _opens_with_run(tree) if anchored or is_anchored_alternation(tree) else not _first_known(tree)
    except Exception:  # a tree of another shape: no screen, never a wrong one
        log.debug("no shape for %r", pattern.pattern, exc_info=True)
        return None
    words = needed_words(pattern) if slow else None
    return None if words is None else _holds_any(words)


def _first_known(items: list[tuple[Any, Any]]) -> bool:
    """Whether every match of the sequence opens with a literal character or one of a set of them
    (what lets `re` skip to the places a match may start)."""
    if not items:
        return False
    op, av = items[0]
    if op is OPS.LITERAL:
        return True
    if op is OPS.IN:
        return all(kind in (OPS.LITERAL, OPS.RANGE) for kind, _ in av)
    if op is OPS.BRANCH:
        return all(_first_known(list(branch)) for branch in av[1])
    if op is OPS.SUBPATTERN:
        return _first_known(list(av[3]))
    if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT):
        return bool(av[0] >= 1 and _first_known(list(av[2])))
    return False


def _opens_with_run(items: list[tuple[Any, Any]]) -> bool:
    """Whether the sequence, before its first required character, may read a long run of arbitrary
    characters (a negated set or `.` repeated up to `_LONG_RUN` times or more)."""
    for op, av in items:
        if op is OPS.AT or op is OPS.ASSERT or op is OPS.ASSERT_NOT:
            continue
        if op is OPS.SUBPATTERN:
            body = list(av[3])
            if _opens_with_run(body):
                return True
            if _can_be_empty(body):
                continue
            return False
        if op is OPS.BRANCH:
            branches = [list(branch) for branch in av[1]]
            if any(_opens_with_run(branch) for branch in branches):
                return True
            if any(_can_be_empty(branch) for branch in branches):
                continue
            return False
        if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT):
            low, high, repeated = av
            body = list(repeated)  # a new name: compiled by mypyc, `body` is a list from its first binding
            if high >= _LONG_RUN and len(body) == 1 and _is_wide(*body[0]):
                return True
            if _opens_with_run(body):
                return True
            if low == 0 or _can_be_empty(body):
                continue
            return False
        return False
    return False


def _is_wide(op: Any, av: Any) -> bool:
    """Whether one item matches almost any character: `.` or a negated set."""
    return op is OPS.ANY or (op is OPS.IN and bool(av) and av[0][0] is OPS.NEGATE)


def _can_be_empty(items: list[tuple[Any, Any]]) -> bool:
    """Whether the sequence may match the empty string (every item optional or zero-width)."""
    for op, av in items:
        if op in (OPS.AT, OPS.ASSERT, OPS.ASSERT_NOT):
            continue
        if op in (OPS.MAX_REPEAT, OPS.MIN_REPEAT, OPS.POSSESSIVE_REPEAT):
            if av[0] == 0 or _can_be_empty(list(av[2])):
                continue
            return False
        if op is OPS.SUBPATTERN:
            if _can_be_empty(list(av[3])):
                continue
            return False
        if op is OPS.BRANCH:
            if any(_can_be_empty(list(branch)) for branch in av[1]):
                continue
            return False
        return False
    return True
