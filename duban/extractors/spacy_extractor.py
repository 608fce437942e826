"""The spaCy model extractor: measure segments by a text classifier, units and deadlines by NER.

Rules are precise on markers, tables and label lines and weak on prose, where they see only cue
words. The model is trained on the real gold (`extractors/training/real_gold.py`): it reads the
segments the extraction contract counts (leaf items, task-table rows, prose sentences split at
`；` where each part is a clause), exactly as the scorer matches them, and scores each one.

Two registered names. `spacy-only` proposes every segment scored ≥ `min_score` (the "model only"
row of the ablation), with provenance `model:spacy` and the score as confidence. `spacy` is the
complement meant for `--extractors rules,spacy`. It can make three decisions, each tuned on
cross-validated dev predictions (`training/crossval.py`, figures in `models/README.md`):
- veto: a rule measure that no leaf item or table row covers (prose), carries no deadline, and
  that the model scores below `veto`, is withdrawn (items and rows stay the rules' decision; a
  dated prose sentence is nearly always a task, and withdrawing one costs its deadline too);
- proposals (`propose`): where no rule measure covers a segment, a measure when a unit opens the
  clause as its subject (`X要…`, `请X于…`, `由X牵头…`), carrying only those subject units;
- units added (`carriers`): a rule measure that came without any unit gets the subject units the
  model finds.
With today's rules only the veto, at a low threshold, keeps the merged result at or above the rules
on every field, so proposals and added units are off by default (they cost precision or changed
nothing); the model then runs only its classifier, on prose rule measures. When they are on, a
clause is read whole only if its opening can hold a subject (see `_subject_led`).
This works on whatever the rules find, so it keeps its meaning as the rules improve.
The model (`extractors/models/duban_zh`, built by `duban train -o DIR`) is loaded once, on first use.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from duban.base.errors import DubanError, E
from duban.base.model import Block, Deadline, Document, Measure, Role, Unit
from duban.extractors.extraction import Extraction
from duban.pipeline.structure import clause_spans
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import clause_opening, model_cue, title_line

if TYPE_CHECKING:
    from duban.extractors.deadlines import DeadlineFinder
    from duban.extractors.measures import MeasureFinder
    from duban.extractors.units import UnitFinder

MODEL_DIR = Path(__file__).resolve().parent / "models" / "duban_zh"
MODEL_ENV = "DUBAN_SPACY_MODEL"
PROVENANCE = "model:spacy"
T = TypeVar("T")
_MIN_CLAUSE = 16
_MIN_MEASURE = 8
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』）)]*")
_TITLE = re.compile(r"《[^》]*》")
_LEAD_BEFORE = model_cue("role_lead_before")
_CO_BEFORE = model_cue("role_co_before")
_LEAD_AFTER = model_cue("role_lead_after")
_CO_AFTER = model_cue("role_co_after")
# Unit-list structure shared with the rule finder's data (`rules/units.yaml`).
_UNIT_RULES = load_rule_file("units").require(("list_glue", "not_predicate"))
_LIST_GLUE = _UNIT_RULES.regex("list_glue")
# What follows a subject is its predicate; `X的…` (a modifier), punctuation (a heading or an
# addressee line) or the end of the text mean the name is not the clause's subject.
_NOT_PREDICATE = _UNIT_RULES.regex("not_predicate")
_NO_SUBJECT = model_cue("no_subject")
# In merged runs only a segment's opening matters for a carrier (its subject), and a new measure
# rarely runs longer: reading less keeps the model stage fast on long itemised documents.
_CARRIER_READ = 48
_NEW_READ = 240
# The subject gate reads a clause's opening first: a unit name of at most `_SUBJECT_SPAN`
# characters where the clause opens, and `_OPENING_CONTEXT` characters after it (the NER's view
# of a token reaches a few tokens either side, so what lies further does not change its decision).
_SUBJECT_SPAN = 24
_NAME_STOP = re.compile(r"[，,。：:；;！!？?\s]")
_OPENING_CONTEXT = 12
_TASK_COL = model_cue("table_task_header")
_UNIT_COL = model_cue("table_unit_header")
_NOT_TASK = re.compile(r"^[\d\s.．、]+$")
# Without a header row the task is the first text cell (序号 | 任务 | 单位 | 时限), dates aside.
_TIME_CELL = model_cue("table_time_cell")


@dataclass
class Segment:
    """A piece of the document the classifier judges: what it reads and the measure it would be."""

    start: int
    end: int
    text_start: int
    text_end: int
    kind: str
    cells: list[tuple[int, int, str]] = field(default_factory=list)


def model_path() -> Path:
    """The model folder: `$DUBAN_SPACY_MODEL` when set, else the one shipped in the package."""
    return Path(os.environ.get(MODEL_ENV) or MODEL_DIR)


@cache
def load_model(path: str) -> Any:
    """Load a trained pipeline once per process (spaCy and jieba start-up cost about 2 s)."""
    import spacy

    import duban.extractors.jieba_tokenizer  # noqa: F401  (registers the tokenizer the model uses)

    if not (Path(path) / "config.cfg").exists():
        raise DubanError(
            E.MODEL_MISSING,
            name=path,
            detail="该文件夹中没有训练好的模型",
            remedy="用 `duban train -o 文件夹` 训练一个，并把环境变量 DUBAN_SPACY_MODEL 设为该文件夹；或重新安装 duban。",
        )
    return spacy.load(path)


@dataclass
class SpacyExtractor:
    """Measures, units and deadlines from the shipped spaCy pipeline; `rules` is the finder whose
    coverage the complement respects (the shipped rules unless given).

    The defaults are the merge decisions chosen by cross-validation on dev (`models/README.md`):
    `veto` withdraws undated prose rule measures scored below it (`veto_spares_dated`; sparing
    measures with units too, `veto_spares_owned`, lost the unit gain); `propose` (measures for
    subject-led clauses the rules miss) and `carriers` (units for rule measures without any) are
    off. `subject_gate` off keeps every uncovered segment scored ≥ `min_score` with all its NER
    units; `carrier_deadlines` also gives model deadlines to rule measures without one; both lost
    F1. `opening_filter` off reads every planned clause whole (same F1, slower)."""

    path: Path = field(default_factory=model_path)
    min_score: float = 0.5
    batch_size: int = 64
    complement: bool = True
    subject_gate: bool = True
    carrier_deadlines: bool = False
    veto: float = 0.2
    veto_read: int = _NEW_READ
    opening_filter: bool = True
    veto_spares_dated: bool = True
    veto_spares_owned: bool = False
    propose: bool = False
    carriers: bool = False
    name: str = "spacy"
    rules: MeasureFinder | None = field(default=None, repr=False)
    _deadlines: DeadlineFinder | None = field(default=None, init=False, repr=False)
    _own_rules: MeasureFinder | None = field(default=None, init=False, repr=False)
    _unit_test: UnitFinder | None = field(default=None, init=False, repr=False)

    @property
    def nlp(self) -> Any:
        return load_model(str(self.path))

    def extract(self, doc: Document, earlier: Sequence[Extraction] = ()) -> Extraction:
        segments = segments_of(doc)
        plan: list[tuple[Segment, Measure | None]] = [(seg, None) for seg in segments]
        if self.complement:
            plan = []
            if self.propose or self.carriers:  # else only the veto below reads anything
                ruled = next((e.measures for e in earlier if e.name == "rules"), None)
                plan = self._complement_plan(doc, segments, ruled)
                if self.subject_gate and self.opening_filter:
                    plan = self._subject_led(doc, plan)
        texts = [doc.analysis_text[seg.start : seg.end] for seg, _ in plan]
        if self.complement:
            carrier_read = _CARRIER_READ if self.subject_gate and not self.carrier_deadlines else _NEW_READ
            texts = [
                t[: carrier_read if rule is not None else _NEW_READ]
                for t, (_, rule) in zip(texts, plan, strict=True)
            ]
        measures: list[Measure] = []
        year = int(doc.meta.date[:4]) if doc.meta.date and doc.meta.date[:4].isdigit() else None
        parses = self.nlp.pipe(texts, batch_size=self.batch_size) if texts else []
        for (seg, rule), parsed in zip(plan, parses, strict=True):
            score = float(parsed.cats.get("MEASURE", 0.0))
            if score < self.min_score or seg.text_end - seg.text_start < _MIN_MEASURE:
                continue
            found = self._measure(doc, seg, parsed, score, year)
            if self.complement:
                units = (
                    subject_units(doc.analysis_text, seg, found.units) if self.subject_gate else found.units
                )
                if rule is not None:
                    extra = found.deadlines if self.carrier_deadlines and not rule.deadlines else []
                    found = _carrier(rule, [] if rule.units else units, extra)
                    if not found.units and not found.deadlines:
                        continue
                elif self.subject_gate and not units:
                    continue
                else:
                    found = replace(found, units=units)
            measures.append(found)
        if self.complement and self.veto > 0:
            ruled_result = next((e for e in earlier if e.name == "rules"), None)
            if ruled_result is not None:
                ruled_result.measures = self._withdraw_prose(doc, segments, ruled_result.measures)
        return Extraction(name=self.name, measures=measures)

    def _withdraw_prose(self, doc: Document, segments: list[Segment], ruled: list[Measure]) -> list[Measure]:
        """The rule measures, less the prose ones the model scores below `veto`.

        Prose is what no leaf item or task-table row covers: there the rules only see cue words,
        and the model, trained on the real gold's segments, reads the whole clause. Items and rows
        (markers, tables, label lines) stay the rules' decision whatever the model says. The
        merge unions candidates and has no way to withdraw one, so the rules' own extraction is
        filtered in place (it is read by the merge right after this extractor)."""
        # A row counts whole, not by the cell this module reads as its task: the rules may take
        # another cell (the longest, where no column is named as the task's).
        structured = _SpanIndex([(seg.start, seg.end, seg) for seg in segments if seg.kind != "clause"])
        prose = [
            m
            for m in ruled
            if not any(_overlap(m.start, m.end, s, e) >= 0.5 for s, e, _ in structured.near(m.start, m.end))
            and not (self.veto_spares_dated and m.deadlines)
            and not (self.veto_spares_owned and m.units)
        ]
        if not prose:
            return ruled
        texts = [doc.analysis_text[m.start : m.end][: self.veto_read] for m in prose]
        # only the classifier's score is needed here: NER is skipped (the score does not depend on it)
        parsed = self.nlp.pipe(texts, batch_size=self.batch_size, disable=["ner"])
        scores = [float(p.cats.get("MEASURE", 0.0)) for p in parsed]
        withdrawn = {id(m) for m, score in zip(prose, scores, strict=True) if score < self.veto}
        return [m for m in ruled if id(m) not in withdrawn]

    def _subject_led(
        self, doc: Document, plan: list[tuple[Segment, Measure | None]]
    ) -> list[tuple[Segment, Measure | None]]:
        """The planned segments that can pass the subject gate, found by reading their openings only.

        The gate keeps a segment only when a unit the model finds opens the clause. So first a
        name the rules' unit test accepts must open it (cheap: no model), then the model's NER,
        reading just that name and a few words after it (`_OPENING_CONTEXT`), must find a subject
        unit there. Only those segments are read whole, with the classifier; most clauses open
        with no unit at all, and reading them whole was most of the model's cost."""
        text = doc.analysis_text
        openings = [(seg, rule, end) for seg, rule in plan if (end := self._opening_end(text, seg))]
        if not openings:
            return []
        texts = [text[seg.start : end] for seg, _, end in openings]
        parsed = self.nlp.pipe(texts, batch_size=self.batch_size, disable=["textcat"])
        kept: list[tuple[Segment, Measure | None]] = []
        for (seg, rule, _), opening in zip(openings, parsed, strict=True):
            units = [
                Unit(
                    text[seg.start + e.start_char : seg.start + e.end_char],
                    start=seg.start + e.start_char,
                    end=seg.start + e.end_char,
                )
                for e in opening.ents
                if e.label_ == "UNIT"
            ]
            if subject_units(text, seg, units):
                kept.append((seg, rule))
        return kept

    def _opening_end(self, text: str, seg: Segment) -> int | None:
        """Where the model needs to read to judge the clause's subject: past the longest name the
        rules' unit test accepts at the opening, plus context; None when no such name opens it."""
        if self._unit_test is None:
            from duban.extractors.units import UnitFinder

            self._unit_test = UnitFinder.default()
        finder = self._unit_test
        m = clause_opening().match(text, seg.start, seg.end)
        pos = m.end() if m else seg.start
        stop = _NAME_STOP.search(text, pos, min(seg.end, pos + _SUBJECT_SPAN))
        last = stop.start() if stop else min(seg.end, pos + _SUBJECT_SPAN)
        for end in range(last, pos + 1, -1):
            if text[end - 1] in finder.end_chars and finder.is_unit(text[pos:end]):
                return min(seg.end, end + _OPENING_CONTEXT)
        return None

    def _complement_plan(
        self, doc: Document, segments: list[Segment], ruled: list[Measure] | None
    ) -> list[tuple[Segment, Measure | None]]:
        """Which segments to read when merged with the rules: those no rule measure covers, and
        rule measures that came without any unit (the model may find their subject). Segments
        that open with a word no subject can follow (`根据`, `截至`, `会议听取`) are skipped, as the
        subject test would reject them anyway; only their opening is read (see `_CARRIER_READ`).
        `ruled` are the rule measures when the rules ran before this extractor; else the rules
        are run here."""
        if self.rules is not None:
            ruled = self.rules.find(doc)
        elif ruled is None:
            if self._own_rules is None:
                from duban.extractors.measures import MeasureFinder

                self._own_rules = MeasureFinder.default()
            ruled = self._own_rules.find(doc)
        plan: list[tuple[Segment, Measure | None]] = []
        spans = _SpanIndex([(m.start, m.end, m) for m in ruled])
        for seg in segments:
            if self.subject_gate and _NO_SUBJECT.match(doc.analysis_text, seg.start, seg.end):
                continue
            covering = [
                m
                for s, e, m in spans.near(seg.text_start, seg.text_end)
                if _overlap(s, e, seg.text_start, seg.text_end) >= 0.5
            ]
            if not covering:
                if self.propose:
                    plan.append((seg, None))
            elif (
                self.carriers
                and len(covering) == 1
                and (not covering[0].units or (self.carrier_deadlines and not covering[0].deadlines))
            ):
                plan.append((seg, covering[0]))
        return plan

    def _measure(self, doc: Document, seg: Segment, parsed: Any, score: float, year: int | None) -> Measure:
        """The segment as a measure; names inside 《》 are parts of titles, never units."""
        text = doc.analysis_text
        masked = _TITLE.sub(lambda m: "□" * len(m.group()), text[seg.start : seg.end])
        ents = [(seg.start + e.start_char, seg.start + e.end_char, e.label_) for e in parsed.ents]
        ents = [(s, e, lab) for s, e, lab in ents if "□" not in masked[s - seg.start : e - seg.start]]
        unit_spans = [(s, e) for s, e, lab in ents if lab == "UNIT"]
        units: list[Unit] = []
        deadlines: list[Deadline] = []
        for s, e, label in ents:
            name = doc.text[s:e].strip()
            if len(name) < 2:
                continue
            if label == "UNIT" and all(u.name != name for u in units):
                role = _role(text, seg, s, e, unit_spans)
                units.append(Unit(name, role, s, e, PROVENANCE, round(score, 3)))
            elif label == "DEADLINE":
                deadlines.append(self._deadline(doc, s, e, year, score))
        block = next((b for b in doc.blocks if b.start <= seg.text_start < b.end), None)
        return Measure(
            text=doc.text[seg.text_start : seg.text_end],
            start=seg.text_start,
            end=seg.text_end,
            page=doc.page_at(seg.text_start),
            section=list(block.section) if block else [],
            units=units,
            deadlines=deadlines,
            provenance=[PROVENANCE],
            confidence=round(score, 3),
        )

    def _deadline(self, doc: Document, s: int, e: int, year: int | None, score: float) -> Deadline:
        """Kind, due date and period come from the rule normaliser when it reads the span."""
        if self._deadlines is None:
            from duban.extractors.deadlines import DeadlineFinder

            self._deadlines = DeadlineFinder.default()
        found = self._deadlines.find(doc.analysis_text[s:e], s, year)
        best = max(found, key=lambda d: (d.end or 0) - (d.start or 0), default=None)
        deadline = Deadline(doc.text[s:e], _kind(doc.analysis_text[s:e]), s, e, provenance=PROVENANCE)
        if best is not None:
            deadline.kind, deadline.due, deadline.period = best.kind, best.due, best.period
        deadline.confidence = round(score, 3)
        return deadline


