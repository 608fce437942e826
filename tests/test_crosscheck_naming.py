"""How followers name their directive in forms the dev pairs do not show (`benchmarks/robust_crosscheck.py`):
an unmarked title inside `按照…要求` / `落实…部署`, the issuer glued to a title without `关于`, a
short name that drops the title's leading verb. Each with a look-alike or a near miss that must not link.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import find_links
from tests.conftest import record

DIRECTIVE = (
    "东岚省人民政府办公厅关于全面推行城乡河湖巡查管护机制的指导意见\n"
    "东政办发〔2021〕17号\n"
    "各市、县人民政府，省政府各部门：\n"
    "为加强河湖日常管护，现提出如下意见。\n"
    "一、各市县要在2021年底前建立河湖巡查台账。\n"
    "二、省水利厅要会同省财政厅落实巡查经费保障。\n"
    "东岚省人民政府办公厅\n"
    "2021年3月2日\n"
)
HOLIDAY = (
    "东岚省人民政府办公厅关于调整2022年清明节假期的通知\n"
    "各市、县人民政府，省政府各部门：\n"
    "经省政府同意，现将有关事项通知如下。\n"
    "一、各地要按照调整后的安排做好值班工作。\n"
    "东岚省人民政府办公厅\n"
    "2022年3月20日\n"
)
LOOK_ALIKE = (
    "青川省人民政府办公厅关于调整2022年清明节假期的通知\n"
    "各市、县人民政府，省政府各部门：\n"
    "经省政府同意，现将有关事项通知如下。\n"
    "一、各地要提前做好假期值守安排。\n"
    "青川省人民政府办公厅\n"
    "2022年3月21日\n"
)


def follower(sentence: str) -> str:
    return (
        "青禾县水利局关于做好有关工作的通知\n"
        "各乡镇人民政府：\n"
        f"{sentence}，结合本县实际，现将有关工作安排如下。\n"
        "一、各乡镇要在2022年6月底前完成巡查人员培训。\n"
        "青禾县水利局\n"
        "2022年4月8日\n"
    )


def linked(sentence: str, *directives: tuple[str, str]) -> set[str]:
    records = [record(text, name) for name, text in directives]
    records.append(record(follower(sentence), "F"))
    return {
        str(link.directive.doc_id) for link in find_links(records) if link.resolved and link.via != "content"
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "按照东岚省人民政府办公厅关于全面推行城乡河湖巡查管护机制的指导意见要求",
        "认真落实东岚省人民政府办公厅关于全面推行城乡河湖巡查管护机制的指导意见部署",
        "根据省政府办公厅关于全面推行城乡河湖巡查管护机制的指导意见文件精神",
    ],
)
def test_an_unmarked_title_a_relay_verb_cites_links(sentence: str) -> None:
    assert linked(sentence, ("D", DIRECTIVE)) == {"D"}


@pytest.mark.parametrize(
    "sentence",
    [
        # Another issuer's title of the same words: not this directive.
        "按照青川省人民政府办公厅关于全面推行城乡河湖巡查管护机制的指导意见要求",
        # Part of the title's words as a topic: not a citation. (The whole core and genre after a
        # citing verb, `按照全面推行…的指导意见要求`, is one: `test_crosscheck_unmarked_cores.py`.)
        "按照城乡河湖巡查管护机制要求",
        # Another genre: an implementing plan is not the opinion it implements.
        "按照东岚省人民政府办公厅关于全面推行城乡河湖巡查管护机制的实施方案要求",
    ],
)
def test_an_unmarked_title_of_another_document_does_not_link(sentence: str) -> None:
    assert linked(sentence, ("D", DIRECTIVE)) == set()


def test_a_title_quoted_with_its_issuer_glued_on_links_to_its_issuer_only() -> None:
    sentence = "根据《东岚省人民政府办公厅调整2022年清明节假期的通知》精神"
    assert linked(sentence, ("H", HOLIDAY), ("L", LOOK_ALIKE)) == {"H"}
    other = "根据《青川省人民政府办公厅调整2022年清明节假期的通知》精神"
    assert linked(other, ("H", HOLIDAY), ("L", LOOK_ALIKE)) == {"L"}


def test_a_short_name_without_the_leading_verb_links_to_the_one_plan_it_fits() -> None:
    sentence = "按照《城乡河湖巡查管护机制的指导意见》要求"
    assert linked(sentence, ("D", DIRECTIVE)) == {"D"}
    # Two opinions it fits: no link rather than a guess.
    second = DIRECTIVE.replace("全面推行", "健全完善").replace("17号", "18号")
    assert linked(sentence, ("D", DIRECTIVE), ("E", second)) == set()


def test_a_national_statute_quoted_by_its_short_title_is_not_a_local_one() -> None:
    local = (
        "东岚市气象灾害防御条例\n"
        "第一条 为了加强气象灾害防御，根据有关法律、行政法规，结合本市实际，制定本条例。\n"
        "第二条 本市行政区域内的气象灾害防御活动，适用本条例。\n"
    )
    sentence = "根据《气象灾害防御条例》"
    assert linked(sentence, ("S", local)) == set()
