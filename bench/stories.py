"""Time `group_stories` on 1,000 and 10,000 articles, to show that it scales near-linearly.

The articles are the dev sets' real news (stories-dev and the summ-dev CNN articles),
repeated with variation: each copy is moved by some weeks, loses a random tenth of its
words and gets a new id, so copies neither vanish as exact duplicates nor all fall into
one story. Run from the repository root:

    .venv/bin/python bench/stories.py [--sizes 1000 10000]

It prints seconds per size, seconds per 1,000 articles, and the number of stories found.
If the cost were quadratic, ten times the articles would take about a hundred times as
long; near-linear means about ten.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.model import Article  # noqa: E402
from briefing.stories import group_stories  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
BASE_DATE = datetime(2024, 1, 1, tzinfo=UTC)


def _base_articles() -> list[Article]:
    """Real articles from the dev sets (no labels are read)."""
    out = []
    for name in ("stories-dev.jsonl", "summ-dev.jsonl"):
        with open(DATA / name, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                text = r.get("text", "")
                title = r.get("title") or " ".join(text.split()[:12])
                published = r.get("published")
                when = (
                    datetime.fromisoformat(published.replace("Z", "+00:00")) if published else None
                )
                out.append(Article(id=r["id"], title=title, text=text, published=when))
    return out


def corpus(size: int, seed: int = 8) -> list[Article]:
    """`size` articles: the base set repeated with variation."""
    rng = random.Random(seed)
    base = _base_articles()
    out = []
    for k in range(size):
        a = base[k % len(base)]
        copy = k // len(base)
        if copy == 0:
            out.append(a)
            continue
        words = a.text.split()
        kept = " ".join(w for w in words if rng.random() > 0.1)
        when = (a.published or BASE_DATE) + timedelta(weeks=3 * copy)
        out.append(Article(id=f"{a.id}-{copy}", title=a.title, text=kept, published=when))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    if not DATA.is_dir():
        sys.exit(f"needs the dev data at {DATA}")
    for size in args.sizes:
        articles = corpus(size)
        start = time.perf_counter()
        keys = group_stories(articles)
        seconds = time.perf_counter() - start
        print(
            f"{size:6d} articles  {seconds:7.2f} s  {1000 * seconds / size:5.2f} s per 1,000  "
            f"{len(set(keys)):5d} stories"
        )


if __name__ == "__main__":
    main()
