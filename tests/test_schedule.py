"""The daily schedule: due instants across DST changes, catch-up, the lock, signals.

The scheduler is driven by an injected clock (no sleeping). The machine's own timezone
is set to one that is neither UTC nor any briefing's, so a naive local time anywhere
would show up as a run at the wrong hour.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import sleep
from zoneinfo import ZoneInfo

import pytest
from conftest import FOUNDING, REPO, zone_far_from_midnight

from briefing.config import Config, load_config
from briefing.deliver.schedule import (
    Due,
    Scheduler,
    due_between,
    local_instant,
    runs_to_do,
    single_instance,
)
from briefing.store import Store

BERLIN, NEW_YORK, KOLKATA = (ZoneInfo(z) for z in ("Europe/Berlin", "America/New_York",
                                                    "Asia/Kolkata"))


# the server's clock reads Chatham Islands time (conftest.machine_elsewhere)
pytestmark = pytest.mark.usefixtures("machine_elsewhere")


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def make_config(root: Path, *, tz: str = "Europe/Berlin", times=("07:00",), **schedule):
    lines = ["[briefing]", f'timezone = "{tz}"', "[email]", 'to = ["ann@example.org"]',
             "[schedule]", "times = [" + ", ".join(f'"{t}"' for t in times) + "]",
             "poll_seconds = 900"]
    for key, value in schedule.items():
        lines.append(f"{key} = {value!r}".replace("'", '"'))
    (root / "briefing.toml").write_text("\n".join(lines) + "\n")
    return load_config(root / "briefing.toml")


class Recorder:
    """The job: remembers each due run and when (by the injected clock) it ran."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.runs: list[tuple[Due, datetime]] = []

    def __call__(self, due: Due) -> str:
        self.runs.append((due, self.clock()))
        return "ok"


def drive(config, start: datetime, days: float, step=timedelta(minutes=15)):
    """Start a scheduler at `start`, tick every `step` for `days`; the runs it made."""
    clock = Clock(start)
    job = Recorder(clock)
    scheduler = Scheduler(config, job, clock=clock, log=lambda line: None)
    scheduler.start()
    end = start + timedelta(days=days)
    while clock.now < end:
        clock.now += step
        scheduler.tick()
    return job.runs


# --- pure due-time computation ----------------------------------------------------------


@pytest.mark.parametrize(("tz", "day", "expected_utc", "expected_local"), [
    # spring forward: 02:30 does not exist; run at the first instant after the gap, 03:00
    (BERLIN, date(2025, 3, 30), datetime(2025, 3, 30, 1, 0, tzinfo=UTC), "03:00 CEST"),
    (NEW_YORK, date(2025, 3, 9), datetime(2025, 3, 9, 7, 0, tzinfo=UTC), "03:00 EDT"),
    # fall back: 02:30 happens twice; run at the first (summer-time) one
    (BERLIN, date(2025, 10, 26), datetime(2025, 10, 26, 0, 30, tzinfo=UTC), "02:30 CEST"),
    (NEW_YORK, date(2025, 11, 2), datetime(2025, 11, 2, 5, 30, tzinfo=UTC), "01:30 EDT"),
    (KOLKATA, date(2025, 3, 30), datetime(2025, 3, 29, 21, 0, tzinfo=UTC), "02:30 IST"),
])
def test_local_instant_in_gaps_and_overlaps(tz, day, expected_utc, expected_local):
    at = time(1, 30) if expected_local.endswith("EDT") and day.month == 11 else time(2, 30)
    moment = local_instant(day, at, tz)
    assert moment == expected_utc
    assert f"{moment.astimezone(tz):%H:%M %Z}" == expected_local


def test_daily_runs_are_24_or_23_or_25_hours_apart_across_dst():
    for tz, spring, autumn in ((BERLIN, date(2025, 3, 30), date(2025, 10, 26)),
                               (NEW_YORK, date(2025, 3, 9), date(2025, 11, 2))):
        for change, gap in ((spring, 23), (autumn, 25)):
            start = datetime.combine(change - timedelta(days=2), time(12), tz)
            runs = due_between(start, start + timedelta(days=4), [time(7)], [], tz)
            assert [r.day for r in runs] == [change - timedelta(days=1) + timedelta(days=i)
                                             for i in range(4)]
            assert all(f"{r.at.astimezone(tz):%H:%M}" == "07:00" for r in runs)
            pairs = zip(runs, runs[1:], strict=False)
            hours = [(b.at - a.at) / timedelta(hours=1) for a, b in pairs]
            assert hours == [gap, 24, 24]


