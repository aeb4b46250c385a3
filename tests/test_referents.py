"""Who a key point's "he", "she" or "the president" is, on real sentences.

Every case is a run of sentences from the shared development sets that make up the mixed
day (summ-dev, stories-dev, offtopic-dev; ``bench/insertions.py`` lists every insertion
there with the sentences before it). Each named the wrong person or thing in brackets
before the rules of ``briefing.referents`` (agreement, the nearest sentence that names
someone, names of things and quoted or cited names left out, abstaining when someone else
could be meant); now it names no one, or the right person.
"""

from __future__ import annotations

import re

import pytest

from briefing.mending import StandAlone
from briefing.referents import people

INSERTION = re.compile(r"\[[^\[\]]{2,}\]")

WRONG_BEFORE_NO_NAME_NOW = {
    # 1e77252d56cbfd963e7249e79931c75c744cd0d7:
    # was [Jihadi John's]: the lawyer is the father's
    "his_lawyer_is_the_fathers": [
        "There is nothing shy, nothing gentle, nothing playful about him.",
        "He starred in grisly ISIS videos depicting the beheading of hostages, punctuating his "
        "horrific actions with taunts at the United States.",
        "A man who says he is Emwazi's father told the Kuwaiti newspaper al Qabas that \"there "
        "is nothing that proves\" the man known as Jihadi John is his son, Mohammed.",
        "His Kuwait-based lawyer, Salem Al-Hashash, told CNN that the family plans to sue "
        "anyone who makes the connection, calling the father Jassem Emwazi a \"victim of libel.\"",
    ],
    # 2bb29e5d18490afac413f23c95b0f6becee7f25b:
    # was [Beji Caid Essebsi]: it is the uncle, a Labidi too, and the president is only cited
    "the_uncle_speaks_not_the_president": [
        "He said Yassine was \"known to the security services, he was flagged and monitored,\" "
        "but not known or being followed for anything special.",
        "Authorities have arrested nine people in connection with the attack, including four "
        "directly linked to it, according to a statement from Tunisian President Beji Caid "
        "Essebsi.",
        "An uncle of Yassine Labidi, Abeld Malik Labidi, told CNN on Friday that no one he knew "
        "had seen any signs of extremism in his 26-year-old nephew.",
        "But he said Yassine Labidi was one of the two gunmen killed at the museum.",
    ],
    # 6ec87637a43d17ae35fc144774dcf9be7bf0fa0c:
    # was [Dalian Daily]: a newspaper's name
    "a_newspaper_is_no_reporter": [
        "Two Chinese men have been jailed for selling military intelligence, including hundreds "
        "of photos of China's first aircraft carrier, to foreign spies, state media reported.",
        "According to the Dalian Daily, the two men, surnamed Han and Zhang, were sentenced to "
        "eight and six years in prison respectively earlier this year.",
        "The report said that Han, 30, was approached by a person claiming to be a journalist "
        "via the instant messaging app WeChat.",
        "The \"reporter\" assigned Han to work in a military base, taking photos of \"sensitive "
        "areas\" of a major military project with his phone in the name of news gathering.",
    ],
    # it-2dc0d4b9255d:
    # was [Toyota Camry]: a car
    "a_car_is_no_driver": [
        "According to investigators, a woman was killed by a hit-and-run driver in Queens on "
        "the night of Sept. 13.",
        "At approximately 7 p. m., the woman was walking near the intersection of 117th Street "
        "and 97th Avenue in Richmond Hill.",
        "She was walking among some parked cars when she was hit by a grey Toyota Camry that "
        "had been traveling north on 117th Street.",
        "The driver fled the accident scene but was apprehended by police officers.",
    ],
    # it-ade61d8c58f3:
    # was [Barack Obama]: the sentence before is about "he" (Trump); Obama is an object
    "the_subject_he_is_trump_not_obama": [
        "Chief Justice John Roberts administered the 38-word oath at 12:00 p.m., capping "
        "Trump’s unlikely journey from New York City real estate developer and reality TV star "
        "to the nation’s highest office.",
        "Trump won the Republican nomination against a crowded field of 16 other candidates, "
        "many far more experienced in politics.",
        "But he was able to capitalize on a primary voting base that was angry at the "
        "establishment GOP for not more aggressively fighting President Barack Obama’s policies.",
        "He trailed Democratic nominee Hillary Clinton in the general election nearly the "
        "entire way.",
    ],
    # it-9024861ba5dd:
    # was [Jerry Strickland]: it is Brent Jeffs, "Jeffs' nephew"
    "the_nephew_testified_not_the_spokesman": [
        "Jeffs, 55, will have to spend at least 45 years in prison before being eligible for "
        "release, according to Jerry Strickland, spokesman for the Texas Attorney General's "
        "office.",
        "The jury sentenced Jeffs to life in prison for aggravated sexual assault of a "
        "12-year-old girl and 20 years in prison for the sexual assault of a 15-year-old girl.",
        "He must serve at least 35 years of the life sentence and half of the other sentence, "
        "Strickland said.",
        "The judge in the case ordered that the sentences be served consecutively.",
        "\"Justice has been served, \"Jeffs' nephew, Brent Jeffs, told InSession soon after the "
        "sentence.",
        "He testified during the penalty phase of his uncle's trial that Jeffs raped him when "
        "he was 5 years old.",
    ],
    # it-4a0ab483c207:
    # [Barack Obama] was put in while the bracket rules grew: "the vice president" is Biden
    "the_vice_president_is_not_president_obama": [
        "Joe Biden did everything President Barack Obama did not last week, and a good bit more.",
        "The vice president dominated the spotlight in the only debate between himself and Rep. "
        "Paul Ryan (R-Wis.), charging at Republican Mitt Romney's running mate from the get-go "
        "and bombarding him with a flurry of eye rolls, interjections and accusations.",
    ],
    # 75c7f75d1804f64b9c8fbff4240b4eeda098ff73:
    # was [Knowing Andreas]: a quotation's words
    "a_name_inside_a_quotation": [
        "What more can you hope to achieve?\"",
        "The authorities' explanation doesn't ring true for Peter Ruecker, another pilot who "
        "knew him from the flight club.",
        "\"Knowing Andreas, this is just inconceivable for me,\" Ruecker told the Reuters news "
        "agency.",
        "\"He was a lot of fun, even though he was perhaps sometimes a bit quiet,\" Ruecker said.",
    ],
    # 61a34a0926cdd21fcf0c5a12191d7a4cd167b047:
    # was [Hijo del Perro]: quoted in a tweet; it was Rey Mysterio who posted
    "a_name_only_quoted": [
        "Aguayo's death prompted an outpouring of grief on social media from fans and members "
        "of the wrestling industry.",
        "\"I will miss you and carry you with me for the rest of my life,\" tweeted Rey Mysterio, "
        "who landed the flying kick on Aguayo.",
        "\"Rest in peace, Hijo del Perro.\"",
        "He posted two images on Instagram that appeared to show him and Aguayo at a young age "
        "and again later in life.",
    ],
}

