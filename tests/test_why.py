"""`briefing why`: an analyst who knows a story ran asks why it is, or is not, in the
briefing, and gets one line per article, read from what the build recorded."""

from __future__ import annotations

import json

FOUNDING = "US strikes ISIS camps in central Syria after the fall of Assad"


def test_why_says_what_the_briefing_did_with_each_article(workdir, run_cli):
    (workdir / "briefing.toml").write_text("[compose]\npoints_per_section = 1\n")
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    r = run_cli("why", "ISIS camps", "--date", "2024-12-08")
    assert r.code == 0, r.err
    (line,) = r.out.splitlines()
    assert line.startswith(f"000_0e06bca53e2e7670 {FOUNDING!r}: shown under Military action, "
                           "story 20241208-")
    assert "1 point of its own (sentence 1)" in line and "also a top line" in line

    assert run_cli("build", "--date", "2024-12-16", "--format", "json").code == 0
    lines = run_cli("why", "Syria", "--date", "2024-12-16").out.splitlines()
    assert any(FOUNDING in x and x.endswith("already briefed on 2024-12-08 (nothing is briefed "
                                            "twice)") for x in lines), lines
    truman = run_cli("why", "Truman", "--date", "2024-12-16").out.splitlines()
    assert len(truman) == 2  # the two reports of one story, one of them told once
    assert "as 'Also reported by' on a point of 2024-12-15-centcom-truman-csg-enters-aor" \
        in truman[1]
    later = run_cli("why", "D-ISIS", "--date", "2024-12-16").out
    assert "not in this briefing: published 2024-12-24T00:00Z, outside the window" in later
    # words typed with two spaces find a stored title as they find the briefing's own
    spaced = run_cli("why", "Turkish  Minister", "--date", "2024-12-16").out
    assert "outside the window" in spaced, spaced
    # the source's own address of an article, as an analyst copies it, finds it too
    gone = run_cli("why", "Floods in Atlantis", "--date", "2024-12-16")
    assert gone.code == 0 and gone.out.startswith("'Floods in Atlantis': not in this briefing "
                                                  "nor in the store")


def test_why_names_a_story_its_section_had_no_room_for_and_news_left_out(
        workdir, run_cli, tmp_path):
    rows = [
        {"id": "aleppo", "title": "Warplanes strike rebel positions near Aleppo",
         "text": "Syrian and Russian warplanes struck rebel positions near Aleppo on Monday, "
                 "the army said. Troops advanced on two villages after heavy shelling."},
        {"id": "donetsk", "title": "Artillery shells front line near Donetsk",
         "text": "Ukrainian troops repelled an assault near Donetsk after Russian artillery "
                 "shelled the front line overnight, the military said."},
        {"id": "derby", "title": "Arsenal beat Chelsea in the derby",
         "text": "Arsenal beat Chelsea 3-1 in the Premier League on Saturday, the striker "
                 "scoring twice before half-time as the fans sang in the stands."},
    ]
    day = tmp_path / "day.jsonl"
    day.write_text("".join(json.dumps({**r, "published": "2024-12-08"}) + "\n" for r in rows))
    (workdir / "briefing.toml").write_text("[compose]\npoints_per_section = 1\n")
    assert run_cli("build", "--source", day, "--date", "2024-12-08", "--format", "json"
                   ).code == 0
    built = json.loads((workdir / "out" / "2024-12-08" / "briefing.json").read_text())
    military = next(s for s in built["sections"] if s["theme"] == "military")
    assert military["omitted"] == 1
    (cut,) = military["omitted_stories"]
    (line,) = run_cli("why", cut[0], "--date", "2024-12-08").out.splitlines()
    assert line.endswith("its story is not shown: Military action was full (1 more story; "
                         "compose.points_per_section); Sources names or counts it as not "
                         "shown above")
    (line,) = run_cli("why", "derby", "--date", "2024-12-08").out.splitlines()
    # a build of --source keeps no store: what it left out is found by its id
    assert line == ("derby: left out as sport news, a kind "
                    "this briefing does not brief (its story read so; themes.toml brief = false)")


def test_why_without_a_briefing_of_the_date_says_so(workdir, run_cli):
    r = run_cli("why", "Syria", "--date", "2024-12-08")
    assert r.code == 2 and "no such briefing (build it first" in r.err and r.out == ""


def test_why_prints_an_id_with_line_breaks_or_bidi_controls_escaped_on_one_line(
        workdir, run_cli, tmp_path):
    """An article's id is the source's (a JSON Lines row's, a file's name): a line break
    in it must not forge a second answer, nor a bidi control turn the line around."""
    row = {"id": "x\nforged: shown under Diplomacy\u202eevil\x85",
           "title": "Warplanes strike rebel positions near Aleppo", "published": "2024-12-08",
           "text": "Syrian and Russian warplanes struck rebel positions near Aleppo on "
                   "Monday, the army said. Troops advanced on two villages after shelling."}
    day = tmp_path / "day.jsonl"
    day.write_text(json.dumps(row) + "\n")
    assert run_cli("build", "--source", day, "--date", "2024-12-08", "--format", "json"
                   ).code == 0
    r = run_cli("why", "Aleppo", "--date", "2024-12-08")
    assert r.code == 0, r.err
    (line,) = r.out.splitlines()
    assert line.startswith("x\\nforged: shown under Diplomacy\\u202eevil\\x85 'Warplanes")


