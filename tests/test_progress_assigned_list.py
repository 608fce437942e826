"""A list of problems handed over to be fixed (issue 9, stop 55: `progress.assigned_label.v1`): each
problem, or each group of them, carries who must fix it or by when (`责任单位：…`, `整改时限：…`), so
the problems are tasks assigned, not shortfalls a report states, however the document's kind is
read; a status of the work on one still is a statement, and so is a shortfall a report states
without such labels. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def pairs(finder: ProgressFinder, body: str, kind: DocKind = "report") -> list[tuple[str, str]]:
    return progress_pairs(finder, "关于城区环境卫生检查问题的交办", body, kind)


HANDED_OVER = (
    "5月8日，督导组对城区部分小区进行了检查，现将检查发现的问题交办如下：\n"
    "1.东湖小区内垃圾清运不及时、无防鼠设施。责任单位：东湖街道办。\n"
    "2.西苑小区内宣传栏破损严重，楼道杂物堆放现象突出。责任单位：西苑街道办。\n"
    "3.南门菜市场排水沟堵塞，保洁不到位；市场管理正在整改。责任单位：南门社区。\n"
)


@pytest.mark.parametrize("kind", ["report", "other", "policy"])
def test_problems_handed_over_are_no_shortfalls(progress_finder: ProgressFinder, kind: DocKind) -> None:
    assert all(status != "lagging" for status, _ in pairs(progress_finder, HANDED_OVER, kind))


def test_work_on_a_problem_handed_over_still_states_progress(progress_finder: ProgressFinder) -> None:
    assert ("in_progress", "市场管理正在整改") in pairs(progress_finder, HANDED_OVER)


def test_labels_in_brackets_on_the_next_line_hand_over_too(progress_finder: ProgressFinder) -> None:
    body = (
        "● 城北农贸市场占道经营现象突出，保洁不到位。\n"
        "（主体责任：城北村委会，监督责任：区市场监管局）\n"
        "● 滨江公园公厕卫生不达标，设施破损严重。\n"
        "（主体责任：区园林处，监督责任：区城管局）\n"
    )
    assert all(status != "lagging" for status, _ in pairs(progress_finder, body))


def test_a_report_stating_shortfalls_without_labels_keeps_them(progress_finder: ProgressFinder) -> None:
    # The same problems told as a report's findings (no one named to fix them): shortfalls.
    body = "经检查，东湖小区内垃圾清运不及时、无防鼠设施；西苑小区楼道杂物堆放现象突出。\n"
    assert any(status == "lagging" for status, _ in pairs(progress_finder, body))
