"""The command line: parse, call the library, print, set the exit code. Nothing else.

Heavy libraries (sumy, WeasyPrint, trafilatura) are imported inside the commands, so
`briefing --help` answers at once. A user-facing error is one line on stderr and a
non-zero exit; warnings (a skipped file, a failed feed) are lines on stderr too. How
that output is written (JSON Lines, one-line messages, a reader that stops early) is
`briefing/cli_output.py`'s.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefing.cli_output import (
    StdoutClosed,
    discard_stdout,
    emit,
    escape_what_stdout_cannot_encode,
    note,
    one_line,
    output_only,
    warn,
)
from briefing.errors import (
    BriefingError,
    ConfigError,
    DeliveryError,
    InputError,
    NoRecipientsError,
    SendStopped,
    SourceError,
    StoreError,
)

if TYPE_CHECKING:
    from briefing.config import Config
    from briefing.model import Article

CONFIG_HELP = "A briefing.toml layered on the defaults (default: ./briefing.toml if present)."
config_option = click.option(
    "--config", "config_file", type=click.Path(path_type=Path), metavar="FILE", help=CONFIG_HELP
)


def _load_config(config_file: Path | None):
    from briefing.config import load_config

    return load_config(config_file)


def _note_samples(config) -> None:
    """Say so when a build reads the sample articles shipped with briefing: a first try in
    an empty folder must not pass for a briefing of the user's own sources."""
    from briefing.ingest import reads_shipped_samples

    if reads_shipped_samples(config):
        note("no sources configured and no seeds/ folder here: reading the sample articles "
             "shipped with briefing (configure [sources] in briefing.toml)")


def _count(n: int, noun: str) -> str:
    """"1 article", "2 articles": counts read as English (every noun counted is regular)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)") from None


def _input_name(path: str) -> str:
    """`--input` as messages name it: "-" is the standard input, "<stdin>"."""
    return "<stdin>" if path == "-" else path


def _read_jsonl_input(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each line; a malformed line stops the run with its number."""
    from briefing.sources.files import iter_jsonl

    name = _input_name(path)
    if path == "-" and sys.stdin is None:  # started with no stdin at all (`<&-`)
        raise InputError(f"{name}: not open (pipe the JSON Lines in, or give --input FILE)")
    try:
        raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as e:  # exit 1, as a named file that cannot be read (SourceError) is
        raise SourceError(f"{name}: cannot read ({e.strerror or e})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(f"{name}: line {line}: invalid UTF-8 (JSON Lines must be UTF-8)") from None
    for lineno, record, error in iter_jsonl(text, name):
        if error:
            raise InputError(error + " (each line must be one JSON object)")
        if not isinstance(record, dict):
            raise InputError(f"{name}: line {lineno}: expected a JSON object")
        yield lineno, record


class _Progress:
    """A progress bar on a terminal; silent when stderr is a pipe or a file, or a terminal
    that cannot redraw a line (TERM=dumb)."""

    def __init__(self) -> None:
        self.bar = None
        self.task = None

    def __enter__(self) -> _Progress:
        if sys.stderr.isatty() and os.environ.get("TERM") != "dumb":
            from rich.console import Console
            from rich.progress import Progress

            # on stderr, the terminal asked about: rich draws on stdout by default, which
            # `build > build.log` is a file of the summary lines alone
            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if self.task is None:
            self.task = self.bar.add_task(stage, total=total)
        self.bar.update(self.task, description=stage, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="briefing")
def cli() -> None:
    """Turn the day's news into a short, themed, traceable briefing."""


@cli.command()
@click.option("--date", "day", callback=_parse_date, metavar="YYYY-MM-DD",
              help="The briefing's date (default: today in briefing.timezone).")
@click.option("--source", "sources", multiple=True, metavar="PATH|URL",
              help="Brief these files, folders or URLs whole, instead of the configured sources.")
@click.option("--format", "formats", metavar="md,html,pdf,json",
              help="Which files to write (default: all four, or the config's list).")
@click.option("--jobs", type=click.IntRange(0, 256),  # summary.jobs' range
              help="Processes for summarizing, at most 256 (default: summary.jobs, 0 = one "
                   "per core).")
@click.option("--desk", "desks", multiple=True, metavar="ID",
              help="Build only this desk's briefing ([[desks]] in briefing.toml; repeatable). "
                   "Default: the whole day's and every desk's.")
@config_option
def build(day: date | None, sources: tuple[str, ...], formats: str | None, jobs: int | None,
          desks: tuple[str, ...], config_file: Path | None) -> None:
    """Build a briefing into out/<date>/ as Markdown, HTML, PDF and JSON.

    With desks configured, each desk's briefing goes to out/<date>/<desk>/ as well, from
    the same reading, summaries and themes.

    \b
    Example:
      briefing build --date 2024-12-08 --format md,pdf
    """
    from briefing.pipeline import build as run_build
    from briefing.render import FORMATS

    config = _load_config(config_file)
    chosen = None
    if formats is not None:  # `--format ""` is refused like `--format ,`, not read as all four
        chosen = [f.strip() for f in formats.split(",") if f.strip()]
        bad = [f for f in chosen if f not in FORMATS]
        if bad or not chosen:
            raise InputError(f"--format {formats!r}: allowed formats are {', '.join(FORMATS)}")
    if not sources:
        _note_samples(config)
    with _Progress() as progress:
        result = run_build(config, day=day, sources=list(sources) or None, formats=chosen,
                           jobs=jobs, progress=progress, desks=list(desks) or None,
                           waiting=note)
    for line in result.sources_read:  # the operator's log, as warnings: stdout keeps its data
        note(line)
    for line in result.warnings:
        warn(line)
    built = [result] if not result.briefing.desk else []  # the whole day, if it was built
    for one in [*built, *result.desk_results.values()]:
        counts = one.briefing.counts  # the numbers the header and the email give too
        desk = f"desk {one.briefing.desk}: " if one.briefing.desk else ""
        click.echo(f"{desk}{_count(counts.articles, 'article')}, "
                   f"{_count(counts.key_points, 'key point')}, "
                   f"{_count(counts.themes, 'theme')}")
        for kind in one.files:
            click.echo(f"wrote {one.files[kind]}")


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--input", "input_file", metavar="FILE.jsonl",
              help='JSON Lines, each {"id", "text", "title"?}; "-" reads stdin.')
