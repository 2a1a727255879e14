"""What a check is: a `Rule` (stable id, category, severity, documentation, examples) and a function.

A check is a plain generator over one document's `CheckContext`:

    @check(
        "case.mid-sentence-capital",
        "fluency/spelling",
        Severity.MINOR,
        examples=(
            fires("said in A statment That Russia", "A", "a"),      # must flag "A", suggest "a"
            passes("She works for the Tripartite Contact Group.", "a run of capitals is a name"),
        ),
    )
    def mid_sentence_capital(ctx: CheckContext) -> Iterator[Finding]:
        '''What it catches / Why it matters / How it decides / Suggestion.'''
        ...
        yield ctx.finding(mid_sentence_capital.rule, start, end, "message", ["suggestion"])

The docstring *is* the rule's documentation: `mtaudit explain`, the README rule list and the HTML
report all read it, so it is written for users. Its "Examples" paragraph is written from the
`examples=` table, which `tests/test_rule_examples.py` runs: documentation and behaviour agree.
A check module imports only this module, the Language layer (`mtaudit.language`, `mtaudit.lexicon`)
and shared analyses outside `checks/` (`mtaudit.capitals`, `mtaudit.foreign`, `mtaudit.quantities`,
`mtaudit.segment`, `mtaudit.records`), never another check module.
"""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mtaudit.language import CLAUSE_OPENERS, Language, after_sentence_end, language
from mtaudit.lexicon import Lexicon, lexicon
from mtaudit.records import CATEGORIES, Document, Finding, Severity
from mtaudit.segment import Span, Token

if TYPE_CHECKING:
    from mtaudit.foreign import ForeignSentence
    from mtaudit.quantities import PairEntities


@dataclass(frozen=True)
class Rule:
    """The fixed description of one check: id, MQM category, default severity, documentation."""

    id: str
    category: str
    severity: Severity
    doc: str
    needs_source: bool = False
    examples: tuple[Example, ...] = ()

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.id


@dataclass(frozen=True)
class Check:
    """A rule and the function that finds its violations."""

    rule: Rule
    run: Callable[[CheckContext], Iterator[Finding]]

    def __call__(self, ctx: CheckContext) -> Iterator[Finding]:
        return self.run(ctx)


@dataclass(frozen=True)
class Example:
    """One line of a rule's table of examples: a text the rule must flag (`flagged` is the exact
    flagged text, `suggestion` its first suggestion, None for none) or, with `flagged` None, a
    near miss it must leave alone (`note` says why). `tests/test_rule_examples.py` runs every line;
    the rule's documentation shows them, so documentation and behaviour cannot drift."""

    text: str
    flagged: str | None
    suggestion: str | None = None
    note: str = ""
    lang: str = "en"
    source: str | None = None
    source_lang: str | None = None
    # Needs the language's Hunspell dictionary (the test skips the line when none is installed).
    hunspell: bool = False


def fires(text: str, flagged: str, suggestion: str | None = None, **context: Any) -> Example:
    """An example the rule must flag: `flagged` found in `text`, `suggestion` offered first."""
    return Example(text, flagged, suggestion, **context)


def passes(text: str, note: str, **context: Any) -> Example:
    """A counter-example the rule must leave alone, and why."""
    return Example(text, None, None, note, **context)


def examples_section(examples: tuple[Example, ...]) -> str:
    """The "Examples" paragraph of a rule's documentation, written from its table."""
    lines = []
    for example in examples:
        where = f'source "{example.source}" → target "{example.text}"' if example.source is not None else f'"{example.text}"'
        if example.lang != "en":
            where += f" ({example.lang})"
        if example.flagged is None:
            lines.append(f"- not flagged: {where}: {example.note}")
        elif example.suggestion is None:
            lines.append(f"- {where} → flags “{example.flagged}”")
        else:
            lines.append(f"- {where} → flags “{example.flagged}”, suggests “{example.suggestion}”")
    return "**Examples** (from the rule's test table):\n" + "\n".join(lines)


def _with_examples(doc: str, rule_id: str, examples: tuple[Example, ...]) -> str:
    """`doc` with the generated examples paragraph put before "How it decides" (or at the end)."""
    if "**Example" in doc:
        raise ValueError(f"rule {rule_id}: write examples in the examples= table, not in the docstring")
    if not examples:
        return doc
    section = examples_section(examples)
    marker = "**How it decides.**"
    if marker in doc:
        return doc.replace(marker, section + "\n\n" + marker, 1)
    return doc + "\n\n" + section


