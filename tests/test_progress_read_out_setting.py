"""Meeting read-outs: what their progress cues often say instead of progress (issue 9).

A judged sample of real minutes found about half the statements wrong, in classes that recur
across read-outs: the session's own business (`本次会议…顺利完成预定任务`), events ahead (`两会即将
召开`), a period of the times (`正处于…关键时期`, `已进入主汛期`), `已…的` naming a kind of thing
(`落实已出台的政策`), goals, wishes and commentary (`努力完成…`, `希望国务院…`, `…具有重大意义`),
a count still high read as under way (`仍处于高位`), and a problem solved read as a shortfall
(`解决了…存在的…不规范的问题`). Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

TITLE = "某市政府常务会议"


def read(finder: ProgressFinder, body: str) -> list[tuple[str, str]]:
    return progress_pairs(finder, TITLE, body + "\n", "minutes")


def test_events_ahead_are_not_planned_work(progress_rules: ProgressFinder) -> None:
    assert read(progress_rules, "会议指出，市人代会即将召开，今年是换届之年。") == []
    assert read(progress_rules, "会议指出，我们即将迎来建市七十周年。") == []
    # Work about to start still is.
    assert read(progress_rules, "会议指出，第二轮专项整治即将开展。") == [
        ("planned", "第二轮专项整治即将开展")
    ]


def test_a_period_of_the_times_is_the_setting(progress_rules: ProgressFinder) -> None:
    assert read(progress_rules, "会议指出，当前我市正处于产业转型的关键时期，做好招商工作尤为紧迫。") == []
    assert read(progress_rules, "会议指出，当前已进入主汛期，各地要严阵以待。") == []
    assert read(progress_rules, "会议指出，县域经济已经成为全市发展的重要支撑。") == []
    found = read(progress_rules, "会议指出，第一轮督查处于整改阶段，各项工作有序推进。")
    assert found and found[0][0] == "in_progress"


def test_a_count_still_high_is_a_shortfall(progress_rules: ProgressFinder) -> None:
    found = read(progress_rules, "会议指出，道路交通事故起数仍处于高位，安全形势依然严峻。")
    assert [status for status, _ in found] == ["lagging"]


def test_already_before_a_noun_names_a_thing(progress_rules: ProgressFinder) -> None:
    assert read(progress_rules, "会议要求，落实已出台的稳岗政策，用好已下达的专项资金。") == []
    assert read(progress_rules, "会议指出，部分条款与已修改后的上位法不一致。") == []
    # A cue of the piece's own still states.
    assert read(progress_rules, "会议指出，已出台的惠企政策已全部兑现。") == [
        ("done", "已出台的惠企政策已全部兑现")
    ]


def test_goals_wishes_and_commentary_state_nothing(progress_rules: ProgressFinder) -> None:
    assert read(progress_rules, "会议要求，狠抓开源节流，努力完成全年财政预算。") == []
    assert read(progress_rules, "会议认为，调整助学政策有利于更多学生顺利完成学业。") == []
    assert read(progress_rules, "主任希望市政府进一步研究提出预算公开的范围和口径。") == []
    assert read(progress_rules, "会议指出，做好下半年工作，对全面完成全年目标具有重大意义。") == []


def test_the_sessions_own_business_is_no_progress(progress_rules: ProgressFinder) -> None:
    body = (
        "主任说，本次会议共审议5件地方性法规草案，通过其中3件，顺利完成各项预定任务。\n"
        "与会人员就修改完善工作报告稿提出了具体建议。\n"
        "会议经表决，通过了关于修改某条例的决定。\n"
    )
    assert read(progress_rules, body) == []


def test_a_problem_solved_is_done(progress_rules: ProgressFinder) -> None:
    body = (
        "主任说，经过集中清理，基本解决了现行规章中存在的与上位法不一致、形式不规范的问题，清理工作成效明显。"
    )
    found = read(progress_rules, body)
    assert [status for status, _ in found] == ["done"]
    assert "不规范的问题" in found[0][1]


def test_what_a_heard_report_says_still_needs_doing_is_lagging(progress_rules: ProgressFinder) -> None:
    body = "会议听取了市科技局关于成果转化工作的汇报。成果转化工作取得积极成效，但激励机制需要进一步完善。\n"
    found = read(progress_rules, body)
    assert any(status == "lagging" and text.endswith("激励机制需要进一步完善") for status, text in found)
