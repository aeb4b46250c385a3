"""What a desk looks for in text: places (and the places within them), watch and exclude terms.

`PlaceIndex` is the gazetteer (`briefing/defaults/regions.txt` and the user's `[places]`):
which names are places, what each is called canonically, and what lies within it ("Syria"
covers Aleppo). A `Term` is a watch or exclude term and the names it is found by.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from types import MappingProxyType

from briefing.letters import folded

_TOKEN = re.compile(r"\w+")
_WORD_CHARACTER = re.compile(r"\w")


@lru_cache(maxsize=8)
def _folded_text(text: str) -> str:
    """`letters.folded`, remembered for the last texts, for a text looked for one term at a
    time (`desks explain`, a story's sentences: a build reads each article once for every
    desk's terms, `TermReading`). A few: a scheduler runs for months, and an article's text
    may be a megabyte."""
    return folded(text)


@lru_cache(maxsize=4096)
def _name_pattern(name: str, exact: bool = True) -> re.Pattern[str]:
    """`name` as a whole word or phrase: not inside a longer word ("Syria" is not in
    "Syrian"), any run of spaces between its words; `exact`: in its case as written."""
    body = r"\s+".join(re.escape(part) for part in name.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", 0 if exact else re.IGNORECASE)


def _first_token(name: str) -> str:
    tokens = _TOKEN.findall(name)
    return tokens[0] if tokens else ""


@dataclass(frozen=True, eq=False)
class PlaceIndex:
    """Every place a desk may name and what lies within it: the gazetteer's places and
    organisations (`actors.gazetteer`, aliases included), `defaults/regions.txt` (which
    city is in which country, which country in which region) and a user's [places]."""

    canonical: Mapping[str, str]  # a name as written -> its canonical name
    kind: Mapping[str, str]  # a canonical name -> "place" or "organization"
    within: Mapping[str, tuple[str, ...]]  # a canonical place -> the places directly within
    demonyms: frozenset[str] = frozenset()  # names found in texts, never listed ("Syrian")

    @property
    def names(self) -> frozenset[str]:
        """Every place name a desk may list (canonical names, aliases, regions): a desk
        lists "Syria", which finds "Syrian" too."""
        return frozenset(n for n, c in self.canonical.items()
                         if self.kind[c] == "place" and n not in self.demonyms)

    @classmethod
    def load(cls, user_places: Mapping[str, Sequence[str]] | None = None,
             demonyms: bool = True) -> PlaceIndex:
        """`demonyms`: a country's people's word names it too ("Syrian troops" is Syria,
        `defaults/demonyms.txt`), as a desk reads its places; story linking asks without."""
        key = tuple((name, tuple(within)) for name, within in (user_places or {}).items())
        return _load_places(key, demonyms)

    def covered(self, places: Iterable[str]) -> dict[str, str]:
        """Canonical place -> the given place that covers it: each place given and every
        place within it, however deep ("Middle East" -> Syria -> Aleppo)."""
        out: dict[str, str] = {}
        for place in places:
            todo = [self.canonical.get(place, place)]
            while todo:
                name = todo.pop()
                if name not in out:
                    out[name] = place
                    todo.extend(self.within.get(name, ()))
        return out

    def named(self, text: str, wanted: Collection[str] | None = None) -> Counter[str]:
        """The canonical places `text` names, and how often (only those in `wanted`, if
        given: the places some desk covers). See `PlaceFinder.named`."""
        return self.finder(frozenset(wanted) if wanted is not None else None).named(text)

    def finder(self, wanted: frozenset[str] | None = None) -> PlaceFinder:
        """What finds the `wanted` places (None: every place) in a text: their names, and
        the longer known names that contain one ("New Mexico" for Mexico)."""
        return _finder(self, wanted)


@lru_cache(maxsize=16)
def _finder(places: PlaceIndex, wanted: frozenset[str] | None) -> PlaceFinder:
    if wanted is None:
        chosen = set(places.canonical)
    else:
        own = [n for n, c in places.canonical.items() if c in wanted]
        chosen = set(own) | {n for n in places.canonical if " " in n
                             and any(o in n and o != n for o in own)}
    # names are looked for with their letters folded (`letters.folded`), as the text is: each
    # folded name stands for a name as the gazetteer spells it, its own when it has one
    # ("Sao Paulo" for both Sao Paulo and São Paulo)
    spelt: dict[str, str] = {}
    for name in sorted(chosen, key=lambda n: folded(n) != n):
        spelt.setdefault(folded(name), name)
    starting: dict[str, list[str]] = defaultdict(list)
    for name in spelt:
        if first := _first_token(name):
            starting[first].append(name)
    return PlaceFinder(places, wanted,
                       {k: tuple(sorted(v, key=len, reverse=True)) for k, v in starting.items()},
                       spelt)


@dataclass(frozen=True, eq=False)
class PlaceFinder:
    """Finds some places (or all) in texts; made by `PlaceIndex.finder`."""

    places: PlaceIndex
    wanted: frozenset[str] | None
    starting: dict[str, tuple[str, ...]]  # a first word -> the names it starts, longest first
    spelt: dict[str, str]  # a name in `starting` (letters folded) -> as the gazetteer spells it

    def __post_init__(self) -> None:
        # the words that may start a name: any word in capitals A-Z, and the few names that
        # begin otherwise ("al-Qaeda", "Île-de-France"); the rest of a text is never looked at
        others = sorted(w for w in self.starting if not re.match(r"[A-Z0-9]", w))
        extra = "".join(f"|{re.escape(w)}(?!\\w)" for w in others)
        object.__setattr__(self, "_scan", re.compile(rf"(?<!\w)(?:[A-Z0-9]\w*{extra})"))

    def named(self, text: str) -> Counter[str]:
        """The canonical places `text` names, and how often (`scan`'s first half).

        Where known names overlap, the longest wins: "New Mexico" is not Mexico, "Washington
        Post" is a newspaper (organisations are known names too, so they win their words).
        A place name that is part of a longer name the actors module reads as a person's
        ("Michael Jordan") is not a place. One pass over the text's capitalised words.
        """
        return self.scan(text)[0]

    def scan(self, text: str) -> tuple[Counter[str], frozenset[str]]:
        """The places `text` names (`named`), and those whose name it gives to a US town
        ("Alexandria, Virginia"): the article's other "Alexandria"s are that town too."""
        found: Counter[str] = Counter()
        towns: set[str] = set()
        taken = 0
        plain = folded(text)  # "İstanbul" is Istanbul (offsets are the text's)
        for word in self._scan.finditer(plain):
            start = word.start()
            names = self.starting.get(word.group()) if start >= taken else None
            for name in names or ():  # longest first
                end = start + len(name)
                if not plain.startswith(name, start) or (end < len(text) and
                                                          _WORD_CHARACTER.match(text, end)):
                    continue
                taken = end
                name = self.spelt[name]
                place = self.places.canonical[name]
                if (self.places.kind[place] == "place"
                        and (self.wanted is None or place in self.wanted)
                        and not _part_of_a_name(text, start, end, name)):
                    if self._in_another_state(text, end, place):
                        towns.add(place)
                    else:
                        found[place] += 1
                break
        return found, frozenset(towns)


    def _in_another_state(self, text: str, end: int, place: str) -> bool:
        """Is the place name ending at text[end] a US town's, named as AP style names one,
        by its state ("Alexandria, Virginia", "Lebanon, Pa.")? Then it is not the place of
        that name abroad; "Houston, Texas" is Houston. A list ("Cairo, Alexandria and
        Amman") names no state; "Washington", "New York" and "Georgia" are not read as
        states here, as each names a city or a country as often."""
        state = _STATE_AFTER.match(text, end)
        if state is None:
            return False
        name = " ".join(state.group(1).split())
        return place not in self.places.covered([_US_STATES.get(name, name)])


@lru_cache(maxsize=8)
def _load_places(user: tuple[tuple[str, tuple[str, ...]], ...], demonyms: bool) -> PlaceIndex:
    from briefing.actors import gazetteer

    canonical: dict[str, str] = {}
    kind: dict[str, str] = {}
    for name, (canon, what) in gazetteer().items():
        if what in ("place", "organization"):
            canonical[name] = canon
            kind.setdefault(canon, what)
    demonym_names: set[str] = set()
    if demonyms:
        # wire copy often names a country only by its people's word ("Yemeni troops", "the
        # Saudi government"): each is one more name of the country, as an alias is, read
        # whole and in its case like any name (the longest wins: "South Sudanese")
        for country, words in _lines("demonyms.txt"):
            for word in words:
                word = " ".join(word.split())
                if word not in canonical:
                    canonical[word] = canonical[country]
                    demonym_names.add(word)
    within: dict[str, list[str]] = defaultdict(list)

    def place(name: str) -> str:
        name = " ".join(name.split())
        if name not in canonical:
            canonical[name] = name
            kind[name] = "place"
        return canonical[name]

    for parent, names in [*_lines("regions.txt"), *user]:
        outer = place(parent)
        for name in names:
            inner = place(name)
            if inner != outer and inner not in within[outer]:
                within[outer].append(inner)
    return PlaceIndex(
        canonical=MappingProxyType(canonical),
        kind=MappingProxyType(kind),
        within=MappingProxyType({k: tuple(v) for k, v in within.items()}),
        demonyms=frozenset(demonym_names),
    )


def _lines(file: str) -> list[tuple[str, list[str]]]:
    """The "Place: name | name" lines of a file in `briefing/defaults/`."""
    text = resources.files("briefing").joinpath(f"defaults/{file}").read_text("utf-8")
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and ":" in line:
            parent, _, rest = line.partition(":")
            lines.append((parent.strip(), [n.strip() for n in rest.split("|") if n.strip()]))
    return lines


# The US states, and AP style's abbreviations of them, that name the state a town is in
# ("Alexandria, Va."); not Washington, New York or Georgia (a city, a city, a country)
_US_STATES = {
    **{s: s for s in (
        "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
        "Delaware", "Florida", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas",
        "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
        "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
        "New Hampshire", "New Jersey", "New Mexico", "North Carolina", "North Dakota", "Ohio",
        "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina",
        "South Dakota", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "West Virginia",
        "Wisconsin", "Wyoming")},
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia",
    "Wash.": "Washington", "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}
_STATE_AFTER = re.compile(
    r",\s+(" + "|".join(re.escape(s).replace(r"\ ", r"\s+")
                        for s in sorted(_US_STATES, key=len, reverse=True)) + r")(?!\w)")

_NAME_WORD = re.compile(r"[A-Z][\w'’-]*")


def _part_of_a_name(text: str, start: int, end: int, name: str) -> bool:
    """Is the place name at text[start:end] part of a person's name ("Michael Jordan",
    "Captain America")? The run of capitalised words around it is read as the actors
    module reads a name (`actors.name_kind`: titles, the gazetteer, the name's shape).
    Organisations named after a place ("U.S. Congress", "Malaysia Airlines") are about it,
    and keep it; the gazetteer's own ("Washington Post") never reach here.
    """
    beside = ((start > 1 and text[start - 1] == " " and text[start - 2].isalpha())
              or text[end:end + 2][1:].isupper() and text[end:end + 1] == " ")
    if not beside:
        return False  # "in Syria", "Syria's", "Aleppo, on": no word joined to it
    from briefing.actors import common_word

    words = [name]
    left = text[max(0, start - 60):start]
    while len(words) < 4 and (m := re.search(r"\b([A-Z][\w'’-]*) $", left)):
        if common_word(m.group(1)):
            break
        words.insert(0, m.group(1))
        left = left[:m.start()]
    right = text[end:end + 60]
    while len(words) < 4 and (m := re.match(r" ([A-Z][\w'’-]*)", right)):
        if common_word(m.group(1)) or not _NAME_WORD.fullmatch(m.group(1)):
            break
        words.append(m.group(1))
        right = right[m.end():]
    return len(words) > 1 and _name_kind(" ".join(words)) == "person"


@lru_cache(maxsize=4096)
def _name_kind(name: str) -> str:
    """`actors.name_kind`, remembered: the same names ("U.S. President") recur all day."""
    from briefing.actors import name_kind

    return name_kind(name)


# --- watch and exclude terms ----------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A watch or exclude term and the names it is found by (the gazetteer's aliases of a
    known organisation or place: "Hayat Tahrir al-Sham" is found as "HTS" too)."""

    text: str
    forms: tuple[tuple[str, bool], ...]  # (name, matched in its case as written)

    @classmethod
    def of(cls, text: str, places: PlaceIndex | None = None) -> Term:
        text = " ".join(text.split())
        letters = [c for c in text if c.isalpha()]
        forms = [(text, bool(letters) and all(c.isupper() for c in letters))]
        canon = (places.canonical.get(text) or places.canonical.get(folded(text))
                 if places else None)
        if places and canon:
            forms += [(n, True) for n, c in places.canonical.items() if c == canon and n != text]
        return cls(text, tuple(forms))

    def found_in(self, text: str | TermReading) -> str | None:
        """The form of the term `text` names, or None. Both are read with their accents,
        dots and strokes set aside (`letters.folded`): outlets write "Erdoğan" and "Erdogan",
        "İstanbul" and "Istanbul", and a desk's term is one of them. Its first word is
        looked for as a plain substring first (fast): most texts do not hold it at all.
        A `TermReading` is a text read once for many terms (`DayIndex.names`)."""
        read = text if isinstance(text, TermReading) else TermReading(_folded_text(text))
        for written, exact, words, pattern in self._read_as:
            within = read.folded if exact else read.lowered
            if all(w in within for w in words) and pattern.search(read.folded):
                return written
        return None

    @cached_property
    def _read_as(self) -> tuple[tuple[str, bool, tuple[str, ...], re.Pattern[str]], ...]:
        """Each form as `found_in` reads it, worked out once, not for each text: its
        words folded (in lower case unless matched as written), each of which a text
        naming it holds as a plain substring, and its pattern."""
        out = []
        for written, exact in self.forms:
            form = folded(written)
            words = form.split() if exact else form.lower().split()
            out.append((written, exact, tuple(words), _name_pattern(form, exact)))
        return tuple(out)


class TermReading:
    """A text as terms read it, folded (`letters.folded`) and, once a term asks, in lower
    case: made once for all the terms of all desks (`DayIndex.names`), where folding and
    lower-casing an article for each term of each desk was most of a 40-desk build."""

    __slots__ = ("folded", "_lowered")

    def __init__(self, folded_text: str) -> None:
        self.folded = folded_text
        self._lowered: str | None = None

    @classmethod
    def of(cls, text: str) -> TermReading:
        return cls(folded(text))

    @property
    def lowered(self) -> str:
        if self._lowered is None:
            self._lowered = self.folded.lower()
        return self._lowered
