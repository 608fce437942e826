"""Text as the cross-check compares it: folded, pinyin annotations removed, offsets kept.

Mirror sites insert the reading of a character after it (`節(jié)`, `發(fā)〔2018〕`, `務(wù)`). That
breaks every comparison the cross-check makes (title keys, document numbers, shared passages), so
the annotation is dropped before comparing. An annotation is a parenthesised run of Latin letters
with at least one tone mark (or ü) straight after a Han character; a bracket that holds an English
word, an abbreviation or a number is not one.
"""

from __future__ import annotations

import re

from duban.base.script import PINYIN_NOTE
from duban.index.analysis import fold_with_offsets

_KEPT = re.compile(r"[\u3400-\u9fff0-9a-z]+")


def comparable(text: str, start: int = 0, end: int | None = None) -> tuple[str, list[int]]:
    """The letters and digits of `text[start:end]`, folded, with each one's offset in `text`.

    Punctuation, spaces and pinyin annotations are left out, so a title quoted with a stray space
    or on a mirror page compares equal to the original. Folding and keeping work a run at a time
    (translate and regex in C), not a character at a time: the cross-check folds whole collections.
    """
    end = len(text) if end is None else end
    chars: list[str] = []
    offsets: list[int] = []
    pos = start
    for note in [*PINYIN_NOTE.finditer(text, start, end), None]:
        stop = note.start() if note else end
        if stop > pos:
            folded, back = fold_with_offsets(text[pos:stop])
            one_to_one = isinstance(back, range)
            for run in _KEPT.finditer(folded):
                chars.append(run.group())
                if one_to_one:
                    offsets.extend(range(pos + run.start(), pos + run.end()))
                else:
                    offsets.extend(pos + back[i] for i in range(run.start(), run.end()))
        if note is None:
            break
        pos = max(pos, note.end())
    return "".join(chars), offsets
