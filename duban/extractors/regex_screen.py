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

import importlib
import logging
import re
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

_PARSER: Any
_OPS: Any
try:
    _PARSER = importlib.import_module("re._parser")
    _OPS = importlib.import_module("re._constants")
except ImportError:  # a Python whose regex internals lie elsewhere: no screens, the same answers
    _PARSER = _OPS = None
#: The operation codes of `parse_tree`'s items (None with the parser).
OPS: Any = _OPS
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


def fast_start(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, or the same pattern behind a look-ahead for the characters its matches can open
    with, where `re` cannot skip along a text to them itself: the same matches at the same places
    (a match can only open where the look-ahead holds), found without trying every branch at
    every position.

    Why: `re` skips to the places a match may open only when the pattern's first item says which
    characters those are; a pattern that opens with a lookbehind or an anchor among its branches
    (`units.yaml`'s `not_name`: `(?<=政府|…)组织…|^的|按照|…`, some fifty branches) is tried branch
    by branch at every position. One character class tested first costs a tenth of that (1-3 µs
    a name with `not_name`). Where the first characters are unknown (a negated set, `.`, a match
    that may be empty), where `re` knows them already or where the pattern is anchored at the
    start (`re` tries the start alone; a look-ahead in front would have it try every position),
    the pattern itself."""
    tree = None if pattern.flags & re.IGNORECASE else parse_tree(pattern)
    if not tree:
        return pattern
    try:
        if (
            _re_skips(tree)
            or _literal_first(tree)
            or _starts_anchored(tree)
            or _is_anchored_alternation(tree)
        ):
            return pattern  # `re` skips to the first characters itself, or tries the start alone
        if tree[0][0] is _OPS.ASSERT:
            # A look-ahead of its own (one `fast_start` gave), or a lookbehind that turns most
            # positions away with a compare or two before anything else is tried (`(?<=[。；])…`;
            # a negative one, `(?<!自)由`, lets most through): a look-ahead in front lost time there.
            return pattern
        items, empty = _first_items(tree)
    except Exception:  # a tree of another shape: the pattern as it is, never a wrong one
        log.debug("no first characters for %r", pattern.pattern, exc_info=True)
        return pattern
    if items is None or empty or not items:
        return pattern
    try:
        return re.compile(f"(?=[{''.join(sorted(items))}])(?:{pattern.pattern})", pattern.flags)
    except re.error:  # inline flags and the like: the pattern as it is
        return pattern


def _re_skips(items: list[tuple[Any, Any]]) -> bool:
    """Whether `re` itself skips along a text to where a match may open: as its compiler reads a
    pattern's prefix, the first item (inside plain groups) is a character, a class, or a choice of
    branches that each open with a character. A repeat (`\\d+`, `(?:各|有关)?`), a lookbehind or a
    branch that opens with a group or a class gives it none, and it tries every position."""
    while items and items[0][0] is _OPS.SUBPATTERN and not items[0][1][1]:
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op is _OPS.LITERAL or op is _OPS.IN:
        return True
    return op is _OPS.BRANCH and all(branch and branch[0][0] is _OPS.LITERAL for branch in av[1])


def _literal_first(items: list[tuple[Any, Any]]) -> bool:
    """Whether every way through the sequence opens with a plain character (inside groups and
    branches): `re` turns such a pattern away at a position after a compare or two per branch,
    as fast as a look-ahead would (on the rule files, one in front of them lost time)."""
    while items and items[0][0] is _OPS.SUBPATTERN and not items[0][1][1]:
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op is _OPS.LITERAL:
        return True
    return op is _OPS.BRANCH and all(_literal_first(list(branch)) for branch in av[1])


# A range of this many characters or more (all Chinese characters) makes no screen of a first character.
_WIDE_RANGE = 256
# Classes of few characters (blanks, digits) as they are written in a character class; the others
# (`\w`, the negated ones) take nearly every character.
_NARROW_CATEGORIES = {} if _OPS is None else {_OPS.CATEGORY_SPACE: r"\s", _OPS.CATEGORY_DIGIT: r"\d"}


def _first_items(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """The characters (as character-class items: `x`, `a-z`, escaped) a match of the sequence can
    consume first, and whether it can consume nothing at all; None where they are not known."""
    out: set[str] = set()
    for op, av in items:
        if op is _OPS.AT or op is _OPS.ASSERT or op is _OPS.ASSERT_NOT:
            continue  # zero-width: the first character comes after
        if op is _OPS.LITERAL:
            out.add(re.escape(chr(av)))
            return out, False
        if op is _OPS.IN:
            for kind, value in av:
                if kind is _OPS.LITERAL:
                    out.add(re.escape(chr(value)))
                elif kind is _OPS.RANGE and value[1] - value[0] < _WIDE_RANGE:
                    out.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
                elif kind is _OPS.RANGE:  # `[一-龥]`: nearly every character passes, nothing is skipped
                    return None, False
                elif kind is _OPS.CATEGORY and value in _NARROW_CATEGORIES:
                    out.add(_NARROW_CATEGORIES[value])
                else:  # a negated set, a category: any character may open
                    return None, False
            return out, False
        if op is _OPS.SUBPATTERN or op is _OPS.ATOMIC_GROUP:
            body = list(av[3] if op is _OPS.SUBPATTERN else av)
            if op is _OPS.SUBPATTERN and av[1] & re.IGNORECASE:
                return None, False
            first, empty = _first_items(body)
        elif op is _OPS.BRANCH:
            first, empty = set(), False
            for branch in av[1]:
                more, may_be_empty = _first_items(list(branch))
                if more is None:
                    return None, False
                first |= more
                empty = empty or may_be_empty
        elif op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
            first, empty = _first_items(list(av[2]))
            empty = empty or av[0] == 0
        else:  # `.`, a category, a group reference…: unknown
            return None, False
        if first is None:
            return None, False
        out |= first
        if not empty:
            return out, False
    return out, True


def _screen_words(pattern: re.Pattern[str]) -> Words | None:
    """The words a screen of `pattern` tests, or None where a screen does not pay: no words, too
    many, or a pattern that is only those words (searching it is the test)."""
    words, exact = _requirement(pattern)
    return None if words is None or len(words) > _MAX_WORDS or exact else words


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


def parse_tree(pattern: re.Pattern[str]) -> list[tuple[Any, Any]] | None:
    """The items of `pattern`'s parse tree as `re` reads it (their codes are `OPS`), or None where
    that parser cannot be used: the one way every screen reads a pattern, so none needs a screen
    that a Python of another shape would get wrong."""
    if _PARSER is None:
        return None
    try:
        return list(_PARSER.parse(pattern.pattern, pattern.flags))
    except Exception:  # a parser of another shape: no screen, as for an unreadable pattern
        log.debug("no parse of %r", pattern.pattern, exc_info=True)
        return None


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
    if op is _OPS.LITERAL:
        return frozenset({chr(av)}), True
    if op is _OPS.SUBPATTERN:
        _, add_flags, _, body = av
        return (None, False) if add_flags & re.IGNORECASE else _sequence(list(body))
    if op is _OPS.ATOMIC_GROUP:
        return _sequence(list(av))
    if op is _OPS.BRANCH:
        union: set[str] = set()
        exact = True
        for branch in av[1]:
            words, whole = _sequence(list(branch))
            if words is None or "" in words:
                return None, False
            union |= words
            exact = exact and whole
        return (frozenset(union), exact) if len(union) <= _MAX_PRODUCT else (None, False)
    if op is _OPS.IN:
        if len(av) <= _MAX_PRODUCT and all(kind is _OPS.LITERAL for kind, _ in av):
            return frozenset(chr(code) for _, code in av), True
        return None, False
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        low, high, body = av
        if low < 1:
            return None, False
        words, whole = _sequence(list(body))
        return words, whole and low == high == 1
    if op is _OPS.ASSERT:  # a lookahead or lookbehind reads the searched text too
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
        anchored = bool(tree) and tree[0] == (_OPS.AT, _OPS.AT_BEGINNING)
        slow = _opens_with_run(tree) if anchored or _is_anchored_alternation(tree) else not _first_known(tree)
    except Exception:  # a tree of another shape: no screen, never a wrong one
        log.debug("no shape for %r", pattern.pattern, exc_info=True)
        return None
    words = needed_words(pattern) if slow else None
    return None if words is None else _holds_any(words)


def _is_anchored_alternation(items: list[tuple[Any, Any]]) -> bool:
    """Whether the tree is an alternation all of whose branches are anchored at the start (as the
    anchored half of a `GroupMatcher` is)."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is _OPS.SUBPATTERN:
        return _is_anchored_alternation(list(av[3]))
    if op is _OPS.BRANCH:
        return all(_starts_anchored(list(branch)) for branch in av[1])
    return _starts_anchored(items)


def _starts_anchored(items: list[tuple[Any, Any]]) -> bool:
    while len(items) == 1 and items[0][0] is _OPS.SUBPATTERN:
        items = list(items[0][1][3])
    return bool(items) and items[0] == (_OPS.AT, _OPS.AT_BEGINNING)


def _first_known(items: list[tuple[Any, Any]]) -> bool:
    """Whether every match of the sequence opens with a literal character or one of a set of them
    (what lets `re` skip to the places a match may start)."""
    if not items:
        return False
    op, av = items[0]
    if op is _OPS.LITERAL:
        return True
    if op is _OPS.IN:
        return all(kind in (_OPS.LITERAL, _OPS.RANGE) for kind, _ in av)
    if op is _OPS.BRANCH:
        return all(_first_known(list(branch)) for branch in av[1])
    if op is _OPS.SUBPATTERN:
        return _first_known(list(av[3]))
    if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
        return bool(av[0] >= 1 and _first_known(list(av[2])))
    return False


def _opens_with_run(items: list[tuple[Any, Any]]) -> bool:
    """Whether the sequence, before its first required character, may read a long run of arbitrary
    characters (a negated set or `.` repeated up to `_LONG_RUN` times or more)."""
    for op, av in items:
        if op is _OPS.AT or op is _OPS.ASSERT or op is _OPS.ASSERT_NOT:
            continue
        if op is _OPS.SUBPATTERN:
            body = list(av[3])
            if _opens_with_run(body):
                return True
            if _can_be_empty(body):
                continue
            return False
        if op is _OPS.BRANCH:
            branches = [list(branch) for branch in av[1]]
            if any(_opens_with_run(branch) for branch in branches):
                return True
            if any(_can_be_empty(branch) for branch in branches):
                continue
            return False
        if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
            low, high, body = av
            body = list(body)
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
    return op is _OPS.ANY or (op is _OPS.IN and bool(av) and av[0][0] is _OPS.NEGATE)


def _can_be_empty(items: list[tuple[Any, Any]]) -> bool:
    """Whether the sequence may match the empty string (every item optional or zero-width)."""
    for op, av in items:
        if op in (_OPS.AT, _OPS.ASSERT, _OPS.ASSERT_NOT):
            continue
        if op in (_OPS.MAX_REPEAT, _OPS.MIN_REPEAT, _OPS.POSSESSIVE_REPEAT):
            if av[0] == 0 or _can_be_empty(list(av[2])):
                continue
            return False
        if op is _OPS.SUBPATTERN:
            if _can_be_empty(list(av[3])):
                continue
            return False
        if op is _OPS.BRANCH:
            if any(_can_be_empty(list(branch)) for branch in av[1]):
                continue
            return False
        return False
    return True