def test_catch_up_rules():
    now = datetime(2025, 1, 10, 12, tzinfo=UTC)
    missed = [Due(now - timedelta(days=n, hours=5), date(2025, 1, 10 - n)) for n in (3, 2, 1)]
    grace = timedelta(minutes=15)
    assert runs_to_do(missed, now, "latest", grace) == [missed[-1]]
    assert runs_to_do(missed, now, "all", grace) == missed
    assert runs_to_do(missed, now, "none", grace) == []
    on_time = Due(now - timedelta(minutes=1), date(2025, 1, 10))
    assert runs_to_do([*missed, on_time], now, "latest", grace) == [on_time]


# --- the scheduler, driven by an injected clock -----------------------------------------


def test_a_scheduler_started_at_a_due_time_names_the_next_one_as_its_next_run(tmp_path):
    """Started at 07:00 sharp, the scheduler sends nothing due before or at its first start,
    so the next run its start line names is tomorrow's, not the instant it started."""
    seven = datetime(2025, 1, 10, 6, tzinfo=UTC)  # 07:00 in Berlin
    clock = Clock(seven)
    scheduler = Scheduler(make_config(tmp_path), Recorder(clock), clock=clock,
                          log=lambda line: None)
    assert scheduler.start() == Due(seven + timedelta(days=1), date(2025, 1, 11))
    clock.now += timedelta(minutes=15)
    assert scheduler.tick() == []


@pytest.mark.parametrize(("tz", "changes"), [
    ("Europe/Berlin", (date(2025, 3, 30), date(2025, 10, 26))),
    ("America/New_York", (date(2025, 3, 9), date(2025, 11, 2))),
    ("Asia/Kolkata", (date(2025, 3, 30), date(2025, 10, 26))),  # no DST: nothing moves
])
def test_daily_run_at_seven_local_across_both_dst_changes(tmp_path, tz, changes):
    zone = ZoneInfo(tz)
    for n, change in enumerate(changes):
        root = tmp_path / str(n)
        root.mkdir()
        config = make_config(root, tz=tz, times=("07:00",))
        start = datetime.combine(change - timedelta(days=1), time(12), zone)
        runs = drive(config, start, days=3)
        assert [due.day for due, _ in runs] == [change + timedelta(days=i) for i in range(3)]
        for due, ran in runs:
            assert f"{due.at.astimezone(zone):%H:%M}" == "07:00"
            assert timedelta(0) <= ran - due.at < timedelta(minutes=15)


@pytest.mark.parametrize(("tz", "spring", "autumn", "spring_local", "autumn_local"), [
    ("Europe/Berlin", date(2025, 3, 30), date(2025, 10, 26), "03:00 CEST", "02:30 CEST"),
    ("America/New_York", date(2025, 3, 9), date(2025, 11, 2), "03:00 EDT", "02:30 EST"),
])
def test_a_0230_run_on_dst_change_days_runs_exactly_once(tmp_path, tz, spring, autumn,
                                                          spring_local, autumn_local):
    # (New York falls back at 02:00 -> 01:00, so 02:30 is unambiguous there in autumn)
    zone = ZoneInfo(tz)
    for n, (change, expected) in enumerate(((spring, spring_local), (autumn, autumn_local))):
        root = tmp_path / str(n)
        root.mkdir()
        config = make_config(root, tz=tz, times=("02:30",))
        start = datetime.combine(change - timedelta(days=1), time(12), zone)
        runs = drive(config, start, days=1, step=timedelta(minutes=5))
        assert len(runs) == 1, runs
        due, _ = runs[0]
        assert due.day == change and f"{due.at.astimezone(zone):%H:%M %Z}" == expected


@pytest.mark.parametrize(("tz", "spring"), [("Europe/Berlin", date(2025, 3, 30)),
                                             ("America/New_York", date(2025, 3, 9))])
