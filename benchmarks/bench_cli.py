"""Cold start of a search from the shell: `duban search` in a new process, median of several runs.

Builds a small index from `samples/` in a temporary folder, then times whole processes (start,
imports, query, output) with the segmentation dictionary cache warm (built once beforehand, the
everyday case) and cold (an empty cache folder for every run, as on the first search after an
install or a lexicon change). Beside them, floors: the imports of `pipeline.cli` alone, the same
query through `index` without the command line (what `duban search` would cost if the CLI
imported only what search needs), and the library the command line cannot do without (Typer; the
table of hits is drawn by `pipeline.cli_table`, without rich). Wall time is what a user waits; CPU
time (user + system of the child) is steadier on a busy machine. Goal: warm wall median ≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = "import sys; from duban.pipeline.cli import main; sys.argv[0] = 'duban'; main()"
IMPORTS = "import duban.pipeline.cli"
LIBRARIES = "import typer"
DIRECT = "import sys; from duban.index import open_store; print(len(open_store(sys.argv[1]).search(sys.argv[2]).hits))"


def _env(cache: Path) -> dict[str, str]:
    # the caller's PYTHONPATH stays after the project's (to time another version of a dependency)
    path = os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH", ""))))
    env = {**os.environ, "PYTHONPATH": path, "DUBAN_CACHE_DIR": str(cache), "COLUMNS": "120"}
    # a user's install has its bytecode compiled: let the first run write it, as pip would have
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="processes timed per case (median)")
    parser.add_argument("--query", default="财政 资金")
    parser.add_argument(
        "--importtime", action="store_true", help="also show where the imports of one search go"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="duban-bench-cli-") as tmp:
        folder = Path(tmp)
        index = f"sqlite:///{folder / 'samples.db'}"
        warm_cache = folder / "cache"
        env = _env(warm_cache)
        subprocess.run(
            [sys.executable, "-c", CLI, "ingest", str(ROOT / "samples"), "--index", index, "-q"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        search = [sys.executable, "-c", CLI, "search", args.query, "--index", index]
        _timed(search, env)  # builds the warm cache (and compiles bytecode); not counted
        help_ = [sys.executable, "-c", CLI, "--help"]
        cases = {
            "duban search, warm cache": [_timed(search, env) for _ in range(args.runs)],
            "duban search --json, warm": [_timed([*search, "--json"], env) for _ in range(args.runs)],
            "duban --help": [_timed(help_, env) for _ in range(args.runs)],
            "duban search, cold cache": [_timed(search, _env(folder / f"cold{i}")) for i in range(args.runs)],
            "floor: import duban.pipeline.cli": [
                _timed([sys.executable, "-c", IMPORTS], env) for _ in range(args.runs)
            ],
            "floor: import typer": [_timed([sys.executable, "-c", LIBRARIES], env) for _ in range(args.runs)],
            "floor: index search, no CLI": [
                _timed([sys.executable, "-c", DIRECT, index, args.query], env) for _ in range(args.runs)
            ],
            "floor: python -c pass": [_timed([sys.executable, "-c", "pass"], env) for _ in range(args.runs)],
        }
        imports = _import_shares(search, env) if args.importtime else []
    print(f"CLI cold start, median of {args.runs} processes (query {args.query!r}, index of samples/)")
    print(f"{'case':32} {'wall s':>8} {'cpu s':>8}")
    for name, runs in cases.items():
        wall, cpu = _median(runs)
        print(f"{name:32} {wall:8.3f} {cpu:8.3f}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    if imports:
        print("import time of `duban search` by package (python -X importtime, own time summed):")
        for name, ms in imports:
            print(f"  {name:30} {ms:7.1f} ms")
    return 0


def _import_shares(command: list[str], env: dict[str, str], top: int = 12) -> list[tuple[str, float]]:
    """Where the imports of one `duban search` go: each module's own time, summed by top-level
    package (by sub-package inside duban)."""
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = (part.strip() for part in line[len("import time:") :].split("|"))
        parts = name.split(".")
        key = ".".join(parts[:2]) if parts[0] == "duban" else parts[0]
        totals[key] = totals.get(key, 0.0) + int(own) / 1000
    ranked = sorted(totals.items(), key=lambda item: -item[1])
    return [("(all imports)", sum(totals.values())), *ranked[:top]]


if __name__ == "__main__":
    sys.exit(main())
