"""Desks: one ingest, a briefing for each audience ([[desks]] in briefing.toml).

Built for real through the pipeline (the classifier, compose, WeasyPrint) from the small
day of news in desknews.py, and from the shared development data.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import needs_shared
from desknews import DAY, DESKS, write_news

from briefing.config import load_config
from briefing.desks import Desk, PlaceIndex, Term
from briefing.errors import ConfigError
from briefing.pipeline import build
from briefing.store import MIGRATIONS, Store

NOW = datetime(2025, 3, 28, 18, tzinfo=UTC)


def desk_config(root: Path, extra: str = "", desks: str = DESKS) -> Path:
    write_news(root / "news")
    path = root / "briefing.toml"
    path.write_text(f'[sources]\npaths = ["news"]\n{extra}\n{desks}', encoding="utf-8")
    return path


def stories_of(result, desk: str) -> dict[str, list[str]]:
    """Section title -> the ids of the articles whose points it shows, in rank order."""
    briefing = result.desk_results[desk].briefing
    return {s.title: [p.article_id for st in s.stories for p in st.key_points]
            for s in briefing.sections}


def article_ids(result, desk: str) -> set[str]:
    return {a.id for a in result.desk_results[desk].briefing.articles}


@pytest.fixture(scope="module")
def day_built(tmp_path_factory):
    """The day built once with the three desks and evidence shown: (root, result)."""
    root = tmp_path_factory.mktemp("desks")
    config = load_config(desk_config(root, "[themes]\nshow_evidence = true\n"
                                           '[email]\nto = ["ambassador@example.org"]\n'))
    return root, build(config, day=date.fromisoformat(DAY), now=NOW)


# --- which stories a desk takes ---------------------------------------------------------------


def test_a_place_desk_takes_stories_naming_a_place_within_it_on_its_themes(day_built):
    _, result = day_built
    # Aleppo and Idlib are in Syria; military and humanitarian are the desk's themes
    assert article_ids(result, "defence") == {"aleppo-strikes", "idlib-aid"}
    sections = stories_of(result, "defence")
    assert list(sections) == ["Military action", "Humanitarian and human rights"]  # its order
    assert "kyiv-drones" not in article_ids(result, "defence")  # military, but not in Syria


def test_a_region_covers_its_countries(day_built):
    _, result = day_built
    ids = article_ids(result, "political")
    assert {"damascus-talks", "baghdad-budget"} <= ids  # Damascus and Iraq: Middle East
    assert "kyiv-drones" not in ids and "football-cup" not in ids  # Kyiv; sport


def test_a_desk_briefs_a_kind_of_news_it_lists_and_exclude_drops_a_story(tmp_path):
    """Sport is a kind of news the whole day does not brief; a desk that lists it does.
    The same desk with "football" among its exclude terms drops the cup final."""
    desks = ('[[desks]]\nid = "sport"\ntitle = "Sport"\nthemes = ["sport"]\n'
             'places = ["Syria"]\n'
             '[[desks]]\nid = "no-football"\ntitle = "Sport"\nthemes = ["sport"]\n'
             'places = ["Syria"]\nexclude = ["football"]\n')
    config = load_config(desk_config(tmp_path, '[email]\nto = ["duty@example.org"]\n', desks))
    result = build(config, day=date.fromisoformat(DAY), now=NOW, formats=["json"])
    assert ("football-cup", "sport") in result.briefing.left_out  # not in the whole day
    assert article_ids(result, "sport") == {"football-cup"}
    assert [s.title for s in result.desk_results["sport"].briefing.sections] == ["Sport"]
    assert article_ids(result, "no-football") == set()


def test_a_watch_term_keeps_a_story_ranks_it_first_and_its_point_says_why(day_built):
    root, result = day_built
    # HTS is Hayat Tahrir al-Sham in the gazetteer: the story names the watched group
    political = result.desk_results["political"].briefing
    diplomacy = next(s for s in political.sections if s.theme == "diplomacy")
    assert diplomacy.stories[0].articles[0].id == "geneva-hts"
    assert "watch: Hayat Tahrir al-Sham" in diplomacy.stories[0].why
    # the economy desk watches "Assad": named only in the third sentence, which is added
    economy = result.desk_results["economy"].briefing
    points = [p for s in economy.sections for st in s.stories for p in st.key_points
              if p.article_id == "lebanon-currency"]
    watched = [p for p in points if p.watch]
    assert watched and "Assad" in watched[0].text and watched[0].watch == ("Assad",)
    md = (root / "out" / DAY / "economy" / "briefing.md").read_text()
    assert "**Watch: Assad** · Traders said" in md


def test_a_watched_point_outside_the_desks_themes_is_filed_under_watch_list(tmp_path):
    desks = ('[[desks]]\nid = "aid"\ntitle = "Aid"\nthemes = ["humanitarian"]\n'
             'watch = ["Kyiv"]\n')
    config = load_config(desk_config(tmp_path, desks=desks))
    result = build(config, day=date.fromisoformat(DAY), now=NOW, formats=["md"])
    sections = result.desk_results["aid"].briefing.sections
    assert [s.title for s in sections] == ["Humanitarian and human rights", "Watch list"]
    (story,) = sections[1].stories  # the drone strikes near Kyiv: military, not aid
    assert story.articles[0].id == "kyiv-drones" and story.why == ("watch: Kyiv",)
    md = (tmp_path / "out" / DAY / "aid" / "briefing.md").read_text()
    assert "## Watch list" in md and "Other developments" not in md


def test_the_whole_day_is_built_beside_the_desks_for_its_readers(day_built):
    root, result = day_built
    assert result.briefing.desk == "" and len(result.briefing.articles) == 7
    assert result.briefing.left_out == (("football-cup", "sport"),)  # a kind not briefed
    day = root / "out" / DAY
    for folder in (day, day / "defence", day / "political", day / "economy"):
        assert sorted(p.name for p in folder.glob("briefing.*")) == [
            "briefing.html", "briefing.json", "briefing.md", "briefing.pdf"]
    data = json.loads((day / "defence" / "briefing.json").read_text())
    assert data["desk"] == "defence" and data["title"] == "Defence attaché"


def test_show_evidence_says_why_a_story_is_on_the_desk(day_built):
    root, _ = day_built
    html = (root / "out" / DAY / "defence" / "briefing.html").read_text()
    assert "On this desk: theme: Military action; place: Aleppo (Syria)" in html
    assert "On this desk: theme: Humanitarian and human rights; place: Idlib (Syria)" in html


def test_a_desk_has_its_own_marking_and_colour(day_built):
    root, _ = day_built
    defence = (root / "out" / DAY / "defence" / "briefing.html").read_text()
    political = (root / "out" / DAY / "political" / "briefing.html").read_text()
    assert "RESTRICTED: DEFENCE SECTION" in defence and "RESTRICTED" not in political
    assert "darkgreen" in defence and "darkgreen" not in political


def test_a_desks_missing_logo_is_told_to_the_user_not_to_the_other_desks_readers(tmp_path):
    # without the whole day's briefing built first, the build's warnings list went on
    # growing while it was passed to compose, and the next desk printed the warning
    desks = DESKS.replace('accent_colour = "darkgreen"', 'logo = "no-such-logo.png"')
    config = load_config(desk_config(tmp_path, desks=desks))
    result = build(config, day=date.fromisoformat(DAY), now=NOW, formats=["md"])
    assert [w for w in result.warnings if "logo" in w] == [
        f"desks[1] (defence).logo: {tmp_path / 'no-such-logo.png'} not found; "
        "the briefing is built without a logo"]
    for desk in ("defence", "political", "economy"):
        assert not any("logo" in w for w in result.desk_results[desk].briefing.warnings), desk


def test_the_archive_index_lists_each_desk(day_built):
    root, _ = day_built
    html = (root / "out" / "index.html").read_text()
    links = re.findall(r'href="([^"]+)"', html)
    for desk in ("defence", "political", "economy"):
        assert f"{DAY}/{desk}/briefing.pdf" in links
        assert f"Desk {desk}" in html
    assert html.index(f"{DAY}/briefing.pdf") < html.index(f"{DAY}/defence/briefing.pdf")


def test_with_desks_and_no_reader_of_the_whole_day_build_makes_the_desks(tmp_path, run_cli,
                                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    desk_config(tmp_path)  # no email.to: nobody reads a briefing of everything
    r = run_cli("build", "--date", DAY, "--format", "md,json")
    assert r.code == 0, r.err
    assert [line.split(":")[0] for line in r.out.splitlines() if not line.startswith("wrote")] \
        == ["desk defence", "desk political", "desk economy"]
    day = tmp_path / "out" / DAY
    assert not (day / "briefing.md").exists() and (day / "economy" / "briefing.md").is_file()
    html = (tmp_path / "out" / "index.html").read_text()
    assert html.count("Friday 28 March 2025") == 1  # the date, on its first desk's row
    assert html.index("Friday 28 March 2025") < html.index("Desk defence")


def test_build_desk_builds_that_desk_only(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    desk_config(tmp_path)
    r = run_cli("build", "--date", DAY, "--desk", "defence", "--format", "md,json")
    assert r.code == 0, r.err
    assert "desk defence: 2 articles" in r.out
    day = tmp_path / "out" / DAY
    assert (day / "defence" / "briefing.md").is_file()
    assert not (day / "briefing.md").exists() and not (day / "economy").exists()
    r = run_cli("build", "--date", DAY, "--desk", "defnce")
    assert r.code == 2 and r.err.strip() == "error: no desk 'defnce' (did you mean: defence?)"


@pytest.mark.parametrize("command", [("build", "--desk", "political"),
                                     ("send", "--desk", "political", "--dry-run"),
                                     ("why", "Guler", "--desk", "political"),
                                     ("desks", "explain", "political", "Talks resumed.")])
def test_a_desk_asked_for_with_no_desks_configured_says_how_to_configure_one(run_cli, workdir,
                                                                             command):
    """`desks explain political ...`, as its help's example, in a checkout with no desks
    said only "no [[desks]] are configured": not where they go, which `desks list` says."""
    r = run_cli(*command)
    assert (r.code, r.out) == (2, "")
    assert r.err == ("error: no desk 'political': no [[desks]] are configured (add [[desks]] "
                     "tables to briefing.toml: see README, Desks)\n")
    assert not (workdir / "out").exists()


def test_rebuilding_with_other_articles_keeps_the_desks_previous_edition(tmp_path):
    config = load_config(desk_config(tmp_path))
    build(config, day=date.fromisoformat(DAY), now=NOW, formats=["md"])
    (tmp_path / "news" / "homs-strike.md").write_text(
        '---\ntitle: "Shelling in Homs"\npublished: "2025-03-28T15:00:00Z"\n---\n\n'
        "Artillery shelling hit a military base near Homs on Friday, killing three "
        "soldiers, the army said in a statement.\n")
    build(config, day=date.fromisoformat(DAY), now=NOW.replace(hour=19), formats=["md"])
    folder = tmp_path / "out" / DAY / "defence"
    assert "Homs" in (folder / "briefing.md").read_text()
    assert "Homs" not in (folder / "edition-1" / "briefing.md").read_text()


def test_the_archive_shows_when_a_desks_edition_was_built_in_the_desks_own_zone(tmp_path):
    """A Tokyo desk's 23:00 build read "14:00" in out/index.html (London time, unnamed);
    its briefing says "generated 28 Mar 2025, 23:00 JST". The index says it the same way,
    and the whole day's rows stay in briefing.timezone."""
    import lxml.html

    desks = DESKS.replace('id = "defence"\n', 'id = "defence"\ntimezone = "Asia/Tokyo"\n')
    config = load_config(desk_config(tmp_path, '[briefing]\ntimezone = "Europe/London"\n',
                                     desks))
    day = date.fromisoformat(DAY)
    build(config, day=day, now=NOW.replace(hour=14), formats=["md", "json"])
    (tmp_path / "news" / "homs-strike.md").write_text(
        '---\ntitle: "Shelling in Homs"\npublished: "2025-03-28T15:00:00Z"\n---\n\n'
        "Artillery shelling hit a military base near Homs on Friday, killing three "
        "soldiers, the army said in a statement.\n")
    build(config, day=day, now=NOW.replace(hour=19), formats=["md", "json"])
    document = lxml.html.document_fromstring((tmp_path / "out" / "index.html").read_bytes())
    rows = {" ".join(row.text_content().split()) for row in document.find_class("edition")}
    assert any(r.startswith("Earlier edition 1, built 23:00 JST") for r in rows), rows
    assert any(r.startswith("Earlier edition 1, built 14:00 Diplomacy") for r in rows), rows


