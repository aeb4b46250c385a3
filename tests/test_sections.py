"""Where a news site files an article (…/sport/…, …/life-style/culture/…) files an article
the text gave no theme: a headline with no text of its own gives the models few words."""

from __future__ import annotations

import json

from conftest import built_day

from briefing.errors import ConfigError
from briefing.pipeline import section_theme
from briefing.themes import load_taxonomy

DAY = "2024-03-11"
FILM = "Favreau goes from Iron Man to stainless steel food truck"


def _day(folder, rows: list[dict]) -> dict:
    folder.mkdir()
    source = folder / "day.jsonl"
    source.write_text("".join(json.dumps({"text": "", "published": f"{DAY}T09:00:00+00:00",
                                          **row}) + "\n" for row in rows), encoding="utf-8")
    return built_day(folder, source, DAY)


def _shown(built: dict) -> dict[str, str]:
    """Article id -> the section its points are shown under."""
    return {p["article_id"]: s["theme"] for s in built["sections"] for st in s["stories"]
            for p in st["key_points"]}


def test_a_headline_its_site_files_under_culture_is_left_out_not_other_news(tmp_path):
    court = ("A former club doctor was jailed for six years on Monday for abusing young "
             "players he treated, a court in Manchester heard.")
    built = _day(tmp_path / "filed", [
        {"id": "film", "title": FILM,
         "url": "http://thepeninsulaqatar.com/life-style/culture/275582/favreau-goes"},
        {"id": "court", "title": "Club doctor jailed", "text": court,
         "url": "https://www.bbc.co.uk/sport/football/26512345"},
    ])
    # its site's section files the film headline as culture, which is not briefed
    assert "film" not in _shown(built)
    assert ["film", "culture"] in [list(x) for x in built["left_out"]]
    # a theme the text gave is never overruled by the address: a court case on a sport page
    assert _shown(built)["court"] == "justice"
    # the text alone gives the headline no theme: without the section it is other news
    unfiled = _day(tmp_path / "unfiled", [
        {"id": "film", "title": FILM, "url": "https://news.example.com/2014/03/11/favreau/"}])
    assert _shown(unfiled) == {"film": "other"}


def test_the_section_is_a_part_of_the_path_not_the_article_name():
    sections = load_taxonomy().sections
    assert section_theme("https://www.bbc.com/news/entertainment-arts-26512345",
                         sections) == ("entertainment-arts", "culture")
    assert section_theme("https://www.bbc.com/news/world-26512345", sections) is None
    assert section_theme("https://example.com/news/why-sport-matters", sections) is None
    assert section_theme("https://example.com/sport", sections) is None  # the page itself
    assert section_theme("not a url", sections) is None


def test_a_themes_file_section_must_be_one_part_of_a_path(tmp_path):
    bad = tmp_path / "themes.toml"
    bad.write_text('[themes.sport]\nsections = ["Sport/Football"]\n', encoding="utf-8")
    try:
        load_taxonomy(bad)
    except ConfigError as e:
        assert "themes.sport.sections" in str(e) and "'Sport/Football'" in str(e)
    else:
        raise AssertionError("a section with a slash was accepted")


def test_themes_explain_says_when_the_address_files_the_article(tmp_path, run_cli):
    source = tmp_path / "film.jsonl"
    row = {"id": "film", "title": FILM, "text": "",
           "url": "http://thepeninsulaqatar.com/life-style/culture/275582/favreau-goes"}
    source.write_text(json.dumps(row) + "\n", encoding="utf-8")
    run = run_cli("themes", "explain", FILM, "--article", source)
    assert run.code == 0
    assert run.out.startswith("themes: none from its words")
    assert ("its address files it under /life-style/, so a briefing files it under "
            "Culture and entertainment and leaves it out") in run.out
    # without such a section the point is explained as its words alone decide
    source.write_text(json.dumps({**row, "url": "https://example.com/2014/03/11/x/"}) + "\n",
                      encoding="utf-8")
    run = run_cli("themes", "explain", FILM, "--article", source)
    assert "address" not in run.out and "Other developments" in run.out
