"""The data that flows between the pipeline's stages.

Each stage is a function from one of these to the next (see DESIGN.md, "The data's
one-way trip"). They are plain frozen dataclasses so that they can cross a process
pool, be compared in tests, and be written to `briefing.json` as they are (articles once,
without their text: see `render.briefing_data`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Article:
    """One article as a reader got it: raw text, not yet cleaned."""

    id: str
    title: str
    text: str
    source: str = ""  # the outlet or publisher, e.g. "U.S. Central Command"
    url: str = ""
    # always timezone-aware: a reader reads a date without a zone in briefing.timezone
    # (sources/dates.py), so no stage can compare a naive date with an aware one
    published: datetime | None = None
    path: str | None = None  # set for local files, so a reader can open the original
    # the configured source it came in by (its URL, or its resolved path for a folder or
    # file; see ingest.source_key): how its weight and theme reach it; "" for --source
    via: str = ""
    # an op-ed, column, commentary or editorial, as the source signposts it (its URL, title,
    # category or front matter: briefing/genre.py): marked "Opinion" wherever its points
    # are shown, and never a top line
    opinion: bool = False
    # why `url` is kept for the record but never printed as a link ("127.0.0.2 is a
    # loopback address"): found inside a source, it leads to a host that is neither public
    # nor the source's own (sources/addresses.py, `link_refusal`); "": it may be a link
    link_refused: str = ""

    def __post_init__(self) -> None:
        if self.published is not None and self.published.utcoffset() is None:
            raise ValueError(f"article {self.id!r}: published {self.published} has no "
                             "timezone (readers make every date aware: sources/dates.py)")


def content_hash(article: Article) -> str:
    """Same words, same hash: a story re-published under another id is not new."""
    basis = " ".join((article.title + "\n" + article.text).split()).lower()
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def distinct_id(article_id: str, digest: str) -> str:
    """The id an article is read under when another article has its id: its own id and
    the start of its words' hash ("report~3f2c1d9e"), the same on every read of the same
    words, so the store still finds it seen on the next day."""
    return f"{article_id}~{digest[:8]}"


@dataclass(frozen=True)
class ThemeScore:
    """One theme given to a key point, with how sure and why."""

    theme: str  # theme id, e.g. "military"
    score: float
    # human-readable reasons: the words that weighed most, the nearest labelled examples.
    # None: not looked up yet. The per-article stage leaves it to `pipeline.explain_shown`,
    # which looks it up only for the points a briefing shows.
    evidence: tuple[str, ...] | None = ()


# The position of a point that is its article's headline: an item with no text of its own.
HEADLINE = -1


@dataclass(frozen=True)
class KeyPoint:
    """A sentence of an article, chosen by the summarizer, shown so that it stands alone.

    Its words are the article's own (cleaned): a leading connective may be dropped, the
    sentence before may be shown with it, and a back-reference may be resolved by an
    insertion in square brackets copied from the article ("He [Lloyd J. Austin III]").
    `spans` records where every character outside those insertions comes from.
    """

    article_id: str
    text: str
    position: int  # index of the sentence in the cleaned article (0 = first), or HEADLINE
    score: float
    themes: tuple[ThemeScore, ...] = ()
    # who says it, in a transcript: the label of its turn ("SECRETARY BLINKEN"), which
    # is then no longer part of `text`; "" for ordinary article text
    speaker: str = ""
    # other articles of the same story that tell the same fact: their point was merged
    # into this one (compose), so the reader sees it once, credited to every outlet
    also_reported_by: tuple[str, ...] = ()
    # where the text comes from: (start, end) character offsets into the article's
    # `text.sentence_lines`, in reading order; what lies between them in `text` is a single
    # space or an insertion in square brackets. () for a headline point (position HEADLINE).
    spans: tuple[tuple[int, int], ...] = ()
    # in a desk's briefing: the desk's watch terms this point names (briefing/desks/)
    watch: tuple[str, ...] = ()

    @property
    def theme_ids(self) -> tuple[str, ...]:
        return tuple(t.theme for t in self.themes)


@dataclass(frozen=True)
class Summary:
    """What the per-article stages make of one article."""

    article: Article
    key_points: tuple[KeyPoint, ...]
    sentence_count: int
    runners_up: tuple[KeyPoint, ...] = ()  # the summarizer's next choices, best first


@dataclass(frozen=True)
class Actor:
    """A person, organisation or place named in a story, and how often."""

    name: str
    kind: str  # "person" | "organization" | "place" | "other"
    count: int


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it (None when the text does not say)."""

    text: str
    speaker: str | None
    sentence: int  # index into the cleaned sentences of its article
    article_id: str = ""


