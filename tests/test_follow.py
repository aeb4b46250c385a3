"""Stories followed across days (briefing/follow/): linking, the marks in every format,
new points only, "Since yesterday", the timeline commands, and the store's migration.

The three-day example is the shipped seeds: the founding article on 8 December, the
Truman strike group entering the region on 15 December (CENTCOM) and again on
16 December (NAVCENT, opening with the same fact in other words).
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import REPO

from briefing.config import load_config
from briefing.follow import casualty_figure, relative_folder, story_id
from briefing.pipeline import BuildResult, build
from briefing.store import MIGRATIONS, Store

FOUNDING = "000_0e06bca53e2e7670"
TRUMAN_15 = "2024-12-15-centcom-truman-csg-enters-aor"
TRUMAN_16 = "2024-12-16-navcent-truman-strike-group-enters-centcom-aor"
FOUNDING_DAY, TRUMAN_DAYS = date(2024, 12, 8), (date(2024, 12, 15), date(2024, 12, 16))


def build_day(root: Path, day: date, formats=("md", "html", "json"), config=None):
    config = config or load_config(cwd=root)
    now = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=7)
    return build(config, day=day, formats=list(formats), now=now)


def three_days(root: Path, formats=("md", "html", "json"), config=None):
    return [build_day(root, d, formats, config) for d in (FOUNDING_DAY, *TRUMAN_DAYS)]


def marks(result) -> dict[str, tuple[str, int]]:
    """Article id -> (status, day) of its story."""
    return {a: (m.status, m.day) for a, m in result.story_of.items()}


def texts(result) -> list[str]:
    return [p.text for s in result.briefing.sections for st in s.stories for p in st.key_points]


# --- linking ------------------------------------------------------------------------------


def test_a_story_briefed_yesterday_is_linked_and_keeps_its_id(workdir):
    first, fifteenth, sixteenth = three_days(workdir)
    assert {s for s, _ in marks(first).values()} == {"new"}
    assert marks(fifteenth)[TRUMAN_15] == ("new", 1)
    mark = sixteenth.story_of[TRUMAN_16]
    assert (mark.status, mark.day, mark.first_date) == ("developing", 2, TRUMAN_DAYS[0])
    assert mark.story_id == fifteenth.story_of[TRUMAN_15].story_id
    assert mark.first_href == "../2024-12-15"
    # the founding article's story (a week before) is not the strike group's
    assert mark.story_id not in {m.story_id for m in first.story_of.values()}


def test_same_people_on_another_subject_weeks_later_are_not_linked(workdir):
    """The 8 and 24 December readouts: the same two ministers, another subject, 16 days
    apart. Even when followed for a month, time and words keep them apart."""
    (workdir / "briefing.toml").write_text("[stories]\nfollow_days = 30\n")
    config = load_config(cwd=workdir)
    first = build_day(workdir, FOUNDING_DAY, config=config)
    later = build_day(workdir, date(2024, 12, 24), config=config)
    readout = "2024-12-24-dod-readout-austin-guler-disis"
    assert later.story_of[readout].status == "new"
    assert later.story_of[readout].story_id not in {m.story_id for m in first.story_of.values()}


def test_stories_beyond_the_days_followed_are_new_again(workdir):
    (workdir / "briefing.toml").write_text("[stories]\nfollow_days = 0\n")
    config = load_config(cwd=workdir)
    for result in three_days(workdir, config=config):
        assert result.story_of == {}
        assert all(st.follow is None for s in result.briefing.sections for st in s.stories)
        assert result.briefing.since is None
    assert "Developing" not in (workdir / "out/2024-12-16/briefing.md").read_text()


def test_a_rebuild_of_the_same_date_keeps_its_ids_and_marks(workdir):
    _, _, sixteenth = three_days(workdir)
    again = build_day(workdir, TRUMAN_DAYS[1])
    assert again.story_of == sixteenth.story_of
    assert texts(again) == texts(sixteenth)
    with Store.open(workdir / "out/briefing.db") as store:
        sid = sixteenth.story_of[TRUMAN_16].story_id
        assert [r.date for r in store.story_timeline([sid])] == list(TRUMAN_DAYS)


# A fire and the next day's charge, in the same town: one story (article's arguments)
WELLINGTON_FIRE = (
    "wellington-1", "2024-03-04", "Major fire at Waitrose in Wellington",
    "Firefighters fought a major fire at the Waitrose supermarket in Wellington, Somerset, on "
    "Monday. Crews from Taunton and Wiveliscombe were called to the store in the town centre.")
WELLINGTON_ARSON = (
    "wellington-2", "2024-03-05", "Man charged with arson after Wellington Waitrose fire",
    "A man has been charged with arson after the fire that destroyed the Waitrose supermarket "
    "in Wellington, Somerset. Police said the 44-year-old from Taunton will appear before "
    "magistrates.")


def news_folder(root: Path, monkeypatch) -> Callable[[str, str, str, str], None]:
    """A folder `root/news` for Markdown articles, `root` the working directory, and the
    function that writes one there: article(name, day, title, text)."""
    monkeypatch.chdir(root)
    feed = root / "news"
    feed.mkdir()

    def article(name: str, day: str, title: str, text: str) -> None:
        (feed / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\nsource: "{name}"\npublished: "{day}"\n---\n\n{text}\n')

    return article


def daily_builds(root: Path, *days: date) -> list:
    """The briefings of `root/news` built day after day, as a user's daily builds are."""
    (root / "briefing.toml").write_text('[sources]\npaths = ["news"]\nwindow = "day"\n')
    config = load_config(cwd=root)
    return [build_day(root, day, config=config) for day in days]


def test_same_kind_of_event_elsewhere_is_a_new_story(tmp_path, monkeypatch):
    """Two supermarket fires in two towns, a day apart: one kind, two stories."""
    article = news_folder(tmp_path, monkeypatch)
    article(*WELLINGTON_FIRE)
    article(*WELLINGTON_ARSON)
    article("surrey-1", "2024-03-05", "Waitrose store in Banstead, Surrey, destroyed by fire",
            "A Waitrose supermarket in Banstead, Surrey, was destroyed by fire overnight. "
            "Surrey Fire and Rescue Service sent eight engines to the store on the High Street.")
    first, second = daily_builds(tmp_path, date(2024, 3, 4), date(2024, 3, 5))
    before = first.story_of["wellington-1"].story_id
    assert second.story_of["wellington-2"].story_id == before
    assert second.story_of["wellington-2"].status == "developing"
    assert second.story_of["surrey-1"].status == "new"
    assert second.story_of["surrey-1"].story_id != before


def test_a_fire_elsewhere_the_next_day_is_not_the_first_fire_continued(tmp_path, monkeypatch):
    """A supermarket fire in Wellington, New Zealand; the next day a supermarket fire in
    Guildford, Surrey, reported alone, told in the words of the kind (engines, evacuated,
    smoke, streets closed). Words alone linked it as day 2 of the Wellington fire. The
    Wellington story's title names a place the Surrey report never mentions, nor any place
    near it, and the Surrey report says it is somewhere else: a new story. The Wellington
    fire's own next report, on day 3, still continues it."""
    article = news_folder(tmp_path, monkeypatch)
    article("rnz-1", "2024-05-14", "Fire destroys supermarket in central Wellington",
            "A fire destroyed a supermarket in central Wellington on Tuesday night, Fire and "
            "Emergency New Zealand said. Twelve fire engines were sent to the store on Cuba "
            "Street and nearby buildings were evacuated. No one was hurt, but smoke closed "
            "several streets in the capital until the early hours.")
    article("stuff-1", "2024-05-14", "Wellington supermarket fire: streets closed as crews "
            "battle blaze", "Firefighters battled a large blaze at a supermarket on Cuba "
            "Street in Wellington on Tuesday night. Fire and Emergency New Zealand said the "
            "fire started in a storeroom. Residents were told to keep their windows shut.")
    article("bbc-1", "2024-05-15", "Supermarket destroyed by fire in Guildford, Surrey",
            "A supermarket in Guildford, Surrey, was destroyed by fire on Wednesday, Surrey "
            "Fire and Rescue Service said. Ten fire engines were sent to the store and nearby "
            "buildings were evacuated. No one was hurt, but smoke closed several roads in "
            "the town centre.")
    article("rnz-2", "2024-05-16", "Cuba Street supermarket fire was arson, Wellington "
            "police say", "Police in Wellington said on Thursday that the fire that "
            "destroyed a supermarket on Cuba Street on Tuesday night was lit deliberately. "
            "Fire and Emergency New Zealand investigators found two seats of fire in the "
            "storeroom, and detectives are studying camera footage from nearby shops.")
    first, second, third = daily_builds(tmp_path, date(2024, 5, 14), date(2024, 5, 15),
                                        date(2024, 5, 16))
    wellington = first.story_of["rnz-1"].story_id
    assert first.story_of["stuff-1"].story_id == wellington
    assert second.story_of["bbc-1"].status == "new"
    assert second.story_of["bbc-1"].story_id != wellington
    assert (third.story_of["rnz-2"].status, third.story_of["rnz-2"].story_id,
            third.story_of["rnz-2"].day) == ("developing", wellington, 3)


def test_places_of_one_area_may_be_one_story_and_others_are_apart():
    """Where two stories are, by the gazetteer: Aleppo is in Syria, Gaza and Israel are
    both in the Levant, so a story told from one and then the other may continue; two
    places that share only a continent (Wellington, Sydney) or nothing the gazetteer knows
    are apart, and a title's "in Guildford, Surrey" says where a story is even when the
    gazetteer does not know the place. Headlines alone never set stories apart."""
    from briefing.stories.places import Located, apart, one_area, placed

    assert one_area("Aleppo", "Syria") and one_area("Syria", "Aleppo")
    assert one_area("Gaza", "Israel") and one_area("Wellington", "New Zealand")
    assert not one_area("Wellington", "Sydney")
    assert not one_area("Wellington", "London")
    assert placed(["Supermarket destroyed by fire in Guildford, Surrey",
                   "Talks to resume in March", "Vote in Congress"]) == {"guildford", "surrey"}

    aleppo = Located(("Government forces shell rebel-held districts of Aleppo",),
                     ("Government forces shell rebel-held districts of Aleppo",
                      "Shelling hit the city's east for a third day."), True,
                     mentions=frozenset({"aleppo", "shell", "district", "rebel"}))
    syria = Located(("Syria truce talks stall in Geneva as shelling goes on",),
                    ("Syria truce talks stall in Geneva as shelling goes on",
                     "Talks between the government and the opposition stalled."), True)
    assert not apart(syria, aleppo)  # Syria covers Aleppo
    gaza = Located(("Air strikes hit Gaza overnight",),
                   ("Air strikes hit Gaza overnight", "Strikes hit Rafah and Khan Younis."),
                   True, mentions=frozenset({"gaza", "strike", "rafah"}))
    israel = Located(("Israel to widen its offensive, minister says",),
                     ("Israel to widen its offensive, minister says",
                      "The defence minister said the campaign would go on."), True)
    assert not apart(israel, gaza)  # both in the Levant
    wellington = Located(("Fire destroys supermarket in central Wellington",),
                         ("Fire destroys supermarket in central Wellington",
                          "Twelve fire engines were sent to the store."), True,
                         mentions=frozenset({"wellington", "fire", "supermarket"}))
    surrey = Located(("Supermarket destroyed by fire in Guildford, Surrey",),
                     ("Supermarket destroyed by fire in Guildford, Surrey",
                      "Ten fire engines were sent to the store."), True)
    sydney = Located(("Fire guts supermarket in Sydney",),
                     ("Fire guts supermarket in Sydney", "Crews fought the blaze."), True)
    assert apart(surrey, wellington) and apart(sydney, wellington)
    headline = Located(surrey.titles, surrey.titles, False)
    assert not apart(headline, wellington)
    # a report of the same fire that does not name its town, and says nowhere else, may
    # continue it: only words decide
    charged = Located(("Man charged with arson over supermarket blaze",),
                      ("Man charged with arson over supermarket blaze",
                       "A 44-year-old man will appear in court on Friday."), True)
    assert not apart(charged, wellington)


