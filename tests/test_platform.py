"""What analysts on another operating system than Linux meet: Windows refused in one line,
macOS's worker processes started the way macOS supports, and `make` with macOS's own
python3 (3.9) or where pip must compile pycld2."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import REPO

# `python cli.py ARGS` as native Windows runs it, as near as Linux can: the POSIX-only
# modules are not there, and sys.platform says "win32" (set after click is imported, which
# would otherwise reach for Windows' console modules).
AS_ON_WINDOWS = textwrap.dedent("""
    import runpy, sys
    import click
    sys.modules["fcntl"] = sys.modules["resource"] = None
    sys.platform = "win32"
    sys.path.insert(0, sys.argv[1])
    cli = sys.argv[2]
    sys.argv = [cli, *sys.argv[3:]]
    runpy.run_path(cli, run_name="__main__")
""")


def _as_on_windows(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", AS_ON_WINDOWS, str(REPO), str(REPO / "cli.py"),
                           *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)


def test_windows_is_refused_in_one_line_naming_wsl(tmp_path):
    """On Windows `python cli.py build` ended in a traceback (ModuleNotFoundError: No module
    named 'resource'), after pip had installed everything without a word. Its folder
    locks, scheduler lock and process signals are POSIX's and untested there: the user is
    told at once, in one line, to run it under WSL."""
    for args in (["build"], ["summarize", str(REPO / "seeds")], ["--help"]):
        proc = _as_on_windows(tmp_path, *args)
        assert proc.returncode == 1, (args, proc.stderr)
        assert proc.stdout == ""
        lines = proc.stderr.splitlines()
        assert len(lines) == 1, proc.stderr
        assert lines[0].startswith("error: ") and "Windows" in lines[0] and "WSL" in lines[0]
    assert list(tmp_path.iterdir()) == []  # nothing written, no store made


# `python cli.py ARGS` with sys.platform set to SYSTEM once the pool's modules are imported
# (multiprocessing reads it as it starts a worker): how a build starts its workers there.
# Prints how each worker process was started, from its command line.
AS_ON = textwrap.dedent("""
    import multiprocessing, runpy, sys, threading, time
    sys.path.insert(0, sys.argv[1])
    import briefing.pipeline.parallel
    sys.platform = sys.argv[2]
    cli = sys.argv[3]
    sys.argv = [cli, *sys.argv[4:]]

    def started() -> None:
        with open("/proc/self/cmdline", "rb") as f:
            mine = f.read()
        seen = set()
        while True:
            for child in multiprocessing.active_children():
                if child.pid not in seen:
                    seen.add(child.pid)
                    with open(f"/proc/{child.pid}/cmdline", "rb") as f:
                        forked = f.read() == mine  # a spawned one runs a python of its own
                    print("worker", "forked" if forked else "spawned", flush=True)
            time.sleep(0.01)

    threading.Thread(target=started, daemon=True).start()
    runpy.run_path(cli, run_name="__main__")
""")


def _day_of_articles(folder: Path, n: int) -> None:
    """n distinct articles of one day as Markdown files: the seeds, each also told from
    each of its sentences on (a pool starts at 64 articles)."""
    from datetime import UTC

    from conftest import SEEDS

    from briefing.sources import read_sources
    from briefing.text import sentences

    folder.mkdir()
    written = 0
    for a in read_sources([SEEDS], tz=UTC).articles:
        sents = sentences(a.text)
        for k in range(len(sents)):
            for order, told in (("", sents[k:] + sents[:k]), ("r", sents[k:][::-1] + sents[:k])):
                if written == n:
                    return
                title = json.dumps(f"{a.title} ({k}{order})")  # YAML reads JSON's strings
                (folder / f"{written:03d}.md").write_text(
                    f"---\ntitle: {title}\ndate: 2024-12-08\nsource: {a.source or 'Desk'}\n"
                    f"---\n\n{' '.join(told)}\n", encoding="utf-8")
                written += 1
    raise AssertionError(f"the seeds give fewer than {n} articles")


def _build_as_on(system: str, folder: Path, source: Path, jobs: int) -> tuple[list[str], str]:
    """The workers' start lines, and briefing.md less its 'generated' time."""
    import re

    folder.mkdir()
    proc = subprocess.run(
        [sys.executable, "-c", AS_ON, str(REPO), system, str(REPO / "cli.py"), "build",
         "--source", str(source), "--date", "2024-12-08", "--format", "md",
         "--jobs", str(jobs)],
        cwd=folder, capture_output=True, text=True, timeout=150)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    workers = [line for line in proc.stdout.splitlines() if line.startswith("worker ")]
    md = (folder / "out" / "2024-12-08" / "briefing.md").read_text(encoding="utf-8")
    return workers, re.sub(r" · generated [^\n]*", "", md)


