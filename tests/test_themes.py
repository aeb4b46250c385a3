"""The theme taxonomy and classifier, on real text (the founding article, the dev set)."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

from briefing.errors import ConfigError, InputError
from briefing.text import sentences
from briefing.themes import Classifier, learn, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
FOUNDING = ROOT / "seeds" / "000_0e06bca53e2e7670.txt"
DEV = ROOT.parent / "shared" / "data" / "themes-dev.jsonl"
SCORER = ROOT.parent / "shared" / "eval"

DEFAULT_THEMES = [
    ("military", "Military action"),
    ("diplomacy", "Diplomacy"),
    ("terrorism", "Terrorism and security"),
    ("humanitarian", "Humanitarian and human rights"),
    ("disasters", "Disasters and accidents"),
    ("politics", "Politics and governance"),
    ("economy", "Economy and trade"),
    ("justice", "Law and accountability"),
]
# kinds of news the classifier knows and the briefing does not brief (brief = false)
UNBRIEFED = [
    ("sport", "Sport"),
    ("culture", "Culture and entertainment"),
    ("science", "Science and technology"),
    ("health", "Health and environment"),
]
BRIEFED_IDS = [tid for tid, _ in DEFAULT_THEMES]


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier.from_taxonomy(load_taxonomy())


@pytest.fixture(scope="module")
def founding() -> list[str]:
    return sentences(FOUNDING.read_text(encoding="utf-8"))


def _one(found: list[str], needle: str) -> str:
    hits = [s for s in found if needle in s]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the taxonomy ---------------------------------------------------------------------------


def test_default_taxonomy_has_the_briefed_themes_then_the_kinds_not_briefed() -> None:
    taxonomy = load_taxonomy()
    assert [(t.id, t.label) for t in taxonomy.themes] == DEFAULT_THEMES + UNBRIEFED
    assert taxonomy.briefed == tuple(BRIEFED_IDS)
    for theme in taxonomy.themes:
        assert theme.description and theme.kinds and theme.examples
        assert theme.brief == (theme.id in BRIEFED_IDS)
        if theme.brief:
            assert len(theme.terms) >= 100 and len(theme.examples) >= 30


def test_a_user_file_briefs_a_kind_the_defaults_leave_out(tmp_path: Path) -> None:
    """A sports desk wants sport: one line turns it into a briefed theme."""
    user = _write(tmp_path / "themes.toml", "[themes.sport]\nbrief = true\n")
    taxonomy = load_taxonomy(user)
    assert taxonomy.briefed == (*BRIEFED_IDS, "sport")
    goal = "The striker scored twice in the second half as United beat City 3-1."
    assert [t.theme for t in Classifier.from_taxonomy(taxonomy).classify(goal)] == ["sport"]


def test_user_file_adds_renames_and_removes(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "themes.toml",
        """
[themes.economy]
enabled = false

[themes.politics]
label = "Domestic politics"
terms = ["hustings^3"]

[themes.energy]
label = "Energy"
terms = ["pipeline^2", "gas field^3", "power grid^3", "electricity^2", "wind farm^3"]
examples = ["The grid operator warned of power cuts as gas supplies ran low."]
""",
    )
    taxonomy = load_taxonomy(user)
    assert taxonomy.ids == (
        "military",
        "diplomacy",
        "terrorism",
        "humanitarian",
        "disasters",
        "politics",
        "justice",
        "sport",
        "culture",
        "science",
        "health",
        "energy",
    )
    politics = taxonomy.get("politics")
    assert politics is not None and politics.label == "Domestic politics"
    default_politics = load_taxonomy().get("politics")
    assert default_politics is not None
    # terms given for an existing theme extend the defaults
    assert len(politics.terms) == len(default_politics.terms) + 1
    result = Classifier.from_taxonomy(taxonomy).classify(
        "Shares in the company rose after it posted record quarterly profits."
    )
    assert "economy" not in {r.theme for r in result}


def test_a_new_theme_is_learned_from_its_terms_and_examples(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "themes.toml",
        """
[themes.care]
label = "Public health"
description = "Hospitals, doctors, vaccines, diseases and the health of the population."
terms = ["hospital^2", "hospitals^2", "doctors^2", "nurses^2", "patients^2", "vaccine^3",
         "vaccination^3", "clinic^2", "surgery^2", "health service^3", "waiting times^2"]
