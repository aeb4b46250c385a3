"""The day's build: the day's articles read, summarized, themed and grouped into stories
once (`DayReading`), then each briefing (the whole day's, each desk's) followed against
earlier briefings, composed, rendered, written into out/<date>/ and recorded in the store.
Rendering, writing and recording the editions is editions.py's; the options that composing
and rendering read from the config are options.py's."""

from __future__ import annotations

import resource
import time as clock
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import Config, DeskSettings
from briefing.errors import one_line
from briefing.language import OTHER_LANGUAGES
from briefing.model import Article, Briefing, FollowMark, Summary
from briefing.pipeline.articles import (
    explain_shown,
    load_themes,
    read_split_stories,
    runners_up,
    with_source_themes,
)
from briefing.pipeline.editions import (
    BuildResult,
    ComposedEdition,
    locked_folders,
    locked_store,
    record_day,
    render_editions,
    update_archive_index,
    with_earlier_editions,
    write_editions,
)
from briefing.pipeline.options import compose_options, render_options_for
from briefing.pipeline.parallel import Progress, summarize_articles
from briefing.sources import nothing_readable, read_sources

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from briefing.compose import ArticleActors
    from briefing.desks import DayIndex, Desk
    from briefing.follow import Followed
    from briefing.stories import StoryVectors
    from briefing.themes import Classifier


Timings = dict[str, tuple[float, float]]  # per stage: (wall seconds, CPU seconds)


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


@contextmanager
def _timed(timings: dict[str, tuple[float, float]], stage: str) -> Iterator[None]:
    wall, cpu = clock.perf_counter(), cpu_seconds()
    yield
    timings[stage] = (clock.perf_counter() - wall, cpu_seconds() - cpu)


def gather(
    config: Config, day: date, sources: Sequence[str] | None, now: datetime,
    desks: Sequence[str] = ("",), report: list[str] | None = None,
) -> tuple[list[Article], list[str], int]:
    """The articles the briefings of `desks` ('' the whole day's) cover, warnings about
    what could not be read, and the days their window spans since the previous briefing
    (`ingest.window_days`); `report` gets what each configured source gave (see `ingest`).

    Sources named on the command line are briefed whole, whatever their dates, as one
    day's. Configured sources go through the store (see `covered`).
    """
    from briefing.ingest import covered, fetch_settings, ingest, window_days

    span_days = 1
    if sources:
        result = read_sources(sources, tz=config.tz,
                              settings=fetch_settings(config))
        articles, warnings = result.articles, result.warnings
    else:
        from briefing.store import Store

        _new, _read, warnings = ingest(config, now, report)
        with Store.open(config.store_path) as store:
            articles = covered(config, store, day, desks)
            span_days = window_days(config, store, day)
    # lifted here, not when read: the store keeps what the rule alone says, so turning the
    # setting on or off counts for articles stored before
    if config.sources.allow_private_links:
        articles = [replace(a, link_refused="") if a.link_refused else a for a in articles]
    return articles, warnings, span_days


def targets_of(config: Config, desks: Sequence[str] | None) -> list[str]:
    """Which briefings a build makes: desk ids, "" for the whole day; an unknown id is a
    ConfigError naming the closest. None: every configured desk, and the whole day when
    there are no desks or when someone receives it (email.to): with desks, a briefing of
    everything is made for its readers, not for nobody (a desk with no themes and no
    places is one, in out/<date>/<desk>/)."""
    if desks is None:
        whole_day = [""] if not config.desks or config.email.to else []
        return [*whole_day, *(d.id for d in config.desks)]
    for desk in desks:
        if desk:
            config.desk(desk)
    return list(dict.fromkeys(desks))


