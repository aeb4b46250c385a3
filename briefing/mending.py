"""Mending a key point so that it stands alone, and staying traceable while doing so.

``StandAlone`` shows each sentence of an article as a point that can be read by itself:
as it is when nothing dangles (``briefing.standalone.dangling``), or mended: a leading
connective dropped, a back-reference resolved in square brackets with words copied from
the article (``briefing.referents`` says who), or the short sentence before shown with it.
Every character outside the brackets keeps its place in the article (``Shown.pieces``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefing.referents import Referents
from briefing.standalone import (
    FIRST_WORD,
    VERB_CUES,
    Dangle,
    connective,
    dangling_as_shown,
    definite_thing,
    quotations,
    tokens,
)
from briefing.words import (
    COLLECTIVE_ROLES,
    DEMONSTRATIVES,
    FEMALE_ROLES,
    FRONTING_WORDS,
    FUNCTION_WORDS,
    MALE_ROLES,
    NOW_NOUNS,
    NUMBER_WORDS,
    PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    TELLING_NOUNS,
    VERB_ADVERBS,
    word_set,
)

# What the sentence before cannot resolve: the writer speaking as "I" or to "you".
WRITERS_VOICE = frozenset({"first person", "second person", "reader"})
# A pair of sentences is shown together only when it is short: two typical sentences.
PAIR_MAX_WORDS = 40
# A quotation closed within this many sentences of its opening mark is one that the
# splitter cut (a longer run is a stray mark): none of its sentences stands alone. A
# speech quoted over several sentences is common ("It is not about money. ... ," he said).
CUT_QUOTATION_SPAN = 6
_WORDS = re.compile(r"[^\W\d_](?:[^\W\d_]|['\u2019-])*")
# After a dropped connective the rest must open a clause: a name, or one of these words
# ("So began an odyssey" keeps its "So": "Began an odyssey" is no sentence).
_CLAUSE_OPENERS = (
    PRONOUNS | DEMONSTRATIVES | QUANTIFIERS | FRONTING_WORDS | NUMBER_WORDS
    | word_set(
    """the a an we i you our my your there here every no more less what even
    only not just perhaps now many"""
)
)
_AUXILIARIES = word_set(
    """is was are were be been being has have had do does did will would shall should can
    could may might must also"""
)
# Patterns the mending reads (compiled once here, not looked up in re's cache per call).
_COMMA_GAP = re.compile(r"\s*,?\s*")  # what may follow a leading connective
_CLITIC_AFTER = re.compile(r"['’](?:s|d|ll|ve|re|m)\b")  # "She's [Hillary Clinton]"
_NEXT_LOWER_WORD = re.compile(r"\s+([a-z][\w'’-]*)")
_THESE_THOSE = re.compile(r"\b(?:these|those)\b")


@dataclass(frozen=True)
class Shown:
    """A point as it is shown: the article's own characters (``pieces``: sentence index,
    start, end, in the text given to ``StandAlone``) with insertions in square brackets
    between them, and the single spaces that join two sentences."""

    text: str
    pieces: tuple[tuple[int, int, int], ...]
    first: int  # the first sentence it shows: the point's own, or the one before
    words: int

    @property
    def last(self) -> int:
        """The last sentence it shows."""
        return self.pieces[-1][0]

    def followed_by(self, other: Shown) -> Shown:
        """This point with ``other`` (the next sentence) after it, one space between."""
        return Shown(f"{self.text} {other.text}", self.pieces + other.pieces, self.first,
                     self.words + other.words)


def _build(parts: Sequence[tuple[int, int, int] | str], texts: Sequence[str],
           counts: Sequence[int] | None = None) -> Shown:
    """A ``Shown`` of ``parts``: pieces of ``texts`` and inserted text. ``counts`` gives each
    sentence's words, so that a whole sentence need not be counted again."""
    text, pieces, words = [], [], 0
    for part in parts:
        if isinstance(part, str):
            text.append(part)
            words += len(_WORDS.findall(part))
        elif part[2] > part[1]:
            j, a, b = part
            chunk = texts[j][a:b]
            text.append(chunk)
            pieces.append(part)
            whole = counts is not None and a == 0 and b == len(texts[j])
            words += counts[j] if whole else len(_WORDS.findall(chunk))
    return Shown("".join(text), tuple(pieces), min(p[0] for p in pieces), words)


