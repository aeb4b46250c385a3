"""A web page's main text and metadata: pure functions over HTML, no I/O.

Extraction is trafilatura's. Its options were chosen on the extract-dev benchmark (see
the tests): `favor_precision` and no comments, because a briefing quotes an article's
sentences and a stray "related stories" line or reader comment is worse than a missed
closing paragraph. Its plain-text output puts one block (paragraph, heading, list item,
or line after a <br>) a line; we separate blocks by blank lines, the paragraph boundary
`briefing.text` splits on.

Decoding bytes follows what browsers do (BOM, then the HTTP charset, then a `<meta>`
or XML declaration, then detection). trafilatura, given bytes, ignores the header and
the `<meta>` and always guesses; a declared charset is what the page means, and detection
(charset_normalizer) is only a fallback for pages that declare none or lie.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import urlsplit

from briefing.sources.dates import parse_published

# Elements, by class, whose text is never the article's: a hover card that repeats a name
# and lists links inside the sentence that names the person (The Hill: "Rep. Ilhan
# OmarIlhan OmarHillicon Valley: Progressives oppose ..."), and other pop-up widgets.
# Exact class tokens: the name's own link sits in a "rollover-people" parent.
_POP_UP_CLASSES = ("rollover-people-block", "tooltip", "hovercard", "popover")

# trafilatura's options for every page: precision over recall (a reader would rather lose a
# paragraph than get a newsletter sign-up as a key point), and the pop-ups above pruned.
EXTRACT_OPTIONS: dict[str, object] = {
    "favor_precision": True,
    "prune_xpath": [
        f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
        for name in _POP_UP_CLASSES
    ],
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
    # htmldate: keep the time and zone when the page gives them, prefer the original date.
    # Only dates the markup states (meta, JSON-LD, <time>, the URL's path): its extensive
    # search reads any date in the text and links, and a year alone as January 1st, and
    # dated 13 of trafilatura's 110 cached pages that way, mostly wrongly (2000-01-01 from
    # an RDF namespace URL, a print date, a copyright year). An undated page counts from
    # when it is first seen; a wrongly old one would never be in a briefing's window.
    "date_extraction_params": {
        "extensive_search": False,
        "original_date": True,
        "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    },
}

_WORD = re.compile(r"\w+")
MIN_WORDS = 40  # shorter than this is a stub, a teaser or an error page, not an article


@dataclass(frozen=True)
class Page:
    """What a reader needs from one web page. Empty strings where the page says nothing."""

    title: str
    text: str  # main text, paragraphs separated by blank lines
    author: str
    site: str  # the site's name, else its host name
    published: datetime | None  # aware (see dates.py)
    url: str  # the URL it was fetched from, else the page's canonical URL
    elements: int = 0  # its HTML elements, counted only when it has too many to read


# trafilatura's time grows with the square of a page's elements: 50,000 paragraphs (800 KB)
# take 9 s, 200,000 (a 23 MB saved page) nearly 3 minutes and 700 MB, and pages are
# extracted one at a time (`_EXTRACTING`). The 60 real pages of extract-dev have at most
# 1,700 elements; a page with more than this is no news article, and is not read.
MAX_PAGE_ELEMENTS = 25_000

# --- decoding ------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">,
# and <?xml ... encoding="x"?> for XHTML: what the HTML spec's prescan looks for.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""")
# The WHATWG Encoding Standard decodes these labels as windows-1252; so do all browsers,
# and pages labelled latin-1 routinely contain windows-1252 quotes and dashes.
_AS_WINDOWS_1252 = {"latin-1", "iso8859-1", "ascii", "cp1252"}


def charset_codec(label: str | bytes | None) -> str | None:
    """Python's codec name for a charset label, or None if unknown or no character set.

    The label is the page's (untrusted): Python's codecs also know transforms that are
    no text encoding ("base64", "hex", "zlib", "rot13"), one that always fails
    ("undefined") and "punycode", none of which a browser knows. Such a label is ignored,
    as a browser ignores it, and the page decoded as if it gave none."""
    if not label:
        return None
    if isinstance(label, bytes):
        label = label.decode("ascii", "ignore")
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
        if not name.startswith(_WIDE) and _PROBE.decode(name) != _PROBE.decode("ascii"):
            return None
    except (LookupError, UnicodeError):  # a transform is "not a text encoding": LookupError
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name


