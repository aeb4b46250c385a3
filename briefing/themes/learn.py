"""`themes learn`: labelled examples added to a user's themes file, kept as they were written.

A taught example teaches twice: the start-up model (`taught.py`) learns from it, and a text
very like it is decided the way it was taught (the nearest-example evidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from briefing.errors import ConfigError, InputError
from briefing.fileio import appended, editing, parse_toml, toml_string, write_atomic
from briefing.themes.taxonomy import DEFAULT_THEMES_FILE, load_taxonomy, parse_file


def learn(
    taxonomy_file: Path,
    rows: Iterable[tuple[int, Any]],
    *,
    source: str = "learn input",
    defaults: Path = DEFAULT_THEMES_FILE,
) -> int:
    """Add labelled examples to a user's themes file.

    `rows` are (line number, row) of the input named `source`, each row ``{"text",
    "themes"}``: a bad row is an InputError naming that file and line (the input is wrong,
    not the themes file).

    Examples are appended as ``[[learned]]`` tables, so everything already in the file — its
    comments and layout included — is kept byte for byte. The file is written atomically
    (temporary file, then rename) and only when every row is valid. Rows already present and
    rows with no themes are skipped. Returns how many examples were added.
    """
    taxonomy_file = Path(taxonomy_file)
    exists = taxonomy_file.exists()
    taxonomy = load_taxonomy(taxonomy_file if exists else None, defaults=defaults)
    known = set(taxonomy.ids)
    seen = {(ex, t.id) for t in taxonomy.themes for ex in t.examples}
    blocks: list[str] = []
    for line, row in rows:
        where = f"{source}: line {line}"
        if not isinstance(row, Mapping):
            raise InputError(f"{where}: must be an object with text and themes")
        text, themes = row.get("text"), row.get("themes")
        if isinstance(themes, str):
            themes = [themes]
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}: text must be a non-empty string")
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise InputError(f"{where}: themes must be a list of theme ids")
        for tid in themes:
            if tid not in known and tid in _disabled(taxonomy_file if exists else None):
                raise InputError(f"{where}: theme {tid!r} is disabled by {taxonomy_file} "
                                 "(enabled = false): enable it to teach it")
            if tid not in known:
                allowed = ", ".join(taxonomy.ids)
                raise InputError(f"{where}: unknown theme {tid!r} (allowed: {allowed})")
        text = " ".join(text.split())
        themes = list(dict.fromkeys(t for t in themes if (text, t) not in seen))
        if not themes:
            continue
        seen.update((text, t) for t in themes)
        ids = ", ".join(toml_string(t) for t in themes)
        blocks.append(f"\n[[learned]]\ntext = {toml_string(text)}\nthemes = [{ids}]\n")
    if not blocks:
        return 0
    with editing(taxonomy_file):  # two at once: both land (see `editing`)
        old = taxonomy_file.read_bytes() if taxonomy_file.exists() else (
            b"# Themes added to or changed from briefing's defaults\n"
            b"# (see briefing/defaults/themes.toml for the shape).\n")
        new = appended(old, "".join(blocks))  # its bytes kept, CRLF endings too
        try:  # never write a file the loader would refuse
            parse_toml(new.decode("utf-8"), taxonomy_file)
        except ConfigError as e:  # the file loads, but not with the tables after it
            why = str(e).removeprefix(f"{taxonomy_file}: ")
            raise ConfigError(f"{taxonomy_file}: cannot append [[learned]] tables ({why}); "
                              "nothing written") from None
        write_atomic(taxonomy_file, new)
    return len(blocks)


def _disabled(taxonomy_file: Path | None) -> set[str]:
    """The ids the user's file turns off (``enabled = false``)."""
    if taxonomy_file is None:
        return set()
    themes, _ = parse_file(taxonomy_file)
    return {tid for tid, fields in themes.items() if fields.get("enabled") is False}
