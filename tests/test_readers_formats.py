"""Each input format read from a fixture of its own: what is prose, what is not, the notes the
reader leaves, and every finding located at its own characters in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.pipeline import audit
from mtaudit.readers import location_of, read_inputs
from mtaudit.records import DocumentResult
from tests.conftest import ROOT

FORMATS = ROOT / "fixtures" / "formats"


def audited(name: str, **kwargs: object) -> tuple[list[DocumentResult], list[str]]:
    read = read_inputs([str(FORMATS / name)], **kwargs)  # type: ignore[arg-type]
    return audit(read.documents).documents, read.notes


def located(results: list[DocumentResult], path: Path) -> list[tuple[str, str, int, int, str | None]]:
    """(rule, text, line, column, unit) of every finding, after checking that the file holds the
    finding's own text at that line and column whenever the text is written there verbatim."""
    lines = path.read_text(encoding="utf-8").split("\n")
    out = []
    for result in results:
        for finding in result.findings:
            where = location_of(result.document, finding.start)
            assert where is not None
            at = lines[where["line"] - 1][where["column"] - 1 :]
            if "&" not in at[: len(finding.text) + 8]:
                assert at.startswith(finding.text), (finding.rule, finding.text, where, at[:40])
            out.append((finding.rule, finding.text, where["line"], where["column"], where.get("unit")))
    return out


def test_html_article_prose_only_and_located() -> None:
    results, _ = audited("article.html")
    (result,) = results
    text = result.document.target
    assert text.startswith("City council approves new tram line\n\nThe line will link the station")
    for kept in ("“This is the most important investment of the decade,” said the deputy mayor.", "A tram of the type the city plans to buy.", "had goverment broad suport."):
        assert kept in text
    for left_out in ("News", "Sport", "dataLayer", "font-weight", "leaderbord", "Read more", "Bus fares", "All rights reserved", "The Daily Example"):
        assert left_out not in text
    assert "across the river, after a debate" in text  # the line break in the source is a space
    assert result.document.target_lang == "en"  # from <html lang>
    found = located(results, FORMATS / "article.html")
    assert ("spelling.typo", "goverment", 22, 103, None) in found  # inside a link: still the sentence
    # escaped markup is visible on the page: flagged, and located at its "&lt;" in the HTML
    assert ("markup.html", "<strong>", 23, 35, None) in found
    assert not [f for f in found if f[0].startswith("markup") and f[1] not in ("<strong>", "</strong>")]


def test_markdown_front_matter_code_and_links() -> None:
    results, _ = audited("post.md")
    (result,) = results
    text = result.document.target
    assert text.startswith("How we moved our servers\n\nLast month")  # the title, then the body
    assert "tags:" not in text and "2026-03-14" not in text
    assert result.document.target_lang == "en"
    location = result.document.location
    assert location is not None and location.locate(0) == {"line": 2, "column": 9}  # the title in the front matter
    link = text.index("https://status.example.com")
    assert any(start <= link < end for start, end in location.skipped)
    found = located(results, FORMATS / "post.md")
    assert ("spelling.typo", "compnay", 18, 50, None) in found
    assert not [f for f in found if f[1] == "goverment"]  # only in code and in a link target


def test_xliff_12_units_tags_and_states() -> None:
    results, notes = audited("messages.xlf")
    by_unit = {r.document.location.unit: r for r in results}  # type: ignore[union-attr]
    assert set(by_unit) == {"welcome", "cart", "greeting", "brand"}
    assert by_unit["welcome"].document.target == "Welcome to our website!"
    assert by_unit["welcome"].document.source == "Bienvenue sur notre site !"
    assert (by_unit["welcome"].document.source_lang, by_unit["welcome"].document.target_lang) == ("fr", "en")
    assert not [f for f in by_unit["welcome"].findings if f.rule == "markup.placeholder-mismatch"]  # <g id="1"> kept
    assert any(n.endswith("messages.xlf: 1 unit untranslated (not audited): terms") for n in notes)
    assert any("identical to their source: brand" in n for n in notes)
    assert any("fuzzy or needing review: greeting" in n for n in notes)
    found = located(results, FORMATS / "messages.xlf")
    assert ("markup.placeholder-mismatch", "{2}", 15, 71, "greeting") in found
    assert ("spelling.typo", "mesages", 15, 79, "greeting") in found
    dropped = [f for f in by_unit["cart"].findings if f.rule == "markup.placeholder-mismatch"]
    assert [f.evidence for f in dropped] == [{"missing_tag": "x:2"}]


