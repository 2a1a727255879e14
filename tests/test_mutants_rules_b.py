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
from mtaudit.pipeline import AuditOptions, audit, case_votes, prepare
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


# === Out-of-sample survivors: `benchmarks/mutation.py --sample 40 --seed 18` ===========================


def test_a_word_only_accents_tell_apart_from_a_common_word_is_another_word() -> None:
    # "secondé" (Zipf 3.00, Band.KNOWN exactly) and "seconde" (5.09) are two words, not two
    # spellings of one; "pisó"/"piso" likewise in Spanish
    assert found("Il est arrivé en seconde position, secondé par son frère.", "consistency.spelling", "fr") == []
    assert found("El piso nuevo es grande y nadie lo pisó todavía.", "consistency.spelling", "es") == []
    # "periode" (3.09) is just above the line too: wordfreq knows it as a word of its own
    assert found("La période de crise est finie, mais la periode de doute continue.", "consistency.spelling", "fr") == []
    # the near miss: "ministere" (2.75) is below it, a spelling of "ministère"
    assert found("Le ministère a répondu, puis le ministere a publié un communiqué.", "consistency.spelling", "fr") == [
        (32, 41, "ministere", "ministère", 0.7),
    ]


@pytest.mark.parametrize(("other_documents", "flagged"), [(2, True), (3, False)])
def test_a_capital_that_three_other_documents_use_is_a_name(other_documents: int, flagged: bool) -> None:
    needs_hunspell("en")
    others = ["She now runs the Intensive programme for nurses.", "Nurses praised the Intensive programme on Monday.", "Funding for the Intensive programme rose."]
    text = "They tried to defuse it with an Intensive interview."
    documents = [Document("d0", text, target_lang="en")] + [Document(f"d{k + 1}", t, target_lang="en") for k, t in enumerate(others[:other_documents])]
    result = audit(documents, AuditOptions(select=("case.mid-sentence-capital",))).documents[0]
    found_here = [(f.start, f.end, f.text, f.suggestions[0], f.confidence) for f in result.findings]
    assert found_here == ([(32, 41, "Intensive", "intensive", 0.9)] if flagged else [])


def test_a_word_after_a_comma_that_ends_an_untranslated_span_starts_the_next() -> None:
    text = "The decision of the gouvernement, agriculteurs and unions surprised everyone."
    source = "La décision du gouvernement, des agriculteurs et des syndicats a surpris tout le monde."
    result = audit_text(text, select=("untranslated.word",), source=source, source_lang="fr")
    assert [(f.start, f.end, f.text, f.confidence) for f in result.findings] == [(20, 32, "gouvernement", 0.75), (34, 46, "agriculteurs", 0.75)]


LONG_SOURCE = (
    "Selon le rapport publié mardi par l'institut national de la statistique, le chômage a reculé de 37 000 personnes "
    "au cours du dernier trimestre dans toutes les régions du pays, une baisse que le gouvernement attribue "
    "à sa réforme du marché du travail, tandis que les syndicats y voient surtout l'effet de la reprise "
    "du tourisme et de la construction après deux années difficiles."
)


def test_a_changed_number_quotes_300_characters_of_its_long_source_sentence() -> None:
    target = (
        "According to the report published on Tuesday by the national statistics institute, unemployment fell by 73,000 "
        "over the last quarter in every region of the country, a fall the government credits to its labour "
        "market reform, while the unions see it mostly as the effect of the recovery in tourism and building "
        "after two difficult years."
    )
    [finding] = audit_text(target, select=("source.number-mismatch",), source=LONG_SOURCE, source_lang="fr").findings
    assert (finding.text, finding.suggestions[0]) == ("73,000", "37,000")
    assert finding.evidence["source_sentence"] == LONG_SOURCE[:300]


def test_a_roman_numeral_with_d_matches_its_value() -> None:
    from mtaudit.quantities import extract

    assert [e.value for e in extract("The abbey was founded in MDXL by the monks.", "en") if e.kind == "spelled"] == [1540]
    source = "L'abbaye a été fondée en 1540 par les moines."
    assert audit_text("The abbey was founded in MDXL by the monks.", select=("source",), source=source, source_lang="fr").findings == []


