"""Canonical URLs: one spelling per page, so the store recognises an article it has seen.

The same page is linked as `HTTPS://Example.org/a?utm_source=x#top` from a newsletter and
as `http://example.org/a/` from a feed. The canonical form lower-cases the scheme and host,
drops a default port, the fragment and the common tracking parameters (utm_*, fbclid,
gclid, and a few more of the same kind), reads http on its default port as https and drops
a path's final slash (two wires link one outlet's article both ways, and sites serve, or
redirect to, one page under both), and keeps everything else as it was: the rest of the
path and the other query parameters can matter to the server, so they are not touched.

Also what else is read off an address alone: its scheme (`source_scheme`), the host a
browser goes to (`browser_host`), and its secrets, a login or a key a feed's address
carries: masked in every message that names it (`redact_urls`, which `errors.one_line`
applies) and left out of a link printed for readers (`without_secrets`).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus, urlsplit, urlunsplit

TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}


WEB_SCHEMES = ("http", "https")
# "ftp://...", "HTTPS://...": a scheme of two letters or more ("C:\\" is a drive) before
# "//"; a few schemes go without the slashes ("file:/etc/x", "data:...").
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]+):(//)?")
_SCHEMES_WITHOUT_SLASHES = frozenset({"file", "data", "javascript"})


def source_scheme(source: str) -> str | None:
    """The scheme a source is written with, lower case ("https", "ftp", "file"), or None
    when it is a local path ("notes:today.md" is one: no "//" after the colon)."""
    match = _SCHEME.match(source.strip())
    if match and (match[2] or match[1].lower() in _SCHEMES_WITHOUT_SLASHES):
        return match[1].lower()
    return None


def is_web_url(source: str) -> bool:
    """An http:// or https:// address (in any case): a feed or a page."""
    return source_scheme(source) in WEB_SCHEMES


def unsupported_source(source: str) -> str | None:
    """Why a source can be neither fetched nor opened, as the end of a one-line error: a
    URL of another scheme than http(s) (ftp://, file://), or an http(s) one urllib cannot
    take apart ("http://[::1"). None for web URLs and paths."""
    scheme = source_scheme(source)
    if scheme in WEB_SCHEMES:
        return malformed_url(source)
    if scheme is None:
        return None
    hint = "; for a local file, give its path" if scheme == "file" else ""
    return (f"unsupported scheme {scheme}: (a source is an http:// or https:// URL or a "
            f"local path{hint})")


def malformed_url(url: str) -> str | None:
    """Why an http(s) URL cannot be taken apart (an unclosed IPv6 host "http://[::1", a
    port that is no number or past 65535), as the end of a one-line error; None if it can.
    urllib raises ValueError on these, which every reader of a URL would have to catch."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.port  # the port is parsed only when asked for
    except ValueError as e:
        if not str(e).startswith("Port could not be cast"):
            return f"not a valid URL ({e})"
        # not quoted: in "https://alice:Pa55/w0rd@host/", a password whose "/" was not
        # written %2F, what urllib reads as the port is the password's start
        login = "@" in url and "@" not in parts.netloc
        hint = ": a user name or password in it writes / ? # @ as %2F %3F %23 %40"
        return f"not a valid URL (its port is not a number{hint if login else ''})"
    return None


def is_tracking(name: str) -> bool:
    return name.lower().startswith("utm_") or name.lower() in TRACKING_PARAMETERS


def canonical_url(url: str) -> str:
    """The canonical spelling of an http(s) URL; "" for "" and anything that is not one."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # an invalid port or a malformed IPv6 host
        return ""
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    elif scheme == "http":  # the same page over TLS: one key for both
        scheme = "https"
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        host = f"{userinfo}@{host}"
    # Tracking pairs are cut out of the query as written: decoding and re-encoding the rest
    # would spell "q=a%20b" as "q=a+b" only when a tracking pair was there to drop.
    query = "&".join(pair for pair in parts.query.split("&")
                     if not is_tracking(unquote_plus(pair.split("=", 1)[0])))
    return urlunsplit((scheme, host, parts.path.rstrip("/") or "/", query, ""))