def test_a_run_the_clocks_skip_says_so_in_the_log(tmp_path, tz, spring):
    """An operator who set 02:30 and finds the briefing sent at 03:00 on the night the
    clocks go forward reads why in the scheduler's log, both in the start line's next run
    and when the run starts; an ordinary day's 02:30 says nothing of the kind."""
    zone = ZoneInfo(tz)
    clock = Clock(datetime.combine(spring - timedelta(days=1), time(12), zone).astimezone(UTC))
    lines: list[str] = []
    scheduler = Scheduler(make_config(tmp_path, tz=tz, times=("02:30",)), Recorder(clock),
                          clock=clock, log=lines.append)
    upcoming = scheduler.describe(scheduler.start())
    note = "03:00 " + f"{local_instant(spring, time(3), zone).astimezone(zone):%Z}, for 02:30, "
    assert upcoming.startswith(f"{spring.isoformat()} {note}"), upcoming
    assert "which the clocks skip that day" in upcoming
    ran = []
    while not ran and clock.now.astimezone(zone).date() <= spring:
        clock.now += timedelta(minutes=5)
        ran = scheduler.tick()
    assert len(ran) == 1 and any(note in line for line in lines), lines
    lines.clear()
    clock.now += timedelta(days=1)
    assert len(scheduler.tick()) == 1
    assert lines == [] and "02:30 " in scheduler.describe(scheduler.start())


def test_the_berlin_overlap_runs_once_at_the_first_0230(tmp_path):
    config = make_config(tmp_path, times=("02:30",))
    start = datetime(2025, 10, 25, 23, 0, tzinfo=UTC)  # 01:00 CEST on fall-back day
    runs = drive(config, start, days=0.25, step=timedelta(minutes=5))
    assert [due.at for due, _ in runs] == [datetime(2025, 10, 26, 0, 30, tzinfo=UTC)]


def test_three_day_outage_catches_up_exactly_once(tmp_path):
    config = make_config(tmp_path, tz="Europe/Berlin")
    clock = Clock(datetime(2025, 1, 6, 5, 0, tzinfo=UTC))  # Monday 06:00 Berlin
    job = Recorder(clock)
    scheduler = Scheduler(config, job, clock=clock, log=lambda line: None)
    scheduler.start()
    clock.now += timedelta(hours=1, minutes=5)
    assert [d.day for d in scheduler.tick()] == [date(2025, 1, 6)]
    clock.now = datetime(2025, 1, 9, 10, 0, tzinfo=UTC)  # down Tue, Wed, Thu morning
    restarted = Scheduler(config, job, clock=clock, log=lambda line: None)
    restarted.start()
    assert [d.day for d in restarted.tick()] == [date(2025, 1, 9)]  # the latest, once
    assert restarted.tick() == []
    clock.now += timedelta(hours=2)
    assert restarted.tick() == []
    assert [due.day for due, _ in job.runs] == [date(2025, 1, 6), date(2025, 1, 9)]
    with Store.open(config.store_path) as store:
        statuses = [(day, status) for _, day, status in store.schedule_runs()]
    assert statuses[1:] == [("2025-01-06", "done"), ("2025-01-07", "skipped"),
                            ("2025-01-08", "skipped"), ("2025-01-09", "done")]


@pytest.mark.parametrize(("catch_up", "expected"), [("all", 3), ("none", 0)])
def test_catch_up_all_or_none(tmp_path, catch_up, expected):
    config = make_config(tmp_path, catch_up=catch_up)
    clock = Clock(datetime(2025, 1, 6, 8, 0, tzinfo=UTC))
    job = Recorder(clock)
    Scheduler(config, job, clock=clock).start()
    clock.now = datetime(2025, 1, 9, 10, 0, tzinfo=UTC)
    Scheduler(config, job, clock=clock, log=lambda line: None).tick()
    assert len(job.runs) == expected


def test_first_start_does_not_send_what_was_due_before_it(tmp_path):
    config = make_config(tmp_path)
    runs = drive(config, datetime(2025, 1, 6, 10, 0, tzinfo=UTC), days=1)
    assert [due.day for due, _ in runs] == [date(2025, 1, 7)]


def test_weekdays_only(tmp_path):
    config = make_config(tmp_path, weekdays=["mon", "tue", "wed", "thu", "fri"])
    runs = drive(config, datetime(2025, 1, 5, 12, 0, tzinfo=UTC), days=7,
                 step=timedelta(minutes=30))
    assert [due.day.strftime("%a") for due, _ in runs] == ["Mon", "Tue", "Wed", "Thu", "Fri"]


