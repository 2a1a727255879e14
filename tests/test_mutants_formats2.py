"""Table-driven tests of the HTML report (`mtaudit.formats.html`), the XLIFF/TMX and PO readers
(`mtaudit.readers.xml`, `mtaudit.readers.po`), their shared plumbing (`mtaudit.readers.base`) and
the markup checks (`mtaudit.checks.markup`), written function by function against the mutation
benchmark (issue 17): exact spans, offsets, ids, rendered fragments and the values at every
threshold, so that a moved boundary or a dropped branch fails a test rather than only the one
mutant a sample happened to draw."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mtaudit.errors import InputError, OutputError
from mtaudit.formats import html
from mtaudit.formats.html import Chunk, FindingView, Shade
from mtaudit.records import AuditResult, Document, DocumentResult, Finding, Segment, Settings, Severity

# ------------------------------------------------------------------------------------ helpers


def made(text: str, start: int, end: int, *, rule: str = "test.rule", category: str = "fluency/spelling",
         severity: Severity = Severity.MINOR, confidence: float = 0.9, suggestions: tuple[str, ...] = ("fix",),
         evidence: dict | None = None) -> Finding:
    """A finding over `text[start:end]`, built by hand so a test controls every field."""
    return Finding(rule, category, severity, start, end, text[start:end], f"About {text[start:end]!r}.", suggestions, confidence, evidence or {})


def doc_of(target: str, findings: list[Finding], *, segments: list[Segment] | None = None, doc_id: str = "doc.txt",
           path: str | None = "doc.txt", words: int | None = None, score: float = 90.0) -> DocumentResult:
    return DocumentResult(
        document=Document(id=doc_id, target=target, path=path),
        target_lang="en",
        source_lang=None,
        segments=segments if segments is not None else [Segment(0, 0, len(target))],
        findings=findings,
        words=len(target.split()) if words is None else words,
        score=score,
        mqm=-1.0,
    )


def result_with(*docs: DocumentResult, checks: tuple[str, ...] = ("test.rule",)) -> AuditResult:
    return AuditResult(list(docs), Settings(checks=checks), "0.0.test")


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match.group(1))


class Elements(HTMLParser):
    """Every element's attributes by id, and the text inside each element that has an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, dict[str, str | None]] = {}
        self.text: dict[str, str] = {}
        self.open: list[tuple[str, str | None]] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        ident = attributes.get("id")
        if ident:
            self.by_id[ident] = attributes
            self.text[ident] = ""
        if tag in ("br", "img", "input", "meta", "link", "wbr"):
            return
        self.open.append((tag, ident))
        if tag == "mark":
            self.marks.append((attributes, ""))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data: str) -> None:
        for _, ident in self.open:
            if ident:
                self.text[ident] += data
        if self.open and self.open[-1][0] == "mark" and self.marks:
            attributes, text = self.marks[-1]
            self.marks[-1] = (attributes, text + data)


