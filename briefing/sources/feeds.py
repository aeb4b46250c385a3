"""RSS and Atom feeds: bytes in, entries out. Pure: no I/O.

feedparser reads every RSS and Atom dialect, survives the malformed feeds the real
world serves, resolves relative links and sanitizes entry HTML. We hand it bytes, never
a URL or a path string: given a string that looks like one, feedparser would fetch or
open it itself, outside our limits.
"""

from __future__ import annotations

import codecs
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from briefing.errors import SourceError
from briefing.sources.dates import impossible, parse_published, year_as_written
from briefing.sources.html import charset_codec, fragment_text
from briefing.urls import is_web_url, malformed_url


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, its HTML already reduced to plain text."""

    title: str
    link: str  # the entry's page, absolute
    guid: str  # the feed's own id for the entry ("" when it gives none)
    author: str
    published: datetime | None  # aware: the feed's zone, else the briefing's
    summary: str  # plain text, paragraphs separated by blank lines
    content: str  # full content if the feed carries it (content:encoded, atom:content)
    source: str  # the entry's own <source>, else the feed's title ("U.S. Department of Defense")
    # the entry's categories (RSS <category>, Atom <category term label>), as plain text
    categories: tuple[str, ...] = ()


# A DOCTYPE, with its internal subset if it has one ("<!DOCTYPE rss [ <!ENTITY ...> ]>"),
# read up to its first "]": one way to match, so no backtracking on a run of them.
_DOCTYPE = rb"<!DOCTYPE[^>\[]*(?:\[[^\]]*\]\s*)?>"
_FEED_START = re.compile(
    rb"^(?:\s|<\?xml[^>]*>|<!--.*?-->|" + _DOCTYPE + rb")*<(?:rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
_HTML_START = re.compile(
    rb"^(?:\s|<!--.*?-->)*<(?:!doctype html|html)\b", re.DOTALL | re.IGNORECASE
)
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """True if the bytes are an RSS/Atom document (by its root element, else media type).

    The root element decides first: servers label feeds text/html and text/plain as
    often as they label them correctly.
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if _FEED_START.match(head):
        return True
    if _HTML_START.match(head):
        return False
    return content_type in _FEED_TYPES


# JSON Feed (jsonfeed.org) names its version as a URL; feedparser 6 reads only RSS and Atom
_JSON_FEED_VERSION = re.compile(r"https?://jsonfeed\.org/version/")
JSON_FEED = ("a JSON Feed (jsonfeed.org), which briefing does not read; configure the site's "
             "RSS or Atom feed instead")


def is_json_feed(data: bytes | dict, content_type: str = "") -> bool:
    """Whether a source is a JSON Feed: by its media type, else by its "version" (the
    bytes' first 4 KB, or the object already parsed from a file), so that it is refused by
    name rather than read as a page or as one article titled after the feed."""
    if content_type == "application/feed+json":
        return True
    if isinstance(data, dict):
        return bool(_JSON_FEED_VERSION.match(str(data.get("version") or "")))
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and re.search(
        rb'"version"\s*:\s*"https?://jsonfeed\.org/version/', head) is not None


# The root element, which says what an entry is: <item> in RSS and RDF, <entry> in Atom.
_ROOT = re.compile(
    rb"^(?:\s|<\?xml[^>]*>|<!--.*?-->|" + _DOCTYPE + rb")*<(rss|feed|rdf:RDF)\b",
    re.DOTALL | re.IGNORECASE,
)
# An entry's start or end tag, found without parsing. CDATA sections and comments are
# matched as wholes first, so an "<item>" written inside one is not taken for an element.
_ENTRY_TAG = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->"
    rb"|</(?P<close>item|entry)\s*>|<(?P<open>item|entry)(?=[\s/>])",
    re.DOTALL,
)


def first_entries(data: bytes, limit: int) -> tuple[bytes, int]:
    """(the feed with only its first `limit` entries, how many entries it has).

    feedparser is thorough and slow (about 2.5 ms an entry, and memory to match): a
    feed file of 100,000 entries took minutes before its first entry could be used. So the
    entries are counted by their tags, without parsing, and the document handed on is its
    head and first `limit` entries followed by what came after the last entry (the
    closing tags): a well-formed feed of the same kind, as long as `limit` entries. When
    the tags cannot be found (a feed that prefixes its entries' names, say) the count is
    0 and the feed is handed on whole, to be cut after parsing.
    """
    root = _ROOT.match(data[:4096].lstrip(b"\xef\xbb\xbf"))
    if root is None:
        return data, 0
    name = b"entry" if root.group(1).lower() == b"feed" else b"item"
    count, cut, last_end = 0, None, None
    for tag in _ENTRY_TAG.finditer(data):
        if tag.group("close") == name:
            last_end = tag.end()
            continue
        if tag.group("open") != name:
            continue  # a CDATA section, a comment, or the other kind's tag
        count += 1
        if count == limit + 1:
            cut = tag.start()
    if cut is None or last_end is None or last_end < cut:
        return data, count
    return data[:cut] + data[last_end:], count


