"""The entry points: what leaves a key point hanging when read alone (``dangling``) and as
a briefing shows it (``dangling_as_shown``); and ``_opening``, which ties the opening's
rules together, with the quick rejections that keep most sentences cheap. ``_opening`` is
here rather than in ``opening`` because a capital inserted in brackets ("[S]he was…", left
by a dropped connective) sends the whole point back to ``dangling``, read as the word it
begins."""

from __future__ import annotations

import re

from briefing.standalone.connectives import (
    BACK_OBJECTS,
    LINKING_PHRASES,
    PHRASES_BY_FIRST,
    TIME_FIRST,
    TIME_HINT,
    connective,
)
from briefing.standalone.dangle import Dangle
from briefing.standalone.definite import MAX_MODIFIERS, ROLE_FORMS, definite_thing
from briefing.standalone.fragments import elliptical, event_reference, trailing_object
from briefing.standalone.opening import dangle_after_fronted, dangle_at
from briefing.standalone.quotes import quoted_speaker
from briefing.standalone.tokenizing import (
    CLITIC_HOSTS,
    FIRST_WORD,
    OPENING_CHARS,
    OPENING_TOKENS,
    is_resolved,
    tokens,
    word_at,
)
from briefing.standalone.voice import reader_addressed, second_person_opening, writer_first_person
from briefing.words import (
    CALENDAR_WORDS,
    COMMA_ADVERBS,
    COORDINATORS,
    DEMONSTRATIVES,
    FRONTING_WORDS,
    LINKING_ADVERBS,
    NUMBER_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    TELLING_NOUNS,
    WRITER_ADVERBS,
    word_set,
)

# First words after which nothing can dangle need no further look: most sentences.
_TRIGGERS = (PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS
             | WRITER_ADVERBS
             | PREPOSITIONS | FRONTING_WORDS | QUANTIFIERS
             | {p[0] for p in LINKING_PHRASES} | {"such", "here", "there", "another", "others",
                                                 "the", "what's"})


# First words whose rules can be ruled out from the next few words, before tokenizing:
# "the" needs a role noun (or "latter", "same", …) among them; a preposition or adverbial
# opener, a back-pointing object after it or a comma to close a fronted adverbial.
_QUICK_CHECKS = (frozenset({"the"}) | FRONTING_WORDS) - (
    PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS | COMMA_ADVERBS | QUANTIFIERS
    | set(PHRASES_BY_FIRST) | {"because", "such", "here", "there", "another", "others"}
)
_THE_NEXT = ROLE_FORMS | NUMBER_WORDS | TELLING_NOUNS | {
    "latter", "former", "same", "other", "rest", "next", "following", "previous"}


def _may_dangle(word: str, text: str) -> bool:
    """Whether a sentence opening with ``word`` (one of ``_QUICK_CHECKS``) can dangle."""
    nxt = text[:OPENING_CHARS].lower().split()[1:MAX_MODIFIERS + 3]
    if word == "the":
        return any(w.strip(",.;:!?\"'”’") in _THE_NEXT or "year-old" in w for w in nxt)
    return "," in text[:OPENING_CHARS] or bool(nxt) and nxt[0].strip(",") in BACK_OBJECTS


# A day as a possessive determiner works as "the" does: "Today's announcement also…",
# "Tuesday's attack killed…" retell what the article told, without saying which.
_DAY_POSSESSIVES = frozenset(
    f"{day.lower()}'s" for day in CALENDAR_WORDS if day.endswith("day")
) | word_set("today's yesterday's tonight's")
# Words in -ing that open a sentence as its subject, not a participle clause.
_ING_NOUNS = word_set("nothing something anything everything thing king morning evening spring")
_CAPITAL_INSERT = re.compile(r"\W*?\[(\w)\](?=\w)")
# A sentence's first word, "of" and a possessive pronoun not resolved in brackets.
_OF_POSSESSIVE = re.compile(r"[\W_]*[^\W_][\w'’-]*\s+of\s+(?:his|her|its|their)\b(?!\s*\[)",
                            re.IGNORECASE)


def dangling(text: str) -> Dangle | None:
    """What leaves ``text`` hanging when read alone (the package docstring's rules): what
    its opening points back to, else a writer's first person in it, else the writer's
    "you" at its opening or addressing the reader, else a quotation said by a pronoun or by
    no one, an event it names only as "the incident", a verbless "Not…" fragment, or a
    short sentence ending on an object pronoun."""
    return (_opening(text) or writer_first_person(text) or second_person_opening(text)
            or reader_addressed(text) or quoted_speaker(text) or event_reference(text)
            or elliptical(text) or trailing_object(text))


