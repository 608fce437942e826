"""Statutes named loosely: a full title without book-title marks, a short law name in 《》.

Measured on `benchmarks/masked_real_crosscheck.py` (real followers with their quote of the directive
put another way): a title without 《》 was linked for 50 of 344 relations, a law quoted by a
three-character short name not at all. Every document here is written for these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import find_links
from duban.pipeline.crosscheck_index import DirectiveIndex
from duban.pipeline.status import link_json
from tests.conftest import record

LAW = (
    "中华人民共和国山泉保护法\n"
    "1991年4月2日第七届全国人民代表大会常务委员会第十九次会议通过\n"
    "第一条为了保护山泉资源，制定本法。\n"
    "第二条在本国领域内开发、利用、保护山泉资源，适用本法。\n"
    "第三条县级以上人民政府应当将山泉保护纳入规划。\n"
)
SHORT_LAW = (
    "中华人民共和国泉法\n"
    "1992年4月2日第七届全国人民代表大会常务委员会第二十五次会议通过\n"
    "第一条为了规范泉水取用，制定本法。\n"
    "第二条取用泉水应当依法申请许可。\n"
)
NATIONAL_RULES = (
    "溪流巡查条例\n"
    "1996年3月1日国务院令第190号发布\n"
    "第一条为了加强溪流巡查，制定本条例。\n"
    "第二条巡查人员应当每月巡查一次。\n"
)
LOCAL_RULES = (
    "东岚省溪流巡查条例\n"
    "1997年5月6日东岚省第八届人民代表大会常务委员会第二十次会议通过\n"
    "第一条为了加强本省溪流巡查，制定本条例。\n"
    "第二条巡查人员应当每季度巡查一次。\n"
)


def regulation(sentence: str) -> str:
    """A local regulation whose first article says what it is made under."""
    return (
        "西岭市山泉取用管理办法\n"
        "2001年6月1日西岭市第十二届人民代表大会常务委员会第三次会议通过\n"
        f"第一条为了加强山泉取用管理，{sentence}，结合本市实际，制定本办法。\n"
        "第二条本市行政区域内的山泉取用，适用本办法。\n"
        "第三条取用山泉实行登记制度。\n"
    )


def linked(directives: dict[str, str], follower: str) -> dict[str, str]:
    """The follower's resolved links: directive id -> how made."""
    records = [record(text, doc_id) for doc_id, text in directives.items()] + [record(follower, "F")]
    return {
        str(k.directive.doc_id): k.via
        for k in find_links(records)
        if k.resolved and k.follower.doc_id == "F" and k.directive.doc_id != "F"
    }


def test_a_law_named_in_full_without_marks_after_a_legal_basis_verb_is_linked_loosely() -> None:
    assert linked({"D": LAW}, regulation("根据中华人民共和国山泉保护法")) == {"D": "title_loose"}


def test_a_regulation_named_without_marks_after_an_issuing_verb_is_linked_loosely() -> None:
    news = "总理签署国务院令 公布修订后的溪流巡查条例\n新修订的条例自公布之日起施行，巡查频次有所调整。\n"
    assert linked({"D": NATIONAL_RULES}, news) == {"D": "title_loose"}


def test_a_place_less_statute_title_without_marks_does_not_name_a_provinces_regulation() -> None:
    # Only the province's regulation is indexed: the national title the follower names is not it.
    assert linked({"L": LOCAL_RULES}, regulation("依照溪流巡查条例")) == {}


def test_a_title_that_refers_back_or_stands_in_book_title_marks_is_not_a_loose_title() -> None:
    assert linked({"D": LAW}, regulation("依照本法第三条")) == {}
    assert linked({"D": LAW}, regulation("根据《中华人民共和国山泉保护法》")) == {"D": "title"}


def test_a_law_quoted_by_a_short_name_of_two_characters_is_linked() -> None:
    assert linked({"D": SHORT_LAW}, regulation("根据《泉法》和有关规定")) == {"D": "title"}


def test_a_loose_title_link_says_so_in_the_json() -> None:
    records = [record(LAW, "D"), record(regulation("依据中华人民共和国山泉保护法"), "F")]
    index = DirectiveIndex(records)
    (link,) = [k for k in find_links(records) if k.resolved and k.follower.doc_id == "F"]
    assert index.records["D"] is not None
    assert link_json(link, index.records["D"], "2026-01-01")["by"] == "title_loose"


SITE_LINE = "东岚省人民政府门户网站    {title}\n发布时间：2020-03-02  来源：本网\n"


def test_a_statute_page_under_a_site_line_is_found_by_its_title_glued_to_its_note() -> None:
    # The metadata reader takes the site line for the title; the statute's own title stands on the
    # line its enactment note follows.
    page = SITE_LINE.format(title="溪流巡查条例") + NATIONAL_RULES
    assert linked({"D": page}, regulation("根据《溪流巡查条例》")) == {"D": "title"}
    law = SITE_LINE.format(title="中华人民共和国泉法") + SHORT_LAW
    assert linked({"D": law}, regulation("根据《中华人民共和国泉法》")) == {"D": "title"}


def test_a_quote_in_a_glued_head_line_gives_the_page_no_key() -> None:
    page = (
        SITE_LINE.format(title="通知")
        + "关于废止《溪流巡查条例》2020年3月1日\n第一条本通知自发布之日起施行。\n"
    )
    assert linked({"D": page}, regulation("根据《溪流巡查条例》")) == {}


def test_a_generic_title_glued_to_its_date_gives_no_key() -> None:
    report = (
        SITE_LINE.format(title="要闻")
        + "政府工作报告2024年1月15日在西岭市第十七届人民代表大会第三次会议上\n市长  张三\n各位代表：\n"
        + "过去一年，全市山泉取用登记工作稳步推进，完成巡查三百余次。\n"
    )
    follower = "区政府常务会议纪要\n会议传达学习了《政府工作报告》，研究部署山泉取用登记工作。\n"
    assert linked({"R": report}, follower) == {}
