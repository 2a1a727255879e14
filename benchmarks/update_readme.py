"""Regenerate the generated tables of README.md: the rules (from the rule documentation) and the
score table (from `mtaudit.scoring`)."""

from __future__ import annotations

from pathlib import Path

from mtaudit.cli import rules_markdown
from mtaudit.scoring import score_table

README = Path(__file__).resolve().parent.parent / "README.md"


def replace_between(text: str, name: str, content: str) -> str:
    """`text` with what lies between `<!-- name:start -->` and `<!-- name:end -->` replaced."""
    start = text.index(f"<!-- {name}:start -->\n") + len(f"<!-- {name}:start -->\n")
    end = text.index(f"<!-- {name}:end -->")
    return text[:start] + content + text[end:]


def main() -> None:
    text = README.read_text(encoding="utf-8")
    text = replace_between(text, "rules", rules_markdown())
    text = replace_between(text, "scores", score_table())
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
