#!/usr/bin/env python3
"""How many continuing stories could words link at all? (issue 22)

Question: `bench/follow.py` links about 83% of the dev stories' continuing days, against a
target of 90%. How many of the missed ones share words with their story's earlier days?

Method: the layouts of `bench/follow.py --seed 0,1,2` (its own functions), built as it
builds them; for each continuing (story, day), the terms (`stories.grouping.term_of`, stop
words out) of that day's titles and leads, against those of the story's earlier days. A
continuing day is "linked" here when any of its items is marked developing with an id the
story had before (a little looser than follow.py's majority vote).

Result (5 December 2026, twelfth session): half A 162 of 199 linked; of the 37 missed, 23
share at most one word with the story's earlier days. Half B 154 of 176; of 22 missed, 16.
So a linker reading words could reach at most about (316 + 20) / 375 = 0.90 with no wrong
link at all: most misses are headline-only items of the UCI aggregator's loose clusters
("Rand Paul's Plan to Save Ukraine Is Completely Nuts", then "The Energy Weapon").

    .venv/bin/python research/follow_ceiling.py
"""

from __future__ import annotations

import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import follow  # noqa: E402  (bench/follow.py: the layout and the builds)

from briefing.stories.grouping import _TOKEN, lead, term_of  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "stories-dev.jsonl"


def terms(row: dict) -> set[str]:
    """The terms of an item's title and lead, as the grouping reads them (stop words out)."""
    text = row["title"] + " " + lead(row.get("text") or "")
    return {t for t in map(term_of, _TOKEN.findall(text)) if t}


def main() -> None:
    rows = follow.read_rows(DATA)
    tally = {"A": [0, 0, 0], "B": [0, 0, 0]}  # continuing, linked, missed sharing <= 1 word
    for seed in (0, 1, 2):
        day_of = follow.lay_out(rows, seed, 10)
        with tempfile.TemporaryDirectory() as tmp:
            marks, _ = follow.simulate(rows, day_of, Path(tmp))
        by_story: dict[str, list[dict]] = defaultdict(list)
        for row in sorted(rows, key=follow._order_key):
            by_story[row["story"]].append(row)
        for story, items in by_story.items():
            counts = tally[follow.half_of(story)]
            seen: set[str] = set()
            for day in sorted({day_of[r["id"]] for r in items}):
                today = [r for r in items if day_of[r["id"]] == day]
                given = [marks.get(r["id"]) for r in today]
                if seen:
                    linked = any(m and m[1] == "developing" and m[0] in seen for m in given)
                    before = set().union(*(terms(r) for r in items if day_of[r["id"]] < day))
                    shared = before & set().union(*(terms(r) for r in today))
                    counts[0] += 1
                    counts[1] += linked
                    counts[2] += not linked and len(shared) <= 1
                seen.update(m[0] for m in given if m)
    for half, (continuing, linked, apart) in tally.items():
        print(f"half {half}: {linked}/{continuing} linked; of {continuing - linked} missed, "
              f"{apart} share at most one word with the story's earlier days")


if __name__ == "__main__":
    main()
