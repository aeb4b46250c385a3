"""Definite back-references: "The <modifiers> <noun>" at a clause's opening that nothing
after it identifies, a person named by a role (``definite_role``: "The comedian", "The two
men") or the subject of the verb after it (``definite_thing``: "The blast shattered…"),
which the opening's rules count when its noun retells the news."""

from __future__ import annotations

import re

from briefing.standalone.tokenizing import BE_VERBS, is_name, normal_word, word_at
from briefing.tellings import IRREGULAR_PAST
from briefing.words import (
    CALENDAR_WORDS,
    FUNCTION_WORDS,
    NUMBER_WORDS,
    PREPOSITIONS,
    ROLE_NOUNS,
    VERB_ADVERBS,
    YEAR_OLD,
    word_set,
)

# Role nouns and their plurals ("The researchers", "The guards"), which say "who?" as much.
ROLE_FORMS = ROLE_NOUNS | {f"{w}s" for w in ROLE_NOUNS if not w.endswith("s")} | {
    f"{w}es" for w in ROLE_NOUNS if w.endswith(("ss", "sh", "ch"))}
# What may stand between "The" and its head: lower-case modifiers ("talk show", "former").
MAX_MODIFIERS = 3
# What after a role noun identifies it: a name in apposition, or a post-modifier.
_IDENTIFYING = word_set(
    """of who whom whose named called identified known from in at for behind dubbed"""
)
# ...of which these identify only before a name ("The man called Ali Khan"): before
# anything else they are the sentence's verb ("The governor called the floods…").
_NAMING = word_set("named called dubbed identified known")


def _verb_like(word: str, before: str) -> bool:
    """Whether ``word``, after the modifier ``before`` of a "The …" opening, is more likely a
    verb than a noun phrase's modifier: "The move angered residents", "The law requires
    officers", "The letter also accused …" ("The newly elected president": an -ed after
    an -ly adverb is an adjective; "The sports star": a first modifier may end in -s)."""
    if word in VERB_ADVERBS:
        return True
    if word.endswith("ed"):
        return not before.endswith("ly")
    if _superlative(before):
        return False  # "The poorest results went…": the plural is the noun
    return word.endswith("s") and not word.endswith(("ss", "'s", "us", "is"))


# Nouns in -est, which a word after may follow as its verb ("The protest grows").
_EST_NOUNS = word_set(
    """interest protest forest arrest harvest request contest conquest inquest manifest
    unrest behest digest"""
)


def _superlative(word: str) -> bool:
    """Whether ``word`` is an adjective's superlative ("poorest", "biggest", "latest")."""
    return len(word) > 5 and word.endswith("est") and word not in _EST_NOUNS


def _identifies(toks: list[str], k: int) -> bool:
    """Whether the word at ``k``, after a role noun, says who it is: "of", "who", "from";
    "called", "named" and the like only before a name or "as" ("identified as")."""
    word = word_at(toks, k)
    if word not in _IDENTIFYING:
        return False
    if word not in _NAMING:
        return True
    after = toks[k + 1] if k + 1 < len(toks) else ""
    return is_name(after) or after.lower() in {"as", "by"}


# Role words that are adjectives too ("the official count", "the chief witness", "a
# general strike", "the executive order", "a veteran diplomat"): before a noun they describe
# it, and name no person.
_ADJECTIVE_ROLES = word_set("official chief general executive veteran expert")


def _attributive(toks: list[str], k: int) -> bool:
    """Whether the role word at ``k`` is an adjective of the noun after it ("The official
    death toll…"), not the head of its noun phrase ("The official said…", "The official
    also declined…"): the next word is lower case, and neither a verb nor a function word."""
    if word_at(toks, k) not in _ADJECTIVE_ROLES or k + 1 >= len(toks):
        return False
    nxt, word = toks[k + 1], word_at(toks, k + 1)
    return (nxt[:1].islower() and word.replace("-", "").isalpha()
            and word not in FUNCTION_WORDS and word not in VERB_CUES
            and word not in IRREGULAR_PAST  # "The official spoke on condition…"
            and not word.endswith("ly") and not _verb_like(word, word_at(toks, k)))


