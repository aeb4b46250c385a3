"""The SQLite store: articles seen, briefings built, deliveries made. Only this module speaks SQL.

Every write is one transaction, so a process killed in the middle of an ingest loses
nothing already committed and leaves nothing half-written. The schema is versioned
with SQLite's `user_version`: each entry of MIGRATIONS moves it one step forward.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from briefing.errors import StoreError
from briefing.genre import is_opinion
from briefing.model import Article, content_hash, distinct_id
from briefing.urls import canonical_url

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
    # 2: the delivery ledger and the scheduler's runs (briefing/deliver/)
    """
    CREATE TABLE deliveries (
        date TEXT NOT NULL,          -- the briefing's YYYY-MM-DD
        recipient TEXT NOT NULL,     -- lower-cased address
        status TEXT NOT NULL,        -- sending, sent, failed (temporary), refused (permanent)
        message_id TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        claimed_at TEXT,             -- UTC ISO 8601, when status became 'sending'
        claimed_by TEXT NOT NULL DEFAULT '',
        sent_at TEXT,
        detail TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (date, recipient)
    );
    CREATE TABLE schedule_runs (
        due TEXT PRIMARY KEY,        -- UTC ISO 8601 instant the run was due (or the baseline)
        date TEXT NOT NULL,          -- the briefing's YYYY-MM-DD; '' for the baseline
        status TEXT NOT NULL,        -- baseline, running, done, failed
        started_at TEXT NOT NULL,
        finished_at TEXT,
        detail TEXT NOT NULL DEFAULT ''
    );
    """,
    # 3: feeds' validators, articles by canonical URL, which articles each build briefed
    """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,        -- as configured
        etag TEXT,                   -- the validators of the last successful fetch
        last_modified TEXT,
        checked_at TEXT NOT NULL     -- UTC ISO 8601 of that fetch (200 or 304)
    );
    ALTER TABLE articles ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';
    CREATE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url != '';
    CREATE TABLE briefed (
        article_id TEXT NOT NULL,
        date TEXT NOT NULL,          -- the briefing's YYYY-MM-DD
        built_at TEXT NOT NULL,      -- UTC ISO 8601: one build (edition) of that date
        PRIMARY KEY (date, built_at, article_id)
    );
    CREATE INDEX briefed_article ON briefed (article_id, date);
    """,
    # 4: which configured source each article came in by (its URL or resolved path), so that
    # a source's weight and theme reach the build; '' for articles stored before this
    """
    ALTER TABLE articles ADD COLUMN via TEXT NOT NULL DEFAULT '';
    """,
    # 5: what out/<date>/ holds now, on-demand builds (--source) included: they replace the
    # files too, so a rebuild must know to keep them, and a send must not mail them as the
    # day's briefing. Not read by what a briefing covers (briefings and briefed are).
    """
    CREATE TABLE editions (
        date TEXT PRIMARY KEY,       -- YYYY-MM-DD
        built_at TEXT NOT NULL,      -- UTC ISO 8601 of the build whose files are there
        on_demand INTEGER NOT NULL,  -- 1: build --source; 0: the configured sources
        article_ids TEXT NOT NULL    -- JSON list of the articles it briefed
    );
    """,
    # 6: a build that has begun replacing the files of out/<date>/ and not yet recorded
    # them (the row goes in the transaction that records its edition). One left behind is
    # a killed build's: the next build of the date knows the files there may be its.
    """
    CREATE TABLE unfinished (
        date TEXT PRIMARY KEY,       -- YYYY-MM-DD
        built_at TEXT NOT NULL,      -- UTC ISO 8601 of that build
        on_demand INTEGER NOT NULL,  -- 1: build --source; 0: the configured sources
        article_ids TEXT NOT NULL    -- JSON list of the articles it was writing
    );
    """,
    # 7: stories followed across days (briefing/follow.py): each story a briefing showed,
    # with what it was matched by (its key terms, title names) and what it showed (points,
    # actors, sources). Its id is the story's across days and desks; desk '' is the
    # whole-day briefing. Earlier tables are untouched.
    """
    CREATE TABLE story_days (
        story_id TEXT NOT NULL,
        date TEXT NOT NULL,          -- the briefing's YYYY-MM-DD
        desk TEXT NOT NULL DEFAULT '',
        built_at TEXT NOT NULL,      -- UTC ISO 8601 of the latest build that showed it
        folder TEXT NOT NULL,        -- where that briefing's files are
        headline TEXT NOT NULL,
        terms TEXT NOT NULL,         -- JSON {term: frequency}: its strongest terms
        names TEXT NOT NULL,         -- JSON [name]: the names in its titles
        has_lead INTEGER NOT NULL,   -- 1: an article had text, not only a headline
        outlets INTEGER NOT NULL,    -- how many outlets reported it that day
        actors TEXT NOT NULL,        -- JSON [[name, kind]]
        points TEXT NOT NULL,        -- JSON [{article_id, position, text, speaker}] shown
        sources TEXT NOT NULL,       -- JSON [{id, source, title, url, published}]
        PRIMARY KEY (story_id, date, desk)
    );
    CREATE INDEX story_days_date ON story_days (date);
    """,
    # 8: desks ([[desks]] in briefing.toml): each desk's edition in out/<date>/<desk>/, its
    # deliveries and its scheduled runs; desk '' is the whole-day briefing, which every row
    # written before desks existed was; a desk's build may be left unfinished in its own
    # folder. SQLite cannot change a primary key in place: each table is copied into its new
    # shape, every row kept.
    """
    CREATE TABLE editions_8 (
        date TEXT NOT NULL,
        built_at TEXT NOT NULL,
        on_demand INTEGER NOT NULL,
        article_ids TEXT NOT NULL,
        desk TEXT NOT NULL DEFAULT '',  -- the desk's id; '' the whole-day briefing
        PRIMARY KEY (date, desk)
    );
    INSERT INTO editions_8 (date, built_at, on_demand, article_ids, desk)
        SELECT date, built_at, on_demand, article_ids, '' FROM editions;
    DROP TABLE editions;
    ALTER TABLE editions_8 RENAME TO editions;
    CREATE TABLE deliveries_8 (
        date TEXT NOT NULL,
        recipient TEXT NOT NULL,
        status TEXT NOT NULL,
        message_id TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        claimed_at TEXT,
        claimed_by TEXT NOT NULL DEFAULT '',
        sent_at TEXT,
        detail TEXT NOT NULL DEFAULT '',
        desk TEXT NOT NULL DEFAULT '',  -- each (desk, date, recipient) is sent once
        PRIMARY KEY (desk, date, recipient)
    );
    INSERT INTO deliveries_8 (date, recipient, status, message_id, attempts, claimed_at,
                              claimed_by, sent_at, detail, desk)
        SELECT date, recipient, status, message_id, attempts, claimed_at, claimed_by, sent_at,
               detail, '' FROM deliveries;
    DROP TABLE deliveries;
    ALTER TABLE deliveries_8 RENAME TO deliveries;
    CREATE TABLE schedule_runs_8 (
        due TEXT NOT NULL,
        date TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        detail TEXT NOT NULL DEFAULT '',
        desk TEXT NOT NULL DEFAULT '',  -- each desk keeps its own times
        PRIMARY KEY (desk, due)
    );
    INSERT INTO schedule_runs_8 (due, date, status, started_at, finished_at, detail, desk)
        SELECT due, date, status, started_at, finished_at, detail, '' FROM schedule_runs;
    DROP TABLE schedule_runs;
    ALTER TABLE schedule_runs_8 RENAME TO schedule_runs;
    CREATE TABLE unfinished_8 (
        date TEXT NOT NULL,
        built_at TEXT NOT NULL,
        on_demand INTEGER NOT NULL,
        article_ids TEXT NOT NULL,
        desk TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (date, desk)
    );
    INSERT INTO unfinished_8 (date, built_at, on_demand, article_ids, desk)
        SELECT date, built_at, on_demand, article_ids, '' FROM unfinished;
    DROP TABLE unfinished;
    ALTER TABLE unfinished_8 RENAME TO unfinished;
    """,
    # 9: whether an article is opinion (briefing/genre.py). Its URL and title can be asked
    # again, but not the feed category or front matter `kind` that said so; 0 for articles
    # stored before this, which are still read by their URL and title (`_article`)
    """
    ALTER TABLE articles ADD COLUMN opinion INTEGER NOT NULL DEFAULT 0;
    """,
    # 10: why an article's URL is no link (`Article.link_refused`); NULL for articles stored
    # before this, judged when read (`_article`) by their URL and the source they came by
    """
    ALTER TABLE articles ADD COLUMN link_refused TEXT;
    """,
)


# What to do about the SQLite errors a user can cause, by primary result code (the low byte
# of the extended code): a file that is not ours, permissions, a full disk, a busy store.
_ADVICE = {
    sqlite3.SQLITE_NOTADB: "not a briefing store; move it away or set [store] path",
    sqlite3.SQLITE_CORRUPT: "the store is damaged; move it away (a new one is made) "
                            "or set [store] path",
    # SQLite gives the -wal and -shm files the database's mode: one made while the store was
    # read-only stays so when the store is made writable again
    sqlite3.SQLITE_READONLY: "the store is read-only; make it, its folder and its -wal and "
                             "-shm files writable, or set [store] path",
    sqlite3.SQLITE_CANTOPEN: "cannot open it; [store] path must name a file in a writable "
                             "folder",
    sqlite3.SQLITE_PERM: "permission denied; make it, its folder and its -wal and -shm "
                         "files writable, or set [store] path",
    sqlite3.SQLITE_FULL: "the disk is full; free some space",
    sqlite3.SQLITE_IOERR: "the disk could not be read or written",
    sqlite3.SQLITE_BUSY: "another briefing process kept it locked; try again",
    sqlite3.SQLITE_LOCKED: "another briefing process kept it locked; try again",
}


def store_error(path: Path, error: sqlite3.Error) -> Exception:
    """A StoreError naming the file for what a user can fix; any other SQLite error (a
    programming error in briefing) is returned as it is, to be raised unchanged."""
    code = getattr(error, "sqlite_errorcode", None)
    advice = _ADVICE.get(code & 0xFF) if isinstance(code, int) else None
    if advice is None:
        return error
    return StoreError(f"{path}: {advice} ({error})")


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a script, one at a time (executescript would COMMIT on its own)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


class Store:
    """One SQLite file. Open it with `Store.open(path)` as a context manager."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[Store]:
        """The store at `path`, created if absent. A file that cannot be opened, read or
        written (not a database, read-only, a folder) is a StoreError naming it, whenever
        it shows: on opening or in the middle of the caller's work."""
        if path.is_dir():
            raise StoreError(f"{path}: a folder, not a store; set [store] path to a file name "
                             "such as out/briefing.db")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"{path}: cannot create the store's folder "
                             f"({e.strerror or e}: {e.filename or path.parent}); "
                             "set [store] path or [output] dir to a writable folder") from None
        try:
            db = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as e:
            raise store_error(path, e) from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            store = cls(db)
            store.migrate()
            yield store
        except sqlite3.Error as e:
            raise store_error(path, e) from None
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
                for statement in _statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    # --- articles ---------------------------------------------------------------------

    def remember(
        self,
        articles: Iterable[Article],
        *,
        seen_at: datetime,
        feeds: Mapping[str, tuple[str | None, str | None]] | None = None,
        warnings: list[str] | None = None,
    ) -> int:
        """Store articles not seen before; returns how many were new.

        Seen before means: the same id, the same words (content hash) or the same canonical
        URL (briefing/urls.py). An article seen again keeps its first-seen time, so it is
        never briefed twice, and the source it first came in by (`Article.via`). `feeds`
        maps a fetched URL to its (ETag, Last-Modified), saved in the same transaction:
        validators are stored only with the articles they vouch for.

        An id is not the article when another file gives it: news/a/report.txt stored
        yesterday and news/b/report.txt today (another configured folder) are two articles
        of one id. The newcomer is stored under `distinct_id`, with a note in `warnings`,
        rather than taken for the first and never briefed. (The same file with new words is
        an edit, and stays seen.)
        """
        new = 0
        seen = seen_at.astimezone(UTC).isoformat()
        with self.transaction() as db:
            for a in articles:
                digest = content_hash(a)
                a, clash = self._own_id(db, a, digest)
                canonical = canonical_url(a.url)
                exists = db.execute(
                    "SELECT 1 FROM articles WHERE id = ? OR content_hash = ?"
                    " OR (canonical_url = ? AND canonical_url != '') LIMIT 1",
                    (a.id, digest, canonical),
                ).fetchone()
                if exists:
                    continue
                published = a.published.astimezone(UTC).isoformat() if a.published else None
                db.execute(
                    "INSERT INTO articles (id, title, text, source, url, published, path,"
                    " first_seen, content_hash, canonical_url, via, opinion, link_refused)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (a.id, a.title, a.text, a.source, a.url, published, a.path, seen, digest,
                     canonical, a.via, int(a.opinion), a.link_refused),
                )
                new += 1
                if clash and warnings is not None:
                    warnings.append(clash)
            for url, (etag, last_modified) in (feeds or {}).items():
                db.execute(
                    "INSERT OR REPLACE INTO feeds (url, etag, last_modified, checked_at)"
                    " VALUES (?, ?, ?, ?)",
                    (url, etag, last_modified, seen),
                )
        return new

    @staticmethod
    def _own_id(db: sqlite3.Connection, a: Article, digest: str) -> tuple[Article, str]:
        """`a`, under `distinct_id` when a stored article of another file has its id (see
        `remember`), and the note that says so ("" if it keeps its id)."""
        row = db.execute("SELECT path, content_hash FROM articles WHERE id = ?",
                         (a.id,)).fetchone()
        if row is None or not a.path or not row[0] or row[0] == a.path or row[1] == digest:
            return a, ""
        renamed = replace(a, id=distinct_id(a.id, digest))
        return renamed, (f"{a.path}: its id {a.id!r} is taken by {row[0]}; stored as "
                         f"{renamed.id!r} (give each article an id of its own)")

    def feed_validators(self) -> dict[str, tuple[str | None, str | None]]:
        """URL -> (ETag, Last-Modified) of each feed or page last fetched successfully."""
        rows = self.db.execute("SELECT url, etag, last_modified FROM feeds")
        return {url: (etag, last_modified) for url, etag, last_modified in rows}

    def articles_between(
        self, start: datetime | None, end: datetime, *, unbriefed_through: date | None = None
    ) -> list[Article]:
        """Articles published (or first seen, when undated) in [start, end), oldest first.

        Half open, like a day: an article dated 16 December (midnight) is of the 16th's
        briefing, whose window starts then, not of the 15th's, whose window ends then.
        With `unbriefed_through`, articles that a build of that date or an earlier one
        briefed are left out.
        """
        when = "coalesce(published, first_seen)"
        sql = f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE {when} < ?"
        params: list[str] = [end.astimezone(UTC).isoformat()]
        if start is not None:
            sql += f" AND {when} >= ?"
            params.append(start.astimezone(UTC).isoformat())
        if unbriefed_through is not None:
            sql += " AND id NOT IN (SELECT article_id FROM briefed WHERE date <= ?)"
            params.append(unbriefed_through.isoformat())
        rows = self.db.execute(sql + f" ORDER BY {when}, id", params).fetchall()
        return [_article(r) for r in rows]

    def _latest_build(self, day: date) -> str | None:
        """When the date's latest build was made (None: never built)."""
        row = self.db.execute(
            "SELECT built_at FROM briefings WHERE date = ?", (day.isoformat(),)
        ).fetchone()
        return row[0] if row else None

    def briefed_ids(self, day: date) -> list[str] | None:
        """The ids of the articles the date's latest build briefed (None: never built)."""
        built_at = self._latest_build(day)
        if built_at is None:
            return None
        return [r[0] for r in self.db.execute(
            "SELECT article_id FROM briefed WHERE date = ? AND built_at = ?",
            (day.isoformat(), built_at),
        )]

    def briefed_articles(self, day: date) -> list[Article] | None:
        """The articles the date's latest build briefed (None if the date was never built)."""
        built_at = self._latest_build(day)
        if built_at is None:
            return None
        when = "coalesce(published, first_seen)"
        rows = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN (SELECT article_id FROM"
            f" briefed WHERE date = ? AND built_at = ?) ORDER BY {when}, id",
            (day.isoformat(), built_at),
        ).fetchall()
        return [_article(r) for r in rows]

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

    # --- briefings --------------------------------------------------------------------

    def previous_briefing(self, before: date) -> date | None:
        row = self.db.execute(
            "SELECT max(date) FROM briefings WHERE date < ?", (before.isoformat(),)
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
            for desk, where in (followed_in or {}).items():
                shown = {s.story_id for s in stories if s.desk == desk}
                gone = [sid for (sid,) in db.execute(
                    "SELECT story_id FROM story_days WHERE date = ? AND desk = ? AND folder = ?",
                    (day.isoformat(), desk, str(where))) if sid not in shown]
                db.executemany(
                    "DELETE FROM story_days WHERE story_id = ? AND date = ? AND desk = ?",
                    [(sid, day.isoformat(), desk) for sid in gone])
            _write_stories(db, stories)
            for desk, ids in (editions if editions is not None else {"": article_ids}).items():
                _write_edition(db, day, built_at, ids, False, desk)
            db.execute(
                "INSERT OR REPLACE INTO briefings VALUES (?, ?, ?, ?)",
                (day.isoformat(), built, article_count, str(folder)),
            )
            db.executemany(
                "INSERT OR IGNORE INTO briefed (article_id, date, built_at) VALUES (?, ?, ?)",
                [(article_id, day.isoformat(), built) for article_id in article_ids],
            )

    # --- stories followed across days ----------------------------------------------------

    def record_stories(self, stories: Iterable[StoryDay]) -> None:
        """Record stories a briefing showed (see `_write_stories`)."""
        with self.transaction() as db:
            _write_stories(db, stories)

    def stories_moved(self, day: date, desk: str, folder: Path, to: Path) -> None:
        """The files of `day`'s edition in `folder` were kept aside in `to` (edition-<n>/):
        the stories it showed are found there now. A later briefing links to a story's
        entry where its row says, and the new edition may not show it; a story it does show
        again is recorded with `folder` once more (`_write_stories`)."""
        with self.transaction() as db:
            db.execute("UPDATE story_days SET folder = ? WHERE date = ? AND desk = ?"
                       " AND folder = ?", (str(to), day.isoformat(), desk, str(folder)))

    def story_days_between(self, first: date, last: date) -> list[StoryDay]:
        """Every story shown by a briefing dated `first` to `last` (any desk), by date."""
        rows = self.db.execute(
            f"SELECT {_STORY_COLUMNS} FROM story_days WHERE date BETWEEN ? AND ?"
            " ORDER BY date, desk, story_id", (first.isoformat(), last.isoformat()),
        ).fetchall()
        return [_story_day(r) for r in rows]

    def story_timeline(self, story_ids: Iterable[str]) -> list[StoryDay]:
        """Every day these stories were shown, any desk, oldest first."""
        ids = list(dict.fromkeys(story_ids))
        out: list[StoryDay] = []
        for at in range(0, len(ids), 500):  # SQLite's limit on bound parameters
            chunk = ids[at : at + 500]
            marks = ", ".join("?" for _ in chunk)
            out += [_story_day(r) for r in self.db.execute(
                f"SELECT {_STORY_COLUMNS} FROM story_days WHERE story_id IN ({marks})", chunk)]
        return sorted(out, key=lambda s: (s.date, s.desk, s.story_id))

    def story_ids(self) -> list[str]:
        """Every story ever shown, by the date it was first shown, then id."""
        rows = self.db.execute(
            "SELECT story_id FROM story_days GROUP BY story_id ORDER BY min(date), story_id")
        return [r[0] for r in rows]

    def delivery(self, day: date, recipient: str, desk: str = "") -> Delivery | None:
        row = self.db.execute(
            f"SELECT {_DELIVERY_COLUMNS} FROM deliveries"
            " WHERE date = ? AND recipient = ? AND desk = ?",
            (day.isoformat(), recipient.lower(), desk),
        ).fetchone()
        return _delivery(row) if row else None

    def deliveries(self, day: date | None = None, desk: str | None = None) -> list[Delivery]:
        """The ledger's rows, of a date and of a desk ('' the whole day) if given."""
        sql = f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE 1"
        params: list[str] = []
        if day is not None:
            sql += " AND date = ?"
            params.append(day.isoformat())
        if desk is not None:
            sql += " AND desk = ?"
            params.append(desk)
        rows = self.db.execute(sql + " ORDER BY date, desk, recipient", params)
        return [_delivery(r) for r in rows]

    def claim_delivery(
        self,
        day: date,
        recipient: str,
        *,
        message_id: str,
        now: datetime,
        claimer: str,
        reclaim: tuple[str, ...] = ("failed",),
        desk: str = "",
    ) -> Delivery | None:
        """Take the (desk, date, recipient) row for sending, or None when it is not ours.

        A new row, or one whose status is in `reclaim`, becomes 'sending'; an existing row
        keeps its Message-ID. Anything else (sent, refused, another sender's claim, or a
        claim left by a crash) is left alone.
        """
        allowed = ", ".join("?" for _ in reclaim) or "NULL"
        with self.transaction() as db:
            row = db.execute(
                "SELECT status, message_id FROM deliveries"
                " WHERE date = ? AND recipient = ? AND desk = ?",
                (day.isoformat(), recipient.lower(), desk),
            ).fetchone()
            if row is not None and row[0] not in reclaim:
                return None
            db.execute(
                "INSERT INTO deliveries (date, recipient, status, message_id, attempts,"
                " claimed_at, claimed_by, desk) VALUES (?, ?, 'sending', ?, 1, ?, ?, ?)"
                " ON CONFLICT (desk, date, recipient) DO UPDATE SET status = 'sending',"
                " attempts = attempts + 1, claimed_at = excluded.claimed_at,"
                f" claimed_by = excluded.claimed_by WHERE status IN ({allowed})",
                (day.isoformat(), recipient.lower(), message_id,
                 now.astimezone(UTC).isoformat(), claimer, desk, *reclaim),
            )
        return self.delivery(day, recipient, desk)

    def finish_delivery(
        self,
        day: date,
        recipient: str,
        status: str,
        *,
        now: datetime,
        detail: str = "",
        message_id: str | None = None,
        desk: str = "",
    ) -> None:
        """Record how a claimed delivery ended: 'sent', 'failed' or 'refused'.

        `message_id` replaces the claimed one when the message went out under another
        (a BCC group's single Message-ID).
        """
        if status not in ("sent", "failed", "refused"):
            raise ValueError(f"not a final delivery status: {status}")
        sent_at = now.astimezone(UTC).isoformat() if status == "sent" else None
        with self.transaction() as db:
            db.execute(
                "UPDATE deliveries SET status = ?, sent_at = ?, detail = ?,"
                " message_id = coalesce(?, message_id)"
                " WHERE date = ? AND recipient = ? AND desk = ? AND status = 'sending'",
                (status, sent_at, detail, message_id, day.isoformat(), recipient.lower(),
                 desk),
            )

    # --- scheduler runs ----------------------------------------------------------------

    def last_schedule_due(self, desk: str = "") -> datetime | None:
        """The latest due instant the scheduler has handled for a desk ('' the whole day),
        or its first start."""
        row = self.db.execute(
            "SELECT max(due) FROM schedule_runs WHERE desk = ?", (desk,)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def schedule_baseline(self, now: datetime, desk: str = "") -> None:
        """The first start (of a desk's schedule): due times before it are not caught up."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO schedule_runs (due, date, status, started_at, desk)"
                " VALUES (?, '', 'baseline', ?, ?)",
                (_utc(now), _utc(now), desk),
            )

    def claim_schedule_run(self, due: datetime, day: date, *, now: datetime,
                           desk: str = "") -> bool:
        """True if this process owns the desk's run due at `due` (no other process ran it)."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO schedule_runs (due, date, status, started_at, desk)"
                " VALUES (?, ?, 'running', ?, ?)",
                (_utc(due), day.isoformat(), _utc(now), desk),
            )
            return cursor.rowcount == 1

    def finish_schedule_run(self, due: datetime, status: str, *, now: datetime,
                            detail: str = "", desk: str = "") -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE schedule_runs SET status = ?, finished_at = ?, detail = ?"
                " WHERE due = ? AND desk = ?",
                (status, _utc(now), detail, _utc(due), desk),
            )

    def schedule_runs(self, desk: str | None = None) -> list[tuple[datetime, str, str]]:
        """(due, briefing date, status) of every run (of one desk, if given), oldest first;
        the baseline included."""
        sql, params = "SELECT due, date, status FROM schedule_runs", ()
        if desk is not None:
            sql, params = sql + " WHERE desk = ?", (desk,)
        rows = self.db.execute(sql + " ORDER BY due, desk", params)
        return [(datetime.fromisoformat(d), day, status) for d, day, status in rows]


