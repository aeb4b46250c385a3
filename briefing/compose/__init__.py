"""From classified key points to a briefing: stories, sections by theme, top lines.

A key point is shown once, under its strongest briefed theme; its other themes are tags on
it ("Also: Terrorism and security"), so a two-page briefing never prints a point three
times and every count (header, contents, email subject) adds up. Points with no theme go to
"Other developments". An article of a kind of news the briefing does not brief (sport,
culture...: themes with `brief = false`) fills no section and no top line: it is left out,
or listed in one line per kind at the end ("Also in the news"). Within a section, points
are gathered by story (the same event across articles), a fact that several outlets tell
is shown once and credited to all of them, and stories are ranked.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from briefing.language import OTHER_LANGUAGES
from briefing.model import (
    HEADLINE,
    OTHER_THEME,
    Actor,
    AlsoInTheNews,
    Article,
    Briefing,
    FollowMark,
    KeyPoint,
    Quote,
    Section,
    Story,
    Summary,
)
from briefing.tellings import relate, words_of
from briefing.text import MAX_POINT_CHARS

OTHER = (OTHER_THEME, "Other developments")


@dataclass(frozen=True)
class ComposeOptions:
    points_per_section: int = 12
    points_per_story: int = 4
    top_lines: int = 5
    top_lines_min_share: float = 0.25
    recency_half_life_hours: float = 24.0
    actors_per_story: int = 12
    quotes_per_story: int = 3
    actors_of_the_day: int = 15
    max_point_chars: int = MAX_POINT_CHARS  # as the summarizer split: quotes keep its positions
    also_in_the_news: bool = False  # list the unbriefed kinds' articles at the end


# A top line must stand on its own: under 15 words a sentence rarely says who did what
# ("She was visiting someone.").
_TOP_LINE_MIN_WORDS = 15


@dataclass
class _Fact:
    """One fact of a story and every telling of it, in article order."""

    shown: KeyPoint  # the fullest telling, or the first of equals
    words: frozenset[str]
    tellings: list[KeyPoint]
    articles: set[str]  # the ids of the articles of `tellings`

    def credited(self, point: KeyPoint) -> KeyPoint:
        """``point`` crediting every other article that tells the fact."""
        also = tuple(dict.fromkeys(t.article_id for t in self.tellings
                                   if t.article_id != point.article_id))
        return replace(point, also_reported_by=also) if also else point

    def briefest(self, opinion: Collection[str] = ()) -> KeyPoint:
        """The shortest telling that still says who did what, for a top line: a report's
        telling when the fact has one, not an opinion piece's (article ids in `opinion`)."""
        tellings = [t for t in self.tellings if t.article_id not in opinion] or self.tellings
        whole = [t for t in tellings if len(t.text.split()) >= _TOP_LINE_MIN_WORDS]
        fallback = self.shown if self.shown in tellings else tellings[0]
        return self.credited(min(whole, key=lambda t: len(t.text.split()), default=fallback))

    def reported(self, opinion: Collection[str]) -> bool:
        """Whether an article other than an opinion piece tells the fact."""
        return any(t.article_id not in opinion for t in self.tellings)


def _facts(points: Sequence[KeyPoint]) -> list[_Fact]:
    """Each fact once, with every telling of it (points come in article order).

    The first wording of a sentence told twice is shown; when one telling contains the
    other, the fuller one is, in the first one's place, so no detail is lost. Headlines
    of one story (items with no text) are one fact however worded: each tells the event.
    """
    facts: list[_Fact] = []
    for p in points:
        words = words_of(p.text)
        for fact in facts:
            if p.position == fact.shown.position == HEADLINE:
                relation = "same"
            else:
                relation = relate(p.text, words, fact.shown.text, fact.words,
                                  new_article=p.article_id not in fact.articles)
            if relation == "fuller":
                fact.shown, fact.words = p, words
            if relation:
                fact.tellings.append(p)
                fact.articles.add(p.article_id)
                break
        else:
            facts.append(_Fact(p, words, [p], {p.article_id}))
    return facts


