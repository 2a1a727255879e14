"""The import graph of mtaudit: no cycle, check modules independent of each other, layers kept.

The graph is read from the source with `ast` (nothing is imported): every `import` and
`from … import …` of an mtaudit module, at module level or inside a function, except those under
`if TYPE_CHECKING:` (annotations only) and those inside a module-level `__getattr__` (the lazy
re-export hooks of `mtaudit` and `mtaudit.checks`, which run only once the package is loaded).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mtaudit"

# Check modules that import another check module: none (what they share lives in the Language
# layer and the shared analyses). A pair added here needs a reason.
ALLOWED_CHECK_IMPORTS: set[tuple[str, str]] = set()

# What a layer may import (besides the standard library and third-party packages); the README's
# "Layout" table says the same in words. A module matches the longest prefix listed. The language
# modules (segment, lexicon, hunspell, langid, and filecache, their cache of parsed data) are the bottom layer, shaped by the Language-layer
# work; a new module there is added to the `checks` row when checks start to use it.
LAYERS: dict[str, tuple[str, ...]] = {
    "mtaudit.errors": (),
    "mtaudit.options": (),
    "mtaudit.records": (),
    "mtaudit.terminal": (),
    "mtaudit.scoring": ("mtaudit.records",),
    "mtaudit.align": ("mtaudit.errors", "mtaudit.records", "mtaudit.segment"),
    "mtaudit.rank": ("mtaudit.context", "mtaudit.records"),
    "mtaudit.registry": ("mtaudit.checks", "mtaudit.records"),
    "mtaudit.language": ("mtaudit.segment", "mtaudit.lexicon", "mtaudit.language", "mtaudit.hunspell", "mtaudit.langid", "mtaudit.filecache"),
    "mtaudit.capitals": ("mtaudit.records", "mtaudit.segment", "mtaudit.lexicon", "mtaudit.language", "mtaudit.hunspell", "mtaudit.langid", "mtaudit.filecache"),
    "mtaudit.foreign": ("mtaudit.records", "mtaudit.segment", "mtaudit.lexicon", "mtaudit.language", "mtaudit.hunspell", "mtaudit.langid", "mtaudit.filecache"),
    "mtaudit.quantities": ("mtaudit.records", "mtaudit.segment", "mtaudit.lexicon", "mtaudit.language", "mtaudit.hunspell", "mtaudit.langid", "mtaudit.filecache"),
    "mtaudit.breaks": ("mtaudit.records", "mtaudit.segment", "mtaudit.lexicon", "mtaudit.language", "mtaudit.hunspell", "mtaudit.langid", "mtaudit.filecache", "mtaudit.capitals"),
    "mtaudit.context": ("mtaudit.records", "mtaudit.evidence.data", "mtaudit.segment", "mtaudit.lexicon", "mtaudit.language", "mtaudit.hunspell", "mtaudit.langid", "mtaudit.filecache", "mtaudit.capitals", "mtaudit.foreign", "mtaudit.quantities"),
    "mtaudit.checks": ("mtaudit.checks.base", "mtaudit.context", "mtaudit.records", "mtaudit.evidence.data", "mtaudit.evidence.compare", "mtaudit.glossary", "mtaudit.segment", "mtaudit.lexicon", "mtaudit.language", "mtaudit.hunspell", "mtaudit.langid", "mtaudit.filecache", "mtaudit.capitals", "mtaudit.foreign", "mtaudit.quantities", "mtaudit.breaks"),
    "mtaudit.evidence": ("mtaudit.evidence", "mtaudit.errors", "mtaudit.options", "mtaudit.records", "mtaudit.segment", "mtaudit.lexicon"),
    "mtaudit.gate": ("mtaudit.records",),
    "mtaudit.formats": ("mtaudit.formats", "mtaudit.records", "mtaudit.output", "mtaudit.errors", "mtaudit.checks", "mtaudit.registry", "mtaudit.gate", "mtaudit.baseline", "mtaudit.terminal", "mtaudit.segment"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(node: ast.AST, module: str) -> set[str]:
    found: set[str] = set()
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            found |= {n for item in child.orelse for n in _imports(ast.Module([item], []), module)}
            continue
        if isinstance(child, ast.FunctionDef) and child.name == "__getattr__" and isinstance(node, ast.Module):
            continue
        if isinstance(child, ast.Import):
            found |= {alias.name for alias in child.names if alias.name.startswith("mtaudit")}
        elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0 and child.module.startswith("mtaudit"):
            for alias in child.names:  # `from mtaudit.evidence import hub` imports the module mtaudit.evidence.hub
                sub = f"{child.module}.{alias.name}"
                found.add(sub if sub in MODULES else child.module)
        found |= _imports(child, module)
    return found


@cache
def import_graph() -> dict[str, set[str]]:
    """mtaudit module → the mtaudit modules it imports."""
    graph = {}
    for name, path in MODULES.items():
        graph[name] = {target for target in _imports(ast.parse(path.read_text(encoding="utf-8")), name) if target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_real_imports() -> None:
    graph = import_graph()
    assert "mtaudit.registry" in graph["mtaudit.pipeline"]
    assert "mtaudit.checks.base" in graph["mtaudit.checks.casing"]
    assert "mtaudit.context" not in graph["mtaudit.evidence.gather"]  # only under TYPE_CHECKING


def test_mtaudit_has_no_import_cycle() -> None:
    assert find_cycle(import_graph()) is None


def test_check_modules_do_not_import_each_other() -> None:
    graph = import_graph()
    offending = set()
    for name, targets in graph.items():
        if not name.startswith("mtaudit.checks.") or name == "mtaudit.checks.base":
            continue
        for target in targets:
            if target.startswith("mtaudit.checks.") and target != "mtaudit.checks.base":
                offending.add((name.rsplit(".", 1)[1], target.rsplit(".", 1)[1]))
    assert offending <= ALLOWED_CHECK_IMPORTS, sorted(offending - ALLOWED_CHECK_IMPORTS)


def _layer(module: str) -> str | None:
    matches = [prefix for prefix in LAYERS if module == prefix or module.startswith(prefix + ".")]
    return max(matches, key=len) if matches else None


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _layer(m)))
def test_each_layer_imports_only_what_it_may(module: str) -> None:
    allowed = LAYERS[_layer(module)]  # type: ignore[index]
    imported = import_graph()[module]
    wrong = {t for t in imported if not any(t == a or t.startswith(a + ".") for a in allowed)}
    if module.startswith("mtaudit.checks."):
        wrong = {t for t in wrong if not t.startswith("mtaudit.checks.")}  # checked by the test above
    assert not wrong, f"{module} imports {sorted(wrong)}"
