"""Regenerate the rule table in README.md from the rule documentation."""

from __future__ import annotations

from pathlib import Path

from mtaudit.cli import rules_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- rules:start -->\n") + len("<!-- rules:start -->\n")
    end = text.index("<!-- rules:end -->")
    README.write_text(text[:start] + rules_markdown() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
