"""Progress (issue 9): a progress table's progress cells, an assessment's ranks and `仍未`-type
shortfalls, each with a text written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import make_doc


@pytest.fixture(scope="module")
def finder() -> ProgressFinder:
    return ProgressFinder.default()


def pairs(finder: ProgressFinder, title: str, body: str, kind: DocKind = "report") -> list[tuple[str, str]]:
    doc = make_doc(title + "\n" + body)
    doc.meta.kind = kind
    return [(p.status, "".join(p.text.split())) for p in finder.find(doc)]


# A page that flattened its table one cell a line, as scraped progress tables are.
_TABLE = """某县2025年民生项目进度表（截至9月30日）
序号
项目内容
当前进度
牵头单位
1
新建社区食堂6处,新增助餐点20个。
85%（东区食堂进度滞后）
县民政局
2
改造城区供水管网12公里。
90%
县水务局
3
建成投用乡镇文化站3个。
100%
县文旅局
"""


def test_a_progress_column_cell_is_the_rows_statement(finder: ProgressFinder) -> None:
    got = pairs(finder, "某县民生项目进度", _TABLE)
    assert got == [
        ("lagging", "85%（东区食堂进度滞后）"),
        ("in_progress", "90%"),
        ("done", "100%"),
    ]


def test_a_schedule_column_is_no_progress_column(finder: ProgressFinder) -> None:
    body = (
        _TABLE.replace("当前进度", "进度安排")
        .replace("县民政局", "县民政局\n")
        .replace("85%（东区食堂进度滞后）", "9月底前")
    )
    assert not any(text in ("90%", "100%") for _, text in pairs(finder, "某县民生项目进度", body))


_RANKS = """现将考核结果通报如下:
一、街道考核结果
第一名:东湖街道第二名:西湖街道第三名:南湖街道
末位街道:北湖街道、中湖街道
二、部门考核结果
1、部门末位排名
甲局乙局
"""


def test_an_assessments_ranks_are_one_statement_per_standing(finder: ProgressFinder) -> None:
    got = pairs(finder, "关于某区卫生整治考核结果的通报", _RANKS)
    assert got == [
        ("in_progress", "第一名:东湖街道第二名:西湖街道第三名:南湖街道"),
        ("lagging", "末位街道:北湖街道、中湖街道"),
        ("lagging", "部门末位排名甲局乙局"),
    ]


# The notice's closing sentence and its signature follow the last ranks on lines of their own,
# with no end punctuation before them: normalisation joins them to the names (a page of short
# lines, whose typical width is a rank line's).
_RANKS_CLOSED = """各社区,区直各部门:
根据《某区人居环境整治考核办法》规定,区整治办于2025年5月组织人员采取明查暗访的形式,对全区12个社区和\
区直各部门人居环境整治工作情况进行了考核。现将考核结果通报如下:
一、社区考核结果
城区组:
第一名:东湖社区 第二名:西湖社区
第三名:南湖社区
末位社区:北湖社区
郊区组:
第一名:南岭社区 第二名:北岭社区
第三名:中岭社区
末位社区:东岭社区、西岭社区
山区组:
第一名:东山社区 第二名:西山社区
第三名:南山社区
末位社区:北山社区、中山社区
希望排名靠前的单位再接再厉,再创佳绩,排名靠后的单位要鼓足干劲,迎头赶上,为建设美丽城区作出应有贡献。
二、部门考核结果
1、部门末位排名
甲局 乙局
2、职能部门末位排名
丙局


某区人居环境整治工作领导小组办公室
2025年5月20日
"""


def test_the_last_ranks_end_where_their_line_ended(finder: ProgressFinder) -> None:
    got = pairs(finder, "关于某区人居环境整治考核结果的通报", _RANKS_CLOSED)
    assert got == [
        ("in_progress", "第一名:东湖社区第二名:西湖社区第三名:南湖社区"),
        ("lagging", "末位社区:北湖社区"),
        ("in_progress", "第一名:南岭社区第二名:北岭社区第三名:中岭社区"),
        ("lagging", "末位社区:东岭社区、西岭社区"),
        ("in_progress", "第一名:东山社区第二名:西山社区第三名:南山社区"),
        ("lagging", "末位社区:北山社区、中山社区"),
        ("lagging", "部门末位排名甲局乙局"),
        ("lagging", "职能部门末位排名丙局"),
    ]


def test_a_rank_in_prose_is_no_rank_line(finder: ProgressFinder) -> None:
    body = "全市综合考评居全省第一名，比上年前进两位。\n"
    assert all(not text.startswith("第一名") for _, text in pairs(finder, "某市工作总结", body))


def test_still_not_is_a_shortfall_not_the_predicate_after_it(finder: ProgressFinder) -> None:
    body = "一年来，全市经济稳步增长。我们清醒看到，城区部分道路拥堵状况仍未有效改善。\n"
    got = pairs(finder, "某市政府工作报告", body)
    assert ("lagging", "城区部分道路拥堵状况仍未有效改善") in got
    assert not any(status == "done" and "仍未" in text for status, text in got)


def test_still_not_in_a_read_out_is_the_setting(finder: ProgressFinder) -> None:
    body = "会议指出，当前雨季仍未过去，各地要做好防汛准备。\n"
    assert pairs(finder, "某市政府常务会议", body, kind="minutes") == []


def test_a_plans_new_date_after_work_under_way_is_its_own_statement(finder: ProgressFinder) -> None:
    body = "会议听取了重点项目推进情况汇报。某商业综合体正在进行外立面装修，计划11月15日开业。\n"
    got = pairs(finder, "某区重点项目推进会议纪要", body, kind="minutes")
    assert ("planned", "计划11月15日开业") in got


def test_a_page_flattened_whole_reads_its_review_and_plan_apart(finder: ProgressFinder) -> None:
    review = (
        "过去一年，全区新建污水管网32公里，改造老旧小区18个。"
        + "各项民生工作稳步推进，群众满意度持续提升。" * 25
    )
    plan = "2026年工作安排 2026年是关键之年。全年新建污水管网40公里，改造老旧小区25个。" + (
        "加快推进城市更新，着力提升公共服务水平。" * 25
    )
    body = "各位代表：" + review + plan + "\n"
    got = pairs(finder, "某区政府工作报告", body)
    assert any("全区新建污水管网32公里" in text for _, text in got)
    assert not any("40公里" in text or "25个" in text for _, text in got)


def test_a_pipe_tables_first_row_is_its_header(finder: ProgressFinder) -> None:
    body = (
        "序号 | 项目名称 | 进展情况 | 责任单位\n"
        "1 | 新建停车场3处 | 已完成2处，第3处正在施工 | 县住建局\n"
        "2 | 改造农贸市场2个 | / | 县商务局\n"
        "3 | 建设公园1个 | 因用地未落实，尚未开工 | 县自然资源局\n"
    )
    assert pairs(finder, "某县重点项目推进情况表", body) == [
        ("in_progress", "已完成2处，第3处正在施工"),
        ("lagging", "因用地未落实，尚未开工"),
    ]


def test_a_markdown_tables_rule_line_keeps_its_header(finder: ProgressFinder) -> None:
    body = "| 序号 | 项目名称 | 进展情况 |\n|---|---|---|\n| 1 | 新建停车场3处 | 已完成2处 |\n| 2 | 改造农贸市场2个 | 正在施工 |\n"
    assert pairs(finder, "某县重点项目推进情况表", body) == [
        ("done", "已完成2处"),
        ("in_progress", "正在施工"),
    ]
