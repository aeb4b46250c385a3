"""Throughput of the theme classifier's batch path (issue 4 asks for >= 5,000 points/s).

Usage: python bench/classify.py [DEV.jsonl] [--repeat N]

Classifies the development set's texts, repeated, on one core, two ways, and prints key
points per second for each (best of --runs):

- deciding only (``Classifier.predict_ids``), as a build decides every point of the day:
  the evidence is looked up afterwards for the few points its briefing shows
  (``pipeline.explain_shown``). This is the figure the target is about;
- with the evidence (``Classifier.classify_many``), as ``classify`` and ``themes explain``
  give it for every text.

The build time (fitting the model from the taxonomy) is printed separately: it is paid once
per run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core, as the target says (before numpy loads)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from briefing.themes import Classifier, load_taxonomy  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "themes-dev.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dev", nargs="?", type=Path, default=DEV)
    ap.add_argument("--repeat", type=int, default=25, help="copies of the texts per run")
    ap.add_argument("--runs", type=int, default=3, help="timed runs; the best is reported")
    args = ap.parse_args()
    texts = [json.loads(line)["text"] for line in args.dev.open(encoding="utf-8") if line.strip()]
    texts = texts * args.repeat

    t0 = time.perf_counter()
    clf = Classifier.from_taxonomy(load_taxonomy())
    build = time.perf_counter() - t0

    print(f"build {build:.2f} s")
    for name, classify in (("deciding only, as a build does", clf.predict_ids),
                           ("with the evidence, as classify prints it", clf.classify_many)):
        elapsed = float("inf")
        for _ in range(args.runs):  # best of N: the machine is shared, the best run is the truth
            t0 = time.perf_counter()
            results = classify(texts)
            elapsed = min(elapsed, time.perf_counter() - t0)
        themed = sum(1 for r in results if r)
        print(f"{name}: {len(texts)} points in {elapsed:.2f} s: "
              f"{len(texts) / elapsed:,.0f} points/s ({themed / len(texts):.0%} given a theme)")


if __name__ == "__main__":
    main()
