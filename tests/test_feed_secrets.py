"""Feeds that need a login or a key: the secret in the address is used, and never shown.

A wire or a monitoring service's feed is configured as `https://user:password@host/feed`
(HTTP basic auth) or with `?apikey=…`; briefing fetches it with them, and no line it prints,
no log and no file of the briefing repeats them. Real servers on 127.0.0.1, no mocks.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from httpserver import LocalServer, redirect, send, serve

from briefing.errors import one_line
from briefing.sources.fetch import FetchSettings, fetch
from briefing.urls import redact_urls, without_secrets

DAY = "2026-12-05"
PASSWORD = "s3cretPW"
KEY = "K3Yvalue"
RSS = "application/rss+xml"


def feed_body(base: str, a1: str = "/a1", a2: str = "/a2") -> bytes:
    """Two entries dated on DAY, each briefed from the feed's own text; their links are
    `a1` and `a2` on `base` (an absolute link as it is)."""
    a1, a2 = (link if "://" in link else base + link for link in (a1, a2))
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Troops move near the border town</title><link>{a1.replace("&", "&amp;")}</link>
<description>Troops moved near the border town on Friday, officials said, in a sign of
rising tension between the two neighbours. The defence ministry said the exercise was
routine.</description><pubDate>Sat, 05 Dec 2026 08:00:00 GMT</pubDate></item>
<item><title>Ministers meet over grain deal</title><link>{a2.replace("&", "&amp;")}</link>
<description>Ministers met in Geneva on Friday to discuss the grain export deal, which
expires next month. Negotiators said progress had been made.</description>
<pubDate>Sat, 05 Dec 2026 07:00:00 GMT</pubDate></item>
</channel></rss>""".encode()


def wire(server: LocalServer, a1: str = "/a1", a2: str = "/a2"):
    """The feed, for alice's password or the key only; 401 to anyone else."""
    good = "Basic " + base64.b64encode(f"alice:{PASSWORD}".encode()).decode()

    def route(h) -> None:
        if h.headers.get("Authorization") != good and f"apikey={KEY}" not in h.path:
            send(h, 401, b"", "text/plain", {"WWW-Authenticate": 'Basic realm="wire"'})
            return
        send(h, 200, feed_body(server.base, a1, a2), RSS)

    return route


@pytest.fixture
def server() -> Iterator[LocalServer]:
    server = LocalServer({})
    server.routes["/feed.xml"] = wire(server)
    server.start()
    yield server
    server.stop()


def configure(root: Path, *feeds: tuple[str, str]) -> None:
    tables = "".join(f'\n[[sources.feed]]\nname = "{name}"\nkind = "feed"\nurl = "{url}"\n'
                     for name, url in feeds)
    (root / "briefing.toml").write_text(
        '[briefing]\ntimezone = "UTC"\n\n[sources]\npaths = []\n' + tables)


def everything_written(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((root / "out").rglob("*"))
                    if p.is_file() and p.suffix != ".db")


def with_userinfo(server: LocalServer, userinfo: str, path: str) -> str:
    return server.base.replace("http://", f"http://{userinfo}@") + path


# --- the helper -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shown"), [
    ("http://alice:s3cret@wire.example/feed.xml: HTTP 404",
     "http://***@wire.example/feed.xml: HTTP 404"),
    ("source 'W' (https://KEYONLY@api.example/rss): 0 read",
     "source 'W' (https://***@api.example/rss): 0 read"),
    ("https://api.example/rss?apikey=abc&lang=en&access_token=xyz",
     "https://api.example/rss?apikey=***&lang=en&access_token=***"),
    ("https://b.s3.amazonaws.com/f.xml?X-Amz-Credential=AK%2F1&X-Amz-Signature=9f0e&x=1, then",
     "https://b.s3.amazonaws.com/f.xml?X-Amz-Credential=***&X-Amz-Signature=***&x=1, then"),
    ("https://x.example/f?sig=abc&se=2026&Password=p&client_secret=s&author=ann",
     "https://x.example/f?sig=***&se=2026&Password=***&client_secret=***&author=ann"),
    ("(https://x.example/f?token=abc)", "(https://x.example/f?token=***)"),
    ("HTTPS://a:b@X.example", "HTTPS://***@X.example"),
    ("https://www.defense.gov/RSS.ashx?ContentType=9&Site=945#k=1",
     "https://www.defense.gov/RSS.ashx?ContentType=9&Site=945#k=1"),
    ("give them in HTTPS_PROXY=http://user:password@host:port", None),
    ("mail bob@example.org about http://example.org/a?page=2", None),
    ("/srv/news/a.txt: not UTF-8", None),
])
def test_secrets_in_addresses_are_masked(text, shown):
    assert redact_urls(text) == (text if shown is None else shown)


