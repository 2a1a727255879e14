"""The HTML report: one self-contained page per document, plus `index.html` for a batch.

Everything the page shows is computed here from the `AuditResult` (highlight chunks, line and
column numbers, counts, rule documentation) so the jinja2 templates in `templates/` only loop and
print. Autoescaping is on; the only data handed to a template as markup are the inline CSS and
JavaScript (our own files); the JSON island goes through jinja2's `|tojson`, which escapes `<`, `>`,
`&` and `'` so no text can close the `<script>` element.

The page fetches nothing: CSS and JavaScript are inline and a Content-Security-Policy forbids
every network request and every script except ours (pinned by its hash).
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import pairwise
from typing import Any

import click
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from mtaudit.errors import OutputError
from mtaudit.formats.text import line_col, line_starts_of
from mtaudit.output import STDOUT, ensure_folder, write_atomic, write_files, write_output
from mtaudit.records import AuditResult, DocumentResult, Finding, Rule, Segment, Settings, Severity

# Highlighting more findings than this in one page makes the browser sluggish. The highlighted
# ones are the most severe and most confident (`highlight_order`), not the first in the text; the
# others stay in the findings list and in the decisions, and a warning says so.
MAX_HIGHLIGHTS = 2000
# Characters of a finding's sentence shown as its context (around the finding when longer): the
# page's script shows up to half of them before the finding and half after it.
MAX_CONTEXT = 400
# Rows of the bilingual view; longer documents show the first ones and a warning.
MAX_SEGMENTS = 3000
# Characters of a finding's text, a suggestion or an evidence value shown before "…".
MAX_SNIPPET = 160

SEVERITIES = ("critical", "major", "minor")
# Category family → underline style, so highlights differ by more than colour.
FAMILY_UNDERLINES = {
    "accuracy": "double",
    "fluency": "wavy",
    "terminology": "dashed",
    "style": "dotted",
    "locale": "overline",
    "artefact": "solid",
}


@dataclass(frozen=True)
class Chunk:
    """A stretch of the target text and the findings (indexes into `doc.findings`) covering it.

    A chunk with no findings is plain text. `starts` are the findings that begin here: the chunk
    carries their anchor and footnote number. An empty `text` marks a zero-length finding.
    """

    text: str
    findings: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()
    severity: str = ""
    family: str = ""

    @property
    def classes(self) -> str:
        names = ["hl", f"sev-{self.severity}", f"fam-{self.family}"]
        if len(self.findings) > 1:
            names.append("overlap")
        if not self.text:
            names.append("zero")
        return " ".join(names)

    @property
    def ids(self) -> str:
        return " ".join(str(i) for i in self.findings)

    @property
    def numbers(self) -> str:
        return ",".join(str(i + 1) for i in self.starts)


@dataclass(frozen=True)
class Shade:
    """A stretch of a bilingual target segment, shaded by language-model surprisal when known."""

    text: str
    level: int = -1  # 0–4, or -1 for text outside any scored token
    bits: float = 0.0
    finding: int = -1  # the index of the finding this piece belongs to, or -1
    severity: str = ""


@dataclass
class SegmentRow:
    """One row of the bilingual view."""

    index: int
    source: str | None
    target: list[Shade]
    backtranslation: str | None
    scores: list[tuple[str, str]]
    findings: list[int] = field(default_factory=list)
    source_marks: list[tuple[str, bool]] = field(default_factory=list)


@dataclass
class FindingView:
    """What the page shows of one finding: the finding plus derived position and labels."""

    index: int
    finding: Finding
    line: int
    column: int
    family: str
    highlighted: bool
    snippet: str
    evidence: list[tuple[str, str]]

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class RuleDoc:
    """A rule's documentation as page sections."""

    id: str
    anchor: str
    category: str
    severity: str
    summary: str
    body: list[Markup]


def family_of(category: str) -> str:
    """'fluency/spelling' → 'fluency'; unknown families fall back to 'artefact'."""
    family = category.split("/", 1)[0]
    return family if family in FAMILY_UNDERLINES else "artefact"


