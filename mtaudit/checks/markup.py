"""Metadata and markup debris: what a scraper or a CMS left in the text it sent to translation."""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import regex

from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.records import Finding, Severity

# A date or time stamp: ISO dates, numeric dates, times.
_STAMP = r"(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?)"
# One or two short label words before the stamp ("date", "Published on", "Mis à jour le").
_METADATA_LINE = re.compile(rf"^[ \t]*(?:[^\W\d_][\w'’]{{0,15}}(?:[ \t]+[^\W\d_][\w'’]{{0,10}}){{0,3}}[ \t]*(?:[:|-][ \t]*)?)?{_STAMP}(?:[ \t]*(?:[|,;-][ \t]*)?{_STAMP})*[ \t]*[|:-]?", re.M)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_PLACEHOLDER = re.compile(r"\{\{\s*[\w.\- ]+\s*\}\}|\$\{[\w.]+\}|%\([\w]+\)[sd]|\{[0-9]+\}|(?<![\w%])%[sd](?!\w)|\[\[[\w\- ]+\]\]|__[A-Z][A-Z0-9_]+__")
# An asterisk glued to the start of a word, as rule-based engines (Apertium) mark a word they did
# not know and copied: "*TimeWarner", "*pèlerinage", "$639*m". Not "**bold**", "*emphasis*", "a*b".
_UNKNOWN_MARK = regex.compile(r"(?<![\p{L}\p{M}_*\\])\*(\p{L}[\p{L}\p{M}\p{N}]*(?:['’-][\p{L}\p{M}\p{N}]+)*)(?![\w*])")
_CLOSING_ASTERISK = regex.compile(r"\S\*(?!\w)")
_URL = re.compile(r"https?://[^\s<>\"'”’)\]]+")
TRACKING_PARAMETERS = re.compile(r"^(?:utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref_src|ref_url|cmpid|ocid)$", re.I)
# Cross-link labels that news sites insert between paragraphs, by language.
CROSS_LINK_LABELS = {
    "en": ("read also", "read more", "see also", "related", "related article", "related articles", "more on this story", "recommended"),
    "fr": ("lire aussi", "à lire aussi", "lire également", "voir aussi", "à voir aussi", "sur le même sujet", "en savoir plus"),
    "de": ("lesen sie auch", "lesen sie mehr", "siehe auch", "mehr zum thema", "auch interessant"),
    "es": ("lea también", "leer también", "lee también", "ver también", "te puede interesar", "más información"),
    "it": ("leggi anche", "vedi anche", "potrebbe interessarti"),
    "pt": ("leia também", "leia mais", "veja também", "saiba mais"),
}


@check(
    "markup.metadata",
    "artefact/markup",
    Severity.MAJOR,
    examples=(
        fires(" date 2022-02-20 Macron's office said the talks would go on.", "date 2022-02-20 ", ""),
        passes("Macron's office said on 2022-02-20 the talks would go on.", "a date inside a sentence is content"),
    ),
)
def metadata(ctx: CheckContext) -> Iterator[Finding]:
    """Date, byline or time stamp glued to the text.

    **What it catches.** A metadata field from the page the text was taken from, left at the start
    of a line and run into the first sentence: "date 2022-02-20 Macron's office also said…",
    "Published 12/03/2021 10:45 The minister…".

    **Why it matters.** It is not part of the article; published as is, it looks broken.

    **How it decides.** At the start of a line: an optional label of one to four short words,
    then a date or time stamp (ISO, numeric, or clock time), then the running text. Dates inside
    sentences ("on 2022-02-20 the office…") are left alone.

    **Suggestion.** Remove the metadata.
    """
    for match in _METADATA_LINE.finditer(ctx.text) if re.search(r"\d", ctx.text) else ():  # (every stamp has a digit; most texts none)
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        end = match.end()
        rest = ctx.text[end : end + 200].lstrip(" \t")
        if not rest or not (rest[0].isupper() or rest[0] in "“\"«"):  # a line break is neither
            continue
        while end < len(ctx.text) and ctx.text[end] in " \t":
            end += 1
        yield ctx.finding(
            metadata.rule,
            start,
            end,
            "Metadata (a date or time stamp) is glued to the start of the text.",
            [""],
            confidence=0.85,
            evidence={"label": match.group().strip()},
        )


