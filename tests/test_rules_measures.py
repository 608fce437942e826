"""Measure rules: itemised and prose measures, minutes requirements, clause splitting, rejections.

Every document here is written for the test; none is copied from a corpus.
"""

from __future__ import annotations

import pytest

from duban.base.model import Measure
from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    # The rules' reading: the learned prose decision, which adds and vetoes prose measures, is
    # tested in test_prose_model.py (it scores some bare sentences of these few-line texts low).
    return MeasureFinder.default(learned=False)


def measures(finder: MeasureFinder, text: str) -> list[Measure]:
    return finder.find(make_doc(text))


def texts(finder: MeasureFinder, text: str) -> list[str]:
    return [m.text for m in measures(finder, text)]


POLICY = (
    "关于做好秋季森林防火工作的通知\n"
    "各镇人民政府，县直各单位：\n"
    "为切实做好今年秋季森林防火工作，现将有关事项通知如下：\n"
    "一、落实防火责任。各镇要于10月15日前完成林区隐患排查，建立整改台账。（责任单位：县林业局）\n"
    "二、加强巡山护林。县应急管理局负责统筹调度巡护力量，每周开展一次联合巡查。\n"
    "森林防火工作事关人民群众生命财产安全，意义重大。各镇、各单位要加强值班值守，及时报告火情。\n"
    "三、坚持预防为主、防救结合。\n"
)


def test_each_leaf_item_that_prescribes_action_is_one_measure(finder: MeasureFinder) -> None:
    found = texts(finder, POLICY)
    assert (
        found[0]
        == "一、落实防火责任。各镇要于10月15日前完成林区隐患排查，建立整改台账。（责任单位：县林业局）"
    )
    assert found[1].startswith("二、加强巡山护林。")


def test_a_principle_without_an_actor_or_action_is_not_a_measure(finder: MeasureFinder) -> None:
    assert not any("坚持预防为主" in t for t in texts(finder, POLICY))


def test_preamble_and_significance_are_not_measures_but_the_directive_after_them_is(
    finder: MeasureFinder,
) -> None:
    found = texts(finder, POLICY)
    assert not any("通知如下" in t or "意义重大" in t for t in found)
    assert "各镇、各单位要加强值班值守，及时报告火情。" in found


def test_every_measure_carries_the_rule_that_found_it(finder: MeasureFinder) -> None:
    for measure in measures(finder, POLICY):
        assert measure.provenance and measure.provenance[0].startswith("rule:measure.")


def test_semicolon_clauses_each_with_their_own_action_are_separate_measures(finder: MeasureFinder) -> None:
    text = (
        "关于加强督查工作的意见\n"
        "各部门要建立督查台账，明确责任分工，确保任务落地；要按照有关要求改进督查方式，减轻基层负担；"
        "要做好政策解读工作，加强舆论引导。\n"
    )
    found = texts(finder, text)
    assert len(found) == 3
    assert found[1].startswith("要按照有关要求")


def test_a_sentence_with_one_action_and_a_list_of_objects_stays_one_measure(finder: MeasureFinder) -> None:
    text = "关于做好节日值班的通知\n各单位要妥善安排好值班、安全保卫、防火防盗等工作，确保节日平稳有序。\n"
    assert len(texts(finder, text)) == 1


MINUTES = (
    "县政府第五次常务会议纪要\n"
    "5月6日，县长主持召开县政府第五次常务会议。\n"
    "会议听取了县交通运输局关于农村公路建设情况的汇报。会议指出，农村公路是群众出行的重要基础。"
    "会议要求，县交通运输局要加快施工进度，确保9月底前全线通车。\n"
    "会议传达学习了省安全生产电视电话会议精神，强调要压紧压实安全生产责任，开展隐患大排查。\n"
    "会议还研究了其他事项。\n"
)


def test_minutes_requirement_is_a_measure_and_background_is_not(finder: MeasureFinder) -> None:
    found = texts(finder, MINUTES)
    assert "会议要求，县交通运输局要加快施工进度，确保9月底前全线通车。" in found
    assert not any("重要基础" in t for t in found)
    assert not any("还研究了" in t for t in found)


def test_what_the_meeting_did_is_cut_off_before_its_requirement(finder: MeasureFinder) -> None:
    found = texts(finder, MINUTES)
    assert "强调要压紧压实安全生产责任，开展隐患大排查。" in found
    assert not any(t.startswith("会议传达学习了") for t in found)


