"""Crash safety: what a `build` killed with SIGKILL leaves behind, and what the next one does.

Real processes: the build runs as a subprocess of the CLI and is killed for real, while its
worker pool runs, or at a chosen point of its file writing (its own os.fsync, patched by a
runner script in the subprocess, kills it there: the product has no test hook).
"""

from __future__ import annotations

import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPO

from briefing.store import Store

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
        from briefing.workers import watch_parent
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


# --- killed while writing out/<date>/ ---------------------------------------------------------

DAY = "2024-12-09"
DATE = date.fromisoformat(DAY)
# Runs the CLI in a process that kills itself with SIGKILL at its Nth os.fsync, which only
# fileio's writes call: with the first N briefing files written to their temporary names,
# none renamed yet (a build writes all of them before it replaces any); N = 5: the archive
# index.
KILL_AT_FSYNC = textwrap.dedent("""
    import os, runpy, signal, sys
    n, calls, real = int(sys.argv.pop(1)), [0], os.fsync
    def fsync(fd):
        real(fd)
        calls[0] += 1
        if calls[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)
    os.fsync = fsync
    sys.argv[0] = sys.argv[1]
    del sys.argv[1]
    # the script's folder first on the path, as `python cli.py` puts it: the checkout under
    # test, not the briefing a shared virtualenv has installed (a git worktree's)
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))
    runpy.run_path(sys.argv[0], run_name="__main__")
""")


def _article(folder: Path, name: str, title: str) -> None:
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {title}\npublished: {DAY}T08:00:00Z\n---\n"
        f"{title}, officials said on Monday. The convoy reached the city after the "
        "ceasefire held overnight in the northern province.\n")


def _build(root: Path, *runner: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *runner, str(REPO / "cli.py"), "build",
                           "--date", DAY], cwd=root, capture_output=True, text=True,
                          timeout=120)


def _titles(path: Path) -> list[str]:
    return sorted(a["title"] for a in json.loads(path.read_text())["articles"])


