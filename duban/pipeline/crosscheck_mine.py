"""Mine the cross-check's document-frequency table: five-character shingles common to real documents.

    .venv/bin/python -m pipeline.crosscheck_mine ../shared/corpus/real/docs.jsonl.gz

Content linking (`pipeline.crosscheck_content`) must not count formulae every government text
carries (`以习近平新时代中国特色社会主义思想为指导`, `各省、自治区、直辖市人民政府`) as shared
passages. How common a formula is cannot be learnt from the handful of documents one index holds,
so it is counted once over `corpus/real/` (5,864 documents): every shingle found in at least
`MIN_DOCS` of them (0.1 %) is listed with its document frequency. Content linking drops those in
1 % or more (boilerplate) and weighs the others down by how many documents carry them: a slogan
that six central read-outs repeat is a formula, not a quotation. The list is statistics over many
documents, never a text.
Counting is in two passes so memory stays small: hashed buckets first, exact counts for the
shingles of the frequent buckets second.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from duban.base.script import strip_pinyin
from duban.index.analysis import fold
from duban.rules.ruleset import lexicon_path

log = logging.getLogger(__name__)

K = 5
MIN_DOCS = 6
BUCKETS = 1 << 24
OUT = lexicon_path("xcheck_df.txt.gz")
_DROP = re.compile(r"[^\u3400-\u9fff0-9a-z]")


def shingles(text: str) -> set[str]:
    """The distinct shingles of a text as content linking compares it."""
    key = _DROP.sub("", fold(strip_pinyin(text)))
    return {key[i : i + K] for i in range(len(key) - K + 1)}


def _texts(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield str(json.loads(line).get("text") or "")


def mine(path: Path, min_docs: int = MIN_DOCS) -> tuple[int, Counter[str]]:
    """The number of documents and the df of every shingle in at least `min_docs` of them."""
    counts = np.zeros(BUCKETS, dtype=np.uint32)
    n = 0
    for text in _texts(path):
        n += 1
        buckets = np.fromiter((hash(s) % BUCKETS for s in shingles(text)), dtype=np.int64)
        counts[np.unique(buckets)] += 1
    floor = max(2, min_docs)
    frequent = counts >= floor
    df: Counter[str] = Counter()
    for text in _texts(path):
        df.update(s for s in shingles(text) if frequent[hash(s) % BUCKETS])
    return n, Counter({s: c for s, c in df.items() if c >= floor})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("docs", type=Path, help="corpus/real/docs.jsonl.gz")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-docs", type=int, default=MIN_DOCS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    n, df = mine(args.docs, args.min_docs)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(f"# {len(df)} shingles in at least {args.min_docs} of {n} documents; shingle<TAB>df\n")
        # Sorted by shingle: neighbours share prefixes, so the file compresses to half.
        for shingle, count in sorted(df.items()):
            out.write(f"{shingle}\t{count}\n")
    log.info("%d shingles in %d or more of %d documents -> %s", len(df), args.min_docs, n, args.out)


if __name__ == "__main__":
    main()
