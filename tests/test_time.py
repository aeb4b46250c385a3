"""One time model: every `published` a reader produces is timezone-aware (or None).

A date without a zone is a wall-clock time in briefing.timezone; a date alone is midnight
there. The tests use Europe/Berlin, which is neither UTC nor (on CI) the machine's zone,
so a reader that fell back to either would be caught. Properties over arbitrary date
strings, front matter and feed entries are checked with Hypothesis (derandomized, so a
run on CI is the run here).
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.model import Article
from briefing.sources import read_sources
from briefing.sources.dates import parse_published
from briefing.sources.feeds import parse_feed
from briefing.sources.html import extract_page
from briefing.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

MIXED_ROWS = [  # as real corpora mix them: a full timestamp beside a date alone
    {"id": "a1", "title": "Talks resume in Geneva",
     "text": "Negotiators resumed talks in Geneva on Tuesday. Both delegations attended.",
     "source": "Reuters", "published": "2014-03-11T09:22:36Z"},
    {"id": "a2", "title": "Parliament passes the budget",
     "text": "The parliament passed the budget on Friday. The vote was close.",
     "source": "AP", "published": "2012-10-05"},
    {"id": "a3", "title": "Ceasefire holds",
     "text": "The ceasefire held overnight, officials said. No shelling was reported.",
     "source": "AFP", "published": "2013-06-01 08:00"},
]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _berlin_config(folder: Path) -> Path:
    config = folder / "berlin.toml"  # not ./briefing.toml, which every command would read
    config.write_text('[briefing]\ntimezone = "Europe/Berlin"\n', encoding="utf-8")
    return config


def _aware(moment: datetime | None) -> bool:
    return moment is None or moment.utcoffset() is not None


# --- the crash of issue 19, item 3 ------------------------------------------------------


def test_a_jsonl_source_mixing_dates_with_and_without_a_zone_builds(workdir, run_cli):
    source = _write_jsonl(workdir / "mixed.jsonl", MIXED_ROWS)
    config = _berlin_config(workdir)
    got = run_cli("build", "--source", source, "--format", "md,json", "--config", config)
    assert got.code == 0, got.err
    assert "Traceback" not in got.err
    built = json.loads(next(workdir.glob("out/*/briefing.json")).read_text(encoding="utf-8"))
    published = {a["id"]: a["published"] for a in built["articles"]}
    assert published == {"a1": "2014-03-11T09:22:36+00:00",
                         "a2": "2012-10-05T00:00:00+02:00",  # midnight in Berlin
                         "a3": "2013-06-01T08:00:00+02:00"}
    markdown = next(workdir.glob("out/*/briefing.md")).read_text(encoding="utf-8")
    assert "Parliament passes the budget" in markdown


def test_read_gives_a_date_alone_as_midnight_in_the_configured_timezone(workdir, run_cli):
    source = _write_jsonl(workdir / "mixed.jsonl", MIXED_ROWS)
    got = run_cli("read", source, "--config", _berlin_config(workdir))
    assert got.code == 0, got.err
    rows = [json.loads(line) for line in got.out.splitlines()]
    assert [r["published"] for r in rows] == [
        "2014-03-11T09:22:36+00:00", "2012-10-05T00:00:00+02:00", "2013-06-01T08:00:00+02:00"]
    got = run_cli("read", source)  # no config: briefing.timezone's default, UTC
    assert json.loads(got.out.splitlines()[1])["published"] == "2012-10-05T00:00:00+00:00"


def test_briefing_json_gives_a_stored_date_as_a_source_build_does(workdir, run_cli):
    """The same file, dated "2024-12-08", briefed from the configured sources (through the
    store, which keeps UTC) and with --source: briefing.json gave 2024-12-07T21:00:00+00:00
    for the first and 2024-12-08T00:00:00+03:00 for the second, so a reader taking its date
    got the 7th from one and the 8th from the other. Both now say midnight in Amman."""
    (workdir / "briefing.toml").write_text('[briefing]\ntimezone = "Asia/Amman"\n')
    founding = "000_0e06bca53e2e7670"

    def published(*args: str) -> str:
        got = run_cli("build", "--date", "2024-12-08", "--format", "json", *args)
        assert got.code == 0, got.err
        built = json.loads((workdir / "out/2024-12-08/briefing.json").read_text())
        return next(a["published"] for a in built["articles"] if a["id"] == founding)

    assert published() == "2024-12-08T00:00:00+03:00"
    assert published("--source", str(workdir / "seeds")) == "2024-12-08T00:00:00+03:00"


@pytest.mark.parametrize(("zone", "day"), [
    ("Africa/Cairo", "2025-04-25"),  # clocks go from 00:00 to 01:00 that Friday
    ("America/Santiago", "2025-09-07"),  # from 24:00 on the 6th to 01:00
])
def test_a_date_alone_is_shown_as_its_date_where_the_day_starts_at_one(workdir, run_cli,
                                                                        zone, day):
    """Where clocks spring forward at midnight, a day's first instant reads 01:00. A report
    dated "2025-04-25" in Cairo came back from the store (which keeps UTC) as 01:00 EEST,
    and was cited "25 Apr 2025, 01:00 EEST", a time no source gave; a --source build of
    the same file cited "25 Apr 2025"."""
    (workdir / "news").mkdir()
    (workdir / "news" / "post.md").write_text(
        f'---\ntitle: Army says militia attacked border post\npublished: "{day}"\n'
        "source: Wire\n---\nThe army said a militia attacked a border post overnight, "
        "killing two soldiers. Officials said reinforcements were sent to the area.\n",
        encoding="utf-8")
    (workdir / "briefing.toml").write_text(
        f'[briefing]\ntimezone = "{zone}"\n[sources]\npaths = ["news"]\n')
    shown = f"{int(day[8:])} {date.fromisoformat(day):%b %Y}"
    for source in ((), ("--source", str(workdir / "news"))):
        got = run_cli("build", "--date", day, "--format", "md", *source)
        assert got.code == 0, got.err
        md = (workdir / "out" / day / "briefing.md").read_text().replace("\u00a0", " ")
        cited = [line for line in md.splitlines() if "(Wire, " in line]
        assert cited and all(shown in line and "01:00" not in line for line in cited), cited


def test_stories_reads_dates_in_the_configured_timezone(workdir, run_cli):
    source = _write_jsonl(workdir / "mixed.jsonl", MIXED_ROWS)
    got = run_cli("stories", "--input", source, "--config", _berlin_config(workdir))
    assert got.code == 0, got.err
    assert [json.loads(line)["id"] for line in got.out.splitlines()] == ["a1", "a2", "a3"]


# --- each reader ------------------------------------------------------------------------


def test_front_matter_dates_are_read_in_the_briefing_timezone(tmp_path):
    notes = {
        "date-only.md": "published: 2024-12-08",  # YAML gives a date
        "naive.md": "published: 2024-12-08 09:30:00",  # YAML gives a naive datetime
        "offset.md": "published: 2024-12-08T09:30:00+05:30",
        "string.md": 'published: "8 December 2024"',
        "date-key.md": "date: 2024-12-08",
        "garbage.md": "published: soon",
    }
    for name, header in notes.items():
        (tmp_path / name).write_text(f"---\n{header}\n---\n\nTalks resumed.\n", encoding="utf-8")
    got = {a.id: a.published for a in read_sources([tmp_path], tz=BERLIN).articles}
    midnight = datetime(2024, 12, 8, tzinfo=BERLIN)
    assert got == {
        "date-only": midnight, "string": midnight, "date-key": midnight,
        "naive": datetime(2024, 12, 8, 9, 30, tzinfo=BERLIN),
        "offset": datetime(2024, 12, 8, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        "garbage": None,
    }
    assert all(_aware(p) for p in got.values())
    assert got["naive"].utcoffset() == timedelta(hours=1)  # CET, not UTC


def test_feed_dates_without_a_zone_are_read_in_the_briefing_timezone():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>
<entry><title>Zone given</title><id>a</id><updated>2024-12-09T10:00:00-05:00</updated>
  <content>Talks resumed.</content></entry>
<entry><title>No zone</title><id>b</id><updated>2024-12-09T10:00:00</updated>
  <content>Talks resumed.</content></entry>
<entry><title>Date alone</title><id>c</id><updated>2024-12-09</updated>
  <content>Talks resumed.</content></entry>
<entry><title>RFC 822 zone</title><id>d</id><published>Mon, 09 Dec 2024 10:00:00 PST</published>
  <content>Talks resumed.</content></entry>
<entry><title>Undated</title><id>e</id><content>Talks resumed.</content></entry>
</feed>"""
    got = {e.title: e.published for e in parse_feed(atom, tz=BERLIN)}
    assert got == {
        "Zone given": datetime(2024, 12, 9, 15, tzinfo=UTC),
        "No zone": datetime(2024, 12, 9, 10, tzinfo=BERLIN),
        "Date alone": datetime(2024, 12, 9, tzinfo=BERLIN),
        "RFC 822 zone": datetime(2024, 12, 9, 18, tzinfo=UTC),
        "Undated": None,
    }
    assert all(_aware(p) for p in got.values())


