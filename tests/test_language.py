"""Articles in a language the briefing's models do not read are left out, not misfiled.

Every text here is of my own wording.
"""

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.language import MIN_WORDS, OTHER_LANGUAGES, foreign_language
from briefing.model import Briefing
from briefing.render import left_out_text
from briefing.themes import Classifier, load_taxonomy

GERMAN = ("Die Bundesregierung hat am Montag neue Hilfen für die Landwirtschaft angekündigt. "
          "Nach Angaben des Ministeriums sollen die Betriebe in den kommenden zwei Jahren "
          "insgesamt mehr als eine Milliarde Euro erhalten, um die Folgen der Dürre abzufedern.")
SPANISH = ("El Gobierno aprobó este martes un plan para reducir las listas de espera en los "
           "hospitales públicos, que según los sindicatos llega tarde y no basta para cubrir "
           "la falta de médicos en las zonas rurales del país.")
KOREAN = ("정부는 월요일 새로운 주택 공급 대책을 발표했다. 국토교통부에 따르면 앞으로 5년 동안 "
          "수도권에 50만 가구를 추가로 공급할 계획이며, 전문가들은 집값 안정에 도움이 될 "
          "것이라고 전망했다. 야당은 대책이 너무 늦었다고 비판했다. 시장의 반응은 엇갈렸다. "
          "일부 전문가들은 금리 인상이 더 큰 변수라고 지적했다.")
ARABIC = ("قال مسؤولون في وزارة الصحة يوم الأحد إن المستشفيات في المدينة تعاني من نقص حاد في "
          "الأدوية والوقود، وإن الطواقم الطبية تعمل منذ أسابيع دون توقف لاستقبال الجرحى "
          "والمرضى القادمين من القرى المجاورة.")


CHINESE = ("中国国家主席周二在北京会见了来访的法国总统，双方就乌克兰局势和双边贸易问题交换了"
           "意见。外交部发言人表示，会谈是坦诚和建设性的。")
THAI = ("นายกรัฐมนตรีไทยประกาศมาตรการใหม่เพื่อช่วยเหลือผู้ได้รับผลกระทบจากน้ำท่วมในภาคเหนือ "
        "โดยรัฐบาลจะจัดสรรงบประมาณฉุกเฉินเพื่อฟื้นฟูพื้นที่ที่ได้รับความเสียหาย")


# Chinese and Thai are written without spaces: a paragraph is one "word" to str.split, and
# was taken for a headline too short to judge, read as English and summarized
@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (SPANISH, "es"), (KOREAN, "ko"),
                                            (ARABIC, "ar"), (CHINESE, "zh"), (THAI, "th")])
def test_an_article_in_another_language_is_named_as_such(text, code):
    found = foreign_language(text)
    assert found is not None and found.code == code and found.percent > 50


@pytest.mark.parametrize("text", [
    # English quoting a French minister at length is English
    "The foreign minister spoke to reporters in Paris on Monday after the attack. \"Nous ne "
    "céderons jamais à la terreur\", she said, adding that the investigation would take "
    "months and that three suspects were still being sought by police across the country.",
    # English about Korea, with the leaders' names in Hangul
    "South Korea's president Moon Jae-in (문재인) met North Korean leader Kim Jong-un (김정은) "
    "at the border village of Panmunjom on Friday, in the first summit between the two "
    "countries in more than a decade, officials in Seoul said.",
    # a headline says too little to judge: "Obama, Merkel talk Ukraine" read as Estonian
    "Obama, Merkel talk Ukraine",
    "Black Friday per nostalgici: le occasioni da non perdere",  # short, so taken as read
    "中国外交部发言人周二表示",  # a Chinese headline: as short, counted in characters
    "China's president 习近平 met France's president in Beijing on Tuesday, the ministry said.",
    "",
])
def test_english_and_texts_too_short_to_judge_are_read(text):
    assert foreign_language(text) is None


def test_text_the_detector_refuses_is_read_not_an_error():
    assert foreign_language("\x00\x07 " + GERMAN + " \x1b") is not None  # control characters
    assert foreign_language("\ud800 " + GERMAN) is None  # a lone surrogate: not UTF-8 at all
    assert foreign_language(" ".join(["word"] * (MIN_WORDS - 1))) is None


