"""The digest email, made from a briefing's rendered files (out/<date>/).

The message is built from the files a build wrote, never from articles: the Markdown is
already escaped and the HTML already autoescaped, so article text stays text here too.

    multipart/mixed
      multipart/alternative
        text/plain   email.txt.j2 around the briefing's Markdown
        text/html    email.html.j2 around the briefing's HTML, CSS inlined (css-inline)
          (with a logo: multipart/related, the text/html then its image/*, by cid:)
      application/pdf  the briefing's PDF

The HTML part is self-contained and inert: no stylesheet links, no remote images, fonts
or CSS url()s (mail clients block them, and fetching them would tell a tracker who read
the briefing), no scripts or event handlers. `sanitize.py` sees to that on the parsed
document; nothing here searches HTML as text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email import utils
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

import jinja2
import lxml.html
from markupsafe import Markup, escape

from briefing.config import ascii_domain
from briefing.deliver.compact import compact_html
from briefing.deliver.sanitize import safe_stylesheet, sanitize_document
from briefing.errors import TemplateError
from briefing.model import OTHER_THEME
from briefing.render import FORMATS as NEEDED  # a digest needs every format a build writes
from briefing.render import counts_of, md_unescape


@dataclass(frozen=True)
class BriefingFiles:
    """What a build wrote for one date, read back for mailing."""

    day: date
    folder: Path
    markdown: str
    html: str
    pdf: bytes
    data: dict[str, Any]  # briefing.json
    desk: str = ""  # the desk's id (out/<date>/<desk>/); "" for the whole day

    @staticmethod
    def missing(folder: Path) -> list[str]:
        return [kind for kind in NEEDED if not (folder / f"briefing.{kind}").is_file()]

    @classmethod
    def read(cls, folder: Path, day: date, desk: str = "") -> BriefingFiles:
        return cls(
            day=day,
            folder=folder,
            markdown=(folder / "briefing.md").read_text(encoding="utf-8"),
            html=(folder / "briefing.html").read_text(encoding="utf-8"),
            pdf=(folder / "briefing.pdf").read_bytes(),
            data=json.loads((folder / "briefing.json").read_text(encoding="utf-8")),
            desk=desk,
        )

    @property
    def pdf_name(self) -> str:
        """briefing-2024-12-08.pdf; a desk's: briefing-syria-2024-12-08.pdf."""
        return f"briefing-{self.desk + '-' if self.desk else ''}{self.day.isoformat()}.pdf"

    @property
    def is_empty(self) -> bool:
        return not self.data.get("sections")


@dataclass(frozen=True)
class Bodies:
    """The parts every recipient gets: rendered and inlined once per send."""

    subject: str
    text: str
    html: str
    pdf: bytes
    pdf_name: str
    more_pdfs: tuple[tuple[str, bytes], ...] = ()  # (name, PDF): the other desks' of a
    # combined email (email.combine_desks)
    images: tuple[InlineImage, ...] = ()  # what the HTML shows by cid: (the logo)


@dataclass(frozen=True)
class InlineImage:
    """An image of the HTML part, sent as a part of its own (multipart/related)."""

    cid: str  # the Content-ID without its angle brackets; the HTML says "cid:" + this
    subtype: str  # image/<subtype>
    data: bytes


_DATA_IMAGE = re.compile(r"data:image/([a-z0-9.+-]+)((?:;[^;,]*)*),(.*)", re.I | re.S)


def _data_image(src: str) -> tuple[str, bytes] | None:
    """(subtype, bytes) of a data:image/... URL, or None if it is not one we can decode."""
    found = _DATA_IMAGE.fullmatch("".join(src.split()))
    if not found:
        return None
    subtype, params, payload = found[1].lower(), found[2].lower(), found[3]
    if ";base64" not in params:
        return subtype, unquote_to_bytes(payload)
    try:
        return subtype, base64.b64decode(payload, validate=True)
    except ValueError:
        return None


