"""Optional compiled build: the extraction modules compiled by mypyc, beside their pure-Python sources.

All the project's metadata is in pyproject.toml; this file only adds extension modules, and only
when asked (`DUBAN_COMPILE=1`, which `make compile` sets). The hot modules of text extraction
(measures, units, deadlines, progress, the layout and the regex screen) are plain Python whose cost
is the interpreter's, not `re`'s: compiled, they extract the same output in about a fifth less
time (issue 14). The default install stays pure Python because an editable checkout with
compiled modules runs the `.so` beside a `.py`, not the `.py` a developer just edited.

Compiling needs mypy (the `dev` extra) and a C compiler. Without mypyc the build says so and stays
pure; each extension is `optional`, so that a compiler error leaves the pure modules in use.
"""

from __future__ import annotations

import logging
import os

from setuptools import Extension, setup

log = logging.getLogger("duban.setup")

# The modules of `duban extract`'s text path where the time goes (cProfile on real documents),
# with the small modules they call per clause. Left out: `relays` (its `_Found(list)` subclasses a
# builtin, which mypyc does not compile; some 3% of the time) and `metadata`, whose functions kind
# training and `benchmarks/eval_kind.py` replace with `mock.patch` (a compiled caller would not see
# the replacement; some 4%).
COMPILED = [
    "duban/extractors/units.py",
    "duban/extractors/measures.py",
    "duban/extractors/progress.py",
    "duban/extractors/deadlines.py",
    "duban/extractors/prose_model.py",
    "duban/extractors/regex_screen.py",
    "duban/extractors/merge.py",
    "duban/extractors/unit_model.py",
    "duban/extractors/progress_model.py",
    "duban/pipeline/layout.py",
    "duban/pipeline/layout_markers.py",
    "duban/pipeline/structure.py",
    "duban/pipeline/normalize.py",
    "duban/pipeline/table_columns.py",
    "duban/base/numerals.py",
    "duban/base/script.py",
    "duban/base/dates.py",
]


def compiled_extensions() -> list[Extension]:
    """The mypyc extensions of `COMPILED` when `DUBAN_COMPILE=1` and mypyc is installed, else none."""
    if os.environ.get("DUBAN_COMPILE") != "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        log.warning("DUBAN_COMPILE=1 but mypyc is not installed (pip install mypy): building pure Python")
        return []
    # The modules' shared library sits at the top level (`duban_native__mypyc….so`), not inside the
    # package: mypyc derives each module's `__file__` from the library's folder, and inside `duban/`
    # it gives `duban/duban/extractors/…`, where the models (`MODEL_PATH`) are not found.
    extensions = mypycify(COMPILED, opt_level="3", group_name="duban_native")
    for extension in extensions:
        extension.optional = True  # a failed compile leaves the pure module in use
    return extensions


setup(ext_modules=compiled_extensions())