def elements(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


# --------------------------------------------------------------------- html: small pieces


def test_chunk_classes_ids_and_footnote_numbers() -> None:
    one = Chunk("statment", (3,), (3,), "minor", "fluency")
    assert (one.classes, one.ids, one.numbers) == ("hl sev-minor fam-fluency", "3", "4")
    two = Chunk("That", (0, 2), (0, 2), "major", "accuracy")
    assert (two.classes, two.ids, two.numbers) == ("hl sev-major fam-accuracy overlap", "0 2", "1,3")
    zero = Chunk("", (5,), (5,), "critical", "artefact")
    assert (zero.classes, zero.ids, zero.numbers) == ("hl sev-critical fam-artefact zero", "5", "6")
    assert Chunk("plain").numbers == "" and Chunk("plain").ids == ""
    # chunks, shades and index rows are values: hashable (frozen), equal by content
    assert len({Chunk("a"), Chunk("a"), Shade("a"), Shade("a"), html.IndexDocument("fr", "en", 90.0, -1.0)}) == 3


def test_shade_defaults_mean_unscored_and_outside_any_finding() -> None:
    assert Shade("word") == Shade("word", -1, 0.0, -1, "")


def test_finding_view_number_is_one_based() -> None:
    text = "A statment."
    view = FindingView(0, made(text, 2, 10), 1, 3, "fluency", True, "statment", [])
    assert view.number == 1
    assert FindingView(41, made(text, 2, 10), 1, 3, "fluency", True, "statment", []).number == 42


@pytest.mark.parametrize(
    ("category", "family"),
    [("fluency/spelling", "fluency"), ("accuracy", "accuracy"), ("style/register/formal", "style"),
     ("locale/date", "locale"), ("nonsense/x", "artefact"), ("", "artefact"), ("terminology/term", "terminology")],
)
def test_family_of(category: str, family: str) -> None:
    assert html.family_of(category) == family


def test_shorten_at_its_limit() -> None:
    assert html.shorten("abcde", 5) == "abcde"
    assert html.shorten("abcdef", 5) == "abcd…"
    assert html.shorten("x" * 160) == "x" * 160  # MAX_SNIPPET
    assert html.shorten("x" * 161) == "x" * 159 + "…"


def test_rule_anchor_is_id_safe() -> None:
    assert html.rule_anchor("spelling.typo") == "rule-spelling.typo"
    assert html.rule_anchor("a b/c_d") == "rule-a-b-c_d"


def test_highlighted_indexes_default_cap_is_two_thousand() -> None:
    text = "x" * 10
    many = [made(text, 0, 1) for _ in range(2000)]
    assert html.highlighted_indexes(many) == set(range(2000))
    more = [*many, made(text, 2, 3, severity=Severity.MAJOR)]
    chosen = html.highlighted_indexes(more)
    assert len(chosen) == 2000 and 2000 in chosen and 1999 not in chosen
    assert html.highlighted_indexes(more[:3], limit=3) == {0, 1, 2}
    # the most severe, then the most confident, then the earliest
    mixed = [made(text, 0, 1, confidence=0.5), made(text, 1, 2, confidence=0.8), made(text, 2, 3, severity=Severity.CRITICAL, confidence=0.1), made(text, 3, 4, confidence=0.8)]
    assert html.highlighted_indexes(mixed, limit=2) == {1, 2}
    assert html.highlighted_indexes(mixed, limit=3) == {1, 2, 3}


# ----------------------------------------------------------------- html: highlight chunks


def test_highlight_chunks_table() -> None:
    text = "The statment That was made."
    typo = made(text, 4, 12, category="fluency/spelling")
    boundary = made(text, 4, 17, rule="boundary.x", category="accuracy/x", severity=Severity.MAJOR)
    zero_start = made(text, 0, 0, rule="z.start", category="style/x")
    zero_end = made(text, 27, 27, rule="z.end")
    past_end = made(text, 25, 40, rule="past.end", category="locale/x")
    findings = [zero_start, boundary, typo, past_end, zero_end]
    chunks = html.highlight_chunks(text, findings)
    assert "".join(c.text for c in chunks) == text
    assert chunks == [
        Chunk("", (0,), (0,), "minor", "style"),
        Chunk("The "),
        Chunk("statment", (1, 2), (1, 2), "major", "accuracy"),
        Chunk(" That", (1,), (), "major", "accuracy"),
        Chunk(" was mad"),
        Chunk("e.", (3,), (3,), "minor", "locale"),
        Chunk("", (4,), (4,), "minor", "fluency"),
    ]


def test_highlight_chunks_edges() -> None:
    text = "Profits rose&nbsp;5%."
    at_start = made(text, 0, 7)
    assert html.highlight_chunks(text, [at_start]) == [Chunk("Profits", (0,), (0,), "minor", "fluency"), Chunk(" rose&nbsp;5%.")]
    # an empty text still shows a zero-length finding; with none it has no chunk at all
    empty = made("", 0, 0)
    assert html.highlight_chunks("", [empty]) == [Chunk("", (0,), (0,), "minor", "fluency")]
    assert html.highlight_chunks("", []) == []
    assert html.highlight_chunks(text, []) == [Chunk(text)]
    # the worst finding colours a chunk; between equals, the first one
    first = made(text, 8, 12, category="accuracy/a")
    second = made(text, 8, 12, category="style/b")
    assert html.highlight_chunks(text, [first, second])[1] == Chunk("rose", (0, 1), (0, 1), "minor", "accuracy")
    # a finding not chosen for highlighting leaves its text plain
    low = made(text, 0, 7, confidence=0.2)
    high = made(text, 8, 12, confidence=0.9)
    assert html.highlight_chunks(text, [low, high], limit=1) == [Chunk("Profits "), Chunk("rose", (1,), (1,), "minor", "fluency"), Chunk("&nbsp;5%.")]


# --------------------------------------------------------------- html: surprisal shading


def test_surprisal_shades_levels_and_cuts() -> None:
    text = "Intro. The cat sat down."
    segment = Segment(1, 7, 24, token_surprisal=[(7, 10, 1.0), (11, 14, 5.0), (14, 14, 2.0), (15, 18, 9.0), (19, 30, 11.0)])
    ranked = [float(b) for b in range(1, 11)]  # 1 … 10
    assert html.surprisal_shades(text, segment, ranked) == [
        Shade("The", 0, 1.0),
        Shade(" "),
        Shade("cat", 2, 5.0),
        Shade(" "),
        Shade("sat", 4, 9.0),
        Shade(" "),
        Shade("down.", 4, 11.0),  # clipped at the segment's end; above every ranked value: the top level
    ]
    # a token overlapping the previous one starts where that one ended; text after the last token is plain
    overlapping = Segment(0, 0, 6, token_surprisal=[(0, 3, 1.0), (2, 4, 1.0)])
    assert html.surprisal_shades(text, overlapping, [1.0]) == [Shade("Int", 0, 1.0), Shade("r", 0, 1.0), Shade("o.")]
    # one ranked value: a token above it is at the top level; no ranked value at all is level 0
    lone = Segment(0, 0, 6, token_surprisal=[(0, 5, 4.0)])
    assert html.surprisal_shades(text, lone, [3.0]) == [Shade("Intro", 4, 4.0), Shade(".")]
    assert html.surprisal_shades(text, lone, []) == [Shade("Intro", 0, 4.0), Shade(".")]
    assert html.surprisal_shades(text, Segment(0, 0, 6), ranked) == [Shade("Intro.")]


@pytest.mark.parametrize(
    ("value", "shown"),
    [("short", "short"), ("é" * 400, "é" * 400), ("y" * 401, "y" * 399 + "…"), (0.123456, "0.123"), (3, "3"),
     (["é", 2], '["é", 2]'), ({"a": "x" * 500}, ('{"a": "' + "x" * 500)[:399] + "…"), (None, "null")],
)
def test_format_value(value: object, shown: str) -> None:
    assert html.format_value(value) == shown


# ----------------------------------------------------------------- html: bilingual rows


def test_segment_of_findings_table() -> None:
    text = "Premier. Second one.  Third."
    segments = [Segment(0, 0, 8), Segment(1, 9, 20), Segment(2, 22, 28)]
    cases = [((0, 3), 0), ((7, 8), 0), ((8, 12), 1), ((8, 9), -1), ((20, 23), 2), ((20, 22), -1), ((21, 21), -1), ((27, 28), 2), ((28, 28), -1)]
    findings = [made(text, a, b) for (a, b), _ in cases]
    assert html.segment_of_findings(doc_of(text, findings, segments=segments)) == [k for _, k in cases]
    # a finding before the first segment that reaches into it
    late = [Segment(0, 5, 10)]
    assert html.segment_of_findings(doc_of("0123456789", [made("0123456789", 2, 7), made("0123456789", 2, 5)], segments=late)) == [0, -1]


def test_segment_rows_only_with_a_source_or_model_evidence() -> None:
    text = "One. Two."
    plain = [Segment(0, 0, 4), Segment(1, 5, 9)]
    assert html.segment_rows(doc_of(text, [], segments=plain)) == []
    for extra in ({"source": "Un."}, {"backtranslation": "One."}, {"scores": {"comet": 0.5}}, {"token_surprisal": [(0, 3, 1.0)]}):
        segments = [Segment(0, 0, 4, **extra), Segment(1, 5, 9)]  # type: ignore[arg-type]
        assert len(html.segment_rows(doc_of(text, [], segments=segments))) == 2, extra


def test_segment_rows_findings_marks_and_scores() -> None:
    text = "The 42 cats. Paris said no."
    segments = [Segment(0, 0, 12, source="Les 42 chats.", scores={"comet": 0.81234, "bleu": 12}), Segment(1, 13, 27, source="Paris a dit non.")]
    number = made(text, 4, 6, category="accuracy/number", severity=Severity.MAJOR)
    name = made(text, 13, 18, category="accuracy/name")
    outside = made(text, 12, 13)  # the space between the segments
    rows = html.segment_rows(doc_of(text, [number, outside, name], segments=segments))
    assert [row.findings for row in rows] == [[0], [2]]
    assert rows[0].scores == [("bleu", "12"), ("comet", "0.812")]
    assert rows[0].target == [Shade("The "), Shade("42", finding=0, severity="major"), Shade(" cats.")]
    assert rows[1].target == [Shade("Paris", finding=2, severity="minor"), Shade(" said no.")]
    assert rows[0].source_marks == [("Les ", False), ("42", True), (" chats.", False)]
    assert rows[1].source_marks == [("Paris", True), (" a dit non.", False)]


def test_segment_rows_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_SEGMENTS", 2)
    text = "A. B. C."
    segments = [Segment(0, 0, 2, source="A."), Segment(1, 3, 5, source="B."), Segment(2, 6, 8, source="C.")]
    findings = [made(text, 3, 4), made(text, 6, 7)]  # in the second row, and in the third (not shown)
    rows = html.segment_rows(doc_of(text, findings, segments=segments))
    assert [row.index for row in rows] == [0, 1]
    assert [row.findings for row in rows] == [[], [0]]


def test_default_segment_cap_is_three_thousand() -> None:
    text = "A. " * 3001
    segments = [Segment(i, 3 * i, 3 * i + 2, source="A.") for i in range(3001)]
    rows = html.segment_rows(doc_of(text, [], segments=segments))
    assert len(rows) == 3000 and rows[-1].index == 2999
    assert len(html.segment_rows(doc_of(text, [], segments=segments[:3000]))) == 3000


def test_mark_shades_boundaries_and_worst_severity() -> None:
    text = "The statment That was made."
    typo = made(text, 4, 12)
    boundary = made(text, 4, 17, severity=Severity.MAJOR)
    shades = [Shade("The statment ", 1, 2.0), Shade("That was made.", 2, 3.0)]
    assert html.mark_shades(shades, 0, [(0, typo), (1, boundary)]) == [
        Shade("The ", 1, 2.0),
        Shade("statment", 1, 2.0, 1, "major"),
        Shade(" ", 1, 2.0, 1, "major"),
        Shade("That", 2, 3.0, 1, "major"),
        Shade(" was made.", 2, 3.0),
    ]
    # findings that only touch a piece's edges do not cover it
    assert html.mark_shades([Shade("The statment ")], 0, [(7, typo)]) == [Shade("The "), Shade("statment", finding=7, severity="minor"), Shade(" ")]
    assert html.mark_shades(shades, 0, []) == shades


@pytest.mark.parametrize(
    ("source", "flagged", "span"),
    [
        ("Le ministre a approuvé 42 projets.", "the 42 projects", (23, 25)),
        ("announced in Berlin", "Berlin announced", (13, 19)),
        ("approved Tokyo", "Tokyo approved", (9, 14)),
        ("Avenue 3rd", "3rd Avenue", (7, 10)),
        ("concatenate the cat", "cat", (16, 19)),
        ("Il a dit non.", "said no", None),
        ("Le chat dort.", "a", None),
    ],
)
def test_source_span_prefers_numbers_then_names_then_long_words(source: str, flagged: str, span: tuple[int, int] | None) -> None:
    assert html.source_span(source, flagged) == span


def test_source_pieces() -> None:
    source = "Paris a dit que 42 chats dorment à Paris."
    text = "Paris said 42 cats"
    findings = [made(text, 0, 5), made(text, 11, 13), made(text, 0, 5)]
    assert html.source_pieces(source, findings) == [("Paris", True), (" a dit que ", False), ("42", True), (" chats dorment à Paris.", False)]
    assert html.source_pieces("Il dort.", [made(text, 0, 5)]) == [("Il dort.", False)]
    assert html.source_pieces("Les chats dorment.", [made("chats", 0, 5)]) == [("Les ", False), ("chats", True), (" dorment.", False)]


# ---------------------------------------------------------------- html: finding data


def test_finding_views_lines_columns_snippets_evidence() -> None:
    text = "First line.\nThe statment " + "long " * 30 + "end."
    typo = made(text, 16, 24, evidence={"dictionary": "en_US", "distance": 1, "score": 0.123456})
    long = made(text, 16, len(text), severity=Severity.MAJOR)
    views = html.finding_views(doc_of(text, [long, typo]))
    assert [(v.index, v.line, v.column, v.family, v.highlighted) for v in views] == [(0, 2, 5, "fluency", True), (1, 2, 5, "fluency", True)]
    assert views[0].snippet == text[16:95] + "…" and views[1].snippet == "statment"
    assert views[1].evidence == [("dictionary", "en_US"), ("distance", "1"), ("score", "0.123")]


def _expected_fingerprint(rule: str, before: str, flagged: str, after: str) -> str:
    digest = hashlib.sha256("\0".join((rule, before, flagged, after)).encode("utf-8")).hexdigest()
    return f"{rule}:{digest[:16]}"


def test_fingerprint_uses_sixteen_characters_either_side() -> None:
    text = "abcdefghijklmnopqrstuvwxyz statment ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    typo = made(text, 27, 35)
    assert html.fingerprint(typo, text) == _expected_fingerprint("test.rule", "lmnopqrstuvwxyz", "statment", "ABCDEFGHIJKLMNO")
    near_start = made("The statment", 4, 12)
    assert html.fingerprint(near_start, "The statment") == _expected_fingerprint("test.rule", "The", "statment", "")
    spaced = "Le  maire\n a dit"
    assert html.fingerprint(made(spaced, 4, 9), spaced) == _expected_fingerprint("test.rule", "Le", "maire", "a dit")
    # a change 17 characters away does not move it; 16 away does
    assert html.fingerprint(typo, "X" + text[1:]) == html.fingerprint(typo, text)
    assert html.fingerprint(typo, text[:11] + "K" + text[12:]) != html.fingerprint(typo, text)
    assert html.fingerprint(typo, text[:50] + "o" + text[51:]) != html.fingerprint(typo, text)
    assert html.fingerprint(typo, text[:51] + "p" + text[52:]) == html.fingerprint(typo, text)


def test_finding_data_for_the_page_script() -> None:
    text = "The 42 cats. Paris said no."
    segments = [Segment(0, 0, 12, source="Les 42 chats."), Segment(1, 13, 27)]
    number = made(text, 4, 6, rule="source.number", category="accuracy/number", severity=Severity.MAJOR, confidence=0.87654)
    name = made(text, 13, 18)
    gap = made(text, 12, 13)
    doc = doc_of(text, [number, gap, name], segments=segments)
    data = html.finding_data(doc, html.finding_views(doc))
    assert [(d["seg"], d["srcSpan"], d["confidence"], d["line"], d["column"], d["hl"]) for d in data] == [
        (0, [4, 6], 0.877, 1, 5, True), (-1, None, 0.9, 1, 13, True), (1, None, 0.9, 1, 14, True),
    ]
    first = data[0]
    assert (first["start"], first["end"], first["text"], first["severity"], first["rank"], first["family"], first["anchor"]) == (4, 6, "42", "major", 2, "accuracy", "rule-source.number")
    assert first["fp"] == html.fingerprint(number, text) and first["suggestions"] == ["fix"]


def test_display_name_and_grouping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "docs" / "a.txt")
    assert html.display_name(doc_of("x", [], path=inside)) == os.path.join("docs", "a.txt")
    assert html.display_name(doc_of("x", [], path="/elsewhere/b.txt")) == "b.txt"
    assert html.display_name(doc_of("x", [], path="rel/c.txt", doc_id="id")) == "rel/c.txt"
    assert html.display_name(doc_of("x", [], path=None, doc_id="pasted-1")) == "pasted-1"
    assert html.grouped(1730439) == "1,730,439" and html.grouped(999) == "999"


