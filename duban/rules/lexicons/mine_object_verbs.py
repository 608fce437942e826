"""Mine verbs the units finder does not know that take a body as their object at a clause's opening.

    python -m duban.rules.lexicons.mine_object_verbs ../shared/corpus/real/docs.jsonl.gz > /tmp/objverbs.tsv

`mine_verb_objects.py` sorts the verbs the finder knows (`UnitFinder.governing`) into those that
form names and those that act on the body after them. A clause can also open with a verb it does
not know: then the verb and its object are read together as one name and reported as the unit
(`聘请专业单位进行修复`, `转交制定机关办理`, `听取有关受质询机关…`), which is what supervision staff
then see in the 责任单位 column. This miner finds those verbs over the unlabelled real corpus
(never copied into the project). At each clause opening (after a stop or an article number) it
takes the first two characters as a word when jieba's dictionary tags that word as a verb only
(`v`, not the noun-verb `vn`), the finder's verb lists do not hold it and no listed name opens with
it, and counts, with the documents each is seen in,

- `acts_on`: the word, then a string the finder reads as a unit, then at once one of the measures'
  action verbs or `object_acts` (`进行`, `办理`): the body is the verb's object and does the act;
- `named`: the word, a unit, then a modal (应当, 必须, 不得, 可以, 负责 …): the word opens the
  subject's own name (`登记管理机关应当…`, `选举委员会应当…`, `直销企业不得…`).

It prints `verb  acts_on  acts_on_docs  named  named_docs  examples`, most `acts_on` first, for a
person to curate `units.yaml` `object_verbs`: verbs seen acting on a body in two or more documents
and never naming one. Verbs the finder already refuses to read a subject after
(`not_subject_openers`: 引导, 促进, 配备 …) and its cues are left out.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from pathlib import Path

import jieba.posseg

from duban.extractors.units import UnitFinder
from duban.rules.lexicons.mine_cues import corpus_args, documents
from duban.rules.lexicons.mine_verb_objects import write_table
from duban.rules.ruleset import load_rule_file

LOG = logging.getLogger("mine_object_verbs")

# Where a clause opens: a stop or a line, and after it a regulation's article number if any.
_OPEN = r"(?:^|[，,。；;：:\n])\s*(?:第[一二三四五六七八九十百零〇]{1,6}条\s*)?"
_MODAL = ("应当", "应", "必须", "不得", "可以", "负责", "须", "有权", "要")
# The longest body read after the verb.
_MAX_BODY = 16
# What a body may hold: no stop, comma or quote (a list's 、 and a name's brackets are kept).
_BODY = re.compile(r"[\u4e00-\u9fff、（）()]*")


def verb_tags() -> dict[str, str]:
    """jieba's dictionary tags by word (loads the dictionary once)."""
    tokenizer = jieba.posseg.dt
    tokenizer.tokenizer.initialize()
    return dict(tokenizer.word_tag_tab)


def mine(
    path: Path, limit: int | None = None
) -> dict[str, tuple[Counter[str], dict[str, set[str]], Counter[str]]]:
    """Per section (`acts_on`, `named`): counts by verb, documents by verb, and the spans seen."""
    finder = UnitFinder.default(learned=False)
    tags = verb_tags()
    acts = tuple(
        sorted(
            (
                *(v for v in load_rule_file("measures").words("action") if len(v) >= 2),
                *load_rule_file("units").words("object_acts"),
            ),
            key=len,
            reverse=True,
        )
    )
    opening = re.compile(f"{_OPEN}(?P<verb>[\u4e00-\u9fff]{{2}})", re.MULTILINE)
    out: dict[str, tuple[Counter[str], dict[str, set[str]], Counter[str]]] = {
        key: (Counter(), defaultdict(set), Counter()) for key in ("acts_on", "named")
    }
    for n, doc in enumerate(documents(path)):
        if limit is not None and n >= limit:
            break
        text, doc_id = str(doc.get("text") or ""), str(doc.get("id"))
        for m in opening.finditer(text):
            verb = m.group("verb")
            if (
                tags.get(verb) != "v"
                or finder.governing.fullmatch(verb)
                or finder.cues.match(verb)
                or finder.openers.match(verb)
                or verb in finder.name_heads
                or verb.startswith(finder.opener_names)
            ):
                continue
            at = m.end()
            run = _BODY.match(text, at, min(len(text), at + _MAX_BODY))
            for end in range(run.end() if run else at, at + 1, -1):
                if not finder.is_unit(text[at:end]):
                    continue
                key = (
                    "acts_on"
                    if text.startswith(acts, end)
                    else "named"
                    if text.startswith(_MODAL, end)
                    else ""
                )
                if key:
                    counts, docs, spans = out[key]
                    counts[verb] += 1
                    docs[verb].add(doc_id)
                    spans[f"{verb}·{text[at:end]}"] += 1
                break
        if n and n % 1000 == 0:
            LOG.info("%d documents", n)
    return out


def main(argv: list[str] | None = None) -> int:
    args = corpus_args(__doc__, argv)
    found = mine(args.corpus, args.limit)
    acts, named = found["acts_on"][0], found["named"][0]
    write_table(found["acts_on"], found["named"], lambda v: (-acts[v], named[v]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
