"""Where a followed story's briefings are: its id, and links between archived days."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from urllib.parse import quote


def story_id(day: date, key: str, taken: set[str]) -> str:
    """A new story's id: the date it was first briefed and a short hash of its key
    ("20241215-3fa2c1"), longer when that is taken. Only [0-9a-f-]: safe in a URL."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    for length in range(6, len(digest) + 1):
        candidate = f"{day:%Y%m%d}-{digest[:length]}"
        if candidate not in taken:
            return candidate
    return f"{day:%Y%m%d}-{digest}-{len(taken)}"



def relative_folder(folder: str | Path, here: str | Path) -> str:
    """`folder` as a URL path relative to `here` ("../2024-12-08"): archives move whole."""
    rel = os.path.relpath(os.path.abspath(folder), os.path.abspath(here))
    return quote(rel.replace(os.sep, "/"))



def archived_folder(folder: str | Path, day: date, out_dir: Path) -> Path:
    """Where the files of a briefing recorded in `folder` are now: the same place under
    today's `out_dir` (out/<date>/, a desk's out/<date>/<desk>/, an edition kept aside
    there). The store keeps the folder as it was written; an archive moved whole with its
    store (a server's data moved, a home folder renamed) must still link within itself."""
    parts = Path(folder).parts
    if day.isoformat() not in parts:
        return Path(folder)
    at = len(parts) - 1 - parts[::-1].index(day.isoformat())
    return out_dir.joinpath(*parts[at:])
