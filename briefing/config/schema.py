"""The settings schema: one frozen dataclass per TOML table, each option with its type
and a docstring saying what it does, and `Range`, the bounds a number carries in its type
(`Annotated[int, Range(0, 100)]`). Nothing here reads a file: loading.py does.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from briefing.config.spelling import closest
from briefing.errors import ConfigError


@dataclass(frozen=True)
class Range:
    """The numbers an option allows: `low` to `high`, both included; with `above`, more
    than `low`. Upper bounds are far beyond real use and keep every value one that timers,
    sleeps and arithmetic downstream can take. A float must also be finite (no nan, inf)."""

    low: float
    high: float
    above: bool = False

    def allows(self, value: float) -> bool:
        return math.isfinite(value) and (self.low < value if self.above else self.low <= value) \
            and value <= self.high

    def __str__(self) -> str:
        low, high = number_text(self.low), number_text(self.high)
        return f"more than {low} and at most {high}" if self.above else f"from {low} to {high}"


@dataclass(frozen=True)
class FilePath:
    """Marks an option that names a file or folder (`Annotated[str, FilePath()]`, written
    `PathText`): relative to the config file's folder, `~` is the home folder (`Config.
    resolve`). `problem` says why a value can name no file, checked at load: a `~user` this
    machine does not know, or a NUL character, failed half-way through a build. Environment
    variables are not expanded (cron and systemd run with another environment than a
    shell), and a path written with one is refused: "$HOME/briefings" was a folder named
    "$HOME" beside the config file."""

    def problem(self, value: str) -> str | None:
        if "\0" in value:
            return "a path cannot hold a NUL character"
        if re.search(r"\$(\{|[A-Za-z_])", value):
            return ("environment variables are not expanded in paths; write the path itself "
                    "(~ is the home folder, and a relative path is relative to the config "
                    "file's folder)")
        try:
            Path(value).expanduser()
        except RuntimeError:  # "~nosuchuser/news", or "~" where no home folder is known
            return f"no home folder is known for {value.split('/', 1)[0]}"
        return None


PathText = Annotated[str, FilePath()]


def number_text(value: float) -> str:
    """A number as a user wrote it: 3652059, 0.25, 1e+308, nan."""
    if isinstance(value, int) or (math.isfinite(value) and value.is_integer() and
                                  abs(value) < 1e15):
        return str(int(value))
    return f"{value:g}"


@dataclass(frozen=True)
class BriefingSettings:
    title: str = "Daily briefing"
    """The briefing's title, on its first page and in the email subject."""
    organisation: str = ""
    """Who issues the briefing; shown in the header and as the PDF's author (unset: the
    briefing's title is the PDF's author)."""
    marking: str = ""
    """A distribution marking shown at the top and bottom of every page, if set."""
    language: str = "en"
    """The document language, a BCP 47 tag ("en", "en-GB"), for the HTML and the tagged
    PDF."""
    timezone: str = "UTC"
    """IANA timezone in which a briefing's date starts and ends."""
    logo: PathText = ""
    """A PNG, JPEG or SVG file shown in the header (relative to the config file's folder);
    if it is missing the briefing is built without it and the build prints a warning."""
    accent_colour: str = "#1f4e79"
    """Headings, links and rules: a hex value like "#1f4e79" or a CSS colour name like
    "navy", dark enough to read on white (WCAG AA contrast, 4.5:1)."""
    marking_colour: str = "#9b1c1c"
    """The distribution marking's colour; same forms and contrast rule as accent_colour."""


@dataclass(frozen=True)
class SourceSpec:
    """One named source: a `[[sources.feed]]` table of briefing.toml.

        [[sources.feed]]
        name = "DoD releases"
        kind = "feed"
        url = "https://www.defense.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9"
        theme = "military"   # optional
        weight = 1.5         # optional
    """

    name: str
    """Shown as the article's source when the feed or file names none."""
    kind: Literal["folder", "file", "feed", "page"]
    """"folder" or "file" (with `path`), "feed" or "page" (with `url`). The kind says what
    you expect: a folder or file of the wrong kind, or a "feed" that serves a web page (a
    dead feed redirected to the home page, a sign-in wall, a bot check), is skipped with a
    warning naming it; a "page" is read as what it serves, a page or a feed."""
    url: str = ""
    """The http(s) address of a feed or page."""
    path: PathText = ""
    """A folder or file, relative to the config file's folder."""
    theme: str = ""
    """A theme id (see `themes explain`) this source is mostly about, checked against the
    taxonomy: a key point of this source that the classifier gives no theme is filed under
    it instead of "Other developments" (the evidence names the source). Points the
    classifier themed keep their themes."""
    weight: Annotated[float, Range(0, 100, above=True)] = 1.0
    """How much this source's stories count in the ranking, more than 0 and at most 100 (1:
    normal): a story's strength is multiplied by the largest weight among the sources that
    reported it, in its section and in the top lines (2: a story it reported counts double)."""


@dataclass(frozen=True)
class SourcesSettings:
    paths: list[PathText] = field(default_factory=list)
    """Folders or files read on every build (relative to the config file's folder). With no
    paths, `urls` or `feed` configured at all, the sample articles are read: `seeds/` beside
    the config file if there is one, else those shipped with briefing. A folder or file
    configured here that is missing is a warning naming it; the other sources are read."""
    urls: list[str] = field(default_factory=list)
    """Feed or page URLs read on every build."""
    feed: list[SourceSpec] = field(default_factory=list)
    """Named sources, as `[[sources.feed]]` tables (see SourceSpec), read on every build
    after `paths` and `urls`; `sources import-opml FILE` appends a feed reader's list."""
    window: Literal["since-previous", "day", "all"] = "since-previous"
    """Which stored articles a dated briefing covers: those published (or first seen, when
    undated) since the previous briefing (from the start of its date, so a report of that
    date stored after its build is not lost) up to the end of its date; only on its date; or
    all of them up to its date. Within the window, an article that a build of this date or
    an earlier one already briefed is left out (for a date built before, one a later date
    briefed too: a rebuild gives the briefing it gave then); when that leaves nothing new, a
    rebuild of the same date covers what its latest build covered (see `rollup`)."""
    lookback_days: Annotated[int, Range(0, 3_652_059)] = 0
    """With "since-previous" and no previous briefing: how many days back to go (0: no limit;
    at most 3652059, the calendar's whole span from year 1 to 9999)."""
    rollup: bool = False
    """Roll up the day: a rebuild of a date covers everything of its window, including what
    earlier builds of that date briefed (not only what is new since). Each build keeps the
    previous edition's files in out/<date>/edition-<n>/."""
    allow_private_links: bool = False
    """Follow links found inside a source (a feed's teaser links, redirects) to private
    addresses too: loopback, the local network, link-local (169.254.x.x, where cloud
    metadata services answer). Off, such a link is fetched only on the source's own origin
    (scheme, host and port; an http source's https on the same host too: 443 for 80, else
    the same port), so an intranet feed still reaches its own pages; any other is
    refused with a warning. The sources you configure may be on any address either way.
    The same goes for which links found inside a source are printed as links: off, only
    those to a public host or the source's own host (README, Links inside a source)."""
    max_followups: Annotated[int, Range(0, 10_000)] = 50
    """Teaser pages fetched per feed, at most (0: none; at most 10000): a feed's first teaser
    entries get their pages fetched, the rest are briefed from the feed's own text, with one
    warning."""
    max_entries_per_feed: Annotated[int, Range(1, 1_000_000)] = 1000
    """At most this many entries are read from one feed (1 to 1000000), in the feed's order
    (newest first, in most feeds); the rest are skipped with one warning naming the feed
    and its count. Only those entries are parsed, so a feed of 100,000 costs little more."""
    max_article_bytes: Annotated[int, Range(1000, 1_000_000_000)] = 1_000_000
    """At most this many bytes (UTF-8) of one article's text are read (1000 to 1000000000);
    the rest is dropped, at a paragraph or word break, with a warning naming the article."""


@dataclass(frozen=True)
class SummarySettings:
    algorithm: Literal["briefing", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl",
                       "reduction", "lead"] = "briefing"
    """The summarizer: "briefing" (ours), or one of sumy's: lexrank, textrank, lsa, luhn,
    sumbasic, kl, reduction; or "lead". (summarize.ALGORITHMS, spelled out here so a typo
    is refused at load, not when a build first summarizes.)"""
    points: Annotated[int, Range(0, 100)] = 0
    """Key points per article, at most 100; 0 adapts the number to the article's length."""
    jobs: Annotated[int, Range(0, 256)] = 0
    """Processes for the per-article stages (summarize, classify), at most 256; 0: one per
    core."""
    max_point_chars: Annotated[int, Range(60, 100_000)] = 600
    """The longest a key point may be, in characters (60 to 100000). A longer sentence (a
    list, a table, a page of text without a full stop) is cut at its last clause break or
    space within the limit and ends with "…"; one with no such break (a run of characters
    with no spaces) is never a key point."""


@dataclass(frozen=True)
class ThemesSettings:
    file: PathText = "themes.toml"
    """A user's taxonomy TOML, layered on the shipped themes (add, rename or drop themes);
    `themes learn` writes its examples here. The default name is used only if it exists."""
    show_evidence: bool = False
    """Show why each point got its themes in the HTML and PDF, and in a desk's briefing why
    each story is on the desk (its theme, place or watch term)."""
    news_model: PathText = ""
    """A model of the kinds of news written by `training/build_theme_model.py --out FILE`
    (refitted on other corpora, say), used instead of the one shipped inside the package
    ("": the shipped one). It must tell apart every kind of news a theme names."""


@dataclass(frozen=True)
class ComposeSettings:
    points_per_section: Annotated[int, Range(1, 1000)] = 12
    """At most this many key points in a theme's section (1 to 1000); the rest go to the
    appendix."""
    points_per_story: Annotated[int, Range(1, 1000)] = 4
    """At most this many key points of one story (1 to 1000): its lead and a few details,
    so a story told by many outlets does not fill its section alone. The story says how
    many more points its reports hold."""
    top_lines: Annotated[int, Range(0, 100)] = 5
    """How many points the "Top lines" block holds, at most (0 to 100; 0: no top lines)."""
    top_lines_min_share: Annotated[float, Range(0, 1)] = 0.25
    """A story makes the top lines only if it weighs at least this share (0 to 1) of the
    day's strongest story, so a slow news day is not padded with filler (0 turns this off)."""
    recency_half_life_hours: Annotated[float, Range(0, 8760)] = 24.0
    """Stories are ranked by what they say, how many outlets reported them, their sources'
    `weight` ([[sources.feed]]; a theme's `weight` in themes.toml counts for the top lines)
    and how fresh they are: a story's weight halves for each this many hours its latest
    report is older than the briefing's newest article (0: no decay; at most 8760, a year),
    times the days since the previous briefing (3 on a Monday after Friday's: a briefing
    after days without one ages all of them as a daily one ages its day)."""
    also_in_the_news: bool = False
    """What happens to articles of the kinds of news the briefing does not brief (themes
    with `brief = false` in themes.toml: sport, culture and entertainment, science and
    technology, health), and of articles in a language the models do not read ("In other
    languages": briefing/language.py): false leaves them out (the header counts them); true
    lists them at the end, one line per kind with its count and headlines ("Also in the
    news"). They never fill a theme's section or a top line either way; to brief a kind,
    set its `brief = true` in your themes file."""


@dataclass(frozen=True)
class StoriesSettings:
    follow_days: Annotated[int, Range(0, 366)] = 7
    """Follow stories across days: each story a briefing shows is remembered, and the
    stories of a later briefing are linked to those shown in the last this-many days (the
    same matching that groups articles across outlets, damped by the days between them).
    A story briefed before is marked "Developing · day 3 · first briefed 8 December" and
    shows only what is new since; one that is not is marked "New" (0 to 366; 0 turns this
    off)."""
    since_yesterday: bool = True
    """Open the briefing with a short "Since yesterday" block: the stories that grew, the
    stories new today, and the previous briefing's stories with nothing new, one line each
    (only when stories are followed and an earlier briefing is within `follow_days`)."""


@dataclass(frozen=True)
class OutputSettings:
    dir: PathText = "out"
    """Where briefings are written, as <dir>/<YYYY-MM-DD>/briefing.<format>."""
    formats: list[Literal["md", "html", "pdf", "json"]] = field(
        default_factory=lambda: ["md", "html", "pdf", "json"]
    )
    """Which files a build writes (at least one)."""
    templates: PathText = ""
    """A folder whose templates override the built-in ones, file by file (briefing.md.j2,
    briefing.html.j2, index.html.j2, briefing.css, and the email's email.html.j2 and
    email.txt.j2); a custom.css there is added after the built-in stylesheet."""
    page_size: Literal["A4", "Letter"] = "A4"
    """The PDF's paper size."""
    pdf_variant: Literal["pdf/ua-1", "pdf/a-2b", "pdf/a-2u", "pdf/a-2a", "pdf/a-3b",
                         "pdf/a-3u", "pdf/a-3a"] = "pdf/ua-1"
    """The standard the PDF is written to: "pdf/ua-1", accessible (tagged for screen
    readers); or PDF/A-2 or -3 for archives (b: looks the same in years, u: and its text
    is Unicode, a: and it is tagged), which stays tagged and PDF/UA-1 as well."""


@dataclass(frozen=True)
class StoreSettings:
    path: PathText = ""
    """The SQLite file for articles seen and briefings built; empty: <output dir>/briefing.db."""


@dataclass(frozen=True)
class EmailSettings:
    """The daily digest email (briefing/deliver/). The SMTP password is never set here."""

    to: list[str] = field(default_factory=list)
    """Recipients of the whole day's briefing. With no `[[desks]]`, `send` and `schedule`
    refuse to start while this is empty; with desks, an empty list means the whole day's
    briefing is neither built nor sent (each desk's `to` is mailed its own)."""
    sender: str = "briefing@localhost"
    """The From address; its domain also names the Message-ID."""
    subject: str = "{title}, {date}: {counts}"
    """The subject line; fields: {title}, {date} ("8 Dec 2024"), {counts} ("6 military,
    4 diplomacy": key points per section, largest first, as the contents count them; the
    section of points with no theme by its title, "other developments" or a desk's
    "watch list"), {articles} (how many were briefed). Each is written just so, with no
    format, index or attribute ("{date:%Y}" is refused); "{{" and "}}" are braces."""
    grouping: Literal["each", "bcc"] = "each"
    """"each": one message per recipient (To: that person); "bcc": one message per group of
    `bcc_size` recipients, addressed To: the sender, the group in the envelope only."""
    bcc_size: Annotated[int, Range(1, 1000)] = 50
    """With grouping = "bcc": at most this many recipients per message (1 to 1000; servers
    commonly take 100)."""
    unsubscribe: str = ""
    """A mailto: or https: address for the List-Unsubscribe header; empty: no header."""
    smtp_host: str = ""
    """The SMTP server. Empty: no server; each message is written as an .eml file into
    `outbox` instead, so `send` works on a fresh clone."""
    smtp_port: Annotated[int, Range(0, 65535)] = 0
    """The server's port, up to 65535; 0: 587 with starttls, 465 with tls, 25 with none."""
    security: Literal["starttls", "tls", "none"] = "starttls"
    """STARTTLS on a plain connection, implicit TLS from the first byte, or no encryption
    (only for a relay on the same host: the password is refused without TLS)."""
    verify_certificate: bool = True
    """Check the server's certificate and host name. Turn off only to test against a
    throw-away server; prefer `ca_file`."""
    ca_file: PathText = ""
    """A PEM bundle of extra certificate authorities to trust (a private CA)."""
    username: str = ""
    """The SMTP AUTH user name; empty: no AUTH."""
    password_env: str = "BRIEFING_SMTP_PASSWORD"
    """The environment variable holding the SMTP password (never a file, never logged)."""
    timeout: Annotated[float, Range(0, 600, above=True)] = 30.0
    """Seconds to wait for the server on connect and on each command: more than 0, at most
    600 (ten minutes)."""
    retries: Annotated[int, Range(0, 10)] = 3
    """How often a temporary failure (4xx, a dropped connection) is retried per message
    (0 to 10)."""
    retry_delay: Annotated[float, Range(0, 3600)] = 10.0
    """Seconds before the first retry (0 to 3600); each further retry waits twice as long,
    but never more than an hour."""
    outbox: PathText = ""
    """Where .eml files go when there is no `smtp_host`; empty: <output dir>/outbox."""
    combine_desks: bool = False
    """With `[[desks]]`: a person on several desks sent at the same time gets one email,
    each desk's briefing a section of it and each desk's PDF attached; false: one email
    per desk."""


@dataclass(frozen=True)
class ScheduleSettings:
    """When `briefing schedule` builds and sends (briefing/deliver/schedule.py)."""

    times: list[str] = field(default_factory=lambda: ["07:00"])
    """Local wall-clock times, "HH:MM" (24-hour), at which to build and send. A time that a
    DST change skips runs at the first instant after the gap; a repeated one runs once, at
    its first occurrence."""
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = field(
        default_factory=list
    )
    """The days to run on; empty: every day."""
    timezone: str = ""
    """The IANA timezone of `times`; empty: briefing.timezone. The machine's own timezone
    is never used."""
    catch_up: Literal["latest", "all", "none"] = "latest"
    """After downtime: send the latest missed briefing once, every missed one, or none."""
    send_empty: bool = True
    """A scheduled briefing with no new items is still sent (a short "no new items" email);
    false: nothing is sent that day."""
    lock_file: PathText = ""
    """The lock that keeps a second scheduler from starting; empty: <output dir>/schedule.lock."""
    poll_seconds: Annotated[int, Range(1, 3600)] = 30
    """How often the scheduler wakes up to look at the clock, in seconds (1 to 3600)."""


@dataclass(frozen=True)
class DeskSettings:
    """One desk: a `[[desks]]` table of briefing.toml, a briefing for one audience.

        [[desks]]
        id = "syria"
        title = "Syria: politics and diplomacy"
        themes = ["politics", "diplomacy"]
        places = ["Syria"]
        watch = ["Hayat Tahrir al-Sham"]
        exclude = ["football"]
        to = ["political.officer@example.org"]
        times = ["06:30"]
        timezone = "Asia/Damascus"

    A story is on the desk when its points are about one of `themes` and it names one of
    `places`, or when it names a `watch` term; a story naming an `exclude` term never is.
    Every desk is made from the same ingest, summaries and themes (briefing/desks/).
    """

    id: str
    """Names the desk: its folder out/<date>/<id>/ and `build --desk ID`. Lower-case
    letters, digits, "-" and "_", starting with a letter or digit."""
    title: str
    """The desk's briefing title, on its first page and in its email subject."""
    themes: list[str] = field(default_factory=list)
    """The theme ids it covers, in the order its sections are shown (see `themes explain`);
    empty: every theme the whole day briefs, in the taxonomy's order. A kind of news the
    whole day does not brief (`brief = false` in themes.toml, such as sport) is briefed on
    a desk that lists it."""
    places: list[str] = field(default_factory=list)
    """Places or regions it covers: names of the gazetteer (countries, cities, regions such
    as "Middle East"; "Syria" covers Damascus, Aleppo, Idlib...) or of your [places] table.
    A story is on the desk only if it names one of them or a place within one, in a
    headline, in a key point, or twice in an article. Empty: anywhere."""
    watch: list[str] = field(default_factory=list)
    """People, organisations or words: a story naming one is kept whatever its themes and
    places, ranked first in its section, and the point naming it says so. A term in
    capitals only ("HTS") is matched as written; any other in any case."""
    exclude: list[str] = field(default_factory=list)
    """Terms that drop a story: one whose headline or text names one is never on the desk,
    even if it names a watch term. Matched like `watch`."""
    to: list[str] = field(default_factory=list)
    """Who receives the desk's briefing (`send`, `schedule`); empty: nobody, it is built only."""
    times: list[str] = field(default_factory=list)
    """When `schedule` builds and sends it, "HH:MM" in `timezone`; empty: schedule.times."""
    timezone: str = ""
    """The IANA timezone of its `times`, also used for the times its briefing shows;
    empty: the schedule's (schedule.timezone, else briefing.timezone)."""
    marking: str = ""
    """Its distribution marking; empty: briefing.marking."""
    organisation: str = ""
    """Who issues it, in its header; empty: briefing.organisation."""
    logo: PathText = ""
    """Its logo file; empty: briefing.logo."""
    accent_colour: str = ""
    """Its headings, links and rules colour (as briefing.accent_colour); empty: briefing's."""
    marking_colour: str = ""
    """Its marking's colour (as briefing.marking_colour); empty: briefing's."""


@dataclass(frozen=True)
class Config:
    briefing: BriefingSettings = field(default_factory=BriefingSettings)
    sources: SourcesSettings = field(default_factory=SourcesSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    themes: ThemesSettings = field(default_factory=ThemesSettings)
    compose: ComposeSettings = field(default_factory=ComposeSettings)
    stories: StoriesSettings = field(default_factory=StoriesSettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    email: EmailSettings = field(default_factory=EmailSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    desks: list[DeskSettings] = field(default_factory=list)
    """Briefings for several audiences from one ingest, as `[[desks]]` tables (see
    DeskSettings); none: one briefing of the whole day. With desks, the whole day's is
    built beside them when email.to lists anyone."""
    places: dict[str, list[str]] = field(default_factory=dict)
    """Your own place names for desks, as a [places] table: `Syria = ["Deir ez-Zor"]` adds
    names within a known place; a new key makes a region of its names:
    `Levant = ["Syria", "Lebanon", "Jordan", "Israel", "Palestine"]`."""
    base_dir: Path = field(default=Path("."), compare=False)
    """The folder relative paths are resolved against: the user file's, or the current one."""

    def resolve(self, path: str) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    @property
    def out_dir(self) -> Path:
        return self.resolve(self.output.dir)

    @property
    def store_path(self) -> Path:
        return self.resolve(self.store.path) if self.store.path else self.out_dir / "briefing.db"

    @property
    def templates_dir(self) -> Path | None:
        return self.resolve(self.output.templates) if self.output.templates else None

    @property
    def tz(self) -> tzinfo:
        """`briefing.timezone` as a timezone: where a briefing's date starts and ends, and
        what a date written without a zone is read in (checked at load)."""
        return ZoneInfo(self.briefing.timezone)

    @property
    def schedule_timezone(self) -> str:
        return self.schedule.timezone or self.briefing.timezone

    @property
    def outbox_dir(self) -> Path:
        return self.resolve(self.email.outbox) if self.email.outbox else self.out_dir / "outbox"

    @property
    def lock_path(self) -> Path:
        lock = self.schedule.lock_file
        return self.resolve(lock) if lock else self.out_dir / "schedule.lock"

    def desk(self, desk_id: str) -> DeskSettings:
        """The desk of that id; a ConfigError naming the closest ids if there is none."""
        for desk in self.desks:
            if desk.id == desk_id:
                return desk
        known = [d.id for d in self.desks]
        if not known:
            raise ConfigError(f"no desk {desk_id!r}: no [[desks]] are configured (add [[desks]] "
                              "tables to briefing.toml: see README, Desks)")
        raise ConfigError(f"no desk {desk_id!r} ({closest(desk_id, known)})")
