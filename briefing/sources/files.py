"""Readers for local files: plain text, Markdown with front matter, HTML, JSON and JSON Lines.

Each reader takes a path and returns the articles in it plus warnings for what it had
to skip. A bad file never stops the others: the warning names the file (and the line,
for JSON Lines) and says what was wrong.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import tzinfo
from pathlib import Path
from typing import Any

from briefing.genre import is_opinion
from briefing.model import Article
from briefing.sources.dates import parse_published
from briefing.sources.feeds import JSON_FEED, is_json_feed
from briefing.sources.limits import DEFAULT_LIMITS, ReadLimits, cut_text, over_size
from briefing.text.cleaning import credited_outlet

FIELDS = ("id", "title", "text", "source", "url", "published")


class SkipFile(Exception):
    """This file cannot be read; the message says why, in one line."""


def read_bytes_as_text(path: Path, max_bytes: int | None = None) -> str:
    """The file's text, or SkipFile naming what is wrong (empty, binary, not UTF-8). With
    `max_bytes`, only its first `max_bytes` bytes are read (a character they cut in two
    is dropped)."""
    with path.open("rb") as f:
        data = f.read() if max_bytes is None else f.read(max_bytes)
    if not data.strip():
        raise SkipFile(f"{path}: empty file, skipped")
    if b"\x00" in data[:4096]:
        raise SkipFile(f"{path}: binary file, skipped (allowed: UTF-8 text)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if len(data) == max_bytes and e.reason == "unexpected end of data":
            return data[: e.start].decode("utf-8-sig")  # the read ended inside a character
        line = data[: e.start].count(b"\n") + 1
        raise SkipFile(
            f"{path}: line {line}: invalid UTF-8 at byte {e.start}, skipped (save it as UTF-8)"
        ) from None


def file_id(path: Path, folder: Path | None = None) -> str:
    """The id a file's articles get when they name none: the file's name without its
    extension (".html.gz" is one). Read as part of `folder`, a file in a subfolder gets its
    path from there instead ("reuters/2026-11-24"): news/reuters/2026-11-24.md and
    news/afp/2026-11-24.md are two articles, and the store keeps one article per id.
    Files directly in `folder` keep their bare name, the id they have always had.
    """
    name = path.name
    if name.lower().endswith((".html.gz", ".htm.gz")):
        name = name[: -len(".gz")]
    stem = Path(name).stem
    if folder is None or path.parent == folder:
        return path_text(stem)
    return path_text((path.parent.relative_to(folder) / stem).as_posix())


def path_text(path: Path | str) -> str:
    r"""A file's name or path as text that can be written anywhere: a name that is not
    UTF-8 (Latin-1 bytes from an old system) comes from the OS with surrogate escapes
    ("caf\udce9"), which no UTF-8 writer (the store, a renderer, `read`) accepts. Each
    such byte is spelled out here ("caf\xe9"), not made U+FFFD: café.txt and cafè.txt
    must stay two ids, as the store keeps one article per id. The file itself is still
    opened by its real name."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def _article(
    path: Path, meta: dict[str, Any], text: str, default_id: str, tz: tzinfo
) -> Article:
    """An article of a file: its front matter's id if it names one, else `default_id`;
    a date without a zone is read in `tz` (see `dates.parse_published`)."""
    title = _text_field(path, meta, "title").strip() or _first_line_title(text)
    url = _text_field(path, meta, "url")
    return Article(
        id=_text_field(path, meta, "id") or default_id,
        title=title,
        text=text.strip(),
        source=_text_field(path, meta, "source") or credited_outlet(text),
        url=url,
        published=parse_published(meta.get("published") or meta.get("date"), tz),
        path=path_text(path),
        opinion=is_opinion(url, title, _kind(meta), text),
    )


def _text_field(path: Path, meta: dict[str, Any], key: str) -> str:
    """A front matter field as text ("" when absent); a list or table is no id, title,
    outlet or URL, and is refused rather than spelled out: YAML's aliases let a few lines
    stand for a list of billions of items (the "billion laughs"), whose `str` never ends."""
    value = meta.get(key)
    if isinstance(value, list | dict | set | tuple):
        kind = "a table" if isinstance(value, dict) else "a list"
        raise SkipFile(f"{path}: front matter {key!r} is not text ({kind}), skipped")
    return str(value or "")


