"""The ablation table: rules only, model only, merged, scored on each corpus by `score.py`.

    python -m duban.extractors.training.evaluate [--corpus DIR ...] [--score PATH] [--runner cli|inprocess]

Each configuration is run as `duban extract --extractors NAMES DIR` (or in process, which gives
the same JSON Lines without the CLI start-up) and scored by the shared scorer. Corpora default
to the shared dev and seed sets and the two held-out sets written for this project
(`extractors/training/heldout*/`, prose-style documents never used for training; they are only
held out while nobody tunes rules on them, so please don't).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
HELDOUT = (Path(__file__).with_name("heldout"), Path(__file__).with_name("heldout2"))
CONFIGS: tuple[tuple[str, str], ...] = (
    ("rules only", "rules"),
    ("model only", "spacy-only"),
    ("merged", "rules,spacy"),
)
KINDS = ("measures", "units", "deadlines")


def default_corpora() -> list[Path]:
    return [SHARED / "corpus" / "dev", SHARED / "corpus" / "seed", *HELDOUT]


def run_cli(names: str, corpus: Path) -> str:
    """JSON Lines from the installed command line, as a user would run it."""
    exe = Path(sys.executable).with_name("duban")
    proc = subprocess.run(
        [str(exe), "extract", "--extractors", names, str(corpus)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"duban extract failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc.stdout


def run_inprocess(names: str, corpus: Path) -> str:
    """The same JSON Lines as `duban extract`, computed in this process."""
    from duban.extractors.registry import get_extractors
    from duban.pipeline.cli import iter_files
    from duban.pipeline.extract import extract_file

    chosen = get_extractors(tuple(names.split(",")))
    lines = []
    for path, source in iter_files([corpus], recursive=False):
        doc = extract_file(path, source, chosen)
        lines.append(json.dumps(doc.to_json(), ensure_ascii=False))
    return "\n".join(lines) + "\n"


def score(gold: Path, pred_text: str, scorer: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as fh:
        fh.write(pred_text)
        pred = fh.name
    proc = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(gold), "--pred", pred, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(pred).unlink()
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def ablation(corpora: list[Path], scorer: Path, runner: str = "cli") -> list[dict[str, Any]]:
    """One row per corpus and configuration, with P/R/F1 per kind and the run time."""
    rows = []
    for corpus in corpora:
        for label, names in CONFIGS:
            started = time.perf_counter()
            if runner == "cli":
                try:
                    text = run_cli(names, corpus)
                except RuntimeError as exc:
                    print(f"note: {exc}; running in process instead", file=sys.stderr)
                    text = run_inprocess(names, corpus)
            else:
                text = run_inprocess(names, corpus)
            seconds = time.perf_counter() - started
            result = score(corpus / "gold.jsonl", text, scorer)
            rows.append(
                {
                    "corpus": corpus.name,
                    "config": label,
                    "extractors": names,
                    "seconds": round(seconds, 2),
                    **{k: result[k] for k in KINDS},
                }
            )
    return rows


def markdown(rows: list[dict[str, Any]]) -> str:
    head = "| corpus | configuration | " + " | ".join(f"{k} P / R / F1" for k in KINDS) + " |"
    lines = [head, "|" + " --- |" * (2 + len(KINDS))]
    for row in rows:
        cells = [
            f"{row[k]['precision']:.3f} / {row[k]['recall']:.3f} / **{row[k]['f1']:.3f}**" for k in KINDS
        ]
        lines.append(
            f"| {row['corpus']} | {row['config']} (`{row['extractors']}`) | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Ablation: rules only, model only, merged.")
    ap.add_argument("--corpus", type=Path, action="append", help="a folder with documents and gold.jsonl")
    ap.add_argument("--score", type=Path, default=SHARED / "tools" / "score.py")
    ap.add_argument("--runner", choices=("cli", "inprocess"), default="cli")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON instead of a table")
    args = ap.parse_args(argv)
    corpora = [c for c in (args.corpus or default_corpora()) if (c / "gold.jsonl").exists()]
    rows = ablation(corpora, args.score, args.runner)
    print(json.dumps(rows, ensure_ascii=False, indent=1) if args.json else markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