def test_two_schedulers_sharing_a_store_run_a_due_time_once(tmp_path):
    config = make_config(tmp_path)
    clock = Clock(datetime(2025, 1, 6, 5, 0, tzinfo=UTC))
    job = Recorder(clock)
    first = Scheduler(config, job, clock=clock)
    second = Scheduler(config, job, clock=clock)
    first.start()
    second.start()
    clock.now += timedelta(hours=1, minutes=1)
    assert len(first.tick()) + len(second.tick()) == 1
    assert len(job.runs) == 1


def _failing_run(config, error: Exception, after: timedelta) -> tuple[list, list[str]]:
    """A scheduler started at 06:00 Berlin on 6 January 2025 whose job raises `error`,
    ticked `after` later: (the runs the tick did, the lines it logged)."""
    clock = Clock(datetime(2025, 1, 6, 5, 0, tzinfo=UTC))
    lines: list[str] = []

    def job(due):
        raise error

    scheduler = Scheduler(config, job, clock=clock, log=lines.append)
    scheduler.start()
    clock.now += after
    return scheduler.tick(), lines


def test_a_failing_job_is_recorded_and_the_scheduler_goes_on(tmp_path):
    config = make_config(tmp_path)
    done, lines = _failing_run(config, RuntimeError("disk full"), timedelta(hours=2))
    assert len(done) == 1
    assert "crashed" in lines[0] and "disk full" in lines[0]
    with Store.open(config.store_path) as store:
        assert store.schedule_runs()[-1][2] == "failed"


@pytest.mark.parametrize(("times", "then"), [
    (("07:00",), "once the cause is fixed, `briefing send --date 2025-01-06` sends it "
                 "to those not served"),
    (("07:00", "09:00"), "the run at 09:00 CET tries again for those not served"),
])
def test_a_failed_run_says_what_happens_to_those_not_served(tmp_path, times, then):
    """The server down at 07:00: the line said only "failed: ... cannot connect", and with
    one time a day nothing ever served that day's briefing (tomorrow's run sends
    tomorrow's). The line says who serves it: the day's later time, or `send`."""
    from briefing.errors import DeliveryError

    config = make_config(tmp_path, times=times)
    error = DeliveryError("smtp 127.0.0.1:25: cannot connect ([Errno 111] Connection refused)")
    _, lines = _failing_run(config, error, timedelta(hours=1, minutes=1))
    assert lines == ["error: the run due 2025-01-06 07:00 CET (briefing of 2025-01-06) failed: "
                     "smtp 127.0.0.1:25: cannot connect ([Errno 111] Connection refused); "
                     + then]


def test_a_run_killed_part_way_is_done_again_by_the_next_scheduler(tmp_path):
    """A second Ctrl-C, SIGKILL or a power cut during the 07:00 run left its claim
    'running' for good: the scheduler restarted at 07:05 took it as done, and nobody not
    yet served got that day's briefing, with no word of it. A claim whose process is gone
    is released at start, and the run is a missed one (here on time: done again)."""
    config = make_config(tmp_path)
    clock = Clock(datetime(2025, 1, 6, 5, 0, tzinfo=UTC))  # 06:00 Berlin
    lines: list[str] = []
    job = Recorder(clock)
    Scheduler(config, job, clock=clock, log=lines.append).start()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that is no process any more: the killed scheduler's
    with Store.open(config.store_path) as store:
        assert store.claim_schedule_run(datetime(2025, 1, 6, 6, 0, tzinfo=UTC),
                                        date(2025, 1, 6), now=clock(), desk="",
                                        claimer=f"{socket.gethostname()}:{dead.pid}")
    clock.now = datetime(2025, 1, 6, 6, 5, tzinfo=UTC)  # restarted at 07:05
    restarted = Scheduler(config, job, clock=clock, log=lines.append)
    restarted.start()
    assert [d.day for d in restarted.tick()] == [date(2025, 1, 6)]
    assert restarted.tick() == []
    assert any("was interrupted" in line and f"pid {dead.pid}" in line for line in lines)
    with Store.open(config.store_path) as store:
        assert [s for _, _, s in store.schedule_runs()] == ["baseline", "done"]


