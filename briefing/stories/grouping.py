"""Same story across outlets: one story key per article.

`group_stories` gives every article a key; articles about the same event share it.

How, and why this way:

- **What an article is about** is read from its title and its lead (the first
  `LEAD_WORDS` words of the cleaned text): that is where every outlet states the event
  (who, what, where); later paragraphs drift into background that different events share.
  Terms are lower-cased words and numbers, with a stop list and a tiny plural folding, plus
  adjacent-term pairs ("west papua", "curve 8900") at half weight: a pair of rare words
  together names an event far more precisely than either word alone. Weights are TF-IDF
  over the articles given, so what counts as rare adapts to the day's news. A headline-only
  article (empty text) is simply a short vector of its title.
- **How close two articles are** is the cosine of those vectors, damped by how far apart
  they were published (`exp(-days / TIME_SCALE_DAYS)`; undated articles are not damped):
  coverage of one event comes within days, while two earthquakes or two shootings of the
  same kind are usually weeks or years apart.
- **Names that disagree** cut it further. Two events of one kind (two supermarket fires,
  two phone launches, two quakes) share the words of the kind and differ in the names: the
  place, the model, the company. A title's names are its numbers and the words the day's
  articles write with a capital more often than not; when *both* titles carry names that
  the other article does not mention anywhere in its title or lead, the similarity is cut
  by `CONFLICT` times the smaller IDF share of such names (`min`: one outlet adding a
  detail the other left out is no conflict). Undated items gain most: time decay cannot
  keep them apart. A headline alone says too little to conflict with, so pairs with a
  headline-only article are never cut.
- **Which pairs are compared at all** comes from an inverted index over rare terms (seen in
  2..`MAX_DF` articles): only articles sharing a rare term are compared, so the cost grows
  with the number of articles times their rare terms, not with all pairs.
- **Grouping** is average-link agglomerative clustering over that sparse graph (missing
  pairs count as 0): a group grows only while the *mean* similarity between its members and
  the newcomer stays above `THRESHOLD`. Single link, the usual union-find shortcut, chains
  different events of one kind together through one bridging article; average link
  does not. Groups made of headlines alone (no article with a lead) are linked by the
  cosine of their centroids instead (the summed similarity between them over the root of
  the product of their self-similarities), against the same threshold: a headline has a
  handful of words, so headlines on one story often share a word or two with some of the
  others and none with the rest, and the mean of their pairwise cosines falls short of
  what the words the story's headlines have in common say. With leads, the pairwise mean
  stays: leads of two events of one kind share so much background that their centroids
  meet (on the dev set, the centroid link everywhere merged the Papua and Aceh quakes and
  HP's two acquisitions). Either way a group stays within a component of the pairs over
  the threshold.

How it stays fast and small at 10,000 articles: terms are integer ids from the first
tokenisation on (each distinct token is folded once), the vectors are flat numpy arrays
(CSR: article, term id and weight, sorted by article then term), the posting lists are
slices of those arrays sorted by term, and a pair's summed rare-term product is
accumulated under an int64 key `i * n + j`, a bounded block of articles at a time (at
most `_CHUNK` products held), so no Python object is made per term or per term-pair.
The clustering heap keeps one entry per group (its best partner), not one per pair.

Everything is deterministic and independent of input order: articles are put in a
canonical order (by id) before anything is counted, ties break on article ids, and the
key of a story is the id of its earliest article (by `published`, undated last, then by
id).

Tuned on `../shared/data/stories-dev.jsonl` with six parameters (see
`tests/test_stories.py` for the pinned figures and the perturbation checks): moved by a
fifth, most move B-cubed F1 by under 0.01 (`BIGRAM_WEIGHT` by up to 0.016), but
`THRESHOLD` has a peak, not a plateau (B-cubed F1 0.938 at 0.10, 0.900 at 0.08, 0.924 at
0.12). The centroid link for headline groups adds no parameter.
Deliberately *not* used: the seconds-level coincidence of `published` within a story in
one dev sub-dataset (an artefact of how it was crawled: it would score well on dev and
merge unrelated articles in a real feed, where many are published each minute) and the
outlet name (one outlet may well run several pieces on one event).
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from briefing.model import Article
from briefing.text import iter_paragraphs

LEAD_WORDS = 120  # words of cleaned text read after the title
TITLE_WEIGHT = 2.0  # a title term counts as much as two lead terms
BIGRAM_WEIGHT = 0.5  # weight factor of an adjacent-term pair
TIME_SCALE_DAYS = 7.0  # similarity falls to 1/e for articles a week apart
THRESHOLD = 0.10  # least mean similarity for a group to take in more articles
CONFLICT = 0.7  # how far names in both titles that the other article lacks cut similarity
MAX_DF = 50  # terms in more articles than this do not propose candidate pairs
_CANDIDATE_FLOOR = 0.02  # a pair's rare-term similarity must reach this to be compared at all
_LEAD_CHARS = 4000  # enough raw text to find LEAD_WORDS clean words in
_TITLE_CASE = 0.6  # a title with more capitalised terms than this share is in Title Case
_CHUNK = 1 << 18  # term-pair products (or pair-term look-ups) handled per numpy step

_TOKEN = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)


_STOP_WORDS = """a about above after again against all also am an and any are as at be because
    been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves
    said says say saying told according new news report reports reported reporting via amid
    one two three four five six seven eight nine ten first second last year years
    week weeks day days
    today yesterday tomorrow monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr like get got make made might must shall us still even much
    many well back way time times people percent per cent"""
_STOP = frozenset(_STOP_WORDS.split())


def _fold(word: str) -> str:
    """Lower-case and fold plurals and possessives, so "quakes" meets "quake's" and "quake"."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def term_of(token: str) -> str | None:
    """The content term of one token, or None for a stop word or a stray letter."""
    low = token.lower().replace("’", "'")
    if low in _STOP or (len(low) < 2 and not low.isdigit()):
        return None
    term = _fold(low)
    return None if term in _STOP else term


