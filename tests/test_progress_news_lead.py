"""A news item's opening statement is its news, not a task's status: a report published, a case
made public, inspectors sent, a meeting's deliberation (real NR00039, NR00053, NR00067, NR00045;
dev GG13), unless it carries an explicit cue (`完成…`, `已…`, `截至…`: dev GG03, GG06, GD09) or a
shortfall, starts an item or opens as a review. Texts written for the test, each long enough to
have a body beyond its lead."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

# A body after the lead, as long as a news page's, stating work done in its own right.
_BODY = (
    "督查组了解到，省交通运输厅已完成12个国省干线公路项目的审批，总投资约260亿元。\n"
    "省水利厅今年28项在建水利工程的中央投资已经全部下达，其中20项已开工建设。\n"
    "省发展改革委前5个月下达省级预算内投资56亿元，完成年度计划的62%。\n"
    "各市也相继出台配套措施，省会城市已建立重大项目审批绿色通道，审批时限压缩一半。\n"
    "省住房城乡建设厅已完成城镇老旧小区改造开工任务的80%，惠及居民3.2万户。\n"
)


@pytest.mark.parametrize(
    ("lead", "news"),
    [
        ("本台消息：省政府近日派出6个督查组，赴12个市对稳投资政策落实情况开展实地督查。\n", "派出6个督查组"),
        ("今天，省审计厅发布了2023年度省级预算执行的审计工作报告。\n", "发布了"),
        ("党的二十大以来，全省各地认真贯彻省委决策部署，稳投资工作取得明显成效。\n", "明显成效"),
    ],
)
def test_the_lead_of_a_news_item_is_its_news(progress_rules: ProgressFinder, lead: str, news: str) -> None:
    found = progress_pairs(progress_rules, "省政府督查稳投资政策落实", lead + _BODY, "report")
    assert not any(news in text for _, text in found)
    assert any("省交通运输厅已完成12个国省干线公路项目的审批" in text for _, text in found)


@pytest.mark.parametrize(
    ("lead", "said"),
    [
        ("省政府6个督查组日前完成对12个市的实地督查工作。\n", "完成对12个市"),
        ("截至6月底，全省稳投资政策清单中的40项措施已完成35项。\n", "已完成35项"),
    ],
)
def test_a_lead_with_an_explicit_cue_states_progress(
    progress_rules: ProgressFinder, lead: str, said: str
) -> None:
    found = progress_pairs(progress_rules, "省政府督查稳投资政策落实", lead + _BODY, "report")
    assert any(said in text and status == "done" for status, text in found)


def test_a_short_text_is_all_lead_and_keeps_its_statement(progress_rules: ProgressFinder) -> None:
    body = "本台消息：省政府近日派出6个督查组，赴12个市对稳投资政策落实情况开展实地督查。\n"
    found = progress_pairs(progress_rules, "省政府督查稳投资政策落实", body, "report")
    assert any("派出6个督查组" in text for _, text in found)
