"""When the daily briefing is due: pure functions over aware datetimes, and the loop.

Every instant here is timezone-aware. A configured time ("07:00") is a wall-clock time in
the schedule's IANA timezone (schedule.timezone, else briefing.timezone); the machine's
own timezone is never consulted, so a server on UTC sends Berlin's briefing at Berlin's 7.

Daylight-saving changes, both ways:

- A time in the spring-forward gap (02:30 in Europe/Berlin on the last Sunday of March
  does not exist) runs once, at the first instant after the gap (03:00 local, the moment
  the clocks jump).
- A time in the fall-back overlap (02:30 on the last Sunday of October happens twice)
  runs once, at its first occurrence (the summer-time one, `fold=0`).

Why the loop is ours and not the `schedule` package's: `schedule` keeps `next_run` as a
naive local datetime and compares it with `datetime.now()`. With `.at("02:30")` that
fires twice or never around a DST change; even `every(30).seconds` stops ticking for an
hour when the machine's clock falls back (its next run is suddenly an hour ahead). It also
has no notion of catching up after downtime or of remembering what already ran. Here the
due instants are computed with zoneinfo, what ran is remembered in the store, and the
loop only wakes up every `poll_seconds` (a monotonic wait) to compare aware instants.
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import FrameType
from zoneinfo import ZoneInfo

from briefing.config import Config
from briefing.errors import BriefingError, DeliveryError, WriteError, one_line
from briefing.fileio import os_reason

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _claimer() -> str:
    """This process, as a scheduled run's claim names it: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True, order=True)
class Due:
    """One scheduled run: the instant it is due, the date of the briefing it sends and
    which briefings: desk ids ([[desks]]), "" for the whole day's."""

    at: datetime  # aware
    day: date  # the local date the time was configured on
    desks: tuple[str, ...] = ("",)


@dataclass(frozen=True)
class Timetable:
    """When one briefing (a desk's, or "" the whole day's) is due."""

    desk: str
    times: tuple[time, ...]
    weekdays: tuple[str, ...]
    tz: ZoneInfo

    def describe(self) -> str:
        times = ", ".join(f"{t:%H:%M}" for t in self.times)
        return f"{self.desk or 'whole day'} {times} {self.tz.key}"


def timetables(config: Config) -> list[Timetable]:
    """The schedule of each briefing `schedule` mails (send.mailed_desks): the whole day's
    at schedule.times in the schedule's timezone; a desk's at its own `times` and
    `timezone` where it sets them."""
    from briefing.deliver.send import mailed_desks

    out = []
    for desk in mailed_desks(config):
        settings = config.desk(desk) if desk else None
        times = (settings.times if settings and settings.times else config.schedule.times)
        zone = settings.timezone if settings and settings.timezone else config.schedule_timezone
        out.append(Timetable(desk, tuple(parse_time(t) for t in times),
                             tuple(config.schedule.weekdays), ZoneInfo(zone)))
    return out