def _freshness(articles: Sequence[Article], newest: datetime | None, half_life_hours: float
               ) -> float | None:
    """How fresh a story is: halved for each `half_life_hours` its latest report is older
    than the day's newest report (`_newest_report`; 1 when decay is off); None for a story with no
    dated report."""
    latest = max((a.published for a in articles if a.published), default=None)
    if latest is None:
        return None
    if half_life_hours <= 0 or newest is None:
        return 1.0
    # a report dated after the day's newest (`_newest_report`: more than a day after the
    # briefing's) is as far from the day as one as much before it
    age_hours = abs((newest - latest).total_seconds()) / 3600
    return 0.5 ** min(age_hours / half_life_hours, OLDEST_HALF_LIVES)


# Freshness stops halving after this many half-lives (about 2.7 years at 24 hours): 0.5 **
# 1,075 is 0, and a story's strength is a product, so every story older than that weighed
# exactly 0 whatever it said and an archive's day was ranked by story ids. At 0.5 ** 1,000
# (1e-301) times any story's other factors the product is still a number, so such stories
# tie on age alone and rank by what they weigh.
OLDEST_HALF_LIVES = 1000.0


def _newest_report(summaries: Sequence[Summary], day: date) -> datetime | None:
    """The time freshness is measured from: the newest report dated by the end of the day
    after the briefing's (a day's grace for time zones). A report dated later, such as a
    feed's entry stamped years ahead, is not the measure (taken as the newest, it once made
    every other story of the day years old) and ages by its distance from it."""
    dated = [s.article.published for s in summaries if s.article.published]
    if day >= date.max - timedelta(days=2):  # the calendar has no day after next: all in time
        return max(dated, default=None)
    limit = datetime.combine(day + timedelta(days=2), time.min, tzinfo=UTC)
    in_time = [d for d in dated if d < limit]  # every Article's date is aware (model.py)
    return max(in_time or dated, default=None)


