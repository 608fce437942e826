"""Minutes at sentence grain: a meeting states each requirement in a sentence of its own, so a
short lead-in or title sentence does not join the sentences after it into one measure there, while
an enumerated part (`一要…。…`) and the articles of a law keep their body. Texts written for these
tests."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind, Measure
from duban.extractors.measures import MeasureFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    """The measure rules alone: the learned veto is not what these tests are about."""
    return MeasureFinder.default(learned=False)


def _measures(finder: MeasureFinder, body: str, kind: DocKind) -> list[Measure]:
    doc = make_doc("青山市政府常务会议纪要\n" + body)
    doc.meta.kind = kind
    return finder.find(doc)


def _texts(finder: MeasureFinder, body: str, kind: DocKind) -> list[str]:
    return [m.text for m in _measures(finder, body, kind)]


LEAD_IN = "会议要求，扎实做好防汛准备。各镇街要于5月底前完成水库隐患排查。加强值班值守，落实领导带班制度。\n"


def test_a_minutes_lead_in_is_a_measure_of_its_own_and_its_elaborations_follow(finder: MeasureFinder) -> None:
    assert _texts(finder, LEAD_IN, "minutes") == [
        "会议要求，扎实做好防汛准备。",
        "各镇街要于5月底前完成水库隐患排查。",
        # No modal and no requirement opener of its own: an action that spells out the lead-in.
        "加强值班值守，落实领导带班制度。",
    ]


def test_units_and_deadlines_stay_with_their_own_sentence(finder: MeasureFinder) -> None:
    lead, task, _ = _measures(finder, LEAD_IN, "minutes")
    assert not lead.deadlines and not lead.units
    assert [d.text for d in task.deadlines] == ["5月底前"]
    assert [u.name for u in task.units] == ["各镇街"]


def test_outside_minutes_the_lead_in_still_opens_the_next_sentence(finder: MeasureFinder) -> None:
    texts = _texts(finder, LEAD_IN, "policy")
    assert texts[0] == "会议要求，扎实做好防汛准备。各镇街要于5月底前完成水库隐患排查。"


TITLED = (
    "要抓好老旧小区改造。各区要在年底前完成改造方案编制。老旧小区量大面广，群众期盼已久。"
    "要建立居民议事机制，广泛听取意见。\n"
)


def test_a_minutes_title_sentence_does_not_make_its_paragraph_one_measure(finder: MeasureFinder) -> None:
    texts = _texts(finder, TITLED, "minutes")
    assert texts == [
        "要抓好老旧小区改造。",
        "各区要在年底前完成改造方案编制。",
        "要建立居民议事机制，广泛听取意见。",
    ]
    # The background sentence that rode along in the titled paragraph is no measure by itself.
    assert not any("群众期盼已久" in t for t in texts)


def test_outside_minutes_a_titled_paragraph_is_one_measure(finder: MeasureFinder) -> None:
    assert _texts(finder, TITLED, "policy") == [TITLED.strip()]


def test_a_background_sentence_after_a_minutes_lead_in_is_no_elaboration(finder: MeasureFinder) -> None:
    body = "会议强调，要加快科技攻关。人才是创新的第一资源。\n"
    assert _texts(finder, body, "minutes") == ["会议强调，要加快科技攻关。"]


def test_a_dated_sentence_after_a_minutes_lead_in_elaborates_it(finder: MeasureFinder) -> None:
    body = "会议决定简化企业开办手续。6月30日前将开办时间压减至1个工作日。\n"
    measures = _measures(finder, body, "minutes")
    assert [m.text for m in measures] == [
        "会议决定简化企业开办手续。",
        "6月30日前将开办时间压减至1个工作日。",
    ]
    assert [d.text for d in measures[1].deadlines] == ["6月30日前"]


def test_an_enumerated_part_of_minutes_keeps_its_elaboration(finder: MeasureFinder) -> None:
    body = "会议强调：一要认真组织传达学习。各单位负责人要带头学习，逐条对照落实。二要加强督促检查。\n"
    texts = _texts(finder, body, "minutes")
    assert "一要认真组织传达学习。各单位负责人要带头学习，逐条对照落实。" in texts


def test_articles_of_a_law_read_as_minutes_stay_whole(finder: MeasureFinder) -> None:
    body = (
        "第一条 镇人民代表大会每年至少举行两次会议。会议由主席团召集。\n"
        "第二条 代表应当出席本级人民代表大会会议。因故不能出席的，必须书面请假。\n"
    )
    texts = _texts(finder, body, "minutes")
    assert texts == [line.replace(" ", "") for line in body.splitlines()]


def test_the_meetings_voice_after_the_last_part_is_a_measure_of_its_own(finder: MeasureFinder) -> None:
    body = (
        "会议确定了支持小微企业的措施：一是降低融资担保费率。二是加快推进信用信息共享。"
        "会议要求，各有关部门要抓紧制定实施细则，确保政策落地。\n"
    )
    measures = _measures(finder, body, "minutes")
    assert [m.text for m in measures][-2:] == [
        "二是加快推进信用信息共享。",
        "会议要求，各有关部门要抓紧制定实施细则，确保政策落地。",
    ]
    # The units go with the requirement that names them, not with the part before it.
    assert [u.name for u in measures[-1].units] == ["各有关部门"]
    assert not measures[-2].units


def test_the_meetings_voice_after_a_task_item_is_read_as_prose(finder: MeasureFinder) -> None:
    body = "（三）健全监管机制。公开投诉举报电话。会议要求，各区要于年底前充实基层力量。\n"
    texts = _texts(finder, body, "minutes")
    assert texts == ["（三）健全监管机制。公开投诉举报电话。", "会议要求，各区要于年底前充实基层力量。"]


def test_a_topics_account_keeps_the_meetings_requirement_on_it(finder: MeasureFinder) -> None:
    body = "1、滨江学校项目：目前主体已封顶，计划9月开学。会议要求抓紧办理竣工验收手续。\n"
    assert _texts(finder, body, "minutes") == [body.strip()]


def test_outside_minutes_the_last_part_keeps_what_follows_it(finder: MeasureFinder) -> None:
    body = (
        "会议确定：一是降低融资担保费率。二是加快推进信用信息共享。会议要求，各有关部门要抓紧制定实施细则。\n"
    )
    texts = _texts(finder, body, "policy")
    assert texts[-1] == "二是加快推进信用信息共享。会议要求，各有关部门要抓紧制定实施细则。"


def test_the_parts_of_a_minutes_list_are_spared_by_the_veto_as_tasks_by_place(finder: MeasureFinder) -> None:
    body = (
        "会议要求：一是降低融资担保费率。二是加快推进信用信息共享。会议强调，各有关部门要抓紧制定实施细则。\n"
    )
    for kind, spared in (("minutes", [True, True, False]), ("policy", [False, False])):
        doc = make_doc("青山市政府常务会议纪要\n" + body)
        doc.meta.kind = kind
        assert [finder._listed_part(doc, m) for m in finder.find(doc)] == spared
