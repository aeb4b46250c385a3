"""What the command line prints, and what happens when nobody reads it any more.

The contract scripts rely on (README, "For scripts"): data goes to stdout, as JSON Lines
in UTF-8 whatever the locale; warnings and errors go to stderr, one printable line each;
a reader that stops early (`| head -1`) ends a command that only prints with exit 0.
`briefing/cli.py` lists the commands and calls these.
"""

from __future__ import annotations

import functools
import io
import json
import os
import select
import sys
from collections.abc import Callable
from typing import Any

import click

from briefing.errors import WriteError, one_line


def warn(line: str) -> None:
    click.echo(f"warning: {one_line(line)}", err=True)


def note(line: str) -> None:
    """What the operator's log wants beside the warnings (what each source gave, a wait
    for another build), on stderr: stdout keeps the command's data."""
    click.echo(f"note: {one_line(line)}", err=True)


# Characters JSON leaves raw that many line readers (Python's str.splitlines, editors)
# take as line breaks: escaped, so every record is one line however it is split; and DEL
# and the C1 controls (JSON escapes only C0's), which a terminal may act on (U+009B is CSI,
# as ESC [ is).
_JSON_LINE_BREAKS = str.maketrans({**{chr(c): f"\\u{c:04x}" for c in range(0x7f, 0xa0)},
                                   "\u2028": "\\u2028", "\u2029": "\\u2029"})


def emit(record: dict[str, Any]) -> None:
    """One JSON Lines record on stdout, in UTF-8 as JSON must be, whatever the locale's
    encoding (as text, a Latin-1 console got Latin-1 bytes, or a traceback on a dash)."""
    if sys.stdout is None:  # started with stdout closed (`>&-`): click would drop the row
        raise WriteError("<stdout>", "not open")
    line = json.dumps(record, ensure_ascii=False).translate(_JSON_LINE_BREAKS)
    # bytes go to stdout's binary stream as they are; a stdout with none (a caller's
    # redirect_stdout to a StringIO) takes the text
    click.echo(line.encode("utf-8") if hasattr(sys.stdout, "buffer") else line)


def escape_what_stdout_cannot_encode() -> None:
    """A character the console's encoding lacks (a dash on a Latin-1 terminal) is shown
    escaped, as Python does on stderr, not a UnicodeEncodeError; JSON Lines are bytes
    (emit) and never pass through this."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


class StdoutClosed(Exception):
    """Nobody reads the output any more (`briefing classify ... | head -1`).

    Not an OSError: click takes every EPIPE for a failure (exit 1, even outside standalone
    mode), and a reader that took what it wanted is not one."""


def _stdout_closed() -> bool:
    """Whether stdout is a pipe or socket whose reading end is gone. A BrokenPipeError is
    asked about, not trusted: one from an SMTP server's socket is a failure to report."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & (select.POLLERR | select.POLLHUP)
                   for _, events in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll(), or stdout is not a file
        return False


def output_only(command: Callable[..., None]) -> Callable[..., None]:
    """For a command whose whole work is what it prints (JSON Lines, a timeline, an
    explanation): a reader that stops early (`| head -1`) took what it wanted, so the
    command ends quietly with exit 0 (`StdoutClosed`, which main turns into 0). Commands
    that build, send or write keep click's exit 1: their output may stop before what they
    did was said (a failed send)."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except BrokenPipeError:
            if _stdout_closed():
                raise StdoutClosed from None
            raise

    return run


def discard_stdout() -> None:
    """Point stdout at the null device once its reader is gone: what is still buffered for
    it would fail again at exit, with a message ("Exception ignored ... BrokenPipeError")
    and exit code 120."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
