"""consistency.*: one word written two ways in one document."""

from __future__ import annotations

import pytest

from mtaudit.language import variant_key
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document
from tests.conftest import audit_text, needs_hunspell


def found(text: str, lang: str = "en") -> list[tuple[str, str, tuple[str, ...]]]:
    result = audit([Document("t", text, target_lang=lang)], AuditOptions(select=("consistency",)))
    findings = result.documents[0].findings
    for f in findings:
        assert text[f.start : f.end] == f.text
    return [(f.rule, f.text, f.suggestions) for f in findings]


def test_name_in_lower_case_against_majority() -> None:
    needs_hunspell("en")
    text = (
        "She announced the plan on Twitter before noon. Her Twitter followers reacted fast, "
        "and the post spread across Twitter within minutes. Later she wrote on twitter that she was sorry."
    )
    assert found(text) == [("consistency.case", "twitter", ("Twitter",))]


def test_honorific_with_and_without_full_stop() -> None:
    text = "Mr. Okafor met Mr Lindqvist in Oslo. Mr Lindqvist and Mr Haddad spoke first."
    assert found(text) == [("consistency.abbreviation", "Mr.", ("Mr",))]


def test_abbreviation_at_sentence_end_is_not_a_variant() -> None:
    text = "Shops open late on Boxing Day. Ms Quist said sales were good. Ms Varga agreed."
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "minority", "majority"),
    [
        ("The organisation grew fast. A spokesman for the organization declined to comment. The organisation's chief left.",
         "organization", "organisation"),
        ("Send an email to the desk. The e-mail was never answered. Another email followed on Tuesday.", "e-mail", "email"),
        ("The colour of the flag changed. Its color was once red, and the colour stayed for years.", "color", "colour"),
    ],
)
def test_spelling_variants(text: str, minority: str, majority: str) -> None:
    # Only the minority form, once, with the majority form as the suggestion and its confidence.
    findings = audit([Document("t", text, target_lang="en")], AuditOptions(select=("consistency.spelling",))).documents[0].findings
    assert [(f.text, f.suggestions, f.confidence) for f in findings] == [(minority, (majority,), 0.7)]


def test_place_name_accent_variant_in_french() -> None:
    text = "Il est allé à Zurich lundi. La banque de Zürich a confirmé. Le siège à Zürich est fermé."
    assert found(text, "fr") == [("consistency.spelling", "Zurich", ("Zürich",))]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The bill was passed. Bill Clinton spoke about the bill and another bill.", "en"),
        ("The White House said the house would vote. The house voted on Friday.", "en"),
        ("The Bank of England raised rates and the bank said more rises may come. The Bank of Japan waited.", "en"),
        ("Labour won the vote. The Labour leader praised labour market reforms, and Labour MPs cheered.", "en"),
        ("Il habite sur la côte. Il est à côté de la gare. La côte est belle.", "fr"),
        ("Der Bericht kam am Montag. Die Berichte der Woche waren lang, und der Bericht blieb offen.", "de"),
        ("El Gobierno aprobó la ley. El gobierno local protestó, y el Gobierno respondió el martes.", "es"),
    ],
)
def test_no_false_alarm(text: str, lang: str) -> None:
    assert [f for f in found(text, lang) if f[0] == "consistency.case"] == []


def test_variant_key() -> None:
    assert variant_key("organisation", "en") == variant_key("organization", "en")
    assert variant_key("e-mail", "en") == variant_key("email", "en")
    assert variant_key("Zürich", "fr") == variant_key("Zurich", "fr")
    assert variant_key("organisation", "fr") != variant_key("organization", "fr")


@pytest.mark.parametrize(
    ("british", "american"),
    [("organisations", "organizations"), ("realised", "realized"), ("colourful", "colorful"), ("favourites", "favorites"),
     ("centres", "centers"), ("travelling", "traveling"), ("catalogues", "catalogs"), ("defence", "defense"), ("licences", "licenses")],
)
def test_variant_key_merges_every_english_ending(british: str, american: str) -> None:
    """Each ending of `_EN_VARIANTS` merges its two spellings (the quick search for an ending passes over none)."""
    assert variant_key(british, "en") == variant_key(american, "en")
    assert variant_key(british, "fr") != variant_key(american, "fr")


def test_one_finding_per_correction_of_a_span() -> None:
    # Both case.lowercase-name and consistency.case would turn "facebook" into "Facebook".
    text = "Officials said on Facebook that talks would resume. Ministers told Facebook the same, and a post on facebook confirmed it."
    result = audit_text(text)
    assert [(f.text, f.suggestions[0]) for f in result.findings if f.text == "facebook"] == [("facebook", "Facebook")]


def test_spelling_inside_a_name_is_the_name_owners() -> None:
    text = "The centre said the study, led by the Disaster Research Center in Delaware, was sound. The centre agreed."
    assert [f for f in audit_text(text, select=("consistency.spelling",)).findings] == []
    text = "The organisation said the organization would close, the organisation added."
    assert [f.text for f in audit_text(text, select=("consistency.spelling",)).findings] == ["organization"]


# `consistency.case` on a word no dictionary knows ("Zorbex", a made-up brand): the capitalised
# form must be used at least twice and twice as often as the lower-case one.
@pytest.mark.parametrize(
    ("upper", "lower", "fires"),
    [(2, 1, True), (3, 2, False), (4, 2, True), (1, 1, False)],
    ids=["2:1-fires", "3:2-no-majority", "4:2-fires", "1:1-once-is-not-enough"],
)
def test_case_variant_majority_is_two_to_one(upper: int, lower: int, fires: bool) -> None:
    capital = [
        "Shares in Zorbex rose.",
        "Later the Zorbex phone sold out.",
        "Then the Zorbex tablet came.",
        "Soon the Zorbex watch came.",
    ][:upper]
    small = ["Analysts said that zorbex had done well.", "Others said zorbex was lucky."][:lower]
    result = audit_text(" ".join(capital + small), select=("consistency.case",))
    assert [f.text for f in result.findings] == (["zorbex"] * lower if fires else [])
    if fires:
        assert all(f.suggestions == ("Zorbex",) for f in result.findings)


def test_case_variant_the_first_word_of_a_sentence_makes_no_name_run() -> None:
    # "Yesterday Zorbex": a capitalised sentence opener beside the word is no multi-word name, so
    # this "Zorbex" votes, and two capitals beat one lower case.
    text = "Yesterday Zorbex announced a new phone. Shares in Zorbex rose sharply. Analysts said that zorbex had done well."
    assert [f.text for f in audit_text(text, select=("consistency.case",)).findings] == ["zorbex"]
    # Inside a real name run ("Zorbex Mobile") it does not vote: one capital is not enough.
    text = "Yesterday the Zorbex Mobile team announced a phone. Shares in Zorbex rose sharply. Analysts said that zorbex had done well."
    assert audit_text(text, select=("consistency.case",)).findings == []
