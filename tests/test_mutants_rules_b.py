"""Tests written against survivors of the mutation benchmark (`benchmarks/mutation.py`) in the
spelling, surprisal, translation-model, typography and untranslated-word rules: each case sits where
a planted bug changed what the rule decides without any other test noticing, and asserts the exact
spans, the first suggestion or the confidence, with its near miss on the other side of a threshold.

The model checks (`lm.surprisal`, `tm.unlikely-word`) run on evidence objects built here, as
`tests/test_evidence.py` does: no model is loaded."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from mtaudit.checks import translation_model, untranslated
from mtaudit.checks.base import CheckContext
from mtaudit.checks.surprisal import EDIT_MARGIN, Edit, surprisal_finding, treated_as_name
from mtaudit.evidence.data import Evidence, ForcedScore, ForcedToken, Unit
from mtaudit.pipeline import AuditOptions, case_votes, prepare
from mtaudit.records import Document, SentencePair
from tests.conftest import audit_text, needs_hunspell

Found = tuple[int, int, str, str | None, float]


def found(text: str, rule: str, lang: str = "en") -> list[Found]:
    """(start, end, text, first suggestion, confidence) of every finding of exactly `rule`."""
    result = audit_text(text, lang, select=(rule,))
    return [(f.start, f.end, f.text, f.suggestions[0] if f.suggestions else None, f.confidence) for f in result.findings if f.rule == rule]


# --- spelling.typo: which tokens are checked at all ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # "prud'" is no clitic of three letters or fewer: the piece after it ("hommales", the 1990
        # spelling of "prud'homales") is no word of its own and is not checked ("hommages")
        ("Les élections prud'hommales ont lieu en décembre.", "fr"),
        ("La réforme des conseils prud'hommaux a été votée.", "fr"),
        # acronym plurals in German, where a capital proves nothing: a capital after the first
        # letter marks an acronym, not a misspelt noun ("MRTs" is not "Mrs", "FAQs" not "Fans")
        ("Die Klinik hat zwei neue MRTs gekauft.", "de"),
        ("Die Antworten stehen in den FAQs der Website.", "de"),
        ("Drei IPOs wurden im Mai verschoben.", "de"),
    ],
)
def test_pieces_after_a_long_elision_and_acronym_plurals_are_not_typos(text: str, lang: str) -> None:
    assert found(text, "spelling.typo", lang) == []


def test_a_typo_after_a_short_clitic_is_still_checked() -> None:
    # the near miss of the case above: "l'" is a clitic, so the word after it is checked
    needs_hunspell("fr")
    assert found("Le rapport de l'administraton a été publié.", "spelling.typo", "fr") == [
        (16, 29, "administraton", "administration", 0.8),
    ]


# --- typography.spacing: the confidence of a space before a mark ----------------------------------


def test_a_space_before_a_comma_is_reported_with_its_own_confidence() -> None:
    assert found("The talks ended ,then resumed.", "typography.spacing") == [(15, 17, " ,", ", ", 0.75)]
    assert found("The talks ended  then resumed.", "typography.spacing") == [(15, 17, "  ", " ", 0.7)]


# --- lm.surprisal -----------------------------------------------------------------------------------


def _word_unit(ctx: CheckContext, word: str, bits: float) -> Unit:
    """The unit of `word`'s first occurrence, with a surprisal of `bits`."""
    token = next(t for t in ctx.tokens if t.text == word)
    return Unit(token.start, token.end, bits, token.sentence, token)


@pytest.mark.parametrize(("other_documents", "is_name"), [(3, True), (2, False)])
def test_a_sentence_initial_word_is_a_name_when_three_other_documents_capitalise_it(other_documents: int, is_name: bool) -> None:
    # "Orange" opens the sentence here, so this document casts no vote of its own; the run's
    # other documents write it capitalised in mid-sentence: three votes make it a name, two do not
    others = ["Customers of Orange complained about the bills.", "The board of Orange met in Paris.", "Shares in Orange fell on Tuesday."]
    documents = [Document("d0", "Orange cut its prices on Monday.", target_lang="en")]
    documents += [Document(f"d{k + 1}", text, target_lang="en") for k, text in enumerate(others[:other_documents])]
    contexts = [prepare(document, AuditOptions()) for document in documents]
    votes = case_votes(contexts)
    ctx = replace(contexts[0], corpus_case_votes=votes)
    assert ctx.mid_sentence_case_votes["Orange"] == 0 and votes["Orange"] == other_documents
    unit = _word_unit(ctx, "Orange", 20.0)
    assert treated_as_name(ctx, unit) is is_name


