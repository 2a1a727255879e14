"""Names written in lower case: "on monday", "in ukraine", "wrote on twitter".

A word is a name when the language's Hunspell dictionaries know it only with a capital, when the
document itself writes it capitalised as a name of its own, or when the aligned source sentence
capitalises it (see the rule's documentation for the exact evidence).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import regex

from mtaudit.capitals import FUNCTION_WORD_ZIPF
from mtaudit.checks.base import CheckContext, check, fires, passes
from mtaudit.language import CAPITALISES_NAMES_OF_KINDS, NOUN_CAPITALISING, Band, is_capitalised
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

# Endings that only verbs have in a language that capitalises nouns: a German dictionary that lists
# only the nominalised infinitive ("Decodieren") still allows the verb "decodieren" in lower case.
VERB_ENDINGS = {"de": ("ieren",)}


@check(
    "case.lowercase-name",
    "fluency/spelling",
    Severity.MINOR,
    examples=(
        fires("The talks resume in ukraine on monday.", "ukraine", "Ukraine", hunspell=True),
        fires("He wrote on twitter about it.", "twitter", "Twitter", source="Il a écrit sur Twitter à ce sujet.", source_lang="fr"),
        passes("The talks resume in may, if the bill passes.", "“may” and “bill” are common words too"),
        passes("He wrote on twitter about it.", "no source or document evidence that it is a name"),
        passes("Sie decodieren, was Sie falten möchten.", "a German verb in -ieren, though the dictionary lists only the noun “Decodieren”", lang="de", hunspell=True),
    ),
)
def lowercase_name(ctx: CheckContext) -> Iterator[Finding]:
    """Name written in lower case.

    **What it catches.** A proper noun, day, month or nationality written in lower case in the
    middle of a sentence: "on monday", "in ukraine", "the french minister" (for English).

    **Why it matters.** It reads as a typo, and a name in lower case can be mistaken for a common
    word.

    **How it decides.** Any one of four pieces of evidence:

    - the language's Hunspell dictionaries (English: US and British) list the word only with a
      capital and accept no lower-case form of it under their affix rules ("monday", "ukraine");
      a word listed only in capitals ("BPD") is left alone, as units and abbreviations are often
      written in lower case, and so is a German word with a verb's ending ("decodieren": the
      dictionary may list only the nominalised infinitive "Decodieren");
    - the dictionaries do not know the word at all ("facebook") and the document writes it
      capitalised in mid-sentence, on its own rather than inside a longer name, at least twice
      and more often than in lower case;
    - a name of several words: "tripartite contact group" where the same document writes
      "Tripartite Contact Group" in mid-sentence, as a name of its own, at least twice and at
      least twice as often (not "Human Rights" inside "the Convention on Human Rights"; phrases
      that begin or end with a function word, like "The Times", are left alone);
    - with a source, the aligned source sentence writes the same word capitalised inside the
      sentence ("a écrit sur Twitter" → "wrote on twitter"); not for source languages that
      capitalise more than the target: German (every noun) and English into another language
      (English "the Indian economy" is Spanish "la economía india").

    Otherwise a word that is also a common word in lower case ("may", "bill", "home", "lord") is
    never flagged: the capital and the lower case are two different words there; nor is a word rare
    in the target language that the aligned source sentence (in another language) has in lower
    case: it was copied untranslated ("ron" from Spanish in French).

    **Suggestion.** The capitalised spelling.
    """
    covered: set[int] = set()
    for phrase, first, last, name, count in _lowercase_phrase_names(ctx):
        if first.start in covered:
            continue
        covered.update(range(first.start, last.end))
        yield ctx.finding(
            lowercase_name.rule,
            first.start,
            last.end,
            f"“{phrase}” is a name and is written “{name}” elsewhere in the document.",
            [name],
            confidence=0.6,
            evidence={"capitalised_in_document": count},
        )
    votes = ctx.mid_sentence_case_votes
    standalone = _standalone_capitals(ctx)
    source_names = _source_capitals(ctx)
    copied = _source_lower_words(ctx)
    for sentence in ctx.sentence_tokens:
        for token in sentence[1:]:
            word = token.text
            if not word.isalpha() or not word.islower() or len(word) < 3 or token.start in covered:
                continue
            dictionary = ctx.lexicon.is_lowercase_word(word)
            if (dictionary is True and not source_names.get(token.sentence)) or (word in copied.get(token.sentence, ()) and ctx.lexicon.zipf(word) < Band.KNOWN):
                continue  # known only in lower case with no source name to follow; or copied from the aligned source and rare here (untranslated)
            capitalised = word[:1].upper() + word[1:]
            forms = sorted(ctx.lexicon.case_forms(word)) if dictionary is False and not word.endswith(VERB_ENDINGS.get(ctx.lang, ())) else []
            if forms and not all(f.isupper() for f in forms) and ctx.lexicon.accepts(word, ignore_case=False) is False:
                suggestion = capitalised if capitalised in forms else forms[0]
                confidence = 0.75
            elif standalone.get(capitalised, 0) >= 2 and standalone[capitalised] > votes.get(word, 0) and _unknown_word(ctx, word):
                suggestion, confidence = capitalised, 0.6
            elif capitalised in source_names.get(token.sentence, ()):
                suggestion, confidence = capitalised, 0.7
            else:
                continue
            yield ctx.finding(
                lowercase_name.rule,
                token.start,
                token.end,
                f"“{word}” is a name and is normally written “{suggestion}”.",
                [suggestion],
                confidence=confidence,
                evidence={"dictionary": sorted(ctx.lexicon.case_forms(word)), "capitalised_in_document": votes.get(capitalised, 0)},
            )


_SOURCE_LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]*(?![\p{L}\p{M}])")
_SOURCE_WORD = regex.compile(r"(?<=[\p{L}\p{N},;)\]”\"'’] )\p{Lu}\p{Ll}+(?![\p{L}\p{N}])")


def _source_lower_words(ctx: CheckContext) -> dict[int, frozenset[str]]:
    """For each target sentence, the lower-case words of its aligned source sentence(s) when the
    source is in another language ("ron" in a Spanish source explains "ron" in a French
    translation better than a lost "Ron")."""
    if ctx.source_lang == ctx.lang:
        return {}
    return _words_of_aligned_source(ctx, _SOURCE_LOWER_WORD)


def _source_capitals(ctx: CheckContext) -> dict[int, frozenset[str]]:
    """For each target sentence, the capitalised words inside its aligned source sentence(s)
    ("a écrit sur Twitter" → {"Twitter"}); empty without a source, and for source languages that
    capitalise more than the target: every noun (German), or adjectives of nationality, days and
    months (English "the Indian economy" is Spanish "la economía india")."""
    source_lang = ctx.source_lang or ""
    if source_lang in NOUN_CAPITALISING or (source_lang in CAPITALISES_NAMES_OF_KINDS and ctx.lang != source_lang):
        return {}
    return _words_of_aligned_source(ctx, _SOURCE_WORD)


def _words_of_aligned_source(ctx: CheckContext, pattern: regex.Pattern[str]) -> dict[int, frozenset[str]]:
    """For each target sentence index, the words `pattern` finds in its aligned source text."""
    found: dict[int, frozenset[str]] = {}
    for pair in ctx.pairs:
        words = frozenset(pattern.findall(pair.source_text))
        for index in pair.target_sentences:
            found[index] = found.get(index, frozenset()) | words
    return found


def _unknown_word(ctx: CheckContext, word: str) -> bool:
    """Neither a dictionary entry in any case nor a form the dictionary's affix rules accept."""
    return not ctx.lexicon.in_dictionary(word) and ctx.lexicon.accepts(word, ignore_case=False) is not True


