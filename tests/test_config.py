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
        ("[summary]\npointz = 3\n", "unknown key summary.pointz (did you mean points? "
                                  "allowed in [summary]: algorithm, points, jobs, "
                                  "max_point_chars)"),
        ("[nonsense]\na = 1\n", "unknown table [nonsense] (allowed: briefing, sources, "),
        ("[briefng]\ntitle = 'Desk'\n", "unknown table [briefng] (did you mean briefing? "),
        # a key above every table is a key, not a table: the closest options are suggested
        ("timezon = 'UTC'\n", "unknown key timezon at the top of the file (did you mean "
                              "briefing.timezone or schedule.timezone? "),
        ("to = ['a@example.org']\n[email]\n", "unknown key to at the top of the file "
                                               "(did you mean email.to? "),
        # a table's name given a value: the address meant for email.to
        ("email = 'desk@example.org'\n", "email must be a table, like [email]"),
        ("[[sources.feed]]\nname = 'x'\nkind = 'feed'\nurl = 'https://e.org'\nwieght = 2\n",
         "unknown key sources.feed[1].wieght (did you mean weight? "),
        ("[output]\ntemplates = 'nope'\n", "output.templates = 'nope': no such folder ("),
        ("[summary]\npoints = 'three'\n", "summary.points must be a whole number, not 'three'"),
        # a value is shown as TOML writes it, not as Python prints it ("True",
        # "datetime.date(2024, 12, 8)")
        ("[summary]\npoints = true\n", "summary.points must be a whole number, not true"),
        # "must be a whole number, not 5" puzzled: the value as written is 5.0
        ("[compose]\ntop_lines = 5.0\n", "compose.top_lines must be a whole number, not 5.0"),
        ("[briefing]\ntitle = 2024-12-08\n", "briefing.title must be a string, not 2024-12-08"),
        ("[briefing]\ntitle = {text = 'Desk'}\n", "briefing.title must be a string, not a table"),
        # a list's item: the key is the list's ("email.to must be a string" when it is a list)
        ("[email]\nto = ['desk@example.org', 3]\n", "email.to has 3, not a string"),
        ("[sources]\npaths = ['seeds', true]\n", "sources.paths has true, not a string"),
        ("[places]\nLevant = ['Syria', ['Lebanon']]\n", "places.Levant has a list, not a string"),
        ("[sources]\nallow_private_links = 'yes'\n",
         "sources.allow_private_links must be true or false, not 'yes'"),
        ("[sources]\nwindow = 'weekly'\n", "sources.window = 'weekly' is not allowed"),
        ("[briefing]\ntimezone = 'Mars/Olympus'\n", "is not an IANA timezone"),
        # a locale's spelling is not a language tag: <html lang="en_GB"> names no language
        ("[briefing]\nlanguage = 'en_GB'\n", "briefing.language = 'en_GB' is not a language "
         "tag (BCP 47, like 'en' or 'en-GB')"),
        ("[briefing]\nlanguage = ''\n", "briefing.language = '' is not a language tag"),
        ("[output]\nformats = ['md', 'docx']\n", "output.formats = 'docx' is not allowed"),
        # a build of no format wrote nothing, said nothing and recorded the date as briefed
        ("[output]\nformats = []\n", "output.formats is empty: list at least one of "
         "'md', 'html', 'pdf', 'json'"),
        ("[compose]\nrecency_half_life_hours = -1\n",
         "compose.recency_half_life_hours must be from 0 to 8760, not -1"),
        ("[summary\n", "invalid TOML"),
        ("[summary]\nalgorithm = 'bogus'\n", "summary.algorithm = 'bogus' is not allowed "
         "(one of: 'briefing', 'lexrank', 'textrank', 'lsa', 'luhn', 'sumbasic', 'kl', "
         "'reduction', 'lead')"),
        ('[sources]\npaths = ["seeds", ""]\n', "sources.paths has '': an empty path (give a "),
        # the config's own folder: briefings, the store and index.html among its files
        ('[output]\ndir = ""\n', "output.dir = '': an empty path (give a folder; "),
        # urllib cannot take these apart: refused at load, not a crash at build
        ('[sources]\nurls = ["http://[::1"]\n',
         "sources.urls has 'http://[::1': not a valid URL (Invalid IPv6 URL)"),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://e.org:99999/"\n',
         "sources.feed[1].url = 'https://e.org:99999/': not a valid URL (Port out of range"),
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


