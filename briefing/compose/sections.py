"""The sections by theme: the theme each story is shown under, and a section's stories
ranked and capped, each with its facts in a reader's order and its lead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from briefing.compose.facts import Fact
from briefing.compose.options import OTHER
from briefing.compose.top_lines import lead_quality
from briefing.model import Article, FollowMark, KeyPoint, Section, Story


def story_theme(points: Sequence[KeyPoint], unbriefed: set[str], order: Mapping[str, int]
                ) -> str:
    """The theme a story is shown under: the one most of its points are first about, ties
    going to the theme of its most salient such point, then to the taxonomy's order;
    "other" when none of its points has a briefed theme. A story read in one place is read
    whole: split point by point, the Vancouver shooting once filled four sections, the
    supplier of health products in its office's street leading Economy."""
    count: Counter[str] = Counter()
    salience: dict[str, float] = {}
    # the classifier's themes first: a theme taken from the source (score 0, see
    # pipeline.with_source_themes) places a story only when the text gave none
    for given in (lambda t: t.score > 0, lambda t: True):
        for p in points:
            first = next((t.theme for t in p.themes if t.theme not in unbriefed and given(t)),
                         None)
            if first is not None:
                count[first] += 1
                salience[first] = max(salience.get(first, 0.0), p.score)
        if count:
            break
    if not count:
        return OTHER[0]
    return max(count, key=lambda t: (count[t], salience[t], -order.get(t, len(order))))


def build_section(
    theme: str,
    label: str,
    stories: dict[str, list[Fact]],
    story_articles: dict[str, list[Article]],
    strength: dict[str, float],
    cap: int,
    story_cap: int,
    follow: Mapping[str, FollowMark],
    first: Collection[str] = (),
    opinion: Collection[str] = (),
    leads: Mapping[str, Collection[tuple[str, int]]] | None = None,
) -> Section:
    """The section of `theme`, whose stories' facts (`gather_facts`) are `stories`: its stories
    ranked, up to `cap` points, up to `story_cap` of any one story. A story's lead (its
    top line, if it gets one) is a fact some report tells, in a report's words, when it
    has one: an opinion piece (article ids in `opinion`) only leads a story of opinion
    alone. The points `leads` names for a story come first.

    A reader of a theme wants its news, not one story's every detail: five local outlets'
    reports of a hit-and-run once filled all twelve points of Law and accountability."""
    ranked = []
    for key, facts in stories.items():
        if must := (leads or {}).get(key):
            facts = [_told_as(f, must) for f in facts]
        # the articles whose points are shown: those only credited on a point are not read
        # again for actors and quotes, which keeps that step bounded by the points shown
        ids = {f.shown.article_id for f in facts}
        articles = tuple(a for a in story_articles[key] if a.id in ids)
        ranked.append((Story(key, articles, (), strength[key], follow=follow.get(key)), facts))
    ranked.sort(key=lambda pair: (pair[0].id not in first, -pair[0].score, pair[0].id))
    shown, room, omitted, left_out, left_out_stories = [], cap, 0, [], []
    for story, facts in ranked:
        if room <= 0:
            omitted += 1
            if facts:  # named in the appendix by the report a reader would open for it
                left_out.append(_best_fact(facts, opinion).shown.article_id)
                left_out_stories.append(tuple(a.id for a in story_articles[story.id]))
            continue
        told = _lead_article_first(facts, opinion)
        if must := (leads or {}).get(story.id):  # stable: the rest keep their order
            told.sort(key=lambda f: not any((t.article_id, t.position) in must
                                            for t in f.tellings))
        facts = told[:min(room, story_cap)]
        room -= len(facts)
        lead = _best_fact(facts, opinion).briefest(opinion)
        points = tuple(f.credited(f.shown) for f in facts)
        shown.append(replace(story, key_points=points, lead=lead,
                             more_points=len(told) - len(facts)))
    return Section(theme=theme, title=label, stories=tuple(shown), omitted=omitted,
                   omitted_articles=tuple(left_out),
                   omitted_stories=tuple(left_out_stories))


def _told_as(fact: Fact, must: Collection[tuple[str, int]]) -> Fact:
    """The fact shown in the words of its telling that `leads` names (the one naming the
    desk's watch term or place), when another outlet's telling would be shown: five
    headlines of one upgrade, one naming Apple, showed another and no "Watch: Apple"."""
    if (fact.shown.article_id, fact.shown.position) in must:
        return fact
    why = next((t for t in fact.tellings if (t.article_id, t.position) in must), None)
    return fact if why is None else replace(fact, shown=why)


def _lead_article_first(facts: Sequence[Fact], opinion: Collection[str]) -> list[Fact]:
    """A story's facts in the order a reader meets them: the article that tells its best
    fact first (a report's, as for its lead), in sentence order, then the other articles'
    in theirs. In arrival order, a story of three reports opened with "The Indians say the
    pirates were from Somalia", and its lead, the navy's capture of them, came seventh."""
    if not facts:
        return []
    first = _best_fact(facts, opinion).shown.article_id
    # by sentence within each article: a fuller telling takes the place of the first one
    # (`gather_facts`), which may be another article's, and in that place a report's second
    # sentence came before its first
    rank = {aid: i for i, aid in enumerate(dict.fromkeys(f.shown.article_id for f in facts))}
    return sorted(facts, key=lambda f: (f.shown.article_id != first, rank[f.shown.article_id],
                                        f.shown.position))


def _best_fact(facts: Sequence[Fact], opinion: Collection[str]) -> Fact:
    """The fact fittest to lead a story (`lead_quality`): one a report tells, when any is."""
    reported = [f for f in facts if f.reported(opinion)]
    return max(reported or facts, key=lambda f: lead_quality(f.shown))