def test_a_spelled_fraction_is_quoted_without_the_character_after_it() -> None:
    from mtaudit.quantities import extract

    text = "About two and a half million people voted, the ministry said."
    assert [(e.start, e.end, e.text) for e in extract(text, "en") if e.kind == "spelled"] == [(6, 28, "two and a half million")]


def test_tm_suggests_a_word_only_for_a_token_that_covers_the_whole_word() -> None:
    ctx = _scored_context(8.0)
    assert ctx.evidence is not None
    item = ctx.evidence.forced[0]
    # the model's first piece of "course" ("cou") is the unlikely one: no word to suggest for a piece
    pieces = [ForcedToken(4, 7, -14.0, " price", -0.1), ForcedToken(7, 10, -0.2, "", -0.2)]
    ctx.evidence.forced = [ForcedScore(item.pair, [*item.tokens[:1], *pieces, *item.tokens[2:]], -3.6, -3.0)]
    findings = list(translation_model.unlikely_word.run(ctx))
    assert [(f.start, f.end, f.text, f.suggestions) for f in findings] == [(4, 10, "course", ())]


def test_a_capitalised_word_the_source_has_is_a_name() -> None:
    # "Taxi" opens the sentence and is a common word: a name only because the source has it as written
    doc = Document("t", "Taxi drivers blocked the airport road.", source="Taxi Bleu a bloqué la route de l'aéroport.", source_lang="fr", target_lang="en")
    ctx = prepare(doc, AuditOptions())
    unit = _word_unit(ctx, "Taxi", 20.0)
    assert treated_as_name(ctx, unit) is True
    ctx = prepare(replace(doc, source="Les chauffeurs de taxi ont bloqué la route de l'aéroport."), AuditOptions())
    assert treated_as_name(ctx, _word_unit(ctx, "Taxi", 20.0)) is False


def test_a_rare_capitalised_word_at_a_sentence_start_is_not_taken_for_a_name() -> None:
    # the "rare, capitalised in mid-sentence, never in lower case" rule is for mid-sentence words only
    def name(text: str) -> bool:
        ctx = prepare(Document("t", text, target_lang="en"), AuditOptions())
        return treated_as_name(ctx, _word_unit(ctx, "Flimflammed", 20.0))

    assert name("Flimflammed voters stayed at home.") is False
    assert name("The Flimflammed voters stayed at home.") is True


def test_a_mark_unit_is_not_split_at_the_quote_that_ends_it() -> None:
    from mtaudit.checks.surprisal import per_part_bits

    # a language model's token ".'" before a missing space: one part (the full stop), whatever follows
    text = "He said 'no.'Then he left the room."
    ctx = prepare(Document("t", text, target_lang="en"), AuditOptions())
    assert text[11:13] == ".'"
    assert per_part_bits(ctx, Unit(11, 13, 12.0, 0, None)) == 12.0


def test_a_missing_paragraph_points_at_the_start_of_the_next_one() -> None:
    from mtaudit.checks.paragraphs import _EN, _SOURCE

    target = "\n\n".join((_EN[0], _EN[1], _EN[3]))
    [finding] = audit_text(target, select=("source.missing-paragraph",), source=_SOURCE, source_lang="fr").findings
    start = target.index(_EN[3])
    assert (finding.start, finding.end) == (start, start)


def test_a_missing_paragraph_before_one_translated_in_two_points_at_the_first_of_them() -> None:
    from mtaudit.checks.paragraphs import _EN, _FR

    # the source's last paragraph (the opposition and the first tram) is two paragraphs in the
    # translation; the paragraph before it (works and cost) is missing
    source = "\n\n".join((_FR[0], _FR[1], _FR[2] + " " + _FR[3]))
    target = "\n\n".join((_EN[0], _EN[2], _EN[3]))
    [finding] = audit_text(target, select=("source.missing-paragraph",), source=source, source_lang="fr").findings
    start = target.index(_EN[2])
    assert (finding.start, finding.end) == (start, start) == (108, 108)


