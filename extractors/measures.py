"""Measures by rule: task-table rows, leaf items that prescribe action, and directive sentences.

The three shapes follow the extraction contract: a row of a task-division table is one measure
(its unit and deadline cells belong to it); an itemised measure is the lowest item's whole text;
in prose, each directive sentence (or `；` clause with its own action) is one measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.deadlines import DeadlineFinder
from extractors.ruleset import RuleFile, load_rule_file
from extractors.units import UnitFinder
from pipeline.model import Block, Deadline, Document, Measure, Unit
from pipeline.structure import has_children

_TASK_COL = re.compile(r"任务|工作|措施|事项|内容|举措|目标")
_LEAD_COL = re.compile(r"牵头")
_CO_COL = re.compile(r"配合|协办|参与")
_UNIT_COL = re.compile(r"责任单位|责任部门|承办|主办|负责单位|落实单位|实施单位|单位")
_DEADLINE_COL = re.compile(r"时限|时间|期限|完成时|进度")
_CELL_SPLIT = re.compile(r"[、，,；;/\s]+")
_CLAUSE = re.compile(r"[；;]")
_MIN_MEASURE = 8


@dataclass
class MeasureFinder:
    rules: RuleFile
    units: UnitFinder
    deadlines: DeadlineFinder

    @classmethod
    def default(cls) -> MeasureFinder:
        return cls(load_rule_file("measures"), UnitFinder.default(), DeadlineFinder.default())

    def _has(self, group: str, text: str) -> str | None:
        for rule in self.rules.by_group(group):
            if rule.regex.search(text):
                return rule.id
        return None

    def find(self, doc: Document) -> list[Measure]:
        text = doc.analysis_text
        year = int(doc.meta.date[:4]) if doc.meta.date else None
        news = sum(1 for rule in self.rules.by_group("news") for _ in rule.regex.finditer(text)) >= 2
        measures: list[Measure] = []
        itemised = 0
        for index, block in enumerate(doc.blocks):
            if block.kind == "table_row":
                measure = self._table_row(doc, block, year)
                if measure:
                    measures.append(measure)
                continue
            if block.kind in ("item", "heading") and not has_children(doc.blocks, index):
                measure = self._item(doc, block, year)
                if measure:
                    measures.append(measure)
                    itemised += 1
                    continue
        for index, block in enumerate(doc.blocks):
            if block.kind == "paragraph" or (block.kind == "item" and block.marker.endswith("是")):
                measures.extend(self._prose(doc, index, block, year, strict=news or itemised >= 3))
        measures.sort(key=lambda m: m.start)
        return measures

    def _table_row(self, doc: Document, block: Block, year: int | None) -> Measure | None:
        if not block.header or block.marker == "header":
            return None
        task = next((i for i, h in enumerate(block.header) if _TASK_COL.search(h) and not _UNIT_COL.search(h)), None)
        if task is None or task >= len(block.cells):
            return None
        start, end = block.cells[task]
        units: list[Unit] = []
        deadlines: list[Deadline] = []
        for col, name in enumerate(block.header):
            if col >= len(block.cells) or col == task:
                continue
            cs, ce = block.cells[col]
            if _LEAD_COL.search(name):
                units += _cell_units(doc, cs, ce, "lead")
            elif _CO_COL.search(name):
                units += _cell_units(doc, cs, ce, "co")
            elif _UNIT_COL.search(name):
                units += _cell_units(doc, cs, ce, "responsible")
            elif _DEADLINE_COL.search(name):
                deadlines += self._cell_deadline(doc, cs, ce, year)
        deadlines += [d for d in self.deadlines.find(doc.analysis_text[start:end], start, year)
                      if all(d.text != o.text for o in deadlines)]
        return self._measure(doc, start, end, "rule:measure.table_row.v1", units, deadlines)

    def _cell_deadline(self, doc: Document, start: int, end: int, year: int | None) -> list[Deadline]:
        found = self.deadlines.find(doc.analysis_text[start:end], start, year)
        if found:
            return found
        cell = doc.text[start:end].strip()
        if not cell or cell in ("-", "/", "—"):
            return []
        return [Deadline(text=cell, kind="absolute", start=start, end=end, provenance="rule:deadline.table_cell.v1")]

    def _item(self, doc: Document, block: Block, year: int | None) -> Measure | None:
        body = doc.analysis_text[block.start + len(block.marker) : block.end]
        if len(body) < _MIN_MEASURE or self._has("reject", body) or not self._prescriptive(body):
            return None
        return self._measure(doc, block.start, block.end, "rule:measure.item.v1", None, None, year)

    def _prescriptive(self, text: str) -> bool:
        return bool(self._has("directive", text) or self._has("action", text) or self._has("minutes", text))

    def _prose(self, doc: Document, index: int, block: Block, year: int | None, strict: bool) -> list[Measure]:
        out: list[Measure] = []
        text = doc.analysis_text
        for sentence in (s for s in doc.sentences if s.block == index):
            for start, end in _clauses(text, sentence.start, sentence.end):
                clause = text[start:end]
                rule = self._prose_rule(clause, strict)
                if rule:
                    measure = self._measure(doc, start, end, f"rule:{rule}", None, None, year)
                    if measure:
                        out.append(measure)
        return out

    def _prose_rule(self, clause: str, strict: bool) -> str | None:
        body = clause.strip()
        if len(body) < _MIN_MEASURE or self._has("reject", body) or self._has("progress", body):
            return None
        if body.endswith(("？", "?")):
            return None
        minutes = self._has("minutes", body)
        if minutes and (self._has("directive", body) or self._has("action", body)):
            return minutes
        if strict:
            return None
        subject = self._has("subject_modal", body) or self._has("clause_opening", body)
        if subject and self._has("action", body):
            return subject
        modal = self._has("directive", body)
        if modal and self._has("action", body):
            return modal
        return None

    def _measure(
        self,
        doc: Document,
        start: int,
        end: int,
        provenance: str,
        units: list[Unit] | None,
        deadlines: list[Deadline] | None,
        year: int | None = None,
    ) -> Measure | None:
        while start < end and doc.text[start] in " \t":
            start += 1
        while end > start and doc.text[end - 1] in " \t":
            end -= 1
        if end - start < _MIN_MEASURE:
            return None
        analysis = doc.analysis_text[start:end]
        if units is None:
            units = self.units.find(analysis, start, doc.text[start:end])
        if deadlines is None:
            deadlines = self.deadlines.find(analysis, start, year)
        for d in deadlines:
            if d.start is not None and d.end is not None:
                d.text = doc.text[d.start : d.end]
        block = next((b for b in doc.blocks if b.start <= start < b.end), None)
        return Measure(
            text=doc.text[start:end],
            start=start,
            end=end,
            page=doc.page_at(start),
            section=list(block.section) if block else [],
            units=units,
            deadlines=deadlines,
            provenance=[provenance],
            confidence=0.9 if "item" in provenance or "table" in provenance else 0.75,
        )


def _cell_units(doc: Document, start: int, end: int, role: str) -> list[Unit]:
    out = []
    pos = start
    cell = doc.text[start:end]
    for piece in _CELL_SPLIT.split(cell):
        at = cell.find(piece, pos - start)
        if piece and len(piece) >= 2 and at >= 0:
            out.append(Unit(name=piece, role=role, start=start + at, end=start + at + len(piece),  # type: ignore[arg-type]
                            provenance="rule:unit.table_cell.v1"))
            pos = start + at + len(piece)
    return out


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence, split at `；` only where each part reads as its own clause (≥ 8 characters)."""
    parts: list[tuple[int, int]] = []
    pos = start
    for m in _CLAUSE.finditer(text, start, end):
        parts.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        parts.append((pos, end))
    if len(parts) > 1 and any(e - s < _MIN_MEASURE * 2 for s, e in parts):
        return [(start, end)]
    return parts
