"""The store's schema: the numbered migrations that build it, one step at a time.

The schema's version is SQLite's `user_version`: entry n of MIGRATIONS (counting from 1)
moves a store from version n-1 to n. A store made by any older version of briefing is
brought forward by running the entries it has not had, in order; an entry is never edited
once shipped, since stores made with it exist. A change of schema is a new entry at the end.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

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
    # 7: stories followed across days (briefing/follow/): each story a briefing showed,
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
    # stored before this, which are still read by their URL and title (articles.py,
    # `article_from_row`)
    """
    ALTER TABLE articles ADD COLUMN opinion INTEGER NOT NULL DEFAULT 0;
    """,
    # 10: why an article's URL is no link (`Article.link_refused`); NULL for articles stored
    # before this, judged when read (articles.py, `article_from_row`) by their URL and the
    # source they came by
    """
    ALTER TABLE articles ADD COLUMN link_refused TEXT;
    """,
    # 11: how strong a story was in the briefing that showed it (`Story.score`), so that
    # the next day's "Since yesterday" lists its strongest quiet stories first; 0 for rows
    # recorded before this, listed after the others by story id as they were
    """
    ALTER TABLE story_days ADD COLUMN score REAL NOT NULL DEFAULT 0;
    """,
    # 12: which process claimed a scheduled run ("host:pid"), so that a run left 'running'
    # by a scheduler that was killed is known for one and done again (deliver/schedule.py);
    # '' for runs claimed before this, left as they are
    """
    ALTER TABLE schedule_runs ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
    """,
    # 13: which briefings each build made (desk '' the whole day's), so what a desk's later
    # run briefed is not taken for briefed to the others' readers (`articles_between`); a
    # build recorded before this has no row and counts as briefed to every desk, as it did
    """
    CREATE TABLE briefed_desks (
        date TEXT NOT NULL,          -- the briefing's YYYY-MM-DD
        built_at TEXT NOT NULL,      -- UTC ISO 8601: the build, as in briefed
        desk TEXT NOT NULL,          -- a desk it built; '' the whole day
        PRIMARY KEY (date, built_at, desk)
    );
    """,
)

# Every table a migration has made: a database that has tables, none of them these, is
# another program's (connection.py, `foreign_tables`)
TABLES = frozenset(re.findall(r"CREATE TABLE (\w+)", "".join(MIGRATIONS)))


def migrate(db: sqlite3.Connection) -> None:
    """Run the migrations `db` has not had yet, inside the caller's transaction, so a
    store is left at its old version or the newest one, never in between."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        for statement in _statements(script):
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {number}")


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
