"""Precision on shapes that read like tasks but are not: a work report's account of the past year
before its plan part, the cases of a condition listed under their rule, and `申请`/`提请` read as
the modal `请`. Texts written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import Document, RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document


def _extract(text: str) -> Document:
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


def _report(plan_heading: str) -> str:
    return (
        "2025年青山市政府工作报告\n"
        "各位代表：\n"
        "现在，我代表市人民政府向大会报告工作，请予审议。\n"
        "一、2024年工作回顾\n"
        "（一）聚焦产业升级，工业经济稳中有进。深入实施技改提质行动，新增规上工业企业120家，"
        "工业投资增长12.5%，获评省级制造业高质量发展先进市。\n"
        "一是深化营商环境改革。推行企业开办一日办结，政务服务事项网上可办率达98%，"
        "办理人大代表建议96件、政协提案130件。\n"
        "我们将严格落实安全生产责任制，坚决遏制较大事故发生。\n"
        f"{plan_heading}\n"
        "（一）坚持项目为王，加快产业转型。\n"
        "加快建设先进制造业园区。实施重点技改项目150个以上，推动园区扩容提质，新增规上工业企业100家。\n"
        "持续优化营商环境。深化企业开办集成改革，推行惠企政策免申即享，全年新增经营主体1万户以上。\n"
    )


@pytest.mark.parametrize(
    "plan_heading",
    ["二、2025年工作建议", "二、2025年主要预期目标和重点工作", "二、今年经济社会发展目标任务和工作重点"],
)
def test_a_work_reports_account_is_not_its_tasks_but_its_plan_is(plan_heading: str) -> None:
    doc = _extract(_report(plan_heading))
    assert doc.meta.kind == "report"
    texts = [m.text for m in doc.measures]
    # The account of the past year: titled items of results, not tasks.
    assert not [t for t in texts if "工业经济稳中有进" in t or "深化营商环境改革" in t], texts
    # What the account still commits to stands.
    assert any(t.startswith("我们将严格落实") for t in texts), texts
    # The plan part under its heading: each titled paragraph is a task.
    assert any(t.startswith("加快建设先进制造业园区") for t in texts), texts
    assert any(t.startswith("持续优化营商环境") for t in texts), texts


def test_without_a_plan_heading_the_account_rule_does_not_apply() -> None:
    """A report with no plan part keeps its measures as the review reading finds them: the
    account filter needs the plan heading that says where the account ends."""
    doc = _extract(_report("二、关于有关情况的说明"))
    texts = [m.text for m in doc.measures]
    assert any(t.startswith("我们将严格落实") for t in texts), texts


def test_the_cases_of_a_condition_are_not_measures_of_their_own() -> None:
    doc = _extract(
        "关于规范行业协会管理的通知\n"
        "各区民政局，市直各部门：\n"
        "一、对存在下列情形的行业协会，登记管理机关要依法予以撤销登记：\n"
        "1.未按章程开展业务活动的；\n"
        "2.内部管理混乱，影响正常活动开展的；\n"
        "3.在规定期限内未完成整改的。\n"
        "二、各区民政局要于6月底前完成行业协会年度检查。\n"
    )
    texts = [m.text.strip() for m in doc.measures]
    for case in (
        "1.未按章程开展业务活动的；",
        "2.内部管理混乱，影响正常活动开展的；",
        "3.在规定期限内未完成整改的。",
    ):
        assert case not in texts, texts
    assert any("于6月底前完成行业协会年度检查" in t for t in texts), texts


@pytest.mark.parametrize(
    "line",
    [
        "（一）工伤认定申请表；",
        "审议市政府关于提请审议城市绿化条例草案的议案；",
    ],
)
def test_a_request_word_is_not_the_modal_please(line: str) -> None:
    from duban.extractors.measures import MeasureFinder

    finder = MeasureFinder.default(learned=False)
    assert finder._has("directive", line) is None
    assert finder._has("directive", "请市财政局于6月底前完成资金拨付") is not None


def test_a_report_with_no_plan_part_drops_the_items_of_its_account() -> None:
    """A work report cut after its review gives no plan part to read the account against: an item
    whose heading reads as an action but whose body states results reached (`入选…`, `增长9%。`, `…了`)
    is progress; an item that sets a target (`左右`) or a modal stays a measure."""
    text = (
        "2025年白河市政府工作报告\n"
        "各位代表：\n"
        "现在，我代表市人民政府向大会报告工作，请予审议。\n"
        "一、2024年工作回顾\n"
        "着力深化园区改革。整合三个工业园区管理机构，园区企业达到310家。高新区入选省级创新型园区，"
        "工业增加值增长9.1%。\n"
        "全面提升城市品质。改造背街小巷60条，新建了一批口袋公园，滨江绿道获评省级示范绿道。\n"
        "加快培育消费热点。推动夜间经济集聚区建设，社会消费品零售总额增长6%左右。\n"
        "持续优化营商环境。各部门要在6月底前完成涉企事项清单梳理，园区企业达到310家，新建了一批服务站。\n"
    )
    doc = _extract(text)
    assert doc.meta.kind == "report"
    texts = [m.text for m in doc.measures]
    assert not [t for t in texts if t.startswith(("着力深化园区改革", "全面提升城市品质"))], texts
    assert any(t.startswith("加快培育消费热点") for t in texts), texts
    assert any(t.startswith("持续优化营商环境") for t in texts), texts
