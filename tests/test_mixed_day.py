"""A real, mixed news day: what a general feed carries, briefed as a reader receives it.

The shared development data holds 150 real BBC sport, entertainment and technology articles
(offtopic-dev), 300 CNN articles of every kind (summ-dev) and 330 items of hard and soft news
from many outlets (stories-dev). Built together as one day, no article of the 150 may reach
a theme section or a top line, and the hard news must still be briefed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import built_day, needs_shared

from briefing.themes import Classifier, load_taxonomy

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval"
DAY = "2015-04-30"


@pytest.fixture(scope="module", params=["as dated", "one day"])
def mixed_day(request, tmp_path_factory) -> tuple[dict, set[str], set[str]]:
    """The day built from the reports as their sources date them (2005 to 2019: few are
    near the day, so freshness leaves one top line), and with every report dated the
    briefing's day, hours apart, as a real day's feeds are (five top lines to fill)."""
    offtopic = needs_shared("offtopic-dev.jsonl")
    folder = tmp_path_factory.mktemp("mixed")
    hour = 0
    day = folder / "day.jsonl"
    off_ids, political = set(), set()
    with day.open("w", encoding="utf-8") as out:
        for path in (offtopic, needs_shared("summ-dev.jsonl"), needs_shared("stories-dev.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if path == offtopic:
                    off_ids.add(row["id"])
                if row.get("origin", "").startswith("BASIL"):  # US political news
                    political.add(row["id"])
                if request.param == "one day":
                    hour = (hour + 7) % 24  # spread over the day, in no order of kind
                    row["published"] = f"{DAY}T{hour:02d}:{hour * 2 % 60:02d}:00+00:00"
                out.write(json.dumps({k: row.get(k) for k in (
                    "id", "title", "text", "source", "url", "published")}) + "\n")
    return built_day(folder, day, DAY), off_ids, political


def test_no_off_topic_article_reaches_a_theme_section_or_a_top_line(mixed_day) -> None:
    built, off_ids, _ = mixed_day
    themed = [p for s in built["sections"] if s["theme"] != "other"
              for st in s["stories"] for p in st["key_points"]]
    assert len(themed) >= 50
    leaked = [p["text"] for p in themed if p["article_id"] in off_ids]
    assert len(leaked) <= 0.03 * len(themed), leaked  # measured: 0 of 96, both ways
    assert not [p for p in built["top_lines"] if p["article_id"] in off_ids]
    # measured: 1 top line as dated, 5 of one day
    one_day = all((a["published"] or "").startswith(DAY) for a in built["articles"])
    assert len(built["top_lines"]) >= (3 if one_day else 1)
    # the 150 are left out, each with the kind of news it was found to be
    left_out = dict(map(tuple, built["left_out"]))
    # measured: 142 of 150 as dated and of one day (the others are kept with a briefed
    # story they belong to)
    assert len(off_ids & left_out.keys()) >= 0.9 * len(off_ids)
    assert set(left_out.values()) <= {"sport", "culture", "science", "health"}


def test_the_hard_news_of_the_day_is_briefed(mixed_day) -> None:
    built, _, political = mixed_day
    left_out = {i for i, _ in built["left_out"]}
    assert len(political & left_out) <= 0.05 * len(political)  # measured: 0 of 88
    points = [p for s in built["sections"] for st in s["stories"] for p in st["key_points"]]
    other = [p for s in built["sections"] if s["theme"] == "other"
             for st in s["stories"] for p in st["key_points"]]
    assert len(other) <= 0.2 * len(points)  # measured: 3 of 99, both ways
    # each point once: the header's total is the sum of the sections
    assert built["counts"]["key_points"] == len(points)


def test_fires_crashes_and_quakes_are_filed_as_disasters_and_accidents(mixed_day) -> None:
    """Before Disasters and accidents was a theme, the supermarket fire (ten local outlets)
    was a Law and accountability top line and the Germanwings crash led Economy and trade:
    each filed by a word of its story that another theme knew (the fire's investigators,
    the airline)."""
    built, _, _ = mixed_day
    texts = {s["theme"]: [p["text"] for st in s["stories"] for p in st["key_points"]]
             for s in built["sections"]}
    assert len(texts.get("disasters", [])) >= 8
    misfiled = [t for theme in ("justice", "economy", "politics") for t in texts.get(theme, [])
                if any(w in t for w in ("Waitrose", "Lubitz", "Germanwings", "blaze", "quake"))]
    assert not misfiled
    shown = " ".join(texts["disasters"])
    # as dated, the crash's reports are the freshest; of one day, the fire has most outlets
    assert "Lubitz" in shown or "Waitrose" in shown
    section_of = {a: s["theme"] for s in built["sections"] for st in s["stories"]
                  for a in st["article_ids"]}
    for line in built["top_lines"]:  # labelled with the section that shows its story
        if any(w in line["text"].lower() for w in ("fire", "blaze", "crash")):
            assert section_of[line["article_id"]] == "disasters", line["text"]


def _themed_rate(classifier: Classifier, texts: list[str]) -> float:
    briefed = set(classifier.taxonomy.briefed)
    themed = [bool(set(ids) & briefed) for ids in classifier.predict_ids(texts)]
    return sum(themed) / len(themed)


def test_off_topic_news_alone_is_seldom_given_a_briefed_theme() -> None:
    """score_offtopic.py's measure, on the lead paragraphs and on the whole articles, each
    read alone as `classify` reads a text (no article around it: harder than a build)."""
    rows = [json.loads(line) for line in
            needs_shared("offtopic-dev.jsonl").read_text(encoding="utf-8").splitlines()]
    classifier = Classifier.from_taxonomy(load_taxonomy())
    # measured 0.060 and 0.127 (0.060 and 0.147 before a text read alone took an unbriefed
    # theme that outscores every briefed one at even odds; 0.060 and 0.140 before the prior
    # swapped out was the training weight, not the count; 0.047 and 0.140 before the naive
    # Bayes blend)
    assert _themed_rate(classifier, [r["text"] for r in rows]) <= 0.07
    assert _themed_rate(classifier, [r["lead"] for r in rows]) <= 0.14


def test_the_scorer_agrees_on_the_off_topic_rate(tmp_path) -> None:
    rows = [json.loads(line) for line in
            needs_shared("offtopic-dev.jsonl").read_text(encoding="utf-8").splitlines()]
    classifier = Classifier.from_taxonomy(load_taxonomy())
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps({"id": r["id"], "themes": list(t)}) + "\n" for r, t in
                            zip(rows, classifier.predict_ids([r["text"] for r in rows]),
                                strict=True)))
    sys.path.insert(0, str(SCORER))
    try:
        import score_offtopic
    finally:
        sys.path.remove(str(SCORER))
    import contextlib
    import io

    out = io.StringIO()
    argv = sys.argv
    sys.argv = ["score_offtopic.py", str(needs_shared("offtopic-dev.jsonl")), str(pred),
                "--briefed", ",".join(classifier.taxonomy.briefed)]
    try:
        with contextlib.redirect_stdout(out):
            score_offtopic.main()
    finally:
        sys.argv = argv
    rate = float(out.getvalue().strip().splitlines()[-1].split()[0].split("=")[1])
    assert rate == pytest.approx(_themed_rate(classifier, [r["text"] for r in rows]), abs=1e-4)
