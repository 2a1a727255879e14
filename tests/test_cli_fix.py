"""`mtaudit fix`: a corrected copy, never over its input unless --in-place, in the input's encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from tests.conftest import EXAMPLE

NAMES = ("Macron", "Zelensky", "Kremlin", "Putin", "Jean-Yves Le Drian", "Tripartite Contact Group", "Donbass", "Minsk", "Normandy")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_fix_the_example_article(tmp_path: Path) -> None:
    before = EXAMPLE.read_bytes()
    out = tmp_path / "fixed.txt"
    code, stdout, err = run("fix", str(EXAMPLE), "-o", str(out))
    assert code == 0 and stdout == "" and err == ""
    fixed = out.read_text(encoding="utf-8")
    assert "wrote on twitter. He told" in fixed or "wrote on Twitter. He told" in fixed
    assert "in a statement that" in fixed and "date 2022-02-20" not in fixed
    original = before.decode("utf-8")
    for name in NAMES:
        assert fixed.count(name) == original.count(name), name
    assert EXAMPLE.read_bytes() == before


def test_diff_and_standard_output() -> None:
    code, out, _ = run("fix", str(EXAMPLE), "--diff")
    assert code == 0 and out.startswith(f"--- a/{EXAMPLE}\n+++ b/{EXAMPLE}\n")
    assert "+Mr Zelensky wrote on twitter. He told" in out and "- date 2022-02-20" in out
    code, out, _ = run("fix", str(EXAMPLE), "--select", "markup")
    assert code == 0 and "date 2022-02-20" not in out and "wrote on twitter He told" in out
    code, out, _ = run("fix", str(EXAMPLE), "--min-confidence", "1")
    assert code == 0 and "date 2022-02-20" in out  # the stamp's finding is less confident than that


def test_in_place_keeps_a_backup_and_the_encoding(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    raw = "\ufeffThe talks resumed in the the capital.\r\nHe wrote on twitter He told us more.\r\n".encode()
    path.write_bytes(raw)
    code, _, err = run("fix", str(path), "--target-lang", "en", "--in-place")
    assert code == 0 and "backup" in err
    assert (tmp_path / "article.txt.orig").read_bytes() == raw
    assert path.read_bytes() == "\ufeffThe talks resumed in the capital.\r\nHe wrote on twitter. He told us more.\r\n".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.txt", "article.txt.orig"]


def test_latin1_input_is_written_back_in_latin1(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes("Le ministre a déclaré à la presse que les négociations continueraient la la semaine prochaine à Genève.".encode("latin-1"))
    out = tmp_path / "fixed.txt"
    assert run("fix", str(path), "-o", str(out))[0] == 0
    fixed = out.read_bytes().decode("latin-1")
    assert "continueraient la semaine" in fixed and "la la" not in fixed and "Genève" in fixed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--in-place", "--diff"], "give one of -o OUT, --in-place and --diff"),
        (["-o", "{input}"], "fix never writes over its input unless --in-place"),
        (["--decisions", "{tmp}/missing.json"], "no such decisions file"),
        (["--select", "typo"], "did you mean 'typography'?"),
    ],
)
def test_bad_use_is_one_line_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    path = tmp_path / "article.txt"
    path.write_text("The talks resumed in the the capital.", encoding="utf-8")
    args = [a.replace("{input}", str(path)).replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run("fix", str(path), "--target-lang", "en", *args)
    assert code == 2 and message in err and err.count("\n") == 1 and out == ""
    assert path.read_text(encoding="utf-8") == "The talks resumed in the the capital."
    assert [p.name for p in tmp_path.iterdir()] == ["article.txt"]


def test_fix_takes_one_file(tmp_path: Path) -> None:
    code, _, err = run("fix", str(tmp_path))
    assert code == 2 and "fix takes one file (text, markdown, html, xliff, tmx, po, csv, tsv)" in err
    segments = tmp_path / "segments.jsonl"
    segments.write_text('{"target": "The talks resumed in the the capital."}\n', encoding="utf-8")
    code, _, err = run("fix", str(segments))
    assert code == 2 and "fix cannot write jsonl" in err


def test_markdown_and_html_are_fixed_inside_their_structure(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Moving day\nlang: en\n---\nThe team received a lot of help from the hosting compnay.\n\n"
        "Run `systemctl status nginx` and read the the output.\n",
        encoding="utf-8",
    )
    code, out, _ = run("fix", str(post))
    assert code == 0
    assert out == (
        "---\ntitle: Moving day\nlang: en\n---\nThe team received a lot of help from the hosting company.\n\n"
        "Run `systemctl status nginx` and read the output.\n"
    )
    page = tmp_path / "page.html"
    page.write_text(
        '<html lang="en"><body><article><h1>Tram</h1><p>The mayor said the project had '
        '<a href="/news/budget">goverment</a> broad suport &amp; money.</p></article></body></html>\n',
        encoding="utf-8",
    )
    code, out, _ = run("fix", str(page))
    assert code == 0 and '<a href="/news/budget">government</a> broad support &amp; money.</p>' in out
    assert out.startswith('<html lang="en"><body><article><h1>Tram</h1>')
