"""Key points of one article: a few of its own sentences, chosen to beat the lead.

The default algorithm, "briefing", scores each sentence with what decides a news highlight
(Zheng & Lapata 2019, "PacSum", adapted), then picks greedily with redundancy control:

    salience = position prior + forward centrality - voice penalty - length penalty
    points   = the set of N that maximises  sum of salience - MMR * (pairs alike)
                                             - budget * (words over N typical sentences)

* position prior ``1 / (1 + rank) ** 1.5``: news puts the event first (Lead-3 is the
  anchor to beat), but a highlight is often the 3rd-10th sentence.
* forward centrality: summed cosine similarity to the *later* sentences (PacSum's directed
  graph), scaled to [0, 1]: a sentence the rest of the article elaborates on is the news.
* voice penalty: a sentence opening with a quotation mark, continuing a quotation an
  earlier sentence opened, or speaking in the first or second person is someone's words,
  not the news; editors' highlights rarely keep them. So is the writer's aside wholly in
  parentheses ("(Will Texas have better luck with Warren Jeffs?)"); a penalty, not a ban,
  because some asides carry a fact the short article has nowhere else.
* length penalty ``|ln(words / 22)|``: 22 words is the typical length of a sentence that
  overlaps a highlight most; very short ones say little, very long ones dilute it.
* MMR between chosen points, and a hard rule: a sentence whose content-word cosine with
  an earlier one reaches 0.5 is a near-duplicate and never a candidate.
* a word budget for the set, not for each sentence: ``ln(words / (N * 22))`` when the N
  points run longer than N typical sentences. A highlight set is short (32 words on the dev
  set, against 72 for our points before the budget); charging the set lets one long lead
  through beside two tight points, where a stronger per-sentence length term only cost
  the long leads that carry the news. The set is searched exhaustively among the N + 3
  most salient candidates (56 sets for N = 3): the greedy MMR order cannot trade length
  between points.

Every point must make sense read alone, under a theme, far from its article
(``briefing.standalone``). A question, a courtesy ("It's a pleasure to…"), a stage direction
or the writer's framed opinion ("It's interesting that…") is no candidate (``is_point``). A
sentence that opens by pointing back is shown mended: its leading connective dropped, a
pronoun or role noun resolved in square brackets with a name copied from the article, or
the short sentence before it shown with it. One that cannot be mended is chosen only right
after the sentence before it, chosen too, and is then shown on that point; the budget
counts the words as shown. The lead fact (the first candidate, when it opens the article
and stands alone) is always a point. None of this is tuned: the rules are general English
(``briefing.standalone``'s docstring), and ROUGE pays for them: 31.64 -> 31.12 ROUGE-1 on
the dev set (questions 0.26 of it, the rest passing over what cannot stand alone), for 17%
-> 0.2% of points opening dangling.

Every number was tuned on half of the CNN dev set, checked on the other half (split by
parity and by first/second 150), and kept only where the gain held on both halves; the
plateau is flat (each weight can move by a quarter at a cost of 0.3 ROUGE-1 at most), which is
what one wants for unseen articles. Tried and dropped, for no gain on both halves: names,
numbers and day words as information signals, content-word density, pronoun or connective
openings, the share of quoted text, similarity to the lead sentence, undirected and
centroid centrality, in-article IDF, Snowball or suffix stemming, one-sided length terms.
Learning the weights instead (ridge, ListNet and coordinate ascent on 23 sentence features,
oracle or recall labels; ``research/fit_summarizer.py``) never beat them on both halves under
2-fold cross-validation (17 of 18 configurations lost on the even rows), so they stay as they are.
Nor did lexical cue words learned on top of them (``research/fit_lexical.py``: 9 configurations,
-0.43 to +0.05 ROUGE-1 on held-out rows; the weights learned were mostly function words).
Nor did choosing points by expected ROUGE from learned word probabilities
(``research/fit_wordprob.py``), or a self-supervised "lead-likeness" score learned from which
sentences open an article: the first won one held-out fold and lost the other in every
variant, the second lost up to 0.45 on the folds where training chose to use it at all.
The set's word budget is the one idea that held: every cell of budget 0.6-1.2 x target 20-24
words gained ROUGE-1 on all four halves, and choosing the cell on a random half gained 0.23
on the other half on average (200 splits, 89% of them positive).

The sumy algorithms ("lexrank", ..., "reduction") and "lead" are here to compare against;
all algorithms see the same candidates: real sentences (``is_real_sentence``) that end as
sentences do (``is_heading``) without near-duplicates, so no algorithm can return a
caption, a credit, a stub, a heading or a repeat.
sumy is imported lazily, only when a sumy algorithm or ``BriefingSummarizer`` is used: it
pulls in NLTK (0.6 s), which the CLI must not pay at start-up.
"""