def test_surprisal_without_a_winning_edit_reports_the_word_alone() -> None:
    text = "The minister said the plan was flimflammed by the unions."
    ctx = prepare(Document("t", text, target_lang="en"), AuditOptions())
    unit = _word_unit(ctx, "flimflammed", 30.0)
    edit = Edit(unit.start, unit.end, "flattened", "spelling")
    # no edit at all, or one that gains less than the margin: the word alone, no suggestion,
    # confidence 0.1 plus 0.01 per bit over the stricter line (30 - 20 = 10 bits: 0.2)
    for best in (None, (EDIT_MARGIN - 0.1, edit)):
        finding = surprisal_finding(ctx, unit, 15.0, best, 20.0)
        assert finding is not None
        assert (finding.start, finding.end, finding.text, finding.suggestions, finding.confidence) == (31, 42, "flimflammed", (), 0.2)
    # an edit that gains exactly the margin is proposed: 0.35 + 0.06 × 2.5 = 0.5
    finding = surprisal_finding(ctx, unit, 15.0, (EDIT_MARGIN, edit), 20.0)
    assert finding is not None
    assert (finding.text, finding.suggestions, finding.confidence) == ("flimflammed", ("flattened",), 0.5)
    # below the stricter line and no winning edit: nothing
    assert surprisal_finding(ctx, unit, 15.0, None, 31.0) is None


# --- tm.unlikely-word: a run-wide line that is not a number ----------------------------------------


def _scored_context(tm_threshold: float) -> CheckContext:
    """The sentence of `tests/test_evidence.py`'s tm test with its forced-decoding tokens:
    "course" (14 nats, the model would write "price") is the one unlikely word at a line of 8 bits."""
    doc = Document("t", "The course of the share fell.", source="Le cours de l'action a chuté.", source_lang="fr", target_lang="en")
    ctx = prepare(doc, AuditOptions())
    pair = SentencePair(0, len(doc.target), doc.source or "", (0,))
    words = [(0, 3, -0.5, ""), (4, 10, -14.0, " price"), (11, 13, -0.4, ""), (14, 17, -0.3, ""), (18, 23, -9.0, ""), (24, 28, -0.6, ""), (28, 29, -0.2, "")]
    tokens = [ForcedToken(a, b, lp, best, -0.1 if best else lp) for a, b, lp, best in words]
    ctx.evidence = Evidence(forced=[ForcedScore(pair, tokens, -3.6, -3.0)], tm_threshold=tm_threshold)
    return ctx


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (8.0, [(4, 10, "course", "price")]),
        # every token of the run scored -inf: the median is inf and the MAD nan, so the line is nan
        # (`mtaudit.evidence.gather.surprisal_threshold`); nothing can be judged against it
        (math.nan, []),
        (math.inf, []),  # no token scored in the whole run
    ],
)
def test_tm_unlikely_word_needs_a_finite_line(line: float, expected: list[tuple[int, int, str, str]]) -> None:
    ctx = _scored_context(line)
    findings = list(translation_model.unlikely_word.run(ctx))
    assert [(f.start, f.end, f.text, f.suggestions[0]) for f in findings] == expected


def test_tm_unlikely_word_finds_nothing_without_evidence() -> None:
    ctx = prepare(Document("t", "The course of the share fell.", target_lang="en"), AuditOptions())
    assert ctx.evidence is None
    assert list(translation_model.unlikely_word.run(ctx)) == []


# --- untranslated.word without a source text ---------------------------------------------------------
#
# The pipeline sets a document's source language only with a source text, so these build the
# context directly: `_foreign_word`'s branch for a known source language and no source text.


def _untranslated_without_source(text: str, dict_dirs: tuple[str, ...] | None) -> list[tuple[int, int, str, float]]:
    ctx = prepare(Document("t", text, target_lang="en"), AuditOptions(dict_dirs=dict_dirs))
    ctx.source_lang = "fr"
    return [(f.start, f.end, f.text, f.confidence) for f in untranslated.untranslated_word.run(ctx)]


# (text, findings with the English dictionary, findings without it). French Zipf: "ouvertement"
# 4.00 (COMMON_IN_SOURCE exactly), "douzaine" 3.99, "voisin" 4.47; English: 0, 0 and 1.97, so
# "voisin" is exactly 2.5 more frequent in French: strong with the dictionary, while without it
# a word must be unknown in English (below 1.5) to stand alone.
CASES = [
    ("The minister ouvertement criticised the plan on Monday.", [(13, 24, "ouvertement", 0.75)], [(13, 24, "ouvertement", 0.75)]),
    ("The minister has a douzaine of advisers on the plan.", [], []),  # weak alone: joins a span only
    ("Our voisin complained about the noise on Monday.", [(4, 10, "voisin", 0.75)], []),
]


@pytest.mark.parametrize(("text", "expected", "_"), CASES)
def test_a_common_source_word_without_a_source_text_with_a_dictionary(text: str, expected: list[tuple[int, int, str, float]], _: object) -> None:
    needs_hunspell("en")
    assert _untranslated_without_source(text, None) == expected


@pytest.mark.parametrize(("text", "_", "expected"), CASES)
def test_a_common_source_word_without_a_source_text_without_a_dictionary(text: str, _: object, expected: list[tuple[int, int, str, float]], tmp_path: Path) -> None:
    empty = tmp_path / "no-dictionaries"
    empty.mkdir()
    ctx = prepare(Document("t", text, target_lang="en"), AuditOptions(dict_dirs=(str(empty),)))
    assert not ctx.lexicon.has_case_dictionary
    assert _untranslated_without_source(text, (str(empty),)) == expected
