"""Cheaper forms of the PDF loader's character tests must say what the plain forms say.

`pdf._uncommon_han` finds the hanzi outside GB 2312 in one character class where the loader
tested every hanzi against the GB 2312 set; `pdf_layout._contents_entry` searches for leader dots
only on lines ending in a numeral. Both are checked here against the plain test, exhaustively over
the CJK ranges for the first, on lines made to end every way for the second.
"""

from __future__ import annotations

import itertools

from duban.pipeline.loaders import pdf as pdf_loader
from duban.pipeline.loaders import pdf_layout


def test_uncommon_han_is_every_cjk_ideograph_outside_gb2312() -> None:
    common = pdf_loader._gb2312_hanzi()
    pattern = pdf_loader._uncommon_han()
    checked = 0
    for low, high in pdf_loader._RARE_HAN_RANGES:
        for point in range(low - 2, high + 3):
            char = chr(point)
            in_range = any(lo <= point <= hi for lo, hi in pdf_loader._RARE_HAN_RANGES)
            assert bool(pattern.fullmatch(char)) == (in_range and char not in common), hex(point)
            checked += 1
    assert checked > 90_000 and len(common) == 6763


def test_contents_entry_says_what_the_search_says() -> None:
    heads = ["第一章 总则", "附件", "一、目标任务", "Chapter", ""]
    leaders = ["", "....", "……", "····", "!!!!", "    ", " .. ", "\t\t\t\t"]
    numbers = ["", "3", "12", "１２", "iv", "XII", "Ⅻ", "ⅳ", "12345", "七", "3页", "。"]
    tails = ["", " ", "  \n", "\n", "\u3000"]
    lines = ["".join(parts) for parts in itertools.product(heads, leaders, numbers, tails)]
    hits = 0
    for line in lines:
        expected = bool(pdf_layout._CONTENTS_ENTRY.search(line))
        assert pdf_layout._contents_entry(line) == expected, repr(line)
        hits += expected
    assert 0 < hits < len(lines)