def shorten(text: str, limit: int = MAX_SNIPPET) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rule_anchor(rule_id: str) -> str:
    """An element id for a rule's documentation section: 'rule-' plus the id, made id-safe."""
    return "rule-" + re.sub(r"[^A-Za-z0-9_.-]", "-", rule_id)


def highlighted_indexes(findings: list[Finding], limit: int | None = None) -> set[int]:
    """The indexes of the findings to highlight: all when there are at most `limit` (default
    `MAX_HIGHLIGHTS`), else the `limit` most severe, then most confident, then earliest ones, so a
    long document never hides its critical findings behind thousands of minor ones."""
    limit = MAX_HIGHLIGHTS if limit is None else limit
    if len(findings) <= limit:
        return set(range(len(findings)))
    order = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, -findings[i].confidence, i))
    return set(order[:limit])


def highlight_chunks(text: str, findings: list[Finding], limit: int | None = None) -> list[Chunk]:
    """Split `text` at every finding boundary into chunks, each listing the findings covering it.

    Only the findings `highlighted_indexes` picks are highlighted. Concatenating the chunks' text
    gives back `text` exactly, so overlapping findings never duplicate or lose a character.
    """
    chosen = highlighted_indexes(findings, limit)
    shown = [(i, f) for i, f in enumerate(findings) if i in chosen]
    if not text and not shown:
        return []
    size = len(text)
    starts_at: dict[int, list[int]] = {}
    ends_at: dict[int, list[int]] = {}
    zero_at: dict[int, list[int]] = {}
    for i, finding in shown:
        start = max(0, min(finding.start, size))
        end = max(start, min(finding.end, size))
        if start == end:
            zero_at.setdefault(start, []).append(i)
        else:
            starts_at.setdefault(start, []).append(i)
            ends_at.setdefault(end, []).append(i)
    cuts = sorted({0, size, *starts_at, *ends_at, *zero_at})
    chunks: list[Chunk] = []
    active: set[int] = set()
    for position, cut in enumerate(cuts):
        for i in ends_at.get(cut, ()):
            active.discard(i)
        for i in zero_at.get(cut, ()):
            chunks.append(make_chunk("", (i,), (i,), findings))
        new = starts_at.get(cut, [])
        active.update(new)
        if position + 1 == len(cuts):
            break
        piece = text[cut : cuts[position + 1]]
        if not active:
            chunks.append(Chunk(piece))
        else:
            chunks.append(make_chunk(piece, tuple(sorted(active)), tuple(sorted(new)), findings))
    return chunks


def make_chunk(text: str, covering: tuple[int, ...], starts: tuple[int, ...], findings: list[Finding]) -> Chunk:
    """A highlighted chunk, coloured by its worst finding and underlined by that one's family."""
    top = max(covering, key=lambda i: (findings[i].severity.rank, -i))
    return Chunk(text, covering, starts, findings[top].severity.value, family_of(findings[top].category))


