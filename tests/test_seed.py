"""The document this project started from: all ten ★ measures, and nothing else required."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from duban.pipeline.extract import extract_file


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_seed_star_measures_are_found_whole(shared: Path) -> None:
    doc = extract_file(shared / "corpus/seed/guangzhou-political-supervision.txt")
    gold = json.loads((shared / "corpus/seed/gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    required = [_norm(m["text"]) for m in gold["measures"] if m["required"]]
    found = {_norm(m.text) for m in doc.measures}
    assert all(text in found for text in required)
    optional = {_norm(m["text"]) for m in gold["measures"] if not m["required"]}
    extra = [
        m.text
        for m in doc.measures
        if _norm(m.text) not in set(required)
        and not any(o in _norm(m.text) or _norm(m.text) in o for o in optional)
    ]
    assert extra == []
