"""A report or an inspection item voices the requirements of a body, a notice or an official
rather than a meeting's (`某纪委有关负责人强调，各级机关要…`, `通报要求，各单位要…`): the learned veto
does not drop such a sentence, and after a paragraph that opens in such a voice the sentences
addressed to who must act are its requirements too (`广大干部要…`, `节日将至，要…`), with or without an
action word of the lists. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc

# Requirements voiced by a body or a notice in a report, each alone in its paragraph.
ATTRIBUTED = (
    "省纪委监委有关负责人强调，各级纪检监察机关要深入推进对欺压群众、吃拿卡要问题的专项整治。",
    "市纪委监委强调，各级纪检监察机关要把整治群众身边不正之风作为重点，推动解决群众急难愁盼问题。",
    "市纪委监委强调，要坚持严字当头，真管真严、长管长严，深化整治奢靡浪费问题。",
    "市纪委监委要求，各级纪检监察机关要精准研判作风形势，对顶风违纪行为从严查处，坚决破除特权思想。",
)

# A paragraph that opens in a body's voice with the background of its requirements.
VOICED = (
    "市纪委监委强调，这次通报的六起问题，有的发生在基层站所，有的发生在窗口单位，教训深刻。"
    "广大党员干部要引以为戒，时刻绷紧纪律这根弦，守住清正廉洁的底线。"
    "各级纪检监察机关要从群众反映集中的问题抓起，久久为功纠治“四风”。"
    "端午将至，要以节点为抓手，紧盯违规收送礼金、借机大操大办等易发问题，确保节日风清气正。\n"
)


# The inspection notice the paragraphs stand in.
TITLE = "市纪委监委关于六起违反八项规定精神典型问题的通报\n"


@pytest.fixture(scope="module")
def finders() -> dict[bool, MeasureFinder]:
    """The finder with its learned model (True) and by its rules alone (False)."""
    return {model: MeasureFinder.default(learned=model) for model in (True, False)}


def _texts(finder: MeasureFinder, body: str) -> list[str]:
    """The measures' texts `finder` reads in the notice with `body`, read as a report."""
    doc = make_doc(TITLE + body)
    doc.meta.kind = "report"
    return [m.text for m in finder.find(doc)]


@pytest.mark.parametrize("sentence", ATTRIBUTED)
def test_a_bodys_request_in_a_report_is_not_vetoed(finders: dict[bool, MeasureFinder], sentence: str) -> None:
    assert sentence in _texts(finders[True], sentence + "\n")


def test_a_meeting_quoted_as_background_is_no_spared_request(finders: dict[bool, MeasureFinder]) -> None:
    text = "从全省看，省经济工作会议强调，必须把稳增长放在更加突出的位置，为我们指明了方向。\n"
    assert not _texts(finders[True], text)


def test_the_requirements_after_a_bodys_voice_are_measures(finders: dict[bool, MeasureFinder]) -> None:
    texts = _texts(finders[False], VOICED)
    assert "广大党员干部要引以为戒，时刻绷紧纪律这根弦，守住清正廉洁的底线。" in texts
    assert "各级纪检监察机关要从群众反映集中的问题抓起，久久为功纠治“四风”。" in texts
    assert any(t.startswith("端午将至，要以节点为抓手") for t in texts)
    # The background the voice opens with is no requirement.
    assert not any(t.startswith("市纪委监委强调") for t in texts)


def test_without_a_voice_the_paragraph_is_read_as_before(finders: dict[bool, MeasureFinder]) -> None:
    texts = _texts(finders[False], VOICED.replace("市纪委监委强调，", "", 1))
    assert "广大党员干部要引以为戒，时刻绷紧纪律这根弦，守住清正廉洁的底线。" not in texts


# A report's account that ends in its plan for what comes next.
NEXT_STEPS = (
    "督查组共走访企业46家，发现问题12个，已全部反馈属地。下一步将加大对重点企业的帮扶力度，推动问题清仓见底。\n",
    "本轮巡察已覆盖全部直属单位党组织，发现问题23个。下一步，还将完成对基层站所的巡察全覆盖。\n",
    "下一阶段，区督查室将把督促整改作为日常监督的重要抓手，对整改不力的严肃问责。\n",
)


@pytest.mark.parametrize("paragraph", NEXT_STEPS)
def test_a_reports_next_step_is_a_measure(finders: dict[bool, MeasureFinder], paragraph: str) -> None:
    step = paragraph[paragraph.index("下一") :].strip()
    assert step in _texts(finders[True], paragraph)


def test_what_was_done_is_no_next_step(finders: dict[bool, MeasureFinder]) -> None:
    assert not _texts(finders[True], "下一步，已将整改情况报送市委办公室。\n")


# Requirements voiced after a lead: a relay then a stress, a speaker after the occasion or the
# season, a notice of cases that goes on to ask (`measure.attributed_lead.v1`).
LEAD_VOICED = (
    "在通报会上，各检查组传达了省安委会关于隐患整改的工作要求，强调各被检查企业要落实安全生产主体责任，"
    "逐项整改检查发现的问题。",
    "在随后召开的进驻动员会上，各督导组负责人强调，要把群众反映强烈的问题作为督导重点，盯住不放。",
    "日前，市纪委监委对5起违规收送礼品礼金问题发出通报，要求各级党组织深入开展警示教育，严明节日纪律。",
    "重阳将至，市纪委监委通报了4起典型问题，并要求各级纪检监察机关要严肃查处顶风违纪行为。",
)


@pytest.mark.parametrize("sentence", LEAD_VOICED)
def test_a_request_voiced_after_a_lead_is_a_measure(
    finders: dict[bool, MeasureFinder], sentence: str
) -> None:
    assert sentence in _texts(finders[True], sentence + "\n")


def test_a_news_item_keeps_the_requests_after_a_relayed_stress(finders: dict[bool, MeasureFinder]) -> None:
    """In a news item only a voiced requirement opens a paragraph's requirements; after a relay and
    a stress, the sentences that go on with `要…` are the same voice's."""
    doc = make_doc(
        "巡察完成反馈（新华社）\n记者从市委巡察办获悉，近日，市委第三轮巡察完成反馈。"
        "反馈会上，各巡察组传达了市委巡察工作领导小组的整改要求，强调被巡察单位要扛起整改主体责任，"
        "把整改融入日常工作。要建立问题、任务、责任三张清单，逐项销号。"
        "纪检监察机关要加强对整改的日常监督。\n"
    )
    doc.meta.kind = "report"
    texts = [m.text for m in finders[True].find(doc)]
    assert "要建立问题、任务、责任三张清单，逐项销号。" in texts
    assert "纪检监察机关要加强对整改的日常监督。" in texts


def test_a_stress_that_states_no_request_is_no_measure(finders: dict[bool, MeasureFinder]) -> None:
    text = "在年终总结会上，他回顾了全年工作，强调这项工作是管长远的基础工作。\n"
    assert not _texts(finders[True], text)


# Words that only look like the modal `要` (`第一要务`, `以…为要、…`) or a commitment (`即将`) make no
# requirement of a report's account sentence (`measure.subject_modal.v4`).
NOT_MODAL = (
    "全县把稳就业作为第一要务，落实援企稳岗政策，新增城镇就业岗位3200个。",
    "我们坚持生态为要、民生为本，建成口袋公园12个，改造背街小巷36条。",
    "滨河路二期即将建成通车，城区路网进一步完善。",
)


def test_words_that_only_look_modal_make_no_request(finders: dict[bool, MeasureFinder]) -> None:
    assert not [t for sentence in NOT_MODAL for t in _texts(finders[False], sentence + "\n")]
