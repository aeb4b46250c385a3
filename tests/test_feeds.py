"""Feeds and web pages over real HTTP: a local server on 127.0.0.1, saved fixtures.

Covers briefing/sources/feeds.py, fetch.py and web.py: RSS 2.0 and Atom, teaser
entries whose pages are fetched, conditional requests, errors (500, timeout, redirect
loop, size cap, disallowed schemes), decoding, walls, and read_many's isolation.
"""

from __future__ import annotations

import json
import time
import tracemalloc
import zlib
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import pytest
from httpserver import (
    FIXTURES,
    LocalServer,
    conditional,
    endless,
    fixture,
    redirect,
    send,
    serve,
    slow,
    status,
    trickle,
)

from briefing.errors import SourceError
from briefing.sources.feeds import first_entries, looks_like_feed, parse_feed
from briefing.sources.fetch import FetchSettings, fetch
from briefing.sources.web import article_id, read_feed_file, read_many, read_url

RSS = "application/rss+xml"
ATOM = "application/atom+xml"
HTML = "text/html; charset=utf-8"
ETAG = '"dod-20241209-2215"'
LAST_MODIFIED = "Mon, 09 Dec 2024 22:15:00 GMT"

SETTINGS = FetchSettings(timeout_s=2.0, max_bytes=1_000_000, max_redirects=5, parallel=4)
TOO_LARGE = "response too large (over 1,000,000 bytes)"


@pytest.fixture(scope="module")
def server():
    srv = LocalServer({})
    srv.routes.update(
        {
            "/feeds/dod-releases.rss": fixture("dod-releases.rss", RSS),
            "/feeds/state-press.atom": fixture("state-press.atom", ATOM),
            "/feeds/army-teasers.rss": fixture("army-teasers.rss", RSS, srv),
            "/feeds/moved": fixture("feed-moved.html", HTML),
            "/feeds/etag.rss": conditional("dod-releases.rss", RSS, ETAG, LAST_MODIFIED),
            "/pages/cold-weather-gear.html": fixture("cold-weather-gear.html", HTML),
            "/pages/cookie-wall.html": fixture("cookie-wall.html", HTML),
            # no charset in the header: the page's <meta> must decide
            "/pages/windows-1252.html": fixture("windows-1252.html", "text/html"),
            "/pages/latin-1.html": fixture("latin-1-no-meta.html", "text/html; charset=iso-8859-1"),
            "/feeds/koi8r.rss": fixture("koi8r-no-declaration.rss", RSS + "; charset=koi8-r"),
            "/feeds/utf-8.rss": fixture("utf-8-no-declaration.rss", RSS + "; charset=iso-8859-1"),
            "/report.pdf": lambda h: send(h, 200, b"%PDF-1.7\n" + b"0" * 2000, "application/pdf"),
            "/error": status(500),
            "/slow": slow(3.0),
            "/loop/a": redirect("/loop/b"),
            "/loop/b": redirect("/loop/a"),
            "/moved": redirect("/pages/cold-weather-gear.html", 301),
            "/to-file": redirect("file:///etc/passwd"),
            "/big/declared": endless(declare_length=50_000_000),
            "/big/streamed": endless(),
            **{f"/chain/{i}": redirect(f"/chain/{i + 1}") for i in range(10)},
        }
    )
    srv.start()
    yield srv
    srv.stop()


def _error(call) -> str:
    with pytest.raises(SourceError) as info:
        call()
    message = str(info.value)
    assert "\n" not in message  # one line, for the CLI
    return message


# --- feeds -----------------------------------------------------------------------------


def test_rss_feed_entries_become_articles(server):
    articles = read_url(server.url("/feeds/dod-releases.rss"), SETTINGS, tz=UTC)
    assert [a.title for a in articles] == [
        "Department of Defense Announces Completion of Joint Logistics Exercise in the Pacific",
        "Contracts For Dec. 9, 2024",
        "Statement by Pentagon Press Secretary on Search and Rescue Support",
    ]
    first = articles[0]
    assert first.source == "U.S. Department of Defense Releases"
    assert first.url.startswith("https://www.defense.gov/News/Releases/Release/Article/3990001/")
    assert first.published.isoformat() == "2024-12-09T17:30:00-05:00"  # the feed's own zone
    assert first.id == article_id("https://www.defense.gov/News/Releases/Release/Article/3990001/")
    assert "“Logistics is what turns a plan into an operation,”" in first.text  # entities decoded
    assert first.text.count("\n\n") == 4 and "<p>" not in first.text
    assert articles[1].text.startswith("NAVY\n\nExample Shipyards Inc.")
    # full content in the feed: no page was fetched (and nothing left 127.0.0.1)
    assert [path for path, _ in server.requests if path.startswith("/feeds/dod")] != []
    assert not any("defense.gov" in path for path, _ in server.requests)


def test_ids_are_stable_and_distinct(server):
    first = read_url(server.url("/feeds/dod-releases.rss"), SETTINGS, tz=UTC)
    again = read_url(server.url("/feeds/dod-releases.rss"), SETTINGS, tz=UTC)
    assert [a.id for a in first] == [a.id for a in again]
    assert len({a.id for a in first}) == 3 and all(len(a.id) == 16 for a in first)


def test_atom_feed_with_relative_links_and_offsets(server):
    articles = read_url(server.url("/feeds/state-press.atom"), SETTINGS, tz=UTC)
    assert len(articles) == 2
    a, b = articles
    assert a.url == "https://www.state.gov/humanitarian-assistance-for-flood-affected-communities/"
    assert a.published.isoformat() == "2024-12-09T11:05:00-05:00"
    assert b.published.isoformat() == "2024-12-08T09:00:00+00:00"
    assert a.source == "U.S. Department of State – Press Statements"
    assert a.id == article_id("tag:state.gov,2024:statement-12091")
    assert a.text.startswith("The United States is providing additional humanitarian assistance")
    assert b.text.endswith("The next round of the dialogue will take place next year.")


def test_parse_feed_fields():
    entries = parse_feed((FIXTURES / "state-press.atom").read_bytes(), tz=UTC)
    e = entries[0]
    assert e.guid == "tag:state.gov,2024:statement-12091"
    assert e.author == "Office of the Spokesperson"
    assert e.summary.startswith("The United States is providing")  # kept: not the content
    assert len(e.content.split("\n\n")) == 3
    assert entries[1].summary == ""


