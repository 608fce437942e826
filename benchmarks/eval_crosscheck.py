"""Evaluate the cross-check: links on the shared dev corpus, and the measure-matching threshold.

    .venv/bin/python benchmarks/eval_crosscheck.py [--corpus ../shared/corpus/dev] [--threshold-sweep]

Links: every document of the dev corpus is extracted and cross-checked; the resolved links are
compared with `pairs.json` (precision, recall) and must not include any of `nonpairs.json`.
Relayed titles: the titles the cross-check keeps per follower (linked or not) against the gold
relays of `gold.jsonl`, matched as the shared scorer matches them (`tools/score.py`).
Threshold sweep: precision and recall of "measure mentioned" decisions on the labelled fixture
set `tests/fixtures/triples/labels.json` at a range of thresholds.

    .venv/bin/python benchmarks/eval_crosscheck.py --masked [--corpus ../shared/corpus/dev]

Masked followers: each dev follower with its quotes of its directives blanked, linked again (see
`eval_masked`). Each pair missed says where content linking lost it (`lost_at`): no content
target, no candidate, beyond the first candidates, filtered, or below the thresholds with its scores.

    .venv/bin/python benchmarks/eval_crosscheck.py --titles ../shared/corpus/real --cache FILE

Linking by name, nothing masked (`eval_titles`): the real corpus's 4,602 relations were found by
quoted titles, so the normal path should link them; `--cache` holds all 5,864 documents extracted
(written on the first run, about 90 s CPU). Session 28: 4,343 -> 4,437 linked (all 3,913
`implements_or_cites`; 150 of the 151 drafts a meeting discussed stay unlinked by design), resolved
links the corpus does not pair unchanged (45 among these followers). The misses were statute pages:
a head printing the title twice glued to the enactment note (74 relations of one law, one more of
another), national laws with names of two or three characters after `中华人民共和国` (水法, 国歌法:
9), revised regulations dated by their first enactment (5). Left: 11 quotes of `刑法修正案（N）`
(one follower; `修正案` is no genre word), 2 laws a meeting adopts, 1 title quoting a title.

    .venv/bin/python benchmarks/eval_crosscheck.py --held-out ../shared/corpus/real --cache FILE

Held-out content linking: the real corpus's known relations were found by quoted titles, so hiding
the quote tests whether content alone would have linked the pair. In every follower that is not a
statute (statutes are never linked by content) the titles and numbers of its known directives are
blanked (same length, so offsets hold) and its relays dropped; content linking then runs over the
whole collection. Recall: the held-out relations linked again; precision: of the content links the
blanked followers make, those that are known relations. `--cache` is the extracted records file of
`benchmarks/sweep_crosscheck.py --cache FILE` (every relation's documents, filled at random to
1,500; `bench_crosscheck.py --real` caches a plain random sample, with far fewer relations). Two-way
pairs are resolved at each threshold (`content_candidates`, then `_one_way`); the missed relations
are counted by where they are lost (`lost_at`), and the links the cross-check itself makes
(`content_links_as_checked`, quotes of other documents kept) are scored, the ones not known told
apart by the corpus's own dates and kinds (`not_known_kind`: a meeting and the document it
decides, left out as `ambiguous_pairs.json` leaves them out; a follower dated before its
directive), and the first twenty listed. `benchmarks/sweep_crosscheck.py` sweeps the content
filters as well, on a sample chosen around the relations.

Session 28, the 17 links to a directive the corpus dates after the follower (103/373, 37 not
known): 9 followers are read-outs or news items that print no year (`…2月26日主持召开`), so no date
guard can tell; the other 8 link to a revised statute the corpus dates by its newest version and
the page by its first enactment, before the follower: a follower of the older version, not a date
error. Leaders' terms and the years a text mentions bound a read-out's date from below only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from duban.base.stored import StoredDocument  # noqa: E402
from duban.pipeline.crosscheck import find_links  # noqa: E402
from duban.pipeline.crosscheck_measures import MATCH_THRESHOLD, match_measures  # noqa: E402
from duban.pipeline.crosscheck_titlekeys import title_key, titles_match  # noqa: E402
from duban.pipeline.extract import extract_file  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
FIXTURES = ROOT / "tests" / "fixtures" / "triples"
SWEEP = (0.05, 0.08, 0.1, 0.11, 0.12, 0.13, 0.15, 0.2, 0.25, 0.3, 0.4)


def load_records(folder: Path) -> dict[str, StoredDocument]:
    """Each `.txt` of a folder extracted as the index returns it, keyed and identified by its file stem."""
    records = {}
    for path in sorted(folder.glob("*.txt")):
        record = extract_file(path, path.name).to_json(include_text=True)
        records[path.stem] = StoredDocument.from_json({**record, "doc_id": path.stem})
    return records


def _scorer(corpus: Path) -> Callable[[dict[str, Any], dict[str, Any]], bool]:
    """The shared scorer's relay matcher when it is there, else title-key matching."""
    path = corpus.parents[1] / "tools" / "score.py"
    if path.is_file():
        spec = importlib.util.spec_from_file_location("shared_score", path)
        if spec and spec.loader:
            module: ModuleType = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
            return module.relay_match
    return lambda p, g: (
        bool(p.get("title")) and titles_match(title_key(p["title"]), title_key(g.get("title", "")))
    )