def images_as_parts(html: str) -> tuple[str, tuple[InlineImage, ...]]:
    """The HTML with each data: image (the logo) shown by cid:, and those images.

    The HTML briefing carries its logo as a data: URL so that it stays standalone, but
    Gmail and Outlook on the web show no data: image (the header had a broken image), and
    a logo of a few hundred KB inside the HTML pushes the briefing past the 102 KB at
    which Gmail clips a message. A cid: image every client shows. One part per distinct
    image: a combined email's desks that share a logo send it once."""
    document = lxml.html.document_fromstring(html)
    images: dict[str, InlineImage] = {}
    for img in document.iter("img"):
        decoded = _data_image(img.get("src") or "")
        if decoded is None:
            continue
        subtype, data = decoded
        cid = f"{hashlib.sha256(data).hexdigest()[:16]}.image@briefing"
        images.setdefault(cid, InlineImage(cid, subtype, data))
        img.set("src", f"cid:{cid}")
    if not images:
        return html, ()
    return (lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>"),
            tuple(images.values()))


def short_date(day: date) -> str:
    """8 Dec 2024: unambiguous in every locale, short enough for a subject line."""
    return f"{day.day} {day:%b %Y}"


def section_counts(data: dict[str, Any]) -> str:
    """ "6 military, 4 diplomacy, 2 watch list": key points per section, largest first (ties
    keep order), the numbers the briefing's contents give (`Briefing.counts`, stored in
    briefing.json). A theme's section is named by its id; the section of points with no
    theme of the briefing's (OTHER_THEME) by its title, which says what it holds: "Other
    developments" on the whole day, "Watch list" on a desk (briefing/desks/)."""
    ranked = sorted(((n, theme if theme != OTHER_THEME else title.lower())
                     for theme, title, n in counts_of(data)), key=lambda c: -c[0])
    return ", ".join(f"{n} {name}" for n, name in ranked if n) or _nothing(data)


def _nothing(data: dict[str, Any]) -> str:
    """The counts of a briefing with no points: "nothing to brief" when news came in, all
    of it left out (sport, culture...), as its body says; "no new items" when none came:
    that one reads as a quiet feed or an outage."""
    return "nothing to brief" if data.get("left_out") else "no new items"


SUBJECT_COUNTS_CHARS = 120  # a combined email's {counts}: mail clients show some 70


def desk_counts(desks: Sequence[tuple[str, dict[str, Any]]]) -> str:
    """A combined email's {counts}: each desk (title, briefing.json data) with its section
    counts ("Defence: 6 military, 4 diplomacy; Economy: 5 economy"); past
    SUBJECT_COUNTS_CHARS, each desk's points ("Defence: 10 points"); past that too, the
    desks that fit and "and 3 more desks". One person on six desks had a subject of 430
    characters, of which the inbox showed the first desk's."""
    full = "; ".join(f"{title}: {section_counts(data)}" for title, data in desks)
    if len(full) <= SUBJECT_COUNTS_CHARS:
        return full
    totals = [f"{title}: {_points(data)}" for title, data in desks]
    if len("; ".join(totals)) <= SUBJECT_COUNTS_CHARS:
        return "; ".join(totals)
    for shown in range(len(totals) - 1, 0, -1):
        said = "; ".join(totals[:shown]) + f"; and {len(totals) - shown} more desks"
        if len(said) <= SUBJECT_COUNTS_CHARS:
            return said
    return f"{len(totals)} desks"


def _points(data: dict[str, Any]) -> str:
    n = sum(count for _, _, count in counts_of(data))
    return f"{n} point" if n == 1 else f"{n} points" if n else _nothing(data)


def subject_line(template: str, files: BriefingFiles, title: str) -> str:
    # config refused any template but plain fields at load (config.subject_problem), so
    # this cannot fail, whatever the title or the counts
    text = template.format(
        title=title,
        date=short_date(files.day),
        counts=section_counts(files.data),
        articles=_article_count(files.data),
    )
    return " ".join(text.split())  # one line, whatever the template held


def _article_count(data: dict[str, Any]) -> int:
    stored = data.get("counts")
    return int(stored["articles"]) if isinstance(stored, dict) else len(data.get("articles", ()))


# --- the bodies ----------------------------------------------------------------------

