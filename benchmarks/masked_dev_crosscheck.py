"""Dev followers with their naming of the directive removed, linked by the real cross-check path.

    .venv/bin/python benchmarks/masked_dev_crosscheck.py [--corpus ../shared/corpus/dev]
        [--classes drop,short,loose] [--duban CMD] [--show]

`masked_real_crosscheck.py` masks real followers, but the real corpus has almost no administrative
followers (progress reports on a notice's tasks, minutes relaying a notice, plans of this year's
items), the kinds the check's followers are. The dev pairs are such followers. For each dev pair
whose follower names its directive (linked `by: quote` in the unmasked run), the follower's naming
of that directive is put another way, in place, and the whole dev corpus is ingested into a
temporary SQLite index and cross-checked as `tools/check.sh --crosscheck` does
(`duban ingest … --index sqlite:///…`, `duban crosscheck --json`): one run per pair and class, the
other dev documents as they are, the variant under the follower's own file name.

What is named: the directive's extracted title, every `《…》` title and document number of the
pair's evidence, and the directive's number; each matched with any white space between characters.
Every naming (with its `《》` and the number's brackets after it) is replaced by the class's form:

- `drop`: `上级有关文件`, numbers removed: only content (or a chain through another directive) can
  link it.
- `short`: `《core》`, the title's part after `关于` and a leading verb, its genre kept
  (`《政务新媒体……的意见》`), numbers removed.
- `loose`: the same core without `《》` and without its genre (`按照……精神` reads `按照政务新媒体……精神`),
  numbers removed.

Per class: pairs linked (and `by` what: quote, content, implemented …), pairs still linked in the
unmasked way (the follower names the directive in a form not masked: left out of the count), and
wrong links: links the variant follower makes that are not its gold directives and that the
unmasked run does not make; look-alikes: links of `nonpairs.json` anywhere in the run. Nothing is
written into the project; the temporary directory is removed.

Figures (issue 10, session cx2, main a3d093e; 13 of the 15 pairs named, GH06 and GH18 are content
links unmasked; about 300 s wall, 45 ingests): `drop` 6/13 (content 4: P16, X05, GH02, GH13; by
quote through another directive 2: GH04's quote of GH02 implementing GH01, and GH02<-GH04 named
again in a form not masked); `short` 12/13 (all by title; GH14 names only its county's own
implementing opinion); `loose` 4/13. No wrong link, no look-alike, no other pair lost in any run.
Missed by `drop`: X11, GH03 (both), GH05, GH12, GH14, GN10. `eval_crosscheck.py --masked` links
GH12 and GN10 by content: it drops the follower's relays; here the follower keeps its quotes of
documents outside the collection (unresolved), and a follower with any quote gets no near-miss
content link (`content_candidates`, `alone`). Counting only resolved quotes there links a check
look-alike (check 1/2 look-alikes), and so does allowing it to the dated-year near miss only
(`clear_best`; links GN10, not GH12): dropped, the guard holds a check look-alike off. `loose` forms of traditional titles keep their verb
and genre (the word lists are simplified).

Issue 10, session cx3 (about 840 s wall under load): `drop` 8/13 (content 6: GN10 added, its only
citation left a loose reference naming no document, `_names_a_document`; GH01<-GH03, naming the
province's implementing opinion of GH01, on one GH01 sentence, `_through_plan`), `short` 12/13, `loose`
9/13 (`title_loose` 5: P16, X05, X11, GH01<-GH03, GN10, a title core after a citing or issuing
verb, `_unmarked_cores`); no wrong link, no look-alike, no other link, no other pair lost. Still
missed by `loose`: GH02<-GH03 (`和印發…實施意見精神`, the core keeps `印發`), GH05 and GH12 (the
core in running text, no citing verb before it), GH14 (its own county's plan). Still missed by
`drop`: X11 (a news item restating the notice in its own words, no shared run), GH02<-GH03, GH05,
GH12 (quotes three documents outside the collection on its topic), GH14.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
log = logging.getLogger("masked_dev_crosscheck")

_VERBS = ("全面推行", "进一步", "推进", "加强", "做好", "深入", "加快", "实施", "推动", "开展", "促进")
_GENRE = re.compile(r"的?(?:实施意见|指导意见|意见|通知|方案|办法|规定|决定|条例|规划)$")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[(（]\s*\d{4}\s*[〕\])）]\s*\d+\s*[号號]")
_QUOTE = re.compile(r"《([^》]{4,120})》")


def _pattern(name: str) -> str:
    """`name` matched with any white space between its characters (a line broken inside a title)."""
    return r"\s*".join(re.escape(ch) for ch in name if not ch.isspace())


def core(title: str) -> str:
    """The title's part after `关于` (the last one) and a leading verb: how a text names it short."""
    body = re.split(r"[关關][于於]", re.sub(r"\s+", "", title))[-1] or title
    body = body.removeprefix("印发")
    for verb in _VERBS:
        body = body.removeprefix(verb)
    return body


def variant_text(text: str, names: list[str], numbers: list[str], form: str) -> str:
    """The text with each naming (`names` in or out of `《》`, a number in brackets after them)
    replaced by `form`, and every number of `numbers` removed with its brackets."""
    number_alt = "|".join(_pattern(n) for n in sorted(set(numbers), key=len, reverse=True))
    after = rf"(?:\s*[（(]?\s*(?:{number_alt})\s*[）)]?)?" if number_alt else ""
    for name in sorted({n for n in names if len(n) >= 4}, key=len, reverse=True):
        pat = _pattern(name)
        text = re.sub(rf"[《〈]\s*{pat}\s*[》〉]{after}", lambda _m: "\x00", text)
        text = re.sub(rf"{pat}{after}", lambda _m: "\x00", text)
    if number_alt:
        text = re.sub(rf"[（(]?\s*(?:{number_alt})\s*[）)]?", "", text)
    return text.replace("\x00", form)


