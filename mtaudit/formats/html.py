"""The HTML report: one self-contained page per document, plus `index.html` for a batch.

Everything the page shows is computed here from the `AuditResult` (highlight chunks, line and
column numbers, counts, rule documentation) so the jinja2 templates in `templates/` only loop and
print. Autoescaping is on; the only data handed to a template as markup are the inline CSS and
JavaScript (our own files) and the JSON island, which `json_for_script` makes safe to embed.

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

import click
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from mtaudit.errors import OutputError
from mtaudit.formats.text import line_col, line_starts_of
from mtaudit.output import write_atomic
from mtaudit.records import AuditResult, DocumentResult, Finding, Segment

# Highlighting more findings than this in one page makes the browser sluggish; the rest are
# counted in the header and a warning says so (the JSON report has them all).
MAX_HIGHLIGHTS = 2000
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


@dataclass
class SegmentRow:
    """One row of the bilingual view."""

    index: int
    source: str | None
    target: list[Shade]
    backtranslation: str | None
    scores: list[tuple[str, str]]
    findings: list[int] = field(default_factory=list)


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


def highlight_chunks(text: str, findings: list[Finding], limit: int | None = None) -> list[Chunk]:
    """Split `text` at every finding boundary into chunks, each listing the findings covering it.

    Only the first `limit` findings (default `MAX_HIGHLIGHTS`) are highlighted. Concatenating the
    chunks' text gives back `text` exactly, so overlapping findings never duplicate or lose a character.
    """
    shown = list(enumerate(findings[: MAX_HIGHLIGHTS if limit is None else limit]))
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
    starts = [s.start for s in segments[:limit]]
    for i, finding in enumerate(doc.findings[:MAX_HIGHLIGHTS]):
        k = bisect.bisect_right(starts, finding.start) - 1
        if k >= 0 and finding.start < segments[k].end:
            rows[k].findings.append(i)
        elif k + 1 < len(rows) and finding.end > segments[k + 1].start:
            rows[k + 1].findings.append(i)
    return rows


def finding_views(doc: DocumentResult) -> list[FindingView]:
    limit = MAX_HIGHLIGHTS
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
                highlighted=i < limit,
                snippet=shorten(finding.text, 80),
                evidence=[(str(key), format_value(value)) for key, value in finding.evidence.items()],
            )
        )
    return views


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


def json_for_script(data: Any) -> Markup:
    """JSON that is safe inside `<script type="application/json">`: no `<`, `>`, `&`, U+2028/9."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return Markup(text)


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


def render(doc: DocumentResult, result: AuditResult, *, index_href: str | None = None) -> str:
    """One self-contained HTML page for one document of `result`.

    `index_href` links back to the batch index when the page is part of one.
    """
    findings = doc.findings
    views = finding_views(doc)
    categories = sorted({f.category for f in findings})
    data = {
        "findings": [
            {
                "start": f.start,
                "end": f.end,
                "text": f.text,
                "severity": f.severity.value,
                "rank": f.severity.rank,
                "category": f.category,
                "rule": f.rule,
                "suggestions": list(f.suggestions),
            }
            for f in findings[:MAX_HIGHLIGHTS]
        ],
        "name": document_name(doc),
        # The page reads the target text back from the article, except where the HTML parser
        # would change it (it turns CR LF into LF and drops NUL): then the text travels here.
        "text": doc.document.target if "\r" in doc.document.target or "\0" in doc.document.target else None,
    }
    context = {
        "doc": doc,
        "name": document_name(doc),
        "result": result,
        "chunks": highlight_chunks(doc.document.target, findings),
        "views": views,
        "shown": min(len(findings), MAX_HIGHLIGHTS),
        "capped": len(findings) > MAX_HIGHLIGHTS,
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
        "data": json_for_script(data),
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


def render_index(result: AuditResult, pages: list[str]) -> str:
    """The batch index: one row per document linking to its page, and a histogram of scores."""
    rows = []
    for doc, page in zip(result.documents, pages, strict=True):
        worst = doc.worst()
        rows.append({"doc": doc, "name": document_name(doc), "href": page, "counts": doc.counts_by_severity(), "worst": worst})
    scores = [d.score for d in result.documents]
    context = {
        "result": result,
        "rows": rows,
        "histogram": histogram(scores),
        "mean": sum(scores) / len(scores) if scores else None,
        "severities": SEVERITIES,
        "settings": settings_rows(result),
        "generated": generated_at(),
        "shorten": shorten,
        **page_assets("report.js"),
    }
    return environment().get_template("index.html.j2").render(context)


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


def write_report(result: AuditResult, output: str) -> list[str]:
    """Write the report; returns the paths written.

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