# A link the template wrote: [text](https://...) to a source, or [text](#anchor) within the
# briefing (the contents). Brackets from article text are escaped, so never match.
_MD_LINK = re.compile(
    r"(?<!\\)\[((?:[^\]\\]|\\.)*)(?<!\\)\]\((?:(https?://[^)\s]+)|#[\w-]*)\)")


def markdown_to_text(markdown: str) -> str:
    """The briefing's Markdown as a reader of a text/plain part should see it.

    A text/plain part is never interpreted, so the Markdown's escapes (which only stop
    a Markdown renderer from reading article text as markup) would show as clutter:
    `\\!`, `&lt;`. Links the template wrote become "title <url>", and links within the
    briefing (the contents' "[Diplomacy](#diplomacy)") their text alone, since a plain-text
    part has nowhere to jump to; then the escapes and the entities md_escape makes (`&lt;`,
    `&gt;`, `&#126;`, `&amp;`) are undone.
    """
    def plain(link: re.Match[str]) -> str:
        return f"{link[1]} <{link[2]}>" if link[2] else link[1]

    return md_unescape(_MD_LINK.sub(plain, markdown))


PLAIN_WIDTH = 76  # a plain-text reader's 80 columns, with room for one level of "> " quoting

# What starts a line and indents its wrapped continuation: "- " and "12. " (list items),
# "> " (a quote, repeated on each line), "## " (a heading).
_LINE_START = re.compile(r"(\s*)(?:([-*+] |\d+\. |#+ )|(> ))?")


# A date, or a date and time, as the briefing prints them ("14 December 2024", "5 Dec
# 2026, 04:17 UTC"): folded as one word, never "16" above "December 2024".
_DATE = re.compile(r"\b\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* "
                   r"\d{4}\b(?:, \d{2}:\d{2}(?: [A-Z][A-Za-z0-9:+-]*)?)?")
_KEEP = "\x00"  # stands for a date's spaces while a line is folded


# Characters a line may break before or after, as Chinese, Japanese and Korean text breaks
# (Unicode's line-breaking class ID): ideographs, kana, Hangul syllables. Fullwidth digits
# and letters are not among them: "３００，０００" is one number.
_IDEOGRAPHIC = re.compile("[\u2e80-\u2fff\u3005-\u3007\u3040-\u30ff\u3130-\u318f"
                          "\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af"
                          "\uf900-\ufaff\U00020000-\U0003ffff]")
_NO_BREAK_BEFORE = set("、。，．・：；？！）」』】〕〉》〙〗ー々〜ゝゞヽヾ%)]}.,;:!?’”")
_NO_BREAK_AFTER = set("（「『【〔〈《〘〖([{‘“")


