"""What opens a clause before its subject, and what ends a name inside it (issue 9, real text):

- an item number on the line after a `：`/`；` is no part of the name (`…下列情形之一的：\\n(二)X…`
  gave `(二)X`: 35 names in 30 of every 4th real document);
- a federation (`残疾人联合会`, `供销合作社联合社`) is a name, not `X联合Y` with a partner (the list
  `各级卫生主管部门和残疾人联合会` was dropped whole: 49 of every 4th real document name one);
- `协助`, `监督`, `禁止`, `配备` open an act, not a subject (`协助人民政府开展…`, `监督有关企业…`,
  `禁止任何单位…`, `配备相应的工作人员，负责…`: 140 false names there), while `监督检查部门`,
  `监督管理部门` stay names;
- `就` ends a speaker's name (`局长张三就议案作说明`).
Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("有下列情形之一的，予以撤销：\n(二)审批机关工作人员在审批时有违规行为的；", ["审批机关工作人员"]),
        ("各乡镇要做好以下工作；\n（三）县水利局要加强巡查。", ["各乡镇", "县水利局"]),
        ("工作安排：\n 2.县财政局负责资金保障。", ["县财政局"]),
    ],
)
def test_item_number_after_a_line_break_is_no_part_of_the_name(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各级民政部门和残疾人联合会应当做好康复服务。", ["各级民政部门", "残疾人联合会"]),
        ("县供销合作社联合社要加强农资供应。", ["县供销合作社联合社"]),
        ("市妇女联合会负责组织开展宣传活动。", ["市妇女联合会"]),
    ],
)
def test_a_federation_is_a_name(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


def test_a_partner_after_lianhe_is_still_read(unit_finder: UnitFinder) -> None:
    found = unit_finder.find("县农业农村局联合县市场监管局开展专项检查。")
    assert [(u.name, u.role) for u in found] == [("县农业农村局", "responsible"), ("县市场监管局", "co")]


@pytest.mark.parametrize(
    "text",
    [
        "社区组织结合自身特点，协助街道办事处开展宣传。",
        "主管部门应当加强管理，监督有关企业落实安全责任。",
        "禁止任何单位在保护区内采砂。",
        "应当设立专门机构，配备相应的工作人员，负责日常工作。",
        "交通运输部部长张三就国务院提出的议案作了说明。",
    ],
)
def test_an_act_or_a_speaker_is_no_unit(unit_finder: UnitFinder, text: str) -> None:
    found = unit_names(unit_finder, text)
    assert not any(n.startswith(("协助", "监督", "禁止", "配备")) or "就" in n for n in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("监督检查部门应当依法调查处理。", ["监督检查部门"]),
        ("监督管理部门要定期抽查。", ["监督管理部门"]),
        ("县就业服务中心要做好登记。", ["县就业服务中心"]),
        ("所在单位或者就读学校应当做好帮教工作。", ["所在单位", "就读学校"]),
    ],
)
def test_names_that_open_like_those_acts_stay(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "有关单位应当加强管理，阻碍执法人员依法执行职务的，依法处理。",
        "县政府应当统筹，协调有关部门做好安置工作。",
    ],
)
def test_obstructing_or_coordinating_a_body_names_no_actor(unit_finder: UnitFinder, text: str) -> None:
    assert not any(n.startswith(("阻碍", "协调")) for n in unit_names(unit_finder, text))


def test_a_coordinating_group_stays_a_name(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "协调小组要每月召开一次会议。") == ["协调小组"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("希望各地各有关部门认真贯彻落实。", ["各地各有关部门"]),
        ("各级党政机关一律不得新建楼堂馆所。", ["各级党政机关"]),
    ],
)
def test_the_one_hoped_to_act_and_more_predicates(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected
