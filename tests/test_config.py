"""The layered config: shipped defaults, a user's file on top, one clear line when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.errors import ConfigError


def test_defaults_load_and_user_file_layers_on_top(tmp_path):
    assert load_config(cwd=tmp_path).summary.algorithm == "briefing"
    user = tmp_path / "briefing.toml"
    user.write_text('[briefing]\norganisation = "Ops Centre"\n[summary]\npoints = 3\n')
    config = load_config(cwd=tmp_path)  # ./briefing.toml is picked up
    assert config.briefing.organisation == "Ops Centre"
    assert config.summary.points == 3
    assert config.briefing.title == "Daily briefing"  # untouched keys keep their defaults
    assert config.out_dir == tmp_path / "out"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[summary]\npointz = 3\n",
         "unknown key summary.pointz (allowed in [summary]: algorithm, points, jobs, "
         "max_point_chars)"),
        ("[nonsense]\na = 1\n", "unknown table [nonsense]"),
        ("[summary]\npoints = 'three'\n", "summary.points must be a whole number, not 'three'"),
        ("[sources]\nwindow = 'weekly'\n", "sources.window = 'weekly' is not allowed"),
        ("[briefing]\ntimezone = 'Mars/Olympus'\n", "is not an IANA timezone"),
        ("[output]\nformats = ['md', 'docx']\n", "output.formats = 'docx' is not allowed"),
        ("[compose]\nrecency_half_life_hours = -1\n",
         "compose.recency_half_life_hours must be from 0 (no decay) to 8760"),
        ("[summary\n", "invalid TOML"),
    ],
)
def test_a_wrong_key_or_value_is_one_line_naming_file_and_key(tmp_path, toml, message):
    user = tmp_path / "mine.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_config(user, cwd=tmp_path)
    assert str(e.value).startswith(str(user))
    assert message in str(e.value)
    assert "\n" not in str(e.value)


def test_missing_config_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="nope.toml: config file not found"):
        load_config(tmp_path / "nope.toml", cwd=tmp_path)


def test_the_shipped_defaults_file_names_every_option_with_the_schema_default():
    """briefing/defaults/briefing.toml is where a user reads the defaults: it must not miss
    an option, nor say another value than the schema's."""
    import dataclasses
    import tomllib

    from briefing.config import Config

    shipped = tomllib.loads(
        (Path(__file__).parent.parent / "briefing" / "defaults" / "briefing.toml").read_text())
    defaults = Config()
    sections = [f for f in dataclasses.fields(Config)
                if dataclasses.is_dataclass(getattr(defaults, f.name))]
    assert len(sections) == len(shipped)
    for section in sections:
        schema = getattr(defaults, section.name)
        for option in dataclasses.fields(schema):
            assert option.name in shipped[section.name], f"{section.name}.{option.name}"
            assert shipped[section.name][option.name] == getattr(schema, option.name), \
                f"{section.name}.{option.name}"