@pytest.mark.parametrize(
    "toml",
    ["[briefing]\ntimezone = 'localtime'\n", "[schedule]\ntimezone = 'localtime'\n",
     "[[desks]]\nid = 'a'\ntitle = 'A'\ntimezone = 'localtime'\n"],
)
def test_localtime_is_no_timezone_a_briefing_takes(tmp_path, toml):
    """Debian's zone folder holds "localtime", a link to the machine's own zone: taken,
    a briefing's dates followed whatever machine it ran on, which the README says they
    never do."""
    user = tmp_path / "mine.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_config(user, cwd=tmp_path)
    assert "timezone = 'localtime' is not an IANA timezone" in str(e.value)
    assert "\n" not in str(e.value)


@pytest.mark.parametrize(
    ("toml", "message"),
    [("[briefing]\ntimezone = 'Europe/Berln'\n",
      "briefing.timezone = 'Europe/Berln' is not an IANA timezone (did you mean: Europe/Berlin"),
     ("[schedule]\ntimezone = 'utc'\n",
      "schedule.timezone = 'utc' is not an IANA timezone (did you mean: UTC?)"),
     ("[[desks]]\nid = 'a'\ntitle = 'A'\ntimezone = 'Asia/Tokio'\n",
      "desks[1] (a).timezone = 'Asia/Tokio' is not an IANA timezone (did you mean: Asia/Tokyo"),
     # nothing near: an example, not the first dozen of some 600 zones
     ("[briefing]\ntimezone = 'Mars/Olympus'\n",
      "briefing.timezone = 'Mars/Olympus' is not an IANA timezone (for example "
      "'Europe/Berlin' or 'UTC')")],
)
def test_a_misspelt_timezone_is_told_the_zone_it_was_likely_meant_to_be(tmp_path, toml, message):
    user = tmp_path / "mine.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_config(user, cwd=tmp_path)
    assert message in str(e.value)


@pytest.mark.parametrize("tag", ["en", "en-GB", "fr", "zh-Hant-TW", "es-419", "ar"])
def test_a_language_tag_is_taken(tmp_path, tag):
    user = tmp_path / "mine.toml"
    user.write_text(f"[briefing]\nlanguage = '{tag}'\n")
    assert load_config(user, cwd=tmp_path).briefing.language == tag


def test_the_algorithms_config_allows_are_those_summarize_has():
    """summary.algorithm spells out summarize.ALGORITHMS (config does not import the
    summarizer): the two lists must not drift apart."""
    from typing import get_args, get_type_hints

    from briefing.config import SummarySettings
    from briefing.summarize import ALGORITHMS

    assert get_args(get_type_hints(SummarySettings)["algorithm"]) == tuple(ALGORITHMS)


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


