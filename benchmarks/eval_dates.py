"""The document dates `duban` reads, scored against the dates recorded beside the shared corpora.

A document's date is what `年底前` resolves against, what the cross-check orders a follower and
its directive by, and what staff see beside every measure; before this yardstick the product read
one for 49 of the 147 dev documents. `corpus/dev/meta.jsonl` records each document's date (its
signing date, else the date its page was published, with notes when a year had to be inferred):
only the entries that open with a whole ISO day are scored, and a document whose text prints no
such day at all is counted apart (`not in text`: no rule could read it; `another day`: the text
prints only another, such as the page's publication beside a meeting's day). `corpus/real/` records a
date for most documents (a regulation's newest version, a broadcast's day): there the figure is
how often a date read agrees, by kind, as a check that a new rule reads no wrong dates, not a score.

    python benchmarks/eval_dates.py            # dev, then every 10th real document
    python benchmarks/eval_dates.py --wrong    # also each dev document whose date is wrong or missing
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
from collections import Counter
from pathlib import Path

from duban.base.model import RawDocument, RawPage
from duban.pipeline.extract import build_document

log = logging.getLogger("eval_dates")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _printed(text: str, iso: str) -> bool:
    """Whether `text` writes the day `iso` in words or figures (`2020年6月28日`, `2020-06-28`)."""
    year, month, day = iso.split("-")
    m, d = int(month), int(day)
    forms = (
        rf"{year}\s*年\s*0?{m}\s*月\s*0?{d}\s*日",
        rf"{year}[-/.]0?{m}[-/.]0?{d}(?!\d)",
    )
    return any(re.search(form, text) for form in forms)


def _read(doc_id: str, text: str) -> str | None:
    raw = RawDocument(source=f"{doc_id}.txt", format="text", pages=[RawPage(1, text, "text")])
    return build_document(raw, doc_id).meta.date


def dev(corpus: Path, show: bool) -> None:
    tally: Counter[str] = Counter()
    for line in (corpus / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        m = _ISO.match(meta.get("date") or "")
        text = (corpus / f"{meta['id']}.txt").read_text(encoding="utf-8")
        ours = _read(meta["id"], text)
        if m is None:
            tally["no day recorded" + (", one read" if ours else "")] += 1
            continue
        printed = _printed(text, m.group())
        if ours == m.group():
            outcome = "right"
        elif ours:
            outcome = "wrong" if printed else "another day (recorded day not in text)"
        else:
            outcome = "missing" if printed else "not in text"
        tally[outcome] += 1
        if show and outcome in ("wrong", "missing"):
            log.info("  %s %s recorded %s, read %s", outcome, meta["id"], m.group(), ours)
    scored = tally["right"] + tally["wrong"] + tally["missing"]
    log.info("dev: %s", dict(sorted(tally.items())))
    if scored:
        log.info(
            "dev dates printed in the text: %d of %d read right (%.3f), %d wrong",
            tally["right"],
            scored,
            tally["right"] / scored,
            tally["wrong"],
        )


def real(path: Path, every: int) -> None:
    tally: Counter[tuple[str, str]] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if i % every:
                continue
            doc = json.loads(line)
            ours = _read(doc["id"], doc["text"])
            recorded = doc.get("date")
            if not ours:
                outcome = "none read"
            elif recorded is None:
                outcome = "read, none recorded"
            elif ours == recorded:
                outcome = "agrees"
            elif ours[:4] == recorded[:4]:
                outcome = "same year"
            else:
                outcome = "other year"
            tally[(doc["kind"], outcome)] += 1
    for kind in sorted({k for k, _ in tally}):
        row = {o: n for (k, o), n in sorted(tally.items()) if k == kind}
        log.info("real %-8s %s", kind, row)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--wrong", action="store_true", help="list the dev documents read wrong or not at all"
    )
    parser.add_argument("--every", type=int, default=10, help="every k-th real document (0: none)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    if not (SHARED / "dev" / "meta.jsonl").exists():
        log.info("no shared corpus at %s: nothing to measure", SHARED)
        return 0
    dev(SHARED / "dev", args.wrong)
    if args.every:
        real(SHARED / "real" / "docs.jsonl.gz", args.every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