def lead(text: str) -> str:
    """The first LEAD_WORDS words of the cleaned text (captions and bylines are not news).

    Paragraphs are cleaned one at a time and only until the lead is full: cleaning costs
    by the character, and the lead is the whole point.
    """
    words: list[str] = []
    # read a short head first, more only when captions and bylines ate it (120 words are
    # about 750 characters of news)
    for limit in (_LEAD_CHARS // 4, _LEAD_CHARS):
        words = []
        for paragraph in iter_paragraphs(text[:limit]):
            words.extend(paragraph.split())
            if len(words) >= LEAD_WORDS:
                return " ".join(words[:LEAD_WORDS])
        if len(text) <= limit:
            break
    return " ".join(words[:LEAD_WORDS])


def _timestamp(article: Article) -> float | None:
    """Seconds since the epoch."""
    p = article.published
    return None if p is None else p.timestamp()


class _Vocabulary:
    """Term ids, each distinct token folded and looked up once.

    A text becomes codes `term_id * 2 + capitalised`: whether this occurrence started
    with a capital is what tells names from words (see `_names`).
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.numeric = array("b")  # per term id: a number ("8900", "6.1")
        self._tokens: dict[str, int] = {}  # raw token -> code, -1 for a stop word

    def __call__(self, text: str) -> list[int]:
        tokens = _TOKEN.findall(text)
        known = self._tokens
        # new tokens in reading order: term ids must not depend on string hashing
        for tok in [t for t in dict.fromkeys(tokens) if t not in known]:
            term = term_of(tok)
            if term is None:
                known[tok] = -1
                continue
            tid = self.ids.setdefault(term, len(self.ids))
            if tid == len(self.numeric):
                self.numeric.append(term[0].isdigit())
            known[tok] = 2 * tid + tok[0].isupper()
        return [c for c in map(known.__getitem__, tokens) if c >= 0]


@dataclass
class ArticleVectors:
    """Unit-length TF-IDF vectors as flat arrays, sorted by article, then term."""

    doc: np.ndarray  # int64, the article of each entry
    term: np.ndarray  # int64, the term id of each entry
    weight: np.ndarray  # float64
    df: np.ndarray  # int64, document frequency per term id
    n_terms: int
    name_doc: np.ndarray  # the names in each title (see `_names`), sorted by article
    name_term: np.ndarray
    has_lead: np.ndarray  # bool per article: it has text, not only a headline
    words: list[str]  # the text of each word's term id (ids below len(words))
    pairs: np.ndarray  # per pair term id (from len(words) on): first word id * len(words) + second
    word_ids: dict[str, int]  # text -> term id of each word


def _tokens(articles: Sequence[Article]) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Vocabulary]:
    """Codes (see `_Vocabulary`) of each title and lead, concatenated (title 0, lead 0,
    title 1, ...), with the length of each, whether each term id is a number, and the
    vocabulary (the text of each term id)."""
    vocab = _Vocabulary()
    codes = array("q")  # 8 bytes a term, not a Python int
    lengths = array("q")
    for a in articles:
        for text in (a.title, lead(a.text)):
            seq = vocab(text)
            codes.extend(seq)
            lengths.append(len(seq))
    numeric = np.frombuffer(vocab.numeric, np.int8).astype(bool)
    return np.frombuffer(codes, np.int64), np.frombuffer(lengths, np.int64), numeric, vocab


def _names(
    uni: np.ndarray, capital: np.ndarray, seg: np.ndarray, lengths: np.ndarray,
    numeric: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The names in each title: (article, term) pairs, sorted, distinct.

    A name is a number, or a word written with a capital more often than without in the
    leads and in the titles that are not in Title Case ("Wellington", "Aceh", "Curve"):
    the details in which two events of one kind (two fires, two phone launches) differ.
    """
    n_words = len(numeric)
    title = seg % 2 == 0
    per_seg = np.bincount(seg, weights=capital, minlength=len(lengths))
    title_case = (per_seg > _TITLE_CASE * lengths) & (np.arange(len(lengths)) % 2 == 0)
    counted = ~title_case[seg]
    caps = np.bincount(uni[counted], weights=capital[counted], minlength=n_words)
    seen = np.bincount(uni[counted], minlength=n_words)
    name = numeric | (caps > seen - caps)
    pick = title & name[uni]
    code = np.unique((seg[pick] // 2) * n_words + uni[pick])
    return code // n_words, code % n_words


def _vectors(articles: Sequence[Article]) -> ArticleVectors:
    """Weighted counts of title and lead terms and their adjacent pairs, as TF-IDF."""
    n = len(articles)
    codes, lengths, numeric, vocab = _tokens(articles)
    uni, n_words = codes >> 1, len(numeric)
    seg = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)  # title 2d, lead 2d+1
    name_doc, name_term = _names(uni, codes & 1, seg, lengths, numeric)
    has_lead = lengths[1::2] > 0
    del codes
    # adjacent pairs within one title or lead get ids after the words'
    same = np.flatnonzero(seg[:-1] == seg[1:])
    pair_codes, pair_ids = np.unique(uni[same] * n_words + uni[same + 1], return_inverse=True)
    n_terms = n_words + len(pair_codes)
    pair_term, pair_seg = n_words + pair_ids.reshape(-1), seg[same]
    del pair_ids, same
    # sum the weights of each (article, term), a block of articles at a time: words and
    # pairs are both in article order already
    weight_of = np.array([TITLE_WEIGHT, 1.0])
    uni_at = np.searchsorted(seg, np.arange(0, 2 * n + 1, 2))
    pair_at = np.searchsorted(pair_seg, np.arange(0, 2 * n + 1, 2))
    docs, terms_, counts = [], [], []
    for lo, hi in _chunks(np.diff(uni_at) + np.diff(pair_at), _CHUNK):
        words, pairs = slice(uni_at[lo], uni_at[hi]), slice(pair_at[lo], pair_at[hi])
        where = np.concatenate([seg[words], pair_seg[pairs]])
        code, count = sum_by_key(
            (where // 2) * n_terms + np.concatenate([uni[words], pair_term[pairs]]),
            weight_of[where % 2],
        )
        docs.append(code // n_terms)
        terms_.append(code % n_terms)
        counts.append(count)
    del uni, seg, pair_term, pair_seg
    doc, term, count = np.concatenate(docs), np.concatenate(terms_), np.concatenate(counts)
    del docs, terms_, counts
    df = np.bincount(term, minlength=n_terms)
    weight = (1.0 + np.log(count)) * np.log((n + 1) / df[term])
    del count
    weight[term >= n_words] *= BIGRAM_WEIGHT
    norm = np.sqrt(np.bincount(doc, weights=weight * weight, minlength=n))
    norm[norm == 0] = 1.0
    weight /= norm[doc]
    return ArticleVectors(doc, term, weight, df, n_terms, name_doc, name_term, has_lead,
                          list(vocab.ids), pair_codes, vocab.ids)


def _chunks(sizes: np.ndarray, limit: int) -> Iterator[tuple[int, int]]:
    """Consecutive [start, stop) ranges of `sizes` whose sums stay near `limit`."""
    ends = np.cumsum(sizes)
    start = 0
    while start < len(sizes):
        base = ends[start - 1] if start else 0
        stop = int(np.searchsorted(ends, base + limit, side="right"))
        stop = max(stop, start + 1)
        yield start, stop
        start = stop


def expand_counts(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For counts c_k, each k repeated c_k times with 0..c_k-1 alongside."""
    owner = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(len(owner), dtype=np.int64) - starts[owner]


def sum_by_key(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys, ascending, and the sum of the values under each."""
    if not len(keys):
        return keys, values
    order = np.argsort(keys, kind="stable")
    keys, values = keys[order], values[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    return keys[starts], np.add.reduceat(values, starts)


def _rare_products(v: ArticleVectors, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i, j), i < j, of articles whose rare terms' share of the dot product reaches
    `_CANDIDATE_FLOOR`, as keys i * n + j, with that share: the inverted index.

    Each posting list (articles of one term, ascending) pairs every entry with the later
    ones. The products are summed a block of articles i at a time, and every pair (i, j)
    is made in the block of i, so each block's sums are final: only the pairs over the
    floor are kept, and no more than `_CHUNK` products are ever held at once.
    """
    entries = np.flatnonzero((v.df >= 2)[v.term] & (v.df <= MAX_DF)[v.term])
    if not len(entries):
        return np.zeros(0, np.int64), np.zeros(0)
    doc = v.doc[entries]  # ascending: the entries are sorted by article
    by_term = np.lexsort((doc, v.term[entries]))  # the posting lists, one after another
    term = v.term[entries][by_term]
    posted_doc, posted_weight = doc[by_term], v.weight[entries][by_term]
    del entries
    starts = np.flatnonzero(np.concatenate(([True], term[1:] != term[:-1])))
    sizes = np.diff(np.append(starts, len(term)))
    later = np.repeat(starts + sizes, sizes) - np.arange(len(term)) - 1  # entries after it
    del term, starts, sizes
    place = np.empty_like(by_term)
    place[by_term] = np.arange(len(by_term))  # where each entry (in article order) is posted
    del by_term
    bounds = np.searchsorted(doc, np.arange(n + 1))
    per_doc = np.bincount(doc, weights=later[place], minlength=n)  # products per article
    keys: list[np.ndarray] = []
    sums: list[np.ndarray] = []
    for lo, hi in _chunks(per_doc, _CHUNK):
        mine = place[bounds[lo] : bounds[hi]]
        owner, step = expand_counts(later[mine])
        left = mine[owner]
        right = left + step + 1
        k, s = sum_by_key(
            posted_doc[left] * n + posted_doc[right], posted_weight[left] * posted_weight[right]
        )
        keep = s >= _CANDIDATE_FLOOR
        keys.append(k[keep])
        sums.append(s[keep])
    return np.concatenate(keys), np.concatenate(sums)


def _common_products(v: ArticleVectors, n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The common terms' (df > MAX_DF) share of the dot product of each pair given."""
    pick = np.flatnonzero(v.df[v.term] > MAX_DF)  # entries stay sorted by article, term
    doc, term, weight = v.doc[pick], v.term[pick], v.weight[pick]
    code = doc * v.n_terms + term
    count = np.bincount(doc, minlength=n)
    first = np.cumsum(count) - count
    # walk the shorter list of each pair, look its terms up in the other article's
    swap = count[left] > count[right]
    short = np.where(swap, right, left)
    other = np.where(swap, left, right)
    out = np.zeros(len(left))
    for lo, hi in _chunks(count[short], _CHUNK):
        owner, step = expand_counts(count[short[lo:hi]])
        mine = first[short[lo:hi]][owner] + step
        want = other[lo:hi][owner] * v.n_terms + term[mine]
        at = np.minimum(np.searchsorted(code, want), len(code) - 1)
        hit = code[at] == want
        out[lo:hi] = np.bincount(
            owner[hit], weights=weight[mine[hit]] * weight[at[hit]], minlength=hi - lo
        )
    return out


def _missing_names(v: ArticleVectors, n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Per pair, the share (by IDF) of the names in the first one's title that the second
    one never mentions (title or lead); 0 when the second is a headline alone."""
    code = v.doc * v.n_terms + v.term  # sorted: every term of every article
    idf = np.log((n + 1) / v.df[v.name_term])
    count = np.bincount(v.name_doc, minlength=n)
    first = np.cumsum(count) - count
    total = np.bincount(v.name_doc, weights=idf, minlength=n)
    out = np.zeros(len(left))
    for lo, hi in _chunks(count[left], _CHUNK):
        owner, step = expand_counts(count[left[lo:hi]])
        mine = first[left[lo:hi]][owner] + step
        want = right[lo:hi][owner] * v.n_terms + v.name_term[mine]
        at = np.minimum(np.searchsorted(code, want), len(code) - 1)
        gone = code[at] != want
        out[lo:hi] = np.bincount(owner[gone], weights=idf[mine[gone]], minlength=hi - lo)
    out /= np.maximum(total[left], 1e-12)
    out[~v.has_lead[right]] = 0.0
    return out


def _edges(
    v: ArticleVectors, times: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Similarities of the pairs that share rare terms (the blocking step): (i, j, s).

    The rare terms' share of each dot product is summed through the inverted index; pairs
    whose share reaches `_CANDIDATE_FLOOR` get the common terms' share added. A pair that
    shares no rare term, or only a trace of one, is never compared. Then names that
    disagree and the time apart damp the cosine.
    """
    n = len(times)
    keys, sim = _rare_products(v, n)
    left, right = keys // n, keys % n
    sim = sim + _common_products(v, n, left, right)
    conflict = np.minimum(_missing_names(v, n, left, right), _missing_names(v, n, right, left))
    sim *= 1.0 - CONFLICT * conflict
    gap = np.abs(times[left] - times[right])  # NaN when either is undated: no damping
    sim = np.where(np.isnan(gap), sim, sim * np.exp(-gap / 86400.0 / TIME_SCALE_DAYS))
    return left, right, sim


def _average_link(
    n: int, left: np.ndarray, right: np.ndarray, sim: np.ndarray, threshold: float,
    has_lead: np.ndarray,
) -> list[list[int]]:
    """Greedy average-link clustering on a sparse similarity graph.

    Repeatedly merges the two groups with the highest link (absent pairs count as 0)
    while that link is at least `threshold`. The link of two groups is the mean pairwise
    similarity, except between two groups of headlines alone (no article with a lead in
    either), where it is the cosine of their centroids: the summed similarity between
    them over the square root of the product of their self-similarities (size plus twice
    the summed similarity inside; with time-damped similarities, a cosine in that
    kernel). For two single articles both are the pair's similarity. Articles are
    numbered in id order, and ties break on the smallest article ids, so the result does
    not depend on input order.

    Groups never span two components of the graph of pairs over the threshold: pairs
    across components are dropped before clustering. For the mean this is no constraint
    (a mean over the threshold needs a pair over it); for the centroid link, it is.

    The heap holds one entry per group, its best partner, not one per pair: for the mean,
    a merge can only lower the link between the merged group and any third group (it is
    "reducible"), so only the groups whose best partner took part need a new look. The
    centroid link is not reducible, so a merge of headline groups may raise a third
    group's link with them; the merged group is looked at anew and so still finds that
    partner, but not always in strict order of link: a greedy approximation.
    """
    # groups stay within the components of the graph of pairs over the threshold
    root = list(range(n))
    for i, j in zip(left[sim >= threshold].tolist(), right[sim >= threshold].tolist(),
                    strict=True):
        while root[i] != i:
            root[i] = i = root[root[i]]
        while root[j] != j:
            root[j] = j = root[root[j]]
        if i != j:
            root[max(i, j)] = min(i, j)
    for i in range(n):
        root[i] = root[root[i]]  # roots are smaller, so one pass in order settles them
    component = np.asarray(root)
    inside = component[left] == component[right]
    left, right, sim = left[inside], right[inside], sim[inside]
    size = [1] * n
    inner = [0.0] * n  # summed similarity of the pairs inside each group
    leads = has_lead.astype(np.int64).tolist()  # articles with a lead in each group
    key = list(range(n))  # smallest article (in id order) in each group, for tie-breaking
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    link: dict[int, dict[int, float]] = defaultdict(dict)  # summed similarity between groups
    for i, j, s in zip(left.tolist(), right.tolist(), sim.tolist(), strict=True):
        link[i][j] = s
        link[j][i] = s
    partner: dict[int, int] = {}  # each group's best partner, while it has one
    stamp = [0] * n  # bumped whenever a group's heap entry goes stale
    heap: list[tuple[float, int, int, int, int, int]] = []

    def look(a: int) -> None:
        stamp[a] += 1
        partner.pop(a, None)
        best = None
        sa, ka = size[a], key[a]
        self_a = sa + 2.0 * inner[a]
        for b, s in link[a].items():
            if leads[a] or leads[b]:
                mean = s / (sa * size[b])
            else:  # headlines alone: cosine of the centroids
                mean = s / math.sqrt(self_a * (size[b] + 2.0 * inner[b]))
            if mean < threshold:
                continue
            kb = key[b]
            entry = (-mean, ka, kb, a, b) if ka < kb else (-mean, kb, ka, a, b)
            if best is None or entry < best:
                best = entry
        if best is not None:
            partner[a] = best[4]
            heapq.heappush(heap, (*best, stamp[a]))

    for a in list(link):
        look(a)
    while heap:
        _, _, _, a, b, version = heapq.heappop(heap)
        if version != stamp[a] or a not in members or b not in members:
            continue  # stale: the group has grown, gone or found another partner since
        if len(link[a]) < len(link[b]):
            a, b = b, a  # fold the smaller neighbourhood into the larger
        members[a].extend(members.pop(b))
        inner[a] += inner[b] + link[a][b]
        leads[a] += leads[b]
        size[a] += size[b]
        key[a] = min(key[a], key[b])
        stamp[b] += 1
        partner.pop(b, None)
        for k, s in link.pop(b).items():
            if k != a:
                del link[k][b]
                link[a][k] = link[a].get(k, 0.0) + s
                link[k][a] = link[a][k]
        link[a].pop(b, None)
        for k in link[a]:
            if partner.get(k) in (a, b):
                look(k)
        look(a)
    return list(members.values())


def group_articles(
    articles: Sequence[Article], threshold: float
) -> tuple[list[str], ArticleVectors, list[list[int]], list[int]]:
    """Story keys (in input order), and the vectors, groups (of canonical positions) and
    canonical order they came from."""
    # a canonical order first: term ids, pair keys and float sums then never depend on
    # the order the articles came in
    order = sorted(range(len(articles)), key=lambda i: (articles[i].id, articles[i].title,
                                                        articles[i].text))
    ordered = [articles[i] for i in order]
    stamps = [_timestamp(a) for a in ordered]
    times = np.array([np.nan if t is None else t for t in stamps], dtype=np.float64)
    vectors = _vectors(ordered)
    left, right, sim = _edges(vectors, times)
    groups = _average_link(len(ordered), left, right, sim, threshold, vectors.has_lead)
    keys = [""] * len(articles)
    for group in groups:
        first = min(group, key=lambda i: (stamps[i] is None, stamps[i] or 0.0, i))
        for i in group:
            keys[order[i]] = ordered[first].id
    return keys, vectors, groups, order


def group_stories(articles: Sequence[Article], *, threshold: float = THRESHOLD) -> list[str]:
    """A story key per article, in the same order; articles on one event share a key.

    The key is the id of the story's earliest article (by `published`, undated last, then
    by id), so it is stable for the same input, whatever its order.
    """
    if not articles:
        return []
    return group_articles(articles, threshold)[0]
