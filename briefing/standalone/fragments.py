"""Rules read over a whole point, not only its opening: a fragment that opens with "Not"
and has no verb (``elliptical``), a short sentence that ends on an object pronoun
(``trailing_object``), and an event named only by a general noun, "the incident"
(``event_reference``)."""

from __future__ import annotations

import re

from briefing.standalone.dangle import Dangle
from briefing.standalone.tokenizing import BE_VERBS, TOKEN
from briefing.tellings import IRREGULAR_PAST
from briefing.words import (
    EVENT_NOUNS,
    EVENT_STEMS,
    FUNCTION_WORDS,
    word_set,
)

# "the" (no other determiner: "a blast", "his attack" are no back-reference), up to two
# lower-case modifiers ("the suicide bombing", "the latest attack"; a capitalised or
# numbered one names the event: "the Madrid bombings", "the 2004 earthquake"), the noun.
_EVENT = re.compile(
    rf"\b[Tt]he\s+((?:[a-z][a-z-]*\s+){{0,2}})({'|'.join(sorted(EVENT_NOUNS))})\b"
)
# What after the noun says which event it is: a place, a target, a time, a relative clause
# ("the attack on the embassy", "the crash near Dover", "the incident that closed…").
_EVENT_IDENTIFIED = re.compile(
    r"\s*(?:\[|,\s*[A-Z]|(?:of|on|in|at|near|against|outside|inside|between|by|that|which|"
    r"who|where|when|during|from)\b)"
)
_EVENT_TOLD = re.compile(rf"(?<![\w-])(?:{'|'.join(EVENT_STEMS)})", re.IGNORECASE)
# A clause joined before it, which may itself tell what happened: "A girl was killed in
# Juárez, and three men have been arrested in the incident."
# ...or a sentence shown before it, as a point shows the sentence before its own: "…at the
# World Floral Expo in Los Angeles. The event is one…".
_SENTENCE_BEFORE = re.compile(r"[.!?][\"”’)]?\s+[\"“(]?[A-Z]")
_CLAUSE_BEFORE = re.compile(r"[,;]\s+(?:and|but|while|after|before|when|as)\s|;\s|\s[—–]\s")


def event_reference(text: str) -> Dangle | None:
    """An event named only by a general noun, "the incident", anywhere in ``text`` ("At
    least 26 injuries were reported as a result of the incident."): read alone, what
    happened? Not when a word before it in ``text`` told of the event ("A bus crashed into
    a wall; the incident…"), or a clause joined before it or a sentence shown before it may
    have ("A girl was killed, and three were arrested in the incident"; "…at the Floral
    Expo. The event drew…"), nor when what follows the noun says which ("the incident at
    the embassy")."""
    for m in _EVENT.finditer(text):
        modifiers = m.group(1).split()
        if any(w in FUNCTION_WORDS or w in BE_VERBS for w in modifiers):
            continue  # "the police said the attack": a modifier is no verb or pronoun
        if _EVENT_IDENTIFIED.match(text, m.end()) or _EVENT_TOLD.search(text, 0, m.start()):
            continue
        before = m.start()
        if _CLAUSE_BEFORE.search(text, 0, before) or _SENTENCE_BEFORE.search(text, 0, before + 1):
            continue  # a clause or a sentence before it may tell of the event in other words
        return Dangle("event", m.group(), m.start(), m.end())
    return None


# A verb or an auxiliary among a sentence's words: a finite clause, not a fragment.
_AUXILIARY_WORDS = BE_VERBS | word_set("do does did shall")  # BE_VERBS has "will", "can", "must"…
_ELLIPSIS_MAX_WORDS = 12


def elliptical(text: str) -> Dangle | None:
    """A fragment that opens with "Not" and has no verb ("Not the federal government or
    Congress.", "Not just the color of the jersey."): the rest of the sentence before it,
    elided, which says what is not. A word that may be a verb (an auxiliary, a past tense,
    a lower-case word in -s or -ing) makes it a clause ("Not everyone agrees.")."""
    if not text.startswith("Not "):
        return None
    words = [m.group() for m in TOKEN.finditer(text) if m.group()[:1].isalpha()]
    if len(words) > _ELLIPSIS_MAX_WORDS:
        return None
    for word in words[1:]:
        low = word.lower()
        if low in _AUXILIARY_WORDS or low in IRREGULAR_PAST or word[:1].islower() and (
                low.endswith(("ed", "s", "ing", "n't"))):
            return None
    return Dangle("ellipsis", "Not", 0, 3)


# An object pronoun as a sentence's last word, before its end mark and any closing quote.
_TRAILING_OBJECT = re.compile(r"\s(it|them|this|that)[.!][\"'”’]?\s*$")
_TRAILING_OBJECT_MAX_WORDS = 8


def trailing_object(text: str) -> Dangle | None:
    """A sentence of at most eight words that ends on "it", "them", "this" or "that"
    ("People are actually buying it.", "Rowling's fans loved it.", "The Vatican today
    confirmed this."): so short a sentence leaves no room for what the pronoun stands for,
    which the sentence before named. Longer ones often name it themselves ("The bomb was
    packed with nails, obliterating the person who detonated it."). Read over 1,500
    Wikinews articles and the CNN dev articles, all 54 such sentences of eight words or
    fewer point back; of those of nine to twelve words, a third name the thing inside."""
    # only the last dozen characters can hold the ending: read them alone (most sentences
    # stop here), then count the words
    tail = max(0, len(text) - 12)
    found = _TRAILING_OBJECT.search(text, tail)
    if found is None or len(text.split()) > _TRAILING_OBJECT_MAX_WORDS:
        return None
    return Dangle("object", found.group(1), found.start(1), found.end(1))
