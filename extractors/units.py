"""Responsible units: markers (牵头单位：…), clause subjects (`X要…`), lists split with care.

A unit is kept only when it looks like one: a name from the lexicon (`rules/lexicons/units.txt`),
a name ending in an organisation suffix (…局, …办公室, …领导小组), or a role holder (一把手,
主要负责人). Recipients (`向市委报告`) and names inside titles (《…》) are not units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.ruleset import RuleFile, load_lexicon, load_rule_file
from pipeline.model import Role, Unit

_SPLIT = re.compile(r"[、，,；;]|(?<=[局委办厅部署院室会组处队站所司])(?:和|及|与|以及)")
_SHARED_HEAD = re.compile(r"等(?:部门|单位|机构|地区|部委|方面)$|^各省、自治区、直辖市")
_TRIM_LEAD = re.compile(r"^(?:并|同时|另外|此外|其中|由|请|对|和|及|与|督促|推动|指导|要求|支持|鼓励|会同)+")
_TRIM_TAIL = re.compile(r"(?:等|分别|共同|要|应|须|必须|也|都|均|还|按照|根据|每年|负责|牵头)+$")
_GENERIC_SUFFIX_DEFAULT = (
    "人民政府", "办公厅", "办公室", "委员会", "领导小组", "工作组", "指挥部", "管委会", "办事处", "党工委",
    "党委", "党组", "纪委", "监委", "中心", "机关", "机构", "部门", "单位", "政府", "集团", "公司", "银行",
    "法院", "检察院", "局", "委", "办", "厅", "部", "署", "院", "所", "站", "队", "室", "处", "科", "联",
    "省", "市", "县", "区", "旗", "镇", "乡", "街道", "兵团", "企业", "组织", "专班", "协会", "联合会",
)
_QUOTE_TITLE = re.compile(r"《[^》]*》")


@dataclass
class UnitFinder:
    rules: RuleFile
    lexicon: frozenset[str]
    suffixes: tuple[str, ...]
    stopwords: frozenset[str]
    role_words: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def default(cls) -> UnitFinder:
        rules = load_rule_file("units")
        suffixes = load_lexicon("unit_suffixes.txt") or _GENERIC_SUFFIX_DEFAULT
        stop = set(load_lexicon("unit_stopwords.txt")) | set(rules.lists.get("not_units", ()))
        return cls(
            rules=rules,
            lexicon=frozenset(load_lexicon("units.txt")),
            suffixes=tuple(sorted(set(suffixes) | set(_GENERIC_SUFFIX_DEFAULT), key=len, reverse=True)),
            stopwords=frozenset(stop),
            role_words=tuple(sorted(rules.lists.get("role_words", ()), key=len, reverse=True)),
        )

    def is_unit(self, name: str) -> bool:
        """Whether a candidate name looks like a body or a role holder."""
        bare = name.strip("“”\"")
        if len(bare) < 2 or len(bare) > 40 or bare in self.stopwords:
            return False
        if bare in self.lexicon:
            return True
        if any(bare.endswith(w) for w in self.role_words):
            return True
        core = re.sub(r"[（(][^）)]*[）)]$", "", bare)
        return len(core) >= 2 and core not in self.stopwords and core.endswith(self.suffixes)

    def find(self, text: str, offset: int = 0, original: str | None = None) -> list[Unit]:
        """Units in one measure's text (analysis view); names are reported from `original`."""
        source = original if original is not None else text
        masked = _QUOTE_TITLE.sub(lambda m: "□" * len(m.group()), text)
        units: list[Unit] = []
        seen: set[str] = set()
        marker_spans: list[tuple[int, int]] = []
        for group in ("marker", "subject"):
            for rule in self.rules.by_group(group):
                for m in rule.regex.finditer(masked):
                    if group == "subject" and any(s <= m.start("units") < e for s, e in marker_spans):
                        continue
                    role = _role(rule.get("role", "responsible"), m.group(), rule.attrs)
                    found = self._split(m, "units", role, source, masked, offset, rule.id, strict=group == "subject")
                    if rule.get("co_group"):
                        found += self._split(m, "co", "co", source, masked, offset, rule.id, strict=False)
                    if group == "marker" and found:
                        marker_spans.append(m.span())
                    for unit in found:
                        key = unit.name
                        if key in seen:
                            continue
                        seen.add(key)
                        units.append(unit)
        return units

    def _split(
        self,
        m: re.Match[str],
        group: str,
        role: Role,
        source: str,
        masked: str,
        offset: int,
        rule_id: str,
        strict: bool,
    ) -> list[Unit]:
        start, end = m.span(group)
        if start < 0:
            return []
        chunk = masked[start:end]
        if _SHARED_HEAD.search(chunk) and self.is_unit(chunk):
            pieces = [(start, end)]
        else:
            pieces = []
            pos = start
            for sep in _SPLIT.finditer(chunk):
                pieces.append((pos, start + sep.start()))
                pos = start + sep.end()
            pieces.append((pos, end))
        out = []
        for s, e in pieces:
            s, e = _trim(masked, s, e)
            name = source[s:e]
            if e - s < 2 or "□" in masked[s:e]:
                continue
            if strict and not self.is_unit(masked[s:e]):
                continue
            if not strict and (masked[s:e] in self.stopwords or len(masked[s:e]) > 40):
                continue
            out.append(Unit(name=name, role=role, start=offset + s, end=offset + e, provenance=f"rule:{rule_id}"))
        return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \t“”\"'：:":
        s += 1
    while e > s and text[e - 1] in " \t“”\"'。，,":
        e -= 1
    lead = _TRIM_LEAD.match(text, s, e)
    if lead and lead.end() < e:
        s = lead.end()
    tail = _TRIM_TAIL.search(text[s:e])
    if tail and tail.start() > 1:
        e = s + tail.start()
    return s, e


def _role(default: str, matched: str, attrs: dict[str, object]) -> Role:
    lead_hint = attrs.get("role_if_lead")
    if isinstance(lead_hint, str) and re.search(lead_hint, matched):
        return "lead"
    resp_hint = attrs.get("role_if_responsible")
    if isinstance(resp_hint, str) and re.search(resp_hint, matched):
        return "responsible"
    if default in ("lead", "co", "responsible"):
        return default  # type: ignore[return-value]
    return "responsible"