def _prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"tp={tp} fp={fp} fn={fn} precision={p:.3f} recall={r:.3f}"


def eval_links(corpus: Path) -> None:
    records = load_records(corpus)
    pairs = json.loads((corpus / "pairs.json").read_text(encoding="utf-8"))
    nonpairs = json.loads((corpus / "nonpairs.json").read_text(encoding="utf-8"))
    ambiguous_file = corpus / "ambiguous_pairs.json"
    ambiguous = {
        (p["directive"], p["follower"])
        for p in (json.loads(ambiguous_file.read_text(encoding="utf-8")) if ambiguous_file.is_file() else [])
    }
    links = find_links(list(records.values()))
    found = {
        (link.directive.doc_id, link.follower.doc_id): link
        for link in links
        if link.resolved and (link.directive.doc_id, link.follower.doc_id) not in ambiguous
    }
    print(f"ambiguous pairs left out of the scoring: {len(ambiguous)}")
    gold = {(p["directive"], p["follower"]): p for p in pairs}
    tp = len(found.keys() & gold.keys())
    print("links:", _prf(tp, len(found.keys() - gold.keys()), len(gold.keys() - found.keys())))
    for key, link in sorted(found.items(), key=lambda item: str(item[0])):
        mark = "ok " if key in gold else "FALSE"
        relation = "" if key not in gold else f" relation {link.relation} (gold {gold[key]['relation']})"
        print(f"  {mark} {key[1]} -> {key[0]} via {link.via}{relation}")
    right = sum(1 for key in found.keys() & gold.keys() if found[key].relation == gold[key]["relation"])
    print(f"relations right: {right} of {tp} linked pairs (relation follows the follower's extracted kind)")
    for key in sorted(gold.keys() - found.keys()):
        print(f"  MISSED {key[1]} -> {key[0]}")
    bad = [(n["directive"], n["follower"]) for n in nonpairs if (n["directive"], n["follower"]) in found]
    print(f"look-alikes linked: {len(bad)} of {len(nonpairs)}", bad or "")
    match = _scorer(corpus)
    tp = fp = fn = 0
    golds = {}
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            golds[item["id"]] = item.get("relays") or []
    for doc_id, gold_relays in golds.items():
        predicted = [
            {"title": link.quoted_title, "doc_number": link.quoted_number}
            for link in links
            if link.follower.doc_id == doc_id and link.via != "content"
        ]
        required = [g for g in gold_relays if g.get("required", True)]
        unused = list(required)
        for p in predicted:
            hit = next((g for g in unused if match(p, g)), None)
            if hit is not None:
                unused.remove(hit)
                tp += 1
            elif not any(match(p, g) for g in gold_relays):
                fp += 1
        fn += len(unused)
    print("relayed titles:", _prf(tp, fp, fn))


