"""Unit shapes found by running the finder over the unlabelled real corpus (administrative
policies, work reports, regulations): subjects it missed and names it cut. Texts are written for
the test, each modelled on a shape seen in at least two real documents.
"""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    "text, expected",
    [
        ("。中国（福建）自由贸易试验区管理委员会要加强统筹。", ["中国（福建）自由贸易试验区管理委员会"]),
        ("。自由贸易港工作领导小组办公室负责协调。", ["自由贸易港工作领导小组办公室"]),
    ],
)
def test_ziyou_in_a_name_is_no_by_actor(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    """`由` opens a `由X负责` clause, but inside `自由贸易` it is part of the name."""
    assert unit_names(unit_finder, text) == expected


def test_from_clause_still_breaks_a_name(unit_finder: UnitFinder) -> None:
    assert "具体事项由市财政局" not in unit_names(unit_finder, "具体事项由市财政局负责解释。")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("市、县（市、区）人民政府应当加强领导。", ["市、县（市、区）人民政府"]),
        ("省、市（州）教育行政部门要加强指导。", ["省、市（州）教育行政部门"]),
    ],
)
def test_level_list_with_bracketed_levels_stays_whole(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "（三）加大支持。中央担保基金和省级担保、再担保基金（机构）要降低费率。",
            ["中央担保基金", "省级担保、再担保基金（机构）"],
        ),
        ("县财政局和省、市（州）人民政府要加大投入。", ["县财政局", "省、市（州）人民政府"]),
    ],
)
def test_he_joins_a_name_and_a_shared_head_list(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


def test_he_inside_a_name_still_joins(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "市人力资源和社会保障局要做好培训。") == ["市人力资源和社会保障局"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("建设单位应当在开工前报送资料。", ["建设单位"]),
        ("建设工程监理单位应当依法承担责任。", ["建设工程监理单位"]),
        ("地方担保基金要扩大业务规模。", ["地方担保基金"]),
        ("社会团体应当接受登记管理机关的监督。", ["社会团体"]),
    ],
)
def test_bodies_named_in_real_regulations_and_policies(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize("text", ["建设智慧城市要统筹推进。", "建设工程质量要全面提升。"])
def test_building_as_a_verb_or_topic_names_nobody(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("具体办法由国务院财政、税务主管部门制定。", ["国务院财政、税务主管部门"]),
        ("第八条 卫生、教育行政部门应当加强协作。", ["卫生、教育行政部门"]),
    ],
)
def test_sectors_sharing_one_kind_of_department_stay_whole(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


def test_full_names_before_a_department_kind_still_split(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "市财政局、县教育行政部门要加强配合。") == ["市财政局", "县教育行政部门"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("第五条 市和区、县人民政府应当编制规划。", ["市和区、县人民政府"]),
        ("省及市、县人民政府要加大投入。", ["省及市、县人民政府"]),
    ],
)
def test_levels_joined_by_he_share_the_head(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


def test_he_before_the_fixed_provincial_list_splits_there(unit_finder: UnitFinder) -> None:
    text = "第九条 国务院农业主管部门和省、自治区、直辖市人民政府农业主管部门负责监测。"
    assert unit_names(unit_finder, text) == ["国务院农业主管部门", "省、自治区、直辖市人民政府农业主管部门"]


@pytest.mark.parametrize(
    "text",
    ["现在，我代表市人民政府向大会报告工作，请予审议。", "各位代表：现在，我代表县人民政府向大会作报告。"],
)
def test_the_speaker_presenting_a_report_is_no_unit(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("。港口管理机构接到报告后，应当立即派员核实。", ["港口管理机构"]),
        ("。市场监管部门、公安机关收到举报后，应当依法查处。", ["市场监管部门", "公安机关"]),
        ("第七条 县生态环境局发现违法排污的，可以责令停产。", ["县生态环境局"]),
        ("第十二条 建设行政主管部门在审核施工许可时，应当审查安全措施。", ["建设行政主管部门"]),
    ],
)
def test_subject_before_an_act_that_opens_a_procedure(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    """Regulations and procedures: `X接到/收到/发现…后，应当…`, `X依照…`; X is the actor."""
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("。中央政治局的同志要带好头。", ["中央政治局的同志"]),
        ("。县委常委会的同志要走在前列。", ["县委常委会的同志"]),
        ("。广大党员要发挥先锋模范作用。", ["广大党员"]),
        ("。全局干部职工要严守纪律。", ["全局干部职工"]),
    ],
)
def test_members_and_holders_of_a_role(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize("text", ["。广大人民群众的利益要切实维护。", "。群众的同志情谊要珍惜。"])
def test_possessives_that_name_no_holder(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("。社会组织要积极参与基层治理。", ["社会组织"]),
        ("第六条 基层群众性自治组织应当协助做好宣传。", ["基层群众性自治组织"]),
        ("。人民团体要发挥桥梁纽带作用。", ["人民团体"]),
        ("。报纸、电台、网络等媒体应当开展公益宣传。", ["报纸、电台、网络等媒体"]),
        ("。各类新闻媒体要加强舆论监督。", ["各类新闻媒体"]),
    ],
)
def test_kinds_of_bodies_mined_from_real_subjects(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize("text", ["。精心组织要贯穿始终。", "。失业保险基金要专款专用。"])
def test_verbs_and_funds_are_not_bodies(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("。责成县住建局限期整改。", ["县住建局"]),
        ("会议要求，镇农业服务中心限期完成补种。", ["镇农业服务中心"]),
    ],
)
def test_a_body_given_a_time_limit_is_its_actor(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


def test_the_party_ordered_by_a_penalty_is_no_unit(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "。责令违法企业限期改正。") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.县委办：负责统筹协调全县创建工作。", ["县委办"]),
        ("（三）市卫生健康委：牵头做好医疗救治。", ["市卫生健康委"]),
    ],
)
def test_a_body_then_a_colon_then_its_duties(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize("text", ["主要任务：负责全县项目调度。", "县发改局：负责人王五。"])
def test_a_colon_after_a_topic_or_before_a_person_names_no_body(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


def test_by_actor_with_overall_responsibility(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "此项工作由区政府办公室负总责。") == ["区政府办公室"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("考评结果应当由区考评办向社会公开，接受监督。", "区考评办"),
        ("排污单位名录由县生态环境局定期更新。", "县生态环境局"),
        ("群众满意度测评由市绩效办每年组织一次。", "市绩效办"),
    ],
)
def test_by_actor_before_whom_it_tells_or_how_often(
    unit_finder: UnitFinder, text: str, expected: str
) -> None:
    """`由X向…公开`, `由X定期…`, `由X每年…`: X acts, and is the one responsible."""
    assert roles(unit_finder, text) == {expected: "responsible"}


@pytest.mark.parametrize("text", ["推动全县产业由低端制造向高端智造跨越。", "实现由资源大县向经济强县转变。"])
def test_a_shift_from_one_state_to_another_names_no_actor(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


def roles(unit_finder: UnitFinder, text: str) -> dict[str, str]:
    return {u.name: u.role for u in unit_finder.find(text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "责任单位：各街道（园区）、城管执法局",
            {"各街道（园区）": "responsible", "城管执法局": "responsible"},
        ),
        ("牵头单位：市数据局（市政务服务中心）", {"市数据局（市政务服务中心）": "lead"}),
        ("责任单位：区住建局（牵头）、区财政局（配合）", {"区住建局": "lead", "区财政局": "co"}),
        (
            "（责任单位：市商务局、市财政局（排在第一位的为牵头单位））",
            {"市商务局": "lead", "市财政局": "responsible"},
        ),
    ],
)
def test_brackets_inside_a_label_list(unit_finder: UnitFinder, text: str, expected: dict[str, str]) -> None:
    """A name's own bracket stays with it, a role bracket gives the role, a note is dropped."""
    assert roles(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1.完成老旧小区改造。（县住建局，6月底前）", ["县住建局"]),
        ("3.建设养老服务中心。（各镇街、县民政局；2024年底前完成）", ["各镇街", "县民政局"]),
        ("6.推行政务服务好差评。（区数据局，长期坚持）", ["区数据局"]),
    ],
)
def test_an_item_closing_bracket_with_units_and_a_time_bound(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize("text", ["4.完成改造。（2024年底前）", "5.建成投用。（预计6月底前）"])
def test_a_closing_bracket_with_only_a_time_bound_names_nobody(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("（各有关部门和单位，各市人民政府按职责分工负责）", ["各有关部门和单位", "各市人民政府"]),
        ("。有关地区和部门、各开发区要守住安全底线。", ["有关地区和部门", "各开发区"]),
    ],
)
def test_he_does_not_join_a_bare_head_across_lists(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    """`各有关部门和单位` is one unit; a shared-head list on the far side of 和 ends at the comma."""
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "，并可代表市政府出席签约活动。",
        "，起草说明应当写明制定规则所依据的上位法。",
        "，也可以采用检测机构作出的检验结论。",
    ],
)
def test_acts_that_qualify_a_noun_or_represent_a_body_open_no_subject(
    unit_finder: UnitFinder, text: str
) -> None:
    assert unit_names(unit_finder, text) == []


