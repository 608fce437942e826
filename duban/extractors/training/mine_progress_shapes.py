"""Mine the shapes of progress statements from the unlabelled real corpus, with document counts.

    python -m duban.extractors.training.mine_progress_shapes ../shared/corpus/real/docs.jsonl.gz \
        [--top 40] [--kinds report,minutes]

Why: the progress rules (`rules/progress.yaml`) grew from the dev texts; this script says which
of their forms, and which forms they miss, real reports and read-outs use, counted by how many
documents show each, so that a rule or word is added only when at least two documents do. It
prints, for the review parts of reports and minutes (not their plans, see `_PLAN`):

- `already`: the verb after `已`/`已经` (`已投入`, `已交办`) — the done cue with an open verb;
- `past`: the verb before the perfective `了` (`开展了`, `印发了`);
- `complete`: the word before a bare `完成` that closes a piece (`工程完成`, `任务完成`);
- `lead_open` / `lead_close`: how a comma piece without a cue that leads into a cued one opens
  and closes (`按照…要求`, `今年以来`): the lead-in clauses a statement is read without;
- `purpose`: the words after `为`/`为了` that open a lead-in of purpose (`为确保…`), which holds
  a requirement's word but frames work done;
- `relay`: the forms that name a superior text without quoting it in 《》 (`…的决定`, `…批示
  要求`, `…反馈意见`), and the verbs between `将《…》` and `给/到` (`转发给`, `印发给`).

Nothing here is read at run time; the counts go into the comments of the rules they justify.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

_PLAN = re.compile(r"下一步|下步|今后|工作安排|重点任务|主要任务|工作打算|工作建议|意见建议")
_SENTENCE = re.compile(r"[^。！？；\n]+")
_PIECE = re.compile(r"[^，,]+")
# The explicit cues the rules know: a piece with one of these states progress.
_CUE = re.compile(r"已|正在|完成|滞后|尚未|未完成|进展|推进中|序时|了(?![解结])")
_ALREADY = re.compile(r"已(?:经)?(?:全部|基本|提前|顺利|陆续)?([\u4e00-\u9fff]{2})")
_PAST = re.compile(r"([\u4e00-\u9fff]{2})了(?![解结])")
_COMPLETE = re.compile(r"([\u4e00-\u9fff]{2})完成$")
_PURPOSE = re.compile(r"^为了?([\u4e00-\u9fff]{2})")
_RELAY_FORMS = {
    "的决定": re.compile(r"[\u4e00-\u9fff]{4,30}的决定(?:精神)?"),
    "批示要求": re.compile(r"[\u4e00-\u9fff]{2,20}批示(?:要求|精神)"),
    "反馈意见": re.compile(r"[\u4e00-\u9fff]{2,20}反馈(?:的)?(?:意见|问题)"),
    "有关文件精神": re.compile(r"(?:有关|相关|上级)(?:文件|会议)精神"),
}
_PASS_ON = re.compile(r"将《[^《》]{4,80}》([\u4e00-\u9fff]{2,3})(?:给|到|至)")


def documents(path: Path, kinds: set[str]) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if doc.get("kind") in kinds:
                yield doc


def review_lines(text: str) -> list[str]:
    """The lines before the first plan heading (a short line naming the work to come)."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if len(line) <= 30 and _PLAN.search(line):
            break
        if line:
            out.append(line)
    return out


def shapes(text: str) -> dict[str, set[str]]:
    """The forms one document shows, by family (each counted once per document)."""
    found: dict[str, set[str]] = defaultdict(set)
    for line in review_lines(text):
        for sentence in _SENTENCE.finditer(line):
            pieces = [p.group().strip() for p in _PIECE.finditer(sentence.group())]
            for i, piece in enumerate(pieces):
                for m in _ALREADY.finditer(piece):
                    found["already"].add(m.group(1))
                for m in _PAST.finditer(piece):
                    found["past"].add(m.group(1))
                if complete := _COMPLETE.search(piece):
                    found["complete"].add(complete.group(1))
                if purpose := _PURPOSE.match(piece):
                    found["purpose"].add(purpose.group(1))
                if (
                    i + 1 < len(pieces)
                    and not _CUE.search(piece)
                    and _CUE.search(pieces[i + 1])
                    and len(piece) > 3
                ):
                    found["lead_open"].add(piece[:2])
                    found["lead_close"].add(piece[-2:])
    for name, pattern in _RELAY_FORMS.items():
        if pattern.search(text):
            found["relay"].add(name)
    for m in _PASS_ON.finditer(text):
        found["relay"].add("将《》" + m.group(1))
    return found


def mine(path: Path, kinds: set[str]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    n = 0
    for doc in documents(path, kinds):
        n += 1
        for family, forms in shapes(doc["text"]).items():
            counts[family].update(forms)
    log.info("documents read: %d", n)
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--kinds", default="report,minutes")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    counts = mine(args.corpus, set(args.kinds.split(",")))
    for family in sorted(counts):
        top = " ".join(f"{form}:{n}" for form, n in counts[family].most_common(args.top))
        log.info("%s (documents) %s", family, top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