def test_a_page_date_is_midnight_in_the_briefing_timezone():
    html = ("<html><head><title>Talks resume</title>"
            '<meta property="article:published_time" content="2024-12-08">'
            "</head><body><article>"
            + "<p>Negotiators resumed talks in Geneva on Tuesday after a pause.</p>" * 8
            + "</article></body></html>")
    page = extract_page(html, url="https://example.org/a", tz=BERLIN)
    assert page.published == datetime(2024, 12, 8, tzinfo=BERLIN)


@pytest.mark.parametrize(("head", "foot"), [
    # fairkom.eu's about page in trafilatura's tests/cache: dated 2000-01-01 by the RDF
    # namespace URL in its <html prefix>
    ('<html prefix="rdfs: http://www.w3.org/2000/01/rdf-schema#">', ""),
    # rs-ingenieure.de's page there: dated 2016-01-01 by a year in its footer
    ("<html>", "<footer><p>Beratende Ingenieure VBI 2016</p></footer>"),
])
def test_a_page_is_not_dated_by_a_year_or_a_date_found_anywhere_in_it(head, foot):
    """Found reading trafilatura's cached real-world pages: htmldate's extensive search
    dated 13 of 110 pages from their free text and URLs, mostly wrongly (a year alone
    made January 1st). An old date puts a configured page before every later briefing's
    window, so it was never briefed; undated, it is briefed when first seen. Dates the
    page's markup states (meta, JSON-LD, <time>) still count."""
    text = ("<p>Our cooperative offers fair and open internet services to schools, clubs and"
            " local councils across the region, hosted on our own servers.</p>") * 8
    html = (f"{head}<head><title>About us</title></head><body><main>{text}</main>{foot}"
            "</body></html>")
    assert extract_page(html, tz=BERLIN).published is None
    dated = html.replace("</head>", '<meta property="article:published_time" content='
                                     '"2024-12-08T10:00:00+01:00"></head>')
    assert extract_page(dated, tz=BERLIN).published == datetime(2024, 12, 8, 9, tzinfo=UTC)


