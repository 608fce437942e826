"""Scope: a national body never follows one place's document, nor a province another place's.

The documents are written for these tests: a city's plan on village water supply, and readers of
it at several levels that restate its tasks word for word without naming it.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import CONTENT_FILTERS, DirectiveIndex, content_blocks, content_links
from duban.pipeline.crosscheck_titlekeys import Scope, scope_of_name
from tests.conftest import record

CITY_PLAN = """青山市人民政府办公室关于加快推进农村供水保障工程建设的指导意见
各县（区）人民政府，市政府各部门：
一、实施规模化供水工程。以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸，力争年内新增规模化供水覆盖人口八万人。
二、开展小型供水工程标准化改造。对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备，实现水质检测季度全覆盖。
青山市人民政府办公室
2024年3月5日
"""

TASKS = """一、以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸，目前工程正在加快建设。
二、对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备的工作正在推进，已完成改造四十处。
"""

NATIONAL = f"国务院常务会议研究部署农村供水工作\n会议指出，要做好农村供水。\n{TASKS}2024年7月8日\n"
PROVINCE = f"湖东省人民政府办公厅关于农村供水工作进展的通报\n{TASKS}湖东省人民政府办公厅\n2024年7月8日\n"
COUNTY = f"青松县水利局2024年上半年工作情况汇报\n{TASKS}青松县水利局\n2024年7月8日\n"


@pytest.mark.parametrize(
    ("name", "scope"),
    [
        ("李克强主持召开国务院常务会议", Scope(national=True)),
        ("国务院办公厅", Scope(national=True)),
        ("淄博市地下管线管理条例", Scope(national=False, place="淄博")),
        ("上海市人民代表大会常务委员会", Scope(national=False, place="上海", province=True)),
        ("湖东省人民政府办公厅", Scope(national=False, place="湖东", province=True)),
        ("景宁畲族自治县民族乡村振兴条例", Scope(national=False, place="景宁畲族", county=True)),
        ("关于贯彻落实国务院办公厅关于农村供水的意见的通知", None),
        ("城市市容和环境卫生管理条例", None),
        ("农贸市场管理办法", None),
        ("国家级自然保护区管理办法", None),
    ],
)
def test_a_title_or_issuer_says_its_scope(name: str, scope: Scope | None) -> None:
    assert scope_of_name(name) == scope


def _content_pairs(
    follower_text: str, filters: frozenset[str] | None = None, plan: str = CITY_PLAN
) -> set[tuple[str, str]]:
    records = [record(plan, "plan"), record(follower_text, "reader")]
    index = DirectiveIndex(records)
    return {
        (str(link.directive.doc_id), str(link.follower.doc_id))
        for link in content_links(index, [index.records["reader"]], [], filters)
    }


def test_a_national_body_restating_a_city_plan_does_not_follow_it() -> None:
    records = [record(CITY_PLAN, "plan"), record(NATIONAL, "reader")]
    index = DirectiveIndex(records)
    assert "place" in content_blocks(index.records["plan"], index.records["reader"], [], index)
    assert _content_pairs(NATIONAL) == set()
    # The shared tasks alone would link them: the place filter is what stops the pair.
    assert _content_pairs(NATIONAL, CONTENT_FILTERS - {"place"}) == {("plan", "reader")}


def test_a_province_does_not_follow_another_place_but_a_county_may_follow_its_city() -> None:
    assert _content_pairs(PROVINCE) == set()
    assert _content_pairs(PROVINCE, CONTENT_FILTERS - {"place"}) == {("plan", "reader")}
    # A county's name does not say which city it lies in: it is never ruled out by place.
    assert _content_pairs(COUNTY) == {("plan", "reader")}


PROVINCE_PLAN = CITY_PLAN.replace("青山市人民政府办公室", "湖东省人民政府办公厅").replace(
    "各县（区）", "各市、县（区）"
)


def _city_report(own: str, other: int) -> str:
    """A city's report restating the plan's tasks, naming its own province `own` once (if given)
    and another province `other` times."""
    mentions = "".join("认真落实江西省委、省政府决策部署。\n" for _ in range(other))
    head = f"全市贯彻{own}省委部署，推进农村供水。\n" if own else ""
    return f"红石市水利局2024年上半年工作情况汇报\n{head}{mentions}{TASKS}红石市水利局\n2024年7月8日\n"


def _province_pairs(follower_text: str, filters: frozenset[str] | None = None) -> set[tuple[str, str]]:
    return _content_pairs(follower_text, filters, PROVINCE_PLAN)


def test_a_city_of_another_province_does_not_follow_a_provinces_plan() -> None:
    """A city's name does not say its province; its text does. One that names another province
    three times and never the plan's lies elsewhere; a passing mention rules nothing out."""
    elsewhere = _city_report("", 3)
    assert _province_pairs(elsewhere) == set()
    assert _province_pairs(elsewhere, CONTENT_FILTERS - {"place"}) == {("plan", "reader")}
    assert _province_pairs(_city_report("湖东", 3)) == {("plan", "reader")}
    assert _province_pairs(_city_report("", 2)) == {("plan", "reader")}
