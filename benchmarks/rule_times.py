"""Where the checks spend their time: each rule's CPU time over the documents of a file, in one process.

    python benchmarks/rule_times.py ../shared/data/mqm-ted-zhen-dev/segments.jsonl --top 20 --rounds 2

The documents are read and prepared as `mtaudit audit` prepares them (`pipeline.prepare_all`, the
run-wide case votes) and the target language's data is loaded first (it is no rule's time). Then
every selected check runs on each document in registry order, as `pipeline.run_checks` runs them,
each timed with `time.process_time`. Round 1 is the audit's own: the analyses that
`CheckContext` computes once per document (numbers, capitals, case votes) and each word's first
look-up in the dictionaries count against the first rule that asks for them. Later rounds run the
checks again on the same contexts, once all that is cached: the rules' own work.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from dataclasses import replace

from mtaudit import pipeline
from mtaudit.options import AuditOptions
from mtaudit.readers import read_inputs
from mtaudit.registry import select_checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a file or folder that `mtaudit audit` reads")
    parser.add_argument("--top", type=int, default=25, help="how many rules to list, slowest first")
    parser.add_argument("--rounds", type=int, default=2, help="round 1 as in an audit; later rounds with every cache warm")
    args = parser.parse_args()

    options = AuditOptions()
    documents = read_inputs([args.path]).documents
    started = time.process_time()
    contexts, _errors = pipeline.prepare_all(documents, options)
    votes = pipeline.case_votes(contexts)
    contexts = [replace(ctx, corpus_case_votes=votes) for ctx in contexts]
    prepared = time.process_time()
    for ctx in contexts:
        ctx.lexicon, ctx.language  # noqa: B018 (loaded here: no rule's time)
    loaded = time.process_time()
    print(f"{len(contexts)} documents: prepared in {prepared - started:.3f} s CPU, language data loaded in {loaded - prepared:.3f} s")

    checks = select_checks(options.select, options.ignore, evidence=False, on_demand=pipeline.on_demand_checks(contexts, options))
    plans = [pipeline.document_checks(ctx, checks, options) for ctx in contexts]
    for round_number in range(1, args.rounds + 1):
        spent: dict[str, float] = defaultdict(float)
        for ctx, plan in zip(contexts, plans, strict=True):
            for item in plan:
                if item.rule.needs_source and ctx.source is None:
                    continue
                start = time.process_time()
                for _finding in item(ctx):
                    pass
                spent[item.rule.id] += time.process_time() - start
        print(f"round {round_number}: {sum(spent.values()):.3f} s CPU in {len(spent)} rules")
        for rule_id, seconds in sorted(spent.items(), key=lambda item: -item[1])[: args.top]:
            print(f"  {seconds * 1000:8.1f} ms  {rule_id}")


if __name__ == "__main__":
    main()
