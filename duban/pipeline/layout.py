"""Layout: what each line of a page is, and which item it belongs to.

Structure (`pipeline.structure`) cuts the normalised text into blocks, one a line. Real pages are
built less tidily than the lines suggest, so this stage, run between normalisation and extraction,
reads the blocks as a page:

- a line that holds several items (`一、…。二、…`, flattened by a web page) is split into its items;
- web-page chrome (breadcrumbs, `• 索引号` field lists, `来源：` lines, share buttons, footers)
  becomes a `chrome` block, never read for measures;
- a label line under an item (`牵头责任单位：…`, `完成时限：…`) becomes a `label` block whose
  parent is the block it annotates;
- every block gets the item or heading it sits under as `parent`, and a `role`: a heading that only
  groups or counts the items below it is `group`; a short heading whose body follows on its own
  line is `title` and its body `body` (one measure together); the cases of a rule
  (`有下列情形之一的：（一）…的；`) are `condition` blocks that belong to it.

Lines are classified on a plain view of the analysis text in which mirror sites' inserted pinyin
(`節(jié)`) is removed; `plain_view` keeps a map back, so every offset still indexes the
document's own text. Everything here is one pass over the blocks (linear in the page).

The module also reads regex patterns (`parse_tree`, `fast_start`): the joined rule groups asked of
every line (`GroupMatcher`) are searched in the fastest form `re` allows, with the same matches.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from duban.base.model import Block
from duban.pipeline.layout_markers import (
    ENUMERATOR_LEVEL,
    line_block,
    lists_numerals,
    marker_number,
    marker_style,
    match_marker,
)
from duban.rules.ruleset import RuleFile, load_rule_file

log = logging.getLogger(__name__)


# Patterns asked fast: how `re` reads a pattern, and the same pattern in a form it searches faster.
# They live in this layer, with `GroupMatcher`, because the joined rule groups that the layout and
# the measure finder ask are searched in that form; `extractors.regex_screen` builds its screens on
# the same reading of a pattern (and exports `fast_start` to the finders).

_PARSER: Any
_OPS: Any
try:
    _PARSER = importlib.import_module("re._parser")
    _OPS = importlib.import_module("re._constants")
except ImportError:  # a Python whose regex internals lie elsewhere: no screens, the same answers
    _PARSER = _OPS = None
#: The operation codes of `parse_tree`'s items (None with the parser).
OPS: Any = _OPS
#: The parser module itself (None where it cannot be imported: no pattern is read, none is rewritten).
REGEX_PARSER: Any = _PARSER


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
    the pattern itself. A pattern that opens with a lookbehind letting most positions through,
    in front of one character, is rewritten instead to check it after that character
    (`_behind_first`), which lets `re` skip to the character by itself."""
    tree = None if pattern.flags & re.IGNORECASE else parse_tree(pattern)
    if not tree:
        return pattern
    try:
        if _re_skips(tree) or _literal_first(tree) or _starts_anchored(tree) or is_anchored_alternation(tree):
            return pattern  # `re` skips to the first characters itself, or tries the start alone
        rotated = _behind_first(pattern, tree)
        if rotated is not None:
            # A lookbehind that lets most positions through, in front of one character
            # (`(?<=[一-龥])[（(]…`, pinyin after a character; `(?<![所存])在`), checked after it.
            return rotated
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


