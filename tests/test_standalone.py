"""Key points that stand alone: what dangles, how a point is mended, what is no point, and
that every mended line still traces back to its article in every format."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import FOUNDING, REPO, SEEDS

from briefing.mending import StandAlone
from briefing.model import Article
from briefing.referents import people
from briefing.standalone import dangling
from briefing.summarize import summarize
from briefing.text import is_point, is_stage_direction, sentence_lines, sentences, untraced

READOUT = SEEDS / "2024-12-08-dod-readout-austin-guler-syria.md"
BLINKEN = SEEDS / "2024-12-14-state-blinken-pedersen-aqaba.md"


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
        ("Amid all this, a rumour spread online about an oxygen bar.", "connective"),
        ("After all that, the vote was delayed again.", "connective"),
        ("Both want to be the Republican nominee for president.", "back-reference"),
        ("[S]he was the second woman to lead the agency.", "pronoun"),
        ("It was nothing if not predictable.", "pronoun"),
        # a writer's first person: an essay's "I" is no one a reader of the briefing knows
        ("I was finishing my studies when the war began four years ago.", "first person"),
        ("We went to Jordan.", "first person"),
        ("Since I was 10 years old, I have loved English.", "first person"),
        ("In 2012, our family moved to Amman.", "first person"),
        ("Three years ago, my family was forced to flee our home.", "first person"),
        ("Luckily we got out before the shelling began.", "first person"),
        # the writer speaking to the reader: "you" is no one in the news
        ("You feel like a stranger in a foreign place.", "second person"),
        ("You could almost hear the steam coming out of the mayor's ears.", "second person"),
        ("Your first stop should be the old harbour.", "second person"),
        ("In case you live in the capital, chances are you check the air quality daily.",
         "second person"),
        ("If your flight was cancelled, the airline must offer a refund.", "second person"),
        # sentences that stand alone
        ("It is unclear whether the talks will resume.", None),
        ("There were 12 people on board the plane.", None),
        ("The U.S. military struck more than 75 targets.", None),
        ("The comedian Sarah Silverman made the announcement.", None),
        ("When he arrived, Obama thanked the crew.", None),
        ("This year, the festival drew 50,000 people.", None),
        ("Despite all this year's rain, the reservoirs are low.", None),
        ("For all that money, the team finished last.", None),
        ("In addition to ordering the pilot, AMC renewed the drama.", None),
        ("He [Lloyd J. Austin III] spoke by phone with Minister Guler.", None),
        ("[T]he militants withdrew from the city.", None),
        ("US aircraft struck ISIS camps in Syria.", None),  # the country, not "us"
        ("“We will not stop,” the minister said.", None),  # a quoted speaker, named
        ("I-95 was closed for six hours.", None),
        ("Young voters turned out in record numbers.", None),
        ("Youth unemployment rose to 14 percent.", None),
        ("\u201cYou will not divide us,\u201d the mayor told the crowd.", None),  # speech
        ("Residents said you could see the smoke from miles away, and schools closed.",
         None),  # past the opening clause: reported speech
        ("When the minister said \u201cyou will pay,\u201d the crowd jeered.", None),  # a quote
        ("Young voters, unlike their parents, backed the reform.", None),
        ("World War I ended in 1918.", None),  # a numeral after a capitalised word
        ("I'll fight for our heritage,\" says the governor in the new ad.", None),  # speech
        ('The minister said: "We will not stop."', "definite"),  # speech, and "The minister"
        # "besides" and "as well as" before a noun phrase are prepositions, not links
        ("Besides, the ferry had already left the harbour.", "connective"),
        ("Besides the new bridge, the council opened two schools this spring.", None),
        # "Further," as "Furthermore," (held-out news: "Further, the magazine claims that
        # the nation could find…" shown alone); "Further talks" is no link
        ("Further, the report says the port could handle twice as many ships.",
         "connective"),
        ("Further talks between the two unions are planned for next week.", None),
        # the writer's comment on the fact, before a comma: an opinion framed as the
        # writer's (issue 20), dropped like a connective; without a comma, a verb's manner
        ("Thankfully, nobody was inside the warehouse when the roof fell in.", "connective"),
        ("Sadly, the museum's oldest manuscript was lost in the fire.", "connective"),
        ("Sadly missed by his pupils, the teacher retired in June.", None),
        ("Unfortunately for the government, the vote failed by two.", None),
        ("As well as a former mayor, Ana Ortiz was a judge for ten years.", None),
        ("As well as Damascus, the rebels now hold the city of Homs.", None),
        ("In addition to Homs, the rebels took Hama on Sunday.", None),
        # "The" and a role noun as a verb's object: the subject is a thing, not a person
        # (a noun that retells the news, "The move", "The new law", dangles of itself: see
        # test_a_noun_that_retells_the_news_dangles_at_a_points_opening)
        ("The noise angered residents.", None),
        ("The new rule requires officers to wear cameras.", None),
        ("The rain also soaked the mayor and his guests.", None),
        # "The two sides", "The three ships": the article counted them before
        ("The two sides met in Geneva on Tuesday.", "definite"),
        ("The two met in Geneva on Tuesday.", "definite"),
        # "called" after a role noun is a verb unless a name follows it
        ("The governor called the floods devastating.", "definite"),
        ("The man called Ali Khan was released.", None),
        ("The pensioners spend most of the year saving for gifts.", "definite"),
        # a time told from the sentence before: later than what?
        ("Six hours later, the coast guard called off the search.", "connective"),
        ("A few days earlier, police had raided the warehouse.", "connective"),
        ("Minutes later the bridge collapsed into the river.", "connective"),
        ("2 days later, the bridge reopened.", "connective"),
        ("Shortly afterwards, the airport reopened.", "connective"),
        ("Later that night, the ferry docked in Dover.", "connective"),
        ("The next day, the ferry docked in Dover.", "connective"),
        ("Two years later than planned, the bridge opened in May.", None),
        ("Later this year, the bridge will open to traffic.", None),
        ("Six hours of talks ended without a deal.", None),
        # a pronoun in a fronted phrase refers ahead, to the person the clause opens with
        ("In his speech at the dinner, the mayor of Leeds thanked the volunteers.", None),
        ("In his speech at the dinner, the council thanked the volunteers.", "pronoun"),
        # a long fronted phrase: the clause after it still opens with a pronoun
        ("At the same time as the announcement of the new budget and its many measures, he "
         "named a date for the vote.", "pronoun"),
        # a possessive in the subject's "of" phrase: whose?
        ("Members of his family gathered outside the court.", "pronoun"),
        ("Some of their supporters left the party.", "pronoun"),
        ("News of her death spread quickly through the town.", "pronoun"),
        ("Supporters of the president gathered outside the court.", None),
        ("Because of his illness, Ana Lopez stayed at home.", None),
        # a fronted clause's own subject is what the pronoun after it refers to, when they
        # agree: people for "they", a person for "he", a thing for "it"
        ("When the soldiers reached the border, they found the village empty.", None),
        ("Though women make up a third of the staff, their numbers are rising.", None),
        ("As the storm approached the coast, it gained strength.", None),
        ("When the war began, he was ten years old.", "pronoun"),
        ("After the meeting ended, they went home.", "pronoun"),
        # role nouns in the plural, and a role noun in a fronted phrase: who?
        ("The researchers compared the two kinds of car.", "definite"),
        ("The nurses were unarmed and were shot.", "definite"),
        ("According to the mayor, the bridge will reopen in May.", "definite"),
        ("According to the mayor of Leeds, the bridge will reopen in May.", None),
        # a place's people in general, and people picked out by a participle, are no one
        # the article introduced before
        ("The state's teachers have settled their lawsuit with the governor.", None),
        ("The two journalists reported killed in the city were Syrians.", None),
        ("The journalists reported the story on Monday.", "definite"),
        # an age written in words; a clause between commas describes, it does not identify
        ("The twenty-two year-old is being treated in hospital.", "definite"),
        ("The man, who was carrying a rucksack, then ran onto the runway.", "definite"),
        ("The man who was carrying the rucksack ran onto the runway.", None),
        # a fronted participle clause, like any fronted phrase, before a pronoun
        ("Speaking to reporters, he said the talks had failed.", "pronoun"),
        ("Speaking to reporters, Ana Lopez said the talks had failed.", None),
        ("Nothing in the report, its authors said, was new.", None),
        # "However" links without its comma too; "However much…" is a concessive clause
        ("However one student received a merit for the paper.", "connective"),
        ("However yesterday's announcement will double the number of troops.", "connective"),
        ("However much the ministers tried, the talks failed.", None),
        ("However long the trial lasts, the verdict is not in doubt.", None),
        # "Then" goes on from what came before, with or without its comma; "Then-President"
        # is a title
        ("Then he came up with the idea of selling pixels at a dollar each.", "connective"),
        ("Then people went crazy.", "connective"),
        ("Then-President Bush signed the bill into law.", None),
    ],
)
def test_what_dangles_at_a_points_opening(sentence, kind):
    found = dangling(sentence)
    assert (found.kind if found else None) == kind


def test_a_first_person_essay_gives_no_point_that_opens_with_its_writer():
    text = ("I was finishing my studies when the war began four years ago. Three years ago, my "
            "family was forced to flee our home near Damascus. We stayed in Syria for the next "
            "year. We went to Jordan. The United Nations says more than four million Syrians "
            "have fled the country since the war began in 2011.")
    essay = Article(id="essay", title="", text=text)
    points = [k.text for k in summarize(essay).key_points]  # as many as a briefing shows
    assert points == ["The United Nations says more than four million Syrians have fled the "
                      "country since the war began in 2011."]
    # a caller that asks for three gets them, the best of the rest as they are
    asked = [k.text for k in summarize(essay, points=3).key_points]
    assert any(p.startswith("We ") for p in asked) and len(asked) >= 2
    # when no sentence stands alone, the headline speaks for the article
    diary = Article(id="diary", title="A teacher's year in exile", text=text.rsplit(" The", 1)[0])
    assert [k.text for k in summarize(diary).key_points] == ["A teacher's year in exile"]


def test_a_feature_that_opens_by_addressing_its_reader_gives_the_news_as_its_point():
    text = ("You feel like a stranger in a foreign place when you first arrive in Amman. "
            "More than 600,000 Syrian refugees are registered in Jordan, the UN refugee agency "
            "says. Most live in cities rather than in the camps near the border.")
    feature = Article(id="feature", title="Exile in Amman", text=text)
    assert [k.text for k in summarize(feature).key_points] == [
        "More than 600,000 Syrian refugees are registered in Jordan, the UN refugee agency "
        "says."]


def test_the_writer_speaking_to_the_reader_is_no_point_nor_shown_after_one():
    # "let's" is the writer's first person; "your" in the writer's own words addresses
    # the reader, and no sentence shown before it says who "you" or "I" is
    assert dangling("In other words, grab a cup of coffee and let's talk about race.")
    assert dangling("Pakistan needs your help.").kind == "reader"
    before = "Gunmen attacked a school in Peshawar on Tuesday, killing 132 children."
    for voice in ("Pakistan needs your help.", "I was in no less despair."):
        shown = StandAlone([before, voice])
        assert shown(1) is None and not shown.continues(1)
    # nor does a point that cannot stand alone take it along after itself
    essay = Article(id="appeal", title="", text=(
        f"{before} The attack shook a nation that has lost 55,000 civilians to terrorism. "
        "Pakistan needs your help. Its army has fought the militants for years."))
    assert not any("your help" in k.text for k in summarize(essay).key_points)
    # someone's reported words, and the generic "you" of an article's first sentence, stand
    assert dangling("Residents said you could see the smoke from miles away.") is None
    first = ("Senator Tracy Eide wants a law making it illegal to drive with a phone in "
             "your hand.")
    assert StandAlone([first]).alone(0) is not None
    assert StandAlone([before, first]).alone(1) is None
    # a capital "Me" or "Our" inside a sentence is a title's or a name's, not the writer's
    assert dangling("Foote also wrote historical fiction, including Follow Me Down.") is None
    assert dangling("Bent leads a group called the Lord Our Righteousness Church.") is None
    # a fragment of "Not" and no verb says what is not, of the sentence before it
    texts = ["Starbucks asked its local baristas to have conversations about race.",
             "Not the federal government or Congress."]
    assert dangling(texts[1]).kind == "ellipsis" and StandAlone(texts).alone(1) is None
    assert StandAlone(texts)(1).text == " ".join(texts)
    assert dangling("Not everyone agrees that the law should pass.") is None
    assert dangling("Not since 1986 has Russia had a worse disaster at sea.") is None
    # a short sentence that ends on an object pronoun leaves the thing meant unnamed; a
    # longer one often names it itself
    assert dangling("The Vatican today confirmed this.").kind == "object"
    assert dangling('Shoppers loved it."').words == "it"
    texts = ["A farmer in Kent is selling jars of fog online for ten pounds each.",
             "Tourists are actually buying them."]
    assert dangling(texts[1]).kind == "object" and StandAlone(texts).alone(1) is None
    assert StandAlone(texts)(1).text == " ".join(texts)
    assert dangling("The bomb was packed with nails, obliterating the person who "
                    "detonated it.") is None
    assert dangling("Officials asked what caused it?") is None  # a question: not this rule
    # a writer's comment without its comma still leaves what follows to be read
    assert dangling("Unfortunately because of an extremist minority, it is sometimes seen as "
                    "an extremist country.").words == "it"


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
    # so is the writer's comment on the fact ("Thankfully," in held-out CNN news)
    texts = ["Two crude bombs were thrown at a radio station in Kano on Thursday night.",
             "Thankfully, no one was hurt in the explosions, which shattered its windows."]
    shown = StandAlone(texts)(1)
    assert shown.text == "[N]o one was hurt in the explosions, which shattered its windows."
    assert _verbatim(shown, texts) == texts[1].removeprefix("Thankfully, n")
    # a time told from the sentence before goes with it
    texts = ["The ferry lost power off the coast on Sunday.",
             "Six hours later, the coast guard towed it into the harbour."]
    assert StandAlone(texts)(1).text == "[T]he coast guard towed it into the harbour."
    # a possessive in the subject's "of" phrase is resolved like any other
    texts = ["Ana Lopez, who ran the bakery in the square for fifty years, died on Sunday.",
             "News of her death spread quickly through the town."]
    assert StandAlone(texts)(1).text == (
        "News of her [Ana Lopez's] death spread quickly through the town.")
    # a preposition that looks like a connective is part of its sentence: kept whole
    texts = ["The mayor spent the day with the visiting delegation.",
             "Besides the meeting itself, Mayor Ana Lopez took the delegation to the harbour.",
             "As well as a former champion, Ana Ortiz was the federation's coach."]
    assert StandAlone(texts)(1).text == texts[1]
    assert StandAlone(texts)(2).text == texts[2]
    # "So began an odyssey" keeps its "So": "Began an odyssey" is no sentence
    texts = ["A tow truck took her car away in 2009.",
             "So began an odyssey with the police, the court and city hall."]
    assert StandAlone(texts).alone(1) is None


def test_a_linking_phrase_with_a_back_pointing_object_is_dropped_whole():
    # "As well as this," is the preposition "as well as" and its object, not the linking
    # phrase "As well": dropping only "As well" showed "[A]s this, Abraham was previously…"
    texts = ["Abraham has run the channel since April 2007.",
             "As well as this, Abraham was previously the general manager of a cable network.",
             "In addition to this, the board approved a new budget.",
             "As a result of that, the station closed for a week."]
    for i, rest in ((1, "Abraham was previously"), (2, "[T]he board approved"),
                    (3, "[T]he station closed")):
        assert dangling(texts[i]).kind == "connective"
        shown = StandAlone(texts)(i)
        assert shown is not None and shown.text.startswith(rest), (i, shown)
        assert dangling(shown.text) is None
    # with a real object the phrase opens a sentence that stands alone, kept as it is
    for text in ("As well as the money, Oxfam sent two doctors.",
                 "In addition to ordering the pilot, AMC renewed the drama.",
                 "As well as this year's award, Streep won a prize in 2008."):
        assert dangling(text) is None
        assert StandAlone([text])(0).text == text


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


def test_a_quotation_the_splitter_cut_is_shown_whole_or_not_at_all():
    texts = sentences(
        "The senator spoke to reporters on the steps of the Capitol on Friday. "
        '"There will be no mistakes on my way to the top -- if I decide to run. Who knows?" '
        "she said, throwing her hands in the air. "
        "The committee will vote on the bill next week, aides said.")
    opening = next(k for k, t in enumerate(texts) if t.startswith('"There will'))
    assert texts[opening + 1].startswith("Who knows?")  # the splitter cut the quotation
    shown = StandAlone(texts)
    # neither part alone: one leaves its quotation open, the other is someone's words
    # without their start
    assert shown.alone(opening) is None and shown.alone(opening + 1) is None
    whole = shown(opening + 1)
    assert whole.text == f"{texts[opening]} {texts[opening + 1]}"
    assert whole.first == opening and whole.text.count('"') == 2
    # nor is the quotation's start shown after the sentence before it
    assert shown(opening) is None and not shown.continues(opening)
    # a quotation left open for longer than a cut one is a stray mark: it spans nothing
    stray = ['The council called it "a disgrace.',
             *(f"Talks resumed on day {n}." for n in range(8))]
    assert StandAlone(stray).alone(0) is not None


def test_a_quotation_over_paragraphs_is_read_by_which_way_its_marks_face():
    # a quotation running over paragraphs opens each with a mark and closes only at its
    # end: its last sentence is someone's words, not a point of its own
    texts = sentences(
        "The city manager resigned on Tuesday after a scathing federal report. "
        'He continued: "During this time I have worked closely with the department. '
        '"And while I respect the work of the investigators, my office never told the '
        "police to target anyone. "
        'Any inferences of that kind from the report are simply false." '
        "The council voted 7-0 on a separation agreement the same day.")
    last = next(k for k, t in enumerate(texts) if t.startswith("Any inferences"))
    assert StandAlone(texts).alone(last) is None
    assert StandAlone(texts).alone(last + 1) is not None  # the quotation ended before it
    # the end of someone's words whose start is out of sight is no point either
    assert StandAlone(texts[last:]).alone(0) is None
    # a sentence with no odd mark is unaffected
    assert StandAlone(texts[-1:]).alone(0) is not None


def test_no_point_shows_half_a_quotation():
    text = ("Shepherd spoke after the club's board met in Newcastle on Thursday evening. "
            '"It is not about money. We have offered him a new contract and a bigger role. '
            'He knows what we think of him," Shepherd told the Evening Chronicle. '
            "The striker has scored 14 goals this season, more than anyone else at the club. "
            "Three other clubs have asked about him since January, the paper said.")
    article = Article(id="quote", title="Shepherd on his striker", text=text)
    for points in (None, 1, 2, 3):
        for point in summarize(article, points=points).key_points:
            assert point.text.count('"') % 2 == 0, point.text


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


@pytest.mark.parametrize(
    ("sentence", "speaker", "point"),
    [
        ("It's a pleasure to meet with Special Envoy Pederson from the UN to talk about the "
         "challenges that we face - indeed, face together - in Syria; our determination to "
         "work together to support a Syrian-led transition.", "SECRETARY BLINKEN", False),
        ("Thank you, Mr. President, for convening this important meeting on Syria.", "", False),
        ("I'm delighted to be here with the foreign minister today.", "MR PEDERSON", False),
        ("Is this the end of the ceasefire in the north?", "", False),
        ("It's interesting that Obama was so intent on recruiting him.", "", False),
        # the same frame: the writer vouches for what "everyone knows"
        ("It's no secret that the senator has a young fanbase online.", "", False),
        ("It is an open secret that the ministry overspent.", "", False),
        ("I think the deal is a mistake for the region.", "", False),
        ("(Laughter and applause from the audience.)", "", False),
        # statements, someone else's opinion, a question reported as said
        ("I think the deal is a mistake for the region.", "SECRETARY BLINKEN", True),
        ("Thanks to the rain, the harvest was the largest in a decade.", "", True),
        ("Good Morning America aired the interview on Monday.", "", True),
        ("It was no secret meeting: the ministers met in public in Geneva.", "", True),
        ('"Why now?" the minister asked reporters in Geneva.', "", True),
    ],
)
def test_what_is_no_point(sentence, speaker, point):
    assert is_point(sentence, speaker) is point


def test_a_stage_direction_is_no_point():
    assert is_stage_direction("(Applause.)") and is_stage_direction("[inaudible]")
    assert is_stage_direction("MR PEDERSON: (BEGIN VIDEO CLIP)")
    assert not is_stage_direction("(The minister, incidentally, left early.)")


def test_the_lead_fact_is_a_point_even_when_the_article_goes_on_about_something_else():
    lead = ("Government forces and allied militias, backed by heavy artillery, armoured columns "
            "and helicopter gunships that had been moved north over several weeks, on Saturday "
            "retook the northern town of Kafr Nabl and three surrounding villages after four "
            "days of fighting that residents said had killed at least 40 civilians.")
    rest = ("Aid agencies said the fighting had cut the water supply to the valley. Aid "
            "agencies said thousands of families had fled the valley to camps near the border. "
            "The water supply to the camps near the border was also cut, aid agencies said. "
            "Families in the camps said the water supply had been cut for three days. Aid "
            "agencies appealed for access to the valley and the camps.")
    (point,) = summarize(Article(id="a", title="", text=f"{lead} {rest}")).key_points
    assert point.position == 0 and point.text == lead


def test_the_seed_readout_shows_resolved_points_that_trace_to_the_article():
    text = _body(READOUT)
    cleaned = sentence_lines(text)
    points = summarize(Article(id="readout", title="", text=text), points=3).key_points
    both = next(p for p in points if p.text.startswith("Both he [Lloyd J. Austin III]"))
    assert untraced(both.text, both.spans, cleaned) is None
    assert [cleaned[a:b] for a, b in both.spans][0] == "Both he"
    # a span that does not copy the article is caught
    assert untraced(both.text.replace("agreed", "agrees"), both.spans, cleaned) is not None
    assert untraced(both.text, ((both.spans[0][0] + 1, both.spans[0][1]), *both.spans[1:]),
                    cleaned) is not None


def test_brackets_render_as_text_in_markdown_html_pdf_and_spans_reach_briefing_json(
        run_cli, workdir):
    pypdf = pytest.importorskip("pypdf")
    (workdir / "briefing.toml").write_text("[summary]\npoints = 3\n")
    result = run_cli("build", "--source", str(READOUT), "--date", "2024-12-08")
    assert result.code == 0, result.err
    out = next((workdir / "out").glob("2024-12-08*"))
    md = (out / "briefing.md").read_text(encoding="utf-8")
    assert r"Both he \[Lloyd J. Austin III\] and Minister Guler" in md  # escaped: not a link
    assert "](" not in md.split(r"\[Lloyd J. Austin III\]")[1].split("\n")[0].split("(U.S.")[0]
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "Both he [Lloyd J. Austin III] and Minister Guler" in html
    assert not re.search(r"<a[^>]*>[^<]*\[Lloyd", html)
    reader = pypdf.PdfReader(out / "briefing.pdf")
    pdf = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Both he [Lloyd J. Austin III] and Minister Guler" in pdf
    data = json.loads((out / "briefing.json").read_text(encoding="utf-8"))
    cleaned = sentence_lines(_body(READOUT))
    shown = [p for s in data["sections"] for st in s["stories"] for p in st["key_points"]]
    both = next(p for p in shown if p["text"].startswith("Both he [Lloyd J. Austin III]"))
    assert untraced(both["text"], [tuple(s) for s in both["spans"]], cleaned) is None


def test_the_measure_counts_dangling_points_in_a_prediction_file(tmp_path):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "a", "key_points": [
        "She was the second woman to lead the agency.",
        "The council approved the budget on Monday.",
        'Who knows?" she said, throwing her hands in the air.']}) + "\n")
    run = subprocess.run([sys.executable, str(REPO / "bench" / "standalone.py"), "--pred",
                          str(pred), "--list"], capture_output=True, text=True, check=True)
    assert "points     3  dangling    1  share  33.3%  half-quoted   1" in run.stdout
    assert "[pronoun: She] She was the second woman" in run.stdout
    assert '[half a quotation] Who knows?" she said' in run.stdout


def test_a_word_cut_where_the_opening_ends_is_not_read_as_a_pronoun():
    """The rules read a sentence's first 200 characters; a word cut there ("well" as "we",
    "Ithaca" as "I") is no writer's first person."""
    head = ("A storm cut power to homes, farms and schools across the region on Sunday, "
            "closed the main road to the port for the second time this year and left ")
    for tail in ("families without heat, as well as thousands of businesses.",
                 "families without heat in Ithaca and in the towns around it."):
        cut = tail.index("we" if "well" in tail else "I")
        for pad in range(1, 4):  # the cut falls inside the word, after one to three letters
            digits = 200 - len(head) - cut - pad - 1
            text = f"{head}{'1' * digits} {tail}"
            assert 200 - 4 < text.index(tail) + cut < 200
            assert dangling(text) is None, text[190:210]


