"""How often pieces of real work reports' reviews that hold a word are left without a statement.

Counts, for each candidate word, the `，。；`-pieces of the review part of the real corpus's city
work reports (`政府工作报告`; the review taken as the first 35% of the text, where each report
tells last year's work) that hold the word, and how many of them no progress statement of this
checkout covers, with in how many reports. It is how the achievement words of `done_weak`
(`获批`, `荣获`, …) were chosen: words that state a result in a review and were read nowhere.
No corpus text is printed, only counts. Usage:

    python benchmarks/review_word_cover.py 获批 荣获 跻身
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, not the installed one
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_progress_real import REAL, extracted  # noqa: E402

REVIEW_SHARE = 0.35
_PIECE = re.compile(r"[^，。；\n]+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("words", nargs="+")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    covered: dict[str, int] = defaultdict(int)
    missed: dict[str, int] = defaultdict(int)
    reports: dict[str, set[str]] = defaultdict(set)
    with gzip.open(REAL, "rt", encoding="utf-8") as handle:
        docs = [d for d in map(json.loads, handle) if d["genre"] == "政府工作报告"]
    for meta in docs:
        doc = extracted(meta, "rules")
        spans = [(p.start, p.end) for p in doc.progress]
        for m in _PIECE.finditer(doc.text, 0, int(len(doc.text) * REVIEW_SHARE)):
            for word in args.words:
                if word not in m.group():
                    continue
                if any(a < m.end() and m.start() < b for a, b in spans):
                    covered[word] += 1
                else:
                    missed[word] += 1
                    reports[word].add(meta["id"])
    for word in args.words:
        print(f"{word}\tcovered {covered[word]}\tmissed {missed[word]}\tin {len(reports[word])} reports")


if __name__ == "__main__":
    main()
