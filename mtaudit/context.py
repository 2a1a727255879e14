"""`CheckContext`: everything a check may look at for one document, built once by the pipeline.

It holds the document, its languages, sentences, words and sentence pairs, the run-wide case
votes (given as a value by the pipeline, see `mtaudit.pipeline.case_votes`), and the model
evidence gathered for it (`evidence`, None when no evidence was asked for).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from mtaudit.evidence.data import Evidence
from mtaudit.language import CLAUSE_OPENERS, Language, after_sentence_end, language
from mtaudit.lexicon import Lexicon, dictionary_dirs, lexicon
from mtaudit.records import Document, Finding, Rule, SentencePair, Severity
from mtaudit.segment import SentenceTokens, Span, Token, TokenArray

if TYPE_CHECKING:
    from mtaudit.align import ParagraphAlignment
    from mtaudit.foreign import ForeignSentence
    from mtaudit.glossary import Glossary
    from mtaudit.quantities import Entity, PairEntities


# What a sentence may end with after its last word: final punctuation, closing quotes and brackets.
_CLOSING = frozenset(".!?…。！？;:,»”’\"')]}›")

T = TypeVar("T")


class cached_property(Generic[T]):  # named after the functools decorator it stands for
    """`functools.cached_property` without its lock: computed on the first read, then kept as an
    attribute of the instance. Python 3.10 and 3.11 take a lock on every first read (3.12 dropped
    it), and the checks read some ten analyses of every document: on a file of short segments
    the lock cost more than most checks. A context is only ever used by one thread."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


