"""The `mtaudit` command line: audit, check (the pre-publication gate), rules, explain.

The CLI only builds options, calls `pipeline.audit`, and hands the result to a renderer. It never
imports torch or transformers unless a model engine is asked for.
"""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import Any

import click

from mtaudit import __version__
from mtaudit.errors import MtauditError
from mtaudit.formats import FORMATS, writer


class ExitCode(IntEnum):
    OK = 0
    GATE_FAILED = 1
    USAGE = 2


def _fail(message: str) -> None:
    """Print a one-line error and exit with the usage/input error code."""
    click.echo(f"mtaudit: error: {message}", err=True)
    sys.exit(ExitCode.USAGE)


def input_options(func: Any) -> Any:
    """Options shared by `audit` and `check`."""
    options = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--source", "source", metavar="PATH", help="The source text the target was translated from (one target file only)."),
        click.option("--source-lang", metavar="L", help="Source language code (detected when not given)."),
        click.option("--target-lang", metavar="L", help="Target language code (detected when not given)."),
        click.option("--select", multiple=True, metavar="RULE", help="Run only rules whose id starts with this (repeatable)."),
        click.option("--ignore", multiple=True, metavar="RULE", help="Skip rules whose id starts with this (repeatable)."),
        click.option("--deep", is_flag=True, help="Add model evidence: back-translation and language-model scores."),
        click.option("--translator", type=click.Choice(["hf", "ctranslate2", "apertium", "precomputed", "none"]), help="Translation engine for back-translation."),
        click.option("--translator-model", metavar="ID_OR_PATH", help="Hub id or local folder of the translation model."),
        click.option("--backtranslations", metavar="FILE", help="Precomputed back-translations (JSONL or TSV)."),
        click.option("--lm", type=click.Choice(["ngram", "hf", "none"]), help="Language-model engine for surprisal scores."),
        click.option("--lm-model", metavar="ID_OR_PATH", help="Hub id or local folder of the language model."),
        click.option("--device", default="auto", show_default=True, callback=_device_option, metavar="auto|cpu|cuda|cuda:N", help="Where models run."),
        click.option("--precision", type=click.Choice(["auto", "float32", "float16", "bfloat16"]), default="auto", show_default=True, help="Model weights' dtype (auto: float16 on CUDA, float32 on CPU)."),
        click.option("--allow-download", is_flag=True, help="Let model engines download missing models."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the model-evidence cache."),
        click.option("--cache-dir", metavar="DIR", help="Where the model-evidence cache lives."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _device_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """`--device`: auto, cpu, cuda or cuda:N (a GPU index)."""
    if value in ("auto", "cpu", "cuda") or (value.startswith("cuda:") and value[5:].isdigit()):
        return value
    raise click.BadParameter(f"{value!r} is not auto, cpu, cuda or cuda:N")


def run_audit(kwargs: dict[str, Any]) -> tuple[Any, list[str]]:
    """Read inputs and audit them; exits with code 2 and a one-line error on bad input."""
    from mtaudit.options import AuditOptions, EvidenceOptions
    from mtaudit.pipeline import audit
    from mtaudit.reader import read_inputs

    if kwargs["source"] is not None and kwargs["source"] == "-" and "-" in kwargs["paths"]:
        _fail("standard input can be the source or the target, not both")
    try:
        read = read_inputs(
            list(kwargs["paths"]),
            source=kwargs["source"],
            source_lang=kwargs["source_lang"],
            target_lang=kwargs["target_lang"],
        )
    except MtauditError as exc:
        _fail(str(exc))
    for problem in read.problems:
        click.echo(f"mtaudit: error: {problem}", err=True)
    evidence = EvidenceOptions(
        deep=kwargs["deep"],
        translator=kwargs["translator"],
        translator_model=kwargs["translator_model"],
        backtranslations=kwargs["backtranslations"],
        lm=kwargs["lm"],
        lm_model=kwargs["lm_model"],
        device=kwargs["device"],
        precision=kwargs["precision"],
        allow_download=kwargs["allow_download"],
        cache_dir=kwargs["cache_dir"],
        use_cache=not kwargs["no_cache"],
    )
    options = AuditOptions(
        select=tuple(kwargs["select"]),
        ignore=tuple(kwargs["ignore"]),
        source_lang=kwargs["source_lang"],
        target_lang=kwargs["target_lang"],
        evidence=evidence,
    )
    try:
        result = audit(read.documents, options)
    except MtauditError as exc:
        _fail(str(exc))
    for note in result.notes:
        click.echo(f"mtaudit: note: {note}", err=True)
    for error in result.errors:
        click.echo(f"mtaudit: error: {error}", err=True)
    return result, read.problems + result.errors


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtaudit")
def main() -> None:
    """Audit machine-translated text: find MT artefacts, explain them, propose fixes."""


@main.command()
@input_options
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True, help="Output format.")
@click.option("-o", "--output", metavar="PATH", help="Write here instead of standard output (HTML: a file, or a folder for several documents).")
def audit(fmt: str, output: str | None, **kwargs: Any) -> None:
    """Audit PATHS (files, folders, JSONL segment files, or - for stdin) and report findings."""
    result, problems = run_audit(kwargs)
    try:
        written = writer(fmt)(result, output)
    except MtauditError as exc:
        _fail(str(exc))
    for path in written:
        if path != output:  # the files a folder output became (HTML pages and their index)
            click.echo(f"wrote {path}", err=True)
    if problems:
        sys.exit(ExitCode.USAGE)


@main.command()
@input_options
@click.option("--fail-on", type=click.Choice(["critical", "major", "minor"]), default="major", show_default=True, help="Fail when any finding has this severity or worse.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, help="Fail when a document scores below this.")
def check(fail_on: str, min_score: float | None, **kwargs: Any) -> None:
    """Pre-publication gate: exit 0 when PATHS may be published, 1 when not, 2 on bad input."""
    from mtaudit.formats.text import format_finding, line_starts_of
    from mtaudit.records import Severity

    result, problems = run_audit(kwargs)
    threshold = Severity(fail_on).rank
    colour = sys.stdout.isatty()
    failed = 0
    for doc in result.documents:
        blocking = [f for f in doc.findings if f.severity.rank >= threshold]
        reasons = []
        if blocking:
            reasons.append(f"{len(blocking)} finding{'s' if len(blocking) != 1 else ''} at {fail_on} or worse")
        if min_score is not None and doc.score < min_score:
            reasons.append(f"score {doc.score:.1f} below {min_score:g}")
        counts = doc.counts_by_severity()
        verdict = "FAIL" if reasons else "PASS"
        if colour:
            verdict = click.style(verdict, fg="red" if reasons else "green", bold=True)
        name = doc.document.path or doc.document.id
        click.echo(
            f"{verdict} {name}: score {doc.score:.1f}, mqm {doc.mqm:g}, "
            f"{counts['critical']} critical, {counts['major']} major, {counts['minor']} minor"
            + (f" ({'; '.join(reasons)})" if reasons else "")
        )
        if blocking:
            starts = line_starts_of(doc.document.target)
            for finding in blocking:
                click.echo("  " + format_finding(doc, finding, starts, colour))
        failed += bool(reasons)
    click.echo(f"{failed} of {len(result.documents)} document{'s' if len(result.documents) != 1 else ''} failed the gate")
    if problems:
        sys.exit(ExitCode.USAGE)
    sys.exit(ExitCode.GATE_FAILED if failed else ExitCode.OK)


def rules_markdown() -> str:
    """The rule table of the README, generated from the rule documentation."""
    from mtaudit.checks import rules as all_rules

    lines = ["| rule | category | severity | what it catches |", "|---|---|---|---|"]
    for rule in all_rules().values():
        lines.append(f"| `{rule.id}` | {rule.category} | {rule.severity.value} | {rule.summary} |")
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--markdown", is_flag=True, help="Print a Markdown table (as in the README).")
def rules(markdown: bool) -> None:
    """List every rule: id, category, default severity, one line."""
    from mtaudit.checks import rules as all_rules

    if markdown:
        click.echo(rules_markdown(), nl=False)
        return
    table = all_rules()
    width = max(len(r) for r in table)
    for rule in table.values():
        click.echo(f"{rule.id:<{width}}  {rule.category:<24} {rule.severity.value:<8} {rule.summary}")


@main.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Print the full documentation of RULE_ID."""
    from mtaudit.checks import rules as all_rules

    table = all_rules()
    rule = table.get(rule_id)
    if rule is None:
        close = [r for r in table if rule_id in r]
        hint = f"; did you mean {', '.join(close[:3])}?" if close else "; `mtaudit rules` lists them"
        _fail(f"no rule {rule_id!r}{hint}")
    click.echo(f"{rule.id}  ({rule.category}, default severity {rule.severity.value})\n")
    click.echo(rule.doc)
main.add_command(__import__("mtaudit.evidence.cli", fromlist=["models"]).models)