def check(
    rule_id: str, category: str, severity: Severity, *, needs_source: bool = False, examples: tuple[Example, ...] = ()
) -> Callable[..., Check]:
    """Decorator that turns a documented generator function into a registered-ready `Check`;
    `examples` is the rule's table of examples, shown in its documentation and run by the tests."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r} for rule {rule_id}")

    def wrap(func: Callable[[CheckContext], Iterator[Finding]]) -> Check:
        doc = inspect.cleandoc(func.__doc__ or "")
        if not doc:
            raise ValueError(f"rule {rule_id} has no documentation")
        return Check(Rule(rule_id, category, severity, _with_examples(doc, rule_id, examples), needs_source, examples), func)

    return wrap


@dataclass(frozen=True)
class SentencePair:
    """A target sentence (or several) aligned with the source sentence(s) it translates."""

    target_start: int
    target_end: int
    source_text: str
    target_sentences: tuple[int, ...] = ()


@dataclass
class CheckContext:
    """Everything a check may look at for one document. Built once by the pipeline."""

    document: Document
    lang: str
    source_lang: str | None
    sentences: list[Span]
    tokens: list[Token]
    pairs: list[SentencePair] = field(default_factory=list)
    # Mid-sentence spelling counts over every document of the run (see `mid_sentence_case_votes`);
    # the pipeline fills it so that a batch of related documents votes together.
    corpus_case_votes: Counter[str] = field(default_factory=Counter)
    # Spans that are no prose (Markdown code): findings there are dropped.
    skipped: list[tuple[int, int]] = field(default_factory=list)
    # Folders searched for Hunspell dictionaries; None: `MTAUDIT_DICT_PATH` and the system's.
    dict_dirs: tuple[str, ...] | None = None

    @property
    def text(self) -> str:
        return self.document.target

    @property
    def source(self) -> str | None:
        return self.document.source

    @cached_property
    def lexicon(self) -> Lexicon:
        return lexicon(self.lang, self.dict_dirs)

    @cached_property
    def source_lexicon(self) -> Lexicon | None:
        return lexicon(self.source_lang, self.dict_dirs) if self.source_lang else None

    @cached_property
    def language(self) -> Language:
        """What the checks know about the target language (see `mtaudit.language`)."""
        return language(self.lang, self.dict_dirs)

    @cached_property
    def sentence_tokens(self) -> list[list[Token]]:
        """The tokens of each sentence, by sentence index."""
        grouped: list[list[Token]] = [[] for _ in self.sentences]
        for token in self.tokens:
            grouped[token.sentence].append(token)
        return grouped

    @cached_property
    def mid_sentence_case_votes(self) -> Counter[str]:
        """How often each spelling occurs inside sentences (not first word) in this document.

        Keys are the exact spellings; the case checks compare "twitter" with "Twitter" here.
        """
        votes: Counter[str] = Counter()
        for sentence in self.sentence_tokens:
            for token in sentence[1:]:
                if not self.follows_opening(token):
                    votes[token.text] += 1
        return votes

    # --- analyses several checks share, computed once per document ---------------------------

    @cached_property
    def source_entities(self) -> list[PairEntities]:
        """The numbers, dates and links of each aligned pair that found no match on the other side
        (see `mtaudit.quantities`); the `source.*` checks all read it."""
        from mtaudit.quantities import pair_entities

        return pair_entities(self.text, self.lang, self.source_lang or self.lang, self.pairs)

    @cached_property
    def foreign_sentences(self) -> list[ForeignSentence]:
        """The sentences written in another language than the target (see `mtaudit.foreign`); the
        `untranslated.*` checks all read it."""
        from mtaudit.foreign import foreign_sentences

        return foreign_sentences(self)

    # --- where a token stands in its sentence --------------------------------------------------

    def is_sentence_start(self, token: Token) -> bool:
        """True when `token` opens a sentence or a clause: the first word, a word after an opening
        mark (`follows_opening`), or after '.', '!', '?' or '…' where the segmenter did not split."""
        return token.index_in_sentence == 0 or self.follows_opening(token) or after_sentence_end(self.text, token.start)

    def follows_opening(self, token: Token) -> bool:
        """True when `token` comes right after a colon, an opening quote or bracket, or a dash
        that opens a clause: places where a capital letter is normal."""
        before = self.text[max(0, token.start - 3) : token.start].rstrip()
        if before.endswith(" -") or before == "-":
            return True  # a spaced hyphen standing for a dash
        if before.endswith(")"):
            # after a bracketed opener at the start of a sentence: "(Laughter) You can't…"
            sentence_start = self.sentences[token.sentence].start
            head = self.text[sentence_start : token.start].strip()
            return head.startswith("(") and head.count("(") == 1 and head.endswith(")")
        return bool(before) and before[-1] in CLAUSE_OPENERS

    def finding(
        self,
        rule: Rule,
        start: int,
        end: int,
        message: str,
        suggestions: list[str] | tuple[str, ...] = (),
        *,
        confidence: float = 1.0,
        severity: Severity | None = None,
        category: str | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> Finding:
        """A `Finding` for `text[start:end]` with the rule's category and severity filled in."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"{rule.id}: bad span {start}:{end} for a text of {len(self.text)} characters")
        unique: list[str] = []
        original = self.text[start:end]
        for suggestion in suggestions:
            if suggestion != original and suggestion not in unique:
                unique.append(suggestion)
        return Finding(
            rule=rule.id,
            category=category or rule.category,
            severity=severity or rule.severity,
            start=start,
            end=end,
            text=original,
            message=message,
            suggestions=tuple(unique),
            confidence=round(max(0.0, min(1.0, confidence)), 3),
            evidence=evidence or {},
        )