def _columns(text: str) -> int:
    """The columns `text` takes in a monospaced reader: two for a wide character (CJK,
    fullwidth forms, most emoji), none for a combining mark."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c)
               else 1 for c in text)


def _pieces(body: str) -> list[tuple[str, str]]:
    """`body` as (what goes before it, piece) in the order written: its words, with the
    space before each, and a word of CJK text cut between its ideographs (with nothing
    before each part), never before a closing mark or after an opening one."""
    pieces: list[tuple[str, str]] = []
    for n, word in enumerate(body.split(" ")):
        space = " " if n else ""
        if not _IDEOGRAPHIC.search(word):
            pieces.append((space, word))
            continue
        part = ""
        for c in word:
            if (part and (_IDEOGRAPHIC.match(c) or _IDEOGRAPHIC.match(part[-1]))
                    and c not in _NO_BREAK_BEFORE and part[-1] not in _NO_BREAK_AFTER):
                pieces.append((space, part))
                space, part = "", c
            else:
                part += c
        pieces.append((space, part))
    return pieces


def _fold_wide(body: str, width: int, first: str, rest: str) -> str:
    """`body` folded by columns (`_columns`) as `textwrap.fill` folds by characters, for a
    line with CJK text: at a space, or between two ideographs (`_pieces`)."""
    rows: list[str] = []
    row, used = first, _columns(first)
    started = False  # the row holds a piece of `body`
    for space, piece in _pieces(body):
        if not piece:
            continue
        size = _columns(piece)
        if started and used + len(space) + size > width:
            rows.append(row.rstrip())
            row, used = rest + piece, _columns(rest) + size
        else:
            gap = space if started else ""
            row, used = row + gap + piece, used + len(gap) + size
        started = True
    rows.append(row.rstrip())
    return "\n".join(rows)


def wrap_plain(text: str, width: int = PLAIN_WIDTH) -> str:
    """Long lines folded at spaces within `width` columns, for the text/plain part.

    A plain-text client shows each line as it is, and a key point with its citation is
    one line of hundreds of characters. A list item's next lines are indented under its
    text; a word longer than the line (a URL) is never cut, so it stays whole and
    clickable. Lines that fit are left exactly as they are. A Chinese, Japanese or Korean
    character takes two columns, and such text, written without spaces, may also break
    between two of its ideographs: a headline of 50 ideographs is 100 columns.
    """
    out = []
    for line in text.split("\n"):
        if _columns(line) <= width:
            out.append(line)
            continue
        start = _LINE_START.match(line)
        lead, marker, quote = start[1], start[2] or "", start[3] or ""
        body = line[start.end():]
        keep = _KEEP not in body
        if keep:
            body = _DATE.sub(lambda d: d[0].replace(" ", _KEEP), body)
        first, rest = lead + marker + quote, lead + (quote or " " * len(marker))
        if body.isascii() or len(body) == _columns(body):
            folded = textwrap.fill(body, width, initial_indent=first, subsequent_indent=rest,
                                   break_long_words=False, break_on_hyphens=False)
        else:
            folded = _fold_wide(body, width, first, rest)
        out.append(folded.replace(_KEEP, " ") if keep else folded)
    return "\n".join(out)


def _render(templates_dir: Path | None, name: str, **context: Any) -> str:
    """An email template, a user's folder first; failures are one-line TemplateErrors."""
    from briefing.render import TemplateLoader, builtin_templates_dir, render_template

    search = [*([str(templates_dir)] if templates_dir else []), str(builtin_templates_dir())]
    env = jinja2.Environment(
        loader=TemplateLoader(search),
        autoescape=name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return render_template(env, name, search, **context)


def briefing_parts(html: str) -> tuple[Markup, Markup, str]:
    """The stylesheet, the body's content and the language of the rendered briefing.html.

    Taken from the parsed document and serialized again by lxml, so each is whole
    elements and text: what the template autoescaped stays escaped. What a client
    would fetch is dropped from the finished message (`sanitize_document`).
    """
    document = lxml.html.document_fromstring(html)
    style = "\n".join(e.text or "" for e in document.iter("style"))
    body = document.find("body")
    inner = "" if body is None else str(escape(body.text or "")) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in body)
    return Markup(safe_stylesheet(style)), Markup(inner), document.get("lang") or "en"


def inline_css(html: str) -> str:
    """Styles into style="" attributes: most mail clients ignore <style> blocks.

    CSS variables are resolved (few clients know them); @page and other at-rules, which
    only matter to the PDF, are dropped; nothing remote is loaded.
    """
    import css_inline

    inliner = css_inline.CSSInliner(
        load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False,
        keep_at_rules=False, resolve_css_variables=True,
    )
    try:
        return inliner.inline(html)
    except css_inline.InlineError as e:  # a style="" it cannot merge with, in a user's template
        raise TemplateError(f"the email's HTML cannot take its styles inlined ({e}): check the "
                            "style attributes of the templates folder's email.html.j2") from None


def page_style(inlined: str) -> str:
    """The declarations the briefing's CSS gives the page as a whole (its `html` and `body`
    rules, which css-inline put on those two elements): font, colour, width, padding."""
    document = lxml.html.document_fromstring(inlined)
    body = document.find("body")
    styles = [document.get("style"), None if body is None else body.get("style")]
    return "; ".join(s.strip().rstrip(";") for s in styles if s and s.strip())


