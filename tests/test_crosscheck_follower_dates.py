"""A follower without an extracted date is dated by what its page prints as its own date, so
that a directive issued after it is not taken for the one it follows.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import find_links, follower_date
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
def test_a_page_without_a_signing_date_is_dated_by_its_dated_title_or_its_date_fields(
    head: str, date: str
) -> None:
    follower = record(page(head), "F")
    assert follower.doc.date is None
    assert follower_date(follower) == date


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
