"""What a notice says was done about its cases (`progress.sanction_clause`, `progress.sanction_case`):
a clause whose predicate is a sanction is `done`; the misconduct a sentence tells before it is the
case, `lagging`. Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

TITLE = "省纪委通报五起违反中央八项规定精神典型问题"
# The notice's own news first: a statement in a text's first 100 characters is the news, not a
# task's status (`progress.opening_cue`), so the cases below stand past it.
OPENING = (
    "元旦将至，为进一步严明纪律、以案示警，日前，省纪委监委对近期查处的5起违反中央八项规定精神典型问题"
    "进行公开通报，要求各级党组织和广大党员干部引以为戒。\n"
)
CLOSING = "省纪委监委强调，各级党组织要切实扛起主体责任，坚决防止“四风”反弹回潮。\n"


def test_cases_told_in_one_sentence_then_their_sanction(progress_rules: ProgressFinder) -> None:
    body = (
        OPENING
        + "甲市交通运输局原局长张某，乙县人民医院原院长李某，丙区住建局副局长王某等人违规收受礼品礼金、"
        "违规公款吃喝等，受到严肃处理。\n" + CLOSING
    )
    found = progress_pairs(progress_rules, TITLE, body, "report")
    assert found == [
        (
            "lagging",
            "甲市交通运输局原局长张某，乙县人民医院原院长李某，丙区住建局副局长王某等人违规收受礼品礼金、违规公款吃喝等",
        ),
        ("done", "受到严肃处理"),
    ]


def test_a_case_told_by_its_sanction_is_done_with_all_its_names(progress_rules: ProgressFinder) -> None:
    body = (
        OPENING + "丁县自然资源局局长赵某，县农业农村局副局长钱某等人因耕地保护监管不力被问责。"
        "戊市医保局原局长孙某因基金监管工作不到位被问责。\n" + CLOSING
    )
    found = progress_pairs(progress_rules, TITLE, body, "other")
    assert found == [
        ("done", "丁县自然资源局局长赵某，县农业农村局副局长钱某等人因耕地保护监管不力被问责"),
        ("done", "戊市医保局原局长孙某因基金监管工作不到位被问责"),
    ]


def test_a_turn_back_to_the_cases_states_only_the_sanction(progress_rules: ProgressFinder) -> None:
    body = (
        OPENING
        + "这些党员干部对纪律规矩毫无敬畏，明知故犯、顶风违纪，受到严肃处理，教训十分深刻。\n"
        + CLOSING
    )
    found = progress_pairs(progress_rules, TITLE, body, "other")
    assert found == [("done", "受到严肃处理")]


def test_a_sanction_a_rule_sets_states_nothing(progress_rules: ProgressFinder) -> None:
    body = (
        OPENING + "对顶风违纪的党员干部，一律受到严肃处理。凡是落实整改不力的，被问责。"
        "今后再发生类似问题的，必须受到党纪处分。\n" + CLOSING
    )
    found = progress_pairs(progress_rules, TITLE, body, "report")
    assert not [t for _, t in found if "处理" in t or "问责" in t or "处分" in t]


def test_a_regulations_sanction_is_a_condition(progress_rules: ProgressFinder) -> None:
    body = (
        "第十二条工作人员在考核年度内有下列情形之一的，不得评为优秀等次：\n"
        "（一）因违反工作纪律受到处分；\n"
        "（二）所在单位发生重大责任事故，本人被问责。\n"
        "第十三条本办法自发布之日起施行。\n"
    )
    found = progress_pairs(progress_rules, "某市机关工作人员考核办法", body, "policy")
    assert found == []
