"""Tests written against the survivors of the mutation benchmark (`benchmarks/mutation.py`, results
in `benchmarks/mutation-results.md`): each case sits at a threshold or an offset that a planted bug
moved without any other test noticing. Every case asserts the exact spans (start, end, text) and the
first suggestion, and each threshold has its near miss on the other side.

The rule modules' own `examples=` tables stay the first place for a rule's behaviour; these cases
need what an example cannot give (no Hunspell dictionaries, a batch of documents, a pinned
confidence or score)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document, DocumentResult
from tests.conftest import assert_spans

Found = tuple[int, int, str, str | None]


def run(
    text: str,
    rule: str,
    lang: str = "en",
    source: str | None = None,
    source_lang: str | None = None,
    dict_dirs: tuple[str, ...] | None = None,
) -> DocumentResult:
    """Audit one text with the rules whose ids start with `rule` (Hunspell dictionaries only from
    `dict_dirs` when given: an empty folder stands for a machine without them)."""
    document = Document(id="t", target=text, source=source, source_lang=source_lang, target_lang=lang)
    result = audit([document], AuditOptions(select=(rule,), dict_dirs=dict_dirs)).documents[0]
    assert_spans(result, text)
    return result


def found(text: str, rule: str, **kwargs: object) -> list[Found]:
    """(start, end, text, first suggestion) of every finding of exactly `rule`."""
    result = run(text, rule, **kwargs)  # type: ignore[arg-type]
    return [(f.start, f.end, f.text, f.suggestions[0] if f.suggestions else None) for f in result.findings if f.rule == rule]


@pytest.fixture()
def no_dictionaries(tmp_path: Path) -> tuple[str, ...]:
    """Hunspell folders that hold nothing: the checks fall back to word frequencies."""
    empty = tmp_path / "no-dictionaries"
    empty.mkdir()
    return (str(empty),)


# --- untranslated.word -------------------------------------------------------------------------------


def test_an_untranslated_span_does_not_join_across_a_comma() -> None:
    # "gouvernement" and "la semaine dernière" are two spans: a comma separates them (`_adjacent`)
    text = "The decision of the gouvernement, la semaine dernière, surprised everyone."
    source = "La décision du gouvernement, la semaine dernière, a surpris tout le monde."
    assert found(text, "untranslated.word", source=source, source_lang="fr") == [
        (20, 32, "gouvernement", None),
        (34, 53, "la semaine dernière", None),
    ]


def test_copied_word_margin_without_a_dictionary(no_dictionaries: tuple[str, ...]) -> None:
    # Without Hunspell, a word copied from the source that is rare in English (Zipf 2.46) and
    # 1.22 more frequent in French is untranslated (margin 1.2) …
    text = "An amas of rubble blocked the road."
    source = "Un amas de décombres bloquait la route."
    assert found(text, "untranslated.word", source=source, source_lang="fr", dict_dirs=no_dictionaries) == [(3, 7, "amas", None)]
    # … while one only 1.18 more frequent in French (English 2.31, French 3.49) is not.
    text = "They found a besson in the attic."
    source = "Ils ont trouvé un besson dans le grenier."
    assert found(text, "untranslated.word", source=source, source_lang="fr", dict_dirs=no_dictionaries) == []
