"""Desks: one ingest, a briefing for each audience (README, "Desks").

A desk (`[[desks]]` in briefing.toml, `config.DeskSettings`) is a view of the day: the same
summaries, themes and stories as the whole-day briefing, cut to what its readers follow.
What desks ask of an article (the places it names, its words) is computed once for all of
them (`DayIndex`); a desk only decides, story by story, whether the story is its own and
which of its points to show, and `compose` does the rest as for the whole day.

A story (the same event across outlets, `briefing/stories/`) is on a desk when

1. none of its articles names an `exclude` term (in its headline or text); then
2. one of its articles names a `watch` term: the story is kept whatever its themes and
   places, ranked first in its sections, and each point naming the term says so; or
3. one of its key points has one of the desk's `themes` (any point, when the desk lists
   none) and, if the desk lists `places`, the story is about one of them or a place within
   one (`PlaceIndex`: "Syria" covers Aleppo): a point the desk shows names it, or an
   article's headline or lead (its first sentence) does, or an article names the desk's
   places in at least two of its sentences. A passing mention is not enough: a place named
   once in the twelfth paragraph, in a list of coalition members (one sentence), or in a
   point the desk does not show (another theme's: one item of a news roundup).

Only the points of the desk's themes are shown, with only those themes, so each is filed
under the desk's own sections. On a place desk the story's first point names the place
that put it there, so the reader sees why the story is there: the first point shown that
names it, or, when none does, the first sentence that does, added (the headline, if only
the headline does). The points naming a watch term
are shown whatever their themes (in a last section, "Watch list", when they have none of
the desk's); when no key point names it, the first sentence of the story that does is
added as a point, likewise.

Why a story is on the desk (its theme, place or watch term) goes with it (`Story.why`),
shown with `themes.show_evidence`; `explain` says it, or why not, for any text.

    places.py     the gazetteer (places and what lies within them), watch and exclude terms
    day.py        what desks ask of each article, computed once (`DayIndex`)
    selection.py  a desk: its stories (`judge`), its points (`select`), why (`annotate`)
    explain.py    `desks explain`
"""

from briefing.desks.day import DayIndex, NamedSentence
from briefing.desks.explain import Explanation, explain
from briefing.desks.places import PlaceIndex, Term
from briefing.desks.selection import (
    Desk,
    DeskCut,
    PlacePoint,
    Verdict,
    annotate,
    judge,
    place_index_for,
    select,
    shows,
)

__all__ = [
    "DayIndex",
    "Desk",
    "DeskCut",
    "Explanation",
    "NamedSentence",
    "PlaceIndex",
    "PlacePoint",
    "Term",
    "Verdict",
    "annotate",
    "explain",
    "judge",
    "place_index_for",
    "select",
    "shows",
]
