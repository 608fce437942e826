"""The speed-ups of the extractors give the answers of the plain computation they replace.

`UnitFinder` keeps unit lists, names and clause openings by the text they read, finds cue
positions with a plain alternation tries a bare subject only where its last character allows and reads each marker rule's
`needs` and `longest` once; `DeadlineFinder` skips a text rule whose pattern requires a character
the span lacks; `ProgressFinder` asks its status rules one by one and keeps
answers per document; the numbering markers
are matched as one alternation whose outer group names the marker; `MeasureFinder` keeps each
group's joined matcher (screened by the words its matches need) and rules for its `_has`. Each test compares the
fast path with the computation it stands for, on invented texts, including a remembered answer
reused at another place (its positions must follow the text, not the first place it was read).
"""

from __future__ import annotations

import dataclasses
import re
import zlib

import pytest

from duban.base.errors import DubanError
from duban.extractors.deadlines import DeadlineFinder, _required_chars
from duban.extractors.measures import MeasureFinder, _text_features
from duban.extractors.progress import ProgressFinder
from duban.extractors.prose_model import BUCKETS, feature_index, indices
from duban.extractors.units import UnitFinder, _clean
from duban.pipeline.layout import group_pattern
from duban.pipeline.layout_markers import match_marker
from duban.rules.vocabulary import item_markers, vocabulary
from tests.conftest import make_doc


def spans(units: list) -> list[tuple[str, str, int | None, int | None, str]]:
    return [(u.name, u.role, u.start, u.end, u.provenance) for u in units]


@pytest.fixture()
def fresh() -> UnitFinder:
    return UnitFinder.default()


def test_cue_positions_are_those_of_the_lookahead_scan(fresh: UnitFinder) -> None:
    # `要求` holds the cue `要` and opens `要求`; `负责` and `对` follow each other.
    text = "县教育局要求各学校负责对接，各乡镇要于每月底前报送；由县财政局会同县审计局按照要求核实。"
    assert fresh._cue_positions(text) == [m.start() for m in fresh.cues.finditer(text)]
    assert fresh._cue_positions(text)  # the text has cues: the comparison is not of two empties


def test_a_remembered_unit_list_follows_the_text_it_is_read_in(fresh: UnitFinder) -> None:
    first = "县财政局、县审计局要加强资金监管。"
    later = "为此，会议明确：县财政局、县审计局要加强资金监管。"
    warm = UnitFinder.default()
    warm.find(first)  # the list is remembered at offset 0
    expected = spans(fresh.find(later))
    assert spans(warm.find(later)) == expected
    assert [u.start for u in warm.find(later)] == [later.index("县财政局"), later.index("县审计局")]


def test_remembered_answers_equal_fresh_ones_on_a_second_reading(fresh: UnitFinder) -> None:
    texts = [
        "牵头单位：县发改局\n配合单位：县财政局、县自然资源局",
        "由市委组织部牵头制定考核办法，各县区要抓好落实。",
        "各镇街要于6月底前完成排查；要建立台账。",
    ]
    once = [spans(fresh.find(t)) for t in texts]
    twice = [spans(fresh.find(t)) for t in texts]
    assert once == twice
    assert once == [spans(UnitFinder.default().find(t)) for t in texts]
    assert fresh.opening("县财政局、县审计局按季度通报进展。") == fresh.opening(
        "县财政局、县审计局按季度通报进展。"
    )
    assert fresh.is_unit("县财政局") and fresh.is_unit("县财政局")
    assert not fresh.is_unit("加强资金监管") and not fresh.is_unit("加强资金监管")


def test_status_asked_rule_by_rule_answers_as_the_joined_alternation() -> None:
    finder = ProgressFinder.default()
    pieces = [
        "已完成整改12个",
        "项目正在推进中",
        "会议听取了汇报",
        "要加快推进",
        "进展缓慢",
        "完成年度计划的80%",
    ]
    for piece in pieces:
        assert finder._has("status", piece) == bool(finder.combined["status"].search(piece)), piece
    assert any(finder._has("status", p) for p in pieces) and not all(finder._has("status", p) for p in pieces)


def test_progress_reads_a_document_the_same_twice_and_keeps_nothing() -> None:
    finder = ProgressFinder.default()
    doc = make_doc(
        "关于重点工作推进情况的报告\n一、工作进展\n截至目前，已完成整改问题18个，正在整改3个。"
        "农村公路项目稳步推进，完成年度计划的85%。"
    )
    first = [(p.text, p.status, p.start) for p in finder.find(doc)]
    assert first and [(p.text, p.status, p.start) for p in finder.find(doc)] == first
    assert not finder.memo


