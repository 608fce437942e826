"""A portal page headlined as news of an issue that carries the document itself is the document.

`某某办公厅印发《关于X的意见》` followed by X's number, addressees and text is X as the portal
publishes it, so a follower quoting X links to it; a news item quoting X without X's number and
addressees stays a news item about X.

Every document here is written for these tests.
"""

from __future__ import annotations

from duban.pipeline.crosscheck import find_links
from tests.conftest import record

BODY = (
    "各市、县人民政府，省政府各部门：\n"
    "为加快推进城乡供水一体化，现提出以下意见。\n"
    "一、2022年底前完成农村供水工程改造，农村自来水普及率达到90%。\n"
    "二、建立农村供水工程运行管护机制。\n"
    "东岚省人民政府办公厅\n"
    "2021年3月2日\n"
)
PAGE = "省政府办公厅印发《关于加快推进城乡供水一体化的意见》\n东政办发〔2021〕8号\n" + BODY
NEWS = (
    "省政府办公厅印发《关于加快推进城乡供水一体化的意见》\n"
    "近日，省政府办公厅印发《关于加快推进城乡供水一体化的意见》，提出到2022年底前完成农村供水工程改造，"
    "农村自来水普及率达到90%，并建立农村供水工程运行管护机制。\n"
)
FOLLOWER = (
    "青禾县水利局关于做好供水工作的通知\n"
    "各乡镇人民政府：\n"
    "按照省政府办公厅《关于加快推进城乡供水一体化的意见》要求，结合本县实际，现将有关工作安排如下。\n"
    "一、各乡镇要在2022年8月底前完成排查。\n"
    "青禾县水利局\n"
    "2021年6月8日\n"
)


def linked(directive: str) -> bool:
    docs = [record(directive, "D"), record(FOLLOWER, "F")]
    return any(k.directive.doc_id == "D" and k.follower.doc_id == "F" for k in find_links(docs))


def test_a_page_carrying_the_document_under_a_news_headline_is_linked() -> None:
    assert linked(PAGE)


def test_a_news_item_about_the_document_is_not() -> None:
    assert not linked(NEWS)
