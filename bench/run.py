#!/usr/bin/env python3
"""Whole-build benchmark: N real articles to Markdown, HTML and PDF.

    python bench/run.py --articles 1000 [--jobs 2] [--stock-sample 100] [--repeat 3]
    python bench/run.py --articles 10000 --desks 5 [--repeat 3]

The corpus is made of real news text (the CNN dev articles and the story items in
../shared/data, plus seeds/), repeated with variation where N is larger than that: copy k
of an article keeps its own sentences but rotates which paragraph leads and drops one, and
gets its own id and source, so no two copies are identical and the store's de-duplication
does not collapse them. The build runs through the library exactly as `briefing build
--source corpus.jsonl` does. The stock path a user would otherwise script (sumy LexRank over
pysbd sentences) runs on a sample of the same articles, and the per-article throughput ratio
is printed. Last line: `articles=N seconds=S articles_per_s=R peak_mb=M`.

With `--desks N`, each repeat builds the day twice in turn, each in a fresh process: once
as a single briefing, once as N desks ([[desks]] of themes, places, watch and exclude
terms, as an embassy or newsroom would set them; no email.to, so no whole-day briefing
beside them), so both meet the same load on the machine; the ratio of their median times
is printed. Last line:
`articles=N desks=D single_s=S desks_s=T ratio=R`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import UTC
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data"


def real_articles() -> list[dict]:
    """Every real article on hand, as {"id","title","text","source","url","published"}."""
    rows: list[dict] = []
    for name in ("summ-dev.jsonl", "stories-dev.jsonl"):
        path = DATA / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if len(r.get("text") or "") < 400:
                continue  # headline-only items make a poor stand-in for a day's articles
            rows.append({"id": r["id"], "title": r.get("title") or "", "text": r["text"],
                         "source": r.get("source") or "CNN", "url": r.get("url") or "",
                         "published": r.get("published")})
    from briefing.sources import read_sources

    for a in read_sources([REPO / "seeds"], tz=UTC).articles:  # dates unused here
        rows.append({"id": a.id, "title": a.title, "text": a.text, "source": a.source,
                     "url": a.url, "published": None})
    if not rows:
        sys.exit("no real articles found: ../shared/data is missing")
    return rows


def vary(row: dict, copy: int) -> dict:
    """Copy `copy` of an article: same real sentences, another lead, one paragraph fewer."""
    if copy == 0:
        return row
    paras = [p for p in row["text"].split("\n") if p.strip()]
    if len(paras) < 3:  # one-paragraph CNN text: vary by sentences instead
        from briefing.text import split_sentences

        paras = split_sentences(row["text"])
    k = copy % len(paras)
    rotated = paras[k:] + paras[:k]
    if len(rotated) > 3:
        del rotated[(copy * 7) % len(rotated)]
    return {**row, "id": f"{row['id']}~{copy}", "text": "\n\n".join(rotated),
            "source": f"{row['source']} (edition {copy})"}


def corpus(n: int) -> list[dict]:
    base = real_articles()
    return [vary(base[i % len(base)], i // len(base)) for i in range(n)]


def stock_lexrank_seconds(rows: list[dict]) -> float:
    """CPU seconds per article for sumy LexRank with pysbd sentences: what users script."""
    sys.path.insert(0, str(REPO / "bench"))
    from summarize import lexrank_pysbd  # bench/summarize.py: the eval's baseline, built once

    run = lexrank_pysbd()
    run(rows[0]["text"])  # warm up
    start = time.process_time()
    for r in rows:
        run(r["text"])
    return (time.process_time() - start) / len(rows)


def ours_seconds(rows: list[dict]) -> float:
    """CPU seconds per article for our whole per-article path, serially, on the same texts:
    clean, split, summarize and classify (the build runs this in a process pool)."""
    from briefing.config import load_config
    from briefing.model import Article
    from briefing.pipeline import load_themes, process_article

    _, classifier = load_themes(load_config(cwd=Path(tempfile.gettempdir())))
    articles = [Article(id=r["id"], title=r["title"], text=r["text"]) for r in rows]
    process_article(articles[0], classifier, points=None, algorithm="briefing")  # warm caches
    start = time.process_time()
    for a in articles:
        process_article(a, classifier, points=None, algorithm="briefing")
    return (time.process_time() - start) / len(rows)


def peak_mb() -> float:
    """Peak resident memory of this process plus the largest worker (Linux: KiB).

    An upper bound: a forked worker's pages shared with this process count twice here.
    `MemorySampler` gives the truer figure where /proc is there."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + worker) / 1024


