"""One typed settings object: shipped defaults, the user's TOML layered on top.

The defaults live in `briefing/defaults/briefing.toml`; the schema (names, types, allowed
values and what each option does) lives here, one dataclass per TOML table. A user's
file only needs the keys it changes. A wrong key or value is refused with one line that
names the file, the key and what is allowed. Secrets never come from here: they are read
from the environment by the code that needs them.
"""

from __future__ import annotations

import tomllib
import types
import typing
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

from briefing.errors import ConfigError

DEFAULTS_FILE = Path(__file__).parent / "defaults" / "briefing.toml"
USER_FILE_NAME = "briefing.toml"


@dataclass(frozen=True)
class BriefingSettings:
    title: str = "Daily briefing"
    """The briefing's title, on its first page and in the email subject."""
    organisation: str = ""
    """Who issues the briefing; shown in the header and as the PDF's author."""
    marking: str = ""
    """A distribution marking shown at the top and bottom of every page, if set."""
    language: str = "en"
    """The document language (BCP 47), for the HTML and the tagged PDF."""
    timezone: str = "UTC"
    """IANA timezone in which a briefing's date starts and ends."""


@dataclass(frozen=True)
class SourcesSettings:
    paths: list[str] = field(default_factory=lambda: ["seeds"])
    """Folders or files read on every build (relative to the config file's folder)."""
    urls: list[str] = field(default_factory=list)
    """Feed or page URLs read on every build."""
    window: Literal["since-previous", "day", "all"] = "since-previous"
    """Which stored articles a dated briefing covers: those published (or first seen, when
    undated) since the previous briefing up to the end of its date; only on its date; or
    all of them up to its date."""
    lookback_days: int = 0
    """With "since-previous" and no previous briefing: how many days back to go (0: no limit)."""


@dataclass(frozen=True)
class SummarySettings:
    algorithm: str = "briefing"
    """The summarizer: "briefing" (ours), or one of sumy's: lexrank, textrank, lsa, luhn,
    sumbasic, kl, reduction; or "lead"."""
    points: int = 0
    """Key points per article; 0 adapts the number to the article's length."""


@dataclass(frozen=True)
class ThemesSettings:
    file: str = ""
    """A user's taxonomy TOML, layered on the shipped themes (add, rename or drop themes)."""
    min_score: float = 0.0
    """Extra threshold on a theme's score; 0 keeps the classifier's own thresholds."""
    show_evidence: bool = False
    """Show why each point got its themes in the HTML and PDF."""


@dataclass(frozen=True)
class ComposeSettings:
    points_per_section: int = 12
    """At most this many key points in a theme's section; the rest go to the appendix."""
    top_lines: int = 5
    """How many points the "Top lines" block holds."""


@dataclass(frozen=True)
class OutputSettings:
    dir: str = "out"
    """Where briefings are written, as <dir>/<YYYY-MM-DD>/briefing.<format>."""
    formats: list[Literal["md", "html", "pdf", "json"]] = field(
        default_factory=lambda: ["md", "html", "pdf", "json"]
    )
    """Which files a build writes."""
    templates: str = ""
    """A folder whose templates override the built-in ones, file by file."""


@dataclass(frozen=True)
class StoreSettings:
    path: str = ""
    """The SQLite file for articles seen and briefings built; empty: <output dir>/briefing.db."""


@dataclass(frozen=True)
class Config:
    briefing: BriefingSettings = field(default_factory=BriefingSettings)
    sources: SourcesSettings = field(default_factory=SourcesSettings)
    summary: SummarySettings = field(default_factory=SummarySettings)
    themes: ThemesSettings = field(default_factory=ThemesSettings)
    compose: ComposeSettings = field(default_factory=ComposeSettings)
    output: OutputSettings = field(default_factory=OutputSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    base_dir: Path = field(default=Path("."), compare=False)
    """The folder relative paths are resolved against: the user file's, or the current one."""

    def resolve(self, path: str) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    @property
    def out_dir(self) -> Path:
        return self.resolve(self.output.dir)

    @property
    def store_path(self) -> Path:
        return self.resolve(self.store.path) if self.store.path else self.out_dir / "briefing.db"

    @property
    def templates_dir(self) -> Path | None:
        return self.resolve(self.output.templates) if self.output.templates else None


# --- loading ----------------------------------------------------------------------------


def load_config(user_file: Path | None = None, *, cwd: Path | None = None) -> Config:
    """Defaults, then `user_file` (or ./briefing.toml if present) on top."""
    cwd = cwd or Path.cwd()
    config = _apply(Config(base_dir=cwd), _read_toml(DEFAULTS_FILE), DEFAULTS_FILE)
    if user_file is None and (cwd / USER_FILE_NAME).is_file():
        user_file = cwd / USER_FILE_NAME
    if user_file is not None:
        if not user_file.is_file():
            raise ConfigError(f"{user_file}: config file not found")
        config = _apply(config, _read_toml(user_file), user_file)
        config = replace(config, base_dir=user_file.resolve().parent)
    _check_values(config, user_file or DEFAULTS_FILE)
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None


def _apply(config: Config, data: dict[str, Any], path: Path) -> Config:
    tables = {f.name: f for f in fields(Config) if f.name != "base_dir"}
    changes = {}
    for table, values in data.items():
        if table not in tables:
            raise ConfigError(f"{path}: unknown table [{table}] (allowed: {', '.join(tables)})")
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: {table} must be a table, like [{table}]")
        changes[table] = _apply_table(getattr(config, table), values, path, table)
    return replace(config, **changes)


def _apply_table(section: Any, values: dict[str, Any], path: Path, table: str) -> Any:
    hints = get_type_hints(type(section))
    allowed = [f.name for f in fields(section)]
    changes = {}
    for key, value in values.items():
        if key not in allowed:
            raise ConfigError(
                f"{path}: unknown key {table}.{key} (allowed in [{table}]: {', '.join(allowed)})"
            )
        changes[key] = _check_type(value, hints[key], path, f"{table}.{key}")
    return replace(section, **changes)


def _check_type(value: Any, hint: Any, path: Path, key: str) -> Any:
    origin = get_origin(hint)
    if origin is Literal:
        choices = get_args(hint)
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise ConfigError(f"{path}: {key} = {value!r} is not allowed (one of: {allowed})")
        return value
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{path}: {key} must be a list, like {key.split('.')[-1]} = [...]")
        (item,) = get_args(hint)
        return [_check_type(v, item, path, key) for v in value]
    if origin in (typing.Union, types.UnionType):
        raise TypeError(f"unsupported config type {hint}")  # keep the schema simple
    expected = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok:
        raise ConfigError(f"{path}: {key} must be {expected.get(hint, hint)}, not {value!r}")
    return value


def _check_values(config: Config, path: Path) -> None:
    """Rules a type cannot say: ranges and names."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(config.briefing.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{path}: briefing.timezone = {config.briefing.timezone!r} is not an IANA timezone "
            "(for example 'Europe/Berlin' or 'UTC')"
        ) from None
    for key, value in (
        ("summary.points", config.summary.points),
        ("sources.lookback_days", config.sources.lookback_days),
        ("compose.top_lines", config.compose.top_lines),
    ):
        if value < 0:
            raise ConfigError(f"{path}: {key} must be 0 or more, not {value}")
    if config.compose.points_per_section < 1:
        raise ConfigError(f"{path}: compose.points_per_section must be 1 or more")
