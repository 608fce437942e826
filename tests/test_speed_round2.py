"""The second round of speed-ups gives the answers of the computation it replaces.

`MeasureFinder._holds` answers whether a group matches without looking for the rule's id (used where
no id is needed: the model's group features, action and enumerator tests); `MeasureFinder._news`
stops counting news cues at the second; the numbering markers' number and style are read with
patterns compiled once. Each test compares the fast path with the plain computation, on texts
written for the test.
"""

from __future__ import annotations

import re

import pytest

from duban.base.numerals import cn_digits_to_int
from duban.extractors.measures import _MODEL_GROUPS, MeasureFinder
from duban.pipeline.layout_markers import marker_number, marker_style

_TEXTS = (
    "各区要在2024年底前完成老旧小区改造任务。",
    "加快推进数字政府建设，由市数据局牵头。",
    "一是健全工作机制，确保责任落实到人。",
    "会议听取了全市防汛工作情况汇报。",
    "指导思想",
    "各部门應(yīng)當(dāng)加強(qiáng)監(jiān)管。",
    "据了解，该项目已于上月竣工。",
    "截至目前，已完成排查120处，整改率达到95%。",
    "",
)


@pytest.fixture(scope="module")
def finder() -> MeasureFinder:
    return MeasureFinder.default(learned=False)


@pytest.mark.parametrize("text", _TEXTS)
def test_holds_is_has_without_the_id(finder: MeasureFinder, text: str) -> None:
    groups = (*_MODEL_GROUPS, "reject", "item_end", "marker_line")
    assert [finder._holds(g, text) for g in groups] == [finder._has(g, text) is not None for g in groups]


def test_holds_reads_past_inserted_pinyin(finder: MeasureFinder) -> None:
    # `應(yīng)當(dāng)` is `應當` with pinyin inserted by a mirror site: the modal must still be seen.
    assert finder._holds("directive", "各单位应(yīng)当(dāng)于月底前报送材料。")
    assert finder._holds("directive", "各单位应当于月底前报送材料。")


def test_some_texts_hold_a_group(finder: MeasureFinder) -> None:
    # The comparison above is only worth something if some answers are True and some False.
    answers = [finder._holds(g, t) for g in _MODEL_GROUPS for t in _TEXTS]
    assert any(answers) and not all(answers)


def _counted(finder: MeasureFinder, text: str) -> bool:
    """The news test as it was: every match of every news rule counted."""
    return sum(1 for rule in finder.rules.by_group("news") for _ in rule.regex.finditer(text)) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "各区要在2024年底前完成老旧小区改造任务。",
        "据了解，改造已经启动。",
        "据了解，改造已经启动。记者采访了居民。",
        "本报讯 记者从市住建局获悉，负责人介绍，据悉今年将改造300个小区。",
    ],
)
def test_news_stops_at_two_with_the_same_answer(finder: MeasureFinder, text: str) -> None:
    assert finder._news(text) == _counted(finder, text)


def test_news_needs_two_cues(finder: MeasureFinder) -> None:
    assert not finder._news("据了解，改造已经启动。")
    assert finder._news("据了解，改造已经启动。记者采访了居民。")


_CN_NUM = "一二三四五六七八九十百零〇"
_DIGITS = "0-9０-９"


@pytest.mark.parametrize("marker", ["一、", "（十二）", "３.", "(3)", "第二十一条", "★", "①", "12、"])
def test_marker_number_and_style_as_before(marker: str) -> None:
    digits = re.search(rf"[{_CN_NUM}]+|[{_DIGITS}]+", marker)
    expected = None
    if digits:
        expected = cn_digits_to_int(
            digits.group().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        )
    assert marker_number(marker) == expected
    style = re.sub(rf"[{_CN_NUM}{_DIGITS}]+", "N", marker.replace("(", "（").replace(")", "）"))
    assert marker_style(marker) == style
