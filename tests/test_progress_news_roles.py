"""Progress in news items read paragraph by paragraph, and a list lead-in after praise: found short
by the real yardstick (`benchmarks/eval_progress_real.py`), where one-paragraph news of an
inspection had its work hidden by the document-wide news gate. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def test_a_news_paragraph_that_reports_an_inspection_states_its_work(progress_rules: ProgressFinder) -> None:
    body = (
        "本台消息：6月中旬，省政府派出5个督查组，对各市农村供水工程建设情况进行了实地督查。"
        "督查发现，部分县水质检测覆盖率较低。督查组已向有关县提出整改意见，要求限期改正。\n"
    )
    found = progress_pairs(progress_rules, "省督查组赴各市督查农村供水", body, "other")
    assert any(
        s == "done" and t.endswith("省政府派出5个督查组，对各市农村供水工程建设情况进行了实地督查")
        for s, t in found
    )
    assert any(s == "done" and t.startswith("督查组已向有关县提出整改意见") for s, t in found)


def test_one_statement_is_enough_in_a_news_paragraph_that_reports_work(
    progress_rules: ProgressFinder,
) -> None:
    body = "第四轮省级生态环境保护督察今天全面启动，将对6个市开展督察。\n"
    assert progress_pairs(progress_rules, "省级环保督察动态。", body, "other") == [
        ("in_progress", "第四轮省级生态环境保护督察今天全面启动")
    ]


def test_a_news_paragraph_listing_only_problems_found_states_nothing(progress_rules: ProgressFinder) -> None:
    body = (
        "暗访中记者看到，城东农贸市场门前占道经营现象突出，排水沟堵塞。\n"
        "● 滨河夜市油污较重，部分摊位证照不全，消防设施不到位。\n"
    )
    assert progress_pairs(progress_rules, "暗访：一些市场环境卫生亟待整治", body, "other") == []


def test_news_of_other_work_states_nothing(progress_rules: ProgressFinder) -> None:
    body = "省政府日前印发实施意见，全省已建成各类产业园区40余个，为招商引资打下基础。\n"
    assert progress_pairs(progress_rules, "省政府印发实施意见。", body, "other") == []


def test_a_news_paragraph_with_a_requirement_is_not_a_report(progress_rules: ProgressFinder) -> None:
    body = "会议强调，各地要已完成排查的尽快整改，确保汛前全部完成。\n"
    assert progress_pairs(progress_rules, "全省防汛工作会议召开", body, "other") == []


@pytest.mark.parametrize(
    "praise",
    ["今年以来全市经济运行持续出现积极变化。", "过去一年，我们奠定了高质量发展的坚实基础。"],
)
def test_a_list_lead_in_after_praise_opens_achievements(progress_rules: ProgressFinder, praise: str) -> None:
    body = f"{praise}主要表现在：一是产业升级取得积极成效，新兴产业增加值占比提高。二是就业保持稳定。\n"
    found = progress_pairs(progress_rules, "区政府常务会议纪要", body, "minutes")
    assert found and found[0][0] == "done"
    assert all(s != "lagging" for s, _ in found)


def test_a_list_lead_in_after_problems_named_opens_shortfalls(progress_rules: ProgressFinder) -> None:
    body = "我们也清醒地看到，发展还面临不少困难和挑战，主要表现在：一是产业升级取得积极成效但后劲不足。\n"
    found = progress_pairs(progress_rules, "区政府常务会议纪要", body, "minutes")
    assert found and all(s == "lagging" for s, _ in found)
