"""Patterns moved from Python into rule files (issue 12): the modules read them from `rules/`, and
the deadline file's pieces (read around a match) are never run over text as deadline rules."""

from __future__ import annotations

from duban.extractors import deadlines
from duban.extractors.deadlines import DeadlineFinder
from duban.pipeline import layout, normalize
from duban.pipeline.loaders import pdf_layout
from duban.rules.ruleset import load_rule_file


def test_modules_read_their_patterns_from_the_rule_files() -> None:
    pieces = load_rule_file("deadlines")
    shapes = load_rule_file("layout")
    assert deadlines._RANGE_GAP is pieces.regex("range_gap")
    assert deadlines._ANCHOR_WEEKDAY is pieces.regex("anchor_weekday")
    assert layout.PINYIN is shapes.regex("pinyin")
    assert normalize._BLOCK_START is shapes.regex("block_start")
    assert pdf_layout._URL_LINE is shapes.regex("url_line")


def test_pieces_are_not_deadline_rules() -> None:
    finder = DeadlineFinder.default()
    groups = {text_rule.rule.get("group") for text_rule in finder._text_rules}
    assert groups and not groups & set(deadlines._PIECE_GROUPS)
    # `range_gap` matches the empty string: run as a rule it would find a bound in any text.
    assert finder.find("组织开展政策宣传活动。", 0, 2024) == []


def test_moved_patterns_keep_their_behaviour() -> None:
    assert layout.plain("責(zé)任單(dān)位") == "責任單位"
    assert pdf_layout.is_page_number("第 2 页 共 9 页")
    assert normalize._DATE_LINE.match("二〇二四年三月五日")
    assert not normalize._NUMBER_COLUMN.match("序号 任务")