@click.option("--points", type=click.IntRange(0, 100),  # summary.points' range
              help="Key points per article, at most 100 (default: summary.points, 0 = adapts "
                   "to its length).")
@config_option
@output_only
def summarize(paths: tuple[str, ...], input_file: str | None, points: int | None,
              config_file: Path | None) -> None:
    """Print each article's key points and themes as JSON Lines.

    Each output line is {"id", "key_points": [...], "themes": [...]}.

    \b
    Example:
      briefing summarize --input articles.jsonl > points.jsonl
    """
    from briefing.model import Article
    from briefing.pipeline import load_themes, process_article
    from briefing.sources import nothing_readable, read_sources
    from briefing.sources.garbled import repaired

    if not paths and not input_file:
        raise InputError("give article files or folders, or --input FILE.jsonl")
    config = _load_config(config_file)
    _, classifier = load_themes(config)
    if points is None:
        points = config.summary.points
    points = points or None  # 0, given or configured: as many as the article's length calls for
    articles: list[tuple[Any, Article]] = []  # (the id to print, the article)
    if paths:
        # here, not above: the fetching code it brings costs every `summarize --input` call
        from briefing.ingest import fetch_settings

        result = read_sources(paths, tz=config.tz, settings=fetch_settings(config))
        if not result.articles:
            raise nothing_readable(paths, result.warnings)
        for line in result.warnings:
            warn(line)
        articles.extend((a.id, a) for a in result.articles)
    for lineno, record in _read_jsonl_input(input_file) if input_file else ():
        if not isinstance(record.get("text", ""), str) or "id" not in record:
            raise InputError(f"{_input_name(input_file)}: line {lineno}: needs \"id\" and a "
                             'string "text"')
        # the row's id is printed as it was given (7, not "7"), as classify does: the
        # caller joins the output to its rows by it
        article = Article(id=str(record["id"]), title=str(record.get("title") or ""),
                          text=record.get("text") or "")
        # held to the cap a build's readers apply: a 20 MB row took 15 s, and more grows on
        article = _capped_row(article, config, f"{_input_name(input_file)}: line {lineno}")
        articles.append((record["id"], repaired(article)))
    for given_id, article in articles:
        summary = process_article(article, classifier, points=points,
                                  algorithm=config.summary.algorithm,
                                  max_chars=config.summary.max_point_chars)
        themes: list[str] = []
        for p in summary.key_points:
            themes.extend(t for t in p.theme_ids if t not in themes)
        emit({"id": given_id, "key_points": [p.text for p in summary.key_points],
               "themes": themes})


