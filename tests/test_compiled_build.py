"""The optional mypyc build (`make compile`, `setup.py`'s `COMPILED`) stays one that can be compiled.

A compiled module calls its own functions directly, so a replacement put on the module at run time
(`mock.patch.object(module, "name", …)`) is not seen by its compiled callers: project code that patches
a module must keep that module out of `COMPILED` (`metadata` is left out for that reason).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from duban.extractors import progress_model, prose_model, unit_model

ROOT = Path(__file__).resolve().parents[1]
# A run-time replacement of a module's function, as project code writes it.
_PATCH = re.compile(r"mock\.patch\.object\(\s*(\w+)\s*,")


def _compiled() -> list[str]:
    """`COMPILED` as setup.py writes it, read without running setup.py (which would build)."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(path) for path in value]
    raise AssertionError("setup.py has no COMPILED list")


def test_every_compiled_module_exists_once() -> None:
    compiled = _compiled()
    assert len(compiled) == len(set(compiled)) >= 10
    for path in compiled:
        assert path.startswith("duban/") and path.endswith(".py"), path
        assert (ROOT / path).is_file(), path


def test_no_project_code_patches_a_compiled_module() -> None:
    stems = {Path(path).stem for path in _compiled()}
    patched: list[str] = []
    for folder in ("duban", "benchmarks"):
        for source in (ROOT / folder).rglob("*.py"):
            for name in _PATCH.findall(source.read_text(encoding="utf-8")):
                if name in stems:
                    patched.append(f"{source.relative_to(ROOT)}: {name}")
    assert not patched, patched


def test_the_guard_sees_a_patch() -> None:
    # The guard above reads the form the project writes (`eval_kind.py`), a metadata patch included.
    line = 'with mock.patch.object(metadata, "_kind", lambda text, title: "minutes"):'
    assert _PATCH.findall(line) == ["metadata"]
    assert not _PATCH.findall("metadata._kind(text, title)")


def test_the_models_are_found_where_the_modules_say() -> None:
    # A compiled module's `__file__` comes from where its shared library lies (setup.py's
    # `group_name`): a wrong one loses the learned decisions without an error.
    for module in (prose_model, unit_model, progress_model):
        assert module.MODEL_PATH.is_file(), module.MODEL_PATH