WRONG_BEFORE_RIGHT_NOW = {
    # it-bc7404a4dbfa:
    # was [Harry Reid]: the Senate leader; "President Obama Monday" is Obama
    "the_president_is_obama": ([
        "Senate Majority Leader Harry Reid broke with President Obama Monday over the proposed "
        "mosque near Ground Zero, saying the controversial Islamic center should be built "
        "elsewhere.",
        "Spokesman Jim Manley said in a written statement that Republicans should show their "
        "sincerity about sensitivity to Sept. 11 survivors by backing a high-profile bill to "
        "grant health benefits to rescue workers, something that stalled in Congress earlier "
        "this month.",
        "But at the same time, Manley put Reid on the record for the first time in the "
        "hyper-sensitive and volatile mosque debate.",
        "\"The First Amendment protects freedom of religion,\" Manley said.",
        "\"Sen. Reid respects that but thinks that the mosque should be built someplace else.\"",
        "Reid's comments added another high-profile voice to the mosque controversy.",
        "The president first stepped into the fray Friday when he appeared to endorse the Park "
        "51 project during a Ramadan dinner at the White House.",
    ], "The president [Obama] first stepped"),
    # it-2ad1d7401336:
    # was [Indianapolis Star]; "Gov. Mike Pence of Indiana" is Mike Pence
    "the_governor_of_indiana": ([
        "Gov. Mike Pence of Indiana, moving to address a growing political firestorm over a "
        "religious freedom law enacted last week, said over the weekend that he would seek "
        "legislation to clarify the intent of the law, and rejected assertions that it "
        "sanctioned discrimination against gays and lesbians.",
        "The governor, a Republican, told The Indianapolis Star on Saturday that he was taken "
        "aback by negative reactions to the state’s Religious Freedom Restoration Act, which he "
        "signed into law on Thursday.",
        "He told the newspaper that he expected legislation clarifying the law to be introduced "
        "in the General Assembly this week, but offered no details.",
    ], "He [Mike Pence] told the newspaper"),
    # bbc-tech-063:
    # was [Go Digital], a radio programme; "He" goes on about Negroponte
    "a_programme_is_no_person": ([
        "Nicholas Negroponte, chairman and founder of MIT's Media Labs, says he is developing a "
        "laptop PC that will go on sale for less than $100 (Â£53).",
        "He told the BBC World Service programme Go Digital he hoped it would become an "
        "education tool in developing countries.",
        "He said one laptop per child could be \" very important to the development of not just "
        "that child but now the whole family, village and neighbourhood\".",
    ], "He [Nicholas Negroponte] said one laptop"),
    # 8d12cced408e62d539275392fc08d8127ac2e1fc:
    # a "She" between, naming no one, goes on about the same person
    "she_goes_on_about_her": ([
        "Serena Williams had a big decision to make earlier this year, and she wanted to run it "
        "by her parents.",
        "She was nervous.",
        "She wanted to see whether they would support her going back to Indian Wells, "
        "California, to play in a tournament she had skipped 13 times since winning in 2001.",
    ], "She [Serena Williams] wanted to see"),
}


