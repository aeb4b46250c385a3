"""The archive index (out/index.html, every briefing built, read from each briefing.json)
and the HTML of an edition kept aside (moved one folder down, its links fixed)."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Collection, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from briefing.errors import WriteError
from briefing.fileio import folder_lock, temporary_files, write_atomic
from briefing.render.formats import counts_of, left_out_words
from briefing.render.options import RenderOptions
from briefing.render.templates import render_with_options


@dataclass(frozen=True)
class ArchiveEntry:
    """One built briefing as the archive index lists it."""

    day: date
    title: str
    counts: tuple[tuple[str, int], ...]  # (section title, key points), in section order
    articles: int
    files: tuple[tuple[str, str], ...]  # (format, link relative to the index), md/html/pdf
    note: str = ""  # why the counts are missing, if they are
    desk: str = ""  # a desk's briefing (out/<date>/<desk>/); "" the whole day's
    # its earlier editions kept aside (<date>/edition-<n>/, <date>/<desk>/edition-<n>/),
    # first first; each with its number and when it was built (None: not known)
    editions: tuple[ArchiveEntry, ...] = ()
    edition: int = 0
    built: datetime | None = None
    zone: str = ""  # the zone `built` is shown in: its desk's own ("": the index's)
    left_out: str = ""  # "3 articles on other subjects", as its header says ("" for none)
    # its header says "listed at the end" of them (compose.also_in_the_news), not "left out"
    left_out_listed: bool = False


_DAY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")
_EDITION_FOLDER = re.compile(r"\.?edition-\d+(\.partial)?")


class BriefingSummaries:
    """What the index reads of each briefing.json (title, counts, articles, left out, build
    time), remembered by the file's size and modification time.

    Read whole, a year's 1,700 briefing.json files took 0.5 to 0.8 s of every build, and
    more each day: `write_archive_index` keeps these in `out/.index-cache.json` (SUMMARIES),
    so a build reads only the files that changed since the last. A missing, unreadable or
    stale cache is only slower: every file is then read as before.
    """

    def __init__(self, known: dict[str, list[Any]] | None = None) -> None:
        self._known = known or {}  # file name (as given) -> [mtime_ns, size, summary]
        self.seen: dict[str, list[Any]] = {}  # those asked for in this run, to be kept

    @classmethod
    def load(cls, path: Path) -> BriefingSummaries:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            known = data["files"] if data.get("version") == _SUMMARIES_VERSION else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            known = {}
        return cls(known if isinstance(known, dict) else {})

    def save(self, path: Path) -> None:
        write_atomic(path, json.dumps({"version": _SUMMARIES_VERSION, "files": self.seen},
                                      ensure_ascii=False, separators=(",", ":")))

    def of(self, path: Path) -> dict[str, Any]:
        """The summary of the briefing.json at `path`: FileNotFoundError if there is none,
        ValueError (and the like) if it cannot be read as one."""
        stat = path.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        key = str(path)
        cached = self._known.get(key)
        if isinstance(cached, list) and len(cached) == 3 and cached[:2] == stamp:
            summary = cached[2]
        else:
            summary = _summary(json.loads(path.read_text(encoding="utf-8")))
        self.seen[key] = [*stamp, summary]
        return summary


SUMMARIES = ".index-cache.json"  # in the output folder, beside index.html
_SUMMARIES_VERSION = 2  # raise it when `_summary` changes what it keeps


def _summary(data: Any) -> dict[str, Any]:
    """What the index shows of a briefing.json's `data` (see `_archive_entry`)."""
    return {
        "title": str(data.get("title", "")),
        "counts": [[section, n] for _, section, n in counts_of(data)],
        "articles": len(data.get("articles", ())),
        "left_out": left_out_words([str(row[1]) for row in data.get("left_out", ())
                                    if isinstance(row, list) and len(row) == 2]),
        "left_out_listed": bool(data.get("also_in_the_news")),
        "generated_at": data.get("generated_at"),
    }


def archive_entries(out_dir: Path, summaries: BriefingSummaries | None = None,
                    zones: Mapping[str, str] | None = None) -> list[ArchiveEntry]:
    """Every briefing under `out_dir`, newest first, read from `<date>/briefing.json`;
    each date's desks (`<date>/<desk>/briefing.json`) follow its whole-day briefing.

    A folder with only some formats (say `--format md`) is listed with what it has; an
    unreadable briefing.json is listed without counts rather than breaking the index.
    `summaries` remembers what was read of each file (by default, nothing is). `zones`
    names the desks whose briefings show their times in a zone of their own (desk id:
    zone), as their kept editions' build times are then shown.
    """
    zones = zones or {}
    summaries = summaries or BriefingSummaries()
    entries = []
    for folder in out_dir.iterdir() if out_dir.is_dir() else ():
        if not (folder.is_dir() and _DAY_FOLDER.fullmatch(folder.name)):
            continue
        try:
            day = date.fromisoformat(folder.name)
        except ValueError:
            continue
        desks = sorted(f for f in folder.iterdir()
                       if f.is_dir() and not _EDITION_FOLDER.fullmatch(f.name))
        for place, desk in [(folder, ""), *((f, f.name) for f in desks)]:
            link = f"{folder.name}/{desk + '/' if desk else ''}"
            entry = _archive_entry(day, place, link, desk, summaries)
            if entry is not None:
                kept = _kept_editions(day, place, link, desk, summaries)
                zone = zones.get(desk, "") if desk else ""
                entries.append(replace(entry, editions=tuple(replace(k, zone=zone)
                                                             for k in kept)))
    return sorted(entries, key=lambda e: (-e.day.toordinal(), e.desk))


