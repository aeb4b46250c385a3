"""HTTP GET for feeds and pages, with the limits a scheduled job needs.

httpx does the protocol work (connection handling, TLS, chunked bodies, timeouts); this
module adds the policy: http and https only, on every redirect hop too; a redirect limit
and loop detection; a size cap enforced while streaming, on the decompressed bytes as they
come out (`_Inflater`), so a huge or endless body, or a small one that inflates to
gigabytes, is never held in memory; one deadline for the whole request,
so a server that drips a byte a second cannot hold a run for ever; conditional
requests (ETag / Last-Modified); a User-Agent that names us; and the address rule of
`addresses.py`: a URL found inside a source, and every redirect, reaches a private
address only on the configured source's own origin. Every failure is a `SourceError`
whose one line names the URL and what happened.

The address rule is checked on the address a connection is actually made to: requests
that must stay public go through `_PublicOnlyBackend`, which resolves the name itself,
drops every non-public address and connects to one it checked. A name that resolves to
a public address for a check and to 127.0.0.1 for the connection (DNS rebinding) is
therefore no way round it, and a refused address is never connected to at all. Those
requests are always direct: a proxy from the environment (HTTP_PROXY) would make the
connection itself, out of our sight, so only requests to a configured source's own
origin use it.

httpx rather than urllib: explicit per-hop redirects (`next_request`), streaming with
decompression, typed timeout errors and a thread-safe client, without hand-written
handlers. It is imported inside `fetch`, so the CLI's start-up does not pay for it.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from functools import lru_cache
from itertools import chain
from urllib.parse import urlsplit

from briefing.errors import BriefingError, SourceError
from briefing.sources.addresses import LinkRule, RefusedAddress, address_kind
from briefing.sources.limits import ReadLimits
from briefing.urls import malformed_url

ALLOWED_SCHEMES = ("http", "https")
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one fetch; `parallel` is how many URLs `web.py` fetches at once (the
    sources of `read_each` and `read_many`, a feed's teaser pages).

    `allow_private_links` and `max_followups` are `sources.allow_private_links` and
    `sources.max_followups` (see briefing/config/schema.py).
    """

    timeout_s: float = 10.0  # for the whole request: connect, redirects and body
    max_bytes: int = 5_000_000  # of the decoded body
    # Names us and where to learn more; replace the placeholder with the project's page.
    user_agent: str = "briefing/0.1 (daily news briefing; +https://example.org/briefing)"
    max_redirects: int = 5
    parallel: int = 4
    allow_private_links: bool = False  # links found inside a source may reach any address
    max_followups: int = 50  # teaser pages fetched per feed, at most
    # a feed's teaser pages, all together: none is begun after this many seconds, so a site
    # that answers each at the last second costs about this, not 50 timeouts
    followup_time_s: float = 60.0
    limits: ReadLimits = ReadLimits()  # entries per feed, bytes per article
    # Held during each fetch, when set: `web.read_each` shares one of `parallel` turns
    # among its sources and their teaser pages, so `parallel` bounds the requests in flight
    gate: threading.BoundedSemaphore | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Response:
    """A completed GET. `body` is empty when `not_modified` (HTTP 304)."""

    url: str  # the final URL, after redirects
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    # Where the permanent redirects (301, 308) that the request met first led, and the
    # first one's status: the address the site says to use from now on (None: not moved)
    moved_to: tuple[str, int] | None = None

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ("" when absent)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the Content-Type header declares, if any."""
        from email.message import Message  # the standard parser of MIME parameters

        msg = Message()
        msg["content-type"] = self.headers.get("content-type", "")
        return msg.get_content_charset()


def check_scheme(url: str) -> None:
    """Refuse anything but http(s): a feed must not make us read file:// or ftp://; and a
    URL urllib cannot take apart ("http://[evil/x" in a feed's link: untrusted)."""
    if why := malformed_url(url):
        raise SourceError(f"{url}: {why}")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}://" if scheme else "a URL without a scheme"
        raise SourceError(f"{url}: scheme not allowed ({shown}; allowed: http, https)")


