"""Where articles come from. Only this package reads the outside world.

Local files are read by the reader registered for their suffix in `FILE_READERS`;
http(s) URLs are feeds or pages (see `web.py`). `read_sources` takes any mix, in the
order given, and returns every article it could read plus one warning per thing it
could not: one bad source never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.errors import SourceError
from briefing.model import Article
from briefing.sources import files
from briefing.sources.fetch import FetchSettings
from briefing.sources.limits import cap_articles

# suffix -> reader(path, warnings, name, fetch settings) -> articles, where name is the id an
# article of the file gets when it names none (`files.file_id`), and the fetch settings are
# for the pages a saved feed's teasers link to and carry the read limits (`settings.limits`).
# Every article's text is then cut to `limits.max_article_bytes` by `read_file`, so a reader
# need not (one that can stop early, as text files do, saves the time). Add a file kind here
# and nowhere else.
FileReader = Callable[[Path, list[str], str, "FetchSettings"], Iterable[Article]]
FILE_READERS: dict[str, FileReader] = {
    ".txt": lambda path, w, name, s: files.read_text(path, name, s.limits, w),
    ".md": lambda path, w, name, s: files.read_text(path, name, s.limits, w),
    ".markdown": lambda path, w, name, s: files.read_text(path, name, s.limits, w),
    ".html": lambda path, _w, name, _s: files.read_html(path, name),
    ".htm": lambda path, _w, name, _s: files.read_html(path, name),
    ".gz": lambda path, _w, name, _s: files.read_html_gz(path, name),
    ".json": lambda path, _w, name, _s: files.read_json(path, name),
    ".jsonl": lambda path, warnings, name, _s: files.read_jsonl(path, warnings, name),
}


def _read_feed_file(path: Path, warnings: list[str], _name: str,
                    settings: FetchSettings) -> Iterable[Article]:
    """A saved feed: its entries' ids come from their guids or links, not the file's name."""
    from briefing.sources.web import read_feed_file

    return read_feed_file(path, settings, warnings=warnings)


for _suffix in (".xml", ".rss", ".atom"):
    FILE_READERS[_suffix] = _read_feed_file


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _is_ignored(path: Path) -> bool:
    """Files a folder of articles may hold that are not articles (README, hidden, _drafts)."""
    name = path.name
    return name.startswith((".", "_")) or name.upper().startswith(("README", "LICENSE"))


def files_in(folder: Path) -> list[Path]:
    """The readable files of a folder and its subfolders, in name order (stable builds)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FILE_READERS
        and not any(_is_ignored(part) for part in p.relative_to(folder).parents if part.name)
        and not _is_ignored(p)
    )


def read_file(path: Path, result: ReadResult, folder: Path | None = None,
              settings: FetchSettings | None = None) -> None:
    """The articles of one file, read as given or as part of `folder` (see `files.file_id`),
    each cut to `settings.limits.max_article_bytes` with a warning naming it; `settings`
    also limit the pages a saved feed's teasers get fetched from."""
    reader = FILE_READERS.get(path.suffix.lower())
    if reader is None:
        allowed = ", ".join(sorted(FILE_READERS))
        result.warnings.append(f"{path}: unknown file kind, skipped (allowed: {allowed})")
        return
    try:
        settings = settings or FetchSettings()
        articles = reader(path, result.warnings, files.file_id(path, folder), settings)
        result.articles.extend(cap_articles(articles, settings.limits.max_article_bytes,
                                            result.warnings, str(path)))
    except files.SkipFile as e:
        result.warnings.append(str(e))
    except SourceError as e:
        result.warnings.append(str(e))
    except OSError as e:
        result.warnings.append(f"{path}: cannot read ({e.strerror or e}), skipped")


def read_sources(sources: Sequence[str | Path], *, base_dir: Path | None = None,
                 settings: FetchSettings | None = None) -> ReadResult:
    """Every article from files, folders and URLs, in the order given.

    A source that does not exist at all is an error (the user named it, so a typo must
    not pass silently); a file inside it that cannot be read is a warning. `settings`
    limit every fetch, and cap the entries read per feed and the bytes per
    article (defaults: `FetchSettings()`; `ingest.fetch_settings` reads the config).
    """
    settings = settings or FetchSettings()
    result = ReadResult()
    pending_urls: list[str] = []  # consecutive URLs are fetched together, in parallel
    for source in [*sources, None]:
        text = None if source is None else str(source)
        if text is not None and is_url(text):
            pending_urls.append(text)
            continue
        if pending_urls:
            _read_urls(pending_urls, result, settings)
            pending_urls = []
        if text is None:
            break
        path = Path(text).expanduser()
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        if path.is_dir():
            for p in files_in(path):
                read_file(p, result, folder=path, settings=settings)
        elif path.is_file():
            read_file(path, result, settings=settings)
        else:
            raise SourceError(f"{path}: no such file or folder")
    return result


def _read_urls(urls: list[str], result: ReadResult, settings: FetchSettings) -> None:
    from briefing.sources.web import read_many

    articles, failures = read_many(urls, settings)
    result.articles.extend(articles)
    result.warnings.extend(failures)