def eval_threshold() -> None:
    """The labelled decisions scored lexically and, when the model is installed, with paraphrase."""
    from duban.pipeline import crosscheck_embed, crosscheck_measures

    labels = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))
    records = load_records(FIXTURES)
    runs = [("lexical", 0.0, MATCH_THRESHOLD)]
    if crosscheck_embed.available():
        runs.append(("lexical+paraphrase", crosscheck_measures.EMBED_WEIGHT, MATCH_THRESHOLD))
    weight = crosscheck_measures.EMBED_WEIGHT
    for name, embed_weight, chosen in runs:
        crosscheck_measures.EMBED_WEIGHT = embed_weight
        decisions: list[tuple[float, bool]] = []
        for item in labels["links"]:
            directive = records[Path(item["directive"]).stem]
            follower = records[Path(item["follower"]).stem]
            for m in match_measures(directive, follower, threshold=0.0):
                decisions.append((m.score, m.ordinal in item["mentioned"]))
        positives = sorted(s for s, g in decisions if g)
        negatives = sorted(s for s, g in decisions if not g)
        print(f"{name}: labelled decisions: {len(decisions)} ({len(positives)} mentioned)")
        print(f"  lowest mentioned score {positives[0]:.3f}, highest not-mentioned score {negatives[-1]:.3f}")
        for t in sorted({*SWEEP, chosen}):
            tp = sum(1 for s in positives if s >= t)
            fp = sum(1 for s in negatives if s >= t)
            mark = "  <- chosen" if abs(t - chosen) < 1e-9 else ""
            print(f"  threshold {t:.2f}: {_prf(tp, fp, len(positives) - tp)}{mark}")
    crosscheck_measures.EMBED_WEIGHT = weight