# A query parameter whose name says it carries a secret: an API key, a token, a signature
# (S3's X-Amz-Signature, Azure's sig), a password; read without case or punctuation, so
# api_key, apiKey and API-KEY are one name. "author" is not "auth".
_SECRET_PARAMETER = re.compile(
    r"key|token|secret|passw|pwd|signature|credential|session|jwt|^sig$|^pass$|^auth(?!or)")
# Of those, the names a link loses (`without_secrets`): only what is a secret whatever the
# site. A bare "key", "session", "sig" or "auth" is as often how a site finds its own page
# ("story.aspx?key=5521"): masked in a message, where the page need not open, but kept in a
# link, which would lead nowhere without it.
_LINK_SECRET = re.compile(
    r"token|secret|passw|pwd|signature|credential|jwt|apikey|accesskey|sessionid")
# An address in a message: the authority ends at the first "/", "?" or "#" (a userinfo
# holds none of them unencoded), the address at a space. Of any scheme: a refused ftp://
# feed or a socks5:// proxy carries a login as an http(s) one does. A scheme is a short
# name: bounded, so a line of "a.a.a…" is not scanned to its end from each letter.
_URL_IN_TEXT = re.compile(
    r"(?i)\b([a-z][a-z0-9+.-]{0,30}://)([^\s/?#]*)([^\s?#]*)(\?[^\s#]*)?")
# the example a message gives of where a login goes ("give them in
# HTTPS_PROXY=http://user:password@host:port"), no one's secret
_PLACEHOLDER = "user:password@"
# what closes a quote or an aside around an address in a message, not part of a value
_TRAILING = ")'\"]>,;:."


def is_secret_parameter(name: str, *, in_link: bool = False) -> bool:
    """Whether a query parameter's name says its value is a secret (apikey, token, ...);
    `in_link`: so surely that a link printed for readers goes without it."""
    pattern = _LINK_SECRET if in_link else _SECRET_PARAMETER
    return bool(pattern.search(re.sub(r"[^a-z0-9]", "", unquote(name).lower())))


def redact_urls(text: str) -> str:
    """`text` with the secrets of every address in it masked: a user name and
    password ("https://***@wire.example/feed.xml") and the values of query parameters whose
    names say they are secrets ("?apikey=***&lang=en"), the rest as written, so the feed is
    still recognised. Feeds of wires and monitoring services carry their login or key in
    their address, and what names a source (a warning, the scheduler's log, a briefing's
    notes) is read by more people than the config it was written in."""
    def masked(match: re.Match[str]) -> str:
        scheme, authority, path, query = match.group(1, 2, 3, 4)
        if "@" in authority and not authority.startswith(_PLACEHOLDER):
            authority = "***@" + authority.rsplit("@", 1)[1]
        if query:
            query = "?" + "&".join(_masked_pair(pair) for pair in query[1:].split("&"))
        return f"{scheme}{authority}{path}{query or ''}"

    if "@" in text:
        text = _WORD.sub(_unencoded_login, text)
    return _URL_IN_TEXT.sub(masked, text)


_WORD = re.compile(r"\S+")
# an authority whose port is no number: "alice:Pa55" of "https://alice:Pa55/w0rd@host/"
_BAD_PORT = re.compile(r"[^\[\]:]*:[0-9]*[^0-9]")


def _unencoded_login(match: re.Match[str]) -> str:
    """A word of a message with the login of its first address masked when its password
    holds a "/", "?" or "#" not percent-encoded ("https://***@host/" for
    "https://alice:Pa55/w0rd@host/"): the address's authority ends there, so `masked`
    sees none, and the rest of the password up to its "@" reads as the path. Such an
    address is no valid URL (the port is "Pa55": `malformed_url`), so nothing a source or
    server gives that works is masked by it. Done word by word: each is searched once."""
    word = match[0]
    at = word.rfind("@")
    start = _URL_IN_TEXT.search(word)
    if start is None or start.end(1) > at or "@" in start[2] or not _BAD_PORT.match(start[2]):
        return word
    return f"{word[:start.end(1)]}***{word[at:]}"


