"""Every bracketed insertion in shown key points, with the article's sentences before it,
so that a person can check that each names the right person or thing.

A point is mended by resolving a back-reference in square brackets ("He [Lloyd J. Austin
III] spoke…"; ``briefing.standalone``). An insertion that names the wrong person makes a
false statement look like the source's own words, the worst fault a traceable briefing
can have, and no scorer sees it: it takes a reader. This lists the insertions of

* ``summ-dev``: ``summarize --input summ-dev.jsonl --points 3``, every point;
* the mixed day: every point ``summarize --input …`` chooses for summ-dev, stories-dev and
  offtopic-dev with the number of points adapted to each article (as a build chooses them
  before any section's cap), and the briefing of the three as one ``build --source …``
  (every point a reader sees, once);

each with its article's id and the sentences before it (``--context``). A capital letter
in brackets ("[T]he", left by a dropped connective) is no insertion, nor are brackets the
article itself has ("[President Barack] Obama's"): neither is listed.
Each run goes through a checkout's own CLI (``--repo``, default this one), so an older
checkout is listed the same way. Run from the repository root:

    .venv/bin/python bench/insertions.py [--repo PATH] [--sample 40 --seed 1] [--jsonl OUT]

``--sample N`` prints N chosen at random (the same N for the same ``--seed``) for a
reader to check by hand; ``--jsonl`` writes every insertion found, one JSON object a line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from pathlib import Path

from standalone import build_briefing  # bench/standalone.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.text import sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
MIXED_DAY = ["summ-dev.jsonl", "stories-dev.jsonl", "offtopic-dev.jsonl"]
# An insertion: square brackets around more than a single letter.
INSERTION = re.compile(r"\[([^\[\]]{2,})\]")


def summarize_rows(repo: Path, data: Path, points: int | None = 3) -> list[tuple[str, str]]:
    """(article id, point) for every point ``repo``'s ``summarize`` gives over ``data``
    (``points`` each, or as many as each article deserves)."""
    args = [sys.executable, str(repo / "cli.py"), "summarize", "--input", str(data)]
    args += ["--points", str(points)] if points else []
    out = subprocess.run(args, cwd=repo, capture_output=True, text=True, check=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    return [(row["id"], p) for row in rows for p in row["key_points"]]


def briefing_rows(repo: Path, sources: list[Path]) -> list[tuple[str, str]]:
    """(article id, point) for every point a reader sees in the briefing ``repo``'s CLI
    builds from ``sources`` (a point under two themes, or also a top line, once)."""
    data = build_briefing(repo, sources)
    seen: dict[tuple[str, str], None] = {}
    stories = [st for s in data.get("sections", ()) for st in s["stories"]]
    for p in [*(p for st in stories for p in st["key_points"]), *data.get("top_lines", ())]:
        seen.setdefault((p["article_id"], p["text"]), None)
    return list(seen)


def _articles(paths: list[Path]) -> dict[str, str]:
    """Article id: text, over the JSON Lines files ``paths``."""
    out: dict[str, str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.setdefault(str(row["id"]), row.get("text") or "")
    return out


def _unbracketed(point: str) -> str:
    """The point's own words: insertions dropped, "[T]he" back to "The"."""
    return re.sub(r"\[(\w)\]", r"\1", INSERTION.sub("", point)).replace("  ", " ")


def where(point: str, texts: list[str]) -> int | None:
    """The index of the sentence of ``texts`` a point shows (the last, for a pair)."""
    own = _unbracketed(point).strip()
    found = None
    for j, text in enumerate(texts):
        bare = " ".join(text.split())
        tail = " ".join(own.split())
        if bare and (bare in tail or tail[-60:] in bare or tail[1:40] in bare[:80]):
            found = j
    return found


def insertions(name: str, rows: list[tuple[str, str]], articles: dict[str, str],
               context: int) -> list[dict]:
    """The points of ``rows`` that carry an insertion, each with its context."""
    out = []
    for article_id, point in rows:
        text = articles.get(article_id, "")
        inserted = [x for x in INSERTION.findall(point) if f"[{x}]" not in text]
        if not inserted:
            continue
        texts = sentences(text)
        at = where(point, texts)
        before = texts[max(0, at - context) : at] if at is not None else []
        out.append({"set": name, "id": article_id, "point": point, "inserted": inserted,
                    "position": at, "before": before})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, default=ROOT, help="checkout whose CLI makes the points")
    ap.add_argument("--data-dir", type=Path, default=DATA)
    ap.add_argument("--context", type=int, default=3, help="sentences shown before each point")
    ap.add_argument("--sample", type=int, default=0, help="print this many, chosen at random")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jsonl", type=Path, help="write every insertion here, one a line")
    args = ap.parse_args(argv)

    repo = args.repo.resolve()
    data = [args.data_dir / f for f in MIXED_DAY]
    articles = _articles(data)
    found = insertions("summ-dev --points 3", summarize_rows(repo, data[0]), articles,
                       args.context)
    for path in data:
        found += insertions(f"{path.stem} summarize", summarize_rows(repo, path, None),
                            articles, args.context)
    found += insertions("mixed-day briefing", briefing_rows(repo, data), articles, args.context)
    print(f"checkout: {repo}")
    for name in dict.fromkeys(f["set"] for f in found):
        count = sum(f["set"] == name for f in found)
        print(f"{name:28s} points with an insertion {count:4d}")
    unique = list({(f["id"], f["point"]): f for f in found}.values())
    print(f"{'all, each point once':28s} points with an insertion {len(unique):4d}")
    if args.jsonl:
        args.jsonl.write_text("".join(json.dumps(f) + "\n" for f in unique), encoding="utf-8")
    shown = unique
    if args.sample:
        shown = random.Random(args.seed).sample(unique, min(args.sample, len(unique)))
    for n, f in enumerate(shown, 1):
        print(f"\n{n}. {f['id']} (sentence {f['position']}; {f['set']})")
        for text in f["before"]:
            print(f"     | {text}")
        print(f"  -> {f['point']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
