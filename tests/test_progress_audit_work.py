"""An audit's own work told in its results (`progress.audit_own_work.v1`), texts written for the
test: who and what was audited or sampled is the audit being done, not a task's progress; what it
found and what was done about it stay."""

from __future__ import annotations

import pytest

from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs

RESULT = "截至今年6月底，有关部门已整改问题金额12.5亿元。\n"


@pytest.mark.parametrize(
    "scope",
    [
        "从去年起，审计署重点审计了三个省的农村公路建设资金，这是近年规模最大的一次交通资金审计。\n",
        "此次审计共抽查交通资金320.5亿元，占同期全省交通资金的21.3%。\n",
        "审计署抽查了86个单位、140个项目，涉及项目资金530.2亿元。\n",
        "此次交通资金审计工作，审计署对省交通运输厅及所属公路局，12个市级交通部门的建设资金进行了审计。\n",
    ],
)
def test_an_audits_own_work_is_no_progress(progress_rules: ProgressFinder, scope: str) -> None:
    found = progress_pairs(progress_rules, "某省交通资金审计结果公告", scope + RESULT, "report")
    assert any("12.5亿元" in t for _, t in found), found
    assert len(found) == 1, found


def test_what_the_audit_did_about_its_findings_stays(progress_rules: ProgressFinder) -> None:
    text = "审计署对发现的问题线索已移送有关部门处理。\n" + RESULT
    found = progress_pairs(progress_rules, "某省交通资金审计结果公告", text, "report")
    assert any("移送" in t for _, t in found), found
