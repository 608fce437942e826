"""Progress: status statements (done, in progress, lagging, planned) in reports and minutes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.ruleset import Rule, RuleFile, load_rule_file
from pipeline.model import Document, Progress

_CLAUSE_END = re.compile(r"[；;。！!？?\n]")
_SUB_CLAUSE = re.compile(r"[，,]")
_DIRECTIVE = re.compile(r"(?:^|[，,])(?:要|须|必须|应当|务必|请)")
_MIN_LEN = 6


@dataclass(frozen=True)
class ProgressFinder:
    rules: RuleFile

    @classmethod
    def default(cls) -> ProgressFinder:
        return cls(load_rule_file("progress"))

    def find(self, doc: Document) -> list[Progress]:
        if doc.meta.kind not in ("report", "minutes"):
            return []
        text = doc.analysis_text
        status_rules = self.rules.by_group("status")
        figure = self.rules.by_group("figure")[0].regex
        out: list[Progress] = []
        pos = 0
        for m in list(_CLAUSE_END.finditer(text)) + [None]:
            end = m.start() if m else len(text)
            for start, stop in _status_groups(text, pos, end, status_rules):
                segment = text[start:stop]
                if len(segment.strip()) < _MIN_LEN or _DIRECTIVE.search(segment):
                    continue
                rule = next(r for r in status_rules if r.regex.search(segment))
                figures = [int(float(f.group("n"))) for f in figure.finditer(segment)]
                out.append(Progress(text=doc.text[start:stop], status=rule.get("status"), start=start, end=stop,
                                    page=doc.page_at(start), figures=figures, provenance=f"rule:{rule.id}"))
            pos = m.end() if m else len(text)
        return out


def _status_groups(text: str, start: int, end: int, rules: list[Rule]) -> list[tuple[int, int]]:
    """Split a sentence at commas where the status changes: one statement per status change."""
    pieces: list[tuple[int, int, str | None]] = []
    pos = start
    for m in list(_SUB_CLAUSE.finditer(text, start, end)) + [None]:
        stop = m.start() if m else end
        piece = text[pos:stop]
        status = next((r.get("status") for r in rules if r.regex.search(piece)), None)
        pieces.append((pos, stop, status))
        pos = m.end() if m else end
    groups: list[tuple[int, int]] = []
    current: tuple[int, int, str | None] | None = None
    for s, e, status in pieces:
        if current is None:
            current = (s, e, status)
        elif status is None or current[2] is None or status == current[2]:
            current = (current[0], e, current[2] or status)
        else:
            groups.append((current[0], current[1]) if current[2] else (0, 0))
            current = (s, e, status)
    if current and current[2]:
        groups.append((current[0], current[1]))
    return [(s, e) for s, e in groups if e > s]
