"""Meeting read-outs: the setting, a heard report's contents and the session's business (issue 9).

A judged sample of real minutes found these read as progress: the nation or the world as it is
(`我国是…大国，正在…`, `当今世界正经历…`, `新一轮…正在孕育兴起`), a heard report's table of contents
(`报告介绍了…成效，指出了存在的问题`), members' questions and words on a draft (`某委员就如何…等问题`,
`草案贯彻落实…`), `审议了…任免案`, and `正在…的` naming a thing. Work said to have reached a stage
(`筹办工作已经进入关键时期`) is under way. Texts written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.test_progress_read_out_setting import read


def test_the_nation_and_the_times_are_the_setting(progress_rules: ProgressFinder) -> None:
    assert read(progress_rules, "会议指出，我国是一个人口大国，正在加快推进产业结构调整。") == []
    assert read(progress_rules, "会议指出，当今世界正经历深刻变局，各方面风险明显增多。") == []
    assert read(progress_rules, "会议认为，新一代信息技术正在孕育突破，数字经济正在成为重要引擎。") == []
    # Work under way still is.
    found = read(progress_rules, "会议指出，全省整改工作正在有序推进。")
    assert [status for status, _ in found] == ["in_progress"]


def test_a_heard_reports_contents_are_the_sessions_business(progress_rules: ProgressFinder) -> None:
    body = (
        "会议听取了省农业农村厅关于种业振兴工作情况的报告。报告介绍了种业振兴取得的成效，"
        "指出了存在的主要问题并分析了原因。\n"
        "会议听取了省审计厅关于审计整改情况的报告。报告介绍了整改工作的部署，指出截至10月底，"
        "已整改到位问题216个。\n"
    )
    found = read(progress_rules, body)
    assert [status for status, _ in found] == ["done"]
    assert "216个" in found[0][1]


def test_questions_and_drafts_are_the_sessions_business(progress_rules: ProgressFinder) -> None:
    body = (
        "会议进行专题询问。张委员就如何加强对部分未按时开工项目的督促等问题；"
        "李委员就如何提高资金使用效益等问题；王委员就如何落实整改责任等问题分别提问。\n"
        "在审议某条例草案时，与会人员认为，草案贯彻落实省委部署，取得明显成效的经验做法得到体现。\n"
        "会议还审议了有关人事任免案。\n"
    )
    assert read(progress_rules, body) == []


def test_under_way_before_a_noun_names_a_thing(progress_rules: ProgressFinder) -> None:
    assert read(progress_rules, "会议认为，全省正在推进的各项改革，是做好今年工作的重要基础。") == []
    found = read(progress_rules, "会议指出，目前有关部门正在开展该项目的前期工作。")
    assert [status for status, _ in found] == ["in_progress"]


def test_work_at_a_stage_is_under_way(progress_rules: ProgressFinder) -> None:
    found = read(progress_rules, "某某表示，运动会筹办工作已经进入冲刺阶段，要压实各方责任。")
    assert [status for status, _ in found] == ["in_progress"]
