"""Hostile and broken input: only regular files are read, reads are capped, encodings are said
out loud, bad lines and bad files are one-line errors while everything else is still audited."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from mtaudit.errors import InputError
from mtaudit.readers import read_bytes, read_inputs

ENGLISH = "The council met on Tuesday. It approved the new budget after a long debate.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_folder_skips_fifos_devices_and_lists_other_formats(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # reading it would block forever
    (tmp_path / "a.txt").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    read = read_inputs([str(tmp_path)])
    assert [d.path for d in read.documents] == [str(tmp_path / "good.txt")]
    assert any("not regular files" in n and "a.txt" in n and "b.txt" in n for n in read.notes)
    assert any("unsupported formats not audited" in n and "slides.pdf" in n for n in read.notes)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom"])
def test_a_device_named_is_one_line_error(target: str) -> None:
    code, _, err = run("audit", target)
    assert code == 2
    assert err.strip() == f"mtaudit: error: {target}: not a regular file (a device, FIFO or socket); give a file"


def test_reads_are_capped(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(InputError, match="over the"):
        read_bytes(str(path), limit=4096)
    assert len(read_bytes(str(path), limit=5000)) == 5000


def test_bomless_utf16_is_detected_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(ENGLISH.encode("utf-16-le"))
    read = read_inputs([str(path)])
    assert read.documents[0].target == ENGLISH
    assert read.documents[0].location.notes == ("decoded as UTF-16-LE without a byte-order mark (detected)",)  # type: ignore[union-attr]


def test_not_utf8_is_noted_with_confidence(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le conseil a approuvé le budget après un long débat sur la réforme des écoles.\n".encode("latin-1"))
    read = read_inputs([str(path)])
    assert "approuvé" in read.documents[0].target
    assert any("not UTF-8: decoded as" in n and "confidence" in n for n in read.notes)


def test_declared_encodings_are_honoured(tmp_path: Path) -> None:
    xliff = tmp_path / "latin1.xlf"
    xliff.write_bytes(
        (
            '<?xml version="1.0" encoding="ISO-8859-1"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file source-language="en" target-language="fr" original="x"><body>\n'
            '<trans-unit id="1"><source>The meeting is over.</source><target>La réunion est terminée.</target></trans-unit>\n'
            "</body></file></xliff>\n"
        ).encode("latin-1")
    )
    po = tmp_path / "latin1.po"
    po.write_bytes(
        ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "The meeting is over."\nmsgstr "La réunion est terminée."\n').encode("latin-1")
    )
    page = tmp_path / "page.html"
    page.write_bytes('<html><head><meta charset="windows-1252"></head><body><p>La réunion est terminée – enfin.</p></body></html>'.encode("cp1252"))
    for path in (xliff, po, page):
        read = read_inputs([str(path)])
        assert "La réunion est terminée" in read.documents[0].target, path
        assert any("declared in the file" in n for n in read.notes), path


def test_hostile_jsonl_lines_are_one_line_problems(tmp_path: Path) -> None:
    lines = [
        "[" * 100_000 + "]" * 100_000,
        '{"id": "n", "target": ' + "9" * 5000 + "}",
        '{"id": "t", "target": 5}',
        '{"id": "s", "target": "Fine.", "source": ["Bien."]}',
        '["a", "list"]',
        '"a string"',
        '{"id": "ok", "target": "The budget was approved on Tuesday."}',
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_inputs([str(path)])
    assert [d.id for d in read.documents] == ["ok"]
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in read.problems] == ["1", "2", "3", "4", "5", "6"]
    assert all("\n" not in p for p in read.problems)
    assert "nested more than" in read.problems[0] and "4300" in read.problems[1]
    assert '"source" must be a string, not a list' in read.problems[3]


def test_jsonl_ids_unique_across_files(tmp_path: Path) -> None:
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text('{"id": "7", "target": "The budget was approved."}\n', encoding="utf-8")
    ids = [d.id for d in read_inputs([str(tmp_path)]).documents]
    assert ids == ["7", f"{tmp_path / 'b.jsonl'}#7"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.xlf", '<?xml version="1.0"?>\n<xliff version="1.2">\n<file><body><trans-unit id="1">\n</body></file></xliff>\n', "bad.xlf:4: malformed XML (Opening and ending tag mismatch"),
        ("bad.po", 'msgid "Hello"\nmsgstr "Bonjour\n', "bad.po: malformed PO (end-of-line within string on line 2"),
        ("bad.csv", 'source,target\n"Bonjour,"Hello\n', "bad.csv:2: malformed CSV ("),
        ("bad.tmx", "<tmx><body><tu><tuv><seg>x</seg></tuv>\n", "bad.tmx:2: malformed XML ("),
    ],
)
def test_malformed_file_is_one_line_error_and_others_are_audited(tmp_path: Path, name: str, content: str, expected: str) -> None:
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(ENGLISH, encoding="utf-8")
    code, out, err = run("audit", str(bad), str(good))
    assert code == 2
    errors = [line for line in err.splitlines() if line.startswith("mtaudit: error:")]
    assert len(errors) == 1 and errors[0].startswith(f"mtaudit: error: {bad.parent}/{expected}"), err
    assert "Traceback" not in err
    assert "1 document" in out  # good.txt was audited


def test_unknown_formats_name_the_supported_ones(tmp_path: Path) -> None:
    code, _, err = run("audit", "--input-format", "docx", str(tmp_path))
    assert code == 2 and "unknown format; the supported formats are text, markdown, jsonl, html, xliff, tmx, po, csv, tsv, xlsx" in err
    report = tmp_path / "report.docx"
    report.write_bytes(b"not really a docx")
    code, _, err = run("audit", str(report))
    assert code == 2 and ".docx is not a supported input format; the supported formats are text, markdown" in err
    assert len(err.splitlines()) == 1


def test_bad_columns_name_what_there_is(tmp_path: Path) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_text("en,fr\nHello,Bonjour\n", encoding="utf-8")
    code, _, err = run("audit", str(sheet))
    assert code == 2 and "no source and target columns among 'en', 'fr'; name them with --columns SOURCE,TARGET" in err
    code, out, _ = run("audit", str(sheet), "--columns", "en,fr", "--target-lang", "fr")
    assert code in (0, 1) and "1 document" in out
    code, _, err = run("audit", str(sheet), "--columns", "en")
    assert code == 2 and "give the source and target columns as SOURCE,TARGET" in err


def test_html_source_article_gives_its_prose(tmp_path: Path) -> None:
    source = tmp_path / "original.fr.html"
    source.write_text("<html lang=fr><body><nav>Accueil</nav><article><p>Le conseil s'est réuni mardi.</p></article></body></html>", encoding="utf-8")
    target = tmp_path / "article.en.html"
    target.write_text("<html lang=en><body><nav>Home</nav><article><p>The council met on Tuesday.</p></article></body></html>", encoding="utf-8")
    (document,) = read_inputs([str(target)], source=str(source)).documents
    assert (document.source, document.target) == ("Le conseil s'est réuni mardi.", "The council met on Tuesday.")


def test_notes_go_to_stderr_and_keep_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "slides.pdf").write_bytes(b"%PDF-1.4")
    code, out, err = run("check", str(tmp_path))
    assert code == 0 and "PASS" in out
    assert err.strip() == f"mtaudit: note: {tmp_path}: 1 file in unsupported formats not audited: {tmp_path / 'slides.pdf'}"


def test_hostile_file_names_cannot_forge_lines(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "evil\nPASS all.pdf").write_bytes(b"x")
    (tmp_path / "bell\x07.doc").write_bytes(b"x")
    read = read_inputs([str(tmp_path)])
    (note,) = read.notes
    assert "\n" not in note and "\x07" not in note and "evil\\nPASS" in note and "bell\\x07" in note
