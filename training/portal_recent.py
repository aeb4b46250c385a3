"""A third, optional training corpus: Wikipedia's Portal:Current events of 2025-2026, filed
under the same ten headings as 2010-2020 (research: see research/README.md for what it did).

Source: github.com/fordred/wikinews, which keeps each day of the portal as a Markdown file
(docs/_posts/YYYY-MM-DD-index.md: "#### Sports", then the day's items as nested bullets,
each item ending in its source citations). The item texts are Wikipedia's, licensed
CC BY-SA 4.0 by their authors; the repository has no licence file of its own, and nothing
of its code is used. The days of the main portal corpus (2010-2020, portal.py) are not
read again: the clone read there has the years after 2020 unfiled ("Uncategorized").
"""

from __future__ import annotations

import re
from pathlib import Path

from portal import _CANONICAL, PortalItem, SourceError, _git

REPOSITORY = "https://github.com/fordred/wikinews"
COMMIT = "0441f5273b8763fa543a6148b97efbbbae37b371"
LICENCE = "CC BY-SA 4.0 (Wikipedia contributors, Portal:Current events)"
_DAY = re.compile(r"^docs/_posts/(202[1-6]-\d\d-\d\d)-index\.md$")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
# "[(Reuters)](url)", "[(*The Independent*)](url)", one or more, at the end of an item
_CITATIONS = re.compile(r"(?:[\s,]*\[\(\*?[^\]]{1,80}?\*?\)\]\([^)\s]*\))+\s*$")


def read_files(source: Path, commit: str = COMMIT) -> dict[str, bytes]:
    if not _git(source, "cat-file", "-t", commit).strip() == b"commit":
        raise SourceError(f"{source}: commit {commit} not found (clone {REPOSITORY})")
    listing = _git(source, "ls-tree", "-r", "--name-only", commit, "docs/_posts/")
    paths = sorted(p for p in listing.decode().split("\n") if _DAY.match(p))
    return {p: _git(source, "show", f"{commit}:{p}") for p in paths}


def items(files: dict[str, bytes]) -> list[PortalItem]:
    """The filed items of every day, as portal.parse_day gives them for 2010-2020."""
    out = []
    for path in sorted(files):
        day = _DAY.match(path).group(1)  # type: ignore[union-attr]
        heading = None
        for line in files[path].decode("utf-8", "replace").splitlines():
            if line.startswith("#### "):
                heading = _CANONICAL.get(" ".join(line[5:].split()).lower())
                continue
            bullet = re.match(r"^\s*\* (.*)$", line)
            if heading is None or not bullet:
                continue
            cited = _CITATIONS.search(bullet.group(1))
            if not cited:  # a story heading, not an event
                continue
            text = _LINK.sub(r"\1", bullet.group(1)[: cited.start()])
            text = " ".join(text.replace("*", "").split())
            if len(text.split()) >= 6:
                out.append(PortalItem(day, heading, "", text))
    return out