def _carrier(rule: Measure, units: list[Unit], deadlines: list[Deadline]) -> Measure:
    """Units (and deadlines) the rule missed, on the rule's own span with confidence 0: it adds
    evidence to nothing, and is dropped if it merges with nothing."""
    return Measure(
        rule.text, rule.start, rule.end, rule.page, list(rule.section), units, deadlines, [PROVENANCE], 0.0
    )


def subject_units(text: str, seg: Segment, units: list[Unit]) -> list[Unit]:
    """The units that open the clause as its grammatical subject and are followed by a predicate
    (`市财政局要…`, `请X于…`, `由X牵头`, `下半年，X将…`), the case the rules miss most; [] when
    none does (`X的…`, a heading, an addressee line)."""
    m = clause_opening().match(text, seg.start, seg.end)
    pos = m.end() if m else seg.start
    out: list[Unit] = []
    for unit in sorted(units, key=lambda u: u.start or 0):
        if unit.start is None or unit.end is None or unit.start < pos:
            continue
        if unit.start > pos and not (out and _LIST_GLUE.match(text[pos : unit.start])):
            break
        out.append(unit)
        pos = unit.end
    return out if out and not _NOT_PREDICATE.match(text, pos, seg.end) else []


class _SpanIndex(Generic[T]):
    """Spans sorted by start, to find those that overlap a range without scanning them all (a
    span starting before the range by more than the longest one cannot reach it)."""

    def __init__(self, spans: list[tuple[int, int, T]]) -> None:
        self.spans = sorted(spans, key=lambda span: span[0])
        self.starts = [start for start, _, _ in self.spans]
        self.longest = max((end - start for start, end, _ in self.spans), default=0)

    def near(self, start: int, end: int) -> list[tuple[int, int, T]]:
        """The spans that share at least one character with `start`–`end`, in order of start."""
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [span for span in self.spans[lo:hi] if span[1] > start]


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    shared = min(a_end, b_end) - max(a_start, b_start)
    return shared / min(a_end - a_start, b_end - b_start) if shared > 0 else 0.0


