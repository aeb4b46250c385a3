"""How much the PDF costs: a 200-article briefing built as Markdown, then as PDF.

    .venv/bin/python bench/pdf.py [--articles 200] [--runs 2]

The articles are the first N of ../shared/data/summ-dev.jsonl (CNN), given an outlet, a
link and a date, and briefed through the real pipeline (`pipeline.build` with `--source`
semantics: read, summarize, classify, stories, compose, render). The target: the PDF build
takes under 3 s more than the Markdown build, and stays under 20 pages. Each build is run
`--runs` times after one warm-up build (imports, fonts); the best time is kept, since
other processes on a shared machine only ever make a run slower.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from briefing.config import load_config  # noqa: E402
from briefing.pipeline import build  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "summ-dev.jsonl"


def write_articles(path: Path, count: int) -> None:
    """The first `count` dev articles as a JSON Lines source the readers accept."""
    rows = DATA.read_text(encoding="utf-8").splitlines()[:count]
    with path.open("w", encoding="utf-8") as f:
        for i, line in enumerate(rows):
            row = json.loads(line)
            day = 1 + i % 28
            f.write(json.dumps({
                "id": row["id"], "title": row.get("title") or row["text"][:90],
                "text": row["text"], "source": "CNN",
                "url": f"https://edition.cnn.com/2015/04/{day:02d}/world/{row['id']}/index.html",
                "published": f"2015-04-{day:02d}T09:{i % 60:02d}:00Z",
            }, ensure_ascii=False) + "\n")


def best_of(runs: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found (the shared dev data sits beside the checkout)")

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        root = Path(tmp)
        source = root / "articles.jsonl"
        write_articles(source, args.articles)
        config = load_config(cwd=root)

        def run(formats: list[str]):
            return build(config, day=date(2015, 4, 30), sources=[str(source)], formats=formats)

        run(["md"])  # warm-up: imports, the classifier, fontconfig
        md_time, _ = best_of(args.runs, lambda: run(["md"]))
        pdf_time, result = best_of(args.runs, lambda: run(["pdf"]))

        import pypdf

        pages = len(pypdf.PdfReader(result.files["pdf"]).pages)
        points = sum(len(st.key_points) for s in result.briefing.sections for st in s.stories)
        render = result.timings.get("render") if hasattr(result, "timings") else None
    print(f"articles {args.articles}, key points shown {points}, "
          f"sections {len(result.briefing.sections)}")
    print(f"md build   {md_time:6.2f} s")
    print(f"pdf build  {pdf_time:6.2f} s   (+{pdf_time - md_time:.2f} s over md; target < 3 s)")
    if render:
        print(f"pdf render {render[0]:6.2f} s wall")
    print(f"pdf pages  {pages:6d}     (target < 20)")


if __name__ == "__main__":
    main()