def test_desks_explain_says_why_and_why_not(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    desk_config(tmp_path)
    r = run_cli("desks", "explain", "defence",
                "Warplanes struck rebel positions near Aleppo, killing ten fighters.")
    assert r.code == 0, r.err
    assert r.out.startswith("yes: on desk defence (Defence attaché)")
    assert "+ places: names Aleppo (in Syria)" in r.out
    r = run_cli("desks", "explain", "defence",
                "Warplanes struck rebel positions near Kharkiv, killing ten fighters.")
    assert r.out.startswith("no: not on desk defence")
    assert "- places: names none of Syria or the places within; it names Kharkiv" in r.out
    r = run_cli("desks", "explain", "political",
                "Diplomats met in Damascus after the football final to discuss the ceasefire.")
    assert r.out.startswith("no:") and "- exclude: names 'football'" in r.out
    # off the desk's themes, the place it names is still said (README's example)
    r = run_cli("desks", "explain", "political", "Warplanes struck rebel positions near Aleppo.")
    assert r.out.startswith("no:") and "+ places: names Aleppo (in Middle East)" in r.out
    r = run_cli("desks", "explain", "economy", "Assad's cousin was seen at the horse races.")
    assert r.out.startswith("yes:") and "+ watch: names Assad: kept and ranked first" in r.out
    # an exclude term wins over a watch term the text names: said so, not "names none of"
    r = run_cli("desks", "explain", "political",
                "Leaders of HTS watched the football final in Idlib.")
    assert r.out.startswith("no:") and "- exclude: names 'football'" in r.out
    assert "- watch: names Hayat Tahrir al-Sham, but the exclude term drops the story" in r.out
    assert "names none of Hayat Tahrir al-Sham" not in r.out


# --- places and terms ----------------------------------------------------------------------


def _place_desk(tmp_path: Path, places: str, themes: str = '["diplomacy", "humanitarian"]'):
    """A desk of `places` over the diplomacy and humanitarian themes, and a new day index
    for each story (an index remembers an article by its id, unique in a day)."""
    from briefing.desks import DayIndex

    path = tmp_path / "briefing.toml"
    path.write_text(f'[[desks]]\nid = "d"\ntitle = "D"\nthemes = {themes}\n'
                    f"places = {places}\n", encoding="utf-8")
    index = PlaceIndex.load()
    desk = Desk.of(load_config(path).desk("d"), [("diplomacy", "Diplomacy"),
                                                 ("humanitarian", "Humanitarian"),
                                                 ("justice", "Law and accountability"),
                                                 ("military", "Military")], index,
                   briefed={"diplomacy", "humanitarian", "justice", "military"})
    return desk, lambda: DayIndex(index, set(desk.places))


def _story(text: str, title: str = "Talks resume", points: tuple = ()) -> list:
    """One article whose one key point (a diplomacy one, unless `points` are given) names
    no place."""
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    points = points or (KeyPoint("a", "The ministers met to discuss a trade agreement.", 5,
                                 1.0, (ThemeScore("diplomacy", 0.9),)),)
    return [Summary(Article("a", title, text), points, 9)]


def test_a_passing_mention_is_not_enough_a_story_about_the_place_is(tmp_path):
    from briefing.desks import PlacePoint, judge
    from briefing.model import HEADLINE

    desk, day = _place_desk(tmp_path, '["Middle East"]')
    once = "The ministers met on Monday. Trade with Syria was not discussed. They left."
    assert not judge(desk, _story(once), day()).on_desk
    twice = "The ministers met on Monday. Syria came up. Syria's debt did too. They left."
    verdict = judge(desk, _story(twice), day())
    assert verdict.on_desk and verdict.place_point == PlacePoint("a", 1)  # first to name it
    region = ("MANAMA, Bahrain - The ministers met on Monday. Shipping in the Arabian Gulf "
              "was on the agenda.")
    verdict = judge(desk, _story(region), day())  # the dateline: cleaning leaves it out
    assert verdict.on_desk and verdict.places == (("Manama", "Middle East"),
                                                  ("Bahrain", "Middle East"))  # capitals read
    assert verdict.place_point == PlacePoint("a", 1)  # the Gulf: in the desk's Middle East
    headline = judge(desk, _story(once, title="Talks in Amman"), day())
    assert headline.on_desk and headline.why(desk) == ("theme: Diplomacy",
                                                       "place: Amman (Middle East)")
    assert headline.place_point == PlacePoint("a", 1)  # Syria: in the desk's Middle East
    nowhere = judge(desk, _story("The ministers met. They left.", title="Talks in Amman"), day())
    assert nowhere.on_desk and nowhere.place_point == PlacePoint("a", HEADLINE)
    # the headline names Syria, and so does a sentence: that sentence is the one shown
    assert judge(desk, _story(once, title="Syria talks"), day()).place_point == PlacePoint("a", 1)


def test_a_place_named_in_a_list_or_in_a_point_the_desk_does_not_show_is_a_passing_mention(
        tmp_path):
    """The analyst's humanitarian desk (Syria, Jordan, Lebanon, Iraq) took a Yemen airstrike
    because Jordan is one of nine countries in a list, and Ebola monitoring because another
    item of the same news roundup, a point the desk does not show, names Iraq."""
    from briefing.desks import PlacePoint, judge
    from briefing.model import KeyPoint, ThemeScore

    desk, day = _place_desk(tmp_path, '["Syria", "Jordan", "Lebanon", "Iraq"]',
                            '["humanitarian"]')
    airstrike = KeyPoint("a", "An airstrike hit a camp for displaced people in Haradh.", 0,
                         1.0, (ThemeScore("humanitarian", 0.9),))
    listed = ("An airstrike hit a camp for displaced people in Haradh. The coalition includes "
              "Saudi Arabia, the United Arab Emirates, Kuwait, Bahrain, Qatar, Jordan, Morocco, "
              "Egypt and Sudan. A few members, such as Iraq, could object. Yemen's war goes on.")
    assert not judge(desk, _story(listed, "Yemen", (airstrike,)), day()).on_desk
    roundup_points = (
        KeyPoint("b", "U.S. aid workers exposed to an Ebola patient are being monitored.", 2,
                 1.0, (ThemeScore("humanitarian", 0.9),)),
        KeyPoint("b", "ISIS terrorists have destroyed some of Iraq's treasured artifacts.", 3,
                 1.0, (ThemeScore("military", 0.9),)))
    roundup = ("March 18, 2015. Israelis have voted. U.S. aid workers exposed to an Ebola "
               "patient are being monitored. ISIS terrorists have destroyed some of Iraq's "
               "treasured artifacts. A football player walked away from his job.")
    verdict = judge(desk, _story(roundup, "", roundup_points), day())
    assert not verdict.on_desk and verdict.themes == ("humanitarian",)
    # the desk's own point naming Iraq puts it there, and leads the story: nothing is added
    shown = (replace(roundup_points[1], themes=(ThemeScore("humanitarian", 0.9),)),)
    verdict = judge(desk, _story(roundup, "", shown), day())
    assert verdict.on_desk and verdict.places == (("Iraq", "Iraq"),)
    assert verdict.place_point == PlacePoint("b", 3)
    # one place of the desk's in two sentences: a story about it
    about = listed.replace("A few members, such as Iraq", "Jordan")
    assert judge(desk, _story(about, "Yemen", (airstrike,)), day()).on_desk


def test_the_sentence_naming_the_place_is_shown_when_no_point_the_desk_shows_does(tmp_path):
    """The Syria political desk showed "Two years ago, Farah was a nurse and her husband a
    lawyer" under Law and accountability, and nothing to say why it was a Syria story."""
    from briefing.desks import select
    from briefing.model import Article, KeyPoint, Summary, ThemeScore
    from briefing.text import sentence_lines, untraced

    desk, day = _place_desk(tmp_path, '["Syria"]', '["justice", "diplomacy"]')
    text = ("Farah fled the civil war in Syria with her husband in the middle of the night. "
            "Two days later, she gave birth to a girl. Two years ago, Farah was a nurse and "
            "her husband a lawyer. Here, he found work tiling construction sites.")
    lawyer = KeyPoint("f", "Two years ago, Farah was a nurse and her husband a lawyer.", 2, 0.8,
                      (ThemeScore("justice", 0.6),))
    work = KeyPoint("f", "Here, he found work tiling construction sites.", 3, 0.5,
                    (ThemeScore("economy", 0.7),))
    farah = Summary(Article("f", "", text), (lawyer, work), 4)
    cut = select(desk, [farah], ["farah"], day(),
                 classify=lambda texts: [(ThemeScore("humanitarian", 0.8),) for _ in texts])
    (shown,) = cut.summaries
    assert [p.position for p in shown.key_points] == [0, 2]  # the lead first, then its point
    lead = shown.key_points[0]
    assert lead.text.startswith("Farah fled the civil war in Syria")
    # filed with the story's point (the classifier's theme is not the desk's), traceable
    assert [t.theme for t in lead.themes] == ["justice"] and lead.watch == ()
    assert untraced(lead.text, lead.spans, sentence_lines(text)) is None
    assert cut.why["farah"] == ("theme: Law and accountability", "place: Syria")
    # a point the desk does not show (another theme's) is that sentence: shown as it is
    later = text.replace("in Syria ", "").replace("construction sites", "sites in Syria")
    cut = select(desk, [replace(farah, article=Article("f", "", later + " Syria is far."))],
                 ["farah"], day())
    assert cut.summaries[0].key_points[0].text == work.text


def test_the_point_naming_the_place_leads_the_story_so_a_sections_cap_keeps_it(tmp_path):
    """A section shows only the first points of its last story (points_per_section): the
    Syria desk showed a refugee's memories of her studies, and not her flight from near
    Damascus, the fifth of her points."""
    from briefing.desks import select
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    desk, day = _place_desk(tmp_path, '["Syria"]', '["humanitarian"]')

    def point(article: str, text: str, position: int) -> KeyPoint:
        return KeyPoint(article, text, position, 0.5, (ThemeScore("humanitarian", 0.8),))

    other = Summary(Article("x", "Refugees", "Families wait for aid at the border crossing."),
                    (point("x", "Families wait for aid at the border crossing.", 0),), 1)
    hers = Summary(Article("y", "", "I was finishing my studies when the war began. I loved "
                           "English. My family fled our home near Damascus."),
                   (point("y", "I was finishing my studies when the war began.", 0),
                    point("y", "My family fled our home near Damascus.", 2)), 3)
    cut = select(desk, [other, hers], ["s", "s"], day())
    assert [s.article.id for s in cut.summaries] == ["y", "x"]  # her article first
    assert [p.position for p in cut.summaries[0].key_points] == [2, 0]  # nothing added
    assert cut.why["s"] == ("theme: Humanitarian", "place: Damascus (Syria)")


def test_the_point_naming_the_place_is_shown_whatever_the_stories_cap(tmp_path):
    """A story shows its best-told article first and at most `points_per_story` points: on a
    place desk the point naming the place comes first all the same, or a story of five
    points about a border crossing would show no reason to be on the Syria desk."""
    from briefing.compose import ComposeOptions, compose
    from briefing.desks import select
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    desk, day = _place_desk(tmp_path, '["Syria"]', '["humanitarian"]')
    told = ["Families waited for aid at the border crossing through a freezing night.",
            "Aid workers handed out blankets and bread to hundreds of people.",
            "The crossing was closed for six hours after a dispute over papers.",
            "Children were treated for the cold in a tent clinic run by volunteers.",
            "Officials said the queue of lorries stretched for twelve kilometres."]
    border = Summary(Article("x", "At the border", " ".join(told), source="Wire"),
                     tuple(KeyPoint("x", t, i, 1.5, (ThemeScore("humanitarian", 0.9),))
                           for i, t in enumerate(told)), len(told))
    hers = Summary(Article("y", "", "I was finishing my studies when the war began. I loved "
                           "English. My family fled our home near Damascus.", source="Paper"),
                   (KeyPoint("y", "My family fled our home near Damascus.", 2, 0.3,
                             (ThemeScore("humanitarian", 0.8),)),), 3)
    cut = select(desk, [border, hers], ["s", "s"], day())
    assert cut.leads == {"s": (("y", 2),)}
    briefing = compose(cut.summaries, story_keys=cut.story_keys, day=date(2024, 12, 20),
                       title="D", themes=[("humanitarian", "Humanitarian")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC), leads=cut.leads,
                       options=ComposeOptions(points_per_story=4))
    (story,) = briefing.sections[0].stories
    assert story.key_points[0].text == "My family fled our home near Damascus."
    assert (len(story.key_points), story.more_points) == (4, 2)


def test_a_watched_headline_told_by_another_outlet_too_is_shown_in_its_own_words(tmp_path):
    """The economy desk watching "Apple" kept the JC Penney upgrade story because one
    outlet's headline named Apple, then showed another outlet's headline for the same news
    ("JC Penney Rises as Citigroup Analyst..."): no "Watch: Apple", nothing naming it."""
    from briefing.compose import compose
    from briefing.desks import DayIndex, select
    from briefing.model import HEADLINE, Article, KeyPoint, Summary, ThemeScore

    path = tmp_path / "briefing.toml"
    path.write_text('[[desks]]\nid = "econ"\ntitle = "Economy"\nthemes = ["economy"]\n'
                    'watch = ["Apple"]\n', encoding="utf-8")
    index = PlaceIndex.load()
    desk = Desk.of(load_config(path).desk("econ"), [("economy", "Economy and trade")], index,
                   briefed={"economy"})
    heads = {"x": "JC Penney Rises as Citigroup Analyst Recommends Buying Shares",
             "y": "Analyst Upgrades: Apple Inc. (AAPL), JC Penney Company, Inc., and Netflix, Inc."}
    summaries = [Summary(Article(i, head, "", source=f"Outlet {i}"),
                         (KeyPoint(i, head, HEADLINE, 1.0, (ThemeScore("economy", 0.9),)),), 0)
                 for i, head in heads.items()]
    cut = select(desk, summaries, ["s", "s"], DayIndex(index, set()))
    assert cut.why == {"s": ("watch: Apple", "theme: Economy and trade")}
    briefing = compose(cut.summaries, story_keys=cut.story_keys, day=date(2024, 12, 20),
                       title="Economy", themes=[("economy", "Economy and trade")],
                       generated_at=datetime(2024, 12, 20, tzinfo=UTC), leads=cut.leads,
                       first=cut.first)
    (story,) = briefing.sections[0].stories
    assert story.key_points[0].text == heads["y"]
    assert story.key_points[0].watch == ("Apple",)
    assert story.key_points[0].also_reported_by == ("x",)  # the other outlet still credited


def test_places_cover_what_lies_within_them_and_read_names_whole():
    places = PlaceIndex.load()
    syria = places.covered(["Syria"])
    assert {"Aleppo", "Damascus", "Idlib", "Homs", "Raqqa"} <= syria.keys()
    assert "Baghdad" not in syria
    assert places.covered(["Middle East"])["Aleppo"] == "Middle East"
    named = places.named("Syrian troops left Damascus. The Washington Post reported from "
                         "New Mexico; Kiev said the U.S. was informed.")
    assert set(named) == {"Syria", "Damascus", "New Mexico", "Kyiv", "United States"}
    # not Washington or Mexico: the parts of longer names are not places; "Syrian" is Syria
    # as its demonym, not as "Syria" inside a longer word, which without demonyms is no place
    assert not PlaceIndex.load(demonyms=False).named("Syrian troops left.")
    assert places.named("South Sudanese troops left; Latin American envoys came.") == {
        "South Sudan": 1}  # the longest name wins; a region's people are no country
    assert set(places.named("Corruption in the Turks and Caicos Islands; Turks protest.")) == {
        "Turks and Caicos Islands", "Turkey"}


def test_a_place_spelt_with_its_own_letters_is_the_place_the_gazetteer_spells_in_english(
        tmp_path, run_cli, monkeypatch):
    """Turkish outlets writing in English spell "İstanbul", "İdlib", "İzmir" and
    "Diyarbakır"; Polish ones "Kraków" and "Gdańsk". The gazetteer knows the English
    spellings, and a Levant desk did not take "Police in İstanbul detained 40 protesters"
    ("it names no known place"). A name is read letter for letter with its accents, dots
    and strokes set aside; a name the gazetteer spells with them ("São Paulo", "Türkiye")
    is found either way."""
    places = PlaceIndex.load()
    named = places.named("Police in İstanbul and İzmir detained 40; aid reached İdlib. "
                         "Floods hit Diyarbakır, Kraków and Gdańsk and Sao Paulo, officials "
                         "in Türkiye and Turkiye said.")
    assert named == {"Istanbul": 1, "Izmir": 1, "Idlib": 1, "Diyarbakir": 1, "Krakow": 1,
                     "Gdansk": 1, "Sao Paulo": 1, "Turkey": 2}
    assert places.named("Salvador is far from São Paulo.") == places.named(
        "Salvador is far from Sao Paulo.")
    # the name's letters, not a part of a word: "Kraków-based" is Krakow, "Turkiyem" nothing
    assert set(places.named("A Kraków-based fund, Turkiyem Ltd, paid.")) == {"Krakow"}

    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        '[[desks]]\nid = "levant"\ntitle = "Levant"\nplaces = ["Syria", "Turkey"]\n',
        encoding="utf-8")
    for text, place in (("Police in İstanbul detained 40 protesters on Monday.",
                         "Istanbul (in Turkey)"),
                        ("Aid convoys reached İdlib on Monday after shelling killed 12 "
                         "civilians.", "Idlib (in Syria)")):
        r = run_cli("desks", "explain", "levant", text)
        assert r.code == 0, r.err
        assert r.out.startswith("yes: on desk levant"), r.out
        assert f"+ places: names {place}" in r.out, r.out