@lru_cache(maxsize=1)
def _ssl_context():
    """One TLS context for all clients: loading the CA bundle costs ~20 ms each time."""
    import httpx

    return httpx.create_ssl_context()


def fetch(
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    found_in: str | None = None,
) -> Response:
    """GET `url`, following redirects within limits; raise SourceError on any failure.

    With `etag` or `last_modified` (from an earlier Response) the request is
    conditional, and a 304 comes back as a Response with `not_modified=True`.

    Without `found_in`, `url` is a configured source: it may be on any address, and so
    may its redirects on the same origin. With `found_in` (the configured source's URL,
    or a feed file's path), `url` was found inside that source and is held to the
    address rule too. A refused address raises `RefusedAddress` before any connection.
    """
    with settings.gate or nullcontext():  # the deadline counts from our turn, not before it
        return _fetch(url, settings, etag=etag, last_modified=last_modified,
                      found_in=found_in)


def _fetch(url: str, settings: FetchSettings, *, etag: str | None,
           last_modified: str | None, found_in: str | None) -> Response:
    import httpx

    check_scheme(url)
    rule = LinkRule.found_in(url if found_in is None else found_in,
                             allow_private=settings.allow_private_links)
    headers = {"User-Agent": settings.user_agent, "Accept": _ACCEPT,
               "Accept-Encoding": ", ".join(_INFLATE)}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + settings.timeout_s
    try:
        with ExitStack() as stack:
            clients: dict[bool, httpx.Client] = {}

            def client_for(target: str) -> httpx.Client:
                public_only = not rule.trusts(target)
                if public_only not in clients:
                    clients[public_only] = stack.enter_context(
                        _client(settings, public_only, deadline))
                return clients[public_only]

            request = client_for(url).build_request("GET", url, headers=headers)
            return _get(client_for, request, settings, deadline, url)
    except httpx.TimeoutException:
        raise SourceError(f"{url}: timed out after {settings.timeout_s:g} s") from None
    except httpx.InvalidURL as e:
        raise SourceError(f"{url}: invalid URL ({e})") from None
    except httpx.HTTPError as e:  # connection refused, DNS failure, broken stream, TLS
        if (untrusted := _untrusted_certificate(e)) is not None:
            raise SourceError(f"{url}: {untrusted}") from None
        reason = str(e).strip() or type(e).__name__
        raise SourceError(f"{url}: could not fetch ({reason})") from None


def _untrusted_certificate(error: BaseException) -> str | None:
    """What to say when `error` came of a certificate no trusted CA signs, else None.

    httpx trusts certifi's CAs, not the system's, so an office's CA (a proxy that inspects
    TLS, an intranet site) is unknown until SSL_CERT_FILE names a bundle that holds it;
    OpenSSL's own words ("unable to get local issuer certificate") do not say that.
    """
    import ssl

    cause: BaseException | None = error
    while cause is not None and not isinstance(cause, ssl.SSLCertVerificationError):
        cause = cause.__cause__ or cause.__context__
    if cause is None:
        return None
    return (f"the server's certificate is not trusted ({cause.verify_message}); if a "
            "private CA signs it (an intranet, a proxy that inspects TLS), set "
            "SSL_CERT_FILE to a CA bundle that holds that CA (or SSL_CERT_DIR to a folder "
            "of them)")


def _client(settings: FetchSettings, public_only: bool, deadline: float):
    """An httpx client; with `public_only`, one that connects to public addresses only.
    Its every connect, read and write ends by `deadline` (`_DeadlineBackend`)."""
    import httpx

    try:
        client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout_s),
            follow_redirects=False,  # followed in _get, so each hop is checked
            verify=_ssl_context(),
            transport=_public_only_transport() if public_only else None,
        )
    except (ImportError, ValueError) as e:
        # the environment's proxy, which httpx reads as it makes the client: a SOCKS proxy
        # without the socksio package, or a scheme it has no transport for (a traceback)
        raise BriefingError(_unusable_proxy(e)) from None  # every source alike: one line
    # the transports' httpcore pools (a proxy's too), as `_public_only_transport` reaches
    # them; the drip tests in test_feeds.py fail if httpx moves them
    for transport in (client._transport, *client._mounts.values()):
        pool = getattr(transport, "_pool", None)
        if pool is not None and hasattr(pool, "_network_backend"):
            pool._network_backend = _DeadlineBackend(pool._network_backend, deadline)
    return client