@pytest.mark.parametrize("label", ["undefined", "punycode"])
def test_a_feed_whose_declaration_names_no_character_set_is_read_as_if_it_named_none(label):
    """feedparser decodes with the XML declaration's label and catches only some of the
    errors Python's codecs raise: "undefined" and "punycode" (UnicodeError) crashed it."""
    rss = (f'<?xml version="1.0" encoding="{label}"?><rss version="2.0"><channel>'
           "<title>Wire</title><item><title>Café reopens</title><link>http://example.org/a"
           "</link><description>The café reopened on Monday.</description></item>"
           "</channel></rss>").encode()
    (entry,) = parse_feed(rss, tz=UTC)
    assert entry.title == "Café reopens" and entry.summary == "The café reopened on Monday."
    # in UTF-16 the label is past that check: "undefined" there is a feed not read, one line
    wide = b"\xff\xfe" + rss.decode().replace(label, "undefined").encode("utf-16-le")
    with pytest.raises(SourceError, match="^feed: cannot decode the feed"):
        parse_feed(wide, tz=UTC)


def test_a_feedburner_item_is_cited_by_the_outlet_s_own_address():
    """FeedBurner's feeds link each item through feedproxy.google.com and give the
    publisher's page as <feedburner:origLink>: cited by the proxy's address, a point led
    a reader through a tracker (long gone for many feeds), and the same report from the
    outlet's own feed was stored twice, under two addresses."""
    rss = (b'<?xml version="1.0"?><rss version="2.0" '
           b'xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"><channel>'
           b"<title>Wire</title><item><title>Talks resume</title>"
           b"<link>http://feedproxy.google.com/~r/wire/~3/AbC123/</link>"
           b"<feedburner:origLink>https://wire.example.org/2024/12/talks-resume"
           b"</feedburner:origLink><description>Talks resumed on Monday.</description>"
           b"</item><item><title>No origin</title><link>https://wire.example.org/b</link>"
           b"<feedburner:origLink>javascript:alert(1)</feedburner:origLink>"
           b"</item></channel></rss>")
    proxied, plain = parse_feed(rss, tz=UTC)
    assert proxied.link == "https://wire.example.org/2024/12/talks-resume"
    assert plain.link == "https://wire.example.org/b"  # an origLink that is no web address


def test_a_guid_is_an_item_s_link_only_when_it_is_a_web_address():
    """An item with no <link> takes its guid for one (RSS: isPermaLink defaults to true),
    but a guid that is no absolute http(s) address ("12345", resolved by feedparser
    against the feed's URL; a tag: URI) is no page to cite or fetch."""
    rss = (b"<rss version='2.0'><channel><title>Wire</title>"
           b"<item><title>Number</title><guid>12345</guid></item>"
           b"<item><title>Address</title><guid>https://wire.example.org/2024/12/b</guid></item>"
           b"<item><title>Tag</title><guid>tag:wire.example.org,2024:c</guid></item>"
           b"<item><title>Both</title><guid>67890</guid><link>/2024/12/d</link></item>"
           b"</channel></rss>")
    for base in ("https://wire.example.org/feeds/rss.xml", ""):
        number, address, tag, both = parse_feed(rss, base, tz=UTC)
        assert number.link == "" and number.guid.endswith("12345")
        assert address.link == "https://wire.example.org/2024/12/b"
        assert tag.link == ""
        assert both.link == ("https://wire.example.org/2024/12/d" if base else "/2024/12/d")
    number, *_ = parse_feed(rss, "https://wire.example.org/feeds/rss.xml", tz=UTC)
    assert number.guid == "https://wire.example.org/feeds/12345"  # the id it always had


def test_teaser_entries_get_their_linked_pages(server):
    feed = server.url("/feeds/army-teasers.rss")
    articles, failures = read_many([feed], SETTINGS, tz=UTC)
    assert [a.title for a in articles] == [
        "Soldiers Test New Cold-Weather Gear in Alaska",
        "Engineers Rebuild Bridge After Flood",
        "Band Performs Holiday Concert for Veterans",
    ]
    gear, bridge, band = articles
    # 1. the teaser's page was fetched and extracted: the whole story, not the summary
    assert "In the cold, sweat is the enemy" in gear.text
    assert "Related stories" not in gear.text and gear.text.count("\n\n") >= 4
    assert gear.url == server.url("/pages/cold-weather-gear.html")
    assert gear.source == "Army News Service"
    # 2. the page is a cookie wall: reported, and the feed's teaser kept
    assert bridge.text.startswith("Combat engineers replaced a washed-out bridge")
    assert bridge.id == article_id("army-news-2024-12-09-bridge")
    # 3. a file:// link from the feed is never opened, nor kept as the article's link
    assert band.url == "" and band.text.startswith("The division band")
    assert len(failures) == 2
    assert "Engineers Rebuild Bridge" in failures[0] and "cookie or consent wall" in failures[0]
    assert feed in failures[0]
    assert "scheme not allowed" in failures[1] and "file://" in failures[1]
    # every request carried our User-Agent
    agents = {headers.get("User-Agent") for _, headers in server.requests}
    assert agents == {SETTINGS.user_agent}


def test_entry_problems_can_be_collected_instead_of_logged(server):
    warnings: list[str] = []
    articles = read_url(server.url("/feeds/army-teasers.rss"), SETTINGS, tz=UTC, warnings=warnings)
    assert len(articles) == 3 and len(warnings) == 2


def test_feed_url_that_returns_an_html_page(server):
    message = _error(lambda: read_url(server.url("/feeds/moved"), SETTINGS, tz=UTC))
    assert message.startswith(server.url("/feeds/moved") + ": too little text")
    assert f"links to a feed: {server.url('/feeds/dod-releases.rss')}" in message


