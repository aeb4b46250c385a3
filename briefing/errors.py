"""Errors a user can act on. The CLI shows each as one line and exits non-zero.

Anything else that escapes is a bug in briefing, not in the user's input.
"""

from __future__ import annotations

import re

from briefing.urls import redact_urls

# What would break a message's one line or act on the terminal: line breaks of any kind
# (str.splitlines' set), other C0/C1 controls, escape sequences; and the bidi controls,
# which turn the rest of a line around (a file "report\u202etxt.exe" reads as
# "reportexe.txt"). Messages quote untrusted text (a feed's URL, a file name), so these
# are shown escaped ("\x0c", "\u202e"), never sent raw.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e"
                          r"\u2066-\u2069]")


def one_line(message: str) -> str:
    """A warning or error as exactly one printable line: on stderr, and in a briefing's
    "Notes on the sources" (its Markdown, HTML and email), where a build's warnings go too.
    The addresses it names show no password or key (`redact_urls`): a feed's URL may carry
    them, and these lines reach logs and readers that its config never does."""
    shown = redact_urls(message)
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode(), shown)


class BriefingError(Exception):
    """Base class: the message is the whole story, shown as one line."""

    exit_code = 1


class ConfigError(BriefingError):
    """A config file, key or value is wrong. The message names the file, key and what is allowed."""

    exit_code = 2


class SourceError(BriefingError):
    """A source could not be read: a missing folder, a bad file, a feed that failed."""


class InputError(BriefingError):
    """Input given on the command line (JSON Lines, a date, a path) is malformed."""

    exit_code = 2


class TemplateError(BriefingError):
    """A user's template could not be loaded or rendered. The message names file and line."""


class DeliveryError(BriefingError):
    """A message could not be sent (after retries)."""


class SendStopped(DeliveryError):
    """The server went away part-way through a list (or refused the login): the run
    stopped. `reports` (deliver.SendReport, one per desk) says whom it served before, so
    that the command can say so: the ledger knows, the operator must too."""

    def __init__(self, message: str, reports: list) -> None:
        super().__init__(message)
        self.reports = reports

    def lines(self) -> list[str]:
        """The reports' lines; none when the one thing the run did was fail for the
        reason this error gives (a server never reached, a TLS or login refused)."""
        lines = [line for report in self.reports for line in report.lines()]
        alone = [(a, why) for report in self.reports for a, why in report.failed]
        if len(lines) == 1 and len(alone) == 1 and alone[0][1] == f"not sent: {self}":
            return []
        return lines


class NoRecipientsError(DeliveryError):
    """Nobody to send to. The message names the config key; a command that takes --to
    adds that it does (schedule has no --to, so the library never suggests it)."""


class StoreError(BriefingError):
    """The SQLite store cannot be opened or written. The message names the file and what to do."""


class WriteError(BriefingError):
    """A file or folder could not be written. The message names it and the system's reason."""

    def __init__(self, path: object, reason: str, action: str = "cannot write") -> None:
        super().__init__(f"{path}: {action} ({reason})")
        self.path = path
        self.reason = reason