@dataclass(frozen=True)
class DayReading:
    """What a build works out once from the day's articles and shares with every briefing
    it makes (the whole day's and each desk's)."""

    day: date
    now: datetime  # the build's time: "generated at", and what the store records
    on_demand: bool  # sources named on the command line (`build --source`), briefed whole
    articles: list[Article]
    summaries: list[Summary]  # each article's key points, themed (see `with_source_themes`)
    classifier: Classifier
    themes: list[tuple[str, str]]  # every theme of the taxonomy (id, label), briefed or not
    briefed: list[tuple[str, str]]  # the themes a briefing has sections for
    unbriefed: list[tuple[str, str]]  # the kinds of news left out, other languages included
    theme_weights: dict[str, float]  # by theme id
    source_themes: dict[str, tuple[str, str]]  # by source key: its (name, theme id)
    sections: dict[str, str]  # a part of an address's path -> the theme it files under
    source_weights: dict[str, float]  # by source key
    story_keys: list[str]  # per summary: articles on one event share a key
    story_vectors: StoryVectors | None  # the stories as followed; None: not followed
    story_reading: dict[str, str]  # see `read_split_stories`
    warnings: tuple[str, ...]  # what could not be read
    actors: ArticleActors  # who each article names and quotes, found when first shown
    # per configured source, what it gave: "source NAME: 12 read, 3 new" (see `ingest`)
    sources_read: tuple[str, ...] = ()
    # the days the window spans since the previous briefing (`ingest.window_days`): 3 on
    # a weekday desk's Monday, whose readers were briefed on Friday, 1 for a daily one
    span_days: int = 1

    @property
    def article_ids(self) -> list[str]:
        return [a.id for a in self.articles]