# Markup every character set a page can declare reads as ASCII, but for the wide ones
# (UTF-16, UTF-32); "punycode" and "undefined" fail on it, a transform cannot decode.
_PROBE = b"<meta charset=utf-8>"
_WIDE = ("utf-16", "utf-32")


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its first bytes (`<meta>` or XML declaration)."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return charset_codec(match.group(1)) if match else None


def decode_html(data: bytes, http_charset: str | None = None) -> str:
    """Text of an HTML (or XML) document, decoded as a browser would.

    Order: byte-order mark, the HTTP Content-Type charset, the document's own
    declaration, valid UTF-8, then detection (charset_normalizer, through trafilatura).
    A declared charset that the bytes contradict (a "UTF-8" page that is not) falls
    through to detection rather than filling the text with replacement characters, and
    bytes that are valid UTF-8 and not ASCII are UTF-8 whatever single-byte charset is
    declared: servers label every page with a default ("AddDefaultCharset ISO-8859-1"),
    and text in a single-byte charset almost never forms valid UTF-8 sequences.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    utf8 = _utf8_text(data)
    for codec in (charset_codec(http_charset), declared_charset(data)):
        if codec is None:
            continue
        if utf8 is not None and not codec.startswith(_WIDE):
            return utf8
        try:
            return data.decode(codec)
        except UnicodeError:  # not only UnicodeDecodeError: "idna" raises the base class
            if codec == "cp1252":  # five unassigned bytes; the rest is certainly right
                return data.decode(codec, errors="replace")
    if utf8 is not None:  # decoded once, above
        return utf8
    if data.isascii():
        return data.decode("ascii")
    from trafilatura.utils import decode_file

    return decode_file(data)


def _utf8_text(data: bytes) -> str | None:
    """The bytes as UTF-8 text if they are valid UTF-8 with some non-ASCII character."""
    if data.isascii():
        return None  # the same text in any ASCII-compatible charset: the label decides
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


# --- extraction ----------------------------------------------------------------------


def _blocks(text: str) -> list[str]:
    """trafilatura's plain text has one block (paragraph, heading, list item) a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


