"""One SQLite file: opening it, its transactions, and what its errors mean to a user.

`StoreConnection` is the base of every part of `Store` (briefing/store/__init__.py): it
holds the connection (`db`) that their methods use, and opens a store already migrated to
the newest schema (schema.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from briefing.errors import StoreError
from briefing.store.schema import MIGRATIONS, TABLES, migrate

# What to do about the SQLite errors a user can cause, by primary result code (the low byte
# of the extended code): a file that is not ours, permissions, a full disk, a busy store.
_ADVICE = {
    sqlite3.SQLITE_NOTADB: "not a briefing store; move it away or set [store] path",
    # a new store forgets every story's history and what the ledger sent: a backup first
    sqlite3.SQLITE_CORRUPT: "the store is damaged; restore it from a backup (see Backups in "
                            "the README), or move it away (a new one is made, without its "
                            "history) or set [store] path",
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


def foreign_tables(db: sqlite3.Connection, version: int) -> list[str]:
    """The tables (and views) of a database another program made, at `db`; none for a
    briefing store or an empty database. A store of ours at version 0 has no tables
    (migration 1 sets the version in the transaction that makes them), and at any other
    version it has some of `TABLES`: a `user_version` alone is no mark of ours, since any
    program may set it."""
    names = [name for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")]
    if names and (version == 0 or not TABLES.intersection(names)):
        return names
    return []


class StoreConnection:
    """What every part of `Store` works through: the connection `db` (autocommit: each
    write is a `transaction`), and `open`, which gives a store migrated to the newest
    schema."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    @contextmanager
    def open(cls, path: Path) -> Iterator[Self]:
        """The store at `path`, created if absent. A file that cannot be opened, read or
        written (not a database, read-only, a folder) is a StoreError naming it, whenever
        it shows: on opening or in the middle of the caller's work; so is another program's
        database, on opening, untouched."""
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
            # read before anything is written, WAL mode included (it rewrites the file's
            # header): another program's database must not get briefing's tables added to it
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if theirs := foreign_tables(db, version):
                shown = ", ".join(theirs[:3]) + (", …" if len(theirs) > 3 else "")
                raise StoreError(f"{path}: not a briefing store (another program's database, "
                                 f"tables: {shown}); left as it is: set [store] path to "
                                 "a new file")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=30000")
            if version > len(MIGRATIONS):
                # a newer briefing's schema: this version would fail mid-build on a column
                # it does not know, so it writes nothing at all
                raise StoreError(f"{path}: made by a newer version of briefing (schema "
                                 f"{version}; this version knows up to {len(MIGRATIONS)}); "
                                 "upgrade briefing or set [store] path to another file")
            store = cls(db)
            try:
                # only when there is something to migrate: the migration's write lock made
                # a command that only reads wait behind a build that was writing
                if version < len(MIGRATIONS):
                    store.migrate()
            except sqlite3.Error as e:
                # one transaction: the store is the one it was (a hand-edited schema, a
                # copy half-restored); named, or the user reads "the store: …" and a column
                if not isinstance(error := store_error(path, e), StoreError):
                    error = StoreError(f"{path}: could not be brought up to schema "
                                       f"{len(MIGRATIONS)} ({e}); left at schema {version}, "
                                       "as it was")
                raise error from None
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
        """Bring the schema up to the newest version, in one transaction."""
        with self.transaction() as db:
            migrate(db)
