"""A session that makes or amends a document does not follow it (issue 10, link precision).

Judged on a stratified sample of the links `corpus/real/` does not list: most `title_loose` ones
were a legislature's closing read-out adopting `关于修改某某法的决定` joined to the law it amends,
or a decree news item amending a regulation joined to it; title and content links joined a
meeting to every title in the list it reviewed (`审议通过了《甲》《乙》`), and a study-session
read-out titled `某某在中共中央政治局…时强调` to one province's regulation. Every document here is
written for these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import find_links, reviewed_titles
from duban.pipeline.crosscheck_titlekeys import Scope, scope_of_name
from tests.conftest import record


def law(name: str) -> str:
    """A national law page by its full name, then a few articles."""
    return (
        f"中华人民共和国{name}\n"
        "1990年5月1日第七届全国人民代表大会常务委员会第十三次会议通过\n"
        "第一条为了合理开发和保护山泉资源，制定本法。\n"
        "第二条在本国领域内开发、利用、保护山泉资源，适用本法。\n"
        "第三条山泉资源属于国家所有。\n"
        "第四条国家对山泉资源实行统一管理。\n"
    )


def linked(directive: str, follower: str, kind: str | None = None) -> list[str]:
    follower_record = record(follower, "F")
    if kind:
        follower_record.doc.kind = kind
    records = [record(directive, "D"), follower_record]
    return sorted(
        str(k.directive.doc_id) for k in find_links(records) if k.resolved and k.follower.doc_id == "F"
    )


def test_a_session_amending_a_law_by_name_does_not_follow_it() -> None:
    closing = (
        "某届常委会第九次会议在京闭幕\n"
        "会议表决通过了关于修改山泉资源管理法的决定、关于修改林木采伐法的决定。\n"
        "会议还要求加快修订山泉资源管理法实施细则。\n"
    )
    assert linked(law("山泉资源管理法"), closing, "minutes") == []


def test_pilot_areas_adjusting_a_law_do_not_follow_it() -> None:
    meeting = "某某主持召开常务会议\n会议决定，提请授权在试点地区暂时调整实施山泉资源管理法有关规定。\n"
    assert linked(law("山泉资源管理法"), meeting, "minutes") == []


def test_a_regulation_applying_a_law_by_name_still_follows_it() -> None:
    regulation = (
        "山泉取水许可条例\n"
        "第一条为了规范山泉取水，制定本条例。\n"
        "第九条违反本条例规定的，依照山泉资源管理法的规定给予处罚。\n"
        "第十条本条例自公布之日起施行。\n"
    )
    assert linked(law("山泉资源管理法"), regulation) == ["D"]


def test_every_title_of_a_reviewed_list_is_reviewed() -> None:
    text = (
        "会议审议通过了《关于甲项工作的意见》《关于乙项工作的办法》和《丙项工作方案（草案）》。"
        "会议要求，认真贯彻《丁项工作条例》。"
    )
    titles = [t for _, _, t in reviewed_titles(text)]
    assert titles == ["关于甲项工作的意见", "关于乙项工作的办法", "丙项工作方案（草案）"]


def test_a_meeting_adopting_a_list_of_laws_follows_none_after_the_first() -> None:
    meeting = "某某主持召开常务会议\n会议通过《山泉资源管理法》《林木采伐管理法》等一批法律的修正案草案。\n"
    assert linked(law("林木采伐管理法"), meeting, "minutes") == []


def test_a_study_session_read_out_is_a_national_body() -> None:
    assert scope_of_name("某某在中共中央政治局第九次集体学习时强调") == Scope(national=True)
