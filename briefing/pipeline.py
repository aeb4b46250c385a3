"""The one place that runs the stages in order (DESIGN.md, "The data's one-way trip").

    sources -> Article -> summarize -> KeyPoint -> classify -> compose -> Briefing
            -> render -> out/<date>/ -> store
    out/<date>/ -> deliver (email), when sending finds no briefing or a scheduled run is due

Everything is gathered and rendered in memory before anything is written, so a build
that fails leaves yesterday's files and the store as they were.
"""

from __future__ import annotations

import re
import resource
import time as clock
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from briefing.config import Config, DeskSettings, ThemesSettings
from briefing.errors import BriefingError, ConfigError, DeliveryError
from briefing.fileio import folder_lock, write_atomic
from briefing.fonts import FontGap, InstalledFonts, font_gap_warning
from briefing.language import OTHER_LANGUAGES
from briefing.model import Article, Briefing, FollowMark, KeyPoint, Summary, ThemeScore
from briefing.render import FORMATS, RenderOptions, render_all, render_options, write_archive_index
from briefing.sources import nothing_readable, read_sources
from briefing.text import MAX_POINT_CHARS

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from briefing.compose import ComposeOptions
    from briefing.deliver.message import BriefingFiles
    from briefing.desks import DayIndex, Desk
    from briefing.follow import Followed
    from briefing.store import Edition, Store
    from briefing.stories import StoryVectors
    from briefing.themes import Classifier, Taxonomy
    from briefing.themes.classifier import Explanation

Progress = Callable[[str, int, int], None]  # (stage, done, total)
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


def user_themes_file(config: Config) -> Path | None:
    """The user's taxonomy file, if any; a file named in config but missing is an error."""
    if not config.themes.file:
        return None
    path = config.resolve(config.themes.file)
    if path.is_file():
        return path
    if config.themes.file == ThemesSettings.file:  # the default name: optional
        return None
    raise ConfigError(f"themes.file = {config.themes.file!r}: no such file ({path})")


def load_themes(config: Config) -> tuple[Taxonomy, Classifier]:
    """The taxonomy (shipped themes plus the user's file) and its classifier, which reads
    the news model `themes.news_model` names, or the shipped one."""
    from briefing.themes import Classifier, load_taxonomy
    from briefing.themes.news import load_user_model

    taxonomy = load_taxonomy(user_themes_file(config))
    if not config.themes.news_model:
        return taxonomy, Classifier.from_taxonomy(taxonomy)
    path = config.resolve(config.themes.news_model)
    news = load_user_model(path, "themes.news_model")
    missing = sorted({k for t in taxonomy.themes for k in t.kinds} - set(news.kinds))
    if missing:
        raise ConfigError(f"themes.news_model: {path} does not tell apart the kinds of news "
                          f"{', '.join(missing)}, which themes name (it knows: "
                          f"{', '.join(news.kinds)})")
    return taxonomy, Classifier(taxonomy, news=news)


THEME_RESERVE = 4  # runners-up the summarizer offers when a theme of the article is missing
THEME_EXTRA = 2  # at most this many points added so that every theme of an article is heard


def process_article(article: Article, classifier: Classifier, *, points: int | None, algorithm: str,
                    max_chars: int = MAX_POINT_CHARS) -> Summary:
    """Summarize one article and theme its key points. Pure: same input, same output.

    No key point is longer than `max_chars` characters (`summary.max_point_chars`).

    With an adaptive number of points, the best runner-up sentence of each theme that the
    chosen points miss is added (at most THEME_EXTRA): a briefing is read by theme, and an
    article about strikes *and* a statement should be heard in both sections.
    """
    from briefing.summarize import summarize

    reserve = THEME_RESERVE if points is None else 0
    summary = summarize(article, points=points, algorithm=algorithm, reserve=reserve,
                        max_chars=max_chars)
    runners = summary.runners_up
    themes = theme_points(article, [p.text for p in summary.key_points + runners], classifier)
    chosen = [replace(p, themes=t) for p, t in zip(summary.key_points, themes, strict=False)]
    heard = {t for p in chosen for t in p.theme_ids[:1]}
    added = 0
    for p, t in zip(runners, themes[len(chosen):], strict=True):
        if added < THEME_EXTRA and t and t[0].theme not in heard:
            chosen.append(replace(p, themes=t))
            heard.add(t[0].theme)
            added += 1
    chosen.sort(key=lambda p: p.position)
    return replace(summary, key_points=tuple(chosen), runners_up=())


REFILL_RESERVE = 6  # next sentences a developing story may say instead of what was briefed


