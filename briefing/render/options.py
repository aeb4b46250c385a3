"""Render options: what the templates need besides the briefing (`RenderOptions`, read
from a config by `render_options`), where the built-in templates are, the colours and the logo.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.colours import MIN_CONTRAST, contrast, parse_colour
from briefing.errors import TemplateError

if TYPE_CHECKING:
    from briefing.config import Config

DEFAULT_ACCENT = "#1f4e79"
DEFAULT_MARKING_COLOUR = "#9b1c1c"
LOGO_MAX_BYTES = 2_000_000  # a bigger "logo" is a mistake, and every copy would carry it


def builtin_templates_dir() -> Path:
    """`templates/` beside the package in a checkout; `briefing/templates/` when installed."""
    here = Path(__file__).resolve().parent.parent  # briefing/: this module is in briefing/render/
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "briefing.md.j2").is_file():
            return candidate
    raise TemplateError("built-in templates not found (reinstall briefing)")


@dataclass(frozen=True)
class RenderOptions:
    """What the templates need besides the briefing itself (see `render_options`)."""

    timezone: str = "UTC"  # the zone times are shown in (a desk's own, if it has one)
    # the zone a date without a time was read in (briefing.timezone; "": `timezone`): a
    # report dated "2024-12-08" is midnight there (sources/dates.py), and of the 8th in
    # every zone it is shown in
    reading_timezone: str = ""
    organisation: str = ""
    marking: str = ""
    language: str = "en"
    show_evidence: bool = False
    templates_dir: Path | None = None
    accent_colour: str = DEFAULT_ACCENT
    marking_colour: str = DEFAULT_MARKING_COLOUR
    logo: str = ""  # a data: URL (the file is embedded, so the HTML stays standalone)
    page_size: str = "A4"
    pdf_variant: str = "pdf/ua-1"  # a WeasyPrint pdf_variant (output.pdf_variant)


def render_options(config: Config, logo_key: str = "briefing.logo"
                   ) -> tuple[RenderOptions, list[str]]:
    """The render options a config asks for, and warnings about what could not be honoured.

    A missing or unreadable logo is a warning, not an error: the logo is decoration, and a
    scheduled morning briefing must not fail because a branding file moved. The warning
    names the key the logo came from (`logo_key`: a desk's own, when it has one).
    """
    warnings: list[str] = []
    logo = ""
    if config.briefing.logo:
        logo, problem = load_logo(config.resolve(config.briefing.logo))
        if problem:
            warnings.append(f"{logo_key}: {problem}; the briefing is built without a logo")
    options = RenderOptions(
        timezone=config.briefing.timezone,
        reading_timezone=config.briefing.timezone,
        organisation=config.briefing.organisation,
        marking=config.briefing.marking,
        language=config.briefing.language,
        show_evidence=config.themes.show_evidence,
        templates_dir=config.templates_dir,
        accent_colour=config.briefing.accent_colour,
        marking_colour=config.briefing.marking_colour,
        logo=logo,
        page_size=config.output.page_size,
        pdf_variant=config.output.pdf_variant,
    )
    return options, warnings


# --- colours and the logo --------------------------------------------------------------------


def css_colour(value: str, fallback: str) -> str:
    """The colour as CSS, or the fallback when it is not one (options built by hand)."""
    return value if parse_colour(value) else fallback


def pale_tint(value: str, fallback: str, keep: float = 0.08) -> str:
    """A pale tint of the colour (keep parts colour, the rest white): panel backgrounds.

    Computed here because WeasyPrint has no color-mix(). The colour itself is text on the
    panel (the top lines' theme tags and links), so a colour that only just reads on white
    ("teal", 4.8:1) gets a paler tint, down to white, rather than 4.3:1 on the panel.
    """
    rgb = parse_colour(value) or parse_colour(fallback) or (0.0, 0.0, 0.0)
    steps = 8
    for step in range(steps, -1, -1):
        k = keep * step / steps
        tint = tuple(round((k * c + 1 - k) * 255) for c in rgb)  # as written in the CSS
        if contrast(rgb, tuple(c / 255 for c in tint)) >= MIN_CONTRAST:
            break
    return "#" + "".join(f"{c:02x}" for c in tint)


_LOGO_TYPES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))


def load_logo(path: Path) -> tuple[str, str | None]:
    """The logo as a data: URL, or ("", why not). PNG, JPEG and SVG are accepted."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return "", f"{path} not found"
    except OSError as e:
        return "", f"{path}: cannot read ({e.strerror or e})"
    if len(data) > LOGO_MAX_BYTES:
        return "", f"{path} is larger than {LOGO_MAX_BYTES // 1_000_000} MB"
    mime = next((m for magic, m in _LOGO_TYPES if data.startswith(magic)), None)
    if mime is None and b"<svg" in data[:4096]:
        mime = "image/svg+xml"
    if mime is None:
        return "", f"{path} is not a PNG, JPEG or SVG image"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}", None
