"""Composition on the seeds: stories across outlets, sections by theme, actors and quotes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from conftest import SEEDS

from briefing.compose import ComposeOptions, compose
from briefing.config import load_config
from briefing.pipeline import load_themes, summarize_articles
from briefing.sources import read_sources
from briefing.stories import group_stories


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    config = load_config(cwd=tmp_path_factory.mktemp("c"))
    taxonomy, classifier = load_themes(config)
    summaries = summarize_articles(read_sources([SEEDS], tz=UTC).articles, config,
                                   classifier=classifier)
    return compose(
        summaries,
        day=date(2024, 12, 20),
        title="Daily briefing",
        themes=[(t.id, t.label) for t in taxonomy.themes],
        generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC),
        story_keys=group_stories([s.article for s in summaries]),
    )


def stories_by_id(briefing):
    return {st.id: st for s in briefing.sections for st in s.stories}


def test_the_two_truman_reports_are_one_story_with_both_sources(briefing):
    truman = [st for st in stories_by_id(briefing).values() if "Truman" in st.headline]
    assert len({st.id for st in truman}) == 1
    assert {a.source for a in truman[0].articles} >= {"U.S. Central Command"}


def test_sections_follow_the_taxonomy_and_other_comes_last(briefing):
    titles = [s.title for s in briefing.sections]
    assert titles[0] == "Military action"
    assert titles[-1] == "Other developments" or "Other developments" not in titles


def test_founding_story_names_its_actors_and_speakers(briefing):
    founding = stories_by_id(briefing)["000_0e06bca53e2e7670"]
    names = {a.name for a in founding.actors}
    for expected in ("CENTCOM", "ISIS", "Bashar Assad", "Antony Blinken", "Michael Erik Kurilla",
                     "Syria", "Russia", "Iran"):
        assert expected in names, expected
    assert not names & {"Sunday", "The"}
    speakers = {q.text[:28]: q.speaker for q in founding.quotes}
    assert speakers.get("There should be no doubt: we") == "Michael Erik Kurilla"


def test_top_lines_are_one_lead_point_per_story(briefing):
    assert 1 <= len(briefing.top_lines) <= ComposeOptions().top_lines
    assert len({p.article_id for p in briefing.top_lines}) == len(briefing.top_lines)


def test_section_cap_counts_what_it_leaves_out(tmp_path):
    config = load_config(cwd=tmp_path)
    taxonomy, classifier = load_themes(config)
    summaries = summarize_articles(read_sources([SEEDS], tz=UTC).articles, config,
                                   classifier=classifier)
    capped = compose(summaries, day=date(2024, 12, 20), title="t",
                     themes=[(t.id, t.label) for t in taxonomy.themes],
                     generated_at=datetime(2024, 12, 20, tzinfo=UTC),
                     options=ComposeOptions(points_per_section=1))
    for section in capped.sections:
        assert sum(len(st.key_points) for st in section.stories) == 1
    assert any(section.omitted for section in capped.sections)


def test_a_slow_day_is_not_padded_with_filler(tmp_path):
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    def summary(aid: str, scores: list[float]) -> Summary:
        article = Article(id=aid, title=aid, text="x", source=aid)
        points = tuple(KeyPoint(aid, f"{aid} point {i}", i, s, (ThemeScore("military", 0.9),))
                       for i, s in enumerate(scores))
        return Summary(article, points, len(points))

    day = [summary("big", [1.0, 0.9, 0.8, 0.7]), summary("small", [0.3]), summary("tiny", [0.1])]
    kwargs = dict(day=date(2024, 12, 20), title="t", themes=[("military", "Military action")],
                  generated_at=datetime(2024, 12, 20, tzinfo=UTC))
    strict = compose(day, options=ComposeOptions(top_lines=5, top_lines_min_share=0.25), **kwargs)
    assert [p.article_id for p in strict.top_lines] == ["big"]
    everything = compose(day, options=ComposeOptions(top_lines=5, top_lines_min_share=0), **kwargs)
    assert [p.article_id for p in everything.top_lines] == ["big", "small", "tiny"]
    # a story a desk watches for (its watch terms: `first`) is no filler, however slight
    watched = compose(day, first=["tiny"],
                      options=ComposeOptions(top_lines=5, top_lines_min_share=0.25), **kwargs)
    assert [p.article_id for p in watched.top_lines] == ["tiny", "big"]


def _scored(aid: str, score: float, theme: str, published: datetime | None = None,
            via: str = ""):
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    article = Article(id=aid, title=aid, text="x", source=aid, published=published, via=via)
    point = KeyPoint(aid, f"{aid} said something of note today.", 0, score,
                     (ThemeScore(theme, 0.9),))
    return Summary(article, (point,), 1)


def test_a_theme_weight_from_config_lifts_its_stories_in_the_top_lines():
    day = [_scored("trade", 1.0, "economy"), _scored("clash", 0.8, "military")]
    kwargs = dict(day=date(2024, 12, 20), title="t",
                  themes=[("military", "Military action"), ("economy", "Economy")],
                  generated_at=datetime(2024, 12, 20, tzinfo=UTC))
    plain = compose(day, **kwargs)
    assert [p.article_id for p in plain.top_lines] == ["trade", "clash"]
    weighted = compose(day, theme_weights={"military": 1.5}, **kwargs)
    assert [p.article_id for p in weighted.top_lines] == ["clash", "trade"]


def test_older_stories_rank_below_fresh_ones_of_the_same_weight():
    morning = datetime(2024, 12, 20, 6, tzinfo=UTC)
    day = [_scored("stale", 1.0, "military", morning.replace(day=18)),
           _scored("fresh", 0.8, "military", morning)]
    kwargs = dict(day=date(2024, 12, 20), title="t", themes=[("military", "Military action")],
                  generated_at=morning)
    ranked = compose(day, **kwargs)  # two days old at a 24-hour half-life: 1.0 counts 0.25
    assert [st.id for st in ranked.sections[0].stories] == ["fresh", "stale"]
    assert [p.article_id for p in ranked.top_lines] == ["fresh", "stale"]
    no_decay = compose(day, options=ComposeOptions(recency_half_life_hours=0), **kwargs)
    assert [st.id for st in no_decay.sections[0].stories] == ["stale", "fresh"]


def test_a_report_dated_years_ahead_does_not_age_the_rest_of_the_day():
    morning = datetime(2024, 12, 20, 6, tzinfo=UTC)
    day = [_scored("clash", 1.0, "military", morning),
           _scored("talks", 0.9, "military", morning.replace(hour=4)),
           _scored("misdated", 0.8, "military", morning.replace(year=2029))]
    kwargs = dict(day=date(2024, 12, 20), title="t", themes=[("military", "Military action")],
                  generated_at=morning)
    ranked = compose(day, **kwargs)
    # measured from the misdated report, the day's two stories would be five years old and
    # weigh nothing beside it; it is five years from the day's news, and weighs nothing
    assert [p.article_id for p in ranked.top_lines] == ["clash", "talks"]
    assert [st.id for st in ranked.sections[0].stories] == ["clash", "talks", "misdated"]


def test_stories_weeks_older_than_the_day_are_still_ranked_by_what_they_weigh():
    newest = datetime(2024, 12, 20, 6, tzinfo=UTC)
    month_old = newest.replace(month=11, day=15)
    day = [_scored("today", 1.0, "military", newest),
           _scored("a-weak", 0.2, "military", month_old),
           _scored("b-strong", 0.9, "military", month_old)]
    briefing = compose(day, day=date(2024, 12, 20), title="t",
                       themes=[("military", "Military action")], generated_at=newest)
    stories = briefing.sections[0].stories
    # 35 days at a 24-hour half-life weigh about 3e-11 of the day's news; rounded to six
    # decimals both old stories weighed 0 and "a-weak" led them by its id
    assert [st.id for st in stories] == ["today", "b-strong", "a-weak"]
    assert 0 < stories[2].score < stories[1].score < 1e-9


def test_stories_years_older_than_the_day_are_still_ranked_by_what_they_weigh():
    newest = datetime(2024, 12, 20, 6, tzinfo=UTC)
    day = [_scored("today", 1.0, "military", newest),
           _scored("a-weak", 0.2, "military", newest.replace(year=2019)),
           _scored("b-strong", 0.9, "military", newest.replace(year=2014)),
           _scored("c-undated", 0.5, "military")]
    briefing = compose(day, day=date(2024, 12, 20), title="t",
                       themes=[("military", "Military action")], generated_at=newest)
    stories = briefing.sections[0].stories
    # five and ten years at a 24-hour half-life are 0.5 ** 1,826 and 0.5 ** 3,653: 0 in a
    # float, so both weighed 0 and the three old stories were ranked by their ids. Past
    # `OLDEST_HALF_LIVES` age counts no more; the undated one is as old as the middle
    # dated story, five years
    assert [st.id for st in stories] == ["today", "b-strong", "c-undated", "a-weak"]
    assert 0 < stories[3].score < stories[2].score < stories[1].score < 1e-290


def test_a_heavier_source_lifts_its_stories_in_the_section_and_the_top_lines():
    wire, ministry = "https://wire.example/feed", "https://mod.example/feed"
    day = [_scored("wire", 1.0, "military", via=wire),
           _scored("ministry", 0.8, "military", via=ministry),
           _scored("local", 0.9, "military")]  # --source: no configured source, counts 1
    kwargs = dict(day=date(2024, 12, 20), title="t", themes=[("military", "Military action")],
                  generated_at=datetime(2024, 12, 20, tzinfo=UTC))
    plain = compose(day, source_weights={wire: 1.0}, **kwargs)
    assert [st.id for st in plain.sections[0].stories] == ["wire", "local", "ministry"]
    weighted = compose(day, source_weights={wire: 1.0, ministry: 2.0}, **kwargs)
    assert [st.id for st in weighted.sections[0].stories] == ["ministry", "wire", "local"]
    assert [p.article_id for p in weighted.top_lines] == ["ministry", "wire", "local"]
    assert weighted.sections[0].stories[0].score == 2 * plain.sections[0].stories[2].score


def test_a_story_counts_as_its_heaviest_source_says():
    from briefing.compose import story_strength
    from briefing.model import Article, KeyPoint

    points = [KeyPoint("a", "Forces struck camps in the desert overnight.", 0, 1.0)]
    both = [Article("a", "t", "x", source="Wire", via="wire"),
            Article("b", "t", "x", source="Ministry", via="ministry")]
    one = story_strength(both, points, 1.0, {})
    assert story_strength(both, points, 1.0, {"ministry": 3.0, "wire": 0.5}) == 3 * one
    assert story_strength(both, points, 1.0, {"wire": 0.5}) == one  # ministry counts 1


def test_a_fact_several_outlets_tell_is_one_point_credited_to_each():
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    def told(aid: str, *texts: str) -> Summary:
        article = Article(id=aid, title=aid, text="x", source=aid.title())
        military = (ThemeScore("military", 0.9),)
        return Summary(article, tuple(KeyPoint(aid, t, i, 0.5, military)
                                      for i, t in enumerate(texts)), len(texts))

    short = ("Two destroyers entered the Red Sea on Saturday to escort merchant convoys, "
             "the navy said.")
    fuller = ("Two destroyers and a supply ship entered the Red Sea on Saturday to escort "
              "merchant convoys, the navy said.")
    reworded = ("Two destroyers and a supply ship sailed into the Red Sea on Saturday to escort "
                "merchant convoys, the navy said.")
    day = [told("wire", short, "It was over."),
           told("agency", fuller, "Convoys will resume next week under escort, officials said."),
           told("paper", reworded, "It was over for the rebels in the north, the army said.")]
    briefing = compose(day, day=date(2024, 12, 20), title="t",
                       themes=[("military", "Military action")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC),
                       story_keys=["red-sea"] * 3)
    (story,) = briefing.sections[0].stories
    by_text = {p.text: p for p in story.key_points}
    # the fuller telling replaces the shorter one, in its place, and credits both others
    assert [p.text for p in story.key_points][0] == fuller
    assert short not in by_text and reworded not in by_text
    assert by_text[fuller].also_reported_by == ("wire", "paper")
    # other facts stay, and a sentence too short to identify a fact is never merged
    assert "Convoys will resume next week under escort, officials said." in by_text
    assert "It was over." in by_text
    assert "It was over for the rebels in the north, the army said." in by_text
    # the top line tells the fact in its briefest whole telling, crediting the others
    (top,) = briefing.top_lines
    assert (top.text, top.article_id, top.also_reported_by) == (short, "wire", ("agency", "paper"))


def test_a_story_under_two_themes_leads_the_top_lines_with_its_fittest_point():
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    article = Article(id="fire", title="Fire at a supermarket", text="x", source="Local TV")
    strong = KeyPoint("fire", "Police are continuing to investigate a fire at a supermarket "
                      "in Wellington, which they say may have been arson.", 0, 1.38,
                      (ThemeScore("justice", 0.8),))
    weak = KeyPoint("fire", "Staff are today turning away customers.", 1, 0.31,
                    (ThemeScore("economy", 0.6),))
    briefing = compose([Summary(article, (strong, weak), 4)], day=date(2024, 12, 20),
                       title="t", themes=[("economy", "Economy"), ("justice", "Law")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC))
    # the story is shown once, under the theme of its most salient point, the weak point
    # with it (its economy theme a tag); its top line is the fit point, not the weak one
    assert [s.theme for s in briefing.sections] == ["justice"]
    assert [p.text for p in briefing.sections[0].stories[0].key_points] == [strong.text,
                                                                          weak.text]
    assert [p.text for p in briefing.top_lines] == [strong.text]


def test_one_fact_in_three_papers_says_no_more_than_once():
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    readout = "The ministry said the two delegations met in Geneva for three hours on Monday."
    day = []
    for paper in ("a", "b", "c"):
        article = Article(id=paper, title="t", text="x", source=paper.upper())
        day.append(Summary(article, (KeyPoint(paper, readout, 0, 1.0,
                                              (ThemeScore("diplomacy", 0.9),)),), 1))
    briefing = compose(day, day=date(2024, 12, 20), title="t",
                       themes=[("diplomacy", "Diplomacy")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC), story_keys=["geneva"] * 3)
    (story,) = briefing.sections[0].stories
    # what it says counts once (1.0); that three outlets told it counts as outlets do
    assert story.score == pytest.approx(1.0 * (1 + 0.5 * math.log2(3)), rel=1e-6)


def test_headlines_of_one_story_are_one_point_crediting_the_other_outlets():
    from briefing.model import HEADLINE, Article, KeyPoint, Summary, ThemeScore

    headlines = {"a": "Volcanoes Helped Species Survive Ice Age: Study",
                 "b": "Volcano Steam and Heat Helped Species Survive Ice Ages",
                 "c": "Volcanoes sustained life during ice ages"}
    day = [Summary(Article(id=k, title=t, text="", source=k.upper()),
                   (KeyPoint(k, t, HEADLINE, 1.0, (ThemeScore("other", 0.9),)),), 0)
           for k, t in headlines.items()]
    kwargs = dict(day=date(2024, 12, 20), title="t", themes=[("other", "Other")],
                  generated_at=datetime(2024, 12, 20, tzinfo=UTC))
    (story,) = compose(day, story_keys=["volcano"] * 3, **kwargs).sections[0].stories
    # worded too differently for sentences to merge, but each headline tells the event
    (point,) = story.key_points
    assert point.text == headlines["a"] and point.also_reported_by == ("b", "c")
    # sentences of articles with text still merge only when worded alike
    sentences = [replace(s, key_points=(replace(s.key_points[0], position=0),)) for s in day]
    (story,) = compose(sentences, story_keys=["volcano"] * 3, **kwargs).sections[0].stories
    assert len(story.key_points) == 3


# --- each point once; kinds of news not briefed (issue 18) ---------------------------------


def _summary(article_id: str, *points: tuple[str, tuple[str, ...]]):
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    article = Article(id=article_id, title=f"{article_id} title",
                      text=" ".join(p for p, _ in points), url=f"https://news.example/{article_id}",
                      published=datetime(2024, 12, 19, 8, tzinfo=UTC))
    key_points = tuple(
        KeyPoint(article_id, text, i, 1.0, tuple(ThemeScore(t, 0.9 - 0.1 * j, ("why",))
                                                  for j, t in enumerate(themes)))
        for i, (text, themes) in enumerate(points))
    return Summary(article, key_points, len(points))


BRIEFED = [("military", "Military action"), ("terrorism", "Terrorism and security")]
UNBRIEFED = [("sport", "Sport"), ("culture", "Culture and entertainment")]


def _compose(summaries, **options):
    return compose(summaries, day=date(2024, 12, 20), title="Daily briefing", themes=BRIEFED,
                   unbriefed=UNBRIEFED, generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC),
                   options=ComposeOptions(**options))


def test_a_point_is_shown_once_under_its_strongest_theme_with_the_others_as_tags(tmp_path):
    from briefing.render import render_markdown, render_options

    strike = ("Aircraft struck militant camps near the border, the ministry said on Friday.",
              ("military", "terrorism"))
    briefing = _compose([_summary("a1", strike)])
    assert [(s.theme, len(s.stories)) for s in briefing.sections] == [("military", 1)]
    assert briefing.counts.key_points == sum(s.key_points for s in briefing.counts.sections) == 1
    options, _ = render_options(load_config(cwd=tmp_path))
    md = render_markdown(briefing, options)
    assert md.count("Aircraft struck militant camps") == 2  # the section and the top line
    assert "Also: Terrorism and security" in md


def test_a_story_evenly_split_between_two_themes_goes_under_the_one_the_taxonomy_lists_first():
    """As many points first about each theme, as salient: the taxonomy's order decides,
    so the same story lands in the same section whatever order its points came in."""
    from briefing.compose import story_theme
    from briefing.model import KeyPoint, ThemeScore

    trade = KeyPoint("a1", "Exports fell.", 0, 0.5, (ThemeScore("economy", 0.9, ()),))
    talks = KeyPoint("a1", "Envoys met.", 1, 0.5, (ThemeScore("diplomacy", 0.9, ()),))
    order = {"military": 0, "diplomacy": 1, "economy": 2}
    assert story_theme([trade, talks], set(), order) == "diplomacy"
    assert story_theme([talks, trade], set(), order) == "diplomacy"


def test_articles_of_kinds_not_briefed_fill_no_section_and_no_top_line(tmp_path):
    from briefing.render import render_html, render_markdown, render_options

    summaries = [
        _summary("news", ("Troops shelled the town overnight, killing four soldiers.",
                          ("military",))),
        _summary("match", ("The striker scored twice as the champions won 3-1 on Saturday.",
                           ("sport",)),
                 ("The coach praised a young side after a hard-fought game.", ("sport",))),
        _summary("album", ("The band released its fourth album, its first in a decade.",
                           ("culture",))),
    ]
    left = _compose(summaries)
    assert [a.id for a in left.articles] == ["news"]
    assert left.left_out == (("match", "sport"), ("album", "culture"))
    assert left.also_in_the_news == ()
    assert [p.article_id for p in left.top_lines] == ["news"]
    options, _ = render_options(load_config(cwd=tmp_path))
    md = render_markdown(left, options)
    assert "2 articles on other subjects left out" in md and "striker" not in md

    listed = _compose(summaries, also_in_the_news=True)
    assert [(k.theme, [a.id for a in k.articles]) for k in listed.also_in_the_news] == [
        ("sport", ["match"]), ("culture", ["album"])]
    assert [s.theme for s in listed.sections] == ["military"]
    md = render_markdown(listed, options)
    also = md.split("## Also in the news", 1)[1].split("## Sources", 1)[0]
    assert "**Sport** (1): [match title](https://news.example/match)" in also
    assert "**Culture and entertainment** (1):" in also and "scored twice" not in md
    html = render_html(listed, options)
    assert 'id="also-in-the-news"' in html and "<strong>Sport</strong> (1)" in html


def test_a_story_is_briefed_when_at_least_half_its_articles_are():
    strike = ("Troops shelled the town overnight, killing four soldiers.", ("military",))
    launch = ("The carrier will sell the new phone from next month at a lower price.",
              ("science",))
    # one outlet's copy of the shelling read as culture stays with its story...
    shelling = [_summary("wire", strike), _summary("daily", strike),
                _summary("gossip", ("Troops shelled the town overnight.", ("culture",)))]
    # ...and one copy of a phone launch read as economy does not bring three into the briefing
    phones = [_summary(f"tech{i}", launch) for i in range(3)] + [
        _summary("business", ("The carrier will sell the phone at a lower price.",
                              ("military",)))]
    unbriefed = [*UNBRIEFED, ("science", "Science and technology")]
    briefing = compose([*shelling, *phones], story_keys=["s"] * 3 + ["p"] * 4,
                       day=date(2024, 12, 20), title="t", themes=BRIEFED, unbriefed=unbriefed,
                       generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC))
    assert sorted(a.id for a in briefing.articles) == ["daily", "gossip", "wire"]
    assert sorted(briefing.left_out) == [("business", "science"), *[(f"tech{i}", "science")
                                                             for i in range(3)]]
    # exactly half is at least half: one outlet's report read as culture, one as military
    even = compose([_summary("wire", strike),
                    _summary("arts", ("Troops shelled the town's theatre overnight.",
                                      ("culture",)))],
                   story_keys=["s", "s"], day=date(2024, 12, 20), title="t", themes=BRIEFED,
                   unbriefed=UNBRIEFED, generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC))
    assert sorted(a.id for a in even.articles) == ["arts", "wire"] and even.left_out == ()


def test_a_story_no_briefed_theme_claims_is_shown_but_gives_no_top_line():
    """Top lines are the day's briefed news: a story with no briefed theme is shown under
    "Other developments", however strong, and leads no top line."""
    stray = _summary("stray", ("The mayor opened the new harbour bridge on Friday morning.", ()),
                     ("Thousands of residents walked across the bridge before it opened.", ()))
    news = _summary("news", ("Troops shelled the town overnight, killing four soldiers.",
                             ("military",)))
    briefing = _compose([stray, news], top_lines_min_share=0)
    assert [s.theme for s in briefing.sections] == ["military", "other"]
    assert [p.article_id for p in briefing.top_lines] == ["news"]


def test_a_story_opens_with_the_article_that_tells_its_best_fact():
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    military = (ThemeScore("military", 0.9),)

    def report(aid: str, *points: tuple[str, float]) -> Summary:
        article = Article(id=aid, title=aid, text="x", source=aid.upper())
        return Summary(article, tuple(KeyPoint(aid, t, i, s, military)
                                      for i, (t, s) in enumerate(points)), len(points))

    day = [report("colour", ("Local fishermen say the boats came from across the gulf.", 0.6),
                  ("Attacks on shipping have grown bolder in recent months.", 0.5)),
           report("navy", ("The navy captured 23 pirates who threatened a merchant vessel.", 1.4),
                  ("The pirates were taken to Mumbai for questioning, officials said.", 0.9))]
    briefing = compose(day, day=date(2024, 12, 20), title="t",
                       themes=[("military", "Military action")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC),
                       story_keys=["pirates"] * 2)
    (story,) = briefing.sections[0].stories
    # the best fact's article first, in its own order, then the other in arrival order
    assert [(p.article_id, p.position) for p in story.key_points] == [
        ("navy", 0), ("navy", 1), ("colour", 0), ("colour", 1)]
    assert story.lead.article_id == "navy"


def test_a_story_shows_its_first_points_and_leaves_room_for_the_next_ones(tmp_path):
    """Seven papers' reports of one fire once filled a section's twelve points, and a
    plane crash reported by five outlets went unseen below it: a story shows at most
    `points_per_story` points and says how many more its reports hold."""
    from briefing.render import render_html, render_markdown, render_options

    told = ["Fire crews from three towns fought the blaze at the supermarket before dawn.",
            "Residents of the nearby streets were told to leave their homes overnight.",
            "Police charged a 41-year-old man with arson on Monday afternoon.",
            "The store's owners said it would stay closed for several months.",
            "Smoke could be seen for miles across the valley, witnesses reported.",
            "Firefighters used an aerial ladder to reach the collapsing roof.",
            "The council opened a rest centre in the town hall for displaced families."]
    fire = [_summary(f"fire{i}", (text, ("military",))) for i, text in enumerate(told)]
    crash = [_summary("crash", ("The airliner came down in the mountains with 150 people on "
                                "board, the authorities said.", ("military",)))]
    keys = ["fire"] * 7 + ["crash"]
    briefing = compose([*fire, *crash], day=date(2024, 12, 20), title="t", themes=BRIEFED,
                       generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC), story_keys=keys,
                       options=ComposeOptions(points_per_section=12, points_per_story=4))
    (section,) = briefing.sections
    shown = {st.id: st for st in section.stories}
    assert set(shown) == {"fire", "crash"}
    assert (len(shown["fire"].key_points), shown["fire"].more_points) == (4, 3)
    assert (len(shown["crash"].key_points), shown["crash"].more_points) == (1, 0)
    assert briefing.counts.key_points == 5
    options, _ = render_options(load_config(cwd=tmp_path))
    assert render_markdown(briefing, options).count("3 more points in this story's reports.") == 1
    html = render_html(briefing, options)
    assert html.count('<p class="more-points">3 more points in this story&#39;s reports.</p>') == 1
    # a story cut by the section's room says so too
    tight = compose([*fire, *crash], day=date(2024, 12, 20), title="t", themes=BRIEFED,
                    generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC), story_keys=keys,
                    options=ComposeOptions(points_per_section=2, points_per_story=4))
    (story,) = tight.sections[0].stories
    assert (story.id, len(story.key_points), story.more_points) == ("fire", 2, 5)
    assert tight.sections[0].omitted == 1


def test_every_article_in_another_language_is_listed_though_one_story_held_two():
    """The story grouping reads English: it joined a French report on Syria to one on the
    French government, and the list of articles in other languages fell one short of the
    count the header gives. Articles of a kind not briefed keep one line a story."""
    from briefing.language import OTHER_LANGUAGES

    summaries = [_summary("fr1", ("Les rebelles sont entrés dans Damas.", (OTHER_LANGUAGES[0],))),
                 _summary("fr2", ("Le gouvernement Barnier est tombé.", (OTHER_LANGUAGES[0],))),
                 _summary("m1", ("The striker scored twice.", ("sport",))),
                 _summary("m2", ("Two goals for the striker.", ("sport",)))]
    listed = compose(summaries, day=date(2024, 12, 20), title="Daily briefing", themes=BRIEFED,
                     unbriefed=[*UNBRIEFED, OTHER_LANGUAGES],
                     generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC),
                     story_keys=["fr1", "fr1", "m1", "m1"],
                     options=ComposeOptions(also_in_the_news=True))
    assert sorted((k.theme, sorted(a.id for a in k.articles))
                  for k in listed.also_in_the_news) == [("other-languages", ["fr1", "fr2"]),
                                                        ("sport", ["m1"])]


def test_also_in_the_news_lists_every_kind_the_header_counts_though_one_story_held_two(
        tmp_path):
    """One story's copies read as two kinds not briefed (a baseball signing: one outlet's
    column read as culture, two reports as sport): the header said "3 articles on other
    subjects listed at the end" above one line, Culture (1), and no Sport line, since the
    story's headline was already listed under culture. Each kind lists its own headline."""
    from briefing.render import render_html, render_markdown, render_options

    summaries = [_summary("column", ("The writer recalls the slugger's first season.",
                                     ("culture",))),
                 _summary("wire", ("The slugger signed an eight-year deal with the club.",
                                   ("sport",))),
                 _summary("daily", ("The club signed the slugger to an eight-year deal.",
                                    ("sport",)))]
    listed = compose(summaries, day=date(2024, 12, 20), title="Daily briefing", themes=BRIEFED,
                     unbriefed=UNBRIEFED, generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC),
                     story_keys=["column", "column", "column"],
                     options=ComposeOptions(also_in_the_news=True))
    assert len(listed.left_out) == 3
    assert [(k.theme, k.count or len(k.articles), len(k.articles))
            for k in listed.also_in_the_news] == [("sport", 2, 1), ("culture", 1, 1)]
    options, _ = render_options(load_config(cwd=tmp_path))
    md = render_markdown(listed, options)
    assert "3 articles on other subjects listed at the end" in md
    assert "- **Sport** (2): " in md and "- **Culture and entertainment** (1): " in md
    html = render_html(listed, options)
    assert "<strong>Sport</strong> (2): " in html


