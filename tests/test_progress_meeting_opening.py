"""A meeting's read-out given another kind (issue 9, stop 55: `progress.meeting_opening.v1`): a
text that names its meeting at its opening (`…主持召开…会议`, `会议指出`, `…集体学习时强调`) is read
as minutes whatever kind the document was given, so that a read-out the kind decision calls a
policy (its `会议强调…要…` paragraphs outnumber its statements) keeps its statements; a policy
passed by a meeting (`经…会议审议通过`) is still read as a policy. Texts written for the test."""

from __future__ import annotations

import pytest

from duban.base.model import DocKind
from duban.extractors.progress import ProgressFinder
from tests.conftest import progress_pairs


def statuses(finder: ProgressFinder, text: str, kind: DocKind) -> list[str]:
    title, _, body = text.partition("\n")
    return [status for status, _ in progress_pairs(finder, title, body, kind)]


READ_OUT = (
    "某省省长主持召开省政府常务会议\n"
    "3月5日，省长某某主持召开省政府常务会议，研究部署春季农业生产工作。\n"
    "会议指出，今年以来全省春耕备耕工作有序开展，已完成早稻育秧120万亩。\n"
    "会议强调，各地要压实责任，抓好农资供应。\n"
    "会议要求，各级农业部门要加强技术指导，确保不误农时。\n"
    "会议强调，要做好防灾减灾准备，确保粮食生产稳定。\n"
)


@pytest.mark.parametrize("kind", ["minutes", "policy", "other"])
def test_a_read_out_keeps_its_statement_whatever_its_kind(
    progress_finder: ProgressFinder, kind: DocKind
) -> None:
    assert statuses(progress_finder, READ_OUT, kind) == ["done"]


def test_a_policy_passed_by_a_meeting_is_read_as_a_policy(progress_finder: ProgressFinder) -> None:
    text = (
        "某市农业生产扶持办法\n"
        "本办法经市政府常务会议审议通过，现予印发。\n"
        "一、各县区要加强春耕备耕工作，已完成育秧的地区要做好秧苗管护。\n"
        "二、各级农业部门要加强技术指导。\n"
        "三、市财政局要按时拨付扶持资金。\n"
    )
    assert statuses(progress_finder, text, "policy") == []