def runners_up(article: Article, classifier: Classifier, *, algorithm: str) -> tuple[KeyPoint, ...]:
    """The summarizer's next choices for an article after its key points, best first, with
    their themes: what a developing story can say instead of what was already briefed
    (briefing/follow/)."""
    from briefing.summarize import summarize

    runners = summarize(article, points=None, algorithm=algorithm,
                        reserve=REFILL_RESERVE).runners_up
    themes = theme_points(article, [p.text for p in runners], classifier)
    return tuple(replace(p, themes=t) for p, t in zip(runners, themes, strict=True))


LEAD_WORDS = 60  # what decides whether an article is briefed at all: its title and opening


def _lead(article: Article) -> str:
    """An article's title and opening words: what its classifier verdict rests on."""
    # split no further than needed: the rest of a long article is one piece, left off
    words = f"{article.title}. {article.text}".split(maxsplit=LEAD_WORDS)
    return " ".join(words[:LEAD_WORDS])


def read_split_stories(summaries: Sequence[Summary], story_keys: Sequence[str],
                       classifier: Classifier, unbriefed: Collection[str]
                       ) -> dict[str, str]:
    """The kind of news not briefed a story is ("" for none: it is briefed), read from the
    leads of all its articles together, for each article of a story whose articles read
    apart disagree; by article id.

    Four outlets' six-word headlines of one Fed speech are four guesses on too little
    evidence: read apart, three were culture; read together, they are the economy. A story
    whose articles agree keeps their verdict (compose counts them). The kind, not a yes or
    no, because a desk that lists it (health) briefs what the whole day leaves out."""
    from briefing.compose import unbriefed_kind

    stories: dict[str, list[Summary]] = {}
    for summary, key in zip(summaries, story_keys, strict=True):
        stories.setdefault(key, []).append(summary)
    out: dict[str, bool] = {}
    for told in stories.values():
        if len({unbriefed_kind(s, unbriefed) is None for s in told}) < 2:
            continue
        together = " ".join(_lead(s.article) for s in told)
        kind = classifier.classify_article(together, [], lead=together).unbriefed or ""
        out.update((s.article.id, kind) for s in told)
    return out


def themed_text(article: Article) -> str:
    """What the classifier reads an article's kind of news (and language) from: its title,
    then its text."""
    return f"{article.title}\n\n{article.text}"


def explain_point(article: Article, point: str, classifier: Classifier) -> Explanation:
    """Why `point` gets its themes as a point of `article`, read exactly as `theme_points`
    reads it in a build (`themes explain --article`)."""
    return classifier.explain_in_article(point, themed_text(article), lead=_lead(article))


def filed_by_address(article: Article, taxonomy: Taxonomy, classifier: Classifier,
                     config: Config) -> tuple[str, str] | None:
    """(section, theme id) when a build files `article` by its address: none of its points
    got a theme from its text, and its address names one of the themes' `sections`
    (`with_source_themes`). What `themes explain --article` adds for such an article."""
    filed = section_theme(article.url, taxonomy.sections)
    if filed is None:
        return None
    summary = process_article(article, classifier, points=config.summary.points or None,
                              algorithm=config.summary.algorithm,
                              max_chars=config.summary.max_point_chars)
    return None if any(p.themes for p in summary.key_points) else filed


def theme_points(article: Article, texts: Sequence[str], classifier: Classifier
                 ) -> tuple[tuple[ThemeScore, ...], ...]:
    """The themes of points of `article` (their texts), each read with its article, their
    evidence not looked up yet (None): `explain_shown` looks it up for the points a
    briefing shows, a few of the day's many."""
    return classifier.classify_article(themed_text(article), texts,
                                       lead=_lead(article), evidence=False).points


def explain_shown(briefing: Briefing, classifier: Classifier) -> Briefing:
    """The briefing with the evidence of its shown points' themes filled in, where the
    per-article stage left it out (`ThemeScore.evidence` is None): what the classifier
    gives each point read with its article, as if it had been looked up there.

    A day's points are many and a briefing shows few (`compose.points_per_section` per
    section), so this is where the evidence is cheapest to find.
    """
    shown = [p for section in briefing.sections for story in section.stories
             for p in (*story.key_points, *([story.lead] if story.lead else []))]
    # article id -> point text -> its themes still to explain (a dict: ordered, once each)
    wanted: dict[str, dict[str, dict[str, None]]] = {}
    for p in [*shown, *briefing.top_lines]:
        for t in p.themes:
            if t.evidence is None:
                wanted.setdefault(p.article_id, {}).setdefault(p.text, {})[t.theme] = None
    if not wanted:
        return briefing
    articles = {a.id: a for a in briefing.articles}
    found: dict[tuple[str, str, str], tuple[str, ...]] = {}  # (article, text, theme) -> why
    for article_id, texts in wanted.items():
        article = articles[article_id]
        points = [(text, list(themes)) for text, themes in texts.items()]
        said = classifier.explain_article(themed_text(article), points,
                                          lead=_lead(article))
        for (text, themes), evidence in zip(points, said, strict=True):
            for theme, reasons in zip(themes, evidence, strict=True):
                found[(article_id, text, theme)] = reasons

    def filled(p: KeyPoint) -> KeyPoint:
        if all(t.evidence is not None for t in p.themes):
            return p
        return replace(p, themes=tuple(
            t if t.evidence is not None else
            replace(t, evidence=found[(p.article_id, p.text, t.theme)])
            for t in p.themes))

    sections = tuple(
        replace(section, stories=tuple(
            replace(story, key_points=tuple(map(filled, story.key_points)),
                    lead=filled(story.lead) if story.lead else None)
            for story in section.stories))
        for section in briefing.sections)
    return replace(briefing, sections=sections, top_lines=tuple(map(filled, briefing.top_lines)))