def test_the_store_gives_back_the_instant_it_was_given(tmp_path):
    day = datetime(2024, 12, 8, tzinfo=BERLIN)  # 2024-12-07T23:00Z
    with Store.open(tmp_path / "store.db") as store:
        store.remember([Article("a", "Talks", "Talks resumed.", published=day)],
                       seen_at=datetime(2024, 12, 9, tzinfo=UTC))
        (back,) = store.articles_between(None, datetime(2100, 1, 1, tzinfo=UTC))
    assert back.published == day and back.published.utcoffset() is not None


def test_an_article_cannot_carry_a_naive_date():
    with pytest.raises(ValueError, match="no timezone"):
        Article("a", "Talks", "Talks resumed.", published=datetime(2024, 12, 8))


@pytest.mark.parametrize(("text", "expected"), [
    ("2014-03-11T09:22:36Z", datetime(2014, 3, 11, 9, 22, 36, tzinfo=UTC)),
    ("2012-10-05", datetime(2012, 10, 5, tzinfo=BERLIN)),
    ("Tue, 10 Dec 2024 10:00:00 EST", datetime(2024, 12, 10, 15, tzinfo=UTC)),
    ("Tue, 10 Dec 2024 10:00:00 CET", datetime(2024, 12, 10, 10, tzinfo=BERLIN)),  # ambiguous
    ("March 2024", None),  # no day: dateutil would fill in today's
    ("Tuesday", None),  # a weekday alone: next Tuesday from today
    ("10", None),
    ("0001-01-01", None),  # cannot be shown in every timezone
    ("9999-12-31T23:59:59", None),
    ("2024-02-30", None),
    ("2024-12-08T10:00:00+25:00", None),
    ("x" * 10_000, None),
    ("Mon, 01 Jan 0001 00:00:00 +0500", None),  # dateutil read 2001: a guess, not a date
    ("Tue, 31 Dec 2024 23:30:00 -0500", datetime(2025, 1, 1, 4, 30, tzinfo=UTC)),
    ("Dec 10, 24", datetime(2024, 12, 10, tzinfo=BERLIN)),
    # "GMT-05:00" is five hours behind GMT, as a feed, a page or JavaScript's Date writes
    # it; dateutil reads it the POSIX TZ way, five hours ahead (a date ten hours off)
    ("Tue, 10 Dec 2024 10:00:00 GMT-05:00", datetime(2024, 12, 10, 15, tzinfo=UTC)),
    ("Tue, 10 Dec 2024 10:00:00 GMT+0100", datetime(2024, 12, 10, 9, tzinfo=UTC)),
    ("2024-12-10T10:00:00 UTC+02:00", datetime(2024, 12, 10, 8, tzinfo=UTC)),
    ("Tue Dec 10 2024 10:00:00 GMT-0500 (Eastern Standard Time)",
     datetime(2024, 12, 10, 15, tzinfo=UTC)),
    # 24:00 ends a day (ISO 8601, and feeds that write it): the next day's midnight, not an
    # undated item that a first build briefs as today's news however old it is
    ("Sun, 31 Dec 2023 24:00:00 GMT", datetime(2024, 1, 1, tzinfo=UTC)),
    ("2024-12-09T24:00:00+01:00", datetime(2024, 12, 9, 23, tzinfo=UTC)),
    ("2024-12-09 24:00", datetime(2024, 12, 10, tzinfo=BERLIN)),
    ("2024-12-09T24:30:00Z", None),  # past the end of the day: no time
])
def test_parse_published_examples(text, expected):
    assert parse_published(text, BERLIN) == expected


