"""Briefings built and editions written: what each build of a date briefed, and which
build's files out/<date>/ (a desk's: out/<date>/<desk>/) holds now.

Two records, read for two questions. `briefings` and `briefed` hold the builds from the
configured sources: what a briefing covers, and what a later one must not brief again
(briefing/ingest.py). `editions` and `unfinished` hold what is on disk, on-demand builds
(`build --source`) included: whether a rebuild must keep the files there, whether a send
may mail them, and what a killed build may have left half-replaced.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from briefing.model import Article
from briefing.store.articles import ARTICLE_COLUMNS, ARTICLE_DATE, article_from_row
from briefing.store.connection import StoreConnection
from briefing.store.stories import StoryDay, forget_stories_not_shown, write_stories


@dataclass(frozen=True)
class Edition:
    """The build whose files out/<date>/ holds: which articles, and whether on demand."""

    article_ids: tuple[str, ...]
    on_demand: bool

    def same_as(self, other: Edition | None) -> bool:
        """The same articles from the same kind of build make the same briefing."""
        return (other is not None and self.on_demand == other.on_demand
                and set(self.article_ids) == set(other.article_ids))


class BriefingsMixin(StoreConnection):
    """`Store`'s methods for briefings built and the editions they wrote."""

    def previous_briefing(self, before: date) -> date | None:
        """The latest date before `before` built from the configured sources (None: none):
        the next briefing's window opens at its start (briefing/ingest.py)."""
        row = self.db.execute(
            "SELECT max(date) FROM briefings WHERE date < ?", (before.isoformat(),)
        ).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def last_briefing_of(self, desk: str, first: date, before: date) -> date | None:
        """The latest date from `first` to before `before` whose briefing of `desk` ('' the
        whole day's) was built from the configured sources, whatever it showed (None:
        none). A briefing that showed no story records none, yet its readers had it."""
        row = self.db.execute(
            "SELECT max(date) FROM editions WHERE desk = ? AND on_demand = 0"
            " AND date >= ? AND date < ?", (desk, first.isoformat(), before.isoformat()),
        ).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def record_briefing(
        self,
        day: date,
        *,
        built_at: datetime,
        article_count: int,
        folder: Path,
        article_ids: Iterable[str] = (),
        stories: Iterable[StoryDay] = (),
        editions: Mapping[str, Iterable[str]] | None = None,
        followed_in: Mapping[str, Path] | None = None,
    ) -> None:
        """Record a build of `day` from the configured sources and, in the same
        transaction, the articles it briefed, the stories it showed (`record_stories`) and
        the editions whose files it wrote: `editions` maps a desk ('' the whole day) to the
        articles its briefing cites (default: the whole day's, all of them).

        `followed_in` maps each desk whose stories were followed to the folder its files
        were written to: a story recorded there for `day` that this build does not show is
        forgotten. Those files replaced the ones that showed it (an edition kept aside has
        its stories moved with it, `stories_moved`), so a later briefing's link to it
        would find no entry, and its "developing" would count what no briefing holds."""
        built = built_at.astimezone(UTC).isoformat()
        article_ids = list(article_ids)
        stories = list(stories)
        with self.transaction() as db:
            forget_stories_not_shown(db, day, followed_in or {}, stories)
            write_stories(db, stories)
            for desk, ids in (editions if editions is not None else {"": article_ids}).items():
                _write_edition(db, day, built_at, ids, False, desk)
                # whose readers this build briefed `article_ids` to (`articles_between`)
                db.execute("INSERT OR IGNORE INTO briefed_desks (date, built_at, desk)"
                           " VALUES (?, ?, ?)", (day.isoformat(), built, desk))
            db.execute(
                "INSERT OR REPLACE INTO briefings VALUES (?, ?, ?, ?)",
                (day.isoformat(), built, article_count, str(folder)),
            )
            db.executemany(
                "INSERT OR IGNORE INTO briefed (article_id, date, built_at) VALUES (?, ?, ?)",
                [(article_id, day.isoformat(), built) for article_id in article_ids],
            )

    def _latest_build(self, day: date) -> str | None:
        """When the date's latest build was made (None: never built)."""
        row = self.db.execute(
            "SELECT built_at FROM briefings WHERE date = ?", (day.isoformat(),)
        ).fetchone()
        return row[0] if row else None

    def _latest_build_of(self, day: date, desk: str) -> str | None:
        """When the date's latest build that made `desk`'s briefing ('' the whole day's)
        was made, or one recorded before builds named their desks; else the date's latest
        build (None: never built). A desk's evening run is not the whole day's briefing."""
        row = self.db.execute(
            "SELECT max(b.built_at) FROM briefed b WHERE b.date = ? AND ("
            "EXISTS (SELECT 1 FROM briefed_desks d WHERE d.date = b.date"
            " AND d.built_at = b.built_at AND d.desk = ?)"
            " OR NOT EXISTS (SELECT 1 FROM briefed_desks d WHERE d.date = b.date"
            " AND d.built_at = b.built_at))", (day.isoformat(), desk),
        ).fetchone()
        return row[0] if row and row[0] else self._latest_build(day)

    def briefed_ids(self, day: date) -> list[str] | None:
        """The ids of the articles the date's latest build briefed (None: never built)."""
        built_at = self._latest_build(day)
        if built_at is None:
            return None
        return [r[0] for r in self.db.execute(
            "SELECT article_id FROM briefed WHERE date = ? AND built_at = ?",
            (day.isoformat(), built_at),
        )]

    def briefed_articles(self, day: date, desk: str = "") -> list[Article] | None:
        """The articles the date's latest build of `desk`'s briefing briefed (see
        `_latest_build_of`; None if the date was never built)."""
        built_at = self._latest_build_of(day, desk)
        if built_at is None:
            return None
        rows = self.db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id IN (SELECT article_id FROM"
            f" briefed WHERE date = ? AND built_at = ?) ORDER BY {ARTICLE_DATE}, id",
            (day.isoformat(), built_at),
        ).fetchall()
        return [article_from_row(r) for r in rows]

    def edition(self, day: date, desk: str = "") -> Edition | None:
        """What out/<date>/ (a desk's: out/<date>/<desk>/) holds now: the latest build
        written there (None: none known).

        A date last built before editions were recorded falls back to its latest recorded
        build, which was of the configured sources (and of the whole day: there were no
        desks then).
        """
        row = self.db.execute(
            "SELECT article_ids, on_demand FROM editions WHERE date = ? AND desk = ?",
            (day.isoformat(), desk),
        ).fetchone()
        if row is not None:
            return Edition(tuple(json.loads(row[0])), bool(row[1]))
        ids = self.briefed_ids(day) if not desk else None
        return None if ids is None else Edition(tuple(ids), on_demand=False)

    def record_edition(self, day: date, *, built_at: datetime, article_ids: Iterable[str],
                       on_demand: bool, desk: str = "") -> None:
        """Record that out/<date>/ (or out/<date>/<desk>/) now holds this build's files."""
        with self.transaction() as db:
            _write_edition(db, day, built_at, article_ids, on_demand, desk)

    def begin_edition(self, day: date, *, built_at: datetime, article_ids: Iterable[str],
                      on_demand: bool, desk: str = "") -> None:
        """Note that a build is about to replace out/<date>/'s files (a desk's:
        out/<date>/<desk>/); recording its edition (`record_edition`, `record_briefing`)
        clears the note."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO unfinished (date, built_at, on_demand, article_ids,"
                " desk) VALUES (?, ?, ?, ?, ?)",
                (day.isoformat(), built_at.astimezone(UTC).isoformat(), int(on_demand),
                 json.dumps(list(article_ids)), desk),
            )

    def unfinished_edition(self, day: date, desk: str = "") -> Edition | None:
        """A build that began replacing out/<date>/'s files (a desk's) and never recorded
        them (it was killed), if any: the files there may be partly its."""
        row = self.db.execute(
            "SELECT article_ids, on_demand FROM unfinished WHERE date = ? AND desk = ?",
            (day.isoformat(), desk),
        ).fetchone()
        return None if row is None else Edition(tuple(json.loads(row[0])), bool(row[1]))


def _write_edition(db: sqlite3.Connection, day: date, built_at: datetime,
                   article_ids: Iterable[str], on_demand: bool, desk: str = "") -> None:
    """Record an edition inside the caller's transaction; its build is no longer
    unfinished (`begin_edition`)."""
    db.execute(
        "INSERT OR REPLACE INTO editions (date, built_at, on_demand, article_ids, desk)"
        " VALUES (?, ?, ?, ?, ?)",
        (day.isoformat(), built_at.astimezone(UTC).isoformat(), int(on_demand),
         json.dumps(list(article_ids)), desk),
    )
    db.execute("DELETE FROM unfinished WHERE date = ? AND desk = ?", (day.isoformat(), desk))
