"""Which sentences may be points, how many an article deserves, and how salient each is.

``candidates``: the sentences any algorithm may pick (points, not headings, each the first
telling of its fact); ``adaptive_points``: how many points an article deserves;
``salience``: each candidate's score by the package docstring's formula (position prior +
forward centrality - voice penalty - length penalty), a quotation's sentences being someone's
voice throughout (``inside_quotes``, ``is_voiced``). ``WEIGHTS`` holds every tuned number,
the MMR and budget weights that ``choosing`` reads too.

"The module docstring" below is the package's, in ``briefing/summarize/__init__.py``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from briefing.standalone import DOUBLE_QUOTES, QUOTE_SPAN
from briefing.text import is_aside, is_heading, is_point, speaker_turns

# The tuned numbers, all of them; see the module docstring for why each exists. Dropping a
# term costs ROUGE-1 on both dev halves (all 300: centrality 1.0, voice 0.6, length and MMR
# 0.2 each); 1.25 or 1.75 for the exponent, or 0.5 for centrality, cost 0.15-0.3.
WEIGHTS = {
    "position_exponent": 1.5,
    "centrality": 0.4,
    "voice": 0.3,  # quote-led, or first/second person
    "length": 0.03,
    "length_target": 22.0,  # words
    "mmr": 0.1,  # times the similarity to the closest point already chosen
    "budget": 0.8,  # times ln(words / (points * length_target)), when over
}

NEAR_DUPLICATE = 0.5  # content-word cosine at which two sentences say the same thing
MAX_POINTS = 6

QUOTE_OPEN = "\"“‘'«"
PERSONAL = re.compile(r"\b(?:I|we|my|our|you|me|us)\b")  # case-sensitive: "US" is a country


def candidates(
    texts: Sequence[str], sim: Sequence[Sequence[float]], *, cleaned: bool = False
) -> list[int]:
    """Indices of the sentences any algorithm may pick: real ones that state something
    (``is_point``: no question, courtesy, stage direction or framed opinion of the
    writer's), first telling of a fact. ``cleaned``: the texts come from ``sentences``."""
    speakers = [speaker for speaker, _ in speaker_turns(texts)]
    real = [i for i, text in enumerate(texts) if is_point(text, speakers[i], cleaned=cleaned)]
    # Headings and link lines are no points, unless nothing else is there (a teaser feed
    # entry without a full stop is still the news).
    real = [i for i in real if not is_heading(texts[i])] or real
    kept: list[int] = []
    for i in real:
        # map over the row: the near-duplicate test is quadratic, and a generator slow
        if not kept or max(map(sim[i].__getitem__, kept)) < NEAR_DUPLICATE:
            kept.append(i)
    return kept


def adaptive_points(n_candidates: int) -> int:
    """How many points an article deserves: ``round(0.6 * sqrt(n))``, from 1 to 6.

    CNN's editors write 3-4 highlights for a typical 25-30 sentence story: that gives 3;
    a 4-sentence brief gets 1, a 100-sentence feature 6.
    """
    return max(1, min(MAX_POINTS, round(0.6 * math.sqrt(n_candidates))))


def inside_quotes(texts: Sequence[str]) -> list[bool]:
    """Which sentences open inside a quotation that an earlier sentence opened.

    A quote of several sentences is split by the splitter; its second and later sentences
    start without a quotation mark ("In just the last year ... 874," the report said.) but
    are as much someone's words as the first. An odd number of marks opens or closes a
    quotation; one left open for more than ``QUOTE_SPAN`` sentences is taken as a stray mark.
    """
    inside, run = [], 0
    for text in texts:
        inside.append(run > 0)
        if sum(text.count(q) for q in DOUBLE_QUOTES) % 2:
            run = 0 if run else 1
        elif run:
            run += 1
        if run > QUOTE_SPAN:
            run = 0
    return inside


def is_voiced(text: str, quoted: bool) -> bool:
    """Someone's words, not the news: quote-led, inside a quotation, in the first or second
    person, or the writer's aside."""
    return text[0] in QUOTE_OPEN or quoted or bool(PERSONAL.search(text)) or is_aside(text)


def salience(
    texts: Sequence[str], word_lists: Sequence[Sequence[str]], sim: Sequence[Sequence[float]],
    pool: Sequence[int],
) -> list[float]:
    """Each candidate's salience, in ``pool`` order (the module docstring's formula).

    ``sim`` is the candidates' own similarity matrix (row ``a`` is ``pool[a]``), which both
    forward centrality and the MMR step of ``rank_briefing`` read.
    """
    w = WEIGHTS
    forward = [sum(sim[a][a + 1 :]) for a in range(len(pool))]
    lo, hi = min(forward, default=0.0), max(forward, default=0.0)
    quoted = inside_quotes(texts)
    scores = []
    for a, i in enumerate(pool):
        text = texts[i]
        centrality = (forward[a] - lo) / (hi - lo) if hi > lo else 0.0
        voice = is_voiced(text, quoted[i])
        length = abs(math.log(max(1, len(word_lists[i])) / w["length_target"]))
        scores.append(
            1.0 / (1 + a) ** w["position_exponent"] + w["centrality"] * centrality
            - w["voice"] * voice - w["length"] * length
        )
    return scores