# --- properties -------------------------------------------------------------------------

_ZONES = st.sampled_from([UTC, BERLIN, ZoneInfo("America/New_York"), ZoneInfo("Asia/Kolkata"),
                          ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")])
_OFFSETS = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda m: f"{'+' if m >= 0 else '-'}{abs(m) // 60:02d}:{abs(m) % 60:02d}")
_MOMENTS = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59))
_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d %B %Y", "%a, %d %b %Y %H:%M:%S",
            "%B %d, %Y %I:%M %p", "%Y%m%d", "%d.%m.%Y", "%Y/%m/%d %H:%M:%S.%f", "%b %Y", "%H:%M",
            "%A", "%Y"]


@st.composite
def date_strings(draw) -> str:
    """Dates as sources write them: ISO or prose, with or without a zone, or partial."""
    moment = draw(_MOMENTS)
    text = moment.strftime(draw(st.sampled_from(_FORMATS)))
    zone = draw(st.one_of(st.just(""), _OFFSETS, st.just("Z"),
                          st.sampled_from([" GMT", " UTC", " EST", " PDT", " CET", " IST",
                                           " XYZ"])))
    return text + zone


_GARBAGE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789-:T+Z ./,", max_size=30),
    st.from_regex(r"\d{1,6}-\d{1,3}-\d{1,3}([T ]\d{1,3}:\d{1,3}(:\d{1,3})?)?([+-]\d{1,5}|Z)?",
                  fullmatch=True),
)

_VALUES = st.one_of(date_strings(), _GARBAGE, st.dates(), _MOMENTS,
                    st.datetimes(timezones=st.timezones()), st.integers(), st.floats(),
                    st.booleans(), st.none(), st.lists(st.integers(), max_size=2))


@FUZZ
@given(value=_VALUES, tz=_ZONES)
def test_every_parsed_date_is_aware_or_none(value, tz):
    moment = parse_published(value, tz)
    assert moment is None or moment.utcoffset() is not None
    if moment is not None:  # and usable: shown in any zone, compared with any other
        moment.astimezone(ZoneInfo("Pacific/Kiritimati")).astimezone(ZoneInfo("Etc/GMT+12"))
        assert (moment < datetime(2000, 1, 1, tzinfo=UTC)) in (True, False)


@FUZZ
@given(day=st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)), tz=_ZONES)
def test_a_date_alone_is_midnight_in_the_briefing_timezone(day, tz):
    expected = datetime(day.year, day.month, day.day, tzinfo=tz)
    assert parse_published(day.isoformat(), tz) == expected
    assert parse_published(day, tz) == expected
    assert parse_published(datetime(day.year, day.month, day.day), tz) == expected


@FUZZ
@given(moment=st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
       offset=st.integers(min_value=-18 * 60 + 1, max_value=18 * 60 - 1), tz=_ZONES)
def test_a_given_offset_is_kept_whatever_the_briefing_timezone(moment, offset, tz):
    zone = timezone(timedelta(minutes=offset))
    aware = moment.replace(microsecond=0, tzinfo=zone)
    assert parse_published(aware.isoformat(), tz) == aware