def test_more_stories_in_a_theme_are_named_in_sources_under_the_theme(tmp_path):
    """"2 more stories in this theme: see Sources" must lead somewhere. The appendix lists
    only the first 40 articles the caps left out, one line each; in arrival order a busy
    theme's (or any other) filled them all, and a reader looking for Military action's two
    stories found neither, nor any line saying which theme an article was left out of. The
    stories a section leaves out now come first, each theme's in turn, named with it; a
    section whose stories are not all named says how many are."""
    from briefing.render import render_html, render_markdown, render_options

    terror = [_scored(f"terror{i:02d}", 0.9 - i / 1000, "terrorism") for i in range(60)]
    military = [_scored(f"strike{i}", 0.8 - i / 100, "military") for i in range(3)]
    briefing = compose([*terror, *military], day=date(2024, 12, 20), title="t",
                       themes=BRIEFED, generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC),
                       options=ComposeOptions(points_per_section=1))
    assert [(s.theme, s.omitted) for s in briefing.sections] == [("military", 2),
                                                                  ("terrorism", 59)]
    options, _ = render_options(load_config(cwd=tmp_path))
    md = render_markdown(briefing, options)
    sources = md.split("## Sources", 1)[1]
    for left_out in ("strike1", "strike2"):
        assert f"{left_out} · not shown above · Military action\n" in sources, sources
    assert "2 more stories in this theme: see Sources." in md
    listed = sources.count("· not shown above · Terrorism and security")
    assert 0 < listed < 59
    assert f"59 more stories in this theme: {listed} of them in Sources." in md
    html = render_html(briefing, options)
    assert "strike2</span> · not shown above · <span>Military action</span></li>" in html
    assert f"59 more stories in this theme: {listed} of them in Sources." in html


