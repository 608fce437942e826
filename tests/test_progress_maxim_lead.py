"""A work report turns from its review to its problems with a maxim (`思危方能居安，知忧才能克难。`:
real NR00207, NR00255, NR00261, NR00268, NR00269, NR00300) or a lead-in (`还面临不少困难问题`: real
NR00233, NR00331): neither is a shortfall of its own; the problems listed after them are. Texts
written for the test."""

from __future__ import annotations

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def test_a_maxim_before_the_problems_states_nothing(progress_rules: ProgressFinder) -> None:
    body = (
        "一年来，全县新建改建农村公路120公里，城乡居民收入稳步增长。\n"
        "居安方能思危，知难才能克难。我们也清醒看到，县域经济总量偏小，产业转型步伐较慢，民生领域还有不少短板。\n"
    )
    found = progress_pairs(progress_rules, "政府工作报告", body, "report")
    assert found, "the review and the problems state"
    assert not any("才能" in text for _, text in found)


def test_a_lead_in_to_problems_states_nothing(progress_rules: ProgressFinder) -> None:
    body = (
        "一年来，全县新建改建农村公路120公里。\n"
        "经济社会发展中还存在不少困难问题。产业转型步伐较慢，民生领域还有不少短板。\n"
    )
    found = progress_pairs(progress_rules, "政府工作报告", body, "report")
    assert ("lagging", "产业转型步伐较慢，民生领域还有不少短板") in found
    assert not any(text.endswith("困难问题") for _, text in found)