# --- numbers: every one has a range, checked at load (issue 19, item 8) ------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[email]\ntimeout = 1e308\n", "email.timeout must be more than 0 and at most 600, "
         "not 1e+308"),
        ("[email]\nretry_delay = 1e308\n", "email.retry_delay must be from 0 to 3600, not 1e+308"),
        ("[email]\nretries = 100000000\nretry_delay = 0\n",
         "email.retries must be from 0 to 10, not 100000000"),
        ("[schedule]\npoll_seconds = 99999999999999\n",
         "schedule.poll_seconds must be from 1 to 3600, not 99999999999999"),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://a.org"\nweight = nan\n',
         "sources.feed[1].weight must be more than 0 and at most 100, not nan"),
        ("[compose]\ntop_lines_min_share = inf\n",
         "compose.top_lines_min_share must be from 0 to 1, not inf"),
        ("[email]\ntimeout = -inf\n",
         "email.timeout must be more than 0 and at most 600, not -inf"),
        ("[email]\ntimeout = 0\n", "email.timeout must be more than 0 and at most 600, not 0"),
        ("[summary]\njobs = -1\n", "summary.jobs must be from 0 to 256, not -1"),
        ("[email]\nsmtp_port = 70000\n", "email.smtp_port must be from 0 to 65535, not 70000"),
    ],
)
def test_a_number_out_of_its_range_is_refused_at_load(tmp_path, toml, message):
    user = tmp_path / "mine.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_config(user, cwd=tmp_path)
    assert str(e.value) == f"{user}: {message}"


def test_every_number_in_the_schema_has_a_range_stated_in_its_docstring():
    """The schema mechanism checks ranges (config.Range); a number without one is refused
    by the loader itself, and each option's docstring tells the user its bounds."""
    import ast
    import dataclasses
    import inspect
    from typing import Annotated, get_args, get_origin, get_type_hints

    from briefing.config import number_text, schema

    numbers = 0
    tree = ast.parse(inspect.getsource(schema))
    docs = {}
    for cls in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        body = cls.body
        for node, after in zip(body, body[1:], strict=False):
            if isinstance(node, ast.AnnAssign) and isinstance(after, ast.Expr):
                docs[(cls.name, node.target.id)] = after.value.value
    for cls in [schema.SourceSpec, schema.DeskSettings,
                *(type(getattr(schema.Config(), f.name)) for f in dataclasses.fields(schema.Config)
                  if f.name != "base_dir"
                  and dataclasses.is_dataclass(getattr(schema.Config(), f.name)))]:
        hints = get_type_hints(cls, include_extras=True)
        for f in dataclasses.fields(cls):
            hint = hints[f.name]
            base = get_args(hint)[0] if get_origin(hint) is Annotated else hint
            if base not in (int, float):
                continue
            numbers += 1
            (mark,) = [m for m in get_args(hint)[1:] if isinstance(m, schema.Range)]
            assert mark.allows(f.default), f"{cls.__name__}.{f.name}: default out of range"
            doc = docs[(cls.__name__, f.name)]
            assert number_text(mark.high) in doc, \
                f"{cls.__name__}.{f.name}: docstring does not state its upper bound"
    assert numbers >= 14


def test_the_largest_allowed_values_do_not_overflow_timers(tmp_path):
    """What the ranges allow, the code downstream can take: a socket timeout, the longest
    retry wait, the scheduler's poll and its grace period."""
    import socket
    from datetime import timedelta

    from briefing.config import Range
    from briefing.deliver.send import _delay

    user = tmp_path / "mine.toml"
    user.write_text("[email]\ntimeout = 600\nretries = 10\nretry_delay = 3600\n"
                    "[schedule]\npoll_seconds = 3600\n")
    config = load_config(user, cwd=tmp_path)
    with socket.socket() as s:
        s.settimeout(config.email.timeout)
    longest = max(_delay(config.email, attempt) for attempt in range(config.email.retries + 1))
    assert longest == 3600  # each wait doubles, but never past an hour
    assert timedelta(seconds=2 * config.schedule.poll_seconds) < timedelta(days=1)
    assert not Range(0, 1).allows(float("nan"))


# --- what a fuzzer found in the files themselves ------------------------------------------