def test_a_reworded_report_links_and_a_quake_elsewhere_stays_new(tmp_path, monkeypatch):
    """The day after a quake in Aceh, a report in other words that shares its details (the
    towns, the districts) continues it; a quake in West Papua the same day shares the words
    of the kind (magnitude, earthquake, struck, homes) and is a story of its own. Compared
    by how often each word is used, the Papua report was the closer of the two (the kind's
    words are the ones every report repeats); compared by which words each has, weighted by
    rarity, the details decide."""
    article = news_folder(tmp_path, monkeypatch)
    article("aceh-1", "2013-07-02", "Magnitude 6.1 earthquake strikes Aceh province, Indonesia",
            "A magnitude 6.1 earthquake struck the Indonesian province of Aceh on Tuesday "
            "afternoon, killing at least five people and collapsing houses in the districts "
            "of Bener Meriah and Central Aceh. The quake was centred 55 kilometres west of "
            "Bireuen at a depth of ten kilometres, the US Geological Survey said. Residents "
            "of Takengon ran into the streets as walls cracked and a mosque collapsed.")
    article("aceh-2", "2013-07-03", "Rescuers dig through rubble in Aceh's Takengon as toll climbs",
            "Soldiers and volunteers dug through collapsed homes in Takengon, Bener Meriah and "
            "Central Aceh on Wednesday, a day after the shallow tremor west of Bireuen. The "
            "national disaster agency said 22 people had died and more than 200 were hurt; "
            "landslides cut the road from Bireuen, slowing the delivery of tents and food to "
            "villages in the hills.")
    article("papua-1", "2013-07-03", "Earthquake hits Manokwari in West Papua, damaging homes",
            "A magnitude 5.9 earthquake struck near Manokwari in Indonesia's West Papua "
            "province on Wednesday, damaging homes and a church, the meteorology agency said. "
            "Two people were injured in Ransiki, and residents spent the night outside for "
            "fear of aftershocks.")
    first, second = daily_builds(tmp_path, date(2013, 7, 2), date(2013, 7, 3))
    before = first.story_of["aceh-1"].story_id
    assert (second.story_of["aceh-2"].status, second.story_of["aceh-2"].story_id) == (
        "developing", before)
    assert second.story_of["papua-1"].status == "new"
    assert second.story_of["papua-1"].story_id != before


# --- what is new ----------------------------------------------------------------------


def test_only_points_not_briefed_before_are_shown(workdir):
    _, fifteenth, sixteenth = three_days(workdir)
    before = texts(fifteenth)
    shown = texts(sixteenth)
    # NAVCENT's lead ("... entered the U.S. Central command area of responsibility, Dec
    # 14.") retells CENTCOM's of the day before, and its list of ships nearly all words of
    # it: neither is repeated; what the release adds is said instead
    assert not any("entered the U.S. Central command area" in t for t in shown)
    assert not any("consists of the flagship" in t for t in shown)
    assert any("ready, if called upon" in t for t in shown)
    assert not set(shown) & set(before)
    story = next(st for s in sixteenth.briefing.sections for st in s.stories
                 if st.follow and st.follow.status == "developing")
    assert story.follow.repeated == 1


def test_told_means_reworded_or_nearly_every_word_but_never_a_higher_toll():
    from briefing.follow.told import Said as _Said
    from briefing.follow.told import already_told as _told

    said = _Said.of(["Five people were killed when a bus overturned near Mardan on Tuesday "
                     "morning, police said."])
    assert _told("Police said five people were killed when a bus overturned near Mardan on "
                 "Tuesday morning.", said)  # reworded
    assert not _told("Seven people were killed when a bus overturned near Mardan on Tuesday "
                     "morning, police said.", said)  # the toll rose: news
    assert not _told("The driver was arrested and charged with reckless driving.", said)
    assert casualty_figure(["At least 1,200 people were injured.", "3 soldiers died"]) == 1200
    assert casualty_figure(["The death toll rose to 41 on Friday."]) == 41


def test_a_story_with_nothing_new_drops_and_the_since_block_says_so(tmp_path, monkeypatch):
    """Another outlet's one-sentence release the next day, telling the same in other
    words: nothing new to brief, and "Since yesterday" says so."""
    monkeypatch.chdir(tmp_path)
    news = tmp_path / "news"
    news.mkdir()
    for name, day, text in (
        ("centcom", "2024-12-15", "On Dec. 14, the USS Harry S. Truman Carrier Strike Group "
                                  "entered the U.S. Central Command area of responsibility."),
        ("navcent", "2024-12-16", "The USS Harry S. Truman Carrier Strike Group entered the "
                                  "U.S. Central Command area of responsibility on Dec. 14."),
    ):
        (news / f"{name}.md").write_text(
            f'---\ntitle: "Truman Carrier Strike Group enters Central Command area"\n'
            f'source: "{name}"\npublished: "{day}"\n---\n\n{text}\n')
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\nwindow = "day"\n')
    config = load_config(cwd=tmp_path)
    build_day(tmp_path, TRUMAN_DAYS[0], config=config)
    second = build_day(tmp_path, TRUMAN_DAYS[1], config=config)
    assert second.story_of["navcent"].status == "developing"
    assert second.briefing.sections == ()
    since = second.briefing.since
    assert since is not None and since.previous == TRUMAN_DAYS[0]
    assert [(line.detail, line.href) for line in since.quiet] == [("reported again",
                                                                   "../2024-12-15")]
    md = (tmp_path / "out/2024-12-16/briefing.md").read_text()
    assert "## Since yesterday" in md
    assert ("**Nothing new:** Truman Carrier Strike Group enters Central Command area · "
            "reported again") in md


# Seven unrelated stories of 4 March 2024, one article each (name, title, text): a busy
# day, more quiet stories the next day than "Since yesterday" names
BUSY_DAY_STORIES = (
    ("quake", "Earthquake kills 40 in Vanuatu",
     "An earthquake killed 40 people in Port Vila, Vanuatu, on Monday, officials said. "
     "Rescue teams searched collapsed buildings for survivors through the night."),
    ("budget", "Parliament of Malta passes the budget",
     "Malta's parliament passed the 2024 budget by 38 votes to 29 on Monday."),
    ("strike", "Rail workers strike in Lisbon",
     "Rail workers in Lisbon walked out on Monday over pay, halting commuter trains."),
    ("talks", "Chile and Peru resume border talks",
     "The foreign ministers of Chile and Peru met in Lima on Monday to resume talks on "
     "their maritime border, the first meeting in three years."),
    ("fraud", "Banker jailed for fraud in Oslo",
     "A court in Oslo jailed a former banker for six years on Monday for defrauding "
     "pension funds of 200 million kroner."),
    ("ferry", "Ferry runs aground off Crete",
     "A ferry carrying 300 passengers ran aground off Crete on Monday; nobody was hurt."),
    ("shelling", "Shelling hits Donetsk market",
     "Artillery shelling hit a market in Donetsk on Monday, killing 12 people and "
     "wounding 30, local officials said. Witnesses described several explosions."),
)


def test_yesterdays_stories_with_nothing_new_are_listed_strongest_first(tmp_path, monkeypatch):
    """"Since yesterday" lists five of the previous briefing's quiet stories and counts the
    rest: the five must be its strongest, not the first five by story id (on a held-out
    Wikinews day they were a bike ride for charity and a diverted flight ahead of Baghdad's
    bombings, in the order of their hashes)."""
    article = news_folder(tmp_path, monkeypatch)
    for name, title, text in BUSY_DAY_STORIES:
        article(name, "2024-03-04", title, text)
    article("zoo", "2024-03-05", "Floods close roads in Galway",
            "Floods closed roads across Galway on Tuesday after two days of heavy rain.")
    first, second = daily_builds(tmp_path, date(2024, 3, 4), date(2024, 3, 5))
    shown = [st for s in first.briefing.sections for st in s.stories]
    assert len(shown) > 5
    strongest = sorted(shown, key=lambda st: -st.score)
    since = second.briefing.since
    assert [line.headline for line in since.quiet] == [st.headline for st in strongest[:5]]
    assert since.more_quiet == len(shown) - 5


def test_since_yesterday_counts_points_outlets_and_the_stories_not_named(tmp_path):
    """A story that grew says its day and how many new points; a new one how many outlets
    (two reports of one outlet are one outlet); past five stories of a kind, the block
    counts the rest, for each kind."""
    from briefing.follow import Followed, since_yesterday
    from briefing.model import Article, Briefing, FollowMark, KeyPoint, Section, Story
    from briefing.store import StoryDay

    day, yesterday = date(2024, 12, 9), date(2024, 12, 8)

    def story(sid: str, status: str, outlets: tuple[str, ...], points: int) -> Story:
        articles = tuple(Article(f"{sid}-{i}", f"Title {sid}", "x", source=name)
                         for i, name in enumerate(outlets))
        shown = tuple(KeyPoint(articles[0].id, f"Point {i}.", i, 1.0) for i in range(points))
        return Story(sid, articles, shown, 1.0, follow=FollowMark(sid, status, day=3))

    def row(sid: str, when: date) -> StoryDay:
        return StoryDay(sid, when, "", datetime(2024, 12, 8, 7, tzinfo=UTC), when.isoformat(),
                        f"Quiet {sid}", {}, (), True, 1, (), (), ())

    grew = [story("g0", "developing", ("AP",), 1)]
    grew += [story(f"g{i}", "developing", ("AP",), 3) for i in range(1, 7)]
    new = [story("n0", "new", ("Reuters", "Reuters", "AP"), 1)]
    new += [story(f"n{i}", "new", ("AP",), 1) for i in range(1, 7)]
    briefing = Briefing(day, "Daily briefing", datetime(2024, 12, 9, 7, tzinfo=UTC),
                        (Section("military", "Military action", (*grew, *new)),), (), ())
    followed = Followed(
        keys=[], summaries=[], marks={}, novelty={}, quiet={}, day=day, desk="",
        previous=[row(f"q{i}", yesterday) for i in range(8)],
        quiet_last={f"o{i}": row(f"o{i}", date(2024, 12, 1)) for i in range(9)},
        folder=tmp_path / "2024-12-09", out_dir=tmp_path)
    since = since_yesterday(briefing, followed)
    assert since is not None
    assert [line.detail for line in since.grew] == ["day 3 · 1 new point",
                                                     *["day 3 · 3 new points"] * 4]
    assert since.new[0].detail == "2 outlets" and since.new[1].detail == "1 outlet"
    assert (since.more_grew, since.more_new, since.more_quiet, since.more_again) == (2, 2, 3, 4)


