"""A report's plan part or a meeting's read-out often lists its tasks in one sentence, each `；`
clause opening with its own action (`…；严格落实…；推动…`) where a plan document would number them:
each such clause is one measure, as the gold splits a sentence whose clauses each prescribe their own
action. A short clause (`…；抓好落实。`) stays with the one before it, and in a report's account of
work done an action clause is a result, no task. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc

TITLE = "某区2025年政府工作报告\n"
REVIEW = "一、2024年工作回顾\n过去一年，全区新增城镇就业1.2万人，完成老旧小区改造18个。\n"
PLAN_HEADING = "二、2025年重点工作\n今年，我们将重点抓好以下工作。\n"

CLAUSES = (
    "下一步将加快老旧小区改造，完成既有住宅加装电梯120部；",
    "严格落实物业服务标准，开展物业服务质量评价；",
    "推动社区食堂建设，新增社区食堂15个。",
)
SENTENCE = "".join(CLAUSES)

MINUTES_TITLE = "某区城市管理工作专题会议纪要\n"
MINUTES = (
    "会议要求，各街道要加快背街小巷整治，年底前完成30条；",
    "严格落实门前三包责任，开展市容环境日常巡查；",
    "推动垃圾分类进小区，新增示范小区10个。",
)


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


def _texts(finder: MeasureFinder, body: str, kind: DocKind = "report", title: str = TITLE) -> list[str]:
    doc = make_doc(title + body)
    doc.meta.kind = kind
    return [m.text for m in finder.find(doc)]


def test_each_action_clause_of_a_plan_sentence_is_a_measure(finder: MeasureFinder) -> None:
    texts = _texts(finder, REVIEW + PLAN_HEADING + SENTENCE + "\n")
    for clause in CLAUSES:
        assert clause in texts
    assert SENTENCE not in texts


def test_each_action_clause_of_a_meetings_requirement_is_a_measure(finder: MeasureFinder) -> None:
    body = "会议听取了区城管局关于市容环境整治情况的汇报。\n" + "".join(MINUTES) + "\n"
    texts = _texts(finder, body, kind="minutes", title=MINUTES_TITLE)
    for clause in MINUTES:
        assert clause in texts


def test_a_short_clause_stays_with_the_one_before(finder: MeasureFinder) -> None:
    sentence = CLAUSES[0] + "抓好督查落实。"
    texts = _texts(finder, REVIEW + PLAN_HEADING + sentence + "\n")
    assert sentence in texts


def test_an_account_of_work_done_gives_no_task_of_its_clauses(finder: MeasureFinder) -> None:
    review = "一、2024年工作回顾\n过去一年，全区新增城镇就业1.2万人；" + "".join(CLAUSES[1:]) + "\n"
    texts = _texts(finder, review + PLAN_HEADING + SENTENCE + "\n")
    assert texts.count(CLAUSES[1]) == 1  # the plan part's clause only


def test_a_clause_cut_off_by_its_block_stays_with_the_one_before(finder: MeasureFinder) -> None:
    # A narrow column's line that ends like a title (`…的督办函`) is kept as a line of its own, so
    # the clause after `；` reaches the end of its block mid-sentence: a fragment, not a task.
    body = (
        "会议要求，各街道要加快背街小巷整治，\n"
        "抓好门前三包责任落实；明确各街道和区\n"
        "直部门主要负责人的督办函\n"
        "件由分管领导审核后报区城管局。\n"
    )
    texts = _texts(finder, body, kind="minutes", title=MINUTES_TITLE)
    assert "明确各街道和区直部门主要负责人的督办函" not in texts
    assert any(
        t.startswith("会议要求") and t.endswith("明确各街道和区直部门主要负责人的督办函") for t in texts
    )
