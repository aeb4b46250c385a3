"""Loading: the shipped defaults, the user's TOML layered on top, every table and key
checked against the schema by name and by type (a number by its `Range`), then the value
checks of checks.py."""

from __future__ import annotations

import os
import re
import types
import typing
from dataclasses import MISSING, fields, is_dataclass, replace
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin, get_type_hints

from briefing.config.checks import check_values
from briefing.config.schema import Config, EmailSettings, FilePath, Range, number_text
from briefing.config.spelling import closest_keys
from briefing.errors import ConfigError
from briefing.fileio import read_toml, special_kind

DEFAULTS_FILE = Path(__file__).parent.parent / "defaults" / "briefing.toml"
USER_FILE_NAME = "briefing.toml"


def load_config(user_file: Path | None = None, *, cwd: Path | None = None) -> Config:
    """Defaults, then `user_file` (or ./briefing.toml if present) on top."""
    cwd = cwd or Path.cwd()
    # there in any form: a link to a file that has gone, or a folder, is said, not passed
    # over for the defaults (a build would brief the sample articles)
    if user_file is None and os.path.lexists(cwd / USER_FILE_NAME):
        user_file = cwd / USER_FILE_NAME
    if user_file is None:
        return config_from_data({}, None, cwd)
    if user_file.is_dir():
        raise ConfigError(f"{user_file}: a folder, not a config file (give --config FILE)")
    if kind := special_kind(user_file):  # it exists: "not found" would be untrue
        raise ConfigError(f"{user_file}: {kind}, not a config file (give --config FILE, a "
                          "briefing.toml saved as a file)")
    if not user_file.is_file():
        link = (f" (a link to {os.readlink(user_file)}, which is not there)"
                if user_file.is_symlink() else "")
        raise ConfigError(f"{user_file}: config file not found{link}")
    return config_from_data(read_toml(user_file), user_file, cwd)


def config_from_data(data: dict[str, Any], user_file: Path | None, cwd: Path) -> Config:
    """The defaults, `data` (the TOML of `user_file`) on top, and every check."""
    config = _apply(Config(base_dir=cwd), read_toml(DEFAULTS_FILE), DEFAULTS_FILE)
    if user_file is not None:
        config = _apply(config, data, user_file)
        config = replace(config, base_dir=user_file.resolve().parent)
    check_values(config, user_file or DEFAULTS_FILE)
    return config


def _tables() -> list[str]:
    return [f.name for f in fields(Config) if f.name != "base_dir"]


def known_keys() -> list[str]:
    """Every option as "table.key" ("briefing.timezone"), in schema order."""
    config = Config()
    return [f"{table}.{f.name}" for table in _tables() if is_dataclass(getattr(config, table))
            for f in fields(getattr(config, table))]


# a key that holds a secret: the SMTP password by whatever name a user gives it
# (a word of the key's name: "smtp_password", "secret"; not "bypass_cache")
_SECRET_KEY = re.compile(r"(?:^|[_-])(?:pass(?:word|wd)?|secret)s?(?:$|[_-])", re.IGNORECASE)


def _refuse_secret(path: Path, key: str, email: Any) -> None:
    """A password written in the file (`[email] password = ...`) is refused by saying where
    it goes, never with its value, and never with "did you mean password_env?": that key
    takes the name of a variable, and a password written there would be printed as one."""
    name = key.rsplit(".", 1)[-1]
    if not _SECRET_KEY.search(name):
        return
    variable = email.get("password_env") if isinstance(email, dict) else None
    if not isinstance(variable, str) or not variable:
        variable = EmailSettings.password_env
    raise ConfigError(
        f"{path}: {key}: the SMTP password is never read from briefing.toml; delete this "
        f"line and set the environment variable {variable} (email.password_env) where "
        "briefing runs (for systemd, in a root-only EnvironmentFile: see the README's "
        "Schedule)"
    )


def _did_you_mean(name: str, candidates: list[str]) -> str:
    close = closest_keys(name, candidates)
    return f"did you mean {' or '.join(close)}? " if close else ""


def _apply(config: Config, data: dict[str, Any], path: Path) -> Config:
    tables = _tables()
    hints = get_type_hints(Config)
    changes = {}
    for table, values in data.items():
        # `[[desk]]` for `[[desks]]` is an array of tables: a table the user wrote, not a
        # key above every table
        array = isinstance(values, list) and bool(values) and all(
            isinstance(v, dict) for v in values)
        if table not in tables and not isinstance(values, dict) and not array:
            _refuse_secret(path, table, data.get("email"))
            # a key above every table: `timezon = "UTC"` at the top of the file
            raise ConfigError(
                f"{path}: unknown key {table} at the top of the file "
                f"({_did_you_mean(table, known_keys())}every option belongs to a table, "
                f"like timezone under [briefing]; tables: {', '.join(tables)})"
            )
        if table not in tables:
            written = f"[[{table}]]" if array else f"[{table}]"
            raise ConfigError(f"{path}: unknown table {written} "
                              f"({_did_you_mean(table, tables)}allowed: {', '.join(tables)})")
        if get_origin(hints[table]) in (list, dict):  # [[desks]], [places]
            changes[table] = _check_type(values, hints[table], path, table)
            continue
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: {table} must be a table, like [{table}]")
        changes[table] = _apply_table(getattr(config, table), values, path, table)
    return replace(config, **changes)