class StandAlone:
    """How each sentence of one article is shown as a point that stands alone, or None when
    it cannot be: ``StandAlone(texts)(i)``. Worked out on demand and kept (a summarizer asks
    about its best few sentences only).

    In this order: a sentence that does not dangle is shown as it is; a leading connective
    is dropped ("Specifically, CENTCOM works…" -> "CENTCOM works…"), a first letter left in
    lower case capitalised in brackets ("[T]he militants…"); a pronoun that refers to the
    one person named in the nearest sentence before that names anyone, or a role noun that
    the article gave one person only before ("The president" after "President Barack
    Obama"), is resolved with that person's fullest name in the article ("He [Lloyd J.
    Austin III]");
    a "The <noun>" subject that points back to a thing gets the one name the article ties
    to that noun ("The volcano [Tavorak] erupted"), and without one does not stand alone
    when the article told of it before ("The explosion…" after "…exploded…");
    "these groups" is resolved with the fuller noun phrase of the nearer of the two
    sentences before that has the same noun ("these groups [the various opposition groups
    in Syria]"); failing all that, the sentence before is shown with it, when the two are
    short together, stand alone and belong to the same speaker (``usable`` says which
    sentences may be shown).
    """

    def __init__(self, texts: Sequence[str], speakers: Sequence[str] | None = None,
                 usable: Callable[[int], bool] | None = None,
                 counts: Sequence[int] | None = None) -> None:
        self.texts = texts
        self.counts = counts  # each sentence's words, when the caller has counted them
        self.speakers = speakers or [""] * len(texts)
        self.usable = usable or (lambda j: True)
        self._shown: dict[int, Shown | None] = {}
        self._alone: dict[int, Shown | None] = {}
        self.referents = Referents(texts)  # who a "he" or "the president" is
        self._whole: dict[int, Shown] = {}
        self._voice: dict[int, bool] = {}  # whether sentence i is the writer's "I" or "you"
        # the sentences of a quotation cut by the splitter: none stands alone, and its
        # closing sentence may be shown after its opening one (``_pair``)
        self._quotation: dict[int, tuple[int, int]] = {
            k: span for span in quotations(texts, CUT_QUOTATION_SPAN)
            for k in range(span[0], span[1] + 1)}

    def __call__(self, i: int) -> Shown | None:
        if i not in self._shown:
            self._shown[i] = self.alone(i) or self._pair(i)
        return self._shown[i]

    def whole(self, i: int) -> Shown:
        """Sentence ``i`` as it is."""
        if i not in self._whole:
            self._whole[i] = _build([(i, 0, len(self.texts[i]))], self.texts, self.counts)
        return self._whole[i]

    def alone(self, i: int) -> Shown | None:
        """Sentence ``i`` standing alone by itself (as it is, or mended), or None."""
        if i not in self._alone:
            self._alone[i] = None if i in self._quotation else self._mend(i)
        return self._alone[i]

    # -- the mends ------------------------------------------------------------------------

    def _mend(self, i: int) -> Shown | None:
        text = self.texts[i]
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the sentence
        problem = self._hanging(i, text)
        start = 0
        if problem and problem.kind == "connective" and connective(tokens(text)[0]):
            rest = self._after_connective(text, problem)
            if rest is None:
                return None
            edits.append((problem.start, rest, ""))
            if text[rest].islower():
                edits.append((rest, rest + 1, f"[{text[rest].upper()}]"))
            start = rest
            problem = self._hanging(i, text[start:])
            if problem:
                problem = Dangle(problem.kind, problem.words, problem.start + start,
                                 problem.end + start)
        telling = problem and problem.kind == "definite" and _lower(
            problem.words.split()[-1]) in TELLING_NOUNS  # "The blast": a thing, not a person
        if problem and not telling:
            insert = self._resolve(i, problem)
            if insert is None:
                return None
            edits.append(insert)
        else:
            thing = self._thing(i, start)
            if thing is None:
                return None
            if telling and i > 0 and not thing and problem.words[:3].lower() != "the":
                return None  # "Today's announcement…": no name to put in, and which one?
            edits.extend(thing)
        edits.extend(self._demonstratives(i, start, edits))
        if not edits:
            return self.whole(i)
        shown = self._apply(i, edits)
        return None if self._hanging(i, shown.text) else shown

    @staticmethod
    def _after_connective(text: str, problem: Dangle) -> int | None:
        """Where the sentence goes on after its leading connective (and its comma), if what
        follows can open a sentence by itself."""
        m = _COMMA_GAP.match(text, problem.end)
        rest = m.end() if m else problem.end
        if rest >= len(text):
            return None
        follow = FIRST_WORD.match(text, rest)
        word = follow.group(1) if follow else ""
        comma = "," in text[problem.end : rest]
        if comma or word[:1].isupper() or word.lower().split("'")[0] in _CLAUSE_OPENERS \
                or word.lower().endswith("ly"):
            return rest
        return None

    def _resolve(self, i: int, problem: Dangle) -> tuple[int, int, str] | None:
        """An insertion that resolves ``problem`` (at its end), or None."""
        text = self.texts[i]
        words = problem.words.split()
        last = words[-1].lower().strip(",")
        if problem.kind == "pronoun" and last in {"he", "she", "him", "his", "her"}:
            wanted = "he" if last in {"he", "him", "his"} else "she"
            person = self.referents.pronoun(i, wanted, subject=last in {"he", "she"})
            if person is None:
                return None
            name = f"{person}'s" if last in {"his"} or (
                last == "her" and self._possessive(text, problem.end)) else person
            end = problem.end
            clitic = _CLITIC_AFTER.match(text, end)
            end = clitic.end() if clitic else end  # "She's [Hillary Clinton] quietly…"
            return (end, end, f" [{name}]")
        if problem.kind == "definite":
            role = last
            if role in NUMBER_WORDS or role in COLLECTIVE_ROLES or (
                    role.endswith("s") and role not in {"actress", "boss", "hostess"}):
                return None  # "The two men", "The suspects", "The couple": not one person
            wanted = ("she" if role in FEMALE_ROLES else "he" if role in MALE_ROLES
                      else "")
            person = self.referents.role(i, [w.lower() for w in words[1:]], wanted)
            return None if person is None else (problem.end, problem.end, f" [{person}]")
        if problem.kind == "demonstrative" and last in DEMONSTRATIVES:
            head = self._head_after(text, problem.end)
            if head is None:
                return None
            phrase = self._noun_phrase(i, head[0])
            return None if phrase is None else (head[1], head[1], f" [{phrase}]")
        return None

    def _thing(self, i: int, start: int) -> list[tuple[int, int, str]] | None:
        """The insertion naming the thing that a "The <noun>" subject opening sentence ``i``
        at ``start`` points back to ("The volcano [Tavorak] erupted"), when the article ties
        one name to that noun (``Referents.thing``); people are ``_resolve``'s. None when
        the noun points back to a thing the article told of before and no name can be
        put in: "The blast occurred just before 10am." read alone says nothing of which
        blast, so the sentence does not stand alone."""
        text = self.texts[i]
        opening = text[start : start + 200].lower()
        if not opening.startswith("the ") and ", the " not in opening:
            return []  # most sentences: no "The …" subject to look at
        toks, starts = tokens(text[start:])
        k = _clause_after_fronted(toks)
        if k is None or _lower(toks[k]) != "the" or k + 1 >= len(toks):
            return []
        told = toks[:k]  # a noun of a fronted phrase is told here ("When the council met,")
        owner = _POSSESSOR.fullmatch(toks[k + 1])
        if owner:  # "The company's chief executive resigned": which company?
            noun = owner.group(1)
            back = noun not in _UNIQUE and self.referents.told_before(i, noun)
            # ...unless what it owns is named ("The ship's owner, Nordline Shipping,")
            bare = definite_thing(toks, k + 1) is not None
            return None if back and bare and not _told(noun, told) else []
        head = definite_thing(toks, k)
        if head is None or _lower(toks[head]) in ROLE_NOUNS or _told(_lower(toks[head]), told):
            return []
        noun = _lower(toks[head])
        name = self.referents.thing(i, noun)
        if name is None:
            return None if noun not in _UNIQUE and self.referents.told_before(i, noun) else []
        if not _verb_after(toks, head):
            return None  # "The discount stores": the noun may be "stores", the name no fit
        end = start + starts[head] + len(toks[head])
        return [(end, end, f" [{name}]")]

    @staticmethod
    def _possessive(text: str, end: int) -> bool:
        """Whether "her" at ``end`` is a determiner ("her husband") rather than an object."""
        follow = FIRST_WORD.match(text, end)
        return bool(follow) and follow.group(1).lower() not in FUNCTION_WORDS | _AUXILIARIES

    @staticmethod
    def _head_after(text: str, end: int) -> tuple[str, int] | None:
        """The noun a demonstrative determines ("these [new] groups"), and where it ends."""
        head = None
        for m in _NEXT_LOWER_WORD.finditer(text, end):
            if m.start() != (head[1] if head else end):
                break
            word = m.group(1)
            if head is None and word.endswith("ing"):
                return None  # "those receiving home care": people, with no noun of their own
            if word in FUNCTION_WORDS or word in _AUXILIARIES or word.endswith("ly"):
                break
            head = (word, m.end())
        return head

    def _noun_phrase(self, i: int, head: str) -> str | None:
        """A fuller noun phrase with the same noun in the two sentences before ``i``: a
        determiner, one to four modifiers and the noun, and a place after "in", "of", "from"
        or "at" ("the various opposition groups in Syria")."""
        for j in range(i - 1, max(-1, i - 3), -1):
            if f" {head}" not in self.texts[j]:
                continue
            # the nearest sentence with the noun decides: used twice there ("many small
            # parties … the big parties"), it does not say which is meant, and a wrong
            # phrase would be worse than none
            if len(re.findall(rf"\b{re.escape(head)}\b", self.texts[j])) > 1:
                return None
            for m in _noun_phrase_pattern(head).finditer(self.texts[j]):
                modifiers = m.group(2).split()
                if any(w.lower() in FUNCTION_WORDS | _AUXILIARIES | DEMONSTRATIVES
                       for w in modifiers):
                    continue
                return m.group().strip()
        return None

    def _demonstratives(self, i: int, start: int,
                        edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """Insertions resolving "these"/"those" + noun inside the sentence, where the
        sentences before have a fuller phrase with the same noun."""
        text = self.texts[i]
        out: list[tuple[int, int, str]] = []
        if "these " not in text and "those " not in text:
            return out
        for m in _THESE_THOSE.finditer(text[start:]):
            at = m.end() + start
            if any(a <= at <= b for a, b, _ in edits):
                continue
            head = self._head_after(text, at)
            if head is None or head[0] in NOW_NOUNS:
                continue
            after = text[head[1] : head[1] + 2]
            if after.startswith(" [") or after.strip().startswith("["):
                continue
            phrase = self._noun_phrase(i, head[0])
            if phrase:
                out.append((head[1], head[1], f" [{phrase}]"))
        return out

    def _apply(self, i: int, edits: list[tuple[int, int, str]]) -> Shown:
        """Sentence ``i`` with ``edits`` (drops, and insertions that keep every other
        character where it was)."""
        text = self.texts[i]
        parts: list[tuple[int, int, int] | str] = []
        pos = 0
        for start, end, insert in sorted(edits, key=lambda e: (e[0], e[1])):
            if start > pos:
                parts.append((i, pos, start))
            if insert:
                parts.append(insert)
            pos = max(pos, end)
        parts.append((i, pos, len(text)))
        return _build(parts, self.texts, self.counts)

    def _hanging(self, i: int, text: str) -> Dangle | None:
        """What leaves ``text`` (sentence ``i`` or what is left of it) hanging where it is
        shown: after its speaker's name, or as its article's opening."""
        return dangling_as_shown(text, speaker_named=bool(self.speakers[i]),
                                 opens_article=i == 0)

    def continues(self, i: int) -> bool:
        """Whether sentence ``i`` may be shown after the one before it on one point: not
        when that would cut a quotation (one left open, or closed without its start), nor
        when it is the writer speaking as "I" or to "you", whom no sentence before names."""
        quotation = self._quotation.get(i)
        if quotation is not None and quotation != (i - 1, i):
            return False
        if i not in self._voice:
            own = self._hanging(i, self.texts[i])
            self._voice[i] = own is not None and own.kind in WRITERS_VOICE
        return not self._voice[i]

    def _pair(self, i: int) -> Shown | None:
        """Sentence ``i`` after the one before it, when both are short and stand alone so;
        or a quotation of two sentences whole, when its first stands alone but for the
        quotation it leaves open."""
        j = i - 1
        if j < 0 or not self.usable(j) or self.speakers[j] != self.speakers[i]:
            return None
        if not self.continues(i):
            return None
        # a quotation's closing sentence after its opening one, which stands alone but for
        # the quotation it leaves open
        before = self._mend(j) if i in self._quotation else self.alone(j)
        if before is None or before.first != j:
            return None
        whole = self.whole(i)
        if before.words + whole.words > PAIR_MAX_WORDS:
            return None
        return _build([*_parts_of(before, self.texts), " ", (i, 0, len(self.texts[i]))],
                      self.texts, self.counts)


# "The company's …": a lower-case noun's possessive, its noun as group 1.
_POSSESSOR = re.compile(r"([a-z][a-z-]*)['’]s")
# Nouns with one referent wherever they are read ("The world's largest…"), not a back-reference.
_UNIQUE = word_set("world sun moon earth internet web universe planet")
# A fronted phrase before the clause a "The …" subject opens: up to this many words.
_MAX_FRONTED = 16


def _lower(tok: str) -> str:
    return tok.lower().replace("’", "'")


def _told(noun: str, toks: Sequence[str]) -> bool:
    """Whether ``noun`` (or its plural) is among ``toks``."""
    return any(_lower(t) in {noun, f"{noun}s", f"{noun}es"} for t in toks)


def _verb_after(toks: Sequence[str], head: int) -> bool:
    """Whether the word after the noun at ``head`` cannot be a noun itself: a comma, an
    auxiliary or a verb of ``VERB_CUES``, a past tense in -ed, or an adverb before a verb
    ("The volcano erupted", "The bill was", "The airline, which…", "The law also
    prohibits"); a word in -s
    ("The discount stores") could be the noun."""
    nxt = _lower(toks[head + 1]) if head + 1 < len(toks) else ""
    if (nxt.endswith("ly") or nxt in VERB_ADVERBS) and head + 2 < len(toks):
        verb = _lower(toks[head + 2])  # after an adverb, a word in -s is the verb
        return verb in VERB_CUES or verb.endswith(("ed", "s"))
    return nxt == "," or nxt in VERB_CUES or nxt.endswith("ed")


def _clause_after_fronted(toks: Sequence[str]) -> int | None:
    """Where the clause that a sentence's subject opens starts: 0, or after the comma of a
    fronted phrase ("On Monday, the company said…"); None for an opening of another kind."""
    first = _lower(toks[0]) if toks else ""
    if first == "the":
        return 0
    if first in FRONTING_WORDS or first.endswith("ing"):
        comma = next((j for j, t in enumerate(toks[: _MAX_FRONTED + 1]) if t == ","), None)
        return None if comma is None else comma + 1
    return None


@lru_cache(maxsize=256)
def _noun_phrase_pattern(head: str) -> re.Pattern[str]:
    """A determiner, one to four modifiers, ``head``, and maybe a named place after it."""
    return re.compile(
        rf"\b(?:(the|its|their|his|her|our|[A-Z][\w-]*['’]s)\s+)((?:[\w-]+\s+){{1,4}})"
        rf"{re.escape(head)}\b((?:\s+(?:in|of|from|at)\s+(?:the\s+)?[A-Z][\w-]*"
        rf"(?:\s+[A-Z][\w-]*)*)?)"
    )


def _parts_of(shown: Shown, texts: Sequence[str]) -> list[tuple[int, int, int] | str]:
    """``shown`` back as parts: its pieces with the inserted text between them."""
    parts: list[tuple[int, int, int] | str] = []
    pos = 0
    for piece in shown.pieces:
        chunk = texts[piece[0]][piece[1] : piece[2]]
        at = shown.text.index(chunk, pos)
        if at > pos:
            parts.append(shown.text[pos:at])
        parts.append(piece)
        pos = at + len(chunk)
    if pos < len(shown.text):
        parts.append(shown.text[pos:])
    return parts