def test_the_measure_reads_a_briefings_points_with_their_speakers(tmp_path):
    """A transcript's point is shown after its speaker's name ("SECRETARY BLINKEN: I look
    forward…"): its first person is that speaker, not a writer the reader never met."""
    def point(position: int, text: str, speaker: str = "") -> dict:
        return {"article_id": "t", "position": position, "text": text, "speaker": speaker}

    briefing = tmp_path / "briefing.json"
    briefing.write_text(json.dumps({"sections": [{"stories": [{"key_points": [
        point(1, "I look forward to comparing notes with the envoy.", "SECRETARY BLINKEN"),
        point(2, "We went to Jordan.")]}]}], "top_lines": []}))
    run = subprocess.run([sys.executable, str(REPO / "bench" / "standalone.py"), "--briefing",
                          str(briefing), "--list"], capture_output=True, text=True, check=True)
    assert "points     2  dangling    1  share  50.0%" in run.stdout
    assert "[first person: We] We went to Jordan." in run.stdout


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # a noun that retells the news ("The blast", "The deal", "The company") as the
        # subject, with nothing after it to say which: as unidentified as "The comedian"
        ("The blast shattered windows up to a kilometre away.", "definite"),
        ("The company said no crew member had been hurt.", "definite"),
        ("The new law also prohibits reading email while driving.", "definite"),
        ("The deal, which took a year to agree, opens Saudi markets to US goods.",
         "definite"),
        ("On Monday, the company said it would appeal.", "definite"),
        ("The talks ended without an agreement on Friday.", "definite"),
        ("The payments, given to those unable to work, are $70 a week.", "definite"),
        ("The sources, however, dispute where the missiles were launched.", "definite"),
        # named in brackets, identified after it, or a name: self-standing
        ("The company [Norvel] said no crew member had been hurt.", None),
        ("The company Norvel said no crew member had been hurt.", None),
        ("The study of 4,000 nurses found no link.", None),
        ("The report released on Tuesday by the UN said rates had fallen.", None),
        ("The United Nations said the talks would resume.", None),
        ("The European Central Bank raised interest rates.", None),
        ("The world's tallest building opened in Dubai.", None),
        ("The blast of cold air reached the coast on Monday.", None),
        ("The talks called Geneva II open on Friday.", None),
    ],
)
def test_a_noun_that_retells_the_news_dangles_at_a_points_opening(sentence, kind):
    found = dangling(sentence)
    assert (found.kind if found else None) == kind


