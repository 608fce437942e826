"""Mine organisation-name endings and collective subjects from real government text, with counts.

The unit finder's closed lists (`unit_suffixes.txt`, `units.txt`) were written from the dev
vocabulary; real documents name bodies the lists never saw (…基金, …专班, …指挥部, …系统). This
script reads a corpus of real documents (`docs.jsonl.gz`: one JSON object a line with a `text`)
and collects names from the places where a document states who is responsible, where a name is
near certain:

- label lists: `牵头单位：A、B`, `责任单位：A，B`, `配合部门：…`;
- actor markers: `由A牵头`, `（A、B负责）`, `A牵头，B配合`;
- clause subjects before a modal: `。A、B要…`, `；A应当…`.

Each name is counted once per document. It writes two lists, one `entry count` pair a line,
sorted by count (the finder reads the first field; the count stays for review):

- `unit_suffixes_mined.txt`: two- and three-character endings shared by at least `--min-names`
  different names from the label and actor markers, excluding endings the hand list already has
  and endings that are ordinary words (`unit_stopwords.txt`, `mine_units_reject.txt`);
- `unit_collectives.txt`: collective subjects (`各…`, `全体…`, `有关…`, `…系统`) seen as clause
  subjects in at least `--min-docs` documents.

With `--report`, it writes nothing and logs instead, for review, the endings of clause subjects
that the unit finder does not read as units, by the number of documents (`组织 482`, `团体 172`),
each with its most frequent subjects: the place to find kinds of bodies the lists miss (which go
into `units.yaml` by hand) and words that are not bodies (which go into `mine_units_reject.txt`).

Usage::

    python rules/lexicons/mine_units.py ../shared/corpus/real/docs.jsonl.gz [--report]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
log = logging.getLogger("mine_units")

_NAME = r"[\u4e00-\u9fa5（）()]{2,24}"
_LABEL = re.compile(
    r"(?:牵头|责任|配合|协办|协同|负责|承办|主责)(?:单位|部门)\s*[：:]\s*([^。\n；;）)：:]{2,160}?)"
    r"(?=[，,；;]\s*[\u4e00-\u9fa5]{2,8}[：:]|[。\n；;）)]|$)"
)
_BY = re.compile(rf"由({_NAME}?)(?:牵头|负责|统筹)")
_PAREN = re.compile(r"[（(]([^（）()。：:]{2,120}?)(?:牵头|负责|配合|按职责分工负责)[）)，,]")
_SUBJECT = re.compile(r"(?:^|[。；;！!\n])\s*([\u4e00-\u9fa5、（）()]{2,40}?)(?:要|应当|必须|务必)")
_SPLIT = re.compile(r"[、，,；;]|以及|和|及")
_EDGE = re.compile(r"^(?:由|请|并|和|及)|(?:等|分别|共同|均|都|也|按职责分工|负责|牵头)$")
# A name made of these is a clause, not a body.
_CLAUSE = re.compile(r"的|要|应|将|把|对|在|按照|根据|通过|加强|推进|确保|进一步|不得|是|为")
_COLLECTIVE = re.compile(r"^(?:各|全体|有关|相关)|系统$")
# Heads a collective subject may end with besides the organisation suffixes.
_COLLECTIVE_HEADS = {"系统", "方面", "各方", "地区", "地方", "财政", "党员", "干部", "人员"}


def read_texts(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line).get("text") or ""


def names_in(fragment: str) -> Iterable[str]:
    for part in _SPLIT.split(fragment):
        name = _EDGE.sub("", part.strip(" \t“”\"'"))
        if 2 <= len(name) <= 24 and not _CLAUSE.search(name):
            yield name


def mine(texts: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """Names from markers (per document) and clause subjects (per document)."""
    marked: Counter[str] = Counter()
    subjects: Counter[str] = Counter()
    for n, text in enumerate(texts, 1):
        found: set[str] = set()
        for pattern in (_LABEL, _BY, _PAREN):
            for m in pattern.finditer(text):
                found.update(names_in(m.group(1)))
        marked.update(found)
        subjects.update({name for m in _SUBJECT.finditer(text) for name in names_in(m.group(1))})
        if n % 1000 == 0:
            log.info("%d documents", n)
    return marked, subjects


def endings(names: Counter[str], known: set[str], reject: set[str], min_names: int) -> list[tuple[str, int]]:
    """Endings of 2–3 characters shared by at least `min_names` distinct marked names."""
    by_end: Counter[str] = Counter()
    for name in names:
        for k in (2, 3):
            if len(name) > k:
                by_end[name[-k:]] += 1
    out = [
        (end, count)
        for end, count in by_end.items()
        if count >= min_names
        and not end.endswith(tuple(known))
        and end not in reject
        and not _CLAUSE.search(end)
    ]
    return sorted(out, key=lambda x: (-x[1], x[0]))


def collectives(
    subjects: Counter[str], heads: set[str], reject: set[str], min_docs: int
) -> list[tuple[str, int]]:
    """Collective subjects that end in a known head (`各级财政`, `全市政府系统`, `有关主管部门`)."""
    out = [
        (s, c)
        for s, c in subjects.items()
        if c >= min_docs
        and _COLLECTIVE.search(s)
        and len(s) <= 12
        and s.endswith(tuple(heads))
        and s not in reject
    ]
    return sorted(out, key=lambda x: (-x[1], x[0]))


def uncovered(
    subjects: Counter[str], is_unit: Callable[[str], bool], reject: set[str], top: int = 40
) -> list[tuple[str, int, list[str]]]:
    """Two-character endings of clause subjects that `is_unit` rejects, by documents, with the
    most frequent subjects of each: `[("团体", 172, ["社会团体", "人民团体", …]), …]`."""
    by_end: Counter[str] = Counter()
    members: dict[str, Counter[str]] = {}
    for name, count in subjects.items():
        if len(name) < 3 or name in reject or is_unit(name):
            continue
        end = name[-2:]
        by_end[end] += count
        members.setdefault(end, Counter())[name] = count
    return [(end, n, [s for s, _ in members[end].most_common(6)]) for end, n in by_end.most_common(top)]


def _yaml_suffixes() -> list[str]:
    """The suffixes and role words that `rules/units.yaml` lists beside the lexicon files."""
    text = (HERE.parent / "units.yaml").read_text(encoding="utf-8")
    found: list[str] = []
    for key in ("suffixes", "role_words"):
        m = re.search(rf"^  {key}: \[(.*?)\]", text, re.S | re.M)
        found += re.findall(r'"([^"]+)"', m.group(1)) if m else []
    return found


def _words(name: str) -> set[str]:
    path = HERE / name
    if not path.exists():
        return set()
    return {
        line.split()[0]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and line[0] != "#"
    }


def write(path: Path, header: str, rows: list[tuple[str, int]]) -> None:
    lines = [f"# {line}" for line in header.splitlines()] + [f"{entry} {count}" for entry, count in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log.info("wrote %d entries to %s", len(rows), path.name)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path, help="docs.jsonl.gz with one document a line")
    ap.add_argument("--min-names", type=int, default=4, help="distinct names an ending needs")
    ap.add_argument("--min-docs", type=int, default=3, help="documents a collective subject needs")
    ap.add_argument("--report", action="store_true", help="log subject endings the finder misses")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    marked, subjects = mine(read_texts(args.corpus))
    known = _words("unit_suffixes.txt") | set(_yaml_suffixes())
    reject = _words("unit_stopwords.txt") | _words("mine_units_reject.txt")
    if args.report:
        from duban.extractors.units import UnitFinder  # the finder as it stands, lists included

        for end, count, examples in uncovered(subjects, UnitFinder.default().is_unit, reject):
            log.info("%s %d %s", end, count, " ".join(examples))
        return 0
    write(
        HERE / "unit_suffixes_mined.txt",
        "Endings of organisation names mined by mine_units.py from real documents: `ending count`,\n"
        "count = distinct names in label lists and actor markers that end so, for\n"
        "endings that no hand-listed suffix already covers. Do not edit by hand;\n"
        "put an ending that is an ordinary word into mine_units_reject.txt and re-run.",
        endings(marked, known, reject, args.min_names),
    )
    write(
        HERE / "unit_collectives.txt",
        "Collective subjects mined by mine_units.py from real documents: `subject count`, count =\n"
        "documents where it opens a clause before 要/应当/必须/务必. Do not edit by hand.",
        collectives(subjects, known | _COLLECTIVE_HEADS, reject, args.min_docs),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
