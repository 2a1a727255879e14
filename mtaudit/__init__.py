"""mtaudit: find what the machine got wrong in a translated text, and propose the fix.

The Python API (see `mtaudit.api` and the README):

    import mtaudit
    result = mtaudit.audit_text("Mr. Zelensky wrote on twitter He told Mr Macron.", target_lang="en")
    result = mtaudit.audit_files(["translations/"], select=["case", "spelling"])

`audit_text`, `audit_files` and `audit` (the pipeline on `Document`s) are imported on first use,
so `import mtaudit` stays cheap for the command line.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "audit", "audit_files", "audit_text"]


def __getattr__(name: str) -> Any:  # lazy, so `import mtaudit` stays cheap for the CLI
    if name == "audit":
        from mtaudit.pipeline import audit

        return audit
    if name in ("audit_text", "audit_files"):
        from mtaudit import api

        return getattr(api, name)
    raise AttributeError(f"module 'mtaudit' has no attribute {name!r}")