@pytest.mark.parametrize(
    ("sentence", "dangles"),
    [
        # an event named only as "the <event>", wherever it stands: which one?
        ("Three shops were closed for a week as a result of the incident.", True),
        ("Nine injuries were reported as a result of the incident.", True),
        ("In response to the incident, the army sealed off the valley.", True),
        ("A police spokesman later spoke about the incident to reporters.", True),
        ("Mayor Ana Ruiz flew in from the capital for the event.", True),
        # said which by what follows it, or told of before it in the same text
        ("Eleven passengers were hurt in the incident near Dover on Sunday.", False),
        ("A gas main exploded under the street in what police called a rare incident.", False),
        ("A gas main exploded under the street and the incident broke windows a mile away.",
         False),
        ("Officials condemned the incident at the embassy.", False),
        ("In the event of rain, officials will move the concert indoors.", False),
        # a specific noun tells the kind of event: only its opening "The blast…" counts
        ("Three shops were closed for a week as a result of the blast.", False),
    ],
)
def test_an_event_named_only_as_the_event_does_not_stand_alone(sentence, dangles):
    found = dangling(sentence)
    assert (found is not None and found.kind == "event") == dangles, found


def test_a_point_that_retells_an_event_is_shown_after_the_sentence_that_tells_it():
    texts = ["A freight train derailed outside Hallam on Tuesday.",
             "Nobody was injured, the rail operator said.",
             "A tanker truck collided with a bus on the coast road on Monday.",
             "Eleven passengers were hurt in the incident.",
             "Eleven passengers were hurt in the incident, the police said later."]
    shown = StandAlone(texts)
    # alone it does not say what happened; after the sentence that tells of it, it does
    assert shown.alone(3) is None
    assert shown(3).text == f"{texts[2]} {texts[3]}"
    # a sentence shown before it may tell of it in other words: "the incident" is that
    assert dangling("Mayor Ana Ruiz opened the Hallam Flower Show. The event drew 9,000 "
                    "visitors.") is None
    # the article's first sentence tells its event itself, whatever word it uses for it
    lead = ["Two men robbed a jeweller in Ayr and one was arrested after the incident.",
            "The shop reopened on Friday."]
    assert StandAlone(lead).alone(0).text == lead[0]