@check(
    "markup.html",
    "artefact/markup",
    Severity.MAJOR,
    examples=(
        fires("Profits rose&nbsp;5% last year.", "&nbsp;", " "),
        passes("Profits rose 5% at AT&T last year.", "a bare ampersand in a name is no entity"),
    ),
)
def html_debris(ctx: CheckContext) -> Iterator[Finding]:
    """Leftover HTML tag or entity.

    **What it catches.** Markup that survived into the text: "<br>", "</p>", "<a href=…>",
    "&amp;", "&nbsp;", "&#39;".

    **Why it matters.** Readers see code in the article.

    **How it decides.** Well-formed tags and character entities. Markdown files may use HTML on
    purpose; review before removing there.

    **Suggestion.** Remove a tag; replace an entity by the character it stands for.
    """
    for match in _TAG.finditer(ctx.text) if "<" in ctx.text else ():
        yield ctx.finding(html_debris.rule, match.start(), match.end(), "Leftover HTML tag.", [""], confidence=0.9)
    for match in _ENTITY.finditer(ctx.text) if "&" in ctx.text else ():
        decoded = html.unescape(match.group())
        if decoded == match.group():
            continue
        replacement = " " if decoded == "\xa0" else decoded
        yield ctx.finding(html_debris.rule, match.start(), match.end(), f"Leftover HTML entity for “{replacement}”.", [replacement], confidence=0.9)


@check(
    "markup.placeholder",
    "artefact/markup",
    Severity.CRITICAL,
    examples=(
        fires("Dear {{name}}, your order has shipped.", "{{name}}"),
        passes("Dear customer, your order {has} shipped.", "single braces around a word are no template variable"),
    ),
)
def placeholder(ctx: CheckContext) -> Iterator[Finding]:
    """Unfilled template placeholder.

    **What it catches.** A variable of a template that was never filled: "{{name}}", "${city}",
    "%(count)s", "%s", "{0}", "__TITLE__".

    **Why it matters.** The published text shows a hole where information should be.

    **How it decides.** The placeholder syntaxes of common template engines and format strings.

    **Suggestion.** None: the value has to come from the source system.
    """
    for match in _PLACEHOLDER.finditer(ctx.text) if any(mark in ctx.text for mark in ("{", "%", "[[", "__")) else ():  # (one in every placeholder)
        yield ctx.finding(placeholder.rule, match.start(), match.end(), "Unfilled template placeholder.", confidence=0.8)


@check(
    "markup.unknown-word-mark",
    "artefact/markup",
    Severity.MAJOR,
    examples=(
        fires("Quarterly profits at *TimeWarner jumped.", "*TimeWarner", "TimeWarner"),
        passes("Quarterly profits at *TimeWarner* jumped.", "a closed pair of asterisks is emphasis"),
    ),
)
def unknown_word_mark(ctx: CheckContext) -> Iterator[Finding]:
    """Word marked unknown by the translation engine.

    **What it catches.** An asterisk glued to the front of a word: "*TimeWarner said", "la
    *pèlerinage". Rule-based engines such as Apertium mark this way a word missing from their
    dictionaries, which they copied from the source untranslated.

    **Why it matters.** The asterisk shows in the published text, and the word behind it was not
    translated: a name is fine once unmarked, a common word still needs translating.

    **How it decides.** An asterisk directly before a letter, with no letter or asterisk before
    it ("$639*m" is marked too) and none right after the word: Markdown's "*emphasis*" and "**bold**", footnote
    marks ("word*") and list bullets ("* item") are left alone.

    **Suggestion.** For a capitalised word (a name, most likely) the word without the asterisk;
    for a common word none: it needs a translation.
    """
    text = ctx.text
    closing = [m.end() for m in _CLOSING_ASTERISK.finditer(text)] if "*" in text else []  # where an asterisk closes emphasis
    line_ends = [m.start() for m in re.finditer("\n", text)] + [len(text)]
    for match in _UNKNOWN_MARK.finditer(text) if "*" in text else ():  # (most texts have no asterisk)
        line_end = line_ends[bisect.bisect_left(line_ends, match.end())]
        after = bisect.bisect_right(closing, match.end())
        if after < len(closing) and closing[after] <= line_end:
            continue  # "*two words*": emphasis closed later on the line
        word = match.group(1)
        if word[:1].isupper() or word.isupper():
            message, suggestions = f"The translation engine marked “{word}” as unknown and copied it: fine for a name, once unmarked.", [word]
        else:
            message, suggestions = f"The translation engine did not know “{word}” and left it untranslated.", []
        yield ctx.finding(unknown_word_mark.rule, match.start(), match.end(), message, suggestions, confidence=0.9)


