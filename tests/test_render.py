"""Rendering: article text is data, never markup, in every output."""

from __future__ import annotations

import re
import unicodedata
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
    # a second outlet credited on the point ("Also reported by"), its name hostile too
    other = Article(id="a2", title="t", text="x", source="<script>alert(4)</script> {{ 1111*9 }}")
    point = KeyPoint("a1", HOSTILE, 0, 1.0, (ThemeScore("military", 0.9, ("<evidence>",)),),
                     also_reported_by=("a2",))
    story = Story("a1", (article, other), (point,), 1.0)
    return Briefing(
        date=date(2024, 12, 8),
        title="Daily briefing",
        generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
        sections=(Section("military", "Military action", (story,)),),
        top_lines=(point,),
        articles=(article, other),
    )


def cited_at(url: str) -> Briefing:
    """The hostile briefing, its first article "Harbour talks" at `url`."""
    briefing = hostile_briefing()
    article = replace(briefing.articles[0], url=url, title="Harbour talks")
    return replace(briefing, articles=(article, *briefing.articles[1:]))


def test_markdown_escapes_article_text_so_no_link_html_or_expression_survives():
    md = render_markdown(hostile_briefing(), RenderOptions())
    html = markdown.markdown(md)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "<strong>" not in html and "<em>bold" not in html
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert hrefs and all(h.startswith("#") for h in hrefs)  # only the contents' own anchors
    assert "49" not in md and "42" not in md  # expressions in text are never evaluated
    assert "9999" not in md and "Also reported by" in md
    assert "{{ 7\\*7 }}" in md or "\\{\\{ 7\\*7 \\}\\}" in md


def test_a_url_with_a_line_break_cannot_smuggle_a_link_into_markdown():
    url = "https://x.example/a\n\n[click][z]\n\n[z]:javascript:alert%28document.domain%29\n\nx"
    briefing = hostile_briefing()
    article = replace(briefing.articles[0], url=url)
    briefing = replace(briefing, articles=(article, *briefing.articles[1:]))
    md = render_markdown(briefing, RenderOptions())
    html = markdown.markdown(md)
    assert "javascript" not in " ".join(re.findall(r'(?:href|src)="([^"]*)"', html))
    assert "[z]:javascript" not in md


@pytest.mark.parametrize("url", [
    "https://x.example/a\n\n# Injected heading\n\n- injected item",
    "https://x.example/a\r\n\r\n---\r\n",
    "https://x.example/\x1b[2Jcleared",
])
def test_a_url_with_a_control_character_is_no_link_in_any_output(url):
    """`urlsplit` drops tabs and line breaks without a word, so such a URL looks fine to it;
    printed, a line break ends the Markdown link and what follows it is read as Markdown (a
    heading, a list, a rule), and an escape sequence reaches the terminal that shows the
    email's text part. The article is cited without a link, as for a javascript: URL."""
    briefing = cited_at(url)
    md = render_markdown(briefing, RenderOptions())
    html = render_html(briefing, RenderOptions())
    assert "x.example" not in md and "x.example" not in html
    assert "Injected" not in markdown.markdown(md)


def test_a_parenthesis_in_a_url_does_not_end_its_markdown_link():
    """A ")" ends a Markdown link's target: the rest of the URL would be read as Markdown
    (here bold text) and the citation would lead elsewhere than the article."""
    url = "https://news.example/story)**x**(y"
    briefing = cited_at(url)
    html = markdown.markdown(render_markdown(briefing, RenderOptions()))
    assert '<a href="https://news.example/story%29**x**%28y">Harbour talks</a>' in html
    assert "<strong>" not in html