def build(
    config: Config,
    *,
    day: date | None = None,
    sources: Sequence[str] | None = None,
    formats: Sequence[str] | None = None,
    now: datetime | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    desks: Sequence[str] | None = None,
    waiting: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the date's briefing and each desk's (`desks`: which ones; see `targets_of`).

    Reading, summaries, themes and stories are made once and shared by every desk; each
    desk then composes and renders its own cut of the day (briefing/desks/) into
    out/<date>/<desk>/. The result describes the first briefing built (the whole day's,
    when it is built); `desk_results` has each desk's. `waiting` is told, in a line, when
    the build waits for another build of the date to finish.
    """
    now = now or datetime.now(UTC)
    tz = config.tz
    day = day or now.astimezone(tz).date()
    formats = list(formats or config.output.formats)
    targets = targets_of(config, desks)
    folder = config.out_dir / day.isoformat()
    # held from the reading to the writing: a second build of the date reads its sources
    # after this one recorded what it briefed, never before it and then writes last
    def held(where: Path) -> None:
        if waiting is not None:
            waiting(another_build(day, where))

    with locked_folders([folder / t if t else folder for t in targets], held):
        return _build(config, day, folder, targets, sources, formats, now, jobs, progress)


def another_build(day: date, where: Path) -> str:
    """The line said when a build of `day` (or a send, a scheduled run) waits for the lock
    of `where`, a folder of the date that another build holds."""
    return (f"another build of {day.isoformat()} is running ({where} is locked): "
            "waiting for it to finish")


def _build(config: Config, day: date, folder: Path, targets: Sequence[str],
           sources: Sequence[str] | None, formats: list[str], now: datetime,
           jobs: int | None, progress: Progress | None) -> BuildResult:
    """`build`, with the folders it writes locked."""
    timings: Timings = {}
    reading = read_day(config, day, now, sources, jobs=jobs, progress=progress,
                       timings=timings, desks=targets)
    editions: list[ComposedEdition] = []
    if "" in targets:
        editions.append(compose_day(config, reading, folder, timings))
    if desk_ids := [t for t in targets if t]:
        editions += compose_desks(config, reading, desk_ids, folder, timings, progress)
    warnings = list(reading.warnings)
    for edition in editions:  # each once: desks can share a logo, and its warning
        warnings += [w for w in edition.warnings if w not in warnings]
    editions = with_earlier_editions(config, editions, reading)
    if progress:
        progress("render", 0, 1)
    with _timed(timings, "render"):
        rendered, unprintable = render_editions(editions, formats)
    warnings += unprintable
    with _timed(timings, "write"):
        with locked_store(config, [e.folder for e in editions]) as store:
            results, removed = write_editions(store, rendered, reading)
            record_day(store, editions, reading, folder)
        warnings += removed
        warnings += update_archive_index(config)

    main = results[targets[0]]
    first = next(e for e in editions if e.desk == targets[0])
    return BuildResult(main.briefing, main.folder, main.files, tuple(warnings), timings,
                       story_marks(first.followed),
                       desk_results={k: v for k, v in results.items() if k},
                       sources_read=reading.sources_read)


def read_day(config: Config, day: date, now: datetime, sources: Sequence[str] | None, *,
             jobs: int | None, progress: Progress | None, timings: Timings,
             desks: Sequence[str] = ("",)) -> DayReading:
    """Read the day's articles, summarize and theme them, and group them into stories:
    timed as "read", "load themes", "summarize+classify" and "stories". Sources named but
    none readable is an error."""
    from briefing.ingest import named_sources

    sources_read: list[str] = []
    with _timed(timings, "read"):
        articles, warnings, span_days = gather(config, day, sources, now, desks,
                                               sources_read)
    if sources and not articles:
        raise nothing_readable(sources, warnings)
    with _timed(timings, "load themes"):
        taxonomy, classifier = load_themes(config)
    named = named_sources(config)
    source_themes = {key: (s.name, s.theme) for key, s in named.items() if s.theme}
    with _timed(timings, "summarize+classify"):
        summaries = summarize_articles(
            articles, config, classifier=classifier, jobs=jobs, progress=progress
        )
        summaries = with_source_themes(summaries, source_themes, taxonomy.sections)
    # the kinds of news left out: those not briefed, and articles the models cannot read
    unbriefed = [(t.id, t.label) for t in taxonomy.themes if not t.brief] + [OTHER_LANGUAGES]
    with _timed(timings, "stories"):
        from briefing.stories import group_stories, group_stories_with_vectors

        story_vectors: StoryVectors | None = None
        if config.stories.follow_days > 0:
            story_keys, story_vectors = group_stories_with_vectors([s.article for s in summaries])
        else:
            story_keys = group_stories([s.article for s in summaries])
        story_reading = read_split_stories(summaries, story_keys, classifier,
                                           {u for u, _ in unbriefed})
    from briefing.compose import ArticleActors

    return DayReading(
        day=day,
        now=now,
        on_demand=bool(sources),
        articles=articles,
        summaries=summaries,
        classifier=classifier,
        themes=[(t.id, t.label) for t in taxonomy.themes],
        briefed=[(t.id, t.label) for t in taxonomy.themes if t.brief],
        unbriefed=unbriefed,
        theme_weights={t.id: t.weight for t in taxonomy.themes},
        source_themes=source_themes,
        sections=taxonomy.sections,
        source_weights={key: s.weight for key, s in named.items()},
        story_keys=story_keys,
        story_vectors=story_vectors,
        story_reading=story_reading,
        warnings=tuple(map(one_line, warnings)),  # quoted in the briefing's notes too
        actors=ArticleActors(),
        sources_read=tuple(sources_read),
        span_days=span_days,
    )


def follow(config: Config, reading: DayReading, desk: str, folder: Path, timings: Timings
           ) -> Followed | None:
    """Today's stories linked to the last days', and what this briefing's readers were
    told before left out (briefing/follow/): once for each briefing built, timed as
    "follow" (the whole day's) or "follow <desk>". None when stories are not followed."""
    if reading.story_vectors is None:
        return None
    from briefing.follow import follow_stories
    from briefing.store import Store

    more_points = partial(runners_up, classifier=reading.classifier,
                          algorithm=config.summary.algorithm)
    with _timed(timings, f"follow {desk}".strip()), Store.open(config.store_path) as store:
        followed = follow_stories(store, reading.summaries, reading.story_keys,
                                  reading.story_vectors, day=reading.day,
                                  days=config.stories.follow_days, folder=folder, desk=desk,
                                  more_points=more_points)
    # the sentences said instead of what was briefed need their source's theme too
    return replace(followed, summaries=with_source_themes(
        followed.summaries, reading.source_themes, reading.sections))


def with_since(config: Config, briefing: Briefing, followed: Followed | None) -> Briefing:
    """The briefing with its "Since yesterday" block, when its stories are followed and
    `stories.since_yesterday` asks for it."""
    if followed and config.stories.since_yesterday:
        from briefing.follow import since_yesterday

        return replace(briefing, since=since_yesterday(
            briefing, followed, reads_gap=config.sources.window != "day"))
    return briefing


def compose_day(config: Config, reading: DayReading, folder: Path, timings: Timings
                ) -> ComposedEdition:
    """The whole day's briefing, for out/<date>/: every briefed theme, timed as
    "compose"."""
    followed = follow(config, reading, "", folder, timings)
    summaries, story_keys = _stories_of(reading, followed)
    with _timed(timings, "compose"):
        briefing = _compose(config, reading, summaries, story_keys, followed,
                            title=config.briefing.title, themes=reading.briefed,
                            unbriefed=reading.unbriefed)
        briefing = explain_shown(with_since(config, briefing, followed), reading.classifier)
    options, render_warnings = render_options_for(config)  # a missing logo: a warning
    return ComposedEdition("", briefing, folder, options, tuple(render_warnings),
                           reading.article_ids, followed)


def compose_desks(config: Config, reading: DayReading, desk_ids: Sequence[str],
                  day_folder: Path, timings: Timings, progress: Progress | None
                  ) -> list[ComposedEdition]:
    """Each desk's briefing, for out/<date>/<desk>/, in the order asked."""
    from briefing.desks import DayIndex, Desk, place_index_for

    chosen = [config.desk(d) for d in desk_ids]
    places = place_index_for(chosen, config.places)
    briefed = {t for t, _ in reading.briefed}
    prepared = [Desk.of(settings, reading.themes, places, briefed=briefed)
                for settings in chosen]
    # the places some desk covers: the only ones looked for in the day's articles
    day_index = DayIndex(places, {p for desk in prepared for p in desk.places},
                         terms=[t for desk in prepared for t in (*desk.exclude, *desk.watch)])
    editions = []
    for settings, desk in zip(chosen, prepared, strict=True):
        if progress:
            progress(f"desk {settings.id}", 0, 1)
        editions.append(compose_desk(config, reading, settings, desk, day_index,
                                     day_folder / settings.id, timings))
    return editions


def compose_desk(config: Config, reading: DayReading, settings: DeskSettings, desk: Desk,
                 day_index: DayIndex, folder: Path, timings: Timings) -> ComposedEdition:
    """One desk's briefing: its cut of the day's stories (briefing/desks/), its themes and
    look; timed as "desk <id>"."""
    from briefing.desks import annotate, select

    followed = follow(config, reading, settings.id, folder, timings)
    summaries, story_keys = _stories_of(reading, followed)
    with _timed(timings, f"desk {settings.id}"):
        cut = select(desk, summaries, story_keys, day_index,
                     classify=reading.classifier.classify_many)
        briefing = _compose(config, reading, cut.summaries, cut.story_keys, followed,
                            title=settings.title, themes=list(desk.themes),
                            # a kind of news a desk lists is briefed on it
                            unbriefed=[u for u in reading.unbriefed if u not in desk.themes],
                            first=cut.first, leads=cut.leads)
        briefing = explain_shown(with_since(config, annotate(briefing, desk, cut), followed),
                                 reading.classifier)
    options, render_warnings = render_options_for(config, settings)
    return ComposedEdition(settings.id, briefing, folder, options, tuple(render_warnings),
                           [a.id for a in briefing.articles], followed)


def _stories_of(reading: DayReading, followed: Followed | None
                ) -> tuple[list[Summary], list[str]]:
    """The summaries and story keys a briefing is composed from: as following linked and
    refilled them, when its stories are followed."""
    if followed:
        return followed.summaries, followed.keys
    return reading.summaries, reading.story_keys


def _compose(config: Config, reading: DayReading, summaries: Sequence[Summary],
             story_keys: Sequence[str], followed: Followed | None, *, title: str,
             themes: Sequence[tuple[str, str]], unbriefed: Sequence[tuple[str, str]],
             first: Collection[str] = (),
             leads: Mapping[str, Collection[tuple[str, int]]] | None = None) -> Briefing:
    """`compose` with what every briefing of the day shares: its date and time, weights,
    options, reading warnings and story verdicts, and the marks of its followed stories."""
    from briefing.compose import compose

    return compose(summaries, story_keys=story_keys, title=title, themes=themes,
                   unbriefed=unbriefed, first=first, leads=leads,
                   follow=followed.marks if followed else None,
                   novelty=followed.novelty if followed else None,
                   day=reading.day, generated_at=reading.now,
                   theme_weights=reading.theme_weights,
                   source_weights=reading.source_weights,
                   options=compose_options(config, span_days=reading.span_days),
                   warnings=reading.warnings, story_reading=reading.story_reading,
                   actors=reading.actors)


def story_marks(followed: Followed | None) -> dict[str, FollowMark]:
    """Per article briefed, how its story stands against earlier briefings (empty when
    stories are not followed)."""
    if not followed:
        return {}
    return {s.article.id: followed.marks[k]
            for s, k in zip(followed.summaries, followed.keys, strict=True)}
