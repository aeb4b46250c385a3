"""The two corpora's categories mapped onto the kinds of news the model tells apart.

The model does not learn briefing's themes directly: no public corpus files news under
"military action" apart from "terrorism and security". It learns the kinds of news that
editors of Wikipedia's Current events portal and of Wikinews file items under, one to one
from the portal's ten headings:

    conflict   Armed conflicts and attacks      relations  International relations
    politics   Politics and elections            law        Law and crime
    disasters  Disasters and accidents           economy    Business and economy
    health     Health and environment            sport      Sports
    culture    Arts and culture                  science    Science and technology

Each theme of briefing/defaults/themes.toml names the kinds it is drawn from (`kinds`:
military from conflict; terrorism from conflict and law; humanitarian from conflict,
disasters and health), and the kinds of news briefing does not brief are themes with
`brief = false` (sport, culture, science, health). So the corpora say what a text is
about in the large; the themes' own descriptions and examples say which theme within.

Wikinews files wars, diplomacy and domestic politics under one category, "Politics and
conflicts": such an article is a candidate for all three kinds (the training gives it a
third of a label for each), unless its other categories settle it: an election category
makes it politics; a war or a military category makes it conflict.

An article Wikinews files under computing, the internet, software, games or a technology
company (its own categories: "Computing", "Internet", "Microsoft"...) is technology news,
whatever else it is filed under: a phone maker's sales or a hacker's trial reads as
science and technology, the kind of news a briefing on world affairs leaves out, and not as
the economy or the courts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

KINDS = ("conflict", "relations", "politics", "law", "disasters", "economy", "health",
         "sport", "culture", "science")

BY_PORTAL_HEADING = {
    "Armed conflicts and attacks": "conflict",
    "International relations": "relations",
    "Politics and elections": "politics",
    "Law and crime": "law",
    "Disasters and accidents": "disasters",
    "Business and economy": "economy",
    "Health and environment": "health",
    "Sports": "sport",
    "Arts and culture": "culture",
    "Science and technology": "science",
}

BY_WIKINEWS_CATEGORY: dict[str, tuple[str, ...]] = {
    "Politics and conflicts": ("conflict", "relations", "politics"),
    "Crime and law": ("law",),
    "Disasters and accidents": ("disasters",),
    "Weather": ("disasters",),
    "Economy and business": ("economy",),
    "Health": ("health",),
    "Environment": ("health",),
    "Sports": ("sport",),
    "Culture and entertainment": ("culture",),
    "Science and technology": ("science",),
}
_ELECTION = re.compile(r"\belection", re.IGNORECASE)
_TECHNOLOGY = re.compile(
    r"^(internet|computing|software|operating system|games|video games|floss|linux|"
    r"open source|google|microsoft|apple inc\.|mozilla.*|facebook|youtube|twitter|yahoo!?|"
    r"sony|intel|ibm|wikipedia|wikimedia.*|mobile phones?|telecommunications?|robotics)$",
    re.IGNORECASE)
_WAR = re.compile(r"\b(war|wars|military|armed forces|insurgency|conflict)\b", re.IGNORECASE)


def portal_kind(heading: str) -> str | None:
    return BY_PORTAL_HEADING.get(heading)


def wikinews_kinds(top: Sequence[str], categories: Sequence[str]) -> tuple[str, ...]:
    """The candidate kinds of a Wikinews article ('()': none of its categories is mapped)."""
    if any(_TECHNOLOGY.match(c) for c in categories):
        return ("science",)
    kinds: list[str] = []
    for category in top:
        mapped = BY_WIKINEWS_CATEGORY.get(category, ())
        if category == "Politics and conflicts":
            war = any(_WAR.search(c) for c in categories)
            election = any(_ELECTION.search(c) for c in categories)
            if war and not election:
                mapped = ("conflict",)
            elif election and not war:
                mapped = ("politics",)
        kinds.extend(k for k in mapped if k not in kinds)
    return tuple(kinds)


# HuffPost's categories (training/huffpost.py), mapped only where the category says what
# kind of news an item is. Left out everywhere: the sections named for a readership rather
# than a kind of news (BLACK VOICES, QUEER VOICES, WOMEN, LATINO VOICES), and the mixed
# ones (MEDIA: journalists and networks, half of it politics; WEIRD NEWS; IMPACT; RELIGION;
# EDUCATION; U.S. NEWS: crime, disasters, the pandemic and politics alike).
# `HUFFPOST_MAPPINGS` holds the mappings measured (research/README.md); `HUFFPOST_MAPPING`
# names the one the build uses by default.
_HUFFPOST_CORE: dict[str, tuple[str, ...]] = {
    "SPORTS": ("sport",),
    "ENTERTAINMENT": ("culture",),
    "COMEDY": ("culture",),  # late-night television: its words are often politics'
    "CULTURE & ARTS": ("culture",),
    "TECH": ("science",),
    "SCIENCE": ("science",),
    "WELLNESS": ("health",),
    "ENVIRONMENT": ("health",),  # as the portal's "Health and environment"
    "CRIME": ("law",),
    "BUSINESS": ("economy",),
    "MONEY": ("economy",),
}
# lifestyle: news a briefing on world affairs leaves out, read as culture (the nearest
# kind not briefed), since the model has no kind of its own for it
_HUFFPOST_LIFESTYLE: dict[str, tuple[str, ...]] = dict.fromkeys(
    ("STYLE & BEAUTY", "HOME & LIVING", "FOOD & DRINK", "TRAVEL", "PARENTING", "WEDDINGS"),
    ("culture",))
# the hard-news bags: POLITICS is mostly Washington's (politics); WORLD NEWS is wars,
# diplomacy and foreign politics, a candidate for each as Wikinews' "Politics and conflicts"
_HUFFPOST_HARD: dict[str, tuple[str, ...]] = {
    "POLITICS": ("politics",),
    "WORLD NEWS": ("conflict", "relations", "politics"),
}
HUFFPOST_MAPPINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "core": _HUFFPOST_CORE,
    "lifestyle": {**_HUFFPOST_CORE, **_HUFFPOST_LIFESTYLE},
    "hard": {**_HUFFPOST_CORE, **_HUFFPOST_HARD},
    "all": {**_HUFFPOST_CORE, **_HUFFPOST_LIFESTYLE, **_HUFFPOST_HARD},
}
HUFFPOST_MAPPING = "core"


def huffpost_kinds(category: str, mapping: str = HUFFPOST_MAPPING) -> tuple[str, ...]:
    """The candidate kinds of a HuffPost item ('()': its category is left out)."""
    return HUFFPOST_MAPPINGS[mapping].get(category, ())
