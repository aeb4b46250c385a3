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
(``briefing.standalone``'s docstring), and ROUGE pays for them: 31.64 -> 31.00 ROUGE-1 on
the dev set (questions 0.26 of it, the rest passing over what cannot stand alone), for 14.8%
-> 0.8% of points that cannot be read alone (README, Quality).

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

Where each part is, one module a group of ideas, each reading only modules listed before it:

* ``similarity``: stop words, stems and the content-term cosine of every pair of sentences;
* ``scoring``: the tuned weights (``WEIGHTS``), the candidates, how many points an article
  deserves (``adaptive_points``) and each candidate's salience;
* ``choosing``: how each sentence would be shown standing alone (``standing_forms``) and
  the set of points "briefing" chooses (``rank_briefing``, ``budget_pick``, ``mmr_pick``);
* ``algorithms``: every selectable algorithm (``ALGORITHMS``): "briefing", sumy's, "lead",
  and ``BriefingSummarizer``, the sumy side;
* this module: ``summarize``, which shows the chosen sentences as points that stand alone.
"""

from __future__ import annotations

from typing import Any

from briefing.errors import ConfigError
from briefing.mending import Shown
from briefing.model import HEADLINE, Article, KeyPoint, Summary
from briefing.summarize.algorithms import (
    ALGORITHMS,
    Ranker,
    briefing_summarizer_class,
    rank_lead,
    sumy_document,
)
from briefing.summarize.choosing import (
    LEAD_WINDOW,
    SET_SEARCH_EXTRA,
    budget_pick,
    choose,
    mmr_pick,
    rank_briefing,
    standing_forms,
)
from briefing.summarize.scoring import (
    MAX_POINTS,
    NEAR_DUPLICATE,
    PERSONAL,
    QUOTE_OPEN,
    WEIGHTS,
    adaptive_points,
    candidates,
    inside_quotes,
    salience,
)
from briefing.summarize.similarity import (
    content_terms,
    prefix_stem,
    sentence_similarities,
    similarities,
    sumy_stop_words,
)
from briefing.text import (
    MAX_POINT_CHARS,
    cap_sentence,
    clean_paragraph,
    is_real_sentence,
    sentences,
    words,
)

__all__ = [
    # stop words, stems, similarity (similarity.py)
    "content_terms",
    "prefix_stem",
    "sentence_similarities",
    "similarities",
    "sumy_stop_words",
    # the tuned weights, candidates and salience (scoring.py)
    "MAX_POINTS",
    "NEAR_DUPLICATE",
    "PERSONAL",
    "QUOTE_OPEN",
    "WEIGHTS",
    "adaptive_points",
    "candidates",
    "inside_quotes",
    "salience",
    # the set of points chosen (choosing.py)
    "LEAD_WINDOW",
    "SET_SEARCH_EXTRA",
    "budget_pick",
    "choose",
    "mmr_pick",
    "rank_briefing",
    "standing_forms",
    # every algorithm, the sumy side (algorithms.py); BriefingSummarizer comes through
    # __getattr__ and is left out here, so that `import *` does not import sumy
    "ALGORITHMS",
    "Ranker",
    "rank_lead",
    "sumy_document",
    # summarize (this module)
    "MAX_RANKED_SENTENCES",
    "summarize",
]

# Sentences ranked, from the top: comparing every pair is quadratic, and a 20,000-sentence
# report would take a minute and gigabytes. 400 is a long feature (the dev set's longest
# article has 125); the position prior all but rules out points beyond it anyway.
MAX_RANKED_SENTENCES = 400


def __getattr__(name: str) -> Any:
    """``from briefing.summarize import BriefingSummarizer`` imports sumy only then."""
    if name == "BriefingSummarizer":
        return briefing_summarizer_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    stop = sumy_stop_words()
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
