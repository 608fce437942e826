"""A benchmark's child process on a given source tree, for comparing two checkouts in one session.

Several benchmarks time the same work on this tree and on another (`--against`), alternating: each
run is a fresh process of the benchmark script itself with `--child`, the tree's package first on
`PYTHONPATH` and the tree as its working folder, that prints its figures as JSON on its last line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def run_child(script: str, tree: Path, args: Sequence[str]) -> dict[str, Any]:
    """The figures `script --child *args` prints on its last line, run on `tree`'s package."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, script, "--child", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=tree,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found
