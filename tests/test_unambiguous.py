"""Issue 18 on sentences nobody tuned on: unambiguous on-topic sentences get a theme that fits,
unambiguous off-topic ones no briefed theme.

The 280 sentences (tests/data/unambiguous_sentences.json) were written by hand for this test
before the classifier's examples were read, in the styles outlets use (wire leads,
headlines, the passive, numbers, names), with 40 traps: off-topic sentences that use a
briefed theme's word in another sense (a striker "fired", a film "bombed") and on-topic ones
that use no theme's keyword. The split into halves A and B kept tuning honest: changes were
made by looking at half A's failures only and kept only when half B improved too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.themes import Classifier, load_taxonomy

SENTENCES = Path(__file__).resolve().parent / "data" / "unambiguous_sentences.json"


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[dict, bool]]:
    """Each sentence, and whether it was filed acceptably: on-topic, with at least one of its
    acceptable themes; off-topic, with no briefed theme."""
    rows = json.loads(SENTENCES.read_text(encoding="utf-8"))["sentences"]
    taxonomy = load_taxonomy()
    briefed = {t.id for t in taxonomy.themes if t.brief}
    given = Classifier.from_taxonomy(taxonomy).predict_ids([r["text"] for r in rows])
    out = []
    for row, themes in zip(rows, given, strict=True):
        ours = set(themes) & briefed
        fits = set(row["acceptable"])
        out.append((row, bool(ours & fits) if fits else not ours))
    return out


def _rate(verdicts: list[tuple[dict, bool]]) -> float:
    return sum(ok for _, ok in verdicts) / len(verdicts)


def test_the_sentences_are_what_the_file_says() -> None:
    rows = json.loads(SENTENCES.read_text(encoding="utf-8"))["sentences"]
    assert len(rows) == 280 and len({r["id"] for r in rows}) == 280
    assert sum(r["half"] == "A" for r in rows) == 140
    assert sum(not r["acceptable"] for r in rows) == 100  # 80 off-topic and 20 traps


def test_unambiguous_sentences_pass_rate_floor(verdicts) -> None:
    # measured 260 of 280 (0.929): half A 130, half B 130 (before the even-odds rule for
    # a kind not briefed that outscores every briefed theme: 257, A 128, B 129)
    failed = [(r["id"], r["text"]) for r, ok in verdicts if not ok]
    assert _rate(verdicts) >= 0.91, failed


def test_on_topic_and_off_topic_each_hold(verdicts) -> None:
    # measured: on-topic 168 of 180 (0.933), off-topic 92 of 100 (89 before the even-odds
    # rule)
    on = [v for v in verdicts if v[0]["acceptable"]]
    off = [v for v in verdicts if not v[0]["acceptable"]]
    assert _rate(on) >= 0.91, [r["text"] for r, ok in on if not ok]
    assert _rate(off) >= 0.90, [r["text"] for r, ok in off if not ok]
