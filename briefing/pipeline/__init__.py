"""The one place that runs the stages in order (DESIGN.md, "The data's one-way trip").

    sources -> Article -> summarize -> KeyPoint -> classify -> compose -> Briefing
            -> render -> out/<date>/ -> store
    out/<date>/ -> deliver (email), when sending finds no briefing or a scheduled run is due

Everything is gathered and rendered in memory before anything is written, so a build
that fails leaves yesterday's files and the store as they were.

Which module holds which part (each imports only those above it):

    articles.py   Article -> summarize -> KeyPoint -> classify, one article at a time, pure;
                  the evidence for the points a briefing shows; a point the text left
                  without a theme filed by its source or its address
    parallel.py   those stages over the day's many articles, in worker processes
    day.py        the day's build: sources -> ... -> compose -> Briefing -> render ->
                  out/<date>/ -> store, once for the whole day and once for each desk
    delivery.py   out/<date>/ -> deliver: the files to mail, built first when missing,
                  and the scheduled run that builds and sends them

Callers import from `briefing.pipeline`, which re-exports what they use. A test that patches
a name must patch the module that looks it up (`briefing.pipeline.day.load_themes` for the
build's), not this package: a patch here does not reach code in the modules.
"""

from briefing.pipeline.articles import (
    LEAD_WORDS,
    REFILL_RESERVE,
    SOURCE_THEME_SCORE,
    THEME_EXTRA,
    THEME_RESERVE,
    _lead,
    explain_point,
    explain_shown,
    filed_by_address,
    load_themes,
    process_article,
    read_split_stories,
    runners_up,
    section_theme,
    theme_points,
    themed_text,
    user_themes_file,
    with_source_themes,
)
from briefing.pipeline.day import (
    BuildResult,
    DayReading,
    Timings,
    _cpu_seconds,
    build,
    compose_day,
    compose_desk,
    compose_desks,
    compose_options,
    follow,
    gather,
    read_day,
    record_day,
    render_editions,
    render_options_for,
    story_marks,
    targets_of,
    update_archive_index,
    with_earlier_editions,
    with_since,
    write_editions,
)
from briefing.pipeline.delivery import built_editions, built_files, scheduled_run
from briefing.pipeline.parallel import Progress, job_count, summarize_articles

__all__ = [
    # the per-article stages (articles.py)
    "LEAD_WORDS",
    "REFILL_RESERVE",
    "SOURCE_THEME_SCORE",
    "THEME_EXTRA",
    "THEME_RESERVE",
    "_lead",  # research/ and tests read an article's lead as the build does
    "explain_point",
    "explain_shown",
    "filed_by_address",
    "load_themes",
    "process_article",
    "read_split_stories",
    "runners_up",
    "section_theme",
    "theme_points",
    "themed_text",
    "user_themes_file",
    "with_source_themes",
    # over many articles (parallel.py)
    "Progress",
    "job_count",
    "summarize_articles",
    # the day's build (day.py)
    "BuildResult",
    "DayReading",
    "Timings",
    "_cpu_seconds",  # bench/ times its stages as the build does
    "build",
    "compose_day",
    "compose_desk",
    "compose_desks",
    "compose_options",
    "follow",
    "gather",
    "read_day",
    "record_day",
    "render_editions",
    "render_options_for",
    "story_marks",
    "targets_of",
    "update_archive_index",
    "with_earlier_editions",
    "with_since",
    "write_editions",
    # building for delivery (delivery.py)
    "built_editions",
    "built_files",
    "scheduled_run",
]
