"""Stories followed across days: what is new since the last briefing.

When a briefing of the configured sources is built, each story it shows is recorded in
the store (`store.StoryDay`): what it is matched by (the strongest terms of its mean
TF-IDF vector and the names in its titles), its actors, the points it showed and its
sources. The next briefing links each of its stories to the stories shown in the last
`stories.follow_days` days, with the test that groups articles across outlets, between
groups and with time decay (`stories.link_stories`), so a story keeps one id across days.
Then:

- a story that an earlier briefing (of the same desk) showed is "developing": its mark
  says on which calendar day of it we are and when it was first briefed, and its points
  are only those not told before: a point that retells an earlier one (`tellings.retelling`,
  the test that keeps "one fact, every outlet" one point) is left out. A story with
  nothing new left is not shown; the "Since yesterday" block lists it.
- a story no earlier briefing showed is "new" (said only when there was an earlier
  briefing of the desk in the window: in the first one, every story is).
- a developing story that escalates ranks higher (`novelty`): more outlets than when it
  was last briefed, new names in its titles, or a higher casualty figure in its points.

Identity does not depend on desks: today's stories are matched against every desk's
stories (and against earlier builds of the same date, so a rebuild keeps its ids), but
what a reader was already told, and so "developing", "day N" and which points are new,
is read from the briefings of the same desk before this date only. `WHOLE_DAY` is the
desk of the whole-day briefing.

Only the store speaks SQL: this module is handed the store and reads it through its
methods.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from briefing.model import (
    Article,
    Briefing,
    EarlierEntry,
    FollowMark,
    KeyPoint,
    SinceLine,
    SinceYesterday,
    Story,
    Summary,
)
from briefing.store import BriefedPoint, StoryDay, StorySource
from briefing.stories import StoryLink, StoryTerms, StoryVectors, link_stories
from briefing.stories.grouping import lead as lead_of
from briefing.stories.places import Located, apart_test

if TYPE_CHECKING:
    from briefing.store import Store

WHOLE_DAY = ""  # the desk id of the whole-day briefing
# least similarity to an earlier story (stories.link_stories: cosine of IDF-weighted term
# presence); chosen on half A of the dev stories with bench/follow.py over three layouts
# (--seed 0,1,2), as the lowest that wrongly links under 3% of new stories (0.065 links 3.7%)
LINK_THRESHOLD = 0.07
SINCE_LINES = 5  # stories listed per kind in the "Since yesterday" block; the rest counted
ESCALATION_STEP = 0.25  # strength added per sign of escalation (three signs at most)
NEW_NAMES = 2  # names in today's titles never seen in the story before that count as new actors
REFILL_ARTICLES = 3  # articles per developing story whose next sentences may replace repeats
MOSTLY_TOLD = 0.8  # share of a sentence's words one earlier point had that makes it no news
# articles a build re-reads for the sentences after their key points (the summarizer's
# runners-up), to say what a developing story adds where its points were told before:
# the stories with the most outlets first, `REFILL_ARTICLES` of each, this many in all
REFILL_BUDGET = 60

_NUMBER_WORDS = {w: n for n, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_NUMBER_WORDS) + r")"
_CASUALTIES = re.compile(
    r"\b" + _NUMBER + r"\s+(?:\w+\s+){0,3}?"
    r"(?:killed|dead|died|deaths|injured|wounded|casualties|fatalities)\b",
    re.IGNORECASE,
)
# a negation: a sentence that denies what an earlier point said (or no longer does) is news
# however many words they share ("would not sign" the day after "would sign")
_NEGATION = re.compile(
    r"\b(?:not|no|never|nor|neither|none|nobody|nothing|cannot)\b|\w+n['\u2019]t\b",
    re.IGNORECASE)
# Outcomes that reverse each other: a sentence that says one the day after a point that
# said the other, in otherwise the same words, is news ("The Senate rejected the bill" the
# day after "The Senate passed the bill"), as a gained or lost negation is. A short list,
# not a model: the project runs offline with no word vectors or NLI model to ask, and such
# models read "passed" and "rejected" as alike (both are votes on a bill), which is the very
# confusion to undo. Each side lists a verb's base forms; they are compared by Snowball stem
# (sumy's, already a dependency), so "rejects", "rejected" and "rejecting" are one, and
# irregular forms are listed as they are ("rose", "fell", "won"). Words of one side are
# rewordings of each other ("passed", "approved"): a point reworded so is still told.
_OUTCOME_OPPOSITES = (
    ("pass approve adopt endorse ratify", "reject veto vote down defeat block"),
    ("win won", "lose lost"),
    ("rise rose risen climb increase jump gain grow grew", "fall fell fallen drop decline "
     "decrease slump shrink shrank"),
    ("raise hike", "cut lower"),
    ("agree accept", "refuse decline reject"),
    ("confirm admit", "deny"),
    ("open reopen", "close shut"),
    ("resign quit", "stay remain"),
    ("hold held", "collapse break broke broken"),
    ("convict", "acquit clear"),
    ("arrest detain", "release free freed"),
    ("guilty", "innocent"),
    ("lift", "impose"),
)
_TOLL = re.compile(r"\b(?:death toll|toll)\b\D{0,30}?" + _NUMBER + r"\b", re.IGNORECASE)


@dataclass(frozen=True)
class Followed:
    """Today's stories against earlier briefings: what `compose` and the store need."""

    keys: list[str]  # story key per summary; today's groups linked to one story are one
    summaries: list[Summary]  # with the points an earlier briefing told left out
    marks: dict[str, FollowMark]  # by story key
    novelty: dict[str, float]  # by story key: a factor on its strength
    quiet: dict[str, str]  # story id -> key: linked, developing, nothing new
    previous: list[StoryDay]  # the stories of this desk's previous briefing in the window
    day: date
    desk: str
    folder: Path  # where this briefing's files go: links are relative to it
    out_dir: Path  # where the briefings are (`archived_folder`)
    # story id -> its latest day in this desk's briefings, for each quiet story: where the
    # "Since yesterday" block sends the reader of one the previous briefing did not show
    quiet_last: dict[str, StoryDay] = field(default_factory=dict)


