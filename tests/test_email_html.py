"""The email's HTML part is inert and self-contained, whatever the articles say.

Hostile feed entries and front matter go through the real path (render_all writes
out/<date>/, send_briefing builds the message and writes it to the outbox), and the HTML
part is parsed back with lxml: assertions are on elements, attribute sets and style
values, never on searching text. A user's template, which may carry anything, is held
to the same rules. Covers briefing/deliver/message.py and sanitize.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from conftest import REPO
from lxml import etree
from smtpserver import hand_made_briefing

from briefing.config import load_config
from briefing.deliver import send_briefing
from briefing.deliver.sanitize import (
    ALLOWED_ATTRIBUTES,
    safe_declarations,
    safe_link,
    safe_stylesheet,
)
from briefing.fileio import write_atomic
from briefing.render import RenderOptions, render_all

DAY = date(2024, 12, 8)
NOW = datetime(2024, 12, 8, 6, 45, tzinfo=UTC)
TRACKER = "evil.example"

# (article id, hostile fields, the same fields made harmless): the harmless twin gives a
# briefing of the same shape, so the two emails' elements and attribute names must match.
ATTACKS = [
    # a feed entry: "<img" in its link, quotes and a style in its title (issue 19, item 5)
    ("military-0",
     {"url": "https://news.example/a<img",
      "title": "\" style='background:url(http://evil.example/feed-track)' x=\""},
     {"url": "https://news.example/a", "title": "Plain title zero"}),
    # front matter: "<link" in its url, an event handler in its title
    ("military-1",
     {"url": "https://news.example/b<link ",
      "title": "x\" onmouseover='alert(1)' y=\""},
     {"url": "https://news.example/b", "title": "Plain title one"}),
    ("military-2",
     {"url": "JavaScript:alert(1)", "title": "<a href=\"javascript:alert(1)\">click</a>"},
     {"url": "", "title": "Plain title two"}),
    ("military-3",
     {"url": "https://news.example/c\"onclick=\"alert(1)",
      "title": "&quot; onclick=&#34;alert(1)&#34; x=&quot; &#x22;><img src=x>",
      "source": "Wire\" style=\"width: expression(alert(1))"},
     {"url": "https://news.example/c", "title": "Plain title three", "source": "Wire plain"}),
    ("military-4",
     {"url": "https://news.example/d'><style>@import url(http://evil.example/i.css);</style>",
      "title": "</a><style>p{background:URL(http://evil.example/u.png)}</style>"},
     {"url": "https://news.example/d", "title": "Plain title four"}),
    ("military-5",
     {"url": "https://news.example/e",
      "title": "u\\72l(http://evil.example/esc) \\75 rl(//evil.example/x) <!--[if mso]>"},
     {"url": "https://news.example/e", "title": "Plain title five"}),
]
HOSTILE_POINT = ("Talks resumed.\" style='background:url(http://evil.example/kp)' <img "
                 "src=http://evil.example/p.gif onerror=alert(1)> &quot;")


def briefing_with(changes: dict[str, dict], point: str | None = None):
    """The hand-made briefing with some articles' fields (and one key point) replaced."""
    briefing = hand_made_briefing(DAY)
    articles = {a.id: replace(a, **changes.get(a.id, {})) for a in briefing.articles}
    sections = []
    for section in briefing.sections:
        stories = []
        for story in section.stories:
            points = story.key_points
            if point is not None and story.articles[0].id == "diplomacy-1":
                points = tuple(replace(p, text=point) for p in points)
            stories.append(replace(story, key_points=points,
                                   articles=tuple(articles[a.id] for a in story.articles)))
        sections.append(replace(section, stories=tuple(stories)))
    return replace(briefing, articles=tuple(articles.values()), sections=tuple(sections))


