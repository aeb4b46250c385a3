"""Who a back-reference refers to: ``Referents`` says whom a point's "he" or "the
president" means, and which named thing its "the volcano" is, when the article leaves no
doubt; ``Mention`` is a person named in a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.referents.named_people import (
    ASIDE,
    ASIDE_WORDS,
    CAPITALISED,
    CLAUSE_MARK,
    DOUBLE_QUOTE,
    LATIN_WORD,
    NAME_TITLES,
    SPEAKER,
    STOP_CAPITALS,
    Person,
    people,
    words_before,
)
from briefing.referents.thing_names import stem_pattern, thing_mentions
from briefing.words import (
    FEMALE_ROLES,
    FUNCTION_WORDS,
    MALE_ROLES,
    ROLE_NOUNS,
    SPEECH_VERBS,
    TELLING_NOUNS,
    YEAR_OLD,
    plural_role,
    word_set,
)

# How many sentences back a pronoun's antecedent is looked for.
LOOK_BACK = 3
# A pronoun's forms, by the "he" or "she" it agrees with.
_FORMS = {
    "he": re.compile(r"\b(?:he|him|his|himself)\b", re.IGNORECASE),
    "she": re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE),
}
_DETERMINERS = word_set("the a an")
# Before a role noun, what makes it someone of its own: "the nephew", "a spokesman",
# "his lawyer", "Jeffs' nephew", "the gunman's uncle".
_ROLE_DETERMINERS = word_set("the a an his her their its")
# Title abbreviations written out, as a role noun would be: "Sen. Cruz" is "the senator".
_TITLE_WORDS = {
    "sen": "senator", "gov": "governor", "rep": "representative", "gen": "general",
    "lt": "lieutenant", "col": "colonel", "capt": "captain", "sgt": "sergeant",
    "adm": "admiral", "maj": "major", "prof": "professor", "rev": "reverend",
    "cmdr": "commander", "cpl": "corporal", "brig": "brigadier",
}
# A name cited in an attribution: "according to a statement from President X" (but not
# "according to Paulo Teixeira, …", where the sentence gives that person's view).
_ACCORDING_TO = re.compile(r"\b[Aa]ccording to\s+[a-z][^,;:.]*$")
# A sentence opening with someone unnamed whose phrase goes on to a name ("A trustee of the
# estate of the late author …", "A spokesman for Senator …", "The son of …"): its subject is
# the trustee, not the one named; matched on the text before the name's title.
_UNNAMED_SUBJECT_OF = re.compile(
    r"^(?:A|An|The|One|His|Her|Their)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+(?:of|for|to)\s"
    r"[^,;:]*$")
_AGE_WORD = re.compile(r"^(\d+)-year-old$")
_TITLE_NOUNS = frozenset(t.lower() for t in NAME_TITLES) | frozenset(_TITLE_WORDS.values())


def _title_core(words: Sequence[str]) -> list[str]:
    """The words of a role or a title that are titles themselves: "the new president" and
    "President" are both ["president"]; "the vice president" is ["vice", "president"]."""
    return [w for w in words if w in _TITLE_NOUNS]


@dataclass(frozen=True)
class Mention:
    """A person named in a sentence: who (``key``: their fullest name in the article so
    far), where the name is (title excluded) and where its title starts."""

    person: Person
    key: str
    start: int
    end: int
    title_start: int



def _is_thing(text: str, start: int) -> bool:
    """Whether the name at ``start`` is written as a thing's: after "the" or "a" with only
    modifiers between ("The Indianapolis Star", "a grey Toyota Camry", "the BBC World Service
    programme Go Digital"), and no role noun or age among them ("the actor Tom Hanks")."""
    for word in reversed(words_before(text, start, 6)):
        low = word.lower()
        if low in _DETERMINERS:
            return True
        if (low in ROLE_NOUNS or YEAR_OLD.match(low) or word.rstrip(".") in NAME_TITLES
                or low in FUNCTION_WORDS or low in SPEECH_VERBS or low.endswith("ed")
                or not word[:1].isalnum()):
            return False
    return False


def _title_words(mention: Mention, text: str) -> list[str]:
    """A titled name's title, from its first title word, in lower case and written out:
    "Senate Majority Leader Harry Reid" -> ["leader"], "Sen. Ted Cruz" -> ["senator"],
    "Vice President Joe Biden" -> ["vice", "president"]."""
    words = [w.rstrip(".") for w in text[mention.title_start : mention.start].split()]
    while words and words[0] not in NAME_TITLES:
        words = words[1:]
    return [_TITLE_WORDS.get(w.lower(), w.lower()) for w in words]


class Referents:
    """Who a back-reference in one article's sentence refers to, when the article leaves
    no doubt; None whenever it does. Worked out on demand, per sentence, and kept.

    A wrong name in brackets makes a false statement look like the source's own words, so
    every rule here gives up rather than guess (``pronoun`` and ``role`` say how). A name is
    a person's only when ``people`` finds it, ``briefing.actors`` does not know it as an
    organisation or a place, and the article never writes it as a thing's
    ("The Indianapolis Star", "a grey Toyota Camry").
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self._raw: dict[int, list[tuple[Person, int]]] = {}
        self._mentions: dict[int, list[Mention]] = {}
        self._persons: dict[str, bool] = {}
        self._by_surname: dict[str, list[str]] = {}  # surname: the full names read, in order
        self._names_read = 0

    # -- who is named where -----------------------------------------------------------------

    def _people(self, j: int) -> list[tuple[Person, int]]:
        """``people`` of sentence ``j``, read once."""
        if j not in self._raw:
            self._raw[j] = people(self.texts[j])
        return self._raw[j]

    def _read_names(self, upto: int) -> None:
        """Note the full names of the sentences up to ``upto``, by surname."""
        while self._names_read <= min(upto, len(self.texts) - 1):
            for person, _ in self._people(self._names_read):
                names = self._by_surname.setdefault(person.surname, [])
                if person.name not in names:
                    names.append(person.name)
            self._names_read += 1

    def _distinct(self, surname: str, upto: int) -> list[str]:
        """The different people of one surname named in the sentences up to ``upto``, each
        by their fullest name. A name whose words are all in a fuller one is that one
        ("Hillary Clinton", "Hillary Rodham Clinton"); a surname alone ("Mrs. Clinton") is
        no one of its own."""
        self._read_names(upto)
        names = sorted(self._by_surname.get(surname, []), key=lambda n: -len(n.split()))
        out: list[str] = []
        for name in names:
            if not any(set(name.split()) <= set(fuller.split()) for fuller in out):
                out.append(name)
        return out

    def mentions(self, j: int) -> list[Mention]:
        """The people sentence ``j`` names, in order: full names, titled names, and a
        surname alone ("Austin emphasized") when the article named one person of that
        surname up to there. A surname several people share has the surname as its key."""
        if j in self._mentions:
            return self._mentions[j]
        text = self.texts[j]
        found: list[Mention] = []
        for person, start in self._people(j):
            end = start + len(person.name)
            title_start = end - len(person.titled) if person.titled else start
            found.append(Mention(person, self._key(person.surname, person.name, j), start,
                                 end, title_start))
        for m in CAPITALISED.finditer(text):
            surname = m.group(1)
            if any(f.title_start <= m.start(1) < f.end for f in found):
                continue
            names = self._distinct(surname, j)
            if names:
                person = Person(names[0], surname, frozenset({"he", "she"}), "")
                key = self._key(surname, surname, j)
                found.append(Mention(person, key, m.start(1), m.end(1), m.start(1)))
        self._mentions[j] = sorted(found, key=lambda f: f.start)
        return self._mentions[j]

    def _key(self, surname: str, name: str, j: int) -> str:
        """Who a name is: the fullest name of the one person of that surname it can be,
        or the surname when several can."""
        names = [n for n in self._distinct(surname, j) if set(name.split()) <= set(n.split())]
        return names[0] if len(names) == 1 else surname

    def _ambiguous(self, mention: Mention) -> bool:
        """Whether a mention could be any of several people (a surname two people share)."""
        return mention.key == mention.person.surname and len(
            self._distinct(mention.person.surname, len(self.texts))) > 1

    def is_person(self, mention: Mention) -> bool:
        """Whether the name is a person's: titled, or ``briefing.actors`` has it as no
        organisation or place, and the article never writes it as a thing's."""
        key = mention.key
        if key not in self._persons:
            from briefing.actors import name_kind  # its word lists, only when needed

            titled = any(f.person.titled for j in range(len(self.texts))
                         if key in self.texts[j] for f in self.mentions(j) if f.key == key)
            self._persons[key] = titled or (
                name_kind(key) not in {"organization", "place"}
                and not any(_is_thing(text, m.start())
                            for text in self.texts if key in text
                            for m in re.finditer(rf"(?<![\w-]){re.escape(key)}\b", text)))
        return self._persons[key]

    def _named(self, j: int) -> list[Mention]:
        """The mentions of people in sentence ``j`` (names of things left out)."""
        return [m for m in self.mentions(j) if self.is_person(m)]

    def _pronouns_of(self, surname: str, upto: int) -> frozenset[str]:
        """Which of "he" and "she" the article uses for a person, from the sentences before
        ``upto`` that name no one else: where one is used and the other never, that one."""
        he = she = 0
        for j in range(upto):
            if surname not in self.texts[j]:
                continue
            if any(p.surname != surname for p, _ in self._people(j)):
                continue  # someone else is named there too
            after = self.texts[j] + " " + (self.texts[j + 1] if j + 1 < upto else "")
            he += len(_FORMS["he"].findall(after))
            she += len(_FORMS["she"].findall(after))
        if he and not she:
            return frozenset({"he"})
        if she and not he:
            return frozenset({"she"})
        return frozenset({"he", "she"})

    def _fits(self, mention: Mention, pronoun: str, upto: int) -> bool:
        """Whether ``pronoun`` ("he", "she", or "" for either) can refer to the person."""
        if not pronoun:
            return True
        # what a title or a role noun said of any mention of them ("Mrs. Smith", "actress
        # Joan Fairley"); an untitled name alone allows either
        titles = [f.person.pronouns for j in range(upto + 1) for f in self.mentions(j)
                  if f.key == mention.key and len(f.person.pronouns) == 1]
        return all(pronoun in t for t in titles) and pronoun in self._pronouns_of(
            mention.person.surname, upto)

    # -- who else could be meant ------------------------------------------------------------

    def _someone_else(self, j: int, pronoun: str, key: str | None, before: int,
                      pronouns: bool = True) -> bool:
        """Whether sentence ``j`` has, before offset ``before``, a sign of someone who could
        be meant other than ``key``: a pronoun of the same kind as ``pronoun`` ("he" and
        "him"; looked for only with ``pronouns``), a role noun of one person of its own
        ("the nephew", "his lawyer") that ``pronoun`` can refer to and the article does not
        give to ``key``, or an unknown name that speaks ("Manley said")."""
        text = self.texts[j][:before]
        if pronouns and pronoun and _FORMS[pronoun].search(text):
            return True
        named = self.mentions(j)
        for m in LATIN_WORD.finditer(text):
            word = m.group().lower()
            if word not in ROLE_NOUNS or plural_role(word):
                continue
            if pronoun and word in (FEMALE_ROLES if pronoun == "he" else MALE_ROLES):
                continue
            if any(_attached(self.texts[j], m.start(), f) for f in named):
                continue
            before_words = words_before(text, m.start(), 2)
            owned = bool(before_words) and (
                before_words[-1].lower() in _ROLE_DETERMINERS
                or before_words[-1].endswith(("'s", "’s", "s'"))
                or len(before_words) > 1 and before_words[0].lower() in _ROLE_DETERMINERS)
            if owned and (key is None or self._holders(word, [word], j + 1) != {key}):
                return True
        for m in SPEAKER.finditer(text):
            if m.group(2).lower() in SPEECH_VERBS and not any(
                    f.title_start <= m.start() < f.end for f in named):
                from briefing.actors import common_word, known_kind

                word = m.group(1)
                if not common_word(word) and word not in STOP_CAPITALS and known_kind(
                        word) not in {"place", "organization"}:
                    return True
        return False

    def _quoted(self, j: int) -> list[tuple[int, int]]:
        """The spans of sentence ``j`` inside quotation marks, read in the sentence alone (a
        straight mark left open in one paragraph is not always closed in the next): a mark
        opened and not closed quotes the rest, a closing mark with none opened before it
        quotes what comes before (the end of a quotation begun in an earlier sentence)."""
        text = self.texts[j]
        spans: list[tuple[int, int]] = []
        start: int | None = None
        for m in DOUBLE_QUOTE.finditer(text):
            mark = m.group()
            if start is None:
                if mark == "“" or mark == '"' and _opens(text, m.start()):
                    start = m.end()
                elif not spans:
                    spans.append((0, m.start()))  # '…," he said.': a quotation ends
            elif mark in '"”':
                spans.append((start, m.start()))
                start = None
        if start is not None:
            spans.append((start, len(text)))
        return spans

    def _reported(self, j: int, mention: Mention) -> bool:
        """Whether the name is inside a quotation or cited in an attribution ("according to
        a statement from President Beji Caid Essebsi"): someone a speaker or a source
        speaks of, not whom the article goes on about."""
        text = self.texts[j]
        return any(a <= mention.start < b for a, b in self._quoted(j)) or bool(
            _ACCORDING_TO.search(text[: mention.title_start]))

    # -- a pronoun ------------------------------------------------------------------------

    def pronoun(self, i: int, pronoun: str, subject: bool) -> str | None:
        """The fullest name of the person "he" or "she" (``pronoun``) at the opening of
        sentence ``i`` refers to, or None. ``subject``: the pronoun is "he" or "she", not
        "him", "his" or "her".

        The person is the one that fits ``pronoun`` in the nearest of the sentences before
        (at most ``LOOK_BACK``) that names anyone; a sentence between that names no one
        may go on about them with the same pronoun ("She was nervous."). None when that
        sentence names several who fit, or names the one who fits inside a quotation or an
        attribution ("according to…") or inside the phrase of an unnamed subject ("A trustee
        of the estate of…"), or has a pronoun of the same kind before the name
        (its subject is then someone named earlier: "But he was able to… fighting President
        Barack Obama's…"); when it or a sentence between has a role noun ("the nephew")
        the article gives no one else, or an unknown speaker; when sentence ``i`` names
        someone of a surname two people share in the article, or, for "him", "his" or
        "her", anyone who fits (it could be them). A name after a subject "he" in its own
        sentence is not who it means ("He told Obama…"), but never makes the search go on
        past the sentence that names them.
        """
        here = self._named(i)
        if any(self._ambiguous(m) or len(self._distinct(m.person.surname, i)) > 1
               for m in here):
            return None  # "[H]e said Yassine Labidi…" where the uncle is a Labidi too
        if not subject and any(self._fits(m, pronoun, i) for m in here):
            return None  # "His lawyer… calling the father Jassem Emwazi"
        excluded = {m.key for m in here}
        between: list[int] = []  # the sentences passed that name no one
        for j in range(i - 1, max(-1, i - 1 - LOOK_BACK), -1):
            named = self._named(j)
            if not named:
                between.append(j)
                continue
            if any(self._ambiguous(m) for m in named):
                return None
            fit = {m.key: m for m in reversed(named)
                   if m.key not in excluded and self._fits(m, pronoun, i)}
            if len(fit) != 1:
                return None
            (key, first), = fit.items()
            if all(self._reported(j, m) for m in named if m.key == key):
                return None  # quoted or cited: "…Jude Pero passed away," Snider said
            if _UNNAMED_SUBJECT_OF.match(self.texts[j][: first.title_start]):
                return None  # "A trustee of the estate of … Adrian Jacobs filed…"
            if self._someone_else(j, pronoun, key, first.title_start):
                return None  # "But he was able to… fighting President Barack Obama's…"
            if any(self._someone_else(k, pronoun, key, len(self.texts[k]), pronouns=False)
                   for k in [j, *between]):
                return None  # a role noun or a speaker: "…, the nephew said"
            return key
        return None

    # -- a role noun ----------------------------------------------------------------------

    def _holders(self, head: str, role: Sequence[str], upto: int) -> set[str]:
        """The people the sentences before ``upto`` describe with ``role`` (its lower-case
        words, ``head`` the last): by a title ("President Obama" for "the president",
        "Sen. Cruz" for "the senator"), a role noun or an age just before the name ("actor
        Ryan Reynolds", "27-year-old Mark Smith"), or in apposition ("Jerry Strickland,
        spokesman for…", "Jeffs, 55,", "the driver, Juan Perez,")."""
        out: set[str] = set()
        for j in range(upto):
            text = self.texts[j]
            for m in self._named(j):
                if _describes(text, m, head, role, _title_words(m, text)):
                    out.add(m.key)
        return out

    def role(self, i: int, role: Sequence[str], pronoun: str) -> str | None:
        """The fullest name of the one person "The <role>" opening sentence ``i`` refers to
        ("The president", "The 27-year-old", "the new president"), or None: the article
        must describe exactly one person with that role before (``_holders``), never use
        the role for someone else ("the president of Iran", "Russia's president"), not
        name that person in sentence ``i``, and the person must fit ``pronoun``."""
        head = role[-1]
        holders = self._holders(head, role, i)
        if len(holders) != 1:
            return None
        (key,) = holders
        if any(m.key == key or self._ambiguous(m) or len(self._distinct(m.person.surname, i)) > 1
               for m in self._named(i)):
            return None
        for j in range(i):
            if self._unheld(self.texts[j], head, j):
                return None
        mention = next(m for j in range(i) for m in self._named(j) if m.key == key)
        if self._ambiguous(mention) or not self._fits(mention, pronoun, i):
            return None
        return key

    def _unheld(self, text: str, head: str, j: int) -> bool:
        """Whether sentence ``j`` uses the role noun ``head`` for someone the article does
        not name there: after a possessive or a capitalised word ("Russia's president",
        "the Iranian president") or before "of" ("the president of Iran")."""
        for m in re.finditer(rf"\b{re.escape(head)}\b", text, re.IGNORECASE):
            if any(_attached(text, m.start(), f) for f in self._named(j)):
                continue
            before = words_before(text, m.start(), 1)
            after = text[m.end() : m.end() + 4]
            if after.startswith(" of ") or before and (
                    before[0].endswith(("'s", "’s", "s'")) or before[0][:1].isupper()):
                return True
        return False

    # -- a thing ------------------------------------------------------------------------

    def told_before(self, i: int, head: str) -> bool:
        """Whether the noun ``head`` ("the <head>") in sentence ``i`` points back to
        something told before: always after the first sentence for a noun of
        ``TELLING_NOUNS`` ("The blast"), else when a sentence before has a word opening with
        the noun, or with its first five letters when it is longer ("The volcano" after
        "…volcanic…")."""
        if i > 0 and head in TELLING_NOUNS:
            return True
        pattern = stem_pattern(head[:5] if len(head) >= 6 else head)
        return any(pattern.search(self.texts[j]) for j in range(i))

    def thing(self, i: int, head: str) -> str | None:
        """The name of the one thing "The <modifiers> <head>" opening sentence ``i`` refers
        back to ("The volcano", "The company"), or None: the sentences before must tie
        exactly one name to the noun (``thing_mentions``: "the Tavorak volcano", "Norvel,
        the Danish shipping company"), and introduce no other thing of its kind, named or
        not ("a second company", "two websites"); sentence ``i`` must not name it already,
        nor tie another name to the noun."""
        names: list[str] = []
        for j in range(i):
            if head not in self.texts[j].lower():
                continue
            for name, introduces in thing_mentions(self.texts[j], head):
                if introduces:
                    return None
                if name and not any(name in n or n in name for n in names):
                    names.append(name)
                elif name:  # the same name again, maybe fuller ("Mount Tavorak")
                    names = [max([name, *(n for n in names if n in name or name in n)],
                                 key=len)] + [n for n in names if n not in name
                                              and name not in n]
        if len(names) != 1:
            return None
        (name,) = names
        here = self.texts[i]
        if name in here or any(n and n != name for n, _ in thing_mentions(here, head)):
            return None
        return name


def _opens(text: str, at: int) -> bool:
    """Whether the straight quotation mark at ``at`` opens a quotation: it follows a space or
    an opening bracket and comes before a word."""
    return (at == 0 or text[at - 1] in " ([") and text[at + 1 : at + 2].strip() != ""


def _attached(text: str, at: int, mention: Mention) -> bool:
    """Whether the word at ``at`` belongs to the name of ``mention``: within its title,
    among the three words just before it ("Germanwings first officer Andreas Lubitz"), or
    in the aside in commas just after it ("Jerry Strickland, spokesman for…,")."""
    if mention.title_start <= at < mention.end:
        return True
    if at < mention.title_start:
        between = text[at : mention.title_start]
        return len(between.split()) <= 3 and not CLAUSE_MARK.search(between)
    aside = ASIDE.match(text[mention.end :])
    return bool(aside) and at < mention.end + aside.end()


def _describes(text: str, mention: Mention, head: str, role: Sequence[str],
               title: list[str]) -> bool:
    """Whether sentence ``text`` describes the person of ``mention`` with ``role``."""
    if title and _title_core(role) == _title_core(title):
        return True  # "President Barack Obama": "the (new) president", not "the vice president"
    age = _AGE_WORD.match(head)
    before = words_before(text, mention.title_start, 1)
    if before and before[0].lower() == head:
        return True  # "actor Ryan Reynolds", "27-year-old Mark Smith"
    aside = ASIDE_WORDS.match(text[mention.end :])
    if aside:
        words = aside.group(1).lower().split()
        if age and words == [age.group(1)]:
            return True  # "Jeffs, 55,"
        if head in words[:6]:
            between = words[1 : words.index(head)]
            if (words[0] in _ROLE_DETERMINERS or words[0] == head) and not any(
                    w in FUNCTION_WORDS or w in SPEECH_VERBS or w.endswith("ed")
                    for w in between):
                return True  # "Jerry Strickland, spokesman for…", "Hugh Hefner, the founder"
    return bool(re.search(rf"\b(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,3}}{re.escape(head)},\s*$",
                          text[: mention.title_start], re.IGNORECASE))  # "the driver, Juan"
