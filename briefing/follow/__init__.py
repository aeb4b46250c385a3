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
stories (and against an earlier build of the same date whose articles this one does not
brief again, as an evening edition; a rebuild makes that date's stories again, on every
desk, so it keeps its ids), but
what a reader was already told, and so "developing", "day N" and which points are new,
is read from the briefings of the same desk before this date only. `WHOLE_DAY` is the
desk of the whole-day briefing.

Only the store speaks SQL: this module is handed the store and reads it through its
methods.

The package's modules, in the order a build runs them: `identity` (today's stories linked
to earlier ones), `told` (whether a sentence retells an earlier point), `followed` (the
step a build runs: links, marks, what was told left out), `record` (what the store keeps of
each story shown), `since` (the "Since yesterday" block and a rebuilt date's earlier
editions), `timeline` (`briefing story ID`), and `paths` (ids and links between days).
"""

from briefing.follow.followed import WHOLE_DAY, Followed, follow_stories
from briefing.follow.identity import LINK_THRESHOLD
from briefing.follow.paths import archived_folder, relative_folder, story_id
from briefing.follow.record import story_days
from briefing.follow.since import earlier_entries, since_yesterday
from briefing.follow.timeline import timeline_lines, timeline_record
from briefing.follow.told import casualty_figure

__all__ = [
    "LINK_THRESHOLD",
    "WHOLE_DAY",
    "Followed",
    "archived_folder",
    "casualty_figure",
    "earlier_entries",
    "follow_stories",
    "relative_folder",
    "since_yesterday",
    "story_days",
    "story_id",
    "timeline_lines",
    "timeline_record",
]
