"""Progress shapes seen on real reports and minutes (issue 9, cause 6), with texts written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind, Document, Progress
from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default()


def doc_of(text: str, kind: DocKind | None = None) -> Document:
    doc = make_doc(text)
    if kind is not None:
        doc.meta.kind = kind  # as the metadata stage may read it, rightly or not
    return doc


def found(finder: ProgressFinder, body: str, kind: DocKind | None = "report") -> list[Progress]:
    return finder.find(doc_of("关于重点工作推进情况的报告\n" + body, kind))


def pairs(finder: ProgressFinder, body: str, kind: DocKind | None = "report") -> list[tuple[str, str]]:
    return [(p.status, p.text) for p in found(finder, body, kind)]


def test_perfective_le_forms_are_done(finder: ProgressFinder) -> None:
    body = "镇政府开展了河道清理专项行动。及时制定印发了整改工作方案。\n"
    assert pairs(finder, body) == [
        ("done", "镇政府开展了河道清理专项行动"),
        ("done", "及时制定印发了整改工作方案"),
    ]


def test_yi_with_any_verb_and_bare_wancheng_are_done(finder: ProgressFinder) -> None:
    body = "城南产业园3个项目已投产。全区校舍维修工程全部完成。\n"
    assert [p[0] for p in pairs(finder, body)] == ["done", "done"]


def test_going_well_is_in_progress(finder: ProgressFinder) -> None:
    assert pairs(finder, "城北片区改造进展顺利。\n") == [("in_progress", "城北片区改造进展顺利")]


def test_cumulative_figures_and_as_of_statements_are_done(finder: ProgressFinder) -> None:
    body = "截至9月底，全县已建成充电桩80个。全年累计排查隐患1200处。\n"
    assert pairs(finder, body) == [
        ("done", "截至9月底，全县已建成充电桩80个"),
        ("done", "全年累计排查隐患1200处"),
    ]


def test_framing_lead_ins_are_trimmed(finder: ProgressFinder) -> None:
    body = "根据季度进度安排，其中12个项目已提前完成年度任务。\n"
    assert pairs(finder, body) == [("done", "12个项目已提前完成年度任务")]


def test_a_requirement_later_in_the_clause_keeps_what_comes_before(finder: ProgressFinder) -> None:
    body = "督查发现问题20个，已完成整改15项，确保问题不反弹。\n其余5项正在整改。\n"
    assert pairs(finder, body) == [
        ("done", "督查发现问题20个，已完成整改15项"),
        ("in_progress", "其余5项正在整改"),
    ]


def test_status_words_inside_requests_are_not_progress(finder: ProgressFinder) -> None:
    body = "对未完成年度任务的单位，将进行通报。各单位要确保完成全年目标。\n"
    assert pairs(finder, body) == []


def test_the_meetings_own_proceedings_are_not_progress(finder: ProgressFinder) -> None:
    text = (
        "区政府常务会议纪要\n"
        "会议听取了区住建局关于老旧小区改造进展情况的汇报。"
        "会议审议通过了《某区城市更新实施方案》。各副区长分别作了工作汇报。\n"
    )
    assert finder.find(doc_of(text, "minutes")) == []


def test_one_item_per_status_change(finder: ProgressFinder) -> None:
    assert pairs(finder, "完成整改688个，持续整改4个。\n") == [
        ("done", "完成整改688个"),
        ("in_progress", "持续整改4个"),
    ]


def test_planned_and_lagging(finder: ProgressFinder) -> None:
    body = "预计11月底前完成主体工程。城西污水管网项目进度滞后，至今尚未开工。\n"
    assert pairs(finder, body) == [
        ("planned", "预计11月底前完成主体工程"),
        ("lagging", "城西污水管网项目进度滞后，至今尚未开工"),
    ]


def test_a_list_of_problems_after_its_lead_in(finder: ProgressFinder) -> None:
    body = (
        "全年新建公园12个，已完成老旧管网改造30公里。\n"
        "同时，我们也清醒地看到，发展中还存在一些困难和问题，主要表现在：产业结构不优；创新能力不强。\n"
    )
    # The `；`-joined shortfalls of the sentence after the lead-in are one statement.
    assert pairs(finder, body)[-1:] == [("lagging", "产业结构不优；创新能力不强")]
    body = (
        "全年新建公园12个，已完成老旧管网改造30公里。\n"
        "同时，我们也清醒地看到，发展中还存在不少困难和问题。产业能级不高，新兴产业规模不大；"
        "民生短板明显；财源建设有待加强。\n"
    )
    assert pairs(finder, body)[-1:] == [
        ("lagging", "产业能级不高，新兴产业规模不大；民生短板明显；财源建设有待加强")
    ]


def test_like_weak_clauses_joined_by_semicolons_are_one(finder: ProgressFinder) -> None:
    body = "两起事故的调查已全部完成。\n对事故负有责任的某矿矿长张某受到撤职处分；某矿党委书记李某受到严重警告处分。\n"
    assert pairs(finder, body)[-1:] == [
        ("done", "对事故负有责任的某矿矿长张某受到撤职处分；某矿党委书记李某受到严重警告处分")
    ]


def test_the_reports_own_frame_is_no_progress(finder: ProgressFinder) -> None:
    body = (
        "6月3日至10日，市督查室对全市重点任务上半年落实情况进行了督查，现将有关情况通报如下。\n"
        "经督查，已完成的有12项，滞后的有3项。\n"
    )
    assert pairs(finder, body) == [("done", "已完成的有12项"), ("lagging", "滞后的有3项")]
    body = (
        "区委巡察组对区住建局党组进行了巡察，已完成整改21个问题，现将整改情况报告如下。\n"
        "城南片区改造正在推进。\n"
    )
    assert pairs(finder, body) == [("done", "已完成整改21个问题"), ("in_progress", "城南片区改造正在推进")]


def test_a_review_reads_as_progress_whatever_the_kind(finder: ProgressFinder) -> None:
    """A work report scraped from a page whose kind was misread: its review is still progress."""
    text = (
        "某市2024年发展情况\n\n"
        "过去一年，我们坚持稳中求进，全市经济运行稳中向好。\n"
        "生态环境质量持续改善，城市轨道交通一号线全线贯通。\n"
        "全年新增城镇就业1.2万人，完成老旧小区改造46个。\n"
    )
    for kind in ("other", "policy"):
        statuses = [p.status for p in finder.find(doc_of(text, kind))]
        assert statuses and set(statuses) == {"done"}, kind


def test_review_predicates_come_from_the_mined_list(finder: ProgressFinder) -> None:
    text = "某县工作总结\n\n一年来，全县生态环境质量持续改善。\n"
    [item] = finder.find(doc_of(text, "other"))
    assert (item.status, item.provenance) == ("done", "rule:progress.review_predicate.v1")


def test_a_policy_is_not_flooded_with_progress(finder: ProgressFinder) -> None:
    text = (
        "关于加快发展现代农业的实施意见\n"
        "近年来，我市农业生产条件持续改善，农机装备水平稳步提升，已建成高标准农田20万亩。\n"
        "一、加快建设高标准农田。到2025年，新建高标准农田10万亩，实现灌排设施全覆盖。\n"
        "二、推进农机装备升级。各县区要加大农机购置补贴力度，确保主要作物耕种收综合机械化率达到90%。\n"
        "三、健全社会化服务体系。培育农业社会化服务组织100家以上。\n"
    )
    assert finder.find(doc_of(text, "policy")) == []


def test_a_plan_heading_glued_to_its_first_paragraph_ends_the_review(finder: ProgressFinder) -> None:
    body = (
        "一、2023年工作回顾\n"
        "全年新建公园12个，城市绿化覆盖率稳步提升。\n"
        "二、2024年工作安排2024年是关键之年。新建公园10个，完成老旧管网改造30公里。\n"
    )
    assert [p.text for p in found(finder, body)] == ["全年新建公园12个", "城市绿化覆盖率稳步提升"]


def test_a_task_tables_rows_are_tasks_not_progress(finder: ProgressFinder) -> None:
    """A table with due dates and lead units and no progress column lists tasks, also in a report."""
    body = (
        "今年以来，全县民生实事已完成投资8亿元。\n"
        "项目名称 | 工作任务 | 计划完成时间 | 牵头单位 |\n"
        "1.停车设施项目 | 新建停车场3处，新增停车位500个 | 11月 | 县住建局 |\n"
        "2.公园项目 | 新建口袋公园2处 | 10月 | 县城管局 |\n"
    )
    assert pairs(finder, body) == [("done", "今年以来，全县民生实事已完成投资8亿元")]
    with_progress = body.replace("计划完成时间 | 牵头单位 |", "牵头单位 | 进展情况 |")
    with_progress = with_progress.replace("| 11月 | 县住建局 |", "| 县住建局 | 已完成竣工验收 |")
    with_progress = with_progress.replace("| 10月 | 县城管局 |", "| 县城管局 | 正在施工 |")
    # With a progress column each row states its progress, in that cell.
    got = pairs(finder, with_progress)
    assert ("done", "已完成竣工验收") in got and ("in_progress", "正在施工") in got


def test_a_turn_ends_the_statement_before_it(finder: ProgressFinder) -> None:
    """What follows a statement and turns elsewhere (a contrast, what will be done) is not part of it."""
    body = "目前，市住建局正在对《规划》进行修订，同时将会同有关部门研究配套政策。\n"
    assert pairs(finder, body) == [("in_progress", "目前，市住建局正在对《规划》进行修订")]
    body = "全区政务新媒体运行整体情况良好，但部分账号更新频率不高。\n"
    assert pairs(finder, body)[0] == ("in_progress", "全区政务新媒体运行整体情况良好")


def test_a_piece_with_its_own_subject_starts_a_statement(finder: ProgressFinder) -> None:
    body = "目前，市财政局正在修订补偿办法，市林业局也正在研究后续政策。\n"
    assert pairs(finder, body) == [
        ("in_progress", "目前，市财政局正在修订补偿办法"),
        ("in_progress", "市林业局也正在研究后续政策"),
    ]


def test_work_stated_verb_first_then_its_result_is_one_statement(finder: ProgressFinder) -> None:
    body = (
        "过去一年，全市新增就业1.2万人。\n"
        "（三）财政管理\n"
        "强化预算约束和绩效管理，推动审计监督全覆盖，财政资金使用效率稳步提升。\n"
    )
    assert pairs(finder, body)[-1] == (
        "in_progress",
        "强化预算约束和绩效管理，推动审计监督全覆盖，财政资金使用效率稳步提升",
    )
    # What is only expected (`预计…`) does not take the work done into its statement.
    expected = body.replace("财政资金使用效率稳步提升", "预计财政收入增长5%")
    assert pairs(finder, expected)[-1] == ("planned", "预计财政收入增长5%")


# --- this session's shapes (texts written for the test) ------------------------------------------


def test_counted_items_each_state_their_own_progress(finder: ProgressFinder) -> None:
    body = "截至二季度末，其中15个项目超序时进度，8个项目按序时推进。\n"
    assert pairs(finder, body) == [
        ("in_progress", "截至二季度末，其中15个项目超序时进度"),
        ("in_progress", "8个项目按序时推进"),
    ]


def test_a_share_of_the_years_total_joins_its_figure_and_is_under_way(finder: ProgressFinder) -> None:
    body = "全区已完成投资6.2亿元，完成年度计划的75%。\n"
    assert pairs(finder, body) == [("in_progress", "全区已完成投资6.2亿元，完成年度计划的75%")]


def test_a_list_is_cut_only_between_different_statuses(finder: ProgressFinder) -> None:
    body = "巡察反馈问题30个，已完成整改22个、正在整改8个。\n"
    statuses = [p[0] for p in pairs(finder, body)]
    assert statuses == ["done", "in_progress"]
    # A lead-in whose list is joined by `、` is read whole and left out.
    lead = "在走访、座谈、抽查过程中，督导组已督促整改问题12个。\n"
    assert pairs(finder, lead) == [("done", "督导组已督促整改问题12个")]


def test_a_reward_condition_in_a_policy_is_not_progress(finder: ProgressFinder) -> None:
    # The opening states progress, so the document reads as a review; the conditions still do not.
    body = (
        "去年各地已完成督查任务。\n各地整改工作已取得明显成效。\n多数地区减负政策已落实到位。\n"
        "一、对推进老旧小区改造、完善配套设施成效明显的县（市、区），在下年度资金安排中给予倾斜。\n"
        "二、对落实减税降费政策、优化营商环境工作成效突出的城市，给予适当奖励。\n"
        "三、对开展全民健身活动完成情况好的单位，由体育部门给予表彰。\n"
    )
    texts = [p.text for p in found(finder, body, "policy")]
    assert len(texts) == 3
    assert not any("给予" in t for t in texts)


def test_an_inspection_frame_states_nothing(finder: ProgressFinder) -> None:
    body = (
        "县委第二巡察组对县农业农村局开展了常规巡察，并于今年3月反馈了巡察意见。\n"
        "市政府办公室组织开展了本季度全市网站抽查工作。\n"
        "整改期间，已完成整改问题16个。\n"
    )
    assert pairs(finder, body) == [("done", "整改期间，已完成整改问题16个")]


def test_an_item_heading_states_no_progress(finder: ProgressFinder) -> None:
    body = "一是深化作风建设。全年清理文件120件，会议数量明显减少。\n二是强化廉政建设。\n"
    texts = [p[1] for p in pairs(finder, body)]
    assert not any(t.startswith(("一是", "二是")) for t in texts)
    assert texts  # the work told after the heading is still read


def test_future_work_after_its_subject_ends_the_statement(finder: ProgressFinder) -> None:
    body = "目前，市数据局已起草完成数据共享办法，该办法将从目录、流程等方面规范数据共享。\n"
    assert pairs(finder, body) == [("done", "目前，市数据局已起草完成数据共享办法")]


def test_an_audits_general_finding_is_not_progress(finder: ProgressFinder) -> None:
    body = "审计结果表明，专项资金为乡村振兴提供了有力支撑。审计发现的问题，已整改到位14个。\n"
    assert pairs(finder, body) == [("done", "审计发现的问题，已整改到位14个")]


def test_a_self_declared_report_whose_items_end_with_purposes_still_states_progress(
    finder: ProgressFinder,
) -> None:
    # Each item ends with a purpose (`确保…`), which reads as a requirement; the statement stays.
    body = (
        "一是细化整改措施。制定整改落实方案，确保问题全覆盖。\n"
        "二是加强调度督导。专班定期调度，确保不落一件。\n"
        "三是压实整改责任。已召开专题会议5次，研究部署整改工作。\n"
    )
    assert ("done", "已召开专题会议5次，研究部署整改工作") in pairs(finder, body)
