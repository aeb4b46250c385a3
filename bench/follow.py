#!/usr/bin/env python3
"""Stories followed across simulated days: how often a continuing story is linked to its
earlier day, and how often a new one is wrongly linked.

    python bench/follow.py --input ../shared/data/stories-dev.jsonl [--seed 0,1,2] [--spread 10]
        [--weekdays]

Rows are shaped like `stories-dev.jsonl`: {"id", "title", "text", "source", "url",
"published", "story", ...}. The simulation the target describes is laid out first: each
story of two or more items is spread over consecutive days, its items in publication
order (undated ones last, then by id), one or two a day; the stories start on different
days, so their items interleave with the others' on the same days, and each single-item
story falls on a day of its own choosing (all choices from `random.Random(--seed)`).
Each item's date is set to its day (noon UTC). Day 0 is a Monday, so the days run over
weekends.

With `--weekdays` the desk is briefed Monday to Friday, as a weekday schedule does: no
briefing is built on a Saturday or Sunday, and their items (still dated their own day) are
in Monday's briefing, which reads everything since Friday's (`sources.window =
"since-previous"`, the default, in place of "day"). Items are scored on the day of the
briefing that carries them, so a story's weekend and Monday items are Monday's.

The library then runs as a user's daily build does, with a fresh store: the items are a
configured JSON Lines source, and one briefing a day is built (`pipeline.build`,
`sources.window = "day"`). What the build sees of a row is its id, title, text, source
and url, with the day as its date: `story` is read only to lay out the days and to score,
and `origin` not at all. The per-theme cap is lifted (`compose.points_per_section`) and
every kind of news is briefed (a themes file sets `brief = true` on the shipped themes
that are not briefed: sport, culture, science, health), so every story of a day is shown
and so remembered: the cap is a page-length choice and the kinds briefed a choice of
readers, neither part of linking. (With the shipped kinds, a story of an unbriefed kind
is never shown, so never remembered, and its next day is rightly "new" to the reader.)

Scoring, per (story, day) on which a story has items: its items' story on that day is the
one most of them were given (ties: the first item's). A story seen on an earlier day is
"continuing", and linked when that day's story is marked developing and carries the id
its items were given on an earlier day. A story not seen before is "new", and wrongly
linked when it is marked developing. Items the store set aside as seen before (the same
words as an earlier item) are not briefed; an instance with none of its items briefed is
not scored, and the count is printed.

The stories are split into two halves by a hash of their label, and each half is
reported: a threshold is chosen on half A and checked on half B (`--threshold` sets the
linking threshold for such a run); so are the stories with text and those of headlines
alone (every item without text), which words can link far less often. Each half of one
layout holds about 60 continuing and 70 new stories, so one story moves a figure by 1.5
points: `--seed 0,1,2` runs three
layouts of the same items (each with a fresh store) and adds up their counts. Last line:
`linked=R false_links=F` over all stories (and all layouts).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# day 0 of the simulation: a Monday, so that `--weekdays` finds its weekends where the
# days fall (in the default layout any date would do: only the gaps matter)
FIRST_DAY = date(2024, 1, 1)
WEEKEND = (5, 6)  # date.weekday() of Saturday and Sunday


def read_rows(path: Path) -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "id" not in row or "story" not in row:
            sys.exit(f"{path}: line {n}: needs \"id\" and \"story\"")
        rows.append(row)
    return rows


def _order_key(row: dict) -> tuple:
    """Publication order; undated items last, then by id."""
    published = row.get("published") or ""
    try:
        when = datetime.fromisoformat(published.replace("Z", "+00:00")) if published else None
    except ValueError:
        when = None
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when is None, when or datetime.min.replace(tzinfo=UTC), str(row["id"]))


def lay_out(rows: list[dict], seed: int, spread: int) -> dict[str, int]:
    """The day (0, 1, ...) of each row's id: the simulation described in the docstring."""
    rng = random.Random(seed)
    by_story: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_story[str(row["story"])].append(row)
    day_of: dict[str, int] = {}
    last = 0
    singles = []
    for story in sorted(by_story):
        items = sorted(by_story[story], key=_order_key)
        if len(items) < 2:
            singles.append(items[0])
            continue
        day = rng.randrange(spread)
        at = 0
        while at < len(items):
            take = rng.choice((1, 2))
            for row in items[at : at + take]:
                day_of[str(row["id"])] = day
            at += take
            last = max(last, day)
            day += 1
    for row in singles:
        day_of[str(row["id"])] = rng.randrange(last + 1)
    return day_of