def test_the_next_build_removes_what_a_build_killed_while_writing_left(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    assert _build(tmp_path).returncode == 0  # edition A, recorded
    folder = tmp_path / "out" / DAY
    first = (folder / "briefing.md").read_text()
    (folder / "notes.txt").write_text("the user's own file\n")
    (folder / ".briefing.md.mine").write_text("not a name of ours\n")

    _article(news, "second", "Talks resume in the capital")  # build B briefs something new
    runner = tmp_path / "kill_at_fsync.py"
    runner.write_text(KILL_AT_FSYNC)
    killed = _build(tmp_path, str(runner), "3")  # killed writing the PDF: md, html written
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    temporary = sorted(p.name[:-9] for p in folder.glob(".briefing.*")
                       if p.name != ".briefing.md.mine")
    assert temporary == [".briefing.html", ".briefing.md", ".briefing.pdf"]  # what a kill leaves
    assert (folder / "briefing.md").read_text() == first  # A's files untouched, not yet kept
    assert not (folder / "edition-1").exists()

    again = _build(tmp_path)  # build C: the same articles as B
    assert again.returncode == 0, again.stderr
    names = sorted(p.name for p in folder.iterdir())
    assert names == [".briefing.md.mine", "briefing.html", "briefing.json", "briefing.md",
                     "briefing.pdf", "edition-1", "notes.txt"]  # no temporary file, no edition-2
    assert (folder / "edition-1" / "briefing.md").read_text() == first
    assert _titles(folder / "briefing.json") == ["Talks resume in the capital"]
    assert "interrupted" in again.stderr  # said once, not silently

    with Store.open(tmp_path / "out" / "briefing.db") as store:
        assert store.unfinished_edition(DATE) is None


def test_a_killed_rebuild_of_the_same_articles_keeps_the_recorded_edition(tmp_path):
    """Killed while rewriting the same articles, the files there are still that edition's
    articles: the next build neither deletes nor keeps them as a second edition."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    assert _build(tmp_path).returncode == 0
    runner = tmp_path / "kill_at_fsync.py"
    runner.write_text(KILL_AT_FSYNC)
    assert _build(tmp_path, str(runner), "2").returncode == -signal.SIGKILL
    folder = tmp_path / "out" / DAY
    assert len(list(folder.glob(".briefing.html.*"))) == 1
    assert _build(tmp_path).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "briefing.html", "briefing.json", "briefing.md", "briefing.pdf"]


def test_the_next_build_removes_what_a_build_killed_writing_the_archive_left(tmp_path):
    """Killed while writing out/index.html (its fifth write, after the four briefing
    files), a build left a temporary copy of the whole archive index in out/ for good: no
    later build removed it, one more with each such kill."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    runner = tmp_path / "kill_at_fsync.py"
    runner.write_text(KILL_AT_FSYNC)
    assert _build(tmp_path, str(runner), "5").returncode == -signal.SIGKILL
    out = tmp_path / "out"
    assert [p.name[:12] for p in out.glob(".index.html.*")] == [".index.html."]

    again = _build(tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [
        ".index-cache.json"]
    assert f"{DAY}/briefing.html" in (out / "index.html").read_text()


def _waiting_for_a_lock(pid: int) -> bool:
    """Whether process `pid` is blocked waiting for a flock (a "->" line of /proc/locks)."""
    return any(line.split()[1:3] == ["->", "FLOCK"] and line.split()[5] == str(pid)
               for line in Path("/proc/locks").read_text().splitlines())


def test_a_send_while_a_build_writes_the_files_mails_them_whole(tmp_path):
    """`send` read out/<date>/'s files while a build of the date (the scheduler's, say) was
    replacing them one by one: the email's text was the new edition's and its PDF, HTML
    and subject the old one's. It now waits for the build, as a second build does."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\n[email]\nto = ["desk@example.org"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    assert _build(tmp_path).returncode == 0
    folder = tmp_path / "out" / DAY
    markdown = folder / "briefing.md"
    whole = markdown.read_text()
    fd = os.open(folder, os.O_RDONLY)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)  # as a build holds it while it writes the files
        markdown.write_text("Half-written edition\n")  # the first file of the new edition
        proc = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "send", "--date", DAY],
                                cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        _wait_for(lambda: proc.poll() is not None or _waiting_for_a_lock(proc.pid), timeout=60)
        markdown.write_text(whole)  # the build's last file written
    finally:
        os.close(fd)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    [mail] = (tmp_path / "out" / "outbox").glob("*.eml")
    assert b"Half-written" not in mail.read_bytes()
    assert b"Aid convoy reaches the city" in mail.read_bytes()


def test_the_next_send_removes_what_a_send_killed_writing_the_outbox_left(tmp_path):
    """Killed while writing a message to out/outbox/ (`kill -9`, a reboot), a send left a
    hidden temporary .eml there that nothing removed: one more with each such kill. The
    next send removes it, and no file of the user's."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\n[email]\nto = ["ann@example.org", "bob@example.org"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    assert _build(tmp_path).returncode == 0
    outbox = tmp_path / "out" / "outbox"
    outbox.mkdir()
    (outbox / ".notes.eml.mine").write_text("not a name of ours\n")
    runner = tmp_path / "kill_at_fsync.py"
    runner.write_text(KILL_AT_FSYNC)
    killed = subprocess.run([sys.executable, str(runner), "1", str(REPO / "cli.py"), "send",
                             "--date", DAY], cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # what a kill leaves: ".<name>.eml.x7k2_q9a"
    (left,) = [p for p in outbox.glob(".*.eml.*") if p.name != ".notes.eml.mine"]
    assert left.name.startswith(f".{DAY}_ann@example.org_")

    again = subprocess.run([sys.executable, str(REPO / "cli.py"), "send", "--date", DAY],
                           cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "bob@example.org" in again.stdout, again.stderr
    assert sorted(p.name for p in outbox.iterdir() if p.name.startswith(".")) == [
        ".notes.eml.mine"]
    assert [p.name for p in outbox.glob("*.eml")] == [
        p.name for p in outbox.glob(f"{DAY}_bob@example.org_*.eml")]


# Runs the CLI in a process whose build, once it has read and summarized the day, creates
# the file argv[1] + ".waiting" and waits until argv[1] exists: a slow build, held there.
PAUSE_AFTER_READING = textwrap.dedent("""
    import os, runpy, sys, time
    marker = sys.argv.pop(1)
    sys.argv[0] = sys.argv[1]
    del sys.argv[1]
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))  # as KILL_AT_FSYNC
    import briefing.pipeline.day as day
    real = day.with_earlier_editions
    def paused(*args, **kwargs):
        open(marker + ".waiting", "w").close()
        while not os.path.exists(marker):
            time.sleep(0.01)
        return real(*args, **kwargs)
    day.with_earlier_editions = paused
    runpy.run_path(sys.argv[0], run_name="__main__")
""")


def test_a_build_that_read_its_sources_first_does_not_overwrite_a_later_ones_briefing(
    tmp_path
):
    """Two builds of a date at once, a report coming in between their readings: the one
    that read later (with the report) wrote first; the other then kept it aside as
    edition-1 and wrote its older briefing in its place, and as the report counted as
    briefed, no later build of the date showed it again. A build now holds the date's
    folder from its reading to its writing, so the second reads after the first wrote."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    runner = tmp_path / "pause_after_reading.py"
    runner.write_text(PAUSE_AFTER_READING)
    go = tmp_path / "go"
    command = [str(REPO / "cli.py"), "build", "--date", DAY]
    slow = subprocess.Popen([sys.executable, str(runner), str(go), *command], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(lambda: Path(f"{go}.waiting").exists() or slow.poll() is not None,
                         timeout=60) and slow.poll() is None, slow.stderr and slow.stderr.read()
        _article(news, "second", "Talks resume in the capital")
        fast = subprocess.Popen([sys.executable, *command], cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _wait_for(lambda: fast.poll() is not None or _waiting_for_a_lock(fast.pid), timeout=60)
    finally:
        go.touch()
    assert slow.wait(timeout=60) == 0, slow.stderr.read()
    assert fast.wait(timeout=60) == 0, fast.stderr.read()
    folder = tmp_path / "out" / DAY
    assert _titles(folder / "edition-1" / "briefing.json") == ["Aid convoy reaches the city"]
    assert _titles(folder / "briefing.json") == ["Talks resume in the capital"]


def test_a_build_waiting_for_another_of_the_date_says_so(tmp_path):
    """A build of a date waits for the one already running (the scheduler's at 07:00):
    it said nothing, and an analyst's build looked hung for as long."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    folder = tmp_path / "out" / DAY
    folder.mkdir(parents=True)
    fd = os.open(folder, os.O_RDONLY)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)  # as the other build holds it
        proc = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "build", "--date", DAY],
                                cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        # printed before it waits (or at its end): a silent wait never ends by itself
        said, _, _ = select.select([proc.stderr], [], [], 30)
        first = proc.stderr.readline() if said else ""
        assert proc.poll() is None, first
    finally:
        os.close(fd)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert first == (f"note: another build of {DAY} is running ({folder} is locked): "
                     "waiting for it to finish\n")
    # then only what each source gave: no warning
    assert all(line.startswith("note: source ") for line in err.splitlines()), err
    assert "wrote" in out


def test_a_folder_lock_is_taken_again_by_its_thread_and_waited_for_by_another(tmp_path):
    """`send` holds a date's folder over the build it runs, which locks it again: the same
    thread must not wait for itself. Another thread (two OPML imports on threads) must wait
    as another process does, and is told it waits."""
    import threading

    from briefing.fileio import folder_lock

    folder = tmp_path / "out" / DAY
    order: list[str] = []
    holding = threading.Event()
    asked = threading.Event()

    def waits() -> None:
        order.append("other waits")
        asked.set()

    def other() -> None:
        holding.wait(10)
        with folder_lock(folder, waiting=waits):
            order.append("other holds")

    thread = threading.Thread(target=other)
    thread.start()
    with folder_lock(folder):
        with folder_lock(folder):  # at once: a second flock of this thread would hang
            order.append("taken again")
        holding.set()
        # released only once the other thread found it held: a fixed sleep let a slow
        # thread ask after the release, take the lock free and fail the test
        assert asked.wait(30), order
        order.append("released")
    thread.join(30)
    assert not thread.is_alive()
    assert order == ["taken again", "other waits", "released", "other holds"]


@pytest.mark.parametrize("command", ["send", "schedule"])
def test_a_send_or_scheduled_run_waiting_for_a_build_of_the_date_says_so(tmp_path, command):
    """`send` and the scheduler's run wait, as a build does, for a build of the date that
    is running: they said nothing, and looked hung for as long. `send` says so on stderr as
    `build` does; the scheduler in its log."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\n[email]\nto = ["desk@example.org"]\n'
        '[schedule]\ntimezone = "UTC"\n')
    _article(news, "first", "Aid convoy reaches the city")
    assert _build(tmp_path).returncode == 0
    folders = [tmp_path / "out" / DAY]
    args = ["send", "--date", DAY] if command == "send" else ["schedule", "--once"]
    if command == "schedule":  # a scheduled run is for today (tomorrow, if midnight passes)
        today = datetime.now(UTC).date()
        folders = [tmp_path / "out" / (today + timedelta(days=n)).isoformat() for n in (0, 1)]
    fds = []
    try:
        import fcntl

        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
            fds.append(os.open(folder, os.O_RDONLY))
            fcntl.flock(fds[-1], fcntl.LOCK_EX)  # as the other build holds it
        proc = subprocess.Popen([sys.executable, str(REPO / "cli.py"), *args],
                                cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        stream = proc.stderr if command == "send" else proc.stdout
        said, _, _ = select.select([stream], [], [], 30)
        first = stream.readline() if said else ""
        assert proc.poll() is None, first
    finally:
        for fd in fds:
            os.close(fd)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    lines = [f"another build of {folder.name} is running ({folder} is locked): "
             "waiting for it to finish\n" for folder in folders]
    if command == "send":
        assert first == f"note: {lines[0]}"
        assert "1 sent" in out
    else:
        stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ "
        assert any(re.fullmatch(stamp + re.escape(line), first) for line in lines), first


# Runs the CLI in a process that kills itself with SIGKILL as soon as it has renamed a
# folder to edition-<n>: the previous edition is kept whole, and the store not yet told that
# a new build is replacing it (keep_edition, then Store.begin_edition).
KILL_AFTER_KEEPING = textwrap.dedent("""
    import os, pathlib, runpy, signal, sys
    real = pathlib.Path.rename
    def rename(self, target):
        moved = real(self, target)
        if pathlib.Path(target).name.startswith("edition-"):
            os.kill(os.getpid(), signal.SIGKILL)
        return moved
    pathlib.Path.rename = rename
    sys.argv[0] = sys.argv[1]
    del sys.argv[1]
    sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))  # as KILL_AT_FSYNC
    runpy.run_path(sys.argv[0], run_name="__main__")
""")


def test_a_build_killed_after_keeping_the_previous_edition_keeps_it_once(tmp_path):
    """Killed between keeping the previous edition in edition-1/ and noting its own build
    in the store, a build left the folder's files as they were and the store unaware: the
    next build kept them again, as edition-2/, and the archive listed the same briefing
    twice as "Earlier edition 1" and "Earlier edition 2"."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    _article(news, "first", "Aid convoy reaches the city")
    assert _build(tmp_path).returncode == 0
    folder = tmp_path / "out" / DAY
    first = (folder / "briefing.md").read_text()
    _article(news, "second", "Talks resume in the capital")
    runner = tmp_path / "kill_after_keeping.py"
    runner.write_text(KILL_AFTER_KEEPING)
    assert _build(tmp_path, str(runner)).returncode == -signal.SIGKILL
    assert (folder / "edition-1" / "briefing.md").read_text() == first
    assert (folder / "briefing.md").read_text() == first  # nothing replaced yet

    again = _build(tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "briefing.html", "briefing.json", "briefing.md", "briefing.pdf", "edition-1"]
    assert (folder / "edition-1" / "briefing.md").read_text() == first
    assert _titles(folder / "briefing.json") == ["Talks resume in the capital"]
    assert (tmp_path / "out" / "index.html").read_text().count("Earlier edition") == 1


def test_ctrl_c_during_the_worker_pool_stops_the_build_in_one_line(tmp_path):
    """Ctrl-C in a terminal sends SIGINT to the whole foreground process group: the build
    and its workers. A worker died of KeyboardInterrupt with a traceback while another,
    blocked writing its result to a parent no longer reading, kept the build waiting for
    it: the build hung, for ever, instead of stopping."""
    source = tmp_path / "day.jsonl"
    _articles(source, 2_000)
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "cli.py"), "build", "--source", str(source),
         "--format", "md", "--jobs", "2"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True)  # a process group of its own, as a shell's job is
    workers: list[int] = []
    try:
        workers = _wait_for(lambda: _children(proc.pid), timeout=60)
        assert workers, "the build never started its worker pool"
        time.sleep(1)  # the workers are summarizing, their results flowing back
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 130, err
    # click puts the shell's prompt on a line of its own after the terminal's "^C"
    assert err.strip().splitlines() == ["aborted"], err
    assert out == ""
    assert _wait_for(lambda: not any(_stat(w) for w in workers), timeout=10), \
        "a worker outlived the interrupted build"
    assert not (tmp_path / "out" / date.today().isoformat()).exists()