def _story_strength(
    articles: Sequence[Article], points: Sequence[KeyPoint], freshness: float,
    source_weights: Mapping[str, float],
) -> float:
    """How much a story matters to a reader of the day: the weight of what it says (its
    five strongest points together, so a substantial report outranks a one-line readout)
    times how widely it was reported (independent outlets, with diminishing returns)
    times how fresh it is (`_freshness`) times the largest weight among the sources its
    articles came in by (`source_weights` by `Article.via`; an article of no weighted
    source counts 1): a story that a heavily weighted source reported counts as that
    source says, whoever else reported it."""
    outlets = len({a.source or a.id for a in articles})
    if not outlets:
        return 0.0
    substance = sum(sorted((p.score for p in points), reverse=True)[:5])
    weight = max(source_weights.get(a.via, 1.0) for a in articles)
    # six significant figures, not six decimals: a story three weeks older than the day's
    # news weighs about a millionth, and rounded to decimals every such story tied at 0,
    # so an archive's stories were ranked by their ids
    return float(f"{substance * (1.0 + 0.5 * math.log2(outlets)) * freshness * weight:.6g}")


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
) -> Briefing:
    """Build the briefing. `themes` is the briefed themes' (id, label) in display order,
    `unbriefed` the (id, label) of the kinds of news the briefing does not brief;
    `story_keys`, parallel to `summaries`, names each article's story (default: its own);
    `theme_weights` says how much each theme's stories count for the top lines (default 1);
    `source_weights`, by the key of the source an article came in by (`Article.via`), how
    much that source's stories count everywhere (default 1; see `_story_strength`);
    `follow`, by story key, how each story stands against earlier briefings (its mark), and
    `novelty` a factor on its strength (briefing/follow/; default 1);
    `first`, story keys ranked ahead of the others in their sections and in the top lines
    (a desk's watch terms: briefing/desks/), strongest first among themselves;
    `story_reading`, by article id, the kind of news its story is when its articles are
    read together ("" for a briefed story; briefing/pipeline/articles.py `read_split_stories`;
    default: each article as it was read alone), briefed unless that kind is in
    `unbriefed`. A story is briefed when at least half its articles are.
    `leads`, by story key, the points (article id, position) a story shows first, whatever
    the caps: on a desk, those that say why the story is there (briefing/desks/)."""
    keys = list(story_keys) if story_keys is not None else [s.article.id for s in summaries]
    unbriefed_ids = {t for t, _ in unbriefed}
    briefed_stories, story_kind = _briefed_stories(summaries, keys, unbriefed_ids,
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
    newest = _newest_report(summaries, day)
    fresh = {k: _freshness(story_articles[k], newest, options.recency_half_life_hours)
             for k in story_articles}
    # A story with no dated report is as fresh as the day's middle dated story: counted as
    # fresh, undated pages once outranked every dated report of a day that had any
    dated = sorted(f for f in fresh.values() if f is not None)
    undated = dated[len(dated) // 2] if dated else 1.0
    # A fact several outlets tell counts once towards what a story says (its outlets count
    # in `_story_strength` already): five papers printing one readout are not five facts.
    # each story's facts once: its strength and its section both read them (telling the
    # facts apart compares every pair of points, the costliest step of composing a story)
    story_facts = {k: _facts(story_points[k]) for k in story_articles}
    strength = {
        k: _story_strength(story_articles[k], [f.shown for f in story_facts[k]],
                           undated if fresh[k] is None else fresh[k], source_weights or {})
        * (novelty or {}).get(k, 1.0)
        for k in story_articles
    }

    # theme -> story key -> points, in article order then sentence order: a story is shown
    # whole, once, under its theme (`_story_theme`); its points' other themes are tags
    order_of = {t: i for i, (t, _) in enumerate(themes)}
    filed: dict[str, dict[str, list[KeyPoint]]] = defaultdict(lambda: defaultdict(list))
    for key, points in story_points.items():
        if points:
            filed[_story_theme(points, unbriefed_ids, order_of)][key].extend(points)

    # opinion pieces (briefing/genre.py) are briefed, marked, but never give a top line
    opinion = {s.article.id for s in summaries if s.article.opinion}
    labels = dict(themes)
    order = [t for t, _ in themes] + [t for t in filed if t not in labels and t != OTHER[0]]
    sections = []
    for theme in [*order, OTHER[0]]:
        if theme not in filed:
            continue
        section = _section(theme, labels.get(theme, OTHER[1] if theme == OTHER[0] else theme),
                           {k: story_facts[k] for k in filed[theme]}, story_articles,
                           strength, options.points_per_section, options.points_per_story,
                           follow or {}, first, opinion, leads)
        sections.append(section)

    sections, day_actors = _with_actors(sections, options)
    return Briefing(
        date=day,
        title=title,
        generated_at=generated_at,
        sections=tuple(sections),
        top_lines=_top_lines(sections, options.top_lines, options.top_lines_min_share,
                             theme_weights or {}, first, opinion),
        articles=tuple(s.article for s in summaries),
        warnings=tuple(warnings),
        actors=day_actors,
        themes=tuple(themes),
        also_in_the_news=_also_in_the_news(left_out, kinds, unbriefed)
        if options.also_in_the_news else (),
        left_out=tuple((s.article.id, kind) for (s, _), kind in zip(left_out, kinds,
                                                                     strict=True)),
    )


def _briefed_stories(summaries: Sequence[Summary], keys: Sequence[str], unbriefed: set[str],
                     reading: Mapping[str, str]) -> tuple[set[str], dict[str, str]]:
    """The stories briefed, and each story's kind of news not briefed ("" for none).

    A story is briefed when at least half its articles are: one outlet's copy filed under
    culture does not take a story from its reader, and one filed under economy does not
    bring eight phone-launch reports into the briefing. `reading`, by article id: its story
    read whole, where its articles read apart disagree, stands for the article's own
    verdict, briefed unless its kind is one `unbriefed` names (a desk that lists health
    briefs a story the whole day reads as health news and leaves out). A briefed article
    of a story left out is listed under its story's kind."""
    votes: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for s, k in zip(summaries, keys, strict=True):
        kind = unbriefed_kind(s, unbriefed)
        read = reading.get(s.article.id)
        if read is not None:
            kind = read if read in unbriefed else None
        votes[k] += 1 if kind is None else -1
        kinds[k][unbriefed_kind(s, unbriefed) or kind or ""] += 1
    briefed = {k for k, vote in votes.items() if vote >= 0}
    story_kind = {k: next((kind for kind, _ in c.most_common() if kind), "")
                  for k, c in kinds.items()}
    return briefed, story_kind


def unbriefed_kind(summary: Summary, unbriefed: Collection[str]) -> str | None:
    """The kind of news an article is when the briefing does not brief it: the classifier
    gives every point of such an article that theme first (`Classifier.classify_article`)."""
    firsts = {p.theme_ids[0] if p.theme_ids else "" for p in summary.key_points}
    if len(firsts) == 1 and (kind := firsts.pop()) in unbriefed:
        return kind
    return None


def _story_theme(points: Sequence[KeyPoint], unbriefed: set[str], order: Mapping[str, int]
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


def _also_in_the_news(summaries: Sequence[tuple[Summary, str]], kinds: Sequence[str],
                      unbriefed: Sequence[tuple[str, str]]) -> tuple[AlsoInTheNews, ...]:
    """One entry per unbriefed kind with articles, in the taxonomy's order, newest first,
    one article a story (four outlets' headlines of one story are one line's worth), but
    every article in another language: the story grouping reads English, and it joined a
    French report on Syria to one on the French government. `kinds`, parallel to
    `summaries`, is the kind each article is left out as (the briefing's `left_out`), and
    each entry counts every article of its kind, so the counts add up to the header's
    "N articles on other subjects listed at the end" (counted by story, a real week of
    Wikinews listed 33 of the 38 the header named)."""
    by_kind: dict[str, list[Article]] = defaultdict(list)
    count: Counter[str] = Counter()
    seen: set[str] = set()
    for (s, key), kind in zip(summaries, kinds, strict=True):
        count[kind] += 1
        if key not in seen or kind == OTHER_LANGUAGES[0]:
            seen.add(key)
            by_kind[kind].append(s.article)
    oldest = datetime.min.replace(tzinfo=UTC)
    return tuple(
        AlsoInTheNews(theme, label, tuple(sorted(by_kind[theme], key=lambda a: (
            -(a.published or oldest).timestamp(), a.id))), count[theme])
        for theme, label in unbriefed if by_kind.get(theme))


def _with_actors(
    sections: Sequence[Section], options: ComposeOptions
) -> tuple[list[Section], tuple[Actor, ...]]:
    """Who is named and who said what, for the stories shown (a bounded number, so this
    costs the same at 100 articles as at 10,000), and the day's most named actors."""
    from briefing.actors import find_actors_and_quotes
    from briefing.text import sentences

    per_story: dict[str, tuple[tuple[Actor, ...], tuple[Quote, ...]]] = {}
    day: Counter[tuple[str, str]] = Counter()
    out = []
    for section in sections:
        stories = []
        for story in section.stories:
            if story.id not in per_story:
                counts: Counter[tuple[str, str]] = Counter()
                quotes: list[Quote] = []
                for article in story.articles:
                    found_actors, found_quotes = find_actors_and_quotes(
                        sentences(article.text, options.max_point_chars))
                    for a in found_actors:
                        counts[(a.name, a.kind)] += a.count
                    quotes.extend(replace(q, article_id=article.id)
                                  for q in found_quotes if q.speaker)
                actors = tuple(Actor(n, k, c) for (n, k), c in counts.most_common()
                               if k != "other")
                per_story[story.id] = (actors[: options.actors_per_story],
                                       tuple(quotes[: options.quotes_per_story]))
                day.update({(a.name, a.kind): a.count for a in actors})
            actors, quotes = per_story[story.id]
            stories.append(replace(story, actors=actors, quotes=quotes))
        out.append(replace(section, stories=tuple(stories)))
    ranked = tuple(Actor(n, k, c) for (n, k), c in day.most_common(options.actors_of_the_day))
    return out, ranked


def _section(
    theme: str,
    label: str,
    stories: dict[str, list[_Fact]],
    story_articles: dict[str, list[Article]],
    strength: dict[str, float],
    cap: int,
    story_cap: int,
    follow: Mapping[str, FollowMark],
    first: Collection[str] = (),
    opinion: Collection[str] = (),
    leads: Mapping[str, Collection[tuple[str, int]]] | None = None,
) -> Section:
    """The section of `theme`, whose stories' facts (`_facts`) are `stories`: its stories
    ranked, up to `cap` points, up to `story_cap` of any one story. A story's lead (its
    top line, if it gets one) is a fact some report tells, in a report's words, when it
    has one: an opinion piece (article ids in `opinion`) only leads a story of opinion
    alone. The points `leads` names for a story come first.

    A reader of a theme wants its news, not one story's every detail: five local outlets'
    reports of a hit-and-run once filled all twelve points of Law and accountability."""
    ranked = []
    for key, facts in stories.items():
        # the articles whose points are shown: those only credited on a point are not read
        # again for actors and quotes, which keeps that step bounded by the points shown
        ids = {f.shown.article_id for f in facts}
        articles = tuple(a for a in story_articles[key] if a.id in ids)
        ranked.append((Story(key, articles, (), strength[key], follow=follow.get(key)), facts))
    ranked.sort(key=lambda pair: (pair[0].id not in first, -pair[0].score, pair[0].id))
    shown, room, omitted, left_out = [], cap, 0, []
    for story, facts in ranked:
        if room <= 0:
            omitted += 1
            if facts:  # named in the appendix by the report a reader would open for it
                left_out.append(_best_fact(facts, opinion).shown.article_id)
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
                   omitted_articles=tuple(left_out))


def _lead_article_first(facts: Sequence[_Fact], opinion: Collection[str]) -> list[_Fact]:
    """A story's facts in the order a reader meets them: the article that tells its best
    fact first (a report's, as for its lead), in sentence order, then the other articles'
    in theirs. In arrival order, a story of three reports opened with "The Indians say the
    pirates were from Somalia", and its lead, the navy's capture of them, came seventh."""
    if not facts:
        return []
    first = _best_fact(facts, opinion).shown.article_id
    # by sentence within each article: a fuller telling takes the place of the first one
    # (`_facts`), which may be another article's, and in that place a report's second
    # sentence came before its first
    rank = {aid: i for i, aid in enumerate(dict.fromkeys(f.shown.article_id for f in facts))}
    return sorted(facts, key=lambda f: (f.shown.article_id != first, rank[f.shown.article_id],
                                        f.shown.position))


def _best_fact(facts: Sequence[_Fact], opinion: Collection[str]) -> _Fact:
    """The fact fittest to lead a story (`_lead_quality`): one a report tells, when any is."""
    reported = [f for f in facts if f.reported(opinion)]
    return max(reported or facts, key=lambda f: _lead_quality(f.shown))


def _lead_quality(point: KeyPoint) -> tuple[float, int]:
    """How fit a point is to be its story's top line: the summarizer's salience, discounted
    for a sentence too short to stand on its own; earlier wins ties."""
    words = len(point.text.split())
    return (point.score * min(1.0, words / _TOP_LINE_MIN_WORDS), -point.position)


def _top_lines(
    sections: Sequence[Section], count: int, min_share: float, weights: Mapping[str, float],
    first: Collection[str] = (),
    opinion: Collection[str] = (),
) -> tuple[KeyPoint, ...]:
    """The lead point of the best-ranked stories across themes, one per story, each story
    weighed by its heaviest theme; a story weaker than `min_share` of the strongest one is
    filler and stays out. A story filed under several themes shows different points in
    each; of equal weights, the section whose lead is fittest gives the top line. Top lines
    are the day's reported news: a story whose lead is an opinion piece's (article ids in
    `opinion`: no report among its points, see `_section`) gives none."""
    best: dict[str, tuple[float, KeyPoint]] = {}
    for section in sections:
        if section.theme == OTHER[0]:
            continue
        weight = weights.get(section.theme, 1.0)
        for story in section.stories:
            reported = [p for p in story.key_points if p.article_id not in opinion]
            lead = story.lead or max(reported or story.key_points, key=_lead_quality)
            if lead.article_id in opinion:
                continue
            score = story.score * weight
            if story.id not in best or (score, _lead_quality(lead)) > (
                best[story.id][0], _lead_quality(best[story.id][1])
            ):
                best[story.id] = (score, lead)
    ranked = sorted(best.items(), key=lambda kv: (kv[0] not in first, -kv[1][0], kv[0]))
    floor = max((score for score, _ in best.values()), default=0.0) * min_share
    return tuple(point for key, (score, point) in ranked[:count]
                 if score >= floor or key in first)