def test_a_link_target_shows_no_bidi_override_or_invisible_character():
    """Printed as it is, U+202E reverses the rest of the line: the Markdown and the email's
    text part (where the URL is what the reader sees) would show this link as ending in
    "https://bank.org". Percent-encoded, as a browser sends it, it goes where it went."""
    from briefing.deliver.message import markdown_to_text

    url = "https://evil.example/\u202egro.knab//:sptth?x=\u200b\u2066"
    briefing = cited_at(url)
    encoded = "https://evil.example/%E2%80%AEgro.knab//:sptth?x=%E2%80%8B%E2%81%A6"
    md = render_markdown(briefing, RenderOptions())
    html = render_html(briefing, RenderOptions())
    for text in (md, html, markdown_to_text(md)):
        assert not [ch for ch in text if unicodedata.category(ch) == "Cf"]
    assert f"[Harbour talks]({encoded})" in md and f'href="{encoded}"' in html
    assert f"Harbour talks <{encoded}>" in markdown_to_text(md)


def test_html_autoescapes_and_drops_unsafe_links():
    html = render_html(hostile_briefing(), RenderOptions(show_evidence=True))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html.split("<body>")[1].replace("javascript:alert(1)", "")
    assert 'href="javascript' not in html
    assert "{{ 7*7 }}" in html and ">49<" not in html
    assert "&lt;evidence&gt;" in html
    assert "Also reported by <span>&lt;script&gt;alert(4)" in html and "9999" not in html


@pytest.mark.parametrize("url", [
    "javascript://attacker.test/%0Aalert(document.domain)",
    "file://attacker.test/etc/passwd",
    "data://attacker.test/text/html,<script>alert(1)</script>",
])
def test_a_link_with_a_host_but_no_web_scheme_is_no_link_in_any_output(url):
    """"javascript:alert(1)" has no host; these have one, so only the scheme tells them from
    a web page: a click on the first runs its script (%0A ends the "//" comment)."""
    briefing = cited_at(url)
    md = render_markdown(briefing, RenderOptions())
    html = render_html(briefing, RenderOptions())
    assert "attacker.test" not in md and "attacker.test" not in html
    assert not re.findall(r'(?:href|src)="[^#"][^"]*"', markdown.markdown(md))
    assert "<cite>Harbour talks</cite>" in html


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


@pytest.mark.parametrize("text", [
    "= sign first", "- dash", "3. three", "1) one", "+ plus", "back\\slash",
    "a *b* _c_ [d](e) `f` {g} !h #i", "see https://x.org/a and www.y.com", "<b> & &amp; x",
])
def test_md_unescape_gives_back_what_md_escape_was_given(text):
    from briefing.render import md_unescape

    assert md_unescape(md_escape(text)) == text


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


def test_a_fact_many_outlets_tell_names_three_and_counts_the_rest():
    outlets = [Article(id=f"w{i}", title=f"Story {i}", text="x", source=f"Paper {i}")
               for i in range(6)]
    # an outlet with no name is named by its site, or by its number alone, never its title
    outlets[2] = replace(outlets[2], source="", url="https://news.example.org/a")
    outlets[3] = replace(outlets[3], source="")
    point = KeyPoint("w0", "Talks resumed in Geneva on Monday.", 0, 1.0,
                     also_reported_by=tuple(a.id for a in outlets[1:]))
    story = Story("w0", tuple(outlets), (point,), 1.0)
    briefing = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                        generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
                        sections=(Section("diplomacy", "Diplomacy", (story,)),),
                        top_lines=(), articles=tuple(outlets))
    md = render_markdown(briefing, RenderOptions())
    assert ("Also reported by Paper 1 \\[2\\]; news.example.org \\[3\\]; \\[4\\] and 2 more"
            in md)
    html = render_html(briefing, RenderOptions())
    assert re.search(r"Also reported by <span>Paper 1</span> .*news.example.org</span> "
                     r"<a class=\"ref\" href=\"#source-3\" aria-label=\"Source 3: "
                     r"news.example.org\">\[3\]</a>; "
                     r"<a class=\"ref\" href=\"#source-4\" aria-label=\"Source 4\">\[4\]</a> "
                     r"and 2 more", html)
    # the outlets named are cited in the sources; those counted only are listed as uncited
    assert "4. Story 3\n" in md and "5. Paper 4: Story 4 · not shown above" in md


