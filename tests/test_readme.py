"""The README's rule table is generated from the rule docs and must not drift."""

from __future__ import annotations

from mtaudit.cli import rules_markdown
from tests.conftest import ROOT


def test_readme_rule_table_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- rules:start -->\n") + len("<!-- rules:start -->\n")
    end = readme.index("<!-- rules:end -->")
    assert readme[start:end] == rules_markdown(), "run: python benchmarks/update_readme.py"


def test_readme_commands_name_real_files() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "fixtures/example-fr-en-news.txt" in readme and (ROOT / "fixtures" / "example-fr-en-news.txt").exists()
    assert "bash .ci/run" in readme and (ROOT / ".ci" / "run").exists()
