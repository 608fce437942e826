"""Run every benchmark script in this folder in turn (`make bench`); each prints its own table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

QUICK_ARGS = {"bench_index.py": ["--measures", "100000"], "bench_real.py": ["--sample", "600"]}


def main() -> int:
    here = Path(__file__).resolve().parent
    failed = 0
    for script in sorted(here.glob("bench_*.py")):
        print(f"\n=== {script.name}", flush=True)
        args = QUICK_ARGS.get(script.name, []) if "--full" not in sys.argv else []
        failed += subprocess.call([sys.executable, str(script), *args]) != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