# Summarizes `source` in a pool under the scheduler's signal handlers, as a scheduled build
# does, while a thread does SIGNAL_WORKERS (with `os`, `signal` and `multiprocessing`) once
# the workers run; prints what the scheduler logs, then how the summarizing ended.
UNDER_THE_SCHEDULER = textwrap.dedent("""
    import json, multiprocessing, os, signal, sys, threading, time
    sys.path.insert(0, sys.argv[1])
    from briefing.config import load_config
    from briefing.deliver.schedule import stop_on_signals
    from briefing.model import Article
    from briefing.pipeline.parallel import summarize_articles

    rows = [json.loads(line) for line in open(sys.argv[2])]
    articles = [Article(id=r["id"], title=r["title"], text=r["text"]) for r in rows]

    def signal_workers():
        while not multiprocessing.active_children():
            time.sleep(0.01)
        time.sleep(0.5)
        SIGNAL_WORKERS

    with stop_on_signals(threading.Event(), lambda line: print(line, flush=True)):
        threading.Thread(target=signal_workers, daemon=True).start()
        try:
            print("summarized", len(summarize_articles(articles, load_config(None), jobs=2)))
        except Exception as e:
            print("failed:", type(e).__name__)
""")


def _under_the_scheduler(tmp_path: Path, signal_workers: str) -> subprocess.CompletedProcess:
    source = tmp_path / "day.jsonl"
    _articles(source, 2_000)
    script = UNDER_THE_SCHEDULER.replace("SIGNAL_WORKERS", signal_workers)
    return subprocess.run([sys.executable, "-c", script, str(REPO), str(source)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, start_new_session=True)


def test_ctrl_c_during_a_scheduled_build_is_the_schedulers_alone(tmp_path):
    """Ctrl-C reaches the scheduler's workers too. Forked, they had its handler: each
    logged "stopping after the current job" (one line per worker), and a second Ctrl-C
    made each raise KeyboardInterrupt in the middle of its summaries."""
    proc = _under_the_scheduler(tmp_path, "os.killpg(0, signal.SIGINT)")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["SIGINT: stopping after the current job",
                                        "summarized 2000"], proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_hang_up_during_a_scheduled_build_is_the_schedulers_alone(tmp_path):
    """A closed terminal sends SIGHUP to the whole group, which the scheduler takes as a
    stop after the job. Forked, its workers had that handler too: each logged "stopping
    after the current job" once more."""
    proc = _under_the_scheduler(tmp_path, "os.killpg(0, signal.SIGHUP)")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["SIGHUP: stopping after the current job",
                                        "summarized 2000"], proc.stdout
    assert "Traceback" not in proc.stderr


def test_a_worker_killed_during_a_scheduled_build_fails_the_job_not_the_scheduler(tmp_path):
    """The OOM killer takes a worker: the pool ends the others with SIGTERM, which under the
    scheduler's inherited handler only asked them to stop after the job. They lived on and
    the scheduler waited on them for ever, tomorrow's briefing with it."""
    proc = _under_the_scheduler(
        tmp_path, "os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)")
    assert proc.stdout.splitlines() == ["failed: BrokenProcessPool"], proc.stdout
