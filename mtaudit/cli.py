"""The `mtaudit` command line: audit, check (the pre-publication gate), rules, explain.

The CLI only builds options, calls `pipeline.audit`, and hands the result to a renderer. It never
imports torch or transformers unless a model engine is asked for.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from enum import IntEnum
from typing import Any, ClassVar, NoReturn

import click

from mtaudit import __version__
from mtaudit.engines.base import DEFAULT_BATCH_SIZE, usable_cpus
from mtaudit.errors import MtauditError
from mtaudit.formats import FORMATS
from mtaudit.output import write_output
from mtaudit.terminal import escape_controls


class ExitCode(IntEnum):
    OK = 0
    GATE_FAILED = 1
    USAGE = 2


class LazyGroup(click.Group):
    """The main group; commands whose module is heavy (`serve` needs the server package) are
    imported only when they are run or their help is asked for, so `mtaudit --help` stays fast."""

    LAZY: ClassVar[dict[str, tuple[str, str]]] = {"serve": ("mtaudit.server.cli", "serve"), "models": ("mtaudit.evidence.cli", "models")}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.LAZY:
            from importlib import import_module

            module, attribute = self.LAZY[name]
            command: click.Command = getattr(import_module(module), attribute)
            return command
        return super().get_command(ctx, name)


def _echo_notes_and_errors(notes: Iterable[str], errors: Iterable[str]) -> None:
    """A run's notes and per-document errors on standard error, one line each, control
    characters escaped (ids and paths come from the input)."""
    for note in notes:
        click.echo(f"mtaudit: note: {escape_controls(note)}", err=True)
    for error in errors:
        click.echo(f"mtaudit: error: {escape_controls(error)}", err=True)


def _fail(message: str) -> NoReturn:
    """Print a one-line error and exit with the usage/input error code."""
    click.echo(f"mtaudit: error: {escape_controls(message)}", err=True)
    sys.exit(ExitCode.USAGE)


COLOR_OPTION = click.option(
    "--color",
    "color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour text output: auto = on a terminal unless NO_COLOR is set.",
)


def input_options(func: Any) -> Any:
    """Options shared by `audit`, `check` and `fix`. Options the configuration file can set
    default to None here, so that a value given in the file is not overridden by a default."""
    options = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--source", "source", metavar="PATH", help="The source text the target was translated from (one target file only)."),
        click.option("--input-format", metavar="FORMAT", help="Read every input as this format (text, markdown, jsonl, html, xliff, tmx, po, csv, tsv, xlsx) instead of by extension."),
        click.option("--columns", metavar="SOURCE,TARGET", help="Spreadsheet columns holding the source and the target (header names or 1-based numbers)."),
        click.option("--source-lang", metavar="L", help="Source language code (detected when not given)."),
        click.option("--target-lang", metavar="L", help="Target language code (detected when not given)."),
        click.option("--select", multiple=True, metavar="RULE", help="Run only rules matched by this id or id prefix, by whole components (repeatable)."),
        click.option("--ignore", multiple=True, metavar="RULE", help="Skip rules matched by this id or id prefix (repeatable)."),
        click.option("--config", "config_path", metavar="PATH", help="Read this configuration file instead of looking for mtaudit.toml / pyproject.toml."),
        click.option("--glossary", metavar="PATH", help="A CSV, TSV or TBX glossary of required and forbidden terms."),
        click.option("--names", metavar="PATH", help="Known names, one a line: never flagged as misspellings or wrong case."),
        click.option("--deep", is_flag=True, default=None, help="Add model evidence: back-translation and language-model scores."),
        click.option("--translator", type=click.Choice(["hf", "ctranslate2", "apertium", "precomputed", "none"]), help="Translation engine for back-translation."),
        click.option("--translator-model", metavar="ID_OR_PATH", help="Hub id or local folder of the translation model."),
        click.option("--backtranslations", metavar="FILE", help="Precomputed back-translations (JSONL or TSV)."),
        click.option("--lm", type=click.Choice(["ngram", "hf", "none"]), help="Language-model engine for surprisal scores."),
        click.option("--lm-model", metavar="ID_OR_PATH", help="Hub id or local folder of the language model."),
        click.option("--device", default=None, callback=_device_option, metavar="auto|cpu|cuda|cuda:N", help="Where models run (default auto)."),
        click.option("--precision", type=click.Choice(["auto", "float32", "float16", "bfloat16"]), default=None, help="Model weights' dtype (default auto: float16 on CUDA, float32 on CPU)."),
        click.option("--allow-download", is_flag=True, default=None, help="Let model engines download missing models."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the model-evidence cache."),
        click.option("--cache-dir", metavar="DIR", help="Where the model-evidence cache lives."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _device_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`--device`: auto, cpu, cuda or cuda:N (a GPU index)."""
    if value is None or value in ("auto", "cpu", "cuda") or (value.startswith("cuda:") and value[5:].isdigit()):
        return value
    raise click.BadParameter(f"{value!r} is not auto, cpu, cuda or cuda:N")


