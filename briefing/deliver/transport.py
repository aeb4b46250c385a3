"""How a message leaves: an SMTP server, or the outbox folder when none is configured.

Failures are sorted into what the sender can do about them:

- TemporaryFailure: 4xx replies, a connection dropped mid-message, and a 421 at any
  recipient (the server closing the session: nobody got the message, though smtplib
  names only the addresses refused before it). Retry with backoff.
- PermanentFailure: a 5xx reply to the whole message. Record it, move on.
- per-recipient refusals come back from `send()` as {address: (code, text)}; a 4xx one
  is temporary, a 5xx one permanent. A server without SMTPUTF8 cannot be given an
  address with letters outside ASCII before the @: it is refused here, as a 553, and
  the others are sent with their domains in ASCII.
- ConnectFailure, a TemporaryFailure: no connection could be opened (refused, timed out).
  Retried as one; still failing after the retries, it stops the run with one line.
- DeliveryError (fatal): the server's certificate is not trusted, the password is wrong or
  missing, TLS is not offered, the host name is unknown. Nothing else on the list would
  fare better, so the run stops with one line.

Certificates are verified by default (system CAs, plus `email.ca_file`). The password is
read from the environment variable named by `email.password_env` when it is needed, and is
never stored in an object that is printed, nor written anywhere.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import os
import re
import smtplib
import socket
import ssl
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from briefing.config import Config, EmailSettings, ascii_domain
from briefing.errors import DeliveryError, WriteError

Refused = dict[str, tuple[int, str]]


class TemporaryFailure(Exception):
    """Worth retrying: the server or the network may be fine in a minute."""


class ConnectFailure(TemporaryFailure):
    """No connection could be opened: every other message would meet the same."""


class PermanentFailure(Exception):
    """The server refused the message for good (5xx)."""


class Transport(Protocol):
    name: str

    def send(self, msg: EmailMessage, recipients: list[str]) -> Refused: ...

    def check(self) -> None: ...

    def close(self) -> None: ...


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}"


class SmtpTransport:
    """One SMTP connection, opened on first use and re-opened after a failure."""

    def __init__(self, email: EmailSettings, *, ca_file: Path | None = None) -> None:
        """`ca_file`: `email.ca_file` as a path (`Config.resolve`), None when not set."""
        self.settings = email
        self.host = email.smtp_host
        default_port = {"starttls": 587, "tls": 465, "none": 25}[email.security]
        self.port = email.smtp_port or default_port
        self.name = f"smtp {self.host}:{self.port}"
        self.ca_file = ca_file
        self.connection: smtplib.SMTP | None = None
        if email.username and email.security == "none":
            raise DeliveryError(
                "email.username is set but email.security = 'none': the password would "
                "cross the network in clear; use 'starttls' or 'tls'"
            )

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_file:
            try:
                context.load_verify_locations(cafile=str(self.ca_file))
            except (OSError, ssl.SSLError) as e:
                raise DeliveryError(f"email.ca_file {self.ca_file}: cannot load ({e})") from None
        if not self.settings.verify_certificate:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _password(self) -> str:
        name = self.settings.password_env
        password = os.environ.get(name, "")
        if not password:
            # "not set" is the usual case (a cron job or a systemd unit without the
            # variable): the line says which, and where the password goes
            state = "is not set" if name not in os.environ else "is empty"
            raise DeliveryError(
                f"email.username is set but the environment variable {name} (the SMTP "
                f"password) {state} in the environment briefing runs in: set it there "
                "(a systemd unit's EnvironmentFile, cron's line), never in briefing.toml"
            )
        return password

    def _connect(self) -> smtplib.SMTP:
        timeout = self.settings.timeout
        security = self.settings.security
        try:
            if security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=timeout, context=self._context()
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=timeout)
            try:
                smtp.ehlo()
                if security == "starttls":
                    if not smtp.has_extn("starttls"):
                        raise DeliveryError(
                            f"{self.name} does not offer STARTTLS (email.security = "
                            "'starttls'): set email.security = \"tls\" for a server that "
                            "speaks TLS from the first byte (port 465), or \"none\" for a "
                            "relay on this host")
                    smtp.starttls(context=self._context())
                    smtp.ehlo()
                if self.settings.username:
                    _login(smtp, self.settings.username, self._password())
            except BaseException:
                smtp.close()
                raise
        except ssl.SSLCertVerificationError as e:
            raise DeliveryError(
                f"{self.name}: the server's certificate is not trusted ({e.verify_message}); "
                "add its CA with email.ca_file"
            ) from None
        except ssl.SSLError as e:
            raise DeliveryError(f"{self.name}: TLS failed ({e.reason or e}); check "
                                "email.security and email.smtp_port") from None
        except smtplib.SMTPAuthenticationError as e:
            raise DeliveryError(
                f"{self.name}: login refused for {self.settings.username!r} "
                f"({_reply(e.smtp_code, e.smtp_error)}); check {self.settings.password_env}"
            ) from None
        except smtplib.SMTPNotSupportedError as e:
            raise DeliveryError(f"{self.name}: {e}") from None
        except smtplib.SMTPServerDisconnected as e:
            raise TemporaryFailure(f"{self.name}: connection closed ({e})") from None
        except smtplib.SMTPResponseException as e:
            if 400 <= e.smtp_code < 500:
                raise TemporaryFailure(f"{self.name}: {_reply(e.smtp_code, e.smtp_error)}") \
                    from None
            raise DeliveryError(f"{self.name}: {_reply(e.smtp_code, e.smtp_error)}") from None
        except socket.gaierror as e:
            raise DeliveryError(f"{self.name}: unknown host ({e.strerror})") from None
        except (OSError, smtplib.SMTPException) as e:
            raise ConnectFailure(f"{self.name}: cannot connect ({e})") from None
        except DeliveryError:
            raise
        except Exception as e:  # no connection, so nothing was sent: fatal, with its reason
            raise DeliveryError(f"{self.name}: cannot connect ({type(e).__name__}: {e})") \
                from None
        return smtp

    def check(self) -> None:
        """Connect, say hello, start TLS and log in, then hang up: a start-up check."""
        try:
            smtp = self._connect()
        except TemporaryFailure as e:
            raise DeliveryError(str(e)) from None
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()

    def send(self, msg: EmailMessage, recipients: list[str]) -> Refused:
        if self.connection is None:
            self.connection = self._connect()
        envelope = {r: r for r in recipients}  # the address as the server gets it -> ours
        unsendable: Refused = {}
        if not self.connection.has_extn("smtputf8"):
            msg, envelope, unsendable = self._in_ascii(msg, recipients)
            if not envelope:
                return unsendable
        try:
            refused = self.connection.send_message(msg, to_addrs=list(envelope))
        except smtplib.SMTPRecipientsRefused as e:
            closing = [(code, text) for code, text in e.recipients.values() if code == 421]
            if closing:  # 421 ends the session before DATA: nobody was sent the message,
                # though smtplib names only the addresses refused before it hung up
                self._drop()
                raise TemporaryFailure(f"{self.name}: {_reply(*closing[0])}") from None
            refused = e.recipients
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
            self._drop()
            reply = _reply(e.smtp_code, e.smtp_error)
            if 400 <= e.smtp_code < 500:
                raise TemporaryFailure(f"{self.name}: {reply}") from None
            raise PermanentFailure(f"{self.name}: {reply}") from None
        except smtplib.SMTPResponseException as e:
            self._drop()
            reply = _reply(e.smtp_code, e.smtp_error)
            if 400 <= e.smtp_code < 500 or e.smtp_code < 0:
                raise TemporaryFailure(f"{self.name}: {reply}") from None
            raise PermanentFailure(f"{self.name}: {reply}") from None
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            self._drop()
            raise TemporaryFailure(f"{self.name}: connection lost ({e or type(e).__name__})") \
                from None
        return unsendable | {envelope[r]: (code, _reply(code, text))
                             for r, (code, text) in refused.items()}

    def _in_ascii(self, msg: EmailMessage,
                  recipients: list[str]) -> tuple[EmailMessage, dict[str, str], Refused]:
        """The message and envelope for a server that offers no SMTPUTF8 (smtplib refuses
        to send it a non-ASCII address at all): each domain in its ASCII form (IDNA), in the
        envelope and in From and To; a recipient whose name before the @ is not ASCII is
        refused here, as nothing can carry it to this server."""
        why = (f"{self.name} does not offer SMTPUTF8, which an address with letters "
               "outside ASCII before the @ needs")
        envelope: dict[str, str] = {}
        unsendable: Refused = {}
        for r in recipients:
            if (plain := ascii_address(r)) is None:
                unsendable[r] = (553, why)
            else:
                envelope[plain] = r
        if not envelope or (str(msg["From"]).isascii() and str(msg["To"]).isascii()):
            return msg, envelope, unsendable
        msg = copy.deepcopy(msg)  # a retry, or the outbox's copy, keeps the message as made
        for header in ("From", "To"):  # To: the recipient, sendable; or (BCC) the sender
            written = str(msg[header])
            if (plain := ascii_address(written)) is None:
                raise DeliveryError(f"email.sender {written!r}: {why}")
            msg.replace_header(header, plain)
        return msg, envelope, unsendable

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.quit()
            self._drop()


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH as `user`. smtplib encodes the user name and password as ASCII, so a password
    such as "Kennwört" raised UnicodeEncodeError (which names one of its letters); PLAIN
    (RFC 4616) and LOGIN carry UTF-8, as servers read them, so such a login is made here."""
    if (user + password).isascii() or not smtp.has_extn("auth"):
        smtp.login(user, password)
        return

    def b64(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    offered = smtp.esmtp_features["auth"].upper().split()
    if "PLAIN" in offered:
        steps = [f"PLAIN {b64(chr(0) + user + chr(0) + password)}"]
    elif "LOGIN" in offered:
        steps = [f"LOGIN {b64(user)}", b64(password)]
    else:
        raise smtplib.SMTPNotSupportedError(
            "the password has letters outside ASCII, which only AUTH PLAIN or LOGIN carry, "
            f"and the server offers neither ({' '.join(offered)})")
    code, reply = smtp.docmd("AUTH", steps[0])
    for step in steps[1:]:
        if code == 334:
            code, reply = smtp.docmd(step)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def ascii_address(address: str) -> str | None:
    """The address with its domain in ASCII (ann@bücher.example: ann@xn--bcher-kva.example),
    as a server without SMTPUTF8 takes it; None when the part before the @ is not ASCII."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{ascii_domain(domain)}" if local.isascii() else None


class OutboxTransport:
    """The embedded default: each message becomes an .eml file in a folder.

    Any mail client opens them; `send` works on a fresh clone with no server. A message
    to a BCC group keeps its envelope recipients in a Bcc header, so the file says who
    it was for.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"outbox {folder}"

    def check(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DeliveryError(f"{self.name}: cannot create ({e.strerror or e})") from None
        if not os.access(self.folder, os.W_OK):
            raise DeliveryError(f"{self.name}: not writable")

    def remove_leftovers(self) -> None:
        """Remove the temporary .eml files of a send killed while writing here (`kill -9`,
        a reboot): hidden, they were never removed. Under the folder's lock, which every
        write here holds, so none is another send's in progress."""
        from briefing.fileio import folder_lock, temporary_files

        if not self.folder.is_dir():
            return
        with folder_lock(self.folder):
            for left in temporary_files(self.folder, suffix=".eml"):
                with contextlib.suppress(OSError):  # left for the next send; it stops nothing
                    left.unlink(missing_ok=True)

    def send(self, msg: EmailMessage, recipients: list[str]) -> Refused:
        from briefing.fileio import folder_lock, write_atomic

        saved = copy.deepcopy(msg)
        visible = str(msg.get("To", "")).lower()
        hidden = [r for r in recipients if r.lower() not in visible]
        if hidden:
            saved["Bcc"] = ", ".join(hidden)
        first = re.sub(r"[^A-Za-z0-9@._-]+", "_", recipients[0]) if recipients else "nobody"
        digest = hashlib.sha256(str(msg["Message-ID"]).encode()).hexdigest()[:10]
        day = re.search(r"briefing-(\d{4}-\d\d-\d\d)", str(msg["Message-ID"]))
        name = f"{day.group(1) if day else 'message'}_{first}_{digest}.eml"
        try:
            with folder_lock(self.folder):  # see remove_leftovers
                write_atomic(self.folder / name, saved.as_bytes(policy=policy.default))
        except WriteError as e:
            raise DeliveryError(f"{self.name}: cannot write ({e.reason})") from None
        return {}

    def close(self) -> None:
        pass


def open_transport(config: Config) -> Transport:
    """SMTP when email.smtp_host is set, else the outbox folder."""
    if config.email.smtp_host:
        # resolved as every path of briefing.toml is: `~`, the config file's folder
        ca_file = config.resolve(config.email.ca_file) if config.email.ca_file else None
        return SmtpTransport(config.email, ca_file=ca_file)
    outbox = OutboxTransport(config.outbox_dir)
    outbox.remove_leftovers()
    return outbox