def _kind(meta: dict[str, Any]) -> tuple[str, ...]:
    """The kind of piece a file or record says it is (`kind: opinion`), as labels for
    `genre.is_opinion`; none when it says nothing, or not as a string."""
    kind = meta.get("kind")
    return (kind,) if isinstance(kind, str) else ()


def _first_line_title(text: str) -> str:
    """Untitled text: its first sentence stands in for a title, shortened for display."""
    first = text.strip().split("\n", 1)[0]
    first = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "…"


def read_text(path: Path, name: str, tz: tzinfo, limits: ReadLimits = DEFAULT_LIMITS,
              warnings: list[str] | None = None) -> Iterator[Article]:
    """`.txt` and `.md`: optional YAML front matter (id, title, source, url, published,
    kind: `kind: opinion` marks an op-ed, see briefing/genre.py), then text. `name` is the
    article's id when the front matter gives none (see `file_id`); `tz` is the briefing's
    timezone, for a date without one.

    A body over `limits.max_article_bytes` is cut before Markdown is read (converting 50 MB
    of it takes a minute, only to be cut after), with a warning in `warnings`. Only as much
    of the file as that can keep is read: a 2 GB log saved as .txt costs a megabyte or
    two, not gigabytes of memory.
    """
    import frontmatter

    head = limits.max_article_bytes + FRONT_MATTER_ROOM
    on_disk = path.stat().st_size
    raw = read_bytes_as_text(path, head)
    unread = max(0, on_disk - head)  # bytes of the body never read
    try:
        post = frontmatter.loads(raw)
    except Exception as e:  # the YAML library raises many types; all mean "bad header"
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise SkipFile(f"{path}: invalid front matter ({first}), skipped") from None
    if not post.content.strip():
        raise SkipFile(f"{path}: no text after the front matter, skipped")
    body, cut = post.content, cut_text(post.content, limits.max_article_bytes)
    if cut is None and unread:  # what was read fits (a long front matter): end at a break
        cut = cut_text(body, len(body.encode("utf-8")) - 1) or body
    if cut is not None:
        body = cut
    if path.suffix.lower() in (".md", ".markdown") and markdown_cost(body) > MARKDOWN_BUDGET:
        # read as a .txt file is, not for hours: its words kept, its markup left as written
        if warnings is not None:
            warnings.append(f"{path}: Markdown too costly to read ({_slow_markup(body)}), "
                            "read as plain text")
    elif path.suffix.lower() in (".md", ".markdown"):
        try:
            body = markdown_to_text(body)
        except RecursionError:  # the Markdown library reads nested blocks by recursion
            raise SkipFile(f"{path}: Markdown nested too deeply to read, skipped") from None
        if not body.strip() and not _text_field(path, post.metadata, "title").strip():
            # markup alone (a comment, an image): an article of no words, and no title
            raise SkipFile(f"{path}: no text to read, skipped")
    article = _article(path, dict(post.metadata), body, name, tz)
    if cut is not None and warnings is not None:
        size = len(post.content.encode("utf-8")) + unread
        warnings.append(over_size(str(path), article, size, limits.max_article_bytes))
    yield article


FRONT_MATTER_ROOM = 1_000_000
"""Bytes read from a text file beyond `sources.max_article_bytes`, for its front matter."""


MARKDOWN_BUDGET = 20_000_000
"""The most `markdown_cost` a file may have to be read as Markdown: about 3 s of the
Markdown library's time at worst. A news article costs a small part of it (a list of 300
links, a quarter)."""

# a setext heading's underline: the Markdown library splits its block there, then reads
# the rest of the block again
_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+) *$", re.M)


def markdown_cost(source: str) -> int:
    """How many characters the Markdown library may scan to read `source`, in the worst
    case: a quadratic count, not a timing (its issue #798). Each "[" (a link or image)
    and each heading underline may be scanned to the end of its block (a paragraph, a
    list, a table: text between blank lines); each tag left open (a "<" with no ">"
    before the next "<") to the end of the file, as its HTML parser looks for the ">"
    there. 8,000 "[" in one paragraph took 11 s; a megabyte of them, hours."""
    blocks = re.split(r"\n[ \t]*\n", source)
    cost = sum((b.count("[") + len(_UNDERLINE.findall(b))) * len(b) for b in blocks)
    return cost + _open_tags(source) * len(source)


