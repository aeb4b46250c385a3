"""Who a point's back-reference can be: the people an article names, as it names them.

``people`` finds the people a sentence names: a title and a name ("Secretary Austin",
"Gen. Michael Kurilla"), or a given name and a surname that the gazetteer does not know as
a place or an organisation ("Yasar Guler"), with which pronouns fit each ("Mrs. Smith" is
no "he").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.standalone import (
    _CALENDAR,
    _FRONTING,
    _FUNCTION_WORDS,
    _NOW_NOUNS,
    _PREPOSITIONS,
    _QUANTIFIERS,
    COMMA_ADVERBS,
    COORDINATORS,
    DEMONSTRATIVES,
    LINKING_ADVERBS,
    PRONOUNS,
    _set,
)

# Titles before a name: they make a run of capitalised words a person, and some say which
# pronoun fits ("Mrs. Smith" is no "he").
_MALE_TITLES = _set(
    """Mr Sir Lord King Prince Duke Chairman Congressman Spokesman Father Brother"""
)
_FEMALE_TITLES = _set(
    """Mrs Ms Miss Dame Lady Queen Princess Duchess Chairwoman Congresswoman Spokeswoman
    Sister Madam"""
)
_TITLES = _MALE_TITLES | _FEMALE_TITLES | _set(
    """Dr President Vice Prime Minister Secretary Senator Sen Representative Rep Governor Gov
    Mayor General Gen Admiral Adm Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt Major
    Maj Judge Justice Chancellor Pope Cardinal Bishop Archbishop Rabbi Imam Rev Reverend
    Prof Professor Ambassador Envoy Commissioner Director Detective Officer Sheriff Coach
    Chief Speaker Leader Premier Sheikh Emir Chairperson Deputy Attorney Special"""
)
_FEMALE_ROLES = _set(
    """woman women girl mother mom mum daughter wife widow sister actress grandmother
    granddaughter aunt niece queen princess duchess comedienne spokeswoman chairwoman
    congresswoman businesswoman fiancée girlfriend"""
)
_MALE_ROLES = _set(
    """man men boy father dad son husband widower brother grandfather grandson uncle nephew
    king prince duke spokesman chairman congressman businessman fiancé boyfriend gunman"""
)
# Role nouns that name more than one person: never resolved with one person's name.
_COLLECTIVE = _set("couple pair duo trio family parents children kids troops")
_SUFFIXES = _set("Jr Jr. Sr Sr. II III IV")
_PARTICLES = _set("de da van von der den bin ibn al el la le del di du dos das")
_ABBREVIATIONS = ("Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Rev|Prof|Adm|Maj|Cmdr|Cpl|"
                  "Brig|St|Jr|Sr")
_NAME_WORD = rf"(?:(?:{_ABBREVIATIONS})\.|[A-Z]\.|[A-Z][a-z][\w'’-]*|[A-Z]{{2,4}}(?=\s|$|[,.]))"
_NAME_RUN = re.compile(
    rf"(?<![\w'’-]){_NAME_WORD}(?:(?:\s+|\s+(?:{'|'.join(_PARTICLES)}|of)\s+){_NAME_WORD})*"
)
# The last word of a run that names an organisation or a place, not a person.
_NOT_PERSON_ENDS = _set(
    """Command Department Ministry Council Committee Agency Army Navy Force Forces Party
    University Bank Inc Corp Corporation Company Group Association Court Administration Office
    Service Services Commission Organization Organisation Authority Institute Foundation Fund
    Union League Times Post News Network Club Church Hospital School College Guard Police
    Brigade Front Movement Coalition Alliance Parliament Assembly Cabinet Senate Congress Board
    Bureau Center Centre Airlines Airways Motors Systems Media Press Trust Federation Reserve
    Corps Fleet Squadron Division Unit Team Province County City River Island Islands Valley
    Street Avenue Square Park Airport Bay Lake Sea Ocean Desert Region District Strait
    Peninsula Heights Canal Mountains Hills Coast Border Gulf Port Harbor Base Camp Village
    Town State States Kingdom Republic Emirates House Hall Museum Stadium Prize Award Awards
    Cup Games Series Festival Show Day Week Year Street Road Bridge Tower Station Project
    Program Programme Act Law Bill Treaty Agreement Summit Conference Report Index Survey
    Tournament Championship League Open Olympics Marathon War Revolution Spring"""
)
_STOP_CAPITALS = frozenset(w.capitalize() for w in (
    _FUNCTION_WORDS | PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS
    | COMMA_ADVERBS | _PREPOSITIONS | _FRONTING | _QUANTIFIERS | _NOW_NOUNS
    | _set("both every many most more some there here according than")
)) | _CALENDAR


# Words of an office that stand between a title and a name: "Minister of National
# Defense Yasar Guler", "Secretary of State Antony Blinken". They are never given names.
_OFFICE_WORDS = _set(
    """Defense Defence State Foreign Affairs National Interior Justice Health Security Finance
    Homeland Treasury Commerce Energy Education Labor Labour Agriculture Transportation
    Veterans Housing Environment Development Trade Economy Public General Home Internal
    External Information Culture Tourism Sports Youth Women Family Intelligence Staff Joint
    Chiefs Armed Forces Navy Army Air Marine Police Court House Senate Assembly"""
)


def _given_name(word: str) -> bool:
    """Whether a capitalised word before a surname can be a given name."""
    bare = word.rstrip(".")
    return not (bare in _TITLES or word in _STOP_CAPITALS or word in _OFFICE_WORDS
                or word == "of" or word.lower() in _PARTICLES or word.isupper()
                or not word[:1].isupper() or word.endswith(("'s", "’s")))


_NON_SPACE = re.compile(r"\S+")
_POSSESSIVE = re.compile(r"['’]s?$")
_INITIAL = re.compile(r"[A-Z]\.")
_CAPITALISED = re.compile(r"(?<![\w'’-])([A-Z][a-z][\w-]*)(?:['’]s)?\b")


@dataclass(frozen=True)
class Person:
    """A person named in a sentence: the name as written (title folded off), its surname,
    and which pronouns can refer to them ("he", "she" or both)."""

    name: str
    surname: str
    pronouns: frozenset[str]
    titled: str  # the name with its title, as written ("Secretary Austin"), or ""


def _known_kind(name: str) -> str | None:
    """The gazetteer's kind for a name (place, organization, adjective), if it has one.
    (``briefing.actors`` is imported on first use: a summary that resolves nothing, and
    the command line's start, do not pay for its word lists.)"""
    from briefing.actors import known_kind

    return known_kind(name)


def people(sentence: str) -> list[tuple[Person, int]]:
    """Who a sentence names as a person, with where each name starts: a title and a name
    ("Secretary Austin", "Gen. Michael Kurilla"), or a given name and a surname that the
    gazetteer does not know as a place or an organisation ("Yasar Guler")."""
    out = []
    for m in _NAME_RUN.finditer(sentence):
        if " " not in m.group():
            continue  # one word is neither a title and a name nor a given name and a surname
        found = [(w.start() + m.start(), w.group()) for w in _NON_SPACE.finditer(m.group())]
        while found and (found[0][1] in _STOP_CAPITALS or found[0][1].lower() in _PARTICLES
                         or found[0][1] == "of"):
            found = found[1:]
        words = [w for _, w in found]
        end_word = len(words)
        while end_word > 1 and words[end_word - 1] in _SUFFIXES:
            end_word -= 1
        if end_word < 2:
            continue
        surname = _POSSESSIVE.sub("", words[end_word - 1])
        if surname in _TITLES or surname in _NOT_PERSON_ENDS or surname.isupper():
            continue
        k = end_word - 1  # the name starts at k: surname, then initials, particles, given name
        while k > 0 and (_INITIAL.fullmatch(words[k - 1]) or words[k - 1] in _PARTICLES):
            k -= 1
        given = 0  # up to three given names ("Ruth Bader Ginsburg"), never a title or office
        while given < 3 and k > 0 and _given_name(words[k - 1]):
            k -= 1
            given += 1
        titles = [w.rstrip(".") for w in words[:k] if w.rstrip(".") in _TITLES]
        last_start, last = found[-1]
        last_end = last_start + len(last)
        if last in _SUFFIXES:
            pass
        elif last.endswith(("'s", "’s")):
            last_end -= 2
        elif last.endswith((".", ",")):
            last_end -= 1
        name = sentence[found[k][0] : last_end]
        if not titles and (not given or _known_kind(name) or _known_kind(words[k])
                           or _known_kind(" ".join(words[k:end_word]))):
            continue  # untitled, a person needs a given name the gazetteer does not know
        if _known_kind(surname):
            continue
        pronouns = {"he", "she"}
        if any(t in _MALE_TITLES for t in titles):
            pronouns = {"he"}
        elif any(t in _FEMALE_TITLES for t in titles):
            pronouns = {"she"}
        titled = sentence[found[0][0] : last_end] if titles else ""
        out.append((Person(name, surname, frozenset(pronouns), titled), found[k][0]))
    return out
