"""Mine progress predicates and relay verbs from the unlabelled real corpus, with counts.

    python -m duban.extractors.training.mine_relay_progress_cues ../shared/corpus/real/docs.jsonl.gz \
        [--out rules/lexicons/progress_predicates.txt] [--relay-verbs]

Why: a work report states what was done with the predicate at the end of the clause
(`…改造升级深入推进`, `…警情下降8.1%`, `…有效化解`), while its plan for the coming year puts the verb
first (`深入推进乡村振兴`). The real corpus holds 141 city work reports that each open with last
year's review, then a problems paragraph, then the year's tasks; comparing how clauses end in the
three parts gives the predicates that say "done or under way" (review) and "behind" (problems)
far beyond what the dev texts show. The mined list is data (`rules/lexicons/`), read by
`extractors/progress.py`; re-run this script to refresh it.

`--relay-verbs` prints, for checking `rules/relays.yaml`, the two characters before 《 in
meeting read-outs and reports, with counts (the verbs that introduce a relayed title).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)

_PLAN_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)])?\s*"
    r"(?:(?:19|20)\d{2}\s*年|今年|明年)[^。，]{0,16}(?:工作|任务|安排|目标|打算|建议)[^。，]{0,10}$"
)
_REVIEW_WORD = re.compile(r"回顾|成效|成绩|完成情况|工作总结")
_PROBLEM = re.compile(r"清醒|不足|差距|短板|问题和困难|困难和问题|困难和挑战|矛盾和问题")
# The address, the thanks and the praise around the review are not statements of work.
_CEREMONY = re.compile(r"各位代表|请予审议|感谢|敬意|的结果|来之不易|我代表")
# A shortfall says so in its words: `不够`, `偏弱`, `有差距`, `任重道远`.
_SHORTFALL = re.compile(
    r"不|未|没|差距|短板|弱|低|难|突出|滞后|欠|缺|乏|慢|偏|待|需|仍|尚|道远|艰巨|繁重|隐患|压力"
)
_CLAUSE = re.compile(r"[^，。；！？：,;!?:\n]+")
_CJK = re.compile(r"[\u4e00-\u9fff]+$")
_MIN_COUNT = 15
_MIN_RATIO = 5.0
_ONGOING = re.compile(r"持续|不断|稳步|继续|逐步|进一步|加快|有序|深入推进|扎实推进")


def work_reports(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if doc.get("kind") == "report" and "工作报告" in (doc.get("genre") or ""):
                yield doc


def split_parts(text: str) -> tuple[list[str], list[str], list[str]]:
    """A work report as (review lines, problem lines, plan lines); empty when no plan heading is found."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    cut = next(
        (i for i, line in enumerate(lines) if _PLAN_HEADING.match(line) and not _REVIEW_WORD.search(line)),
        None,
    )
    if cut is None or cut < 3:
        return [], [], []
    review = [line for line in lines[1:cut] if not _CEREMONY.search(line)]
    problems = [line for line in review[-4:] if _PROBLEM.search(line)]
    review = [line for line in review if line not in problems]
    return review, problems, lines[cut + 1 :]


def clause_endings(lines: list[str], sizes: tuple[int, ...] = (2, 3, 4)) -> Counter[str]:
    """How the clauses of these lines end: their last 2-4 characters, when those are all Chinese.

    Endings that mostly close a line's first clause are lead-ins (`一年来，`, `回顾过去一年，`) and
    endings that mostly follow a number are units (`…433.4亿元`, read by the figure rule): both are
    left out, as neither says by itself that work was done."""
    counts: Counter[str] = Counter()
    leading: Counter[str] = Counter()
    after_digit: Counter[str] = Counter()
    for line in lines:
        for i, m in enumerate(_CLAUSE.finditer(line)):
            clause = m.group().strip()
            for k in sizes:
                tail = clause[-k:]
                if len(clause) > k and _CJK.match(tail):
                    counts[tail] += 1
                    leading[tail] += i == 0
                    after_digit[tail] += clause[-k - 1].isdigit()
    return Counter({g: n for g, n in counts.items() if leading[g] * 2 <= n and after_digit[g] * 2 <= n})


def discriminative(
    target: Counter[str], other: Counter[str], min_count: int = _MIN_COUNT, min_ratio: float = _MIN_RATIO
) -> list[tuple[str, int, float]]:
    """Endings much more frequent in `target` than in `other` (add-one smoothed, size-normalised),
    keeping a longer ending only when it is more telling than the shorter one it ends with."""
    t_total, o_total = sum(target.values()) or 1, sum(other.values()) or 1
    scored = {}
    for gram, n in target.items():
        if n < min_count:
            continue
        ratio = ((n + 1) / t_total) / ((other.get(gram, 0) + 1) / o_total)
        if ratio >= min_ratio:
            scored[gram] = (n, ratio)
    kept = []
    for gram, (n, ratio) in scored.items():
        shorter = [g for g in scored if g != gram and gram.endswith(g)]
        if any(scored[g][1] >= ratio for g in shorter):
            continue
        kept.append((gram, n, round(math.log(ratio), 2)))
    kept.sort(key=lambda x: (-x[1], x[0]))
    return kept


def mine_progress(path: Path) -> list[tuple[str, int, str]]:
    review, problems, plan = Counter[str](), Counter[str](), Counter[str]()
    reports = 0
    for doc in work_reports(path):
        r, p, f = split_parts(doc["text"])
        if not r:
            continue
        reports += 1
        review.update(clause_endings(r))
        problems.update(clause_endings(p))
        plan.update(clause_endings(f))
    log.info("work reports split into review / problems / plan: %d", reports)
    out: list[tuple[str, int, str]] = []
    for gram, n, _ in discriminative(review, plan):
        if "年" in gram:
            continue  # `…的一年`, `…开局之年`: the year described, not work done
        out.append((gram, n, "in_progress" if _ONGOING.search(gram) else "done"))
    lagging_min = max(3, _MIN_COUNT // 4)
    for gram, n, _ in discriminative(problems, review + plan, min_count=lagging_min):
        if _SHORTFALL.search(gram):
            out.append((gram, n, "lagging"))
    return out


def mine_relay_verbs(path: Path, top: int = 60) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            if doc.get("kind") not in ("minutes", "report"):
                continue
            for m in re.finditer(r"([\u4e00-\u9fff]{2})《", doc["text"]):
                counts[m.group(1)] += 1
    return counts.most_common(top)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--out", type=Path, default=Path("duban/rules/lexicons/progress_predicates.txt"))
    ap.add_argument("--relay-verbs", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.relay_verbs:
        for verb, n in mine_relay_verbs(args.corpus):
            log.info("%s %d", verb, n)
        return 0
    rows = mine_progress(args.corpus)
    header = (
        "# Clause-final predicates of progress (`…有效化解`, `…稳步推进`) and of shortfalls (`…不够牢固`),\n"
        "# mined from the review, problems and plan parts of the real corpus's city work reports by\n"
        "# extractors/training/mine_relay_progress_cues.py. Format: phrase count status.\n"
    )
    args.out.write_text(header + "".join(f"{g} {n} {tag}\n" for g, n, tag in rows), encoding="utf-8")
    log.info("wrote %d predicates to %s", len(rows), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
