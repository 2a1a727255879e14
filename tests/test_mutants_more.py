"""Tests written against survivors of the mutation run that were "not analysed in the time"
(benchmarks/mutation-results.md): each names the mutant it kills."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mtaudit.checks.paragraphs import _quote
from mtaudit.output import write_files
from mtaudit.readers import read_inputs
from tests.conftest import audit_text

_XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="fr" target-language="en" datatype="plaintext" original="news.txt">
    <body>
      <trans-unit id="note"><target>A unit with a target and no source.</target></trans-unit>
      <trans-unit id="lead">
        <source>Le conseil municipal a voté mardi.</source>
        <target>The city council voted on Tuesday.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_a_short_paragraph_is_quoted_whole_and_a_long_one_cut_at_a_word() -> None:
    # paragraphs.py `_quote`: `return text` → `return ""` survived
    assert _quote("La première rame doit circuler en 2028.") == "La première rame doit circuler en 2028."
    long = "La première rame doit circuler en septembre 2028, selon la maire Nathalie Appéré."
    assert _quote(long) == "La première rame doit circuler en septembre 2028, selon la…"


def test_a_trans_unit_without_source_is_skipped_and_the_others_read(tmp_path: Path) -> None:
    # readers/xml.py:186 guard `if source_element is None: continue` removed survived
    path = tmp_path / "news.xlf"
    path.write_text(_XLIFF, encoding="utf-8")
    read = read_inputs([str(path)])
    assert [(d.location.unit, d.source, d.target) for d in read.documents] == [  # type: ignore[union-attr]
        ("lead", "Le conseil municipal a voté mardi.", "The city council voted on Tuesday.")
    ]


def test_a_report_page_replaces_a_file_with_one_link_atomically(tmp_path: Path) -> None:
    # output.py:190 (`write_files`) `info.st_nlink > 1` → `> 0` survived: every file was then rewritten in place
    path = tmp_path / "report.json"
    path.write_text('{"old": true}\n', encoding="utf-8")
    before = os.stat(path).st_ino
    keep = tmp_path / "keep"
    os.link(path, keep)
    os.unlink(keep)  # back to one link
    assert write_files(str(tmp_path), [("report.json", '{"new": true}\n')]) == [str(path)]
    assert path.read_text(encoding="utf-8") == '{"new": true}\n'
    assert os.stat(path).st_ino != before  # a new file renamed over the old one, not rewritten in place


def test_a_report_page_over_a_hard_linked_file_is_written_in_place(tmp_path: Path) -> None:
    # the near miss of the one above: with a second link, both names must see the new report
    path = tmp_path / "report.json"
    path.write_text('{"old": true}\n', encoding="utf-8")
    other = tmp_path / "latest.json"
    os.link(path, other)
    write_files(str(tmp_path), [("report.json", '{"new": true}\n')])
    assert other.read_text(encoding="utf-8") == '{"new": true}\n'


@pytest.mark.parametrize(
    ("text", "typos"),
    [
        ("The agency relies on the satelite data for its forecasts.", ["satelite"]),
        # near misses: an acronym and a word with a capital inside are names, never typos
        ("The agency relies on the NASSA satellite data for its forecasts.", []),
        ("Our developers rewrote the site in JavaScipt last year.", []),
        ("The company launched the new PayPall service in Berlin.", []),
        ("NASSA released the new images of the planet on Monday.", []),  # at the start of a sentence
        ("Apple will present the new iPhonne in September.", []),
        ("They sold the old lamp on eBayy for ten euros.", []),
    ],
)
def test_words_in_capitals_or_with_a_capital_inside_are_not_typos(text: str, typos: list[str]) -> None:
    # pinned for the spelling.py:157 guard (`word.isupper()` or a capital inside); that mutant still
    # survives: the capitalised-word and candidate filters after the guard drop these words too
    found = audit_text(text, select=("spelling.typo",)).findings
    assert [f.text for f in found] == typos


def test_a_changed_number_of_a_long_sentence_quotes_300_characters_of_its_source() -> None:
    # source.py:198 `source_sentence: ...[:300]` of `source.missing-entity` (300 → 301) survived
    source = (
        "Selon le rapport publié mardi par l'institut national de la statistique, le chômage a reculé de 37 000 personnes "
        "au cours du dernier trimestre dans toutes les régions du pays, une baisse que le gouvernement attribue "
        "à sa réforme du marché du travail, tandis que les syndicats y voient surtout l'effet de la reprise "
        "du tourisme et de la construction après deux années difficiles."
    )
    target = (
        "According to the report published on Tuesday by the national statistics institute, unemployment fell "
        "over the last quarter in every region of the country, a fall the government credits to its labour "
        "market reform, while the unions see it mostly as the effect of the recovery in tourism and building "
        "after two difficult years."
    )
    found = audit_text(target, select=("source.missing-entity",), source=source, source_lang="fr").findings
    assert [f.evidence["missing"] for f in found] == [["37 000"]]
    assert found[0].evidence["source_sentence"] == source[:300]


def test_an_evidence_value_is_cut_at_400_characters() -> None:
    # formats/html.py:241 `shorten(value, 400)` → 800 survived
    from mtaudit.formats.html import format_value

    sentence = "Le chantier coûtera 310 millions d'euros, financés en partie par la région Bretagne. " * 8
    assert len(sentence) > 600
    shown = format_value(sentence)
    assert shown.endswith("…") and len(shown) <= 401
    assert sentence.startswith(shown[:-1].rstrip())
    assert format_value("Le chantier coûtera 310 millions d'euros.") == "Le chantier coûtera 310 millions d'euros."


def test_the_source_sentence_is_cut_into_pieces_around_the_flagged_words() -> None:
    # formats/html.py:332 slice `source[position:start]` → `source[position:start + 1]` survived
    from types import SimpleNamespace

    from mtaudit.formats.html import source_pieces

    source = "Le chantier coûtera 310 millions d'euros, selon Claire Morvan."
    findings = [SimpleNamespace(text="310 million"), SimpleNamespace(text="Clare Morvan")]
    pieces = source_pieces(source, findings)  # type: ignore[arg-type]
    assert "".join(text for text, _ in pieces) == source
    assert pieces == [("Le chantier coûtera ", False), ("310", True), (" millions d'euros, selon Claire ", False), ("Morvan", True), (".", False)]


@pytest.mark.parametrize("encoding", ["utf-16-be", "utf-16-le"])
def test_bomless_utf16_of_mixed_script_text_is_recognised(encoding: str) -> None:
    # readers/base.py:177 `0.4 * len(even)` → `0.8` survived: half the characters here are Cyrillic
    # (no NUL byte), so only the 0.4 threshold recognises the text
    from mtaudit.readers.base import bomless_utf16

    text = "Компания Apple выпустила новый iPhone 16 Pro в Москве 12 марта 2025 года, сообщает Reuters.\n"
    assert bomless_utf16(text.encode(encoding)) == encoding
    assert bomless_utf16(text.encode("utf-8")) is None  # near miss: no NUL bytes at all
