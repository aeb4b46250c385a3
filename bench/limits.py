#!/usr/bin/env python3
"""What oversized and hostile sources cost a build, with the caps of README "Limits".

    python bench/limits.py [--only line,feed,article,marks] [--entries 100000]
                           [--config "[sources]\nmax_article_bytes = 5000000"]

Each case is a real `build --source FILE` (all four formats) in a fresh folder, run as a
subprocess so that its wall time and peak memory are its own; peak memory is the largest
resident set of the build and its workers (os.wait4's ru_maxrss), and the size of every
file written is printed.

- line: a 2 MB Markdown article that is one line of words without punctuation. Target:
  under 10 s, every briefing file under 200 KB.
- feed: a saved RSS file of 100,000 full-text entries (130 MB). Target: under 60 s and
  under 1 GB.
- article: a 50 MB plain-text article of ordinary sentences: briefing.json stays small.
- marks: clean and split 1 MB paragraphs made of one mark repeated ("a »", "Lt. ", "U.N.
  Ambassador ", ...), in this process: seconds each (they once cost the square).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

WORDS = ["the", "minister", "said", "talks", "would", "resume", "next", "week", "after",
         "ceasefire", "held", "in", "northern", "province", "while", "aid", "convoys",
         "reached", "city", "and", "officials", "counted", "damage", "from", "shelling",
         "overnight", "as", "diplomats", "met", "capital", "to", "discuss", "sanctions"]


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def sentences_text(rng: random.Random, count: int) -> str:
    return " ".join(words(rng, 12).capitalize() + "." for _ in range(count))


def write_line(path: Path, size: int = 2_000_000) -> None:
    rng = random.Random(2)
    out, total = [], 0
    while total < size:
        word = rng.choice(WORDS)
        out.append(word)
        total += len(word) + 1
    path.write_text("---\ntitle: One long line\n---\n" + " ".join(out) + "\n")


def write_feed(path: Path, entries: int) -> None:
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
                "<title>Big feed</title><link>https://example.org/</link>"
                "<description>x</description>\n")
        for i in range(entries):
            f.write(f"<item><title>Item {i} {escape(words(rng, 6))}</title>"
                    f"<guid isPermaLink=\"false\">item-{i}</guid>"
                    f"<pubDate>Mon, 09 Dec 2024 10:{i % 60:02d}:00 +0000</pubDate>"
                    f"<description>{escape(sentences_text(rng, 14))}</description></item>\n")
        f.write("</channel></rss>\n")


def write_article(path: Path, size: int = 50_000_000) -> None:
    rng = random.Random(3)
    paragraph = "\n\n".join(sentences_text(rng, 5) for _ in range(400))
    with path.open("w", encoding="utf-8") as f:
        f.write("---\ntitle: A very long report\n---\n")
        written = 0
        while written < size:
            f.write(paragraph + "\n\n")
            written += len(paragraph) + 2


def build(source: Path, config: str = "") -> dict:
    """`cli.py build --source source` in a fresh folder (with `config` as its briefing.toml,
    if given): seconds, peak MB, files written, warnings."""
    with tempfile.TemporaryDirectory() as tmp:
        if config:
            (Path(tmp) / "briefing.toml").write_text(config.replace("\\n", "\n") + "\n")
        start = time.perf_counter()
        with open(Path(tmp) / "stderr", "w+") as err:
            proc = subprocess.Popen(
                [sys.executable, str(REPO / "cli.py"), "build", "--source", str(source),
                 "--date", "2024-12-09"],
                cwd=tmp, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            err.seek(0)
            warnings = [line.strip() for line in err if line.strip()]
        folder = Path(tmp) / "out" / "2024-12-09"
        files = {p.name: p.stat().st_size for p in sorted(folder.glob("briefing.*"))}
        return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024,
                "status": os.waitstatus_to_exitcode(status), "files": files,
                "warnings": warnings}


def report(name: str, source: Path, result: dict) -> None:
    size = source.stat().st_size
    files = ", ".join(f"{k} {v / 1024:,.0f} KB" for k, v in result["files"].items())
    print(f"{name}: input {size / 1e6:,.1f} MB -> exit {result['status']}, "
          f"{result['seconds']:.1f} s, peak {result['peak_mb']:,.0f} MB; {files}")
    for line in result["warnings"][:3]:
        print(f"  {line[:160]}")


def marks() -> None:
    from briefing.text import sentences

    for mark in ("a »", "a «", "Lt. ", "U.N. Ambassador ", "the U.S. Secretary ",
                 "“Meth. We're on it.” campaign ", "was. Bishop "):
        text = mark * (1_000_000 // len(mark))
        start = time.perf_counter()
        sentences(text)
        print(f"marks {mark!r} x {len(text) // len(mark):,}: "
              f"{time.perf_counter() - start:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="line,feed,article,marks")
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--config", default="", help="briefing.toml text for every build")
    args = parser.parse_args()
    cases = args.only.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if "line" in cases:
            write_line(root / "line.md")
            report("line", root / "line.md", build(root / "line.md", args.config))
        if "feed" in cases:
            write_feed(root / "feed.xml", args.entries)
            report("feed", root / "feed.xml", build(root / "feed.xml", args.config))
        if "article" in cases:
            write_article(root / "article.txt")
            report("article", root / "article.txt", build(root / "article.txt", args.config))
    if "marks" in cases:
        marks()


if __name__ == "__main__":
    main()
