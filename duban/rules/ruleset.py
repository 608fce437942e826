"""Rules as data: YAML files in `rules/`, validated on load, compiled once.

Every rule is a record with a stable versioned id (`deadline.month_end.v1`), a kind (`regex`,
`phrases`), its pattern, and examples that must match (and `counter` examples that must not).
A broken rule fails at load with the file, line and problem, never at extraction time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from duban.base.errors import DubanError, E

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+\.v\d+$")
_KINDS = ("regex", "phrases")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict, hash=False)
    line: int = 0

    def get(self, key: str, default: Any = None) -> Any:
        return self.attrs.get(key, default)


@dataclass(frozen=True)
class RuleFile:
    path: str
    rules: tuple[Rule, ...]
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    groups: dict[str, tuple[Rule, ...]] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        # Finders ask for a group per sentence; index the groups once instead of filtering each time.
        index: dict[str, list[Rule]] = {}
        for rule in self.rules:
            index.setdefault(str(rule.get("group", "")), []).append(rule)
        object.__setattr__(self, "groups", {name: tuple(rules) for name, rules in index.items()})

    def by_group(self, group: str) -> tuple[Rule, ...]:
        """The rules of one group, in file order (the order in which they are tried)."""
        return self.groups.get(group, ())


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records each mapping's line, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def rules_dir() -> Path:
    return Path(str(resources.files("duban.rules")))


def parse_rule_file(text: str, path: str) -> RuleFile:
    """Validate and compile one rule file's text; raise `E.RULES_INVALID` naming the problem."""
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DubanError(
            E.RULES_INVALID, path=path, line=(mark.line + 1) if mark else 0, detail=str(exc)
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise DubanError(
            E.RULES_INVALID, path=path, line=1, detail="the file needs a top-level `rules:` list"
        )
    lists = {
        name: tuple(str(v) for v in values)
        for name, values in (data.get("lists") or {}).items()
        if name != "__line__"
    }
    seen: set[str] = set()
    rules = []
    for raw in data["rules"]:
        rule = _compile(raw, path, lists)
        if rule.id in seen:
            raise DubanError(E.RULES_INVALID, path=path, line=rule.line, detail=f"duplicate id {rule.id}")
        seen.add(rule.id)
        rules.append(rule)
    return RuleFile(path=path, rules=tuple(rules), lists=lists)


def _compile(raw: Any, path: str, lists: dict[str, tuple[str, ...]]) -> Rule:
    line = raw.get("__line__", 0) if isinstance(raw, dict) else 0

    def fail(detail: str) -> DubanError:
        return DubanError(E.RULES_INVALID, path=path, line=line, detail=detail)

    if not isinstance(raw, dict):
        raise fail("each rule must be a mapping")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise fail(f"id {rule_id!r} must look like family.name.v1")
    kind = raw.get("kind")
    if kind not in _KINDS:
        raise fail(f"{rule_id}: kind must be one of {', '.join(_KINDS)}")
    pattern = raw.get("pattern")
    examples = raw.get("examples")
    if not isinstance(examples, list) or not examples:
        raise fail(f"{rule_id}: needs a non-empty `examples` list")
    if kind == "regex":
        if not isinstance(pattern, str):
            raise fail(f"{rule_id}: a regex rule needs a string `pattern`")
        source = _expand(pattern, lists, fail)
    else:
        phrases = pattern if isinstance(pattern, list) else lists.get(str(pattern))
        if not phrases:
            raise fail(f"{rule_id}: a phrases rule needs a list `pattern` or the name of a list")
        source = "|".join(re.escape(str(p)) for p in sorted(phrases, key=len, reverse=True))
    try:
        regex = re.compile(source)
    except re.error as exc:
        raise fail(f"{rule_id}: bad regex: {exc}") from exc
    attrs = {
        k: v for k, v in raw.items() if k not in ("id", "kind", "pattern", "examples", "counter", "__line__")
    }
    return Rule(
        id=rule_id,
        kind=kind,
        regex=regex,
        examples=tuple(str(e) for e in examples),
        counter=tuple(str(c) for c in raw.get("counter") or ()),
        attrs=attrs,
        line=line,
    )


def _expand(pattern: str, lists: dict[str, tuple[str, ...]], fail: Any) -> str:
    """`{list:name}` inside a regex becomes an alternation of that list's phrases."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in lists:
            raise fail(f"unknown list {name!r}")
        return "(?:" + "|".join(re.escape(p) for p in sorted(lists[name], key=len, reverse=True)) + ")"

    return re.sub(r"\{list:([a-z_]+)\}", repl, pattern)


@cache
def load_rule_file(name: str) -> RuleFile:
    """Load `rules/<name>.yaml` from the installed package (cached: rules are immutable data)."""
    path = rules_dir() / f"{name}.yaml"
    return parse_rule_file(path.read_text(encoding="utf-8"), str(path))


def check_examples(rule_file: RuleFile) -> list[str]:
    """Problems with a file's examples: positives that do not match, counters that do."""
    problems = []
    for rule in rule_file.rules:
        problems += [
            f"{rule.id}: example does not match: {e}" for e in rule.examples if not rule.regex.search(e)
        ]
        problems += [f"{rule.id}: counter-example matches: {c}" for c in rule.counter if rule.regex.search(c)]
    return problems


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """A lexicon file from `rules/lexicons/`: first field of each non-comment line."""
    return tuple(entry for entry, _ in load_lexicon_entries(name))


@cache
def load_lexicon_entries(name: str) -> tuple[tuple[str, str], ...]:
    """A lexicon file as (name, tag) pairs; the tag is the third field of the jieba user-dict
    format (`name freq tag`), empty when a line has none. A missing file is an empty lexicon."""
    path = rules_dir() / "lexicons" / name
    if not path.exists():
        return ()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#"):
            out.append((fields[0], fields[2] if len(fields) > 2 else ""))
    return tuple(out)
