"""The same story on another day: what a briefed story keeps for later days
(`StoryTerms`), the day's stories as they are compared (`StoryVectors`), and the links
between them (`link_stories`), read by briefing/follow/.

The grouping's ingredients (`grouping.py`), between stories instead of articles: the cosine
of their title and lead terms, cut where their titles' names disagree, damped by the days
between them. What differs, and why, is said at `link_stories`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from briefing.model import Article
from briefing.stories.grouping import (
    CONFLICT,
    THRESHOLD,
    TIME_SCALE_DAYS,
    ArticleVectors,
    expand_counts,
    group_articles,
    sum_by_key,
)

KEY_TERMS = 60  # terms of a story kept to find it again on a later day
POOL_PRIOR = 50  # stories the IDF of a few behaves as if there were (see link_stories)
STRAY_SHARE = 1.0  # an article under this share of the threshold on its own is a stray


@dataclass(frozen=True)
class StoryTerms:
    """What a story is about, as kept for later days: the term frequencies of its
    strongest terms (the mean of its articles' term-frequency vectors over title and lead,
    each article's of unit length, before IDF; strongest by the day's IDF), the names in
    its titles, and whether any of its articles had a lead."""

    terms: dict[str, float]  # term ("aceh", or a pair "west papua") -> term frequency
    names: tuple[str, ...]
    has_lead: bool


@dataclass
class StoryVectors:
    """The day's stories in the day's vocabulary: the terms each has (`row`, `term`: flat
    arrays sorted by row, then term, like the articles' vectors they pool; row r is story
    `keys[r]`), and the articles' vectors, from which `describe_articles` makes what is kept
    of a story (`StoryTerms`). Made by `group_stories_with_vectors`.
    """

    keys: list[str]
    row: np.ndarray
    term: np.ndarray
    has_lead: np.ndarray  # per row: any of its articles has a lead
    name_row: np.ndarray  # the names in its titles, sorted by row
    name_term: np.ndarray
    idf: np.ndarray  # per term id, over the day's articles
    _v: ArticleVectors  # the articles' vectors, in canonical order
    _article_tf: np.ndarray  # per entry of `_v`: the article's term frequency (unit length)
    _members: list[list[int]]  # per row: its articles' canonical positions
    _order: list[int]  # canonical position -> position in the input

    def __post_init__(self) -> None:
        self.row_of = {k: r for r, k in enumerate(self.keys)}
        self._code = self.row * self._v.n_terms + self.term  # ascending
        self._article_code = self._v.doc * self._v.n_terms + self._v.term  # ascending

    def members(self, key: str) -> list[int]:
        """The positions (in the input) of the story's articles."""
        return [self._order[a] for a in self._members[self.row_of[key]]]

    def describe_articles(self, positions: Sequence[int], top: int = KEY_TERMS) -> StoryTerms:
        """`describe` for any set of the day's articles (by position in the input): a story
        as the briefing shows it, after stories were linked, split or merged."""
        canon = self._canonical()
        v = self._v
        mean: dict[int, float] = defaultdict(float)
        names: dict[int, None] = {}
        lead = False
        for a in sorted(canon[p] for p in positions):
            lo, hi = np.searchsorted(v.doc, [a, a + 1])
            for t, f in zip(v.term[lo:hi].tolist(), self._article_tf[lo:hi].tolist(),
                            strict=True):
                mean[t] += f / len(positions)
            nlo, nhi = np.searchsorted(v.name_doc, [a, a + 1])
            names.update(dict.fromkeys(v.name_term[nlo:nhi].tolist()))
            lead |= bool(v.has_lead[a])
        best = sorted(mean, key=lambda t: (-mean[t] * self.idf[t], t))[:top]
        return StoryTerms({self.text(t): round(mean[t], 6) for t in best},
                          tuple(self.text(t) for t in names), lead)

    def names_of(self, positions: Sequence[int]) -> tuple[str, ...]:
        """The names in the titles of these articles (by position in the input)."""
        canon, v = self._canonical(), self._v
        found: dict[int, None] = {}
        for a in sorted(canon[p] for p in positions):
            lo, hi = np.searchsorted(v.name_doc, [a, a + 1])
            found.update(dict.fromkeys(v.name_term[lo:hi].tolist()))
        return tuple(self.text(t) for t in found)

    def _canonical(self) -> dict[int, int]:
        if not hasattr(self, "_canon"):
            self._canon = {p: a for a, p in enumerate(self._order)}
        return self._canon

    def text(self, term: int) -> str:
        """A term id as text: a word, or two words for an adjacent pair."""
        words = self._v.words
        if term < len(words):
            return words[term]
        first, second = divmod(int(self._v.pairs[term - len(words)]), len(words))
        return f"{words[first]} {words[second]}"

    def term_id(self, text: str) -> int | None:
        """The id of a term in the day's space (None: no article of the day has it)."""
        words, ids = self._v.words, self._v.word_ids
        if " " not in text:
            return ids.get(text)
        first, _, second = text.partition(" ")
        if first not in ids or second not in ids:
            return None
        code = ids[first] * len(words) + ids[second]
        at = int(np.searchsorted(self._v.pairs, code))
        found = at < len(self._v.pairs) and self._v.pairs[at] == code
        return len(words) + at if found else None

    def has(self, row: int, term: int) -> bool:
        code = row * self._v.n_terms + term
        at = int(np.searchsorted(self._code, code))
        return at < len(self._code) and self._code[at] == code

    def names(self, row: int) -> list[int]:
        lo, hi = np.searchsorted(self.name_row, [row, row + 1])
        return self.name_term[lo:hi].tolist()



