"""HTTP GET for feeds and pages, with the limits a scheduled job needs.

httpx does the protocol work (connection handling, TLS, chunked and gzip bodies,
timeouts); this module adds the policy: http and https only, on every redirect hop
too; a redirect limit and loop detection; a size cap enforced while streaming, so a
huge or endless body is never held in memory; one deadline for the whole request,
so a server that drips a byte a second cannot hold a run for ever; conditional
requests (ETag / Last-Modified); and a User-Agent that names us. Every failure is a
`SourceError` whose one line names the URL and what happened.

httpx rather than urllib: explicit per-hop redirects (`next_request`), streaming with
decompression, typed timeout errors and a thread-safe client, without hand-written
handlers. It is imported inside `fetch`, so the CLI's start-up does not pay for it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from briefing.errors import SourceError

ALLOWED_SCHEMES = ("http", "https")
_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5"
)


@dataclass(frozen=True)
class FetchSettings:
    """Limits for one fetch; `parallel` is how many sources `read_many` reads at once."""

    timeout_s: float = 10.0  # for the whole request: connect, redirects and body
    max_bytes: int = 5_000_000  # of the decoded body
    # Names us and where to learn more; replace the placeholder with the project's page.
    user_agent: str = "briefing/0.1 (daily news briefing; +https://example.org/briefing)"
    max_redirects: int = 5
    parallel: int = 4


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
    """Refuse anything but http(s): a feed must not make us read file:// or ftp://."""
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
) -> Response:
    """GET `url`, following redirects within limits; raise SourceError on any failure.

    With `etag` or `last_modified` (from an earlier Response) the request is
    conditional, and a 304 comes back as a Response with `not_modified=True`.
    """
    import httpx

    check_scheme(url)
    headers = {"User-Agent": settings.user_agent, "Accept": _ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + settings.timeout_s
    try:
        with httpx.Client(
            timeout=httpx.Timeout(settings.timeout_s),
            follow_redirects=False,  # followed below, so each hop is checked
            verify=_ssl_context(),
        ) as client:
            return _get(
                client, client.build_request("GET", url, headers=headers), settings, deadline, url
            )
    except httpx.TimeoutException:
        raise SourceError(f"{url}: timed out after {settings.timeout_s:g} s") from None
    except httpx.InvalidURL as e:
        raise SourceError(f"{url}: invalid URL ({e})") from None
    except httpx.HTTPError as e:  # connection refused, DNS failure, broken stream, TLS
        reason = str(e).strip() or type(e).__name__
        raise SourceError(f"{url}: could not fetch ({reason})") from None


def _get(client, request, settings: FetchSettings, deadline: float, url: str) -> Response:
    """Send `request`, walking redirects by hand, and read the final body."""
    seen = [str(request.url)]
    while True:
        response = client.send(request, stream=True)
        try:
            next_request = response.next_request  # set for a 3xx with a Location
            if next_request is None:
                return _finish(response, settings, deadline, url)
        finally:
            response.close()
        target = str(next_request.url)
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


def _finish(response, settings: FetchSettings, deadline: float, url: str) -> Response:
    """The final response: 304 and 2xx become a Response; anything else is an error."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    common = {
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
        raise SourceError(f"{url}: HTTP {response.status_code}{phrase}")
    return Response(body=_read_capped(response, settings, deadline, url), **common)


def _read_capped(response, settings: FetchSettings, deadline: float, url: str) -> bytes:
    """The body, decompressed, read in chunks and abandoned past the cap or the deadline."""
    cap = settings.max_bytes
    too_large = f"{url}: response too large (over {cap:,} bytes)"
    declared = response.headers.get("content-length", "")
    encoded = response.headers.get("content-encoding", "identity").lower() != "identity"
    if declared.isdigit() and int(declared) > cap and not encoded:
        raise SourceError(too_large)
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():  # as they arrive, so the deadline is checked often
        size += len(chunk)
        if size > cap:
            raise SourceError(too_large)
        if time.monotonic() > deadline:
            raise SourceError(f"{url}: timed out after {settings.timeout_s:g} s")
        chunks.append(chunk)
    return b"".join(chunks)
