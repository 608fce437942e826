"""A check matches measures follower by follower, each document read once, and keeps nothing after.

`status.check` hands its links to `match_pairs`: each follower's view and each directive's side
must be built once however many links they are in, the matches must be those of `match_measures`
link by link, and neither may outlive the check. The directives and reports are written for these
tests: two reports, each citing both directives.
"""

from __future__ import annotations

import gc
import weakref
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline import crosscheck_measures
from duban.pipeline.crosscheck_measures import match_measures, match_pairs
from duban.pipeline.status import check
from tests.conftest import record

WATER = """白石县人民政府办公室关于印发2025年城乡供水保障工作方案的通知
白政办发〔2025〕7号
各乡镇人民政府，县直各单位：
现将工作方案印发给你们，请认真抓好落实。
一、改造老旧供水管网。全年完成城区老旧供水管网改造六十公里。（牵头单位：县水务局；完成时限：2025年10月底前）
二、建设农村集中供水工程。新建农村集中供水工程八处。（牵头单位：县水务局；完成时限：2025年11月30日前）
三、公开水质检测结果。每季度公开一次水质检测结果。（牵头单位：县卫生健康局）
白石县人民政府办公室
2025年2月10日
"""

ELDERLY = """白石县人民政府办公室关于印发2025年养老服务提升行动方案的通知
白政办发〔2025〕9号
各乡镇人民政府，县直各单位：
现将行动方案印发给你们，请认真组织实施。
一、新建老年助餐点。全年新建社区老年助餐点十二个。（牵头单位：县民政局；完成时限：2025年9月底前）
二、开展适老化改造。完成特殊困难老年人家庭适老化改造三百户。（牵头单位：县民政局；完成时限：2025年12月底前）
白石县人民政府办公室
2025年2月20日
"""

TOWN_REPORT = """白石县青溪镇人民政府关于2025年上半年重点工作落实情况的报告
县人民政府：
根据《白石县人民政府办公室关于印发2025年城乡供水保障工作方案的通知》（白政办发〔2025〕7号）和《白石县人民政府办公室关于印发2025年养老服务提升行动方案的通知》（白政办发〔2025〕9号）要求，现将有关情况报告如下。
一、我镇老旧供水管网改造已完成八公里，农村集中供水工程正在建设。
二、社区老年助餐点已建成三个，适老化改造进度滞后。
白石县青溪镇人民政府
2025年7月5日
"""

BUREAU_REPORT = """白石县民政局关于重点任务推进情况的报告
县人民政府：
按照《白石县人民政府办公室关于印发2025年养老服务提升行动方案的通知》（白政办发〔2025〕9号）和《白石县人民政府办公室关于印发2025年城乡供水保障工作方案的通知》（白政办发〔2025〕7号）部署，现报告如下。
一、全县社区老年助餐点已全部建成。
二、特殊困难老年人家庭适老化改造正在推进，已完成一百二十户。
三、配合县水务局做好农村集中供水工程建设。
白石县民政局
2025年7月12日
"""


@pytest.fixture(scope="module")
def records() -> list[StoredDocument]:
    return [
        record(WATER, "water"),
        record(ELDERLY, "elderly"),
        record(TOWN_REPORT, "town"),
        record(BUREAU_REPORT, "bureau"),
    ]


def _counting(
    monkeypatch: pytest.MonkeyPatch, name: str, built: Counter[str], alive: list[weakref.ref[Any]]
) -> None:
    """Wrap `crosscheck_measures.<name>` to count its builds by document and keep a weak reference
    to what it built."""
    original: Callable[[StoredDocument], Any] = getattr(crosscheck_measures, name)

    def wrapped(document: StoredDocument) -> Any:
        built[document.key] += 1
        made = original(document)
        alive.append(weakref.ref(made))
        return made

    monkeypatch.setattr(crosscheck_measures, name, wrapped)


def test_each_document_is_read_once_and_the_matches_are_those_link_by_link(
    records: list[StoredDocument], monkeypatch: pytest.MonkeyPatch
) -> None:
    by_key = {r.key: r for r in records}
    views: Counter[str] = Counter()
    sides: Counter[str] = Counter()
    alive: list[weakref.ref[Any]] = []
    _counting(monkeypatch, "_follower_view", views, alive)
    _counting(monkeypatch, "_directive_side", sides, alive)
    result = check(records, "2025-08-01")
    links = [(c.record.key, link) for c in result.directives for link in c.links]
    pairs = {(directive, str(link.follower.doc_id)) for directive, link in links}
    # both reports cite both directives: four links, yet each report and each directive read once
    assert {("water", "town"), ("water", "bureau"), ("elderly", "town"), ("elderly", "bureau")} <= pairs
    assert views["town"] == views["bureau"] == 1
    assert sides["water"] == sides["elderly"] == 1
    assert sum(views.values()) == len({f for _, f in pairs})
    assert sum(sides.values()) == len({d for d, _ in pairs})
    monkeypatch.undo()
    for directive, link in links:
        assert link.measures == match_measures(by_key[directive], by_key[str(link.follower.doc_id)])
    # what matching built of each document is gone once the check returns
    gc.collect()
    assert alive and all(ref() is None for ref in alive)


def test_pairs_come_back_in_their_order(records: list[StoredDocument]) -> None:
    water, elderly, town, bureau = records
    # followers interleaved, a directive met again after another follower's pairs
    pairs = [(water, town), (elderly, bureau), (elderly, town), (water, bureau), (water, town)]
    found = match_pairs(pairs)
    assert found == [match_measures(d, f) for d, f in pairs]
    assert any(m.mentioned for matches in found for m in matches)
    assert match_pairs([]) == []


def test_no_module_level_cache_holds_texts() -> None:
    # tokens and progress re-read as a report were cached by text for the process's life
    for name in ("tokens", "_progress_as_report"):
        assert not hasattr(getattr(crosscheck_measures, name), "cache_info")