def dangling_as_shown(text: str, *, speaker_named: bool = False,
                      opens_article: bool = False) -> Dangle | None:
    """What leaves ``text`` hanging as a briefing shows it (`dangling`), less what its
    place there resolves: a transcript's "I" shown after its speaker's name ("SECRETARY
    BLINKEN: I look forward…", ``speaker_named``) is that speaker, and "the incident" in
    an article's first sentence (``opens_article``: "…were raped and murdered…, and three
    have been arrested in the incident") is what that sentence tells. The mending and the
    measure (bench/standalone.py) read points by this one rule."""
    problem = dangling(text)
    if problem and (problem.kind == "first person" and speaker_named
                    or problem.kind in {"event", "reader"} and opens_article):
        return None
    return problem


def _opening(text: str) -> Dangle | None:
    """What the opening of ``text`` points back to, or None (the package docstring's rules).

    Looks at the opening, and at the opening of the main clause after a fronted adverbial
    ("On Friday, she said"), where a name in the adverbial counts as introduced. A first
    letter capitalised in brackets ("[S]he was…", left by a dropped connective) is read as
    the word it begins.
    """
    capital = _CAPITAL_INSERT.match(text)
    if capital:
        found = dangling(capital.group(1) + text[capital.end() :])
        return found and Dangle(found.kind, found.words, found.start + (found.start > 0) * 2,
                                found.end + 2)
    first = FIRST_WORD.match(text)
    if not first:
        return None
    word = first.group(1).lower().replace("’", "'")
    if word in WRITER_ADVERBS:
        after = len(text) - len(text[first.end() :].lstrip())
        if text[after : after + 1] not in {",", ""}:
            # without its comma a writer's comment still leaves a pronoun after it to be
            # read ("Unfortunately because of an extremist minority, it is sometimes seen…")
            found = _opening(text[after:])
            if found is None or found.kind not in {"pronoun", "demonstrative"}:
                return None
            return Dangle(found.kind, found.words, found.start + after, found.end + after)
    owner = _OF_POSSESSIVE.match(text)
    if owner and word not in FRONTING_WORDS and word not in {"instead", "regardless"} \
            and "," not in text[: owner.end() + 40]:
        # "News of her death…", "Members of his family…": the subject's owner is someone
        # the sentence does not name (a fronted "Because of his illness," is read below)
        return Dangle("pronoun", text[first.start(1) : owner.end()], first.start(1),
                      owner.end())
    if word in _DAY_POSSESSIVES:  # "Today's announcement also extended…": which one?
        toks, starts = tokens(text, 10)
        head = definite_thing(toks, 0)
        if head is None or word_at(toks, head) not in TELLING_NOUNS or is_resolved(toks, head):
            return None
        end = starts[head] + len(toks[head])
        return Dangle("definite", text[starts[0] : end], starts[0], end)
    # "Speaking to reporters, he said…": a participle clause is fronted like a phrase
    participle = word.endswith("ing") and word not in _ING_NOUNS and "," in text[:OPENING_CHARS]
    if word not in _TRIGGERS and word.split("'")[0] not in CLITIC_HOSTS and not participle \
            and not ((word in TIME_FIRST or word.isdigit()) and TIME_HINT.search(text, 0, 60)):
        return None
    if word in _QUICK_CHECKS and not _may_dangle(word, text):
        return None  # most sentences: "The report said…", "In May the council…"
    fronting = word in FRONTING_WORDS or participle
    # a fronted adverbial needs the clause after it; any other opening, a few words
    toks, starts = tokens(text, OPENING_TOKENS if fronting else 10)
    if not toks:
        return None

    def found(kind: str, a: int, b: int) -> Dangle:
        end = starts[b] + len(toks[b])
        return Dangle(kind, text[starts[a] : end], starts[a], end)

    n = connective(toks)
    if n:
        last = n - 1 if toks[n - 1] != "," else n - 2
        return found("connective", 0, max(0, last))
    problem = dangle_at(toks, 0, names_before=False)
    if problem:
        return found(*problem)
    problem = dangle_after_fronted(toks) if fronting else None
    return found(*problem) if problem else None
