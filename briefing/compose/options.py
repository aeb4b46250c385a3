"""What composing is told: its options, and the section that takes the points no briefed
theme claims ("Other developments").
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.model import OTHER_THEME
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
