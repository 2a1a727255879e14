"""Mutation testing: plant one small bug at a time and see whether the test suite notices (issue 17).

A green suite proves little if a broken rule still passes it. This harness parses each chosen module
with `ast`, lists the small bugs ("mutants") it could plant, and for each one (or a seeded sample)
writes the mutated module into a *copy* of the repository in a temporary folder (the working tree is
never touched; the copy is made when the run starts and mutants are planted in its text, so code
edited in the working tree during a run does not move them), runs the tests that belong to that module with
`pytest -x -q -p no:cacheprovider`, and classifies the mutant:

- killed: a test failed (or the mutated module no longer imports);
- survived: the module's tests pass *and* so does the full suite (`-m "not slow"`);
- timeout: the tests ran past the per-mutant limit: listed, but counted neither way (an infinite
  loop and a machine too loaded to finish look the same).

Mutations: comparison operators flipped or relaxed (< ↔ <=, > ↔ >=, == ↔ !=, in ↔ not in, is ↔ is
not), whole-number constants ±1 and ×2 (fractions ±0.1 and ×2), True ↔ False, `and` ↔ `or`,
`not x` → `x`, `x + 1` / `x - 1` → `x` (an offset removed), `s[a:b]` → `s[a + 1:b]` / `s[a:b + 1]`
(an offset added), a guard that never fires (`if ...: continue/return/break` → `if False: ...`),
`return X` → a default of the annotated type (`False`/`True`, `0`, `""`, `[]`, `None`; generators
are skipped), and a dropped registration (one entry less in a module-level tuple of functions such
as `CHECKS`, or in `MODULES`). Docstrings and f-string internals are left alone.

Tests of a module are found by name: `tests/test_<stem>*.py` and test files that name the module's
dotted path, plus the end-to-end `tests/test_example_article.py`; with none, the full suite runs.
A module or a folder (its modules) may be given; the default is the set issue 17 names. Tests that
compare CPU times (`TIMING_TESTS`) or measure memory (`MEMORY_TESTS`) are never run for a mutant: they could only kill one by chance.
`--match REGEX` keeps the mutants whose `path:line:col description` matches; `--tests FILE...` runs
only those tests per mutant (a quick "does my new test kill these?" check, no full-suite pass).

    python benchmarks/mutation.py mtaudit/checks mtaudit/scoring.py --sample 60 --seed 1 --budget-seconds 1800

writes `benchmarks/mutation-results.md` (kill ratio per module, survivors with file:line:column and
the mutation). Only the mutated expression's text changes (it is replaced, in brackets, by the
mutation written with `ast.unparse`); the rest of the file keeps its lines and layout. Findings
under load: the suite's timing varies, so the per-mutant limit is three times the unmutated suite.
"""

from __future__ import annotations

import argparse
import ast
import os
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "mutation-results.md"
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not slow"]
IGNORED = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", "reports")
REGISTRY_NAMES = ("CHECKS", "MODULES")
ALWAYS_RUN = ("tests/test_example_article.py",)
# Tests that compare CPU times (complexity bounds) are left out of mutant runs: on a loaded machine
# they fail now and then, which would count a mutant as killed by chance, and they test readers'
# growth, not what the mutated modules decide.
TIMING_TESTS = ("tests/test_readers_complexity.py", "tests/test_complexity.py")
# Tests that measure the process's memory (tracemalloc's peak is the whole process's, which other
# threads move on a loaded machine): like the timing tests, they never decide a mutant.
MEMORY_TESTS = ("tests/test_stream_formats.py::test_a_stream_holds_one_document_at_a_time",)


def default_modules(root: Path = ROOT) -> list[str]:
    """The modules issue 17 names, as far as they exist in this tree: the checks, scoring, the
    Language layer (language, lexicon, capitals, quantities), output, every format and every reader."""
    package = root / "mtaudit"
    found = sorted(p for p in (package / "checks").glob("*.py"))
    for name in ("scoring.py", "quantities.py", "capitals.py", "language.py", "lexicon.py", "output.py"):
        if (package / name).is_file():
            found.append(package / name)
    for folder in ("formats", "readers"):
        found.extend(sorted((package / folder).glob("*.py")))
    return [p.relative_to(root).as_posix() for p in found]


