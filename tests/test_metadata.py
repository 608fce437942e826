from __future__ import annotations

from duban.pipeline.metadata import parse_date
from tests.conftest import make_doc


def test_policy_notice_metadata() -> None:
    doc = make_doc(
        "江州市人民政府办公室关于印发安全生产专项整治方案的通知\n江政办发〔2021〕12号\n各区人民政府：\n"
        "现将方案印发给你们，请认真贯彻落实。\n江州市人民政府办公室\n二〇二一年一月二十五日"
    )
    meta = doc.meta
    assert meta.title == "江州市人民政府办公室关于印发安全生产专项整治方案的通知"
    assert meta.doc_number == "江政办发〔2021〕12号"
    assert meta.issuer == "江州市人民政府办公室"
    assert meta.date == "2021-01-25"
    assert meta.kind == "policy"


def test_document_number_quoted_in_the_body_is_not_the_documents_own() -> None:
    doc = make_doc(
        "关于上半年重点任务落实情况的报告\n市人民政府：\n"
        "按照《关于印发分工方案的通知》（江政办发〔2026〕7号）要求，现将落实情况报告如下：已完成2项。"
    )
    assert doc.meta.doc_number is None
    assert doc.meta.kind == "report"


def test_minutes_kind_and_bracket_variants() -> None:
    doc = make_doc(
        "江州市水务局局长办公会议纪要\n〔2022〕第3号\n会议传达学习了有关文件精神。会议要求，各科室要抓好落实。"
    )
    assert doc.meta.kind == "minutes"
    assert doc.meta.doc_number == "〔2022〕第3号"


def test_parse_date_forms() -> None:
    assert parse_date("2021年6月1日") == "2021-06-01"
    assert parse_date("二〇二一年十二月三十一日") == "2021-12-31"
    assert parse_date("2020-03-20") == "2020-03-20"
    assert parse_date("2021年13月1日") is None
    assert parse_date("没有日期") is None


def test_minutes_date_from_the_opening_sentence() -> None:
    doc = make_doc("2023年6月8日，局党组书记主持召开局长办公会议。会议要求，各科室要抓好落实。")
    assert doc.meta.date == "2023-06-08"


def test_a_date_inside_a_closing_sentence_is_not_the_signing_date() -> None:
    doc = make_doc(
        "关于规范督查工作的办法\n第一条 各单位要建立督查台账。\n第二条 本办法自2024年1月1日起施行。"
    )
    assert doc.meta.date is None


def test_speech_opening_is_not_a_title() -> None:
    doc = make_doc("现在，我代表市人民政府，向大会报告政府工作\n一、过去一年的工作回顾")
    assert doc.meta.title is None


def test_title_genre_is_the_word_that_closes_the_title() -> None:
    """A report named inside a notice's title (`政府工作报告`) does not make the notice a report."""
    from duban.pipeline.doc_kind import title_genre

    assert title_genre("江州市人民政府关于分解落实《政府工作报告》2026年重点工作的通知") == "policy"
    assert title_genre("关于明确政府工作报告提出的重点工作责任单位的通知（江政〔2026〕5号）") == "policy"
    assert title_genre("县水利局2026年政府工作报告任务分解") == "policy"
    assert title_genre("江州市道路交通事故报告和处理条例") == "policy"
    assert title_genre("江州市2026年政府工作报告（节选）") == "report"
    assert title_genre("关于城区改造实施方案落实情况的报告") == "report"
    assert title_genre("关于对重点工作进展情况进行督查的通知") == "policy"
    assert title_genre("关于征求《防汛预案》修改意见的函") == "policy"
    assert title_genre("关于省长考察时所提问题办理情况的函") == "report"
    assert title_genre("江州纪委通报五起违反八项规定精神问题") == "report"


def test_title_genre_of_meeting_headlines() -> None:
    from duban.pipeline.doc_kind import title_genre

    assert title_genre("某某主持召开市政府常务会议 研究部署防汛工作") == "minutes"
    assert title_genre("市人大常委会第九次会议在江州闭幕") == "minutes"
    assert title_genre("某某在市委理论学习中心组集体学习时强调 压实安全责任") == "minutes"
    assert title_genre("全市秋冬季防火工作电视电话会议召开") == "minutes"
    assert title_genre("关于召开全市防汛工作会议的通知") == "policy"


