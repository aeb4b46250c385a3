"""OPML subscription lists (what feed readers export): bytes in, (name, feed URL) out. Pure.

Parsed with the standard library's ElementTree. A document with a DTD (`<!DOCTYPE`,
`<!ENTITY`) is refused before parsing: OPML needs none, and without one there are no
entities to expand and nothing external to load (expat never fetches external entities,
and Python 3.11's expat also limits entity amplification). defusedxml would say the same
but is not one of our dependencies.

An OPML file is a list someone else wrote (a feed reader's export, a list shared on the
web), and what it lists becomes configured sources, which may be on any address. So its
feeds are held to the rule for links found inside a source (`addresses.link_refusal`, by
the host's syntax): one on a loopback, private or link-local address or a local name
("http://169.254.169.254/…", "http://2130706433/", "http://intranet/feed") is skipped with
a note, never configured; a feed you mean to read there you add to briefing.toml yourself,
or import into a briefing.toml that sets `sources.allow_private_links = true`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefing.errors import SourceError
from briefing.sources.addresses import link_refusal
from briefing.urls import is_web_url, malformed_url

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


@dataclass(frozen=True)
class OpmlFeed:
    name: str  # the outline's title (else its text, else the feed's host)
    url: str  # its xmlUrl


def read_opml(path: Path, *, allow_private: bool = False) -> tuple[list[OpmlFeed], list[str]]:
    """The feeds of an OPML file, and a note for each outline skipped; SourceError if not OPML."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(f"{path}: cannot read ({e.strerror or e})") from None
    return parse_opml(data, str(path), allow_private=allow_private)


def parse_opml(data: bytes, where: str = "OPML", *, allow_private: bool = False
               ) -> tuple[list[OpmlFeed], list[str]]:
    """Every outline with an xmlUrl, at any depth (folders are flattened), in document order.

    Raises SourceError, one line naming `where`, when the bytes are not an OPML document.
    Feeds whose URL is not http(s), or whose host is not public (see the module's note),
    are skipped with a note; `allow_private` (sources.allow_private_links) keeps the latter.
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
        # `where` is a file, so no host is the list's own: every feed's must be public
        if why := link_refusal(url, where, allow_private=allow_private):
            notes.append(f"{where}: feed {name or url!r}: {url} skipped ({why}; add it to "
                         "briefing.toml by hand, or set sources.allow_private_links = true)")
            continue
        feeds.append(OpmlFeed(name or urlsplit(url).hostname or url, url))
    return feeds, notes
