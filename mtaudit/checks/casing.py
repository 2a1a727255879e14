"""Case checks: capitals where a sentence does not start, lower case where a name or sentence does.

Whether a word is a name or a common word is decided from data, never from a list of words:
the Hunspell dictionary of the language when one is installed (it spells "Kremlin" and "Monday"
with a capital, "statement" without), word frequency (wordfreq), and how the document itself
writes the same word elsewhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

import regex

from mtaudit.checks.base import CheckContext, check
from mtaudit.records import Finding, Severity
from mtaudit.segment import Token

# Above this Zipf frequency a word that the dictionary also knows in lower case is a common word
# (pronouns, articles, conjunctions, frequent verbs) far more often than a name.
COMMON_ZIPF = 5.6
# Below this Zipf frequency a capitalised word counts as common only when the document also
# writes it in lower case: rare words with a capital are mostly names ("Pinewood", "Odeon").
RARE_WORD_ZIPF = 3.5
# Languages that capitalise adjectives of nationality, languages, days and months, which most
# others write in lower case.
CAPITALISES_NAMES_OF_KINDS = frozenset({"en"})
# Languages that capitalise every noun: mid-sentence capitals prove nothing there.
NOUN_CAPITALISING = frozenset({"de", "lb"})
# Words at least this frequent are function words ("in", "the", "of", "and"): no sentence ends on them.
FUNCTION_WORD_ZIPF = 6.2
# An abbreviation with inner stops ("EE.UU.", "e.g.", "U.S.") right before a sentence break.
_ABBREVIATION_BEFORE = regex.compile(r"(?<![\p{L}.])(?:\p{L}{1,3}\.){2,}[ \t]*\Z")
# A quotation closed by a full stop right before a lower-case word: '…this." he added'.
_QUOTE_CLOSED_BY_STOP = regex.compile(r"\.([\"”'’])([ \t]+)\Z")
# Marks that open the items of a list, which may start in lower case.
LIST_MARKERS = frozenset("-–—•*·")
# What may stand before the first word of a sentence.
SENTENCE_OPENERS = frozenset("([{“\"‘'«¿¡-–— ")


def is_capitalised(word: str) -> bool:
    """'Statement' yes; 'STATEMENT', 'iPhone', 'statement' no."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower() or (not word[1:].isalpha() and word[1:].lower() == word[1:]))


def common_word_evidence(ctx: CheckContext, token: Token) -> float:
    """How sure we are that capitalised `token` is a common word, not a name (0 = a name).

    Dictionary says lower case only → 0.9; frequent word also known in lower case → 0.6;
    the document writes it in lower case elsewhere → +0.2; capitalised elsewhere mid-sentence → 0;
    a rare word (Zipf < 3.5) never written in lower case in the document → 0.
    """
    word = token.text
    lex = ctx.lexicon
    votes = ctx.mid_sentence_case_votes
    lower_votes = votes.get(word.lower(), 0)
    upper_votes = votes.get(word, 0) - 1  # this occurrence excluded
    if upper_votes > 0 and upper_votes >= lower_votes:
        return 0.0
    corpus_upper = ctx.corpus_case_votes.get(word, 0) - votes.get(word, 0)
    corpus_lower = ctx.corpus_case_votes.get(word.lower(), 0) - lower_votes
    if corpus_upper >= 3 and corpus_upper >= 0.3 * (corpus_upper + corpus_lower):
        return 0.0  # other documents of this run write it capitalised too: a name here
    evidence = 0.0
    dictionary = lex.is_lowercase_word(word)
    if dictionary is True:
        evidence = 0.9
    elif dictionary is False:
        return 0.0
    elif lex.zipf(word) >= COMMON_ZIPF and (word.lower() in lex.case_forms(word) or not lex.has_case_dictionary):
        evidence = 0.6
    if evidence and lower_votes:
        evidence = min(1.0, evidence + 0.2)
    elif lex.zipf(word) < RARE_WORD_ZIPF:
        return 0.0  # a rare word with a capital is a name more often than not ("the Odeon cinema")
    return evidence


