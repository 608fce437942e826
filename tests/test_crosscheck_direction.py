"""Content links between two documents that share text both ways: which one follows.

Shared passages are symmetric, so a plan and the notice that relays it each read as the other's
follower. Dropping both (as the cross-check did) lost exactly the followers that repeat their
directive at length; the direction now comes from dates, kinds and progress (`directive_of`).
The documents are written for these tests.
"""

from __future__ import annotations

from typing import Any

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import directive_of, find_links
from tests.test_xcheck_links import DIRECTIVE, record

# The plan of `test_xcheck_links` without its date: a page that lost its signature block.
PLAN_UNDATED = DIRECTIVE.replace("2024年3月5日\n", "")

# A county notice that relays the city plan: it repeats two tasks word for word and says what has
# been done on them. Its kind is `policy`, like the plan's, and it carries no date.
NOTICE = """青松县人民政府办公室关于做好农村供水保障工作的通知
各乡镇人民政府，县政府各部门：
为落实全市农村供水保障工作部署，现就有关事项通知如下。
一、以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸，目前已完成主管网铺设二十公里。
二、对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备，已完成改造四十处。
三、各乡镇要落实管护经费和水价收费制度，确保工程长效运行。
青松县人民政府办公室
"""

# Another county's plan that shares the same two tasks (both copy a provincial template) and
# reports nothing: nothing says which of the two follows the other.
SIBLING = """青柳县人民政府办公室关于农村供水保障工程建设的实施方案
各乡镇人民政府，县政府各部门：
一、以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸，力争年内覆盖全县集镇。
二、对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备，逐步实现规范化管理。
三、强化组织领导，各乡镇要明确专人负责。
青柳县人民政府办公室
"""

# The plan's issuer reporting on its own plan: the tasks restated with progress.
OWN_REPORT = """青山市人民政府办公室关于农村供水保障工程建设推进情况的报告
市人民政府：
现将农村供水保障工程建设推进情况报告如下。
一、以县为单位推进城乡供水一体化，优先将水源条件好的集镇管网向周边村庄延伸，已新增规模化供水覆盖人口五万人。
二、对单村供水工程逐一建档立卡，配齐净化消毒设施和计量设备，实现水质检测季度全覆盖的工作正在推进。
三、推行县级统管、专业化运维，落实管护经费和水价收费制度的进度滞后。
青山市人民政府办公室
2024年7月10日
"""


def stored(name: str, **doc: Any) -> StoredDocument:
    return StoredDocument.from_json({"doc_id": name, "source": name, "doc": doc, "text": ""})


def pairs(records: list[StoredDocument]) -> set[tuple[str | None, str | None]]:
    return {(link.directive.doc_id, link.follower.doc_id) for link in find_links(records) if link.resolved}


def test_the_earlier_document_directs_whatever_the_kinds() -> None:
    early = stored("a", kind="report", date="2024-03-05")
    late = stored("b", kind="policy", date="2024-07-08")
    assert directive_of(early, late) is early
    assert directive_of(late, early) is early


def test_on_the_same_day_or_without_dates_the_kind_decides() -> None:
    plan = stored("a", kind="policy", date="2024-03-05")
    for other in (stored("b", kind="minutes", date="2024-03-05"), stored("c", kind="report")):
        assert directive_of(plan, other) is plan
        assert directive_of(other, plan) is plan
    news = stored("d", kind="other")
    assert directive_of(news, stored("e", kind="minutes")) is news
    assert directive_of(news, plan) is plan


def test_two_plans_of_one_kind_without_progress_stay_undecided() -> None:
    a, b = stored("a", kind="policy"), stored("b", kind="policy", date="2024-03-05")
    assert directive_of(a, b, [(0, 10)], [(0, 10)]) is None


def test_a_notice_relaying_an_undated_plan_follows_it_by_the_progress_it_restates() -> None:
    plan, notice = record(PLAN_UNDATED, "plan"), record(NOTICE, "notice")
    assert (plan.doc.kind, notice.doc.kind) == ("policy", "policy")
    assert not plan.doc.date and not notice.doc.date
    # Both directions share the same passages: only the notice's progress tells them apart.
    assert pairs([plan, notice]) == {("plan", "notice")}


def test_a_dated_plan_directs_an_undated_notice_that_shares_its_text() -> None:
    plan, notice = record(DIRECTIVE, "plan"), record(NOTICE, "notice")
    assert plan.doc.date == "2024-03-05" and not notice.doc.date
    assert pairs([plan, notice]) == {("plan", "notice")}


def test_two_plans_copying_one_template_are_not_linked_either_way() -> None:
    assert pairs([record(PLAN_UNDATED, "plan"), record(SIBLING, "sibling")]) == set()


def test_a_body_reporting_on_its_own_plan_is_linked_despite_the_shared_issuer() -> None:
    plan, report = record(DIRECTIVE, "plan"), record(OWN_REPORT, "report")
    assert plan.doc.issuer == report.doc.issuer and report.doc.kind == "report"
    (link,) = [link for link in find_links([plan, report]) if link.resolved]
    assert (link.directive.doc_id, link.follower.doc_id, link.via) == ("plan", "report", "content")