def test_an_event_told_by_a_clause_before_it_in_the_same_sentence_is_no_back_reference():
    assert dangling("A climber fell from the north face on Sunday, and two rangers were "
                    "hurt in the rescue after the incident.") is None
    assert dangling("Two rangers were hurt in the rescue after the incident.").kind == "event"


def test_the_measure_reads_the_incident_in_an_articles_first_sentence_as_told_there(tmp_path):
    def point(position: int, text: str) -> dict:
        return {"article_id": "t", "position": position, "text": text, "speaker": ""}

    briefing = tmp_path / "briefing.json"
    briefing.write_text(json.dumps({"sections": [{"stories": [{"key_points": [
        point(0, "A ferry ran aground off Skye on Monday in what the coastguard called a "
                 "minor incident."),
        point(0, "Twelve people were rescued from a ferry off Skye after the incident."),
        point(3, "Two crew members were treated in hospital after the incident.")]}]}],
        "top_lines": []}))
    run = subprocess.run([sys.executable, str(REPO / "bench" / "standalone.py"), "--briefing",
                          str(briefing), "--list"], capture_output=True, text=True, check=True)
    assert "points     3  dangling    1  share  33.3%" in run.stdout
    assert "[event: the incident] Two crew members" in run.stdout


def test_a_quotation_said_by_a_pronoun_names_its_speaker_or_does_not_stand_alone():
    assert dangling('"The harbour wall will hold," she said.').kind == "pronoun"
    assert dangling('"The harbour wall will hold," Ines Moreau said.') is None
    texts = ["Engineer Ines Moreau inspected the harbour wall on Friday.",
             '"The wall will hold through the winter," she said.',
             "Fishermen and their families watched from the quay.",
             '"Nobody told us anything," they said.']
    shown = StandAlone(texts)
    assert shown(1).text == '"The wall will hold through the winter," she [Ines Moreau] said.'
    assert dangling(shown(1).text) is None
    # "they" is no one the article names: shown after the sentence before, which says who
    assert shown(3).text == f"{texts[2]} {texts[3]}"


