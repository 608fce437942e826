"""Rules as data: YAML files in `rules/`, validated on load, compiled once.

Every rule is a record with a stable versioned id (`deadline.month_end.v1`), a kind (`regex`,
`phrases`), its group, its pattern, and examples that must match (and `counter` examples that must
not). A rule file declares its groups (`groups:`, each with what it is for) next to its rules.

The schema is written with pydantic (`rules/schema.py`): a field that no finder reads (a typo such
as `deadline_knd`), a group the file does not declare, a declared group with no rule, a pattern
that does not compile: each fails at load with E030 naming the file, the line and the field, never
at extraction time. A finder states the groups it reads when it loads its file (`require`), and
asking for any other group raises, so a group name misspelt in code fails as early as one misspelt
in YAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from duban.base import paths
from duban.base.errors import DubanError, E
from duban.rules.schema import CORE_FIELDS, FAMILIES, FileSpec, RuleSpec

_ABSENT: Any = object()


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counter: tuple[str, ...]
    attrs: dict[str, Any] = field(default_factory=dict, hash=False)
    line: int = 0
    # The attribute names the rule's family allows (`get` of any other name is a bug in the caller).
    known: frozenset[str] = field(default=frozenset(), hash=False, compare=False)

    def get(self, key: str, default: Any = None) -> Any:
        """An attribute as written in the file (`default` when the rule leaves it out).

        Finders call this for every rule on every sentence (about a million times per thousand
        documents), so an attribute the rule has is returned at once; the family's allowed names
        are checked only when the rule leaves the attribute out (an attribute the file gives
        passed the same check when the file was loaded)."""
        value = self.attrs.get(key, _ABSENT)
        if value is not _ABSENT:
            return value
        if key not in self.known:
            raise KeyError(f"{self.id}: rules of this family have no attribute {key!r}")
        return default


@dataclass(frozen=True)
class RuleFile:
    path: str
    rules: tuple[Rule, ...]
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    groups: dict[str, tuple[Rule, ...]] = field(default_factory=dict, hash=False, compare=False)

    def by_group(self, group: str) -> tuple[Rule, ...]:
        """The rules of one group, in file order (the order in which they are tried)."""
        try:
            return self.groups[group]
        except KeyError:
            raise DubanError(
                E.RULES_INVALID, path=self.path, line=0, detail=f"未声明的规则组 {group!r}（groups: 中没有）"
            ) from None

    def regex(self, group: str) -> re.Pattern[str]:
        """The pattern of a group that holds one rule (a cue list read as a whole)."""
        rules = self.by_group(group)
        if len(rules) != 1:
            raise DubanError(
                E.RULES_INVALID, path=self.path, line=rules[1].line, detail=f"规则组 {group!r} 应只有一条规则"
            )
        return rules[0].regex

    def require(self, groups: Iterable[str]) -> RuleFile:
        """Check, at load, that every group a finder reads is declared in the file; returns self."""
        missing = sorted(set(groups) - self.groups.keys())
        if missing:
            raise DubanError(
                E.RULES_INVALID,
                path=self.path,
                line=0,
                detail=f"代码读取的规则组不存在：{', '.join(missing)}",
            )
        return self

    def words(self, name: str) -> tuple[str, ...]:
        """A named word list of the file (`lists:`); a name the file lacks raises."""
        try:
            return self.lists[name]
        except KeyError:
            raise DubanError(
                E.RULES_INVALID, path=self.path, line=0, detail=f"没有名为 {name!r} 的词表（lists: 中没有）"
            ) from None

    def rule(self, rule_id: str) -> Rule:
        """One rule by its id (for rules that are a single shared pattern, such as a document number)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise DubanError(E.RULES_INVALID, path=self.path, line=0, detail=f"没有 id 为 {rule_id} 的规则")


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where PyYAML was built with it (the wheels are): the same nodes and marks as
the pure-Python one, in a tenth of the time. Every process that extracts parses the rule files
first (the ingest's fork server among them, before any worker can start): 0.34 → 0.04 s of CPU
for the ten files, a fixed cost that 2 workers cannot share and that kept them further from twice
one worker's rate on a thousand documents."""


class _LineLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A YAML loader that records each mapping's line and each key's line, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(k): v for k, v in loader.construct_mapping(node, deep=True).items()}
    mapping["__lines__"] = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def rules_dir() -> Path:
    return Path(str(resources.files("duban.rules")))


