"""Tests written against the survivors of the seed-22 mutation sample (issue 17,
benchmarks/mutation-results.md): each names the mutant it kills."""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path

import pytest

from mtaudit.checks import translation_model
from mtaudit.evidence.data import Evidence, ForcedScore, ForcedToken
from mtaudit.formats import html
from mtaudit.options import AuditOptions
from mtaudit.pipeline import audit, prepare
from mtaudit.readers import location_of, read_inputs
from mtaudit.readers.html import extract
from mtaudit.records import Document, SentencePair
from tests.conftest import ROOT, audit_text
from tests.test_html import finding, result_of

PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n'


def test_a_po_string_that_ends_with_an_escape_keeps_its_columns(tmp_path: Path) -> None:
    # readers/po.py:75 `backslash + 1 >= len(content)` → `backslash + 2` survived: a string ending
    # in an escape ("...\n", the commonest PO ending) was then read with a literal backslash, the
    # scan and the parser disagreed, and every finding pointed at the msgstr keyword (column 1)
    path = tmp_path / "news.po"
    path.write_text(PO_HEADER + 'msgid "Nous avons vu le plan.\\n"\nmsgstr "We saw the the plan.\\n"\n', encoding="utf-8")
    (result,) = audit(read_inputs([str(path)], source_lang="fr").documents, AuditOptions(select=("typography.repeated-word",))).documents
    assert result.document.target == "We saw the the plan.\n"
    (found,) = result.findings
    assert (found.text, found.start) == ("the the", 7)
    where = location_of(result.document, found.start)
    assert where is not None and (where["line"], where["column"]) == (7, 16)  # `msgstr "We saw ` is 15 characters


def test_the_last_sentence_of_every_paragraph_needs_final_punctuation() -> None:
    # checks/boundary.py:115 `ctx.sentences[index + 1].paragraph` → `ctx.sentences[index]` survived:
    # only the text's very last sentence was then checked, never the end of an earlier paragraph
    text = "The minister said that the talks would continue next week\n\nThe opposition called the decision a mistake and asked for a vote."
    found = audit_text(text, select=("boundary.missing-final-punctuation",)).findings
    assert [(f.text, f.start, f.end, f.suggestions, f.confidence) for f in found] == [("week", 53, 57, ("week.",), 0.6)]
    # near miss: within one paragraph the sentence goes on after the line break, nothing is cut off
    assert not audit_text(text.replace("\n\n", " "), select=("boundary.missing-final-punctuation",)).findings


def test_spaces_of_two_html_pieces_collapse_into_one() -> None:
    # readers/html.py:160 `if previous_space: continue` never firing survived: a space before an
    # inline tag and one just inside it were then both kept ("met  on Monday")
    page = '<html lang="en"><body><p>The council met <b> on Monday</b> and voted.</p></body></html>'
    builder, lang = extract(page)
    assert (builder.text(), lang) == ("The council met on Monday and voted.", "en")
    on = builder.text().index("on Monday")
    run = bisect.bisect_right(builder.run_text, on) - 1
    assert page.index(" on Monday") + 1 == builder.run_file[run] + on - builder.run_text[run]  # "on" still points at its own characters


def test_the_context_width_is_twice_the_documented_reach() -> None:
    # formats/html.py:43 `MAX_CONTEXT = 400` → 401 survived: the page's script shows
    # floor(width / 2) characters on each side, so an odd width promises a character it never shows
    reach = re.search(r"cut (\d+) characters before and after the flagged text", (ROOT / "docs" / "html-report.md").read_text(encoding="utf-8"))
    assert reach is not None
    target = "The plan Was ready."
    result = result_of(target, [finding(9, 12, target)])
    page = html.render(result.documents[0], result)
    data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert data["context"] == 2 * int(reach.group(1)) == 400


