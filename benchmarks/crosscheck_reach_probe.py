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
- `both_ways`: a pair linked both ways keeps both links (`_one_way` keeps one or neither).

Figures (issue 10, stop 40, main 9b495d8; check 10 pairs, 2 look-alikes): as shipped 5/10 pairs,
0/2 look-alikes, 2 other links; `filters=off`, `candidates=30`, `both_ways` each the same;
`scale=0.7` 5/10, 1/2, 2; `scale=0.5` 5/10, 1/2, 6; `kinds=any,scale=0.5` 5/10, 1/2, 8; `scale=0.3`
6/10, 1/2, 15; everything at once (`scale=0.3,filters=off,candidates=30,kinds=any,both_ways`) 6/10,
2/2, 49. The check's links reversed (a wrapper adding each link the other way) add none of its
pairs. So four of the five pairs the check misses are out of reach of shared wording at any
threshold (their followers share no distinctive run of text with their directives, or name them
in a form the relay and title readers do not resolve), and the fifth comes only at settings that
link a look-alike first. Thresholds are not the lever.
"""

from __future__ import annotations

import os
import sys

from duban.pipeline import crosscheck, crosscheck_content

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
        else:
            raise SystemExit(f"crosscheck_reach_probe: unknown setting {item!r} (see the docstring)")
        applied.append(item)
    return applied


def main() -> None:
    loosen(os.environ.get("XREACH", ""))
    from duban.pipeline.cli import main as duban

    sys.argv = ["duban", *sys.argv[1:]]
    duban()


if __name__ == "__main__":
    main()