def without_secrets(url: str) -> str:
    """`url` as a link may print it: without a user name and password, and without the
    query parameters whose names say surely they are secrets (`is_secret_parameter` with
    `in_link`: a token, secret, password, signature, API key...), the rest as written. A
    subscriber's feed links its articles with the subscriber's token or login; printed in
    a briefing, every reader would hold them. The page is the same: a reader
    who may see it signs in as themselves."""
    try:
        parts = urlsplit(url)
    except ValueError:  # an invalid port or a malformed IPv6 host: not a link anyway
        return redact_urls(url)
    query = "&".join(pair for pair in parts.query.split("&")
                     if not is_secret_parameter(pair.split("=", 1)[0], in_link=True))
    if "@" not in parts.netloc and query == parts.query:
        return url  # as it was: the checks of what may be a link saw this very string
    shown = urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[-1], parts.path, query,
                        parts.fragment))
    # urlsplit drops tabs and line breaks, which make a URL no link (render.safe_url), and
    # reads "http://8.8.8.8\\@localhost/" as localhost where a browser goes to 8.8.8.8:
    # rebuilt, such a URL would be a link to somewhere its checks never judged
    if any(c in url for c in "\t\r\n") or browser_host(shown) != browser_host(url):
        return ""
    return shown


def _masked_pair(pair: str) -> str:
    name, equals, value = pair.partition("=")
    if not equals or not value or not is_secret_parameter(name):
        return pair
    # str.rstrip, not a regex searched for "[...]+$": that tries each of a run of brackets
    # in turn, hours for a line of a million that a source's text can put in a warning
    return f"{name}=***{value[len(value.rstrip(_TRAILING)):]}"


def browser_host(url: str) -> str | None:
    """The host a browser connects to for an http(s) `url`, or None when it is not one (or
    a browser would refuse it). Read by the WHATWG URL standard, as a mail client or a
    browser reads a link, not as `urlsplit` does: a backslash ends the host as a slash
    does ("http://127.0.0.1\\@example.org/" goes to 127.0.0.1), the host is percent-decoded
    and mapped by UTS #46 (full-width digits and dots are digits and dots), lower case,
    without a final dot, and a host that ends in a number is an IPv4 address in any of the
    spellings browsers take ("0177.0.0.1", "2130706433", "0x7f.1" are 127.0.0.1), given
    dotted. An IPv6 host comes without brackets. Nothing is looked up: syntax alone.
    """
    url = (url or "").strip()
    if source_scheme(url) not in WEB_SCHEMES:
        return None
    try:
        host = urlsplit(url.replace("\\", "/")).hostname
    except ValueError:  # a malformed IPv6 host or port
        return None
    if not host:
        return None
    if ":" in host:  # an IPv6 literal ([...]); ipaddress reads it and its ::ffff: forms
        return host
    import idna  # UTS #46, as browsers map a host before using it

    try:
        host = idna.uts46_remap(unquote(host), std3_rules=False, transitional=False).lower()
    except (idna.IDNAError, UnicodeError):
        return None
    if _FORBIDDEN_IN_HOST.search(host):  # a browser refuses the URL ("%00", "<", " ")
        return None
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()
    if not _WHATWG_NUMBER.fullmatch(labels[-1]):
        return ".".join(labels)
    return _ipv4(labels)


_WHATWG_NUMBER = re.compile(r"[0-9]+|0[xX][0-9A-Fa-f]*")
_FORBIDDEN_IN_HOST = re.compile(r"[\x00-\x20\x7f#%/:<>?@\[\\\]^|]")
# an IPv4 part: hex, octal (a leading 0), decimal; `int` alone would take "1_0" and " 1"
_IPV4_PART = ((re.compile(r"0[xX]([0-9A-Fa-f]*)"), 16), (re.compile(r"0([0-7]+)"), 8),
              (re.compile(r"([1-9][0-9]*|0)"), 10))


def _ipv4(parts: list[str]) -> str | None:
    """A host ending in a number as a browser's IPv4 parser reads it: up to four parts,
    each decimal, octal ("0177") or hex ("0x7f"), the last filling the bytes left; None
    where a browser refuses the URL ("1.2.3.4.5", "256.1.1.1", "09.1.1.1")."""
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        match = next(((m, base) for pattern, base in _IPV4_PART
                      if (m := pattern.fullmatch(part))), None)
        if match is None:  # "", "09", "1a"
            return None
        numbers.append(int(match[0][1] or "0", match[1]))
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    address = last + sum(n * 256 ** (3 - i) for i, n in enumerate(leading))
    return ".".join(str(address >> shift & 255) for shift in (24, 16, 8, 0))
