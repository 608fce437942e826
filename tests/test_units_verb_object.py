"""A clause that opens with a governing verb and the body it acts on (`指导企业制定…`, `实行政府给予…`)
names no subject; a name formed with the verb (`监督检查部门`, `制定机关`, `保密工作部门`) does, and so
does a relative clause (`实行…管理的企业`). Which verbs form names is mined from the real corpus
(`rules/lexicons/mine_verb_objects.py`). Invented fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.extractors.units import UnitFinder
from duban.rules.lexicons.mine_verb_objects import mine
from tests.conftest import write_corpus


def names(unit_finder: UnitFinder, text: str) -> list[str]:
    return [u.name for u in unit_finder.find(text)]


@pytest.mark.parametrize(
    "text",
    [
        "对受灾农户，实行政府给予救助和农户自救相结合的办法。",
        "在创业初期，指导企业建立财务管理制度。",
        "监督检查，指导学校做好卫生防疫工作。",
        "在林区开设隔离带，并组织人员进行巡查。",
        "制定本县限期淘汰的高耗能设备目录。",
        "督促、检查有关部门依法履行监管职责。",
        "组织广大党员干部认真学习条例。",
        "安排其所属人员办理援助案件。",
        "举办托育机构必须符合安全标准。",
        "执行政府制定的收费标准。",
    ],
)
def test_a_verb_and_its_object_name_no_subject(unit_finder: UnitFinder, text: str) -> None:
    assert names(unit_finder, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("监督检查部门在检查时，有权查阅有关资料。", ["监督检查部门"]),
        ("制定机关应当按要求说明理由。", ["制定机关"]),
        ("检查人员不得接受被检查单位的宴请。", ["检查人员"]),
        ("举办单位应当事先通知公安机关。", ["举办单位"]),
        ("保密工作部门应当定期进行检查。", ["保密工作部门"]),
        ("维护保养单位进行全面检查后，应当出具报告。", ["维护保养单位"]),
        ("培训经营者应当公示收费项目。", ["培训经营者"]),
    ],
)
def test_a_name_formed_with_the_verb_stays(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert names(unit_finder, text) == expected


def test_a_relative_clause_a_list_and_a_modifier_stay_names(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "实行排污许可管理的企业事业单位应当公开排放信息。") == [
        "实行排污许可管理的企业事业单位"
    ]
    assert names(unit_finder, "宣传、文化、新闻部门要加强宣传。") == ["宣传、文化、新闻部门"]
    assert names(unit_finder, "规范性文件制定机关应当按时报送备案。") == ["规范性文件制定机关"]


def test_an_act_after_a_bare_head_makes_it_the_object_of_a_verb_that_forms_no_names(
    unit_finder: UnitFinder,
) -> None:
    # 组织 forms no names (`组织人员进行…`), 检查 does (`检查人员进行…` is the inspectors' act)
    assert names(unit_finder, "组织人员开展自救互救。") == []
    assert names(unit_finder, "检查人员进行现场检查时，应当出示证件。") == ["检查人员"]


def test_a_verb_and_its_object_name_no_partner(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "加强部门协同，简化办理手续。") == []


def test_after_a_causative_the_body_is_the_actor(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "并委托评估机构进行风险评估。") == ["评估机构"]
    assert names(unit_finder, "强调各部门要压实整改责任。") == ["各部门"]


def test_joined_verbs_before_their_object_name_no_subject(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "奖励和保障见义勇为人员应当坚持公开原则。") == []


def test_the_miner_counts_names_formed_with_a_verb_against_its_objects(tmp_path: Path) -> None:
    docs = [
        {"id": "A1", "text": "第三条检查人员应当出示证件。\n指导企业制定管理制度。"},
        {"id": "A2", "text": "检查人员不得收受财物。组织学生开展活动。"},
    ]
    found = mine(write_corpus(tmp_path / "docs.jsonl.gz", docs))
    named, named_docs, _ = found["named"]
    acts_on, acts_docs, _ = found["acts_on"]
    assert named["检查"] == 2 and named_docs["检查"] == {"A1", "A2"}
    assert acts_on["指导"] == 1 and acts_on["组织"] == 1 and acts_docs["组织"] == {"A2"}
    assert named["指导"] == 0 and acts_on["检查"] == 0
