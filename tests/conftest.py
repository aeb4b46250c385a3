"""Shared fixtures: the checkout's paths, the shared dev data, and an in-process CLI runner."""

from __future__ import annotations

import contextlib
import json
import shutil
import time as systime
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.cli import main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"
FOUNDING = SEEDS / "000_0e06bca53e2e7670.txt"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """The fits of users' themes (briefing/themes/taught.py `cache_dir`) go to a folder of
    the test run's, never to the user's ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def run_cli(capsys):
    """Run `briefing ARGS...` in this process, as a user would, and capture what it prints."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A fresh working folder holding a copy of seeds/, as a new user's checkout would."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def built_day(folder: Path, source: Path, day: str) -> dict:
    """`build --source SOURCE --date DAY --format json` run from `folder`, as a user would
    there, and the briefing.json it wrote."""
    with contextlib.chdir(folder):
        assert main(["build", "--source", str(source), "--date", day, "--format", "json"]) == 0
    return json.loads((folder / "out" / day / "briefing.json").read_text())


def zone_far_from_midnight() -> str:
    """A timezone whose clock reads between 06:00 and 18:00 now, for a test of what the
    real clock calls today: there its date cannot turn over while the test runs, as UTC's
    does for a test started at 23:59:30."""
    return "UTC" if 6 <= datetime.now(UTC).hour < 18 else "Etc/GMT-12"  # UTC+12


def needs_shared(name: str) -> Path:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} not present (the shared dev data sits beside the checkout)")
    return path


@pytest.fixture
def machine_elsewhere(monkeypatch):
    """The machine's clock reads Chatham Islands time (UTC+12:45/+13:45), so a naive local
    time anywhere in the code under test would show."""
    monkeypatch.setenv("TZ", "Pacific/Chatham")
    systime.tzset()
    yield
    monkeypatch.undo()
    systime.tzset()
