"""Bounds named by a holiday (issues 9 and 10): `春节前`, `“五一”前`, `明年中秋节前` fall due the day
before the holiday, in the year named, else at the first such holiday on or after the document's
date; lunar holidays and 清明 come from the table `lexicons/holidays.txt`, checked on load.
Seasons without a day (`汛期前`, `入冬前`) stay undated. The fixed-day commemorations written in
quotes (`“七一”前`, `“八一”前`, `“六一”前`) are such bounds too, and a yearly bound before a holiday
(`每年春节前`, `每年“七一”前`) falls due, as of a day, the day before the holiday's next day.

Texts are written for the tests."""

from __future__ import annotations

import pytest

from duban.base.errors import DubanError
from duban.extractors.deadlines import DeadlineFinder, next_due
from duban.pipeline.status import check
from duban.rules.holidays import FIRST_YEAR, LAST_YEAR, MOVING, moving_dates, parse_holiday_table
from tests.conftest import record
from tests.test_deadlines_reference_date import dues


def test_a_lunar_holiday_ahead_of_the_notice_is_this_years(deadline_finder: DeadlineFinder) -> None:
    # Spring Festival 2025 fell on 29 January
    assert dues(deadline_finder, "各村务必于春节前把慰问金送到困难户手中。", "2025-01-06") == [
        ("春节前", "2025-01-28")
    ]


def test_a_holiday_already_past_is_next_years(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "请在元旦前完成全部账目清理。", "2025-02-10") == [("元旦前", "2025-12-31")]
    # Spring Festival 2026 falls on 17 February
    assert dues(deadline_finder, "春节前把慰问金送到困难户手中。", "2025-02-10") == [("春节前", "2026-02-16")]


def test_a_named_year_and_this_or_next_year(deadline_finder: DeadlineFinder) -> None:
    # Mid-Autumn 2024 fell on 17 September, Dragon Boat 2024 on 10 June
    assert dues(deadline_finder, "确保2024年中秋节前竣工通车。", "2023-11-02") == [
        ("2024年中秋节前", "2024-09-16")
    ]
    assert dues(deadline_finder, "力争明年端午节前建成开放。", "2023-11-02") == [
        ("明年端午节前", "2024-06-09")
    ]
    # `今年` keeps the document's year even when the holiday is behind it
    assert dues(deadline_finder, "今年国庆节前全部完工。", "2024-11-01") == [("今年国庆节前", "2024-09-30")]


def test_fixed_date_holidays_and_their_other_names(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "各站点“五一”前完成改造。", "2024-03-15") == [("“五一”前", "2024-04-30")]
    assert dues(deadline_finder, "各站点“十一”前完成改造。", "2024-03-15") == [("“十一”前", "2024-09-30")]
    assert dues(deadline_finder, "展馆须在国庆前夕完成布展。", "2024-03-15") == [("国庆前夕", "2024-09-30")]


def test_a_solar_term_holiday(deadline_finder: DeadlineFinder) -> None:
    # Qingming fell on 4 April 2024 and on 5 April 2019
    assert dues(deadline_finder, "清明节前完成林区巡查。", "2024-03-01") == [("清明节前", "2024-04-03")]
    assert dues(deadline_finder, "清明节前完成林区巡查。", "2019-03-01") == [("清明节前", "2019-04-04")]


def test_a_month_without_its_day_reads_from_its_first(deadline_finder: DeadlineFinder) -> None:
    assert dues(deadline_finder, "端午节前完成河道清淤。", "2024-05") == [("端午节前", "2024-06-09")]


@pytest.mark.parametrize(
    ("text", "doc_date"),
    [
        ("各乡镇在汛期前完成水库除险加固。", "2024-03-01"),
        ("入冬前完成供热管网检修。", "2024-03-01"),
        ("做好岁末年初安全生产工作。", "2024-12-01"),
        ("车辆于节前统一封存。", "2024-03-01"),
        ("春节前发放到位。", None),  # no date to look ahead from, nothing guessed
        ("春节前发放到位。", "2024"),
    ],
)
def test_bounds_without_a_day_of_their_own_stay_undated(
    deadline_finder: DeadlineFinder, text: str, doc_date: str | None
) -> None:
    assert all(due is None for _, due in dues(deadline_finder, text, doc_date))


def test_the_table_holds_every_year_and_known_days() -> None:
    table = moving_dates()
    assert len(table) == len(MOVING) * (LAST_YEAR - FIRST_YEAR + 1)
    assert table[("春节", 2024)].isoformat() == "2024-02-10"
    assert table[("春节", 2025)].isoformat() == "2025-01-29"
    assert table[("中秋", 2024)].isoformat() == "2024-09-17"
    assert table[("端午", 2024)].isoformat() == "2024-06-10"


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("2024 春节 2024-02-30", "日期无效"),
        ("2024 春节 2025-02-10", "不在 2024 年"),
        ("2024 重阳 2024-10-11", "未知节日"),
        ("2024 春节", "应为"),
    ],
)
def test_a_broken_table_line_fails_on_load(line: str, why: str) -> None:
    with pytest.raises(DubanError, match=rf"E030.*holidays.txt:2.*{why}"):
        parse_holiday_table(f"# header\n{line}\n", "holidays.txt")


