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
- **Which pairs are compared at all** comes from an inverted index over rare terms (seen in
  2..`MAX_DF` articles): only articles sharing a rare term are compared, so the cost grows
  with the number of articles times their rare terms, not with all pairs.
- **Grouping** is average-link agglomerative clustering over that sparse graph (missing
  pairs count as 0): a group grows only while the *mean* similarity between its members and
  the newcomer stays above `THRESHOLD`. Single link, the usual union-find shortcut, chains
  different events of one kind together through one bridging article; average link
  does not.

Everything is deterministic and independent of input order: ties break on article ids,
and the key of a story is the id of its earliest article (by `published`, undated last,
then by id).

Tuned on `../shared/data/stories-dev.jsonl` with five parameters, all on flat optima (see
`tests/test_stories.py` for the pinned figures and a threshold-perturbation check).
Deliberately *not* used: the seconds-level coincidence of `published` within a story in
one dev sub-dataset (an artefact of how it was crawled: it would score well on dev and
merge unrelated articles in a real feed, where many are published each minute) and the
outlet name (one outlet may well run several pieces on one event).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC

from briefing.model import Article
from briefing.text import paragraphs

LEAD_WORDS = 120  # words of cleaned text read after the title
TITLE_WEIGHT = 2.0  # a title term counts as much as two lead terms
BIGRAM_WEIGHT = 0.5  # weight factor of an adjacent-term pair
TIME_SCALE_DAYS = 7.0  # similarity falls to 1/e for articles a week apart
THRESHOLD = 0.10  # least mean similarity for a group to take in more articles
MAX_DF = 50  # terms in more articles than this do not propose candidate pairs
_CANDIDATE_FLOOR = 0.02  # a pair's rare-term similarity must reach this to be compared at all
_LEAD_CHARS = 4000  # enough raw text to find LEAD_WORDS clean words in

_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.-](?=[^\W\d_]))*|\d+(?:[.,]\d+)*", re.UNICODE)

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


def terms(text: str) -> list[str]:
    """Content terms of a text, in order: folded words and numbers, stop words dropped."""
    out = []
    for tok in _TOKEN.findall(text):
        low = tok.lower().replace("’", "'")
        if low in _STOP or (len(low) < 2 and not low.isdigit()):
            continue
        out.append(_fold(low))
    return out


