"""Text as the cross-check compares it: folded, pinyin annotations removed, offsets kept.

Mirror sites insert the reading of a character after it (`節(jié)`, `發(fā)〔2018〕`, `務(wù)`). That
breaks every comparison the cross-check makes (title keys, document numbers, shared passages), so
the annotation is dropped before comparing. An annotation is a parenthesised run of Latin letters
with at least one tone mark (or ü) straight after a Han character; a bracket that holds an English
word, an abbreviation or a number is not one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from duban.base.script import PINYIN_NOTE
from duban.index.analysis import fold

_KEEP = re.compile(r"[\u3400-\u9fff0-9a-z]")


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    return fold(ch)


def comparable(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """The letters and digits of `text[start:end]`, folded, with each one's offset in `text`.

    Punctuation, spaces and pinyin annotations are left out, so a title quoted with a stray space
    or on a mirror page compares equal to the original.
    """
    end = len(text) if end is None else end
    skip = [(m.start(), m.end()) for m in PINYIN_NOTE.finditer(text, start, end)]
    chars: list[str] = []
    offsets: list[int] = []
    hole = 0
    pos = start
    while pos < end:
        if hole < len(skip) and pos >= skip[hole][0]:
            pos = max(pos, skip[hole][1])
            hole += 1
            continue
        for ch in _fold_char(text[pos]):
            if _KEEP.match(ch):
                chars.append(ch)
                offsets.append(pos)
        pos += 1
    return "".join(chars), offsets
