"""The shared vocabulary: each word once, markers with their levels, the document number."""

from __future__ import annotations

import re

from duban.base import paths
from duban.index import analysis
from duban.pipeline.layout_markers import match_marker
from duban.rules.ruleset import lexicon_path, load_lexicon_pairs, rules_dir
from duban.rules.vocabulary import (
    GENRE_CLASSES,
    clause_opening,
    doc_number,
    doc_number_core,
    genre_words,
    genres,
    issuer_aliases,
    item_marker_alternation,
    item_markers,
    modals,
    outline_start,
    title_genre,
    title_line,
    vocabulary,
)


def test_every_genre_word_is_in_one_class() -> None:
    words = [w for c in GENRE_CLASSES for w in genre_words(c)]
    assert len(words) == len(set(words))
    assert set(genre_words()) == set(words)


def test_genre_alternation_tries_longer_words_first() -> None:
    pattern = re.compile(genres("reply", "letter") + "$")
    m = pattern.search("关于同意调整的复函")
    assert m and m.group() == "复函"
    assert not re.fullmatch(genres("core"), "纪要")


def test_marker_levels_follow_the_hierarchy() -> None:
    levels = {rule.id: rule.get("level") for rule in vocabulary().by_group("marker")}
    assert levels["vocab.marker_part.v1"] < levels["vocab.marker_item.v1"] < levels["vocab.marker_number.v1"]
    assert [level for _, level in item_markers()] == sorted(level for _, level in item_markers())
    assert match_marker("（十二）加强保障") == ("（十二）", 4)
    assert match_marker("３．按月调度") == ("３．", 5)
    assert match_marker("3.5亿元用于补助") is None


def test_document_number_names_its_parts() -> None:
    m = doc_number().search("现将示政办发〔2021〕3号文件转发给你们")
    assert m is not None
    assert (m["year"], m["serial"]) == ("2021", "3")
    assert m["prefix"].endswith("示政办发")
    assert doc_number_core().fullmatch("（2020）第8号")


def test_modals_are_a_word_list() -> None:
    assert {"要", "应当", "必须"} <= set(modals())


def test_issuer_aliases_rewrite_in_turn_to_one_spelling() -> None:
    """The file order makes a chain end in one spelling: 人社局 → …和社会保障局 → …社会保障局."""
    text = "市人社局"
    for variant, normal in issuer_aliases():
        text = text.replace(variant, normal)
    assert text == "市人力资源社会保障局"
    assert ("国办", "国务院办公厅") in issuer_aliases()


def test_query_aliases_leave_out_variants_that_hold_their_normal_form() -> None:
    """A query reads only two-field lines and writes the second form out as the first:
    `rewrite` pairs (人民政府 / 政府) would double a form (市人民人民政府)."""
    lines = lexicon_path("aliases.txt").read_text(encoding="utf-8").splitlines()
    two_field = [
        line.split() for line in lines if line and not line.startswith("#") and len(line.split()) == 2
    ]
    assert all(b not in a for a, b in two_field)
    assert len(load_lexicon_pairs("aliases.txt")) > len(two_field)


def test_lexicon_path_is_under_the_rules_folder() -> None:
    assert lexicon_path("units.txt") == rules_dir() / "lexicons" / "units.txt"
    assert lexicon_path("units.txt").is_file()


def test_the_index_and_the_rules_find_lexicons_in_one_place() -> None:
    assert lexicon_path("units.txt") == paths.lexicon_path("units.txt")
    assert lexicon_path("units.txt") == analysis.DEFAULT_USER_DICT
    assert lexicon_path("aliases.txt") == analysis.ALIASES_FILE


def test_an_outline_start_keeps_a_pdf_line_break() -> None:
    starts = ["1.2 工作目标", "3、加强领导", "4.完善机制", "（二）压实责任", "(3)细化", "A) 资金", "[4] 文献"]
    starts += ["①建立台账", "● 强化督查", "第五条 各单位", "第二章 职责", "附件：清单", "附录"]
    assert all(outline_start().match(s) for s in starts)
    assert not any(outline_start().match(s) for s in ["1.5倍以上", "2021年底前完成", "各区要", "为落实"])


def test_the_models_title_lines_are_the_genres_it_was_trained_with() -> None:
    trained = {
        "纪要",
        "通知",
        "方案",
        "意见",
        "办法",
        "报告",
        "决定",
        "公告",
        "通报",
        "规定",
        "细则",
        "要点",
        "清单",
        "函",
    }
    found = {w for w in genre_words() if title_line().search(f"关于某项工作的{w}")}
    assert found == trained | {"复函"}  # 复函 ends in 函
    assert not title_line().search("关于某项工作的通知，请各单位落实")


def test_a_clause_opening_ends_where_the_subject_may_begin() -> None:
    for text, subject in [
        ("（二）会议要求，市财政局要", "市财政局要"),
        ("三是同时，各区要", "各区要"),
        ("请市教育局于", "市教育局于"),
    ]:
        m = clause_opening().match(text)
        assert m is not None and text[m.end() :] == subject


def test_the_marker_alternation_can_leave_articles_out() -> None:
    """A reader that keeps `第X条` in an item's text takes the level 3-6 markers without it."""
    with_articles = re.compile("^(?:" + item_marker_alternation(range(3, 7)) + ")")
    without = re.compile("^(?:" + item_marker_alternation(range(3, 7), articles=False) + ")")
    for text in ("一、总体要求", "（二）压实责任", "3．按月报送", "(4)做好宣传"):
        assert with_articles.match(text) and without.match(text)
    assert with_articles.match("第十五条 各单位应当建立台账")
    assert not without.match("第十五条 各单位应当建立台账")


def test_the_title_genre_takes_the_compound_and_drops_the_de() -> None:
    """`实施意见` is the genre, not the `意见` it implements; a `的` before it is not part of it."""
    found = title_genre().search("关于推进湿地保护的实施意见")
    assert found and found.group(1) == "实施意见" and found.group().startswith("的")
    found = title_genre().search("东岚市国土空间总体规划")
    assert found and found.group(1) == "规划"
    assert all(title_genre().search(f"关于某事的{word}") for word in genre_words())
    assert not title_genre().search("关于推进湿地保护的实施意见解读")
