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

A shortfall's word is often a problem noun (`…困难`, `…短板`, `…风险隐患`), and a review tells
of problems overcome with the same nouns as objects: `克服多重困难`, `顶住经济下行压力`, `补齐短板`,
`攻坚克难`. So the words that govern a clause-final shortfall word in the review parts far more
than in the problems parts (jieba's verbs not followed by another verb, and fixed phrases that
hold the word, `攻坚克难`) are mined as overcoming words (tag `overcome`), and the clause endings
they mostly govern in the review as problem objects (tag `object`); a shortfall entry that is
mostly such an object (`克难` of `攻坚克难`) is no shortfall and is left out. The words that govern
shortfall words in the problems parts more than in the review (`存在`, `面临`: tag `exists`) say
that the problem is there after all (`脱贫攻坚中还存在…问题`).

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

import jieba
import jieba.posseg

from duban.extractors.progress import TRAILING_PUNCT, final_entry

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
# Pieces as the progress finder reads them (cut at commas and `、` too): an object stands in its piece.
_PIECE = re.compile(r"[^，。；！？：、,;!?:\n]+")
_MIN_OVERCOME = 3
# Of the review pieces a clause ending closes, the share an overcoming word governs for the ending
# to read as a problem object (`短板`: 3 of 10), and for a shortfall entry to be left out (`克难`).
_OBJECT_SHARE = 1 / 4
_MOSTLY = 1 / 2
_EXISTS_RATIO = 1.5


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


def pieces(lines: list[str]) -> list[str]:
    return [
        p for line in lines for m in _PIECE.finditer(line) if (p := m.group().strip().rstrip(TRAILING_PUNCT))
    ]


def _is_verb(word: str) -> bool:
    """Whether jieba reads `word` alone as one verb (`攻坚`, not `实际` of `实际困难`)."""
    words = jieba.posseg.lcut(word)
    return len(words) == 1 and words[0].flag.startswith("v")


def governing(piece: str, entry: str) -> set[str]:
    """The words that may govern a piece's final entry: jieba's verbs before it that are not
    followed by another verb (`持续排查整治…` is governed by `整治`), and the two characters before
    the entry in a word that holds its start (`攻坚` of `攻坚克难`, read by jieba as one word)."""
    words = jieba.posseg.lcut(piece)
    at, pos, out = len(piece) - len(entry), 0, set()
    for i, w in enumerate(words):
        end = pos + len(w.word)
        if end <= at and w.flag == "v" and len(w.word) > 1:
            if not (i + 1 < len(words) and words[i + 1].flag.startswith("v")):
                out.add(w.word)
        elif pos < at < end and at - pos > 1 and _is_verb(piece[at - 2 : at]):
            out.add(piece[at - 2 : at])  # the verb of a fixed phrase: `攻坚` of `攻坚克难`
        pos = end
    return out


