"""Cross-validated ablation on a gold corpus: rules / model only / merged, k folds by document.

    python -m extractors.training.crossval --out /tmp/cv [--k 5] [--generated 0] [--fold I ...]

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
) -> tuple[list[list[str]], list[Path]]:
    """Train one model per fold on the other folds' gold segments (plus generated ones); fold
    models already in `out` are kept (so folds can be trained by separate processes, `--fold`)."""
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
        facts = train_pipeline([*train, *extra], models[i], SEED, epochs, vectors)
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


def configurations(min_score: float) -> dict[str, Callable[[Path], list[Extractor]]]:
    """The ablation's rows, each a function of the fold's model folder."""
    cached = _CachedRules()

    def rules(_: Path) -> list[Extractor]:
        return [cached]

    def model_only(path: Path) -> list[Extractor]:
        return [_FoldModel(path=path, min_score=min_score, complement=False, name="spacy-only")]

    def merged(
        subject_gate: bool, carrier_deadlines: bool, veto: float = 0.0, veto_read: int = 240
    ) -> Callable[[Path], list[Extractor]]:
        def make(path: Path) -> list[Extractor]:
            model = _FoldModel(
                path=path,
                min_score=min_score,
                subject_gate=subject_gate,
                carrier_deadlines=carrier_deadlines,
                veto=veto,
                veto_read=veto_read,
            )
            return [cached, model]

        return make

    return {
        "rules": rules,
        "model only": model_only,
        "merged, no veto": merged(True, False),
        "merged, no veto, model deadlines": merged(True, True),
        "merged, score gate": merged(False, False),
        "merged, score gate, model deadlines": merged(False, True),
        **{f"merged, veto < {v}": merged(True, False, v) for v in (0.1, 0.2, 0.3, 0.5)},
        **{f"merged, veto < {v}, model deadlines": merged(True, True, v) for v in (0.1, 0.2, 0.3, 0.5)},
        **{f"merged, score gate, veto < {v}": merged(False, False, v) for v in (0.1, 0.2, 0.3, 0.5)},
        **{f"merged, veto < 0.3, veto reads {n}": merged(True, False, 0.3, n) for n in (64, 96)},
    }


def predict(
    docs: dict[str, Document],
    split: list[list[str]],
    models: list[Path],
    make: Callable[[Path], list[Extractor]],
) -> list[str]:
    """JSON Lines for every document, each by the model of the fold that held it out."""
    lines = []
    for held, model in zip(split, models, strict=True):
        chosen = Extractors(make(model))
        for doc_id in held:
            doc = copy.deepcopy(docs[doc_id])
            chosen.run(doc)
            lines.append(json.dumps(doc.to_json(), ensure_ascii=False))
    return lines


def score(gold: Path, lines: list[str]) -> dict[str, Any]:
    """The shared scorer's JSON over pooled predictions."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        fh.write("\n".join(lines) + "\n")
    proc = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold / "gold.jsonl"), "--pred", fh.name, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(fh.name).unlink()
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def _row(name: str, result: dict[str, Any]) -> str:
    cells = []
    for kind in KINDS:
        got = result[kind]
        cells.append(f"{got['precision']:.3f} / {got['recall']:.3f} / **{got['f1']:.3f}**")
    return f"| {name} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--generated", type=int, default=0)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--min-score", type=float, nargs="+", default=[0.8])
    ap.add_argument(
        "--configs", nargs="+", default=["rules", "model only", "merged, no veto", "merged, veto < 0.2"]
    )
    ap.add_argument("--fold", type=int, nargs="*", help="train only these folds, then stop")
    ap.add_argument("--vectors", type=Path, default=None, help="static vectors for the tok2vec")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    split, models = train_folds(
        args.gold, args.k, args.out, args.generated, args.epochs, args.fold, args.vectors
    )
    if args.fold is not None:
        return 0
    docs = {
        d: build_document(load(args.gold / f"{d}.txt", str(args.gold / f"{d}.txt"))) for f in split for d in f
    }
    print("| configuration | measures P / R / F1 | units P / R / F1 | deadlines P / R / F1 |")
    print("| --- | --- | --- | --- |")
    for min_score in args.min_score:
        rows = configurations(min_score)
        for name in args.configs:
            if name == "rules" and min_score != args.min_score[0]:
                continue
            result = score(args.gold, predict(docs, split, models, rows[name]))
            label = name if name == "rules" else f"{name} (≥ {min_score})"
            print(_row(label, result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
