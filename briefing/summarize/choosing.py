"""Choosing the set of points: the "briefing" algorithm (``rank_briefing``).

The best set of N points by salience, less MMR for the pairs alike and the word budget on
the words they show (``budget_pick``), searched among the most salient candidates that can
be shown; the lead fact always (``_lead``); then the runners-up by greedy MMR
(``mmr_pick``). How each sentence would be shown standing alone (``standing_forms``)
decides which may be chosen and how many words each costs (``_Way``).

"The module docstring" below is the package's, in ``briefing/summarize/__init__.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from briefing.mending import StandAlone
from briefing.summarize.scoring import MAX_POINTS, WEIGHTS, inside_quotes, is_voiced, salience
from briefing.text import is_heading, is_point, speaker_turns, words

# The set of points is searched among this many candidates beyond the points wanted.
SET_SEARCH_EXTRA = 3
# The lead fact: the first candidate is a point when it is among the article's first
# sentences (a lead of one or two sentences states who did what, where, how many).
LEAD_WINDOW = 2


def rank_briefing(
    texts: Sequence[str], word_lists: Sequence[Sequence[str]], all_sim: Sequence[Sequence[float]],
    pool: Sequence[int], count: int, reserve: int = 0, shown: StandAlone | None = None,
) -> list[tuple[int, float]]:
    """The "briefing" choice (a ``Ranker``): the best set of ``count`` points, then the next
    ``reserve`` choices by greedy MMR; (index, salience) pairs, each part best first.

    The scoring core shared by ``summarize`` and ``BriefingSummarizer``: pure, no sumy.
    """
    shown = shown or standing_forms(texts, word_lists)
    sim = [[*map(all_sim[i].__getitem__, pool)] for i in pool]
    scores = salience(texts, word_lists, sim, pool)
    chosen = choose(texts, pool, scores, sim, count, reserve, shown)
    return [(pool[c], scores[c]) for c in chosen]


def choose(
    texts: Sequence[str], pool: Sequence[int], scores: Sequence[float],
    sim: Sequence[Sequence[float]], count: int, reserve: int, shown: StandAlone,
) -> list[int]:
    """The points of ``rank_briefing`` by their ``scores``: positions in ``pool``, the best
    set of ``count`` (``budget_pick``) then ``reserve`` runners-up, each part best first.

    A sentence is chosen only if it can be shown standing alone (``shown``: as it is,
    mended, after the sentence before it) or right after the sentence before it when that
    one is chosen too (``summarize`` then shows the two as one point), while there are
    enough such sentences; the lead fact (``_lead``) always. The budget counts the words
    as shown. Runners-up each stand alone apart from the points.
    """
    order = sorted(range(len(scores)), key=lambda c: -scores[c])
    where = {i: c for c, i in enumerate(pool)}
    ways: dict[int, _Way] = {}
    for c in order:  # the best few that can be shown: most articles need a look at ten
        way = _way(shown, pool[c], where)
        if way.alone is not None or way.paired is not None or way.before is not None:
            ways[c] = way
            if len(ways) >= count + reserve + SET_SEARCH_EXTRA:
                break
    lead = _lead(texts, pool, shown)
    if lead is not None and lead not in ways:
        ways[lead] = _way(shown, pool[lead], where)

    def words_shown(subset: Sequence[int]) -> int | None:
        return _words_shown(ways, subset)

    chosen = budget_pick(scores, sim, count, list(ways), words_shown, required=lead)
    # too few can be shown: the best of the rest fill the points, as they are
    chosen = mmr_pick(scores, sim, count, chosen, [c for c in order if c not in ways])
    ranges = {c: way.sentences for c, way in ways.items()}
    for c in chosen:  # a point shown after a chosen sentence shows only its own
        way = ways.get(c)
        if way is None or way.alone is None and way.before in chosen:
            ranges[c] = (pool[c], pool[c])
    standing = [c for c, way in ways.items() if way.alone is not None or way.paired is not None]
    return mmr_pick(scores, sim, count + reserve, chosen, standing, ranges)


@dataclass(frozen=True)
class _Way:
    """How a candidate sentence may be shown, in words: standing alone (``alone``), after
    the sentence before it, which it adds (``paired``), or only right after the sentence
    before it when that one is a chosen candidate too (``before``: its place in the pool)."""

    sentence: int
    alone: int | None
    paired: int | None
    whole: int
    before: int | None

    @property
    def sentences(self) -> tuple[int, int]:
        """The sentences it shows when it stands apart: (first, last)."""
        return (self.sentence - 1, self.sentence) if self.alone is None else (
            self.sentence, self.sentence)


def _way(shown: StandAlone, i: int, where: Mapping[int, int]) -> _Way:
    alone = shown.alone(i)
    whole = shown.whole(i).words
    paired = shown(i) if alone is None else None
    before = where.get(i - 1)
    if before is not None and (shown.speakers[i - 1] != shown.speakers[i]
                               or not shown.continues(i)):
        # a sentence of another speaker is no context for this one, nor one whose
        # quotation this one does not close
        before = None
    return _Way(i, None if alone is None else alone.words,
                None if paired is None else paired.words, whole, before)


def _words_shown(ways: Mapping[int, _Way], subset: Sequence[int]) -> int | None:
    """The words a set of candidates shows, or None if one of them cannot be shown: a
    sentence that cannot stand alone follows the sentence before it when that is in the
    set too, and brings it along when it is not (and may)."""
    total = 0
    for c in subset:
        way = ways[c]
        if way.alone is not None:
            total += way.alone
        elif way.before is not None and way.before in subset:
            total += way.whole
        elif way.paired is not None:
            total += way.paired
        else:
            return None
    return total


def _lead(texts: Sequence[str], pool: Sequence[int], shown: StandAlone) -> int | None:
    """The lead fact: the first candidate, when it opens the article (within its first
    ``LEAD_WINDOW`` sentences), stands alone and states the news in the writer's voice;
    its position in ``pool``, or None."""
    if not pool or pool[0] >= LEAD_WINDOW:
        return None
    i = pool[0]
    if shown.alone(i) is None or is_voiced(texts[i], inside_quotes(texts[: i + 1])[i]):
        return None
    return 0


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two points' sentence ranges (first, last) share a sentence."""
    return a[0] <= b[1] and b[0] <= a[1]


