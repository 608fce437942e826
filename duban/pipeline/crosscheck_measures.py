"""Measure matching: which follower sentence speaks of each directive measure, and what it says.

Each directive measure is scored against every follower sentence by TF-IDF cosine over jieba words
(the shared analyzer of `index.analysis`), character bigrams and characters, plus a bonus when the
sentence names one of the measure's units, plus what the paraphrase model (`crosscheck_embed`)
adds when it is installed; see `MATCH_THRESHOLD` for how it was chosen. A follower paraphrases, so
no whole-sentence identity is asked for. The chosen sentence's progress statements give the
measure's status. Kept apart from linking (`crosscheck`): it runs only once a link is made.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from duban.base.stored import StoredDocument, StoredMeasure, StoredProgress
from duban.index.analysis import Analyzer, bigrams, fold, runs
from duban.index.records import measure_id as make_measure_id
from duban.pipeline.crosscheck_dates import is_statute
from duban.pipeline.crosscheck_index import about_another
from duban.pipeline.crosscheck_titlekeys import normalise_issuer
from duban.rules.ruleset import load_rule_file
from duban.rules.vocabulary import item_marker_alternation

# Chosen on the 38 labelled (measure, follower) decisions of tests/fixtures/triples/labels.json
# (16 mentioned), printed by `benchmarks/eval_crosscheck.py --threshold-sweep`. With the directive's
# theme words weighed down (THEME_WEIGHT) mentioned measures score 0.137 and up, the others 0.094
# and below, lexically and with the paraphrase model alike, so 0.115 sits in the middle of the gap
# (precision 1.0, recall 1.0; 0.10 and 0.13 still do, 0.15 loses one measure). The model's
# contribution (EMBED_FLOOR 0.92, EMBED_MARGIN 0.01, EMBED_WEIGHT 3.0) was chosen on the same
# decisions: a floor of 0.90 lets sentences on the directive's theme in (gap 0.004 to 0.04), and
# without the margin over a sentence's mean closeness to all measures a theme sentence outranks
# the one that reports on the measure.
MATCH_THRESHOLD = 0.115
UNIT_BONUS = 0.05
# Weight kept by the words of the directive's own title when matching its measures.
THEME_WEIGHT = 0.3
# The paraphrase model's cosine (multilingual-e5-small) sits near 0.85-0.90 for unrelated Chinese
# sentences and 0.95-0.99 for paraphrases, so only what it gives above EMBED_FLOOR (and above the
# sentence's mean closeness to all the measures plus EMBED_MARGIN) counts, scaled by EMBED_WEIGHT.
EMBED_FLOOR = 0.92
EMBED_WEIGHT = 3.0
EMBED_MARGIN = 0.01
EMBED_CANDIDATES = 3
EMBED_MIN_LEXICAL = 0.05
EMBED_MAX_MEASURES = 24
# The measure-matching patterns of `rules/crosscheck.yaml`.
_RULES = load_rule_file("crosscheck").require(("unit_markers", "deploy"))
_UNIT_MARKERS = _RULES.regex("unit_markers")
# The markers a measure may open with: 一、, （一）, 1., （1） (levels 3-6). An article's `第X条` shares
# level 3 with `一、` in the vocabulary but stays in the measure, as it always has (the scores of a
# statute's measures do not move).
_ITEM_MARKER = re.compile(r"^\s*" + item_marker_alternation(range(3, 7), articles=False))
_DEPLOY = _RULES.regex("deploy")
_SEGMENT_END = re.compile(r"[。；;！!？?\n]")
_MIN_SEGMENT = 6
_GENERIC = frozenset(
    [
        "会议",
        "要求",
        "强调",
        "指出",
        "明确",
        "研究",
        "部署",
        "工作",
        "进一步",
        "加强",
        "全面",
        "切实",
        "认真",
        "做好",
        "抓好",
        "落实",
        "贯彻",
        "推进",
        "开展",
        "相关",
        "有关",
        "我局",
        "全局",
        "各项",
        "确保",
        "按期",
        "完成",
        "任务",
        "情况",
        "具体",
        "负责",
        "同志",
        "一是",
        "二是",
        "三是",
    ]
)


@dataclass(frozen=True)
class MeasureMatch:
    """The follower's best sentence for one directive measure; `evidence` None when below threshold."""

    measure_id: str
    ordinal: int
    text: str
    score: float
    evidence: str | None
    start: int | None = None
    end: int | None = None
    progress: str | None = None

    @property
    def mentioned(self) -> bool:
        return self.evidence is not None


