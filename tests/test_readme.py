"""The README's map of the code ("How it is built") against the modules that are there: a
newcomer finds a module by its row, so a module added without one is lost to them."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO


def _map() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return text.split("\n## How it is built\n", 1)[1].split("\n## ", 1)[0]


def test_the_module_map_names_every_module_of_briefing():
    """`briefing why` came with briefing/why.py, which the map did not name."""
    section = _map()
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    missing = []
    for path in sorted((REPO / "briefing").rglob("*.py")):
        parts = path.relative_to(REPO).parts
        if path.name == "__init__.py" and len(parts) == 2:
            continue  # the package itself
        if len(parts) == 2:  # a module of its own: briefing/why.py
            if f"`{'/'.join(parts)}`" not in section:
                missing.append("/".join(parts))
            continue
        package = f"| `{'/'.join(parts[:2])}/`"
        row = next((r for r in rows if r.startswith(package)), "")
        if not row or (path.name != "__init__.py" and f"`{path.name}`" not in row):
            missing.append("/".join(parts))
    assert missing == []


def _block(language: str) -> str:
    """The README's one fenced block of `language` under **Schedule**."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("**Schedule.**", 1)[1].split("\n## ", 1)[0]
    return section.split(f"```{language}\n", 1)[1].split("```", 1)[0]


def test_the_readmes_cron_line_runs_on_a_fresh_install(tmp_path):
    """The cron line appended its log to out/schedule.log before anything had made out/:
    on a fresh install the shell could not open the file and never ran the command, every
    morning. Run as the README gives it, in a folder laid out as its /opt/briefing (the
    checkout's cli.py and .venv), with an environment file as the Email section says."""
    import subprocess

    (line,) = [x for x in _block("cron").splitlines() if x and not x.startswith("CRON_TZ=")]
    command = line.split(None, 5)[5]  # after minute, hour, day, month, weekday
    home = tmp_path / "opt-briefing"
    home.mkdir()
    (home / "cli.py").symlink_to(REPO / "cli.py")
    (home / ".venv").symlink_to(REPO / ".venv")
    (home / "briefing.toml").write_text('[email]\nto = ["desk@example.org"]\n')
    env_file = tmp_path / "smtp.env"
    env_file.write_text("BRIEFING_SMTP_PASSWORD='not $used here'\n")
    env_file.chmod(0o600)
    command = command.replace("/opt/briefing", str(home)).replace(
        "/etc/briefing/smtp.env", str(env_file))
    r = subprocess.run(["/bin/sh", "-c", command], capture_output=True, text=True,
                       timeout=600, env={"PATH": "/usr/bin:/bin", "SHELL": "/bin/sh"})
    assert r.returncode == 0 and r.stdout == "" and r.stderr == "", r.stderr
    log = (home / "out" / "schedule.log").read_text()
    assert "1 sent, 0 skipped, 0 failed, 0 refused" in log, log


def test_the_readmes_backfill_loop_gives_each_past_day_its_own_news(tmp_path):
    """A team that starts with the last weeks' articles asked how to fill the archive: the
    README said nothing, and the first `build` (no earlier briefing) put every past day's
    news into one briefing. The README's loop, run as written on three days of real
    articles (its 30 days cut to 3), builds each date with its own day's reports, and the
    days after the first open with "Since yesterday"."""
    import json
    import subprocess
    import sys

    from conftest import needs_shared

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("**Filling in past days.**", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    assert "range(30)" in block and "date(2026, 2, 3)" in block
    rows = [json.loads(line) for line in
            needs_shared("summ-dev.jsonl").read_text(encoding="utf-8").splitlines()[:12]]
    days = ["2026-02-03", "2026-02-04", "2026-02-05"]
    day_of = {}
    with (tmp_path / "articles.jsonl").open("w", encoding="utf-8") as f:
        for n, row in enumerate(rows):
            day_of[row["id"]] = days[n % 3]
            f.write(json.dumps({"id": row["id"], "title": row.get("title") or "",
                                "text": row["text"], "published": f"{days[n % 3]}T09:00:00Z"})
                    + "\n")
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["articles.jsonl"]\n[output]\nformats = ["json"]\n')
    (tmp_path / "cli.py").symlink_to(REPO / "cli.py")
    r = subprocess.run(["/bin/sh", "-c", block.replace("range(30)", "range(3)")],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300,
                       env={"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    for n, day in enumerate(days):
        built = json.loads((tmp_path / "out" / day / "briefing.json").read_text())
        assert built["articles"] and {day_of[a["id"]] for a in built["articles"]} == {day}
        assert (built["since"] or {}).get("previous") == (days[n - 1] if n else None)
