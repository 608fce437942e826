"""Statuses staff can trust: per-clause statuses, plans, recurring deadlines, overdue, why.

The directive and reports are written for these tests.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from duban.base.model import Deadline
from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import match_measures, progress_of
from duban.pipeline.status import check, next_due, resolve_due, why, with_deadline
from tests.test_xcheck_links import record

DIRECTIVE = """青山县人民政府办公室关于印发2025年农村人居环境整治任务分工的通知
青政办发〔2025〕4号
各乡镇人民政府，县直各单位：
现将任务分工印发给你们，请认真抓好落实。
一、推进农村户厕改造。全年完成农村户厕改造八百户。（牵头单位：县农业农村局；完成时限：2025年10月底前）
二、建设村级污水处理站。新建村级污水处理站十座。（牵头单位：县生态环境分局；完成时限：2025年9月30日前）
三、开展村庄清洁行动。每月25日前报送上月村庄清洁行动开展情况。（牵头单位：县农业农村局）
四、完善垃圾转运设施。年底前完成乡镇垃圾转运站提标改造。（牵头单位：县住房城乡建设局）
青山县人民政府办公室
2025年3月2日
"""

REPORT = """青山县农业农村局关于农村人居环境整治工作进展情况的报告
县人民政府：
根据《青山县人民政府办公室关于印发2025年农村人居环境整治任务分工的通知》（青政办发〔2025〕4号）要求，现将有关情况报告如下。
一、农村户厕改造已全部完成，村级污水处理站建设正在推进。
二、预计11月底前完成乡镇垃圾转运站提标改造。
青山县农业农村局
2025年8月20日
"""


@pytest.fixture(scope="module")
def records() -> list[StoredDocument]:
    return [record(DIRECTIVE, "directive"), record(REPORT, "report")]


def _statuses(records: list[StoredDocument], as_of: str) -> list[str]:
    (found,) = [c for c in check(records, as_of).directives if c.directive.doc_id == "directive"]
    return [m.status for m in found.measures if m.ordinal < 5]


def test_a_sentence_with_mixed_statuses_is_read_clause_by_clause(records: list[StoredDocument]) -> None:
    matches = {m.ordinal: m for m in match_measures(records[0], records[1])}
    by_text = {m.text[:6]: m for m in matches.values()}
    assert by_text["一、推进农村"].progress == "done"
    assert by_text["二、建设村级"].progress == "in_progress"


def test_a_plan_stays_planned_until_its_deadline_passes(records: list[StoredDocument]) -> None:
    matches = [m for m in match_measures(records[0], records[1]) if m.text.startswith("四、")]
    assert matches and matches[0].progress == "planned"
    (found,) = [c for c in check(records, "2025-09-01").directives if c.directive.doc_id == "directive"]
    (measure,) = [m for m in found.measures if m.text.startswith("四、")]
    assert measure.status == "planned"
    assert "已作计划" in measure.why and "report" in measure.why
    # The year end comes from the directive's own date, and a plan is not progress.
    assert measure.due == "2025-12-31"
    (later,) = [c for c in check(records, "2026-01-05").directives if c.directive.doc_id == "directive"]
    (overdue,) = [m for m in later.measures if m.text.startswith("四、")]
    assert overdue.status == "overdue" and "无跟进文件报告进展" in overdue.why


def test_overdue_only_when_no_follower_reports_progress(records: list[StoredDocument]) -> None:
    (found,) = [c for c in check(records, "2025-12-01").directives if c.directive.doc_id == "directive"]
    by_text = {m.text[:6]: m for m in found.measures}
    # Past its September deadline, but the report says the work goes on: in progress, and why says so.
    assert by_text["二、建设村级"].status == "in_progress"
    assert "2025-09-30已过" in by_text["二、建设村级"].why
    assert by_text["一、推进农村"].status == "done"
    for measure in found.measures:
        assert measure.why
        for evidence in measure.evidence:
            assert evidence.text and evidence.source == "report"


def test_recurring_deadlines_give_their_next_due_date(records: list[StoredDocument]) -> None:
    monthly = {"text": "每月25日前", "kind": "recurring", "period": "P1M"}
    assert next_due(monthly, "2025-07-20") == "2025-07-25"
    assert next_due(monthly, "2025-07-26") == "2025-08-25"
    assert next_due(monthly, "2025-12-26") == "2026-01-25"
    assert next_due({"text": "每季度", "kind": "recurring", "period": "P3M"}, "2025-05-10") == "2025-06-30"
    assert next_due({"text": "每半年", "kind": "recurring", "period": "P6M"}, "2025-07-01") == "2025-12-31"
    assert (
        next_due({"text": "每年3月底前", "kind": "recurring", "period": "P1Y"}, "2025-04-02") == "2026-03-31"
    )
    (found,) = [c for c in check(records, "2025-08-30").directives if c.directive.doc_id == "directive"]
    (clean,) = [m for m in found.measures if m.text.startswith("三、")]
    assert clean.due == "2025-09-25" and clean.status != "overdue"


def test_year_end_resolves_from_the_directive_not_the_page() -> None:
    assert resolve_due(Deadline("年底前", "relative"), "2024-03-02", "2026-01-01") == "2024-12-31"
    assert (
        resolve_due(Deadline("年底前", "relative", due="2025-12-31"), "2024-03-02", "2026-01-01")
        == "2025-12-31"
    )


def test_deadline_rule_keeps_reported_progress() -> None:
    assert with_deadline("lagging", "2025-06-30", "2025-07-01") == "lagging"
    assert with_deadline("in_progress", "2025-06-30", "2025-07-01") == "in_progress"
    assert with_deadline("planned", "2025-06-30", "2025-07-01") == "overdue"
    assert with_deadline("relayed", "2025-06-30", "2025-07-01") == "overdue"
    assert "也未见传达" in why("overdue", [], "2025-06-30", "2025-07-01")


def read_as(follower: StoredDocument, kind: str) -> StoredDocument:
    """The follower as the index holds it when read as `kind`, without progress of its own: what
    the cross-check reads from it is then its own doing."""
    return replace(follower, doc=replace(follower.doc, kind=kind), progress=())


def test_a_follower_read_as_other_still_yields_progress(records: list[StoredDocument]) -> None:
    other = read_as(records[1], "other")
    statuses = {p.status for p in progress_of(other)}
    assert {"done", "in_progress"} <= statuses
    matches = {m.text[:6]: m for m in match_measures(records[0], other)}
    assert matches["一、推进农村"].progress == "done"


def test_a_policy_follower_restating_the_tasks_reports_no_progress(records: list[StoredDocument]) -> None:
    # a township's plan under the county notice: its items say what it will do, not what is done
    plan = record(
        "城关镇关于落实2025年农村人居环境整治任务的实施方案\n"
        "根据《青山县人民政府办公室关于印发2025年农村人居环境整治任务分工的通知》要求，制定本方案。\n"
        "一是完成农村户厕改造一百户；二是建成村级污水处理站两座；三是构建村庄保洁长效机制。\n",
        "plan",
    )
    plan = read_as(plan, "policy")
    assert progress_of(plan) == []
    assert all(m.progress is None for m in match_measures(records[0], plan))


def test_news_of_the_directives_release_reports_no_progress(records: list[StoredDocument]) -> None:
    news = record(
        "青山县人民政府办公室印发《2025年农村人居环境整治任务分工》\n"
        "近日，县政府办公室印发《2025年农村人居环境整治任务分工》，明确了推进农村户厕改造、"
        "建设村级污水处理站等四项任务，提出全年完成户厕改造八百户。\n",
        "news",
    )
    news = read_as(news, "other")
    assert progress_of(news) == []
