"""Links found inside a source never reach private addresses (server-side request forgery).

Two real HTTP servers on 127.0.0.1, on different ports: `public` stands for a news site,
whose feed is the configured source (the user named it, so its own address is allowed),
and `internal` for a service on the user's network that no feed may make us read; it
records every request, and most tests assert it received none. A spy on
`socket.socket.connect` records every connection attempted and refuses any that would
leave this machine, so "refused before any connection" is checked, not assumed.

Covers briefing/sources/addresses.py, the address rule in fetch.py and the follow-up cap
in web.py, and the config keys sources.allow_private_links and sources.max_followups.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import pytest
from httpserver import LocalServer, fixture, redirect, send

from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.sources.addresses import LinkRule, RefusedAddress, address_kind, origin
from briefing.sources.fetch import FetchSettings, fetch
from briefing.sources.limits import ReadLimits
from briefing.sources.web import read_feed_file, read_url

RSS = "application/rss+xml"
HTML = "text/html; charset=utf-8"
DAY = "2024-12-09"
SETTINGS = FetchSettings(timeout_s=3.0, max_bytes=1_000_000, parallel=4)
SECRET = "INTERNAL-SECRET-TOKEN-1"
METADATA = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"

# A page long enough to be an article, so that if it were fetched its text would win.
SECRET_PAGE = (
    "<!doctype html><html><head><title>Operations wiki</title></head><body><article>"
    "<h1>Operations wiki: service accounts</h1>"
    + "".join(
        f"<p>Paragraph {i}. {SECRET} is the key of the billing service, and the database "
        "password for the reporting replica is hunter1, rotated every quarter by the "
        "operations team on duty that week.</p>"
        for i in range(12)
    )
    + "</article></body></html>"
).encode()


def teaser_feed(links: list[str], title: str = "Wire") -> bytes:
    """An RSS feed whose entries are short teasers: each one's page would be fetched."""
    items = "".join(
        f"<item><title>Teaser {i}</title><link>{link}</link><guid>teaser-{i}</guid>"
        f"<pubDate>Mon, 09 Dec 2024 0{i % 10}:00:00 +0000</pubDate>"
        f"<description>Officials said on Monday that talks would resume... Read more"
        f"</description></item>"
        for i, link in enumerate(links)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://wire.example/</link><description>News</description>{items}"
            "</channel></rss>").encode()


def port_of(server: LocalServer) -> int:
    return int(server.base.rsplit(":", 1)[1])


@pytest.fixture
def internal():
    srv = LocalServer({"/secret": lambda h: send(h, 200, SECRET_PAGE, HTML)}).start()
    yield srv
    srv.stop()


@pytest.fixture
def public(internal):
    srv = LocalServer({}).start()
    srv.routes.update({
        "/pages/cold-weather-gear.html": fixture("cold-weather-gear.html", HTML),
        "/go-internal": redirect(internal.url("/secret")),
        "/moved-inside": redirect(internal.url("/secret"), 301),
    })
    yield srv
    srv.stop()


@pytest.fixture
def connects(monkeypatch):
    """Every TCP connection attempted, as (host, port); one off this machine is refused
    before it is made (tests use loopback only)."""
    attempted: list[tuple[str, int]] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        attempted.append((address[0], address[1]))
        if not ipaddress.ip_address(address[0].split("%")[0]).is_loopback:
            raise ConnectionRefusedError(f"test: no connection off this machine ({address[0]})")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return attempted


# --- which addresses are public ----------------------------------------------------------


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("fc00::1", "private"),
    ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"),
    ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("240.0.0.1", "private"),  # reserved for future use; Python files it under private
    ("100.64.0.1", "non-public"),  # carrier-grade NAT
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6: what it maps to decides
    ("::ffff:169.254.169.254", "link-local"),
    ("64:ff9b::a00:1", "private"),  # NAT64 of 10.0.0.1
    ("2002:7f00:1::1", "loopback"),  # 6to4 of 127.0.0.1
    ("8.8.8.8", None),
    ("93.184.216.34", None),
    ("::ffff:8.8.8.8", None),
    ("2606:4700:4700::1111", None),
    ("64:ff9b::808:808", None),  # DNS64's spelling of 8.8.8.8
])
def test_address_kinds(address, kind):
    assert address_kind(address) == kind


