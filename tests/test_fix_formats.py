"""`mtaudit fix` inside bilingual files: XLIFF 1.2 and 2.0, TMX, PO, CSV and TSV.

The corrected copy is the file byte for byte except the corrected target text: entities,
attributes, inline tags, comments, sources and other units stay as they were; a correction that
would cross an inline tag is left out with a note.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.api import audit_files
from mtaudit.baseline import fingerprints
from mtaudit.cli import main
from mtaudit.fix import LEFT_OUT, Edit, place_edits
from mtaudit.readers import read_file
from mtaudit.readers.interface import ReadContext

RUN_ON = "The minister wrote on twitter He told reporters that he would not resign."
RUN_ON_FIXED = "The minister wrote on Twitter. He told reporters that he would not resign."

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="fr" target-language="en" datatype="plaintext" original="news.txt">
    <body>
      <trans-unit id="1">
        <source>Le ministre a écrit sur Twitter. Il a dit aux journalistes qu'il ne démissionnerait pas.</source>
        <target state="translated">The minister wrote on twitter He told reporters that he would not resign.</target>
      </trans-unit>
      <!-- reviewed by the desk: keep this comment -->
      <trans-unit id="2" approved="yes">
        <source>Le budget de 2024 prévoit 350 millions d'euros pour les écoles &amp; les collèges.</source>
        <target state="final">The 2024 budget provides 530 million euros for schools &amp; colleges.</target>
      </trans-unit>
      <trans-unit id="3">
        <source>Cliquez sur <x id="1"/>Enregistrer pour garder les modifications.</source>
        <target>Click <x id="1"/>Save to keep the the changes.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


@pytest.fixture(autouse=True)
def csv_field_limit() -> Iterator[None]:
    """The CSV reader raises the process-wide `csv.field_size_limit`; put it back, so that the
    precomputed back-translation reader's own limit is what later tests see."""
    limit = csv.field_size_limit()
    yield
    csv.field_size_limit(limit)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_xliff_12_is_fixed_inside_its_units_and_nothing_else_changes(tmp_path: Path) -> None:
    path = tmp_path / "news.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    out = tmp_path / "fixed.xlf"
    code, stdout, err = run("fix", str(path), "-o", str(out), "--ignore", "source.number-mismatch")
    assert code == 0 and stdout == "" and err == ""
    expected = XLIFF_12.replace(RUN_ON, RUN_ON_FIXED).replace("keep the the changes", "keep the changes")
    assert out.read_text(encoding="utf-8") == expected
    # the changed figure is flagged, but with the rule ignored it stays as the translator wrote it
    assert "provides 530 million euros for schools &amp; colleges" in expected
    assert path.read_text(encoding="utf-8") == XLIFF_12


def test_a_rejected_decision_keeps_the_changed_number(tmp_path: Path) -> None:
    path = tmp_path / "news.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    code, fixed, _ = run("fix", str(path))
    assert code == 0 and "provides 350 million euros" in fixed  # the source's figure, suggested at 0.85
    result = audit_files([str(path)])
    unit = next(doc for doc in result.documents if "530" in doc.document.target)
    rule_prints = dict(zip((f.rule for f in unit.findings), fingerprints(unit), strict=True))
    decisions = tmp_path / "decisions.json"
    decisions.write_text(json.dumps({"decisions": {rule_prints["source.number-mismatch"]: "reject"}}), encoding="utf-8")
    code, fixed, _ = run("fix", str(path), "--decisions", str(decisions))
    assert code == 0 and "provides 530 million euros for schools &amp; colleges" in fixed
    assert "wrote on Twitter. He told" in fixed


def test_decisions_exported_by_the_html_report_apply(tmp_path: Path) -> None:
    from mtaudit.formats.html import fingerprint

    path = tmp_path / "news.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    unit = next(doc for doc in audit_files([str(path)]).documents if "530" in doc.document.target)
    number = next(f for f in unit.findings if f.rule == "source.number-mismatch")
    decisions = tmp_path / "news.decisions.json"
    key = fingerprint(number, unit.document.target)
    assert key.startswith("source.number-mismatch:")
    decisions.write_text(json.dumps({"schema": "mtaudit.decisions/1", "decisions": {key: {"decision": "false-positive"}}}), encoding="utf-8")
    code, fixed, _ = run("fix", str(path), "--decisions", str(decisions))
    assert code == 0 and "provides 530 million" in fixed and "wrote on Twitter. He told" in fixed


XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment state="translated">
        <source>Le ministre a écrit sur Twitter<ph id="1"/>. Il a dit aux journalistes qu'il ne démissionnerait pas.</source>
        <target>The minister wrote on twitter<ph id="1"/> He told reporters that he would not resign.</target>
      </segment>
    </unit>
    <unit id="u2">
      <segment>
        <source>Les négociations reprendront <pc id="2">la semaine prochaine</pc> à Genève.</source>
        <target>The talks will resume <pc id="2">next week</pc> in the the Swiss city of Geneva.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


def test_xliff_20_a_correction_across_an_inline_tag_is_left_out_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "news.xlf"
    path.write_text(XLIFF_20, encoding="utf-8")
    code, out, err = run("fix", str(path))
    assert code == 0
    # "twitter" → "Twitter" is inside one text run; the full stop would go either side of <ph/>
    assert "wrote on Twitter<ph id=\"1\"/> He told" in out
    assert "<pc id=\"2\">next week</pc> in the Swiss city" in out
    assert out == XLIFF_20.replace("on twitter<ph", "on Twitter<ph").replace("in the the Swiss", "in the Swiss")
    assert err == f"mtaudit: note: {path}: 1 correction left out: it would cross an inline tag, a placeholder or code\n"


def test_xliff_in_place_keeps_a_backup_and_a_declared_latin1_encoding(tmp_path: Path) -> None:
    path = tmp_path / "news.xlf"
    text = XLIFF_12.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    raw = text.encode("latin-1")
    path.write_bytes(raw)
    code, _, err = run("fix", str(path), "--in-place", "--select", "boundary", "--select", "case")
    assert code == 0 and "backup" in err
    assert (tmp_path / "news.xlf.orig").read_bytes() == raw
    assert path.read_bytes() == text.replace(RUN_ON, RUN_ON_FIXED).encode("latin-1")


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header srclang="fr" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="desk" creationtoolversion="1" o-tmf="none"/>
  <body>
    <tu tuid="7">
      <tuv xml:lang="fr"><seg>Le ministre a écrit sur Twitter. Il a dit aux journalistes &amp; aux rédacteurs qu'il ne démissionnerait pas.</seg></tuv>
      <tuv xml:lang="en"><seg>The minister wrote on twitter He told reporters &amp; editors that he would not resign.</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_keeps_its_entities_and_the_diff_shows_one_line(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    code, out, _ = run("fix", str(path), "--diff")
    assert code == 0
    removed = [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in out.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 1
    assert "wrote on Twitter. He told reporters &amp; editors that" in added[0]


PO = r'''# English translation of the news app.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: en\n"

#: app/news.py:12
msgid "Le ministre a écrit sur Twitter. Il a dit aux journalistes qu'il ne démissionnerait pas."
msgstr ""
"The minister wrote on twitter He told reporters that he would not "
"resign."

#: app/news.py:20
msgid "Les négociations reprendront la semaine prochaine à \"Genève\"."
msgstr "The talks will resume next week in the the \"Swiss\" city of Geneva."

#: app/news.py:30
msgid "Bonjour %s, vous avez %d messages."
msgstr "Hello %s, you have %d mesages."
'''


def test_po_msgstr_is_edited_in_place_keeping_its_wrapping_and_escapes(tmp_path: Path) -> None:
    path = tmp_path / "en.po"
    path.write_text(PO, encoding="utf-8")
    code, out, err = run("fix", str(path))
    assert code == 0 and err == ""
    expected = (
        PO.replace('"The minister wrote on twitter He told', '"The minister wrote on Twitter. He told')
        .replace("in the the \\\"Swiss\\\"", "in the \\\"Swiss\\\"")
        .replace("%d mesages", "%d messages")
    )
    assert out == expected
    assert '"resign."\n' in out and 'msgstr ""\n"The minister' in out


def test_csv_and_tsv_cells_are_fixed_where_they_lie(tmp_path: Path) -> None:
    rows = (
        "id,source,target\n"
        "1,\"Le ministre a écrit sur Twitter. Il a dit aux journalistes qu'il ne démissionnerait pas.\",\"" + RUN_ON + "\"\n"
        "2,Les négociations reprendront la semaine prochaine.,The talks will resume next week in the the capital.\n"
    )
    path = tmp_path / "pairs.csv"
    path.write_text(rows, encoding="utf-8")
    code, out, _ = run("fix", str(path))
    assert code == 0
    assert out == rows.replace(RUN_ON, RUN_ON_FIXED).replace("in the the capital", "in the capital")
    tsv = tmp_path / "pairs.tsv"
    tsv.write_text(rows.replace(",", "\t").replace('"', ""), encoding="utf-8")
    code, out, _ = run("fix", str(tsv), "--select", "typography")
    assert code == 0 and out == rows.replace(",", "\t").replace('"', "").replace("in the the capital", "in the capital")


@pytest.mark.parametrize("header", ["source,target", "target,source"])
def test_a_cell_that_repeats_its_source_is_edited_in_its_own_cell(tmp_path: Path, header: str) -> None:
    # an untranslated row, with the target column after or before the source: the reader locates
    # the target cell by its column, so the target cell is corrected (the same text elsewhere in
    # the row does not stop it) and the source cell with the same text is left as it was
    path = tmp_path / "pairs.csv"
    path.write_text(f"{header}\n{RUN_ON},{RUN_ON}\n", encoding="utf-8")
    code, out, err = run("fix", str(path), "--source-lang", "en", "--target-lang", "en")
    assert code == 0 and "identical to their source: row 2" in err and "left out" not in err
    written_header, row = out.splitlines()
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert written_header == header and cells["source"] == RUN_ON
    assert cells["target"].lower() == RUN_ON_FIXED.lower()


DOUBLED_QUOTES = 'id,source,target\n1,"Il a écrit « merci ».","He wrote ""thanks"" to the the staff."\n'


def test_a_quoted_cell_with_doubled_quotes_is_fixed_around_them(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(DOUBLED_QUOTES, encoding="utf-8")
    code, out, err = run("fix", str(path), "--select", "typography.repeated-word")
    assert code == 0 and err == ""
    assert out == DOUBLED_QUOTES.replace("to the the staff", "to the staff")


def test_an_edit_of_a_doubled_quote_is_left_out_and_one_beside_it_is_made(tmp_path: Path) -> None:
    path = tmp_path / "pairs.csv"
    path.write_text(DOUBLED_QUOTES, encoding="utf-8")
    doc = _unit(path)
    text = path.read_text(encoding="utf-8")
    assert doc.target == 'He wrote "thanks" to the the staff.'
    at = doc.target.index('"thanks"')
    # the quotes are written `""` in the file: replacing one would leave half of the pair behind
    moved, left = place_edits([Edit(at, at + len('"thanks"'), "“thanks”")], doc.target, text, doc.location)
    assert moved == [] and left == {"verbatim": 1}
    # an insertion just after the opening quote lands after both of its characters
    moved, left = place_edits([Edit(at + 1, at + 1, "many ")], doc.target, text, doc.location)
    assert not left and text[: moved[0].start].endswith('wrote ""')
    # a replacement with a quote in it is written doubled, as the quoted cell needs
    at = doc.target.index("staff")
    moved, left = place_edits([Edit(at, at + len("staff"), 'the "desk"')], doc.target, text, doc.location)
    assert not left and text[moved[0].start : moved[0].end] == "staff" and moved[0].replacement == 'the ""desk""'


def test_a_row_the_reader_cannot_split_is_left_unedited_with_a_note(tmp_path: Path) -> None:
    # old Mac line endings (a lone CR): the csv module reads the rows, but the reader's line map
    # does not split them, so it cannot say where the target cell lies and maps it to the row start
    rows = "source,target\rLes négociations reprendront.,The talks will resume in the the capital.\r"
    path = tmp_path / "pairs.csv"
    path.write_bytes(rows.encode("utf-8"))
    code, out, err = run("fix", str(path), "--select", "typography.repeated-word")
    assert code == 0 and out == rows
    assert err == f"mtaudit: note: {path}: 1 correction left out: {LEFT_OUT['cell']}\n"


def _unit(path: Path, fmt: str | None = None):
    return next(iter(read_file(str(path), ReadContext(source_lang="fr", target_lang="en"), fmt)))


def test_replacements_are_written_as_each_format_needs(tmp_path: Path) -> None:
    xliff = tmp_path / "a.xlf"
    xliff.write_text(XLIFF_12, encoding="utf-8")
    doc = _unit(xliff)
    text = xliff.read_text(encoding="utf-8")
    at = doc.target.index("reporters")
    moved, left = place_edits([Edit(at, at + len("reporters"), "reporters & editors <desk>")], doc.target, text, doc.location)
    assert not left and moved[0].replacement == "reporters &amp; editors &lt;desk&gt;"

    po = tmp_path / "en.po"
    po.write_text(PO, encoding="utf-8")
    doc = _unit(po)
    text = po.read_text(encoding="utf-8")
    at = doc.target.index("reporters")
    moved, left = place_edits([Edit(at, at + len("reporters"), 'the "desk"\n')], doc.target, text, doc.location)
    assert not left and moved[0].replacement == 'the \\"desk\\"\\n'
    # "not resign": the space and "resign" lie on two lines of the wrapped string
    at = doc.target.index("not resign")
    moved, left = place_edits([Edit(at, at + len("not resign"), "not quit")], doc.target, text, doc.location)
    assert moved == [] and left == {"verbatim": 1}
    # "%d" is a placeholder the source has too: an edit that would change it is left out
    docs = list(read_file(str(po), ReadContext(source_lang="fr", target_lang="en")))
    doc = next(d for d in docs if "%d" in d.target)
    at = doc.target.index("%d mesages")
    moved, left = place_edits([Edit(at, at + len("%d mesages"), "%d messages")], doc.target, text, doc.location)
    assert moved == [] and left == {"markup": 1}
    at += len("%d ")
    moved, left = place_edits([Edit(at, at + len("mesages"), "messages")], doc.target, text, doc.location)
    assert not left and text[moved[0].start : moved[0].end] == "mesages"

    table = tmp_path / "pairs.csv"
    table.write_text("source,target\nLes négociations reprendront.,The talks will resume next week.\n", encoding="utf-8")
    doc = _unit(table)
    text = table.read_text(encoding="utf-8")
    at = doc.target.index("next week")
    moved, left = place_edits([Edit(at, at + len("next week"), "on Monday, 3 March")], doc.target, text, doc.location)
    assert moved == [] and left == {"format": 1}  # a comma in an unquoted cell would split it
    moved, left = place_edits([Edit(at, at + len("next week"), "on Monday")], doc.target, text, doc.location)
    assert not left and text[moved[0].start : moved[0].end] == "next week"


def test_an_entity_is_never_cut_in_half(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    doc = _unit(path)
    text = path.read_text(encoding="utf-8")
    amp = doc.target.index("&")
    moved, left = place_edits([Edit(amp, amp + 1, "and")], doc.target, text, doc.location)
    assert moved == [] and left == {"verbatim": 1}
    moved, left = place_edits([Edit(amp + 1, amp + 1, " all")], doc.target, text, doc.location)  # right after "&amp;"
    assert not left and text[: moved[0].start].endswith("reporters &amp;")


def test_formats_fix_cannot_write_are_one_line_errors(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["source", "target"])
    book.active.append(["Les négociations reprendront.", "The talks will resume in the the capital."])
    workbook = tmp_path / "pairs.xlsx"
    book.save(workbook)
    code, out, err = run("fix", str(workbook))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "XLSX workbook cannot be rewritten byte for byte; export the sheet as CSV" in err
    segments = tmp_path / "segments.jsonl"
    segments.write_text('{"target": "The talks resumed in the the capital."}\n', encoding="utf-8")
    code, _, err = run("fix", str(segments))
    assert code == 2 and "fix cannot write jsonl" in err and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.xlsx", "segments.jsonl"]
