"""The command-line contracts other tools rely on (DESIGN.md, "Interfaces that other tools
rely on"): JSON Lines in and out, one output row per input row under the input's own id,
and exit codes a cron job or a pipeline can read."""

from __future__ import annotations

import json
import os
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


STRIKE = ("US forces struck ISIS camps in central Syria on Sunday, killing dozens of militants "
          "in airstrikes.")
TALKS = ("Foreign ministers met in Aqaba to discuss Syria's transition and signed a joint "
         "statement.")


def _jsonl(path, *rows: dict) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def test_every_jsonl_command_gives_back_the_input_id_as_it_was_given(run_cli, tmp_path):
    # a tool joins the output to its rows by id (the shared scorers do, with ==): the
    # integer 7 must come back as 7, as classify gives it, not as "7"
    src = tmp_path / "in.jsonl"
    _jsonl(src, {"id": 7, "title": "Strikes", "text": STRIKE},
           {"id": "b", "title": "Talks", "text": TALKS})
    for command in ("classify", "summarize", "stories"):
        r = run_cli(command, "--input", src)
        assert r.code == 0, r.err
        assert [json.loads(line)["id"] for line in r.out.splitlines()] == [7, "b"], command


def test_two_events_that_share_an_id_are_two_stories(run_cli, tmp_path):
    # rows merged from two feeds that each number their items: the story value is the
    # story's earliest row's id, so both stories were "1" and read as one
    src = tmp_path / "in.jsonl"
    _jsonl(src, {"id": "1", "title": "US strikes ISIS camps in Syria", "text": STRIKE},
           {"id": "1", "title": "Ministers meet in Aqaba on Syria", "text": TALKS},
           {"id": "2", "title": "US strikes ISIS camps in Syria", "text": STRIKE})
    r = run_cli("stories", "--input", src)
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert [row["id"] for row in rows] == ["1", "1", "2"]
    strike, talks, strike_again = (row["story"] for row in rows)
    assert strike == strike_again and talks != strike


def test_summarize_points_0_adapts_to_the_length_as_the_help_says(run_cli, workdir):
    # the help gives "0 = adapts to its length"; --points 0 was refused as out of range,
    # so a user with summary.points = 1 in briefing.toml could not ask for the adaptive count
    (workdir / "briefing.toml").write_text("[summary]\npoints = 1\n")
    article = "seeds/2024-12-08-dod-readout-austin-guler-syria.md"
    adaptive = run_cli("summarize", article, "--points", "0")
    assert adaptive.code == 0, adaptive.err
    (workdir / "briefing.toml").write_text("[summary]\npoints = 0\n")
    assert adaptive.out == run_cli("summarize", article).out
    assert len(json.loads(adaptive.out)["key_points"]) > 1


def test_json_lines_are_utf_8_whatever_the_terminal_encoding(tmp_path):
    # JSON is UTF-8 (RFC 8259): on a Latin-1 locale or console, an em dash in a key point
    # was a traceback (UnicodeEncodeError), and an "é" came out as Latin-1 bytes
    src = tmp_path / "in.jsonl"
    text = "A café bombing in Paris killed two people on Sunday — police said the attacker fled."
    _jsonl(src, {"id": "é", "text": text})
    for command in ("summarize", "classify"):
        r = subprocess.run([sys.executable, str(REPO / "cli.py"), command, "--input", str(src)],
                           cwd=tmp_path, capture_output=True, timeout=300,
                           env={**os.environ, "PYTHONIOENCODING": "latin-1"})
        assert r.returncode == 0 and r.stderr == b"", r.stderr.decode(errors="replace")
        (row,) = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
        assert row["id"] == "é", command
        if command == "summarize":
            assert row["key_points"] == [text]