# The score of a theme taken from the source, not the text: 0, because the text itself gave
# the classifier no evidence for it (every theme the classifier gives is above a threshold
# of more than 0), so a point filed this way never looks surer than one the classifier themed.
SOURCE_THEME_SCORE = 0.0


def with_source_themes(
    summaries: Sequence[Summary], source_themes: Mapping[str, tuple[str, str]],
    sections: Mapping[str, str] | None = None,
) -> list[Summary]:
    """File under its source's theme each key point the classifier left without one.

    `source_themes` maps a source's key (`Article.via`) to its (name, theme id). Such a
    point would otherwise go to "Other developments"; a source that is mostly about one
    theme says where it belongs. Points the classifier themed are left as they are.

    Failing that, an article none of whose points has a theme is filed where its own
    address files it: `sections` maps a part of a news site's path to a theme id (the
    themes' `sections`: "culture" for …/life-style/culture/275582/favreau-goes…). A
    headline with no text of its own gives the models few words ("Favreau goes from Iron
    Man to stainless steel food truck" reads as no kind of news at all), while the site
    that published it said what it is; a theme the text gave is never overruled.
    """
    out = []
    for summary in summaries:
        hint = source_themes.get(summary.article.via)
        points = summary.key_points
        if hint is not None:
            name, theme = hint
            score = ThemeScore(theme, SOURCE_THEME_SCORE, (f"source {name!r} is about {theme}",))
            points = tuple(p if p.themes else replace(p, themes=(score,)) for p in points)
        filed = section_theme(summary.article.url, sections) if sections else None
        if filed is not None and points and not any(p.themes for p in points):
            part, theme = filed
            score = ThemeScore(theme, SOURCE_THEME_SCORE,
                               (f"its address files it under /{part}/",))
            points = tuple(replace(p, themes=(score,)) for p in points)
        out.append(summary if points is summary.key_points
                   else replace(summary, key_points=points))
    return out


# The last part of an address that is a section and an id, as BBC News writes them:
# /news/entertainment-arts-26512345, /news/technology-12345678.
_SECTION_AND_ID = re.compile(r"([a-z][a-z-]*[a-z])-\d{5,}")


def section_theme(url: str, sections: Mapping[str, str]) -> tuple[str, str] | None:
    """(section, theme id): the first part of `url`'s path that is one of `sections`, its
    last part (the article's own name) only as "<section>-<number>"; None for none."""
    try:
        parts = [p for p in urlsplit(url).path.lower().split("/") if p]
    except ValueError:  # a malformed address files nothing
        return None
    candidates = parts[:-1]
    if parts and (m := _SECTION_AND_ID.fullmatch(parts[-1])):
        candidates.append(m.group(1))
    for part in candidates:
        if part in sections:
            return part, sections[part]
    return None


# A worker process builds its classifier once, in the pool's initializer, and keeps it here.
_worker_state: dict[str, object] = {}


def _init_worker(parent: int, classifier: Classifier, points: int | None, algorithm: str,
                 max_chars: int) -> None:
    """Runs once per worker. Under fork the classifier is inherited, not rebuilt or copied."""
    from briefing.workers import die_with_parent

    die_with_parent(parent)
    _worker_state.update(classifier=classifier, points=points, algorithm=algorithm,
                         max_chars=max_chars)


_NO_ARTICLE = Article(id="", title="", text="")


def _process_in_worker(article: Article) -> Summary:
    """The summary without its article: the parent has it already, and sending every text
    back through the pipe would double the build's memory and pickling work."""
    summary = process_article(
        article,
        _worker_state["classifier"],
        points=_worker_state["points"],  # type: ignore[arg-type]
        algorithm=_worker_state["algorithm"],  # type: ignore[arg-type]
        max_chars=_worker_state["max_chars"],  # type: ignore[arg-type]
    )
    return replace(summary, article=_NO_ARTICLE)