# feedparser's lenient parser makes chr(n) of every numeric character reference and
# crashes (UnicodeEncodeError, ValueError, OverflowError) on one that names no character: a
# surrogate (&#xD800;) or a number past U+10FFFF. Such a reference is no text: it becomes
# U+FFFD, the replacement character, as an HTML parser makes it. (Same pattern as its own.)
_CHAR_REF = re.compile(rb"&#([0-9]+|[xX][0-9a-fA-F]+);")


def _valid_char_refs(data: bytes) -> bytes:
    def fix(m: re.Match[bytes]) -> bytes:
        ref = m.group(1)
        code = int(ref[1:], 16) if ref[:1] in (b"x", b"X") else int(ref)
        return m.group(0) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF \
            else b"&#xFFFD;"

    return _CHAR_REF.sub(fix, data)


# feedparser's own pattern for the label of the XML declaration (feedparser/encodings.py):
# the last encoding="..." on the feed's first line.
_XML_LABEL = re.compile(rb"^<\?.*encoding=['\"](.*?)['\"].*\?>")


def _usable_label(data: bytes) -> bytes:
    """The feed, its XML declaration's label emptied if it names no character set:
    feedparser decodes with it and catches only UnicodeDecodeError and LookupError, so
    "undefined" or "punycode" (UnicodeError) crashed it. As for a page's label
    (`html.charset_codec`), the feed is then read as if it named none."""
    match = _XML_LABEL.match(data)
    if match is None or not match.group(1) or charset_codec(match.group(1)) is not None:
        return data
    return data[:match.start(1)] + data[match.end(1):]


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32's start so too


def _content_type(data: bytes, charset: str | None) -> str:
    """The Content-Type feedparser is told: XML, with the server's `charset` only when the
    feed says nothing of its own (no BOM, no label) and is not UTF-8.

    The feed's own label is the more reliable (servers send a default charset for every
    file), and bytes that decode as UTF-8 are UTF-8 whatever the server says. Told no
    Content-Type at all but a URL, feedparser takes an unlabelled feed for ISO-8859-1:
    a KOI8-R feed served as charset=koi8-r came out as "ðÅÒÅÇÏ×ÏÒÙ".
    """
    if (charset and (codec := charset_codec(charset)) is not None
            and not data.startswith(_BOMS) and _XML_LABEL.match(data) is None):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return f"application/xml; charset={codec}"
    return "application/xml"


def parse_feed(
    data: bytes, base_url: str = "", *, tz: tzinfo, source_name: str = "",
    charset: str | None = None,
) -> list[FeedEntry]:
    """The entries of an RSS/Atom feed, in the feed's order.

    `base_url` resolves relative links; `tz` is the briefing's timezone, for a date that
    names none; `source_name` names the feed in errors (its URL or path; `base_url` by
    default); `charset` is the server's, for a feed that names none. Raises SourceError
    when the bytes are not a feed at all. A feed with minor errors (feedparser's "bozo"
    flag) is still read, as feed readers do.
    """
    import feedparser

    content_type = _content_type(data, charset)
    headers = {"content-type": content_type}
    if base_url:
        headers["content-location"] = base_url
    name = source_name or base_url or "feed"
    try:
        data = _valid_char_refs(_usable_label(data))
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except UnicodeError as e:  # a label past _usable_label (in a UTF-16 feed): no feed read
        raise SourceError(f"{name}: cannot decode the feed ({e})") from None
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).strip()})" if problem else ""
        raise SourceError(f"{name}: not an RSS or Atom feed{detail}")
    source = fragment_text(parsed.feed.get("title", ""))
    written = parsed.entries
    if base_url and any(_link_is_guid(e) for e in parsed.entries):
        # feedparser resolves a permalink guid against the feed's URL, as it does a link:
        # the guid as the feed wrote it ("12345") is had from a reading with no base (the
        # same bytes, so the same entries in the same order)
        unresolved = feedparser.parse(data, response_headers={"content-type": content_type},
                                      sanitize_html=True).entries
        if len(unresolved) == len(parsed.entries):
            written = unresolved
    return [_entry(e, source, tz, str(w.get("id") or ""))
            for e, w in zip(parsed.entries, written, strict=True)]


def _entry(e, source: str, tz: tzinfo, written_guid: str) -> FeedEntry:
    contents = e.get("content") or []
    content = "\n\n".join(fragment_text(c.get("value", "")) for c in contents if c.get("value"))
    summary = fragment_text(e.get("summary", ""))
    if content and summary and _same(summary, content):
        summary = ""  # RSS feeds often repeat the whole text as the description
    # an aggregator's item names the outlet it is from (RSS <source>, Atom <source><title>)
    own = e.get("source")
    outlet = fragment_text(str(own.get("title") or "")) if isinstance(own, dict) else ""
    title = fragment_text(e.get("title", ""))
    if outlet and _links_only(e.get("summary", "")):
        summary = ""  # the aggregator's links to the report (Google News): no text of it
    if outlet:  # "Headline - Outlet", as Google News writes it: the outlet is named already
        for sep in (" - ", " | ", " – ", " — "):
            if title.endswith(sep + outlet) and len(title) > len(sep + outlet):
                title = title[: -len(sep + outlet)].strip()
                break
    return FeedEntry(
        title=title,
        link=_link(e, written_guid),
        guid=(e.get("id") or "").strip(),
        author=fragment_text(e.get("author", "")),
        published=_date(e, tz),
        summary=summary,
        content=content,
        source=outlet or source,
        categories=_categories(e),
    )


