"""A sentence's opening as the rules read it: its words, bracketed insertions and clause
punctuation (``tokens``), and the small word helpers every rule of ``briefing.standalone``
shares (``word_at``, ``normal_word``, ``is_resolved``, ``is_name``, ``whole_words``)."""

from __future__ import annotations

import re

from briefing.words import (
    CALENDAR_WORDS,
    DEMONSTRATIVES,
    PRONOUNS,
    word_set,
)

# Words, and insertions in square brackets, in reading order; punctuation kept as tokens.
TOKEN = re.compile(r"\[[^\[\]]*\]|[^\W_]+(?:[’'.-]+[^\W_]+)*|[,;:—–]")
# "be", the auxiliaries and the linking verbs: the verb of a clause, read by several rules.
BE_VERBS = word_set(
    """is was are were 's be been being has have had will would could should may might must
    can remains remained seems seemed appears appeared became becomes"""
)
# A sentence's first word, past any quotation marks or dashes before it.
FIRST_WORD = re.compile(r"[\W_]*([^\W_][\w'’]*)")

_CLITIC = re.compile(r"^(\w+)(['’](?:s|re|ve|ll|d|m))$", re.IGNORECASE)
CLITIC_HOSTS = PRONOUNS | DEMONSTRATIVES | {"there", "here", "what", "who"}
_FIRST_CHAR = re.compile(r"[^\W_]|\[")  # quotation marks and dashes before it are skipped
OPENING_CHARS = 200  # how much of a sentence the rules read: its opening clause or two
OPENING_TOKENS = 24  # a fronted adverbial of up to 16 words, its comma, a clause's opening


def normal_word(tok: str) -> str:
    """The token lower-cased and without brackets, less a final "n't"."""
    word = tok.strip("[]").lower().replace("’", "'")
    return word[:-3] if word.endswith("n't") and len(word) > 4 else word  # "wasn't": "was"


def whole_words(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The tokens of ``text[start:end]`` but for a word cut at ``end``: "well" cut to "we",
    or "Ithaca" to "I", would read as a pronoun that is not there."""
    found = list(TOKEN.finditer(text, start, end))
    if found and found[-1].end() == end < len(text) and text[end].isalnum():
        found.pop()
    return found


def tokens(text: str, limit: int = OPENING_TOKENS) -> tuple[list[str], list[int]]:
    """The words, bracketed insertions and clause punctuation of a sentence's opening (its
    first ``limit`` or so), and where each starts; a pronoun's clitic is a token of its own
    ("It's": "It", "'s")."""
    toks: list[str] = []
    starts: list[int] = []
    lead = _FIRST_CHAR.search(text)
    for m in whole_words(text, lead.start() if lead else len(text), OPENING_CHARS):
        if len(toks) > limit:
            break
        tok = m.group()
        clitic = _CLITIC.match(tok) if "'" in tok or "’" in tok else None
        if clitic and clitic.group(1).lower() in CLITIC_HOSTS:
            toks += [clitic.group(1), clitic.group(2).replace("’", "'")]
            starts += [m.start(), m.start() + len(clitic.group(1))]
        else:
            toks.append(tok)
            starts.append(m.start())
    return toks, starts


def is_resolved(toks: list[str], k: int) -> bool:
    """True when the word at ``k`` carries an insertion in brackets ("He [Austin]")."""
    return k + 1 < len(toks) and toks[k + 1].startswith("[")


def word_at(toks: list[str], k: int) -> str:
    """The token at ``k``, lower-cased and without brackets; "" past the end."""
    return normal_word(toks[k]) if k < len(toks) else ""


def is_name(word: str) -> bool:
    """A capitalised word that is not a calendar word: a possible antecedent."""
    return word[:1].isupper() and word not in CALENDAR_WORDS