def job_count(config: Config, articles: int, jobs: int | None = None) -> int:
    """Processes to use: a pool only pays for itself past a few dozen articles."""
    import os

    wanted = jobs if jobs is not None else config.summary.jobs
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = wanted or cores or 1
    return 1 if articles < 64 else max(1, min(wanted, articles // 32))


def summarize_articles(
    articles: Sequence[Article],
    config: Config,
    *,
    points: int | None = None,
    classifier: Classifier | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[Summary]:
    """Summarize and theme every article, in a process pool when there are many.

    The result is the same, in the same order, whatever the number of processes: each
    article is processed by the same pure function.
    """
    points = points if points is not None else (config.summary.points or None)
    workers = job_count(config, len(articles), jobs)
    classifier = classifier or load_themes(config)[1]
    if workers == 1:
        out = []
        for i, article in enumerate(articles, start=1):
            out.append(process_article(article, classifier, points=points,
                                       algorithm=config.summary.algorithm,
                                       max_chars=config.summary.max_point_chars))
            if progress:
                progress("summarize", i, len(articles))
        return out
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the parent's imported modules: no second start-up cost per worker
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    out = []
    chunk = max(1, min(64, len(articles) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(os.getpid(), classifier, points,
                                       config.summary.algorithm,
                                       config.summary.max_point_chars)) as pool:
        results = pool.map(_process_in_worker, articles, chunksize=chunk)
        for i, (article, summary) in enumerate(zip(articles, results, strict=True), 1):
            out.append(replace(summary, article=article))
            if progress and (i % 50 == 0 or i == len(articles)):
                progress("summarize", i, len(articles))
    return out


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


# --- building for delivery -------------------------------------------------------------


def built_files(config: Config, day: date, *, now: datetime | None = None,
                rebuild: bool = False, desk: str = "") -> BriefingFiles:
    """The date's rendered files for mailing (a desk's, out/<date>/<desk>/), building them
    first if any is missing, if they are an on-demand build (`build --source`), or if
    `rebuild`.

    An on-demand build is not the day's briefing: mailed, it would take the date's place
    in the delivery ledger and the configured briefing would never go out. Rebuilding
    keeps its files as an edition (out/<date>/edition-<n>/).

    A mailed briefing always rolls up its whole day (`sources.rollup`): whoever is served
    by a later run of the same morning (after a temporary failure, say) must get the full
    day, not only what came in since the first run.
    """
    return built_editions(config, day, [desk], now=now, rebuild=rebuild)[desk]


def built_editions(config: Config, day: date, desks: Sequence[str], *,
                   now: datetime | None = None, rebuild: bool = False
                   ) -> dict[str, BriefingFiles]:
    """`built_files` for several desks ("" the whole day) at once: those to build are
    built together, from one ingest."""
    from briefing.deliver.message import BriefingFiles
    from briefing.store import Store

    def folder(desk: str) -> Path:
        day_folder = config.out_dir / day.isoformat()
        return day_folder / desk if desk else day_folder

    with Store.open(config.store_path) as store:
        current = {d: store.edition(day, d) for d in desks}
    stale = [d for d in desks if rebuild or BriefingFiles.missing(folder(d))
             or (current[d] is not None and current[d].on_demand)]
    if stale:
        day_config = replace(config, sources=replace(config.sources, rollup=True))
        build(day_config, day=day, formats=list(FORMATS), now=now, desks=stale)
    return {d: BriefingFiles.read(folder(d), day, d) for d in desks}


def scheduled_run(
    config: Config, day: date, *, clock: Callable[[], datetime], log: Callable[[str], None],
    desks: Sequence[str] = ("",),
) -> str:
    """Build `day`'s briefing afresh (each of `desks`', "" the whole day's) and send it;
    the summary line is returned."""
    from briefing.deliver import send_desks

    editions = built_editions(config, day, desks, now=clock(), rebuild=True)
    if not config.schedule.send_empty:
        for desk, files in list(editions.items()):
            if files.is_empty:
                what = f" desk {desk}" if desk else ""
                log(f"{day.isoformat()}{what}: no new items, nothing sent "
                    "(schedule.send_empty = false)")
                del editions[desk]
        if not editions:
            return (f"{day.isoformat()}: no new items, nothing sent "
                    "(schedule.send_empty = false)")
    reports = send_desks(config, day, list(editions), files=editions, clock=clock, log=log)
    for report in reports:
        for line in report.lines():
            log(line)
        log(report.summary())
    summary = "; ".join(r.summary() for r in reports)
    if not all(r.ok for r in reports):
        raise DeliveryError(f"{summary}: not every recipient was served")
    return summary