def in_capitalised_run(ctx: CheckContext, sentence: list[Token], position: int) -> bool:
    """True when the token belongs to a run of capitalised words, possibly joined by short
    lower-case function words: "Tripartite Contact Group", "Jean-Yves Le Drian", "Organization for
    Security and Cooperation in Europe", "the World at One". Such runs are names and titles, not
    stray capitals."""
    text = ctx.text
    candidate_zipf = ctx.lexicon.zipf(sentence[position].text)

    def capitalised_neighbour(step: int) -> bool:
        index = position + step
        hops = 0
        while 0 <= index < len(sentence):
            left, right = sorted((sentence[index], sentence[index - step]), key=lambda token: token.start)
            gap = text[left.end : right.start]
            if gap.strip(" -'’") != "" and gap.strip() not in ("&",):
                return False
            word = sentence[index].text
            if word[:1].isupper():
                # Across a function word, a very frequent word is part of a title only next to
                # another capitalised common word ("World at One", "War on Want"); after a name
                # it is a stray capital ("on Saturday in A statement").
                return not hops or candidate_zipf < 6.0 or ctx.lexicon.is_lowercase_word(word) is True
            # a short, very frequent lower-case word may join the parts of a name ("of", "for", "de")
            if hops >= 1 or len(word) > 3 or ctx.lexicon.zipf(word) < 6.0:
                return False
            hops += 1
            index += step
        return False

    if capitalised_neighbour(1):
        return True
    if not capitalised_neighbour(-1):
        return False
    # A very frequent word that ends a run right after a name the dictionaries do not know is no
    # part of it: "TimeWarner Said fourth-quarter sales rose" (but "Take That", "BBC One", "Edward
    # Said": there the other word is a dictionary word or an acronym).
    left, word = sentence[position - 1].text, sentence[position].text
    unknown_name = left[:1].isupper() and not left.isupper() and not ctx.lexicon.in_dictionary(left)
    # a single letter after a name is a designator: "Serie A", "Plan B"
    return not (unknown_name and len(word) > 1 and candidate_zipf >= 6.0 and ctx.lexicon.is_lowercase_word(word) is not False)


@check("case.mid-sentence-capital", "fluency/spelling", Severity.MINOR)
def mid_sentence_capital(ctx: CheckContext) -> Iterator[Finding]:
    """Capitalised common word in the middle of a sentence.

    **What it catches.** A common word written with a capital inside a sentence: "in A statment
    That", "to defuse it Intensive interview". Machine translation leaves these where link text,
    a headline or an embedded post was pasted into the running text.

    **Why it matters.** Readers see a typo at best; at worst the capital marks a lost sentence
    break or a fragment of another text (see `boundary.run-on` for the break itself).

    **Example.** "said on Saturday in A statment That Russia" → "in a statment that Russia".

    **How it decides.** A word is a common word when the language's Hunspell dictionary knows it
    only in lower case, or when it is very frequent (wordfreq) and also known in lower case, and
    the document never writes it capitalised elsewhere mid-sentence. A rare word (wordfreq Zipf
    below 3.5: "pinewood", "odeon") with a capital is taken for a name unless the document also
    writes it in lower case. Names, acronyms, "I", days, months, nationalities (the dictionary
    capitalises them), words inside a run of capitals ("Tripartite Contact Group", "the World at
    One") and words after a colon, quote or bracket are left alone. A very frequent word right
    after a name that no dictionary knows is no part of it ("TimeWarner Said sales rose"). Not run
    for German, which capitalises all nouns.

    **Suggestion.** The word in lower case.
    """
    for token, previous, evidence in stray_capitals(ctx):
        if can_end_sentence(ctx, previous, token):
            continue  # reported as a lost sentence boundary by boundary.run-on
        yield ctx.finding(
            mid_sentence_capital.rule,
            token.start,
            token.end,
            f"“{token.text}” is capitalised in mid-sentence but is a common word here.",
            [token.text.lower()],
            confidence=evidence,
            evidence=_case_evidence(ctx, token),
        )


def _case_evidence(ctx: CheckContext, token: Token) -> dict[str, object]:
    return {"zipf": ctx.lexicon.zipf(token.text), "dictionary": sorted(ctx.lexicon.case_forms(token.text))}


def stray_capitals(ctx: CheckContext) -> Iterator[tuple[Token, Token, float]]:
    """Capitalised common words inside sentences: (token, the token before it, evidence 0–1)."""
    if ctx.lang in NOUN_CAPITALISING:
        return
    text = ctx.text
    for sentence in ctx.sentence_tokens:
        for position, token in enumerate(sentence):
            if position == 0 or not is_capitalised(token.text) or token.text == "I":
                continue
            if ctx.follows_opening(token) or _after_sentence_end(text, token):
                continue
            if in_capitalised_run(ctx, sentence, position):
                continue
            if _names_a_date_or_number(ctx, token):
                continue
            evidence = common_word_evidence(ctx, token)
            if evidence >= 0.5:
                yield token, sentence[position - 1], evidence