def test_the_classifier_leaves_such_an_article_out_whatever_its_words():
    classifier = Classifier(load_taxonomy())
    points = [GERMAN.split(". ")[0] + "."]
    verdict = classifier.classify_article(GERMAN, points, lead=points[0])
    assert verdict.unbriefed == OTHER_LANGUAGES[0]
    (score,) = verdict.points[0]
    assert score.theme == OTHER_LANGUAGES[0]
    assert score.evidence == ("written in German (de): the theme models read English only",)
    assert classifier.explain_article(GERMAN, [(points[0], [OTHER_LANGUAGES[0]])]) == [
        (score.evidence,)]
    # an English report of the same news is read as ever
    english = ("The federal government announced new aid for farmers on Monday. The ministry "
               "said farms would receive more than a billion euros over two years to soften "
               "the effects of the drought.")
    assert classifier.classify_article(english, [english]).unbriefed is None


def test_a_build_lists_articles_in_other_languages_apart_from_the_themes(run_cli, workdir):
    rows = [
        {"id": "strikes", "title": "Air strikes hit militant camps in northern Syria",
         "text": "US aircraft struck militant camps in northern Syria overnight, killing at "
                 "least 20 fighters, the military said on Tuesday. The strikes targeted "
                 "training sites and weapons depots near the border with Turkey."},
        {"id": "hilfen", "title": "Milliardenhilfe für Landwirte", "text": GERMAN},
        {"id": "salud", "title": "Plan contra las listas de espera", "text": SPANISH},
    ]
    source = workdir / "day.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (workdir / "briefing.toml").write_text("[compose]\nalso_in_the_news = true\n")
    r = run_cli("build", "--source", source, "--date", "2030-01-01", "--format", "json,md")
    assert r.code == 0, r.err
    folder = workdir / "out" / "2030-01-01"
    briefing = json.loads((folder / "briefing.json").read_text())
    assert sorted(briefing["left_out"]) == [["hilfen", "other-languages"],
                                            ["salud", "other-languages"]]
    shown = {p["article_id"] for s in briefing["sections"] for story in s["stories"]
             for p in story["key_points"]} | {p["article_id"] for p in briefing["top_lines"]}
    assert shown == {"strikes"}
    md = (folder / "briefing.md").read_text()
    assert " · 2 articles in other languages listed at the end · " in md
    also = md[md.index("## Also in the news"):md.index("## Sources")]
    assert "**In other languages** (2)" in also
    assert "Milliardenhilfe für Landwirte" in also and "Plan contra las listas" in also


def test_themes_explain_says_when_a_text_is_in_another_language(run_cli):
    r = run_cli("themes", "explain", SPANISH)
    assert r.code == 0, r.err
    assert r.out.splitlines()[1] == ('written in Spanish (es): an article in it is left out '
                                     'under "In other languages"; the scores below read it as '
                                     'English')
    english = run_cli("themes", "explain", "US aircraft struck ISIS camps in Syria overnight, "
                      "killing at least twenty fighters, the military said on Tuesday.")
    assert "written in" not in english.out


@pytest.mark.parametrize(("kinds", "said"), [
    (["sport", "culture", "other-languages"],
     "2 articles on other subjects and 1 in other languages"),
    (["sport"], "1 article on other subjects"),
    (["other-languages", "other-languages"], "2 articles in other languages"),
    ([], ""),
])
def test_the_header_says_why_articles_were_left_out(kinds, said):
    briefing = Briefing(date=date(2030, 1, 1), title="Daily briefing",
                        generated_at=datetime(2030, 1, 1, tzinfo=UTC), sections=(),
                        top_lines=(), articles=(),
                        left_out=tuple((f"a{i}", k) for i, k in enumerate(kinds)))
    assert left_out_text(briefing) == said


# words of any characters, lone surrogates and control characters among them, enough of
# them to be judged
_ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=())


@given(st.lists(st.text(alphabet=_ANY_CHARACTER, min_size=1, max_size=12), max_size=60)
       .map(" ".join))
def test_any_text_gets_an_answer_never_an_error(text):
    found = foreign_language(text)
    assert found is None or (found.code != "en" and 0 < found.percent <= 100)