def _lead(text: str) -> str:
    """The first LEAD_WORDS words of the cleaned text (captions and bylines are not news)."""
    words: list[str] = []
    # cleaning costs by the character: read a short head first, more only when captions
    # and bylines ate it (120 words are about 750 characters of news)
    for limit in (_LEAD_CHARS // 4, _LEAD_CHARS):
        words = []
        for p in paragraphs(text[:limit]):
            words.extend(p.split())
            if len(words) >= LEAD_WORDS:
                return " ".join(words[:LEAD_WORDS])
        if len(text) <= limit:
            break
    return " ".join(words[:LEAD_WORDS])


def _bag(article: Article) -> Counter[str]:
    """Weighted term counts of title and lead, with adjacent-term pairs."""
    bag: Counter[str] = Counter()
    for seq, weight in ((terms(article.title), TITLE_WEIGHT), (terms(_lead(article.text)), 1.0)):
        for t in seq:
            bag[t] += weight
        for x, y in zip(seq, seq[1:], strict=False):
            bag[f"{x} {y}"] += weight
    return bag


def _vectors(bags: Sequence[Counter[str]]) -> tuple[list[dict[str, float]], Counter[str]]:
    """Unit-length TF-IDF vectors (sublinear tf), and document frequencies."""
    n = len(bags)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vecs = []
    for bag in bags:
        v = {}
        for t, c in bag.items():
            w = (1.0 + math.log(c)) * math.log((n + 1) / df[t])
            v[t] = w * BIGRAM_WEIGHT if " " in t else w
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({t: x / norm for t, x in v.items()})
    return vecs, df


def _timestamp(article: Article) -> float | None:
    """Seconds since the epoch; a naive datetime is taken as UTC."""
    p = article.published
    if p is None:
        return None
    return (p if p.tzinfo else p.replace(tzinfo=UTC)).timestamp()


def _edges(
    vecs: Sequence[dict[str, float]], df: Counter[str], times: Sequence[float | None]
) -> dict[tuple[int, int], float]:
    """Similarities of the pairs that share rare terms (the blocking step).

    The rare terms' share of each dot product is summed through the inverted index; pairs
    whose share reaches `_CANDIDATE_FLOOR` get the common terms' share added. A pair that
    shares no rare term, or only a trace of one, is never compared.
    """
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    common: list[dict[str, float]] = []
    for i, v in enumerate(vecs):
        rest = {}
        for t, x in v.items():
            if 2 <= df[t] <= MAX_DF:
                index[t].append((i, x))
            elif df[t] > MAX_DF:
                rest[t] = x
        common.append(rest)
    partial: dict[tuple[int, int], float] = defaultdict(float)
    for posting in index.values():
        for k, (i, x) in enumerate(posting):
            for j, y in posting[k + 1 :]:
                partial[(i, j)] += x * y
    edges = {}
    for (i, j), s in partial.items():
        if s < _CANDIDATE_FLOOR:
            continue
        a, b = common[i], common[j]
        if len(a) > len(b):
            a, b = b, a
        s += sum(x * b.get(t, 0.0) for t, x in a.items())
        ti, tj = times[i], times[j]
        if ti is not None and tj is not None:
            s *= math.exp(-abs(ti - tj) / 86400.0 / TIME_SCALE_DAYS)
        edges[(i, j)] = s
    return edges


def _average_link(
    ids: Sequence[str], edges: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Greedy average-link clustering on a sparse similarity graph.

    Repeatedly merges the two groups with the highest mean pairwise similarity (absent
    pairs count as 0) while that mean is at least `threshold`. Ties break on the smallest
    article ids, so the result does not depend on input order.
    """
    n = len(ids)
    size = [1] * n
    key = list(ids)  # smallest id in each group, for tie-breaking
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    link: dict[int, dict[int, float]] = defaultdict(dict)  # summed similarity between groups
    for (i, j), s in edges.items():
        link[i][j] = s
        link[j][i] = s
    heap: list[tuple[float, str, str, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        mean = link[a][b] / (size[a] * size[b])
        if mean >= threshold:
            lo, hi = sorted((key[a], key[b]))
            heapq.heappush(heap, (-mean, lo, hi, a, b, size[a], size[b]))

    for i, j in edges:
        push(i, j)
    while heap:
        _, _, _, a, b, size_a, size_b = heapq.heappop(heap)
        if a not in members or b not in members or size[a] != size_a or size[b] != size_b:
            continue  # stale: one of the groups has grown or gone since this was pushed
        if len(link[a]) < len(link[b]):
            a, b = b, a  # fold the smaller neighbourhood into the larger
        members[a].extend(members.pop(b))
        size[a] += size[b]
        key[a] = min(key[a], key[b])
        for k, s in link.pop(b).items():
            if k != a:
                del link[k][b]
                link[a][k] = link[a].get(k, 0.0) + s
                link[k][a] = link[a][k]
        link[a].pop(b, None)
        for k in link[a]:
            push(a, k)
    return list(members.values())


def group_stories(articles: Sequence[Article], *, threshold: float = THRESHOLD) -> list[str]:
    """A story key per article, in the same order; articles on one event share a key.

    The key is the id of the story's earliest article (by `published`, undated last, then
    by id), so it is stable for the same input, whatever its order.
    """
    if not articles:
        return []
    vecs, df = _vectors([_bag(a) for a in articles])
    times = [_timestamp(a) for a in articles]
    groups = _average_link([a.id for a in articles], _edges(vecs, df, times), threshold)
    keys = [""] * len(articles)
    for group in groups:
        first = min(
            group,
            key=lambda i: (times[i] is None, times[i] or 0.0, articles[i].id),
        )
        for i in group:
            keys[i] = articles[first].id
    return keys
