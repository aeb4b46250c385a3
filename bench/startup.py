"""Start-up of each command: the CPU one call costs before and around its work.

Usage: python bench/startup.py [--runs N] [--commands help,classify,...]

Issue 18 asks that the start-up of `classify` and `build` not grow; a script that calls
`briefing classify` once per text pays it on every call. Each command runs N times (default
5) in a fresh Python, from a scratch folder holding a copy of `seeds/`, and the median CPU
(user + sys of the child, which a busy machine changes less than the wall clock) and wall
time are printed, one row per command. What each command imports is pinned by
`tests/test_startup.py`; this measures what that costs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One small input each, as a script calling the command once would give it.
TEXT = {"id": "1", "text": "US aircraft struck ISIS camps in Syria overnight.",
        "title": "US strikes in Syria"}
COMMANDS: dict[str, list[str]] = {
    "help": ["--help"],
    "classify": ["classify", "--input", "one.jsonl"],
    "themes-explain": ["themes", "explain", TEXT["text"]],
    "summarize": ["summarize", "--input", "one.jsonl"],
    "build": ["build", "--date", "2024-12-08", "--format", "md"],
}


def _one_call(argv: list[str], cwd: Path) -> tuple[float, float]:
    """CPU (user + sys) and wall seconds of one call of the CLI in a fresh Python."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "cli.py"), *argv], cwd=cwd,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(argv)} failed: {done.stderr.strip()[-300:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="calls per command (default 5)")
    ap.add_argument("--commands", default=",".join(COMMANDS),
                    help=f"comma-separated, of {', '.join(COMMANDS)}")
    args = ap.parse_args()
    names = [n for n in args.commands.split(",") if n]
    if unknown := [n for n in names if n not in COMMANDS]:
        ap.error(f"unknown command(s) {', '.join(unknown)}; allowed: {', '.join(COMMANDS)}")

    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        shutil.copytree(ROOT / "seeds", cwd / "seeds")
        (cwd / "one.jsonl").write_text(json.dumps(TEXT) + "\n")
        print(f"{'command':<16}{'CPU s (median)':>16}{'wall s (median)':>17}   runs={args.runs}")
        for name in names:
            calls = []
            for _ in range(args.runs):
                if name == "build":  # each build a first one: no store, no earlier files
                    shutil.rmtree(cwd / "out", ignore_errors=True)
                calls.append(_one_call(COMMANDS[name], cwd))
            cpu = statistics.median(c for c, _ in calls)
            wall = statistics.median(w for _, w in calls)
            print(f"{name:<16}{cpu:>16.3f}{wall:>17.3f}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
