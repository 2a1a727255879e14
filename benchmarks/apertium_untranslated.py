"""Untranslated words in real machine translation, scored against the engine's own marks.

    python benchmarks/apertium_untranslated.py [ARTICLES_DIR] [--limit N] [--pair eng-spa]

Translates English articles with Apertium twice: once as published (`apertium -u`, no marks) and
once with its marks (`*word`: a word the engine did not know and copied). The marked words are the
gold: `untranslated.word` on the unmarked output, with the English source given, should find them
and nothing else. Also counts `markup.unknown-word-mark` on the marked output.
Needs Debian's `apertium-eng-spa`.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

from mtaudit.evidence.translators.apertium import ISO3
from mtaudit.pipeline import AuditOptions, audit
from mtaudit.records import Document

_MARKED = re.compile(r"\*([^\W\d_][\w'’-]*)")


def translate(text: str, pair: str, marks: bool) -> str:
    command = ["apertium", pair] if marks else ["apertium", "-u", pair]
    return subprocess.run(command, input=text, capture_output=True, text=True, check=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", nargs="?", default="../shared/data/clean-news-en-dev/business")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--pair", default="eng-spa")
    args = parser.parse_args()
    target_code = args.pair.split("-")[1]
    target_lang = {three: two for two, three in ISO3.items()}.get(target_code, target_code)
    found = true_found = gold_lower = marks_found = marks_gold = 0
    for path in sorted(Path(args.articles).glob("*.txt"))[: args.limit]:
        source = path.read_text(encoding="utf-8")
        plain, marked = translate(source, args.pair, False), translate(source, args.pair, True)
        gold = {m.group(1).lower() for m in _MARKED.finditer(marked) if m.group(1).islower()}
        gold_lower += len(gold)
        options = AuditOptions(select=("untranslated.word",), source_lang="en")
        result = audit([Document(path.name, plain, source=source, source_lang="en", target_lang=target_lang)], options)
        flagged = {f.text.lower() for f in result.documents[0].findings}
        found += len(flagged)
        true_found += len(flagged & gold)
        marks = audit([Document(path.name, marked, target_lang=target_lang)], AuditOptions(select=("markup.unknown-word-mark",)))
        marks_found += len(marks.documents[0].findings)
        marks_gold += len(_MARKED.findall(marked))
    print(f"untranslated.word: {found} distinct words flagged, {true_found} marked unknown by the engine "
          f"(precision {true_found / max(found, 1):.2f}); {gold_lower} distinct lower-case unknown words "
          f"(recall {true_found / max(gold_lower, 1):.2f})")
    print(f"markup.unknown-word-mark: {marks_found} of {marks_gold} marks found")


if __name__ == "__main__":
    main()
