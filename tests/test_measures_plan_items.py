"""A report's plan part sets out its tasks as paragraphs that open with a short title sentence; such
a paragraph is one measure by its layout (`measure.plan_item.v1`), also when neither its title nor
its body says the task with a verb of the cue lists (`激发…`, `扛牢…`, `稳定和扩大…`). A title that
states or judges (`…是…`, `…决定…`) opens no task. In an account of work done, what is asked of those
a condition names comes after it (`对…的问题，各单位要…`, `measure.review_condition.v1`). Texts written
for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc

TITLE = "某市2025年政府工作报告\n"

# The report's review, then its plan part under a plan heading.
REVIEW = "一、2024年工作回顾\n过去一年，全市地区生产总值增长5.8%，新增城镇就业3.1万人。\n"
PLAN_HEADING = "二、2025年重点工作\n"

# Titled plan paragraphs whose verbs are none of the cue lists' (the rules alone read no task here).
UNCUED = (
    "全面激发消费活力。稳定和扩大汽车、家电等大宗消费，培育数字消费、夜间消费等新场景，"
    "办好美食节、购物季系列活动20场以上。",
    "——扛牢耕地保护责任。坚守耕地红线，稳定粮食播种面积96万亩以上，新增高标准农田5万亩。",
    "在城乡融合上求突破。促进县城、集镇和村庄联动，引导公共服务向乡村延伸，培育城乡融合示范片区3个。",
)

# Titled paragraphs that state or judge rather than set a task.
STATEMENTS = (
    "园区是产业集聚的主载体。聚焦亩均效益，提升园区承载能力，做大做强园区经济。",
    "绿色决定城市的底色。践行绿水青山就是金山银山的理念，守护好一江碧水。",
)


@pytest.fixture(scope="module")
def finders() -> dict[bool, MeasureFinder]:
    """The finder with its learned model (True) and by its rules alone (False)."""
    return {model: MeasureFinder.default(learned=model) for model in (True, False)}


def _texts(finder: MeasureFinder, body: str, kind: str = "report", title: str = TITLE) -> list[str]:
    """The measures' texts `finder` reads in `body` under `title`, read as a document of `kind`."""
    doc = make_doc(title + body)
    doc.meta.kind = kind
    return [m.text for m in finder.find(doc)]


@pytest.mark.parametrize("learned", [False, True])
@pytest.mark.parametrize("paragraph", UNCUED)
def test_a_titled_plan_paragraph_is_one_task(
    finders: dict[bool, MeasureFinder], paragraph: str, learned: bool
) -> None:
    texts = _texts(finders[learned], REVIEW + PLAN_HEADING + paragraph + "\n")
    assert paragraph in texts


@pytest.mark.parametrize("paragraph", STATEMENTS)
def test_a_title_that_states_opens_no_task(finders: dict[bool, MeasureFinder], paragraph: str) -> None:
    texts = _texts(finders[False], REVIEW + PLAN_HEADING + paragraph + "\n")
    assert paragraph not in texts


def test_only_in_a_reports_plan_part(finders: dict[bool, MeasureFinder]) -> None:
    paragraph = UNCUED[0]
    # In the account of work done (no plan heading before it) the layout makes no task.
    assert paragraph not in _texts(finders[False], REVIEW + paragraph + "\n")
    # Policy text is read as before.
    assert paragraph not in _texts(finders[False], paragraph + "\n", kind="policy")


NOTICE = "关于第三季度政务服务窗口暗访情况的通报\n"
FINDINGS = "暗访共抽查窗口32个，发现服务不规范问题9个，涉及4个单位。\n"

CONDITIONED = (
    "对暗访中发现的问题，各相关单位要立即整改，举一反三完善服务制度。",
    "对整改不到位、问题反复出现的，要严肃追究窗口负责人的责任，并在全市通报。",
)


def _notice_texts(finder: MeasureFinder, sentence: str) -> list[str]:
    """The measures' texts in an inspection notice that states its findings, then `sentence`."""
    return _texts(finder, FINDINGS + sentence + "\n", title=NOTICE)


@pytest.mark.parametrize("sentence", CONDITIONED)
def test_a_request_after_its_condition_in_an_account(
    finders: dict[bool, MeasureFinder], sentence: str
) -> None:
    assert sentence in _notice_texts(finders[False], sentence)


def test_a_practice_the_account_describes_is_no_request(finders: dict[bool, MeasureFinder]) -> None:
    sentence = "对涉及群众切身利益的重大事项，各窗口单位都要先行公示，接受群众监督。"
    assert sentence not in _notice_texts(finders[False], sentence)


@pytest.mark.parametrize("learned", [False, True])
def test_a_pledge_to_the_years_projects(finders: dict[bool, MeasureFinder], learned: bool) -> None:
    """`办好` is an action word: the plan's pledge to its yearly projects is a measure."""
    sentence = "今年，县政府将继续办好10件民生实事，逐项明确责任单位和完成时限。"
    texts = _texts(finders[learned], REVIEW + PLAN_HEADING + UNCUED[0] + "\n" + sentence + "\n")
    assert sentence in texts
