"""Delivery: the daily digest email and the schedule that sends it (DESIGN.md, deliver/).

    message.py    the email, made from out/<date>/ (text, inlined HTML, the PDF)
    sanitize.py   its HTML made self-contained and inert (nothing fetched, nothing run)
    compact.py    its inline styles made small enough that Gmail does not clip it
    transport.py  SMTP (STARTTLS or implicit TLS, verified), or the .eml outbox
    send.py       one date to the whole list, through the ledger in the store
    schedule.py   when runs are due (DST-correct), catch-up, the lock, the loop

Only this package sends anything out; only briefing/store/ writes the ledger.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from briefing.config import Config
from briefing.deliver.schedule import Due, Scheduler, single_instance, stop_on_signals
from briefing.deliver.send import (
    SendReport,
    mailed_desks,
    recipients_of,
    send_briefing,
    send_desks,
)
from briefing.deliver.transport import open_transport
from briefing.errors import DeliveryError

__all__ = ["Due", "Run", "SendReport", "Scheduler", "check_ready", "mailed_desks", "run_once",
           "send_briefing", "send_desks", "serve"]

Log = Callable[[str], None]
# What to do when a time is due: build and send (pipeline.scheduled_run); deliver/ only
# decides when, and sends, so it never reaches back up the pipeline to build.
Run = Callable[[Due], str]


def run_once(
    config: Config, run: Run, *, clock: Callable[[], datetime] | None = None
) -> str:
    """`schedule --once`: what a scheduled run does, for today, now."""
    now = (clock or (lambda: datetime.now(UTC)))()
    desks = tuple(mailed_desks(config)) or ("",)
    return run(Due(now, now.astimezone(ZoneInfo(config.schedule_timezone)).date(), desks))


def check_ready(config: Config) -> str:
    """Refuse at start what would fail at 7 a.m.: no recipients, a server out of reach."""
    desks = mailed_desks(config)
    if not desks:
        raise DeliveryError("no recipients: list them in email.to or in a desk's to in "
                            "briefing.toml")
    for desk in desks:
        recipients_of(config, desk=desk)
    transport = open_transport(config)
    transport.check()
    return transport.name


def unbriefed_days_warning(config: Config) -> str:
    """A warning when some days' news is in no scheduled briefing: `schedule.weekdays`
    leaves days out and `sources.window = "day"` briefs each date's own news alone, so
    Monday's briefing of a Monday-to-Friday schedule does not carry the weekend's ("" when
    every day's news is briefed: the default window covers the days since the previous
    briefing). A desk's `times` do not change its days."""
    from briefing.deliver.schedule import WEEKDAY_NAMES

    days = config.schedule.weekdays
    left = [d for d in WEEKDAY_NAMES if days and d not in days]
    if config.sources.window != "day" or not left:
        return ""
    return (f"warning: what is published on {', '.join(left)} is in no scheduled briefing: "
            f'sources.window = "day" briefs each date\'s own news alone, and '
            f"schedule.weekdays leaves those days out; the default window "
            f'("since-previous") puts it in the next briefing')


def serve(
    config: Config,
    run: Run,
    *,
    clock: Callable[[], datetime] | None = None,
    log: Log = print,
    stop: threading.Event | None = None,
) -> None:
    """`schedule`: hold the lock, then build and send at each due time until stopped."""
    via = check_ready(config)
    clock = clock or (lambda: datetime.now(UTC))
    stop = stop or threading.Event()
    with single_instance(config.lock_path):
        scheduler = Scheduler(config, run, clock=clock, log=log)
        with stop_on_signals(stop, log):
            upcoming = scheduler.start()
            when = (f"{', '.join(config.schedule.times)} {config.schedule_timezone}"
                    if not config.desks else
                    "; ".join(t.describe() for t in scheduler.timetables))
            if config.schedule.weekdays:  # else "07:00" reads as every day in the log
                when += f" on {', '.join(config.schedule.weekdays)}"
            log(f"scheduler started: {when}, sending via {via}; "
                f"next run {scheduler.describe(upcoming)}")
            if unbriefed := unbriefed_days_warning(config):
                log(unbriefed)
            scheduler.run(stop)
        log("scheduler stopped")
