#!/usr/bin/env python3
"""What following stories across days costs a build: N articles, D days of history.

    python bench/follow_speed.py [--articles 10000] [--days 7] [--history-articles 1500]
                                 [--repeat 3]

The articles are the whole-build benchmark's real news (`bench/run.py`'s corpus: the dev
sets' articles, repeated with variation), each dated its day, so every day continues the
stories of the days before: following has the most to link.

Days 1..D are built as a user's daily builds are (a configured JSON Lines source,
`sources.window = "day"`, formats json), which fills the store with D days of stories.
The store sets aside an article with the same words as one it has, and the corpus has
only so many distinct variations, so these days take `--history-articles` distinct ones
each: what the measured build links against is the stories those briefings showed, at
most about a hundred a day whatever the articles (the sections' caps), and that is what
its cost depends on.

Then the measured build: `--articles` articles of the same corpus (as `bench/run.py`
takes them) dated day D+1, briefed with Markdown, HTML and PDF as `build --source` does
(read against the stored stories, the store not written), each run in a fresh process on
a fresh copy of the store, alternately with stories followed (`stories.follow_days = 7`)
and not (`= 0`), `--repeat` times each. Printed: the median wall and CPU seconds (this
process and its workers) of each, per stage, and the share that following adds. The
machine's load average is printed too: on a shared machine, CPU seconds are the steadier
figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIRST_DAY = date(2024, 3, 1)


class Corpus:
    """The whole-build benchmark's corpus, drawn in order, each article once: copies with
    the same words as an earlier one (a short text has few variations) are skipped, since
    the store would set them aside as seen, and a day must brief all of its articles."""

    def __init__(self) -> None:
        from bench.run import real_articles

        self.base = real_articles()
        self.next = 0
        self.seen: set[str] = set()
        # what `vary` splits a short text into, once per article rather than per copy
        from briefing.text import split_sentences

        self.split = [r if len([p for p in r["text"].split("\n") if p.strip()]) >= 3
                      else {**r, "text": "\n".join(split_sentences(r["text"]))}
                      for r in self.base]

    def take(self, n: int) -> list[dict]:
        from bench.run import vary
        from briefing.model import Article, content_hash

        out, start = [], self.next
        while len(out) < n:
            if self.next - start > 20 * n:
                sys.exit(f"the corpus has no {n} more distinct articles (lower --history-articles)")
            i, self.next = self.next, self.next + 1
            copy = i // len(self.base)
            row = vary((self.split if copy else self.base)[i % len(self.base)], copy)
            digest = content_hash(Article(id="", title=row["title"], text=row["text"]))
            if digest in self.seen:
                continue
            self.seen.add(digest)
            url = f"{row['url']}?edition={copy}" if row["url"] else ""
            out.append({**row, "id": f"{row['id']}~{copy}", "url": url})
        return out


def write_day(folder: Path, offset: int, rows: list[dict]) -> None:
    """Day `offset`'s articles, dated that day."""
    day = FIRST_DAY + timedelta(days=offset)
    published = datetime.combine(day, datetime.min.time().replace(hour=12), UTC).isoformat()
    with (folder / "items.jsonl").open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps({**row, "published": published}, ensure_ascii=False) + "\n")


def configure(folder: Path, follow_days: int, formats: list[str]) -> Path:
    path = folder / "briefing.toml"
    path.write_text('[sources]\npaths = ["items.jsonl"]\nwindow = "day"\n'
                    f"[stories]\nfollow_days = {follow_days}\n"
                    f'[output]\ndir = "out"\nformats = {json.dumps(formats)}\n',
                    encoding="utf-8")
    return path