def group_stories_with_vectors(
    articles: Sequence[Article], *, threshold: float = THRESHOLD
) -> tuple[list[str], StoryVectors]:
    """`group_stories`, and the day's stories as `link_stories` compares them."""
    if not articles:
        empty = np.zeros(0, dtype=np.int64)
        v = ArticleVectors(empty, empty, np.zeros(0), empty, 0, empty, empty, np.zeros(0, bool),
                           [], empty, {})
        return [], StoryVectors([], empty, empty, np.zeros(0, bool), empty, empty,
                                np.zeros(0), v, np.zeros(0), [], [])
    keys, v, groups, order = group_articles(articles, threshold)
    n = len(keys)
    group_of = np.zeros(n, dtype=np.int64)
    for g, members in enumerate(groups):
        group_of[members] = g
    story_keys = [keys[order[members[0]]] for members in groups]
    idf = np.log((n + 1) / np.maximum(v.df, 1))
    # each article's term frequencies (its TF-IDF weights with the IDF taken out), of
    # unit length: what a story keeps for later days is their mean (`describe_articles`)
    article_tf = v.weight / idf[v.term]
    tf_norm = np.sqrt(np.bincount(v.doc, weights=article_tf * article_tf, minlength=n))
    article_tf /= np.maximum(tf_norm, 1e-12)[v.doc]
    code = np.unique(group_of[v.doc] * v.n_terms + v.term)  # the terms each story has
    row, term = code // v.n_terms, code % v.n_terms
    lead = np.bincount(group_of, weights=v.has_lead, minlength=len(groups)) > 0
    name_code = np.unique(group_of[v.name_doc] * v.n_terms + v.name_term)
    return keys, StoryVectors(story_keys, row, term, lead, name_code // v.n_terms,
                              name_code % v.n_terms, idf, v, article_tf, groups, order)


