"""Issue 12: the unit, relay and model unit-list patterns that moved from Python into `rules/`.

The finders must read the very rule the file declares (not a stale copy left in the code), and
each pattern must still split, match and skip as the finders rely on. Texts are invented.
"""

from __future__ import annotations

import pytest

from duban.extractors import relays, spacy_extractor, units
from duban.rules.ruleset import load_rule_file

MOVED = [
    (units, "_CONJ", "units", "conj"),
    (units, "_SYSTEM", "units", "system"),
    (units, "_ETC", "units", "etc"),
    (units, "_GENERIC_REST", "units", "generic_rest"),
    (units, "_FIXED_LIST", "units", "fixed_list"),
    (units, "_ALIAS", "units", "alias"),
    (units, "_LEVEL", "units", "level"),
    (units, "_LEVEL_JOIN", "units", "level_join"),
    (units, "_LEVEL_HEADED", "units", "level_headed"),
    (units, "_NOT_LEVEL", "units", "not_level"),
    (relays, "_CHAIN", "relays", "chain"),
    (relays, "_TAIL_LIST", "relays", "tail_list"),
    (relays, "_NEXT_ITEM", "relays", "next_item"),
    (relays, "_DIGITS", "relays", "numbers"),
    (spacy_extractor, "_LIST_GLUE", "units", "list_glue"),
    (spacy_extractor, "_NOT_PREDICATE", "units", "not_predicate"),
]


@pytest.mark.parametrize(("module", "name", "family", "group"), MOVED, ids=[m[1] + ":" + m[3] for m in MOVED])
def test_finder_reads_the_rule_file_pattern(module: object, name: str, family: str, group: str) -> None:
    assert getattr(module, name) is load_rule_file(family).regex(group)


def test_comma_cue_joins_the_vocabulary_modals_and_the_rule_file_cues() -> None:
    cue = units._COMMA_CUE
    assert cue.search("各有关部门，要加强协调")  # a vocabulary modal
    assert cue.search("县委办：负责统筹协调")  # a units.yaml cue
    assert not cue.search("各有关部门，负责人到会")  # 负责人 is a noun, no cue


def test_conj_keeps_a_name_with_ji_qi_whole() -> None:
    assert units._CONJ.split("县财政局和县审计局") == ["县财政局", "县审计局"]
    assert units._CONJ.split("县医院及其分院") == ["县医院及其分院"]


def test_system_takes_the_sector() -> None:
    match = units._SYSTEM.search("全县水利系统")
    assert match is not None and match.group(1) == "水利"


def test_numbers_read_arabic_and_chinese_numerals() -> None:
    assert relays._DIGITS.findall("第十二批2025年试点") == ["十二", "2025"]


def test_next_item_skips_ji_shi() -> None:
    assert relays._NEXT_ITEM.search("及时研究部署落实") is None
    match = relays._NEXT_ITEM.search("，以及全县教育大会精神")
    assert match is not None and match.group(1) == "全县教育大会精神"


def test_list_glue_and_not_predicate() -> None:
    assert spacy_extractor._LIST_GLUE.match("、")
    assert not spacy_extractor._LIST_GLUE.match("负责")
    assert spacy_extractor._NOT_PREDICATE.match("的工作安排")
    assert not spacy_extractor._NOT_PREDICATE.match("要加强")


def test_doc_spirit_needs_a_genre_word_before_the_rule_file_ending() -> None:
    assert relays._DOC_SPIRIT.search("省政府关于加强防汛工作的通知精神")
    assert not relays._DOC_SPIRIT.search("全县教育大会精神")
    assert relays._DOC_SPIRIT.pattern.endswith(load_rule_file("relays").regex("spirit_end").pattern)
