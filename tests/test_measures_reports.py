"""Measures in reports read as accounts of work done: a plan part that opens without a heading of
its own, a plan heading glued to its first paragraph, a task table before the plan part, the
requests and time-limited orders of an inspection notice, and a run of numerals (`一、二、三产业`)
that is no item. Texts written for these tests."""

from __future__ import annotations

from duban.base.model import Document, RawDocument, RawPage
from duban.extractors.measures import MeasureFinder
from duban.pipeline.extract import build_document, cached_extractors, extract_document
from duban.pipeline.layout_markers import line_block

_ACCOUNT = (
    "2025年青山市政府工作报告\n"
    "各位代表：\n"
    "现在，我代表市人民政府向大会报告工作，请予审议。\n"
    "一、2024年工作回顾\n"
    "（一）聚焦产业升级，工业经济稳中有进。深入实施技改提质行动，新增规上工业企业120家，"
    "工业投资增长12.5%，获评省级制造业高质量发展先进市。\n"
    "全市地区生产总值增长5.2%；一、二、三产业分别增长3.1%、6.4%、4.8%，外贸进出口总额增长9.5%。\n"
)
_PLAN = (
    "加快建设先进制造业园区。实施重点技改项目150个以上，推动园区扩容提质，新增规上工业企业100家。\n"
    "持续优化营商环境。深化企业开办集成改革，推行惠企政策免申即享，全年新增经营主体1万户以上。\n"
)


def _extract(text: str) -> Document:
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return extract_document(build_document(raw, "t"), cached_extractors(("rules",)))


def _rule_texts(text: str) -> list[str]:
    """The measures the rules find, before the learned model's veto (which reads the plan and
    account parts as features: what the rules decide is what these tests are about)."""
    raw = RawDocument("t.txt", "text", [RawPage(1, text, "text")])
    return [m.text for m in MeasureFinder.default(learned=False).find(build_document(raw, "t"))]


def _texts(doc: Document) -> list[str]:
    return [m.text for m in doc.measures]


def _plan_read(texts: list[str]) -> bool:
    return any(t.startswith("加快建设先进制造业园区") for t in texts) and any(
        t.startswith("持续优化营商环境") for t in texts
    )


def test_a_plan_part_opened_by_the_years_general_requirement_is_read_as_a_plan() -> None:
    """No `二、2025年工作安排` heading: the plan part opens with its general requirement."""
    doc = _extract(
        _ACCOUNT
        + "2025年是实施规划的关键一年，做好今年工作意义重大。今年政府工作的总体要求是：坚持稳中求进工作总基调，"
        "推动高质量发展。\n" + _PLAN
    )
    assert doc.meta.kind == "report"
    texts = _texts(doc)
    assert _plan_read(texts), texts
    # The account before it is not a list of tasks.
    assert not [t for t in texts if "工业经济稳中有进" in t], texts


def test_without_a_plan_opening_the_account_is_read_by_its_content() -> None:
    """The counterpart: with no plan opening nothing tells where the account ends; its titled item
    goes by what it states (results reached, no modal or target: `MeasureFinder._account_item`),
    and the plan's items, which state targets, stay."""
    texts = _texts(_extract(_ACCOUNT + "各位代表，过去一年成绩来之不易。\n" + _PLAN))
    assert not [t for t in texts if "工业经济稳中有进" in t], texts
    assert _plan_read(texts), texts


def test_untitled_plan_sentences_are_tasks_after_the_opening_only() -> None:
    """Plan sentences without a title (`实施…，推动…。`) are tasks in the plan part; read as an
    account they are results."""
    plain = "实施重点技改项目150个以上，推动园区扩容提质。\n深化企业开办集成改革，推行惠企政策免申即享。\n"
    opening = "做好今年政府工作的总体要求是：坚持稳中求进工作总基调，推动高质量发展。\n"
    planned = _rule_texts(_ACCOUNT + opening + plain)
    assert any(t.startswith("实施重点技改项目") for t in planned), planned
    assert any(t.startswith("深化企业开办集成改革") for t in planned), planned
    account = _rule_texts(_ACCOUNT + "各位代表，过去一年成绩来之不易。\n" + plain)
    assert not [t for t in account if t.startswith(("实施重点技改项目", "深化企业开办"))], account


def test_a_plan_heading_glued_to_its_first_paragraph_opens_the_plan() -> None:
    doc = _extract(
        _ACCOUNT + "二、2025年工作安排 2025年是实施规划的关键一年，我们将坚持稳中求进工作总基调。\n" + _PLAN
    )
    texts = _texts(doc)
    assert _plan_read(texts), texts
    assert not [t for t in texts if "工业经济稳中有进" in t], texts


def test_a_run_of_numerals_is_no_item() -> None:
    """`；一、二、三产业分别增长…` lists the three industries: the layout cuts no item there."""
    doc = _extract(_ACCOUNT + "二、2025年工作安排\n" + _PLAN)
    text = doc.text
    assert not [
        b for b in doc.blocks if b.kind in ("item", "heading") and text[b.start :].startswith("一、二、")
    ]
    line = next(b for b in doc.blocks if "全市地区生产总值增长5.2%" in text[b.start : b.end])
    assert "三产业分别增长" in text[line.start : line.end]


