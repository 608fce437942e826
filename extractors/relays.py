"""Relays: the superior documents, meetings, speeches and laws that a text relays or reports on.

A quoted title counts when its sentence says it was relayed, studied, implemented, issued or taken
as a basis (a relay verb before it, 精神/要求/规定 after it), unless the verb is negated
(`未组织学习《…》`) or the title is repealed (`《…》停止执行`). Unquoted `…精神`, `关于…的通知` and
laws (`根据社会保险法有关规定`) count after a relay verb. A later, shorter mention of a speech already
found (`习近平总书记重要讲话精神`) is the same relay. A number cited in an unquoted mention
(`贯彻国办发〔2023〕12号文件精神`) is kept as the relay's number, the key the cross-check links by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.ruleset import RuleFile, load_rule_file
from pipeline.metadata import DOC_NUMBER
from pipeline.model import Document, Relay

_SENTENCE_START = re.compile(r"[。！？；!?;\n][^。！？；!?;\n]*$")
_AFTER = re.compile(
    r"^[）)〉>》\s]*(?:[（(][^）)]{0,24}[）)])?(?:等)?(?:文件)?(?:的)?(?:重要)?(?:精神|要求|规定|部署|有关规定)"
)
_CHAIN = re.compile(r"^[、，,和及与\s]*$")
_NOT_DIRECTIVE = re.compile(r"^(?:以下简称|简称)")
_LEAD_VERB = re.compile(r"(?:深入|认真|全面|进一步|传达|学习|贯彻|落实|了|和|及)+")
_DOC_SPIRIT = re.compile(r"(?<=通知|意见|决定|办法|方案|规定|纲要)精神$")
_LIST_SPLIT = re.compile(r"、")
_LIST_PART = re.compile(r"(?:会|会议|全会|党代会|讲话|指示|批示|通知|意见|决定)(?:精神)?$")


@dataclass(frozen=True)
class RelayFinder:
    rules: RuleFile

    @classmethod
    def default(cls) -> RelayFinder:
        return cls(load_rule_file("relays"))

    def _has(self, group: str, text: str) -> bool:
        return any(rule.regex.search(text) for rule in self.rules.by_group(group))

    def find(self, doc: Document) -> list[Relay]:
        text = doc.analysis_text
        out: list[Relay] = []
        own_title = (doc.meta.title or "").strip("《》")
        last_end = -1
        for rule in self.rules.by_group("quoted"):
            for m in rule.regex.finditer(text):
                chained = last_end >= 0 and bool(_CHAIN.match(text[last_end : m.start()]))
                head = _SENTENCE_START.search(text, 0, m.start())
                before = text[head.start() + 1 if head else 0 : m.start()]
                after = text[m.end() : m.end() + 40]
                if self._has("negated", before) or self._has("repealed", after):
                    continue
                if not (chained or self._has("context", before) or _AFTER.match(after)):
                    continue
                last_end = m.end()
                title = doc.text[m.start("title") : m.end("title")]
                if _NOT_DIRECTIVE.match(title) or title == own_title:
                    continue
                self._add(out, doc, title, self._number(doc, m), m.start(), m.end(), rule.id)
        for group in ("spirit", "unquoted"):
            for rule in self.rules.by_group(group):
                for m in rule.regex.finditer(text):
                    start, end = m.span("title")
                    reported = text.rfind("了", start, end)
                    start = reported + 1 if reported >= 0 else start
                    lead = _LEAD_VERB.match(text, start, end)
                    start = lead.end() if lead else start
                    head = _SENTENCE_START.search(text, 0, m.start())
                    if self._has("negated", text[head.start() + 1 if head else 0 : start]):
                        continue
                    if text.count("“", start, end) != text.count("”", start, end):
                        continue
                    for s, e in _split_list(text, start, end):
                        spirit = _DOC_SPIRIT.search(text, s, e)
                        e = spirit.start() if spirit else e
                        number = DOC_NUMBER.search(text, s, e)
                        cited = doc.text[number.start() : number.end()] if number else None
                        self._add(out, doc, doc.text[s:e], cited, m.start(), m.end(), rule.id)
        out.sort(key=lambda r: r.start)
        return out

    def _number(self, doc: Document, m: re.Match[str]) -> str | None:
        if m.group("number"):
            return doc.text[m.start("number") : m.end("number")]
        tail = DOC_NUMBER.match(doc.analysis_text, m.end("title") + 1, m.end("title") + 30)
        return doc.text[tail.start() : tail.end()] if tail else None

    @staticmethod
    def _add(
        out: list[Relay], doc: Document, title: str, number: str | None, start: int, end: int, rule_id: str
    ) -> None:
        key = re.sub(r"\W", "", title)
        if len(key) < 3 or any(_is_subsequence(key, re.sub(r"\W", "", r.title or "")) for r in out):
            return
        out.append(
            Relay(
                title=title,
                doc_number=number,
                text=doc.text[start:end],
                start=start,
                end=end,
                page=doc.page_at(start),
                provenance=f"rule:{rule_id}",
            )
        )


def _is_subsequence(short: str, long_: str) -> bool:
    """Whether `short` reads as `long_` with words left out (a looser mention of the same relay)."""
    chars = iter(long_)
    return all(ch in chars for ch in short)


def _split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`省第十一次党代会、市第十次党代会精神` names two meetings; other lists stay whole."""
    parts = []
    pos = start
    for sep in _LIST_SPLIT.finditer(text, start, end):
        parts.append((pos, sep.start()))
        pos = sep.end()
    parts.append((pos, end))
    if len(parts) > 1 and all(_LIST_PART.search(text, s, e) for s, e in parts):
        return parts
    return [(start, end)]
