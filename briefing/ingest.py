"""What comes in and what a dated briefing covers.

`ingest` reads the configured sources into the store, one transaction per source;
`covered` says which stored articles a briefing of a date takes (README, "What a briefing
covers"); `keep_edition` keeps a date's earlier edition when a new one replaces it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import Config, SourceSpec
from briefing.errors import InputError, SourceError, WriteError, one_line
from briefing.model import Article
from briefing.sources import read_sources
from briefing.sources.fetch import FetchSettings
from briefing.sources.limits import ReadLimits

if TYPE_CHECKING:
    from briefing.store import Edition, Store

# The dates a dated briefing can have: its window ends at the next midnight in the
# configured timezone, and that instant must be one Python can hold, in UTC too.
FIRST_DAY = date.min + timedelta(days=1)
LAST_DAY = date.max - timedelta(days=1)
# A feed's teaser stored this recently is not fetched again (`web.read_each`'s `stored`):
# feeds list the last days' news, so a month covers them without reading a year's ids
STORED_TEASERS_LOOKBACK = timedelta(days=30)


def check_day(day: date) -> None:
    """InputError unless a briefing of `day` can have a window (FIRST_DAY to LAST_DAY)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(f"briefing date {day.isoformat()} is out of range "
                         f"(allowed: {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")


def window_start(config: Config, day: date, previous: date | None) -> datetime | None:
    """Where a dated briefing's window opens (see SourcesSettings.window)."""
    tz = config.tz
    rule = config.sources.window
    if rule == "all":
        return None
    if rule == "day":
        return datetime.combine(day, time(), tz)
    if previous is not None:
        # From the start of the previous briefing's date, not the day after: a report of
        # that date that reached the store after its build (published at 15:00, the build at
        # 07:00) is this briefing's, or no briefing's. What that build did brief is left out
        # by `covered`, which never briefs an article twice.
        return datetime.combine(previous, time(), tz)
    back = config.sources.lookback_days - 1
    if 0 <= back < (day - FIRST_DAY).days:  # further back is before the calendar starts
        return datetime.combine(day - timedelta(days=back), time(), tz)
    return None


def window_days(config: Config, store: Store, day: date) -> int:
    """How many days a dated briefing's window spans since the previous briefing: 1 for a
    daily briefing, 3 for Monday's after Friday's (a weekday schedule), more after a holiday
    or a scheduler that was down. 1 when it reads its own day alone (`sources.window =
    "day"`), everything (`"all"`), or has no previous briefing. Freshness ages a briefing's
    news over this span as a daily one ages a day's (`compose.recency_half_life_hours`)."""
    if config.sources.window != "since-previous":
        return 1
    previous = store.previous_briefing(day)
    return max(1, (day - previous).days) if previous is not None else 1


def covered(config: Config, store: Store, day: date, desks: Sequence[str] = ("",)
            ) -> list[Article]:
    """What a dated briefing of the configured sources covers (README, "What a briefing covers").

    The window: published (or first seen, when undated) from the start of the previous
    briefing's date up to the end of this date (`window_start`). Within it, what a build of
    this date or an earlier one briefed is left out: nothing is briefed twice. When that
    leaves nothing, a rebuild of the same date covers what that date's latest build covered,
    so building twice gives the same briefing, not an empty one (a date built before
    leaves out what later dates briefed too, so a rebuild long after gives the briefing it
    gave then, that of its latest build of the first of `desks`). With `sources.rollup` a
    rebuild of the same date covers the whole window instead (only earlier dates' briefed
    articles left out). Briefed means briefed to the readers of every one of `desks`, the
    briefings this build makes ('' the whole day): what a desk's evening run alone briefed
    is in the next morning's whole-day briefing.
    """
    check_day(day)
    tz = config.tz
    start = window_start(config, day, store.previous_briefing(day))
    end = datetime.combine(day + timedelta(days=1), time(), tz)
    if config.sources.rollup:
        chosen = store.articles_between(start, end, unbriefed_through=day - timedelta(days=1),
                                        desks=desks)
    else:
        # a date built before is rebuilt with what no briefing, of any date, briefed
        # since: a later date's briefing carried what came in after its build, and a
        # rebuild months later must give the briefing it gave then, not brief that again
        built = store.briefed_ids(day) is not None
        fresh = store.articles_between(start, end, unbriefed_through=date.max if built else day,
                                       desks=desks)
        chosen = fresh or store.briefed_articles(day, desks[0] if desks else "") or []
    # The store keeps UTC; the same instant is given back in briefing.timezone, where the
    # readers put it, so briefing.json says "2024-12-08T00:00:00+03:00" for a report dated
    # the 8th, as a --source build of the same file does, not "2024-12-07T21:00:00+00:00".
    return [replace(a, published=a.published.astimezone(tz)) if a.published else a
            for a in chosen]


