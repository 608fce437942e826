"""Cross-validated ablation on a gold corpus: rules / model only / merged, k folds by document.

    python -m duban.extractors.training.crossval --out /tmp/cv [--k 3] [--generated 1000] [--fold I ...]
        [--vectors DIR] [--seed N]

The documents are split into k folds (seeded shuffle); for each fold a model is trained on the
gold segments of the other folds (`real_gold`) and run on the fold's documents, so every
document is predicted by a model that never saw it. The predictions of all folds are pooled and
scored by the shared scorer, exactly like `duban extract` output. The fold models stay in
`--out` so the merge gate can be retuned on these held-out predictions (`--min-score`) without
training again (fold models found in `--out` are reused).
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban.base.model import Document
from duban.extractors.extraction import Extraction, Extractor
from duban.extractors.registry import Extractors, get_extractors
from duban.extractors.spacy_extractor import SpacyExtractor, load_model
from duban.extractors.training.generate import SEED, training_samples
from duban.extractors.training.real_gold import gold_samples, load_gold
from duban.extractors.training.samples import Sample
from duban.extractors.training.train import EPOCHS, GOLD_DIR, train_pipeline
from duban.pipeline.extract import build_document
from duban.pipeline.loaders import load

log = logging.getLogger(__name__)

SCORER = GOLD_DIR.parents[1] / "tools" / "score.py"
KINDS = ("measures", "units", "deadlines")


def folds(doc_ids: list[str], k: int, seed: int = SEED) -> list[list[str]]:
    """k folds of documents: a seeded shuffle dealt round-robin, so sizes differ by at most one."""
    ids = sorted(doc_ids)
    random.Random(seed).shuffle(ids)
    return [sorted(ids[i::k]) for i in range(k)]


def train_folds(
    corpus: Path,
    k: int,
    out: Path,
    generated: int = 0,
    epochs: int = EPOCHS,
    only: list[int] | None = None,
    vectors: Path | None = None,
    seed: int = SEED,
) -> tuple[list[list[str]], list[Path]]:
    """Train one model per fold on the other folds' gold segments (plus generated ones); fold
    models already in `out` are kept (so folds can be trained by separate processes, `--fold`).
    `seed` is the training's only (initial weights, batches): the folds and the generated
    segments stay those of `SEED`, so runs with several seeds show how much of a difference
    between two settings is the training's noise."""
    split = folds(list(load_gold(corpus)), k)
    models = [out / f"fold{i}" for i in range(k)]
    todo = [i for i in (range(k) if only is None else only) if not (models[i] / "config.cfg").exists()]
    if not todo:
        return split, models
    samples = gold_samples(corpus)
    extra: list[Sample] = list(training_samples(generated, SEED)) if generated else []
    for i in todo:
        held = set(split[i])
        train: list[Sample] = [s for s in samples if s.doc_id not in held]
        facts = train_pipeline([*train, *extra], models[i], seed, epochs, vectors)
        log.info("fold %d: %d segments, %.0f s", i, facts["train_segments"], facts["seconds"])
    return split, models


@dataclass
class _MemoNlp:
    """A loaded pipeline that remembers what it parsed: the ablation's rows read the same texts."""

    nlp: Any
    seen: dict[str, Any] = field(default_factory=dict)

    def pipe(self, texts: Sequence[str], batch_size: int = 64, **_: Any) -> list[Any]:
        fresh = [t for t in dict.fromkeys(texts) if t not in self.seen]
        self.seen.update(zip(fresh, self.nlp.pipe(fresh, batch_size=batch_size), strict=True))
        return [self.seen[t] for t in texts]


_MEMOS: dict[Path, _MemoNlp] = {}


@dataclass
class _FoldModel(SpacyExtractor):
    """The extractor with the fold's model behind a memo (same results, parsed once)."""

    @property
    def nlp(self) -> Any:
        if self.path not in _MEMOS:
            _MEMOS[self.path] = _MemoNlp(load_model(str(self.path)))
        return _MEMOS[self.path]