def test_a_watch_or_exclude_term_finds_the_name_with_or_without_its_accents(tmp_path, run_cli,
                                                                           monkeypatch):
    """A desk watching "Erdogan" missed "Erdoğan" (and one watching "Erdoğan" the outlets
    that write "Erdogan"); "Istanbul" missed "İstanbul". Outlets spell names both ways, so a
    term is found letter for letter with accents, dots and strokes set aside, in its case as
    written only when it is all capitals, as before."""
    erdogan = Term.of("Erdogan")
    assert erdogan.found_in("President Erdoğan met Putin.") == "Erdogan"
    assert Term.of("Erdoğan").found_in("President Erdogan met Putin.") == "Erdoğan"
    assert Term.of("Istanbul").found_in("Police in İstanbul detained 40.") == "Istanbul"
    assert Term.of("Lodz").found_in("A fire in Łódź killed two.") == "Lodz"
    assert Term.of("Walesa").found_in("Lech Wałęsa spoke.") == "Walesa"
    # still whole words, and capitals still exact
    assert erdogan.found_in("The Erdoğanist press said so.") is None
    assert Term.of("NATO").found_in("The nato summit") is None

    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        '[[desks]]\nid = "turkey"\ntitle = "Turkey"\nthemes = ["economy"]\n'
        'watch = ["Erdogan"]\nexclude = ["Besiktas"]\n', encoding="utf-8")
    r = run_cli("desks", "explain", "turkey", "President Erdoğan named a new interior minister.")
    assert r.code == 0, r.err
    assert r.out.startswith("yes: on desk turkey") and "watch: names Erdogan" in r.out, r.out
    r = run_cli("desks", "explain", "turkey", "Beşiktaş sacked their coach after the defeat.")
    assert r.code == 0, r.err
    assert r.out.startswith("no:") and "Besiktas" in r.out, r.out


