"""Readers and the placeholder grammar stay linear on adversarial input: four times the input
may cost at most eight times the CPU (linear work costs four, quadratic sixteen). Relative bounds
on the best of three runs, never an absolute time."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import pytest

from mtaudit.checks.placeholders import icu_spans, placeholder_tokens
from mtaudit.errors import InputError
from mtaudit.readers import BY_NAME
from mtaudit.readers.interface import ReadContext


def read(name: str) -> Callable[[str], object]:
    def run(content: str) -> object:
        try:
            return list(BY_NAME[name].read("x", content.encode("utf-8"), ReadContext(target_lang="en")))
        except InputError:
            return None

    return run


CASES: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "html entities and inline tags": (read("html"), lambda n: "<article><p>" + "a&amp;<b>b</b> &lt;i&gt; " * n + "</p></article>"),
    "html whitespace nodes": (read("html"), lambda n: "<p>" + "<b> </b>\n" * n + "x</p>"),
    "html unclosed skips": (read("html"), lambda n: "<p>text</p>" + "<nav>" * n),
    "markdown link openers": (read("markdown"), lambda n: "Text " + "](" * n + "\n"),
    "markdown comment openers": (read("markdown"), lambda n: "Text " + "<!--" * n + "\n"),
    "po entries": (read("po"), lambda n: "".join(f'msgid "Line {i} %d"\nmsgstr "Ligne {i} %d"\n\n' for i in range(n))),
    "po escapes over many lines": (read("po"), lambda n: 'msgid "x"\nmsgstr ""\n' + '"\\"a\\\\b\\n"\n' * n),
    "xliff units on one line": (read("xliff"), lambda n: '<xliff version="1.2"><file><body>' + "".join(f'<trans-unit id="{i}"><source>A {i}</source><target>B {i}</target></trans-unit>' for i in range(n)) + "</body></file></xliff>"),
    "csv quoted cells": (read("csv"), lambda n: "source,target\n" + '"Il dit ""oui""","He said ""yes"""\n' * n),
    "jsonl nesting": (read("jsonl"), lambda n: "[" * (n * 20) + "\n"),
    "printf zeros": (placeholder_tokens, lambda n: "%" + "0" * (n * 20)),
    "double brace spaces": (placeholder_tokens, lambda n: "{{" + " " * (n * 20)),
    "icu braces": (icu_spans, lambda n: "{n, plural, one {" + "}" * (n * 20)),
}


def cost(run: Callable[[str], object], content: str) -> float:
    """Best CPU time of three runs, with the garbage collector off while timing: a collection
    walks every object the rest of the test session left alive, so it would charge the larger
    input for the session's heap, not for the reader's own work."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            run(content)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize("case", sorted(CASES))
def test_four_times_the_input_costs_at_most_eight_times(case: str) -> None:
    run, make = CASES[case]
    size = 500
    small = cost(run, make(size))
    while small < 0.01 and size < 64_000:  # grow until the measurement is well above timer noise
        size *= 2
        small = cost(run, make(size))
    large = cost(run, make(size * 4))
    assert large <= 8 * small + 0.01, f"{case}: {small:.4f}s → {large:.4f}s for 4× the input"
