"""Static word vectors from the unlabelled real corpus, for the tok2vec (`train --vectors DIR`).

    python -m duban.extractors.training.vectors --out /tmp/vectors [--method ppmi|floret]
        [--corpus ../shared/corpus/real/docs.jsonl.gz] [--tokens FILE]

The corpus is cut with the model's own tokenizer (jieba without HMM, unit lexicon as user
dictionary), so every vector belongs to a token the model will see. Two methods:

- `ppmi` (numpy only): the `--rows` most frequent tokens get a vector: positive pointwise mutual
  information of their co-occurrence within a window of `--window` tokens (weighted 1/distance,
  context counts smoothed by ^0.75), reduced to `--width` dimensions by a seeded randomised SVD
  (U·√S, rows L2-normalised). The count-based equivalent of word2vec, deterministic, a few
  minutes on two cores. A token outside the rows has no vector.
- `floret` (fastText with hashed subwords; in the `dev` extra, needed only here): CBOW over the
  same tokens; a word and its character n-grams (`--minn`..`--maxn`) share `--buckets` hashed rows,
  so a token the corpus never had (a unit name of the user dictionary) still gets a vector from
  its characters (`县林草局` from `县林`, `林草`, `草局`, `局` …). The table's size is fixed by the buckets, not the vocabulary.
  Threads make it nondeterministic in the last digits.

The result is saved as a blank spaCy `zh` pipeline folder for `[initialize] vectors`, with a
`vectors.json` of the facts. `--tokens FILE` keeps the tokenised corpus (one line a line, tokens
separated by spaces) so that further runs skip jieba.
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
from typing import Any

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


def tokenised(corpus: Path, tokens: Path | None = None, limit: int = 0) -> Iterator[list[str]]:
    """The corpus's token lines (its first `limit` documents' if given); with `tokens`, read from
    that file, which is written first if it does not exist yet and read as it is once it does."""
    if tokens is None:
        yield from token_lines(corpus, limit)
        return
    if not tokens.exists():
        tokens.parent.mkdir(parents=True, exist_ok=True)
        partial = tokens.with_name(tokens.name + ".part")
        with partial.open("w", encoding="utf-8") as fh:
            for cut in token_lines(corpus, limit):
                fh.write(" ".join(cut) + "\n")
        partial.replace(tokens)
    with tokens.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.split()


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
    out: Path,
    corpus: Path = REAL,
    rows: int = 10000,
    width: int = 64,
    window: int = 3,
    limit: int = 0,
    tokens: Path | None = None,
) -> dict[str, Any]:
    """PPMI-SVD vectors of the `rows` most frequent tokens, saved in a blank spaCy `zh` pipeline at `out`."""
    import spacy

    started = time.perf_counter()
    lines = list(tokenised(corpus, tokens, limit))
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
    facts: dict[str, Any] = {
        "method": "ppmi",
        "tokens": sum(freq.values()),
        "rows": len(vocab),
        "width": width,
        "window": window,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / "vectors.json").write_text(json.dumps(facts) + "\n", encoding="utf-8")
    return facts


def build_floret(
    out: Path,
    corpus: Path = REAL,
    buckets: int = 20000,
    width: int = 64,
    minn: int = 1,
    maxn: int = 3,
    epochs: int = 5,
    window: int = 5,
    hash_count: int = 2,
    limit: int = 0,
    tokens: Path | None = None,
    threads: int = 2,
) -> dict[str, Any]:
    """floret (CBOW, hashed subwords) vectors, saved in a blank spaCy `zh` pipeline at `out`."""
    try:
        import floret
    except ImportError as exc:
        raise SystemExit("训练 floret 词向量需要 floret 包：pip install floret（仅训练时需要）") from exc
    import tempfile

    import spacy
    from spacy.training.initialize import convert_vectors

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="duban-floret-") as tmp:
        source = tokens if tokens is not None else Path(tmp) / "tokens.txt"
        lines = sum(1 for _ in tokenised(corpus, source, limit))
        log.info("%d lines; %.0f s", lines, time.perf_counter() - started)
        model = floret.train_unsupervised(
            str(source),
            model="cbow",
            mode="floret",
            dim=width,
            bucket=buckets,
            minn=minn,
            maxn=maxn,
            hashCount=hash_count,
            epoch=epochs,
            ws=window,
            minCount=5,
            thread=threads,
            verbose=0,
        )
        words = len(model.words)
        table = Path(tmp) / "vectors.floret"
        model.save_floret_vectors(str(table))
        nlp = spacy.blank("zh")
        convert_vectors(nlp, table, truncate=0, prune=-1, mode="floret")
    nlp.to_disk(out)
    facts: dict[str, Any] = {
        "method": "floret",
        "lines": lines,
        "words_seen": words,
        "buckets": buckets,
        "width": width,
        "minn": minn,
        "maxn": maxn,
        "hash_count": hash_count,
        "epochs": epochs,
        "window": window,
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / "vectors.json").write_text(json.dumps(facts) + "\n", encoding="utf-8")
    return facts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--method", choices=("ppmi", "floret"), default="ppmi")
    ap.add_argument("--corpus", type=Path, default=REAL)
    ap.add_argument("--tokens", type=Path, default=None, help="tokenised corpus, written once and reused")
    ap.add_argument("--rows", type=int, default=10000, help="ppmi: how many tokens get a vector")
    ap.add_argument("--buckets", type=int, default=20000, help="floret: rows of the hashed table")
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--window", type=int, default=None, help="context window (ppmi 3, floret 5)")
    ap.add_argument("--minn", type=int, default=1, help="floret: shortest character n-gram")
    ap.add_argument("--maxn", type=int, default=3, help="floret: longest character n-gram")
    ap.add_argument("--epochs", type=int, default=5, help="floret: passes over the corpus")
    ap.add_argument("--limit", type=int, default=0, help="read only the first N documents")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.method == "floret":
        facts = build_floret(
            args.out,
            args.corpus,
            args.buckets,
            args.width,
            args.minn,
            args.maxn,
            args.epochs,
            args.window or 5,
            limit=args.limit,
            tokens=args.tokens,
        )
    else:
        facts = build_vectors(
            args.out, args.corpus, args.rows, args.width, args.window or 3, args.limit, args.tokens
        )
    log.info("%s", facts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