def briefed_on(day_of: dict[str, int], weekdays: bool) -> tuple[dict[str, int], list[int]]:
    """The day of the briefing that carries each row's id, and the days a briefing is built
    (0 to the last such day): each day, or with `weekdays` Monday to Friday, a weekend's
    items carried by the Monday after it."""
    def carried(offset: int) -> int:
        while weekdays and (FIRST_DAY + timedelta(days=offset)).weekday() in WEEKEND:
            offset += 1
        return offset

    briefed = {row_id: carried(day) for row_id, day in day_of.items()}
    built = [day for day in range(max(briefed.values(), default=0) + 1) if carried(day) == day]
    return briefed, built


def half_of(story: str) -> str:
    return "A" if hashlib.sha1(story.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def simulate(rows: list[dict], day_of: dict[str, int], folder: Path,
             built: list[int] | None = None) -> tuple[dict, dict]:
    """Build one briefing on each day of `built` (default: every day); (per article id:
    (story id, status)), timings per day). With days left out, each briefing reads
    everything since the previous one ("since-previous")."""
    if built is None:
        built = list(range(max(day_of.values()) + 1))
    window = "day" if len(built) == max(built) + 1 else "since-previous"
    from briefing.config import load_config
    from briefing.pipeline import build
    from briefing.themes import load_taxonomy

    items = folder / "items.jsonl"
    with items.open("w", encoding="utf-8") as f:
        for row in rows:
            day = FIRST_DAY + timedelta(days=day_of[str(row["id"])])
            f.write(json.dumps({
                "id": str(row["id"]), "title": row.get("title") or "",
                "text": row.get("text") or "", "source": row.get("source") or "",
                "url": row.get("url") or "",
                "published": datetime.combine(day, datetime.min.time().replace(hour=12),
                                              UTC).isoformat(),
            }, ensure_ascii=False) + "\n")
    (folder / "briefing.toml").write_text(
        f'[sources]\npaths = ["items.jsonl"]\nwindow = "{window}"\n'
        '[compose]\npoints_per_section = 1000\n'
        '[themes]\nfile = "themes.toml"\n'
        '[output]\ndir = "out"\nformats = ["json"]\n', encoding="utf-8")
    (folder / "themes.toml").write_text("".join(
        f"[themes.{theme.id}]\nbrief = true\n" for theme in load_taxonomy().themes
        if not theme.brief), encoding="utf-8")
    config = load_config(folder / "briefing.toml")
    marks: dict[str, tuple[str, str]] = {}
    seconds: dict[int, float] = {}
    for offset in built:
        day = FIRST_DAY + timedelta(days=offset)
        now = datetime.combine(day, datetime.min.time().replace(hour=23), UTC)
        start = time.perf_counter()
        result = build(config, day=day, now=now, formats=["json"], jobs=1)
        seconds[offset] = time.perf_counter() - start
        for article_id, mark in result.story_of.items():
            marks[article_id] = (mark.story_id, mark.status)
    return marks, seconds


def score(rows: list[dict], day_of: dict[str, int], marks: dict[str, tuple[str, str]]):
    """Per half, and per kind of story ("with text", "headlines only": every item of the
    story has no text): [continuing, linked, new, wrongly linked, not scored]."""
    by_story_day: dict[tuple[str, int], list[str]] = defaultdict(list)
    has_text: dict[str, bool] = defaultdict(bool)
    for row in sorted(rows, key=_order_key):
        by_story_day[(str(row["story"]), day_of[str(row["id"])])].append(str(row["id"]))
        has_text[str(row["story"])] |= bool(str(row.get("text") or "").strip())
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    seen_ids: dict[str, set[str]] = defaultdict(set)  # story -> ids its items were given
    for story, day in sorted(by_story_day, key=lambda k: (k[1], k[0])):
        ids = [i for i in by_story_day[(story, day)] if i in marks]
        both = (tally[half_of(story)],
                tally["with text" if has_text[story] else "headlines only"])
        if not ids:
            for counts in both:
                counts[4] += 1
            continue
        votes = Counter(marks[i] for i in ids)
        best = max(votes.values())
        given, status = next(marks[i] for i in ids if votes[marks[i]] == best)
        for counts in both:
            if seen_ids[story]:
                counts[0] += 1
                counts[1] += status == "developing" and given in seen_ids[story]
            else:
                counts[2] += 1
                counts[3] += status == "developing"
        seen_ids[story].update(marks[i][0] for i in ids)
    return tally


def _seeds(text: str) -> list[int]:
    try:
        return [int(x) for x in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give whole numbers, as 0 or 0,1,2") from None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True, type=Path, help="rows shaped like stories-dev.jsonl")
    ap.add_argument("--seed", type=_seeds, default=[0],
                    help="the layout's random seed, or several: 0,1,2 (counts added up)")
    ap.add_argument("--spread", type=int, default=10,
                    help="the days over which stories start (default 10)")
    ap.add_argument("--weekdays", action="store_true",
                    help="brief Monday to Friday only: a weekend's items in Monday's briefing")
    ap.add_argument("--threshold", type=float, default=None,
                    help="the linking threshold (default: briefing.follow.identity.LINK_THRESHOLD)")
    a = ap.parse_args()
    import briefing.follow.identity

    if a.threshold is not None:  # the module global `_pairs` reads
        briefing.follow.identity.LINK_THRESHOLD = a.threshold
    rows = read_rows(a.input)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for seed in a.seed:
        day_of = lay_out(rows, seed, a.spread)
        briefed, built = briefed_on(day_of, a.weekdays)
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            marks, seconds = simulate(rows, day_of, Path(tmp), built)
        days = len(seconds)
        threshold = briefing.follow.identity.LINK_THRESHOLD
        spans = (f"{days} briefings over {built[-1] + 1} days, {len(rows) / days:.1f} items a "
                 "briefing" if a.weekdays else
                 f"{days} days, {len(rows) / days:.1f} items a day")
        print(f"seed {seed}: {len(rows)} items, {spans}; {len(marks)} briefed; "
              f"threshold {threshold:.3f}; "
              f"{time.perf_counter() - start:.0f} s")
        for half, counts in score(rows, briefed, marks).items():
            tally[half] = [x + y for x, y in zip(tally[half], counts, strict=True)]
    total = [tally["A"][k] + tally["B"][k] for k in range(5)]
    for kind in ("with text", "headlines only"):
        c, linked, n, wrong, _ = tally[kind]
        print(f"stories {kind}: linked={linked / max(c, 1):.3f} ({linked}/{c} continuing) "
              f"false_links={wrong / max(n, 1):.3f} ({wrong}/{n} new)")
    for half in ("A", "B"):
        c, linked, n, wrong, skipped = tally[half]
        print(f"half {half}: linked={linked / max(c, 1):.3f} ({linked}/{c} continuing) "
              f"false_links={wrong / max(n, 1):.3f} ({wrong}/{n} new)"
              + (f"; {skipped} not scored (no item briefed)" if skipped else ""))
    c, linked, n, wrong, skipped = total
    print(f"all: {linked}/{c} continuing linked, {wrong}/{n} new wrongly linked"
          + (f", {skipped} not scored" if skipped else ""))
    print(f"linked={linked / max(c, 1):.3f} false_links={wrong / max(n, 1):.3f}")


if __name__ == "__main__":
    main()
