"""Every rule family and every pipeline step stays linear (or n log n) on hostile input.

Each case doubles an adversarial input twice and compares the CPU time (`time.process_time`, the
best of two runs) of the same work on n and on 4n: linear work costs about 4 times as much,
quadratic 16 times; the bound is 6 times (~2.4 per doubling), plus a small constant for timer
noise. The input grows first until the work on n is well above the timer's resolution, and a
failing case is measured once more at twice the size before it fails, since a loaded machine
makes single measurements noisy. Relative bounds only: never an absolute time.

The hostile document (`hostile`) holds a long run of every character class that a pattern or a
loop could stumble on — spaces, quotes, guillemets, backticks, brackets, full stops, combining
marks, bidi controls, markup — plus a long word, many numbers, many short sentences and many
cross-link labels on one line, each part growing with n.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from importlib import import_module

import pytest

from mtaudit.context import CheckContext
from mtaudit.options import AuditOptions
from mtaudit.pipeline import merge_findings, prepare, run_checks
from mtaudit.quantities import extract, pair_entities
from mtaudit.records import Document
from mtaudit.registry import MODULES, select_checks
from mtaudit.segment import markdown_code_spans, sentences

RATIO = 6.0  # for four times the input: linear is 4, quadratic 16
SLACK = 0.01  # seconds: timer and scheduler noise on the smallest measurements


def hostile(n: int) -> str:
    """A document whose every hostile part grows with `n`."""
    parts = [
        "The minister spoke on Monday. " * (n // 40 + 1),
        "a" + "b" * n,  # one long word (spelling's edit search, compounds)
        "x" + " " * n + "y",  # a long run of spaces (metadata-line pattern)
        "date" + " " * n + "2022-02-20",
        "`" * n + "a",  # backticks (inline code, fences, the sentence splitter)
        "«a " * (n // 3) + "“" * n + "'" * n,  # opening quotes (the sentence splitter)
        '"' * n + "." * n + "…" * n + "!" * n,
        "(" * n + "a" + ")" * n + "[" * n + "{" * n,  # nested brackets
        "a" + "\u0301" * n + " e\u0301\u0302" * (n // 4),  # combining marks
        "\u202e" * n + "\u200b" * n + "\u00a0" * n,  # bidi and zero-width controls, no-break spaces
        " ".join(str(i) for i in range(n // 4)) + ".",  # many numbers in one sentence
        "He said no. " * (n // 12),  # many short sentences
        "Read also: x! " * (n // 14),  # many cross-link labels on one line
        "<b>x</b> &amp; *a {{v}} " * (n // 24),  # markup debris
        "".join(f"wq{i}z/" for i in range(n // 6)),  # a long chunk without spaces
        "-" * n + "'" * n + "*" * n + "|" * n + "@" * n,
        "statment " * (n // 9) + " ".join(f"Xyq{i:05d}" for i in range(n // 9)),
        "a\r\nb\rc\x00d " * (n // 10),
    ]
    return "\n\n".join(parts) + "\n"


def pairs_text(n: int) -> tuple[str, str]:
    """A source and its translation with many numbers in one sentence (one in five changed), then
    many short sentences."""
    numbers = [i * 7 + 1000 for i in range(n // 6)]
    source = "; ".join(map(str, numbers)) + ".\n\n" + "Il a dit 25 mots. " * (n // 16)
    target = "; ".join(str(v + (i % 5 == 0)) for i, v in enumerate(numbers)) + ".\n\n" + "He said 25 words. " * (n // 16)
    return source, target


@lru_cache(maxsize=8)
def prepared(n: int, with_source: bool) -> CheckContext:
    """The context of the hostile document (or of the pair) of size n, prepared once for every family."""
    source, target = pairs_text(n) if with_source else (None, hostile(n))
    document = Document("hostile", target, path="hostile.md", source=source, source_lang="fr" if source else None, target_lang="en")
    return prepare(document, AuditOptions())


def family_run(module: str, with_source: bool = False) -> Callable[[int], Callable[[], object]]:
    """The checks of one module, each run on a fresh copy of the prepared context (so the lazily
    computed analyses it asks for are computed again, and measured)."""
    checks = [c for c in import_module(f"mtaudit.checks.{module}").CHECKS if not c.rule.needs_evidence]

    def setup(n: int) -> Callable[[], object]:
        ctx = replace(prepared(n, with_source))
        return lambda: [list(check(ctx)) for check in checks if ctx.source is not None or not check.rule.needs_source]

    return setup


def step_run(step: str) -> Callable[[int], Callable[[], object]]:
    def setup(n: int) -> Callable[[], object]:
        text = hostile(n)
        if step == "prepare":
            document = Document("hostile", text, path="hostile.md", target_lang="en")
            return lambda: prepare(document, AuditOptions())
        if step == "sentences":
            return lambda: sentences(text, "en")
        if step == "markdown code":
            return lambda: markdown_code_spans(text)
        if step == "extract numbers":
            return lambda: extract(text, "en")
        if step == "align and pair entities":
            source, target = pairs_text(n)
            document = Document("pairs", target, source=source, source_lang="fr", target_lang="en")
            ctx = prepare(document, AuditOptions())
            return lambda: (prepare(document, AuditOptions()), pair_entities(target, "en", "fr", ctx.pairs))
        if step == "merge findings":
            debris = "<b>x</b> statment 12 000 &amp; date 2022-02-20 The " * (n // 50)
            ctx = prepare(Document("debris", debris, target_lang="en"), AuditOptions())
            found = run_checks(ctx, select_checks(evidence=False))
            return lambda: merge_findings(found, ctx.skipped)
        raise ValueError(step)

    return setup


FAMILIES = [m for m in MODULES if m not in ("backtranslation", "surprisal")]  # these read model evidence only
CASES: dict[str, Callable[[int], Callable[[], object]]] = {
    **{f"checks: {m}": family_run(m) for m in FAMILIES},
    "checks: source (many numbers, many sentences)": family_run("source", with_source=True),
    "checks: pairs (many sentences)": family_run("pairs", with_source=True),
    **{f"step: {s}": step_run(s) for s in ("prepare", "sentences", "markdown code", "extract numbers", "align and pair entities", "merge findings")},
}


def cost(setup: Callable[[int], Callable[[], object]], n: int) -> float:
    best = float("inf")
    for _ in range(2):
        work = setup(n)
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("case", sorted(CASES))
def test_four_times_the_input_costs_at_most_six_times(case: str) -> None:
    setup = CASES[case]
    size = 800
    small = cost(setup, size)
    while small < 0.02 and size < 12_800:  # well above timer noise, within the time the suite allows
        size *= 2
        small = cost(setup, size)
    large = cost(setup, size * 4)
    if large > RATIO * small + SLACK:  # once more, larger: one noisy measurement is no proof
        size *= 2
        small = cost(setup, size)
        large = cost(setup, size * 4)
    assert large <= RATIO * small + SLACK, f"{case}: {small:.4f}s at n={size} → {large:.4f}s at 4n"


def test_long_words_get_no_edit_search() -> None:
    """The one-edit search is skipped beyond `MAX_SEARCH_LENGTH` letters, counted in candidate
    look-ups rather than time: a word of 16,000 letters would need about 800,000 of them."""
    from mtaudit.language import MAX_SEARCH_LENGTH, language

    english = language("en")
    assert english.neighbours("statment")[0][2] == "statement"
    assert english.neighbours("x" * (MAX_SEARCH_LENGTH + 1)) == []
    assert not english.is_compound("ab" * 20_000)
