"""The day's build: the day's articles read, summarized, themed and grouped into stories
once (`DayReading`), then each briefing (the whole day's, each desk's) followed against
earlier briefings, composed, rendered, written into out/<date>/ and recorded in the store."""

from __future__ import annotations

import resource
import time as clock
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import Config, DeskSettings
from briefing.errors import BriefingError
from briefing.fileio import folder_lock, write_atomic
from briefing.fonts import FontGap, InstalledFonts, font_gap_warning
from briefing.language import OTHER_LANGUAGES
from briefing.model import Article, Briefing, FollowMark, Summary
from briefing.pipeline.articles import (
    explain_shown,
    load_themes,
    read_split_stories,
    runners_up,
    with_source_themes,
)
from briefing.pipeline.parallel import Progress, summarize_articles
from briefing.render import RenderOptions, render_all, render_options, write_archive_index
from briefing.sources import nothing_readable, read_sources

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from briefing.compose import ComposeOptions
    from briefing.desks import DayIndex, Desk
    from briefing.follow import Followed
    from briefing.store import Edition, Store
    from briefing.stories import StoryVectors
    from briefing.themes import Classifier

Timings = dict[str, tuple[float, float]]  # per stage: (wall seconds, CPU seconds)


@dataclass(frozen=True)
class BuildResult:
    briefing: Briefing
    folder: Path
    files: dict[str, Path]
    warnings: tuple[str, ...]
    timings: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Per stage: (wall seconds, CPU seconds of this process and its workers)."""
    story_of: dict[str, FollowMark] = field(default_factory=dict)
    """Per article briefed, how its story stands against earlier briefings (empty when
    stories are not followed): its story's id across days, "new" or "developing"."""
    desk_results: dict[str, BuildResult] = field(default_factory=dict)
    """Each desk built (by id): its briefing, folder and files."""


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


@contextmanager
def _timed(timings: dict[str, tuple[float, float]], stage: str) -> Iterator[None]:
    wall, cpu = clock.perf_counter(), _cpu_seconds()
    yield
    timings[stage] = (clock.perf_counter() - wall, _cpu_seconds() - cpu)


def gather(
    config: Config, day: date, sources: Sequence[str] | None, now: datetime
) -> tuple[list[Article], list[str]]:
    """The articles this briefing covers, and warnings about what could not be read.

    Sources named on the command line are briefed whole, whatever their dates. Configured
    sources go through the store (see `covered`).
    """
    from briefing.ingest import covered, fetch_settings, ingest

    if sources:
        result = read_sources(sources, tz=config.tz,
                              settings=fetch_settings(config))
        articles, warnings = result.articles, result.warnings
    else:
        from briefing.store import Store

        _new, _read, warnings = ingest(config, now)
        with Store.open(config.store_path) as store:
            articles = covered(config, store, day)
    # lifted here, not when read: the store keeps what the rule alone says, so turning the
    # setting on or off counts for articles stored before
    if config.sources.allow_private_links:
        articles = [replace(a, link_refused="") if a.link_refused else a for a in articles]
    return articles, warnings


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

    @property
    def article_ids(self) -> list[str]:
        return [a.id for a in self.articles]


@dataclass(frozen=True)
class _Edition:
    """One briefing of a build, composed, before anything is rendered or written."""

    desk: str  # "" for the whole day
    briefing: Briefing
    folder: Path
    options: RenderOptions
    warnings: tuple[str, ...]  # its render options' (a missing logo)
    article_ids: list[str]  # what it covers: the whole day's articles, or those a desk cites
    followed: Followed | None  # its stories against earlier briefings, when followed


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
) -> BuildResult:
    """Build the date's briefing and each desk's (`desks`: which ones; see `targets_of`).

    Reading, summaries, themes and stories are made once and shared by every desk; each
    desk then composes and renders its own cut of the day (briefing/desks/) into
    out/<date>/<desk>/. The result describes the first briefing built (the whole day's,
    when it is built); `desk_results` has each desk's.
    """
    now = now or datetime.now(UTC)
    tz = config.tz
    day = day or now.astimezone(tz).date()
    formats = list(formats or config.output.formats)
    targets = targets_of(config, desks)
    folder = config.out_dir / day.isoformat()
    timings: Timings = {}

    reading = read_day(config, day, now, sources, jobs=jobs, progress=progress,
                       timings=timings)
    editions: list[_Edition] = []
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
        with _store_and_locks(config, [e.folder for e in editions]) as store:
            results, removed = write_editions(store, rendered, reading)
            record_day(store, editions, reading, folder)
        warnings += removed
        warnings += update_archive_index(config)

    main = results[targets[0]]
    first = next(e for e in editions if e.desk == targets[0])
    return BuildResult(main.briefing, main.folder, main.files, tuple(warnings), timings,
                       story_marks(first.followed),
                       desk_results={k: v for k, v in results.items() if k})