def wrap_page(inlined: str, style: str) -> str:
    """The body's content in one <div> that carries the page's style.

    Webmail (Gmail, Outlook on the web) shows only what is inside <body>: the <html> and
    <body> tags go with their style attributes, and the message would take the client's
    font, colour and full width. The body keeps only `margin: 0`, so clients that do keep
    it give the padding and width once, not twice. The page says the document's language
    too: a screen reader in webmail would otherwise read it in the reader's own."""
    document = lxml.html.document_fromstring(inlined)
    body = document.find("body")
    if body is None or not style:
        return inlined
    page = lxml.html.Element("div", {"class": "email-page", "style": style})
    if document.get("lang"):
        page.set("lang", document.get("lang"))
    page.text, body.text = body.text, None
    page.extend(list(body))
    body.append(page)
    body.set("style", "margin: 0")
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def make_bodies(
    files: BriefingFiles,
    *,
    subject_template: str,
    title: str,
    unsubscribe: str = "",
    templates_dir: Path | None = None,
) -> Bodies:
    subject = subject_line(subject_template, files, title)
    context = {
        "subject": subject,
        "title": title,
        "date": short_date(files.day),
        "day": files.day,
        "unsubscribe": unsubscribe,
        "pdf_name": files.pdf_name,
        "empty": files.is_empty,
        "desks": [],
    }
    text = wrap_plain(_render(templates_dir, "email.txt.j2", markdown=files.markdown,
                              text=markdown_to_text(files.markdown), **context))
    style, body, language = briefing_parts(files.html)

    def html_part(long: bool) -> tuple[str, tuple[InlineImage, ...]]:
        html = _render(templates_dir, "email.html.j2", style=style, body=body,
                       language=language, long=long, **context)
        inlined = inline_css(html)
        return images_as_parts(compact_html(sanitize_document(
            wrap_page(inlined, page_style(inlined)))))

    html, images = _not_silently_clipped(html_part)
    return Bodies(subject, text, html, files.pdf, context["pdf_name"], images=images)


# Gmail shows the first ~102 KB of a message's HTML and hides the rest behind "[Message
# clipped]"; its count is not documented to the byte, so a message is taken to be at risk a
# little before that.
CLIPPED_AFTER = 100_000  # bytes of the decoded HTML part


def _not_silently_clipped(
    html_part: Callable[[bool], tuple[str, tuple[InlineImage, ...]]],
) -> tuple[str, tuple[InlineImage, ...]]:
    """The HTML part; if it is long enough for a mail app to cut it short, made again with a
    line at its top (the template's `long`) saying the whole briefing, sources included, is
    in the attached PDF, with the unsubscribe link: what a cut message lost is its end, the
    sources and the footer. A day under the limit is sent without that line."""
    html, images = html_part(False)
    if len(html.encode("utf-8")) <= CLIPPED_AFTER:
        return html, images
    return html_part(True)


@dataclass(frozen=True)
class DeskPart:
    """One desk's briefing as a section of a combined email (email.combine_desks)."""

    files: BriefingFiles
    title: str


# Attributes that name an element of the same document: prefixed per desk in a combined email.
_REFERENCES = ("id", "headers", "aria-labelledby", "aria-describedby")


def _desk_body(files: BriefingFiles, inlined: str) -> Markup:
    """A desk's briefing HTML as a section of a combined email: `inlined`, its HTML with its
    own stylesheet inlined (each desk keeps its colours), its ids and in-page links
    prefixed with the desk's id, so two desks' "#sources" stay apart. Done on the parsed
    document, like everything of the email's HTML (sanitize.py): article text is never
    searched."""
    from lxml import etree

    document = lxml.html.document_fromstring(inlined)
    prefix = f"{files.desk}-"
    for element in document.iter(etree.Element):
        for name in _REFERENCES:
            if value := element.get(name):
                element.set(name, " ".join(prefix + v for v in value.split()))
        href = element.get("href")
        if href and href.startswith("#"):
            element.set("href", "#" + prefix + href[1:])
    # the combined email has one <main>, holding every desk (a document shows one main
    # landmark: a screen reader listed one per desk)
    for main in document.iter("main"):
        main.tag = "div"
    body = document.find("body")
    inner = "" if body is None else str(escape(body.text or "")) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in body)
    return Markup(inner)