@dataclass(frozen=True)
class FollowMark:
    """How a story stands against the briefings before this one (briefing/follow/)."""

    story_id: str  # the story's id across days: `briefing story ID`, anchor "story-<id>"
    status: str  # "new": no earlier briefing showed it; "developing": one did
    day: int = 1  # calendar days since it was first briefed, that day being day 1
    first_date: date | None = None  # the briefing that first showed it
    # that briefing's folder relative to this one's ("../2024-12-08"): where its entry is
    first_href: str = ""
    last_date: date | None = None  # the latest earlier briefing that showed it
    repeated: int = 0  # its points left out today because an earlier briefing told them
    # no earlier briefing of this desk within the days followed (the first one, or after a
    # break): every story is new, so "New" tells the reader nothing and is not shown
    first_briefing: bool = False


@dataclass(frozen=True)
class SinceLine:
    """One story in the "Since yesterday" block."""

    story_id: str
    headline: str
    detail: str  # "day 3 · 2 new points", "last briefed 15 December 2024", ...
    href: str = ""  # the folder of the briefing whose entry it links to ("": this one)


@dataclass(frozen=True)
class SinceYesterday:
    """What changed since the previous briefing: stories that grew, stories new today,
    and the previous briefing's stories with nothing new (each list capped, `more_*` counts
    the rest)."""

    previous: date
    grew: tuple[SinceLine, ...] = ()
    new: tuple[SinceLine, ...] = ()
    quiet: tuple[SinceLine, ...] = ()
    more_grew: int = 0
    more_new: int = 0
    more_quiet: int = 0  # of the previous briefing's
    more_again: int = 0  # of those an earlier briefing showed, reported again today


@dataclass(frozen=True)
class EarlierEntry:
    """A story an earlier edition of this date showed and this one does not: a later
    day's "first briefed" link to this date's briefing ("#story-<id>") lands here, and
    the line leads on to the edition that still shows it (README, "What a briefing covers":
    the editions kept aside)."""

    story_id: str
    headline: str
    href: str  # that edition's folder relative to this briefing's ("edition-1")
    edition: int  # its number: edition-<n>/


@dataclass(frozen=True)
class Story:
    """One event, as told by one or more articles."""

    id: str
    articles: tuple[Article, ...]
    key_points: tuple[KeyPoint, ...]
    score: float = 0.0
    actors: tuple[Actor, ...] = ()
    quotes: tuple[Quote, ...] = ()
    # its top line: the fact of its points fittest to lead (compose), in the briefest
    # telling any outlet gave that still stands on its own; None: chosen from key_points
    lead: KeyPoint | None = None
    follow: FollowMark | None = None  # None: stories are not followed across days
    # in a desk's briefing: why the story is on the desk ("theme: Military action",
    # "place: Aleppo (Syria)", "watch: Assad"; briefing/desks/)
    why: tuple[str, ...] = ()
    # the points its reports hold beyond those shown (compose.points_per_story and the
    # section's room), each a fact no shown point already tells
    more_points: int = 0

    @property
    def headline(self) -> str:
        return self.articles[0].title if self.articles else ""


# The id of the section of points that no theme claimed ("Other developments"): a section,
# but not a theme, so the counts leave it out of the number of themes.
OTHER_THEME = "other"
# The id of the articles in a language the models do not read ("In other languages",
# briefing.language): a kind of news left out, as a theme's id would be.
OTHER_LANGUAGES_ID = "other-languages"