def surprisal_shades(text: str, segment: Segment, ranked: list[float]) -> list[Shade]:
    """The segment's target text cut at its scored tokens, each shaded 0–4 by where its surprisal
    ranks among all the document's tokens (`ranked`, sorted): 4 is the least expected fifth."""
    shades: list[Shade] = []
    position = segment.start
    for start, end, bits in sorted(segment.token_surprisal):
        start, end = max(start, position), min(end, segment.end)
        if start >= end:
            continue
        if start > position:
            shades.append(Shade(text[position:start]))
        level = min(4, 5 * bisect.bisect_left(ranked, bits) // max(1, len(ranked)))
        shades.append(Shade(text[start:end], level, bits))
        position = end
    if position < segment.end:
        shades.append(Shade(text[position : segment.end]))
    return shades


def format_value(value: Any) -> str:
    if isinstance(value, str):
        return shorten(value, 400)
    if isinstance(value, float):
        return f"{value:.3g}"
    return shorten(json.dumps(value, ensure_ascii=False, default=str), 400)


def segment_rows(doc: DocumentResult) -> list[SegmentRow]:
    """Rows for the bilingual view, or none when no segment carries a source or model evidence."""
    segments, limit = doc.segments, MAX_SEGMENTS
    if not any(s.source or s.backtranslation or s.scores or s.token_surprisal for s in segments):
        return []
    text = doc.document.target
    ranked = sorted(bits for s in segments for _, _, bits in s.token_surprisal)
    rows = [
        SegmentRow(
            index=s.index,
            source=s.source,
            target=surprisal_shades(text, s, ranked),
            backtranslation=s.backtranslation,
            scores=[(name, format_value(value)) for name, value in sorted(s.scores.items())],
        )
        for s in segments[:limit]
    ]
    for i, k in enumerate(segment_of_findings(doc)):
        if 0 <= k < len(rows):
            rows[k].findings.append(i)
    for row, s in zip(rows, segments, strict=False):
        row.target = mark_shades(row.target, s.start, [(i, doc.findings[i]) for i in row.findings])
        if row.source:
            row.source_marks = source_pieces(row.source, [doc.findings[i] for i in row.findings])
    return rows


def segment_of_findings(doc: DocumentResult) -> list[int]:
    """For each finding, the position in `doc.segments` of the segment it starts in (or the next
    one it reaches into), or -1."""
    segments = doc.segments
    starts = [s.start for s in segments]
    found = []
    for finding in doc.findings:
        k = bisect.bisect_right(starts, finding.start) - 1
        if k >= 0 and finding.start < segments[k].end:
            found.append(k)
        elif k + 1 < len(segments) and finding.end > segments[k + 1].start:
            found.append(k + 1)
        else:
            found.append(-1)
    return found


def mark_shades(shades: list[Shade], offset: int, findings: list[tuple[int, Finding]]) -> list[Shade]:
    """Cut the shades of a bilingual target cell (which starts at document offset `offset`) at the
    findings' boundaries, and give each piece inside a finding that finding's index and severity."""
    if not findings:
        return shades
    pieces: list[Shade] = []
    position = offset
    for shade in shades:
        end = position + len(shade.text)
        cuts = sorted({position, end, *(max(position, min(end, x)) for _, f in findings for x in (f.start, f.end))})
        for a, b in pairwise(cuts):
            covering = [(i, f) for i, f in findings if f.start < b and f.end > a]
            piece = shade.text[a - position : b - position]
            if covering:
                top = max(covering, key=lambda pair: pair[1].severity.rank)
                pieces.append(Shade(piece, shade.level, shade.bits, top[0], top[1].severity.value))
            else:
                pieces.append(Shade(piece, shade.level, shade.bits))
        position = end
    return pieces


def source_span(source: str, flagged: str) -> tuple[int, int] | None:
    """Where the flagged text's most telling word (a number, a name, the longest word) appears in
    the aligned source sentence, compared case-insensitively; None when no word of it does.
    The search runs on `source` itself: `source.lower()` may be longer ("İ" lowers to two code
    points), and offsets found there would point beside the word."""
    words = sorted(re.findall(r"\w{2,}", flagged), key=lambda w: (not w[0].isdigit(), not w[0].isupper(), -len(w)))
    for word in words:
        match = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", source, re.IGNORECASE)
        if match:
            return match.start(), match.end()
    return None


def source_pieces(source: str, findings: list[Finding]) -> list[tuple[str, bool]]:
    """The source sentence cut into (text, matched) pieces, matched where a finding's word appears."""
    spans = sorted({span for f in findings if (span := source_span(source, f.text))})
    pieces, position = [], 0
    for start, end in spans:  # whole words: distinct spans never overlap
        pieces += [(source[position:start], False), (source[start:end], True)]
        position = end
    pieces.append((source[position:], False))
    return [(text, matched) for text, matched in pieces if text]


def finding_views(doc: DocumentResult) -> list[FindingView]:
    """Every finding with its line, column, family and whether it is highlighted in the article."""
    chosen = highlighted_indexes(doc.findings)
    starts = line_starts_of(doc.document.target)
    views = []
    for i, finding in enumerate(doc.findings):
        line, column = line_col(doc.document.target, finding.start, starts)
        views.append(
            FindingView(
                index=i,
                finding=finding,
                line=line,
                column=column,
                family=family_of(finding.category),
                highlighted=i in chosen,
                snippet=shorten(finding.text, 80),
                evidence=[(str(key), format_value(value)) for key, value in finding.evidence.items()],
            )
        )
    return views


def fingerprint(finding: Finding, text: str) -> str:
    """A finding's identity in a decisions file: the rule id and a hash of the flagged text and up to
    16 characters either side, whitespace folded, so it stays the same when text elsewhere moves
    (and a regenerated report of an edited article keeps the decisions that still apply)."""
    def fold(value: str) -> str:
        return " ".join(value.split())

    before = fold(text[max(0, finding.start - 16) : finding.start])
    after = fold(text[finding.end : finding.end + 16])
    digest = hashlib.sha256("\0".join((finding.rule, before, fold(finding.text), after)).encode("utf-8", "surrogatepass")).hexdigest()
    return f"{finding.rule}:{digest[:16]}"


def finding_data(doc: DocumentResult, views: list[FindingView]) -> list[dict[str, Any]]:
    """What the page's script needs of each finding (cards, list, decisions are built from it)."""
    segment_positions = segment_of_findings(doc)
    text = doc.document.target
    data = []
    for view, k in zip(views, segment_positions, strict=True):
        f = view.finding
        segment = doc.segments[k] if k >= 0 else None
        span = source_span(segment.source, f.text) if segment is not None and segment.source else None
        data.append(
            {
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "severity": f.severity.value,
                "rank": f.severity.rank,
                "category": f.category,
                "family": view.family,
                "rule": f.rule,
                "anchor": rule_anchor(f.rule),
                "message": f.message,
                "suggestions": list(f.suggestions),
                "confidence": round(f.confidence, 3),
                "line": view.line,
                "column": view.column,
                "fp": fingerprint(f, text),
                "hl": view.highlighted,
                "seg": k,
                "srcSpan": list(span) if span else None,
                "evidence": view.evidence,
            }
        )
    return data


def display_name(doc: DocumentResult) -> str:
    """The document's name for headings: its path relative to the working folder (never an
    absolute path on this machine: one outside the working folder shows as its file name)."""
    name = document_name(doc)
    if os.path.isabs(name):
        relative = os.path.relpath(name)
        return os.path.basename(name) if relative.startswith("..") else relative
    return name


def grouped(value: int) -> str:
    """An integer with thousands separators: 1730439 → '1,730,439'."""
    return f"{value:,}"


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+)`")


def doc_paragraphs(doc: str) -> list[Markup]:
    """A rule docstring as paragraphs: `**bold**` and `` `code` `` kept, the items of a "- " list
    on lines of their own, everything else escaped."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", doc.strip()):
        items: list[list[str]] = [[]]
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("- "):
                items.append(["• " + line[2:]])
            else:
                items[-1].append(line)
        lines = [str(escape(" ".join(item))) for item in items if item]
        html = "<br>".join(lines)
        html = _BOLD.sub(r"<strong>\1</strong>", html)
        html = _CODE.sub(r"<code>\1</code>", html)
        paragraphs.append(Markup(html))
    return paragraphs


def rule_docs(rule_ids: Iterable[str]) -> list[RuleDoc]:
    """The documentation of the given rules that the registry knows, sorted by id."""
    from mtaudit.checks import rules

    table = rules()
    docs = []
    for rule_id in sorted(set(rule_ids)):
        rule = table.get(rule_id)
        if rule is None:
            continue
        paragraphs = doc_paragraphs(rule.doc)
        docs.append(RuleDoc(rule.id, rule_anchor(rule.id), rule.category, rule.severity.value, rule.summary, paragraphs[1:]))
    return docs


def generated_at() -> str:
    """Now in UTC, or `SOURCE_DATE_EPOCH` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def score_band(score: float) -> str:
    """'good' from 90 (about one minor error per 100 words or better), 'fair' from 60, else 'poor'."""
    return "good" if score >= 90 else "fair" if score >= 60 else "poor"


def document_name(doc: DocumentResult) -> str:
    return doc.document.path or doc.document.id


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("mtaudit", "formats/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["band"] = score_band
    env.filters["grouped"] = grouped
    return env


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """The text of a static file in the templates folder (CSS or JavaScript), read once."""
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


def page_assets(script_name: str) -> dict[str, Any]:
    """Inline CSS, the script, and a Content-Security-Policy allowing that script only."""
    script = asset(script_name)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; "
        "style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; "
        "img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return {"css": Markup(asset("report.css")), "script": Markup(script), "csp": csp}


def settings_rows(result: AuditResult) -> list[tuple[str, str]]:
    s = result.settings
    rows = [("Checks", ", ".join(s.checks) if s.checks else "none")]
    if s.translator:
        rows.append(("Translator", f"{s.translator}" + (f" ({s.translator_model})" if s.translator_model else "")))
    if s.lm:
        rows.append(("Language model", f"{s.lm}" + (f" ({s.lm_model})" if s.lm_model else "")))
    rows.append(("Offline", "yes" if s.offline else "no"))
    return rows


def content_hash(data: dict[str, Any], version: str) -> str:
    """A hash of what the page shows (text and findings, not the date): the key under which the
    page keeps its decisions in the browser, so a report of other content starts clean."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\0" + version
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def render(doc: DocumentResult, result: AuditResult, *, index_href: str | None = None) -> str:
    """One self-contained HTML page for one document of `result`.

    `index_href` links back to the batch index when the page is part of one.
    """
    findings = doc.findings
    views = finding_views(doc)
    categories = sorted({f.category for f in findings})
    target = doc.document.target
    data: dict[str, Any] = {
        "findings": finding_data(doc, views),
        "segments": [[s.start, s.end, s.source] for s in doc.segments],
        "name": display_name(doc),
        "cap": MAX_HIGHLIGHTS if len(findings) > MAX_HIGHLIGHTS else None,
        # The page reads the target text back from the article, except where the HTML parser
        # would change it (it turns CR LF into LF and drops NUL): then the text travels here.
        "text": target if "\r" in target or "\0" in target else None,
    }
    data["key"] = content_hash({**data, "target": target}, result.version)
    data["context"] = MAX_CONTEXT  # layout, not content: kept out of the key
    shown = sum(1 for v in views if v.highlighted)
    context = {
        "doc": doc,
        "name": display_name(doc),
        "result": result,
        "chunks": highlight_chunks(target, findings),
        "views": views,
        "shown": shown,
        "capped": len(findings) > shown,
        "severities": SEVERITIES,
        "by_severity": doc.counts_by_severity(),
        "by_category": doc.counts_by_category(),
        "categories": categories,
        "families": [(family, style) for family, style in FAMILY_UNDERLINES.items() if any(v.family == family for v in views)],
        "rows": segment_rows(doc),
        "segments_capped": len(doc.segments) > MAX_SEGMENTS,
        "max_segments": MAX_SEGMENTS,
        "has_suggestions": any(f.suggestions for f in findings),
        "rules": rule_docs({f.rule for f in findings}),
        "other_rules": rule_docs(set(result.settings.checks) - {f.rule for f in findings}),
        "rule_anchor": rule_anchor,
        "settings": settings_rows(result),
        "generated": generated_at(),
        "index_href": index_href,
        "data": data,
        **page_assets("report.js"),
    }
    return environment().get_template("report.html.j2").render(context)


def histogram(scores: list[float], bins: int = 10) -> list[dict[str, Any]]:
    """Counts of scores in `bins` equal bins over 0–100 (100 falls in the last), with bar heights in %."""
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score * bins // 100)))] += 1
    top = max(counts) or 1
    width = 100 // bins
    return [
        {"low": i * width, "high": (i + 1) * width, "count": c, "height": round(100 * c / top), "band": score_band(i * width + width / 2)}
        for i, c in enumerate(counts)
    ]


def gate_passes(doc: DocumentResult) -> bool:
    """The verdict of `mtaudit check` with its defaults (`--fail-on major`, no `--min-score`):
    a document passes when it has no major or critical finding."""
    return all(f.severity.rank < Severity.MAJOR.rank for f in doc.findings)


def rule_totals(result: AuditResult) -> list[dict[str, Any]]:
    """Per rule across the batch: findings, documents with at least one, and the worst severity;
    most findings first."""
    index = IndexParts()
    for doc in result.documents:
        index.add_totals(doc)
    return index.sorted_totals()


@dataclass(frozen=True)
class IndexDocument:
    """What the batch index shows of a document besides its counts: its languages and scores."""

    source_lang: str | None
    target_lang: str
    score: float
    mqm: float


@dataclass
class IndexParts:
    """What the batch index is made of, gathered one document at a time (`add`): a row per
    document (a few numbers and its worst finding, not the document), the totals per rule, the
    scores and the words. `render_index` gathers them from a whole result, `HtmlStream` as a run
    goes."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    totals: dict[str, dict[str, Any]] = field(default_factory=dict)
    scores: list[float] = field(default_factory=list)
    words: int = 0

    def add(self, doc: DocumentResult, page: str) -> None:
        self.rows.append(
            {
                "doc": IndexDocument(doc.source_lang, doc.target_lang, doc.score, doc.mqm),
                "name": display_name(doc),
                "href": page,
                "counts": doc.counts_by_severity(),
                "worst": doc.worst(),
                "passes": gate_passes(doc),
            }
        )
        self.add_totals(doc)
        self.scores.append(doc.score)
        self.words += doc.words

    def add_totals(self, doc: DocumentResult) -> None:
        totals = self.totals
        for rule in {f.rule for f in doc.findings}:
            totals.setdefault(rule, {"rule": rule, "anchor": rule_anchor(rule), "findings": 0, "documents": 0, "rank": 0, "severity": ""})["documents"] += 1
        for f in doc.findings:
            entry = totals[f.rule]
            entry["findings"] += 1
            if f.severity.rank > entry["rank"]:
                entry["rank"], entry["severity"] = f.severity.rank, f.severity.value

    def sorted_totals(self) -> list[dict[str, Any]]:
        return sorted(self.totals.values(), key=lambda e: (-e["findings"], e["rule"]))

    def render(self, result: AuditResult) -> str:
        """The index page; `result` gives the settings, the version and the errors (its documents
        are not read)."""
        scores = self.scores
        context = {
            "result": result,
            "rows": self.rows,
            "failed": sum(1 for row in self.rows if not row["passes"]),
            "totals": self.sorted_totals(),
            "histogram": histogram(scores),
            "mean": sum(scores) / len(scores) if scores else None,
            "words": self.words,
            "severities": SEVERITIES,
            "settings": settings_rows(result),
            "generated": generated_at(),
            "shorten": shorten,
            **page_assets("report.js"),
        }
        return environment().get_template("index.html.j2").render(context)


def render_index(result: AuditResult, pages: list[str]) -> str:
    """The batch index: one row per document linking to its page with its gate verdict, totals per
    rule, and a histogram of scores."""
    index = IndexParts()
    for doc, page in zip(result.documents, pages, strict=True):
        index.add(doc, page)
    return index.render(result)


def safe_filename(doc_id: str, taken: set[str]) -> str:
    """A file name for a document's page: its id with unsafe characters replaced, unique in `taken`."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", doc_id).strip("._-")[:100] or "document"
    if base.lower().endswith((".txt", ".jsonl", ".json", ".md")):
        base = base.rsplit(".", 1)[0]
    name, number = base, 1
    while f"{name}.html".lower() in taken or name.lower() == "index":
        number += 1
        name = f"{base}-{number}"
    taken.add(f"{name}.html".lower())
    return f"{name}.html"


class HtmlStream:
    """The HTML report written as a run goes (`mtaudit.formats.stream`; `start` receives the run's
    settings before the first document): one document and an `output` ending in `.html` is that
    one page, written at the end; otherwise `output` is a folder that receives each document's
    page as it is finished (each written atomically) and `index.html` at the end (`IndexParts`
    keeps a few numbers per document for it, not the documents). `output` None or `-` is
    standard output, for one document only. `announce` is told every path written. The pages are
    the bytes of `render` and `render_index` of the whole result."""

    def __init__(self, output: str | None, *, version: str, mkdir: bool = False, announce: Callable[[str], None] | None = None) -> None:
        self.output = output
        self.mkdir = mkdir
        self.announce = announce or (lambda path: None)
        self.header = AuditResult([], Settings(checks=()), version)
        self.first: DocumentResult | None = None  # the first document, until a second one comes
        self.count = 0
        self.taken: set[str] = {"index.html"}
        self.index = IndexParts()

    def start(self, settings: Settings, rules: tuple[Rule, ...]) -> None:
        self.header = AuditResult([], settings, self.header.version, rules=rules)

    def document(self, doc: DocumentResult) -> None:
        self.count += 1
        if self.count == 1:
            self.first = doc
            return
        if self.output is None or self.output == STDOUT:
            raise OutputError("HTML for several documents needs -o FOLDER")
        if self.first is not None:
            self._page(self.first)
            self.first = None
        self._page(doc)

    def _page(self, doc: DocumentResult) -> None:
        assert self.output is not None
        name = safe_filename(doc.document.id, self.taken)
        for path in write_files(self.output, [(name, render(doc, self.header, index_href="index.html"))], mkdir=self.mkdir):
            self.announce(path)
        self.index.add(doc, name)

    def finish(self, end: AuditResult) -> None:
        """The single page, or the index of the folder; `end` gives the run's settings, version
        and errors. Each file written is announced (`announce`); like every stream's `finish`, it
        returns nothing."""
        output = self.output
        if output is None or output == STDOUT:
            if self.first is None:
                raise OutputError("HTML for several documents needs -o FOLDER")
            write_output(STDOUT, render(self.first, end))
            return
        if self.first is not None and output.lower().endswith(".html"):
            folder = os.path.dirname(os.path.abspath(output))
            ensure_folder(os.path.dirname(folder), self.mkdir, output=output)
            ensure_folder(folder, mkdir=True, output=output)
            write_output(output, render(self.first, end), mkdir=self.mkdir)
            self.announce(output)
            return
        if self.first is not None:
            self._page(self.first)
            self.first = None
        written = write_files(output, [("index.html", self.index.render(end))], mkdir=self.mkdir)
        for path in written:
            self.announce(path)


def write_report(result: AuditResult, output: str) -> list[str]:
    """Write the HTML report of `result` to `output`; returns the paths written.

    One document and an `output` ending in `.html`: that one page. Otherwise `output` is a folder
    (created when missing) that receives one page per document and `index.html`. Each page is
    written atomically; a path that cannot be written raises `OutputError`.
    """
    if len(result.documents) == 1 and output.lower().endswith(".html"):
        write_atomic(output, render(result.documents[0], result))
        return [output]
    try:
        os.makedirs(output, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{output}: cannot create the report folder ({exc.strerror}); choose another output path") from exc
    if not os.path.isdir(output):
        raise OutputError(f"{output}: not a folder; several documents need -o FOLDER")
    taken: set[str] = {"index.html"}
    pages = [safe_filename(doc.document.id, taken) for doc in result.documents]
    written = []
    for doc, page in zip(result.documents, pages, strict=True):
        path = os.path.join(output, page)
        write_atomic(path, render(doc, result, index_href="index.html"))
        written.append(path)
    index = os.path.join(output, "index.html")
    write_atomic(index, render_index(result, pages))
    written.append(index)
    return written


def write(result: AuditResult, output: str | None) -> list[str]:
    """The format table's entry point: the page of a single document on standard output when
    `output` is None, else `write_report`."""
    if output is None:
        if len(result.documents) != 1:
            raise OutputError("HTML for several documents needs -o FOLDER")
        click.echo(render(result.documents[0], result), nl=False)
        return []
    return write_report(result, output)