examples = [
  "Hospitals cancelled routine surgery as nurses walked out over staffing.",
  "The vaccination campaign reached two million children in its first month.",
  "Doctors warned that patients face long waits at emergency departments.",
  "A new clinic for cancer patients opened in the town on Monday.",
]
""",
    )
    classifier = Classifier.from_taxonomy(load_taxonomy(user))
    result = classifier.classify(
        "Doctors said the vaccine shortage had left clinics turning patients away."
    )
    assert result and result[0].theme == "care"
    assert any("vaccine" in e for e in result[0].evidence)


def test_replace_makes_the_user_definition_the_whole_theme(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "t.toml",
        '[themes.justice]\nreplace = true\nlabel = "Courts"\nterms = ["court^3", "judge^3"]\n',
    )
    justice = load_taxonomy(user).get("justice")
    assert justice is not None and justice.label == "Courts"
    assert [t.text for t in justice.terms] == ["court", "judge"] and justice.examples == ()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            "[themes.foo]\nlabel = 'Foo'\nterms = 'war'\n",
            "themes.foo.terms must be a list of strings",
        ),
        ("[themes.military]\ncolour = 'red'\n", "themes.military.colour: unknown key"),
        ("[themes.military]\nthreshold = 2\n", "themes.military.threshold must be a number"),
        ("[themes.military]\nenabled = 'no'\n", "themes.military.enabled must be true or false"),
        ("[themes.military]\nweight = 0\n", "themes.military.weight must be a number more than 0"),
        ("[themes.military]\nterms = ['tank^heavy']\n", "weight after '^' must be a number"),
        ("[themes.care]\nterms = ['hospital']\n", "themes.care.label is required"),
        ("[themes.care]\nlabel = 'Care'\n", "themes.care needs terms, examples or kinds"),
        ("[themes.care]\nlabel = 'Care'\nkinds = ['gossip']\n",
         "themes.care.kinds: unknown kind of news 'gossip' (allowed: conflict, relations"),
        ("[themes.sport]\nbrief = 'yes'\n", "themes.sport.brief must be true or false"),
        ("[themes.Bad_Id]\nlabel = 'x'\n", "a theme id must be lower-case"),
        ("[theme.military]\nlabel = 'x'\n", "theme: unknown key (allowed: themes, learned)"),
        ("[[learned]]\ntext = 'x'\nthemes = ['nope']\n", "learned[1].themes: unknown theme 'nope'"),
        ("[themes.military\nlabel = 'x'\n", "invalid TOML"),
        # the id of the section of points with no theme: two "Other" sections, both anchored
        # #theme-other, the unthemed points shown twice
        ("[themes.other]\nlabel = 'Other'\nterms = ['sea lions']\n",
         "themes.other: the id 'other' is reserved"),
        ("[themes.other-languages]\nlabel = 'Foreign'\nkinds = ['culture']\n",
         "themes.other-languages: the id 'other-languages' is reserved"),
        # two sections of one title: the contents' links (#military-action) reach only one
        ("[themes.climate]\nlabel = 'military action'\nterms = ['emissions']\n",
         "themes.climate.label 'military action' is already the label of themes.military"),
    ],
)
def test_bad_files_and_keys_raise_config_error_naming_file_and_key(
    tmp_path: Path, content: str, expected: str
) -> None:
    user = _write(tmp_path / "mythemes.toml", content)
    with pytest.raises(ConfigError) as err:
        load_taxonomy(user)
    message = str(err.value)
    assert "mythemes.toml" in message and expected in message and "\n" not in message


def test_a_user_file_sets_a_theme_weight_and_others_stay_at_one(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(_write(tmp_path / "t.toml", "[themes.military]\nweight = 1.5\n"))
    assert {t.id: t.weight for t in taxonomy.themes}["military"] == 1.5
    assert {t.weight for t in taxonomy.themes if t.id != "military"} == {1.0}


def test_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="absent.toml: file not found"):
        load_taxonomy(tmp_path / "absent.toml")


# --- the founding article ----------------------------------------------------------------------


def test_the_founding_articles_points_get_sensible_themes(classifier, founding) -> None:
    results = classifier.classify_many(founding)
    assert len(results) == len(founding)
    by_text = dict(zip(founding, results, strict=True))
    airstrikes = by_text[_one(founding, "carried out dozens of airstrikes")]
    assert airstrikes[0].theme == "military"
    assert all(0 < r.score <= 1 and r.evidence for r in airstrikes)
    assert [r.score for r in airstrikes] == sorted((r.score for r in airstrikes), reverse=True)
    assert by_text[_one(founding, "struck more than 75 targets")][0].theme == "military"
    # an offensive that forced a dictator out is military action, not "other developments"
    assert by_text[_one(founding, "Assad was forced to flee")][0].theme == "military"
    rights = by_text[_one(founding, "respect human rights")]
    assert rights[0].theme == "humanitarian"
    transition = {r.theme for r in by_text[_one(founding, "peaceful transition of power")]}
    assert transition & {"diplomacy", "politics"}
    # the batch path and the single path agree
    assert classifier.classify(founding[3]) == results[3]


# --- a sure kind of news, no theme over its threshold ---------------------------------------

# Held-out news (Portal:Current events, 2025): each reads as one kind of news at 2:1 or
# more, and no theme drawn from it passed its threshold, so each had no theme at all.
SURE_KIND_NO_THEME = [
    ("Israeli settlers in the West Bank shoot and injure five Palestinians and set fire to "
     "several homes and farmland.", {"military", "terrorism", "humanitarian"}),
    ("A failure at a central power plant cuts electricity in Cuba, leaving over ten million "
     "people without power.", {"disasters"}),
]


@pytest.mark.parametrize(("text", "fits"), SURE_KIND_NO_THEME)
def test_a_text_sure_of_its_kind_gets_that_kinds_nearest_theme(classifier, text, fits):
    from dataclasses import replace

    explained = classifier.explain(text)
    assert explained.passed and explained.passed[0] in fits
    given = next(t for t in explained.themes if t.theme == explained.passed[0])
    assert given.score < given.threshold  # given by the rule, not by its threshold
    assert given.evidence()[0].startswith("given under its threshold: the text reads as ")
    # the rule is a setting: without it the text has no theme, as before
    thresholds_only = Classifier(classifier.taxonomy, replace(classifier.settings,
                                                              kind_odds=None),
                                 news=classifier.news)
    assert thresholds_only.predict_ids([text]) == [()]


def test_a_sure_kind_not_briefed_gives_no_briefed_theme(classifier):
    # sport news at better than 2:1 whose words no theme claims: no briefed theme is drawn
    # from sport, so the rule gives none
    text = "The striker scored twice as the champions came from behind to win 3-2."
    assert not set(classifier.predict_ids([text])[0]) & set(classifier.taxonomy.briefed)


# --- sentences any reader would file the same way -----------------------------------------------

# Written for these tests, one per kind of event the issue names: each must get a theme
# that fits (the first one given), and none of the kinds of news not briefed.
ON_TOPIC = [
    ("US aircraft struck ISIS camps in Syria.", {"military", "terrorism"}),
    ("Israel launched airstrikes on Gaza overnight, killing 12 people.", {"military"}),
    ("The government recalled its ambassador after the embassy was attacked.", {"diplomacy"}),
    ("A suicide bomber killed 20 people at a crowded market in Kabul.", {"terrorism"}),
    ("Aid agencies warned that famine is looming in the north of the country.",
     {"humanitarian"}),
    ("Voters went to the polls on Sunday in a presidential election.", {"politics"}),
    ("The central bank raised interest rates by half a percentage point.", {"economy"}),
    ("The court sentenced the former minister to ten years in prison for corruption.",
     {"justice"}),
    # accidents and disasters have a theme of their own: a fire was Law and accountability
    # (its investigators), a plane crash Economy (its airline), each by a word of its story
    ("Fire crews spent the night fighting a blaze that destroyed a furniture warehouse.",
     {"disasters"}),
    ("A passenger jet crashed into a hillside on its approach, killing 87 people.",
     {"disasters"}),
    ("A goods train derailed near the border, spilling fuel into the river.", {"disasters"}),
    ("A magnitude 6.9 earthquake struck the island, killing at least 30 people.",
     {"disasters", "humanitarian"}),
    ("Floods have cut off dozens of villages after a week of monsoon rain.",
     {"disasters", "humanitarian"}),
    # aid that cannot get through is humanitarian news, though no one is named as harmed
    ("Aid trucks were blocked from entering the besieged city for a third week.",
     {"humanitarian"}),
    # hunger in a camp is humanitarian news, though doctors say so and it reads as health
    # news: the two themes share that kind, and Health's words alone took it off the briefing
    ("Children in the camps are dying of malnutrition, doctors warned.", {"humanitarian"}),
    # a street crime is the law's, not terrorism's: on a day of web pages a commuter-train
    # stabbing led Terrorism and security, by "attacker"
    ("A man was stabbed to death outside a nightclub in the city centre early on Sunday.",
     {"justice"}),
    ("Two teenagers were shot dead in a drive-by shooting in the south of the city.",
     {"justice"}),
    ("A knife attack at a bus stop left one man dead and another seriously injured.",
     {"justice"}),
    ("A driver was beaten to death in a road rage attack on the motorway, police said.",
     {"justice"}),
    # ...and a terror attack is still terrorism
    ("A man shouting extremist slogans stabbed two police officers in a terrorist attack.",
     {"terrorism"}),
    ("Gunmen loyal to al-Shabaab stormed a hotel in Mogadishu, killing at least 20 guests.",
     {"terrorism"}),
]
OFF_TOPIC = [
    ("The striker scored twice in the second half as United beat City 3-1.", "sport"),
    ("A new drug halves the risk of a second heart attack, a trial found.", "health"),
    ("Sleeping less than six hours a night raises the risk of diabetes, a study says.",
     "health"),
    ("The band released their fourth album on Friday to rave reviews.", "culture"),
    ("The company unveiled its new phone with a bigger screen and a faster chip.", "science"),
]


@pytest.mark.parametrize(("text", "fits"), ON_TOPIC)
def test_an_unambiguous_on_topic_sentence_gets_a_theme_that_fits(classifier, text, fits) -> None:
    themes = [t.theme for t in classifier.classify(text)]
    assert themes and themes[0] in fits, themes


@pytest.mark.parametrize(("text", "kind"), OFF_TOPIC)
def test_an_unambiguous_off_topic_sentence_gets_no_briefed_theme(classifier, text, kind) -> None:
    assert [t.theme for t in classifier.classify(text)] == [kind]


def test_a_point_with_no_theme_gets_an_empty_tuple(classifier) -> None:
    assert classifier.classify("The weather was mild and the afternoon passed quietly.") == ()
    assert classifier.classify("") == ()
    assert classifier.classify_many([]) == []


def test_a_kind_not_briefed_that_outscores_every_briefed_theme_takes_the_text(
        classifier) -> None:
    """An unbriefed theme that passes its threshold and scores above every briefed theme
    takes the text, at even odds (issue 18): at 2:1 a novel that "bombed" was Terrorism and
    security (culture 0.92 against 0.91), though an unbriefed theme's score has no terms
    behind it and a briefed word in another sense already tilts the comparison."""
    text = "His second novel bombed, selling fewer than 2,000 copies."
    assert [t.theme for t in classifier.classify(text)] == ["culture"]


def test_an_article_is_left_out_by_that_rule_only_at_the_cost_of_a_story_left_out(
        classifier) -> None:
    """Read on its own, the sentence goes to Health, which outscores every briefed theme
    by less than 2:1; as an article's lead it is not left out of the briefing on that
    alone: leaving a story out costs a reader more than one more line to skip (at even odds
    there too, 14 more of 1,060 held-out hard-news articles were left out of a day's
    briefing, for 2 more of 388 off-topic ones)."""
    text = "Anti-whaling activists said a Japanese whaling ship would dock in Hobart."
    assert [t.theme for t in classifier.classify(text)] == ["health"]
    assert classifier.classify_article(text, [text], lead=text).unbriefed is None


@pytest.mark.parametrize("sentence", [
    "According to TripAdvisor search traffic, interest in Florida beaches is up 69%.",
    "Only 6% of crashes in New Zealand involve foreign drivers, according to the ministry.",
])
def test_according_to_is_an_attribution_not_an_accord(classifier, sentence) -> None:
    assert "diplomacy" not in [t.theme for t in classifier.classify(sentence)]


def test_an_accord_is_still_diplomacy(classifier) -> None:
    themes = classifier.classify("The two governments signed an accord ending the border dispute.")
    assert "diplomacy" in [t.theme for t in themes]


# --- words read in their article ----------------------------------------------------------------

BOXING = ("Klitschko keeps his heavyweight title\n\nWladimir Klitschko retained his heavyweight "
          "title on Saturday night, stopping Tony Thompson in the sixth round in Berne. Klitschko "
          "bombed Thompson with a vicious right hand in the fifth round and the challenger never "
          "recovered. The champion's record now stands at 57 wins and three defeats.")
FILM = ("Twilight sequel gets a new director\n\nSummit Entertainment named a new director for "
        "the Twilight sequel on Friday, after the first film took more than 380 million dollars at "
        "the box office. The studio said filming would begin in the spring in Vancouver, with the "
        "original cast returning.")


@pytest.mark.parametrize(("article", "point", "kind"), [
    (BOXING, "Klitschko bombed Thompson with a vicious right hand in the fifth round.", "sport"),
    (FILM, "Summit Entertainment named a new director for the Twilight sequel on Friday.",
     "culture"),
])
def test_a_word_of_another_meaning_in_its_article_is_not_a_theme(classifier, article, point,
                                                                 kind) -> None:
    """A boxer who "bombed" his opponent is not terrorism, a studio called Summit is not
    diplomacy: the article is that kind of news, so every point of it is, and none is
    briefed."""
    verdict = classifier.classify_article(article, [point], lead=article[:300])
    assert verdict.unbriefed == kind
    assert [[t.theme for t in p] for p in verdict.points] == [[kind]]


def test_explaining_a_point_in_its_article_gives_the_themes_the_build_gives(classifier):
    """`explain_in_article` (themes explain --article) decides as `classify_article` does,
    for an article left out and for points of a briefed one."""
    war = ("Ceasefire talks resume in Geneva\n\nEnvoys of the two governments resumed "
           "ceasefire talks in Geneva on Monday, a week after shelling along the border "
           "killed 14 civilians. He said the talks would go on through the week. Artillery "
           "fire hit two villages overnight, the army said.")
    cases = [(BOXING, BOXING[:300], ["Klitschko bombed Thompson with a vicious right hand in "
                                     "the fifth round."]),
             (FILM, FILM[:300], ["The studio said filming would begin in the spring."]),
             (war, war[:200], ["He said the talks would go on through the week.",
                               "Artillery fire hit two villages overnight, the army said.",
                               "The weather was mild."])]
    for article, lead, points in cases:
        verdict = classifier.classify_article(article, points, lead=lead)
        for point, given in zip(points, verdict.points, strict=True):
            explained = classifier.explain_in_article(point, article, lead=lead)
            assert explained.passed == tuple(t.theme for t in given), point
            assert explained.article  # it says how it was read


# --- a theme's word inside a name -------------------------------------------------------------


@pytest.mark.parametrize(("text", "kind"), [
    ("Summit Entertainment named a new director for the Twilight sequel", "culture"),
    ("The Bomb Factory announced a concert series for next spring", "culture"),
])
def test_a_theme_word_that_only_modifies_a_name_is_not_that_theme(classifier, text, kind):
    """Read alone: in "Summit Entertainment" the last word says what the name is (a studio);
    "Summit" says which one."""
    assert [t.theme for t in classifier.classify(text)] == [kind]


@pytest.mark.parametrize(("text", "fits"), [
    ("The Security Council voted to extend the peacekeeping mission for a year", "diplomacy"),
    ("Defense Secretary Lloyd Austin ordered more troops to the region", "military"),
    ("The Justice Department charged the former official with bribery", "justice"),
    ("Election Commission officials said turnout reached 64 percent", "politics"),
    ("Interior Minister Ahmed Saleh said the suicide bombing was the work of Islamic State",
     "terrorism"),
    # the word is used outside the name too, so it still counts
    ("Summit Entertainment's chief flew to the Geneva summit with the foreign ministers",
     "diplomacy"),
    # a headline in title case capitalises every word: it names nothing
    ("Leaders Open Summit On Border Dispute In Geneva", "diplomacy"),
])
def test_names_whose_words_are_the_theme_keep_it(classifier, text, fits) -> None:
    assert fits in [t.theme for t in classifier.classify(text)]


def test_names_in_gives_each_names_modifiers_and_last_word() -> None:
    from briefing.themes.features import names_in, title_case

    assert names_in("Summit Entertainment named a new director") == [(("summit",), "entertainment")]
    assert names_in("On Monday the UN Security Council met to discuss the truce") == [
        (("un", "security"), "council")]
    assert names_in("") == []
    assert title_case("Leaders Open Summit On Border Dispute")
    assert not title_case("Summit Entertainment named a new director for the sequel")


# --- a hyphenated word is one word ------------------------------------------------------------


def test_a_hyphenated_word_is_read_as_one_word(classifier) -> None:
    """A cease-fire is no fire: its parts do not count as words of their own, and it is the
    term "ceasefire" written with a hyphen (the evidence quotes it as written)."""
    text = "A cease-fire took hold along the border on Monday morning"
    assert "disasters" not in [t.theme for t in classifier.classify(text)]
    diplomacy = next(t for t in classifier.explain(text).themes if t.theme == "diplomacy")
    assert "cease-fire" in [w for w, _ in diplomacy.taught_words]


@pytest.mark.parametrize(("text", "fits"), [
    ("ISIS-linked militants claimed the attack on the checkpoint", "terrorism"),
    ("The Saudi-led coalition carried out air strikes on the port", "military"),
    ("Profits fell in the third quarter as sales slowed", "economy"),
    ("Police said the drive-by shooting left two teenagers dead", "justice"),
])
def test_names_in_hyphenated_words_and_plain_words_keep_their_themes(classifier, text,
                                                                     fits) -> None:
    assert fits in [t.theme for t in classifier.classify(text)]


def test_hyphenated_gives_lowercase_compounds_parts_and_solid_key() -> None:
    from briefing.themes.features import hyphenated

    assert hyphenated("moved into the quarter-finals") == [(("quarter", "final"), "quarterfinal")]
    assert hyphenated("a cease-fire and an anti-war march") == [
        (("ceas", "fire"), "ceasefir"), (("anti", "war"), "antiwar")]
    assert hyphenated("ISIS-linked militants, al-Qaeda, a 24-year-old, well -known") == []


def test_the_points_of_a_briefed_article_get_briefed_themes_or_none(classifier) -> None:
    article = ("Talks in Aqaba\n\nThe foreign minister met his counterpart in Aqaba to discuss a "
               "ceasefire agreement.\n\nThe weather was mild and the harbour reopened at nine.")
    points = ["The foreign minister met his counterpart in Aqaba to discuss a ceasefire "
              "agreement.", "The weather was mild and the harbour reopened at nine."]
    verdict = classifier.classify_article(article, points, lead=article[:300])
    assert verdict.unbriefed is None
    talks, weather = verdict.points
    assert [t.theme for t in talks] == ["diplomacy"]
    assert weather == ()  # its article is diplomacy; nothing in the sentence itself is


def test_explaining_a_point_of_no_theme_does_not_say_it_is_under_other_developments(
        classifier) -> None:
    """A point of no theme is shown with its story: the mobile-phones survey's lead (BBC,
    offtopic-dev) led the mixed day's top lines under Economy and trade, its story's
    section, while `themes explain --article` said "filed under Other developments"."""
    weather = "The weather was mild and the afternoon passed quietly."
    first = classifier.explain(weather).lines()[0]
    assert first.startswith("themes: none") and "filed under Other developments" not in first
    assert "with its story" in first and "Other developments" in first


def test_explain_gives_every_theme_with_evidence(classifier, founding) -> None:
    sentence = _one(founding, "carried out dozens of airstrikes")
    explanation = classifier.explain(sentence)
    assert [t.theme for t in explanation.themes] == [t for t, _ in DEFAULT_THEMES + UNBRIEFED]
    assert explanation.kinds[0][0] == "conflict"  # what kind of news the model reads
    military = next(t for t in explanation.themes if t.theme == "military")
    assert military.passed and military.news > 0
    evidence = military.evidence()
    assert any(e.startswith("reads as this kind of news: ") and "airstrike" in e
               for e in evidence)
    assert any(e.startswith("like labelled news ") for e in evidence)  # nearest corpus item
    assert any(e.startswith("the theme's words: ") for e in evidence)
    # an example is quoted by its opening words, so the reasons stay shorter than the news
    quotes = [e.split(" ", 3)[3] for e in evidence if e.startswith("like labelled news ")]
    assert all(len(q.split()) <= 14 for q in quotes)
    assert set(explanation.passed) == {t.theme for t in explanation.themes if t.passed}
    assert explanation.scores() == classifier.classify(sentence)
    economy = next(t for t in explanation.themes if t.theme == "economy")
    assert not economy.passed and economy.score < economy.threshold


# --- learning ------------------------------------------------------------------------------------


def test_learn_adds_examples_preserves_the_file_and_changes_a_decision(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "themes.toml",
        '# my themes\n[themes.politics]\nlabel = "Domestic politics"  # renamed\n',
    )
    before = user.read_text(encoding="utf-8")
    text = "The harbour authority said the lighthouse keepers would be replaced by automation."
    assert "economy" not in {
        r.theme for r in Classifier.from_taxonomy(load_taxonomy(user)).classify(text)
    }

    rows = [
        {"text": text, "themes": ["economy"]},
        {
            "text": "Lighthouse keepers on the islands will lose their jobs to automation.",
            "themes": ["economy", "politics"],
        },
    ]
    assert learn(user, enumerate(rows, 1)) == 2
    after = user.read_text(encoding="utf-8")
    assert after.startswith(before)  # what was there is kept, comments included
    data = tomllib.loads(after)
    assert data["themes"]["politics"]["label"] == "Domestic politics"
    assert [r["themes"] for r in data["learned"]] == [["economy"], ["economy", "politics"]]

    taxonomy = load_taxonomy(user)
    assert taxonomy.label("politics") == "Domestic politics"
    result = Classifier.from_taxonomy(taxonomy).classify(text)
    assert result and result[0].theme == "economy"
    assert any("like example" in e for e in result[0].evidence)
    # learning the same rows again adds nothing
    assert learn(user, enumerate(rows, 1)) == 0
    assert user.read_text(encoding="utf-8") == after


def test_learn_creates_the_file_and_refuses_unknown_themes(tmp_path: Path) -> None:
    user = tmp_path / "sub" / "themes.toml"
    rows = [{"text": 'Quotes with "marks" and a backslash \\ survive.', "themes": ["justice"]}]
    assert learn(user, enumerate(rows, 1)) == 1
    assert load_taxonomy(user).get("justice").examples[-1] == rows[0]["text"]
    before = user.read_text(encoding="utf-8")
    bad = [{"text": "fine", "themes": ["economy"]}, {"text": "x y z", "themes": ["astrology"]}]
    with pytest.raises(InputError, match=r"^labelled.jsonl: line 2: unknown theme 'astrology'"):
        learn(user, enumerate(bad, 1), source="labelled.jsonl")
    assert user.read_text(encoding="utf-8") == before  # all or nothing
    assert not [p for p in user.parent.iterdir() if p.name != "themes.toml"]  # no temp left


def test_learn_says_a_theme_the_users_file_disabled_is_disabled(tmp_path: Path) -> None:
    """An analyst who had turned culture off and taught a film review as culture was told
    "unknown theme 'culture'", a theme the shipped file defines, its id nowhere in the list."""
    user = _write(tmp_path / "themes.toml", "[themes.culture]\nenabled = false\n")
    rows = [{"text": "The film took 70 million dollars at the box office.", "themes": ["culture"]}]
    with pytest.raises(InputError) as err:
        learn(user, enumerate(rows, 1), source="labelled.jsonl")
    assert str(err.value) == (f"labelled.jsonl: line 1: theme 'culture' is disabled by {user} "
                              "(enabled = false): enable it to teach it")


# --- quality on the development set ------------------------------------------------------


@pytest.mark.skipif(not DEV.exists(), reason="development set not present")
def test_dev_set_macro_f1_floor(classifier) -> None:
    sys.path.insert(0, str(SCORER))
    try:
        from score_themes import score
    finally:
        sys.path.remove(str(SCORER))
    gold = [json.loads(line) for line in DEV.open(encoding="utf-8") if line.strip()]
    predicted = classifier.classify_many([r["text"] for r in gold])
    pred = [
        {"id": r["id"], "themes": [t.theme for t in p]}
        for r, p in zip(gold, predicted, strict=True)
    ]
    with open("/dev/null", "w") as sink:
        result = score(gold, pred, out=sink)
    # measured 0.758 (0.759 before a text sure of its kind of news got that kind's nearest
    # theme; 0.763 before Humanitarian's hazard events became Disasters' examples; 0.764 with
    # the prior counted from texts, not weighed; 0.756 before the news model's naive Bayes
    # blend; 0.763 before the disasters theme)
    assert result["macro_f1"] >= 0.75, result


def test_the_shipped_fit_is_the_fit_of_the_shipped_themes(tmp_path: Path) -> None:
    """The default themes start without fitting, from a fit shipped beside the code; it must
    be what fitting them gives (after editing themes.toml: python -m briefing.themes.taught)."""
    import numpy as np

    from briefing.themes.taught import TaughtModel

    taxonomy = load_taxonomy()
    shipped = TaughtModel(taxonomy)
    fitted = TaughtModel(taxonomy, use_shipped=False)
    assert shipped.names == fitted.names
    assert np.allclose(shipped.coef, fitted.coef, atol=1e-3), (
        "briefing/themes/taught_defaults.npz is stale: run python -m briefing.themes.taught")
    # a user file that teaches something new is fitted at start-up, not read from the file
    user = load_taxonomy(_write(tmp_path / "t.toml", '[themes.economy]\nterms = ["guilder^3"]\n'))
    taught = TaughtModel(user)
    assert "guilder" in taught.names and taught.fingerprint != shipped.fingerprint
    # and one that only renames or stops briefing a theme keeps the shipped fit
    renamed = load_taxonomy(_write(tmp_path / "r.toml", '[themes.economy]\nlabel = "Markets"\n'))
    assert TaughtModel(renamed).fingerprint == shipped.fingerprint


# --- evidence looked up later, for the points shown ----------------------------------------------


@pytest.mark.parametrize("article", [BOXING, FILM, "Talks in Aqaba\n\n" + " ".join([
    "The foreign minister met his counterpart in Aqaba to discuss a ceasefire agreement.",
    "Troops shelled the border town overnight, and aid convoys were turned back.",
    "The weather was mild and the harbour reopened at nine."])])
def test_evidence_looked_up_later_is_what_the_article_gave(classifier, article) -> None:
    """Without evidence, an article's points get the same themes and scores, and
    `explain_article` gives each the evidence `classify_article` would have given, for
    any of them and in any order (the pipeline asks only for the points it shows)."""
    points = sentences(article.split("\n\n", 1)[1])
    eager = classifier.classify_article(article, points, lead=article[:300])
    lazy = classifier.classify_article(article, points, lead=article[:300], evidence=False)
    assert lazy.unbriefed == eager.unbriefed
    assert [[(t.theme, t.score) for t in p] for p in lazy.points] == [
        [(t.theme, t.score) for t in p] for p in eager.points]
    assert all(t.evidence is None for p in lazy.points for t in p)
    assert all(t.evidence for p in eager.points for t in p)
    assert any(eager.points)
    asked = [(text, [t.theme for t in themes])
             for text, themes in reversed(list(zip(points, eager.points, strict=True)))][:2]
    said = classifier.explain_article(article, asked, lead=article[:300])
    by_text = dict(zip(points, eager.points, strict=True))
    assert said == [tuple(t.evidence for t in by_text[text]) for text, _ in asked]


def test_a_nearest_example_counts_only_when_it_shares_more_than_one_word(tmp_path: Path) -> None:
    """One word in common is a coincidence, not a likeness: a four-word headline about a
    planned cannabis facility was 0.26 like "charged with planning a terror attack" by
    "plan" alone, and filed under Terrorism and security."""
    themes = _write(tmp_path / "themes.toml", """
