"""The delivery ledger (briefing/deliver/send.py): each (desk, date, recipient) is sent once.

A sender claims a row before it sends and records how the sending ended, each in its own
transaction, so a restart, a retry or a second sender never sends twice: a claim left by
a crash is not taken again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from briefing.store.connection import StoreConnection


@dataclass(frozen=True)
class Delivery:
    """One row of the delivery ledger."""

    date: date
    recipient: str
    status: str
    message_id: str
    attempts: int
    claimed_at: datetime | None
    claimed_by: str
    sent_at: datetime | None
    detail: str
    desk: str = ""  # '' the whole-day briefing


_DELIVERY_COLUMNS = (
    "date, recipient, status, message_id, attempts, claimed_at, claimed_by, sent_at, detail,"
    " desk"
)


def _delivery_from_row(row: tuple) -> Delivery:
    """The Delivery of a row of _DELIVERY_COLUMNS."""
    def when(value: str | None) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return Delivery(date.fromisoformat(row[0]), row[1], row[2], row[3], row[4],
                    when(row[5]), row[6], when(row[7]), row[8], row[9])


class DeliveriesMixin(StoreConnection):
    """`Store`'s methods for the delivery ledger."""

    def delivery(self, day: date, recipient: str, desk: str = "") -> Delivery | None:
        """The ledger's row of (desk, date, recipient); None: never claimed."""
        row = self.db.execute(
            f"SELECT {_DELIVERY_COLUMNS} FROM deliveries"
            " WHERE date = ? AND recipient = ? AND desk = ?",
            (day.isoformat(), recipient.lower(), desk),
        ).fetchone()
        return _delivery_from_row(row) if row else None

    def deliveries(self, day: date | None = None, desk: str | None = None) -> list[Delivery]:
        """The ledger's rows, of a date and of a desk ('' the whole day) if given."""
        sql = f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE 1"
        params: list[str] = []
        if day is not None:
            sql += " AND date = ?"
            params.append(day.isoformat())
        if desk is not None:
            sql += " AND desk = ?"
            params.append(desk)
        rows = self.db.execute(sql + " ORDER BY date, desk, recipient", params)
        return [_delivery_from_row(r) for r in rows]

    def claim_delivery(
        self,
        day: date,
        recipient: str,
        *,
        message_id: str,
        now: datetime,
        claimer: str,
        reclaim: tuple[str, ...] = ("failed",),
        desk: str = "",
    ) -> Delivery | None:
        """Take the (desk, date, recipient) row for sending, or None when it is not ours.

        A new row, or one whose status is in `reclaim`, becomes 'sending'; an existing row
        keeps its Message-ID, but for one sent before (a resend): that is a new message,
        which the recipient's mail system must not discard as a duplicate of the copy it
        holds. Anything else (sent, refused, another sender's claim, or a claim left by a
        crash) is left alone.
        """
        allowed = ", ".join("?" for _ in reclaim) or "NULL"
        with self.transaction() as db:
            row = db.execute(
                "SELECT status, message_id FROM deliveries"
                " WHERE date = ? AND recipient = ? AND desk = ?",
                (day.isoformat(), recipient.lower(), desk),
            ).fetchone()
            if row is not None and row[0] not in reclaim:
                return None
            db.execute(
                "INSERT INTO deliveries (date, recipient, status, message_id, attempts,"
                " claimed_at, claimed_by, desk) VALUES (?, ?, 'sending', ?, 1, ?, ?, ?)"
                " ON CONFLICT (desk, date, recipient) DO UPDATE SET status = 'sending',"
                " attempts = attempts + 1, claimed_at = excluded.claimed_at,"
                " message_id = CASE WHEN status = 'sent' THEN excluded.message_id"
                " ELSE message_id END,"
                f" claimed_by = excluded.claimed_by WHERE status IN ({allowed})",
                (day.isoformat(), recipient.lower(), message_id,
                 now.astimezone(UTC).isoformat(), claimer, desk, *reclaim),
            )
        return self.delivery(day, recipient, desk)

    def finish_delivery(
        self,
        day: date,
        recipient: str,
        status: str,
        *,
        now: datetime,
        detail: str = "",
        message_id: str | None = None,
        desk: str = "",
    ) -> None:
        """Record how a claimed delivery ended: 'sent', 'failed' or 'refused'.

        `message_id` replaces the claimed one when the message went out under another
        (a BCC group's single Message-ID).
        """
        if status not in ("sent", "failed", "refused"):
            raise ValueError(f"not a final delivery status: {status}")
        sent_at = now.astimezone(UTC).isoformat() if status == "sent" else None
        with self.transaction() as db:
            db.execute(
                "UPDATE deliveries SET status = ?, sent_at = ?, detail = ?,"
                " message_id = coalesce(?, message_id)"
                " WHERE date = ? AND recipient = ? AND desk = ? AND status = 'sending'",
                (status, sent_at, detail, message_id, day.isoformat(), recipient.lower(),
                 desk),
            )
