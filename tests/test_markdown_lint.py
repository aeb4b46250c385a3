"""The Markdown briefing is clean Markdown: pymarkdownlnt with every rule on but line length.

tests/pymarkdown.json says why MD013 is off (a key point stays one line, verbatim).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from test_render import hostile_briefing

from briefing.config import load_config
from briefing.model import Briefing
from briefing.pipeline import build
from briefing.render import RenderOptions, render_markdown

PyMarkdownApi = pytest.importorskip("pymarkdown.api").PyMarkdownApi
CONFIG = Path(__file__).with_name("pymarkdown.json")


def lint(markdown: str) -> list[str]:
    result = PyMarkdownApi().configuration_file_path(str(CONFIG)).scan_string(markdown)
    return [f"line {f.line_number}: {f.rule_id} {f.rule_description}"
            for f in result.scan_failures] + [str(e) for e in result.critical_errors]


def test_the_seed_briefing_is_clean_markdown(workdir):
    result = build(load_config(cwd=workdir), day=date(2024, 12, 8), formats=["md"],
                   now=datetime(2024, 12, 8, 7, tzinfo=UTC))
    markdown = result.files["md"].read_text()
    assert "## Top lines" in markdown and "## Sources" in markdown
    assert lint(markdown) == []


@pytest.mark.parametrize("marking", ["", "UNCLASSIFIED // FOR OFFICIAL USE ONLY"])
def test_an_empty_briefing_and_a_hostile_one_are_clean_too(marking):
    options = RenderOptions(marking=marking, organisation="Desk")
    empty = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                     generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC), sections=(),
                     top_lines=(), articles=(), warnings=("feed.xml: timed out",))
    assert lint(render_markdown(empty, options)) == []
    # a day of sport only: "Nothing to brief: ..." in place of the contents
    assert lint(render_markdown(replace(empty, left_out=(("s1", "sport"),)), options)) == []
    assert lint(render_markdown(hostile_briefing(), options)) == []


def test_a_briefing_that_follows_stories_is_clean_too(workdir):
    """Marks ("**Developing** · day 2 · ...", "**New** story") between the stories of a
    section, and the "Since" block: 8, 15 and 16 December of the seeds."""
    config = load_config(cwd=workdir)
    for day in (date(2024, 12, 8), date(2024, 12, 15), date(2024, 12, 16)):
        result = build(config, day=day, formats=["md"],
                       now=datetime(day.year, day.month, day.day, 7, tzinfo=UTC))
        markdown = result.files["md"].read_text()
        assert lint(markdown) == [], day
    assert "## Since yesterday" in markdown and "**Developing** · day 2" in markdown


def test_a_section_that_counts_its_stories_left_out_is_clean_too():
    """"4 more stories in this theme: see Sources." ran into the next section's heading
    (no blank line between: MD022) on a held-out Wikinews day, whose sections were full."""
    from briefing.model import Article, KeyPoint, Section, Story, ThemeScore

    published = datetime(2024, 12, 8, 9, tzinfo=UTC)
    articles, sections = [], []
    for n, (theme, title) in enumerate((("economy", "Economy and trade"),
                                        ("justice", "Law and accountability"))):
        a = Article(id=f"a{n}", title=f"Report {n}", text="", source="Agence",
                    url=f"https://example.org/news/{n}", published=published)
        point = KeyPoint(a.id, f"The council met on Monday about report {n}.", 0, 1.0,
                         (ThemeScore(theme, 0.8),))
        articles.append(a)
        sections.append(Section(theme, title, (Story(a.id, (a,), (point,), 1.0),), omitted=4))
    briefing = Briefing(date=date(2024, 12, 8), title="Daily briefing",
                        generated_at=datetime(2024, 12, 8, 7, tzinfo=UTC),
                        sections=tuple(sections), top_lines=(), articles=tuple(articles))
    markdown = render_markdown(briefing, RenderOptions())
    assert "4 more stories in this theme" in markdown
    assert lint(markdown) == []