@pytest.mark.parametrize("name", WRONG_BEFORE_NO_NAME_NOW)
def test_no_name_in_brackets_where_someone_else_could_be_meant(name):
    texts = WRONG_BEFORE_NO_NAME_NOW[name]
    last = len(texts) - 1
    assert StandAlone(texts).alone(last) is None
    shown = StandAlone(texts)(last)  # the pair with the sentence before, if short
    assert shown is None or not INSERTION.search(shown.text)


@pytest.mark.parametrize("name", WRONG_BEFORE_RIGHT_NOW)
def test_the_right_name_in_brackets(name):
    texts, opening = WRONG_BEFORE_RIGHT_NOW[name]
    shown = StandAlone(texts).alone(len(texts) - 1)
    assert shown is not None and shown.text.startswith(opening)
    # every word but the insertion is the sentence's own
    assert INSERTION.sub("", shown.text).replace("  ", " ") == texts[-1]


def test_a_name_ends_before_a_day_a_place_or_a_league():
    names = [p.name for p, _ in people(
        "Senate Majority Leader Harry Reid broke with President Obama Monday over the "
        "proposed mosque near Ground Zero.")]
    assert names[:2] == ["Harry Reid", "Obama"]  # not "Obama Monday"
    assert [p.name for p, _ in people(
        "Gov. Mike Pence of Indiana, moving to address a growing political firestorm, said "
        "over the weekend that he would seek legislation.")] == ["Mike Pence"]
    assert people("The historic occasion was the first ever Major League Soccer match -- a "
                  "brave new dawn for the world's favorite sport.") == []


# Made-up cases: a role noun before a name says which pronoun the person takes ("foster mom
# Laura Smith" is no "his"), as a title does ("Mrs. Smith").
ROLE_BEFORE_THE_NAME = {
    "his_is_not_the_foster_mom": [
        "Rocket, a three-year-old mule, is walking again thanks to months of training.",
        "\"You cannot explain to an animal why you are doing this,\" foster mom Dana "
        "Whitfield told a local station.",
        "The Vermont mule's legs suffered extreme damage from frostbite.",
        "His hooves were then reportedly trimmed by his trainer.",
    ],
    "his_is_not_the_actress": [
        "The fire spread quickly through the block on Monday night.",
        "\"We heard a bang and ran,\" said actress Joan Fairley, who lives on the first floor.",
        "The block's stairwell was destroyed by the heat.",
        "His apartment on the third floor was gutted, police said.",
    ],
}


@pytest.mark.parametrize("name", ROLE_BEFORE_THE_NAME)
def test_a_role_noun_before_a_name_rules_out_the_other_pronoun(name):
    texts = ROLE_BEFORE_THE_NAME[name]
    shown = StandAlone(texts).alone(len(texts) - 1)
    assert shown is None or not INSERTION.search(shown.text), shown


