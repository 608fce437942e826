"""Does the same document give the same extraction whichever format it arrives in? (needs LibreOffice)

Each loader's tests check format parity on small fixtures in our own wording; this checks it at
scale on real text nobody tuned for. `--sample N` documents are taken evenly spaced over the sorted
real corpus (`/tmp/lead/real/*.txt`: policies NP, read-outs NM, reports NR, other NX, in the
corpus's own proportions). Each is written as a `.docx` with python-docx, one paragraph per
non-blank line (kept simple: a line of ` | `-separated cells stays a paragraph, not a table row;
four of the 5,864 real documents have such lines), and LibreOffice (`soffice --headless
--convert-to`) converts the `.docx` to the other formats. `python -m duban extract --format jsonl`
(this worktree's code) reads the `.txt` and every format; each format's extraction is scored
against the `.txt`'s with the shared scorer's own rule (`../shared/tools/score.py`: a `.txt`
measure is matched when 60% of it and 50% of the candidate are shared; units and deadlines are
compared on matched measures, names by the scorer's `names_match`), as P/R/F1 summed over the
documents. A document that fails to read counts its `.txt` measures as missed and is listed by
error code. Then the `--worst` documents with the lowest measure F1 per format, with the first
`.txt` measure each format missed and the first one it added, to read the reason off.

It is a reading tool: the tests and CI never run it (LibreOffice is not a dependency). Without
`soffice` on the PATH it says so and exits with status 2.

    python benchmarks/format_parity.py [--sample 120] [--formats docx,doc,odt,rtf,pdf,html]
        [--worst 10] [--keep DIR] [--json FILE]

Result with `--sample 360` (LibreOffice 7.4, 5 minutes on 2 cores; 120 take 2), P/R/F1 of each
format against the `.txt`:

| format | read | errors | measures | units | deadlines |
| --- | --- | --- | --- | --- | --- |
| docx | 360/360 | - | 1.000/1.000/1.000 | 1.000/1.000/1.000 | 1.000/1.000/1.000 |
| doc | 360/360 | - | 1.000/1.000/1.000 | 1.000/1.000/1.000 | 1.000/1.000/1.000 |
| odt | 360/360 | - | 1.000/1.000/1.000 | 1.000/1.000/1.000 | 1.000/1.000/1.000 |
| rtf | 360/360 | - | 1.000/1.000/1.000 | 1.000/1.000/1.000 | 1.000/1.000/1.000 |
| pdf | 360/360 | - | 0.999/0.995/0.997 | 0.999/0.999/0.999 | 0.996/0.993/0.995 |
| html | 360/360 | - | 1.000/1.000/1.000 | 1.000/1.000/1.000 | 1.000/1.000/1.000 |

Two loader fixes came with this script, and three fixes after it; before them (same files):

- html 0.958 measures, 0.974 units, 0.979 deadlines (120 documents). LibreOffice's HTML export
  wraps a long `<p>` in the source and the reader kept those breaks as lines, so `第七条` stood
  alone with its text below: the article's lead and list were lost and the purpose clause
  (`第一条 为了…`) read as a measure; all ten lowest were this (NP01023, NP01414, NP01560, …).
  `loaders.text` now shows source breaks as a browser does.
- pdf 0.986 measures, 0.987 units, 0.863 deadlines (360). A line may not start with closing
  punctuation (`，。、；：）”`), so the word processor carries the glyph before it down too and the
  line above ends one glyph short of the right edge (508 of 519 pt). The join of wrapped lines
  allowed no slack in a document that does not indent its paragraphs, so the break stayed: an
  item's tail `的；` alone on a line, `…扬尘的监督管` / `理。`, the lead of an article cut from its
  list (NP00388, NP01023, NP01218, NP00355 .635). `pdf_layout.lead_length` counts the carried
  glyph with its punctuation.

- pdf 0.995 measures, 0.998 units, 0.869 deadlines (360; P/R/F1 0.997/0.993/0.995, 0.998/
  0.998/0.998, 0.924/0.820/0.869). Three faults of a word processor's Latin font beside the CJK one:
  (1) LibreOffice writes a line's Latin glyphs (`“”`) as one run before its CJK glyphs, and pdfium
  gives them at the end of the line (`研究部署 十四五 规划编制专题会议 “ ”`): quoted words lost
  their quotes, a stray `“”` opened the next sentence, and the line's right edge looked short, so
  its wrap was not joined (NX00427, NX00476, NX00524 .000; NM00734 .500; NX00410 .667).
  `pdf.in_box_order` reads such a line by its glyphs' boxes. (2) An opening bracket may not end a
  line, so `《` went down with the glyph after it and the line above ended short (NP00583), and a
  quote is no break after a glyph either (`新“第`, NR00316): `pdf_layout.lead_length` counts them.
  (3) Digits in the Latin font come with spaces around them (`在 2020 年 6 月底前`), and the
  deadline found was `月底前`: the deadline rules now read past spaces between digits and hanzi
  (`deadlines._reading_view`), quoting the deadline as it stands.

What is left in pdf, read off the ten lowest (measure F1; .txt measures, .pdf measures):

- NR00267 .596 (37, 20): its `.txt` holds the whole report on one line, with a space wherever the
  PDF it was taken from broke a line; the word processor breaks its lines at those spaces, so the
  lines end anywhere short of the edge and most wraps are not joined.
- NP00355 .871 (121, 104): its `.txt` already holds several items on one line; not a PDF matter.
- NM01385 .971 (17, 18; 1.000 before): the read-out's opening sentence dates its meeting
  (`于 12 月 25 日至 26 日召开…`). The `.txt` writes `12月25日`, and the normaliser joins that line
  to the title above it (its width is measured in display columns, which the PDF's spaces change),
  so it is no measure; in the PDF it stands alone, and now that its spaced range is read it counts
  as one. A meeting's own dates bound no work; not a PDF matter.
- NP00420 .974, NP00697 .976, NP02326 .992: single wraps left or joined wrongly next to a numbered
  item (`第（一）项` at a line's start reads as an item's number) or a spaced number.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
REAL = Path("/tmp/lead/real")
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
# What LibreOffice is asked for, by extension (its default filter for each is what a unit's
# office suite would save; html is Writer's HTML export).
FORMATS = ("docx", "doc", "odt", "rtf", "pdf", "html")
FIELDS = ("measures", "units", "deadlines")


def load_scorer() -> ModuleType:
    """The shared scorer, imported so its matching rule is used as is, not copied."""
    spec = importlib.util.spec_from_file_location("duban_shared_score", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"找不到评分脚本 {SCORER}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def sample(corpus: Path, count: int) -> list[Path]:
    """`count` documents evenly spaced over the sorted corpus, so every kind is in proportion."""
    files = sorted(corpus.glob("*.txt"))
    if count >= len(files):
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def write_docx(text: str, target: Path) -> None:
    """One paragraph per non-blank line, as a unit typing the document into Word would have it."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(target))


