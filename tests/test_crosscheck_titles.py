"""Title keys on real pages: statutes and their implementing rules, news items about a document,
one character in place, and a statute whose heading runs into its enactment note.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.base.model import RawDocument, RawPage
from duban.base.stored import StoredDocument
from duban.extractors.registry import get_extractors
from duban.pipeline.crosscheck import (
    DirectiveIndex,
    cores_match,
    directive_key,
    find_links,
    opening_key,
    title_key,
    titles_match,
)
from duban.pipeline.extract import build_document, extract_document


def record(text: str, name: str) -> StoredDocument:
    raw = RawDocument(source=name, format="text", pages=[RawPage(1, text, "text")])
    doc = extract_document(build_document(raw, name), get_extractors(("rules",)))
    return StoredDocument.from_json({**doc.to_json(include_text=True), "doc_id": name})


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
