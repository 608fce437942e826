"""The layers of the package, checked on every import statement (lazy ones inside functions too).

From the bottom: `base` (records, errors, vocabulary, text utilities) imports nothing of the
project; `rules` (rule data and its loading) only `base`; reading (loaders, normalisation, layout,
structure, metadata) builds on those; extraction on reading; the index on `base` alone; the
cross-check (links, statuses, corrections, ledger) on all of those; the application (CLI, web,
ingestion) at the top, imported by nothing. Development tools (model training, word-list miners)
may use anything but nothing at run time imports them. A new module must be placed here, so the
test also fails on a module it cannot place.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "duban"

#: Layer of each module, by longest matching prefix.
LAYERS: dict[str, str] = {
    "duban": "base",
    "duban.__main__": "app",
    "duban.base": "base",
    "duban.rules": "rules",
    "duban.rules.lexicons": "tools",
    "duban.pipeline": "app",
    "duban.pipeline.loaders": "reading",
    "duban.pipeline.normalize": "reading",
    "duban.pipeline.layout": "reading",
    "duban.pipeline.layout_markers": "reading",
    "duban.pipeline.structure": "reading",
    "duban.pipeline.table_columns": "reading",
    "duban.pipeline.metadata": "reading",
    "duban.pipeline.issuers": "reading",
    "duban.pipeline.doc_kind": "reading",
    "duban.pipeline.titles": "reading",
    "duban.pipeline.files": "reading",
    "duban.pipeline.archives": "reading",
    "duban.pipeline.mail": "reading",
    "duban.extractors": "extraction",
    "duban.extractors.training": "tools",
    "duban.extractors.prose_model": "extraction",
    "duban.extractors.progress_model": "extraction",
    "duban.extractors.unit_model": "extraction",
    "duban.pipeline.extract": "extraction",
    "duban.pipeline.worker": "extraction",
    # the fork server's preload, loaded by name only: it readies the extractors and bounds the
    # index's word-start cache the ingest's worker path fills, so it sits with the application
    "duban.pipeline.worker_preload": "app",
    "duban.index": "index",
    "duban.pipeline.crosscheck": "crosscheck",
    "duban.pipeline.crosscheck_text": "crosscheck",
    "duban.pipeline.crosscheck_titlekeys": "crosscheck",
    "duban.pipeline.crosscheck_measures": "crosscheck",
    "duban.pipeline.crosscheck_dates": "crosscheck",
    "duban.pipeline.crosscheck_index": "crosscheck",
    "duban.pipeline.crosscheck_content": "crosscheck",
    "duban.pipeline.crosscheck_embed": "crosscheck",
    "duban.pipeline.crosscheck_kin": "crosscheck",
    "duban.pipeline.crosscheck_mine": "tools",
    "duban.pipeline.doc_kind_training": "tools",
    "duban.pipeline.status": "crosscheck",
    "duban.pipeline.corrections": "crosscheck",
    "duban.pipeline.ledger": "crosscheck",
    "duban.pipeline.ledger_xlsx": "crosscheck",
    "duban.pipeline.xlsx_writer": "crosscheck",  # the ledger's workbook format; search's export reuses it
    "duban.pipeline.docx_writer": "crosscheck",  # the 催办通知单's document format
    "duban.pipeline.reminders": "crosscheck",
    "duban.pipeline.changes": "crosscheck",
    "duban.pipeline.versions": "crosscheck",
    "duban.pipeline.copies": "crosscheck",
    "duban.pipeline.search_export": "app",
    # the saved ledger kept on disk: written by the web app's worker and `duban crosscheck`
    "duban.pipeline.ledger_keep": "app",
}

#: What each layer may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "rules": {"base"},
    "reading": {"base", "rules"},
    "extraction": {"base", "rules", "reading"},
    "index": {"base"},
    "crosscheck": {"base", "rules", "reading", "extraction", "index"},
    "app": {"base", "rules", "reading", "extraction", "index", "crosscheck", "tools"},
    "tools": {"base", "rules", "reading", "extraction", "index", "crosscheck", "app"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        found = LAYERS.get(".".join(parts[:n]))
        if found is not None:
            return found
    raise KeyError(module)


def project_imports(path: Path) -> Iterator[tuple[int, str]]:
    """Every `duban…` module `path` imports, anywhere in the file, with its line."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: relative import; write `from duban…`")
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "duban":
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "duban":
                    yield node.lineno, alias.name


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_layer() -> None:
    unplaced = []
    for path in modules():
        try:
            layer_of(module_name(path))
        except KeyError:
            unplaced.append(module_name(path))
    assert not unplaced


def test_imports_only_go_down_the_layers() -> None:
    broken = []
    for path in modules():
        mine = layer_of(module_name(path))
        for line, target in project_imports(path):
            theirs = layer_of(target)
            if theirs != mine and theirs not in ALLOWED[mine]:
                broken.append(f"{module_name(path)}:{line} ({mine}) imports {target} ({theirs})")
    assert not broken, "\n".join(broken)


def test_the_application_and_the_tools_are_imported_by_nothing_below() -> None:
    below = {"base", "rules", "reading", "extraction", "index", "crosscheck"}
    for layer in below:
        assert not ALLOWED[layer] & {"app", "tools"}, layer


def test_no_import_cycles_at_module_level() -> None:
    """Module-level imports form no cycle (imports inside functions may break one on purpose)."""
    graph: dict[str, set[str]] = {}
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        targets: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("duban"):
                targets.add(node.module)
                targets.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("duban"))
        graph[module_name(path)] = targets
    known = set(graph)
    edges = {m: {t for t in ts if t in known and t != m} for m, ts in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle.extend([*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt])
                return True
            if nxt not in state and visit(nxt, [*trail, nxt]):
                return True
        state[node] = 2
        return False

    for start in sorted(edges):
        if start not in state and visit(start, [start]):
            break
    assert not cycle, " -> ".join(cycle)


@pytest.mark.parametrize(
    ("module", "layer"),
    [
        ("duban.base.model", "base"),
        ("duban.index.sqlite_store", "index"),
        ("duban.pipeline.cli", "app"),
        ("duban.extractors.training.train", "tools"),
        ("duban.pipeline.loaders.pdf", "reading"),
    ],
)
def test_layer_map_places_known_modules(module: str, layer: str) -> None:
    assert layer_of(module) == layer
