"""The options composing and rendering a briefing take, read from the config: the whole
day's, or a desk's with its own title, marking, branding and timezone."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from briefing.config import Config, DeskSettings
from briefing.render import RenderOptions, render_options

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from briefing.compose import ComposeOptions


def compose_options(config: Config, span_days: int = 1) -> ComposeOptions:
    """The options of composing a briefing whose window spans `span_days` days since the
    previous briefing (`ingest.window_days`): the half-life of freshness is the config's
    for each of them. A briefing after days without one (Monday's on a weekday schedule)
    is its readers' first news of all those days: aged by the hour from Monday's newest
    report, Saturday's earthquake counted 0.30 of its weight and fell below Monday's
    one-outlet reports, as no daily briefing would rank it."""
    from briefing.compose import ComposeOptions

    return ComposeOptions(
        points_per_section=config.compose.points_per_section,
        points_per_story=config.compose.points_per_story,
        top_lines=config.compose.top_lines,
        top_lines_min_share=config.compose.top_lines_min_share,
        recency_half_life_hours=config.compose.recency_half_life_hours * span_days,
        max_point_chars=config.summary.max_point_chars,
        also_in_the_news=config.compose.also_in_the_news,
    )


def render_options_for(config: Config, desk: DeskSettings | None = None
                       ) -> tuple[RenderOptions, list[str]]:
    """The render options of the whole day's briefing, or of a desk's: its marking and
    branding where it sets them, the briefing's where it does not."""
    if desk is None:
        return render_options(config)
    own = {key: getattr(desk, key) for key in ("marking", "organisation", "logo",
                                               "accent_colour", "marking_colour")
           if getattr(desk, key)}
    desk_config = replace(config, briefing=replace(config.briefing, title=desk.title, **own))
    index = next((i for i, d in enumerate(config.desks, 1) if d.id == desk.id), 0)
    key = f"desks[{index}] ({desk.id}).logo" if desk.logo else "briefing.logo"
    options, warnings = render_options(desk_config, logo_key=key)
    if desk.timezone:
        options = replace(options, timezone=desk.timezone)
    return options, warnings
