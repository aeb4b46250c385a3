"""Rendering: one Jinja environment per output kind, WeasyPrint for the PDF, the archive index.

Article text is untrusted. In HTML it is autoescaped; in Markdown every expression is
escaped by `finalize`, so a template has to ask for raw output explicitly (`|md_url`).
Jinja never evaluates the *values* it prints, so `{{ 7*7 }}` in an article stays text.
A user's templates folder is searched before the built-in one, file by file: any of
`briefing.md.j2`, `briefing.html.j2`, `index.html.j2` or `briefing.css` can be replaced,
and a `custom.css` there is added after the built-in stylesheet (for small tweaks).

The HTML is standalone: the stylesheet is inlined and the logo is a data: URL, so it opens
the same offline, in a mail client or on a phone, and WeasyPrint fetches nothing.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import traceback
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time
from functools import lru_cache
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from briefing.colours import MIN_CONTRAST, contrast, parse_colour
from briefing.errors import TemplateError
from briefing.fileio import write_atomic
from briefing.fonts import FontGap, InstalledFonts, font_gap
from briefing.language import OTHER_LANGUAGES
from briefing.model import HEADLINE, OTHER_THEME, Article, Briefing, KeyPoint, Story
from briefing.text import clean_paragraph, iter_paragraphs

if TYPE_CHECKING:
    from briefing.config import Config

FORMATS = ("md", "html", "pdf", "json")
DEFAULT_ACCENT = "#1f4e79"
DEFAULT_MARKING_COLOUR = "#9b1c1c"
CITED_TITLE_CHARS = 90  # a citation shows this much of a title; the appendix a little more
LOGO_MAX_BYTES = 2_000_000  # a bigger "logo" is a mistake, and every copy would carry it


def builtin_templates_dir() -> Path:
    """`templates/` beside the package in a checkout; `briefing/templates/` when installed."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "briefing.md.j2").is_file():
            return candidate
    raise TemplateError("built-in templates not found (reinstall briefing)")


@dataclass(frozen=True)
class RenderOptions:
    """What the templates need besides the briefing itself (see `render_options`)."""

    timezone: str = "UTC"  # the zone times are shown in (a desk's own, if it has one)
    # the zone a date without a time was read in (briefing.timezone; "": `timezone`): a
    # report dated "2024-12-08" is midnight there (sources/dates.py), and of the 8th in
    # every zone it is shown in
    reading_timezone: str = ""
    organisation: str = ""
    marking: str = ""
    language: str = "en"
    show_evidence: bool = False
    templates_dir: Path | None = None
    accent_colour: str = DEFAULT_ACCENT
    marking_colour: str = DEFAULT_MARKING_COLOUR
    logo: str = ""  # a data: URL (the file is embedded, so the HTML stays standalone)
    page_size: str = "A4"


def render_options(config: Config, logo_key: str = "briefing.logo"
                   ) -> tuple[RenderOptions, list[str]]:
    """The render options a config asks for, and warnings about what could not be honoured.

    A missing or unreadable logo is a warning, not an error: the logo is decoration, and a
    scheduled morning briefing must not fail because a branding file moved. The warning
    names the key the logo came from (`logo_key`: a desk's own, when it has one).
    """
    warnings: list[str] = []
    logo = ""
    if config.briefing.logo:
        logo, problem = load_logo(config.resolve(config.briefing.logo))
        if problem:
            warnings.append(f"{logo_key}: {problem}; the briefing is built without a logo")
    options = RenderOptions(
        timezone=config.briefing.timezone,
        reading_timezone=config.briefing.timezone,
        organisation=config.briefing.organisation,
        marking=config.briefing.marking,
        language=config.briefing.language,
        show_evidence=config.themes.show_evidence,
        templates_dir=config.templates_dir,
        accent_colour=config.briefing.accent_colour,
        marking_colour=config.briefing.marking_colour,
        logo=logo,
        page_size=config.output.page_size,
    )
    return options, warnings


# --- colours and the logo --------------------------------------------------------------------


