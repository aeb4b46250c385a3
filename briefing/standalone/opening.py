"""What dangles at the opening of a clause (``dangle_at``): a pronoun, unless the "it" of
extraposition or a cleft (``_expletive_it``); a demonstrative; "another", "both", "the
latter"; a preposition whose object points back; a definite back-reference. And what
dangles in a fronted adverbial or at the opening of the clause after its comma
(``dangle_after_fronted``), where a name in the adverbial, or a clause with a subject of its own,
introduces whom a pronoun means."""

from __future__ import annotations

from briefing.standalone.connectives import BACK_OBJECTS
from briefing.standalone.definite import definite_role, definite_thing
from briefing.standalone.tokenizing import BE_VERBS, is_name, is_resolved, word_at
from briefing.words import (
    DEMONSTRATIVES,
    FUNCTION_WORDS,
    NOW_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    TELLING_NOUNS,
    plural_role,
    word_set,
)

# What follows extraposed or cleft "it": "It is unclear whether…", "It was Smith who…".
_EXTRAPOSED = word_set(
    """that whether if how why what when where who which since until before to"""
)
_RAISING = word_set("seems seemed appears appeared")
_EXISTENTIAL_NEXT = BE_VERBS | word_set(
    """seem seems seemed appear appears appeared remain remains remained exist exists
    existed"""
)
_MAX_FRONTED = 16  # words before the comma ("At the same time as the announcement of …,")


def _now(toks: list[str], k: int) -> bool:
    """True for "this year", "these days": the writer's present, which needs no antecedent."""
    return word_at(toks, k) in {"this", "these"} and word_at(toks, k + 1) in NOW_NOUNS


def _expletive_it(toks: list[str], k: int) -> bool:
    """True for the "it" of extraposition or a cleft: "It is unclear whether…", "It was
    Smith who…", "It has been a year since…", "It seems (that)…", "It turns out…"."""
    w = [word_at(toks, j) for j in range(k + 1, k + 8)]
    if w[:1] and w[0] in _RAISING or w[:2] in (["turns", "out"], ["turned", "out"]):
        return True
    if w[:2] in (["comes", "to"], ["came", "to"]):
        return True  # "when it comes to …"
    j = 0
    while j < len(w) and w[j] in BE_VERBS | {"not", "n't", "also", "still", "now"}:
        j += 1
    if j == 0:
        return False
    rest = w[j:]
    if rest and rest[0].endswith(("ed", "en")) and rest[0] != "been":
        return rest[1:2] == ["that"]  # "It is believed that…", but "It is expected to open"
    for n, word in enumerate(rest[:5]):
        if word in _EXTRAPOSED and not (word == "if" and rest[n + 1 : n + 2] == ["not"]):
            return True  # "if not" concedes ("It was nothing if not predictable"): no clause
        if word in {",", ";", ":"}:
            return False
    return False


# What opens a fronted clause with a subject of its own ("When the soldiers arrived,").
_SUBORDINATORS = word_set("when while after before as although though if once since until")
_PEOPLE = word_set("people police women men children")
_HE_SHE = word_set("he she him his her himself herself")
_THEY = word_set("they them their theirs themselves")


def _fronted_subject(fronted: list[str], pronoun: str) -> bool:
    """Whether a fronted clause names what ``pronoun`` after it refers to, agreeing with it:
    people for "they" ("When the soldiers arrived, they…"), a person for "he" or "she",
    a thing after a determiner for "it" ("As the storm approached, it…"). A prepositional
    phrase ("After the meeting,") has no subject, and "they" after it still dangles."""
    if not fronted or word_at(fronted, 0) not in _SUBORDINATORS:
        return False
    words = [word_at(fronted, j) for j in range(1, len(fronted))]
    plural = [w in _PEOPLE or w in ROLE_NOUNS and plural_role(w) for w in words]
    if pronoun in _THEY:
        return any(plural)
    if pronoun in _HE_SHE:
        return any(w in ROLE_NOUNS and not p for w, p in zip(words, plural, strict=True))
    if pronoun in {"it", "its", "itself"}:
        return any(a in {"the", "a", "an"} and b not in FUNCTION_WORDS
                   for a, b in zip(words, words[1:], strict=False))
    return False