# --- one fact, every outlet, whatever the wording ------------------------------------------


def _two_outlets(wire: Sequence[str], paper: Sequence[str], points_per_story: int = 4):
    """A story of two articles (``wire`` first), its points with equal scores."""
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    def report(aid: str, texts: Sequence[str]) -> Summary:
        article = Article(id=aid, title=aid, text="x", source=aid.title())
        return Summary(article, tuple(KeyPoint(aid, t, i, 1.0, (ThemeScore("military", 0.9),))
                                      for i, t in enumerate(texts)), len(texts))

    briefing = compose([report("wire", wire), report("paper", paper)], day=date(2024, 12, 20),
                       title="t", themes=[("military", "Military action")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC),
                       story_keys=["story"] * 2,
                       options=ComposeOptions(points_per_story=points_per_story))
    (story,) = briefing.sections[0].stories
    return story


def test_a_fact_two_outlets_word_differently_is_one_point_crediting_both():
    """The mixed day's pirates: "The pirates are from Somalia and Yemen…, Sinha said." and
    "The Indians say the pirates were from Somalia and Yemen…" were two of a story's four
    points, and the other outlet's next fact was left out for it."""
    lead = "The Indian navy arrested 23 pirates who threatened a merchant vessel in the Gulf."
    wire = [lead, "The pirates are from Somalia and Yemen, two countries surrounding the Gulf "
                  "of Aden, navy spokesman Commander Nirad Sinha said."]
    paper = ["The Indians say the pirates were from Somalia and Yemen, two countries on the "
             "coast of the Gulf.",
             "A German cruise ship evacuated 420 passengers and crew before sailing through "
             "the Gulf of Aden."]
    story = _two_outlets(wire, paper, points_per_story=3)
    # the repeat gives way to the other outlet's next fact, and its outlet is credited
    assert [p.text for p in story.key_points] == [*wire, paper[1]]
    assert story.key_points[1].also_reported_by == ("paper",)
    assert story.more_points == 0