@functools.cache
def _cross_link_pattern() -> re.Pattern[str]:
    """A cross-link label of any language at the start of a line or sentence, with what follows
    it; built once per process (it joins every label of `CROSS_LINK_LABELS`)."""
    labels = sorted({label for group in CROSS_LINK_LABELS.values() for label in group}, key=len, reverse=True)
    return re.compile(r"(?:^|(?<=[.!?»”\"]\s)|(?<=\n))[ \t]*(?:" + "|".join(re.escape(label) for label in labels) + r")\b\s*(?:[:>|\-–—]\s*|(?=[A-ZÀ-Ý«“\"]))", re.I | re.M)


@check(
    "markup.cross-link",
    "artefact/markup",
    Severity.MAJOR,
    examples=(
        fires("The minister spoke. Read also: Talks resume in Geneva The meeting ended.", "Read also: Talks resume in Geneva The meeting ended.", ""),
        passes("The minister said he would read also the reports.", "the label inside a sentence is prose"),
    ),
)
def cross_link(ctx: CheckContext) -> Iterator[Finding]:
    """"Read also" cross-link left in the text.

    **What it catches.** The label of a related-article link that news sites insert between
    paragraphs ("Read also", "Lire aussi", "Lesen Sie auch", "Lea también"), with the linked
    headline, left in the running text — in the target language or untranslated.

    **Why it matters.** The headline of another article lands in the middle of this one.

    **How it decides.** The label, in any of the languages known to the check, at the start of a
    line or sentence and followed by a colon, a dash or a capitalised headline.

    **Suggestion.** Remove the label and the linked headline (up to the end of the line or the next label).
    """
    found = list(_cross_link_pattern().finditer(ctx.text))
    if not found:
        return
    stops = [m.start() for m in re.finditer(r"\.", ctx.text)]  # full stops and line breaks: found once, not per label
    breaks = [m.start() for m in re.finditer("\n", ctx.text)] + [len(ctx.text)]
    for match, following in zip(found, [*found[1:], None], strict=False):
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        end = min(breaks[bisect.bisect_left(breaks, match.end())], following.start() if following else len(ctx.text))  # up to the next label at most
        end = match.end() if bisect.bisect_left(stops, end) - bisect.bisect_left(stops, match.end()) > 1 else end  # a paragraph follows: the label only
        trimmed = start + len(ctx.text[start:end].rstrip())
        end = trimmed if trimmed > start else match.end()
        yield ctx.finding(cross_link.rule, start, end, "A “read also” cross-link was left in the text.", [""], confidence=0.8)


@check(
    "markup.tracking-url",
    "artefact/markup",
    Severity.MINOR,
    examples=(
        fires("See https://example.org/a?utm_source=x&id=3 for details.", "https://example.org/a?utm_source=x&id=3", "https://example.org/a?id=3"),
        passes("See https://example.org/a?id=3 for details.", "no tracking parameter"),
    ),
)
def tracking_url(ctx: CheckContext) -> Iterator[Finding]:
    """URL with tracking parameters.

    **What it catches.** A link that carries campaign or click tracking: "utm_source", "fbclid",
    "gclid" and similar.

    **Why it matters.** It leaks where the text came from and who clicked; editors remove it.

    **How it decides.** Query parameters with well-known tracking names.

    **Suggestion.** The same URL without the tracking parameters.
    """
    for match in _URL.finditer(ctx.text) if "://" in ctx.text else ():
        url = match.group().rstrip(".,;:!?")
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True)
        kept = [(k, v) for k, v in query if not TRACKING_PARAMETERS.match(k)]
        if len(kept) == len(query):
            continue
        clean = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))
        yield ctx.finding(tracking_url.rule, match.start(), match.start() + len(url), "The URL carries tracking parameters.", [clean], confidence=0.9)


CHECKS = (metadata, html_debris, placeholder, unknown_word_mark, cross_link, tracking_url)