def _standalone_capitals(ctx: CheckContext) -> Counter[str]:
    """Mid-sentence capitalised words that stand alone, not next to another capitalised word:
    "Facebook said" counts, "Centre" in "Centre for Policy Studies" does not."""
    counts: Counter[str] = Counter()
    for sentence, positions in zip(ctx.sentence_tokens, ctx.inner_capitals, strict=True):
        for index in positions:
            token = sentence[index]
            if not is_capitalised(token.text) or ctx.follows_opening(token):
                continue
            before = sentence[index - 1]
            after = sentence[index + 1] if index + 1 < len(sentence) else None
            joined = [before] if _joined(ctx, before, token) else []
            if after is not None and _joined(ctx, token, after):
                joined.append(after)
            if not any(n.text[:1].isupper() for n in joined):
                counts[token.text] += 1
    return counts


def _lowercase_phrase_names(ctx: CheckContext) -> Iterator[tuple[str, Token, Token, str, int]]:
    """Lower-case occurrences of the document's names of several words: (phrase as written,
    first token, last token, the capitalised name, how often the document writes the name)."""
    names: dict[str, str] = {}
    counts = _name_phrases(ctx)
    for key, count in counts.items():
        words = key.split(" ")
        if count >= 2 and all(ctx.lexicon.zipf(w) < FUNCTION_WORD_ZIPF for w in (words[0], words[-1])):
            names[key.lower()] = key
    if not names:
        return
    occurrences = list(_phrase_occurrences(ctx, frozenset(names)))
    lower_counts = Counter(phrase for phrase, _, _ in occurrences)
    for phrase, first, last in occurrences:
        name = names[phrase]
        if counts[name] >= 2 * lower_counts[phrase]:
            yield phrase, first, last, name, counts[name]


