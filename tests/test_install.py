"""The wheel, as a stranger gets it: built from the checkout, installed into a fresh
virtualenv, every command run from an empty folder (`pip install .` once left out
briefing.deliver, so `send` and `schedule` ended in ModuleNotFoundError).

Slow (15 s on an idle machine, a minute or more on a busy one: a wheel build and a dozen
processes, two of them full builds with a PDF), marked `slow` so the reason is visible; it
runs in `make test` like every other test.
Offline: the wheel is installed with `--no-index --no-deps`, and the fresh environment
sees the development environment's dependencies through a .pth file, not PyPI.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FOUNDING, REPO

pytestmark = pytest.mark.slow

# what setup.py and MANIFEST.in read: the checkout's files a wheel is built from
BUILD_INPUTS = ("pyproject.toml", "setup.py", "README.md",
                "briefing", "templates", "seeds")
# checkout folder -> where its files sit in the wheel
INSTALLED_AS = {"briefing": "briefing", "templates": "briefing/templates",
                "seeds": "briefing/seeds"}
TIMEOUT = 900  # seconds a command may take on a busy two-core machine


@dataclass(frozen=True)
class Installed:
    venv: Path
    wheel: Path
    build_output: str

    @property
    def briefing(self) -> Path:
        return self.venv / "bin" / "briefing"


def _clean_env() -> dict[str, str]:
    """The caller's environment without what would let the checkout leak into the run."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONHOME")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    root = tmp_path_factory.mktemp("install")
    src = root / "src"
    src.mkdir()
    for name in BUILD_INPUTS:  # __pycache__ folders and all, as a developer's checkout has
        target = src / name
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target)
        elif (REPO / name).is_file():
            shutil.copy2(REPO / name, target)
    dist = root / "dist"
    build = subprocess.run(
        [sys.executable, "-c",
         f"from setuptools import build_meta; print(build_meta.build_wheel({str(dist)!r}))"],
        cwd=src, env=_clean_env(), capture_output=True, text=True, timeout=TIMEOUT)
    output = build.stdout + build.stderr
    assert build.returncode == 0, output
    (wheel,) = dist.glob("briefing-*.whl")

    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True,
                   timeout=TIMEOUT)
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
         "--no-deps", "--no-index", "--no-cache-dir", "--disable-pip-version-check",
         str(wheel)],
        env=_clean_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    # Only now the dependencies: through a .pth naming this environment's site-packages
    # (a path line in a .pth is added to sys.path after the venv's own site-packages; the
    # editable install's hook there is not run, so `import briefing` finds the wheel's).
    (purelib,) = (venv / "lib").glob("python3*/site-packages")
    (purelib / "dev-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    return Installed(venv, wheel, output)


def run(installed: Installed, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    return subprocess.run([str(installed.briefing), *args], cwd=cwd, env=_clean_env(),
                          capture_output=True, text=True, timeout=TIMEOUT)


def test_the_build_is_warning_free(installed):
    warnings = [line for line in installed.build_output.splitlines() if "warn" in line.lower()]
    assert not warnings, "\n".join(warnings)


def test_the_wheel_holds_every_file_of_every_package_and_no_bytecode(installed):
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    expected = {
        f"{INSTALLED_AS[top]}/{path.relative_to(REPO / top).as_posix()}"
        for top in INSTALLED_AS
        for path in (REPO / top).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert "briefing/deliver/send.py" in expected  # the subpackage the hand list left out
    assert not expected - names, sorted(expected - names)
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]


def test_the_installed_package_is_the_wheels(installed, tmp_path):
    probe = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c",
         "import briefing, briefing.deliver.send; print(briefing.__file__)"],
        cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()).is_relative_to(installed.venv)


def test_every_command_runs_from_an_empty_folder(installed, tmp_path):
    inputs = tmp_path / "inputs"  # what the commands are given to read, outside the folders
    inputs.mkdir()
    rows = inputs / "rows.jsonl"
    strike = ("US forces struck ISIS camps in central Syria on Sunday, killing dozens of "
              "militants in airstrikes.")
    talks = ("Foreign ministers met in Aqaba to discuss Syria's transition and signed a "
             "joint statement.")
    rows.write_text("".join(
        json.dumps({"id": i, "title": title, "text": text}) + "\n"
        for i, title, text in (("a", "Strikes on ISIS camps", strike),
                               ("b", "Talks in Aqaba", talks))))

    version = run(installed, tmp_path / "version", "--version")
    assert version.returncode == 0 and "0.1.0" in version.stdout, version.stderr

    # build: no seeds/ here, nothing configured: the samples shipped in the wheel
    here = tmp_path / "build"
    r = run(installed, here, "build", "--date", "2024-12-08")
    assert r.returncode == 0, r.stderr
    assert "error" not in r.stderr.lower() and "Traceback" not in r.stderr, r.stderr
    for kind in ("md", "html", "pdf", "json"):
        assert f"wrote {here / 'out' / '2024-12-08' / f'briefing.{kind}'}" in r.stdout
    data = json.loads((here / "out" / "2024-12-08" / "briefing.json").read_text())
    assert "000_0e06bca53e2e7670" in {a["id"] for a in data["articles"]}

    r = run(installed, tmp_path / "send", "send", "--dry-run", "--to", "me@example.com")
    assert r.returncode == 0, r.stderr
    assert "would send to me@example.com" in r.stdout and "Traceback" not in r.stderr

    scheduled = tmp_path / "schedule"  # nothing but the recipient that schedule needs
    scheduled.mkdir()
    (scheduled / "briefing.toml").write_text('[email]\nto = ["desk@example.org"]\n')
    r = run(installed, scheduled, "schedule", "--once")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 sent, 0 skipped, 0 failed, 0 refused" in r.stdout, r.stdout
    assert len(list((scheduled / "out" / "outbox").glob("*_desk@example.org_*.eml"))) == 1

    r = run(installed, tmp_path / "read", "read", str(FOUNDING))
    assert r.returncode == 0, r.stderr
    (article,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert article["id"] == "000_0e06bca53e2e7670" and "CENTCOM" in article["text"]

    r = run(installed, tmp_path / "summarize", "summarize", str(FOUNDING))
    assert r.returncode == 0, r.stderr
    (summary,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert summary["key_points"] and "military" in summary["themes"]

    r = run(installed, tmp_path / "classify", "classify", "--input", str(rows))
    assert r.returncode == 0, r.stderr
    themes = {row["id"]: row["themes"] for row in map(json.loads, r.stdout.splitlines())}
    assert "military" in themes["a"] and "diplomacy" in themes["b"]

    r = run(installed, tmp_path / "stories", "stories", "--input", str(rows))
    assert r.returncode == 0, r.stderr
    assert [row["id"] for row in map(json.loads, r.stdout.splitlines())] == ["a", "b"]

    r = run(installed, tmp_path / "themes", "themes", "explain",
            "Airstrikes hit militant positions overnight.")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("themes: ") and "military" in r.stdout.splitlines()[0]