def test_a_role_noun_before_a_name_still_lets_its_own_pronoun_refer_to_it():
    texts = ["Rescuers pulled a man from the river on Sunday, police said.",
             "\"We were lucky,\" said his wife Maria Delgado, who called for help.",
             "She had seen him slip from the bank while they walked the dog on Sunday morning."]
    shown = StandAlone(texts).alone(len(texts) - 1)
    assert shown is None or "[Maria Delgado]" in shown.text, shown
    assert [p.pronouns for p, _ in people(texts[1])] == [frozenset({"she"})]


def test_a_name_with_letters_beyond_ascii_is_copied_whole():
    """A surname that opens with "Ż", "Ş" or "Ö" is part of the name: a bracket that cut it
    off ("He [Forward Maciej]") named no one, and took a position for a given name."""
    assert [p.name for p, _ in people(
        "Striker Tomasz Żelazny signed a two-year contract with the club on Monday.")] == [
        "Tomasz Żelazny"]
    assert [p.name for p, _ in people(
        "Prosecutors questioned Ayşe Öztürk, a former minister, for six hours.")] == [
        "Ayşe Öztürk"]
    texts = ["Forward Tomasz Żelazny, one of the league's top scorers, signed for the club "
             "on Monday.",
             "He is now waiting for the two clubs to agree on a fee."]
    assert StandAlone(texts)(1).text == (
        "He [Tomasz Żelazny] is now waiting for the two clubs to agree on a fee.")


@pytest.mark.parametrize("role", ["princess", "duchess", "actress", "witness"])
def test_a_singular_role_noun_in_ss_is_someone_else_who_could_be_meant(role):
    """"the princess" is one person, as "the actress" is: a "she" after a sentence that names
    Mary Jones and the princess could be either, so no name goes in brackets. (The rule
    took every role noun in -s but four for a plural, and "the princess" for no one.)"""
    texts = ["The palace opened its gardens to the public on Saturday.",
             f"Mary Jones, a gardener, showed the {role} around the rose beds.",
             "She said the roses had never looked better."]
    shown = StandAlone(texts).alone(len(texts) - 1)
    assert shown is None or not INSERTION.search(shown.text), shown


def test_a_radio_station_or_a_newspaper_is_no_person_for_he():
    """"Fox News Radio" ends in a word no person's name ends in, as "The Indianapolis Star"
    is a thing's: a "He" after it was put in brackets as [Fox News Radio]. (Made up.)"""
    texts = ["Mark Tellen was named the new press secretary on Tuesday.",
             "Tellen, 50, replaces Ann Korr, who resigned last week.",
             "At the network, Tellen was a weekend host on Sunrise News Radio.",
             "He was also a columnist for the Lakeside Daily Herald from 1993 to 2001."]
    assert [p.name for p, _ in people(texts[2])] == []
    assert [p.name for p, _ in people(texts[3])] == []
    shown = StandAlone(texts).alone(3)
    assert shown is None or "[Sunrise" not in shown.text and "[Lakeside" not in shown.text


def test_a_name_with_a_hyphenated_particle_is_someone_who_could_be_meant():
    """"Jawad al-Maliki" is a person as "Jalal Talabani" is: a "He" after a sentence that
    names both could be either, so no name goes in (the particle's lower-case "al-" hid
    al-Maliki, and "He [Jalal Talabani] will replace…" named the wrong man). (Made up.)"""
    texts = ["Nouri al-Haddad of the Dawa Party has been named prime minister-designate by "
             "President Karim Sadiq.",
             "He will replace interim Prime Minister Ali Hamdan next month."]
    assert "Nouri al-Haddad" in [p.name for p, _ in people(texts[0])]
    shown = StandAlone(texts).alone(1)
    assert shown is None or "[Karim Sadiq]" not in shown.text, shown


# Sentences written for these rules (read on a fresh Wikinews sample, "brackets-D"): each
# put a wrong name or phrase in brackets before the rule below it.