def test_a_notice_dividing_a_work_report_is_a_policy() -> None:
    doc = make_doc(
        "江州市人民政府办公室关于分解落实《政府工作报告》重点工作的通知\n各区人民政府：\n"
        "现将重点工作分解如下，请认真抓好落实。\n一、加快推进城市更新。\n牵头单位：市住建局\n"
    )
    assert doc.meta.kind == "policy"


def test_every_document_number_holds_the_core_searched_first() -> None:
    """`_doc_number` searches the full pattern only in a line where the bracketed year and serial
    (`doc_number_core`) occur: that is right only while every number the full pattern finds holds
    the core, which these lines (invented) check for each bracket the vocabulary allows."""
    from duban.pipeline.metadata import _NUMBER_CORE, DOC_NUMBER

    lines = [
        "江政办发〔2023〕12号",
        "市府办 [2021] 第 3 号",
        "某某字（2019）88号关于印发方案的通知",
        "教发【2020】5号",
        "示政发［2024］第101号",
        "办发(2022) 7 号",
        "关于做好2023年工作的通知",
        "〔2023〕",
    ]
    found = 0
    for line in lines:
        m = DOC_NUMBER.search(line)
        if m:
            found += 1
            assert _NUMBER_CORE.search(m.group()), line
    assert found == 6


def test_offset_jumps_are_those_of_the_pairwise_comparison() -> None:
    """`_offset_jumps` finds each i with `offsets[i] + 1 < offsets[i + 1]`, jumps of several sizes
    repeated, a repeated offset and a step back (which are no jumps) included."""
    from duban.pipeline.metadata import _offset_jumps

    offsets = [0, 1, 2, 5, 6, 8, 9, 9, 12, 13, 14, 16, 10, 11, 30]
    expected = [i for i in range(len(offsets) - 1) if offsets[i] + 1 < offsets[i + 1]]
    assert sorted(_offset_jumps(offsets)) == expected == [2, 4, 7, 10, 13]
    assert _offset_jumps(list(range(50))) == [] and _offset_jumps([]) == []


def test_a_title_keeps_the_script_of_the_document() -> None:
    """The title is cut from the original text the way its simplified form was cut, for the
    winning run of lines only."""
    doc = make_doc("關於做好春耕工作的通知\n各鄉鎮：\n為做好今年春耕工作，現將有關事項通知如下。")
    assert doc.script == "traditional"
    assert doc.meta.title == "關於做好春耕工作的通知"


WORK_REPORT = (
    "各位代表：\n现在，我代表县人民政府，向大会报告工作，请予审议，并请县政协委员提出意见。\n"
    "2025年工作回顾\n过去一年，全县上下团结奋进，较好完成了全年目标任务。\n"
    "2026年工作安排\n"
    "一是要加快产业转型，要培育壮大新兴产业，要推动传统产业提质增效。\n"
    "二是要扩大有效投资，要抓好重点项目建设，要优化营商环境。\n"
    "三是要推进乡村振兴，要巩固脱贫攻坚成果，要建设宜居乡村。\n"
    "四是要保障改善民生，要稳定扩大就业，要办好民生实事。\n"
    "五是要加强政府自身建设，要依法行政，要廉洁从政，各部门要抓好落实。\n"
)


def test_a_work_report_that_says_it_reports_is_a_report_whatever_its_tasks() -> None:
    """Without a title genre, the first-person opening (`我代表…向大会报告工作`) decides: next
    year's many `要` made a work report read as a policy, and a directive others followed."""
    assert make_doc(WORK_REPORT).meta.kind == "report"
    account = "各科室：\n现将本局上半年整改落实情况汇报如下。\n" + WORK_REPORT.split("2026年工作安排\n")[1]
    assert make_doc(account).meta.kind == "report"
    # Without the opening the same tasks read as a policy.
    tasks = "各乡镇、各部门：\n" + WORK_REPORT.split("2026年工作安排\n")[1]
    assert make_doc(tasks).meta.kind == "policy"


RELEASE_NEWS = (
    "省政府办公厅印发《关于推进农村供水保障的意见》\n"
    "近日，省政府办公厅印发《关于推进农村供水保障的意见》，要求各地结合实际认真贯彻落实。\n"
    "《意见》指出，要加快农村供水工程建设，要完善水质检测体系，要健全运行管护机制。\n"
    "《意见》强调，各地要压实县级主体责任，要加大财政投入，要强化监督考核，确保2027年底前\n"
    "农村自来水普及率达到95%。各有关部门要按照职责分工抓好落实，要及时总结推广经验。\n"
)


