"""Progress classes found in this round's dev misses (issue 9), with texts written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default()


def pairs(finder: ProgressFinder, body: str, kind: DocKind = "report") -> list[tuple[str, str]]:
    doc = make_doc("关于重点工作推进情况的通报\n" + body)
    doc.meta.kind = kind  # as the metadata stage may read it, rightly or not
    return [(p.status, p.text) for p in finder.find(doc)]


def test_most_units_named_in_an_assessment_is_no_requirement(finder: ProgressFinder) -> None:
    # `责任单位` is a task list's label; `大多数责任单位…高度重视` assesses how the units work.
    body = "从督查情况看，大多数责任单位对年度任务高度重视，周密部署，有序推进，12项任务已提前完成。\n"
    assert pairs(finder, body) == [
        ("in_progress", "大多数责任单位对年度任务高度重视，周密部署，有序推进"),
        ("done", "12项任务已提前完成"),
    ]


def test_a_units_label_is_still_a_requirement(finder: ProgressFinder) -> None:
    # A task list's label, and a header cell, mark a plan: the document reads less as a report.
    for label in ("责任单位：市园林局", "序号 | 工作任务 | 责任单位 | 完成时限", "各责任单位"):
        assert finder._has("directive", label), label
    assert not finder._has("directive", "大多数责任单位对年度任务高度重视")


def test_a_bare_result_after_verb_first_items_takes_their_statement(finder: ProgressFinder) -> None:
    body = "一年来，我们压实整改责任，细化工作举措，稳步推进。\n"
    assert pairs(finder, body) == [("in_progress", "一年来，我们压实整改责任，细化工作举措，稳步推进")]


def test_a_news_item_states_no_progress_outside_a_review(finder: ProgressFinder) -> None:
    body = "检查发现，东门市场存在乱堆乱放现象，消防设施不到位，部分摊位证照不全。\n"
    assert pairs(finder, body, "other") == []
    assert pairs(finder, body, "report") != []


def test_a_news_item_opening_as_a_review_states_progress(finder: ProgressFinder) -> None:
    body = "截至目前，全市已建成充电桩800个，另有20个站点正在建设。\n"
    assert [s for s, _ in pairs(finder, body, "other")] == ["done", "in_progress"]


def test_fresh_headway_is_work_under_way(finder: ProgressFinder) -> None:
    body = "一年来，文化、体育、档案等各项工作都取得了新进展。城区污水治理取得明显成效。\n"
    assert pairs(finder, body) == [
        ("in_progress", "一年来，文化、体育、档案等各项工作都取得了新进展"),
        ("done", "城区污水治理取得明显成效"),
    ]


def test_going_ahead_ends_its_piece_or_opens_a_work_item(finder: ProgressFinder) -> None:
    # Clause-final, `有序推进` says how the work goes; with an object it opens a task, so a policy's
    # `扎实推进…` states no progress.
    body = "城东片区改造、滨河公园建设等项目有序推进。正常推进的有4项。\n"
    assert pairs(finder, body) == [
        ("in_progress", "城东片区改造、滨河公园建设等项目有序推进"),
        ("in_progress", "正常推进的有4项"),
    ]
    plan = "各地要扎实推进老旧小区改造，稳步推进城市更新，有序推进管网建设。\n"
    assert pairs(finder, plan * 3, "policy") == []
    assert not finder._has("status", "扎实推进老旧小区改造")
