"""How many shown key points cannot be read alone: the share that dangles.

A point dangles when ``briefing.standalone.dangling_as_shown`` finds what leaves it
hanging as a briefing shows it: an unresolved pronoun, demonstrative, linking connective or
definite back-reference at its opening, the writer's "I" or "you", a quotation of no named
speaker, an event named only as "the incident", a verbless fragment or a short sentence
ending on an object pronoun (the package docstring gives the rules: general English, not
fitted to these sets). Counted over:

* ``summ-dev``: ``summarize --input summ-dev.jsonl --points 3``, every point;
* ``stories-dev`` and ``offtopic-dev``: ``summarize --input …`` with the number of points
  adapted to each article, as a build chooses them before any section's cap;
* the briefings of ``stories-dev``, ``offtopic-dev`` and of all three sets as one mixed day
  (``build --source … --format json``): every point a reader sees, once (the sections'
  points and the top lines, by article and sentence).

Each run goes through a checkout's own CLI (``--repo``, default this one), so an older
checkout can be measured by the same rules in the same run. Run from the repository root:

    .venv/bin/python bench/standalone.py [--repo PATH] [--list]
    .venv/bin/python bench/standalone.py --pred PREDICTIONS.jsonl --briefing briefing.json

``--pred`` (rows ``{"id", "key_points": [...]}``) and ``--briefing`` measure outputs made
elsewhere (held-out data) instead. Prints one line per set: points, dangling, share; with
``--list``, each dangling point and why. Beside the share, the points that show half a
quotation (an odd number of double quotation marks: the splitter cut a quote), which do
not dangle at their opening but cannot be read alone either.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.standalone import Dangle, dangling_as_shown  # noqa: E402
from briefing.text import sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
BRIEFED = {
    "stories-dev briefing": ["stories-dev.jsonl"],
    "offtopic-dev briefing": ["offtopic-dev.jsonl"],
    "mixed-day briefing": ["summ-dev.jsonl", "stories-dev.jsonl", "offtopic-dev.jsonl"],
}


# A shown point: its text, the speaker it is shown after in a transcript ("" if none), and
# whether it opens with its article's first sentence (which tells the event it names).
Point = tuple[str, str, bool]


def summarize_points(repo: Path, data: Path, points: int | None = 3) -> list[Point]:
    """Every point ``summarize`` gives over ``data`` (``points`` each, or as many as each
    article deserves), run by ``repo``'s CLI."""
    args = [sys.executable, str(repo / "cli.py"), "summarize", "--input", str(data)]
    out = subprocess.run(args + (["--points", str(points)] if points else []),
                         cwd=repo, capture_output=True, text=True, check=True).stdout
    leads = {}
    for line in data.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            first = sentences(row["text"])[:1]
            leads[row["id"]] = first[0] if first else None
    return pred_points(out.splitlines(), leads)


def pred_points(lines: list[str], leads: dict[str, str | None] | None = None) -> list[Point]:
    """The points of summarize's output; ``leads`` (each article's first sentence, by id)
    says which open with it."""
    out = []
    for line in lines:
        if line.strip():
            row = json.loads(line)
            lead = (leads or {}).get(row["id"])
            out += [(p, "", bool(lead) and p.startswith(lead)) for p in row["key_points"]]
    return out


def briefing_points(data: dict) -> list[Point]:
    """The points a reader of a briefing.json sees, each once (a point filed under two
    themes, or also a top line, is one point), with the speaker each is shown after."""
    seen: dict[tuple[str, int, str], Point] = {}
    stories = [st for s in data.get("sections", ()) for st in s["stories"]]
    for p in [*(p for st in stories for p in st["key_points"]), *data.get("top_lines", ())]:
        seen.setdefault((p["article_id"], p["position"], p["text"]),
                        (p["text"], p.get("speaker") or "", p["position"] == 0))
    return list(seen.values())


def build_briefing(repo: Path, sources: list[Path]) -> dict:
    """The `briefing.json` the briefing ``repo``'s CLI builds from ``sources``."""
    with tempfile.TemporaryDirectory() as tmp:
        args = [sys.executable, str(repo / "cli.py"), "build", "--format", "json",
                "--date", "2024-01-01"]
        for source in sources:
            args += ["--source", str(source)]
        subprocess.run(args, cwd=tmp, capture_output=True, text=True, check=True)
        (path,) = Path(tmp, "out").glob("*/briefing.json")
        return json.loads(path.read_text(encoding="utf-8"))


def build_points(repo: Path, sources: list[Path]) -> list[Point]:
    """The shown points of the briefing ``repo``'s CLI builds from ``sources``."""
    return briefing_points(build_briefing(repo, sources))


def half_quoted(point: str) -> bool:
    """Whether a point shows half a quotation: an odd number of double quotation marks
    (one left open, or closed without its start), so part of someone's words without the
    rest, or without who said them."""
    return sum(point.count(q) for q in ('"', "“", "”")) % 2 == 1


def hanging(point: Point) -> Dangle | None:
    """What leaves a shown point hanging: a transcript's "I", shown after its speaker's
    name ("SECRETARY BLINKEN: I look forward…"), is that speaker, as the mending reads it;
    "the incident" in an article's first sentence is what that sentence tells."""
    text, speaker, lead = point
    return dangling_as_shown(text, speaker_named=bool(speaker), opens_article=lead)


def report(name: str, points: list[Point], show: bool) -> tuple[int, int, int]:
    found = [(why, p[0]) for p in points if (why := hanging(p))]
    halves = [p for p, _, _ in points if half_quoted(p)]
    share = 100 * len(found) / len(points) if points else 0.0
    print(f"{name:28s} points {len(points):5d}  dangling {len(found):4d}  share {share:5.1f}%"
          f"  half-quoted {len(halves):3d}")
    if show:
        for why, p in found:
            print(f"    [{why}] {p}")
        for p in halves:
            print(f"    [half a quotation] {p}")
    return len(points), len(found), len(halves)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repo", type=Path, default=ROOT, help="checkout whose CLI makes the points")
    ap.add_argument("--data-dir", type=Path, default=DATA)
    ap.add_argument("--pred", type=Path, action="append", default=[],
                    help="summarize output (JSON Lines) to measure instead")
    ap.add_argument("--briefing", type=Path, action="append", default=[],
                    help="a briefing.json to measure instead")
    ap.add_argument("--list", action="store_true", help="print each dangling point")
    args = ap.parse_args(argv)

    sets: list[tuple[str, list[str]]] = []
    for path in args.pred:
        sets.append((path.name, pred_points(path.read_text(encoding="utf-8").splitlines())))
    for path in args.briefing:
        sets.append((path.name, briefing_points(json.loads(path.read_text(encoding="utf-8")))))
    if not sets:
        repo = args.repo.resolve()
        print(f"checkout: {repo}")
        summ_dev = args.data_dir / "summ-dev.jsonl"
        sets.append(("summ-dev --points 3", summarize_points(repo, summ_dev)))
        for name in ("stories-dev", "offtopic-dev"):
            path = args.data_dir / f"{name}.jsonl"
            sets.append((f"{name} summarize", summarize_points(repo, path, None)))
        for name, files in BRIEFED.items():
            sets.append((name, build_points(repo, [args.data_dir / f for f in files])))
    total = found = halves = 0
    for name, points in sets:
        n, d, h = report(name, points, args.list)
        total, found, halves = total + n, found + d, halves + h
    print(f"{'all':28s} points {total:5d}  dangling {found:4d}  "
          f"share {100 * found / max(1, total):5.1f}%  half-quoted {halves:3d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
