"""The one place that runs the stages in order (DESIGN.md, "The data's one-way trip").

    sources -> Article -> summarize -> KeyPoint -> classify -> compose -> Briefing
            -> render -> out/<date>/ -> store
    out/<date>/ -> deliver (email), when sending finds no briefing or a scheduled run is due

Everything is gathered and rendered in memory before a file is written or the build
recorded, so a build that fails leaves yesterday's files and the store's record of
briefings as they were (what `ingest` stored of the configured sources stays: the next
build reads it).

Which module holds which part (each imports only those above it; editions.py names
day.py's `DayReading` in annotations only):

    articles.py   Article -> summarize -> KeyPoint -> classify, one article at a time, pure;
                  the evidence for the points a briefing shows; a point the text left
                  without a theme filed by its source or its address
    parallel.py   those stages over the day's many articles, in worker processes
    options.py    the config read as the options of composing and rendering: the whole
                  day's, or a desk's with its own title, marking, branding and timezone
    editions.py   each briefing of the build, composed -> render -> out/<date>/ -> store:
                  rendered in memory, written into its folder (the folder's previous
                  edition kept aside), recorded in the store; and the archive index
    day.py        the day's build: sources -> ... -> compose -> Briefing, read once and
                  composed for the whole day and for each desk, then handed to editions.py
    delivery.py   out/<date>/ -> deliver: the files to mail, built first when missing,
                  and the scheduled run that builds and sends them

Callers import from `briefing.pipeline`, which re-exports what they use, each name imported
from its module when first asked for (so `classify` never imports the renderer). A test that
patches a name must patch the module that looks it up (`briefing.pipeline.day.load_themes`
for the build's reading, `briefing.pipeline.editions.write_together` for its writing), not
this package: a patch here does not reach code in the modules.
"""

from importlib import import_module
from typing import Any

# Each module and the names callers take from it. A name is imported when first asked for
# (PEP 562), not with the package: `classify`, `summarize` and `themes explain` need only
# articles.py, and importing day.py would bring the renderer (Jinja) and every source reader
# with it, about 0.1 s of each call a script makes (tests/test_startup.py).
_EXPORTS: dict[str, tuple[str, ...]] = {
    # the per-article stages
    "articles": (
        "LEAD_WORDS",
        "REFILL_RESERVE",
        "SOURCE_THEME_SCORE",
        "THEME_EXTRA",
        "THEME_RESERVE",
        "article_lead",  # research/ and tests read an article's lead as the build does
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
    ),
    # over many articles
    "parallel": ("Progress", "job_count", "summarize_articles"),
    # the config read as options
    "options": ("compose_options", "render_options_for"),
    # the build's editions rendered, written and recorded
    "editions": (
        "BuildResult",
        "record_day",
        "render_editions",
        "update_archive_index",
        "with_earlier_editions",
        "write_editions",
    ),
    # the day's build
    "day": (
        "DayReading",
        "Timings",
        "cpu_seconds",  # bench/ times its stages as the build does
        "build",
        "compose_day",
        "compose_desk",
        "compose_desks",
        "follow",
        "gather",
        "read_day",
        "story_marks",
        "targets_of",
        "with_since",
    ),
    # building for delivery
    "delivery": ("built_editions", "built_files", "scheduled_run"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = list(_MODULE_OF)


def __getattr__(name: str) -> Any:
    """``from briefing.pipeline import build`` imports day.py (and what it needs) only then."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # the next look-up finds it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