def _one_point_stories(day: date, points: tuple[KeyPoint, ...],
                       articles: tuple[Article, ...]) -> Briefing:
    """A briefing of one section whose stories are one article and one point each."""
    stories = tuple(Story(p.article_id, (a,), (p,), 1.0)
                    for p, a in zip(points, articles, strict=True))
    return Briefing(date=day, title="Daily briefing",
                    generated_at=datetime(day.year, day.month, day.day, 7, tzinfo=UTC),
                    sections=(Section("other", "Other developments", stories),),
                    top_lines=(), articles=articles)


def test_an_article_without_a_title_is_cited_by_its_opening_words_never_an_empty_citation():
    untitled = Article(id="u1", title="", text="(CNN)Hate groups in the United States declined "
                       "17% between 2013 and 2014, a watchdog said on Tuesday in its report.")
    bare = Article(id="u2", title="", text="", url="https://news.example.org/item/7")
    points = (KeyPoint("u1", "Hate groups declined 17%.", 0, 1.0),
              KeyPoint("u2", "Talks resumed.", 0, 1.0))
    briefing = _one_point_stories(date(2024, 12, 8), points, (untitled, bare))
    md = render_markdown(briefing, RenderOptions())
    # cleaned ("(CNN)" off), twelve words and an ellipsis; the link's own address otherwise
    opening = "Hate groups in the United States declined 17% between 2013 and 2014…"
    assert f"(*{opening}*) \\[1\\]" in md
    assert f"1. {opening}\n" in md
    assert "[https\\://news.example.org/item/7](https://news.example.org/item/7)" in md
    assert "(**)" not in md and "\n1. \n" not in md
    html = render_html(briefing, RenderOptions())
    assert f"<cite>{opening}</cite>" in html


def test_a_headline_point_links_its_site_instead_of_repeating_the_headline():
    from briefing.model import HEADLINE

    headline = "Italy out of recession, but OECD issues growth warning"
    item = Article(id="h", title=headline, text="", source="ANSAmed",
                   url="https://www.ansamed.info/news/italy-recession")
    point = KeyPoint("h", headline, HEADLINE, 1.0)
    story = Story("h", (item,), (point,), 1.0)
    briefing = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                        generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
                        sections=(Section("other", "Other", (story,)),),
                        top_lines=(), articles=(item,))
    md = render_markdown(briefing, RenderOptions())
    assert f"- {headline} (ANSAmed, [www\\.ansamed.info](https://www.ansamed.info/" in md
    assert md.count(headline) == 2  # the point, and its entry in Sources


def test_the_header_counts_each_point_once_names_real_themes_and_the_reports_dates():
    early = Article(id="e", title="Early", text="x", source="A",
                    published=datetime(2024, 12, 14, 9, tzinfo=UTC))
    late = Article(id="l", title="Late", text="x", source="B",
                   published=datetime(2024, 12, 24, 9, tzinfo=UTC))
    both = KeyPoint("e", "Strikes hit camps as envoys met.", 0, 1.0,
                    (ThemeScore("military", 0.9), ThemeScore("diplomacy", 0.8)))
    other = KeyPoint("l", "A bridge reopened.", 0, 1.0)
    sections = (Section("military", "Military action", (Story("e", (early,), (both,), 1.0),)),
                Section("diplomacy", "Diplomacy", (Story("e", (early,), (both,), 1.0),)),
                Section("other", "Other developments", (Story("l", (late,), (other,), 1.0),)))
    briefing = Briefing(date=date(2026, 11, 24), title="Daily briefing",
                        generated_at=datetime(2026, 11, 24, 7, tzinfo=UTC), sections=sections,
                        top_lines=(), articles=(early, late))
    md = render_markdown(briefing, RenderOptions())
    # the point under two themes is one point; "Other developments" is not a theme; a
    # briefing dated today of reports ten days old says so
    assert ("2 articles · 2 key points · 2 themes · reports from 14 December 2024 to "
            "24 December 2024 · generated") in md
    html = render_html(briefing, RenderOptions())
    assert "2 key points · 2 themes · reports from 14 December 2024" in html
    # each reference links its entry in Sources
    assert '<a class="ref" href="#source-2" aria-label="Source 2: B">[2]</a>' in html
    assert '<li id="source-2">' in html
    one_day = replace(briefing, articles=(early,), sections=sections[:1])
    assert "· reports of 14 December 2024 ·" in render_markdown(one_day, RenderOptions())


