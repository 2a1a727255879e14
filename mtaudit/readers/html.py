"""HTML articles: the prose of the page, with every character mapped back to the HTML source.

What is read: the headline, standfirst, paragraphs, list items, quotes, captions and table cells,
inside `<article>` or `<main>` when the page has one (else the whole `<body>`), and an `<h1>`
headline outside it (CMSs often put it above the article). What is not:
navigation, page header and footer (a `<header>` inside the article, holding its headline, is
read), asides, forms, scripts, styles, templates, `<pre>` blocks, comments, and anything `hidden`.
Inline elements (links, emphasis, `<code>`) stay part of their sentence, as a reader sees them.
Entities are decoded, so markup that is *visible* in the page (`&lt;b&gt;`, a literal
`&amp;nbsp;`) reaches the checks as text and is flagged; real tags never do. Whitespace is
collapsed as a browser does; block elements separate paragraphs with a blank line.

The parser is the standard library's `html.parser`: it reports the source position of every tag,
text run and entity, which the offset map needs and which selectolax and lxml do not expose.
The encoding is a byte-order mark, else the page's `<meta charset>`, else UTF-8 or a detected one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from mtaudit.errors import InputError
from mtaudit.readers.base import Locator, RunBuilder, declared_encoding, decode
from mtaudit.readers.interface import ReadContext, Reader
from mtaudit.readers.langs import lang_code
from mtaudit.records import Document
from mtaudit.segment import line_starts as line_starts_of

SKIP = frozenset({"script", "style", "noscript", "template", "nav", "aside", "form", "button", "select", "textarea", "svg", "math", "iframe", "object", "head", "pre", "dialog", "menu"})
# Skipped outside the article only: inside it, a <header> holds the headline and standfirst.
PAGE_CHROME = frozenset({"header", "footer"})
BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "figure", "figcaption", "caption",
     "table", "tr", "td", "th", "thead", "tbody", "section", "article", "main", "header", "footer", "br", "hr", "body", "address", "details", "summary"}
)
SCOPES = frozenset({"article", "main"})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed", "param", "track"})
_SCOPE_TAG = re.compile(r"<(?:article|main)[\s>]", re.I)
_SPACE = re.compile(r"[ \t\n\r\f]+")


class _ProseParser(HTMLParser):
    """Collects prose paragraphs as (text, file offset, verbatim?) pieces."""

    def __init__(self, text: str, scoped: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.line_starts = line_starts_of(text)
        self.scoped = scoped
        self.scope_depth = 0
        self.headline_depth = 0  # inside an <h1>: the headline, which CMSs often put above <article>
        self.skipping: list[str] = []  # names of the open elements being skipped, outermost first
        self.paragraphs: list[list[tuple[str, int, bool]]] = [[]]
        self.lang: str | None = None

    def position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def in_prose(self) -> bool:
        return not self.skipping and (self.scope_depth > 0 or not self.scoped or self.headline_depth > 0)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or self.lang
        if tag in BLOCKS:
            self.paragraphs.append([])
        if tag in VOID:
            return
        if tag == "body" and self.skipping[:1] == ["head"]:
            self.skipping.clear()  # a <head> closed implicitly, as browsers do
        if self.skipping:
            if tag == self.skipping[0]:
                self.skipping.append(tag)
            return
        names = dict(attrs)
        chrome = tag in PAGE_CHROME and self.scope_depth == 0
        if tag in SKIP or chrome or "hidden" in names or names.get("aria-hidden") == "true":
            self.skipping.append(tag)
        elif tag in SCOPES:
            self.scope_depth += 1
        elif tag == "h1":
            self.headline_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self.paragraphs.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self.paragraphs.append([])
        if self.skipping:
            if tag == self.skipping[0]:
                self.skipping.pop()
            return
        if tag in SCOPES and self.scope_depth:
            self.scope_depth -= 1
        if tag == "h1" and self.headline_depth:
            self.headline_depth -= 1

    def handle_data(self, data: str) -> None:
        if self.in_prose():
            self.paragraphs[-1].append((data, self.position(), True))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name}")

    def _reference(self, opening: str) -> None:
        if not self.in_prose():
            return
        start = self.position()
        raw = opening + ";" if self.source.startswith(opening + ";", start) else opening
        decoded = html.unescape(raw)
        self.paragraphs[-1].append((decoded, start, decoded == raw))


def extract(text: str) -> tuple[RunBuilder, str | None]:
    """The prose of an HTML page and its `<html lang>`."""
    parser = _ProseParser(text, scoped=bool(_SCOPE_TAG.search(text)))
    parser.feed(text)
    parser.close()
    builder = RunBuilder()
    for pieces in parser.paragraphs:
        _add_paragraph(builder, pieces)
    return builder, parser.lang


def _add_paragraph(builder: RunBuilder, pieces: list[tuple[str, int, bool]]) -> None:
    """Append one paragraph, whitespace collapsed and trimmed, after a blank line."""
    words: list[tuple[str, int, bool]] = []  # non-space pieces and single collapsed spaces
    for text, offset, verbatim in pieces:
        if not verbatim:
            words.append((text, offset, False))
            continue
        position = 0
        for match in _SPACE.finditer(text):
            if match.start() > position:
                words.append((text[position : match.start()], offset + position, True))
            words.append((" ", offset + match.start(), match.group() == " "))
            position = match.end()
        if position < len(text):
            words.append((text[position:], offset + position, True))
    # trim, and collapse runs of spaces that came from several pieces
    first = next((i for i, word in enumerate(words) if word[0] != " "), len(words))
    last = next((i for i in range(len(words) - 1, -1, -1) if words[i][0] != " "), -1)
    words = words[first : last + 1]
    if not words:
        return
    if builder.length:
        builder.add_synthetic("\n\n", words[0][1])
    previous_space = False
    for text, offset, verbatim in words:
        if text == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        if verbatim:
            builder.add(text, offset)
        else:
            builder.add_synthetic(text, offset)


def read_html(path: str, raw: bytes, context: ReadContext) -> Iterator[Document]:
    """An HTML page: one document, its article prose."""
    name = "<stdin>" if path == "-" else path
    decoded = decode(raw, name, declared_encoding(raw, "html"))
    builder, lang = extract(decoded.text)
    target = builder.text()
    if not target.strip():
        raise InputError(f"{name}: no article prose found in this HTML page (only navigation, scripts or markup); give the article")
    notes = (decoded.note,) if decoded.note else ()
    for note in notes:
        context.notes.append(f"{name}: {note}")
    yield Document(
        id=name,
        target=target,
        path=None if path == "-" else path,
        source_lang=context.source_lang,
        target_lang=context.target_lang or lang_code(lang),
        location=Locator("html", line_starts_of(decoded.text), builder.run_text, builder.run_file, notes=notes),
    )


def _sniff(head: bytes) -> bool:
    start = head.lstrip()[:200].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start


HTML = Reader("html", (".html", ".htm", ".xhtml"), read_html, _sniff, "HTML article (prose only)")
