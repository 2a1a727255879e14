"""The checks, one module per family (see `mtaudit.registry.MODULES` for the list and order).

A check module imports only `mtaudit.checks.base` (the records, the context and the `check`
decorator) and the language layer. The registry functions are re-exported here lazily, for
code that imports them from `mtaudit.checks`, without this package importing the registry.
"""

from __future__ import annotations

from typing import Any

_REGISTRY = ("all_checks", "is_selected", "rules", "select_checks")


def __getattr__(name: str) -> Any:
    if name in _REGISTRY:
        from mtaudit import registry

        return getattr(registry, name)
    raise AttributeError(name)


__all__ = list(_REGISTRY)
