"""Actors and quotes, on the founding article and on real sentences from other news."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.actors import find_actors, find_quotes
from briefing.text import sentences

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_0e06bca53e2e7670.txt"


@pytest.fixture(scope="module")
def founding() -> list[str]:
    return sentences(SEED.read_text(encoding="utf-8"))


def test_founding_article_actors(founding):
    actors = {a.name: a for a in find_actors(founding)}
    for name in (
        "CENTCOM",
        "ISIS",
        "Bashar Assad",
        "Antony Blinken",
        "Michael Erik Kurilla",
        "Syria",
        "Russia",
        "Iran",
    ):
        assert name in actors, name
    assert "Sunday" not in actors and "The" not in actors
    assert actors["Antony Blinken"].kind == "person"
    assert actors["Michael Erik Kurilla"].kind == "person"
    assert actors["CENTCOM"].kind == "organization"
    assert actors["Syria"].kind == "place"
    # surnames and titles fold into the full name; the acronym takes in its long form
    assert not {"Blinken", "Kurilla", "Assad", "General Michael Erik Kurilla"} & set(actors)
    assert "US Central Command" not in actors
    assert actors["Antony Blinken"].count >= 4


def test_founding_article_actors_most_mentioned_first(founding):
    counts = [a.count for a in find_actors(founding)]
    assert counts == sorted(counts, reverse=True)
    assert {a.name for a in find_actors(founding)[:3]} == {"Syria", "ISIS", "CENTCOM"}


def test_founding_article_quotes(founding):
    quotes = find_quotes(founding)
    kurilla = [q for q in quotes if q.text.startswith("There should be no doubt")]
    assert len(kurilla) == 1 and kurilla[0].speaker == "Michael Erik Kurilla"
    assert founding[kurilla[0].sentence].startswith("“There should be no doubt")
    # the next sentence is quote only: it continues Kurilla's statement
    follow = [q for q in quotes if q.text.startswith("All organizations in Syria")]
    assert follow[0].speaker == "Michael Erik Kurilla"
    for opening in (
        "finally have reason to hope",
        "The Assad regime's refusal",
        "During this transition period",
        "We have noted the statements",
        "We once again call on all actors",
    ):
        found = [q for q in quotes if q.text.startswith(opening)]
        assert found and found[0].speaker == "Antony Blinken", opening


# Real sentences from other articles (CNN, via the summarisation dev set).
def test_appositive_speaker_and_continuation():
    text = [
        '"The atmosphere has changed," Mark Potok, editor-in-chief of the "Intelligence '
        'Report," told reporters on a conference call.',
        '"Overall, the groups are less important."',
    ]
    quotes = find_quotes(text)
    assert [(q.speaker, q.sentence) for q in quotes] == [("Mark Potok", 0), ("Mark Potok", 1)]
    assert quotes[0].text == "The atmosphere has changed"


def test_said_after_the_name_and_pronoun():
    text = [
        "Now 25, Beijinger Robert Zhao is considering giving up his job and becoming a monk.",
        '"It means I will have to give up everything of the ordinary world," he told CNN.',
        '"I will miss you and carry you with me for the rest of my life," tweeted Rey '
        "Mysterio, who landed the flying kick on Aguayo.",
    ]
    quotes = find_quotes(text)
    assert quotes[0].speaker == "Beijinger Robert Zhao"
    assert quotes[1].speaker == "Rey Mysterio"


def test_unattributed_quote_has_no_speaker():
    text = [
        "The statement said troops remain on alert.",
        'Officials described a "presently unverified threat" to service members.',
        '"We are watching closely," the report said.',
    ]
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == [None, None]


def test_actors_in_other_news():
    text = [
        "Growing up in Germany, everything Felix von der Osten learned about Native "
        "Americans came from the books of Karl May.",
        "The Southern Poverty Law Center (SPLC) says hate groups declined in 2014.",
        "The SPLC counted fewer Ku Klux Klan chapters in Florida and Kansas on Monday.",
        "Russian President Vladimir Putin met Secretary-General Antonio Guterres in Moscow.",
    ]
    actors = {a.name: a for a in find_actors(text)}
    assert actors["Felix von der Osten"].kind == "person"
    assert actors["SPLC"].count == 3 and actors["SPLC"].kind == "organization"
    assert actors["Vladimir Putin"].kind == "person"
    assert actors["Antonio Guterres"].kind == "person"
    assert actors["Moscow"].kind == "place" and actors["Florida"].kind == "place"
    assert not {"Monday", "The", "Russian", "Native Americans", "Growing"} & set(actors)



def test_a_bare_army_is_not_named_the_us_army_in_another_country_s_news():
    """The gazetteer joins "Army" to "U.S. Army": read so, a Pakistani army statement was
    quoted in briefing.json as the U.S. Army's, a name the article never gives. A name the
    gazetteer only qualifies ("Army", "Navy", "Labour") stays as written unless the article
    names it in full; true aliases ("U.S.", "GOP") still join."""
    text = [
        "Pakistani security forces killed eight militants in North Waziristan on Sunday.",
        'The Army said in a statement that the raid "targeted a hideout used to plan '
        'attacks on civilians."',
        'The Navy said that it had "stepped up patrols off the Makran coast."',
        "Labour leaders in Karachi threatened a strike.",
    ]
    quotes = find_quotes(text)
    assert [q.speaker for q in quotes] == ["Army", "Navy"]
    names = {a.name for a in find_actors(text)}
    assert {"Army", "Navy", "Labour"} <= names
    assert not {"U.S. Army", "U.S. Navy", "Labour Party"} & names
    # named in full once, the short form is the same actor
    us = ["The U.S. Army deployed a brigade to Poland.",
          '"We are ready," the Army said in a statement.']
    assert [q.speaker for q in find_quotes(us)] == ["U.S. Army"]
    assert "Army" not in {a.name for a in find_actors(us)}
    # a true alias still joins its canonical name
    joined = {a.name for a in find_actors(["The GOP met in Ohio.", "U.S. troops left."])}
    assert {"Republican Party", "United States"} <= joined

# --- the faster paths give what the plain ones gave ------------------------------------------
# `split_title` looks only at the titles that share the name's first word, and `quote_spans`
# visits only quotation marks (speed: compose reads every shown story's articles); these
# are the plain versions they replaced, kept here as the definition they must agree with.


def _split_title_plain(tokens: list[str]) -> tuple[str, int]:
    from briefing.actors import TITLES

    joined = " ".join(tokens).replace(".", "")
    for title in TITLES:
        bare = title.replace(".", "")
        if joined.startswith(bare + " ") and len(bare.split()) < len(tokens):
            return bare, len(bare.split())
    return "", 0


def _spans_plain(sentence: str, inside: bool) -> tuple[list[tuple[int, int, str]], bool]:
    spans, start = [], 0 if inside else None
    for k, c in enumerate(sentence):
        opening = c == "“" or (c == '"' and start is None)
        closing = c == "”" or (c == '"' and start is not None)
        if closing:
            spans.append((start or 0, k + 1))
            start = None
        elif opening:
            start = k
    if start is not None:
        spans.append((start, len(sentence)))
    return ([(a, b, sentence[a:b].strip('“”" ').strip().rstrip(",").strip()) for a, b in spans],
            start is not None)


def test_split_title_agrees_with_trying_every_title():
    from briefing.actors import TITLES, split_title

    names = [[], ["Antony", "Blinken"], ["Blinken"], ["U.S.", "Army"], ["of", "State", "X"]]
    cases = [[]] + [t.split() + n for t in TITLES for n in names]
    cases += [t.replace(".", "").split() + ["Kim"] for t in TITLES]  # "Lt Gen Kim"
    cases += [["Gen.Smith", "said"], ["Secretary", "of"], ["General"], ["Lt.", "Gen."]]
    for tokens in cases:
        assert split_title(tokens) == _split_title_plain(tokens), tokens


def test_quote_spans_agree_with_reading_every_character(founding):
    from briefing.actors import quote_spans

    odd = ['He said "no', '“Yes,” she said, "and no."', '"', "”", "“ ”“", "no quote here", ""]
    for sentence in [*founding, *odd]:
        for inside in (False, True):
            assert quote_spans(sentence, inside) == _spans_plain(sentence, inside), sentence


def test_a_name_with_accented_letters_is_a_person_as_its_plain_spelling_is():
    """"Omer Celik" was a person and "Ömer Çelik" "other": a name word was a capital A-Z
    and a-z letters, so a Turkish, Polish, French or Kenyan name was no person's (and a
    dangling "He" could not be resolved to him). Its letters are read without their
    accents, as the desks read names."""
    from briefing.actors import name_kind

    for name in ("Ömer Çelik", "Lech Wałęsa", "Émile Zola", "José Manuel Barroso",
                 "Recep Tayyip Erdoğan", "Zoë Kravitz"):
        assert name_kind(name) == "person", name
    actors = {a.name: a for a in find_actors(sentences(
        "On Monday the spokesman Ömer Çelik spoke in Ankara. Çelik said the talks would "
        "resume. The news was welcomed by Lech Wałęsa."))}
    assert actors["Ömer Çelik"].kind == "person" and "Çelik" not in actors
    assert actors["Lech Wałęsa"].kind == "person"
    # a word of another script is still no name word of this shape
    assert name_kind("Москва Сити") == "other"
