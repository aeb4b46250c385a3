"""The Jinja environments (one per options and output kind, kept) and rendering a template:
a user's templates folder is searched before the built-in one, and any failure is a
TemplateError naming the file and line."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache
from itertools import takewhile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from jinja2.loaders import split_template_path

from briefing.errors import TemplateError
from briefing.fileio import not_utf8
from briefing.render.escaping import (
    MarkdownSafe,
    clip,
    css_string,
    dir_attribute,
    host,
    label_filter,
    md_anchor,
    md_escape,
    md_url,
    safe_url,
)
from briefing.render.options import (
    DEFAULT_ACCENT,
    DEFAULT_MARKING_COLOUR,
    RenderOptions,
    builtin_templates_dir,
    css_colour,
    pale_tint,
)


class TemplateLoader(jinja2.FileSystemLoader):
    """Jinja's loader of templates from folders, the first found first, with a template that
    is not UTF-8 text (a user's, saved in a Windows encoding) a TemplateError naming its
    full path and its first bad byte: Jinja's UnicodeDecodeError named neither ("template
    briefing.md.j2: 'utf-8' codec can't decode byte 0xe9 in position 3")."""

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            source, filename, uptodate = super().get_source(environment, template)
        except UnicodeDecodeError as e:  # Jinja decodes the whole file at once: `e.object`
            pieces = split_template_path(template)
            path = next((p for p in (Path(folder, *pieces) for folder in self.searchpath)
                         if p.is_file()), Path(template))  # the one Jinja found first
            raise TemplateError(not_utf8(path.absolute(), e)) from None
        # Jinja checks only the file it read: a template added later to a folder searched
        # before it (the user's, over the built-in one) was never seen by the environment
        # kept in a scheduler's process (`environment_for`)
        pieces = split_template_path(template)
        earlier = list(takewhile(lambda p: os.path.normpath(p) != filename,
                                 (os.path.join(folder, *pieces) for folder in self.searchpath)))

        def still_first() -> bool:
            return uptodate() and not any(os.path.isfile(p) for p in earlier)

        return source, filename, still_first


def _search_path(options: RenderOptions) -> list[str]:
    paths = [str(options.templates_dir)] if options.templates_dir else []
    return [*paths, str(builtin_templates_dir())]


# Kept, one per (options, kind): a fresh environment compiled its template again for each
# render (about 0.07 s each, three or four a build: Markdown, HTML, the PDF's HTML, the
# archive's index). A kept one still reads a template file again once it changed (Jinja's
# auto_reload compares its modification time), so an edited user template is seen.
@lru_cache(maxsize=16)
def environment_for(options: RenderOptions, kind: str) -> jinja2.Environment:
    """The Jinja environment kept for ``options`` and ``kind`` ("md" or "html")."""
    tz = ZoneInfo(options.timezone)
    read_in = ZoneInfo(options.reading_timezone) if options.reading_timezone else tz

    def local(value: datetime) -> datetime:
        return value.astimezone(tz)  # every datetime is aware (sources/dates.py)

    def when(value: datetime | date | None, with_time: bool = True, short: bool = False) -> str:
        """"8 December 2024", or "8 Dec 2024, 09:30 UTC" when the time is known;
        `short` abbreviates the month always (citations, where space is tight).

        A date alone is midnight where dates are read (`RenderOptions.reading_timezone`):
        it is shown as that date whatever zone times are shown in, never as the evening
        before in a desk west of it."""
        if value is None:
            return ""
        if isinstance(value, datetime):
            as_read = value.astimezone(read_in)
            value_local = local(value)
            # the day's first instant, compared in UTC (in one zone Python compares wall
            # clocks): where clocks spring forward at midnight (Cairo, Santiago, Havana)
            # it reads 01:00, not 00:00
            first = datetime.combine(as_read.date(), time(), read_in)
            if value.astimezone(UTC) == first.astimezone(UTC):
                value = as_read.date()
            elif with_time and (value_local.hour, value_local.minute) != (0, 0):
                zone = value_local.tzname() or ""
                stamp = f"{value_local.day} {value_local:%b %Y, %H:%M} {zone}".strip()
                # a citation's "14 Dec 2024, 09:30 UTC" is one unit too: its time, or
                # its zone, alone at the head of the next line reads as nothing
                return stamp.replace(" ", "\u00a0") if short else stamp
            else:
                value = value_local.date()
        if short:  # no-break spaces: "8 Dec 2024" never splits over two lines
            return f"{value.day}\u00a0{value:%b}\u00a0{value.year}"
        return f"{value.day} {value:%B %Y}"

    def nobreak(value: str) -> str:
        """The words of a date (or of a date and time) joined by no-break spaces: "· 15"
        above "December 2024" in the Sources list read as nothing. In the text itself, not
        a nowrap style, which the email would repeat on every source line."""
        return str(value).replace(" ", "\u00a0")

    def longdate(value: date) -> str:
        return f"{value:%A} {value.day} {value:%B %Y}"

    def built(value: datetime, day: date, zone: str = "") -> str:
        """When an edition of `day` was built: "07:05" that day, else with its date. In
        `zone` when it is given and not the index's (a desk's own), and then named ("23:00
        JST"), as that desk's briefing says when it was generated."""
        own = bool(zone) and zone != options.timezone
        at = value.astimezone(ZoneInfo(zone)) if own else local(value)
        named = f" {at.tzname()}" if own and at.tzname() else ""
        return (f"{at:%H:%M}" if at.date() == day else f"{at.day} {at:%b %Y, %H:%M}") + named

    loader = TemplateLoader(_search_path(options))
    common = dict(loader=loader, trim_blocks=True, lstrip_blocks=True,
                  undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    if kind == "md":
        env = jinja2.Environment(autoescape=False, finalize=md_escape, **common)
        env.filters["md_url"] = md_url
        env.filters["md_anchor"] = md_anchor
        env.filters["raw"] = MarkdownSafe  # for text the template itself writes
    else:
        env = jinja2.Environment(autoescape=True, **common)
        env.filters["safe_url"] = safe_url
        env.filters["css_string"] = css_string
    env.filters.update(when=when, nobreak=nobreak, longdate=longdate, built=built, clip=clip,
                       label=label_filter, dirattr=dir_attribute, host=host)
    env.globals["options"] = options
    env.globals["colours"] = {
        "accent": css_colour(options.accent_colour, DEFAULT_ACCENT),
        "accent_tint": pale_tint(options.accent_colour, DEFAULT_ACCENT),
        "marking": css_colour(options.marking_colour, DEFAULT_MARKING_COLOUR),
    }
    env.globals["page_size"] = options.page_size if options.page_size in ("A4", "Letter") else "A4"
    return env


def _template_frame(error: BaseException, search: Sequence[str]) -> str:
    """"file: line N" of the innermost template frame of a runtime error, if there is one.

    Jinja rewrites tracebacks so template lines appear as frames of the template file.
    """
    roots = tuple(str(Path(p).resolve()) for p in search)
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename and str(Path(frame.filename).resolve()).startswith(roots):
            return f"{frame.filename}: line {frame.lineno}"
    return ""


def render_template(
    env: jinja2.Environment, name: str, search: Sequence[str], **context: Any
) -> str:
    """Render one template of ``env`` (whose loader reads the folders ``search``); any
    failure is a TemplateError naming the file and line. The email's templates use it too."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{e.filename or e.name}: line {e.lineno}: {e.message}") from None
    except jinja2.TemplateNotFound as e:  # an include or extends of a user's template
        where = _template_frame(e, search) or f"template {name}"
        *users, builtin = search
        looked = f"{' and '.join(users)} and the built-in templates, " if users else ""
        raise TemplateError(f"{where}: template {e.name} not found (looked in "
                            f"{looked}{builtin})") from None
    except TemplateError:  # named already: a template that is not UTF-8 (TemplateLoader)
        raise
    except Exception as e:  # a user's template can fail at run time in any way
        where = _template_frame(e, search) or f"template {name}"
        message = getattr(e, "message", None) or str(e) or type(e).__name__
        raise TemplateError(f"{where}: {message}") from None


def render_with_options(options: RenderOptions, kind: str, name: str, **context: Any) -> str:
    """Template ``name`` rendered in the environment kept for ``options`` and ``kind``."""
    return render_template(environment_for(options, kind), name, _search_path(options), **context)
