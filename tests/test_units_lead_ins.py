"""The body in charge where regulations say who leads and who does what: `X统一领导…` and `X领导本地区…`
open an article with the body in charge; `负责X的部门` names a body by its charge; and the items of a
`X履行下列职责：` list are that body's acts (its subject is carried into each item that names none),
while the items of a list of things (`提交下列材料：`) carry nobody. Texts written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.extractors.units import UnitFinder
from duban.rules.lexicons.mine_opener_names import mine
from tests.conftest import unit_names, write_corpus
from tests.test_measures_duty_lists import _extract


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("县应急管理委员会统一领导全县的应急管理工作。", "县应急管理委员会"),
        ("乡镇党委领导本乡镇的移风易俗工作，督促村级组织落实。", "乡镇党委"),
        (
            "市和区、县（市）养老服务委员会统一领导本行政区域内的养老服务工作。",
            "市和区、县（市）养老服务委员会",
        ),
    ],
)
def test_the_body_that_leads_a_field_of_work_is_its_unit(
    unit_finder: UnitFinder, text: str, unit: str
) -> None:
    assert unit_names(unit_finder, text) == [unit]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("在乡镇党委领导下，各村民委员会要做好宣传。", "乡镇党委"),
        ("分管市领导：王某某", "分管市"),
        ("建立健全各级党委统一领导、宣传部门牵头协调的工作格局。", "各级党委"),
        ("县防汛领导小组办公室设在县水利局。", "县防汛"),
    ],
)
def test_leaders_and_principles_are_no_lead(unit_finder: UnitFinder, text: str, absent: str) -> None:
    assert absent not in unit_names(unit_finder, text)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("负责渔业监督管理的部门应当定期公布检查结果。", "负责渔业监督管理的部门"),
        ("县级以上人民政府负责殡葬管理的部门应当加强巡查。", "县级以上人民政府负责殡葬管理的部门"),
    ],
)
def test_a_body_named_by_its_charge_is_one_unit(unit_finder: UnitFinder, text: str, unit: str) -> None:
    assert unit_names(unit_finder, text) == [unit]


_ARTICLES = (
    "白河县湿地保护条例\n"
    "第四条 县湿地保护委员会统一领导全县湿地保护工作，履行下列职责：\n"
    "（一）审定湿地保护规划；\n"
    "（二）组织开展湿地资源调查；\n"
    "（三）督促各乡镇落实湿地保护责任。\n"
    "第五条 县林业主管部门应当按照下列方式处理湿地占用申请：\n"
    "（一）符合保护规划的，在十个工作日内作出同意的决定；\n"
    "（二）不符合保护规划的，应当书面说明不予同意的理由。\n"
    "第六条 申请占用湿地的单位应当提交下列材料：\n"
    "（一）项目批准文件；\n"
    "（二）湿地恢复方案。\n"
    "第七条 湿地管理站应当每季度公布下列事项，接受公众监督：\n"
    "（一）湿地补偿资金的发放和使用情况；\n"
    "（二）湿地保护工程的建设和验收情况。\n"
)


def test_the_items_of_a_list_of_duties_carry_its_subject() -> None:
    doc = _extract(_ARTICLES)
    units = {m.text.strip()[:7]: [u.name for u in m.units] for m in doc.measures}
    assert units.get("（一）审定湿地") == ["县湿地保护委员会"], units
    assert units.get("（二）组织开展") == ["县湿地保护委员会"], units
    assert units.get("（一）符合保护") == ["县林业主管部门"], units
    assert units.get("（二）不符合保") == ["县林业主管部门"], units


def test_the_items_of_a_list_of_things_carry_nobody() -> None:
    doc = _extract(_ARTICLES)
    for m in doc.measures:
        if "项目批准文件" in m.text and "提交下列材料" not in m.text:
            assert not m.units, (m.text, m.units)
        if m.text.startswith(("（一）湿地补偿", "（二）湿地保护工程")):  # what is published, no act
            assert not m.units, (m.text, m.units)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("组织编制机关应当在报送审批前公示规划草案。", "组织编制机关"),
        ("重点排污单位应当按照规定安装污染物排放自动监测设备。", "重点排污单位"),
        ("重点用能单位应当每年报送能源利用状况报告。", "重点用能单位"),
    ],
)
def test_a_name_that_opens_with_an_opener_word_is_read_when_mined(
    unit_finder: UnitFinder, text: str, unit: str
) -> None:
    assert unit_names(unit_finder, text) == [unit]


def test_an_opener_word_before_its_object_still_names_nobody(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "组织企业参加农产品展销会。") == []


def test_the_miner_counts_names_that_open_with_an_opener_word(tmp_path: Path) -> None:
    docs = [
        {"id": "B1", "text": "第五条重点监控企业应当安装设备。\n组织编制单位应当公示草案。"},
        {"id": "B2", "text": "重点监控企业不得篡改数据。对负责审批的部门应当问责。"},
    ]
    counts, found_in, read, names = mine(write_corpus(tmp_path / "docs.jsonl.gz", docs))
    assert counts["重点监控"] == 2 and found_in["重点监控"] == {"B1", "B2"}
    assert read["重点监控"] == 0 and names["重点监控"]["重点监控企业"] == 2
    assert read["组织编制"] == 1  # listed in `name_openers`: read already
    assert not any(key.startswith("对") for key in counts)  # a relative clause (的) is left out


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("县市场监管部门受理投诉后，应当在七个工作日内答复。", "县市场监管部门"),
        ("区文化旅游局认为有必要的，可以组织专家评审。", "区文化旅游局"),
        ("常务委员会决定提请代表大会审议的议案，应当提前印发代表。", "常务委员会"),
        ("养老服务机构变更服务场所的，应当书面告知老年人。", "养老服务机构"),
        ("县级以上人民政府林业主管部门编制古树名木保护规划。", "县级以上人民政府林业主管部门"),
    ],
)
def test_the_body_before_the_act_of_a_condition_is_its_subject(
    unit_finder: UnitFinder, text: str, unit: str
) -> None:
    assert unit_names(unit_finder, text) == [unit]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("做到机构、编制、人员、经费四个落实。", "做到机构"),
        ("拒不执行物业管理委员会决定的，由街道办事处责令改正。", "拒不执行物业管理委员会"),
        ("县人民政府报经市人民政府决定，可以封锁疫区。", "县人民政府报经市人民政府"),
    ],
)
def test_nouns_refusals_and_approvals_name_no_subject(
    unit_finder: UnitFinder, text: str, absent: str
) -> None:
    assert absent not in unit_names(unit_finder, text)


_DUTIES = (
    "青山县河道管理条例\n"
    "第十条 县河道管理站的主要职责是：\n"
    "（一）组织开展河道日常巡查和违法行为查处；\n"
    "（二）督促沿河乡镇清理河道垃圾。\n"
    "第十一条 河道保护的主要任务是：\n"
    "（一）开展河道采砂整治；\n"
    "（二）加强河岸绿化管护。\n"
)


def test_a_lead_in_that_names_whose_duties_it_lists_carries_that_body() -> None:
    doc = _extract(_DUTIES)
    units = {m.text.strip()[:7]: [u.name for u in m.units] for m in doc.measures}
    assert units.get("（一）组织开展") == ["县河道管理站"], units
    assert units.get("（二）督促沿河") == ["县河道管理站"], units
    assert units.get("（一）开展河道") in (None, []), units  # `河道保护` names a task, no body
    carried = next(u for m in doc.measures for u in m.units)
    assert doc.text[carried.start : carried.end] == "县河道管理站"


@pytest.mark.parametrize(
    ("lead_in", "carried"),
    [
        ("县湿地保护委员会履行下列职责：", ["县湿地保护委员会"]),
        ("县湿地管理站的主要职责是：", ["县湿地管理站"]),
        ("县湿地管理站应当每季度公布下列事项，接受公众监督：", []),
        ("申请单位应当提交下列材料：", []),
        ("县林业主管部门应当载明下列事项：", []),
    ],
)
def test_a_lead_in_carries_its_actor_into_acts_not_into_things(
    unit_finder: UnitFinder, lead_in: str, carried: list[str]
) -> None:
    assert [u.name for u in unit_finder.carried(lead_in, 100 + len(lead_in))] == carried
