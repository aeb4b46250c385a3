"""What earlier briefings told of a story, and whether a sentence of today retells it.

A developing story shows only what is new: a point that retells an earlier one, lightly
reworded or with less detail, is left out; a higher casualty figure, a negation gained or
lost, an outcome reversed or a fact swapped in place is news however many words it shares.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

MOSTLY_TOLD = 0.8  # share of a sentence's words one earlier point had that makes it no news
_NUMBER_WORDS = {w: n for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_NUMBER_WORDS) + r")"
_CASUALTIES = re.compile(
    r"\b" + _NUMBER + r"\s+(?:\w+\s+){0,3}?"
    r"(?:killed|dead|died|deaths|injured|wounded|casualties|fatalities)\b",
    re.IGNORECASE,
)
# a negation: a sentence that denies what an earlier point said (or no longer does) is news
# however many words they share ("would not sign" the day after "would sign")
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|neither|none|nobody|nothing|cannot)\b|\w+n['\u2019]t\b",
    re.IGNORECASE)
# Outcomes that reverse each other: a sentence that says one the day after a point that
# said the other, in otherwise the same words, is news ("The Senate rejected the bill" the
# day after "The Senate passed the bill"), as a gained or lost negation is. A short list,
# not a model: the project runs offline with no word vectors or NLI model to ask, and such
# models read "passed" and "rejected" as alike (both are votes on a bill), which is the very
# confusion to undo. Each side lists a verb's base forms; they are compared by Snowball stem
# (sumy's, already a dependency), so "rejects", "rejected" and "rejecting" are one, and
# irregular forms are listed as they are ("rose", "fell", "won"). Words of one side are
# rewordings of each other ("passed", "approved"): a point reworded so is still told.
_OUTCOME_OPPOSITES = (
    ("pass approve adopt endorse ratify", "reject veto vote down defeat block"),
    ("win won", "lose lost"),
    ("rise rose risen climb increase jump gain grow grew", "fall fell fallen drop decline "
     "decrease slump shrink shrank"),
    ("raise hike", "cut lower"),
    ("agree accept", "refuse decline reject"),
    ("confirm admit", "deny"),
    ("open reopen", "close shut"),
    ("resign quit", "stay remain"),
    ("hold held", "collapse break broke broken"),
    ("convict", "acquit clear"),
    ("arrest detain", "release free freed"),
    ("guilty", "innocent"),
    ("lift", "impose"),
)
# The outcomes of those that settle what was pending (a vote, an offer, a charge, a
# contest): gaining one the earlier point gave in no words is news (`_gains_outcome`). Not
# the rises and falls, nor "open", "free", "clear", "hold", "stay", "cut": as often
# adjectives or nouns ("free trade", "a clear lead"), and a changed figure is
# `tellings.swaps_a_fact`'s.
_DECISIONS = (
    "pass approve adopt endorse ratify reject veto defeat win won lose lost agree accept "
    "refuse decline confirm admit deny resign quit convict acquit arrest detain release "
    "guilty innocent"
)
_TOLL = re.compile(r"\b(?:death toll|toll)\b\D{0,30}?" + _NUMBER + r"\b", re.IGNORECASE)



def casualty_figure(texts: Sequence[str]) -> int:
    """The largest number of people said killed, dead or wounded in these sentences (0)."""
    best = 0
    for text in texts:
        for m in (*_CASUALTIES.finditer(text), *_TOLL.finditer(text)):
            figure = m.group(1).lower().replace(",", "")
            best = max(best, _NUMBER_WORDS[figure] if figure in _NUMBER_WORDS else int(figure))
    return best



@dataclass(frozen=True)
class Said:
    """What earlier briefings told of one story: each point, and their words."""

    texts: tuple[str, ...]
    words: tuple[frozenset[str], ...]
    casualties: int
    negated: tuple[bool, ...]  # per point: whether it says "not", "never", "didn't"...

    @classmethod
    def of(cls, texts: Sequence[str]) -> Said:
        return cls(tuple(texts), tuple(_words(t) for t in texts), casualty_figure(texts),
                   tuple(_negates(t) for t in texts))



def already_told(text: str, said: Said) -> bool:
    """Whether an earlier briefing told this. Either the near-duplicate test that keeps
    "one fact, every outlet" one point (`tellings.retelling`: the same sentence lightly
    reworded, or one with less detail) or, across days, a sentence nearly all of whose
    words (`MOSTLY_TOLD`) one earlier point had: yesterday's list of ships with a staff
    added is not today's news. A higher casualty figure always is, and so is a sentence
    that negates what the point it rewords said, or no longer negates it, or that swaps
    its outcome for the opposite one ("rejected" for "passed", `_OUTCOME_OPPOSITES`), or
    that gives an outcome the point did not ("declined" after "will offer"), or
    that swaps one of its facts for another in place ("advanced 40 miles" the day after
    "advanced 25 miles", "in Moscow" after "in Geneva": `tellings.swaps_a_fact`): the one
    word that differs is the fact."""
    from briefing.tellings import retelling, swaps_a_fact

    if casualty_figure([text]) > said.casualties:
        return False
    words, negated = _words(text), _negates(text)
    return bool(words) and any(
        negated == old_negated
        and (retelling(words, old) == "same" or len(words & old) >= MOSTLY_TOLD * len(words))
        and not _reverses(words - old, old - words)
        and not _gains_outcome(words - old, old)
        and not swaps_a_fact(text, old_text)
        for old, old_negated, old_text in zip(said.words, said.negated, said.texts,
                                              strict=True))



def _negates(text: str) -> bool:
    return _NEGATION.search(text) is not None



@cache
def _stem() -> Callable[[str], str]:
    from sumy.nlp.stemmers import Stemmer

    return Stemmer("english")



@cache
def _opposites() -> dict[str, frozenset[str]]:
    """Each outcome's stem -> the stems of the outcomes that reverse it (`_OUTCOME_OPPOSITES`)."""
    stem = _stem()
    out: dict[str, set[str]] = defaultdict(set)
    for one, other in _OUTCOME_OPPOSITES:
        ones, others = {stem(w) for w in one.split()}, {stem(w) for w in other.split()}
        for w in ones:
            out[w] |= others
        for w in others:
            out[w] |= ones
    return {w: frozenset(v) for w, v in out.items()}



