"""The HTML report without a browser: structure, escaping, highlight chunks, files written."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtaudit.cli import main
from mtaudit.errors import OutputError
from mtaudit.formats import html
from mtaudit.pipeline import audit
from mtaudit.records import AuditResult, Document, DocumentResult, Finding, Segment, Settings, Severity

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "example-fr-en-news.txt"
HOSTILE = (
    'Breaking: <script>alert("x")</script> he Said "yes" </textarea><img src=x onerror="alert(2)">.\n\n'
    "The plan Was ready \u2028 & <b>done</b> </script><!-- -->."
)


def finding(start: int, end: int, text: str, *, rule: str = "test.rule", category: str = "fluency/spelling",
            severity: Severity = Severity.MINOR, suggestions: tuple[str, ...] = ("fix",), evidence: dict | None = None) -> Finding:
    return Finding(rule, category, severity, start, end, text[start:end], f"Message about {text[start:end]!r}.", suggestions, 0.9, evidence or {})


def result_of(target: str, findings: list[Finding], *, doc_id: str = "doc.txt", segments: list[Segment] | None = None,
              source_lang: str | None = None) -> AuditResult:
    """A result built by hand, so a test controls every finding."""
    doc = DocumentResult(
        document=Document(id=doc_id, target=target, path=doc_id),
        target_lang="en",
        source_lang=source_lang,
        segments=segments if segments is not None else [Segment(0, 0, len(target))],
        findings=sorted(findings, key=Finding.sort_key),
        words=len(target.split()),
        score=90.0,
        mqm=-1.0,
    )
    return AuditResult([doc], Settings(checks=("test.rule",)), "0.0.test")


class Page(HTMLParser):
    """Collects the text inside #article, the elements seen, and every script's content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside the article div
        self.article: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if self.depth:
            self.depth += tag not in ("br", "img", "input", "wbr")
        elif attributes.get("id") == "article":
            self.depth = 1
        self.in_script = tag == "script"
        if self.in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.article.append(data)
        if self.in_script:
            self.scripts[-1] += data


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def report_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


# ---- highlight chunks ----

def test_chunks_cover_the_text_exactly_with_overlaps() -> None:
    text = "one two three four five"
    findings = [finding(4, 13, text), finding(8, 18, text, severity=Severity.MAJOR, category="accuracy/omission"), finding(0, 3, text)]
    findings.sort(key=Finding.sort_key)
    chunks = html.highlight_chunks(text, findings)
    assert "".join(c.text for c in chunks) == text
    assert [(c.text, c.findings) for c in chunks] == [
        ("one", (0,)), (" ", ()), ("two ", (1,)), ("three", (1, 2)), (" four", (2,)), (" five", ()),
    ]
    overlap = chunks[3]
    assert overlap.severity == "major" and overlap.family == "accuracy"
    assert "overlap" in overlap.classes and "sev-major" in overlap.classes and "fam-accuracy" in overlap.classes
    assert chunks[2].starts == (1,) and chunks[3].starts == (2,) and chunks[4].starts == ()


def test_chunks_nested_identical_and_zero_length_findings() -> None:
    text = "abcdefghij"
    findings = sorted([finding(2, 8, text), finding(3, 5, text), finding(3, 5, text, rule="other"), finding(9, 9, text, suggestions=("!",))],
                      key=Finding.sort_key)
    chunks = html.highlight_chunks(text, findings)
    assert "".join(c.text for c in chunks) == text
    zero = [c for c in chunks if not c.text]
    assert len(zero) == 1 and "zero" in zero[0].classes
    inner = next(c for c in chunks if c.text == "de")
    assert len(inner.findings) == 3 and len(inner.starts) == 2


def test_chunks_empty_and_capped() -> None:
    assert html.highlight_chunks("", []) == []
    assert html.highlight_chunks("plain", []) == [html.Chunk("plain")]
    text = "a b c d e f"
    findings = [finding(i, i + 1, text) for i in range(0, len(text), 2)]
    chunks = html.highlight_chunks(text, findings, limit=2)
    assert sum(1 for c in chunks if c.findings) == 2
    assert "".join(c.text for c in chunks) == text


