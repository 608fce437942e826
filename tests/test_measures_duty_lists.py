"""A duty stated over an enumerated list of things (`应当提交下列材料：` / `（一）…证明；`) is one
measure with its items; a list of acts under such a lead-in keeps its own measures. Texts written
for these tests."""

from __future__ import annotations

from duban.base.model import Document, RawDocument, RawPage
from duban.pipeline.extract import build_document, cached_extractors, extract_document


def _extract(text: str) -> Document:
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


_RULES = (
    "青山市民宿经营管理办法\n"
    "第五条 开办民宿的，经营者应当向所在地乡镇人民政府备案，并提交以下材料：\n"
    "（一）经营者身份证明；\n"
    "（二）房屋权属证明；\n"
    "（三）消防安全承诺书。\n"
    "第六条 乡镇人民政府应当自收到备案材料之日起十个工作日内完成核查。\n"
    "第七条 民宿的客房必须配备下列设施：\n"
    "(1)烟感报警器；\n"
    "(2)应急照明灯；\n"
    "(3)灭火器；客房超过二十间的，另备消防过滤式自救呼吸器。\n"
    "已配备前款设施的，经营者不得擅自拆除或者停用。\n"
    "第八条 经营者应当遵守下列规定：\n"
    "（一）不得擅自扩大经营面积；\n"
    "（二）如实登记住宿旅客信息。\n"
    "第九条 经营者应当在前台醒目位置公示收费标准。公示内容应当包括以下事项：\n"
    "（一）客房价格；\n"
    "（二）退订规则。\n"
    "第十条 乡镇人民政府负责日常巡查。青山市文化和旅游局统筹全市民宿的监督管理，"
    "有关部门按照各自职责做好相关工作，具体分工如下：\n"
    "（一）公安机关负责住宿登记管理；\n"
    "（二）消防救援机构负责消防安全检查。\n"
)


def test_a_duty_over_a_list_of_things_is_one_measure_with_its_items() -> None:
    doc = _extract(_RULES)
    texts = [m.text for m in doc.measures]
    # The lead-in and its documents, not the lead-in alone.
    first = next(m for m in doc.measures if "以下材料" in m.text)
    assert first.text.endswith("消防安全承诺书。"), texts
    assert first.provenance == ["rule:measure.duty_list.v2"], first.provenance
    # A heading over its list (no measure of its own before): the list is found with it, up to its
    # last item and not the article's next sentence.
    second = next((m for m in doc.measures if "下列设施" in m.text), None)
    assert second is not None, texts
    assert second.text.endswith("自救呼吸器。"), second.text
    assert not any("擅自拆除" in t and "灭火器" in t for t in texts), texts


def test_a_list_of_acts_under_a_duty_keeps_its_own_measures() -> None:
    doc = _extract(_RULES)
    texts = [m.text.strip() for m in doc.measures]
    assert "（一）不得擅自扩大经营面积；" in texts, texts
    assert not any(t.startswith("第八条") and "不得擅自" in t for t in texts), texts
    # The article without a list stays as it was.
    assert any(t.startswith("第六条") for t in texts), texts


def test_a_duty_said_before_the_lead_in_is_not_swallowed_by_the_list() -> None:
    """The list measure opens at the lead-in sentence, not at the line's start: the sentence
    before it is a duty of its own (a measure, where the line is read as one)."""
    doc = _extract(_RULES)
    listed = next(m for m in doc.measures if "以下事项" in m.text)
    assert listed.text.startswith("公示内容应当包括以下事项："), listed.text
    assert listed.text.endswith("退订规则。"), listed.text
