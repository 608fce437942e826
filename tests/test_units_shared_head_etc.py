"""A list of fields that share the head after 等 (`科技、海关等部门`) is one unit, kept whole, though its
last field reads as a body's own name (`海关`, `财政`); a list of named bodies before 等 (`海关总署、
商务部等有关部门`) still names each body. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder


@pytest.fixture(scope="module")
def finder() -> UnitFinder:
    return UnitFinder.default()


def _names(finder: UnitFinder, text: str) -> list[str]:
    return [u.name for u in finder.find(text, 0, text, False)]


@pytest.mark.parametrize(
    "text, name",
    [
        ("交通、海关等部门要加强口岸联合检查。", "交通、海关等部门"),
        ("医疗保障、财政等部门负责核拨补助资金。", "医疗保障、财政等部门"),
        ("民政、人民银行等有关部门要配合做好登记。", "民政、人民银行等有关部门"),
    ],
)
def test_fields_sharing_the_head_after_etc_are_one_unit(finder: UnitFinder, text: str, name: str) -> None:
    assert _names(finder, text) == [name]


def test_named_bodies_before_etc_are_each_a_unit(finder: UnitFinder) -> None:
    assert _names(finder, "海关总署、商务部等有关部门要加强协调。") == ["海关总署", "商务部"]


def test_a_list_too_long_for_one_name_keeps_its_fields(finder: UnitFinder) -> None:
    # Whole (45 characters) it would pass the longest name a unit may have, and be dropped.
    fields = "发展改革、教育、民政、自然资源、住房城乡建设、交通运输、卫生健康、应急管理、财政"
    assert _names(finder, fields + "等有关部门要各司其职。") == [fields]
