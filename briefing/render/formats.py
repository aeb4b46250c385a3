"""The briefing's template context and its formats: Markdown, HTML, the PDF (WeasyPrint)
and briefing.json; `render_all` renders the ones a build asks for, in memory."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import date, datetime
from functools import partial
from itertools import zip_longest
from typing import Any
from urllib.parse import unquote, urlsplit

from briefing.fonts import FontGap, InstalledFonts, font_gap
from briefing.language import OTHER_LANGUAGES
from briefing.model import HEADLINE, OTHER_THEME, Article, Briefing, KeyPoint, Story
from briefing.render.escaping import host, label_with_openings
from briefing.render.options import RenderOptions
from briefing.render.templates import render_with_options
from briefing.urls import redact_urls, without_secrets

FORMATS = ("md", "html", "pdf", "json")

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
    # In the order the briefing first cites them (the top lines come first): the reader
    # meets [1], then [2]; numbered as they were read, the mixed dev day's top line cited
    # [39] and its first section [37], [27], [3].
    cited = dict.fromkeys(i for p in [*briefing.top_lines, *shown]
                          for i in (p.article_id, *p.also_reported_by[:ALSO_REPORTED_LISTED]))
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
    appendix = [articles[i] for i in cited if i in articles] + uncited[:UNCITED_LISTED]
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
            return host(article.url) or article.source or label_with_openings(article, openings)
        return label_with_openings(article, openings)

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
    return left_out_words([kind for _, kind in briefing.left_out])


def left_out_words(kinds: Sequence[str]) -> str:
    """`left_out_text` of the kinds of the articles left out (briefing.json's `left_out`)."""
    foreign = sum(kind == OTHER_LANGUAGES[0] for kind in kinds)
    why = [(n, where) for n, where in ((len(kinds) - foreign, "on other subjects"),
                                       (foreign, "in other languages")) if n]
    return " and ".join(f"{n} {'article' if n == 1 else 'articles'} {where}" if i == 0
                        else f"{n} {where}" for i, (n, where) in enumerate(why))


def _as_shown(briefing: Briefing) -> Briefing:
    """The briefing as the Markdown and HTML (so the PDF and the email) show it: an
    article whose URL may not be a link (`Article.link_refused`: a private host found
    inside a source) is shown without it, cited by its title as a javascript: link is.
    Done on the data, not in the templates, so a user's own template cannot print it.
    briefing.json keeps the URL, with why it is no link. A link is printed without the
    password or token it may carry (`without_secrets`)."""
    def shown(a: Article) -> Article:
        return replace(a, url="" if a.link_refused else without_secrets(a.url))

    # the headlines "Also in the news" lists are not among `articles` (those briefed)
    listed = [a for kind in briefing.also_in_the_news for a in kind.articles]
    if not any(a.link_refused or without_secrets(a.url) != a.url
               for a in (*briefing.articles, *listed)):
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
    return render_with_options(options, "md", "briefing.md.j2", **_context(_as_shown(briefing)))


def render_html(briefing: Briefing, options: RenderOptions, *, for_pdf: bool = False) -> str:
    """The HTML briefing; `for_pdf`: the PDF's source, whose links to other briefings open
    their PDF, not their HTML."""
    return render_with_options(options, "html", "briefing.html.j2",
                               **_context(_as_shown(briefing), "pdf" if for_pdf else "html"))


def links_other_briefings(briefing: Briefing) -> bool:
    """Whether the briefing links to another briefing's entries (stories followed)."""
    marks = [st.follow for s in briefing.sections for st in s.stories if st.follow]
    return (any(m.first_href for m in marks) or bool(briefing.since and briefing.since.quiet)
            or bool(briefing.earlier_editions))


def render_pdf(html: str, options: RenderOptions) -> bytes:
    """WeasyPrint, offline: only local files and data: URLs may be fetched.

    PDF/UA-1 gives a tagged PDF (structure tree, /Lang, document title shown); bookmarks
    come from the headings (`bookmark-level` in the stylesheet decides which). A PDF/A
    variant (`options.pdf_variant`, for archives) is tagged all the same and says it is
    PDF/UA-1 too.
    """
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"file", "data"})  # never the network
    # no base URL: a link to an earlier briefing ("../2024-12-08/briefing.pdf#story-…")
    # stays relative, so it works wherever the archive is copied (a base would make it an
    # absolute file: URL of this machine); the stylesheet and logo are inline anyway
    document = weasyprint.HTML(string=html, url_fetcher=fetcher, base_url=None)
    # no custom_metadata: it would copy every <meta>, "viewport" included, into the PDF
    archival = options.pdf_variant.startswith("pdf/a-")
    return document.write_pdf(pdf_variant=options.pdf_variant, pdf_tags=True,
                              finisher=partial(_finish_pdf, pdf_ua_too=archival))


