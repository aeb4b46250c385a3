"""Resource limits: what one hostile or oversized source can cost a build.

Each cap is a config key (see README, "Limits"): characters per key point
(`summary.max_point_chars`), entries per feed (`sources.max_entries_per_feed`), bytes
per article (`sources.max_article_bytes`); and briefing.json names article texts by id
instead of copying them. The speed and memory targets are measured by bench/limits.py,
not here: these tests check what each cap does.
"""

from __future__ import annotations

import json
import random
import re
import time
from datetime import UTC
from pathlib import Path

import pytest
from httpserver import LocalServer, send

from briefing.sources import read_sources
from briefing.sources.feeds import first_entries, parse_feed
from briefing.sources.fetch import FetchSettings
from briefing.sources.limits import ReadLimits
from briefing.text import MAX_POINT_CHARS, cap_sentence, sentence_lines, sentences, untraced

# Words of a news story, in no order and without a full stop: what a scraped page that lost
# its punctuation, or a hostile file, looks like.
WORDS = ["the", "minister", "said", "talks", "would", "resume", "next", "week", "after",
         "ceasefire", "held", "in", "northern", "province", "while", "aid", "convoys",
         "reached", "city", "and", "officials", "counted", "damage", "from", "shelling"]


def unpunctuated(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        word = rng.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def _points(data: dict) -> list[dict]:
    return [p for s in data["sections"] for st in s["stories"] for p in st["key_points"]]


# --- characters per key point -----------------------------------------------------------


def test_a_long_unpunctuated_line_is_cut_between_words_with_an_ellipsis():
    line = unpunctuated(20_000)
    (point,) = sentences(line)
    assert len(point) <= MAX_POINT_CHARS and point.endswith("…")
    assert len(point) > MAX_POINT_CHARS // 2
    kept = point[:-1]
    assert line.startswith(kept) and line[len(kept)] == " "  # a whole word ends it


def test_the_cut_prefers_the_end_of_a_clause_to_the_last_space():
    sentence = "The convoy reached the city, " * 30 + "and the shelling stopped."
    capped = cap_sentence(sentence, 200)
    assert capped is not None and len(capped) <= 200
    assert capped.endswith("the city…")  # before a comma, not mid-clause
    assert cap_sentence("Short and whole.", 200) == "Short and whole."


def test_a_run_of_characters_with_no_place_to_cut_is_no_sentence():
    blob = "x" * 5_000
    assert cap_sentence(blob, 600) is None
    assert sentences(f"{blob}\n\nThe ceasefire held overnight in the north.") == [
        "The ceasefire held overnight in the north."]


def test_a_run_of_marks_without_a_space_is_split_in_linear_time():
    """Punkt reads on from each "!" or "?" to the end of the run it is in: 300,000 marks
    without a space took a minute and a half (the square of the run), under the article
    cap. Now a second or less; the sentences around the run are cut as before."""
    marks = "!?" * 150_000
    text = f"The ceasefire held.\n\n{marks} Aid reached the city.\n\n{marks}"
    start = time.perf_counter()
    found = sentences(text)
    assert time.perf_counter() - start < 10  # 90 s before; a tenth of a second now
    assert found == ["The ceasefire held.", "Aid reached the city."]


def test_a_build_of_an_unpunctuated_page_briefs_points_no_longer_than_the_cap(
        tmp_path, monkeypatch, run_cli):
    """Through the CLI, with the cap set in briefing.toml: every point of briefing.json and
    of the Markdown is within it, and a cut one ends with "…"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[summary]\nmax_point_chars = 200\n")
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Shelling overnight\n---\n" + unpunctuated(50_000) + "\n")
    r = run_cli("build", "--source", page, "--format", "md,json", "--date", "2024-12-09")
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out/2024-12-09/briefing.json").read_text())
    points = _points(data) + data["top_lines"]
    assert points
    for p in points:
        assert len(p["text"]) <= 200 and p["text"].endswith("…")
    markdown = (tmp_path / "out/2024-12-09/briefing.md").read_text()
    assert max(len(line) for line in markdown.splitlines()) < 600
    assert len(markdown) < 20_000  # not 50 KB of one "sentence"


def test_the_point_cap_is_checked_at_load(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[summary]\nmax_point_chars = 10\n")
    r = run_cli("build", "--source", tmp_path, "--format", "md")
    assert r.code != 0
    assert "summary.max_point_chars must be from 60 to 100000, not 10" in r.err
    assert "Traceback" not in r.err


# --- entries per feed ---------------------------------------------------------------------


def rss(count: int) -> str:
    """An RSS feed of `count` full-text entries (no link: nothing to fetch), each its own
    story; one entry's HTML, in CDATA, holds "<item>" to trip a careless tag count."""
    items = []
    for i in range(count):
        body = f"{unpunctuated(900, seed=i)}. Officials in district {i} confirmed it."
        extra = "<![CDATA[<p>see <item> and </item> here</p>]]>" if i == 1 else ""
        items.append(f"<item><title>Report {i} from district {i}</title>"
                     f"<guid isPermaLink=\"false\">report-{i}</guid>"
                     f"<pubDate>Mon, 09 Dec 2024 10:{i % 60:02d}:00 +0000</pubDate>"
                     f"<description>{body}</description>{extra}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            "<title>Wire</title><link>https://example.org/</link><description>d</description>\n"
            + "\n".join(items) + "\n</channel></rss>\n")


def atom(count: int) -> str:
    entries = "".join(
        f"<entry><id>urn:e:{i}</id><title>Entry {i}</title><updated>2024-12-09T10:00:00Z"
        f"</updated><content type=\"html\"><![CDATA[<p>{unpunctuated(900, seed=i)}. "
        f"<entry> is not a tag here.</p>]]></content></entry>\n" for i in range(count))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Atom wire</title><id>urn:feed</id><updated>2024-12-09T10:00:00Z</updated>\n"
            + entries + "</feed>\n")


