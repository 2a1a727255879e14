from __future__ import annotations

import pytest

from tests.conftest import audit_text, flagged


def test_metadata_line_glued_to_text() -> None:
    result = audit_text(" date 2022-02-20 Macron’s office also said that work would go on.", select=("markup.metadata",))
    [finding] = result.findings
    assert finding.text == "date 2022-02-20 "
    assert finding.suggestions == ("",)
    assert finding.category == "artefact/markup"


@pytest.mark.parametrize("text", ["Published 12/03/2021 10:45 The minister spoke at length.", "Mis à jour le 2021-03-12 Le ministre a parlé."])
def test_metadata_variants(text: str) -> None:
    assert len(flagged(text, "markup.metadata", "fr" if "Mis" in text else "en")) == 1


@pytest.mark.parametrize("text", ["On 2022-02-20 the office said so.", "The meeting is at 10:45 tomorrow.", "Scores were 3-1 and 2-2."])
def test_metadata_negatives(text: str) -> None:
    assert flagged(text, "markup.metadata") == []


def test_html_tags_and_entities() -> None:
    result = audit_text("Profits rose&nbsp;5% <br> in the year &amp; more.", select=("markup.html",))
    assert [(f.text, f.suggestions) for f in result.findings] == [("&nbsp;", (" ",)), ("<br>", ("",)), ("&amp;", ("&",))]


def test_html_negatives() -> None:
    assert flagged("Sales rose 5% & costs fell < 2% in 2021 (a > b).", "markup.html") == []


def test_placeholders() -> None:
    assert flagged("Dear {{name}}, your order for ${city} ships in {0} days.", "markup.placeholder") == ["{{name}}", "${city}", "{0}"]


def test_placeholder_negatives() -> None:
    assert flagged("The rate was 5% and the budget {approved} was spent.", "markup.placeholder") == []


@pytest.mark.parametrize(
    ("text", "lang", "span"),
    [
        ("The talks went on. Read also: Talks resume in Geneva\nThe meeting ended.", "en", "Read also: Talks resume in Geneva"),
        ("Le ministre a parlé.\nLire aussi : La réunion de Genève\nLa suite.", "fr", "Lire aussi : La réunion de Genève"),
    ],
)
def test_cross_links(text: str, lang: str, span: str) -> None:
    # The whole link, label and title: the title is part of what has to go.
    result = audit_text(text, lang, select=("markup.cross-link",))
    assert [(f.text, f.suggestions, f.confidence) for f in result.findings] == [(span, ("",), 0.8)]


def test_cross_link_negative() -> None:
    assert flagged("I read also that the talks resumed in Geneva.", "markup.cross-link") == []


def test_tracking_url() -> None:
    result = audit_text("See https://example.org/a?utm_source=x&id=3 for details.", select=("markup.tracking-url",))
    assert result.findings[0].suggestions == ("https://example.org/a?id=3",)
    assert flagged("See https://example.org/a?id=3 for details.", "markup.tracking-url") == []


def test_findings_inside_debris_are_dropped() -> None:
    result = audit_text("Published 12/03/2021 10:45 The minister spoke at length.")
    assert [f.rule for f in result.findings] == ["markup.metadata"]


def test_unknown_word_mark() -> None:
    text = "Beneficios en *TimeWarner' saltaron 76%, y *Warner *Bros *tumbled a $639*m."
    result = audit_text(text, "es", select=("markup.unknown-word-mark",))
    assert [(f.text, f.suggestions) for f in result.findings] == [
        ("*TimeWarner", ("TimeWarner",)),
        ("*Warner", ("Warner",)),
        ("*Bros", ("Bros",)),
        ("*tumbled", ()),  # a common word needs a translation, not just the mark removed
        ("*m", ()),
    ]


@pytest.mark.parametrize(
    "text",
    ["This is *really* important and **bold** too.", "An *emphasised phrase* here.", "Prices* apply.\n* item one\n* item two", "Compute 5*3 and a*b."],
)
def test_unknown_word_mark_negatives(text: str) -> None:
    assert flagged(text, "markup.unknown-word-mark") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The minister met the *Bürgermeister on Monday.", [("*Bürgermeister", ("Bürgermeister",))]),
        ("The *very good* result came late.", []),  # Markdown emphasis closed on the line
    ],
)
def test_unknown_word_mark_and_emphasis(text: str, found: list[tuple[str, tuple[str, ...]]]) -> None:
    assert [(f.text, f.suggestions) for f in audit_text(text, select=("markup.unknown-word-mark",)).findings] == found