def test_doc_paragraphs_lists_bold_and_code() -> None:
    doc = "Summary line.\n\n**What.** A `code` & <b>tag</b>\nstill one paragraph.\n\nIntro\n- one\n- two\nmore"
    assert [str(p) for p in html.doc_paragraphs(doc)] == [
        "Summary line.",
        "<strong>What.</strong> A <code>code</code> &amp; &lt;b&gt;tag&lt;/b&gt; still one paragraph.",
        "Intro<br>• one<br>• two more",
    ]


def test_rule_docs_skip_unknown_rules_and_drop_the_summary() -> None:
    docs = html.rule_docs(["no.such.rule", "markup.html", "markup.html"])
    assert [(d.id, d.anchor, d.category, d.severity, d.summary) for d in docs] == [("markup.html", "rule-markup.html", "artefact/markup", "major", "Leftover HTML tag or entity.")]
    assert str(docs[0].body[0]).startswith("<strong>What it catches.</strong> Markup that survived")
    assert str(docs[0].body[-1]).startswith("<strong>Suggestion.</strong> Remove a tag")


def test_generated_at(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert html.generated_at() == "1970-01-01 00:00 UTC"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not-a-number")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", html.generated_at())


def test_settings_rows() -> None:
    bare = AuditResult([], Settings(checks=()), "1")
    assert html.settings_rows(bare) == [("Checks", "none"), ("Offline", "yes")]
    full = AuditResult([], Settings(checks=("a.b", "c.d"), translator="opus", translator_model="m1", lm="gpt2", lm_model="small", offline=False), "1")
    assert html.settings_rows(full) == [("Checks", "a.b, c.d"), ("Translator", "opus (m1)"), ("Language model", "gpt2 (small)"), ("Offline", "no")]
    plain = AuditResult([], Settings(checks=("a.b",), translator="opus", lm="gpt2"), "1")
    assert html.settings_rows(plain) == [("Checks", "a.b"), ("Translator", "opus"), ("Language model", "gpt2"), ("Offline", "yes")]


def test_content_hash_is_the_documented_key() -> None:
    data = {"b": "é", "a": [1, 2]}
    payload = '{"a":[1,2],"b":"é"}\x001.2'
    assert html.content_hash(data, "1.2") == hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def test_page_assets_pin_the_script_hash() -> None:
    assets = html.page_assets("report.js")
    script = str(assets["script"])
    digest = __import__("base64").b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    assert f"script-src 'sha256-{digest}'" in assets["csp"] and assets["csp"].startswith("default-src 'none'; ")
    assert str(assets["css"]).strip() and script.strip()


# --------------------------------------------------------------------- html: whole page


def test_page_counts_cap_and_families(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "The statment That was made.\r\n"
    typo = made(text, 4, 12, rule="spelling.typo")
    boundary = made(text, 13, 17, rule="boundary.lost", category="accuracy/x", severity=Severity.MAJOR)
    two = result_with(doc_of(text, [typo, boundary]), checks=("spelling.typo", "boundary.lost", "markup.html"))
    page = html.render(two.documents[0], two)
    data, found = page_data(page), elements(page)
    assert data["cap"] is None and data["context"] == 400 and data["text"] == text
    assert "cap-warning" not in found.by_id
    assert found.text["findings-shown"] == "(2)"
    assert (found.text["count-critical"], found.text["count-major"], found.text["count-minor"]) == ("0", "1", "1")
    assert re.findall(r'<span class="hl fam-(\w+) sev-none">', page) == ["accuracy", "fluency"]
    monkeypatch.setattr(html, "MAX_HIGHLIGHTS", 1)
    capped = html.render(two.documents[0], two)
    assert page_data(capped)["cap"] == 1
    assert "the 1 most severe" in elements(capped).text["cap-warning"]
    assert elements(capped).text["findings-shown"] == "(1)"
    monkeypatch.setattr(html, "MAX_HIGHLIGHTS", 2)
    assert page_data(html.render(two.documents[0], two))["cap"] is None


@pytest.mark.parametrize(("text", "travels"), [("Plain text.\n", False), ("CR\rLF", True), ("NUL\0here", True)])
def test_page_text_travels_only_when_the_parser_would_change_it(text: str, travels: bool) -> None:
    result = result_with(doc_of(text, []))
    assert page_data(html.render(result.documents[0], result))["text"] == (text if travels else None)


def test_page_warns_only_when_segments_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html, "MAX_SEGMENTS", 2)
    text = "A. B. C."
    two = [Segment(0, 0, 2, source="A."), Segment(1, 3, 5, source="B.")]
    result = result_with(doc_of(text[:5], [], segments=two))
    page = html.render(result.documents[0], result)
    assert "The bilingual view shows the first" not in page
    three = result_with(doc_of(text, [], segments=[*two, Segment(2, 6, 8, source="C.")]))
    capped = html.render(three.documents[0], three)
    assert '<p class="warn">The bilingual view shows the first 2 of 3 segments.</p>' in capped


def article_of(page: str) -> str:
    match = re.search(r'<div id="article" class="article" lang="en">(.*?)</div>', page, re.S)
    assert match
    return match.group(1)


def test_article_markup_of_findings() -> None:
    text = "The statment That was <made>."
    typo = made(text, 4, 12, rule="spelling.typo")
    space = made(text, 12, 13, rule="typography.space", category="style/x")
    boundary = made(text, 13, 17, rule="boundary.lost", category="accuracy/x", severity=Severity.MAJOR)
    insertion = made(text, 29, 29, rule="boundary.final", category="locale/x", severity=Severity.CRITICAL)
    result = result_with(doc_of(text, [typo, space, boundary, insertion]))
    assert article_of(html.render(result.documents[0], result)) == (
        'The <span class="anchor" id="f-0"></span><mark class="hl sev-minor fam-fluency" data-f="0" data-s="0" data-n="1" tabindex="0" role="button" '
        'aria-describedby="desc-minor">statment</mark><span class="anchor" id="f-1"></span><mark class="hl sev-minor fam-style" data-f="1" data-s="1" '
        'data-n="2" tabindex="0" role="button" aria-describedby="desc-minor" aria-label="whitespace"> </mark><span class="anchor" id="f-2"></span>'
        '<mark class="hl sev-major fam-accuracy" data-f="2" data-s="2" data-n="3" tabindex="0" role="button" aria-describedby="desc-major">That</mark>'
        ' was &lt;made&gt;.<span class="anchor" id="f-3"></span><mark class="hl sev-critical fam-locale zero" data-f="3" data-s="3" data-n="4" '
        'tabindex="0" role="button" aria-describedby="desc-critical" aria-label="insertion point"></mark>'
    )
    text = "The statment That was made."
    wide = made(text, 4, 17, rule="boundary.lost", category="accuracy/x", severity=Severity.MAJOR)
    typo = made(text, 4, 12, rule="spelling.typo")
    result = result_with(doc_of(text, [wide, typo]))
    assert article_of(html.render(result.documents[0], result)) == (
        'The <span class="anchor" id="f-0"></span><span class="anchor" id="f-1"></span><mark class="hl sev-major fam-accuracy overlap" data-f="0 1" '
        'data-s="0 1" data-n="1,2" tabindex="0" role="button" aria-describedby="desc-major">statment</mark><mark class="hl sev-major fam-accuracy" '
        'data-f="0" tabindex="-1" role="button" aria-describedby="desc-major"> That</mark> was made.'
    )


# -------------------------------------------------------------------- html: batch index


@pytest.mark.parametrize("bins", [3, 4])
def test_histogram_bands_use_the_bin_middle(bins: int) -> None:
    bars = html.histogram([], bins=bins)
    assert [b["count"] for b in bars] == [0] * bins and [b["height"] for b in bars] == [0] * bins
    expected = {3: ["poor", "poor", "fair"], 4: ["poor", "poor", "fair", "fair"]}[bins]
    assert [b["band"] for b in bars] == expected
    assert len(html.histogram([50.0])) == 10 and html.histogram([50.0])[5]["count"] == 1
    assert html.histogram([0.0, 100.0], bins=1) == [{"low": 0, "high": 100, "count": 2, "height": 100, "band": "poor"}]
    assert [b["count"] for b in html.histogram([9.9, 10.0, 19.99, 20.0])][:3] == [1, 2, 1]  # each bin holds its low edge


@pytest.mark.parametrize(
    ("severities", "passes"),
    [((), True), ((Severity.MINOR,), True), ((Severity.MINOR, Severity.MAJOR), False), ((Severity.CRITICAL,), False)],
)
def test_gate_passes(severities: tuple[Severity, ...], passes: bool) -> None:
    text = "The statment."
    assert html.gate_passes(doc_of(text, [made(text, 4, 12, severity=s) for s in severities])) is passes