def test_a_town_named_with_its_us_state_is_not_the_place_abroad_of_that_name():
    # AP style names a US town by its state: the shooting "in an Alexandria, Virginia,
    # park" is not Egypt's Alexandria, and put the story on a Middle East desk
    places = PlaceIndex.load()
    assert places.named("The attack in an Alexandria, Virginia, park.") == {"Virginia": 1}
    assert not places.named("The baseball practice in Alexandria, Va., was shot at.")
    assert places.named("He grew up in Paris, Texas, and Lebanon, Pa.") == {"Texas": 1}
    assert places.named("Houston, Texas, was flooded.") == {"Houston": 1, "Texas": 1}
    assert places.named("Envoys met in Cairo, Alexandria and Amman.") == {
        "Cairo": 1, "Alexandria": 1, "Amman": 1}  # a list of places is each of them
    assert set(places.named("Talks in Cairo, Washington and Moscow.")) == {
        "Cairo", "Washington", "Moscow"}
    assert places.named("Tbilisi, Georgia, protested.") == {"Tbilisi": 1, "Georgia": 1}


def test_a_story_about_a_us_town_of_a_places_name_is_not_on_that_places_desk(tmp_path):
    """The Middle East desk took the shooting at a baseball practice in Alexandria,
    Virginia: a point it showed said "Alexandria Police responded", the article having
    said which Alexandria two sentences before."""
    from briefing.desks import judge
    from briefing.model import KeyPoint, ThemeScore

    desk, day = _place_desk(tmp_path, '["Middle East"]', '["justice"]')
    text = ("A gunman opened fire on a baseball practice in an Alexandria, Virginia, park. "
            "Capitol Police returned fire. Alexandria Police responded soon after.")
    point = KeyPoint("a", "Alexandria Police responded soon after.", 2, 1.0,
                     (ThemeScore("justice", 0.9),))
    assert not judge(desk, _story(text, "Shooting at a practice", (point,)), day()).on_desk
    # nor by its headline, nor by two sentences naming the town
    again = text + " Alexandria schools were closed."
    assert not judge(desk, _story(again, "Alexandria shooting", (point,)), day()).on_desk
    cairo = KeyPoint("a", "Alexandria Police in Egypt responded.", 0, 1.0,
                     (ThemeScore("justice", 0.9),))
    assert judge(desk, _story("Alexandria Police in Egypt responded.", "Shooting", (cairo,)),
                 day()).on_desk


def test_a_users_places_add_names_and_regions():
    places = PlaceIndex.load({"Syria": ["Deir Hafer"], "Levant": ["Syria", "Lebanon"]})
    assert places.covered(["Syria"])["Deir Hafer"] == "Syria"
    assert {"Aleppo", "Beirut", "Deir Hafer"} <= places.covered(["Levant"]).keys()
    assert places.named("Fighting near Deir Hafer.") == {"Deir Hafer": 1}


def test_terms_in_capitals_are_matched_as_written_others_in_any_case():
    places = PlaceIndex.load()
    assert Term.of("HTS", places).found_in("hts") is None
    assert Term.of("HTS", places).found_in("leaders of HTS met") == "HTS"
    assert Term.of("assad", places).found_in("Bashar al-Assad's") == "assad"
    assert Term.of("Assad", places).found_in("Assadollah") is None
    assert Term.of("Hayat Tahrir al-Sham", places).found_in("HTS fighters") == "HTS"


def test_a_desk_lists_every_briefed_theme_in_the_taxonomys_order_when_it_lists_none(tmp_path):
    from briefing.pipeline import load_themes

    config = load_config(desk_config(tmp_path))
    taxonomy, _ = load_themes(config)
    themes = [(t.id, t.label) for t in taxonomy.themes]
    desk = Desk.of(config.desk("economy"), themes, None, briefed=taxonomy.briefed)
    assert [t for t, _ in desk.themes] == ["economy"]
    everything = Desk.of(config.desks[0].__class__(id="all", title="All"), themes, None,
                         briefed=taxonomy.briefed)
    assert [t for t, _ in everything.themes] == list(taxonomy.briefed)
    assert everything.all_themes and "sport" not in taxonomy.briefed


# --- config -------------------------------------------------------------------------------


