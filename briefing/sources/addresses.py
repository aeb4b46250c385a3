"""Which network addresses a link found inside a source may reach.

A feed is written by someone else. Its teaser links, a redirect, a link in a page are
that someone's choice, so on their own they must not make briefing read the machine it
runs on (127.0.0.1), the office network (10.x, 192.168.x), a cloud's metadata service
(169.254.169.254) or any other address the public cannot reach: that is server-side
request forgery, and what came back would end up in the briefing and the store.

The rule: a URL the user configured may be on any address (the user named it); a URL
found inside a source is fetched only if it is on the same origin (scheme, host and
port) as the configured source it was found in, or on that origin upgraded to https (the
same host, on 443 for http's 80, else on the same port), so an intranet feed's links to
its own pages still work, or if the address it is connected to is public.
`address_kind` decides the latter, on the address a connection is actually made to (see
fetch.py), so a name that resolves to a public address when checked and to 127.0.0.1 a
moment later (DNS rebinding) gains nothing. `sources.allow_private_links = true` lifts the rule.

The same rule decides which links found inside a source are printed as links
(`link_refusal`): a reader who clicks one connects from their own network, so a link to
their router or intranet must not be clickable. There, nothing is connected to and
nothing is looked up (a build is offline): the host is read as a browser reads it
(`urls.browser_host`) and judged by its syntax alone, a name by where it is answered.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from briefing.errors import SourceError
from briefing.model import Article
from briefing.urls import browser_host, is_web_url

Origin = tuple[str, str, int]  # scheme, host (lower case, IPv6 without brackets), port

_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 addresses reached through a NAT64 gateway


def origin(url: str) -> Origin | None:
    """(scheme, host, port) of an http(s) URL, default port filled in; None for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # an invalid port or a malformed IPv6 host
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port or _DEFAULT_PORTS[scheme]


def _upgraded(home: Origin) -> Origin | None:
    """The https origin an http origin's site moves its readers to: the same host, on 443
    from http's default port, else on the same port; None for an https origin.

    http://example.org/feed.xml redirected to https://example.org/feed.xml is the web's
    most common redirect, and the user who named the host named its https too: held to
    the rule for found links, it was fetched directly, never through the proxy, and a
    feed behind one failed. A downgrade to http, another port or another host is not the
    source's own.
    """
    scheme, host, port = home
    if scheme != "http":
        return None
    return "https", host, _DEFAULT_PORTS["https"] if port == _DEFAULT_PORTS["http"] else port


def _tunnelled_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address a 6to4 or Teredo address carries traffic on to, if any."""
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def address_kind(address: str) -> str | None:
    """Why an IP address is not public ("loopback", "private", ...), or None if it is.

    `ipaddress` knows the special-purpose registries; `is_global` alone misses multicast
    and, on Python 3.11, IPv4 addresses wrapped in IPv6 (::ffff:127.0.0.1), so those are
    unwrapped and each kind is asked for by name.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "non-IP"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is a.b.c.d, nothing else
            return address_kind(str(ip.ipv4_mapped))
        if ip in _NAT64:  # DNS64 spells an IPv4-only site this way: its IPv4 address decides
            return address_kind(str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)))
        inner = _tunnelled_ipv4(ip)
        if inner is not None and (why := address_kind(str(inner))):
            return why
    for kind, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "site-local"
    if not ip.is_global:  # shared address space (100.64/10) and the like
        return "non-public"
    return None


# Names that only a local network answers: one label ("intranet", "router", completed by
# the reader's search domain), localhost and the suffixes set aside or used for private
# networks (RFC 6761, 6762 and 8375, ICANN's .internal, and the common de facto ones).
LOCAL_NAME_SUFFIXES = ("localhost", "local", "localdomain", "internal", "home.arpa", "lan",
                       "home", "corp", "intranet")


def host_kind(host: str) -> str | None:
    """Why a host, as `browser_host` gives it, is not public by its syntax ("loopback",
    "local name", ...), or None if it is: a public address or a public DNS name."""
    kind = address_kind(host)
    if kind != "non-IP":
        return kind
    if "." not in host or host.endswith(tuple(f".{s}" for s in LOCAL_NAME_SUFFIXES)) \
            or host in LOCAL_NAME_SUFFIXES:
        return "local name"
    return None


def link_refusal(url: str, found_in: str, *, allow_private: bool = False) -> str:
    """Why `url`, found inside the source `found_in` (the URL or path configured or named),
    must not be printed as a link ("127.0.0.2 is a loopback address"), or "" if it may: its
    host is public, or the source's own (an intranet feed's links to its own pages), or
    `allow_private` (sources.allow_private_links). A file has no host of its own. "" too
    for what is no web link at all (javascript:, a path): `render.safe_url` refuses those.
    """
    if allow_private or not is_web_url(url):
        return ""
    host = browser_host(url)
    if host is None:
        return f"{_raw_host(url)} is not a host a browser accepts"
    if is_web_url(found_in) and host == browser_host(found_in):
        return ""
    kind = host_kind(host)
    if kind is None:
        return ""
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{host} is {article} {kind}" + ("" if kind.endswith("name") else " address")


def _raw_host(url: str) -> str:
    """A URL's host as written, to name it in a message."""
    try:
        return urlsplit(url.strip()).hostname or url
    except ValueError:
        return url


def with_links_judged(articles: Iterable[Article], found_in: str) -> list[Article]:
    """`articles` read from the source `found_in`, each marked with why its URL is no link
    (`Article.link_refused`), if it is not one. Judged by the rule alone, as they are
    stored so: `sources.allow_private_links` lifts it when a briefing is built
    (`pipeline.gather`), so that turning the setting on or off counts for the articles
    already stored too."""
    return [replace(a, link_refused=link_refusal(a.url, found_in)) for a in articles]


class RefusedAddress(SourceError):
    """A URL found inside a source leads to an address it may not reach: nothing was sent.

    `via` says how it got there when it was not the URL itself ("redirect to …; ").
    """

    def __init__(self, url: str, host: str, kind: str, via: str = "") -> None:
        article = "an" if kind[0] in "aeiou" else "a"
        super().__init__(f"{url}: not fetched ({via}{host} is {article} {kind} address)")
        self.host = host
        self.kind = kind


@dataclass(frozen=True)
class LinkRule:
    """Where one fetch may go: `trusted` origins on any address, anything else public only.

    `trusted` is the origin of the configured source and, for an http one, its https
    (`_upgraded`); empty for a feed file, which has none. With `allow_private` every
    address is allowed.
    """

    trusted: frozenset[Origin] = frozenset()
    allow_private: bool = False

    @classmethod
    def found_in(cls, source: str, *, allow_private: bool = False) -> LinkRule:
        """The rule for links found inside `source` (a URL, or a file's path)."""
        home = origin(source)
        if home is None:
            return cls(frozenset(), allow_private)
        return cls(frozenset(filter(None, [home, _upgraded(home)])), allow_private)

    def trusts(self, url: str) -> bool:
        """True if `url` may be connected to on any address, private ones included."""
        return self.allow_private or origin(url) in self.trusted