def _apply_table(section: Any, values: dict[str, Any], path: Path, table: str) -> Any:
    hints = get_type_hints(type(section), include_extras=True)
    allowed = [f.name for f in fields(section)]
    changes = {}
    for key, value in values.items():
        if key not in allowed:
            _refuse_secret(path, f"{table}.{key}", values if table == "email" else None)
            # a key of another table written under this one (`also_in_the_news = true`
            # added after [email]) is named with its own table
            hint = _did_you_mean(key, allowed) or _did_you_mean(
                key, [k for k in known_keys() if not k.startswith(f"{table}.")])
            raise ConfigError(
                f"{path}: unknown key {table}.{key} ({hint}"
                f"allowed in [{table}]: {', '.join(allowed)})"
            )
        changes[key] = _check_type(value, hints[key], path, f"{table}.{key}")
    return replace(section, **changes)


def _made_as_written(path: Path, value: str) -> str:
    """For a path with "$VAR" refused: where earlier versions, which took it as written
    (relative to the config file's folder), wrote their store and archive, if that is there,
    so an upgrader moves it rather than start a new store without knowing it."""
    if "$" not in value:
        return ""
    try:
        made = path.parent / Path(value).expanduser()
        there = made.exists()
    except (OSError, RuntimeError, ValueError):  # ~nosuchuser, a NUL: nothing was made
        return ""
    return (f"; earlier versions wrote to {made}, the path as written: move it to the path "
            "you write, so the store and the archive go on") if there else ""


def _check_type(value: Any, hint: Any, path: Path, key: str, in_list: bool = False) -> Any:
    """`value` as `hint` has it, or ConfigError naming `key`; `in_list`: the value is one
    of the list `key` names."""
    origin = get_origin(hint)
    if origin is Annotated:  # a number and its Range, a path
        base, *marks = get_args(hint)
        value = _check_scalar(value, base, path, key, in_list)
        for mark in marks:
            if isinstance(mark, Range) and not mark.allows(value):
                raise ConfigError(f"{path}: {key} must be {mark}, not {number_text(value)}")
            if isinstance(mark, FilePath) and (why := mark.problem(value)):
                raise ConfigError(
                    f"{path}: {key} = {value!r}: {why}{_made_as_written(path, value)}")
        return value
    if origin is Literal:
        choices = get_args(hint)
        if value not in choices:
            allowed = ", ".join(repr(c) for c in choices)
            raise ConfigError(f"{path}: {key} = {_as_written(value)} is not allowed "
                              f"(one of: {allowed})")
        return value
    if origin is dict:
        _, item = get_args(hint)
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {key} must be a table, like [{key}]")
        return {str(k): _check_type(v, item, path, f"{key}.{k}") for k, v in value.items()}
    if origin is list:
        (item,) = get_args(hint)
        if not isinstance(value, list):
            like = f"[[{key}]] tables" if is_dataclass(item) else f"{key.split('.')[-1]} = [...]"
            raise ConfigError(f"{path}: {key} must be a list, like {like}")
        if is_dataclass(item):
            return [_check_item(v, item, path, f"{key}[{i}]") for i, v in enumerate(value, 1)]
        return [_check_type(v, item, path, key, in_list=True) for v in value]
    if origin in (typing.Union, types.UnionType):
        raise TypeError(f"unsupported config type {hint}")  # keep the schema simple
    if hint in (int, float):
        raise TypeError(f"config number {key} has no Range")  # keep every number bounded
    return _check_scalar(value, hint, path, key, in_list)


def _check_scalar(value: Any, hint: Any, path: Path, key: str, in_list: bool = False) -> Any:
    expected = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
    ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok and in_list:  # "email.to must be a string, not 3" when email.to is a list
        raise ConfigError(f"{path}: {key} has {_as_written(value)}, "
                          f"not {expected.get(hint, hint)}")
    if not ok:
        raise ConfigError(f"{path}: {key} must be {expected.get(hint, hint)}, "
                          f"not {_as_written(value)}")
    return value


def _as_written(value: Any) -> str:
    """A TOML value as the file spells it (true, 2024-12-08), not as Python prints it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (date, time)):  # a datetime is a date
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):  # 5.0, not 5: a whole number is what it must be
        return repr(value)
    if isinstance(value, int):
        return number_text(value)
    return repr(value)


def _check_item(value: Any, cls: type, path: Path, key: str) -> Any:
    """One table of an array of tables (`[[sources.feed]]`) as its dataclass."""
    table = key.rsplit("[", 1)[0]
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {key} must be a table, like [[{table}]]")
    if isinstance(name := value.get("id"), str) and name.strip():
        key = f"{key} ({name})"  # "desks[2] (political)": the admin knows desks by their ids
    hints = get_type_hints(cls, include_extras=True)
    allowed = [f.name for f in fields(cls)]
    for name in value:
        if name not in allowed:
            raise ConfigError(f"{path}: unknown key {key}.{name} ({_did_you_mean(name, allowed)}"
                              f"allowed in [[{table}]]: {', '.join(allowed)})")
    for f in fields(cls):
        if f.default is MISSING and f.default_factory is MISSING and f.name not in value:
            raise ConfigError(f"{path}: {key} needs {f.name} (keys: {', '.join(allowed)})")
    return cls(**{k: _check_type(v, hints[k], path, f"{key}.{k}") for k, v in value.items()})
