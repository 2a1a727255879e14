"""Output formats. Each module renders a finished `AuditResult` and adds nothing to it.

`text` and `json` expose `render(result) -> str`; `html` writes one page per document (and an
index for several), see `mtaudit.formats.html`.
"""

from __future__ import annotations

FORMATS = ("text", "json", "html")