def mailed_html(root: Path, briefing, templates: Path | None = None) -> etree._Element:
    """Render `briefing` into root/out/<date>/, send it to the outbox, parse the HTML part."""
    folder = root / "out" / DAY.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    for kind, data in render_all(briefing, ["md", "html", "pdf", "json"],
                                 RenderOptions()).items():
        write_atomic(folder / f"briefing.{kind}", data)
    config = root / "briefing.toml"
    config.write_text('[email]\nto = ["ann@example.org"]\nsender = "desk@briefing.test"\n'
                      'unsubscribe = "https://example.org/unsubscribe"\n'
                      + (f'[output]\ntemplates = "{templates}"\n' if templates else ""))
    send_briefing(load_config(config), DAY, clock=lambda: NOW)
    (eml,) = (root / "out" / "outbox").glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    return lxml.html.document_fromstring(message.get_body(("html",)).get_content())


def shape(document) -> list[tuple[str, tuple[str, ...]]]:
    """Each element and its attribute names, in document order."""
    return [(e.tag, tuple(sorted(e.attrib))) for e in document.iter(etree.Element)]


def text_of(document) -> str:
    return " ".join(document.text_content().split())


def assert_inert(document) -> None:
    """No attribute outside the allowed ones, no handler, no remote or script URL, no CSS
    that loads anything."""
    for element in document.iter(etree.Element):
        for name, value in element.attrib.items():
            assert name in ALLOWED_ATTRIBUTES | {"style", "href", "src", "content"} \
                or name.startswith("aria-"), (element.tag, name)
            if name == "href":
                assert element.tag == "a" and re.match(r"(https?://|#|mailto:)", value), value
                assert urlsplit(value).hostname != TRACKER
            elif name == "src":
                assert element.tag == "img" and value.startswith(("data:image/", "cid:"))
            else:
                assert "http" not in value.lower() and TRACKER not in value, (name, value)
        style = (element.get("style") or "").lower()
        for loader in ("expression", "@import", "image-set", "behavior", "\\", "//"):
            assert loader not in style, (element.tag, style)
        assert style.count("url(") == style.count("url(data:image/"), style
    assert document.find(".//style") is None and document.find(".//script") is None


@pytest.fixture(scope="module")
def emails(tmp_path_factory):
    """(hostile email, its harmless twin), each parsed."""
    hostile = mailed_html(tmp_path_factory.mktemp("hostile"),
                          briefing_with({i: h for i, h, _ in ATTACKS}, HOSTILE_POINT))
    twin = mailed_html(tmp_path_factory.mktemp("twin"),
                       briefing_with({i: t for i, _, t in ATTACKS}, "Talks resumed."))
    return hostile, twin


def test_article_text_cannot_open_close_or_add_an_attribute(emails):
    hostile, twin = emails
    assert shape(hostile) == shape(twin)  # same elements, same attribute names, in order
    assert_inert(hostile)
    assert not [e for e in hostile.iter(etree.Element)
                if any(n.startswith("on") or n in ("x", "y") for n in e.attrib)]


def test_the_two_reported_attacks_stay_text(emails):
    hostile, _ = emails
    links = {" ".join(a.text_content().split()): a for a in hostile.iter("a")}
    tracked = links["\" style='background:url(http://evil.example/feed-track)' x=\""]
    assert dict(tracked.attrib).keys() == {"href", "style"}
    assert tracked.get("href") == "https://news.example/a%3Cimg"  # encoded, as browsers send it
    assert tracked.get("style") == "color:#1f4e79"  # its own; overflow-wrap it inherits
    handler = links["x\" onmouseover='alert(1)' y=\""]
    assert dict(handler.attrib).keys() == {"href", "style"}
    assert handler.get("href") == "https://news.example/b%3Clink"


def test_every_hostile_string_is_shown_as_the_words_it_is(emails):
    hostile, _ = emails
    text = text_of(hostile)
    for _, fields, _ in ATTACKS:
        title = " ".join(fields["title"].split())
        assert title[:60] in text, title
    assert " ".join(HOSTILE_POINT.split()) in text
    assert "Wire\" style=\"width: expression(alert(1))" in text
    # a javascript: link is no link: the article is cited by its title alone
    cited = [c for c in hostile.iter("cite") if c.text == ATTACKS[2][1]["title"]]
    assert cited and not [c for c in cited if c.getparent().tag == "a"]