def _gold_progress(corpus: Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for line in (corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            out[item["id"]] = item.get("progress") or []
    return out


def _located(text: str, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Gold progress statements with the span where their text stands in the follower."""
    out = []
    for g in statements:
        at = text.find(str(g.get("text") or ""))
        if at >= 0:
            out.append({"status": g.get("status"), "start": at, "end": at + len(str(g["text"]))})
    return out


def eval_statuses(corpus: Path) -> None:
    """Measure statuses where the gold states them: each matched measure whose evidence overlaps a
    gold progress statement of the follower, its status against that statement's (a lag outweighs
    the rest when the evidence overlaps several). Run with the extracted progress and again with the
    gold progress in its place, which isolates the matching and status logic from extraction.
    """
    records = load_records(corpus)
    gold = _gold_progress(corpus)
    pairs = json.loads((corpus / "pairs.json").read_text(encoding="utf-8"))
    order = ("lagging", "in_progress", "done", "planned")
    for name, use_gold in (("extracted progress", False), ("gold progress", True)):
        right = total = 0
        for pair in pairs:
            directive, follower = records[pair["directive"]], records[pair["follower"]]
            truth = _located(follower.text, gold.get(pair["follower"], []))
            if not truth:
                continue
            if use_gold:
                follower = StoredDocument.from_json({**follower.to_json(), "progress": truth})
            for m in match_measures(directive, follower):
                if m.start is None or m.end is None:
                    continue
                said = {str(t["status"]) for t in truth if t["start"] < m.end and m.start < t["end"]}
                if not said:
                    continue
                expected = next(s for s in order if s in said)
                total += 1
                right += (m.progress or "relayed") == expected
        print(f"measure statuses stated by the gold ({name}): {right} of {total} right")


def eval_held_out(folder: Path, cache: Path) -> None:
    """Content links of followers whose quotes of their directives are blanked (see the docstring)."""
    import dataclasses
    import gzip
    from collections import Counter

    from duban.base.stored import StoredDocument
    from duban.pipeline import crosscheck_content
    from duban.pipeline.crosscheck import (
        DirectiveIndex,
        _may_direct,
        _one_way,
        content_candidates,
    )
    from duban.pipeline.crosscheck_dates import is_statute

    with gzip.open(cache, "rt", encoding="utf-8") as lines:
        records = [StoredDocument.from_json(json.loads(line)) for line in lines if line.strip()]
    kept: dict[str, StoredDocument] = {r.key: r for r in records}
    with gzip.open(folder / "pairs.jsonl.gz", "rt", encoding="utf-8") as lines:
        pairs = [json.loads(line) for line in lines if line.strip()]
    known = {
        (p["directive"], p["follower"]): p for p in pairs if p["directive"] in kept and p["follower"] in kept
    }
    held: dict[str, list[dict[str, Any]]] = {}
    for (directive, follower), pair in known.items():
        if directive != follower and not is_statute(kept[follower].text):
            held.setdefault(follower, []).append(pair)
    blanked: dict[str, StoredDocument] = {}
    for follower, items in held.items():
        record = kept[follower]
        text = record.text
        hidden = set()
        for pair in items:
            directive = kept[pair["directive"]]
            hidden |= {pair["quoted"], directive.doc.title or "", directive.doc.doc_number or ""}
        for item in sorted((h for h in hidden if len(h) >= 4), key=len, reverse=True):
            text = text.replace(item, " " * len(item))
        blanked[follower] = dataclasses.replace(record, text=text, relays=())
    collection = [blanked.get(r.key, r) for r in records]
    index = DirectiveIndex(collection)
    followers = [blanked[f] for f in held]
    relations = {(p["directive"], f): p for f, listed in held.items() for p in listed}
    # Every candidate's score is kept (thresholds off), then the thresholds are swept offline.
    chosen = (crosscheck_content.LINK_SCORE, crosscheck_content.MIN_STRONG)
    crosscheck_content.LINK_SCORE, crosscheck_content.MIN_STRONG = 0.0, crosscheck_content.MIN_PASSAGE
    try:
        every = content_candidates(index, followers, [])
    finally:
        crosscheck_content.LINK_SCORE, crosscheck_content.MIN_STRONG = chosen
    print("  thresholds (LINK_SCORE, MIN_STRONG): content links made, known among them, precision, recall")
    for score in (5.0, 10.0, 15.0, 20.0, 25.0, 35.0, 50.0):
        for strong in (12, 20):
            passing = [
                link
                for link in every
                if link.content is not None
                and link.content.score >= score
                and any(p.length >= strong for p in link.content.passages)
            ]
            passing = _one_way(passing, {**kept, **blanked})  # two-way pairs resolved at this threshold
            keys = {(str(k.directive.doc_id), str(k.follower.doc_id)) for k in passing}
            tp = len(keys & relations.keys())
            mark = "  <- chosen" if (score, strong) == chosen else ""
            print(
                f"    {score:5.1f} {strong:3d}: {len(keys):4d} {tp:4d}"
                f"  P {tp / len(keys) if keys else 1.0:.3f}  R {tp / len(relations) if relations else 1.0:.3f}{mark}"
            )
    links = [link for link in every if link.content is not None and crosscheck_content.linked(link.content)]
    links = _one_way(links, {**kept, **blanked})
    found = {(str(link.directive.doc_id), str(link.follower.doc_id)): link for link in links}
    found.update(_sweep_sentences(index, followers, relations, set(found)))
    reachable = {
        k
        for k in relations
        if _may_direct(index.records[k[0]]) and (kept[k[0]].doc.date or "") <= (kept[k[1]].doc.date or "9")
    }
    tp = len(found.keys() & relations.keys())
    print(
        f"held-out relations (non-statute followers, quotes blanked): {len(relations)} in {len(held)} followers"
    )
    print(
        f"  of which the directive can be a content target (policy/other with measures, not later): {len(reachable)}"
    )
    print(
        "  content links:",
        _prf(tp, len(found.keys() - relations.keys()), len(relations.keys() - found.keys())),
    )
    print(f"  recall on the reachable ones: {len(found.keys() & reachable)} of {len(reachable)}")
    funnel = _funnel({r.key: r for r in collection})
    stages = Counter(
        lost_at(*funnel, blanked[follower], directive).split(" (")[0]
        for directive, follower in sorted(relations.keys() - found.keys())
    )
    print("  where the missed relations are lost (`lost_at`, quotes of other documents kept):")
    for stage, count in stages.most_common():
        print(f"    {stage}: {count}")
    by_relation = Counter(p["relation"] for p in relations.values())
    hit_relation = Counter(relations[k]["relation"] for k in found.keys() & relations.keys())
    for name, count in by_relation.most_common():
        print(f"    {name}: {hit_relation[name]} of {count}")
    made = content_links_as_checked(index, collection)
    tp, other = len(made.keys() & relations.keys()), len((made.keys() & known.keys()) - relations.keys())
    print(
        f"  as the cross-check links (quotes of other documents kept): {len(made)} content links,"
        f" {tp} held-out relations (R {tp / len(relations) if relations else 1.0:.3f}), {other} other"
        f" known, {len(made.keys() - known.keys())} not known"
        f" (P {(tp + other) / len(made) if made else 1.0:.3f})"
    )
    with gzip.open(folder / "docs.jsonl.gz", "rt", encoding="utf-8") as lines:
        meta = {d["id"]: d for d in (json.loads(line) for line in lines if line.strip()) if d["id"] in kept}
    kinds = Counter(not_known_kind(meta[d], meta[f]) for d, f in made.keys() - known.keys())
    print("  the links not known, by what the corpus's own dates and kinds say they are:")
    for kind, count in kinds.most_common():
        print(f"    {kind}: {count}")
    scored = [key for key in made if not_known_kind(meta[key[0]], meta[key[1]]) != AMBIGUOUS or key in known]
    right = len(set(scored) & known.keys())
    print(
        f"  with the meetings' decided documents left out (`ambiguous_pairs` convention): {len(scored)}"
        f" content links, P {right / len(scored) if scored else 1.0:.3f}"
    )
    titles = {r.key: r.doc.title for r in records}
    for key in sorted(made.keys() - known.keys())[:20]:
        link = made[key]
        print(
            f"  not known: {key[1]} {titles.get(key[1])!s:.20} -> {key[0]} {titles.get(key[0])!s:.24}"
            f" | {link.evidence[:40]!r}"
        )


AMBIGUOUS = "a meeting and the document it decides (ambiguous)"
# A meeting decides a document the issuing body publishes within weeks (a State Council executive
# meeting and its office's notice 13-132 days later on the real sample); a later one is not its own.
DECIDED_WITHIN_DAYS = 150


def not_known_kind(directive: dict[str, Any], follower: dict[str, Any]) -> str:
    """What a content link the corpus does not know is, by the corpus's own metadata (`kind`, `date`).

    A meeting read-out linked to a document issued within `DECIDED_WITHIN_DAYS` after it is the
    meeting that decided (审议, 原则通过) the document: a link the `ambiguous_pairs.json` convention
    leaves out of the scoring (the meeting neither relays nor reports on it). A follower the corpus
    dates before its directive is a false link the cross-check could not rule out (the read-outs'
    pages print no year), or one to a revised law the corpus dates by its newest version. The
    rest are unknown: maybe true, maybe look-alikes.
    """
    from datetime import date

    def day(value: Any) -> date | None:
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            return None

    issued, held = day(directive.get("date")), day(follower.get("date"))
    if issued is None or held is None:
        return "undated"
    after = (issued - held).days
    if follower.get("kind") == "minutes" and 0 <= after <= DECIDED_WITHIN_DAYS:
        return AMBIGUOUS
    if after > 0:
        return "follower dated before its directive (false, or a revised law's older version)"
    return "unknown"


def _sweep_sentences(
    index: Any, followers: list[StoredDocument], relations: dict[tuple[str, str], Any], by_passages: set[Any]
) -> dict[tuple[str, str], Any]:
    """Links by sentences (`ContentIndex.measure_match`) added to those by passages, thresholds swept.

    Every candidate the passages do not link gets its sentence evidence (thresholds off); each
    (MIN_SENTENCES, SENTENCES_SCORE) is then scored on the union with the passage links. Returns the
    sentence links at the chosen thresholds.
    """
    from duban.pipeline import crosscheck_content
    from duban.pipeline.crosscheck import content_links

    chosen = (
        crosscheck_content.LINK_SCORE,
        crosscheck_content.MIN_SENTENCES,
        crosscheck_content.SENTENCES_SCORE,
    )
    crosscheck_content.LINK_SCORE = float("inf")
    crosscheck_content.MIN_SENTENCES, crosscheck_content.SENTENCES_SCORE = 1, 0.0
    try:
        every = [link for link in content_links(index, followers, []) if link.content is not None]
    finally:
        (
            crosscheck_content.LINK_SCORE,
            crosscheck_content.MIN_SENTENCES,
            crosscheck_content.SENTENCES_SCORE,
        ) = chosen
    print(
        "  sentence thresholds (MIN_SENTENCES, SENTENCES_SCORE), with the passage links: links, known, P, R"
    )
    out: dict[tuple[str, str], Any] = {}
    for count in (1, 2, 3, 4, 5):
        for score in (8.0, 12.0, 18.0, 25.0, 35.0):
            keys = {
                (str(k.directive.doc_id), str(k.follower.doc_id))
                for k in every
                if k.content is not None and k.content.sentences >= count and k.content.score >= score
            }
            union = keys | by_passages
            tp = len(union & relations.keys())
            mark = "  <- chosen" if (count, score) == chosen[1:] else ""
            print(
                f"    {count} {score:5.1f}: {len(union):4d} {tp:4d}  P {tp / len(union) if union else 1.0:.3f}"
                f"  R {tp / len(relations) if relations else 1.0:.3f}{mark}"
            )
            if (count, score) == chosen[1:]:
                out = {
                    (str(k.directive.doc_id), str(k.follower.doc_id)): k
                    for k in every
                    if k.content is not None and crosscheck_content.linked_by_sentences(k.content)
                }
    return out


def content_links_as_checked(index: Any, collection: list[StoredDocument]) -> dict[tuple[str, str], Any]:
    """The content links the cross-check makes over a collection, keyed (directive, follower).

    Every document is a follower and the links its quotes make (`links_of`) are kept, as in
    `find_links`: a follower that quotes a look-alike, or a pair already linked by a quote, is not
    linked by content. The threshold sweeps of `eval_held_out` pass no quotes, so this is the
    figure users see.
    """
    from duban.pipeline.crosscheck import content_links, links_of

    quoted = [link for record in collection for link in links_of(index, record)]
    return {
        (str(link.directive.doc_id), str(link.follower.doc_id)): link
        for link in content_links(index, collection, quoted)
    }


def _funnel(collection: dict[str, StoredDocument]) -> tuple[Any, Any]:
    """The directive index and content index of a collection, as `content_candidates` builds them."""
    from duban.pipeline.crosscheck import DirectiveIndex, _may_direct
    from duban.pipeline.crosscheck_content import ContentIndex

    index = DirectiveIndex(list(collection.values()))
    directives = [doc_id for doc_id, record in index.records.items() if _may_direct(record)]
    return index, ContentIndex({doc_id: r.text for doc_id, r in index.records.items()}, directives)


def lost_at(index: Any, content: Any, follower: StoredDocument, directive: str) -> str:
    """The first stage of content linking a (directive, follower) pair does not pass.

    `over the thresholds` when it passes them all: a missed pair that gets there was dropped when
    two-way pairs were resolved (`crosscheck._one_way`).

    The stages, in `crosscheck.content_candidates`' order: the directive must be a content target
    (`_may_direct`), the follower no statute, the pair a candidate (enough rare shingles shared) among
    the follower's first `_CONTENT_CANDIDATES`, not linked by a quote the other way, through the
    filters (`CONTENT_FILTERS`), and over the thresholds by passages or by sentences. `index` and
    `content` are the collection's (`_funnel`). It says where misses are lost before thresholds
    are moved: a pair that is no candidate is won by no threshold.
    """
    from duban.pipeline.crosscheck import (
        _CONTENT_CANDIDATES,
        CONTENT_FILTERS,
        _may_direct,
        _theme,
        content_blocks,
        links_of,
    )
    from duban.pipeline.crosscheck_content import linked, linked_by_sentences
    from duban.pipeline.crosscheck_dates import is_statute

    record = index.records[directive]
    if not _may_direct(record):
        return "no target (kind or no measures)"
    if is_statute(follower.text):
        return "statute follower"
    ranked = [d for d, _ in content.candidates(follower.key).most_common()]
    if directive not in ranked:
        return "no candidate (few rare shingles shared)"
    if ranked.index(directive) >= _CONTENT_CANDIDATES:
        return f"beyond the first {_CONTENT_CANDIDATES} candidates (rank {ranked.index(directive) + 1})"
    if any(link.directive.doc_id == follower.key for link in links_of(index, index.records[directive])):
        return "quoted the other way"
    own = links_of(index, follower)
    blocks = content_blocks(record, follower, own, index) & CONTENT_FILTERS
    if blocks:
        return "filtered: " + ",".join(sorted(blocks))
    passages = content.match(follower.key, directive)
    sentences = content.measure_match(follower.key, directive, None, _theme(record))
    if linked(passages) or linked_by_sentences(sentences):
        return "over the thresholds"
    return f"below thresholds (passages {passages.score}, {sentences.sentences} sentences {sentences.score})"


def eval_masked(corpus: Path) -> None:
    """Dev pairs with the follower's quotes of its directives blanked: what content alone links.

    For each follower of `pairs.json`, its directives' titles, numbers and the titles quoted in the
    pair's evidence are blanked (same length) and its relays dropped; the whole corpus is linked
    again. Recall: the pairs linked again; false links: any other link that follower makes. These
    are the labelled decisions the sentence thresholds (`crosscheck_content.MIN_SENTENCES`,
    `SENTENCES_SCORE`) were chosen on, with the ones `--held-out` gives on `corpus/real/`.
    """
    import dataclasses
    import re

    records = load_records(corpus)
    pairs = json.loads((corpus / "pairs.json").read_text(encoding="utf-8"))
    gold = {(p["directive"], p["follower"]) for p in pairs}
    by_follower: dict[str, list[dict[str, Any]]] = {}
    for pair in pairs:
        by_follower.setdefault(pair["follower"], []).append(pair)
    linked = false = total = 0
    for follower, items in sorted(by_follower.items()):
        record = records[follower]
        hidden: set[str] = set()
        for pair in items:
            directive = records[pair["directive"]]
            hidden |= {directive.doc.title or "", directive.doc.doc_number or ""}
            hidden |= set(re.findall(r"《([^》]{4,120})》", pair["evidence"]))
        text = record.text
        for item in sorted((h for h in hidden if len(h) >= 4), key=len, reverse=True):
            text = text.replace(item, " " * len(item))
        collection = {**records, follower: dataclasses.replace(record, text=text, relays=())}
        found = {
            (str(link.directive.doc_id), str(link.follower.doc_id)): link
            for link in find_links(list(collection.values()))
            if link.resolved and link.follower.doc_id == follower
        }
        for pair in items:
            total += 1
            link = found.get((pair["directive"], follower))
            linked += link is not None
            how = f"{link.via} {link.content.score if link.content else ''}" if link else "missed"
            if link is None:
                how += ": " + lost_at(*_funnel(collection), collection[follower], pair["directive"])
            print(f"  {follower} <- {pair['directive']}: {how}")
        for key in found.keys() - gold:
            false += 1
            print(f"  FALSE {key[1]} -> {key[0]} via {found[key].via}")
    print(f"masked followers: {linked} of {total} pairs linked again, {false} other links")


# A meeting that discusses a draft does not follow the document the draft becomes (`_REVIEWED`).
_DRAFT_DISCUSSED = "draft_discussed_in_meeting"


def eval_titles(folder: Path, cache: Path) -> None:
    """Linking by name on the real corpus's quoted-title relations, nothing masked (`--titles`).

    Every relation of `pairs.jsonl.gz` was found because the follower quotes the directive's title,
    so the normal path (`links_of`, then `implemented_links`) should link it. Every document of the
    corpus is extracted into `cache` once (the others are distractors) and every follower of a
    relation is linked by its quotes and numbers; printed: the relations linked by kind, the
    directives of the missed ones (the causes are the directive's page or the dates), and the
    resolved links to documents the corpus does not pair with the follower (not all false: the
    corpus pairs only exact quotes).
    """
    import gzip
    from collections import Counter

    from duban.pipeline.crosscheck import DirectiveIndex, implemented_links, links_of

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from sweep_crosscheck import extract

    with gzip.open(folder / "docs.jsonl.gz", "rt", encoding="utf-8") as lines:
        docs = [json.loads(line) for line in lines if line.strip()]
    with gzip.open(folder / "pairs.jsonl.gz", "rt", encoding="utf-8") as lines:
        pairs = [json.loads(line) for line in lines if line.strip()]
    records = extract(docs, cache)
    index = DirectiveIndex(records)
    by_id = {r.key: r for r in records}
    followers = sorted({p["follower"] for p in pairs})
    links = [link for f in followers for link in links_of(index, by_id[f])]
    links += implemented_links(index, [by_id[f] for f in followers], links)
    made = {(str(link.directive.doc_id), str(link.follower.doc_id)) for link in links if link.resolved}
    known = {(p["directive"], p["follower"]) for p in pairs}
    hit = Counter(p["relation"] for p in pairs if (p["directive"], p["follower"]) in made)
    total = Counter(p["relation"] for p in pairs)
    print(f"quoted-title relations linked by name: {sum(hit.values())} of {len(pairs)}")
    for name, count in total.most_common():
        print(f"  {name}: {hit[name]} of {count}")
    missed = Counter(
        p["directive"]
        for p in pairs
        if (p["directive"], p["follower"]) not in made and p["relation"] != _DRAFT_DISCUSSED
    )
    titles = {d["id"]: d.get("title") for d in docs}
    print(f"  directives of the missed relations but `{_DRAFT_DISCUSSED}` (a draft is not followed):")
    for directive, count in missed.most_common(20):
        print(f"    {count:3d} {directive} {titles.get(directive)!s:.40}")
    print(f"  resolved links the corpus does not pair with the follower: {len(made - known)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--threshold-sweep", action="store_true", help="Only the labelled threshold sweep.")
    parser.add_argument("--held-out", type=Path, help="Real corpus folder: held-out content linking.")
    parser.add_argument("--cache", type=Path, help="With --held-out: the extracted records (gzipped JSONL).")
    parser.add_argument(
        "--masked", action="store_true", help="Only the masked-follower evaluation on --corpus."
    )
    parser.add_argument("--titles", type=Path, help="Real corpus folder: its relations linked by name.")
    args = parser.parse_args()
    if args.titles:
        eval_titles(args.titles, args.cache)
        return
    if args.masked:
        eval_masked(args.corpus)
        return
    if args.held_out:
        eval_held_out(args.held_out, args.cache)
        return
    if not args.threshold_sweep:
        eval_links(args.corpus)
        eval_statuses(args.corpus)
    eval_threshold()


if __name__ == "__main__":
    main()
