"""Progress in a read-out's assessment of a past period (`会议认为，今年以来，…`): the meeting's
judgment of what was achieved reads as a review up to the first requirement, the meeting's next
turn, a goal (`目的是…`) or a sentence that states nothing. Found short by the real yardstick
(central read-outs' assessment paragraphs); dev counts such assessments (GF05, GF13, GL14).
Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

TITLE = "市政府常务会议纪要"


def test_figures_achieved_in_an_assessment_are_progress(progress_rules: ProgressFinder) -> None:
    body = (
        "会议指出，今年以来，各地认真落实惠企政策，全省新增减税降费320亿元，市场主体活力明显增强。"
        "要持续抓好政策落地，确保应享尽享。\n"
    )
    found = progress_pairs(progress_rules, TITLE, body, "minutes")
    assert found == [
        ("done", "今年以来，各地认真落实惠企政策，全省新增减税降费320亿元，市场主体活力明显增强")
    ]


def test_an_assessment_tells_each_status_apart(progress_rules: ProgressFinder) -> None:
    body = (
        "会议认为，党的十九大以来，全市生态环境质量明显改善，污染防治攻坚战取得阶段性成效。"
        "会议强调，要巩固治污成果。\n"
    )
    found = progress_pairs(progress_rules, TITLE, body, "minutes")
    assert found == [
        ("done", "党的十九大以来，全市生态环境质量明显改善"),
        ("in_progress", "污染防治攻坚战取得阶段性成效"),
    ]


def test_an_assessment_ends_where_a_goal_is_named(progress_rules: ProgressFinder) -> None:
    lead = "会议指出，近年来，全区农村公路建设取得明显成效，群众出行条件显著改善。"
    achieved = "全区新建改建农村公路120公里，道路管护水平全面提升"
    stated = progress_pairs(progress_rules, TITLE, f"{lead}{achieved}。\n", "minutes")
    assert [t for _, t in stated][1:] == [achieved]
    goal = progress_pairs(progress_rules, TITLE, f"{lead}推行路长制，目的是让{achieved}。\n", "minutes")
    assert goal == [("done", "近年来，全区农村公路建设取得明显成效，群众出行条件显著改善")]


def test_a_speakers_look_back_and_a_texts_appraisal_are_no_assessment(progress_rules: ProgressFinder) -> None:
    speech = "某某指出，过去五年，全省各项事业取得显著成绩。本届政府的五年，是全面发展的五年。\n"
    assert progress_pairs(progress_rules, TITLE, speech, "minutes") == []
    appraisal = "会议认为，报告稿实事求是反映了各级机关推进工作的实践探索和重要成效。\n"
    assert progress_pairs(progress_rules, TITLE, appraisal, "minutes") == []
