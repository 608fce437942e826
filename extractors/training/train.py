"""Rebuild the shipped model from the repository: generate data, train with fixed seeds, save.

    python -m extractors.training.train [--out extractors/models/duban_zh] [--samples 6000]

Nothing is downloaded: the data come from `generate` and `hard_cases`, the tokenizer's
dictionary from `rules/lexicons/units.txt`, the architecture from `config.cfg`. The trained
pipeline is written with `nlp.to_disk`, with a `training.json` that records what went in.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from extractors.training.generate import SEED, dev_samples, training_samples
from extractors.training.samples import Sample

CONFIG = Path(__file__).with_name("config.cfg")
MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "duban_zh"
MEASURE = "MEASURE"
OTHER = "OTHER"


def to_docbin(samples: list[Sample], nlp: Any) -> tuple[Any, int]:
    """Samples as a DocBin; spans that cut a token are marked missing, not wrong. Returns the
    DocBin and how many spans had to be marked so."""
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


def train_model(
    out: Path = MODEL_DIR, samples: int = 6000, seed: int = SEED, epochs: int = 5
) -> dict[str, Any]:
    """Train the pipeline and save it to `out`; returns the facts written to training.json."""
    import spacy
    from spacy.cli.train import train as spacy_train
    from thinc.api import fix_random_seed

    import extractors.training.tokenizer  # noqa: F401  (registers duban.jieba_tokenizer.v1)

    os.environ.setdefault("OMP_NUM_THREADS", "2")
    fix_random_seed(seed)
    started = time.perf_counter()
    config = spacy.util.load_config(CONFIG)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True)
    train = training_samples(samples, seed)
    dev = dev_samples(seed=seed + 1)
    with tempfile.TemporaryDirectory(prefix="duban-train-") as tmp:
        work = Path(tmp)
        train_db, bad_train = to_docbin(train, nlp)
        dev_db, _ = to_docbin(dev, nlp)
        train_db.to_disk(work / "train.spacy")
        dev_db.to_disk(work / "dev.spacy")
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "system.seed": seed,
            "training.max_epochs": epochs,
        }
        spacy_train(CONFIG, work / "output", overrides=overrides, use_gpu=-1)
        best = work / "output" / "model-best"
        trained = spacy.load(best)
        scores = trained.meta.get("performance", {})
        if out.exists():
            shutil.rmtree(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        trained.meta["name"] = "duban_zh"
        trained.meta["description"] = (
            "duban: UNIT/DEADLINE NER and MEASURE textcat, trained on generated data"
        )
        trained.meta["license"] = "Apache-2.0"
        trained.to_disk(out)
        _forget_temporary_paths(out / "config.cfg")
    facts = {
        "seed": seed,
        "samples_generated": samples,
        "train_segments": len(train),
        "train_measures": sum(s.measure for s in train),
        "train_spans": sum(len(s.spans) for s in train),
        "spans_misaligned_with_tokens": bad_train,
        "dev_segments": len(dev),
        "epochs": epochs,
        "seconds": round(time.perf_counter() - started, 1),
        "dev_scores": {k: v for k, v in scores.items() if isinstance(v, float)},
        "size_bytes": sum(f.stat().st_size for f in out.rglob("*") if f.is_file()),
    }
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
    config.to_disk(config_file)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Rebuild the shipped duban spaCy model.")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--samples", type=int, default=6000)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--epochs", type=int, default=5)
    args = ap.parse_args(argv)
    facts = train_model(args.out, args.samples, args.seed, args.epochs)
    print(json.dumps(facts, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