# The longest run of capitalised words taken for one name ("Organization of American States").
MAX_PHRASE_WORDS = 4


def _name_phrases(ctx: CheckContext) -> Counter[str]:
    """Runs of two to four capitalised words inside sentences that stand as a name of their own
    ("the Tripartite Contact Group said"), counted; not a run that a short function word ties to
    another capital ("Human Rights" in "the Convention on Human Rights")."""
    counts: Counter[str] = Counter()
    for sentence, capitals in zip(ctx.sentence_tokens, ctx.inner_capitals, strict=True):
        free = 1  # where the next run may start: after the last one
        for index in capitals:  # a run starts at a capital
            if index < free:
                continue
            end = index
            while end < len(sentence) and _is_title_word(sentence[end].text) and (end == index or _joined(ctx, sentence[end - 1], sentence[end])):
                end += 1
            if 2 <= end - index <= MAX_PHRASE_WORDS and not ctx.follows_opening(sentence[index]) and not _tied_to_capital(ctx, sentence, index, end):
                counts[" ".join(token.text for token in sentence[index:end])] += 1
            free = max(end, index + 1)
    return counts


def _tied_to_capital(ctx: CheckContext, sentence: list[Token], start: int, end: int) -> bool:
    """True when the run sentence[start:end] is preceded or followed by a short function word
    and then a capitalised word ("Convention on | Human Rights", "Human Rights | of | Man")."""
    for link, beyond in ((start - 1, start - 2), (end, end + 1)):
        # the first word of a sentence is capitalised for that reason alone ("Later the Group …");
        # `link` lies between `beyond` and the run, so it is inside the sentence whenever `beyond` is
        if 1 <= beyond < len(sentence) and not ctx.follows_opening(sentence[beyond]):
            word = sentence[link].text
            if word.islower() and len(word) <= 3 and sentence[beyond].text[:1].isupper():
                return True
    return False


def _phrase_occurrences(ctx: CheckContext, phrases: frozenset[str]) -> Iterator[tuple[str, Token, Token]]:
    """Where the lower-case `phrases` ("big bang") occur inside sentences, as (phrase, first
    token, last token): the words in a row, one space apart, the first not opening its sentence."""
    first_words = {phrase.split(" ", 1)[0] for phrase in phrases}
    for sentence in ctx.sentence_tokens:
        for index in range(1, len(sentence)):
            if sentence[index].text not in first_words or ctx.follows_opening(sentence[index]):
                continue
            for size in range(2, MAX_PHRASE_WORDS + 1):
                window = sentence[index : index + size]
                if len(window) < size or not _joined(ctx, window[-2], window[-1]):
                    break
                phrase = " ".join(token.text for token in window)
                if phrase in phrases:
                    yield phrase, window[0], window[-1]


def _joined(ctx: CheckContext, left: Token, right: Token) -> bool:
    return ctx.text[left.end : right.start] == " "


def _is_title_word(word: str) -> bool:
    """'Bang' yes; 'A', 'BANG', 'bang', 'iPhone', '2022' no."""
    return word.isalpha() and len(word) > 1 and is_capitalised(word)


CHECKS = (lowercase_name,)