def test_xliff_20_segments() -> None:
    results, notes = audited("messages-2.xlf")
    units = [r.document.location.unit for r in results]  # type: ignore[union-attr]
    assert units == ["u1/1", "u1/2", "u2/1"]
    assert results[0].document.target == "Click Save to continue." and results[0].document.target_lang == "en"
    assert results[0].document.source_lang == "de"
    assert not [f for f in results[0].findings if f.rule == "markup.placeholder-mismatch"]
    assert [f.evidence for f in results[1].findings if f.rule == "markup.placeholder-mismatch"] == [{"missing_tag": "ph:2"}]
    assert any("needing review: u1/2" in n for n in notes)
    icu = results[2].document
    skipped = [icu.target[s:e] for s, e in icu.location.skipped]  # type: ignore[union-attr]
    assert skipped == ["{count, plural,", "one {", "}", "other {", "}", "}"]
    assert ("spelling.typo", "sucessfully", 11, 38, "u1/2") in located(results, FORMATS / "messages-2.xlf")


def test_po_python_format_plurals_and_states() -> None:
    results, notes = audited("app.po")
    ids = [r.document.id.rsplit("/", 1)[-1] for r in results]
    assert ids == ["app.po:12", "app.po:18[0]", "app.po:20[1]", "app.po:27", "app.po:35"]
    plural = results[2].document
    assert plural.source == "Vous avez %d nouveaux messages." and plural.target.endswith("not seen yet in the compnay inbox.")
    assert any("untranslated (not audited): msgid \"Paramètres\" (line 30)" in n for n in notes)
    assert any("fuzzy or needing review: msgctxt \"menu\" msgid \"Fichier\" (line 25)" in n for n in notes)
    found = located(results, FORMATS / "app.po")
    assert ("markup.placeholder-mismatch", "%(nom)s", 12, 15, 'msgid "Bonjour %(name)s, bienvenue !" (line 11)') in found
    # the plural form is checked on its own: form 0 keeps %d, form 1 drops it
    assert [f[1] for f in found if f[0] == "markup.placeholder-mismatch" and f[4].endswith("[1]")] == ["."]
    assert not [f for f in found if f[0] == "markup.placeholder-mismatch" and f[4].endswith("[0]")]
    # a string continued on the next line and an escaped quote before the finding
    assert ("spelling.typo", "compnay", 21, 18, 'msgid "Vous avez %d nouveau message." (line 16)[1]') in found
    assert ("spelling.typo", "sucessfully", 35, 35, 'msgid "Le fichier « %s » a été enregistré." (line 34)') in found
    # kept placeholders are no prose (`markup.placeholder` must leave them alone)
    kept = results[4].document
    assert [kept.target[s:e] for s, e in kept.location.skipped] == ["%s"]  # type: ignore[union-attr]


def test_tmx_units() -> None:
    results, _ = audited("memory.tmx")
    assert [r.document.target for r in results] == ["The train leaves at ten.", "Buy your ticket at the staton."]
    assert results[0].document.source_lang == "es" and results[0].document.target_lang == "en"
    assert not [f for f in results[0].findings if f.rule == "markup.placeholder-mismatch"]  # <ph x="1"> kept
    assert located(results, FORMATS / "memory.tmx") == [("spelling.typo", "staton", 11, 54, "t2")]


def test_csv_rows(tmp_path: Path) -> None:
    results, notes = audited("pairs.csv")
    assert [r.document.location.unit for r in results] == ["home.title", "home.intro", "home.count"]  # type: ignore[union-attr]
    found = located(results, FORMATS / "pairs.csv")
    assert ("spelling.typo", "anywere", 3, 89, "home.intro") in found
    assert any("untranslated (not audited): home.empty" in n for n in notes)
    # columns chosen by name or number
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("fr;en\nx\n", encoding="utf-8")
    reordered = tmp_path / "reordered.csv"
    reordered.write_text("key,en,fr\na,The weather is lovely today.,Il fait très beau aujourd'hui.\n", encoding="utf-8")
    read = read_inputs([str(reordered)], columns="3,2")
    assert (read.documents[0].source, read.documents[0].target) == ("Il fait très beau aujourd'hui.", "The weather is lovely today.")
    assert read_inputs([str(reordered)], columns="fr,en").documents[0].location.unit == "a"  # type: ignore[union-attr]


