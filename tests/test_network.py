"""Feeds read from an office network: through an HTTP proxy, behind a private CA, over IPv6.

An embassy's or an operations centre's machine often reaches the Internet only through
a proxy named in HTTPS_PROXY / HTTP_PROXY, whose TLS is signed by the organisation's own
CA. Everything here is local: a forward and CONNECT proxy (tests/proxyserver.py), a TLS
server whose certificate a CA made for the test signs (trustme), and the command line.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import ssl
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from httpserver import LocalServer, send
from proxyserver import proxy

from briefing.sources import fetch

trustme = pytest.importorskip("trustme")

RSS = "application/rss+xml"
DAY = "2024-12-09"
FEED = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
        "<item><title>Troops cross the river at dawn</title><guid>w-1</guid>"
        "<pubDate>Mon, 09 Dec 2024 08:00:00 +0000</pubDate><description>"
        + "Troops crossed the river at dawn on Monday, the defence ministry said. " * 6
        + "</description></item></channel></rss>").encode()


@pytest.fixture(autouse=True)
def clean_network_env(monkeypatch):
    """No proxy or CA bundle of the machine's: each test sets the ones it means. The TLS
    context reads SSL_CERT_FILE once per process, so it is made again for each test."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "SSL_CERT_FILE",
                 "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    fetch._ssl_context.cache_clear()
    yield
    fetch._ssl_context.cache_clear()


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


@pytest.fixture
def tls_server(ca):
    """An https server on 127.0.0.1 whose certificate the test's private CA signs."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    server = LocalServer({})
    server._httpd.socket = context.wrap_socket(server._httpd.socket, server_side=True)
    server.base = server.base.replace("http://", "https://")
    server.start()
    yield server
    server.stop()


def configure(root: Path, *urls: str) -> Path:
    config = root / "briefing.toml"
    config.write_text("[sources]\nurls = [" + ", ".join(f'"{u}"' for u in urls) + "]\n")
    return config


def test_a_feed_signed_by_a_private_ca_says_how_to_trust_it(run_cli, tmp_path, tls_server,
                                                            ca, monkeypatch):
    """The certificate error named the feed but only as OpenSSL words it
    ("[SSL: CERTIFICATE_VERIFY_FAILED] … unable to get local issuer certificate"), with no
    word of how to trust the office's CA; SSL_CERT_FILE, which the line names, then reads it."""
    tls_server.routes["/feed.xml"] = lambda h: send(h, 200, FEED, RSS)
    url = tls_server.url("/feed.xml")
    config = configure(tmp_path, url)
    r = run_cli("ingest", "--config", config)
    assert r.code != 0
    [line] = [x for x in r.err.splitlines() if url in x]  # every source failed: one line
    assert "certificate is not trusted" in line and "SSL_CERT_FILE" in line
    assert "[SSL:" not in line

    bundle = tmp_path / "office-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    fetch._ssl_context.cache_clear()
    r = run_cli("ingest", "--config", config)
    assert r.code == 0, r.err
    assert f"source {url}: 1 read, 1 new" in r.err


def test_behind_a_proxy_a_feed_s_untrusted_certificate_is_the_feed_s_not_the_proxy_s(
        run_cli, tmp_path, tls_server, monkeypatch):
    """The proxy tunnels to the site, whose certificate the office's CA signs and the
    machine does not trust: that is said as the feed's certificate, with how to trust it,
    not as a proxy that could not be reached (the admin would look at the wrong machine)."""
    tls_server.routes["/feed.xml"] = lambda h: send(h, 200, FEED, RSS)
    url = tls_server.url("/feed.xml")
    with proxy() as office:
        monkeypatch.setenv("HTTPS_PROXY", office.url)
        r = run_cli("ingest", "--config", configure(tmp_path, url))
        assert office.requests  # the tunnel was asked for: the proxy was in the way
    assert r.code != 0
    [line] = [x for x in r.err.splitlines() if url in x]
    assert "certificate is not trusted" in line and "SSL_CERT_FILE" in line, line
    assert "the proxy" not in line, line  # neither down nor gone around