def test_a_top_line_is_labelled_with_the_section_its_story_is_under():
    """A story is shown whole under one theme; its lead point may carry no theme of its own
    (or another first), and the top line still names the section that shows it."""
    crash = Article(id="c", title="Crash", text="x", source="A")
    unthemed = KeyPoint("c", "A climber fell 600 metres on Mount Sefton on Saturday.", 0, 1.0)
    talks = Article(id="t", title="Talks", text="x", source="B")
    tagged = KeyPoint("t", "Envoys met in Geneva as fighting went on.", 0, 1.0,
                      (ThemeScore("military", 0.7), ThemeScore("diplomacy", 0.6)))
    sections = (Section("humanitarian", "Humanitarian and human rights",
                        (Story("c", (crash,), (unthemed,), 1.0),)),
                Section("diplomacy", "Diplomacy", (Story("t", (talks,), (tagged,), 1.0),)))
    briefing = Briefing(date=date(2026, 11, 24), title="Daily briefing",
                        generated_at=datetime(2026, 11, 24, 7, tzinfo=UTC), sections=sections,
                        top_lines=(unthemed, tagged), articles=(crash, talks),
                        themes=(("military", "Military action"), ("diplomacy", "Diplomacy"),
                                ("humanitarian", "Humanitarian and human rights")))
    md = render_markdown(briefing, RenderOptions())
    assert "1. Humanitarian and human rights: A climber fell 600 metres" in md
    assert "2. Diplomacy: Envoys met in Geneva" in md
    html = render_html(briefing, RenderOptions())
    # the label links to the point where the section tells it
    assert ('<a class="theme-tag" href="#point-1-0">Humanitarian and human rights</a> '
            'A climber fell') in html
    assert '<a class="theme-tag" href="#point-2-0">Diplomacy</a> Envoys met' in html
    assert '<li id="point-1-0">A climber fell' in html


def test_an_untitled_article_that_opens_with_a_date_line_is_cited_by_its_first_words():
    """A transcript or newsletter often opens with a line of its date alone ("March 18,
    2015 . Israelis have voted…"): cited by that, it read "March 18, 2015 · not shown
    above" in the Sources list, which names nothing a reader could look for."""
    dated = Article(id="d1", title="", text="March 18, 2015 . Voters in Israel went to the "
                    "polls on Tuesday in a closely watched election. Turnout was high.")
    weekday = Article(id="d2", title="", text="Wednesday, December 9, 2026\n\nAid convoys "
                      "reached the besieged city on Monday, the agency said.")
    points = (KeyPoint("d1", "Voters in Israel went to the polls on Tuesday.", 0, 1.0),
              KeyPoint("d2", "Aid convoys reached the besieged city on Monday.", 0, 1.0))
    briefing = _one_point_stories(date(2026, 12, 9), points, (dated, weekday))
    md = render_markdown(briefing, RenderOptions())
    assert "1. Voters in Israel went to the polls on Tuesday in a closely…\n" in md, md
    assert "2. Aid convoys reached the besieged city on Monday, the agency said" in md, md