def test_a_run_another_live_scheduler_holds_is_left_to_it(tmp_path):
    config = make_config(tmp_path)
    clock = Clock(datetime(2025, 1, 6, 5, 0, tzinfo=UTC))
    job = Recorder(clock)
    Scheduler(config, job, clock=clock).start()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        with Store.open(config.store_path) as store:  # a scheduler still at its run
            store.claim_schedule_run(datetime(2025, 1, 6, 6, 0, tzinfo=UTC),
                                     date(2025, 1, 6), now=clock(),
                                     claimer=f"{socket.gethostname()}:{alive.pid}")
        clock.now = datetime(2025, 1, 6, 6, 5, tzinfo=UTC)
        other = Scheduler(config, job, clock=clock, log=lambda line: None)
        other.start()
        assert other.tick() == [] and job.runs == []
    finally:
        alive.kill()
        alive.wait()


def test_a_claim_under_this_schedulers_own_pid_is_a_process_before_it(tmp_path):
    """In a container the scheduler is often pid 1 at every start: a claim left under our
    own pid was made by the process before this one (a starting scheduler has claimed
    nothing), so it is released, not taken for a live scheduler's."""
    config = make_config(tmp_path)
    clock = Clock(datetime(2025, 1, 6, 5, 0, tzinfo=UTC))
    job = Recorder(clock)
    Scheduler(config, job, clock=clock).start()
    with Store.open(config.store_path) as store:
        store.claim_schedule_run(datetime(2025, 1, 6, 6, 0, tzinfo=UTC), date(2025, 1, 6),
                                 now=clock(), claimer=f"{socket.gethostname()}:{os.getpid()}")
    clock.now = datetime(2025, 1, 6, 6, 5, tzinfo=UTC)
    restarted = Scheduler(config, job, clock=clock, log=lambda line: None)
    restarted.start()
    assert [d.day for d in restarted.tick()] == [date(2025, 1, 6)]


# --- the command -----------------------------------------------------------------------


def test_a_second_scheduler_exits_with_one_clear_line(tmp_path, run_cli):
    config = make_config(tmp_path)
    with single_instance(config.lock_path):
        r = run_cli("schedule", "--config", tmp_path / "briefing.toml")
    assert r.code == 1
    assert f"another scheduler is running (pid {os.getpid()} holds" in r.err
    assert len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize("lock_file", ["lockdir", "briefing.toml/schedule.lock"])
def test_a_lock_file_that_cannot_be_opened_is_one_line_naming_the_key(tmp_path, run_cli,
                                                                       lock_file):
    """A folder by the lock's name, or a parent that is a file: it was the last resort's
    bare "Is a directory", naming neither the lock nor the key that sets it."""
    (tmp_path / "lockdir").mkdir()
    make_config(tmp_path, lock_file=lock_file)
    r = run_cli("schedule", "--config", tmp_path / "briefing.toml")
    assert r.code == 1
    assert r.err.startswith(f"error: {tmp_path / lock_file}: cannot open the scheduler's lock "
                            "file; set schedule.lock_file to a file in a writable folder ("), r.err
    assert len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize(("schedule", "message"), [
    ({"timezone": "Mars/Olympus"}, "schedule.timezone = 'Mars/Olympus' is not an IANA timezone"),
    ({"times": ["25:00"]}, "schedule.times has '25:00'; each time must be \"HH:MM\""),
    ({"times": ["7:00"]}, "schedule.times has '7:00'"),
    ({"weekdays": ["monday"]}, "schedule.weekdays = 'monday' is not allowed"),
])
def test_bad_schedule_config_is_one_line_at_start(tmp_path, run_cli, schedule, message):
    make_config(tmp_path)
    text = (tmp_path / "briefing.toml").read_text().replace('times = ["07:00"]\n', "")
    for key, value in schedule.items():
        text += f"{key} = {value!r}\n".replace("'", '"')
    (tmp_path / "briefing.toml").write_text(text)
    r = run_cli("schedule", "--config", tmp_path / "briefing.toml")
    assert r.code == 2 and message in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1


