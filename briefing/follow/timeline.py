"""A story's timeline (`briefing story ID`, `briefing stories --history`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path

from briefing.follow.paths import archived_folder
from briefing.store import StoryDay
from briefing.urls import without_secrets

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")



def _plain(text: str) -> str:
    """Article text for a terminal: one line, no control characters (an escape sequence
    in a title must not drive the reader's terminal)."""
    return " ".join(_CONTROL.sub(" ", text).split())



def _published_in(published: str | None, tz: tzinfo | None) -> str | None:
    """A source's date as stored (with the offset of the build that recorded it) in the
    timezone dates are read in now (briefing.timezone):
    a report dated "2024-12-08" is midnight there, so it must read as the 8th, not as the
    evening of the 7th in UTC (README, Dates and timezones)."""
    if not published or tz is None:
        return published
    try:
        return datetime.fromisoformat(published).astimezone(tz).isoformat()
    except ValueError:  # not a date this version wrote: shown as stored
        return published



def timeline_record(rows: Sequence[StoryDay], out_dir: Path,
                    tz: tzinfo | None = None) -> dict:
    """A story's timeline as one JSON-ready record (rows: its days, oldest first); its
    briefings' folders as they are under `out_dir` now, its sources' dates in `tz`
    (briefing.timezone)."""
    days = [{
        "date": r.date.isoformat(), "desk": r.desk,
        "briefing": str(archived_folder(r.folder, r.date, out_dir)),
        "headline": r.headline,
        "points": [{"text": p.text, "speaker": p.speaker, "article_id": p.article_id}
                   for p in r.points],
        "sources": [{"id": a.id, "source": a.source, "title": a.title,
                     "url": without_secrets(a.url),
                     "published": _published_in(a.published, tz)} for a in r.sources],
    } for r in rows]
    return {"story": rows[0].story_id, "headline": rows[-1].headline,
            "first_briefed": rows[0].date.isoformat(),
            "last_briefed": rows[-1].date.isoformat(), "days": days}



def _briefing_file(folder: Path) -> Path:
    """The briefing a reader opens in `folder`: its HTML, else its PDF, else its Markdown,
    as the build's formats left them (the HTML when none is there: an archive not here)."""
    for kind in ("html", "pdf", "md"):
        if (folder / f"briefing.{kind}").is_file():
            return folder / f"briefing.{kind}"
    return folder / "briefing.html"



def timeline_lines(rows: Sequence[StoryDay], out_dir: Path,
                   tz: tzinfo | None = None) -> list[str]:
    """A story's timeline for a reader: each day briefed, its points, its sources (their
    dates in `tz`, briefing.timezone)."""
    def when(d: date) -> str:
        return f"{d.day} {d:%B %Y}"

    sid = rows[0].story_id
    dates = sorted({r.date for r in rows})
    lines = [f"Story {sid}: {_plain(rows[-1].headline)}",
             f"Briefed on {len(dates)} day{'' if len(dates) == 1 else 's'}: first "
             f"{when(dates[0])}, last {when(dates[-1])}"]
    # a file is named "out/2024-12-15/briefing.html" when it is under the folder the reader
    # is in, else by its full path (relative to the config's folder, a `--config` from
    # elsewhere, it would open nothing from here)
    here = Path.cwd()
    for r in rows:
        desk = f" [desk {_plain(r.desk)}]" if r.desk else ""
        where = _briefing_file(archived_folder(r.folder, r.date, out_dir))
        if where.is_absolute() and where.is_relative_to(here):
            where = where.relative_to(here)
        # the Markdown has no anchor for a story; the HTML an id, the PDF a named destination
        anchor = "" if where.suffix == ".md" else f"#story-{sid}"
        lines += ["", f"{when(r.date)}{desk}: {where}{anchor}"]
        # each point ends with its source's number, as in the briefing: with two reports
        # a day, the list of sources alone does not say which told what
        number = {a.id: k for k, a in enumerate(r.sources, 1)}
        for p in r.points:
            said = f"{_plain(p.speaker)}: " if p.speaker else ""
            ref = f" [{number[p.article_id]}]" if p.article_id in number else ""
            lines.append(f"  - {said}{_plain(p.text)}{ref}")
        if r.sources:
            lines.append("  Sources:")
        for k, a in enumerate(r.sources, 1):
            parts = [_plain(a.source), _plain(a.title) or _plain(a.id)]
            # a subscriber's token or login in a link is theirs alone: not printed
            link = _plain(without_secrets(a.url))
            tail = [x for x in ((_published_in(a.published, tz) or "")[:10], link) if x]
            lines.append(f"    [{k}] " + ": ".join(x for x in parts if x)
                         + "".join(f" · {x}" for x in tail))
    return lines
