"""What counts as shared content: a citation two documents both make of a third document is that
document's name, not text one of them took from the other.

Every document here is written for these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import find_links
from tests.conftest import record

NATIONAL = "《国务院办公厅关于推进基层综合性文化服务中心建设的指导意见》（国办发〔2015〕74号）"
PROVINCIAL = "《湖东省人民政府办公厅关于推进基层综合性文化服务中心建设的实施意见》（湖政办发〔2016〕21号）"

# Two documents that cite the same national and provincial opinions and share nothing else.
CITY_PLAN = f"""白石市人民政府关于印发白石市乡镇综合文化站提升方案的通知
白政发〔2017〕3号
各县区人民政府：
为贯彻落实{NATIONAL}和{PROVINCIAL}精神，制定本方案。
一、2017年底前完成全部乡镇综合文化站达标改造，每站配备专职管理员两名。（责任单位：市文广局）
二、2018年6月底前建成乡镇文化站数字服务平台。（责任单位：市文广局、市财政局）
白石市人民政府
2017年2月8日
"""

COUNTY_REPORT = f"""青松县文化和旅游局关于基层文化服务中心建设情况的报告
县政府：
根据{NATIONAL}和{PROVINCIAL}要求，我县积极推进村级文化服务中心建设，已建成村级服务中心一百二十个，覆盖率达到百分之六十。
青松县文化和旅游局
2018年3月2日
"""


# Other documents of the collection: shared wording is weighed by how rare it is among them.
OTHERS = [
    """云岭县人民政府关于印发云岭县农村饮水安全巩固提升方案的通知
云政发〔2019〕8号
一、2019年底前完成农村饮水工程维修养护三十处。（责任单位：县水利局）
二、2020年6月底前实现农村集中供水率达到百分之九十。（责任单位：县水利局）
""",
    """东岚市人民政府办公室关于加强城市道路挖掘管理的通知
东政办发〔2020〕5号
一、严格道路挖掘审批，未经批准不得擅自挖掘城市道路。（责任单位：市城管局）
二、2020年底前建立道路挖掘信息平台。（责任单位：市住建局）
""",
    """青山区人民政府关于印发青山区老旧小区改造工作方案的通知
青区政发〔2021〕2号
一、2021年底前完成老旧小区改造十二个。（责任单位：区住建局）
二、同步推进加装电梯和停车设施建设。（责任单位：区住建局、区交警大队）
""",
]


def content_links(follower: str, *directives: str) -> list[tuple[str, str]]:
    """The follower's resolved links as (directive id, how); directives are named D0, D1, …"""
    docs = [record(text, f"D{i}") for i, text in enumerate([*directives, *OTHERS])]
    found = find_links([*docs, record(follower, "F")])
    return [
        (str(link.directive.doc_id), link.via)
        for link in found
        if link.follower.doc_id == "F" and link.resolved
    ]


def test_two_documents_citing_one_parent_are_not_linked_by_the_citation() -> None:
    assert content_links(COUNTY_REPORT, CITY_PLAN) == []


def test_a_follower_citing_the_parent_that_also_restates_the_plan_is_still_linked() -> None:
    restates = COUNTY_REPORT.replace(
        "我县积极推进",
        "我县对照市里方案，已完成全部乡镇综合文化站达标改造，每站配备专职管理员两名，并积极推进",
    )
    assert content_links(restates, CITY_PLAN) == [("D0", "content")]