def test_origins_and_the_rule_for_found_links():
    assert origin("HTTP://Example.org./a?b") == ("http", "example.org", 80)
    assert origin("https://[::1]:8443/") == ("https", "::1", 8443)
    assert origin("ftp://example.org/") is None
    rule = LinkRule.found_in("http://intranet:8080/feed.rss")
    assert rule.trusts("http://intranet:8080/pages/1")
    assert rule.trusts("http://INTRANET:8080/other")
    assert rule.trusts("https://intranet:8080/pages/1")  # the same port upgraded to https
    assert not rule.trusts("https://intranet/pages/1")  # https, but on another port
    assert not rule.trusts("http://intranet/pages/1")  # another port
    assert not rule.trusts("http://intranet:8080.evil.example/")
    assert not LinkRule.found_in("/home/me/saved.rss").trusts("http://127.0.0.1/")
    assert LinkRule.found_in("/home/me/saved.rss", allow_private=True).trusts("http://10.0.0.1/")


def test_an_http_source_upgraded_to_https_is_its_own_origin():
    """http://host redirected to https://host is the web's most common redirect: the site's
    own, so it goes where the source goes (through the proxy, on a private address too).
    A downgrade, another port or another host is held to the rule for found links."""
    rule = LinkRule.found_in("http://example.org/feed.xml")
    assert rule.trusts("https://example.org/feed.xml")
    assert rule.trusts("https://example.org:443/world/1")
    assert LinkRule.found_in("http://example.org:80/feed.xml").trusts("https://example.org/")
    assert not rule.trusts("https://example.org:8443/feed.xml")  # another port
    assert not rule.trusts("https://www.example.org/feed.xml")  # another host
    assert not rule.trusts("http://example.org:443/feed.xml")  # http on https's port
    secure = LinkRule.found_in("https://example.org/feed.xml")
    assert not secure.trusts("http://example.org/feed.xml")  # a downgrade
    assert not secure.trusts("http://example.org:443/feed.xml")


# --- a public feed's teaser links -----------------------------------------------------------


def test_teaser_links_to_internal_addresses_are_never_fetched(public, internal, connects):
    links = [
        internal.url("/secret"),  # another port of this machine: another origin
        f"http://localhost:{port_of(internal)}/secret",
        public.url("/go-internal"),  # same origin, but redirects to the internal server
        METADATA,  # a cloud's metadata service
        f"http://[::ffff:127.0.0.1]:{port_of(internal)}/secret",
        public.url("/pages/cold-weather-gear.html"),  # the feed's own origin: followed
    ]
    public.routes["/feed.rss"] = lambda h: send(h, 200, teaser_feed(links), RSS)
    feed = public.url("/feed.rss")
    warnings: list[str] = []

    articles = read_url(feed, SETTINGS, tz=UTC, warnings=warnings)

    assert internal.requests == []
    internal_port = port_of(internal)
    assert not [a for a in connects if a[1] == internal_port or a[0] == "169.254.169.254"]
    assert len(articles) == len(links)  # each entry is still briefed, from the feed's text
    assert not any(SECRET in a.text or "hunter1" in a.text for a in articles)
    by_title = {a.title: a for a in articles}
    assert "Arctic" in by_title["Teaser 5"].text  # the same-origin page was read
    assert by_title["Teaser 5"].url == public.url("/pages/cold-weather-gear.html")
    for i in range(5):  # a refused link is not kept either: nothing of it reaches a briefing
        assert by_title[f"Teaser {i}"].url == ""
        assert by_title[f"Teaser {i}"].text.startswith("Officials said on Monday")
    # one line per refused host, naming the feed and the host
    assert sorted(warnings) == sorted([
        f"{feed}: 2 links to 127.0.0.1 not fetched (loopback address); links found inside a "
        "source may reach only public addresses or the source's own origin "
        "(sources.allow_private_links = true lifts this)",
        f"{feed}: a link to localhost not fetched (loopback address); links found inside a "
        "source may reach only public addresses or the source's own origin "
        "(sources.allow_private_links = true lifts this)",
        f"{feed}: a link to 169.254.169.254 not fetched (link-local address); links found "
        "inside a source may reach only public addresses or the source's own origin "
        "(sources.allow_private_links = true lifts this)",
        f"{feed}: a link to ::ffff:127.0.0.1 not fetched (loopback address); links found "
        "inside a source may reach only public addresses or the source's own origin "
        "(sources.allow_private_links = true lifts this)",
    ])
    # the feed, the redirecting hop, the page (the last two in either order: in parallel)
    assert sorted(p for p, _ in public.requests) == [
        "/feed.rss", "/go-internal", "/pages/cold-weather-gear.html"]


