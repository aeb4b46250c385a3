"""A story's identity across days: today's stories linked to those briefed before.

Each of today's stories is linked to its best match among the stories shown in the window
(`stories.link_stories`: the test that groups articles across outlets, between groups and
with time decay), so it keeps one id across days; a story with no match gets a new id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from briefing.follow.paths import story_id
from briefing.model import Article, Summary
from briefing.store import StoryDay
from briefing.stories import StoryLink, StoryTerms, StoryVectors, link_stories
from briefing.stories.grouping import lead as lead_of
from briefing.stories.places import Located, apart_test

# least similarity to an earlier story (stories.link_stories: cosine of IDF-weighted term
# presence); chosen on half A of the dev stories with bench/follow.py over three layouts
# (--seed 0,1,2), as the lowest that wrongly links under 3% of new stories (0.065 links 3.7%)
LINK_THRESHOLD = 0.07



@dataclass(frozen=True)
class Links:
    """Today's stories linked to the window's (`link_today`)."""

    keys: list[str]  # story key per summary; today's groups linked to one story are one
    ids: dict[str, str]  # story key -> its id: the earlier story's if linked, else a new one
    linked: dict[str, str]  # today's linked keys -> the story id of their best link
    window: Sequence[StoryDay]  # the window's rows, less those a later link superseded



def link_today(vectors: StoryVectors, window: Sequence[StoryDay], summaries: Sequence[Summary],
          keys: Sequence[str], day: date) -> Links:
    """Each of today's stories linked to its best earlier story in `window`, or given a new
    id; today's groups linked to one earlier story merged into one."""
    window, pairs, ids_known = _pairs(vectors, window, summaries, day)
    keys, linked, order = _best_links(pairs, ids_known, vectors, summaries, keys)
    # today's groups linked to one earlier story are one story: merged under the group
    # with the strongest link
    lead_key: dict[str, str] = {}
    for key in order:
        lead_key.setdefault(linked[key], key)
    new_keys = [lead_key[linked[k]] if k in linked else k for k in keys]
    return Links(new_keys, _story_ids(new_keys, linked, window, day), linked, window)



def _pairs(vectors: StoryVectors, window: Sequence[StoryDay], summaries: Sequence[Summary],
           day: date) -> tuple[Sequence[StoryDay], list[StoryLink], list[str]]:
    """The links of today's groups to the window's stories, strongest first (and the
    window and the story ids the links' `earlier` index), without the stories `_superseded`
    drops, nor those set somewhere else than today's (`stories.places.apart`)."""
    known, ages = _as_known(window, day)
    pairs = link_stories(vectors, list(known.values()), ages, threshold=LINK_THRESHOLD,
                         apart=_apart(vectors, summaries, window, known))
    superseded = _superseded(pairs, list(known), window, day)
    if superseded:  # linked again without them, so each group's best link is re-weighed
        window = [row for row in window if row.story_id not in superseded]
        known, ages = _as_known(window, day)
        pairs = link_stories(vectors, list(known.values()), ages, threshold=LINK_THRESHOLD,
                             apart=_apart(vectors, summaries, window, known))
    return window, pairs, list(known)



def _apart(vectors: StoryVectors, summaries: Sequence[Summary], window: Sequence[StoryDay],
           known: dict[str, StoryTerms]) -> Callable[[int, int], bool]:
    """`stories.places.apart` for today's story r and the window's story j (of `known`):
    today's side read from its articles' titles and leads, the earlier one from what its
    briefings recorded (the titles of its reports, the points shown)."""
    rows: dict[str, list[StoryDay]] = defaultdict(list)
    for row in window:
        rows[row.story_id].append(row)
    ids = list(known)

    def today(r: int) -> Located:
        articles = [summaries[i].article for i in vectors.members(vectors.keys[r])]
        titles = tuple(a.title for a in articles)
        return Located(titles, titles + tuple(lead_of(a.text) for a in articles),
                       bool(vectors.has_lead[r]))

    def earlier(j: int) -> Located:
        story = known[ids[j]]
        titles = tuple(dict.fromkeys(t for row in rows[ids[j]]
                                     for t in (row.headline, *(a.title for a in row.sources))
                                     if t))
        points = tuple(p.text for row in rows[ids[j]] for p in row.points)
        return Located(titles, titles + points, story.has_lead,
                       mentions=frozenset(story.terms) | frozenset(story.names))

    return apart_test(today, earlier)



