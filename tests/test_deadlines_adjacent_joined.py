"""Two bounds that touch and read as one are one deadline, as written: a bare period and the
season it recurs before (`每年汛期前`), an event and the length after it (`在项目验收合格后10日内`),
the day before an event and that day's hour (`在飞行前1天15时前`). Read apart, each rule took a
piece (`每年` and `汛期前`), and neither piece was the bound the text sets."""

from __future__ import annotations

import pytest

from duban.extractors.deadlines import DeadlineFinder


@pytest.mark.parametrize(
    ("text", "span", "kind", "period"),
    [
        ("各水库管理单位每年汛期前完成安全检查。", "每年汛期前", "recurring", "P1Y"),
        ("村委会于每年汛前汇总转移名单。", "每年汛前", "recurring", "P1Y"),
        ("工会每年春节前走访困难职工。", "每年春节前", "recurring", "P1Y"),
        ("建设单位应当在项目验收合格后10日内移交资料。", "在项目验收合格后10日内", "relative", "P10D"),
        ("医务人员应当在抢救结束后6小时内补记病历。", "在抢救结束后6小时内", "relative", "PT6H"),
        ("申请人应当在拟飞行前1天15时前提出申请。", "在拟飞行前1天15时前", "relative", "P1D"),
    ],
)
def test_touching_bounds_that_read_as_one_are_one(
    deadline_finder: DeadlineFinder, text: str, span: str, kind: str, period: str
) -> None:
    found = deadline_finder.find(text, 5, 2024)
    assert [(d.text, d.kind, d.period) for d in found] == [(span, kind, period)]
    assert text[found[0].start - 5 : found[0].end - 5] == span


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("劳动者每日工作不得超过八小时。", ["每日", "不得超过八小时"]),
        ("每年汛期前、春节前各检查一次。", ["每年汛期前", "春节前"]),
        ("项目验收合格后，10日内移交资料。", ["项目验收合格后", "10日内"]),
    ],
)
def test_bounds_apart_or_of_other_shapes_stay_apart(
    deadline_finder: DeadlineFinder, text: str, spans: list[str]
) -> None:
    assert [d.text for d in deadline_finder.find(text, 0, 2024)] == spans