def test_feature_buckets_are_the_crc32_of_the_feature() -> None:
    for feature in ["b2:全市", "c:推进", "dl", "k:paragraph"]:
        assert feature_index(feature) == zlib.crc32(feature.encode("utf-8")) & (BUCKETS - 1)
    assert indices(["c:推进", "dl", "c:推进"]) == sorted({feature_index("c:推进"), feature_index("dl")})


def test_indices_of_unseen_features_are_their_crc32_buckets_once_each() -> None:
    fresh = [f"c:新{chr(0x4E00 + i)}" for i in range(40)]
    expected = sorted({zlib.crc32(f.encode("utf-8")) & (BUCKETS - 1) for f in fresh})
    assert indices(fresh + fresh[::-1]) == expected
    assert indices([]) == []


_BARE_TEXTS = [
    "资规局优化好审批流程，县财政局正在牵头制定办法。",
    "国办正在牵头起草意见，各级政府贯彻落实到位。",
    "市住建局、市交通局联合开展检查，县应(yīng)急管理局(jú)组织演练。",
    "争取省政府支持，给各级人民政府下达任务，企业设立的基金。",
]


def test_bare_subject_cuts_screened_by_last_character_answer_as_every_cut(fresh: UnitFinder) -> None:
    assert fresh.bare_last is not None
    plain = dataclasses.replace(fresh, bare_last=None)
    answers = []
    for text in _BARE_TEXTS:
        for start in range(len(text) - 1):
            for end in range(start + 2, min(len(text), start + 14) + 1):
                screened = fresh._bare_subject(start, end, text, "unit.test.v1")
                assert screened == plain._bare_subject(start, end, text, "unit.test.v1")
                answers.append(screened)
            # The screen drops only cuts the full test would drop too.
            for cut in range(start + 2, len(text) + 1):
                head = text[start:cut]
                if text[cut - 1] not in fresh.bare_last:
                    assert not head.endswith(fresh.bare_ends) and _clean(head) not in fresh.lexicon
    assert any(answers)  # some subject was found: the comparison is not of two Nones


def test_marker_plan_answers_as_each_rules_needs_and_longest(fresh: UnitFinder) -> None:
    texts = [
        "牵头单位：县发改局；配合单位:县财政局",
        "由市委组织部牵头制定考核办法。",
        "参会人员范围：各乡镇（街道）主要负责同志，列席：县直各部门。",
        "加强资金监管，按季度通报。",
    ]
    rules = fresh.rules.by_group("marker")
    assert [rule for rule, _, _, _ in fresh._markers] == list(rules)
    tried = 0
    for rule, _, needs, longest in fresh._markers:
        assert longest == bool(rule.get("longest"))
        for text in texts:
            plain = not rule.get("needs") or any(n in text for n in rule.get("needs"))
            assert (needs is None or needs.search(text) is not None) == plain
            tried += plain and needs is not None
    assert tried  # some rule with `needs` is tried on some text: not only misses compared
    assert spans(fresh.find(texts[0])) and spans(fresh.find(texts[1]))


@pytest.mark.parametrize(
    ("pattern", "required"),
    [
        ("(?:年底|月底)前", {"前"}),
        (r"\d+(?:个)?工作日内", {"工"}),
        ("(?:上半年|下半年)", {"上", "下"}),
        (r"[1-4]季?", {"1", "2", "3", "4"}),
        ("(?=前)x", {"x"}),
    ],
)
def test_required_chars_are_read_off_the_pattern(pattern: str, required: set[str]) -> None:
    assert _required_chars(re.compile(pattern)) == frozenset(required)


@pytest.mark.parametrize("pattern", [r"\d+", "[^年]+", "(?:年)?", "a|\\w", "(?i)q"])
def test_a_pattern_that_names_no_required_char_is_always_tried(pattern: str) -> None:
    assert _required_chars(re.compile(pattern)) is None


_DEADLINE_TEXTS = [
    "各乡镇要于2024年6月底前完成排查，每季度报送一次进展。",
    "自通知下发之日起30个工作日内整改到位，年底前全面完成。",
    "本条例自2025年1月1日起施行；长期坚持，持续推进。",
    "明年上半年启动试点，三季度末前形成经验，次年春节前验收。",
    "会议要求尽快落实，每月10日前报送数据，节（jié）前完成。",
    "加强资金监管，按照要求核实。",
]