@pytest.mark.parametrize(
    "sentence",
    ["The victory lifts the club to third place in the league.",
     "The warning was lifted two hours later.",
     "The allegations were denied by the company's lawyers on Friday.",
     "The changes were approved by the council in April."],
)
def test_a_noun_that_retells_an_outcome_or_a_statement_points_back(sentence):
    # a win, a warning, allegations: "The" before one retells what the article told
    found = dangling(sentence)
    assert found is not None and found.kind == "definite"
    texts = ["Hallam Rovers beat Ayr United 3-1 at home on Saturday.", sentence]
    assert StandAlone(texts).alone(1) is None
    assert StandAlone(texts)(1).text == f"{texts[0]} {sentence}"


def test_these_and_a_noun_after_a_preposition_point_back():
    # "these" before a noun is what the sentences before told; "this" and "these days"
    # may be the writer's present
    assert dangling("Despite these warnings, the ferry sailed at noon.").kind == "demonstrative"
    assert dangling("During these days, the market stays open late.") is None
    assert dangling("During this transition period, the council meets weekly.") is None
    texts = ["Forecasters warned of gales in the strait on Monday.",
             "Despite these warnings, the ferry sailed at noon."]
    assert StandAlone(texts).alone(1) is None
    assert StandAlone(texts)(1).text == f"{texts[0]} {texts[1]}"