def story_id(day: date, key: str, taken: set[str]) -> str:
    """A new story's id: the date it was first briefed and a short hash of its key
    ("20241215-3fa2c1"), longer when that is taken. Only [0-9a-f-]: safe in a URL."""
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    for length in range(6, len(digest) + 1):
        candidate = f"{day:%Y%m%d}-{digest[:length]}"
        if candidate not in taken:
            return candidate
    return f"{day:%Y%m%d}-{digest}-{len(taken)}"


def relative_folder(folder: str | Path, here: str | Path) -> str:
    """`folder` as a URL path relative to `here` ("../2024-12-08"): archives move whole."""
    rel = os.path.relpath(os.path.abspath(folder), os.path.abspath(here))
    return quote(rel.replace(os.sep, "/"))


def archived_folder(folder: str | Path, day: date, out_dir: Path) -> Path:
    """Where the files of a briefing recorded in `folder` are now: the same place under
    today's `out_dir` (out/<date>/, a desk's out/<date>/<desk>/, an edition kept aside
    there). The store keeps the folder as it was written; an archive moved whole with its
    store (a server's data moved, a home folder renamed) must still link within itself."""
    parts = Path(folder).parts
    if day.isoformat() not in parts:
        return Path(folder)
    at = len(parts) - 1 - parts[::-1].index(day.isoformat())
    return out_dir.joinpath(*parts[at:])


def casualty_figure(texts: Sequence[str]) -> int:
    """The largest number of people said killed, dead or wounded in these sentences (0)."""
    best = 0
    for text in texts:
        for m in (*_CASUALTIES.finditer(text), *_TOLL.finditer(text)):
            figure = m.group(1).lower().replace(",", "")
            best = max(best, _NUMBER_WORDS[figure] if figure in _NUMBER_WORDS else int(figure))
    return best