def test_renders_with_the_same_options_share_one_environment_and_see_an_edited_template(tmp_path):
    """A build renders the HTML twice (the page, the PDF's source) and the archive index:
    each template is compiled once, not per render (speed); and a user's template edited
    between two renders (a scheduler's long-lived process) is read again."""
    import os

    from briefing.render import environment_for

    options = RenderOptions(templates_dir=tmp_path)
    assert environment_for(options, "html") is environment_for(
        RenderOptions(templates_dir=tmp_path), "html")
    assert environment_for(options, "md") is not environment_for(options, "html")
    template = tmp_path / "briefing.md.j2"
    template.write_text("first {{ briefing.title }}\n", encoding="utf-8")
    assert render_markdown(hostile_briefing(), options) == "first Daily briefing\n"
    template.write_text("second {{ briefing.title }}\n", encoding="utf-8")
    later = template.stat().st_mtime + 5  # a later time, however coarse the clock
    os.utime(template, (later, later))
    assert render_markdown(hostile_briefing(), options) == "second Daily briefing\n"


def test_a_template_added_to_the_users_folder_after_a_render_is_used_by_the_next(tmp_path):
    """A scheduler renders day after day in one process: a template put in the user's
    folder (`output.templates`) after a render that took the built-in one overrides it from
    the next render on, as it does in a fresh process; not only after a restart."""
    options = RenderOptions(templates_dir=tmp_path)
    assert render_markdown(hostile_briefing(), options).startswith("# Daily briefing")
    (tmp_path / "briefing.md.j2").write_text("mine {{ briefing.title }}\n", encoding="utf-8")
    assert render_markdown(hostile_briefing(), options) == "mine Daily briefing\n"


def test_an_untitled_articles_text_is_cleaned_once_for_all_its_citations_in_a_render(
        monkeypatch):
    """A render cites an untitled article by its opening words several times (its point,
    the appendix): its text is cleaned once for all of them (speed: cleaning it again for
    each was most of the time of rendering the Markdown and the HTML); and nothing is kept
    between renders (a kept cache would hold on to article texts of up to a megabyte)."""
    from briefing import render
    from briefing.render import escaping  # where a label's opening words are cleaned

    cleaned: list[str] = []
    plain = escaping.clean_paragraph
    monkeypatch.setattr(escaping, "clean_paragraph", lambda p: cleaned.append(p) or plain(p))
    text = "8 December 2024\n\nA ferry with 212 passengers ran aground off Tavorak on Sunday."
    article = Article(id="ferry", title="", text=text)
    assert render.label(article) == "A ferry with 212 passengers ran aground off Tavorak on Sunday"
    once = len(cleaned)
    points = (KeyPoint("ferry", "The ferry ran aground.", 0, 1.0),)
    briefing = _one_point_stories(date(2024, 12, 8), points, (article,))
    for render_one in (render_markdown, render_html):
        cleaned.clear()
        shown = render_one(briefing, RenderOptions())
        assert shown.count("A ferry with 212 passengers ran aground off Tavorak on Sunday") >= 2
        assert len(cleaned) == once, render_one.__name__


