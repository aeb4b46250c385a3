"""What a command imports before it does anything (issue 18: the start-up of `classify` and
`build` must not grow). A script calling `briefing classify` in a loop pays every import on
every call, so a command imports only what it uses: no renderer (Jinja, WeasyPrint) for a
command that renders nothing, nothing heavy at all for `--help`.

Each case runs the commands in a fresh Python and reads `sys.modules` afterwards: which
modules were imported does not depend on the machine's speed, so these tests cannot flake
the way a timed one would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import FOUNDING, REPO

# Runs each argv (a JSON list of lists) through the CLI in this one process, then prints the
# modules of argv[2] (a JSON list) that are loaded, as the last line of stderr.
SCRIPT = """
import json, sys
from briefing.cli import main
for args in json.loads(sys.argv[1]):
    assert main(args) == 0, args
print(json.dumps([m for m in json.loads(sys.argv[2]) if m in sys.modules]), file=sys.stderr)
"""

RENDERING = ["jinja2", "weasyprint", "briefing.render"]
FETCHING = ["briefing.sources.fetch", "httpx", "trafilatura"]  # what reads feeds and pages
HEAVY = [*RENDERING, "numpy", "lxml", "markdown", "trafilatura", "httpx", "sumy", "nupunkt",
         "rich", "briefing.pipeline", "briefing.themes"]


def _loaded(commands: list[list[str]], modules: list[str], cwd: Path) -> list[str]:
    """Which of `modules` running `commands` one after another in a fresh Python imported."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's briefing, from any cwd
    done = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(commands),
                           json.dumps(modules)], cwd=cwd, env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stderr.splitlines()[-1])


def _help_commands() -> list[list[str]]:
    import click

    from briefing.cli import cli

    def walk(group: click.Group, path: list[str]) -> list[list[str]]:
        out = [[*path, "--help"]]
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                out += walk(command, [*path, name])
            else:
                out.append([*path, name, "--help"])
        return out

    return walk(cli, [])


def test_help_of_every_command_imports_nothing_heavy(tmp_path):
    commands = _help_commands()
    assert ["classify", "--help"] in commands and ["themes", "explain", "--help"] in commands
    assert _loaded([*commands, ["--version"]], HEAVY, tmp_path) == []


def test_classify_and_themes_explain_import_no_renderer_nor_fetcher(tmp_path):
    """They loaded Jinja and briefing.render with the rest of briefing.pipeline (about 0.1 s
    of each call) to reach the theme loader, and rendered nothing; and the code that fetches
    feeds and pages with `briefing.sources`, to read `--input`."""
    texts = tmp_path / "texts.jsonl"
    texts.write_text('{"id": 1, "text": "A strong earthquake struck the coast of Chile."}\n',
                     encoding="utf-8")
    commands = [["classify", "--input", str(texts)],
                ["themes", "explain", "Warplanes struck rebel positions near Aleppo."]]
    assert _loaded(commands, [*RENDERING, *FETCHING, "lxml"], tmp_path) == []


def test_summarize_of_json_lines_imports_no_renderer_nor_fetcher(tmp_path):
    rows = tmp_path / "articles.jsonl"
    rows.write_text(json.dumps({"id": 1, "text": FOUNDING.read_text(encoding="utf-8")}) + "\n",
                    encoding="utf-8")
    assert _loaded([["summarize", "--input", str(rows)]], [*RENDERING, *FETCHING], tmp_path) == []


def test_stories_of_json_lines_fetches_nothing(tmp_path):
    """Rows of JSON Lines are read as articles without the code that fetches feeds and
    pages (its sockets and HTTP date parsing): `briefing.sources` imported it with itself."""
    rows = tmp_path / "items.jsonl"
    rows.write_text(json.dumps({"id": "a", "title": "Quake hits Chile", "text": "A quake."})
                    + "\n", encoding="utf-8")
    assert _loaded([["stories", "--input", str(rows)]], [*RENDERING, *FETCHING], tmp_path) == []


def test_a_build_without_pdf_does_not_import_weasyprint(tmp_path):
    """WeasyPrint alone is half a second of a build: a build of Markdown and JSON skips it."""
    commands = [["build", "--source", str(FOUNDING), "--date", "2024-12-08",
                 "--format", "md,json"]]
    assert _loaded(commands, ["weasyprint"], tmp_path) == []
