"""A real SMTP server on 127.0.0.1 for the email tests (aiosmtpd in a thread).

It records what it accepts and can misbehave on purpose: refuse a recipient for good
(550), refuse one for now (451), end the session at a recipient (421), or drop the
connection in the middle of a message.
TLS comes from a throw-away CA made by trustme: STARTTLS or implicit TLS.
"""

from __future__ import annotations

import email
import socket
import ssl
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.data, policy=policy.default)  # type: ignore


@dataclass
class Handler:
    refuse: dict[str, str] = field(default_factory=dict)  # address -> "550 ..." reply
    tempfail: dict[str, int] = field(default_factory=dict)  # address -> 451s still to give
    drop_on_message: set[int] = field(default_factory=set)  # 1-based DATA counts to drop
    closing: dict[str, int] = field(default_factory=dict)  # address -> 421s still to give
    received: list[Received] = field(default_factory=list)
    data_count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        key = address.lower()
        if key in self.refuse:
            return self.refuse[key]
        with self.lock:
            if self.closing.get(key, 0) > 0:  # the whole session ends: nobody gets the message
                self.closing[key] -= 1
                return "421 4.7.0 too many messages, closing connection"
            if self.tempfail.get(key, 0) > 0:
                self.tempfail[key] -= 1
                return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.data_count += 1
            drop = self.data_count in self.drop_on_message
        if drop:
            server.transport.close()  # the client never hears 250: nothing was accepted
            return "421 4.4.2 connection dropped"
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
            )
        return "250 Message accepted"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


class Server:
    """`with Server(...) as s:` a running server; s.port, s.handler.received."""

    def __init__(self, handler: Handler | None = None, *, starttls: ssl.SSLContext | None = None,
                 implicit_tls: ssl.SSLContext | None = None,
                 users: dict[str, str] | None = None, smtputf8: bool = True,
                 auth_exclude: list[str] | None = None) -> None:
        self.handler = handler or Handler()
        self.port = free_port()
        kwargs: dict = {"enable_SMTPUTF8": smtputf8}  # False: a relay that offers no SMTPUTF8
        if starttls is not None:
            kwargs.update(tls_context=starttls, require_starttls=True)
        if users is not None:
            kwargs.update(authenticator=self._authenticator(users), auth_required=True,
                          auth_require_tls=starttls is not None,
                          auth_exclude_mechanism=auth_exclude or [])
        if implicit_tls is not None:
            kwargs["ssl_context"] = implicit_tls
        self.implicit = implicit_tls is not None
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     server_hostname="127.0.0.1", ready_timeout=5, **kwargs)

    @staticmethod
    def _authenticator(users: dict[str, str]):
        def check(server, session, envelope, mechanism, auth_data):
            if isinstance(auth_data, LoginPassword):
                user = auth_data.login.decode()
                ok = users.get(user) == auth_data.password.decode()
                return AuthResult(success=ok, handled=False)
            return AuthResult(success=False, handled=False)

        return check

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


# --- a briefing to mail, made by hand --------------------------------------------------
# The delivery tests mail rendered files; they do not need the summarizer, so they build
# out/<date>/ from a hand-made Briefing with the real renderers (one PDF per session).

HOSTILE = "<script>alert('x')</script> {{ 7*7 }} [click](javascript:alert(1))"


def hand_made_briefing(day):
    from datetime import UTC, datetime

    from briefing.model import Article, Briefing, KeyPoint, Section, Story, ThemeScore

    articles, sections = [], []
    for theme, title, count in (("military", "Military action", 6),
                                ("diplomacy", "Diplomacy", 4)):
        stories = []
        for i in range(count):
            art = Article(id=f"{theme}-{i}", title=f"{title} report {i}",
                          text="", source="Wire", url=f"https://example.org/{theme}/{i}",
                          published=datetime(day.year, day.month, day.day, 6, tzinfo=UTC))
            text = (f"CENTCOM forces struck {75 + i} targets in Syria." if theme == "military"
                    else f"Envoys met in Aqaba for round {i} of talks on Syria.")
            if i == 0 and theme == "diplomacy":
                text += " " + HOSTILE
            point = KeyPoint(art.id, text, 0, 1.0 - i / 10, (ThemeScore(theme, 0.9),))
            articles.append(art)
            stories.append(Story(art.id, (art,), (point,), 1.0 - i / 10))
        sections.append(Section(theme, title, tuple(stories)))
    top = tuple(s.stories[0].key_points[0] for s in sections)
    return Briefing(date=day, title="Daily briefing",
                    generated_at=datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC),
                    sections=tuple(sections), top_lines=top, articles=tuple(articles))


def render_briefing_files(folder, day, *, empty: bool = False) -> None:
    """out/<date>/briefing.{md,html,pdf,json} as a build would write them."""
    from dataclasses import replace

    from briefing.fileio import write_atomic
    from briefing.render import RenderOptions, render_all

    briefing = hand_made_briefing(day)
    if empty:
        briefing = replace(briefing, sections=(), top_lines=(), articles=())
    rendered = render_all(briefing, ["md", "html", "pdf", "json"], RenderOptions())
    for kind, data in rendered.items():
        write_atomic(folder / f"briefing.{kind}", data)
