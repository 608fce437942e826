"""Progress statement bounds: the conditions work was done in (`面对…困难，`) frame a statement
and are left out, so that the hardship they name neither opens the span nor sets its status; the
harm a problem did (`影响了…`) is part of the problem, not work done. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default()


def pairs(finder: ProgressFinder, body: str) -> list[tuple[str, str]]:
    doc = make_doc("关于重点工作推进情况的报告\n" + body)
    doc.meta.kind = "report"
    return [(p.status, p.text) for p in finder.find(doc)]


def test_the_conditions_faced_are_left_out_of_the_statement(finder: ProgressFinder) -> None:
    body = "面对汛期提前和资金紧张的双重压力，某县水利局已完成12座病险水库的除险加固。\n"
    assert pairs(finder, body) == [("done", "某县水利局已完成12座病险水库的除险加固")]


def test_the_hardship_faced_does_not_make_the_work_lag(finder: ProgressFinder) -> None:
    body = "面对原材料上涨和用工短缺等困难，全县上下齐心协力，如期建成了城南污水处理厂。\n"
    found = pairs(finder, body)
    assert found and all(status == "done" for status, _ in found)
    assert not any(text.startswith("面对") for _, text in found)


def test_face_to_face_work_is_no_lead_in(finder: ProgressFinder) -> None:
    body = "某街道已完成背街小巷改造5条，面对面听取群众意见120条。\n"
    assert any("面对面听取群众意见120条" in text for _, text in pairs(finder, body))


def test_the_harm_a_problem_did_is_no_work_done(finder: ProgressFinder) -> None:
    body = "部分乡镇审批环节仍然不够精简，影响了项目按期落地。\n"
    assert pairs(finder, body) == [("lagging", "部分乡镇审批环节仍然不够精简，影响了项目按期落地")]
