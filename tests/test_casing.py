from __future__ import annotations

import pytest

from tests.conftest import audit_text, flagged, needs_hunspell


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said on Saturday in A statement that talks would resume.", ["A"]),
        ("Sales rose sharply in The third quarter, the company said.", ["The"]),
        ("Ils ont parlé hier et Ensuite la réunion a continué dans le calme.", ["Ensuite"]),
    ],
)
def test_mid_sentence_capital_flags_common_words(text: str, expected: list[str]) -> None:
    needs_hunspell("fr" if "Ils" in text else "en")
    lang = "fr" if "Ils" in text else "en"
    assert flagged(text, "case.mid-sentence-capital", lang) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Organization for Security and Cooperation in Europe met in Vienna on Monday.",
        "French Foreign Minister Jean-Yves Le Drian spoke to the Tripartite Contact Group.",
        "She said: Everything is ready, and I agree with her.",
        "He quoted the slogan “Never Again” during the speech in March.",
        "The report was published by NASA and the BBC in English.",
        "He told BBC Radio 4's World at One that the charity War on Want had a point.",
        "Der Minister hat am Montag eine Erklärung abgegeben.",
    ],
)
def test_mid_sentence_capital_leaves_names_titles_and_openers(text: str) -> None:
    needs_hunspell("de" if text.startswith("Der") else "en")
    lang = "de" if text.startswith("Der") else "en"
    assert flagged(text, "case.mid-sentence-capital", lang) == []


def test_mid_sentence_capital_suggests_lower_case() -> None:
    result = audit_text("The minister said on Saturday in A statement that talks would resume.", select=("case.mid-sentence-capital",))
    assert result.findings[0].suggestions == ("a",)


def test_document_vote_keeps_a_name_the_document_capitalises() -> None:
    text = "We met Bishop Tutu. Later Bishop spoke again and Bishop left. The meeting with Bishop ended."
    assert "Bishop" not in flagged(text, "case.mid-sentence-capital")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained all day. the match went on regardless.", ["the"]),
        ("(applause)", ["applause"]),
        ("(Laughter) you had better run away from here now.", ["you"]),
    ],
)
def test_sentence_start_lowercase(text: str, expected: list[str]) -> None:
    assert flagged(text, "case.sentence-start-lowercase") == expected


@pytest.mark.parametrize(
    "text",
    [
        "It rained all day. The match went on regardless.",
        "The iPhone sold well. eBay listed it too.",
        "(Applause) Thank you all for coming tonight.",
    ],
)
def test_sentence_start_lowercase_negatives(text: str) -> None:
    assert flagged(text, "case.sentence-start-lowercase") == []


def test_lowercase_name_from_dictionary() -> None:
    needs_hunspell("en")
    assert flagged("Talks resume in ukraine on monday after a pause.", "case.lowercase-name") == ["ukraine", "monday"]


def test_lowercase_name_leaves_common_words() -> None:
    assert flagged("The states agreed that the walls would rather stay independent.", "case.lowercase-name") == []


def test_lowercase_name_from_document_votes() -> None:
    text = "Officials said on Facebook that talks would resume. Ministers told Facebook the same, and a post on facebook confirmed it."
    assert flagged(text, "case.lowercase-name") == ["facebook"]


def test_lowercase_name_votes_ignore_common_words_and_longer_names() -> None:
    # "home" is a common word; "Centre" is only ever part of a longer name here.
    text = (
        "The minister said Home Office staff would stay at home. The Home Office agreed. "
        "The Centre for Policy Studies said the centre of town was quiet; the Centre for Policy Studies agreed."
    )
    assert flagged(text, "case.lowercase-name") == []


def test_lowercase_multi_word_name() -> None:
    text = (
        "Talks of the Tripartite Contact Group resumed. Envoys of the Tripartite Contact Group met in Minsk, "
        "and the tripartite contact group said nothing."
    )
    result = audit_text(text, select=("case.lowercase-name",))
    assert [(f.text, f.suggestions[0]) for f in result.findings] == [("tripartite contact group", "Tripartite Contact Group")]


def test_multi_word_name_after_a_sentence_opening_capital() -> None:
    # "Later" and "Then" are capitalised only because they open their sentences.
    text = "Later the Tripartite Contact Group met. Then the Tripartite Contact Group said no. Envoys say the tripartite contact group left."
    assert flagged(text, "case.lowercase-name") == ["tripartite contact group"]


def test_lowercase_multi_word_name_negatives() -> None:
    # Written capitalised only once, or outnumbered by the lower case, or beginning with a function word.
    once = "The Cold War ended. Historians of the cold war disagree."
    outnumbered = "He studied the Big Bang and the big bang, then wrote about the big bang again and the Big Bang."
    function_word = "She read The Times daily and wrote for The Times often; at the times she chose."
    inside_longer_name = (
        "He cited the European Convention on Human Rights and the Convention on Human Rights again; human rights matter."
    )
    for text in (once, outnumbered, function_word, inside_longer_name):
        assert flagged(text, "case.lowercase-name") == [], text


