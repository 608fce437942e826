"""Chinese numerals as used in dates, counts and periods (二〇二一, 二十五, 两, 十二)."""

from __future__ import annotations

DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "０": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def cn_digits_to_int(text: str, positional: bool = False) -> int:
    """Value of a Chinese or Arabic numeral; `positional` reads 二〇二一 digit by digit."""
    text = text.strip()
    if not text:
        return 0
    if text.isdigit():
        return int(text)
    if positional:
        value = 0
        for ch in text:
            if ch.isdigit():
                value = value * 10 + int(ch)
            elif ch in DIGITS:
                value = value * 10 + DIGITS[ch]
            else:
                return 0
        return value
    total = 0
    section = 0
    number = 0
    for ch in text:
        if ch in DIGITS:
            number = DIGITS[ch]
        elif ch.isdigit():
            number = number * 10 + int(ch)
        elif ch in UNITS:
            unit = UNITS[ch]
            if unit == 10000:
                total += (section + number) * unit
                section = 0
            else:
                section += (number or 1) * unit
            number = 0
        else:
            return 0
    return total + section + number


def cn_year_to_int(text: str) -> int:
    """A year written digit by digit (`二〇二一`, `2021`, full-width `２０２１`), or 0 when `text`
    is not four digits: a year is never read as a count (`二千零二十一` is no date form)."""
    text = text.strip()
    if len(text) != 4:
        return 0
    return cn_digits_to_int(text, positional=True)