class MemorySampler:
    """Peak of the whole process tree's proportional set size (PSS), sampled every 50 ms.

    PSS divides each shared page among the processes sharing it, so forked workers are not
    counted twice; this is the memory the build really takes from the machine."""

    def __init__(self) -> None:
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _pss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _tree(pid: int) -> list[int]:
        pids, todo = [], [pid]
        while todo:
            p = todo.pop()
            pids.append(p)
            try:
                for task in Path(f"/proc/{p}/task").iterdir():
                    todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
        return pids

    def _run(self) -> None:
        import os

        while not self._stop.wait(0.05):
            total = sum(self._pss_kb(p) for p in self._tree(os.getpid()))
            self.peak_kb = max(self.peak_kb, total)

    def __enter__(self) -> MemorySampler:
        if Path("/proc/self/smaps_rollup").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


# The desks --desks N configures, cycled (with new ids) past five: what an embassy and a
# newsroom's desks look like, each with themes, places and terms.
DESKS = (
    'title = "Defence attaché"\nthemes = ["military", "terrorism"]\nplaces = ["Middle East"]\n'
    'watch = ["ISIS"]',
    'title = "Political officer"\nthemes = ["politics", "diplomacy"]\n'
    'places = ["United States"]\nwatch = ["Obama"]',
    'title = "Humanitarian adviser"\nthemes = ["humanitarian"]\nexclude = ["football"]',
    'title = "Business desk"\nthemes = ["economy"]\nplaces = ["Europe", "Asia"]\n'
    'watch = ["Federal Reserve"]',
    'title = "Africa desk"\nplaces = ["Africa"]',
)


def desks_toml(n: int) -> str:
    return "".join(f'\n[[desks]]\nid = "desk-{i + 1}"\n{DESKS[i % len(DESKS)]}\n'
                   for i in range(n))


def run_once(rows: list[dict], jobs: int | None, folder: Path,
             desks: int = 0) -> tuple[float, dict]:
    from datetime import date

    from briefing.config import load_config
    from briefing.pipeline import build

    source = folder / "corpus.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    (folder / "briefing.toml").write_text('[output]\ndir = "out"\n' + desks_toml(desks))
    config = load_config(folder / "briefing.toml")
    start = time.perf_counter()
    result = build(config, day=date(2024, 12, 8), sources=[str(source)],
                   formats=["md", "html", "pdf"], jobs=jobs)
    seconds = time.perf_counter() - start
    pages = None
    try:
        import pypdf

        pages = len(pypdf.PdfReader(result.files["pdf"]).pages)
    except ImportError:
        pass
    return seconds, {"timings": result.timings, "pages": pages,
                     "points": sum(len(st.key_points) for s in result.briefing.sections
                                   for st in s.stories),
                     "desk_points": {d: sum(len(st.key_points) for s in r.briefing.sections
                                            for st in s.stories)
                                     for d, r in result.desk_results.items()}}