def output_options(func: Any) -> Any:
    """`-o`, `--mkdir` and `--color`, shared by `audit` and `check`."""
    func = COLOR_OPTION(func)
    func = click.option("--mkdir", is_flag=True, help="Create missing parent folders of the -o path.")(func)
    return click.option("-o", "--output", metavar="PATH", help="Write here instead of standard output (- is standard output; HTML: a file, or a folder for several documents).")(func)


# The command-line options the configuration file can also set (Python names).
CONFIG_KEYS = (
    "select", "ignore", "source_lang", "target_lang", "glossary", "names", "deep", "translator", "translator_model",
    "backtranslations", "lm", "lm_model", "device", "allow_download", "cache_dir", "fail_on", "min_score", "baseline",
    "min_confidence",
)


def load_config(kwargs: dict[str, Any]) -> Any:
    """The effective configuration: defaults, the file, then the command-line values in
    `kwargs`. Rule prefixes and language codes given on the command line are checked first, so
    the error names the option ("--select typo: …"). Exits 2 with one line on any problem."""
    from mtaudit.api import check_prefixes
    from mtaudit.config import ConfigError, check_language, effective_config

    try:
        for option in ("select", "ignore"):
            check_prefixes(tuple(kwargs.get(option) or ()), f"--{option}")
        for option in ("source_lang", "target_lang"):
            if kwargs.get(option) is not None:
                check_language(kwargs[option], f"--{option.replace('_', '-')}")
        values = {key: kwargs.get(key) for key in CONFIG_KEYS if key in kwargs}
        return effective_config(values, cwd=".", config_path=kwargs.get("config_path"))
    except (ConfigError, MtauditError) as exc:
        _fail(str(exc))


def use_colour(choice: str, output: str | None) -> bool:
    """Colour for text output: `always`, or `auto` on a terminal without NO_COLOR set; never
    into a file."""
    if output not in (None, "-") or choice == "never":
        return False
    if choice == "always":
        return True
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def run_audit(kwargs: dict[str, Any], config: Any) -> tuple[Any, list[str]]:
    """Read inputs and audit them through the Python API (`mtaudit.api.audit_files`) with the
    effective configuration; exits with code 2 and a one-line error on bad input."""
    from mtaudit.api import audit_files

    if kwargs["source"] is not None and kwargs["source"] == "-" and "-" in kwargs["paths"]:
        _fail("standard input can be the source or the target, not both")
    try:
        result = audit_files(
            list(kwargs["paths"]),
            source=kwargs["source"],
            config=config,
            input_format=kwargs["input_format"],
            columns=kwargs["columns"],
            use_cache=not kwargs["no_cache"],
            precision=kwargs["precision"] or "auto",
        )
    except MtauditError as exc:
        _fail(str(exc))
    _echo_notes_and_errors(result.notes, result.errors)
    return result, list(result.errors)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mtaudit")
def main() -> None:
    """Audit machine-translated text: find MT artefacts, explain them, propose fixes."""


