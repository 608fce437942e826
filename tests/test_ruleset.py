"""Rules as data: every rule file loads, its examples hold, and a broken file fails with E030."""

from __future__ import annotations

import pytest
import yaml

from duban.base.errors import DubanError
from duban.rules.ruleset import (
    _LineLoader,
    _mapping_with_line,
    check_examples,
    load_rule_file,
    parse_rule_file,
    rules_dir,
)

RULE_FILES = sorted(p.stem for p in rules_dir().glob("*.yaml"))


def test_every_rule_family_has_a_file() -> None:
    assert {"measures", "units", "deadlines", "relays", "progress"} <= set(RULE_FILES)


@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_file_examples_hold(name: str) -> None:
    rule_file = load_rule_file(name)
    assert rule_file.rules, f"{name}.yaml has no rules"
    assert check_examples(rule_file) == []


@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_ids_are_versioned_and_unique(name: str) -> None:
    ids = [rule.id for rule in load_rule_file(name).rules]
    assert len(ids) == len(set(ids))
    assert all(rule_id.rsplit(".", 1)[-1].startswith("v") for rule_id in ids)


# Inline rule files end with their group declaration, so that the line numbers below stay those
# of the rules.
G = "groups:\n  g: a test group\n"


def test_check_examples_reports_a_positive_that_does_not_match() -> None:
    rule_file = parse_rule_file(
        "rules:\n  - id: x.year.v1\n    kind: regex\n    group: g\n    pattern: '\\d{4}年'\n"
        "    examples: ['今年底前']\n" + G,
        "t.yaml",
    )
    assert check_examples(rule_file) == ["x.year.v1: 例子未匹配：今年底前"]


def test_check_examples_reports_a_counter_example_that_matches() -> None:
    rule_file = parse_rule_file(
        "rules:\n  - id: x.soon.v1\n    kind: phrases\n    group: g\n    pattern: [尽快]\n    examples: [请尽快]\n"
        "    counter: [尽快完成]\n" + G,
        "t.yaml",
    )
    assert check_examples(rule_file) == ["x.soon.v1: 反例被匹配：尽快完成"]


def test_phrases_rule_can_name_a_list() -> None:
    rule_file = parse_rule_file(
        "lists:\n  soon: [及时, 尽快]\nrules:\n  - id: x.soon.v1\n    kind: phrases\n    group: g\n"
        "    pattern: soon\n    examples: [要及时报告]\n" + G,
        "t.yaml",
    )
    assert rule_file.rules[0].regex.search("尽快办理")


def test_regex_rule_can_embed_a_list() -> None:
    rule_file = parse_rule_file(
        "lists:\n  verbs: [传达, 学习]\nrules:\n  - id: x.relay.v1\n    kind: regex\n    group: g\n"
        "    pattern: '(?:{list:verbs})了'\n    examples: [会议学习了]\n" + G,
        "t.yaml",
    )
    assert rule_file.rules[0].regex.search("传达了")
    assert not rule_file.rules[0].regex.search("研究了")


def _rule(rule_id: str = "x.a.v1", pattern: str = "a", extra: str = "") -> str:
    """One well-formed rule (5 lines, plus `extra`) in group `g`."""
    return f"  - id: {rule_id}\n    kind: regex\n    group: g\n    pattern: '{pattern}'\n    examples: [a]\n{extra}"


