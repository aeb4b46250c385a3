"""The names of a text: mentions, one actor for many names, kinds.

Runs of capitalised words are read as name mentions (stop words, dates, possessives and
a sentence's ordinary first word dropped, a title folded off), then each surface form is
resolved to one actor ("Blinken" -> "Antony Blinken", "CENTCOM" with "US Central
Command") of one kind. The method is in the package's docstring (briefing/actors/).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.actors.words import (
    ABBREVIATIONS,
    CONNECTORS,
    DATE_WORDS,
    ORG_WORDS,
    PLACE_WORDS,
    STOP_WORDS,
    TITLE_SET,
    TITLES_BY_FIRST,
    load_gazetteer,
)
from briefing.letters import folded
from briefing.model import Actor

# A word: an abbreviation like "U.S." or a run of letters with inner ' - & . (no digits).
_WORD = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_](?:[\w'’&.-]*[^\W_])?")
# A mark after which the next word opens a sentence, a clause or an aside (one search per
# word of a text, where a test of each mark in turn cost as much as finding the words).
_CLAUSE_OPENER = re.compile(r"[.!?:;(]")
# Nationality and creed words not in the gazetteer: "Alawite", "Salafist", "Beninese".
_ADJECTIVE_SHAPE = re.compile(r"[A-Z][a-z]+(?:ist|ists|ian|ians|ese|ish)")
# A word shaped like a person's name: "Blinken", "Ould-Abdallah", "al-Assad".
_NAME_WORD = re.compile(r"[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|al-[A-Z][a-z]+")


# --- mentions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """One name as written in a sentence, its title folded off."""

    sentence: int
    start: int  # character offsets of the name as written (title excluded)
    end: int
    surface: str  # the name as written, without title
    title: str  # a title folded off, or ""


def _is_cap(word: str) -> bool:
    """A capitalised name word or an acronym; "al-Assad" counts, "B-52s" does not."""
    if any(map(str.isdigit, word)):  # map: no generator frame, on every word of a text
        return False
    if word[:3] in ("al-", "el-") and len(word) > 3:
        word = word[3:]
    return word[:1].isupper()


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word.rstrip("'’")


def _initial_positions(sentence: str, words: list[re.Match[str]]) -> set[int]:
    """Indexes of words that open the sentence, a clause after a colon, or a quotation."""
    out = set()
    for k, m in enumerate(words):
        before = sentence[words[k - 1].end() if k else 0 : m.start()]
        opens_quote = "“" in before or (
            '"' in before and (k == 0 or before[:1].isspace())  # a closing " follows a word
        )
        if k == 0 or opens_quote or _CLAUSE_OPENER.search(before):
            out.add(k)
    return out


def _runs(sentence: str) -> list[tuple[list[re.Match[str]], bool]]:
    """Runs of capitalised words (with connectors inside), each with "starts the sentence"."""
    words = list(_WORD.finditer(sentence))
    initial = _initial_positions(sentence, words)
    runs: list[tuple[list[re.Match[str]], bool]] = []
    k = 0
    while k < len(words):
        if not _is_cap(words[k].group()):
            k += 1
            continue
        run = [words[k]]
        j = k + 1
        while j < len(words):
            gap = sentence[run[-1].end() : words[j].start()]
            abbreviation = gap == ". " and run[-1].group() in ABBREVIATIONS
            if (gap != " " and not abbreviation) or run[-1].group().endswith(("'s", "’s")):
                break
            w = words[j].group()
            if _is_cap(w):
                run.append(words[j])
                j += 1
            elif w in CONNECTORS:
                # "Secretary of State", "Felix von der Osten": connectors, then a name word
                end = j
                while end < len(words) and words[end].group() in CONNECTORS:
                    end += 1
                spaced = all(
                    sentence[words[x].end() : words[x + 1].start()] == " "
                    for x in range(j, min(end, len(words) - 1))
                )
                if end < len(words) and spaced and _is_cap(words[end].group()):
                    run.extend(words[j : end + 1])
                    j = end + 1
                else:
                    break
            else:
                break
        runs.append((run, k in initial))
        k = j
    return runs


def split_title(tokens: list[str]) -> tuple[str, int]:
    """A leading title and how many tokens it takes ("Secretary of State Antony ..." -> 3)."""
    if not tokens:
        return "", 0
    joined = " ".join(tokens).replace(".", "")
    # a token has no space, so a title that opens `joined` has the first token's first word
    for bare, size in TITLES_BY_FIRST.get(tokens[0].replace(".", ""), ()):
        if joined.startswith(bare + " ") and size < len(tokens):
            return bare, size
    return "", 0


def _mentions(sentences: Sequence[str]) -> list[Mention]:
    """Every name mention, cleaned of stop words, dates, titles and possessives."""
    gaz = load_gazetteer().names
    raw: list[tuple[int, list[re.Match[str]], bool]] = []
    capitalised_inside: set[str] = set()  # words seen capitalised not at a sentence start
    for s_index, sentence in enumerate(sentences):
        for run, initial in _runs(sentence):
            raw.append((s_index, run, initial))
            for pos, m in enumerate(run):
                if pos or not initial:
                    capitalised_inside.add(_strip_possessive(m.group()))
    out = []
    for s_index, run, initial in raw:
        toks = list(run)
        # cut at a possessive: "ISIS's operational" -> "ISIS"
        for pos, m in enumerate(toks):
            if m.group().endswith(("'s", "’s")):
                toks = toks[: pos + 1]
                break
        # drop stop and date words at either end, and a common word opening the sentence
        while toks and (toks[0].group().lower() in STOP_WORDS
                        or toks[0].group().lower() in DATE_WORDS):
            toks = toks[1:]
            initial = False
        while toks and (
            toks[-1].group().lower() in DATE_WORDS or toks[-1].group().lower() in CONNECTORS
        ):
            toks = toks[:-1]
        if toks and initial:
            first = _strip_possessive(toks[0].group())
            known = first in gaz or first.isupper() or first.replace(".", "") in TITLE_SET
            if not known and first not in capitalised_inside:
                toks = toks[1:]
        if not toks:
            continue
        words = [_strip_possessive(m.group()) for m in toks]
        # a nationality adjective before a title: "Russian President Vladimir Putin"
        while len(words) > 1 and gaz.get(words[0], ("", ""))[1] == "adjective":
            title, used = split_title(words[1:])
            if not title:
                break
            words, toks = words[1:], toks[1:]
        title, used = split_title(words)
        words, toks = words[used:], toks[used:]
        if not words:
            continue
        surface = " ".join(words)
        if gaz.get(surface, ("", ""))[1] == "adjective":
            continue
        if len(words) == 1 and surface not in gaz and _ADJECTIVE_SHAPE.fullmatch(surface):
            continue  # "Tibetan", "Maoist": an adjective or a group, not an actor
        if len(words) == 1 and surface.lower() in STOP_WORDS | DATE_WORDS:
            continue
        out.append(
            Mention(s_index, toks[0].start(), toks[-1].start() + len(words[-1]), surface, title)
        )
    return out


# --- one actor, many names -----------------------------------------------------------------


def _shape_kind(surface: str, titled: bool) -> str:
    words = surface.split()
    if titled:
        return "person"
    if surface.replace(".", "").isupper() and len(surface.replace(".", "")) >= 2:
        return "organization"
    if words[-1] in ORG_WORDS or words[0] in ORG_WORDS and "of" in words:
        return "organization"
    if words[-1] in PLACE_WORDS or words[0] in ("Mount", "Mt.", "Lake", "Cape", "Fort"):
        return "place"
    # a name word's shape is read in plain letters: "Ömer Çelik" is shaped as "Omer Celik"
    name_like = all(
        _NAME_WORD.fullmatch(folded(w)) or w in CONNECTORS
        for w in words
    )
    adjective = (_ADJECTIVE_SHAPE.fullmatch(folded(words[0]))
                 or words[0] in load_gazetteer().names)
    if 2 <= len(words) <= 4 and name_like and not adjective:
        return "person"
    return "other"


def name_kind(name: str) -> str:
    """The kind this module gives a name read on its own: "person", "organization",
    "place" or "other" (a leading title makes a person; then the gazetteer; then the words
    it ends in and its shape: "Michael Jordan" is a person, "Jordan" a place)."""
    words = name.split()
    title, used = split_title(words)
    if title and used < len(words):
        return "person"
    known = load_gazetteer().names.get(name)
    if known and known[1] != "adjective":
        return known[1]
    return _shape_kind(name, titled=False)


def _shortened(surface: str, canonical: str) -> bool:
    """Whether `canonical` is `surface` with words added before or after it ("U.S. Army",
    "Labour Party"): a qualifier the text may not support, unlike a true alias ("GOP")."""
    words, names = surface.split(), canonical.split()
    n = len(words)
    return n < len(names) and words in (names[:n], names[-n:])


def _resolve(mentions: Sequence[Mention]) -> tuple[dict[str, str], dict[str, str]]:
    """Map each surface form to a canonical name, and each canonical name to its kind."""
    gaz = load_gazetteer().names
    canon: dict[str, str] = {}
    kind: dict[str, str] = {}
    titled = {m.surface for m in mentions if m.title}
    surfaces = list(dict.fromkeys(m.surface for m in mentions))
    # a short form the gazetteer's name only qualifies ("Army" of "U.S. Army", "Congo",
    # "Gulf") joins it only when the article names it in full: a Pakistani army statement
    # must not be quoted as the U.S. Army's, a name the article never gives
    full = {gaz[s][0] for s in surfaces if s in gaz and not _shortened(s, gaz[s][0])}
    for s in surfaces:
        if s in gaz and _shortened(s, gaz[s][0]) and gaz[s][0] not in full:
            canon[s], kind[s] = s, gaz[s][1]
        elif s in gaz:
            canon[s], kind[gaz[s][0]] = gaz[s][0], gaz[s][1]
    # surname -> the one longer person name it ends ("Blinken" -> "Antony Blinken")
    multi = [s for s in surfaces if len(s.split()) > 1 and s not in canon]
    for s in surfaces:
        if s in canon or len(s.split()) != 1:
            continue
        bare = s[3:] if s[:3] in ("al-", "el-") else s
        fulls = {
            f
            for f in multi
            if f.split()[-1] in (s, "al-" + bare, "el-" + bare)
            and _shape_kind(f, f in titled) == "person"
        }
        if len(fulls) == 1:
            canon[s] = fulls.pop()
    for s in surfaces:
        canon.setdefault(s, s)
    for s in surfaces:
        c = canon[s]
        if c not in kind:
            kind[c] = _shape_kind(c, c in titled or s in titled)
        elif s in titled:
            kind[c] = "person" if kind[c] == "other" else kind[c]
    return canon, kind


def _acronyms(sentences: Sequence[str], mentions: Sequence[Mention]) -> dict[str, str]:
    """ "US Central Command (CENTCOM)": the acronym and the long name are one actor."""
    pairs = {}
    by_end = {(m.sentence, m.end): m for m in mentions}
    for m in mentions:
        if m.surface.replace(".", "").isupper():
            sentence = sentences[m.sentence]
            if (
                sentence[max(0, m.start - 1) : m.start] == "("
                and sentence[m.end : m.end + 1] == ")"
            ):
                long = by_end.get((m.sentence, m.start - 2))
                if long is not None:
                    pairs[long.surface] = m.surface
    return pairs


Analysis = tuple[list[Mention], dict[str, str], dict[str, str]]


def analyse(sentences: Sequence[str]) -> Analysis:
    """Mentions, surface -> actor name, actor name -> kind."""
    mentions = _mentions(sentences)
    canon, kind = _resolve(mentions)
    counts = Counter(canon[m.surface] for m in mentions)
    for long, short in _acronyms(sentences, mentions).items():
        a, b = canon[long], canon[short]
        if a == b:
            continue
        keep, drop = (a, b) if counts[a] > counts[b] else (b, a)
        if kind.get(keep) == "other":
            kind[keep] = kind.get(drop, "other")
        for s, c in canon.items():
            if c == drop:
                canon[s] = keep
        counts[keep] += counts.pop(drop)
    return mentions, canon, kind


def find_actors(sentences: Sequence[str]) -> tuple[Actor, ...]:
    """The people, organisations and places named, most mentioned first."""
    return actors_of(analyse(sentences))


def actors_of(analysis: Analysis) -> tuple[Actor, ...]:
    """The actors of an analysis (`analyse`), most mentioned first."""
    mentions, canon, kind = analysis
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, m in enumerate(mentions):
        name = canon[m.surface]
        counts[name] += 1
        first.setdefault(name, n)
    order = sorted(counts, key=lambda a: (-counts[a], first[a]))
    return tuple(Actor(a, kind.get(a, "other"), counts[a]) for a in order)
