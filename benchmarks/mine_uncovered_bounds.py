"""Time-bounded task statements the extractor misses on real text, counted by the form of the bound.

`mine_deadline_misses.py` lists time-like spans inside extracted measures that no deadline covers.
This extends it (its `documents` builds and extracts the same genres) with the other way a deadline
is lost: the clause that carries the bound is no measure at all. Two lists, each counted by the form
of the bound (`底前`, `年内`, `每季度`, `起`, `至`, …) and by how many documents show it, with contexts:

- `uncovered`: clauses (cut at `。；！？` and line ends) that hold a time bound and a task verb or modal
  (`要`, `应当`, `完成`, `报送`…) and that no extracted measure covers: a measure lost to layout, to a
  reject filter or to a missing cue, and its deadline with it;
- `unread`: bounds inside extracted measures that produced no deadline (read by this script's bound
  forms, not the older script's shapes): a pattern missing, a filter too eager, a span cut short.

`--dev` scores dev predictions (`duban extract … --format jsonl`) with the shared scorer's matching
and lists the gold deadlines not predicted, with what was predicted instead: the dev causes to look
for on real text. `--sample N` prints N random items of each list for judging by hand.

Nothing from the corpus is written into the project; the output is for reading.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mine_deadline_misses import corpus_parser, documents, read_offsets

from duban.base.model import Document

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
DEV_GOLD = ROOT.parent / "shared" / "corpus" / "dev" / "gold.jsonl"
# The forms of a bound, each a name and a pattern: the name is what is counted. Longer forms first,
# so that `月底前` is counted as itself and not as `前`.
_NUM = r"[\d一二两三四五六七八九十〇○]"
BOUNDS: tuple[tuple[str, str], ...] = (
    ("每X", r"每(?:年|半年|季度|季|月|周|天|日|两年|三年|学期|旬|半月)"),
    ("按X", r"按(?:年|季度|季|月|周|日)"),
    ("底前", r"(?:年|月|季)(?:底|末)(?:前|之前|以前)"),
    ("底", r"(?:年|月|季)(?:底|末)"),
    ("日前", _NUM + r"{1,2}日(?:前|之前|以前)"),
    ("月前", _NUM + r"{1,2}月(?:份)?(?:前|之前|以前)"),
    ("年内", r"(?:年内|当年|本年度|今年|明年|全年)"),
    ("N内", _NUM + r"{1,3}(?:个)?(?:工作日|日|天|周|个月|月|年|小时)(?:内|以内|之内)"),
    ("截止", r"截止(?:时间|日期)?|截至"),
    ("起", r"(?:日|月|年|之日|即日)起"),
    ("期间", r"期间|时期"),
    ("至", _NUM + r"{1,4}[年月日]?(?:至|到|—|-|－)" + _NUM + r"{1,4}[年月日]"),
    ("季度", r"(?:第)?[一二三四1-4]季度"),
    ("半年", r"[上下]半年"),
    ("前", r"(?:前|之前|以前)"),
)
BOUND = re.compile("|".join(f"(?P<b{i}>{p})" for i, (_, p) in enumerate(BOUNDS)))
# A bound word alone (`前`) is time only after a time word: `前` after `提` or `目` is not.
_TIME_BEFORE = re.compile(r"[\d一二两三四五六七八九十日月年季周天节底末期内后]$")
# What makes a clause a task: a modal, or a verb of doing, reporting or finishing.
TASK = re.compile(
    r"要|应当|应|须|必须|务必|确保|力争|争取|负责|牵头|完成|开展|落实|推进|报送|上报|报|提交|组织"
    r"|建立|制定|出台|实现|启动|印发|部署|召开|举办|督促|整改|清理|排查|检查"
)
_CLAUSE = re.compile(r"[^。；;！!？?\n]+")
log = logging.getLogger("mine_uncovered_bounds")


def bound_form(match: re.Match[str]) -> str:
    """The name of the form a bound match is of."""
    for i, (name, _) in enumerate(BOUNDS):
        if match.group(f"b{i}") is not None:
            return name
    return "?"


def bounds_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, form) of the bounds in a text; a bare `前` only after a time word."""
    out: list[tuple[int, int, str]] = []
    for m in BOUND.finditer(text):
        form = bound_form(m)
        if form == "前" and not _TIME_BEFORE.search(text[max(0, m.start() - 1) : m.start()]):
            continue
        out.append((m.start(), m.end(), form))
    return out


def covered(doc: Document) -> set[int]:
    """The characters of the document that some extracted measure spans."""
    return {i for m in doc.measures for i in range(m.start, m.end)}


def uncovered(
    docs: list[tuple[dict[str, Any], Document]],
) -> list[tuple[str, str, str]]:
    """(doc id, form, clause) for every clause with a bound and a task word outside every measure."""
    out: list[tuple[str, str, str]] = []
    for meta, doc in docs:
        text = doc.analysis_text or doc.text
        taken = covered(doc)
        for clause in _CLAUSE.finditer(text):
            if any(i in taken for i in range(clause.start(), clause.end())):
                continue
            if not TASK.search(clause.group()):
                continue
            for _, _, form in bounds_in(clause.group())[:1]:
                out.append((meta["id"], form, clause.group().strip()))
    return out


