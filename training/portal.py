"""The training corpus: Wikipedia's "Current events" portal, as one YAML file a day.

Source: github.com/ianrastall/current-events-context, pinned by commit and checksum below.
The item texts are Wikipedia's (Portal:Current events), licensed CC BY-SA 4.0 by their
authors, the Wikipedia contributors; the repository adds the YAML layout. Each item is one
or two sentences written as news ("A suicide bomber kills 12 people at a market in Kano."),
filed by Wikipedia's editors under a heading such as "Armed conflicts and attacks" or
"Sports". From 2010 to 2020 every day is filed so; the other years are not, and are not read.

This module only reads and parses; `labels.py` maps the portal's headings onto themes.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPOSITORY = "https://github.com/ianrastall/current-events-context"
COMMIT = "4ff6f7d243c81c1df4a919fb4280d9d7e9559bd8"
YEARS = range(2010, 2021)
LICENCE = "CC BY-SA 4.0 (Wikipedia contributors, Portal:Current events)"


class SourceError(Exception):
    """The clone is not the pinned source: one line saying why."""


@dataclass(frozen=True)
class PortalItem:
    day: str  # YYYY-MM-DD
    heading: str  # the portal's category heading, canonical ("Armed conflicts and attacks")
    story: str  # the story sub-heading it sat under ("Syrian civil war"), or ""
    text: str  # the item, its trailing source citations removed


def _git(source: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(source), *args], input=data,
                              capture_output=True, check=True)
    except FileNotFoundError:
        raise SourceError("git is needed to read the source clone") from None
    except subprocess.CalledProcessError as e:
        raise SourceError(f"{source}: git {args[0]} failed: "
                          f"{e.stderr.decode(errors='replace').strip()}") from None
    return done.stdout


def read_files(source: Path, commit: str = COMMIT) -> dict[str, bytes]:
    """The YAML files of the filed years at the pinned commit, by path."""
    if not _git(source, "cat-file", "-t", commit).strip() == b"commit":
        raise SourceError(f"{source}: commit {commit} not found (clone {REPOSITORY})")
    listing = _git(source, "ls-tree", "-r", "--name-only", commit).decode().split("\n")
    years = tuple(f"{y}/" for y in YEARS)
    paths = sorted(p for p in listing if p.startswith(years) and p.endswith(".yaml"))
    if not paths:
        raise SourceError(f"{source}: no YAML files for {YEARS.start}-{YEARS.stop - 1}")
    request = "".join(f"{commit}:{p}\n" for p in paths).encode()
    out = _git(source, "cat-file", "--batch", data=request)
    files, at = {}, 0
    for path in paths:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        files[path] = out[header_end + 1: header_end + 1 + size]
        at = header_end + 1 + size + 1
    return files


def checksum(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path] + b"\0")
    return digest.hexdigest()


# The portal's category headings changed wording over the years; these are all the forms
# seen in 2010-2020, mapped onto the ten headings the portal settled on.
HEADINGS = {
    "Armed conflicts and attacks": (
        "armed conflicts and attacks", "armed conflict and attacks", "armed attacks and conflicts",
        "armed conflicts and incidents", "attacks and armed conflicts", "armed conflicts",
        "attacks and conflicts", "armed conflict and attack", "conflicts and attacks",
        "armed conflict and incidents", "armed attacks", "armed conflict",
        "armed conflicts and attack"),
    "Arts and culture": (
        "arts and culture", "art and culture", "arts, culture and entertainment",
        "arts and entertainment", "entertainment", "culture", "arts, culture", "arts and cultures",
        "arts and cuture", "art and literature", "culture and media", "media", "mass media",
        "television", "arts"),
    "Business and economy": (
        "business and economy", "business and economics", "business", "business and finance",
        "businesses and economy", "business and economies", "economics", "economics and business",
        "economy and finance", "business and economic", "business and the economy", "economy"),
    "Disasters and accidents": (
        "disasters and accidents", "disasters", "disaster and accidents", "accidents and disasters",
        "disasters and incidents", "natural disasters", "disaster", "disasters and accident",
        "accidents", "earthquakes", "weather"),
    "Health and environment": (
        "health and environment", "health and medicine", "health", "environment",
        "environment and health", "health and wellness", "medicine", "health and science",
        "science and health"),
    "International relations": ("international relations", "international relation"),
    "Law and crime": (
        "law and crime", "law", "law and crimes", "law and order", "legal and crime",
        "law enforcement and crime", "laws and crimes", "law and justice", "law & crime",
        "laws and crime", "crime", "crime and law"),
    "Politics and elections": (
        "politics and elections", "politics", "politics and election", "politics and government",
        "elections and politics", "political elections", "elections", "politics & elections"),
    "Science and technology": (
        "science and technology", "science", "technology", "innovation and technology",
        "science, medicine and technology", "technology and science", "science and nature",
        "science and research", "science and medicine", "science and environment",
        "science & technology"),
    "Sports": ("sports", "sport", "sporting events"),
}
_CANONICAL = {form: heading for heading, forms in HEADINGS.items() for form in forms}
# Headings whose items belong to no one category: their items are not read.
_UNFILED = frozenset({"society", "deaths", "life and death", "education", "uncategorized",
                      "religion", "transport", "transportation", "business and video games"})

# "(Reuters) (BBC)" or "(AFP via Google News)" at the end of an item.
_CITATIONS = re.compile(r"(?:\s*\([^()]{1,80}\))+\s*$")


@lru_cache(maxsize=1)
def _loader():
    """A YAML safe loader that keeps every key of a mapping, in order, as (key, value)
    pairs: a day's file repeats story headings, which a dict would merge."""
    import yaml  # the training extra only: the product never reads YAML

    class Loader(yaml.SafeLoader):
        pass

    def pairs(loader: Loader, node: yaml.MappingNode) -> list[tuple[object, object]]:
        return [(loader.construct_object(k, deep=True), loader.construct_object(v, deep=True))
                for k, v in node.value]

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, pairs)
    return Loader, yaml.YAMLError


