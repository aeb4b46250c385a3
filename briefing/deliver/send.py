"""Send one date's briefing to the list, through the ledger, exactly once per recipient.

For each message (one per recipient, or one per BCC group):

1. claim each recipient's ledger row (date, recipient) in its own transaction: a new row,
   or one left 'failed' by a temporary failure, becomes 'sending'. A row already 'sent',
   'refused', or 'sending' (another sender is on it now, or one crashed) is not ours.
2. send, retrying temporary failures (4xx, a dropped connection) with backoff;
3. record the outcome per recipient: 'sent', 'failed' (temporary, after the retries:
   served again by the next run), 'refused' (5xx: permanent, not retried).

A crash between 1 and 3 leaves a 'sending' row behind. Whether the server took that
message cannot be known, so it is never sent again automatically (a recipient may miss
one briefing; none gets it twice). Every later run reports it as unconfirmed, and
`send --resend --to ADDR` sends it again on purpose. An error this process sees is not such
a crash: whatever it learnt is recorded, and a claim whose message cannot have reached the
server (the connection failed, or the error came from our code between attempts) is
released as 'failed', so the next run sends it. Only an error the transport could not
classify, in the middle of handing the message over, leaves the row 'sending'.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage

from briefing.config import Config, EmailSettings, is_plain_address
from briefing.deliver.message import (
    Bodies,
    BriefingFiles,
    make_bodies,
    make_message,
    new_message_id,
)
from briefing.deliver.transport import (
    ConnectFailure,
    PermanentFailure,
    TemporaryFailure,
    Transport,
    open_transport,
)
from briefing.errors import DeliveryError, NoRecipientsError
from briefing.store import Delivery, Store

Sleep = Callable[[float], None]
Clock = Callable[[], datetime]

MAX_RETRY_WAIT = 3600.0  # seconds: the doubling waits of email.retry_delay stop growing here
UNCONFIRMED = "sending"  # an outcome that is not known: the row stays claimed


@dataclass
class SendReport:
    """What happened to each recipient; the CLI prints it, the scheduler logs it."""

    day: date
    subject: str = ""
    via: str = ""
    sent: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # temporary, after retries
    refused: list[tuple[str, str]] = field(default_factory=list)  # permanent
    planned: list[tuple[str, str]] = field(default_factory=list)  # dry run: (address, line)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.refused

    def lines(self) -> list[str]:
        out = [line for _, line in self.planned]
        out += [f"sent to {a}" for a in self.sent]
        out += [f"skipped {a}: {why}" for a, why in self.skipped]
        out += [f"failed {a} (a re-run retries it): {why}" for a, why in self.failed]
        out += [f"refused {a}: {why}" for a, why in self.refused]
        return out

    def summary(self) -> str:
        return (f"{self.day.isoformat()}: {len(self.sent)} sent, {len(self.skipped)} skipped, "
                f"{len(self.failed)} failed, {len(self.refused)} refused via {self.via}")


def recipients_of(config: Config, to: Sequence[str] | None = None) -> list[str]:
    """The addresses to serve, deduplicated, lower-cased; an empty list is an error."""
    chosen = list(to) if to else list(config.email.to)
    seen: dict[str, None] = {}
    for address in chosen:
        seen.setdefault(address.strip().lower(), None)
    recipients = [a for a in seen if a]
    if not recipients:  # the command that has a --to option says so itself (cli.send)
        raise NoRecipientsError("no recipients: list them in email.to in briefing.toml")
    bad = [a for a in recipients if not is_plain_address(a)]
    if bad:
        raise DeliveryError(f"{bad[0]!r} is not a plain address like 'name@example.org'")
    return recipients


def _describe(row: Delivery | None) -> str:
    if row is None:
        return "not sent"
    if row.status == "sent":
        return f"already sent {row.sent_at:%Y-%m-%d %H:%M} UTC ({row.message_id})"
    if row.status == "refused":
        return f"refused earlier: {row.detail} (--resend to try again)"
    if row.status == "failed":
        return f"failed earlier: {row.detail}; will be retried"
    return (f"unconfirmed: claimed {row.claimed_at:%Y-%m-%d %H:%M} UTC by {row.claimed_by} "
            "and never confirmed (in progress, or it crashed); not sent again automatically, "
            "--resend to send anyway")


def _plan(address: str, row: Delivery | None, resend: bool) -> str:
    """What a real run would do for one recipient, as the dry run says it."""
    if row is None:
        return f"would send to {address}"
    if row.status == "failed":
        return f"would send to {address} ({_describe(row)})"
    if resend:
        return f"would send to {address} again ({_describe(row)})"
    return f"would skip {address}: {_describe(row)}"


def send_briefing(
    config: Config,
    day: date,
    *,
    to: Sequence[str] | None = None,
    dry_run: bool = False,
    resend: bool = False,
    files: BriefingFiles | None = None,
    transport: Transport | None = None,
    clock: Clock | None = None,
    sleep: Sleep = time.sleep,
    log: Callable[[str], None] | None = None,
) -> SendReport:
    """Send `day`'s briefing to every recipient not yet served; see the module docstring."""
    clock = clock or (lambda: datetime.now(UTC))
    recipients = recipients_of(config, to)
    folder = config.out_dir / day.isoformat()
    report = SendReport(day)
    with Store.open(config.store_path) as store:
        edition = store.edition(day)
        rows = {r: store.delivery(day, r) for r in recipients} if dry_run else {}
    # an on-demand build (build --source) is not the day's briefing: never mail it as one
    on_demand = files is None and edition is not None and edition.on_demand
    if dry_run:
        if files is None and not on_demand and not BriefingFiles.missing(folder):
            files = BriefingFiles.read(folder, day)
        unbuilt = f"{folder} holds an on-demand build" if on_demand else folder
        report.subject = _bodies(config, files).subject if files else f"(not built yet: {unbuilt})"
        report.via = "nothing (dry run)"
        report.planned = [(r, _plan(r, rows[r], resend)) for r in recipients]
        return report

    if files is None:
        if BriefingFiles.missing(folder) or on_demand:
            what = "only an on-demand build (--source)" if on_demand else "no briefing"
            raise DeliveryError(f"{what} in {folder} to send: build it first "
                                f"(python cli.py build --date {day.isoformat()})")
        files = BriefingFiles.read(folder, day)
    bodies = _bodies(config, files)
    report.subject = bodies.subject
    own = transport is None
    transport = transport or open_transport(config)
    report.via = transport.name
    claimer = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    reclaim = ("failed", "sending", "refused", "sent") if resend else ("failed",)
    try:
        with Store.open(config.store_path) as store:
            for unit in _units(config, recipients):
                claimed = []
                message_id = new_message_id(day, config.email.sender)
                for r in unit:
                    row = store.claim_delivery(day, r, message_id=message_id, now=clock(),
                                               claimer=claimer, reclaim=reclaim)
                    if row is None:
                        report.skipped.append((r, _describe(store.delivery(day, r))))
                    else:
                        claimed.append(row)
                if not claimed:
                    continue
                if len(claimed) == 1:
                    message_id = claimed[0].message_id  # a retry keeps its Message-ID
                addresses = [row.recipient for row in claimed]
                visible = addresses[0] if config.email.grouping == "each" else \
                    config.email.sender
                outcome: dict[str, tuple[str, str]] = {}
                try:
                    msg = make_message(bodies, sender=config.email.sender, to=visible,
                                       message_id=message_id, when=clock(),
                                       unsubscribe=config.email.unsubscribe)
                    _send_with_retries(transport, msg, addresses, config.email, sleep, log,
                                       outcome)
                except BaseException as e:
                    # what is known is recorded; the rest never reached the server: released
                    why = str(e) or type(e).__name__
                    for a in addresses:
                        outcome.setdefault(a, ("failed", f"not sent: {why}"))
                    _record(store, day, outcome, message_id, clock, report)
                    if isinstance(e, DeliveryError | ConnectFailure):  # the run stops, one line
                        raise DeliveryError(str(e)) from None
                    raise
                _record(store, day, outcome, message_id, clock, report)
    finally:
        if own:
            transport.close()
    return report


