"""A link found inside a source is printed as a link only to a public host or the source's own.

A feed's entry links, a page's, an article file's `url` are written by someone else. A
recipient who clicks one in the mailed briefing connects from their own network: a link
to their router's admin page or an intranet form (CSRF) must not be clickable. Such a
link is shown as a javascript: link is: the article cited by its title, not linked, and
its URL only recorded in briefing.json (with why). Hosts are read as a browser reads them
(WHATWG: "0177.0.0.2", "2130706433" and "0x7f.1" are 127.x addresses), by syntax alone:
nothing is looked up at render time.

Everything goes through the command line: a feed served on 127.0.0.1 (its own links stay
clickable: it is the configured source) and a folder of article files, built into every
format and mailed to the outbox; the outputs are read back (lxml, pypdf, the .eml).
"""

from __future__ import annotations

import json
import sqlite3
from email import policy
from email.parser import BytesParser
from pathlib import Path

import lxml.html
import pytest
from httpserver import LocalServer, send

from briefing.sources.addresses import link_refusal
from briefing.urls import browser_host

pypdf = pytest.importorskip("pypdf")

RSS = "application/rss+xml"
DAY = "2024-12-09"

# (link found inside a source, why it is no link); every one reaches the reader's network
PRIVATE = [
    ("http://0177.0.0.2/admin", "127.0.0.2 is a loopback address"),  # octal
    ("http://2130706434/", "127.0.0.2 is a loopback address"),  # one number
    ("http://0x7f.2/", "127.0.0.2 is a loopback address"),  # hex, two parts
    ("http://[::ffff:127.0.0.2]/", "::ffff:127.0.0.2 is a loopback address"),
    ("http://localhost./", "localhost is a local name"),
    ("http://router.localhost/setup", "router.localhost is a local name"),
    ("http://192.168.1.1/cgi-bin/reboot", "192.168.1.1 is a private address"),
    ("http://[fc00::1]/", "fc00::1 is a private address"),
    ("http://169.254.169.254/latest/", "169.254.169.254 is a link-local address"),
    ("http://0.0.0.0:8080/", "0.0.0.0 is an unspecified address"),
    ("http://intranet/wiki", "intranet is a local name"),
    ("http://nas.local/share", "nas.local is a local name"),
]
PUBLIC = "https://news.example.org/world/harbour-talks"
FILE_PRIVATE = "http://10.20.30.40/hr/payroll"  # an article file's url field

PLACES = ["Aleppo", "Kherson", "Mosul", "Gaza", "Benghazi", "Juba", "Goma", "Sanaa",
          "Kabul", "Tripoli", "Mogadishu", "Idlib", "Bakhmut", "Khartoum", "Raqqa"]


def story(i: int) -> str:
    """A full article's text (well over a teaser's length), about its own place."""
    place = PLACES[i]
    return " ".join(
        f"Troops moved into {place} on Monday after artillery struck the outskirts of "
        f"{place} overnight, officials said. The defence ministry said {i + 3} brigades "
        f"were deployed near {place} and that air strikes hit supply depots. Residents of "
        f"{place} fled south as shelling continued, according to the regional governor."
        for _ in range(4))


def title(i: int) -> str:
    return f"Fighting intensifies around {PLACES[i]}"


def feed(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{title(i)}</title><link>{link.replace('&', '&amp;')}</link>"
        f"<guid>entry-{i}</guid><pubDate>Mon, 09 Dec 2024 0{i % 10}:00:00 +0000</pubDate>"
        f"<description>{story(i)}</description></item>"
        for i, link in enumerate(links))
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>http://wire.example/</link><description>News</description>{items}"
            "</channel></rss>").encode()


@pytest.fixture
def server():
    srv = LocalServer({}).start()
    yield srv
    srv.stop()


def setup_day(root: Path, server: LocalServer) -> dict[str, str]:
    """The feed (private links, one public, one to the feed's own host) and a folder with
    an article file whose url is private; {title: link} of every article."""
    own = server.url("/post/1")  # on 127.0.0.1, like the feed itself
    links = [link for link, _ in PRIVATE] + [PUBLIC, own]
    server.routes["/feed.rss"] = lambda h: send(h, 200, feed(links), RSS)
    folder = root / "articles"
    folder.mkdir()
    n = len(links)
    (folder / "payroll.md").write_text(
        f"---\ntitle: {title(n)}\nurl: {FILE_PRIVATE}\npublished: 2024-12-09T08:00:00Z\n"
        f"---\n\n{story(n)}\n")
    return {**{title(i): link for i, link in enumerate(links)}, title(n): FILE_PRIVATE}


def refused(links: dict[str, str], own: str) -> dict[str, str]:
    return {t: u for t, u in links.items() if u not in (PUBLIC, own)}


def hrefs_of(html: str) -> set[str]:
    return {a.get("href") for a in lxml.html.document_fromstring(html).iter("a")}


