"""Where articles come from. Only this package reads the outside world.

Local files are read by the reader registered for their suffix in `FILE_READERS`;
http(s) URLs are feeds or pages (see `web.py`). `read_sources` takes any mix, in the
order given, and returns every article it could read plus one warning per thing it
could not: one bad source never stops the others.

Every reader is given the briefing's timezone (`tz`): a date without a zone is read in it,
so every `published` is timezone-aware from here on (see `dates.py`).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import InputError, SourceError
from briefing.fileio import special_kind
from briefing.model import Article, content_hash, distinct_id
from briefing.sources import files
from briefing.sources.garbled import repaired
from briefing.sources.limits import cap_articles
from briefing.urls import is_web_url, unsupported_source

if TYPE_CHECKING:
    # imported when reading: `classify` and `stories --input` read JSON Lines with files.py,
    # which imports this package, and would pay for the fetching code (sockets, HTTP dates)
    from briefing.sources.fetch import FetchSettings

FileReader = Callable[[Path, list[str], str, tzinfo, "FetchSettings", list[str]],
                      Iterable[Article]]


def _read_feed_file(path: Path, warnings: list[str], _name: str, tz: tzinfo,
                    settings: FetchSettings, _places: list[str]) -> Iterable[Article]:
    """A saved feed: its entries' ids come from their guids or links, not the file's name."""
    from briefing.sources.web import read_feed_file

    return read_feed_file(path, settings, tz=tz, warnings=warnings)


# suffix -> reader(path, warnings, name, tz, fetch settings, places) -> articles, where name is
# the id an article of the file gets when it names none (`files.file_id`), tz the briefing's
# timezone and the fetch settings are for the pages a saved feed's teasers link to and carry
# the read limits (`settings.limits`). A file of rows (JSON, JSON Lines) appends to `places`
# where each article it gives was in it ("news.jsonl: line 3"), for a warning about the
# article: a row has no path or URL of its own to name it by. Every article's text is then cut
# to `limits.max_article_bytes` by `read_file`, so a reader need not (one that can stop early,
# as text files do, saves the time). Add a file kind here and nowhere else.
FILE_READERS: dict[str, FileReader] = {
    ".txt": lambda path, w, name, tz, s, _p: files.read_text(path, name, tz, s.limits, w),
    ".md": lambda path, w, name, tz, s, _p: files.read_text(path, name, tz, s.limits, w),
    ".markdown": lambda path, w, name, tz, s, _p: files.read_text(path, name, tz, s.limits, w),
    ".html": lambda path, _w, name, tz, _s, _p: files.read_html(path, name, tz),
    ".htm": lambda path, _w, name, tz, _s, _p: files.read_html(path, name, tz),
    ".gz": lambda path, _w, name, tz, _s, _p: files.read_html_gz(path, name, tz),
    ".json": lambda path, _w, name, tz, _s, places: files.read_json(path, name, tz, places),
    ".jsonl": lambda path, warnings, name, tz, _s, places: files.read_jsonl(
        path, warnings, name, tz, places),
    ".xml": _read_feed_file,
    ".rss": _read_feed_file,
    ".atom": _read_feed_file,
}


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # where each of `articles` was read, for a warning about it: the row of a JSON or JSON
    # Lines file ("news.jsonl: line 3"); "" where its path or URL says it (`_where`)
    places: list[str] = field(default_factory=list)


def is_url(source: str) -> bool:
    """An http(s) address: a feed or a page (any other scheme is refused, see read_sources)."""
    return is_web_url(source)


# Why an empty source path is refused, not read: an unset shell variable ("--source $DIR")
# must not brief the current folder, earlier briefings in out/ and all.
EMPTY_SOURCE = 'give a file, folder or URL; "." for the current folder'

NOT_ARTICLES = "README and LICENSE files, hidden ones and those whose name starts with _"


def not_an_article(path: Path) -> str | None:
    """Why a file or folder is not read as articles, or None if it is: a folder of articles
    may hold a README or LICENSE, hidden files and _drafts. The same rule holds for a file
    named on the command line (`summarize seeds/*.md` must not brief seeds/README.md)."""
    name = path.name
    if name.upper().startswith(("README", "LICENSE")):
        return f"a {name.split('.')[0].upper()} file, not an article"
    if name.startswith((".", "_")):
        return f"its name starts with {name[0]!r}: a hidden file or draft, not an article"
    return None


def files_in(folder: Path) -> list[Path]:
    """The files of a folder and its subfolders that are of a kind read, in name order
    (stable builds), with those that are not regular files (see `not_a_file`)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in FILE_READERS
        and not p.is_dir()
        and not any(not_an_article(part) for part in p.relative_to(folder).parents if part.name)
        and not not_an_article(p)
    )


