"""Time `group_stories` on 1,000 and 10,000 articles, and measure the memory it takes.

The articles are the whole-build benchmark's corpus (`bench/run.py`'s `corpus(n)`): the dev
sets' real news, repeated with variation (copy k of an article rotates which paragraph
leads, drops one, and gets its own id and source). No labels are read. Run from the
repository root:

    .venv/bin/python bench/stories.py [--sizes 1000 10000] [--repeat 3]

Per size it prints the CPU seconds of the process (the best and the median of `--repeat`
runs: other work on the machine inflates wall time, not this), the wall seconds of the
best run, the number of stories found, the peak of Python's traced allocations during one
more run (tracemalloc sees numpy's arrays too), and how far the timed runs raised the
process's peak resident set above what it was with the articles loaded (0 when an earlier,
larger run had already been that high: give one size per process for a clean figure).
If the cost were quadratic, ten times the articles would take about a hundred times as
long; near-linear means about ten.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import DATA, corpus  # noqa: E402
from briefing.model import Article  # noqa: E402
from briefing.sources.dates import parse_published  # noqa: E402
from briefing.stories import group_stories  # noqa: E402


def articles(size: int) -> list[Article]:
    """`size` articles of the whole-build benchmark's corpus."""
    out = []
    for r in corpus(size):
        when = parse_published(r.get("published"), UTC)  # as `stories` reads it, in UTC
        out.append(
            Article(
                id=r["id"], title=r["title"], text=r["text"], source=r["source"], url=r["url"],
                published=when,
            )
        )
    return out


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per size")
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"needs the dev data at {DATA}")
    for size in args.sizes:
        batch = articles(size)
        rss_before = peak_rss_mb()
        cpu, wall = [], []
        for _ in range(args.repeat):
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            keys = group_stories(batch)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start_wall)
        rss_delta = peak_rss_mb() - rss_before
        tracemalloc.start()
        group_stories(batch)
        traced = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        best = min(cpu)
        print(
            f"{size:6d} articles  cpu {best:6.2f} s (median {statistics.median(cpu):.2f})  "
            f"wall {wall[cpu.index(best)]:6.2f} s  {1000 * best / size:5.2f} s per 1,000  "
            f"{len(set(keys)):5d} stories  traced peak {traced:6.1f} MB  "
            f"peak RSS +{rss_delta:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