def _capped_row(article: Article, config: Config, where: str) -> Article:
    """A row of --input (`summarize`, `classify`, `stories`) with its text cut to
    `sources.max_article_bytes` and its title to `limits.MAX_TITLE_CHARS`, as a build's
    readers cut an article, with the same warnings naming the row."""
    from briefing.sources.limits import cap_article

    article, problems = cap_article(article, config.sources.max_article_bytes, where)
    for problem in problems:
        warn(problem)
    return article


@cli.command()
@click.option("--input", "input_file", required=True, metavar="FILE.jsonl",
              help='JSON Lines, each {"id", "text"}; "-" reads stdin.')
@config_option
@output_only
def classify(input_file: str, config_file: Path | None) -> None:
    """Print each text's themes as JSON Lines {"id", "themes"} (a text is one key point).

    \b
    Example:
      briefing classify --input texts.jsonl > themes.jsonl
    """
    from briefing.model import Article
    from briefing.pipeline import load_themes

    config = _load_config(config_file)
    _, classifier = load_themes(config)
    rows = list(_read_jsonl_input(input_file))
    for lineno, record in rows:
        if not isinstance(record.get("text"), str) or "id" not in record:
            raise InputError(f"{_input_name(input_file)}: line {lineno}: needs \"id\" and a "
                             'string "text"')
    texts = [_capped_row(Article(id=str(r["id"]), title="", text=r["text"]), config,
                         f"{_input_name(input_file)}: line {lineno}").text
             for lineno, r in rows]
    results = classifier.predict_ids(texts)  # ids only: no evidence
    for (_, record), themes in zip(rows, results, strict=True):
        emit({"id": record["id"], "themes": list(themes)})


@cli.command()
@config_option
def ingest(config_file: Path | None) -> None:
    """Fetch the configured sources into the store without building a briefing."""
    from datetime import UTC, datetime

    from briefing.ingest import ingest as run_ingest

    config = _load_config(config_file)
    _note_samples(config)
    sources_read: list[str] = []
    new, read_count, warnings = run_ingest(config, datetime.now(UTC), sources_read)
    for line in sources_read:  # the operator's log, as warnings: stdout keeps its data
        note(line)
    for line in warnings:
        warn(line)
    click.echo(f"{_count(read_count, 'article')} read, {new} new, "
               f"{_count(len(warnings), 'problem')}")


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@config_option
@output_only
def read(sources: tuple[str, ...], config_file: Path | None) -> None:
    """Print each article the readers get from files, folders or URLs, as JSON Lines.

    Each line is {"id", "title", "text", "source", "url", "published", "path"}, in the
    order the sources were given: exactly what a build would summarise (the text cleaned of
    captions, photo credits, bylines and boilerplate, paragraphs blank-line separated). A
    date without a timezone is read in briefing.timezone (a date alone: midnight there).
    Exits 1 if nothing could be read.

    \b
    Example:
      briefing read seeds/ https://example.org/feed.xml > articles.jsonl
    """
    from briefing.sources import nothing_readable, read_sources
    from briefing.text import clean_text

    result = read_sources(sources, tz=_load_config(config_file).tz)
    if not result.articles:
        raise nothing_readable(sources, result.warnings)
    for a in result.articles:
        emit({"id": a.id, "title": a.title, "text": clean_text(a.text), "source": a.source,
               "url": a.url, "published": a.published.isoformat() if a.published else None,
               "path": a.path})
    for line in result.warnings:
        warn(line)


@cli.command()
@click.option("--input", "input_file", metavar="FILE.jsonl",
              help='JSON Lines, each {"id", "title", "text", "source", "url", "published"}; '
                   '"-" reads stdin.')
@click.option("--history", is_flag=True,
              help="Instead: every story the briefings showed, with its timeline.")
