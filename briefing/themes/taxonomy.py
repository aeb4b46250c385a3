"""The theme taxonomy: TOML data a person can read and change, layered on the shipped defaults.

Themes are data, not code (DESIGN.md, "Themes are data"): a theme is what a person can write
down: a label, a description, example sentences, terms, and which kinds of news it is drawn
from. The defaults ship in ``briefing/defaults/themes.toml``; a user's file of the same shape
is layered on top to add, rename, extend, drop, brief or stop briefing themes.

Some themes are kinds of news the briefing does not brief (``brief = false``: sport,
culture and entertainment, science and technology, health and lifestyle): the classifier
knows them, so that a boxer who "bombed" his opponent is recognised as sport rather than
filed under terrorism, and their articles never fill a section or a top line.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError
from briefing.fileio import read_toml
from briefing.model import OTHER_LANGUAGES_ID, OTHER_THEME
from briefing.themes.features import phrase_key

DEFAULT_THEMES_FILE = Path(__file__).resolve().parent.parent / "defaults" / "themes.toml"

_THEME_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_THEME_KEYS = ("label", "description", "terms", "examples", "kinds", "sections", "brief",
               "threshold", "weight", "enabled", "replace")
# ids a briefing already gives its own sections and lists: the points of no theme and the
# articles in another language
RESERVED_IDS = (OTHER_THEME, OTHER_LANGUAGES_ID)
_TOP_KEYS = ("themes", "learned")
_LEARNED_KEYS = ("text", "themes")
# The kinds of news the shipped model tells apart (briefing/themes/news_model.npz); a
# theme's `kinds` names some of them.
NEWS_KINDS = ("conflict", "relations", "politics", "law", "disasters", "economy", "health",
              "sport", "culture", "science")


@dataclass(frozen=True)
class Term:
    """A word or phrase that signals a theme, with how much one match counts."""

    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class Theme:
    """One theme as a person wrote it; everything the classifier knows about it."""

    id: str
    label: str
    description: str = ""
    terms: tuple[Term, ...] = ()
    examples: tuple[str, ...] = ()
    threshold: float | None = None  # None: the classifier's default
    weight: float = 1.0  # how much the theme's stories count when ranking the day's top lines
    # the kinds of news (NEWS_KINDS) the theme is drawn from: the shipped model's verdict on
    # them is part of the theme's score; () for a theme the model knows nothing of
    kinds: tuple[str, ...] = ()
    # False: a kind of news the briefing recognises but does not brief (sport, culture...)
    brief: bool = True
    # the sections of a news site's addresses that file an article under this theme
    # ("sport" for …/sport/football/…): read only for an article whose text gave none of
    # its points a theme (``pipeline.with_source_themes``)
    sections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The themes in display order."""

    themes: tuple[Theme, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def get(self, theme_id: str) -> Theme | None:
        for t in self.themes:
            if t.id == theme_id:
                return t
        return None

    @property
    def sections(self) -> dict[str, str]:
        """A part of a news site's path -> the theme its `sections` file it under (the first
        theme in display order, when two name the same part)."""
        return {part: t.id for t in reversed(self.themes) for part in t.sections}

    @property
    def briefed(self) -> tuple[str, ...]:
        """The ids of the themes a briefing is made of, in display order."""
        return tuple(t.id for t in self.themes if t.brief)

    def label(self, theme_id: str) -> str:
        """The display name of a theme (the id itself for an unknown one)."""
        theme = self.get(theme_id)
        return theme.label if theme else theme_id


def _parse_term(raw: str, where: str) -> Term:
    """'airstrike^2' -> Term('airstrike', 2.0); a term without '^' weighs 1."""
    text, weight = raw, 1.0
    if "^" in raw:
        text, _, w = raw.rpartition("^")
        try:
            weight = float(w)
        except ValueError:
            raise ConfigError(f"{where} {raw!r}: the weight after '^' must be a number") from None
        if not math.isfinite(weight):
            raise ConfigError(f"{where} {raw!r}: the weight after '^' must be a finite number")
    text = text.strip()
    if not phrase_key(text):
        raise ConfigError(f"{where} {raw!r}: a term must contain at least one word")
    return Term(text, weight)


def _string_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return value


def _parse_theme(theme_id: str, table: Any, path: Path) -> dict[str, Any]:
    """Check one [themes.<id>] table; return its fields (only those given) as Python values."""
    where = f"{path}: themes.{theme_id}"
    if not _THEME_ID.match(theme_id):
        raise ConfigError(
            f"{where}: a theme id must be lower-case letters, digits, '_' or '-' "
            "(starting with a letter, at most 40 characters)"
        )
    if theme_id in RESERVED_IDS:
        raise ConfigError(f"{where}: the id {theme_id!r} is reserved (the briefing's own "
                          f"sections: {', '.join(RESERVED_IDS)}); give the theme another id")
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table ([themes.{theme_id}])")
    for key in table:
        if key not in _THEME_KEYS:
            raise ConfigError(f"{where}.{key}: unknown key (allowed: {', '.join(_THEME_KEYS)})")
    out: dict[str, Any] = {}
    for key in ("label", "description"):
        if key in table:
            if not isinstance(table[key], str) or (key == "label" and not table[key].strip()):
                raise ConfigError(f"{where}.{key} must be a non-empty string")
            out[key] = table[key].strip()
    if "terms" in table:
        terms = _string_list(table["terms"], f"{where}.terms")
        out["terms"] = [_parse_term(t, f"{where}.terms") for t in terms]
    if "examples" in table:
        examples = _string_list(table["examples"], f"{where}.examples")
        out["examples"] = [e.strip() for e in examples if e.strip()]
    if "threshold" in table:
        th = table["threshold"]
        if isinstance(th, bool) or not isinstance(th, int | float) or not 0 < th < 1:
            raise ConfigError(f"{where}.threshold must be a number between 0 and 1 (exclusive)")
        out["threshold"] = float(th)
    if "weight" in table:
        w = table["weight"]
        if isinstance(w, bool) or not isinstance(w, int | float) or not 0 < w <= 10:
            raise ConfigError(f"{where}.weight must be a number more than 0 and at most 10")
        out["weight"] = float(w)
    if "kinds" in table:
        kinds = _string_list(table["kinds"], f"{where}.kinds")
        for kind in kinds:
            if kind not in NEWS_KINDS:
                raise ConfigError(f"{where}.kinds: unknown kind of news {kind!r} "
                                  f"(allowed: {', '.join(NEWS_KINDS)})")
        out["kinds"] = list(dict.fromkeys(kinds))
    if "sections" in table:
        sections = _string_list(table["sections"], f"{where}.sections")
        for section in sections:
            if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", section):
                raise ConfigError(f"{where}.sections: {section!r} is not one part of an "
                                  "address's path (lower-case letters, digits, - and _)")
        out["sections"] = list(dict.fromkeys(sections))
    for key in ("brief", "enabled", "replace"):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"{where}.{key} must be true or false")
            out[key] = table[key]
    return out