def test_enumerated_requirements_after_a_colon_are_separate_measures(finder: MeasureFinder) -> None:
    text = (
        "局党组理论学习中心组学习会议\n"
        "局党组书记提出要求：一是要深入学习党的创新理论，做到学用结合；二是要抓好问题整改，做到真改实改；"
        "三要严守安全底线。\n"
    )
    found = texts(finder, text)
    assert found == [
        "一是要深入学习党的创新理论，做到学用结合；",
        "二是要抓好问题整改，做到真改实改；",
        "三要严守安全底线。",
    ]


def test_minutes_items_are_read_sentence_by_sentence(finder: MeasureFinder) -> None:
    text = (
        "市政府常务会议纪要\n"
        "一、会议听取了市财政局关于预算执行情况的汇报。会议要求，各区要严格控制一般性支出，年底前完成清理。\n"
    )
    assert texts(finder, text) == ["会议要求，各区要严格控制一般性支出，年底前完成清理。"]


def test_past_tense_progress_and_praise_in_a_report_are_not_measures(finder: MeasureFinder) -> None:
    text = (
        "关于重点任务落实情况的报告\n"
        "截至目前，已完成整改12个问题，取得了明显成效。\n"
        "（1）关于“学习贯彻不够到位”问题的整改。局党组未组织专题学习。\n"
        "下一步，各责任单位要加快推进剩余问题整改，确保年底前全部完成。\n"
    )
    assert texts(finder, text) == ["下一步，各责任单位要加快推进剩余问题整改，确保年底前全部完成。"]


def test_an_item_that_only_names_a_topic_is_not_a_measure(finder: MeasureFinder) -> None:
    text = "局务会议规则\n一、会议议题：\n1、研究决定本局年度工作计划；\n2、其他需要提交会议研究的事项。\n"
    found = texts(finder, text)
    assert found == ["1、研究决定本局年度工作计划；"]


def test_items_flattened_onto_one_line_are_split(finder: MeasureFinder) -> None:
    text = "关于调整作息时间的通知\n一、各单位要调整上班时间，8月1日起执行。二、各部门要做好对外公告工作，避免群众白跑。\n"
    assert texts(finder, text) == [
        "一、各单位要调整上班时间，8月1日起执行。",
        "二、各部门要做好对外公告工作，避免群众白跑。",
    ]


def test_prose_joined_after_an_items_unit_marker_is_read_apart(finder: MeasureFinder) -> None:
    text = (
        "关于加大激励支持力度的通知\n"
        "一、对工作成效明显的县，优先安排试点项目。（县发展改革局负责）各乡镇要认真组织实施激励措施，加强协调配合。\n"
    )
    found = texts(finder, text)
    assert found == [
        "一、对工作成效明显的县，优先安排试点项目。（县发展改革局负责）",
        "各乡镇要认真组织实施激励措施，加强协调配合。",
    ]


def test_news_prose_is_not_read_as_measures(finder: MeasureFinder) -> None:
    text = (
        "本报讯（记者 王明）日前，某市出台措施支持企业发展。\n"
        "该市有关负责人表示，各部门要加快政策兑现，推动企业复工复产。\n"
    )
    assert texts(finder, text) == []


def test_task_table_row_is_one_measure_with_its_unit_and_deadline_cells(finder: MeasureFinder) -> None:
    text = (
        "2024年重点工作责任清单\n"
        "序号 | 工作任务 | 责任单位 | 完成时限\n"
        "1 | 推进老旧小区改造，完成改造小区20个 | 县住建局、县财政局 | 2024年10月底前\n"
    )
    [row] = measures(finder, text)
    assert row.text == "推进老旧小区改造，完成改造小区20个"
    assert [u.name for u in row.units] == ["县住建局", "县财政局"]
    assert row.deadlines[0].due == "2024-10-31"


REPORT_WITH_TASKS = (
    "关于2023年工作情况和2024年工作安排的报告\n"
    "一、2023年工作回顾\n"
    "全年新建保障性住房3000套，完成老旧小区改造120个。\n"
    "二、2024年重点任务\n"
    "加快推进城市更新。完成老旧小区改造150个，推动危旧楼房改建。\n"
    "持续优化营商环境，深化“一网通办”改革。\n"
)


