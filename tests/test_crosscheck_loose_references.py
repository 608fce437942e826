"""A notice whose only citation is a loose reference still gets the near miss its year supports.

A follower that names a document it follows gets no near-miss content link (it has said what it
follows). A loose reference in a notice (`继续执行中央某某规定精神`, no marks, no number, no whole
title) names no document, yet it blocked the near miss all the same: a holiday notice with its
directive's naming dropped and that line kept was not linked (`benchmarks/masked_dev_crosscheck.py`,
`drop`). A citation of a document outside the collection still blocks it. Every document here is
written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import find_links
from tests.conftest import record
from tests.test_crosscheck_near_miss import schedule


def school_notice(extra: str, kind_line: str = "关于清明节和劳动节休息的通知") -> str:
    """A school's notice restating two lines of a schedule (`schedule`), naming no schedule."""
    return (
        f"松川职业学校{kind_line}\n发布时间：2031-03-20\n校内各部门：\n"
        "结合我校实际，清明节4月4日至6日放假调休，共3天；劳动节5月1日至5日放假调休，共5天。\n"
        f"{extra}\n"
    )


OTHERS = [
    "南屏省农业农村厅关于做好春耕备耕工作的通知\n各市农业农村局：\n一、各地要在3月底前完成种子储备。\n二、加强农机检修。\n",
    "南屏省住房和城乡建设厅关于开展燃气管道排查的通知\n各市住建局：\n一、6月底前完成老旧燃气管道排查。\n二、建立隐患台账。\n",
    "南屏省卫生健康委员会关于加强基层门诊建设的意见\n一、每个乡镇建成一所标准化门诊。\n二、配齐全科医生。\n",
]


def content_links(follower: str) -> list[str]:
    """The follower's resolved links among this year's schedule, an older one and unrelated plans."""
    records = [
        record(schedule(2031, "2030年11月18日", "6月2日"), "NEW"),
        record(schedule(2026, "2025年11月28日", "6月19日"), "OLD"),
        *(record(text, f"O{i}") for i, text in enumerate(OTHERS)),
        record(follower, "F"),
    ]
    return [str(k.directive.doc_id) for k in find_links(records) if k.resolved and k.follower.doc_id == "F"]


def test_a_loose_reference_in_a_notice_does_not_block_its_near_miss() -> None:
    follower = school_notice("全校师生假期期间继续执行中央某某规定精神。")
    assert content_links(follower) == ["NEW"]


@pytest.mark.parametrize(
    "extra",
    [
        "根据《北岭省教育厅关于2031年清明节休息安排的通知》精神，做好假期值班。",  # marked, outside
        "按照北岭省教育厅关于2031年清明节休息安排的通知要求，做好假期值班。",  # a whole title
        "根据北教发〔2031〕12号文件精神，做好假期值班。",  # a number
    ],
)
def test_a_citation_of_a_document_outside_the_collection_still_blocks_it(extra: str) -> None:
    assert content_links(school_notice(extra)) == []


def test_minutes_with_only_a_loose_reference_still_get_no_near_miss() -> None:
    # A read-out relays a meeting (`传达了…推进会精神`) and speaks of every plan of its year.
    minutes = (
        "松川职业学校2031年第2次校务会议纪要\n发布时间：2031-03-20\n"
        "会议传达了全市职业教育推进会精神。\n"
        "会议研究了假期安排：清明节4月4日至6日放假调休，共3天；劳动节5月1日至5日放假调休，共5天。\n"
    )
    assert content_links(minutes) == []