def not_a_file(path: Path) -> str | None:
    """Why a folder's entry is no file to read ("a named pipe", "a link loop"), or None.
    Only its status is asked, never its contents: a named pipe would wait for a writer that
    may never come, and hang the build."""
    if path.is_file():
        return None
    if kind := special_kind(path):  # a pipe, or a link to one
        return kind
    if not path.is_symlink():
        return None  # gone since the folder was listed: reading it says so
    try:
        path.stat()
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "a link loop"
        return f"a link to {files.path_text(os.readlink(path))}, which is not there"
    return None


def read_file(path: Path, result: ReadResult, *, tz: tzinfo, folder: Path | None = None,
              settings: FetchSettings | None = None) -> None:
    """The articles of one file, read as given or as part of `folder` (see `files.file_id`),
    each with any mojibake or HTML entity left in its text undone (`garbled.py`) and cut to
    `settings.limits.max_article_bytes` with a warning naming it; `settings` also limit the
    pages a saved feed's teasers get fetched from."""
    reader = FILE_READERS.get(path.suffix.lower())
    if reader is None:
        allowed = ", ".join(sorted(FILE_READERS))
        result.warnings.append(f"{path}: unknown file kind, skipped (allowed: {allowed})")
        return
    from briefing.sources.addresses import with_links_judged
    from briefing.sources.fetch import FetchSettings

    try:
        settings = settings or FetchSettings()
        places: list[str] = []
        articles = map(repaired, reader(path, result.warnings, files.file_id(path, folder),
                                        tz, settings, places))
        articles = cap_articles(articles, settings.limits.max_article_bytes, result.warnings,
                                str(path))
        # a file has no host of its own: the links it holds are links if they are public
        articles = with_links_judged(articles, str(path))
        result.articles.extend(articles)
        result.places.extend(places or [""] * len(articles))
    except files.SkipFile as e:
        result.warnings.append(str(e))
    except SourceError as e:
        result.warnings.append(str(e))
    except OSError as e:
        result.warnings.append(f"{path}: cannot read ({e.strerror or e}), skipped")


def read_sources(sources: Sequence[str | Path], *, tz: tzinfo, base_dir: Path | None = None,
                 settings: FetchSettings | None = None) -> ReadResult:
    """Every article from files, folders and URLs, in the order given; `tz` is the
    briefing's timezone, in which a date without one is read.

    A source that does not exist at all, is neither a file nor a folder (a pipe, a device:
    `fileio.special_kind`), or is a URL of another scheme than http(s) (ftp://,
    file://), is an error (the user named it, so a typo must not pass silently); a file
    inside it that cannot be read is a warning, as is one that is a symbolic link to a file
    outside the folder (whoever can drop files into a folder must not make it read, and
    brief, any file its owner can read). `settings` limit every fetch, and cap the
    entries read per feed and the bytes per article (defaults: `FetchSettings()`;
    `ingest.fetch_settings` reads the config).
    """
    from briefing.sources.fetch import FetchSettings

    settings = settings or FetchSettings()
    result = ReadResult()
    pending_urls: list[str] = []  # consecutive URLs are fetched together, in parallel
    for source in [*sources, None]:
        text = None if source is None else str(source)
        if text is not None and not text.strip():  # Path("") is ".": a typo read the folder
            raise InputError(f"{text!r}: an empty source ({EMPTY_SOURCE})")
        if text is not None and (why := unsupported_source(text)):
            raise SourceError(f"{text}: {why}")
        if text is not None and is_url(text):
            pending_urls.append(text)
            continue
        if pending_urls:
            _read_urls(pending_urls, result, tz, settings)
            pending_urls = []
        if text is None:
            break
        path = Path(text).expanduser()
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        if path.is_dir():
            inside = path.resolve()
            for p in files_in(path):
                if why := not_a_file(p):
                    result.warnings.append(f"{p}: {why}, skipped")
                    continue
                if p.is_symlink() and not p.resolve().is_relative_to(inside):
                    result.warnings.append(f"{p}: a link to a file outside {path}, skipped "
                                           "(a folder's files are read only from inside it)")
                    continue
                read_file(p, result, tz=tz, folder=path, settings=settings)
        elif path.is_file() and (why := not_an_article(path)):
            result.warnings.append(f"{path}: {why} ({NOT_ARTICLES} are never read), skipped")
        elif path.is_file():
            read_file(path, result, tz=tz, settings=settings)
        elif kind := special_kind(path):  # it exists: "no such file" would be untrue
            raise SourceError(f"{path}: {kind}, not a regular file or folder (a source's "
                              "kind is told by its file name: save it to one, such as "
                              "news.jsonl)")
        elif path.is_symlink() and (why := not_a_file(path)):  # it is there: `ls` lists it
            raise SourceError(f"{path}: {why}")
        elif text == "-":  # the standard input to most tools: say so, not "no such file"
            raise SourceError("-: the standard input is not read as a source (a source's kind "
                              "is told by its file name: save it to one, such as news.jsonl; "
                              "summarize, classify and stories take --input -)")
        else:
            raise SourceError(f"{path}: no such file or folder")
    result.articles, result.places = own_ids(result.articles, result.warnings, result.places)
    return result


