"""The shared CLI options: what they declare agrees with the modules they stand in for."""

from __future__ import annotations

import subprocess
import sys


def test_the_default_index_is_the_index_default() -> None:
    from duban.index import DEFAULT_URL
    from duban.pipeline import cli_options

    assert cli_options.DEFAULT_URL == DEFAULT_URL


def test_extract_options_do_not_load_the_index() -> None:
    code = (
        "import sys, duban.pipeline.cli_options, duban.pipeline.cli_extract; "
        "print(sorted(m for m in sys.modules if m == 'duban.index' or m.startswith('duban.index.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