def test_a_reports_task_section_reads_as_a_plan(finder: MeasureFinder) -> None:
    found = texts(finder, REPORT_WITH_TASKS)
    assert found == [
        "加快推进城市更新。完成老旧小区改造150个，推动危旧楼房改建。",
        "持续优化营商环境，深化“一网通办”改革。",
    ]


def test_imperative_prose_in_a_policy_is_a_measure_but_not_a_purpose_clause(finder: MeasureFinder) -> None:
    text = (
        "关于促进消费的若干措施\n"
        "为了进一步释放消费潜力，根据有关规定，制定本措施。\n"
        "支持商贸企业开展促销活动，对符合条件的给予一次性补贴。\n"
    )
    assert texts(finder, text) == ["支持商贸企业开展促销活动，对符合条件的给予一次性补贴。"]


def test_inserted_pinyin_does_not_hide_a_modal(finder: MeasureFinder) -> None:
    text = "關於加強監督的措施\n各級黨組織應(yīng)當(dāng)定期開展談心談話。\n"
    assert texts(finder, text) == ["各級黨組織應(yīng)當(dāng)定期開展談心談話。"]


def test_a_deadline_read_past_inserted_pinyin_keeps_its_last_characters_pinyin(finder: MeasureFinder) -> None:
    text = "關於加強信訪辦理的通知\n各鄉鎮應(yīng)當(dāng)在7日內(nèi)將辦理結果報送縣信訪局。\n"
    (measure,) = measures(finder, text)
    assert [d.text for d in measure.deadlines] == ["在7日內(nèi)"]
    (d,) = measure.deadlines
    assert d.start is not None and text[d.start : d.end] == d.text


def test_table_lead_and_co_columns_and_bare_cell_deadlines(finder: MeasureFinder) -> None:
    text = (
        "重点任务分工表\n"
        "序号 | 重点任务 | 责任领导 | 牵头单位 | 配合单位 | 完成时限\n"
        "1 | 建成智慧停车平台，新增公共泊位2000个 | 张三 | 市城管局 | 市公安局、市住建局 | 2024年6月\n"
        "2 | 开展违规停车专项整治 | 李四 | 市公安局 | 各区政府 | 尽快\n"
    )
    first, second = measures(finder, text)
    assert [(u.name, u.role) for u in first.units] == [
        ("市城管局", "lead"),
        ("市公安局", "co"),
        ("市住建局", "co"),
    ]
    assert [(d.text, d.due) for d in first.deadlines] == [("2024年6月", "2024-06-30")]
    assert second.deadlines == []


def test_guiding_principles_and_targets_are_not_measures(finder: MeasureFinder) -> None:
    text = (
        "关于推进乡村振兴的实施意见\n"
        "一、总体要求\n"
        "（一）指导思想。坚持农业农村优先发展，推动乡村全面振兴。\n"
        "（二）基本原则。坚持因地制宜、分类推进。\n"
        "二、重点任务\n"
        "（三）加强高标准农田建设。县农业农村局要于2025年底前新建高标准农田5万亩。\n"
    )
    assert texts(finder, text) == [
        "（三）加强高标准农田建设。县农业农村局要于2025年底前新建高标准农田5万亩。"
    ]


def test_a_requirement_that_opens_a_list_makes_each_enumerated_clause_a_measure(
    finder: MeasureFinder,
) -> None:
    text = "县委常委会会议纪要\n会议强调：一是加强组织领导，压实工作责任。二是强化督查问效，推动任务落地。\n"
    assert texts(finder, text) == ["一是加强组织领导，压实工作责任。", "二是强化督查问效，推动任务落地。"]


def test_a_sentence_that_a_unit_opens_with_its_task_is_a_measure(finder: MeasureFinder) -> None:
    text = (
        "县政府专题会议纪要\n"
        "会议要求，各乡镇要压实春耕生产责任。\n"
        "县农业农村局负责组织春耕生产督导，每周调度一次。\n"
        "县财政局、县农商银行按季度通报贷款贴息兑现情况。\n"
        "县农业农村局汇报了春耕备耕进展情况。\n"
    )
    found = measures(finder, text)
    assert [m.text for m in found] == [
        "会议要求，各乡镇要压实春耕生产责任。",
        "县农业农村局负责组织春耕生产督导，每周调度一次。",
        "县财政局、县农商银行按季度通报贷款贴息兑现情况。",
    ]
    assert [u.name for u in found[2].units] == ["县财政局", "县农商银行"]
    assert [(d.text, d.period) for d in found[2].deadlines] == [("按季度", "P3M")]


