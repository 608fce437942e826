"""The terminal table `duban search` draws without rich: aligned by display width, folded, marked."""

from __future__ import annotations

import re

import pytest

from duban.pipeline.cli_table import Column, char_width, column_widths, marked_spans, render, text_width, wrap

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _text(lines: list[list[tuple[str, bool]]]) -> list[str]:
    return ["".join(text for text, _ in line) for line in lines]


def test_character_widths() -> None:
    assert [char_width(c) for c in "a1 ，中ａ"] == [1, 1, 1, 2, 2, 2]
    assert char_width("\u0301") == 0 and char_width("\x07") == 0
    assert text_width("督办 duban") == 10


def test_chinese_folds_between_any_two_characters() -> None:
    assert _text(wrap([("甲乙丙丁戊己庚", False)], 6)) == ["甲乙丙", "丁戊己", "庚"]
    assert _text(wrap([("甲乙丙丁", False)], 5)) == ["甲乙", "丙丁"]  # a wide character is not split


def test_latin_wraps_between_words_and_cuts_a_long_word() -> None:
    assert _text(wrap([("市财政局 (lead)", False)], 9)) == ["市财政局", "(lead)"]
    assert _text(wrap([("one two three", False)], 7)) == ["one two", "three"]
    assert _text(wrap([("directive-notice.txt p.1", False)], 9)) == ["directive", "-notice.t", "xt p.1"]


def test_newlines_start_new_lines_and_empty_cells_have_one_line() -> None:
    assert _text(wrap([("甲 (lead)\n乙 (co)", False)], 20)) == ["甲 (lead)", "乙 (co)"]
    assert _text(wrap([], 5)) == [""]


def test_marks_survive_folding() -> None:
    spans = marked_spans("完善\x02中小企业\x03融资", "\x02", "\x03")
    assert spans == [("完善", False), ("中小企业", True), ("融资", False)]
    lines = wrap(spans, 6)
    assert lines == [[("完善", False), ("中", True)], [("小企业", True)], [("融资", False)]]


def test_widths_share_the_rest_by_ratio() -> None:
    columns = [Column("#", width=3), Column("a", ratio=6), Column("b", ratio=2), Column("c", width=11)]
    widths = column_widths(columns, 80)
    assert widths[0] == 3 and widths[3] == 11
    assert 5 + 2 * 4 + sum(widths) == 80  # five borders and a space either side of each cell
    assert widths[1:3] == [40, 13]  # 53 shared 6:2, rounded


@pytest.mark.parametrize("width", [40, 80, 131])
def test_every_line_is_the_table_width(width: int) -> None:
    columns = [Column("#", width=3, right=True), Column("measure", ratio=3), Column("units", ratio=1)]
    rows = [
        [
            [("1", False)],
            marked_spans("建立\x02涉企政策\x03“免申即享”机制 and some Latin words", "\x02", "\x03"),
            [("市财政局 (lead)\n市金融工作局 (co)", False)],
        ],
        [[("2", False)], [("短", False)], [("", False)]],
    ]
    table = render(columns, rows, "共 2 条，显示 2 条 · 3 ms", width=width)
    lines = table.splitlines()
    assert {text_width(line) for line in lines[:-1]} == {width}
    assert lines[-1].strip() == "共 2 条，显示 2 条 · 3 ms"
    body = "".join(line.split("│")[2].strip() for line in lines if line.startswith("│"))
    assert "建立涉企政策“免申即享”机制" in body  # the cell's text, folded, is all there
    assert "\x1b" not in table


def test_colour_marks_the_matches_only() -> None:
    rows = [[marked_spans("甲\x02乙\x03丙", "\x02", "\x03")]]
    table = render([Column("text")], rows, width=20, colour=True)
    assert "\x1b[1;33m乙\x1b[0m" in table
    assert ANSI.sub("", table) == render([Column("text")], rows, width=20)
