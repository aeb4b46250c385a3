"""Appending feeds to a user's briefing.toml as [[sources.feed]] tables (`sources
import-opml`): append-only, under the file's lock, and only if the result loads."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.config.loading import config_from_data, load_config
from briefing.config.schema import Config, SourceSpec
from briefing.errors import ConfigError
from briefing.fileio import (
    appended,
    editing,
    parse_toml,
    special_kind,
    toml_string,
    write_atomic,
)


def append_feeds(
    user_file: Path, feeds: list[tuple[str, str]], *, comment: str = ""
) -> tuple[list[SourceSpec], list[str]]:
    """Append (name, url) feeds to `user_file` as `[[sources.feed]]` tables: (added, skipped).

    Append-only: the file's bytes stay as they are (its line endings too: `appended`) and
    the new tables follow them; the whole is written to a temporary file and renamed, so
    the file is old or new, never half, under `editing`'s lock, so two imports at once both
    land. A URL already configured (`sources.urls` or a `[[sources.feed]]`, compared in
    canonical form) or listed twice is skipped. A missing file is created. The result must
    load, every check of `load_config` included, before anything is written (a file that
    sets `feed = [...]` inline cannot take `[[sources.feed]]` tables: ConfigError, nothing
    written).
    """
    if user_file.is_dir():
        raise ConfigError(f"{user_file}: a folder, not a briefing.toml (give --config FILE)")
    if kind := special_kind(user_file):  # never replaced by a file, nor read as one
        raise ConfigError(f"{user_file}: {kind}, not a config file (give --config FILE, a "
                          "briefing.toml saved as a file)")
    with editing(user_file):
        return _append_feeds(user_file, feeds, comment)


def _append_feeds(user_file: Path, feeds: list[tuple[str, str]], comment: str
                  ) -> tuple[list[SourceSpec], list[str]]:
    from briefing.urls import canonical_url

    try:
        old = user_file.read_bytes() if user_file.exists() else b""
    except OSError as e:
        raise ConfigError(f"{user_file}: cannot read ({e.strerror or e})") from None
    current = load_config(user_file) if user_file.exists() else Config()
    have = {canonical_url(u) or u
            for u in [*current.sources.urls, *(s.url for s in current.sources.feed)]}
    added: list[SourceSpec] = []
    skipped: list[str] = []
    for name, url in feeds:
        key = canonical_url(url) or url
        if key in have:
            skipped.append(url)
            continue
        have.add(key)
        added.append(SourceSpec(name=name, kind="feed", url=url))
    if not added:
        return added, skipped
    text = "\n" + "".join(f"# {_comment_text(line)}\n" for line in comment.splitlines()
                          if line.strip())
    text += "\n".join(f'[[sources.feed]]\nname = {toml_string(s.name)}\nkind = "feed"\n'
                      f"url = {toml_string(s.url)}\n" for s in added)
    new = appended(old, text)
    try:
        data = parse_toml(new.decode("utf-8"), user_file)
        config_from_data(data, user_file, user_file.resolve().parent)
    except ConfigError as e:  # the file loads, but not with the tables after it
        why = str(e).removeprefix(f"{user_file}: ")
        raise ConfigError(
            f"{user_file}: cannot append [[sources.feed]] tables ({why}); nothing written"
        ) from None
    write_atomic(user_file, new)
    return added, skipped


def _comment_text(line: str) -> str:
    """A line as a TOML comment may hold it: control characters as "?" (a file name that
    is not UTF-8 comes spelled out by the caller: `sources.files.path_text`)."""
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "?", line)