def test_a_line_the_terminal_cannot_show_is_escaped_not_a_traceback(tmp_path):
    # the lines for a reader (desks list, story, themes explain) on a Latin-1 console:
    # a dash in a desk's title ended the command in a UnicodeEncodeError
    (tmp_path / "briefing.toml").write_text(
        '[[desks]]\nid = "defence"\ntitle = "Defence — Syria"\nthemes = ["military"]\n',
        encoding="utf-8")
    r = subprocess.run([sys.executable, str(REPO / "cli.py"), "desks", "list"], cwd=tmp_path,
                       capture_output=True, timeout=300,
                       env={**os.environ, "PYTHONIOENCODING": "latin-1"})
    assert r.returncode == 0 and r.stderr == b"", r.stderr.decode(errors="replace")
    assert r.stdout.decode("latin-1").splitlines()[0] == "defence: Defence \\u2014 Syria"


def _without_preload() -> dict[str, str]:
    """The environment without LD_PRELOAD: a preloaded library (libfaketime, when the suite
    runs with the clock moved) opens a file as the process starts, and takes the closed
    descriptor these tests mean to leave closed."""
    return {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}


def test_input_from_a_closed_stdin_is_one_line_not_a_traceback(tmp_path):
    # `briefing classify --input - <&-` (a service started with no stdin at all)
    r = subprocess.run([sys.executable, str(REPO / "cli.py"), "classify", "--input", "-"],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300,
                       stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0),
                       env=_without_preload())
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == "error: <stdin>: not open (pipe the JSON Lines in, or give --input FILE)\n"


def test_json_lines_into_a_closed_stdout_are_a_failure_not_a_silent_success(tmp_path):
    # `briefing classify ... >&-`: every row was dropped without a word, and exit 0 told
    # the caller they had been written
    src = tmp_path / "in.jsonl"
    _jsonl(src, {"id": "a", "text": STRIKE})
    r = subprocess.run([sys.executable, str(REPO / "cli.py"), "classify", "--input", str(src)],
                       cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, timeout=300, preexec_fn=lambda: os.close(1),
                       env=_without_preload())
    assert r.returncode == 1
    assert r.stderr == "error: <stdout>: cannot write (not open)\n"


def test_no_command_shows_the_help_as_lines_not_one_escaped_line(run_cli):
    # `briefing` alone (and `briefing themes`): click raises the help as a usage error,
    # which the one-line error handler printed as "error: Usage: … \n\nOptions:\n …"
    for args in ((), ("themes",)):
        r = run_cli(*args)
        assert r.code == 2 and r.out == ""
        assert r.err.startswith("Usage: briefing"), r.err
        assert "\\n" not in r.err and "\nCommands:\n" in r.err


def test_json_lines_reach_a_text_only_stdout(tmp_path):
    # a program calling main() under contextlib.redirect_stdout(io.StringIO()): there is
    # no binary stream to write UTF-8 bytes to, so the rows go as text
    import contextlib
    import io

    from briefing.cli import main

    src = tmp_path / "in.jsonl"
    _jsonl(src, {"id": "é", "text": STRIKE})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["classify", "--input", str(src)]) == 0
    assert json.loads(out.getvalue())["id"] == "é"


def _stdin(monkeypatch, *rows: dict) -> None:
    import io

    data = "".join(json.dumps(row) + "\n" for row in rows).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_a_bad_row_piped_in_is_named_as_stdin_as_a_bad_line_is(run_cli, monkeypatch):
    # `--input -`: an unparsable line was "<stdin>: line 2", a row lacking its text "-:
    # line 2", a name no reader knows as the standard input
    for command in ("classify", "summarize", "stories"):
        _stdin(monkeypatch, {"id": "a", "text": STRIKE}, {"id": "b", "text": 7})
        r = run_cli(command, "--input", "-")
        assert r.code == 2 and r.out == "", command
        assert r.err.startswith("error: <stdin>: line 2: "), (command, r.err)


def test_stories_refuses_a_row_without_an_id_as_classify_and_summarize_do(run_cli, tmp_path):
    # it printed an id of its own making, "line-1", which another row may well have: the
    # caller joins the output to its rows by id, and two rows came back as one
    src = tmp_path / "in.jsonl"
    _jsonl(src, {"title": "Strikes", "text": STRIKE}, {"id": "line-1", "text": TALKS})
    for command in ("classify", "summarize", "stories"):
        r = run_cli(command, "--input", src)
        assert (r.code, r.out) == (2, ""), (command, r.out)
        assert r.err.startswith(f'error: {src}: line 1: needs "id"'), (command, r.err)


