"""Key points that stand alone: what dangles at a sentence's opening, how it is mended, and
the measure of how many shown points dangle."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import FOUNDING, REPO, SEEDS

from briefing.standalone import StandAlone, dangling, people
from briefing.text import sentences

READOUT = SEEDS / "2024-12-08-dod-readout-austin-guler-syria.md"


def _body(path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("---", 2)[2] if text.startswith("---") else text


def _verbatim(shown, texts) -> str:
    """What of the article a shown point copies, piece after piece."""
    return " ".join(texts[j][a:b] for j, a, b in shown.pieces)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the founding day's and the examples
        ("Both he and Minister Guler agreed that these groups must take steps to protect "
         "civilians.", "pronoun"),
        ("Specifically, CENTCOM works to prevent the terrorist group from carrying out "
         "operations.", "connective"),
        ("But the Islamist militants withdrew from the city on Monday.", "connective"),
        ("She was the second woman to lead the agency.", "pronoun"),
        ("That was the big twist.", "demonstrative"),
        ("The comedian and talk show host made the announcement via her Twitter feed on "
         "Friday.", "definite"),
        ("The 27-year-old was arrested at the airport.", "definite"),
        ("His words are taken from a recent news conference.", "pronoun"),
        ("On Friday, he said the talks would resume.", "pronoun"),
        ("Despite this, the council approved the plan.", "connective"),
        ("Both want to be the Republican nominee for president.", "back-reference"),
        ("[S]he was the second woman to lead the agency.", "pronoun"),
        # sentences that stand alone
        ("It is unclear whether the talks will resume.", None),
        ("There were 12 people on board the plane.", None),
        ("The U.S. military struck more than 75 targets.", None),
        ("The comedian Sarah Silverman made the announcement.", None),
        ("When he arrived, Obama thanked the crew.", None),
        ("This year, the festival drew 50,000 people.", None),
        ("In addition to ordering the pilot, AMC renewed the drama.", None),
        ("He [Lloyd J. Austin III] spoke by phone with Minister Guler.", None),
        ("[T]he militants withdrew from the city.", None),
    ],
)
def test_what_dangles_at_a_points_opening(sentence, kind):
    found = dangling(sentence)
    assert (found.kind if found else None) == kind


def test_a_pronoun_and_these_groups_are_resolved_from_the_article():
    texts = sentences(_body(READOUT))
    i = next(k for k, t in enumerate(texts) if t.startswith("Both he and Minister Guler"))
    shown = StandAlone(texts)(i)
    assert shown.text.startswith(
        "Both he [Lloyd J. Austin III] and Minister Guler agreed that these groups [the "
        "various opposition groups in Syria] must take steps to protect civilians")
    assert _verbatim(shown, texts).replace("  ", " ") == texts[i].replace("  ", " ")
    # the bracketed words are the article's own: its full name, its fuller phrase
    assert "Lloyd J. Austin III" in texts[0]
    assert "the various opposition groups in Syria" in texts[i - 1]


def test_a_leading_connective_is_dropped_and_the_rest_kept_verbatim():
    texts = sentences(_body(FOUNDING))
    i = next(k for k, t in enumerate(texts) if t.startswith("Specifically, CENTCOM"))
    shown = StandAlone(texts)(i)
    assert shown.text == texts[i].removeprefix("Specifically, ")
    assert shown.pieces == ((i, len("Specifically, "), len(texts[i])),)
    # a lower-case word left first is capitalised in brackets, the editor's way
    texts = ["The army entered the city on Monday after a week of fighting.",
             "But the militants withdrew to the hills before dawn, residents said."]
    shown = StandAlone(texts)(1)
    assert shown.text == "[T]he militants withdrew to the hills before dawn, residents said."
    assert _verbatim(shown, texts) == texts[1].removeprefix("But t")
    # "So began an odyssey" keeps its "So": "Began an odyssey" is no sentence
    texts = ["A tow truck took her car away in 2009.",
             "So began an odyssey with the police, the court and city hall."]
    assert StandAlone(texts).alone(1) is None


def test_the_sentence_before_is_shown_when_nothing_else_resolves_and_the_pair_is_short():
    texts = ["The city may be growing less violent.",
             "That's according to an annual police report that counts every shooting."]
    shown = StandAlone(texts)(1)
    assert shown.text == f"{texts[0]} {texts[1]}"
    assert (shown.first, shown.pieces) == (0, ((0, 0, len(texts[0])), (1, 0, len(texts[1]))))
    # too long together, or the sentence before dangling itself: it cannot stand alone
    long_before = "The city " + "and its many suburbs " * 10 + "may be growing less violent."
    assert StandAlone([long_before, texts[1]])(1) is None
    assert StandAlone(["It may be growing less violent.", texts[1]])(1) is None


def test_no_name_goes_in_brackets_unless_one_person_fits():
    two = ["Mayor Ana Lopez met Governor Tom Reyes in the capital on Monday.",
           "He said the budget would pass next week."]
    assert StandAlone(two).alone(1) is None  # two people: which "he"?
    titled = ["Mrs. Ana Lopez met the council on Monday to discuss the budget.",
              "He said the vote would be close."]
    assert StandAlone(titled).alone(1) is None  # "Mrs." is no "he"
    usage = ["Ana Lopez opened the session, and she thanked the council for its work.",
             "He said the vote would be close."]
    assert StandAlone(usage).alone(1) is None  # the article calls her "she"
    couple = ["Prince Charles and his wife Camilla arrived in Washington on Tuesday.",
              "The couple first visited the U.S. together as newlyweds in 2005."]
    assert "[" not in (StandAlone(couple)(1) or StandAlone(couple).whole(1)).text
    one = ["Ana Lopez opened the session on Monday.", "She said the vote would be close."]
    assert StandAlone(one)(1).text == "She [Ana Lopez] said the vote would be close."


def test_people_are_named_as_the_article_writes_them():
    found = people("Secretary of Defense Lloyd J. Austin III spoke by phone today with "
                   "Turkish Minister of National Defense Yasar Guler to discuss Syria.")
    assert [(p.name, p.surname) for p, _ in found] == [
        ("Lloyd J. Austin III", "Austin"), ("Yasar Guler", "Guler")]
    assert people("Officials in New York and Los Angeles met on Sunday.") == []
    assert [p.name for p, _ in people("Justice Ruth Bader Ginsburg dissented.")] == [
        "Ruth Bader Ginsburg"]


def test_the_measure_counts_dangling_points_in_a_prediction_file(tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "a", "key_points": [
        "She was the second woman to lead the agency.",
        "The council approved the budget on Monday."]}) + "\n")
    run = subprocess.run([sys.executable, str(REPO / "bench" / "standalone.py"), "--pred",
                          str(pred), "--list"], capture_output=True, text=True, check=True)
    assert "points     2  dangling    1  share  50.0%" in run.stdout
    assert "[pronoun: She] She was the second woman" in run.stdout