def _kept_editions(day: date, folder: Path, link: str, desk: str,
                   summaries: BriefingSummaries) -> tuple[ArchiveEntry, ...]:
    """The earlier editions kept in `folder` (edition-<n>/, see `ingest.keep_edition`),
    by number, each with when it was built: its briefing.json's `generated_at`, else the
    time its files were written (kept with them when they were moved)."""
    kept = []
    for place in folder.glob("edition-*"):
        if not (place.is_dir() and place.name[8:].isdigit()):
            continue
        entry = _archive_entry(day, place, f"{link}{place.name}/", desk, summaries)
        if entry is None:
            continue
        built = None
        try:
            built = datetime.fromisoformat(summaries.of(place / "briefing.json")
                                           ["generated_at"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            times = [(place / f"briefing.{kind}").stat().st_mtime for kind, _ in entry.files]
            built = datetime.fromtimestamp(max(times), UTC) if times else None
        if built is not None and built.tzinfo is None:
            built = None  # a time of no zone cannot be shown in the reader's
        kept.append(replace(entry, edition=int(place.name[8:]), built=built))
    return tuple(sorted(kept, key=lambda e: e.edition))


def _archive_entry(day: date, folder: Path, link: str, desk: str,
                   summaries: BriefingSummaries) -> ArchiveEntry | None:
    files = tuple((kind, f"{link}briefing.{kind}") for kind in ("pdf", "html", "md")
                  if (folder / f"briefing.{kind}").is_file())
    title, counts, articles, note, left_out, listed = "", (), 0, "", "", False
    try:
        summary = summaries.of(folder / "briefing.json")
        title, articles, left_out = summary["title"], summary["articles"], summary["left_out"]
        listed = bool(summary["left_out_listed"])
        counts = tuple((section, n) for section, n in summary["counts"])
    except FileNotFoundError:
        note = "no briefing.json (built without the json format)"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        note = "briefing.json unreadable"
    if not (files or counts or title) or (desk and not files and not title):
        return None
    return ArchiveEntry(day, title, counts, articles, files, note, desk, left_out=left_out,
                        left_out_listed=listed)


def render_archive_index(entries: Sequence[ArchiveEntry], options: RenderOptions) -> str:
    # each month of the archive, newest first as its rows, as (anchor, "March 2025"): the
    # index groups its rows under them
    months = dict.fromkeys((f"month-{e.day:%Y-%m}", f"{e.day:%B %Y}") for e in entries)
    return render_with_options(options, "html", "index.html.j2", entries=entries,
                               months=list(months))


def write_archive_index(out_dir: Path, options: RenderOptions,
                        zones: Mapping[str, str] | None = None) -> Path:
    """Rebuild `<out_dir>/index.html`, the list of every briefing built; returns its path.
    `zones`: the desks that show their times in a zone of their own (desk id: zone).

    Under a lock on `out_dir`: two builds of different dates at once each list the
    folders they find, and the one that wrote last could have missed the other's date;
    and the temporary files of a build killed while writing these two files are removed
    here, which must not be another build's in progress."""
    path = out_dir / "index.html"
    with folder_lock(out_dir):
        for left in temporary_files(out_dir, [path.name, SUMMARIES]):
            left.unlink(missing_ok=True)
        summaries = BriefingSummaries.load(out_dir / SUMMARIES)
        write_atomic(path, render_archive_index(archive_entries(out_dir, summaries, zones),
                                                options))
        # only the files still there are kept; one that cannot be written costs the next
        # build the reading of every file, no more (the index is written)
        with suppress(WriteError):
            summaries.save(out_dir / SUMMARIES)
    return path


# --- an edition kept aside ------------------------------------------------------------

# an href or src attribute as written in the tag: its value quoted either way, or bare
_LINK_ATTRIBUTE = re.compile(
    r"""(?<=\s)(href|src)(\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def html_moved_down(html: str, kept: Collection[str]) -> str:
    """The HTML of a briefing whose folder's files `kept` (["briefing.html", ...]) are
    moved one folder down (out/<date>/ to out/<date>/edition-<n>/): each relative link to
    anything but those files ("../2024-12-15/briefing.html#story-…", another day's
    briefing; "edition-1/…", an earlier edition of its date) gets one more "../", so it
    still leads where it did. In-page links ("#sources"), links to the kept files and
    absolute URLs stay; so does every other byte of the file.

    lxml reads which attributes are links; they are then edited where they stand in the
    text, since a re-serialised document would differ in bytes from the one sent. Should
    the two readings not agree (a user's template writing a link where the pattern
    cannot see it), the HTML is returned as it is: a broken link, never a mangled file.
    """
    import html as htmllib

    import lxml.html

    try:
        document = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):  # empty, or declares its own encoding
        return html
    values = [value for element in document.iter() if isinstance(element.tag, str)
              for name, value in element.attrib.items() if name.lower() in ("href", "src")]
    found = list(_LINK_ATTRIBUTE.finditer(html))
    written = [htmllib.unescape(next(v for v in m.group(3, 4, 5) if v is not None))
               for m in found]
    if written != values:
        return html

    def climbs(value: str) -> bool:
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return False  # absolute, in-page ("#sources", "?x") or from the site's root
        path = posixpath.normpath(unquote(parts.path))
        return path not in kept  # a kept file moves with the page: "briefing.pdf" holds

    out, at = [], 0
    for m, value in zip(found, written, strict=True):
        if climbs(value):
            start = next(m.start(g) for g in (3, 4, 5) if m.group(g) is not None)
            out += [html[at:start], "../"]
            at = start
    return "".join(out) + html[at:]