def _unusable_proxy(error: Exception) -> str:
    """Why the proxy of the environment cannot be used, as httpx's error said it."""
    where = "the proxy of the environment (HTTP_PROXY, HTTPS_PROXY or ALL_PROXY)"
    if isinstance(error, ImportError) and "socksio" in str(error):
        return (f"{where} is a SOCKS proxy, and a SOCKS proxy needs the socksio package: "
                "install it in briefing's virtualenv (pip install 'httpx[socks]'), or name "
                "an http:// proxy")
    return (f"{where} is not a proxy address briefing can use ({error}); name one as "
            "http://host:port")


def _get(client_for: Callable, request, settings: FetchSettings, deadline: float,
         url: str) -> Response:
    """Send `request`, walking redirects by hand, and read the final body.

    Each hop goes through the client its URL calls for (`client_for`), so a redirect
    from a trusted origin to another one is held to the address rule.
    """
    import httpx

    seen = [str(request.url)]
    moved_to: tuple[str, int] | None = None
    permanent = True  # every hop so far was a permanent redirect
    while True:
        client = client_for(str(request.url))
        try:
            response = client.send(request, stream=True)
        except _Refused as e:
            via = f"redirect to {request.url}; " if len(seen) > 1 else ""
            raise RefusedAddress(url, e.host, e.kind, via) from None
        except (httpx.ProxyError, httpx.ConnectError, httpx.ConnectTimeout) as e:
            if (failure := _proxy_failure(client, request.url, e)) is not None:
                raise SourceError(f"{url}: {failure}") from None
            # sent through the proxy, the failure was the site's (its certificate, seen
            # through the tunnel): said as the site's, not as a link gone around the proxy
            if (_proxy_url(client, request.url) is None
                    and (variable := _proxy_passed_by(request.url)) is not None):
                raise DirectUnreachable(url, request.url.host, variable, e) from None
            raise
        try:
            if response.status_code == 407:  # a forward proxy's answer to a plain http GET
                failure = _proxy_failure(client, request.url, response)
                raise SourceError(f"{url}: {failure or 'HTTP 407'}")
            next_request = response.next_request  # set for a 3xx with a Location
            if next_request is None:
                return _finish(response, settings, deadline, url, moved_to)
        finally:
            response.close()
        target = str(next_request.url)
        permanent = permanent and response.status_code in (301, 308)
        if permanent:
            moved_to = (target, moved_to[1] if moved_to else response.status_code)
        if next_request.url.scheme not in ALLOWED_SCHEMES:
            raise SourceError(
                f"{url}: redirect to {target} refused (scheme not allowed; allowed: http, https)"
            )
        if target in seen:
            raise SourceError(f"{url}: redirect loop ({' -> '.join([*seen, target])})")
        if len(seen) > settings.max_redirects:
            raise SourceError(f"{url}: too many redirects (more than {settings.max_redirects})")
        if time.monotonic() > deadline:
            raise SourceError(f"{url}: timed out after {settings.timeout_s:g} s")
        seen.append(target)
        request = next_request


class DirectUnreachable(SourceError):
    """A link found inside a source could not be connected to directly while the
    environment names a proxy: such links never go through it (see the module's
    docstring), and on a network whose only way out is the proxy none of them will
    connect, so the feed's other teasers need not be tried."""

    def __init__(self, url: str, host: str, variable: str, error: Exception) -> None:
        self.why = (f"links found inside a source are fetched directly, never through the "
                    f"proxy ({variable}), and {host} could not be reached directly "
                    f"({str(error).strip() or type(error).__name__})")
        super().__init__(f"{url}: {self.why}")


