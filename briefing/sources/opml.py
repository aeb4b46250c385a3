"""OPML subscription lists (what feed readers export): bytes in, (name, feed URL) out. Pure.

Parsed with the standard library's ElementTree. A document with a DTD (`<!DOCTYPE`,
`<!ENTITY`) is refused before parsing: OPML needs none, and without one there are no
entities to expand and nothing external to load (expat never fetches external entities,
and Python 3.11's expat also limits entity amplification). defusedxml would say the same
but is not one of our dependencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefing.errors import SourceError
from briefing.urls import is_web_url, malformed_url

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class OpmlFeed:
    name: str  # the outline's title (else its text, else the feed's host)
    url: str  # its xmlUrl


def read_opml(path: Path) -> tuple[list[OpmlFeed], list[str]]:
    """The feeds of an OPML file, and a note for each outline skipped; SourceError if not OPML."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(f"{path}: cannot read ({e.strerror or e})") from None
    return parse_opml(data, str(path))


def parse_opml(data: bytes, where: str = "OPML") -> tuple[list[OpmlFeed], list[str]]:
    """Every outline with an xmlUrl, at any depth (folders are flattened), in document order.

    Raises SourceError, one line naming `where`, when the bytes are not an OPML document.
    Feeds whose URL is not http(s) are skipped with a note.
    """
    import xml.etree.ElementTree as ET

    if _DTD.search(data[:4096]):
        raise SourceError(f"{where}: not an OPML file (it declares a DTD or entities; "
                          "OPML needs neither)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        raise SourceError(f"{where}: not an OPML file (malformed XML: {e})") from None
    tag = root.tag.rsplit("}", 1)[-1]
    if tag.lower() != "opml":
        raise SourceError(f"{where}: not an OPML file (the root element is <{tag}>, not <opml>)")
    body = root.find("body")
    if body is None:
        raise SourceError(f"{where}: not an OPML file (no <body>)")
    feeds: list[OpmlFeed] = []
    notes: list[str] = []
    for outline in body.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if not url:
            continue
        name = " ".join((outline.get("title") or outline.get("text") or "").split())
        if why := malformed_url(url):  # "http://[::1": urlsplit raises, the config refuses
            notes.append(f"{where}: feed {name or url!r}: {url} is {why}, skipped")
            continue
        if not is_web_url(url):  # the config's own rule: "http:example.com" has no "//"
            notes.append(f"{where}: feed {name or url!r}: {url} is not an http(s) URL, skipped")
            continue
        feeds.append(OpmlFeed(name or urlsplit(url).hostname or url, url))
    return feeds, notes