def dangle_at(toks: list[str], k: int, names_before: bool) -> tuple[str, int, int] | None:
    """What dangles at token ``k``, the opening of a clause: (kind, first, last token)."""
    word, nxt = word_at(toks, k), word_at(toks, k + 1)
    if not word:
        return None
    if word in QUANTIFIERS:
        if nxt in PRONOUNS and not is_resolved(toks, k + 1) and not names_before:
            return ("pronoun", k, k + 1)
        if (nxt == "of" and word_at(toks, k + 2) in BACK_OBJECTS | {"these", "those", "us"}
                and not is_resolved(toks, k + 2)):
            return ("pronoun", k, k + 2)
    if word in PREPOSITIONS and nxt in BACK_OBJECTS and not is_resolved(toks, k + 1):
        # "Despite this,", "After that meeting"; "this" before a noun is as often the
        # writer's present ("During this transition period"), but "these" before one
        # ("Despite these claims,") points back to what the sentences before told
        alone = word_at(toks, k + 2) in {",", ""}
        if nxt == "these" and not alone and not _now(toks, k + 1) \
                and not is_resolved(toks, k + 2):
            return ("demonstrative", k + 1, k + 1)
        pronoun_use = alone or nxt not in {"this", "these"}
        if pronoun_use and not _now(toks, k + 1):
            return ("connective", k, k + 1)
    if (word in PREPOSITIONS and nxt == "all" and word_at(toks, k + 2) in {"this", "that"}
            and word_at(toks, k + 3) in {",", ""}):
        return ("connective", k, k + 2)  # "Amid all this,", "After all that,"
    if (word == "because" and nxt == "of" and word_at(toks, k + 2) in BACK_OBJECTS
            and not _now(toks, k + 2)):
        return ("connective", k, k + 2)
    if word in PRONOUNS:
        if is_resolved(toks, k) or names_before:
            return None
        if word == "it" and _expletive_it(toks, k):
            return None
        return ("pronoun", k, k)
    if word in DEMONSTRATIVES:
        if is_resolved(toks, k) or is_resolved(toks, k + 1) or _now(toks, k):
            return None
        return ("demonstrative", k, k)
    if (word == "such" and nxt != "as") or word == "here":
        return ("demonstrative", k, k)
    if word == "there" and nxt not in _EXISTENTIAL_NEXT and nxt not in {"'s", "’s"}:
        return ("demonstrative", k, k)
    if word in {"another", "others"} and not is_resolved(toks, k):
        return ("back-reference", k, k)
    if word in {"both", "neither", "either"} and not is_resolved(toks, k):
        # a known pair: "Both want…", "Both sides…"; not "Both Obama and Clinton…"
        after = toks[k + 1] if k + 1 < len(toks) else ""
        if not (is_name(after) or after.startswith("[") or nxt in {"the", "of"}
                or nxt in PRONOUNS):  # "Both he and…" is the pronoun's to answer for
            return ("back-reference", k, k)
    if word == "the":
        if nxt in {"latter", "former", "same", "other", "rest"}:
            after = word_at(toks, k + 2)
            if nxt != "former" or not after or after in BE_VERBS or after in {",", "and"}:
                return ("back-reference", k, k + 1)
        head = definite_role(toks, k)
        if head is not None and not names_before:
            return ("definite", k, head)
        head = definite_thing(toks, k)
        if (head is not None and word_at(toks, head) in TELLING_NOUNS and not names_before
                and not is_resolved(toks, head)):
            return ("definite", k, head)  # "The blast shattered…", "The company said…"
    return None


def dangle_after_fronted(toks: list[str]) -> tuple[str, int, int] | None:
    """What dangles in a fronted adverbial or participle clause that opens ``toks``, or at
    the opening of the clause after its comma: (kind, first, last token), or None. A name
    in the adverbial introduces whom a pronoun after it means ("On Friday, Obama said…"),
    and a clause with a subject of its own introduces who "they" or "he" is ("When the
    soldiers arrived, they…")."""
    comma = next((j for j, t in enumerate(toks[: _MAX_FRONTED + 1]) if t == ","), None)
    if not comma:
        return None
    fronted = toks[1:comma]
    names = any(is_name(t) for t in fronted if not t.startswith("["))
    main = dangle_at(toks, comma + 1, names_before=names)
    if main and not (main[0] == "pronoun"
                     and _fronted_subject(toks[:comma], word_at(toks, main[2]))):
        return main
    # "According to the mayor, the bridge…": the one source cited is unidentified
    if word_at(toks, 1) == "to" and word_at(toks, 2) == "the" and not names:
        head = definite_role(toks[:comma] + [""], 2)
        if head is not None and word_at(toks, 0) == "according":
            return ("definite", 2, head)
    # "In his speech, the president said": nobody named, before "his" or just
    # after the comma ("When he arrived, Obama said"), for "his" to be
    named_after = any(is_name(t) for t in toks[comma + 1 : comma + 4]) or (
        # "In his talk, the mayor of Sur said…": the clause opens with a person
        word_at(toks, comma + 1) in {"the", "a", "an"}
        and any(word_at(toks, j) in ROLE_NOUNS for j in range(comma + 2, comma + 5)))
    for j in range(len(fronted)):
        if is_name(fronted[j]):
            break
        if (word_at(fronted, j) in PRONOUNS and not is_resolved(fronted, j)
                and not (word_at(fronted, j) == "it" and _expletive_it(fronted, j))
                and not named_after):
            return ("pronoun", j + 1, j + 1)
    return None