_YAML_VALUES = st.one_of(
    date_strings().map(json.dumps),  # quoted: a YAML string
    date_strings(),  # bare: YAML may make a date, a datetime, a number or a string of it
    st.dates().map(str),
    st.text(alphabet="0123456789-:T+Z .", max_size=25),
)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(value=_YAML_VALUES, key=st.sampled_from(["published", "date"]), tz=_ZONES)
def test_front_matter_dates_are_aware_or_none(value, key, tz):
    with tempfile.TemporaryDirectory() as folder:
        note = Path(folder) / "note.md"
        note.write_text(f"---\ntitle: Talks\n{key}: {value}\n---\n\nTalks resumed.\n",
                        encoding="utf-8")
        result = read_sources([note], tz=tz)
    for article in result.articles:
        assert _aware(article.published)
    assert len(result.articles) + len(result.warnings) == 1  # read, or one line why not


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(stamps=st.lists(st.one_of(date_strings(), _GARBAGE), min_size=1, max_size=4),
       element=st.sampled_from(["pubDate", "dc:date", "atom:updated"]), tz=_ZONES)
def test_feed_entry_dates_are_aware_or_none(stamps, element, tz):
    from xml.sax.saxutils import escape

    items = "".join(
        f"<item><title>Item {i}</title><guid>g{i}</guid><{element}>{escape(s)}</{element}>"
        f"<description>Talks resumed in Geneva.</description></item>"
        for i, s in enumerate(stamps))
    rss = (f'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
           f' xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Desk</title>{items}'
           "</channel></rss>").encode()
    entries = parse_feed(rss, tz=tz)
    assert len(entries) == len(stamps)
    assert all(_aware(e.published) for e in entries)


def test_a_feed_date_no_date_can_be_is_no_date_not_feedparsers_guess():
    """Found by a fuzz run: feedparser applied "+99:99" as 99 hours 99 minutes (the entry
    dated four days early) and read year 0001 with "+0500" as the year 500."""
    items = "".join(
        f"<item><title>{title}</title><guid>{title}</guid><pubDate>{stamp}</pubDate>"
        "<description>Talks resumed.</description></item>"
        for title, stamp in (("Offset", "2024-12-10T10:00:00+99:99"),
                             ("Year one", "Mon, 01 Jan 0001 00:00:00 +0500"),
                             ("Good", "Tue, 10 Dec 2024 10:00:00 +0100")))
    rss = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>{items}'
           "</channel></rss>").encode()
    got = {e.title: e.published for e in parse_feed(rss, tz=BERLIN)}
    assert got == {"Offset": None, "Year one": None, "Good": datetime(2024, 12, 10, 9,
                                                                     tzinfo=UTC)}


def test_a_feed_date_feedparser_reads_as_year_minus_one_is_no_date():
    """Found by the fuzz run: feedparser turns "0000-00-00" into a struct of year -1, and
    making a datetime of it raised ValueError out of `read` (a traceback)."""
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><item>'
           b"<title>Zero date</title><guid>z</guid><pubDate>0000-00-00</pubDate>"
           b"<description>Talks resumed.</description></item></channel></rss>")
    (entry,) = parse_feed(rss, tz=BERLIN)
    assert entry.published is None


def test_a_partial_feed_date_is_no_date_not_feedparsers_fill_in_from_today():
    """Found running feedparser's own date cases through the feed reader: its ISO 8601
    reader fills what a date leaves out from today ("2013-xx-27" and "-0312" were the 1st
    of the current month, so an entry's date depended on the day it was read) and its
    W3C-DTF reader from January 1st ("2004" was 2004-01-01). A partial date is no date; feedparser's
    readers of whole dates that dateutil cannot read (Hungarian, Korean) still apply."""
    stamps = {
        "Year only": "2004",
        "Year and month": "2004-07",
        "Garbled month": "2013-xx-27",
        "Two-digit": "-0312",
        "Hungarian": "2004-j\u00falius-13T9:15-05:00",
        "Korean": "2004-05-25 \uc624\ud6c4 11:23:17",
    }
    items = "".join(
        f"<item><title>{title}</title><guid>{title}</guid><pubDate>{stamp}</pubDate>"
        "<description>Talks resumed.</description></item>" for title, stamp in stamps.items())
    rss = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
           f"<title>Desk</title>{items}</channel></rss>").encode()
    got = {e.title: e.published for e in parse_feed(rss, tz=BERLIN)}
    assert got == {
        "Year only": None, "Year and month": None, "Garbled month": None, "Two-digit": None,
        "Hungarian": datetime(2004, 7, 13, 14, 15, tzinfo=UTC),
        "Korean": datetime(2004, 5, 25, 14, 23, 17, tzinfo=UTC),  # Korea is UTC+9
    }