def test_legal_representative_is_a_role_not_representation(unit_finder: UnitFinder) -> None:
    found = unit_names(unit_finder, "第九条 演出单位的法定代表人或者主要负责人应当对演出安全负责。")
    assert "主要负责人" in found and any(n.endswith("法定代表人") for n in found)


@pytest.mark.parametrize("text", ["，应当依法到市场监管部门办理变更登记。", "，并依法向税务机关申报。"])
def test_an_adverb_before_a_place_opens_no_name(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text",
    ["。国家鼓励企业、社会团体和个人参与文物保护。", "第五条 本市允许外国企业和其他经济组织依法投资。"],
)
def test_the_state_encouraging_or_allowing_names_no_responsible_list(
    unit_finder: UnitFinder, text: str
) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("培育一批示范园区。（工业和信息化部、商务部指导）以重点行业为突破口", ["工业和信息化部", "商务部"]),
        ("（省生态环境厅、省农业农村厅指导）", ["省生态环境厅", "省农业农村厅"]),
    ],
)
def test_guiding_bodies_in_an_item_bracket(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


def test_a_marker_bracket_is_never_part_of_a_name(unit_finder: UnitFinder) -> None:
    found = unit_names(unit_finder, "完善统计方法。（市生态环境局牵头研究，市统计局做好数据支撑）")
    assert found and not any(n.startswith("（") for n in found)


@pytest.mark.parametrize(
    "text",
    [
        "，配合有关部门及时打击违法活动。",
        "；组织外贸企业积极参加各类展会。",
        "。配合市人大常委会出台地方性法规。",
    ],
)
def test_a_verb_before_a_name_is_no_name(unit_finder: UnitFinder, text: str) -> None:
    assert unit_names(unit_finder, text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("。组织部门要加强考核。", ["组织部门"]),
        ("。当地政府要负起责任。", ["当地政府"]),
        ("。自贸试验区内医疗机构可以开展试点。", ["自贸试验区内医疗机构"]),
        ("，组织（人事）部门应当及时处理。", ["组织（人事）部门"]),
    ],
)
def test_names_that_open_with_an_opener_word_stay(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected
