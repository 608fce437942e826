"""Units named once, at the end of what they answer for: a bracket that closes an item or a
paragraph (`unit.closing_marker`), and a subject set off by a comma and one adverbial clause
before its modal (`unit.comma_adverbial`). Texts are written for these tests."""

from __future__ import annotations

import pytest

from duban.extractors.measures import MeasureFinder
from duban.extractors.units import UnitFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


@pytest.fixture(scope="module")
def units() -> UnitFinder:
    return UnitFinder.default(learned=False)


def test_an_item_whose_parts_close_with_one_marker_is_one_measure(finder: MeasureFinder) -> None:
    text = (
        "某市智慧城市建设考评办法\n"
        "一、重点任务\n"
        "4．提升便民服务平台运行水平。完成平台迁移和功能扩展，整合受理渠道。一是统一受理入口，方便群众反映诉求；"
        "二是建立回访制度，按月开展满意度调查；三是加强保密管理，防止个人信息泄露。"
        "（9月底完成，牵头考核单位：市大数据中心、市民政局）\n"
        "5．完善电子证照库。（10月底完成，牵头考核单位：市大数据中心）\n"
    )
    found = finder.find(make_doc(text))
    item = [m for m in found if "便民服务平台" in m.text or "回访制度" in m.text]
    assert len(item) == 1
    assert item[0].text.endswith("市民政局）")
    assert [u.name for u in item[0].units] == ["市大数据中心", "市民政局"]


def test_a_paragraph_closed_by_one_marker_is_one_measure_with_its_units(finder: MeasureFinder) -> None:
    text = (
        "某省节水型社会建设工作方案\n"
        "二、主要任务\n"
        "统筹城乡供水与节水管理，优化用水结构布局。开展重点用水单位用水情况调查，严格控制高耗水项目。"
        "构建工业、农业、生活用水循环利用体系。完善再生水利用设施，扩大再生水使用范围。"
        "（省水利厅、省住房城乡建设厅指导）\n"
        "加强节水宣传，提高全社会节水意识。组织开展节水宣传周活动。推动节水进校园。（省水利厅指导）\n"
    )
    found = finder.find(make_doc(text))
    assert [[u.name for u in m.units] for m in found] == [["省水利厅", "省住房城乡建设厅"], ["省水利厅"]]
    assert found[0].text.startswith("统筹城乡供水") and found[0].text.endswith("指导）")


def test_a_paragraph_with_a_marker_inside_is_not_read_whole(units: UnitFinder) -> None:
    assert units.closing_marker("甲事项。乙事项。（县民政局负责）")
    assert not units.closing_marker("甲事项。（县民政局负责）乙事项。（县财政局负责）")
    assert not units.closing_marker("甲事项，（见附件）。")
    assert not units.closing_marker("开展甲事项（县民政局负责），推进乙事项（县财政局负责）。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("县生态环境局，在开展执法检查时，应当出示执法证件。", "县生态环境局"),
        ("各供热企业，对其管理的供热管网，应当定期巡查维修。", "各供热企业"),
        ("镇人民政府和县农业农村局，按照各自的职责，负责农村公路的养护。", "县农业农村局"),
    ],
)
def test_a_subject_before_one_adverbial_clause_and_its_modal(units: UnitFinder, text: str, name: str) -> None:
    assert name in [u.name for u in units.find(text)]


def test_a_body_and_its_act_before_the_comma_are_not_one_name(units: UnitFinder) -> None:
    names = [u.name for u in units.find("甲镇人民政府、乙街道办事处设立便民服务站，按照规定，负责日常咨询。")]
    assert not any("服务站" in n for n in names)
