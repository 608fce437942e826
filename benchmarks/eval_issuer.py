"""The issuers (发文机关) `duban` reads, scored against the issuers recorded beside the shared corpora.

Supervision staff filter and facet searches and ledgers by issuer, so a title's prefix taken
whole (`某某办公厅转发某部`, `某某在…会议上强调…`), page chrome glued to a name (`2021-03-26主题分类…`,
`【预警信息】`) or a release headline's verb (`国务院办公厅印发《`) splits one issuer's documents
over many values. `corpus/dev/meta.jsonl` records an issuer for most dev documents, some with a
bracketed note: the name before the note is compared (traditional script folded to simplified,
spaces ignored; of alternatives joined by `；` any one counts; a form of the text's own that the note
quotes, `正文作“…”` or `发布机构：…`, counts too), and a note saying the name is not in
the stored text (`未见于所存文本`, `未署名`, `被删去`, `被…替换`) makes the document unanswerable.

`corpus/real/` records the corpus builder's issuer (another convention for news items): there the
figures are how many issuers read hold a bracket `《` or a verb (release, meeting, speech), how
many agree with the recorded one, and, with `--before FILE` (a `--dump` of another run), the
issuers that changed, for judging by hand.

    python benchmarks/eval_issuer.py [--wrong] [--every 4] [--dump after.json] [--before before.json]
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
from duban.base.script import to_simplified
from duban.pipeline.extract import build_document

log = logging.getLogger("eval_issuer")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_NOTE = re.compile(r"[（(][^（）()]*[）)]")
_TEXT_FORM = re.compile(r"(?:正文作|栏作)“([^”]+)”|发布机构[:：]([^；，）)]+)")
_NOT_IN_TEXT = re.compile(r"未见|未見|未署名|被删去|被刪去|被[^，。；]{0,30}替换")
# An issuer that is no name: a title's bracket, a release, meeting or speech verb.
_NOT_A_NAME = re.compile(r"《|印发|转发|发布|公布|召开|审议|强调|传达|学习|主持|会议")


def _fold(name: str) -> str:
    return re.sub(r"\s+", "", to_simplified(name))


def _parts(recorded: str) -> list[str]:
    """The alternatives of a recorded issuer: split at `；` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(recorded):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        if ch == "；" and depth == 0:
            parts.append(recorded[start:i])
            start = i + 1
    parts.append(recorded[start:])
    return parts


def gold_names(recorded: str) -> list[str] | None:
    """The names a recorded issuer accepts (None: the name is not in the text): the name before
    a note, and a form of the text's own that the note quotes (`正文作“市政府办公室”`,
    `发布机构：某区政府办公室`)."""
    names = []
    for part in _parts(recorded):
        if _NOT_IN_TEXT.search(part):
            continue
        name = _fold(_NOTE.sub("", part))
        if name:
            names.append(name)
        names += [_fold(a or b) for a, b in _TEXT_FORM.findall(part)]
    return names or None


def read_issuer(doc_id: str, text: str) -> str | None:
    raw = RawDocument(source=f"{doc_id}.txt", format="text", pages=[RawPage(1, text, "text")])
    return build_document(raw, doc_id).meta.issuer


def dev(corpus: Path, show: bool, dump: dict[str, str | None]) -> None:
    tally: Counter[str] = Counter()
    for line in (corpus / "meta.jsonl").read_text(encoding="utf-8").splitlines():
        meta = json.loads(line)
        if not meta.get("issuer"):
            continue
        text = (corpus / f"{meta['id']}.txt").read_text(encoding="utf-8")
        ours = read_issuer(meta["id"], text)
        dump["dev:" + meta["id"]] = ours
        names = gold_names(meta["issuer"])
        if names is None:
            tally["unanswerable" + (", one read" if ours else "")] += 1
            continue
        if ours is None:
            outcome = "none"
        elif _fold(ours) in names:
            outcome = "right"
        else:
            outcome = "wrong"
        tally[outcome] += 1
        if show and outcome != "right":
            log.info("  %-5s %-5s recorded %s, read %s", outcome, meta["id"], meta["issuer"], ours)
    log.info("dev: %s", dict(sorted(tally.items())))


def real(path: Path, every: int, dump: dict[str, str | None]) -> None:
    tally: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if i % every:
                continue
            doc = json.loads(line)
            ours = read_issuer(doc["id"], doc["text"])
            dump["real:" + doc["id"]] = ours
            tally["documents"] += 1
            if not ours:
                tally["none read"] += 1
                continue
            tally["read"] += 1
            if "《" in ours:
                tally["with 《"] += 1
            if _NOT_A_NAME.search(ours):
                tally["with 《 or a verb"] += 1
            if doc.get("issuer") and _fold(ours) == _fold(doc["issuer"]):
                tally["agrees with recorded"] += 1
    log.info("real (every %d): %s", every, dict(sorted(tally.items())))


def changes(before: dict[str, str | None], after: dict[str, str | None], limit: int) -> None:
    changed = [k for k in after if k in before and before[k] != after[k]]
    log.info("changed: %d", len(changed))
    for key in changed[:limit]:
        log.info("  %-12s %s  ->  %s", key, before[key], after[key])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wrong", action="store_true", help="list dev documents not read right")
    parser.add_argument("--every", type=int, default=4, help="every k-th real document (0: none)")
    parser.add_argument("--dump", type=Path, help="write every issuer read to this JSON file")
    parser.add_argument("--before", type=Path, help="a --dump of another run: list what changed")
    parser.add_argument("--limit", type=int, default=400, help="changes listed at most")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("jieba").setLevel(logging.WARNING)
    if not (SHARED / "dev" / "meta.jsonl").exists():
        log.info("no shared corpus at %s: nothing to measure", SHARED)
        return 0
    dump: dict[str, str | None] = {}
    dev(SHARED / "dev", args.wrong, dump)
    if args.every:
        real(SHARED / "real" / "docs.jsonl.gz", args.every, dump)
    if args.dump:
        args.dump.write_text(json.dumps(dump, ensure_ascii=False, indent=0), encoding="utf-8")
    if args.before:
        changes(json.loads(args.before.read_text(encoding="utf-8")), dump, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
