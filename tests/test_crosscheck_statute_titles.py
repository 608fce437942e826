"""Statute pages named by title: a head printing the title twice, a national law with a short name,
and a revised regulation dated by its latest version.

Measured on `corpus/real/`'s 4,602 quoted-title relations, unmasked (issue 10): these three were
the causes of most relations the normal path did not link. Every document here is written for
these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import find_links, follower_date
from duban.pipeline.crosscheck_dates import revised_on
from duban.pipeline.crosscheck_index import opening_key
from tests.conftest import record


def law(title: str, head: str) -> str:
    """A national law page: its title, its enactment notes, then articles."""
    return (
        f"{head}\n"
        "第一条为了合理开发和保护山泉资源，制定本法。\n"
        "第二条在本国领域内开发、利用、保护山泉资源，适用本法。\n"
        "第三条山泉资源属于国家所有。\n"
        "第四条国家对山泉资源实行统一管理。\n"
    )


def regulation(quote: str, head: str = "1995年3月1日东岚省第八届人民代表大会常务委员会第九次会议通过") -> str:
    """A local regulation citing a law in its first article."""
    return (
        "东岚省山泉资源管理条例\n"
        f"{head}\n"
        f"第一条为了加强山泉资源管理，根据{quote}，结合本省实际，制定本条例。\n"
        "第二条本省行政区域内的山泉资源管理，适用本条例。\n"
        "第三条县级以上人民政府山泉主管部门负责本行政区域内的山泉资源管理工作。\n"
        "第四条山泉取用实行许可制度。\n"
    )


def linked(directive: str, follower: str) -> list[str]:
    records = [record(directive, "D"), record(follower, "F")]
    return sorted(
        str(k.directive.doc_id) for k in find_links(records) if k.resolved and k.follower.doc_id == "F"
    )


LONG_TITLE = "中华人民共和国山泉资源保护和合理利用促进法"


def test_a_title_printed_twice_and_glued_to_the_enactment_note_is_read_once() -> None:
    head = f"{LONG_TITLE}{LONG_TITLE}1990年5月1日第七届全国人民代表大会常务委员会第十三次会议通过"
    key = opening_key(record(law(LONG_TITLE, head), "D"))
    assert key is not None and key.core == "山泉资源保护和合理利用促进法"
    assert linked(law(LONG_TITLE, head), regulation(f"《{LONG_TITLE}》")) == ["D"]


def test_two_different_titles_in_a_row_are_not_read_as_one() -> None:
    head = f"{LONG_TITLE}中华人民共和国山林资源保护和合理利用促进法1990年5月1日通过"
    key = opening_key(record(law(LONG_TITLE, head), "D"))
    assert key is None or key.core != "山泉资源保护和合理利用促进法"


SHORT_HEAD = (
    "中华人民共和国泉法\n"
    "1988年1月21日第六届全国人民代表大会常务委员会第二十四次会议通过\n"
    "2009年8月27日第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正"
)


def test_a_national_law_quoted_by_its_full_name_is_found_however_short_its_name() -> None:
    assert linked(law("中华人民共和国泉法", SHORT_HEAD), regulation("《中华人民共和国泉法》")) == ["D"]


def test_a_short_quote_without_the_states_name_names_the_law_and_a_topic_names_nothing() -> None:
    # Session cx: `《泉法》` is the law's short name (real followers quote `《水法》`, `《商标法》`);
    # a short quote without `法` or a genre is still a topic, and a near name is another law.
    assert linked(law("中华人民共和国泉法", SHORT_HEAD), regulation("《泉法》")) == ["D"]
    assert linked(law("中华人民共和国泉法", SHORT_HEAD), regulation("《山泉》")) == []
    assert linked(law("中华人民共和国泉法", SHORT_HEAD), regulation("《温泉法》")) == []


REVISED = (
    "1994年1月14日东岚省第八届人民代表大会常务委员会第八次会议通过"
    "2005年10月20日东岚省第十届人民代表大会常务委员会第二十三次会议《关于修改〈东岚省山泉资源管理条例〉的决定》修正"
)


def test_a_revised_regulation_is_dated_by_its_latest_revision() -> None:
    follower = record(regulation("国家有关规定", REVISED), "F")
    assert revised_on(follower.text) == "2005-10-20"
    assert follower_date(follower) == "2005-10-20"
    first_only = record(regulation("国家有关规定"), "F")
    assert revised_on(first_only.text) is None


def implementing_rules(date_line: str) -> str:
    return (
        "中华人民共和国泉法实施办法\n"
        f"{date_line}\n"
        "第一条根据《中华人民共和国泉法》，制定本办法。\n"
        "第二条泉水取用许可由县级以上人民政府山泉主管部门审批。\n"
        "第三条本办法自公布之日起施行。\n"
    )


def test_a_revised_regulation_follows_what_was_issued_before_its_revision_not_after() -> None:
    issued_2004 = implementing_rules("2004年6月4日国务院第53次常务会议通过")
    issued_2008 = implementing_rules("2008年6月4日国务院第80次常务会议通过")
    quote = "《中华人民共和国泉法实施办法》"
    assert linked(issued_2004, regulation(quote, REVISED)) == ["D"]
    assert linked(issued_2008, regulation(quote, REVISED)) == []  # issued after the 2005 revision
