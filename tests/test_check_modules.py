"""Every check module stands alone: it imports no other check module, and stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CHECKS_DIR = Path(__file__).resolve().parent.parent / "mtaudit" / "checks"
MODULES = sorted(p for p in CHECKS_DIR.glob("*.py") if p.name not in ("__init__.py", "base.py"))
# "Under ~250 lines": a module that grows past this is two rule families.
MAX_LINES = 260


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_check_module_imports_no_other_check(path: Path) -> None:
    others = {name for name in imported_modules(path) if name.startswith("mtaudit.checks") and name != "mtaudit.checks.base"}
    assert not others, f"{path.name} imports {sorted(others)}: move what they share into the Language layer"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_check_module_is_small(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES
