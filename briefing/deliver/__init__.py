"""Delivery: the daily digest email and the schedule that sends it (DESIGN.md, deliver/).

    message.py    the email, made from out/<date>/ (text, inlined HTML, the PDF)
    transport.py  SMTP (STARTTLS or implicit TLS, verified), or the .eml outbox
    send.py       one date to the whole list, through the ledger in the store
    schedule.py   when runs are due (DST-correct), catch-up, the lock, the loop

Only this package sends anything out; only store.py writes the ledger.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from briefing.config import Config
from briefing.deliver.schedule import Due, Scheduler, single_instance, stop_on_signals
from briefing.deliver.send import SendReport, briefing_files, recipients_of, send_briefing
from briefing.deliver.transport import open_transport
from briefing.errors import DeliveryError

__all__ = ["Due", "SendReport", "Scheduler", "check_ready", "run_once", "scheduled_run",
           "send_briefing", "serve"]

Log = Callable[[str], None]


def scheduled_run(config: Config, due: Due, *, clock: Callable[[], datetime], log: Log) -> str:
    """Build the due date's briefing afresh and send it; the summary line is returned."""
    files = briefing_files(config, due.day, now=clock(), rebuild=True)
    if files.is_empty and not config.schedule.send_empty:
        line = f"{due.day.isoformat()}: no new items, nothing sent (schedule.send_empty = false)"
        log(line)
        return line
    report = send_briefing(config, due.day, files=files, clock=clock, log=log)
    for line in report.lines():
        log(line)
    log(report.summary())
    if not report.ok:
        raise DeliveryError(f"{report.summary()}: not every recipient was served")
    return report.summary()


def run_once(
    config: Config, *, clock: Callable[[], datetime] | None = None, log: Log = print
) -> str:
    """`schedule --once`: what a scheduled run does, for today, now."""
    clock = clock or (lambda: datetime.now(UTC))
    now = clock()
    today = now.astimezone(ZoneInfo(config.schedule_timezone)).date()
    return scheduled_run(config, Due(now, today), clock=clock, log=log)


def check_ready(config: Config) -> str:
    """Refuse at start what would fail at 7 a.m.: no recipients, a server out of reach."""
    recipients_of(config)
    transport = open_transport(config)
    transport.check()
    return transport.name


def serve(
    config: Config,
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
        scheduler = Scheduler(
            config, lambda due: scheduled_run(config, due, clock=clock, log=log),
            clock=clock, log=log,
        )
        with stop_on_signals(stop, log):
            upcoming = scheduler.start()
            log(f"scheduler started: {', '.join(config.schedule.times)} "
                f"{config.schedule_timezone}, sending via {via}; "
                f"next run {scheduler.describe(upcoming)}")
            scheduler.run(stop)
        log("scheduler stopped")