def follow_stories(
    store: Store,
    summaries: Sequence[Summary],
    keys: Sequence[str],
    vectors: StoryVectors,
    *,
    day: date,
    days: int,
    folder: Path,
    desk: str = WHOLE_DAY,
    more_points: Callable[[Article], Sequence[KeyPoint]] | None = None,
) -> Followed:
    """Link today's stories to those shown in the last `days` days, and leave out of
    `summaries` the points their earlier briefings told.

    `more_points` gives an article's next best sentences (the summarizer's runners-up,
    themed): for up to `REFILL_ARTICLES` articles of a developing story, the points left
    out are replaced by those of its next sentences that were not told either, so a
    report that opens with yesterday's news still says what it adds.

    The store is read here only (the window, then the timelines of the stories linked);
    each step between is a function of plain data."""
    # out/<date>/ or out/<date>/<desk>/: links lead to the earlier briefings under it
    out_dir = Path(folder).parent if desk == WHOLE_DAY else Path(folder).parent.parent
    window = store.story_days_between(day - timedelta(days=days), day)
    links = _link(vectors, window, summaries, keys, day)
    timeline = store.story_timeline(set(links.linked.values())) if links.linked else []
    told = _told_here(timeline, desk, day)
    dropped = _drop_told(summaries, links.keys, links.ids, told)
    kept = (dropped.summaries if more_points is None else
            _refill(dropped, summaries, links.keys, links.ids, told, more_points))
    mine = [row for row in links.window if row.desk == desk and row.date < day]
    marks = _marks(kept, links.keys, links.ids, told, vectors, dropped.repeated,
                   first_briefing=not mine, day=day, folder=folder, out_dir=out_dir)
    quiet_last = {sid: max(told[sid], key=lambda r: r.date) for sid in marks.quiet}
    return Followed(links.keys, kept, marks.marks, marks.novelty, marks.quiet,
                    _last_briefing(mine), day, desk, folder, out_dir, quiet_last)


# --- the steps of follow_stories: plain data in, plain data out ---------------------------

@dataclass(frozen=True)
class _Links:
    """Today's stories linked to the window's (`_link`)."""

    keys: list[str]  # story key per summary; today's groups linked to one story are one
    ids: dict[str, str]  # story key -> its id: the earlier story's if linked, else a new one
    linked: dict[str, str]  # today's linked keys -> the story id of their best link
    window: Sequence[StoryDay]  # the window's rows, less those a later link superseded


@dataclass(frozen=True)
class _Dropped:
    """Today's summaries with the points earlier briefings told left out (`_drop_told`)."""

    summaries: list[Summary]
    dropped_at: dict[int, int]  # summary index -> points left out
    repeated: dict[str, int]  # story key -> points left out
    said: dict[str, _Said]  # story id -> what this desk's earlier briefings told of it


@dataclass(frozen=True)
class _Marks:
    """What `Followed` says of each story (`_marks`)."""

    marks: dict[str, FollowMark]  # by story key
    novelty: dict[str, float]  # by story key: a factor on its strength
    quiet: dict[str, str]  # story id -> key: linked, developing, nothing new


def _link(vectors: StoryVectors, window: Sequence[StoryDay], summaries: Sequence[Summary],
          keys: Sequence[str], day: date) -> _Links:
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
    return _Links(new_keys, _story_ids(new_keys, linked, window, day), linked, window)


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


def _told_here(timeline: Sequence[StoryDay], desk: str, day: date) -> dict[str, list[StoryDay]]:
    """Story id -> its days in this desk's briefings before `day`: what its reader was told."""
    told: dict[str, list[StoryDay]] = defaultdict(list)
    for row in timeline:
        if row.desk == desk and row.date < day:
            told[row.story_id].append(row)
    return told