# LibreOffice converts a batch in one start-up, but one bad file ends the batch: small batches,
# then the files still missing one by one.
_BATCH = 40


def convert(sources: list[Path], fmt: str, outdir: Path) -> None:
    """The `.docx` converted to `fmt`, in batches of `_BATCH`, missing ones retried singly."""
    outdir.mkdir(parents=True, exist_ok=True)
    batches = [sources[i : i + _BATCH] for i in range(0, len(sources), _BATCH)]
    for batch in batches:
        _soffice(batch, fmt, outdir)
    for path in sources:
        if not (outdir / f"{path.stem}.{fmt}").exists():
            _soffice([path], fmt, outdir)


def _soffice(sources: list[Path], fmt: str, outdir: Path) -> None:
    profile = outdir.parent / "lo-profile"
    command = [
        "soffice",
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--convert-to",
        fmt,
        "--outdir",
        str(outdir),
        *map(str, sources),
    ]
    try:
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=600
        )
    except subprocess.TimeoutExpired:
        log.warning("LibreOffice timed out converting %d files to %s", len(sources), fmt)


def extract(files: list[Path], workers: int) -> dict[str, dict[str, Any]]:
    """The worktree's `duban extract` over `files`, by file stem."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
    }
    done = subprocess.run(
        [sys.executable, "-m", "duban", "extract", "--format", "jsonl", "-w", str(workers), *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    rows: dict[str, dict[str, Any]] = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            rows[Path(row["source"]).stem] = row
    return rows


def as_gold(row: dict[str, Any]) -> dict[str, Any]:
    """The `.txt` extraction in the scorer's gold shape: every measure, unit and deadline required."""
    return {
        "measures": [
            {
                "text": m["text"],
                "units": [u["name"] for u in m.get("units") or []],
                "deadlines": [d["text"] for d in m.get("deadlines") or []],
            }
            for m in row.get("measures") or []
        ]
    }


