"""The command line, end to end on the shipped seeds, through the same entry point users run."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC
from pathlib import Path

import pytest
from conftest import needs_shared

CAPTION_TEXT = ["Getty", "SANA via AP", "In this photo", "A masked", "Photo by", "poses holding"]


def section(md: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", md, re.S | re.M)
    assert match, f"no section {title!r} in:\n{md}"
    return match.group(1)


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    """`briefing build --date 2024-12-08` on a copy of the seeds, run once for these tests."""
    import shutil

    from conftest import SEEDS

    from briefing.cli import main

    root = tmp_path_factory.mktemp("build")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "briefing.toml").write_text('[briefing]\ntimezone = "UTC"\n')
    code = main(["build", "--date", "2024-12-08", "--config", str(root / "briefing.toml")])
    assert code == 0
    return root / "out" / "2024-12-08"


def test_build_writes_four_files(seed_build):
    for kind in ("md", "html", "pdf", "json"):
        assert (seed_build / f"briefing.{kind}").stat().st_size > 500


def test_markdown_has_military_and_diplomacy_sections_with_the_founding_points(seed_build):
    md = (seed_build / "briefing.md").read_text()
    assert "CENTCOM" in section(md, "Military action")
    assert re.search(r"strike|struck", section(md, "Military action"))
    # the Secretary of State on Syria's transition is part of the strikes' story, so it
    # stays with that story (placed by story, not by point) and is shown once, with its
    # own theme named beside it
    blinken = [line for line in md.splitlines() if "Syrian people" in line]
    assert len(blinken) == 1
    assert re.search(r"Also: (Politics|Diplomacy)", blinken[0])
    assert "Austin" in section(md, "Diplomacy")
    for noise in CAPTION_TEXT:
        assert noise not in md


def test_pdf_text_has_the_same_points_and_no_captions(seed_build):
    pypdf = pytest.importorskip("pypdf")
    data = json.loads((seed_build / "briefing.json").read_text())
    reader = pypdf.PdfReader(seed_build / "briefing.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    points = [p["text"] for s in data["sections"] for st in s["stories"] for p in st["key_points"]]
    assert points
    for point in points:
        assert " ".join(point.split()) in text, point
    for noise in CAPTION_TEXT:
        assert noise not in text
    assert "Page 1 of" in text


def test_json_keeps_each_point_traceable(seed_build):
    data = json.loads((seed_build / "briefing.json").read_text())
    ids = {a["id"] for a in data["articles"]}
    assert "000_0e06bca53e2e7670" in ids
    for s in data["sections"]:
        for st in s["stories"]:
            for p in st["key_points"]:
                assert p["article_id"] in ids and isinstance(p["position"], int)


def test_build_source_briefs_given_files_whole(run_cli, workdir):
    r = run_cli("build", "--source", "seeds/2024-12-24-dod-readout-austin-guler-disis.md",
                "--date", "2030-01-01", "--format", "md")
    assert r.code == 0, r.err
    md = (workdir / "out" / "2030-01-01" / "briefing.md").read_text()
    assert "D-ISIS" in md
    assert not (workdir / "out" / "2030-01-01" / "briefing.pdf").exists()


def briefed_ids(folder) -> list[str]:
    return sorted(a["id"] for a in json.loads((folder / "briefing.json").read_text())["articles"])


def test_an_on_demand_build_keeps_the_configured_edition_and_is_kept_in_turn(run_cli, workdir):
    folder = workdir / "out" / "2024-12-08"
    build = ("build", "--date", "2024-12-08", "--format", "json,md")
    assert run_cli(*build).code == 0
    configured = briefed_ids(folder)
    adhoc = run_cli(*build, "--source", "seeds/2024-12-24-dod-readout-austin-guler-disis.md")
    assert adhoc.code == 0, adhoc.err
    assert "D-ISIS" in (folder / "briefing.md").read_text()
    assert briefed_ids(folder / "edition-1") == configured  # not overwritten: kept whole
    # the configured sources again (nothing new: the same articles as their last build)
    assert run_cli(*build).code == 0
    assert briefed_ids(folder) == configured
    assert "D-ISIS" in (folder / "edition-2" / "briefing.md").read_text()  # kept in turn


def test_second_briefing_covers_only_what_came_since_the_first(run_cli, workdir):
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    assert run_cli("build", "--date", "2024-12-16", "--format", "json").code == 0
    first = json.loads((workdir / "out/2024-12-08/briefing.json").read_text())
    second = json.loads((workdir / "out/2024-12-16/briefing.json").read_text())
    assert {a["id"][:10] for a in first["articles"]} == {"000_0e06bc", "2024-12-08"}
    assert {a["id"][:10] for a in second["articles"]} == {"2024-12-14", "2024-12-15", "2024-12-16"}


def test_summarize_contract(run_cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "title": "T", "text": (
        "CENTCOM forces struck more than 75 targets in Syria on Sunday. "
        "The strikes hit ISIS camps and leaders. Officials said no civilians were hurt. "
        "Blinken said the Syrian people finally have reason to hope.")}) + "\n")
    r = run_cli("summarize", "--input", src, "--points", "2")
    assert r.code == 0, r.err
    (row,) = [json.loads(line) for line in r.out.splitlines()]
    assert row["id"] == "a" and len(row["key_points"]) == 2 and isinstance(row["themes"], list)


def test_classify_contract(run_cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "Warplanes bombed rebel positions overnight."}\n'
                   '{"id": "b", "text": "The central bank raised interest rates."}\n')
    r = run_cli("classify", "--input", src)
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in r.out.splitlines()]
    assert [row["id"] for row in rows] == [1, "b"]
    assert "military" in rows[0]["themes"] and "economy" in rows[1]["themes"]


def test_read_contract(run_cli):
    from conftest import SEEDS

    r = run_cli("read", SEEDS / "2024-12-15-centcom-truman-csg-enters-aor.md")
    assert r.code == 0, r.err
    (row,) = [json.loads(line) for line in r.out.splitlines()]
    assert set(row) == {"id", "title", "text", "source", "url", "published", "path"}
    assert row["published"].startswith("2024-12-15") and row["path"].endswith(".md")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--source", "no/such/folder"], "no/such/folder: no such file or folder"),
        (["build", "--date", "2024-13-01"], "is not a date (use YYYY-MM-DD)"),
        (["build", "--format", "md,docx"], "allowed formats are md, html, pdf, json"),
        (["summarize"], "give article files or folders, or --input FILE.jsonl"),
        (["build", "--source", "http://[::1"], "http://[::1: not a valid URL (Invalid IPv6 URL)"),
        # an unset shell variable: Path("") is the current folder, out/ and all
        (["build", "--source", ""], "'': an empty source (give a file, folder or URL"),
        (["read", ""], "'': an empty source (give a file, folder or URL"),
        (["read", "seeds", " "], "' ': an empty source (give a file, folder or URL"),
    ],
)
def test_bad_input_is_one_line_and_a_nonzero_exit(run_cli, workdir, args, message):
    r = run_cli(*args)
    assert r.code != 0
    assert message in r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) <= 2


@pytest.mark.parametrize(("args", "message"), [
    (["build", "--format", ""], "error: --format '': allowed formats are md, html, pdf, json"),
    (["build", "--jobs", "1000"], "'--jobs': 1000 is not in the range 0<=x<=256"),
    (["summarize", "seeds", "--points", "101"], "'--points': 101 is not in the range 0<=x<=100"),
])
def test_an_option_is_held_to_what_its_config_key_allows(run_cli, workdir, args, message):
    """`--format ""` built all four formats (`--format ,` was refused), and --jobs and
    --points took any number, where summary.jobs and summary.points stop at 256 and 100."""
    r = run_cli(*args)
    assert r.code == 2, r.err
    assert message in r.err and len(r.err.strip().splitlines()) == 1, r.err
    assert not (workdir / "out").exists() and not r.out


def test_malformed_json_line_names_its_line(run_cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": \n')
    r = run_cli("classify", "--input", src)
    assert r.code == 2 and "in.jsonl: line 2: invalid JSON" in r.err
    assert "Traceback" not in r.err


def test_unknown_config_key_is_refused(run_cli, workdir):
    (workdir / "briefing.toml").write_text("[output]\nformat = 'md'\n")
    r = run_cli("build")
    assert r.code == 2
    assert "briefing.toml: unknown key output.format (did you mean formats? " in r.err
    (workdir / "briefing.toml").write_text("timezon = 'Europe/Berlin'\n")
    r = run_cli("build")
    assert r.code == 2 and len(r.err.splitlines()) == 1
    assert r.err.startswith(f"error: {workdir / 'briefing.toml'}: unknown key timezon at the "
                            "top of the file (did you mean briefing.timezone or "
                            "schedule.timezone? ")
    (workdir / "briefing.toml").write_text("[output]\ntemplates = 'nope'\n")
    r = run_cli("build")
    assert r.code == 2 and not (workdir / "out").exists()
    assert r.err == (f"error: {workdir / 'briefing.toml'}: output.templates = 'nope': no such "
                     f"folder ({workdir / 'nope'}); name a folder of templates that override "
                     "the built-in ones, or leave it empty\n")


def test_a_bad_file_among_good_ones_is_a_warning_and_the_briefing_is_built(run_cli, workdir):
    (workdir / "seeds" / "broken.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    r = run_cli("build", "--date", "2024-12-08", "--format", "md")
    assert r.code == 0, r.err
    assert "broken.txt: binary file, skipped" in r.err
    assert (workdir / "out/2024-12-08/briefing.md").exists()


def test_help_on_every_command(run_cli):
    for command in ("build", "summarize", "classify", "read"):
        r = run_cli(command, "--help")
        assert r.code == 0 and "Usage:" in r.out


def _leaf_commands(group=None, path: tuple[str, ...] = ()):
    """(path, command) for every command of the CLI, those of its groups included."""
    import click

    from briefing.cli import cli

    for name, command in (group or cli).commands.items():
        if isinstance(command, click.Group):
            yield from _leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


def test_every_command_has_a_summary_and_the_scripted_ones_an_example(run_cli):
    """`--help` gave a command's summary but no command line to start from: the commands
    a script or an operator types with arguments show one, as a line of its own."""
    needs_none = {("ingest",), ("desks", "list"), ("story",), ("themes", "learn")}
    for path, command in _leaf_commands():
        assert command.get_short_help_str(), path
        r = run_cli(*path, "--help")
        assert r.code == 0, path
        if path in needs_none:
            continue
        lines = r.out.splitlines()
        assert "  Example:" in lines, path
        example = lines[lines.index("  Example:") + 1]
        assert f"briefing {' '.join(path)} " in example, (path, example)


def _example(run_cli, *path: str) -> list[str]:
    """The arguments of the command line under "Example:" in `briefing PATH --help`."""
    import shlex

    lines = run_cli(*path, "--help").out.splitlines()
    words = shlex.split(lines[lines.index("  Example:") + 1])
    assert words[: 1 + len(path)] == ["briefing", *path], words
    return words[1:]


def test_the_examples_that_need_only_the_checkout_work_as_written(run_cli, workdir):
    """A new user copies a help's example after the README's quick start (`build --date
    2024-12-08` on seeds/): `why "Waitrose" --date 2015-04-30` asked for a briefing of a
    date no seed has, and `send --date 2024-12-08 --dry-run` stopped at "no recipients"
    with no email.to configured."""
    assert run_cli(*_example(run_cli, "build")).code == 0
    assert run_cli("build", "--date", "2024-12-08").code == 0  # with json, as why needs
    for path in (("why",), ("send",), ("themes", "explain")):
        r = run_cli(*_example(run_cli, *path))
        assert r.code == 0 and "error:" not in r.err, (path, r.err)
        assert r.out.strip(), path


def test_every_config_option_is_shown_as_config_file(run_cli):
    """The README and every error write `--config FILE` ("give --config FILE"); each help
    showed `--config PATH`, as if a folder would do, which is refused."""
    for path, command in _leaf_commands():
        if any("--config" in getattr(o, "opts", ()) for o in command.params):
            r = run_cli(*path, "--help")
            assert "--config FILE" in r.out and "--config PATH" not in r.out, path


def test_every_input_option_says_that_dash_reads_stdin(run_cli):
    """`--input -` reads stdin wherever --input is taken (README, "For scripts"), so every
    such option's help says so: `stories --input` did not, beside the others that did."""
    taking = [(path, option) for path, command in _leaf_commands() for option in command.params
              if "--input" in getattr(option, "opts", ())]
    assert {path for path, _ in taking} >= {("summarize",), ("classify",), ("stories",),
                                            ("themes", "learn")}
    for path, option in taking:
        assert '"-" reads stdin' in (option.help or ""), path
        r = run_cli(*path, "--help")
        assert r.code == 0 and '"-" reads' in r.out, path