def _drop_told(summaries: Sequence[Summary], keys: Sequence[str], ids: dict[str, str],
               told: dict[str, list[StoryDay]]) -> _Dropped:
    """`summaries` without the points an earlier briefing of their story told."""
    said = {sid: _Said.of([p.text for row in rows for p in row.points])
            for sid, rows in told.items()}
    kept: list[Summary] = []
    repeated: dict[str, int] = defaultdict(int)
    dropped_at: dict[int, int] = {}
    for i, (summary, key) in enumerate(zip(summaries, keys, strict=True)):
        earlier = said.get(ids[key])
        if not earlier:
            kept.append(summary)
            continue
        points = tuple(p for p in summary.key_points if not _told(p.text, earlier))
        if len(points) < len(summary.key_points):
            dropped_at[i] = len(summary.key_points) - len(points)
            repeated[key] += dropped_at[i]
        kept.append(replace(summary, key_points=points))
    return _Dropped(kept, dropped_at, repeated, said)


def _refill(dropped: _Dropped, summaries: Sequence[Summary], keys: Sequence[str],
            ids: dict[str, str], told: dict[str, list[StoryDay]],
            more_points: Callable[[Article], Sequence[KeyPoint]]) -> list[Summary]:
    """`dropped.summaries` with, in place of the points left out, what the article adds
    (`more_points`: its next best sentences no earlier briefing told), if anything."""
    # a report an earlier briefing of its story cited says nothing new in its lesser
    # sentences: the reader had it (a --source build of a feed that still holds it)
    cited = {sid: {a.id for row in rows for a in row.sources} for sid, rows in told.items()}
    refill = {i: n for i, n in dropped.dropped_at.items()
              if summaries[i].article.id not in cited.get(ids[keys[i]], ())}
    kept = list(dropped.summaries)
    for i in _to_refill(refill, keys, summaries):
        summary, said = kept[i], dropped.said[ids[keys[i]]]
        extra = _instead(more_points(summary.article), dropped.dropped_at[i], said,
                         summary.key_points)
        points = sorted((*summary.key_points, *extra), key=lambda p: p.position)
        kept[i] = replace(summary, key_points=tuple(points))
    return kept


def _marks(summaries: Sequence[Summary], keys: Sequence[str], ids: dict[str, str],
           told: dict[str, list[StoryDay]], vectors: StoryVectors, repeated: dict[str, int],
           *, first_briefing: bool, day: date, folder: Path, out_dir: Path) -> _Marks:
    """Each story's mark ("new", or "developing" and since when), how it escalates, and
    which developing stories have nothing new (`summaries`: with what was told left out)."""
    positions: dict[str, list[int]] = defaultdict(list)
    story_points: dict[str, list[KeyPoint]] = defaultdict(list)
    story_outlets: dict[str, set[str]] = defaultdict(set)
    for i, (summary, key) in enumerate(zip(summaries, keys, strict=True)):
        positions[key].append(i)
        story_points[key].extend(summary.key_points)
        story_outlets[key].add(summary.article.source or summary.article.id)
    out = _Marks({}, {}, {})
    for key, sid in ids.items():
        rows = told.get(sid, [])
        if not rows:
            out.marks[key] = FollowMark(sid, "new", first_briefing=first_briefing)
            continue
        out.marks[key] = _developing(sid, rows, day, folder, out_dir, repeated.get(key, 0))
        if not story_points[key]:
            out.quiet[sid] = key
            continue
        out.novelty[key] = _escalation(vectors.names_of(positions[key]), story_points[key],
                                       len(story_outlets[key]), rows)
    return out


def _developing(sid: str, rows: Sequence[StoryDay], day: date, folder: Path, out_dir: Path,
                repeated: int) -> FollowMark:
    """The mark of a story this desk briefed before (`rows`): on which day of it we are,
    and where its first briefing is from this one's `folder`."""
    first = min(rows, key=lambda r: r.date)
    last = max(rows, key=lambda r: r.date)
    return FollowMark(
        sid, "developing", day=(day - first.date).days + 1, first_date=first.date,
        first_href=relative_folder(archived_folder(first.folder, first.date, out_dir),
                                   folder), last_date=last.date,
        repeated=repeated,
    )