def test_toml_nested_too_deeply_for_tomllib_is_invalid_toml_naming_the_file(
        tmp_path, run_cli, monkeypatch):
    """tomllib recurses once per level: `[[[[...]]]]` 100,000 deep would escape as a
    RecursionError from every command. A briefing.toml and a themes file alike are refused
    in one line, as any other TOML tomllib cannot read."""
    monkeypatch.chdir(tmp_path)
    deep = "[" * 100_000 + "]" * 100_000
    config = tmp_path / "briefing.toml"
    config.write_text(f"[sources]\npaths = {deep}\n")
    r = run_cli("desks", "list", "--config", config)
    assert r.code == 2, r.err
    assert r.err == f"error: {config}: invalid TOML: arrays or inline tables nested too " \
                    "deeply to read\n"

    themes = tmp_path / "deepthemes.toml"
    themes.write_text(f"[themes.military]\nterms = {deep}\n")
    config.write_text('[themes]\nfile = "deepthemes.toml"\n')
    r = run_cli("themes", "explain", "--config", config, "Troops attacked")
    assert r.code == 2 and r.err.startswith(f"error: {themes}: invalid TOML: "), r.err
    assert len(r.err.splitlines()) == 1


def test_a_byte_order_mark_at_the_start_of_a_toml_file_is_skipped(tmp_path, run_cli):
    """Editors on Windows start a UTF-8 file with a BOM, which tomllib refuses ("Invalid
    statement (at line 1, column 1)"). briefing.toml and a themes file load as written, and
    OPML import appends to such a file, leaving its BOM in place."""
    from briefing.themes import load_taxonomy

    bom = "\ufeff"
    (tmp_path / "themes.toml").write_text(f"{bom}[themes.military]\nweight = 1.5\n",
                                          encoding="utf-8")
    config = tmp_path / "briefing.toml"
    config.write_text(f'{bom}[briefing]\ntitle = "Ops"\n', encoding="utf-8")
    assert load_config(config).briefing.title == "Ops"
    assert {t.id: t.weight for t in load_taxonomy(tmp_path / "themes.toml").themes}[
        "military"] == 1.5

    (tmp_path / "feeds.opml").write_text(
        '<opml version="2.0"><body><outline type="rss" text="State" '
        'xmlUrl="https://www.state.gov/feed/"/></body></opml>')
    r = run_cli("sources", "import-opml", tmp_path / "feeds.opml", "--config", config)
    assert r.code == 0, r.err
    assert config.read_text(encoding="utf-8").startswith(f'{bom}[briefing]\ntitle = "Ops"\n')
    assert [f.url for f in load_config(config).sources.feed] == ["https://www.state.gov/feed/"]


# --- a user's file as written: misspelt tables, secrets, paths ----------------------------


def test_a_misspelt_array_of_tables_is_named_as_a_table(tmp_path, run_cli):
    """`[[desk]]` for `[[desks]]` is a table the user wrote, not a key above every table:
    it was refused as "unknown key desk at the top of the file (every option belongs to a
    table...)", which sent the user looking for a stray key."""
    config = tmp_path / "briefing.toml"
    config.write_text('[[desk]]\nid = "defence"\ntitle = "Defence"\n')
    r = run_cli("desks", "list", "--config", config)
    assert r.code == 2
    assert r.err.startswith(f"error: {config}: unknown table [[desk]] (did you mean desks? "
                            "allowed: briefing, sources, "), r.err
    assert len(r.err.splitlines()) == 1


