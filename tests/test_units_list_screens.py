"""The unit finder's shortcuts give the answers of the full reading (`units.py`).

- `_SPLIT_CHARS`: a list without any of them is one piece, so every separator `_pieces` splits on
  must hold one (checked on the words each separator pattern needs).
- `_may_be_list`: where it says no strict list can be read, `_split` reads none, at every span of
  invented texts that hold lists, role brackets, aliases, notes, tail words, `等` rests, `各X`,
  quotes and clauses that name nobody.
- `_inner_starts`: `_cue_positions` finds every place where a cue matches.
"""

from __future__ import annotations

import pytest

from duban.extractors import units
from duban.extractors.regex_screen import needed_words
from duban.extractors.units import UnitFinder

_TEXTS = [
    "县财政局、县审计局要于月底前完成整改，各乡镇分别负责摸底。",
    "由市住建局牵头，市自然资源局和市财政局配合，制定实施方案。",
    "县发改局（牵头）、县财政局（配合）按季度通报进展情况。",
    "市场监督管理局（以下简称市监局）会同商务局等有关部门开展检查。",
    "各地区、各部门、各单位要高度重视，全体党员干部带头落实。",
    "县教育局、县卫健委（排名不分先后）共同做好校园防疫工作。",
    "“区城管局”要加强巡查，广大党员要发挥先锋作用，局机关的同志要带头。",
    "全市公安系统和各级政府部门联合督查组立即开展专项行动。",
    "建立健全长效机制，推动资源下沉，不断提高服务水平和质量。",
    "国务院财政、税务主管部门及其他有关机构依法承担监督管理职责。",
]


@pytest.fixture(scope="module")
def finder() -> UnitFinder:
    return UnitFinder.default()


@pytest.mark.parametrize(
    "pattern",
    [
        units._CONJ,
        units._PARTNERS,
        units._CO_SPLIT,
        units._ETC,
        units._COMMA,
        units._HARD_COMMA,
        units._SOFT_COMMA,
        units._FIXED_LIST,
    ],
)
def test_every_separator_holds_a_split_character(pattern: object) -> None:
    words = needed_words(pattern)  # type: ignore[arg-type]
    assert words, "the pattern needs no word the screen could read"
    assert all(not units._SPLIT_CHARS.isdisjoint(word) for word in words)


@pytest.mark.parametrize("text", _TEXTS)
def test_the_list_screen_turns_away_only_spans_with_no_list(finder: UnitFinder, text: str) -> None:
    masked = units._masked(text)
    turned_away = 0
    for start in range(len(masked)):
        for end in range(start + 1, min(len(masked), start + 40) + 1):
            if finder._may_be_list(masked, start, end):
                continue
            turned_away += 1
            found = finder._split(start, end, masked, strict=True)
            assert not found, (masked[start:end], found)
    assert turned_away > 0


def test_a_list_passes_the_screen(finder: UnitFinder) -> None:
    text = "县财政局、县审计局要于月底前完成整改"
    assert finder._may_be_list(text, 0, 9)
    assert finder._split(0, 9, text, strict=True)
    assert not finder._may_be_list(text, 0, 12)  # `…要于`: ends on no name's last character


@pytest.mark.parametrize("text", _TEXTS)
def test_cue_positions_are_every_place_a_cue_matches(finder: UnitFinder, text: str) -> None:
    expected = [p for p in range(len(text)) if finder.cue_scan.match(text, p)]
    assert finder._cue_positions(text) == expected


def test_inner_starts_keep_the_offsets_where_a_cue_may_open() -> None:
    starts = units._inner_starts(("要求", "求", "为主体责任", "主体", "要"))
    assert starts["要求"] == (1,)  # `求` is a cue of its own
    assert starts["为主体责任"] == (1,)  # `主体` may open at offset 1, nothing at 2 to 4
    assert starts["要"] == ()
