"""A follower without an extracted date is dated by what its page prints as its own date, so
that a directive issued after it is not taken for the one it follows.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import find_links, follower_date
from duban.pipeline.crosscheck_dates import issued_bound
from tests.conftest import record


def page(head: str) -> str:
    """A meeting read-out with no date line of its own at the end (the metadata reader finds none)."""
    return (
        f"{head}\n"
        "会议传达学习了《东岚省人民政府办公厅关于加强城乡供水一体化建设的意见》。\n"
        "会议要求，各乡镇要抓好农村供水工程建设。\n"
    )


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("青禾县政府召开第十二次常务会议（2021年6月15日）", "2021-06-15"),
        ("青禾县政府召开常务会议\n发布时间：2021-06-17 09:12:40    来源：县政府办", "2021-06-17"),
        ("青禾县政府召开常务会议\n成文日期：2021-06-15\n发布日期：2021年6月18日", "2021-06-18"),
    ],
)
def test_a_page_is_dated_by_the_latest_of_its_dated_title_and_its_date_fields(head: str, date: str) -> None:
    # the metadata reader dates the last two by their fields too (the signing one first): the
    # cross-check takes the latest, the loosest bound for a follower
    assert follower_date(record(page(head), "F")) == date


def test_a_bracketed_date_in_the_body_is_another_documents_not_the_pages() -> None:
    text = "青禾县政府召开常务会议\n会议学习了《城乡供水条例》（2021年3月1日起施行）。\n"
    assert follower_date(record(text, "F")) is None


def directive(date: str) -> str:
    return (
        "东岚省人民政府办公厅关于加强城乡供水一体化建设的意见\n"
        "各市、县人民政府，省政府各部门：\n"
        "为加强城乡供水一体化建设，现提出如下意见。\n"
        "一、各地要在2022年底前完成农村供水工程改造。\n"
        "东岚省人民政府办公厅\n"
        f"{date}\n"
    )


def test_a_follower_dated_by_its_page_does_not_follow_a_directive_issued_after_it() -> None:
    follower = record(page("青禾县政府召开常务会议\n发布时间：2021-06-17"), "F")
    later, earlier = record(directive("2021年9月1日"), "D1"), record(directive("2021年5月10日"), "D2")
    assert [str(k.directive.doc_id) for k in find_links([later, follower]) if k.resolved] == []
    assert [str(k.directive.doc_id) for k in find_links([earlier, follower]) if k.resolved] == ["D2"]


def regulation() -> str:
    """A regulation dated by its header line, whose last article repeals a predecessor printed with
    an earlier date."""
    return (
        "东岚市河道管理办法\n2015年4月2日 东岚市人民政府令第9号公布\n"
        "第一条 为了加强河道管理，制定本办法。\n第二条 市水务局负责全市河道的监督管理。\n"
        "第三条 本办法自公布之日起施行。2001年3月5日东岚市人民政府发布的东岚市河道管理办法同时废止。\n"
    )


def test_a_directive_is_issued_no_earlier_than_the_earliest_date_its_page_prints() -> None:
    # the predecessor shares the title: a follower of 2010 citing it is not refused by the new date
    directive = record(regulation(), "D")
    assert directive.doc.date == "2015-04-02"
    assert issued_bound(directive) == "2001-03-05"
    assert (
        issued_bound(
            record("东岚市河道管理办法\n第一条 为了加强河道管理，制定本办法。\n", "U"), read_page=False
        )
        is None
    )
    follower = record(
        "青禾县政府召开常务会议\n发布时间：2010-06-17\n会议传达学习了《东岚市河道管理办法》。\n"
        "会议要求，各乡镇要落实河道保洁责任。\n",
        "F",
    )
    assert [str(k.directive.doc_id) for k in find_links([directive, follower]) if k.resolved] == ["D"]


def test_a_statute_follower_is_dated_by_its_latest_revision_beside_its_first_enactment() -> None:
    follower = record(
        "东岚市供水条例\n2003年5月6日 东岚市人民代表大会常务委员会第三次会议通过\n"
        "根据2018年9月1日东岚市人民代表大会常务委员会第九次会议《关于修改〈东岚市供水条例〉的决定》修正\n"
        "第一条 为了加强供水管理，根据《东岚省城乡供水条例》，制定本条例。\n",
        "F",
    )
    assert follower.doc.date == "2003-05-06"
    assert follower_date(follower) == "2018-09-01"


def test_a_statutes_enactment_date_does_not_date_it_as_a_follower() -> None:
    # its page is the version in force: it may cite a law enacted after its first enactment
    articles = "".join(f"第{n}条 供水单位应当按照规定做好第{n}项工作。\n" for n in "二三四五六七八九十")
    follower = record(
        "东岚市供水条例\n2003年5月6日 东岚市人民代表大会常务委员会第三次会议通过\n"
        "第一条 为了加强供水管理，根据《东岚省城乡供水条例》，制定本条例。\n" + articles,
        "F",
    )
    assert follower.doc.date == "2003-05-06"
    assert follower_date(follower) is None