def test_rule_totals_and_index_parts() -> None:
    text = "The statment That was made."
    a = doc_of(text, [made(text, 4, 12, rule="spelling.typo"), made(text, 13, 17, rule="boundary.lost", severity=Severity.MAJOR), made(text, 0, 3, rule="spelling.typo")], doc_id="a.txt", path="a.txt", words=5, score=40.0)
    b = doc_of(text, [made(text, 4, 12, rule="spelling.typo", severity=Severity.CRITICAL)], doc_id="b.txt", path="b.txt", words=7, score=70.0)
    c = doc_of("Fine.", [], doc_id="c.txt", path="c.txt", words=1, score=100.0)
    result = result_with(a, b, c)
    assert html.rule_totals(result) == [
        {"rule": "spelling.typo", "anchor": "rule-spelling.typo", "findings": 3, "documents": 2, "rank": 3, "severity": "critical"},
        {"rule": "boundary.lost", "anchor": "rule-boundary.lost", "findings": 1, "documents": 1, "rank": 2, "severity": "major"},
    ]
    minor_only = result_with(doc_of(text, [made(text, 0, 3, rule="style.minor"), made(text, 4, 12, rule="style.minor")]))
    assert html.rule_totals(minor_only) == [{"rule": "style.minor", "anchor": "rule-style.minor", "findings": 2, "documents": 1, "rank": 1, "severity": "minor"}]
    parts = html.IndexParts()
    assert (parts.rows, parts.totals, parts.scores, parts.words) == ([], {}, [], 0)
    for doc, page in ((a, "a.html"), (b, "b.html"), (c, "c.html")):
        parts.add(doc, page)
    assert parts.words == 13 and parts.scores == [40.0, 70.0, 100.0]
    assert [(r["name"], r["href"], r["passes"], r["worst"].rule if r["worst"] else None) for r in parts.rows] == [
        ("a.txt", "a.html", False, "boundary.lost"), ("b.txt", "b.html", False, "spelling.typo"), ("c.txt", "c.html", True, None),
    ]
    assert parts.rows[0]["doc"] == html.IndexDocument(None, "en", 40.0, -1.0)
    index = elements(html.render_index(result, ["a.html", "b.html", "c.html"]))
    assert index.text["mean"] == "70.0"
    assert " ".join(index.text["gate-summary"].split()).startswith("2 of 3 would fail the gate")


def test_index_needs_a_page_per_document() -> None:
    with pytest.raises(ValueError):
        html.render_index(_two(), ["one.html"])


def test_index_of_documents_that_all_pass() -> None:
    result = result_with(doc_of("Fine.", [], doc_id="c.txt", path="c.txt"), doc_of("Good.", [], doc_id="d.txt", path="d.txt"))
    index = elements(html.render_index(result, ["c.html", "d.html"]))
    assert " ".join(index.text["gate-summary"].split()).startswith("0 of 2 would fail the gate")


@pytest.mark.parametrize(
    ("ids", "names"),
    [
        (["a/b c.txt"], ["a_b_c.html"]),
        (["", "///"], ["document.html", "document-2.html"]),
        (["index", "Index.md", "INDEX"], ["index-2.html", "Index-3.html", "INDEX-4.html"]),
        (["report.md", "report.md", "report.txt"], ["report.html", "report-2.html", "report-3.html"]),
        (["a.b.c.txt", "notes.json", "data.jsonl", "keep.csv"], ["a.b.c.html", "notes.html", "data.html", "keep.csv.html"]),
        (["x" * 150], ["x" * 100 + ".html"]),
        (["Doc", "doc"], ["Doc.html", "doc-2.html"]),
    ],
)
def test_safe_filename_table(ids: list[str], names: list[str]) -> None:
    taken: set[str] = {"index.html"}
    assert [html.safe_filename(i, taken) for i in ids] == names


# ------------------------------------------------------------ html: writing the report


def _two() -> AuditResult:
    text = "The statment."
    return result_with(doc_of(text, [made(text, 4, 12)], doc_id="one.txt", path="one.txt"), doc_of("Fine.", [], doc_id="two.txt", path="two.txt"))


def test_write_report_single_page_and_folder(tmp_path: Path) -> None:
    two = _two()
    one = result_with(two.documents[0])
    page = tmp_path / "page.html"
    assert html.write_report(one, str(page)) == [str(page)]
    assert page.read_text(encoding="utf-8") == html.render(one.documents[0], one)
    folder = tmp_path / "out"
    written = html.write_report(two, str(folder))
    assert written == [str(folder / "one.html"), str(folder / "two.html"), str(folder / "index.html")]
    assert (folder / "one.html").read_text(encoding="utf-8") == html.render(two.documents[0], two, index_href="index.html")
    assert (folder / "index.html").read_text(encoding="utf-8") == html.render_index(two, ["one.html", "two.html"])
    # an existing folder is reused; two documents and a name ending in .html is still a folder
    assert html.write_report(two, str(folder)) == written
    named = tmp_path / "both.html"
    assert html.write_report(two, str(named)) == [str(named / "one.html"), str(named / "two.html"), str(named / "index.html")]
    # one document and a folder: its page and an index
    assert html.write_report(one, str(tmp_path / "solo")) == [str(tmp_path / "solo" / "one.html"), str(tmp_path / "solo" / "index.html")]
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        html.write_report(two, str(blocker))


def test_write_to_standard_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    two = _two()
    one = result_with(two.documents[0])
    assert html.write(one, None) == []
    assert capsys.readouterr().out == html.render(one.documents[0], one)
    with pytest.raises(OutputError, match="several documents"):
        html.write(two, None)
    with pytest.raises(OutputError, match="several documents"):
        html.write(result_with(), None)
    assert html.write(one, str(tmp_path / "p.html")) == [str(tmp_path / "p.html")]


def test_html_stream_pages_as_they_come(tmp_path: Path) -> None:
    two = _two()
    seen: list[str] = []
    stream = html.HtmlStream(str(tmp_path / "out"), version="0.0.test", announce=seen.append)
    stream.start(two.settings, ())
    stream.document(two.documents[0])
    assert seen == [] and stream.first is two.documents[0] and stream.count == 1
    stream.document(two.documents[1])
    assert seen == [str(tmp_path / "out" / "one.html"), str(tmp_path / "out" / "two.html")] and stream.first is None
    stream.finish(two)
    assert seen[-1] == str(tmp_path / "out" / "index.html")
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == html.render_index(two, ["one.html", "two.html"])
    assert (tmp_path / "out" / "one.html").read_text(encoding="utf-8") == html.render(two.documents[0], two, index_href="index.html")


def test_html_stream_one_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    two = _two()
    one = result_with(two.documents[0])
    seen: list[str] = []
    target = tmp_path / "new" / "page.html"
    stream = html.HtmlStream(str(target), version="0.0.test", announce=seen.append)
    stream.document(one.documents[0])
    stream.finish(one)
    assert seen == [str(target)] and target.read_text(encoding="utf-8") == html.render(one.documents[0], one)
    # one document into a folder: its page and the index
    folder = tmp_path / "folder"
    seen.clear()
    stream = html.HtmlStream(str(folder), version="0.0.test", announce=seen.append)
    stream.document(one.documents[0])
    stream.finish(one)
    assert seen == [str(folder / "one.html"), str(folder / "index.html")]
    # standard output: the page, nothing announced; a second document is refused
    for output in (None, "-"):
        stream = html.HtmlStream(output, version="0.0.test")
        stream.document(one.documents[0])
        stream.finish(one)
        assert capsys.readouterr().out == html.render(one.documents[0], one)
        stream = html.HtmlStream(output, version="0.0.test")
        stream.document(two.documents[0])
        with pytest.raises(OutputError, match="several documents"):
            stream.document(two.documents[1])
    with pytest.raises(OutputError, match="several documents"):
        html.HtmlStream(None, version="0.0.test").finish(one)
    # two documents and an output ending in .html: a folder of that name
    named = tmp_path / "both.html"
    seen.clear()
    stream = html.HtmlStream(str(named), version="0.0.test", announce=seen.append)
    for doc in two.documents:
        stream.document(doc)
    stream.finish(two)
    assert seen == [str(named / "one.html"), str(named / "two.html"), str(named / "index.html")]
    # a page in a folder whose parent is missing needs --mkdir
    deep = tmp_path / "a" / "b" / "page.html"
    stream = html.HtmlStream(str(deep), version="0.0.test")
    stream.document(one.documents[0])
    with pytest.raises(OutputError):
        stream.finish(one)
    stream = html.HtmlStream(str(deep), version="0.0.test", mkdir=True)
    stream.document(one.documents[0])
    stream.finish(one)
    assert deep.is_file()


# ------------------------------------------------------------------------- markup checks


