"""A regulation cited by its decree number (令), as followers write it: the usual order
(`国务院令第37号`), the short form of the State Council's decree (`国令第37号`, an alias in
`rules/crosscheck.yaml`), or reversed (`东岚省交通运输厅第8号令`). A regulation's own history line
(`…令第40号修订`) cites no other document.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import find_links
from duban.pipeline.crosscheck_titlekeys import cited_decrees, normalise_number
from tests.conftest import record


def regulation(issuer: str, title: str, decree: str) -> str:
    return (
        f"{title}\n"
        f"（2019年3月2日{issuer}令第{decree}号公布）\n"
        "第一条 为了规范城区停车秩序，制定本条例。\n"
        "第二条 本条例适用于本行政区域内的停车场管理。\n"
        f"第三条 {issuer}负责组织实施本条例。\n"
    )


PARKING = regulation("国务院", "城区停车场管理条例", "37")
MARKETS = regulation("东岚省交通运输厅", "东岚省农村公路养护管理办法", "8")


def follower(sentence: str) -> str:
    return (
        "青禾县交通运输局关于做好停车场清理整治工作的通知\n"
        "各乡镇人民政府：\n"
        f"{sentence}，结合本县实际，现将有关工作安排如下。\n"
        "一、各乡镇要在2021年8月底前完成停车场排查。\n"
        "青禾县交通运输局\n"
        "2021年6月8日\n"
    )


def linked(sentence: str) -> set[str]:
    docs = [record(PARKING, "P"), record(MARKETS, "M"), record(follower(sentence), "F")]
    return {str(k.directive.doc_id) for k in find_links(docs) if k.resolved and k.follower.doc_id == "F"}


@pytest.mark.parametrize(
    ("sentence", "directive"),
    [
        ("依据国令第37号有关规定", "P"),
        ("按照国务院令第 37 号要求", "P"),
        ("根据东岚省交通运输厅第8号令精神", "M"),
    ],
)
def test_a_decree_number_links_the_regulation_it_names(sentence: str, directive: str) -> None:
    assert linked(sentence) == {directive}


def test_another_decree_number_links_nothing() -> None:
    assert linked("依据国令第38号有关规定") == set()


def test_the_short_form_normalises_to_the_full_issuer() -> None:
    assert normalise_number("（国令第 588 号）") == normalise_number("中华人民共和国国务院令第588号")
    assert normalise_number("东岚市人民政府第8号令") == "东岚市人民政府令第8号"


def test_a_history_line_cites_no_decree() -> None:
    assert cited_decrees("2020年5月6日国务院令第40号修订") == []
    assert cited_decrees("下达命令第3号") == []