def parse_file(path: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[str, list[str], str]]]:
    """One themes file: its theme tables (in file order) and its [[learned]] examples."""
    data = read_toml(path)
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError(f"{path}: {key}: unknown key (allowed: {', '.join(_TOP_KEYS)})")
    themes_table = data.get("themes", {})
    if not isinstance(themes_table, dict):
        raise ConfigError(f"{path}: themes must be a table of themes ([themes.<id>])")
    themes = {tid: _parse_theme(tid, table, path) for tid, table in themes_table.items()}
    learned_raw = data.get("learned", [])
    if not isinstance(learned_raw, list):
        raise ConfigError(f"{path}: learned must be an array of tables ([[learned]])")
    learned = []
    for i, row in enumerate(learned_raw, 1):
        where = f"{path}: learned[{i}]"
        if not isinstance(row, dict):
            raise ConfigError(f"{where} must be a table with text and themes")
        for key in row:
            if key not in _LEARNED_KEYS:
                raise ConfigError(f"{where}.{key}: unknown key (allowed: text, themes)")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"{where}.text must be a non-empty string")
        learned.append((text.strip(), _string_list(row.get("themes"), f"{where}.themes"), where))
    return themes, learned


def load_taxonomy(
    user_file: Path | None = None, *, defaults: Path = DEFAULT_THEMES_FILE
) -> Taxonomy:
    """The shipped themes with the user's file layered on top (see the defaults' comments).

    Terms and examples a user gives for an existing theme extend the defaults (a user usually
    wants to teach a theme more, not to rewrite it); ``replace = true`` makes the user's
    definition the whole one. ``enabled = false`` drops a theme.
    """
    merged: dict[str, dict[str, Any]] = {}
    disabled: set[str] = set()
    learned: list[tuple[str, list[str], str]] = []
    files = [Path(defaults)] + ([Path(user_file)] if user_file is not None else [])
    for path in files:
        themes, file_learned = parse_file(path)
        learned.extend(file_learned)
        for tid, fields in themes.items():
            if fields.get("enabled", True) is False:
                disabled.add(tid)
                merged.pop(tid, None)
                continue
            disabled.discard(tid)
            base = merged.get(tid)
            if base is None or fields.get("replace", False):
                if "label" not in fields:
                    # `[themes.helth] brief = true` means the theme of a similar id; told
                    # only that a new theme needs a label, the user set out to write one
                    near = difflib.get_close_matches(tid, [*merged, *disabled], n=1,
                                                     cutoff=0.75)
                    if base is None and near:
                        raise ConfigError(f"{path}: themes.{tid}: no such theme (did you mean "
                                          f"{near[0]}?); a new theme needs a label and "
                                          "terms, examples or kinds")
                    raise ConfigError(f"{path}: themes.{tid}.label is required for a new theme")
                if not any(fields.get(k) for k in ("terms", "examples", "kinds")):
                    raise ConfigError(f"{path}: themes.{tid} needs terms, examples or kinds "
                                      "to learn the theme from")
                merged[tid] = {"terms": [], "examples": [], **fields}
                continue
            for key in ("label", "description", "threshold", "weight", "kinds", "sections",
                        "brief"):
                if key in fields:
                    base[key] = fields[key]
            base["terms"] = base["terms"] + fields.get("terms", [])
            base["examples"] = base["examples"] + fields.get("examples", [])
    if not merged:  # the classifier scores a text against its themes: with none, it fails
        raise ConfigError(f"{files[-1]}: every theme is disabled (enabled = false); at least "
                          "one theme must stay enabled")
    labels: dict[str, str] = {}  # a section's title -> the theme shown under it
    for tid, f in merged.items():
        if (other := labels.setdefault(" ".join(f["label"].casefold().split()), tid)) != tid:
            raise ConfigError(f"{files[-1]}: themes.{tid}.label {f['label']!r} is already the "
                              f"label of themes.{other}: two sections would share one title; "
                              "give one of them another label")
    for text, theme_ids, where in learned:
        for tid in theme_ids:
            if tid in merged:
                if text not in merged[tid]["examples"]:
                    merged[tid]["examples"].append(text)
            elif tid not in disabled:
                known = ", ".join(merged) or "none"
                raise ConfigError(f"{where}.themes: unknown theme {tid!r} (known: {known})")
    themes = tuple(
        Theme(
            id=tid,
            label=f["label"],
            description=f.get("description", ""),
            terms=tuple(f["terms"]),
            examples=tuple(f["examples"]),
            threshold=f.get("threshold"),
            weight=f.get("weight", 1.0),
            kinds=tuple(f.get("kinds", ())),
            brief=f.get("brief", True),
            sections=tuple(f.get("sections", ())),
        )
        for tid, f in merged.items()
    )
    return Taxonomy(themes=themes)