# --- finding mutants ---------------------------------------------------------------------------------

COMPARE_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
SYMBOL = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
DEFAULTS = {"bool": ("False", "True"), "int": ("0",), "float": ("0.0",), "str": ('""',), "list": ("[]",), "dict": ("{}",)}

# A site is an expression of the module, what a mutation makes of it, and a description: the
# expression's source text is replaced by the new expression (in brackets), the rest of the file is
# left exactly as it was, so line numbers and layout stay the original's.
Site = tuple[ast.expr, ast.expr, str]


def _is_generator(func: ast.AST) -> bool:
    """A function whose own body (not a nested function's) yields."""
    stack = list(ast.iter_child_nodes(func))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def _untouchable(tree: ast.Module) -> set[int]:
    """Ids of nodes not to mutate: docstrings, and everything inside f-strings (whose inner
    positions Python before 3.12 does not report reliably)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
        if isinstance(node, ast.JoinedStr):
            found.update(id(n) for n in ast.walk(node))
    return found


def _text(node: ast.AST) -> str:
    """Short source text of a node for descriptions."""
    try:
        text = ast.unparse(node)
    except ValueError:
        text = "…"
    return text if len(text) <= 60 else text[:57] + "..."


def _compare_sites(node: ast.Compare) -> Iterator[Site]:
    for i, op in enumerate(node.ops):
        new = COMPARE_SWAPS[type(op)]
        ops = [*node.ops[:i], new(), *node.ops[i + 1 :]]
        yield node, ast.Compare(node.left, ops, node.comparators), f"`{SYMBOL[type(op)]}` → `{SYMBOL[new]}`"


def _constant_sites(node: ast.Constant) -> Iterator[Site]:
    value = node.value
    if isinstance(value, bool):
        yield node, ast.Constant(not value), f"`{value}` → `{not value}`"
    elif isinstance(value, (int, float)):
        seen = {value}
        step = 1 if isinstance(value, int) else 0.1  # a ratio of 0.3 becomes 0.4 and 0.2, not 1.3
        for label, new in ((f"+{step}", round(value + step, 10)), (f"-{step}", round(value - step, 10)), ("×2", value * 2)):
            if new not in seen:
                seen.add(new)
                yield node, ast.Constant(new), f"`{value!r}` → `{new!r}` ({label})"


def _offset_sites(node: ast.BinOp) -> Iterator[Site]:
    """`x + 1` / `x - 1` → `x`: an offset removed."""
    if isinstance(node.op, (ast.Add, ast.Sub)) and isinstance(node.right, ast.Constant) and node.right.value == 1:
        yield node, node.left, f"offset removed: `{_text(node)}` → `{_text(node.left)}`"


def _slice_sites(node: ast.Slice) -> Iterator[Site]:
    """`s[a:b]` → `s[a + 1:b]` or `s[a:b + 1]` for bounds that are not constants: an offset added."""
    for name in ("lower", "upper"):
        bound = getattr(node, name)
        if bound is not None and not isinstance(bound, (ast.Constant, ast.UnaryOp)):
            yield bound, ast.BinOp(bound, ast.Add(), ast.Constant(1)), f"offset added: slice {name} `{_text(bound)}` → `{_text(bound)} + 1`"


def _guard_sites(node: ast.If) -> Iterator[Site]:
    """`if cond: continue|return|break` (a filter) → `if False: ...`: the guard never fires."""
    if len(node.body) == 1 and isinstance(node.body[0], (ast.Continue, ast.Break, ast.Return)) and not node.orelse:
        word = type(node.body[0]).__name__.lower()
        yield node.test, ast.Constant(False), f"guard removed: `if {_text(node.test)}: {word}` never fires"


def _return_sites(func: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[Site]:
    """`return X` → `return <default of the annotated type>` in functions that are not generators."""
    if _is_generator(func) or func.returns is None:
        return
    returns = ast.unparse(func.returns)
    annotation = returns.split("[")[0].split("|")[0].strip()
    defaults = DEFAULTS.get(annotation, ("None",) if "None" in returns else ())
    stack: list[ast.AST] = list(func.body)
    while stack:
        node = stack.pop(0)
        if isinstance(node, ast.Return) and node.value is not None:
            for default in defaults:
                if _text(node.value) != default:
                    yield node.value, ast.parse(default, mode="eval").body, f"`return {_text(node.value)}` → `return {default}`"
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def _registration_sites(node: ast.Assign) -> Iterator[Site]:
    """One entry dropped from a module-level registry (`CHECKS = (a, b)`, `MODULES = (...)`, or any
    upper-case tuple or list of functions)."""
    if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name) or not isinstance(node.value, (ast.Tuple, ast.List)):
        return
    name, elements = node.targets[0].id, node.value.elts
    if not name.isupper() or not elements or not (name.endswith(REGISTRY_NAMES) or all(isinstance(e, ast.Name) for e in elements)):
        return
    for i, element in enumerate(elements):
        rest = [*elements[:i], *elements[i + 1 :]]
        new = ast.Tuple(rest, ast.Load()) if isinstance(node.value, ast.Tuple) else ast.List(rest, ast.Load())
        yield node.value, new, f"registration dropped: `{_text(element)}` from `{name}`"


def sites(tree: ast.Module) -> list[Site]:
    """Every mutation of the module, in a fixed order (the same source always gives the same list)."""
    skip = _untouchable(tree)
    found: list[Site] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            found.extend(_compare_sites(node))
        elif isinstance(node, ast.Constant):
            found.extend(_constant_sites(node))
        elif isinstance(node, ast.BoolOp):
            swapped = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            names = ("and", "or") if isinstance(node.op, ast.And) else ("or", "and")
            found.append((node, ast.BoolOp(swapped, node.values), f"`{names[0]}` → `{names[1]}`"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            found.append((node, node.operand, f"`not` dropped: `{_text(node)}`"))
        elif isinstance(node, ast.BinOp):
            found.extend(_offset_sites(node))
        elif isinstance(node, ast.Slice):
            found.extend(_slice_sites(node))
        elif isinstance(node, ast.If):
            found.extend(_guard_sites(node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.extend(_return_sites(node))
        elif isinstance(node, ast.Assign) and node in tree.body:
            found.extend(_registration_sites(node))
    return found


def _offset(lines: list[str], line: int, col: int) -> int:
    """Character offset in the text of (1-based line, UTF-8 byte column), as `ast` reports them."""
    before = sum(len(text) for text in lines[: line - 1])
    return before + len(lines[line - 1].encode("utf-8")[:col].decode("utf-8"))


@dataclass(frozen=True)
class Mutant:
    """One planted bug: the `index`-th site of `path`, at `line`."""

    path: str
    index: int
    line: int
    column: int  # 1-based, in characters
    description: str
    code: str  # the original source line, for the report

    def source(self, root: Path) -> str:
        """The mutated module: the site's expression replaced by its mutation, in brackets."""
        text = (root / self.path).read_text(encoding="utf-8")
        node, new, _ = sites(ast.parse(text))[self.index]
        lines = text.splitlines(keepends=True)
        start = _offset(lines, node.lineno, node.col_offset)
        end = _offset(lines, node.end_lineno or node.lineno, node.end_col_offset or 0)
        return text[:start] + "(" + ast.unparse(new) + ")" + text[end:]