def _strings(value: object, story: str) -> Iterator[tuple[str, str]]:
    """(story, text) of every string in a nested value; a string key names a story."""
    if isinstance(value, str):
        yield story, value
    elif isinstance(value, list):
        for v in value:
            if isinstance(v, tuple) and len(v) == 2:  # a (key, value) pair: a story
                yield from _strings(v[1], str(v[0]))
            else:
                yield from _strings(v, story)


def parse_day(path: str, raw: bytes) -> list[PortalItem]:
    """The filed items of one day's file. Story sub-headings sit beside the category
    headings in these files: they take the category heading before them, as on the portal
    page, where they are nested under it."""
    loader, error = _loader()
    try:
        doc = loader(raw).get_single_data()
    except error:
        return []
    fields = dict(doc) if isinstance(doc, list) else {}
    payload = fields.get("Intelligence_Payload")
    if not isinstance(payload, list):
        return []
    day = Path(path).stem[:10]
    items: list[PortalItem] = []
    heading = None
    for key, value in payload:
        name = " ".join(str(key).split()).strip(" ,;:").lower()
        if name in _CANONICAL:
            heading, story = _CANONICAL[name], ""
        elif name in _UNFILED:
            heading = None
            continue
        else:
            story = " ".join(str(key).split())
        if heading is None:
            continue
        for sub_story, text in _strings(value, story):
            text = " ".join(text.split())
            cited = _CITATIONS.search(text)
            if not cited:  # a story heading given as a list item, not an event
                continue
            text = text[: cited.start()].strip()
            if len(text.split()) >= 6:
                items.append(PortalItem(day, heading, sub_story, text))
    return items


def read_items(source: Path, *, expected_checksum: str | None) -> list[PortalItem]:
    """Every filed item of 2010-2020 from a clone of the source, after checking it is the
    pinned data; duplicates (the same text on two days) are kept once, at their first day."""
    files = read_files(source)
    found = checksum(files)
    if expected_checksum is not None and found != expected_checksum:
        raise SourceError(f"{source}: the data's checksum is {found}, "
                          f"not the pinned {expected_checksum}")
    seen: set[str] = set()
    items = []
    for path in sorted(files):
        for item in parse_day(path, files[path]):
            if item.text not in seen:
                seen.add(item.text)
                items.append(item)
    return items