@pytest.mark.parametrize(
    ("toml", "key", "variable"),
    [
        ('[email]\nusername = "ops"\npassword = "Tr0ub4dor&3"\n', "email.password",
         "BRIEFING_SMTP_PASSWORD"),
        ('[email]\nsmtp_password = "Tr0ub4dor&3"\npassword_env = "OPS_SMTP"\n',
         "email.smtp_password", "OPS_SMTP"),
        ('password = "Tr0ub4dor&3"\n[email]\nusername = "ops"\n', "password",
         "BRIEFING_SMTP_PASSWORD"),
        # the password written where the variable's name goes
        ('[email]\npassword_env = "Tr0ub4dor&3"\n', "email.password_env",
         "BRIEFING_SMTP_PASSWORD"),
    ],
)
def test_a_password_in_the_file_says_where_it_goes_and_is_never_printed(
        tmp_path, run_cli, toml, key, variable):
    """The SMTP password comes from the environment only. A password written in the file
    was "unknown key email.password (did you mean password_env?...)": a user who followed
    that wrote the password as password_env's value, which a failed send then printed as
    the name of the variable it found empty."""
    config = tmp_path / "briefing.toml"
    config.write_text(toml)
    r = run_cli("desks", "list", "--config", config)
    assert r.code == 2
    assert r.err.startswith(f"error: {config}: {key}: "), r.err
    assert f"set the environment variable {variable}" in r.err
    assert "did you mean" not in r.err
    assert "Tr0ub4dor" not in r.err + r.out
    assert len(r.err.splitlines()) == 1


