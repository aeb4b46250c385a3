"""Opinion pieces: told from reporting by what their sources signpost, marked beside every
point they give, and never a top line (briefing/genre.py, compose, the templates)."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import pytest
from httpserver import send, serve

from briefing.genre import (
    is_opinion,
    opinion_disclaimer,
    opinion_label,
    opinion_title,
    opinion_url,
)
from briefing.model import Article

# --- what counts -------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://edition.cnn.com/2015/03/31/opinions/holbrook-indiana-rfra/index.html",
    "https://www.nytimes.com/2024/12/09/opinion/syria-assad-fall.html",
    "https://www.washingtonpost.com/opinions/2024/12/09/syria-assad/",
    "https://www.theguardian.com/commentisfree/2024/dec/09/syria-assad-regime",
    "https://www.reuters.com/breakingviews/syria-rebuild-costs-2024-12-09/",
    "https://example.com/news/op-ed/why-the-alliance-must-hold",
    "https://example.com/Opinion/Columnists/the-week-in-washington",
    "https://example.com/editorials/our-view-on-the-budget",
    "https://example.com/commentary/2024/12/09/a-hard-winter",
])
def test_an_opinion_section_in_the_url_path_counts(url):
    assert opinion_url(url) and is_opinion(url=url)


@pytest.mark.parametrize("url", [
    "https://example.com/news/opinion-poll-shows-labour-ahead",  # a slug: news about a poll
    "https://example.com/politics/opinion-polls/2024/12/09/labour-lead",  # a topic: polling
    "https://example.com/live/blogs/2024/12/09/syria-live",  # a blog is a format, not a genre
    "https://example.com/about/editorial-standards",
    "https://example.com/world/syria?section=opinion",  # the query is not the path
    "https://opinion.example.com/world/syria",  # nor the host
    "",
])
def test_a_word_inside_a_slug_a_query_or_the_host_does_not(url):
    assert not opinion_url(url)


@pytest.mark.parametrize("title", [
    "Opinion: Assad's fall is a warning to every strongman",
    "Opinion | The Syria we are about to lose",
    "OPINION: Washington must not look away",
    "Op-Ed: A ceasefire is not peace",
    "Commentary: The cost of waiting in Syria",
    "Editorial: The Pentagon owes Congress an answer",
    "Column: What the carrier's arrival tells us",
    "OPINION — Europe's moment in the Middle East",
    "The Syria we are about to lose | Opinion",
])
def test_a_title_that_opens_or_ends_with_an_opinion_label_counts(title):
    assert opinion_title(title) and is_opinion(title=title)


@pytest.mark.parametrize("title", [
    "Opinion poll shows Labour ahead by ten points",
    "Opinion polls: Labour ahead by ten points",
    "Analysis: What Assad's fall means for Iran",
    "Editorial board of the Daily Star resigns over ownership",
    "Court publishes its opinion on the strike",
    "Columnist arrested in Istanbul",
    "",
])
def test_a_title_that_only_uses_the_word_does_not(title):
    assert not opinion_title(title)


def test_a_source_s_category_or_kind_counts_by_its_name():
    for label in ("Opinion", "opinions", "Op-Eds", "Editorials", "Opinion/Columnists",
                  "Opinion > Commentary"):
        assert opinion_label(label), label
    for label in ("World", "Opinion polls", "Analysis", "Blogs", ""):
        assert not opinion_label(label), label
    assert is_opinion(labels=["World", "Opinion"]) and not is_opinion(labels=["World"])


@pytest.mark.parametrize("text", [
    "Editor's note: Jane Roe is a former ambassador to Jordan. The opinions expressed in this "
    "commentary are solely those of the author.\n\nThe carrier is not a strategy.",
    "The carrier is not a strategy.\n\nThe views expressed in this article are the "
    "author's own and do not necessarily reflect the outlet's editorial stance.",
    "Sending a carrier is a gesture. Views expressed here are her own.",
])
def test_an_op_eds_disclaimer_at_its_opening_or_end_counts(text):
    assert opinion_disclaimer(text) and is_opinion(text=text)


@pytest.mark.parametrize("text", [
    # someone's views reported, not the piece's own disclaimer
    "The minister said the views expressed by the protesters were heard in the cabinet.",
    "Opinions expressed at the summit varied widely, diplomats said.",
    # a disclaimer deep inside a long report is a quotation of one, not the piece's
    "Talks resumed. " * 120 + "He read out: the views expressed are those of the author. "
    + "Talks ended. " * 120,
])
def test_views_a_report_tells_of_do_not(text):
    assert not opinion_disclaimer(text)


def test_a_page_whose_address_names_no_section_is_opinion_by_its_disclaimer(run_cli, workdir):
    """A syndicated op-ed under /world/ keeps only its disclaimer to say what it is."""
    page = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>The carrier is not a strategy</title></head><body><article>
<h1>The carrier is not a strategy</h1>
<p>Editor's note: Jane Roe is a former US ambassador to Jordan. The opinions expressed in
this commentary are solely those of the author.</p>
<p>Sending an aircraft carrier to the Middle East is a gesture, and the Pentagon keeps
mistaking gestures for a military strategy in Syria and Iraq, as every administration since
2014 has done while promising to defeat the Islamic State group in the region for good.</p>
<p>Every deployment has left the job to the next one while troops stayed exposed to militia
attacks across eastern Syria, and the pattern will hold until Washington sets out what it
wants the region to look like once the fighting stops, which it has never done.</p>
</article></body></html>"""
    routes = {"/world/2024/12/16/carrier": lambda h: send(h, 200, page,
                                                         "text/html; charset=utf-8")}
    with serve(routes) as server:
        r = run_cli("build", "--source", server.url("/world/2024/12/16/carrier"),
                    "--date", "2024-12-16", "--format", "json")
    assert r.code == 0, r.err
    data = json.loads((workdir / "out" / "2024-12-16" / "briefing.json").read_text("utf-8"))
    assert [a["opinion"] for a in data["articles"]] == [True]


