"""How much a story matters to a reader of the day: what it says, how many outlets tell it,
how fresh it is against the day's newest report, and its sources' weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta

from briefing.model import Article, KeyPoint, Summary


def story_freshness(articles: Sequence[Article], newest: datetime | None, half_life_hours: float
                    ) -> float | None:
    """How fresh a story is: halved for each `half_life_hours` its latest report is older
    than the day's newest report (`newest_report`; 1 when decay is off); None for a story with no
    dated report."""
    latest = max((a.published for a in articles if a.published), default=None)
    if latest is None:
        return None
    if half_life_hours <= 0 or newest is None:
        return 1.0
    # a report dated after the day's newest (`newest_report`: more than a day after the
    # briefing's) is as far from the day as one as much before it
    age_hours = abs((newest - latest).total_seconds()) / 3600
    return 0.5 ** min(age_hours / half_life_hours, OLDEST_HALF_LIVES)


# Freshness stops halving after this many half-lives (about 2.7 years at 24 hours): 0.5 **
# 1,075 is 0, and a story's strength is a product, so every story older than that weighed
# exactly 0 whatever it said and an archive's day was ranked by story ids. At 0.5 ** 1,000
# (1e-301) times any story's other factors the product is still a number, so such stories
# tie on age alone and rank by what they weigh.
OLDEST_HALF_LIVES = 1000.0


def newest_report(summaries: Sequence[Summary], day: date) -> datetime | None:
    """The time freshness is measured from: the newest report dated by the end of the day
    after the briefing's (a day's grace for time zones). A report dated later, such as a
    feed's entry stamped years ahead, is not the measure (taken as the newest, it once made
    every other story of the day years old) and ages by its distance from it."""
    dated = [s.article.published for s in summaries if s.article.published]
    if day >= date.max - timedelta(days=2):  # the calendar has no day after next: all in time
        return max(dated, default=None)
    limit = datetime.combine(day + timedelta(days=2), time.min, tzinfo=UTC)
    in_time = [d for d in dated if d < limit]  # every Article's date is aware (model.py)
    return max(in_time or dated, default=None)


def story_strength(
    articles: Sequence[Article], points: Sequence[KeyPoint], freshness: float,
    source_weights: Mapping[str, float],
) -> float:
    """How much a story matters to a reader of the day: the weight of what it says (its
    five strongest points together, so a substantial report outranks a one-line readout)
    times how widely it was reported (independent outlets, with diminishing returns)
    times how fresh it is (`story_freshness`) times the largest weight among the sources its
    articles came in by (`source_weights` by `Article.via`; an article of no weighted
    source counts 1): a story that a heavily weighted source reported counts as that
    source says, whoever else reported it."""
    outlets = len({a.source or a.id for a in articles})
    if not outlets:
        return 0.0
    substance = sum(sorted((p.score for p in points), reverse=True)[:5])
    weight = max(source_weights.get(a.via, 1.0) for a in articles)
    # six significant figures, not six decimals: a story three weeks older than the day's
    # news weighs about a millionth, and rounded to decimals every such story tied at 0,
    # so an archive's stories were ranked by their ids
    return float(f"{substance * (1.0 + 0.5 * math.log2(outlets)) * freshness * weight:.6g}")