def test_a_days_possessive_before_a_noun_that_retells_points_back_as_the_does():
    assert dangling("Today's announcement also extended the rail fund.").kind == "definite"
    assert dangling("Tuesday's attack killed twelve people.").kind == "definite"
    assert dangling("Monday's weather was fine for the race.") is None
    texts = ["Transport minister Ana Ruiz announced new trains for the north.",
             "Today's announcement also extended the fund for extra carriages."]
    assert StandAlone(texts).alone(1) is None
    assert StandAlone(texts)(1).text == f"{texts[0]} {texts[1]}"
    # an article's first sentence tells its news itself
    assert StandAlone(texts[1:]).alone(0).text == texts[1]


@pytest.mark.parametrize(
    "sentence",
    ["The weakest results came from the northern districts.",
     "The Glasgow-based firm reported a loss of £3 million.",
     "The latest reports said the road would reopen on Monday."],
)
def test_a_superlative_or_a_place_compound_before_a_retelling_noun_names_nothing(sentence):
    # "weakest" is no noun whose verb is "results"; "Glasgow-based" describes, not names
    found = dangling(sentence)
    assert found is not None and found.kind == "definite", found


def test_a_noun_in_est_may_still_be_followed_by_its_verb():
    assert dangling("The protest grows larger each day in the capital.").kind == "definite"
    assert dangling("The interest rates rose again.") is None