@pytest.mark.parametrize(("desks", "message"), [
    ('[[desks]]\nid = "a"\ntitle = "A"\nthemes = ["militry"]\n',
     "desks[1] (a).themes has 'militry', not a theme (did you mean: military?)"),
    ('[[desks]]\nid = "a"\ntitle = "A"\nthemes = ["military", "economy", "military"]\n',
     "desks[1] (a).themes names a theme twice"),
    ('[[desks]]\nid = "a"\ntitle = "A"\nplaces = ["Syira"]\n',
     "desks[1] (a).places has 'Syira', not a known place (did you mean: Syria"),
    ('[[desks]]\nid = "a"\ntitle = "A"\nplaces = ["Qqqq Zzzz"]\n',
     "not a known place (known: "),
    ('[[desks]]\nid = "Syria Desk"\ntitle = "A"\n',
     "desks[1].id = 'Syria Desk' must be 1 to 40 lower-case letters, digits"),
    ('[[desks]]\nid = "edition-2"\ntitle = "A"\n', 'not "edition-<n>"'),
    ('[[desks]]\nid = "a"\ntitle = "A"\n[[desks]]\nid = "a"\ntitle = "B"\n',
     "desks[2].id = 'a' is used by another desk"),
    ('[[desks]]\nid = "a"\n', "desks[1] (a) needs title"),
    ('[[desks]]\nid = "a"\ntitle = "A"\ncolour = "red"\n', "unknown key desks[1] (a).colour"),
    # a value of the wrong type names the desk as every other desk setting does
    ('[[desks]]\nid = "a"\ntitle = "A"\n[[desks]]\nid = "b"\ntitle = "B"\ntimes = "06:30"\n',
     "desks[2] (b).times must be a list, like times = [...]"),
    ('[[desks]]\nid = "a"\ntitle = "A"\nmarking_colour = 5\n',
     "desks[1] (a).marking_colour must be a string, not 5"),
    ('[[desks]]\nid = "a"\ntitle = "A"\nto = ["Ann <ann@example.org>"]\n',
     "desks[1] (a).to has 'Ann <ann@example.org>', not a plain address"),
    ('[[desks]]\nid = "a"\ntitle = "A"\ntimes = ["7:00"]\n',
     "desks[1] (a).times has '7:00'; each time must be \"HH:MM\""),
    ('[[desks]]\nid = "a"\ntitle = "A"\ntimezone = "Europe/Damascus"\n',
     "desks[1] (a).timezone = 'Europe/Damascus' is not an IANA timezone"),
    ('[[desks]]\nid = "a"\ntitle = "A"\naccent_colour = "yellow"\n',
     "desks[1] (a).accent_colour = 'yellow' is too light"),
    ('[[desks]]\nid = "a"\ntitle = "A"\nwatch = ["  "]\n',
     "desks[1] (a).watch has '  '; each term needs a letter or digit"),
    ('[desks]\nid = "a"\n', "desks must be a list, like [[desks]] tables"),
    ('[places]\nSyria = "Deir Hafer"\n', "places.Syria must be a list"),
    # a misspelt place under [places] made a region of its own that no desk covered, so the
    # desk listing Syria never found Deir Hafer, without a word
    ('[places]\nSyira = ["Deir Hafer"]\n[[desks]]\nid = "a"\ntitle = "A"\nplaces = ["Syria"]\n',
     "places.Syira is not a known place and no desk lists it (did you mean: Syria"),
])
def test_a_wrong_desk_setting_is_one_line_naming_file_key_and_what_is_allowed(
        tmp_path, desks, message):
    path = tmp_path / "briefing.toml"
    path.write_text(desks)
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert str(e.value).startswith(f"{path}: ")
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_a_users_place_names_make_a_desks_places_valid(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text('[places]\nLevant = ["Syria", "Lebanon"]\n'
                    '[[desks]]\nid = "levant"\ntitle = "Levant"\nplaces = ["Levant"]\n')
    assert load_config(path).desk("levant").places == ["Levant"]


# --- the store ----------------------------------------------------------------------------


def test_a_store_of_the_previous_version_migrates_its_ledger_to_the_whole_day_desk(tmp_path):
    """A database as version 7 made it: its deliveries, runs, editions and unfinished build
    become desk '' (the whole-day briefing), none lost, and a desk can have its own row."""
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as con:
        for script in MIGRATIONS[:7]:
            con.executescript(script)
        con.execute("PRAGMA user_version = 7")
        con.execute("INSERT INTO unfinished VALUES ('2025-03-27', '2025-03-27T05:00:00+00:00',"
                    " 0, '[\"c\"]')")
        con.execute("INSERT INTO deliveries VALUES ('2025-03-28', 'ann@example.org', 'sent',"
                    " '<m1@x>', 1, '2025-03-28T06:00:00+00:00', 'h:1:1',"
                    " '2025-03-28T06:00:01+00:00', '')")
        con.execute("INSERT INTO deliveries VALUES ('2025-03-28', 'bob@example.org', 'sending',"
                    " '<m2@x>', 1, '2025-03-28T06:00:00+00:00', 'h:1:1', NULL, '')")
        con.execute("INSERT INTO schedule_runs VALUES ('2025-03-28T06:00:00+00:00',"
                    " '2025-03-28', 'done', '2025-03-28T06:00:00+00:00', NULL, 'ok')")
        con.execute("INSERT INTO editions VALUES ('2025-03-28', '2025-03-28T05:00:00+00:00',"
                    " 0, '[\"a\", \"b\"]')")
    day = date(2025, 3, 28)
    with Store.open(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        rows = store.deliveries(day)
        assert [(r.desk, r.recipient, r.status, r.message_id) for r in rows] == [
            ("", "ann@example.org", "sent", "<m1@x>"), ("", "bob@example.org", "sending", "<m2@x>")]
        assert store.delivery(day, "ann@example.org").sent_at is not None
        assert store.last_schedule_due() == datetime(2025, 3, 28, 6, tzinfo=UTC)
        assert store.edition(day).article_ids == ("a", "b")
        assert store.unfinished_edition(date(2025, 3, 27)).article_ids == ("c",)
        assert store.unfinished_edition(date(2025, 3, 27), "political") is None
        # the same person and date on a desk is a row of its own, claimed independently
        row = store.claim_delivery(day, "ann@example.org", message_id="<m3@x>", now=NOW,
                                   claimer="t", desk="political")
        assert row is not None and row.desk == "political"
        assert store.claim_delivery(day, "ann@example.org", message_id="<m4@x>", now=NOW,
                                    claimer="t") is None  # the whole day's: already sent


# --- the shared development data ---------------------------------------------------------------

# Places in Syria, written here from common knowledge, independently of the desk's own list.
SYRIA = ("Syria", "Damascus", "Aleppo", "Idlib", "Homs", "Hama", "Latakia", "Raqqa", "Deir ez-Zor",
         "Daraa", "Palmyra", "Kobani", "Qamishli", "Afrin", "Manbij", "Ghouta", "Douma", "Tartus",
         "Golan Heights", "Hasakah", "Quneitra", "Suwayda")


def test_three_desks_from_the_shared_development_data(tmp_path):
    stories = needs_shared("stories-dev.jsonl")
    summaries = needs_shared("summ-dev.jsonl")
    rows = []
    for line in stories.read_text().splitlines():
        r = json.loads(line)
        r.pop("origin", None)  # names the answer: never shown to the system
        r.pop("story", None)
        rows.append(r)
    for line in summaries.read_text().splitlines():
        r = json.loads(line)
        rows.append({"id": r["id"], "title": r.get("title") or "", "text": r["text"],
                     "source": "CNN"})
    corpus = tmp_path / "day.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    (tmp_path / "briefing.toml").write_text(
        '[email]\nto = ["duty@example.org"]\n'  # the whole day is built too: the stories
        '[[desks]]\nid = "syria"\ntitle = "Syria"\nplaces = ["Syria"]\n'
        '[[desks]]\nid = "security"\ntitle = "Security"\nthemes = ["military", "terrorism"]\n'
        'watch = ["Taliban"]\n'
        '[[desks]]\nid = "americas"\ntitle = "Americas"\nplaces = ["North America", '
        '"Latin America"]\nthemes = ["politics", "economy"]\n'
        # the README's humanitarian and political desks
        '[[desks]]\nid = "aid"\ntitle = "Aid"\nthemes = ["humanitarian"]\n'
        'places = ["Syria", "Jordan", "Lebanon", "Iraq"]\n'
        '[[desks]]\nid = "political"\ntitle = "Political"\nplaces = ["Syria"]\n'
        'themes = ["politics", "diplomacy", "justice"]\n')
    config = load_config(tmp_path / "briefing.toml")
    result = build(config, day=date(2025, 3, 28), sources=[str(corpus)], formats=["json"],
                   now=NOW)
    # every story of the Syria desk names a place in Syria, in an article's title or text
    from briefing.sources import read_sources
    from briefing.stories import group_stories

    day = read_sources([str(corpus)], tz=UTC).articles  # every article, as the build read
    members: dict[str, list[str]] = {}
    for article, key in zip(day, group_stories(list(day)), strict=True):
        members.setdefault(key, []).append(f"{article.title}\n{article.text}")
    syria = result.desk_results["syria"].briefing
    shown = {st.id: st for s in syria.sections for st in s.stories}
    assert len(shown) >= 5
    for story_id, story in shown.items():
        assert any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)
                   for text in members[story_id] for p in SYRIA), story.headline
    # a watch term's story ranks first in its section, and its point says why
    security = result.desk_results["security"].briefing
    watched = [(s, k) for s in security.sections for k, st in enumerate(s.stories)
               if any("Taliban" in p.text for p in st.key_points)]
    assert watched
    for section, rank in watched:
        assert rank == 0 or all(st.why[0].startswith("watch:")
                                for st in section.stories[:rank]), section.title
        assert section.stories[rank].why[0] == "watch: Taliban"
    americas = result.desk_results["americas"].briefing
    assert americas.sections and {s.theme for s in americas.sections} <= {"politics", "economy"}
    # a place desk shows, for each story, a point naming one of its places: why it is there
    # (not a news roundup's Ebola item because another item names Iraq once), even when a
    # section's cap (compose.points_per_section) shows only the first points of a story
    places = PlaceIndex.load()
    for desk_id in ("aid", "political", "syria", "americas"):
        names = [n for n, c in places.canonical.items()
                 if c in places.covered(config.desk(desk_id).places)]
        pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names))
        stories = {st.id: st for s in result.desk_results[desk_id].briefing.sections
                   for st in s.stories}
        assert stories, desk_id
        for story in stories.values():
            shown = [p.text for s in result.desk_results[desk_id].briefing.sections
                     for st in s.stories if st.id == story.id for p in st.key_points]
            assert any(pattern.search(text) for text in shown), (desk_id, shown)


