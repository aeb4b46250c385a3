"""The scheduler's runs (briefing/deliver/schedule.py): which due times of each desk's
schedule were run, so that each is run by one process only, and a scheduler started again
knows the times it missed: those after the latest run, or after the baseline (its first
start) when none has run yet.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from briefing.store.connection import StoreConnection


class ScheduleMixin(StoreConnection):
    """`Store`'s methods for the scheduler's runs."""

    def last_schedule_due(self, desk: str = "") -> datetime | None:
        """The latest due instant the scheduler has handled for a desk ('' the whole day),
        or its first start."""
        row = self.db.execute(
            "SELECT max(due) FROM schedule_runs WHERE desk = ?", (desk,)
        ).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

    def schedule_baseline(self, now: datetime, desk: str = "") -> None:
        """The first start (of a desk's schedule): due times before it are not caught up."""
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO schedule_runs (due, date, status, started_at, desk)"
                " VALUES (?, '', 'baseline', ?, ?)",
                (_utc(now), _utc(now), desk),
            )

    def claim_schedule_run(self, due: datetime, day: date, *, now: datetime,
                           desk: str = "", claimer: str = "") -> bool:
        """True if this process (`claimer`, "host:pid") owns the desk's run due at `due`
        (no other process ran it)."""
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO schedule_runs"
                " (due, date, status, started_at, desk, claimed_by)"
                " VALUES (?, ?, 'running', ?, ?, ?)",
                (_utc(due), day.isoformat(), _utc(now), desk, claimer),
            )
            return cursor.rowcount == 1

    def running_schedule_runs(self, desk: str = "") -> list[tuple[datetime, str, str]]:
        """(due, briefing date, claimer) of the desk's runs claimed and not finished."""
        rows = self.db.execute(
            "SELECT due, date, claimed_by FROM schedule_runs"
            " WHERE desk = ? AND status = 'running' ORDER BY due", (desk,))
        return [(datetime.fromisoformat(d), day, who) for d, day, who in rows]

    def release_schedule_run(self, due: datetime, desk: str = "") -> None:
        """Forget the claim of a run whose process died before finishing it: the run is
        a missed one again. The baseline stays, so its times are still counted from it."""
        with self.transaction() as db:
            db.execute("DELETE FROM schedule_runs WHERE due = ? AND desk = ?"
                       " AND status = 'running'", (_utc(due), desk))

    def finish_schedule_run(self, due: datetime, status: str, *, now: datetime,
                            detail: str = "", desk: str = "") -> None:
        """Record how the desk's run due at `due` ended (done, failed, skipped) and why."""
        with self.transaction() as db:
            db.execute(
                "UPDATE schedule_runs SET status = ?, finished_at = ?, detail = ?"
                " WHERE due = ? AND desk = ?",
                (status, _utc(now), detail, _utc(due), desk),
            )

    def schedule_runs(self, desk: str | None = None) -> list[tuple[datetime, str, str]]:
        """(due, briefing date, status) of every run (of one desk, if given), oldest first;
        the baseline included."""
        sql, params = "SELECT due, date, status FROM schedule_runs", ()
        if desk is not None:
            sql, params = sql + " WHERE desk = ?", (desk,)
        rows = self.db.execute(sql + " ORDER BY due, desk", params)
        return [(datetime.fromisoformat(d), day, status) for d, day, status in rows]


def _utc(moment: datetime) -> str:
    """Whole seconds in UTC, so that instants compare as text."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