def link_stories(
    today: StoryVectors,
    earlier: Sequence[StoryTerms],
    ages_days: Sequence[float],
    *,
    threshold: float,
    apart: Callable[[int, int], bool] | None = None,
) -> list[StoryLink]:
    """Every pair of one of the day's stories and an earlier story whose similarity
    reaches `threshold`, best first (see `StoryLink`).

    The grouping's ingredients, between stories: the cosine of their vectors over title
    and lead terms and adjacent pairs, cut where names in both titles are missing from the
    other story (`CONFLICT`; numbers are not counted across days: `_moves_across_days`),
    damped by the days between them (`ages_days`, per earlier story:
    `exp(-days / TIME_SCALE_DAYS)`). The IDF is over the stories compared (today's
    and the earlier ones), not the day's articles: a day holds few articles, and a word
    that many stories of the week use ("fire", "sales", "update") must not carry a link
    across days the way a name does. An earlier story is compared through the terms it
    kept (`KEY_TERMS`).

    A term weighs its IDF wherever a story has it, however often: which words two stories
    share, not how often they repeat them. Every report of a quake repeats the words of the
    kind (quake, magnitude, struck) and names each detail (the towns, the districts) once
    or twice, so with term frequencies the words of the kind drown the details, and two
    quakes a day apart read closer than one quake told in other words; by presence, the
    many details a continuing story shares outweigh them. (On the dev stories when this was
    chosen, half A over three layouts: 157 of 198 continuing stories linked with 4 of 216
    new ones wrongly, against 151 and 5 with term frequencies; today's figures are the
    README's, under Quality.)

    The products are a join of the earlier terms on today's posting lists, so the cost
    grows with the earlier stories' terms times how many of today's stories share each,
    never with all pairs of articles.

    `apart(r, j)`, when given, says that today's story r and earlier story j happen in
    different places (`places.apart`): such a pair is not linked, however alike its words
    (two supermarket fires a day apart share most of theirs). It is asked only of pairs
    that reach the threshold otherwise.
    """
    if not earlier or not today.keys:
        return []
    n_terms = today._v.n_terms
    e_story, e_term = [], []
    e_norm2 = np.zeros(len(earlier))  # of the terms no article of today has (pool IDF later)
    unknown: dict[str, int] = defaultdict(int)  # such terms: in how many earlier stories
    mapped = []
    for j, story in enumerate(earlier):
        here = []
        for text in story.terms:
            t = today.term_id(text)
            if t is None:
                unknown[text] += 1
                here.append(text)
            else:
                e_story.append(j)
                e_term.append(t)
        mapped.append(here)
    n_pool = len(today.keys) + len(earlier)
    df = np.bincount(today.term, minlength=n_terms).astype(np.float64)
    e_term_a = np.asarray(e_term, dtype=np.int64)
    df += np.bincount(e_term_a, minlength=n_terms)
    idf = np.log((n_pool + POOL_PRIOR) / (df + 1.0))
    for j, here in enumerate(mapped):
        e_norm2[j] = sum(math.log((n_pool + POOL_PRIOR) / (unknown[text] + 1.0)) ** 2
                         for text in here)
    e_story_a = np.asarray(e_story, dtype=np.int64)
    e_norm = np.sqrt(e_norm2 + np.bincount(e_story_a, weights=idf[e_term_a] ** 2,
                                           minlength=len(earlier)))
    t_weight = idf[today.term]  # a term's presence, weighted by its rarity
    t_norm = np.sqrt(np.bincount(today.row, weights=t_weight * t_weight,
                                 minlength=len(today.keys)))
    if not e_term:
        return []
    by_term = np.lexsort((today.row, today.term))  # today's posting lists
    posted_term = today.term[by_term]
    lo = np.searchsorted(posted_term, e_term_a, side="left")
    hi = np.searchsorted(posted_term, e_term_a, side="right")
    owner, step = expand_counts(hi - lo)
    entry = by_term[lo[owner] + step]
    n_earlier = len(earlier)
    keys, dot = sum_by_key(
        today.row[entry] * n_earlier + e_story_a[owner],
        t_weight[entry] * idf[e_term_a[owner]],
    )
    rows, others = keys // n_earlier, keys % n_earlier
    ages = np.asarray(ages_days, dtype=np.float64)
    decay = np.exp(-np.maximum(ages[others], 0.0) / TIME_SCALE_DAYS)
    sim = dot / np.maximum(t_norm[rows] * e_norm[others], 1e-12) * decay
    found = []
    for r, j, s in zip(rows.tolist(), others.tolist(), sim.tolist(), strict=True):
        if s < threshold:  # names can only cut it further
            continue
        s *= 1.0 - CONFLICT * _conflict(today, today.names(r), lambda t, r=r: today.has(r, t),
                                        bool(today.has_lead[r]), earlier[j])
        if s >= threshold and not (apart is not None and apart(r, j)):
            found.append((r, j, s))
    found.sort(key=lambda x: (-x[2], today.keys[x[0]], x[1]))
    out, done = [], set()
    for r, j, s in found:
        strays: tuple[int, ...] = ()
        if r not in done and len(today._members[r]) > 1:  # its best link: who belongs
            strays = _strays(today, r, earlier[j], idf, e_norm[j], float(decay_of(ages[j])),
                             threshold)
        done.add(r)
        out.append(StoryLink(today.keys[r], j, s, strays))
    return out


