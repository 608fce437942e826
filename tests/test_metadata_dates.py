"""The document date read from what a page prints (`metadata._date`): signatures above an annex,
statute headers, page fields and furniture. Texts written for these tests."""

from __future__ import annotations

from tests.conftest import make_doc


def test_signature_above_an_annex_is_the_date() -> None:
    # The annex's table follows the signature: the date is no longer among the last lines.
    doc = make_doc(
        "江州市人民政府办公室关于印发河道整治任务分工的通知\n各区人民政府，市各有关部门：\n"
        + "".join(f"{k}、做好第{k}方面的工作，确保按期完成。\n" for k in "一二三四五")
        + "现将任务分工印发给你们，请认真贯彻执行。\n江州市人民政府办公室\n2022年3月9日\n附件\n河道整治任务分工\n"
        + "".join(f"{i}.清理第{i}段河道淤泥。牵头单位：市水务局。\n" for i in range(1, 12))
    )
    assert doc.meta.date == "2022-03-09"


def test_signature_under_a_cover_note_without_issuer() -> None:
    doc = make_doc(
        "关于印发年度重点工作分工的通知\n各乡镇、各部门：\n"
        + "".join(f"{k}、加强第{k}方面的统筹，按月报送进展。\n" for k in "一二三四五")
        + "《年度重点工作分工》已经研究同意，现印发给你们，请认真抓好落实。\n"
        "2021年5月6日\n年度重点工作分工\n"
        + "".join(f"（{i}）推进第{i}项民生工程建设。责任单位：县住建局。\n" for i in range(1, 12))
    )
    assert doc.meta.date == "2021-05-06"


def test_a_date_alone_in_an_annex_table_is_not_the_signature() -> None:
    # No issuer and no closing request above it: a cell of a table, not a signature.
    doc = make_doc(
        "河道整治任务清单\n序号\n任务\n完成时限\n1\n清理河道淤泥\n2022年6月30日\n"
        + "".join(f"{i}\n修复第{i}处堤防\n按进度推进\n" for i in range(2, 12))
    )
    assert doc.meta.date is None


def test_statute_header_date_read_on_its_own_line() -> None:
    # Normalisation joins the title to the dated line below it (no end punctuation).
    doc = make_doc(
        "江州市河道管理条例\n2015年4月2日 江州市人民代表大会常务委员会第九次会议通过\n"
        "第一章 总则\n第一条 为了加强河道管理，制定本条例。"
    )
    assert doc.meta.date == "2015-04-02"


def test_signed_field_of_a_portal_page_on_the_next_line() -> None:
    doc = make_doc(
        "关于开展汛前安全检查的通知\n  • 索引号:\n    0012/2023-01\n  • 成文日期:\n\n    2023-05-04\n\n"
        "  • 发布日期:\n    2023-05-08\n各单位：请于5月底前完成自查。"
    )
    assert doc.meta.date == "2023-05-04"


def test_published_field_dates_a_page_without_signature() -> None:
    doc = make_doc(
        "全县秸秆禁烧工作推进会召开\n发布时间:2019-10-16 10:41  信息来源:县农业农村局\n"
        "10月15日，全县秸秆禁烧工作推进会召开。会议要求，各镇要落实网格责任。"
    )
    assert doc.meta.date == "2019-10-16"


def test_a_deadline_field_is_not_the_pages_date() -> None:
    doc = make_doc("秸秆禁烧专项行动方案\n完成时间：2019年10月31日\n各镇要落实网格责任，加强巡查。")
    assert doc.meta.date is None


def test_meeting_field_dates_minutes() -> None:
    doc = make_doc(
        "县长办公会议纪要\n会议时间：2024年4月8日上午\n会议地点：县政府三楼会议室\n会议要求，各部门要抓好落实。"
    )
    assert doc.meta.date == "2024-04-08"


def test_a_range_opening_a_report_dates_its_period_not_the_report() -> None:
    doc = make_doc(
        "关于全市政府网站抽查情况的通报\n2020年11月1日至11月30日，市政府办公室对全市政府网站进行了抽查。"
        "总体运行平稳，个别网站更新不及时。"
    )
    assert doc.meta.date is None


def test_colophon_printing_line_dates_minutes_without_signature() -> None:
    doc = make_doc(
        "江州市水务局局长办公会议纪要\n会议研究了防汛工作。会议要求，各科室要抓好落实。\n"
        "抄送：局领导班子成员。\n江州市水务局办公室 2021年8月16日印发"
    )
    assert doc.meta.date == "2021-08-16"


def test_date_on_a_line_of_page_furniture() -> None:
    doc = make_doc(
        "政务网站 www.example.gov.cn   2006年01月27日   来源：某市人民政府网\n"
        "关于做好春节期间森林防火工作的紧急通知\n各地要加强巡查，严防火灾。"
    )
    assert doc.meta.date == "2006-01-27"


def test_an_opening_sentence_dates_the_meeting_it_reports() -> None:
    doc = make_doc(
        "天河县召开交通安全联席会议\n本网讯 为做好节日期间交通安全工作，保障群众出行安全。2021年2月3日，天河县召开"
        "交通安全工作联席会议。会议要求，各部门要加强路面巡查。"
    )
    assert doc.meta.date == "2021-02-03"


def test_the_days_of_other_meetings_in_the_opening_are_not_the_documents() -> None:
    decided = make_doc(
        "常委会第三十次会议闭幕\n会议决定，第五次会议于2022年3月5日在北京召开。会议表决通过了有关决定。"
    )
    recalled = make_doc(
        "关于加快办理代表建议的通知\n各承办单位：\n代表建议已在2019年4月9日召开的交办会上交由各单位办理。请加快办理。"
    )
    assert decided.meta.date is None
    assert recalled.meta.date is None


def test_furniture_words_in_body_text_do_not_date_the_page() -> None:
    doc = make_doc(
        "国务院常务会议部署降费工作\n会议决定减免小微企业注册登记等收费，自2015年1月1日起，一是取消部分收费。"
    )
    assert doc.meta.date is None


def test_a_speech_dateline_dates_the_work_report() -> None:
    for dateline in (
        "——2025年2月7日在江州市第九届人民代表大会第二次会议上",
        "（2025年2月7日在江州市人民代表大会会议上）",
    ):
        doc = make_doc(
            f"政府工作报告\n{dateline}\n市长 王某\n各位代表：\n现在，我代表市人民政府向大会报告工作。"
            "一、2024年工作回顾\n全年新建学校12所。二、2025年工作安排\n要抓好就业，年底前建成产业园。"
        )
        assert doc.meta.date == "2025-02-07"


def test_a_dash_before_a_date_that_is_no_dateline_dates_nothing() -> None:
    doc = make_doc("工作简报\n——2025年2月7日起，全县开展安全生产大检查\n各乡镇要组织排查。")
    assert doc.meta.date is None
