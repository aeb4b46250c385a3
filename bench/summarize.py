"""Time `summarize()` against sumy's LexRank (pysbd splitting) on the same CNN articles.

Ours is timed for the whole call: cleaning, nupunkt splitting, scoring and choosing. LexRank
is timed the way the eval's baseline runs it: pysbd sentences through an offline tokenizer,
sumy's PlaintextParser, Snowball stemmer, English stop words. Both choose 3 sentences.
CPU time (process_time) per article, so a busy machine does not inflate the figures.
Run from the repository root:

    .venv/bin/python bench/summarize.py [--data ../shared/data/summ-dev.jsonl] [--limit N]

Prints median and mean CPU ms per article for each, and the ratio (LexRank / ours).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.model import Article  # noqa: E402
from briefing.summarize import summarize  # noqa: E402
from briefing.text import words  # noqa: E402


def lexrank_pysbd():
    """LexRank as the eval's baseline builds it, ready to call on a text."""
    import pysbd
    from sumy.nlp.stemmers import Stemmer
    from sumy.parsers.plaintext import PlaintextParser
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    segmenter = pysbd.Segmenter(language="en", clean=False)

    class Tokenizer:
        language = "english"

        def to_sentences(self, paragraph: str) -> tuple[str, ...]:
            return tuple(s.strip() for s in segmenter.segment(" ".join(paragraph.split())))

        def to_words(self, sentence: str) -> tuple[str, ...]:
            return tuple(words(sentence))

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = Tokenizer()

    def run(text: str) -> list[str]:
        doc = PlaintextParser.from_string(text, tokenizer).document
        return [str(s) for s in summarizer(doc, 3)]

    return run


def _cpu_ms(fn, items) -> list[float]:
    out = []
    for item in items:
        start = time.process_time()
        fn(item)
        out.append((time.process_time() - start) * 1000)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "summ-dev.jsonl"))
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)

    with open(args.data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    articles = [Article(id=r["id"], title=r.get("title", ""), text=r["text"]) for r in rows]
    lexrank = lexrank_pysbd()
    summarize(articles[0], points=3)  # warm-up: lazy imports and caches, not per-article cost
    lexrank(articles[0].text)

    ours = _cpu_ms(lambda a: summarize(a, points=3), articles)
    theirs = _cpu_ms(lambda a: lexrank(a.text), articles)
    print(f"articles: {len(articles)}  ({args.data})")
    print(f"{'':28s} {'median ms':>10s} {'mean ms':>10s}")
    for name, xs in (("briefing summarize()", ours), ("sumy LexRank + pysbd", theirs)):
        print(f"{name:28s} {statistics.median(xs):10.2f} {statistics.mean(xs):10.2f}")
    print(f"LexRank / ours: median {statistics.median(theirs) / statistics.median(ours):.1f}x, "
          f"mean {statistics.mean(theirs) / statistics.mean(ours):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
