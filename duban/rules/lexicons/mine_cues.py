"""Mine cue words for the measure and layout rules from real documents, with counts.

    python rules/lexicons/mine_cues.py ../shared/corpus/real/docs.jsonl.gz > /tmp/cues.tsv

Reads the unlabelled real corpus (never copied into the project) and prints tab-separated
`section  word  count` lines, most frequent first, for a person to curate into `rules/*.yaml`:

- `action`: the verb that follows a directive head in real prescriptions (`要加快…`, `应当建立…`,
  `必须坚持…`, `进一步完善…`): the action verbs of `rules/measures.yaml` (`lists.action`);
- `prohibition`: what follows `不得`/`严禁`/`禁止`/`不准` (prohibition cues);
- `attribution`: who voices a requirement (`X要求，…`, `X强调，…`): attributed-requirement cues;
- `chrome`: the field names of short `名称：值` lines at the head of a page (`索引号`, `发布日期`):
  `rules/layout.yaml` (`lists.chrome_fields`);
- `label`: the names of short label lines (`责任单位：…`, `完成时限：…`): `lists.label_names`.

Standard library and jieba only; one pass over the corpus, a few minutes on this machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import jieba.posseg

LOG = logging.getLogger("mine_cues")

# A directive head: a modal, optionally with an adverb of manner, right before the action verb.
_HEAD = re.compile(
    r"(?:要|应当|应|必须|须|务必|需要)(?:进一步|切实|认真|全面|深入|持续|加快|积极|大力|着力|严格|不断|及时)?"
    r"|(?:^|[，；。])(?:进一步|切实|认真|全面|深入|持续|积极|大力|着力|严格|不断)"
)
_PROHIBITION = re.compile(r"(?:不得|严禁|禁止|不准|不许)([\u4e00-\u9fff]{2})")
_ATTRIBUTION = re.compile(r"(?:^|[。；])([\u4e00-\u9fff]{1,8}?)(?:还|也|并|进一步)?(?:要求|强调)[，,：:]")
_FIELD = re.compile(r"^\s*[•·●]?\s*([\u4e00-\u9fff][\u4e00-\u9fff ]{1,6}[\u4e00-\u9fff])\s*[:：]")
_CLAUSE = re.compile(r"[^，。；！？,;!?\n]+")
_VERB_TAGS = ("v", "vn", "vd")
_HEAD_LINES = 15
_SHORT_LINE = 40


def corpus_args(doc: str, argv: list[str] | None) -> argparse.Namespace:
    """The arguments every corpus miner takes (the corpus, `--limit`), parsed, with logging set up:
    `doc` is the miner's module docstring, whose first line describes it."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="docs.jsonl.gz of the real corpus")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return args


def documents(path: Path) -> Iterator[dict[str, object]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def mine(path: Path, limit: int | None = None) -> dict[str, Counter[str]]:
    """Counters of cue words by section over the corpus at `path`."""
    counts: dict[str, Counter[str]] = {
        name: Counter() for name in ("action", "prohibition", "attribution", "chrome", "label")
    }
    for number, doc in enumerate(documents(path)):
        if limit is not None and number >= limit:
            break
        text = str(doc.get("text") or "")
        lines = text.split("\n")
        for index, line in enumerate(lines):
            field = _FIELD.match(line)
            if field and len(line.strip()) <= _SHORT_LINE:
                name = field.group(1).replace(" ", "")
                counts["chrome" if index < _HEAD_LINES else "label"][name] += 1
        for m in _PROHIBITION.finditer(text):
            counts["prohibition"][m.group(1)] += 1
        for m in _ATTRIBUTION.finditer(text):
            counts["attribution"][m.group(1)] += 1
        for clause in _CLAUSE.finditer(text):
            head = _HEAD.search(clause.group())
            if not head:
                continue
            tail = clause.group()[head.end() : head.end() + 6]
            words = jieba.posseg.lcut(tail)
            if words and words[0].flag in _VERB_TAGS and len(words[0].word) == 2:
                counts["action"][words[0].word] += 1
        if number and number % 1000 == 0:
            LOG.info("%d documents", number)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="docs.jsonl.gz of the real corpus")
    parser.add_argument("--min-count", type=int, default=20, help="drop words seen fewer times")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N documents")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    jieba.setLogLevel(logging.WARNING)
    counts = mine(args.corpus, args.limit)
    for section, counter in counts.items():
        for word, count in counter.most_common():
            if count >= args.min_count:
                sys.stdout.write(f"{section}\t{word}\t{count}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
