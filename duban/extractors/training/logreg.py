"""What the learned decisions' training shares: the gold and the scorer it is judged by, the
seeded deal of documents into folds, and the logistic regression itself.

The prose decision (`prose_train`) and the progress decision (`progress_train`) are trained the
same way on different candidates; keeping these pieces in one place keeps their cross-validation
comparable (same folds, same optimiser) and lets neither import the other's internals.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import pickle
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from duban.extractors.prose_model import BUCKETS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from duban.base.model import Document

log = logging.getLogger(__name__)

GOLD_DIR = Path(__file__).resolve().parents[4] / "shared" / "corpus" / "dev"
SCORER = GOLD_DIR.parents[1] / "tools" / "score.py"
SEED = 20240607


def gold_records(corpus: Path) -> list[dict[str, Any]]:
    """The gold records of a corpus folder (`gold.jsonl`, one document a line)."""
    with (corpus / "gold.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def gold_documents(corpus: Path, field: str | None = None) -> Iterator[tuple[dict[str, Any], Document]]:
    """Each gold record of `corpus` (that has `field`, if given) with its text built as `duban
    extract` builds it; a record without a text file is logged and skipped."""
    from duban.pipeline.extract import build_document
    from duban.pipeline.loaders import load

    for gold in gold_records(corpus):
        if field is not None and field not in gold:
            continue
        path = corpus / f"{gold['id']}.txt"
        if not path.exists():
            log.warning("no text for %s", gold["id"])
            continue
        yield gold, build_document(load(path, str(path)))


def deal_folds(doc_ids: list[str], k: int) -> dict[str, int]:
    """Each document's fold: the ids sorted, shuffled with the fixed seed, dealt round-robin."""
    ids = sorted(doc_ids)
    random.Random(SEED).shuffle(ids)
    return {doc_id: i % k for i, doc_id in enumerate(ids)}


def load_scorer() -> ModuleType:
    """The shared scorer, imported from its file (it is not a package)."""
    if "duban_score" in sys.modules:
        return sys.modules["duban_score"]
    spec = importlib.util.spec_from_file_location("duban_score", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["duban_score"] = module
    spec.loader.exec_module(module)
    # A sweep scores the same gold and predicted texts against each other again and again.
    module.__dict__["shared_chars"] = functools.lru_cache(maxsize=1 << 20)(module.__dict__["shared_chars"])
    return module


def train(
    rows: list[list[int]], labels: list[int], l2: float = 1e-4, epochs: int = 300, rate: float = 0.05
) -> tuple[np.ndarray, float]:
    """Logistic regression over binary hashed features, full-batch Adam with L2 (numpy only)."""
    n = len(rows)
    row_of = np.concatenate([np.full(len(r), i, dtype=np.int64) for i, r in enumerate(rows)])
    col = np.concatenate([np.asarray(r, dtype=np.int64) for r in rows])
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros(BUCKETS)
    b = 0.0
    m_w = np.zeros(BUCKETS)
    v_w = np.zeros(BUCKETS)
    m_b = v_b = 0.0
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        z = np.bincount(row_of, weights=w[col], minlength=n) + b
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        err = (p - y) / n
        g_w = np.bincount(col, weights=err[row_of], minlength=BUCKETS) + l2 * w
        g_b = float(err.sum())
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w * g_w
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b * g_b
        w -= rate * (m_w / (1 - beta1**t)) / (np.sqrt(v_w / (1 - beta2**t)) + eps)
        b -= rate * (m_b / (1 - beta1**t)) / (np.sqrt(v_b / (1 - beta2**t)) + eps)
    return w, b


class LabelledRow(Protocol):
    """A training row: its hashed features and its label (None: left out of training)."""

    @property
    def features(self) -> list[int]: ...

    @property
    def label(self) -> int | None: ...


class LabelledDoc(Protocol):
    """A gold document's training rows, dealt into folds by its id."""

    @property
    def doc_id(self) -> str: ...

    @property
    def rows(self) -> Sequence[LabelledRow]: ...


def fit_rows(
    docs: Sequence[LabelledDoc], l2: float, epochs: int, copies: Callable[[LabelledDoc], int] | None = None
) -> tuple[np.ndarray, float]:
    """A model trained on the labelled rows of `docs`, each document's `copies` times (1 when not
    given; 0 leaves it out: a source scored but not trained on, or weighed against another)."""
    chosen = [
        r for d in docs for _ in range(copies(d) if copies else 1) for r in d.rows if r.label is not None
    ]
    return train([r.features for r in chosen], [int(r.label or 0) for r in chosen], l2=l2, epochs=epochs)


def held_out_scores(
    docs: Sequence[LabelledDoc],
    k: int,
    l2: float,
    epochs: int,
    copies: Callable[[LabelledDoc], int] | None = None,
) -> dict[str, list[float]]:
    """Each row's score by a model trained on the other folds (documents dealt in k folds; each
    trained on `copies` times, as `fit_rows`)."""
    fold_of = deal_folds([d.doc_id for d in docs], k)
    scores: dict[str, list[float]] = {}
    for fold in range(k):
        w, b = fit_rows([d for d in docs if fold_of[d.doc_id] != fold], l2, epochs, copies)
        for d in docs:
            if fold_of[d.doc_id] == fold:
                scores[d.doc_id] = [
                    float(1 / (1 + np.exp(-(b + float(w[r.features].sum()))))) for r in d.rows
                ]
    return scores


_T = TypeVar("_T")


def cached(cache: Path | None, read: Callable[[], _T]) -> _T:
    """What `read()` gives, or what an earlier run pickled into `cache` (written on the first run):
    reading the dev gold through the extractors takes a minute, the fits that follow seconds."""
    if cache is not None and cache.exists():
        found: _T = pickle.loads(cache.read_bytes())
        return found
    value = read()
    if cache is not None:
        cache.write_bytes(pickle.dumps(value))
    return value
