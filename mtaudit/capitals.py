"""Capitals inside sentences: is a capitalised word a name, or a common word written wrongly?

Shared by `case.mid-sentence-capital` (the capital is a typo) and `boundary.run-on` (the capital
starts a sentence whose break was lost). Whether a word is a name or a common word is decided
from data, never from a list of words: the Hunspell dictionary of the language when one is
installed (it spells "Kremlin" and "Monday" with a capital, "statement" without), word frequency
(wordfreq), month and weekday names (CLDR), and how the document itself writes the same word.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from mtaudit.language import Band, is_capitalised
from mtaudit.segment import Token

if TYPE_CHECKING:
    from mtaudit.context import CheckContext

# Above this Zipf frequency a word that the dictionary also knows in lower case is a common word
# (pronouns, articles, conjunctions, frequent verbs) far more often than a name.
COMMON_ZIPF = Band.COMMON
# Below this Zipf frequency a capitalised word counts as common only when the document also
# writes it in lower case: rare words with a capital are mostly names ("Pinewood", "Odeon").
RARE_WORD_ZIPF = Band.RARE
# Words at least this frequent are function words ("in", "the", "of", "and"): no sentence ends on them.
FUNCTION_WORD_ZIPF = Band.FUNCTION_WORD


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
                return not hops or candidate_zipf < Band.VERY_FREQUENT or ctx.lexicon.is_lowercase_word(word) is True
            # a short, very frequent lower-case word may join the parts of a name ("of", "for", "de")
            if hops >= 1 or len(word) > 3 or ctx.lexicon.zipf(word) < Band.VERY_FREQUENT:
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
    return not (unknown_name and len(word) > 1 and candidate_zipf >= Band.VERY_FREQUENT and ctx.lexicon.is_lowercase_word(word) is not False)


def stray_capitals(ctx: CheckContext) -> Iterator[tuple[Token, Token, float]]:
    """Capitalised common words inside sentences: (token, the token before it, evidence 0–1)."""
    if ctx.language.capitalises_nouns:
        return
    for sentence, positions in zip(ctx.sentence_tokens, ctx.inner_capitals, strict=True):
        for position in positions:
            token = sentence[position]
            if not is_capitalised(token.text) or token.text == "I":
                continue
            if ctx.is_sentence_start(token):
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
    return token.text.lower() in ctx.language.calendar.words


# Nouns after which a run in title case is the title of a work ("the film Gone With The Wind"):
# grammar of each language, like its function words; a run in quotes is a title too.
WORK_NOUNS = {
    "en": frozenset(["film", "movie", "song", "novel", "album", "book", "journal", "newspaper", "magazine", "show", "series", "play", "poem", "opera", "single", "documentary", "programme", "program", "game"]),
    "fr": frozenset(["film", "chanson", "roman", "album", "livre", "journal", "revue", "magazine", "série", "émission", "pièce", "poème", "opéra", "documentaire", "jeu"]),
    "es": frozenset(["película", "canción", "novela", "álbum", "libro", "diario", "periódico", "revista", "serie", "programa", "obra", "poema", "ópera", "documental", "juego"]),
    "de": frozenset(["film", "lied", "song", "roman", "album", "buch", "zeitschrift", "zeitung", "magazin", "serie", "sendung", "stück", "gedicht", "oper", "dokumentarfilm", "spiel"]),
}


# A sentence with this share of capitalised words or more is a headline written in title case.
HEADLINE_SHARE = 0.6


def title_case_runs(ctx: CheckContext) -> Iterator[tuple[Token, Token]]:
    """Runs of two or more capitalised common words inside a sentence with a capitalised function
    word inside (neither first nor last), or with two: "said in A Statement That Russia", "the
    Number Of People Employed" — link text or a headline pasted in title case.
    Names end a run (a word the dictionaries know only capitalised, or no common word), and
    names write their function words in lower case ("Organization for Security"); the title of a
    work after a work noun ("the film Gone With The Wind") or a possessive ("BBC Radio 4's World At
    One") is left alone. Not for languages that capitalise nouns."""
    if ctx.language.capitalises_nouns:
        return
    text = ctx.text
    for sentence, capitals in zip(ctx.sentence_tokens, ctx.inner_capitals, strict=True):
        if len(capitals) < 2 or len(capitals) >= HEADLINE_SHARE * (len(sentence) - 1):
            continue  # no run of two capitals inside this sentence, or a headline in title case
        free = 1  # where the next run may start: after the last one
        for position in capitals:  # a run starts at a capital
            if position < free:
                continue
            end = position
            while end < len(sentence) and _common_capitalised(ctx, sentence[end].text) and (end == position or text[sentence[end - 1].end : sentence[end].start] == " "):
                end += 1
            run = sentence[position:end]
            if len(run) >= 2 and _is_title_case_run(ctx, sentence, position, run):
                yield run[0], run[-1]
            free = max(end, position + 1)


def _common_capitalised(ctx: CheckContext, word: str) -> bool:
    """A capitalised word that is a common word written with a capital, not a name."""
    if not is_capitalised(word) or (word.isupper() and len(word) > 1):
        return False
    known_lower = ctx.lexicon.is_lowercase_word(word)
    return known_lower is True or (known_lower is None and ctx.lexicon.zipf(word) >= Band.WELL_KNOWN)


def _is_title_case_run(ctx: CheckContext, sentence: list[Token], position: int, run: list[Token]) -> bool:
    text = ctx.text
    if ctx.is_sentence_start(run[0]) or text[sentence[position - 1].end : run[0].start] != " ":
        return False
    if sentence[position - 1].text.lower() in WORK_NOUNS.get(ctx.language.code, frozenset()):
        return False
    previous = sentence[position - 1].text
    if (position > 1 and is_capitalised(previous)) or previous.endswith(("'s", "’s")):
        return False  # continues a name ("Chancellor Of The Exchequer"), or a title after "BBC Radio 4's"
    function = [i for i, token in enumerate(run) if ctx.lexicon.zipf(token.text) >= FUNCTION_WORD_ZIPF]
    # A function word inside the run, or two of them: names end on one ("Formula One", "Carry On")
    # or start with one ("The Daily Telegraph", "New York Stock Exchange"), link text has them inside.
    return any(0 < i < len(run) - 1 for i in function) or len(function) >= 2


# Pronouns of address written with a capital by convention ("Sie", "Ihnen"): grammar, not names.
POLITE_PRONOUNS = {"de": frozenset(["sie", "ihnen", "ihr", "ihre", "ihrer", "ihres", "ihrem", "ihren", "du", "dich", "dir", "dein", "deine", "euch", "euer"])}


def capitalised_function_words(ctx: CheckContext) -> Iterator[Token]:
    """In a language that capitalises nouns (German), where a capital proves nothing about a noun:
    a function word of the language (one of its most frequent words) that the dictionary knows
    only in lower case (or, for the most frequent ones, not at all: some German dictionaries lack
    "das" and "wenn"), capitalised inside a sentence ("in einer Erklärung Dass Russland") — the
    mark of pasted link text. Pronouns of address ("Sie", "Ihnen") and capitals that the run writes
    three times or more mid-sentence are left alone."""
    if not ctx.language.capitalises_nouns or not ctx.lexicon.has_case_dictionary:
        return
    function_words = ctx.language.function_words
    for sentence, positions in zip(ctx.sentence_tokens, ctx.inner_capitals, strict=True):
        for position in positions:
            token = sentence[position]
            word = token.text
            if not is_capitalised(word) or word.isupper() or word.lower() not in function_words or ctx.is_sentence_start(token):
                continue
            if word.lower() in POLITE_PRONOUNS.get(ctx.language.code, ()) or ctx.corpus_case_votes.get(word, 0) >= 3:
                continue  # a pronoun of address, or a capital the run writes often on purpose
            known = ctx.lexicon.is_lowercase_word(word)
            if known is True or (not ctx.lexicon.in_dictionary(word) and ctx.lexicon.zipf(word) >= Band.SENTENCE_OPENER):
                yield token  # known only in lower case; or a top function word the dictionary lacks ("das")
