"""The people an article names, as it names them: ``people`` finds them, ``Person`` is one.

Here too are the compiled patterns and the word helper (``words_before``) that
``thing_names`` and ``back_references`` share: in the one module both read, so that
neither has to read the other for them (no import circle).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.words import (
    CALENDAR_WORDS,
    COMMA_ADVERBS,
    COORDINATORS,
    DEMONSTRATIVES,
    FEMALE_ROLES,
    FRONTING_WORDS,
    FUNCTION_WORDS,
    LINKING_ADVERBS,
    MALE_ROLES,
    NOW_NOUNS,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    WRITER_ADVERBS,
    word_set,
)

# Titles before a name: they make a run of capitalised words a person, and some say which
# pronoun fits ("Mrs. Smith" is no "he").
_MALE_TITLES = word_set(
    """Mr Sir Lord King Prince Duke Chairman Congressman Spokesman Father Brother"""
)
_FEMALE_TITLES = word_set(
    """Mrs Ms Miss Dame Lady Queen Princess Duchess Chairwoman Congresswoman Spokeswoman
    Sister Madam"""
)
NAME_TITLES = _MALE_TITLES | _FEMALE_TITLES | word_set(
    """Dr President Vice Prime Minister Secretary Senator Sen Representative Rep Governor Gov
    Mayor General Gen Admiral Adm Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt Major
    Maj Judge Justice Chancellor Pope Cardinal Bishop Archbishop Rabbi Imam Rev Reverend
    Prof Professor Ambassador Envoy Commissioner Director Detective Officer Sheriff Coach
    Chief Speaker Leader Premier Sheikh Emir Chairperson Deputy Attorney Special"""
)
_SUFFIXES = word_set("Jr Jr. Sr Sr. II III IV")
_PARTICLES = word_set("de da van von der den bin ibn al el la le del di du dos das")
_ABBREVIATIONS = ("Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Gov|Sen|Rep|Rev|Prof|Adm|Maj|Cmdr|Cpl|"
                  "Brig|St|Jr|Sr")
# Capital and small letters of the Latin, Greek and Cyrillic alphabets, not only ASCII's:
# "Maciej Żurawski", "Ayşe Öztürk" are names to their last letter.
_UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x530)) if c.isupper())
_LOWER = "a-z" + "".join(c for c in map(chr, range(0xDF, 0x530)) if c.islower())
# A surname may open with a lower-case Arabic particle joined by a hyphen ("al-Maliki",
# "el-Sisi", "bin-Salman"): part of the name, as "de" and "van" are.
_HYPHEN_PARTICLE = "(?:al|el|ad|ash|as|at|az|abu|abd|bin|ibn|ben)-"
_NAME_WORD = (rf"(?:(?:{_ABBREVIATIONS})\.|[A-Z]\.|(?:{_HYPHEN_PARTICLE})?[{_UPPER}][{_LOWER}]"
              rf"[\w'’-]*|[A-Z]{{2,4}}(?=\s|$|[,.]))")
NAME_RUN = re.compile(
    rf"(?<![\w'’-]){_NAME_WORD}(?:(?:\s+|\s+(?:{'|'.join(_PARTICLES)}|of)\s+){_NAME_WORD})*"
)
# The last word of a run that names an organisation or a place, not a person.
_NOT_PERSON_ENDS = word_set(
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
    Tournament Championship League Open Olympics Marathon War Revolution Spring Soccer
    Radio Television TV Channel Magazine Journal Herald Tribune Gazette Telegraph Chronicle
    Daily Weekly Online Broadcasting Studios Records Pictures
    Football Baseball Basketball Hockey Rugby Cricket"""
)
STOP_CAPITALS = frozenset(w.capitalize() for w in (
    FUNCTION_WORDS | PRONOUNS | DEMONSTRATIVES | COORDINATORS | LINKING_ADVERBS
    | COMMA_ADVERBS | WRITER_ADVERBS | PREPOSITIONS | FRONTING_WORDS | QUANTIFIERS | NOW_NOUNS
    | word_set("both every many most more some there here according than")
)) | CALENDAR_WORDS


# Words of an office that stand between a title and a name: "Minister of National
# Defense Yasar Guler", "Secretary of State Antony Blinken". They are never given names.
_OFFICE_WORDS = word_set(
    """Defense Defence State Foreign Affairs National Interior Justice Health Security Finance
    Homeland Treasury Commerce Energy Education Labor Labour Agriculture Transportation
    Veterans Housing Environment Development Trade Economy Public General Home Internal
    External Information Culture Tourism Sports Youth Women Family Intelligence Staff Joint
    Chiefs Armed Forces Navy Army Air Marine Police Court House Senate Assembly Majority
    Minority Whip"""
)


def _given_name(word: str) -> bool:
    """Whether a capitalised word before a surname can be a given name: not a title, an
    office or a role noun ("Singer George Michael" opening a sentence)."""
    bare = word.rstrip(".")
    return not (bare in NAME_TITLES or word in STOP_CAPITALS or word in _OFFICE_WORDS
                or word == "of" or word.lower() in _PARTICLES or word.isupper()
                or word.lower() in ROLE_NOUNS
                or not word[:1].isupper() or word.endswith(("'s", "’s")))


