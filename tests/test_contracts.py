"""The command-line contracts other tools rely on (DESIGN.md, "Interfaces that other tools
rely on"): JSON Lines in and out, one output row per input row under the input's own id,
and exit codes a cron job or a pipeline can read."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO


def _rows(path, n: int) -> None:
    path.write_text("".join(
        json.dumps({"id": f"r{i}", "text": f"Warplanes bombed rebel positions near town {i}."})
        + "\n" for i in range(n)))


def test_a_reader_that_stops_early_is_not_a_failure(tmp_path):
    # `briefing classify --input big.jsonl | head -1` under `set -o pipefail`: the reader
    # took what it wanted; exit 1 would read as "the run failed", like nothing readable
    rows = tmp_path / "big.jsonl"
    _rows(rows, 3000)  # far more output than a pipe holds, so the writer meets the closed end
    proc = subprocess.Popen([sys.executable, str(REPO / "cli.py"), "classify", "--input",
                             str(rows)], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    assert json.loads(first)["id"] == "r0"
    assert err == b""  # no traceback, no "Exception ignored" from the last flush
    assert proc.returncode == 0