def mutants(paths: list[str], root: Path = ROOT) -> list[Mutant]:
    """Every mutant of every module, in a fixed order."""
    found: list[Mutant] = []
    for path in paths:
        text = (root / path).read_text(encoding="utf-8")
        lines = text.splitlines()
        for index, (node, new, description) in enumerate(sites(ast.parse(text))):
            try:
                ast.unparse(new)
            except ValueError:  # an f-string that Python before 3.12 cannot write back
                continue
            line = lines[node.lineno - 1]
            column = len(line.encode("utf-8")[: node.col_offset].decode("utf-8")) + 1
            found.append(Mutant(path, index, node.lineno, column, description, line.strip()))
    return found


# --- running the tests ----------------------------------------------------------------------------


# The tests that pin each area's behaviour, beyond the ones found by name: a mutant of a check can
# show in any rule's example table, a golden report or the example article; a format's or a
# reader's in the CLI and golden tests. Listed fastest and most specific first, since pytest stops
# at the first failure (`-x`).
RULE_TESTS = (
    "tests/test_rule_examples.py",
    "tests/test_check_modules.py",
    "tests/test_rules_meta.py",
    "tests/test_boundary.py",
    "tests/test_casing.py",
    "tests/test_consistency.py",
    "tests/test_glossary.py",
    "tests/test_marks.py",
    "tests/test_markup.py",
    "tests/test_placeholders.py",
    "tests/test_source_checks.py",
    "tests/test_spelling.py",
    "tests/test_typography.py",
    "tests/test_untranslated.py",
    "tests/test_language.py",
    "tests/test_quantities.py",
    "tests/test_scoring.py",
    "tests/test_article_pairs.py",
    "tests/test_example_article.py",
    "tests/test_goldens.py",
)
OUTPUT_TESTS = (
    "tests/test_text_format.py",
    "tests/test_sarif.py",
    "tests/test_gate_formats.py",
    "tests/test_html.py",
    "tests/test_output.py",
    "tests/test_terminal_injection.py",
    "tests/test_streaming.py",
    "tests/test_cli.py",
    "tests/test_cli_gate.py",
    "tests/test_example_article.py",
    "tests/test_goldens.py",
)
READER_TESTS = (
    "tests/test_readers_formats.py",
    "tests/test_readers_hardening.py",
    "tests/test_messy_batches.py",
    "tests/test_readers_fuzz.py",
    "tests/test_html.py",
    "tests/test_text_format.py",
    "tests/test_streaming.py",
    "tests/test_cli.py",
    "tests/test_example_article.py",
    "tests/test_goldens.py",
)
AREA_TESTS = {"checks": RULE_TESTS, "formats": OUTPUT_TESTS, "readers": READER_TESTS}
MODULE_AREA = {
    "scoring": "checks",
    "quantities": "checks",
    "capitals": "checks",
    "language": "checks",
    "lexicon": "checks",
    "output": "formats",
}
# Model, browser, server and timing tests: minutes each, and none of them decides what the mutated
# modules' rules find; they run for a mutant only when found by name (the evidence checks).
HEAVY_TESTS = (
    "tests/test_tm.py",
    "tests/test_ray.py",
    "tests/test_server.py",
    "tests/test_server_browser.py",
    "tests/test_html_browser.py",
    "tests/test_evidence_models.py",
    "tests/test_readers_fuzz.py",
    "tests/test_fuzz_pipeline.py",
    "tests/test_properties.py",
)


