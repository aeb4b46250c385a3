"""Building for delivery: the date's files for mailing, built first when they are
missing or are not the day's briefing, and the scheduled run that builds and sends them."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import Config
from briefing.errors import DeliveryError, SendStopped
from briefing.pipeline.day import another_build, build
from briefing.pipeline.editions import locked_folders
from briefing.render import FORMATS

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from briefing.deliver.message import BriefingFiles


def built_files(config: Config, day: date, *, now: datetime | None = None,
                rebuild: bool = False, desk: str = "") -> BriefingFiles:
    """The date's rendered files for mailing (a desk's, out/<date>/<desk>/), building them
    first if any is missing, if they are an on-demand build (`build --source`), or if
    `rebuild`.

    An on-demand build is not the day's briefing: mailed, it would take the date's place
    in the delivery ledger and the configured briefing would never go out. Rebuilding
    keeps its files as an edition (out/<date>/edition-<n>/).

    A mailed briefing always rolls up its whole day (`sources.rollup`): whoever is served
    by a later run of the same morning (after a temporary failure, say) must get the full
    day, not only what came in since the first run.
    """
    return built_editions(config, day, [desk], now=now, rebuild=rebuild)[desk]


def built_editions(config: Config, day: date, desks: Sequence[str], *,
                   now: datetime | None = None, rebuild: bool = False,
                   log: Callable[[str], None] | None = None) -> dict[str, BriefingFiles]:
    """`built_files` for several desks ("" the whole day) at once: those to build are
    built together, from one ingest. `log` gets, when they are built, what each source
    gave ("source …") and the build's warnings (a feed that failed), which would otherwise
    be in briefing.json alone, where no operator looks; each warning comes as "warning: …",
    so that a log of both tells them apart (the scheduler's prints the lines as they are,
    `send`'s puts each on stderr as `build` does, by that prefix). It gets a line too when
    another build of the date holds a folder, before waiting for it."""
    from briefing.deliver.message import BriefingFiles
    from briefing.store import Store

    def folder(desk: str) -> Path:
        day_folder = config.out_dir / day.isoformat()
        return day_folder / desk if desk else day_folder

    # the folders locked from the check to the reading, as a build locks them while it
    # writes: another build of the date (the scheduler's, an analyst's) never has its
    # files half replaced when they are read, nor slips its own in after this one's
    def waiting(where: Path) -> None:  # else a send looked hung for the whole build
        if log:
            log(another_build(day, where))

    with locked_folders([folder(d) for d in desks], waiting):
        with Store.open(config.store_path) as store:
            current = {d: store.edition(day, d) for d in desks}
        stale = [d for d in desks if rebuild or BriefingFiles.missing(folder(d))
                 or (current[d] is not None and current[d].on_demand)]
        if stale:
            day_config = replace(config, sources=replace(config.sources, rollup=True))
            result = build(day_config, day=day, formats=list(FORMATS), now=now, desks=stale)
            for line in (*result.sources_read, *(f"warning: {w}" for w in result.warnings)):
                if log:
                    log(line)
        return {d: BriefingFiles.read(folder(d), day, d) for d in desks}


def scheduled_run(
    config: Config, day: date, *, clock: Callable[[], datetime], log: Callable[[str], None],
    desks: Sequence[str] = ("",), sleep: Callable[[float], None] = time.sleep,
) -> str:
    """Build `day`'s briefing afresh (each of `desks`', "" the whole day's) and send it;
    the summary line is returned. `sleep` waits before a retry (the scheduler's ends when
    it is asked to stop)."""
    from briefing.deliver import send_desks

    editions = built_editions(config, day, desks, now=clock(), rebuild=True, log=log)
    if not config.schedule.send_empty:
        for desk, files in list(editions.items()):
            if files.is_empty:
                what = f" desk {desk}" if desk else ""
                log(f"{day.isoformat()}{what}: no new items, nothing sent "
                    "(schedule.send_empty = false)")
                del editions[desk]
        if not editions:
            return (f"{day.isoformat()}: no new items, nothing sent "
                    "(schedule.send_empty = false)")
    try:
        reports = send_desks(config, day, list(editions), files=editions, clock=clock, log=log,
                             sleep=sleep)
    except SendStopped as e:  # whom it served before the server went away; the scheduler
        for line in e.lines():  # says why and what then
            log(line)
        raise DeliveryError(f"{e}; the run stopped there, the rest untried") from None
    for report in reports:
        for line in report.lines():
            log(line)
        log(report.summary())
    summary = "; ".join(r.summary() for r in reports)
    if not all(r.ok for r in reports):
        raise DeliveryError(f"{summary}: not every recipient was served")
    return summary
