"""Hostile-input cases of issue 18, one per run: CPU seconds and peak memory of one case.

    PYTHONPATH=$PWD python benchmarks/hostile_input.py word16k
    for c in word16k numbers500 spaces40k sentences8k backticks30k guillemets100k crosslinks names_anchor; do
        PYTHONPATH=$PWD timeout 90 python benchmarks/hostile_input.py $c; done

Run it with another checkout on PYTHONPATH for a before/after comparison."""

import resource
import sys
import time

from mtaudit.options import AuditOptions
from mtaudit.pipeline import audit, merge_findings, prepare, run_checks
from mtaudit.records import Document
from mtaudit.registry import select_checks


def doc(text, source=None, path=None):
    return Document("x", text, path=path, source=source, source_lang="fr" if source else None, target_lang="en")

CASES = {
 "word16k": lambda: audit([doc("The minister spoke on Monday. " * 450 + "a" + "b" * 16000)]),
 "numbers500": lambda: audit([doc(" ".join(str(i * 13 + 1) for i in range(500)) + ".", " ".join(str(i * 7 + 1000) for i in range(500)) + ".")], AuditOptions(select=("source",))),
 "spaces40k": lambda: audit([doc("x" + " " * 40000 + "y")], AuditOptions(select=("markup.metadata",))),
 "sentences8k": lambda: audit([doc("He said 6 words. " * 8000, "Il a dit 25 mots. " * 8000)], AuditOptions(select=("source",))),
 "backticks30k": lambda: audit([doc("`" * 30000 + "a", path="x.md")], AuditOptions(select=("markup",))),
 "guillemets100k": lambda: audit([doc("«a " * 33000 + ".")], AuditOptions(select=("markup.placeholder",))),
 "codechunk": lambda: audit([doc("".join(f"xq{i}z/" for i in range(8000)))], AuditOptions(select=("spelling",))),
 "crosslinks": lambda: audit([doc("Read also: x! " * 20000)], AuditOptions(select=("markup.cross-link",))),
 "debris_merge": lambda: merge_findings(*(lambda c: (run_checks(c, select_checks(evidence=False)), c.skipped))(prepare(doc("<b>x</b> statment date 2022-02-20 The " * 4000), AuditOptions()))),
 "names_anchor": lambda: audit([doc("x " + " ".join(f"Name{i}" for i in range(8000)) + ".", "x " + " ".join(f"Name{i}" for i in range(8000)) + ".")], AuditOptions(select=("source.number-mismatch",))),
}
name = sys.argv[1]
start = time.process_time()
CASES[name]()
print(f"{name}: {time.process_time() - start:.2f} s CPU, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
