"""Rendering: one Jinja environment per output kind, WeasyPrint for the PDF.

Article text is untrusted. In HTML it is autoescaped; in Markdown every expression is
escaped by `finalize`, so a template has to ask for raw output explicitly (`|md_url`).
Jinja never evaluates the *values* it prints, so `{{ 7*7 }}` in an article stays text.
A user's templates folder is searched before the built-in one, file by file.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2

from briefing.errors import TemplateError
from briefing.model import Briefing

FORMATS = ("md", "html", "pdf", "json")


def builtin_templates_dir() -> Path:
    """`templates/` beside the package in a checkout; `briefing/templates/` when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "briefing.md.j2").is_file():
            return candidate
    raise TemplateError("built-in templates not found (reinstall briefing)")


@dataclass(frozen=True)
class RenderOptions:
    timezone: str = "UTC"
    organisation: str = ""
    marking: str = ""
    language: str = "en"
    show_evidence: bool = False
    templates_dir: Path | None = None


# --- escaping ------------------------------------------------------------------------


class MarkdownSafe(str):
    """Text a Markdown template may print as is (already escaped or built by us)."""


# Backslash escapes that CommonMark and Python-Markdown both honour; < > & become entities
# (Python-Markdown has no backslash escape for "<").
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!#])")
_MD_ENTITIES = (("<", "&lt;"), (">", "&gt;"))
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")
_AUTOLINK = re.compile(r"(?i)(https?|ftp)://|www\.")


def md_escape(value: Any) -> str:
    """Escape text so Markdown shows it literally: no emphasis, link, HTML or heading."""
    if value is None:
        return ""
    if isinstance(value, MarkdownSafe):
        return value
    text = " ".join(str(value).split())  # one line: a newline could start a block
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)  # only where it would be read as an entity
    for ch, entity in _MD_ENTITIES:
        text = text.replace(ch, entity)
    text = _AUTOLINK.sub(lambda m: m.group(0).replace(":", "\\:").replace(".", "\\."), text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    """"- x", "+ x", "1. x": a list marker at the start of a line becomes plain text."""
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)


def safe_url(value: Any) -> str:
    """The URL if it is http(s), else "" (a javascript: or data: link is never emitted)."""
    url = str(value or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme in ("http", "https") and parts.netloc else ""


def md_url(value: Any) -> MarkdownSafe:
    """A link target for Markdown: http(s) only, with the characters that end it encoded."""
    url = safe_url(value)
    for ch, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(ch, code)
    return MarkdownSafe(url)


# --- environments ----------------------------------------------------------------------


def _loader(options: RenderOptions) -> jinja2.BaseLoader:
    paths = [str(options.templates_dir)] if options.templates_dir else []
    return jinja2.FileSystemLoader([*paths, str(builtin_templates_dir())])


def _environment(options: RenderOptions, kind: str) -> jinja2.Environment:
    tz = ZoneInfo(options.timezone)

    def when(value: datetime | date | None, with_time: bool = True) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            local = value.astimezone(tz) if value.tzinfo else value
            if with_time and (local.hour, local.minute) != (0, 0):
                return f"{local.day} {local:%b %Y, %H:%M} {local.tzname() or ''}".strip()
            value = local.date()
        return f"{value.day} {value:%B %Y}"

    common = dict(loader=_loader(options), trim_blocks=True, lstrip_blocks=True,
                  undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    if kind == "md":
        env = jinja2.Environment(autoescape=False, finalize=md_escape, **common)
        env.filters["md_url"] = md_url
        env.filters["raw"] = MarkdownSafe  # for text the template itself writes
    else:
        env = jinja2.Environment(autoescape=True, **common)
        env.filters["safe_url"] = safe_url
    env.filters["when"] = when
    env.globals["options"] = options
    return env


def _render(options: RenderOptions, kind: str, name: str, **context: Any) -> str:
    try:
        template = _environment(options, kind).get_template(name)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"{e.filename or e.name}: line {e.lineno}: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise TemplateError(f"template {e.name} not found") from None
    except jinja2.UndefinedError as e:
        raise TemplateError(f"template {name}: {e.message}") from None


def _context(briefing: Briefing) -> dict[str, Any]:
    articles = {a.id: a for a in briefing.articles}
    return {"briefing": briefing, "articles": articles}


def render_markdown(briefing: Briefing, options: RenderOptions) -> str:
    return _render(options, "md", "briefing.md.j2", **_context(briefing))


def render_html(briefing: Briefing, options: RenderOptions) -> str:
    return _render(options, "html", "briefing.html.j2", **_context(briefing))


def render_pdf(html: str, options: RenderOptions) -> bytes:
    """WeasyPrint, offline: only local files and data: URLs may be fetched."""
    import weasyprint

    def fetcher(url: str, *args: Any, **kwargs: Any) -> dict:
        if url.startswith(("file:", "data:")):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"external resource refused: {url}")

    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=str(Path.cwd()))
    return document.write_pdf(pdf_variant="pdf/ua-1", custom_metadata=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def render_json(briefing: Briefing) -> str:
    return json.dumps(asdict(briefing), default=_json_default, ensure_ascii=False, indent=2)


# --- writing -------------------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes) -> None:
    """The file is complete or absent: write a temporary file beside it, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; readers expect the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_all(
    briefing: Briefing, formats: Sequence[str], options: RenderOptions
) -> dict[str, bytes]:
    """Every requested format, rendered in memory first: a failure writes nothing."""
    out: dict[str, bytes] = {}
    html = None
    if "md" in formats:
        out["md"] = render_markdown(briefing, options).encode("utf-8")
    if "html" in formats or "pdf" in formats:
        html = render_html(briefing, options)
        if "html" in formats:
            out["html"] = html.encode("utf-8")
    if "pdf" in formats and html is not None:
        out["pdf"] = render_pdf(html, options)
    if "json" in formats:
        out["json"] = render_json(briefing).encode("utf-8")
    return out