[themes.ports]
label = "Ports"
description = "Shipping and the docks."
examples = ["Dockers blocked the harbour gates in a strike over pay."]
""")
    classifier = Classifier.from_taxonomy(load_taxonomy(themes))

    def ports(text: str):
        return next(t for t in classifier.explain(text).themes if t.theme == "ports")

    alone = ports("Harbour views")
    assert (alone.example, alone.nearest_example) == (0.0, "")
    shared = ports("Dockers walked out at the harbour")
    assert shared.example > 0 and shared.nearest_example.startswith("Dockers blocked")


def _news_model_file(path: Path, kinds: tuple[str, ...], sure_of: str) -> Path:
    """A news model as training/build_theme_model.py writes one, that reads every text as
    `sure_of` (its bias; its few features weigh nothing)."""
    import numpy as np

    features = ["airstrike", "troops", "match"]
    np.savez_compressed(
        path, kinds=np.array(kinds, dtype=str),
        features=np.frombuffer("\n".join(features).encode(), dtype=np.uint8),
        weights=np.zeros((len(features), len(kinds)), dtype=np.float16),
        bias=np.array([12.0 if k == sure_of else 0.0 for k in kinds], dtype=np.float32),
        example_kinds=np.array([sure_of], dtype=str),
        example_texts=np.frombuffer(b"The striker scored twice.", dtype=np.uint8),
        about=np.array(json.dumps({"what": "a test model",
                                   "by_kind": dict.fromkeys(kinds, 100)})))
    return path


def _without_counts(path: Path) -> None:
    """The model at `path`, rewritten without `about.by_kind` (as research/heldout_day.py
    once wrote its own: read with the training prior, as the product never reads one)."""
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files}
    about = json.loads(str(arrays["about"]))
    del about["by_kind"]
    arrays["about"] = np.array(json.dumps(about))
    np.savez_compressed(path, **arrays)


def test_a_news_model_of_ones_own_replaces_the_shipped_one(tmp_path: Path, run_cli) -> None:
    """themes.news_model names a model written by training/build_theme_model.py --out: the
    classifier reads it instead of the shipped one (here, one that reads everything as
    sport), and a file that is missing, not a model, or blind to a kind the themes name is
    one line naming the key (exit 2)."""
    from briefing.themes.taxonomy import NEWS_KINDS as KINDS

    text = tmp_path / "in.jsonl"
    text.write_text(json.dumps({"id": "a", "text": "US aircraft struck ISIS camps in Syria, "
                                "killing dozens of fighters, the Pentagon said."}) + "\n")
    shipped = run_cli("classify", "--input", text)
    assert shipped.code == 0 and json.loads(shipped.out)["themes"][0] in ("military",
                                                                         "terrorism")

    config = tmp_path / "briefing.toml"
    config.write_text('[themes]\nnews_model = "sport.npz"\n')
    _news_model_file(tmp_path / "sport.npz", KINDS, "sport")
    own = run_cli("classify", "--input", text, "--config", config)
    assert own.code == 0, own.err
    assert json.loads(own.out)["themes"] == ["sport"]  # left out whole, as sport

    for name, make, says in [
        ("gone.npz", None, "no such file"),
        ("notes.npz", lambda p: p.write_text("not a model"), "not a news model"),
        # an empty file (a copy cut short): numpy's EOFError was click's "aborted", exit 130
        ("empty.npz", lambda p: p.write_bytes(b""), "not a news model"),
        ("blind.npz", lambda p: _news_model_file(p, tuple(k for k in KINDS if k != "law"),
                                                 "sport"),
         "does not tell apart the kinds of news law"),
        ("noprior.npz", lambda p: _without_counts(_news_model_file(p, KINDS, "sport")),
         "records no weight of training texts"),
    ]:
        if make:
            make(tmp_path / name)
        config.write_text(f'[themes]\nnews_model = "{name}"\n')
        result = run_cli("classify", "--input", text, "--config", config)
        assert result.code == 2, (name, result.out, result.err)
        (line,) = result.err.strip().splitlines()
        assert line.count("themes.news_model") == 1 and says in line and name in line


def test_a_news_model_rewritten_in_place_is_read_again_by_the_same_process(
        tmp_path: Path, run_cli) -> None:
    """A scheduler classifies day after day in one process: a model retrained into the
    same file (`training/build_theme_model.py --out` over the old one) is read at the next
    build, as by a fresh process; not the one read before, kept under the file's name."""
    import os

    from briefing.themes.taxonomy import NEWS_KINDS as KINDS

    text = tmp_path / "in.jsonl"
    text.write_text(json.dumps({"id": "a", "text": "The council met on Tuesday."}) + "\n")
    config = tmp_path / "briefing.toml"
    config.write_text('[themes]\nnews_model = "own.npz"\n')
    model = _news_model_file(tmp_path / "own.npz", KINDS, "sport")
    first = run_cli("classify", "--input", text, "--config", config)
    assert first.code == 0 and json.loads(first.out)["themes"] == ["sport"], first.err
    _news_model_file(model, KINDS, "culture")
    later = model.stat().st_mtime + 5  # a later time, however coarse the clock
    os.utime(model, (later, later))
    second = run_cli("classify", "--input", text, "--config", config)
    assert second.code == 0 and json.loads(second.out)["themes"] == ["culture"], second.err


