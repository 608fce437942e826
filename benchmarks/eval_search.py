"""Search quality: duban's analysis against a plain character-bigram BM25 over the same measures.

    .venv/bin/python benchmarks/eval_search.py [--corpus ../shared/corpus/dev] [--index URL]
        [--queries benchmarks/search_queries.jsonl] [--fold-baseline] [--per-query]

Without `--index` the corpus is ingested into a temporary SQLite index. Each line of the queries
file is `{"query", "relevant", "type"}`; `relevant` names measures by a verbatim substring of their
text, resolved here to measure ids (a substring matching nothing is an error; one matching measures
of different texts is an error; one matching several copies of the same text, as in two documents
that repeat a paragraph, is one relevant item found by any copy). Each query runs through
`store.search(query, limit=10)` and through bm25s over the measure texts tokenized as overlapping
character bigrams of CJK runs plus Latin/digit words, with `field:value` tokens reduced to their
value. Reported: recall@10 and MRR@10 per query type and overall, and the ratio duban/baseline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bm25s  # noqa: E402

from duban.index import open_store  # noqa: E402
from duban.index.analysis import FIELD_QUERIES, fold  # noqa: E402
from duban.index.store import Store  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
DEFAULT_QUERIES = ROOT / "benchmarks" / "search_queries.jsonl"
K = 10
TYPES = ("unit", "topic", "deadline", "bigram", "field", "traditional")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")
_WORD = re.compile(r"[^\W_]+")
_FIELD = re.compile(r"^([^\s:：]+)[:：](.+)$")


@dataclass(frozen=True)
class Judged:
    """A query and its relevant items; each item is the set of measure ids that satisfy it."""

    query: str
    type: str
    items: tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Outcome:
    recall: float
    rr: float
    ranks: tuple[int | None, ...]  # 1-based rank of each relevant item in the top K, or None
    returned: int


def load_queries(path: Path) -> list[dict[str, Any]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if not row.get("query") or not row.get("relevant") or row.get("type") not in TYPES:
                raise SystemExit(f"{path}:{number}: needs query, relevant and a type of {TYPES}")
            rows.append(row)
    return rows


def resolve(rows: Sequence[dict[str, Any]], measures: dict[str, str], lenient: bool = False) -> list[Judged]:
    """Relevant substrings → measure ids; exits on a substring that matches nothing or is ambiguous,
    unless `lenient`: then (when the extraction has changed since the queries were judged) an
    ambiguous one is found by any of its measures, one matching nothing is left out, and both are
    listed on stderr."""
    errors: list[str] = []
    judged = []
    for row in rows:
        items: list[frozenset[str]] = []
        for needle in row["relevant"]:
            found = [mid for mid, text in measures.items() if needle in text]
            if not found:
                errors.append(f"{row['query']!r}: {needle!r} matches no measure")
            elif len({measures[mid] for mid in found}) > 1:
                errors.append(f"{row['query']!r}: {needle!r} matches {len(found)} different measures")
                if lenient:
                    items.append(frozenset(found))
            else:
                items.append(frozenset(found))
        judged.append(Judged(row["query"], row["type"], tuple(dict.fromkeys(items))))
    if errors and not lenient:
        raise SystemExit("unresolved relevant measures:\n  " + "\n  ".join(errors))
    if errors:
        print("judged leniently:\n  " + "\n  ".join(errors), file=sys.stderr)
    return judged


def bigram_tokens(text: str, folder: Callable[[str], str]) -> list[str]:
    """CJK runs as overlapping character bigrams (a lone character as itself), other runs as words."""
    tokens: list[str] = []
    for run in _WORD.findall(folder(text)):
        start = 0
        for cjk in _CJK.finditer(run):
            if cjk.start() > start:
                tokens.append(run[start : cjk.start()])
            chars = cjk.group()
            tokens.extend([chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)])
            start = cjk.end()
        if start < len(run):
            tokens.append(run[start:])
    return tokens


def strip_fields(query: str) -> str:
    """`牵头单位:市发展改革委 博士后` → `市发展改革委 博士后` (the baseline knows no fields)."""
    out = []
    for token in query.split():
        match = _FIELD.match(token)
        out.append(match.group(2).strip('"') if match and match.group(1).lower() in FIELD_QUERIES else token)
    return " ".join(out)


class Baseline:
    """bm25s over the measure texts, tokenized as character bigrams."""

    def __init__(self, measures: dict[str, str], folder: Callable[[str], str]) -> None:
        self.ids = list(measures)
        self.folder = folder
        self.model = bm25s.BM25()
        self.model.index([bigram_tokens(text, folder) for text in measures.values()], show_progress=False)

    def search(self, query: str, limit: int = K) -> list[str]:
        vocab = self.model.vocab_dict
        tokens = [t for t in bigram_tokens(strip_fields(query), self.folder) if t in vocab]
        if not tokens:
            return []
        scores = self.model.get_scores(tokens)
        order = sorted(range(len(self.ids)), key=lambda i: (-float(scores[i]), i))
        return [self.ids[i] for i in order[:limit] if scores[i] > 0]


def score(judged: Judged, returned: Sequence[str]) -> Outcome:
    position = {mid: rank for rank, mid in reversed(list(enumerate(returned[:K], 1)))}
    ranks = tuple(min((position[m] for m in item if m in position), default=None) for item in judged.items)
    found = [r for r in ranks if r is not None]
    return Outcome(len(found) / len(ranks), 1 / min(found) if found else 0.0, ranks, len(returned))


def nfkc_lower(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def ratio(a: float, b: float) -> str:
    if b == 0:
        return "—" if a == 0 else "inf"
    return f"{a / b:.2f}"


def table(results: list[tuple[Judged, Outcome, Outcome]]) -> str:
    groups: dict[str, list[tuple[Outcome, Outcome]]] = defaultdict(list)
    for judged, ours, base in results:
        groups[judged.type].append((ours, base))
        groups["overall"].append((ours, base))
    head = (
        f"{'type':<12}{'n':>3}  {'R@10 duban':>10} {'R@10 bm25':>10} {'ratio':>6}  "
        f"{'MRR duban':>10} {'MRR bm25':>9} {'ratio':>6}"
    )
    lines = [head, "-" * len(head)]
    for name in (*[t for t in TYPES if t in groups], "overall"):
        pairs = groups[name]
        n = len(pairs)
        r_ours = sum(o.recall for o, _ in pairs) / n
        r_base = sum(b.recall for _, b in pairs) / n
        m_ours = sum(o.rr for o, _ in pairs) / n
        m_base = sum(b.rr for _, b in pairs) / n
        lines.append(
            f"{name:<12}{n:>3}  {r_ours:>10.3f} {r_base:>10.3f} {ratio(r_ours, r_base):>6}  "
            f"{m_ours:>10.3f} {m_base:>9.3f} {ratio(m_ours, m_base):>6}"
        )
    return "\n".join(lines)


def _ranks(outcome: Outcome) -> str:
    return ",".join("-" if r is None else str(r) for r in outcome.ranks)


def details(results: list[tuple[Judged, Outcome, Outcome]], every: bool) -> str:
    lines = []
    for judged, ours, base in results:
        worse = (ours.recall, ours.rr) < (base.recall, base.rr)
        better = (ours.recall, ours.rr) > (base.recall, base.rr)
        if not (every or worse):
            continue
        mark = "LOSS" if worse else "win " if better else "tie "
        lines.append(
            f"  {mark} [{judged.type}] {judged.query!r}: duban R={ours.recall:.2f} RR={ours.rr:.2f} "
            f"ranks {_ranks(ours)} ({ours.returned} hits) | bm25 R={base.recall:.2f} RR={base.rr:.2f} "
            f"ranks {_ranks(base)}"
        )
    return "\n".join(lines)


def open_index(args: argparse.Namespace, tmp: Path) -> Store:
    if args.index:
        return open_store(args.index)
    from duban.pipeline.ingest import ingest

    url = f"sqlite:///{tmp / 'eval_search.db'}"
    report = ingest([args.corpus], index_url=url, progress=False)
    print(
        f"ingested {args.corpus} into {url}: {report.ingested} files, {report.measures} measures",
        file=sys.stderr,
    )
    return open_store(url)


def run(args: argparse.Namespace, tmp: Path) -> None:
    with open_index(args, tmp) as store:
        measures = {m.measure_id: m.text for m in store.iter_measures()}
        if not measures:
            raise SystemExit("the index has no measures")
        judged = resolve(load_queries(args.queries), measures, args.lenient)
        baseline = Baseline(measures, fold if args.fold_baseline else nfkc_lower)
        results = []
        for item in judged:
            hits = store.search(item.query, limit=K).hits
            ours = score(item, [h.measure_id for h in hits if h.measure_id])
            results.append((item, ours, score(item, baseline.search(item.query))))
    folding = "folded like duban" if args.fold_baseline else "NFKC + lower case only"
    print(f"{len(judged)} queries over {len(measures)} measures; baseline: bm25s bigrams ({folding})\n")
    print(table(results))
    shown = details(results, args.per_query)
    print("\nper query (ranks of the relevant items in the top 10):" if args.per_query else "\nlosses:")
    print(shown or "  none")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder to ingest (no --index)")
    parser.add_argument("--index", help="an existing index URL to evaluate instead of ingesting")
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument(
        "--fold-baseline",
        action="store_true",
        help="fold the baseline's text like duban (Traditional → Simplified)",
    )
    parser.add_argument("--per-query", action="store_true", help="show every query, not only the losses")
    parser.add_argument(
        "--lenient",
        action="store_true",
        help="judge a relevant text matching several measures by any of them, skip one matching none",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="eval_search_") as tmp:
        run(args, Path(tmp))


if __name__ == "__main__":
    main()
