"""Title keys on real pages: statutes and their implementing rules, news items about a document,
one character in place, and a statute whose heading runs into its enactment note.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import (
    DirectiveIndex,
    cores_match,
    directive_key,
    find_links,
    opening_key,
    title_key,
    titles_match,
)
from tests.conftest import record


def stored(title: str, text: str, name: str) -> StoredDocument:
    """A stored record with the title the metadata reader gave it, whatever the text says."""
    return StoredDocument.from_json(
        {"doc_id": name, "source": name, "text": text, "doc": {"title": title, "kind": "policy"}}
    )


@pytest.mark.parametrize(
    ("quoted", "title"),
    [
        ("青川省河道采砂管理法", "青川省河道采砂管理法实施细则"),
        ("东岚市湿地保护条例", "东岚市湿地保护条例实施办法"),
        ("关于加快发展林下经济的意见", "关于加快发展林下经济的实施方案"),
    ],
)
def test_a_statute_is_not_its_implementing_rules(quoted: str, title: str) -> None:
    assert not titles_match(title_key(quoted), title_key(title))
    assert titles_match(title_key(title), title_key(title))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("中华人民共和国水域民事救助程序法", "中华人民共和国水域刑事救助程序法", False),
        ("东岚市历史风貌区和优秀历史建筑保护条例", "东岚市历史风貌区和优秀历史筑保护条例", True),
        ("加强行政规范性文件制定和监督管理工作", "加强行政规范性文件制定和的监督管理工作", True),
    ],
)
def test_one_character_in_place_names_another_document(a: str, b: str, same: bool) -> None:
    assert cores_match(a, b) is same


def test_a_local_plan_may_swap_a_character_of_the_core_it_implements() -> None:
    assert cores_match(
        "全面推行行政规范性文件合法性审核机制", "全面推行行政规范性文件合法性审查机制", paraphrase=True
    )
    assert not cores_match("全面推行行政规范性文件合法性审核机制", "全面推行行政规范性文件合法性审查机制")


@pytest.mark.parametrize(
    "title",
    [
        "国务院办公厅印发《关于加快发展林下经济的意见》",
        "东岚市市长签署市政府令 公布《东岚市湿地保护条例》（2021年3月4日）",
        "中共东岚市委印发《东岚市基层党组织工作规则（试行）》",
    ],
)
def test_a_news_item_about_a_document_is_not_found_under_its_title(title: str) -> None:
    assert directive_key(stored(title, title + "\n正文。", "news")) is None


def test_a_covering_notice_keeps_the_title_it_issues() -> None:
    title = "东岚市人民政府关于印发《东岚市湿地保护条例实施办法》的通知"
    key = directive_key(stored(title, title, "notice"))
    assert key is not None and key.core == "东岚市湿地保护条例"


STATUTE = """青川省河道采砂管理条例2019年5月30日青川省第十三届人民代表大会常务委员会第十二次会议通过
第一章 总则
第一条 为了加强河道采砂管理，维护河势稳定，制定本条例。
第二条 在本省行政区域内河道采砂，适用本条例。
"""

FOLLOWER = """东岚市人民代表大会常务委员会关于修改部分地方性法规的决定
根据《青川省河道采砂管理条例》，对《东岚市河道管理条例》作如下修改：删去第十条。
"""


def test_a_statute_misread_title_is_found_by_its_opening_line() -> None:
    statute = stored("第一章 总则", STATUTE, "statute")
    assert directive_key(statute) != title_key("青川省河道采砂管理条例")
    key = opening_key(statute)
    assert key is not None and titles_match(title_key("青川省河道采砂管理条例"), key)
    index = DirectiveIndex([statute])
    assert index.resolve("青川省河道采砂管理条例", None, None, exclude="other")[0] == "statute"
    assert index.resolve("东岚市河道管理条例", None, None, exclude="other")[0] == ""


def test_a_quoted_statute_links_to_it_when_its_page_heading_carries_the_enactment_note() -> None:
    follower = record(FOLLOWER, "decision")
    links = [
        link for link in find_links([stored("第一章 总则", STATUTE, "statute"), follower]) if link.resolved
    ]
    assert [(link.directive.doc_id, link.follower.doc_id, link.via) for link in links] == [
        ("statute", "decision", "title")
    ]


def test_an_opening_line_that_is_not_a_title_adds_no_key() -> None:
    assert opening_key(stored("x", "会议传达学习了有关精神，2024年3月1日\n正文", "m")) is None
    assert opening_key(stored("x", "中共东岚市委印发《东岚市基层党组织工作规则》\n正文", "n")) is None


def test_genre_words_and_numbers_come_from_the_shared_vocabulary() -> None:
    from duban.pipeline.crosscheck import normalise_number
    from duban.rules.vocabulary import genre_words

    for word in genre_words():
        assert title_key(f"关于东岚市湿地保护工作的{word}").genre == word
    assert title_key("东岚市湿地保护实施方案").genre == "实施方案"
    assert normalise_number("东政办发﹝2024﹞09号") == "东政办发〔2024〕9号"
    assert normalise_number("（2024）9号") is None  # no issuer's prefix: names no document


@pytest.mark.parametrize(
    ("quoted", "quoted_issuer", "title", "issuer", "same"),
    [
        # A statute quoted without its place is the national one, not a city's of that name.
        ("城市绿化管理条例", None, "东岚市城市绿化管理条例", None, False),
        ("东岚市城市绿化管理条例", None, "城市绿化管理条例", None, False),
        ("东岚市城市绿化管理条例", None, "城市绿化管理条例", "东岚市", True),
        # A plan keeps matching its city's by the short form a local follower quotes.
        ("城乡供水一体化三年行动方案", None, "东岚市城乡供水一体化三年行动方案", None, True),
    ],
)
def test_a_place_less_statute_title_fits_a_local_one_only_with_its_issuer_known(
    quoted: str, quoted_issuer: str | None, title: str, issuer: str | None, same: bool
) -> None:
    assert titles_match(title_key(quoted, quoted_issuer), title_key(title, issuer)) is same


REPORT_PAGE = (
    "政府工作报告\n"
    "——2024年1月12日在东岚市第九届人民代表大会第三次会议上\n"
    "各位代表：\n"
    "现在，我代表市人民政府，向大会报告工作，请予审议。\n"
    "一、过去一年工作回顾\n"
    "全年新建改建农村公路120公里。\n"
)


def test_a_generic_title_quoted_without_an_issuer_does_not_pick_a_page_titled_just_so() -> None:
    page = stored("政府工作报告", REPORT_PAGE, "W")
    follower = record(
        "青川县人民政府办公室关于分解落实2023年重点工作任务的通知\n"
        "各乡镇人民政府：\n"
        "为贯彻落实《政府工作报告》部署，现将重点工作任务分解如下。\n"
        "一、县交通运输局要在2023年底前新建农村公路50公里。\n",
        "F",
    )
    assert not [k for k in find_links([page, follower]) if k.resolved]
    # Named with its issuer, the same page is that body's report.
    named = stored("东岚市人民政府政府工作报告", REPORT_PAGE, "W2")
    index = DirectiveIndex([named, follower])
    assert index.resolve("东岚市人民政府政府工作报告", None, None, exclude="F")[0] == "W2"


def test_a_title_the_relay_extractor_missed_is_found_wrapped_and_by_the_directives_head() -> None:
    """`_mentions` reads a title in 《》 over a line break, and finds the directive as a relay's
    title would be found: here only its page head prints its title (the reader took the chrome)."""
    page = (
        "首页 | 政策文件\n"
        "东岚省人民政府办公厅关于加强城乡供水一体化建设的意见\n"
        "各市、县人民政府，省政府各部门：\n"
        "为加强城乡供水一体化建设，现提出如下意见。\n"
        "一、各地要在2022年底前完成农村供水工程改造。\n"
    )
    directive = stored("首页政策文件", page, "D")
    follower = stored(
        "青禾县水利局2021年上半年工作总结",
        "青禾县水利局2021年上半年工作总结\n《东岚省人民政府办公厅关于加强城乡供水\n一体化建设的意见》印发后，我局逐项梳理任务。\n",
        "F",
    )
    assert not follower.relays
    assert [(str(k.directive.doc_id), k.via) for k in find_links([directive, follower]) if k.resolved] == [
        ("D", "title")
    ]