BROKEN = {
    "malformed YAML": (
        "rules:\n  - id: x.a.v1\n    kind: regex: bad\n    examples: [a]\n" + G,
        3,
        "mapping values",
    ),
    "bad id": ("rules:\n" + _rule("Bad-Id") + G, 2, "Bad-Id"),
    "id without version": ("rules:\n" + _rule("x.a") + G, 2, "x.a"),
    "regex that does not compile": (
        "rules:\n" + _rule(pattern="(unclosed") + _rule("x.b.v1") + G,
        5,
        "正则表达式有误",
    ),
    "missing examples": (
        "rules:\n" + _rule() + "  - id: x.b.v1\n    kind: regex\n    group: g\n    pattern: b\n" + G,
        7,
        "examples",
    ),
    "unknown kind": (
        "rules:\n  - id: x.a.v1\n    kind: glob\n    group: g\n    pattern: a\n    examples: [a]\n" + G,
        3,
        "kind",
    ),
    "duplicate id": ("rules:\n" + _rule() + _rule() + G, 7, "id 重复"),
    "unknown list": ("rules:\n" + _rule(pattern="{list:nope}") + G, 2, "nope"),
    "no rules list": ("lists: {}\n", 1, "rules"),
    # A misspelt attribute is named with its own line, not ignored.
    "unknown attribute": ("rules:\n" + _rule(extra="    deadline_knd: absolute\n") + G, 7, "deadline_knd"),
    "misspelt core field": ("rules:\n" + _rule(extra="    counters: [b]\n") + G, 7, "counters"),
    # A group the file does not declare (a typo in YAML) and a declared group no rule is in.
    "undeclared group": ("rules:\n" + _rule().replace("group: g", "group: gg") + G, 4, "gg"),
    "empty group": ("rules:\n" + _rule() + G + "  h: another group\n", 9, "'h'"),
    "no groups section": ("rules:\n" + _rule(), 1, "groups"),
    "unknown top-level field": ("rules:\n" + _rule() + G + "lits: {}\n", 9, "lits"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_rule_file_raises_e030_naming_file_and_line(case: str) -> None:
    text, line, needle = BROKEN[case]
    with pytest.raises(DubanError) as caught:
        parse_rule_file(text, "rules/broken.yaml")
    message = str(caught.value)
    assert caught.value.code == "E030"
    assert f"rules/broken.yaml:{line}:" in message
    assert needle in message


# Each family's rules may carry only the attributes its finder reads, with their types.
FAMILY_BROKEN = {
    "deadlines": ("    status: done\n", 7, "status"),
    "progress": ("    status: finished\n", 7, "status"),
    "units": ("    role: leader\n", 7, "role"),
    "vocabulary": ("    level: first\n", 7, "level"),
}


@pytest.mark.parametrize("family", sorted(FAMILY_BROKEN))
def test_family_attributes_are_checked(family: str) -> None:
    extra, line, needle = FAMILY_BROKEN[family]
    with pytest.raises(DubanError) as caught:
        parse_rule_file("rules:\n" + _rule(extra=extra) + G, f"rules/{family}.yaml")
    assert caught.value.code == "E030"
    assert f"rules/{family}.yaml:{line}:" in str(caught.value)
    assert needle in str(caught.value)


def test_a_group_misspelt_in_code_fails_at_load() -> None:
    with pytest.raises(DubanError) as caught:
        load_rule_file("relays").require(("quoted", "contxt"))
    assert caught.value.code == "E030"
    assert "contxt" in str(caught.value)


def test_asking_for_an_undeclared_group_raises() -> None:
    with pytest.raises(DubanError, match=r"E030.*markr"):
        load_rule_file("units").by_group("markr")


def test_reading_an_attribute_the_family_lacks_raises() -> None:
    rule = load_rule_file("deadlines").rules[0]
    assert rule.get("deadline_kind") == "recurring"
    with pytest.raises(KeyError, match="deadline_knd"):
        rule.get("deadline_knd")


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_declared_group_is_read_by_code(name: str) -> None:
    """A group no finder reads is dead data (or its reader misspells it)."""
    import ast

    read: set[str] = set()
    for path in (rules_dir().parent).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                read.add(node.value)
    assert set(load_rule_file(name).groups) <= read


def test_every_extracted_item_names_a_rule_that_exists() -> None:
    from duban.extractors.rules import rule_extractor
    from tests.conftest import make_doc

    known = {f"rule:{rule.id}" for name in RULE_FILES for rule in load_rule_file(name).rules}
    doc = make_doc(
        "县政府常务会议纪要\n"
        "会议传达学习了《省政府关于做好防汛工作的通知》精神。截至目前，已完成隐患排查20处，正在整改3处。\n"
        "会议要求，县水利局要于6月底前完成水库安全鉴定，由县应急管理局牵头开展联合检查。\n"
        "序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限\n"
        "1 | 修订防汛应急预案 | 县应急管理局 | 县水利局 | 全年\n"
    )
    found = rule_extractor().extract(doc)
    assert found.measures and found.relays and found.progress
    names = [p for m in found.measures for p in m.provenance]
    names += [u.provenance for m in found.measures for u in m.units]
    names += [d.provenance for m in found.measures for d in m.deadlines]
    names += [r.provenance for r in found.relays] + [p.provenance for p in found.progress]
    assert names and set(names) <= known


def test_a_word_list_misspelt_in_code_raises() -> None:
    assert "尽快" in load_rule_file("deadlines").words("not_deadline")
    with pytest.raises(DubanError, match=r"E030.*not_deadlne"):
        load_rule_file("deadlines").words("not_deadlne")


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_files_are_read_by_libyaml_with_the_same_nodes_and_lines(name: str) -> None:
    # every extracting process parses the rule files before its first document (the ingest's
    # fork server too, a fixed cost before any worker starts): the C parser, same result
    class PurePython(yaml.SafeLoader):
        pass

    PurePython.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)
    text = (rules_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    assert issubclass(_LineLoader, yaml.CSafeLoader)
    assert yaml.load(text, Loader=_LineLoader) == yaml.load(text, Loader=PurePython)