def test_news_of_a_release_is_news_not_the_released_document() -> None:
    """A headline that only tells of a release (`…印发《…意见》`) has no genre word of its own:
    the `要` of its summary are the released document's, so it is news (`other`), not a policy
    whose measures a ledger would count as the page's own."""
    assert make_doc(RELEASE_NEWS).meta.kind == "other"
    # The notice that releases it names its own genre and stays a policy.
    notice = "省政府办公厅关于印发《农村供水保障办法》的通知\n" + RELEASE_NEWS.split("\n", 1)[1]
    assert make_doc(notice).meta.kind == "policy"
    # Without the release headline the same summary reads as a policy by its many `要`.
    untitled = "各市、县人民政府：\n" + RELEASE_NEWS.split("\n", 2)[2]
    assert make_doc(untitled).meta.kind == "policy"


def test_a_statute_is_titled_by_its_name_not_by_its_history() -> None:
    """A law's first line is its name; the history under it (`…会议通过`, `…会议《关于修改〈…〉的
    决定》第一次修正`) tells when it was passed and amended, and a `法` inside a quoted title or a way
    of working (`工作方法`) ends no title."""
    doc = make_doc(
        "中华人民共和国河湖保护法\n"
        "2001年6月1日 第九届全国人民代表大会常务委员会第二十次会议通过\n"
        "2015年3月2日 第十二届全国人民代表大会常务委员会第十三次会议《关于修改〈中华人民共和国河湖保护法〉的决定》第一次修正\n"
        "第一章 总则\n"
        "第一条 为了保护河湖，制定本法。\n"
    )
    assert doc.meta.title == "中华人民共和国河湖保护法"
    news = make_doc(
        "某某办公厅印发《关于贯彻实施某某法\n推动队伍建设的意见》\n近日，某某办公厅印发了该意见，要求认真贯彻执行。\n"
    )
    assert news.meta.title != "某某办公厅印发《关于贯彻实施某某法"
    session = make_doc(
        "十四届人大常委会第五次会议在京闭幕 表决通过某某促进法 某某保护法 关于修改某某法的决定等\n"
        "本台消息，会议表决通过了上述法律。\n"
    )
    assert session.meta.title == (
        "十四届人大常委会第五次会议在京闭幕表决通过某某促进法某某保护法关于修改某某法的决定等"
    )
    assert make_doc("改进工作方法\n各单位要改进工作方法，提高效率。\n").meta.title != "改进工作方法"


def test_a_headline_that_opens_with_one_of_two_issuers_keeps_both() -> None:
    """`某市委办公室 某市人民政府办公室印发《…》`: the first issuer stands apart, a body with no title
    word of its own, and the title runs on from it."""
    doc = make_doc(
        "江州市委办公室 江州市人民政府办公室印发《关于加强河湖管护的意见》\n"
        "近日，江州市委办公室、江州市人民政府办公室印发了该意见，要求各地认真贯彻执行。\n"
    )
    assert doc.meta.title == "江州市委办公室江州市人民政府办公室印发《关于加强河湖管护的意见》"
    assert doc.meta.issuer == "江州市委办公室、江州市人民政府办公室"


def test_a_short_first_issuer_keeps_its_place_in_the_title() -> None:
    """`中办 国办印发《…》`, `中共中央 国务院印发《…》`: a first issuer too short to be a title line
    of its own (under five characters) still opens the title, so the release is not told as the
    second body's alone."""
    for first in ("中办", "中共中央"):
        doc = make_doc(
            f"{first} 国办印发《关于加强河湖管护的意见》\n近日，有关方面印发了该意见，要求各地认真贯彻执行。\n"
        )
        assert doc.meta.title == f"{first}国办印发《关于加强河湖管护的意见》"


