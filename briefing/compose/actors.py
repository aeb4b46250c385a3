"""Who is named and who said what in the stories a briefing shows, and the day's most named
actors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from briefing.compose.options import ComposeOptions
from briefing.model import Actor, Quote, Section


def with_actors(
    sections: Sequence[Section], options: ComposeOptions
) -> tuple[list[Section], tuple[Actor, ...]]:
    """Who is named and who said what, for the stories shown (a bounded number, so this
    costs the same at 100 articles as at 10,000), and the day's most named actors."""
    from briefing.actors import find_actors_and_quotes
    from briefing.text import sentences

    per_story: dict[str, tuple[tuple[Actor, ...], tuple[Quote, ...]]] = {}
    day: Counter[tuple[str, str]] = Counter()
    out = []
    for section in sections:
        stories = []
        for story in section.stories:
            if story.id not in per_story:
                counts: Counter[tuple[str, str]] = Counter()
                quotes: list[Quote] = []
                for article in story.articles:
                    found_actors, found_quotes = find_actors_and_quotes(
                        sentences(article.text, options.max_point_chars))
                    for a in found_actors:
                        counts[(a.name, a.kind)] += a.count
                    quotes.extend(replace(q, article_id=article.id)
                                  for q in found_quotes if q.speaker)
                actors = tuple(Actor(n, k, c) for (n, k), c in counts.most_common()
                               if k != "other")
                per_story[story.id] = (actors[: options.actors_per_story],
                                       tuple(quotes[: options.quotes_per_story]))
                day.update({(a.name, a.kind): a.count for a in actors})
            actors, quotes = per_story[story.id]
            stories.append(replace(story, actors=actors, quotes=quotes))
        out.append(replace(section, stories=tuple(stories)))
    ranked = tuple(Actor(n, k, c) for (n, k), c in day.most_common(options.actors_of_the_day))
    return out, ranked