def test_a_table_missing_a_year_fails_on_load() -> None:
    with pytest.raises(DubanError, match=r"E030.*缺少"):
        parse_holiday_table("2024 春节 2024-02-10\n", "holidays.txt")


HOLIDAY_NOTICE = """青山县人民政府办公室关于做好困难群众节日慰问工作的通知
各乡镇人民政府，县直各单位：
为保障困难群众温暖过节，现就有关事项通知如下。
一、发放慰问金。各乡镇要于春节前将慰问金发放到困难群众手中。（牵头单位：县民政局）
二、排查安全隐患。县应急管理局要会同各乡镇在汛期前完成水库隐患排查。
青山县人民政府办公室
2025年1月6日
"""


def test_the_ledger_shows_a_holiday_bound_overdue_and_a_season_undated() -> None:
    (found,) = check([record(HOLIDAY_NOTICE, "notice")], "2025-03-01").directives
    (relief,) = [m for m in found.measures if "慰问金" in m.text]
    (checks,) = [m for m in found.measures if "隐患排查" in m.text]
    assert (relief.due, relief.status) == ("2025-01-28", "overdue")
    assert checks.due is None and checks.status != "overdue"


# --- fixed-day commemorations in quotes, and yearly bounds before a holiday -------------------


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        ("各党支部于“七一”前完成党费收缴核对。", "2025-03-06", ("“七一”前", "2025-06-30")),
        ("县退役军人事务局在“八一”前走访慰问军属。", "2025-03-06", ("“八一”前", "2025-07-31")),
        ("各幼儿园“六一”前完成大型玩具安全检查。", "2025-03-06", ("“六一”前", "2025-05-31")),
        # past this year's, so next year's; a named year keeps its own
        ("各党支部于“七一”前完成党费收缴核对。", "2025-07-15", ("“七一”前", "2026-06-30")),
        ("确保2026年“八一”前建成双拥主题公园。", "2025-03-06", ("2026年“八一”前", "2026-07-31")),
    ],
)
def test_a_quoted_fixed_day_commemoration_falls_due_the_day_before(
    deadline_finder: DeadlineFinder, text: str, doc_date: str, expected: tuple[str, str]
) -> None:
    assert dues(deadline_finder, text, doc_date) == [expected]


def test_a_quoted_commemoration_bounds_a_period_too(deadline_finder: DeadlineFinder) -> None:
    found = deadline_finder.find("“七一”期间，各支部组织党员重温入党誓词。", 0, 2025)
    assert [(d.text, d.kind) for d in found] == [("“七一”期间", "term")]


def test_a_yearly_bound_before_a_holiday_gives_its_next_eve(deadline_finder: DeadlineFinder) -> None:
    spring, autumn, july = (
        deadline_finder.find(text, 0, 2025)[0]
        for text in (
            "各乡镇每年春节前开展一次困难群众走访慰问。",
            "县民政局每年中秋节前对敬老院进行一次安全检查。",
            "各党支部每年“七一”前对党员信息进行一次核对。",
        )
    )
    assert [(d.text, d.period) for d in (spring, autumn, july)] == [
        ("每年春节前开展一次", "P1Y"),
        ("每年中秋节前", "P1Y"),
        ("每年“七一”前", "P1Y"),
    ]
    # Spring Festival 2026 falls on 17 February; Mid-Autumn on 6 October 2025, 25 September 2026
    assert [next_due(spring, day) for day in ("2025-03-06", "2026-02-16")] == ["2026-02-16", "2026-02-16"]
    assert [next_due(autumn, day) for day in ("2025-03-06", "2025-10-06")] == ["2025-10-05", "2026-09-24"]
    assert next_due(july, "2025-08-01") == "2026-06-30"


def test_a_yearly_bound_around_a_holiday_names_no_eve(deadline_finder: DeadlineFinder) -> None:
    (found,) = deadline_finder.find("各乡镇每年“七一”前后集中开展主题活动。", 0, 2025)
    assert found.text == "每年"  # `前后` is around the day, not before it: the year's end, as before
    assert next_due(found, "2025-03-06") == "2025-12-31"


YEARLY_NOTICE = """青山县民政局关于加强养老机构安全管理的通知
各乡镇人民政府，县直各单位：
一、开展节前检查。县民政局每年中秋节前对全县敬老院开展一次安全检查。（牵头单位：县民政局）
青山县民政局
2025年3月6日
"""


def test_the_ledger_dates_a_yearly_holiday_bound_by_the_holiday() -> None:
    # Mid-Autumn 2025 falls on 6 October: read as the year's end, the check was due 31 December
    (found,) = check([record(YEARLY_NOTICE, "notice")], "2025-09-01").directives
    (inspection,) = [m for m in found.measures if "安全检查" in m.text]
    assert inspection.due == "2025-10-05"