def test_an_added_paragraph_is_numbered_from_one() -> None:
    from mtaudit.checks.paragraphs import _ADDED, _EN, _SOURCE

    target = "\n\n".join((_EN[0], _ADDED, _EN[1], _EN[2], _EN[3]))
    [finding] = audit_text(target, select=("source.added-paragraph",), source=_SOURCE, source_lang="fr").findings
    assert (finding.text, finding.evidence) == (_ADDED, {"paragraph": 2})


def test_an_engine_unknown_word_mark_and_an_added_inline_tag_have_their_confidence() -> None:
    from mtaudit.readers.base import Locator

    assert found("Quarterly profits at *TimeWarner jumped.", "markup.unknown-word-mark") == [(21, 32, "*TimeWarner", "TimeWarner", 0.9)]
    location = Locator("xliff", [0], source_tags=("g:1",), target_tags=("g:1", "g:3"))
    document = Document("u", "Click Save to continue.", source="Cliquez sur Enregistrer pour continuer.", source_lang="fr", target_lang="en", location=location)
    [finding] = audit([document], AuditOptions(select=("markup.placeholder-mismatch",))).documents[0].findings
    assert (finding.evidence, finding.confidence) == ({"added_tag": "g:3"}, 0.9)


def test_a_jsonl_record_with_many_brackets_in_its_text_is_read(tmp_path: Path) -> None:
    import json

    from mtaudit.readers import read_inputs

    # 201 reference marks: more brackets than the nesting limit (200), none of them nested
    target = "The report was cited widely. " + " ".join(f"[{n}]" for n in range(1, 202))
    path = tmp_path / "cited.jsonl"
    path.write_text(json.dumps({"id": "r1", "target": target, "target_lang": "en"}) + "\n", encoding="utf-8")
    read = read_inputs([str(path)])
    assert [d.target for d in read.documents] == [target]


def test_a_code_element_holding_an_empty_element_of_its_own_name_ends_where_it_closes(tmp_path: Path) -> None:
    from mtaudit.readers import read_inputs

    xliff = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        ' <file source-language="en" target-language="fr" datatype="plaintext" original="app">\n'
        "  <body>\n"
        '   <trans-unit id="save">\n'
        '    <source>Click <ph id="1">&lt;b&gt;<ph id="2"/></ph> to save the file.</source>\n'
        '    <target>Cliquez <ph id="1">&lt;b&gt;<ph id="2"/></ph> pour enregistrer le fichier.</target>\n'
        "   </trans-unit>\n"
        "  </body>\n"
        " </file>\n"
        "</xliff>\n"
    )
    path = tmp_path / "app.xlf"
    path.write_text(xliff, encoding="utf-8")
    [document] = read_inputs([str(path)]).documents
    assert document.target.endswith("pour enregistrer le fichier.")
    assert document.source is not None and document.source.endswith("to save the file.")


def test_read_text_names_the_file_in_its_errors(tmp_path: Path) -> None:
    from mtaudit.errors import InputError
    from mtaudit.readers import read_text

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"^.*empty\.txt: the file is empty"):
        read_text(str(empty))
    (tmp_path / "note.txt").write_text("The minister resigned.\n", encoding="utf-8")
    assert read_text(str(tmp_path / "note.txt")) == "The minister resigned.\n"


def test_a_po_msgid_of_40_characters_is_named_whole_and_a_longer_one_cut(tmp_path: Path) -> None:
    from mtaudit.readers import read_inputs

    po = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: fr\\n"\n\n'
        'msgid "The file could not be saved to the disk."\nmsgstr "Le fichier n\'a pas pu être enregistré."\n\n'
        'msgid "The file could not be saved on the disk!!"\nmsgstr "Le fichier n\'a pas pu être écrit !"\n'
    )
    path = tmp_path / "app.po"
    path.write_text(po, encoding="utf-8")
    units = [d.location.unit for d in read_inputs([str(path)]).documents if d.location is not None]
    assert units == ['msgid "The file could not be saved to the disk." (line 6)', 'msgid "The file could not be saved on the disk…" (line 9)']