def test_themes_learn_help_names_the_file_it_writes(run_cli):
    """A first `themes learn` creates ./themes.toml: the help says so, as import-opml's
    says it creates ./briefing.toml."""
    r = run_cli("themes", "learn", "--help")
    assert r.code == 0
    assert "themes.toml" in r.out and "created if absent" in r.out


def test_summarize_runs_on_the_dev_set_contract(run_cli):
    data = needs_shared("summ-dev.jsonl")
    first = data.read_text().splitlines()[0]
    src = data.parent  # noqa: F841  (the full set is scored in the closing note, not here)
    row = json.loads(first)
    assert {"id", "text"} <= set(row)


def test_themes_explain_and_learn_change_a_decision(run_cli, workdir):
    text = "Blinken noted that the atrocities included the use of chemical weapons."
    before = run_cli("themes", "explain", text)
    assert before.code == 0 and before.out.startswith("themes: military")
    assert "'chemical weapons'" in before.out  # the words that weighed, as written
    assert "like labelled news 'Chemical weapons" in before.out
    (workdir / "labelled.jsonl").write_text(
        json.dumps({"text": text, "themes": ["justice", "humanitarian"]}) + "\n"
        + json.dumps({"text": "Inspectors said sarin was used on civilians in the suburb.",
                      "themes": ["humanitarian"]}) + "\n")
    learned = run_cli("themes", "learn", "--input", "labelled.jsonl")
    assert learned.code == 0 and "2 examples added" in learned.out
    assert (workdir / "themes.toml").is_file()  # the default themes.file, now used
    after = run_cli("themes", "explain", text)
    assert after.out.startswith("themes: humanitarian")


