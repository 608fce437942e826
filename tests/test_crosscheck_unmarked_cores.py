"""Titles cited without book-title marks, `关于` or genre: `根据某年某某安排精神`.

Administrative followers name their directive loosely as often as exactly: the core of its title
after a citing verb, its genre and issuer left out (`根据2031年部分休息日安排精神，现将…`), or after
an issuing verb in a news item (`某部印发了阶段性调整某某补贴标准，其中…`). Measured on
`benchmarks/masked_dev_crosscheck.py` (`loose` class: 4 of 13 dev pairs linked before). Every
document here is written for these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import _unmarked_cores
from tests.test_crosscheck_loose_titles import linked

REST_DAYS = (
    "国务院办公厅关于2031年部分休息日安排的通知\n"
    "国办发明电〔2030〕21号\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "经国务院批准，现将2031年休息日安排通知如下。\n"
    "一、元旦：1月1日休息，共1天。\n"
    "二、春节：1月22日至28日休息调休，共7天。\n"
    "各地区、各部门要妥善安排好值班和安全保卫工作。\n"
    "国务院办公厅\n2030年12月1日\n"
)
SUBSIDY = (
    "某某部财政部关于阶段性调整渔船燃油补贴标准的通知\n"
    "某发〔2031〕7号\n"
    "各省、自治区、直辖市人民政府：\n"
    "一、自2031年3月起，各省可将近海渔船燃油补贴标准下调三成，期限不超过6个月。\n"
    "二、各省要确保补贴资金按时足额发放。\n"
    "某某部 财政部\n2031年2月10日\n"
)


def lines(*text: str) -> str:
    return "\n".join(text) + "\n"


def notice(opening: str) -> str:
    """An office's notice of the spring rest days opening with `opening`."""
    return lines(
        "关于2031年春节休息的通知",
        "机关各科室：",
        f"{opening}，现将2031年春节休息有关事项通知如下：",
        "一、1月22日至28日休息，共7天。二、各科室要做好值班安排。",
        "办公室",
        "2031年1月5日",
    )


def test_a_title_core_after_a_citing_verb_and_before_its_cite_end_names_the_directive() -> None:
    assert linked({"D": REST_DAYS}, notice("根据2031年部分休息日安排精神")) == {"D": "title_loose"}


def test_a_title_core_after_an_issuing_verb_in_a_news_item_names_the_directive() -> None:
    news = (
        "近海渔船燃油补贴下调三成\n"
        "3月5日，某某部、财政部印发了阶段性调整渔船燃油补贴标准，其中规定各省可将补贴标准下调。\n"
        "目前已有10个省份出台了具体办法。\n"
    )
    assert linked({"D": SUBSIDY}, news) == {"D": "title_loose"}


def test_a_topic_phrase_after_a_citing_verb_names_nothing() -> None:
    # `休息日安排` is part of the title, not the whole core: a topic, not a name.
    assert linked({"D": REST_DAYS}, notice("根据休息日安排要求")) == {}
    assert linked({"D": REST_DAYS}, notice("按照上级有关文件精神")) == {}


def test_the_title_ends_before_its_cite_end_even_when_the_core_holds_one() -> None:
    # `安排` is a cite end too: the parts are tried shortest first, the whole run last.
    parts = next(iter(_unmarked_cores("根据2031年部分休息日安排精神，现将")))
    assert [title for _, _, title in parts] == [
        "2031年部分休息日",
        "2031年部分休息日安排",
        "2031年部分休息日安排精神",
    ]


def test_a_traditional_script_citation_is_read_in_simplified_script() -> None:
    parts = next(iter(_unmarked_cores("為貫徹落實推進某某新媒體健康有序發展的意見和《")))
    assert parts[0][2] == "推进某某新媒体健康有序发展的意见"


ACCOUNTS = (
    "国务院办公厅关于推进某某公众号规范有序发展的意见\n"
    "国办发〔2030〕88号\n"
    "一、各地区各部门要在2031年6月底前完成公众号清理整合。\n"
    "二、建立公众号年度报表制度。\n"
    "国务院办公厅\n2030年12月3日\n"
)


def report(title_core: str) -> str:
    """A county's report titled by the document it carries out."""
    return lines(
        f"青禾县人民政府关于贯彻落实{title_core}情况的报告",
        "一、全县已关停公众号21个，整合后保留9个。二、年度报表制度已建立。",
        "青禾县人民政府 2031年7月2日",
    )


def test_a_report_titled_by_the_directive_it_carries_out_names_it() -> None:
    assert linked({"D": ACCOUNTS}, report("推进某某公众号规范有序发展的意见")) == {"D": "title_loose"}


def test_a_report_on_a_provinces_plan_of_the_same_core_does_not_name_the_national_one() -> None:
    assert linked({"D": ACCOUNTS}, report("东岚省推进某某公众号规范有序发展实施意见")) == {}


def test_a_place_before_a_short_topic_does_not_name_a_statute_of_that_topic() -> None:
    statute = (
        "优化山林养护条例\n2029年5月1日国务院令第801号公布\n"
        "第一条为了优化山林养护，制定本条例。\n第二条县级以上人民政府应当组织山林养护。\n"
        "第三条养护单位应当每年报告养护情况。\n"
    )
    work_report = (
        "西岭市2031年政府工作报告\n今年我们将落实西岭市优化山林养护“二十条”措施，新增养护面积3万亩。\n"
    )
    assert linked({"D": statute}, work_report) == {}