def unread(docs: list[tuple[dict[str, Any], Document]]) -> list[tuple[str, str, str]]:
    """(doc id, form, context) for every bound inside a measure that no deadline of it overlaps."""
    out: list[tuple[str, str, str]] = []
    for meta, doc in docs:
        for measure in doc.measures:
            read = read_offsets(measure)
            for start, end, form in bounds_in(measure.text):
                if read & set(range(start, end)):
                    continue
                a, b = max(0, start - 16), min(len(measure.text), end + 12)
                context = f"{measure.text[a:start]}[{measure.text[start:end]}]{measure.text[end:b]}"
                out.append((meta["id"], form, context.replace("\n", " ")))
    return out


def report(name: str, items: list[tuple[str, str, str]], sample: int, seed: int) -> None:
    """Counts by form (items, documents), then `sample` random items per form seen in two documents."""
    counts: Counter[str] = Counter(form for _, form, _ in items)
    sources: dict[str, set[str]] = defaultdict(set)
    for doc_id, form, _ in items:
        sources[form].add(doc_id)
    log.info("== %s: %d items in %d documents", name, len(items), len({d for d, _, _ in items}))
    for form, n in counts.most_common():
        log.info("%6d %4d docs  %s", n, len(sources[form]), form)
    rng = random.Random(seed)
    for form, _ in counts.most_common():
        if len(sources[form]) < 2:
            continue
        picked = [item for item in items if item[1] == form]
        for doc_id, _, text in rng.sample(picked, min(sample, len(picked))):
            log.info("  %-4s %s: %s", form, doc_id, text[:140])


def _scorer() -> ModuleType:
    """The shared scorer, loaded from its file (it is no package)."""
    spec = importlib.util.spec_from_file_location("score", SCORER)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(SCORER)
    module = importlib.util.module_from_spec(spec)
    sys.modules["score"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def dev_misses(pred_path: Path) -> None:
    """Gold deadlines of required dev measures not predicted, with the scorer's measure matching:
    `unmatched` (the measure was missed) or `miss` (found, the bound not read or read otherwise)."""
    score = _scorer()
    golds = {g["id"]: g for g in score.load_jsonl(DEV_GOLD)}
    preds = {Path(p["source"]).stem: p for p in score.load_jsonl(pred_path)}
    causes: Counter[str] = Counter()
    for doc_id, gold in golds.items():
        gms = gold.get("measures", [])
        pms = (preds.get(doc_id) or {}).get("measures", [])
        pairs = []
        for gi, g in enumerate(gms):
            for pi, p in enumerate(pms):
                gt, pt = score.norm(g.get("text", "")), score.norm(p.get("text", ""))
                common = score.shared_chars(gt, pt)
                if common and common >= 0.6 * len(gt) and common >= 0.5 * len(pt):
                    pairs.append((common / max(len(gt), len(pt)), gi, pi))
        matched: dict[int, int] = {}
        for _, gi, pi in sorted(pairs, reverse=True):
            if gi not in matched and pi not in matched.values():
                matched[gi] = pi
        for gi, g in enumerate(gms):
            if not g.get("required", True):
                continue
            for want in g.get("deadlines", []):
                if gi not in matched:
                    causes["unmatched"] += 1
                    log.info("%s unmatched %s | %s", doc_id, want, g["text"][:80].replace("\n", " "))
                    continue
                got = score.pred_names(pms[matched[gi]].get("deadlines"), "text")
                if not any(score.names_match(x, want) for x in got):
                    causes["miss"] += 1
                    log.info("%s miss %s (got %s) | %s", doc_id, want, got, g["text"][:80])
    log.info("dev deadline misses: %s", dict(causes))


def main() -> int:
    parser = corpus_parser(__doc__)
    parser.add_argument("--sample", type=int, default=4, help="items printed per form")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dev", type=Path, help="dev predictions (jsonl): list dev misses instead")
    parser.add_argument("--jsonl", type=Path, help="also write every item here, for judging")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.dev:
        dev_misses(args.dev)
        return 0
    if not args.corpus.exists():
        log.info("no shared real corpus at %s: nothing to mine", args.corpus)
        return 0
    docs = documents(args.corpus, args.every, frozenset(args.genres.split(",")))
    log.info("%d documents, %d measures", len(docs), sum(len(d.measures) for _, d in docs))
    lists = {"uncovered": uncovered(docs), "unread": unread(docs)}
    for name, items in lists.items():
        report(name, items, args.sample, args.seed)
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as out:
            for name, items in lists.items():
                for doc_id, form, text in items:
                    row = {"list": name, "doc": doc_id, "form": form, "text": text}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