def test_no_recipients_or_no_server_is_refused_at_start(tmp_path, run_cli):
    from smtpserver import free_port

    make_config(tmp_path)
    path = tmp_path / "briefing.toml"
    path.write_text(path.read_text().replace('to = ["ann@example.org"]', "to = []"))
    for command in (("schedule",), ("schedule", "--once")):  # schedule has no --to to suggest
        r = run_cli(*command, "--config", path)
        assert r.code == 1
        assert r.err == "error: no recipients: list them in email.to in briefing.toml\n"
    path.write_text(path.read_text().replace(
        "to = []", f'to = ["ann@example.org"]\nsmtp_host = "127.0.0.1"\nsmtp_port = {free_port()}'))
    r = run_cli("schedule", "--config", path)
    assert r.code == 1 and "cannot connect" in r.err
    assert len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_stops_the_scheduler_cleanly(tmp_path, sig):
    """SIGHUP too (a terminal closed, `kill -HUP` by a script expecting a reload): it
    killed the scheduler at once, mid-run, and systemd's Restart=on-failure takes a death
    by SIGHUP for a clean exit and does not restart it."""
    make_config(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "cli.py"), "schedule", "--config",
         str(tmp_path / "briefing.toml")],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        assert "scheduler started: 07:00 Europe/Berlin, sending via outbox" in first, first
        assert "next run" in first and "(briefing of " in first
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert f"{sig.name}: stopping after the current job" in out and "scheduler stopped" in out


def test_once_builds_and_sends_today_for_real(workdir, run_cli):
    """A real build of today (nothing new in the seeds today: the short "no new items"
    briefing is sent by default, and not at all with schedule.send_empty = false)."""
    import importlib.util

    if not (importlib.util.find_spec("briefing.summarize")
            and importlib.util.find_spec("briefing.themes")):
        pytest.skip("briefing.summarize / briefing.themes have not landed yet")
    zone = zone_far_from_midnight()
    make_config(workdir, tz=zone)
    config = workdir / "briefing.toml"
    config.write_text(config.read_text() + '[sources]\nwindow = "day"\n')
    r = run_cli("schedule", "--once")
    assert r.code == 0, r.err
    today = datetime.now(ZoneInfo(zone)).date()
    assert (workdir / "out" / today.isoformat() / "briefing.pdf").exists()
    (eml,) = (workdir / "out" / "outbox").glob(f"{today.isoformat()}_ann@example.org_*.eml")
    assert ": no new items" in eml.read_text() and "1 sent, 0 skipped" in r.out
    again = run_cli("schedule", "--once")
    assert again.code == 0 and "0 sent, 1 skipped" in again.out
    config.write_text(config.read_text().replace("poll_seconds", "send_empty = false\npoll_seconds")
                      .replace('"ann@example.org"', '"bob@example.org"'))
    quiet = run_cli("schedule", "--once")
    assert quiet.code == 0 and "no new items, nothing sent" in quiet.out
    assert not list((workdir / "out" / "outbox").glob("*bob*"))


def test_a_scheduled_run_logs_what_each_source_gave_and_why_one_failed(workdir, run_cli):
    """An operator reads the scheduler's log, not briefing.json: a configured folder that
    is missing (an unmounted share) must be one line there, naming it, and each source
    read must say how many articles it gave and how many were new, in lines that grep."""
    zone = zone_far_from_midnight()
    make_config(workdir, tz=zone)
    config = workdir / "briefing.toml"
    config.write_text(config.read_text()
                      + '[sources]\nwindow = "day"\npaths = ["seeds", "share"]\n')
    r = run_cli("schedule", "--once")
    assert r.code == 0, r.err
    log = r.out + r.err
    assert f"warning: {workdir / 'share'}: no such file or folder, skipped" in log
    seeds = len([p for p in (workdir / "seeds").iterdir() if p.name != "README.md"])
    assert f"source {workdir / 'seeds'}: {seeds} read, {seeds} new" in log
    # in the scheduler's log, its stdout, after the time (README), not as stderr's notes
    assert f"Z source {workdir / 'seeds'}: {seeds} read, {seeds} new" in r.out
    again = run_cli("schedule", "--once")
    assert f"source {workdir / 'seeds'}: {seeds} read, 0 new" in again.out + again.err


def test_a_failed_run_is_logged_in_one_line_whatever_the_names_it_quotes(tmp_path):
    """A run's error quotes what it could not read: a file named with a line break (a
    shared folder's) must not forge a line of the log, nor a bidi control turn it round."""
    make_config(tmp_path)
    config_file = tmp_path / "briefing.toml"
    config_file.write_text(config_file.read_text() + '[sources]\npaths = ["share"]\n')
    config = load_config(config_file)
    (tmp_path / "share").mkdir()
    forged = "x\n2025-01-06 06:00:01Z 2025-01-06: 40 sent, 0 failed\u202e.json"
    (tmp_path / "share" / forged).write_text('{"id": ', encoding="utf-8")
    from briefing.pipeline import scheduled_run

    clock = Clock(datetime(2025, 1, 6, 5, 0, tzinfo=UTC))
    lines: list[str] = []
    scheduler = Scheduler(config, lambda due: scheduled_run(
        config, due.day, clock=clock, log=lines.append, desks=due.desks),
        clock=clock, log=lines.append)
    scheduler.start()
    clock.now += timedelta(hours=2)
    assert len(scheduler.tick()) == 1
    (error,) = [line for line in lines if line.startswith("error:")]
    assert "no configured source could be read" in error, lines
    assert "x\\n2025-01-06 06:00:01Z" in error and "\\u202e" in error
    assert all("\n" not in line and "\u202e" not in line for line in lines), lines