def test_macos_builds_start_their_workers_by_spawn_with_the_same_briefing(tmp_path):
    """On macOS a build forked its workers. Forking a process that has loaded Apple's
    frameworks can crash the child (Python's own default there is spawn for that reason),
    and a long-running `schedule` has: WeasyPrint's Pango and Cairo after its first PDF,
    the system's proxy settings (CoreFoundation) after its first feed. Under spawn the
    workers inherit nothing, and the briefing is the one a single process writes."""
    source = tmp_path / "day"
    _day_of_articles(source, 70)
    workers, on_mac = _build_as_on("darwin", tmp_path / "mac", source, jobs=2)
    assert workers == ["worker spawned"] * 2
    workers, on_linux = _build_as_on("linux", tmp_path / "linux", source, jobs=2)
    assert workers == ["worker forked"] * 2  # no start-up cost per worker where fork is safe
    _, serial = _build_as_on("linux", tmp_path / "serial", source, jobs=1)
    assert on_mac == on_linux == serial
    assert "Top lines" in serial


def _older_python() -> str:
    """A real Python older than 3.11, as macOS's own python3 is (3.9), or skip."""
    import glob
    import shutil

    found = [shutil.which(f"python3.{minor}") for minor in (9, 10)]
    found += sorted(glob.glob(str(Path.home() / ".pyenv/versions/3.[89].*/bin/python3")))
    for python in filter(None, found):
        version = subprocess.run([python, "-c", "import sys; print(sys.version_info < (3, 11))"],
                                 capture_output=True, text=True)
        if version.stdout.strip() == "True":
            return python
    pytest.skip("no Python older than 3.11 on this machine")


def _make(target: str, venv: Path, python: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", target, f"VENV={venv}", f"PYTHON={python}"], cwd=REPO,
                          capture_output=True, text=True, timeout=150)


def test_make_with_a_python_older_than_3_11_says_which_to_name_and_makes_no_venv(tmp_path):
    """macOS's own python3 is 3.9: `make build` made .venv with it, then pip failed ("requires
    a different Python: 3.9.6 not in '>=3.11'"), and once a newer Python was installed every
    `make build` went on using that .venv, failing the same way for ever."""
    old = _older_python()
    venv = tmp_path / "venv"
    proc = _make("build", venv, old)
    assert proc.returncode != 0
    said = [line for line in proc.stdout.splitlines() + proc.stderr.splitlines()
            if not line.startswith("make")]
    assert len(said) == 1, said
    assert "3.11" in said[0] and "PYTHON=" in said[0] and "brew install" in said[0]
    assert not venv.exists()


def test_make_remakes_a_venv_of_a_python_older_than_3_11(tmp_path):
    old = _older_python()
    venv = tmp_path / "venv"
    subprocess.run([old, "-m", "venv", "--without-pip", str(venv)], check=True)
    proc = _make("venv", venv, sys.executable)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "making it again" in proc.stdout
    version = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "import sys; print(sys.version_info >= (3, 11))"],
                             capture_output=True, text=True)
    assert version.stdout.strip() == "True"


def test_make_build_where_pip_must_compile_pycld2_and_cannot_says_what_to_install(tmp_path):
    """pycld2 has no wheel for Python 3.14 or Intel macOS, so pip compiles it, and without
    a C++ compiler `make build` ended in pages of compiler output and make's "Error 1". The
    venv's python here is this Python, except that installing briefing fails as such a
    compile does; make's last word is the one line on what to install."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        case "$*" in
          "-m pip install -q --upgrade pip") exit 0 ;;
          "-m pip install -q -e .[dev]")
            echo "error: command 'g++' failed: No such file or directory" >&2
            echo "ERROR: Failed building wheel for pycld2" >&2
            exit 1 ;;
        esac
        exec {shlex.quote(sys.executable)} "$@"
    """))
    python.chmod(0o755)
    proc = _make("build", venv, sys.executable)
    assert proc.returncode != 0
    said = [line for line in proc.stdout.splitlines() if not line.startswith("make")]
    assert said and "pycld2" in said[-1] and "g++ python3-dev" in said[-1], proc.stdout
    assert "xcode-select --install" in said[-1]
    assert "Failed building wheel for pycld2" in proc.stderr  # pip's own words stay above
    assert not (venv / ".installed-stamp").exists()
