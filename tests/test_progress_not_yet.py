"""What should have been done and was not (`未及时…`, `未达到…`, `未执行…`): an audit's or an
inspection's finding of a shortfall, read as lagging in a report (real audit read-outs NR00077,
NR00060, NR00083, NR00125, NR00057: funds not paid out or returned in time, plants or projects short
of their standard). Only in a document that calls itself a report or in a review: elsewhere such a
clause is most often whom a requirement is for. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

_LEAD = "本台消息：今天，省审计厅公布了上半年重点民生资金跟踪审计结果，涉及12个市的86个项目。\n"


@pytest.mark.parametrize(
    "finding",
    [
        "4.2亿元农村道路养护资金未及时拨付到县，部分路段养护停滞",
        "有5个市的污水处理设施完工后未达到设计处理能力",
        "两个县财政局未执行已调整的补助标准，继续按旧标准发放",
    ],
)
def test_a_finding_of_work_not_done_is_lagging(progress_rules: ProgressFinder, finding: str) -> None:
    body = (
        _LEAD
        + "审计发现的主要问题有：\n"
        + finding
        + "。\n省审计厅已向有关市县出具审计决定书，督促限期整改。\n"
    )
    found = progress_pairs(progress_rules, "上半年重点民生资金跟踪审计结果公布", body, "report")
    assert ("lagging", finding.split("，")[0]) in [(s, t.split("，")[0]) for s, t in found]


def test_outside_a_report_a_not_yet_clause_states_nothing(progress_rules: ProgressFinder) -> None:
    body = (
        "各县要对照清单逐项整改。\n"
        "对资金未及时拨付到位的，要在10日内拨付完毕；对项目未达到设计标准的，要限期返工。\n"
    )
    found = progress_pairs(progress_rules, "关于加快民生资金拨付的通知", body, "policy")
    assert not any(status == "lagging" for status, _ in found)