def _last_briefing(mine: Sequence[StoryDay]) -> list[StoryDay]:
    """The stories of the latest of this desk's earlier briefings (`mine`)."""
    last_day = max((row.date for row in mine), default=None)
    return [row for row in mine if row.date == last_day]


@dataclass(frozen=True)
class _Said:
    """What earlier briefings told of one story: each point, and their words."""

    texts: tuple[str, ...]
    words: tuple[frozenset[str], ...]
    casualties: int
    negated: tuple[bool, ...]  # per point: whether it says "not", "never", "didn't"...

    @classmethod
    def of(cls, texts: Sequence[str]) -> _Said:
        return cls(tuple(texts), tuple(_words(t) for t in texts), casualty_figure(texts),
                   tuple(_negates(t) for t in texts))


def _negates(text: str) -> bool:
    return _NEGATION.search(text) is not None


@cache
def _stem() -> Callable[[str], str]:
    from sumy.nlp.stemmers import Stemmer

    return Stemmer("english")


@cache
def _opposites() -> dict[str, frozenset[str]]:
    """Each outcome's stem -> the stems of the outcomes that reverse it (`_OUTCOME_OPPOSITES`)."""
    stem = _stem()
    out: dict[str, set[str]] = defaultdict(set)
    for one, other in _OUTCOME_OPPOSITES:
        ones, others = {stem(w) for w in one.split()}, {stem(w) for w in other.split()}
        for w in ones:
            out[w] |= others
        for w in others:
            out[w] |= ones
    return {w: frozenset(v) for w, v in out.items()}


def _reverses(gained: frozenset[str], lost: frozenset[str]) -> bool:
    """Whether the words a sentence has that an earlier point had not (`gained`), and
    those it lost, swap an outcome for its opposite ("rejected" for "passed")."""
    if not gained or not lost:
        return False
    stem, opposites = _stem(), _opposites()
    lost_stems = {stem(w) for w in lost}
    return any(opposites.get(stem(w), frozenset()) & lost_stems for w in gained)


def _words(text: str) -> frozenset[str]:
    from briefing.tellings import words_of

    return words_of(text)


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


def _told(text: str, said: _Said) -> bool:
    """Whether an earlier briefing told this. Either the near-duplicate test that keeps
    "one fact, every outlet" one point (`tellings.retelling`: the same sentence lightly
    reworded, or one with less detail) or, across days, a sentence nearly all of whose
    words (`MOSTLY_TOLD`) one earlier point had: yesterday's list of ships with a staff
    added is not today's news. A higher casualty figure always is, and so is a sentence
    that negates what the point it rewords said, or no longer negates it, or that swaps
    its outcome for the opposite one ("rejected" for "passed", `_OUTCOME_OPPOSITES`), or
    that swaps one of its facts for another in place ("advanced 40 miles" the day after
    "advanced 25 miles", "in Moscow" after "in Geneva": `tellings.swaps_a_fact`): the one
    word that differs is the fact."""
    from briefing.tellings import retelling, swaps_a_fact

    if casualty_figure([text]) > said.casualties:
        return False
    words, negated = _words(text), _negates(text)
    return bool(words) and any(
        negated == old_negated
        and (retelling(words, old) == "same" or len(words & old) >= MOSTLY_TOLD * len(words))
        and not _reverses(words - old, old - words)
        and not swaps_a_fact(text, old_text)
        for old, old_negated, old_text in zip(said.words, said.negated, said.texts,
                                              strict=True))