def _write_edition(db: sqlite3.Connection, day: date, built_at: datetime,
                   article_ids: Iterable[str], on_demand: bool, desk: str = "") -> None:
    db.execute(
        "INSERT OR REPLACE INTO editions (date, built_at, on_demand, article_ids, desk)"
        " VALUES (?, ?, ?, ?, ?)",
        (day.isoformat(), built_at.astimezone(UTC).isoformat(), int(on_demand),
         json.dumps(list(article_ids)), desk),
    )
    db.execute("DELETE FROM unfinished WHERE date = ? AND desk = ?", (day.isoformat(), desk))


def _write_stories(db: sqlite3.Connection, stories: Iterable[StoryDay]) -> None:
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
            f"INSERT OR REPLACE INTO story_days ({_STORY_COLUMNS})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (s.story_id, s.date.isoformat(), s.desk, s.built_at.astimezone(UTC).isoformat(),
             s.folder, s.headline, json.dumps(s.terms, ensure_ascii=False),
             json.dumps(list(s.names), ensure_ascii=False), int(s.has_lead), s.outlets,
             json.dumps([list(a) for a in s.actors], ensure_ascii=False),
             json.dumps(points, ensure_ascii=False), json.dumps(sources, ensure_ascii=False)),
        )


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
    published: str | None  # ISO 8601, as the article gave it


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