def can_end_sentence(ctx: CheckContext, previous: Token, next_token: Token | None = None) -> bool:
    """Could a sentence end after `previous`? Not after a function word ("in", "the", "of"),
    and not when punctuation already separates it from what follows."""
    if next_token is not None and ctx.text[previous.end : next_token.start].strip():
        return False
    if any(char.isdigit() for char in previous.text):
        return False  # "5 May", "19th Century": a number does not end the sentence here
    return ctx.lexicon.zipf(previous.text) < FUNCTION_WORD_ZIPF or previous.text[:1].isupper()


def _names_a_date_or_number(ctx: CheckContext, token: Token) -> bool:
    """Month and day names of the language (from CLDR, via babel), and words glued to a symbol or
    followed by a number: "in May", "A$4.50", "Section 28", "No 10"."""
    following = ctx.text[token.end : token.end + 2]
    if following[:1] and not following[:1].isspace() and following[:1] not in ".,;:!?)]}”’'\"":
        return True
    if following[:1] == " " and following[1:2].isdigit():
        return True
    return token.text.lower() in calendar_words(ctx.lang)


@lru_cache(maxsize=16)
def calendar_words(lang: str) -> frozenset[str]:
    """Lower-cased month and weekday names (wide and abbreviated) of `lang`, from CLDR."""
    try:
        from babel import Locale, UnknownLocaleError
    except ImportError:  # pragma: no cover - babel is a dependency
        return frozenset()
    try:
        locale = Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names: set[str] = set()
    for width in ("wide", "abbreviated"):
        names.update(str(v).lower().rstrip(".") for v in locale.months["format"][width].values())
        names.update(str(v).lower().rstrip(".") for v in locale.days["format"][width].values())
    return frozenset(names)


def _after_sentence_end(text: str, token: Token) -> bool:
    """A capital after '.', '!' or '?' that the segmenter did not split on (e.g. after 'etc.')."""
    before = text[max(0, token.start - 3) : token.start].rstrip()
    return bool(before) and before[-1] in ".!?…"


@check("case.sentence-start-lowercase", "fluency/spelling", Severity.MINOR)
def sentence_start_lowercase(ctx: CheckContext) -> Iterator[Finding]:
    """Sentence that starts with a lower-case letter.

    **What it catches.** A sentence whose first word is in lower case: "Thank you. thank you all.",
    "(applause)", "(Laughter) you'd better run." Machine translation produces these when it
    translates subtitles, captions and fragments one by one.

    **Why it matters.** Readers take it for a typo; in a caption it looks careless.

    **Example.** "It rained. the match went on." → "It rained. The match went on."

    **How it decides.** The first word of a sentence (after opening quotes and brackets, and after
    a bracketed stage direction such as "(Laughter)") is all lower case and is a word of the
    language (known to the dictionary or frequent). Words written with inner capitals ("iPhone"),
    list items ("- they fear…"), lines that continue a sentence after a comma, colon, semicolon or
    a line break in mid-sentence (hard-wrapped text), words after an abbreviation with inner stops
    ("EE.UU. est": no sentence ended there), and documents that start most of their sentences in
    lower case (a deliberate style) are left alone.

    **Suggestion.** The word with a capital first letter; after a quotation closed by a full stop
    ('…this." he added') first the comma that was meant: '…this," he added'.
    """
    candidates = []
    starts = 0
    for sentence in ctx.sentence_tokens:
        if not sentence:
            continue
        starts += 1
        first = sentence[0]
        sentence_start = ctx.sentences[first.sentence].start
        head = ctx.text[sentence_start : first.start].strip()
        if _continues_previous_line(ctx.text, sentence_start) or head[:1] in LIST_MARKERS:
            continue
        if _ABBREVIATION_BEFORE.search(ctx.text, max(0, sentence_start - 16), sentence_start):
            continue  # "des EE.UU. est…": the segmenter took an abbreviation's stop for a sentence end
        if _starts_with_stage_direction(ctx, sentence):
            # "(laughter) There's…" or "(Laughter) you'd…": check the direction and what follows
            token = first if first.text[:1].islower() else sentence[1]
        elif head and not set(head) <= SENTENCE_OPENERS:
            continue
        else:
            token = first
        letters = token.text.replace("'", "").replace("’", "")
        if not token.text[:1].islower() or not letters.isalpha() or token.text != token.text.lower():
            continue
        if ctx.lexicon.zipf(token.text) < 3.0 and not ctx.lexicon.in_dictionary(token.text):
            continue
        candidates.append(token)
    if not candidates or (starts >= 5 and len(candidates) > 0.6 * starts):
        return  # a text that starts most sentences in lower case does so on purpose
    for token in candidates:
        capitalised = token.text[:1].upper() + token.text[1:]
        quote = _QUOTE_CLOSED_BY_STOP.search(ctx.text, max(0, token.start - 12), token.start)
        if quote:
            # '…this." he added': the full stop inside the quote was meant as a comma
            stop = quote.start()
            mark, gap = quote.group(1), quote.group(2)
            yield ctx.finding(
                sentence_start_lowercase.rule,
                stop,
                token.end,
                f"“{token.text}” goes on after the quotation, which a full stop closes.",
                [f",{mark}{gap}{token.text}", f".{mark}{gap}{capitalised}"],
                confidence=0.7,
            )
            continue
        yield ctx.finding(
            sentence_start_lowercase.rule,
            token.start,
            token.end,
            f"The sentence starts with “{token.text}” in lower case.",
            [capitalised],
            confidence=0.7,
        )


