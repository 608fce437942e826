"""Time bounds that real statutes state and the extractor lost: days counted back from an event
after 于 (`应当于开业十日前报告`), the day of an event as the bound (`在许可期限届满之日前`), a receipt
after 在 that bounds a count without 之日起 (`在接到报告2小时内`), and the measures that carry such
bounds in an article's later paragraphs: an article whose own line is a whole sentence is no heading
that only groups the list under it, a rule whose cases come before its duty (`有下列情形之一的，X应当
…：`) is one measure with its cases, and a paragraph the layout hung under the list's last case is a
measure of its own. Every text here is written for these tests."""

from __future__ import annotations

import pytest

from duban.base.model import Document
from duban.extractors.deadlines import DeadlineFinder
from duban.pipeline.extract import cached_extractors, extract_document
from tests.conftest import make_doc
from tests.test_deadlines_counted_back import found


@pytest.mark.parametrize(
    ("text", "span", "rule"),
    [
        ("经营者应当于开业十日前向商务部门报告。", "于开业十日前", "event_days_before.v2"),
        ("评审材料应当于召开评审会五日前送交专家。", "于召开评审会五日前", "event_days_before.v2"),
        ("店主应当于停业之日前十日在店堂公告。", "于停业之日前十日", "event_days_before.v2"),
        ("应当在迁移、拆除工程施工20日前报送方案。", "在迁移、拆除工程施工20日前", "event_days_before.v2"),
        ("被许可人应当在许可期限届满之日前申请延续。", "在许可期限届满之日前", "event_bound.v3"),
        ("变更决定书应当于活动举行之日前送达。", "于活动举行之日前", "event_bound.v3"),
        ("值班室应当在接到报告2小时内上报。", "接到报告2小时内", "within.v9"),
        ("主管部门于收到申请的十日内答复。", "收到申请的十日内", "within.v9"),
    ],
)
def test_bounds_counted_from_an_event_after_yu_or_zai(
    deadline_finder: DeadlineFinder, text: str, span: str, rule: str
) -> None:
    (deadline,) = found(deadline_finder, text)
    assert (deadline.text, deadline.provenance) == (span, f"rule:deadline.{rule}")


@pytest.mark.parametrize(
    "text",
    ["对于三日前已登记的车辆予以放行。", "本月成绩低于三个月前的水平。", "对于申请前的准备工作给予指导。"],
)
def test_yu_of_a_word_opens_no_event(deadline_finder: DeadlineFinder, text: str) -> None:
    assert not [d for d in found(deadline_finder, text) if "于" in d.text], found(deadline_finder, text)


def _extract(text: str) -> Document:
    return extract_document(make_doc(text), cached_extractors(("rules",)))


_STATUTE = (
    "东湖市集贸市场管理条例\n"
    "第一章总则\n"
    "第一条为了规范集贸市场秩序，制定本条例。\n"
    "第二条市场开办者应当建立摊位登记制度。\n"
    "开办者应当于开业十日前，将下列材料报区商务局备案：\n"
    "(一)营业执照副本；\n"
    "(二)摊位平面图；\n"
    "(三)安全管理制度。\n"
    "第三条区商务局应当加强对市场的巡查。\n"
    "有下列情形之一的，区商务局应当在接到举报后24小时内派员核查：\n"
    "(一)销售过期食品的；\n"
    "(二)占道经营的。\n"
    "市场监管局对重大案件应当立即组织联合查处。\n"
    "第四条开办者应当每年向区商务局报告经营情况。\n"
)


def test_an_article_that_is_a_sentence_is_a_measure_over_its_list() -> None:
    texts = [m.text for m in _extract(_STATUTE).measures]
    assert "第二条市场开办者应当建立摊位登记制度。" in texts, texts
    assert "第三条区商务局应当加强对市场的巡查。" in texts, texts


def test_a_lead_in_keeps_its_bound_and_its_list() -> None:
    doc = _extract(_STATUTE)
    lead = next((m for m in doc.measures if m.text.startswith("开办者应当于开业十日前")), None)
    assert lead is not None, [m.text for m in doc.measures]
    assert lead.text.endswith("安全管理制度。"), lead.text
    assert [d.text for d in lead.deadlines] == ["于开业十日前"]


def test_a_rule_whose_cases_come_first_is_one_measure_with_them() -> None:
    doc = _extract(_STATUTE)
    rule = next((m for m in doc.measures if m.text.startswith("有下列情形之一的")), None)
    assert rule is not None, [m.text for m in doc.measures]
    assert rule.text.endswith("占道经营的。"), rule.text
    assert rule.provenance == ["rule:measure.duty_list.v2"]
    assert [d.text for d in rule.deadlines] == ["接到举报后24小时内"]
    # The article's next paragraph, hung under the last case by the layout, is its own measure.
    assert "市场监管局对重大案件应当立即组织联合查处。" in [m.text for m in doc.measures]


def test_a_list_of_papers_takes_in_an_item_the_rules_read_as_an_act() -> None:
    text = (
        "东湖市集贸市场管理条例\n"
        "第一章总则\n"
        "第一条为了规范集贸市场秩序，制定本条例。\n"
        "第五条开办者应当在改建施工十五日前，将下列资料报区住房和城乡建设行政主管部门备案：\n"
        "(一)改建设计图；\n"
        "(二)围挡施工组织方案；\n"
        "(三)消防安全评估意见。\n"
        "第六条开办者应当每年向区商务局报告经营情况。\n"
    )
    doc = _extract(text)
    texts = [m.text for m in doc.measures]
    lead = next(m for m in doc.measures if m.text.startswith("第五条"))
    assert lead.text.endswith("消防安全评估意见。"), texts
    assert [d.text for d in lead.deadlines] == ["在改建施工十五日前"]
    assert not any(t.startswith("(二)") for t in texts), texts
