"""Forwarding notices, chains of relays and loosely quoted titles in the cross-check.

A body passes a superior's document on under its own notice (`…关于转发X的通知`): the notice follows X
by its title alone, and a follower citing X reaches X through that notice when X is not indexed. A
follower that names a province's plan implementing a national opinion names the chain, not a
look-alike. Titles quoted as news forms (`某某印发关于X的意见`), with `的通知` added, with the page's
site name or a glued number are still the document's title.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import (
    DirectiveIndex,
    content_blocks,
    find_links,
    forwarded_title,
    links_of,
    title_key,
    titles_match,
)
from tests.conftest import record

NATIONAL = (
    "国务院办公厅关于加快推进城乡供水一体化建设的意见\n"
    "国办发〔2021〕33号\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "为加快推进城乡供水一体化建设，经国务院同意，现提出以下意见。\n"
    "一、到2025年底前，农村自来水普及率达到90%。（牵头单位：水利部）\n"
    "二、各地要在2024年6月底前完成城乡供水管网改造规划编制。\n"
    "国务院办公厅\n"
    "2021年5月10日\n"
)


def forwarding(city: str, date: str) -> str:
    """A city's notice that forwards the national opinion and says nothing else of it."""
    return (
        f"{city}人民政府办公室转发国务院办公厅关于加快推进城乡供水一体化建设的意见的通知\n"
        "各县（区）人民政府，市政府各部门：\n"
        "现将国务院办公厅的意见转发给你们，请认真贯彻执行。\n"
        f"{city}人民政府办公室\n"
        f"{date}\n"
    )


REPORT = (
    "青禾县水利局关于城乡供水一体化建设推进情况的报告\n"
    "根据《国务院办公厅关于加快推进城乡供水一体化建设的意见》要求，我局现将有关情况报告如下。\n"
    "一、农村自来水普及率已达到88%。\n"
)


def linked(*docs: StoredDocument) -> set[tuple[str, str]]:
    return {(str(k.follower.doc_id), str(k.directive.doc_id)) for k in find_links(list(docs)) if k.resolved}


@pytest.mark.parametrize(
    ("title", "forwarded"),
    [
        (
            "青禾市人民政府办公室关于转发省水利厅关于加强小型水库管理的意见的通知",
            "省水利厅关于加强小型水库管理的意见",
        ),
        ("县政府办公室转发市教育局《课后服务工作方案》的通知", "市教育局课后服务工作方案"),
        ("关于印发《城乡供水一体化规划》的通知", None),
        ("关于转发文件的通知", None),
    ],
)
def test_a_forwarding_notice_names_what_it_forwards_in_its_title(title: str, forwarded: str | None) -> None:
    assert forwarded_title(title) == forwarded


def test_a_forwarding_notice_follows_what_it_forwards_by_its_title_alone() -> None:
    national, notice = record(NATIONAL, "N"), record(forwarding("青禾市", "2021年6月2日"), "F")
    assert not notice.relays  # the body never quotes the national title: only the notice's title does
    assert ("F", "N") in linked(national, notice)


def test_a_citation_reaches_the_one_forwarding_notice_when_the_forwarded_document_is_not_indexed() -> None:
    notice, report = record(forwarding("青禾市", "2021年6月2日"), "F"), record(REPORT, "R")
    assert linked(notice, report) == {("R", "F")}
    # With the national opinion indexed, the report follows it, not the notice.
    assert ("R", "N") in linked(record(NATIONAL, "N"), notice, report)
    assert ("R", "F") not in linked(record(NATIONAL, "N"), notice, report)


def test_two_notices_forwarding_one_document_are_neither_followed_nor_each_others_followers() -> None:
    one, two = (
        record(forwarding("青禾市", "2021年6月2日"), "F1"),
        record(forwarding("东岚市", "2021年6月3日"), "F2"),
    )
    assert linked(one, two, record(REPORT, "R")) == set()


PROVINCE = (
    "东岚省人民政府办公厅关于印发东岚省加快推进城乡供水一体化建设实施方案的通知\n"
    "东政办函〔2021〕41号\n"
    "各市、县人民政府，省政府各部门：\n"
    "为贯彻落实《国务院办公厅关于加快推进城乡供水一体化建设的意见》（国办发〔2021〕33号），现将实施方案印发给你们。\n"
    "一、各市县要在2022年底前完成农村供水工程改造。\n"
    "东岚省人民政府办公厅\n"
    "2021年8月9日\n"
)
NEWS = (
    "东岚多地加快推进城乡供水一体化\n"
    "记者从东岚省水利厅获悉，各地按照《东岚省加快推进城乡供水一体化建设实施方案》要求推进工作。\n"
    "目前全省农村自来水普及率已达到88%。\n"
)


def test_a_follower_naming_the_province_that_relays_the_directive_names_the_chain_not_a_look_alike() -> None:
    docs = [record(NATIONAL, "N"), record(PROVINCE, "P"), record(NEWS, "W")]
    index = DirectiveIndex(docs)
    quoted = links_of(index, docs[2])
    assert {str(k.directive.doc_id) for k in quoted if k.resolved} == {"P"}
    assert "look_alike" not in content_blocks(docs[0], docs[2], quoted, index)


def test_a_look_alike_that_does_not_relay_the_directive_still_blocks() -> None:
    other = PROVINCE.replace(
        "为贯彻落实《国务院办公厅关于加快推进城乡供水一体化建设的意见》（国办发〔2021〕33号），", ""
    )
    docs = [record(NATIONAL, "N"), record(other, "P"), record(NEWS, "W")]
    index = DirectiveIndex(docs)
    assert "look_alike" in content_blocks(docs[0], docs[2], links_of(index, docs[2]), index)


TITLE = "国务院办公厅关于加快推进城乡供水一体化建设的意见"


@pytest.mark.parametrize(
    "quoted",
    [
        "国务院办公厅印发关于加快推进城乡供水一体化建设的意见",
        "中共中央办公厅 国务院办公厅印发〈关于加快推进城乡供水一体化建设的意见〉",
        "国务院办公厅关于加快推进城乡供水一体化建设的意见的通知",
        "国务院办公厅关于加快推进城乡供水一体化建设的意见_政策文件库",
        "国务院办公厅关于加快推进城乡供水一体化建设的意见 - 某某政府网",
        "国务院办公厅关于加快推进城乡供水一体化建设的意见国办发〔2021〕33号",
    ],
)
def test_a_loosely_quoted_title_keeps_its_key(quoted: str) -> None:
    assert titles_match(title_key(quoted), title_key(TITLE))


@pytest.mark.parametrize(
    "quoted",
    [
        "东岚省人民政府办公厅印发关于加快推进城乡供水一体化建设的意见",
        "国务院办公厅关于加快推进城乡供水一体化建设的通知",
        "关于废止城乡供水一体化建设意见的通知",
    ],
)
def test_another_issuer_or_genre_stays_another_document(quoted: str) -> None:
    assert not titles_match(title_key(quoted), title_key(TITLE))