def test_a_task_table_before_a_reports_plan_heading_is_kept() -> None:
    """Rows of a task-division table are tasks by their form, as items with label lines are,
    wherever the report sets them out."""
    doc = _extract(
        _ACCOUNT
        + "| 序号 | 工作任务 | 责任单位 | 完成时限 |\n"
        + "| --- | --- | --- | --- |\n"
        + "| 1 | 完成城北污水处理厂提标改造 | 市住房城乡建设局 | 2025年6月底前 |\n"
        + "| 2 | 建成智慧停车平台并投入运行 | 市城市管理局 | 2025年9月底前 |\n"
        + "二、2025年工作安排\n"
        + _PLAN
    )
    rows = [m for m in doc.measures if m.text.startswith(("完成城北污水处理厂", "建成智慧停车平台"))]
    assert len(rows) == 2, _texts(doc)
    assert [u.name for u in rows[0].units] == ["市住房城乡建设局"]
    assert [d.text for d in rows[0].deadlines] == ["2025年6月底前"]


_NOTICE = (
    "关于2025年第三季度城区环境卫生检查情况的通报\n"
    "各街道办事处，市直有关单位：\n"
    "9月下旬，市爱卫办组织对城区环境卫生进行了检查，现将检查情况通报如下。\n"
    "一、检查基本情况\n"
    "本次共检查小区20个、农贸市场5个，东关街道已于9月底前完成整改，总体情况较好。\n"
    "二、存在问题\n"
    "部分农贸市场周边占道经营，垃圾清运不及时，个别小区防鼠设施不足。\n"
    "三、有关要求\n"
)


def test_an_inspection_notices_requests_and_time_limited_orders_are_measures() -> None:
    doc = _extract(
        _NOTICE + "针对检查发现的问题，相关街道务必在5个工作日内完成整改。\n"
        "整改情况于10月31日前报送市爱卫办。\n"
    )
    assert doc.meta.kind == "report"
    texts = _texts(doc)
    assert any(t.startswith("针对检查发现的问题，相关街道务必") for t in texts), texts
    assert any(t.startswith("整改情况于10月31日前报送") for t in texts), texts
    dated = next(m for m in doc.measures if m.text.startswith("整改情况于"))
    assert [d.text for d in dated.deadlines] == ["10月31日前"]
    # What was done by a date is progress, not a requirement.
    assert not [t for t in texts if "已于9月底前完成整改" in t], texts


def test_an_account_without_a_request_gives_no_measure() -> None:
    """A bound said of a feast (`宴请`) or a slogan in quotes (`三个务必`) asks nothing."""
    doc = _extract(
        "中央纪委公开通报三起违反中央八项规定精神典型问题\n"
        "某县财政局局长用公款宴请个人朋友，受到党内警告处分。\n"
        "广大党员干部要牢记“三个务必”，以好作风好形象奋进新时代。\n"
    )
    texts = _texts(doc)
    assert not [t for t in texts if "宴请" in t], texts


def test_a_line_opening_with_a_run_of_numerals_is_a_paragraph() -> None:
    line = "一、二、三产业增加值分别增长3.1%、6.4%、4.8%。"
    assert line_block(line, 0, len(line)).kind == "paragraph"
    item = "一、加快产业升级，全年新增规上工业企业100家。"
    assert line_block(item, 0, len(item)).kind == "item"


def test_a_review_headed_like_the_plan_is_an_account_when_a_later_year_follows() -> None:
    """Both parts headed alike, naming their years (`一、2024年主要工作` … `二、2025年主要目标和重点
    工作`, `奋力完成2024年…任务` … `全力实现2025年…目标`): the earlier year was the one reviewed, so its
    items are an account, not tasks, and the plan part opens at the later heading."""
    review = _ACCOUNT.split("一、2024年工作回顾\n")[1]
    head = "2025年青山市政府工作报告\n各位代表：\n"
    for first, second in (
        ("一、2024年主要工作", "二、2025年主要目标和重点工作"),
        ("奋力完成2024年高质量发展各项任务", "全力实现2025年高质量发展奋斗目标"),
    ):
        texts = _rule_texts(head + first + "\n" + review + second + "\n" + _PLAN)
        assert [t for t in texts if "加快建设先进制造业园区" in t], (first, texts)
        assert [t for t in texts if t.startswith("持续优化营商环境")], (first, texts)
        assert not [t for t in texts if "工业经济稳中有进" in t], (first, texts)


def test_plan_headings_of_one_year_keep_the_plan_open_from_the_first() -> None:
    """The counterpart: two plan headings naming the same year are one plan part."""
    texts = _rule_texts(
        "2025年青山市政府工作报告\n二、2025年主要目标\n加快建设先进制造业园区，实施重点技改项目150个以上。\n"
        "三、2025年重点工作\n" + _PLAN
    )
    assert any("加快建设先进制造业园区，实施" in t for t in texts), texts
