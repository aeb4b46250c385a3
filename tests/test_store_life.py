"""The store over its life in an organisation: backed up, restored, damaged. What the
README's **The store over time** tells a user to do is done here, as they would do it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

DATED = "---\ntitle: {title}\npublished: {day}\n---\n\n{text}\n"

STRIKE = [
    ("2025-03-01", "Port strike halts container traffic in Rotterdam",
     "Dock workers in Rotterdam walked out on Saturday, halting container traffic at "
     "Europe's largest port. The union said the strike would last three days."),
    ("2025-03-02", "Rotterdam port strike enters second day as talks stall",
     "The strike at Rotterdam's port entered its second day on Sunday after talks between "
     "the union and employers stalled. Container traffic remained halted."),
    ("2025-03-03", "Rotterdam port strike ends after union reaches deal",
     "The strike at Rotterdam's port ended on Monday after the union reached a deal with "
     "employers. Container traffic resumed and diverted vessels began returning."),
]


def _article(root: Path, day: str, title: str, text: str) -> None:
    (root / "src" / f"{day}.md").write_text(DATED.format(title=title, day=day, text=text))


def _build(run_cli, day: str) -> dict:
    r = run_cli("build", "--date", day, "--format", "md,json")
    assert r.code == 0, r.err
    return json.loads((Path("out") / day / "briefing.json").read_text())


def _stories(briefing: dict) -> dict[str, list[str]]:
    """Each story's id across days and the articles it briefed."""
    return {s["follow"]["story_id"]: s["article_ids"] for section in briefing["sections"]
            for s in section["stories"]}


def _killed_writer(store: Path) -> None:
    """A process that writes to the store and is killed before it closes it, as a power
    cut or SIGKILL leaves it: its writes are in briefing.db-wal, not yet in the file."""
    script = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "db.execute('PRAGMA wal_autocheckpoint=0')\n"
        "db.execute(\"DELETE FROM story_days\")\n"
        "os._exit(9)\n")
    subprocess.run([sys.executable, "-c", script, str(store)], check=False)
    assert Path(f"{store}-wal").stat().st_size > 0


def test_a_store_restored_from_a_day_old_copy_as_the_readme_says_follows_on(run_cli, workdir):
    """Backed up with Python (no sqlite3 program needed), restored a day later over a store
    a killed process left a -wal beside, the lost date built again: the next day's briefing
    follows the story under its id and briefs none of the lost day's articles again."""
    (workdir / "briefing.toml").write_text(
        '[briefing]\ntimezone = "UTC"\n[sources]\npaths = ["src"]\n')
    (workdir / "src").mkdir()
    store = workdir / "out" / "briefing.db"
    _article(workdir, *STRIKE[0])
    first = _stories(_build(run_cli, "2025-03-01"))
    # the README's copy, taken while nothing else is needed: Connection.backup
    backup = workdir / "backup.db"
    with sqlite3.connect(store) as source, sqlite3.connect(backup) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    _article(workdir, *STRIKE[1])
    lost_day = _build(run_cli, "2025-03-02")
    _killed_writer(store)

    # restored as the README says: the -wal and -shm of the store it replaces removed first
    # (SQLite would replay that -wal onto the copy), then the dates since the copy rebuilt
    for leftover in (Path(f"{store}-wal"), Path(f"{store}-shm")):
        leftover.unlink(missing_ok=True)
    store.write_bytes(backup.read_bytes())
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM story_days").fetchone()[0] > 0
    db.close()
    assert _stories(_build(run_cli, "2025-03-02")) == _stories(lost_day)

    _article(workdir, *STRIKE[2])
    after = _build(run_cli, "2025-03-03")
    (strike,) = first
    assert strike in _stories(after)
    assert _stories(after)[strike] == ["2025-03-03"]  # not 2025-03-02's report again
    assert after["since"]["previous"] == "2025-03-02"


def test_a_store_cut_short_is_named_with_the_way_back_to_its_history(run_cli, workdir):
    """A copy cut short (a full disk, a transfer stopped): the line said only "move it
    away (a new one is made)", and a user who did so lost every story's history and the
    delivery ledger when a backup would have kept them."""
    assert run_cli("ingest").code == 0
    store = workdir / "out" / "briefing.db"
    cut = store.read_bytes()[: store.stat().st_size // 2]
    store.write_bytes(cut)
    for command in (["build", "--date", "2024-12-08"], ["stories", "--history"]):
        r = run_cli(*command)
        assert r.code == 1 and "Traceback" not in r.err
        (line,) = r.err.strip().splitlines()
        assert line.startswith(f"error: {store}: the store is damaged; restore it from a "
                               "backup (see Backups in the README), or move it away"), line
    assert store.read_bytes() == cut


def test_reading_the_store_does_not_wait_for_a_build_that_is_writing(run_cli, workdir):
    """`stories --history`, `story ID` and `why` only read: the store is in WAL mode, so
    they can read while a build holds its write lock. Opening it took that lock anyway (a
    migration's transaction, with nothing to migrate), so they waited up to 30 s behind a
    writer and then failed with "another briefing process kept it locked"."""
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    briefing = json.loads((workdir / "out" / "2024-12-08" / "briefing.json").read_text())
    story_id = briefing["sections"][0]["stories"][0]["follow"]["story_id"]
    writer = sqlite3.connect(workdir / "out" / "briefing.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a build in the middle of writing
    try:
        for command in (["stories", "--history"], ["story", story_id],
                        ["why", "Austin", "--date", "2024-12-08"]):
            r = run_cli(*command)
            assert r.code == 0, (command, r.err)
            assert story_id in r.out or command[0] == "why"
    finally:
        writer.execute("ROLLBACK")
        writer.close()