NON_SPACE = re.compile(r"\S+")
POSSESSIVE = re.compile(r"['’]s?$")
_INITIAL = re.compile(r"[A-Z]\.")
CAPITALISED = re.compile(rf"(?<![\w'’-])([{_UPPER}][{_LOWER}][\w-]*)(?:['’]s)?\b")
# Patterns the functions below and those of `thing_names` and `back_references` use on every
# candidate point, compiled once here: written in the calls, each was looked up in re's cache
# per call, and compiled again whenever the patterns built from names (one per name:
# `is_person`, `thing_mentions`) had pushed it out.
_WORD_OR_MARK = re.compile(r"[\w'’.-]+|[^\w\s]")  # a word or a punctuation mark
LATIN_WORD = re.compile(r"[A-Za-z][\w-]*")
DOUBLE_QUOTE = re.compile(r'["“”]')
CLAUSE_MARK = re.compile(r"[,;:.]")
ASIDE = re.compile(r",[^,;]*")  # an aside in commas after a name, up to its end
ASIDE_WORDS = re.compile(r",([^,;()]*)[,;)]?")  # ... and its words
APPOSED = re.compile(r", ([^,;()]+?),")  # "a small airline, Brisa Air,"
ARTICLE_AHEAD = re.compile(r"(?:^|\s)(?:the|a|an)\s+(?:[\w-]+\s+){0,3}$")
BEFORE_COMMA = re.compile(r"(\S[^,;]*?),\s*$")  # what a text's last comma closes


def words_before(text: str, at: int, count: int) -> list[str]:
    """The last ``count`` words and punctuation marks of ``text[:at]``."""
    return _WORD_OR_MARK.findall(text[:at])[-count:]


@dataclass(frozen=True)
class Person:
    """A person named in a sentence: the name as written (title folded off), its surname,
    and which pronouns can refer to them ("he", "she" or both)."""

    name: str
    surname: str
    pronouns: frozenset[str]
    titled: str  # the name with its title, as written ("Secretary Austin"), or ""


def gazetteer_kind(name: str) -> str | None:
    """The gazetteer's kind for a name (place, organization, adjective), if it has one.
    (``briefing.actors`` is imported on first use: a summary that resolves nothing, and
    the command line's start, do not pay for its word lists.)"""
    from briefing.actors import known_kind

    return known_kind(name)


# The word right before a name, with only a space between: "mom" in "foster mom Laura".
_WORD_BEFORE = re.compile(r"\b([a-zé]+) $")
# A capitalised word and the word after it: an unknown name that speaks ("Manley said").
SPEAKER = re.compile(rf"\b([{_UPPER}][{_LOWER}][\w-]*)(?=\s+(\w+))")


def people(sentence: str) -> list[tuple[Person, int]]:
    """Who a sentence names as a person, with where each name starts: a title and a name
    ("Secretary Austin", "Gen. Michael Kurilla"), or a given name and a surname that the
    gazetteer does not know as a place or an organisation ("Yasar Guler")."""
    out = []
    for m in NAME_RUN.finditer(sentence):
        if " " not in m.group():
            continue  # one word is neither a title and a name nor a given name and a surname
        found = [(w.start() + m.start(), w.group()) for w in NON_SPACE.finditer(m.group())]
        while found and (found[0][1] in STOP_CAPITALS or found[0][1].lower() in _PARTICLES
                         or found[0][1] == "of"):
            found = found[1:]
        while found and POSSESSIVE.sub("", found[-1][1].rstrip(".,")) in CALENDAR_WORDS:
            found = found[:-1]  # "President Obama Monday": a day is no surname
        of = max((k for k, (_, w) in enumerate(found) if w == "of"), default=0)
        if of > 1 and gazetteer_kind(" ".join(w for _, w in found[of + 1 :]).rstrip(".,")):
            found = found[:of]  # "Gov. Mike Pence of Indiana": a place after the name
        words = [w for _, w in found]
        end_word = len(words)
        while end_word > 1 and words[end_word - 1] in _SUFFIXES:
            end_word -= 1
        if end_word < 2:
            continue
        surname = POSSESSIVE.sub("", words[end_word - 1])
        if surname in NAME_TITLES or surname in _NOT_PERSON_ENDS or surname.isupper():
            continue
        k = end_word - 1  # the name starts at k: surname, then initials, particles, given name
        while k > 0 and (_INITIAL.fullmatch(words[k - 1]) or words[k - 1] in _PARTICLES):
            k -= 1
        given = 0  # up to three given names ("Ruth Bader Ginsburg"), never a title or office
        while given < 3 and k > 0 and _given_name(words[k - 1]):
            k -= 1
            given += 1
        titles = [w.rstrip(".") for w in words[:k] if w.rstrip(".") in NAME_TITLES]
        last_start, last = found[-1]
        last_end = last_start + len(last)
        if last in _SUFFIXES:
            pass
        elif last.endswith(("'s", "’s")):
            last_end -= 2
        elif last.endswith((".", ",")):
            last_end -= 1
        name = sentence[found[k][0] : last_end]
        if not titles and (not given or gazetteer_kind(name) or gazetteer_kind(words[k])
                           or gazetteer_kind(" ".join(words[k:end_word]))):
            continue  # untitled, a person needs a given name the gazetteer does not know
        if gazetteer_kind(surname):
            continue
        pronouns = {"he", "she"}
        # a role noun just before the name says it as a title does: "foster mom Laura
        # Aquilina", "actress Joan Fairley", "her husband Tom Akers"
        role = _WORD_BEFORE.search(sentence, 0, found[0][0])
        role = role.group(1).lower() if role else ""
        if any(t in _MALE_TITLES for t in titles) or role in MALE_ROLES:
            pronouns = {"he"}
        elif any(t in _FEMALE_TITLES for t in titles) or role in FEMALE_ROLES:
            pronouns = {"she"}
        titled = sentence[found[0][0] : last_end] if titles else ""
        out.append((Person(name, surname, frozenset(pronouns), titled), found[k][0]))
    return out