def _open_tags(source: str) -> int:
    """The "<" of `source` that open a tag (a letter, "/", "!" or "?" follows) with no ">"
    before the next "<"."""
    return sum(1 for piece in source.split("<")[1:]
               if piece[:1].isascii() and (piece[:1].isalpha() or piece[:1] in "/!?")
               and ">" not in piece)


def _slow_markup(source: str) -> str:
    """What makes `source` costly, for its warning."""
    counts = {'"["': source.count("["), "tags left open": _open_tags(source),
              "heading underlines": len(_UNDERLINE.findall(source))}
    return ", ".join(f"{n:,} {what}" for what, n in counts.items() if n)


def markdown_to_text(source: str) -> str:
    """The words of a Markdown article: emphasis, links and images reduced to their text,
    one paragraph per block (headings, paragraphs, list items, quotes), blank-line separated.
    """
    import markdown

    from briefing.sources.html import fragment_text

    return fragment_text(markdown.markdown(source))


MAX_UNZIPPED = 50_000_000  # a saved page is never this big; a gzip bomb is


def read_html(path: Path, name: str, tz: tzinfo) -> Iterator[Article]:
    """`.html`: the page's main text and metadata, as a web page would give them."""
    return _html_article(path, path.read_bytes(), name, tz)


def read_html_gz(path: Path, name: str, tz: tzinfo) -> Iterator[Article]:
    """`.html.gz`: a saved page, compressed (as crawlers and benchmarks store them)."""
    import gzip
    import zlib

    if not path.name.lower().endswith((".html.gz", ".htm.gz")):
        raise SkipFile(f"{path}: only gzipped HTML is read (.html.gz), skipped")
    try:
        with gzip.open(path, "rb") as f:
            data = f.read(MAX_UNZIPPED + 1)
    except (OSError, EOFError, zlib.error) as e:
        raise SkipFile(f"{path}: not a readable gzip file ({e}), skipped") from None
    if len(data) > MAX_UNZIPPED:
        raise SkipFile(f"{path}: more than {MAX_UNZIPPED // 1_000_000} MB unzipped, skipped")
    return _html_article(path, data, name, tz)


def _html_article(path: Path, data: bytes, name: str, tz: tzinfo) -> Iterator[Article]:
    from briefing.sources.html import extract_page, is_unusable

    if not data.strip():
        raise SkipFile(f"{path}: empty file, skipped")
    page = extract_page(data, url="", tz=tz)
    reason = is_unusable(page)
    if reason:
        raise SkipFile(f"{path}: {reason}, skipped")
    meta = {"title": page.title, "source": page.site, "url": page.url, "published": page.published}
    return iter([_article(path, meta, page.text, name, tz)])


def article_from_record(record: Any, where: str, fallback_id: str, tz: tzinfo,
                        file: str | None = None) -> Article:
    """One JSON object with the `{"id","title","text","source","url","published"}` shape;
    a `published` without a zone is read in `tz`. Its path is the record's own `path` (a
    row `read` wrote), else `file`, the file it was read from: a row of a file is traced
    to it, and a row of another file that reuses a stored id is told apart (`Store`)."""
    if not isinstance(record, dict):
        raise SkipFile(f"{where}: expected a JSON object with keys {', '.join(FIELDS)}")
    text, title = record.get("text") or "", record.get("title") or ""
    if not isinstance(text, str) or not isinstance(title, str):
        raise SkipFile(f"{where}: 'text' and 'title' must be strings")
    if not text.strip() and not title.strip():
        raise SkipFile(f"{where}: neither 'text' nor 'title' has any words")
    url = str(record.get("url") or "")
    return Article(
        id=str(record.get("id") or fallback_id),
        title=title.strip(),
        text=text.strip(),
        # a row that names no outlet is the one its dateline credits: "(CNN)America …"
        source=str(record.get("source") or "") or credited_outlet(text),
        url=url,
        published=parse_published(record.get("published"), tz),
        path=record.get("path") if isinstance(record.get("path"), str) else file,
        opinion=is_opinion(url, title, _kind(record), text),
    )