def test_cli_py_run_by_a_python_without_the_dependencies_says_so_in_one_line(tmp_path):
    # `python cli.py build` as the README's "Using it" shows it, by a Python that is not
    # the virtualenv's (-S: no site-packages): a ModuleNotFoundError traceback
    r = subprocess.run([sys.executable, "-S", str(REPO / "cli.py"), "build"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300, env=_without_preload())
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.startswith(f"error: {sys.executable} has no module 'click'"), r.stderr
    assert r.stderr.count("\n") == 1 and ".venv/bin/python cli.py" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_missing_input_file_is_the_same_exit_code_however_it_is_given(run_cli, tmp_path):
    # a cron job told "the run failed" (1) for `summarize gone.txt` and "the command was
    # wrong" (2) for `summarize --input gone.jsonl`: the same missing file, two answers
    gone = tmp_path / "gone.jsonl"
    assert run_cli("summarize", gone).code == 1
    for command in ("classify", "summarize", "stories", "themes learn"):
        r = run_cli(*command.split(), "--input", gone)
        assert (r.code, r.out) == (1, ""), (command, r.err)
        assert r.err == f"error: {gone}: cannot read (No such file or directory)\n", command


def _on_a_terminal(tmp_path, *args: str, **env: str) -> tuple[int, bytes, bytes]:
    """Run `briefing ARGS` with stderr on a terminal (a pty) and stdout into a file, as
    `briefing build > build.log` typed at a terminal does: (exit code, stdout, stderr)."""
    import pty

    master, slave = pty.openpty()
    with (tmp_path / "stdout").open("wb") as out:
        proc = subprocess.run([sys.executable, str(REPO / "cli.py"), *args], cwd=tmp_path,
                              stdout=out, stderr=slave, timeout=300,
                              env={**_without_preload(), **env})
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return proc.returncode, (tmp_path / "stdout").read_bytes(), err


def test_the_progress_bar_is_drawn_on_the_terminal_never_into_stdout(tmp_path):
    # `briefing build > build.log` at a terminal: the bar was shown because stderr is a
    # terminal, but drawn on stdout, so the log began with a blank line, or with the
    # bar's escape codes where a terminal is assumed (FORCE_COLOR, set by many CI setups)
    src = tmp_path / "day.jsonl"
    _jsonl(src, *({"id": f"r{i}", "title": f"Strikes {i}", "text": f"{STRIKE} {TALKS} " * 8}
                  for i in range(300)))
    for env in ({"TERM": "xterm"}, {"TERM": "xterm", "FORCE_COLOR": "1"}):
        code, out, err = _on_a_terminal(tmp_path, "build", "--source", str(src), "--date",
                                        "2024-12-08", "--format", "md", "--jobs", "1", **env)
        assert code == 0, err
        first, *rest = out.decode().splitlines()
        assert first.startswith("300 articles, "), out
        assert rest == [f"wrote {tmp_path / 'out' / '2024-12-08' / 'briefing.md'}"], out
        assert b"summarize" in err, (env, err)  # the bar, where it belongs


def test_a_dumb_terminal_gets_no_progress_bar(tmp_path):
    # TERM=dumb (Emacs' shell, some CI runners' pty) cannot redraw a line: rich drew no
    # bar there but left a blank line on it after every build
    src = tmp_path / "day.jsonl"
    _jsonl(src, *({"id": f"r{i}", "title": f"Strikes {i}", "text": f"{STRIKE} {TALKS} " * 8}
                  for i in range(300)))
    code, out, err = _on_a_terminal(tmp_path, "build", "--source", str(src), "--date",
                                    "2024-12-08", "--format", "md", "--jobs", "1", TERM="dumb")
    assert code == 0 and out.startswith(b"300 articles, "), err
    assert err == b""
