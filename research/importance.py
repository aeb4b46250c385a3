#!/usr/bin/env python3
"""Are the top lines the day's most important news, and would an importance signal help?

Question: analysts say the top lines of real days are not the day's most important news
(Welsh rail proposals above Baghdad bombings). A story's strength (briefing/compose/ranking.py
`story_strength`) is what its points say x outlets x freshness x source weight; nothing
says how grave the event is. Does the current ranking pick the news Wikipedia's editors
judged notable more often than chance, and does a principled signal (casualty figures,
national-level actors, distinct names, a prior on grave themes) make it pick it more often?

Method: every day of 2010-2015 with at least 5 English Wikinews articles (dated by their
Wikinews date category; CC BY 2.5) and at least 8 items in Wikipedia's Portal:Current
events (CC BY-SA 4.0) that day: 91 days, 592 articles (only 3 days have 15 articles, 22
have 10; the portal clone lacks most of January to July 2010, so 26 January 2010 is not
among them). Each day is built as `build --source DAY.jsonl --date D` builds it, every
article stamped noon UTC (all one outlet, "Wikinews", so the outlet factor is 1 for every
story: the "outlets only" baseline counts a story's articles instead), and compose's
arguments are kept, so each ranking is recomposed from the same summaries. A story is a
hit when it matches a portal item of its day or the day after: two shared words each in
under 0.4% of the 2010-2015 portal items, with the shared words' summed log(N/df) at least
10 (plurals folded). By eye, 41 of the 47 matches of the odd days' shown stories are the
same event (87%; the rest share generic words: "openly gay", "Wall Street Journal");
recall is low (a hit is a story the portal words alike, about one story in five).
Scored: the top lines, the first top line, the first story of each briefed section, and
"pairs": of (hit, miss) pairs among a day's shown stories, how often the hit is ranked
above (top lines in order, then the rest by strength; 0.5 is chance). Signals and weights
were chosen on the odd days of the month (53 days) only; the even days (38) were scored
once, at the end.

    python research/importance.py --portal CLONE --wikinews CLONE [--sample]   # ~4 minutes

Result (3 December 2026, main at 5fe875d). Odd days (choosing): current ranking first top
line 14 of 52 hit (0.27), pairs 0.557 (158 pairs); articles only 7 of 52, 0.443; random (20
draws) 0.19, 0.500. Casualty figures (1 + w log10(1 + the largest killed/injured figure), w
0.25 to 2) made both worse (11-13 of 52; pairs 0.519-0.551); national actors (heads of
state and government, parliament, the UN, NATO, the army) 11-13 of 52, pairs 0.576-0.608;
distinct names 11-13 of 52, 0.544-0.563; a prior weighing military, terrorism, disasters
and humanitarian stories 1.5 times in the top lines (`weight` in themes.toml) 17 of 52,
pairs 0.684 (plateau from 1.5 to 3; adding diplomacy did worse). Held-out even days, once:
current first top line 12 of 38 (0.32), pairs 0.505 (111 pairs); articles only 11 of 38,
0.505; random 0.25, 0.502; the grave-theme prior 11 of 38, pairs 0.577 (day bootstrap, 90%
interval of the gain +0.00 to +0.14; first top lines -5 to +3 of 38). Not a clear gain, so
nothing shipped. On these small days the current ranking is barely better than chance at
putting the portal's news first (odd 0.557, even 0.505), and the evaluation cannot tell
signals apart at this size: a day of 5-9 articles briefs 3-4 top lines, almost all its
stories, so only their order is tested. Caveats: the news model that files the stories was
fitted on 90% of these Wikinews articles; the matcher favours stories with rare place
names, which conflict and disaster news has, so a grave-theme prior partly learns the
matcher. Casualty figures at weight 2 also cut the top lines (176 of 205 kept): one story
with a death toll puts the others under `compose.top_lines_min_share`.

The dev mixed day (`build --source day.jsonl --date 2015-04-30`) shows why its Iran talks and
Yemen stories are not top lines, and it is not importance: its newest report is dated
2015-04-02, 518 of its 780 rows are undated, and an undated story counts as fresh as the
median dated story (`compose`, briefing/compose/__init__.py), which there is one of
2014-03-11, about 390 days older: the Iran and Yemen stories (undated CNN reports) weigh
about 1e-169, the Indiana religious-freedom law story (reports dated 29 March to 2 April
2015) 13.8, and the day has one top line. No importance factor of a few times can move
that; it is the freshness rule for undated reports on a day whose dated reports are mostly
old.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import random
import re
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "training"), str(REPO)]

import portal  # noqa: E402
import wikinews  # noqa: E402

import briefing.compose as compose_module  # noqa: E402
from briefing.follow import casualty_figure  # noqa: E402

MIN_ARTICLES, MIN_PORTAL_ITEMS = 5, 8
STRONG = 0.004  # a shared word that counts: in under 0.4% of the portal items (a name)
MIN_IDF = 10.0  # the shared words' summed log(N/df)
GRAVE = ("military", "terrorism", "disasters", "humanitarian")
_STOP = set("""a an the of in on at to for from by with and or but is are was were be been
being has have had that this these those it its as after before over into about than more
most said says say will would could may can also not no he she they his her their them who
which what when where while there here one two three four five six seven eight nine ten new
first last year years day days week people""".split())  # noqa: SIM905
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]+")
_NATIONAL = re.compile(r"\b(?:president|prime minister|government|minister|king|parliament|"
                       r"united nations|security council|nato|army|military|troops)\b", re.I)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}")


def _norm(word: str) -> str:
    word = word.lower().strip("'-").removesuffix("'s")
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def words(text: str) -> set[str]:
    return {_norm(w) for w in _TOKEN.findall(text)} - _STOP


class Matcher:
    """Whether a story tells an event the portal lists on its day or the day after."""

    def __init__(self, items: list) -> None:
        self.df = collections.Counter(w for it in items for w in words(it.text))
        self.n = len(items)
        self.by_day: dict[str, list] = collections.defaultdict(list)
        for it in items:
            self.by_day[it.day].append((it, {w for w in words(it.text) if len(w) > 2}))

    def idf(self, word: str) -> float:
        return math.log(self.n / max(self.df[word], 1))

    def match(self, story, day: date):  # noqa: ANN001, ANN201 - a Story; (item, shared) or None
        text = " ".join([a.title for a in story.articles] + [p.text for p in story.key_points])
        mine = {w for w in words(text) if len(w) > 2}
        best, best_score = None, 0.0
        for d in (day, day + timedelta(days=1)):
            for item, theirs in self.by_day[str(d)]:
                shared = mine & theirs
                strong = [w for w in shared if self.df[w] < STRONG * self.n]
                score = sum(map(self.idf, shared))
                if len(strong) >= 2 and score >= MIN_IDF and score > best_score:
                    best, best_score = (item, shared), score
        return best


def _category_date(category: str) -> date | None:
    """The date of a Wikinews date category ("August 30, 2007"), or None."""
    try:
        return datetime.strptime(category, "%B %d, %Y").date()
    except ValueError:
        return None


def days_of(articles: list, covered: set[str]) -> dict[date, list]:
    by_day: dict[date, list] = collections.defaultdict(list)
    for a in articles:
        dates = [d for d in map(_category_date, a.categories) if d]
        if len(dates) == 1 and 2010 <= dates[0].year <= 2015 and (
                "Imported news" not in a.categories):
            by_day[dates[0]].append(a)
    return {d: v for d, v in sorted(by_day.items())
            if len(v) >= MIN_ARTICLES and str(d) in covered}


def capture(day: date, articles: list, work: Path) -> tuple:
    """compose's arguments for the day, built as `build --source FILE --date D` builds it."""
    from briefing.cli import main

    source = work / f"{day}.jsonl"
    with source.open("w", encoding="utf-8") as f:
        for i, a in enumerate(articles):
            f.write(json.dumps({"id": f"wn{i}", "title": a.url.rsplit("/", 1)[-1].replace("_", " "),
                                "text": a.text, "source": "Wikinews", "url": a.url,
                                "published": f"{day}T12:00:00+00:00"}) + "\n")
    config = work / f"{day}.toml"
    config.write_text(f'[output]\ndir = "{work / "out"}"\nformats = ["json"]\n'
                      "[stories]\nfollow_days = 0\n")
    captured, original = [], compose_module.compose

    def spy(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        captured.append((args, kwargs))
        return original(*args, **kwargs)

    compose_module.compose = spy
    try:
        main(["build", "--source", str(source), "--date", str(day), "--config", str(config),
              "--format", "json"])
    finally:
        compose_module.compose = original
    return captured[0]


def recompose(cap: tuple, factor=None, strength=None, theme_weights=None):  # noqa: ANN001, ANN201
    args, kwargs = cap
    original = compose_module.story_strength
    if strength is not None:
        compose_module.story_strength = strength
    elif factor is not None:
        compose_module.story_strength = lambda a, p, f, w: original(a, p, f, w) * factor(a, p)
    try:
        if theme_weights is not None:
            kwargs = dict(kwargs, theme_weights=theme_weights)
        return compose_module.compose(*args, **kwargs)
    finally:
        compose_module.story_strength = original


def score(briefing, day: date, hit) -> tuple[list[bool], list[bool], int, int]:  # noqa: ANN001
    """Hits of the top lines and of the sections' first stories, and (hit above miss, all
    hit-miss pairs) over the shown stories of briefed themes."""
    story_of = {}
    for s in briefing.sections:
        for st in s.stories:
            for a in st.articles:
                story_of.setdefault(a.id, st)
    tops = [story_of[p.article_id] for p in briefing.top_lines]
    briefed = [s for s in briefing.sections if s.theme != compose_module.OTHER[0]]
    firsts = [s.stories[0] for s in briefed if s.stories]
    seen = {st.id for st in tops}
    rest = sorted({st.id: st for s in briefed for st in s.stories if st.id not in seen}.values(),
                  key=lambda st: -st.score)
    ranked = [hit(st, day) for st in [*tops, *rest]]
    above = total = 0
    for i, h in enumerate(ranked):
        if h:
            below = sum(not x for x in ranked[i + 1:])
            above += below
            total += below + sum(not x for x in ranked[:i])
    return [hit(s, day) for s in tops], [hit(s, day) for s in firsts], above, total


def casualties(w: float):  # noqa: ANN201
    return lambda arts, pts: 1 + w * math.log10(1 + casualty_figure(
        [a.title for a in arts] + [p.text for p in pts]))


def national(w: float):  # noqa: ANN201
    def f(arts, pts) -> float:  # noqa: ANN001
        found = {m.group(0).lower() for t in [*(a.title for a in arts), *(p.text for p in pts)]
                 for m in _NATIONAL.finditer(t)}
        return 1 + w * min(len(found), 3) / 3
    return f


def names(w: float):  # noqa: ANN201
    return lambda arts, pts: 1 + w * math.log2(
        1 + len({m.group(0) for p in pts for m in _NAME.finditer(p.text)})) / 4


def evaluate(caps: list, hit, **kw) -> tuple[int, int, int, int, int, int, int, int]:  # noqa: ANN001
    tops = top1 = firsts = above = pairs = n_tops = n_top1 = n_firsts = 0
    for day, cap in caps:
        t, f, a, p = score(recompose(cap, **kw), day, hit)
        tops, n_tops = tops + sum(t), n_tops + len(t)
        top1, n_top1 = top1 + (bool(t) and t[0]), n_top1 + bool(t)
        firsts, n_firsts = firsts + sum(f), n_firsts + len(f)
        above, pairs = above + a, pairs + p
    return tops, n_tops, top1, n_top1, firsts, n_firsts, above, pairs


def show(name: str, r: tuple) -> None:
    tops, n_tops, top1, n_top1, firsts, n_firsts, above, pairs = r
    print(f"{name:30s} top lines {tops}/{n_tops}  first top line {top1}/{n_top1} "
          f"({top1 / max(n_top1, 1):.3f})  section firsts {firsts}/{n_firsts}  "
          f"pairs {above}/{pairs} ({above / max(pairs, 1):.3f})", flush=True)


def report(caps: list, hit, variants: dict) -> None:  # noqa: ANN001
    show("current", evaluate(caps, hit))
    show("articles only", evaluate(caps, hit, strength=lambda a, p, f, w: float(len(a))))
    draws = [evaluate(caps, hit, strength=(lambda r: lambda a, p, f, w: r.random())(
        random.Random(seed))) for seed in range(20)]
    show("random (20 draws)", tuple(map(sum, zip(*draws, strict=True))))
    for name, kw in variants.items():
        show(name, evaluate(caps, hit, **kw))


def bootstrap(caps: list, hit, kw: dict, draws: int = 2000) -> None:  # noqa: ANN001
    """90% intervals of a variant's gain over the current ranking, resampling days."""
    base = [score(recompose(cap), d, hit) for d, cap in caps]
    new = [score(recompose(cap, **kw), d, hit) for d, cap in caps]
    rng, pairs, firsts = random.Random(0), [], []
    for _ in range(draws):
        pick = [rng.randrange(len(caps)) for _ in caps]
        share = [sum(r[i][2] for i in pick) / max(1, sum(r[i][3] for i in pick))
                 for r in (base, new)]
        pairs.append(share[1] - share[0])
        firsts.append(sum(bool(new[i][0]) and new[i][0][0] for i in pick)
                      - sum(bool(base[i][0]) and base[i][0][0] for i in pick))
    pairs.sort()
    firsts.sort()
    lo, hi = draws // 20, draws - draws // 20
    print(f"  gain, 90% of day resamples: pairs {pairs[lo]:+.3f} to {pairs[hi]:+.3f}, "
          f"first top lines {firsts[lo]:+d} to {firsts[hi]:+d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", type=Path, required=True)
    parser.add_argument("--wikinews", type=Path, required=True)
    parser.add_argument("--sample", action="store_true", help="print 40 odd-day matches to read")
    args = parser.parse_args()
    items = [i for i in portal.read_items(args.portal, expected_checksum=None)
             if "2010-01-01" <= i.day <= "2016-01-01"]
    matcher = Matcher(items)
    covered = {d for d, n in collections.Counter(i.day for i in items).items()
               if n >= MIN_PORTAL_ITEMS}
    days = days_of(wikinews.articles(wikinews.read_files(args.wikinews)), covered)
    print(f"{len(days)} days, {sum(map(len, days.values()))} articles")
    memo: dict[tuple[str, date], bool] = {}
    found: dict[tuple[str, date], tuple] = {}

    def hit(story, day: date) -> bool:  # noqa: ANN001
        if (story.id, day) not in memo:
            m = matcher.match(story, day)
            memo[story.id, day] = m is not None
            if m:
                found[story.id, day] = (story, m)
        return memo[story.id, day]

    with tempfile.TemporaryDirectory() as tmp:
        caps = [(d, capture(d, arts, Path(tmp))) for d, arts in days.items()]
    odd = [(d, c) for d, c in caps if d.day % 2]
    even = [(d, c) for d, c in caps if not d.day % 2]
    grave = {t: 1.5 for t in GRAVE}
    print(f"\nodd days (choosing): {len(odd)}")
    report(odd, hit, {
        **{f"casualties w={w}": {"factor": casualties(w)} for w in (0.25, 0.5, 1, 2)},
        **{f"national w={w}": {"factor": national(w)} for w in (0.5, 1, 2)},
        **{f"names w={w}": {"factor": names(w)} for w in (0.5, 1, 2)},
        **{f"grave themes x{1 + w}": {"theme_weights": {t: 1 + w for t in GRAVE}}
           for w in (0.25, 0.5, 1, 2)},
        "grave themes + diplomacy x1.5": {"theme_weights": {**grave, "diplomacy": 1.5}},
    })
    if args.sample:
        odd_found = [v for (_, d), v in found.items() if d.day % 2]
        for story, (item, shared) in random.Random(2).sample(odd_found, min(40, len(odd_found))):
            print(f"\n{story.articles[0].title[:90]}\n  {item.day} {item.text[:150]}\n"
                  f"  shared: {sorted(shared)}")
    print(f"\neven days (held out, scored once): {len(even)}")
    report(even, hit, {"grave themes x1.5": {"theme_weights": grave}})
    bootstrap(even, hit, {"theme_weights": grave})


if __name__ == "__main__":
    main()