def test_a_feed_file_with_more_entries_than_the_cap_briefs_the_cap_with_one_warning(
        tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[sources]\nmax_entries_per_feed = 10\n")
    feed = tmp_path / "wire.xml"
    feed.write_text(rss(25))
    r = run_cli("build", "--source", feed, "--format", "json", "--date", "2024-12-09")
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out/2024-12-09/briefing.json").read_text())
    assert sorted(a["title"] for a in data["articles"]) == sorted(
        f"Report {i} from district {i}" for i in range(10))
    warnings = [line for line in r.err.splitlines() if "entries" in line]
    assert len(warnings) == 1, r.err
    assert str(feed) in warnings[0] and "25 entries" in warnings[0]
    assert "the first 10" in warnings[0] and "sources.max_entries_per_feed" in warnings[0]


@pytest.mark.parametrize("make", [rss, atom])
def test_only_the_first_entries_are_parsed_and_a_tag_inside_cdata_is_no_entry(make):
    data = make(30).encode()
    head, total = first_entries(data, 7)
    assert total == 30
    entries = parse_feed(head, tz=UTC)
    assert len(entries) == 7 and len(head) < len(data) / 3
    assert entries == parse_feed(data, tz=UTC)[:7]  # the same entries, read whole
    assert first_entries(data, 30) == (data, 30)  # at the cap: handed on as it is


def test_a_feed_over_http_gives_the_cap_and_one_warning_through_ingest(
        tmp_path, monkeypatch, run_cli):
    body = rss(12).encode()
    server = LocalServer({"/wire.rss": lambda h: send(h, 200, body, "application/rss+xml")})
    server.start()
    try:
        monkeypatch.chdir(tmp_path)
        (tmp_path / "briefing.toml").write_text(
            f'[sources]\npaths = []\nurls = ["{server.url("/wire.rss")}"]\n'
            "max_entries_per_feed = 5\n")
        r = run_cli("ingest")
    finally:
        server.stop()
    assert r.code == 0, r.err
    assert r.out.startswith("5 articles read, 5 new")
    (warning,) = [line for line in r.err.splitlines() if "entries" in line]
    assert server.url("/wire.rss") in warning and "12 entries" in warning


# --- bytes per article --------------------------------------------------------------------


def _big_files(folder: Path, text: str) -> dict[str, Path]:
    """The same long text as each kind of file a reader takes."""
    folder.mkdir()
    html_text = "".join(f"<p>{p}.</p>" for p in text.split(". "))
    files = {
        "txt": ("big-text.txt", f"---\ntitle: Big text\n---\n{text}\n"),
        "md": ("big-markdown.md", f"---\ntitle: Big markdown\n---\n{text}\n"),
        "json": ("big.json", json.dumps({"id": "big-json", "title": "Big JSON", "text": text})),
        "jsonl": ("big.jsonl", json.dumps({"id": "big-jsonl", "title": "Big row", "text": text})),
        "html": ("big-page.html", f"<html><head><title>Big page</title></head><body><article>"
                                  f"<h1>Big page</h1>{html_text}</article></body></html>"),
        "feed": ("big.xml", rss(0).replace("</channel>", "<item><title>Big entry</title>"
                 f"<guid>big-entry</guid><description>{text}</description></item></channel>")),
    }
    out = {}
    for kind, (name, content) in files.items():
        (folder / name).write_text(content)
        out[kind] = folder / name
    return out


SMALL_ARTICLES = FetchSettings(limits=ReadLimits(max_article_bytes=5_000))


def test_every_reader_cuts_an_over_size_article_with_a_warning_naming_it(tmp_path):
    text = ". ".join(unpunctuated(300, seed=i).capitalize() for i in range(200)) + "."
    files = _big_files(tmp_path / "in", text)
    result = read_sources([tmp_path / "in"], tz=UTC, settings=SMALL_ARTICLES)
    assert len(result.articles) == len(files)
    for article in result.articles:
        size = len(article.text.encode())
        assert 4_000 < size <= 5_000, (article.title, size)
        assert text.startswith(article.text[:1000].split("\n")[0][:200])
    assert len(result.warnings) == len(files), result.warnings
    for kind, path in files.items():
        (warning,) = [w for w in result.warnings if w.startswith(f"{path}: ")]
        assert "bytes of text; only the first 5,000 were read" in warning, kind
        assert "Big" in warning  # the article is named by its title
    assert not read_sources([tmp_path / "in"], tz=UTC).warnings  # the default cap is 1 MB


def test_a_text_file_far_over_the_cap_is_not_read_whole(tmp_path):
    """A 2 GB log saved as .txt was read, decoded and copied whole (several times its size
    in memory) only to be cut to 1 MB. Only the cap, and room for front matter, is read
    now; the warning still gives the file's whole size."""
    import tracemalloc

    folder = tmp_path / "in"
    folder.mkdir()
    paragraph = ". ".join(unpunctuated(200, seed=i).capitalize() for i in range(20)) + ".\n\n"
    big = folder / "log.txt"
    with big.open("w") as f:
        f.write("---\ntitle: Big log\n---\n")
        while f.tell() < 30_000_000:
            f.write(paragraph * 100)
    body_size = big.stat().st_size - len("---\ntitle: Big log\n---\n")
    tracemalloc.start()
    try:
        result = read_sources([folder], tz=UTC)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 15_000_000  # 120 MB before
    (article,) = result.articles
    assert 900_000 < len(article.text.encode()) <= 1_000_000
    assert article.title == "Big log" and paragraph.startswith(article.text[:100])
    assert article.text.endswith(".")  # cut at a paragraph break
    (warning,) = result.warnings
    assert f"has {body_size:,} bytes of text; only the first 1,000,000 were read" in warning


def test_a_page_over_http_is_cut_with_a_warning(tmp_path):
    text = ". ".join(unpunctuated(300, seed=i).capitalize() for i in range(200)) + "."
    page = ("<html><head><title>Long page</title></head><body><article><h1>Long page</h1>"
            + "".join(f"<p>{p}.</p>" for p in text.split(". ")) + "</article></body></html>")
    server = LocalServer({"/long": lambda h: send(h, 200, page.encode(), "text/html")})
    server.start()
    try:
        result = read_sources([server.url("/long")], tz=UTC, settings=SMALL_ARTICLES)
    finally:
        server.stop()
    (article,) = result.articles
    assert len(article.text.encode()) <= 5_000
    (warning,) = result.warnings
    assert warning.startswith(server.url("/long")) and "'Long page'" in warning


def test_a_page_of_too_many_elements_is_skipped_in_one_line_not_read_for_minutes(tmp_path):
    """trafilatura's time grows with the square of a page's elements: a saved page of
    200,000 paragraphs took nearly 3 minutes and 700 MB, and pages are read one at a time.
    One over MAX_PAGE_ELEMENTS is skipped with one warning, by file and over HTTP; the
    other articles are read."""
    from briefing.sources.html import MAX_PAGE_ELEMENTS

    rows = "".join(f"<p>Aid reached district {i}.</p>" for i in range(MAX_PAGE_ELEMENTS))
    page = f"<html><head><title>Listing</title></head><body><article>{rows}</article></body></html>"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "listing.html").write_text(page)
    (folder / "report.txt").write_text("Ceasefire holds\n\nThe ceasefire held overnight.\n")
    server = LocalServer({"/listing": lambda h: send(h, 200, page.encode(), "text/html")})
    server.start()
    try:
        result = read_sources([folder, server.url("/listing")], tz=UTC)
    finally:
        server.stop()
    assert [a.title for a in result.articles] == ["Ceasefire holds"]
    for where in (str(folder / "listing.html"), server.url("/listing")):
        (line,) = [w for w in result.warnings if w.startswith(where)]
        assert f"{MAX_PAGE_ELEMENTS + 5:,} HTML elements" in line, line


