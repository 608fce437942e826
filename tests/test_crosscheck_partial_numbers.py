"""A document number quoted in part: without its year (`国办发33号文`) or without its prefix after
a relay verb (`根据〔2021〕33号文件精神`). It names the one indexed document it fits, never one of
two, nor a document whose prefix differs from the one quoted.

Every document here is written for these tests.
"""

from __future__ import annotations

import pytest

from duban.pipeline.crosscheck import find_links
from tests.conftest import record


def directive(issuer: str, topic: str, number: str) -> str:
    return (
        f"{issuer}关于{topic}的通知\n"
        f"{number}\n"
        "各市、县人民政府，各有关单位：\n"
        f"为做好{topic}，现将有关事项通知如下。\n"
        "一、各地要在2021年底前完成排查整治。\n"
        f"{issuer}\n"
        "2021年5月10日\n"
    )


WATER = directive("东岚省人民政府办公厅", "农村供水安全排查", "东政办发〔2021〕33号")
ROADS = directive("东岚省交通运输厅", "农村公路安全排查", "东交发〔2021〕33号")


def follower(sentence: str) -> str:
    return (
        "青禾县水利局关于做好农村供水排查工作的通知\n"
        "各乡镇人民政府：\n"
        f"{sentence}，结合本县实际，现将有关工作安排如下。\n"
        "一、各乡镇要在2021年8月底前完成排查。\n"
        "青禾县水利局\n"
        "2021年6月8日\n"
    )


def linked(sentence: str, *directives: tuple[str, str]) -> set[str]:
    docs = [record(text, name) for text, name in directives] + [record(follower(sentence), "F")]
    return {str(k.directive.doc_id) for k in find_links(docs) if k.resolved and k.follower.doc_id == "F"}


@pytest.mark.parametrize("sentence", ["根据〔2021〕33号文件精神", "按照东政办发33号文要求"])
def test_a_number_quoted_in_part_links_to_the_one_document_it_fits(sentence: str) -> None:
    assert linked(sentence, (WATER, "W")) == {"W"}


def test_a_number_without_its_prefix_that_fits_two_documents_links_to_neither() -> None:
    assert linked("根据〔2021〕33号文件精神", (WATER, "W"), (ROADS, "R")) == set()


@pytest.mark.parametrize("sentence", ["根据青政办发〔2021〕33号文件精神", "按照东交发33号文要求"])
def test_a_number_with_another_prefix_does_not_link(sentence: str) -> None:
    assert linked(sentence, (WATER, "W")) == set()