# ---- the page ----

def test_example_page_structure() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    result = audit([Document(id=str(FIXTURE), target=text, path=str(FIXTURE), target_lang="en")])
    doc = result.documents[0]
    page = html.render(doc, result)
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert "".join(parsed.article) == text
    assert f"{doc.score:.1f}" in page and doc.target_lang in page
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    for i, f in enumerate(doc.findings):
        assert f"f-{i}" in ids  # every finding of the example is highlighted and has an anchor
        assert html.rule_anchor(f.rule) in ids  # the rule's documentation is in the page
    data = report_data(page)
    assert [(f["start"], f["end"]) for f in data["findings"]] == [(f.start, f.end) for f in doc.findings]
    # Each finding has a distinct fingerprint (the key of an exported decision) and its sentence.
    assert len({f["fp"] for f in data["findings"]}) == len(doc.findings)
    assert all(f["seg"] >= 0 and f["hl"] for f in data["findings"])
    # No absolute path of this machine in the page: the name is relative to the working folder.
    assert str(FIXTURE) not in page and data["name"] == os.path.relpath(FIXTURE)
    assert data["text"] is None  # read back from the article
    assert "mtaudit 0." in page and "Generated" in page


def test_page_is_self_contained() -> None:
    result = result_of("The plan Was ready.", [finding(9, 12, "The plan Was ready.")])
    page = html.render(result.documents[0], result)
    parsed = parse(page)
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "data"):
            value = attrs.get(name) or ""
            assert not re.match(r"(?i)\s*(https?:|//|ftp:)", value), (tag, name, value)
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")
    assert "@import" not in page and "url(" not in page
    # The CSP allows exactly our inline script, by hash, and no fetch.
    csp = next(attrs["content"] for tag, attrs in parsed.tags if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert csp and "default-src 'none'" in csp
    script = parsed.scripts[-1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_hostile_text_is_escaped_everywhere() -> None:
    text = HOSTILE
    start = text.index("<script>")
    evil = [
        finding(start, start + 8, text, suggestions=('</script><script>alert("s")</script>', "\u2028\u2029", '"><img src=y>')),
        finding(text.index("<img"), text.index("<img") + 4, text, evidence={"note": "<script>alert(3)</script>", "n": [1, "</script>"]}),
    ]
    result = result_of(text, evil, doc_id='x"><script>alert(4)</script>.txt')
    page = html.render(result.documents[0], result)
    parsed = parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("script") == 2  # the JSON island and our script, nothing else
    assert "img" not in tags and "b" not in tags and "textarea" in tags  # our own textarea only
    assert tags.count("textarea") == 1
    assert "".join(parsed.article) == text
    assert "alert" not in parsed.scripts[-1]
    island = re.search(r'id="report-data">(.*?)</script>', page, re.S)
    assert island and not re.search("[<>&]", island.group(1))  # |tojson: no text can close the element
    data = report_data(page)
    assert data["findings"][0]["suggestions"][0] == '</script><script>alert("s")</script>'
    assert data["findings"][0]["suggestions"][1] == "\u2028\u2029"
    assert data["name"] == result.documents[0].document.path
    for needle in ('<script>alert("x")', "<img src=x", "</textarea><img", "<img src=y", "<script>alert(3)", "<script>alert(4)"):
        assert needle not in page
    assert data["findings"][1]["evidence"][0] == ["note", "<script>alert(3)</script>"]  # the script shows it as text


def test_carriage_returns_travel_in_the_data() -> None:
    text = "First Line.\r\nSecond line.\r\n"
    result = result_of(text, [finding(6, 10, text)])
    page = html.render(result.documents[0], result)
    assert report_data(page)["text"] == text


def test_empty_document_and_no_findings() -> None:
    empty = result_of("", [], segments=[])
    page = html.render(empty.documents[0], empty)
    assert 'id="empty-doc"' in page and "This document is empty" in page
    clean = result_of("Nothing wrong here.", [])
    page = html.render(clean.documents[0], clean)
    assert 'id="no-findings"' in page and "No findings" in page and "90.0" in page
    assert "<mark" not in page


def test_cap_highlights_the_most_severe_not_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_HIGHLIGHTS", 3)
    text = "w " * 10
    findings = [finding(i, i + 1, text) for i in range(0, 14, 2)]
    findings += [finding(i, i + 1, text, severity=Severity.CRITICAL) for i in (14, 16, 18)]
    result = result_of(text, findings)
    page = html.render(result.documents[0], result)
    assert 'id="cap-warning"' in page and "the 3 most severe" in page
    assert page.count("<mark") == 3 and page.count('<mark class="hl sev-critical') == 3
    data = report_data(page)
    # Every finding stays in the data (the list and the decisions reach it); only three are highlighted.
    assert len(data["findings"]) == 10 and [f["start"] for f in data["findings"] if f["hl"]] == [14, 16, 18]
    assert data["cap"] == 3 and 'id="corrected-cap"' in page
    assert 'id="total">10<' in page  # the header counts them all


def test_highlight_order_prefers_severity_then_confidence() -> None:
    text = "a b c d e f"
    low = Finding("r", "fluency/spelling", Severity.MAJOR, 0, 1, "a", "m", (), 0.5)
    high = Finding("r", "fluency/spelling", Severity.MAJOR, 2, 3, "b", "m", (), 0.9)
    minor = Finding("r", "fluency/spelling", Severity.MINOR, 4, 5, "c", "m", (), 1.0)
    assert html.highlighted_indexes([low, high, minor], limit=1) == {1}
    assert html.highlighted_indexes([low, high, minor], limit=2) == {0, 1}
    assert len(text) == 11


def test_ten_megabyte_document_renders() -> None:
    paragraph = "The minister said the plan Was ready and the talks would go on. " * 40 + "\n\n"
    text = paragraph * (10_000_000 // len(paragraph) + 1)
    assert len(text) >= 10_000_000
    findings = [finding(i, i + 3, text) for i in range(0, len(text) - 3, 3000)]  # about 3,400
    result = result_of(text, findings, segments=[])
    page = html.render(result.documents[0], result)
    assert len(page) > len(text) and 'id="cap-warning"' in page
    assert page.count("<mark") == html.MAX_HIGHLIGHTS
    assert len(report_data(page)["findings"]) == len(findings)


def test_bilingual_view_and_model_evidence_slots() -> None:
    text = "The plan Was ready. It worked."
    segments = [
        Segment(0, 0, 19, source="Le plan était prêt.", backtranslation="Le plan était prêt.", scores={"lm_logprob": -3.25, "roundtrip_chrf": 61.0},
                token_surprisal=[(0, 3, 1.0), (4, 8, 6.5), (9, 12, 17.0)]),
        Segment(1, 20, 30, source="Ça a <marché>."),
    ]
    result = result_of(text, [finding(9, 12, text), finding(21, 27, text)], segments=segments, source_lang="fr")
    page = html.render(result.documents[0], result)
    assert 'id="tab-bilingual"' in page and 'id="view-bilingual"' in page
    assert "Le plan était prêt." in page and "Ça a &lt;marché&gt;." in page
    assert "Back-translation" in page and "lm_logprob" in page and "-3.25" in page
    assert 'class="sp sp0"' in page and 'class="sp sp1"' in page
    assert 'href="#f-0" data-goto="0"' in page and 'href="#f-1" data-goto="1"' in page
    # The findings are highlighted in the bilingual target column too, over the surprisal shading.
    assert re.search(r'<mark class="hl sev-minor fam-fluency sp sp3" data-b="0">Was</mark>', page)
    assert '<mark class="hl sev-minor fam-fluency" data-b="1">t work</mark>' in page
    plain = result_of(text, [])
    assert "tab-bilingual" not in html.render(plain.documents[0], plain)


def test_rule_docs_render_bold_and_code_escaped() -> None:
    paragraphs = html.doc_paragraphs("Summary line.\n\n**What it catches.** A `<b>` tag\nand more.")
    assert str(paragraphs[1]) == "<strong>What it catches.</strong> A <code>&lt;b&gt;</code> tag and more."
    listed = html.doc_paragraphs("**How.** One of:\n\n- the <first>\n  goes on;\n- the second.")
    assert str(listed[1]) == "• the &lt;first&gt; goes on;<br>• the second."
    docs = html.rule_docs(["case.mid-sentence-capital", "no.such.rule"])
    assert [d.id for d in docs] == ["case.mid-sentence-capital"]
    assert docs[0].anchor == "rule-case.mid-sentence-capital" and docs[0].body


def test_source_span_finds_the_telling_word() -> None:
    assert html.source_span("Le président Zelensky a écrit sur Twitter.", "twitter He") == (34, 41)
    assert html.source_span("Le 20 février 2022, rien.", "2022-02-20") == (14, 18)
    assert html.source_span("Rien ici.", "statment") is None


def test_fingerprint_ignores_text_elsewhere() -> None:
    text = "A long first sentence that stays put. The plan Was ready."
    moved = "A paragraph inserted above.\n\n" + text
    a = finding(text.index("Was"), text.index("Was") + 3, text)
    b = Finding(a.rule, a.category, a.severity, moved.index("Was"), moved.index("Was") + 3, "Was", a.message, a.suggestions)
    assert html.fingerprint(a, text) == html.fingerprint(b, moved)
    assert html.fingerprint(a, text) != html.fingerprint(finding(0, 3, text), text)


def test_index_has_gate_column_rule_totals_and_grouped_numbers(tmp_path: Path) -> None:
    big = result_of("The plan Was ready. " * 3, [finding(9, 12, "The plan Was ready. " * 3, severity=Severity.MAJOR)], doc_id="/abs/elsewhere/a.txt")
    small = result_of("Fine.", [], doc_id="b.txt")
    big.documents[0].words = 1_730_439
    combined = AuditResult(big.documents + small.documents, big.settings, big.version)
    html.write(combined, str(tmp_path / "out"))
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<span class="verdict fail">FAIL</span>' in index and '<span class="verdict pass">PASS</span>' in index
    assert "1 of 2</strong> would fail the gate" in index and "--fail-on major" in index
    assert 'id="rule-totals"' in index and "<code>test.rule</code>" in index
    assert "1,730,440 words" in index  # grouped, the batch's total
    assert "/abs/elsewhere" not in index and ">a.txt</a>" in index  # no absolute path in a heading or link


def test_content_hash_changes_with_the_findings_not_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The plan Was ready."
    first = result_of(text, [finding(9, 12, text)])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    key = report_data(html.render(first.documents[0], first))["key"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86400")
    assert report_data(html.render(first.documents[0], first))["key"] == key
    other = result_of(text, [finding(0, 3, text)])
    assert report_data(html.render(other.documents[0], other))["key"] != key


def test_generated_date_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert html.generated_at() == "1970-01-01 00:00 UTC"


# ---- files ----

def two_documents() -> AuditResult:
    return audit([
        Document(id="news/a.txt", target="The minister said the plan Was ready.", target_lang="en"),
        Document(id="news/a.txt?", target="Everything here is fine.", target_lang="en"),
        Document(id="../index", target="", target_lang="en"),
    ])


def test_write_report_single_file_in_missing_folder(tmp_path: Path) -> None:
    result = result_of("Plan Was ready.", [finding(5, 8, "Plan Was ready.")])
    target = tmp_path / "new" / "deeper" / "report.html"
    assert html.write_report(result, str(target)) == [str(target)]
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]  # no temporary left


def test_write_report_folder_with_index(tmp_path: Path) -> None:
    result = two_documents()
    folder = tmp_path / "out"
    written = html.write_report(result, str(folder))
    names = [Path(p).name for p in written]
    assert names[-1] == "index.html" and len(names) == 4 and len(set(names)) == 4
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.html", n) for n in names)
    assert "index.html" not in names[:-1]
    assert all(Path(p).parent == folder for p in written)
    index = (folder / "index.html").read_text(encoding="utf-8")
    for name in names[:-1]:
        assert f'href="{name}"' in index
        assert 'href="index.html"' in (folder / name).read_text(encoding="utf-8")
    documents_table = index[index.index('id="index-table"') : index.index("</table>")]
    assert documents_table.count("<tr>") == 4  # header + 3 documents
    assert "Histogram of document scores" in index


def test_one_document_and_a_folder_gets_an_index(tmp_path: Path) -> None:
    result = result_of("Fine.", [])
    written = html.write_report(result, str(tmp_path / "reports"))
    assert [Path(p).name for p in written] == ["doc.html", "index.html"]


def test_histogram_bins() -> None:
    bins = html.histogram([0, 9.9, 10, 55, 100, 100])
    assert [b["count"] for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert max(b["height"] for b in bins) == 100 and bins[0]["band"] == "poor" and bins[-1]["band"] == "good"


def test_safe_filenames_are_unique() -> None:
    taken = {"index.html"}
    names = [html.safe_filename(i, taken) for i in ("a/b.txt", "a_b", "index", "...", "A_B.txt", "x" * 300)]
    assert names[:4] == ["a_b.html", "a_b-2.html", "index-2.html", "document.html"]
    assert names[4] == "A_B-3.html" and len(names[5]) <= 105


def test_unwritable_output_raises_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    single = result_of("Fine.", [])
    with pytest.raises(OutputError) as caught:
        html.write_report(single, str(blocker / "report.html"))
    assert "\n" not in str(caught.value) and "report.html" in str(caught.value)
    with pytest.raises(OutputError):
        html.write_report(two_documents(), str(blocker / "folder"))
    with pytest.raises(OutputError):
        html.write_report(two_documents(), str(blocker))


def test_failed_write_leaves_no_half_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"
    target.write_text("previous report")
    result = result_of("Fine.", [])

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError):
        html.write_report(result, str(target))
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_cli_writes_html_and_fails_cleanly(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "missing" / "example.html"
    run = runner.invoke(main, ["audit", str(FIXTURE), "--format", "html", "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert out.exists() and "<mark" in out.read_text(encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    run = runner.invoke(main, ["audit", str(FIXTURE), "--format", "html", "-o", str(blocker / "x.html")])
    assert run.exit_code == 2
    assert run.output.strip().startswith("mtaudit: error:") and run.output.strip().count("\n") == 0
    stdout = runner.invoke(main, ["audit", str(FIXTURE), "--format", "html"])
    assert stdout.exit_code == 0 and stdout.output.startswith("<!DOCTYPE html>")


# ---- accessibility ----

def css_variables(css: str, selector: str) -> dict[str, str]:
    block = css[css.index(selector) :]
    block = block[block.index("{") + 1 : block.index("}")]
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("selector", [":root {", ':root[data-theme="dark"] {'])
def test_colours_meet_wcag_aa(selector: str) -> None:
    css = html.asset("report.css")
    colours = css_variables(css, selector)
    pairs = [("fg", "bg"), ("fg", "bg2"), ("muted", "bg"), ("muted", "bg2"), ("link", "bg"), ("link", "bg2"),
             ("crit-on", "crit"), ("major-on", "major"), ("minor-on", "minor"),
             ("fg", "crit-hl"), ("fg", "major-hl"), ("fg", "minor-hl"), ("link", "minor-hl"),
             ("ins-fg", "ins"), ("del-fg", "del"), ("good", "bg"), ("fair", "bg"), ("poor", "bg")]
    for fore, back in pairs:
        assert contrast(colours[fore], colours[back]) >= 4.5, (selector, fore, back)
