"""Units that staff read wrong in the 责任单位 column, found by a judged census of the real corpus:
a verb the finder did not know read with its object as one name (`聘请专业单位`), `非政府组织` cut to
`…非政府`, and roles in brackets (`（A牵头，B按职责分工负责）` gave B co; `（A、B牵头负责）` gave B
responsible). Invented fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from duban.extractors.units import UnitFinder
from duban.rules.lexicons.mine_object_verbs import mine
from tests.conftest import unit_names, write_corpus


@pytest.mark.parametrize(
    "text",
    [
        "管理单位应当设置警示标志，聘请检测单位进行评估。",
        "发现违法建设的，责令停止，并通知有关行政部门依法处理。",
        "主任会议可以听取有关机关对议案的说明。",
        "工作机构应当整理意见，移交起草单位研究。",
        "区人民政府应当邀请行业协会参与评议。",
        "县农业农村局推动相关工作，激励种植企业开展技术改造。",
    ],
)
def test_a_new_verb_and_its_object_name_no_subject(unit_finder: UnitFinder, text: str) -> None:
    names = unit_names(unit_finder, text)
    assert not any(n.startswith(("聘请", "通知", "听取", "移交", "邀请", "激励")) for n in names), names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("管理单位应当设置警示标志。", ["管理单位"]),
        ("指定商业银行应当为客户开立专户。", ["指定商业银行"]),
        ("县农业农村局推动相关工作。", ["县农业农村局"]),
    ],
)
def test_subjects_around_the_new_verbs_stay(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    assert unit_names(unit_finder, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第八条国际非政府组织应当依法登记。", ["国际非政府组织"]),
        ("第九条国际非政府组织代表机构不得从事营利活动。", ["国际非政府组织代表机构"]),
        ("国际非政府组织在本市开展活动，应当遵守本条例。", ["国际非政府组织"]),
    ],
)
def test_a_non_governmental_body_keeps_its_whole_name(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert unit_names(unit_finder, text) == expected


def test_after_another_government_zuzhi_is_still_its_act(unit_finder: UnitFinder) -> None:
    assert unit_names(unit_finder, "县政府组织有关部门开展联合检查。")[:1] == ["县政府"]


def roles(unit_finder: UnitFinder, text: str) -> list[tuple[str, str]]:
    return [(u.name, u.role) for u in unit_finder.find(text)]


def test_those_answering_for_their_share_after_a_lead_are_responsible(unit_finder: UnitFinder) -> None:
    text = "推进口岸通关便利化。（省商务厅牵头，省港务集团、省机场公司按职责分工负责）"
    assert roles(unit_finder, text) == [
        ("省商务厅", "lead"),
        ("省港务集团", "responsible"),
        ("省机场公司", "responsible"),
    ]


def test_helpers_after_a_lead_stay_co(unit_finder: UnitFinder) -> None:
    text = "推进口岸通关便利化。（省商务厅牵头，省港务集团配合）"
    assert roles(unit_finder, text) == [("省商务厅", "lead"), ("省港务集团", "co")]


def test_every_body_that_leads_and_answers_is_lead(unit_finder: UnitFinder) -> None:
    text = "加强农机装备统筹谋划。（农业农村部、工业和信息化部牵头负责）"
    assert roles(unit_finder, text) == [("农业农村部", "lead"), ("工业和信息化部", "lead")]


def test_the_miner_counts_unknown_verbs_acting_on_bodies(tmp_path: Path) -> None:
    docs = [
        {"id": "B1", "text": "管理单位应当及时处置，聘请专业单位进行检测。"},
        {"id": "B2", "text": "第五条选举委员会应当公布名单。并且，聘请检测机构进行评估。"},
    ]
    found = mine(write_corpus(tmp_path / "docs.jsonl.gz", docs))
    acts_on, acts_docs, _ = found["acts_on"]
    named, _, _ = found["named"]
    assert acts_on["聘请"] == 2 and acts_docs["聘请"] == {"B1", "B2"}
    assert named["选举"] == 1 and acts_on["选举"] == 0