def test_a_key_that_only_holds_the_letters_pass_is_a_misspelt_key_not_a_password(
        tmp_path, run_cli):
    """"bypass" or "compass" are no secrets: told to put a password in the environment,
    the user who misspelt a key would look for the wrong mistake."""
    config = tmp_path / "briefing.toml"
    config.write_text('[sources]\nbypass_cache = true\n')
    r = run_cli("desks", "list", "--config", config)
    assert r.code == 2 and "unknown key" in r.err and "password" not in r.err, r.err


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[output]\ndir = "~nosuchuser/briefings"\n',
         "output.dir = '~nosuchuser/briefings': no home folder is known for ~nosuchuser"),
        ('[sources]\npaths = ["~nosuchuser/news"]\n',
         "sources.paths = '~nosuchuser/news': no home folder is known for ~nosuchuser"),
        ('[briefing]\nlogo = "~nosuchuser/logo.png"\n',
         "briefing.logo = '~nosuchuser/logo.png': no home folder is known for ~nosuchuser"),
        ('[output]\ntemplates = "~nosuchuser/templates"\n',
         "output.templates = '~nosuchuser/templates': no home folder is known for "
         "~nosuchuser"),
        ('[[desks]]\nid = "a"\ntitle = "A"\nlogo = "~nosuchuser/a.png"\n',
         "desks[1] (a).logo = '~nosuchuser/a.png': no home folder is known for ~nosuchuser"),
        ('[output]\ndir = "out\\u0000put"\n',
         "output.dir = 'out\\x00put': a path cannot hold a NUL character"),
    ],
)
def test_a_path_no_file_can_have_is_refused_at_load(tmp_path, run_cli, toml, message):
    """`~user/...` of a user this machine does not know, or a NUL character, cannot name a
    file: each was a RuntimeError or ValueError traceback from the middle of a build (after
    the sources were read), or from load itself for output.templates."""
    config = tmp_path / "briefing.toml"
    config.write_text(toml)
    r = run_cli("build", "--config", config, "--date", "2024-12-08", "--format", "md")
    assert r.code == 2, r.err
    assert r.err == f"error: {config}: {message}\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("toml", "key", "value"),
    [
        ('[output]\ndir = "$HOME/briefings"\n', "output.dir", "$HOME/briefings"),
        ('[sources]\npaths = ["${NEWS_DIR}/wires"]\n', "sources.paths", "${NEWS_DIR}/wires"),
        ('[store]\npath = "$XDG_DATA_HOME/briefing.db"\n', "store.path",
         "$XDG_DATA_HOME/briefing.db"),
    ],
)
def test_an_environment_variable_in_a_path_is_refused_not_made_a_folder(
        tmp_path, run_cli, monkeypatch, toml, key, value):
    """Paths are not expanded as a shell would: `dir = "$HOME/briefings"` built into a
    folder named `$HOME` beside briefing.toml, without a word, and a source folder so
    written was "no such file or folder". `~` is the home folder (said in the message)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config = tmp_path / "briefing.toml"
    config.write_text(toml)
    r = run_cli("build", "--config", config, "--date", "2024-12-08", "--format", "md")
    assert r.code == 2, r.err
    assert r.err == (f"error: {config}: {key} = {value!r}: environment variables are not "
                     "expanded in paths; write the path itself (~ is the home folder, and "
                     "a relative path is relative to the config file's folder)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.toml"]


def test_a_theme_of_a_themes_file_that_is_not_there_names_the_missing_file(tmp_path, run_cli):
    """A desk (or a source) that lists a theme of the user's own themes file, whose name is
    misspelt in themes.file, was told "'cyber', not a theme (known: military, ...)", as if
    the theme were wrong: the file it is defined in is what could not be found."""
    (tmp_path / "cyber.toml").write_text(
        '[themes.cyber]\nlabel = "Cyber"\ndescription = "Hacking and ransomware."\n'
        'terms = ["ransomware", "hackers"]\n')
    config = tmp_path / "briefing.toml"
    desk = '[[desks]]\nid = "c"\ntitle = "Cyber desk"\nthemes = ["cyber"]\n'
    config.write_text(f'[themes]\nfile = "cyber.toml"\n{desk}')
    assert run_cli("desks", "list", "--config", config).code == 0

    missing = f"themes.file = 'cyber.tml' names no file ({tmp_path / 'cyber.tml'})"
    config.write_text(f'[themes]\nfile = "cyber.tml"\n{desk}')
    r = run_cli("desks", "list", "--config", config)
    assert r.code == 2
    assert r.err.startswith(f"error: {config}: desks[1] (c).themes has 'cyber', not a theme "), \
        r.err
    assert missing in r.err and len(r.err.splitlines()) == 1

    config.write_text('[themes]\nfile = "cyber.tml"\n[[sources.feed]]\nname = "x"\n'
                      'kind = "feed"\nurl = "https://cyber.example.org/feed"\ntheme = "cyber"\n')
    r = run_cli("desks", "list", "--config", config)
    assert r.code == 2
    assert r.err.startswith(f"error: {config}: sources.feed[1].theme = 'cyber' is not a "
                            "briefed theme "), r.err
    assert missing in r.err and len(r.err.splitlines()) == 1


def test_a_config_file_not_in_utf8_names_the_line_to_fix(tmp_path, run_cli):
    """A briefing.toml saved in a Windows encoding (Latin-1's é) was "not UTF-8 text" with
    nothing to find it by; a template says which line and byte, and so does the config."""
    config = tmp_path / "briefing.toml"
    config.write_bytes('[briefing]\ntitle = "Revue de presse"\norganisation = "Ambassade, '
                       'Défense"\n'.encode("cp1252"))
    r = run_cli("desks", "list", "--config", config)
    assert r.code == 2
    assert r.err == (f"error: {config}: not UTF-8 text (line 3, byte 65); save it as UTF-8\n")


def test_a_briefing_toml_here_that_cannot_be_read_is_not_passed_over(tmp_path, run_cli,
                                                                     monkeypatch):
    """./briefing.toml is used when it is there: a link to a config file that has gone
    (deployed as a link to /etc/briefing/briefing.toml, then moved) was passed over in
    silence, and the command ran on the defaults, a build briefing the sample articles."""
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "etc" / "briefing.toml"
    (tmp_path / "briefing.toml").symlink_to(target)
    r = run_cli("desks", "list")
    assert r.code == 2
    assert r.err == (f"error: {tmp_path / 'briefing.toml'}: config file not found (a link to "
                     f"{target}, which is not there)\n")

    (tmp_path / "briefing.toml").unlink()
    (tmp_path / "briefing.toml").mkdir()
    r = run_cli("desks", "list")
    assert r.code == 2
    assert r.err.startswith(f"error: {tmp_path / 'briefing.toml'}: a folder, not a config file")


def test_output_templates_names_every_template_a_user_can_override():
    """The docstring is where a user learns which files their templates folder may hold:
    it named the briefing's and the archive's, not the email's two, which a folder
    overrides the same way (tests/test_email.py)."""
    import ast
    import inspect

    from briefing.config import schema
    from briefing.render.options import builtin_templates_dir

    tree = ast.parse(inspect.getsource(schema.OutputSettings))
    body = tree.body[0].body
    (doc,) = [after.value.value for node, after in zip(body, body[1:], strict=False)
              if isinstance(node, ast.AnnAssign) and node.target.id == "templates"]
    for template in sorted(p.name for p in builtin_templates_dir().iterdir()):
        assert template in doc, template


@pytest.mark.parametrize(
    ("toml", "key"),
    [("[email]\nto = ['duty.@ops.example.org']\n", "email.to has 'duty.@ops.example.org'"),
     ("[email]\nsender = 'briefing@ops..example.org'\n",
      "email.sender has 'briefing@ops..example.org'"),
     ("[[desks]]\nid = 'a'\ntitle = 'A'\nto = ['.duty@example.org']\n",
      "desks[1] (a).to has '.duty@example.org'")],
)
def test_an_address_with_an_empty_part_between_dots_says_what_to_change(tmp_path, toml, key):
    """Earlier versions took such an address (a typo some servers accept, others refuse
    only at 7 a.m.); an upgrader's scheduler now stops at start on it, so its one line
    says what is wrong with the address, not only that it is not 'name@example.org'."""
    user = tmp_path / "mine.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_config(user, cwd=tmp_path)
    message = str(e.value)
    assert key in message and "\n" not in message
    assert "a dot begins or ends a part of it, or two dots meet: remove the extra dot" in message


@pytest.mark.parametrize(
    ("toml", "key"),
    [("[briefing]\ntimezone = 'localtime'\n", "briefing.timezone"),
     ("[schedule]\ntimezone = 'localtime'\n", "schedule.timezone")],
)
def test_localtime_refused_says_to_write_the_machines_zone_by_name(tmp_path, toml, key):
    """Earlier versions took "localtime" and briefed in the machine's zone; an upgrader
    keeps those dates by writing that zone's name, which the one line tells how to find
    (no list of zones, and nothing that depends on this machine's own zone)."""
    user = tmp_path / "mine.toml"
    user.write_text(toml)
    with pytest.raises(ConfigError) as e:
        load_config(user, cwd=tmp_path)
    assert (f"{key} = 'localtime' is not an IANA timezone ('localtime' is whatever zone "
            "the machine is set to: write that zone's name, which `timedatectl` shows, "
            "for example 'Europe/Berlin')") in str(e.value)


def test_a_path_with_a_variable_names_the_folder_an_earlier_version_made_of_it(
        tmp_path, run_cli, monkeypatch):
    """Earlier versions took `dir = "$HOME/briefings"` as written: weeks of briefings, the
    store and its delivery ledger are in a folder named `$HOME` beside briefing.toml. The
    refusal says so, or an upgrader who writes the real path starts a new store (no "Since
    yesterday", new story ids, an empty archive) without knowing where the old one is."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    made = tmp_path / "$HOME" / "briefings"
    made.mkdir(parents=True)
    (made / "briefing.db").write_bytes(b"")
    config = tmp_path / "briefing.toml"
    config.write_text('[output]\ndir = "$HOME/briefings"\n')
    r = run_cli("build", "--config", config, "--date", "2024-12-08", "--format", "md")
    assert r.code == 2, r.err
    assert r.err == (f"error: {config}: output.dir = '$HOME/briefings': environment variables "
                     "are not expanded in paths; write the path itself (~ is the home folder, "
                     "and a relative path is relative to the config file's folder); earlier "
                     f"versions wrote to {made}, the path as written: move it to the path you "
                     "write, so the store and the archive go on\n")
    assert (made / "briefing.db").exists()