def _finish_pdf(document: Any, pdf: Any, *, pdf_ua_too: bool = False) -> None:
    """What WeasyPrint's PDF needs before it is written (its `finisher` hook)."""
    _jumps_into_other_pdfs(document, pdf)
    _list_items_hold_a_label_and_a_body(pdf)
    _links_described_as_in_the_html(document, pdf)
    if pdf_ua_too:
        _identify_as_pdf_ua_1_too(pdf)


def _object(pdf: Any, reference: bytes) -> Any:
    """The object of WeasyPrint's pydyf document that `reference` names: pydyf writes a
    reference as the PDF does, b"12 0 R", and keeps object 12 at `pdf.objects[12]`."""
    return pdf.objects[int(reference.split()[0])]


# PDF/UA-1's identification, and its schema declared as PDF/A-2 and -3 require of a
# property outside their predefined schemas (ISO 19005-2, 6.6.2.3.1)
_PDF_UA_1_IN_PDF_A = b"""\
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1" />
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
"""


def _identify_as_pdf_ua_1_too(pdf: Any) -> None:
    """Add PDF/UA-1's identification to a PDF/A file's XMP metadata.

    WeasyPrint writes the identification of one variant, here the PDF/A one; the file is
    tagged all the same (`pdf_tags`), and an accessibility checker (PAC, veraPDF) fails a
    file that does not say it is PDF/UA.
    """
    metadata = _object(pdf, pdf.catalog["Metadata"])
    xmp = b"".join(part if isinstance(part, bytes) else str(part).encode()
                   for part in metadata.stream)
    metadata.stream = [xmp.replace(b"</rdf:RDF>", _PDF_UA_1_IN_PDF_A + b"</rdf:RDF>", 1)]


def _links_described_as_in_the_html(document: Any, pdf: Any) -> None:
    """A link with an aria-label (a citation's "[3]": "Source 3: Reuters") is described so
    in the PDF: its structure element's /Alt, read in place of "[3]", and its annotation's
    /Contents, which WeasyPrint fills with the target's name ("source-3")."""
    import pydyf

    tree = _object(pdf, pdf.catalog["StructTreeRoot"])
    numbers = _object(pdf, tree["ParentTree"])["Nums"]
    elements = dict(zip(numbers[::2], numbers[1::2], strict=True))
    for page in document.pages:
        # WeasyPrint's page box is not its public API: another version without it keeps
        # "[3]" described by its target, as before, rather than failing the PDF
        page_box = getattr(page, "_page_box", None)
        if page_box is None:
            return
        for box in page_box.descendants():
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            label = element.get("aria-label") if element is not None else None
            if annotation is None or not label:
                continue
            annotation["Contents"] = pydyf.String(label)
            if (tagged := elements.get(annotation.get("StructParent"))) is not None:
                _object(pdf, tagged)["Alt"] = pydyf.String(label)