@pytest.fixture
def trusted(ca, tmp_path, monkeypatch):
    """The office's CA trusted the documented way."""
    bundle = tmp_path / "office-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))


@pytest.fixture
def plain_server():
    server = LocalServer({"/feed.xml": lambda h: send(h, 200, FEED, RSS)}).start()
    yield server
    server.stop()


def test_configured_feeds_go_through_the_proxy_and_no_proxy_is_respected(
        run_cli, tmp_path, tls_server, plain_server, trusted, monkeypatch):
    tls_server.routes["/feed.xml"] = lambda h: send(h, 200, FEED, RSS)
    config = configure(tmp_path, tls_server.url("/feed.xml"), plain_server.url("/feed.xml"))
    with proxy() as office:
        monkeypatch.setenv("HTTPS_PROXY", office.url)
        monkeypatch.setenv("HTTP_PROXY", office.url)
        r = run_cli("ingest", "--config", config)
        assert r.code == 0, r.err
        port = tls_server.base.rsplit(":", 1)[1]
        assert sorted(office.requests) == [f"CONNECT 127.0.0.1:{port}",  # read at once
                                           f"GET {plain_server.url('/feed.xml')}"]
        office.requests.clear()
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        assert run_cli("ingest", "--config", config).code == 0
        assert office.requests == []


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_a_proxy_that_wants_a_password_is_named_with_where_the_password_goes(
        run_cli, tmp_path, tls_server, plain_server, trusted, monkeypatch, scheme):
    """A 407 came out as the feed's own failure ("could not fetch (407 Proxy
    Authentication Required)", or "HTTP 407" for http), naming neither the proxy nor
    where its user name and password go; the sources the proxy is not used for are read."""
    tls_server.routes["/feed.xml"] = lambda h: send(h, 200, FEED, RSS)
    server = tls_server if scheme == "https" else plain_server
    other = plain_server if scheme == "https" else tls_server
    url = server.url("/feed.xml")
    config = configure(tmp_path, url, other.url("/feed.xml"))
    with proxy(answer=407) as office:
        monkeypatch.setenv(f"{scheme.upper()}_PROXY", office.url)
        r = run_cli("ingest", "--config", config)
    assert r.code == 0, r.err  # the other feed was read
    assert f"source {other.url('/feed.xml')}: 1 read, 1 new" in r.err
    [line] = [x for x in r.err.splitlines() if x.startswith(f"warning: {url}")]
    assert f"the proxy {office.url}" in line and "407" in line
    assert f"{scheme.upper()}_PROXY=http://user:password@" in line


def test_a_proxy_that_cannot_be_reached_is_named_not_the_feed(
        run_cli, tmp_path, tls_server, trusted, monkeypatch):
    """A proxy that was down read as the feed refusing ("could not fetch ([Errno 111]
    Connection refused)"): the admin looked at the wrong machine. Its password is never
    printed."""
    tls_server.routes["/feed.xml"] = lambda h: send(h, 200, FEED, RSS)
    url = tls_server.url("/feed.xml")
    config = configure(tmp_path, url)
    # a port held bound but not listening refuses every connection, and no other program
    # can take it meanwhile, as it could a port found free and let go
    with socket.socket() as gone:
        gone.bind(("127.0.0.1", 0))
        address = f"http://127.0.0.1:{gone.getsockname()[1]}"
        monkeypatch.setenv("HTTPS_PROXY", address.replace("http://", "http://ops:s3cret@"))
        r = run_cli("ingest", "--config", config)
    assert r.code != 0
    [line] = [x for x in r.err.splitlines() if url in x]
    assert f"could not reach the proxy {address} (HTTPS_PROXY" in line
    assert "s3cret" not in r.err


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "ALL_PROXY"])
def test_a_proxy_that_cannot_reach_the_site_is_named(run_cli, tmp_path, tls_server, trusted,
                                                     monkeypatch, variable):
    tls_server.routes["/feed.xml"] = lambda h: send(h, 200, FEED, RSS)
    url = tls_server.url("/feed.xml")
    with proxy(answer=502) as office:
        monkeypatch.setenv(variable, office.url)
        r = run_cli("ingest", "--config", configure(tmp_path, url))
    assert r.code != 0
    [line] = [x for x in r.err.splitlines() if url in x]
    assert (f"the proxy {office.url} ({variable}) answered 502 Bad Gateway instead of "
            "connecting to the site") in line


