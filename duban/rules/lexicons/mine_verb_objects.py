"""Mine which governing verbs name a body when they open a clause, with counts.

    python -m duban.rules.lexicons.mine_verb_objects ../shared/corpus/real/docs.jsonl.gz > /tmp/verbs.tsv

A clause that opens with a verb the units finder knows (`UnitFinder.governing`: the measures'
action verbs, the causatives and `units.yaml` `governing`) either names its subject with that verb
(`监督检查部门应当…`, `制定机关应当…`, `评估专业人员应当…`, `保密工作部门要…`: a name formed with
the verb) or has no subject at all: the verb acts on the body after it, which does the next act
(`指导企业制定…`, `组织人员进行巡护`, `实行政府给予…补助`, `接受行政机关依法进行…`). Which of the
two a verb does is a habit of the verb, read here over the unlabelled real corpus (never copied
into the project). For each verb that opens a clause (after a stop or an article number) it counts

- `named`: the verb, a name's body ending at most a few characters later, then a modal
  (应当, 必须, 不得, 可以, 负责 …): the verb is part of the subject's name;
- `acts_on`: the verb, a body, then at once one of the measures' action verbs: the body is the
  verb's object and does the next act;

with the documents each is seen in. It prints `verb  named  named_docs  acts_on  acts_on_docs
examples`, most frequent first, for a person to curate `units.yaml` `name_verbs` (the verbs
that name bodies: `named` well above `acts_on`, seen in two or more documents).

Standard library and the project's rule files only; one pass over the corpus, a minute or two.
"""

from __future__ import annotations

import logging
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from duban.extractors.units import UnitFinder
from duban.rules.lexicons.mine_cues import corpus_args, documents
from duban.rules.ruleset import load_rule_file

LOG = logging.getLogger("mine_verb_objects")

# Where a clause opens: a stop, a line, or a regulation's article number (`第二十六条监督检查部门…`).
_OPEN = r"(?:^|[，,。；;：:\n]|第[一二三四五六七八九十百零〇]{1,6}条)\s*"
_MODAL = r"(?:应当|应|必须|不得|可以|负责|须|有权|要(?!求))"
# The longest stretch between the verb and a body's ending that is still read as one name.
_MAX_BETWEEN = 6


def patterns(finder: UnitFinder) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The `named` and `acts_on` patterns: group `verb` is the opening verb (the first of a run of
    governing verbs: `监督检查部门` opens with 监督)."""
    verbs = finder.governing.pattern
    heads = sorted(
        {*finder.suffixes, *finder.role_words, *finder.persons, "人员", "成员"}, key=len, reverse=True
    )
    head = "(?:" + "|".join(map(re.escape, heads)) + ")"
    acts = sorted(
        (v for v in load_rule_file("measures").words("action") if len(v) >= 2), key=len, reverse=True
    )
    act = "(?:" + "|".join(map(re.escape, acts)) + ")"
    body = f"[\u4e00-\u9fff]{{0,{_MAX_BETWEEN}}}?{head}"
    named = re.compile(f"{_OPEN}(?P<verb>{verbs})(?:{verbs})*(?P<rest>{body}){_MODAL}", re.MULTILINE)
    acts_on = re.compile(f"{_OPEN}(?P<verb>{verbs})(?:{verbs})*(?P<rest>{body}){act}", re.MULTILINE)
    return named, acts_on


def mine(
    path: Path, limit: int | None = None
) -> dict[str, tuple[Counter[str], dict[str, set[str]], Counter[str]]]:
    """Per section (`named`, `acts_on`): counts by verb, documents by verb, and the names seen."""
    named, acts_on = patterns(UnitFinder.default(learned=False))
    out: dict[str, tuple[Counter[str], dict[str, set[str]], Counter[str]]] = {
        key: (Counter(), defaultdict(set), Counter()) for key in ("named", "acts_on")
    }
    for n, doc in enumerate(documents(path)):
        if limit is not None and n >= limit:
            break
        text, doc_id = str(doc.get("text") or ""), str(doc.get("id"))
        for key, regex in (("named", named), ("acts_on", acts_on)):
            counts, docs, names = out[key]
            for m in regex.finditer(text):
                if "的" in m.group("rest"):
                    continue  # `实行排污许可管理的企业…`: a relative clause names the body, not the verb
                counts[m.group("verb")] += 1
                docs[m.group("verb")].add(doc_id)
                names[m.group("verb") + "·" + m.group(0)[m.start("verb") - m.start() :]] += 1
        if n and n % 1000 == 0:
            LOG.info("%d documents", n)
    return out


Found = tuple[Counter[str], dict[str, set[str]], Counter[str]]


def write_table(first: Found, second: Found, order: Callable[[str], tuple[int, int]]) -> None:
    """One row a verb on stdout, in `order`: the verb, its count and documents in `first`, the
    same in `second`, and its four commonest examples (`verb·…`) from either."""
    counts, docs, seen = first
    counts2, docs2, seen2 = second
    for verb in sorted(set(counts) | set(counts2), key=order):
        examples = [k for k, _ in (seen + seen2).most_common() if k.startswith(verb + "·")][:4]
        row = (verb, counts[verb], len(docs[verb]), counts2[verb], len(docs2[verb]), " ".join(examples))
        sys.stdout.write("\t".join(map(str, row)) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = corpus_args(__doc__, argv)
    found = mine(args.corpus, args.limit)
    named, acts = found["named"][0], found["acts_on"][0]
    write_table(found["named"], found["acts_on"], lambda v: (-(named[v] + acts[v]), 0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