def test_links_to_private_hosts_are_plain_text_in_every_output(run_cli, tmp_path, monkeypatch,
                                                                server):
    monkeypatch.chdir(tmp_path)
    links = setup_day(tmp_path, server)
    own = server.url("/post/1")
    (tmp_path / "briefing.toml").write_text(
        '[briefing]\ntimezone = "UTC"\n\n[sources]\npaths = ["articles"]\n\n'
        f'[[sources.feed]]\nname = "Wire"\nkind = "feed"\nurl = "{server.url("/feed.rss")}"\n'
        '\n[email]\nto = ["ann@example.org"]\nsender = "desk@briefing.test"\n')

    r = run_cli("build", "--date", DAY)
    assert r.code == 0, r.err
    r = run_cli("send", "--date", DAY)
    assert r.code == 0, r.err

    out = tmp_path / "out" / DAY
    html = (out / "briefing.html").read_text()
    md = (out / "briefing.md").read_text()
    (eml,) = (tmp_path / "out" / "outbox").glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    mail_html = message.get_body(("html",)).get_content()
    mail_text = message.get_body(("plain",)).get_content()
    reader = pypdf.PdfReader(out / "briefing.pdf")
    pdf_uris = {a.get_object()["/A"].get("/URI") for page in reader.pages
                for a in page.get("/Annots") or []
                if a.get_object().get("/A", {}).get("/URI")}

    # every article is still there, cited by its title
    for t in links:
        for name, text in [("html", html), ("md", md), ("mail html", mail_html),
                           ("mail text", mail_text)]:
            assert t in text, (name, t)
    # the public link and the feed's own page are links everywhere
    for url in (PUBLIC, own):
        assert url in hrefs_of(html) and url in hrefs_of(mail_html) and url in pdf_uris
        assert f"]({url})" in md and f"<{url}>" in mail_text
    # the others are no link anywhere, and not printed as text either (as javascript: links)
    for url in refused(links, own).values():
        for name, text in [("html", html), ("md", md), ("mail html", mail_html),
                           ("mail text", mail_text)]:
            assert url not in text, (name, url)
        assert url not in pdf_uris
    host_parts = {"0177.0.0.2", "2130706434", "0x7f.2", "127.0.0.2", "router.localhost",
                  "192.168.1.1", "169.254.169.254", "nas.local", "10.20.30.40"}
    assert not [u for u in pdf_uris if any(h in u for h in host_parts)]

    # briefing.json keeps the URL for the record, and says why it is no link
    data = json.loads((out / "briefing.json").read_text())
    by_title = {a["title"]: a for a in data["articles"]}
    expected = {**dict(PRIVATE), FILE_PRIVATE: "10.20.30.40 is a private address"}
    for t, url in links.items():
        assert by_title[t]["url"] == url
        assert by_title[t]["link_refused"] == expected.get(url, ""), t


def test_articles_stored_before_the_rule_are_judged_when_read(run_cli, tmp_path, monkeypatch,
                                                               server):
    """A store written by an earlier version has no link_refused (NULL): the article is
    judged by its URL and the source it came in by, not linked by default."""
    monkeypatch.chdir(tmp_path)
    links = setup_day(tmp_path, server)
    own = server.url("/post/1")
    (tmp_path / "briefing.toml").write_text(
        '[briefing]\ntimezone = "UTC"\n\n[sources]\npaths = ["articles"]\n\n'
        f'[[sources.feed]]\nname = "Wire"\nkind = "feed"\nurl = "{server.url("/feed.rss")}"\n')
    assert run_cli("build", "--date", DAY, "--format", "md").code == 0
    with sqlite3.connect(tmp_path / "out" / "briefing.db") as db:
        db.execute("UPDATE articles SET link_refused = NULL")
    server.routes.clear()  # the feed is gone: the briefing is made from the store alone
    (tmp_path / "out" / DAY / "briefing.md").unlink()

    r = run_cli("build", "--date", DAY, "--format", "md,json")

    assert r.code == 0, r.err
    md = (tmp_path / "out" / DAY / "briefing.md").read_text()
    assert f"]({PUBLIC})" in md and f"]({own})" in md
    for url in refused(links, own).values():
        assert url not in md
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text())
    assert {a["url"] for a in data["articles"] if a["link_refused"]} == set(
        refused(links, own).values())


def test_a_named_source_is_held_to_the_same_rule(run_cli, tmp_path, monkeypatch, server):
    """build --source: the feed's own links stay links, the rest are text."""
    monkeypatch.chdir(tmp_path)
    links = setup_day(tmp_path, server)
    own = server.url("/post/1")

    r = run_cli("build", "--date", DAY, "--source", server.url("/feed.rss"),
                "--source", "articles", "--format", "md,html")

    assert r.code == 0, r.err
    html = (tmp_path / "out" / DAY / "briefing.html").read_text()
    md = (tmp_path / "out" / DAY / "briefing.md").read_text()
    assert {PUBLIC, own} <= hrefs_of(html)
    for url in refused(links, own).values():
        assert url not in html and url not in md