# Tests that name every module without testing what it decides (the import-graph rules).
NOT_BY_NAME = ("test_imports.py",)


def tests_for(path: str, root: Path = ROOT) -> list[str]:
    """The test files of a module, most specific first: the mutant tests
    (`tests/test_mutants_*.py`), `test_<stem>*.py` and files that name its dotted path, then the
    area's tests (`AREA_TESTS`); timing tests never, heavy ones only when found by name."""
    stem = Path(path).stem
    dotted = path[:-3].replace("/", ".")
    parent = Path(path).parent.name
    area = parent if parent in AREA_TESTS else MODULE_AREA.get(stem, "")
    named = [t.relative_to(root).as_posix() for t in sorted((root / "tests").glob("test_mutants_*.py"))]
    for test in sorted((root / "tests").glob("test_*.py")):
        text = test.read_text(encoding="utf-8")
        if (
            test.stem.startswith(f"test_{stem}")
            or dotted in text
            or re.search(rf"from {re.escape(dotted.rpartition('.')[0])} import [^\n]*\b{stem}\b", text)
        ):
            named.append(test.relative_to(root).as_posix())
    if stem in ("__init__", "base") and area:  # a package's plumbing: every test of its area
        named = [t for t in named if t not in HEAVY_TESTS]
    ordered = [*named, *AREA_TESTS.get(area, ()), *ALWAYS_RUN]
    chosen = [t for t in dict.fromkeys(ordered) if (root / t).is_file() and t not in TIMING_TESTS]
    return [t for t in chosen if t not in HEAVY_TESTS or t in named]


def broad_suite(root: Path = ROOT) -> list[str]:
    """Every non-slow test file except the timing and heavy ones: the confirmation run of a
    survivor (`--confirm broad`)."""
    every = sorted(t.relative_to(root).as_posix() for t in (root / "tests").glob("test_*.py"))
    return [t for t in every if t not in TIMING_TESTS and t not in HEAVY_TESTS]


