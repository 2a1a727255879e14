"""`mtaudit models`: list the engines and their default models, download a model ahead of time.

Nothing heavy is imported at module import: torch and transformers load only inside commands
that need them.
"""

from __future__ import annotations

import shutil

import click

from mtaudit.errors import MtauditError


@click.group()
def models() -> None:
    """Model engines for `--deep`: list them, download models ahead of time."""


@models.command("list")
def list_models() -> None:
    """List translation and language-model engines, their defaults and whether they can run here."""
    from importlib.util import find_spec

    from mtaudit.evidence.hub import cached_snapshot
    from mtaudit.evidence.lms.base import ENGINES as LM_ENGINES
    from mtaudit.evidence.translators.apertium import installed_modes
    from mtaudit.evidence.translators.base import ENGINES as TRANSLATORS

    has_torch = find_spec("torch") is not None and find_spec("transformers") is not None
    rows = []
    for name in TRANSLATORS:
        if name == "hf":
            rows.append(("translator", name, "Helsinki-NLP/opus-mt-{src}-{tgt}", "ready" if has_torch else "needs pip install 'mtaudit[models]'"))
        elif name == "ctranslate2":
            ok = find_spec("ctranslate2") is not None
            rows.append(("translator", name, "--translator-model FOLDER (converted)", "ready" if ok else "needs pip install 'mtaudit[ctranslate2]'"))
        elif name == "apertium":
            modes = sorted(installed_modes())
            status = ("pairs: " + ", ".join(modes)) if shutil.which("apertium") and modes else "needs apt-get install apertium apertium-eng-spa"
            rows.append(("translator", name, "installed Apertium pairs", status))
        else:
            rows.append(("translator", name, "--backtranslations FILE", "ready"))
    for name in LM_ENGINES:
        if name == "ngram":
            rows.append(("lm", name, "wordfreq unigrams (+ symspellpy bigrams for en)", "ready (default)"))
        else:
            rows.append(("lm", name, "gpt2 (en), bigscience/bloom-560m (others)", "ready" if has_torch else "needs pip install 'mtaudit[models]'"))
    for kind, name, default, status in rows:
        click.echo(f"{kind:<10} {name:<12} {default:<48} {status}")
    if has_torch:
        for model in ("gpt2", "Helsinki-NLP/opus-mt-en-de", "Helsinki-NLP/opus-mt-de-en"):
            where = cached_snapshot(model)
            click.echo(f"{'model':<10} {model:<40} {'downloaded: ' + where if where else 'not downloaded'}")


@models.command()
@click.argument("model_id")
def pull(model_id: str) -> None:
    """Download MODEL_ID (a Hugging Face hub id) into the local cache for offline use."""
    from mtaudit.evidence.hub import download

    try:
        path = download(model_id)
    except MtauditError as exc:
        click.echo(f"mtaudit: error: {exc}", err=True)
        raise SystemExit(2) from exc
    click.echo(f"{model_id}: {path}")