def first_unmatched(score: ModuleType, ref: list[str], cand: list[str]) -> tuple[str, str]:
    """The first reference measure with no match and the first candidate with none, for reading."""

    def matched(a: str, others: list[str], a_cover: float, b_cover: float) -> bool:
        na = score.norm(a)
        for b in others:
            nb = score.norm(b)
            common = score.shared_chars(na, nb)
            if common and common >= a_cover * len(na) and common >= b_cover * len(nb):
                return True
        return False

    missed = next((t for t in ref if not matched(t, cand, 0.6, 0.5)), "")
    added = next((t for t in cand if not matched(t, ref, 0.5, 0.6)), "")
    return missed, added


def score_pair(
    score: ModuleType, stem: str, ref: dict[str, Any], row: dict[str, Any]
) -> tuple[Any, list[str], list[str]]:
    """The scorer's tallies of one document, and the measure texts left unmatched by equal text.

    Measures whose normalised text is the same on both sides are paired first (the scorer's
    greedy pairing would take them first too: their ratio is 1); only the rest go through its
    quadratic character matching, which took minutes on the long regulations otherwise."""
    gold = as_gold(ref)["measures"]
    preds = list(row.get("measures") or [])
    waiting: dict[str, list[int]] = {}
    for index, pred in enumerate(preds):
        waiting.setdefault(score.norm(pred["text"]), []).append(index)
    doc = score.DocScore(stem)
    gold_rest: list[dict[str, Any]] = []
    used: set[int] = set()
    for measure in gold:
        same = waiting.get(score.norm(measure["text"]))
        if not same:
            gold_rest.append(measure)
            continue
        pred = preds[same.pop(0)]
        used.add(id(pred))
        doc.measures.tp += 1
        doc.units.add(score.score_names(score.pred_names(pred.get("units"), "name"), measure["units"], []))
        doc.deadlines.add(
            score.score_names(score.pred_names(pred.get("deadlines"), "text"), measure["deadlines"], [])
        )
    pred_rest = [pred for pred in preds if id(pred) not in used]
    rest = score.score_doc(stem, {"measures": gold_rest}, {"measures": pred_rest})
    for field in FIELDS:
        getattr(doc, field).add(getattr(rest, field))
    return doc, [m["text"] for m in gold_rest], [m["text"] for m in pred_rest]