def run_tests(copy_root: Path, tests: list[str], timeout: float, show_failure: bool = False) -> tuple[str, str]:
    """'passed', 'failed' or 'timeout' for the tests (all non-slow tests when `tests` is empty),
    and the first failing test's node id (pytest's short summary) when one failed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MTAUDIT_")}
    env |= {"PYTHONPATH": str(copy_root), "PYTHONDONTWRITEBYTECODE": "1"}
    ignored = [f"--ignore={t}" for t in TIMING_TESTS if (copy_root / t).is_file()]
    ignored += [f"--deselect={t}" for t in MEMORY_TESTS if (copy_root / t.split("::")[0]).is_file()]
    try:
        done = subprocess.run([*PYTEST, *ignored, *tests], cwd=copy_root, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    output = done.stdout.decode("utf-8", "replace")
    if done.returncode and show_failure:
        print(output[-3000:], file=sys.stderr)
    failed = re.search(r"^(?:FAILED|ERROR) (\S+)", output, re.MULTILINE)
    return ("passed" if done.returncode == 0 else "failed"), (failed.group(1) if failed else "")


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # killed, survived, timeout, not run
    seconds: float
    killer: str = ""  # the first failing test of a killed mutant


def confirmation_tests(confirm: str, root: Path) -> list[str] | None:
    """What a survivor of its module's tests runs next: nothing (`none`), every non-slow test but
    the heavy and timing ones (`broad`), or the whole non-slow suite (`full`, an empty list)."""
    return {"none": None, "broad": broad_suite(root), "full": []}[confirm]


def try_mutant(mutant: Mutant, copy_root: Path, timeout: float, only: list[str] | None = None, confirm: str = "broad") -> Outcome:
    """Write the mutant into the copy, run its tests (then the confirmation set of `confirm` if
    they pass; only the tests of `only` when given), restore."""
    start = time.monotonic()
    target = copy_root / mutant.path
    # The copy was made when the run started: a module edited in the working tree since then does
    # not move this mutant to another site.
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(mutant.source(copy_root), encoding="utf-8")
        tests = only or tests_for(mutant.path, copy_root)
        result, killer = run_tests(copy_root, tests, timeout)
        more = None if only else confirmation_tests(confirm, copy_root)
        if result == "passed" and more is not None and set(more) != set(tests):
            result, killer = run_tests(copy_root, [t for t in more if t not in tests], timeout * 3)
    finally:
        target.write_text(original, encoding="utf-8")
    status = {"failed": "killed", "passed": "survived", "timeout": "timeout"}[result]
    return Outcome(mutant, status, time.monotonic() - start, killer)


def make_copy(scratch: Path, n: int) -> Path:
    """A copy of the repository (sources, tests, fixtures; no .git, no virtualenv) to mutate."""
    target = scratch / f"copy{n}"
    shutil.copytree(ROOT, target, ignore=IGNORED)
    return target


def run_all(
    chosen: list[Mutant], jobs: int, budget: float, timeout: float | None, only: list[str] | None = None, confirm: str = "broad"
) -> tuple[list[Outcome], float]:
    """Try every mutant, `jobs` at a time, each in its own copy; stop starting new ones when the
    budget is spent. Returns the outcomes and the seconds the unmutated tests took (every test
    file a chosen mutant runs; `only` when given)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mtaudit-mutation-") as scratch:
        copies: queue.Queue[Path] = queue.Queue()
        for n in range(jobs):
            copies.put(make_copy(Path(scratch), n))
        first = copies.get()
        t0 = time.monotonic()
        every_test = only or sorted({t for m in chosen for t in tests_for(m.path, first)})
        if run_tests(first, every_test, 900, show_failure=True)[0] != "passed":
            raise SystemExit("mutation: error: the unmutated tests fail; fix them before measuring mutants")
        baseline = time.monotonic() - t0
        copies.put(first)
        limit = timeout or max(300.0, 2 * baseline)
        printing = threading.Lock()

        def one(mutant: Mutant) -> Outcome:
            if time.monotonic() - started > budget:
                return Outcome(mutant, "not run", 0.0)
            root = copies.get()
            try:
                outcome = try_mutant(mutant, root, limit, only, confirm)
            finally:
                copies.put(root)
            with printing:  # one whole line per mutant, whichever job finishes
                print(
                    f"{outcome.status:8} {outcome.seconds:5.1f}s {mutant.path}:{mutant.line}:{mutant.column} {mutant.description} {outcome.killer}".rstrip(),
                    file=sys.stderr,
                    flush=True,
                )
            return outcome

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(one, chosen))
    return outcomes, baseline