def test_an_outlet_is_named_alike_where_a_point_cites_it_and_where_it_also_reported_it():
    """The seeds' 16 December 2024: the top line cited "(U.S. Naval Forces Central Command
    / U.S. 5th Fleet (via…, [Harry S. Truman…" while the point below named the same outlet
    whole in "Also reported by". A name of that length is printed whole in both; a longer
    one is still clipped, alike in both."""
    navcent = "U.S. Naval Forces Central Command / U.S. 5th Fleet (via DVIDS)"
    endless = "Press office of the " + "ministry of " * 12 + "defence"
    for outlet in (navcent, endless):
        dvids = Article(id="d", title="Strike group enters the region", text="x",
                        source=outlet, url="https://www.dvidshub.net/news/487542")
        centcom = Article(id="c", title="Carrier strike group enters the area", text="x",
                          source="U.S. Central Command", url="https://www.centcom.mil/a")
        lead = KeyPoint("d", "The strike group entered the region on Dec. 14.", 0, 1.0,
                        (ThemeScore("military", 0.8),), also_reported_by=("c",))
        told = KeyPoint("c", "The strike group entered the area on Dec. 14.", 0, 1.0,
                        (ThemeScore("military", 0.8),), also_reported_by=("d",))
        story = Story("c", (centcom, dvids), (told,), 1.0)
        briefing = Briefing(date=date(2024, 12, 16), title="Daily briefing",
                            generated_at=datetime(2024, 12, 16, 7, tzinfo=UTC),
                            sections=(Section("military", "Military action", (story,)),),
                            top_lines=(lead,), articles=(centcom, dvids))
        md = render_markdown(briefing, RenderOptions())
        cited = re.search(r"\(([^\[]*), \[Strike group", md).group(1)
        also = {name for name in re.findall(r"Also reported by (.*?) \\\[\d\\\]", md)
                if name != "U.S. Central Command"}
        assert also == {cited}, (cited, also)
        if outlet == navcent:
            assert cited == md_escape(navcent)
        else:
            assert cited.endswith("…") and len(cited) < len(md_escape(outlet))
        html = render_html(briefing, RenderOptions())
        names = re.findall(r"<span>([^<]*)</span> (?:·|<a class=\"ref\" href=\"#source-\d\")",
                           html)
        assert len(set(names) - {"U.S. Central Command"}) == 1, names


def test_the_outlets_past_thirty_are_counted_in_words_a_reader_can_parse():
    """The mixed dev day's Sources ended "…; ETF Daily News (1); 81 from 81 other outlets."
    The count past the thirty outlets named says what it counts."""
    shown = Article(id="s", title="Talks resume", text="x", source="Agence")
    point = KeyPoint("s", "Talks resumed in Geneva on Monday.", 0, 1.0)
    rest = tuple(Article(id=f"r{i}", title=f"Item {i}", text="x", source=f"Outlet {i}")
                 for i in range(40 + 30 + 31))
    briefing = replace(_one_point_stories(date(2024, 12, 8), (point,), (shown,)),
                       articles=(shown, *rest))
    md = render_markdown(briefing, RenderOptions())
    html = render_html(briefing, RenderOptions())
    for text in (md, html):
        assert "Outlet 69 (1); and 31 articles from 31 other outlets." in text
    one_more = replace(briefing, articles=(shown, *rest[:-30]))
    assert "and 1 article from 1 other outlet." in render_markdown(one_more, RenderOptions())


def test_sources_are_numbered_in_the_order_the_briefing_first_cites_them():
    """On the mixed dev day the Sources were numbered in the order the articles were read:
    the top line cited [39], the first section [37] and [27], then [3], [7], [9], so a
    reader of the printed briefing hunted for each in the list. The first source cited
    is [1], the next new one [2], and so on; the ones not shown come after."""
    papers = [Article(id=f"p{i}", title=f"Report {i}", text="x", source=f"Paper {i}")
              for i in range(6)]
    first = KeyPoint("p4", "Troops crossed the river at dawn.", 0, 1.0,
                     (ThemeScore("military", 0.8),), also_reported_by=("p5",))
    second = KeyPoint("p2", "Envoys met in Geneva.", 0, 1.0, (ThemeScore("diplomacy", 0.8),))
    top = KeyPoint("p3", "The ceasefire held overnight.", 0, 1.0,
                   (ThemeScore("diplomacy", 0.8),))
    sections = (Section("military", "Military action",
                        (Story("p4", (papers[4], papers[5]), (first,), 1.0),)),
                Section("diplomacy", "Diplomacy",
                        (Story("p2", (papers[2],), (second,), 1.0),
                         Story("p3", (papers[3],), (top,), 1.0))))
    briefing = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                        generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC), sections=sections,
                        top_lines=(top,), articles=tuple(papers))
    md = render_markdown(briefing, RenderOptions())
    refs = [int(n) for n in re.findall(r"\\\[(\d+)\\\]", md.split("## Sources")[0])]
    assert list(dict.fromkeys(refs)) == [1, 2, 3, 4], refs
    sources = md.split("## Sources")[1]
    for n, paper in enumerate(["Paper 3", "Paper 4", "Paper 5", "Paper 2"], start=1):
        assert f"\n{n}. {paper}: Report" in sources, sources
    # the articles no point cites follow, as before
    assert "5. Paper 0: Report 0 · not shown above" in sources
    html = render_html(briefing, RenderOptions())
    assert '<li id="source-1"><span>Paper 3</span>' in html


