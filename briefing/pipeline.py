"""The one place that runs the stages in order (DESIGN.md, "The data's one-way trip").

    sources -> Article -> summarize -> KeyPoint -> classify -> compose -> Briefing
            -> render -> out/<date>/ -> store

Everything is gathered and rendered in memory before anything is written, so a build
that fails leaves yesterday's files and the store as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from briefing.config import Config
from briefing.errors import SourceError
from briefing.model import Article, Briefing, Summary
from briefing.sources import read_sources

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class BuildResult:
    briefing: Briefing
    folder: Path
    files: dict[str, Path]
    warnings: tuple[str, ...]


def load_themes(config: Config):
    """The taxonomy (shipped themes plus the user's file) and its classifier."""
    from briefing.themes import Classifier, load_taxonomy

    user = config.resolve(config.themes.file) if config.themes.file else None
    taxonomy = load_taxonomy(user)
    return taxonomy, Classifier.from_taxonomy(taxonomy)


def process_article(article: Article, classifier, *, points: int | None, algorithm: str) -> Summary:
    """Summarize one article and theme its key points. Pure: same input, same output."""
    from briefing.summarize import summarize

    summary = summarize(article, points=points, algorithm=algorithm)
    themes = classifier.classify_many([p.text for p in summary.key_points])
    points_with_themes = tuple(
        replace(p, themes=t) for p, t in zip(summary.key_points, themes, strict=True)
    )
    return replace(summary, key_points=points_with_themes)


def summarize_articles(
    articles: Sequence[Article],
    config: Config,
    *,
    points: int | None = None,
    classifier=None,
    progress: Progress | None = None,
) -> list[Summary]:
    classifier = classifier or load_themes(config)[1]
    points = points if points is not None else (config.summary.points or None)
    out = []
    for i, article in enumerate(articles, start=1):
        out.append(
            process_article(article, classifier, points=points, algorithm=config.summary.algorithm)
        )
        if progress:
            progress("summarize", i, len(articles))
    return out


def window_start(config: Config, day: date, previous: date | None) -> datetime | None:
    """Where a dated briefing's window opens (see SourcesSettings.window)."""
    tz = ZoneInfo(config.briefing.timezone)
    rule = config.sources.window
    if rule == "all":
        return None
    if rule == "day":
        return datetime.combine(day, time(), tz)
    if previous is not None:
        return datetime.combine(previous + timedelta(days=1), time(), tz)
    if config.sources.lookback_days:
        return datetime.combine(day - timedelta(days=config.sources.lookback_days - 1), time(), tz)
    return None


def gather(
    config: Config, day: date, sources: Sequence[str] | None, now: datetime
) -> tuple[list[Article], list[str]]:
    """The articles this briefing covers, and warnings about what could not be read.

    Sources named on the command line are briefed whole, whatever their dates. Configured
    sources go through the store: only articles in the date's window are briefed.
    """
    if sources:
        result = read_sources(sources)
        return result.articles, result.warnings
    from briefing.store import Store

    configured = [*config.sources.paths, *config.sources.urls]
    result = read_sources(configured, base_dir=config.base_dir)
    tz = ZoneInfo(config.briefing.timezone)
    with Store.open(config.store_path) as store:
        store.remember(result.articles, seen_at=now, tz=tz)
        start = window_start(config, day, store.previous_briefing(day))
        end = datetime.combine(day + timedelta(days=1), time(), tz)
        return store.articles_between(start, end), result.warnings


def build(
    config: Config,
    *,
    day: date | None = None,
    sources: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    from briefing.compose import ComposeOptions, compose
    from briefing.render import RenderOptions, render_all, write_atomic

    now = now or datetime.now(UTC)
    tz = ZoneInfo(config.briefing.timezone)
    day = day or now.astimezone(tz).date()
    formats = list(formats or config.output.formats)

    articles, warnings = gather(config, day, sources, now)
    if sources and not articles:
        raise SourceError("no readable articles in " + ", ".join(map(str, sources)))
    taxonomy, classifier = load_themes(config)
    summaries = summarize_articles(articles, config, classifier=classifier, progress=progress)
    briefing = compose(
        summaries,
        day=day,
        title=config.briefing.title,
        themes=[(t.id, t.label) for t in taxonomy.themes],
        generated_at=now,
        options=ComposeOptions(config.compose.points_per_section, config.compose.top_lines),
        warnings=warnings,
    )
    options = RenderOptions(
        timezone=config.briefing.timezone,
        organisation=config.briefing.organisation,
        marking=config.briefing.marking,
        language=config.briefing.language,
        show_evidence=config.themes.show_evidence,
        templates_dir=config.templates_dir,
    )
    if progress:
        progress("render", 0, 1)
    rendered = render_all(briefing, formats, options)
    folder = config.out_dir / day.isoformat()
    files = {}
    for kind, data in rendered.items():
        files[kind] = folder / f"briefing.{kind}"
        write_atomic(files[kind], data)
    if not sources:
        from briefing.store import Store

        with Store.open(config.store_path) as store:
            store.record_briefing(day, built_at=now, article_count=len(articles), folder=folder)
    return BuildResult(briefing, folder, files, tuple(warnings))
