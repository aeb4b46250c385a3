"""The top lines: each story's lead point, the strongest stories across themes first, and
how fit a point is to lead (it must stand on its own).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from briefing.compose.options import OTHER
from briefing.model import KeyPoint, Section

# A top line must stand on its own: under 15 words a sentence rarely says who did what
# ("She was visiting someone.").
TOP_LINE_MIN_WORDS = 15


def lead_quality(point: KeyPoint) -> tuple[float, int]:
    """How fit a point is to be its story's top line: the summarizer's salience, discounted
    for a sentence too short to stand on its own; earlier wins ties."""
    words = len(point.text.split())
    return (point.score * min(1.0, words / TOP_LINE_MIN_WORDS), -point.position)


def pick_top_lines(
    sections: Sequence[Section], count: int, min_share: float, weights: Mapping[str, float],
    first: Collection[str] = (),
    opinion: Collection[str] = (),
) -> tuple[KeyPoint, ...]:
    """The lead point of the best-ranked stories across themes, one per story, each story
    weighed by the weight of the theme whose section shows it (a story is shown whole under
    one theme: `story_theme`); a story weaker than `min_share` of the strongest one is
    filler and stays out. Top lines are the day's reported news: a story whose lead is an
    opinion piece's (article ids in `opinion`: no report among its points, see
    `build_section`) gives none."""
    best: dict[str, tuple[float, KeyPoint]] = {}
    for section in sections:
        if section.theme == OTHER[0]:
            continue
        weight = weights.get(section.theme, 1.0)
        for story in section.stories:
            reported = [p for p in story.key_points if p.article_id not in opinion]
            lead = story.lead or max(reported or story.key_points, key=lead_quality)
            if lead.article_id in opinion:
                continue
            score = story.score * weight
            if story.id not in best or (score, lead_quality(lead)) > (
                best[story.id][0], lead_quality(best[story.id][1])
            ):
                best[story.id] = (score, lead)
    ranked = sorted(best.items(), key=lambda kv: (kv[0] not in first, -kv[1][0], kv[0]))
    floor = max((score for score, _ in best.values()), default=0.0) * min_share
    return tuple(point for key, (score, point) in ranked[:count]
                 if score >= floor or key in first)