def test_the_metadata_address_is_refused_before_any_connection(public, connects):
    started = time.monotonic()
    with pytest.raises(RefusedAddress) as info:
        fetch(METADATA, SETTINGS, found_in=public.url("/feed.rss"))
    assert time.monotonic() - started < 1.0
    assert connects == []  # not even attempted
    assert info.value.host == "169.254.169.254"
    assert str(info.value) == f"{METADATA}: not fetched (169.254.169.254 is a link-local address)"


@pytest.mark.parametrize("link, host, kind", [
    ("http://0.0.0.0:8080/", "0.0.0.0", "an unspecified"),
    ("http://[::1]:8080/", "::1", "a loopback"),
    ("https://10.0.0.1/admin", "10.0.0.1", "a private"),
    ("http://224.0.0.1/", "224.0.0.1", "a multicast"),
    ("http://[fe80::1]/", "fe80::1", "a link-local"),
    ("http://2130706433/", "2130706433", "a loopback"),  # 127.0.0.1 spelled as one number
])
def test_every_private_kind_is_refused_unconnected(connects, link, host, kind):
    with pytest.raises(RefusedAddress) as info:
        fetch(link, SETTINGS, found_in="https://wire.example/feed.rss")
    assert str(info.value) == f"{link}: not fetched ({host} is {kind} address)"
    assert connects == []


def test_a_redirect_is_checked_at_every_hop(public, internal, connects):
    found = public.url("/go-internal")
    with pytest.raises(RefusedAddress) as info:
        fetch(found, SETTINGS, found_in=public.url("/feed.rss"))
    assert str(info.value) == (f"{found}: not fetched (redirect to {internal.url('/secret')}; "
                               "127.0.0.1 is a loopback address)")
    # A configured URL may be on a private address, and so may its redirects on its own
    # origin; a redirect from it to another private origin is a URL found inside it.
    with pytest.raises(RefusedAddress):
        fetch(public.url("/moved-inside"), SETTINGS)
    assert internal.requests == []
    assert port_of(internal) not in {p for _, p in connects}


def test_the_address_connected_to_is_the_one_checked(public, internal, connects, monkeypatch):
    """DNS rebinding: a name that resolves to a public address for a check and to the
    internal server a moment later. The resolver below plays the attacker's DNS server
    (the only stand-in here): the name is resolved once, the address checked is the one
    connected to, and the internal server is never reached."""
    real_getaddrinfo = socket.getaddrinfo
    answers = iter(["93.184.216.34"])

    def attacker_dns(host, port, *args, **kwargs):
        if host == "rebind.example":
            address = next(answers, "127.0.0.1")  # public first, this machine after
            return real_getaddrinfo(address, port, *args, **kwargs)
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", attacker_dns)
    link = f"http://rebind.example:{port_of(internal)}/secret"
    with pytest.raises(Exception) as info:
        fetch(link, SETTINGS, found_in=public.url("/feed.rss"))
    assert "could not fetch" in str(info.value)  # 93.184.216.34 was tried, and refused by the spy
    assert connects == [("93.184.216.34", port_of(internal))]
    assert internal.requests == []


def test_a_private_feed_still_reaches_its_own_pages(public, internal):
    """An intranet feed (here on 127.0.0.1) linking to its own pages: the same origin."""
    internal.routes["/feed.rss"] = lambda h: send(
        h, 200, teaser_feed([internal.url("/secret")]), RSS)
    [article] = read_url(internal.url("/feed.rss"), SETTINGS, tz=UTC)
    assert SECRET in article.text
    assert [p for p, _ in internal.requests] == ["/feed.rss", "/secret"]


def test_a_saved_feed_file_has_no_origin_of_its_own(tmp_path, internal):
    path = tmp_path / "saved.rss"
    path.write_bytes(teaser_feed([internal.url("/secret")]))
    warnings: list[str] = []
    [article] = read_feed_file(path, SETTINGS, tz=UTC, warnings=warnings)
    assert SECRET not in article.text and internal.requests == []
    assert warnings[0].startswith(f"{path}: a link to 127.0.0.1 not fetched (loopback address)")


def test_allow_private_links_follows_them(public, internal):
    public.routes["/feed.rss"] = lambda h: send(
        h, 200, teaser_feed([internal.url("/secret"), public.url("/go-internal")]), RSS)
    allow = FetchSettings(timeout_s=3.0, allow_private_links=True)
    articles = read_url(public.url("/feed.rss"), allow, tz=UTC)
    assert all(SECRET in a.text for a in articles)
    assert [p for p, _ in internal.requests] == ["/secret", "/secret"]


# --- at most max_followups follow-up fetches per feed ----------------------------------------


