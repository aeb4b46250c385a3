"""A story's facts: each told once, in its fullest telling, credited to every article that
tells it, with its shortest whole telling for a top line.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from briefing.compose.top_lines import TOP_LINE_MIN_WORDS
from briefing.model import HEADLINE, KeyPoint
from briefing.tellings import relate, words_of


@dataclass
class Fact:
    """One fact of a story and every telling of it, in article order."""

    shown: KeyPoint  # the fullest telling, or the first of equals
    words: frozenset[str]
    tellings: list[KeyPoint]
    articles: set[str]  # the ids of the articles of `tellings`

    def credited(self, point: KeyPoint) -> KeyPoint:
        """``point`` crediting every other article that tells the fact."""
        also = tuple(dict.fromkeys(t.article_id for t in self.tellings
                                   if t.article_id != point.article_id))
        return replace(point, also_reported_by=also) if also else point

    def briefest(self, opinion: Collection[str] = ()) -> KeyPoint:
        """The shortest telling that still says who did what, for a top line: a report's
        telling when the fact has one, not an opinion piece's (article ids in `opinion`)."""
        tellings = [t for t in self.tellings if t.article_id not in opinion] or self.tellings
        whole = [t for t in tellings if len(t.text.split()) >= TOP_LINE_MIN_WORDS]
        fallback = self.shown if self.shown in tellings else tellings[0]
        return self.credited(min(whole, key=lambda t: len(t.text.split()), default=fallback))

    def reported(self, opinion: Collection[str]) -> bool:
        """Whether an article other than an opinion piece tells the fact."""
        return any(t.article_id not in opinion for t in self.tellings)


def gather_facts(points: Sequence[KeyPoint]) -> list[Fact]:
    """Each fact once, with every telling of it (points come in article order).

    The first wording of a sentence told twice is shown; when one telling contains the
    other, the fuller one is, in the first one's place, so no detail is lost. Headlines
    of one story (items with no text) are one fact however worded: each tells the event.
    """
    facts: list[Fact] = []
    for p in points:
        words = words_of(p.text)
        for fact in facts:
            if p.position == fact.shown.position == HEADLINE:
                relation = "same"
            else:
                relation = relate(p.text, words, fact.shown.text, fact.words,
                                  new_article=p.article_id not in fact.articles)
            if relation == "fuller":
                fact.shown, fact.words = p, words
            if relation:
                fact.tellings.append(p)
                fact.articles.add(p.article_id)
                break
        else:
            facts.append(Fact(p, words, [p], {p.article_id}))
    return facts
