"""Rendering: one Jinja environment per output kind, WeasyPrint for the PDF, the archive index.

Article text is untrusted. In HTML it is autoescaped; in Markdown every expression is
escaped by `finalize`, so a template has to ask for raw output explicitly (`|md_url`).
Jinja never evaluates the *values* it prints, so `{{ 7*7 }}` in an article stays text.
A user's templates folder is searched before the built-in one, file by file: any of
`briefing.md.j2`, `briefing.html.j2`, `index.html.j2`, `briefing.css`, `email.html.j2` or
`email.txt.j2` can be replaced, and a `custom.css` there is added after the built-in
stylesheet (for small tweaks).

The HTML is standalone: the stylesheet is inlined and the logo is a data: URL, so it opens
the same offline, in a mail client or on a phone, and WeasyPrint fetches nothing.

Which module holds which part (each imports only those above it):

    options.py     RenderOptions and `render_options` (from a config), where the built-in
                   templates are, the colours and the logo
    escaping.py    escaping and the template filters for article text: the security
                   boundary (article text never injects markup, links, CSS or template code)
    templates.py   the Jinja environments (kept, one per options and kind) and rendering
                   a template, its failures as TemplateErrors naming file and line
    formats.py     the briefing's template context; Markdown, HTML, PDF and briefing.json;
                   `render_all`, every format a build asks for, in memory
    archive.py     the archive index (out/index.html) and the HTML of an edition kept aside

Callers import from `briefing.render`, which re-exports what they use. A test that patches
a name must patch the module that looks it up (`briefing.render.escaping.clean_paragraph`
for a label's opening words), not this package: a patch here does not reach code in the
modules.
"""

from briefing.render.archive import (
    ArchiveEntry,
    archive_entries,
    html_moved_down,
    render_archive_index,
    write_archive_index,
)
from briefing.render.escaping import (
    CITED_TITLE_CHARS,
    UNTITLED_WORDS,
    MarkdownSafe,
    clip,
    css_string,
    dir_attribute,
    host,
    label,
    md_anchor,
    md_escape,
    md_unescape,
    md_url,
    safe_url,
    text_direction,
)
from briefing.render.formats import (
    ALSO_IN_THE_NEWS_LISTED,
    ALSO_REPORTED_LISTED,
    FORMATS,
    UNCITED_LISTED,
    briefing_data,
    counts_of,
    left_out_text,
    links_other_briefings,
    render_all,
    render_html,
    render_json,
    render_markdown,
    render_pdf,
)
from briefing.render.options import (
    DEFAULT_ACCENT,
    DEFAULT_MARKING_COLOUR,
    LOGO_MAX_BYTES,
    RenderOptions,
    builtin_templates_dir,
    load_logo,
    render_options,
)
from briefing.render.templates import TemplateLoader, environment_for, render_template

__all__ = [
    # options, colours and the logo (options.py)
    "DEFAULT_ACCENT",
    "DEFAULT_MARKING_COLOUR",
    "LOGO_MAX_BYTES",
    "RenderOptions",
    "builtin_templates_dir",
    "load_logo",
    "render_options",
    # escaping and the filters for article text (escaping.py)
    "CITED_TITLE_CHARS",
    "UNTITLED_WORDS",
    "MarkdownSafe",
    "clip",
    "css_string",
    "dir_attribute",
    "host",
    "label",
    "md_anchor",
    "md_escape",
    "md_unescape",
    "md_url",
    "safe_url",
    "text_direction",
    # the Jinja environments (templates.py)
    "TemplateLoader",
    "environment_for",  # tests check that renders share one environment per (options, kind)
    "render_template",
    # the template context and the formats (formats.py)
    "ALSO_IN_THE_NEWS_LISTED",
    "ALSO_REPORTED_LISTED",
    "FORMATS",
    "UNCITED_LISTED",
    "briefing_data",
    "counts_of",
    "left_out_text",
    "links_other_briefings",
    "render_all",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pdf",
    # the archive index and editions kept aside (archive.py)
    "ArchiveEntry",
    "archive_entries",
    "html_moved_down",
    "render_archive_index",
    "write_archive_index",
]