_STORY_COLUMNS = ("story_id, date, desk, built_at, folder, headline, terms, names, has_lead,"
                  " outlets, actors, points, sources")


def _story_day(r: tuple) -> StoryDay:
    return StoryDay(
        story_id=r[0], date=date.fromisoformat(r[1]), desk=r[2],
        built_at=datetime.fromisoformat(r[3]), folder=r[4], headline=r[5],
        terms=json.loads(r[6]), names=tuple(json.loads(r[7])), has_lead=bool(r[8]),
        outlets=int(r[9]), actors=tuple((str(n), str(k)) for n, k in json.loads(r[10])),
        points=tuple(BriefedPoint(**p) for p in json.loads(r[11])),
        sources=tuple(StorySource(**a) for a in json.loads(r[12])),
    )


@dataclass(frozen=True)
class Edition:
    """The build whose files out/<date>/ holds: which articles, and whether on demand."""

    article_ids: tuple[str, ...]
    on_demand: bool

    def same_as(self, other: Edition | None) -> bool:
        """The same articles from the same kind of build make the same briefing."""
        return (other is not None and self.on_demand == other.on_demand
                and set(self.article_ids) == set(other.article_ids))


_ARTICLE_COLUMNS = "id, title, text, source, url, published, path, via, opinion, link_refused"