SAMPLES_FOLDER = "seeds"  # the sample articles: ./seeds, else those shipped in the package


def builtin_samples_dir() -> Path:
    """The sample articles shipped with briefing: `seeds/` beside the package in a checkout,
    `briefing/seeds/` when installed (setup.py puts them there)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / SAMPLES_FOLDER, here.parent / SAMPLES_FOLDER):
        if candidate.is_dir():
            return candidate
    raise SourceError("the sample articles shipped with briefing are missing (reinstall it)")


def default_source(config: Config) -> Path | None:
    """The folder read when the user configured no source of their own, else None.

    No `sources.paths`, `sources.urls` or `[[sources.feed]]`: a first try, on a fresh
    clone or an empty folder. Then `seeds/` beside the config (the checkout's samples, or a
    user's own folder of that name) is read, and where there is none, the sample articles
    shipped inside the package, so `briefing build` works anywhere. As soon as any source
    is configured, only the configured ones are read: the samples never mix into a real
    briefing, and a configured folder that is missing is reported, never replaced.
    """
    sources = config.sources
    if sources.paths or sources.urls or sources.feed:
        return None
    local = config.resolve(SAMPLES_FOLDER)
    return local if local.is_dir() else builtin_samples_dir()


def reads_shipped_samples(config: Config) -> bool:
    """True when the default source is the samples inside the package (no ./seeds)."""
    return default_source(config) is not None and not config.resolve(SAMPLES_FOLDER).is_dir()


def configured_sources(config: Config) -> list[SourceSpec]:
    """`sources.paths`, `sources.urls` (unnamed) and `[[sources.feed]]`, each target once;
    with none of them, the default source (`default_source`)."""
    paths = [str(p) for p in [default_source(config)] if p] or config.sources.paths
    specs = [SourceSpec("", "folder" if config.resolve(p).is_dir() else "file", path=p)
             for p in paths]
    specs += [SourceSpec("", "feed", url=u) for u in config.sources.urls]
    specs += config.sources.feed
    seen: set[str] = set()
    unique = []
    for spec in specs:
        key = source_key(config, spec)
        if key not in seen:
            seen.add(key)
            unique.append(spec)
    return unique


def source_key(config: Config, spec: SourceSpec) -> str:
    """What a configured source reads, as one stable string: its URL, or its resolved path.

    The same target configured twice is one source; each stored article keeps the key of
    the source it came in by (`Article.via`), which is how its weight and theme find it.
    """
    return spec.url or str(config.resolve(spec.path).resolve())


def named_sources(config: Config) -> dict[str, SourceSpec]:
    """Each `[[sources.feed]]` table by its key; the first table of a key wins."""
    by_key: dict[str, SourceSpec] = {}
    for spec in config.sources.feed:
        by_key.setdefault(source_key(config, spec), spec)
    return by_key


def fetch_settings(config: Config) -> FetchSettings:
    """The fetch limits the config sets: where found links may go, how many are followed,
    how many entries of a feed and how many bytes of an article are read."""
    return FetchSettings(allow_private_links=config.sources.allow_private_links,
                         max_followups=config.sources.max_followups,
                         limits=ReadLimits.from_config(config))


def _tagged(config: Config, spec: SourceSpec, articles: Sequence[Article]) -> list[Article]:
    """A source's articles, each marked with the source's key (`via`); a named source's
    name is their source when they give none."""
    key = source_key(config, spec)
    return [replace(a, via=key, source=a.source or spec.name) for a in articles]


def _read_local(config: Config, spec: SourceSpec, tz: tzinfo
                ) -> tuple[list[Article], list[str]]:
    """A configured folder or file; one missing (a typo, an unmounted share) is a warning
    naming it, like a feed that is down, and the other sources are still read."""
    path = config.resolve(spec.path)
    if not path.exists():
        return [], [f"{path}: no such file or folder, skipped"]
    if (spec.kind == "folder" and path.is_file()) or (spec.kind == "file" and path.is_dir()):
        actual = "file" if path.is_file() else "folder"
        return [], [f'{path}: a {actual}, not a {spec.kind} (kind = "{spec.kind}"), skipped']
    try:
        result = read_sources([path], tz=tz, settings=fetch_settings(config))
    except SourceError as e:
        return [], [str(e)]
    return result.articles, result.warnings


def ingest(config: Config, now: datetime, report: list[str] | None = None
           ) -> tuple[int, int, list[str]]:
    """Read the configured sources into the store: (new articles, articles read, warnings).
    `report`, when given, gets one line per source, "source NAME: 12 read, 3 new" (or
    "0 read, failed: why"), for the operator's log: the totals alone cannot say which feed
    went quiet.

    Each source's articles are stored in one transaction (a feed's new validators with
    them), so an interrupted ingest keeps the sources it had stored, corrupts nothing, and a
    repeated one adds nothing twice. Local sources are stored first, one by one; then the
    feeds and pages are fetched in parallel, conditionally (ETag / Last-Modified: an
    unchanged feed costs one 304 and gives nothing; a changed one's teasers already stored
    are not followed to their pages again), and stored one by one. A source that
    fails is a warning naming it; the others are still read. When every configured source
    fails, that is a SourceError naming each failure, not an empty ingest: a build from it
    would be a "no new items" briefing that hides the outage, and once mailed it would take
    the day's place in the delivery ledger.
    """
    from briefing.sources.web import Validators, read_each
    from briefing.store import Store

    tz = config.tz
    specs = configured_sources(config)
    new = read = 0
    warnings: list[str] = []
    failed: list[tuple[str, str]] = []  # (the source's name, why: a note naming it)

    def label(spec: SourceSpec, notes: Sequence[str]) -> list[str]:
        return [f"source {spec.name!r}: {n}" if spec.name else n for n in notes]

    def tell(spec: SourceSpec, got: int, stored: int, failure: str = "") -> None:
        if report is not None:
            where = spec.url or str(config.resolve(spec.path))
            name = f"{spec.name!r} ({where})" if spec.name else where
            outcome = f"failed: {failure}" if failure else f"{stored} new"
            report.append(one_line(f"source {name}: {got} read, {outcome}"))

    with Store.open(config.store_path) as store:
        for spec in (s for s in specs if not s.url):
            articles, notes = _read_local(config, spec, tz)
            stored = store.remember(_tagged(config, spec, articles), seen_at=now,
                                    warnings=notes)
            new += stored
            read += len(articles)
            warnings += label(spec, notes)
            if notes and not articles:  # not an empty folder: nothing in it could be read
                failed.append((_name(spec), label(spec, notes)[0]))
            tell(spec, len(articles), stored, notes[0] if notes and not articles else "")
        web = [s for s in specs if s.url]
        known = {url: Validators(*v) for url, v in store.feed_validators().items()}
        settings = fetch_settings(config)
        # a [[sources.feed]] table's kind = "feed" says what the URL must serve (the URLs
        # of `sources.urls` are read as what they serve, feed or page)
        feeds_only = {s.url for s in web if s.kind == "feed" and s in config.sources.feed}
        results = (read_each([s.url for s in web], settings, tz=tz, known=known,
                             stored=store.recent_article_keys(now - STORED_TEASERS_LOOKBACK),
                             feeds_only=feeds_only)
                   if web else [])
        for spec, got in zip(web, results, strict=True):
            validators = {spec.url: (got.validators.etag, got.validators.last_modified)}
            notes = list(got.notes)
            articles = _dated_by_now(got.articles, now, tz, spec.url, notes)
            stored = store.remember(_tagged(config, spec, articles), seen_at=now,
                                    feeds=validators if got.ok else None)
            new += stored
            read += len(articles)
            warnings += label(spec, notes)
            if not got.ok:
                failed.append((_name(spec), label(spec, got.notes or [f"{spec.url}: failed"])[0]))
            tell(spec, len(articles), stored,
                 "" if got.ok else (got.notes or [f"{spec.url}: failed"])[0])
    if specs and len(failed) == len(specs):
        raise SourceError(f"no configured source could be read ({len(failed)} of {len(specs)}"
                          " failed): " + "; ".join(why for _, why in failed))
    if failed:
        warnings.append(f"{len(failed)} of {len(specs)} sources could not be read: "
                        + ", ".join(name for name, _ in failed))
    return new, read, warnings


# How far ahead of its fetch an article's date may be and still be believed: a feed's clock
# or zone off by some hours (a local time labelled GMT) is not a date in the future
FUTURE_TOLERANCE = timedelta(days=1)


def _dated_by_now(articles: Sequence[Article], now: datetime, tz: tzinfo, where: str,
                  notes: list[str]) -> list[Article]:
    """The articles of a fetch, one dated after it was fetched (beyond FUTURE_TOLERANCE)
    made undated, with a note naming it: a briefing's window would hold it until that date
    came (a typo of 2042, an embargo), so it would never be briefed when it was news."""
    kept = []
    for a in articles:
        if a.published is not None and a.published > now + FUTURE_TOLERANCE:
            notes.append(f"{where}: entry {a.title[:60]!r} is dated "
                         f"{a.published.astimezone(tz):%Y-%m-%d %H:%M %Z}, after it was "
                         "fetched: counted from when it was first seen")
            a = replace(a, published=None)
        kept.append(a)
    return kept


def discard_unfinished(folder: Path, unfinished: Edition | None,
                       current: Edition | None) -> list[Path]:
    """Remove from out/<date>/ what a build killed while writing it left there; the paths
    removed are returned. Called by the next build of the date, under `folder_lock`.

    - the temporary files it was writing (".briefing.pdf.x7k2_q9a"), and a copy of the
      previous edition it had not finished (".edition-<n>.partial"); only these names;
    - its briefing files, when `unfinished` (the build the store saw begin, see
      `Store.begin_edition`) is not the same edition as `current` (the one it records):
      `keep_edition` had already kept the previous edition's files, so what is there is
      the killed build's partial output, and kept as an edition it would duplicate the
      briefing the next build writes. When they are the same edition, the files there
      are of its articles, written in part by each build: they stay, as a rebuild's do.
    """
    import shutil

    from briefing.fileio import temporary_files
    from briefing.render import FORMATS

    names = [f"briefing.{kind}" for kind in FORMATS]
    removed = temporary_files(folder, names)
    if unfinished is not None and not unfinished.same_as(current):
        removed += [folder / name for name in names if (folder / name).is_file()]
    for path in removed:
        path.unlink(missing_ok=True)
    for partial in folder.glob(".edition-*.partial"):
        if partial.is_dir() and partial.name[9:-8].isdigit():
            shutil.rmtree(partial, ignore_errors=True)
            removed.append(partial)
    return removed


def _relink(html_file: Path, kept: Sequence[str]) -> None:
    """Rewrite the links of a briefing's HTML copied into its edition folder, one level
    down (see `render.html_moved_down`), keeping the time it was written at.

    The PDF is kept as it was sent: its links to other days' PDFs are not rewritten (it is
    the document as distributed, and WeasyPrint cannot edit one). The Markdown has no
    relative links."""
    from briefing.render import html_moved_down

    # bytes, not text: reading text would turn its "\r\n" into "\n"
    html = _utf8(html_file.read_bytes())
    if html is None:  # not written by us: kept as it is
        return
    moved = html_moved_down(html, kept)
    if moved != html:
        built = html_file.stat()
        html_file.write_bytes(moved.encode("utf-8"))
        os.utime(html_file, ns=(built.st_atime_ns, built.st_mtime_ns))


def _name(spec: SourceSpec) -> str:
    """How a failure names its source: the configured name, else its URL or path."""
    return repr(spec.name) if spec.name else spec.url or spec.path


def _briefing_files(folder: Path) -> list[Path]:
    """The briefing's files `folder` holds now (briefing.md, .html, ...)."""
    from briefing.render import FORMATS

    return [p for p in (folder / f"briefing.{kind}" for kind in FORMATS) if p.is_file()]