@lru_cache(maxsize=1)
def _analyzer() -> Analyzer:
    return Analyzer()


def tokens(text: str) -> tuple[str, ...]:
    """Jieba words (two characters or more, minus 公文 boilerplate), character bigrams and characters.

    Single characters carry a paraphrase that shares no word or bigram (`户厕改造` / `改厕`); IDF keeps
    the common ones (`的`, `要`) from counting. Not cached: each text is tokenised once per side it
    is part of (`_directive_side`, `_follower_view`, built once per check by `match_pairs`); a cache
    by text (65,536 texts) kept some 470 MB of token strings alive after a check of 1,500 real
    documents for 4-5% of hits (23,069 of 421,323 calls over all 5,864).
    """
    folded = fold(text)
    words = [w for w in _analyzer().words(folded) if len(w) >= 2 and w not in _GENERIC and not w.isdigit()]
    grams = ["#" + g for run in runs(folded) for g in bigrams(run) if len(g) == 2 and not g.isdigit()]
    chars = ["@" + ch for ch in folded if "\u4e00" <= ch <= "\u9fff"]
    return (*words, *grams, *chars)


def measure_core(text: str) -> str:
    """A measure without its item marker and its trailing 牵头单位/完成时限 boilerplate."""
    return _UNIT_MARKERS.sub("", _ITEM_MARKER.sub("", text)).strip()


def segments(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentences and `；` clauses of a follower, leaving out those that lie inside `skip` spans.

    A sentence that quotes the directive (`按照《…》要求，已完成…`) is kept: what it says beyond
    the quotation is evidence, and `match_measures` masks the quotation itself before scoring.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_SEGMENT_END.finditer(text), None]:
        end = m.start() if m else len(text)
        start = pos
        while start < end and text[start].isspace():
            start += 1
        if end - start >= _MIN_SEGMENT and not any(s <= start and end <= e for s, e in skip):
            out.append((start, end))
        pos = m.end() if m else len(text)
    return out