def test_every_message_line_masks_them():
    """`one_line` is what every warning, note and error passes through on its way to
    stderr, the scheduler's log and the briefing's notes."""
    assert one_line("x: http://a:pw@h.example/f\n") == "x: http://***@h.example/f\\n"


def test_a_long_line_is_masked_in_linear_time(run_cli, tmp_path):
    """A warning quotes what a source gave (two JSON Lines rows of one id name that id):
    an id of 60,000 characters shaped as a keyed address followed by closing brackets took
    `redact_urls` 20 s (1 MB: hours, a build that never ended), as it looked for the
    brackets closing the value from each of them in turn."""
    long_id = "https://x.example/?token=" + ")" * 60_000 + "a"
    rows = [{"id": long_id, "title": title, "text": f"{title}. The council met on Sunday."}
            for title in ("Flood in the valley", "Budget vote passes")]
    source = tmp_path / "news.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in rows))

    started = time.monotonic()
    r = run_cli("read", source)

    assert time.monotonic() - started < 5.0
    assert r.code == 0, r.err
    assert "its id 'https://x.example/?token=***' is taken" in r.err
    assert redact_urls("(https://x.example/?token=" + ")" * 20 + "a).") == (
        "(https://x.example/?token=***).")


def test_an_address_of_another_scheme_does_not_print_its_password(run_cli, tmp_path,
                                                                  monkeypatch):
    """An ftp:// feed, refused, is still a login written in the config: a SOCKS proxy's
    (socks5://user:password@host) or an SMTP server's address carries one just the same."""
    monkeypatch.chdir(tmp_path)
    configure(tmp_path, ("Wire", "ftp://alice:Pa55w0rd@wire.example/feed.xml"))

    r = run_cli("ingest")

    assert r.code != 0
    assert r.err.splitlines() == [
        f"error: {tmp_path / 'briefing.toml'}: sources.feed[1].url = "
        "'ftp://***@wire.example/feed.xml' must be an http:// or https:// address"]
    assert redact_urls("proxy socks5h://bob:pw@proxy.example:1080 refused") == (
        "proxy socks5h://***@proxy.example:1080 refused")


@pytest.mark.parametrize(("url", "error"), [
    # a password with a "/", "?" or "#" not written %2F, %3F, %23 (README): the address
    # ends at it, so its host reads "alice" and its port "Pa55"
    ("https://alice:Pa55/w0rd@wire.example/feed.xml",
     "error: {config}: sources.feed[1].url = 'https://***@wire.example/feed.xml': not a "
     "valid URL (its port is not a number: a user name or password in it writes / ? # @ "
     "as %2F %3F %23 %40)"),
    ("https://alice:Pa55#w0rd@wire.example/feed.xml",
     "error: {config}: sources.feed[1].url = 'https://***@wire.example/feed.xml': not a "
     "valid URL (its port is not a number: a user name or password in it writes / ? # @ "
     "as %2F %3F %23 %40)"),
    ("https://wire.example:rss/feed.xml",
     "error: {config}: sources.feed[1].url = 'https://wire.example:rss/feed.xml': not a "
     "valid URL (its port is not a number)"),
])
def test_a_refused_address_does_not_print_its_password(run_cli, tmp_path, monkeypatch, url,
                                                      error):
    monkeypatch.chdir(tmp_path)
    configure(tmp_path, ("Wire", url))

    r = run_cli("ingest")

    assert r.code != 0
    assert r.err.splitlines() == [error.format(config=tmp_path / "briefing.toml")]
    assert "w0rd" not in r.err


# --- a build from feeds that need a login or a key ---------------------------------------


def test_a_feed_with_a_password_or_a_key_is_read_and_neither_is_ever_shown(
        run_cli, tmp_path, monkeypatch, server):
    monkeypatch.chdir(tmp_path)
    configure(tmp_path,
              ("Wire", with_userinfo(server, f"alice:{PASSWORD}", "/feed.xml")),
              ("Keyed", server.url(f"/feed.xml?apikey={KEY}&lang=en")),
              ("Refused", with_userinfo(server, "bob:wrongPW", "/feed.xml")))

    r = run_cli("build", "--date", DAY, "--format", "md,html,json")

    assert r.code == 0, r.err
    assert "note: source 'Wire' (http://***@127.0.0.1:" in r.err
    assert "note: source 'Keyed' (" in r.err and "?apikey=***&lang=en): 2 read" in r.err
    assert "Refused" in r.err  # its failure is told, without the password tried
    everything = r.out + r.err + everything_written(tmp_path).decode()
    for secret in (PASSWORD, KEY, "wrongPW"):
        assert secret not in everything


