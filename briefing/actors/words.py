"""The words names are read with: word lists and the shipped gazetteer.

Stop words and date words, which are never names; titles, folded off a person's name;
connectors ("of", "al", "von") a name may hold; the last words that make a name an
organisation or a place; and the gazetteer (`defaults/gazetteer.txt`) of well-known
places, organisations and nationality adjectives, read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

# --- word lists ----------------------------------------------------------------------------


def _word_set(text: str, sep: str | None = None) -> frozenset[str]:
    """A frozen set of the words of `text` (split on `sep`, or on whitespace)."""
    return frozenset(w.strip() for w in text.split(sep) if w.strip())


STOP_WORDS = _word_set(
    """a an the this that these those there here it its he she they we you i me my our your
    his her their them us who what when where why how which while after before during since
    until as at by for from in into of on onto over under with without within about against
    between among through across and or but nor so yet if then than though although because
    also all any both each every few many more most much no not none some such only just even
    still yet again already however meanwhile moreover specifically additionally instead
    indeed finally first second third last next later earlier today tonight yesterday tomorrow
    now once perhaps maybe please thanks yes according despite following amid among per via
    mr mrs ms one two three four five six seven eight nine ten eleven twelve twenty hundred
    thousand million billion dozens"""
)
DATE_WORDS = _word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec"""
)
# Title words folded into a person's name; the longest match is tried first.
TITLES = tuple(
    sorted(
        _word_set(
            """General|Gen.|Lt. Gen.|Lieutenant General|Major General|Maj. Gen.|Brig. Gen.|
            Admiral|Adm.|Vice Admiral|Rear Admiral|Colonel|Col.|Lt. Col.|Lieutenant|Lt.|
            Captain|Capt.|Major|Sergeant|Sgt.|Corporal|Cpl.|Private|Commander|Cmdr.|
            President|Vice President|Prime Minister|Deputy Prime Minister|Minister|
            Foreign Minister|Defense Minister|Defence Minister|Interior Minister|
            Finance Minister|Secretary|Secretary of State|Secretary of Defense|Defense Secretary|
            Secretary-General|Secretary General|Foreign Secretary|Home Secretary|
            Treasury Secretary|Chancellor|Senator|Sen.|Representative|Rep.|Congressman|
            Congresswoman|Governor|Gov.|Mayor|Ambassador|Envoy|Special Envoy|Chairman|
            Chairwoman|Chair|Speaker|Leader|Majority Leader|Minority Leader|King|Queen|Prince|
            Princess|Crown Prince|Emir|Sheikh|Pope|Cardinal|Bishop|Archbishop|Rabbi|Imam|Rev.|
            Reverend|Judge|Justice|Chief Justice|Attorney General|Director|Deputy Director|
            Commissioner|Inspector|Detective|Officer|Constable|Chief|Dr.|Prof.|Professor|Mr.|
            Mrs.|Ms.|Sir|Dame|Lord|Lady|Spokesman|Spokeswoman|Spokesperson|CEO|
            Chief Executive""",
            "|",
        ),
        key=lambda t: (-len(t), t),
    )
)
TITLE_SET = frozenset(t.replace(".", "") for t in TITLES)


def _titles_by_first_word() -> MappingProxyType[str, tuple[tuple[str, int], ...]]:
    """Each title without its dots and its size in words, under its first word, in the
    longest-first order of `TITLES`: `split_title` runs for every name mention, and only
    the titles whose first word is the name's first word can open it, so it tries those
    (a few) rather than all of them, and none is rewritten per call."""
    grouped: dict[str, list[tuple[str, int]]] = {}
    for title in TITLES:
        bare = title.replace(".", "")
        grouped.setdefault(bare.split()[0], []).append((bare, len(bare.split())))
    return MappingProxyType({first: tuple(ts) for first, ts in grouped.items()})


TITLES_BY_FIRST = _titles_by_first_word()
# Abbreviations after which ". " does not end a name: "Gen. Michael Kurilla".
ABBREVIATIONS = _word_set(
    "Gen Lt Maj Brig Adm Col Capt Sgt Cpl Cmdr Dr Mr Mrs Ms Prof Rev Rep Sen Gov St"
)
# Last words that make a name an organisation, or a place.
ORG_WORDS = _word_set(
    """Command Department Ministry Council Committee Agency Army Navy Force Forces Party
    University Bank Inc Inc. Corp Corp. Corporation Company Co. Group Association Court
    Administration Office Service Services Commission Organization Organisation Authority
    Institute Foundation Fund Union League Times Post News Network Club Church Hospital School
    College Guard Police Brigade Battalion Regiment Front Movement Coalition Alliance Parliament
    Assembly Cabinet Senate Congress Board Bureau Center Centre Airlines Airways Motors Systems
    Technologies Labs Studios Media Press Trust Federation Ltd Ltd. LLC PLC Holdings Partners
    Reserve Corps Fleet Squadron Division Unit Team Klan Tribe Nation"""
)
PLACE_WORDS = _word_set(
    """Province County City River Island Islands Valley Street Avenue Square Park Airport Bay
    Lake Sea Ocean Desert Region District Strait Peninsula Heights Canal Mountains Hills Coast
    Border Gulf Port Harbor Harbour Base Camp Village Town Governorate Oblast Prefecture
    Territory Reservation Country"""
)
CONNECTORS = _word_set("of de del della da das do dos du la le al el bin ibn van von der den")


# --- gazetteer -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gazetteer:
    names: MappingProxyType[str, tuple[str, str]]  # surface form -> (canonical name, kind)


@lru_cache(maxsize=1)
def load_gazetteer() -> _Gazetteer:
    """The shipped gazetteer, read once (it is immutable)."""
    text = resources.files("briefing").joinpath("defaults/gazetteer.txt").read_text("utf-8")
    names: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        kind, _, rest = line.partition(":")
        forms = [f.strip() for f in rest.split("|") if f.strip()]
        if kind.strip() == "adjective":
            for f in forms:
                names[f] = (f, "adjective")
        elif forms:
            for f in forms:
                names.setdefault(f, (forms[0], kind.strip()))
    return _Gazetteer(MappingProxyType(names))


def common_word(word: str) -> bool:
    """A capitalised word that is never part of a name: a stop word opening a sentence
    ("In", "The") or a date word ("Tuesday", "March")."""
    return word.lower() in STOP_WORDS or word.lower() in DATE_WORDS


def gazetteer() -> MappingProxyType[str, tuple[str, str]]:
    """Every name of the shipped gazetteer -> (canonical name, kind): "place",
    "organization" or "adjective" (desks match places and watch terms through it)."""
    return load_gazetteer().names


def known_kind(name: str) -> str | None:
    """The gazetteer's kind for a name ("place", "organization" or "adjective"), or None."""
    entry = load_gazetteer().names.get(name)
    return entry[1] if entry else None