def test_read_feed_file_reads_a_saved_feed_without_the_network():
    articles = read_feed_file(FIXTURES / "dod-releases.rss", SETTINGS, tz=UTC)
    assert len(articles) == 3 and articles[2].source == "U.S. Department of Defense Releases"
    message = _error(lambda: read_feed_file(FIXTURES / "cookie-wall.html", SETTINGS, tz=UTC))
    assert message.startswith(str(FIXTURES / "cookie-wall.html") + ": not an RSS or Atom feed")
    missing = Path("/nonexistent/feed.rss")
    message = _error(lambda: read_feed_file(missing, SETTINGS, tz=UTC))
    assert message.startswith(f"{missing}: cannot read")


def test_looks_like_feed_trusts_the_root_element_over_the_media_type():
    rss = (FIXTURES / "dod-releases.rss").read_bytes()
    assert looks_like_feed(rss, "text/html")
    assert not looks_like_feed((FIXTURES / "feed-moved.html").read_bytes(), "application/rss+xml")


def test_a_feed_with_entities_declared_in_its_doctype_is_a_feed_under_any_media_type():
    """Found serving feedparser's rss/entity_in_doctype.xml as text/html: the root element
    after a DOCTYPE with an internal subset ("[ <!ENTITY id ...> ]") was not found, so the
    feed was read as a web page and lost ("no article text found"); its entries are
    counted too (`first_entries`), so a long one is cut before parsing."""
    rss = (b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n  <!ENTITY id "tag:example.com,">\n]>\n'
           b'<rss version="2.0"><channel><title>Desk</title>'
           + b"".join(b"<item><guid>&id;%d</guid><description>Talks resumed.</description>"
                      b"</item>" % n for n in range(3))
           + b"</channel></rss>")
    assert looks_like_feed(rss, "text/html")
    head, count = first_entries(rss, 2)
    assert count == 3 and [e.guid for e in parse_feed(head, tz=UTC)] == [
        "tag:example.com,0", "tag:example.com,1"]
    # one way to read a run of DOCTYPEs: a lazy subset pattern backtracked for ever on it
    started = time.monotonic()
    assert not looks_like_feed(b"<!DOCTYPE x []>" * 300 + b"<rss>", "text/html")
    assert time.monotonic() - started < 1


# --- pages -----------------------------------------------------------------------------


def test_page_url_is_one_article_after_a_redirect(server):
    [article] = read_url(server.url("/moved"), SETTINGS, tz=UTC)
    assert article.url == server.url("/pages/cold-weather-gear.html")  # the final URL
    assert article.title == "Soldiers Test New Cold-Weather Gear in Alaska"
    assert article.published.isoformat() == "2024-12-10T08:00:00-09:00"
    assert article.id == article_id(server.url("/pages/cold-weather-gear.html"))


def test_windows_1252_page_is_decoded_from_its_meta_charset(server):
    [article] = read_url(server.url("/pages/windows-1252.html"), SETTINGS, tz=UTC)
    assert "s’accordent" in article.title
    assert "« C’est une réponse rapide et concrète »" in article.text
    assert "\ufffd" not in article.text and "â€" not in article.text


def test_latin_1_page_is_decoded_from_the_http_header(server):
    [article] = read_url(server.url("/pages/latin-1.html"), SETTINGS, tz=UTC)
    assert "réunis lundi à Montréal" in article.text


# A UTF-8 page (its <meta> says so) served under a server's default ISO-8859-1.
_UTF8_PAGE = ("<html><head><meta charset='utf-8'><title>Talks resume</title></head><body>"
              "<article><p>“The talks resumed,” said the minister in Île-de-France; the"
              " Shintô 神道 delegation and the Mandelplätzchen bakers attended.</p>"
              + "".join(f"<p>Delegation {n} arrived on day {n} of the talks and met the"
                        " minister’s advisers before the plenary.</p>" for n in range(1, 6))
              + "</article></body></html>").encode("utf-8")


def test_a_utf_8_page_under_a_wrong_http_charset_is_read_as_utf_8():
    """Found serving trafilatura's cached pages as text/html; charset=iso-8859-1 (Apache's
    AddDefaultCharset): 29 of 110 came out garbled beyond repair, the closing quote ”
    as "\ufffd" (its UTF-8 bytes end in 0x9d, which windows-1252 lacks) and "Île" as "ÃŽle".
    Bytes that are valid UTF-8 and not ASCII are UTF-8, whatever a single-byte label says."""
    with serve({"/p": lambda h: send(h, 200, _UTF8_PAGE, "text/html; charset=iso-8859-1")}
               ) as srv:
        [article] = read_url(srv.url("/p"), SETTINGS, tz=UTC)
    assert article.text.startswith("“The talks resumed,” said the minister in Île-de-France;"
                                   " the Shintô 神道 delegation and the Mandelplätzchen")


def test_a_feed_without_a_declaration_is_decoded_from_the_http_charset(server):
    """Found serving feedparser's test feeds: a KOI8-R feed with no XML declaration, served
    as charset=koi8-r, came out as "ðÅÒÅÇÏ×ÏÒÙ": feedparser, given only the URL as a header,
    read it as ISO-8859-1. A UTF-8 feed served under a wrong charset stays UTF-8."""
    for path in ("/feeds/koi8r.rss", "/feeds/utf-8.rss"):
        [article] = read_url(server.url(path), SETTINGS, tz=UTC)
        assert article.title == "Как пережить новогоднюю ночь"
        assert article.text.startswith("Наверное, единственное, во что сегодня можно верить")


def test_a_pdf_is_not_read_as_a_page(server):
    url = server.url("/report.pdf")
    assert _error(lambda: read_url(url, SETTINGS, tz=UTC)) == (
        f"{url}: not a web page or a feed (application/pdf)"
    )


def test_cookie_wall_is_reported_and_skipped(server):
    wall, good = server.url("/pages/cookie-wall.html"), server.url("/pages/windows-1252.html")
    articles, failures = read_many([wall, good], SETTINGS, tz=UTC)
    assert [a.url for a in articles] == [good]
    assert failures == [f"{wall}: a cookie or consent wall, not the article, skipped"]


