"""The second reading of a report the document-level gate left silent (issue 9): requirement cues
told inside a past event are not the paragraph's own, so an inspection notice whose frame names
the responsible units states its results; a notice passing a plan on, or one that goes on to
require, stays silent. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder(ProgressFinder.default().rules, ProgressFinder.default().predicates)


def pairs(finder: ProgressFinder, body: str) -> list[tuple[str, str]]:
    doc = make_doc("关于第二季度河道保洁工作督查情况的通报\n" + body)
    doc.meta.kind = "report"
    return [(p.status, p.text) for p in finder.find(doc)]


INSPECTION = (
    "各镇人民政府，区直各部门：\n"
    "区水利局组织督查人员，于6月3日至9日对全区12条河道保洁情况进行了检查。对检查中发现的问题，"
    "及时通知各责任单位，提出了整改时限。并于6月12日完成复查整改，取得明显成效。现将检查情况通报如下：\n"
    "一、排名靠后的镇\n"
    "东山镇 西塘镇\n"
)


def test_a_requirement_cue_told_as_a_past_event_leaves_the_notice_its_results(finder: ProgressFinder) -> None:
    assert pairs(finder, INSPECTION) == [("done", "并于6月12日完成复查整改，取得明显成效")]


def test_a_requirement_after_the_past_keeps_the_notice_silent(finder: ProgressFinder) -> None:
    body = INSPECTION.replace("提出了整改时限。", "提出了整改时限。各责任单位要在7月底前完成整改。")
    assert pairs(finder, body) == []


def test_a_plan_passed_on_stays_silent(finder: ProgressFinder) -> None:
    body = "各镇人民政府：\n《河道保洁工作方案》已经区政府同意，现印发给你们，请认真贯彻执行。\n"
    assert pairs(finder, body) == []


def test_paragraphs_that_require_outvote_one_that_states(finder: ProgressFinder) -> None:
    body = (
        "区政府办公室近日已印发《河道长效管护办法》。\n"
        "各镇要落实河道保洁责任，确保河面无漂浮物。\n"
        "各部门要加强协作，及时处置群众反映的问题。\n"
        "各村要组织保洁队伍，做到日常巡河。\n"
    )
    assert pairs(finder, body) == []


def test_own_requirement_reads_the_last_cue_of_each_sentence(finder: ProgressFinder) -> None:
    told = "对发现的问题反馈各责任单位，提出了整改意见。"
    own = "水位已超警戒线，各镇要加强巡查。"
    assert not finder._own_requirement(told, 0, len(told))
    assert finder._own_requirement(own, 0, len(own))
