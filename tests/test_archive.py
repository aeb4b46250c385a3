"""out/index.html: every briefing built, newest first, with its counts and its files.

Rebuilt by every build from out/<date>/briefing.json; nothing but the folder is needed.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

from briefing.config import load_config
from briefing.pipeline import build
from briefing.render import RenderOptions, archive_entries, write_archive_index


def test_each_build_rebuilds_the_index_newest_first(workdir):
    config = load_config(cwd=workdir)
    first = build(config, day=date(2024, 12, 8), formats=["md", "json"],
                  now=datetime(2024, 12, 8, 7, tzinfo=UTC))
    index = workdir / "out" / "index.html"
    assert "8 December 2024" in index.read_text()
    build(config, day=date(2024, 12, 16), formats=["md", "html", "json"],
          now=datetime(2024, 12, 16, 7, tzinfo=UTC))
    html = index.read_text()
    assert html.index("16 December 2024") < html.index("8 December 2024")
    for section in first.briefing.sections:  # headline counts by theme
        n = sum(len(st.key_points) for st in section.stories)
        assert f"{section.title}: {n}" in html
    links = re.findall(r'href="([^"]+)"', html)
    assert "2024-12-16/briefing.html" in links and "2024-12-08/briefing.md" in links
    assert "2024-12-08/briefing.html" not in links  # only the files that exist
    for link in links:
        assert (workdir / "out" / link).is_file()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)  # standalone


def test_a_damaged_or_partial_folder_is_listed_not_fatal(tmp_path):
    out = tmp_path / "out"
    (out / "2024-12-01").mkdir(parents=True)
    (out / "2024-12-01" / "briefing.json").write_text("{not json")
    (out / "2024-12-01" / "briefing.pdf").write_bytes(b"%PDF-1.7")
    (out / "2024-12-02").mkdir()
    (out / "2024-12-02" / "briefing.md").write_text("# Daily briefing\n")
    (out / "notes").mkdir()  # not a briefing folder
    (out / "2024-13-99").mkdir()  # not a date
    entries = archive_entries(out)
    assert [e.day for e in entries] == [date(2024, 12, 2), date(2024, 12, 1)]
    assert entries[1].note == "briefing.json unreadable"
    assert entries[1].files == (("pdf", "2024-12-01/briefing.pdf"),)
    html = write_archive_index(out, RenderOptions(organisation="Desk")).read_text()
    assert "briefing.json unreadable" in html and "no briefing.json" in html


def test_an_empty_out_folder_gives_an_empty_index(tmp_path):
    html = write_archive_index(tmp_path / "out", RenderOptions()).read_text()
    assert "No briefings built yet." in html


def test_the_index_counts_articles_as_the_briefing_does(tmp_path):
    """The number under a day's counts is its briefing's articles, the header's "3 articles":
    called "sources" it read as outlets (a desk's 34 articles from 4 outlets, "34 sources")."""
    out = tmp_path / "out"
    (out / "2024-12-01").mkdir(parents=True)
    articles = [{"id": f"a{i}", "title": f"Report {i}", "source": "Wire"} for i in range(3)]
    (out / "2024-12-01" / "briefing.json").write_text(json.dumps({
        "title": "Daily briefing", "articles": articles, "sections": [],
        "counts": {"articles": 3, "key_points": 2, "themes": 1, "sections": [
            {"theme": "military", "title": "Military action", "key_points": 2}]}}))
    (out / "2024-12-01" / "briefing.html").write_text("<!DOCTYPE html>")
    html = write_archive_index(out, RenderOptions()).read_text()
    assert "Military action: 2<br>3 articles" in html
    assert not re.search(r"\d sources?\b", html)


def test_a_day_whose_articles_were_all_left_out_says_so(tmp_path):
    """A day of sport only briefs nothing, but news came in: its header says "3 articles on
    other subjects left out", and so must the index, not a bare "No new items", which
    reads as a day when nothing arrived (a quiet source, an outage)."""
    out = tmp_path / "out"
    (out / "2024-12-02").mkdir(parents=True)
    (out / "2024-12-02" / "briefing.json").write_text(json.dumps({
        "title": "Daily briefing", "articles": [], "sections": [],
        "left_out": [["s1", "sport"], ["s2", "sport"], ["c1", "culture"],
                     ["f1", "other-languages"]],
        "counts": {"articles": 0, "key_points": 0, "themes": 0, "sections": []}}))
    (out / "2024-12-02" / "briefing.html").write_text("<!DOCTYPE html>")
    html = write_archive_index(out, RenderOptions()).read_text()
    assert "No new items<br>3 articles on other subjects and 1 in other languages left out" in html


def test_a_day_that_lists_its_other_news_at_the_end_is_not_said_to_leave_it_out(tmp_path):
    """With `compose.also_in_the_news` the briefing's header says "3 articles on other
    subjects listed at the end": the index said "left out" of the same briefing, and a
    reader looking for the day's sport there would not open it."""
    out = tmp_path / "out"
    (out / "2024-12-02").mkdir(parents=True)
    (out / "2024-12-02" / "briefing.json").write_text(json.dumps({
        "title": "Daily briefing", "articles": [], "sections": [],
        "left_out": [["s1", "sport"], ["s2", "sport"], ["c1", "culture"]],
        "also_in_the_news": [{"theme": "sport", "title": "Sport", "articles": [], "count": 2},
                             {"theme": "culture", "title": "Culture", "articles": [],
                              "count": 1}],
        "counts": {"articles": 0, "key_points": 0, "themes": 0, "sections": []}}))
    (out / "2024-12-02" / "briefing.html").write_text("<!DOCTYPE html>")
    html = write_archive_index(out, RenderOptions()).read_text()
    assert "3 articles on other subjects listed at its end" in html
    assert "left out" not in html


def test_a_year_of_briefings_is_grouped_by_month_with_a_way_to_each(tmp_path):
    """An operations centre's archive after a year holds 365 dates (and each desk's under
    them), over a thousand rows in one table: a reader looking for a day in March had only
    to scroll or search. The index lists each month under a heading of its own, with a
    line at the top that leads to each month."""
    out = tmp_path / "out"
    days = [date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + n) for n in range(400)]
    for day in days:
        (out / day.isoformat()).mkdir(parents=True)
        (out / day.isoformat() / "briefing.md").write_text("# Daily briefing\n")
    html = write_archive_index(out, RenderOptions()).read_text()
    months = re.findall(r'<a href="#(month-\d{4}-\d{2})">([^<]+)</a>', html)
    assert len(months) == 14
    assert months[0] == ("month-2026-02", "February 2026")  # newest first, as the rows
    assert ("month-2025-03", "March 2025") in months
    for anchor, name in months:  # each leads to its month's heading, above its first day
        heading = html.index(f'id="{anchor}"')
        assert html.index(name, heading) < html.index("<time", heading)
    march = html.index('id="month-2025-03"')
    assert html.index('datetime="2025-03-31"', march) < html.index('datetime="2025-03-01"', march) \
        < html.index('id="month-2025-02"')