@pytest.mark.parametrize("kept, other", [
    # a direction, a figure, an outcome, a negation: the word that differs is the fact
    ("Shares of Nordline Shipping rose 3% in Oslo trading on Monday after the attack.",
     "Shares of Nordline Shipping fell 3% in Oslo trading on Monday after the attack."),
    ("Three people were killed when the bomb exploded in the crowded market on Sunday.",
     "Five people were killed when the bomb exploded in the crowded market on Sunday."),
    ("Three people were killed when the bomb exploded in the crowded market on Sunday.",
     "Three people were wounded when the bomb exploded in the crowded market on Sunday."),
    ("Robert Buckley, 32, fell about 2,000 feet while climbing to a small hut on Mount "
     "Sefton in the Aoraki-Mount Cook national park on Saturday, police said.",
     "Robert Buckley, 32, died while climbing to a hut on Mount Sefton in the Aoraki Mount "
     "Cook National Park on Saturday."),
    ("The driver of the car has been charged with manslaughter and leaving the scene.",
     "The driver of the car has not been charged with manslaughter or leaving the scene."),
    ("Nordline Shipping said it would buy the port operator for $2 billion in cash.",
     "Harbour Holdings said it would buy the port operator for $2 billion in cash."),
    ("The BlackBerry Q10 will be available to T-Mobile customers in June for $99.99.",
     "T-Mobile and BlackBerry haven't said when the Q10 will be available to customers."),
    # under four content words a sentence does not say which fact it is
    ("His brother was arrested at the house on Monday.", "He was arrested on Monday."),
])
def test_sentences_that_differ_in_a_fact_are_both_shown(kept, other):
    story = _two_outlets([kept], [other])
    assert sorted(p.text for p in story.key_points) == sorted([kept, other])
    assert all(not p.also_reported_by for p in story.key_points)


