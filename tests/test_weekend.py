"""A weekday desk's Monday: the briefing after days without one (a weekend, a public
holiday, a scheduler that was down) covers every day since the previous briefing, and
ranks those days' news as a daily briefing ranks its day's.

Fixed dates: Friday 7 March 2025 is briefed at 07:00; Saturday and Sunday are not (a
`schedule.weekdays` of Monday to Friday); Monday 10 March is briefed at 07:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.ingest import window_days
from briefing.pipeline import build
from briefing.store import Store

pytestmark = pytest.mark.usefixtures("machine_elsewhere")

FRIDAY, MONDAY = date(2025, 3, 7), date(2025, 3, 10)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def write(news: Path, name: str, when: datetime, source: str, title: str, text: str) -> None:
    (news / f"{name}.md").write_text(
        f'---\ntitle: "{title}"\nsource: "{source}"\npublished: "{when.isoformat()}"\n---\n\n'
        f"{text}\n", encoding="utf-8")


QUAKE = (  # Saturday's big story: three outlets
    ("Earthquake kills 40 in Vanuatu",
     "A magnitude 7.3 earthquake struck Vanuatu on Saturday, killing at least 40 people in "
     "the capital Port Vila, officials said. Rescuers searched collapsed buildings through "
     "the night, and the government declared a state of emergency. Australia and New "
     "Zealand said they would send military aircraft with relief supplies."),
    ("Vanuatu earthquake death toll reaches 40",
     "At least 40 people were killed when a magnitude 7.3 earthquake hit Vanuatu on "
     "Saturday, the government said. Hospitals in Port Vila were overwhelmed, and the "
     "prime minister declared a state of emergency as aftershocks shook the capital."),
    ("Deadly quake hits Vanuatu capital",
     "A powerful magnitude 7.3 earthquake killed at least 40 people in Vanuatu's capital "
     "Port Vila on Saturday. The quake destroyed homes and a bridge, and Australia "
     "promised emergency aid and a military relief flight."),
)
TRAIN = (  # Friday evening's, after Friday's briefing: two outlets
    ("Train derails in Slovakia, killing nine",
     "A passenger train derailed near Zilina in northern Slovakia on Friday evening, "
     "killing nine people and injuring 30, the interior ministry said. The train was "
     "carrying 200 passengers from Bratislava to Kosice."),
    ("Nine dead as Slovak train leaves the tracks",
     "Nine people were killed and 30 injured when a train derailed near Zilina, Slovakia, "
     "on Friday evening. Investigators said a damaged rail was the likely cause."),
)
MINOR = (  # Monday's early one-liners, one outlet each
    ("Kenya's parliament passes the budget",
     "Kenya's parliament passed the national budget on Monday after weeks of protests "
     "over tax rises, the speaker said. The budget raises taxes on fuel and mobile money "
     "transfers to cut the deficit. Opposition lawmakers walked out before the vote, and "
     "protest leaders called for new marches in Nairobi on Tuesday."),
    ("Chile names a new finance minister",
     "Chile's president named a new finance minister on Monday, replacing the economist "
     "who resigned last week over a pension reform dispute. The new minister, a former "
     "central bank governor, promised to send the pension bill back to Congress within a "
     "month. The peso rose against the dollar after the announcement."),
)


def test_saturdays_big_story_leads_mondays_briefing_after_a_weekend_without_one(tmp_path):
    """Saturday's earthquake, told by three outlets, against two single-outlet reports of
    Monday at 05:00. A daily briefing of Saturday leads with it. Monday's, the first since
    Friday, measured its age from Monday 06:00 as if its readers had been briefed on
    Saturday and Sunday: 42 hours at a 24-hour half-life, 0.30 of its weight, so Monday's
    one-liners ranked above it and it left the top lines. The window is three days since
    Friday's briefing: its days age as one day does in a daily briefing."""
    news = tmp_path / "news"
    news.mkdir()
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    config = load_config(cwd=tmp_path)
    write(news, "friday", at(FRIDAY, 5), "Wire", "Ferry sinks off Sulawesi",
          "A ferry carrying 120 passengers sank off Sulawesi on Friday, and rescuers have "
          "pulled 80 people from the water, Indonesia's search agency said.")
    build(config, day=FRIDAY, formats=["json"], now=at(FRIDAY, 7))
    for n, ((title, text), source) in enumerate(zip(TRAIN, ("Wire", "Herald"), strict=True)):
        write(news, f"train-{n}", at(FRIDAY, 19, 30 * n), source, title, text)
    saturday = date(2025, 3, 8)
    for n, ((title, text), source) in enumerate(zip(QUAKE, ("Wire", "Herald", "Courier"),
                                                    strict=True)):
        write(news, f"quake-{n}", at(saturday, 11, 20 * n), source, title, text)
    for n, (title, text) in enumerate(MINOR):
        write(news, f"minor-{n}", at(MONDAY, 5, 30 * n), f"Outlet {n}", title, text)
    monday = build(config, day=MONDAY, formats=["json"], now=at(MONDAY, 7)).briefing
    assert {a.id for a in monday.articles} == {"train-0", "train-1", "quake-0", "quake-1",
                                               "quake-2", "minor-0", "minor-1"}
    assert monday.top_lines, monday
    lead = monday.top_lines[0].article_id
    assert lead.startswith("quake-"), [p.text for p in monday.top_lines]
    # Friday evening's train crash (two outlets, 58 hours before Monday's news) had kept
    # its top line only just, 0.39 against a floor of 0.39 (`top_lines_min_share`)
    assert {p.article_id[:5] for p in monday.top_lines} == {"quake", "minor", "train"}
    # a daily briefing still ages its news by the hour, as configured
    with Store.open(config.store_path) as store:
        assert window_days(config, store, MONDAY) == 3
        assert window_days(config, store, date(2025, 3, 11)) == 1
    # a briefing of its date's own news (window "day") or of everything ("all") spans no
    # days since the previous one: Monday's news ages by the hour, as any day's does
    for window in ("day", "all"):
        (tmp_path / "briefing.toml").write_text(
            f'[sources]\npaths = ["news"]\nwindow = "{window}"\n')
        with Store.open(config.store_path) as store:
            assert window_days(load_config(cwd=tmp_path), store, MONDAY) == 1, window
