"""A report that prints no date resolves its tasks' yearless bounds by the year its plan part is for
(`MeasureFinder._year`, `plan_year`). Texts written for these tests."""

from __future__ import annotations

from duban.base.model import Document
from duban.extractors.measures import plan_year
from duban.extractors.registry import get_extractors
from duban.extractors.rules import RuleExtractor
from duban.pipeline.extract import extract_document
from tests.conftest import make_doc


def report(review: str, plan: str, date: str = "") -> str:
    return (
        "政府工作报告\n各位代表：\n现在，我代表市人民政府向大会报告工作，请予审议。\n"
        f"{review}\n过去一年，全市经济运行稳中有进，完成了各项目标任务。\n"
        f"{plan}\n（一）加快重大项目建设。全年新开工重点项目50个以上，6月底前完成年度项目储备。\n"
        "（二）办好民生实事。年底前建成社区养老服务站20个。\n" + (f"江州市人民政府\n{date}\n" if date else "")
    )


def dues(doc: Document) -> dict[str, str | None]:
    built = extract_document(doc, get_extractors(("rules",)))
    return {d.text: d.due for m in built.measures for d in m.deadlines}


def test_an_undated_report_resolves_its_tasks_by_its_plan_year() -> None:
    doc = make_doc(report("一、2024年工作回顾", "二、2025年重点工作"))
    assert doc.meta.kind == "report" and doc.meta.date is None
    found = dues(doc)
    assert found.get("6月底前") == "2025-06-30"
    assert found.get("年底前") == "2025-12-31"


def test_the_later_of_two_plan_headings_names_the_plan_year() -> None:
    # both parts headed alike: the earlier year is the one reviewed
    doc = make_doc(report("一、2024年主要工作", "二、2025年主要目标任务"))
    rules = next(m for m in get_extractors(("rules",)).members if isinstance(m, RuleExtractor)).measures.rules
    assert plan_year(doc, rules) == 2025


def test_a_dated_report_keeps_its_own_year() -> None:
    doc = make_doc(report("一、2024年工作回顾", "二、2025年重点工作", date="2026年1月10日"))
    assert doc.meta.date == "2026-01-10"
    assert dues(doc).get("年底前") == "2026-12-31"
