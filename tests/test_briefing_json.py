"""briefing.json as an integrator reads it (a newsroom CMS importing each day's file, a
dashboard, a script): real builds through the CLI, every kind of day, read as data."""

from __future__ import annotations

import json

from test_unbriefed_kinds import DAY, write_news


def _every_object(value: object, where: str = "$"):
    """(where, object) for every JSON object in `value`, depth first."""
    if isinstance(value, dict):
        yield where, value
        for key, item in value.items():
            yield from _every_object(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _every_object(item, f"{where}[{i}]")


def test_no_article_text_is_copied_into_briefing_json_not_even_also_in_the_news(
        tmp_path, run_cli, monkeypatch):
    """README: "Article text is not copied in" (a story names its articles by id, and a
    50 MB article once made a 251 MB briefing.json). The articles listed under "Also in the
    news" were written whole, text included: a CMS importing the file got every sports
    report's full text, and the file grew with the day's sport."""
    write_news(tmp_path / "news")
    (tmp_path / "briefing.toml").write_text("[compose]\nalso_in_the_news = true\n",
                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "--source", "news", "--date", DAY, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text(encoding="utf-8"))
    [sport] = data["also_in_the_news"]
    assert [a["title"] for a in sport["articles"]]  # still listed, with their fields
    assert {"id", "title", "source", "url", "published", "path"} <= set(sport["articles"][0])
    texts = [where for where, obj in _every_object(data) if "text" in obj and "title" in obj]
    assert texts == []
