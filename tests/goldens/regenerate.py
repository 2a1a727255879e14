"""Golden reports: the JSON and text output of the fixtures, committed so that a review shows any
change of behaviour as a diff.

    python tests/goldens/regenerate.py        # write every golden anew (after a change that is meant)
    python tests/goldens/regenerate.py --check  # compare only: exit 1 and name the goldens that differ

Each case is a `mtaudit audit` command line run on fixtures; each is written in both formats to
`tests/goldens/<case>.json` and `tests/goldens/<case>.txt`, and its exit codes to
`tests/goldens/exit-codes.txt`. The audits run in a fresh Python process (the real command-line
entry point, `mtaudit.cli.main`, once per case and format) with a fixed `PYTHONHASHSEED`, without
the user's caches or `MTAUDIT_*` settings, from the repository root so that paths are relative.
`tests/test_goldens.py` runs the same process under several hash seeds and compares byte for byte.

The goldens depend on the installed Hunspell dictionaries (English and French), as the findings do:
on a machine without them the test skips, and this script refuses to write.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXIT_CODES = HERE / "exit-codes.txt"
FORMATS = ("json", "txt")
LANGUAGES = ("en", "fr")

# name → arguments of `mtaudit audit` (paths relative to the repository root)
CASES: dict[str, tuple[str, ...]] = {
    "example-fr-en-news": ("fixtures/example-fr-en-news.txt",),
    "source-fr-en": ("fixtures/source-en.txt", "--source", "fixtures/source-fr.txt"),
    "source-en-fr": ("fixtures/source-fr.txt", "--source", "fixtures/source-en.txt"),
    "council-notes-md": ("tests/goldens/inputs/council-notes.md",),
    "formats": tuple(sorted(f"fixtures/formats/{p.name}" for p in (ROOT / "fixtures" / "formats").iterdir())),
}


def golden_path(case: str, fmt: str) -> Path:
    return HERE / f"{case}.{fmt}"


def environment(seed: int) -> dict[str, str]:
    """The environment of a golden run: this tree first on the path, a fixed hash seed, no colour,
    offline, empty caches, and none of the user's MTAUDIT_* settings but where dictionaries are."""
    scratch = tempfile.mkdtemp(prefix="mtaudit-goldens-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MTAUDIT_") or k == "MTAUDIT_DICT_PATH"}
    env.update(
        PYTHONPATH=str(ROOT),
        PYTHONHASHSEED=str(seed),
        NO_COLOR="1",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        HF_HOME=os.path.join(scratch, "hf"),
        XDG_CACHE_HOME=os.path.join(scratch, "xdg"),
        MTAUDIT_CACHE_DIR=os.path.join(scratch, "mtaudit"),
    )
    for name in ("HF_HUB_CACHE", "TRANSFORMERS_CACHE", "HUGGINGFACE_HUB_CACHE"):
        env.pop(name, None)
    return env


# The worker: one fresh interpreter runs every case through the command line's own entry point.
WORKER = """
import json, sys
from mtaudit.cli import main
out, cases = sys.argv[1], json.loads(sys.argv[2])
codes = {}
for name, args in cases.items():
    for fmt, flag in (("json", "json"), ("txt", "text")):
        try:
            main(["audit", *args, "--format", flag, "-o", f"{out}/{name}.{fmt}"], prog_name="mtaudit")
        except SystemExit as done:  # the exit code is the result, recorded and compared
            codes[f"{name}.{fmt}"] = done.code or 0
print(json.dumps(codes))
"""


def run(seed: int, out: Path, cases: dict[str, tuple[str, ...]] | None = None) -> dict[str, int]:
    """Audit every case in one fresh process under `seed`, writing `<case>.json` and `<case>.txt`
    into `out`; returns the exit code of each output."""
    chosen = CASES if cases is None else cases
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(out), json.dumps(chosen)],
        cwd=ROOT,
        env=environment(seed),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"golden run failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def format_exit_codes(codes: dict[str, int]) -> str:
    return "".join(f"{name} {code}\n" for name, code in sorted(codes.items()))


def missing_dictionaries() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from mtaudit.lexicon import dictionary_path

    return [lang for lang in LANGUAGES if dictionary_path(lang) is None]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed goldens instead of writing them")
    parser.add_argument("--seed", type=int, default=0, help="PYTHONHASHSEED of the run (default 0)")
    args = parser.parse_args(argv)
    missing = missing_dictionaries()
    if missing:
        print(f"regenerate: error: no Hunspell dictionary for {', '.join(missing)}: the goldens would lose findings", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mtaudit-goldens-") as scratch:
        out = Path(scratch)
        codes = run(args.seed, out)
        changed = [
            golden_path(case, fmt).name
            for case in CASES
            for fmt in FORMATS
            if not golden_path(case, fmt).is_file() or golden_path(case, fmt).read_bytes() != (out / f"{case}.{fmt}").read_bytes()
        ]
        if not EXIT_CODES.is_file() or EXIT_CODES.read_text(encoding="utf-8") != format_exit_codes(codes):
            changed.append(EXIT_CODES.name)
        if args.check:
            print("\n".join(f"differs: {name}" for name in changed) or "goldens unchanged")
            return 1 if changed else 0
        for case in CASES:
            for fmt in FORMATS:
                golden_path(case, fmt).write_bytes((out / f"{case}.{fmt}").read_bytes())
        EXIT_CODES.write_text(format_exit_codes(codes), encoding="utf-8")
    print(f"wrote {len(CASES) * len(FORMATS)} goldens and {EXIT_CODES.name}; changed: {', '.join(changed) or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
