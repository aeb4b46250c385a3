"""The SQLite store: articles seen, briefings built, deliveries made. Only this module speaks SQL.

Every write is one transaction, so a process killed in the middle of an ingest loses
nothing already committed and leaves nothing half-written. The schema is versioned
with SQLite's `user_version`: each entry of MIGRATIONS moves it one step forward.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from briefing.model import Article

MIGRATIONS: tuple[str, ...] = (
    # 1: articles and briefings
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        url TEXT NOT NULL,
        published TEXT,            -- UTC ISO 8601, or NULL when the source gave no date
        path TEXT,
        first_seen TEXT NOT NULL,  -- UTC ISO 8601
        content_hash TEXT NOT NULL
    );
    CREATE INDEX articles_content_hash ON articles (content_hash);
    CREATE INDEX articles_when ON articles (coalesce(published, first_seen));
    CREATE TABLE briefings (
        date TEXT PRIMARY KEY,     -- YYYY-MM-DD
        built_at TEXT NOT NULL,
        article_count INTEGER NOT NULL,
        folder TEXT NOT NULL
    );
    """,
)


def content_hash(article: Article) -> str:
    """Same words, same hash: a story re-published under another id is not new."""
    basis = " ".join((article.title + "\n" + article.text).split()).lower()
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def to_utc(moment: datetime, tz: ZoneInfo) -> datetime:
    """A naive datetime is a wall-clock time in the briefing's timezone."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=tz)).astimezone(UTC)


class Store:
    """One SQLite file. Open it with `Store.open(path)` as a context manager."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[Store]:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            store = cls(db)
            store.migrate()
            yield store
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: a second process waits instead of interleaving its writes."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def migrate(self) -> None:
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # --- articles ---------------------------------------------------------------------

    def remember(self, articles: Iterable[Article], *, seen_at: datetime, tz: ZoneInfo) -> int:
        """Store articles not seen before (by id or by content); returns how many were new.

        An article seen again keeps its first-seen time, so it is never briefed twice.
        """
        new = 0
        seen = seen_at.astimezone(UTC).isoformat()
        with self.transaction() as db:
            for a in articles:
                digest = content_hash(a)
                exists = db.execute(
                    "SELECT 1 FROM articles WHERE id = ? OR content_hash = ? LIMIT 1",
                    (a.id, digest),
                ).fetchone()
                if exists:
                    continue
                published = to_utc(a.published, tz).isoformat() if a.published else None
                db.execute(
                    "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (a.id, a.title, a.text, a.source, a.url, published, a.path, seen, digest),
                )
                new += 1
        return new

    def articles_between(self, start: datetime | None, end: datetime) -> list[Article]:
        """Articles published (or first seen, when undated) in (start, end], oldest first."""
        when = "coalesce(published, first_seen)"
        columns = "id, title, text, source, url, published, path"
        sql = f"SELECT {columns} FROM articles WHERE {when} <= ?"
        params: list[str] = [end.astimezone(UTC).isoformat()]
        if start is not None:
            sql += f" AND {when} > ?"
            params.append(start.astimezone(UTC).isoformat())
        rows = self.db.execute(sql + f" ORDER BY {when}, id", params).fetchall()
        return [
            Article(
                id=r[0],
                title=r[1],
                text=r[2],
                source=r[3],
                url=r[4],
                published=datetime.fromisoformat(r[5]) if r[5] else None,
                path=r[6],
            )
            for r in rows
        ]

    # --- briefings --------------------------------------------------------------------

    def previous_briefing(self, before: date) -> date | None:
        row = self.db.execute(
            "SELECT max(date) FROM briefings WHERE date < ?", (before.isoformat(),)
        ).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def record_briefing(
        self, day: date, *, built_at: datetime, article_count: int, folder: Path
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO briefings VALUES (?, ?, ?, ?)",
                (day.isoformat(), built_at.astimezone(UTC).isoformat(), article_count, str(folder)),
            )

    def briefings(self) -> list[tuple[date, int, str]]:
        """(date, article count, folder) of every briefing built, newest first."""
        rows = self.db.execute(
            "SELECT date, article_count, folder FROM briefings ORDER BY date DESC"
        ).fetchall()
        return [(date.fromisoformat(d), n, f) for d, n, f in rows]
