"""Today's stories against earlier briefings: linked, marked, and with what was told
left out (`follow_stories`, the step a build runs before composing)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.follow.identity import link_today
from briefing.follow.paths import archived_folder, relative_folder
from briefing.follow.told import Said, already_told, casualty_figure
from briefing.model import Article, FollowMark, KeyPoint, Summary
from briefing.store import StoryDay
from briefing.stories import StoryVectors

if TYPE_CHECKING:
    from briefing.store import Store


WHOLE_DAY = ""  # the desk id of the whole-day briefing
ESCALATION_STEP = 0.25  # strength added per sign of escalation (three signs at most)
NEW_NAMES = 2  # names in today's titles never seen in the story before that count as new actors
REFILL_ARTICLES = 3  # articles per developing story whose next sentences may replace repeats
# articles a build re-reads for the sentences after their key points (the summarizer's
# runners-up), to say what a developing story adds where its points were told before:
# the stories with the most outlets first, `REFILL_ARTICLES` of each, this many in all
REFILL_BUDGET = 60



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
    # the stories an earlier build of this date showed on this desk (a morning edition,
    # before the evening's with the articles that came in since): reported today
    earlier_today: frozenset[str] = frozenset()
    # the date of this desk's previous briefing in the window, even one that showed no
    # story (so recorded none): its readers had it (None: no earlier briefing, or not known)
    previous_date: date | None = None

    @property
    def previous_day(self) -> date | None:
        """The date of this desk's previous briefing within the days followed."""
        if self.previous_date is not None:
            return self.previous_date
        return self.previous[0].date if self.previous else None



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

    The store is read here only (the window and the date of this desk's previous
    briefing, then the timelines of the stories linked); each step between is a function
    of plain data."""
    # out/<date>/ or out/<date>/<desk>/: links lead to the earlier briefings under it
    out_dir = Path(folder).parent if desk == WHOLE_DAY else Path(folder).parent.parent
    # the window never starts before the calendar's first day (0001-01-01)
    start = day - timedelta(days=min(days, (day - date.min).days))
    window = store.story_days_between(start, day)
    built = store.last_briefing_of(desk, start, day)
    remade = _remade_today(window, summaries, day)
    gone = {id(row) for row in remade}
    links = link_today(vectors, [row for row in window if id(row) not in gone], summaries,
                       keys, day)
    timeline = store.story_timeline(set(links.linked.values())) if links.linked else []
    told = _told_here(timeline, desk, day)
    dropped = _drop_told(summaries, links.keys, links.ids, told)
    kept = (dropped.summaries if more_points is None else
            _refill(dropped, summaries, links.keys, links.ids, told, more_points))
    mine = [row for row in links.window if row.desk == desk and row.date < day]
    previous_date = max((d for d in (built, *(row.date for row in mine)) if d is not None),
                        default=None)
    marks = _marks(kept, links.keys, links.ids, told, vectors, dropped.repeated,
                   first_briefing=previous_date is None, day=day, folder=folder,
                   out_dir=out_dir)
    quiet_last = {sid: max(told[sid], key=lambda r: r.date) for sid in marks.quiet}
    earlier_today = frozenset(row.story_id for row in [*links.window, *remade]
                              if row.desk == desk and row.date == day)
    return Followed(links.keys, kept, marks.marks, marks.novelty, marks.quiet,
                    [row for row in mine if row.date == previous_date], day, desk, folder,
                    out_dir, quiet_last, earlier_today, previous_date)



@dataclass(frozen=True)
class _Dropped:
    """Today's summaries with the points earlier briefings told left out (`_drop_told`)."""

    summaries: list[Summary]
    dropped_at: dict[int, int]  # summary index -> points left out
    repeated: dict[str, int]  # story key -> points left out
    said: dict[str, Said]  # story id -> what this desk's earlier briefings told of it



@dataclass(frozen=True)
class _Marks:
    """What `Followed` says of each story (`_marks`)."""

    marks: dict[str, FollowMark]  # by story key
    novelty: dict[str, float]  # by story key: a factor on its strength
    quiet: dict[str, str]  # story id -> key: linked, developing, nothing new



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
    said = {sid: Said.of([p.text for row in rows for p in row.points])
            for sid, rows in told.items()}
    kept: list[Summary] = []
    repeated: dict[str, int] = defaultdict(int)
    dropped_at: dict[int, int] = {}
    for i, (summary, key) in enumerate(zip(summaries, keys, strict=True)):
        earlier = said.get(ids[key])
        if not earlier:
            kept.append(summary)
            continue
        points = tuple(p for p in summary.key_points if not already_told(p.text, earlier))
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



def _remade_today(window: Sequence[StoryDay], summaries: Sequence[Summary], day: date
                 ) -> list[StoryDay]:
    """The stories an earlier build of this date showed, on any desk or the whole day's,
    whose every source is briefed again now: a rebuild makes them again, so they are not
    earlier stories to link to. Linked to, a group matched its own articles as that build
    kept them (a story it had split off, say) better than the day before's story it
    continued, and a rebuild of the same articles told another story than the first build
    (ids that later briefings link to gone). Another briefing's too: the first build
    composes every briefing before it records any, so none of them linked to another's
    stories of the day, and a group that briefing did not show (a desk's `exclude`, a
    section with no room) linked to a story of today it is like but was not grouped with,
    and was merged into it. Without them the rebuild links as the first build did, and a
    story new that day gets the same id again (`paths.story_id` of its key). An evening
    edition of only the articles that came in since the morning still links to the
    morning's stories."""
    now = {s.article.id for s in summaries}
    return [row for row in window if row.date == day and row.sources
            and all(a.id in now for a in row.sources)]



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



def _instead(runners: Sequence[KeyPoint], wanted: int, said: Said,
             kept: Sequence[KeyPoint]) -> list[KeyPoint]:
    """Up to `wanted` of an article's next best sentences that no earlier briefing told
    and that are not one of its points already."""
    taken = {p.position for p in kept}
    out: list[KeyPoint] = []
    for p in runners:
        if len(out) >= wanted:
            break
        if p.position not in taken and not already_told(p.text, said):
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