def _utf8(data: bytes) -> str | None:
    """The bytes as UTF-8 text; None when they are not (an HTML not written by briefing,
    which `_relink` and `_holds_copy` leave as it is)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def next_edition(folder: Path, previous: Sequence[str] | None,
                 ids: Sequence[str]) -> Path | None:
    """Where `keep_edition` keeps the files `folder` holds now (edition-<n>/, the next
    number), or None when it keeps nothing: no files, or the same articles (`previous`
    and `ids` as `keep_edition` takes them). A build asks before it renders, so its
    briefing can lead a later day's link to a story only that edition shows there."""
    if not _briefing_files(folder) or (previous is not None and set(previous) == set(ids)):
        return None
    numbers = [int(p.name[8:]) for p in folder.glob("edition-*") if p.name[8:].isdigit()]
    last = folder / f"edition-{max(numbers, default=0)}"
    if numbers and _holds_copy(last, _briefing_files(folder)):
        # a build killed between keeping these files and noting its own in the store
        # (`keep_edition`): they are kept already, and kept again they would be listed
        # twice in the archive
        return last
    return folder / f"edition-{max(numbers, default=0) + 1}"


def _holds_copy(edition: Path, current: Sequence[Path]) -> bool:
    """Whether `edition` holds exactly the files `current`, as `keep_edition` copies them
    (the HTML with its links moved one folder down)."""
    from briefing.render import html_moved_down

    names = sorted(p.name for p in current)
    try:
        if sorted(p.name for p in edition.iterdir()) != names:
            return False
        for path in current:
            kept = edition / path.name
            if path.suffix != ".html" and kept.stat().st_size != path.stat().st_size:
                return False
        for path in current:
            mine, kept = path.read_bytes(), (edition / path.name).read_bytes()
            # an HTML not written by us is not UTF-8: `_relink` copies it as it is
            if path.suffix == ".html" and (html := _utf8(mine)) is not None:
                mine = html_moved_down(html, names).encode("utf-8")
            if mine != kept:
                return False
    except OSError:
        return False
    return True