from __future__ import annotations

import math
import pkgutil
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations
from typing import Any, Protocol

from briefing.errors import ConfigError
from briefing.mending import Shown, StandAlone
from briefing.model import HEADLINE, Article, KeyPoint, Summary
from briefing.standalone import DOUBLE_QUOTES, QUOTE_SPAN
from briefing.text import (
    MAX_POINT_CHARS,
    cap_sentence,
    clean_paragraph,
    is_aside,
    is_heading,
    is_point,
    is_real_sentence,
    sentences,
    speaker_turns,
    words,
)

# The tuned numbers, all of them; see the module docstring for why each exists. Dropping a
# term costs ROUGE-1 on both dev halves (all 300: centrality 1.0, voice 0.6, length and MMR
# 0.2 each); 1.25 or 1.75 for the exponent, or 0.5 for centrality, cost 0.15-0.3.
_WEIGHTS = {
    "position_exponent": 1.5,
    "centrality": 0.4,
    "voice": 0.3,  # quote-led, or first/second person
    "length": 0.03,
    "length_target": 22.0,  # words
    "mmr": 0.1,  # times the similarity to the closest point already chosen
    "budget": 0.8,  # times ln(words / (points * length_target)), when over
}
# The set of points is searched among this many candidates beyond the points wanted.
SET_SEARCH_EXTRA = 3
# The lead fact: the first candidate is a point when it is among the article's first
# sentences (a lead of one or two sentences states who did what, where, how many).
LEAD_WINDOW = 2


class Ranker(Protocol):
    """An algorithm: picks from the candidates ``pool`` (indices into ``texts``).

    Returns at most ``count + reserve`` (index, score) pairs, each index from ``pool``: the
    first ``count`` are the points, the rest the next choices, best first. ``shown`` says
    how each sentence would be shown standing alone (None: it cannot be); an algorithm
    prefers the sentences that can.
    """

    def __call__(
        self, texts: Sequence[str], word_lists: Sequence[Sequence[str]],
        sim: Sequence[Sequence[float]], pool: Sequence[int], count: int, reserve: int = 0,
        shown: StandAlone | None = None,
    ) -> list[tuple[int, float]]: ...


NEAR_DUPLICATE = 0.5  # content-word cosine at which two sentences say the same thing
MAX_POINTS = 6
# Sentences ranked, from the top: comparing every pair is quadratic, and a 20,000-sentence
# report would take a minute and gigabytes. 400 is a long feature (the dev set's longest
# article has 125); the position prior all but rules out points beyond it anyway.
MAX_RANKED_SENTENCES = 400

_QUOTE_OPEN = "\"“‘'«"
_PERSONAL = re.compile(r"\b(?:I|we|my|our|you|me|us)\b")  # case-sensitive: "US" is a country


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """sumy's English stop list, read from its data file (sumy.utils would import NLTK)."""
    data = pkgutil.get_data("sumy", "data/stopwords/english.txt") or b""
    return frozenset(w.rstrip() for w in data.decode("utf-8").splitlines() if w)


def prefix_stem(word: str) -> str:
    """A six-letter prefix as the stem: as good as suffix stripping here, and far cheaper
    than sumy's Snowball stemmer (about 9 ms on a typical article: twice our budget)."""
    return word[:6]


def content_terms(
    tokens: Sequence[str], stop_words: frozenset[str], stem: Callable[[str], str] = prefix_stem
) -> Counter[str]:
    """Stemmed non-stop words of a sentence, counted: the vector sentences are compared on."""
    if stem is prefix_stem:  # sliced in place: a call per word is a tenth of the summary
        return Counter([t[:6] for t in map(str.lower, tokens) if t not in stop_words])
    return Counter(stem(t) for t in map(str.lower, tokens) if t not in stop_words)


