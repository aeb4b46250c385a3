"""Readers for local files: every kind, and every way a file can be bad."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC
from pathlib import Path

import pytest
from conftest import SEEDS

from briefing.errors import SourceError
from briefing.sources import FILE_READERS, read_sources


def test_seeds_folder_reads_every_article_with_front_matter_and_skips_the_readme():
    result = read_sources([SEEDS], tz=UTC)
    ids = [a.id for a in result.articles]
    assert len(ids) == 6 and "README" not in " ".join(ids)
    founding = result.articles[0]
    assert founding.id == "000_0e06bca53e2e7670"
    assert founding.published.date().isoformat() == "2024-12-08"
    truman = next(a for a in result.articles if a.id.startswith("2024-12-15"))
    assert truman.source == "U.S. Central Command"
    assert truman.url.startswith("https://www.centcom.mil/")
    assert truman.path.endswith(".md")
    assert result.warnings == []


def test_readers_are_registered_by_kind():
    assert {".txt", ".md", ".html", ".json", ".jsonl"} <= set(FILE_READERS)


def test_json_and_jsonl_with_a_bad_line(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(
        [{"id": "x1", "title": "Talks resume", "text": "Talks resumed in Geneva today.",
          "published": "2024-12-08T09:30:00Z", "url": "https://example.org/x1"}]))
    (tmp_path / "b.jsonl").write_text(
        '{"id": "y1", "text": "The ministry said the port reopened."}\n'
        "{not json\n"
        '{"id": "y3", "text": "Aid convoys reached the city on Monday."}\n')
    result = read_sources([tmp_path], tz=UTC)
    assert [a.id for a in result.articles] == ["x1", "y1", "y3"]
    assert result.articles[0].published.tzinfo is not None
    assert len(result.warnings) == 1
    assert "b.jsonl: line 2: invalid JSON" in result.warnings[0]


def test_empty_binary_and_non_utf8_files_are_skipped_with_a_warning_and_the_rest_read(tmp_path):
    (tmp_path / "good.txt").write_text("The council met on Monday to approve the budget.")
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners protested.".encode("latin-1"))
    result = read_sources([tmp_path], tz=UTC)
    assert [a.id for a in result.articles] == ["good"]
    warnings = "\n".join(result.warnings)
    assert "empty.txt: empty file, skipped" in warnings
    assert "binary.txt: binary file, skipped" in warnings
    assert "latin1.txt: line 1: invalid UTF-8 at byte 3" in warnings


def test_a_missing_source_is_an_error_naming_it(tmp_path):
    with pytest.raises(SourceError, match="nowhere: no such file or folder"):
        read_sources([tmp_path / "nowhere"], tz=UTC)


def test_plain_text_without_front_matter_gets_its_first_sentence_as_title(tmp_path):
    (tmp_path / "note.txt").write_text("Flooding closed the main road. Crews are at work.")
    (article,) = read_sources([tmp_path / "note.txt"], tz=UTC).articles
    assert article.title == "Flooding closed the main road."
    assert article.published is None


def test_markdown_articles_are_read_as_their_words(tmp_path):
    (tmp_path / "note.md").write_text(
        "---\ntitle: Port reopens\n---\n\n# Update\n\nThe **port** reopened, the "
        "[ministry](https://example.org) said.\n\n- Ships queued offshore overnight.\n")
    (article,) = read_sources([tmp_path], tz=UTC).articles
    assert article.text == ("Update\n\nThe port reopened, the ministry said.\n\n"
                            "Ships queued offshore overnight.")


def test_a_nested_list_item_and_raw_script_in_markdown_are_read_once_and_never(tmp_path):
    (tmp_path / "note.md").write_text(
        "- Ships queued offshore.\n    - Two tankers waited.\n\n<script>alert(1)</script>\n")
    (article,) = read_sources([tmp_path], tz=UTC).articles
    assert article.text.count("Two tankers waited.") == 1
    assert "alert" not in article.text


def test_garbled_text_in_a_file_and_in_summarize_input_is_repaired(tmp_path, run_cli):
    """Mojibake (UTF-8 read as windows-1252 before the file was written) is undone for
    every way an article comes in: a source file, and `summarize --input` records."""
    garbled = ("The flight had 16 passengers – 13 South Koreans and three Czechs – and "
               "Jürgen Klinsmann’s team was not among them, officials said.")
    garbled = garbled.encode().decode("cp1252")
    row = {"id": "g1", "title": "Plane lands safely in Pyongyang – officials".encode()
           .decode("cp1252"), "text": garbled}
    source = tmp_path / "day.jsonl"
    source.write_text(json.dumps(row) + "\n", encoding="utf-8")

    (article,) = read_sources([source], tz=UTC).articles
    assert article.title == "Plane lands safely in Pyongyang – officials"
    assert "passengers – 13 South Koreans" in article.text and "Jürgen Klinsmann’s" in article.text

    result = run_cli("summarize", "--input", source, "--points", "1")
    assert result.code == 0, result.err
    (point,) = json.loads(result.out)["key_points"]
    assert point.startswith("The flight had 16 passengers – 13 South Koreans")
    assert "â€" not in result.out and "Ã" not in result.out


def test_html_entities_left_in_plain_text_are_the_characters_they_stand_for(
        tmp_path, run_cli, monkeypatch):
    """WordPress's JSON gives titles as "It&#8217;s"; exports and double-escaped feeds give
    "&amp;". The reader sees the characters; text shaped like an entity that is none
    ("R&D;") stays, and markup spelled out with entities stays text, never markup."""
    post = {"id": "wp-1", "title": "It&#8217;s official: Fruits &amp; Passion closes",
            "text": "The shop&#8217;s owners said on Tuesday that R&D; costs and rent had "
                    "risen 53&ndash;7 in their landlord&#x2019;s favour. &lt;script&gt;"
                    "alert(1)&lt;/script&gt; was written on the door."}
    (tmp_path / "posts.json").write_text(json.dumps([post]), encoding="utf-8")

    (article,) = read_sources([tmp_path / "posts.json"], tz=UTC).articles
    assert article.title == "It’s official: Fruits & Passion closes"
    assert article.text.startswith("The shop’s owners said on Tuesday that R&D; costs")
    assert "risen 53–7 in their landlord’s favour" in article.text
    assert "<script>alert(1)</script> was written" in article.text  # text, as its writer meant

    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--source", "posts.json", "--date", "2026-03-04", "--format",
                     "html,md")
    assert result.code == 0, result.err
    html = (tmp_path / "out" / "2026-03-04" / "briefing.html").read_text(encoding="utf-8")
    assert "It’s official: Fruits &amp; Passion closes" in html  # escaped once, by the renderer
    assert "<script>alert" not in html and "&#8217;" not in html
    markdown = (tmp_path / "out" / "2026-03-04" / "briefing.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "&#8217;" not in markdown


# --- one id, one article -----------------------------------------------------------------


def test_two_files_of_one_id_are_two_articles_and_the_clash_is_said(tmp_path):
    (tmp_path / "report.md").write_text("Parliament passed the budget on Tuesday.\n")
    (tmp_path / "report.txt").write_text("An earthquake struck eastern Turkey on Monday.\n")
    result = read_sources([tmp_path], tz=UTC)
    by_id = {a.id: a.text for a in result.articles}
    assert len(by_id) == 2 and "report" in by_id
    renamed = next(i for i in by_id if i != "report")
    assert renamed.startswith("report~") and "earthquake" in by_id[renamed]
    assert result.warnings == [f"{tmp_path / 'report.txt'}: its id 'report' is taken by "
                               f"{tmp_path / 'report.md'}; read as {renamed!r} (give each "
                               "article an id of its own)"]
    again = read_sources([tmp_path], tz=UTC)  # the same id on every read: the store finds it
    assert [a.id for a in again.articles] == [a.id for a in result.articles]


def test_rows_of_one_id_are_both_read_and_the_same_file_twice_is_read_once(tmp_path):
    rows = tmp_path / "day.jsonl"
    rows.write_text('{"id": "a", "title": "Earthquake kills forty in Turkey", '
                    '"text": "A quake struck eastern Turkey."}\n'
                    '{"id": "a", "title": "Parliament passes budget in France", '
                    '"text": "The French parliament passed the budget."}\n')
    result = read_sources([rows, rows], tz=UTC)
    assert [a.title for a in result.articles] == ["Earthquake kills forty in Turkey",
                                                  "Parliament passes budget in France"]
    assert len({a.id for a in result.articles}) == 2
    assert result.warnings[0].startswith(
        f"{rows}: line 2: its id 'a' is taken by {rows}: line 1; read as 'a~")
    assert len(result.warnings) == 3  # the clash, then each row again: read once
    assert all(w.endswith(", read once") for w in result.warnings[1:])


def test_rows_of_one_id_are_named_by_their_file_and_line(run_cli, tmp_path):
    """Rows with no title, URL or path were each named "the article ''" in the warning."""
    rows = tmp_path / "day.jsonl"
    rows.write_text('{"id": "a", "text": "A quake struck eastern Turkey on Monday."}\n'
                    '{"id": "a", "text": "The French parliament passed the budget."}\n'
                    '{"id": "a", "text": "The French parliament passed the budget."}\n')
    r = run_cli("read", rows)
    assert r.code == 0, r.err
    ids = [json.loads(line)["id"] for line in r.out.splitlines()]
    assert ids[0] == "a" and ids[1].startswith("a~") and len(ids) == 2
    assert r.err.splitlines() == [
        f"warning: {rows}: line 2: its id 'a' is taken by {rows}: line 1; read as "
        f"{ids[1]!r} (give each article an id of its own)",
        f"warning: {rows}: line 3: the same article as {rows}: line 2, read once"]


def test_points_of_articles_sharing_an_id_cite_their_own_article(tmp_path, run_cli,
                                                                 monkeypatch):
    rows = tmp_path / "day.jsonl"
    rows.write_text(
        '{"id": "a", "title": "Earthquake kills forty in Turkey", "text": "A powerful '
        'earthquake struck eastern Turkey on Monday, killing at least 40 people, officials '
        'said."}\n'
        '{"id": "a", "title": "Parliament passes budget in France", "text": "The French '
        'parliament passed the budget on Tuesday after a long debate, the speaker said."}\n')
    monkeypatch.chdir(tmp_path)
    r = run_cli("build", "--source", rows, "--date", "2024-12-08", "--format", "json")
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out" / "2024-12-08" / "briefing.json").read_text())
    title_of = {a["id"]: a["title"] for a in data["articles"]}
    assert len(title_of) == 2
    points = [(p["text"], title_of[p["article_id"]]) for s in data["sections"]
              for st in s["stories"] for p in st["key_points"]]
    assert points and all(("earthquake" in text) == ("Turkey" in title)
                          for text, title in points), points


def test_a_lone_surrogate_in_json_text_is_a_replacement_character_not_a_crash(
        tmp_path, run_cli, monkeypatch):
    """JSON may escape half a surrogate pair ("\\udfff"), which UTF-8 cannot write: the
    readers replace it with U+FFFD, so `read`, the store and every renderer go on. A whole
    pair escaped is the one character it stands for."""
    row = ('{"id": "a", "title": "Bad \\udfff title", "text": "Troops attacked the city on '
           'Monday, killing twelve people, officials said. \\ud800 The army said it would '
           'continue the operation \\ud83d\\ude00."}')
    (tmp_path / "day.jsonl").write_text(row + "\n", encoding="utf-8")
    (tmp_path / "day.json").write_text(row.replace('"a"', '"b"'), encoding="utf-8")

    articles = read_sources([tmp_path], tz=UTC).articles
    assert [a.title for a in articles] == ["Bad \ufffd title"] * 2
    assert all("\ufffd The army" in a.text and "operation \U0001f600." in a.text
               for a in articles)

    monkeypatch.chdir(tmp_path)
    result = run_cli("read", "day.jsonl")
    assert result.code == 0 and json.loads(result.out)["title"] == "Bad \ufffd title"
    result = run_cli("build", "--source", "day.jsonl", "--date", "2024-12-08", "--format",
                     "md,html,json")
    assert result.code == 0, result.err
    assert "Bad \ufffd title" in (tmp_path / "out" / "2024-12-08" / "briefing.md").read_text(
        encoding="utf-8")


def test_json_nested_too_deeply_is_invalid_json_and_skipped(tmp_path):
    """A value nested deeper than the parser's recursion (json.loads raises RecursionError,
    not JSONDecodeError) is one more invalid JSON file or line, named and skipped."""
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "a.json").write_text(deep)
    (tmp_path / "b.jsonl").write_text(
        '{"id": "y1", "text": "The ministry said the port reopened.", "x": ' + deep + "}\n"
        '{"id": "y2", "text": "Aid convoys reached the city on Monday."}\n')
    result = read_sources([tmp_path], tz=UTC)
    assert [a.id for a in result.articles] == ["y2"]
    assert result.warnings == [
        f"{tmp_path / 'a.json'}: line 1: invalid JSON (nested too deeply), skipped",
        f"{tmp_path / 'b.jsonl'}: line 1: invalid JSON (nested too deeply), skipped"]


def test_a_file_name_that_is_not_utf8_gives_an_id_and_path_that_are_text(
        tmp_path, run_cli, monkeypatch):
    """Latin-1 file names (copied from an old system) come from the OS with surrogate
    escapes that no UTF-8 writer takes (the store, `read`, the story ids): each such byte
    is spelled out ("caf\\xe9"), the file still read, and café and cafè stay two ids."""
    folder = tmp_path / "src"
    folder.mkdir()
    for name, text in ((b"caf\xe9.txt", "The council met on Tuesday to approve the budget."),
                       (b"caf\xe8.txt", "Flood waters rose in the valley on Monday.")):
        Path(os.fsdecode(os.fsencode(folder) + b"/" + name)).write_text(text)
    articles = read_sources([folder], tz=UTC).articles
    assert [a.id for a in articles] == ["caf\\xe8", "caf\\xe9"]
    assert all(f"{a.id}.txt" in a.path and a.path.encode("utf-8") for a in articles)
    assert "approve the budget" in articles[1].text

    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--source", "src", "--date", "2024-12-08", "--format", "md")
    assert result.code == 0, result.err
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["src"]\n')
    result = run_cli("ingest")  # the store remembers them by id
    assert result.code == 0 and "2 articles read, 2 new" in result.out, result.err


def _built_from_in_jsonl(tmp_path, run_cli, monkeypatch) -> list[tuple[str, str]]:
    """`build --source in.jsonl` in `tmp_path`: (file name, text) of its Markdown and HTML."""
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--source", "in.jsonl", "--date", "2024-12-08", "--format",
                     "md,html")
    assert result.code == 0, result.err
    return [(name, (tmp_path / "out" / "2024-12-08" / name).read_text(encoding="utf-8"))
            for name in ("briefing.md", "briefing.html")]


def test_bidi_controls_in_an_article_are_stripped_before_they_reach_a_briefing(
        tmp_path, run_cli, monkeypatch):
    """An override (U+202E) or isolate left open in an article's text, title or outlet
    reversed the briefing's own citation after it; every article read loses them (the
    marks U+200E/U+200F, which reorder nothing else, stay)."""
    row = {"id": "rtl", "title": "Quake report\u2067", "source": "Reuters\u202b",
           "url": "https://example.com/q",
           "text": "A powerful earthquake struck eastern Turkey on Monday, killing at least 40 "
                   "people, officials said.\u202e Rescue teams searched the \u200frubble for "
                   "survivors through the night.\u202a\u202c\u202d\u2066\u2068\u2069"}
    (tmp_path / "in.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (article,) = read_sources([tmp_path / "in.jsonl"], tz=UTC).articles
    assert (article.title, article.source) == ("Quake report", "Reuters")
    assert article.text == ("A powerful earthquake struck eastern Turkey on Monday, killing "
                            "at least 40 people, officials said. Rescue teams searched the "
                            "\u200frubble for survivors through the night.")

    for name, written in _built_from_in_jsonl(tmp_path, run_cli, monkeypatch):
        assert "officials said." in written
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", written), name
    result = run_cli("summarize", "--input", "in.jsonl", "--points", "2")
    assert result.code == 0 and "\\u202e" not in result.out and "\u202e" not in result.out


def test_a_name_written_decomposed_reaches_the_briefing_composed(tmp_path, run_cli,
                                                                 monkeypatch):
    """Text pasted from a Mac or a PDF spells "Erdoğan" as "Erdog" and a combining breve
    (NFD). The body was composed by cleaning, but the title and outlet were printed as
    written: a reader's search for "Erdoğan" or "Łódź" skipped that headline in the HTML,
    PDF and email, and the names read as "Erdog" and "Ło". Every article read is composed
    (NFC), its title and outlet too."""
    from unicodedata import normalize

    title = "Erdoğan and Tusk agree aid corridor at Łódź meeting on Syria border"
    row = {"id": "nfd", "title": normalize("NFD", title),
           "source": normalize("NFD", "Agência Brasil"), "url": "https://example.com/nfd",
           "text": normalize("NFD", "Recep Tayyip Erdoğan and Donald Tusk agreed in Łódź on "
                                    "Tuesday to keep aid flowing across the border crossings "
                                    "at Öncüpınar and Cilvegözü, officials said.")}
    (tmp_path / "in.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (article,) = read_sources([tmp_path / "in.jsonl"], tz=UTC).articles
    assert (article.title, article.source) == (title, "Agência Brasil")
    assert article.text.startswith("Recep Tayyip Erdoğan and Donald Tusk agreed in Łódź")

    for name, written in _built_from_in_jsonl(tmp_path, run_cli, monkeypatch):
        assert title in written and "Agência Brasil" in written, name
        assert normalize("NFC", written) == written, name


def test_soft_hyphens_and_zero_width_characters_inside_words_are_taken_out(tmp_path, run_cli,
                                                                          monkeypatch):
    """A CMS that hyphenates for narrow screens leaves soft hyphens inside words
    ("Fero\\u00adzepur"), and a paste leaves zero-width spaces and word joiners. They draw
    nothing, but a desk watching "Hussainiwala" missed the story, the name read as
    "Hussaini" and a reader's search in the PDF found nothing. Every article read loses
    them, title and outlet too (the joiners that shape a script, U+200C/U+200D, stay)."""
    row = {"id": "shy", "title": "Drones shot down near Hussaini\u00adwala",
           "source": "The\u2060 Hindu", "url": "https://example.com/shy",
           "published": "2024-12-08",
           "text": "The Indian army said on Tuesday it had shot down three Pakistani drones "
                   "near Hussaini\u00adwala in the Fero\u00adzepur district, carrying weapons "
                   "and nar\u2060cotics. An army spokes\u200bperson said the drones were "
                   "tracked by radar near the border. Police in Punjab recovered two pistols "
                   "and heroin from the de\ufeffbris. The Tamil word \u0b95\u0bcd\u200d "
                   "keeps its joiner."}
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "in.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (article,) = read_sources([tmp_path / "src" / "in.jsonl"], tz=UTC).articles
    assert article.title == "Drones shot down near Hussainiwala"
    assert article.source == "The Hindu"
    assert "near Hussainiwala in the Ferozepur district, carrying weapons and narcotics" in (
        article.text)
    assert "spokesperson" in article.text and "debris" in article.text
    assert "\u0b95\u0bcd\u200d" in article.text

    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["src"]\n\n[[desks]]\nid = "border"\ntitle = "Border"\n'
        'watch = ["Hussainiwala"]\n', encoding="utf-8")
    result = run_cli("build", "--date", "2024-12-08", "--format", "md")
    assert result.code == 0, result.err
    desk = (tmp_path / "out" / "2024-12-08" / "border" / "briefing.md").read_text("utf-8")
    assert "Hussainiwala" in desk and "Ferozepur" in desk, desk
    assert not re.search("[\u00ad\u200b\u2060\ufeff]", desk)


def test_an_article_without_a_source_is_credited_to_the_agency_its_dateline_names(
        tmp_path, run_cli, monkeypatch):
    """A wire or network piece names its outlet in its dateline ("(CNN)", "LONDON
    (Reuters) -"), which cleaning takes off. A row or file that names no source is that
    outlet's, not an "unnamed source": its points cite it, and two such reports of one event
    count as one outlet, not two. A source the row names wins; prose that only mentions an
    agency later on credits nothing."""
    rows = [
        {"id": "c1", "text": "(CNN)A Delta airplane skidded off a snowy runway at LaGuardia "
                             "Airport on Thursday, officials said. No one was badly hurt."},
        {"id": "c2", "text": "LONDON, England (Reuters) -- Britain's parliament voted on "
                             "Tuesday to extend the emergency powers, officials said."},
        {"id": "c3", "source": "Yahoo News",
         "text": "WASHINGTON (AP) — The Senate passed the spending bill late on Friday."},
        {"id": "c4", "text": "The ministry said on Monday that (Reuters) reporters could enter "
                             "the port city again."},
    ]
    (tmp_path / "day.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                        encoding="utf-8")
    (tmp_path / "wire.txt").write_text(
        "(AFP) - Floods forced thousands of people from their homes in the south on Sunday.",
        encoding="utf-8")
    articles = {a.id: a for a in read_sources([tmp_path], tz=UTC).articles}
    assert {i: a.source for i, a in articles.items()} == {
        "c1": "CNN", "c2": "Reuters", "c3": "Yahoo News", "c4": "", "wire": "AFP"}

    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--source", "day.jsonl", "--date", "2024-12-08", "--format",
                     "md")
    assert result.code == 0, result.err
    md = (tmp_path / "out" / "2024-12-08" / "briefing.md").read_text(encoding="utf-8")
    assert "(CNN, *A Delta airplane" in md or "CNN: A Delta airplane" in md, md


def test_control_characters_in_an_article_never_reach_a_briefing_or_its_email(
        tmp_path, run_cli, monkeypatch):
    """A feed or file is someone else's text: an escape sequence in it ("\\x1b]0;…\\x07"
    retitles the reader's terminal, "\\x9b2J" clears it) was written as it was into the
    Markdown a reader `cat`s and the email's text part, and a NUL or escape in the HTML
    stopped `send` with a traceback (lxml refuses such characters), so no one got the day's
    email. Every article read loses them: line breaks and tabs stay."""
    row = {"id": "esc", "title": "Army \x1b[31mshells\x9b2J border town",
           "source": "Wire\x1b]0;pwned\x07", "url": "https://example.com/q",
           "published": "2024-12-08",
           "text": "Troops crossed the river \x1b]0;pwned\x07near the border town on Monday, the "
                   "army said.\x00 Heavy fighting was reported overnight as artillery "
                   "shelled positions.\x7f\n\nThe ministry\x9d said\tnothing."}
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "in.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (article,) = read_sources([tmp_path / "src" / "in.jsonl"], tz=UTC).articles
    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
    for value in (article.title, article.source, article.text):
        assert not controls.search(value), value
    assert article.title == "Army [31mshells2J border town"
    assert "\n\nThe ministry said\tnothing." in article.text

    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["src"]\n[email]\nto = ["duty@example.org"]\n')
    result = run_cli("build", "--date", "2024-12-08")
    assert result.code == 0, result.err
    result = run_cli("send", "--date", "2024-12-08")
    assert result.code == 0, result.err
    (eml,) = (tmp_path / "out" / "outbox").glob("*.eml")
    import email

    message = email.message_from_bytes(eml.read_bytes())
    parts = [p.get_payload(decode=True).decode(p.get_content_charset() or "utf-8")
             for p in message.walk() if p.get_content_maintype() == "text"]
    written = [(tmp_path / "out" / "2024-12-08" / f"briefing.{kind}").read_text(encoding="utf-8")
               for kind in ("md", "html")]
    for text in [*parts, *written]:
        assert "border town" in text
        assert not controls.search(text.replace("\r\n", "\n").replace("\t", " "))


def test_front_matter_of_aliases_nested_a_billion_deep_is_refused_not_expanded(tmp_path):
    """YAML aliases let 30 lines of front matter stand for a list of 3 billion strings
    (the "billion laughs"): its title was turned into text whole, which never ended and
    took all the memory there was. A field that is a list or table is no title, id, outlet
    or URL: the file is skipped with one line saying which field."""
    import subprocess
    import sys

    lines = ["---", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines += ["title: *a9", "---", "", "Troops crossed the river near the border town."]
    (tmp_path / "laughs.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "listed.md").write_text("---\nsource: [Reuters, AP]\n---\n\nTroops crossed the "
                                        "river near the border town.\n", encoding="utf-8")
    script = ("import sys; from datetime import UTC; from briefing.sources import read_sources; "
              "r = read_sources(sys.argv[1:], tz=UTC); print(len(r.articles)); "
              "print('\\n'.join(r.warnings))")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "laughs.md"),
                           str(tmp_path / "listed.md")], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    count, *warnings = done.stdout.splitlines()
    assert count == "0"
    assert warnings == [
        f"{tmp_path / 'laughs.md'}: front matter 'title' is not text (a list), skipped",
        f"{tmp_path / 'listed.md'}: front matter 'source' is not text (a list), skipped"]


def test_a_pipe_a_link_to_nothing_and_a_link_loop_in_a_folder_are_each_one_warning(run_cli,
                                                                                  tmp_path):
    """A folder's named pipe, dangling link and link loop were skipped without a word, so a
    story saved over a broken link was missing from the briefing with nothing to say why.
    Each is one warning naming it and why, as other unreadable files are; nothing waits on
    the pipe (no writer will ever open it). A pipe or link of no kind read is ignored, as
    any such file is."""
    src = tmp_path / "src"
    (src / "wire").mkdir(parents=True)
    (src / "report.txt").write_text("Troops crossed the river on Monday, the army said.\n")
    try:
        os.mkfifo(src / "wire" / "live.jsonl")
        os.mkfifo(src / "notes")
        (src / "moved.md").symlink_to("archive/moved.md")
        (src / "loop.txt").symlink_to("loop.txt")
        (src / "ping.md").symlink_to("pong.md")
        (src / "pong.md").symlink_to("ping.md")
    except (OSError, AttributeError):
        pytest.skip("no named pipes or symbolic links here")
    r = run_cli("read", src)
    assert r.code == 0, r.err
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == ["report"]
    assert r.err.splitlines() == [
        f"warning: {src / 'loop.txt'}: a link loop, skipped",
        f"warning: {src / 'moved.md'}: a link to archive/moved.md, which is not there, skipped",
        f"warning: {src / 'ping.md'}: a link loop, skipped",
        f"warning: {src / 'pong.md'}: a link loop, skipped",
        f"warning: {src / 'wire' / 'live.jsonl'}: a named pipe, skipped",
    ]


def test_a_link_in_a_source_folder_to_a_file_outside_it_is_not_read(tmp_path, run_cli,
                                                                      monkeypatch):
    """A folder source is what its owner pointed at, not what its files point to: whoever
    can drop files into it (a synced or shared folder of news) could add `news.txt` linked
    to ~/.ssh/id_rsa or a password file, and its text went into the briefing, its email
    and the store. Such a link is skipped with a warning; a link to a file inside the
    folder is read, and so is a linked file named as a source itself (its owner chose it)."""
    secret = tmp_path / "private" / "notes.txt"
    secret.parent.mkdir()
    secret.write_text("The password is hunter2, the army said near the border town.\n")
    src = tmp_path / "src"
    (src / "wire").mkdir(parents=True)
    (src / "wire" / "story.txt").write_text("Troops crossed the river near the border town on "
                                            "Monday, the army said.\n")
    try:
        (src / "leak.txt").symlink_to(secret)
        (src / "again.txt").symlink_to(src / "wire" / "story.txt")
    except OSError:
        pytest.skip("no symbolic links here")
    result = read_sources([src], tz=UTC)
    assert not any("hunter2" in a.text for a in result.articles)
    assert sorted(a.id for a in result.articles) == ["again", "wire/story"]
    assert result.warnings == [f"{src / 'leak.txt'}: a link to a file outside {src}, skipped "
                               "(a folder's files are read only from inside it)"]
    assert [a.id for a in read_sources([src / "leak.txt"], tz=UTC).articles] == ["leak"]

    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--source", "src", "--date", "2024-12-08", "--format", "md")
    assert result.code == 0, result.err
    assert "hunter2" not in (tmp_path / "out" / "2024-12-08" / "briefing.md").read_text()
