"""A directive found by what its page's head prints, and read-outs that review a draft.

The pages are written for these tests: a portal page whose metadata reader took chrome for the
title and missed the number under the chrome, a meeting read-out that reviews a plan, a news item
about a plan.
"""

from __future__ import annotations

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import (
    DirectiveIndex,
    directive_key,
    find_links,
    head_keys,
    title_key,
    titles_match,
)

PORTAL = """网站首页 | 政务公开 | 互动交流
当前位置：首页 > 政务公开 > 政策文件
东岚市人民政府办公室关于
加快推进城市更新行动的实施意见
发布日期：2024-03-02  来源：市政府办公室
岚政办发〔2024〕7号
各县（区）人民政府，市政府各部门：
为加快推进城市更新，现提出以下意见。
一、开展老旧街区微改造，年内完成改造街区十二个。（牵头单位：市住房城乡建设局）
"""


def stored(title: str | None, text: str, name: str, kind: str = "policy") -> StoredDocument:
    """A stored record with the metadata the reader gave it, whatever the text says."""
    return StoredDocument.from_json(
        {"doc_id": name, "source": name, "text": text, "doc": {"title": title, "kind": kind}}
    )


def follower(text: str, name: str, title: str | None, number: str | None) -> StoredDocument:
    start = text.index(title or number or "")
    relay = {"title": title, "doc_number": number, "start": start, "end": start + len(title or number or "")}
    return StoredDocument.from_json(
        {
            "doc_id": name,
            "source": name,
            "text": text,
            "doc": {"title": "会议纪要", "kind": "minutes"},
            "relays": [relay],
        }
    )


def test_the_head_gives_the_title_wrapped_over_lines_and_the_number_under_chrome() -> None:
    keys, numbers = head_keys(stored("网站首页", PORTAL, "portal"))
    assert title_key("东岚市人民政府办公室关于加快推进城市更新行动的实施意见") in keys
    assert numbers == ["岚政办发〔2024〕7号"]


def test_a_quote_resolves_to_a_directive_whose_title_was_misread() -> None:
    directive = stored("当前位置：首页", PORTAL, "portal")
    text = "会议传达学习了《东岚市人民政府办公室关于加快推进城市更新行动的实施意见》，要求抓好落实。"
    minutes = follower(text, "minutes", "东岚市人民政府办公室关于加快推进城市更新行动的实施意见", None)
    (link,) = [link for link in find_links([directive, minutes]) if link.resolved]
    assert (link.directive.doc_id, link.via) == ("portal", "title")


def test_a_number_resolves_to_a_directive_whose_number_was_missed() -> None:
    directive = stored("当前位置：首页", PORTAL, "portal")
    minutes = follower("会议传达学习了岚政办发〔2024〕7号文件精神。", "minutes", None, "岚政办发〔2024〕7号")
    (link,) = [link for link in find_links([directive, minutes]) if link.resolved]
    assert (link.directive.doc_id, link.via) == ("portal", "number")


def test_a_directive_found_by_its_extracted_title_wins_over_a_head_key() -> None:
    clean = PORTAL.split("\n", 2)[2]
    directive = stored("东岚市人民政府办公室关于加快推进城市更新行动的实施意见", clean, "directive")
    copy = stored("网站首页", PORTAL, "copy")
    text = "会议传达学习了《东岚市人民政府办公室关于加快推进城市更新行动的实施意见》。"
    minutes = follower(text, "minutes", "东岚市人民政府办公室关于加快推进城市更新行动的实施意见", None)
    links = find_links([copy, directive, minutes])
    assert {link.directive.doc_id for link in links if link.follower.doc_id == "minutes"} == {"directive"}


def test_a_quoted_title_in_the_head_is_not_the_page_own() -> None:
    news = "市政府办公室印发《东岚市城市更新行动方案》\n发布日期：2024-03-05\n近日，市政府办公室印发方案，明确了年度任务。\n"
    keys, _ = head_keys(stored("市政府办公室印发《东岚市城市更新行动方案》", news, "news", "report"))
    assert keys == []


def test_a_read_out_that_reviews_a_plan_is_not_keyed_by_the_plan() -> None:
    read_out = stored(
        "东岚市政府常务会议 审议《东岚市城市更新行动方案》",
        "东岚市政府常务会议 审议《东岚市城市更新行动方案》\n3月1日，市政府召开常务会议，审议并原则通过方案。\n",
        "read_out",
        "minutes",
    )
    assert directive_key(read_out) is None
    plan = stored("东岚市城市更新行动方案", "东岚市城市更新行动方案\n一、年内完成改造街区十二个。\n", "plan")
    text = "会议要求，各单位要认真落实《东岚市城市更新行动方案》，按期完成改造任务。"
    minutes = follower(text, "minutes", "东岚市城市更新行动方案", None)
    links = [link for link in find_links([read_out, plan, minutes]) if link.resolved]
    assert {(link.directive.doc_id, link.follower.doc_id) for link in links} == {("plan", "minutes")}
    index = DirectiveIndex([read_out, minutes])
    assert index.resolve("东岚市城市更新行动方案", None, None, exclude="minutes") == ("", "unresolved")


def test_a_covering_notice_keeps_the_key_of_what_it_issues() -> None:
    notice = stored("东岚市人民政府关于印发《东岚市城市更新行动方案》的通知", "正文", "notice")
    key = directive_key(notice)
    assert key is not None and titles_match(title_key("东岚市城市更新行动方案"), key)


def test_a_quoted_title_no_relay_was_read_for_still_links_but_a_reviewed_draft_does_not() -> None:
    plan = stored("东岚市城市更新行动方案", "东岚市城市更新行动方案\n一、年内完成改造街区十二个。\n", "plan")
    cites = stored(
        "东岚区城市更新实施细则", "根据《东岚市城市更新行动方案》，结合本区实际，制定本细则。", "cites"
    )
    reviews = stored(
        "东岚市政府常务会议纪要",
        "会议审议《东岚市城市更新行动方案》，原则同意提交市委审定。",
        "reviews",
        "minutes",
    )
    links = [link for link in find_links([plan, cites, reviews]) if link.resolved and link.via != "content"]
    assert {(link.directive.doc_id, link.follower.doc_id, link.via) for link in links} == {
        ("plan", "cites", "title")
    }


def test_a_national_law_is_the_same_with_or_without_its_state_prefix() -> None:
    law = stored(
        "中华人民共和国湿地养护法", "中华人民共和国湿地养护法\n第一条 为了加强湿地养护，制定本法。\n", "law"
    )
    cites = stored("东岚市湿地养护办法", "根据《湿地养护法》，结合本市实际，制定本办法。", "cites")
    (link,) = [link for link in find_links([law, cites]) if link.resolved and link.via != "content"]
    assert (link.directive.doc_id, link.follower.doc_id) == ("law", "cites")
    assert not titles_match(title_key("中华人民共和国湿地养护法"), title_key("湿地保护法"))
