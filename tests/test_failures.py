"""What a user sees when a file, folder, store or input of theirs is wrong: one line naming
it and what to do, a non-zero exit, never a traceback, and nothing of theirs lost.

Permissions cannot be taken away from root (the tests may run as root), so a read-only
folder or store is simulated where the system would refuse: the same exception, raised
where it would be.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest

DATED = "---\ntitle: {title}\npublished: {day}\n---\n\n{text}\n"


def one_line_error(r, *fragments: str) -> None:
    assert r.code != 0, r.out
    assert "Traceback" not in r.err
    lines = r.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.err
    for fragment in fragments:
        assert fragment in lines[0], r.err


def write_config(root: Path, text: str) -> Path:
    path = root / "briefing.toml"
    path.write_text('[briefing]\ntimezone = "UTC"\n' + text)
    return path


# --- the store --------------------------------------------------------------------------


def test_a_corrupt_store_is_named_and_left_as_it_is(run_cli, workdir):
    store = workdir / "out" / "briefing.db"
    store.parent.mkdir()
    junk = bytes(range(256)) * 20
    store.write_bytes(junk)
    for command in (["build", "--date", "2024-12-08"], ["ingest"]):
        one_line_error(run_cli(*command), f"{store}: not a briefing store; move it away or set "
                                          "[store] path (file is not a database)")
    assert store.read_bytes() == junk


def test_a_store_made_by_a_newer_briefing_is_named_and_left_as_it_is(run_cli, workdir):
    # A store a newer version migrated past this one's schema would fail later, mid-build,
    # on a column this version does not know; it is refused before anything is written.
    assert run_cli("ingest").code == 0
    store = workdir / "out" / "briefing.db"
    with sqlite3.connect(store) as db:
        newest = db.execute("PRAGMA user_version").fetchone()[0]
        db.execute(f"PRAGMA user_version = {newest + 1}")
    before = store.read_bytes()
    one_line_error(run_cli("build", "--date", "2024-12-08"),
                   f"{store}: made by a newer version of briefing (schema {newest + 1}; this "
                   f"version knows up to {newest})")
    assert store.read_bytes() == before


@pytest.mark.parametrize("version", [0, 7])  # any program may set SQLite's user_version
def test_another_programs_database_is_refused_and_left_as_it_is(run_cli, workdir, version):
    """A database with tables, none of them briefing's, got briefing's tables added to it
    (and was switched to WAL mode): it is refused before anything is written."""
    write_config(workdir, '[store]\npath = "contacts.db"\n')
    store = workdir / "contacts.db"
    with sqlite3.connect(store) as db:
        db.execute("CREATE TABLE contacts (name TEXT)")
        db.execute("INSERT INTO contacts VALUES ('Ann')")
        db.execute(f"PRAGMA user_version = {version}")
    db.close()
    before = store.read_bytes()
    for command in (["build", "--date", "2024-12-08"], ["ingest"], ["stories", "--history"]):
        r = run_cli(*command)
        one_line_error(r, f"{store}: not a briefing store (another program's database, "
                          "tables: contacts); left as it is: set [store] path to a new file")
        assert r.code == 1
    assert store.read_bytes() == before
    assert sorted(p.name for p in workdir.iterdir()) == ["briefing.toml", "contacts.db", "seeds"]


def test_an_empty_database_file_becomes_the_store(run_cli, workdir):
    write_config(workdir, '[store]\npath = "new.db"\n')
    (workdir / "new.db").write_bytes(b"")
    assert run_cli("ingest").code == 0
    with sqlite3.connect(workdir / "new.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
    db.close()


def test_a_migration_that_fails_leaves_the_store_at_its_old_version(run_cli, workdir):
    """Migrations 9 to 12 run in one transaction: when the last fails (here the column it
    adds is there already), the first three are undone too, so the store is the version-8
    store it was, not one in between that no version of briefing made."""
    from briefing.store import MIGRATIONS

    store = workdir / "out" / "briefing.db"
    store.parent.mkdir()
    with sqlite3.connect(store) as db:
        for script in MIGRATIONS[:8]:
            db.executescript(script)
        db.execute("PRAGMA user_version = 8")
        db.execute("ALTER TABLE schedule_runs ADD COLUMN claimed_by TEXT")
    db.close()
    # the line names the file, and says it was left as it was (the error was "the store:
    # duplicate column name", which named neither)
    one_line_error(run_cli("ingest"), f"{store}: could not be brought up to schema "
                   f"{len(MIGRATIONS)}", "left at schema 8",
                   "duplicate column name: claimed_by")
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 8
        columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
        assert "opinion" not in columns and "link_refused" not in columns
    db.close()


def test_a_store_of_the_first_version_is_still_briefings_and_migrated(run_cli, workdir):
    """Telling another program's database from ours must not refuse an old store of ours."""
    from briefing.store import MIGRATIONS

    store = workdir / "out" / "briefing.db"
    store.parent.mkdir()
    with sqlite3.connect(store) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
    db.close()
    assert run_cli("ingest").code == 0
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    db.close()


