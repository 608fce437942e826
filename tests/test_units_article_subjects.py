"""An article's subject right after its number in regulations (issue 9, real text):

- a business that an article names by what it does (`从事…的经营者应当…`, `收购…的经营者应当…`) is
  the unit, as the bare `经营者应当…` is; a 负责 inside its 的-clause is the act of the body before it
  (`X部门负责监督的经营者`), so that body stays the unit;
- the owners' assembly (`业主大会可以…`, `业主大会、业主委员会应当…`) is a unit; its standing meeting
  (`业主大会定期会议`) is no cut after `定期`;
- `未经X决定，Y不得…`: X only approves, Y after the comma is the subject.
Invented fixtures."""

from __future__ import annotations

import pytest

from duban.extractors.units import UnitFinder
from tests.conftest import unit_names


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第十六条 从事旅游客运的经营者应当依法营运。", ["从事旅游客运的经营者"]),
        ("第九条 收购旧家电的经营者应当登记出售人信息。", ["收购旧家电的经营者"]),
        ("第五条 排放噪声的娱乐场所经营者应当采取隔音措施。", ["排放噪声的娱乐场所经营者"]),
        ("第九条 业主大会可以通过招标方式选聘物业服务企业。", ["业主大会"]),
        ("第二十条 业主大会、业主委员会应当督促业主遵守管理规约。", ["业主大会", "业主委员会"]),
    ],
)
def test_article_subject_is_the_unit(unit_finder: UnitFinder, text: str, expected: list[str]) -> None:
    """A business named by what it does and the owners' assembly, right after the article number."""
    assert unit_names(unit_finder, text) == expected


def test_duty_inside_the_clause_belongs_to_the_body_before(unit_finder: UnitFinder) -> None:
    text = "第七条 区市场监管部门负责日常检查的餐饮经营者名单应当公布。"
    assert "区市场监管部门负责日常检查的餐饮经营者" not in unit_names(unit_finder, text)


def test_standing_meeting_is_not_cut_after_its_period(unit_finder: UnitFinder) -> None:
    text = "业主可以提议业主大会定期会议讨论续聘事项。"
    assert "提议业主大会" not in unit_names(unit_finder, text)


def test_approver_after_without_is_no_subject(unit_finder: UnitFinder) -> None:
    text = "未经县水务主管部门同意，建设单位不得占用河道管理范围。"
    names = unit_names(unit_finder, text)
    assert not any(n.startswith("未经") for n in names)
    assert "建设单位" in names
