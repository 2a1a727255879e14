"""Mutation testing: plant one small bug at a time and see whether the test suite notices (issue 17).

A green suite proves little if a broken rule still passes it. This harness parses each chosen module
with `ast`, lists the small bugs ("mutants") it could plant, and for each one (or a seeded sample)
writes the mutated module into a *copy* of the repository in a temporary folder (the working tree is
never touched), runs the tests that belong to that module with
`pytest -x -q -p no:cacheprovider`, and classifies the mutant:

- killed: a test failed (or the mutated module no longer imports);
- survived: the module's tests pass *and* so does the full suite (`-m "not slow"`);
- timeout: the tests ran past the per-mutant limit (an infinite loop counts as caught, but is listed).

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
compare CPU times (`TIMING_TESTS`) are never run for a mutant: they could only kill one by chance.
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


def default_modules(root: Path = ROOT) -> list[str]:
    """The modules issue 17 names, as far as they exist in this tree: the checks, scoring, the text
    and JSON formats, the readers and the Language layer."""
    package = root / "mtaudit"
    found = sorted(p for p in (package / "checks").glob("*.py"))
    for name in ("scoring.py", "formats/text.py", "formats/json.py", "quantities.py", "capitals.py", "language.py", "lexicon.py", "output.py"):
        if (package / name).is_file():
            found.append(package / name)
    for folder in ("readers",):
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


def tests_for(path: str, root: Path = ROOT) -> list[str]:
    """The test files of a module: `test_<stem>*.py`, files that name its dotted path, and the
    end-to-end example test; empty (meaning the full suite) when none is found by name."""
    stem = Path(path).stem
    dotted = path[:-3].replace("/", ".")
    parent = Path(path).parent.name
    named = []
    for test in sorted((root / "tests").glob("test_*.py")):
        text = test.read_text(encoding="utf-8")
        if test.stem.startswith(f"test_{stem}") or dotted in text or re.search(rf"from {re.escape(dotted.rpartition('.')[0])} import [^\n]*\b{stem}\b", text):
            named.append(test.relative_to(root).as_posix())
    if not named or (parent == "checks" and stem in ("__init__", "base")):
        return []
    return sorted(set(named) | {t for t in ALWAYS_RUN if (root / t).is_file()})


def run_tests(copy_root: Path, tests: list[str], timeout: float, show_failure: bool = False) -> str:
    """'passed', 'failed' or 'timeout' for the tests (all non-slow tests when `tests` is empty)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MTAUDIT_")}
    env |= {"PYTHONPATH": str(copy_root), "PYTHONDONTWRITEBYTECODE": "1"}
    ignored = [f"--ignore={t}" for t in TIMING_TESTS if (copy_root / t).is_file()]
    try:
        done = subprocess.run([*PYTEST, *ignored, *tests], cwd=copy_root, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode and show_failure:
        print(done.stdout.decode("utf-8", "replace")[-3000:], file=sys.stderr)
    return "passed" if done.returncode == 0 else "failed"


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # killed, survived, timeout, not run
    seconds: float


def try_mutant(mutant: Mutant, copy_root: Path, timeout: float, only: list[str] | None = None) -> Outcome:
    """Write the mutant into the copy, run its tests (then the full suite if they pass; only the
    tests of `only` when given), restore."""
    start = time.monotonic()
    target = copy_root / mutant.path
    original = (ROOT / mutant.path).read_text(encoding="utf-8")
    try:
        target.write_text(mutant.source(ROOT), encoding="utf-8")
        tests = only or tests_for(mutant.path, copy_root)
        result = run_tests(copy_root, tests, timeout)
        if result == "passed" and tests and not only:
            result = run_tests(copy_root, [], timeout * 3)
    finally:
        target.write_text(original, encoding="utf-8")
    status = {"failed": "killed", "passed": "survived", "timeout": "timeout"}[result]
    return Outcome(mutant, status, time.monotonic() - start)


def make_copy(scratch: Path, n: int) -> Path:
    """A copy of the repository (sources, tests, fixtures; no .git, no virtualenv) to mutate."""
    target = scratch / f"copy{n}"
    shutil.copytree(ROOT, target, ignore=IGNORED)
    return target


def run_all(chosen: list[Mutant], jobs: int, budget: float, timeout: float | None, only: list[str] | None = None) -> tuple[list[Outcome], float]:
    """Try every mutant, `jobs` at a time, each in its own copy; stop starting new ones when the
    budget is spent. Returns the outcomes and the baseline seconds of the full suite (of `only`,
    the given tests, when set)."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mtaudit-mutation-") as scratch:
        copies: queue.Queue[Path] = queue.Queue()
        for n in range(jobs):
            copies.put(make_copy(Path(scratch), n))
        first = copies.get()
        t0 = time.monotonic()
        if run_tests(first, only or [], 600, show_failure=True) != "passed":
            raise SystemExit("mutation: error: the unmutated suite fails; fix it before measuring mutants")
        baseline = time.monotonic() - t0
        copies.put(first)
        limit = timeout or max(30.0, 3 * baseline)
        printing = threading.Lock()

        def one(mutant: Mutant) -> Outcome:
            if time.monotonic() - started > budget:
                return Outcome(mutant, "not run", 0.0)
            root = copies.get()
            try:
                outcome = try_mutant(mutant, root, limit, only)
            finally:
                copies.put(root)
            with printing:  # one whole line per mutant, whichever job finishes
                print(f"{outcome.status:8} {outcome.seconds:5.1f}s {mutant.path}:{mutant.line}:{mutant.column} {mutant.description}", file=sys.stderr, flush=True)
            return outcome

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(one, chosen))
    return outcomes, baseline


# --- the report ---------------------------------------------------------------------------------------


def report(outcomes: list[Outcome], total: int, command: str, baseline: float) -> str:
    """The Markdown results: kill ratio per module and overall, survivors and timeouts listed."""
    ran = [o for o in outcomes if o.status != "not run"]
    per_module: dict[str, Counter[str]] = {}
    for o in outcomes:
        per_module.setdefault(o.mutant.path, Counter())[o.status] += 1
    killed = sum(o.status in ("killed", "timeout") for o in ran)
    lines = [
        "# Mutation testing results",
        "",
        "Made by `benchmarks/mutation.py` (see its docstring for the mutations and how tests are chosen):",
        "",
        "```sh",
        command,
        "```",
        "",
        f"{len(outcomes)} of {total} possible mutants sampled, {len(ran)} run; full non-slow suite {baseline:.0f} s unmutated. "
        f"**Killed {killed} of {len(ran)} ({killed / len(ran):.0%})**" + (" (timeouts count as killed)." if ran else "."),
        "",
        "| module | mutants run | killed | timeout | survived | kill ratio |",
        "|---|---|---|---|---|---|",
    ]
    for path in sorted(per_module):
        c = per_module[path]
        n = c["killed"] + c["timeout"] + c["survived"]
        ratio = f"{(c['killed'] + c['timeout']) / n:.0%}" if n else "—"
        lines.append(f"| `{path}` | {n} | {c['killed']} | {c['timeout']} | {c['survived']} | {ratio} |")
    survivors = [o for o in ran if o.status == "survived"]
    lines += ["", f"## Survivors ({len(survivors)})", ""]
    lines += ["Each passed the module's tests and the whole non-slow suite: a test gap, or an equivalent mutant.", ""]
    for o in sorted(survivors, key=lambda o: (o.mutant.path, o.mutant.line)):
        lines.append(f"- `{o.mutant.path}:{o.mutant.line}:{o.mutant.column}` {o.mutant.description} — in `{o.mutant.code[:100]}`")
    timeouts = [o for o in ran if o.status == "timeout"]
    if timeouts:
        lines += ["", f"## Timeouts ({len(timeouts)})", ""]
        lines += [f"- `{o.mutant.path}:{o.mutant.line}:{o.mutant.column}` {o.mutant.description}" for o in timeouts]
    not_run = len(outcomes) - len(ran)
    if not_run:
        lines += ["", f"{not_run} sampled mutants were not run: the time budget was spent."]
    return "\n".join(lines) + "\n"


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
        "--tests", nargs="+", default=None, help="run only these test files or node ids per mutant (a quick check of a new test; no full-suite run)"
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
    chosen.sort(key=lambda m: (m.path, m.index))
    if args.list:
        for m in chosen:
            print(f"{m.path}:{m.line}:{m.column} {m.description}")
        print(f"{len(chosen)} of {len(every)} mutants")
        return 0
    outcomes, baseline = run_all(chosen, max(1, args.jobs), args.budget_seconds, args.timeout, args.tests)
    command = "python benchmarks/mutation.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = report(outcomes, len(every), command.strip(), baseline)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
