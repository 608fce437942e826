"""A quoted title with one character garbled still names its directive, as a last resort.

Only a quote naming its issuer and genre, of a long core, and only when one document fits; a
numeral, a place or a level character that differs names another document. Every document here is
written for these tests.
"""

from __future__ import annotations

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import cores_match, find_links
from tests.conftest import record


def directive(issuer: str, core: str, date: str) -> str:
    return (
        f"{issuer}关于{core}的意见\n"
        "各市、县人民政府，省政府各部门：\n"
        f"为{core}，现提出以下意见。\n"
        "一、各地要在2022年底前完成农村供水工程改造。\n"
        f"{issuer}\n"
        f"{date}\n"
    )


def report(quoted: str) -> str:
    return (
        "青禾县水利局关于农村供水工作推进情况的报告\n"
        f"根据《{quoted}》要求，我局现将有关情况报告如下。\n"
        "一、农村自来水普及率已达到88%。\n"
    )


CORE = "加快推进城乡供水一体化高质量建设"


def linked(quoted: str, *directives: StoredDocument) -> set[str]:
    docs = [*directives, record(report(quoted), "R")]
    return {str(k.directive.doc_id) for k in find_links(docs) if k.resolved and k.follower.doc_id == "R"}


def test_a_title_quoted_with_one_character_garbled_links_to_its_directive() -> None:
    one = record(directive("东岚省人民政府办公厅", CORE, "2021年5月10日"), "D")
    assert linked("东岚省人民政府办公厅关于加快推某城乡供水一体化高质量建设的意见", one) == {"D"}


@pytest.mark.parametrize(
    "quoted",
    [
        "关于加快推某城乡供水一体化高质量建设的意见",  # no issuer named
        "东岚省人民政府办公厅关于加快推某城乡供水一体化高质量建设的通知",  # another genre
        "东岚省人民政府办公厅关于加快推进城乡供水二体化高质量建设的意见",  # a numeral
    ],
)
def test_a_garbled_quote_that_says_too_little_does_not_link(quoted: str) -> None:
    one = record(directive("东岚省人民政府办公厅", CORE, "2021年5月10日"), "D")
    assert linked(quoted, one) == set()


def test_a_garbled_quote_that_fits_two_documents_links_to_neither() -> None:
    one = record(directive("东岚省人民政府办公厅", CORE, "2021年5月10日"), "D1")
    two = record(directive("东岚省人民政府办公厅", CORE.replace("高质量", "高能量"), "2021年6月1日"), "D2")
    assert linked("东岚省人民政府办公厅关于加快推进城乡供水一体化高某量建设的意见", one, two) == set()


def test_one_garbled_character_is_still_no_title_match_of_its_own() -> None:
    assert not cores_match(CORE, CORE.replace("推进", "推某"))
