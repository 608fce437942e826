"""What work shows or weighs is commentary, not progress (`progress.commentary.v1`): `彰显了…`,
`充分体现了…`, `为…奠定了坚实基础`, `…事关…`, `…发挥了重要作用`, `…作出了积极贡献`. Their `了` and
the goals they name read as done before; a piece that says only this now states nothing, and one
beside work done goes on with that statement. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

REVIEW = "一年来，全市新建保障性住房3200套，改造城镇老旧小区46个。\n"


@pytest.mark.parametrize(
    "comment",
    [
        "我们迎难而上、团结奋斗，彰显了敢为人先的城市精神。",
        "这些成绩的取得，充分体现了上级党委对我市发展的关心厚爱。",
        "广大企业家奋勇拼搏，为全市高质量发展作出了突出贡献。",
        "驻市各单位和群团组织在经济社会发展中发挥了重要作用。",
    ],
)
def test_a_comment_on_the_years_work_states_nothing(progress_rules: ProgressFinder, comment: str) -> None:
    found = progress_pairs(progress_rules, "某市人民政府工作报告", REVIEW + comment + "\n", "report")
    texts = [t for _, t in found]
    assert any("3200套" in t for t in texts), found
    assert not any(w in t for t in texts for w in ("彰显", "体现", "贡献", "作用")), found


def test_what_a_task_weighs_is_no_goal_reached(progress_rules: ProgressFinder) -> None:
    body = (
        REVIEW + "市纪委有关负责人强调，打赢污染防治攻坚战事关全面小康目标如期实现，是当前的重要政治任务。\n"
    )
    found = progress_pairs(progress_rules, "某市人民政府工作报告", body, "report")
    assert not any("事关" in t for _, t in found), found


def test_a_comment_beside_work_done_goes_on_with_it(progress_rules: ProgressFinder) -> None:
    body = "一年来，全县圆满完成了脱贫攻坚各项年度任务，为乡村振兴奠定了坚实基础。\n"
    found = progress_pairs(progress_rules, "某县人民政府工作报告", body, "report")
    assert found == [("done", "一年来，全县圆满完成了脱贫攻坚各项年度任务，为乡村振兴奠定了坚实基础")]


def test_a_comment_after_a_trend_is_not_a_second_statement(progress_rules: ProgressFinder) -> None:
    body = "一年来，全市城市管理水平进一步提升，为创建全国文明城市打下了坚实基础。\n"
    found = progress_pairs(progress_rules, "某市人民政府工作报告", body, "report")
    assert found == [("in_progress", "一年来，全市城市管理水平进一步提升，为创建全国文明城市打下了坚实基础")]


def test_a_problem_that_weighs_much_is_still_solved(progress_rules: ProgressFinder) -> None:
    body = "一年来，各部门共办理代表建议312件，推动解决了一大批事关群众切身利益的问题。\n"
    found = progress_pairs(progress_rules, "某市人民政府工作报告", body, "report")
    assert any("事关群众切身利益的问题" in t and s == "done" for s, t in found), found
