"""False relays found on unseen real text (session 21), each class with a text written for the test:
a statute's history line, certificates and letters issued to someone, the title of a talk, names
glued to the work done from them, and rules cited only in general."""

from __future__ import annotations

import pytest

from duban.extractors.relays import RelayFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> RelayFinder:
    return RelayFinder.default()


def titles(finder: RelayFinder, text: str) -> list[str]:
    return [r.title or "" for r in finder.find(make_doc(text))]


def test_a_dated_session_in_a_statutes_history_is_no_relay(finder: RelayFinder) -> None:
    text = (
        "某市河道管理条例\n2001年3月1日某市第十一届人民代表大会常务委员会第五次会议通过 根据2012年6月8日"
        "某市第十三届人民代表大会常务委员会第九次会议《关于修改部分地方性法规的决定》修正\n"
        "第一条 为了加强河道管理，根据《中华人民共和国水法》，制定本条例。\n"
    )
    found = titles(finder, text)
    assert "中华人民共和国水法" in found
    assert not any(t.startswith("2012年6月8日") for t in found)


def test_a_named_session_without_its_history_is_still_a_relay(finder: RelayFinder) -> None:
    text = "实施方案\n根据市十五届人大四次会议确定的目标，制定本方案。\n"
    assert titles(finder, text) == ["市十五届人大四次会议"]


def test_certificates_and_letters_issued_are_no_relays(finder: RelayFinder) -> None:
    text = (
        "某省林木种子管理办法\n第九条 符合条件的，依照本办法颁发《林木种子生产许可证》。\n"
        "第十条 违反规定的，按照规定发出《责令限期改正通知书》，并依照《某省林业条例》处理。\n"
    )
    assert titles(finder, text) == ["某省林业条例"]


def test_a_task_table_stays_a_relay(finder: RelayFinder) -> None:
    text = "工作汇报\n按照《某县2023年十件实事任务分解表》要求，各单位抓好落实。\n"
    assert titles(finder, text) == ["某县2023年十件实事任务分解表"]


def test_the_title_of_a_talk_is_no_relay(finder: RelayFinder) -> None:
    text = (
        "专题学习会\n会议传达学习了省委十二届五次全会精神。会后，某大学教授作了题为《关于基层治理的几个问题》的"
        "讲座。\n"
    )
    assert titles(finder, text) == ["省委十二届五次全会精神"]


def test_a_plan_drawn_up_from_a_plan_is_cut_before_the_verb(finder: RelayFinder) -> None:
    text = (
        "某市供热条例\n第六条 市供热主管部门应当依据某市国土空间总体规划组织编制供热专项规划，"
        "报市人民政府批准。\n"
    )
    assert titles(finder, text) == ["某市国土空间总体规划"]


def test_the_work_done_after_a_comma_is_no_further_name(finder: RelayFinder) -> None:
    text = (
        "某市节能条例\n第十一条 市人民政府应当根据某省节能中长期专项规划，组织编制本市节能专项规划，"
        "并组织实施。\n"
    )
    assert titles(finder, text) == ["某省节能中长期专项规划"]


def test_a_clause_glued_after_a_verb_is_no_name(finder: RelayFinder) -> None:
    text = "某会议\n会议讨论了文件稿，决定根据这次会议讨论的意见进行修改后将文件稿提请某届四中全会审议。\n"
    assert titles(finder, text) == []


def test_rules_cited_in_general_are_no_relays(finder: RelayFinder) -> None:
    text = (
        "工作报告\n坚决落实中央八项规定精神及省市有关规定，持续整治形式主义。\n"
        "建设单位应当按照国家和省有关规定报送有关材料。\n"
    )
    assert titles(finder, text) == ["中央八项规定"]


def test_a_headline_run_on_past_the_spirit_is_cut_there(finder: RelayFinder) -> None:
    text = "某党组召开会议 传达学习党的十九届七中全会精神王某主持会议\n会议认为，要抓好落实。\n"
    assert titles(finder, text) == ["党的十九届七中全会精神"]


def test_what_the_issuer_drafted_and_issues_now_is_no_relay(finder: RelayFinder) -> None:
    text = (
        "通知\n根据《某省人民政府关于加强数据管理的意见》，我局制定了《某市数据专区管理办法》，现印发给你们，"
        "请认真贯彻落实。\n"
    )
    assert titles(finder, text) == ["某省人民政府关于加强数据管理的意见"]


def test_adverbs_before_a_listed_name_are_not_part_of_it(finder: RelayFinder) -> None:
    text = "某市年度工作报告\n全面贯彻党的二十大精神，深入学习领悟总书记考察某省重要讲话精神，坚决落实中央经济工作会议部署。\n"
    assert titles(finder, text) == ["党的二十大精神", "总书记考察某省重要讲话精神", "中央经济工作会议"]


def test_a_named_body_of_thought_listed_first_is_dropped_not_glued(finder: RelayFinder) -> None:
    text = "会议纪要\n会议深入学习贯彻习近平法治思想和全省政法工作会议精神。\n"
    assert titles(finder, text) == ["全省政法工作会议精神"]