def forms(title: str) -> dict[str, str]:
    short = core(title)
    loose = _GENRE.sub("", short)
    return {"drop": "上级有关文件", "short": f"《{short}》", "loose": loose}


def run_check(folder: Path, duban: list[str], work: Path) -> list[dict[str, Any]]:
    """`duban ingest` the folder into a fresh SQLite index and `duban crosscheck --json` it."""
    db = work / "c.db"
    db.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    files = sorted(str(p) for p in folder.glob("*.txt"))
    subprocess.run(
        [*duban, "ingest", *files, "--index", f"sqlite:///{db}", "--quiet"],
        check=True,
        env=env,
        capture_output=True,
    )
    out = subprocess.run(
        [*duban, "crosscheck", "--json", "--index", f"sqlite:///{db}"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip().startswith("{")]


def pairs_of(links: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(directive, follower) stems -> `by` of the resolved links (the first one kept)."""
    found: dict[tuple[str, str], str] = {}
    for link in links:
        d = Path((link.get("directive") or {}).get("source") or "").stem
        f = Path((link.get("follower") or {}).get("source") or "").stem
        if d and f and d != f:
            via = link.get("via")
            found.setdefault(
                (d, f),
                f"{link.get('by')}/{via}" if via and link.get("by") == "quote" else str(link.get("by")),
            )
    return found


def _load(corpus: Path, name: str) -> set[tuple[str, str]]:
    path = corpus / name
    if not path.is_file():
        return set()
    return {(p["directive"], p["follower"]) for p in json.loads(path.read_text(encoding="utf-8"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--classes", default="drop,short,loose")
    parser.add_argument("--duban", default=f"{shlex.quote(sys.executable)} -m duban")
    parser.add_argument("--show", action="store_true", help="Each variant's links and text of the naming.")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    duban = shlex.split(args.duban)
    corpus: Path = args.corpus
    started = time.time()
    gold_list = json.loads((corpus / "pairs.json").read_text(encoding="utf-8"))
    gold, near, amb = (_load(corpus, n) for n in ("pairs.json", "nonpairs.json", "ambiguous_pairs.json"))
    classes = args.classes.split(",")
    with tempfile.TemporaryDirectory(prefix="masked_dev_") as tmp:
        work = Path(tmp)
        docs = work / "docs"
        docs.mkdir()
        for path in corpus.glob("*.txt"):
            (docs / path.name).symlink_to(path.resolve())
        base_links = run_check(docs, duban, work)
        base = {k: v for k, v in pairs_of(base_links).items() if k not in amb}
        print(
            f"unmasked: {len(base.keys() & gold)}/{len(gold)} pairs, {len(base.keys() & near)}/{len(near)}"
            f" look-alikes, {len(base.keys() - gold - near)} other links"
        )
        meta = {
            Path(link["directive"]["source"]).stem: link["directive"]
            for link in base_links
            if (link.get("directive") or {}).get("source")
        }
        table: dict[str, dict[str, Any]] = {c: defaultdict(int) for c in classes}
        for pair in gold_list:
            d, f = pair["directive"], pair["follower"]
            how = base.get((d, f))
            if not how or not how.startswith("quote"):
                print(f"  {d}<-{f}: unmasked by {how}, not named: no variant")
                continue
            title = (meta.get(d) or {}).get("title") or ""
            number = (meta.get(d) or {}).get("doc_number") or ""
            quoted = _QUOTE.findall(pair["evidence"])
            names = [title, *quoted]
            # An issuer glued before the directive's own title (a site's name read into it).
            names += [title[title.find(q) :] for q in quoted if q in title]
            numbers = [n for n in [number, *_NUMBER.findall(pair["evidence"])] if n]
            original = (corpus / f"{f}.txt").read_text(encoding="utf-8")
            shown = min(quoted, key=len) if quoted else title
            for name, form in forms(shown).items():
                if name not in classes:
                    continue
                text = variant_text(original, names, numbers, form)
                target = docs / f"{f}.txt"
                target.unlink()
                target.write_text(text, encoding="utf-8")
                try:
                    found = {k: v for k, v in pairs_of(run_check(docs, duban, work)).items() if k not in amb}
                finally:
                    target.unlink()
                    target.symlink_to((corpus / f"{f}.txt").resolve())
                row = table[name]
                row["pairs"] += 1
                by = found.get((d, f))
                row[f"by {by}" if by else "missed"] += 1
                wrong = sorted(
                    k for k in found.keys() - base.keys() if k[1] == f and k not in gold and k[0] != d
                )
                row["wrong"] += len(wrong)
                row["look-alike"] += len(found.keys() & near)
                lost = sorted(k for k in (base.keys() & gold) - found.keys() if k != (d, f))
                row["other pairs lost"] += len(lost)
                if args.show or not by or wrong or lost:
                    print(f"  {name:6} {d}<-{f}: {by or 'MISSED'} wrong {wrong} lost {lost} | form {form!r}")
    print(f"{'class':8}" + "".join(f"{k:>14}" for k in ("pairs", "linked", "by", "wrong", "look-alike")))
    for name, row in table.items():
        by = ", ".join(f"{k[3:]} {v}" for k, v in sorted(row.items()) if k.startswith("by "))
        linked = sum(v for k, v in row.items() if k.startswith("by "))
        print(
            f"{name:8}{row['pairs']:14d}{linked:14d}   {by:>11}{row['wrong']:14d}{row['look-alike']:14d}"
            f"  (other pairs lost {row['other pairs lost']})"
        )
    print(f"wall {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
