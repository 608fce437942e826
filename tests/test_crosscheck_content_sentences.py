"""Content linking sentence by sentence, and followers naming their directive loosely.

A progress report that lists the directive's tasks, or a table of this year's items, restates each
task in a few words and its figures; it never quotes a long run of the directive. A follower may
also name the directive by its title without the place, or by its number in any bracket form.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.base.stored import StoredDocument
from duban.pipeline.crosscheck import find_links
from duban.pipeline.crosscheck_content import facts_of
from tests.conftest import record

WATER = """青禾市人民政府办公室关于印发青禾市城乡供水一体化三年攻坚行动方案的通知
青政办发〔2023〕17号
各区县人民政府，市政府各部门：
《青禾市城乡供水一体化三年攻坚行动方案》已经市政府同意，现印发给你们，请认真贯彻执行。
青禾市人民政府办公室
2023年3月8日
一、主要任务
（一）实施水源置换工程。2023年底前完成北岭水库至东区输水管线建设，新增日供水能力8万吨。（责任单位：市水务局、市发展改革委）
（二）推进老旧管网改造。2024年6月底前完成城区老旧供水管网改造120公里，管网漏损率降至9%以下。（责任单位：市水务局、市住房城乡建设局）
（三）建设村级智慧水表系统。2025年底前全市行政村智慧水表覆盖率达到85%。（责任单位：市水务局、市大数据局）
（四）建立水质检测季报制度。每季度末向社会公布出厂水、末梢水检测结果。（责任单位：市卫生健康委）
"""

ELDERLY = """云岭县人民政府关于印发云岭县社区嵌入式养老服务提质行动计划的通知
云政发〔2024〕6号
各乡镇人民政府，县直各单位：
现将《云岭县社区嵌入式养老服务提质行动计划》印发给你们，请抓好落实。
云岭县人民政府
2024年2月20日
一、重点任务
（一）建设社区助餐点。2024年9月底前在城区新建老年助餐点14个，实现步行十五分钟可达。（责任单位：县民政局）
（二）推进适老化改造。2024年底前完成特殊困难老年人家庭适老化改造600户。（责任单位：县民政局、县住房城乡建设局）
（三）培育护理员队伍。2025年6月底前培训养老护理员320名，持证上岗率达到90%。（责任单位：县人力资源社会保障局）
（四）开通夜间照护热线。依托县养老服务中心开通夜间照护热线，全天候响应独居老人求助。（责任单位：县民政局）
"""

UNRELATED = """白石县人民政府关于印发白石县农村道路三年提升方案的通知
白政发〔2023〕5号
各乡镇人民政府：
一、主要任务
（一）2023年底前完成县乡道路硬化60公里。（责任单位：县交通运输局）
（二）2024年底前实现村村通客车。（责任单位：县交通运输局）
白石县人民政府
2023年2月1日
"""

WATER_REPORT = """东区水务局关于2023年供水工作进展情况的报告
东水报〔2023〕31号
市水务局：
{body}
东区水务局
2023年11月20日
"""

ELDERLY_REPORT = """县民政局关于上半年养老服务工作推进情况的报告
县政府：
{body}
县民政局
2024年7月10日
"""

WATER_TASKS = (
    "今年以来，我区对照市里部署推进各项工作。北岭水库至东区输水管线建设已完工，新增日供水能力8万吨。"
    "城区老旧供水管网改造已完成86公里，管网漏损率降至10.2%。村级智慧水表系统正在招标，预计2025年底前"
    "覆盖率达到85%。"
)
WATER_TABLE = (
    "序号 | 任务 | 完成时限 | 进展\n"
    "1 | 实施水源置换工程，新增日供水能力8万吨 | 2023年底前 | 已完成\n"
    "2 | 老旧供水管网改造120公里 | 2024年6月底前 | 完成86公里\n"
    "3 | 村级智慧水表系统 | 2025年底前 | 招标中"
)
ELDERLY_TASKS = (
    "上半年，城区已建成老年助餐点9个，计划新建的14个其余5个9月底前投用。特殊困难老年人家庭适老化改造"
    "完成410户，年底前可完成600户。已培训养老护理员150名，距320名目标尚差170名。夜间照护热线已于5月开通。"
)


def links_from(follower: StoredDocument, *directives: StoredDocument) -> dict[str, str]:
    """The follower's resolved links as directive -> how."""
    found = find_links([*directives, follower])
    return {
        str(link.directive.doc_id): link.via
        for link in found
        if link.follower.doc_id == follower.doc_id and link.resolved
    }


@pytest.mark.parametrize(
    ("directive", "follower"),
    [
        (WATER, WATER_REPORT.format(body=WATER_TASKS)),
        (WATER, WATER_REPORT.format(body=WATER_TABLE)),
        (ELDERLY, ELDERLY_REPORT.format(body=ELDERLY_TASKS)),
    ],
    ids=["report-lists-tasks", "table-of-items", "other-directive-report"],
)
def test_a_follower_that_never_names_its_directive_is_linked_by_its_tasks(
    directive: str, follower: str
) -> None:
    found = find_links([record(directive, "D"), record(UNRELATED, "O"), record(follower, "F")])
    content = [link for link in found if link.follower.doc_id == "F" and link.resolved]
    assert [(link.directive.doc_id, link.via) for link in content] == [("D", "content")]
    match = content[0].content
    assert match is not None and match.sentences >= 3
    assert content[0].evidence


