"""What a misread document kind costs extraction, on dev, without flattering dev.

The kind (`pipeline.doc_kind`, then `pipeline.metadata._kind`) picks the reading mode of measures
and how much progress is read, so a misread kind can drop a whole document's measures. Dev cannot
measure that with the shipped weights, which were fitted on dev's own kinds. So this runs the
pipeline in-process on the dev corpus under several kinds, each set by monkeypatching
`metadata._kind` here (product code has no hook for it), and scores each run with the shared
scorer:

- `shipped`: the pipeline as it is (weights fitted on all of dev: flattered);
- `loo`: the kind the pipeline would give each document with weights fitted on the other
  documents (leave-one-out): the honest estimate of the kinds an unseen document gets;
- `rules`: the title rules alone (`metadata._kind_by_rules`), no learned override;
- `gold`: dev's gold kinds (`meta.jsonl`): what a perfect kind decision would score.

    python benchmarks/eval_kind.py [--corpus ../shared/corpus/dev] [--modes loo,gold] [--json]
    python benchmarks/eval_kind.py --matrix
    python benchmarks/eval_kind.py --real-labels benchmarks/kind_real_labels.jsonl [--real-corpus /tmp/lead/real]

`--real-labels` reads hand-labelled real documents (no gold extraction) and prints, instead of the
modes, the kind accuracy and confusions of the shipped decision, of the title rules alone, and of
the decision with weights fitted without the document (10 folds over dev and the labels): what
dev's own kinds cannot show, since they are few news pages and read-outs and the weights saw them.

The difference `gold - loo` is what kind errors cost; each run's kind accuracy and confusions are
printed with it. `--matrix` reads every document as each kind and prints, per (gold kind, kind
read), the change in true and false positives of measures, progress and units: what each
confusion would cost where it happened.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

from duban.pipeline import metadata
from duban.pipeline.doc_kind import KINDS, probabilities
from duban.pipeline.doc_kind_training import DevRow, dev_rows, real_rows, train

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
MODES = ("shipped", "loo", "rules", "gold")
FIELDS = ("measures", "units", "deadlines", "relays", "progress")


def loo_kinds(rows: list[DevRow]) -> dict[str, str]:
    """Each document's pipeline kind with the weights fitted on every other document."""
    found: dict[str, str] = {}
    for i, row in enumerate(rows):
        table = train([(r.features, r.gold) for j, r in enumerate(rows) if j != i])
        found[row.doc_id] = pipeline_kind(row, table)
    return found


def pipeline_kind(row: DevRow, table: dict[str, list[float]] | None = None) -> str:
    """The kind `metadata._kind` gives the document with the weights `table` (None: shipped)."""
    with mock.patch.object(
        metadata, "kind_probabilities", lambda text, title: probabilities(text, title, table)
    ):
        return metadata._kind(row.text, row.title)


@lru_cache(maxsize=1)
def _scorer() -> ModuleType:
    """The shared scorer (`shared/tools/score.py`), imported to score documents one by one."""
    spec = importlib.util.spec_from_file_location("duban_shared_score", SCORER)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(SCORER)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def extract_as(paths: list[Path], kinds: dict[str, str] | None) -> dict[str, dict[str, Any]]:
    """Each document's CLI JSON, extracted in this process with the kind `kinds` gives it (None:
    the kind the pipeline decides)."""
    from duban.base.model import Document
    from duban.extractors.registry import DEFAULT_EXTRACTORS
    from duban.pipeline.extract import cached_extractors, try_extract

    chosen = cached_extractors(DEFAULT_EXTRACTORS)
    found: dict[str, dict[str, Any]] = {}
    for path in paths:
        if kinds is None:
            result = try_extract(path, path.name, chosen)
        else:
            kind = kinds[path.stem]
            with mock.patch.object(metadata, "_kind", lambda text, title, kind=kind: kind):
                result = try_extract(path, path.name, chosen)
        if isinstance(result, Document):
            found[path.stem] = result.to_json()
        else:
            log.warning("%s: %s", path.name, result)
    return found