def read_day(config: Config, day: date, now: datetime, sources: Sequence[str] | None, *,
             jobs: int | None, progress: Progress | None, timings: Timings) -> DayReading:
    """Read the day's articles, summarize and theme them, and group them into stories:
    timed as "read", "load themes", "summarize+classify" and "stories". Sources named but
    none readable is an error."""
    from briefing.ingest import named_sources

    with _timed(timings, "read"):
        articles, warnings = gather(config, day, sources, now)
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
        warnings=tuple(warnings),
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

        return replace(briefing, since=since_yesterday(briefing, followed))
    return briefing


def compose_day(config: Config, reading: DayReading, folder: Path, timings: Timings
                ) -> _Edition:
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
    return _Edition("", briefing, folder, options, tuple(render_warnings),
                    reading.article_ids, followed)


def compose_desks(config: Config, reading: DayReading, desk_ids: Sequence[str],
                  day_folder: Path, timings: Timings, progress: Progress | None
                  ) -> list[_Edition]:
    """Each desk's briefing, for out/<date>/<desk>/, in the order asked."""
    from briefing.desks import DayIndex, Desk, place_index_for

    chosen = [config.desk(d) for d in desk_ids]
    places = place_index_for(chosen, config.places)
    briefed = {t for t, _ in reading.briefed}
    prepared = [Desk.of(settings, reading.themes, places, briefed=briefed)
                for settings in chosen]
    # the places some desk covers: the only ones looked for in the day's articles
    day_index = DayIndex(places, {p for desk in prepared for p in desk.places})
    editions = []
    for settings, desk in zip(chosen, prepared, strict=True):
        if progress:
            progress(f"desk {settings.id}", 0, 1)
        editions.append(compose_desk(config, reading, settings, desk, day_index,
                                     day_folder / settings.id, timings))
    return editions


def compose_desk(config: Config, reading: DayReading, settings: DeskSettings, desk: Desk,
                 day_index: DayIndex, folder: Path, timings: Timings) -> _Edition:
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
    return _Edition(settings.id, briefing, folder, options, tuple(render_warnings),
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
                   source_weights=reading.source_weights, options=compose_options(config),
                   warnings=reading.warnings, story_reading=reading.story_reading)


def render_editions(editions: Sequence[_Edition], formats: Sequence[str]
                    ) -> tuple[list[tuple[_Edition, dict[str, bytes]]], list[str]]:
    """Each edition's files, in memory: nothing is written before every one is made; and
    a warning for each PDF with text no installed font draws (see briefing/fonts.py)."""
    # one after another: in a process pool the desks' PDFs took as long on two cores
    # (bench/run.py --desks 5 at 10,000 articles: 7.5 s against 8.0 s) and half as
    # much memory again (535 MB against 355 MB), each worker holding its own WeasyPrint
    rendered, warnings = [], []
    fonts = InstalledFonts()  # fc-list asked once for the build's PDFs, at the first one
    for edition in editions:
        gaps: list[FontGap] = []
        rendered.append((edition, render_all(edition.briefing, formats, edition.options,
                                             font_gaps=gaps, fonts=fonts)))
        warnings += [font_gap_warning(str(edition.folder / "briefing.pdf"), g) for g in gaps]
    return rendered, warnings


@contextmanager
def _store_and_locks(config: Config, folders: Collection[Path]) -> Iterator[Store]:
    """The store, with each folder locked: a second build of the date waits here, so what
    it finds unfinished is a killed build's, never this one's files in progress (each
    desk's folder too)."""
    from briefing.store import Store

    with Store.open(config.store_path) as store, ExitStack() as locks:
        for where in sorted(set(folders)):
            locks.enter_context(folder_lock(where))
        yield store


def write_editions(store: Store, rendered: Sequence[tuple[_Edition, dict[str, bytes]]],
                   reading: DayReading) -> tuple[dict[str, BuildResult], list[str]]:
    """Write each edition's files, each atomically, into its folder: what an interrupted
    build left there removed first, and the folder's previous edition, when of other
    articles, kept aside (edition-<n>/). Returns each edition's result (by desk) and
    warnings about what was removed."""
    from briefing.ingest import discard_unfinished, keep_edition

    day = reading.day
    results: dict[str, BuildResult] = {}
    warnings: list[str] = []
    for edition, data in rendered:
        current = store.edition(day, edition.desk)
        left = discard_unfinished(edition.folder, store.unfinished_edition(day, edition.desk),
                                  current)
        if left:
            warnings.append(f"{edition.folder}: removed what an interrupted build left "
                            f"there ({', '.join(p.name for p in left)})")
        replacing = partial(store.begin_edition, day, built_at=reading.now,
                            article_ids=edition.article_ids, on_demand=reading.on_demand,
                            desk=edition.desk)
        kept = keep_edition(edition.folder, _previous_ids(current, reading),
                            edition.article_ids, replacing)
        if kept is not None:  # later briefings' links to its stories follow it
            store.stories_moved(day, edition.desk, edition.folder, kept)
        files = {}
        for kind, content in data.items():
            files[kind] = edition.folder / f"briefing.{kind}"
            write_atomic(files[kind], content)
        results[edition.desk] = BuildResult(edition.briefing, edition.folder, files, (), {})
    return results, warnings