def test_a_store_path_that_is_a_folder_is_named(run_cli, workdir):
    write_config(workdir, '[store]\npath = "db"\n')
    (workdir / "db").mkdir()
    one_line_error(run_cli("ingest"), f"{workdir / 'db'}: a folder, not a store")


@pytest.mark.parametrize("command", [("stories", "--history"), ("story", "20241208-0313b1")])
def test_a_store_path_that_is_a_folder_is_named_by_the_commands_that_read_it(
        run_cli, workdir, command):
    """They said "no store yet (build a briefing first...)", and a build would then refuse
    the same folder."""
    write_config(workdir, '[store]\npath = "db"\n')
    (workdir / "db").mkdir()
    r = run_cli(*command)
    one_line_error(r, f"{workdir / 'db'}: a folder, not a store; set [store] path to a file "
                   "name such as out/briefing.db")
    assert r.code == 1


def test_a_read_only_store_is_named(run_cli, workdir, monkeypatch):
    assert run_cli("ingest").code == 0
    connect = sqlite3.connect

    def read_only(path, **kwargs):  # what a store in a read-only folder gives
        return connect(f"file:{path}?mode=ro", uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    one_line_error(run_cli("build", "--date", "2024-12-08"),
                   f"{workdir / 'out' / 'briefing.db'}: the store is read-only; make it, its "
                   "folder and its -wal and -shm files writable")


def test_an_output_folder_under_a_file_is_named(run_cli, workdir):
    (workdir / "blocker").write_text("a file, not a folder\n")
    write_config(workdir, '[output]\ndir = "blocker/out"\n')
    one_line_error(run_cli("build", "--date", "2024-12-08"),
                   "briefing.db: cannot create the store's folder (Not a directory",
                   "set [store] path or [output] dir")


# --- files written --------------------------------------------------------------------------


def test_a_briefing_that_cannot_be_written_is_named(run_cli, workdir):
    (workdir / "blocker").write_text("a file, not a folder\n")
    # the store elsewhere: an on-demand build records its edition there before writing
    write_config(workdir, '[output]\ndir = "blocker/out"\n[store]\npath = "store.db"\n')
    one_line_error(run_cli("build", "--source", "seeds", "--date", "2024-12-08", "--format", "md"),
                   "blocker/out/2024-12-08/briefing.md: cannot write (Not a directory")


def test_a_read_only_date_folder_is_named(run_cli, workdir, monkeypatch):
    def refused(*, prefix: str, dir: Path):  # noqa: A002 (mkstemp's own name)
        raise PermissionError(13, "Permission denied", str(dir / f"{prefix}k2x9"))

    monkeypatch.setattr("briefing.fileio.tempfile.mkstemp", refused)
    one_line_error(run_cli("build", "--source", "seeds", "--date", "2024-12-08", "--format", "md"),
                   f"{workdir / 'out' / '2024-12-08' / 'briefing.md'}: cannot write "
                   "(Permission denied)")


def test_an_edition_that_cannot_be_kept_stops_the_build_before_replacing_anything(
    run_cli, workdir, monkeypatch
):
    assert run_cli("build", "--date", "2024-12-08", "--format", "md").code == 0
    folder = workdir / "out" / "2024-12-08"
    before = (folder / "briefing.md").read_text()
    (workdir / "seeds" / "late.md").write_text(DATED.format(
        title="Late report", day="2024-12-08",
        text="The ministry confirmed the convoy reached the border crossing on Sunday."))

    def refused(src, dst, **_kwargs):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr("shutil.copy2", refused)
    one_line_error(run_cli("build", "--date", "2024-12-08", "--format", "md"),
                   f"{folder / 'edition-1'}: cannot keep the previous edition, nothing replaced "
                   "(Permission denied)")
    assert (folder / "briefing.md").read_text() == before
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.md"]  # no half edition


def test_a_disk_that_fills_while_writing_a_new_edition_leaves_the_old_one_in_place(
    run_cli, workdir, monkeypatch
):
    """The previous edition was moved to edition-1/ and the new files written one by one:
    a disk that filled at the PDF left out/<date>/ with the new Markdown and HTML and no
    PDF at all, the one an analyst opens at 8 a.m. Every new file is now written whole
    before anything of the old edition is moved."""
    write_config(workdir, '[sources]\npaths = ["news"]\n')
    news = workdir / "news"
    news.mkdir()
    (news / "first.md").write_text(DATED.format(
        title="Convoy reaches the city", day="2024-12-08",
        text="The aid convoy reached the city after the ceasefire held overnight."))
    assert run_cli("build", "--date", "2024-12-08").code == 0
    folder = workdir / "out" / "2024-12-08"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (news / "late.md").write_text(DATED.format(
        title="Late report", day="2024-12-08",
        text="The ministry confirmed the convoy reached the border crossing on Sunday."))
    mkstemp = tempfile.mkstemp

    def full_at_the_pdf(*, prefix: str, dir: Path):  # noqa: A002 (mkstemp's own name)
        if prefix == ".briefing.pdf.":
            raise OSError(28, "No space left on device", str(dir / f"{prefix}k2x9"))
        return mkstemp(prefix=prefix, dir=dir)

    with monkeypatch.context() as patched:
        patched.setattr("briefing.fileio.tempfile.mkstemp", full_at_the_pdf)
        one_line_error(run_cli("build", "--date", "2024-12-08"),
                       f"{folder / 'briefing.pdf'}: cannot write (No space left on device)")
    assert sorted(p.name for p in folder.iterdir()) == sorted(before)  # no edition-1
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    assert run_cli("build", "--date", "2024-12-08").code == 0
    assert {p.name: p.read_bytes() for p in (folder / "edition-1").iterdir()
            if p.suffix != ".html"} == {k: v for k, v in before.items() if k[-5:] != ".html"}


def test_a_store_that_cannot_note_the_new_edition_leaves_no_copy_of_the_old(
    run_cli, workdir, monkeypatch
):
    """The previous edition is copied to edition-1/ and then the store notes the new build
    (`Store.begin_edition`): a store that refused that write (read-only, full, locked) left
    the copy behind, so the fixed store's next build kept the same files again as
    edition-2/, and the archive listed the two identical earlier editions."""
    news = workdir / "news"  # files without a URL: reading them again writes nothing
    news.mkdir()
    write_config(workdir, '[sources]\npaths = ["news"]\n')
    (news / "first.md").write_text(DATED.format(
        title="Convoy reaches the city", day="2024-12-08",
        text="The aid convoy reached the city after the ceasefire held overnight."))
    assert run_cli("build", "--date", "2024-12-08", "--format", "md").code == 0
    folder = workdir / "out" / "2024-12-08"
    before = (folder / "briefing.md").read_text()
    (news / "late.md").write_text(DATED.format(
        title="Late report", day="2024-12-08",
        text="The ministry confirmed the convoy reached the border crossing on Sunday."))
    assert run_cli("ingest").code == 0  # the store holds the late report: the build reads only
    connect = sqlite3.connect

    def read_only(path, **kwargs):  # what a read-only store gives
        return connect(f"file:{path}?mode=ro", uri=True, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(sqlite3, "connect", read_only)
        one_line_error(run_cli("build", "--date", "2024-12-08", "--format", "md"),
                       "the store is read-only")
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.md"]
    assert (folder / "briefing.md").read_text() == before

    assert run_cli("build", "--date", "2024-12-08", "--format", "md").code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["briefing.md", "edition-1"]
    assert (folder / "edition-1" / "briefing.md").read_text() == before


def test_a_config_that_is_a_folder_is_refused(run_cli, workdir):
    (workdir / "subs.opml").write_text(
        '<opml><body><outline title="X" xmlUrl="https://example.org/feed"/></body></opml>')
    one_line_error(run_cli("sources", "import-opml", "subs.opml", "--config", workdir),
                   f"{workdir}: a folder, not a briefing.toml (give --config FILE)")
    one_line_error(run_cli("build", "--config", workdir),
                   f"{workdir}: a folder, not a config file")


def test_a_pipe_or_device_given_as_the_config_is_named_as_one(run_cli, workdir):
    """`--config <(printf ...)` (a pipe, /dev/fd/63) or /dev/null exists: "config file not
    found" was untrue. Neither is read: a config's relative paths are read from its folder,
    which a pipe has none of."""
    pipe = workdir / "piped.toml"
    os.mkfifo(pipe)
    for config, kind in ((pipe, "a named pipe"), (Path("/dev/null"), "a character device")):
        r = run_cli("build", "--config", config)
        one_line_error(r, f"{config}: {kind}, not a config file (give --config FILE, a "
                          "briefing.toml saved as a file)")
        assert r.code == 2
    # import-opml, which writes its --config, refuses it too (the pipe is not tried here:
    # the old code waited for a writer to it forever)
    (workdir / "subs.opml").write_text(
        '<opml><body><outline title="X" xmlUrl="https://example.org/feed"/></body></opml>')
    one_line_error(run_cli("sources", "import-opml", "subs.opml", "--config", "/dev/null"),
                   "/dev/null: a character device, not a config file")
    assert Path("/dev/null").is_char_device()
    assert not (workdir / "out").exists()


# --- dates --------------------------------------------------------------------------------


def test_a_date_whose_window_cannot_end_is_refused(run_cli, workdir):
    one_line_error(run_cli("build", "--date", "9999-12-31"),
                   "briefing date 9999-12-31 is out of range (allowed: 0001-01-02 to 9999-12-30)")


@pytest.mark.parametrize("day", ["0001-01-02", "9999-12-30"])
def test_the_first_and_last_dates_allowed_build(run_cli, workdir, day):
    """The range the date check allows is the range a build can take: following a week of
    stories back from 0001-01-02, or a day's grace after 9999-12-30, overflowed Python's
    calendar in a traceback."""
    r = run_cli("build", "--date", day, "--source", workdir / "seeds", "--format", "json")
    assert r.code == 0, r.err
    assert "Traceback" not in r.err
    assert (workdir / "out" / day / "briefing.json").is_file()


def test_a_lookback_reaching_before_the_calendar_covers_everything(run_cli, workdir):
    write_config(workdir, "[sources]\nlookback_days = 1000000\n")
    r = run_cli("build", "--date", "2024-12-08", "--format", "json")
    assert r.code == 0, r.err
    ids = {a["id"] for a in json.loads(
        (workdir / "out" / "2024-12-08" / "briefing.json").read_text())["articles"]}
    assert "000_0e06bca53e2e7670" in ids


# --- the last resort ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (PermissionError(13, "Permission denied", "/srv/out/x"),
         "error: /srv/out/x: Permission denied"),
        (sqlite3.OperationalError("disk I/O error"), "error: the store: disk I/O error"),
    ],
)
def test_an_unnamed_file_or_database_failure_is_still_one_line(run_cli, workdir, monkeypatch,
                                                                error, line):
    def failing(*_args, **_kwargs):
        raise error

    monkeypatch.setattr("briefing.pipeline.build", failing)
    r = run_cli("build")
    one_line_error(r)
    assert r.err.strip() == line


def test_a_bidi_override_in_a_quoted_name_is_shown_escaped_not_obeyed(run_cli, tmp_path):
    """A warning quotes names it did not choose (a file's, a feed's link): one holding
    U+202E turned the rest of the line around on the terminal and in the briefing's notes
    ("report\u202etxt.exe" reads "reportexe.txt"). Bidi controls are shown escaped, as
    the C0 and C1 controls are."""
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "brief\u202etxt.fdp.txt").write_text("")
    (folder / "ok.txt").write_text("The council met on Monday to approve the budget.")
    r = run_cli("read", str(folder))
    assert r.code == 0, r.err
    assert "brief\\u202etxt.fdp.txt: empty file, skipped" in r.err
    assert not any(c in r.err for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
                                        "\u2069\u200e\u200f")
