"""Every selectable algorithm (``ALGORITHMS``, each a ``Ranker``), and ours as a sumy class.

"briefing" (``rank_briefing``) is the default; sumy's seven ("lexrank", ..., "reduction")
and "lead" (``rank_lead``) are here to compare against, on the same candidates.
``BriefingSummarizer`` is "briefing" as a sumy summarizer, built on first use
(``briefing_summarizer_class``, through the package's module ``__getattr__``). sumy is
imported inside the functions that use it, never at import: it pulls in NLTK (0.6 s),
which the CLI must not pay at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any, Protocol

from briefing.mending import StandAlone
from briefing.summarize.choosing import rank_briefing, standing_forms
from briefing.summarize.scoring import candidates
from briefing.summarize.similarity import content_terms, prefix_stem, similarities, sumy_stop_words


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


# --- the sumy side -------------------------------------------------------------------


@lru_cache(maxsize=1)
def briefing_summarizer_class() -> type:
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
            self._stop_words = sumy_stop_words()

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
    summarizer_class = getattr(importlib.import_module(f"sumy.summarizers.{module}"), cls)
    if name == "lsa":
        summarizer_class = _words_in_order(summarizer_class)
    summarizer = summarizer_class(Stemmer("english"))
    summarizer.stop_words = sumy_stop_words()
    return summarizer


def _words_in_order(lsa: type) -> type:
    """sumy's LSA with its words numbered in sorted order. sumy numbers them in the order of
    a frozenset, which changes with Python's hash seed from one run to the next: the SVD of
    the reordered matrix is the same in exact arithmetic but not in floating point, so
    near-ties between sentences went either way and the same article gave other points on
    the next run (three runs over 60 dev articles, three different outputs)."""

    class SortedLsa(lsa):
        def _create_dictionary(self, document: Any) -> dict[str, int]:
            words = map(self.normalize_word, document.words)
            unique = {self.stem_word(w) for w in words if w not in self._stop_words}
            return {w: i for i, w in enumerate(sorted(unique))}

    return SortedLsa


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
