"""Crash safety: what a `build` killed with SIGKILL leaves behind.

Real processes: the build runs as a subprocess of the CLI and is killed for real while its
worker pool runs.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads processes from /proc (Linux)")

WORDS = ["minister", "said", "talks", "would", "resume", "after", "ceasefire", "held",
         "northern", "province", "aid", "convoys", "reached", "city", "officials", "counted",
         "damage", "shelling", "diplomats", "met", "capital", "discuss", "sanctions", "army"]


def _articles(path: Path, count: int) -> None:
    """`count` articles of a dozen sentences each, as JSON Lines: enough for the pool."""
    rng = random.Random(7)
    with path.open("w") as f:
        for i in range(count):
            text = " ".join(" ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "."
                            for _ in range(12))
            f.write(json.dumps({"id": f"a{i}", "title": f"Report {i}", "text": text}) + "\n")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process; None when it is gone or a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None if fields[0] in "ZX" else (fields[0], int(fields[1]))


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[1] == pid:
            out.append(int(entry.name))
    return out


def _wait_for(condition, timeout: float, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(step)
    return condition()


def test_the_workers_of_a_killed_build_die_with_it(tmp_path):
    source = tmp_path / "day.jsonl"
    _articles(source, 2_000)  # job_count: 64 articles or more use the pool
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "cli.py"), "build", "--source", str(source),
         "--format", "md", "--jobs", "2"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        workers = _wait_for(lambda: _children(proc.pid), timeout=60)
        assert workers, "the build never started its worker pool"
        assert proc.poll() is None, "the build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        alive = _wait_for(lambda: [] if not [w for w in workers if _stat(w)] else None,
                          timeout=5)
        assert alive == [], f"workers {[w for w in workers if _stat(w)]} outlived the build"
        # nothing holds the killed build's output open any more
        out, err = proc.communicate(timeout=5)
    finally:
        proc.kill()
        for pid in workers:  # only what this test started: the build's own workers
            if _stat(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_worker_whose_parent_is_gone_exits_without_the_kernel_signal(tmp_path):
    """The portable fallback (a watchdog thread on os.getppid()), for systems without
    prctl(PR_SET_PDEATHSIG): a parent forks a child that runs only the watchdog; the
    parent is killed; the child must exit on its own."""
    script = textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(REPO)!r})
        from briefing.pipeline import watch_parent
        parent = os.getpid()
        child = os.fork()
        if child == 0:
            watch_parent(parent, interval=0.05)
            time.sleep(60)
            os._exit(0)
        print(child, flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(proc.stdout.readline())
    try:
        assert _stat(child)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        assert _wait_for(lambda: _stat(child) is None, timeout=5), "the child outlived its parent"
    finally:
        proc.kill()
        if _stat(child):
            os.kill(child, signal.SIGKILL)