# --- rendering ------------------------------------------------------------------------------


def test_a_desks_markdown_is_clean_and_its_tags_and_reasons_are_text(day_built):
    from dataclasses import replace

    from test_markdown_lint import lint
    from test_render import hostile_briefing

    from briefing.render import RenderOptions, render_html, render_markdown

    root, _ = day_built
    for desk in ("defence", "political", "economy"):
        assert lint((root / "out" / DAY / desk / "briefing.md").read_text()) == [], desk
    # a watch term or a reason is shown as text whatever it holds
    briefing = hostile_briefing()
    section = briefing.sections[0]
    story = section.stories[0]
    point = replace(story.key_points[0], watch=("<b>*x*</b> {{ 6*7 }}",))
    story = replace(story, key_points=(point,), why=("place: <i>[y](javascript:1)</i>",))
    briefing = replace(briefing, sections=(replace(section, stories=(story,)),),
                       top_lines=(point,), desk="d")
    options = RenderOptions(show_evidence=True)
    html = render_html(briefing, options)
    assert "<b>*x*</b>" not in html and "&lt;b&gt;*x*&lt;/b&gt; {{ 6*7 }}" in html
    assert "<i>[y]" not in html and "On this desk: place: &lt;i&gt;[y](javascript:1)" in html
    md = render_markdown(briefing, options)
    assert "**Watch: &lt;b&gt;\\*x\\*&lt;/b&gt; \\{\\{ 6\\*7 \\}\\}** ·" in md
    assert "On this desk: place: &lt;i&gt;\\[y\\](javascript:1)" in md
    assert lint(md) == []


def test_a_desks_timezone_does_not_move_a_report_dated_without_a_time(tmp_path):
    """A report dated "2025-03-28" with no time is of the 28th in every desk's timezone: a
    date alone is read as midnight in briefing.timezone (Amman), which is the 27th in New
    York; a report with a time is shown at that time in the desk's zone."""
    write_news(tmp_path / "news")
    for name in ("aleppo-strikes", "idlib-aid"):
        page = tmp_path / "news" / f"{name}.md"
        page.write_text(page.read_text().replace(f"{DAY}T06:00:00Z", DAY)
                        .replace(f"{DAY}T09:00:00Z", DAY))
    desks = "".join(f'[[desks]]\nid = "{i}"\ntitle = "{i}"\nthemes = ["military", '
                    f'"humanitarian"]\ntimezone = "{zone}"\n'
                    for i, zone in (("ny", "America/New_York"), ("tokyo", "Asia/Tokyo")))
    path = tmp_path / "briefing.toml"
    path.write_text('[sources]\npaths = ["news"]\n[briefing]\ntimezone = "Asia/Amman"\n'
                    + desks, encoding="utf-8")
    build(load_config(path), day=date.fromisoformat(DAY), now=NOW, formats=["md", "html"])
    for desk in ("ny", "tokyo"):
        md = (tmp_path / "out" / DAY / desk / "briefing.md").read_text()
        cited = [line for line in md.splitlines() if "Airstrikes hit rebel positions" in line
                 or "Aid convoy reaches" in line]
        assert len(cited) >= 4, (desk, cited)  # each cited in a section and listed in sources
        for line in (c.replace("\u00a0", " ") for c in cited):
            assert "28 Mar 2025" in line or "28 March 2025" in line, (desk, line)
            assert "27" not in line and ":00" not in line, (desk, line)
        assert "reports of 28 March 2025" in md.replace("\u00a0", " "), desk
        html = (tmp_path / "out" / DAY / desk / "briefing.html").read_text()
        assert not re.search(r"27(\s|\u00a0)Mar", html), desk
    # a report with its time is shown at that time where the desk reads it
    md = (tmp_path / "out" / DAY / "ny" / "briefing.md").read_text().replace("\u00a0", " ")
    assert "28 Mar 2025, 08:00 EDT" in md  # the drones near Kyiv, 12:00 UTC


def test_the_next_build_removes_what_a_killed_build_left_in_a_desks_folder(tmp_path):
    """Killed while writing a desk's files: the next build removes
    the desk's temporary files, keeps the desk's previous edition once,
    and says so; the store's note of the unfinished build is cleared."""
    import signal
    import subprocess
    import sys

    from conftest import REPO
    from test_crash import KILL_AT_FSYNC

    desk_config(tmp_path, desks=DESKS.split("[[desks]]\nid = \"political\"")[0])
    (tmp_path / "news" / "idlib-aid.md").unlink()

    def run(*runner: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *runner, str(REPO / "cli.py"), "build", "--date",
                               DAY], cwd=tmp_path, capture_output=True, text=True, timeout=180)

    assert run().returncode == 0  # edition A of the whole day and of the desk
    folder = tmp_path / "out" / DAY / "defence"
    first = (folder / "briefing.md").read_text()
    write_news(tmp_path / "news")  # the aid convoy in Idlib is back: edition B
    runner = tmp_path / "kill_at_fsync.py"
    runner.write_text(KILL_AT_FSYNC)
    killed = run(str(runner), "2")  # the desk's md written, then killed writing its html
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert len(list(folder.glob(".briefing.html.*"))) == 1  # B's, to temporary names
    assert len(list(folder.glob(".briefing.md.*"))) == 1
    assert (folder / "briefing.md").read_text() == first  # A's untouched, not yet kept
    assert not (folder / "edition-1").exists()

    again = run()
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "briefing.html", "briefing.json", "briefing.md", "briefing.pdf", "edition-1"]
    assert (folder / "edition-1" / "briefing.md").read_text() == first
    assert "Idlib" in (folder / "briefing.html").read_text()
    assert f"{folder}: removed what an interrupted build left there" in again.stderr
    with Store.open(tmp_path / "out" / "briefing.db") as store:
        assert store.unfinished_edition(date.fromisoformat(DAY), "defence") is None


def test_each_desk_follows_its_stories_across_days(workdir):
    """A desk's story that its readers saw yesterday is "developing" on the desk, and the
    store keeps what each desk showed (story_days by desk), as it does for the whole day."""
    from datetime import timedelta

    (workdir / "briefing.toml").write_text(
        '[email]\nto = ["duty@example.org"]\n'
        '[[desks]]\nid = "navy"\ntitle = "Navy"\nthemes = ["military"]\n'
        'watch = ["Truman"]\n')
    config = load_config(cwd=workdir)
    results = {}
    for day in (date(2024, 12, 15), date(2024, 12, 16)):
        now = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=7)
        results[day] = build(config, day=day, now=now, formats=["md", "json"])
    second = results[date(2024, 12, 16)].desk_results["navy"].briefing
    truman = next(st for s in second.sections for st in s.stories
                  if "Truman" in st.headline)
    assert truman.follow is not None and truman.follow.status == "developing"
    assert truman.follow.day == 2 and truman.follow.first_href == "../../2024-12-15/navy"
    with Store.open(workdir / "out" / "briefing.db") as store:
        rows = store.story_timeline([truman.follow.story_id])
    assert {(r.date.day, r.desk) for r in rows} == {(15, ""), (15, "navy"), (16, ""),
                                                    (16, "navy")}


def test_desks_explain_judges_a_desk_with_no_themes_as_the_build_does(tmp_path, run_cli,
                                                                      monkeypatch):
    # A desk listing no themes covers the themes the whole day briefs; sport is not one of
    # them, so a football report is no more on it in `desks explain` than in its briefing.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text('[[desks]]\nid = "all"\ntitle = "All the news"\n',
                                              encoding="utf-8")
    report = ("Manchester United beat Chelsea 3-1 in the Premier League on Saturday, with two "
              "goals from their striker in the second half.")
    r = run_cli("desks", "explain", "all", report)
    assert r.code == 0, r.err
    assert r.out.startswith("no: not on desk all"), r.out
    assert "- kind of news: sport, which the desk's briefing leaves out" in r.out
    r = run_cli("desks", "explain", "all",
                "Warplanes struck rebel positions near Aleppo, killing ten fighters.")
    assert r.out.startswith("yes: on desk all"), r.out


