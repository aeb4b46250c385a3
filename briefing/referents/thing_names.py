"""The name of a thing a definite noun phrase refers back to: ``thing_mentions`` finds the
name a sentence ties to a noun ("the Tavorak volcano", "Norvel, the Danish shipping
company") and whether the sentence introduces a thing of its own ("a second company").
"""

from __future__ import annotations

import re
from functools import lru_cache

from briefing.referents.named_people import (
    APPOSED,
    ARTICLE_AHEAD,
    BEFORE_COMMA,
    NAME_RUN,
    NON_SPACE,
    POSSESSIVE,
    STOP_CAPITALS,
    gazetteer_kind,
    words_before,
)
from briefing.words import word_set

# Nouns that a name right before is the name of ("the Tavorak volcano", "the Skyvault
# website", "the Labour party"). Before any other noun a name says whose or where ("the
# Obama administration", "the Kerala police station"), and the gazetteer cannot tell the
# owner or the place from a name it does not know.
_NAMED_BEFORE = word_set(
    """volcano mountain peak river lake island glacier website ship vessel tanker ferry
    yacht spacecraft probe satellite rocket telescope newspaper magazine album film movie
    novel festival party band"""
)
# What may follow a name written right after its noun ("the website Skyvault, …"): a
# name followed by a verb is a clause's subject ("the law Congress passed"), not the name.
_AFTER_NAME = re.compile(r"\s*(?:$|[,.;:)!?]|(?:in|on|at|of|for|from|to|with|by|and|or|"
                         r"which|that|who|is|was|has|had|will|would|said|says)\b)")
# What may follow a whole name: punctuation, the end, a word of grammar or a verb. A name
# followed by "and Trademark Office" goes on; one followed by a noun ("World Record
# holder") modifies that noun, and is no name of its own.
_COMPLETE = re.compile(
    r"[.,;:)!?\"'”’]?(?:$|\s*[,.;:)(!?\"”’]|\s+(?:and|&|or)\s+[^A-Z&]|\s+(?:in|on|at|of|for|from|"
    r"to|with|by|as|is|was|are|were|has|had|have|will|would|could|can|may|said|says|"
    r"which|that|who|when|after|before|since|began|\w+ed)\b)"
)
# A determiner that introduces a thing of its own ("a second company", "another website").
_INTRODUCING = word_set("a an another one second third other rival different new")


@lru_cache(maxsize=512)
def stem_pattern(stem: str) -> re.Pattern[str]:
    """A word that opens with ``stem``: "explo" finds "exploded", "explosion"."""
    return re.compile(rf"(?<![\w-]){re.escape(stem)}[a-z]*(?![\w-])", re.IGNORECASE)


def _name_runs(text: str) -> list[tuple[int, int]]:
    """The spans of capitalised runs in ``text`` that can be names: leading words that
    open any sentence ("The", "In") and trailing calendar words taken off."""
    out = []
    for m in NAME_RUN.finditer(text):
        words = [(w.start() + m.start(), w.end() + m.start()) for w in
                 NON_SPACE.finditer(m.group())]
        while words and text[words[0][0] : words[0][1]] in STOP_CAPITALS:
            words = words[1:]
        while words and text[words[-1][0] : words[-1][1]].rstrip(".,") in STOP_CAPITALS:
            words = words[:-1]
        if words:
            out.append((words[0][0], words[-1][1]))
    return out


# A word before a capitalised run that belongs to the name: "U.S. 9th Circuit Court".
_NAME_PREFIX = re.compile(r"(?:\b\d+(?:st|nd|rd|th)|\b(?:[A-Z]\.){2,})\s+$")


def _name_start(text: str, at: int) -> int:
    """Where the name whose capitalised run starts at ``at`` starts, with an ordinal or an
    abbreviation before the run ("the U.S. 9th Circuit Court of Appeals")."""
    while (m := _NAME_PREFIX.search(text, 0, at)) is not None:
        at = m.start()
    return at


def _plain_name(name: str) -> str:
    """A name as it may be put in brackets: no possessive, no full stop after it."""
    name = name.rstrip(".,")
    return POSSESSIVE.sub("", name) if name.endswith(("'s", "’s")) else name


def thing_mentions(text: str, head: str) -> list[tuple[str, bool]]:
    """Each mention of the noun ``head`` (lower case, singular) in ``text``: the name the
    sentence ties to it ("" when none) and whether it introduces a thing of its own ("a
    second company", "another website"); and ("", True) for its plural ("two websites"),
    which is several of them."""
    out: list[tuple[str, bool]] = []
    runs = _name_runs(text)
    ends = {b: (a, b) for a, b in runs}
    starts = {a: (a, b) for a, b in runs}
    if re.search(rf"\b{re.escape(head)}(?:s|es)\b", text, re.IGNORECASE):
        out.append(("", True))
    for m in re.finditer(rf"(?<![\w-]){re.escape(head)}\b(?![\w-])", text, re.IGNORECASE):
        word = m.group()
        name = ""
        run = next(((a, b) for a, b in runs if a <= m.start() < b), None)
        if word[0].isupper() and run:
            # part of a name: "Jobseeker Benefit" ends in it, "Cyclone Tessa" opens with it
            if run[0] < m.start():
                # the whole name when it ends in the noun or goes on with "of" ("Circuit
                # Court of Appeals"); in "Supreme Court Justice Ann Ray" it names someone
                if (run[1] <= m.end() + 1 or text.startswith(" of ", m.end())) \
                        and _COMPLETE.match(text, run[1]):
                    name = text[_name_start(text, run[0]) : run[1]]
            elif run[1] > m.end() and _COMPLETE.match(text, run[1]):
                # "Cyclone Tessa": Tessa; "Resolution of Inquiry" whole; not "Academy of
                # Motion Picture Arts" of "… Arts and Sciences"
                rest = text[m.end() : run[1]].strip()
                name = rest if rest[:1].isupper() else text[run[0] : run[1]]
        elif word[0].islower():
            before = ends.get(m.start() - 1) if text[m.start() - 1 : m.start()] == " " else None
            after = starts.get(m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
            apposed = APPOSED.match(text[m.end() :])
            ahead = ARTICLE_AHEAD.search(text[: m.start()])
            if before:  # "the Tavorak volcano": a name, not an owner, a nationality or a place
                candidate = text[before[0] : before[1]]
                if head in _NAMED_BEFORE and gazetteer_kind(candidate) is None \
                        and not candidate.endswith(("'s", "’s")):
                    name = candidate
            elif after and _AFTER_NAME.match(text, after[1]):
                name = text[after[0] : after[1]]  # "the website Skyvault, its owners said"
            elif apposed and (m.end() + 2, m.end() + 2 + len(apposed.group(1))) in runs:
                name = apposed.group(1)  # "a small airline, Brisa Air,"
            elif ahead:  # "Norvel, the Danish shipping company,"
                lead = BEFORE_COMMA.search(text[: ahead.start() + 1])
                if lead and (lead.start(1), lead.end(1)) in runs:
                    name = lead.group(1)
        name = _plain_name(name)
        determiner = words_before(text, m.start(), 2)
        introduces = not name and any(w.lower() in _INTRODUCING for w in determiner)
        out.append((name, introduces))
    return out