def markup_found(text: str, rule: str) -> list[tuple[int, int, str, str | None, float]]:
    """(start, end, text, first suggestion, confidence) of every finding of `rule` in `text`."""
    from tests.conftest import audit_text

    result = audit_text(text, select=(rule,))
    return [(f.start, f.end, f.text, f.suggestions[0] if f.suggestions else None, f.confidence) for f in result.findings if f.rule == rule]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2022-02-20 Macron's office said the talks would go on.", [(1, 17, "date 2022-02-20 ", "", 0.85)]),
        ("Published 12/03/2021 10:45 The minister resigned.", [(0, 27, "Published 12/03/2021 10:45 ", "", 0.85)]),
        ("date 2022-02-20 | The office said so.", [(0, 18, "date 2022-02-20 | ", "", 0.85)]),
        ("date 2022-02-20|The office said so.", [(0, 16, "date 2022-02-20|", "", 0.85)]),
        ("date 2022-02-20 “Never,” he said.", [(0, 16, "date 2022-02-20 ", "", 0.85)]),
        ("date 2022-02-20|" + " " * 199 + "The office said so.", [(0, 215, "date 2022-02-20|" + " " * 199, "", 0.85)]),
        # near misses: nothing after the stamp within 200 characters, a line break, a lower-case word
        ("date 2022-02-20|" + " " * 200 + "The office said so.", []),
        ("date 2022-02-20", []),
        ("date 2022-02-20\nThe office said so.", []),
        ("date 2022-02-20 the office said so.", []),
        ("Macron's office said on 2022-02-20 the talks would go on.", []),
    ],
)
def test_metadata_table(text: str, expected: list[tuple[int, int, str, str | None, float]]) -> None:
    assert markup_found(text, "markup.metadata") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Profits rose&nbsp;5% last year.", [(12, 18, "&nbsp;", " ", 0.9)]),
        ("Smith &amp; Sons<br>grew.", [(6, 11, "&amp;", "&", 0.9), (16, 20, "<br>", "", 0.9)]),
        ("It&#39;s <a href=\"x\">here</a>.", [(2, 7, "&#39;", "'", 0.9), (9, 21, '<a href="x">', "", 0.9), (25, 29, "</a>", "", 0.9)]),
        ("Profits rose 5% at AT&T and &bogus; last year.", []),
    ],
)
def test_html_debris_table(text: str, expected: list[tuple[int, int, str, str | None, float]]) -> None:
    assert markup_found(text, "markup.html") == expected


def test_placeholder_confidence() -> None:
    assert markup_found("Dear {{name}}, your %s order.", "markup.placeholder") == [(5, 13, "{{name}}", None, 0.8), (20, 22, "%s", None, 0.8)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quarterly profits at *TimeWarner jumped.", [(21, 32, "*TimeWarner", "TimeWarner", 0.9)]),
        ("Le prix de la *pèlerinage a augmenté.", [(14, 25, "*pèlerinage", None, 0.9)]),
        ("Shares of *IBM fell.", [(10, 14, "*IBM", "IBM", 0.9)]),
        ("It cost $639*m last year.", [(12, 14, "*m", None, 0.9)]),
        ("Read *the fine print* first.", []),
        ("Read *the fine print*\nfirst.", []),
        ("Read *the fine print*", []),
        ("Read *the\nfine print* first.", [(5, 9, "*the", None, 0.9)]),
        ("Profits at *Word", [(11, 16, "*Word", "Word", 0.9)]),
        ("A footnote* and **bold** and * item.", []),
    ],
)
def test_unknown_word_mark_table(text: str, expected: list[tuple[int, int, str, str | None, float]]) -> None:
    assert markup_found(text, "markup.unknown-word-mark") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister spoke. Read also: Talks resume in Geneva The meeting ended.", [(20, 72, "Read also: Talks resume in Geneva The meeting ended.", "", 0.8)]),
        ("Read also: Talks resume. See also: Rain falls.", [(0, 24, "Read also: Talks resume.", "", 0.8), (25, 46, "See also: Rain falls.", "", 0.8)]),
        # a paragraph after the label (two sentences or more): the label only
        ("Read also: Talks resume. The meeting ended.", [(0, 10, "Read also:", "", 0.8)]),
        ("Related articles: Talks resume. Rain. Sun.", [(0, 17, "Related articles:", "", 0.8)]),
        ("Lire aussi : Les négociations reprennent\nLe ministre a parlé.", [(0, 40, "Lire aussi : Les négociations reprennent", "", 0.8)]),
        ("The minister said he would read also the reports.", []),
    ],
)
def test_cross_link_table(text: str, expected: list[tuple[int, int, str, str | None, float]]) -> None:
    assert markup_found(text, "markup.cross-link") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://example.org/a?utm_source=x&id=3 for details.", [(4, 43, "https://example.org/a?utm_source=x&id=3", "https://example.org/a?id=3", 0.9)]),
        ("Visit https://x.org/p?ref=&fbclid=1.", [(6, 35, "https://x.org/p?ref=&fbclid=1", "https://x.org/p?ref=", 0.9)]),
        ("See https://example.org/a?id=3 for details.", []),
    ],
)
def test_tracking_url_table(text: str, expected: list[tuple[int, int, str, str | None, float]]) -> None:
    assert markup_found(text, "markup.tracking-url") == expected


def test_every_markup_check_is_registered() -> None:
    from mtaudit.checks import markup

    assert [c.rule.id for c in markup.CHECKS] == ["markup.metadata", "markup.html", "markup.placeholder", "markup.unknown-word-mark", "markup.cross-link", "markup.tracking-url"]


# ------------------------------------------------------------------- readers: XLIFF, TMX, PO

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2">
 <file source-language="fr-FR" target-language="en-US" datatype="plaintext" original="x">
  <body>
   <trans-unit id="greet">
    <source>Bonjour <x id="1"/>Marie &amp; <g id="2">Paul</g></source>
    <target state="translated">Hello <x id="1"/>Mary &amp; <g id="2">Paul</g>&#x21;</target>
   </trans-unit>
   <trans-unit id="code" approved="no"><source>Cliquez <ph id="1">&lt;b&gt;</ph>ici<bpt id="2"><sub>x</sub></bpt></source><target>Click <ph id="1">&lt;b&gt;</ph>here<bpt i="2"><sub>x</sub></bpt> <it x="3">y</it>now</target></trans-unit>
   <trans-unit id="cdata">
    <source>A</source>
    <target state="needs-review-translation"><![CDATA[Use <b> & co]]> now<!-- a <note> --> ok<?pi x?>. <g id="3"><g id="4">deep</g> <mrk mtype="x">marked</mrk></g> end&#33;</target>
   </trans-unit>
   <trans-unit id="empty"><source>Rien</source></trans-unit>
   <trans-unit id="same"><source>Paris</source><target xml:lang="de">Paris</target></trans-unit>
   <trans-unit id="nosource"><target>Orphan</target></trans-unit>
  </body>
 </file>
</xliff>
"""
XLIFF_20 = """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <segment state="translated">
    <source>Klicken Sie <ph id="1"/>Speichern.</source>
    <target>Click <ph id="1"/>Save.</target>
   </segment>
   <segment state="initial"><source>Weiter <pc id="2">jetzt</pc>.</source><target>Next <pc id="2">now</pc> <cp hex="00A9"/>.</target></segment>
  </unit>
  <unit id="u2"><segment><source>Ja</source><target>Yes</target></segment></unit>
 </file>
</xliff>
"""
TMX_FILE = """<?xml version="1.0"?>
<tmx version="1.4"><header srclang="es" datatype="plaintext"/><body>
<tu tuid="t1"><tuv xml:lang="en"><seg>The train</seg></tuv><tuv xml:lang="es"><seg>El tren <ph x="1">&lt;br/&gt;</ph>sale</seg></tuv></tu>
<tu><tuv xml:lang="es"><seg>Solo</seg></tuv></tu>
<tu><note>n</note><tuv lang="ES"><seg>Hola</seg></tuv><tuv lang="fr-CA"><seg>Salut <bpt i="1">&lt;i&gt;</bpt>toi<ept i="1">&lt;/i&gt;</ept></seg></tuv></tu>
</body></tmx>
"""
PO_FILE = r"""# header comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: fr\n"

#: a.py:1
msgid "Hello"
msgstr "Bonjour \"toi\"\n"
"suite"

msgctxt "menu"
msgid "File"
msgstr "Fichier"

#, fuzzy
msgid "Open"
msgstr "Ouvrir"

msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d fichier"
msgstr[1] "%d fichiers"

msgid "Empty"
msgstr ""

msgid "Same"
msgstr "Same"

#~ msgid "Old"
#~ msgstr "Vieux"
"""


def read_units(reader: object, text: str, name: str, **context: object) -> tuple[list[tuple], list[str]]:
    """Read `text` with `reader` (as the file `name`): per document (id, unit, target, source,
    languages, tags, notes, the file's character at each target offset, where the first and the
    last character lie), and the run's notes. A decoded entity or escape maps to its `&` or `\\`."""
    from mtaudit.readers.interface import ReadContext

    read = ReadContext(**context)  # type: ignore[arg-type]
    docs = list(reader(name, text.encode("utf-8"), read))  # type: ignore[operator]
    out = []
    for doc in docs:
        loc = doc.location
        assert loc is not None
        mapped = "".join(text[loc.file_offset(i)] for i in range(len(doc.target)))
        out.append((doc.id, loc.unit, str(doc.target), doc.source and str(doc.source), doc.source_lang, doc.target_lang, loc.source_tags, loc.target_tags,
                    loc.notes, mapped, loc.locate(0), loc.locate(len(doc.target) - 1)))
    return out, read.notes


def test_xliff_12_units_tags_entities_cdata_and_states() -> None:
    from mtaudit.readers.xml import read_xliff

    units, notes = read_units(read_xliff, XLIFF_12, "f.xlf")
    assert units == [
        ("f.xlf:7", "greet", "Hello Mary & Paul!", "Bonjour Marie & Paul", "fr", "en", ("x:1", "g:2"), ("x:1", "g:2"), (),
         "Hello Mary & Paul&", {"line": 7, "column": 32, "unit": "greet"}, {"line": 7, "column": 78, "unit": "greet"}),
        ("f.xlf:9", "code", "Click here now", "Cliquez ici", "fr", "en", ("ph:1", "bpt:2"), ("ph:1", "bpt:2", "it:3"), ("state: not approved",),
         "Click here now", {"line": 9, "column": 131, "unit": "code"}, {"line": 9, "column": 214, "unit": "code"}),
        ("f.xlf:12", "cdata", "Use <b> & co now ok. deep marked end!", "A", "fr", "en", (), ("g:3", "g:4", "mrk:"), ("state: needs-review-translation",),
         "Use <b> & co now ok. deep marked end&", {"line": 12, "column": 55, "unit": "cdata"}, {"line": 12, "column": 168, "unit": "cdata"}),
        ("f.xlf:15", "same", "Paris", "Paris", "fr", "de", (), (), ("target identical to source",),
         "Paris", {"line": 15, "column": 70, "unit": "same"}, {"line": 15, "column": 74, "unit": "same"}),
    ]
    assert notes == ["f.xlf: 1 unit untranslated (not audited): empty", "f.xlf: 1 unit identical to their source: same",
                     "f.xlf: 2 units marked fuzzy or needing review: code, cdata"]
    # languages given on the command line win over the file's
    overridden, _ = read_units(read_xliff, XLIFF_12, "f.xlf", source_lang="it", target_lang="pt")
    assert {(u[4], u[5]) for u in overridden} == {("it", "pt")}


