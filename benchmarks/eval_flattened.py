"""What a page flattened onto one line costs extraction, on dev.

Scraped pages often arrive with their paragraphs joined onto one line (three of the real corpus's
city work reports do). The layout (`pipeline.layout.split_flattened`) recovers the items of such
a line from its numbering; this measures how much of the original reading it gets back. Each dev
document is written out in a temporary folder twice: its title line kept and every other line
joined by one space (`space`), and joined with nothing (`none`). The three corpora (original,
space, none) are extracted with the command line and scored with the shared scorer against dev
gold; the fields are printed side by side, with the documents whose measures fell most.

Documents whose original reads as a table (three table rows or more) are left out: their cells
cannot be recovered from one line, so they would only measure that.

    python benchmarks/eval_flattened.py [--corpus ../shared/corpus/dev] [--worst 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
FIELDS = ("measures", "units", "deadlines", "relays", "progress")
JOINS = {"space": " ", "none": ""}
# A document whose original holds this many table rows relies on its cells.
_TABLE_ROWS = 3


def flatten(text: str, joiner: str) -> str:
    """The title line, then every other non-blank line joined by `joiner` (a scraped page)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) <= 1:
        return text
    return lines[0] + "\n" + joiner.join(lines[1:]) + "\n"


def is_table_document(path: Path) -> bool:
    """Whether the structure parser reads the document's original as a table."""
    from duban.pipeline.extract import build_document
    from duban.pipeline.loaders import load

    doc = build_document(load(path, None))
    return sum(block.kind == "table_row" for block in doc.blocks) >= _TABLE_ROWS


def _extract(files: list[Path], out: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
    }
    with out.open("w", encoding="utf-8") as sink:
        subprocess.run(
            [sys.executable, "-m", "duban", "extract", *map(str, files)], env=env, stdout=sink, check=True
        )


def _score(gold: Path, pred: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(pred), "--json", "--worst", "1000"],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _measure_f1(result: dict[str, Any]) -> dict[str, float]:
    return {row["id"]: row["measure_f1"] for row in result.get("worst", [])}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--worst", type=int, default=10, help="documents listed whose measure F1 fell most")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    files = sorted(args.corpus.glob("*.txt"))
    kept = [path for path in files if not is_table_document(path)]
    left_out = sorted(path.stem for path in set(files) - set(kept))
    log.info("%d documents, %d left out as tables: %s", len(files), len(left_out), " ".join(left_out))
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="duban-flat-") as tmp:
        root = Path(tmp)
        gold = root / "gold.jsonl"
        ids = {path.stem for path in kept}
        with gold.open("w", encoding="utf-8") as sink:
            for line in (args.corpus / "gold.jsonl").read_text(encoding="utf-8").splitlines():
                if line.strip() and json.loads(line)["id"] in ids:
                    sink.write(line + "\n")
        corpora: dict[str, list[Path]] = {"original": kept}
        for name, joiner in JOINS.items():
            folder = root / name
            folder.mkdir()
            corpora[name] = []
            for path in kept:
                target = folder / path.name
                target.write_text(flatten(path.read_text(encoding="utf-8"), joiner), encoding="utf-8")
                corpora[name].append(target)
        for name, paths in corpora.items():
            pred = root / f"{name}.jsonl"
            _extract(paths, pred)
            results[name] = _score(gold, pred)
    if args.json:
        print(json.dumps({"left_out": left_out, **results}, ensure_ascii=False))
        return 0
    print(f"{'':10}" + "".join(f"{name:>10}" for name in results))
    for field in FIELDS:
        print(f"{field:10}" + "".join(f"{results[name][field]['f1']:>10.3f}" for name in results))
    original = _measure_f1(results["original"])
    space = _measure_f1(results["space"])
    falls = sorted(original, key=lambda doc: space.get(doc, 0.0) - original[doc])[: args.worst]
    print("measure F1 original → space-joined, largest falls:")
    for doc in falls:
        print(f"  {doc:6} {original[doc]:.3f} → {space.get(doc, 0.0):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