def _proxy_variable(url) -> str | None:
    """The variable of the environment naming a proxy for `url` (HTTPS_PROXY, HTTP_PROXY,
    ALL_PROXY), NO_PROXY aside, or None."""
    from urllib.request import getproxies

    proxies = getproxies()
    return next((f"{name.upper()}_PROXY" for name in (url.scheme, "all")
                 if proxies.get(name)), None)


def _proxy_passed_by(url) -> str | None:
    """The variable naming the proxy that a request for `url` went around, or None if the
    environment names none for it or NO_PROXY lists its host."""
    from urllib.request import proxy_bypass

    variable = _proxy_variable(url)
    return None if variable is None or proxy_bypass(url.host) else variable


def _proxy_url(client, url):
    """The proxy `client` sends `url` through (httpcore's URL of it), or None."""
    # the proxy's httpcore pool, as httpx keeps it (test_network.py fails if that moves)
    # (read through getattr: another httpx without them names no proxy, never fails here)
    transport_for = getattr(client, "_transport_for_url", None)
    pool = getattr(transport_for(url), "_pool", None) if transport_for else None
    return getattr(pool, "_proxy_url", None)


def _proxy_failure(client, url, failure: object) -> str | None:
    """What to say when the proxy from the environment that `client` sends `url` through
    failed (`failure`: an httpx error, or the proxy's 407 response), naming the proxy and
    the variable that set it; None when no proxy was in the way, or the failure was the
    site's (its certificate, seen through the proxy's tunnel).

    Without this a proxy that is down read as the feed refusing ("Connection refused"),
    and the admin looked at the wrong machine. The proxy is named without its user name
    and password.
    """
    import ssl

    import httpx

    proxy = _proxy_url(client, url)
    if proxy is None:
        return None
    cause: BaseException | None = failure if isinstance(failure, BaseException) else None
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return None
        cause = cause.__cause__ or cause.__context__
    host = proxy.host.decode("ascii")
    host = f"[{host}]" if ":" in host else host
    port = f":{proxy.port}" if proxy.port else ""
    named = f"the proxy {proxy.scheme.decode('ascii')}://{host}{port}"
    variable = _proxy_variable(url) or f"{url.scheme.upper()}_PROXY"
    if isinstance(failure, httpx.Response) or str(failure).startswith("407"):
        return (f"{named} asks for a user name and password (407 Proxy Authentication "
                f"Required); give them in {variable}=http://user:password@host:port")
    if isinstance(failure, httpx.ProxyError):  # it answered CONNECT, but not with a tunnel
        return (f"{named} ({variable}) answered {str(failure).strip()} instead of "
                "connecting to the site")
    reason = str(failure).strip() or type(failure).__name__
    return f"could not reach {named} ({variable}): {reason}"


# --- connecting to public addresses only ---------------------------------------------------


class _Refused(Exception):
    """Raised inside httpx's connection pool; `_get` turns it into RefusedAddress."""

    def __init__(self, host: str, kind: str) -> None:
        super().__init__(f"{host}: {kind} address")
        self.host = host
        self.kind = kind


def _public_only_transport():
    """An httpx transport whose connections can only reach public addresses.

    httpx takes no network backend of its own, so the transport's httpcore connection
    pool is made again with the same TLS context and `_PublicOnlyBackend` (httpx keeps
    the pool in `_pool`; the address tests in test_addresses.py fail if that changes).
    """
    import httpcore
    import httpx

    transport = httpx.HTTPTransport(verify=_ssl_context())
    transport._pool = httpcore.ConnectionPool(
        ssl_context=_ssl_context(), network_backend=_PublicOnlyBackend()
    )
    return transport