def test_xliff_20_segments_states_and_code_points() -> None:
    from mtaudit.readers.xml import read_xliff

    units, notes = read_units(read_xliff, XLIFF_20, "g.xlf")
    assert units == [
        ("g.xlf:6", "u1/1", "Click Save.", "Klicken Sie Speichern.", "de", "en", ("ph:1",), ("ph:1",), (),
         "Click Save.", {"line": 6, "column": 13, "unit": "u1/1"}, {"line": 6, "column": 35, "unit": "u1/1"}),
        ("g.xlf:8", "u1/2", "Next now ©.", "Weiter jetzt.", "de", "en", ("pc:2",), ("pc:2",), ("state: initial",),
         "Next now <.", {"line": 8, "column": 83, "unit": "u1/2"}, {"line": 8, "column": 124, "unit": "u1/2"}),
        ("g.xlf:10", "u2/1", "Yes", "Ja", "de", "en", (), (), (),
         "Yes", {"line": 10, "column": 53, "unit": "u2/1"}, {"line": 10, "column": 55, "unit": "u2/1"}),
    ]
    assert notes == ["g.xlf: 1 unit marked fuzzy or needing review: u1/2"]


def test_tmx_source_variant_by_header_language() -> None:
    from mtaudit.readers.xml import read_tmx

    units, notes = read_units(read_tmx, TMX_FILE, "m.tmx")
    assert units == [
        ("m.tmx:3", "t1", "The train", "El tren sale", "es", "en", ("ph:1",), (), (),
         "The train", {"line": 3, "column": 39, "unit": "t1"}, {"line": 3, "column": 47, "unit": "t1"}),
        ("m.tmx:5", "3", "Salut toi", "Hola", "es", "fr", (), ("bpt:1", "ept:1"), (),
         "Salut toi", {"line": 5, "column": 78, "unit": "3"}, {"line": 5, "column": 112, "unit": "3"}),
    ]
    assert notes == ["m.tmx: 1 unit untranslated (not audited): 2"]
    # no header language (or "*all*"): the first variant is the source
    for header in ('<header datatype="plaintext"/>', '<header srclang="*all*"/>'):
        units, _ = read_units(read_tmx, TMX_FILE.replace('<header srclang="es" datatype="plaintext"/>', header), "m.tmx")
        assert [(u[1], u[2], u[3], u[4], u[5]) for u in units] == [("t1", "El tren sale", "The train", "en", "es"), ("3", "Salut toi", "Hola", "es", "fr")]
    units, _ = read_units(read_tmx, TMX_FILE, "m.tmx", source_lang="ca", target_lang="gl")
    assert {(u[4], u[5]) for u in units} == {("ca", "gl")}


def test_deeply_nested_inline_tags_are_read() -> None:
    from mtaudit.readers.xml import read_xliff

    deep = ('<xliff version="1.2"><file><body><trans-unit id="d"><source>Texte</source><target>' + '<g id="1">' * 300
            + "Deep text" + "</g>" * 300 + "</target></trans-unit></body></file></xliff>")
    units, _ = read_units(read_xliff, deep, "d.xlf")
    assert [(u[2], len(u[7])) for u in units] == [("Deep text", 300)]


def test_malformed_xml_names_its_line() -> None:
    from mtaudit.readers.interface import ReadContext
    from mtaudit.readers.xml import read_tmx, read_xliff

    bad = '<xliff version="1.2">\n<file>\n<body>\n<trans-unit id="a"><source>x</source></trans-unit>\n</body>\n</xliff>\n'
    with pytest.raises(InputError, match=r"^b\.xlf:6: malformed XML \(Opening and ending tag mismatch"):
        list(read_xliff("b.xlf", bad.encode(), ReadContext()))
    with pytest.raises(InputError, match=r"^b\.tmx:2: malformed XML"):
        list(read_tmx("b.tmx", b"<tmx>\n<body><tu></body></tmx>", ReadContext()))


@pytest.mark.parametrize(("at", "found"), [(0, True), (2042, True), (2043, False)])
def test_xml_sniffers_look_at_the_first_2048_bytes(at: int, found: bool) -> None:
    from mtaudit.readers.xml import TMX, XLIFF

    assert XLIFF.sniff(b" " * at + b"<xliff") is found
    assert TMX.sniff(b" " * (at + 2) + b"<tmx") is found
    assert XLIFF.sniff(b" " * at + b"<tmx ") is False and TMX.sniff(b"<xliff>") is False


def test_content_scanner_edges() -> None:
    from mtaudit.readers.xml import ContentScanner, local

    text = '<t>a &lt; b<x id="9"/></t> <t/> <u>never closed'
    scanner = ContentScanner(text)
    builder, tags, end = scanner.content(0)
    assert (builder.text(), tags, end) == ("a < b", ("x:9",), 26)
    assert scanner.find("t", 1, 1) == 27 and scanner.find("t", 1) == 0
    assert scanner.content(27)[1:] == ((), 31)  # an empty element
    assert scanner.content(26)[1:] == ((), 26)  # no element there
    assert scanner.content(32)[1:] == ((), 35)  # never closed (not well-formed): nothing after the last tag
    assert scanner.find("nothing", 1) == 0
    second_line = ContentScanner("<a/>\n<t>x</t>")
    assert second_line.find("t", 2) == 5 and second_line.find("t", 9) == 5
    assert local("{urn:x}unit") == "unit" and local("unit") == "unit" and local(None) == ""
    # attributes in single quotes, `rid`/`i`/`x` as ids, nested code skipped to its own end
    tricky = "<s>A<ph id='1'><ph>in</ph>still code</ph>B<ec rid=\"4\"/><sc i='5'/>C&#65;&#x42;&quot;</s>"
    builder, tags, end = ContentScanner(tricky).content(0)
    assert (builder.text(), tags, end) == ('ABCAB"', ("ph:1", "ec:4", "sc:5"), len(tricky))
    assert list(builder.run_text) == [0, 1, 2, 3, 4, 5] and list(builder.run_file) == [3, 41, 66, 67, 72, 78]
    # a <cp> without its hex attribute (not valid XLIFF 2) is an inline tag, not a crash
    builder, tags, _ = ContentScanner('<s>A<cp/>B<ph hex="41"/></s>').content(0)
    assert (builder.text(), tags) == ("AB", ("cp:", "ph:"))
    stray = ContentScanner("<s>1 < 2 <!-- x --><?p?>!</s>")
    builder, tags, end = stray.content(0)
    assert (builder.text(), end) == ("1 < 2 !", 29)
    assert list(builder.run_text) == [0, 6] and list(builder.run_file) == [3, 24]  # the stray "<" continues its run


def test_po_entries_plurals_escapes_and_states() -> None:
    from mtaudit.readers.po import read_po

    units, notes = read_units(read_po, PO_FILE, "f.po")
    assert units == [
        ("f.po:9", 'msgid "Hello" (line 8)', 'Bonjour "toi"\nsuite', "Hello", None, "fr", (), (), (),
         "Bonjour \\toi\\\\suite", {"line": 9, "column": 9, "unit": 'msgid "Hello" (line 8)'}, {"line": 10, "column": 6, "unit": 'msgid "Hello" (line 8)'}),
        ("f.po:14", 'msgctxt "menu" msgid "File" (line 12)', "Fichier", "File", None, "fr", (), (), (),
         "Fichier", {"line": 14, "column": 9, "unit": 'msgctxt "menu" msgid "File" (line 12)'}, {"line": 14, "column": 15, "unit": 'msgctxt "menu" msgid "File" (line 12)'}),
        ("f.po:18", 'msgid "Open" (line 17)', "Ouvrir", "Open", None, "fr", (), (), ("state: fuzzy",),
         "Ouvrir", {"line": 18, "column": 9, "unit": 'msgid "Open" (line 17)'}, {"line": 18, "column": 14, "unit": 'msgid "Open" (line 17)'}),
        ("f.po:22[0]", 'msgid "%d file" (line 20)[0]', "%d fichier", "%d file", None, "fr", (), (), (),
         "%d fichier", {"line": 22, "column": 12, "unit": 'msgid "%d file" (line 20)[0]'}, {"line": 22, "column": 21, "unit": 'msgid "%d file" (line 20)[0]'}),
        ("f.po:23[1]", 'msgid "%d file" (line 20)[1]', "%d fichiers", "%d files", None, "fr", (), (), (),
         "%d fichiers", {"line": 23, "column": 12, "unit": 'msgid "%d file" (line 20)[1]'}, {"line": 23, "column": 22, "unit": 'msgid "%d file" (line 20)[1]'}),
        ("f.po:29", 'msgid "Same" (line 28)', "Same", "Same", None, "fr", (), (), ("target identical to source",),
         "Same", {"line": 29, "column": 9, "unit": 'msgid "Same" (line 28)'}, {"line": 29, "column": 12, "unit": 'msgid "Same" (line 28)'}),
    ]
    assert notes == ['f.po: 1 unit untranslated (not audited): msgid "Empty" (line 25)', 'f.po: 1 unit identical to their source: msgid "Same" (line 28)',
                     'f.po: 1 unit marked fuzzy or needing review: msgid "Open" (line 17)']
    units, _ = read_units(read_po, PO_FILE, "f.po", source_lang="en", target_lang="de")
    assert {(u[4], u[5]) for u in units} == {("en", "de")}