def test_text_rules_skipped_for_a_missing_required_char_could_not_match() -> None:
    finder = DeadlineFinder.default()
    skipped = 0
    for rule in finder._text_rules:
        if rule.requires is None:
            continue
        for text in _DEADLINE_TEXTS + [t[::2] for t in _DEADLINE_TEXTS]:
            if rule.requires.isdisjoint(text):
                skipped += 1
                assert rule.rule.regex.search(text) is None
    assert skipped  # some rule is skipped on some text: the screen does something


def test_deadlines_found_with_the_required_chars_as_without() -> None:
    screened = DeadlineFinder.default()
    plain = DeadlineFinder.default()
    object.__setattr__(
        plain, "_text_rules", tuple(dataclasses.replace(r, requires=None) for r in plain._text_rules)
    )
    found = 0
    for text in _DEADLINE_TEXTS:
        expected = [d.to_json() for d in plain.find(text, 7, 2024)]
        assert [d.to_json() for d in screened.find(text, 7, 2024)] == expected
        found += len(expected)
    assert found


def _one_by_one(line: str) -> tuple[str, int] | None:
    return next(((m.group(), level) for p, level in item_markers() if (m := p.match(line))), None)


def test_joined_markers_answer_as_the_markers_tried_in_order() -> None:
    # Every marker rule's examples, cut at every length and followed by text, and lines that
    # several markers could open (`第三条` and `第三章`, `（1）` and `1)`), or none.
    lines = [
        "第三条规定",
        "第三章附则",
        "（1）落实",
        "1)落实",
        "12.5亿元",
        "二〇二四年",
        "一是加快",
        "",
        "、",
    ]
    for rule in vocabulary().by_group("marker"):
        for example in rule.examples:
            lines += [example[:n] for n in range(1, len(example) + 1)]
            lines.append(example + "推进项目建设")
    assert any(_one_by_one(line) for line in lines)
    for line in lines:
        assert match_marker(line) == _one_by_one(line), line


def test_bigram_features_are_every_pair_of_neighbouring_characters() -> None:
    body = "各区县要加强组织领导，确保年底前完成。"
    bigrams = [f for f in _text_features(body) if f.startswith("c:")]
    core = body[:160]
    assert bigrams == ["c:" + core[i : i + 2] for i in range(len(core) - 1)]
    assert [f for f in _text_features("推进。") if f.startswith("c:")] == ["c:推进", "c:进。"]


def _first_rule(finder: MeasureFinder, group: str, text: str) -> str | None:
    return next((rule.id for rule in finder.rules.by_group(group) if rule.regex.search(text)), None)


def test_measure_groups_answer_as_their_rules_tried_in_order() -> None:
    finder = MeasureFinder.default(learned=False)
    # Every rule's examples and counter-examples, in every group, asked of every group.
    texts = [text for rule in finder.rules.rules for text in (*rule.examples, *rule.counter)]
    texts += ["", "会议指出，各单位要在年底前完成整改。", "一是加快推进项目建设"]
    asked = hits = 0
    for group in finder.rules.groups:
        for text in texts:
            asked += 1
            found = finder._has(group, text)
            hits += found is not None
            assert found == _first_rule(finder, group, text), (group, text)
    assert asked and hits
    with pytest.raises(DubanError):
        finder._has("no_such_group", "各单位要落实")


def test_screened_group_halves_answer_as_the_unscreened_ones() -> None:
    finder = MeasureFinder.default(learned=False)
    texts = [text for rule in finder.rules.rules for text in (*rule.examples, *rule.counter)]
    texts += ["", "会议指出，各单位要在年底前完成整改。", "县财政局负责", "共计12项。"]
    screened = 0
    for group in finder.rules.groups:
        matcher = finder._group_matchers[group][0]
        plain_matcher = group_pattern(finder.rules, group)
        assert plain_matcher._start_screen is None and plain_matcher._anywhere_screen is None
        screened += matcher._start_screen is not None or matcher._anywhere_screen is not None
        for text in texts:
            assert bool(matcher.search(text)) == bool(plain_matcher.search(text)), (group, text)
    assert screened  # some group (`reject`, `directive`) is screened: the comparison is not idle
