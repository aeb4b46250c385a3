"""Why an article is, or is not, in a briefing (`briefing why`): one line per article, read
from what its build recorded (briefing.json, and the store for what the briefing left
aside), never worked out again, so the answer cannot disagree with the briefing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from briefing.language import OTHER_LANGUAGES
from briefing.model import HEADLINE
from briefing.store.articles import StoredMatch
from briefing.urls import canonical_url

NOT_FOUND = ("not in this briefing nor in the store: no configured source gave it (see the "
             "build's 'source …' lines and warnings), or it was read as the same article as "
             "another one, of the same words or address, which stands in its place")


def why_lines(data: dict[str, Any], query: str, stored: Sequence[StoredMatch]) -> list[str]:
    """One line per article `query` names (its id, its address, or words of its title),
    `data` being the briefing's briefing.json and `stored` the store's matches
    (`Store.matching_articles`): the article, then what the briefing did with it."""
    titles = {a["id"]: a["title"] for a in data["articles"]}
    found = [a["id"] for a in data["articles"] if _names(a, query)]
    found += [m.id for m in stored if m.id not in found]
    found += [i for i, _ in data["left_out"] if i == query.strip() and i not in found]
    if not found:
        return [f"{query.strip()!r}: {NOT_FOUND}"]
    titles.update({m.id: m.title for m in stored})
    by_id = {m.id: m for m in stored}
    lines = []
    for article_id in found:
        title = " ".join(titles.get(article_id, "").split())
        shown = f"{title[:80]}…" if len(title) > 80 else title
        named = f"{article_id} {shown!r}" if shown else article_id
        lines.append(f"{named}: {_reason(data, article_id, by_id.get(article_id))}")
    return lines


def _names(article: dict[str, Any], query: str) -> bool:
    words = " ".join(query.split()).lower()
    if not words:
        return False
    if article["id"] == query.strip():
        return True
    if article["url"] and canonical_url(article["url"]) == canonical_url(query.strip()):
        return True
    return words in " ".join(article["title"].split()).lower()


def _reason(data: dict[str, Any], article_id: str, stored: StoredMatch | None) -> str:
    left_out = dict(map(tuple, data["left_out"]))
    if article_id in left_out:
        kind = left_out[article_id]
        if kind == OTHER_LANGUAGES[0]:
            return (f"left out: written in a language the theme models do not read (listed "
                    f'under "{OTHER_LANGUAGES[1]}")')
        return (f"left out as {kind} news, a kind this briefing does not brief (its story "
                "read so; themes.toml brief = false)")
    for reason in _in_sections(data, article_id):
        return reason
    if any(a["id"] == article_id for a in data["articles"]):
        return "listed in Sources, in no story of any section"
    if stored is None:
        return NOT_FOUND
    day = data["date"]
    earlier = [d for d in stored.briefed if d != day]
    if earlier:
        return (f"not in this briefing: already briefed on {', '.join(earlier)} (nothing is "
                "briefed twice)")
    # compared as instants: the store keeps UTC, briefing.json may give another offset
    if datetime.fromisoformat(stored.first_seen) > datetime.fromisoformat(data["generated_at"]):
        return (f"not in this briefing: first stored at {_utc(stored.first_seen)}, after it "
                f"was built ({_utc(data['generated_at'])}): the next build's")
    when = (f"published {_utc(stored.published)}" if stored.published
            else f"undated, first stored at {_utc(stored.first_seen)}")
    return f"not in this briefing: {when}, outside the window it covered"


def _utc(instant: str) -> str:
    """An ISO 8601 instant to the minute in UTC ("2024-12-08T09:00Z"), whatever offset it
    was written with: every time a line gives is in one zone, so two can be compared."""
    return f"{datetime.fromisoformat(instant).astimezone(UTC):%Y-%m-%dT%H:%M}Z"


def _in_sections(data: dict[str, Any], article_id: str) -> Iterator[str]:
    """What the sections did with the article, best news first: its points shown, its
    fact credited on another outlet's point, its points cut by a cap, its story cut."""
    top = any(p["article_id"] == article_id for p in data["top_lines"])
    also_top = "; also a top line" if top else ""
    for section in data["sections"]:
        for story in section["stories"]:
            sid = (story.get("follow") or {}).get("story_id") or story["id"]
            where = f"under {section['title']}, story {sid}"
            points = [p for p in story["key_points"] if p["article_id"] == article_id]
            shown = len(story["key_points"])
            more = story.get("more_points", 0)
            if points:
                # counted from 1, as a reader counts an article's sentences
                numbers = [str(p["position"] + 1) for p in points if p["position"] != HEADLINE]
                which = (f"{'sentence' if len(numbers) == 1 else 'sentences'} "
                         f"{', '.join(numbers)}" if numbers else "its headline")
                cut = (f"; the story shows {_n(shown, 'point')} and leaves {more} more "
                       "(compose.points_per_story, compose.points_per_section)" if more else "")
                yield (f"shown {where}: {_n(len(points), 'point')} of its own"
                       f" ({which})"
                       f"{cut}{also_top}")
                return
            told = next((p for p in story["key_points"]
                         if article_id in p.get("also_reported_by", ())), None)
            if told is not None:
                yield (f"shown {where}, as 'Also reported by' on a point of "
                       f"{told['article_id']}: it tells the same fact, shown once{also_top}")
                return
            if article_id in story["article_ids"]:
                yield (f"a source of the story {where}, none of its points shown: the story "
                       f"shows {_n(shown, 'point')} and leaves {more} more "
                       "(compose.points_per_story, compose.points_per_section)")
                return
    for section in data["sections"]:
        for ids in section.get("omitted_stories", ()):
            if article_id in ids:
                yield (f"its story is not shown: {section['title']} was full "
                       f"({_n(section['omitted'], 'more story')}; compose.points_per_section); "
                       "Sources names or counts it as not shown above")
                return


def _n(count: int, noun: str) -> str:
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {noun[:-1]}ies" if noun.endswith("y") else f"{count} {noun}s"