def test_a_page_s_feed_link_no_one_could_configure_is_not_offered_as_the_hint(server):
    """A page that is no article names the feed it links to: a javascript: "feed", or
    one whose bidi override turns the rest of the warning around on the terminal and in
    the briefing's notes, was offered as it was. Only a plain http(s) link is."""
    wall = (FIXTURES / "cookie-wall.html").read_text(encoding="utf-8")
    with serve({f"/{name}": (lambda body: lambda h: send(h, 200, body.encode(), HTML))(
                    wall.replace("</head>", '<link rel="alternate" type="application/rss+xml"'
                                            f' href="{link}"></head>'))
                for name, link in (("js", "javascript:alert(1)"),
                                   ("bidi", "/feed\u202egnp.exe"))}) as site:
        urls = [site.url("/js"), site.url("/bidi")]
        _articles, failures = read_many(urls, SETTINGS, tz=UTC)
    assert failures == [f"{u}: a cookie or consent wall, not the article, skipped"
                        for u in urls]


# --- fetch: limits and errors ----------------------------------------------------------


def test_conditional_request_gets_304(server):
    url = server.url("/feeds/etag.rss")
    first = fetch(url, SETTINGS)
    assert first.status == 200 and not first.not_modified and b"<rss" in first.body
    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
    again = fetch(url, SETTINGS, etag=first.etag, last_modified=first.last_modified)
    assert again.status == 304 and again.not_modified and again.body == b""
    assert again.etag == ETAG
    by_date = fetch(url, SETTINGS, last_modified=LAST_MODIFIED)
    assert by_date.not_modified
    assert server.requests[-2][1].get("If-None-Match") == ETAG


def test_http_500_names_the_url_and_status(server):
    url = server.url("/error")
    assert _error(lambda: fetch(url, SETTINGS)) == f"{url}: HTTP 500 Internal Server Error"


def test_a_server_that_asks_to_wait_says_how_long_in_the_failure(server):
    """A feed rate-limited (429) or down for maintenance (503) failed with "HTTP 429 Too
    Many Requests" alone: an operator could not tell a ban from a pause of two minutes. The
    server's Retry-After, in seconds or as a date, is said in the line."""
    with serve({
        "/busy": lambda h: send(h, 429, b"slow down", "text/plain", {"Retry-After": "120"}),
        "/maintenance": lambda h: send(h, 503, b"back soon", "text/plain",
                                       {"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"}),
        "/odd": lambda h: send(h, 503, b"", "text/plain", {"Retry-After": "soon\x7f"}),
    }) as busy:
        assert _error(lambda: fetch(busy.url("/busy"), SETTINGS)) == (
            f"{busy.url('/busy')}: HTTP 429 Too Many Requests (the server asks to wait "
            "120 s before trying again)")
        assert _error(lambda: fetch(busy.url("/maintenance"), SETTINGS)) == (
            f"{busy.url('/maintenance')}: HTTP 503 Service Unavailable (the server asks to "
            "wait until 2026-10-21 07:28 UTC before trying again)")
        # a value that is neither is not echoed (it is the server's, untrusted)
        assert _error(lambda: fetch(busy.url("/odd"), SETTINGS)) == (
            f"{busy.url('/odd')}: HTTP 503 Service Unavailable")


def test_a_retry_after_no_date_or_number_can_hold_is_not_echoed_and_fails_only_its_feed(
        server):
    """Retry-After is the server's: 5,000 digits (past Python's limit for reading a number)
    or a date in the year 9999 west of UTC (past the last date UTC can hold) raised a
    ValueError or an OverflowError out of the fetch, and one such feed ended the whole
    build. Neither is a wait anyone asked for: the failure is said without it."""
    with serve({
        "/digits": lambda h: send(h, 503, b"", "text/plain", {"Retry-After": "9" * 5000}),
        "/long": lambda h: send(h, 503, b"", "text/plain", {"Retry-After": "9" * 400}),
        "/year": lambda h: send(h, 429, b"", "text/plain",
                                {"Retry-After": "Fri, 31 Dec 9999 23:59:59 -1200"}),
    }) as busy:
        assert _error(lambda: fetch(busy.url("/digits"), SETTINGS)) == (
            f"{busy.url('/digits')}: HTTP 503 Service Unavailable")
        assert _error(lambda: fetch(busy.url("/long"), SETTINGS)) == (
            f"{busy.url('/long')}: HTTP 503 Service Unavailable")
        assert _error(lambda: fetch(busy.url("/year"), SETTINGS)) == (
            f"{busy.url('/year')}: HTTP 429 Too Many Requests")


def test_timeout(server):
    url = server.url("/slow")
    started = time.monotonic()
    message = _error(lambda: fetch(url, FetchSettings(timeout_s=0.3)))
    assert message == f"{url}: timed out after 0.3 s"
    assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("head", [
    b"HTTP/1.1 200 OK\r\nX-Padding: ",  # the headers never end: h11 waits for 100 KB
    b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>",  # the body
], ids=["headers", "body"])
def test_a_server_that_drips_a_byte_at_a_time_is_given_up_at_the_deadline(server, head):
    """Each byte comes well within the read timeout, so only the deadline for the whole
    request can stop it: in the headers, 100 KB at a byte a second held a run for a day."""
    server.routes["/drip"] = trickle(head, every=0.1)
    url = server.url("/drip")
    started = time.monotonic()
    message = _error(lambda: fetch(url, FetchSettings(timeout_s=0.5)))
    assert message == f"{url}: timed out after 0.5 s"
    assert time.monotonic() - started < 2.0


def test_redirect_loop(server):
    url = server.url("/loop/a")
    message = _error(lambda: fetch(url, SETTINGS))
    assert message.startswith(f"{url}: redirect loop (") and "/loop/b" in message


@pytest.mark.parametrize("code", [301, 308])
def test_a_feed_moved_for_good_is_read_and_its_new_address_reported(server, code):
    """A permanent redirect is the site saying "use this address from now on": followed
    silently, it was found only once the old address went dead. A temporary one (302,
    307) says nothing of the kind."""
    server.routes[f"/old/{code}.rss"] = redirect(f"/perm/{code}.rss", code)
    server.routes[f"/perm/{code}.rss"] = redirect("/feeds/dod-releases.rss", code)
    server.routes["/old/302.rss"] = redirect("/feeds/dod-releases.rss", 302)
    old, new = server.url(f"/old/{code}.rss"), server.url("/feeds/dod-releases.rss")
    warnings: list[str] = []
    assert len(read_url(old, SETTINGS, tz=UTC, warnings=warnings)) == 3
    assert warnings == [f"{old}: moved permanently to {new} (HTTP {code}); configure the "
                        "new address"]
    warnings.clear()
    assert len(read_url(server.url("/old/302.rss"), SETTINGS, tz=UTC, warnings=warnings)) == 3
    assert warnings == []