def own_ids(articles: Sequence[Article], warnings: list[str], places: Sequence[str]
            ) -> tuple[list[Article], list[str]]:
    """Every article under an id of its own, each clash a warning, and the places of those
    kept: `places` are those of `articles` (`ReadResult.places`), a warning's names for
    them where they are not "" (else `_where`).

    An id names one article for every later stage (its points cite it, the store keeps one
    article per id), so two articles of one id would be briefed as one: the points of a
    flood cited to a budget vote, or one of them never briefed. A clash comes from the input
    (report.txt beside report.md, two JSON Lines rows of one id), so it is said, and the
    later article is read under `distinct_id`; the same article read twice (the same file
    named twice) is read once.
    """
    first: dict[str, tuple[str, str]] = {}  # id -> (its words' hash, where it was read)
    kept: list[tuple[Article, str]] = []
    for a, place in zip(articles, places, strict=True):
        digest = content_hash(a)
        # a JSON Lines row is named by its file and line: it has no path, and without a
        # title or URL it was "the article ''"
        where = place or _where(a)
        if a.id in first and first[a.id][0] != digest:
            own = distinct_id(a.id, digest)
            if own not in first:
                warnings.append(f"{where}: its id {a.id!r} is taken by {first[a.id][1]};"
                                f" read as {own!r} (give each article an id of its own)")
            a = replace(a, id=own)
        if a.id in first:
            warnings.append(f"{where}: the same article as {first[a.id][1]}, read once")
            continue
        first[a.id] = (digest, where)
        kept.append((a, place))
    return [a for a, _ in kept], [place for _, place in kept]


def _where(article: Article) -> str:
    """An article as a warning names it: its file, its address, or its title."""
    return article.path or article.url or f"the article {article.title[:60]!r}"


def nothing_readable(sources: Sequence[str | Path], warnings: Sequence[str], shown: int = 3
                     ) -> SourceError:
    """The error of a command whose named sources gave no article at all, with why (the
    first few warnings: the command stops before printing them)."""
    reasons = [w.replace(", skipped", "") for w in warnings[:shown]]  # all were skipped
    if len(warnings) > shown:
        reasons.append(f"{len(warnings) - shown} more: 'briefing read' lists them")
    if not reasons and all(is_web_url(str(s)) for s in sources):
        # a page gives an article or an error, and a --source is never asked "if changed"
        reasons = ["a feed with no entries"]
    elif not reasons:
        reasons = [f"no files of the kinds read: {', '.join(sorted(FILE_READERS))}"]
    return SourceError(f"no readable articles in {', '.join(map(str, sources))} "
                       f"({'; '.join(reasons)})")


def _read_urls(urls: list[str], result: ReadResult, tz: tzinfo,
               settings: FetchSettings) -> None:
    from briefing.sources.web import read_many

    articles, failures = read_many(urls, settings, tz=tz)
    result.articles.extend(articles)
    result.places.extend([""] * len(articles))  # named by their URLs
    result.warnings.extend(failures)