def test_rare_capitalised_words_are_names() -> None:
    needs_hunspell("en")
    # "wayfarer" is a rare lower-case word (Zipf 2.4): capitalised, it is most likely a name…
    assert flagged("He sailed in the Wayfarer dinghy across the bay.", "case.mid-sentence-capital") == []
    # …unless the document writes the same word in lower case too.
    text = "The old wayfarer walked on. It rested once the Wayfarer had reached the bay."
    assert flagged(text, "case.mid-sentence-capital") == ["Wayfarer"]


@pytest.mark.parametrize(
    "text",
    [
        "Firms gave three reasons for staying:\n\n- call centres are part of the core business,\n - they fear the risk of going abroad.",
        "The data come from two categories,\none article per file, as distributed in the\nrepository of the project.",
    ],
)
def test_sentence_start_lowercase_leaves_lists_and_wrapped_lines(text: str) -> None:
    assert flagged(text, "case.sentence-start-lowercase") == []


def test_sentence_start_lowercase_after_a_full_stop_and_line_break() -> None:
    assert flagged("The vote was held on Monday.\nthe result came later.", "case.sentence-start-lowercase") == ["the"]


def test_lowercase_name_from_the_source() -> None:
    source = "Le président a écrit sur Twitter qu'il parlerait lundi. Il a ensuite quitté la salle."
    target = "The president wrote on twitter that he would speak on Monday. He then left the room."
    result = audit_text(target, source=source, source_lang="fr", select=("case.lowercase-name",))
    assert [(f.text, f.suggestions[0]) for f in result.findings] == [("twitter", "Twitter")]


def test_lowercase_name_from_the_source_not_for_german_nouns() -> None:
    source = "Wir übernachteten im Hotel am Markt. Das Essen war gut."
    target = "We stayed at the hotel on the market square. The food was good."
    assert flagged(target, "case.lowercase-name", source=source, source_lang="de") == []


def test_lowercase_name_from_an_english_source_into_spanish() -> None:
    # English capitalises "Indian"/"India" where Spanish writes the adjective "india" in lower case.
    source = "India said its deficit was too big. In the year to March, the economy of India grew."
    target = "India dijo que su déficit era demasiado grande. En el año a marzo, la economía india creció."
    assert flagged(target, "case.lowercase-name", "es", source=source, source_lang="en") == []


def test_sentence_start_lowercase_after_a_quotation_closed_by_a_full_stop() -> None:
    text = 'We need a whole strategy for dealing with this." he added. The meeting ended.'
    result = audit_text(text, select=("case.sentence-start-lowercase",))
    assert [(f.text, f.suggestions) for f in result.findings] == [('." he', (',\" he', '." He'))]


def test_sentence_start_lowercase_after_an_abbreviation_with_stops() -> None:
    text = "Le déficit de commerce des EE.UU. est grand, dit-il. Les prix montent aux U.S.A. dans le pays."
    assert flagged(text, "case.sentence-start-lowercase", "fr") == []


def test_lowercase_word_copied_from_the_source_is_no_lost_capital() -> None:
    needs_hunspell("en")
    needs_hunspell("fr")
    # Spanish "amiga" copied into a French translation is untranslated, not the name "Amiga";
    # "india" in English is the country however it came: a lost capital.
    source = "Su amiga vende ron y vino en todo el mundo."
    target = "Son amiga vend du rhum et du vin dans le monde entier."
    assert flagged(target, "case.lowercase-name", "fr", source=source, source_lang="es") == []
    target = "The economy of india grew fast."
    assert flagged(target, "case.lowercase-name", source="La economía india creció rápido.", source_lang="es") == ["india"]


# Near misses at the "most sentences start in lower case on purpose" threshold: from five
# sentence starts on, more than 60 % of them in lower case means a deliberate style.
FIVE_STARTS_FOUR_LOWER = "the talks resumed on Monday. the minister spoke first. the rebels answered later. the envoy took notes. The meeting ended at noon."
FIVE_STARTS_THREE_LOWER = "the talks resumed on Monday. the minister spoke first. the rebels answered later. The envoy took notes. The meeting ended at noon."
FOUR_STARTS_THREE_LOWER = "the talks resumed on Monday. the minister spoke first. the rebels answered later. The meeting ended at noon."
SIX_STARTS_FOUR_LOWER = FIVE_STARTS_FOUR_LOWER + " The press left."


@pytest.mark.parametrize(
    ("text", "count"),
    [(FIVE_STARTS_FOUR_LOWER, 0), (FIVE_STARTS_THREE_LOWER, 3), (FOUR_STARTS_THREE_LOWER, 3), (SIX_STARTS_FOUR_LOWER, 0)],
    ids=["5-starts-4-lower-on-purpose", "5-starts-3-lower", "4-starts-too-few-to-judge", "6-starts-4-lower-on-purpose"],
)
def test_sentence_start_lowercase_style_threshold(text: str, count: int) -> None:
    assert flagged(text, "case.sentence-start-lowercase") == ["the"] * count