def test_a_move_to_an_address_no_one_would_configure_is_said_without_it(server):
    """The new address is the site's Location header, repeated in a warning at every run:
    one of 20,000 characters made a 20,000-character line each morning. An address of
    more than 500 characters is not quoted; the move still is."""
    long_path = "/feeds/dod-releases.rss?" + "x" * 20_000
    server.routes["/old/long.rss"] = redirect(long_path, 301)
    server.routes["/feeds/dod-releases.rss?" + "x" * 20_000] = server.routes.get(
        "/feeds/dod-releases.rss")
    old = server.url("/old/long.rss")
    warnings: list[str] = []
    read_url(old, SETTINGS, tz=UTC, warnings=warnings)
    moved = [w for w in warnings if "moved permanently" in w]
    size = len(server.url(long_path))
    assert moved == [f"{old}: moved permanently to an address of {size:,} characters, not "
                     "shown (HTTP 301)"], warnings


def test_too_many_redirects(server):
    url = server.url("/chain/0")
    assert _error(lambda: fetch(url, SETTINGS)) == f"{url}: too many redirects (more than 5)"
    within = server.url("/chain/6")  # four hops, then a missing page: followed to the end
    assert _error(lambda: fetch(within, SETTINGS)) == f"{within}: HTTP 404 Not Found"


def test_schemes_other_than_http_are_refused(server):
    for url in ("file:///etc/passwd", "ftp://example.test/feed.rss", "javascript:alert(1)"):
        assert "scheme not allowed" in _error(lambda u=url: fetch(u, SETTINGS))
    to_file = server.url("/to-file")
    message = _error(lambda: fetch(to_file, SETTINGS))
    assert message.startswith(f"{to_file}: redirect to file://")
    assert "refused (scheme not allowed" in message


def test_a_url_no_parser_takes_is_refused_and_a_feed_link_like_it_dropped(tmp_path):
    """urllib raises ValueError on an unclosed IPv6 host: a fetch refuses it in one line,
    and such a <link> in a saved feed (untrusted) is dropped, as feedparser drops it when
    it resolves a served feed's links; the entry keeps its text."""
    assert _error(lambda: fetch("http://[::1", SETTINGS)) == (
        "http://[::1: not a valid URL (Invalid IPv6 URL)")
    saved = tmp_path / "saved.rss"
    saved.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                     "<item><title>Quake</title><link>http://[evil/x</link><guid>v1</guid>"
                     "<description>A powerful earthquake struck eastern Turkey on Monday, "
                     "killing at least 40 people, officials said.</description></item>"
                     "</channel></rss>")
    warnings: list[str] = []
    (article,) = read_feed_file(saved, SETTINGS, tz=UTC, warnings=warnings)
    assert article.url == "" and article.text.startswith("A powerful earthquake")
    assert warnings == []


def test_declared_oversize_body_is_refused_before_reading(server):
    url = server.url("/big/declared")
    assert _error(lambda: fetch(url, SETTINGS)) == f"{url}: {TOO_LARGE}"


def test_streamed_body_is_cut_at_the_cap(server):
    url = server.url("/big/streamed")  # 50 MB if read to the end; no Content-Length
    started = time.monotonic()
    assert _error(lambda: fetch(url, SETTINGS)) == f"{url}: {TOO_LARGE}"
    assert time.monotonic() - started < 5.0


def _compressed(data: bytes | None, wbits: int, zeros: int = 0) -> bytes:
    """`data`, or `zeros` zero bytes made a megabyte at a time (a bomb, built without
    holding it), compressed with zlib's `wbits` (31: gzip, 15: zlib, -15: raw deflate)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [packer.compress(data)] if data is not None else \
        [packer.compress(bytes(1 << 20)) for _ in range(zeros >> 20)]
    return b"".join(parts) + packer.flush()


def _encoded(body: bytes, encoding: str, content_type: str = RSS):
    return lambda h: send(h, 200, body, content_type, {"Content-Encoding": encoding})


def test_a_compressed_body_is_read_and_one_inflating_past_the_cap_is_never_held(server):
    feed = (FIXTURES / "dod-releases.rss").read_bytes()
    server.routes["/gz/feed"] = _encoded(_compressed(feed, 31), "gzip")
    server.routes["/gz/zlib"] = _encoded(_compressed(feed, 15), "deflate")
    server.routes["/gz/raw"] = _encoded(_compressed(feed, -15), "deflate")
    for path in ("/gz/feed", "/gz/zlib", "/gz/raw"):
        assert fetch(server.url(path), SETTINGS).body == feed, path
    # 200 MB of zeros in 200 KB of gzip: the cap (1 MB) must hold on what comes out, piece by
    # piece; inflated a network chunk at a time, tens of megabytes were held before a check
    server.routes["/gz/bomb"] = _encoded(_compressed(None, 31, zeros=200 << 20), "gzip")
    url = server.url("/gz/bomb")
    tracemalloc.start()
    try:
        assert _error(lambda: fetch(url, SETTINGS)) == f"{url}: {TOO_LARGE}"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * SETTINGS.max_bytes, peak


def test_a_body_in_an_encoding_not_asked_for_is_refused_in_one_line(server):
    gz = _compressed(b"<rss></rss>", 31)
    server.routes["/enc/twice"] = _encoded(_compressed(gz, 31), "gzip, gzip")
    server.routes["/enc/br"] = _encoded(b"\x1b\x00\x00", "br")
    server.routes["/enc/broken"] = _encoded(b"not gzip at all", "gzip")
    for path, why in (("/enc/twice", "an encoding not read ('gzip, gzip'"),
                      ("/enc/br", "an encoding not read ('br'"),
                      ("/enc/broken", "the compressed body is broken")):
        url = server.url(path)
        message = _error(lambda url=url: fetch(url, SETTINGS))
        assert message.startswith(f"{url}: ") and why in message, (path, message)


def test_connection_refused_is_a_source_error():
    message = _error(lambda: fetch("http://127.0.0.1:9/feed.rss", FetchSettings(timeout_s=1)))
    assert message.startswith("http://127.0.0.1:9/feed.rss: could not fetch (")


# --- many sources ----------------------------------------------------------------------


def test_read_many_keeps_order_and_one_failure_does_not_stop_the_others(server):
    urls = [
        server.url("/feeds/state-press.atom"),
        server.url("/error"),
        server.url("/feeds/dod-releases.rss"),
        server.url("/pages/windows-1252.html"),
    ]
    articles, failures = read_many(urls, SETTINGS, tz=UTC)
    assert [a.source for a in articles] == (
        ["U.S. Department of State – Press Statements"] * 2
        + ["U.S. Department of Defense Releases"] * 3
        + ["Le Quotidien du Québec"]
    )
    assert failures == [f"{server.url('/error')}: HTTP 500 Internal Server Error"]


HEADLINES = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Desk wire</title>
<item><title>Navy destroyer intercepts missiles fired toward a commercial ship in the Red Sea
</title><link>{{BASE}}/gone</link><guid>wire-1</guid>
<pubDate>Mon, 09 Dec 2024 10:00:00 GMT</pubDate></item>
<item><title></title><link>{{BASE}}/also-gone</link><guid>wire-2</guid></item>
</channel></rss>"""