def scores(gold: dict[str, dict[str, Any]], preds: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Per field the shared scorer's tallies summed over the documents of `gold` (tp, fp, fn, f1)."""
    scorer = _scorer()
    totals = {f: [0, 0, 0] for f in FIELDS}
    for doc_id, item in gold.items():
        one = scorer.score_doc(doc_id, item, preds.get(doc_id))
        for f in FIELDS:
            tally = getattr(one, f)
            for i, v in enumerate((tally.tp, tally.fp, tally.fn)):
                totals[f][i] += v
    out: dict[str, Any] = {}
    for f, (tp, fp, fn) in totals.items():
        p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
        out[f] = {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}
    return out


def matrix(paths: list[Path], gold: dict[str, dict[str, Any]], kinds: dict[str, str]) -> None:
    """What each confusion costs: every document read as each kind, the change in true and false
    positives of measures and progress against reading it as its gold kind, summed per (gold, read)."""
    reads = {k: extract_as(paths, dict.fromkeys(kinds, k)) for k in KINDS}
    print(f"{'gold->read':18}{'docs':>5}  measures dtp dfp   progress dtp dfp   units dtp dfp")
    for truth in KINDS:
        ids = [d for d, k in kinds.items() if k == truth]
        if not ids:
            continue
        base = {d: scores({d: gold[d]}, reads[truth]) for d in ids}
        for read in KINDS:
            if read == truth:
                continue
            delta = {f: [0, 0] for f in ("measures", "progress", "units")}
            for d in ids:
                got = scores({d: gold[d]}, reads[read])
                for f in delta:
                    delta[f][0] += got[f]["tp"] - base[d][f]["tp"]
                    delta[f][1] += got[f]["fp"] - base[d][f]["fp"]
            cells = "   ".join(f"{delta[f][0]:+5d} {delta[f][1]:+4d}" for f in delta)
            print(f"{truth + '->' + read:18}{len(ids):5}  {cells}")


def real_report(rows: list[DevRow], real: list[DevRow], folds: int = 10) -> None:
    """Kind accuracy and confusions on the real labels: shipped, title rules, held out (see module doc)."""
    both = rows + real
    held: dict[str, str] = {}
    for fold in range(folds):
        table = train([(r.features, r.gold) for i, r in enumerate(both) if i % folds != fold])
        for i, r in enumerate(both):
            if i % folds == fold and i >= len(rows):
                held[r.doc_id] = pipeline_kind(r, table)
    modes = {
        "shipped": {r.doc_id: pipeline_kind(r) for r in real},
        "rules": {r.doc_id: r.rules for r in real},
        "held-out": held,
    }
    for mode, chosen in modes.items():
        right = sum(chosen[r.doc_id] == r.gold for r in real)
        wrong = Counter(f"{r.gold}->{chosen[r.doc_id]}" for r in real if chosen[r.doc_id] != r.gold)
        print(f"{mode:9} kind {right}/{len(real)}  misread: {dict(wrong.most_common())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--json", action="store_true", help="one JSON object per mode")
    parser.add_argument(
        "--matrix", action="store_true", help="the cost of each confusion instead of the modes"
    )
    parser.add_argument("--real-labels", type=Path, help="hand-read kinds of real documents (JSON lines)")
    parser.add_argument("--real-corpus", type=Path, default=Path("/tmp/lead/real"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    modes = [m for m in args.modes.split(",") if m]
    rows = dev_rows(args.corpus)
    if args.real_labels:
        real_report(rows, real_rows(args.real_labels, args.real_corpus))
        return
    gold = {r.doc_id: r.gold for r in rows}
    paths = [args.corpus / f"{r.doc_id}.txt" for r in rows]
    kinds: dict[str, dict[str, str]] = {
        "shipped": {r.doc_id: pipeline_kind(r) for r in rows},
        "rules": {r.doc_id: r.rules for r in rows},
        "gold": gold,
    }
    if "loo" in modes:
        kinds["loo"] = loo_kinds(rows)
    golds = {
        g["id"]: g
        for g in map(json.loads, (args.corpus / "gold.jsonl").open(encoding="utf-8"))
        if g["id"] in gold
    }
    if args.matrix:
        matrix(paths, golds, gold)
        return
    for mode in modes:
        chosen = kinds[mode]
        found = scores(golds, extract_as(paths, None if mode == "shipped" else chosen))
        right = sum(chosen[d] == gold[d] for d in gold)
        wrong = Counter(f"{gold[d]}->{chosen[d]}" for d in gold if chosen[d] != gold[d])
        if args.json:
            print(
                json.dumps(
                    {"mode": mode, "kind_right": right, "docs": len(gold), "scores": found, "wrong": wrong}
                )
            )
            continue
        figures = " ".join(f"{f} {found[f]['f1']:.3f}" for f in FIELDS)
        extra = f"(measures R {found['measures']['r']:.3f}, progress P {found['progress']['p']:.3f} R {found['progress']['r']:.3f})"
        print(f"{mode:8} kind {right}/{len(gold)}  {figures} {extra}")
        print(f"{'':8} misread: {dict(wrong.most_common())}")


if __name__ == "__main__":
    main()
