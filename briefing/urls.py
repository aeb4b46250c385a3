"""Canonical URLs: one spelling per page, so the store recognises an article it has seen.

The same page is linked as `HTTPS://Example.org/a?utm_source=x#top` from a newsletter and
as `https://example.org/a` from a feed. The canonical form lower-cases the scheme and host,
drops a default port, the fragment and the common tracking parameters (utm_*, fbclid,
gclid, and a few more of the same kind), and keeps everything else as it was: the path and
the other query parameters can matter to the server, so they are not touched.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "mc_cid", "mc_eid", "igshid", "_ga"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}


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
    if parts.username or parts.password:
        userinfo = parts.username or ""
        if parts.password:
            userinfo += f":{parts.password}"
        host = f"{userinfo}@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not is_tracking(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    return urlunsplit((scheme, host, parts.path or "/", query, ""))