@pytest.mark.parametrize(
    "body",
    [
        "我区高度重视城乡供水工作，加强水务管理，提升供水保障能力，群众满意度不断提高。",
        "我区认真落实供水一体化各项要求，推进城乡供水工作，完善管网建设，加强水质检测。",
    ],
)
def test_topic_words_alone_do_not_link(body: str) -> None:
    assert (
        links_from(record(WATER_REPORT.format(body=body), "F"), record(WATER, "D"), record(UNRELATED, "O"))
        == {}
    )


def test_the_same_tasks_of_another_body_are_not_figures_this_one_states() -> None:
    """A report on the roads plan shares no task, figure or place with the water plan."""
    roads = WATER_REPORT.format(body="县乡道路硬化已完成45公里，村村通客车年底前实现。")
    assert "D" not in links_from(record(roads, "F"), record(WATER, "D"))


@pytest.mark.parametrize(
    ("directive", "follower"),
    [
        (
            WATER,
            WATER_REPORT.format(
                body="按照市政府办公室《城乡供水一体化三年攻坚行动方案》要求，现将工作情况报告如下。"
            ),
        ),
        (
            ELDERLY,
            ELDERLY_REPORT.format(
                body="根据县政府《社区嵌入式养老服务提质行动计划》部署，现将推进情况报告如下。"
            ),
        ),
    ],
)
def test_a_title_quoted_without_its_place_names_the_local_plan(directive: str, follower: str) -> None:
    assert links_from(record(follower, "F"), record(directive, "D")) == {"D": "title"}


@pytest.mark.parametrize(
    "number",
    [
        "青政办发〔2023〕17号",
        "青政办发[2023]17号",
        "青政办发（2023）17号",
        "青政办发【2023】17号",
        "青政办发〔2023〕第17号",
        "青政辦發(fā)〔2023〕17號",
        "青政办发〔２０２３〕１７号",
    ],
)
def test_a_follower_naming_only_the_number_in_any_form_is_linked(number: str) -> None:
    body = f"按照{number}文件要求，现将工作情况报告如下：北岭输水管线已完工。"
    assert links_from(record(WATER_REPORT.format(body=body), "F"), record(WATER, "D")) == {"D": "number"}


def test_facts_are_figures_with_units_and_dates_folded() -> None:
    assert facts_of("新增日供水能力８万吨，2025年底前达到85％，9月底前投用") == {
        "8万吨",
        "2025年底",
        "85%",
        "9月底",
    }


@pytest.mark.parametrize(
    ("directive", "follower"),
    [
        (WATER, WATER_REPORT.format(body="按照《供水攻坚行动方案》要求，现将工作情况报告如下。")),
        (ELDERLY, ELDERLY_REPORT.format(body="根据《养老服务提质行动计划》部署，现将推进情况报告如下。")),
    ],
)
def test_a_short_name_keeping_the_genre_names_the_one_document_it_abbreviates(
    directive: str, follower: str
) -> None:
    assert links_from(record(follower, "F"), record(directive, "D"), record(UNRELATED, "O")) == {"D": "title"}


def test_a_short_name_two_documents_fit_names_neither() -> None:
    """`《供水行动方案》` fits the water plan and another body's water plan alike: not linked."""
    other = WATER.replace("青禾市", "柳川市").replace("青政办发", "柳政办发")
    follower = WATER_REPORT.format(body="按照《供水行动方案》要求，现将工作情况报告如下。")
    assert links_from(record(follower, "F"), record(WATER, "D"), record(other, "E")) == {}


BREAKDOWN = """{city}人民政府办公室关于印发{city}{plan}重点任务分解方案的通知
{prefix}〔2023〕21号
各区县人民政府，市政府各部门：
为落实《{city}{plan}（2023—2027年）》，现将重点任务分解如下，请认真贯彻执行。
一、{task_one}（责任单位：市水务局）
二、{task_two}（责任单位：市水务局）
{city}人民政府办公室
2023年4月2日
"""
PLAN_REPORT = """东区{body_unit}关于落实{plan}情况的报告
市{body_unit}：
按照《{city}{plan}（2023—2027年）》要求，我区{body}
东区{body_unit}
2023年11月20日
"""
PARENTS = [
    dict(
        city="青禾市",
        plan="城乡供水一体化规划",
        prefix="青政办发",
        task_one="2023年底前完成北岭水库至东区输水管线建设，新增日供水能力8万吨。",
        task_two="2024年6月底前完成城区老旧供水管网改造120公里。",
        body_unit="水务局",
        body="北岭水库至东区输水管线已建成，新增日供水能力8万吨。",
    ),
    dict(
        city="柳川市",
        plan="城市更新规划",
        prefix="柳政办发",
        task_one="2023年底前完成南湖片区老旧小区改造42个。",
        task_two="2024年底前建成口袋公园30处。",
        body_unit="住建局",
        body="南湖片区老旧小区改造已开工38个，年底前完成42个。",
    ),
]


@pytest.mark.parametrize("case", PARENTS, ids=["water", "renewal"])
def test_a_report_naming_only_the_plan_the_directive_breaks_down_is_linked_by_one_task(
    case: dict[str, str],
) -> None:
    directive = record(BREAKDOWN.format(**case), "D")
    follower = record(PLAN_REPORT.format(**case), "F")
    assert links_from(follower, directive) == {"D": "content"}
    silent = record(PLAN_REPORT.format(**{**case, "body": "认真推进各项工作，取得积极成效。"}), "S")
    assert links_from(silent, directive) == {}