def _list_items_hold_a_label_and_a_body(pdf: Any) -> None:
    """Move what WeasyPrint tags beside a list item's body into that body.

    A block after an item's first line (a key point's citation line) becomes the item's
    own child, beside its LBody: PDF/UA-1 allows a list item only a label and a body (ISO
    32000-1 table 336; veraPDF's rule 7.2-20), and a screen reader leaving the body left
    the point before its source. The item's children after its label become one body, in
    their order; the marked content stays where it is, so the parent tree holds.
    """
    import pydyf

    for item in pdf.objects:
        if not isinstance(item, pydyf.Dictionary) or item.get("S") != "/LI":
            continue
        kids = [(ref, _object(pdf, ref)) for ref in item["K"]
                if isinstance(ref, bytes)]
        bodies = [kid for _, kid in kids if kid["S"] == "/LBody"]
        if len(bodies) == 1 and all(kid["S"] in ("/Lbl", "/LBody") for _, kid in kids):
            continue
        body = bodies[0] if bodies else pydyf.Dictionary(
            {"Type": "/StructElem", "S": "/LBody", "K": pydyf.Array(), "Pg": item["Pg"],
             "P": item.reference})
        if not bodies:
            pdf.add_object(body)
        inside = pydyf.Array()
        for ref, kid in kids:
            if kid["S"] == "/LBody":
                inside.extend(kid["K"])
            elif kid["S"] != "/Lbl":
                inside.append(ref)
        for ref in inside:
            if isinstance(ref, bytes):
                _object(pdf, ref)["P"] = body.reference
        body["K"] = inside
        item["K"] = pydyf.Array([ref for ref, kid in kids if kid["S"] == "/Lbl"]
                                + [body.reference])


def _jumps_into_other_pdfs(_document: Any, pdf: Any) -> None:
    """A link to another briefing's PDF ("../2024-12-08/briefing.pdf#story-…") becomes a
    remote go-to: that file, relative to this one, at the named destination.

    WeasyPrint writes every link out as a URI action, which a PDF viewer hands to the web
    browser (Acrobat, after two warnings) or ignores (macOS Preview, Foxit) when the
    address is relative; a remote go-to is how a PDF opens another PDF at a place in it.
    Links with a scheme (the sources' http(s)) stay URI actions.
    """
    import pydyf

    for obj in pdf.objects:
        action = obj.get("A") if isinstance(obj, pydyf.Dictionary) else None
        if not isinstance(action, pydyf.Dictionary) or action.get("S") != "/URI":
            continue
        target = str(getattr(action.get("URI"), "string", ""))
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path.endswith(".pdf"):
            continue
        # /D is required: the story's anchor (a named destination there), else page 1
        where = (pydyf.String(unquote(parts.fragment)) if parts.fragment
                 else pydyf.Array([0, "/Fit"]))
        obj["A"] = pydyf.Dictionary({"Type": "/Action", "S": "/GoToR",
                                     "F": pydyf.String(unquote(parts.path)), "D": where})


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def briefing_data(briefing: Briefing) -> dict[str, Any]:
    """What briefing.json holds: the briefing's dataclasses as they are, except that an
    article's text is never copied in.

    Each article is listed once, in `articles` (or, of a kind the briefing does not brief,
    in `also_in_the_news`), with its id, title, source, url, published and path but not
    its text; a story names its articles by id (`article_ids`), and every
    key point by `article_id` and `position` (its sentence's index in the article's cleaned
    text, -1 for a headline). So a reader still goes from any line to its source, and a
    long article is not written once per section its story appears in (a 50 MB article
    made a 251 MB briefing.json). The configured source an article came in by (`via`) is
    named without the password or key its address may carry (`redact_urls`), and its
    `url` without the token or login a subscriber's feed links it with (`without_secrets`).
    """
    data = asdict(briefing)
    # the headlines "Also in the news" lists are articles too: their text stays out as well
    for article in [*data["articles"],
                    *(a for kind in data["also_in_the_news"] for a in kind["articles"])]:
        del article["text"]
        article["via"] = redact_urls(article["via"])
        article["url"] = without_secrets(article["url"])
    for section in data["sections"]:
        section["stories"] = [
            {("article_ids" if key == "articles" else key):
             ([a["id"] for a in value] if key == "articles" else value)
             for key, value in story.items()}
            for story in section["stories"]
        ]
    return data


# briefing.json's format (docs/briefing.schema.json), its first key: a reader that imports
# the files tells a change of format from a change of news. Raised when a field is renamed
# or removed or changes its type or meaning; a field added leaves it as it is.
SCHEMA_VERSION = 1


def render_json(briefing: Briefing) -> str:
    """briefing.json: the Briefing without article texts (`briefing_data`), with its counts
    (what the email's subject and the archive index show are read from there, not counted
    again), under its format's version."""
    data = {"schema_version": SCHEMA_VERSION, **briefing_data(briefing),
            "counts": asdict(briefing.counts)}
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