def test_learn_input_with_a_lone_surrogate_writes_a_replacement_character(
        tmp_path: Path, run_cli, monkeypatch) -> None:
    """A "\\ud800" escape in a labelled row is read as U+FFFD (UTF-8 cannot write it), so
    the themes file is written, not a crash half-way through `themes learn`."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "labelled.jsonl").write_text(
        '{"text": "Lighthouse keepers \\ud800 will lose their jobs.", "themes": ["economy"]}\n',
        encoding="utf-8")
    result = run_cli("themes", "learn", "--input", "labelled.jsonl")
    assert result.code == 0, result.err
    examples = load_taxonomy(tmp_path / "themes.toml").get("economy").examples
    assert examples[-1] == "Lighthouse keepers \ufffd will lose their jobs."


def test_learn_keeps_a_crlf_file_as_it_is_and_learns_at_once_all_land(tmp_path: Path) -> None:
    """The file was read as text, so every CRLF came back LF: the whole file rewritten, not
    added to. And learns at once each read the file before the others wrote it."""
    import threading

    user = tmp_path / "themes.toml"
    original = b'# my themes\r\n[themes.politics]\r\nlabel = "Domestic politics"\r\n'
    user.write_bytes(original)
    texts = [f"The harbour authority in port {i} said its keepers would be automated."
             for i in range(6)]
    threads = [threading.Thread(target=learn, args=(user, [(1, {"text": t,
                                                                "themes": ["economy"]})]))
               for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    raw = user.read_bytes()
    assert raw.startswith(original) and raw.count(b"\n") == raw.count(b"\r\n")
    assert sorted(r["text"] for r in tomllib.loads(raw.decode())["learned"]) == sorted(texts)


def test_learn_says_when_the_file_cannot_take_learned_tables(tmp_path: Path) -> None:
    user = _write(tmp_path / "themes.toml", "learned = []\n")
    with pytest.raises(ConfigError, match=r"cannot append \[\[learned\]\] tables .* nothing "
                                          "written"):
        learn(user, [(1, {"text": "Rates rose.", "themes": ["economy"]})])
    assert user.read_text() == "learned = []\n"


def test_a_themes_file_that_disables_every_theme_is_one_line(tmp_path: Path, run_cli) -> None:
    """With every theme `enabled = false` there is nothing to score a text against: the
    classifier failed with a numpy traceback; now the themes file is refused, named, exit 2."""
    themes = tmp_path / "themes.toml"
    themes.write_text("".join(f"[themes.{tid}]\nenabled = false\n"
                              for tid, _ in DEFAULT_THEMES + UNBRIEFED))
    config = tmp_path / "briefing.toml"
    config.write_text(f'[themes]\nfile = "{themes.name}"\n')
    text = tmp_path / "in.jsonl"
    text.write_text('{"id": "a", "text": "Troops shelled the town overnight."}\n')
    result = run_cli("classify", "--input", text, "--config", config)
    assert result.code == 2, (result.out, result.err)
    assert result.err == (f"error: {themes}: every theme is disabled (enabled = false); at "
                          "least one theme must stay enabled\n")