def _to_refill(dropped_at: dict[int, int], keys: Sequence[str],
               summaries: Sequence[Summary]) -> list[int]:
    """Which articles to re-read for what they add (see `REFILL_BUDGET`)."""
    outlets: dict[str, set[str]] = defaultdict(set)
    for summary, key in zip(summaries, keys, strict=True):
        outlets[key].add(summary.article.source or summary.article.id)
    by_story: dict[str, list[int]] = defaultdict(list)
    for i in sorted(dropped_at):
        if len(by_story[keys[i]]) < REFILL_ARTICLES:
            by_story[keys[i]].append(i)
    ranked = sorted(by_story, key=lambda k: (-len(outlets[k]), k))
    return [i for k in ranked for i in by_story[k]][:REFILL_BUDGET]


def _instead(runners: Sequence[KeyPoint], wanted: int, said: _Said,
             kept: Sequence[KeyPoint]) -> list[KeyPoint]:
    """Up to `wanted` of an article's next best sentences that no earlier briefing told
    and that are not one of its points already."""
    taken = {p.position for p in kept}
    out: list[KeyPoint] = []
    for p in runners:
        if len(out) >= wanted:
            break
        if p.position not in taken and not _told(p.text, said):
            out.append(p)
            taken.add(p.position)
    return out


def _escalation(names: Sequence[str], points: Sequence[KeyPoint], outlets: int,
                rows: Sequence[StoryDay]) -> float:
    """1, plus `ESCALATION_STEP` for each sign that a developing story escalates: more
    outlets than when it was last briefed, at least `NEW_NAMES` names in today's titles
    that it never named before, a casualty figure higher than any it gave before."""
    last = max(rows, key=lambda r: r.date)
    signs = int(outlets > last.outlets)
    known = {n for r in rows for n in (*r.names, *r.terms)}
    fresh = [n for n in names if n not in known and not n[0].isdigit()]
    signs += len(fresh) >= NEW_NAMES
    before = casualty_figure([p.text for r in rows for p in r.points])
    signs += casualty_figure([p.text for p in points]) > before
    return 1.0 + ESCALATION_STEP * signs


def _shown(briefing: Briefing) -> dict[str, list[Story]]:
    """Each story key's entries in the sections, in section order."""
    out: dict[str, list[Story]] = defaultdict(list)
    for section in briefing.sections:
        for story in section.stories:
            out[story.id].append(story)
    return out


def _headline(story: Story) -> str:
    from briefing.render import label

    return label(story.articles[0]) if story.articles else ""


def since_yesterday(briefing: Briefing, followed: Followed,
                    lines: int = SINCE_LINES) -> SinceYesterday | None:
    """The "Since yesterday" block: the stories that grew, those new today, and those of
    the previous briefing with nothing new. None when no earlier briefing of this desk is
    within the days followed."""
    if not followed.previous:
        return None
    shown = _shown(briefing)
    ranked = sorted(shown.values(), key=lambda entries: (-max(s.score for s in entries),
                                                          entries[0].id))
    grew, new = [], []
    for entries in ranked:
        story = entries[0]
        mark = story.follow
        if mark is None:
            continue
        points = len({(p.article_id, p.position) for s in entries for p in s.key_points})
        noun = "new point" if points == 1 else "new points"
        if mark.status == "developing":
            grew.append(SinceLine(mark.story_id, _headline(story),
                                  f"day {mark.day} · {points} {noun}"))
        else:
            outlets = len({a.source or a.id for s in entries for a in s.articles})
            new.append(SinceLine(mark.story_id, _headline(story),
                                 f"{outlets} outlet{'' if outlets == 1 else 's'}"))
    on_show = {s.follow.story_id for entries in shown.values() for s in entries if s.follow}
    quiet = []
    previous = {row.story_id for row in followed.previous}
    # the previous briefing's stories, strongest first (five are listed and the rest only
    # counted; the store gives them by story id, an order that says nothing to a reader),
    # then those reported today with nothing new that an earlier briefing showed: not
    # shown, they would otherwise go without a word
    older = sorted((row for sid, row in followed.quiet_last.items() if sid not in previous),
                   key=lambda r: (-r.date.toordinal(), -r.score, r.story_id))
    for row in (*sorted(followed.previous, key=lambda row: -row.score), *older):
        if row.story_id in on_show:
            continue
        # the line's tag already says "Nothing new": the detail says whether it was
        # reported today at all (and, for an older story, when it was last briefed)
        if row.story_id not in followed.quiet:
            detail = "not reported today"
        elif row.story_id in previous:
            detail = "reported again"
        else:
            detail = f"reported again, last briefed {row.date.day} {row.date:%B %Y}"
        quiet.append(SinceLine(row.story_id, row.headline, detail,
                               relative_folder(archived_folder(row.folder, row.date,
                                                               followed.out_dir),
                                               followed.folder)))
    return SinceYesterday(
        previous=followed.previous[0].date,
        grew=tuple(grew[:lines]), new=tuple(new[:lines]), quiet=tuple(quiet[:lines]),
        more_grew=max(0, len(grew) - lines), more_new=max(0, len(new) - lines),
        more_quiet=max(0, len(quiet) - lines),
    )


