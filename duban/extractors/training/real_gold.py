"""Training segments from a gold-annotated corpus (the shared dev set), read at training time.

The model must learn the decision the extraction contract scores, on the segments the extractor
will actually show it. So each document is built exactly as `duban extract` builds it
(`pipeline.extract.build_document`), cut with the extractor's own segmenter
(`extractors.spacy_extractor.segments_of`), and each segment is labelled by the scorer's overlap
rule against the gold measures (`../shared/tools/score.py`: the shared characters cover 60 % of
the gold text and 50 % of the predicted text):

- it matches a required gold measure → `MEASURE`;
- it matches only optional gold measures → left out (the contract does not care);
- it lies mostly inside a gold measure without covering it (a body sentence of an item whose
  measure is the whole item) → left out: neither label is true of it;
- otherwise → `OTHER`.

NER spans are the gold unit and deadline strings of the matched measure found inside the
segment; optional ones, and any gold name found in a segment with no required match, are marked
missing (unknown) rather than outside, so the model is never taught that a real unit is not one.
No gold text is copied into the repository: this module reads the corpus folder it is given.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from duban.extractors.training.samples import DEADLINE, UNIT, Sample

log = logging.getLogger(__name__)

GOLD_COVER = 0.6
PRED_COVER = 0.5
# What the complement reads of a new segment (`spacy_extractor._NEW_READ`): longer training texts
# only cost time.
MAX_CHARS = 240


@dataclass
class GoldSample(Sample):
    """A sample that also knows its document (for k-fold splits by document) and which spans
    are unknown (`missing`: neither entity nor outside)."""

    doc_id: str = ""
    missing: list[tuple[int, int]] = field(default_factory=list)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _shared(a: str, b: str) -> int:
    if not a or not b or not set(a) & set(b):
        return 0
    return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


def load_gold(corpus: Path) -> dict[str, dict[str, Any]]:
    """The gold records of a corpus folder by document id (`gold.jsonl`)."""
    out: dict[str, dict[str, Any]] = {}
    with (corpus / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out[record["id"]] = record
    return out


def _occurrences(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Every place a name occurs in `text`, longest names first, never overlapping."""
    taken: list[tuple[int, int]] = []
    for name in sorted({n for n in names if n and n.strip()}, key=len, reverse=True):
        for m in re.finditer(re.escape(name.strip()), text):
            if all(m.end() <= s or e <= m.start() for s, e in taken):
                taken.append((m.start(), m.end()))
    return sorted(taken)


def label_document(
    doc_id: str, path: Path, gold: dict[str, Any], max_chars: int = MAX_CHARS
) -> list[GoldSample]:
    """The labelled segments of one document (see the module's docstring for the rule)."""
    from duban.extractors.spacy_extractor import segments_of
    from duban.pipeline.extract import build_document
    from duban.pipeline.loaders import load

    doc = build_document(load(path, str(path)))
    measures = [m for m in gold.get("measures", []) if isinstance(m, dict)]
    gtexts = [_norm(str(m.get("text", ""))) for m in measures]
    all_names = [n for m in measures for k in ("units", "units_optional") for n in m.get(k, [])]
    all_dates = [n for m in measures for k in ("deadlines", "deadlines_optional") for n in m.get(k, [])]
    samples: list[GoldSample] = []
    for seg in segments_of(doc):
        ptext = _norm(doc.text[seg.text_start : seg.text_end])
        if not ptext:
            continue
        required = optional = inside = None
        for gold_m, gtext in zip(measures, gtexts, strict=True):
            common = _shared(gtext, ptext)
            if not common:
                continue
            if common >= GOLD_COVER * len(gtext) and common >= PRED_COVER * len(ptext):
                if gold_m.get("required", True):
                    required = gold_m
                    break
                optional = gold_m
            elif common >= PRED_COVER * len(ptext):
                inside = gold_m
        if required is None and (optional is not None or inside is not None):
            continue
        read = doc.text[seg.start : min(seg.end, seg.start + max_chars)]
        spans: list[tuple[int, int, str]] = []
        missing: list[tuple[int, int]] = []
        if required is not None:
            for label, key in ((UNIT, "units"), (DEADLINE, "deadlines")):
                known = _occurrences(read, required.get(key, []))
                spans.extend((s, e, label) for s, e in known)
                maybe = _occurrences(read, required.get(key + "_optional", []))
                missing.extend(m for m in maybe if all(m[1] <= s or e <= m[0] for s, e in known))
        else:
            missing = _occurrences(read, [*all_names, *all_dates])
        samples.append(GoldSample(read, required is not None, sorted(spans), doc_id=doc_id, missing=missing))
    return samples


def gold_samples(
    corpus: Path, doc_ids: Iterable[str] | None = None, max_chars: int = MAX_CHARS
) -> list[GoldSample]:
    """The labelled segments of every document of `corpus` (or of `doc_ids` among them)."""
    gold = load_gold(corpus)
    wanted = sorted(gold) if doc_ids is None else sorted(doc_ids)
    out: list[GoldSample] = []
    for doc_id in wanted:
        path = corpus / f"{doc_id}.txt"
        if doc_id not in gold or not path.exists():
            log.warning("no text or gold for %s in %s", doc_id, corpus)
            continue
        out.extend(label_document(doc_id, path, gold[doc_id], max_chars))
    return out