def test_a_point_that_is_only_a_quotation_has_no_speaker():
    found = dangling('"We saw the drill as part of a routine exercise."')
    assert found is not None and found.kind == "quotation"
    assert dangling('"We saw the drill as routine," Colonel Ana Ruiz said.') is None
    texts = ["Navy spokesman Tom Reyes spoke after the drill on Friday.",
             '"We saw the drill as part of a routine exercise."',
             "The next drill is planned for March."]
    shown = StandAlone(texts)
    assert shown.alone(1) is None
    assert shown(1).text == f"{texts[0]} {texts[1]}"  # after who said it


@pytest.mark.parametrize(
    "sentence",
    ["The official death toll from the storm in the north is now nearing 300.",
     "The official count of the missing has reached 2,300.",
     "The chief prosecution witness in the fraud trial withdrew his statement.",
     "The general election in Ruritania is set for 4 May."],
)
def test_a_role_word_used_as_an_adjective_names_no_person(sentence):
    # "official", "chief", "general" describe the noun after them here, as adjectives:
    # "The official death toll from the storm…" points back to no official
    assert dangling(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    ["The official said the road would reopen on Monday.",
     "The official also declined to comment on the storm.",
     "The chief executive said on Tuesday that she would stay.",
     "The general ordered the troops to withdraw.",
     "The official spoke on condition of anonymity."],
)
def test_a_role_word_that_heads_its_noun_phrase_still_dangles(sentence):
    found = dangling(sentence)
    assert found is not None and found.kind == "definite", found