def test_a_headline_only_entry_whose_page_is_gone_is_briefed_by_its_headline(
    server, run_cli, tmp_path, monkeypatch
):
    """The README: an item with no text of its own is briefed by its headline, also when
    the page its link names is a 404; the problem is one warning, said once."""
    server.routes["/headlines.rss"] = lambda h: send(
        h, 200, HEADLINES.replace(b"{{BASE}}", server.base.encode()), RSS)
    monkeypatch.chdir(tmp_path)
    feed = server.url("/headlines.rss")
    r = run_cli("build", "--date", "2024-12-09", "--format", "json", "--source", feed)
    assert r.code == 0, r.err
    note = (f"warning: {feed}: entry 'Navy destroyer intercepts missiles fired toward a "
            f"commercial': {server.url('/gone')}: HTTP 404 Not Found; briefed by its headline")
    assert r.err.count("/gone") == 1 and note in r.err.splitlines(), r.err
    assert "entry '': no text (" in r.err and r.err.count("/also-gone") == 1  # nothing to brief
    data = json.loads((tmp_path / "out" / "2024-12-09" / "briefing.json").read_text())
    (point,) = [p for s in data["sections"] for st in s["stories"] for p in st["key_points"]]
    assert point["position"] == -1
    assert point["text"] == ("Navy destroyer intercepts missiles fired toward a commercial ship "
                             "in the Red Sea")
    assert r.out.startswith("1 article, 1 key point, 1 theme")


# --- text garbled before it reached us -------------------------------------------------

def _as_windows_1252(text: str) -> str:
    """Its UTF-8 bytes read as windows-1252, the way browsers and many CMSes do (the five
    bytes windows-1252 leaves unassigned become the control characters of their value)."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode())


# UTF-8 read as windows-1252 by some CMS upstream, then served as honest UTF-8: the bytes
# on the wire are valid, the text they spell is not
_GARBLED = _as_windows_1252("Cassini–Huygens found Jürgen’s “ocean”")


def test_a_feed_garbled_upstream_is_read_as_its_writer_wrote_it():
    assert "â€" in _GARBLED  # the fixture is what a reader would otherwise see
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Garbled wire</title>
<item><title>{_GARBLED}</title><link>http://example.org/a</link>
<description>&lt;p&gt;{_GARBLED} beneath the crust of Enceladus, scientists said on
Tuesday in a report on the probe's last flybys of the moon.&lt;/p&gt;</description></item>
<item><title>Zürich–Genève: señor Müller’s café</title><link>http://example.org/b</link>
<description>&lt;p&gt;Zürich–Genève: señor Müller’s café opened on Tuesday, the first
of its kind in the two cities, with a menu in three languages.&lt;/p&gt;</description></item>
</channel></rss>""".encode()
    srv = LocalServer({"/garbled.rss": lambda h: send(h, 200, rss, RSS)})
    srv.start()
    try:
        garbled, clean = read_url(srv.url("/garbled.rss"), SETTINGS, tz=UTC)
    finally:
        srv.stop()
    assert garbled.title == "Cassini–Huygens found Jürgen’s “ocean”"
    assert garbled.text.startswith("Cassini–Huygens found Jürgen’s “ocean” beneath")
    # accented letters beside a dash or a curly quote are text, not mojibake: left alone
    assert clean.title == "Zürich–Genève: señor Müller’s café"
    assert clean.text.startswith("Zürich–Genève: señor Müller’s café opened")


def test_pages_are_fetched_in_parallel_but_never_extracted_two_at_a_time(monkeypatch):
    """trafilatura (lxml underneath) run on several threads at once freed memory twice
    and aborted the process ("double free or corruption", SIGABRT): one `read` of the 60
    extract-dev pages in about one run of three, a whole build lost. Fetching stays
    parallel; extraction takes its turn."""
    import threading
    import time

    import trafilatura

    real = trafilatura.bare_extraction
    inside, most, guard = [0], [0], threading.Lock()

    def watched(*args, **kwargs):
        with guard:
            inside[0] += 1
            most[0] = max(most[0], inside[0])
        time.sleep(0.02)  # long enough for another thread to come in, were it let in
        try:
            return real(*args, **kwargs)
        finally:
            with guard:
                inside[0] -= 1

    monkeypatch.setattr(trafilatura, "bare_extraction", watched)
    page = fixture("cold-weather-gear.html", HTML)
    with serve({f"/p{i}.html": page for i in range(8)}) as srv:
        articles, failures = read_many([srv.url(f"/p{i}.html") for i in range(8)],
                                       SETTINGS, tz=UTC)
    assert len(articles) == 8 and not failures
    assert most[0] == 1