def _article(r: tuple) -> Article:
    published = _stored_instant(r[5]) if r[5] else None
    # stored before the opinion column (0 by default): its URL and title still tell
    opinion = bool(r[8]) or is_opinion(r[4], r[1])
    # stored before the link_refused column (NULL): judged by the source it came in by
    link_refused = r[9]
    if link_refused is None:
        from briefing.sources.addresses import link_refusal

        link_refused = link_refusal(r[4], r[7])
    return Article(id=r[0], title=r[1], text=r[2], source=r[3], url=r[4], published=published,
                   path=r[6], via=r[7], opinion=opinion, link_refused=link_refused)


@dataclass(frozen=True)
class Delivery:
    """One row of the delivery ledger."""

    date: date
    recipient: str
    status: str
    message_id: str
    attempts: int
    claimed_at: datetime | None
    claimed_by: str
    sent_at: datetime | None
    detail: str
    desk: str = ""  # '' the whole-day briefing


_DELIVERY_COLUMNS = (
    "date, recipient, status, message_id, attempts, claimed_at, claimed_by, sent_at, detail,"
    " desk"
)


def _delivery(row: tuple) -> Delivery:
    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return Delivery(date.fromisoformat(row[0]), row[1], row[2], row[3], row[4],
                    when(row[5]), row[6], when(row[7]), row[8], row[9])


def _stored_instant(text: str) -> datetime:
    """A stored `published`: UTC, as the column says, even in a row that omits the offset
    (written by hand or by an older version), so every Article's date is aware."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _utc(moment: datetime) -> str:
    """Whole seconds in UTC, so that instants compare as text."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
