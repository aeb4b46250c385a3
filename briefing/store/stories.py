"""Stories followed across days (briefing/follow/): each story a briefing showed, with
what it was matched by (its key terms, the names in its titles) and what it showed (points,
actors, sources), one row per story, date and desk in `story_days`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from briefing.store.connection import StoreConnection


@dataclass(frozen=True)
class BriefedPoint:
    """A key point as a briefing showed it (kept so a later briefing does not repeat it)."""

    article_id: str
    position: int
    text: str
    speaker: str = ""


@dataclass(frozen=True)
class StorySource:
    """An article of a story, as its timeline cites it."""

    id: str
    source: str
    title: str
    url: str
    published: str | None  # ISO 8601, in the briefing's timezone as the build read it


@dataclass(frozen=True)
class StoryDay:
    """One story as one briefing showed it: a row of `story_days`."""

    story_id: str
    date: date
    desk: str
    built_at: datetime
    folder: str
    headline: str
    terms: dict[str, float]
    names: tuple[str, ...]
    has_lead: bool
    outlets: int
    actors: tuple[tuple[str, str], ...]
    points: tuple[BriefedPoint, ...]
    sources: tuple[StorySource, ...]
    score: float = 0.0  # its strength in that briefing (`Story.score`)


STORY_COLUMNS = ("story_id, date, desk, built_at, folder, headline, terms, names, has_lead,"
                 " outlets, actors, points, sources, score")


def story_day_from_row(r: tuple) -> StoryDay:
    """The StoryDay of a row of STORY_COLUMNS, its JSON columns decoded."""
    return StoryDay(
        story_id=r[0], date=date.fromisoformat(r[1]), desk=r[2],
        built_at=datetime.fromisoformat(r[3]), folder=r[4], headline=r[5],
        terms=json.loads(r[6]), names=tuple(json.loads(r[7])), has_lead=bool(r[8]),
        outlets=int(r[9]), actors=tuple((str(n), str(k)) for n, k in json.loads(r[10])),
        points=tuple(BriefedPoint(**p) for p in json.loads(r[11])),
        sources=tuple(StorySource(**a) for a in json.loads(r[12])), score=float(r[13]),
    )


class StoriesMixin(StoreConnection):
    """`Store`'s methods for the stories each briefing showed."""

    def record_stories(self, stories: Iterable[StoryDay]) -> None:
        """Record stories a briefing showed (see `write_stories`)."""
        with self.transaction() as db:
            write_stories(db, stories)

    def stories_moved(self, day: date, desk: str, folder: Path, to: Path) -> None:
        """The files of `day`'s edition in `folder` were kept aside in `to` (edition-<n>/):
        the stories it showed are found there now. A later briefing links to a story's
        entry where its row says, and the new edition may not show it; a story it does show
        again is recorded with `folder` once more (`write_stories`)."""
        with self.transaction() as db:
            moved = [sid for sid, was in db.execute(
                "SELECT story_id, folder FROM story_days WHERE date = ? AND desk = ?",
                (day.isoformat(), desk)) if _same_folder(was, folder, day)]
            db.executemany(
                "UPDATE story_days SET folder = ? WHERE story_id = ? AND date = ? AND desk = ?",
                [(str(to), sid, day.isoformat(), desk) for sid in moved])

    def story_days_between(self, first: date, last: date) -> list[StoryDay]:
        """Every story shown by a briefing dated `first` to `last` (any desk), by date."""
        rows = self.db.execute(
            f"SELECT {STORY_COLUMNS} FROM story_days WHERE date BETWEEN ? AND ?"
            " ORDER BY date, desk, story_id", (first.isoformat(), last.isoformat()),
        ).fetchall()
        return [story_day_from_row(r) for r in rows]

    def story_timeline(self, story_ids: Iterable[str]) -> list[StoryDay]:
        """Every day these stories were shown, any desk, oldest first."""
        ids = list(dict.fromkeys(story_ids))
        out: list[StoryDay] = []
        for at in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[at : at + 500]
            marks = ", ".join("?" for _ in chunk)
            out += [story_day_from_row(r) for r in self.db.execute(
                f"SELECT {STORY_COLUMNS} FROM story_days WHERE story_id IN ({marks})", chunk)]
        return sorted(out, key=lambda s: (s.date, s.desk, s.story_id))

    def story_ids(self) -> list[str]:
        """Every story ever shown, by the date it was first shown, then id."""
        rows = self.db.execute(
            "SELECT story_id FROM story_days GROUP BY story_id ORDER BY min(date), story_id")
        return [r[0] for r in rows]


def write_stories(db: sqlite3.Connection, stories: Iterable[StoryDay]) -> None:
    """Insert each story's row for its date and desk. A story already recorded for that
    date and desk (an earlier edition of the day) keeps what that edition showed: points
    and sources are the union of both, the rest is the latest build's."""
    for s in stories:
        points = [asdict(p) for p in s.points]
        sources = [asdict(a) for a in s.sources]
        old = db.execute(
            "SELECT points, sources FROM story_days WHERE story_id = ? AND date = ? AND desk = ?",
            (s.story_id, s.date.isoformat(), s.desk),
        ).fetchone()
        if old is not None:
            seen = {(p["article_id"], p["position"]) for p in points}
            points = [p for p in json.loads(old[0])
                      if (p["article_id"], p["position"]) not in seen] + points
            have = {a["id"] for a in sources}
            sources = [a for a in json.loads(old[1]) if a["id"] not in have] + sources
        db.execute(
            f"INSERT OR REPLACE INTO story_days ({STORY_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (s.story_id, s.date.isoformat(), s.desk, s.built_at.astimezone(UTC).isoformat(),
             s.folder, s.headline, json.dumps(s.terms, ensure_ascii=False),
             json.dumps(list(s.names), ensure_ascii=False), int(s.has_lead), s.outlets,
             json.dumps([list(a) for a in s.actors], ensure_ascii=False),
             json.dumps(points, ensure_ascii=False), json.dumps(sources, ensure_ascii=False),
             s.score),
        )


def forget_stories_not_shown(db: sqlite3.Connection, day: date,
                             followed_in: Mapping[str, Path], stories: Sequence[StoryDay]) -> None:
    """For each desk of `followed_in`, forget the stories recorded for `day` in the folder
    it maps to that `stories` do not show: the files that showed them were replaced (why
    that matters: `BriefingsMixin.record_briefing`)."""
    for desk, where in followed_in.items():
        shown = {s.story_id for s in stories if s.desk == desk}
        gone = [sid for sid, folder in db.execute(
            "SELECT story_id, folder FROM story_days WHERE date = ? AND desk = ?",
            (day.isoformat(), desk))
            if sid not in shown and _same_folder(folder, where, day)]
        db.executemany(
            "DELETE FROM story_days WHERE story_id = ? AND date = ? AND desk = ?",
            [(sid, day.isoformat(), desk) for sid in gone])


def _same_folder(recorded: str, folder: Path, day: date) -> bool:
    """Whether the folder a story row of `day` recorded is `folder`. The store keeps the
    folder as it was written, and an archive may have been moved whole with its store since
    (`follow.archived_folder` reads such rows where they are now): the same path from the
    date's folder on (out/<date>/, out/<date>/<desk>/, out/<date>/edition-<n>/) is the same
    briefing."""
    if recorded == str(folder):
        return True
    was, now, name = Path(recorded).parts, Path(folder).parts, day.isoformat()
    if name not in was or name not in now:
        return False
    return (was[len(was) - 1 - was[::-1].index(name):]
            == now[len(now) - 1 - now[::-1].index(name):])
