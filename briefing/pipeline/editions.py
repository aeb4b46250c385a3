"""A build's editions, from composed to recorded: each briefing of the day (`ComposedEdition`:
the whole day's or a desk's) rendered in memory, its files written into its folder
(`BuildResult`) with what an interrupted build left removed and the folder's previous
edition kept aside, the build recorded in the store for the next days to follow, and the
archive index rewritten."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import Config
from briefing.errors import BriefingError
from briefing.fileio import folder_lock, write_together
from briefing.fonts import FontGap, InstalledFonts, font_gap_warning
from briefing.model import Briefing, FollowMark
from briefing.pipeline.options import render_options_for
from briefing.render import RenderOptions, render_all, write_archive_index

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from datetime import date

    from briefing.follow import Followed
    from briefing.pipeline.day import DayReading  # annotations only: day.py imports this
    from briefing.store import Edition, Store


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
    sources_read: tuple[str, ...] = ()
    """Per configured source, what it gave: "source NAME: 12 read, 3 new" (`ingest`)."""


@dataclass(frozen=True)
class ComposedEdition:
    """One briefing of a build, composed, before anything is rendered or written."""

    desk: str  # "" for the whole day
    briefing: Briefing
    folder: Path
    options: RenderOptions
    warnings: tuple[str, ...]  # its render options' (a missing logo)
    article_ids: list[str]  # what it covers: the whole day's articles, or those a desk cites
    followed: Followed | None  # its stories against earlier briefings, when followed


def render_editions(editions: Sequence[ComposedEdition], formats: Sequence[str]
                    ) -> tuple[list[tuple[ComposedEdition, dict[str, bytes]]], list[str]]:
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
def locked_folders(folders: Collection[Path],
                   waiting: Callable[[Path], None] | None = None) -> Iterator[None]:
    """Hold each folder's lock (`folder_lock`, made if need be) for a whole build;
    `waiting(folder)` is called when another build holds one (another process, or another
    thread; this thread's own hold is taken again at once, as `send` needs). A folder this
    made is removed again when the build fails with it empty: an interrupted or failed
    first build of a date leaves no empty out/<date>/."""
    chosen = sorted(set(folders))
    made = {p for f in chosen for p in (f, *f.parents) if not p.exists()}  # out/ too
    with ExitStack() as locks:
        for where in chosen:
            locks.enter_context(folder_lock(
                where, None if waiting is None else partial(waiting, where)))
        try:
            yield
        except BaseException:
            # the deepest first: a desk's folder before the date's, that before out/
            for where in sorted(made, key=lambda p: len(p.parts), reverse=True):
                with suppress(OSError):  # not empty: what the build left is the next's
                    where.rmdir()
            raise


@contextmanager
def locked_store(config: Config, folders: Collection[Path]) -> Iterator[Store]:
    """The store, with each folder locked (`build` holds them already, from its reading
    on): what a build finds unfinished is a killed build's, never another's files in
    progress (each desk's folder too)."""
    from briefing.store import Store

    with Store.open(config.store_path) as store, ExitStack() as locks:
        for where in sorted(set(folders)):
            locks.enter_context(folder_lock(where))
        yield store


def write_editions(store: Store, rendered: Sequence[tuple[ComposedEdition, dict[str, bytes]]],
                   reading: DayReading) -> tuple[dict[str, BuildResult], list[str]]:
    """Write each edition's files, each atomically, into its folder: what an interrupted
    build left there removed first, and the folder's previous edition, when of other
    articles, kept aside (edition-<n>/). Returns each edition's result (by desk) and
    warnings about what was removed."""
    from briefing.ingest import discard_unfinished

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
        keep = partial(_keep_previous, store, edition, _previous_ids(current, reading),
                       replacing, day)
        files = {kind: edition.folder / f"briefing.{kind}" for kind in data}
        # every new file written whole before the previous edition is moved aside: a disk
        # that fills leaves the folder as it was, not half of each edition
        write_together({files[kind]: content for kind, content in data.items()}, keep)
        results[edition.desk] = BuildResult(edition.briefing, edition.folder, files, (), {})
    return results, warnings


def _keep_previous(store: Store, edition: ComposedEdition, previous: Sequence[str] | None,
                   replacing: Callable[[], None], day: date) -> None:
    """Keep the folder's previous edition aside (`ingest.keep_edition`), if there is one
    to keep; later briefings' links to its stories follow it."""
    from briefing.ingest import keep_edition

    kept = keep_edition(edition.folder, previous, edition.article_ids, replacing)
    if kept is not None:
        store.stories_moved(day, edition.desk, edition.folder, kept)


def _previous_ids(current: Edition | None, reading: DayReading) -> Sequence[str] | None:
    """The articles of the edition a folder holds, as `keep_edition` compares them with a
    new build's: None when they cannot make the same briefing. An on-demand build and a
    configured one are never the same edition, whatever their articles: a send mails only
    the configured one (built_editions)."""
    if current is None or current.on_demand != reading.on_demand:
        return None
    return current.article_ids


def with_earlier_editions(config: Config, editions: Sequence[ComposedEdition],
                          reading: DayReading) -> list[ComposedEdition]:
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


def record_day(store: Store, editions: Sequence[ComposedEdition], reading: DayReading,
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
        # a desk with a zone of its own shows its times there: so does the index, for it
        zones = {desk.id: desk.timezone for desk in config.desks if desk.timezone}
        write_archive_index(config.out_dir, render_options_for(config)[0], zones)
    except (BriefingError, OSError) as e:
        return [f"{config.out_dir / 'index.html'} not updated: {e}"]
    return []
