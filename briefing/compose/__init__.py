"""From classified key points to a briefing: stories, sections by theme, top lines.

A key point is shown once, under its strongest briefed theme; its other themes are tags on
it ("Also: Terrorism and security"), so a two-page briefing never prints a point three
times and every count (header, contents, email subject) adds up. Points with no theme go to
"Other developments". An article of a kind of news the briefing does not brief (sport,
culture...: themes with `brief = false`) fills no section and no top line: it is left out,
or listed in one line per kind at the end ("Also in the news"). Within a section, points
are gathered by story (the same event across articles), a fact that several outlets tell
is shown once and credited to all of them, and stories are ranked.

`compose` (here) builds the briefing from the package's modules, one group of ideas each:

- `options.py`: `ComposeOptions`, and `OTHER`, the section of points no briefed theme claims.
- `unbriefed.py`: which stories are briefed (`find_briefed_stories`), the kind of news an
  article left out is (`unbriefed_kind`), and the list at the end (`list_also_in_the_news`).
- `ranking.py`: a story's strength, from what it says, its outlets, its freshness against
  the day's newest report and its sources' weights (`story_strength`, `story_freshness`,
  `OLDEST_HALF_LIVES`, `newest_report`).
- `facts.py`: a story's facts, each told once and credited to every article that tells
  it (`Fact`, `gather_facts`), with its shortest whole telling for a top line (`briefest`).
- `sections.py`: the theme a story is shown under (`story_theme`), and a section's
  stories ranked and capped, their facts in a reader's order, their leads (`build_section`,
  `_lead_article_first`, `_best_fact`).
- `top_lines.py`: the top lines (`pick_top_lines`) and how fit a point is to lead one
  (`lead_quality`, `TOP_LINE_MIN_WORDS`).
- `actors.py`: who is named and who said what in the stories shown (`with_actors`), found
  once for all of a build's briefings (`ArticleActors`).

Imports run one way: `top_lines` and `actors` import `options`, `facts` imports `top_lines`,
`sections` imports `facts`, `top_lines` and `options`; `ranking` and `unbriefed` import none
of them, and none imports this module. The names other code imports from
`briefing.compose` are all here; `story_theme`, `story_strength`, `gather_facts` and `build_section`
too, which research scripts and tests read or replace: `compose` calls them by this
module's names, so one replaced here takes effect.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime

from briefing.compose.actors import ArticleActors, with_actors
from briefing.compose.facts import gather_facts
from briefing.compose.options import OTHER, ComposeOptions
from briefing.compose.ranking import (
    OLDEST_HALF_LIVES,
    newest_report,
    story_freshness,
    story_strength,
)
from briefing.compose.sections import build_section, story_theme
from briefing.compose.top_lines import pick_top_lines
from briefing.compose.unbriefed import find_briefed_stories, list_also_in_the_news, unbriefed_kind
from briefing.model import Article, Briefing, FollowMark, KeyPoint, Summary

__all__ = ["OLDEST_HALF_LIVES", "OTHER", "ArticleActors", "ComposeOptions", "compose",
           "unbriefed_kind"]


def compose(
    summaries: Sequence[Summary],
    *,
    day: date,
    title: str,
    themes: Sequence[tuple[str, str]],
    generated_at: datetime,
    story_keys: Sequence[str] | None = None,
    theme_weights: Mapping[str, float] | None = None,
    source_weights: Mapping[str, float] | None = None,
    options: ComposeOptions = ComposeOptions(),
    warnings: Sequence[str] = (),
    follow: Mapping[str, FollowMark] | None = None,
    novelty: Mapping[str, float] | None = None,
    unbriefed: Sequence[tuple[str, str]] = (),
    first: Collection[str] = (),
    story_reading: Mapping[str, str] | None = None,
    leads: Mapping[str, Collection[tuple[str, int]]] | None = None,
    actors: ArticleActors | None = None,
) -> Briefing:
    """Build the briefing. `themes` is the briefed themes' (id, label) in display order,
    `unbriefed` the (id, label) of the kinds of news the briefing does not brief;
    `story_keys`, parallel to `summaries`, names each article's story (default: its own);
    `theme_weights` says how much each theme's stories count for the top lines (default 1);
    `source_weights`, by the key of the source an article came in by (`Article.via`), how
    much that source's stories count everywhere (default 1; see `story_strength`);
    `follow`, by story key, how each story stands against earlier briefings (its mark), and
    `novelty` a factor on its strength (briefing/follow/; default 1);
    `first`, story keys ranked ahead of the others in their sections and in the top lines
    (a desk's watch terms: briefing/desks/), strongest first among themselves;
    `story_reading`, by article id, the kind of news its story is when its articles are
    read together ("" for a briefed story; briefing/pipeline/articles.py `read_split_stories`;
    default: each article as it was read alone), briefed unless that kind is in
    `unbriefed`. A story is briefed when at least half its articles are.
    `leads`, by story key, the points (article id, position) a story shows first, whatever
    the caps: on a desk, those that say why the story is there (briefing/desks/).
    `actors`, who the articles name and quote, as the build's other briefings found them
    (default: found for this briefing alone)."""
    keys = list(story_keys) if story_keys is not None else [s.article.id for s in summaries]
    unbriefed_ids = {t for t, _ in unbriefed}
    briefed_stories, story_kind = find_briefed_stories(summaries, keys, unbriefed_ids,
                                                       story_reading or {})
    left_out = [(s, k) for s, k in zip(summaries, keys, strict=True)
                if k not in briefed_stories]
    # the kind each left-out article is counted under, in the header and the list alike
    kinds = [unbriefed_kind(s, unbriefed_ids) or story_kind[k] for s, k in left_out]
    kept = [(s, k) for s, k in zip(summaries, keys, strict=True) if k in briefed_stories]
    summaries, keys = [s for s, _ in kept], [k for _, k in kept]
    story_articles: dict[str, list[Article]] = defaultdict(list)
    story_points: dict[str, list[KeyPoint]] = defaultdict(list)
    for s, key in zip(summaries, keys, strict=True):
        story_articles[key].append(s.article)
        story_points[key].extend(s.key_points)
    newest = newest_report(summaries, day)
    fresh = {k: story_freshness(story_articles[k], newest, options.recency_half_life_hours)
             for k in story_articles}
    # A story with no dated report is as fresh as the day's middle dated story: counted as
    # fresh, undated pages once outranked every dated report of a day that had any
    dated = sorted(f for f in fresh.values() if f is not None)
    undated = dated[len(dated) // 2] if dated else 1.0
    # A fact several outlets tell counts once towards what a story says (its outlets count
    # in `story_strength` already): five papers printing one readout are not five facts.
    # each story's facts once: its strength and its section both read them (telling the
    # facts apart compares every pair of points, the costliest step of composing a story)
    story_facts = {k: gather_facts(story_points[k]) for k in story_articles}
    strength = {
        k: story_strength(story_articles[k], [f.shown for f in story_facts[k]],
                          undated if fresh[k] is None else fresh[k], source_weights or {})
        * (novelty or {}).get(k, 1.0)
        for k in story_articles
    }

    # theme -> story key -> points, in article order then sentence order: a story is shown
    # whole, once, under its theme (`story_theme`); its points' other themes are tags
    order_of = {t: i for i, (t, _) in enumerate(themes)}
    filed: dict[str, dict[str, list[KeyPoint]]] = defaultdict(lambda: defaultdict(list))
    for key, points in story_points.items():
        if points:
            filed[story_theme(points, unbriefed_ids, order_of)][key].extend(points)

    # opinion pieces (briefing/genre.py) are briefed, marked, but never give a top line
    opinion = {s.article.id for s in summaries if s.article.opinion}
    labels = dict(themes)
    order = [t for t, _ in themes] + [t for t in filed if t not in labels and t != OTHER[0]]
    sections = []
    for theme in [*order, OTHER[0]]:
        if theme not in filed:
            continue
        section = build_section(theme, labels.get(theme, OTHER[1] if theme == OTHER[0] else theme),
                                {k: story_facts[k] for k in filed[theme]}, story_articles,
                                strength, options.points_per_section, options.points_per_story,
                                follow or {}, first, opinion, leads)
        sections.append(section)

    sections, day_actors = with_actors(sections, options, actors)
    return Briefing(
        date=day,
        title=title,
        generated_at=generated_at,
        sections=tuple(sections),
        top_lines=pick_top_lines(sections, options.top_lines, options.top_lines_min_share,
                                 theme_weights or {}, first, opinion),
        articles=tuple(s.article for s in summaries),
        warnings=tuple(warnings),
        actors=day_actors,
        themes=tuple(themes),
        also_in_the_news=list_also_in_the_news(left_out, kinds, unbriefed)
        if options.also_in_the_news else (),
        left_out=tuple((s.article.id, kind) for (s, _), kind in zip(left_out, kinds,
                                                                     strict=True)),
    )
