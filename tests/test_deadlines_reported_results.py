"""Bounds read on unseen real text that date a result, not work still to do: a work report's review
of the year past (`全年粮食总产157.5亿斤`), and a state already reached by a date (`之前已完成转制的
企业`). Targets that keep their year are written round or with their cue. Every text is written here."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


def found(deadline_finder: DeadlineFinder, text: str) -> list[str]:
    return [d.text for d in deadline_finder.find(text, 0, None, "2024-03-01")]


@pytest.mark.parametrize(
    "text",
    [
        "克服春旱影响，全年粮食总产86.4万吨、增长3.2%。",
        "深化项目谋划，全年储备重点项目1378个。",
        "推进湿地修复，年内新增修复面积126.5公顷。",
        "文旅市场回暖，全年接待游客2613万人次。",
        "今年新登记经营主体3.58万户，创历史新高。",
    ],
)
def test_a_year_heading_an_exact_figure_reports_a_result(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("力争全年旅游总收入增长12.5%。", "全年"),
        ("全年新增城镇就业4.5万人。", "全年"),
        ("全年PM2.5平均浓度不高于31.5微克。", "全年"),
        ("全年完成固定资产投资1200亿元。", "全年"),
        ("全年新建改造农村公路1365公里以上。", "全年"),
        ("年内力争森林覆盖率提高到45.6%。", "年内"),
        ("年底前完成1365户危房改造。", "年底前"),
    ],
)
def test_a_target_keeps_its_year(deadline_finder: DeadlineFinder, text: str, span: str) -> None:
    assert found(deadline_finder, text) == [span]


@pytest.mark.parametrize(
    "text",
    [
        "2020年6月30日之前已完成改制的单位，可继续享受减免。",
        "各县区于2023年底前均已整改到位。",
    ],
)
def test_a_date_before_a_state_reached_bounds_no_work(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "城乡环境整治持续推进，改造农房3000户。",
        "基层治理创新持续推进。",
        "“放管服”改革持续开展，办事时限压缩一半。",
    ],
)
def test_ongoing_work_said_of_its_subject_states_progress(deadline_finder: DeadlineFinder, text: str) -> None:
    assert found(deadline_finder, text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("城乡环境整治要持续推进，不断巩固成果。", "持续推进"),
        ("这项改革必须持续推进。", "持续推进"),
        ("3月底前取得阶段成效并持续推进，牵头单位：市住建局。", "持续推进"),
        ("治理工作要常抓不懈、久久为功。", "常抓不懈"),
    ],
)
def test_ongoing_work_asked_of_an_actor_stays_a_bound(
    deadline_finder: DeadlineFinder, text: str, span: str
) -> None:
    assert span in found(deadline_finder, text)