def test_news_of_a_release_told_in_two_parts_is_one_title() -> None:
    """`某某签署国务院令 公布《…条例》`: the part after the space publishes a quoted document, so the
    headline runs on over it (before, the title stopped at the space and told only of the signing);
    a title quoted inside the quoted one with ASCII angles (`<…>`) is no breadcrumb, and words a
    page's chrome uses (`注册`, `登录`, `版权`) inside the quotes are the title's own."""
    for verb, quoted in (
        ("公布", "《江州河湖管理条例》"),
        ("公布修订后的", "《江州河湖管理条例》"),
        ("发布", "《关于修改<江州河湖管理条例>的决定》"),
        ("公布", "《关于实施〈江州公司条例〉注册资本登记管理制度的规定》"),
        ("公布", "《江州作品版权登录办法》"),
    ):
        doc = make_doc(
            f"某某签署国务院令 {verb}{quoted}\n"
            f"本台消息：日前，某某签署国务院令，{verb}{quoted}，自明年1月1日起施行。\n"
        )
        assert doc.meta.title == f"某某签署国务院令{verb}{quoted}"
    signing = make_doc(
        "某某签署国务院令 请各地认真执行\n本台消息：日前，某某签署国务院令，请各地认真执行。\n"
    )
    assert signing.meta.title != "某某签署国务院令请各地认真执行"


def test_a_read_out_headline_that_first_tells_the_meeting_held_is_one_title() -> None:
    """`…举行第二次全体会议 某某出席`: a headline told in parts, the meeting held first, runs on over
    its parts when the body follows (before, the title stopped at the first part); the read-out
    stays minutes. A meeting line that no body follows does not take the next line in."""
    body = "新华社江州3月9日电 江州市人大常委会第五次会议9日上午举行第二次全体会议，听取了有关报告，会议由某某主持。\n"
    for head in (
        "江州市人大常委会第五次会议举行第二次全体会议 某某出席",
        "某某主持江州市人大常委会党组会议 学习贯彻有关会议精神",
        "江州市科协第三次代表大会举行第二次全体会议 某某到会祝贺并致词",
        "全市秋冬季防火电视电话会议召开 部署冬春火灾防控工作",
    ):
        doc = make_doc(f"{head}\n{body}")
        assert doc.meta.title == head.replace(" ", "")
        assert doc.meta.kind == "minutes"
    notice = make_doc("江州市人大常委会第五次会议举行第二次全体会议\n参会人员\n某某、某某\n")
    assert notice.meta.title != "江州市人大常委会第五次会议举行第二次全体会议参会人员"


def test_a_news_headline_told_in_parts_is_one_title() -> None:
    """A page's first line told in parts (`某督查完成进驻 聚焦…督促责任落实`, `国办开展实地督查 推动解决…`)
    is one title when the body follows it: the first part alone left the rest to read as a measure.
    A short part (a byline) or an item that opens on a marker on the next line is not taken in."""
    body = "新华社江州5月6日电 记者从有关方面获悉，江州市第二轮专项督查已完成进驻，将围绕重点任务开展督查。\n"
    for head in (
        "江州市第二轮专项督查完成进驻 聚焦重点任务督促责任落实",
        "市政府办公室开展实地督查 推动解决欠薪问题",
    ):
        doc = make_doc(f"{head}\n{body}")
        assert doc.meta.title == head.replace(" ", "")
    byline = make_doc(f"江州市第二轮专项督查完成进驻 王某某\n{body}")
    assert byline.meta.title == "江州市第二轮专项督查完成进驻"
    plan = make_doc(
        "江州市仲裁机构组建方案\n一、关于组建仲裁机构的原则\n（一）组建仲裁机构，要坚持依法、精简、高效的原则，按照规定的条件和程序进行。\n"
    )
    assert plan.meta.title == "江州市仲裁机构组建方案"