@dataclass(frozen=True)
class Section:
    """The stories of one theme, in rank order."""

    theme: str  # theme id; OTHER_THEME for points with no theme
    title: str  # display name, e.g. "Military action"
    stories: tuple[Story, ...]
    omitted: int = 0  # stories left out by the per-section cap
    # the article that tells each of those stories' best fact, in rank order: the appendix
    # names them under the section's title, so "N more stories in this theme" leads somewhere
    omitted_articles: tuple[str, ...] = ()
    # every article of each of those stories, in the same order: `briefing why` tells a
    # reader who looks for one of them that its story did not fit, not that it was lost
    omitted_stories: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class AlsoInTheNews:
    """Articles of one kind of news the briefing does not brief (sport, culture...), listed
    compactly at its end when `compose.also_in_the_news` is on: one line, with the count."""

    theme: str  # the unbriefed theme's id, e.g. "sport"
    title: str  # its label, e.g. "Sport"
    articles: tuple[Article, ...]  # newest first, one a story: the headlines to list
    # every article of the kind the briefing leaves out (its count in the header), other
    # outlets' reports of a listed story included; 0: as many as `articles`
    count: int = 0


@dataclass(frozen=True)
class SectionCount:
    """How many key points one section shows."""

    theme: str  # theme id, as Section.theme
    title: str
    key_points: int


@dataclass(frozen=True)
class Counts:
    """The numbers a briefing is summed up by, wherever it is summed up: the build's line,
    the header of every format, the contents, the email's subject, the archive index.
    Computed in one place (`Briefing.counts`) so that they always agree."""

    articles: int  # every article briefed (the sources appendix)
    key_points: int  # distinct points shown in the sections: one filed twice counts once
    themes: int  # sections, "Other developments" not counted
    sections: tuple[SectionCount, ...]  # per section, in section order

    def of(self, theme: str) -> int:
        """The key points shown under the section of `theme` (0 if it has none)."""
        return next((s.key_points for s in self.sections if s.theme == theme), 0)


@dataclass(frozen=True)
class Briefing:
    """Everything a renderer needs; nothing in it needs the pipeline again."""

    date: date
    title: str
    generated_at: datetime
    sections: tuple[Section, ...]
    top_lines: tuple[KeyPoint, ...]
    articles: tuple[Article, ...]  # every article briefed: the sources appendix
    warnings: tuple[str, ...] = field(default=())
    actors: tuple[Actor, ...] = ()  # the day's most named people, organisations and places
    since: SinceYesterday | None = None  # the "Since yesterday" block, when there is one
    # the briefed themes' (id, label) in display order: how a point's other themes are named
    themes: tuple[tuple[str, str], ...] = ()
    # articles of kinds of news not briefed (sport, culture...): never in a section or a top
    # line; listed at the end when compose.also_in_the_news is on, else only counted
    also_in_the_news: tuple[AlsoInTheNews, ...] = ()
    # such articles, listed or not, as (article id, theme id): briefing.json says which
    # articles the day held and why they are not in it
    left_out: tuple[tuple[str, str], ...] = ()
    desk: str = ""  # the desk's id ([[desks]] in briefing.toml); "" for the whole day
    # the stories of this date's editions kept aside that this one does not show
    earlier_editions: tuple[EarlierEntry, ...] = ()

    @property
    def counts(self) -> Counts:
        """The briefing's numbers: the one source every place that shows them reads."""
        shown = [(s, [p for st in s.stories for p in st.key_points]) for s in self.sections]
        distinct = {(p.article_id, p.position) for _, points in shown for p in points}
        return Counts(
            articles=len(self.articles),
            key_points=len(distinct),
            themes=sum(1 for s in self.sections if s.theme != OTHER_THEME),
            sections=tuple(SectionCount(s.theme, s.title, len(points)) for s, points in shown),
        )

    def article(self, article_id: str) -> Article | None:
        for a in self.articles:
            if a.id == article_id:
                return a
        return None