def test_these_with_two_phrases_of_its_noun_before_is_not_resolved():
    # "these parties" are the small parties, not "the big parties": a sentence with two
    # phrases of the noun does not say which one is meant ("one of these parties [the major
    # parties]" was read on Wikinews)
    texts = [
        "With a city election coming up, many small parties will be hoping to make the big "
        "parties listen to them.",
        "The Cyclists' League is one of these parties.",
    ]
    shown = StandAlone(texts)(1)
    assert shown is None or not INSERTION.search(shown.text)


def test_these_with_one_phrase_of_its_noun_before_is_still_resolved():
    texts = [
        "Minister Ana Ruiz met the leaders of the various opposition groups in Syria on Monday.",
        "Ana Ruiz said these groups must protect civilians.",
    ]
    shown = StandAlone(texts)(1)
    assert shown is not None
    assert "these groups [the various opposition groups in Syria]" in shown.text


@pytest.mark.parametrize("opening", [
    "A trustee of the estate of the late author Walter Penrose",
    "A spokesman for Senator Walter Penrose",
    "The son of novelist Walter Penrose",
])
def test_a_name_inside_the_subjects_of_or_for_phrase_is_not_who_he_is(opening):
    # the sentence is about the trustee, the spokesman, the son: "He" goes on about them,
    # not the man their phrase names ("He [Adrian Jacobs] claimed…" of a dead author's
    # trustee was read on Wikinews)
    texts = [
        f"{opening} filed a lawsuit against the publisher on Tuesday.",
        "He claimed that the film had copied whole scenes from the novel.",
    ]
    shown = StandAlone(texts)(1)
    assert shown is None or not INSERTION.search(shown.text)


def test_a_name_after_of_in_an_aside_is_still_the_subject():
    texts = [
        "Walter Penrose, the author of two novels, filed a lawsuit against the publisher on "
        "Tuesday.",
        "He claimed that the film had copied whole scenes from the novel.",
    ]
    shown = StandAlone(texts).alone(1)
    assert shown is not None and shown.text.startswith("He [Walter Penrose] claimed")


@pytest.mark.parametrize("occupation", ["Historian", "Economist", "Novelist", "Trustee"])
def test_an_occupation_opening_a_sentence_is_no_part_of_the_name(occupation):
    # capitalised only because it opens the sentence: "[H]e [Historian Darcy Richardson]"
    # was read on Wikinews; the name is "Maria Vance", and "the historian" is her role
    texts = [
        f"{occupation} Maria Vance of Ohio tells reporters that she has ended her campaign "
        "for the seat.",
        "However, she affirms that she will stay on the ballot in the spring.",
    ]
    shown = StandAlone(texts).alone(1)
    assert shown is not None and shown.text.startswith("[S]he [Maria Vance] affirms")


def test_those_before_a_participle_is_people_not_a_determiner():
    # "those receiving home care" are the people who receive it: no noun phrase of the
    # sentence before is theirs ("those receiving home care [England's home care]" was read
    # on Wikinews)
    texts = [
        "A report finds that England's home care system breaches the rights of the elderly.",
        "Approximately half of those receiving home care were satisfied with it.",
    ]
    shown = StandAlone(texts).alone(1)
    assert shown is None or not INSERTION.search(shown.text)


def test_the_per_article_modules_compile_their_fixed_patterns_once():
    """A fixed pattern written in a call is looked up in re's cache on every call and
    compiled again once the patterns built from names (one per name) have pushed it out of
    that cache (512 entries): the modules every article and every shown story go through
    compile theirs at import, as module constants (speed)."""
    import ast
    import inspect

    from briefing import actors
    from briefing.actors import names, quotes, words
    from briefing.referents import back_references, named_people, thing_names
    from briefing.text import cleaning

    def fixed(pattern: ast.expr) -> bool:
        """A literal, or an f-string of module constants only (not of a name's escape)."""
        return isinstance(pattern, ast.Constant) or isinstance(pattern, ast.JoinedStr) and all(
            isinstance(part, ast.Constant) or isinstance(part.value, ast.Name)
            for part in pattern.values)

    calls = {"match", "search", "fullmatch", "findall", "finditer", "sub", "split"}
    # the actors package's __init__ and each of its modules (the patterns are in these)
    for module in (named_people, thing_names, back_references, actors, words, names, quotes,
                   cleaning):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in calls and node.args and fixed(node.args[0])):
                raise AssertionError(f"{module.__name__}, line {node.lineno}: re.{node.func.attr}"
                                     " of a fixed pattern in a call")