def test_why_reading_a_briefing_json_edited_by_hand_says_so_in_one_line(workdir, run_cli):
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    path = workdir / "out" / "2024-12-08" / "briefing.json"
    built = json.loads(path.read_text())
    broken = {"{": "{", "a list": "[]", "no articles": "{}",
              "articles of the wrong type": json.dumps({**built, "articles": 5}),
              "no left_out": json.dumps({k: v for k, v in built.items() if k != "left_out"})}
    for what, text in broken.items():
        path.write_text(text)
        r = run_cli("why", "ISIS camps", "--date", "2024-12-08")
        assert r.code == 2 and r.out == "", what
        (line,) = r.err.splitlines()
        assert line.startswith(f"error: {path}: not a briefing.json briefing wrote"), what
    path.write_bytes(b"\xff\xfe{}")
    r = run_cli("why", "ISIS camps", "--date", "2024-12-08")
    assert r.code == 2 and len(r.err.splitlines()) == 1, r.err


def test_why_finds_a_stored_title_by_a_word_with_a_capital_outside_ascii(workdir, run_cli):
    """SQLite's lower() folds ASCII only: "Österreich" asked for must still find the stored
    "Österreich schließt ...", not answer that no source gave it."""
    news = workdir / "news"
    news.mkdir()
    (news / "grenze.md").write_text(
        "---\ntitle: Österreich schließt die Grenze nach Angriff\npublished: 2024-12-20\n---\n"
        "Österreich hat nach einem Angriff an der Grenze Truppen entsandt, sagte das Militär "
        "am Montag. Die Soldaten sollen die Grenze sichern.\n", encoding="utf-8")
    (workdir / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    for query in ("Österreich", "ÖSTERREICH", "österreich schließt"):
        (line,) = run_cli("why", query, "--date", "2024-12-08").out.splitlines()
        assert "'Österreich schließt die Grenze nach Angriff': not in this briefing: " \
               "published 2024-12-20" in line, (query, line)


def test_why_asked_in_a_terminal_not_in_utf8_says_so_in_one_line(workdir, run_cli):
    """"café" typed in a Latin-1 terminal reaches Python as an undecodable byte (a lone
    surrogate), which SQLite cannot take: one line and exit 2, not a traceback."""
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    r = run_cli("why", b"caf\xe9".decode("utf-8", "surrogateescape"), "--date", "2024-12-08")
    assert r.code == 2 and r.out == "", r
    (line,) = r.err.splitlines()
    assert "not UTF-8" in line, line


def test_why_gives_the_build_time_in_utc_whatever_offset_briefing_json_has(workdir, run_cli):
    """briefing.json gives `generated_at` with its offset (the schema's words), and a build
    through the library may be given a clock in any zone; `why` printed that wall clock
    followed by "Z": an article stored at 12:00Z was "after it was built (18:00Z)"."""
    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    from briefing.config import load_config
    from briefing.ingest import ingest
    from briefing.pipeline import build

    news = workdir / "news"
    news.mkdir()
    (workdir / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    (news / "aleppo.md").write_text(
        "---\ntitle: Warplanes strike rebel positions near Aleppo\n---\n\nSyrian warplanes "
        "struck rebel positions near Aleppo on Monday, the army said.\n")
    config = load_config()
    tokyo = datetime(2024, 12, 8, 18, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 09:00Z
    build(config, day=date(2024, 12, 8), now=tokyo, formats=["json"])
    (news / "donetsk.md").write_text(
        "---\ntitle: Artillery shells front line near Donetsk\n---\n\nUkrainian troops "
        "repelled an assault near Donetsk after artillery shelled the front line.\n")
    ingest(config, datetime(2024, 12, 8, 12, 0, tzinfo=UTC))
    (line,) = run_cli("why", "Donetsk", "--date", "2024-12-08").out.splitlines()
    assert line.endswith("not in this briefing: first stored at 2024-12-08T12:00Z, after it "
                         "was built (2024-12-08T09:00Z): the next build's")


def test_why_names_a_headline_only_items_point_its_headline(workdir, run_cli, tmp_path):
    """A feed entry with a headline and no text is briefed by its headline: `why` said its
    point was "sentence its headline" (or "sentence 0" before that), not which it was."""
    row = {"id": "convoy", "title": "Aid convoy reaches besieged city after weeks of talks",
           "text": "", "published": "2024-12-08"}
    day = tmp_path / "day.jsonl"
    day.write_text(json.dumps(row) + "\n")
    assert run_cli("build", "--source", day, "--date", "2024-12-08", "--format", "json"
                   ).code == 0
    (line,) = run_cli("why", "convoy", "--date", "2024-12-08").out.splitlines()
    assert "1 point of its own (its headline)" in line, line
