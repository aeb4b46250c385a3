#!/usr/bin/env python3
"""Does a news model read HuffPost news written after everything it learned from as the
editors filed it?

Method: the HuffPost items dated from `huffpost.HELD_OUT_FROM` on (1,501 of the fragment's
10,000, 2021-12-13 to 2022-09-23; no model is ever trained on them, training/huffpost.py),
each as its headline and short description, classified by the product
(`cli.py classify --config`, a briefing.toml naming `--model`, the shipped model by
default). Printed: the share of the sport, entertainment, technology and lifestyle items
given a briefed theme, and of the world-news and crime items given none, by category.

    python research/huffpost_heldout.py --huffpost CLONE [--model FILE]

HuffPost's categories are its editors' sections, not Wikinews' kinds: a WORLD NEWS item can
be a cosmonauts' flight suit, an ENTERTAINMENT one a comedian's joke about a senator, so
neither share can reach zero; the figures compare models on the same items.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "training"), str(REPO)]

import huffpost  # noqa: E402

OFF_TOPIC = {"sport": ("SPORTS",), "entertainment": ("ENTERTAINMENT", "COMEDY"),
             "technology": ("TECH",),
             "lifestyle": ("STYLE & BEAUTY", "HOME & LIVING", "FOOD & DRINK", "TRAVEL",
                           "PARENTING", "WEDDINGS")}
HARD = {"world news": ("WORLD NEWS",), "crime": ("CRIME",)}


def classify(texts: dict[str, str], model: Path | None) -> dict[str, list[str]]:
    """Each text's themes, as `cli.py classify` gives them with `model` as the news model."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "briefing.toml"
        config.write_text(f"[themes]\nnews_model = {json.dumps(str(model.resolve()))}\n"
                          if model else "")
        source = Path(folder) / "in.jsonl"
        source.write_text("".join(json.dumps({"id": i, "text": t}) + "\n"
                                  for i, t in texts.items()))
        done = subprocess.run([sys.executable, str(REPO / "cli.py"), "classify", "--input",
                               str(source), "--config", str(config)],
                              capture_output=True, text=True, check=True)
    rows = (json.loads(line) for line in done.stdout.splitlines() if line.strip())
    return {r["id"]: r["themes"] for r in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--huffpost", type=Path, required=True)
    parser.add_argument("--model", type=Path, help="the news model (default: the shipped one)")
    parser.add_argument("--list", action="store_true", help="list the items behind the figures")
    args = parser.parse_args()
    from briefing.themes import load_taxonomy

    briefed = {t.id for t in load_taxonomy().themes if t.brief}
    items = [i for i in huffpost.items(huffpost.read_files(args.huffpost)) if i.held_out]
    themes = classify({i.id: i.text for i in items}, args.model)
    by_category = defaultdict(list)
    for item in items:
        by_category[item.category].append(item)
    for title, groups, wrong, say in (
            ("given a briefed theme", OFF_TOPIC, lambda t: bool(set(t) & briefed), "off-topic"),
            ("given no briefed theme", HARD, lambda t: not set(t) & briefed, "hard news")):
        total = hit = 0
        for name, categories in groups.items():
            mine = [i for c in categories for i in by_category[c]]
            wrongs = [i for i in mine if wrong(themes[i.id])]
            total, hit = total + len(mine), hit + len(wrongs)
            print(f"{name:14s} {title}: {len(wrongs)} of {len(mine)} "
                  f"({len(wrongs) / max(len(mine), 1):.1%})")
            for i in wrongs if args.list else ():
                print(f"    {','.join(themes[i.id]) or '-':24s} {i.text[:90]}")
        print(f"{say:14s} {title}: {hit} of {total} ({hit / max(total, 1):.1%})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