@dataclass
class _CachedRules:
    """The rules' extraction of each document, computed once (the rules do not depend on the fold);
    each run gets its own copy, since the model may withdraw prose measures from it."""

    name: str = "rules"
    found: dict[str, Extraction] = field(default_factory=dict)

    def extract(self, doc: Document, earlier: Sequence[Extraction] = ()) -> Extraction:
        if doc.source not in self.found:
            self.found[doc.source] = get_extractors(("rules",)).members[0].extract(doc, earlier)
        return copy.deepcopy(self.found[doc.source])


@dataclass(frozen=True)
class Merge:
    """The merge decisions the model makes in `rules,spacy` (see `SpacyExtractor`)."""

    veto: float = 0.0
    propose: bool = True
    carriers: bool = True
    subject_gate: bool = True
    carrier_deadlines: bool = False
    opening_filter: bool = True
    spares_dated: bool = False
    spares_owned: bool = False

    def label(self) -> str:
        parts = [f"veto < {self.veto}" if self.veto else "no veto"]
        parts += [] if self.propose else ["no proposals"]
        parts += [] if self.carriers else ["no units added"]
        parts += [] if self.subject_gate else ["score gate"]
        parts += ["model deadlines"] if self.carrier_deadlines else []
        parts += [] if self.opening_filter else ["whole segments read"]
        parts += ["dated spared"] if self.spares_dated else []
        parts += ["owned spared"] if self.spares_owned else []
        return "merged, " + ", ".join(parts)


GRID = (
    *(Merge(veto=v) for v in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)),
    *(Merge(veto=v, propose=False) for v in (0.3, 0.5)),
    *(Merge(veto=v, carriers=False) for v in (0.3, 0.5)),
    *(Merge(veto=v, propose=False, carriers=False) for v in (0.3, 0.5)),
    Merge(veto=0.3, opening_filter=False),
    *(Merge(veto=v, propose=False, spares_dated=True) for v in (0.1, 0.2, 0.3, 0.5)),
    *(Merge(veto=v, propose=False, spares_dated=True, spares_owned=True) for v in (0.1, 0.2, 0.3, 0.5)),
    *(Merge(veto=v, propose=False) for v in (0.05, 0.1)),
    Merge(propose=False),
    *(Merge(veto=v, propose=False, carriers=False, spares_dated=True) for v in (0.1, 0.2)),
)
# The decisions `SpacyExtractor` ships with (chosen on this grid).
SHIPPED = Merge(veto=0.2, propose=False, carriers=False, spares_dated=True)


def configurations(min_score: float) -> dict[str, Callable[[Path], list[Extractor]]]:
    """The ablation's rows, each a function of the fold's model folder."""
    cached = _CachedRules()

    def rules(_: Path) -> list[Extractor]:
        return [cached]

    def model_only(path: Path) -> list[Extractor]:
        return [_FoldModel(path=path, min_score=min_score, complement=False, name="spacy-only")]

    def merged(merge: Merge) -> Callable[[Path], list[Extractor]]:
        def make(path: Path) -> list[Extractor]:
            model = _FoldModel(
                path=path,
                min_score=min_score,
                veto=merge.veto,
                propose=merge.propose,
                carriers=merge.carriers,
                subject_gate=merge.subject_gate,
                carrier_deadlines=merge.carrier_deadlines,
                opening_filter=merge.opening_filter,
                veto_spares_dated=merge.spares_dated,
                veto_spares_owned=merge.spares_owned,
            )
            return [cached, model]

        return make

    return {"rules": rules, "model only": model_only, **{m.label(): merged(m) for m in GRID}}


def predict(
    docs: dict[str, Document],
    held: list[str],
    model: Path,
    make: Callable[[Path], list[Extractor]],
) -> list[str]:
    """JSON Lines for the documents of one fold, by the model that did not see them."""
    chosen = Extractors(make(model))
    lines = []
    for doc_id in held:
        doc = copy.deepcopy(docs[doc_id])
        chosen.run(doc)
        lines.append(json.dumps(doc.to_json(), ensure_ascii=False))
    return lines


