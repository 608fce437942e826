"""Unit shapes the dev set hardly shows (issue 9): a role stated with 为 after the name, attendee
labels beyond `对象：`, every member of a named body, a named body before `等有关部门`, a subject
carried from a lead-in that ends with `：`, and partners named by kind only. Invented fixtures."""

from __future__ import annotations

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


def roles(unit_finder: UnitFinder, text: str) -> dict[str, str]:
    return {u.name: u.role for u in unit_finder.find(text)}


def test_a_role_stated_with_wei_ends_the_name(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "县文旅局为责任单位，负责景区安全监管。") == ["县文旅局"]
    assert unit_names(unit_finder, "各村民委员会为第一责任主体，做好本村防火工作。") == ["各村民委员会"]
    assert not unit_finder.is_unit("县文旅局为责任单位")


def test_attendee_labels_beyond_duixiang(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "参会范围：各乡镇党委书记、县直各单位主要负责人。") == [
        "各乡镇党委书记",
        "县直各单位主要负责人",
    ]
    assert unit_names(unit_finder, "列席：县纪委监委、县委组织部。") == ["县纪委监委", "县委组织部"]
    assert unit_names(unit_finder, "培训对象为各村党支部书记、村委会主任。") == [
        "各村党支部书记",
        "村委会主任",
    ]
    # a label that names what is trained, not who, gives nothing
    assert unit_names(unit_finder, "培训内容：安全生产法律法规。") == []


def test_every_member_of_a_named_body_is_one_unit(unit_finder: UnitFinder) -> None:
    assert unit_finder.is_unit("县直各单位全体干部")
    assert unit_finder.is_unit("县应急管理局全体干部职工")
    assert unit_names(unit_finder, "会议要求，市直各单位全体党员要带头参加志愿服务。") == [
        "市直各单位全体党员"
    ]
    # what precedes 全体 must itself be a body
    assert not unit_finder.is_unit("明天全体干部")


def test_a_named_body_before_a_generic_kind_is_the_unit(unit_finder: UnitFinder) -> None:
    got = unit_names(unit_finder, "财政部要会同发展改革委、人民银行等有关部门加强督促检查。")
    assert sorted(got) == sorted(["财政部", "发展改革委", "人民银行"])
    assert unit_names(unit_finder, "县委宣传部、县融媒体中心等单位要加强宣传。") == [
        "县委宣传部",
        "县融媒体中心",
    ]
    # a kind that names a body of its own stays a second unit
    assert unit_names(unit_finder, "市生态环境局等市直有关部门要加强执法。") == [
        "市生态环境局",
        "市直有关部门",
    ]
    # sectors before 等 share the head and stay whole
    assert unit_names(unit_finder, "财政、审计、税务等部门要加强协作。") == ["财政、审计、税务等部门"]


def test_a_lead_in_that_ends_with_a_colon_gives_its_subject_to_the_first_item(
    unit_finder: UnitFinder,
) -> None:
    sentence = "会议要求，各乡镇要重点做好以下工作：一是全面排查隐患；"
    start = sentence.index("一是")
    carried = unit_finder.carried(sentence[:start], start)
    assert [sentence[u.start : u.end] for u in carried] == ["各乡镇"]
    assert unit_finder.carried("会议听取了以下汇报：", 10) == []


def test_the_one_asked_to_act_is_carried_to_later_clauses(unit_finder: UnitFinder) -> None:
    sentence = "会议强调，要求各乡镇加强值班值守；要严格落实领导带班制度。"
    start = sentence.index("要严格")
    assert [u.name for u in unit_finder.carried(sentence[:start], start)] == ["各乡镇"]
    request = "请县财政局于6月底前拨付资金；要加强资金监管。"
    start = request.index("要加强")
    assert [u.name for u in unit_finder.carried(request[:start], start)] == ["县财政局"]


def test_partners_named_by_kind_only_or_as_objects_are_not_units(unit_finder: UnitFinder) -> None:
    assert roles(unit_finder, "市财政局要会同有关部门加强资金监管。") == {"市财政局": "responsible"}
    assert roles(unit_finder, "会同相关方面研究制定考核办法。") == {}
    assert "co" not in roles(unit_finder, "推动雄安新区与北京城市副中心形成两翼。").values()
    # a named partner still is one
    got = roles(unit_finder, "市财政局要会同市审计局、市税务局加强资金监管。")
    assert got == {"市财政局": "responsible", "市审计局": "co", "市税务局": "co"}