# A "\ud800" escape: JSON allows it, UTF-8 cannot encode it. One in a row's text or title
# crashed every writer downstream (renderers, the store's hashes, `read`, `themes learn`).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(text: str) -> Any:
    """One JSON value of untrusted text, as `json.loads` reads it, but with any lone
    surrogate escape in its strings (and keys) replaced by U+FFFD, and a value nested too
    deeply for the parser (RecursionError) refused as invalid JSON: a JSONDecodeError
    either way, so every reader of JSON and JSON Lines (files, command input) says so."""
    try:
        value = json.loads(text)
    except RecursionError:
        start = len(text) - len(text.lstrip())
        raise json.JSONDecodeError("nested too deeply", text, start) from None
    if _SURROGATE_ESCAPE.search(text):  # rare: only then walk the whole value
        value = _without_surrogates(value)
    return value


def _without_surrogates(value: Any) -> Any:
    """`value` with U+FFFD for each surrogate in its strings: a surrogate left after JSON
    decoding is a lone one (pairs decode to one character). A loop, not recursion: the
    value may be nested as deeply as the parser allows."""
    def fixed(item: Any) -> Any:
        if isinstance(item, str):
            return _SURROGATE.sub("\ufffd", item)
        if isinstance(item, (list, dict)):
            pending.append(item)
        return item

    pending: list[Any] = []
    top = fixed(value)
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            node[:] = [fixed(item) for item in node]
        else:
            items = [(fixed(k), fixed(v)) for k, v in node.items()]
            node.clear()
            node.update(items)
    return top


def read_json(path: Path, name: str, tz: tzinfo, places: list[str] | None = None
              ) -> Iterator[Article]:
    """`.json`: one article object, or a list of them; one without an id gets `name`
    (see `file_id`) and its place in the file: "name-1". Each article's place ("file:
    item 1") is appended to `places`, for a warning about it (`sources.own_ids`)."""
    raw = read_bytes_as_text(path)
    try:
        data = parse_json(raw)
    except json.JSONDecodeError as e:
        raise SkipFile(f"{path}: line {e.lineno}: invalid JSON ({e.msg}), skipped") from None
    if isinstance(data, dict) and is_json_feed(data):
        raise SkipFile(f"{path}: {JSON_FEED}, skipped")
    records = data if isinstance(data, list) else [data]
    for i, record in enumerate(records):
        where = f"{path}: item {i + 1}"
        article = article_from_record(record, where, f"{name}-{i + 1}", tz, path_text(path))
        if places is not None:
            places.append(where)
        yield article


def iter_jsonl(text: str, where: str) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, parsed object or None, error line or None) for each non-blank line.

    Lines end at "\n" only (JSON Lines): a U+2028 or a form feed inside a JSON string is
    text, not a line break as str.splitlines would have it."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield lineno, parse_json(line), None
        except json.JSONDecodeError as e:
            yield lineno, None, f"{where}: line {lineno}: invalid JSON ({e.msg})"


def read_jsonl(path: Path, warnings: list[str], name: str, tz: tzinfo,
               places: list[str] | None = None) -> Iterator[Article]:
    """`.jsonl`: one article object a line; a bad line is skipped with a warning. One
    without an id gets `name` (see `file_id`) and its line number: "name-3". Each
    article's line ("file: line 3") is appended to `places`, for a warning about it
    (`sources.own_ids`). An empty file is no rows, not a file to skip: an export of the
    day's new items is empty on a quiet day."""
    if path.stat().st_size < 4096 and not path.read_bytes().strip():  # (read twice if small)
        return
    for lineno, record, error in iter_jsonl(read_bytes_as_text(path), str(path)):
        if error:
            warnings.append(error + ", skipped")
            continue
        where = f"{path}: line {lineno}"
        try:
            article = article_from_record(record, where, f"{name}-{lineno}", tz,
                                          path_text(path))
        except SkipFile as e:
            warnings.append(f"{e}, skipped")
            continue
        if places is not None:
            places.append(where)
        yield article
