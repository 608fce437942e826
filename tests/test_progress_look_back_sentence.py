"""A read-out's look-back told in one sentence of a paragraph that sets requirements (issue 9).

`…事关群众切身利益。近年来，各地清理涉企收费，收费项目减少三成。要…`: the paragraph sets a
requirement, so it is no review, and outside a review only explicit cues state progress; the
sentence's past forms (`取消了…`, `…得到纠正`) were lost. A sentence opened by a recent period or
an effort (`近年来，`, `今年以来，`, `2016年以来，`, `经过不懈努力，`) now reads as a review on its own,
in minutes only; not an era (`党的十八大以来，`), a leader's words (`某某说，…`), nor praise of a
role played (`…发挥了重要作用。`). Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

TITLE = "某市政府常务会议"


def read(finder: ProgressFinder, body: str, kind: str = "minutes") -> list[tuple[str, str]]:
    return progress_pairs(finder, TITLE, body + "\n", kind)


def test_a_recent_period_looked_back_on_states_work_done(progress_rules: ProgressFinder) -> None:
    body = (
        "会议指出，减轻企业负担事关市场主体活力。近年来，各区清理了一批不合理收费，"
        "涉企收费项目减少了三成。要继续巩固成果，防止乱收费反弹。"
    )
    found = read(progress_rules, body)
    assert [status for status, _ in found] == ["done"]
    assert found[0][1].startswith("近年来，各区清理了一批不合理收费")
    assert "要继续巩固" not in found[0][1]


def test_an_effort_and_a_dated_period_open_a_look_back(progress_rules: ProgressFinder) -> None:
    effort = "会议指出，作风建设永远在路上。经过不懈努力，刹住了一批积弊，群众满意度明显提高。各部门要坚持不懈抓下去。"
    assert [status for status, _ in read(progress_rules, effort)] == ["done"]
    dated = "会议指出，简政放权要持续推进。2016年以来，市政府分四批取消了一批审批事项。要抓紧清理剩余事项。"
    assert read(progress_rules, dated) == [("done", "2016年以来，市政府分四批取消了一批审批事项")]


def test_an_era_a_leader_and_a_role_played_state_nothing(progress_rules: ProgressFinder) -> None:
    era = "会议指出，党的十八大以来，我们开创了城市建设新局面。要再接再厉。"
    assert read(progress_rules, era) == []
    leader = "某某说，公共服务关乎民生。这些年，各区建成了一批社区食堂。要让群众吃得放心。"
    assert read(progress_rules, leader) == []
    role = "会议指出，监督是重要保障。近年来，监督机关严肃查处违规问题，在推进治理方面发挥了重要作用。要依法履职。"
    assert read(progress_rules, role) == []


def test_only_a_read_out_reads_a_look_back_sentence(progress_rules: ProgressFinder) -> None:
    # A policy's background (`近年来，我市…`) before its requirements is no progress.
    body = "近年来，我市建成了一批社区食堂，方便了老年人就餐。各区要加快补齐短板，确保年底前全覆盖。"
    assert read(progress_rules, body, "policy") == []
    assert [status for status, _ in read(progress_rules, body)] == ["done"]
