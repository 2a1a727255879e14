"""Tests written against survivors of the mutation benchmark (`benchmarks/mutation.py`, results in
`benchmarks/mutation-results.md`) in the back-translation, case, consistency, name, sentence-pair
and number rules: each case sits at a threshold, a window or a pinned confidence that a planted bug
moved without any other test noticing, and each threshold has its near miss on the other side.

Every case asserts exact spans (start, end, text), the first suggestion and, where a constant was
moved, the confidence. None needs a Hunspell dictionary unless it says so with `needs_hunspell`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.checks import backtranslation as bt_checks
from mtaudit.pipeline import AuditOptions, prepare
from mtaudit.records import Document, Finding, SentencePair
from tests.conftest import needs_hunspell
from tests.test_mutants_checks import run

Found = tuple[int, int, str, str | None, float]


def found(text: str, rule: str, **kwargs: object) -> list[Found]:
    """(start, end, text, first suggestion, confidence) of every finding of exactly `rule`."""
    result = run(text, rule, **kwargs)  # type: ignore[arg-type]
    return [(f.start, f.end, f.text, f.suggestions[0] if f.suggestions else None, f.confidence) for f in result.findings if f.rule == rule]


@pytest.fixture()
def no_dictionaries(tmp_path: Path) -> tuple[str, ...]:
    """Hunspell folders that hold nothing: the checks fall back to word frequencies."""
    empty = tmp_path / "no-dictionaries"
    empty.mkdir()
    return (str(empty),)


# --- bt.omission (back-translation evidence built directly, no model) --------------------------------

BT_TARGET = "The minister resigned last night in Grenoble."
BT_SOURCE = "Le ministre a démissionné hier soir à Grenoble."


def omissions(backtranslation: str, target: str = BT_TARGET, source: str = BT_SOURCE) -> list[tuple[int, int, str, float]]:
    """(start, end, lost source words, confidence) of the `bt.omission` findings of one aligned pair
    whose back-translation scores chrF 50: below the default line of 75, so words may be lost."""
    document = Document("o", target, source=source, source_lang="fr", target_lang="en")
    ctx = prepare(document, AuditOptions())
    pair = SentencePair(0, len(target), source, (0,))
    found: list[Finding] = bt_checks.backtranslation_findings(ctx, pair, backtranslation, None, {"chrf": 50.0})
    return [(f.start, f.end, f.evidence["lost"], f.confidence) for f in found if f.rule == "bt.omission"]


def test_one_lost_content_word_is_an_omission_only_when_a_deleted_run_carries_it() -> None:
    # backtranslation.py `len(lost) >= 2` (2 → 1): a single lost content word is reported only when
    # the back-translation deleted a run of two words or more around it ("à Grenoble")…
    end = len("The minister resigned last night in Grenoble")
    # confidence 0.25 + 0.05 × 1 lost word + (75 − 50) / 200
    assert omissions("Le ministre a démissionné hier soir.") == [(end, end, "à Grenoble", 0.425)]
    # …not when one word alone is missing ("soir") or replaced by another ("hier" → "ce",
    # "Grenoble" → "Lyon"): the engine's paraphrase, not an omission
    assert omissions("Le ministre a démissionné hier à Grenoble.") == []
    assert omissions("Le ministre a démissionné ce soir à Grenoble.") == []
    assert omissions("Le ministre a démissionné hier soir à Lyon.") == []


def test_omission_confidence_grows_by_a_twentieth_per_lost_word() -> None:
    # backtranslation.py `0.05 * len(lost)` (0.05 → 0.15): two lost words ("hier soir") give
    # 0.25 + 0.10 + 0.125, one gives 0.425 (above), so the step is exactly 0.05
    point = len("The minister resigned")
    assert omissions("Le ministre a démissionné.", target="The minister resigned.", source="Le ministre a démissionné hier soir à Paris.") == [
        (point, point, "hier soir à Paris", 0.475)
    ]
    assert omissions("Le ministre a démissionné à Grenoble.") == [(len("The minister resigned last night"), len("The minister resigned last night"), "hier soir", 0.475)]


# --- case.sentence-start-lowercase --------------------------------------------------------------------


def test_abbreviation_before_a_sentence_break_is_looked_for_16_characters_back() -> None:
    # casing.py `sentence_start - 16` (16 → 15, 16 → 32): the segmenter splits "EE.UU." into two
    # sentences, and "est" after it starts no sentence when the abbreviation and the spaces after it
    # fit in the 16 characters before "est" (a justified column pads with spaces)…
    within = "Le déficit de commerce des EE.UU." + " " * 10 + "est grand."
    assert found(within, "case.sentence-start-lowercase", lang="fr") == []
    # …one space more and the abbreviation starts 17 characters back: "est" is taken for a sentence start
    beyond = "Le déficit de commerce des EE.UU." + " " * 11 + "est grand."
    start = beyond.index("est")
    assert found(beyond, "case.sentence-start-lowercase", lang="fr") == [(start, start + 3, "est", "Est", 0.7)]


def test_quotation_closed_by_a_full_stop_is_looked_for_12_characters_back() -> None:
    # casing.py `token.start - 12` (12 → 24) and the quotation finding's confidence (0.7 → 0.6):
    # '."' and ten spaces fit in the 12 characters before "he": the comma that was meant is suggested
    head = 'We need a whole strategy for dealing with this."'
    within = head + " " * 10 + "he added. The meeting ended."
    stop = within.index('."')
    assert found(within, "case.sentence-start-lowercase") == [(stop, stop + 14, '."' + " " * 10 + "he", ',"' + " " * 10 + "he", 0.7)]
    # one space more: only the lower-case start is reported, with a capital as its suggestion
    beyond = head + " " * 11 + "he added. The meeting ended."
    start = beyond.index(" he ") + 1
    assert found(beyond, "case.sentence-start-lowercase") == [(start, start + 2, "he", "He", 0.7)]


# --- consistency.abbreviation -------------------------------------------------------------------------


def test_abbreviation_tie_prefers_the_dotted_form_when_the_dictionary_lacks_the_bare_one(no_dictionaries: tuple[str, ...]) -> None:
    # consistency.py `prefer_dotted = not ctx.lexicon.in_dictionary(word)` on a tie (`not` dropped):
    # without a dictionary "Mr" is unknown, so "Mr." is the form to keep and "Mr" is flagged
    text = "Mr. Macron met Mr Scholz in Berlin."
    start = text.index("Mr Scholz")
    assert found(text, "consistency.abbreviation", dict_dirs=no_dictionaries) == [(start, start + 2, "Mr", "Mr.", 0.5)]


def test_abbreviation_tie_prefers_the_bare_form_the_dictionary_knows() -> None:
    needs_hunspell("en")
    # the same tie with an English dictionary, which lists "Dr": the bare form is kept…
    text = "Dr. Smith met Dr Jones in Leeds."
    assert found(text, "consistency.abbreviation") == [(0, 3, "Dr.", "Dr", 0.5)]
    # …but "Sen" is no dictionary word, so on a tie the dotted "Sen." is kept
    text = "Sen. Warren met Sen Booker in Boston."
    start = text.index("Sen Booker")
    assert found(text, "consistency.abbreviation") == [(start, start + 3, "Sen", "Sen.", 0.5)]


# --- case.lowercase-name (names of several words) ------------------------------------------------------

NAMED_TWICE = "Talks of the Tripartite Contact Group resumed. Envoys of the Tripartite Contact Group met in Minsk"


def test_lowercase_phrase_name_at_the_end_of_a_sentence_is_counted_once() -> None:
    # names.py `if len(window) < size or not _joined(...): break` (guard removed): a window that runs
    # past the sentence's last word must not count "tripartite contact group" again (the name is
    # written twice, and must be twice as frequent as the lower case: a second count would hide it)
    text = NAMED_TWICE + " with the tripartite contact group."
    start = text.index("tripartite")
    assert found(text, "case.lowercase-name") == [(start, start + 24, "tripartite contact group", "Tripartite Contact Group", 0.6)]


def test_lowercase_phrase_name_needs_its_words_one_space_apart() -> None:
    # the same guard: words two spaces apart are no occurrence of the phrase
    text = NAMED_TWICE + ", and the tripartite contact  group said nothing."
    assert found(text, "case.lowercase-name") == []
    text = NAMED_TWICE + ", and the tripartite contact group said nothing."
    start = text.index("tripartite")
    assert found(text, "case.lowercase-name") == [(start, start + 24, "tripartite contact group", "Tripartite Contact Group", 0.6)]


def test_lowercase_phrase_name_that_opens_a_sentence_is_left_to_the_sentence_start_rule() -> None:
    # names.py `for index in range(1, len(sentence))` (1 → 0): the first word of a sentence is not
    # looked at; its case is `case.sentence-start-lowercase`'s to report
    text = NAMED_TWICE + ". tripartite contact group envoys said nothing."
    assert found(text, "case.lowercase-name") == []
    # the near miss: one word later in the sentence, the same phrase is a lost name
    text = NAMED_TWICE + ". The tripartite contact group envoys said nothing."
    start = text.index("tripartite")
    assert found(text, "case.lowercase-name") == [(start, start + 24, "tripartite contact group", "Tripartite Contact Group", 0.6)]


# --- source.length-ratio -------------------------------------------------------------------------------

RATIO_SOURCE = (
    "Le maire a présenté le nouveau plan de circulation mardi soir.",
    "Les voitures ne pourront plus entrer dans le centre historique le dimanche.",
    "Les commerçants craignent une baisse de leur chiffre d'affaires.",
    "Une navette gratuite reliera les parkings à la place principale.",
    "Le plan sera évalué au bout d'un an par un comité indépendant.",
)
RATIO_TARGET = (
    "The mayor presented the new traffic plan on Tuesday evening.",
    "Cars will no longer be allowed into the historic centre on Sundays.",
    "Shopkeepers fear a drop in their turnover.",
    "A free shuttle will link the car parks to the main square.",
    "The plan will be assessed after one year by an independent committee.",
)


def length_ratio(last_source: str, last_target: str) -> tuple[str, list[Finding]]:
    """The target and the `source.length-ratio` findings of a six-paragraph article whose last
    paragraph is `last_source` translated as `last_target` (one sentence per paragraph, so the
    aligner pairs them one to one however their lengths differ)."""
    source = "\n\n".join((*RATIO_SOURCE, last_source))
    target = "\n\n".join((*RATIO_TARGET, last_target))
    return target, run(target, "source.length-ratio", source=source, source_lang="fr").findings


def test_length_ratio_needs_40_characters_on_the_longer_side() -> None:
    # pairs.py `MIN_CHARS = 40` (40 → 39): "Il a plu." grown to 39 characters is too short to judge…
    sentence = "It rained hard all day in the old town."
    assert len(sentence) == 39
    assert length_ratio("Il a plu.", sentence)[1] == []
    # …at 40 characters it is an addition, over the whole sentence
    sentence = "It rained hard all day long in the town."
    target, findings = length_ratio("Il a plu.", sentence)
    start = target.index(sentence)
    assert [(f.start, f.end, f.text, f.category, f.confidence) for f in findings] == [(start, start + 40, sentence, "accuracy/addition", 0.35)]
    assert findings[0].evidence == {"ratio": 2.63, "document_ratio": 0.95, "source_sentence": "Il a plu."}


def test_length_ratio_quotes_the_first_300_characters_of_its_source() -> None:
    # pairs.py `pair.source_text[:300]` (300 → 299)
    source = (
        "Selon le rapport publié mardi par l'institut national de la statistique, le chômage a reculé de 37 000 personnes "
        "au cours du dernier trimestre dans toutes les régions du pays, une baisse que le gouvernement attribue "
        "à sa réforme du marché du travail, tandis que les syndicats y voient surtout l'effet de la reprise "
        "du tourisme et de la construction après deux années difficiles."
    )
    cut = "According to the national statistics institute, unemployment fell by 37,000 people in every region of the country last quarter."
    target, findings = length_ratio(source, cut)
    point = len(target) - 1  # before the final full stop: where the rest of the sentence would go
    assert [(f.start, f.end, f.text, f.category) for f in findings] == [(point, point, "", "accuracy/omission")]
    assert findings[0].evidence["source_sentence"] == source[:300]
    assert len(source) > 300


# --- source.number-mismatch ----------------------------------------------------------------------------


def test_changed_number_equal_to_the_targets_scale_is_suggested_in_that_scale() -> None:
    # source.py `in_scale = value * scale >= t.scale` (`>=` → `>`): one million is exactly the scale
    # of "2 million", so "1" replaces "2" and the scale word stays…
    text = "The project cost 2 million euros."
    start = text.index("2")
    assert found(text, "source.number-mismatch", source="Le projet a coûté 1 million d'euros.", source_lang="fr") == [(start, start + 1, "2", "1", 0.85)]
    # …while 999,000 is below it and is written in full over the whole of "2 million"
    assert found(text, "source.number-mismatch", source="Le projet a coûté 999 000 euros.", source_lang="fr") == [
        (start, start + 9, "2 million", "999,000", 0.85)
    ]