def compare(
    score: ModuleType, reference: dict[str, dict[str, Any]], produced: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Tallies of one format against the `.txt`, its errors by code and its per-document F1."""
    totals = {field: score.Tally() for field in FIELDS}
    errors: Counter[str] = Counter()
    per_doc: list[dict[str, Any]] = []
    read = 0
    for stem, ref in reference.items():
        row = produced.get(stem)
        code = None
        if row is None or "error" in row:
            code = (row or {}).get("error", {}).get("code", "absent")
            errors[code] += 1
            row = None
        else:
            read += 1
        doc, ref_rest, cand_rest = score_pair(score, stem, ref, row or {})
        for field in FIELDS:
            totals[field].add(getattr(doc, field))
        ref_texts = [m["text"] for m in ref.get("measures") or []]
        cand_texts = [m["text"] for m in (row or {}).get("measures") or []]
        missed, added = first_unmatched(score, ref_rest, cand_rest)
        per_doc.append(
            {
                "id": stem,
                "f1": doc.measures.prf()[2],
                "ref": len(ref_texts),
                "cand": len(cand_texts),
                "error": code,
                "missed": missed,
                "added": added,
            }
        )
    return {
        "read": read,
        "errors": dict(errors),
        **{field: dict(zip(("p", "r", "f1"), totals[field].prf(), strict=True)) for field in FIELDS},
        "docs": per_doc,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REAL)
    parser.add_argument("--sample", type=int, default=120, help="documents taken evenly over the corpus")
    parser.add_argument(
        "--formats", default=",".join(FORMATS), help="comma-separated, from docx doc odt rtf pdf html"
    )
    parser.add_argument(
        "--worst", type=int, default=10, help="documents listed per format, lowest measure F1"
    )
    parser.add_argument("--workers", type=int, default=2, help="extraction processes")
    parser.add_argument("--keep", type=Path, help="write the converted files here and keep them")
    parser.add_argument("--json", type=Path, help="also write every figure and document's F1 here")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if shutil.which("soffice") is None:
        log.error("需要 LibreOffice（soffice）来转换格式，本机找不到；请先安装 LibreOffice 再运行。")
        return 2
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    score = load_scorer()
    texts = sample(args.corpus, args.sample)
    log.info("%d documents from %s", len(texts), args.corpus)
    with tempfile.TemporaryDirectory(prefix="duban-parity-") as tmp:
        root = args.keep or Path(tmp)
        docx_dir = root / "docx"
        docx_dir.mkdir(parents=True, exist_ok=True)
        sources = []
        for path in texts:
            target = docx_dir / f"{path.stem}.docx"
            write_docx(path.read_text(encoding="utf-8"), target)
            sources.append(target)
        reference = extract(texts, args.workers)
        results: dict[str, dict[str, Any]] = {}
        for fmt in formats:
            if fmt == "docx":
                files = sources
            else:
                outdir = root / fmt
                convert(sources, fmt, outdir)
                files = [outdir / f"{path.stem}.{fmt}" for path in texts]
                files = [path for path in files if path.exists()]
                if len(files) < len(texts):
                    log.warning("%s: LibreOffice made %d of %d files", fmt, len(files), len(texts))
            log.info("%s: extracting %d files", fmt, len(files))
            results[fmt] = compare(score, reference, extract(files, args.workers))
    if args.json:
        args.json.write_text(json.dumps({"documents": len(texts), "formats": results}, ensure_ascii=False))
    print(report(len(texts), results, args.worst))
    return 0


def report(count: int, results: dict[str, dict[str, Any]], worst: int) -> str:
    """The table (P/R/F1 against the `.txt`) and each format's lowest documents."""
    lines = [f"{count} documents; each format against the .txt's extraction, P/R/F1", ""]
    lines.append("| format | read | errors | measures | units | deadlines |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for fmt, res in results.items():
        errors = " ".join(f"{code}×{n}" for code, n in sorted(res["errors"].items())) or "-"
        cells = [f"{res[field]['p']:.3f}/{res[field]['r']:.3f}/{res[field]['f1']:.3f}" for field in FIELDS]
        lines.append(f"| {fmt} | {res['read']}/{count} | {errors} | " + " | ".join(cells) + " |")
    for fmt, res in results.items():
        low = sorted(res["docs"], key=lambda d: (d["f1"], d["id"]))[:worst]
        low = [d for d in low if d["f1"] < 1.0]
        lines.append("")
        lines.append(f"{fmt}: lowest measure F1" + ("" if low else ": none below 1.0"))
        for d in low:
            lines.append(
                f"  {d['id']} F1 {d['f1']:.3f} (txt {d['ref']}, {fmt} {d['cand']})"
                + (f" error {d['error']}" if d["error"] else "")
            )
            if d["missed"]:
                lines.append(f"      missed: {d['missed'][:70]}")
            if d["added"]:
                lines.append(f"      added:  {d['added'][:70]}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
