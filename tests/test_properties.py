"""Property-based tests over arbitrary Unicode (issue 15, "Arbitrary text"): whatever the target
text holds — combining marks, emoji with ZWJ, RTL letters and bidi controls, zero-width characters,
CR LF and lone CR, NUL, lone surrogates as `surrogateescape` makes them — every finding points at
exactly its text, the JSON report is valid and reads back as the result, and the HTML page
escapes everything. Examples are bounded (`max_examples`) so the suite stays fast; hypothesis
keeps the failing examples it finds in `.hypothesis/` and replays them first.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtaudit.formats import html as html_format
from mtaudit.formats import json as json_format
from mtaudit.lexicon import dictionary_path
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import AuditResult, Document
from tests.conftest import ROOT

# Real sentences with the artefacts the checks look for, so that findings occur.
SENTENCES = [
    "The minister resigned on monday.",
    "She wrote on twitter He told reporters the talks had failed.",
    "Mr. Zelensky spoke with Mr Macron , who said  it was “urgent.",
    "The the report was published in in March.",
    "Le gouvernement a annoncé une réforme.",
    "It costs 1000000 euros (about $1.2 million.",
    "See <b>the report</b> at https://example.com/a?utm_source=x {0} %s.",
]
# The characters that break naive offset arithmetic or escaping.
AWKWARD = [
    "e\u0301", "\u0915\u094d\u0937", "👩\u200d💻", "🇫🇷", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u202e", "\u2066", "\u200f", "\u200b", "\u200d", "\ufeff", "\r\n", "\r", "\n\n", "\x00", "\t",
    "\udc80", "\udcff", "<script>alert(1)</script>", "</script><mtx-tag onerror=alert(1)>", "&amp;", "\"'", "{{ x }}",
]
HOSTILE_TAG = "mtx-tag"

pieces = st.one_of(
    st.sampled_from(SENTENCES),
    st.sampled_from(AWKWARD),
    st.text(st.characters(codec=None, exclude_categories=("Cs",)), max_size=12),
    st.text(st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), min_size=1, max_size=2),  # surrogateescape
)
texts = st.lists(pieces, min_size=1, max_size=8).map(lambda parts: " ".join(parts))
PROPERTY_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def audit_one(target: str, source: str | None = None) -> AuditResult:
    document = Document(id="p", target=target, source=source, target_lang="en", source_lang="fr" if source else None)
    return audit([document], AuditOptions())


@PROPERTY_SETTINGS
@given(texts)
def test_every_finding_points_at_its_text(target: str) -> None:
    doc = audit_one(target).documents[0]
    for finding in doc.findings:
        assert 0 <= finding.start <= finding.end <= len(target), finding
        assert target[finding.start : finding.end] == finding.text, finding
    for segment in doc.segments:
        assert 0 <= segment.start <= segment.end <= len(target)


@PROPERTY_SETTINGS
@given(texts, st.one_of(st.none(), texts))
def test_the_json_report_is_valid_and_reads_back(target: str, source: str | None) -> None:
    result = audit_one(target, source)
    report = json_format.render(result)
    assert report.endswith("}\n")
    assert json.loads(report) == json.loads(json.dumps(result.to_dict()))
    read_back = json.loads(report)["documents"][0]
    for finding in read_back["findings"]:
        assert target[finding["start"] : finding["end"]] == finding["text"]


class PageParser(HTMLParser):
    """Collects the elements of a page, the attributes they carry and the text of each script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parsed(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    return parser


TEMPLATES = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "mtaudit" / "formats" / "templates").glob("*.j2")).lower()
PLAIN_PAGE = parsed(html_format.render(audit_one("The minister resigned on Monday.").documents[0], audit_one("The minister resigned on Monday.")))


@PROPERTY_SETTINGS
@given(texts)
def test_the_html_page_escapes_everything(target: str) -> None:
    result = audit_one(target)
    page = parsed(html_format.render(result.documents[0], result))
    # No element, attribute or script came from the text: the page has the template's own only.
    assert HOSTILE_TAG not in page.tags and "onerror" not in page.attributes
    assert page.tags.count("script") == PLAIN_PAGE.tags.count("script")
    assert all(f"{name}=" in TEMPLATES or f" {name}" in TEMPLATES for name in page.attributes), set(page.attributes)  # names as the parser lower-cases them
    # The JSON island holds no raw '<' (so nothing can close it) and parses back.
    islands = [text for attrs, text in page.scripts if attrs.get("type") == "application/json"]
    assert len(islands) == 1 and "<" not in islands[0]
    data = json.loads(islands[0])
    assert data["text"] in (None, target)
    assert [[s.start, s.end] for s in result.documents[0].segments] == [row[:2] for row in data["segments"]]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES + AWKWARD), max_size=5).map("".join))
def test_the_streamed_json_is_the_same_bytes(target: str) -> None:
    """`render_chunks` (one document at a time, for streaming) writes what `render` writes."""
    result = audit([Document(id="a", target=target or "Empty.", target_lang="en"), Document(id="b", target="The the end.", target_lang="en")], AuditOptions())
    report = result.to_dict()
    documents = report.pop("documents")
    streamed = "".join(json_format.render_chunks(report, iter(documents)))
    assert streamed == json_format.render(result)
    assert json.loads(streamed) == json.loads(json.dumps(result.to_dict()))
    if not any("\ud800" <= char <= "\udfff" for char in target):  # lone surrogates are escaped
        assert streamed == json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


# Crashes the properties above found, kept as plain regression tests.


def test_lone_surrogates_are_segmented_and_rendered() -> None:
    """Lone surrogates (bytes decoded with `surrogateescape`) crashed the sentence segmenter,
    which encodes its input, and the HTML page's fingerprints."""
    target = "The minister resigned on monday.\udc80 She left."
    result = audit_one(target)
    doc = result.documents[0]
    assert [target[s.start : s.end] for s in doc.segments] == ["The minister resigned on monday.", "\udc80 She left."]
    if dictionary_path("en") is not None:  # "Monday" is a name by the Hunspell dictionary; without one, nothing is said
        assert [f.text for f in doc.findings if f.rule == "case.lowercase-name"] == ["monday"]
    assert "\udc80" in html_format.render(doc, result)


def test_letters_newer_than_pythons_unicode_make_no_empty_finding() -> None:
    """U+31350 is a Han letter to `regex` but not to `str.isalpha` (Unicode 14): the script check
    trimmed the run to nothing and raised on the empty span."""
    assert audit_one("A\U00031350 is a rare character.").documents[0].findings == []