def test_feeds_and_their_teaser_pages_together_are_fetched_at_most_parallel_at_a_time():
    """`parallel` bounds the requests in flight: each feed fetched in parallel fetched its
    teasers' pages `parallel` at a time too, so four feeds of one site made sixteen
    requests to it at once, the way a site is asked to rate-limit us (429)."""
    import threading

    inside, most, guard = [0], [0], threading.Lock()

    def counted(route):
        def wrapped(h):
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)  # long enough for the others to come in, were they let in
            with guard:  # before answering: once answered, the client may start another
                inside[0] -= 1
            route(h)
        return wrapped

    def teasers(h, feed: int) -> None:
        items = "".join(f"<item><title>Story {feed}-{i}</title><link>{srv.base}/page</link>"
                        f"<guid>s{feed}-{i}</guid><description>A lead-in...</description>"
                        "</item>" for i in range(6))
        send(h, 200, f"<rss version='2.0'><channel><title>Desk {feed}</title>{items}"
                     "</channel></rss>".encode(), RSS)

    routes = {f"/feed{n}.rss": counted(lambda h, n=n: teasers(h, n)) for n in range(4)}
    routes["/page"] = counted(fixture("cold-weather-gear.html", HTML))
    with serve(routes) as srv:
        articles, failures = read_many([srv.url(f"/feed{n}.rss") for n in range(4)],
                                       replace(SETTINGS, timeout_s=10.0), tz=UTC)
    assert len(articles) == 24 and not failures
    assert most[0] <= SETTINGS.parallel, most[0]


def test_a_feed_whose_pages_are_slow_stops_following_them_when_its_time_is_up():
    """Each page is held to the fetch timeout, but a feed of 50 teasers on a site that
    answers each at the last second cost 50 timeouts: with the other feeds' pages, a
    build of many such feeds ran for most of an hour. A feed's pages get
    `followup_time_s` together; the teasers left are briefed from the feed's own text."""
    items = "".join(f"<item><title>Story {i}</title><link>/page{i}</link><guid>s{i}</guid>"
                    "<description>A lead-in...</description></item>" for i in range(8))
    feed = f"<rss version='2.0'><channel><title>Slow desk</title>{items}</channel></rss>"
    routes = {"/feed.rss": lambda h: send(h, 200, feed.encode(), RSS)}
    def late(h):
        time.sleep(0.4)
        send(h, 200, b"<html><body><p>Too late to read.</p></body></html>", HTML)

    routes.update({f"/page{i}": late for i in range(8)})
    settings = replace(SETTINGS, parallel=1, followup_time_s=1.0)
    with serve(routes) as srv:
        started = time.monotonic()
        warnings: list[str] = []
        articles = read_url(srv.url("/feed.rss"), settings, tz=UTC, warnings=warnings)
        elapsed = time.monotonic() - started
        fetched = sum(path.startswith("/page") for path, _ in srv.requests)
    assert len(articles) == 8 and all(a.text == "A lead-in..." for a in articles)
    assert 1 <= fetched <= 4 and elapsed < 3.0, (fetched, elapsed)
    assert warnings[-1] == (
        f"{srv.url('/feed.rss')}: {8 - fetched} of 8 teaser entries not followed to their "
        "pages (their 1 s for the feed's pages ran out); briefed from the feed's own text")


def test_an_entry_a_feed_lists_twice_under_one_guid_is_read_once_as_last_updated():
    """A feed that keeps an updated entry beside the old one (same guid, same link): the
    briefing's sources listed the article twice, and the reader was told to "give each
    article an id of its own", which is the feed's to do, not theirs."""
    body = ("A council vote on the harbour plan was held on Monday evening. " * 30).strip()
    item = ("<item><title>{title}</title><link>{base}/harbour</link>"
            '<guid isPermaLink="false">harbour-1</guid><pubDate>{date}</pubDate>'
            "<description>{body}</description></item>")

    def feed(h):
        items = [item.format(title="Harbour vote held (updated)", base=srv.base, body=body,
                             date="Tue, 10 Dec 2024 12:00:00 GMT"),
                 item.format(title="Harbour vote held", base=srv.base, body=body,
                             date="Tue, 10 Dec 2024 09:00:00 GMT"),
                 item.format(title="Ferry timetable", base=srv.base, body=body + " Ferries.",
                             date="Tue, 10 Dec 2024 08:00:00 GMT").replace(
                                 "harbour-1", "ferry-1")]
        send(h, 200, ('<rss version="2.0"><channel><title>Port News</title>'
                      + "".join(items) + "</channel></rss>").encode(), RSS)

    with serve({"/port.rss": feed}) as srv:
        warnings: list[str] = []
        articles = read_url(srv.url("/port.rss"), SETTINGS, tz=UTC, warnings=warnings)
    assert [a.title for a in articles] == ["Harbour vote held (updated)", "Ferry timetable"]
    assert articles[0].id == article_id("harbour-1") and not warnings


def test_an_entry_without_a_title_takes_its_page_s_headline():
    """An RSS item may have no <title>: its followed page's headline is the article's,
    not the page's first line (the briefing cited the arrests as "Staff Reports")."""
    def feed(h):
        send(h, 200, ('<rss version="2.0"><channel><title>Wire</title><item><link>'
                      + srv.url("/pages/cold-weather-gear.html") + "</link>"
                      "<description>Soldiers tested gear.</description></item>"
                      "</channel></rss>").encode(), RSS)

    with serve({"/wire.rss": feed,
                "/pages/cold-weather-gear.html": fixture("cold-weather-gear.html", HTML)}) as srv:
        [article] = read_url(srv.url("/wire.rss"), SETTINGS, tz=UTC)
    assert article.title == "Soldiers Test New Cold-Weather Gear in Alaska"
    assert "In the cold, sweat is the enemy" in article.text


