"""Where content linking loses a pair (`benchmarks/eval_crosscheck.py`, `lost_at`).

The masked and held-out evaluations print, for each pair content linking misses, the first stage it
does not pass, so that thresholds are not moved for pairs no threshold can win. The stage must
agree with what the cross-check itself does. Every document here is written for these tests.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import find_links
from tests.conftest import record

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "eval_crosscheck.py"

PLAN = """澄江市人民政府办公室关于印发澄江市生活垃圾分类三年推进方案的通知
澄政办发〔2022〕9号
各区人民政府，市政府各部门：
《澄江市生活垃圾分类三年推进方案》已经市政府同意，现印发给你们，请认真组织实施。
澄江市人民政府办公室
2022年4月11日
一、重点任务
（一）建设厨余垃圾处理厂。2023年底前建成西郊厨余垃圾处理厂，日处理能力达到450吨。（责任单位：市城市管理局）
（二）配置分类投放亭。2023年6月底前在城区小区配置四分类投放亭1300座，实现定时定点投放。（责任单位：市城市管理局、各区人民政府）
（三）推行再生资源回收积分。2024年底前在全部街道推行再生资源回收积分兑换，回收利用率达到38%。（责任单位：市商务局）
（四）开展分类督导。每月组织志愿者对投放亭开展桶边督导，通报混投小区名单。（责任单位：市文明办）
"""

ROADS = """青崖县人民政府关于印发青崖县农村公路养护提升方案的通知
青政发〔2022〕3号
各乡镇人民政府：
一、主要任务
（一）2022年底前完成县乡道路养护80公里。（责任单位：县交通运输局）
（二）2023年底前实现农村公路养护全覆盖。（责任单位：县交通运输局）
青崖县人民政府
2022年2月15日
"""

REPORT = """东湖区城市管理局关于2023年生活垃圾分类工作进展情况的报告
区政府：
{body}
东湖区城市管理局
{day}
"""

TASKS = (
    "建成西郊厨余垃圾处理厂的任务已完成，10月试运行，日处理能力达到450吨。在城区小区配置四分类投放亭"
    "已完成1120座，其余180座年内完成。再生资源回收积分兑换已在6个街道推行，回收利用率为31%。"
    "每月组织志愿者对投放亭开展桶边督导，已通报混投小区12个。"
)
ONE_TASK = "建成西郊厨余垃圾处理厂的任务已完成，10月试运行。其余工作有序推进。"
TOPIC = "我区高度重视垃圾分类工作，加强宣传引导，推进分类投放，群众分类意识不断增强。"
ELSEWHERE = "今年我局完成城区绿地养护，新增口袋公园五处，行道树补植二百株。"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_crosscheck", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def lost(bench: ModuleType, follower: StoredDocument, *others: StoredDocument) -> str:
    collection = {r.key: r for r in (*others, follower)}
    return str(bench.lost_at(*bench._funnel(collection), follower, "D"))


def linked(follower: StoredDocument, *others: StoredDocument) -> bool:
    return any(
        link.directive.doc_id == "D" and link.follower.doc_id == follower.key
        for link in find_links([*others, follower])
    )


@pytest.mark.parametrize(
    ("body", "stage"),
    [
        (TASKS, "over the thresholds"),
        (ONE_TASK, "below thresholds"),
        (TOPIC, "no candidate"),
        (ELSEWHERE, "no candidate"),
    ],
    ids=["lists-tasks", "one-task", "topic-words", "shares-nothing"],
)
def test_the_stage_agrees_with_the_cross_check(bench: ModuleType, body: str, stage: str) -> None:
    follower = record(REPORT.format(body=body, day="2023年11月2日"), "F")
    others = (record(PLAN, "D"), record(ROADS, "O"))
    found = lost(bench, follower, *others)
    assert found.startswith(stage)
    assert linked(follower, *others) == (stage == "over the thresholds")


def test_a_directive_dated_after_its_follower_is_filtered(bench: ModuleType) -> None:
    follower = record(REPORT.format(body=TASKS, day="2021年11月2日"), "F")
    others = (record(PLAN, "D"), record(ROADS, "O"))
    assert lost(bench, follower, *others) == "filtered: date"
    assert not linked(follower, *others)


def test_a_report_is_no_content_target(bench: ModuleType) -> None:
    """Minutes and reports follow; a report sharing tasks with another report directs nothing."""
    target = record(REPORT.format(body=TASKS, day="2023年3月2日"), "D")
    follower = record(REPORT.format(body=TASKS, day="2023年11月2日").replace("东湖区", "西山区"), "F")
    assert lost(bench, follower, target, record(ROADS, "O")).startswith("no target")


def test_the_held_out_figure_is_what_the_cross_check_links(bench: ModuleType) -> None:
    """Content links only, keyed (directive, follower), the same the cross-check makes by content."""
    from duban.pipeline.crosscheck import DirectiveIndex

    plan, roads = record(PLAN, "D"), record(ROADS, "O")
    lister = record(REPORT.format(body=TASKS, day="2023年11月2日"), "F")
    topic = record(REPORT.format(body=TOPIC, day="2023年11月3日").replace("东湖区", "南山区"), "T")
    collection = [plan, roads, lister, topic]
    made = bench.content_links_as_checked(DirectiveIndex(collection), collection)
    expected = {
        (str(link.directive.doc_id), str(link.follower.doc_id))
        for link in find_links(collection)
        if link.via == "content"
    }
    assert set(made) == expected == {("D", "F")}


@pytest.mark.parametrize(
    ("directive", "follower", "kind"),
    [
        ({"kind": "policy", "date": "2021-07-03"}, {"kind": "minutes", "date": "2021-06-18"}, "ambiguous"),
        ({"kind": "policy", "date": "2023-01-24"}, {"kind": "minutes", "date": "2021-06-18"}, "dated before"),
        ({"kind": "policy", "date": "2021-07-03"}, {"kind": "report", "date": "2021-06-18"}, "dated before"),
        ({"kind": "policy", "date": "2019-01-22"}, {"kind": "minutes", "date": "2019-04-17"}, "unknown"),
        ({"kind": "policy", "date": None}, {"kind": "minutes", "date": "2019-04-17"}, "undated"),
    ],
    ids=["meeting-decides", "meeting-years-before", "report-before", "meeting-after", "undated"],
)
def test_a_link_the_corpus_does_not_know_is_told_apart_by_its_dates(
    bench: ModuleType, directive: dict[str, str | None], follower: dict[str, str | None], kind: str
) -> None:
    """Only a meeting read-out weeks before the document is the meeting that decided it."""
    assert kind in bench.not_known_kind(directive, follower)
