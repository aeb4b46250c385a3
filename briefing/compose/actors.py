"""Who is named and who said what in the stories a briefing shows, and the day's most named
actors.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from briefing.compose.options import ComposeOptions
from briefing.model import Actor, Article, Quote, Section


class ArticleActors:
    """Who each article names and whom it quotes, found once for a build's briefings: the
    whole day's and each desk's show the same articles, and their names and quotations
    are the costliest part of composing one (40 desks read them 40 times). Remembered by
    article id and text (an article updated under its address keeps its id) and the
    longest sentence read (`ComposeOptions.max_point_chars`)."""

    def __init__(self) -> None:
        self._found: dict[tuple[str, str, int],
                          tuple[tuple[Actor, ...], tuple[Quote, ...]]] = {}

    def of(self, article: Article, max_chars: int
           ) -> tuple[tuple[Actor, ...], tuple[Quote, ...]]:
        """The actors the article names, and its quotations that have a speaker."""
        key = (article.id, article.text, max_chars)
        found = self._found.get(key)
        if found is None:
            from briefing.actors import find_actors_and_quotes
            from briefing.text import sentences

            actors, quotes = find_actors_and_quotes(sentences(article.text, max_chars))
            found = self._found[key] = (actors, tuple(replace(q, article_id=article.id)
                                                      for q in quotes if q.speaker))
        return found


def with_actors(
    sections: Sequence[Section], options: ComposeOptions, found: ArticleActors | None = None
) -> tuple[list[Section], tuple[Actor, ...]]:
    """Who is named and who said what, for the stories shown (a bounded number, so this
    costs the same at 100 articles as at 10,000), and the day's most named actors. `found`:
    what the day's other briefings found in their articles (default: none)."""
    found = found or ArticleActors()
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
                    found_actors, found_quotes = found.of(article, options.max_point_chars)
                    for a in found_actors:
                        counts[(a.name, a.kind)] += a.count
                    quotes.extend(found_quotes)
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