def budget_pick(
    scores: Sequence[float], sim: Sequence[Sequence[float]], count: int,
    allowed: Sequence[int], words_shown: Callable[[Sequence[int]], int | None],
    required: int | None = None,
) -> list[int]:
    """The ``count`` indices of ``allowed`` that together score best, best first (the
    module docstring), ``required`` among them when given.

    A set scores its summed salience, less MMR times its pairs' summed similarity over
    ``count / 2`` (so each point but one pays for its likeness to the others), less the
    word budget on the words it shows (``words_shown``; None: the set cannot be shown).
    Searched among the ``count + SET_SEARCH_EXTRA`` most salient of ``allowed``. Beyond
    ``MAX_POINTS`` points the sets are too many to try, and the choice is greedy MMR.
    """
    w = WEIGHTS
    top = sorted(allowed, key=lambda c: -scores[c])[: count + SET_SEARCH_EXTRA]
    if required is not None and required not in top:
        top.append(required)
    must = () if required is None else (required,)
    if len(top) <= count or count > MAX_POINTS:
        return mmr_pick(scores, sim, count, must, top if count <= MAX_POINTS else allowed)
    limit = count * w["length_target"]
    best, best_value = None, -math.inf
    for subset in combinations(top, count):
        if required is not None and required not in subset:
            continue
        words_used = words_shown(subset)
        if words_used is None:
            continue
        alike = sum(sim[a][b] for a, b in combinations(subset, 2))
        value = (sum(scores[c] for c in subset) - w["mmr"] * alike / (count / 2)
                 - w["budget"] * max(0.0, math.log(max(1, words_used) / limit)))
        if value > best_value:
            best, best_value = subset, value
    if best is None:
        return mmr_pick(scores, sim, count, must, top)
    return sorted(best, key=lambda c: -scores[c])


def mmr_pick(
    scores: Sequence[float], sim: Sequence[Sequence[float]], count: int,
    chosen: Sequence[int] = (), allowed: Sequence[int] | None = None,
    ranges: Mapping[int, tuple[int, int]] | None = None,
) -> list[int]:
    """Greedy choice up to ``count`` indices, best first, after those already ``chosen``:
    each time the highest score less ``MMR`` times the similarity to the closest one chosen,
    among ``allowed`` (default: all), never one that shares a sentence with a chosen one."""
    mmr = WEIGHTS["mmr"]
    ranges = ranges or {}
    chosen = list(chosen)
    pool = range(len(scores)) if allowed is None else allowed
    left = [c for c in pool if c not in chosen]
    while left and len(chosen) < count:
        best = max(
            left, key=lambda c: scores[c] - mmr * max((sim[c][j] for j in chosen), default=0.0)
        )
        left.remove(best)
        if best in ranges and any(_overlap(ranges[best], ranges[j]) for j in chosen
                                  if j in ranges):
            continue
        chosen.append(best)
    return chosen


def standing_forms(
    texts: Sequence[str], word_lists: Sequence[Sequence[str]], *, cleaned: bool = False
) -> StandAlone:
    """How each sentence would be shown as a point that stands alone (``StandAlone``), as
    ``summarize`` shows it: without a transcript's speaker label, with the sentence before
    only when that one could be a point itself, in the words the budget counts."""
    turns = speaker_turns(texts)
    speakers = [speaker for speaker, _ in turns]
    return StandAlone(
        [text for _, text in turns], speakers,
        usable=lambda j: is_point(texts[j], speakers[j], cleaned=cleaned)
        and not is_heading(texts[j]),
        counts=[len(ws) - (len(words(texts[j][: len(texts[j]) - len(turns[j][1])]))
                           if speakers[j] else 0) for j, ws in enumerate(word_lists)],
    )
