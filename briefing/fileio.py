"""Writing files safely: whole or not at all; and the TOML files a user owns, read and written.

Briefings, the user's `briefing.toml` (OPML import) and themes file (`themes learn`) and the
outbox are all written here, so a crash or a full disk never leaves half a file.
The lock on a folder that a build or an edit holds while it replaces files there
(`folder_lock`) is here too, with the module's one piece of state: the folders each thread
holds (`_HeldFolders`), so that a thread may take a lock it holds again.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
import threading
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError, WriteError


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file a user wrote (briefing.toml, a themes file), or one line saying why not."""
    try:
        text = path.read_text(encoding="utf-8")  # a BOM is skipped by parse_toml
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except UnicodeDecodeError as e:
        raise ConfigError(not_utf8(path, e)) from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read ({e.strerror or e})") from None
    return parse_toml(text, path)


def not_utf8(path: Path, error: UnicodeDecodeError) -> str:
    """Why a file of the user's (a TOML file, a template) cannot be read when it is not
    UTF-8 text, saved in a Windows encoding say: its path and the line and byte to fix.
    `error` is the decoding's of the whole file."""
    line = error.object.count(b"\n", 0, error.start) + 1
    return f"{path}: not UTF-8 text (line {line}, byte {error.start}); save it as UTF-8"


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The one place TOML is parsed: `text`, which is (or will be) the file `path`, or a
    ConfigError naming it. tomllib recurses once per level of nesting, so a file of
    `[[[[...]]]]` thousands deep would escape as a RecursionError: it is invalid TOML here
    like any other file tomllib cannot read. A leading byte order mark, which tomllib
    refuses, is skipped: text a caller keeps byte for byte to append to (OPML import,
    `themes learn`) still holds the one a Windows editor wrote."""
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or inline tables nested too deeply "
                          "to read") from None


def write_atomic(path: Path, data: str | bytes) -> None:
    """The file is complete or absent: write a temporary file beside it, then rename.

    A file already there keeps its permissions (a user's config may be private); a new one
    gets the usual mode, not mkstemp's 0600. A symlink stays one: its target is replaced.
    A file that cannot be written (a read-only folder, a full disk, a parent that is a
    file) is a WriteError naming `path` and the system's reason; the old file is intact.
    """
    try:
        _write_atomic(path, data)
    except OSError as e:
        raise WriteError(path, os_reason(e, path)) from None


def os_reason(error: OSError, path: Path) -> str:
    """The system's reason, and the path it concerns when that is not `path` or a
    temporary file beside it (a parent folder that is a file, say)."""
    reason = error.strerror or str(error)
    where = Path(error.filename) if error.filename else None
    if where is None or where == path or where.parent == path.resolve().parent:
        return reason
    return f"{reason}: {where}"


def write_together(files: Mapping[Path, str | bytes], before: Callable[[], None]) -> None:
    """Write every file of `files` to a temporary name beside it, then call `before`,
    then rename each into place: a failure to write any of them (a full disk) is a
    WriteError naming it before `before` is called or any file there replaced. A build
    keeps the previous edition aside in `before`, which must not happen for a new
    edition that cannot be written whole."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            try:
                staged.append(_staged(path, data))
            except OSError as e:
                raise WriteError(path, os_reason(e, path)) from None
        before()
        for (tmp, target), path in zip(staged, files, strict=True):
            try:
                os.replace(tmp, target)
            except OSError as e:
                raise WriteError(path, os_reason(e, path)) from None
    finally:
        for tmp, _ in staged:  # those not renamed
            tmp.unlink(missing_ok=True)


def _write_atomic(path: Path, data: str | bytes) -> None:
    tmp, target = _staged(path, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _staged(path: Path, data: str | bytes) -> tuple[Path, Path]:
    """`data` written whole to a temporary file beside `path`: (that file, where it goes).
    """
    target = path.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if target.exists():
        mode = target.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp), target


# What mkstemp adds to the prefix ".<name>.": eight of its characters ("x7k2_q9a").
_TEMPORARY_TAIL = re.compile(r"[a-z0-9_]{8}")


def temporary_files(folder: Path, names: Iterable[str] = (), suffix: str = "") -> list[Path]:
    """The temporary files `write_atomic` made beside `names` in `folder` and never renamed:
    what a process killed while writing leaves (".briefing.pdf.x7k2_q9a" for
    "briefing.pdf"). Only those exact names, so a user's own file is never among them.
    With `suffix`, also those beside any name ending with it (".eml": an outbox's files,
    whose names are not known ahead)."""
    known = set(names)

    def ours(name: str) -> bool:
        head, dot, tail = name.rpartition(".")  # ".briefing.pdf", ".", "x7k2_q9a"
        if not (head.startswith(".") and dot and _TEMPORARY_TAIL.fullmatch(tail)):
            return False
        written = head[1:]  # the name it was to have
        return written in known or (bool(suffix) and written.endswith(suffix)
                                    and written != suffix)

    try:
        entries = list(os.scandir(folder))
    except OSError:  # no folder yet, or one that cannot be read: nothing of ours in it
        return []
    return sorted(Path(e.path) for e in entries if e.is_file(follow_symlinks=False)
                  and ours(e.name))


class _HeldFolders(threading.local):
    """The folders the running thread holds a `folder_lock` on: this module's one piece of
    state, which makes the lock re-entrant. `send` holds a date's folder over the build it
    runs, which locks the folder again, and a second flock of its own would wait for ever.
    Per thread, not per process: another thread (two OPML imports on threads, each
    `editing` briefing.toml) must wait for the folder as another process does."""

    def __init__(self) -> None:  # run once in each thread, at its first use
        self.folders: set[Path] = set()


_HELD = _HeldFolders()


@contextmanager
def folder_lock(folder: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (created if need be) while a build replaces the
    files in it: a second build of the same folder waits until the first has written and
    recorded its files, so it never takes another's files in progress for those of a
    killed build. The lock is on the folder itself (flock), so no lock file appears in
    it, and the kernel releases it when its holder dies. Where the folder cannot be made or
    locked (a network file system that cannot flock a folder), this goes on unlocked, as
    builds did before; a folder that cannot be written is then reported by the write.

    A thread already holding the lock takes it again at once (`send` holds it over the
    build it runs and its reading of the files): a second flock of its own would wait
    for ever. Another thread of the process waits, as another process does. `waiting` is
    called when another holds it, before waiting for it.
    """
    import fcntl

    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = folder.resolve()
        held = _HELD.folders
        fd = None if key in held else os.open(folder, os.O_RDONLY)
    except OSError:
        fd = None
    if fd is None:  # held by this thread already, or cannot be locked
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # held by another process or thread
            if waiting is not None:
                waiting()
            with suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:  # cannot lock here: go on as before
            pass
        held.add(key)
        yield
    finally:
        held.discard(key)
        os.close(fd)  # releases the lock


@contextmanager
def editing(path: Path) -> Iterator[None]:
    """Hold while a user's own file is read, added to and written back (OPML import,
    `themes learn`). Two edits at once each read the file before the other wrote it, and
    the last rename won: eight imports each said "1 feed added" and the file held one. The
    lock (`folder_lock` on the file's folder) makes the second read what the first wrote.
    A file with no write permission left is refused, not replaced: the rename that makes a
    write atomic needs only the folder's permission, and would ignore the file's."""
    target = path.resolve()
    if target.is_file() and (not os.access(target, os.W_OK) or not target.stat().st_mode & 0o222):
        raise WriteError(path, "the file is read-only; make it writable to add to it")
    with folder_lock(target.parent):
        yield


def appended(old: bytes, text: str) -> bytes:
    """`old` with `text` after it, on a line of its own, in the file's own line endings
    (CRLF if most of its lines end so): a file is added to, never rewritten."""
    crlf = 2 * old.count(b"\r\n") > old.count(b"\n")
    if old and not old.endswith(b"\n"):
        text = "\n" + text
    return old + (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")


def toml_string(value: str) -> str:
    """A TOML basic string (the standard library reads TOML but cannot write it): JSON's
    escapes are TOML's, and DEL must be escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def special_kind(path: Path) -> str | None:
    """What `path` is when it exists but is neither a regular file nor a folder ("a named
    pipe", "a character device"), else None. Such a thing is never read as a source or a
    config: a file's kind is told by its name's suffix, which a pipe (bash's `<(...)`
    gives /dev/fd/63) lacks; a pipe can be read only once; and a device may never end
    (/dev/zero) or wait for a keyboard (/dev/tty)."""
    try:
        mode = path.stat().st_mode
    except OSError:  # absent (or unreadable): the caller says what it says of that
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kinds = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((kind for test, kind in kinds if test(mode)), "a special file")