def first_chars(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """One character class of the characters every match of `pattern` opens with (a match at a
    position can only be where it holds), or None where they are not known (a wide class, a
    category, a match that may be empty, flags, a parser of another shape): a caller that asks
    the pattern at one position (`match`) tests the class first and skips the pattern where it
    fails, with the same answers (`layout_markers.match_marker`)."""
    tree = None if pattern.flags & re.IGNORECASE else parse_tree(pattern)
    if not tree:
        return None
    try:
        items, empty = _first_items(tree)
    except Exception:  # a tree of another shape: no screen, never a wrong one
        log.debug("no first characters for %r", pattern.pattern, exc_info=True)
        return None
    if items is None or empty or not items:
        return None
    return re.compile(f"[{''.join(sorted(items))}]")


def _behind_first(pattern: re.Pattern[str], tree: list[tuple[Any, Any]]) -> re.Pattern[str] | None:
    """`(?<=A)X…` as `X(?<=AX)…` (and `(?<!A)X…` as `X(?<!AX)…`), where X is one character or a
    narrow class and A lets most positions through (a negative lookbehind, or one of nearly any
    character): the same matches, as X is consumed either way and the lookbehind reads the same
    characters, but `re` skips along the text to X instead of testing A at every position (pinyin
    after a character, `(?<=[一-鿿])[（(]…`: a fourth of the time over whole documents). None
    where the pattern does not open so, or where the rewritten source does not parse to exactly
    the rotated tree."""
    source = pattern.pattern
    count = 0
    while count < len(tree) and tree[count][0] in (_OPS.ASSERT, _OPS.ASSERT_NOT) and tree[count][1][0] == -1:
        count += 1
    if not count or count >= len(tree) or tree[count][0] not in (_OPS.LITERAL, _OPS.IN):
        return None
    first, empty = _first_items([tree[count]])
    if not first or empty:
        return None  # a wide class (`[一-龥]`): nothing to skip to
    for op, av in tree[:count]:
        if op is _OPS.ASSERT and _first_items(list(av[1]))[0] is not None:
            return None  # `(?<=[，。])`: turns most positions away with a compare or two, as cheaply
    ends = []
    pos = 0
    for _ in range(count):
        if not source.startswith(("(?<=", "(?<!"), pos):
            return None
        pos = _group_end(source, pos)
        if pos < 0:
            return None
        ends.append(pos)
    token_end = _token_end(source, pos)
    if token_end < 0:
        return None
    token = source[pos:token_end]
    starts = [0, *ends[:-1]]
    behinds = "".join(
        f"{source[s : s + 4]}(?:{source[s + 4 : e - 1]}){token})" for s, e in zip(starts, ends, strict=True)
    )
    rewritten = token + behinds + source[token_end:]
    try:
        compiled = re.compile(rewritten, pattern.flags)
    except re.error:
        return None
    expected = (
        [tree[count]] + [(op, (av[0], [*av[1], tree[count]])) for op, av in tree[:count]] + tree[count + 1 :]
    )
    got = parse_tree(compiled)
    return compiled if got is not None and _plain(got) == _plain(expected) else None


def _structure(source: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """The characters of a pattern's source that shape its groups and branches, from `start`:
    (index, character, group depth before it), escapes and character classes stepped over."""
    depth = 0
    i = start
    in_class = False
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if source.startswith("^", i + 1):
                i += 1
            if source.startswith("]", i + 1):
                i += 1
        else:
            yield i, char, depth
            depth += (char == "(") - (char == ")")
        i += 1


def _group_end(source: str, start: int) -> int:
    """The index after the `)` that closes the group opening at `start` (-1 if none)."""
    for i, char, depth in _structure(source, start):
        if char == ")" and depth == 1:
            return i + 1
    return -1


def _token_end(source: str, start: int) -> int:
    """The index after one character or character class written at `start` (-1 if neither)."""
    if start >= len(source):
        return -1
    if source[start] == "[":
        i = start + 1
        if source.startswith("^", i):
            i += 1
        if source.startswith("]", i):
            i += 1
        while i < len(source):
            if source[i] == "\\":
                i += 2
                continue
            if source[i] == "]":
                return i + 1
            i += 1
        return -1
    return -1 if source[start] in "\\.^$*+?{}()|" else start + 1


def _plain(value: Any) -> Any:
    """A parse tree as nested lists and tuples, to compare two trees by value."""
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    if isinstance(value, list) or hasattr(value, "data"):
        return [_plain(v) for v in (value.data if hasattr(value, "data") else value)]
    return value


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


def is_anchored_alternation(items: list[tuple[Any, Any]]) -> bool:
    """Whether the tree is an alternation all of whose branches are anchored at the start (as the
    anchored half of a `GroupMatcher` is)."""
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is _OPS.SUBPATTERN:
        return is_anchored_alternation(list(av[3]))
    if op is _OPS.BRANCH:
        return all(_starts_anchored(list(branch)) for branch in av[1])
    return _starts_anchored(items)


def _starts_anchored(items: list[tuple[Any, Any]]) -> bool:
    while len(items) == 1 and items[0][0] is _OPS.SUBPATTERN:
        items = list(items[0][1][3])
    return bool(items) and items[0] == (_OPS.AT, _OPS.AT_BEGINNING)


# Line shapes written in rules/layout.yaml.
_SHAPES = load_rule_file("layout").require(
    ("pinyin", "inline_marker", "part_enumerator", "glued_article", "glued_marker")
)
# Pinyin that a mirror site inserted after a character: `節(jié)`, `區(qū)`.
PINYIN = _SHAPES.regex("pinyin")
# The same in `fast_start`'s form, the bracket first: whole documents are searched for it.
_PINYIN_FAST = fast_start(PINYIN)
# A marker that opens an item inside a line, after the end of the previous sentence or a colon.
_INLINE_MARKER = _SHAPES.regex("inline_marker")
_PART_ENUMERATOR = _SHAPES.regex("part_enumerator")
_PART_TITLE = 24
_CLOSING_MAX = 24
# `一、` and above: a section heading over several paragraphs groups them (each is read on its own).
_SECTION_LEVEL = 3
_GLUED_ARTICLE = _SHAPES.regex("glued_article")
# A marker wherever it stands in a line, also glued to the text before it.
# (In `fast_start`'s form: its branches open with repeats and classes, which `re` cannot skip to,
# and a flattened line is searched through whole; the look-ahead halved that on real documents.)
_GLUED_MARKER = fast_start(_SHAPES.regex("glued_marker"))
# What a bare title (`加强组织领导`, `丰富赛事活动，完善赛事体系`) does not hold: sentence ends, colons.
_TITLE_STOP = re.compile(r"[。！？；!?;：:]")
_RULE_ROW = re.compile(r"^[-—=:：|\s]+$")
# A title: a short heading line, at most one sentence (`（一）健全制度框架。`).
_TITLE_MAX = 40
_CHROME_MAX = 160
_LABEL_MAX = 200
_SENTENCE_STOP = re.compile(r"[。！？；!?;]")
# Brackets that hold labels of their own (`（牵头单位：…）`, `〔责任单位：…〕`).
_OPENING = "（([【〔"
_CLOSING = "）)]】〕"
# How a label line ends when its value goes on to the next line: its colon, or a list's separator.
_OPEN_VALUE = ("：", ":", "、", "，", ",")


def plain_view(text: str) -> tuple[str, list[int]]:
    """`text` without inserted pinyin, and for each of its characters the offset in `text`.

    Extractors that match words across characters read the plain view; spans found there map
    back through the offsets, so they stay slices of the document's own text."""
    if "(" not in text and "（" not in text:
        return text, list(range(len(text)))
    parts: list[str] = []
    offsets: list[int] = []
    last = 0
    for m in _PINYIN_FAST.finditer(text):
        parts.append(text[last : m.start()])
        offsets.extend(range(last, m.start()))
        last = m.end()
    parts.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(parts), offsets


def plain(text: str) -> str:
    """`text` with inserted pinyin removed (for classifying a line)."""
    return _PINYIN_FAST.sub("", text) if "(" in text or "（" in text else text


@cache
def layout_rules() -> RuleFile:
    """The layout rule file, its groups checked once (the joiner asks for it on every line)."""
    return load_rule_file("layout").require(
        (
            "chrome",
            "label",
            "inline_label",
            "unit_bracket",
            "group_heading",
            "condition_item",
            "condition_parent",
        )
    )


def lay_out(text: str, blocks: list[Block]) -> list[Block]:
    """The blocks of a page with flattened lines split, chrome and labels marked, and each
    block's parent and role set."""
    rules = layout_rules()
    out: list[Block] = []
    for block in blocks:
        for piece in split_flattened(text, _unwrap_row(text, block)):
            out.extend(_split_inline_label(text, piece, rules))
    for block in out:
        _classify(text, block, rules)
    _join_wrapped_values(text, out, rules)
    _assign_parents(out)
    _assign_roles(text, out, rules)
    return out


def _unwrap_row(text: str, block: Block) -> Block:
    """A page laid out in a one-column table (`正文 | | | |`) prints each line as a row with one
    filled cell: that cell is a line of text, not a table row; a rule row (`---|---|`) is chrome."""
    if block.kind != "table_row" or block.marker == "header" or len(block.cells) > 1:
        return block
    if not block.cells:
        return Block("chrome", block.start, block.end)
    start, end = block.cells[0]
    if not _RULE_ROW.match(text[start:end]):
        return line_block(text[start:end], start, end)
    return Block("chrome", block.start, block.end)


def split_flattened(text: str, block: Block) -> list[Block]:
    """A line that holds several items (`一、…。二、…`, `要求：1.…；2.…`) as one block per item.

    A marker inside the line opens an item when it continues a numbering: the next number of
    the line's own marker, or of a marker met earlier in the line, or a `1` whose `2` follows.
    It stands after the end of a sentence or a colon, or glued to a bare title: a page flattened
    onto one line keeps no break after a heading (`一、总体要求（一）指导思想…（二）基本原则`), so
    a marker right after the short unpunctuated title of the item cut before it opens an item
    too, if it goes on that item's numbering or opens a deeper list (`（一）` under `一、`)."""
    if block.kind not in ("item", "heading", "paragraph"):
        return [block]
    if block.end - block.start < 20:
        return [block]
    begin = block.start + len(block.marker)
    glued = list(_GLUED_MARKER.finditer(text, begin, block.end))
    # Which markers stand clean (after a stop or a colon) is asked only of a line that has any:
    # most lines have none, and the inline pattern, led by a lookbehind, is tried at every position.
    clean = {m.start("m") for m in _INLINE_MARKER.finditer(text, begin, block.end)} if glued else set()
    candidates = [
        (m.start("m"), _style(m.group("m")), marker_number(m.group("m")), m.group("m"), m.start("m") in clean)
        for m in glued
    ]
    if block.marker.endswith(("章", "节", "编")):
        # `第二章 规划建设 第八条 …` with the spaces gone: the chapter's title, then its first article.
        article = _GLUED_ARTICLE.search(text, begin, begin + 30)
        if article:
            candidates = [c for c in candidates if c[0] != article.start()]
            candidates.insert(0, (article.start(), _style(article.group()), 1, article.group(), True))
    if not candidates:
        return [block]
    twos = {style for _, style, number, _, _ in candidates if number == 2}
    if block.marker.endswith(("章", "节", "编")) and candidates[0][1] == "第N条":
        twos.add("第N条")
    last: dict[str, int] = {}
    level = _marker_level(block.marker)
    if block.marker:
        own = marker_number(block.marker)
        if own is not None:
            last[_style(block.marker)] = own
    cuts: list[int] = []
    opened = block.start  # where the item cut last begins
    # A bullet opens an item where it follows a sentence's end and bullets make the line's list.
    bullets = Counter(style for _, style, number, _, ok in candidates if number is None and ok)
    if block.marker:
        bullets[_style(block.marker)] += 2
    for index, (pos, style, number, marker, ok) in enumerate(candidates):
        if lists_numerals(marker, text[pos + len(marker) : pos + len(marker) + 8]):
            continue
        if number is None:
            if ok and bullets[style] >= 2:
                cuts.append(pos)
                opened = pos
            continue
        previous = last.get(style)
        goes_on = previous is not None and number == previous + 1
        opens = number == 1 and style in twos
        if not ok and not _heads_list(text, candidates, index):
            # Glued to the text before it: only after a bare title of the item cut last, a title
            # with commas only over a deeper list (`二、丰富赛事活动，完善赛事体系（四）…`). An article
            # only under a chapter's title: `本法第七十七条` after `第七十六条…` is a reference.
            deeper = _marker_level(marker) > level
            if (
                (style == "第N条" and not deeper)
                or not (goes_on or (opens and deeper))
                or not _bare_title(text, opened, pos, commas=deeper)
            ):
                continue
        if goes_on or opens:
            cuts.append(pos)
            last[style] = number
            level = _marker_level(marker)
            opened = pos
    if not cuts:
        return [block]
    pieces: list[Block] = []
    bounds = [block.start, *cuts, block.end]
    for s, e in pairwise(bounds):
        while e > s and text[e - 1] in " \t\u3000":
            e -= 1
        if e > s:
            piece = line_block(text[s:e], s, e)
            piece.section = list(block.section)
            pieces.append(piece)
    return pieces


def _style(marker: str) -> str:
    """A marker's style (`marker_style`), its digits told from Chinese numerals: `1、` does not go
    on from `一、` (a list of its own under it)."""
    style = marker_style(marker)
    return style + "#" if any(ch.isdigit() for ch in marker) else style


def _marker_level(marker: str) -> int:
    """The outline level of a marker (0 for none: a paragraph opens no list)."""
    found = match_marker(marker) if marker else None
    return found[1] if found else 0


def _heads_list(text: str, candidates: list[tuple[int, str, int | None, str, bool]], index: int) -> bool:
    """Whether the marker `candidates[index]` opens a heading whose bare title is followed by the
    first item of a deeper list (`第一章总则第一条…`, `一、总体要求（一）…`): a heading, wherever
    it stands (a flattened page glues it to the sentence before it)."""
    if index + 1 >= len(candidates):
        return False
    pos, _, _, marker, _ = candidates[index]
    after, _, number, deeper, _ = candidates[index + 1]
    return number == 1 and _marker_level(deeper) > _marker_level(marker) and _bare_title(text, pos, after)


def _bare_title(text: str, start: int, end: int, commas: bool = True) -> bool:
    """Whether text[start:end] is an item's marker and a short title without punctuation
    (`（一）加强组织领导`; with `commas`, also `丰富赛事活动，完善赛事体系`): what a flattened
    heading leaves before the next marker."""
    found = match_marker(text[start:end])
    body = text[start + len(found[0]) if found else start : end].strip()
    return (
        0 < len(body) <= _TITLE_MAX
        and not _TITLE_STOP.search(body)
        and (commas or not any(ch in body for ch in "，,"))
    )


def _split_inline_label(text: str, block: Block, rules: RuleFile) -> list[Block]:
    """A line that ends with its labels (`2.新增就业岗位3000个。 责任单位：县人社局`) as the line's
    text and a label line: the same item and label as when the label stands on its own line.

    Read on the plain view, so the cut is found where inserted pinyin would hide the label; it
    maps back to the document's own text."""
    line = text[block.start : block.end]
    if block.kind not in ("item", "heading", "paragraph") or ("：" not in line and ":" not in line):
        return [block]  # a label has a colon: most lines have none, and are not read further
    view, offsets = plain_view(line)
    found = next(
        (
            m
            for m in rules.regex("inline_label").finditer(view, len(block.marker))
            if not _inside_brackets(view, m.start())
        ),
        None,
    )
    if found is None or len(view) - found.start() > _LABEL_MAX:
        return [block]
    cut = block.start + offsets[found.start()]
    end = cut
    while end > block.start and text[end - 1] in " \t\u3000":
        end -= 1
    if end - block.start <= len(block.marker):
        return [block]
    head = line_block(text[block.start : end], block.start, end)
    label = Block("paragraph", cut, block.end)
    head.section = list(block.section)
    label.section = list(block.section)
    return [head, label]


def _inside_brackets(line: str, pos: int) -> bool:
    """Whether `pos` falls inside brackets opened before it (`（牵头单位：…；责任单位：…）`): labels
    there belong to the bracket, which the unit finder reads whole."""
    before = line[:pos]
    return sum(before.count(ch) for ch in _OPENING) > sum(before.count(ch) for ch in _CLOSING)


def _classify(text: str, block: Block, rules: RuleFile) -> None:
    """Mark chrome and label lines (read without inserted pinyin).

    Asked directly, not through the cached `is_chrome` and `is_label`: the normaliser skips those
    questions on lines that end a sentence (most lines), so a cache would rarely answer here."""
    if block.kind in ("table_row", "chrome"):
        return
    line = plain(text[block.start : block.end]).strip()
    if _RULE_ROW.match(line):
        block.kind = "chrome"
        return
    if len(line) <= _CHROME_MAX and _any(rules, "chrome", line):
        block.kind = "chrome"
    elif len(line) <= _LABEL_MAX and _is_label_line(block, line, rules):
        block.kind = "label"


def _join_wrapped_values(text: str, blocks: list[Block], rules: RuleFile) -> None:
    """A label whose value goes on to the next line (`完成时限：` / `2025年6月底前`, or a list of
    units cut after `、`) takes that line as part of it: the value is the item's, not a paragraph
    of its own (which would read as a measure without its item, or as nothing). Only a label
    left visibly open takes a line; a complete label's next line opens the next task."""
    for label, block in pairwise(blocks):
        if label.kind != "label" or block.kind != "paragraph":
            continue
        line = plain(text[label.start : label.end]).rstrip()
        value = plain(text[block.start : block.end]).strip()
        if (
            line.endswith(_OPEN_VALUE)
            and len(value) <= _LABEL_MAX
            and not _SENTENCE_STOP.search(value[:-1])
            and not _any(rules, "chrome", value)
        ):
            block.kind = "label"


def _is_label_line(block: Block, line: str, rules: RuleFile) -> bool:
    """A label line (`责任单位：…`) or a bracketed list of units standing on its own line."""
    if not line.startswith(("（", "(")):
        return _any(rules, "label", line)
    return block.kind == "paragraph" and _any(rules, "unit_bracket", line)


@lru_cache(maxsize=8192)
def is_chrome(line: str) -> bool:
    """Whether a line is web-page chrome (normalisation never joins such a line to another).
    Cached: the joiner asks about each line twice, as the next line and then as the previous one."""
    line = plain(line).strip()
    return len(line) <= _CHROME_MAX and _any(layout_rules(), "chrome", line)


@lru_cache(maxsize=8192)
def is_label(line: str) -> bool:
    """Whether a line is a label line (`责任单位：…`): normalisation keeps it on its own line.
    Cached for the same reason as `is_chrome`."""
    line = plain(line).strip()
    return (
        len(line) <= _LABEL_MAX and not line.startswith(("（", "(")) and _any(layout_rules(), "label", line)
    )


def _any(rules: RuleFile, group: str, line: str) -> bool:
    """Whether any rule of `group` matches `line`: one search of the group's rules joined into one
    alternation (the same answer as trying each rule, in one pass over the line)."""
    return bool(group_pattern(rules, group).search(line))


_GROUP_PATTERNS: dict[tuple[int, str], tuple[RuleFile, GroupMatcher]] = {}
# A test of a text before a pattern is searched in it (False: the pattern cannot match there).
Screen = Callable[[str], bool]


def group_pattern(rules: RuleFile, group: str) -> GroupMatcher:
    """The rules of `group` as one matcher whose `search(text)` is truthy exactly when one of the
    rules' `search` is (its match object is not the leftmost one: callers ask only whether), built
    once per rule file and group."""
    key = (id(rules), group)
    found = _GROUP_PATTERNS.get(key)
    if found is not None and found[0] is rules:
        return found[1]
    matcher = GroupMatcher(tuple(rule.regex for rule in rules.by_group(group)))
    _GROUP_PATTERNS[key] = (rules, matcher)
    return matcher


class GroupMatcher:
    """Several patterns asked as one: whether any of them matches somewhere in a text.

    Each pattern is cut into its top-level alternatives. Those anchored at the start (`^…`) are
    joined into one pattern tried once at the start of the text (`match`): in `search` they would
    be tried, and fail, at every later position. The others are joined into one alternation
    searched once. Without the anchored branches mixed in, `re` can skip along the text to the
    characters the remaining branches start with, which a joined group such as `chrome` (field
    names at the start of a line, `扫一扫` anywhere) does not allow: twice as fast there, never
    slower. Where `re` still cannot skip (a branch opens with a lookbehind or a class, as in
    `measures.yaml`'s `directive` and `reject`), the searched half is `fast_start`'s form of it: a
    look-ahead for its first characters in front, the same matches (on 300 real documents the
    `directive` group took a third of its time). Patterns that do not split cleanly (flags, inline
    flags, a branch that does not compile alone) are kept whole among the searched ones; if the
    joined alternation cannot be compiled (a named group repeated across rules), the patterns are
    tried in turn.

    `screened` gives a copy whose halves are asked only of the texts a screen lets through (the
    measure finder's: a word every match needs, for a half `re` cannot skip through).

    `search(text)` is a function built for the halves the matcher has (one `match`, one `search`,
    a screen before either or none), not a method that tests which it has on every call: it is
    asked some 600 times per real document."""

    search: Callable[[str], re.Match[str] | None]

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        anchored: list[str] = []
        floating: list[str] = []
        for pattern in patterns:
            branches = _branches(pattern)
            if branches is None:
                floating.append(pattern.pattern)
                continue
            for branch in branches:
                (anchored if branch.startswith("^") else floating).append(branch)
        self._start = _joined(anchored)
        anywhere = _joined(floating)
        self._anywhere = fast_start(anywhere) if anywhere is not None else None
        self._each: tuple[re.Pattern[str], ...] = ()
        if (anchored and self._start is None) or (floating and anywhere is None):
            self._start = self._anywhere = None
            self._each = patterns
        self._start_screen: Screen | None = None
        self._anywhere_screen: Screen | None = None
        self.search = self._searcher()

    @property
    def anchored_only(self) -> bool:
        """Whether every branch of the patterns opens at the text's start: the matcher is one
        `match` there, where the patterns' own `search` tries every position."""
        return self._start is not None and self._anywhere is None and not self._each

    def screened(self, screen: Callable[[re.Pattern[str]], Screen | None]) -> GroupMatcher:
        """A copy whose halves are each asked only of the texts `screen(half)` lets through (no
        screen where it gives None). `screen` must answer False only where the half cannot match
        (the extractors' `regex_screen.word_screen`, which this layer does not import)."""
        # Built empty and filled in, not `copy.copy`: a class compiled by mypyc cannot be copied.
        copy = GroupMatcher(())
        copy._start, copy._anywhere, copy._each = self._start, self._anywhere, self._each
        copy._start_screen = screen(self._start) if self._start is not None else None
        copy._anywhere_screen = screen(self._anywhere) if self._anywhere is not None else None
        copy.search = copy._searcher()
        return copy

    def _searcher(self) -> Callable[[str], re.Match[str] | None]:
        """The search of this matcher's halves and screens: the first half's match at the start,
        else the second's search anywhere, each only where its screen lets the text through."""
        if self._each:
            return _each_search(self._each)
        start: Found | None = self._start.match if self._start is not None else None
        anywhere: Found | None = self._anywhere.search if self._anywhere is not None else None
        start_screen, anywhere_screen = self._start_screen, self._anywhere_screen
        if start is not None and start_screen is not None:
            start = _screened_search(start, start_screen)
        if anywhere is not None and anywhere_screen is not None:
            anywhere = _screened_search(anywhere, anywhere_screen)
        if start is None:
            return anywhere if anywhere is not None else _no_match
        if anywhere is None:
            return start
        first, then = start, anywhere

        def search(text: str) -> re.Match[str] | None:
            return first(text) or then(text)

        return search


Found = Callable[[str], "re.Match[str] | None"]


def _no_match(text: str) -> re.Match[str] | None:
    """A group without rules matches nothing."""
    return None


def _screened_search(search: Found, screen: Screen) -> Found:
    return lambda text: search(text) if screen(text) else None


def _each_search(patterns: tuple[re.Pattern[str], ...]) -> Found:
    def search(text: str) -> re.Match[str] | None:
        for pattern in patterns:
            found = pattern.search(text)
            if found:
                return found
        return None

    return search


def _joined(branches: list[str]) -> re.Pattern[str] | None:
    if not branches:
        return None
    try:
        return re.compile("|".join(f"(?:{branch})" for branch in branches))
    except re.error:
        return None


_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux#-]")


def _branches(pattern: re.Pattern[str]) -> list[str] | None:
    """The top-level alternatives of a pattern (`A|B(C|D)|^E` → `A`, `B(C|D)`, `^E`), or None when
    it cannot be cut safely: flags beyond the default, inline flags, or a branch that does not
    compile on its own (a back-reference to a group of another branch)."""
    source = pattern.pattern
    if pattern.flags != re.UNICODE or _INLINE_FLAGS.search(source):
        return None
    branches: list[str] = []
    start = 0
    for i, char, depth in _structure(source):
        if char == "|" and depth == 0:
            branches.append(source[start:i])
            start = i + 1
    branches.append(source[start:])
    if len(branches) > 1:
        try:
            for branch in branches:
                re.compile(branch)
        except re.error:
            return None
    return branches


def _is_text(block: Block) -> bool:
    """A paragraph, or a line that opens with an enumerator (`一是…`) and reads as one."""
    return block.kind == "paragraph" or (
        block.kind in ("item", "heading") and block.level >= ENUMERATOR_LEVEL
    )


def _is_closing(text: str, block: Block) -> bool:
    """A short line without punctuation (a signature, a date, `（此件公开发布）`): not a body."""
    line = text[block.start : block.end].strip()
    return len(line) <= _CLOSING_MAX and not any(ch in line for ch in "。，；：,;:！？")


def _is_outline(block: Block) -> bool:
    """An item or heading of the page's outline (not an enumerator inside a paragraph)."""
    return block.kind in ("item", "heading") and block.level < ENUMERATOR_LEVEL


def _assign_parents(blocks: list[Block]) -> None:
    """Each block's parent: the innermost open item or heading above it; a label's parent is the
    block it annotates (the last content block before it)."""
    stack: list[int] = []
    content = -1
    for index, block in enumerate(blocks):
        if block.kind == "chrome":
            block.parent = -1
            continue
        if block.kind == "label":
            block.parent = content
            block.role = "body"
            continue
        if _is_outline(block):
            while stack and blocks[stack[-1]].level >= block.level:
                stack.pop()
            block.parent = stack[-1] if stack else -1
            stack.append(index)
        else:
            block.parent = stack[-1] if stack else -1
        content = index


def _is_list_head(text: str, block: Block) -> bool:
    """A short line that only announces the list below it (`党中央加强对工作的统一领导：`)."""
    body = plain(text[block.start + len(block.marker) : block.end]).strip()
    return body.endswith(("：", ":")) and len(body) <= _PART_TITLE and not any(ch in body for ch in "，,；;")


def is_title(text: str, block: Block) -> bool:
    """A short heading line of at most one sentence, not a list entry (`；`)."""
    body = plain(text[block.start + len(block.marker) : block.end]).strip()
    if not body or len(body) > _TITLE_MAX or body.endswith(("；", ";", "：", ":")):
        return False
    stops = _SENTENCE_STOP.findall(body[:-1])
    return not stops


def _assign_roles(text: str, blocks: list[Block], rules: RuleFile) -> None:
    """Roles from the parent links: groups, titles with their bodies, cases of a rule."""
    children: dict[int, list[int]] = {}
    bodies: dict[int, list[int]] = {}
    for index, block in enumerate(blocks):
        if block.parent < 0 or block.kind in ("label", "chrome"):
            continue
        if _is_outline(block):
            children.setdefault(block.parent, []).append(index)
        elif _is_text(block) and block.parent not in children and not _is_closing(text, block):
            # Only paragraphs before the parent's first child item are its body.
            bodies.setdefault(block.parent, []).append(index)
    answered = _answered_lists(text, blocks, children, bodies)
    for index, block in enumerate(blocks):
        if not _is_outline(block):
            continue
        line = plain(text[block.start : block.end]).strip()
        kids = children.get(index, [])
        body = bodies.get(index, [])
        if _any(rules, "group_heading", line):
            block.role = "group"
        elif kids and _is_conditions(text, block, kids, blocks, rules):
            for kid in kids:
                blocks[kid].role = "condition"
            for b in body:
                blocks[b].role = "body"
        elif kids:
            if (
                is_title(text, block) or block.level < _SECTION_LEVEL or _is_list_head(text, block)
            ) and not _states_a_rule(text, block):
                block.role = "group"
        elif body and (
            block.marker.endswith("条")
            or (
                (is_title(text, block) or (index in answered and _opens_with_title(text, block)))
                and (len(body) == 1 or block.level > _SECTION_LEVEL)
                and not any(_opens_part(text, blocks[b]) for b in body)
            )
        ):
            block.role = "title"
            for b in body:
                blocks[b].role = "body"
        elif body and is_title(text, block):
            block.role = "group"
    _lift_labels(blocks, children)


def _states_a_rule(text: str, block: Block) -> bool:
    """Whether an article's own line is a whole sentence (`第十条经营者应当建立台账。`): a statute's
    article is its rule however short, and the list a later paragraph of it opens (`前款台账应当
    载明下列事项：`) does not make the article a heading that only groups it. Read as a group, the
    article's sentence, and the lead-in and its bound with it, were lost (real regulations)."""
    if not block.marker.endswith("条"):
        return False
    body = plain(text[block.start + len(block.marker) : block.end]).strip()
    return body.endswith(("。", "．")) and not body.endswith(("：。", ":。"))


def _lift_labels(blocks: list[Block], children: dict[int, list[int]]) -> None:
    """Label lines after the last item of a list whose items have no labels of their own belong
    to the list's parent (`1.某单位` / `（1）…；（2）…` / `整改责任单位：…`): the parent, its items
    and the labels are one measure."""
    labelled = {block.parent for block in blocks if block.kind == "label"}
    last_child = {kids[-1]: parent for parent, kids in children.items() if len(kids) >= 2}
    for index, block in enumerate(blocks):
        if block.kind != "label" or block.parent not in last_child:
            continue
        parent = last_child[block.parent]
        kids = children[parent]
        if any(kid in labelled for kid in kids[:-1]) or blocks[parent].role not in ("", "group", "title"):
            continue
        blocks[parent].role = "title"
        for kid in kids:
            blocks[kid].role = "body"
        run = index
        while run < len(blocks) and blocks[run].kind == "label":
            blocks[run].parent = parent
            run += 1


def _opens_part(text: str, block: Block) -> bool:
    """Whether a paragraph opens a part of its own: a short title sentence (`着力扩大投资。…`) or
    an enumerator (`一是…`, `第二，…`). Paragraphs like these under a heading are measures each;
    plain paragraphs under a heading are the heading's body."""
    line = text[block.start : block.end]
    if _PART_ENUMERATOR.match(line):
        return True
    first = _SENTENCE_STOP.search(line)
    if first is None or line[first.start()] != "。" or first.end() >= len(line):
        return False
    return first.start() <= _PART_TITLE and not any(ch in line[: first.start()] for ch in "，,：:")


def _opens_with_title(text: str, block: Block) -> bool:
    """Whether an item line opens with a short title sentence and goes on
    (`一、关于某某问题。某省请求，…。`)."""
    line = plain(text[block.start + len(block.marker) : block.end]).strip()
    first = _SENTENCE_STOP.search(line)
    return (
        first is not None
        and line[first.start()] == "。"
        and first.start() <= _PART_TITLE
        and first.end() < len(line)
        and not any(ch in line[: first.start()] for ch in "，,：:")
    )


def _answered_lists(
    text: str, blocks: list[Block], children: dict[int, list[int]], bodies: dict[int, list[int]]
) -> set[int]:
    """The outline items whose every sibling (same parent, level and marker style) has items or
    plain paragraphs under it (none opening a part of its own, `着力…。`), two siblings at least: a list of requests each with its answer
    (`一、关于某某问题。某省请求，…` / `某部研究提出了办理意见：…`). In a list with a bare one-line
    item, a paragraph after an item is the document's own (a closing or a comment), not the item's."""
    lists: dict[tuple[int, int, str], list[int]] = {}
    for index, block in enumerate(blocks):
        if _is_outline(block):
            lists.setdefault((block.parent, block.level, marker_style(block.marker)), []).append(index)
    out: set[int] = set()
    for items in lists.values():
        if len(items) >= 2 and all(
            i in children or (i in bodies and not any(_opens_part(text, blocks[b]) for b in bodies[i]))
            for i in items
        ):
            out.update(items)
    return out


def _is_conditions(text: str, block: Block, kids: list[int], blocks: list[Block], rules: RuleFile) -> bool:
    """Whether the items under `block` are only the cases of its rule (`有下列情形之一的：`)."""
    line = plain(text[block.start : block.end])
    if not _any(rules, "condition_parent", line):
        return False
    return all(
        _any(rules, "condition_item", plain(text[blocks[k].start : blocks[k].end]).strip()) for k in kids
    )


def owner_of(blocks: list[Block], index: int) -> int:
    """The block whose measure holds block `index` (a body, label or case belongs to its parent,
    transitively), or `index` itself."""
    seen = 0
    while blocks[index].role in ("body", "condition") and blocks[index].parent >= 0 and seen < 8:
        index = blocks[index].parent
        seen += 1
    return index
