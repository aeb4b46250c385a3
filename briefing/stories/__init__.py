"""Stories: the same event told by several outlets, and the same story on later days.

- `grouping.py` gives each of a day's articles a story key (`group_stories`): articles
  about the same event share it. How and why it reads articles as it does is said there.
- `linking.py` finds a day's stories among those briefed on earlier days (`link_stories`,
  used by briefing/follow/), from what each briefed story kept (`StoryTerms`).
- `places.py` says when two stories happen in different places (`apart`), so that one is
  not linked as the other's next day however alike their words.
"""

from briefing.stories.grouping import THRESHOLD, group_stories
from briefing.stories.linking import (
    StoryLink,
    StoryTerms,
    StoryVectors,
    group_stories_with_vectors,
    link_stories,
)

__all__ = [
    "THRESHOLD",
    "StoryLink",
    "StoryTerms",
    "StoryVectors",
    "group_stories",
    "group_stories_with_vectors",
    "link_stories",
]
