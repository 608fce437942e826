"""Progress in read-outs and inspection notices, found short by the widened real yardstick
(`benchmarks/eval_progress_real.py`): the review after a meeting hears a report, inspectors sent
out or arrived, an inspection launched, funds found misused, `取得积极成效`, and the frames around
them (`在…的基础上`, `除了…`, a named meeting hearing). Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def test_what_sums_up_a_heard_report_is_a_review(progress_rules: ProgressFinder) -> None:
    body = (
        "会议听取了市人社局关于春季稳岗工作的汇报。各区组织开展了线上招聘活动，帮助企业招用了一批急需人员。"
        "会议指出，稳岗工作事关民生，市政府与各区签订了目标责任书，必须按期完成。\n"
    )
    found = progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes")
    assert [s for s, _ in found] == ["done"]
    assert found[0][1].startswith("各区组织开展了线上招聘活动")


def test_a_heard_audit_is_no_review_lead(progress_rules: ProgressFinder) -> None:
    body = "会议听取了全市医保基金审计情况的汇报。审计组抽查了12家医院，核查了近三年的结算数据。\n"
    assert progress_pairs(progress_rules, "市政府常务会议纪要", body, "minutes") == []


def test_a_named_meeting_hearing_is_proceedings(progress_rules: ProgressFinder) -> None:
    body = "近日，省政府常务会议听取了防汛备汛工作汇报。全省各地排查了险工险段312处。\n"
    found = progress_pairs(progress_rules, "防汛工作通报", body, "report")
    assert all("听取" not in t for _, t in found)
    assert ("done", "全省各地排查了险工险段312处") in found


def test_inspectors_sent_out_are_work_done_with_the_inspection_they_made(
    progress_rules: ProgressFinder,
) -> None:
    body = "省政府派出6个督查组，对各市稳就业政策落实情况进行了实地督查。\n"
    found = progress_pairs(progress_rules, "督查情况通报", body, "report")
    assert found == [("done", "省政府派出6个督查组，对各市稳就业政策落实情况进行了实地督查")]


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ("近日，省委第三巡视组正式进驻市文旅局。\n", "done", "省委第三巡视组正式进驻市文旅局"),
        (
            "第二批省级环保督察“回头看”今日全面启动。\n",
            "in_progress",
            "第二批省级环保督察“回头看”今日全面启动",
        ),
        ("其余巡视组也将在近期陆续进驻各单位。\n", "planned", "其余巡视组也将在近期陆续进驻各单位"),
    ],
)
def test_an_inspections_course(progress_rules: ProgressFinder, body: str, status: str, text: str) -> None:
    found = progress_pairs(progress_rules, "巡视工作动态", body, "report")
    assert [s for s, _ in found] == [status]
    assert found[0][1].endswith(text)


def test_what_is_set_aside_frames_the_statement(progress_rules: ProgressFinder) -> None:
    body = "除了首批进驻的5家单位，其余8家单位还将于下月接受巡视。\n"
    assert progress_pairs(progress_rules, "巡视工作动态", body, "report") == [
        ("planned", "其余8家单位还将于下月接受巡视")
    ]


def test_funds_found_misused_are_a_shortfall_and_recovered_ones_work_done(
    progress_rules: ProgressFinder,
) -> None:
    body = "审计发现，2个县挪用助学资金2300万元，3个乡镇违规发放补贴86万元。\n"
    found = progress_pairs(progress_rules, "审计结果公告", body, "report")
    assert [s for s, _ in found] == ["lagging", "lagging"]
    body = "整改中，各地追缴被挪用助学资金2300万元，收回违规发放补贴86万元。\n"
    found = progress_pairs(progress_rules, "审计整改通报", body, "report")
    assert found and {s for s, _ in found} == {"done"}


def test_positive_results_in_a_meetings_review(progress_rules: ProgressFinder) -> None:
    body = "会议指出，近年来各地推行河长制取得积极成效。\n"
    assert [s for s, _ in progress_pairs(progress_rules, "国务院常务会议", body, "minutes")] == ["done"]


def test_a_setting_on_past_results_states_nothing(progress_rules: ProgressFinder) -> None:
    body = "在上一轮试点取得积极成效的基础上，省里将扩大试点范围。\n"
    assert "done" not in [s for s, _ in progress_pairs(progress_rules, "国务院常务会议", body, "minutes")]


@pytest.mark.parametrize(
    "finding", ["集团物资采购领域违规问题多发", "部分窗口“吃拿卡要”现象突出", "项目审批环节管理漏洞较多"]
)
def test_an_inspections_findings_are_shortfalls(progress_rules: ProgressFinder, finding: str) -> None:
    body = f"巡视组在反馈中指出，{finding}。\n"
    assert progress_pairs(progress_rules, "巡视反馈情况通报", body, "report") == [("lagging", finding)]


def test_a_published_audit_or_case_list_is_the_reports_frame(progress_rules: ProgressFinder) -> None:
    body = (
        "今天，省审计厅发布了全省扶贫资金跟踪审计公告。市纪委同时公布了4起典型案例。"
        "审计发现，2个县挪用助学资金2300万元，3个乡镇违规发放补贴86万元。\n"
    )
    found = progress_pairs(progress_rules, "审计结果公告", body, "report")
    assert [s for s, _ in found] == ["lagging", "lagging"]


def test_some_found_with_a_problem_is_a_shortfall(progress_rules: ProgressFinder) -> None:
    body = "督查发现，有的乡镇存在台账不全、签字代签现象；部分项目普遍存在资料归档不及时问题。\n"
    found = progress_pairs(progress_rules, "督查情况通报", body, "report")
    assert [s for s, _ in found] == ["lagging", "lagging"]
    assert found[1][1] == "部分项目普遍存在资料归档不及时问题"


def test_a_problem_to_be_dealt_with_is_no_finding(progress_rules: ProgressFinder) -> None:
    body = "下步将着力解决一些窗口单位存在的推诿扯皮问题。\n"
    assert progress_pairs(progress_rules, "督查情况通报", body, "report") == []


def test_a_lone_misuse_finding_is_read(progress_rules: ProgressFinder) -> None:
    found = progress_pairs(
        progress_rules, "审计结果公告", "审计发现，2个县挪用助学资金2300万元。\n", "report"
    )
    assert [s for s, _ in found] == ["lagging"]


def test_what_a_heard_draft_provides_is_no_work_done(progress_rules: ProgressFinder) -> None:
    body = (
        "会议听取了法制委员会关于某条例草案修改情况的汇报。草案二审稿完善了关于信息公开的规定，增加了罚则。\n"
    )
    assert progress_pairs(progress_rules, "常委会会议", body, "minutes") == []
