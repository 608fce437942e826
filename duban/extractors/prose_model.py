"""A learned decision for the prose sentences the measure rules leave out.

The rules are precise on the forms a task has by its layout (task-table rows, items, label
lines) and on prose that carries a cue (a modal, an action verb at its head). Plain policy prose
also states tasks without any cue (`全市范围内统一实行…`, `对符合条件的企业给予…`), and no list of
words separates those from background sentences. This module holds a logistic regression over
hashed features of such a sentence (its opening and closing characters, character bigrams, which
rule groups it matches, its block's kind and role, the reading mode of its place, whether its
neighbours are measures …) that decides whether it is a measure. `MeasureFinder` builds the
features (it owns the rules they read); this module only turns feature strings into a score.

The same score also reads the prose sentences the rules took: one whose every clause scores below
the model's `veto` (`bare_veto` for a clause under no heading) is dropped (a sentence taken for one
cue word that the rest of it contradicts), unless the model spares dated ones (`spare_dated`) and
the rules found a deadline in it.

The weights (`models/prose_lr.npz`) are learned from the real dev gold by
`extractors/training/prose_train.py`, cross-validated by document; no corpus text is stored,
only hashed weights. Scoring is a sum of looked-up weights: no dependency beyond numpy, and a few
microseconds a sentence.
"""

from __future__ import annotations

import logging
import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).parent / "models" / "prose_lr.npz"
#: Number of hash buckets (a power of two); the weight vector has this length.
BUCKETS = 1 << 18
_MASK = BUCKETS - 1


def feature_index(feature: str) -> int:
    """A feature's bucket: a stable hash (crc32), so that training and use agree across runs."""
    return zlib.crc32(feature.encode("utf-8")) & _MASK


def indices(features: Iterable[str]) -> list[int]:
    """The distinct buckets of a sentence's features (a binary feature counts once), in order.

    Hashed afresh each time, with no cache: a feature string is built anew for every sentence, so
    a cache pays Python's own hash of it and a look-up in a dict of some 100,000 features, which
    on 600 real documents cost a third more than crc32 over the UTF-8 bytes (1.5 M features)."""
    crc, mask = zlib.crc32, _MASK
    # `encode()` is UTF-8, the same bytes as `encode("utf-8")`, a sixth faster without the argument
    return sorted({crc(feature.encode()) & mask for feature in features})


@dataclass(frozen=True, eq=False)
class ProseModel:
    """Weights of the logistic regression and the score above which a sentence is a measure."""

    weights: np.ndarray
    bias: float
    threshold: float
    # Feature kinds (prefixes) the model was trained without, so it reads them never.
    drop: tuple[str, ...] = ()
    # A prose sentence the rules took is dropped when every clause of it scores below this (0: never).
    # The rules take a sentence by one cue (a modal, an action verb at its head); the model reads all
    # of it, and on unseen text a rule measure it scores very low is more often background.
    veto: float = 0.0
    # Whether a rule measure that carries a deadline is spared the veto: a time bound is itself a
    # sign of a task, and a dropped dated measure also loses its deadline (chosen on dev CV).
    spare_dated: bool = False
    # The veto of a rule measure's clause that sits under no heading at all (0: `veto`; the finder
    # keeps `veto` for reports and enumerated points). Untitled prose (minutes, notices, news-like
    # accounts) is where a cue word the rules take most often stands in background; a stricter cut
    # there leaves prose under headings, where the rules are surer, to the lighter veto (dev CV).
    bare_veto: float = 0.0

    def probability(self, features: Iterable[str]) -> float:
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def logit(self, features: Iterable[str]) -> float:
        """The score before the logistic: the bias plus the weights of the features' buckets."""
        if self.drop:
            features = [f for f in features if not f.startswith(self.drop)]
        # `np.add.reduce` of `take`: the sum `weights[...].sum()` gives, in the same order (the
        # same float32 result), without the method's Python wrapper (asked for every candidate).
        return self.bias + float(np.add.reduce(self.weights.take(indices(features))))

    def floor(self, features: Iterable[str], more: Iterable[str]) -> float:
        """The least logit `features` can have once any of the features `more` are added (each
        bucket counts once): a lower bound that spares computing `more` when it already decides."""
        if self.drop:
            features = [f for f in features if not f.startswith(self.drop)]
            more = [f for f in more if not f.startswith(self.drop)]
        present = set(indices(features))
        extra = [b for b in indices(more) if b not in present]
        negative = float(np.minimum(self.weights[extra], 0.0).sum()) if extra else 0.0
        return self.bias + float(self.weights[sorted(present)].sum()) + negative

    def buckets(self, features: Iterable[str]) -> set[int]:
        """The distinct buckets the model reads of `features` (those it drops left out): what
        `logit` sums, for a caller that adds buckets one at a time (`open_buckets`)."""
        if self.drop:
            features = [f for f in features if not f.startswith(self.drop)]
        crc, mask = zlib.crc32, _MASK
        return {crc(feature.encode()) & mask for feature in features}  # UTF-8, as `indices`

    def logit_of(self, buckets: set[int]) -> float:
        """`logit` of the features whose buckets are `buckets` (the same sum, in the same order:
        `logit` reads the sorted distinct buckets too)."""
        return self.bias + float(np.add.reduce(self.weights.take(sorted(buckets))))

    def probability_of(self, buckets: set[int]) -> float:
        """`probability` of the features whose buckets are `buckets`."""
        z = self.logit_of(buckets)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def open_buckets(self, more: Iterable[str]) -> list[tuple[float, int, tuple[str, ...]]]:
        """For a decision that may not need the features `more` (costly to compute): each bucket
        of `more` with its weight and the features of `more` that fall in it (a bucket counts
        once; a feature the model drops is left out), the heaviest first. A text's ceiling is its
        other features' logit plus the positive weights of the buckets it does not hold already;
        a bucket found empty takes its positive weight off that ceiling, one found filled its
        negative weight: a few of them often put it below a threshold that no outcome of the
        rest can then reach (`MeasureFinder._score`)."""
        names: dict[int, list[str]] = {}
        for feature in more:
            if not (self.drop and feature.startswith(self.drop)):
                names.setdefault(feature_index(feature), []).append(feature)
        weights = {bucket: float(self.weights[bucket]) for bucket in names}
        order = sorted(names, key=lambda b: -abs(weights[b]))
        return [(weights[b], b, tuple(names[b])) for b in order]

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=np.array([self.bias]),
            threshold=np.array([self.threshold]),
            drop=np.array(self.drop, dtype=str),
            veto=np.array([self.veto]),
            spare_dated=np.array([self.spare_dated]),
            bare_veto=np.array([self.bare_veto]),
        )


@lru_cache(maxsize=4)
def load_prose_model(path: Path = MODEL_PATH) -> ProseModel | None:
    """The shipped model, read once per process; None when there is none (the rules alone)."""
    if not path.exists():
        log.info("no prose model at %s: measures by rule only", path)
        return None
    with np.load(path) as data:
        weights = data["weights"].astype(np.float32)
        if len(weights) != BUCKETS:
            log.warning("prose model %s has %d buckets, expected %d: not used", path, len(weights), BUCKETS)
            return None
        drop = tuple(str(p) for p in data["drop"]) if "drop" in data else ()
        veto = float(data["veto"][0]) if "veto" in data else 0.0
        spare_dated = bool(data["spare_dated"][0]) if "spare_dated" in data else False
        bare_veto = float(data["bare_veto"][0]) if "bare_veto" in data else 0.0
        return ProseModel(
            weights, float(data["bias"][0]), float(data["threshold"][0]), drop, veto, spare_dated, bare_veto
        )
