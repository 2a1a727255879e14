"""Table-driven tests of the Language layer's word tests (`mtaudit.language`), the capitals
decisions (`mtaudit.capitals`) and the language-model rule (`mtaudit.checks.surprisal`), written
function by function against the mutation benchmark (issue 17): every threshold and boundary is
pinned from both sides with real words, so that a moved constant or a flipped comparison fails.

`lm.surprisal` is tested without a model: the unit surprisals and the language model's text scores
are given by a fake behind the `Evidence` interface, so the rule's own logic (thresholds, names,
local edits, the winning edit, spans, categories, confidences) is what is checked. Word
frequencies are wordfreq's (installed with the package); tests whose answer needs a Hunspell
dictionary call `needs_hunspell`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest

import mtaudit.checks.surprisal as lm
from mtaudit.checks.surprisal import Edit, local_edits, spelling_neighbours, surprisal
from mtaudit.context import CheckContext
from mtaudit.evidence.data import Evidence, Unit
from mtaudit.options import AuditOptions
from mtaudit.pipeline import prepare
from mtaudit.records import Document, Finding
from tests.conftest import needs_hunspell

# --------------------------------------------------------------------------- lm.surprisal, with a fake model


class FakeLM:
    """The language model's `lm_totals`: every text scores `BASE` nats, plus the bonus of each
    phrase of `prefer` it contains. Only the texts asked for are answered, so a rule that looks up
    a text it did not ask for fails with a KeyError."""

    BASE = -30.0

    def __init__(self, prefer: dict[str, float]) -> None:
        self.prefer = prefer
        self.asked: list[str] = []

    def __call__(self, texts: list[str]) -> dict[str, float]:
        self.asked.extend(texts)
        return {t: self.BASE + sum(bonus for phrase, bonus in self.prefer.items() if phrase in t) for t in texts}


def lm_context(
    text: str,
    bits: dict[int, float],
    *,
    marks: Sequence[tuple[str, float]] = (),
    threshold: float = 10.0,
    spread: float = 0.0,
    prefer: dict[str, float] | None = None,
    source: str | None = None,
    corpus: dict[str, int] | None = None,
) -> CheckContext:
    """The context of `text` with LM evidence: word `i` (document order) has `bits[i]` bits of
    surprisal (1 otherwise), each mark of `marks` (first occurrence of the text) is a unit of its
    own with its bits, and the model prefers the phrases of `prefer`."""
    document = Document("lm", text, source=source, source_lang="fr" if source else None, target_lang="en")
    ctx = prepare(document, AuditOptions())
    if corpus is not None:
        ctx.corpus_case_votes = Counter(corpus)
    units = [Unit(t.start, t.end, bits.get(i, 1.0), t.sentence, t) for i, t in enumerate(ctx.tokens)]
    for mark, mark_bits in marks:
        start = text.index(mark)
        sentence = next(i for i, s in enumerate(ctx.sentences) if s.start <= start < s.end)
        units.append(Unit(start, start + len(mark), mark_bits, sentence, None))
    ctx.evidence = Evidence(
        units=sorted(units, key=lambda u: u.start), surprisal_threshold=threshold, surprisal_spread=spread, lm_totals=FakeLM(prefer or {})
    )
    return ctx


def lm_findings(text: str, bits: dict[int, float], **kwargs: object) -> list[Finding]:
    return list(surprisal.run(lm_context(text, bits, **kwargs)))  # type: ignore[arg-type]


def spans(findings: list[Finding]) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.text, f.suggestions) for f in findings]


STATEMENT = "The spokesman said in A statement that Russia would attend."  # "A" is word 4


def test_the_winning_edit_is_the_finding_with_its_span_suggestion_confidence_and_evidence() -> None:
    (found,) = lm_findings(STATEMENT, {4: 20.1234}, threshold=10.5678, prefer={"in a statement": 5.4321})
    assert (found.rule, found.start, found.end, found.text, found.suggestions) == ("lm.surprisal", 22, 23, "A", ("a",))
    assert found.category == "fluency/spelling" and found.severity.value == "minor"
    assert found.confidence == round(0.35 + 0.06 * 5.4321, 3)  # 0.676
    assert found.evidence == {"surprisal_bits": 20.12, "threshold_bits": 10.57, "lm_delta": 5.43, "edit": "case"}
    assert found.message == "The language model finds “A” unlikely here (20 bits); “a” is 229× likelier."


def test_the_model_is_asked_about_each_edited_sentence_and_the_sentence_itself() -> None:
    ctx = lm_context(STATEMENT, {4: 20.0}, prefer={"in a statement": 5.0})
    list(surprisal.run(ctx))
    assert ctx.evidence is not None
    asked = ctx.evidence.lm_totals.asked  # type: ignore[union-attr]
    assert set(asked) == {
        STATEMENT,
        "The spokesman said in a statement that Russia would attend.",
        "The spokesman said in. A statement that Russia would attend.",
        "The spokesman said in, A statement that Russia would attend.",
    }


@pytest.mark.parametrize(
    ("gain", "expected"),
    [
        (2.5, [("A", ("a",))]),  # exactly the margin (EDIT_MARGIN = 2.5 nats): the edit wins
        (2.45, [("A", ())]),  # just under it: reported without an edit, on the word alone
        (20.0, [("A", ("a",))]),
    ],
)
def test_an_edit_must_gain_the_margin(gain: float, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert spans(lm_findings(STATEMENT, {4: 30.0}, prefer={"in a statement": gain})) == expected


@pytest.mark.parametrize(("gain", "confidence"), [(2.5, 0.5), (5.0, 0.65), (10.0, 0.95), (20.0, 0.95)])
def test_edit_confidence_grows_with_the_gain_up_to_095(gain: float, confidence: float) -> None:
    (found,) = lm_findings(STATEMENT, {4: 30.0}, prefer={"in a statement": gain})
    assert found.confidence == confidence


def test_among_equal_gains_the_first_edit_wins() -> None:
    # the case edit comes before the sentence break: with the same gain, the case edit is kept
    prefer = {"in a statement": 6.0, "in. A statement": 6.0}
    assert spans(lm_findings(STATEMENT, {4: 30.0}, prefer=prefer)) == [("A", ("a",))]
    # a strictly better later edit replaces it
    prefer = {"in a statement": 6.0, "in. A statement": 6.5}
    (found,) = lm_findings(STATEMENT, {4: 30.0}, prefer=prefer)
    assert (found.text, found.suggestions, found.category) == ("in A", ("in. A",), "fluency/punctuation")


@pytest.mark.parametrize(
    ("bits", "spread", "expected"),
    [
        # the word-only line is the threshold plus WORD_ONLY_MADS (1.0) robust spreads: 10 + 4 = 14
        (14.0, 4.0, [("statment", 0.1)]),  # exactly on it
        (13.9, 4.0, []),  # above the threshold, under the word-only line
        (14.3, 4.0, [("statment", 0.103)]),
        (13.5, 3.5, [("statment", 0.1)]),  # 10 + 3.5
        (54.0, 4.0, [("statment", 0.5)]),  # 0.1 + 40 bits over / 100
        (10.0, 0.0, []),  # exactly the threshold: not suspicious at all
        (10.01, 0.0, [("statment", 0.1)]),
        (9.5, 0.0, []),
    ],
)
def test_a_word_without_a_winning_edit_is_reported_above_the_word_only_line(
    bits: float, spread: float, expected: list[tuple[str, float]]
) -> None:
    # "statment" (word 5) has its spelling edit, but the model gains nothing from it
    found = lm_findings("The spokesman said in a statment that Russia would attend.", {5: bits}, spread=spread)
    assert [(f.text, f.confidence) for f in found] == expected
    assert all(
        f.suggestions == () and f.category == "fluency/grammar" and set(f.evidence) == {"surprisal_bits", "threshold_bits"} for f in found
    )


def test_a_word_only_finding_rounds_its_evidence_and_says_its_bits() -> None:
    (found,) = lm_findings("The spokesman said in a statment that Russia would attend.", {5: 40.5678}, threshold=10.1234)
    assert found.evidence == {"surprisal_bits": 40.57, "threshold_bits": 10.12}
    assert found.message == "The language model finds “statment” very unlikely here (41 bits)."
    assert found.confidence == round(0.1 + (40.5678 - 10.1234) / 100, 3)


def test_a_word_with_no_edit_at_all_is_still_reported() -> None:
    # "2024" opens the sentence and has no case variant, no neighbour and no join: no edit
    assert spans(lm_findings("2024 was a hard year.", {0: 30.0})) == [("2024", ())]


@pytest.mark.parametrize(
    ("bits", "prefer", "expected"),
    [
        (30.0, {}, []),  # a mark the model dislikes but no edit helps: nothing (no word to show)
        (30.0, {"He left then came": 8.0}, [(" ,", ("",))]),  # its removal wins: the space before it goes too
        (3.0, {"He left then came": 8.0}, []),  # under the threshold: not even tried
    ],
)
def test_a_punctuation_mark_is_reported_only_with_its_removal(
    bits: float, prefer: dict[str, float], expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    found = lm_findings("He left , then came back.", {}, marks=[(",", bits)], prefer=prefer)
    assert spans(found) == expected
    assert all(f.category == "fluency/punctuation" and f.evidence["edit"] == "punctuation" for f in found)


@pytest.mark.parametrize(
    ("text", "mark", "removed"),
    [
        ("He left , then came back.", ",", " ,"),  # one space before the mark goes with it
        ("He left   , then came back.", ",", "   ,"),  # every space
        ("He left, then came back.", ",", ","),  # none: the mark alone
        ("He left ; then came back.", ";", " ;"),
        ("; and so it ended. ", ";", ";"),  # at the start of the text
        (" ; and so it ended.", ";", " ;"),
    ],
)
def test_removing_a_mark_takes_the_spaces_before_it(text: str, mark: str, removed: str) -> None:
    ctx = lm_context(text, {}, marks=[(mark, 30.0)])
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.word is None)
    (edit,) = local_edits(ctx, unit)
    assert (text[edit.start : edit.end], edit.replacement, edit.kind) == (removed, "", "punctuation")


def test_without_model_evidence_the_rule_finds_nothing() -> None:
    text = "The spokesman said in A statement that Russia would attend."
    ctx = lm_context(text, {4: 30.0}, prefer={"in a statement": 9.0})
    assert list(surprisal.run(ctx))  # the evidence is there: a finding
    ctx.evidence = None
    assert list(surprisal.run(ctx)) == []
    for missing in ({"lm_totals": None}, {"surprisal_threshold": None}):
        ctx = lm_context(text, {4: 30.0}, prefer={"in a statement": 9.0})
        assert ctx.evidence is not None
        for name, value in missing.items():
            setattr(ctx.evidence, name, value)
        assert list(surprisal.run(ctx)) == []


@pytest.mark.parametrize(
    ("text", "word", "bits", "expected"),
    [
        # a hyphenated word is as surprising as its parts on average: 24 bits over 2 parts is 12
        ("They met e-mail senders.", 2, 24.0, []),  # 12 ≤ 13: not suspicious
        ("They met e-mail senders.", 2, 27.0, ["e-mail"]),  # 13.5 > 13
        ("They met drum-like men.", 2, 27.0, ["drum-like"]),
        ("They met in summer's heat.", 3, 27.0, ["summer's"]),  # an apostrophe splits too
        ("They met kind senders.", 2, 14.0, ["kind"]),  # one part: all its bits
        ("They met kind senders.", 2, 13.0, []),
    ],
)
def test_surprisal_is_per_part(text: str, word: int, bits: float, expected: list[str]) -> None:
    assert [f.text for f in lm_findings(text, {word: bits}, threshold=13.0)] == expected


def test_a_lone_hyphen_is_one_part() -> None:
    ctx = lm_context("They met long - term partners.", {}, marks=[("-", 3.0)])
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.word is None)
    assert lm.per_part_bits(ctx, unit) == 3.0
    assert list(surprisal.run(ctx)) == []


# Which capitalised words the rule takes for names (never findings) and which it does not. Word
# indexes are of the whole text; "Statement" is a common word (Zipf 5.0) and "Zbigniewska" a rare
# one (0).
@pytest.mark.parametrize(
    ("text", "word", "corpus", "is_name"),
    [
        ("He said in a Statement that it ended.", 4, None, False),  # a common word, capitalised once
        ("A Statement was read out.", 1, None, False),  # second word: mid-sentence all the same
        ("Statement was the first word.", 0, None, False),  # first word, written nowhere else
        ("A Statement came, then a Statement left.", 1, None, True),  # capitalised elsewhere mid-sentence too
        ("A Statement came, then a statement left.", 1, None, False),  # and in lower case: no majority
        ("A Statement came, a Statement and a statement left.", 1, None, True),  # 1 each way: a tie is a name
        ("Statement one was read. Then a Statement came.", 0, None, True),  # the first word, capitalised mid-sentence elsewhere
        ("He wrote: Statement one was read.", 2, None, False),  # after a colon: a sentence start, no evidence
        ("The minister Zbigniewska spoke.", 2, None, True),  # a rare word capitalised mid-sentence
        ("Then Zbigniewska spoke to zbigniewska.", 1, None, False),  # also written in lower case
        ("Zbigniewska spoke to them.", 0, None, False),  # a rare word at a sentence start proves nothing
        # the run's other documents: capitalised 3 times or more, in at least 30 % of their uses
        ("He said in a Statement that it ended.", 4, {"Statement": 4}, True),  # 3 others
        ("He said in a Statement that it ended.", 4, {"Statement": 3}, False),  # 2 others
        ("He said in a Statement that it ended.", 4, {"Statement": 2}, False),
        ("He said in a Statement that it ended.", 4, {"Statement": 4, "statement": 7}, True),  # 3 of 10
        ("He said in a Statement that it ended.", 4, {"Statement": 4, "statement": 6}, True),
        ("He said in a Statement that it ended.", 4, {"Statement": 4, "statement": 8}, False),  # 3 of 11
        ("Statement was the first word.", 0, {"Statement": 3}, True),  # this document's first word is no vote
        ("Statement was the first word.", 0, {"Statement": 2}, False),
    ],
)
def test_which_capitalised_words_are_taken_for_names(text: str, word: int, corpus: dict[str, int] | None, is_name: bool) -> None:
    ctx = lm_context(text, {word: 30.0}, corpus=corpus)
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.bits == 30.0)
    assert lm.treated_as_name(ctx, unit) is is_name
    assert bool(list(surprisal.run(ctx))) is not is_name  # a name is never a finding


def test_a_lower_case_word_is_never_a_name_whatever_the_run_writes() -> None:
    for corpus in (None, {"statment": 6}):
        ctx = lm_context("He read the statment and the statment again.", {3: 30.0}, corpus=corpus)
        assert ctx.evidence is not None
        unit = next(u for u in ctx.evidence.units if u.bits == 30.0)
        assert lm.treated_as_name(ctx, unit) is False
        assert [f.text for f in surprisal.run(ctx)] == ["statment"]


def test_a_punctuation_mark_is_no_name() -> None:
    ctx = lm_context("He left , then came back.", {}, marks=[(",", 30.0)])
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.word is None)
    assert lm.treated_as_name(ctx, unit) is False


@pytest.mark.parametrize(
    ("source", "is_name"),
    [
        ("Le ministre Zbigniew Statement a parlé.", True),  # the word stands in the source
        ("Le ministre a publié un Statements.", False),  # only inside a longer word
        ("Le ministre a parlé.", False),
    ],
)
def test_a_capitalised_word_of_the_source_is_a_name(source: str, is_name: bool) -> None:
    ctx = lm_context("He said in a Statement that it ended.", {4: 30.0}, source=source)
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.bits == 30.0)
    assert lm.treated_as_name(ctx, unit) is is_name


def test_a_word_the_dictionary_knows_only_capitalised_is_a_name() -> None:
    needs_hunspell("en")
    ctx = lm_context("They met on Monday at noon.", {3: 30.0})
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.bits == 30.0)
    assert lm.treated_as_name(ctx, unit) is True  # Zipf 4.8: only the dictionary says so


@pytest.mark.parametrize(
    ("text", "word", "is_name"),
    [
        # a rare capitalised word mid-sentence: a name under Zipf 3.5 (RARE_NAME_ZIPF)
        ("They met the Attire team.", 3, True),  # "attire" 3.49
        ("They met the Absorbing team.", 3, False),  # "absorbing" 3.50
        ("They met the Abide team.", 3, False),  # "abide" 3.59
    ],
)
def test_rare_name_line(text: str, word: int, is_name: bool) -> None:
    ctx = lm_context(text, {word: 30.0})
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.bits == 30.0)
    assert lm.treated_as_name(ctx, unit) is is_name


# --------------------------------------------------------------------------- local edits


def edits_of(text: str, word: int) -> list[tuple[str, str, str]]:
    """`local_edits` of word `word` of `text`, as (original text, replacement, kind)."""
    ctx = lm_context(text, {word: 30.0})
    assert ctx.evidence is not None
    unit = next(u for u in ctx.evidence.units if u.bits == 30.0)
    return [(text[e.start : e.end], e.replacement, e.kind) for e in local_edits(ctx, unit)]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        (
            "She wrote on twitter He told us.",
            4,
            [("He", "he", "case"), ("twitter He", "twitter. He", "punctuation"), ("twitter He", "twitter, He", "punctuation")],
        ),
        (
            "He said in A statment That it ended.",
            4,
            [
                ("statment", "Statment", "case"),
                ("A statment", "A. Statment", "punctuation"),
                ("A statment", "A, statment", "punctuation"),
                ("statment", "statement", "spelling"),
            ],
        ),
        (
            "They said the the meeting was over.",
            3,
            [
                ("the", "The", "case"),
                ("the the", "the. The", "punctuation"),
                ("the the", "the, the", "punctuation"),
                (" the", "", "repeat"),
            ],
        ),
        ("He left, then came back.", 2, [("then", "Then", "case"), ("left, then", "left then", "punctuation")]),
        ("He left; Then came back.", 2, [("Then", "then", "case"), ("left; Then", "left then", "punctuation")]),
        ("He left: then came back.", 2, [("then", "Then", "case"), ("left: then", "left then", "punctuation")]),
        ("He left — then came back.", 2, [("then", "Then", "case")]),  # a dash is not taken out
        ("He left ,, then came back.", 2, [("then", "Then", "case")]),
        ("He left .. then came back.", 2, [("then", "Then", "case")]),  # an ellipsis is left alone
        (
            "the gover nment said so.",
            1,
            [
                ("gover", "Gover", "case"),
                ("the gover", "the. Gover", "punctuation"),
                ("the gover", "the, gover", "punctuation"),
                ("gover", "over", "spelling"),
                ("gover", "cover", "spelling"),
                ("gover", "lover", "spelling"),
                ("gover", "gov er", "split"),
                ("gover nment", "government", "join"),
            ],
        ),
        ("Statment was read.", 0, [("Statment", "statment", "case")]),  # capitalised: no spelling edits
        ("STATMENT was read.", 0, [("STATMENT", "statment", "case"), ("STATMENT", "Statment", "case")]),
        (
            "A Statement was read.",
            1,
            [
                ("Statement", "statement", "case"),
                ("A Statement", "A. Statement", "punctuation"),
                ("A Statement", "A, Statement", "punctuation"),
            ],
        ),
        (
            "We saw any one of them.",
            2,
            [("any", "Any", "case"), ("saw any", "saw. Any", "punctuation"), ("saw any", "saw, any", "punctuation")],
        ),
        (
            "They met his Team",
            3,
            [("Team", "team", "case"), ("his Team", "his. Team", "punctuation"), ("his Team", "his, Team", "punctuation")],
        ),  # the last word
    ],
)
def test_local_edits(text: str, word: int, expected: list[tuple[str, str, str]]) -> None:
    assert edits_of(text, word) == expected


@pytest.mark.parametrize(
    ("text", "word", "kinds", "expected"),
    [
        # spelling edits only for lower-case words under Zipf 3.0
        ("They met the teh team.", 3, ("spelling",), []),  # "teh" 3.04
        ("They took it aback then.", 3, ("spelling",), [("aback", "back", "spelling")]),  # "aback" 2.99
        ("They took it abject then.", 3, ("spelling",), []),  # "abject" exactly 3.0
        ("They met Teh team.", 2, ("spelling",), []),
        # the lowest frequency of a spelling neighbour: Zipf 3, or 1.5 above the word's own
        ("They went arund the park.", 2, ("spelling",), [("arund", "around", "spelling")]),  # "arun" 2.9 is not enough
        ("They went arond the park.", 2, ("spelling",), [("arond", "around", "spelling"), ("arond", "aron", "spelling")]),  # "aron" 3.0
        (
            "They went abut the park.",
            2,
            ("spelling",),
            [("abut", "but", "spelling"), ("abut", "about", "spelling")],
        ),  # "abu" is under 2.54 + 1.5
        ("They neve went.", 1, ("spelling",), [("neve", "never", "spelling"), ("neve", "eve", "spelling")]),  # "eve" just over 2.79 + 1.5
        ("They saw aout it.", 2, ("spelling",), [("aout", "about", "spelling"), ("aout", "out", "spelling"), ("aout", "bout", "spelling")]),
        # a word split in two: both parts Zipf 3.5 or more, each at least two letters long
        ("They do it ofcourse now.", 3, ("split",), []),  # "ofcourse" is Zipf 3.04: no edits at all
        ("I am goingto go.", 2, ("split",), [("goingto", "going to", "split")]),  # the last cut: two letters on the right
        ("We read theabsorbing book.", 2, ("split",), [("theabsorbing", "the absorbing", "split")]),  # "absorbing" exactly 3.5
        ("We read absorbingthe book.", 2, ("split",), [("absorbingthe", "absorbing the", "split")]),
        ("We read theattire book.", 2, ("split",), []),  # "attire" 3.49
        ("We read attirethe book.", 2, ("split",), []),
        ("It was alittle late.", 2, ("split",), []),
        (
            "I think itwas late.",
            2,
            ("split",),
            [("itwas", "it was", "split")],
        ),  # the first cut: two letters on the left  # a one-letter part is never split off ("a little")
        ("It was wherea late.", 2, ("split",), []),
        # two words joined: the whole Zipf 3.5 or more and more frequent than the rarer part
        ("We saw absor bing here.", 2, ("join",), [("absor bing", "absorbing", "join")]),  # "absorbing" exactly 3.5
        ("We saw actres ses here.", 2, ("join",), []),  # "actresses" 3.49
        ("We saw near est here.", 2, ("join",), []),  # "nearest" 4.11 is no more frequent than "est"
        ("We saw any one here.", 2, ("join",), []),  # "anyone" is rarer than either part
        ("We saw absor  bing here.", 2, ("join",), []),  # two spaces: not a split word
        ("We saw absor-bing here.", 2, ("join",), []),
    ],
)
def test_which_edits_are_tried(text: str, word: int, kinds: tuple[str, ...], expected: list[tuple[str, str, str]]) -> None:
    assert [e for e in edits_of(text, word) if e[2] in kinds] == expected


@pytest.mark.parametrize(
    ("word", "min_zipf", "limit", "expected"),
    [
        ("statment", 3.0, 3, ["statement"]),  # a letter left out
        ("statemen", 3.0, 3, ["statement"]),  # the last letter
        ("recieve", 3.0, 3, ["receive", "relieve"]),  # two letters swapped
        ("teh", 3.0, 3, ["the", "ten", "tea"]),  # the last two swapped; at most three, most frequent first
        ("teh", 3.0, 5, ["the", "ten", "tea", "tech", "ted"]),
        ("definately", 3.0, 3, ["definitely"]),  # a letter replaced
        ("spellling", 3.0, 3, ["spelling"]),  # one too many
        ("fo", 3.0, 3, ["to", "of", "for"]),  # two-letter words are candidates, one-letter ones never
        ("ab", 3.0, 10, ["as", "at", "an", "am", "al", "ad", "ah", "lab", "ap", "ac"]),
        ("aback", 6.04, 3, ["back"]),  # "back" is exactly Zipf 6.04: at the line is enough
        ("aback", 6.05, 3, []),
    ],
)
def test_spelling_neighbours(word: str, min_zipf: float, limit: int, expected: list[str]) -> None:
    assert spelling_neighbours(word, "en", min_zipf, limit) == expected


def test_spelling_neighbours_are_three_by_default() -> None:
    assert spelling_neighbours("teh", "en", 3.0) == ["the", "ten", "tea"]


@pytest.mark.parametrize(
    ("kind", "category"),
    [
        ("case", "fluency/spelling"),
        ("spelling", "fluency/spelling"),
        ("split", "fluency/spelling"),
        ("join", "fluency/spelling"),
        ("punctuation", "fluency/punctuation"),
        ("repeat", "fluency/grammar"),
        ("suggestion", "fluency/grammar"),
    ],
)
def test_edit_categories(kind: str, category: str) -> None:
    assert lm.edit_category(kind) == category


def test_a_repeated_word_dropped_is_a_grammar_finding() -> None:
    (found,) = lm_findings("They said the the meeting was over.", {3: 30.0}, prefer={"They said the meeting": 9.0})
    assert (found.text, found.suggestions, found.category, found.evidence["edit"]) == (" the", ("",), "fluency/grammar", "repeat")


def test_two_parts_joined_is_a_spelling_finding() -> None:
    (found,) = lm_findings("the gover nment said so.", {1: 30.0}, prefer={"government": 9.0})
    assert (found.text, found.suggestions, found.category, found.evidence["edit"]) == (
        "gover nment",
        ("government",),
        "fluency/spelling",
        "join",
    )


def test_the_rule_is_registered_as_model_evidence() -> None:
    assert (surprisal,) == lm.CHECKS
    assert surprisal.rule.id == "lm.surprisal" and surprisal.rule.needs_evidence is True
    from dataclasses import FrozenInstanceError

    edit = Edit(0, 1, "", "case")
    with pytest.raises(FrozenInstanceError):
        edit.start = 2  # type: ignore[misc]


# --------------------------------------------------------------------------- mtaudit.language: word shapes


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Statement", True),
        ("A", True),  # one capital letter
        ("É", True),
        ("Ab", True),
        ("Well-known", True),  # inner hyphen, the rest in lower case
        ("X1", True),
        ("STATEMENT", False),
        ("AB", False),
        ("STatement", False),
        ("iPhone", False),
        ("statement", False),
        ("McDonald", False),  # a capital inside
        ("Mid-December", False),  # a capital after the hyphen
        ("O'Brien", False),
        ("", False),
        ("1st", False),
    ],
)
def test_is_capitalised(word: str, expected: bool) -> None:
    from mtaudit.language import is_capitalised

    assert is_capitalised(word) is expected
    assert is_capitalised(word) is expected  # the remembered answer is the same


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("He left. The door closed.", "The", True),
        ("Prices rose, etc.  The door closed.", "The", True),  # two spaces after the stop
        ("Prices rose, etc.   The door closed.", "The", False),  # three: too far
        ("He left! The door closed.", "The", True),
        ("He left? The door closed.", "The", True),
        ("He left… The door closed.", "The", True),
        ("He left; The door closed.", "The", False),
        ("He left The door closed.", "The", False),
        ("He left.The door closed.", "The", True),
        (". The door closed.", "The", True),  # the word two characters from the start
        ("?The door closed.", "The", True),
        ("The door closed.", "The", False),  # nothing before it
    ],
)
def test_after_sentence_end(text: str, word: str, expected: bool) -> None:
    from mtaudit.language import after_sentence_end

    assert after_sentence_end(text, text.index(word)) is expected


def test_fold_accents_drops_combining_marks_only() -> None:
    from mtaudit.language import fold_accents

    assert fold_accents("Élysée") == "Elysee"
    assert fold_accents("naïve café") == "naive cafe"
    assert fold_accents("Straße") == "Straße"  # no combining mark in ß


def test_one_edit_variants_are_deletions_swaps_substitutions_and_insertions() -> None:
    from mtaudit.language import one_edit_variants

    assert one_edit_variants("ab", "xy") == {"b", "a", "ba", "xb", "yb", "ax", "ay", "xab", "yab", "axb", "ayb", "abx", "aby"}
    assert one_edit_variants("aab", "a") == {"ab", "aa", "aba", "aaab", "aaba", "aaa"}  # the word itself left out


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Write to info@festival.fr today.", "festival", True),
        ("Follow @handle now.", "handle", True),
        ("Follow the #hashtag now.", "hashtag", True),
        ("Open src/main.py now.", "main", True),
        ("Call get_value now.", "get", True),
        ("The iPhone sold well.", "iPhone", True),  # a lower-case letter before a capital
        ("Read item 3a now.", "3a", True),
        ("See [link] now.", "link", False),  # brackets and quotes around a word are prose
        ("He said “hello” twice.", "hello", False),
        ("He said (hello) twice.", "hello", False),
        ("The end.", "end", False),
        ("mail handle@x now", "handle", True),
        ("handle@x", "handle", True),  # the chunk runs to the end of the text
        ("x@handle", "handle", True),  # and from its start
        ('Hi ab@cd "hello" x', "hello", False),  # the chunk ends at the space before the quote: "ab@cd" is another chunk
        ('x "hello" ab@cd there', "hello", False),  # and at the space after it
    ],
)
def test_is_code_like(text: str, word: str, expected: bool) -> None:
    from mtaudit.language import is_code_like

    start = text.index(word)
    assert is_code_like(text, start, start + len(word)) is expected


def test_is_code_like_looks_256_characters_each_way() -> None:
    from mtaudit.language import CODE_CHUNK_REACH, is_code_like

    assert CODE_CHUNK_REACH == 256
    for gap, expected in ((255, True), (256, False)):
        text = "@" + "a" * gap + "word"
        assert is_code_like(text, 1 + gap, 5 + gap) is expected
        text = "word" + "a" * gap + "@"
        assert is_code_like(text, 0, 4) is expected


@pytest.mark.parametrize(
    ("word", "lang", "key"),
    [
        ("organisation", "en", "organization"),
        ("organisations", "en", "organizations"),
        ("Colour's", "en", "color"),
        ("centre", "en", "center"),
        ("travelled", "en", "traveled"),
        ("catalogue", "en", "catalog"),
        ("defence", "en", "defense"),
        ("Élysée-Palast", "de", "elyseepalast"),
        ("centre", "fr", "centre"),  # the English endings are English only
        ("organisation", "fr", "organisation"),
    ],
)
def test_variant_key(word: str, lang: str, key: str) -> None:
    from mtaudit.language import variant_key

    assert variant_key(word, lang) == key


# --------------------------------------------------------------------------- calendar names, inflection, traits


def test_calendar_names_say_whether_months_are_capitalised() -> None:
    from dataclasses import FrozenInstanceError

    from mtaudit.language import calendar_names

    english, french = calendar_names("en"), calendar_names("fr")
    assert english.months_capitalised is True and french.months_capitalised is False
    assert english.months["march"] == 3 and english.month_names[3] == "March" and "monday" in english.words
    assert french.months["mars"] == 3 and french.month_names[3] == "mars"
    unknown = calendar_names("qq")
    assert (unknown.months, unknown.month_abbreviations, unknown.months_capitalised, unknown.words, unknown.month_names) == (
        {},
        {},
        False,
        frozenset(),
        {},
    )
    with pytest.raises(FrozenInstanceError):
        english.months_capitalised = False  # type: ignore[misc]  # shared by every caller: never changed


def test_cached_calendar_names_are_checked_when_read() -> None:
    from mtaudit.language import _decode_calendar, _encode_calendar, calendar_names

    names = calendar_names("en")
    assert _decode_calendar(_encode_calendar(names)) == names
    months, abbreviations, capitalised, words, month_names = _encode_calendar(names)
    for bad in (
        ([], abbreviations, capitalised, words, month_names),
        (months, [], capitalised, words, month_names),
        (months, abbreviations, capitalised, words, []),
        (months, abbreviations, capitalised, set(words), month_names),
    ):
        with pytest.raises(ValueError, match="not cached calendar names"):
            _decode_calendar(bad)


@pytest.mark.parametrize(
    ("code", "endings"),
    [
        ("pt-BR", ("s", "es")),
        ("pt_BR", ("s", "es")),
        ("DE", ("s", "es", "n", "en", "e", "er", "ern", "ns", "ens", "'", "’")),
        ("en", ("s", "es", "'s", "’s", "'", "’")),
        ("xx", ("s", "es", "'s", "’s", "'", "’")),
    ],
)
def test_noun_endings_by_the_language_part_of_the_code(code: str, endings: tuple[str, ...]) -> None:
    from mtaudit.language import noun_endings

    assert noun_endings(code) == endings


@pytest.mark.parametrize(
    ("text", "case_sensitive", "found"),
    [
        ("Talks in Kiev's centre.", False, [("Kiev's", "'s")]),
        ("Talks in KIEVS and kiev.", False, [("KIEVS", "S"), ("kiev", "")]),
        ("Talks in KIEVS and kiev.", True, []),
        ("Talks in Kievs today.", True, [("Kievs", "s")]),
        ("Kievan and Kievsky talks.", False, []),
    ],
)
def test_inflection_pattern(text: str, case_sensitive: bool, found: list[tuple[str, str]]) -> None:
    from mtaudit.language import inflection_pattern, noun_endings

    if case_sensitive:
        pattern = inflection_pattern("Kiev", noun_endings("en"), case_sensitive=True)
    else:
        pattern = inflection_pattern("Kiev", noun_endings("en"))
    assert [(m.group(0), m.group("ending") or "") for m in pattern.finditer(text)] == found


@pytest.mark.parametrize(
    ("code", "nouns", "compounds", "kinds", "dash", "quotes"),
    [
        ("en", False, False, True, "—", (("“", "”"), ("‘", "’"))),
        ("de", True, True, False, "–", (("„", "“"), ("‚", "‘"))),
        ("nl", False, True, False, "–", (("“", "”"), ("‘", "’"))),
        ("fr", False, False, False, "–", (("«", "»"), ("“", "”"))),
        ("xx", False, False, False, "—", (("“", "”"), ("‘", "’"))),
    ],
)
def test_language_traits(code: str, nouns: bool, compounds: bool, kinds: bool, dash: str, quotes: tuple[tuple[str, str], ...]) -> None:
    from mtaudit.language import Language

    lang = Language(code)
    assert (lang.capitalises_nouns, lang.compounds_words, lang.capitalises_names_of_kinds, lang.dash, lang.quote_pairs) == (
        nouns,
        compounds,
        kinds,
        dash,
        quotes,
    )
    assert repr(lang) == f"Language({code!r})"


def test_function_words_are_the_200_most_frequent_words_of_letters() -> None:
    from mtaudit.lexicon import top_words

    top = top_words("en", 201)
    function_words = language_en().function_words
    assert top[199] == "found" and "found" in function_words  # the 200th
    assert top[200] == "must" and "must" not in function_words  # the 201st
    assert "didn't" not in function_words  # letters only
    assert function_words == frozenset(w for w in top[:200] if w.isalpha())


def language_en():
    from mtaudit.language import language

    return language("en")


@pytest.mark.parametrize(
    ("code", "alphabet"),
    [
        ("en", "abcdefghijklmnopqrstuvwxyz"),
        ("fr", "abcdefghijklmnopqrstuvwxyzàâçèéêëîôùûœ"),
        ("de", "abcdefghijklmnopqrstuvwxyzàäéöü"),
        ("es", "abcdefghijklmnopqrstuvwxyzºáéíñóúü"),
    ],
)
def test_alphabet_of_a_language(code: str, alphabet: str) -> None:
    from mtaudit.language import language

    assert language(code).alphabet == alphabet


# --------------------------------------------------------------------------- frequency bands


@pytest.mark.parametrize(
    ("band", "at", "below"),
    [
        ("SENTENCE_OPENER", "which", "time"),  # 6.3 / 6.29
        ("FUNCTION_WORD", "some", "also"),  # 6.2
        ("VERY_FREQUENT", "most", "even"),  # 6.0
        ("COMMON", "company", "called"),  # 5.6
        ("FREQUENT", "campaign", "consider"),  # 5.0
        ("ANY_CORRECTION", "approval", "achieved"),  # 4.5
        ("WELL_KNOWN", "admiral", "accurately"),  # 4.0
        ("RARE", "absorbing", "actresses"),  # 3.5
        ("KNOWN", "abject", "aback"),  # 3.0
        ("ATTESTED", "abattoir", "aeration"),  # 2.5
        ("SCARCE", "absurdum", "achromatic"),  # 2.0
        ("UNKNOWN", "abayas", "acclaims"),  # 1.5
    ],
)
def test_each_frequency_band_starts_at_its_landmark_word(band: str, at: str, below: str) -> None:
    # the bands are calibrated lines in wordfreq's Zipf scale: a landmark word exactly on each line
    # belongs to it, one a hundredth below does not
    from mtaudit.language import Band
    from mtaudit.lexicon import lexicon

    zipf = lexicon("en").zipf
    assert zipf(below) < getattr(Band, band) <= zipf(at)
    assert zipf(at) == getattr(Band, band) and zipf(below) == round(getattr(Band, band) - 0.01, 2)


# --------------------------------------------------------------------------- known words, compounds, corrections


@pytest.fixture()
def no_dictionary(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ...]:
    """Dictionary folders that hold no dictionary: the Language then knows words by frequency only."""
    return (str(tmp_path_factory.mktemp("no-dictionaries")),)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("housewindow", True),
        ("roadwindow", True),  # a head of four letters
        ("windowdoor", True),  # a tail of four letters
        ("roadewindow", True),  # a linking "e" ("Regierung-s-sprecher")
        ("housexqzwvb", False),  # an unknown tail
        ("qwrtswindow", False),  # a head that only ends like a link
        ("housewindowframe", True),  # the tail is itself a compound (11 letters)
        ("housedoorwindow", True),  # a compound tail of exactly 10 letters
        ("houseroadframe", False),  # a compound tail of 9 letters is not split again
        ("househousewindowframe", False),  # split once inside the tail, never twice
        ("dogwindow", False),  # "dog" is no part: under four letters
    ],
)
def test_compounds_of_known_words_without_a_dictionary(no_dictionary: tuple[str, ...], word: str, expected: bool) -> None:
    from mtaudit.language import Language

    assert Language("en", no_dictionary).is_compound(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("door", True), ("dog", False), ("abject", True), ("aback", False), ("alot", True), ("dont", True), ("xqzvw", False)],
)
def test_compound_parts_without_a_dictionary_are_words_of_zipf_3(no_dictionary: tuple[str, ...], word: str, expected: bool) -> None:
    from mtaudit.language import Language

    assert Language("en", no_dictionary)._known_part(word) is expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("aback", True),  # Zipf 2.99, but the dictionary's
        ("alot", False),  # Zipf 3.93, not the dictionary's: frequency alone is not enough under 4
        ("dont", True),  # Zipf 4.74: well known, whatever the dictionary says
        ("door", True),
        ("dog", False),
    ],
)
def test_compound_parts_with_a_dictionary(word: str, expected: bool) -> None:
    needs_hunspell("en")
    from mtaudit.language import language

    assert language("en")._known_part(word) is expected


def test_known_words_without_a_dictionary(no_dictionary: tuple[str, ...]) -> None:
    from mtaudit.language import Language

    english, german = Language("en", no_dictionary), Language("de", no_dictionary)
    assert [english.is_known_word(w) for w in ("abject", "aback", "housewindow")] == [
        True,
        False,
        False,
    ]  # Zipf 3.0, 2.99; English writes no compounds
    assert english.dictionary_accepts("statement") is False and english.is_dictionary_word("housewindow") is False
    assert german.is_dictionary_word("Hausfenster") is True and german.is_known_word("Hausfenster") is True


@pytest.mark.parametrize(
    ("word", "accepted"),
    [("statements", True), ("STATEMENTS", True), ("Kremlin", True), ("kremlin", True), ("statment", False), ("housewindow", False)],
)
def test_dictionary_accepts(word: str, accepted: bool) -> None:
    needs_hunspell("en")
    from mtaudit.language import language

    english = language("en")
    assert english.dictionary_accepts(word) is accepted
    assert english.is_dictionary_word(word) is accepted
    assert english.is_known_word(word) is (accepted or english.lexicon.zipf(word) >= 3.0)


def test_neighbours_are_known_words_one_edit_away_up_to_forty_letters(
    monkeypatch: pytest.MonkeyPatch, no_dictionary: tuple[str, ...]
) -> None:
    import mtaudit.language as language_module
    from mtaudit.language import Language

    # frequencies: Zipf 4.0, 3.0 (exactly the KNOWN line) and just under it
    frequencies = {"a" * 39: 1e-5, "a" * 40: 1e-5, "a" * 41: 1e-6, "a" * 39 + "b": 0.99e-6}
    monkeypatch.setattr(language_module, "frequency_dict", lambda code: frequencies)
    english = Language("en", no_dictionary)
    assert english.neighbours("a" * 40) == [(1, -4.0, "a" * 39), (1, -3.0, "a" * 41)]
    assert english.neighbours("a" * 41) == []  # over MAX_SEARCH_LENGTH: not searched


def test_neighbours_from_the_frequency_list() -> None:
    from mtaudit.language import language

    assert language("en").neighbours("statment") == [(1, -4.97, "statement")]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("abuse", ["abused"]),
        ("statement", ["statements"]),
        ("arrang", ["arrange", "arranged"]),
        ("accuratel", []),  # "accurately" 3.99
        ("beca", ["became"]),  # "because" is three letters longer: not by default
        ("someth", []),
    ],
)
def test_completions_from_zipf_4(prefix: str, expected: list[str]) -> None:
    # "abused" is exactly Zipf 4.0 (WELL_KNOWN); the word itself is no completion of itself
    from mtaudit.language import language

    assert language("en").completions(prefix) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("abusd", [(4.66, "abuse"), (4.0, "abused")]),  # Zipf 4.0 is enough
        ("statemen", [(4.97, "statement"), (4.51, "statements")]),  # one edit, or a completion
        ("overnment", [(5.57, "government")]),  # the first letter lost
    ],
)
def test_any_one_edit(word: str, expected: list[tuple[float, str]]) -> None:
    from mtaudit.language import language

    assert language("en").any_one_edit(word) == expected


class FakeLexicon:
    """The spellings a dictionary lists for a word (`Lexicon.case_forms`)."""

    def __init__(self, forms: dict[str, set[str]]) -> None:
        self.forms = forms

    def case_forms(self, word: str) -> frozenset[str]:
        return frozenset(self.forms.get(word, set()))


@pytest.mark.parametrize(
    ("original", "correction", "forms", "expected"),
    [
        ("statment", "statement", {"statement"}, "statement"),
        ("Statment", "statement", {"statement"}, "Statement"),
        ("STATMENT", "statement", {"statement"}, "Statement"),
        ("kremlim", "kremlin", {"Kremlin"}, "Kremlin"),  # the dictionary knows it only capitalised
        ("Kremlim", "kremlin", {"Kremlin"}, "Kremlin"),
        ("nato", "nato", {"NATO", "Nato"}, "NATO"),  # the first of the dictionary's spellings
        ("mai", "may", {"may", "May"}, "may"),  # known in lower case too: the original's case
        ("statment", "statement", set(), "statement"),  # no dictionary
    ],
)
def test_restore_case(original: str, correction: str, forms: set[str], expected: str) -> None:
    from mtaudit.language import restore_case

    lexicon = FakeLexicon({correction: forms})
    assert restore_case(original, correction, lexicon) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("word", "candidate", "expected"),
    [
        ("hirings", "hiring", True),
        ("automotive", "automotives", True),
        ("Investec", "Invested", True),  # the last letter differs
        ("ab", "abcd", True),  # letters added at the end
        ("statment", "statement", False),
        ("cat", "bat", False),  # the first letter
        ("abcd", "abed", False),  # the one before the last
        ("abcd", "abcde", True),
    ],
)
def test_is_ending_variant(word: str, candidate: str, expected: bool) -> None:
    from mtaudit.language import is_ending_variant

    assert is_ending_variant(word, candidate) is expected
    assert is_ending_variant(candidate, word) is expected


# --------------------------------------------------------------------------- mtaudit.capitals


def capitals_context(text: str, dict_dirs: tuple[str, ...] | None, lang: str = "en", corpus: dict[str, int] | None = None) -> CheckContext:
    ctx = prepare(Document("c", text, target_lang=lang), AuditOptions(dict_dirs=dict_dirs))
    if corpus is not None:
        ctx.corpus_case_votes = Counter(corpus)
    return ctx


def token_of(ctx: CheckContext, word: str, occurrence: int = 0):
    return [t for t in ctx.tokens if t.text == word][occurrence]


@pytest.mark.parametrize(
    ("text", "corpus", "evidence"),
    [
        # without a dictionary: a word of Zipf 5.6 (COMMON) or more is common, +0.2 when the
        # document also writes it in lower case; capitalised elsewhere as often: a name
        ("He said in a Company report.", None, 0.6),  # "company" is exactly Zipf 5.6
        ("He said in a Company report and a company plan.", None, 0.8),
        ("He said in a Company report and a Company plan.", None, 0.0),
        ("A Company report, a Company plan and a company deal.", None, 0.0),  # 1 each way: a name
        ("A Company report, a Company plan, a company deal and a company fund.", None, 0.8),  # 1 against 2
        ("He said in a Called report.", None, 0.0),  # "called" 5.59: no evidence either way
        ("He said in a Called report and called it.", None, 0.0),  # lower case elsewhere adds to evidence, never makes it
        # the run's other documents: capitalised 3 times or more and in 30 % of their uses or more
        ("He said in a Company report.", {"Company": 4}, 0.0),
        ("He said in a Company report.", {"Company": 3}, 0.6),
        ("He said in a Company report.", {"Company": 2}, 0.6),
        ("He said in a Company report.", {"Company": 4, "company": 7}, 0.0),  # 3 of 10
        ("He said in a Company report.", {"Company": 4, "company": 6}, 0.0),
        ("He said in a Company report.", {"Company": 4, "company": 8}, 0.6),  # 3 of 11
    ],
)
def test_common_word_evidence_without_a_dictionary(
    no_dictionary: tuple[str, ...], text: str, corpus: dict[str, int] | None, evidence: float
) -> None:
    from mtaudit.capitals import common_word_evidence

    ctx = capitals_context(text, no_dictionary, corpus=corpus)
    word = next(t.text for t in ctx.tokens[1:] if t.text[:1].isupper())
    assert common_word_evidence(ctx, token_of(ctx, word)) == evidence


@pytest.mark.parametrize(
    ("text", "word", "evidence"),
    [
        ("He said in a Statement that it ended.", "Statement", 0.9),  # the dictionary has it in lower case only
        ("He said in a Statement and a statement.", "Statement", 1.0),
        ("They met on Monday at noon.", "Monday", 0.0),  # only capitalised
        ("They took it Aback then.", "Aback", 0.0),  # rare (2.99) and never in lower case here: a name
        ("They took it Aback and aback.", "Aback", 1.0),
        ("They read the Absorbing book.", "Absorbing", 0.9),  # exactly Zipf 3.5: not rare
        ("He said in May that it ended.", "May", 0.6),  # both spellings in the dictionary, frequent
    ],
)
def test_common_word_evidence_with_a_dictionary(text: str, word: str, evidence: float) -> None:
    needs_hunspell("en")
    from mtaudit.capitals import common_word_evidence

    ctx = capitals_context(text, None)
    assert common_word_evidence(ctx, token_of(ctx, word)) == evidence


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("He said in a Company report.", "en", [("Company", "a", 0.6)]),
        ("Company reports rose.", "en", []),  # the first word
        ("He said I would go.", "en", []),  # "I"
        ("He said: Company reports rose.", "en", []),  # after a colon
        ("He said in a Company Report today.", "en", []),  # a run of capitals: a name
        ("He said in a Company 5 report.", "en", []),  # followed by a number
        ("He said in a Company/report.", "en", []),  # glued to a symbol
        ("He said in May that it ended.", "en", []),  # a month
        ("He said in a Called report.", "en", []),  # no evidence
        ("Er kam im Jahr danach.", "de", []),  # German capitalises its nouns
    ],
)
def test_stray_capitals_without_a_dictionary(
    no_dictionary: tuple[str, ...], text: str, lang: str, expected: list[tuple[str, str, float]]
) -> None:
    from mtaudit.capitals import stray_capitals

    ctx = capitals_context(text, no_dictionary, lang)
    assert [(t.text, p.text, e) for t, p, e in stray_capitals(ctx)] == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("They met the Tripartite Contact Group today.", "Contact", True),
        ("They met the Tripartite Contact Group today.", "Group", True),  # the last of the run
        ("They met the Contact - Group today.", "Group", True),  # across a spaced hyphen
        ("They met the Contact & Group today.", "Group", True),
        ("They met the Contact, Group today.", "Group", False),  # punctuation ends a run
        ("He met Organization for Security staff.", "Security", True),  # across one short frequent word
        ("He met Organization for the Security staff.", "Security", False),  # not two
        ("He met Organization with Security staff.", "Security", False),  # "with" is four letters
        ("He met Organization per Security staff.", "Security", False),  # "per" is not frequent enough
        ("He met the Secretary of State today.", "Secretary", True),  # the run continues to the right
        ("He sat on Saturday in A statement.", "A", False),  # a very frequent word across "in" after a name
        ("He read BBC One today.", "One", True),  # after an acronym
        ("He saw Serie A today.", "A", True),  # one letter: a designator
        ("They said TimeWarner Said sales rose.", "Said", False),  # a frequent word after an unknown name
        ("They said TimeWarner Statement sales rose.", "Statement", True),  # not very frequent
        ("They said TimeWarner In sales rose.", "In", False),  # two letters are a word, not a designator
        ("They said TimeWarner Most sales rose.", "Most", False),  # "most" is exactly Zipf 6.0 (VERY_FREQUENT)
        ("He met Organization for Most staff.", "Most", False),  # across a function word, 6.0 is very frequent
        ("They met the Contact Group", "Group", True),  # the last word of the text
        ("He said in a Company report.", "Company", False),
    ],
)
def test_in_capitalised_run_without_a_dictionary(no_dictionary: tuple[str, ...], text: str, word: str, expected: bool) -> None:
    from mtaudit.capitals import in_capitalised_run

    ctx = capitals_context(text, no_dictionary)
    token = token_of(ctx, word)
    assert in_capitalised_run(ctx, list(ctx.sentence_tokens[token.sentence]), token.index_in_sentence) is expected


@pytest.mark.parametrize(
    ("text", "previous", "expected"),
    [
        ("She wrote on twitter He told us.", "twitter", True),
        ("She wrote on the He told us.", "the", False),  # a function word ends no sentence
        ("She wrote some He told us.", "some", False),  # "some" is exactly Zipf 6.2 (FUNCTION_WORD)
        ("She wrote also He told us.", "also", True),  # 6.19
        ("She met The He told us.", "The", True),  # capitalised: a name may end a sentence
        ("She wrote on 5 He told us.", "5", False),  # "5 May"
        ("She wrote on 19th He told us.", "19th", False),
        ("She wrote on twitter, He told us.", "twitter", False),  # punctuation already between them
    ],
)
def test_can_end_sentence(text: str, previous: str, expected: bool) -> None:
    from mtaudit.capitals import can_end_sentence

    ctx = capitals_context(text, None)
    before = token_of(ctx, previous)
    following = ctx.tokens[ctx.tokens.index(before) + 1]
    assert can_end_sentence(ctx, before, following) is expected
    assert can_end_sentence(ctx, before) is (expected or "," in text)  # without the next word, punctuation is not looked at


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("It cost A$4.50 then.", "A", True),  # glued to a symbol
        ("They passed Section 28 then.", "Section", True),  # followed by a number
        ("They lived at No 10 then.", "No", True),
        ("He said in May that it ended.", "May", True),  # a month (CLDR)
        ("He said on Monday that it ended.", "Monday", True),  # a weekday
        ("He said in the Company report.", "Company", False),
        ("He said in the Company.", "Company", False),
        ("He said in the Company, then left.", "Company", False),
        ("He said in the (Company) report.", "Company", False),
        ("He said in the “Company” report.", "Company", False),
        ("He said in the 'Company' report.", "Company", False),
        ("He said in the Company? No.", "Company", False),
        ("He said in the Company  5 report.", "Company", False),  # two spaces: not its number
        ("He said in the Company", "Company", False),  # the end of the text
    ],
)
def test_names_a_date_or_number(text: str, word: str, expected: bool) -> None:
    from mtaudit.capitals import _names_a_date_or_number

    ctx = capitals_context(text, None)
    assert _names_a_date_or_number(ctx, token_of(ctx, word)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said in A Statement That it ended.", [("A", "That")]),
        ("He said A Statement That ended.", []),  # 3 capitals of 5 words after the first: a headline
        ("He said in A Statement, That it ended.", []),  # a comma ends the run
        ("He said in  A Statement That it ended.", []),  # two spaces before it: no pasted run
        ("He said: In The end it was over today.", []),  # a clause start
        ("He said it was In The park today.", [("In", "The")]),  # two capitals, both function words
        ("He said In The park and At The end of it all today it was.", [("In", "The"), ("At", "The")]),
        ("They watched the film Gone With The Wind again.", []),  # a title after a work noun
        ("They watched Gone With The Wind again today.", [("Gone", "Wind")]),
        ("He heard BBC Radio 4's World At One today.", []),  # a title after a possessive
        ("He heard the World At One show today.", [("World", "One")]),
        ("Yesterday the minister Zbigniew Of The Board spoke to the press.", []),  # continues a name
        ("Yesterday the minister Of The Board spoke to the press.", [("Of", "Board")]),
        ("Minister Zbigniew Of The Board spoke to the press today about it.", []),
        ("Yesterday Of The Board spoke to the press about it again.", [("Of", "Board")]),  # after the first word
        ("He said it was Good Some Days ago to me.", [("Good", "Days")]),  # "some" is exactly Zipf 6.2
        ("He said it was Good Also Days ago to me.", []),  # "also" 6.19: no function word inside
        ("He said it was The Daily Telegraph that did it.", []),  # one function word, at the edge: a name
        ("He said it was Formula One that did it.", []),
        ("He said it was The Big One that did it.", [("The", "One")]),  # two function words
        ("He said it was The Big One", [("The", "One")]),  # at the end of the text
    ],
)
def test_title_case_runs_without_a_dictionary(no_dictionary: tuple[str, ...], text: str, expected: list[tuple[str, str]]) -> None:
    from mtaudit.capitals import title_case_runs

    ctx = capitals_context(text, no_dictionary)
    assert [(first.text, last.text) for first, last in title_case_runs(ctx)] == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("He heard the World at One show.", "One", True),  # "world" is a lower-case word: a title
        ("He sat on Saturday in A statement.", "A", False),  # "Saturday" is a name: a stray capital
    ],
)
def test_in_capitalised_run_with_a_dictionary(text: str, word: str, expected: bool) -> None:
    needs_hunspell("en")
    from mtaudit.capitals import in_capitalised_run

    ctx = capitals_context(text, None)
    token = token_of(ctx, word)
    assert in_capitalised_run(ctx, list(ctx.sentence_tokens[token.sentence]), token.index_in_sentence) is expected


def test_title_case_runs_skip_german(no_dictionary: tuple[str, ...]) -> None:
    from mtaudit.capitals import title_case_runs

    assert list(title_case_runs(capitals_context("Er sagte es In Der Tat gestern.", no_dictionary, "de"))) == []


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Statement", True), ("Admiral", True), ("Accurately", False), ("A", True), ("statement", False), ("BBC", False), ("Zbigniew", False)],
)
def test_common_capitalised_without_a_dictionary(no_dictionary: tuple[str, ...], word: str, expected: bool) -> None:
    # "admiral" is exactly Zipf 4.0 (WELL_KNOWN), "accurately" 3.99
    from mtaudit.capitals import _common_capitalised

    assert _common_capitalised(capitals_context("x", no_dictionary), word) is expected


@pytest.mark.parametrize(("word", "expected"), [("Statement", True), ("Monday", False), ("Zbigniew", False), ("A", True)])
def test_common_capitalised_with_a_dictionary(word: str, expected: bool) -> None:
    needs_hunspell("en")
    from mtaudit.capitals import _common_capitalised

    assert _common_capitalised(capitals_context("x", None), word) is expected


@pytest.mark.parametrize(
    ("text", "corpus", "expected"),
    [
        ("Er sagte in einer Erklärung Dass Russland teilnehmen werde.", None, ["Dass"]),
        ("Haben Sie das gesehen, Wenn Sie kommen?", None, ["Wenn"]),  # "Sie": the pronoun of address
        ("Und Wenn er kommt, gehen wir.", None, ["Wenn"]),  # the second word
        ("Er sagte: Dass Russland teilnimmt, ist klar.", None, []),  # after a colon
        ("Er sagte in einer Erklärung DASS Russland teilnehmen werde.", None, []),  # all capitals
        ("Er sagte in einer Erklärung Dass Russland teilnehmen werde.", {"Dass": 3}, []),  # the run writes it so
        ("Er sagte in einer Erklärung Dass Russland teilnehmen werde.", {"Dass": 2}, ["Dass"]),
        ("Er sagte in einer Erklärung Russland werde teilnehmen.", None, []),  # a noun
    ],
)
def test_capitalised_function_words_in_german(text: str, corpus: dict[str, int] | None, expected: list[str]) -> None:
    needs_hunspell("de")
    from mtaudit.capitals import capitalised_function_words

    assert [t.text for t in capitalised_function_words(capitals_context(text, None, "de", corpus))] == expected


def test_capitalised_function_words_need_a_noun_capitalising_language_and_a_dictionary(no_dictionary: tuple[str, ...]) -> None:
    from mtaudit.capitals import capitalised_function_words

    assert (
        list(
            capitalised_function_words(capitals_context("Er sagte in einer Erklärung Dass Russland teilnehmen werde.", no_dictionary, "de"))
        )
        == []
    )
    assert list(capitalised_function_words(capitals_context("He said in a statement That Russia would attend.", None, "en"))) == []


def test_the_model_compares_the_edited_sentence_with_that_sentence_only() -> None:
    # two sentences: the region of an edit is its own sentence, without the space after it
    text = "He said in A statement. It ended there."
    ctx = lm_context(text, {3: 30.0}, prefer={"in a statement": 5.0})
    (found,) = surprisal.run(ctx)
    assert (found.text, found.suggestions) == ("A", ("a",))
    assert ctx.evidence is not None
    asked = set(ctx.evidence.lm_totals.asked)  # type: ignore[union-attr]
    assert asked == {"He said in A statement.", "He said in a statement.", "He said in. A statement.", "He said in, A statement."}


def test_completions_of_up_to_three_more_letters() -> None:
    from mtaudit.language import language

    assert language("en").completions("beca", 3) == ["became", "because"]