_BLOCK_END = re.compile(
    r"(?i)<\s*(?:br\s*/?|/\s*(?:p|div|li|h[1-6]|blockquote|tr|section|article|pre))\s*>"
)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry, rendered Markdown), blocks separated
    by blank lines; scripts and styles are no text."""
    if not html or "<" not in html and "&" not in html:
        return (html or "").strip()
    import lxml.html

    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n\n", html)
    try:
        root = lxml.html.fragment_fromstring(marked, create_parent="div")
        for code in root.xpath("//script|//style"):
            code.drop_tree()
        text = root.text_content()
    except Exception:  # lxml rejects some fragments (e.g. only a comment): keep the words
        text = re.sub(r"<[^>]+>", " ", marked)
    blocks = (" ".join(b.split()) for b in re.split(r"\n\s*\n", text))
    return "\n\n".join(b for b in blocks if b)


# trafilatura is not safe to run on two threads at once: pages fetched in parallel
# (`web._map_ordered`) and extracted together freed lxml memory twice and aborted the
# process ("double free or corruption") about one run in three over the 60 extract-dev
# pages. Fetching stays parallel; extraction, CPU-bound under the GIL anyway, takes turns.
_EXTRACTING = threading.Lock()


def extract_page(html: str | bytes, url: str = "", *, tz: tzinfo) -> Page:
    """The main text and metadata of one page; empty text if it has none.

    `url` is where the page came from: it resolves relative links in metadata and is
    kept as the page's URL (a page's own canonical link is used only when it is unknown,
    as for a saved file). `tz` is the briefing's timezone: a page's date without a zone
    (trafilatura gives a date alone) is read in it. The headline is the title, not the
    text: a first block that repeats it is dropped, so it cannot come back as a "key point".
    """
    import trafilatura

    if isinstance(html, bytes):
        html = decode_html(html)
    elements = _element_count(html)
    if elements > MAX_PAGE_ELEMENTS:
        return Page(title="", text="", author="", site=_host(url), published=None, url=url,
                    elements=elements)
    with _EXTRACTING:
        doc = trafilatura.bare_extraction(html, url=url or None, **EXTRACT_OPTIONS)
    if doc is None:  # nothing that looks like main text (an empty or script-only page)
        return Page(title="", text="", author="", site=_host(url), published=None, url=url)
    site = _site_name(doc.sitename or "") or _host(url or doc.url or "")
    raw_title = (doc.title or "").strip()
    title = _without_site(raw_title, site)
    blocks = _blocks(doc.text or "")
    if blocks and _same_words(blocks[0], raw_title, title):
        blocks = blocks[1:]
    return Page(
        title=title,
        text="\n\n".join(blocks),
        author=(doc.author or "").strip(),
        site=site,
        published=parse_published(doc.date, tz),
        url=url or doc.url or "",
    )


def _element_count(html: str) -> int:
    """How many elements the page has, when it may have more than `MAX_PAGE_ELEMENTS`;
    else 0. Counting "<" first spares an ordinary page a second parse."""
    if html.count("<") <= MAX_PAGE_ELEMENTS:
        return 0
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", recover=True)
    root = etree.fromstring(html.encode("utf-8", "replace"), parser)
    return 0 if root is None else sum(1 for _ in root.iter(etree.Element))


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")


def _site_name(name: str) -> str:
    """The site's name as the page gives it, but a name that is an address
    ("https://www.hawaiinewsnow.com") by its host, as an outlet is named when it gives none."""
    name = name.strip()
    return _host(name) if re.match(r"(?i)https?://", name) else name


def _without_site(title: str, site: str) -> str:
    """ "Headline | Site" and "Site: Headline" -> "Headline": the site is already
    `Page.site`."""
    if not site:
        return title
    for sep in _TITLE_SEPARATORS:
        if title.lower().endswith((sep + site).lower()):
            return title[: -len(sep + site)].strip() or title
    for sep in (*_TITLE_SEPARATORS, ": "):
        if title.lower().startswith((site + sep).lower()):
            return title[len(site + sep):].strip() or title
    return title


def _same_words(block: str, *titles: str) -> bool:
    words = _WORD.findall(block.lower())
    return bool(words) and any(words == _WORD.findall(t.lower()) for t in titles if t)


def feed_links(html: str, base_url: str = "") -> list[str]:
    """Absolute URLs of the RSS/Atom feeds a page advertises (`<link rel="alternate">`).

    Only for hints in error messages: a page URL is read as a page, never swapped for
    the site's feed, since almost every article page advertises one.
    """
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html, base_url=base_url or None)
    except (ValueError, lxml.etree.ParserError):
        return []
    if base_url:
        tree.make_links_absolute(base_url, handle_failures="discard")
    types = ("application/rss+xml", "application/atom+xml")
    return [
        link.get("href", "")
        for link in tree.iter("link")
        if "alternate" in (link.get("rel") or "").lower().split()
        and (link.get("type") or "").lower() in types
        and link.get("href")
    ]


def page_title(html: str) -> str:
    """The page's <title>, whitespace run together ("" when it has none): what names a
    page in a message, such as a bot check's "Just a moment...", before any extraction."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return ""
    return " ".join((tree.findtext(".//title") or "").split())


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


# --- pages that are not articles -----------------------------------------------------

_COOKIE_WALL = re.compile(
    r"\b(?:cookies?|consent|accept all|reject all|manage (?:your )?(?:preferences|choices|"
    r"options)|privacy (?:policy|settings)|our partners|legitimate interest|personal data)\b",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"\b(?:subscribe (?:now |today )?to (?:continue|read|keep)|subscribers? only|"
    r"for subscribers|already (?:a subscriber|have an account)|(?:sign|log) in to "
    r"(?:continue|read)|to continue reading|continue reading (?:with|for)|"
    r"(?:premium|exclusive) (?:content|article) for|start your (?:free )?trial|"
    r"you have reached your (?:free )?(?:article )?limit|create a free account)\b",
    re.IGNORECASE,
)


def is_unusable(page: Page) -> str | None:
    """Why a page cannot stand as an article (a cookie wall, a paywall stub, too little
    text), or None if it can. The reason is short and meant to follow the source's name.

    The walls are recognised by their wording, but only on short pages: a long article
    that mentions cookies or subscriptions is still an article.
    """
    if page.elements:
        return (f"too big to read as an article ({page.elements:,} HTML elements; at most "
                f"{MAX_PAGE_ELEMENTS:,} are read)")
    words = len(_WORD.findall(page.text))
    if words == 0:
        return "no article text found"
    if words < 400 and len(_COOKIE_WALL.findall(page.text)) >= 3:
        return "a cookie or consent wall, not the article"
    if words < 200 and _PAYWALL.search(page.text):
        return "a paywall or sign-in stub, not the article"
    if words < MIN_WORDS:
        return f"too little text for an article ({words} words)"
    return None
