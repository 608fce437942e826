"""Train the spaCy pipeline on the real gold (and optionally generated data) and save it.

    python -m duban.extractors.training.train --out DIR [--gold ../shared/corpus/dev] [--generated 1000]

The training segments come from a gold-annotated corpus read at training time
(`real_gold.gold_samples`: the extractor's own segments, labelled by the scorer's overlap rule);
`--generated N` mixes in N segments from `generate` and `hard_cases`. The tokenizer's dictionary
comes from `rules/lexicons/units.txt`, the architecture from `config.cfg`. The pipeline is saved
with `nlp.to_disk` to the folder given (never to the shipped model unless asked to), with a
`training.json` that records what went in. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from duban.extractors.training.generate import SEED, training_samples
from duban.extractors.training.real_gold import GoldSample, gold_samples
from duban.extractors.training.samples import Sample

log = logging.getLogger(__name__)

CONFIG = Path(__file__).with_name("config.cfg")
GOLD_DIR = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "dev"
MEASURE = "MEASURE"
OTHER = "OTHER"
EPOCHS = 3
# Generated segments mixed into the gold: they give the NER the unit and deadline shapes the gold has
# few of (see extractors/models/README.md for the ablation).
GENERATED = 1000


def to_docbin(samples: Sequence[Sample], nlp: Any) -> tuple[Any, int]:
    """Samples as a DocBin; spans that cut a token, and a gold sample's unknown spans, are
    marked missing, not wrong. Returns the DocBin and how many labelled spans cut a token."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    misaligned = 0
    for sample in samples:
        doc = nlp.make_doc(sample.text)
        ents = []
        missing = []
        for start, end, label in sample.spans:
            span = doc.char_span(start, end, label=label)
            if span is None:
                misaligned += 1
                wide = doc.char_span(start, end, alignment_mode="expand")
                if wide is not None:
                    missing.append(wide)
                continue
            ents.append(span)
        for start, end in getattr(sample, "missing", []):
            wide = doc.char_span(start, end, alignment_mode="expand")
            if wide is not None:
                missing.append(wide)
        ents = _no_overlap(ents)
        missing = [m for m in missing if all(m.end <= e.start or e.end <= m.start for e in ents)]
        doc.set_ents(ents, missing=_no_overlap(missing), default="outside")
        doc.cats = {MEASURE: float(sample.measure), OTHER: float(not sample.measure)}
        db.add(doc)
    return db, misaligned


def _no_overlap(spans: list[Any]) -> list[Any]:
    out: list[Any] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if not out or span.start >= out[-1].end:
            out.append(span)
    return out


def train_pipeline(
    train: Sequence[Sample], out: Path, seed: int = SEED, epochs: int = EPOCHS, vectors: Path | None = None
) -> dict[str, Any]:
    """Train on `train` for a fixed number of epochs and save the last model to `out`.

    A tenth of the samples (by a seeded shuffle) is spaCy's dev set, which its trainer requires:
    it is only logged, and the last epoch is kept, because choosing a checkpoint on part of the
    training gold would make the cross-validated figures depend on that choice. Judge a model by
    `crossval`, not by that log."""
    import spacy
    from spacy.cli.train import train as spacy_train
    from thinc.api import fix_random_seed

    import duban.extractors.jieba_tokenizer  # noqa: F401  (registers duban.jieba_tokenizer.v1)

    os.environ.setdefault("OMP_NUM_THREADS", "2")
    fix_random_seed(seed)
    started = time.perf_counter()
    config = spacy.util.load_config(CONFIG)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    shuffled = list(train)
    random.Random(seed).shuffle(shuffled)
    dev = shuffled[: max(1, len(shuffled) // 10)]
    with tempfile.TemporaryDirectory(prefix="duban-train-") as tmp:
        work = Path(tmp)
        train_db, bad_train = to_docbin(shuffled, nlp)
        dev_db, _ = to_docbin(dev, nlp)
        train_db.to_disk(work / "train.spacy")
        dev_db.to_disk(work / "dev.spacy")
        overrides: dict[str, Any] = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "system.seed": seed,
            "training.max_epochs": epochs,
        }
        if vectors is not None:
            overrides["paths.vectors"] = str(vectors)
            overrides["components.tok2vec.model.embed.include_static_vectors"] = True
        spacy_train(CONFIG, work / "output", overrides=overrides, use_gpu=-1)
        trained = spacy.load(work / "output" / "model-last")
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        trained.meta["name"] = "duban_zh"
        trained.meta["description"] = (
            "duban: UNIT/DEADLINE NER and MEASURE textcat, trained on real gold segments"
        )
        trained.meta["license"] = "Apache-2.0"
        trained.to_disk(out)
        _forget_temporary_paths(out / "config.cfg")
    return {
        "seed": seed,
        "train_segments": len(train),
        "train_measures": sum(s.measure for s in train),
        "train_spans": sum(len(s.spans) for s in train),
        "spans_misaligned_with_tokens": bad_train,
        "epochs": epochs,
        "vectors": bool(vectors),
        "seconds": round(time.perf_counter() - started, 1),
    }


def train_model(
    out: Path,
    gold: Path | None = GOLD_DIR,
    generated: int = GENERATED,
    seed: int = SEED,
    epochs: int = EPOCHS,
    vectors: Path | None = None,
) -> dict[str, Any]:
    """Build the training set (gold segments of `gold`, plus `generated` generated ones), train,
    save to `out`; returns the facts also written to `out/training.json`."""
    train: list[Sample] = []
    gold_part: list[GoldSample] = []
    if gold is not None:
        if not (gold / "gold.jsonl").exists():
            raise FileNotFoundError(f"no gold.jsonl in {gold}; pass the gold corpus with --gold")
        gold_part = gold_samples(gold)
        train.extend(gold_part)
    if generated:
        train.extend(training_samples(generated, seed))
    if not train:
        raise ValueError("nothing to train on: give a gold corpus or generated samples")
    facts = train_pipeline(train, out, seed, epochs, vectors)
    facts["gold_corpus"] = gold.name if gold is not None else None
    facts["gold_documents"] = len({s.doc_id for s in gold_part})
    facts["generated_segments"] = len(train) - len(gold_part)
    facts["size_bytes"] = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
    (out / "training.json").write_text(
        json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return facts


def _forget_temporary_paths(config_file: Path) -> None:
    """The saved config names the temporary training files; blank them so the shipped model
    does not change with the temp folder's name."""
    import spacy

    config = spacy.util.load_config(config_file)
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    config["paths"]["vectors"] = None
    config.to_disk(config_file)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the duban spaCy model.")
    ap.add_argument("--out", "-o", type=Path, required=True)
    ap.add_argument("--gold", type=Path, default=GOLD_DIR)
    ap.add_argument("--generated", type=int, default=GENERATED)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    ap.add_argument("--vectors", type=Path, default=None)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    facts = train_model(args.out, args.gold, args.generated, args.seed, args.epochs, args.vectors)
    log.info("%s", json.dumps(facts, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