@pytest.fixture
def either_server(ca):
    """A server on 127.0.0.1 that answers plain http and https on one port, as a site does
    that redirects http://host:8080 to https://host:8080: a connection opening with a TLS
    handshake is served over TLS (the test's private CA signs the certificate)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)

    class Either(ThreadingHTTPServer):
        def finish_request(self, request, client_address) -> None:
            if request.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS record: ClientHello
                with context.wrap_socket(request, server_side=True) as tls:
                    super().finish_request(tls, client_address)
            else:
                super().finish_request(request, client_address)

    server = LocalServer({}, server_class=Either)
    server.start()
    yield server
    server.stop()


def teasers(links: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Troops move into town {i}</title><link>{link}</link><guid>t-{i}</guid>"
        "<pubDate>Mon, 09 Dec 2024 08:00:00 +0000</pubDate>"
        f"<description>Troops moved into town {i} on Monday...</description></item>"
        for i, link in enumerate(links))
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
            f"{items}</channel></rss>").encode()


def test_behind_a_proxy_teaser_pages_it_cannot_reach_are_one_warning(
        run_cli, tmp_path, plain_server, monkeypatch):
    """On a network whose only way out is the proxy, every teaser's page (fetched directly,
    never through the proxy: README, Links inside a source) failed on its own line, 50
    lines a feed, or 60 s of timeouts a feed where the firewall drops packets. The first
    failure now ends the feed's teaser fetching: one line says why, naming the proxy's
    variable, and every entry is briefed from the feed's text."""
    links = [f"http://story{i}.invalid/world/{i}" for i in range(8)]  # resolve nowhere
    plain_server.routes["/teasers.xml"] = lambda h: send(h, 200, teasers(links), RSS)
    url = plain_server.url("/teasers.xml")
    with proxy() as office:
        monkeypatch.setenv("HTTP_PROXY", office.url)
        r = run_cli("ingest", "--config", configure(tmp_path, url))
    assert r.code == 0, r.err
    assert f"source {url}: 8 read, 8 new" in r.err
    lines = [x for x in r.err.splitlines() if x.startswith(f"warning: {url}")]
    assert len(lines) == 1, lines
    assert "of 8 teaser entries not followed to their pages" in lines[0]
    assert "never through the proxy (HTTP_PROXY)" in lines[0]
    assert "briefed from the feed's own text" in lines[0]


def page(topic: str) -> bytes:
    sentences = " ".join(
        f"<p>Officials in the {topic} region said on Monday that talks number {n} had ended "
        f"without agreement, and that envoys would return to the {topic} capital.</p>"
        for n in range(8))
    return (f"<html><head><title>Talks on {topic}</title></head><body><article>"
            f"<h1>Talks on {topic}</h1>{sentences}</article></body></html>").encode()


@pytest.fixture
def ipv6_server():
    class V6(ThreadingHTTPServer):
        address_family = socket.AF_INET6

    try:
        server = LocalServer({}, server_class=V6, host="::1")
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    server.start()
    yield server
    server.stop()