def engine_options(func: Any) -> Any:
    """`--engine`, `--jobs`, `--batch-size`, `--resume` and the Ray options of `audit` (see docs/engines.md)."""
    options = [
        click.option("--engine", type=click.Choice(["auto", "serial", "local", "ray"]), default="auto", show_default=True, help="Where documents are audited: auto = a process pool for more than one batch of documents and 4 MiB of input (or with --jobs), else this process; ray = a Ray cluster."),
        click.option("--jobs", type=click.IntRange(min=1), default=None, metavar="N", help="Worker processes of the local engine (CPUs of a local Ray runtime); default: every CPU."),
        click.option("--batch-size", type=click.IntRange(min=1), default=None, metavar="N", help=f"Documents per batch sent to a worker (default {DEFAULT_BATCH_SIZE})."),
        click.option("--resume", is_flag=True, help="With --format jsonl -o FILE: skip the documents whose results FILE already holds, and append the others."),
        click.option("--ray-address", metavar="ADDRESS", help="Join this Ray cluster (auto, ray://host:10001) instead of starting a local Ray runtime."),
        click.option("--gpus", type=click.FloatRange(min=0), default=0, show_default=True, help="GPUs for the model actors of the Ray engine (model evidence)."),
        click.option("--model-actors", type=click.IntRange(min=1), default=None, metavar="N", help="Model-evidence actors of the Ray engine (default: one per GPU, at least one)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


# Formats written document by document as the engines finish them (`mtaudit.formats.stream`);
# `jsonl` streams too, through its own sink (`JsonlSink`, with --resume).
STREAMED = ("json", "text", "sarif", "github", "junit", "markdown", "html")
ENGINE_KEYS = ("engine", "jobs", "batch_size", "resume", "ray_address", "gpus", "model_actors")


@main.command()
@input_options
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True, help="Output format (jsonl: one document per line, written as documents finish).")
@output_options
@engine_options
def audit(fmt: str, output: str | None, mkdir: bool, color: str, **kwargs: Any) -> None:
    """Audit PATHS (files, folders, JSONL segment files, or - for stdin) and report findings."""
    from mtaudit.formats import write
    from mtaudit.gate import Gate

    engine_values = {key: kwargs.pop(key) for key in ENGINE_KEYS}
    config = load_config(kwargs)
    engine = choose_engine(fmt, output, engine_values, kwargs, config)
    if engine is not None:
        audit_on_engine(engine, fmt, output, mkdir, color, engine_values, kwargs, config)
        return
    result, problems = run_audit(kwargs, config)
    try:
        written = write(fmt, result, output, gate=Gate(config.fail_on, config.min_score), colour=use_colour(color, output), mkdir=mkdir)
    except MtauditError as exc:
        _fail(str(exc))
    for path in written:
        if path != output:  # the files a folder output became (HTML pages and their index)
            click.echo(f"wrote {escape_controls(path)}", err=True)
    if problems:
        sys.exit(ExitCode.USAGE)


def engine_inputs(kwargs: dict[str, Any], config: Any) -> Any:
    """The `mtaudit.engines.run.Inputs` of the command line."""
    from mtaudit.engines.run import Inputs

    return Inputs(
        tuple(kwargs["paths"]), kwargs["source"], kwargs["input_format"], kwargs["columns"],
        kwargs.get("source_lang") or config.source_lang, kwargs.get("target_lang") or config.target_lang,
    )  # fmt: skip


def evidence_asked(config: Any) -> bool:
    """Whether the configuration (command line included) asks for model evidence."""
    from mtaudit.options import EvidenceOptions

    return EvidenceOptions(
        deep=bool(config.deep), translator=config.translator, translator_model=config.translator_model,
        backtranslations=config.backtranslations, lm=config.lm, lm_model=config.lm_model,
    ).enabled  # fmt: skip


def choose_engine(fmt: str, output: str | None, values: dict[str, Any], kwargs: dict[str, Any], config: Any) -> str | None:
    """The engine `audit` runs on, or None for the one-process audit of a small run.

    `--engine auto` (the default) takes the local process pool for more than one batch of
    documents on a machine with more than one CPU (with --jobs, whenever jobs > 1), when they
    are worth a pool (`pool_pays`: `LOCAL_MIN_BYTES` of input, `LOCAL_IDLE_MIN_BYTES` on idle cores, or --jobs, or model evidence), serial for
    `--format jsonl`, `--resume` and the other `STREAMED` formats otherwise (they stream, one
    document in memory at a time, model evidence included: see `mtaudit.engines.run`), and the
    one-process audit else (HTML).
    """
    if values["resume"] and (fmt != "jsonl" or output in (None, "-")):
        _fail("--resume needs --format jsonl and -o FILE: it skips the documents FILE already holds")
    if values["engine"] != "auto":
        return str(values["engine"])
    evidence = evidence_asked(config)
    streaming = fmt == "jsonl" or values["resume"] or fmt in STREAMED
    if not streaming and evidence:
        return None  # model evidence in one process (HTML): the run's evidence is gathered at once
    jobs = values["jobs"] or usable_cpus()
    if jobs > 1 and (values["jobs"] or evidence or pool_pays(kwargs)):  # only then are the documents counted
        from mtaudit.engines.run import count_documents

        if kwargs["source"] == "-" or "-" in kwargs["paths"]:
            return "serial" if streaming else None
        try:
            many = count_documents(engine_inputs(kwargs, _NO_CONFIG), values["batch_size"] or DEFAULT_BATCH_SIZE) > (values["batch_size"] or DEFAULT_BATCH_SIZE)
        except MtauditError:
            many = False  # the audit itself reports the problem
        if many:
            return "local"
    return "serial" if streaming else None


# The input size (bytes of the files read) from which `--engine auto` takes the local pool
# without --jobs or model evidence. Below it the pool's fixed cost (forking the workers, sending
# documents and results between processes, the parent reading and writing meanwhile) is not paid
# back on a machine whose cores are busy: there two workers run no faster than one process and use
# a fifth more CPU time.
LOCAL_MIN_BYTES = 4 << 20
# The size from which the pool is taken when the machine's cores are idle (`IDLE_CPUS`): on two
# idle cores the 2,565 MQM segments (1.1 MB) take 0.95 s instead of 1.17 s, half of them (0.6 MB)
# 0.61 s instead of 0.74 s; a quarter (0.3 MB) gains nothing (BENCHMARKS.md, "Speed").
LOCAL_IDLE_MIN_BYTES = 512 << 10
# Idle CPUs (the CPU count less the one-minute load average) that count as "cores to spare": one
# core besides this process's own. (The load average lags by a minute: a process that has just
# ended, like the one before in a script, still counts for about one.)
IDLE_CPUS = 1.0


def idle_cpus() -> float:
    """The CPUs left idle to this process: those it may run on (`usable_cpus`: its affinity, else
    the CPU count) less the machine's one-minute load average (all of them where the platform has
    no load average). Pinned to one CPU (`taskset -c 0`), none is to spare."""
    cpus = usable_cpus()
    try:
        return cpus - os.getloadavg()[0]
    except (AttributeError, OSError):
        return float(cpus)


def pool_pays(kwargs: dict[str, Any]) -> bool:
    """True when the input is large enough for the local pool (`LOCAL_MIN_BYTES`, or
    `LOCAL_IDLE_MIN_BYTES` while the machine has `IDLE_CPUS` to spare), or its size is unknown (a
    URL, a pattern for the readers to expand). Either engine gives the same report: only the
    time differs."""
    from mtaudit.engines.run import input_bytes

    size = input_bytes([*kwargs["paths"], *([kwargs["source"]] if kwargs["source"] else [])], LOCAL_MIN_BYTES)
    if size is None or size >= LOCAL_MIN_BYTES:
        return True
    return size >= LOCAL_IDLE_MIN_BYTES and idle_cpus() >= IDLE_CPUS


class _NoConfig:
    source_lang = None
    target_lang = None


_NO_CONFIG = _NoConfig()


def audit_on_engine(engine: str, fmt: str, output: str | None, mkdir: bool, color: str, values: dict[str, Any], kwargs: dict[str, Any], config: Any) -> None:
    """`audit` through `mtaudit.engines.run.run_engine`: JSONL streams line by line (a summary on
    standard error, `--resume`), every other format document by document (`stream_report`)."""
    from mtaudit.api import _options, config_options
    from mtaudit.engines import EngineOptions
    from mtaudit.engines.run import run_engine
    from mtaudit.formats.jsonl import JsonlSink, done_ids

    if kwargs["source"] is not None and kwargs["source"] == "-" and "-" in kwargs["paths"]:
        _fail("standard input can be the source or the target, not both")
    if engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            _fail("--engine ray needs Ray; install it with pip install 'mtaudit[ray]'")
    options = EngineOptions(engine, values["jobs"], values["batch_size"] or DEFAULT_BATCH_SIZE, values["ray_address"], values["gpus"], values["model_actors"])
    sink = None
    try:
        inputs = engine_inputs(kwargs, config)
        audit_options = _options(config_options(config, {"use_cache": not kwargs["no_cache"]}), inputs.source_lang, inputs.target_lang)
        skip = done_ids(output) if values["resume"] and output else set()
        if fmt == "jsonl":
            sink = JsonlSink(output, append=values["resume"], mkdir=mkdir)
            summary = run_engine(inputs, audit_options, options, sink.write, skip=skip, config=config)
        else:
            summary, _ = stream_report(fmt, output, mkdir, use_colour(color, output), inputs, audit_options, options, config)
    except KeyboardInterrupt:
        done = f"; the {sink.count} documents finished are in {output}: run again with --resume to finish" if sink is not None and output not in (None, "-") else ""
        click.echo(f"mtaudit: error: interrupted{done}", err=True)
        sys.exit(130)
    except MtauditError as exc:
        _fail(str(exc))
    finally:
        if sink is not None:
            sink.close()
    _echo_notes_and_errors(summary.notes, summary.errors)
    if fmt == "jsonl":
        click.echo(f"mtaudit: {summary.line()}", err=True)
    if summary.errors:
        sys.exit(ExitCode.USAGE)


def stream_report(
    fmt: str, output: str | None, mkdir: bool, colour: bool, inputs: Any, audit_options: Any, options: Any, config: Any,
    *, accepted: Any = None, also: Any = None,
) -> tuple[Any, Any]:
    """A report of a `STREAMED` format (or `check`: the gate's verdicts) written document by
    document as the engine finishes them (`mtaudit.formats.stream`, through
    `mtaudit.output.open_stream`; HTML through `HtmlStream`, a page per document): the same bytes
    as the whole result rendered at once, with one document in memory at a time. A file is
    replaced only once the report is complete.
    `mtaudit check` passes the baseline's `accepted` findings (left out of every document) and
    `also`, a second stream (its verdicts) handed every document too. Returns the run's summary
    and the stream."""
    from mtaudit.engines.run import run_engine
    from mtaudit.formats.stream import open_format
    from mtaudit.formats.verdicts import VerdictStream
    from mtaudit.gate import Gate
    from mtaudit.output import open_stream

    gate = Gate(config.fail_on, config.min_score)

    def run(stream: Any) -> Any:
        streams = [stream] if also is None else [stream, also]

        def on_document(doc: Any) -> None:
            if accepted is not None:
                doc = without_baseline(doc, accepted)
            for each in streams:
                each.document(doc)

        summary = run_engine(inputs, audit_options, options, on_document, config=config, on_start=getattr(stream, "start", None))
        end = summary.result([])
        for each in streams:
            each.finish(end)
        return summary

    if fmt == "html":  # a page, or a folder of pages written as they finish and an index
        from mtaudit.formats.html import HtmlStream

        def announce(path: str) -> None:
            if path != output:  # the files a folder output became
                click.echo(f"wrote {escape_controls(path)}", err=True)

        html = HtmlStream(output, version=__version__, mkdir=mkdir, announce=announce)
        return run(html), html
    with open_stream(output or "-", mkdir=mkdir) as write:
        stream = VerdictStream(write, gate, colour) if fmt == "check" else open_format(fmt, write, gate=gate, colour=colour, version=__version__)
        return run(stream), stream


def without_baseline(doc: Any, accepted: Any) -> Any:
    """`doc` without the findings the baseline `accepted` (`mtaudit.baseline.filter_new`)."""
    from mtaudit.baseline import filter_new
    from mtaudit.records import AuditResult, Settings

    return filter_new(AuditResult([doc], Settings(checks=()), __version__), accepted).documents[0]


def gate_text(result: Any, gate: Any, colour: bool) -> str:
    """`check`'s text output: a PASS/FAIL line per document with the findings that block it,
    then how many documents failed (`mtaudit.gate.verdict_text`)."""
    from mtaudit.formats.verdicts import verdict_text

    return verdict_text(result.documents, gate, colour)


@main.command()
@input_options
@click.option("--fail-on", type=click.Choice(["critical", "major", "minor"]), default=None, help="Fail when any finding has this severity or worse (default major).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None, help="Fail when a document scores below this.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True, help="Output format (text: the verdicts).")
@output_options
@click.option("--baseline", metavar="FILE", help="Ignore the findings recorded in this baseline: only new findings count.")
@click.option("--write-baseline", metavar="FILE", help="Record every current finding in FILE, then gate against it.")
def check(fmt: str, output: str | None, mkdir: bool, color: str, write_baseline: str | None, **kwargs: Any) -> None:
    """Pre-publication gate: exit 0 when PATHS may be published, 1 when not, 2 on bad input."""
    from mtaudit.baseline import filter_new, load_baseline
    from mtaudit.baseline import write_baseline as save_baseline
    from mtaudit.formats import write
    from mtaudit.gate import Gate

    config = load_config(kwargs)
    accepted = None
    if config.baseline and not write_baseline:
        try:  # read before auditing: a bad baseline is an error before any work
            accepted = load_baseline(config.baseline)
        except MtauditError as exc:
            _fail(str(exc))
    if fmt in STREAMED and not write_baseline:
        check_streamed(fmt, output, mkdir, color, kwargs, config, accepted)
        return
    result, problems = run_audit(kwargs, config)
    try:
        if write_baseline:
            save_baseline(result, write_baseline, mkdir=mkdir)
            count = sum(len(doc.findings) for doc in result.documents)
            click.echo(f"mtaudit: wrote baseline {write_baseline}: {count} finding{'s' if count != 1 else ''}", err=True)
            accepted = load_baseline(write_baseline)
        if accepted is not None:
            result = filter_new(result, accepted)
        gate = Gate(config.fail_on, config.min_score)
        colour = use_colour(color, output)
        if fmt == "text":
            text = gate_text(result, gate, colour)
            if output in (None, "-"):
                click.echo(text, nl=False, color=colour or None)
            else:
                write_output(output, click.unstyle(text), mkdir=mkdir)
        else:
            write(fmt, result, output, gate=gate, colour=colour, mkdir=mkdir)
            if output not in (None, "-"):  # the report went to a file: the verdicts still show
                click.echo(gate_text(result, gate, colour), nl=False, color=colour or None)
    except MtauditError as exc:
        _fail(str(exc))
    if problems:
        sys.exit(ExitCode.USAGE)
    failed = any(not gate.verdict(doc).passed for doc in result.documents)
    sys.exit(ExitCode.GATE_FAILED if failed else ExitCode.OK)


def check_streamed(fmt: str, output: str | None, mkdir: bool, color: str, kwargs: dict[str, Any], config: Any, accepted: Any) -> NoReturn:
    """`check` through the engines, each document's verdict written as it is finished
    (`stream_report`): the same output as the one-process check, in constant memory. The
    verdicts go to standard output, or, with another `--format`, that report does and the
    verdicts still show on standard output when it goes to a file. Exits with the gate's code."""
    from mtaudit.api import _options, config_options
    from mtaudit.engines import EngineOptions
    from mtaudit.formats.verdicts import VerdictStream
    from mtaudit.gate import Gate

    if kwargs["source"] is not None and kwargs["source"] == "-" and "-" in kwargs["paths"]:
        _fail("standard input can be the source or the target, not both")
    values = {"engine": "auto", "jobs": None, "batch_size": None, "resume": False}
    engine = choose_engine(fmt, output, values, kwargs, config) or "serial"
    colour = use_colour(color, output)
    to_file = output not in (None, "-")
    try:
        inputs = engine_inputs(kwargs, config)
        audit_options = _options(config_options(config, {"use_cache": not kwargs["no_cache"]}), inputs.source_lang, inputs.target_lang)
        options = EngineOptions(engine, batch_size=DEFAULT_BATCH_SIZE)
        if fmt == "text":
            summary, verdicts = stream_report("check", output, mkdir, colour, inputs, audit_options, options, config, accepted=accepted)
        else:  # the report goes to -o; the verdicts show on standard output when -o is a file
            show = (lambda text: click.echo(text, nl=False, color=colour or None)) if to_file else (lambda text: None)
            verdicts = VerdictStream(show, Gate(config.fail_on, config.min_score), colour)
            summary, _ = stream_report(fmt, output, mkdir, colour, inputs, audit_options, options, config, accepted=accepted, also=verdicts)
    except KeyboardInterrupt:
        click.echo("mtaudit: error: interrupted", err=True)
        sys.exit(130)
    except MtauditError as exc:
        _fail(str(exc))
    _echo_notes_and_errors(summary.notes, summary.errors)
    if summary.errors:
        sys.exit(ExitCode.USAGE)
    sys.exit(ExitCode.GATE_FAILED if verdicts.failed else ExitCode.OK)


@main.command("config")
@click.option("--config", "config_path", metavar="PATH", help="Read this configuration file instead of looking for one.")
def show_config(config_path: str | None) -> None:
    """Print the effective configuration and where each value came from."""
    from mtaudit.config import describe

    click.echo(describe(load_config({"config_path": config_path})), nl=False)


@main.command()
@input_options
@click.option("-o", "--output", metavar="PATH", help="Write the corrected copy here (- or none: standard output).")
@click.option("--mkdir", is_flag=True, help="Create missing parent folders of the -o path.")
@click.option("--in-place", is_flag=True, help="Replace the file itself (atomically), keeping a backup.")
@click.option("--backup-suffix", default=".orig", show_default=True, metavar="SUFFIX", help="With --in-place: the backup is FILE + SUFFIX.")
@click.option("--diff", "as_diff", is_flag=True, help="Print a unified diff instead of the corrected text.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=None, help="Apply suggestions at or above this confidence (default 0.5).")
@click.option("--decisions", metavar="FILE", help="An editor's decisions (as the HTML report exports them): accepted, rejected findings.")
def fix(output: str | None, mkdir: bool, in_place: bool, backup_suffix: str, as_diff: bool, decisions: str | None, **kwargs: Any) -> None:
    """Write a corrected copy of one FILE (text, Markdown, HTML, XLIFF, TMX, PO, CSV or TSV),
    applying the best suggestions inside the file's own structure."""
    import shutil

    from mtaudit.fix import FIXABLE_FORMATS, decode_as_reader, fix_documents, left_out_notes, load_decisions, unified_diff
    from mtaudit.readers import reader_for, reader_named
    from mtaudit.readers.base import read_bytes

    paths = kwargs["paths"]
    if len(paths) != 1 or paths[0] == "-" or os.path.isdir(paths[0]):
        _fail(f"fix takes one file ({', '.join(FIXABLE_FORMATS)}); give its path")
    path = paths[0]
    if sum(bool(x) for x in (output, in_place, as_diff)) > 1:
        _fail("give one of -o OUT, --in-place and --diff")
    if in_place and not backup_suffix:
        _fail("--backup-suffix must not be empty: --in-place always keeps a backup")
    if output not in (None, "-") and os.path.exists(output) and os.path.samefile(output, path):
        _fail(f"-o {output}: is the input file; fix never writes over its input unless --in-place")
    config = load_config(kwargs)
    try:
        raw = read_bytes(path)
        fmt = (reader_named(kwargs["input_format"]) if kwargs["input_format"] else reader_for(path, raw[:8192])).name
        if fmt not in FIXABLE_FORMATS:
            what = "an XLSX workbook cannot be rewritten byte for byte; export the sheet as CSV and fix that" if fmt == "xlsx" else f"fix cannot write {fmt}"
            _fail(f"{path}: {what} (fix takes {', '.join(FIXABLE_FORMATS)})")
        decoded = decode_as_reader(fmt, raw, path)
        text = decoded.text
        chosen = load_decisions(decisions) if decisions else None
    except MtauditError as exc:
        _fail(str(exc))
    result, problems = run_audit(kwargs, config)
    if problems:
        sys.exit(ExitCode.USAGE)
    try:
        fixed, left_out = fix_documents(text, result.documents, file_format=fmt, min_confidence=config.min_confidence, select=config.select, ignore=config.ignore, decisions=chosen)
    except MtauditError as exc:
        _fail(f"{path}: {exc}")
    for note in left_out_notes(left_out):
        click.echo(f"mtaudit: note: {escape_controls(path)}: {note}", err=True)
    encoding = decoded.encoding  # write the copy as the input was read: BOM, UTF-16, legacy encodings
    try:
        if as_diff:
            click.echo(unified_diff(text, fixed, path), nl=False)
        elif in_place:
            backup = path + backup_suffix
            try:
                shutil.copy2(path, backup)
            except OSError as exc:
                _fail(f"{backup}: cannot write the backup ({exc.strerror}); nothing was changed")
            write_output(path, fixed, encoding=encoding)
            click.echo(f"mtaudit: fixed {escape_controls(path)} in place (backup: {escape_controls(backup)})", err=True)
        elif output in (None, "-"):
            write_output("-", fixed, encoding="utf-8")
        else:
            write_output(output, fixed, mkdir=mkdir, encoding=encoding)
    except MtauditError as exc:
        _fail(str(exc))


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