# --- the report ---------------------------------------------------------------------------------------


def report(outcomes: list[Outcome], total: int, command: str, baseline: float, confirm: str = "broad") -> str:
    """The Markdown results: kill ratio per module and overall, survivors and timeouts listed."""
    ran = [o for o in outcomes if o.status != "not run"]
    per_module: dict[str, Counter[str]] = {}
    for o in outcomes:
        per_module.setdefault(o.mutant.path, Counter())[o.status] += 1
    # A timeout is undecided: on a loaded machine a slow test run is no proof that the mutant broke
    # anything, so timeouts are listed, not counted as killed.
    killed = sum(o.status == "killed" for o in ran)
    decided = sum(o.status in ("killed", "survived") for o in ran)
    lines = [
        "# Mutation testing results",
        "",
        "Made by `benchmarks/mutation.py` (see its docstring for the mutations and how tests are chosen):",
        "",
        "```sh",
        command,
        "```",
        "",
        f"{len(outcomes)} of {total} possible mutants sampled, {len(ran)} run"
        + (f"; the tests they run took {baseline:.0f} s unmutated. " if baseline else ". ")
        + f"**Killed {killed} of {decided} ({killed / max(decided, 1):.0%})**; timeouts (listed below) are not counted.",
        "",
        "| module | mutants run | killed | timeout | survived | kill ratio |",
        "|---|---|---|---|---|---|",
    ]
    for path in sorted(per_module):
        c = per_module[path]
        n = c["killed"] + c["timeout"] + c["survived"]
        ratio = f"{c['killed'] / (c['killed'] + c['survived']):.0%}" if c["killed"] + c["survived"] else "—"
        lines.append(f"| `{path}` | {n} | {c['killed']} | {c['timeout']} | {c['survived']} | {ratio} |")
    survivors = [o for o in ran if o.status == "survived"]
    lines += ["", f"## Survivors ({len(survivors)})", ""]
    passed = {
        "none": "the module's tests (`tests_for`)",
        "broad": "the module's tests and every non-slow test but the heavy and timing ones",
        "full": "the module's tests and the whole non-slow suite",
    }[confirm]
    lines += [f"Each passed {passed}: a test gap, or an equivalent mutant.", ""]
    for o in sorted(survivors, key=lambda o: (o.mutant.path, o.mutant.line)):
        lines.append(f"- `{o.mutant.path}:{o.mutant.line}:{o.mutant.column}` {o.mutant.description} — in `{o.mutant.code[:100]}`")
    killers = Counter(o.killer.split("::")[0] for o in ran if o.status == "killed" and o.killer)
    if killers:
        lines += ["", "## Which test files killed them (the first failure of each killed mutant)", ""]
        lines += [f"- `{test}`: {count}" for test, count in killers.most_common()]
    timeouts = [o for o in ran if o.status == "timeout"]
    if timeouts:
        lines += ["", f"## Timeouts ({len(timeouts)})", ""]
        lines += [f"- `{o.mutant.path}:{o.mutant.line}:{o.mutant.column}` {o.mutant.description}" for o in timeouts]
    not_run = len(outcomes) - len(ran)
    if not_run:
        lines += ["", f"{not_run} sampled mutants were not run: the time budget was spent."]
    return "\n".join(lines) + "\n"


LOG_LINE = re.compile(r"^(killed|survived|timeout)\s+[\d.]+s (\S+:\d+:\d+ .*?)(?: (tests/\S+))?$")


