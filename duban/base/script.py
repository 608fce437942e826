"""Traditional script: detect it, and give a simplified view of exactly the same length.

Extraction rules are written for simplified characters. A character-level conversion (OpenCC's
character table, first candidate) keeps every offset valid, so spans found in the simplified view
are reported in the document's own characters.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def _t2s_table() -> dict[int, str]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) == 1 and len(parts[1]) == 1 and parts[0] != parts[1]:
            table[ord(parts[0])] = parts[1]
    return table


def to_simplified(text: str) -> str:
    """Simplified view of `text`, character for character."""
    return text.translate(_t2s_table())


def detect_script(text: str, threshold: float = 0.04) -> str:
    """'traditional' when enough CJK characters change under conversion, else 'simplified'."""
    table = _t2s_table()
    cjk = 0
    changed = 0
    for ch in text:
        if "\u4e00" <= ch <= "\u9fff":
            cjk += 1
            if ord(ch) in table:
                changed += 1
    return "traditional" if cjk and changed / cjk >= threshold else "simplified"