def _best_links(pairs: Sequence[StoryLink], ids_known: Sequence[str], vectors: StoryVectors,
                summaries: Sequence[Summary],
                keys: Sequence[str]) -> tuple[list[str], dict[str, str], list[str]]:
    """Each of today's groups taken with its best link: the keys per summary (a group's
    strays split off under a key of their own), today's linked key -> story id, and the
    linked keys, strongest link first."""
    keys = list(keys)
    linked: dict[str, str] = {}  # today's key -> story id (its best link)
    order: list[str] = []  # today's linked keys, strongest link first
    grouped: set[str] = set()  # today's groups whose best link is taken
    for link in pairs:
        if link.key in grouped:
            continue
        grouped.add(link.key)
        key = link.key
        members = vectors.members(key)
        # articles grouped with the story today that on their own are not the earlier
        # story are a story of their own (a new one); each part keyed by its earliest
        if link.strays and len(link.strays) < len(members):
            strays = set(link.strays)
            rest = min((summaries[i].article for i in strays), key=_earliest).id
            key = min((summaries[i].article for i in members if i not in strays),
                      key=_earliest).id
            for i in members:
                keys[i] = rest if i in strays else key
        linked[key] = ids_known[link.earlier]
        order.append(key)
    return keys, linked, order



def _story_ids(keys: Sequence[str], linked: dict[str, str], window: Sequence[StoryDay],
               day: date) -> dict[str, str]:
    """Each story key's id: the story it is linked to, or a new id none in the window has."""
    taken = {row.story_id for row in window} | set(linked.values())
    ids: dict[str, str] = {}
    for key in sorted(set(keys)):
        if key in linked:
            ids[key] = linked[key]
        else:
            ids[key] = story_id(day, key, taken)
            taken.add(ids[key])
    return ids



def _earliest(article: Article) -> tuple:
    """The order that picks a story's key (its earliest article; undated last, then id)."""
    p = article.published  # timezone-aware whenever set
    return (p is None, p.timestamp() if p else 0.0, article.id)



def _as_known(window: Sequence[StoryDay], day: date) -> tuple[dict[str, StoryTerms], list[float]]:
    """Each story of the window as one to link to: the terms any of its days kept (linking
    reads which terms a story has, not how often: each counts 1), its names, and its age
    (days since it was last shown; 0 for an earlier build of today)."""
    terms: dict[str, dict[str, float]] = defaultdict(dict)
    names: dict[str, dict[str, None]] = defaultdict(dict)
    lead: dict[str, bool] = defaultdict(bool)
    last: dict[str, date] = {}
    for row in window:
        terms[row.story_id].update(dict.fromkeys(row.terms, 1.0))
        names[row.story_id].update(dict.fromkeys(row.names))
        lead[row.story_id] |= row.has_lead
        last[row.story_id] = max(last.get(row.story_id, row.date), row.date)
    known = {sid: StoryTerms(dict(terms[sid]), tuple(names[sid]), lead[sid]) for sid in terms}
    return known, [float((day - last[sid]).days) for sid in known]



def _superseded(pairs: Sequence[StoryLink], ids: Sequence[str], window: Sequence[StoryDay],
                day: date) -> set[str]:
    """The stories that only an earlier build of today showed, and that one of today's
    groups links to best while it also links to a story of an earlier date recorded after
    that build. That earlier date was built out of order (the 14th built after the 15th):
    the build of today that made the story new could not know it, and today's story is
    that earlier one's next day, as a first build of today would have found."""
    today_built: dict[str, datetime] = {}  # story id -> its latest build of today
    before_built: dict[str, datetime] = {}  # story id -> its latest build of an earlier date
    for row in window:
        into = today_built if row.date == day else before_built
        into[row.story_id] = max(into.get(row.story_id, row.built_at), row.built_at)
    links: dict[str, list[str]] = defaultdict(list)  # today's key -> its stories, best first
    for link in pairs:
        links[link.key].append(ids[link.earlier])
    out = set()
    for best, *others in links.values():
        if best in before_built or best not in today_built:
            continue
        if any(other in before_built and before_built[other] > today_built[best]
               for other in others):
            out.add(best)
    return out
