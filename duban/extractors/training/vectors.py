"""Static word vectors from the unlabelled real corpus, with numpy only (no gensim, no fastText).

    python -m duban.extractors.training.vectors --out /tmp/vectors [--corpus ../shared/corpus/real/docs.jsonl.gz]

The corpus is cut with the model's own tokenizer (jieba without HMM, unit lexicon as user
dictionary), so every vector belongs to a token the model will see. The `--rows` most frequent
tokens get a vector: positive pointwise mutual information of their co-occurrence within a
window of `--window` tokens (weighted 1/distance, context counts smoothed by ^0.75), reduced to
`--width` dimensions by a seeded randomised SVD (U·√S, rows L2-normalised). This is the count-based
equivalent of word2vec, deterministic and a few minutes on two cores. The result is saved as a
blank spaCy `zh` pipeline folder for `[initialize] vectors` (`train --vectors DIR`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from duban.extractors.jieba_tokenizer import JiebaTokenizer, default_lexicon, read_user_dict
from duban.extractors.training.generate import SEED

log = logging.getLogger(__name__)

REAL = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "real" / "docs.jsonl.gz"


def token_lines(corpus: Path, limit: int = 0) -> Iterator[list[str]]:
    """Each line of each document of the corpus, cut into tokens (white space dropped)."""
    from spacy.vocab import Vocab

    cutter = JiebaTokenizer(Vocab(), read_user_dict(default_lexicon())).segmenter
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit and n >= limit:
                break
            for text in json.loads(line).get("text", "").splitlines():
                tokens = [t for t in cutter.cut(text, HMM=False) if not t.isspace()]
                if tokens:
                    yield tokens


def cooccurrence(lines: list[list[int]], rows: int, window: int) -> np.ndarray:
    """Symmetric co-occurrence counts of the `rows` most frequent tokens, weighted 1/distance."""
    counts = np.zeros((rows, rows), dtype=np.float32)
    ids = np.concatenate([np.asarray([*line, -1], dtype=np.int64) for line in lines])
    for d in range(1, window + 1):
        a, b = ids[:-d], ids[d:]
        keep = (a >= 0) & (b >= 0) & (a < rows) & (b < rows)
        # a line break (-1) between two tokens ends the window: drop pairs that span one
        if d > 1:
            breaks = np.cumsum(ids < 0)
            keep &= breaks[d:] - breaks[:-d] == 0
        flat = a[keep] * rows + b[keep]
        counts += (np.bincount(flat, minlength=rows * rows).reshape(rows, rows) / d).astype(np.float32)
    return counts + counts.T


def ppmi_svd(counts: np.ndarray, width: int, seed: int = SEED) -> np.ndarray:
    """PPMI of a co-occurrence matrix reduced by a randomised SVD (Halko et al., 2 power steps)."""
    total = counts.sum()
    words = counts.sum(axis=1)
    contexts = counts.sum(axis=0) ** 0.75
    contexts /= contexts.sum()
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * (1.0 / total)) - np.log(words / total)[:, None] - np.log(contexts)[None, :]
    ppmi = np.maximum(pmi, 0).astype(np.float32)
    rng = np.random.default_rng(seed)
    basis = ppmi @ rng.standard_normal((ppmi.shape[1], width + 16)).astype(np.float32)
    for _ in range(2):
        basis, _r = np.linalg.qr(basis)
        basis = ppmi @ (ppmi.T @ basis)
    basis, _r = np.linalg.qr(basis)
    u, s, _vt = np.linalg.svd(basis.T @ ppmi, full_matrices=False)
    vectors = (basis @ u[:, :width]) * np.sqrt(s[:width])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-8)).astype(np.float32)


def build_vectors(
    out: Path, corpus: Path = REAL, rows: int = 10000, width: int = 64, window: int = 3, limit: int = 0
) -> dict[str, float]:
    """Train the vectors and save them in a blank spaCy `zh` pipeline at `out`."""
    import spacy

    started = time.perf_counter()
    lines = list(token_lines(corpus, limit))
    freq = Counter(t for line in lines for t in line)
    vocab = [w for w, _ in freq.most_common(rows)]
    index = {w: i for i, w in enumerate(vocab)}
    ids = [[index.get(t, rows) for t in line] for line in lines]
    log.info(
        "%d lines, %d tokens, %d types; %.0f s",
        len(lines),
        sum(freq.values()),
        len(freq),
        time.perf_counter() - started,
    )
    vectors = ppmi_svd(cooccurrence(ids, len(vocab), window), width)
    nlp = spacy.blank("zh")
    nlp.vocab.reset_vectors(width=width)
    for word, vector in zip(vocab, vectors, strict=True):
        nlp.vocab.set_vector(word, vector)
    nlp.to_disk(out)
    facts = {
        "tokens": float(sum(freq.values())),
        "rows": float(len(vocab)),
        "width": float(width),
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / "vectors.json").write_text(json.dumps(facts) + "\n", encoding="utf-8")
    return facts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=REAL)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--window", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="read only the first N documents")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.info("%s", build_vectors(args.out, args.corpus, args.rows, args.width, args.window, args.limit))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
