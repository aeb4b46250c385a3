"""Opinion or reporting: whether an article is an op-ed, column, commentary or editorial.

Pure: no I/O. A reader calls `is_opinion` with what it knows of an article; the answer is
recorded on it (`Article.opinion`) and shown beside every point it gives ("Opinion"), and
an opinion piece never gives a top line (compose). Only what a source itself signposts
counts, so a wrong call can always be traced to the source's own label:

* its URL's path has a segment that names an opinion section, exactly: `/opinion/`,
  `/opinions/`, `/commentisfree/` (the Guardian), `/op-ed/`, `/commentary/`,
  `/editorials/`, `/columnists/`, `/breakingviews/` (Reuters' commentary)... A slug
  that only starts with such a word (`/news/opinion-poll-shows-...`, `/opinion-polls/`) is
  a topic, not a section: polls are news;
* its title opens with such a label and a separator ("Opinion: ...", "Opinion | ...",
  "OPINION — ...", "Op-Ed: ...", "Commentary: ...", "Editorial: ...", "Column: ..."), or
  ends with one ("... | Opinion"). "Opinion poll shows ..." has no separator: news;
* a label the source gives it: a feed entry's category ("Opinion", "Op-Eds",
  "Opinion/Columnists"), a file's front matter `kind: opinion`;
* the disclaimer an outlet prints on its op-eds, near the text's opening or its end ("The
  opinions expressed in this commentary are solely those of the author", "The views
  expressed in this article are the author's own"): where a page or a feed's text keeps no
  section in its address (a syndicated copy, a feed entry), it is the one label left.

`/blogs/` does not count: a newsroom's blogs are live coverage and reporters' notebooks
as often as they are comment, so the word says how a piece is published, not what it is.
"Analysis" does not count either: news analysis is reporting that explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# The words by which sources name their opinion sections, as path segments and labels.
OPINION_LABELS = frozenset({
    "opinion", "opinions", "op-ed", "op-eds", "oped", "opeds", "commentary", "commentaries",
    "commentisfree", "editorial", "editorials", "column", "columns", "columnist",
    "columnists", "breakingviews",
})

_TITLE_LABEL = r"(?:opinion|op-?ed|commentary|editorial|column)"
_SEPARATOR = r"(?::|\||—|–|\s-\s)"
# "Opinion: ...", "Op-Ed | ...", "EDITORIAL — ..."; and "... | Opinion" at the end
_TITLE_OPENS = re.compile(rf"^\W*{_TITLE_LABEL}\s*{_SEPARATOR}", re.IGNORECASE)
_TITLE_ENDS = re.compile(rf"(?:\||—|–|\s-\s)\s*{_TITLE_LABEL}\s*$", re.IGNORECASE)


def opinion_url(url: str) -> bool:
    """True if a segment of the URL's path names an opinion section (`OPINION_LABELS`)."""
    try:
        path = urlsplit(url).path
    except ValueError:  # an unreadable URL signposts nothing
        return False
    return any(segment.lower() in OPINION_LABELS for segment in path.split("/"))


def opinion_title(title: str) -> bool:
    """True if the title opens (or ends) with an opinion label and a separator."""
    return bool(_TITLE_OPENS.search(title) or _TITLE_ENDS.search(title))


def opinion_label(label: str) -> bool:
    """True if a category, tag or kind names opinion: "Opinion", "op-eds",
    "Opinion/Columnists" (a hierarchical category counts by any of its parts)."""
    parts = re.split(r"\s*[/>|]\s*", label.strip().lower())
    return any(part in OPINION_LABELS for part in parts)


# "The opinions expressed in this commentary are solely those of…", "The views expressed
# here are the author's own", "Views expressed in this article are her own": the disclaimer
# states whose the views are, which a report quoting someone's views never does this way
_DISCLAIMER = re.compile(
    r"\b(?:views|opinions)\s+expressed\s+(?:in\s+(?:this|the)\s+(?:commentary|column|"
    r"article|piece|op-?ed|essay|post|story)\s+|here(?:in)?\s+)?(?:are|is)\s+(?:solely\s+|"
    r"entirely\s+|exclusively\s+)?(?:those\s+of\s+(?:the\s+)?(?:author|writer|"
    r"contributor)|(?:the\s+(?:author|writer)(?:'s|’s)|his|her|their|my)\s+own)",
    re.IGNORECASE,
)
# Where outlets print it: an editor's note before the text, or a line after it.
_DISCLAIMER_REACH = 800


def opinion_disclaimer(text: str) -> bool:
    """True if the text opens or ends with an op-ed's disclaimer (`_DISCLAIMER`)."""
    if len(text) > 2 * _DISCLAIMER_REACH:
        text = f"{text[:_DISCLAIMER_REACH]}\n{text[-_DISCLAIMER_REACH:]}"
    return bool(_DISCLAIMER.search(text))


def is_opinion(url: str = "", title: str = "", labels: Iterable[str] = (),
               text: str = "") -> bool:
    """True if the source signposts the article as opinion, by its URL, its title, any
    of the labels (categories, tags, kind) it gives it, or its text's disclaimer."""
    return (opinion_url(url) or opinion_title(title)
            or any(opinion_label(label) for label in labels if isinstance(label, str))
            or opinion_disclaimer(text))