def test_desks_list_says_a_desk_without_themes_takes_those_the_day_briefs_and_no_to_is_unscheduled(
        tmp_path, run_cli, monkeypatch):
    # "themes: every theme" told the admin a desk listing none takes sport too, which its
    # briefing leaves out; and a desk with no recipients, which `schedule` never runs, was
    # listed with the times it would be sent at
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        '[schedule]\ntimes = ["07:00"]\ntimezone = "Asia/Amman"\n'
        '[[desks]]\nid = "all"\ntitle = "All the news"\n'
        '[[desks]]\nid = "mil"\ntitle = "Military"\nthemes = ["military"]\n'
        'to = ["mil@example.org"]\n', encoding="utf-8")
    r = run_cli("desks", "list")
    assert r.code == 0, r.err
    assert r.out == ("all: All the news\n"
                     "  themes: every theme the day briefs\n"
                     "  places: anywhere\n"
                     "  to: nobody (built, not scheduled)\n"
                     "mil: Military\n"
                     "  themes: military\n"
                     "  places: anywhere\n"
                     "  to: mil@example.org\n"
                     "  times: 07:00 Asia/Amman\n"), r.out


def test_a_watched_story_of_a_kind_left_out_is_kept_on_a_desk_with_no_themes(tmp_path):
    # "kept whatever its themes" (README, Desks) holds on a desk that lists none too: a
    # horse-racing report naming the watch term is read as sport, which the day leaves out
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "races.md").write_text(
        '---\ntitle: "At the races"\npublished: "2025-03-28T12:00:00Z"\n---\n\n'
        "Assad's cousin was seen at the horse races on Saturday, where his horse won the "
        "third race by two lengths.\n\nThe jockey said the horse had trained for months "
        "for the race, and the crowd cheered the winner.\n", encoding="utf-8")
    path = tmp_path / "briefing.toml"
    path.write_text('[sources]\npaths = ["news"]\n[[desks]]\nid = "all"\ntitle = "All"\n'
                    'watch = ["Assad"]\n[[desks]]\nid = "plain"\ntitle = "Plain"\n',
                    encoding="utf-8")
    result = build(load_config(path), day=date.fromisoformat(DAY), now=NOW, formats=["md"])
    assert "races" in article_ids(result, "all")
    assert "races" not in article_ids(result, "plain")  # no watch term: left out as sport


# Reports that name their country only by its people's adjective, as wire copy often does
# (Wikinews of 25-26 January 2010: "Three Yemeni troops killed", "Saudi government donating
# US$50 million", "Sudanese President Omar al-Bashir"), beside one from elsewhere.
DEMONYM_NEWS = {
    "syrian-shelling": (
        "Syrian troops shell a rebel-held town", "2025-03-28T06:00:00Z",
        "Syrian troops shelled a rebel-held town on Friday, killing at least twelve fighters, "
        "a monitoring group said. The army said its forces had repelled an attack on a "
        "military checkpoint."),
    "saudi-pledge": (
        "Saudi government pledges aid to flood victims", "2025-03-28T07:00:00Z",
        "The Saudi government has pledged fifty million dollars in humanitarian aid to "
        "families displaced by the floods, a spokesman for the foreign ministry said on "
        "Friday. Saudis have also given to appeals run by charities."),
    "bashir-shoe": (
        "Man throws shoe at president during conference", "2025-03-28T08:00:00Z",
        "A man threw a shoe at Sudanese President Omar al-Bashir during a public conference "
        "on Friday, the state news agency said. The president was not hit, and the man was "
        "arrested by security officers."),
    "brazil-budget": (
        "Brazil's congress passes the budget", "2025-03-28T09:00:00Z",
        "Brazil's congress passed the federal budget on Friday after months of political "
        "deadlock. Lawmakers voted 300 to 100 in favour of the bill."),
}


def test_a_country_named_only_by_its_demonym_is_on_the_desk_of_its_region(
        tmp_path, run_cli, monkeypatch):
    news = tmp_path / "news"
    news.mkdir()
    for name, (title, published, text) in DEMONYM_NEWS.items():
        (news / f"{name}.md").write_text(f'---\ntitle: "{title}"\nsource: "Wire"\n'
                                         f'published: "{published}"\n---\n\n{text}\n',
                                         encoding="utf-8")
    themes = '["military", "terrorism", "diplomacy", "politics", "humanitarian", "justice"]'
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\n'
        f'[[desks]]\nid = "mideast"\ntitle = "Middle East"\nthemes = {themes}\n'
        'places = ["Middle East"]\n'
        f'[[desks]]\nid = "africa"\ntitle = "Africa"\nthemes = {themes}\nplaces = ["Africa"]\n',
        encoding="utf-8")
    result = build(load_config(tmp_path / "briefing.toml"), day=date.fromisoformat(DAY),
                   now=NOW, formats=["md"])
    assert article_ids(result, "mideast") == {"syrian-shelling", "saudi-pledge"}
    assert article_ids(result, "africa") == {"bashir-shoe"}
    monkeypatch.chdir(tmp_path)
    r = run_cli("desks", "explain", "mideast", "Yemeni soldiers repelled an attack.")
    assert r.out.startswith("yes:") and "+ places: names Yemen (in Middle East)" in r.out
    # the people of a region that is no one country name no place ("Latin American")
    r = run_cli("desks", "explain", "mideast", "Latin American troops repelled an attack.")
    assert r.out.startswith("no:") and "it names no known place" in r.out
    # a desk lists the country, which finds its demonym: the demonym is no place to list
    (tmp_path / "briefing.toml").write_text(
        '[[desks]]\nid = "d"\ntitle = "D"\nplaces = ["Syrian"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"'Syrian', not a known place \(did you mean: Syria"):
        load_config(tmp_path / "briefing.toml")


def test_a_place_named_only_by_a_wire_dateline_in_capitals_is_on_the_desk(tmp_path):
    """Wire copy says where in its dateline, in capitals, and often nowhere else: "BAGHDAD
    (Reuters) -", "SANAA --" (README: a lead is read with its dateline)."""
    news = tmp_path / "news"
    news.mkdir()
    for name, title, text in [
        ("baghdad-bomb", "Car bomb kills 12 near a market",
         "BAGHDAD (Reuters) - A car bomb killed twelve people near a busy market on Friday, "
         "police said. The explosion wounded dozens of shoppers, a hospital official said."),
        ("sanaa-checkpoint", "Gunmen attack an army checkpoint",
         "SANAA -- Gunmen attacked an army checkpoint on Friday, killing three soldiers, a "
         "military official said. The attackers fled into the mountains."),
        ("lima-protest", "Protesters clash with police in the capital",
         "LIMA (Reuters) - Thousands of protesters clashed with riot police in the capital on "
         "Friday, and at least three people were killed, medics said."),
    ]:
        (news / f"{name}.md").write_text(f'---\ntitle: "{title}"\npublished: "{DAY}"\n---\n\n'
                                         f"{text}\n", encoding="utf-8")
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\n[themes]\nshow_evidence = true\n'
        '[[desks]]\nid = "mideast"\ntitle = "Middle East"\n'
        'themes = ["military", "terrorism", "politics", "humanitarian"]\n'
        'places = ["Middle East"]\n', encoding="utf-8")
    result = build(load_config(tmp_path / "briefing.toml"), day=date.fromisoformat(DAY),
                   now=NOW, formats=["md"])
    assert article_ids(result, "mideast") == {"baghdad-bomb", "sanaa-checkpoint"}
    md = (tmp_path / "out" / DAY / "mideast" / "briefing.md").read_text(encoding="utf-8")
    assert "place: Baghdad (Middle East)" in md and "place: Sanaa (Middle East)" in md


def test_a_desks_later_run_does_not_keep_the_days_later_news_from_the_other_briefings(
        tmp_path):
    """An operations centre briefs the whole day at 07:00 and its defence desk again at
    17:00. What came in between, briefed by the desk's evening run only, must reach the
    next morning's whole-day briefing (and the other desks'): the store took it for
    briefed, by anyone, and the whole day's readers never saw it."""
    config = load_config(desk_config(tmp_path, '[email]\nto = ["ops@example.org"]\n'))
    day = date.fromisoformat(DAY)
    build(config, day=day, now=NOW.replace(hour=7), formats=["md", "json"])
    (tmp_path / "news" / "homs-strike.md").write_text(
        '---\ntitle: "Shelling in Homs"\npublished: "2025-03-28T15:00:00Z"\n---\n\n'
        "Artillery shelling hit a military base near Homs on Friday, killing three "
        "soldiers, the army said in a statement.\n")
    (tmp_path / "news" / "amman-trade.md").write_text(
        '---\ntitle: "Jordan signs a trade pact with Iraq"\n'
        'published: "2025-03-28T16:00:00Z"\n---\n\n'
        "Jordan and Iraq signed a trade agreement in Amman on Friday to cut tariffs on "
        "farm goods and build a new border crossing, the trade ministry said.\n")
    evening = build(config, day=day, now=NOW.replace(hour=17), formats=["md", "json"],
                    desks=["defence"])
    assert article_ids(evening, "defence") == {"homs-strike"}
    morning = build(config, day=date(2025, 3, 29), now=datetime(2025, 3, 29, 7, tzinfo=UTC),
                    formats=["md", "json"])
    whole = {a.id for a in morning.briefing.articles}
    assert {"homs-strike", "amman-trade"} <= whole
    assert "amman-trade" in article_ids(morning, "political")
    assert "aleppo-strikes" not in whole  # what the morning's whole day briefed stays briefed