def test_an_escalating_story_ranks_higher():
    from briefing.follow.followed import ESCALATION_STEP, _escalation
    from briefing.model import KeyPoint
    from briefing.store import BriefedPoint, StoryDay

    row = StoryDay("s", date(2024, 3, 4), "", datetime(2024, 3, 4, tzinfo=UTC), "out/x", "h",
                   {"quake": 0.5, "aceh": 0.5}, ("aceh",), True, 1, (),
                   (BriefedPoint("a", 0, "At least 12 people were killed in Aceh."),), ())
    calm = _escalation(("aceh",), [KeyPoint("b", "Aid reached the villages.", 0, 1.0)], 1,
                       [row])
    worse = _escalation(("aceh",),
                        [KeyPoint("b", "The toll rose: 40 people were killed.", 0, 1.0)], 3, [row])
    named = _escalation(("aceh", "banda", "jakarta"),
                        [KeyPoint("b", "Aid reached the villages.", 0, 1.0)], 1, [row])
    assert calm == 1.0
    assert worse == 1.0 + 2 * ESCALATION_STEP  # more outlets, a higher toll
    assert named == 1.0 + ESCALATION_STEP  # two names never named before


# --- the marks in every format -----------------------------------------------------------


def test_the_marks_in_markdown_html_and_pdf(workdir):
    import pypdf

    _first, fifteenth, sixteenth = three_days(workdir, formats=("md", "html", "pdf", "json"))
    sid = sixteenth.story_of[TRUMAN_16].story_id
    out = workdir / "out"
    md = (out / "2024-12-16/briefing.md").read_text()
    assert "**Developing** · day 2 · first briefed 15 December 2024" in md
    assert "**New** story" in (out / "2024-12-15/briefing.md").read_text()
    # the first briefing has nothing earlier to be new against: no marks, and each story
    # keeps its anchor (the 15th's stories were new against the 8th: marked)
    first_md = (out / "2024-12-08/briefing.md").read_text()
    assert "**New**" not in first_md and "**Developing**" not in first_md
    first_html = (out / "2024-12-08/briefing.html").read_text()
    assert 'class="follow' not in first_html
    first_sid = next(iter(_first.story_of.values())).story_id
    assert f'<div class="story" id="story-{first_sid}">' in first_html
    html = (out / "2024-12-16/briefing.html").read_text()
    assert f'<p class="follow developing" id="story-{sid}">' in html
    assert f'href="../2024-12-15/briefing.html#story-{sid}">15 December 2024</a>' in html
    assert f'id="story-{sid}"' in (out / "2024-12-15/briefing.html").read_text()  # the target
    assert '<h2 id="since-h">Since yesterday</h2>' in html
    assert f'<a href="#story-{sid}">' in html  # "Grew" links to the entry below
    # the PDF: the words, a link to the earlier PDF's entry, and that entry's destination
    reader = pypdf.PdfReader(out / "2024-12-16/briefing.pdf")
    words = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "DEVELOPING · day 2 · first briefed 15 December 2024" in words  # small caps in CSS
    assert "Since yesterday" in words
    # a jump into the other file (a remote go-to), at the story's named destination
    jumps = [(action["/F"], action["/D"]) for p in reader.pages for a in p.get("/Annots", [])
             if (action := a.get_object().get("/A")) and action["/S"] == "/GoToR"]
    assert ("../2024-12-15/briefing.pdf", f"story-{sid}") in jumps
    earlier = pypdf.PdfReader(out / "2024-12-15/briefing.pdf")
    assert f"story-{sid}" in earlier.named_destinations
    assert "NEW" in " ".join(p.extract_text() for p in earlier.pages)


def test_one_anchor_per_story_even_under_two_themes(workdir):
    _, fifteenth, _ = three_days(workdir)
    html = (workdir / "out/2024-12-15/briefing.html").read_text()
    for mark in {m.story_id for m in fifteenth.story_of.values()}:
        assert html.count(f'id="story-{mark}"') <= 1
    shown = {st.follow.story_id for s in fifteenth.briefing.sections for st in s.stories}
    assert all(f'id="story-{sid}"' in html for sid in shown)


def test_since_yesterday_can_be_turned_off(workdir):
    (workdir / "briefing.toml").write_text("[stories]\nsince_yesterday = false\n")
    _, _, sixteenth = three_days(workdir, config=load_config(cwd=workdir))
    assert sixteenth.briefing.since is None
    assert sixteenth.story_of[TRUMAN_16].status == "developing"
    assert 'id="since"' not in (workdir / "out/2024-12-16/briefing.html").read_text()


def test_article_text_in_the_marks_and_the_since_block_stays_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    news = tmp_path / "news"
    news.mkdir()
    evil = 'Talks <script>alert(1)</script> [x](javascript:alert(1)) {{ 7*7 }} \x1b[31mred'
    body = ("Ministers met in Aqaba on Saturday to discuss a ceasefire in Syria and the "
            "return of refugees, officials said after the meeting ended.")
    for name, day, extra in (("a", "2024-12-14", ""),
                             ("b", "2024-12-15", " A second round is planned for Monday in "
                                                 "Amman with the envoys of four countries.")):
        (news / f"{name}.md").write_text(
            f'---\ntitle: {json.dumps(evil)}\nsource: "Desk"\npublished: "{day}"\n---\n\n'
            f"{body}{extra}\n")
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\nwindow = "day"\n')
    config = load_config(cwd=tmp_path)
    build_day(tmp_path, date(2024, 12, 14), config=config)
    second = build_day(tmp_path, date(2024, 12, 15), config=config)
    assert second.story_of["b"].status == "developing"
    html = (tmp_path / "out/2024-12-15/briefing.html").read_text()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and "49" not in html
    md = (tmp_path / "out/2024-12-15/briefing.md").read_text()
    assert "<script>" not in md and "[x](javascript" not in md  # "\\[x\\](...": text


# --- the timeline ------------------------------------------------------------------------


def test_briefing_story_prints_the_timeline(run_cli, workdir):
    _, _, sixteenth = three_days(workdir)
    sid = sixteenth.story_of[TRUMAN_16].story_id
    got = run_cli("story", sid)
    assert got.code == 0, got.err
    lines = got.out.splitlines()
    assert lines[0].startswith(f"Story {sid}: ")
    assert lines[1] == "Briefed on 2 days: first 15 December 2024, last 16 December 2024"
    assert f"15 December 2024: out/2024-12-15/briefing.html#story-{sid}" in lines
    assert f"16 December 2024: out/2024-12-16/briefing.html#story-{sid}" in lines
    assert any(line.startswith("  - On Dec. 14, the USS Harry S. Truman") for line in lines)
    assert any(line.startswith("  - The Harry S. Truman Carrier Strike Group is ready")
               for line in lines)
    assert any(re.match(r"    \[\d\] U.S. Central Command: USS Harry S. Truman", line)
               for line in lines)
    assert any("https://www.dvidshub.net/news/487542" in line for line in lines)

    missing = run_cli("story", "20241215-000000")
    assert missing.code != 0 and "no story '20241215-000000'" in missing.err
    assert "Traceback" not in missing.err
    pasted = run_cli("story", "x" * 100_000)  # a whole page pasted: one short line back
    assert pasted.code != 0 and f"no story {'x' * 60!r}…" in pasted.err
    assert len(pasted.err) < 300


def test_the_timeline_names_the_file_each_day_was_built_in(run_cli, workdir):
    """A desk that builds only Markdown and JSON (or only the PDF it mails) was sent to
    out/<date>/briefing.html#story-…, a file that does not exist: the timeline names the
    HTML when there is one, else the PDF, else the Markdown (which has no anchor)."""
    _, fifteenth, _ = three_days(workdir, formats=("md", "json"))
    sid = fifteenth.story_of[TRUMAN_15].story_id
    got = run_cli("story", sid)
    assert got.code == 0, got.err
    assert "15 December 2024: out/2024-12-15/briefing.md" in got.out.splitlines()
    assert "briefing.html" not in got.out


def test_the_timeline_gives_a_dated_report_its_own_date_east_of_utc(run_cli, workdir):
    """A report dated "2024-12-08" is midnight in briefing.timezone (README, Dates and
    timezones): in Amman that is 21:00 UTC on the 7th. `briefing story` lists its sources
    with their dates, and printed the 7th, where the briefing itself says the 8th."""
    (workdir / "briefing.toml").write_text('[briefing]\ntimezone = "Asia/Amman"\n')
    first = build_day(workdir, FOUNDING_DAY, config=load_config(cwd=workdir))
    sid = first.story_of[FOUNDING].story_id
    got = run_cli("story", sid)
    assert got.code == 0, got.err
    sources = [line for line in got.out.splitlines() if line.startswith("    ")]
    assert sources and all(line.endswith("· 2024-12-08") or "· 2024-12-08 ·" in line
                           for line in sources), sources
    record = json.loads(run_cli("stories", "--history").out.splitlines()[0])
    assert {s["published"] for d in record["days"] for s in d["sources"]} \
        == {"2024-12-08T00:00:00+03:00"}


def test_stories_history_is_json_lines_of_every_story(run_cli, workdir):
    three_days(workdir)
    got = run_cli("stories", "--history")
    assert got.code == 0, got.err
    records = [json.loads(line) for line in got.out.splitlines()]
    truman = [r for r in records if len(r["days"]) == 2]
    assert len(truman) == 1
    assert [d["date"] for d in truman[0]["days"]] == ["2024-12-15", "2024-12-16"]
    assert truman[0]["first_briefed"] == "2024-12-15"
    assert {s["id"] for d in truman[0]["days"] for s in d["sources"]} == {TRUMAN_15, TRUMAN_16}
    assert all(d["points"] for r in records for d in r["days"])
    assert {r["first_briefed"] for r in records} == {"2024-12-08", "2024-12-15"}


