"""How the theme classifier and the themes' `sections` read news of 2025 and 2026, which no
model here has seen and no one here has tuned on.

Held-out data: Wikipedia's Portal:Current events of 2025 and 2026 as kept in
github.com/fordred/wikinews (Markdown posts, one a day: each item under the portal's
category heading, ending with its cited sources' addresses). The shipped news model learned
from the portal's 2010-2020 items only (`training/portal.py`), so none of these was
trained on; the text is Wikipedia's (CC BY-SA 4.0) and is read here only to measure (the
repository has no licence file of its own, one more reason not to train on it).

Two questions, each answered per half of the days (A the first half, B the rest):

1. **Sections** (`--sections`): of the cited addresses whose path names one of the themes'
   `sections` (`briefing.pipeline.section_theme`: …/sport/…, BBC's /news/technology-123…),
   how many cite an item of that theme's kind, of another kind not briefed, or hard news?
   Until this script, no held-out set here had addresses with sections.
2. **Kinds** (default): each item read alone, as `classify` reads a text, and counted by
   the portal's category: the share of sport, culture, science and health items given a
   briefed theme, of hard news (the six other categories) given none, and of hard news
   whose first briefed theme is drawn from none of the item's kind (its theme's `kinds`
   lack it: a coarse check, as `heldout_day.py`'s, which a fitting theme of a neighbouring
   kind also fails, a sentence handed down for an attack filed under conflict, say). `--show` lists
   half A's items of sport, culture and science given a briefed theme.

    PYTHONPATH=. python research/portal_heldout.py --clone CLONE [--sections] [--show]

Result: see research/README.md.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from briefing.pipeline import section_theme  # noqa: E402
from briefing.themes import Classifier, load_taxonomy  # noqa: E402

REPOSITORY = "github.com/fordred/wikinews"
COMMIT = "0441f5273b8763fa543a6148b97efbbbae37b371"
# the portal's headings (and their misspellings in a few days' posts) -> a kind of news
KIND = {
    "Sports": "sport", "Arts and culture": "culture", "Science and technology": "science",
    "Science and Technology": "science", "Health and environment": "health",
    "Armed conflicts and attacks": "conflict", "Attacks and armed conflicts": "conflict",
    "Disasters and accidents": "disasters", "Disaster and accidents": "disasters",
    "Disasters and incidents": "disasters", "Law and crime": "law", "Law and Crime": "law",
    "Politics and elections": "politics", "International relations": "relations",
    "Business and economy": "economy", "Business and econony": "economy",
}
NOT_BRIEFED = ("sport", "culture", "science", "health")
HARD = ("conflict", "disasters", "law", "politics", "relations", "economy")
_CITE = re.compile(r"\[\(([^)\]]+)\)\]\((https?://[^)\s]+)\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def cited_items(clone: Path) -> list[tuple[str, str, str, str]]:
    """(day, kind, item text, cited address) for every cited source, in day order."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(clone), *args], capture_output=True,
                              text=True, check=True).stdout

    head = git("rev-parse", "HEAD").strip()
    if head != COMMIT:
        sys.exit(f"{clone}: HEAD is {head}, expected {COMMIT} ({REPOSITORY})")
    out = []
    for name in sorted(git("ls-tree", "-r", "--name-only", COMMIT, "docs/_posts").split()):
        day, kind = Path(name).name[:10], ""
        for line in git("show", f"{COMMIT}:{name}").splitlines():
            if line.startswith("#### "):
                kind = KIND.get(line[5:].strip(), "")
                continue
            cites = _CITE.findall(line)
            body = _LINK.sub(r"\1", _CITE.sub("", line)).replace("*", "").strip(" -")
            if kind and cites and len(body.split()) >= 6:
                out.extend((day, kind, body, url) for _, url in cites)
    return out