@config_option
@output_only
def stories(input_file: str | None, history: bool, config_file: Path | None) -> None:
    """Print which story (event) each item belongs to, as JSON Lines {"id", "story"}.

    Items about the same event, from any outlet, get the same story value. With
    --history, print each story the briefings of the store showed instead, one JSON line
    each: {"story", "headline", "first_briefed", "last_briefed", "days": [{"date",
    "desk", "briefing", "headline", "points", "sources"}]} (see 'briefing story ID').

    \b
    Example:
      briefing read news/ | briefing stories --input - > stories.jsonl
    """
    from dataclasses import replace

    from briefing.model import content_hash, distinct_id
    from briefing.sources.files import SkipFile, article_from_record
    from briefing.stories import group_stories

    if history == bool(input_file):
        raise InputError("give --input FILE.jsonl (group items into stories) or --history "
                         f"(the stories briefed){', not both' if history else ''}")
    if history:
        from briefing.follow import timeline_record

        config = _load_config(config_file)
        with _existing_store(config) as store:
            ids = store.story_ids()
            tz = config.tz
            for story_id in ids:
                emit(timeline_record(store.story_timeline([story_id]), config.out_dir,
                                      tz))
        return

    config = _load_config(config_file)
    tz = config.tz
    given_ids: list[Any] = []  # each row's id as given (7, not "7"): the caller joins by it
    articles: list[Article] = []
    taken: set[str] = set()
    for lineno, record in _read_jsonl_input(input_file):
        if "id" not in record:  # an id made up here ("line-1") could be another row's
            raise InputError(f'{_input_name(input_file)}: line {lineno}: needs "id"')
        try:
            article = article_from_record(record, f"{_input_name(input_file)}: line {lineno}",
                                          f"line-{lineno}", tz)
        except SkipFile as e:
            raise InputError(str(e)) from None
        article = _capped_row(article, config, f"{_input_name(input_file)}: line {lineno}")
        given_ids.append(record["id"])
        if article.id in taken:
            # a story's value is its earliest article's id: two events whose rows share
            # an id (two feeds, each numbering its items) must not share a story value
            article = replace(article, id=distinct_id(article.id, content_hash(article)))
        taken.add(article.id)
        articles.append(article)
    for given_id, story in zip(given_ids, group_stories(articles), strict=True):
        emit({"id": given_id, "story": story})



@cli.command()
@click.argument("story_id", metavar="ID")
@config_option
@output_only
def story(story_id: str, config_file: Path | None) -> None:
    """Print a story's timeline: each day a briefing showed it, its points, its sources.

    ID is the story's id as the briefings give it ("20241215-3fa2c1": the anchor
    #story-ID of its entry, in briefing.json, or from 'briefing stories --history').
    """
    from briefing.follow import timeline_lines

    config = _load_config(config_file)
    with _existing_store(config) as store:
        rows = store.story_timeline([story_id])
    if not rows:
        shown = repr(story_id) if len(story_id) <= 60 else f"{story_id[:60]!r}…"  # one line
        raise InputError(f"no story {shown} in {config.store_path} ('briefing stories "
                         "--history' lists the stories briefed)")
    for line in timeline_lines(rows, config.out_dir, config.tz):
        click.echo(line)


@cli.command()
@click.argument("query", metavar="TITLE|URL|ID")
@click.option("--date", "day", callback=_parse_date, metavar="YYYY-MM-DD",
              help="The briefing's date (default: today in briefing.timezone).")
@click.option("--desk", default="", metavar="ID", help="A desk's briefing, not the whole day's.")
@config_option
@output_only
def why(query: str, day: date | None, desk: str, config_file: Path | None) -> None:
    """Say why an article is, or is not, in a briefing: one line per article that
    TITLE|URL|ID names (its id, its address, or words of its title).

    Read from what the build recorded (out/<date>/briefing.json and the store), not worked
    out again: shown under which theme and story, with how many of its points; credited on
    another outlet's point; cut by a section's or a story's limit; left out as sport,
    culture...; briefed on an earlier date; outside the window; or never read.

    \b
    Example:
      briefing why "Guler" --date 2024-12-08
    """
    import json

    from briefing.store import Store
    from briefing.why import why_lines

    try:
        query.encode("utf-8")
    except UnicodeEncodeError:  # a byte Python could not decode: a terminal not in UTF-8
        raise InputError(f"{query!r} is not UTF-8 text (is the terminal set to another "
                         "encoding?)") from None
    config = _load_config(config_file)
    if desk:
        config.desk(desk)  # an unknown id: one line naming the closest
    day = day or _today(config)
    folder = config.out_dir / day.isoformat()
    path = folder / desk / "briefing.json" if desk else folder / "briefing.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such briefing (build it first, with json among its "
                         "formats)") from None
    except ValueError as e:  # not JSON, not UTF-8
        raise InputError(f"{path}: not a briefing.json briefing wrote ({e}); build the date "
                         "again") from None
    stored = []
    if config.store_path.is_file():
        with Store.open(config.store_path) as store:
            stored = store.matching_articles(query)
    try:
        lines = why_lines(data, query, stored)
    except (LookupError, TypeError, AttributeError, ValueError) as e:
        # a file edited by hand, or of another version: a key missing, a value of
        # another type (what why_lines reads of the store is the store's own)
        raise InputError(f"{path}: not a briefing.json briefing wrote ({type(e).__name__}: "
                         f"{e}); build the date again") from None
    for line in lines:
        # an id is the source's (a row's, a file's name): a line break or a bidi control
        # in it must not forge another answer or turn the line around
        click.echo(one_line(line))


