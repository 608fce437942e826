"""The long-report model (`progress_model.REVIEW_MODEL_PATH`): it reads the clauses of a long work
report's review, and nothing else. Texts are invented for the test."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from duban.base.model import Document
from duban.extractors.progress import ProgressFinder
from duban.extractors.progress_model import (
    LONG_REPORT,
    PROVENANCE,
    REVIEW_MODEL_PATH,
    REVIEW_PROVENANCE,
    load_progress_model,
)
from duban.extractors.prose_model import BUCKETS, ProseModel, feature_index
from tests.conftest import make_doc

_NUMBERS = "一二三四五六七八九"
# A clause of work done that carries no cue word the rules hold.
WORK = "第{n}批共享菜园向居民开放，社区食堂覆盖{m}个街巷"


def report(items: int) -> str:
    """A made-up work report: a review of `items` numbered paragraphs, each opened by a run-in
    heading (`社区服务提质增效。`), then a plan part."""
    parts = [
        "某市人民政府工作报告\n",
        "一、过去一年工作回顾\n",
        "过去一年，全市完成各项目标任务，整改问题45项已全部办结。\n",
    ]
    for i in range(items):
        parts.append(
            f"（{_NUMBERS[i % 9]}）社区服务提质增效。{WORK.format(n=i + 3, m=i + 20)}；"
            f"夜间集市延长到二十二时，游客人数比上年多出{i + 7}万人次。\n"
        )
    parts += ["二、明年工作打算\n", "共享菜园再开放10批，社区食堂覆盖全部街巷。\n"]
    return "".join(parts)


def as_report(text: str) -> Document:
    doc = make_doc(text)
    doc.meta.kind = "report"
    return doc


def favouring(feature: str) -> ProseModel:
    weights = np.zeros(BUCKETS, dtype=np.float32)
    weights[feature_index(feature)] = 10.0
    return ProseModel(weights, -5.0, 0.5)


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    """The rules, a progress model that adds nothing, and a long-report model that adds every
    clause it reads (`x:scope` is among the features of each)."""
    silent = ProseModel(np.zeros(BUCKETS, dtype=np.float32), -5.0, 0.5)
    return dataclasses.replace(
        ProgressFinder.default(learned=False), model=silent, review_model=favouring("x:scope")
    )


def added(finder: ProgressFinder, doc: Document) -> list[str]:
    return [p.text for p in finder.find(doc) if p.provenance == REVIEW_PROVENANCE]


def test_the_shipped_long_report_model_is_loaded_by_default() -> None:
    assert REVIEW_MODEL_PATH.exists()
    model = load_progress_model(REVIEW_MODEL_PATH)
    assert model is not None and len(model.weights) == BUCKETS
    assert ProgressFinder.default().review_model is model
    assert ProgressFinder.default(learned=False).review_model is None


def test_a_long_reports_review_clauses_without_cue_are_read(finder: ProgressFinder) -> None:
    text = report(60)
    assert len(text) >= LONG_REPORT
    found = added(finder, as_report(text))
    assert WORK.format(n=3, m=20) in found and WORK.format(n=62, m=79) in found


def test_its_plan_part_and_run_in_headings_are_not(finder: ProgressFinder) -> None:
    found = added(finder, as_report(report(60)))
    assert found
    assert not any("提质增效" in t or "再开放" in t or "全部街巷" in t for t in found)


def test_a_short_report_is_left_to_the_progress_model(finder: ProgressFinder) -> None:
    text = report(3)
    assert len(text) < LONG_REPORT
    assert added(finder, as_report(text)) == []
    # With the progress model favouring the same clauses, it is that model's statement.
    other = dataclasses.replace(finder, model=favouring("b:菜园"))
    assert WORK.format(n=3, m=20) in [
        p.text for p in other.find(as_report(text)) if p.provenance == PROVENANCE
    ]


def test_the_shipped_models_read_the_made_up_report_as_intended() -> None:
    found = [
        p for p in ProgressFinder.default().find(as_report(report(60))) if p.provenance.startswith("model:")
    ]
    texts = [p.text for p in found]
    assert WORK.format(n=3, m=20) in texts
    assert all(p.provenance == REVIEW_PROVENANCE for p in found)
    assert not any("提质增效" in t or "再开放" in t for t in texts)