def earlier_entries(rows: Sequence[StoryDay], briefing: Briefing, *, folder: Path,
                    out_dir: Path, kept_next: Path | None) -> tuple[EarlierEntry, ...]:
    """The stories of `folder`'s editions kept aside that `briefing` does not show, each
    with the edition that does: where a later day's link to `folder`'s briefing lands.

    A later day's briefing, written before this date was rebuilt, links to its stories'
    entries in `folder`'s briefing ("../2024-12-15/briefing.html#story-…"); those files
    and PDFs are not rewritten, so the new briefing carries the anchor of each story it
    no longer shows. `rows` are this date's and desk's stories as the store has them
    before this build writes: a row's folder is the edition that last showed its story
    (`Store.stories_moved`); those still in `folder` move with the files this build keeps
    aside in `kept_next` (`ingest.next_edition`; None: it keeps none, nor do they)."""
    shown = {st.follow.story_id for s in briefing.sections for st in s.stories if st.follow}
    here = os.path.abspath(folder)
    out: list[EarlierEntry] = []
    for row in rows:
        if row.story_id in shown:
            continue
        where = archived_folder(row.folder, row.date, out_dir)
        if os.path.abspath(where) == here:
            if kept_next is None:
                continue
            where = kept_next
        number = where.name[8:]
        if (os.path.abspath(where.parent) != here or not where.name.startswith("edition-")
                or not number.isdigit()):
            continue  # not an edition of this folder: nothing here to lead to
        out.append(EarlierEntry(row.story_id, row.headline, relative_folder(where, folder),
                                int(number)))
    return tuple(sorted(out, key=lambda e: (e.edition, e.story_id)))


def story_days(
    briefing: Briefing,
    followed: Followed,
    summaries: Sequence[Summary],
    vectors: StoryVectors,
    *,
    built_at: datetime,
    folder: Path,
) -> list[StoryDay]:
    """The rows to record for the stories this briefing shows: what they are matched by
    on later days, what they showed, and their sources (every article of the story)."""
    articles, positions = defaultdict(list), defaultdict(list)
    for i, (summary, key) in enumerate(zip(summaries, followed.keys, strict=True)):
        articles[key].append(summary.article)
        positions[key].append(i)
    out = []
    for key, entries in _shown(briefing).items():
        mark = entries[0].follow
        if mark is None:
            continue
        terms = vectors.describe_articles(positions[key])
        points, seen = [], set()
        for story in entries:
            for p in story.key_points:
                if (p.article_id, p.position) not in seen:
                    seen.add((p.article_id, p.position))
                    points.append(BriefedPoint(p.article_id, p.position, p.text, p.speaker))
        actors = next((s.actors for s in entries if s.actors), ())
        sources = tuple(
            StorySource(a.id, a.source, a.title, a.url,
                        a.published.isoformat() if a.published else None)
            for a in articles[key]
        )
        out.append(StoryDay(
            story_id=mark.story_id, date=followed.day, desk=followed.desk, built_at=built_at,
            folder=str(folder), headline=_headline(entries[0]), terms=terms.terms,
            names=terms.names, has_lead=terms.has_lead,
            outlets=len({a.source or a.id for a in articles[key]}),
            actors=tuple((a.name, a.kind) for a in actors), points=tuple(points),
            sources=sources, score=max(s.score for s in entries),
        ))
    return out


