"""A work report's plan part, found by its heading, states no progress (texts written for the test)."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc

REVIEW = (
    "某县人民政府工作报告\n"
    "一、2024年工作回顾\n"
    "过去一年，我们新建农村公路120公里，城区污水管网改造全面完成，新增城镇就业8000人，"
    "全县义务教育学校标准化建设通过省级验收，县人民医院新院区建成投用，群众看病就医更加便捷。\n"
)
PLAN = "统筹推进城乡供水一体化，新建农村公路100公里，加快城区污水管网改造。\n"


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default(learned=False)


def texts(finder: ProgressFinder, body: str) -> list[str]:
    doc = make_doc(body)
    doc.meta.kind = "report"
    return [p.text for p in finder.find(doc)]


@pytest.mark.parametrize(
    "heading",
    ["二、2025年主要工作", "二、2025年工作", "二、2025年全县经济社会发展总体要求和主要目标"],
)
def test_a_heading_naming_a_later_year_opens_the_plan(finder: ProgressFinder, heading: str) -> None:
    found = texts(finder, REVIEW + heading + "\n" + PLAN)
    assert any("新增城镇就业8000人" in t for t in found)
    assert not any("新建农村公路100公里" in t for t in found)


def test_a_later_year_heading_with_review_words_goes_on_reviewing(finder: ProgressFinder) -> None:
    found = texts(finder, REVIEW + "二、2025年上半年工作进展情况\n" + PLAN)
    assert any("新建农村公路100公里" in t for t in found)


def test_the_same_year_again_is_no_plan(finder: ProgressFinder) -> None:
    found = texts(finder, REVIEW + "二、2024年主要工作\n" + PLAN)
    assert any("新建农村公路100公里" in t for t in found)


def test_a_long_plan_heading_is_read_whole(finder: ProgressFinder) -> None:
    body = REVIEW.replace("2024年", "过去一年") + "二、今年全县经济社会发展目标任务和工作重点\n" + PLAN
    assert not any("新建农村公路100公里" in t for t in texts(finder, body))


@pytest.mark.parametrize("lead", ["重点做好以下三个方面工作：", "新的一年，我们将重点抓好三个方面的工作："])
def test_a_lead_in_to_the_years_tasks_opens_the_plan(finder: ProgressFinder, lead: str) -> None:
    """No heading names the year: the line that announces the tasks does (`重点做好N个方面工作：`)."""
    review = REVIEW.replace("一、2024年工作回顾\n", "")
    found = texts(finder, review + lead + "\n" + PLAN)
    assert any("新增城镇就业8000人" in t for t in found)
    assert not any("新建农村公路100公里" in t for t in found)


def test_a_lead_in_that_looks_back_goes_on_reviewing(finder: ProgressFinder) -> None:
    review = REVIEW.replace("一、2024年工作回顾\n", "")
    found = texts(finder, review + "一年来，我们重点抓好三个方面工作：\n" + PLAN)
    assert any("新建农村公路100公里" in t for t in found)


def test_the_years_overall_requirements_open_the_plan(finder: ProgressFinder) -> None:
    """No heading at all: the paragraph that states the year's overall requirements does."""
    review = REVIEW.replace("一、2024年工作回顾\n", "")
    opening = "2025年是关键一年。今年政府工作的总体要求是：坚持稳中求进，全县地区生产总值增长6%左右。\n"
    found = texts(finder, review + opening + PLAN)
    assert any("新增城镇就业8000人" in t for t in found)
    assert not any("新建农村公路100公里" in t or "增长6%左右" in t for t in found)


def test_a_pledge_closing_the_problems_states_nothing(finder: ProgressFinder) -> None:
    """`对此，我们一定…加以解决` promises, as `我们将…` does: the problems before it lag, it does not."""
    problems = "二、存在的问题\n县域经济总量偏小，公共服务供给不足。对此，我们一定高度重视，切实加以解决。\n"
    found = texts(finder, REVIEW + problems)
    assert any("公共服务供给不足" in t for t in found)
    assert not any("加以解决" in t for t in found)


# A paragraph as wide as a real report's, so that a short heading line stands apart from the
# paragraph under it (in a narrow page it would read as a broken line and be joined).
_WIDE = (
    "一年来，我们坚持项目为王，新开工重点项目86个，建成投产42个，完成投资215亿元，"
    "县城新区道路管网全面贯通，城乡居民人均可支配收入分别增长5.1%和7.3%，民生支出占财政支出八成以上。\n"
)


_WIDE_PLAN = (
    "2025年是规划收官之年，做好今年工作意义重大，全县地区生产总值预期增长6%左右，"
    "一般公共预算收入增长5%，城乡居民人均可支配收入增长与经济增长基本同步，粮食产量稳定在30万吨以上。\n"
)


def test_a_review_headed_as_a_goal_reached_gives_way_to_the_later_years_plan(finder: ProgressFinder) -> None:
    """`奋力完成2024年…各项任务` heads the review and `全力实现2025年…奋斗目标` the plan: the
    review's statements stay, and the plan's targets and its heading are no progress."""
    review = REVIEW.replace("一、2024年工作回顾", "奋力完成2024年高质量发展的各项任务") + _WIDE
    found = texts(finder, review + "全力实现2025年高质量发展的奋斗目标\n" + _WIDE_PLAN + PLAN)
    assert any("新增城镇就业8000人" in t for t in found), found
    assert not any("新建农村公路100公里" in t or "预期增长6%" in t for t in found), found
    assert not any("奋斗目标" in t or "各项任务" in t for t in found), found


def test_a_goal_heading_alone_opens_the_plan(finder: ProgressFinder) -> None:
    """`努力做好2025年各项工作` with no review heading before it: the plan part opens there."""
    review = REVIEW.replace("一、2024年工作回顾\n", "") + _WIDE
    found = texts(finder, review + "努力做好2025年各项工作\n" + _WIDE_PLAN + PLAN)
    assert any("新增城镇就业8000人" in t for t in found), found
    assert not any("新建农村公路100公里" in t for t in found), found
