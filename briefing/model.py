"""The data that flows between the pipeline's stages.

Each stage is a function from one of these to the next (see DESIGN.md, "The data's
one-way trip"). They are plain frozen dataclasses so that they can cross a process
pool, be compared in tests, and be written to `briefing.json` as they are (articles once,
without their text: see `render.briefing_data`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime


@dataclass(frozen=True)
class Article:
    """One article as a reader got it: raw text, not yet cleaned."""

    id: str
    title: str
    text: str
    source: str = ""  # the outlet or publisher, e.g. "U.S. Central Command"
    url: str = ""
    published: datetime | None = None  # timezone-aware when the source says so
    path: str | None = None  # set for local files, so a reader can open the original
    # the configured source it came in by (its URL, or its resolved path for a folder or
    # file; see ingest.source_key): how its weight and theme reach it; "" for --source
    via: str = ""

    @property
    def published_utc(self) -> datetime | None:
        """`published` made comparable: a naive datetime (no offset given) is taken as UTC."""
        p = self.published
        return p if p is None or p.tzinfo else p.replace(tzinfo=UTC)


@dataclass(frozen=True)
class ThemeScore:
    """One theme given to a key point, with how sure and why."""

    theme: str  # theme id, e.g. "military"
    score: float
    evidence: tuple[str, ...] = ()  # human-readable reasons: matched terms, nearest examples


# The position of a point that is its article's headline: an item with no text of its own.
HEADLINE = -1


@dataclass(frozen=True)
class KeyPoint:
    """A sentence of an article, chosen by the summarizer. Never rewritten, only cleaned."""

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

    @property
    def headline(self) -> str:
        return self.articles[0].title if self.articles else ""


@dataclass(frozen=True)
class Section:
    """The stories of one theme, in rank order."""

    theme: str  # theme id; "other" for points with no theme
    title: str  # display name, e.g. "Military action"
    stories: tuple[Story, ...]
    omitted: int = 0  # stories left out by the per-section cap (listed in the appendix)


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

    def article(self, article_id: str) -> Article | None:
        for a in self.articles:
            if a.id == article_id:
                return a
        return None