def score(gold: Path, lines: list[str], doc_ids: list[str]) -> dict[str, Any]:
    """The shared scorer's JSON over the predictions of `doc_ids`, against their gold only."""
    keep = set(doc_ids)
    gold_lines = [
        line
        for line in (gold / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line)["id"] in keep
    ]
    with tempfile.TemporaryDirectory(prefix="duban-cv-") as tmp:
        gold_file, pred_file = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        gold_file.write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
        pred_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(gold_file), "--pred", str(pred_file), "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def pooled(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Scores over all folds together: the folds' counts summed (each document is in one fold)."""
    out: dict[str, Any] = {}
    for kind in KINDS:
        tp, fp, fn = (sum(r[kind][k] for r in results) for k in ("tp", "fp", "fn"))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
    return out


def _row(name: str, result: dict[str, Any]) -> str:
    cells = []
    for kind in KINDS:
        got = result[kind]
        cells.append(f"{got['precision']:.3f} / {got['recall']:.3f} / **{got['f1']:.3f}**")
    return f"| {name} | " + " | ".join(cells) + " |"


def _fold_row(name: str, folds_: list[dict[str, Any]], rules: list[dict[str, Any]] | None) -> str:
    """F1 of measures / units / deadlines per fold; with the rules' row given, the difference too."""
    cells = []
    for i, got in enumerate(folds_):
        f1 = [got[kind]["f1"] for kind in KINDS]
        cell = " / ".join(f"{x:.3f}" for x in f1)
        if rules is not None:
            delta = [x - rules[i][kind]["f1"] for x, kind in zip(f1, KINDS, strict=True)]
            cell += " (" + " ".join(f"{d:+.3f}" for d in delta) + ")"
        cells.append(cell)
    return f"| {name} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--generated", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--min-score", type=float, nargs="+", default=[0.5])
    ap.add_argument(
        "--configs",
        nargs="+",
        default=["rules", *(m.label() for m in GRID)],
        help="rows to run, by name: rules, model only, or a merge of GRID (see its labels)",
    )
    ap.add_argument("--fold", type=int, nargs="*", help="train only these folds, then stop")
    ap.add_argument("--vectors", type=Path, default=None, help="static vectors for the tok2vec")
    ap.add_argument(
        "--seed", type=int, default=SEED, help="training seed (folds and generated data keep theirs)"
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    split, models = train_folds(
        args.gold, args.k, args.out, args.generated, args.epochs, args.fold, args.vectors, args.seed
    )
    if args.fold is not None:
        return 0
    docs = {
        d: build_document(load(args.gold / f"{d}.txt", str(args.gold / f"{d}.txt"))) for f in split for d in f
    }
    pooled_rows, fold_rows = [], []
    rules_folds: list[dict[str, Any]] | None = None
    for min_score in args.min_score:
        rows = configurations(min_score)
        for name in args.configs:
            if name == "rules" and min_score != args.min_score[0]:
                continue
            per_fold = [
                score(args.gold, predict(docs, held, model, rows[name]), held)
                for held, model in zip(split, models, strict=True)
            ]
            if name == "rules":
                rules_folds = per_fold
            label = name if name == "rules" else f"{name} (≥ {min_score})"
            pooled_rows.append(_row(label, pooled(per_fold)))
            fold_rows.append(
                _fold_row(
                    label,
                    [*per_fold, pooled(per_fold)],
                    None if name == "rules" else rules_folds and [*rules_folds, pooled(rules_folds)],
                )
            )
            log.info("%s", pooled_rows[-1])
    print("| configuration | measures P / R / F1 | units P / R / F1 | deadlines P / R / F1 |")
    print("| --- | --- | --- | --- |")
    print("\n".join(pooled_rows))
    print()
    heads = [f"fold {i}" for i in range(len(split))] + ["pooled"]
    print("| configuration (F1 measures / units / deadlines, and − rules) | " + " | ".join(heads) + " |")
    print("| --- |" + " --- |" * len(heads))
    print("\n".join(fold_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
