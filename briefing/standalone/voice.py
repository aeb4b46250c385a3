"""The writer's voice in a key point, which a briefing's reader never met: the first person
outside a quotation (``writer_first_person``), "you" at the opening
(``second_person_opening``) and the reader addressed anywhere in the writer's own words
(``reader_addressed``), all read before the first quotation mark (``_writers_words_end``)."""

from __future__ import annotations

import re

from briefing.standalone.dangle import Dangle
from briefing.standalone.quotes import QUOTE_MARKS, closes_quotation, first_quote_mark
from briefing.standalone.tokenizing import FIRST_WORD, TOKEN, whole_words
from briefing.words import (
    FRONTING_WORDS,
    SPEECH_VERBS,
    word_set,
)

# The first person as it opens a clause; "US" (the country) is not "us", so case is kept.
# "Let's" is "let us": the writer and the reader ("…grab a cup of coffee and let's talk").
FIRST_PERSON = frozenset({"I", "We", "My", "Our", "Me", "we", "my", "our", "me", "us",
                          "Let's", "let's", "Let’s", "let’s"})
# The second person as a sentence's first word ("You feel…", "Your first stop…", "You're…")
SECOND_PERSON = re.compile(r"Your?\b")
# ...or in a clause fronted before the first comma ("In case you live in Delhi, chances…")
FRONTED_SECOND_PERSON = re.compile(r"\b[Yy]our?\b")
# ...or anywhere in the writer's own words, in lower case ("Pakistan needs your help.");
# a capital "You" inside a sentence is mostly a title ("Are You Smarter Than…").
SECOND_PERSON_WORD = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b")
# A reporting verb before it makes "you" someone's words, reported ("Residents said you
# could see the smoke…", "Officials warned that if you travel…"), as "according to" does.
_REPORTING = SPEECH_VERBS | word_set(
    "say asks warns advised advises urges explains writes insists recalls notes according")
# What opens a clause fronted before the sentence's subject ("If your flight…,")
_FRONTING_CLAUSE = FRONTING_WORDS | word_set("unless whether")


def _writers_words_end(text: str) -> int | None:
    """Where the writer's own words in a sentence's opening end (its first quotation
    mark), or None when none of it is the writer's: a sentence that opens with a quotation
    mark is the quoted speaker's, and what comes before a closing mark is speech."""
    if text.lstrip()[:1] in QUOTE_MARKS:
        return None
    quote = first_quote_mark(text)
    return None if closes_quotation(text, quote) else quote


def writer_first_person(text: str) -> Dangle | None:
    """The writer's first person in a sentence's opening, outside any quotation ("Since I
    was 10…", "Three years ago, my family…"); a sentence that opens with a quotation mark
    is the quoted speaker's, and what follows a quotation mark may be speech. "I" after a
    capitalised word is a numeral ("World War I"), "US" the country."""
    quote = _writers_words_end(text)
    if quote is None:
        return None
    words = whole_words(text, 0, quote)
    for n, m in enumerate(words):
        numeral = m.group() == "I" and n > 1 and words[n - 1].group()[:1].isupper()
        # "Follow Me Down", "the Lord Our Righteousness Church": a capital inside a
        # sentence is a title's or a name's ("I" is always one)
        titled = n > 0 and m.group() != "I" and m.group()[:1].isupper()
        if m.group() in FIRST_PERSON and not numeral and not titled:
            return Dangle("first person", m.group(), m.start(), m.end())
    return None


def second_person_opening(text: str) -> Dangle | None:
    """A sentence that opens by addressing "you", outside any quotation ("You feel like a
    stranger in a foreign place."): the writer of a feature or an essay speaking to its
    reader, which says nothing about the news. The first word, or a word of a fronted clause
    ("In case you are living in Delhi, chances are…", "If your flight…,"); further on, see
    ``reader_addressed``."""
    found = SECOND_PERSON.match(text)
    first = None if found else FIRST_WORD.match(text)
    if first and first.group(1).lower() in _FRONTING_CLAUSE:
        comma = text.find(",", 0, first_quote_mark(text))
        found = FRONTED_SECOND_PERSON.search(text, 0, comma) if comma > 0 else None
    if not found:
        return None
    return Dangle("second person", found.group(), found.start(), found.end())


def reader_addressed(text: str) -> Dangle | None:
    """A lower-case "you" or "your" anywhere in the writer's own words ("Pakistan needs
    your help."): not after a reporting verb ("Residents said you could see the smoke…"),
    nor before a closing quotation mark (the end of someone's speech). In an article's
    first sentence it is mostly the generic "you" of a law or a rule ("…illegal to drive
    with a phone in your hand"), which ``dangling_as_shown`` lets pass."""
    quote = _writers_words_end(text)
    if quote is None:
        return None
    found = SECOND_PERSON_WORD.search(text, 0, quote)
    if found is None or any(m.group().lower() in _REPORTING
                            for m in TOKEN.finditer(text, 0, found.start())):
        return None
    return Dangle("reader", found.group(), found.start(), found.end())