def test_a_bare_heading_line_opens_the_first_measure_of_its_paragraph(finder: MeasureFinder) -> None:
    found = texts(
        finder,
        "关于做好防汛工作的通知\n各镇人民政府：\n强化组织保障措施\n"
        "各镇要于5月底前完成辖区内山塘水库和地质灾害点的隐患排查，建立整改台账，逐项销号管理。\n",
    )
    assert found == [
        "强化组织保障措施\n各镇要于5月底前完成辖区内山塘水库和地质灾害点的隐患排查，建立整改台账，逐项销号管理。"
    ]


def test_a_lead_in_that_announces_the_list_is_not_a_measure(finder: MeasureFinder) -> None:
    found = texts(
        finder,
        "关于做好防汛工作的通知\n各镇人民政府：\n按照县委部署，我们将重点做好以下工作。\n"
        "各镇要于5月底前完成隐患排查，建立整改台账。\n",
    )
    assert not any("以下工作" in t for t in found)


def test_progress_words_inside_the_condition_of_a_requirement_do_not_reject_it(finder: MeasureFinder) -> None:
    found = texts(
        finder,
        "县委常委会会议纪要\n会议强调，已经完成整改的要巩固成果、防止反弹，尚未整改的要尽快整改到位。"
        "已建立工作台账的单位，要按月更新台账。\n",
    )
    assert any("已经完成整改的要巩固成果" in t for t in found)
    assert any(t.startswith("已建立工作台账的单位，要按月更新台账") for t in found)


def test_a_connective_before_the_modal_still_opens_a_requirement(finder: MeasureFinder) -> None:
    found = texts(
        finder, "县委常委会会议纪要\n会议听取了防汛工作汇报。同时，要加强汛期值班值守和应急演练工作。\n"
    )
    assert "同时，要加强汛期值班值守和应急演练工作。" in found


def test_semicolon_clauses_that_each_assign_a_task_are_separate_measures(finder: MeasureFinder) -> None:
    found = texts(
        finder,
        "县防汛指挥部会议纪要\n会议要求，东湖片区环境整治由张某牵头，东湖镇落实；"
        "西湖片区道路绿化由李某牵头，县林业局落实；督导组负责每天报送进度。\n",
    )
    assert found[0] == "会议要求，东湖片区环境整治由张某牵头，东湖镇落实；"
    assert found[1].startswith("西湖片区道路绿化由李某牵头")


def test_a_reports_account_heading_does_not_make_its_paragraph_one_task(finder: MeasureFinder) -> None:
    # Two report shapes: a bulletin's `一、基本情况` over a paragraph of figures that ends in a
    # requirement, and a `二、督查情况` heading over findings that close with what must be done.
    text = (
        "关于2025年一季度政务公开检查情况的通报\n"
        "一、基本情况\n"
        "本季度共检查网站32个，合格率为90.6%，较上季度提高3个百分点。各单位要落实专人负责，每周更新公开栏目。\n"
        "二、督查情况\n"
        "督查发现部分单位栏目更新不及时，留言回复超期。\n"
    )
    doc = make_doc(text)
    assert doc.meta.kind == "report"
    assert texts(finder, text) == ["各单位要落实专人负责，每周更新公开栏目。"]


def test_a_report_tallying_tasks_by_state_gives_no_measure(finder: MeasureFinder) -> None:
    text = (
        "关于全年重点工作任务进展情况的报告\n"
        "一、已经完成的重点任务，共计12项。主要是新建两所学校、改造三条道路。\n"
        "二、年底前能够确保完成的重点任务，共计40项。占任务总数的八成。\n"
        "三、完成有一定难度，但年底前能够完成的有3项。分别为引进一家银行、新增融资50亿元。\n"
    )
    assert texts(finder, text) == []


def test_a_definition_is_not_a_measure_but_the_duty_beside_it_is(finder: MeasureFinder) -> None:
    text = (
        "某市公共场所控烟办法\n"
        "第二条 本办法所称重点场所，是指由市政府确定、纳入年度计划管理的公共场所。\n"
        "第三条 经营单位应当在公共场所设置禁烟标识。\n"
        "第四条 前款所称经营单位是指：依法设立、负责管理商场、宾馆等场所的单位。\n"
    )
    found = texts(finder, text)
    assert [t[:3] for t in found] == ["第三条"]