def _record(store: Store, day: date, outcome: dict[str, tuple[str, str]], message_id: str,
            clock: Clock, report: SendReport) -> None:
    """Each recipient's outcome into the ledger and the report; an unconfirmed one is left
    claimed ('sending'): whether the server took it cannot be known."""
    for a, (status, detail) in outcome.items():
        if status == UNCONFIRMED:
            continue
        store.finish_delivery(day, a, status, now=clock(), detail=detail, message_id=message_id)
        if status == "sent":
            report.sent.append(a)
        else:
            (report.failed if status == "failed" else report.refused).append((a, detail))


def _bodies(config: Config, files: BriefingFiles) -> Bodies:
    return make_bodies(files, subject_template=config.email.subject, title=config.briefing.title,
                       unsubscribe=config.email.unsubscribe, templates_dir=config.templates_dir)


def _units(config: Config, recipients: list[str]) -> list[list[str]]:
    if config.email.grouping == "each":
        return [[r] for r in recipients]
    size = config.email.bcc_size
    return [recipients[i:i + size] for i in range(0, len(recipients), size)]


def _send_with_retries(
    transport: Transport, msg: EmailMessage, recipients: list[str], email: EmailSettings,
    sleep: Sleep,
    log: Callable[[str], None] | None,
    outcome: dict[str, tuple[str, str]],
) -> None:
    """Fill `outcome` {address: (status, detail)}, status 'sent', 'failed' or 'refused', as
    each is learnt, so that an exception part-way leaves what is known in it.

    Temporary failures wait retry_delay, then twice that, and so on, `retries` times.
    A ConnectFailure still standing after the retries propagates: the run stops. An error
    the transport did not classify marks the attempt's recipients UNCONFIRMED.
    """
    pending = list(recipients)
    for attempt in range(email.retries + 1):
        last = attempt == email.retries
        try:
            try:
                refused = transport.send(msg, pending)
            except (TemporaryFailure, PermanentFailure, DeliveryError):
                raise
            except BaseException:  # it may have failed after the server took the message
                outcome.update({r: (UNCONFIRMED, "") for r in pending})
                raise
        except TemporaryFailure as e:
            if last:
                if isinstance(e, ConnectFailure):
                    raise
                outcome.update({r: ("failed", str(e)) for r in pending})
                break
            if log:
                log(f"temporary failure ({e}); retrying in {_delay(email, attempt):g} s")
            sleep(_delay(email, attempt))
            continue
        except PermanentFailure as e:
            outcome.update({r: ("refused", str(e)) for r in pending})
            break
        again = []
        for r in pending:
            if r not in refused:
                outcome[r] = ("sent", "")
            elif 400 <= refused[r][0] < 500 and not last:
                again.append(r)
            else:
                outcome[r] = ("failed" if refused[r][0] < 500 else "refused", refused[r][1])
        if not again:
            break
        sleep(_delay(email, attempt))
        pending = again


def _delay(email: EmailSettings, attempt: int) -> float:
    return min(email.retry_delay * (2 ** attempt), max(email.retry_delay, MAX_RETRY_WAIT))