def test_a_tracking_url_is_flagged_whole_without_its_full_stop_at_confidence_0_9() -> None:
    # checks/markup.py:255 `confidence=0.9` → 1.0 survived: no test pinned the rule's confidence
    text = "Read the full report at https://example.org/report?id=7&fbclid=AbC123."
    found = audit_text(text, select=("markup.tracking-url",)).findings
    assert [(f.text, f.start, f.end, f.suggestions, f.confidence) for f in found] == [
        ("https://example.org/report?id=7&fbclid=AbC123", 24, 69, ("https://example.org/report?id=7",), 0.9)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The talks were held in Moscow (Москва ) last week.", []),  # a gloss, a space before its bracket
        ("The talks were held in Moscow ( Москва) last week.", []),  # a gloss, a space after its bracket
        ("The talks were held in Moscow, Москва, last week.", [("Москва", 31, 37, 0.6)]),  # no brackets: no gloss
    ],
)
def test_a_gloss_in_brackets_may_have_a_space_inside_them(text: str, expected: list[tuple[str, int, int, float]]) -> None:
    # checks/script.py:84 `text[end : end + 2]` → `end + 1` survived: the closing bracket after a
    # space was then out of reach and the gloss "(Москва )" reported as untranslated
    found = audit_text(text, select=("untranslated.script",)).findings
    assert [(f.text, f.start, f.end, f.confidence) for f in found] == expected


def test_a_source_that_ends_on_a_one_character_word_is_unpunctuated_too() -> None:
    # checks/boundary.py:113 `pair.source_text.rstrip()[-1:]` → `[-2:]` survived: a source ending
    # on "chapitre 5" then looked punctuated (" 5" is no run of letters and digits) and the
    # mirrored translation was flagged
    target = "The minister said that the talks would continue in chapter 5"
    source = "Le ministre a dit que les négociations continueraient au chapitre 5"
    select = ("boundary.missing-final-punctuation",)
    assert not audit_text(target, select=select, source=source, source_lang="fr").findings
    # near miss: the source has its full stop, so the translation lost one
    found = audit_text(target, select=select, source=source + ".", source_lang="fr").findings
    assert [(f.text, f.start, f.end, f.suggestions, f.confidence) for f in found] == [("5", 59, 60, ("5.",), 0.6)]


def _unlikely_course(pieces: list[tuple[int, int, float, str]]) -> list[tuple[str, int, int, tuple[str, ...], dict[str, object]]]:
    """`tm.unlikely-word` on "The course of the share fell." (source "Le cours de l'action a
    chuté.") at a line of 8 bits, with forced-decoding tokens whose "course" is made of `pieces`
    (start, end, log-probability in nats, the model's likeliest token there)."""
    doc = Document("t", "The course of the share fell.", source="Le cours de l'action a chuté.", source_lang="fr", target_lang="en")
    ctx = prepare(doc, AuditOptions())
    pair = SentencePair(0, len(doc.target), doc.source or "", (0,))
    words = [(0, 3, -0.5, ""), *pieces, (11, 13, -0.4, ""), (14, 17, -0.3, ""), (18, 23, -0.9, ""), (24, 28, -0.6, ""), (28, 29, -0.2, "")]
    tokens = [ForcedToken(a, b, lp, best, -0.1 if best else lp) for a, b, lp, best in words]
    ctx.evidence = Evidence(forced=[ForcedScore(pair, tokens, -3.6, -3.0)], tm_threshold=8.0)
    return [(f.text, f.start, f.end, f.suggestions, f.evidence) for f in translation_model.unlikely_word.run(ctx)]


@pytest.mark.parametrize(
    ("pieces", "choice"),
    [
        ([(4, 8, -12.0, " price"), (8, 10, -14.0, "ing")], "ing"),  # the second piece is the more surprising
        ([(4, 8, -14.0, " price"), (8, 10, -12.0, "ing")], "price"),  # the first one is
    ],
)
def test_a_word_of_two_unlikely_tokens_is_one_finding_with_its_most_surprising_token(pieces: list[tuple[int, int, float, str]], choice: str) -> None:
    # checks/translation_model.py:62 `bits > flagged[word][0]` → `flagged[word][-1]` survived: no
    # test had a word with two tokens over the line (the mutant compares bits with a token)
    (found,) = _unlikely_course(pieces)
    text, start, end, suggestions, evidence = found
    assert (text, start, end, suggestions) == ("course", 4, 10, ())  # no token is the whole word: no suggestion
    assert (evidence["surprisal_bits"], evidence["model_choice"]) == (20.2, choice)  # 14 nats = 20.2 bits
