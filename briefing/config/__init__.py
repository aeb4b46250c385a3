"""One typed settings object: shipped defaults, the user's TOML layered on top.

The defaults live in `briefing/defaults/briefing.toml`; the schema (names, types, allowed
values and what each option does) lives in schema.py, one dataclass per TOML table. A
user's file only needs the keys it changes. A wrong key or value is refused with one line
that names the file, the key and what is allowed. Every number has a `Range` in its type
(`Annotated[int, Range(0, 100)]`), checked at load with the type, so no option can pass
the load and then overflow a timer or a sleep. Secrets never come from here: they are read
from the environment by the code that needs them.

One group of ideas a module, each importing only those above it in this list:

- spelling.py: did you mean, the known names closest to a misspelt one (`closest_keys`,
  `closest`).
- schema.py: the dataclasses (`Config`, its tables, `SourceSpec`, `DeskSettings`), `Range`
  and `number_text`.
- checks.py: the value checks a type cannot say (`check_values`: sources, desks, places,
  timezones, times, colours, addresses, `subject_problem`), `is_plain_address` and
  `ascii_domain`.
- loading.py: `load_config`, the defaults and the user's file layered, keys and types
  checked (`known_keys`, `DEFAULTS_FILE`, `USER_FILE_NAME`).
- feeds.py: `append_feeds`, [[sources.feed]] tables appended to a user's file.

Import from here (`from briefing.config import Config, load_config`); this module only
gathers the names.
"""

from briefing.config.checks import (
    SUBJECT_FIELDS,
    ascii_domain,
    is_plain_address,
    subject_problem,
)
from briefing.config.feeds import append_feeds
from briefing.config.loading import DEFAULTS_FILE, USER_FILE_NAME, known_keys, load_config
from briefing.config.schema import (
    BriefingSettings,
    ComposeSettings,
    Config,
    DeskSettings,
    EmailSettings,
    OutputSettings,
    Range,
    ScheduleSettings,
    SourceSpec,
    SourcesSettings,
    StoreSettings,
    StoriesSettings,
    SummarySettings,
    ThemesSettings,
    number_text,
)
from briefing.config.spelling import closest, closest_keys

__all__ = [
    "DEFAULTS_FILE",
    "SUBJECT_FIELDS",
    "USER_FILE_NAME",
    "BriefingSettings",
    "ComposeSettings",
    "Config",
    "DeskSettings",
    "EmailSettings",
    "OutputSettings",
    "Range",
    "ScheduleSettings",
    "SourceSpec",
    "SourcesSettings",
    "StoreSettings",
    "StoriesSettings",
    "SummarySettings",
    "ThemesSettings",
    "append_feeds",
    "ascii_domain",
    "closest",
    "closest_keys",
    "is_plain_address",
    "known_keys",
    "load_config",
    "number_text",
    "subject_problem",
]