_WORD = re.compile(r"\w+")
# Words a link in an aggregator's list may have after it: its outlet's name ("Al Jazeera
# English"), as Google News writes `<a>Headline</a>&nbsp;&nbsp;<font>Outlet</font>`.
_NAME_WORDS = 4


def _links_only(html: str) -> bool:
    """Whether an entry's HTML is a list of links, each followed by a name at most: what an
    aggregator's item carries as its description (Google News: the headline linked, then
    the outlet; a story's cluster, its other outlets' headlines), not the report's text."""
    if "<a" not in html.lower():
        return False
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # as `fragment_text`: lxml rejects some fragments
        return False
    links = root.xpath("//a")
    linked = sum(len(_WORD.findall(a.text_content())) for a in links)
    unlinked = len(_WORD.findall(root.text_content())) - linked
    return bool(links) and unlinked <= _NAME_WORDS * len(links)


def _link_is_guid(e) -> bool:
    """Whether feedparser made the entry's link of its guid: RSS takes a <guid> without
    isPermaLink="false" for the item's address when it has no <link> (Atom's <id> too)."""
    return bool(e.get("guidislink")) and not e.get("links")


def _link(e, written_guid: str) -> str:
    """The entry's link, or "" for one no URL parser takes ("http://[evil/x"): feedparser
    drops it when it resolves links against a feed's URL, but a saved feed has none.

    A link made of the guid is kept only when the feed wrote an http(s) address there
    (`written_guid`, before feedparser resolved it): "12345" became <feed's folder>/12345,
    a citation that opens nothing and a page fetched for a 404 at every run."""
    # FeedBurner links through its proxy and names the publisher's page as
    # <feedburner:origLink>: that is the address to cite, and the one the outlet's own
    # feed gives the same report (one article, not two)
    origin = str(e.get("feedburner_origlink") or "").strip()
    if is_web_url(origin) and not malformed_url(origin):
        return origin
    if _link_is_guid(e) and not is_web_url(written_guid):
        return ""
    link = (e.get("link") or "").strip()
    return "" if malformed_url(link) else link


def _categories(e) -> tuple[str, ...]:
    """Every term and label of the entry's categories, in order, each once."""
    names = (fragment_text(str(tag.get(key) or "")) for tag in e.get("tags") or ()
             if isinstance(tag, dict) for key in ("term", "label"))
    return tuple(dict.fromkeys(n for n in names if n))


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _date(e, tz: tzinfo) -> datetime | None:
    """Published (else updated) date, keeping the feed's own zone when it has one.

    feedparser's *_parsed values are normalised to UTC; the raw string is parsed first
    so that "Mon, 09 Dec 2024 10:00:00 -0500" keeps its -05:00, and a date without a zone
    is read in `tz` (feedparser would take it as UTC). feedparser's reading is the fallback
    for the whole dates dateutil cannot read (Korean, Greek, Hungarian; see
    `_whole_date_reading`).
    """
    for key in ("published", "updated", "created"):
        raw = e.get(key)
        if raw and (moment := parse_published(raw, tz)):
            return moment
        if isinstance(raw, str) and impossible(raw):  # no date, not feedparser's guess at one
            continue
        struct = _whole_date_reading(raw) if isinstance(raw, str) else None
        if struct:
            try:  # feedparser's own parse can be no date at all: "0000-00-00" gives year -1
                moment = datetime(*struct[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                continue
            if isinstance(raw, str) and not year_as_written(raw, moment):
                continue
            return parse_published(moment, tz)
    return None


def _whole_date_reading(raw: str) -> time.struct_time | None:
    """feedparser's reading of a date string (in UTC), by its readers of whole dates only.

    Its ISO 8601 and W3C-DTF readers are left out: dateutil reads every whole date they
    do, so what reaches them here is a partial date ("2004", "2013-xx-27", "2004-j\u00falius-13"
    read up to its year), which they fill in from January 1st or from today's month and
    day: a guess, and one that changed with the day the feed was read. The others (RFC 822
    variants, asctime, Korean, Greek, Hungarian, Perforce) need a whole date to match.
    """
    from feedparser import datetimes

    # feedparser's internals (6.x): a release without them leaves such dates undated,
    # as the README promises for a date that cannot be read, rather than crashing a build
    handlers = getattr(datetimes, "_date_handlers", ())
    partial_readers = {getattr(datetimes, name, None)
                       for name in ("_parse_date_iso8601", "_parse_date_w3dtf")}
    for reader in handlers:  # feedparser's own order, as `_parse_date`
        if reader in partial_readers:
            continue
        try:
            struct = reader(raw)
        except (KeyError, OverflowError, ValueError, AttributeError):  # as `_parse_date`
            continue
        if struct and len(struct) == 9:
            return struct
    return None
