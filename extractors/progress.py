"""Progress: status statements (done, in progress, lagging, planned) in reports and minutes.

One statement per status change: a sentence is cut at `；` into clauses and at `，、` into pieces;
each status cue marks the piece it ends in, and a statement runs from the first piece of its
status (with the lead-in pieces before it, `截至目前，…`) to the next change. Clauses that state a
requirement (`要…`, `确保…`), and the tasks part of a report (`二、2024年重点任务`), are not progress; quoted problem statements (`“…不够到位”问题`) carry
no status; a short figure clause (`；诫勉0人`) continues the statement before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.measures import plan_sections
from extractors.ruleset import RuleFile, load_rule_file
from pipeline.model import Document, Progress, ProgressStatus

_SENTENCE = re.compile(r"[^。！？!?\n]+")
_CLAUSE = re.compile(r"[^；;]+[；;]?")
_PIECE_SEP = re.compile(r"[，,、]")
# Quoted problem statements and 《titles》 say nothing about the state of work.
_QUOTED = re.compile(r"“[^“”]{2,80}”|《[^《》]{2,100}》")
_CONTINUES = re.compile(r"^(?:并|且|同时|还|也)")
_SHORT_CLAUSE = 14
_MIN_LEN = 6


@dataclass
class _Group:
    start: int
    end: int
    status: ProgressStatus
    rule: str
    already: bool


@dataclass(frozen=True)
class ProgressFinder:
    rules: RuleFile
    sections: RuleFile

    @classmethod
    def default(cls) -> ProgressFinder:
        return cls(load_rule_file("progress"), load_rule_file("measures"))

    def _has(self, group: str, text: str) -> bool:
        return any(rule.regex.search(text) for rule in self.rules.by_group(group))

    def find(self, doc: Document) -> list[Progress]:
        if doc.meta.kind not in ("report", "minutes"):
            return []
        text = doc.analysis_text
        masked = _QUOTED.sub(lambda m: "□" * len(m.group()), text)
        title = (doc.meta.title or "").strip()
        figure = self.rules.by_group("figure")[0].regex
        plans = plan_sections(doc, self.sections)
        out: list[Progress] = []
        for sentence in _SENTENCE.finditer(masked):
            if any(s <= sentence.start() < e for s, e in plans) or (
                title and doc.text[sentence.start() : sentence.end()].strip() == title
            ):
                continue
            groups: list[_Group] = []
            for clause in _CLAUSE.finditer(masked, sentence.start(), sentence.end()):
                body = clause.group()
                if self._has("directive", body):
                    continue
                found = self._groups(masked, clause.start(), clause.end())
                short = len(body.strip("；; ")) <= _SHORT_CLAUSE
                if (
                    len(found) == 1
                    and short
                    and groups
                    and groups[-1].status == found[0].status
                    and not masked[groups[-1].end : clause.start()].strip("；; ")
                ):
                    groups[-1].end = found[0].end
                    continue
                groups += found
            for g in groups:
                end = g.end
                while end > g.start and text[end - 1] in "；;，, ":
                    end -= 1
                if end - g.start < _MIN_LEN:
                    continue
                figures = [int(float(f.group("n"))) for f in figure.finditer(text, g.start, end)]
                out.append(
                    Progress(
                        text=doc.text[g.start : end],
                        status=g.status,
                        start=g.start,
                        end=end,
                        page=doc.page_at(g.start),
                        figures=figures,
                        provenance=f"rule:{g.rule}",
                    )
                )
        return out

    def _groups(self, text: str, start: int, end: int) -> list[_Group]:
        """The statements in one clause: consecutive pieces grouped by status."""
        pieces: list[tuple[int, int]] = []
        pos = start
        for sep in _PIECE_SEP.finditer(text, start, end):
            pieces.append((pos, sep.start()))
            pos = sep.end()
        pieces.append((pos, end))
        status: list[tuple[ProgressStatus, str] | None] = [None] * len(pieces)
        for rule in self.rules.by_group("status"):
            for m in rule.regex.finditer(text, start, end):
                index = next(i for i, (s, e) in enumerate(pieces) if m.end() <= e or i == len(pieces) - 1)
                if status[index] is None:
                    status[index] = (rule.get("status"), rule.id)
        groups: list[_Group] = []
        current: _Group | None = None
        lead: int | None = None
        for (s, e), found in zip(pieces, status, strict=True):
            piece = text[s:e]
            if self._has("attribution", piece) or self._has("rate", piece):
                if current:
                    groups.append(current)
                current, lead = None, None
                continue
            if found is None:
                if current:
                    current.end = e
                elif lead is None:
                    lead = s
                continue
            value, rule_id = found
            already = "已" in piece
            if (
                current
                and value == current.status
                and (_CONTINUES.match(piece) or not (value == "done" and already and current.already))
            ):
                current.end = e
                current.already = current.already or already
                continue
            if current:
                groups.append(current)
            current = _Group(lead if lead is not None and current is None else s, e, value, rule_id, already)
            lead = None
        if current:
            groups.append(current)
        return groups
