"""`markup.placeholder-mismatch` on real software strings: a kept placeholder is never a finding;
a dropped, added or altered one always is."""

from __future__ import annotations

import pytest

from mtaudit.pipeline import AuditOptions, audit
from mtaudit.readers.base import Locator
from mtaudit.records import Document
from tests.conftest import flagged

RULE = "markup.placeholder-mismatch"


def mismatches(target: str, source: str, lang: str = "en", source_lang: str = "fr") -> list[tuple[str, str]]:
    result = audit([Document("u", target, source=source, source_lang=source_lang, target_lang=lang)], AuditOptions(select=(RULE,))).documents[0]
    return [(f.text, f.suggestions[0] if f.suggestions else "") for f in result.findings]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Bonjour %(name)s, vous avez %(count)d messages.", "Hello %(name)s, you have %(count)d messages."),
        ("Le fichier %s a été copié dans %s.", "The file %s was copied to %s."),
        ("%1$s a partagé %2$s avec vous.", "%2$s was shared with you by %1$s."),  # reordered: fine
        ("Remise de 50 %% sur %d articles", "50%% off %d items"),
        ("Bienvenue, {0} ! Vous avez {1} nouveaux messages.", "Welcome, {0}! You have {1} new messages."),
        ("Bonjour {{ user.name }}", "Hello {{ user.name }}"),
        ("Total : ${amount}", "Total: ${amount}"),
        ("{count, plural, one {# fichier} other {# fichiers}}", "{count, plural, one {# file} other {# files}}"),
        ("Il a voté pour 52 % des réformes.", "He voted for 52% of the reforms."),  # a French percent sign is no placeholder
    ],
)
def test_kept_placeholders_are_never_findings(source: str, target: str) -> None:
    assert mismatches(target, source) == []


def test_altered_placeholder_points_at_it_and_suggests_the_source_one() -> None:
    assert mismatches("Hello %(nom)s, welcome!", "Bonjour %(name)s, bienvenue !") == [("%(nom)s", "%(name)s")]
    assert mismatches("Hello, {0}! You have {2} new messages.", "Bonjour, {0} ! Vous avez {1} messages.") == [("{2}", "{1}")]


def test_dropped_and_added_placeholders() -> None:
    assert mismatches("You have new messages.", "Vous avez %d nouveaux messages.") == [(".", "")]
    assert mismatches("Your order %s has shipped.", "Votre commande a été expédiée.") == [("%s", "")]
    assert mismatches("{count, plural, one {# file} other {# files}}", "{n, plural, one {# fichier} other {# fichiers}}") == [("{count, plural,", "{n, plural}")]


def test_inline_tags_compared_by_element_and_id() -> None:
    def tags(source_tags: tuple[str, ...], target_tags: tuple[str, ...]) -> list[str]:
        location = Locator("xliff", [0], source_tags=source_tags, target_tags=target_tags)
        document = Document("u", "Click Save to continue.", source="Cliquez sur Enregistrer pour continuer.", source_lang="fr", target_lang="en", location=location)
        result = audit([document], AuditOptions(select=(RULE,))).documents[0]
        return [f.message for f in result.findings]

    assert tags(("g:1", "x:2"), ("x:2", "g:1")) == []
    assert tags(("g:1", "x:2"), ("g:1",)) == ['The translation drops the inline tag <x id="2"> of the source.']
    assert tags(("g:1",), ("g:1", "g:3")) == ['The translation has an inline tag <g id="3"> that the source does not.']


def test_needs_a_source() -> None:
    assert flagged("Hello %(nom)s, welcome!", RULE) == []
