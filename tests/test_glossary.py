"""Glossaries (CSV, TSV, TBX), known names, and the terminology.glossary check."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.checks.glossary import glossary, glossary_check, glossary_findings
from mtaudit.fix import apply_fixes
from mtaudit.glossary import Glossary, GlossaryError, load_glossary, load_names
from mtaudit.pipeline import AuditOptions, prepare
from mtaudit.reader import read_inputs
from mtaudit.records import Document
from tests.conftest import EXAMPLE, needs_hunspell


def findings(text: str, glossary_: Glossary, source: str | None = None, lang: str = "en", source_lang: str | None = None):
    document = Document(id="t", target=text, source=source, target_lang=lang, source_lang=source_lang)
    return list(glossary_findings(prepare(document, AuditOptions()), glossary_))


def write(tmp_path: Path, name: str, text: str) -> Glossary:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_glossary(path)


def test_a_one_line_glossary_flags_kiev_in_the_example(tmp_path: Path) -> None:
    entries = write(tmp_path, "house.csv", "Kiev,Kyiv\n")
    ctx = prepare(read_inputs([str(EXAMPLE)]).documents[0], AuditOptions())
    found = list(glossary_check(entries)(ctx))
    assert [(f.rule, f.category, f.text, f.suggestions) for f in found] == [("terminology.glossary", "terminology/glossary", "Kiev", ("Kyiv",))]
    assert "it also “stressed” that Kyiv “strongly rejects" in apply_fixes(ctx.text, found)


def test_header_columns_in_any_order_and_inflected_forms(tmp_path: Path) -> None:
    entries = write(tmp_path, "g.csv", "forbidden,term\nKiev|Kiew,Kyiv\ne-mail,email\n")
    text = "Kiev's mayor wrote an e-mail; E-mails from both Kievs and Kiew arrived. Kievan Rus is history."
    found = [(f.text, f.suggestions[0]) for f in findings(text, entries)]
    assert found == [("Kiev's", "Kyiv's"), ("e-mail", "email"), ("E-mails", "Emails"), ("Kievs", "Kyivs"), ("Kiew", "Kyiv")]


def test_case_sensitive_rows(tmp_path: Path) -> None:
    entries = write(tmp_path, "g.tsv", "term\tforbidden\tcase\nWhatsApp\tWhatsapp|whatsapp\tsensitive\nCOVID-19\tCovid-19\t\n")
    text = "She sent it on Whatsapp, not WhatsApp, and not WHATSAPP; covid-19 cases rose."
    assert [(f.text, f.suggestions[0]) for f in findings(text, entries)] == [("Whatsapp", "WhatsApp"), ("covid-19", "COVID-19")]


def test_rows_for_another_language_are_skipped(tmp_path: Path) -> None:
    entries = write(tmp_path, "g.csv", "term,forbidden,lang\nKyiv,Kiev,en\nKyjiw,Kiew,de\n")
    assert [f.text for f in findings("Kiev and Kiew.", entries)] == ["Kiev"]


def test_a_source_term_translated_without_the_required_term(tmp_path: Path) -> None:
    entries = write(tmp_path, "g.csv", "term,forbidden,source\nceasefire,,cessez-le-feu\n")
    source = "Les parties doivent respecter le cessez-le-feu. Le ministre parlera lundi."
    good = "The parties must respect the ceasefire. The minister will speak on Monday."
    bad = "The parties must respect the truce. The minister will speak on Monday."
    assert findings(good, entries, source=source, source_lang="fr") == []
    found = findings(bad, entries, source=source, source_lang="fr")
    assert [f.text for f in found] == ["The parties must respect the truce."]
    assert "cessez-le-feu" in found[0].message


def test_tbx(tmp_path: Path) -> None:
    tbx = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="c1">
    <langSet xml:lang="en">
      <tig><term>Kyiv</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      <tig><term>Kiev</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
    </langSet>
    <langSet xml:lang="fr"><tig><term>Kyiv</term></tig></langSet>
  </termEntry>
  <termEntry id="c2">
    <langSet xml:lang="fr"><tig><term>cessez-le-feu</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>ceasefire</term></tig></langSet>
  </termEntry>
</body></text></martif>"""
    entries = write(tmp_path, "terms.tbx", tbx)
    assert [f.text for f in findings("Troops left Kiev.", entries)] == ["Kiev"]
    found = findings("They agreed on a truce.", entries, source="Ils ont convenu d'un cessez-le-feu.", source_lang="fr")
    assert len(found) == 1 and "ceasefire" in found[0].message
    assert entries.names() >= {"Kyiv"}


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("g.csv", "term,forbidden\nKyiv,Kiev\n,Kharkov\n", "g.csv: row 3: the term is empty"),
        ("g.csv", "term,forbiden\nKyiv,Kiev\n", "g.csv: row 1: unknown column 'forbiden'; did you mean 'forbidden'?"),
        ("g.csv", "term,forbidden,case\nKyiv,Kiev,exact\n", "g.csv: row 2: case 'exact': use `sensitive`"),
        ("g.csv", "Kiev,Kyiv\nOdessa,Odesa,en\n", "g.csv: row 2: 3 columns; without a header row each row is `forbidden,term`"),
        ("g.csv", "term,forbidden\nKyiv,Kyiv\n", "g.csv: row 2: 'Kyiv' is both the term and a forbidden variant"),
        ("g.csv", "# only a comment\n", "g.csv: no glossary rows"),
        ("g.tbx", "<martif><termEntry>", "g.tbx: not valid TBX/XML"),
    ],
)
def test_bad_glossaries_are_one_line_errors(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(GlossaryError) as caught:
        write(tmp_path, name, text)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_missing_glossary(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match="no such glossary file"):
        load_glossary(tmp_path / "nope.csv")


def test_known_names(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("# our beat\nZelensky\nJean-Yves Le Drian  # minister\n\nOleksii Reznikov\n", encoding="utf-8")
    assert load_names(path) == {"Zelensky", "Jean-Yves Le Drian", "Oleksii Reznikov"}


def test_the_rule_is_documented_and_silent_without_a_glossary() -> None:
    assert glossary.rule.id == "terminology.glossary" and glossary.rule.category == "terminology/glossary"
    assert glossary.rule.summary.startswith("A term the team's glossary forbids")
    ctx = prepare(Document(id="t", target="Troops left Kiev.", target_lang="en"), AuditOptions())
    assert list(glossary(ctx)) == []


def test_known_names_answer_case_and_boundary_findings() -> None:
    needs_hunspell("en")  # the expected findings need the English dictionary
    from mtaudit.api import audit_text
    from mtaudit.glossary import drop_known_names
    from mtaudit.records import Finding, Severity

    text = "Later the charity Shelter said the talks went well. Foreign Minister Jean-Yves Le Drian Russia warned."
    found = audit_text(text, target_lang="en").documents[0].findings
    assert [(f.rule, f.text) for f in found] == [("boundary.run-on", "charity Shelter")]
    assert drop_known_names(text, found, frozenset({"Shelter"})) == []
    assert drop_known_names(text, found, frozenset({"Oxfam"})) == found
    start = text.index("Drian Russia")
    run_on = Finding("boundary.run-on", "fluency/punctuation", Severity.MINOR, start, start + 12, "Drian Russia", "m", ("Drian. Russia",))
    lowered = Finding("case.mid-sentence-capital", "fluency/spelling", Severity.MINOR, start - 3, start - 1, "Le", "m", ("le",))
    glossary_finding = Finding("terminology.glossary", "terminology/glossary", Severity.MAJOR, start, start + 5, "Drian", "m", ("Drean",))
    names = frozenset({"Jean-Yves Le Drian"})
    # the run-on keeps the name as it is; the lower-casing would change it; the glossary is not overruled
    assert drop_known_names(text, [lowered, run_on, glossary_finding], names) == [run_on, glossary_finding]
