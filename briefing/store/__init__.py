"""The SQLite store: articles seen, briefings built, deliveries made. Only this package
speaks SQL.

Every write is one transaction, so a process killed in the middle of an ingest loses
nothing already committed and leaves nothing half-written. `Store` is one SQLite file;
its methods come from one module per idea, each the only one to write its tables:

- connection.py: opening the file, transactions, its errors as a user can act on them
- schema.py: the tables, as numbered migrations (`MIGRATIONS`, SQLite's `user_version`)
- articles.py: articles seen (`articles`) and feeds' validators (`feeds`)
- briefings.py: briefings built and what each briefed (`briefings`, `briefed`), and the
  editions out/<date>/ holds (`editions`, `unfinished`)
- stories.py: stories followed across days (`story_days`)
- deliveries.py: the delivery ledger (`deliveries`)
- schedule.py: the scheduler's runs (`schedule_runs`)
"""

from __future__ import annotations

from briefing.store.articles import ArticlesMixin
from briefing.store.briefings import BriefingsMixin, Edition
from briefing.store.connection import store_error
from briefing.store.deliveries import DeliveriesMixin, Delivery
from briefing.store.schedule import ScheduleMixin
from briefing.store.schema import MIGRATIONS
from briefing.store.stories import BriefedPoint, StoriesMixin, StoryDay, StorySource

__all__ = [
    "MIGRATIONS",
    "BriefedPoint",
    "Delivery",
    "Edition",
    "Store",
    "StoryDay",
    "StorySource",
    "store_error",
]


class Store(ArticlesMixin, BriefingsMixin, StoriesMixin, DeliveriesMixin, ScheduleMixin):
    """One SQLite file. Open it with `Store.open(path)` as a context manager."""