@pytest.mark.parametrize("url, host", [
    ("http://0177.0.0.2/", "127.0.0.2"),
    ("http://2130706433/", "127.0.0.1"),
    ("http://0x7f.1/", "127.0.0.1"),
    ("http://0x7F000001/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"),
    ("http://127.0.0.1./", "127.0.0.1"),
    ("http://127.0.0.%31/", "127.0.0.1"),  # a browser decodes the host first
    ("http://１２７。０.０.１/", "127.0.0.1"),  # full-width digits and dot (UTS #46)
    ("http://127.0.0.1\\@news.example.org/", "127.0.0.1"),  # "\" ends the host, as "/" does
    ("http://user@192.168.0.1:8080/x", "192.168.0.1"),
    ("http://[::FFFF:127.0.0.1]/", "::ffff:127.0.0.1"),
    ("HTTPS://News.Example.ORG./a", "news.example.org"),
    ("http://1.2.3.4.5/", None),  # a browser refuses these: never a link
    ("http://256.1.1.1/", None),
    ("http://0x/", "0.0.0.0"),
    ("http://09.1.1.1/", None),
    ("javascript:alert(1)", None),
])
def test_hosts_are_read_as_a_browser_reads_them(url, host):
    assert browser_host(url) == host


@pytest.mark.parametrize("url, found_in, allow, why", [
    ("https://www.example.org/a", "", False, ""),
    ("http://93.184.216.34/", "", False, ""),
    ("http://[2606:4700:4700::1111]/", "", False, ""),
    ("http://intranet.corp/x", "http://intranet.corp/feed.xml", False, ""),  # its own host
    ("https://intranet.local/post/1", "http://INTRANET.local./feed.xml", False, ""),
    ("http://0177.0.0.1:9/", "http://127.0.0.1:8000/feed", False, ""),  # same host, spelt so
    ("http://intranet.local/post/1", "/home/me/feeds/saved.xml", False,
     "intranet.local is a local name"),  # a file has no host of its own
    ("http://wiki.corp.internal/", "http://news.corp.internal/feed", False,
     "wiki.corp.internal is a local name"),
    ("http://wiki.corp.internal/", "http://news.corp.internal/feed", True, ""),
    # one label ("router", "nas"): the reader's search domain completes it on their network
    ("http://router/admin", "", False, "router is a local name"),
    # another host under the source's is another machine, not the source's own host
    ("http://nas.intranet.corp/", "http://intranet.corp/feed.xml", False,
     "nas.intranet.corp is a local name"),
    ("http://100.64.0.1/", "", False, "100.64.0.1 is a non-public address"),
    ("http://1.2.3.4.5/", "", False, "1.2.3.4.5 is not a host a browser accepts"),
    ("javascript:alert(1)", "", False, ""),  # not a web link: render.safe_url refuses it
])
def test_the_rule_for_links_found_inside_a_source(url, found_in, allow, why):
    assert link_refusal(url, found_in, allow_private=allow) == why


def test_allow_private_links_lets_them_be_links(run_cli, tmp_path, monkeypatch, server):
    """sources.allow_private_links = true: the user says the sources' private links are
    theirs to follow, and to click."""
    monkeypatch.chdir(tmp_path)
    links = setup_day(tmp_path, server)
    (tmp_path / "briefing.toml").write_text("[sources]\nallow_private_links = true\n")

    r = run_cli("build", "--date", DAY, "--source", server.url("/feed.rss"),
                "--source", "articles", "--format", "md")

    assert r.code == 0, r.err
    md = (tmp_path / "out" / DAY / "briefing.md").read_text()
    for url in ("http://192.168.1.1/cgi-bin/reboot", FILE_PRIVATE):
        assert f"]({url})" in md and url in links.values()


def test_allow_private_links_turned_on_counts_for_articles_already_stored(
        run_cli, tmp_path, monkeypatch, server):
    """The user sees a private link printed as text, sets allow_private_links = true and
    builds the day again: the link is a link now, though the article was stored before;
    turned off again, it is text again."""
    monkeypatch.chdir(tmp_path)
    setup_day(tmp_path, server)
    config = ('[briefing]\ntimezone = "UTC"\n\n[sources]\npaths = ["articles"]\n{allow}\n'
              f'[[sources.feed]]\nname = "Wire"\nkind = "feed"\n'
              f'url = "{server.url("/feed.rss")}"\n')
    (tmp_path / "briefing.toml").write_text(config.format(allow=""))
    assert run_cli("build", "--date", DAY, "--format", "md").code == 0
    md = (tmp_path / "out" / DAY / "briefing.md").read_text()
    assert f"]({FILE_PRIVATE})" not in md

    (tmp_path / "briefing.toml").write_text(config.format(allow="allow_private_links = true"))
    r = run_cli("build", "--date", DAY, "--format", "md")

    assert r.code == 0, r.err
    md = (tmp_path / "out" / DAY / "briefing.md").read_text()
    for url in ("http://192.168.1.1/cgi-bin/reboot", FILE_PRIVATE):
        assert f"]({url})" in md, url

    # and turned off again, the links stored while it was on are text again
    (tmp_path / "briefing.toml").write_text(config.format(allow=""))
    assert run_cli("build", "--date", DAY, "--format", "md").code == 0
    md = (tmp_path / "out" / DAY / "briefing.md").read_text()
    for url in ("http://192.168.1.1/cgi-bin/reboot", FILE_PRIVATE):
        assert f"]({url})" not in md, url
