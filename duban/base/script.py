"""Traditional script: detect it, and give a simplified view of exactly the same length.

Extraction rules are written for simplified characters. A character-level conversion (OpenCC's
character table, first candidate) keeps every offset valid, so spans found in the simplified view
are reported in the document's own characters.
"""

from __future__ import annotations

import importlib.util
import re
from functools import cache
from pathlib import Path


@cache
def char_table(name: str = "TSCharacters.txt") -> dict[int, str]:
    """One of OpenCC's character tables (first candidate), by file: traditional to simplified by
    default, `STCharacters.txt` the other way (the benchmarks write traditional variants with it)."""
    # found without importing the package (which a search from the shell would pay for only to
    # learn where its files are)
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionary" / name
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1 and parts[0] != parts[1]:
            table[ord(parts[0])] = parts[1]
    return table


def to_simplified(text: str) -> str:
    """Simplified view of `text`, character for character."""
    return text.translate(char_table())


_CJK_RUN = re.compile("[\u4e00-\u9fff]+")


@cache
def _changing() -> re.Pattern[str]:
    """The CJK characters the conversion changes, as one character class: the regex engine
    counts them in C, where a loop over the text in Python took 1 ms per document."""
    keys = "".join(sorted(chr(k) for k in char_table() if 0x4E00 <= k <= 0x9FFF))
    return re.compile("[" + re.escape(keys) + "]")


def detect_script(text: str, threshold: float = 0.04) -> str:
    """'traditional' when enough CJK characters change under conversion, else 'simplified'."""
    cjk = sum(map(len, _CJK_RUN.findall(text)))
    if not cjk:
        return "simplified"
    changed = _changing().subn("", text)[1]
    return "traditional" if changed / cjk >= threshold else "simplified"


# Mirror sites insert the reading of a character after it (`節(jié)`, `發(fā)〔2018〕`): an annotation is a
# parenthesised run of Latin letters with at least one tone mark (or ü) straight after a Han character;
# a bracket holding an English word, an abbreviation or a number is not one.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_NOTE = re.compile(
    r"(?<=[\u3400-\u9fff])\s?[(（]\s*(?=[a-z"
    + _TONED
    + r"]*["
    + _TONED
    + r"])[a-z"
    + _TONED
    + r"]{1,7}\s*[)）]"
)


# Any tone mark: a text without one holds no pinyin note, so the look-behind patterns that find
# notes (which `re` tries at every position) need not scan it.
TONE_MARK = re.compile(f"[{_TONED}]")


def strip_pinyin(text: str) -> str:
    """`發(fā)〔2018〕5號` becomes `發〔2018〕5號`; other brackets are kept."""
    return PINYIN_NOTE.sub("", text)