def test_of_two_outlets_tellings_in_other_words_the_fuller_is_shown():
    short = "Half of the entrance roof at the shop collapsed during the blaze."
    fuller = ("Half of the roof at the entrance of the store in the High Street collapsed "
              "during the blaze, shortly after 06:00 BST on Sunday.")
    story = _two_outlets(["Fire crews fought a blaze at a Waitrose supermarket.", short],
                         [fuller])
    assert [(p.article_id, p.text) for p in story.key_points] == [
        ("paper", fuller), ("wire", "Fire crews fought a blaze at a Waitrose supermarket.")]
    assert story.key_points[0].also_reported_by == ("wire",)


def test_one_article_saying_a_thing_twice_keeps_both_sentences():
    """Two sentences of one report on one matter are its writer's choice, not two outlets'."""
    first = "The pirates are from Somalia and Yemen, two countries surrounding the Gulf of Aden."
    second = "The pirates were from Somalia and Yemen, two countries on the coast of the Gulf."
    story = _two_outlets([first, second], ["An unrelated sentence about the navy's budget."])
    assert [p.text for p in story.key_points][:2] == [first, second]


def test_of_two_tellings_worded_alike_the_one_that_names_the_driver_is_shown():
    """Worded alike, the first telling was shown and the other's name was lost."""
    unnamed = ("The driver was charged with vehicular manslaughter, criminally negligent "
               "homicide and leaving the scene of an accident.")
    named = ("Vishwanand Subryan was charged with vehicular manslaughter, criminally negligent "
             "homicide and leaving the scene of an accident.")
    (point,) = _two_outlets([unnamed], [named]).key_points
    assert (point.text, point.also_reported_by) == (named, ("wire",))