BOXING_REPORT = ("Klitschko keeps his heavyweight title\n\nWladimir Klitschko retained his "
                 "heavyweight title on Saturday night, stopping Tony Thompson in the sixth round "
                 "in Berne. Klitschko bombed Thompson with a vicious right hand in the fifth "
                 "round and the challenger never recovered.\n")
BOXER = "Klitschko bombed Thompson with a vicious right hand in the fifth round"


def test_themes_explain_reads_a_point_with_its_article_as_a_build_does(run_cli, workdir):
    """Read alone, the boxer's "bombed" is Terrorism; the briefing reads the point with its
    article, a boxing report it leaves out, and `--article` says so: a reader asking why a
    line is (or is not) in the briefing gets the build's reason, not another one."""
    (workdir / "boxing.txt").write_text(BOXING_REPORT, encoding="utf-8")
    alone = run_cli("themes", "explain", BOXER)
    assert alone.code == 0 and alone.out.startswith("themes: terrorism")
    with_it = run_cli("themes", "explain", BOXER, "--article", "boxing.txt")
    assert with_it.code == 0 and with_it.out.startswith("themes: sport: not briefed: its "
                                                        "article is left out")
    assert "the lead reads as sport news" in with_it.out.splitlines()[0]
    # a point of a briefed article: its themes read with it, and how it was read
    (workdir / "talks.txt").write_text(
        "Ceasefire talks resume in Geneva\n\nEnvoys of the two governments resumed ceasefire "
        "talks in Geneva on Monday, a week after shelling along the border killed 14 "
        "civilians. The UN mediator met both delegations separately. He said the talks "
        "would go on through the week.\n", encoding="utf-8")
    point = run_cli("themes", "explain", "He said the talks would go on through the week.",
                    "--article", "talks.txt")
    assert point.code == 0 and point.out.startswith("themes: diplomacy")
    assert "read as a point of its article" in point.out.splitlines()[1]


