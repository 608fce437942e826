"""Progress statement bounds (issue 9): lead-ins of purpose and basis, long runs of cues, the
meeting's approvals and mirror-site pinyin, each with a text written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default()


def pairs(finder: ProgressFinder, body: str, kind: DocKind = "report") -> list[tuple[str, str]]:
    doc = make_doc("关于重点工作推进情况的报告\n" + body)
    doc.meta.kind = kind
    return [(p.status, p.text) for p in finder.find(doc)]


def test_a_purpose_with_quebao_leads_in_and_is_left_out(finder: ProgressFinder) -> None:
    body = "为确保整改取得实效，某县住建局对全县32个小区进行了排查，已完成整改28个。\n"
    assert pairs(finder, body) == [("done", "某县住建局对全县32个小区进行了排查，已完成整改28个")]


def test_a_request_for_instructions_is_work_done_not_a_request(finder: ProgressFinder) -> None:
    body = "某县发改局已向市发改委请示项目调整事宜，目前正在等待批复。\n"
    assert pairs(finder, body) == [
        ("done", "某县发改局已向市发改委请示项目调整事宜"),
        ("in_progress", "目前正在等待批复"),
    ]


def test_a_long_basis_lead_in_is_left_out(finder: ProgressFinder) -> None:
    body = "按照省委省政府关于开展安全生产专项整治三年行动的统一部署和要求，各乡镇已全面完成隐患排查。\n"
    assert pairs(finder, body) == [("done", "各乡镇已全面完成隐患排查")]


def test_a_long_run_of_cues_is_told_item_by_item(finder: ProgressFinder) -> None:
    first = "某区完成了城东片区十二条背街小巷的雨污分流改造"
    second = "建成了城西农贸市场及其周边停车场和道路的配套提升工程"
    third = "拓宽了北区学校门前道路"
    assert pairs(finder, f"{first}，{second}，{third}。\n") == [
        ("done", f"{first}，{second}"),
        ("done", third),
    ]


def test_a_short_run_of_cues_stays_one_statement(finder: ProgressFinder) -> None:
    body = "督查发现问题20个，已完成整改15项，其余5项正在整改。\n"
    assert pairs(finder, body) == [
        ("done", "督查发现问题20个，已完成整改15项"),
        ("in_progress", "其余5项正在整改"),
    ]


def test_what_a_session_approves_is_its_own_business(finder: ProgressFinder) -> None:
    body = "委员长会议审议通过了关于召开常委会会议的决定。会议审议通过了某市城市更新条例，已完成报批。\n"
    assert pairs(finder, body, "minutes") == []


def test_mirror_pinyin_does_not_break_a_cue(finder: ProgressFinder) -> None:
    body = "某縣污水處理廠項目進(jìn)展順利，城區(qū)管網改造已完成。\n"
    got = pairs(finder, body)
    assert got == [("in_progress", "某縣污水處理廠項目進(jìn)展順利"), ("done", "城區(qū)管網改造已完成")]