def test_a_fuller_telling_is_shown_in_its_own_articles_order():
    """A fuller telling takes the first telling's place among the facts, which may be
    another article's: the lead article's second sentence was shown before its first."""
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    military = (ThemeScore("military", 0.9),)

    def report(aid: str, *points: tuple[str, float]) -> Summary:
        article = Article(id=aid, title=aid, text="x", source=aid.upper())
        return Summary(article, tuple(KeyPoint(aid, t, i, s, military)
                                      for i, (t, s) in enumerate(points)), len(points))

    short = "Two destroyers entered the Red Sea on Saturday to escort merchant convoys."
    fuller = ("Two destroyers and a supply ship entered the Red Sea on Saturday to escort "
              "merchant convoys.")
    lead = ("The navy said it would protect all shipping through the Bab el-Mandeb strait "
            "from Houthi attacks.")
    day = [report("paper", (short, 0.5)), report("navy", (lead, 1.4), (fuller, 0.5))]
    briefing = compose(day, day=date(2024, 12, 20), title="t",
                       themes=[("military", "Military action")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC),
                       story_keys=["red-sea"] * 2)
    (story,) = briefing.sections[0].stories
    assert [(p.article_id, p.position) for p in story.key_points] == [("navy", 0), ("navy", 1)]
    assert story.key_points[1].also_reported_by == ("paper",)


def test_each_storys_facts_are_told_apart_once(tmp_path, monkeypatch):
    """Its strength and its section read a story's facts from one telling apart (speed:
    comparing every pair of points is the costliest step of composing a story)."""
    import briefing.compose as composing

    config = load_config(cwd=tmp_path)
    taxonomy, classifier = load_themes(config)
    summaries = summarize_articles(read_sources([SEEDS], tz=UTC).articles, config,
                                   classifier=classifier)
    keys = group_stories([s.article for s in summaries])
    told: list[int] = []
    plain = composing.gather_facts
    monkeypatch.setattr(composing, "gather_facts", lambda points: told.append(1) or plain(points))
    made = compose(summaries, day=date(2024, 12, 20), title="Daily briefing",
                   themes=[(t.id, t.label) for t in taxonomy.themes],
                   generated_at=datetime(2024, 12, 20, 6, tzinfo=UTC), story_keys=keys)
    assert len(told) == len(set(keys))
    assert sum(len(s.stories) for s in made.sections) <= len(set(keys))