def test_themes_explain_article_needs_the_one_article_the_point_is_from(run_cli, workdir):
    rows = [{"id": "a", "title": "Title A", "text": "The council met on Monday."},
            {"id": "b", "title": "Title B", "text": "The council met on Tuesday."}]
    (workdir / "two.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    ok = run_cli("themes", "explain", "The council met on Tuesday.", "--article", "two.jsonl")
    assert ok.code == 0 and "Title B" in ok.out and "Title A" not in ok.out
    neither = run_cli("themes", "explain", "The mayor resigned.", "--article", "two.jsonl")
    assert neither.code == 2
    assert neither.err.strip().count("\n") == 0  # one line, no traceback
    assert "two.jsonl: 2 articles, 0 of them holding TEXT" in neither.err
    missing = run_cli("themes", "explain", "The mayor resigned.", "--article", "nowhere.txt")
    assert missing.code != 0 and "nowhere.txt" in missing.err and "Traceback" not in missing.err


def test_themes_learn_refuses_when_no_themes_file_is_read(run_cli, workdir):
    """With themes.file = "" (the shipped themes only), learn wrote ./themes.toml, said "1
    example added", and the classifier never read it."""
    (workdir / "briefing.toml").write_text('[themes]\nfile = ""\n')
    (workdir / "labelled.jsonl").write_text(
        '{"text": "The central bank raised rates.", "themes": ["economy"]}\n')
    r = run_cli("themes", "learn", "--input", "labelled.jsonl")
    assert r.code == 2 and "themes.file is empty" in r.err and "Traceback" not in r.err
    assert not (workdir / "themes.toml").exists()


def test_themes_learn_refuses_an_unknown_theme_naming_the_line(run_cli, workdir):
    (workdir / "labelled.jsonl").write_text(
        '{"text": "The stars align for Leo this week.", "themes": ["astrology"]}\n')
    r = run_cli("themes", "learn", "--input", "labelled.jsonl")
    assert r.code == 2 and "line 1: unknown theme 'astrology'" in r.err
    assert not (workdir / "themes.toml").exists()


def test_a_themes_file_that_is_a_folder_is_said_to_be_one(run_cli, workdir):
    """themes.file naming a folder was "no such file", which the user could see was there."""
    (workdir / "mythemes.toml").mkdir()
    (workdir / "briefing.toml").write_text('[themes]\nfile = "mythemes.toml"\n')
    (workdir / "in.jsonl").write_text('{"id": "a", "text": "Troops shelled the town."}\n')
    r = run_cli("classify", "--input", "in.jsonl")
    assert r.code == 2 and "Traceback" not in r.err
    assert r.err == (f"error: themes.file = 'mythemes.toml': {workdir / 'mythemes.toml'} is a "
                     "folder, not a themes file\n")


def test_stories_contract_merges_the_two_truman_reports(run_cli, workdir):
    from briefing.sources import read_sources

    rows = [{"id": a.id, "title": a.title, "text": a.text, "source": a.source, "url": a.url,
             "published": a.published.isoformat() if a.published else None}
            for a in read_sources([workdir / "seeds"], tz=UTC).articles]
    (workdir / "in.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    r = run_cli("stories", "--input", "in.jsonl")
    assert r.code == 0, r.err
    story = {row["id"][:10]: row["story"] for row in map(json.loads, r.out.splitlines())}
    assert story["2024-12-15"] == story["2024-12-16"]  # one event, two agencies
    assert story["2024-12-08"] != story["2024-12-24"]  # same people, different calls


def test_ingest_stores_once(run_cli, workdir):
    assert "6 articles read, 6 new" in run_cli("ingest").out
    assert "6 articles read, 0 new" in run_cli("ingest").out


def test_read_takes_gzipped_pages_as_the_extraction_benchmark_stores_them(run_cli):
    folder = needs_shared("extract-dev")
    page = sorted(folder.glob("*.html.gz"))[0]
    r = run_cli("read", page)
    assert r.code == 0, r.err
    (row,) = [json.loads(line) for line in r.out.splitlines()]
    assert row["path"] == str(page) and len(row["text"].split()) > 100


def test_a_mailed_briefing_rolls_up_its_whole_day(workdir):
    """A second scheduled run on the same date serves its late recipients the full day."""
    from datetime import date

    from briefing.config import load_config
    from briefing.pipeline import built_files

    config = load_config(cwd=workdir)
    first = built_files(config, date(2024, 12, 16), rebuild=True)
    (workdir / "seeds" / "late.md").write_text(
        "---\ntitle: Late report\npublished: 2024-12-16\n---\n\n"
        "The ministry confirmed the convoy reached the border crossing on Monday evening.\n")
    second = built_files(config, date(2024, 12, 16), rebuild=True)
    ids = [a["id"] for a in json.loads(second.folder.joinpath("briefing.json").read_text())[
        "articles"]]
    assert "late" in ids and len(ids) > 1
    assert first.folder == second.folder


def test_two_outlets_telling_the_same_fact_give_one_point_citing_both(run_cli, workdir):
    """The seeds' Truman strike group: CENTCOM's release and the Navy's story of it."""
    assert run_cli("build", "--date", "2024-12-16").code == 0
    md = (workdir / "out" / "2024-12-16" / "briefing.md").read_text()
    military = section(md, "Military action")
    truman = [line for line in military.splitlines() if line.startswith("- ") and "Truman" in line]
    assert len(truman) == 1, military
    assert "Also reported by U.S. Naval Forces Central Command / U.S. 5th Fleet (via DVIDS)" \
        in truman[0]
    # the top line gives the fact in the Navy's brief telling, crediting CENTCOM's release
    top = section(md, "Top lines")
    assert "Truman Carrier Strike Group (HSTCSG) entered the U.S. Central command area" in top
    assert "Also reported by U.S. Central Command" in top
    sources = section(md, "Sources")
    assert "not shown above" not in sources  # both outlets are cited, so listed in full
    html = (workdir / "out" / "2024-12-16" / "briefing.html").read_text()
    assert "Also reported by <span>U.S. Naval Forces Central Command" in html


def test_build_of_nothing_readable_says_why_as_read_does(run_cli, workdir):
    (workdir / "latin1.txt").write_bytes("Caf\xe9 owners protested.".encode("latin-1"))
    (workdir / "empty").mkdir()
    r = run_cli("build", "--source", "latin1.txt", "--format", "md")
    assert r.code == 1 and "Traceback" not in r.err
    assert r.err.strip() == ("error: no readable articles in latin1.txt (latin1.txt: line 1: "
                             "invalid UTF-8 at byte 3 (save it as UTF-8))")
    r = run_cli("build", "--source", "empty", "--format", "md")
    assert r.code == 1 and "no readable articles in empty (no files of the kinds read: " in r.err


def test_a_feed_file_without_entries_is_named_as_such(run_cli, workdir):
    """Found running feedparser's test feeds: a saved feed with no <item> (a valid channel,
    nothing published yet) stopped `read` and `build` with "no files of the kinds read:
    .atom, ..., .xml", as if an .xml file were of a kind not read."""
    (workdir / "quiet.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel>'
                                       "<title>Desk</title></channel></rss>")
    for command in ("read", "build"):
        r = run_cli(command, *(["--source"] if command == "build" else []), "quiet.xml")
        assert r.code == 1 and "Traceback" not in r.err
        assert r.err.strip() == ("error: no readable articles in quiet.xml "
                                 "(quiet.xml: a feed with no entries)")


def test_a_feed_url_without_entries_is_named_as_such(run_cli, workdir):
    """The same over HTTP: an empty feed is no file of a kind not read."""
    from httpserver import send, serve

    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title></channel></rss>'
    with serve({"/quiet.rss": lambda h: send(h, 200, empty, "application/rss+xml")}) as srv:
        url = srv.url("/quiet.rss")
        for command in ("read", "build"):
            r = run_cli(command, *(["--source"] if command == "build" else []), url)
            assert r.code == 1 and "Traceback" not in r.err
            assert r.err.strip() == f"error: no readable articles in {url} (a feed with no entries)"


def test_counts_read_as_english(run_cli, workdir):
    r = run_cli("build", "--source", "seeds/000_0e06bca53e2e7670.txt", "--format", "md")
    assert r.code == 0, r.err
    assert r.out.startswith("1 article, ")
    (workdir / "labelled.jsonl").write_text(
        '{"text": "The central bank cut rates again.", "themes": ["economy"]}\n')
    r = run_cli("themes", "learn", "--input", "labelled.jsonl")
    assert r.code == 0 and r.out.startswith("1 example added to ")


def test_jobs_0_is_one_per_core_as_the_help_says(run_cli, workdir):
    assert "0 = one per core" in run_cli("build", "--help").out
    r = run_cli("build", "--jobs", "0", "--source", "seeds", "--format", "md")
    assert r.code == 0, r.err


def test_summarize_points_default_is_summary_points_as_the_help_says(run_cli, workdir):
    """summarize reads summary.points from briefing.toml when --points is not given; the
    help said only "adapts to its length", so a user who set the key was not told."""
    assert "summary.points" in " ".join(run_cli("summarize", "--help").out.split())
    (workdir / "briefing.toml").write_text("[summary]\npoints = 1\n")
    r = run_cli("summarize", "seeds/2024-12-08-dod-readout-austin-guler-syria.md")
    assert r.code == 0, r.err
    assert len(json.loads(r.out)["key_points"]) == 1


def test_themes_learn_names_the_input_file_and_its_line(run_cli, workdir):
    (workdir / "l2.jsonl").write_text(
        '{"text": "The central bank cut rates again.", "themes": ["economy"]}\n'
        "\n"
        '{"text": "A goal in extra time.", "themes": ["nonsense"]}\n')
    r = run_cli("themes", "learn", "--input", "l2.jsonl")
    assert r.code == 2 and "Traceback" not in r.err
    assert r.err.startswith("error: l2.jsonl: line 3: unknown theme 'nonsense' (allowed: ")
    assert not (workdir / "themes.toml").exists()


def test_read_prints_the_text_a_build_summarises(run_cli):
    """`read` goes through the build's cleaning: no caption or photo credit, and every key
    point `summarize` picks is a sentence of what `read` printed."""
    from conftest import FOUNDING

    r = run_cli("read", FOUNDING)
    assert r.code == 0, r.err
    (row,) = [json.loads(line) for line in r.out.splitlines()]
    for noise in CAPTION_TEXT:
        assert noise not in row["text"]
    assert "CENTCOM forces struck more than 75 targets" in row["text"]
    assert "Bashar Assad ." not in row["text"]  # the stray space the cleaner mends
    summary = json.loads(run_cli("summarize", FOUNDING).out)
    assert summary["key_points"]
    for point in summary["key_points"]:
        assert point in row["text"], point


@pytest.mark.parametrize("command", ["read", "summarize"])
def test_read_and_summarize_of_nothing_readable_exit_1_with_one_line(run_cli, workdir, command):
    (workdir / "latin1.txt").write_bytes("Caf\xe9 owners protested.".encode("latin-1"))
    (workdir / "empty").mkdir()
    r = run_cli(command, "latin1.txt")
    assert (r.code, r.out) == (1, "")
    assert r.err.strip() == ("error: no readable articles in latin1.txt (latin1.txt: line 1: "
                             "invalid UTF-8 at byte 3 (save it as UTF-8))")
    r = run_cli(command, "empty")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1
    assert "error: no readable articles in empty (no files of the kinds read: " in r.err


def test_a_readme_named_on_the_command_line_is_skipped_as_in_a_folder(run_cli, workdir):
    """`summarize seeds/*.md`: the shell names seeds/README.md, and it is no article, as it
    is none when seeds/ is read as a folder."""
    named = sorted(str(p.relative_to(workdir)) for p in (workdir / "seeds").glob("*.md"))
    assert "seeds/README.md" in named
    r = run_cli("summarize", *named)
    assert r.code == 0, r.err
    ids = [json.loads(line)["id"] for line in r.out.splitlines()]
    assert "README" not in ids and len(ids) == len(named) - 1
    assert r.err.strip() == ("warning: seeds/README.md: a README file, not an article (README "
                             "and LICENSE files, hidden ones and those whose name starts with _ "
                             "are never read), skipped")
    folder = [json.loads(line)["id"] for line in run_cli("read", "seeds").out.splitlines()]
    assert "README" not in folder
    r = run_cli("read", "seeds/README.md")
    assert r.code == 1 and "no readable articles in seeds/README.md (seeds/README.md: a README" \
        in r.err


@pytest.mark.parametrize("source", ["ftp://example.org/feed.xml", "file:///etc/passwd",
                                    "FILE:/etc/hostname", "javascript:alert(1)"])
@pytest.mark.parametrize("command", [("read",), ("summarize",), ("build", "--source")])
def test_a_source_of_another_scheme_is_refused_as_unsupported(run_cli, workdir, command, source):
    r = run_cli(*command, source)
    assert r.code == 1 and r.out == ""
    (line,) = r.err.splitlines()
    scheme = source.split(":")[0].lower()
    assert line.startswith(f"error: {source}: unsupported scheme {scheme}: (a source is an "
                           "http:// or https:// URL or a local path")
    assert "no such file or folder" not in line


@pytest.mark.parametrize("command", [("read",), ("summarize",), ("build", "--source")])
def test_a_pipe_or_device_given_as_a_source_is_named_as_one(run_cli, workdir, command):
    """A pipe (`--source <(printf ...)` is /dev/fd/63) or /dev/null exists: "no such file or
    folder" was untrue. Neither is read: a file's kind is told by its name's suffix, which a
    pipe lacks, and a device may never end (/dev/zero)."""
    pipe = workdir / "news"
    os.mkfifo(pipe)
    for source, kind in ((pipe, "a named pipe"), (Path("/dev/null"), "a character device")):
        r = run_cli(*command, source)
        assert (r.code, r.out) == (1, "")
        assert r.err.strip() == (f"error: {source}: {kind}, not a regular file or folder (a "
                                 "source's kind is told by its file name: save it to one, such "
                                 "as news.jsonl)")
    assert not (workdir / "out").exists()


@pytest.mark.parametrize("command", [("read",), ("summarize",), ("build", "--source")])
def test_a_link_to_nothing_or_a_link_loop_given_as_a_source_is_named_as_one(run_cli, workdir,
                                                                           command):
    """`latest.md`, a link to a report the archive has since moved, was "no such file or
    folder", though `ls` lists it: inside a folder the same link is named as a link to
    what is not there (or a link loop), and so it is when named itself."""
    try:
        (workdir / "latest.md").symlink_to("archive/2024-12-08.md")
        (workdir / "loop.md").symlink_to("loop.md")
    except (OSError, NotImplementedError):
        pytest.skip("no symbolic links here")
    for source, why in (("latest.md", "a link to archive/2024-12-08.md, which is not there"),
                        ("loop.md", "a link loop")):
        r = run_cli(*command, source)
        assert (r.code, r.out) == (1, "")
        assert r.err == f"error: {source}: {why}\n"
    assert not (workdir / "out").exists()


@pytest.mark.parametrize("command", [("read",), ("summarize",), ("build", "--source")])
def test_a_dash_as_a_source_says_stdin_is_not_read_there(run_cli, workdir, command):
    """`... | briefing read -`: "-: no such file or folder" read as a bug, since "-" is the
    standard input to most tools; it says what to do instead."""
    r = run_cli(*command, "-")
    assert (r.code, r.out) == (1, "")
    assert r.err == ("error: -: the standard input is not read as a source (a source's kind "
                     "is told by its file name: save it to one, such as news.jsonl; summarize, "
                     "classify and stories take --input -)\n")
    assert not (workdir / "out").exists()


@pytest.mark.parametrize(("sources", "message"), [
    ('urls = ["ftp://example.org/feed.xml"]', "sources.urls has 'ftp://example.org/feed.xml': "
                                               "unsupported scheme ftp: "),
    ('paths = ["file:///etc/passwd"]', "sources.paths has 'file:///etc/passwd': unsupported "
                                        "scheme file: "),
    ('paths = ["https://example.org/feed"]', "sources.paths has 'https://example.org/feed': a "
                                              "URL (feeds and pages go in urls)"),
])
def test_a_configured_source_of_another_scheme_is_refused_at_load(run_cli, workdir, sources,
                                                                   message):
    (workdir / "briefing.toml").write_text(f"[sources]\n{sources}\n")
    r = run_cli("ingest")
    assert r.code == 2 and message in r.err and len(r.err.splitlines()) == 1


def test_a_json_line_nested_too_deeply_is_invalid_json_named_by_its_line(run_cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": ' + "[" * 100_000 + "\n")
    for command in ("classify", "summarize", "stories"):
        r = run_cli(command, "--input", src)
        assert r.code == 2, command
        assert "in.jsonl: line 2: invalid JSON (nested too deeply)" in r.err


def test_a_fact_two_outlets_tell_in_their_own_words_is_one_line_citing_both(run_cli, tmp_path):
    """Two outlets on one story, each with the fact both tell (in other words) and one of
    its own: the shared fact is printed once, with the other outlet credited."""
    articles = {
        "harbour-wire": ("Harbour Wire", "2026-11-24T09:00:00Z",
                         "Navy detains 14 suspected pirates after attack on cargo ship in Gulf "
                         "of Aden", [
                             "The Indian navy detained 14 suspected pirates on Tuesday after they "
                             "tried to board a Liberian-flagged cargo ship in the Gulf of Aden, "
                             "officials said.",
                             "The pirates are from Somalia and Yemen, two countries surrounding "
                             "the Gulf of Aden, navy spokesman Commander Ravi Menon said.",
                             "A navy helicopter fired warning shots and the pirates' two skiffs "
                             "turned back towards a dhow, where sailors later found rifles and a "
                             "rocket launcher."]),
        "coastline-daily": ("Coastline Daily", "2026-11-24T11:30:00Z",
                            "Indian navy captures 14 pirates in the Gulf of Aden", [
                                "Indian sailors captured 14 pirates who attacked a cargo ship in "
                                "the Gulf of Aden on Tuesday.",
                                "The Indians say the pirates were from Somalia and Yemen, two "
                                "countries on the coast of the Gulf.",
                                "The ship's owner, Oslo-based Nordline Shipping, said none of its "
                                "22 crew members was hurt in the attack."]),
    }
    src = tmp_path / "src"
    src.mkdir()
    for name, (source, published, title, paragraphs) in articles.items():
        (src / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\nsource: "{source}"\npublished: "{published}"\n---\n\n'
            + "\n\n".join(paragraphs) + "\n")
    config = tmp_path / "briefing.toml"
    config.write_text('[briefing]\ntimezone = "UTC"\n\n[summary]\npoints = 3\n\n'
                      '[compose]\npoints_per_story = 6\n')
    assert run_cli("build", "--source", src, "--date", "2026-11-24", "--format", "md,json",
                   "--config", config).code == 0
    day = tmp_path / "out" / "2026-11-24"
    (story,) = [st for s in json.loads((day / "briefing.json").read_text())["sections"]
                for st in s["stories"]]
    told = {p["text"]: p for p in story["key_points"]}
    # the fact both tell is one point, crediting the other outlet
    somalia = [t for t in told if "Somalia and Yemen" in t]
    assert len(somalia) == 1, list(told)
    assert told[somalia[0]]["also_reported_by"] in (["coastline-daily"], ["harbour-wire"])
    # each outlet's own fact is still there
    assert any("helicopter fired warning shots" in t for t in told)
    assert any("none of its 22 crew members was hurt" in t for t in told)
    # "The pirates are from Somalia…" says "which pirates?" alone: it is shown after the
    # sentence before it, on one point, so Harbour Wire's story has one point fewer
    assert len(told) == 4, list(told)
    md = (day / "briefing.md").read_text()
    somalia_line = next(line for line in md.splitlines() if "Somalia and Yemen" in line)
    assert "Also reported by" in somalia_line