class _CountedText(str):
    """An article's text that counts how often it is lower-cased."""

    lowered = 0

    def lower(self) -> str:
        type(self).lowered += 1
        return super().lower()


def test_an_article_is_read_once_for_the_terms_of_every_desk(tmp_path):
    """A build of 1,000 articles with 40 desks of 20 to 50 watch terms took 73 s, 67 of
    them choosing the desks' stories: each desk folded and lower-cased each article's text
    again for each of its terms. The day's index reads an article once for every desk's
    terms, and each desk finds what it found before."""
    from briefing.desks import DayIndex, select
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    terms = [f"term{i}" for i in range(12)]
    path = tmp_path / "briefing.toml"
    path.write_text("".join(
        f'[[desks]]\nid = "d{d}"\ntitle = "D{d}"\nthemes = ["economy"]\n'
        f'watch = {json.dumps(terms[d * 4:d * 4 + 8])}\nexclude = ["cricket"]\n'
        for d in range(2)), encoding="utf-8")
    config, index = load_config(path), PlaceIndex.load()
    desks = [Desk.of(config.desk(f"d{d}"), [("economy", "Economy and trade")], index,
                     briefed={"economy"}) for d in range(2)]
    text = _CountedText("Markets fell. Analysts blamed term3 and TERM9 for the fall.")
    article = Article("a", "Shares slide", text, source="Outlet")
    summaries = [Summary(article, (KeyPoint("a", "Markets fell.", 0, 1.0,
                                            (ThemeScore("economy", 0.9),)),), 0)]
    day = DayIndex(index, set(), terms=[t for d in desks for t in (*d.exclude, *d.watch)])
    cuts = [select(d, summaries, ["s"], day) for d in desks]
    assert [c.why["s"] for c in cuts] == [("watch: term3", "theme: Economy and trade"),
                                          ("watch: term9", "theme: Economy and trade")]
    assert _CountedText.lowered == 1


def test_the_sentence_naming_a_watch_term_is_found_once_for_all_desks(tmp_path, monkeypatch):
    """With a watch term no key point names, each desk watching it split the article into
    sentences again to find the first naming it: a third of what 40 desks cost after
    their terms were read once. It is found once a day, and each desk shows it as before."""
    import briefing.text
    from briefing.desks import DayIndex, select
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    split = []
    real = briefing.text.sentences
    monkeypatch.setattr(briefing.text, "sentences", lambda text: split.append(text) or real(text))
    path = tmp_path / "briefing.toml"
    path.write_text("".join(
        f'[[desks]]\nid = "d{d}"\ntitle = "D{d}"\nthemes = ["economy"]\n'
        f'watch = ["Jane Doe", "Bank{d}"]\n' for d in range(2)), encoding="utf-8")
    config, index = load_config(path), PlaceIndex.load()
    desks = [Desk.of(config.desk(f"d{d}"), [("economy", "Economy and trade")], index,
                     briefed={"economy"}) for d in range(2)]
    text = ("Markets fell on Monday.\nTraders were nervous.\n"
            "The central bank governor, Jane Doe, said rates would hold.")
    summaries = [Summary(Article("a", "Shares slide", text, source="Outlet"),
                         (KeyPoint("a", "Markets fell on Monday.", 0, 1.0,
                                   (ThemeScore("economy", 0.9),)),), 0)]
    day = DayIndex(index, set(), terms=[t for d in desks for t in d.watch])
    cuts = [select(d, summaries, ["s"], day) for d in desks]
    for cut in cuts:
        (summary,) = cut.summaries
        assert [(p.position, p.watch) for p in summary.key_points] == [(0, ()),
                                                                        (2, ("Jane Doe",))]
        assert summary.key_points[1].text.startswith("The central bank governor, Jane Doe")
    assert len(split) == 1


def test_a_term_is_worked_out_once_not_for_each_text_it_is_looked_for_in(monkeypatch):
    """Reading 1,000 articles for the 453 terms of 40 desks took 5.2 s: each look folded
    the term's forms, split and lower-cased them and fetched their pattern again, and ran
    the pattern on any text holding the first word ("Prime" of "Prime Minister"). A term's
    forms are worked out once, and the pattern runs only on a text holding all its words."""
    import briefing.desks.places as places

    asked = []
    real = places._name_pattern
    monkeypatch.setattr(places, "_name_pattern",
                        lambda name, exact=True: asked.append(name) or real(name, exact))
    term = Term.of("Prime Minister")
    texts = ["The prime  minister spoke.", "Prime time TV.", "Prime-time Minister"] * 20
    assert [term.found_in(t) for t in texts] == ["Prime Minister", None, None] * 20
    assert asked == ["Prime Minister"]


def test_who_an_article_names_and_quotes_is_found_once_for_all_briefings(tmp_path, monkeypatch):
    """With 40 desks, the names and quotations of an article were analysed again for each
    briefing showing it: 7 s of a 20 s build. They are found once a build, for the whole
    day's briefing and every desk's, and each shows the actors it showed before."""
    import briefing.actors

    analysed = []
    real = briefing.actors.find_actors_and_quotes
    monkeypatch.setattr(briefing.actors, "find_actors_and_quotes",
                        lambda sentences: analysed.append(sentences[0]) or real(sentences))
    config = load_config(desk_config(tmp_path, '[email]\nto = ["duty@example.org"]\n'))
    result = build(config, day=date.fromisoformat(DAY), now=NOW, formats=["json"])
    briefings = [result.briefing, *(r.briefing for r in result.desk_results.values())]
    shown = [st.articles for b in briefings for s in b.sections for st in s.stories]
    assert len({a.id for articles in shown for a in articles}) == len(analysed) == 7
    assert sum(map(len, shown)) > 7  # the desks show articles the whole day shows too
    talks = next(st for s in result.desk_results["political"].briefing.sections
                 for st in s.stories if st.articles[0].id == "damascus-talks")
    assert talks.actors and talks.actors == next(
        st.actors for s in result.briefing.sections for st in s.stories
        if st.articles[0].id == "damascus-talks")


class _CountedClassifier:
    """A classifier that themes every text as humanitarian and counts what it is asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def classify_many(self, texts):
        from briefing.model import ThemeScore

        self.asked.extend(texts)
        return [(ThemeScore("humanitarian", 0.8),) for _ in texts]


def test_a_sentence_added_for_a_watch_term_or_a_place_is_classified_once_a_day(tmp_path):
    """40 desks classified the sentence each added for a watch term or a place again,
    5,049 times for a day of 1,000 articles. It is classified once a day, and each desk
    files it as before."""
    from briefing.desks import DayIndex, select
    from briefing.model import Article, KeyPoint, Summary, ThemeScore

    path = tmp_path / "briefing.toml"
    path.write_text("".join(
        f'[[desks]]\nid = "d{d}"\ntitle = "D{d}"\nthemes = ["economy", "justice"]\n'
        f'watch = ["Jane Doe"]\nplaces = ["Syria"]\n' for d in range(2)), encoding="utf-8")
    config, index = load_config(path), PlaceIndex.load()
    themes = [("economy", "Economy and trade"), ("justice", "Law and accountability")]
    desks = [Desk.of(config.desk(f"d{d}"), themes, index, briefed={"economy", "justice"})
             for d in range(2)]
    bank = ("Markets fell on Monday.\nTraders were nervous.\n"
            "The central bank governor, Jane Doe, said rates would hold.")
    farah = ("Farah fled the civil war in Syria with her husband in the middle of the night. "
             "Two days later, she gave birth to a girl. Two years ago, Farah was a nurse and "
             "her husband a lawyer. Here, he found work tiling construction sites.")
    summaries = [
        Summary(Article("a", "Shares slide", bank, source="Outlet"),
                (KeyPoint("a", "Markets fell on Monday.", 0, 1.0,
                          (ThemeScore("economy", 0.9),)),), 0),
        Summary(Article("f", "", farah),
                (KeyPoint("f", "Two years ago, Farah was a nurse and her husband a lawyer.",
                          2, 0.8, (ThemeScore("justice", 0.6),)),), 4)]
    day = DayIndex(index, {p for d in desks for p in d.places},
                   terms=[t for d in desks for t in d.watch])
    classifier = _CountedClassifier()
    # each desk gets its own bound method, as the pipeline's desks do
    cuts = [select(d, summaries, ["s", "f"], day, classify=classifier.classify_many)
            for d in desks]
    for cut in cuts:
        bank_points, farah_points = (s.key_points for s in cut.summaries)
        assert [(p.position, p.watch, p.themes) for p in bank_points] == [
            (0, (), (ThemeScore("economy", 0.9),)), (2, ("Jane Doe",), ())]
        assert farah_points[0].text.startswith("Farah fled")
        assert [t.theme for t in farah_points[0].themes] == ["justice"]
    assert sorted(classifier.asked) == sorted([bank_points[1].text, farah_points[0].text])
