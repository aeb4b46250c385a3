"""Rendering: article text is data, never markup, in every output."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime

import markdown
import pytest

from briefing.model import Article, Briefing, KeyPoint, Section, Story, ThemeScore
from briefing.render import RenderOptions, md_escape, render_all, render_html, render_markdown

HOSTILE = (
    "<script>alert(1)</script> [click me](javascript:alert(1)) {{ 7*7 }} {% raw %} "
    "**bold** _it_ <img src=x onerror=alert(2)> https://evil.example/x ![i](https://evil.example/i.png)"
)


def hostile_briefing() -> Briefing:
    article = Article(
        id="a1",
        title="# Title [x](https://evil.example) <b>b</b> {{ 6*7 }}",
        text=HOSTILE,
        source="<i>Outlet</i>",
        url="javascript:alert(3)",
        published=datetime(2024, 12, 8, 9, 30, tzinfo=UTC),
    )
    point = KeyPoint("a1", HOSTILE, 0, 1.0, (ThemeScore("military", 0.9, ("<evidence>",)),))
    story = Story("a1", (article,), (point,), 1.0)
    return Briefing(
        date=date(2024, 12, 8),
        title="Daily briefing",
        generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
        sections=(Section("military", "Military action", (story,)),),
        top_lines=(point,),
        articles=(article,),
    )


def test_markdown_escapes_article_text_so_no_link_html_or_expression_survives():
    md = render_markdown(hostile_briefing(), RenderOptions())
    html = markdown.markdown(md)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "<strong>" not in html and "<em>bold" not in html
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert hrefs and all(h.startswith("#") for h in hrefs)  # only the contents' own anchors
    assert "49" not in md and "42" not in md  # expressions in text are never evaluated
    assert "{{ 7\\*7 }}" in md or "\\{\\{ 7\\*7 \\}\\}" in md


def test_html_autoescapes_and_drops_unsafe_links():
    html = render_html(hostile_briefing(), RenderOptions(show_evidence=True))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html.split("<body>")[1].replace("javascript:alert(1)", "")
    assert 'href="javascript' not in html
    assert "{{ 7*7 }}" in html and ">49<" not in html
    assert "&lt;evidence&gt;" in html


def test_pdf_shows_hostile_text_literally():
    pypdf = pytest.importorskip("pypdf")
    import io

    out = render_all(hostile_briefing(), ["pdf"], RenderOptions())
    reader = pypdf.PdfReader(io.BytesIO(out["pdf"]))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "<script>alert(1)</script>" in text
    for page in reader.pages:  # no link annotation to the hostile URL
        for annot in page.get("/Annots") or []:
            uri = annot.get_object().get("/A", {}).get("/URI", "")
            assert "javascript" not in str(uri) and "evil" not in str(uri)


@pytest.mark.parametrize(
    ("text", "shows_as"),
    [("*a*", "*a*"), ("# h", "# h"), ("- x", "- x"), ("1. y", "1. y"), ("[l](u)", "[l](u)"),
     ("a_b_c", "a_b_c"), ("<b>", "&lt;b&gt;"), ("www.x.org", "www.x.org")],
)
def test_md_escape_round_trips_through_a_markdown_renderer(text, shows_as):
    assert markdown.markdown(md_escape(text)) == f"<p>{shows_as}</p>"


def test_a_speaker_is_shown_before_the_point_and_escaped_like_the_text():
    b = hostile_briefing()
    speaking = KeyPoint("a1", "We will support the transition.", 1, 1.0, speaker="MR PEDERSON")
    hostile = KeyPoint("a1", "Fine.", 2, 0.5, speaker="<b>X</b> [l](https://evil.example)")
    story = Story("a1", b.articles, (speaking, hostile), 1.0)
    b = replace(b, sections=(Section("diplomacy", "Diplomacy", (story,)),), top_lines=())
    md = render_markdown(b, RenderOptions())
    assert "- **MR PEDERSON:** We will support the transition." in md
    assert "evil.example" not in re.findall(r'href="([^"]*)"', markdown.markdown(md))
    html = render_html(b, RenderOptions())
    assert '<span class="speaker">MR PEDERSON:</span> We will support' in html
    assert "<b>X</b>" not in html and "&lt;b&gt;X&lt;/b&gt;" in html