def _reverses(gained: frozenset[str], lost: frozenset[str]) -> bool:
    """Whether the words a sentence has that an earlier point had not (`gained`), and
    those it lost, swap an outcome for its opposite ("rejected" for "passed")."""
    if not gained or not lost:
        return False
    stem, opposites = _stem(), _opposites()
    lost_stems = {stem(w) for w in lost}
    return any(opposites.get(stem(w), frozenset()) & lost_stems for w in gained)



@cache
def _outcome_sides() -> dict[str, frozenset[str]]:
    """Each outcome's stem -> the stems of its side of `_OUTCOME_OPPOSITES`, of both sides
    for a word on two ("declin" -> refus, declin, reject, and fall, drop...): the words that
    tell that outcome."""
    stem = _stem()
    out: dict[str, frozenset[str]] = {}
    for pair in _OUTCOME_OPPOSITES:
        for side in pair:
            stems = frozenset(stem(w) for w in side.split())
            for w in stems:
                out[w] = out.get(w, frozenset()) | stems
    return out


@cache
def _decisions() -> frozenset[str]:
    """The stems of `_DECISIONS`."""
    stem = _stem()
    return frozenset(stem(w) for w in _DECISIONS.split())


def _gains_outcome(gained: frozenset[str], old: frozenset[str]) -> bool:
    """Whether a sentence's words that an earlier point had not (`gained`) give an outcome
    that point told in no words of that outcome: "Greece has declined Finland's offer" the
    day after "Finland will offer..." gains only "declined", and that word is the news. An
    outcome the point gave already, in these words or others of its side ("refused" after
    "declined"), is no news; its opposite is `_reverses`'. Only outcomes that settle
    something count (`_DECISIONS`): "free trade" gains no outcome."""
    if not gained:
        return False
    stem, sides, decisions = _stem(), _outcome_sides(), _decisions()
    old_stems = {stem(w) for w in old}
    return any(not (sides[stem(w)] & old_stems) for w in gained if stem(w) in decisions)


def _words(text: str) -> frozenset[str]:
    from briefing.tellings import words_of

    return words_of(text)
