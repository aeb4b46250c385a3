"""What analysts on another operating system than Linux meet: Windows refused in one line,
macOS's worker processes started the way macOS supports."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

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
