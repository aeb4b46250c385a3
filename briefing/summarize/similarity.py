"""How alike two sentences are: the cosine of their content terms, counted.

A sentence's content terms are its words in lower case, less sumy's English stop list
(read from sumy's data file, ``sumy_stop_words``), each cut to a six-letter stem
(``prefix_stem``). ``similarities`` gives the cosine of every pair; candidates, centrality
and MMR all read it.
"""

from __future__ import annotations

import math
import pkgutil
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

from briefing.text import words


@lru_cache(maxsize=1)
def sumy_stop_words() -> frozenset[str]:
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
    stop = sumy_stop_words()
    return similarities([content_terms(words(t), stop) for t in texts])