@pytest.mark.parametrize("window", ["day", "since-previous"])
def test_a_days_own_window_on_weekdays_says_the_other_days_are_in_no_briefing(tmp_path,
                                                                              window):
    """Monday to Friday with `sources.window = "day"`: Monday's briefing reads Monday's
    news alone, so Saturday's and Sunday's are in no briefing, and nothing said so. The
    scheduler's start says it once; with the default window Monday's briefing covers the
    weekend, and there is nothing to say."""
    from briefing.deliver import serve

    make_config(tmp_path, weekdays=["mon", "tue", "wed", "thu", "fri"])
    config_file = tmp_path / "briefing.toml"
    config_file.write_text(config_file.read_text() + f'[sources]\nwindow = "{window}"\n')
    config = load_config(config_file)
    lines: list[str] = []
    stop = threading.Event()
    stop.set()  # started, then stopped at once
    serve(config, lambda due: "", clock=Clock(datetime(2025, 3, 7, 12, 0, tzinfo=UTC)),
          log=lines.append, stop=stop)
    (started,) = [line for line in lines if line.startswith("scheduler started:")]
    assert " on mon, tue, wed, thu, fri, " in started, started  # which days it runs on
    warnings = [line for line in lines if line.startswith("warning:")]
    if window == "since-previous":
        assert warnings == [], lines
        return
    (warning,) = warnings
    assert "sat, sun" in warning and 'sources.window = "day"' in warning, warning


def _start_scheduler(root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(REPO / "cli.py"), "schedule", "--config",
         str(root / "briefing.toml")],
        cwd=root, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _read_until(proc: subprocess.Popen[str], words: str, seen: list[str]) -> None:
    """Read the scheduler's log until a line holds `words` (it exits if it never does:
    the test then fails on what it printed)."""
    for line in proc.stdout:
        seen.append(line)
        if words in line:
            return
    raise AssertionError(f"{words!r} never logged:\n{''.join(seen)}")


def _greylisted(root: Path, port: int, more: str = "") -> Config:
    """A config mailing the founding article to ann@example.org through the server on
    `port`, whose retries wait 600 s (the greylisting server's test), with `more` TOML."""
    (root / "news").mkdir()
    (root / "news" / FOUNDING.name).write_bytes(FOUNDING.read_bytes())
    (root / "briefing.toml").write_text(
        '[briefing]\ntimezone = "UTC"\n[sources]\npaths = ["news"]\n'
        f'[email]\nto = ["ann@example.org"]\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {port}\nsecurity = "none"\nretry_delay = 600\n' + more)
    return load_config(root / "briefing.toml")


def _stop_in_its_wait_to_retry(proc: subprocess.Popen[str], handler) -> datetime:
    """SIGTERM to `proc` once the server has turned ann@example.org away and `proc` waits to
    retry; when it was sent."""
    deadline = datetime.now(UTC) + timedelta(seconds=120)
    while handler.tempfail["ann@example.org"] == 100:  # not yet turned away once
        assert proc.poll() is None and datetime.now(UTC) < deadline
        sleep(0.2)  # not Event.wait: it never ends under faketime
    sleep(1)  # in its wait to retry
    stopped_at = datetime.now(UTC)
    proc.send_signal(signal.SIGTERM)
    return stopped_at


