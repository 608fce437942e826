"""Mine the subject names that open with a subject-opener word, with counts.

    python -m duban.rules.lexicons.mine_opener_names ../shared/corpus/real/docs.jsonl.gz > /tmp/openers.tsv

The units finder refuses a clause subject that opens with one of `units.yaml` `not_subject_openers`
(对, 在, 组织, 重点, 报 …): most such clauses open with a preposition or a verb, not a name
(`组织企业参加…`, `重点支持…`). Some names open with one all the same (`组织编制机关应当…` in spatial
planning rules, `重点排污单位应当…` in pollution rules): `name_openers` lists them. This script finds
them over the unlabelled real corpus (never copied into the project): at a clause's opening, an
opener word, at most a few characters, a body's head (部门, 单位, 机关 …) and at once a modal (应当,
必须, 不得 …), no 的 between. It prints, by the opener word and the two characters after it,
`opening  count  documents  read  names`, where `read` counts the names the finder already reads
as a subject, most frequent first, for a person to curate `name_openers` (openings seen in two or
more documents that the finder reads in none).

Standard library and the project's rule files only; one pass over the corpus, a minute or two.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from duban.extractors.units import UnitFinder
from duban.rules.lexicons.mine_cues import corpus_args, documents

LOG = logging.getLogger("mine_opener_names")

# Where a clause opens: a stop, a line, a closing bracket of an item number, an article number.
_OPEN = r"(?:^|[，,。；;：:\n）)]|第[一二三四五六七八九十百零〇]{1,6}条)\s*"
_MODAL = r"(?:应当|应|必须|不得|可以|负责|须|有权|要(?!求))"
_HEADS = ("委员会", "部门", "机关", "机构", "单位", "中心", "小组", "人员", "企业", "政府", "组织")
# The longest stretch between the opener word and the head that is still read as one name.
_MAX_BETWEEN = 8


def pattern(finder: UnitFinder) -> re.Pattern[str]:
    """Group `name` is the subject, group `opener` the opener word it opens with."""
    heads = "|".join(_HEADS)
    return re.compile(
        f"{_OPEN}(?P<name>(?P<opener>{finder.openers.pattern})[\u4e00-\u9fff]{{0,{_MAX_BETWEEN}}}?(?:{heads}))"
        f"(?={_MODAL})",
        re.MULTILINE,
    )


def mine(
    path: Path, limit: int | None = None
) -> tuple[Counter[str], dict[str, set[str]], Counter[str], dict[str, Counter[str]]]:
    """By opening (opener word and two characters): counts, documents, names the finder reads, names."""
    finder = UnitFinder.default(learned=False)
    regex = pattern(finder)
    counts: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    read: Counter[str] = Counter()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for n, doc in enumerate(documents(path)):
        if limit is not None and n >= limit:
            break
        text, doc_id = str(doc.get("text") or ""), str(doc.get("id"))
        for m in regex.finditer(text):
            name = m.group("name")
            if "的" in name:
                continue  # a relative clause (`对…负责的部门`): the finder reads those otherwise
            key = name[: len(m.group("opener")) + 2]
            counts[key] += 1
            docs[key].add(doc_id)
            names[key][name] += 1
            read[key] += bool(finder.find(name + "应当做好工作。", learned=False))
        if n and n % 1000 == 0:
            LOG.info("%d documents", n)
    return counts, docs, read, names


def main(argv: list[str] | None = None) -> int:
    args = corpus_args(__doc__, argv)
    counts, docs, read, names = mine(args.corpus, args.limit)
    for key, count in counts.most_common():
        examples = " ".join(n for n, _ in names[key].most_common(4))
        sys.stdout.write(f"{key}\t{count}\t{len(docs[key])}\t{read[key]}\t{examples}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
