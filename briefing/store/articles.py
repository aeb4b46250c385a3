"""Articles seen: each stored once, however often and by however many sources it comes in,
and the validators of the feeds and pages they came from.

An article is the same one again when it has the same id, the same words or the same
canonical URL; it keeps the time it was first seen, which dates it when its source did not.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import NamedTuple

from briefing.genre import is_opinion
from briefing.model import Article, content_hash, distinct_id
from briefing.store.connection import StoreConnection
from briefing.urls import canonical_url


class StoredMatch(NamedTuple):
    """A stored article as `matching_articles` finds it."""

    id: str
    title: str  # its opening words when it has no title, as it is cited
    published: str | None  # UTC ISO 8601, None when its source gave no date
    first_seen: str  # UTC ISO 8601
    briefed: tuple[str, ...]  # the dates (YYYY-MM-DD) whose briefings briefed it


class ArticlesMixin(StoreConnection):
    """`Store`'s methods for articles seen and feeds' validators."""

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
        never briefed twice, and the source it first came in by (`Article.via`); when it
        was stored without an address (a file in a folder) and comes again with one (the
        same page configured as a page or found in a feed), it gains that address, so its
        citation links where a reader can check it. `feeds`
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
                    if a.url:  # an address the stored copy lacks is provenance gained
                        db.execute(
                            "UPDATE articles SET url = ?, canonical_url = ?, link_refused = ?"
                            " WHERE content_hash = ? AND url = ''",
                            (a.url, canonical, a.link_refused, digest))
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

    def recent_article_keys(self, seen_since: datetime) -> set[str]:
        """The id and the canonical URL of every article first stored at or after
        `seen_since`: a feed's teaser already stored, under its id or its page's address, is
        not followed to its page again (`web.read_each`). Only recent ones: a feed lists
        the last days' news, and a year's store as a set would take tens of MB."""
        rows = self.db.execute("SELECT id, canonical_url FROM articles WHERE first_seen >= ?",
                               (seen_since.astimezone(UTC).isoformat(),))
        return {key for row in rows for key in row if key}

    def matching_articles(self, query: str, limit: int = 50) -> list[StoredMatch]:
        """The stored articles a reader may mean by `query`: its id, its address (any
        spelling of it, `canonical_url`) or words of its title (case ignored; of its
        opening, which cites an article without a title), with the
        dates whose briefings briefed it: what `briefing why` needs of the store."""
        # spaced as a title is read ("ISIS  camps" typed twice-spaced is "ISIS camps"), as
        # `why` matches the briefing's own articles
        words = " ".join(query.split())
        like = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        # SQLite's lower() folds ASCII only: "Österreich" asked for, lowered by Python, never
        # met a stored "Österreich"; the words are lowered on both sides as Python lowers them
        self.db.create_function("py_lower", 1, lambda s: s.lower() if isinstance(s, str) else s,
                                deterministic=True)
        rows = self.db.execute(
            "SELECT id, CASE WHEN title != '' THEN title ELSE substr(text, 1, 120) END,"
            " published, first_seen FROM articles WHERE id = ?"
            " OR (canonical_url = ? AND canonical_url != '') OR py_lower(title) LIKE ? ESCAPE '\\'"
            # an article without a title is cited by its opening words
            " OR (title = '' AND py_lower(substr(text, 1, 300)) LIKE ? ESCAPE '\\')"
            " ORDER BY coalesce(published, first_seen), id LIMIT ?",
            (words, canonical_url(words), like, like, limit)).fetchall()
        found = []
        for article_id, title, published, first_seen in rows:
            dates = [r[0] for r in self.db.execute(
                "SELECT DISTINCT date FROM briefed WHERE article_id = ? ORDER BY date",
                (article_id,))]
            found.append(StoredMatch(article_id, title, published, first_seen, tuple(dates)))
        return found

    def feed_validators(self) -> dict[str, tuple[str | None, str | None]]:
        """URL -> (ETag, Last-Modified) of each feed or page last fetched successfully."""
        rows = self.db.execute("SELECT url, etag, last_modified FROM feeds")
        return {url: (etag, last_modified) for url, etag, last_modified in rows}

    def articles_between(
        self, start: datetime | None, end: datetime, *, unbriefed_through: date | None = None,
        desks: Sequence[str] = ("",),
    ) -> list[Article]:
        """Articles published (or first seen, when undated) in [start, end), oldest first.

        Half open, like a day: an article dated 16 December (midnight) is of the 16th's
        briefing, whose window starts then, not of the 15th's, whose window ends then.
        With `unbriefed_through`, articles that a build of that date or an earlier one
        briefed to the readers of every one of `desks` ('' the whole day) are left out:
        what a desk's later run alone briefed is still news to the others' readers. A build
        recorded before builds named their desks counts as briefed to every desk.
        """
        sql = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE {ARTICLE_DATE} < ?"
        params: list[str] = [end.astimezone(UTC).isoformat()]
        if start is not None:
            sql += f" AND {ARTICLE_DATE} >= ?"
            params.append(start.astimezone(UTC).isoformat())
        if unbriefed_through is not None and desks:
            sql += " AND (" + " OR ".join(_NOT_BRIEFED_TO for _ in desks) + ")"
            for desk in desks:
                params += [unbriefed_through.isoformat(), desk]
        rows = self.db.execute(sql + f" ORDER BY {ARTICLE_DATE}, id", params).fetchall()
        return [article_from_row(r) for r in rows]


# Not briefed to a desk's readers (parameters: the last date, the desk): by no build of
# that date or before that made the desk's briefing, nor by one that named no desk
_NOT_BRIEFED_TO = (
    "id NOT IN (SELECT b.article_id FROM briefed b WHERE b.date <= ? AND ("
    "EXISTS (SELECT 1 FROM briefed_desks d WHERE d.date = b.date"
    " AND d.built_at = b.built_at AND d.desk = ?)"
    " OR NOT EXISTS (SELECT 1 FROM briefed_desks d WHERE d.date = b.date"
    " AND d.built_at = b.built_at)))")

# An article's date, as a briefing's window reads it: published, else first seen. Queries use
# this very expression, so that SQLite finds it in the index articles_when (schema.py).
ARTICLE_DATE = "coalesce(published, first_seen)"

# The columns `article_from_row` reads, in its order.
ARTICLE_COLUMNS = "id, title, text, source, url, published, path, via, opinion, link_refused"


def article_from_row(r: tuple) -> Article:
    """The Article of a row of ARTICLE_COLUMNS. A row stored before a column existed is
    given what that column would hold, judged now from what the row has."""
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


def _stored_instant(text: str) -> datetime:
    """A stored `published`: UTC, as the column says, even in a row that omits the offset
    (written by hand or by an older version), so every Article's date is aware."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