def test_three_thousand_teasers_cause_at_most_fifty_page_fetches(public):
    links = [public.url(f"/story/{i}") for i in range(3000)]
    public.routes.update({f"/story/{i}": fixture("cold-weather-gear.html", HTML)
                          for i in range(3000)})
    public.routes["/big.rss"] = lambda h: send(h, 200, teaser_feed(links), RSS)
    feed = public.url("/big.rss")
    warnings: list[str] = []

    # every entry read (the entries cap, sources.max_entries_per_feed, is 1,000 by default)
    all_entries = replace(SETTINGS, limits=ReadLimits(max_entries=3000))
    articles = read_url(feed, all_entries, tz=UTC, warnings=warnings)

    pages = [p for p, _ in public.requests if p.startswith("/story/")]
    assert sorted(pages) == sorted(f"/story/{i}" for i in range(50))  # the feed's first 50
    assert len(articles) == 3000  # the others are briefed from the feed's own text
    assert sum("Arctic" in a.text for a in articles) == 50
    assert warnings == [f"{feed}: 2,950 of 3,000 teaser entries not followed to their pages "
                        "(sources.max_followups = 50); briefed from the feed's own text"]


# --- through the command line, from the config -----------------------------------------------


def configure(root: Path, feed_url: str, extra: str = "") -> None:
    (root / "briefing.toml").write_text(
        '[briefing]\ntimezone = "UTC"\n\n[sources]\npaths = []\n' + extra
        + f'\n[[sources.feed]]\nname = "Wire"\nkind = "feed"\nurl = "{feed_url}"\n')


def everything_written(root: Path) -> bytes:
    """Every byte the build left behind: the briefing's files and the SQLite store."""
    return b"".join(p.read_bytes() for p in sorted((root / "out").rglob("*")) if p.is_file())


def test_a_build_never_reads_the_internal_server(run_cli, tmp_path, monkeypatch, public,
                                                 internal):
    monkeypatch.chdir(tmp_path)
    links = [internal.url("/secret"), f"http://localhost:{port_of(internal)}/secret",
             public.url("/go-internal"), METADATA]
    public.routes["/feed.rss"] = lambda h: send(h, 200, teaser_feed(links), RSS)
    configure(tmp_path, public.url("/feed.rss"))

    r = run_cli("build", "--date", DAY, "--format", "md,html,json")

    assert r.code == 0, r.err
    assert internal.requests == []
    written = everything_written(tmp_path)
    assert SECRET.encode() not in written and b"hunter1" not in written
    assert str(port_of(internal)).encode() not in written  # not even the refused links
    refused = [line for line in r.err.splitlines() if "not fetched" in line]
    assert sorted(refused) == sorted(
        f"warning: source 'Wire': {public.url('/feed.rss')}: {links} to {host} not fetched "
        f"({kind} address); links found inside a source may reach only public addresses or "
        "the source's own origin (sources.allow_private_links = true lifts this)"
        for links, host, kind in [("2 links", "127.0.0.1", "loopback"),
                                  ("a link", "localhost", "loopback"),
                                  ("a link", "169.254.169.254", "link-local")])
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text())
    assert len(data["articles"]) == 4  # the entries themselves are still briefed


def test_the_config_opts_in_to_private_links_and_caps_followups(run_cli, tmp_path,
                                                                monkeypatch, public, internal):
    monkeypatch.chdir(tmp_path)
    feed = teaser_feed([internal.url("/secret"), internal.url("/secret")])
    public.routes["/feed.rss"] = lambda h: send(h, 200, feed, RSS)
    configure(tmp_path, public.url("/feed.rss"),
              "allow_private_links = true\nmax_followups = 1\n")

    r = run_cli("build", "--date", DAY, "--format", "json")

    assert r.code == 0, r.err
    assert [p for p, _ in internal.requests] == ["/secret"]  # allowed, and only one
    assert (f"warning: source 'Wire': {public.url('/feed.rss')}: 1 of 2 teaser entries not "
            "followed to their pages (sources.max_followups = 1); briefed from the feed's own "
            "text") in r.err
    assert SECRET in (tmp_path / "out" / DAY / "briefing.json").read_text()


@pytest.mark.parametrize("toml, message", [
    ("max_followups = -1", "sources.max_followups must be from 0 to 10000, not -1"),
    ('allow_private_links = "yes"', "sources.allow_private_links"),
])
def test_the_address_keys_are_checked_at_load(tmp_path, toml, message):
    path = tmp_path / "briefing.toml"
    path.write_text(f"[sources]\n{toml}\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert message in str(info.value) and str(path) in str(info.value)