@dataclass
class CheckContext:
    """Everything a check may look at for one document. Built once by the pipeline."""

    document: Document
    lang: str
    source_lang: str | None
    sentences: list[Span]
    # The words of the target: a list, or for a long text a `TokenArray` (see `mtaudit.segment.tokens`).
    tokens: Sequence[Token]
    pairs: list[SentencePair] = field(default_factory=list)
    # How the source's paragraphs and the target's correspond (which were left out, which added),
    # from the same alignment as `pairs`; None without a source or when the paragraphs do not correspond.
    paragraph_alignment: ParagraphAlignment | None = None
    # Mid-sentence spelling counts over every document of the run (see `mid_sentence_case_votes`),
    # given by the pipeline so that a batch of related documents votes together.
    corpus_case_votes: Counter[str] = field(default_factory=Counter)
    # Spans that are no prose (Markdown code): findings there are dropped.
    skipped: list[tuple[int, int]] = field(default_factory=list)
    # Model evidence for this document (back-translations, round trips, token scores), or None
    # when the run asked for none; read by the `bt.*` and `lm.*` checks.
    evidence: Evidence | None = None
    # Folders searched for Hunspell dictionaries; None: `MTAUDIT_DICT_PATH` and the system's.
    dict_dirs: tuple[str, ...] | None = None
    # The team's glossary (`--glossary`), read by the `terminology.glossary` check; None without one.
    glossary: Glossary | None = None
    # House style: True when the publication writes a dash as "--" (`typography.dash` leaves
    # it alone then). Default False: "--" is reported as a dash typed with hyphens.
    double_hyphen_dashes: bool = False
    # House style: True when " - " between words is a dash typed as a hyphen (`dash-style = "typeset"`).
    spaced_hyphen_dashes: bool = False
    # What the audit of this document must tell its reader (`DocumentResult.notes`).
    notes: list[str] = field(default_factory=list)
    # This document's own `mid_sentence_case_votes` when pass 1 counted them already (the
    # pipeline's `KeptWords`); None: counted when first read.
    own_case_votes: Counter[str] | None = None

    # The target and the source text, read by every check, most several times a word: kept as
    # attributes after the first read, rather than looked up through `document` each time.
    @cached_property
    def text(self) -> str:
        return self.document.target

    @cached_property
    def source(self) -> str | None:
        return self.document.source

    @cached_property
    def dictionary_folders(self) -> tuple[str, ...]:
        """The folders searched for Hunspell dictionaries (`mtaudit.lexicon.dictionary_dirs`: reads
        `MTAUDIT_DICT_PATH`), found once for the document and used by all its lexicons."""
        return dictionary_dirs(self.dict_dirs)

    @cached_property
    def lexicon(self) -> Lexicon:
        return lexicon(self.lang, self.dictionary_folders)

    @cached_property
    def source_lexicon(self) -> Lexicon | None:
        return lexicon(self.source_lang, self.dictionary_folders) if self.source_lang else None

    @cached_property
    def language(self) -> Language:
        """What the checks know about the target language (see `mtaudit.language`)."""
        return language(self.lang, self.dictionary_folders)

    @cached_property
    def sentence_tokens(self) -> Sequence[list[Token]]:
        """The tokens of each sentence, by sentence index. For a long text (words kept as a
        `TokenArray`) a sentence's list is made each time it is read, never all at once."""
        if isinstance(self.tokens, TokenArray):
            return SentenceTokens(self.tokens, len(self.sentences))
        if len(self.sentences) == 1:
            return [list(self.tokens)]  # one sentence (most segments of a file of segments): all the words
        grouped: list[list[Token]] = [[] for _ in self.sentences]
        for token in self.tokens:
            grouped[token.sentence].append(token)
        return grouped

    @cached_property
    def spellings(self) -> frozenset[str]:
        """The document's words as written, each once (`consistency.*` compare them)."""
        return frozenset(token.text for token in self.tokens)

    @cached_property
    def inner_capitals(self) -> list[list[int]]:
        """For each sentence (by index), the positions of its words after the first that start with
        a capital letter: all that the checks of capitals inside sentences (`mtaudit.capitals`,
        `case.lowercase-name`) visit, found once instead of by each of them word by word."""
        return [[i for i in range(1, len(sentence)) if sentence[i].text[:1].isupper()] for sentence in self.sentence_tokens]

    @cached_property
    def mid_sentence_case_votes(self) -> Counter[str]:
        """How often each spelling occurs inside sentences (not first word) in this document.

        Keys are the exact spellings; the case checks compare "twitter" with "Twitter" here.
        """
        if self.own_case_votes is not None:
            return self.own_case_votes
        return Counter(self._mid_sentence_words())  # counted in C, as they come

    def _mid_sentence_words(self) -> Iterator[str]:
        """The spellings `mid_sentence_case_votes` counts, one per word."""
        text, sentence = self.text, -1
        for token in self.tokens:  # in sentence order: each sentence's first word is skipped
            start = token.start
            if token.sentence != sentence:
                sentence = token.sentence
            elif (start >= 2 and text[start - 1] == " " and text[start - 2].isalnum()) or not self.follows_opening(token):
                yield token.text  # (the first test is `follows_opening`'s quick exit, without the call: most words)

    # --- analyses several checks share, computed once per document ---------------------------

    @cached_property
    def source_entities(self) -> list[PairEntities]:
        """The numbers, dates and links of each aligned pair that found no match on the other side
        (see `mtaudit.quantities`); the `source.*` checks all read it."""
        from mtaudit.quantities import pair_entities

        return pair_entities(self.text, self.lang, self.source_lang or self.lang, self.pairs)

    @cached_property
    def explained_entities(self) -> list[PairEntities]:
        """`source_entities` without what is not a mismatch after all: repeats one target mention
        covers, measures converted between units (see `mtaudit.quantities.explained_away`). The
        `source.*` checks of numbers read it; computed once for them all."""
        from mtaudit.quantities import explained_away

        source_lang = self.source_lang or self.lang
        return [
            explained_away(item, self.target_entities if item.source else [], index, self.text, self.lang, source_lang)
            for index, item in enumerate(self.source_entities)
        ]

    @cached_property
    def target_entities(self) -> list[list[Entity]]:
        """Every entity of each aligned pair's target sentence, by pair index, matched or not (see
        `mtaudit.quantities.covered_repeats`)."""
        from mtaudit.quantities import extract

        entities = extract(self.text, self.lang)
        return [[e for e in entities if pair.target_start <= e.start and e.end <= pair.target_end] for pair in self.pairs]

    @cached_property
    def stray_capitals(self) -> list[tuple[Token, Token, float]]:
        """The capitalised common words inside sentences, with the word before each and the
        evidence (see `mtaudit.capitals.stray_capitals`); `case.mid-sentence-capital` and
        `boundary.run-on` both read it."""
        from mtaudit.capitals import stray_capitals

        return list(stray_capitals(self))

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
        text, start = self.text, token.start
        if start >= 2 and text[start - 1] == " " and text[start - 2].isalnum():
            return False  # most words: after a space after a letter or digit, which opens nothing (quick exit)
        before = text[max(0, start - 3) : start].rstrip()
        if before.endswith(" -") or before == "-":
            return True  # a spaced hyphen standing for a dash
        if before.endswith(")"):
            # after a bracketed opener at the start of a sentence: "(Laughter) You can't…"
            sentence_start = self.sentences[token.sentence].start
            head = text[sentence_start:start].strip()
            return head.startswith("(") and head.count("(") == 1 and head.endswith(")")
        return bool(before) and before[-1] in CLAUSE_OPENERS

    def sentence_region(self, start: int, end: int) -> tuple[int, int]:
        """The sentences that contain `text[start:end]`, as one region of document offsets: the
        unit in which a language model compares a text with an edit of it."""
        first = next((s for s in self.sentences if s.end > start), None)
        last = next((s for s in reversed(self.sentences) if s.start < end), None)
        if first is None or last is None:
            return start, end
        return min(first.start, start), max(last.end, end)

    def insertion_point(self, start: int, end: int) -> int:
        """Where something missing from `text[start:end]` (a sentence) would be added: right after
        its last word, before the final punctuation and closing quotes or brackets. The offset of
        an empty-span finding (see `finding(insertion=True)`)."""
        point = end
        while point > start and (self.text[point - 1].isspace() or self.text[point - 1] in _CLOSING):
            point -= 1
        return point if point > start else end

    def edited(self, region: tuple[int, int], start: int, end: int, replacement: str) -> str:
        """The text of `region` with `text[start:end]` replaced by `replacement`."""
        return self.text[region[0] : start] + replacement + self.text[end : region[1]]

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
        insertion: bool = False,
    ) -> Finding:
        """A `Finding` for `text[start:end]` with the rule's category and severity filled in.

        `insertion=True` allows an empty span (`start == end`): a finding about something absent
        (a value the source has and the translation left out) points at where it belongs instead
        of painting a whole sentence, which a reader cannot act on. Every other finding covers at
        least one character.
        """
        if not 0 <= start <= end <= len(self.text) or (start == end and not insertion):
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