def combine_bodies(
    parts: list[DeskPart],
    *,
    subject_template: str,
    title: str,
    unsubscribe: str = "",
    templates_dir: Path | None = None,
) -> Bodies:
    """One email of several desks' briefings: each a section (text and HTML), each PDF
    attached. The subject's {counts} names each desk with its counts."""
    day = parts[0].files.day
    counts = desk_counts([(p.title, p.files.data) for p in parts])
    articles = len({a.get("id") for p in parts for a in p.files.data.get("articles", ())})
    subject = " ".join(subject_template.format(title=title, date=short_date(day), counts=counts,
                                               articles=articles).split())
    names = [p.files.pdf_name for p in parts]
    desks = [{"id": p.files.desk, "title": p.title, "pdf_name": p.files.pdf_name}
             for p in parts]
    context = {
        "subject": subject, "title": title, "date": short_date(day), "day": day,
        "unsubscribe": unsubscribe, "pdf_name": ", ".join(names),
        "empty": all(p.files.is_empty for p in parts), "desks": desks,
    }
    rule = "\n\n" + "=" * 72 + "\n\n"
    text = wrap_plain(_render(
        templates_dir, "email.txt.j2", markdown=rule.join(p.files.markdown for p in parts),
        text=rule.join(markdown_to_text(p.files.markdown) for p in parts), **context))
    # each section is a rendered, autoescaped briefing.html, its CSS inlined; desk ids are
    # lower-case letters, digits, "-" and "_" (config), safe in an attribute
    inlined = [inline_css(p.files.html) for p in parts]  # once each: the page style too
    section = Markup('<section class="desk" id="desk-{}">{}</section>')
    sections = Markup("<main>{}</main>").format(Markup("").join(
        section.format(p.files.desk, _desk_body(p.files, desk_html))
        for p, desk_html in zip(parts, inlined, strict=True)))
    language = briefing_parts(parts[0].files.html)[2]
    # the page takes the first desk's font, colour and width (each desk's sections keep
    # their own colours): the combined document has no briefing stylesheet of its own
    page = page_style(inlined[0])

    def html_part(long: bool) -> tuple[str, tuple[InlineImage, ...]]:
        html = _render(templates_dir, "email.html.j2", style=Markup(""), body=sections,
                       language=language, long=long, **context)
        return images_as_parts(compact_html(sanitize_document(
            wrap_page(inline_css(html), page))))

    html, images = _not_silently_clipped(html_part)
    return Bodies(subject, text, html, parts[0].files.pdf, names[0],
                  tuple((p.files.pdf_name, p.files.pdf) for p in parts[1:]), images)


def make_message(
    bodies: Bodies,
    *,
    sender: str,
    to: str,
    message_id: str,
    when: datetime,
    unsubscribe: str = "",
) -> EmailMessage:
    """One message; `to` is the visible To (the recipient, or the sender for BCC groups)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = bodies.subject
    msg["Date"] = utils.format_datetime(when)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation auto-replies
    if unsubscribe:
        msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    msg.set_content(bodies.text)
    msg.add_alternative(bodies.html, subtype="html")
    if bodies.images:  # the HTML part becomes multipart/related: the HTML, then its images
        html_part = msg.get_body(("html",))
        for image in bodies.images:
            html_part.add_related(image.data, maintype="image", subtype=image.subtype,
                                  cid=f"<{image.cid}>", disposition="inline")
    for name, pdf in ((bodies.pdf_name, bodies.pdf), *bodies.more_pdfs):
        msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=name)
    return msg


def new_message_id(day: date, sender: str) -> str:
    """<random.briefing-YYYY-MM-DD@sender's domain>: unique, says what it is, and short
    enough that the header is never folded. A domain in another script is given in its
    ASCII form: a header outside ASCII can only be written for a server with SMTPUTF8."""
    domain = ascii_domain(sender.rpartition("@")[2]) or "localhost"
    return f"<{secrets.token_hex(8)}.briefing-{day.isoformat()}@{domain}>"