def similarities(terms: Sequence[Counter[str]]) -> list[list[float]]:
    """Cosine similarity of every pair of sentences, through an inverted index.

    Only sentences that share a term are ever multiplied, so an article of 30 sentences
    costs a few hundred additions rather than 435 full vector products.
    """
    n = len(terms)
    sim = [[0.0] * n for _ in range(n)]
    postings: dict[str, list[tuple[int, int]]] = {}
    for i, counts in enumerate(terms):
        for term, count in counts.items():
            postings.setdefault(term, []).append((i, count))
    for plist in postings.values():
        if len(plist) < 2:  # most terms are in one sentence only: no pair to add to
            continue
        for x, (i, ci) in enumerate(plist):
            row = sim[i]
            for j, cj in plist[x + 1 :]:
                row[j] += ci * cj
    norms = [math.sqrt(sum(c * c for c in counts.values())) or 1.0 for counts in terms]
    for i in range(n):
        row, norm = sim[i], norms[i]
        for j in range(i + 1, n):
            if row[j]:
                row[j] /= norm * norms[j]
                sim[j][i] = row[j]
    return sim


def sentence_similarities(texts: Sequence[str]) -> list[list[float]]:
    """``similarities`` of sentences as ``summarize`` sees them: our words, stems, stop list."""
    stop = _stop_words()
    return similarities([content_terms(words(t), stop) for t in texts])


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


def _voiced(text: str, quoted: bool) -> bool:
    """Someone's words, not the news: quote-led, inside a quotation, in the first or second
    person, or the writer's aside."""
    return text[0] in _QUOTE_OPEN or quoted or bool(_PERSONAL.search(text)) or is_aside(text)


def salience(
    texts: Sequence[str], word_lists: Sequence[Sequence[str]], sim: Sequence[Sequence[float]],
    pool: Sequence[int],
) -> list[float]:
    """Each candidate's salience, in ``pool`` order (the module docstring's formula).

    ``sim`` is the candidates' own similarity matrix (row ``a`` is ``pool[a]``), which both
    forward centrality and the MMR step of ``rank_briefing`` read.
    """
    w = _WEIGHTS
    forward = [sum(sim[a][a + 1 :]) for a in range(len(pool))]
    lo, hi = min(forward, default=0.0), max(forward, default=0.0)
    quoted = inside_quotes(texts)
    scores = []
    for a, i in enumerate(pool):
        text = texts[i]
        centrality = (forward[a] - lo) / (hi - lo) if hi > lo else 0.0
        voice = _voiced(text, quoted[i])
        length = abs(math.log(max(1, len(word_lists[i])) / w["length_target"]))
        scores.append(
            1.0 / (1 + a) ** w["position_exponent"] + w["centrality"] * centrality
            - w["voice"] * voice - w["length"] * length
        )
    return scores


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
    if shown.alone(i) is None or _voiced(texts[i], inside_quotes(texts[: i + 1])[i]):
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
    w = _WEIGHTS
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
    mmr = _WEIGHTS["mmr"]
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


# --- the sumy side -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _briefing_summarizer_class() -> type:
    """Build ``BriefingSummarizer`` on first use, so that importing this module skips sumy."""
    from sumy.summarizers._summarizer import AbstractSummarizer

    class BriefingSummarizer(AbstractSummarizer):
        """Our algorithm as a sumy summarizer: ``BriefingSummarizer()(document, 3)``.

        Same candidates and same scoring core as ``summarize``; the default stemmer and
        stop words are ours, so both paths choose the same sentences (sumy's summary is
        sentences: how ``summarize`` shows them standing alone is not part of it).
        """

        def __init__(self, stemmer: Callable[[str], str] = prefix_stem) -> None:
            super().__init__(stemmer)
            self._stop_words = _stop_words()

        @property
        def stop_words(self) -> frozenset[str]:
            return self._stop_words

        @stop_words.setter
        def stop_words(self, value: Sequence[str]) -> None:
            self._stop_words = frozenset(map(self.normalize_word, value))

        def __call__(self, document: Any, sentences_count: int) -> tuple[Any, ...]:
            sents = document.sentences
            texts = [str(s) for s in sents]
            word_lists = [s.words for s in sents]
            stop, stem = self._stop_words, self._stemmer
            sim = similarities([content_terms(ws, stop, stem) for ws in word_lists])
            picked = rank_briefing(texts, word_lists, sim, candidates(texts, sim),
                                   sentences_count, shown=standing_forms(texts, word_lists))
            return tuple(sents[i] for i, _ in sorted(picked))

    return BriefingSummarizer