def test_the_article_cap_comes_from_the_config(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[sources]\nmax_article_bytes = 2000\n")
    big = tmp_path / "big.txt"
    big.write_text("---\ntitle: Big text\n---\n"
                   + ". ".join(unpunctuated(200, seed=i).capitalize() for i in range(60)) + ".")
    r = run_cli("summarize", big)
    assert r.code == 0, r.err
    (warning,) = [line for line in r.err.splitlines() if "sources.max_article_bytes" in line]
    assert str(big) in warning and "'Big text'" in warning
    (tmp_path / "briefing.toml").write_text("[sources]\nmax_article_bytes = 10\n")
    r = run_cli("summarize", big)
    assert r.code != 0 and "sources.max_article_bytes must be from 1000 to 1000000000" in r.err


# --- briefing.json --------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["summarize", "classify", "stories"])
def test_rows_of_input_are_held_to_the_article_cap(tmp_path, monkeypatch, run_cli, command):
    """A row of --input was read whole however long (`summarize` took 15 s and `classify`
    370 MB on one row of 20 MB, and both grow with it): it is cut as a build cuts an
    article, with the same warning naming the row, and every row is still answered."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[sources]\nmax_article_bytes = 2000\n")
    big = ". ".join(unpunctuated(200, seed=i).capitalize() for i in range(60)) + "."
    rows = [{"id": 7, "title": "Big row", "text": big, "source": "Wire"},
            {"id": 8, "title": "Small row", "text": "The ceasefire held overnight.",
             "source": "Wire"}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = run_cli(command, "--input", "in.jsonl")
    assert r.code == 0, r.err
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == [7, 8]
    (warning,) = r.err.splitlines()
    size = len(big.encode())
    assert warning.startswith("warning: in.jsonl: line 1: article ")
    assert warning.endswith(f"has {size:,} bytes of text; only the first 2,000 were read "
                            "(sources.max_article_bytes)")


def test_an_outlet_name_of_thousands_of_characters_is_clipped_in_the_sources_list(
        tmp_path, monkeypatch, run_cli):
    """Every place a briefing names an outlet clipped it to 80 characters but the Sources
    list, which printed it whole: a feed or front matter with a 50,000-character outlet name
    made the PDF (drawn from the HTML) take 45 s for one article, and filled the Markdown
    and HTML with it. The Sources list clips it too."""
    monkeypatch.chdir(tmp_path)
    outlet = "S" * 30_000
    body = ". ".join(unpunctuated(120, seed=i).capitalize() for i in range(8)) + "."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(
        f"---\ntitle: Ceasefire talks resume\nsource: {outlet}\n---\n\n{body}\n")
    r = run_cli("build", "--source", tmp_path / "in", "--date", "2024-12-08",
                "--format", "md,html")
    assert r.code == 0, r.err
    for name in ("briefing.md", "briefing.html"):
        text = (tmp_path / "out" / "2024-12-08" / name).read_text()
        longest = max(len(m) for m in re.findall("S+", text))
        assert 70 <= longest <= 80, (name, longest)


def test_briefing_json_names_articles_by_id_and_copies_no_text(workdir, run_cli):
    """Every point and story reaches its article by id; no article's text is written in,
    not even once (it was once per section its story appeared in, and once more)."""
    r = run_cli("build", "--source", "seeds", "--format", "json", "--date", "2024-12-24")
    assert r.code == 0, r.err
    raw = (workdir / "out/2024-12-24/briefing.json").read_text()
    data = json.loads(raw)
    articles = {a["id"]: a for a in data["articles"]}
    assert len(articles) == len(data["articles"]) == 6
    for a in articles.values():
        assert "text" not in a and a["title"] and a["path"]
    stories = [st for s in data["sections"] for st in s["stories"]]
    assert stories
    for st in stories:
        assert "articles" not in st and set(st["article_ids"]) <= set(articles)
        for p in [*st["key_points"], *([st["lead"]] if st["lead"] else [])]:
            assert p["article_id"] in articles and isinstance(p["position"], int)
            assert p["article_id"] in st["article_ids"] or p["also_reported_by"]
    for p in data["top_lines"]:
        assert p["article_id"] in articles
    # each key point is traceable: its position is the index of its sentence in the text,
    # and its spans say where every word outside [insertions] comes from
    for st in stories:
        for p in st["key_points"]:
            if p["position"] >= 0 and not p["speaker"]:
                path = articles[p["article_id"]]["path"]
                (article,) = read_sources([path], tz=UTC).articles
                lines = sentence_lines(article.text)
                assert untraced(p["text"], [tuple(s) for s in p["spans"]], lines) is None
                sents = sentences(article.text)
                start = sum(len(s) + 1 for s in sents[: p["position"]])
                own = range(start, start + len(sents[p["position"]]))
                assert any(a in own for a, _ in p["spans"])  # its own sentence is shown
    # and no paragraph of any article is in the file
    for article in read_sources([workdir / "seeds"], tz=UTC).articles:
        for paragraph in article.text.split("\n\n"):
            if len(paragraph) > 400:
                assert paragraph[:400] not in raw


def test_markdown_nested_too_deeply_is_one_warning_not_a_traceback(run_cli, tmp_path):
    # a list nested 600 deep is 360 KB of Markdown that the Markdown library reads by
    # recursion: its RecursionError ended `read` and `build` with a traceback, whatever
    # the other files held
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "deep.md").write_text("".join("  " * i + "- x\n" for i in range(600)))
    (folder / "report.md").write_text("The army advanced on the city on Monday.\n")
    r = run_cli("read", folder)
    assert r.code == 0, r.err
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == ["report"]
    assert r.err == f"warning: {folder / 'deep.md'}: Markdown nested too deeply to read, skipped\n"


def test_a_markdown_file_of_markup_alone_is_no_article(run_cli, tmp_path):
    # a draft holding only a comment, or an image: read as an article with no title and
    # no text, which a build counted and listed as "Untitled article"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "draft.md").write_text("<!-- to be written -->\n")
    (folder / "photo.md").write_text("![](photo.jpg)\n")
    (folder / "headline.md").write_text("---\ntitle: Floods close the port\n---\n\n![](a.jpg)\n")
    (folder / "report.md").write_text("The army advanced on the city on Monday.\n")
    r = run_cli("read", folder)
    assert r.code == 0, r.err
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == ["headline", "report"]
    assert r.err == "".join(f"warning: {folder / name}: no text to read, skipped\n"
                            for name in ("draft.md", "photo.md"))


@pytest.mark.parametrize("hostile", [
    "[" * 8000,  # a link opened and never closed, 8,000 times
    "![a " * 3000,  # images
    "[a](" * 4000,  # link targets
    "<a \n\n" * 6000,  # HTML tags left open, even in paragraphs of their own
    "a\n=\n" * 8000,  # setext headings in one block
])
def test_markdown_that_would_take_minutes_is_read_as_plain_text(run_cli, tmp_path, hostile):
    # Python-Markdown's inline and HTML scanning is quadratic (its issue #798): each of these
    # took 3 to 11 s, and a 1 MB file of them hours, a build hung on one .md file
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "hostile.md").write_text("The army advanced on Monday.\n\n" + hostile)
    (folder / "report.md").write_text("The army advanced on the *city* on Monday.\n")
    start = time.monotonic()
    r = run_cli("read", folder)
    assert time.monotonic() - start < 10
    assert r.code == 0, r.err
    rows = {row["id"]: row for row in map(json.loads, r.out.splitlines())}
    assert rows["report"]["text"] == "The army advanced on the city on Monday."
    # its words kept as written, markup and all
    assert rows["hostile"]["text"].split() == ("The army advanced on Monday. " + hostile).split()
    assert r.err.count("warning: ") == 1
    assert r.err.startswith(f"warning: {folder / 'hostile.md'}: Markdown too costly to read (")
    assert r.err.endswith("), read as plain text\n")


def test_realistic_markdown_is_read_as_markdown(tmp_path):
    # a list of 300 links, a table of 200 rows, 500 paragraphs of inline HTML: more than a
    # news article has, still read as Markdown, with room to spare
    from briefing.sources.files import MARKDOWN_BUDGET, markdown_cost, markdown_to_text

    links = "".join(f"- [Report {i} on the talks](https://example.org/news/{i})\n"
                    for i in range(300))
    table = "| outlet | story |\n|---|---|\n" + "".join(
        f"| [Outlet {i}](https://example.org/{i}) | <b>Talks</b> resume in <i>Doha</i> |\n"
        for i in range(200))
    html = "\n\n".join(f"The <abbr title='United Nations'>UN</abbr> said [more]"
                       f"(https://un.org/{i}) on <span class=x>day {i}</span>." for i in range(500))
    for body in (links, table, html):
        assert markdown_cost(body) < MARKDOWN_BUDGET / 2
        path = tmp_path / "a.md"
        path.write_text(body)
        result = read_sources([path], tz=UTC)
        assert [a.text for a in result.articles] == [markdown_to_text(body).strip()]
        assert not result.warnings


def test_a_title_of_100_kb_is_cut_when_read_with_one_warning(tmp_path, monkeypatch, run_cli):
    """The Markdown, HTML and PDF clip a title, but briefing.json, `read` and the store took
    a 100 KB one whole (a front matter or feed that put the body in the title): it is cut to
    1,000 characters at a word, ended with "…", when the article is read."""
    import sqlite3

    monkeypatch.chdir(tmp_path)
    long_title = unpunctuated(100_000)
    body = ". ".join(unpunctuated(120, seed=i).capitalize() for i in range(8)) + "."
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text(f"---\ntitle: {long_title}\n---\n\n{body}\n")
    (tmp_path / "in" / "b.jsonl").write_text(json.dumps(
        {"id": "b", "title": "T" * 5_000, "text": "The army advanced on Monday."}) + "\n")
    (tmp_path / "in" / "c.md").write_text("---\ntitle: Floods close the port\n---\n\nText.\n")
    r = run_cli("read", tmp_path / "in")
    assert r.code == 0, r.err
    titles = {row["id"]: row["title"] for row in map(json.loads, r.out.splitlines())}
    assert titles["c"] == "Floods close the port"
    assert titles["a"].endswith("…") and len(titles["a"]) <= 1_001
    assert long_title.startswith(titles["a"][:-1] + " ")  # cut at a word
    assert titles["b"] == "T" * 1_000 + "…"  # no word to cut at
    assert r.err.splitlines() == [
        f"warning: {tmp_path / 'in' / 'a.md'}: article {long_title[:60]!r} has a title of "
        f"{len(long_title):,} characters; only the first 1,000 were kept",
        f"warning: {tmp_path / 'in' / 'b.jsonl'}: article {'T' * 60!r} has a title of "
        "5,000 characters; only the first 1,000 were kept"]

    r = run_cli("build", "--source", tmp_path / "in", "--date", "2024-12-08", "--format", "json")
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out" / "2024-12-08" / "briefing.json").read_text())
    assert max(len(a["title"]) for a in data["articles"]) <= 1_001
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["in"]\n')
    r = run_cli("ingest")
    assert r.code == 0, r.err
    with sqlite3.connect(tmp_path / "out" / "briefing.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert db.execute("SELECT max(length(title)) FROM articles").fetchone()[0] <= 1_001
