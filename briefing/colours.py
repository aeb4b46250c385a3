"""Colours a user configures (`briefing.accent_colour`, `marking_colour`): parsed, and checked
against WCAG contrast, so a heading or a link in that colour can be read.

Its own module because both the config (which refuses a colour at load) and the renderer
(which tints panels with it) need it, and the config must not import the renderer.
"""

from __future__ import annotations

import re

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_NAME = re.compile(r"[a-zA-Z]+")
MIN_CONTRAST = 4.5  # WCAG 2 AA for body-size text: the accent colours headings and links


def parse_colour(value: str) -> tuple[float, float, float] | None:
    """RGB in 0..1 for "#1f4e79", "#abc" or a CSS colour name ("navy"); None otherwise.

    Only these forms are accepted because the value is written into a stylesheet: a
    letters-only name or a hex triplet cannot smuggle in anything else.
    """
    value = value.strip()
    if not (_HEX.fullmatch(value) or _NAME.fullmatch(value)):
        return None
    from tinycss2.color3 import parse_color

    rgba = parse_color(value)
    if rgba is None or isinstance(rgba, str) or rgba.alpha < 1:  # "currentColor", "transparent"
        return None
    return (rgba.red, rgba.green, rgba.blue)


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance (0 for black, 1 for white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def contrast_on_white(rgb: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of a colour against white (1 to 21)."""
    return contrast(rgb, (1.0, 1.0, 1.0))


def colour_problem(value: str) -> str | None:
    """Why a configured colour cannot be used (for ConfigError), or None if it can."""
    rgb = parse_colour(value)
    if rgb is None:
        return 'is not a colour (use a hex value like "#1f4e79" or a CSS colour name like "navy")'
    ratio = contrast_on_white(rgb)
    if ratio < MIN_CONTRAST:
        return (f"is too light to read on white (contrast {ratio:.1f}:1, at least "
                f"{MIN_CONTRAST}:1 needed; try a darker shade)")
    return None
