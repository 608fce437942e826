"""Chinese-text regexes of the progress and measure finders and the metadata reader live in
`rules/` (issue 12): the modules read them by group, and no compiled literal with Chinese is left.

The moved patterns are exercised through the finders' own tests and every rule's examples
(`tests/test_ruleset.py`); these tests pin the move itself, so that a pattern copied back into
Python, or a group read under another name, fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from duban.extractors import measures, progress
from duban.pipeline import doc_kind, metadata
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import genres

_ROOT = Path(__file__).resolve().parent.parent
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MODULES = (
    "duban/extractors/progress.py",
    "duban/extractors/measures.py",
    "duban/pipeline/metadata.py",
    "duban/pipeline/doc_kind.py",
)


@pytest.mark.parametrize("path", _MODULES)
def test_no_compiled_chinese_literal_left(path: str) -> None:
    source = (_ROOT / path).read_text(encoding="utf-8")
    left = [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == "re.compile"
        and any(
            isinstance(c, ast.Constant) and isinstance(c.value, str) and _CJK.search(c.value)
            for c in ast.walk(node)
        )
    ]
    assert left == [], f"{path}: re.compile with Chinese text at lines {left}"


@pytest.mark.parametrize(
    ("module", "name", "family", "group"),
    [
        (progress, "_HEADING", "progress", "heading_line"),
        (progress, "_ADDRESSEE", "progress", "addressee"),
        (progress, "_NEW_TURN", "progress", "new_turn"),
        (progress, "_OWN_SUBJECT", "progress", "own_subject"),
        (progress, "_ENUMERATED", "progress", "enumerated"),
        (progress, "_PLAN_COLUMN", "progress", "plan_column"),
        (progress, "_PROGRESS_COLUMN", "progress", "progress_column"),
        (progress, "_SHARE", "progress", "share"),
        (progress, "_ENUM_HEADING", "progress", "enum_heading"),
        (measures, "_INLINE_ITEM", "measures", "inline_item"),
        (measures, "_NOT_HEADING", "measures", "not_heading"),
        (measures, "_CONDITION_MODAL", "measures", "condition_modal"),
        (measures, "_OWN_ASSIGNMENT", "measures", "own_assignment"),
        (measures, "_HEAD_DATE", "measures", "head_date"),
        (doc_kind, "_TITLE_TAIL", "kinds", "title_tail"),
    ],
)
def test_module_reads_its_rule(module: object, name: str, family: str, group: str) -> None:
    assert getattr(module, name) is load_rule_file(family).regex(group)


def test_share_keeps_its_percentage_group() -> None:
    m = progress._SHARE.match("完成年度计划的 87.5%")
    assert m is not None and m.group("pct") == "87.5"


def test_head_date_keeps_its_year_group() -> None:
    m = measures._HEAD_DATE.search("签发：2024 年 3 月 15 日")
    assert m is not None and m.group(1) == "2024"


def test_title_hint_reads_rule_words_and_genres() -> None:
    for title in ("关于做好防汛工作", "市长办公会议", "第一季度推进情况", "某某实施方案"):
        assert metadata._TITLE_HINT.search(title), title
    assert not metadata._TITLE_HINT.search("加强组织领导")
    assert metadata._TITLE_HINT.pattern.startswith(genres("core", "measures", "plan", "record") + "|")


def test_genre_end_adds_meeting_to_genres() -> None:
    assert metadata._GENRE_END.search("区政府第三次常务会议")
    assert metadata._GENRE_END.search("关于印发某某办法的通知")
    assert not metadata._GENRE_END.search("会议强调要狠抓落实")