def _previous_ids(current: Edition | None, reading: DayReading) -> Sequence[str] | None:
    """The articles of the edition a folder holds, as `keep_edition` compares them with a
    new build's: None when they cannot make the same briefing. An on-demand build and a
    configured one are never the same edition, whatever their articles: a send mails only
    the configured one (built_editions)."""
    if current is None or current.on_demand != reading.on_demand:
        return None
    return current.article_ids


def with_earlier_editions(config: Config, editions: Sequence[_Edition],
                          reading: DayReading) -> list[_Edition]:
    """Each edition with the stories of its folder's editions kept aside that it does not
    show (`follow.earlier_entries`): a later day's briefing, already written, links to
    them in this folder's briefing. Which edition this build will keep aside is read
    here, before rendering, as `write_editions` will find it (`ingest.next_edition`)."""
    from briefing.follow import earlier_entries
    from briefing.ingest import next_edition
    from briefing.store import Store

    day, out = reading.day, []
    with Store.open(config.store_path) as store:
        rows = store.story_days_between(day, day)
        for edition in editions:
            current = store.edition(day, edition.desk)
            unfinished = store.unfinished_edition(day, edition.desk)
            # a killed build's files are discarded, not kept (`discard_unfinished`)
            kept = (None if unfinished is not None and not unfinished.same_as(current)
                    else next_edition(edition.folder, _previous_ids(current, reading),
                                      edition.article_ids))
            entries = earlier_entries([r for r in rows if r.desk == edition.desk],
                                      edition.briefing, folder=edition.folder,
                                      out_dir=config.out_dir, kept_next=kept)
            out.append(replace(edition, briefing=replace(edition.briefing,
                                                         earlier_editions=entries)))
    return out


def record_day(store: Store, editions: Sequence[_Edition], reading: DayReading,
               folder: Path) -> None:
    """Record the build in the store: each edition's articles, and (unless on demand) the
    date's coverage and the stories each briefing showed, for the next days to follow."""
    cited = {e.desk: e.article_ids for e in editions}
    if reading.on_demand:  # what --source briefs is not the date's coverage: files only
        for desk, edition_ids in cited.items():
            store.record_edition(reading.day, built_at=reading.now, article_ids=edition_ids,
                                 on_demand=True, desk=desk)
        return
    followed = [e for e in editions if e.followed]
    stories = []
    if followed:
        from briefing.follow import story_days

        for e in followed:
            stories += story_days(e.briefing, e.followed, e.followed.summaries,
                                  reading.story_vectors, built_at=reading.now, folder=e.folder)
    store.record_briefing(reading.day, built_at=reading.now,
                          article_count=len(reading.articles), folder=folder,
                          article_ids=reading.article_ids, editions=cited, stories=stories,
                          followed_in={e.desk: e.folder for e in followed})


def update_archive_index(config: Config) -> list[str]:
    """Rewrite out/index.html, the archive of every briefing; a failure is a warning, not
    an error: the briefing is written and must not be undone for it."""
    try:
        write_archive_index(config.out_dir, render_options_for(config)[0])
    except (BriefingError, OSError) as e:
        return [f"{config.out_dir / 'index.html'} not updated: {e}"]
    return []


def story_marks(followed: Followed | None) -> dict[str, FollowMark]:
    """Per article briefed, how its story stands against earlier briefings (empty when
    stories are not followed)."""
    if not followed:
        return {}
    return {s.article.id: followed.marks[k]
            for s, k in zip(followed.summaries, followed.keys, strict=True)}


def compose_options(config: Config) -> ComposeOptions:
    from briefing.compose import ComposeOptions

    return ComposeOptions(
        points_per_section=config.compose.points_per_section,
        points_per_story=config.compose.points_per_story,
        top_lines=config.compose.top_lines,
        top_lines_min_share=config.compose.top_lines_min_share,
        recency_half_life_hours=config.compose.recency_half_life_hours,
        max_point_chars=config.summary.max_point_chars,
        also_in_the_news=config.compose.also_in_the_news,
    )


def render_options_for(config: Config, desk: DeskSettings | None = None
                       ) -> tuple[RenderOptions, list[str]]:
    """The render options of the whole day's briefing, or of a desk's: its marking and
    branding where it sets them, the briefing's where it does not."""
    if desk is None:
        return render_options(config)
    own = {key: getattr(desk, key) for key in ("marking", "organisation", "logo",
                                               "accent_colour", "marking_colour")
           if getattr(desk, key)}
    desk_config = replace(config, briefing=replace(config.briefing, title=desk.title, **own))
    index = next((i for i, d in enumerate(config.desks, 1) if d.id == desk.id), 0)
    key = f"desks[{index}] ({desk.id}).logo" if desk.logo else "briefing.logo"
    options, warnings = render_options(desk_config, logo_key=key)
    if desk.timezone:
        options = replace(options, timezone=desk.timezone)
    return options, warnings
