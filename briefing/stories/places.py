"""Where a story happens, for linking across days: two events of one kind in two places
(a supermarket fire in Wellington, another in Surrey the next day) are two stories.

Words alone cannot tell them apart: the words of the kind (fire, supermarket, engines,
evacuated) are most of what either report says, and the name conflict of `linking.py`
only cuts their similarity. A place is a stronger sign than any other name: a report of
the same event on its next day says where it is ("the fire that destroyed the Wellington
store"), and a report that never says so, while its own title names somewhere else, is
not that event. The gazetteer (`briefing/desks/places.py`: the known places and what lies
within what) says which places are one area: "Aleppo" is in Syria, and "Gaza" and
"Israel" are both in the Levant, so stories set in either may continue each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from briefing.desks.places import PlaceIndex
from briefing.stories.grouping import term_of


@dataclass(frozen=True)
class Located:
    """What one side of a link says of where it happens: its titles, all its texts (titles,
    leads or points), whether it has more than headlines, and (of an earlier story) every
    term it kept, lower-case as the linking reads them (`StoryTerms.terms` and `.names`)."""

    titles: tuple[str, ...]
    texts: tuple[str, ...]
    has_lead: bool
    mentions: frozenset[str] = field(default_factory=frozenset)


@lru_cache(maxsize=1)
def _places() -> PlaceIndex:
    return PlaceIndex.load(demonyms=False)  # linking was measured on names alone


@lru_cache(maxsize=1)
def _parents() -> dict[str, tuple[str, ...]]:
    parents: dict[str, list[str]] = {}
    for outer, inner in _places().within.items():
        for place in inner:
            parents.setdefault(place, []).append(outer)
    return {k: tuple(v) for k, v in parents.items()}


@lru_cache(maxsize=4096)
def _around(place: str) -> frozenset[str]:
    """The place and every place it lies within, however deep (Aleppo: Syria, Levant,
    Middle East)."""
    parents = _parents()
    out, todo = {place}, [place]
    while todo:
        for outer in parents.get(todo.pop(), ()):
            if outer not in out:
                out.add(outer)
                todo.append(outer)
    return frozenset(out)


def one_area(a: str, b: str) -> bool:
    """Whether two places may be where one story happens: the same, one within the other
    (Syria and Aleppo), or both within a place that is itself within another (Gaza and
    Israel: the Levant, in the Middle East; London and Paris: Western Europe). Sharing
    only a place nothing contains (a continent, "Middle East" as a whole: Wellington and
    Sydney, both in Oceania) is not one area."""
    if a == b:
        return True
    around_a, around_b = _around(a), _around(b)
    if a in around_b or b in around_a:
        return True
    parents = _parents()
    return any(place in parents for place in around_a & around_b)


def places_in(texts: Iterable[str]) -> set[str]:
    """The canonical known places these texts name."""
    finder = _places().finder()
    out: set[str] = set()
    for text in texts:
        out.update(finder.named(text))
    return out


def apart(today: Located, earlier: Located) -> bool:
    """Whether two stories happen in different places, so one cannot be the other's next
    day: the earlier story's titles name a place, today's story (which has a lead, so room
    to say where it is) names no place of that area anywhere, and its own titles name
    somewhere the earlier story never mentions (a known place of another area, or when
    none is known, names it is said to be "in" that the earlier story never had: "Surrey"
    is not in the gazetteer).
    Headlines alone say too little to be sure where a story is not."""
    if not (today.has_lead and earlier.has_lead):
        return False
    where = places_in(earlier.titles)
    if not where:
        return False
    seen_today = places_in(today.texts)
    if any(one_area(p, q) for p in where for q in seen_today):
        return False
    own = places_in(today.titles)
    if own:
        seen_earlier = places_in(earlier.texts)
        return not any(one_area(p, q) for p in own for q in seen_earlier)
    said = placed(today.titles)
    return bool(said) and not said & earlier.mentions


# "... in Guildford, Surrey", "... near Banstead": how a title says where, with names the
# gazetteer may not know (a town, a county), the place after a comma included
_PLACED = re.compile(r"\b(?:in|near|outside)\s+(?:central\s+|northern\s+|southern\s+"
                     r"|eastern\s+|western\s+)?({name}(?:,\s+{name})?)".format(
                         name=r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*"))


def placed(titles: Iterable[str]) -> set[str]:
    """The names these titles say an event is in ("Supermarket destroyed by fire in
    Guildford, Surrey": guildford, surrey), each word a term as the linking reads it
    (`grouping.term_of`): not a date ("in March") nor a name the gazetteer knows as
    something else ("in Congress")."""
    from briefing.actors import common_word, known_kind

    out: set[str] = set()
    for title in titles:
        for m in _PLACED.finditer(title):
            for name in m.group(1).split(","):
                name = name.strip().removesuffix("’s").removesuffix("'s")
                if not common_word(name.split()[0]) and known_kind(name) in (None, "place"):
                    out.update(t for w in name.split() if (t := term_of(w)))
    return out


def apart_test(today: Callable[[int], Located],
               earlier: Callable[[int], Located]) -> Callable[[int, int], bool]:
    """`apart` for today's story r and earlier story j (each side made by its function,
    once, and only for the pairs asked about: few of a day's stories come near a link)."""
    sides: dict[tuple[bool, int], Located] = {}

    def side(is_today: bool, i: int) -> Located:
        if (is_today, i) not in sides:
            sides[is_today, i] = today(i) if is_today else earlier(i)
        return sides[is_today, i]

    return lambda r, j: apart(side(True, r), side(False, j))
