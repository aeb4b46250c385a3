"""Editions kept aside (out/<date>/edition-<n>/): a rebuild of a date with other articles
moves the previous edition's files one folder deeper. Its HTML's links to other days'
briefings must still lead there, and the archive index must list it under its date.

The days are the shipped seeds (8, 14, 15 and 16 December 2024), built through the CLI
with `--date`; the 16th is rebuilt once a new article of that day has arrived.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from briefing.config import load_config
from briefing.pipeline import build

DAYS = ("2024-12-08", "2024-12-14", "2024-12-15", "2024-12-16")
NEW_ARTICLE = """---
title: "Aid convoy reaches Aleppo after border crossing reopens"
source: "Example Wire"
published: "2024-12-16"
---

An aid convoy of 30 trucks reached Aleppo on Monday after the Bab al-Hawa border crossing
reopened, the United Nations said. The convoy carried food and medical supplies for
displaced families.
"""


def days_then_a_rebuild(run_cli, workdir: Path) -> dict[str, bytes]:
    """Each day built, then the 16th again with a new article; the files of the 16th's
    first edition as they were written (before they were kept aside)."""
    for day in DAYS:
        got = run_cli("build", "--date", day, "--format", "md,html,json")
        assert got.code == 0, got.err
    folder = workdir / "out" / DAYS[-1]
    written = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    (workdir / "seeds" / "2024-12-16-aid-convoy.md").write_text(NEW_ARTICLE)
    got = run_cli("build", "--date", DAYS[-1], "--format", "md,html,json")
    assert got.code == 0, got.err
    assert (folder / "edition-1" / "briefing.html").is_file()
    return written


def relative_links(html_file: Path) -> list[str]:
    """Every href and src of the file that is a relative URL (no scheme, no host)."""
    document = lxml.html.document_fromstring(html_file.read_bytes())
    links = [value for element in document.iter() if isinstance(element.tag, str)
             for name, value in element.attrib.items() if name in ("href", "src")]
    return [v for v in links if not urlsplit(v).scheme and not urlsplit(v).netloc]


def test_a_kept_edition_links_to_other_days_where_they_are(run_cli, workdir):
    written = days_then_a_rebuild(run_cli, workdir)
    html_file = workdir / "out" / DAYS[-1] / "edition-1" / "briefing.html"
    links = relative_links(html_file)
    outside = [link for link in links if not link.startswith("#")]
    assert outside, "the 16th links to no earlier briefing: the test proves nothing"
    for link in links:
        parts = urlsplit(link)
        target = (html_file.parent / unquote(parts.path)) if parts.path else html_file
        assert target.is_file(), (link, target)
        if parts.fragment and target.suffix == ".html":
            assert f'id="{parts.fragment}"' in target.read_text(), (link, target)
    # only those links changed: one folder deeper, one more "../"; the rest as written
    text = written["briefing.html"].decode()
    for link in outside:
        assert link.startswith("../../")
        text = text.replace(f'"{link[3:]}"', f'"{link}"')
    assert html_file.read_text() == text
    for name in ("briefing.md", "briefing.json"):  # no link out of the folder: untouched
        assert (html_file.parent / name).read_bytes() == written[name]


def test_only_links_out_of_the_kept_files_climb_one_more_level():
    from briefing.render import html_moved_down

    kept = ["briefing.html", "briefing.pdf"]
    page = ('<!DOCTYPE html>\n<html><body><a href="#sources">in</a>'
            '<a href="https://example.org/a?x=1&amp;y=2">web</a>'
            '<a href="briefing.pdf">kept</a> <a href=\'./briefing.html#top\'>self</a>\r\n'
            '<a class="x" href="../2024-12-15/briefing.html#story-1">day</a>'
            '<a href="edition-1/briefing.html?a=1&amp;b=2#s">earlier</a>'
            '<img src="notes.png" alt=""><a href="/root">root</a>'
            '<p>href="../not-a-link" as text</p></body></html>\n')
    assert html_moved_down(page, kept) == (
        page.replace('"../2024-12-15/', '"../../2024-12-15/')
            .replace('"edition-1/', '"../edition-1/').replace('"notes.png"', '"../notes.png"'))
    # where lxml and the text do not agree on the links, the file is left as it is
    odd = '<html><body><script>var s = \' href="x"\';</script><a href="../a">a</a></body></html>'
    assert html_moved_down(odd, kept) == odd


def test_the_archive_index_lists_a_kept_edition_under_its_date(run_cli, workdir):
    days_then_a_rebuild(run_cli, workdir)
    kept = workdir / "out" / DAYS[-1] / "edition-1"
    index = workdir / "out" / "index.html"
    document = lxml.html.document_fromstring(index.read_bytes())
    links = [a.get("href") for a in document.iter("a")]
    for kind in ("html", "md"):
        assert f"{DAYS[-1]}/edition-1/briefing.{kind}" in links
    for link in links:
        assert (index.parent / unquote(link)).is_file(), link
    # under its date: after the 16th's own row, before the 15th's
    assert (links.index(f"{DAYS[-1]}/briefing.html")
            < links.index(f"{DAYS[-1]}/edition-1/briefing.html")
            < links.index(f"{DAYS[-2]}/briefing.html"))
    # built today (the CLI's clock) for the 16th of 2024: the time, and the day it was built
    built = datetime.fromisoformat(json.loads((kept / "briefing.json").read_text())
                                   ["generated_at"]).astimezone(UTC)
    text = " ".join(document.text_content().split())
    assert f"Earlier edition 1, built {built.day} {built:%b %Y, %H:%M}" in text


def test_an_edition_built_on_its_day_shows_the_time_it_was_built(workdir):
    config = load_config(cwd=workdir)
    day = date(2024, 12, 16)
    build(config, day=day, formats=["md", "json"], now=datetime(2024, 12, 16, 7, 5, tzinfo=UTC))
    (workdir / "seeds" / "2024-12-16-aid-convoy.md").write_text(NEW_ARTICLE)
    build(config, day=day, formats=["md", "json"], now=datetime(2024, 12, 16, 18, tzinfo=UTC))
    document = lxml.html.document_fromstring((workdir / "out" / "index.html").read_bytes())
    (row,) = document.find_class("edition")
    assert " ".join(row.text_content().split()).startswith("Earlier edition 1, built 07:05 ")
    assert [a.get("href") for a in row.iter("a")] == ["2024-12-16/edition-1/briefing.md"]


# --- a later day's links into a date rebuilt after it -------------------------------------

LATE = ("2024-12-15", "2024-12-16")  # the 16th links to the 15th's Truman story


def landed(html_file: Path, link: str, hops: int = 3) -> Path:
    """The file whose entry a relative link from `html_file` lands on: its target's id
    must exist; a line of "In earlier editions of this day" is followed on to the edition
    it names, which must show the story itself."""
    parts = urlsplit(link)
    target = (html_file.parent / unquote(parts.path)).resolve()
    assert target.is_file(), (link, target)
    document = lxml.html.document_fromstring(target.read_bytes())
    found = document.get_element_by_id(parts.fragment, None)
    assert found is not None, (link, target)
    if "earlier" in {e.get("class") for e in found.iterancestors()}:
        assert hops, (link, target)
        (onward,) = [a.get("href") for a in found.iter("a")]
        assert urlsplit(onward).fragment == parts.fragment
        return landed(target, onward, hops - 1)
    return target


def links_into(html_file: Path, day: str) -> list[str]:
    return [link for link in relative_links(html_file)
            if urlsplit(link).path == f"../{day}/briefing.html"]


def pdf_links(pdf_file: Path) -> list[str]:
    """Each link's target as an address: a web link's URI, a jump into another PDF (a
    remote go-to) as "file#destination"."""
    import pypdf

    reader = pypdf.PdfReader(pdf_file)
    actions = [a.get_object()["/A"] for p in reader.pages
               for a in p.get("/Annots", []) if "/A" in a.get_object()]
    return [f"{a['/F']}#{a['/D']}" if a["/S"] == "/GoToR" else a.get("/URI") for a in actions]


def test_a_later_days_links_land_in_a_date_rebuilt_after_it(run_cli, workdir):
    import pypdf

    for day in LATE:
        assert run_cli("build", "--date", day, "--format", "html,pdf").code == 0
    later = workdir / "out" / LATE[1] / "briefing.html"
    links = links_into(later, LATE[0])
    assert links, "the 16th links to no story of the 15th: the test proves nothing"
    # the 15th briefed again, on demand, from one other article: the stories the 16th
    # links to are in its first edition only, kept aside in edition-1/
    other = workdir / "aid-convoy.md"
    other.write_text(NEW_ARTICLE.replace("2024-12-16", LATE[0]))
    got = run_cli("build", "--source", other, "--date", LATE[0], "--format", "html,pdf")
    assert got.code == 0, got.err
    folder = workdir / "out" / LATE[0]
    for link in links:  # each lands on the story, in the edition that shows it
        assert landed(later, link) == (folder / "edition-1" / "briefing.html").resolve()
    earlier = lxml.html.document_fromstring((folder / "briefing.html").read_bytes())
    heading = earlier.get_element_by_id("earlier-h").text_content()
    assert heading == "In earlier editions of this day"
    # the PDF: the 16th's link names a destination of the rebuilt PDF, whose line there
    # links on to the kept PDF's entry
    reader = pypdf.PdfReader(folder / "briefing.pdf")
    onward = pdf_links(folder / "briefing.pdf")
    kept = pypdf.PdfReader(folder / "edition-1" / "briefing.pdf").named_destinations
    into = [u for u in pdf_links(workdir / "out" / LATE[1] / "briefing.pdf")
            if u.startswith(f"../{LATE[0]}/briefing.pdf#")]
    assert into
    for uri in into:
        anchor = uri.split("#", 1)[1]
        assert anchor in reader.named_destinations, uri
        assert f"edition-1/briefing.pdf#{anchor}" in onward, uri
        assert anchor in kept, uri
    # a briefing with nothing kept aside has no such list
    assert 'id="earlier-editions"' not in later.read_text()
    assert "In earlier editions" not in " ".join(
        p.extract_text() for p in pypdf.PdfReader(folder.parent / LATE[1] / "briefing.pdf").pages)


def test_the_links_still_land_after_a_second_rebuild_and_from_a_kept_one(run_cli, workdir):
    for day in LATE:
        assert run_cli("build", "--date", day, "--format", "html").code == 0
    later = workdir / "out" / LATE[1] / "briefing.html"
    links = links_into(later, LATE[0])
    assert links
    # briefed on demand twice: the 15th's first edition goes to edition-1/, the first
    # on-demand one (which leads on to edition-1/) to edition-2/
    for n, wording in enumerate(("30 trucks", "12 trucks")):
        other = workdir / f"other-{n}.md"
        other.write_text(NEW_ARTICLE.replace("2024-12-16", LATE[0]).replace("30 trucks", wording))
        got = run_cli("build", "--source", other, "--date", LATE[0], "--format", "html")
        assert got.code == 0, got.err
    folder = workdir / "out" / LATE[0]
    for link in links:  # still the first edition's entries, from the newest briefing
        assert landed(later, link) == (folder / "edition-1" / "briefing.html").resolve()
    kept = folder / "edition-2" / "briefing.html"
    onward = [link for link in relative_links(kept) if "edition-1/" in link]
    assert onward, "the kept on-demand edition led nowhere: the test proves nothing"
    for link in onward:  # its lines, one folder deeper, still reach edition-1/
        assert link.startswith("../edition-1/")
        assert landed(kept, link) == (folder / "edition-1" / "briefing.html").resolve()


def test_the_markdown_names_the_stories_of_earlier_editions_as_the_html_does(run_cli, workdir):
    """The HTML and PDF of a rebuilt date end with "In earlier editions of this day", naming
    each story an edition kept aside showed and this one does not; the Markdown (and so the
    email's text part) ended without it, so its reader was never told of the Truman strike
    group's story the first edition had briefed."""
    for day in LATE:
        assert run_cli("build", "--date", day, "--format", "md,html").code == 0
    other = workdir / "aid-convoy.md"
    other.write_text(NEW_ARTICLE.replace("2024-12-16", LATE[0]))
    got = run_cli("build", "--source", other, "--date", LATE[0], "--format", "md,html")
    assert got.code == 0, got.err
    folder = workdir / "out" / LATE[0]
    html = lxml.html.document_fromstring((folder / "briefing.html").read_bytes())
    lines = [" ".join(li.text_content().split())
             for li in html.get_element_by_id("earlier-editions").iter("li")]
    assert lines and all(line.endswith(" · edition 1") for line in lines), lines
    md = (folder / "briefing.md").read_text(encoding="utf-8")
    assert "\n## In earlier editions of this day\n" in md
    block = md.split("\n## In earlier editions of this day\n", 1)[1].split("\n## ", 1)[0]
    from briefing.render import md_unescape

    assert [line[2:] for line in md_unescape(block).splitlines() if line.startswith("- ")] \
        == lines