def definite_role(toks: list[str], k: int) -> int | None:
    """The index of the role noun that heads an unidentified "The <modifiers> <role noun>"
    opening at ``k`` ("The comedian", "The 27-year-old", "The two men"), or None."""
    j = k + 1
    for _ in range(MAX_MODIFIERS + 1):
        if j >= len(toks):
            return None
        tok = toks[j]
        word = word_at(toks, j)
        if tok.startswith("[") or tok in {",", ";", ":", "—", "–"}:
            return None
        if tok[:1].isupper():
            return None  # "The U.S. president", "The Pentagon": named
        if word in ROLE_FORMS or YEAR_OLD.match(word) or (word in NUMBER_WORDS and j == k + 1):
            head = j
            # "The two men", "The 27-year-old actor": the last role word is the head
            while word_at(toks, head + 1) in ROLE_FORMS or YEAR_OLD.match(word_at(toks, head + 1)):
                head += 1
            if _attributive(toks, head):
                j = head + 1  # "The official death toll": it describes the noun after it
                continue
            after = head + 1
            comma = word_at(toks, after) == ","
            if comma:  # "The men, identified as …", "The actor, Tom Hanks,"
                after += 1
            nxt = toks[after] if after < len(toks) else ""
            if comma and word_at(toks, after) in {"who", "whom", "whose", "which"}:
                return head  # "The man, who was carrying a rucksack,": described, not named
            if nxt.startswith("[") or is_name(nxt) or _identifies(toks, after):
                return None
            if word_at(toks, head) not in ROLE_NOUNS and any(
                    word_at(toks, m).endswith(("'s", "s'")) for m in range(k + 1, head)):
                return None  # "The state's teachers": a place's people, in general
            if word_at(toks, after).endswith("ed") and (
                    word_at(toks, after + 1) in PREPOSITIONS
                    or word_at(toks, after + 1).endswith("ed")):
                return None  # "The journalists reported killed in…": picked out by it
            return head
        if word in FUNCTION_WORDS or j > k + 1 and _verb_like(word, word_at(toks, j - 1)):
            return None  # past the noun phrase: a role noun after it is the verb's object
        j += 1
    return None


# What after a noun phrase opening "The …" shows that its verb has begun.
VERB_CUES = BE_VERBS | word_set(
    """will would could should may might must can cannot did does do said told began came
    went took made found gave left hit struck fell rose led held met won lost sent saw
    became broke grew flew drew ran sank spent built brought bought caught sought put set
    cut paid"""
)


_SAYS = word_set("says said")
CALENDAR_LOWER = frozenset(w.lower() for w in CALENDAR_WORDS) | word_set("last yesterday")


# A compound adjective of a name and a participle: "London-based", "state-owned" is lower.
_PLACE_MODIFIER = re.compile(r"[A-Z][\w.]*-(?:based|owned|run|led|backed|born|made)$")


def definite_thing(toks: list[str], k: int) -> int | None:
    """The index of the head noun of a "The <modifiers> <noun>" opening at ``k`` that is
    the subject of the verb right after it ("The volcano erupted…", "The new law also
    prohibits…"), so that nothing after the noun identifies it; None when its words are
    not all lower case (a name: "The Pentagon said"), or no verb follows within a few
    words. The caller decides whether it points back: it says nothing of what the noun
    is (``definite_role`` does, for people)."""
    for j in range(k + 1, k + MAX_MODIFIERS + 2):
        tok = toks[j] if j < len(toks) else ""
        word = word_at(toks, j)
        if _PLACE_MODIFIER.match(tok):
            continue  # "The London-based company": a place describes it, and names nothing
        if not tok[:1].islower() or word in FUNCTION_WORDS or not word.replace("-", "").isalpha():
            return None
        nxt = word_at(toks, j + 1)
        if nxt.endswith("ly") or nxt in VERB_ADVERBS:  # "The benefit currently pays"
            verb = word_at(toks, j + 2)
            if verb in VERB_CUES or verb.endswith(("ed", "s")) and not verb.endswith("ss"):
                return j
        if nxt in _NAMING and _identifies(toks, j + 1):
            return None  # "The talks called Geneva II…": named
        if nxt.endswith("ed") and word_at(toks, j + 2) in PREPOSITIONS | CALENDAR_LOWER and any(
                word_at(toks, m) in VERB_CUES | _SAYS for m in range(j + 3, j + 12)):
            return None  # "The report released on Tuesday by the UN said…": picked out by it
        if nxt in VERB_CUES or _verb_like(nxt, word):
            return j
        after = toks[j + 2] if j + 2 < len(toks) else ""
        if nxt == "," and (normal_word(after) in {"which", "a", "an", "however"}
                           or after[:1].islower()
                           and after.endswith(("ed", "en")) and after not in _NAMING):
            # "The airline, which is the third largest…", "The benefit, given to…"
            return j
    return None