def mine_overcoming(
    parts: list[tuple[list[str], list[str], list[str]]], lagging: set[str]
) -> tuple[list[tuple[str, int, str]], set[str]]:
    """Overcoming words and problem objects (rows tagged `overcome`, `object`), and the shortfall
    entries that are mostly objects. A verb must also open a clause of some plan part (work stated
    verb first, `解决…`): a verb that only modifies a noun (`经济下行压力`) opens none."""
    opens: Counter[str] = Counter()
    found: dict[str, list[tuple[str, set[str]]]] = {"review": [], "problems": []}
    for review, problems, plan in parts:
        opens.update(p[:2] for p in pieces(plan))
        for name, lines in (("review", review), ("problems", problems)):
            for piece in pieces(lines):
                entry = final_entry(piece, lagging)  # as the finder reads it
                if entry is not None:
                    found[name].append((entry, governing(piece, entry)))
    counts = {name: Counter(w for _, ws in pairs for w in ws) for name, pairs in found.items()}
    n_review, n_problems = len(found["review"]) or 1, len(found["problems"]) or 1
    overcome: dict[str, int] = {}
    for word, n in counts["review"].items():
        ratio = ((n + 1) / n_review) / ((counts["problems"][word] + 1) / n_problems)
        if n >= _MIN_OVERCOME and ratio >= _MIN_RATIO and opens[word]:
            overcome[word] = n
    # The mirror: words that govern shortfalls in the problems parts (`存在` 56 to 3, `面临` 57 to 2).
    # After one, the problem is there again (`脱贫攻坚中还存在…问题`), whatever came before. The review
    # parts hold some shortfalls too, so the ratio asked is lower.
    exists: dict[str, int] = {}
    for word, n in counts["problems"].items():
        ratio = ((n + 1) / n_problems) / ((counts["review"][word] + 1) / n_review)
        if n >= _MIN_COUNT and ratio >= _EXISTS_RATIO:
            exists[word] = n
    ends: Counter[str] = Counter()
    governed: Counter[str] = Counter()
    whole: Counter[str] = Counter()
    whole_governed: Counter[str] = Counter()
    for name, governed_by in found.items():
        for entry, words in governed_by:
            hit = bool(words & overcome.keys())
            whole[entry] += 1
            whole_governed[entry] += hit
            if name == "review":
                ends[entry[-2:]] += 1
                governed[entry[-2:]] += hit
    objects = {t: n for t, n in governed.items() if n >= _MIN_OVERCOME and n >= _OBJECT_SHARE * ends[t]}
    mostly = {e for e, n in whole_governed.items() if n >= _MOSTLY * whole[e]}
    rows = [(w, n, "overcome") for w, n in overcome.items()] + [(t, n, "object") for t, n in objects.items()]
    rows += [(w, n, "exists") for w, n in exists.items()]
    rows.sort(key=lambda x: (x[2], -x[1], x[0]))
    log.info(
        "overcoming words %d, problem objects %d, existence words %d, shortfalls left out: %s",
        len(overcome), len(objects), len(exists), sorted(mostly),
    )  # fmt: skip
    return rows, mostly


def mine_progress(path: Path) -> list[tuple[str, int, str]]:
    review, problems, plan = Counter[str](), Counter[str](), Counter[str]()
    parts = []
    for doc in work_reports(path):
        r, p, f = split_parts(doc["text"])
        if not r:
            continue
        parts.append((r, p, f))
        review.update(clause_endings(r))
        problems.update(clause_endings(p))
        plan.update(clause_endings(f))
    log.info("work reports split into review / problems / plan: %d", len(parts))
    out: list[tuple[str, int, str]] = []
    for gram, n, _ in discriminative(review, plan):
        if "年" in gram:
            continue  # `…的一年`, `…开局之年`: the year described, not work done
        out.append((gram, n, "in_progress" if _ONGOING.search(gram) else "done"))
    lagging_min = max(3, _MIN_COUNT // 4)
    lagging = [
        (gram, n, "lagging")
        for gram, n, _ in discriminative(problems, review + plan, min_count=lagging_min)
        if _SHORTFALL.search(gram)
    ]
    overcoming, objects = mine_overcoming(parts, {g for g, _, _ in lagging})
    return out + [row for row in lagging if row[0] not in objects] + overcoming


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
    jieba.setLogLevel(logging.WARNING)
    if args.relay_verbs:
        for verb, n in mine_relay_verbs(args.corpus):
            log.info("%s %d", verb, n)
        return 0
    rows = mine_progress(args.corpus)
    header = (
        "# Clause-final predicates of progress (`…有效化解`, `…稳步推进`) and of shortfalls (`…不够牢固`),\n"
        "# mined from the review, problems and plan parts of the real corpus's city work reports by\n"
        "# extractors/training/mine_relay_progress_cues.py. Format: phrase count status; then the words\n"
        "# that overcome a problem in a review (`overcome`: `克服多重困难`) and the endings they take as\n"
        "# objects (`object`), counted in the review parts; and the words that say a problem is there\n"
        "# (`exists`: `存在…问题`), counted in the problems parts.\n"
    )
    args.out.write_text(header + "".join(f"{g} {n} {tag}\n" for g, n, tag in rows), encoding="utf-8")
    log.info("wrote %d predicates to %s", len(rows), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
