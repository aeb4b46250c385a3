"""What a user sees when a file, folder, store or input of theirs is wrong: one line naming
it and what to do, a non-zero exit, never a traceback, and nothing of theirs lost.

Permissions cannot be taken away from root (the tests may run as root), so a read-only
folder or store is simulated where the system would refuse: the same exception, raised
where it would be.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


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


def test_a_store_path_that_is_a_folder_is_named(run_cli, workdir):
    write_config(workdir, '[store]\npath = "db"\n')
    (workdir / "db").mkdir()
    one_line_error(run_cli("ingest"), f"{workdir / 'db'}: a folder, not a store")


def test_a_read_only_store_is_named(run_cli, workdir, monkeypatch):
    assert run_cli("ingest").code == 0
    connect = sqlite3.connect

    def read_only(path, **kwargs):  # what a store in a read-only folder gives
        return connect(f"file:{path}?mode=ro", uri=True, **kwargs)

    monkeypatch.setattr("briefing.store.sqlite3.connect", read_only)
    one_line_error(run_cli("build", "--date", "2024-12-08"),
                   f"{workdir / 'out' / 'briefing.db'}: the store is read-only; make it, its "
                   "folder and its -wal and -shm files writable")


def test_an_output_folder_under_a_file_is_named(run_cli, workdir):
    (workdir / "blocker").write_text("a file, not a folder\n")
    write_config(workdir, '[output]\ndir = "blocker/out"\n')
    one_line_error(run_cli("build", "--date", "2024-12-08"),
                   "briefing.db: cannot create the store's folder (Not a directory",
                   "set [store] path or [output] dir")