def test_an_entry_s_own_source_names_its_outlet_not_the_aggregator_s_feed():
    """An aggregator's feed (Google News, a newsroom's own digest) names each item's outlet
    in the item's <source>: every article was credited to "Top stories - Google News", so
    three outlets telling one story were one, and "- Houston Chronicle" stayed in the
    headline."""
    rss = b"""<rss version="2.0"><channel><title>Top stories - Google News</title>
    <item><title>Esper accuses China of intimidation - Houston Chronicle</title>
      <link>https://news.example/a</link><description>Esper spoke.</description>
      <source url="https://www.chron.com">Houston Chronicle</source></item>
    <item><title>Esper in Hanoi</title><link>https://news.example/b</link>
      <description>Esper spoke.</description></item></channel></rss>"""
    chron, plain = parse_feed(rss, tz=UTC)
    assert (chron.source, chron.title) == ("Houston Chronicle",
                                           "Esper accuses China of intimidation")
    assert (plain.source, plain.title) == ("Top stories - Google News", "Esper in Hanoi")
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Planet Defence</title>
    <entry><title>Drills end</title><id>urn:1</id><link href="https://x.example/1"/>
      <summary>Drills ended.</summary><source><title>Army News Service</title></source>
    </entry></feed>"""
    [entry] = parse_feed(atom, tz=UTC)
    assert (entry.source, entry.title) == ("Army News Service", "Drills end")


# Google News' RSS as it serves it: the item's description is no text of the article but
# links to it (and, in a story's cluster, to other outlets' reports), each followed by its
# outlet's name; the link itself leads to a page of script that only a browser follows.
GOOGLE_NEWS = b"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>
<title>Top stories - Google News</title><link>https://news.google.com/</link>
<item><title>Earthquake kills at least 40 in eastern Turkey - Reuters</title>
<link>{{BASE}}/rss/articles/CBMiQ1?oc=5</link><guid isPermaLink="false">CBMiQ1</guid>
<pubDate>Mon, 09 Dec 2024 10:00:00 GMT</pubDate>
<description><![CDATA[<a href="{{BASE}}/rss/articles/CBMiQ1?oc=5" target="_blank">Earthquake
kills at least 40 in eastern Turkey</a>&nbsp;&nbsp;<font color="#6f6f6f">Reuters</font>]]>
</description><source url="https://www.reuters.com">Reuters</source></item>
<item><title>Flooding forces thousands from homes in Kenya - BBC</title>
<link>{{BASE}}/rss/articles/CBMiQ2?oc=5</link><guid isPermaLink="false">CBMiQ2</guid>
<pubDate>Mon, 09 Dec 2024 09:00:00 GMT</pubDate>
<description><![CDATA[<ol><li><a href="{{BASE}}/rss/articles/CBMiQ2?oc=5" target="_blank">
Flooding forces thousands from homes in Kenya</a>&nbsp;&nbsp;<font color="#6f6f6f">BBC</font>
</li><li><a href="{{BASE}}/rss/articles/CBMiQ3?oc=5" target="_blank">Kenya floods: death toll
rises to 70</a>&nbsp;&nbsp;<font color="#6f6f6f">Al Jazeera English</font></li>
<li><strong><a href="{{BASE}}/stories/CAAq?oc=5" target="_blank">View Full Coverage on Google
News</a></strong></li></ol>]]></description>
<source url="https://www.bbc.co.uk">BBC</source></item>
</channel></rss>"""
SCRIPT_PAGE = b"""<!doctype html><html><head><title>Google News</title></head><body>
<script>window.location.replace("https://www.reuters.com/world/")</script></body></html>"""


def test_an_aggregator_s_list_of_links_is_no_text_and_its_items_are_briefed_by_headline(
    run_cli, tmp_path, monkeypatch
):
    """Google News' descriptions were read as the articles' text: the key point was the
    headline with its outlet's name run on ("Earthquake kills at least 40 in eastern Turkey
    Reuters"), and a cluster's other headlines became points credited to the first outlet.
    The list of links says nothing the headline does not: the item is its headline."""
    with serve({}) as srv:
        srv.routes.update({
            "/news.rss": lambda h: send(h, 200, GOOGLE_NEWS.replace(b"{{BASE}}",
                                                                    srv.base.encode()), RSS),
            "/rss/articles/CBMiQ1": lambda h: send(h, 200, SCRIPT_PAGE, HTML),
            "/rss/articles/CBMiQ2": lambda h: send(h, 200, SCRIPT_PAGE, HTML),
        })
        [quake, floods] = read_url(srv.url("/news.rss"), SETTINGS, tz=UTC, warnings=[])
        assert (quake.text, floods.text) == ("", "")
        monkeypatch.chdir(tmp_path)
        r = run_cli("build", "--date", "2024-12-09", "--format", "json",
                    "--source", srv.url("/news.rss"))
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out" / "2024-12-09" / "briefing.json").read_text())
    points = {p["text"] for s in data["sections"] for st in s["stories"] for p in st["key_points"]}
    assert points == {"Earthquake kills at least 40 in eastern Turkey",
                      "Flooding forces thousands from homes in Kenya"}


JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "Harbour Gazette",
    "home_page_url": "https://gazette.example/",
    "items": [{"id": "1", "url": "https://gazette.example/1", "title": "Port strike spreads",
               "content_html": "<p>Dock workers walked out.</p>",
               "date_published": "2024-12-09T10:00:00+01:00"}],
}).encode()
NO_JSON_FEED = ("a JSON Feed (jsonfeed.org), which briefing does not read; configure the "
                "site's RSS or Atom feed instead")


@pytest.mark.parametrize("media_type", ["application/feed+json", "application/json"])
def test_a_json_feed_is_refused_in_one_line_saying_what_it_is(run_cli, tmp_path, media_type):
    """feedparser reads RSS and Atom, not JSON Feed: a JSON Feed URL was "not a web page or
    a feed (application/json)", and a saved one was briefed as one article named after the
    feed ("Harbour Gazette"), with no text. Both now say what the source is and what to do."""
    with serve({"/feed.json": lambda h: send(h, 200, JSON_FEED, media_type)}) as srv:
        url = srv.url("/feed.json")
        assert _error(lambda: read_url(url, SETTINGS, tz=UTC)) == f"{url}: {NO_JSON_FEED}"
    saved = tmp_path / "gazette.json"
    saved.write_bytes(JSON_FEED)
    r = run_cli("read", str(saved))
    assert r.code == 1 and r.out == ""
    assert r.err.count("\n") == 1 and f"{saved}: {NO_JSON_FEED}" in r.err, r.err
