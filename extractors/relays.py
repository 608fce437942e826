"""Relays: the superior documents, meetings and speeches that a text relays or reports on."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.ruleset import RuleFile, load_rule_file
from pipeline.metadata import DOC_NUMBER
from pipeline.model import Document, Relay

_CONTEXT_WINDOW = 24
_LIST_SPLIT = re.compile(r"[、和及]")
# A quoted title is a relay when a relay verb or 精神/要求 surrounds it; bare mentions are not.
_AFTER = re.compile(r"^[）)〉>》\s]*(?:[（(][^）)]{0,24}[）)])?(?:的)?(?:重要)?(?:精神|要求|规定|部署|有关规定|等有关规定)")
_NOT_DIRECTIVE = re.compile(r"^(?:以下简称|简称)")


@dataclass(frozen=True)
class RelayFinder:
    rules: RuleFile

    @classmethod
    def default(cls) -> RelayFinder:
        return cls(load_rule_file("relays"))

    def find(self, doc: Document) -> list[Relay]:
        text = doc.analysis_text
        context = self.rules.by_group("context")[0].regex
        out: list[Relay] = []
        seen: set[str] = set()
        own_title = (doc.meta.title or "").strip("《》")
        for rule in self.rules.by_group("quoted"):
            for m in rule.regex.finditer(text):
                before = text[max(0, m.start() - _CONTEXT_WINDOW) : m.start()]
                after = text[m.end() : m.end() + 16]
                if not (context.search(before) or _AFTER.match(after)):
                    continue
                title = doc.text[m.start("title") : m.end("title")]
                if _NOT_DIRECTIVE.match(title) or title == own_title:
                    continue
                number = self._number(doc, m)
                self._add(out, seen, doc, title, number, m.start(), m.end(), rule.id)
        for group in ("spirit", "spirit_list"):
            for rule in self.rules.by_group(group):
                for m in rule.regex.finditer(text):
                    start, end = m.span("title")
                    if "《" in text[start:end] or "》" in text[start:end]:
                        continue
                    parts = [(start, end)] if group == "spirit" else _split_list(text, start, end)
                    for s, e in parts:
                        self._add(out, seen, doc, doc.text[s:e], None, m.start(), m.end(), rule.id)
        out.sort(key=lambda r: r.start)
        return out

    def _number(self, doc: Document, m: re.Match[str]) -> str | None:
        if m.group("number"):
            return doc.text[m.start("number") : m.end("number")]
        tail = DOC_NUMBER.match(doc.analysis_text, m.end("title") + 1, m.end("title") + 30)
        return doc.text[tail.start() : tail.end()] if tail else None

    @staticmethod
    def _add(
        out: list[Relay], seen: set[str], doc: Document, title: str, number: str | None,
        start: int, end: int, rule_id: str,
    ) -> None:
        key = re.sub(r"\W", "", title)
        if not key or key in seen or len(key) < 3:
            return
        seen.add(key)
        out.append(Relay(title=title, doc_number=number, text=doc.text[start:end], start=start, end=end,
                         page=doc.page_at(start), provenance=f"rule:{rule_id}"))


def _split_list(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts = []
    pos = start
    for sep in _LIST_SPLIT.finditer(text, start, end):
        if sep.start() - pos >= 3:
            parts.append((pos, sep.start()))
            pos = sep.end()
    parts.append((pos, end))
    return parts