def test_a_users_template_is_held_to_the_same_rules(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    builtin = (REPO / "templates" / "email.html.j2").read_text()
    trap = """<div title="traps">
<span style="color: red; background: URL(http://evil.example/1)">a</span>
<span style="color: red; background: u\\72l(http://evil.example/2)">b</span>
<span style="color: red; background: \\75 rl(http://evil.example/3)">c</span>
<span style="color: red; background: url( &quot;http://evil.example/4&quot; )">d</span>
<span style="color: red; width: expression(alert(1))">e</span>
<span style="color: red; @import url(http://evil.example/5.css)">f</span>
<span style="color: red; background-image: image-set(&#34;//evil.example/6.png&#34; 1x)">g</span>
<span style="color: red; behavior: url(http://evil.example/7.htc)">h</span>
<span style="color: red; background: url(data:image/gif;base64,R0lGODlh)">i</span>
<a href="javascript:alert(1)">j1</a><a href=" JaVaScRiPt:alert(1)">j2</a>
<a href="&#106;avascript:alert(1)">j3</a><a href="java&#9;script:alert(1)">j4</a>
<a href="//evil.example/8">j5</a><a href="data:text/html,x">j6</a>
<a href="https://ok.example/" onclick="alert(1)" OnMouseOver="alert(1)">ok</a>
<img src="https://evil.example/9.gif" alt="pixel"><img src="cid:logo@briefing" alt="cid">
<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">
<table background="https://evil.example/10.png"><tr><td>cell</td></tr></table>
<!--[if mso]><v:image src="https://evil.example/11.png"/><![endif]-->
<meta http-equiv="refresh" content="0;url=https://evil.example/12">
<svg><image href="https://evil.example/13.png"/></svg>
<form action="https://evil.example/14"><input type="image" src="https://evil.example/15"></form>
<style data-css-inline="ignore">@import url(https://evil.example/16.css);
@font-face { font-family: x; src: url(https://evil.example/17.woff) }
p { color: blue; background: URL(https://evil.example/18.png) }</style>
</div>"""
    (templates / "email.html.j2").write_text(builtin.replace("<body>", "<body>" + trap))
    document = mailed_html(tmp_path, hand_made_briefing(DAY), templates)

    html = lxml.html.tostring(document, encoding="unicode")
    assert TRACKER not in html  # nowhere: attributes, CSS, comments, <meta>, <svg>
    assert_inert(document)
    (traps,) = document.xpath("//div[@title='traps']")
    spans = {s.text: s.get("style") for s in traps.iter("span")}
    assert spans == {**{k: "color:red" for k in "abcdefgh"},
                     "i": "color:red;background:url(data:image/gif;base64,R0lGODlh)"}
    anchors = {a.text: a.get("href") for a in traps.iter("a")}
    assert anchors == {"ok": "https://ok.example/"}  # the others lost their target...
    assert all(f"j{i}" in text_of(traps) for i in range(1, 7))  # ...and read as text
    assert {a.text: set(a.attrib) for a in traps.iter("a")}["ok"] == {"href", "style"}
    assert [(i.get("alt"), i.get("src")[:10]) for i in traps.iter("img")] == [
        ("cid", "cid:logo@b"), ("inline", "cid:4c4b6a")]  # data: sent as a part
    assert "cell" in text_of(traps)  # the table stays, without its background


def test_a_users_style_attribute_the_inliner_cannot_take_is_one_line_not_a_traceback():
    from briefing.deliver.message import inline_css
    from briefing.errors import TemplateError

    page = ('<html><head><style>p { color: navy }</style></head><body>'
            '<p style="color: red; @import url(x.css)">a</p></body></html>')
    with pytest.raises(TemplateError, match=r"cannot take its styles inlined \(Invalid @ rule"):
        inline_css(page)


def test_the_normal_email_still_looks_right(tmp_path):
    document = mailed_html(tmp_path, hand_made_briefing(DAY))
    folder = tmp_path / "out" / DAY.isoformat()
    page = lxml.html.parse(str(folder / "briefing.html")).getroot()
    # every word of the briefing, then the footer
    body = text_of(document.find("body"))
    assert body.startswith(text_of(page.find("body")))
    assert body.endswith("The full briefing is attached as briefing-2024-12-08.pdf. Unsubscribe")
    # the same links, and the in-page ones still find their targets
    hrefs = [a.get("href") for a in document.iter("a")]
    assert hrefs == [a.get("href") for a in page.iter("a")] + ["https://example.org/unsubscribe"]
    ids = {e.get("id") for e in document.iter(etree.Element) if e.get("id")}
    assert {h[1:] for h in hrefs if h.startswith("#")} <= ids
    assert "https://example.org/military/0" in hrefs
    # styles inlined: the accent colour on the title, the layout on the page's wrapper
    # inside the body (webmail drops the <body> tag: test_email_reader.py)
    assert "color:#1f4e79" in document.find(".//h1").get("style")
    assert "max-width:46rem" in document.find("body/div").get("style")
    assert document.find(".//meta[@name='viewport']").get("content") == (
        "width=device-width, initial-scale=1")
    assert document.get("lang") == "en"
    assert_inert(document)
    # and the PDF is attached as it was written
    (eml,) = (tmp_path / "out" / "outbox").glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    (pdf,) = message.iter_attachments()
    assert pdf.get_content() == (folder / "briefing.pdf").read_bytes()


@pytest.mark.parametrize("css", [
    "background: url(http://t.example/a)",
    "background: URL(http://t.example/a)",
    "background: Url( 'http://t.example/a' )",
    "background: u\\72l(http://t.example/a)",
    "background: \\75 rl(http://t.example/a)",
    "background: url(\\68ttp://t.example/a)",
    "background: url(//t.example/a)",
    'background: url("data:text/html,x")',
    "width: expression(alert(1))",
    "width: EXPRESSION(alert(1))",
    "width: e\\78pression(alert(1))",
    "@import url(http://t.example/a.css)",
    "@import 'http://t.example/a.css'",
    "behavior: url(x.htc)",
    "-moz-binding: url(http://t.example/x.xml#x)",
    "background-image: image-set('http://t.example/a.png' 1x)",
    "list-style: src('http://t.example/a')",
    "content: 'http://t.example/a'",
])
def test_css_that_loads_anything_is_dropped(css):
    assert safe_declarations(f"color: red; {css}; margin: 0") == "color: red; margin: 0"


def test_safe_css_keeps_what_a_briefing_uses():
    assert safe_declarations("font-family: 'DejaVu Sans', Arial; color: rgb(0 0 0 / 50%); "
                             "width: calc(100% - 2rem) !important") == (
        'font-family: "DejaVu Sans", Arial; color: rgb(0 0 0 / 50%); '
        "width: calc(100% - 2rem) !important")
    sheet = safe_stylesheet("@import url(x.css); @font-face { src: url(x.woff) }\n"
                            "h1 { color: navy; background: url(http://t.example/a) }\n"
                            "@media (max-width: 600px) { p { margin: 0 } }\n"
                            "@page { size: A4 }")
    assert sheet == "h1 { color: navy }\n@media (max-width: 600px) {\np { margin: 0 }\n}"
    assert "</style" not in safe_stylesheet("p::after { content: '</style><script>' }")


@pytest.mark.parametrize("href, kept", [
    ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
    ("http://example.org/", "http://example.org/"),
    ("mailto:desk@example.org", "mailto:desk@example.org"),
    ("#theme-military", "#theme-military"),
    ("javascript:alert(1)", None),
    (" JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("java\nscript:alert(1)", None),
    ("vbscript:msgbox(1)", None),
    ("data:text/html;base64,PHNjcmlwdD4=", None),
    ("//evil.example/x", None),
    ("relative/path", None),
    ("file:///etc/passwd", None),
])
def test_only_web_mail_and_in_page_links_are_kept(href, kept):
    assert safe_link(href) == kept