def test_po_declared_charset_and_its_template_placeholder() -> None:
    from mtaudit.readers.interface import ReadContext
    from mtaudit.readers.po import read_po

    latin = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Coffee"\nmsgstr "Caf\xe9 cr\xe8me"\n'
    context = ReadContext(target_lang="fr")
    (doc,) = read_po("l.po", latin.encode("latin-1"), context)
    assert (doc.id, doc.target, doc.location.notes) == ("l.po:6", "Café crème", ("decoded as ISO-8859-1 (declared in the file)",))  # type: ignore[union-attr]
    assert context.notes == ["l.po: decoded as ISO-8859-1 (declared in the file)"]
    template = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CHARSET\\n"\n\nmsgid "Coffee"\nmsgstr "Café"\n'
    context = ReadContext(target_lang="fr")
    (doc,) = read_po("t.po", template.encode("utf-8"), context)
    assert (doc.target, doc.location.notes, context.notes) == ("Café", (), [])  # type: ignore[union-attr]
    with pytest.raises(InputError, match=r"^x\.po: (malformed PO|cannot be read as PO) \("):
        list(read_po("x.po", b'msgid "a"\nmsgstr "b"\nmsgid "a"\nmsgstr "c"\n"unterminated\n', ReadContext()))


def test_po_scan_and_unescape() -> None:
    from mtaudit.readers.base import RunBuilder
    from mtaudit.readers.po import _is_header, _scan, _short, _unescape

    builder = RunBuilder()
    _unescape(builder, r'"a\tb\\c\q\"', 10)
    assert (builder.text(), list(builder.run_text), list(builder.run_file)) == ("a\tb\\cq\\", [0, 1, 2, 3, 4, 5, 6], [11, 12, 14, 15, 17, 18, 20])
    text = 'msgctxt "c"\nmsgid "x"\nmsgstr "y"\n\nmsgid ""\nmsgstr "h"\n"more"\n# comment\n"orphan"\nmsgid "p"\nmsgid_plural "ps"\nmsgstr[0] "a"\nmsgstr[1] "b"\n'
    entries = _scan(text)
    assert [(e.line, {k: v.text() for k, v in e.strings.items()}, e.starts) for e in entries] == [
        (1, {"msgctxt": "c", "msgid": "x", "msgstr[0]": "y"}, {"msgctxt": 0, "msgid": 12, "msgstr[0]": 22}),
        (5, {"msgid": "", "msgstr[0]": "hmore"}, {"msgid": 34, "msgstr[0]": 43}),
        (10, {"msgid": "p", "msgid_plural": "ps", "msgstr[0]": "a", "msgstr[1]": "b"}, {"msgid": 80, "msgid_plural": 90, "msgstr[0]": 108, "msgstr[1]": 122}),
    ]
    assert [_is_header(e) for e in entries] == [False, True, False]
    assert _short("x" * 40) == "x" * 40 and _short("x" * 41) == "x" * 39 + "…" and _short('a "b"\nc') == 'a \\"b\\"\\nc'


@pytest.mark.parametrize(
    ("head", "found"),
    [(b'msgid "a"\nmsgstr "b"\n', True), (b'# c\nmsgid ""\nmsgstr ""', True), (b'x msgid "a" msgstr', False), (b'msgid "a"\n', False),
     (b" " * 4088 + b'\nmsgid "a" msgstr', True), (b" " * 4089 + b'\nmsgid "a" msgstr', False),
     (b'msgid "a"\n' + b" " * 8176 + b"msgstr", True), (b'msgid "a"\n' + b" " * 8177 + b"msgstr", False)],
)
def test_po_sniffer(head: bytes, found: bool) -> None:
    from mtaudit.readers.po import PO

    assert PO.sniff(head) is found


# ------------------------------------------------------------------ readers: shared plumbing


def test_locator_maps_offsets_through_runs_and_lines() -> None:
    from mtaudit.readers.base import Locator

    # text "Hello Mary & Paul": runs at text 0 (file 10), text 11 (the "&" of "&amp;" at file 30), text 12 (file 35)
    loc = Locator("xliff", [0, 10, 25, 40], run_text=(0, 11, 12), run_file=(10, 30, 35), unit="greet")
    assert [loc.file_offset(i) for i in (0, 5, 10, 11, 12, 16)] == [10, 15, 20, 30, 35, 39]
    assert loc.locate(0) == {"line": 2, "column": 1, "unit": "greet"}
    assert loc.locate(10) == {"line": 2, "column": 11, "unit": "greet"}
    assert loc.locate(11) == {"line": 3, "column": 6, "unit": "greet"}
    assert [Locator("text", [0, 4]).locate(i) for i in (3, 4)] == [{"line": 1, "column": 4}, {"line": 2, "column": 1}]
    assert Locator("text", [0, 4], first_line=7).locate(5) == {"line": 8, "column": 2}
    # the defaults: one run, verbatim from the file's start
    assert Locator("text", [0]).file_offset(3) == 3 and Locator("text", [0]).locate(0) == {"line": 1, "column": 1}
    # an offset before the first run maps to that run's start
    late = Locator("html", [0], run_text=(5, 10), run_file=(100, 200))
    assert [late.file_offset(i) for i in (2, 5, 9, 10, 12)] == [100, 100, 104, 200, 202]
    assert len({loc, late}) == 2  # hashable by identity: documents carry it without comparing it


def test_run_builder_merges_continuing_pieces() -> None:
    from mtaudit.readers.base import RunBuilder

    builder = RunBuilder()
    builder.add("", 3)
    builder.add("Hello ", 10)
    builder.add("Mary", 16)  # continues the run
    builder.add(" ", 30)  # a new run
    builder.add_synthetic("&!", 40)
    builder.add("", 50)
    builder.add("Paul", 45)
    assert builder.text() == "Hello Mary &!Paul" and builder.length == 17
    assert list(builder.run_text) == [0, 10, 11, 12, 13] and list(builder.run_file) == [10, 30, 40, 40, 45]
    fresh = RunBuilder()
    assert (fresh.text(), fresh.length, list(fresh.run_text)) == ("", 0, [])
    fresh.add("ab", 0)
    assert list(fresh.run_text) == [0] and list(fresh.run_file) == [0]


def test_printable_escapes_controls_and_bidi() -> None:
    from mtaudit.readers.base import printable

    assert printable("unit\x1b[31m\u202e\u2028\n\x7f é") == "unit\\x1b[31m\\u202e\\u2028\\n\\x7f é"
    assert printable("plain café") == "plain café"


def test_read_bytes_limits_and_kinds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtaudit.readers.base import is_regular_file, read_bytes

    exact = tmp_path / "exact.txt"
    exact.write_bytes(b"x" * 10)
    assert read_bytes(str(exact), limit=10) == b"x" * 10
    with pytest.raises(InputError, match=r"exact\.txt: 0 MiB is over the 0 MiB limit; split the file$"):
        read_bytes(str(exact), limit=9)
    with pytest.raises(InputError, match=r"no such file or directory"):
        read_bytes(str(tmp_path / "missing.txt"))
    with pytest.raises(InputError, match=r"is a directory; give a file$"):
        read_bytes(str(tmp_path))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"not a regular file \(a device, FIFO or socket\)"):
        read_bytes(str(fifo))
    assert [is_regular_file(str(p)) for p in (exact, tmp_path, fifo, tmp_path / "missing.txt")] == [True, False, False, False]

    class Stdin:
        def __init__(self, data: bytes) -> None:
            self.buffer = io.BytesIO(data)

    monkeypatch.setattr("sys.stdin", Stdin(b"y" * 10))
    assert read_bytes("-", limit=10) == b"y" * 10
    monkeypatch.setattr("sys.stdin", Stdin(b"y" * 11))
    with pytest.raises(InputError, match=r"^<stdin>: more than 0 MiB; split the input$"):
        read_bytes("-", limit=10)


def test_read_bytes_default_limit_is_64_mib(tmp_path: Path) -> None:
    from mtaudit.readers.base import read_bytes

    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:  # sparse: no disk space used
        handle.truncate(64 * 2**20)
    assert len(read_bytes(str(big))) == 64 * 2**20
    with open(big, "r+b") as handle:
        handle.truncate(64 * 2**20 + 1)
    with pytest.raises(InputError, match=r"big\.txt: 64 MiB is over the 64 MiB limit"):
        read_bytes(str(big))


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"a\0b\0", "utf-16-le"),
        (b"\0a\0b", "utf-16-be"),
        (b"a\0b", None),  # under 4 bytes: no guess
        (b"ab\0\0", None),
        # 10 odd bytes: more than 4 NULs (40 %) on that side, none on the other
        (b"a\0b\0c\0d\0e\0fxgxhxixjx", "utf-16-le"),
        (b"a\0b\0c\0d\0exfxgxhxixjx", None),
        (b"\0a\0b\0c\0d\0exfxgxhxixj", "utf-16-be"),
        (b"\0a\0b\0c\0dxexfxgxhxixj", None),
        # 20 bytes a side: one NUL on the wrong side is 5 %: too many
        (b"a\0" * 20, "utf-16-le"),
        (b"\0\0" + b"a\0" * 19, None),
        (b"\0a" * 20, "utf-16-be"),
        (b"\0\0" + b"\0a" * 19, None),
        ("Guten Tag".encode("utf-16-le") * 300 + "Guten Tag".encode("utf-16-be") * 300, "utf-16-le"),
    ],
)
def test_bomless_utf16(raw: bytes, encoding: str | None) -> None:
    from mtaudit.readers.base import bomless_utf16

    assert bomless_utf16(raw) == encoding