# --- a real build ------------------------------------------------------------------------

# One news report and three opinion pieces on the same day, each piece signposted another
# way: a front matter kind, its URL, its title. The pieces are as salient as the report.
NEWS = """---
title: US carrier strike group enters Middle East as Syria fighting spreads
source: Wire Service
url: https://news.example.com/world/2024/12/16/carrier-strike-group-middle-east
published: 2024-12-16T09:00:00Z
---
The USS Harry S. Truman carrier strike group entered the US Central Command area of
responsibility on Monday, the Pentagon said, as fighting in Syria spread to the north.

The strike group includes the aircraft carrier, two guided-missile destroyers and a cruiser,
with about 5,000 sailors and 70 aircraft aboard, according to US Naval Forces Central Command.

Defense officials said the deployment was planned months ago and would support operations
against the Islamic State group in Syria and Iraq.
"""

PIECES = {
    "kind-opinion.md": """---
title: America cannot afford to look away from Syria
source: The Daily Ledger
kind: opinion
published: 2024-12-16T08:00:00Z
---
When the Assad regime collapsed, Washington apparently did not anticipate how quickly the
Islamic State group would try to exploit the chaos in eastern Syria.

The Pentagon should keep its troops in Syria and expand strikes against Islamic State camps
before the militants regroup in the desert.

Withdrawing now would hand Iran and Russia a victory they could not win on the battlefield.
""",
    "url-opinion.md": """---
title: The carrier is not a strategy
source: The Evening Standard-Bearer
url: https://ledger.example.com/opinion/2024/12/16/the-carrier-is-not-a-strategy
published: 2024-12-16T07:00:00Z
---
Sending an aircraft carrier to the Middle East is a gesture, and the Pentagon keeps
mistaking gestures for a military strategy in Syria and Iraq.

Every administration since 2014 has promised to defeat the Islamic State group and every one
has left the job to the next, while American troops stayed exposed to militia attacks.
""",
    "title-opinion.md": """---
title: "Opinion: Turkey's offensive in northern Syria must be stopped"
source: The Morning Review
published: 2024-12-16T06:00:00Z
---
Turkish forces and their Syrian allies launched an offensive against Kurdish fighters in
northern Syria this week, and NATO allies should say plainly that it must stop.

The Kurdish-led forces guard thousands of Islamic State detainees in prison camps, and an
assault on them risks the escape of hardened fighters across the border.
""",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A configured build (through the store) of the report and the three pieces."""
    from briefing.cli import main

    home = tmp_path_factory.mktemp("opinion")
    (home / "news").mkdir()
    (home / "news" / "report.md").write_text(NEWS, encoding="utf-8")
    for name, text in PIECES.items():
        (home / "news" / name).write_text(text, encoding="utf-8")
    (home / "briefing.toml").write_text(
        f'[sources]\npaths = ["{home / "news"}"]\n[store]\npath = "{home / "store.db"}"\n'
        f'[output]\ndir = "{home / "out"}"\n', encoding="utf-8")
    code = main(["build", "--config", str(home / "briefing.toml"), "--date", "2024-12-16",
                 "--format", "md,html,json,pdf"])
    assert code == 0
    return home / "out" / "2024-12-16"


OPINION_IDS = {"kind-opinion", "url-opinion", "title-opinion"}


def test_briefing_json_says_which_articles_are_opinion(built):
    data = json.loads((built / "briefing.json").read_text(encoding="utf-8"))
    kinds = {a["id"]: a["opinion"] for a in data["articles"]}
    assert kinds == {"report": False, **dict.fromkeys(OPINION_IDS, True)}


def test_top_lines_are_reported_news_not_opinion(built):
    data = json.loads((built / "briefing.json").read_text(encoding="utf-8"))
    assert data["top_lines"], "the report must give a top line"
    tops = [p["article_id"] for p in data["top_lines"]]
    assert not set(tops) & OPINION_IDS, tops
    # an opinion story stays in its theme section, marked
    shown = {p["article_id"] for s in data["sections"] for st in s["stories"]
             for p in st["key_points"]}
    assert shown & OPINION_IDS


def _markdown_points(md: str) -> list[str]:
    body = md.split("## Contents", 1)[1].split("## Sources", 1)[0]
    return [line for line in body.splitlines() if line.startswith("- ")
            and "](#" not in line]


def test_each_opinion_point_is_marked_beside_its_citation_in_markdown(built):
    md = (built / "briefing.md").read_text(encoding="utf-8")
    points = _markdown_points(md)
    opinion = [p for p in points if any(s in p for s in (
        "The Daily Ledger", "The Evening Standard-Bearer", "The Morning Review"))]
    report = [p for p in points if "Wire Service" in p]
    assert opinion and report
    assert all(re.search(r"\*\*Opinion\*\* · \((The Daily Ledger|The Evening Standard-Bearer"
                         r"|The Morning Review), ", p) for p in opinion), opinion
    assert not any("Opinion" in p for p in report)
    top = md.split("## Top lines", 1)[1].split("## Contents", 1)[0]
    assert "Opinion" not in top
    # the sources appendix says it too
    sources = md.split("## Sources", 1)[1]
    assert sources.count(" · opinion") == 3
    lint = pytest.importorskip("test_markdown_lint").lint
    assert lint(md) == []


def test_each_opinion_point_is_marked_in_html_and_pdf(built):
    import html as html_lib

    page = (built / "briefing.html").read_text(encoding="utf-8")
    items = re.findall(r'<ul class="points">(.*?)</ul>', page, re.DOTALL)
    points = [li for block in items for li in re.findall(r"<li.*?</li>", block, re.DOTALL)]
    tag = '<div class="cite"><span class="opinion-tag">Opinion</span> · '
    marked = [li for li in points if tag in li]
    assert marked and all("Wire Service" not in li for li in marked)
    assert all(tag in li for li in points if "The Morning Review" in li)
    top = page.split('id="top-lines"', 1)[1].split("</section>", 1)[0]
    assert "opinion-tag" not in top
    assert ".opinion-tag" in page  # styled
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(" ".join(p.extract_text().split())
                    for p in pypdf.PdfReader(built / "briefing.pdf").pages)
    assert "OPINION ·" in text or "Opinion ·" in text, html_lib.unescape(text[:300])


def test_the_email_marks_opinion_too(built, run_cli):
    from email import policy
    from email.parser import BytesParser

    home = built.parent.parent
    r = run_cli("send", "--config", home / "briefing.toml", "--date", "2024-12-16",
                "--to", "reader@example.org")
    assert r.code == 0, r.err
    (eml,) = (home / "out" / "outbox").glob("*.eml")
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert re.search(r"Opinion\W* · \(The Morning Review, ", text), text
    # boxed as on the page (the email keeps no classes: its styles are inline)
    assert re.search(r"<span style=\"[^\"]*border:1px solid #4a5260[^\"]*\">Opinion</span> · ",
                     html)
    top = text.split("Top lines", 1)[1].split("Contents", 1)[0]
    assert "Opinion" not in top and "Wire Service" in top


def test_an_opinion_piece_is_not_a_top_line_even_when_it_is_the_strongest_story():
    """Compose alone: the opinion story outranks the report, and still gives no top line;
    it keeps its place in its section."""
    from briefing.compose import ComposeOptions, compose
    from briefing.model import KeyPoint, Summary, ThemeScore

    def summary(aid: str, score: float, opinion: bool) -> Summary:
        article = Article(id=aid, title=aid, text="x", source=aid, opinion=opinion)
        point = KeyPoint(aid, f"{aid} says the alliance must hold its line in the east "
                         "whatever the cost of the winter ahead.", 0, score,
                         (ThemeScore("military", 0.9),))
        return Summary(article, (point,), 1)

    day = [summary("column", 1.0, True), summary("report", 0.6, False)]
    briefing = compose(day, day=date(2024, 12, 16), title="t",
                       themes=[("military", "Military action")],
                       generated_at=datetime(2024, 12, 16, tzinfo=UTC),
                       options=ComposeOptions(top_lines=5, top_lines_min_share=0))
    assert [p.article_id for p in briefing.top_lines] == ["report"]
    assert [st.id for st in briefing.sections[0].stories] == ["column", "report"]


def test_a_story_told_by_a_report_and_a_column_leads_with_the_report_s_telling():
    from briefing.compose import ComposeOptions, compose
    from briefing.model import KeyPoint, Summary, ThemeScore

    fact = ("The carrier strike group entered the Central Command area on Monday with two "
            "destroyers and a cruiser")
    column = Article(id="column", title="c", text="x", source="Ledger", opinion=True)
    report = Article(id="report", title="r", text="x", source="Wire")
    theme = (ThemeScore("military", 0.9),)
    day = [Summary(column, (KeyPoint("column", fact + " and 70 aircraft.", 0, 1.0, theme),), 1),
           Summary(report, (KeyPoint("report", fact + ".", 0, 0.5, theme),), 1)]
    briefing = compose(day, day=date(2024, 12, 16), title="t",
                       themes=[("military", "Military action")],
                       generated_at=datetime(2024, 12, 16, tzinfo=UTC),
                       story_keys=["s", "s"], options=ComposeOptions(top_lines_min_share=0))
    assert [(p.article_id, p.also_reported_by) for p in briefing.top_lines] == [
        ("report", ("column",))]


def test_a_feed_entry_s_opinion_category_marks_it(run_cli, workdir):
    feed = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>The Daily Ledger</title>
<item><title>The carrier is not a strategy</title><link>https://ledger.example.com/a/1</link>
<guid>ledger-1</guid><category>Opinion</category><pubDate>Mon, 16 Dec 2024 07:00:00 GMT</pubDate>
<description>Sending an aircraft carrier to the Middle East is a gesture, and the Pentagon keeps
mistaking gestures for a military strategy in Syria and Iraq, as every administration since
2014 has done while promising to defeat the Islamic State group in the region for good,
and leaving the job to the next one while troops stayed exposed to militia attacks.</description>
</item>
<item><title>Carrier strike group enters the Middle East</title>
<link>https://ledger.example.com/a/2</link><guid>ledger-2</guid><category>World</category>
<pubDate>Mon, 16 Dec 2024 09:00:00 GMT</pubDate>
<description>The USS Harry S. Truman carrier strike group entered the US Central Command area
of responsibility on Monday, the Pentagon said, with two destroyers and a cruiser, about
5,000 sailors and 70 aircraft aboard, to support operations against the Islamic State
group in Syria and Iraq, defense officials said in a statement.</description>
</item></channel></rss>"""
    routes = {"/feed.rss": lambda h: send(h, 200, feed, "application/rss+xml")}
    with serve(routes) as server:
        r = run_cli("build", "--source", server.url("/feed.rss"), "--date", "2024-12-16",
                    "--format", "json")
    assert r.code == 0, r.err
    data = json.loads((workdir / "out" / "2024-12-16" / "briefing.json").read_text("utf-8"))
    kinds = {a["title"]: a["opinion"] for a in data["articles"]}
    assert kinds == {"The carrier is not a strategy": True,
                     "Carrier strike group enters the Middle East": False}


def test_an_article_stored_before_the_opinion_column_is_still_read_by_its_url(tmp_path):
    from briefing.store import Store

    with Store.open(tmp_path / "store.db") as store:
        store.remember([Article(id="a", title="The carrier is not a strategy", text="x y z",
                                url="https://ledger.example.com/opinion/2024/12/16/a")],
                       seen_at=datetime(2024, 12, 16, tzinfo=UTC))
        store.db.execute("UPDATE articles SET opinion = 0")  # as a store of before
        (article,) = store.articles_between(None, datetime(2024, 12, 17, tzinfo=UTC))
    assert article.opinion