def test_a_feed_that_wants_a_login_says_so_in_one_line(run_cli, tmp_path, monkeypatch,
                                                       server):
    """A 401 read "HTTP 401 Unauthorized": not where the login goes, nor, with one given,
    that it was the login the server turned down."""
    monkeypatch.chdir(tmp_path)
    bare, wrong = server.url("/feed.xml"), with_userinfo(server, "bob:wrongPW", "/feed.xml")
    configure(tmp_path, ("Bare", bare), ("Wrong", wrong),
              ("Wire", with_userinfo(server, f"alice:{PASSWORD}", "/feed.xml")))

    r = run_cli("ingest")

    assert r.code == 0, r.err
    warnings = [x for x in r.err.splitlines() if x.startswith("warning: source") and "401" in x]
    shown = bare.replace("http://", "http://***@")
    assert warnings == [
        f"warning: source 'Bare': {bare}: asks for a user name and password (HTTP 401 "
        "Unauthorized); a configured source takes them in its URL: http://user:password@host/…",
        f"warning: source 'Wrong': {shown}: did not accept the user name and password in "
        "the source's URL (HTTP 401 Unauthorized)",
    ]


@pytest.mark.parametrize(("url", "link"), [
    ("https://alice:pw@wire.example/a1?id=1#top", "https://wire.example/a1?id=1#top"),
    ("https://wire.example/a1?token=T&id=1&apiKey=K", "https://wire.example/a1?id=1"),
    ("https://wire.example/a1?token=T", "https://wire.example/a1"),
    ("https://www.example.org/a?page=2&q=a%20b", "https://www.example.org/a?page=2&q=a%20b"),
    # parameters a site's own pages are found by: only a message masks a name this loose
    ("https://news.example/story.aspx?key=5521&session=3&sig=main&auth=ap",
     "https://news.example/story.aspx?key=5521&session=3&sig=main&auth=ap"),
    ("https://news.example/a?keywords=defence&sessionid=S&access_token=T&X-Amz-Signature=G",
     "https://news.example/a?keywords=defence"),
    ("", ""),
    # what urlsplit reads otherwise than the checks of a link did: no link at all
    ("https://x.example/a?token=T\n\n[z]:javascript:alert(1)", ""),
    ("https://x.example/a\n\n[z]:javascript:alert(1)",
     "https://x.example/a\n\n[z]:javascript:alert(1)"),  # as it was: safe_url refuses it
    ("http://8.8.8.8\\@localhost/a?token=T", ""),
])
def test_a_link_is_printed_without_the_secrets_it_carries(url, link):
    assert without_secrets(url) == link


def test_article_links_carrying_the_feeds_token_or_password_are_printed_without_them(
        run_cli, tmp_path, monkeypatch, server):
    """A subscriber's feed links its articles with the subscriber's token (or login): a
    briefing mailed to a list printed them in every citation, handing the subscription to
    each reader. The link is printed without them: a reader signs in with their own."""
    monkeypatch.chdir(tmp_path)
    server.routes["/feed.xml"] = wire(
        server, f"/a1?token={KEY}&id=1", with_userinfo(server, f"alice:{PASSWORD}", "/a2"))
    configure(tmp_path, ("Wire", with_userinfo(server, f"alice:{PASSWORD}", "/feed.xml")))

    assert run_cli("build", "--date", DAY, "--format", "md,html,json").code == 0
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text())
    assert sorted(a["url"] for a in data["articles"]) == [server.url("/a1?id=1"),
                                                           server.url("/a2")]
    markdown = (tmp_path / "out" / DAY / "briefing.md").read_text()
    assert f"]({server.url('/a1?id=1')})" in markdown  # still a link, to the page
    story = data["sections"][0]["stories"][0]["follow"]["story_id"]
    r = run_cli("story", story)
    assert r.code == 0, r.err
    history = run_cli("stories", "--history")
    assert history.code == 0, history.err
    everything = r.out + history.out + everything_written(tmp_path).decode()
    assert PASSWORD not in everything and KEY not in everything


def test_a_login_goes_along_a_redirect_on_its_site_and_never_to_another(server):
    """A feed moved on its own site (a relative Location) still gets its login; one that
    redirects elsewhere must not hand the Authorization header to that other host."""
    with serve({"/feed.xml": lambda h: send(h, 200, feed_body("https://x.example"), RSS)}
               ) as elsewhere:
        server.routes["/moved.xml"] = redirect("/feed.xml", 301)
        server.routes["/away.xml"] = redirect(elsewhere.url("/feed.xml"))
        settings = FetchSettings(timeout_s=3.0, allow_private_links=True)

        moved = fetch(with_userinfo(server, f"alice:{PASSWORD}", "/moved.xml"), settings)
        away = fetch(with_userinfo(server, f"alice:{PASSWORD}", "/away.xml"), settings)

    assert moved.status == away.status == 200
    [(_, headers)] = elsewhere.requests
    assert "authorization" not in {name.lower() for name in headers}
