"""A notice of cases (`progress.case_list`): each case listed after a lead-in that counts them is one
lagging statement, up to the notice's own words about them. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

TITLE = "市纪委通报三起违反中央八项规定精神典型问题"


@pytest.mark.parametrize(
    "cases",
    [
        # line after line, each closed by `；`
        "这3起典型问题分别是：\n甲县交通局原局长张某违规收受礼品礼金问题；\n乙镇党委书记李某公款旅游问题；\n"
        "丙区城管局违规发放津补贴问题。\n",
        # in the lead-in's own paragraph, one sentence each
        "这3起典型问题分别是：甲县交通局原局长张某违规收受礼品礼金问题。乙镇党委书记李某公款旅游问题。"
        "丙区城管局违规发放津补贴问题。\n",
    ],
)
def test_each_case_of_a_notice_is_one_lagging_statement(progress_rules: ProgressFinder, cases: str) -> None:
    body = (
        "日前，市纪委对3起典型问题进行了公开通报。\n"
        + cases
        + "市纪委强调，各级党组织要严格落实中央八项规定精神。\n"
    )
    found = progress_pairs(progress_rules, TITLE, body, "report")
    assert found == [
        ("lagging", "甲县交通局原局长张某违规收受礼品礼金问题"),
        ("lagging", "乙镇党委书记李某公款旅游问题"),
        ("lagging", "丙区城管局违规发放津补贴问题"),
    ]


def test_the_list_ends_at_the_notices_own_words(progress_rules: ProgressFinder) -> None:
    body = (
        "这2起问题分别是：\n甲县交通局原局长张某违规收受礼品礼金问题；\n乙镇党委书记李某公款旅游问题。\n"
        "通报指出，上述问题发生在节日期间。\n"
    )
    found = progress_pairs(progress_rules, TITLE, body, "other")
    assert [t for _, t in found] == [
        "甲县交通局原局长张某违规收受礼品礼金问题",
        "乙镇党委书记李某公款旅游问题",
    ]


def test_a_case_a_rule_already_reads_keeps_its_statement(progress_rules: ProgressFinder) -> None:
    body = (
        "这2起典型案例是：\n甲县民政局对低保资金监管不力问题；\n乙县卫健委副主任王某违规公款吃喝问题。\n"
        "以上人员均受到党纪政纪处分。\n"
    )
    found = progress_pairs(progress_rules, TITLE, body, "report")
    assert ("lagging", "甲县民政局对低保资金监管不力问题") in found
    assert ("lagging", "乙县卫健委副主任王某违规公款吃喝问题") in found
    assert len([t for _, t in found if "低保资金" in t]) == 1


def test_a_list_without_a_counted_lead_in_is_not_a_notice(progress_rules: ProgressFinder) -> None:
    body = (
        "会议指出，主要问题有：\n甲县交通局原局长张某违规收受礼品礼金问题；\n乙镇党委书记李某公款旅游问题。\n"
    )
    found = progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes")
    assert ("lagging", "乙镇党委书记李某公款旅游问题") not in found


def test_what_turns_back_to_the_cases_ends_the_list(progress_rules: ProgressFinder) -> None:
    body = (
        "这2起典型案例分别是：\n甲县扶贫办原主任赵某套取扶贫资金问题；\n乙村原党支部书记钱某侵占低保金问题。\n"
        "上述人员均受到党纪处分和相应处理，违纪资金已追缴。\n"
    )
    found = progress_pairs(progress_rules, TITLE, body, "other")
    assert ("lagging", "甲县扶贫办原主任赵某套取扶贫资金问题") in found
    assert ("lagging", "乙村原党支部书记钱某侵占低保金问题") in found
    assert all(s != "lagging" for s, t in found if t.startswith("上述人员"))


def test_a_case_told_by_its_sanction_is_work_done(progress_rules: ProgressFinder) -> None:
    body = (
        "这2起问题分别是：\n甲县交通局原局长张某违规收受礼品礼金问题；\n"
        "乙镇党委书记李某等人因下属违规接受宴请问题受到责任追究。\n"
    )
    found = progress_pairs(progress_rules, TITLE, body, "report")
    assert ("lagging", "甲县交通局原局长张某违规收受礼品礼金问题") in found
    assert ("done", "乙镇党委书记李某等人因下属违规接受宴请问题受到责任追究") in found