def measured_run(articles: int, jobs: int | None, desks: int = 0) -> dict:
    """One build in a fresh process, so no run inherits the memory an earlier one kept
    (Python keeps freed arenas): {"seconds", "timings", "pages", "points", "pss_mb", "rss_mb"}."""
    import subprocess

    command = [sys.executable, __file__, "--articles", str(articles), "--one-run",
               "--desks", str(desks)]
    if jobs:
        command += ["--jobs", str(jobs)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def one_run(articles: int, jobs: int | None, desks: int = 0) -> dict:
    rows = corpus(articles)
    with MemorySampler() as memory, tempfile.TemporaryDirectory() as tmp:
        seconds, detail = run_once(rows, jobs, Path(tmp), desks)
    return {"seconds": seconds, **detail, "pss_mb": memory.peak_kb / 1024, "rss_mb": peak_mb()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=None, help="processes (default: config, all cores)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs, each in a fresh process; the median is reported")
    ap.add_argument("--stock-sample", type=int, default=100,
                    help="articles for the stock sumy LexRank comparison (0: skip)")
    ap.add_argument("--desks", type=int, default=0,
                    help="also build with this many desks and compare with a single briefing")
    ap.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one_run:  # a child of measured_run: one build, one JSON line
        print(json.dumps(one_run(a.articles, a.jobs, a.desks)))
        return
    if a.desks:
        compare_desks(a)
        return

    runs = sorted((measured_run(a.articles, a.jobs) for _ in range(a.repeat)),
                  key=lambda r: r["seconds"])
    detail = runs[len(runs) // 2]  # the median run (the upper one of an even count)
    seconds = detail["seconds"]

    print(f"{'stage':<22}{'wall s':>10}{'cpu s':>10}")
    for stage, (wall, cpu) in detail["timings"].items():
        print(f"{stage:<22}{wall:>10.2f}{cpu:>10.2f}")
    print(f"key points {detail['points']}, PDF pages {detail['pages']}; runs (s): "
          + ", ".join(f"{r['seconds']:.2f}" for r in runs))
    if a.stock_sample:
        sample = corpus(a.stock_sample)
        ours = ours_seconds(sample)
        stock = stock_lexrank_seconds(sample)
        build_cpu = detail["timings"]["summarize+classify"][1] / a.articles
        print(f"per-article CPU on {len(sample)} of the same articles, serial: ours "
              f"{ours * 1000:.2f} ms (clean+split+summarize+classify), stock sumy "
              f"LexRank+pysbd {stock * 1000:.2f} ms (split+summarize): {stock / ours:.1f}x; "
              f"in the build, pool start-up included: {build_cpu * 1000:.2f} ms")
    pss = max(r["pss_mb"] for r in runs)
    print(f"memory (largest of the runs): peak PSS of the process tree {pss:.0f} MB; peak RSS "
          f"of the process plus its largest worker {max(r['rss_mb'] for r in runs):.0f} MB "
          "(counts pages shared after fork twice)")
    print(f"articles={a.articles} seconds={seconds:.2f} "
          f"articles_per_s={a.articles / seconds:.1f} peak_mb={pss:.0f}")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


def compare_desks(a: argparse.Namespace) -> None:
    """A single briefing and the same day with desks, alternately, each in a fresh process."""
    single, desks = [], []
    for _ in range(a.repeat):
        print(f"{load()} before the single briefing", flush=True)
        single.append(measured_run(a.articles, a.jobs))
        print(f"{load()} before the {a.desks} desks", flush=True)
        desks.append(measured_run(a.articles, a.jobs, a.desks))
    print(load())
    single.sort(key=lambda r: r["seconds"])
    desks.sort(key=lambda r: r["seconds"])
    one, many = single[len(single) // 2], desks[len(desks) // 2]
    print(f"{'stage':<22}{'single s':>10}{'desks s':>10}")
    for stage in dict.fromkeys([*one["timings"], *many["timings"]]):
        first = one["timings"].get(stage, (0.0, 0.0))[0]
        second = many["timings"].get(stage, (0.0, 0.0))[0]
        print(f"{stage:<22}{first:>10.2f}{second:>10.2f}")
    print(f"key points: single briefing {one['points']}; desks "
          + ", ".join(f"{d} {n}" for d, n in many["desk_points"].items()))
    print("runs (s): single " + ", ".join(f"{r['seconds']:.2f}" for r in single)
          + "; desks " + ", ".join(f"{r['seconds']:.2f}" for r in desks))
    peak = {name: max(r["pss_mb"] for r in runs) for name, runs in (("single", single),
                                                                     ("desks", desks))}
    print(f"peak PSS of the process tree (largest run): single {peak['single']:.0f} MB, "
          f"desks {peak['desks']:.0f} MB")
    print(f"articles={a.articles} desks={a.desks} single_s={one['seconds']:.2f} "
          f"desks_s={many['seconds']:.2f} ratio={many['seconds'] / one['seconds']:.2f}")


if __name__ == "__main__":
    main()