def test_a_tilde_in_article_text_opens_no_code_block_or_strikethrough_in_markdown():
    """"~~~" opens a fenced code block in CommonMark, as "```" does (escaped), and "~~x~~"
    strikes text through in GitHub's Markdown: an outlet named "~~~ Wire" turned its
    Sources line into an empty code block that swallowed the citation, and a point's
    "~~words~~" was shown struck out. markdown-it (CommonMark, with strikethrough) and
    Python-Markdown both show the tildes as written."""
    from html import unescape

    from markdown_it import MarkdownIt

    from briefing.render import md_unescape

    b = hostile_briefing()
    article = replace(b.articles[0], source="~~~ Wire", title="~~Talks~~ resume")
    point = replace(b.sections[0].stories[0].key_points[0],
                    text="~~~python Ministers said the ~~talks~~ would resume.")
    story = replace(b.sections[0].stories[0], articles=(article, b.articles[1]),
                    key_points=(point,))
    b = replace(b, articles=(article, b.articles[1]), top_lines=(point,),
                sections=(replace(b.sections[0], stories=(story,)),))
    md = render_markdown(b, RenderOptions())
    for html in (MarkdownIt("commonmark").enable("strikethrough").render(md),
                 markdown.markdown(md, extensions=["extra"])):
        assert "<pre" not in html and "<code" not in html and "<s>" not in html
        assert "<del>" not in html
        shown = unescape(html)  # "&#126;" is how Python-Markdown passes "~" on
        assert "~~~ Wire" in shown and "~~~python Ministers said the ~~talks~~" in shown
    assert md_unescape(md_escape("a ~~b~~ ~~~c")) == "a ~~b~~ ~~~c"


@pytest.mark.parametrize("field", ["title", "source"])
def test_a_line_break_in_a_title_or_outlet_name_starts_no_markdown_block(field):
    """A feed's title or outlet name may hold line breaks: printed as they are, the text
    after a blank line is a block of its own, here a heading and a list item."""
    briefing = hostile_briefing()
    article = replace(briefing.articles[0], url="https://news.example/a",
                      **{field: "Harbour talks\n\n# Injected heading\n\n- injected item"})
    briefing = replace(briefing, articles=(article, *briefing.articles[1:]))
    html = markdown.markdown(render_markdown(briefing, RenderOptions()))
    assert "Injected heading" in html
    assert "<h1>Injected" not in html and "<li>injected" not in html


def test_a_template_that_includes_one_not_there_names_itself_and_where_it_looked(run_cli,
                                                                                 workdir):
    """A user's briefing.md.j2 that includes "header.md.j2", a file not written yet, stopped
    the build with "template header.md.j2 not found": not which template asked for it, nor
    which folders were searched, so the user could not tell a typo from a file in the wrong
    folder (beside briefing.toml rather than in output.templates)."""
    templates = workdir / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text(
        '{{ briefing.title }}\n{% include "header.md.j2" %}\n')
    (workdir / "briefing.toml").write_text('[output]\ntemplates = "templates"\n')
    r = run_cli("build", "--date", "2024-12-08", "--format", "md")
    assert r.code == 1 and len(r.err.strip().splitlines()) == 1, r.err
    from briefing.render.options import builtin_templates_dir

    assert r.err.strip().endswith(
        f"error: {templates / 'briefing.md.j2'}: line 2: template header.md.j2 not found (looked "
        f"in {templates} and the built-in templates, {builtin_templates_dir()})")