def test_an_ipv6_feed_is_read_and_its_links_judged(run_cli, tmp_path, ipv6_server):
    """A feed served only over IPv6, configured by its literal address: read; its teaser
    on its own origin followed and printed as a link; one on another port of ::1 not
    fetched (another origin, a loopback address), one on a private IPv6 network neither
    fetched nor printed as a link."""
    own = ipv6_server.url("/world/talks")
    other_port = "http://[::1]:9/world/strike"
    private = "http://[fd00::7]/world/floods"
    ipv6_server.routes["/feed.xml"] = lambda h: send(h, 200, teasers([own, other_port,
                                                                       private]), RSS)
    ipv6_server.routes["/world/talks"] = lambda h: send(h, 200, page("Kherson"), "text/html")
    url = ipv6_server.url("/feed.xml")
    r = run_cli("build", "--config", configure(tmp_path, url), "--date", DAY,
                "--format", "json")
    assert r.code == 0, r.err
    assert f"source {url}: 3 read, 3 new" in r.err
    assert [p for p, _ in ipv6_server.requests] == ["/feed.xml", "/world/talks"]
    assert "a link to ::1 not fetched (loopback address)" in r.err
    assert "a link to fd00::7 not fetched (private address)" in r.err
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text())
    by_url = {a["url"]: a for a in data["articles"]}
    assert "Kherson" in json.dumps(data)  # the page's text, not the teaser's
    assert by_url[own]["link_refused"] == ""
    by_title = {a["title"]: a for a in data["articles"]}
    assert by_title["Troops move into town 2"]["url"] == ""  # a refused link is dropped
    assert private not in (tmp_path / "out" / DAY / "briefing.json").read_text()


def test_a_feed_upgraded_to_https_goes_through_the_proxy_like_the_feed(
        run_cli, tmp_path, either_server, trusted, monkeypatch):
    """A feed configured as http://host/feed.xml that the site redirects to https (the
    most common redirect there is) was held to the rule for links found inside a source:
    another origin (the scheme differs), so connected to directly, never through the
    proxy, and on a private address refused. On a network whose only way out is the
    proxy the feed failed. The https of the configured origin is now the source's own:
    the feed, and its teasers' pages on that origin, go through the proxy."""
    http_url = either_server.url("/feed.xml")
    https_base = either_server.base.replace("http://", "https://")
    page_url = f"{https_base}/world/talks"

    def feed(h) -> None:
        if isinstance(h.connection, ssl.SSLSocket):
            send(h, 200, teasers([page_url]), RSS)
        else:  # plain http: the site moves everyone to https
            send(h, 301, b"", "text/plain", {"Location": f"{https_base}/feed.xml"})

    either_server.routes["/feed.xml"] = feed
    either_server.routes["/world/talks"] = lambda h: send(h, 200, page("Kherson"),
                                                          "text/html")
    with proxy() as office:
        monkeypatch.setenv("HTTP_PROXY", office.url)
        monkeypatch.setenv("HTTPS_PROXY", office.url)
        r = run_cli("build", "--config", configure(tmp_path, http_url), "--date", DAY,
                    "--format", "json")
    assert r.code == 0, r.err
    assert f"source {http_url}: 1 read, 1 new" in r.err
    port = either_server.base.rsplit(":", 1)[1]
    # the feed's plain-http GET, its https (tunnelled), and the teaser's page (tunnelled)
    assert sorted(office.requests) == [f"CONNECT 127.0.0.1:{port}"] * 2 + [f"GET {http_url}"]
    assert "not fetched" not in r.err and "never through the proxy" not in r.err
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text())
    assert "Kherson" in json.dumps(data)  # the page's text, read through the proxy


@pytest.mark.parametrize(("proxy", "says"), [
    ("foo://ops:s3cret@127.0.0.1:9", "not a proxy address briefing can use"),
    ("socks5://ops:s3cret@127.0.0.1:9", "a SOCKS proxy needs the socksio package"),
])
def test_a_proxy_of_a_kind_httpx_cannot_use_is_one_line(run_cli, tmp_path, monkeypatch, proxy,
                                                        says):
    """HTTPS_PROXY of a scheme httpx does not know, or a SOCKS proxy without the socksio
    package httpx needs for it: every command that fetches ended in a traceback."""
    if says.startswith("a SOCKS") and importlib.util.find_spec("socksio") is not None:
        pytest.skip("socksio is installed here: httpx can use a SOCKS proxy")
    config = configure(tmp_path, "http://127.0.0.1:9/feed.xml")
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    r = run_cli("ingest", "--config", config)
    assert r.code == 1 and "Traceback" not in r.err, r.err
    (line,) = [x for x in r.err.splitlines() if x.startswith("error:")]
    assert says in line and "HTTP_PROXY" in line and "s3cret" not in r.err, line