def one_build(folder: Path, offset: int, on_demand: bool) -> dict:
    """Build day `offset` in `folder` (this process): seconds and stage timings."""
    from briefing.config import load_config
    from briefing.pipeline import build, cpu_seconds

    config = load_config(folder / "briefing.toml")
    day = FIRST_DAY + timedelta(days=offset)
    now = datetime.combine(day, datetime.min.time().replace(hour=23), UTC)
    sources = [str(folder / "items.jsonl")] if on_demand else None
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = build(config, day=day, now=now, sources=sources)
    return {"seconds": time.perf_counter() - wall, "cpu": cpu_seconds() - cpu,
            "timings": result.timings, "articles": len(result.briefing.articles),
            "developing": sum(1 for m in result.story_of.values() if m.status == "developing")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--history-articles", type=int, default=1500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:  # a child: one build, one JSON line
        print(json.dumps(one_build(Path(a.one[0]), int(a.one[1]), a.one[2] == "on-demand")))
        return

    def child(folder: Path, offset: int, on_demand: bool = False) -> dict:
        mode = "on-demand" if on_demand else "configured"
        out = subprocess.run([sys.executable, __file__, "--one", str(folder), str(offset), mode],
                             check=True, capture_output=True, text=True).stdout
        return json.loads(out.strip().splitlines()[-1])

    with tempfile.TemporaryDirectory() as tmp:
        history = Path(tmp) / "history"
        history.mkdir()
        configure(history, 7, ["json"])
        corpus = Corpus()
        start = time.perf_counter()
        for offset in range(a.days):
            write_day(history, offset, corpus.take(a.history_articles))
            got = child(history, offset)
            print(f"history day {offset + 1}: {got['articles']} articles, "
                  f"{got['developing']} in developing stories, {got['seconds']:.1f} s",
                  flush=True)
        print(f"history built in {time.perf_counter() - start:.0f} s")
        from bench.run import corpus as whole_build_corpus

        write_day(history, a.days, whole_build_corpus(a.articles))
        runs: dict[int, list[dict]] = {7: [], 0: []}
        for _ in range(a.repeat):
            for follow_days in (7, 0):
                folder = Path(tmp) / f"run-{follow_days}"
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                shutil.copy(history / "items.jsonl", folder / "items.jsonl")
                (folder / "out").mkdir()
                shutil.copy(history / "out" / "briefing.db", folder / "out" / "briefing.db")
                configure(folder, follow_days, ["md", "html", "pdf"])
                runs[follow_days].append(child(folder, a.days, on_demand=True))
                print(f"  follow_days={follow_days}: {runs[follow_days][-1]['seconds']:.1f} s "
                      f"wall, {runs[follow_days][-1]['cpu']:.1f} s CPU; load "
                      f"{os.getloadavg()[0]:.1f}", flush=True)

    def median(follow_days: int, field: str) -> float:
        return statistics.median(r[field] for r in runs[follow_days])

    def stage(follow_days: int, name: str, index: int) -> float:
        return statistics.median(r["timings"].get(name, (0.0, 0.0))[index]
                                 for r in runs[follow_days])

    on = runs[7]
    print(f"day {a.days + 1}: {on[0]['articles']} articles, {on[0]['developing']} of them in "
          "developing stories")
    print(f"{'stage (median)':<22}{'on wall':>9}{'off wall':>9}{'on cpu':>9}{'off cpu':>9}")
    for name in on[0]["timings"]:
        print(f"{name:<22}{stage(7, name, 0):>9.2f}{stage(0, name, 0):>9.2f}"
              f"{stage(7, name, 1):>9.2f}{stage(0, name, 1):>9.2f}")
    for field, label in (("seconds", "wall"), ("cpu", "CPU")):
        with_, without = median(7, field), median(0, field)
        print(f"build {label}: {with_:.2f} s followed, {without:.2f} s not: "
              f"+{100 * (with_ - without) / without:.1f}%")
    extra = sum(stage(7, s, 1) - stage(0, s, 1) for s in ("stories", "follow"))
    print(f"following's own stages (stories with vectors, follow), CPU: "
          f"+{extra:.2f} s = {100 * extra / median(0, 'cpu'):.1f}% of the build's CPU")
    print(f"articles={a.articles} days={a.days} overhead_cpu_pct="
          f"{100 * (median(7, 'cpu') - median(0, 'cpu')) / median(0, 'cpu'):.1f} "
          f"overhead_wall_pct="
          f"{100 * (median(7, 'seconds') - median(0, 'seconds')) / median(0, 'seconds'):.1f}")


if __name__ == "__main__":
    main()
