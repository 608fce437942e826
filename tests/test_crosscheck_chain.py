"""A report that names only the local plan implementing a directive reports on the directive too.

A county's report on its plan (`按照《某县…实施方案》要求`) does not name the provincial opinion the
plan implements, yet it reports on that opinion's tasks. When the plan is indexed and itself relays
the directive, the report is linked to the directive (`via: implements`); a policy naming the plan
is not by name (only by content, when it speaks of the directive's tasks), nor is a report naming
a plan that is not an implementing one.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import find_links
from tests.conftest import record

OPINION = """{province}人民政府办公厅关于{topic}的意见
{prefix}〔2022〕14号
各市、县人民政府，省政府各部门：
为{topic}，现提出以下意见。
一、{task_one}（责任单位：各市、县人民政府）
二、{task_two}（责任单位：各市、县人民政府）
三、{task_three}（责任单位：省财政厅）
{province}人民政府办公厅
2022年5月6日
"""
PLAN = """{county}人民政府关于印发{county}{short}实施方案的通知
{county_prefix}〔2022〕9号
各乡镇人民政府，县直各单位：
为贯彻落实《{province}人民政府办公厅关于{topic}的意见》（{prefix}〔2022〕14号），结合本县实际，制定本方案。
一、工作目标
到2023年底，全县工作取得明显成效。
{county}人民政府
2022年7月1日
"""
REPORT = """{county}{unit}关于{short}工作进展情况的报告
县人民政府：
按照《{county}{short}实施方案》要求，现将工作进展报告如下。
一、{progress}
二、下一步将继续抓好落实。
{county}{unit}
2023年10月9日
"""
CASES = [
    dict(
        province="东岚省",
        prefix="东政办发",
        topic="加快推进农村生活污水治理",
        task_one="2023年底前完成农村生活污水治理设施建设，行政村治理率达到60%。",
        task_two="建立农村污水处理设施第三方运维机制，运维覆盖率达到90%以上。",
        task_three="统筹安排省级补助资金，对欠发达县给予倾斜。",
        county="青禾县",
        county_prefix="青政发",
        short="农村生活污水治理",
        unit="生态环境分局",
        progress="全县已有18个行政村建成污水治理设施，第三方运维机制已覆盖全部设施。",
    ),
    dict(
        province="西川省",
        prefix="西政办发",
        topic="推进社区嵌入式养老服务",
        task_one="2023年底前每个街道至少建成一个社区嵌入式养老服务中心。",
        task_two="为特殊困难老年人家庭实施适老化改造，全年完成改造2000户。",
        task_three="落实养老服务机构运营补贴，按床位给予奖补。",
        county="云岭县",
        county_prefix="云政发",
        short="社区嵌入式养老服务",
        unit="民政局",
        progress="全县已为特殊困难老年人家庭实施适老化改造820户，养老服务机构运营补贴已按床位发放。",
    ),
]


def links_from(follower: StoredDocument, *directives: StoredDocument) -> dict[str, str]:
    """The follower's resolved links as directive -> how."""
    return {
        str(link.directive.doc_id): link.via
        for link in find_links([*directives, follower])
        if link.follower.doc_id == follower.doc_id and link.resolved
    }


@pytest.mark.parametrize("case", CASES, ids=["sewage", "elderly"])
def test_a_report_on_the_plan_is_linked_to_the_directive_it_implements(case: dict[str, str]) -> None:
    opinion, plan = record(OPINION.format(**case), "D"), record(PLAN.format(**case), "M")
    report = record(REPORT.format(**case), "F")
    assert links_from(report, opinion, plan) == {"M": "title", "D": "implements"}


@pytest.mark.parametrize("case", CASES, ids=["sewage", "elderly"])
def test_a_report_on_a_plan_of_another_genre_is_linked_to_the_plan_only(case: dict[str, str]) -> None:
    opinion = record(OPINION.format(**case), "D")
    plan = record(PLAN.format(**case).replace("实施方案", "工作要点"), "M")
    report = record(REPORT.format(**case).replace("实施方案", "工作要点"), "F")
    assert links_from(report, opinion, plan) == {"M": "title"}


@pytest.mark.parametrize("case", CASES, ids=["sewage", "elderly"])
def test_a_policy_naming_the_plan_is_not_linked_to_the_directive(case: dict[str, str]) -> None:
    opinion, plan = record(OPINION.format(**case), "D"), record(PLAN.format(**case), "M")
    policy = (
        REPORT.format(**case)
        .replace("工作进展情况的报告", "工作的通知")
        .replace("现将工作进展报告如下", "现将有关事项通知如下")
    )
    found = links_from(record(policy, "P"), opinion, plan)
    # Not by name (`implements` is for reports and minutes); by content when the policy speaks of
    # one of the directive's tasks (`_through_plan`), as this one speaks of its second.
    assert found.get("D") == "content"
    silent = policy.replace(case["progress"], "各乡镇要按方案抓好落实。")
    assert "D" not in links_from(record(silent, "P"), opinion, plan)