@dataclass(frozen=True)
class StoryLink:
    """One of the day's stories (`key`) is the earlier story `earlier` (an index)."""

    key: str
    earlier: int
    similarity: float
    # for the story's best link: the positions (in the input) of its articles that on
    # their own are not that earlier story (under the threshold): grouped with it today,
    # but not what continues
    strays: tuple[int, ...] = ()


def decay_of(days: float) -> float:
    return math.exp(-max(days, 0.0) / TIME_SCALE_DAYS)


def _strays(today: StoryVectors, row: int, other: StoryTerms, idf: np.ndarray, other_norm: float,
            decay: float, threshold: float) -> tuple[int, ...]:
    """The articles of a story whose own similarity to `other` is under `threshold`."""
    v = today._v
    weights = {}
    for text in other.terms:
        t = today.term_id(text)
        if t is not None:
            weights[t] = idf[t]
    out = []
    for a in today._members[row]:
        lo, hi = np.searchsorted(v.doc, [a, a + 1])
        terms, w = v.term[lo:hi], idf[v.term[lo:hi]]
        norm = float(np.sqrt(w @ w)) * other_norm
        dot = sum(float(x) * weights[t] for t, x in zip(terms.tolist(), w, strict=True)
                  if t in weights)
        s = dot / norm * decay if norm else 0.0
        if s >= threshold:
            nlo, nhi = np.searchsorted(v.name_doc, [a, a + 1])
            s *= 1.0 - CONFLICT * _conflict(
                today, v.name_term[nlo:nhi].tolist(), lambda t, a=a: _article_has(today, a, t),
                bool(v.has_lead[a]), other)
        if s < threshold * STRAY_SHARE:
            out.append(today._order[a])
    return tuple(sorted(out))


def _article_has(today: StoryVectors, article: int, term: int) -> bool:
    code = article * today._v.n_terms + term
    at = int(np.searchsorted(today._article_code, code))
    return at < len(today._article_code) and today._article_code[at] == code


def _conflict(today: StoryVectors, names: list[int], has, has_lead: bool,
              other: StoryTerms) -> float:
    """How far names disagree between a story (or article) of today and an earlier story:
    the smaller of the two shares of title names the other side never mentions (as
    `_missing_names` within a day), numbers left out (`_moves_across_days`)."""
    return min(_missing_today(today, names, other), _missing_earlier(today, has, has_lead, other))


def _moves_across_days(name: str) -> bool:
    """Whether a title name is a number, which the cut across days does not count.

    Within a day, outlets reporting one event give its figures alike, so a number one
    title has and the other lacks tells two events of one kind apart (the grouping keeps
    them as names). Across days a story's numbers are what moves: the toll rises ("kills
    12", then "toll rises to 40"), the count of arrests grows, the date and the day of
    the story change, an age or a duration ("40 years ago", "dies at 76") is said once
    and not again. A number the other day never mentions is the next chapter's figure,
    not a sign of another event; the places, people and bodies in the titles still are.
    """
    return name[:1].isdigit()


def _missing_today(today: StoryVectors, names: list[int], other: StoryTerms) -> float:
    """The IDF share of the names in today's titles (numbers left out) that the earlier
    story's kept terms and names never mention; 0 when the earlier story is headlines
    alone."""
    if not names or not other.has_lead:
        return 0.0
    mentioned = set(other.terms) | set(other.names)
    total = gone = 0.0
    for t in names:
        if _moves_across_days(today.text(t)):
            continue
        w = float(today.idf[t])
        total += w
        if today.text(t) not in mentioned:
            gone += w
    return gone / total if total else 0.0


def _missing_earlier(today: StoryVectors, has, has_lead: bool, other: StoryTerms) -> float:
    """The IDF share (in today's terms; a name no article of today has counts as the
    rarest) of the earlier story's title names (numbers left out) that today's side never
    mentions (`has`); 0 when today's side is headlines alone."""
    if not other.names or not has_lead:
        return 0.0
    rarest = float(today.idf.max()) if len(today.idf) else 1.0
    total = gone = 0.0
    for name in other.names:
        if _moves_across_days(name):
            continue
        t = today.term_id(name)
        w = rarest if t is None else float(today.idf[t])
        total += w
        if t is None or not has(t):
            gone += w
    return gone / total if total else 0.0