def keep_edition(folder: Path, previous: Sequence[str] | None, ids: Sequence[str],
                 replacing: Callable[[], None] = lambda: None) -> Path | None:
    """Before a different edition of a date replaces its files, move them to edition-<n>/.

    Moved, not copied: a build that writes only some formats (`--format md`) must not
    leave the other formats of the previous edition beside its own, or a send would mail
    the new text with the old HTML, PDF and subject.

    `previous` are the article ids of the build whose files the folder holds (None: not
    known, or a build of the other kind: on demand or from the configured sources), `ids`
    those of the new one; the same articles make the same briefing, so nothing is moved
    then (the formats the new build does not write stay: they are of its edition).
    Returns the new edition folder, if any.

    `replacing` is called once the previous edition is safe (kept whole, or nothing to
    keep) and before any file of the folder is removed: from then on the files there are
    the new build's to write (the store notes it: `Store.begin_edition`).
    """
    import shutil

    current = _briefing_files(folder)
    target = next_edition(folder, previous, ids)
    if target is None:
        replacing()
        return None
    if target.is_dir():  # kept already by a killed build (`next_edition`)
        replacing()
        for path in current:
            path.unlink()
        return target
    partial = folder / f".{target.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir()
        for path in current:
            shutil.copy2(path, partial / path.name)
            if path.suffix == ".html":  # its links to other days must climb one more level
                _relink(partial / path.name, [p.name for p in current])
        partial.rename(target)  # the edition folder is complete or absent
    except OSError as e:  # the build stops here, before the previous files are replaced
        shutil.rmtree(partial, ignore_errors=True)
        raise WriteError(target, e.strerror or str(e),
                         "cannot keep the previous edition, nothing replaced") from None
    try:
        replacing()
    except BaseException:
        # the store could not note the new build (read-only, full, locked): the previous
        # files are still in place, so the copy goes, or the next build keeps them again
        # as a second, identical edition
        shutil.rmtree(target, ignore_errors=True)
        raise
    for path in current:  # only now: until the edition is complete, the files stay put
        path.unlink()
    return target
