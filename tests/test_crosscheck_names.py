"""Names are no quotation: two documents that list the same bodies, or the same office holders,
share those names because the bodies exist, not because one relays the other (issue 10).

Every text here is written for these tests: a plan merging a province's bodies and the next
inspection round's list of bodies; two councils' rosters; a plan's task that names its lead body
in a clause, restated by a report.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import DirectiveIndex, content_links
from duban.pipeline.crosscheck_content import name_spans
from tests.conftest import record

MERGER = """湖东省委印发《湖东省机构调整方案》
近日，湖东省委印发了《湖东省机构调整方案》，要求各地各部门结合实际认真贯彻执行。
组建湖东省湿地保护中心，不再保留青岚河流域治理委员会办公室；
将东川丘陵综合开发研究室并入省自然资源厅，不再单独设置；
撤销南岭林业资源调查局，其职责划入省林业局；
调整北麓草原生态监测理事会隶属关系，由省农业农村厅管理；
各地区各部门要在2019年底前完成机构调整工作。
"""

ROUND = """湖东省委第五轮巡视将对21个单位党组织开展专项巡视
经省委批准，湖东省委第五轮巡视将对省交通运输厅党组、青岚河流域治理委员会办公室党组、
东川丘陵综合开发研究室党组、南岭林业资源调查局党组、北麓草原生态监测理事会党组、
省体育局党组等21个单位党组织开展专项巡视。
"""


def _linked(directive: str, follower: str) -> bool:
    records = [record(directive, "d"), record(follower, "f")]
    index = DirectiveIndex(records)
    return any(link.directive.doc_id == "d" for link in content_links(index, [index.records["f"]], []))


def test_the_items_of_a_list_of_bodies_are_names() -> None:
    text = "将对省交通运输厅党组、青岚河流域治理委员会办公室党组、南岭林业资源调查局党组等单位开展巡视"
    names = [text[s:e] for s, e in name_spans(text)]
    assert names == ["青岚河流域治理委员会办公室党组", "南岭林业资源调查局党组"]
    # A row of a roster as a page stores it (its cells' spaces dropped): a label, a person's post.
    row = "副组长：张青林湖东省水利厅副厅长"
    assert [row[s:e] for s, e in name_spans(row)] == ["副组长", "张青林湖东省水利厅副厅长"]
    # Rows run together once the table is flattened: each a person and a post.
    rows = "赵南山省财政厅副厅长陈西岭省自然资源厅副厅长周中原省林业局副局长"
    assert name_spans(rows) == [(0, len(rows))]
    assert name_spans("赵南山省财政厅副厅长要求各地加快进度") == []
    # A body named in a clause is no item of its own, nor is an item read as one beside others
    # that are none.
    assert name_spans("由南岭林业资源调查局牵头，在年底前完成林地清查") == []
    assert name_spans("对落实重大政策真抓实干、取得明显成效的地方给予奖励") == []


def test_an_inspection_round_listing_the_bodies_a_plan_merges_does_not_follow_it() -> None:
    """Before names were left out, the four bodies the two share were four directive sentences
    spoken of: the round was linked to the plan and given its deadline's status."""
    assert not _linked(MERGER, ROUND)


ROSTER = """湖东省人民政府办公厅关于调整省湿地保护委员会组成人员的通知
根据人员变动情况和工作需要，省政府决定对省湿地保护委员会组成人员进行调整。现将调整后的名单通知如下：
主　任：王东明　　副省长
副主任：张青林　　省水利厅厅长
李北川　　省政府副秘书长
委　员：赵南山　　省财政厅副厅长
陈西岭　　省自然资源厅副厅长
周中原　　省林业局副局长
省湿地保护委员会办公室设在省林业局，承担委员会日常工作。
各成员单位要明确一名处级干部担任联络员，并于2019年3月底前报委员会办公室备案。
"""

OTHER_ROSTER = """湖东省人民政府关于同意建立省河湖长制工作联席会议制度的批复
同意建立省河湖长制工作联席会议制度，联席会议不刻制印章，不正式行文。
附件：省河湖长制工作联席会议成员名单
召集人：张青林　　省水利厅厅长
李北川　　省政府副秘书长
成　员：赵南山　　省财政厅副厅长
陈西岭　　省自然资源厅副厅长
周中原　　省林业局副局长
"""


def test_a_roster_sharing_members_with_another_does_not_follow_it() -> None:
    assert not _linked(ROSTER, OTHER_ROSTER)


PLAN = """青山市人民政府关于加快沿河绿化带建设的实施意见
一、由青山市园林绿化局牵头，沿河两岸新建绿化带一百二十公里，2024年底前全部完成苗木栽植。
二、青山市水务局会同各区人民政府，对沿河排污口逐一排查登记，2024年9月底前完成整治。
三、各区人民政府要建立沿河绿化带日常巡查制度，每月至少巡查两次并建立台账。
"""

REPORT = """青山市2024年上半年沿河绿化工作进展情况
由青山市园林绿化局牵头，沿河两岸新建绿化带一百二十公里的工作正在推进，已完成苗木栽植六十公里。
青山市水务局会同各区人民政府，对沿河排污口逐一排查登记，已完成整治三百余处。
各区人民政府已建立沿河绿化带日常巡查制度，每月至少巡查两次并建立台账。
"""


def test_tasks_that_name_their_bodies_in_clauses_still_link() -> None:
    assert _linked(PLAN, REPORT)
