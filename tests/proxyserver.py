"""A real HTTP proxy on 127.0.0.1 for the proxy tests: no mocks, no internet.

It forwards plain-http requests (`GET http://host/path`) and tunnels https ones
(`CONNECT host:port`), as an office's proxy does, and remembers each request line so a
test can tell which fetches went through it. `answer` makes it refuse every request with
that status instead (407: it wants a user name and password; 502: it cannot reach the site).
"""

from __future__ import annotations

import http.client
import select
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_PHRASES = {407: "Proxy Authentication Required", 502: "Bad Gateway"}


class LocalProxy:
    def __init__(self, answer: int | None = None) -> None:
        self.answer = answer
        self.requests: list[str] = []  # "CONNECT host:port" or "GET http://…"
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _refused(self) -> bool:
                proxy.requests.append(f"{self.command} {self.path}")
                if proxy.answer is None:
                    return False
                body = f"proxy says {proxy.answer}".encode()
                self.send_response(proxy.answer, _PHRASES.get(proxy.answer))
                if proxy.answer == 407:
                    self.send_header("Proxy-Authenticate", 'Basic realm="office"')
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return True

            def do_CONNECT(self) -> None:  # noqa: N802 (the standard library's name)
                if self._refused():
                    return
                host, port = self.path.rsplit(":", 1)
                try:
                    upstream = socket.create_connection((host.strip("[]"), int(port)),
                                                        timeout=5)
                except OSError:  # as a real proxy says it: the site, not the proxy, failed
                    self.send_error(502)
                    return
                self.send_response(200, "Connection established")
                self.end_headers()
                sockets = [self.connection, upstream]
                try:
                    while True:
                        ready, _, _ = select.select(sockets, [], [], 5)
                        if not ready:
                            return
                        for s in ready:
                            data = s.recv(65536)
                            if not data:
                                return
                            (upstream if s is self.connection else self.connection).sendall(data)
                finally:
                    upstream.close()

            def do_GET(self) -> None:  # noqa: N802
                if self._refused():
                    return
                parts = urlsplit(self.path)
                upstream = http.client.HTTPConnection(parts.hostname, parts.port or 80,
                                                      timeout=5)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("proxy-connection", "connection")}
                try:
                    upstream.request("GET", path or "/", headers=headers)
                    response = upstream.getresponse()
                except OSError:
                    self.send_error(502)
                    return
                body = response.read()
                self.send_response(response.status, response.reason)
                for name, value in response.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection",
                                            "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                upstream.close()

            def log_message(self, *args) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> LocalProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@contextmanager
def proxy(answer: int | None = None) -> Iterator[LocalProxy]:
    server = LocalProxy(answer).start()
    try:
        yield server
    finally:
        server.stop()
