"""The value checks run at load, for rules a type cannot say: source paths and URLs,
desks and places, timezones, times of day, colours, the language tag, addresses and the
email subject's fields."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, available_timezones

from briefing.colours import colour_problem
from briefing.config.schema import Config, ThemesSettings
from briefing.config.spelling import closest
from briefing.errors import ConfigError

if TYPE_CHECKING:
    from briefing.themes import Taxonomy

_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_PLAIN_ADDRESS = re.compile(r"[^@\s,;<>\"]+@[^@\s,;<>\"]+")


def is_plain_address(value: str) -> bool:
    """"name@example.org": one @, no display name, list separator, quote or space; no empty
    part between dots (a server refuses "ann@example..org" or "ann.@example.org" only when
    it is sent to), and a domain in another script that has an ASCII form (IDNA), which a
    server without SMTPUTF8 is given."""
    if not _PLAIN_ADDRESS.fullmatch(value):
        return False
    local, _, domain = value.partition("@")
    if "" in local.split(".") or "" in domain.split("."):
        return False
    try:
        ascii_domain(domain)
    except ValueError:
        return False
    return True


def _not_plain(path: Path, key: str, value: str) -> ConfigError:
    """The refusal of `value` as no plain address, saying what to change when it is an
    empty part between dots: earlier versions took that typo, so an upgrader meets it."""
    local, _, domain = value.partition("@")
    hint = ""
    if _PLAIN_ADDRESS.fullmatch(value) and ("" in local.split(".") or "" in domain.split(".")):
        hint = "; a dot begins or ends a part of it, or two dots meet: remove the extra dot"
    return ConfigError(
        f"{path}: {key} has {value!r}, not a plain address like 'name@example.org'{hint}")


def ascii_domain(domain: str) -> str:
    """The domain in ASCII (bücher.example: xn--bcher-kva.example), as a header or a server
    without SMTPUTF8 takes it: by UTS #46, as mail clients map a domain. A ValueError for a
    domain that has no ASCII form. One mapping for the check at load (`is_plain_address`)
    and for the send, so that an address the config took is one the send can give."""
    if domain.isascii():
        return domain
    import idna  # here, not above: only a domain in another script needs it

    return idna.encode(domain, uts46=True).decode("ascii")  # IDNAError is a ValueError


def _check_sources(config: Config, path: Path) -> None:
    """`paths` are paths and `urls` web addresses; each [[sources.feed]]: a name, the address
    its kind needs, a known theme, a weight."""
    from briefing.urls import is_web_url, malformed_url, unsupported_source

    for key, values, web in (("sources.paths", config.sources.paths, False),
                             ("sources.urls", config.sources.urls, True)):
        for value in values:
            if web and not is_web_url(value):
                why = unsupported_source(value) or "not a URL (folders and files go in paths)"
                raise ConfigError(f"{path}: {key} has {value!r}: {why}")
            if web and (why := malformed_url(value)):  # "http://[::1": refused now, not at build
                raise ConfigError(f"{path}: {key} has {value!r}: {why}")
            if not web and (why := unsupported_source(value) or
                            (is_web_url(value) and "a URL (feeds and pages go in urls)")):
                raise ConfigError(f"{path}: {key} has {value!r}: {why}")
            if not web and not value.strip():  # Path("") is a folder: a slip must not read it
                raise ConfigError(f'{path}: {key} has {value!r}: an empty path (give a file or '
                                  'folder; "." if you mean the folder itself)')
    for i, spec in enumerate(config.sources.feed, 1):
        key = f"sources.feed[{i}]"
        if not spec.name.strip():
            raise ConfigError(f"{path}: {key}.name must not be empty")
        web = spec.kind in ("feed", "page")
        needed, other = ("url", "path") if web else ("path", "url")
        if not getattr(spec, needed).strip():
            raise ConfigError(f'{path}: {key} (kind = "{spec.kind}") needs {needed}')
        if getattr(spec, other):
            raise ConfigError(
                f'{path}: {key} (kind = "{spec.kind}") takes {needed}, not {other} '
                '(url for "feed" and "page", path for "folder" and "file")'
            )
        if web and not is_web_url(spec.url):
            raise ConfigError(
                f"{path}: {key}.url = {spec.url!r} must be an http:// or https:// address"
            )
        if web and (why := malformed_url(spec.url)):
            raise ConfigError(f"{path}: {key}.url = {spec.url!r}: {why}")
        if not web and (why := unsupported_source(spec.path) or
                        (is_web_url(spec.path) and "a URL (use url with kind = \"feed\")")):
            raise ConfigError(f"{path}: {key}.path = {spec.path!r}: {why}")
    hinted = [(i, s.theme) for i, s in enumerate(config.sources.feed, 1) if s.theme]
    if hinted:
        taxonomy, missing = _taxonomy(config)
        known = taxonomy.briefed
        for i, theme in hinted:
            if theme not in known:
                raise ConfigError(
                    f"{path}: sources.feed[{i}].theme = {theme!r} is not a briefed theme "
                    f"(one of: {', '.join(known)}){missing}"
                )


def _taxonomy(config: Config) -> tuple[Taxonomy, str]:
    """The themes desks and sources are checked against, and what to add to a line refusing
    a theme when themes.file names no file: a theme of the user's own is then unknown
    because its file is, and `themes learn` may yet create that file, so it is no error
    by itself."""
    from briefing.themes import load_taxonomy

    user = config.resolve(config.themes.file) if config.themes.file else None
    if user is None or user.is_file():
        return load_taxonomy(user), ""
    missing = ("" if config.themes.file == ThemesSettings.file else
               f"; themes.file = {config.themes.file!r} names no file ({user})")
    return load_taxonomy(None), missing


_DESK_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def _check_desks(config: Config, path: Path) -> None:
    """Each [[desks]]: an id fit for a folder, a title, known themes and places, addresses,
    times, a timezone and colours; [places]: names."""

    for name, within in config.places.items():
        if not name.strip() or not all(w.strip() for w in within):
            raise ConfigError(f"{path}: places.{name} must list place names, and none "
                              "may be empty")
    if not config.desks:
        return
    from briefing.desks import PlaceIndex

    taxonomy, missing = _taxonomy(config)
    themes = taxonomy.ids
    place_names = PlaceIndex.load(config.places).names
    # a name of the user's own under [places] is a region only when a desk (or another of
    # their names) lists it; otherwise it is a misspelt place ("Syira"), whose names no desk
    # would ever find
    built_in = PlaceIndex.load().names
    listed = ({p for desk in config.desks for p in desk.places}
              | {w for within in config.places.values() for w in within})
    for name in config.places:
        if name not in built_in and name not in listed:
            raise ConfigError(
                f"{path}: places.{name} is not a known place and no desk lists it "
                f"({closest(name, sorted(built_in))}): a name of your own under [places] is "
                "a region for a desk's places"
            )
    seen: set[str] = set()
    for i, desk in enumerate(config.desks, 1):
        key = f"desks[{i}]"
        if not _DESK_ID.fullmatch(desk.id) or re.fullmatch(r"edition-\d+", desk.id):
            raise ConfigError(
                f"{path}: {key}.id = {desk.id!r} must be 1 to 40 lower-case letters, digits, "
                '"-" or "_", starting with a letter or digit (not "edition-<n>"): it names '
                "the folder out/<date>/<id>/"
            )
        if desk.id in seen:
            raise ConfigError(f"{path}: {key}.id = {desk.id!r} is used by another desk; "
                              "each desk needs its own id")
        seen.add(desk.id)
        key = f"desks[{i}] ({desk.id})"
        if not desk.title.strip():
            raise ConfigError(f"{path}: {key}.title must not be empty")
        for theme in desk.themes:
            if theme not in themes:
                raise ConfigError(f"{path}: {key}.themes has {theme!r}, not a theme "
                                  f"({closest(theme, themes)}){missing}")
        if len(set(desk.themes)) < len(desk.themes):
            raise ConfigError(f"{path}: {key}.themes names a theme twice")
        for place in desk.places:
            if place not in place_names:
                raise ConfigError(
                    f"{path}: {key}.places has {place!r}, not a known place "
                    f"({closest(place, sorted(place_names))}); add your own names under "
                    "[places]"
                )
        for what, terms in (("watch", desk.watch), ("exclude", desk.exclude)):
            for term in terms:
                if not any(c.isalnum() for c in term):
                    raise ConfigError(f"{path}: {key}.{what} has {term!r}; each term needs "
                                      "a letter or digit")
        for value in desk.to:
            if not is_plain_address(value):
                raise _not_plain(path, f"{key}.to", value)
        _check_times(path, f"{key}.times", desk.times, " (empty: schedule.times)")
        if desk.timezone:
            _check_timezone(path, f"{key}.timezone", desk.timezone,
                            "'Asia/Damascus'; empty: the schedule's")
        _check_colours(path, key, desk, empty_ok=True)


def _check_timezone(path: Path, key: str, value: str, example: str) -> None:
    """`value` of `key` names an IANA timezone ("" is allowed by the caller's choice)."""
    if not _is_zone(value):
        zones = sorted(available_timezones() - {"localtime"})
        hint = closest(value, zones)  # "Europe/Berln", "utc"
        if value == "localtime":  # earlier versions took it: an upgrader keeps the dates
            hint = ("'localtime' is whatever zone the machine is set to: write that zone's "
                    "name, which `timedatectl` shows, for example 'Europe/Berlin'")
        elif not hint.startswith("did you mean"):  # not a list of some 600 zones
            hint = f"for example {example}"
        raise ConfigError(f"{path}: {key} = {value!r} is not an IANA timezone ({hint})")


def _is_zone(value: str) -> bool:
    """Whether zoneinfo reads `value` as a zone that is the same on every machine: Debian's
    zone folder also holds "localtime", a link to the machine's own zone, and a briefing's
    dates must not follow the machine it runs on."""
    from zoneinfo import ZoneInfoNotFoundError

    if value == "localtime":
        return False
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_times(path: Path, key: str, values: Sequence[str], empty: str = "") -> None:
    """Each of `values` is an "HH:MM" time of day."""
    for value in values:
        if not _TIME.fullmatch(value):
            raise ConfigError(f'{path}: {key} has {value!r}; each time must be "HH:MM" from '
                              f"00:00 to 23:59{empty}")


def _check_colours(path: Path, key: str, settings: object, empty_ok: bool = False) -> None:
    """Its accent and marking colours are CSS colours a PDF can print (a desk's may be
    empty: the briefing's)."""

    for name in ("accent_colour", "marking_colour"):
        value = getattr(settings, name)
        if (value or not empty_ok) and (problem := colour_problem(value)):
            raise ConfigError(f"{path}: {key}.{name} = {value!r} {problem}")


# The shape of a BCP 47 tag: a language of 2 to 8 letters, then subtags of 1 to 8 letters
# or digits (script, region, variant), each after a hyphen.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


def check_values(config: Config, path: Path) -> None:
    """Rules a type cannot say: names, addresses, colours (numbers' ranges are in their types)."""
    _check_timezone(path, "briefing.timezone", config.briefing.timezone,
                    "'Europe/Berlin' or 'UTC'")
    if not _LANGUAGE_TAG.fullmatch(config.briefing.language):
        # it becomes <html lang> and the PDF's language: a locale's "en_GB" names none
        raise ConfigError(f"{path}: briefing.language = {config.briefing.language!r} is not "
                          "a language tag (BCP 47, like 'en' or 'en-GB')")
    _check_sources(config, path)
    if not config.output.dir.strip():  # Path("") is the config file's folder, as a slip
        raise ConfigError(f'{path}: output.dir = {config.output.dir!r}: an empty path (give a '
                          'folder; "." if you mean the config file\'s own folder)')
    if not config.output.formats:  # a build would write nothing, yet record the date briefed
        raise ConfigError(f"{path}: output.formats is empty: list at least one of 'md', "
                          "'html', 'pdf', 'json'")
    templates = config.templates_dir
    if templates is not None and not templates.is_dir():
        raise ConfigError(
            f"{path}: output.templates = {config.output.templates!r}: no such folder "
            f"({templates}); name a folder of templates that override the built-in ones, "
            "or leave it empty"
        )
    _check_desks(config, path)
    _check_colours(path, "briefing", config.briefing)
    _check_delivery(config, path)


# The fields of email.subject (deliver/message.py `subject_line` fills them in).
SUBJECT_FIELDS = ("title", "date", "counts", "articles")


def subject_problem(template: str) -> str | None:
    """Why `template` cannot be the email subject, or None. Only plain fields are allowed:
    str.format would also follow `{title.foo}` and `{title[0]}` (which fail at send time on
    some titles, an empty one say) and honour `{title:>2000000000}` (gigabytes on every
    load), so with none of those, formatting the subject cannot fail."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as e:  # a lone "{" or "}"
        return str(e)
    for _, name, spec, conversion in parsed:
        if name is None:  # literal text, "{{" and "}}" included
            continue
        written = f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
        if re.search(r"[.\[]", name):
            return f"{written}: a field takes no attribute or index"
        if name not in SUBJECT_FIELDS:
            return f"{written} is not a field"
        if spec or conversion:
            return f"{written}: a field takes no conversion or format"
    return None


def _check_delivery(config: Config, path: Path) -> None:
    """Email and schedule values, checked at load: a typo fails now, not at 7 a.m."""
    email, schedule = config.email, config.schedule
    if schedule.timezone:
        _check_timezone(path, "schedule.timezone", schedule.timezone,
                        "'Europe/Berlin'; empty: briefing.timezone")
    _check_times(path, "schedule.times", schedule.times)
    if not schedule.times:
        raise ConfigError(f'{path}: schedule.times must list at least one "HH:MM" time')
    for key, values in (("email.to", email.to), ("email.sender", [email.sender])):
        for value in values:
            if not is_plain_address(value):
                raise _not_plain(path, key, value)
    if email.smtp_host and email.username and email.security == "none":
        raise ConfigError(
            f"{path}: email.username is set but email.security = 'none': the password would "
            "cross the network in clear; use 'starttls' or 'tls'"
        )
    # fullmatch: "$" would let a final line break through, into the List-Unsubscribe header
    if email.unsubscribe and not re.fullmatch(r"(mailto:|https://)\S+", email.unsubscribe):
        raise ConfigError(
            f"{path}: email.unsubscribe = {email.unsubscribe!r} must be a mailto: or https:// "
            "address (or empty)"
        )
    if problem := subject_problem(email.subject):
        fields_ = ", ".join(f"{{{name}}}" for name in SUBJECT_FIELDS)
        raise ConfigError(
            f"{path}: email.subject = {email.subject!r} is not a valid template ({problem}); "
            f"allowed fields, each written as is: {fields_}"
        )
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", email.password_env):
        # not shown: what is written here when it is not a name is most often the password
        raise ConfigError(
            f"{path}: email.password_env: must be the name of an environment variable, not "
            "the password itself (its value is not shown); set the environment variable "
            "BRIEFING_SMTP_PASSWORD to the password and leave password_env out"
        )
