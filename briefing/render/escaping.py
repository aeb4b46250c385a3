"""Escaping and the template filters for article text: the security boundary.

Article text is untrusted. Everything that prints it into a briefing goes through this
module, so it can never inject markup, a link, CSS or template code: in Markdown every
expression is escaped (`md_escape`, Jinja's `finalize`) and a template has to ask for raw
output explicitly (`|md_url`); in HTML it is autoescaped, a link is http(s) only
(`safe_url`) and text put into CSS is a quoted, escaped string (`css_string`). Jinja never
evaluates the *values* it prints, so `{{ 7*7 }}` in an article stays text.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from briefing.model import Article
from briefing.text import clean_paragraph, iter_paragraphs

CITED_TITLE_CHARS = 90  # a citation shows this much of a title; the appendix a little more


class MarkdownSafe(str):
    """Text a Markdown template may print as is (already escaped or built by us)."""


# Backslash escapes that CommonMark and Python-Markdown both honour; < > & become entities
# (Python-Markdown has no backslash escape for "<"), and so does "~" (none for it either),
# which opens a fenced code block ("~~~") in CommonMark and strikes text through in GitHub's.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]!#])")
_MD_ENTITIES = (("<", "&lt;"), (">", "&gt;"), ("~", "&#126;"))
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
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&#126;", "~")
            .replace("&amp;", "&"))


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


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _invisible_encoded(url: str) -> str:
    """`url` with the characters drawn as nothing (Unicode's format characters: bidi
    overrides and isolates, zero-width spaces and joiners, the BOM) percent-encoded, as a
    browser sends them, so the link goes where it went. Printed as they are, an override
    reverses what follows it on the line: in the Markdown and the email's text part, where
    the URL is what the reader sees, "https://evil.example/" + U+202E + "gro.knab//:sptth"
    read as ending in "https://bank.org"."""
    return _NON_ASCII.sub(lambda m: "".join(f"%{byte:02X}" for byte in m[0].encode("utf-8"))
                          if unicodedata.category(m[0]) == "Cf" else m[0], url)


def safe_url(value: Any) -> str:
    """The URL if it is http(s), else "" (a javascript: or data: link is never emitted).

    One with a control character is refused too: `urlsplit` silently drops tabs and line
    breaks, but in the Markdown file a line break would end the link and let the rest of
    the "URL" be read as Markdown, a javascript: link included. Spaces, quotes and angle
    brackets come back percent-encoded, as a browser would send them, so no emitted link
    holds "<img" or a quote for any later reader of the HTML to stumble on; so do the
    characters drawn as nothing (bidi overrides, zero-width spaces), so no printed URL
    reads other than it is.
    """
    url = str(value or "").strip()
    if _CONTROL_CHARACTER.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return _invisible_encoded(url.translate(_NOT_IN_URLS))


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
    return label_with_openings(article, {})


def label_with_openings(article: Article, openings: dict[str, str | None]) -> str:
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
def label_filter(context: jinja2.runtime.Context, article: Article) -> str:
    """The templates' `label` filter: `label`, with the render's memo when it has one."""
    openings = context.get("openings")
    return label_with_openings(article, openings if isinstance(openings, dict) else {})


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