def test_an_archive_of_one_month_has_no_month_list(tmp_path):
    out = tmp_path / "out"
    for n in (1, 2):
        (out / f"2024-12-0{n}").mkdir(parents=True)
        (out / f"2024-12-0{n}" / "briefing.md").write_text("# Daily briefing\n")
    html = write_archive_index(out, RenderOptions()).read_text()
    assert 'href="#month-' not in html


def _day_briefing(out, day: str, title: str, articles: int) -> None:
    folder = out / day
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "briefing.json").write_text(json.dumps({
        "title": title, "sections": [],
        "articles": [{"id": f"a{i}", "title": "t", "source": "Wire"} for i in range(articles)],
        "counts": {"articles": articles, "key_points": 0, "themes": 0, "sections": []}}))
    (folder / "briefing.md").write_text("# Daily briefing\n")


def test_the_index_reads_again_only_the_briefings_that_changed(tmp_path):
    """Every build rewrote the index by reading every briefing.json: after a simulated year
    (1,727 files) 0.5 to 0.8 s of each build, and more each day. What the index shows of
    each file is kept in out/.index-cache.json by its size and time, so only a file that
    changed is read again; a cache that is damaged, or names folders since removed, is
    only slower or smaller, never wrong."""
    import os

    from briefing.render.archive import SUMMARIES

    out = tmp_path / "out"
    for n in range(1, 4):
        _day_briefing(out, f"2024-12-0{n}", f"Briefing {n}", n)
    assert "Briefing 2" in write_archive_index(out, RenderOptions()).read_text()
    cache = json.loads((out / SUMMARIES).read_text())
    assert len(cache["files"]) == 3

    # the cache is what is read: a file rewritten with the same size and time (which no
    # real build does) is not read again...
    second = out / "2024-12-02" / "briefing.json"
    stat = second.stat()
    second.write_text(second.read_text().replace("Briefing 2", "Briefing X"))
    os.utime(second, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    html = write_archive_index(out, RenderOptions()).read_text()
    assert "Briefing 2" in html and "Briefing X" not in html
    # ...and one that changed is: a rebuild of the date
    _day_briefing(out, "2024-12-02", "Briefing 2, rebuilt", 5)
    html = write_archive_index(out, RenderOptions()).read_text()
    assert "Briefing 2, rebuilt" in html and "5 articles" in html

    # a damaged cache: every file read again, the index right, the cache written anew
    (out / SUMMARIES).write_text("{not json")
    html = write_archive_index(out, RenderOptions()).read_text()
    assert all(f"Briefing {n}" in html for n in (1, 3)) and "2, rebuilt" in html
    assert len(json.loads((out / SUMMARIES).read_text())["files"]) == 3
    # a folder removed leaves the cache too, and the cache file is no briefing
    (out / "2024-12-01" / "briefing.json").unlink()
    (out / "2024-12-01" / "briefing.md").unlink()
    (out / "2024-12-01").rmdir()
    html = write_archive_index(out, RenderOptions()).read_text()
    assert "Briefing 1" not in html and "3 briefings" not in html
    assert len(json.loads((out / SUMMARIES).read_text())["files"]) == 2