def test_bomless_utf16_looks_at_4096_bytes() -> None:
    from mtaudit.readers.base import bomless_utf16

    # the first 4096 bytes hold 102 NULs on the even side (under 5 % of 2048); one more after them would be too many
    head = bytearray(b"a\0" * 2048)
    for i in range(0, 204, 2):
        head[i] = 0
    assert bomless_utf16(bytes(head) + b"\0") == "utf-16-le"
    assert bomless_utf16(bytes(head) + b"a" * 4096) == "utf-16-le"


@pytest.mark.parametrize(
    ("raw", "declared", "text", "encoding", "note"),
    [
        (b"plain", None, "plain", "utf-8", None),
        ("hi".encode("utf-8-sig"), None, "hi", "utf-8-sig", None),
        (b"\xff\xfeh\x00i\x00", None, "hi", "utf-16", "decoded as UTF-16 (byte-order mark)"),
        (b"\xfe\xff\x00h\x00i", None, "hi", "utf-16", "decoded as UTF-16 (byte-order mark)"),
        ("hi".encode("utf-32"), None, "hi", "utf-32", "decoded as UTF-32 (byte-order mark)"),
        ("héllo".encode("latin-1"), "latin-1", "héllo", "latin-1", "decoded as latin-1 (declared in the file)"),
        (b"hello", "UTF8", "hello", "utf-8", None),
        ("hi there".encode("utf-16-le"), None, "hi there", "utf-16-le", "decoded as UTF-16-LE without a byte-order mark (detected)"),
        ("hi there".encode("utf-16-be"), None, "hi there", "utf-16-be", "decoded as UTF-16-BE without a byte-order mark (detected)"),
        (b"a" * 8192 + b"\0", None, "a" * 8192 + "\0", "utf-8", None),  # a NUL after the first 8192 bytes
        ("Le café est très bon à Paris, mais la crème brûlée coûte cher.\n".encode("cp1252"), None, None, None, "detected, confidence 1.00"),
    ],
)
def test_decode_table(raw: bytes, declared: str | None, text: str | None, encoding: str | None, note: str | None) -> None:
    from mtaudit.readers.base import decode

    decoded = decode(raw, "f.txt", declared)
    if text is None:
        assert decoded.note is not None and note is not None and note in decoded.note and decoded.note.startswith("not UTF-8: decoded as ")
        return
    assert (decoded.text, decoded.encoding, decoded.note) == (text, encoding, note)


@pytest.mark.parametrize(
    ("raw", "declared", "message"),
    [
        (b"  \n\t", None, "f.txt: the file is empty; give a file with the translated text"),
        (b"x", "nonsense-enc", "f.txt: declares the unknown encoding 'nonsense-enc'; fix the declaration or convert the file to UTF-8"),
        (b"\x00\x01\x02\x03\x00\x00\x00", None, "f.txt: looks like a binary file, not text; give a text file in a supported format"),
        (b"a" * 8191 + b"\0", None, "f.txt: looks like a binary file, not text; give a text file in a supported format"),
        (b"\xff\xfe\x00\xd8", None, "f.txt: not valid utf-16 (unexpected end of data); convert it to UTF-8"),
        (bytes(range(128, 256)) * 3 + b"\x01\x02\x03\x04" * 20, None, "f.txt: neither UTF-8 nor any text encoding that could be detected; convert it to UTF-8"),
    ],
)
def test_decode_refusals(raw: bytes, declared: str | None, message: str) -> None:
    from mtaudit.readers.base import decode

    with pytest.raises(InputError) as caught:
        decode(raw, "f.txt", declared)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        ("ab\x01\x02", False), ("ab\x01\x02\x03", True),
        ("a" * 395 + "\x01" * 5, True), ("a" * 396 + "\x01" * 4, False), ("a" * 397 + "\x01" * 3, False),
        ("a" * 495 + "\x01" * 5, False), ("a" * 490 + "\x01" * 5, True),
        ("lines\n\r\t\f" * 50, False), ("with spaces and \x1f" * 2, False), ("x\x1f\x1f\x1f", True),
        ("a" * 4096 + "\x01" * 100, False),
    ],
)
def test_looks_binary_thresholds(text: str, binary: bool) -> None:
    from mtaudit.readers.base import _looks_binary

    assert _looks_binary(text) is binary


@pytest.mark.parametrize(
    ("raw", "kind", "declared"),
    [
        (b'<?xml version="1.0" encoding="ISO-8859-1"?><a/>', "xml", "ISO-8859-1"),
        (b"  <?xml version='1.0' encoding='utf-16'?>", "xml", "utf-16"),
        (b'<a/><?xml version="1.0" encoding="latin-1"?>', "xml", None),
        (b'<html><meta charset="windows-1252"><p>x', "html", "windows-1252"),
        (b"<meta http-equiv=content-type content='text/html; charset=koi8-r'>", "html", "koi8-r"),
        (b" " * 4073 + b'<meta charset="latin-1">', "html", "latin-1"),
        (b" " * 4074 + b'<meta charset="latin-1">', "html", None),
        (b'<meta charset="utf', "html", None),
        (b'<?xml encoding="latin-1"?>', "html", None),
    ],
)
def test_declared_encoding(raw: bytes, kind: str, declared: str | None) -> None:
    from mtaudit.readers.base import declared_encoding

    assert declared_encoding(raw, kind) == declared


def test_po_scan_edges() -> None:
    from mtaudit.readers.base import RunBuilder
    from mtaudit.readers.po import _scan, _unescape

    # a string that ends with a lone backslash keeps it; a msgstr before any msgid opens an entry
    builder = RunBuilder()
    _unescape(builder, '"a\\"', 0)
    assert (builder.text(), list(builder.run_file)) == ("a\\", [1])
    entries = _scan('msgstr "x"\n"y"\n')
    assert [(e.line, {k: v.text() for k, v in e.strings.items()}, e.starts) for e in entries] == [(1, {"msgstr[0]": "xy"}, {"msgstr[0]": 0})]
    assert list(entries[0].strings["msgstr[0]"].run_file) == [8, 12]


def test_po_charset_text_in_a_translation_is_left_alone() -> None:
    from mtaudit.readers.interface import ReadContext
    from mtaudit.readers.po import read_po

    text = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Set it"\nmsgstr "Use charset=latin-1 here"\n'
    (doc,) = read_po("c.po", text.encode("utf-8"), ReadContext(target_lang="en"))
    assert doc.target == "Use charset=latin-1 here"
    assert [text[doc.location.file_offset(i)] for i in range(len(doc.target))] == list(doc.target)  # type: ignore[union-attr]


def test_decoded_is_a_value() -> None:
    from mtaudit.readers.base import decode

    assert len({decode(b"same", "a.txt"), decode(b"same", "b.txt")}) == 1


# ------------------------------------------------------------- bugs the mutants led to (fixed)


def test_source_span_offsets_hold_when_lowercasing_changes_the_length() -> None:
    # "İ".lower() is two code points: offsets taken in the lowered copy pointed one character off
    source = "İstanbul'da 42 kişi öldü."
    assert html.source_span(source, "42 people") == (12, 14)
    assert html.source_span(source, "in Istanbul") == (0, 8)
    assert html.source_pieces(source, [made("42 people", 0, 2)]) == [("İstanbul'da ", False), ("42", True), (" kişi öldü.", False)]


@pytest.mark.parametrize(
    ("padding", "note"),
    [
        (8127, ("decoded as ISO-8859-1 (declared in the file)",)),  # the name and what ends it within the first 8192 bytes
        (8128, ()),  # what ends it is byte 8193: not read
        (8129, ()),  # the name itself crosses the limit: not read (it was read as "ISO-8859-", an unknown encoding)
    ],
)
def test_po_charset_declaration_must_end_within_the_bytes_looked_at(padding: int, note: tuple[str, ...]) -> None:
    from mtaudit.readers.interface import ReadContext
    from mtaudit.readers.po import read_po

    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=ISO-8859-1\\n"\n\nmsgid "Coffee"\nmsgstr "Kaffee"\n'
    raw = ("# " + "x" * padding + "\n" + header).encode("ascii")
    (doc,) = read_po("p.po", raw, ReadContext(target_lang="de"))
    assert (doc.target, doc.location.notes) == ("Kaffee", note)  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["xliff", "tmx"])
def test_large_files_are_read_unit_by_unit_at_their_end(kind: str) -> None:
    """lxml hands out a unit's start event before it has parsed the unit's children when the file
    is longer than its read buffer: a unit must be read at its end event."""
    from mtaudit.readers.interface import ReadContext
    from mtaudit.readers.xml import read_tmx, read_xliff

    sentence = "The council approved the new tram line after a long debate about its cost"
    if kind == "xliff":
        units = "".join(f'<trans-unit id="u{i}"><source>Le conseil {i}</source><target>{sentence} {i}.</target></trans-unit>\n' for i in range(3000))
        text, reader = f'<xliff version="1.2"><file source-language="fr" target-language="en"><body>\n{units}</body></file></xliff>\n', read_xliff
    else:
        units = "".join(f'<tu tuid="u{i}"><tuv xml:lang="fr"><seg>Le conseil {i}</seg></tuv><tuv xml:lang="en"><seg>{sentence} {i}.</seg></tuv></tu>\n' for i in range(3000))
        text, reader = f'<tmx version="1.4"><header srclang="fr"/><body>\n{units}</body></tmx>\n', read_tmx
    read = ReadContext()
    docs = list(reader("big", text.encode("utf-8"), read))
    assert len(text) > 250_000 and read.notes == []
    assert [(d.location.unit, d.target, d.source) for d in docs] == [(f"u{i}", f"{sentence} {i}.", f"Le conseil {i}") for i in range(3000)]  # type: ignore[union-attr]
    assert [d.id for d in docs[:2]] == ["big:2", "big:3"]