def _today(config: Config) -> date:
    """Today in briefing.timezone: the date `why` and `send` take without --date, as a
    build does."""
    from datetime import UTC, datetime

    return datetime.now(UTC).astimezone(config.tz).date()


@contextmanager
def _stopped_as_interrupted() -> Iterator[None]:
    """SIGTERM (a cron job's or a timer's stop) taken as Ctrl-C: a send records what it
    knows, a recipient in a wait to retry as not served, and ends "aborted" (130).
    Python's own SIGTERM ended the process in that wait and left the recipient claimed,
    "unconfirmed", which no later send serves. Only the main thread can take a signal."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _build_log(line: str) -> None:
    """A line of the build `send` makes (what each source gave, a warning): to stderr, as
    `build` prints them, so stdout keeps the report of what was sent."""
    if line.startswith("warning: "):
        warn(line.removeprefix("warning: "))
    else:
        note(line)


def _existing_store(config):
    """The store, which a command that only reads it must not create."""
    from briefing.store import Store

    if config.store_path.is_dir():  # not "no store yet": a build would refuse it too
        raise StoreError(f"{config.store_path}: a folder, not a store; set [store] path to a "
                         "file name such as out/briefing.db")
    if not config.store_path.is_file():
        raise InputError(f"{config.store_path}: no store yet (build a briefing first, or set "
                         "[store] path)")
    return Store.open(config.store_path)


@cli.command()
@click.option("--date", "day", callback=_parse_date, metavar="YYYY-MM-DD",
              help="The briefing to send (default: today in briefing.timezone).")
@click.option("--to", "to", multiple=True, metavar="ADDR",
              help="Send to this address instead of the email.to list (repeatable).")
@click.option("--dry-run", is_flag=True, help="Print what would be sent to whom; send nothing.")
@click.option("--resend", is_flag=True,
              help="Send again to recipients the ledger lists as sent, refused or unconfirmed.")
@click.option("--desk", "desks", multiple=True, metavar="ID",
              help="Send only this desk's briefing (repeatable). Default: every briefing "
                   "with recipients (email.to for the whole day, each desk's to).")
@config_option
def send(day: date | None, to: tuple[str, ...], dry_run: bool, resend: bool,
         desks: tuple[str, ...], config_file: Path | None) -> None:
    """Email a date's briefing to the list, building it first if its files are missing
    (or are an on-demand build --source, which is kept in out/<date>/edition-<n>/).

    Each recipient gets each briefing once: the delivery ledger in the store remembers
    what was sent. With no email.smtp_host configured, each message is written as an .eml
    file into out/outbox/ instead. Exits 1 if a recipient was not served. With desks,
    each (desk, date, recipient) is sent once; email.combine_desks makes one email of the
    desks a person is on.

    \b
    Example:
      briefing send --date 2024-12-08 --to ann@example.org --dry-run
    """

    from briefing.config import is_plain_address
    from briefing.deliver import mailed_desks, send_desks
    from briefing.deliver.send import recipients_of
    from briefing.pipeline import built_editions

    config = _load_config(config_file)
    for address in to:  # the config's addresses are checked at load; these are the user's
        if not is_plain_address(address.strip()):
            raise InputError(f"--to {address!r}: not a plain address like 'name@example.org' "
                             "(one address per --to; repeat --to for more)")
    day = day or _today(config)
    for desk in desks:
        config.desk(desk)  # an unknown id: one line naming the closest
    chosen = list(desks) or mailed_desks(config) or [""]
    # a dry run builds nothing: it says what would be sent, and that it is not built yet
    try:
        for desk in chosen:  # before a build that would be for nobody
            recipients_of(config, list(to) or None, desk)
        with _stopped_as_interrupted():
            files = None if dry_run else built_editions(config, day, chosen, log=_build_log)
            reports = send_desks(config, day, chosen, to=list(to) or None, dry_run=dry_run,
                                 resend=resend, files=files, log=warn)
    except NoRecipientsError as e:
        raise NoRecipientsError(f"{e}, or give --to ADDR") from None
    except SendStopped as e:  # whom it served before the server went away, then why
        for line in e.lines():
            click.echo(line)
        raise DeliveryError(f"{e}; the run stopped there, the rest untried: once that is "
                            "put right, send again (nobody served gets it twice)") from None
    for report in reports:
        if report.sent_alone:  # else each email held other desks too: lines() gives it
            desk = f" [{report.name}]" if report.name else ""
            click.echo(f"subject{desk}: {report.subject}")
        for line in report.lines():
            click.echo(line)
        if not dry_run:
            click.echo(report.summary())
    if not all(report.ok for report in reports):
        raise DeliveryError("not every recipient was served (see above); a re-run retries "
                            "the temporary failures")


@cli.command()
@click.option("--once", is_flag=True,
              help="Build and send today's briefing now (today in schedule.timezone, as a "
                   "scheduled run's), then exit, whatever schedule.times and "
                   "schedule.weekdays say: cron says when.")
@config_option
def schedule(once: bool, config_file: Path | None) -> None:
    """Build and email the briefing at the configured times (runs in the foreground).

    Times are wall-clock times in schedule.timezone (default: briefing.timezone), on
    every day or on schedule.weekdays. After downtime the latest missed run is caught up
    once (schedule.catch_up: "all" or "none" to change that). Ctrl-C, SIGTERM or SIGHUP stops it
    after the job in progress. A second scheduler on the same output folder refuses to
    start (lock file out/schedule.lock).

    \b
    Example:
      0 7 * * 1-5  cd /opt/briefing && briefing schedule --once   (a crontab line)
    """
    from datetime import UTC, datetime

    from briefing.deliver import Due, check_ready, run_once, serve
    from briefing.deliver.schedule import stop_on_signals, stoppable_sleep
    from briefing.pipeline import scheduled_run

    def log(line: str) -> None:
        click.echo(f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S}Z {line}")

    def now() -> datetime:
        return datetime.now(UTC)

    stop = threading.Event()  # Ctrl-C, SIGTERM or SIGHUP; it also ends a send's wait to retry

    def run(due: Due) -> str:
        return scheduled_run(config, due.day, clock=now, log=log, desks=due.desks,
                             sleep=stoppable_sleep(stop))

    config = _load_config(config_file)
    if once:
        check_ready(config)
        # a stop from cron or a systemd timer ends a wait to retry as the scheduler's does:
        # Python's own SIGTERM ended the process there, the recipient left claimed
        with stop_on_signals(stop, log):
            run_once(config, run, clock=now)
        return
    serve(config, run, clock=now, log=log, stop=stop)

@cli.group()
def themes() -> None:
    """Inspect and teach the theme classifier."""


@themes.command()
@click.argument("text")
@click.option("--article", "article_source", metavar="PATH|URL",
              help="Read TEXT as a point of this article, as a build does: its kind of news "
                   "is partly the article's, and an article left out gives it no briefed "
                   "theme. A file or page with several articles: the one holding TEXT.")
@config_option
@output_only
def explain(text: str, article_source: str | None, config_file: Path | None) -> None:
    """Show which themes TEXT gets and why: what kind of news it reads as, each theme's
    score, the words that weighed most and the nearest labelled examples.

    TEXT is read alone, as `classify` reads it, unless --article names the article it is a
    point of: a briefing decides each point with its article, so a line of the briefing
    is explained that way.

    \b
    Example:
      briefing themes explain "Warplanes struck rebel positions near Aleppo."
    """
    from briefing.pipeline import explain_point, filed_by_address, load_themes, themed_text
    from briefing.themes.classifier import article_language

    config = _load_config(config_file)
    taxonomy, classifier = load_themes(config)
    if article_source is None:
        explanation = classifier.explain(text)
    else:
        article = _the_article(article_source, text, config)
        language = article_language(themed_text(article))
        if language is not None:
            click.echo(f"themes: none: its article is written in {language.name} "
                       f"({language.code}), which the theme models do not read, so a briefing "
                       'leaves it out under "In other languages"')
            return
        explanation = explain_point(article, text, classifier)
    lines = explanation.lines(config.compose.also_in_the_news)
    if article_source is not None and not explanation.passed and (
            filed := filed_by_address(article, taxonomy, classifier, config)) is not None:
        part, theme = filed  # the verdict is the address's, not "Other developments"
        where = ("shows it there" if theme in taxonomy.briefed else
                 'lists it at the end under "Also in the news"'
                 if config.compose.also_in_the_news else "leaves it out")
        lines[0] = (f"themes: none from its words, nor from any point of its article's; its "
                    f"address files it under /{part}/, so a briefing files it under "
                    f"{taxonomy.label(theme)} and {where}")
    for line in lines:
        click.echo(line)


def _the_article(source: str, text: str, config: Any) -> Any:
    """The one article of `source` (a file, folder or URL) that `text` is a point of: the
    only one, or the only one whose words hold it."""
    from briefing.sources import nothing_readable, read_sources

    result = read_sources([source], tz=config.tz)
    if not result.articles:
        raise nothing_readable([source], result.warnings)
    if len(result.articles) == 1:
        return result.articles[0]
    words = " ".join(text.split())
    holding = [a for a in result.articles if words in " ".join(a.text.split())]
    if len(holding) != 1:
        raise InputError(f"--article {source}: {len(result.articles)} articles, "
                         f"{len(holding)} of them holding TEXT word for word: name a file or "
                         "page with the article TEXT is from")
    return holding[0]


@themes.command()
@click.option("--input", "input_file", required=True, metavar="FILE.jsonl",
              help='JSON Lines, each {"text", "themes": [...]}; "-" reads stdin.')
@config_option
def learn(input_file: str, config_file: Path | None) -> None:
    """Add labelled examples to your themes file (themes.file) to improve the classifier.

    The file is themes.file of briefing.toml: by default themes.toml beside it (in the
    current folder without one), created if absent; the next run fits what it teaches."""
    from briefing.themes import learn as learn_examples

    config = _load_config(config_file)
    if not config.themes.file:  # the examples would go to a file the classifier never reads
        raise ConfigError("themes.file is empty (the shipped themes only), so nothing would "
                          'read the examples: set themes.file to the file to teach ("themes.toml")')
    target = config.resolve(config.themes.file)
    rows = list(_read_jsonl_input(input_file))
    added = learn_examples(target, rows, source=_input_name(input_file))
    click.echo(f"{_count(added, 'example')} added to {target}")


@cli.group()
def desks() -> None:
    """Inspect the desks: a briefing for each audience ([[desks]] in briefing.toml)."""


@desks.command("list")
@config_option
@output_only
def desks_list(config_file: Path | None) -> None:
    """List the configured desks: themes, places, terms, recipients and times."""
    config = _load_config(config_file)
    if not config.desks:
        click.echo("no desks: add [[desks]] tables to briefing.toml (see README, Desks)")
    for desk in config.desks:
        click.echo(f"{desk.id}: {desk.title}")
        times = ", ".join(desk.times or config.schedule.times)
        zone = desk.timezone or config.schedule_timezone
        # a desk listing no themes takes those the whole day briefs (not sport); one
        # without recipients is built, never scheduled: no times to list
        for key, value in (("themes", ", ".join(desk.themes) or "every theme the day briefs"),
                           ("places", ", ".join(desk.places) or "anywhere"),
                           ("watch", ", ".join(desk.watch)), ("exclude", ", ".join(desk.exclude)),
                           ("to", ", ".join(desk.to) or "nobody (built, not scheduled)"),
                           ("times", f"{times} {zone}" if desk.to else "")):
            if value:
                click.echo(f"  {key}: {value}")


@desks.command("explain")
@click.argument("desk_id", metavar="ID")
@click.argument("text")
@config_option
@output_only
def desks_explain(desk_id: str, text: str, config_file: Path | None) -> None:
    """Would TEXT make desk ID's briefing, and why (or why not): its exclude and watch
    terms, its themes and its places, each checked (TEXT is read as one key point).

    \b
    Example:
      briefing desks explain political "Talks on Syria resumed in Geneva."
    """
    from briefing.desks import Desk, PlaceIndex, explain
    from briefing.pipeline import load_themes

    config = _load_config(config_file)
    settings = config.desk(desk_id)
    taxonomy, classifier = load_themes(config)
    places = PlaceIndex.load(config.places)
    desk = Desk.of(settings, [(t.id, t.label) for t in taxonomy.themes], places,
                   briefed=taxonomy.briefed)
    result = explain(desk, text, classifier.classify_many, places)
    verdict = "yes" if result.verdict.on_desk else "no"
    click.echo(f"{verdict}: {'on' if result.verdict.on_desk else 'not on'} desk "
               f"{desk.id} ({desk.title})")
    for line in result.lines:
        click.echo(line)


@cli.group()
def sources() -> None:
    """Manage the configured sources ([sources] of briefing.toml)."""


@sources.command("import-opml")
@click.argument("opml_file", type=click.Path(path_type=Path), metavar="FILE.opml")
@click.option("--config", "config_file", type=click.Path(path_type=Path), metavar="FILE",
              help="The briefing.toml to append to (default: ./briefing.toml, created if absent).")
def import_opml(opml_file: Path, config_file: Path | None) -> None:
    """Append a feed reader's OPML export to briefing.toml as [[sources.feed]] tables.

    The file's existing text is kept byte for byte; feeds whose URL is already configured
    are skipped.

    \b
    Example:
      briefing sources import-opml feeds.opml
    """
    from briefing.config import USER_FILE_NAME, append_feeds, load_config
    from briefing.sources.files import path_text
    from briefing.sources.opml import read_opml

    target = config_file or Path.cwd() / USER_FILE_NAME
    # the file's feeds are someone else's links: on a private address only if the config
    # imported into says so (sources.allow_private_links), as for links inside a source
    allow = target.is_file() and load_config(target).sources.allow_private_links
    feeds, notes = read_opml(opml_file, allow_private=allow)
    for line in notes:
        warn(line)
    added, skipped = append_feeds(target, [(f.name, f.url) for f in feeds],
                                  comment=f"imported from {path_text(opml_file.name)}")
    click.echo(f"{_count(len(added), 'feed')} added to {target}, {len(skipped)} already configured")


# A group run without a command raises its help as a usage error (click 8.2 on, hence the
# floor in pyproject.toml; 8.1 printed it on stdout and ended 0, as if a command had run):
# shown whole, never squeezed into the one line of an error.
_NoArgsIsHelp = click.exceptions.NoArgsIsHelpError


# Native Windows is not supported: a build's folder locks and the scheduler's lock are
# flock's, its worker processes are ended by POSIX signals, and none of it is tested there.
# Said before anything is read or written, not as a traceback from `import resource`.
_WINDOWS = ("briefing runs on Linux and macOS, not on Windows: run it in WSL (in PowerShell "
            "`wsl --install`, then the README's Quick start in the Linux shell)")


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a BriefingError becomes one line on stderr and its exit code."""
    if sys.platform == "win32":
        click.echo(f"error: {_WINDOWS}", err=True)
        return 1
    escape_what_stdout_cannot_encode()
    try:
        cli.main(args=argv, prog_name="briefing", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except _NoArgsIsHelp as e:  # `briefing` alone: the help, as lines, on stderr, exit 2
        e.show()
        return e.exit_code
    except click.UsageError as e:  # one line, not click's four: the command and what is wrong
        command = e.ctx.command_path if e.ctx else "briefing"
        click.echo(one_line(f"error: {e.format_message()} (see '{command} --help')"), err=True)
        return e.exit_code
    except click.ClickException as e:
        e.show()
        return e.exit_code
    except BriefingError as e:
        click.echo(one_line(f"error: {e}"), err=True)
        return e.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except StdoutClosed:  # the reader took what it wanted (output_only)
        discard_stdout()
        return 0
    # The last resort for a file or database failure the library did not name (each is a
    # bug to fix there): one line with the file and the system's reason, not a traceback.
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        click.echo(one_line(f"error: {where}{e.strerror or e}"), err=True)
        return 1
    except sqlite3.Error as e:
        click.echo(one_line(f"error: the store: {e}"), err=True)
        return 1
    return 0
