"""mtaudit: find what the machine got wrong in a translated text, and propose the fix."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "audit"]


def __getattr__(name: str):  # lazy, so `import mtaudit` stays cheap for the CLI
    if name == "audit":
        from mtaudit.pipeline import audit

        return audit
    raise AttributeError(name)