def parse_time(text: str) -> time:
    """ "07:00" -> time(7, 0); the config loader has already refused "25:00"."""
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _offset_changes(tz: ZoneInfo, start: datetime, end: datetime) -> datetime:
    """The first UTC instant in (start, end] whose UTC offset differs from start's."""
    before = start.astimezone(tz).utcoffset()
    low, high = start, end
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The instant `at` o'clock on `day` in `tz`, as an aware UTC datetime.

    In an overlap the first occurrence wins; in a gap, the first instant after the gap.
    """
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first  # an ordinary time, or the first of two (fold=0 is the earlier)
    # A gap: fold=1 reads the wall time with the offset after the change (an instant
    # before the change), fold=0 with the offset before it (after the change). The change
    # itself lies between the two.
    return _offset_changes(tz, min(first, second), max(first, second))


def due_between(
    after: datetime,
    until: datetime,
    times: Sequence[time],
    weekdays: Sequence[str],
    tz: ZoneInfo,
) -> list[Due]:
    """Every run due in (after, until], oldest first. Empty `weekdays` means every day."""
    allowed = {WEEKDAY_NAMES.index(d) for d in weekdays} if weekdays else set(range(7))
    first_day = after.astimezone(tz).date() - timedelta(days=1)
    last_day = until.astimezone(tz).date() + timedelta(days=1)
    out = []
    day = first_day
    while day <= last_day:
        if day.weekday() in allowed:
            for at in times:
                moment = local_instant(day, at, tz)
                if after < moment <= until:
                    out.append(Due(moment, day))
        day += timedelta(days=1)
    return sorted(set(out))


def next_due(after: datetime, times: Sequence[time], weekdays: Sequence[str],
             tz: ZoneInfo) -> Due:
    """The first run due strictly after `after` (a week always holds one)."""
    return due_between(after, after + timedelta(days=8), times, weekdays, tz)[0]


def runs_to_do(missed: Sequence[Due], now: datetime, catch_up: str, grace: timedelta) -> list[Due]:
    """Which of the runs due since the last one to do now.

    A run within `grace` of its time is on time and always done. Older ones were missed
    (the machine was down): "latest" does only the most recent of them, once, and none when
    a run is on time (that one is the latest); "all" does each; "none" drops them.
    """
    on_time = [d for d in missed if now - d.at <= grace]
    late = [d for d in missed if now - d.at > grace]
    if catch_up == "all":
        return [*late, *on_time]
    if catch_up == "latest" and missed:
        return on_time or [missed[-1]]
    return on_time


# --- the loop ----------------------------------------------------------------------------

Clock = Callable[[], datetime]
Job = Callable[[Due], str]


class Scheduler:
    """Runs `job` for each due run, remembering in the store what ran.

    `clock` is injectable so that tests drive days and DST changes without sleeping.
    Each run is claimed in the store before the job starts, so a run is done once even
    if a second scheduler got past the lock file (one given another `lock_file`; a store
    shared between hosts is not supported: README, "The store over time").

    With desks, each desk keeps its own times and timezone (`timetables`) and its own runs
    in the store; desks due at the same instant for the same date are one run (one build;
    with email.combine_desks, one email per person).
    """

    def __init__(self, config: Config, job: Job, *, clock: Clock | None = None,
                 log: Callable[[str], None] = print) -> None:
        self.config = config
        self.job = job
        self.clock = clock or (lambda: datetime.now(UTC))
        self.log = log
        self.timetables = timetables(config) or [
            Timetable("", tuple(parse_time(t) for t in config.schedule.times),
                      tuple(config.schedule.weekdays), ZoneInfo(config.schedule_timezone))]
        self.tz = self.timetables[0].tz
        self.times = list(self.timetables[0].times)
        self.grace = timedelta(seconds=max(15 * 60, 2 * config.schedule.poll_seconds))
        self.stop = threading.Event()  # `run`'s, which Ctrl-C, SIGTERM and SIGHUP set

    def _store(self):
        from briefing.store import Store

        return Store.open(self.config.store_path)

    def start(self) -> Due:
        """Remember the first start of each desk's schedule (earlier runs are not caught
        up); the next run."""
        now = self.clock()
        with self._store() as store:
            for table in self.timetables:
                self._release_interrupted(store, table.desk)
                if store.last_schedule_due(table.desk) is None:
                    store.schedule_baseline(now, table.desk)
        return self.next_run(now)

    def _release_interrupted(self, store, desk: str) -> None:
        """A run this host's scheduler claimed and never finished (killed, a second Ctrl-C,
        a power cut) is released: missed, it is caught up like any missed run. The ledger
        keeps whoever it served from getting it twice."""
        for at, day, claimer in store.running_schedule_runs(desk):
            host, _, pid = claimer.rpartition(":")
            # our own pid is a process before us (this one has claimed nothing yet): in a
            # container the scheduler is often pid 1 at every start
            if host != socket.gethostname() or not pid.isdigit() or (
                    int(pid) != os.getpid() and _alive(int(pid))):
                continue  # another host's, or a process still at it
            _release_run(store, at, desk)
            due = Due(at, date.fromisoformat(day), (desk,))
            self.log(f"the run due {self.describe(due)} was interrupted (pid {pid} stopped "
                     "before it finished): it is caught up as a missed run")

    def next_run(self, now: datetime) -> Due:
        upcoming = [(next_due(now, t.times, t.weekdays, t.tz), t.desk) for t in self.timetables]
        soonest = min(due for due, _ in upcoming)
        return Due(soonest.at, soonest.day,
                   tuple(d for due, d in upcoming if (due.at, due.day) == (soonest.at,
                                                                            soonest.day)))

    def tick(self) -> list[Due]:
        """Do whatever is due now; returns the runs this call did."""
        now = self.clock()
        chosen: dict[tuple[datetime, date], list[str]] = {}
        with self._store() as store:
            for table in self.timetables:
                desk = table.desk
                last = store.last_schedule_due(desk) or now
                missed = due_between(last, now, table.times, table.weekdays, table.tz)
                todo = runs_to_do(missed, now, self.config.schedule.catch_up, self.grace)
                for due in missed:
                    if due not in todo and store.claim_schedule_run(due.at, due.day, now=now,
                                                                    desk=desk):
                        store.finish_schedule_run(due.at, "skipped", now=now, desk=desk,
                                                  detail="missed while down; not caught up")
                        self.log(f"skipped the run due {self.describe(replace(due, desks=(desk,)))}"
                                 " (missed while down)")
                for due in todo:
                    chosen.setdefault((due.at, due.day), []).append(desk)
        done = []
        for (at, day), desks in sorted(chosen.items()):
            if self.stop.is_set():  # those not begun are missed runs to the next start
                break
            with self._store() as store:
                # each desk's run is claimed on its own: another scheduler may hold some
                mine = tuple(d for d in desks
                             if store.claim_schedule_run(at, day, now=self.clock(), desk=d,
                                                         claimer=_claimer()))
            if not mine:
                continue  # another scheduler has it
            due = Due(at, day, mine)
            if any(_skipped(due, t) for t in self.timetables if t.desk in mine):
                # otherwise nothing in the log says why 02:30's briefing went at 03:00
                self.log(f"starting the run due {self.describe(due)}")
            status, detail = "done", ""
            try:
                detail = self.job(due)
            except BriefingError as e:
                if self.stop.is_set():
                    # cut short by a stop (in a wait to retry a recipient): a missed run to
                    # the next start, as a killed one is, not a failure left to `send`
                    self._release(due, e)
                    continue
                status, detail = "failed", str(e)
                # the error quotes what it could not read (a file's name, a feed's
                # reply): one line of the log, as the CLI prints an error
                self.log(one_line(f"error: the run due {self.describe(due)} failed: {e}; "
                                  + self._who_serves_it(due)))
            except Exception as e:  # a bug must not stop tomorrow's briefing
                status, detail = "failed", f"{type(e).__name__}: {e}"
                self.log(f"error: the run due {self.describe(due)} crashed:\n"
                         + traceback.format_exc())
            with self._store() as store:
                for desk in mine:
                    store.finish_schedule_run(at, status, now=self.clock(), detail=detail,
                                              desk=desk)
            done.append(due)
        return done

    def _release(self, due: Due, why: BriefingError) -> None:
        with self._store() as store:
            for desk in due.desks:
                _release_run(store, due.at, desk)
        self.log(one_line(f"the run due {self.describe(due)} was stopped before it finished "
                          f"({why}): it is caught up when the scheduler starts again"))

    def _who_serves_it(self, due: Due) -> str:
        """Who serves a failed run's briefing: a later time of the same date, else `send`
        (tomorrow's run sends tomorrow's briefing)."""
        later = []
        for table in self.timetables:
            if table.desk in due.desks:
                again = [d for d in due_between(due.at, due.at + timedelta(days=2), table.times,
                                                table.weekdays, table.tz) if d.day == due.day]
                if not again:
                    break
                later.append(again[0].at.astimezone(table.tz))
        else:
            if later:
                return f"the run at {max(later):%H:%M %Z} tries again for those not served"
        desks = "".join(f" --desk {d}" for d in due.desks if d)
        return (f"once the cause is fixed, `briefing send --date {due.day.isoformat()}"
                f"{desks}` sends it to those not served")

    def describe(self, due: Due) -> str:
        table = next((t for t in self.timetables if t.desk in due.desks), self.timetables[0])
        local = due.at.astimezone(table.tz)
        desks = [d for d in due.desks if d]
        which = f", desk{'s' if len(desks) > 1 else ''} {', '.join(desks)}" if desks else ""
        skipped = _skipped(due, table)
        moved = (f", for {skipped:%H:%M}, which the clocks skip that day" if skipped
                 else "")
        return f"{local:%Y-%m-%d %H:%M %Z}{moved} (briefing of {due.day.isoformat()}{which})"

    def run(self, stop: threading.Event) -> None:
        """Tick every poll_seconds until `stop` is set; a job in progress is finished, but
        for a wait to retry a recipient (`stoppable_sleep`)."""
        self.stop = stop
        while not stop.is_set():
            self.tick()
            stop.wait(self.config.schedule.poll_seconds)


def _release_run(store, at: datetime, desk: str) -> None:
    """Unclaim `desk`'s run due `at`, so the next start catches it up as a missed run. A
    desk with no other row (no baseline) gets one just before it: with none, `start` would
    count its times from the next start, and this run would never be caught up."""
    store.release_schedule_run(at, desk)
    if store.last_schedule_due(desk) is None:
        store.schedule_baseline(at - timedelta(seconds=1), desk)


def stoppable_sleep(stop: threading.Event) -> Callable[[float], None]:
    """A send's wait before a retry that ends when `stop` is set. The waits double from
    email.retry_delay (60 s for a greylisting server: 7 minutes for one message), longer
    than systemd waits for a stop (TimeoutStopSec) before its SIGKILL, which would leave
    the recipient claimed and never sent again ("unconfirmed"). Stopped, the message is
    not sent, the recipient is recorded as not served, and the run is caught up."""

    def sleep(seconds: float) -> None:
        if stop.wait(seconds):
            raise DeliveryError("the scheduler was asked to stop before retrying")

    return sleep


def _skipped(due: Due, table: Timetable) -> time | None:
    """The configured time a run stands for when the clocks skipped it on its day (02:30
    on the spring-forward night, run at 03:00: `local_instant`); None for any other run."""
    local = due.at.astimezone(table.tz).time()
    return next((t for t in table.times
                 if t != local and local_instant(due.day, t, table.tz) == due.at), None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@contextmanager
def single_instance(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `lock_path` (fcntl.flock), or refuse with one line.

    The lock goes with the process: a crashed scheduler never leaves a stale lock behind.
    """
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:  # a folder by that name, a parent that is a file, a read-only folder
        raise WriteError(lock_path, os_reason(e, lock_path),
                         action="cannot open the scheduler's lock file; set "
                                "schedule.lock_file to a file in a writable folder") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            raise DeliveryError(
                f"another scheduler is running (pid {holder} holds {lock_path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


@contextmanager
def stop_on_signals(stop: threading.Event, log: Callable[[str], None]) -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP set `stop`: the loop ends after the job in progress, if
    any. SIGHUP's default would kill it mid-run (a closed terminal, a `kill -HUP` meant as
    a reload), and systemd's Restart=on-failure takes that death for a clean exit; the
    configuration is read at start, so a restart is what applies it.

    A second Ctrl-C interrupts at once (the ledger's claims keep that safe). Signals can
    only be caught in the main thread; elsewhere (tests) `stop` is set by the caller.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: FrameType | None) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        log(f"{signal.Signals(signum).name}: stopping after the current job")

    previous = {s: signal.signal(s, handler)
                for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