# --- a story's timeline (briefing story ID, briefing stories --history) -----------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _plain(text: str) -> str:
    """Article text for a terminal: one line, no control characters (an escape sequence
    in a title must not drive the reader's terminal)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _published_in(published: str | None, tz: tzinfo | None) -> str | None:
    """A source's date as stored (UTC) in the timezone dates are read in (briefing.timezone):
    a report dated "2024-12-08" is midnight there, so it must read as the 8th, not as the
    evening of the 7th in UTC (README, Dates and timezones)."""
    if not published or tz is None:
        return published
    try:
        return datetime.fromisoformat(published).astimezone(tz).isoformat()
    except ValueError:  # not a date this version wrote: shown as stored
        return published


def timeline_record(rows: Sequence[StoryDay], out_dir: Path,
                    tz: tzinfo | None = None) -> dict:
    """A story's timeline as one JSON-ready record (rows: its days, oldest first); its
    briefings' folders as they are under `out_dir` now, its sources' dates in `tz`
    (briefing.timezone)."""
    days = [{
        "date": r.date.isoformat(), "desk": r.desk,
        "briefing": str(archived_folder(r.folder, r.date, out_dir)),
        "headline": r.headline,
        "points": [{"text": p.text, "speaker": p.speaker, "article_id": p.article_id}
                   for p in r.points],
        "sources": [{"id": a.id, "source": a.source, "title": a.title, "url": a.url,
                     "published": _published_in(a.published, tz)} for a in r.sources],
    } for r in rows]
    return {"story": rows[0].story_id, "headline": rows[-1].headline,
            "first_briefed": rows[0].date.isoformat(),
            "last_briefed": rows[-1].date.isoformat(), "days": days}


def timeline_lines(rows: Sequence[StoryDay], out_dir: Path,
                   tz: tzinfo | None = None) -> list[str]:
    """A story's timeline for a reader: each day briefed, its points, its sources (their
    dates in `tz`, briefing.timezone)."""
    def when(d: date) -> str:
        return f"{d.day} {d:%B %Y}"

    sid = rows[0].story_id
    dates = sorted({r.date for r in rows})
    lines = [f"Story {sid}: {_plain(rows[-1].headline)}",
             f"Briefed on {len(dates)} day{'' if len(dates) == 1 else 's'}: first "
             f"{when(dates[0])}, last {when(dates[-1])}"]
    # a file is named "out/2024-12-15/briefing.html" when it is under the folder the reader
    # is in, else by its full path (relative to the config's folder, a `--config` from
    # elsewhere, it would open nothing from here)
    here = Path.cwd()
    for r in rows:
        desk = f" [desk {_plain(r.desk)}]" if r.desk else ""
        where = archived_folder(r.folder, r.date, out_dir) / "briefing.html"
        if where.is_absolute() and where.is_relative_to(here):
            where = where.relative_to(here)
        lines += ["", f"{when(r.date)}{desk}: {where}#story-{sid}"]
        for p in r.points:
            said = f"{_plain(p.speaker)}: " if p.speaker else ""
            lines.append(f"  - {said}{_plain(p.text)}")
        if r.sources:
            lines.append("  Sources:")
        for a in r.sources:
            parts = [_plain(a.source), _plain(a.title) or a.id]
            tail = [x for x in ((_published_in(a.published, tz) or "")[:10], _plain(a.url))
                    if x]
            lines.append("    " + ": ".join(x for x in parts if x)
                         + "".join(f" · {x}" for x in tail))
    return lines
