"""Writing files safely: whole or not at all, and TOML values for the files a user owns.

Briefings, the user's `briefing.toml` (OPML import) and themes file (`themes learn`) and the
outbox are all written here, so a crash or a full disk never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from briefing.errors import WriteError


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


def _write_atomic(path: Path, data: str | bytes) -> None:
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
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def toml_string(value: str) -> str:
    """A TOML basic string (the standard library reads TOML but cannot write it): JSON's
    escapes are TOML's, and DEL must be escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