@pytest.mark.parametrize(("command", "code", "last_line"), [
    (["schedule", "--once"], 1, "error: the scheduler was asked to stop before retrying; "
                                "the run stopped there, the rest untried"),
    (["send"], 130, "aborted"),  # as Ctrl-C
])
def test_sigterm_while_a_command_waits_to_retry_records_the_recipient_as_not_served(
        tmp_path, command, code, last_line):
    """`schedule --once` or `send` from cron or a systemd timer, stopped (SIGTERM) while it
    waited to retry a greylisted recipient: it died at once, as Python does on SIGTERM,
    and left the recipient claimed, "unconfirmed", which no later send serves. It stops
    now in one line, the recipient recorded as not served, for the next send."""
    from smtpserver import Handler, Server

    handler = Handler(tempfail={"ann@example.org": 100})
    with Server(handler) as server:
        config = _greylisted(tmp_path, server.port)
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "cli.py"), *command, "--config",
             str(tmp_path / "briefing.toml")],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            _stop_in_its_wait_to_retry(proc, handler)
            out, err = proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert proc.returncode == code, (out, err)
        assert err.splitlines()[-1] == last_line and "Traceback" not in err, err
        with Store.open(config.store_path) as store:
            rows = [d for d in store.deliveries() if d.recipient == "ann@example.org"]
        assert [r.status for r in rows] == ["failed"], rows  # never 'sending'


def test_sigterm_while_a_send_waits_to_retry_stops_at_once_and_the_run_is_caught_up(tmp_path):
    """systemd's stop (SIGTERM) came while the 07:00 run waited to retry a greylisted
    recipient (retry_delay = 60 as the README advises: 60, 120 and 240 s). The scheduler
    slept it out, past TimeoutStopSec, and systemd's SIGKILL left the recipient claimed:
    "unconfirmed", never sent again. It stops now, the recipient not served, and the
    next scheduler catches the run up."""
    from smtpserver import Handler, Server

    now = datetime.now(UTC)
    due = (now - timedelta(minutes=2)).replace(second=0, microsecond=0)
    handler = Handler(tempfail={"ann@example.org": 100})
    with Server(handler) as server:
        config = _greylisted(tmp_path, server.port,
                             f'[schedule]\ntimes = ["{due:%H:%M}"]\npoll_seconds = 1\n')
        with Store.open(config.store_path) as store:  # started before the run was due
            store.schedule_baseline(now - timedelta(minutes=10))

        proc = _start_scheduler(tmp_path)
        try:
            stopped_at = _stop_in_its_wait_to_retry(proc, handler)
            log, _ = proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert proc.returncode == 0, log
        assert datetime.now(UTC) - stopped_at < timedelta(seconds=30), log
        assert "scheduler stopped" in log and "caught up" in log, log
        with Store.open(config.store_path) as store:
            row = store.delivery(due.date(), "ann@example.org")
            assert row is not None and row.status == "failed", row  # never 'sending'

        handler.tempfail.clear()  # the server takes mail again; the scheduler restarts
        proc = _start_scheduler(tmp_path)
        seen = []
        try:
            _read_until(proc, "1 sent", seen)
            proc.send_signal(signal.SIGTERM)
            out, _ = proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert proc.returncode == 0, "".join(seen) + out
        assert len(handler.to("ann@example.org")) == 1


def test_a_stop_during_a_run_leaves_the_runs_not_begun_to_the_next_start(tmp_path):
    """Runs at 07:00 and 07:05, both due in one tick, and the stop (SIGTERM, Ctrl-C) came
    while 07:00's was building: the scheduler went on to build and send 07:05's too, past
    systemd's TimeoutStopSec. It stops after the run in progress; the next start does the
    one not begun."""
    config = make_config(tmp_path, times=("07:00", "07:05"))
    berlin = ZoneInfo("Europe/Berlin")
    clock = Clock(datetime(2025, 1, 6, 6, 59, tzinfo=berlin))
    stop = threading.Event()
    ran: list[datetime] = []

    def job(due: Due) -> str:
        ran.append(due.at)
        stop.set()  # asked to stop while this run builds
        return "ok"

    lines: list[str] = []
    scheduler = Scheduler(config, job, clock=clock, log=lines.append)
    scheduler.start()
    clock.now = datetime(2025, 1, 6, 7, 6, tzinfo=berlin)  # both due, neither begun
    scheduler.run(stop)
    assert ran == [datetime(2025, 1, 6, 7, 0, tzinfo=berlin)], lines

    clock.now += timedelta(minutes=1)
    job_again = Recorder(clock)
    again = Scheduler(config, job_again, clock=clock, log=lines.append)
    again.start()
    again.tick()
    assert [due.at for due, _ in job_again.runs] == [datetime(2025, 1, 6, 7, 5, tzinfo=berlin)]