def _masked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """The text with quoted titles blanked, so a sentence does not score by quoting the directive."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _tfidf(counts: Counter[str], idf: Mapping[str, float]) -> tuple[dict[str, float], float]:
    """A TF-IDF vector (sublinear tf) and its norm; the norm is applied in `_cosine`."""
    vector = {t: (1.0 if c == 1 else 1 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()}
    return vector, math.sqrt(sum(v * v for v in vector.values())) or 1.0


def _cosine(a: tuple[dict[str, float], float], b: tuple[dict[str, float], float]) -> float:
    (va, na), (vb, nb) = a, b
    shared = va.keys() & vb.keys()
    return sum(va[t] * vb[t] for t in shared) / (na * nb) if shared else 0.0


@dataclass(frozen=True)
class _Side:
    """Token counts of a list of texts (a directive's measures, a follower's sentences) as arrays.

    One entry per (text, token): `rows`, `cols` into `tokens`, and the sublinear term frequency.
    Built once per directive and once per follower and reused for every pair they are in: a law
    cited by hundreds of documents, or a report citing dozens, is tokenised once.
    """

    vocab: dict[str, int]
    rows: Any
    cols: Any
    tf: Any
    df: Any
    n: int

    @classmethod
    def of(cls, texts: Sequence[Sequence[str]]) -> _Side:
        """From each text's tokens: one entry per (text, token), in the order `Counter` would give.

        Tokens get their ids in order of first occurrence (the vocabulary a token-by-token loop
        over each text's `Counter` builds), and each text's entries keep its tokens' first
        occurrences in order (`np.unique` by text and id, sorted back by first position), so the
        arrays, and every sum over them (`np.bincount` of the norms), are those of the loop; the
        Python work is one dictionary lookup per token instead of a `Counter` and four appends
        per distinct token. The sublinear tf is `math.log` of each distinct count, as before.
        """
        import numpy as np

        vocab: dict[str, int] = {}
        ids = [vocab.setdefault(token, len(vocab)) for found in texts for token in found]
        lengths = np.asarray([len(found) for found in texts], dtype=np.int64)
        size = max(len(vocab), 1)
        keys = np.repeat(np.arange(len(texts), dtype=np.int64), lengths) * size + np.asarray(
            ids, dtype=np.int64
        )
        unique, first, counts = np.unique(keys, return_index=True, return_counts=True)
        order = np.argsort(first, kind="stable")
        unique, counts = unique[order], counts[order]
        distinct = np.unique(counts).tolist()
        table = np.asarray([1.0 if c == 1 else 1 + math.log(c) for c in distinct], dtype=np.float64)
        col_array = unique % size
        return cls(
            vocab,
            unique // size,
            col_array,
            table[np.searchsorted(distinct, counts)] if distinct else np.zeros(0, dtype=np.float64),
            np.bincount(col_array, minlength=len(vocab)).astype(np.float64),
            len(texts),
        )


def _lexical(measures: _Side, sentences: _Side, theme: set[str]) -> tuple[Any, Any, Any]:
    """Every measure's TF-IDF cosine with every sentence (an array, a row per measure), and the two
    sides' IDF arrays.

    The figures `_cosine(_tfidf(...), _tfidf(...))` gives pair by pair (IDF over the measures and
    sentences together, the directive's theme words weighed by THEME_WEIGHT), as one matrix
    product over the tokens both sides share: the norms take every token, the products only the
    shared ones, so a long law's hundred articles against a long report's two hundred sentences
    costs one small dense product instead of a Python loop per token.
    """
    import numpy as np

    n = measures.n + sentences.n
    shared = [t for t in measures.vocab if t in sentences.vocab]
    m_idx = np.asarray([measures.vocab[t] for t in shared], dtype=np.int64)
    s_idx = np.asarray([sentences.vocab[t] for t in shared], dtype=np.int64)
    df_m, df_s = measures.df.copy(), sentences.df.copy()
    df_m[m_idx] += sentences.df[s_idx]
    df_s[s_idx] += measures.df[m_idx]
    idf_m = np.log((n + 1) / (df_m + 0.5))
    idf_s = np.log((n + 1) / (df_s + 0.5))
    for token in theme:
        if token in measures.vocab:
            idf_m[measures.vocab[token]] *= THEME_WEIGHT
        if token in sentences.vocab:
            idf_s[sentences.vocab[token]] *= THEME_WEIGHT
    if not measures.n or not sentences.n:
        return np.zeros((measures.n, sentences.n)), idf_m, idf_s
    dense = []
    for side, idf, idx in ((measures, idf_m, m_idx), (sentences, idf_s, s_idx)):
        weights = side.tf * idf[side.cols]
        norms = np.sqrt(np.bincount(side.rows, weights * weights, minlength=side.n))
        norms[norms == 0] = 1.0
        position = np.full(len(side.vocab), -1, dtype=np.int64)
        position[idx] = np.arange(len(shared))
        kept = position[side.cols] >= 0
        matrix = np.zeros((side.n, len(shared)), dtype=np.float64)
        matrix[side.rows[kept], position[side.cols[kept]]] = weights[kept]
        dense.append(matrix / norms[:, None])
    return dense[0] @ dense[1].T, idf_m, idf_s


def _idf_map(measures: _Side, sentences: _Side, idf_m: Any, idf_s: Any) -> dict[str, float]:
    """The pair's IDF as a dict (for scoring a clause against a measure, `_progress_at`)."""
    out = {t: float(idf_s[j]) for t, j in sentences.vocab.items()}
    out.update({t: float(idf_m[j]) for t, j in measures.vocab.items()})
    return out


@dataclass(frozen=True)
class _DirectiveSide:
    """What measure matching reads of a directive, whichever follower it is matched against: its
    measures without markers (`measure_core`), their tokens (and counts, for a clause's relevance),
    and its theme (its title's tokens)."""

    cores: list[str]
    counts: list[Counter[str]]
    side: _Side
    theme: set[str]


def _directive_side(directive: StoredDocument) -> _DirectiveSide:
    cores = [measure_core(m.text) for m in directive.measures]
    core_tokens = [tokens(core) for core in cores]
    return _DirectiveSide(
        cores,
        [Counter(words) for words in core_tokens],
        _Side.of(core_tokens),
        set(tokens(directive.doc.title or "")),
    )


@dataclass(frozen=True)
class _FollowerView:
    """What measure matching reads of a follower, whichever directive it is matched against."""

    spans: list[tuple[int, int]]
    masked: str
    side: _Side
    names: list[str]
    progress: list[StoredProgress]


def _follower_view(follower: StoredDocument) -> _FollowerView:
    text, title = follower.text, follower.doc.title or ""
    skip: list[tuple[int, int]] = []
    if title and title in text:
        skip.append((text.index(title), text.index(title) + len(title)))
    spans = segments(text, skip)
    masked = _masked(text, [(r.start, r.end) for r in follower.relays])
    side = _Side.of([tokens(masked[s:e]) for s, e in spans])
    names = [normalise_issuer(text[s:e]) for s, e in spans]
    return _FollowerView(spans, masked, side, names, progress_of(follower))


def _units_of(measure: StoredMeasure) -> list[str]:
    return [u.name for u in measure.units if u.role in ("lead", "co")]


_STATUS_ORDER = ("lagging", "in_progress", "done", "planned")
# In a sentence that mixes statuses, a clause speaks of the measure when it scores this share of the
# clause that matches it best: `A已完成，B正在推进` keeps A's status for A, while `累计新建管网45公里，
# 管网改造进度滞后` (one measure, two clauses) keeps the lag.
CLAUSE_RATIO = 0.3
_CLAUSE = re.compile(r"[^，,；;：:]+")


def progress_of(follower: StoredDocument) -> list[StoredProgress]:
    """The progress a follower reports, as evidence of a measure's status (`stated_progress`).

    Not what a text reads as progress when read as a report (`stated_progress`) but reports none:
    a policy (a local plan restates the directive's tasks as its own: `三是构建…合作机制`, read as a
    report, is work done) or a news item about the directive (`国务院办公厅印发《X》`:
    `《通知》共提出了…24条激励措施` tells what X says). Read as reports, those two gave 21 of the 25
    `done` statuses of the real corpus's links, all wrong. Their own extracted statements count.
    """
    if follower.doc.kind == "policy" or about_another(follower):
        return list(follower.progress)
    return stated_progress(follower)


def stated_progress(record: StoredDocument) -> list[StoredProgress]:
    """A document's progress statements; for one read as another kind, found here.

    Extraction reads progress only in reports and minutes, so a progress report misread as `other`
    or `policy` would state nothing; the progress rules are run over its text as a report's would be
    (the cross-check's direction reads a notice's restated progress so: `crosscheck._restates_with_progress`).
    A statute (a law citing a law) reports no progress: it is not read again (on `corpus/real/`,
    where most links are between statutes, that re-reading took a tenth of the cross-check).
    """
    if record.progress or record.doc.kind in ("report", "minutes") or is_statute(record.text):
        return list(record.progress)
    return list(_progress_as_report(record.text))  # not cached: once per follower (`match_pairs`)


def _progress_as_report(text: str) -> tuple[StoredProgress, ...]:
    from duban.base.model import RawDocument, RawPage
    from duban.pipeline.extract import build_document

    if not text:
        return ()
    doc = build_document(RawDocument(source="", format="text", pages=[RawPage(1, text, "text")]))
    if doc.text != text:
        return ()
    doc.meta.kind = "report"
    return tuple(
        StoredProgress(text=p.text, status=p.status, start=p.start, end=p.end) for p in _finder().find(doc)
    )


@lru_cache(maxsize=1)
def _finder() -> Any:
    from duban.extractors.progress import ProgressFinder

    return ProgressFinder.default()


def _statuses_in(progress: Sequence[StoredProgress], start: int, end: int) -> set[str]:
    return {p.status for p in progress if p.start < end and start < p.end}


def _progress_at(
    text: str,
    progress: Sequence[StoredProgress],
    start: int,
    end: int,
    relevance: Any = None,
) -> str | None:
    """The progress status stated inside a span, clause by clause when it mixes statuses.

    A deployment (`会议要求…要完成改厕任务`) states no progress, whatever words it shares with one.
    `A已完成，B正在推进` says `done` of A: with `relevance` (a clause's score against the measure)
    only the statuses of the clauses that speak of the measure count; among them a lag outweighs
    work in progress, which outweighs done, which outweighs a plan.
    """
    if _DEPLOY.search(text[start:end]):
        return None
    found = _statuses_in(progress, start, end)
    if len(found) > 1 and relevance is not None:
        clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(text, start, end) if m.group().strip()]
        scored = [(relevance(text[s:e]), s, e) for s, e in clauses]
        top = max((sc for sc, _, _ in scored), default=0.0)
        if top > 0:
            near = set().union(
                *(_statuses_in(progress, s, e) for sc, s, e in scored if sc >= CLAUSE_RATIO * top)
            )
            found = near or found
    for status in _STATUS_ORDER:
        if status in found:
            return status
    return None


# A second sentence counts as evidence for a measure when it scores this share of the best one:
# a report may say what lags in one sentence and what is planned in the next.
SUPPORT_RATIO = 0.6


def match_measures(
    directive: StoredDocument, follower: StoredDocument, threshold: float | None = None
) -> list[MeasureMatch]:
    """Score every directive measure against every follower sentence; keep the evidence per measure.

    IDF comes from the directive's measures and the follower's sentences together, so words every
    measure shares (the directive's own theme) weigh little and distinctive terms decide. The
    evidence is the sentence whose combined score (lexical, unit named, paraphrase when the
    embedding model is there) is best, unless a sentence scoring at least `SUPPORT_RATIO` of it
    states a weightier status (a lag beside a plan): then that sentence is the evidence.
    """
    return _match(directive, _directive_side(directive), follower, _follower_view(follower), threshold)


def match_pairs(
    pairs: Sequence[tuple[StoredDocument, StoredDocument]], threshold: float | None = None
) -> list[list[MeasureMatch]]:
    """`match_measures` of each (directive, follower) pair, in the pairs' order, follower by follower.

    What matching reads of a follower (`_follower_view`: its sentences' tokens, its progress) and
    of a directive (`_directive_side`) depends on that document alone, so each is built once here
    and used for every pair it is in: the matches are those of `match_measures` pair by pair. A
    follower's view, the larger part (a long report's every token), is built when its first pair
    comes and dropped after its last, as the pairs are taken follower by follower; a directive's
    side is kept until its last pair (on the 5,864 real documents at most some 400 of 1,064 at
    once). Nothing outlives the call: the web app's check worker and `duban ledger` keep no
    follower text or tokens after a check.
    """
    by_follower: dict[int, list[int]] = {}
    for place, (_, follower) in enumerate(pairs):
        by_follower.setdefault(id(follower), []).append(place)
    left = Counter(id(directive) for directive, _ in pairs)
    sides: dict[int, _DirectiveSide] = {}
    out: list[list[MeasureMatch]] = [[] for _ in pairs]
    for places in by_follower.values():
        follower = pairs[places[0]][1]
        view = _follower_view(follower)
        for place in places:
            directive = pairs[place][0]
            key = id(directive)
            side = sides.get(key)
            if side is None:
                side = sides[key] = _directive_side(directive)
            out[place] = _match(directive, side, follower, view, threshold)
            left[key] -= 1
            if not left[key]:
                del sides[key]
    return out


def _match(
    directive: StoredDocument,
    side: _DirectiveSide,
    follower: StoredDocument,
    view: _FollowerView,
    threshold: float | None,
) -> list[MeasureMatch]:
    """`match_measures` from the directive's side and the follower's view, built once each."""
    from duban.pipeline.crosscheck_embed import similarities

    measures = directive.measures
    text = follower.text
    spans, masked, segment_names, progress = view.spans, view.masked, view.names, view.progress
    doc_id = directive.doc_id
    cores, measure_side = side.cores, side.side
    # The directive's theme (the words of its title) is what every sentence of a follower is about:
    # it must not decide which measure a sentence speaks of.
    lexical, idf_m, idf_s = _lexical(measure_side, view.side, side.theme)
    if threshold is None:
        threshold = MATCH_THRESHOLD
    idf_cache: list[dict[str, float]] = []

    def pair_idf() -> dict[str, float]:
        if not idf_cache:
            idf_cache.append(_idf_map(measure_side, view.side, idf_m, idf_s))
        return idf_cache[0]

    # The model re-ranks; it sees only each measure's EMBED_CANDIDATES best sentences by words, so a
    # long follower costs a few dozen embeddings, not hundreds (the model does 35-40 a second).
    # Measures with no sentence near them by words (max below EMBED_MIN_LEXICAL) are not embedded
    # either, and of the rest only the EMBED_MAX_MEASURES nearest: a long law's hundred articles
    # would cost minutes, and a follower speaks of a handful of them.
    import numpy as np

    nearest = lexical.max(axis=1).tolist() if lexical.shape[1] else [0.0] * len(measures)
    near = sorted(
        (o for o, top in enumerate(nearest) if lexical.shape[1] and top >= EMBED_MIN_LEXICAL),
        key=lambda o: -nearest[o],
    )[:EMBED_MAX_MEASURES]
    to_embed = sorted(
        {
            int(i)
            for o in near
            for i in np.argsort(-lexical[o], kind="stable")[:EMBED_CANDIDATES]
            if lexical[o][i] > 0
        }
    )
    paraphrase: dict[int, list[tuple[int, float]]] = {}  # measure → (sentence, similarity)
    floors: dict[int, float] = {}
    found = (
        similarities([cores[o] for o in near], [masked[spans[i][0] : spans[i][1]] for i in to_embed])
        if to_embed
        else None
    )
    if found is not None:
        for column, i in enumerate(to_embed):
            sims = [row[column] for row in found]
            # A sentence on the directive's theme (`扎实推进农村人居环境整治`) is close to every
            # measure; what counts is how much closer it is to this one than to the measures on average.
            floors[i] = (
                EMBED_FLOOR if len(sims) < 2 else max(EMBED_FLOOR, sum(sims) / len(sims) + EMBED_MARGIN)
            )
            for row_index, sim in enumerate(sims):
                paraphrase.setdefault(near[row_index], []).append((i, sim))
    out: list[MeasureMatch] = []
    for ordinal, measure in enumerate(measures):
        # A sentence scores for a measure when it shares words with it; a unit the measure names
        # and a paraphrase the model sees add to that score (array arithmetic: the same sums, in
        # the same order, as one sentence at a time, over the sentences that share words only).
        row = lexical[ordinal]
        sharing = np.flatnonzero(row > 0)
        scores = row[sharing]
        units = [normalise_issuer(u) for u in _units_of(measure)]
        if units:
            named = [any(u in segment_names[i] for u in units) for i in sharing.tolist()]
            scores[np.asarray(named, dtype=bool)] += UNIT_BONUS
        for index, sim in paraphrase.get(ordinal, ()):
            if row[index] > 0:
                scores[np.searchsorted(sharing, index)] += EMBED_WEIGHT * max(0.0, sim - floors[index])
        mid = measure.measure_id or make_measure_id(doc_id, ordinal)
        best = float(scores.max()) if len(scores) else 0.0
        if best < threshold or not len(scores):
            out.append(MeasureMatch(mid, ordinal, measure.text, round(best, 4), None))
            continue
        # the sentences that may be the evidence (see below), best first, ties in the follower's order
        kept = np.flatnonzero(scores >= max(threshold, SUPPORT_RATIO * best))
        order = kept[np.argsort(-scores[kept], kind="stable")]
        scored = [(float(scores[k]), spans[sharing[k]]) for k in order.tolist()]

        def relevance(clause: str, counts: Counter[str] = side.counts[ordinal]) -> float:
            idf = pair_idf()
            return _cosine(_tfidf(counts, idf), _tfidf(Counter(tokens(clause)), idf))

        chosen: tuple[int, float, int, int, str | None] | None = None
        for score, span in scored:
            start, end = _with_body(text, span, progress)
            status = _progress_at(text, progress, start, end, relevance)
            rank = _STATUS_ORDER.index(status) if status else len(_STATUS_ORDER)
            if chosen is None or rank < chosen[0]:
                chosen = (rank, score, start, end, status)
        assert chosen is not None
        _, score, start, end, status = chosen
        out.append(
            MeasureMatch(
                mid,
                ordinal,
                measure.text,
                round(score, 4),
                text[start:end],
                start,
                end,
                status,
            )
        )
    return out


def _with_body(text: str, span: tuple[int, int], progress: Sequence[StoredProgress]) -> tuple[int, int]:
    """A heading sentence (`二、雨污分流改造工作。`) stands for the rest of its line: take the line."""
    start, end = span
    if _progress_at(text, progress, start, end) is not None:
        return span
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or line_end - end < _MIN_SEGMENT:
        return span
    return start, line_end