def test_an_articles_lead_with_an_official_toll_is_its_point():
    """Read on a Wikinews day of March 2011: a quake report's lead ("The official death toll
    from the devastating … earthquake … is now nearing 1,900, while police … say …") was
    taken for "The official", a person not named, and the day's toll was no point at all."""
    lead = ("The official death toll from the floods that hit the coast on Monday is now "
            "nearing 400, while police officials say that the final toll will be at least "
            "2,000 people dead.")
    rest = ("Rescue teams are still searching the coastal villages. About 80,000 people "
            "have been left without homes; schools are housing them for now. In the "
            "southern province, relief goods are only about a tenth of what is needed.")
    points = summarize(Article(id="a", title="", text=f"{lead}\n\n{rest}")).key_points
    assert points and points[0].position == 0 and points[0].text == lead


def test_what_its_place_resolves_does_not_dangle_as_shown():
    """One rule for the mending and the measure: a transcript's "I" after its speaker's
    name, and "the incident" in an article's first sentence, are resolved where shown."""
    from briefing.standalone import dangling_as_shown

    speech = "I look forward to this opportunity to compare notes with the envoy."
    assert dangling_as_shown(speech).kind == "first person"
    assert dangling_as_shown(speech, speaker_named=True) is None
    lead = "Two girls were found dead, and three men have been arrested over the incident."
    event = "Three men have been arrested over the incident."
    assert dangling_as_shown(event).kind == "event"
    assert dangling_as_shown(event, opens_article=True) is None
    assert dangling_as_shown(lead) is None  # the clause before it tells of the event


def test_first_quote_mark_agrees_with_reading_every_character():
    """`first_quote_mark` visits only the quotation marks (speed: it runs on every candidate
    point); this is the character-by-character reading it replaced, and must agree with."""
    from briefing.standalone.quotes import QUOTE_MARKS, first_quote_mark
    from briefing.standalone.tokenizing import OPENING_CHARS

    def plain(text: str) -> int:
        for i, c in enumerate(text[:OPENING_CHARS]):
            apostrophe = c in "'’" and 0 < i < len(text) - 1 and text[i - 1].isalpha() \
                and text[i + 1].isalpha()
            if c in QUOTE_MARKS and not apostrophe:
                return i
        return OPENING_CHARS

    texts = sentences(FOUNDING.read_text(encoding="utf-8")) + sentences(_body(READOUT))
    texts += ["Our team’s lead held, “he said.", "'Tis", "x'", "'", "«Non» said he", "",
              "a" * 199 + "“", "a" * 200 + "“", "Jaguars' lead „low“ ‘fine’"]
    for text in texts:
        assert first_quote_mark(text) == plain(text), text