def test_csv_target_cell_located_in_its_own_column(tmp_path: Path) -> None:
    """A target equal to its source, inside it, or quoted with doubled quotes and line breaks
    still maps to its own cell, never to the source cell that holds the same text."""
    sheet = tmp_path / "cells.csv"
    sheet.write_text(
        'id,source,target\n'
        'a,Bonjour le monde,Bonjour\n'
        'b,"Il a dit ""non""","He said ""no"", and\nthen ""yes"""\n',
        encoding="utf-8",
    )
    read = read_inputs([str(sheet)])
    text = sheet.read_text(encoding="utf-8")
    first, second = read.documents
    assert first.target == "Bonjour"
    where = location_of(first, 0)
    assert where is not None and (where["line"], where["column"]) == (2, 20)
    assert second.target == 'He said "no", and\nthen "yes"'
    for offset, char in enumerate(second.target):
        where = location_of(second, offset)
        assert where is not None
        line = text.split("\n")[where["line"] - 1] + "\n"
        assert line[where["column"] - 1] == char, (offset, char, where)


def test_csv_field_limit_is_not_left_raised(tmp_path: Path) -> None:
    """Reading a CSV with long cells must not change the csv module's process-wide limit."""
    import csv

    before = csv.field_size_limit()
    sheet = tmp_path / "long.csv"
    sheet.write_text("source,target\n" + "a" * 200_000 + ",The weather is lovely today.\n", encoding="utf-8")
    assert read_inputs([str(sheet)]).documents[0].target == "The weather is lovely today."
    assert csv.field_size_limit() == before


def test_xlsx_rows(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "source", "target"])
    sheet.append(["greeting", "Bonjour à tous", "Hello everyone"])
    sheet.append(["notice", "Le magasin ferme à 18 heures.", "The shop closes at six in the evning."])
    sheet.append(["empty", "Vide", None])
    path = tmp_path / "strings.xlsx"
    book.save(path)
    read = read_inputs([str(path)])
    assert [d.location.unit for d in read.documents] == ["greeting (cell C2)", "notice (cell C3)"]  # type: ignore[union-attr]
    result = audit(read.documents).documents[1]
    typo = next(f for f in result.findings if f.rule == "spelling.typo")
    assert location_of(result.document, typo.start) == {"line": 3, "column": 31, "unit": "notice (cell C3)"}
    assert any("untranslated (not audited): empty (cell C4)" in n for n in read.notes)


@pytest.mark.parametrize("name", ["article.html", "post.md", "messages.xlf", "messages-2.xlf", "app.po", "memory.tmx", "pairs.csv"])
def test_sniffed_without_extension(tmp_path: Path, name: str) -> None:
    """A file whose extension says nothing is read by what its content looks like (CSV aside,
    which looks like text) or by `--input-format`."""
    copy = tmp_path / "input"
    copy.write_bytes((FORMATS / name).read_bytes())
    fmt = {"post.md": "markdown", "pairs.csv": "csv"}.get(name)
    by_extension = read_inputs([str(FORMATS / name)]).documents
    sniffed = read_inputs([str(copy)], input_format=fmt).documents
    assert [d.target for d in sniffed] == [d.target for d in by_extension]


def test_html_headline_above_the_article_and_no_article_at_all(tmp_path: Path) -> None:
    page = tmp_path / "cms.html"
    page.write_text(
        "<body><div class=top><h1>Floods close the main road</h1></div><p class=promo>Subscribe now</p>"
        "<article><p>The road will reopen on Friday.</p></article></body>",
        encoding="utf-8",
    )
    assert read_inputs([str(page)]).documents[0].target == "Floods close the main road\n\nThe road will reopen on Friday."
    plain = tmp_path / "plain.htm"
    plain.write_text("<html><head><title>T</title><body><p>One.</p><!-- a comment --><ul><li>Two</li><li>Three</li></ul>", encoding="utf-8")
    assert read_inputs([str(plain)]).documents[0].target == "One.\n\nTwo\n\nThree"