def test_a_statute_is_titled_by_its_name_above_its_history() -> None:
    """A statute's head: its name, then a bare date and the act that made it, or its first chapter.
    A later heading with a genre word (`第一节 一般规定`, `…计划`) or the history line (`…会议通过`)
    outranked the name before; now the name is the title."""
    law = make_doc(
        "江州市河湖保护条例\n2021年3月1日 江州市第九届人民代表大会常务委员会第九次会议通过\n"
        "第一章 总则\n第一条 为了保护河湖，制定本条例。\n第二章 规划与计划\n第一节 一般规定\n"
        "第二条 市人民政府应当编制河湖保护规划。\n"
    )
    assert law.meta.title == "江州市河湖保护条例"
    decree = make_doc(
        "江州市户外广告设施管理办法\n2020年5月6日 江州市人民政府令第12号公布\n第一章 总则\n"
        "第一条 为了规范户外广告设施管理，制定本办法。\n"
    )
    assert decree.meta.title == "江州市户外广告设施管理办法"
    chapter_first = make_doc("江州市数据条例\n第一章 总 则\n第一条 为了促进数据依法有序流动，制定本条例。\n")
    assert chapter_first.meta.title == "江州市数据条例"
    # a short name, and one with a dateline's word (`记者`) inside
    for name in ("护林条例", "外国记者采访条例"):
        short = make_doc(
            f"{name}\n2008年10月17日 国务院第31次常务会议通过\n第一条 为了便利采访，制定本条例。\n"
        )
        assert short.meta.title == name
    news = make_doc(
        "2021年3月1日\n江州市召开河湖保护工作会议\n本报讯 3月1日，江州市召开河湖保护工作会议，部署全年工作。\n"
    )
    assert news.meta.title == "江州市召开河湖保护工作会议"


def test_a_news_headline_told_as_who_colon_what_is_the_title() -> None:
    """`某省：整改落实提速`, `某督查组：不得放松调控`, `【栏目】某市：…`: a news page's first line with a
    colon is a headline when the body follows it (before, the colon made it a page field and the
    page had no title); a field (`来源：…`) or a hotline (`新闻热线:0855-…`) is not."""
    body = "本台消息：近日，江州市对照检查发现的问题，逐项制定整改措施，已完成整改事项二十余项。\n"
    for head in (
        "江州：整改落实提速见实效",
        "市督查组：不得以任何理由放松安全监管",
        "【整改进行时】江州市：实打实狠抓整改落实",
    ):
        doc = make_doc(f"{head}\n{body}")
        assert doc.meta.title == head
    two_parts = make_doc(f"江州市新闻发布会：十个督查组赴各地督查 确保群众安全过节\n{body}")
    assert two_parts.meta.title == "江州市新闻发布会：十个督查组赴各地督查确保群众安全过节"
    short_first = make_doc(f"江州：环保督察全覆盖 守护环境安全\n{body}")
    assert short_first.meta.title == "江州：环保督察全覆盖守护环境安全"
    hotline = make_doc(
        "客服热线:0755-8882 8155\n江州市人力资源局关于阶段性减免社会保险费的通知\n各区人力资源局：\n"
        "为支持企业复工复产，现就阶段性减免企业社会保险费有关问题通知如下。\n"
    )
    assert hotline.meta.title == "江州市人力资源局关于阶段性减免社会保险费的通知"
    for field in ("来源：江州市人民政府办公室", "新闻热线:0855-8222000"):
        assert make_doc(f"{field}\n{body}").meta.title != field


def test_a_title_printed_again_under_itself_is_told_once() -> None:
    """A page's headline, then the same title as its heading (wrapped over two lines): the run of
    title lines ends where the title starts over (before, the title was told twice over)."""
    law = make_doc(
        "江州市河湖保护管理条例\n江州市河湖\n保护管理条例\n"
        "2021年3月1日江州市人民代表大会常务委员会第九次会议通过\n第一条 为了保护河湖，制定本条例。\n"
    )
    assert law.meta.title == "江州市河湖保护管理条例"
    read_out = make_doc(
        "江州市人大常委会第五次会议举行第二次全体会议\n江州市人大常委会第五次会议举行第二次全体会议\n"
        "某某出席\n新华社江州3月9日电 江州市人大常委会第五次会议9日上午举行第二次全体会议，听取了有关报告。\n"
    )
    assert read_out.meta.title == "江州市人大常委会第五次会议举行第二次全体会议"


def test_a_title_does_not_run_on_into_the_notice_that_issues_it() -> None:
    """A regulation's title, then the notice that issues it on the next line (a title quoted inside
    with ASCII angles, `<…>`, no longer read as a breadcrumb, made the second line a title too):
    two titles, not one."""
    doc = make_doc(
        "江州市河湖管护实施办法\n关于印发《江州市贯彻<河湖管护规定>的实施办法》的通知\n"
        "各区人民政府：\n现将实施办法印发给你们，请认真贯彻执行。\n"
    )
    assert "实施办法关于印发" not in (doc.meta.title or "")