def outcomes_from_logs(chosen: list[Mutant], logs: list[Path]) -> list[Outcome]:
    """The outcomes of `chosen` as earlier runs printed them (one line per mutant on standard
    error), a later log overriding an earlier one: how a second pass, which runs the survivors of
    the first against new tests, is merged into one report. A mutant in no log was not run."""
    by_key = {f"{m.path}:{m.line}:{m.column} {m.description}": m for m in chosen}
    found: dict[str, Outcome] = {}
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            match = LOG_LINE.match(line)
            if match and match.group(2) in by_key:
                found[match.group(2)] = Outcome(by_key[match.group(2)], match.group(1), 0.0, match.group(3) or "")
    return [found.get(key, Outcome(m, "not run", 0.0)) for key, m in by_key.items()]


def logged_keys(logs: list[Path]) -> set[str]:
    """The `path:line:col description` of every mutant the logs of earlier runs decided."""
    keys = set()
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            match = LOG_LINE.match(line)
            if match:
                keys.add(match.group(2))
    return keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules or folders, relative to the repository root (default: the issue-17 set)")
    parser.add_argument("--sample", type=int, default=0, help="run a seeded random sample of N mutants (default: all)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget-seconds", type=float, default=3600, help="start no new mutant after this many seconds")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per test run (default: 3× the unmutated suite, at least 30)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once, each in its own copy (default 1)")
    parser.add_argument("--match", default="", help="only mutants whose `path:line:col description` matches this regular expression")
    parser.add_argument(
        "--tests",
        nargs="+",
        default=None,
        help="run only these test files or node ids per mutant (a quick check of a new test; no full-suite run)",
    )
    parser.add_argument(
        "--confirm",
        choices=("none", "broad", "full"),
        default="broad",
        help="what a survivor of its module's tests runs next: nothing, every non-slow test but the heavy and timing ones (default), or the whole non-slow suite",
    )
    parser.add_argument(
        "--from-logs",
        nargs="+",
        type=Path,
        default=None,
        help="run nothing: write the report of the chosen mutants from the standard-error logs of earlier runs (a later log overrides)",
    )
    parser.add_argument(
        "--skip-logs",
        nargs="+",
        type=Path,
        default=None,
        help="leave out the mutants these earlier runs' logs already decided (continue a sample whose budget ran out)",
    )
    parser.add_argument("--list", action="store_true", help="only list the mutants and their count")
    parser.add_argument("-o", "--output", type=Path, default=RESULTS, help=f"results file (default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    modules: list[str] = []
    for given in args.modules or default_modules():  # a folder stands for its modules
        folder = ROOT / given
        modules += sorted(p.relative_to(ROOT).as_posix() for p in folder.glob("*.py")) if folder.is_dir() else [given]
    missing = [m for m in modules if not (ROOT / m).is_file()]
    if missing:
        parser.error(f"no such module: {', '.join(missing)} (give paths relative to {ROOT})")
    every = mutants(modules)
    if args.match:
        every = [m for m in every if re.search(args.match, f"{m.path}:{m.line}:{m.column} {m.description}")]
    chosen = random.Random(args.seed).sample(every, min(args.sample, len(every))) if args.sample else every
    # Run them in a seeded random order, so that a spent budget leaves a fair sample of every
    # module rather than the alphabet's first half.
    chosen.sort(key=lambda m: (m.path, m.index))
    random.Random(args.seed).shuffle(chosen)
    if args.skip_logs:
        done = logged_keys(args.skip_logs)
        chosen = [m for m in chosen if f"{m.path}:{m.line}:{m.column} {m.description}" not in done]
    if args.list:
        for m in chosen:
            print(f"{m.path}:{m.line}:{m.column} {m.description}")
        print(f"{len(chosen)} of {len(every)} mutants")
        return 0
    if args.from_logs:
        outcomes = outcomes_from_logs(chosen, args.from_logs)
        command = "python benchmarks/mutation.py " + " ".join(sys.argv[1:] if argv is None else argv)
        text = report(outcomes, len(every), command.strip(), 0.0, args.confirm)
        args.output.write_text(text, encoding="utf-8")
        print(text)
        return 0
    outcomes, baseline = run_all(chosen, max(1, args.jobs), args.budget_seconds, args.timeout, args.tests, args.confirm)
    command = "python benchmarks/mutation.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = report(outcomes, len(every), command.strip(), baseline, (args.tests and "none") or args.confirm)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
