"""Forms found by a census of actors named in measures of minutes, work reports and State Council
notices: a body's members said without 的 (`党组同志要…`), a date in digits glued to the subject
(`6月底前各区要…`), the first of a subject's numbered charges (`X一要…，二要…`), and a verb that
draws a body in (`吸引…`, `带动…`, `引导…`) whose object is no actor. Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder


def names(unit_finder: UnitFinder, text: str) -> list[str]:
    return [u.name for u in unit_finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议强调，党组同志要带头落实一岗双责。", ["党组同志"]),
        ("局党组同志要严格执行廉洁自律规定。", ["局党组同志"]),
    ],
)
def test_the_members_of_a_body_without_de_are_one_unit(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert names(unit_finder, text) == expected


def test_a_person_comrade_is_no_unit(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "王五同志要作表态发言。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9月底前各乡镇要完成自查。", ["各乡镇"]),
        ("11月20日前各部门要报送年度总结。", ["各部门"]),
        ("2025年3月底前市教育局要出台实施细则。", ["市教育局"]),
        ("加强督导，2026年6月底前县级以上人民政府有关部门要完成清理。", ["县级以上人民政府有关部门"]),
        ("7月中旬前各村要完成摸排。", ["各村"]),
        ("2027年起各学校要开设安全课程。", ["各学校"]),
    ],
)
def test_a_date_in_digits_before_the_subject_is_not_part_of_it(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert names(unit_finder, text) == expected


def test_a_date_in_digits_then_an_act_names_no_unit(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "2025年实施市重点项目80个。") == []


def test_a_time_read_only_in_part_leaves_no_name(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "8月第三周各村要上报台账。") == []


def test_a_count_in_digits_still_opens_the_name(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "12个督导组将分赴各地。") == ["12个督导组"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会议要求，市政协党组一要把理论学习放在首位，二要加强自身建设。", ["市政协党组"]),
        ("各街道一是要加强值班值守。", ["各街道"]),
        ("县直各单位首先要抓好自身整改。", ["县直各单位"]),
    ],
)
def test_a_numbered_first_charge_closes_the_subject(
    unit_finder: UnitFinder, text: str, expected: list[str]
) -> None:
    assert names(unit_finder, text)[:1] == expected


@pytest.mark.parametrize(
    "text",
    [
        "扩大开放，吸引外资银行在本省设立分支机构。",
        "发挥龙头作用，带动配套企业向园区集聚。",
        "组建产业联盟，带动小微企业参与。",
        "搭建对接平台，引导小微企业参与。",
    ],
)
def test_a_body_drawn_in_by_a_verb_is_no_actor(unit_finder: UnitFinder, text: str) -> None:
    assert names(unit_finder, text) == []


def test_the_actor_before_such_a_verb_stays(unit_finder: UnitFinder) -> None:
    assert names(unit_finder, "市商务局要吸引外资企业在本市设立总部。") == ["市商务局"]
