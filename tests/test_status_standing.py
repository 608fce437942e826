"""A statute's articles are never overdue nor done, and its standing bounds have no due date;
a notice's bounds fall due.

The regulation and the notice are written for these tests.
"""

from __future__ import annotations

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck_dates import is_statute, standing_bound
from duban.pipeline.status import MeasureStatus, check
from tests.conftest import record

REGULATION = """青山县河道采砂管理办法
（2001年3月5日青山县第十四届人民代表大会常务委员会第二十次会议通过）
第一条为了加强河道采砂管理，维护河势稳定，根据有关法律法规，制定本办法。
第二条本县行政区域内河道采砂及其管理活动，适用本办法。
第三条县水利局负责本行政区域内河道采砂的统一管理和监督检查工作。
第四条县水利局应当于十月底前编制下一年度河道采砂计划，报县人民政府批准后公布。
第五条采砂单位应当在开工五日前将采砂作业方案报县水利局备案。
第六条采砂单位应当于次年三月三十一日前向县水利局报送上一年度采砂量和河道修复情况。
第七条每年六月一日至九月三十日为禁采期，禁采期内任何单位和个人不得在河道内采砂。
第八条本办法施行前已经取得采砂许可的单位，应当在2001年12月31日前向县水利局重新申请登记。
第九条违反本办法规定的，由县水利局依照有关法律法规予以处罚。
第十条本办法自2001年5月1日起施行。
"""

NOTICE = """青山县人民政府办公室关于开展城乡垃圾分类示范创建的通知
各乡镇人民政府，县直各单位：
为推进城乡垃圾分类，现就开展示范创建工作通知如下。
一、确定示范村名单。各乡镇要于十月底前推荐垃圾分类示范村，报县城市管理局汇总。（牵头单位：县城市管理局）
二、完成示范创建验收。县城市管理局要会同各乡镇于次年3月底前完成示范村验收。
青山县人民政府办公室
2001年4月10日
"""


@pytest.fixture(scope="module")
def statuses() -> dict[str, list[MeasureStatus]]:
    records: list[StoredDocument] = [record(REGULATION, "regulation"), record(NOTICE, "notice")]
    found = check(records, "2026-12-05")
    return {c.directive.doc_id or "": c.measures for c in found.directives}


def _measure(measures: list[MeasureStatus], words: str) -> MeasureStatus:
    (found,) = [m for m in measures if words in m.text]
    return found


def test_a_regulation_is_a_statute_and_a_notice_is_not() -> None:
    assert is_statute(REGULATION)
    assert not is_statute(NOTICE)
    assert standing_bound(REGULATION, "次年三月三十一日前")
    assert not standing_bound(REGULATION, "2001年12月31日前")
    assert not standing_bound(NOTICE, "次年三月三十一日前")


@pytest.mark.parametrize(
    ("words", "deadline"),
    [("编制下一年度河道采砂计划", "十月底前"), ("报送上一年度采砂量", "次年三月三十一日前")],
)
def test_a_statutes_standing_bound_is_shown_and_never_overdue(
    statuses: dict[str, list[MeasureStatus]], words: str, deadline: str
) -> None:
    measure = _measure(statuses["regulation"], words)
    assert measure.deadline is not None and deadline in measure.deadline
    assert measure.due is None
    assert measure.status == "not_relayed"
    assert "法规条文的规定" in measure.why and "不计逾期" in measure.why


def test_a_statutes_transitional_bound_keeps_its_date_and_is_never_overdue(
    statuses: dict[str, list[MeasureStatus]],
) -> None:
    measure = _measure(statuses["regulation"], "重新申请登记")
    assert measure.due == "2001-12-31"
    assert measure.status == "not_relayed"
    assert "不计逾期" in measure.why


def test_the_same_bounds_in_a_notice_fall_due(statuses: dict[str, list[MeasureStatus]]) -> None:
    first = _measure(statuses["notice"], "确定示范村名单")
    second = _measure(statuses["notice"], "完成示范创建验收")
    assert (first.due, second.due) == ("2001-10-31", "2002-03-31")
    assert first.status == second.status == "overdue"
    assert "不计逾期" not in first.why + second.why


REPORT = """青山县水利局关于河道采砂管理工作情况的报告
县人民政府：
根据《青山县河道采砂管理办法》要求，现将我局河道采砂管理工作情况报告如下。
一、我局已编制完成下一年度河道采砂计划，报县人民政府批准后已向社会公布。
二、采砂单位报送上一年度采砂量和河道修复情况的工作正在推进。
青山县水利局
2002年1月8日
"""


def test_a_statutes_article_is_relayed_not_done() -> None:
    """A follower that says it has done what an article requires relays the article: a standing
    rule is never done, nor in progress."""
    records = [record(REGULATION, "regulation"), record(REPORT, "report")]
    (found,) = [c for c in check(records, "2026-12-05").directives if c.directive.doc_id == "regulation"]
    assert found.links, "the report quotes the regulation's title"
    plan = _measure(found.measures, "编制下一年度河道采砂计划")
    assert plan.evidence and plan.status == "relayed"
    assert {e.status for e in plan.evidence} == {"relayed"}
    statuses = {m.status for m in found.measures}
    assert not statuses & {"done", "in_progress", "lagging", "planned"}
