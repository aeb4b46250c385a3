"""The news the briefing does not brief: which stories are briefed, the kind of news an
article left out is, and the list of them at the end ("Also in the news").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime

from briefing.language import OTHER_LANGUAGES
from briefing.model import AlsoInTheNews, Article, Summary


def find_briefed_stories(summaries: Sequence[Summary], keys: Sequence[str], unbriefed: set[str],
                         reading: Mapping[str, str]) -> tuple[set[str], dict[str, str]]:
    """The stories briefed, and each story's kind of news not briefed ("" for none).

    A story is briefed when at least half its articles are: one outlet's copy filed under
    culture does not take a story from its reader, and one filed under economy does not
    bring eight phone-launch reports into the briefing. `reading`, by article id: its story
    read whole, where its articles read apart disagree, stands for the article's own
    verdict, briefed unless its kind is one `unbriefed` names (a desk that lists health
    briefs a story the whole day reads as health news and leaves out). A briefed article
    of a story left out is listed under its story's kind."""
    votes: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for s, k in zip(summaries, keys, strict=True):
        kind = unbriefed_kind(s, unbriefed)
        read = reading.get(s.article.id)
        if read is not None:
            kind = read if read in unbriefed else None
        votes[k] += 1 if kind is None else -1
        kinds[k][unbriefed_kind(s, unbriefed) or kind or ""] += 1
    briefed = {k for k, vote in votes.items() if vote >= 0}
    story_kind = {k: next((kind for kind, _ in c.most_common() if kind), "")
                  for k, c in kinds.items()}
    return briefed, story_kind


def unbriefed_kind(summary: Summary, unbriefed: Collection[str]) -> str | None:
    """The kind of news an article is when the briefing does not brief it: the classifier
    gives every point of such an article that theme first (`Classifier.classify_article`)."""
    firsts = {p.theme_ids[0] if p.theme_ids else "" for p in summary.key_points}
    if len(firsts) == 1 and (kind := firsts.pop()) in unbriefed:
        return kind
    return None


def list_also_in_the_news(summaries: Sequence[tuple[Summary, str]], kinds: Sequence[str],
                          unbriefed: Sequence[tuple[str, str]]) -> tuple[AlsoInTheNews, ...]:
    """One entry per unbriefed kind with articles, in the taxonomy's order, newest first,
    one article a story and kind (four outlets' headlines of one story are one line's
    worth), but every article in another language: the story grouping reads English, and
    it joined a French report on Syria to one on the French government. `kinds`, parallel to
    `summaries`, is the kind each article is left out as (the briefing's `left_out`), and
    each entry counts every article of its kind, so the counts add up to the header's
    "N articles on other subjects listed at the end" (counted by story, a real week of
    Wikinews listed 33 of the 38 the header named)."""
    by_kind: dict[str, list[Article]] = defaultdict(list)
    count: Counter[str] = Counter()
    # (kind, story): a story whose copies read as two kinds is listed under each, or the
    # second kind's line went missing while the header still counted its articles
    seen: set[tuple[str, str]] = set()
    for (s, key), kind in zip(summaries, kinds, strict=True):
        count[kind] += 1
        if (kind, key) not in seen or kind == OTHER_LANGUAGES[0]:
            seen.add((kind, key))
            by_kind[kind].append(s.article)
    oldest = datetime.min.replace(tzinfo=UTC)
    return tuple(
        AlsoInTheNews(theme, label, tuple(sorted(by_kind[theme], key=lambda a: (
            -(a.published or oldest).timestamp(), a.id))), count[theme])
        for theme, label in unbriefed if by_kind.get(theme))