def _kind(text: str) -> Any:
    if text.startswith("每"):
        return "recurring"
    if "期间" in text or "任期" in text:
        return "term"
    if text.startswith(("长期", "持续")):
        return "ongoing"
    if re.search(r"\d{4}\s*[—–\-至到]\s*\d{4}", text):
        return "range"
    if text.endswith("内"):
        return "relative"
    return "absolute"


def _role(text: str, seg: Segment, s: int, e: int, units: list[tuple[int, int]]) -> Role:
    """牵头/配合 near the name decide the role: a marker before it, or a cue after its list."""
    for cs, ce, header in seg.cells:
        if cs <= s < ce:
            if "牵头" in header:
                return "lead"
            if re.search(r"配合|协办|参与", header):
                return "co"
            return "responsible"
    before = text[seg.start : s]
    if _LEAD_BEFORE.search(before):
        return "lead"
    if _CO_BEFORE.search(before):
        return "co"
    pos = e
    for us, ue in sorted(units):
        if us >= pos and _LIST_GLUE.match(text[pos:us] or " "):
            pos = ue
    after = text[pos : min(seg.end, pos + 6)]
    if _LEAD_AFTER.match(after):
        return "lead"
    if _CO_AFTER.match(after):
        return "co"
    return "responsible"


def segments_of(doc: Document) -> list[Segment]:
    """Leaf items whole, task-table rows, and prose sentences split at `；` into clauses."""
    from duban.pipeline.structure import has_children

    text = doc.analysis_text
    out: list[Segment] = []
    for index, block in enumerate(doc.blocks):
        if block.kind == "table_row":
            row = _row(text, block)
            if row is not None:
                out.append(row)
        elif block.kind in ("item", "heading") and not block.marker.endswith("是"):
            if not has_children(doc.blocks, index):
                out.append(Segment(block.start, block.end, block.start, block.end, "item"))
        elif block.kind == "paragraph" or block.kind == "item":
            out.extend(_prose(text, block))
    return [s for s in out if text[s.text_start : s.text_end].strip() and not _is_title(text, s)]


