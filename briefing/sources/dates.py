"""Publication dates, made timezone-aware the moment a reader finds them.

One time model for the whole pipeline: every `published` a reader produces is an aware
datetime or None, so no later stage can compare a naive value with an aware one. A value
that names no zone is a wall-clock time in the briefing's timezone (`briefing.timezone`,
passed in by the caller as `tz`): a date alone is midnight there.

python-dateutil does the parsing. Around it, four rules keep the result the same on any
machine and any day:

- a value must name a whole calendar date (year, month and day): dateutil fills missing
  parts from today ("March 2024" would be the 2nd of March on the 2nd of the month, and
  "Tuesday" next Tuesday), so a partial date is no date;
- zone names are the ones RFC 822 defines for mail and RSS ("GMT", "EST", "PDT", …) and
  numeric offsets; any other name ("CET", "IST" is India or Ireland) is ambiguous and is
  read as no zone, never as the machine's own zone, as dateutil would for its local names;
- the instant lies between 0001-01-02 and 9999-12-30 in UTC, so it can be shown in any
  timezone without overflowing Python's calendar;
- a value that states what no date can be is no date, not a repair: a year written with
  four digits that dateutil would read as another ("0001" as 2001: `year_as_written`),
  or an offset past 18 hours or 59 minutes ("+99:99", which feedparser applies as it
  stands: `impossible`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

# A date string is short; anything longer is not one (and dateutil need not scan it).
MAX_DATE_CHARS = 200

EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, tzinfo=UTC)

# RFC 822, section 5.1 (kept by RFC 2822 and RSS 2.0): the only zone names with one meaning.
_RFC822_ZONES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}

# Two different fill-ins for what a string leaves out: a whole date parses the same
# with either (the time of day left out is midnight with both).
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's `tzinfos` hook: a fixed offset for what it found, or None (no zone)."""
    if offset is not None:
        return timezone(timedelta(seconds=offset)) if offset else UTC
    hours = _RFC822_ZONES.get((name or "").upper())
    if hours is None:
        return None
    return timezone(timedelta(hours=hours)) if hours else UTC


# Four digits standing alone: a year as written ("2024", "0001"), or an offset's "0500".
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")
# A numeric offset after a time: "+05:00", "-0500", "+99:99".
_OFFSET = re.compile(r"(?<=\d)\s*[+-](\d{2}):?(\d{2})\s*$")
# The widest offset read (java.time's bound; every real zone is within -12 and +14 hours)
MAX_OFFSET_HOURS = 18


def impossible(text: str) -> bool:
    """Whether a date string states something no date can be: an offset past
    `MAX_OFFSET_HOURS` or 59 minutes. (A reader falling back on another parser's reading
    of it, as feeds do on feedparser's, must not: it would be a guess.)"""
    offset = _OFFSET.search(text.strip())
    return offset is not None and (int(offset[1]) > MAX_OFFSET_HOURS or int(offset[2]) > 59)


# "GMT" (or "UTC", "UT") written just before a numeric offset: "GMT-05:00" is five hours
# behind GMT as feeds, pages and JavaScript's Date write it, but dateutil reads it the POSIX
# TZ way, five hours ahead; without the name the offset is read as written.
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*(?=[+-]\d)", re.IGNORECASE)
# A comment after a numeric offset, as RFC 822 allows and JavaScript's Date writes:
# "GMT-0500 (Eastern Standard Time)"; the offset says it all.
_COMMENT = re.compile(r"(?:(?<=[+-]\d{4})|(?<=[+-]\d\d:\d\d))\s*\([^()]*\)\s*$")


# "24:00" (seconds and fractions of zero allowed) ends a day, as ISO 8601 writes it and some
# feeds do ("Sun, 31 Dec 2023 24:00:00 GMT"): dateutil refuses hour 24, which left the item
# undated, so briefed as new whatever its age. It is the next day's midnight.
_END_OF_DAY = re.compile(r"(?<![\d:])24:00(?::00(?:\.0+)?)?(?![\d:.])")


def _parse_text(text: str) -> datetime | None:
    from dateutil import parser

    text = text.strip()
    if not text or len(text) > MAX_DATE_CHARS:
        return None
    text = _NAMED_OFFSET.sub("", _COMMENT.sub("", text))
    if impossible(text):
        return None
    text, ends_day = _END_OF_DAY.subn("00:00:00", text, count=1)
    try:
        first, second = (parser.parse(text, default=d, tzinfos=_zone) for d in _DEFAULTS)
        if first != second:
            return None
        moment = first + timedelta(days=ends_day)
    except (ValueError, OverflowError):  # ParserError is a ValueError; so are bad offsets
        return None
    return moment if year_as_written(text, moment) else None


def year_as_written(text: str, moment: datetime) -> bool:
    """Whether `moment`'s year is one `text` writes in four digits, give or take the one a
    zone can move it by (or `text` writes none): dateutil reads "0001" as 2001, and
    feedparser "Mon, 01 Jan 0001 00:00:00 +0500" as the year 500."""
    years = {int(y) for y in _FOUR_DIGITS.findall(_OFFSET.sub("", text.strip()))}
    return not years or any(abs(moment.year - y) <= 1 for y in years)


def parse_published(value: Any, tz: tzinfo) -> datetime | None:
    """A publication date from front matter, JSON, a feed or a page, as an aware datetime;
    None when absent or unreadable (the article is then undated, never an error).

    `value` is a string, or a date or datetime as YAML front matter gives them. A value
    without a zone is a wall-clock time in `tz`; a date alone is midnight in `tz`.
    """
    if isinstance(value, datetime):
        moment: datetime | None = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        moment = _parse_text(value)
    else:  # numbers, lists, tables: no date a reader can trust
        return None
    if moment is None:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=tz)
    try:
        in_range = EARLIEST <= moment <= LATEST
    except (ValueError, OverflowError):  # a tzinfo whose offset Python cannot use
        return None
    return moment if in_range else None