def test_the_timeline_commands_need_a_store_and_one_mode(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    got = run_cli("story", "x")
    assert got.code != 0 and "no store yet" in got.err
    assert not (tmp_path / "out").exists()  # reading made nothing
    neither = run_cli("stories")
    assert neither.code != 0 and "--input FILE.jsonl" in neither.err
    assert "--history" in neither.err
    assert "not both" not in neither.err  # it was given neither: "not both" misled
    both = run_cli("stories", "--history", "--input", "x.jsonl")
    assert both.code != 0 and "not both" in both.err


def test_the_timeline_strips_terminal_control_characters():
    from briefing.follow import timeline_lines
    from briefing.store import BriefedPoint, StoryDay, StorySource

    row = StoryDay("20240101-abcdef", date(2024, 1, 1), "", datetime(2024, 1, 1, tzinfo=UTC),
                   "out/2024-01-01", "Title \x1b[2J cleared", {}, (), True, 1, (),
                   (BriefedPoint("a", 0, "Point \x1b]0;owned\x07 text"),),
                   (StorySource("a", "Desk\x1b[31m", "T", "https://e.org/a", None),))
    out = "\n".join(timeline_lines([row], Path("out")))
    assert "\x1b" not in out and "\x07" not in out
    assert "Point ]0;owned text" in out



def test_the_timeline_says_which_source_each_point_is_from():
    """A day of two reports listed its points, then its sources, with nothing joining them:
    a reader of `briefing story` could not tell which outlet told which point. Each point
    now ends with the number of its source, as in the briefing ("[2]")."""
    from briefing.follow import timeline_lines
    from briefing.store import BriefedPoint, StoryDay, StorySource

    row = StoryDay("20240101-abcdef", date(2024, 1, 1), "", datetime(2024, 1, 1, tzinfo=UTC),
                   "out/2024-01-01", "Dairy fire", {}, (), True, 2, (),
                   (BriefedPoint("ktuu", 0, "The dairy burned down."),
                    BriefedPoint("apr", 3, "Arson is suspected."),
                    BriefedPoint("ktuu", 1, "Crews came from Palmer.")),
                   (StorySource("apr", "Alaska Public", "Fire", "https://e.org/a", None),
                    StorySource("ktuu", "KTUU", "Blaze", "https://e.org/k", None)))
    lines = timeline_lines([row], Path("out"))
    assert "  - The dairy burned down. [2]" in lines
    assert "  - Arson is suspected. [1]" in lines
    assert "  - Crews came from Palmer. [2]" in lines
    assert "    [1] Alaska Public: Fire · https://e.org/a" in lines
    assert "    [2] KTUU: Blaze · https://e.org/k" in lines

# --- the store ---------------------------------------------------------------------------


def test_a_store_made_by_the_previous_version_migrates_without_loss(tmp_path, monkeypatch):
    """tests/fixtures/store-v6.db was made by the version before stories were followed
    (schema 6, main at 49617dc): `build --date 2024-12-08` and `send` of the shipped
    seeds. Opened now, it gains the stories table and keeps every article, briefing,
    edition and delivery; the next builds follow stories on it."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    db = tmp_path / "out" / "briefing.db"
    db.parent.mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / "store-v6.db", db)

    old_tables = ["articles", "briefings", "briefed", "deliveries", "editions", "feeds",
                  "unfinished"]
    with sqlite3.connect(db) as con:  # the columns of schema 6 (desks add one to some)
        columns = {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")] for t in old_tables}

    def dump(tables: list[str]) -> dict[str, list]:
        with sqlite3.connect(db) as con:
            return {t: con.execute(f"SELECT {', '.join(columns[t])} FROM {t} ORDER BY 1, 2")
                    .fetchall() for t in tables}

    before = dump(old_tables)
    assert len(before["articles"]) == 6 and before["deliveries"]
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (6,)
    with Store.open(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        assert store.story_ids() == []
    assert dump(old_tables) == before  # nothing lost or changed
    with sqlite3.connect(db) as con:  # and every row of the ledger is the whole day's
        assert {r[0] for r in con.execute("SELECT desk FROM deliveries")} == {""}

    config = load_config(cwd=tmp_path)
    fifteenth = build_day(tmp_path, TRUMAN_DAYS[0], config=config)
    sixteenth = build_day(tmp_path, TRUMAN_DAYS[1], config=config)
    assert sixteenth.story_of[TRUMAN_16].story_id == fifteenth.story_of[TRUMAN_15].story_id
    assert sixteenth.story_of[TRUMAN_16].status == "developing"
    assert dump(["deliveries"]) == {"deliveries": before["deliveries"]}


def test_story_rows_of_two_editions_of_a_day_are_merged(tmp_path):
    from briefing.store import BriefedPoint, StoryDay, StorySource

    def row(points, sources):
        return StoryDay("s", date(2024, 1, 1), "", datetime(2024, 1, 1, tzinfo=UTC), "out",
                        "h", {"a": 1.0}, (), True, 1, (), tuple(points), tuple(sources))

    p1, p2 = BriefedPoint("a", 0, "First."), BriefedPoint("b", 1, "Second.")
    s1, s2 = StorySource("a", "A", "t", "", None), StorySource("b", "B", "t", "", None)
    with Store.open(tmp_path / "s.db") as store:
        store.record_stories([row([p1], [s1])])
        store.record_stories([row([p2], [s2])])
        (got,) = store.story_timeline(["s"])
    assert got.points == (p1, p2) and got.sources == (s1, s2)


def test_a_desk_shares_story_ids_but_not_what_its_readers_were_told(workdir):
    """Identity across desks; "developing" and new points per desk (the desk id is '' for
    the whole-day briefing)."""
    from briefing.follow import follow_stories
    from briefing.pipeline import load_themes, summarize_articles
    from briefing.sources import read_sources
    from briefing.stories import group_stories_with_vectors

    _, fifteenth, _ = three_days(workdir)
    config = load_config(cwd=workdir)
    _, classifier = load_themes(config)
    article = next(a for a in read_sources([workdir / "seeds"], tz=UTC).articles
                   if a.id == TRUMAN_16)
    summaries = summarize_articles([article], config, classifier=classifier)
    keys, vectors = group_stories_with_vectors([article])
    with Store.open(config.store_path) as store:
        whole = follow_stories(store, summaries, keys, vectors, day=TRUMAN_DAYS[1], days=7,
                               folder=workdir / "out/2024-12-16")
        desk = follow_stories(store, summaries, keys, vectors, day=TRUMAN_DAYS[1], days=7,
                              folder=workdir / "out/2024-12-16/europe", desk="europe")
    (key,) = set(keys)
    assert whole.marks[key].status == "developing"
    assert desk.marks[key].status == "new"  # this desk's readers never had it
    assert desk.marks[key].story_id == whole.marks[key].story_id
    assert desk.summaries == summaries  # nothing left out for them
    assert fifteenth.story_of[TRUMAN_15].story_id == whole.marks[key].story_id


def test_ids_and_links_are_safe_as_they_are():
    taken = {story_id(date(2024, 12, 15), "k", set())}
    again = story_id(date(2024, 12, 15), "k", taken)
    assert again not in taken and again.startswith("20241215-")
    assert all(c in "0123456789abcdef-" for c in again)
    assert relative_folder("/srv/out/2024-12-15", "/srv/out/2024-12-16") == "../2024-12-15"
    assert relative_folder("/srv/out/a b", "/srv/out/c") == "../a%20b"


@pytest.mark.parametrize("value", [-1, 367])
def test_follow_days_out_of_range_is_one_line(tmp_path, value):
    from briefing.errors import ConfigError

    (tmp_path / "briefing.toml").write_text(f"[stories]\nfollow_days = {value}\n")
    with pytest.raises(ConfigError, match="stories.follow_days must be from 0 to 366"):
        load_config(cwd=tmp_path)



def test_an_on_demand_build_is_marked_but_not_remembered(run_cli, workdir):
    """`build --source` is read against the stories briefed, but is not the day's
    briefing: the next day's build is not told it was briefed."""
    fifteenth = build_day(workdir, TRUMAN_DAYS[0])
    got = run_cli("build", "--date", "2024-12-16", "--format", "json",
                  "--source", f"seeds/{TRUMAN_16}.md")
    assert got.code == 0, got.err
    data = json.loads((workdir / "out/2024-12-16/briefing.json").read_text())
    (follow,) = {json.dumps(st["follow"]) for s in data["sections"] for st in s["stories"]}
    assert json.loads(follow)["status"] == "developing"
    assert json.loads(follow)["story_id"] == fifteenth.story_of[TRUMAN_15].story_id
    with Store.open(workdir / "out/briefing.db") as store:
        assert {r.date for r in store.story_days_between(TRUMAN_DAYS[0], TRUMAN_DAYS[1])} == {
            TRUMAN_DAYS[0]}


def test_an_article_grouped_with_a_continuing_story_but_not_of_it_is_a_new_story(tmp_path):
    """Today's grouping put the Surrey fire with a Wellington headline (a headline says too
    little to tell them apart); against yesterday's Wellington story, the Surrey report on
    its own has names the story never had: it is split off as a new story."""
    from briefing.follow import follow_stories
    from briefing.model import Article
    from briefing.pipeline import load_themes, summarize_articles
    from briefing.store import BriefedPoint, StoryDay
    from briefing.stories import group_stories_with_vectors

    noon = datetime(2024, 3, 5, 12, tzinfo=UTC)
    headline = Article("w2", "Waitrose supermarket fire in Wellington", "",
                       source="Somerset Live", published=noon)
    surrey = Article("s1", "Waitrose supermarket in Banstead, Surrey, destroyed by fire",
                     "A Waitrose supermarket in Banstead, Surrey, was destroyed by fire "
                     "overnight. Surrey Fire and Rescue Service sent eight engines to the "
                     "supermarket on the High Street.", source="Surrey Live", published=noon)
    keys, vectors = group_stories_with_vectors([headline, surrey])
    assert keys[0] == keys[1]  # one group today
    # yesterday's story as a build records it: its report's terms and title names
    report = Article("w1", "Major fire at Waitrose in Wellington",
                     "Firefighters fought a major fire at the Waitrose supermarket in "
                     "Wellington, Somerset, on Monday. Crews from Taunton and Wiveliscombe "
                     "were called to the store in the town centre.", source="Somerset Live",
                     published=noon - timedelta(days=1))
    recorded = group_stories_with_vectors([report])[1].describe_articles([0])
    yesterday = StoryDay(
        "20240304-aaaaaa", date(2024, 3, 4), "", datetime(2024, 3, 4, tzinfo=UTC),
        str(tmp_path / "out/2024-03-04"), report.title, recorded.terms, recorded.names,
        recorded.has_lead, 1, (),
        (BriefedPoint("w1", 0, "Firefighters fought a major fire at the Waitrose supermarket "
                               "in Wellington, Somerset, on Monday."),), ())
    config = load_config(cwd=tmp_path)
    _, classifier = load_themes(config)
    summaries = summarize_articles([headline, surrey], config, classifier=classifier)
    with Store.open(tmp_path / "store.db") as store:
        store.record_stories([yesterday])
        got = follow_stories(store, summaries, keys, vectors, day=date(2024, 3, 5), days=7,
                             folder=tmp_path / "out/2024-03-05")
    assert got.keys == ["w2", "s1"]  # each part under its earliest article
    assert (got.marks["w2"].status, got.marks["w2"].story_id) == ("developing",
                                                                   "20240304-aaaaaa")
    assert got.marks["s1"].status == "new"
    assert got.marks["s1"].story_id.startswith("20240305-")


def test_linking_on_the_dev_stories_holds_its_measured_figures():
    """bench/follow.py over the dev stories (seed 0: 15 simulated days, a fresh store, every
    kind of news briefed) measured 0.846 of continuing stories linked (104 of 123; 103 when
    this test was written) and 0.022 of new ones (3 of 135) wrongly linked; pinned a little
    below (three stories fewer linked is 0.821; one more wrong link is 0.030, the target's
    bound). A story
    never shown (a kind not briefed) is not remembered, so the bench briefs every kind:
    without that, linked read 0.667 where it was 0.821 (at the earlier threshold, 0.14)."""
    import re
    import subprocess
    import sys

    from conftest import needs_shared

    dev = needs_shared("stories-dev.jsonl")
    run = subprocess.run([sys.executable, str(REPO / "bench" / "follow.py"), "--input", str(dev)],
                         capture_output=True, text=True, timeout=600, check=True)
    last = run.stdout.strip().splitlines()[-1]
    found = re.fullmatch(r"linked=([\d.]+) false_links=([\d.]+)", last)
    assert found, last
    linked, false_links = map(float, found.groups())
    assert linked >= 0.82
    assert false_links <= 0.03


def _follow_bench():
    import importlib.util

    spec = importlib.util.spec_from_file_location("follow_bench", REPO / "bench" / "follow.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


def test_the_follow_bench_briefs_a_weekday_desk_on_monday_what_came_at_the_weekend(tmp_path):
    """`bench/follow.py --weekdays` lays out a desk briefed Monday to Friday: the simulated
    days run over weekends (day 0 is a Monday), no briefing is built on a Saturday or
    Sunday, and an item of either is in Monday's briefing and scored as Monday's. The
    default layout is left as it was: a briefing every day."""
    bench = _follow_bench()
    assert bench.FIRST_DAY.weekday() == 0
    day_of = {"fri": 4, "sat": 5, "sun": 6, "mon": 7, "last-sat": 12}
    briefed, built = bench.briefed_on(day_of, weekdays=True)
    assert briefed == {"fri": 4, "sat": 7, "sun": 7, "mon": 7, "last-sat": 14}
    assert built == [0, 1, 2, 3, 4, 7, 8, 9, 10, 11, 14]
    assert bench.briefed_on(day_of, weekdays=False) == (day_of, list(range(13)))
    # and Monday's build reads the weekend's items, each dated its own day
    rows = [{"id": i, "story": i, "title": f"{i.capitalize()} report on the harbour strike",
             "text": "", "source": "Wire", "url": ""} for i in ("fri", "sat", "mon")]
    day_of = {"fri": 4, "sat": 5, "mon": 7}
    marks, seconds = bench.simulate(rows, day_of, tmp_path, bench.briefed_on(day_of, True)[1])
    assert sorted(seconds) == [0, 1, 2, 3, 4, 7]
    dated = {row["id"]: datetime.fromisoformat(row["published"]).date() for row in
             map(json.loads, (tmp_path / "items.jsonl").read_text().splitlines())}
    assert dated["sat"] == bench.FIRST_DAY + timedelta(days=5)
    assert set(marks) == {"fri", "sat", "mon"}
    briefing_of = {}
    for folder in sorted((tmp_path / "out").glob("2024-*")):
        briefing = json.loads((folder / "briefing.json").read_text(encoding="utf-8"))
        briefing_of.update(dict.fromkeys((a["id"] for a in briefing["articles"]), folder.name))
    assert briefing_of == {"fri": "2024-01-05", "sat": "2024-01-08", "mon": "2024-01-08"}


def test_a_rebuild_of_real_news_tells_the_same_stories_as_the_first_build(tmp_path,
                                                                         monkeypatch):
    """Three days of the dev stories as bench/follow.py lays them out (seed 0: 9 to 11
    January), each day's items dropped into a source folder and built, then the 11th built
    again with nothing new. It must tell the same stories under the same ids. It did not:
    the rebuild linked the gas-price reports to the story the first build of the 11th had
    split off from them (its own articles, so a closer match than the 10th's story), and
    the 11th's "Developing · day 2" gas story was gone, with the ids later days link to."""
    import importlib.util

    from conftest import needs_shared

    spec = importlib.util.spec_from_file_location("follow_bench", REPO / "bench" / "follow.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rows = bench.read_rows(needs_shared("stories-dev.jsonl"))
    day_of = bench.lay_out(rows, seed=0, spread=10)  # the bench's default
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feed").mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["feed"]\n')
    config = load_config(cwd=tmp_path)
    days = [date(2024, 1, 9), date(2024, 1, 10), date(2024, 1, 11)]
    for day in days:
        offset = (day - bench.FIRST_DAY).days
        with (tmp_path / "feed" / f"{day}.jsonl").open("w", encoding="utf-8") as f:
            for row in rows:
                if day_of[str(row["id"])] == offset:
                    f.write(json.dumps({
                        "id": row["id"], "title": row.get("title") or "",
                        "text": row.get("text") or "", "source": row.get("source") or "",
                        "url": row.get("url") or "", "published": f"{day}T12:00:00+00:00",
                    }) + "\n")
        first = build_day(tmp_path, day, formats=("json",), config=config)
    assert any(m.status == "developing" for m in first.story_of.values())
    again = build_day(tmp_path, days[-1], formats=("json",), config=config)
    assert again.story_of == first.story_of
    assert texts(again) == texts(first)


# Two reports from near Aleppo on one day: two stories (grouped apart), yet alike enough
# that the hospital's links to the strikes' as an earlier story (age 0) would hold
ALEPPO_STRIKES = (
    "aleppo-strikes", "2025-03-28T08:00:00Z", "Airstrikes hit rebel positions near Aleppo",
    "Government warplanes carried out airstrikes on rebel positions near Aleppo on Friday, "
    "killing at least twelve fighters, a monitoring group said. Artillery shelling continued "
    "overnight along the front line north of the city. The army said its forces had repelled "
    "an attack on a military checkpoint and destroyed two armoured vehicles.")
ALEPPO_HOSPITAL = (
    "aleppo-hospital", "2025-03-28T08:00:00Z", "Hospital near Aleppo damaged as fighting continues",
    "A hospital in a village north of Aleppo was damaged on Friday as fighting between the "
    "army and rebel fighters continued, doctors said. Patients were moved to a clinic in "
    "Azaz. The monitoring group said shelling had hit residential areas near the front line.")


@pytest.mark.parametrize("briefings, rebuilt", [
    ('[email]\nto = ["all@example.org"]\n', ""),  # the whole day's, beside the desk
    ('[[desks]]\nid = "syria"\ntitle = "Syria desk"\nplaces = ["Syria"]\n', "syria"),
])
def test_a_rebuild_tells_every_briefing_the_stories_its_first_build_did(
        tmp_path, monkeypatch, briefings, rebuilt):
    """The strikes and the hospital are two stories; the "front" desk leaves the hospital
    out (`exclude`), the other briefing (the whole day's, or the Syria desk's) shows both.
    Rebuilt with nothing new (every briefing, or that one alone), that briefing linked the
    hospital to the strikes' story as the first build had recorded it for the front desk
    (a story of today, so not damped): one story where its first build told two. On the
    mixed dev day the defence desk's rebuild merged a Yemen report into the whole day's
    Saudi story the same way, which freed a place in its section and turned the pirates'
    "Nothing new" into "Grew"."""
    import re

    article = news_folder(tmp_path, monkeypatch)
    article(*ALEPPO_STRIKES)
    article(*ALEPPO_HOSPITAL)
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\n' + briefings
        + '[[desks]]\nid = "front"\ntitle = "Front line"\nexclude = ["hospital"]\n')
    config = load_config(cwd=tmp_path)
    day, folder = date(2025, 3, 28), tmp_path / "out/2025-03-28"

    def built(hour: int, desks: list[str] | None = None) -> dict[str, tuple[list, str]]:
        """Each briefing's stories (id, articles) and Markdown, less its "generated" time."""
        build(config, day=day, formats=["md", "json"], desks=desks,
              now=datetime(2025, 3, 28, hour, tzinfo=UTC))
        out = {}
        for desk in (rebuilt, "front"):
            data = json.loads((folder / desk / "briefing.json").read_text())
            shown = [(st["follow"]["story_id"], st["article_ids"])
                     for s in data["sections"] for st in s["stories"]]
            md = re.sub(r"generated [^\n]*", "", (folder / desk / "briefing.md").read_text())
            out[desk] = (shown, md)
        return out

    first = built(9)
    stories = [articles for _, articles in first[rebuilt][0]]
    assert sorted(stories) == [["aleppo-hospital"], ["aleppo-strikes"]]
    assert [articles for _, articles in first["front"][0]] == [["aleppo-strikes"]]
    again = built(10)
    assert again[rebuilt] == first[rebuilt]
    assert again["front"] == first["front"]
    assert built(11, desks=[rebuilt])[rebuilt] == first[rebuilt]  # `build --desk` alone
    assert not (folder / rebuilt / "edition-1").exists()  # the same edition, not a new one


def story_links(html_file: Path) -> list[tuple[Path, str]]:
    """Each link of a briefing's HTML to a story of another briefing: (file, anchor)."""
    import re
    from urllib.parse import unquote

    return [(html_file.parent / unquote(href), anchor) for href, anchor in
            re.findall(r'href="([^"#:]+\.html)#(story-[0-9a-f-]+)"', html_file.read_text())]


def test_links_to_a_story_of_an_edition_kept_aside_reach_it(tmp_path, monkeypatch):
    """A second build of a date with a new article in between briefs the new article only,
    and keeps the first edition in edition-1/. The next day's link to a story that only
    the first edition showed ("first briefed 4 March 2024") must reach it there: in
    out/2024-03-04/briefing.html there is no such entry."""
    article = news_folder(tmp_path, monkeypatch)
    article(*WELLINGTON_FIRE)
    (first,) = daily_builds(tmp_path, date(2024, 3, 4))
    article("aceh-1", "2024-03-04", "Magnitude 6.1 earthquake strikes Aceh province, Indonesia",
            "A magnitude 6.1 earthquake struck the Indonesian province of Aceh on Monday, "
            "collapsing houses in the districts of Bener Meriah and Central Aceh, the US "
            "Geological Survey said.")
    config = load_config(cwd=tmp_path)
    later = datetime(2024, 3, 4, 18, tzinfo=UTC)
    again = build(config, day=date(2024, 3, 4), formats=["md", "html", "json"], now=later)
    assert set(again.story_of) == {"aceh-1"}  # the new article only
    assert (tmp_path / "out/2024-03-04/edition-1/briefing.html").is_file()
    article(*WELLINGTON_ARSON)
    second = build_day(tmp_path, date(2024, 3, 5), config=config)
    mark = second.story_of["wellington-2"]
    assert (mark.status, mark.story_id) == ("developing", first.story_of["wellington-1"].story_id)
    assert mark.first_href == "../2024-03-04/edition-1"
    links = story_links(tmp_path / "out/2024-03-05/briefing.html")
    assert (tmp_path / "out/2024-03-05/../2024-03-04/edition-1/briefing.html",
            f"story-{mark.story_id}") in links
    for target, anchor in links:
        assert f'id="{anchor}"' in target.read_text(), (target, anchor)
    # the timeline names the file that holds the story's entry
    with Store.open(tmp_path / "out/briefing.db") as store:
        (row,) = store.story_timeline([mark.story_id])[:1]
        assert Path(row.folder) == tmp_path / "out/2024-03-04/edition-1"


def test_a_date_built_after_a_later_one_is_the_first_day_of_its_stories(workdir):
    """The 14th is built (a backfill, on the 16th) after the 15th and the 16th were: the
    Blinken meeting it briefs is the one the 15th briefed as new. Rebuilt, the 15th says
    it is day 2 of a story first briefed on the 14th, with nothing new, not "New" above and
    "not reported today" below; the 16th's links reach entries that exist."""
    config = load_config(cwd=workdir)
    three_days(workdir, config=config)

    def built(day: date, at: datetime):
        return build(config, day=day, formats=["md", "html", "json"], now=at)

    backfill = datetime(2024, 12, 16, 9, tzinfo=UTC)
    fourteenth = built(date(2024, 12, 14), backfill)
    blinken = "2024-12-14-state-blinken-pedersen-aqaba"
    assert fourteenth.story_of[blinken].status == "new"
    again = built(TRUMAN_DAYS[0], backfill + timedelta(minutes=5))
    mark = again.story_of[blinken]
    assert (mark.status, mark.day, mark.first_date, mark.story_id) == (
        "developing", 2, date(2024, 12, 14), fourteenth.story_of[blinken].story_id)
    since = again.briefing.since
    assert since is not None and since.previous == date(2024, 12, 14)
    lines = [line.story_id for line in (*since.grew, *since.new, *since.quiet)]
    assert len(lines) == len(set(lines)), since
    built(TRUMAN_DAYS[1], backfill + timedelta(minutes=10))
    for target, anchor in story_links(workdir / "out/2024-12-16/briefing.html"):
        assert f'id="{anchor}"' in target.read_text(), (target, anchor)


def test_a_story_a_rebuild_no_longer_shows_is_not_linked_to(workdir):
    """The 15 December briefing is rebuilt from the same articles once military action is
    no longer briefed (`brief = false` in the user's themes file): its files, replaced in
    place, no longer hold the strike group. The next day's briefing must not say its
    readers had it ("first briefed 15 December" linking to an entry that is gone), nor
    leave out its points as told."""
    build_day(workdir, FOUNDING_DAY)
    fifteenth = build_day(workdir, TRUMAN_DAYS[0])
    assert TRUMAN_15 in fifteenth.story_of
    themes = workdir / "themes.toml"
    themes.write_text("[themes.military]\nbrief = false\n")
    again = build_day(workdir, TRUMAN_DAYS[0])
    assert not (workdir / "out/2024-12-15/edition-1").exists()  # the same edition
    assert TRUMAN_15 not in {a.id for a in again.briefing.articles}
    themes.unlink()
    sixteenth = build_day(workdir, TRUMAN_DAYS[1])
    assert sixteenth.story_of[TRUMAN_16].status == "new"
    assert any("entered the U.S. Central command area" in t for t in texts(sixteenth))
    for target, anchor in story_links(workdir / "out/2024-12-16/briefing.html"):
        assert f'id="{anchor}"' in target.read_text(), (target, anchor)


def test_an_article_briefed_before_adds_nothing_of_its_own_again(workdir):
    """The State Department's Aqaba transcript, briefed on the 15th, is briefed again the
    next day (`build --source` of a file or feed that still holds it): the story is
    developing, but the same report's lesser sentences ("Let me just underscore what was
    already said.") are not news a reader was not given: nothing new."""
    blinken = "2024-12-14-state-blinken-pedersen-aqaba"
    config = load_config(cwd=workdir)
    fifteenth = build_day(workdir, TRUMAN_DAYS[0], config=config)
    assert fifteenth.story_of[blinken].status == "new"
    again = build(config, day=TRUMAN_DAYS[1], sources=[str(workdir / f"seeds/{blinken}.md")],
                  formats=["md", "json"], now=datetime(2024, 12, 16, 7, tzinfo=UTC))
    assert again.story_of[blinken].status == "developing"
    assert texts(again) == []
    since = again.briefing.since
    assert since is not None and not since.grew
    sid = fifteenth.story_of[blinken].story_id
    assert [line.detail for line in since.quiet if line.story_id == sid] == ["reported again"]


def test_a_fact_negated_the_next_day_is_news():
    """"Would not sign" the day after "would sign" shares every other word: it is the news
    of the day, not a fact already briefed. Told with the same negation, it was told."""
    from briefing.follow.told import Said as _Said
    from briefing.follow.told import already_told as _told

    said = _Said.of(["The president said he would sign the bill on Friday.",
                     "Police said the driver was not injured in the crash."])
    assert not _told("The president said he would not sign the bill on Friday.", said)
    assert not _told("The president said he won't sign the bill on Friday.", said)
    assert not _told("Police said the driver was injured in the crash.", said)
    assert _told("The driver was not injured in the crash, police said.", said)
    assert _told("The president said on Friday he would sign the bill.", said)


def test_an_outcome_reversed_the_next_day_is_news():
    """"The Senate rejected the bill on Tuesday" the day after "The Senate passed the bill
    on Tuesday" shares every other word: the swapped word is the news, in either direction
    and in any form of the verb ("rejects", "rejected"). Reworded with a word of the same
    outcome ("approved" for "passed"), it was told."""
    from briefing.follow.told import Said as _Said
    from briefing.follow.told import already_told as _told

    passed = _Said.of(["The Senate passed the bill on Tuesday."])
    rejected = _Said.of(["The Senate rejected the bill on Tuesday."])
    assert not _told("The Senate rejected the bill on Tuesday.", passed)
    assert not _told("The Senate rejects the bill on Tuesday.", passed)
    assert not _told("The Senate passed the bill on Tuesday.", rejected)
    assert _told("The Senate approved the bill on Tuesday.", passed)  # reworded
    assert _told("On Tuesday the Senate passed the bill.", passed)
    assert _told("The Senate vetoed the bill on Tuesday.", rejected)  # same outcome

    said = _Said.of([
        "Shares in the carmaker rose 4 percent in early trading on Wednesday.",
        "The ceasefire between the two sides held overnight, local officials said.",
        "The ministry confirmed that the talks with the union would resume on Monday.",
        "A jury in Leeds convicted the former director of fraud on Friday.",
    ])
    assert not _told("Shares in the carmaker fell 4 percent in early trading on Wednesday.",
                     said)
    assert not _told("The ceasefire between the two sides collapsed overnight, local "
                     "officials said.", said)
    assert not _told("The ministry denied that the talks with the union would resume on "
                     "Monday.", said)
    assert not _told("A jury in Leeds acquitted the former director of fraud on Friday.", said)
    assert _told("Shares in the carmaker climbed 4 percent in early trading on Wednesday.",
                 said)
    assert _told("The ministry confirmed the talks with the union would resume on Monday.",
                 said)


def test_an_outcome_given_the_next_day_to_what_was_only_pending_is_news():
    """"Portugal has declined Norway's offer of four planes" the day after "Norway has
    announced it will offer to send four planes to Portugal" has nearly every word of it,
    but the one word it gains is the outcome the earlier point did not have: it is the
    day's news, not a fact already briefed (on a real day, Greece declining Finland's
    offer of helicopters was left out so, and the story showed only "The offer had been
    made..."). Reworded with the same outcome, or with one the earlier point already gave,
    it was told."""
    from briefing.follow.told import Said as _Said
    from briefing.follow.told import already_told as _told

    said = _Said.of([
        "The government of Norway has announced it will offer to send four firefighting "
        "planes and 30 crew to Portugal to help fight the wildfires.",
        "Police arrested three men after the attack on the mosque in Leeds on Friday.",
    ])
    assert not _told("Portugal has declined Norway's offer of four firefighting planes and "
                     "30 crew.", said)
    assert not _told("Three men arrested after the attack on the mosque in Leeds on Friday "
                     "were released.", said)
    # the outcome already given, in these or other words of it: told
    assert _told("Police detained three men after the attack on the mosque in Leeds on "
                 "Friday.", said)
    declined = _Said.of(["Portugal has declined Norway's offer of four firefighting planes "
                         "and 30 crew."])
    assert _told("Portugal has refused Norway's offer of four firefighting planes and 30 "
                 "crew.", declined)
    assert _told("Norway's offer of four firefighting planes and 30 crew was declined by "
                 "Portugal.", declined)
    # a word that names an outcome only in other senses settles nothing
    signed = _Said.of(["The two countries signed a trade agreement in Geneva on Monday."])
    assert _told("The two countries signed a free trade agreement in Geneva on Monday.",
                 signed)


def moved_archive(tmp_path: Path, monkeypatch) -> tuple[Path, BuildResult]:
    """A briefing folder (its briefing.toml, out/ and the store in it) that briefed the 8th
    and the 15th and was then moved whole to another place, as a server's data is moved or
    a home folder renamed: the folder where it is now (the working directory), and the
    15th's briefing."""
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    shutil.copytree(REPO / "seeds", before / "seeds")
    (before / "briefing.toml").write_text('[output]\ndir = "out"\n')
    monkeypatch.chdir(before)
    build_day(before, FOUNDING_DAY)
    fifteenth = build_day(before, TRUMAN_DAYS[0])
    monkeypatch.chdir(tmp_path)
    before.rename(after)
    monkeypatch.chdir(after)
    return after, fifteenth


def test_an_archive_moved_whole_with_its_store_links_within_itself(tmp_path, monkeypatch,
                                                                   run_cli):
    """The briefing folder (its briefing.toml, out/ and the store in it) is moved to another
    place, as a server's data is moved or a home folder renamed. The next briefing's links
    to the earlier ones, and the timeline, must lead to the archive where it is now, not to
    the folder it was built in."""
    after, fifteenth = moved_archive(tmp_path, monkeypatch)
    sixteenth = build_day(after, TRUMAN_DAYS[1])
    assert sixteenth.story_of[TRUMAN_16].first_href == "../2024-12-15"
    links = story_links(after / "out/2024-12-16/briefing.html")
    assert links
    for target, anchor in links:
        assert target.resolve().is_relative_to(after), target
        assert f'id="{anchor}"' in target.read_text(), (target, anchor)
    sid = fifteenth.story_of[TRUMAN_15].story_id
    got = run_cli("story", sid)
    assert f"15 December 2024: out/2024-12-15/briefing.html#story-{sid}" in got.out.splitlines()
    history = [json.loads(line) for line in run_cli("stories", "--history").out.splitlines()]
    days = [d for record in history if record["story"] == sid for d in record["days"]]
    assert [Path(d["briefing"]) for d in days] == [after / "out/2024-12-15",
                                                   after / "out/2024-12-16"]


def test_the_steps_after_linking_need_no_store():
    """What a desk's reader was told, left out and replaced, and the marks, from plain rows:
    one story told yesterday (one point retold today, one runner-up new), one story whose
    only point was told (nothing new), and one story never briefed."""
    from briefing.follow.followed import _drop_told, _marks, _refill, _told_here
    from briefing.model import Article, KeyPoint, Summary
    from briefing.store import BriefedPoint, StoryDay

    def row(sid: str, desk: str, day: date, *points: str) -> StoryDay:
        return StoryDay(sid, day, desk, datetime(2024, 3, 4, tzinfo=UTC),
                        f"/x/out/{day.isoformat()}", "h", {}, (), False, 1, (),
                        tuple(BriefedPoint("old", i, t) for i, t in enumerate(points)), ())

    def summary(aid: str, *points: str) -> Summary:
        return Summary(Article(aid, "t", "", source=aid),
                       tuple(KeyPoint(aid, t, i, 1.0) for i, t in enumerate(points)), 5)

    today = date(2024, 3, 5)
    timeline = [row("s1", "", date(2024, 3, 4), "A bridge collapsed in Genoa on Tuesday."),
                row("s1", "other", date(2024, 3, 4), "Rescuers searched the river overnight."),
                row("s2", "", date(2024, 3, 4), "The central bank kept its rate at 4%.")]
    summaries = [summary("a", "A bridge collapsed in Genoa on Tuesday.",
                         "Rescuers searched the river overnight."),
                 summary("b", "The central bank kept its rate at 4%."),
                 summary("c", "A ferry ran aground off Crete.")]
    keys, ids = ["a", "b", "c"], {"a": "s1", "b": "s2", "c": "20240305-new"}
    told = _told_here(timeline, "", today)  # the other desk's point was not told here
    assert {sid: len(rows) for sid, rows in told.items()} == {"s1": 1, "s2": 1}
    dropped = _drop_told(summaries, keys, ids, told)
    assert [len(s.key_points) for s in dropped.summaries] == [1, 0, 1]
    assert dropped.dropped_at == {0: 1, 1: 1} and dropped.repeated == {"a": 1, "b": 1}

    runners = {"a": [KeyPoint("a", "A bridge collapsed in Genoa on Tuesday.", 0, 1.0),
                     KeyPoint("a", "Engineers had warned of cracks in 2019.", 2, 0.5)]}
    kept = _refill(dropped, summaries, keys, ids, told,
                   lambda article: runners.get(article.id, []))
    assert [p.text for p in kept[0].key_points] == ["Rescuers searched the river overnight.",
                                                    "Engineers had warned of cracks in 2019."]

    class Names:  # what _marks asks of StoryVectors
        def names_of(self, positions):
            return ()

    out = _marks(kept, keys, ids, told, Names(), dropped.repeated, first_briefing=False,
                 day=today, folder=Path("/x/out/2024-03-05"), out_dir=Path("/x/out"))
    a, b, c = (out.marks[k] for k in keys)
    assert (a.status, a.day, a.first_href, a.repeated) == ("developing", 2, "../2024-03-04", 1)
    assert (b.status, c.status, c.first_briefing) == ("developing", "new", False)
    assert out.quiet == {"s2": "b"} and set(out.novelty) == {"a"}


def test_a_fact_changed_the_next_day_is_news(tmp_path, monkeypatch):
    """The next day's report has every word of yesterday's points but one: the distance
    the troops advanced (25 miles, now 40) and where the talks resume (Geneva, now
    Moscow). The word that differs is the fact, as a higher toll is: both are news."""
    article = news_folder(tmp_path, monkeypatch)
    article("wire-1", "2024-03-04", "Russian troops advance into western Georgia",
            "Russian troops advanced 25 miles into western Georgia on Monday, the Georgian "
            "interior ministry said. Talks between Georgia and Russia will resume in Geneva "
            "on Friday, the French presidency said. Tanks were seen on the road to Senaki "
            "near the Abkhaz boundary line.")
    article("wire-2", "2024-03-05", "Russian troops advance further into western Georgia",
            "Russian troops advanced 40 miles into western Georgia on Monday, the Georgian "
            "interior ministry said. Talks between Georgia and Russia will resume in Moscow "
            "on Friday, the French presidency said. Tanks were seen on the road to Senaki "
            "near the Abkhaz boundary line.")
    first, second = daily_builds(tmp_path, date(2024, 3, 4), date(2024, 3, 5))
    assert second.story_of["wire-2"].story_id == first.story_of["wire-1"].story_id
    assert second.story_of["wire-2"].status == "developing"
    shown = texts(second)
    assert any("40 miles" in t for t in shown), shown
    assert any("resume in Moscow" in t for t in shown), shown
    assert not set(shown) & set(texts(first))
    from briefing.follow.told import Said as _Said
    from briefing.follow.told import already_told as _told

    said = _Said.of(["Police arrested three suspects in connection with the bombing.",
                     "Five people were killed when a bus overturned near Mardan on Tuesday, "
                     "police said."])
    assert not _told("Police arrested five suspects in connection with the bombing.", said)
    # reworded, every fact the same: told
    assert _told("Police said five people were killed when a bus overturned near Mardan on "
                 "Tuesday.", said)


def test_a_story_with_nothing_new_briefed_before_yesterday_is_named_too(tmp_path, monkeypatch):
    """The Wellington fire is briefed on the 4th; the 5th's briefing has other news; on the
    6th another outlet retells the fire with nothing new. It is not shown (nothing new),
    and the 6th's "Since yesterday" must say so, as it does for a story of the day before:
    left out without a word, the reader cannot tell it was reported at all."""
    article = news_folder(tmp_path, monkeypatch)
    article("wellington-1", "2024-03-04", "Major fire at Waitrose in Wellington",
            "Firefighters from Taunton and Wiveliscombe fought a major fire at the Waitrose "
            "supermarket in Wellington, Somerset, on Monday.")
    article("aceh-1", "2024-03-05", "Magnitude 6.1 earthquake strikes Aceh province, Indonesia",
            "A magnitude 6.1 earthquake struck the Indonesian province of Aceh on Tuesday, "
            "collapsing houses in the districts of Bener Meriah and Central Aceh, the US "
            "Geological Survey said.")
    article("wellington-2", "2024-03-06", "Major fire at Waitrose in Wellington",
            "On Monday firefighters from Taunton and Wiveliscombe fought a major fire at "
            "the Waitrose supermarket in Wellington, Somerset.")
    first, _, third = daily_builds(tmp_path, date(2024, 3, 4), date(2024, 3, 5),
                                   date(2024, 3, 6))
    fire = first.story_of["wellington-1"].story_id
    assert third.story_of["wellington-2"].story_id == fire
    assert not texts(third)  # nothing new: not shown
    since = third.briefing.since
    assert since is not None and since.previous == date(2024, 3, 5)
    lines = {line.story_id: (line.detail, line.href) for line in since.quiet}
    assert lines.get(fire) == ("reported again, last briefed 4 March 2024", "../2024-03-04"), since
    md = (tmp_path / "out/2024-03-06/briefing.md").read_text()
    assert ("**Nothing new:** Major fire at Waitrose in Wellington · reported again, last "
            "briefed 4 March 2024") in md
    links = story_links(tmp_path / "out/2024-03-06/briefing.html")
    assert (tmp_path / "out/2024-03-06/../2024-03-04/briefing.html", f"story-{fire}") in links


def test_an_edition_kept_aside_in_a_moved_archive_is_still_found(tmp_path, monkeypatch,
                                                                  run_cli):
    """The archive is moved whole with its store, then the 15th is built again with a new
    article: its first edition goes to edition-1/. The store must say so of the stories
    that edition showed, though it recorded them under the folder the archive had then:
    the 16th's links to them, and the timeline, must reach edition-1/, where they are,
    not out/2024-12-15/briefing.html, which no longer shows them."""
    after, fifteenth = moved_archive(tmp_path, monkeypatch)
    (after / "seeds/2024-12-15-late.md").write_text(
        '---\ntitle: "Magnitude 6.1 earthquake strikes Aceh province, Indonesia"\n'
        'source: "Wire"\npublished: "2024-12-15T18:00:00Z"\n---\n\nA magnitude 6.1 '
        "earthquake struck the Indonesian province of Aceh on Sunday, collapsing houses in "
        "the districts of Bener Meriah and Central Aceh, the US Geological Survey said.\n")
    config = load_config(cwd=after)
    again = build(config, day=TRUMAN_DAYS[0], formats=["md", "html", "json"],
                  now=datetime(2024, 12, 15, 20, tzinfo=UTC))
    assert set(again.story_of) == {"2024-12-15-late"}
    assert (after / "out/2024-12-15/edition-1/briefing.html").is_file()
    sixteenth = build_day(after, TRUMAN_DAYS[1], config=config)
    assert sixteenth.story_of[TRUMAN_16].first_href == "../2024-12-15/edition-1"
    links = story_links(after / "out/2024-12-16/briefing.html")
    assert links
    for target, anchor in links:
        assert f'id="{anchor}"' in target.read_text(), (target, anchor)
    sid = fifteenth.story_of[TRUMAN_15].story_id
    assert (f"15 December 2024: out/2024-12-15/edition-1/briefing.html#story-{sid}"
            in run_cli("story", sid).out.splitlines())


def test_the_timeline_names_files_a_reader_can_open_from_where_they_are(run_cli, tmp_path,
                                                                         monkeypatch):
    """`briefing story ID --config FILE` run from another folder: each day's file is named
    so that it opens from there (the archive's full path), not as "out/<date>/…", which
    is relative to the config's folder and names no file where the reader is."""
    home, elsewhere = tmp_path / "desk", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    shutil.copytree(REPO / "seeds", home / "seeds")
    (home / "briefing.toml").write_text(f'[output]\ndir = "{(home / "out").as_posix()}"\n')
    monkeypatch.chdir(home)
    config = load_config(cwd=home)
    fifteenth = build_day(home, TRUMAN_DAYS[0], config=config)
    sid = fifteenth.story_of[TRUMAN_15].story_id
    monkeypatch.chdir(elsewhere)
    lines = run_cli("story", sid, "--config", home / "briefing.toml").out.splitlines()
    named = [line.split(": ", 1)[1] for line in lines if line.startswith("15 December 2024:")]
    assert named == [f"{home / 'out/2024-12-15/briefing.html'}#story-{sid}"], lines
    assert (elsewhere / named[0].split("#")[0]).is_file()


def test_a_story_an_earlier_edition_of_today_briefed_is_not_said_unreported(tmp_path,
                                                                            monkeypatch):
    """The fire is briefed on the 4th and grows in the 5th's morning briefing; an evening
    build of the 5th briefs the one article that came in since (the earthquake). Its
    "Since yesterday" must not tell the reader the fire was "not reported today": the
    morning edition of this very day reported it, and this briefing lists it under "In
    earlier editions of this day"."""
    article = news_folder(tmp_path, monkeypatch)
    article(*WELLINGTON_FIRE)
    article(*WELLINGTON_ARSON)
    first, morning = daily_builds(tmp_path, date(2024, 3, 4), date(2024, 3, 5))
    fire = first.story_of["wellington-1"].story_id
    assert morning.story_of["wellington-2"].story_id == fire
    article("aceh-1", "2024-03-05", "Magnitude 6.1 earthquake strikes Aceh province, Indonesia",
            "A magnitude 6.1 earthquake struck the Indonesian province of Aceh on Tuesday, "
            "collapsing houses in the districts of Bener Meriah and Central Aceh, the US "
            "Geological Survey said.")
    evening = build(load_config(cwd=tmp_path), day=date(2024, 3, 5),
                    formats=["md", "html", "json"], now=datetime(2024, 3, 5, 18, tzinfo=UTC))
    assert set(evening.story_of) == {"aceh-1"}  # the new article only
    assert [e.story_id for e in evening.briefing.earlier_editions] == [fire]
    lines = {line.story_id: line.detail for line in evening.briefing.since.quiet}
    assert lines.get(fire) == "briefed earlier today", evening.briefing.since
    md = (tmp_path / "out/2024-03-05/briefing.md").read_text()
    assert "not reported today" not in md
    assert ("**Nothing new:** Major fire at Waitrose in Wellington · briefed earlier "
            "today") in md


def test_an_older_story_reported_again_is_named_on_a_busy_day(tmp_path, monkeypatch):
    """The fire is briefed on the 3rd; the 4th briefs seven other stories; on the 5th
    another outlet retells the fire with nothing new. "Since yesterday" names five of the
    4th's quiet stories and counts the rest "of 4 March 2024": the fire, last briefed on
    the 3rd, must be named (as on a quiet day), not counted among the 4th's stories. On a
    real day the previous briefing always has more than five quiet stories, so such a
    story was never named, and was miscounted as yesterday's."""
    article = news_folder(tmp_path, monkeypatch)
    article("wellington-1", "2024-03-03", "Major fire at Waitrose in Wellington",
            "Firefighters from Taunton and Wiveliscombe fought a major fire at the Waitrose "
            "supermarket in Wellington, Somerset, on Sunday.")
    for name, title, text in BUSY_DAY_STORIES:
        article(name, "2024-03-04", title, text)
    article("wellington-2", "2024-03-05", "Major fire at Waitrose in Wellington",
            "On Sunday firefighters from Taunton and Wiveliscombe fought a major fire at "
            "the Waitrose supermarket in Wellington, Somerset.")
    first, second, third = daily_builds(tmp_path, date(2024, 3, 3), date(2024, 3, 4),
                                        date(2024, 3, 5))
    fire = first.story_of["wellington-1"].story_id
    assert third.story_of["wellington-2"].story_id == fire
    assert not texts(third)  # nothing new: not shown
    shown = [st for s in second.briefing.sections for st in s.stories]
    assert len(shown) > 5
    since = third.briefing.since
    lines = {line.story_id: line.detail for line in since.quiet}
    assert lines.get(fire) == "reported again, last briefed 3 March 2024", since
    assert since.more_quiet == len(shown) - 5  # the 4th's stories only
    md = (tmp_path / "out/2024-03-05/briefing.md").read_text()
    assert ("**Nothing new:** Major fire at Waitrose in Wellington · reported again, last "
            "briefed 3 March 2024") in md
    more = len(shown) - 5
    assert (f"- and {more} more {'story' if more == 1 else 'stories'} of 4 March 2024 with "
            "nothing new") in md


def test_since_counts_from_the_desks_last_briefing_even_when_it_showed_nothing(workdir):
    """A military desk: the 8th briefs the strikes on ISIS, the 14th has nothing for it
    (Blinken's talks are diplomacy) and says so, listing the 8th's stories as "not reported
    today"; the 15th briefs the strike group. Its readers had a briefing on the 14th: the
    15th's block is "Since yesterday" (the 14th), not "Since 8 December 2024" repeating the
    lines the 14th gave them."""
    (workdir / "briefing.toml").write_text(
        '[[desks]]\nid = "mil"\ntitle = "Military desk"\nthemes = ["military", "terrorism"]\n')
    config = load_config(cwd=workdir)
    first, empty, fifteenth = [build_day(workdir, d, config=config)
                               for d in (FOUNDING_DAY, date(2024, 12, 14), TRUMAN_DAYS[0])]
    assert first.briefing.desk == "mil" and first.story_of
    assert empty.briefing.sections == ()
    assert empty.briefing.since.previous == FOUNDING_DAY
    assert empty.briefing.since.quiet  # the 8th's stories, not reported on the 14th
    since = fifteenth.briefing.since
    assert since.previous == date(2024, 12, 14), since
    assert since.quiet == ()  # the 14th showed none: nothing of it to say
    assert [line.story_id for line in since.new] == [fifteenth.story_of[TRUMAN_15].story_id]
    md = (workdir / "out/2024-12-15/mil/briefing.md").read_text()
    assert "## Since yesterday" in md and "not reported today" not in md


@pytest.mark.parametrize("window", ["since-previous", "day"])
def test_after_days_without_a_briefing_a_quiet_story_is_not_reported_since_then(tmp_path,
                                                                                 window):
    """The scheduler was down for three days: the next briefing covers them all ("Since 12
    December 2024", reports from the 13th on). A story of the 12th that none of those days
    reported was "not reported today", as if the days between had not been read; it is
    "not reported since 12 December 2024". The day after a briefing it stays "today", and
    so it does when the briefing reads its own day only (`sources.window = "day"`)."""
    news = tmp_path / "news"
    news.mkdir()
    for name, day, title, text in (
        ("quake", "2024-12-12", "Earthquake kills 40 in Vanuatu",
         "A magnitude 7.3 earthquake struck Vanuatu on Thursday, killing at least 40 people "
         "in the capital Port Vila, officials said."),
        ("budget", "2024-12-15", "Kenya's parliament passes the budget",
         "Kenya's parliament passed the national budget on Sunday after weeks of protests "
         "over tax rises, the speaker said."),
        ("ferry", "2024-12-16", "Ferry sinks off Sulawesi",
         "A ferry carrying 120 passengers sank off Sulawesi on Monday, and rescuers have "
         "pulled 80 people from the water, Indonesia's search agency said."),
    ):
        (news / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\nsource: "Wire"\npublished: "{day}"\n---\n\n{text}\n')
    (tmp_path / "briefing.toml").write_text(
        f'[sources]\npaths = ["news"]\nwindow = "{window}"\n')
    config = load_config(cwd=tmp_path)
    build_day(tmp_path, date(2024, 12, 12), config=config)
    late = build_day(tmp_path, date(2024, 12, 15), config=config)
    quake = next(line for line in late.briefing.since.quiet if "Vanuatu" in line.headline)
    md = (tmp_path / "out/2024-12-15/briefing.md").read_text()
    assert "## Since 12 December 2024" in md
    if window == "day":
        assert quake.detail == "not reported today"
        return
    assert quake.detail == "not reported since 12 December 2024"
    assert "not reported today" not in md
    next_day = build_day(tmp_path, date(2024, 12, 16), config=config)
    budget = next(line for line in next_day.briefing.since.quiet if "Kenya" in line.headline)
    assert budget.detail == "not reported today"


def test_a_story_reported_today_but_not_on_the_desk_is_not_said_unreported(tmp_path,
                                                                           monkeypatch):
    """The fire is on the home desk on the 4th; on the 5th the arson charge grows it (the
    whole day's briefing marks it "Developing · day 2"), but its report names the desk's
    `exclude` term, so the desk leaves the story out. The desk's "Since yesterday" said
    the fire was "not reported today", which the whole day's briefing, read by a
    colleague, contradicts: it was reported, only not on this desk."""
    article = news_folder(tmp_path, monkeypatch)
    article(*WELLINGTON_FIRE)
    article(*WELLINGTON_ARSON)
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\nwindow = "day"\n'
        '[email]\nto = ["all@example.org"]\n'
        '[[desks]]\nid = "home"\ntitle = "Home desk"\nexclude = ["magistrates"]\n')
    config = load_config(cwd=tmp_path)
    build_day(tmp_path, date(2024, 3, 4), config=config)
    build_day(tmp_path, date(2024, 3, 5), config=config)
    day = json.loads((tmp_path / "out/2024-03-05/briefing.json").read_text())
    fire = next(st["follow"] for s in day["sections"] for st in s["stories"]
                if "wellington-2" in st["article_ids"])
    assert (fire["status"], fire["day"]) == ("developing", 2)
    desk = json.loads((tmp_path / "out/2024-03-05/home/briefing.json").read_text())
    lines = {line["story_id"]: line["detail"] for line in desk["since"]["quiet"]}
    assert lines.get(fire["story_id"]) == "reported today, not on this desk", desk["since"]
    md = (tmp_path / "out/2024-03-05/home/briefing.md").read_text()
    assert "not reported today" not in md


def test_a_story_on_the_desk_its_section_had_no_room_for_is_not_said_off_the_desk(
        tmp_path, monkeypatch):
    """A desk that takes everything, one story a section: on the 5th a murder trial told by
    three outlets fills Law and accountability, and the arson charge that grows the fire
    story is in the desk's Sources ("not shown above"). "reported today, not on this desk"
    sent its reader to look for a rule of the desk that left it out; there is none, the
    section had no room, as the whole day's briefing says too."""
    article = news_folder(tmp_path, monkeypatch)
    article(*WELLINGTON_FIRE)
    article(*WELLINGTON_ARSON)
    for outlet in ("bbc", "itv", "sky"):
        article(f"trial-{outlet}", "2024-03-05", "Jury convicts man of Bristol murder",
                "A jury at Bristol Crown Court convicted a 31-year-old man of murder on "
                "Tuesday after a three-week trial. The judge will sentence him on Friday, "
                f"prosecutors said ({outlet}).")
    (tmp_path / "briefing.toml").write_text(
        '[sources]\npaths = ["news"]\nwindow = "day"\n'
        '[compose]\npoints_per_section = 1\n'
        '[email]\nto = ["all@example.org"]\n'
        '[[desks]]\nid = "home"\ntitle = "Home desk"\n')
    config = load_config(cwd=tmp_path)
    build_day(tmp_path, date(2024, 3, 4), config=config)
    build_day(tmp_path, date(2024, 3, 5), config=config)
    desk = json.loads((tmp_path / "out/2024-03-05/home/briefing.json").read_text())
    assert "wellington-2" in {a["id"] for a in desk["articles"]}
    assert not any("wellington-2" in st["article_ids"] for s in desk["sections"]
                   for st in s["stories"])
    details = [line["detail"] for line in desk["since"]["quiet"]]
    assert details == ["reported today, not shown"], desk["since"]
