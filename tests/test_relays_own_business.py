"""Relays that are the text's or its meeting's own business, and names that the sentence going on
is not (issue 9, read on the real read-outs and work reports): a read-out's approval clause, a work
report naming itself, a report the meeting hears on how a rule was carried out, virtues named as a
spirit, words that begin with 精神, a clause after a bare comma; and a document named by its number
alone, which is relayed. Texts are written for the tests."""

from __future__ import annotations

from duban.extractors.relays import RelayFinder
from tests.test_relays_shapes import finder, titles

__all__ = ["finder"]  # the module-scoped fixture, shared with the shapes tests


def test_an_approval_opening_a_read_outs_clause_is_the_meetings_own(finder: RelayFinder) -> None:
    text = (
        "某某主持召开常务会议\n总理某某3日主持召开常务会议，部署推进农村道路养护工作，"
        "审议通过《某省农村道路建设三年行动方案》和《城乡物流配送体系建设规划》。\n"
        "委员长会议建议的议程还有：审议关于提请审议批准《某国和某国关于民事司法协助的条约》的议案。\n"
    )
    assert titles(finder, text) == []


def test_an_approval_does_not_reach_past_its_clause(finder: RelayFinder) -> None:
    text = (
        "某市常务会议纪要\n会议审议通过《某市河道保洁实施方案》，要求认真贯彻落实《某省河道管理条例》。\n"
        "会议指出，通过制定《某项工作条例》，总结了多年的经验。\n"
    )
    assert titles(finder, text) == ["某省河道管理条例", "某项工作条例"]


def test_a_work_report_naming_itself_is_no_relay(finder: RelayFinder) -> None:
    text = (
        "2024年政府工作报告\n——2024年1月10日在某市第十届人民代表大会第三次会议上\n各位代表：\n"
        "现在，我代表市人民政府，向大会作政府工作报告，请予审议。\n"
        "某某主持召开会议讨论政府工作报告。\n"
    )
    assert titles(finder, text) == []


def test_last_years_report_and_an_approved_one_are_relayed(finder: RelayFinder) -> None:
    dated = "某市2024年政府工作报告\n我们也看到，对照2023年政府工作报告确定的目标，部分指标没有完成。\n"
    approved = "某市重点工作分解方案\n市人大会议批准了市政府工作报告，确定了今年的主要任务。\n"
    assert titles(finder, dated) == ["政府工作报告"]
    assert titles(finder, approved) == ["市政府工作报告"]


def test_a_report_on_how_a_rule_was_carried_out_relays_nothing(finder: RelayFinder) -> None:
    heard = (
        "某机关召开民主生活会\n会上，先听取关于2024年某机关贯彻执行某项规定情况的报告和"
        "关于2024年减轻基层负担工作情况的报告。\n"
    )
    speech = "某巡视反馈会议\n会议传达学习了某书记听取巡视情况汇报时的重要讲话精神，通报了有关问题。\n"
    assert titles(finder, heard) == []
    assert titles(finder, speech) == ["某书记听取巡视情况汇报时的重要讲话精神"]


def test_a_virtue_named_as_a_spirit_is_no_relay(finder: RelayFinder) -> None:
    text = (
        "某机关会议纪要\n开展好这次活动，要贯彻整风精神，坚持从严务实。\n"
        "要全面贯彻党的二十大精神，弘扬伟大建党精神，坚持稳中求进。\n"
    )
    assert titles(finder, text) == ["党的二十大精神"]


def test_jingshen_opening_a_word_ends_no_name(finder: RelayFinder) -> None:
    statute = "某法\n第九条根据本章规定对精神病人强制医疗的，由法院决定。\n"
    listed = "某意见\n要贯彻落实某书记关于网络强国的重要思想和关于精神文明建设的重要论述，弘扬新风。\n"
    assert titles(finder, statute) == []
    assert titles(finder, listed) == ["某书记关于网络强国的重要思想", "关于精神文明建设的重要论述"]


def test_a_clause_after_a_bare_comma_is_no_further_name(finder: RelayFinder) -> None:
    text = (
        "某机关会议纪要\n要学习宣传贯彻党的二十大精神，自觉用党的二十大精神武装头脑，"
        "把思想和行动统一到全会精神上来。\n"
        "这是贯彻落实党的二十大精神、促进某业发展的重大举措。\n"
    )
    assert titles(finder, text) == ["党的二十大精神"]


def test_a_relay_verb_inside_an_item_after_a_bare_comma_starts_the_name(finder: RelayFinder) -> None:
    text = (
        "某市政府工作报告\n过去一年，我们全面贯彻党的二十大精神，对标落实习近平总书记对某省工作重要讲话精神，"
        "推动高质量发展。\n要深入贯彻实施某市文明行为促进条例。\n"
    )
    assert titles(finder, text) == [
        "党的二十大精神",
        "习近平总书记对某省工作重要讲话精神",
        "某市文明行为促进条例",
    ]


def test_a_headline_run_into_its_chair_and_a_meeting_before_its_speech(finder: RelayFinder) -> None:
    headline = "某机关召开会议强调贯彻落实好党的二十大重大决策部署中共中央总书记某某主持会议并发表重要讲话\n"
    speech = "某报评论\n学习贯彻某书记在某领导小组第二次会议重要讲话之一\n"
    assert all("主持会议" not in t for t in titles(finder, headline))
    assert all(not t.endswith("会议") for t in titles(finder, speech))


def test_a_document_still_to_be_made_is_the_task_not_a_relay(finder: RelayFinder) -> None:
    text = (
        "某县政府常务会议纪要\n会议传达学习了《某省关于加强河道管理的通知》精神。\n"
        "会议要求，县水利局要在8月底前制定《某县河道巡查办法》，县司法局负责修订《某县河道保洁规定》。\n"
        "会议指出，市水务局去年出台了《某市河长制工作规则》，各乡镇要对照执行。\n"
    )
    assert titles(finder, text) == ["某省关于加强河道管理的通知", "某市河长制工作规则"]


def test_a_title_that_is_no_document_needs_its_verb_in_its_own_clause(finder: RelayFinder) -> None:
    text = (
        "某区政府工作报告\n一年来，我们落实营商环境提升行动，推出《某区惠企服务直通机制》，"
        "组织编演的话剧《山村新事》巡演二十场。\n"
        "要实施生态保护工程，筹办好《某某保护公约》缔约方论坛。\n"
    )
    assert titles(finder, text) == []


def test_a_title_in_its_verbs_clause_or_opening_a_clause_of_its_list_stays(finder: RelayFinder) -> None:
    text = (
        "某局党组学习会纪要\n会上集中学习了某书记在全省大会上的讲话精神,《某某思想读本》,"
        "并认真研读了《基层治理百问》。\n"
    )
    assert titles(finder, text) == ["某书记在全省大会上的讲话精神", "某某思想读本", "基层治理百问"]