def _continues_previous_line(text: str, start: int) -> bool:
    """True when the text before `start` ends in "," ";" or ":" (a list or clause goes on), or
    ends a line in mid-sentence with one line break only (hard-wrapped text)."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0:
        return False
    if text[end - 1] in ",;:":
        return True
    return text[end - 1].isalnum() and text.count("\n", end, start) == 1


def _starts_with_stage_direction(ctx: CheckContext, sentence: list[Token]) -> bool:
    """True for "(Laughter) you'd …": a one-word bracketed sentence opener."""
    if len(sentence) < 2:
        return False
    start = ctx.sentences[sentence[0].sentence].start
    return ctx.text[start : sentence[0].start] == "(" and ctx.text[sentence[0].end : sentence[1].start].strip() == ")"


@check("case.lowercase-name", "fluency/spelling", Severity.MINOR)
def lowercase_name(ctx: CheckContext) -> Iterator[Finding]:
    """Name written in lower case.

    **What it catches.** A proper noun, day, month or nationality written in lower case in the
    middle of a sentence: "on monday", "in ukraine", "the french minister" (for English).

    **Why it matters.** It reads as a typo, and a name in lower case can be mistaken for a common
    word.

    **Example.** "talks resume in ukraine on monday" → "talks resume in Ukraine on Monday".

    **How it decides.** Any one of four pieces of evidence:

    - the language's Hunspell dictionaries (English: US and British) list the word only with a
      capital and accept no lower-case form of it under their affix rules ("monday", "ukraine");
      a word listed only in capitals ("BPD") is left alone, as units and abbreviations are often
      written in lower case;
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
            capitalised = word[:1].upper() + word[1:]
            dictionary = ctx.lexicon.is_lowercase_word(word)
            if word in copied.get(token.sentence, ()) and ctx.lexicon.zipf(word) < 3.0:
                continue  # copied from the aligned source, and rare here: untranslated, not a lost capital
            forms = sorted(ctx.lexicon.case_forms(word)) if dictionary is False else []
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
    for sentence in ctx.sentence_tokens:
        for index in range(1, len(sentence)):
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
    for sentence in ctx.sentence_tokens:
        index = 1
        while index < len(sentence):
            end = index
            while end < len(sentence) and _is_title_word(sentence[end].text) and (end == index or _joined(ctx, sentence[end - 1], sentence[end])):
                end += 1
            run = sentence[index:end]
            if 2 <= len(run) <= MAX_PHRASE_WORDS and not ctx.follows_opening(run[0]) and not _tied_to_capital(ctx, sentence, index, end):
                counts[" ".join(token.text for token in run)] += 1
            index = max(end, index + 1)
    return counts


def _tied_to_capital(ctx: CheckContext, sentence: list[Token], start: int, end: int) -> bool:
    """True when the run sentence[start:end] is preceded or followed by a short function word
    and then a capitalised word ("Convention on | Human Rights", "Human Rights | of | Man")."""
    for link, beyond in ((start - 1, start - 2), (end, end + 1)):
        # the first word of a sentence is capitalised for that reason alone ("Later the Group …")
        if 1 <= beyond < len(sentence) and 0 <= link < len(sentence) and not ctx.follows_opening(sentence[beyond]):
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


CHECKS = (mid_sentence_capital, sentence_start_lowercase, lowercase_name)
