"""Connectives that link a point to the sentence before it: a coordinator, a linking
adverb or a linking phrase (``connective``), and a time told from the sentence before
("Six hours later,": ``relative_time``)."""

from __future__ import annotations

import re

from briefing.standalone.tokenizing import word_at
from briefing.words import (
    COMMA_ADVERBS,
    COORDINATORS,
    LINKING_ADVERBS,
    NOW_NOUNS,
    NUMBER_WORDS,
    WRITER_ADVERBS,
    word_set,
)

# Phrases that link to the sentence before, as the linking adverbs do.
LINKING_PHRASES = tuple(
    tuple(p.split())
    for p in """in addition|as a result|in fact|even so|at the same time|on the other hand|
    for example|for instance|in turn|in response|in contrast|by contrast|after all|of course|
    that said|having said that|not only that|on top of that|as well|in other words|as such|
    in short|to that end|with that|at the time|by then|since then|until then|even then|
    in that case|in this case|in the meantime|in any case|either way|all the same|
    on the contrary|more importantly|most importantly|just as important|what's more|
    what is more|worse still|better still|if so|if not|if anything""".replace("\n", "").split("|")
)
PHRASES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _phrase in LINKING_PHRASES:
    PHRASES_BY_FIRST.setdefault(_phrase[0], []).append(_phrase)
# A preposition before one of these points back: "Despite this", "After them".
BACK_OBJECTS = word_set("this that these those it them him her")


# What follows "however" in a concessive clause ("However much they try,", "However long
# it takes,"); before anything else, as before a comma, "however" links.
_DEGREE_WORDS = word_set(
    """much many long hard often far few little large small big good bad great strong high
    low fast slow late early soon well badly difficult"""
)
_CONNECTIVE_FIRST = (COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS | WRITER_ADVERBS
                     | set(PHRASES_BY_FIRST))
# A time told from the sentence before ("Six hours later,", "A day earlier,", "Shortly
# afterwards,", "Later that night,", "The next day,"): later than what the article said
# just before, which a reader of the point alone never saw. A linking connective too.
_TIME_UNITS = word_set(
    """second seconds minute minutes hour hours day days week weeks month months year years
    moment moments decade decades night nights"""
)
_AMOUNTS = NUMBER_WORDS | word_set(
    """a an one eleven twelve twenty thirty forty fifty few several some many just only
    about nearly almost barely less more than"""
)
_TIME_AFTER = word_set("later earlier afterwards afterward thereafter")
TIME_FIRST = _AMOUNTS | _TIME_UNITS | word_set("shortly soon immediately not later earlier")
TIME_HINT = re.compile(r"\b(?:later|earlier|after|afterwards?|before|thereafter)\b|\bon,",
                       re.IGNORECASE)


def _time_tail(w: list[str], j: int) -> int:
    """How many tokens a relative time opening takes when its "later" (or "after,") is at
    ``j``: 0 when there is none, or when it is compared ("later than planned") or has an
    object ("Two days after the crash,": a preposition, which says after what)."""
    if w[j] in _TIME_AFTER and w[j + 1] != "than":
        return j + 1 + (w[j + 1] == ",")
    if w[j] in {"after", "before", "on"} and w[j + 1] == ",":
        return j + 2
    return 0


def relative_time(toks: list[str]) -> int:
    """How many tokens of a time told from the sentence before open ``toks`` (its comma
    included), 0 if none: "Six hours later,", "Minutes later", "Later that night,"."""
    w = [word_at(toks, k) for k in range(min(len(toks), 8))] + [""] * 8
    j = 0
    while j < 4 and (w[j] in _AMOUNTS or w[j].isdigit()):
        j += 1
    if w[j] in _TIME_UNITS and (j > 0 or w[j].endswith("s")):  # "A day later", "Days later"
        return _time_tail(w, j + 1)
    if w[0] in {"shortly", "soon", "immediately"}:
        return _time_tail(w, 1)
    if w[:2] == ["not", "long"]:
        return _time_tail(w, 2)
    if w[0] in {"later", "earlier"}:  # "Later that day", "Earlier the same week"
        n = 2 if w[1] == "that" else 3 if w[1:3] == ["the", "same"] else 0
        if n and w[n] in NOW_NOUNS:
            return n + 1 + (w[n + 1] == ",")
    if w[0] == "the" and w[1] in {"next", "following", "previous"} and w[2] in NOW_NOUNS:
        return 3 + (w[3] == ",")
    return 0


def connective(toks: list[str]) -> int:
    """How many tokens of a linking connective open ``toks`` (its comma included); 0 if none."""
    if not toks:
        return 0
    first = word_at(toks, 0)
    if first in TIME_FIRST or first == "the" or first.isdigit():
        n = relative_time(toks)
        if n:
            return n
    if first not in _CONNECTIVE_FIRST:
        return 0
    w = [word_at(toks, k) for k in range(min(len(toks), 8))]
    for phrase in PHRASES_BY_FIRST.get(w[0], ()):
        n = len(phrase)
        if tuple(w[:n]) != phrase:
            continue
        after, obj, then = (w[n : n + 3] + ["", "", ""])[:3]
        if after in {"to", "of", "as"}:
            # a preposition ("In addition to", "As a result of", "As well as"): it links
            # back only when its object does, standing alone before the comma ("As well as
            # this, …"), and is then dropped whole; "In addition to ordering the pilot, …"
            # and "As well as this year's award, …" open sentences that stand alone
            if obj in BACK_OBJECTS and then in {",", ""}:
                return n + 2 + (then == ",")
            continue
        return n + (after == ",")
    first, nxt = w[0], w[1] if len(w) > 1 else ""
    if first in COORDINATORS:
        if first == "so" and nxt in {"far", "much", "many", "long", "-called"}:
            return 0
        if first == "yet" and nxt in {"to", "another"}:
            return 0
        return 1 + (nxt == ",")
    if first in LINKING_ADVERBS:
        if first == "however" and nxt in _DEGREE_WORDS:
            return 0  # "However much they try…" is a concessive clause, not a link
        if nxt == "of":
            return 0  # "Instead of …", "Regardless of …": a preposition
        return 1 + (nxt == ",")
    if (first in COMMA_ADVERBS or first in WRITER_ADVERBS) and nxt == ",":
        return 2
    return 0