def lexicon_path(name: str) -> Path:
    """Where the lexicon `name` (`units.txt`, `aliases.txt`, `xcheck_kind.yaml` …) lives, for the
    loaders here and every other reader of a lexicon: `base.paths.lexicon_path`, which the index
    (below the rules) reads too."""
    return paths.lexicon_path(name)


def _strip(value: Any) -> Any:
    """The parsed YAML without the line bookkeeping, for validation."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("__line__", "__lines__")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _validate(model: type[BaseModel], raw: dict[str, Any], path: str, what: str) -> Any:
    """`raw` validated by `model`; the first problem raised as E030 at the line of its field."""
    try:
        return model.model_validate(_strip(raw))
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = [str(part) for part in error["loc"]]
        key = loc[0] if loc else ""
        line = raw.get("__lines__", {}).get(key, raw.get("__line__", 0))
        where = ".".join(loc)
        if error["type"] == "extra_forbidden":
            detail = f"{what}: 未知字段 `{key}`（拼写错误？可用字段：{', '.join(model.model_fields)}）"
        else:
            detail = f"{what}: 字段 `{where}` {error['msg']}（值：{error.get('input')!r}）"
        raise DubanError(E.RULES_INVALID, path=path, line=line, detail=detail) from None


def parse_rule_file(text: str, path: str, family: str | None = None) -> RuleFile:
    """Validate and compile one rule file's text; raise `E.RULES_INVALID` naming the problem.

    `family` (default: the file's stem) picks the rule schema, i.e. which attributes its rules
    may carry."""
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DubanError(
            E.RULES_INVALID, path=path, line=(mark.line + 1) if mark else 0, detail=str(exc)
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise DubanError(
            E.RULES_INVALID, path=path, line=1, detail="文件顶层须有 `rules:` 列表（规则逐条写在其下）"
        )
    spec: FileSpec = _validate(FileSpec, {**data, "rules": []}, path, "file")
    lists = {name: tuple(values) for name, values in spec.lists.items()}
    model = FAMILIES.get(family or Path(path).stem, RuleSpec)
    seen: set[str] = set()
    rules = []
    for raw in data["rules"]:
        rule = _compile(raw, path, lists, model, spec.groups)
        if rule.id in seen:
            raise DubanError(
                E.RULES_INVALID,
                path=path,
                line=rule.line,
                detail=f"规则 id 重复：{rule.id}（每条规则的 id 须唯一；改了规则的行为请升版本号）",
            )
        seen.add(rule.id)
        rules.append(rule)
    index: dict[str, list[Rule]] = {name: [] for name in spec.groups}
    for rule in rules:
        index[rule.get("group")].append(rule)
    empty = [name for name, members in index.items() if not members]
    if empty:
        line = data["groups"].get("__lines__", {}).get(empty[0], 0)
        raise DubanError(E.RULES_INVALID, path=path, line=line, detail=f"规则组 {empty[0]!r} 没有任何规则")
    return RuleFile(
        path=path, rules=tuple(rules), lists=lists, groups={k: tuple(v) for k, v in index.items()}
    )


def _compile(
    raw: Any, path: str, lists: dict[str, tuple[str, ...]], model: type[RuleSpec], groups: dict[str, str]
) -> Rule:
    line = raw.get("__line__", 0) if isinstance(raw, dict) else 0

    def fail(detail: str, key: str = "") -> DubanError:
        at = raw.get("__lines__", {}).get(key, line) if key and isinstance(raw, dict) else line
        return DubanError(E.RULES_INVALID, path=path, line=at, detail=detail)

    if not isinstance(raw, dict):
        raise fail("每条规则须是一组“字段: 值”（id、kind、group、pattern、examples …）")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not re.match(RuleSpec.ID_PATTERN, rule_id):
        raise fail(f"id {rule_id!r} 格式不对：须形如 family.name.v1（小写英文，末尾是版本号）", "id")
    if raw.get("kind") not in ("regex", "phrases"):
        raise fail(f"{rule_id}: kind 只能是 regex（正则）或 phrases（词表）", "kind")
    if not isinstance(raw.get("examples"), list) or not raw["examples"]:
        raise fail(f"{rule_id}: 须有 `examples` 列表（至少一个应当匹配的例子）", "examples")
    spec: RuleSpec = _validate(model, raw, path, rule_id)
    if spec.group not in groups:
        raise fail(f"{rule_id}: 规则组 {spec.group!r} 未在 groups: 中声明（拼写错误？）", "group")
    if spec.kind == "regex":
        if not isinstance(spec.pattern, str):
            raise fail(f"{rule_id}: regex 规则的 `pattern` 须是一个正则表达式字符串", "pattern")
        source = _expand(spec.pattern, lists, fail)
    else:
        phrases = spec.pattern if isinstance(spec.pattern, list) else lists.get(spec.pattern)
        if not phrases:
            raise fail(
                f"{rule_id}: phrases 规则的 `pattern` 须是词语列表，或 lists: 中一个列表的名字", "pattern"
            )
        source = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    try:
        regex = re.compile(source)
    except re.error as exc:
        raise fail(f"{rule_id}: 正则表达式有误：{exc}", "pattern") from exc
    attrs = {k: v for k, v in spec.model_dump(exclude_unset=True).items() if k not in CORE_FIELDS}
    return Rule(
        id=spec.id,
        kind=spec.kind,
        regex=regex,
        examples=tuple(spec.examples),
        counter=tuple(spec.counter),
        attrs=attrs,
        line=line,
        known=frozenset(model.model_fields) - CORE_FIELDS,
    )


def _expand(pattern: str, lists: dict[str, tuple[str, ...]], fail: Any) -> str:
    """`{list:name}` inside a regex becomes an alternation of that list's phrases."""

    def repl(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in lists:
            raise fail(f"未知的列表 {name!r}（须先在 lists: 中定义）")
        return "(?:" + "|".join(re.escape(p) for p in sorted(lists[name], key=len, reverse=True)) + ")"

    return re.sub(r"\{list:([a-z_]+)\}", repl, pattern)


@cache
def load_rule_file(name: str) -> RuleFile:
    """Load `rules/<name>.yaml` from the installed package (cached: rules are immutable data)."""
    path = rules_dir() / f"{name}.yaml"
    return parse_rule_file(path.read_text(encoding="utf-8"), str(path), name)


def check_examples(rule_file: RuleFile) -> list[str]:
    """Problems with a file's examples: positives that do not match, counters that do."""
    problems = []
    for rule in rule_file.rules:
        problems += [f"{rule.id}: 例子未匹配：{e}" for e in rule.examples if not rule.regex.search(e)]
        problems += [f"{rule.id}: 反例被匹配：{c}" for c in rule.counter if rule.regex.search(c)]
    return problems


@cache
def load_lexicon(name: str) -> tuple[str, ...]:
    """A lexicon file from `rules/lexicons/`: first field of each non-comment line."""
    return tuple(entry for entry, _ in load_lexicon_entries(name))


@cache
def load_lexicon_entries(name: str) -> tuple[tuple[str, str], ...]:
    """A lexicon file as (name, tag) pairs; the tag is the third field of the jieba user-dict
    format (`name freq tag`), empty when a line has none. A missing file is an empty lexicon."""
    path = lexicon_path(name)
    if not path.exists():
        return ()
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if fields and not fields[0].startswith("#"):
            out.append((fields[0], fields[2] if len(fields) > 2 else ""))
    return tuple(out)


@cache
def load_lexicon_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """A lexicon of pairs (`variant normal` a line, `#` comments; a third field such as `rewrite`
    is a tag for other readers) as pairs, in file order."""
    path = lexicon_path(name)
    if not path.exists():
        return ()
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 2 and not line.startswith("#"):
            pairs.append((fields[0], fields[1]))
    return tuple(pairs)