def halves(rows: list[tuple[str, str, str, str]]) -> dict[str, list[tuple[str, str, str, str]]]:
    days = sorted({r[0] for r in rows})
    middle = days[len(days) // 2]
    return {"A": [r for r in rows if r[0] < middle], "B": [r for r in rows if r[0] >= middle]}


def report_sections(rows: list[tuple[str, str, str, str]]) -> None:
    sections = load_taxonomy().sections
    for half, chosen in halves(rows).items():
        counts: Counter[tuple[str, str]] = Counter()
        for _, kind, _, url in chosen:
            if (found := section_theme(url, sections)) is not None:
                theme = found[1]
                counts[theme, "same" if kind == theme else "hard" if kind in HARD
                       else "other"] += 1
        hard = sum(kind in HARD for _, kind, _, _ in chosen)
        print(f"half {half}: {len(chosen)} cited addresses, {hard} of hard news, "
              f"{sum(v for (_, w), v in counts.items() if w == 'hard')} of those with a "
              "section of a theme not briefed")
        for theme in NOT_BRIEFED:
            n = sum(v for (t, _), v in counts.items() if t == theme)
            of_kind = sum(kind == theme for _, kind, _, _ in chosen)
            print(f"  {theme:8s} {n:4d} addresses with its sections: {counts[theme, 'same']} "
                  f"its kind, {counts[theme, 'other']} another not briefed, "
                  f"{counts[theme, 'hard']} hard news; {counts[theme, 'same']} of the "
                  f"{of_kind} addresses cited for its kind")


def report_kinds(rows: list[tuple[str, str, str, str]], show: bool) -> None:
    taxonomy = load_taxonomy()
    briefed = set(taxonomy.briefed)
    classifier = Classifier.from_taxonomy(taxonomy)
    seen: set[str] = set()
    for half, chosen in halves(rows).items():
        items = [r for r in chosen if not (r[2] in seen or seen.add(r[2]))]
        given = classifier.predict_ids([r[2] for r in items])
        themed: Counter[str] = Counter()
        total: Counter[str] = Counter()
        other_kind: Counter[str] = Counter()
        for (_, kind, text, _), themes in zip(items, given, strict=True):
            total[kind] += 1
            if briefed & set(themes):
                themed[kind] += 1
                first = next(t for t in themes if t in briefed)
                if kind in HARD and kind not in taxonomy.get(first).kinds:  # type: ignore[union-attr]
                    other_kind[kind] += 1
                if show and half == "A" and kind in NOT_BRIEFED[:3]:
                    print(f"  {kind:8s} {','.join(themes):22s} {text[:140]}")
        off = sum(themed[k] for k in NOT_BRIEFED[:3]), sum(total[k] for k in NOT_BRIEFED[:3])
        hard = (sum(total[k] - themed[k] for k in HARD), sum(total[k] for k in HARD))
        print(f"half {half}: {len(items)} items read alone; sport, culture and science given "
              f"a briefed theme {off[0]} of {off[1]}, hard news given none {hard[0]} of "
              f"{hard[1]}")
        print("  " + ", ".join(f"{k} {themed[k]}/{total[k]}" for k in NOT_BRIEFED)
              + " given a briefed theme; " + ", ".join(
                  f"{k} {total[k] - themed[k]}/{total[k]}" for k in HARD) + " given none")
        print(f"  hard news whose first briefed theme is drawn from another kind: "
              f"{sum(other_kind.values())} of {hard[1] - hard[0]} themed ("
              + ", ".join(f"{k} {other_kind[k]}/{themed[k]}" for k in HARD) + ")")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clone", type=Path, required=True, help=f"a clone of {REPOSITORY}")
    parser.add_argument("--sections", action="store_true",
                        help="the themes' sections against the portal's categories")
    parser.add_argument("--show", action="store_true",
                        help="list half A's sport, culture and science items themed")
    args = parser.parse_args()
    rows = cited_items(args.clone)
    if args.sections:
        report_sections(rows)
    else:
        report_kinds(rows, args.show)


if __name__ == "__main__":
    main()