class _PublicOnlyBackend:
    """httpcore's network backend, connecting only to addresses `address_kind` calls public.

    The name is resolved here and the connection made to an address that was checked,
    so what is checked is what is connected to. TLS still verifies the certificate
    against the name (httpcore passes the URL's host as the server name).
    """

    def __init__(self) -> None:
        import httpcore

        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options=None):
        import httpcore

        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as e:  # the name does not resolve: as httpcore would report it
            raise httpcore.ConnectError(str(e)) from None
        kinds = {info[4][0]: address_kind(info[4][0]) for info in found}
        public = [address for address, kind in kinds.items() if kind is None]
        if not public:
            raise _Refused(host, next(iter(kinds.values()), "unknown"))
        error: Exception | None = None
        for address in public:  # in the resolver's order, as socket.create_connection does
            try:
                return self._inner.connect_tcp(address, port, timeout=timeout,
                                               local_address=local_address,
                                               socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                error = e
        assert error is not None
        raise error

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineBackend:
    """httpcore's network backend (`inner`), whose every connect, TLS handshake, read and
    write ends by `deadline` (a `time.monotonic()` value).

    httpx's timeouts are per operation: a server that sends its status line and then one
    header byte a second never trips the read timeout, and h11 waits for 100 KB of
    headers, so one such feed held a run for more than a day. The body is also checked
    in `_read_capped`, but the headers are read inside httpx, out of its reach.
    """

    def __init__(self, inner, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options=None):
        import httpcore

        stream = self._inner.connect_tcp(
            host, port, timeout=_within(self._deadline, timeout, httpcore.ConnectTimeout),
            local_address=local_address, socket_options=socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options=None):
        import httpcore

        stream = self._inner.connect_unix_socket(
            path, timeout=_within(self._deadline, timeout, httpcore.ConnectTimeout),
            socket_options=socket_options)
        return _DeadlineStream(stream, self._deadline)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineStream:
    """A connection whose reads and writes end by the deadline (see `_DeadlineBackend`)."""

    def __init__(self, inner, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        import httpcore

        return self._inner.read(max_bytes, _within(self._deadline, timeout,
                                                   httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        import httpcore

        self._inner.write(buffer, _within(self._deadline, timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None,
                  timeout: float | None = None):
        import httpcore

        stream = self._inner.start_tls(
            ssl_context, server_hostname,
            _within(self._deadline, timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(stream, self._deadline)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


def _within(deadline: float, timeout: float | None, error: type[Exception]) -> float:
    """`timeout`, shortened to what is left before `deadline`; `error` once none is."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the deadline for the whole request has passed")
    return left if timeout is None else min(timeout, left)


def _finish(response, settings: FetchSettings, deadline: float, url: str,
            moved_to: tuple[str, int] | None = None) -> Response:
    """The final response: 304 and 2xx become a Response; anything else is an error."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    common = {
        "moved_to": moved_to,
        "url": str(response.url),
        "status": response.status_code,
        "headers": headers,
        "etag": headers.get("etag"),
        "last_modified": headers.get("last-modified"),
    }
    if response.status_code == 304:
        return Response(body=b"", not_modified=True, **common)
    if not 200 <= response.status_code < 300:
        phrase = f" {response.reason_phrase}" if response.reason_phrase else ""
        if response.status_code == 401:
            raise SourceError(f"{url}: {_login_refused(response.request.url, phrase)}")
        wait = _retry_after(headers.get("retry-after", ""))
        raise SourceError(f"{url}: HTTP {response.status_code}{phrase}{wait}")
    return Response(body=_read_capped(response, settings, deadline, url), **common)


def _login_refused(url, phrase: str) -> str:
    """What to say of a 401 to a request for `url` (httpx's URL): "HTTP 401 Unauthorized"
    alone said neither that the feed wants a login nor where one goes, nor, with one
    given, that it is the login the server turned down."""
    if url.userinfo:
        return f"did not accept the user name and password in the source's URL (HTTP 401{phrase})"
    # a teaser page of a feed that has a login is not sent it: "give them" would be wrong
    return (f"asks for a user name and password (HTTP 401{phrase}); a configured source "
            f"takes them in its URL: {url.scheme}://user:password@host/…")


def _retry_after(value: str) -> str:
    """How long a rate-limited (429) or unavailable (503) server asks to be left alone, as
    the failure's line says it: its Retry-After in seconds or as an HTTP date. Anything
    else is not echoed: the header is the server's, untrusted. Nor is a number of more
    than `_RETRY_AFTER_DIGITS` digits (5,000 of them raised a ValueError out of `int`, and
    the build ended), or a date UTC cannot hold (the year 9999 west of UTC)."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        if len(value) > _RETRY_AFTER_DIGITS:
            return ""
        return f" (the server asks to wait {int(value)} s before trying again)"
    try:
        when = parsedate_to_datetime(value) if value else None
        if when is None or when.tzinfo is None:
            return ""
        until = when.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        return ""
    return (f" (the server asks to wait until {until:%Y-%m-%d %H:%M} UTC "
            "before trying again)")


_RETRY_AFTER_DIGITS = 9  # 999,999,999 s is some 31 years: more is no wait anyone means


def _read_capped(response, settings: FetchSettings, deadline: float, url: str) -> bytes:
    """The body, decompressed, read in chunks and abandoned past the cap or the deadline."""
    cap = settings.max_bytes
    too_large = f"{url}: response too large (over {cap:,} bytes)"
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in _INFLATE and encoding not in ("", "identity"):
        raise SourceError(f"{url}: the body is in an encoding not read ({encoding!r}; only "
                          "gzip or deflate, once, are)")
    if declared.isdigit() and int(declared) > cap and encoding in ("", "identity"):
        raise SourceError(too_large)
    inflater = _Inflater(encoding) if encoding in _INFLATE else None
    chunks: list[bytes] = []
    size = 0
    # raw bytes, inflated here: httpx's decoders inflate a whole chunk in one call with no
    # limit, so 2 KB of brotli or of gzip twice over took 2 GB before the cap was checked
    try:
        for raw in chain(response.iter_raw(), [None]):  # None: the end
            if inflater is not None:
                pieces: Iterable[bytes] = inflater.pieces(raw, cap - size + 1)
            else:
                pieces = (raw,) if raw else ()
            for piece in pieces:  # checked one at a time: none is larger than the cap
                size += len(piece)
                if size > cap:
                    raise SourceError(too_large)
                chunks.append(piece)
            if time.monotonic() > deadline:  # as they arrive, so it is checked often
                raise SourceError(f"{url}: timed out after {settings.timeout_s:g} s")
    except zlib.error as e:
        raise SourceError(f"{url}: the compressed body is broken ({e})") from None
    return b"".join(chunks)


# The content encodings a response may come in, and zlib's window bits for each: asked for
# in Accept-Encoding, and inflated by `_Inflater` under the cap. gzip and deflate are what
# servers send; one layer, since a body encoded twice is no server's choice, only a bomb's.
_INFLATE = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS,
            "deflate": zlib.MAX_WBITS}


class _Inflater:
    """A gzip or deflate body inflated a bounded piece at a time: `pieces` never makes more
    than `limit` bytes per call of zlib, so memory stays within the cap however far the
    data would inflate. "deflate" is zlib-wrapped by the standard and raw in practice
    (some servers): the first bytes decide, as browsers and httpx do."""

    def __init__(self, encoding: str) -> None:
        self._wbits = _INFLATE[encoding]
        self._zlib = zlib.decompressobj(self._wbits)
        self._started = False

    def pieces(self, data: bytes | None, limit: int) -> Iterator[bytes]:
        """`data` inflated, in pieces of at most `limit` bytes (None: the body has ended,
        and this is what zlib still holds)."""
        if data is None:
            yield self._zlib.flush(limit)
            return
        if not data:
            return
        piece = self._zlib.decompress(data, limit) if self._started else self._first(data, limit)
        yield piece
        while self._zlib.unconsumed_tail and len(piece) == limit:
            piece = self._zlib.decompress(self._zlib.unconsumed_tail, limit)
            yield piece

    def _first(self, data: bytes, limit: int) -> bytes:
        self._started = True
        try:
            return self._zlib.decompress(data, limit)
        except zlib.error:
            if self._wbits != zlib.MAX_WBITS:
                raise
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate
            return self._zlib.decompress(data, limit)
