"""A notice naming only its province's implementing plan follows the national document too.

A city carries out its province's `…实施意见` of a national opinion and names only the province's;
the dev gold pairs such a notice with both. Content links it to the national one when it restates
one of its tasks in a sentence, as a report naming only a plan the directive breaks down is
(`_shared_parent`). Every document here is written for these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import find_links
from tests.conftest import record

NATIONAL = (
    "国务院办公厅关于推进某某公众号规范有序发展的意见\n"
    "国办发〔2030〕88号\n"
    "各省、自治区、直辖市人民政府：\n"
    "一、各地区各部门要全面清理长期不更新的僵尸公众号，一个单位原则上在同一平台只开设一个公众号。\n"
    "二、建立公众号信息发布三审三校制度，严把内容关。\n"
    "三、2031年底前建成全国公众号监测平台。\n"
    "国务院办公厅\n2030年12月3日\n"
)
OTHERS = [
    "国务院办公厅关于加强乡村客运站建设的意见\n一、各地要在2031年底前建成乡镇客运站。\n二、完善客运补贴制度。\n",
    "国务院办公厅关于做好冬季供暖保障工作的通知\n一、各地要做好燃煤储备。\n二、加强供暖管网巡检。\n",
    "国务院关于加快发展山区特色农业的意见\n一、建设山区特色农产品基地。\n二、培育龙头企业。\n",
]


def province(genre: str) -> str:
    """The province's document of `genre` carrying out the national opinion, which it names."""
    return (
        f"东岚省人民政府办公厅关于印发东岚省推进某某公众号规范有序发展{genre}的通知\n"
        "东政办函〔2031〕9号\n"
        "各市、县人民政府：\n"
        "为贯彻落实《国务院办公厅关于推进某某公众号规范有序发展的意见》（国办发〔2030〕88号），"
        "结合本省实际，制定本方案。\n"
        "一、各市要在2031年6月底前完成本地公众号摸底。\n"
        "二、省网信办负责全省公众号年度检查。\n"
        "东岚省人民政府办公厅\n2031年2月1日\n"
    )


CITY = (
    "青禾市人民政府办公室关于做好公众号清理整合工作的通知\n"
    "各区县人民政府，市政府各部门：\n"
    "为贯彻落实东政办函〔2031〕9号文件精神，现就做好我市公众号清理整合工作通知如下。\n"
    "一、各部门要全面清理长期不更新的僵尸公众号，5月底前报送清理名单。\n"
    "二、市委网信办负责组织检查。\n"
    "青禾市人民政府办公室\n2031年3月10日\n"
)


def links(genre: str) -> dict[str, str]:
    records = [
        record(NATIONAL, "N"),
        record(province(genre), "P"),
        *(record(text, f"O{i}") for i, text in enumerate(OTHERS)),
        record(CITY, "F"),
    ]
    return {
        str(k.directive.doc_id): k.via
        for k in find_links(records)
        if k.resolved and k.follower.doc_id == "F" and k.directive.doc_id != "F"
    }


def test_a_notice_naming_its_provinces_implementing_plan_follows_the_national_opinion_too() -> None:
    assert links("实施意见") == {"P": "number", "N": "content"}


def test_a_notice_naming_a_provinces_notice_of_another_genre_does_not() -> None:
    # A document that only cites the national opinion is not a plan carrying it out.
    assert links("工作通知") == {"P": "number"}
