"""What a briefing says of earlier days: the "Since yesterday" block, and the entries of
a rebuilt date's earlier editions that later days' links land on."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from briefing.follow.followed import WHOLE_DAY, Followed
from briefing.follow.paths import archived_folder, relative_folder
from briefing.follow.record import shown_stories, story_headline
from briefing.model import Briefing, EarlierEntry, SinceLine, SinceYesterday
from briefing.store import StoryDay

SINCE_LINES = 5  # stories listed per kind in the "Since yesterday" block; the rest counted



def since_yesterday(briefing: Briefing, followed: Followed, lines: int = SINCE_LINES, *,
                    reads_gap: bool = True) -> SinceYesterday | None:
    """The "Since yesterday" block: the stories that grew, those new today, and those of
    the previous briefing with nothing new. None when no earlier briefing of this desk is
    within the days followed. `reads_gap`: the briefing covers the days since the previous
    one (`sources.window` other than "day"), so a quiet story went unreported in all."""
    if followed.previous_day is None:
        return None
    shown = shown_stories(briefing)
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
            grew.append(SinceLine(mark.story_id, story_headline(story),
                                  f"day {mark.day} · {points} {noun}"))
        else:
            outlets = len({a.source or a.id for s in entries for a in s.articles})
            new.append(SinceLine(mark.story_id, story_headline(story),
                                 f"{outlets} outlet{'' if outlets == 1 else 's'}"))
    on_show = {s.follow.story_id for entries in shown.values() for s in entries if s.follow}
    previous = {row.story_id for row in followed.previous}
    # the previous briefing's stories, strongest first (five are listed and the rest only
    # counted "of <its date>"; the store gives them by story id, an order that says
    # nothing to a reader), then, five more, those reported today with nothing new that
    # an earlier briefing showed: not shown, they would otherwise go without a word (on
    # a real day the previous briefing has more than five quiet stories, so counted with
    # them they were never named, and were counted as of its date)
    older = sorted((row for sid, row in followed.quiet_last.items() if sid not in previous),
                   key=lambda r: (-r.date.toordinal(), -r.score, r.story_id))
    listed = frozenset(a.id for a in briefing.articles)  # its Sources, shown or not
    quiet = [_quiet_line(row, followed, previous, reads_gap, listed)
             for row in sorted(followed.previous, key=lambda row: -row.score)
             if row.story_id not in on_show]
    again = [_quiet_line(row, followed, previous, reads_gap, listed) for row in older
             if row.story_id not in on_show]
    return SinceYesterday(
        previous=followed.previous_day,
        grew=tuple(grew[:lines]), new=tuple(new[:lines]),
        quiet=(*quiet[:lines], *again[:lines]),
        more_grew=max(0, len(grew) - lines), more_new=max(0, len(new) - lines),
        more_quiet=max(0, len(quiet) - lines), more_again=max(0, len(again) - lines),
    )



def _quiet_line(row: StoryDay, followed: Followed, previous: set[str],
                reads_gap: bool = True, listed: frozenset[str] = frozenset()) -> SinceLine:
    """The line of a story briefed before with nothing new today, linking to its entry."""
    # the line's tag already says "Nothing new": the detail says whether it was
    # reported today at all (and, for an older story, when it was last briefed)
    if row.story_id not in followed.quiet:
        # an earlier edition of today (this briefing lists it under "In earlier
        # editions of this day") reported it: not "not reported today"
        detail = ("briefed earlier today" if row.story_id in followed.earlier_today
                  else _reported_elsewhere(row.story_id, followed, listed)
                  or _not_reported(followed, reads_gap))
    elif row.story_id in previous:
        detail = "reported again"
    else:
        detail = f"reported again, last briefed {row.date.day} {row.date:%B %Y}"
    return SinceLine(row.story_id, row.headline, detail,
                     relative_folder(archived_folder(row.folder, row.date, followed.out_dir),
                                     followed.folder))



def _reported_elsewhere(story_id: str, followed: Followed, listed: frozenset[str]) -> str:
    """What to say of a story today's reports continue that this briefing does not show:
    its section had no room (its reports are among the briefing's Sources, `listed`, "not
    shown above"), or a desk's cut left it out (an `exclude` term, none of its places).
    "not reported today" would be false: the whole day's briefing, which a colleague
    reads, marks it "Developing"."""
    keys = {key for key, m in followed.marks.items() if m.story_id == story_id}
    if not keys:
        return ""
    reports = {s.article.id for s, key in zip(followed.summaries, followed.keys, strict=True)
               if key in keys}
    if followed.desk == WHOLE_DAY or reports & listed:
        return "reported today, not shown"
    return "reported today, not on this desk"


def _not_reported(followed: Followed, reads_gap: bool) -> str:
    """"not reported today"; after days without a briefing (a holiday, a scheduler that
    was down), whose reports this briefing covers too (`reads_gap`), "not reported since"
    the previous briefing's date: none of those days reported it either."""
    previous = followed.previous_day
    if not reads_gap or previous is None or (followed.day - previous).days <= 1:
        return "not reported today"
    return f"not reported since {previous.day} {previous:%B %Y}"



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
