"""What the store records of each story a briefing shows (`story_days`), read by later
days to link to it and to tell what is new."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from briefing.follow.followed import Followed
from briefing.model import Briefing, Story, Summary
from briefing.store import BriefedPoint, StoryDay, StorySource
from briefing.stories import StoryVectors


def shown_stories(briefing: Briefing) -> dict[str, list[Story]]:
    """Each story key's entries in the sections, in section order."""
    out: dict[str, list[Story]] = defaultdict(list)
    for section in briefing.sections:
        for story in section.stories:
            out[story.id].append(story)
    return out



def story_headline(story: Story) -> str:
    from briefing.render import label

    return label(story.articles[0]) if story.articles else ""



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
    for key, entries in shown_stories(briefing).items():
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
            folder=str(folder), headline=story_headline(entries[0]), terms=terms.terms,
            names=terms.names, has_lead=terms.has_lead,
            outlets=len({a.source or a.id for a in articles[key]}),
            actors=tuple((a.name, a.kind) for a in actors), points=tuple(points),
            sources=sources, score=max(s.score for s in entries),
        ))
    return out