def _is_title(text: str, seg: Segment) -> bool:
    """A prose line that names a document (`…会议纪要`, `关于…的通知`) is its title, not a measure."""
    return seg.kind == "clause" and bool(title_line().search(text, seg.start, seg.end))


def _row(text: str, block: Block) -> Segment | None:
    if block.marker == "header" or len(block.cells) < 2:
        return None
    values = [text[s:e] for s, e in block.cells]
    task = None
    if block.header and len(block.header) == len(block.cells):
        task = next(
            (i for i, h in enumerate(block.header) if _TASK_COL.search(h) and not _UNIT_COL.search(h)), None
        )
    if task is None:
        candidates = [i for i, v in enumerate(values) if not _NOT_TASK.match(v)]
        if not candidates:
            return None
        task = next((i for i in candidates if not _TIME_CELL.search(values[i])), candidates[0])
    headers = block.header if len(block.header) == len(block.cells) else [""] * len(block.cells)
    cells = [(s, e, h) for (s, e), h in zip(block.cells, headers, strict=True)]
    ts, te = block.cells[task]
    return Segment(block.start, block.end, ts, te, "row", cells)


def _prose(text: str, block: Block) -> list[Segment]:
    out: list[Segment] = []
    pos = block.start
    bounds = [m.end() for m in _SENTENCE_END.finditer(text, block.start, block.end)]
    if not bounds or bounds[-1] < block.end:
        bounds.append(block.end)
    for end in bounds:
        start = pos
        pos = end
        while start < end and text[start] in " \t\u3000":
            start += 1
        if end - start < _MIN_MEASURE:
            continue
        out.extend(Segment(s, e, s, e, "clause") for s, e in _clauses(text, start, end))
    return out


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence split at `；` only where every part reads as its own clause."""
    parts = clause_spans(text, start, end)
    if len(parts) > 1 and any(e - s < _MIN_CLAUSE for s, e in parts):
        return [(start, end)]
    return parts


def spacy_extractor() -> SpacyExtractor:
    """The model as a complement to the rules (`--extractors rules,spacy`): with the tuned
    defaults it only judges the rules' undated prose measures. The model loads on the first
    document."""
    return SpacyExtractor()


def spacy_only_extractor() -> SpacyExtractor:
    """The model on every segment, nothing taken from the rules: the ablation's "model only"."""
    return SpacyExtractor(complement=False, name="spacy-only")
