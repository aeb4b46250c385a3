"""A real HTTP server on 127.0.0.1 for the web-source tests: no mocks, no internet.

Each route is a function that answers one request through the standard library's
request handler, so a test can serve a saved fixture, a 304, a 500, a slow answer, a
redirect loop or an endless body exactly as a misbehaving site would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "web"

Route = Callable[[BaseHTTPRequestHandler], None]


class LocalServer:
    """Routes by path; remembers each request's path and headers for assertions."""

    def __init__(self, routes: dict[str, Route], *,
                 server_class: type[ThreadingHTTPServer] = ThreadingHTTPServer,
                 host: str = "127.0.0.1") -> None:
        """`server_class` and `host`: another kind of server (one that also speaks TLS,
        one of IPv6's family on "::1") serving the same routes."""
        self.routes = routes
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path.split("?", 1)[0])
                try:
                    if route is None:
                        send(self, 404, b"not found", "text/plain")
                    else:
                        route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size cap, timeout): what the test wanted

            def log_message(self, *args) -> None:  # keep pytest's output clean
                pass

        self._httpd = server_class((host, 0), Handler)
        self._httpd.daemon_threads = True
        named = f"[{host}]" if ":" in host else host
        self.base = f"http://{named}:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[LocalServer]:
    server = LocalServer(routes).start()
    try:
        yield server
    finally:
        server.stop()


# --- routes ----------------------------------------------------------------------------


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    content_type: str,
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        h.send_header(name, value)
    h.end_headers()
    h.wfile.write(body)


def fixture(name: str, content_type: str, server: LocalServer | None = None) -> Route:
    """A saved fixture file; `{{BASE}}` in it becomes the server's address."""

    def route(h: BaseHTTPRequestHandler) -> None:
        body = (FIXTURES / name).read_bytes()
        if server is not None:
            body = body.replace(b"{{BASE}}", server.base.encode())
        send(h, 200, body, content_type)

    return route


def status(code: int) -> Route:
    return lambda h: send(h, code, f"error {code}".encode(), "text/plain")


def redirect(location: str, code: int = 302) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(code)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return route


def slow(seconds: float, body: bytes = b"<rss version='2.0'></rss>") -> Route:
    """Answers only after `seconds`: longer than the test's timeout."""

    def route(h: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        send(h, 200, body, "application/rss+xml")

    return route


def endless(declare_length: int | None = None, limit: int = 50_000_000) -> Route:
    """A huge body streamed in 64 KiB chunks (one buffer reused: nothing big in memory).

    With `declare_length` the Content-Length header announces it; without, the body is
    delimited by closing the connection, so only counting while reading can stop it.
    """
    chunk = b"<p>" + b"x" * (65536 - 7) + b"</p>\n"

    def route(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        if declare_length is not None:
            h.send_header("Content-Length", str(declare_length))
        h.end_headers()
        sent = 0
        while sent < limit:
            h.wfile.write(chunk)
            sent += len(chunk)

    return route


def conditional(name: str, content_type: str, etag: str, last_modified: str) -> Route:
    """A fixture with validators; answers 304 when the client already has it."""

    def route(h: BaseHTTPRequestHandler) -> None:
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if h.headers.get("If-None-Match") == etag or (
            h.headers.get("If-None-Match") is None
            and h.headers.get("If-Modified-Since") == last_modified
        ):
            h.send_response(304)
            for k, v in validators.items():
                h.send_header(k, v)
            h.end_headers()
            return
        send(h, 200, (FIXTURES / name).read_bytes(), content_type, validators)

    return route


def trickle(head: bytes, every: float = 0.2, limit: int = 200) -> Route:
    """Sends `head` as it is, then one more byte every `every` seconds (a slowloris):
    each read gets a byte in time, so only a deadline for the whole request stops it.
    `head` is raw HTTP, so the byte can fall in the headers or in the body."""

    def route(h: BaseHTTPRequestHandler) -> None:
        h.wfile.write(head)
        for _ in range(limit):
            time.sleep(every)
            h.wfile.write(b"x")

    return route
