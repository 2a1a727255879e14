"""spelling.typo: real sentences, positive and negative, in English, French, German and Spanish."""

from __future__ import annotations

import pytest

from mtaudit.language import is_code_like, language
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document
from tests.conftest import audit_text, needs_hunspell


def typos(text: str, lang: str, **kwargs: str) -> list[tuple[str, tuple[str, ...]]]:
    result = audit([Document("t", text, target_lang=lang, **kwargs)], AuditOptions(select=("spelling",)))
    findings = result.documents[0].findings
    for f in findings:
        assert text[f.start : f.end] == f.text
    return [(f.text, f.suggestions) for f in findings]


@pytest.mark.parametrize(
    ("lang", "text", "word", "fix"),
    [
        ("en", "The ministry said in a statment released on Monday that talks would resume.", "statment", "statement"),
        ("en", "Statment from the office: talks will resume next week.", "Statment", "Statement"),
        ("en", "The goverment has promised to publish the figures before the summer.", "goverment", "government"),
        ("en", "Officials expect the comittee to report by the end of the month.", "comittee", "committee"),
        ("fr", "Le gouvernment a publié lundi un communiqué sur la réforme.", "gouvernment", "gouvernement"),
        ("fr", "La ministre a présenté son projet devant le parlemnt mardi.", "parlemnt", "parlement"),
        ("de", "Die Regirung hat am Montag eine Erklärung veröffentlicht.", "Regirung", "Regierung"),
        ("es", "El gobiermo publicó el lunes un comunicado sobre la reforma.", "gobiermo", "gobierno"),
    ],
)
def test_typo_found_with_suggestion(lang: str, text: str, word: str, fix: str) -> None:
    found = dict(typos(text, lang))
    assert word in found
    assert found[word][0] == fix


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The spokesman said the governments of both countries had signed the agreement."),
        ("en", "Parul Jain, an economist at the bank, said hirings were up and crudes had fallen."),
        ("en", "Visit https://exampel.org/statment or write to jonh@exampel.org, #goverment, @recieve, my_varable."),
        ("en", "NASA and UNESCO met in Reykjavik; Ms Okonkwo-Adeyemi chaired the meeting."),
        ("en", "The Kharkiv region lies north of Zaporizhzhia, and Mr Kovalenko lives in Kharkiv."),
        ("en", "It wasn't the first pre-empt of the touchy-feely sort, analysts said."),
        ("fr", "Les gouvernements européens mangeaient ensemble à Bruxelles jeudi soir."),
        ("fr", "L'organisation a confirmé qu'elle présenterait aujourd'hui ses propositions."),
        ("de", "Der Regierungssprecher sagte, das Bundesfinanzministerium prüfe die Wirtschaftsministerin."),
        ("de", "Die Straße vor dem großen Schloss wurde gestern gesperrt, hieß es."),
        ("es", "Los gobiernos latinoamericanos publicaron comunicados económicos el martes."),
    ],
)
def test_no_false_alarm(lang: str, text: str) -> None:
    assert typos(text, lang) == []


def test_repeated_word_is_not_a_typo() -> None:
    text = "The Brexitometer team built the brexitometer in a week. The brexitometer is online."
    assert typos(text, "en") == []


def test_word_common_in_source_left_to_untranslated() -> None:
    text = "The gouvernment announced new measures on Monday."
    assert typos(text, "en", source="Le gouvernment a annoncé de nouvelles mesures.", source_lang="fr") == [("gouvernment", ("government",))]


def test_neighbours_one_edit() -> None:
    found = [w for _, _, w in language("en").neighbours("statment")]
    assert "statement" in found
    assert "receive" in [w for _, _, w in language("en").neighbours("recieve")]
    assert "é" in language("fr").alphabet and "ä" in language("de").alphabet


def test_code_like() -> None:
    text = "see www.exampel.com and foo_bar now"
    assert is_code_like(text, text.index("exampel"), text.index("exampel") + 7)
    assert is_code_like(text, text.index("foo"), text.index("foo") + 3)
    assert not is_code_like(text, text.index("see"), 3)


def test_word_copied_from_the_source_is_no_typo() -> None:
    source = "Las voces sordas de los comentaristas se oyeron en el mercado."
    target = "Les voix sordas des commentateurs ont été entendues sur le marché."
    assert audit_text(target, "fr", select=("spelling.typo",), source=source, source_lang="es").findings == []


def test_a_misspelling_used_twice_is_taken_as_meant() -> None:
    once = "The goverment met on Monday. The government left on Tuesday."
    [finding] = audit_text(once, select=("spelling.typo",)).findings
    assert (finding.text, finding.suggestions[0]) == ("goverment", "government")
    twice = "The goverment met on Monday. The goverment left on Tuesday."
    assert audit_text(twice, select=("spelling.typo",)).findings == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Statment from the minister on Monday.", [("Statment", ("Statement",))]),  # the case of the original
        ("The minister met the mayor of londn on Monday.", [("londn", ("London",))]),  # a name the dictionary capitalises
        ("Yesterday the Statment was published.", []),  # capitalised in mid-sentence: a name
        ("The new iPhine was launched in May.", []),  # an inner capital: a brand
        ("The oPinoin was clear.", []),  # even one that looks like a mistyped word ("opinoin" is corrected)
        # a mistyped first letter: a rare non-word the dictionary rejects is a typo even so (issue 9)
        ("The team will xeceive the award.", [("xeceive", ("receive",))]),
        ("I ahve seen the report.", [("ahve", ("have", "ave"))]),  # ... unless the first two are swapped
        ("The rpesident spoke on Monday.", [("rpesident", ("president", "resident"))]),
    ],
)
def test_typo_case_and_first_letter(text: str, found: list[tuple[str, tuple[str, ...]]]) -> None:
    needs_hunspell("en")
    assert [(f.text, f.suggestions) for f in audit_text(text, select=("spelling.typo",)).findings] == found
