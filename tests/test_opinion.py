"""Opinion pieces: told from reporting by what their sources signpost (briefing/genre.py),
and never a top line (compose)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from httpserver import send, serve

from briefing.genre import is_opinion, opinion_label, opinion_title, opinion_url
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


# --- a real build ------------------------------------------------------------------------

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
