"""Label lines under an item (`主责单位：…`, `完成时限：…`): which lines are labels, and a label
whose value goes on to the next line. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import Block, Document
from duban.extractors.measures import MeasureFinder
from duban.pipeline.layout import is_label
from duban.rules.ruleset import load_rule_file
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


def block_of(doc: Document, prefix: str) -> tuple[int, Block]:
    for index, block in enumerate(doc.blocks):
        if doc.text[block.start : block.end].startswith(prefix):
            return index, block
    raise AssertionError(f"no block starts with {prefix!r}")


@pytest.mark.parametrize(
    "line",
    [
        "主要协作单位：各镇人民政府、县直有关部门",
        "主责单位：区住建局",
        "负责单位:市城管局",
        "牵头考核单位：县统计局",
        "实施主体：各街道办事处",
        "包保领导：赵某",
        "办结时限：2026年3月底前",
        "整改期限：60天",
        "项目负责人：孙某",
    ],
)
def test_a_label_built_from_a_head_word_and_an_ending_is_a_label(line: str) -> None:
    assert is_label(line)


@pytest.mark.parametrize(
    "line",
    [
        "主责单位要在月底前报送进展。",  # starts like a label, but no colon: a sentence
        "各承办单位：",  # a salutation over a notice's body
        "有关责任单位：现将实施方案印发给你们。",
        "落实责任：各镇要明确专人负责。",  # a run-in heading, no label ending
        "整改要求：",
        "完成时限要求较紧，各单位要抓紧推进。",
    ],
)
def test_a_line_that_merely_starts_with_a_label_word_is_no_label(line: str) -> None:
    assert not is_label(line)


def test_every_word_the_unit_finder_reads_as_a_label_opens_a_layout_label() -> None:
    heads = set(load_rule_file("layout").words("label_heads"))
    assert set(load_rule_file("units").words("label_words")) <= heads


def test_built_labels_attach_their_units_to_the_item(finder: MeasureFinder) -> None:
    text = (
        "2026年重点民生工程责任分解\n"
        "1.改造城区供水管网30公里，新建加压泵站2座。\n"
        "主责单位：县水务局\n"
        "主要协作单位：县财政局、县住建局\n"
        "2.建成乡镇综合养老服务中心5个。\n"
        "负责单位：县民政局\n"
    )
    doc = make_doc(text)
    index, _ = block_of(doc, "1.")
    _, co = block_of(doc, "主要协作单位")
    assert co.kind == "label" and co.parent == index
    measures = finder.find(doc)
    assert [m.text.split("\n")[0] for m in measures] == [
        "1.改造城区供水管网30公里，新建加压泵站2座。",
        "2.建成乡镇综合养老服务中心5个。",
    ]
    assert {"县水务局", "县财政局", "县住建局"} <= {u.name for u in measures[0].units}
    assert "县民政局" in {u.name for u in measures[1].units}


def test_a_label_whose_value_wraps_takes_the_next_line(finder: MeasureFinder) -> None:
    text = (
        "关于分解落实全年工作任务的通知\n"
        "1.完成农村公路提质改造120公里。\n"
        "责任单位：县交通运输局、\n"
        "县财政局\n"
        "完成时限：\n"
        "2026年10月底前\n"
        "2.新增城镇就业岗位3000个。\n"
        "责任单位：县人社局\n"
    )
    doc = make_doc(text)
    index, _ = block_of(doc, "1.")
    for prefix in ("县财政局", "2026年10月底前"):
        _, value = block_of(doc, prefix)
        assert value.kind == "label" and value.parent == index
    first = finder.find(doc)[0]
    assert first.text.endswith("县财政局\n完成时限：\n2026年10月底前")
    assert any("2026年10月底前" in d.text for d in first.deadlines)


def test_the_line_after_a_complete_label_opens_the_next_task(finder: MeasureFinder) -> None:
    text = (
        "关于公布年度民生实事的通知\n"
        "城区新增公共停车泊位1500个。\n"
        "责任单位：市城管局\n"
        "新建口袋公园12个。\n"
        "责任单位：市园林局\n"
    )
    doc = make_doc(text)
    _, second = block_of(doc, "新建口袋公园")
    assert second.kind == "paragraph"
    assert [m.text for m in finder.find(doc)] == [
        "城区新增公共停车泊位1500个。\n责任单位：市城管局",
        "新建口袋公园12个。\n责任单位：市园林局",
    ]


@pytest.mark.parametrize(
    "labels",
    [
        "● 责任单位：县交通运输局\n● 完成时限：2026年10月底前\n",
        "【牵头单位】县交通运输局\n【完成时限】2026年10月底前\n",
    ],
)
def test_labels_after_a_bullet_or_in_square_brackets_belong_to_their_item(
    finder: MeasureFinder, labels: str
) -> None:
    text = (
        "关于印发年度重点工作任务分工的通知\n"
        "1.完成农村公路提质改造120公里。\n"
        + labels
        + "2.新增城镇就业岗位3000个。\n"
        + labels.replace("县交通运输局", "县人社局")
    )
    doc = make_doc(text)
    index, _ = block_of(doc, "1.")
    assert [b.parent for b in doc.blocks if b.kind == "label"][:2] == [index, index]
    found = finder.find(doc)
    assert [m.text.split("\n")[0] for m in found] == [
        "1.完成农村公路提质改造120公里。",
        "2.新增城镇就业岗位3000个。",
    ]
    assert any("2026年10月底前" in d.text for d in found[0].deadlines)


def test_an_item_line_that_ends_with_its_label_is_cut_into_item_and_label(finder: MeasureFinder) -> None:
    text = (
        "关于印发年度重点工作任务分工的通知\n"
        "1.完成农村公路提质改造120公里。 责任单位：县交通运输局 完成时限：2026年10月底前\n"
        "2.新增城镇就业岗位3000个。 责任单位：县人社局\n"
        "3.新建口袋公园12个。 责任单位：县园林局\n"
    )
    doc = make_doc(text)
    index, item = block_of(doc, "2.")
    assert item.kind == "item" and doc.text[item.start : item.end] == "2.新增城镇就业岗位3000个。"
    _, label = block_of(doc, "责任单位：县人社局")
    assert label.kind == "label" and label.parent == index
    found = finder.find(doc)
    assert [m.text for m in found] == [
        "1.完成农村公路提质改造120公里。责任单位：县交通运输局完成时限：2026年10月底前",
        "2.新增城镇就业岗位3000个。责任单位：县人社局",
        "3.新建口袋公园12个。责任单位：县园林局",
    ]
    assert [[u.name for u in m.units] for m in found] == [["县交通运输局"], ["县人社局"], ["县园林局"]]


def test_labels_inside_an_items_brackets_stay_in_its_line() -> None:
    doc = make_doc(
        "关于印发年度重点工作任务分工的通知\n"
        "1.地区生产总值增长6%左右。（牵头单位：县发改局；责任单位：县统计局）\n"
        "2.新建口袋公园12个。〔责任单位：县园林局〕\n"
    )
    assert not any(b.kind == "label" for b in doc.blocks)