def _css_colour(value: str, fallback: str) -> str:
    """The colour as CSS, or the fallback when it is not one (options built by hand)."""
    return value if parse_colour(value) else fallback


def _tint(value: str, fallback: str, keep: float = 0.08) -> str:
    """A pale tint of the colour (keep parts colour, the rest white): panel backgrounds.

    Computed here because WeasyPrint has no color-mix(). The colour itself is text on the
    panel (the top lines' theme tags and links), so a colour that only just reads on white
    ("teal", 4.8:1) gets a paler tint, down to white, rather than 4.3:1 on the panel.
    """
    rgb = parse_colour(value) or parse_colour(fallback) or (0.0, 0.0, 0.0)
    steps = 8
    for step in range(steps, -1, -1):
        k = keep * step / steps
        tint = tuple(round((k * c + 1 - k) * 255) for c in rgb)  # as written in the CSS
        if contrast(rgb, tuple(c / 255 for c in tint)) >= MIN_CONTRAST:
            break
    return "#" + "".join(f"{c:02x}" for c in tint)


_LOGO_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def load_logo(path: Path) -> tuple[str, str | None]:
    """The logo as a data: URL, or ("", why not). PNG, JPEG and SVG are accepted."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "", f"{path} not found"
    except OSError as e:
        return "", f"{path}: cannot read ({e.strerror or e})"
    if len(data) > LOGO_MAX_BYTES:
        return "", f"{path} is larger than {LOGO_MAX_BYTES // 1_000_000} MB"
    mime = next((m for magic, m in _LOGO_TYPES if data.startswith(magic)), None)
    if mime is None and b"<svg" in data[:4096]:
        mime = "image/svg+xml"
    if mime is None:
        return "", f"{path} is not a PNG, JPEG or SVG image"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", None


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


_MD_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-=.!|>:])")


def md_unescape(text: str) -> str:
    """``md_escape`` undone, for a reader of plain text: its backslashes and entities."""
    text = _MD_UNESCAPE.sub(r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escape_line_start(m: re.Match[str]) -> str:
    """"- x", "+ x", "1. x": a list marker at the start of a line becomes plain text."""
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)


def md_anchor(value: Any) -> MarkdownSafe:
    """The fragment GitHub (and pymarkdown's MD051) gives a heading: lower case, spaces to
    hyphens, punctuation dropped. Only word characters and hyphens, so it is safe as is."""
    text = str(value or "").strip().lower()
    return MarkdownSafe(re.sub(r"[^\w\- ]", "", text).replace(" ", "-"))


_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


# Characters a URL never holds as they are (browsers percent-encode them before sending).
_NOT_IN_URLS = str.maketrans({" ": "%20", '"': "%22", "<": "%3C", ">": "%3E", "`": "%60"})


def safe_url(value: Any) -> str:
    """The URL if it is http(s), else "" (a javascript: or data: link is never emitted).

    One with a control character is refused too: `urlsplit` silently drops tabs and line
    breaks, but in the Markdown file a line break would end the link and let the rest of
    the "URL" be read as Markdown, a javascript: link included. Spaces, quotes and angle
    brackets come back percent-encoded, as a browser would send them, so no emitted link
    holds "<img" or a quote for any later reader of the HTML to stumble on.
    """
    url = str(value or "").strip()
    if _CONTROL_CHARACTER.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url.translate(_NOT_IN_URLS) if parts.scheme in ("http", "https") and parts.netloc else ""


def md_url(value: Any) -> MarkdownSafe:
    """A link target for Markdown: http(s) only, with the characters that end it encoded."""
    url = safe_url(value)
    for ch, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"),
                     ("[", "%5B"), ("]", "%5D")):
        url = url.replace(ch, code)
    return MarkdownSafe(url)


def host(value: Any) -> str:
    """The site of a link ("www.defense.gov"): what a reader of the printed page needs to
    find the source, without a full URL wrapping over three lines."""
    url = safe_url(value)
    return urlsplit(url).hostname or "" if url else ""


UNTITLED_WORDS = 12  # opening words that name an article without a title
# A line of a date alone ("March 18, 2015", "Wednesday, December 9, 2026", "2015-03-18"), as
# transcripts and newsletters open: it names no article, so a label reads on past it.
_DATE_LINE = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+"
    r"\d{4}|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+"
    r"\d{4}|\d{4}-\d{2}-\d{2})\.?"
)


def label(article: Article) -> str:
    """What a citation calls an article: its title; without one (a JSON Lines row, a
    headline-less page), the opening words of its cleaned text, else its link: never an
    empty citation."""
    return _label(article, {})


def _label(article: Article, openings: dict[str, str | None]) -> str:
    """`label`, with the opening words of the texts already read in `openings` (by text):
    a render cites an untitled article several times (its points, the appendix), and
    cleaning its text again for each was most of the time of rendering the Markdown and
    the HTML. One render's memo (`_context`), not a cache kept between builds: a kept one
    would hold on to article texts of up to `sources.max_article_bytes` each."""
    if article.title.strip():
        return article.title
    if article.text not in openings:
        openings[article.text] = _opening_words(article.text)
    opening = openings[article.text]
    return opening if opening is not None else article.url or "Untitled article"


@jinja2.pass_context
def _label_filter(context: jinja2.runtime.Context, article: Article) -> str:
    """The templates' `label` filter: `label`, with the render's memo when it has one."""
    openings = context.get("openings")
    return _label(article, openings if isinstance(openings, dict) else {})


def _opening_words(text: str) -> str | None:
    """The opening words of a text's first paragraph that is not a date line, as `label`
    shows them; None for a text with no words."""
    first = next((p for p in iter_paragraphs(text)
                  if not _DATE_LINE.fullmatch(clean_paragraph(p))), "")
    opening = clean_paragraph(first).split(maxsplit=UNTITLED_WORDS)
    if not opening:
        return None
    cut = len(opening) > UNTITLED_WORDS
    return " ".join(opening[:UNTITLED_WORDS]).rstrip(" ,;:.-") + ("…" if cut else "")


def clip(value: Any, limit: int = CITED_TITLE_CHARS) -> str:
    """At most `limit` characters, cut at a word and ended with "…": a 2,000-character
    title must not turn every citation into a paragraph."""
    text = " ".join(str(value or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:  # a word boundary near the end: cut there, not mid-word
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def text_direction(value: Any) -> str:
    """"rtl" when most of the text's strong characters are Arabic or Hebrew, else "ltr".

    Set as a `dir` attribute, so Arabic and Hebrew points read and align right to left in
    browsers and in WeasyPrint alike (`dir="auto"` is not supported by WeasyPrint). Most,
    not the first (HTML's `dir="auto"` rule): an English point that opens with a name in
    Arabic ("حزب الله, the Iran-backed group, said…") is English, and laid out right to
    left it put its bullet on the right and scrambled the citation after it in the PDF.
    """
    rtl = ltr = 0
    for ch in str(value or ""):
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return "rtl" if rtl > ltr else "ltr"


def dir_attribute(value: Any) -> Markup:
    """` dir="rtl"` for right-to-left text, else nothing: the attribute only where needed."""
    return Markup(' dir="rtl"') if text_direction(value) == "rtl" else Markup("")


def css_string(value: Any) -> Markup:
    """The text as a quoted CSS string, every character but letters, digits and spaces
    escaped (`\\26 ` for "&"), so nothing in it can end the string or the <style>."""
    text = " ".join(str(value or "").split())
    return Markup('"' + "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ")
                                else f"\\{ord(ch):x} " for ch in text) + '"')


# --- environments ----------------------------------------------------------------------


def _search_path(options: RenderOptions) -> list[str]:
    paths = [str(options.templates_dir)] if options.templates_dir else []
    return [*paths, str(builtin_templates_dir())]


# Kept, one per (options, kind): a fresh environment compiled its template again for each
# render (about 0.07 s each, three or four a build: Markdown, HTML, the PDF's HTML, the
# archive's index). A kept one still reads a template file again once it changed (Jinja's
# auto_reload compares its modification time), so an edited user template is seen.
@lru_cache(maxsize=16)
def _environment(options: RenderOptions, kind: str) -> jinja2.Environment:
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
            if as_read.time() == time():
                value = as_read.date()
            elif with_time and (value_local.hour, value_local.minute) != (0, 0):
                zone = value_local.tzname() or ""
                return f"{value_local.day} {value_local:%b %Y, %H:%M} {zone}".strip()
            else:
                value = value_local.date()
        if short:  # no-break spaces: "8 Dec 2024" never splits over two lines
            return f"{value.day}\u00a0{value:%b}\u00a0{value.year}"
        return f"{value.day} {value:%B %Y}"

    def longdate(value: date) -> str:
        return f"{value:%A} {value.day} {value:%B %Y}"

    def built(value: datetime, day: date) -> str:
        """When an edition of `day` was built: "07:05" that day, else with its date."""
        at = local(value)
        return f"{at:%H:%M}" if at.date() == day else f"{at.day} {at:%b %Y, %H:%M}"

    loader = jinja2.FileSystemLoader(_search_path(options))
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
    env.filters.update(when=when, longdate=longdate, built=built, clip=clip, label=_label_filter,
                       dirattr=dir_attribute, host=host)
    env.globals["options"] = options
    env.globals["colours"] = {
        "accent": _css_colour(options.accent_colour, DEFAULT_ACCENT),
        "accent_tint": _tint(options.accent_colour, DEFAULT_ACCENT),
        "marking": _css_colour(options.marking_colour, DEFAULT_MARKING_COLOUR),
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
    except jinja2.TemplateNotFound as e:
        raise TemplateError(f"template {e.name} not found") from None
    except Exception as e:  # a user's template can fail at run time in any way
        where = _template_frame(e, search) or f"template {name}"
        message = getattr(e, "message", None) or str(e) or type(e).__name__
        raise TemplateError(f"{where}: {message}") from None


def _render(options: RenderOptions, kind: str, name: str, **context: Any) -> str:
    return render_template(_environment(options, kind), name, _search_path(options), **context)


UNCITED_LISTED = 40  # articles left out by the caps that the appendix still names one by one
ALSO_REPORTED_LISTED = 3  # other outlets a point names; the rest are counted
ALSO_IN_THE_NEWS_LISTED = 5  # headlines an "Also in the news" line names; the rest are counted


def _context(briefing: Briefing, link_kind: str = "html") -> dict[str, Any]:
    """What every briefing template sees besides `briefing` and `options`.

    `number` gives each article its place in the sources appendix, so a point can cite
    "[3]"; `cited` is what the sections and top lines show, so the appendix can say which
    articles were left out by the per-section cap. `link_kind` is the format a link to
    another briefing opens ("html", or "pdf" in the PDF); `story_anchor` gives a followed
    story its stable anchor ("story-<id>") where it is first shown.
    """
    articles = {a.id: a for a in briefing.articles}
    openings: dict[str, str | None] = {}  # this render's memo of untitled articles' labels
    labels = {s.theme: s.title for s in briefing.sections}
    briefed = {**dict(briefing.themes), **labels}
    shown = [p for s in briefing.sections for st in s.stories for p in st.key_points]
    # A point cites its article and names the first few others that tell its fact; those it
    # only counts ("and 30 more") are not cited, or a wire story in 40 papers would fill
    # pages of the appendix.
    cited = {i for p in [*shown, *briefing.top_lines]
             for i in (p.article_id, *p.also_reported_by[:ALSO_REPORTED_LISTED])}
    # The appendix lists every cited article, then the first few left out by the caps one
    # short line each; the rest only as counts by outlet, so 10,000 articles stay readable.
    # The stories the caps left out come first, each section's next one in turn (a long
    # section does not crowd out the rest), named with their section: a section's "N more
    # stories in this theme" leads to them, not to whichever articles arrived first.
    left_out_in: dict[str, str] = {}  # article id -> the section that left its story out
    queues = [[(i, s.title) for i in s.omitted_articles] for s in briefing.sections]
    for turn in zip_longest(*queues):
        for item in turn:
            if item and item[0] in articles and item[0] not in cited:
                left_out_in.setdefault(*item)
    uncited = ([articles[i] for i in left_out_in]
               + [a for a in briefing.articles if a.id not in cited and a.id not in left_out_in])
    appendix = [a for a in briefing.articles if a.id in cited] + uncited[:UNCITED_LISTED]
    listed = {a.id for a in appendix}
    # how many of each section's left-out stories the appendix names (in full, if its
    # article is cited for another point), for "N more stories in this theme: K of them"
    omitted_listed = {s.theme: sum(i in listed for i in dict.fromkeys(s.omitted_articles))
                      for s in briefing.sections}
    left_out_in = {i: title for i, title in left_out_in.items() if i in listed}
    rest = uncited[UNCITED_LISTED:]
    by_outlet: Counter[str] = Counter(a.source or "unnamed source" for a in rest)
    unlisted = by_outlet.most_common()
    number = {a.id: i for i, a in enumerate(appendix, start=1)}
    counts = briefing.counts  # the numbers the build's line and the email subject give too
    # the reports' own dates: a first briefing, or one after a break, covers more than a day
    dates = sorted(a.published for a in briefing.articles if a.published)

    first_shown: dict[str, str] = {}  # story id -> the section that shows it first
    for section in briefing.sections:
        for story in section.stories:
            if story.follow:
                first_shown.setdefault(story.follow.story_id, section.theme)

    def story_anchor(story: Story, section: str) -> str:
        """"story-<id>" for a followed story in the first section that shows it: one id
        per document, the same in every briefing, so earlier and later ones link to it."""
        mark = story.follow
        return f"story-{mark.story_id}" if mark and first_shown[mark.story_id] == section else ""

    since_title = ""
    if briefing.since:
        previous = briefing.since.previous
        since_title = ("Since yesterday" if (briefing.date - previous).days == 1
                       else f"Since {previous.day} {previous:%B %Y}")

    # where each point's story is shown: the section a top line sends its reader to
    placed: dict[tuple[str, int], str] = {}
    placed_article: dict[str, str] = {}
    for section in briefing.sections:
        for story in section.stories:
            for p in story.key_points:
                placed.setdefault((p.article_id, p.position), section.theme)
            for a in story.articles:
                placed_article.setdefault(a.id, section.theme)

    def point_anchor(point: KeyPoint, section: str) -> str:
        """"point-<source number>-<position>" for a point of the body, in the first
        section that shows it (one id per document): where its top line links to."""
        key = (point.article_id, point.position)
        if placed.get(key) != section or point.article_id not in number:
            return ""
        return f"point-{number[point.article_id]}-{'h' if point.position < 0 else point.position}"

    def top_line_href(point: KeyPoint) -> str:
        """Where a top line sends its reader: its point in the body, else the section that
        shows its story (the top line may tell the fact in another outlet's words)."""
        section = placed.get((point.article_id, point.position))
        if section:
            return "#" + point_anchor(point, section)
        section = placed_article.get(point.article_id, "")
        return f"#theme-{section}" if section else ""

    def top_line_theme(point: KeyPoint) -> str:
        """The label a top line carries: the theme of the section its story is under (a
        story is shown whole under one theme, and its points need not be about that theme
        themselves), else the point's own first theme; "" for none."""
        theme = (placed.get((point.article_id, point.position))
                 or placed_article.get(point.article_id)
                 or (point.themes[0].theme if point.themes else ""))
        return briefed.get(theme, "") if theme != OTHER_THEME else ""

    def other_themes(point: KeyPoint, shown_under: str) -> list[str]:
        """The labels of a point's other briefed themes, besides the section it is under."""
        return [briefed[t.theme] for t in point.themes
                if t.theme != shown_under and t.theme in briefed]

    def also_reported(point: KeyPoint) -> tuple[list[tuple[str, int]], int]:
        """(outlet, appendix number) of the first few other articles that tell the point's
        fact, and how many more do: a wire story in 40 papers stays one line. An article of
        no named outlet is named by its site, or by its number alone: its title would read
        as an outlet's name."""
        named = [articles[i] for i in point.also_reported_by[:ALSO_REPORTED_LISTED]
                 if i in articles]
        more = len(point.also_reported_by) - len(named)
        return [(a.source or host(a.url), number[a.id]) for a in named], more

    def more_points(story: Story) -> str:
        """The line under a story whose points were not all shown (compose.points_per_story):
        the reader knows it holds more, and its citations say where."""
        n, reports = story.more_points, len(story.articles)
        return (f"{n} more {'point' if n == 1 else 'points'} in this story's "
                f"{'report' if reports == 1 else 'reports'}.")

    def link_text(point: KeyPoint, article: Article) -> str:
        """What a point's citation links: the article's label, or its site when the point
        is the headline itself (repeating it would say the same line twice)."""
        if point.position == HEADLINE:
            return host(article.url) or article.source or _label(article, openings)
        return _label(article, openings)

    return {"briefing": briefing, "articles": articles, "number": number, "openings": openings,
            "left_out_text": left_out_text(briefing),
            "link_text": link_text, "more_points": more_points,
            "theme_labels": briefed, "cited": cited, "counts": counts,
            # the names templates written before `counts` use
            "point_count": counts.key_points, "theme_count": counts.themes,
            "reports_span": (dates[0], dates[-1]) if dates else (),
            "other_themes": other_themes, "also_reported": also_reported,
            "top_line_theme": top_line_theme, "top_line_href": top_line_href,
            "point_anchor": point_anchor,
            "appendix": appendix, "unlisted": unlisted,
            "left_out_in": left_out_in, "omitted_listed": omitted_listed,
            "unlisted_count": sum(by_outlet.values()),
            "story_anchor": story_anchor, "link_kind": link_kind, "since_title": since_title,
            "also_listed": ALSO_IN_THE_NEWS_LISTED}


def left_out_text(briefing: Briefing) -> str:
    """How many articles the briefing leaves out, and why, for its header: "12 articles on
    other subjects", "12 articles on other subjects and 3 in other languages" ("" for none)."""
    foreign = sum(kind == OTHER_LANGUAGES[0] for _, kind in briefing.left_out)
    why = [(n, where) for n, where in ((len(briefing.left_out) - foreign, "on other subjects"),
                                       (foreign, "in other languages")) if n]
    return " and ".join(f"{n} {'article' if n == 1 else 'articles'} {where}" if i == 0
                        else f"{n} {where}" for i, (n, where) in enumerate(why))


def _as_shown(briefing: Briefing) -> Briefing:
    """The briefing as the Markdown and HTML (so the PDF and the email) show it: an
    article whose URL may not be a link (`Article.link_refused`: a private host found
    inside a source) is shown without it, cited by its title as a javascript: link is.
    Done on the data, not in the templates, so a user's own template cannot print it.
    briefing.json keeps the URL, with why it is no link."""
    def shown(a: Article) -> Article:
        return replace(a, url="") if a.link_refused else a

    if not any(a.link_refused for a in briefing.articles):
        return briefing
    sections = tuple(
        replace(section, stories=tuple(
            replace(story, articles=tuple(map(shown, story.articles)))
            for story in section.stories))
        for section in briefing.sections)
    also = tuple(replace(kind, articles=tuple(map(shown, kind.articles)))
                 for kind in briefing.also_in_the_news)
    return replace(briefing, articles=tuple(map(shown, briefing.articles)),
                   sections=sections, also_in_the_news=also)


def render_markdown(briefing: Briefing, options: RenderOptions) -> str:
    return _render(options, "md", "briefing.md.j2", **_context(_as_shown(briefing)))


def render_html(briefing: Briefing, options: RenderOptions, *, for_pdf: bool = False) -> str:
    """The HTML briefing; `for_pdf`: the PDF's source, whose links to other briefings open
    their PDF, not their HTML."""
    return _render(options, "html", "briefing.html.j2",
                   **_context(_as_shown(briefing), "pdf" if for_pdf else "html"))


def links_other_briefings(briefing: Briefing) -> bool:
    """Whether the briefing links to another briefing's entries (stories followed)."""
    marks = [st.follow for s in briefing.sections for st in s.stories if st.follow]
    return (any(m.first_href for m in marks) or bool(briefing.since and briefing.since.quiet)
            or bool(briefing.earlier_editions))


def render_pdf(html: str, options: RenderOptions) -> bytes:
    """WeasyPrint, offline: only local files and data: URLs may be fetched.

    PDF/UA-1 gives a tagged PDF (structure tree, /Lang, document title shown); bookmarks
    come from the headings (`bookmark-level` in the stylesheet decides which).
    """
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"})  # never the network
    # no base URL: a link to an earlier briefing ("../2024-12-08/briefing.pdf#story-…")
    # stays relative, so it works wherever the archive is copied (a base would make it an
    # absolute file: URL of this machine); the stylesheet and logo are inline anyway
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None)
    # no custom_metadata: it would copy every <meta>, "viewport" included, into the PDF
    return document.write_pdf(pdf_variant="pdf/ua-1")


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def briefing_data(briefing: Briefing) -> dict[str, Any]:
    """What briefing.json holds: the briefing's dataclasses as they are, except that an
    article's text is never copied in.

    Each article is listed once, in `articles`, with its id, title, source, url, published
    and path but not its text; a story names its articles by id (`article_ids`), and every
    key point by `article_id` and `position` (its sentence's index in the article's cleaned
    text, -1 for a headline). So a reader still goes from any line to its source, and a
    long article is not written once per section its story appears in (a 50 MB article
    made a 251 MB briefing.json).
    """
    data = asdict(briefing)
    for article in data["articles"]:
        del article["text"]
    for section in data["sections"]:
        section["stories"] = [
            {("article_ids" if key == "articles" else key):
             ([a["id"] for a in value] if key == "articles" else value)
             for key, value in story.items()}
            for story in section["stories"]
        ]
    return data


def render_json(briefing: Briefing) -> str:
    """briefing.json: the Briefing without article texts (`briefing_data`), with its counts
    (what the email's subject and the archive index show are read from there, not counted
    again)."""
    data = {**briefing_data(briefing), "counts": asdict(briefing.counts)}
    return json.dumps(data, default=_json_default, ensure_ascii=False, indent=2)


def counts_of(data: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(theme id, section title, key points) per section, from a briefing.json's counts.

    A briefing.json written before the counts were stored has none: its sections' points
    are counted as `Briefing.counts` would count them."""
    stored = data.get("counts")
    if isinstance(stored, dict):
        return [(str(s["theme"]), str(s["title"]), int(s["key_points"]))
                for s in stored.get("sections", ())]
    return [(str(s.get("theme", "")), str(s["title"]),
             sum(len(st["key_points"]) for st in s["stories"]))
            for s in data.get("sections", ())]


# --- the archive ------------------------------------------------------------------------


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


_DAY_FOLDER = re.compile(r"\d{4}-\d{2}-\d{2}")
_EDITION_FOLDER = re.compile(r"\.?edition-\d+(\.partial)?")


def archive_entries(out_dir: Path) -> list[ArchiveEntry]:
    """Every briefing under `out_dir`, newest first, read from `<date>/briefing.json`;
    each date's desks (`<date>/<desk>/briefing.json`) follow its whole-day briefing.

    A folder with only some formats (say `--format md`) is listed with what it has; an
    unreadable briefing.json is listed without counts rather than breaking the index.
    """
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
            entry = _archive_entry(day, place, link, desk)
            if entry is not None:
                entries.append(replace(entry, editions=_kept_editions(day, place, link, desk)))
    return sorted(entries, key=lambda e: (-e.day.toordinal(), e.desk))


def _kept_editions(day: date, folder: Path, link: str, desk: str) -> tuple[ArchiveEntry, ...]:
    """The earlier editions kept in `folder` (edition-<n>/, see `ingest.keep_edition`),
    by number, each with when it was built: its briefing.json's `generated_at`, else the
    time its files were written (kept with them when they were moved)."""
    kept = []
    for place in folder.glob("edition-*"):
        if not (place.is_dir() and place.name[8:].isdigit()):
            continue
        entry = _archive_entry(day, place, f"{link}{place.name}/", desk)
        if entry is None:
            continue
        built = None
        try:
            data = json.loads((place / "briefing.json").read_text(encoding="utf-8"))
            built = datetime.fromisoformat(data["generated_at"])
        except (OSError, ValueError, KeyError, TypeError):
            times = [(place / f"briefing.{kind}").stat().st_mtime for kind, _ in entry.files]
            built = datetime.fromtimestamp(max(times), UTC) if times else None
        if built is not None and built.tzinfo is None:
            built = None  # a time of no zone cannot be shown in the reader's
        kept.append(replace(entry, edition=int(place.name[8:]), built=built))
    return tuple(sorted(kept, key=lambda e: e.edition))


def _archive_entry(day: date, folder: Path, link: str, desk: str) -> ArchiveEntry | None:
    files = tuple((kind, f"{link}briefing.{kind}") for kind in ("pdf", "html", "md")
                  if (folder / f"briefing.{kind}").is_file())
    title, counts, articles, note = "", (), 0, ""
    try:
        data = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
        title = str(data.get("title", ""))
        counts = tuple((section, n) for _, section, n in counts_of(data))
        articles = len(data.get("articles", ()))
    except FileNotFoundError:
        note = "no briefing.json (built without the json format)"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        note = "briefing.json unreadable"
    if not (files or counts or title) or (desk and not files and not title):
        return None
    return ArchiveEntry(day, title, counts, articles, files, note, desk)


def render_archive_index(entries: Sequence[ArchiveEntry], options: RenderOptions) -> str:
    return _render(options, "html", "index.html.j2", entries=entries)


def write_archive_index(out_dir: Path, options: RenderOptions) -> Path:
    """Rebuild `<out_dir>/index.html`, the list of every briefing built; returns its path."""
    path = out_dir / "index.html"
    write_atomic(path, render_archive_index(archive_entries(out_dir), options))
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


# --- writing -------------------------------------------------------------------------


def render_all(
    briefing: Briefing, formats: Sequence[str], options: RenderOptions, *,
    font_gaps: list[FontGap] | None = None, fonts: InstalledFonts | None = None,
) -> dict[str, bytes]:
    """Every requested format, rendered in memory first: a failure writes nothing.

    `font_gaps`, when given, gets what the PDF's text has that no installed font draws
    (WeasyPrint prints it as empty boxes without a word): the caller, which knows the
    file's name, warns. `fonts`: what is installed, shared by a build's editions (asked
    afresh when not given).
    """
    out: dict[str, bytes] = {}
    html = None
    if "md" in formats:
        out["md"] = render_markdown(briefing, options).encode("utf-8")
    if "html" in formats or "pdf" in formats:
        html = render_html(briefing, options)
        if "html" in formats:
            out["html"] = html.encode("utf-8")
    if "pdf" in formats and html is not None:
        if links_other_briefings(briefing):  # the PDF links to the earlier PDFs
            html = render_html(briefing, options, for_pdf=True)
        out["pdf"] = render_pdf(html, options)
        if font_gaps is not None and (gap := font_gap(html, fonts or InstalledFonts())) is not None:
            font_gaps.append(gap)
    if "json" in formats:
        out["json"] = render_json(briefing).encode("utf-8")
    return out