def __getattr__(name: str) -> Any:
    """``from briefing.summarize import BriefingSummarizer`` imports sumy only then."""
    if name == "BriefingSummarizer":
        return _briefing_summarizer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_SUMY_CLASSES = {
    "lexrank": ("lex_rank", "LexRankSummarizer"),
    "textrank": ("text_rank", "TextRankSummarizer"),
    "lsa": ("lsa", "LsaSummarizer"),
    "luhn": ("luhn", "LuhnSummarizer"),
    "sumbasic": ("sum_basic", "SumBasicSummarizer"),
    "kl": ("kl", "KLSummarizer"),
    "reduction": ("reduction", "ReductionSummarizer"),
}


@cache
def _sumy_summarizer(name: str) -> Any:
    """One configured sumy summarizer per name, built once (they keep no per-call state)."""
    import importlib

    from sumy.nlp.stemmers import Stemmer

    module, cls = _SUMY_CLASSES[name]
    summarizer = getattr(importlib.import_module(f"sumy.summarizers.{module}"), cls)(
        Stemmer("english")
    )
    summarizer.stop_words = _stop_words()
    return summarizer


def sumy_document(texts: Sequence[str]) -> Any:
    """A sumy Document of our sentences as they are: one paragraph, our tokenizer."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    from briefing.text import SumyTokenizer

    tokenizer = SumyTokenizer("english")
    return ObjectDocumentModel([Paragraph([Sentence(t, tokenizer) for t in texts])])


def _run_sumy(
    summarizer: Any, texts: Sequence[str], pool: Sequence[int], count: int
) -> list[tuple[int, float]]:
    """Feed the candidates to a sumy summarizer; map what it returns back to indices.

    sumy exposes no common rating, so each point scores 1.0.
    """
    doc = sumy_document([texts[i] for i in pool])
    where = {id(s): i for s, i in zip(doc.sentences, pool, strict=True)}
    return [(where[id(s)], 1.0) for s in summarizer(doc, count)]


def _standing(pool: Sequence[int], shown: StandAlone | None, count: int) -> Sequence[int]:
    """The candidates that can stand alone, when there are ``count`` of them; else all."""
    if shown is None:
        return pool
    standing = [i for i in pool if shown(i) is not None]
    return standing if len(standing) >= count else pool


def _algorithm_sumy(name: str) -> Ranker:
    def run(
        texts: Sequence[str], word_lists: Sequence[Sequence[str]],
        sim: Sequence[Sequence[float]], pool: Sequence[int], count: int, reserve: int = 0,
        shown: StandAlone | None = None,
    ) -> list[tuple[int, float]]:
        return _run_sumy(_sumy_summarizer(name), texts, _standing(pool, shown, count),
                         count + reserve)

    run.__doc__ = f"sumy's {_SUMY_CLASSES[name][1]} on the candidates that stand alone."
    return run


def rank_lead(
    texts: Sequence[str], word_lists: Sequence[Sequence[str]], sim: Sequence[Sequence[float]],
    pool: Sequence[int], count: int, reserve: int = 0, shown: StandAlone | None = None,
) -> list[tuple[int, float]]:
    """The first ``count`` candidates that stand alone: the anchor every news summarizer
    must beat."""
    pool = _standing(pool, shown, count)
    return [(i, 1.0 / (1 + r)) for r, i in enumerate(pool[: count + reserve])]


# Every selectable algorithm, the default first.
ALGORITHMS: dict[str, Ranker] = {
    "briefing": rank_briefing,
    **{name: _algorithm_sumy(name) for name in _SUMY_CLASSES},
    "lead": rank_lead,
}


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


def summarize(
    article: Article, *, points: int | None = None, algorithm: str = "briefing", reserve: int = 0,
    max_chars: int = MAX_POINT_CHARS,
) -> Summary:
    """Key points of one article, in article order; ``points=None`` adapts to its length.

    With ``points=N``, exactly ``min(N, candidates)`` sentences are chosen; each is shown
    so that it stands alone (``StandAlone``): a leading connective dropped, a back-reference
    resolved in square brackets, or the sentence before shown with it. A chosen sentence
    that can stand only after the one before it, chosen too, is shown on that point: then
    there are fewer points than sentences. Themes are left empty. With ``reserve=R``, the
    algorithm's next R choices come back too, best first, as ``runners_up``, each standing
    alone apart from the points.
    In a transcript, each point names its speaker (``speaker_turns``). An article with no
    sentence that could be a point but a headline that could (a headline-only feed entry)
    gets its headline as its one point, at position ``HEADLINE``.
    """
    ranker = ALGORITHMS.get(algorithm)
    if ranker is None:
        raise ConfigError(
            f"unknown summarizer algorithm {algorithm!r}; allowed: {', '.join(ALGORITHMS)}"
        )
    if points is not None and points < 1:
        raise ConfigError(f"points must be 1 or more, got {points}")
    all_texts = sentences(article.text, max_chars)  # no point longer than max_chars
    texts = all_texts[:MAX_RANKED_SENTENCES]
    word_lists = [words(t) for t in texts]
    stop = _stop_words()
    sim = similarities([content_terms(ws, stop) for ws in word_lists])
    pool = candidates(texts, sim, cleaned=True)
    headline = cap_sentence(clean_paragraph(article.title), max_chars) or ""
    if not pool and is_real_sentence(headline):
        # A headline-only item (a feed entry with no text of its own): the headline is the
        # news, and a briefing of such a feed must not say "no new items".
        point = KeyPoint(article_id=article.id, text=headline, position=HEADLINE, score=1.0)
        return Summary(article=article, key_points=(point,), sentence_count=len(all_texts))
    count = adaptive_points(len(pool)) if points is None else points
    shown = standing_forms(texts, word_lists, cleaned=True)
    speakers = shown.speakers
    picked = ranker(texts, word_lists, sim, pool, count, reserve, shown=shown) if pool else []
    # where each sentence's text, as shown without its speaker's label, starts in
    # ``sentence_lines``: the sentences one a line
    starts, offset = [], 0
    for full, text in zip(texts, shown.texts, strict=True):
        starts.append(offset + len(full) - len(text))
        offset += len(full) + 1
    chosen = sorted(picked[:count])
    chosen_at = {i for i, _ in chosen}

    def form(i: int) -> Shown:
        """How point ``i`` is shown apart: standing alone, after the sentence before it
        (unless that is a point too), or as it is when nothing else can be done."""
        return standing(i) or shown.whole(i)

    def standing(i: int) -> Shown | None:
        paired = shown(i)
        if paired is not None and paired.first != i and paired.first in chosen_at:
            paired = None
        return shown.alone(i) or paired

    def key_point(i: int, score: float, form: Shown) -> KeyPoint:
        return KeyPoint(article_id=article.id, text=form.text, position=i,
                        score=round(score, 4), speaker=speakers[i],
                        spans=tuple((starts[j] + a, starts[j] + b) for j, a, b in form.pieces))

    # a point that cannot stand alone right after another point goes on that point
    forms: list[tuple[int, float, Shown]] = []
    for i, score in chosen:
        follows = forms and forms[-1][2].last == i - 1 and speakers[i - 1] == speakers[i]
        if follows and shown.alone(i) is None and shown.continues(i):
            first, first_score, before = forms[-1]
            forms[-1] = (first, first_score, before.followed_by(shown.whole(i)))
        elif points is not None or standing(i) is not None:
            forms.append((i, score, form(i)))
    # With the number of points its own (a briefing's), an article shows no point that
    # cannot stand alone, and its headline when none can: an essay's "We went to Jordan."
    # tells a reader nothing. A caller that asks for n points gets n, the best as they are.
    if not forms and chosen and is_real_sentence(headline):
        point = KeyPoint(article_id=article.id, text=headline, position=HEADLINE, score=1.0)
        return Summary(article=article, key_points=(point,), sentence_count=len(all_texts))
    return Summary(
        article=article,
        key_points=tuple(key_point(*f) for f in forms),
        sentence_count=len(all_texts),
        runners_up=tuple(key_point(i, s, form(i)) for i, s in picked[count:]),
    )
