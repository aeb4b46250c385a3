"""Send one date's briefing to the list, through the ledger, exactly once per recipient.

Each desk's briefing ([[desks]]; "" the whole day) goes to its own list. For each message
(one per recipient, or one per BCC group; with email.combine_desks one holding each desk a
person is on):

1. claim each recipient's ledger row (desk, date, recipient) in its own transaction: a new row,
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

from briefing.config import Config, EmailSettings, is_plain_address
from briefing.deliver.message import (
    NEEDED,
    Bodies,
    BriefingFiles,
    DeskPart,
    combine_bodies,
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
from briefing.errors import DeliveryError, NoRecipientsError, SendStopped, one_line
from briefing.store import Delivery, Store

Sleep = Callable[[float], None]
Clock = Callable[[], datetime]

WHOLE_DAY = "whole day"  # how a run of several briefings names the whole day's (desk "")
MAX_RETRY_WAIT = 3600.0  # seconds: the doubling waits of email.retry_delay stop growing here
UNCONFIRMED = "sending"  # an outcome that is not known: the row stays claimed


@dataclass
class SendReport:
    """What happened to each recipient of one briefing (one desk's); the CLI prints it, the
    scheduler logs it."""

    day: date
    subject: str = ""
    via: str = ""
    sent: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # temporary, after retries
    refused: list[tuple[str, str]] = field(default_factory=list)  # permanent
    planned: list[tuple[str, str]] = field(default_factory=list)  # dry run: (address, line)
    desk: str = ""  # the desk's id; "" for the whole-day briefing
    # what its lines are marked with: the desk's id; for the whole day's, "" when it is the
    # run's only briefing, else WHOLE_DAY (`send_desks`)
    name: str = ""
    # email.combine_desks: address -> the names of the other desks its one email held
    together: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the subjects of the emails of several desks led by this one: (names) -> subject
    combined_subjects: dict[tuple[str, ...], str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.refused

    @property
    def sent_alone(self) -> bool:
        """Did anyone get (or should have got) this briefing in an email of its own, under
        `subject`? Not when each of its emails held other desks too."""
        tried = self.sent + [a for a, _ in self.failed + self.refused]
        return not tried or any(a not in self.together for a in tried)

    def lines(self) -> list[str]:
        """One line per recipient, marked with the briefing's name in a run of several; an
        email that held several desks is said under each, and its subject once."""

        def to(address: str) -> str:
            others = self.together.get(address)
            return f"{address}, in one email with {', '.join(others)}" if others else address

        out = [line for _, line in self.planned]
        out += [f"sent to {to(a)}" for a in self.sent]
        out += [f"skipped {a}: {why}" for a, why in self.skipped]
        out += [f"failed {to(a)} (a re-run retries it): {why}" for a, why in self.failed]
        out += [f"refused {to(a)}: {why}" for a, why in self.refused]
        marked = [f"[{self.name}] {line}" for line in out] if self.name else out
        return marked + [f"[{' + '.join(names)}] subject: {subject}"
                         for names, subject in self.combined_subjects.items()]

    def summary(self) -> str:
        desk = f" desk {self.desk}" if self.desk else f" {self.name}" if self.name else ""
        return (f"{self.day.isoformat()}{desk}: {len(self.sent)} sent, {len(self.skipped)} "
                f"skipped, {len(self.failed)} failed, {len(self.refused)} refused via {self.via}")


def recipients_of(config: Config, to: Sequence[str] | None = None, desk: str = "") -> list[str]:
    """The addresses to serve, deduplicated, lower-cased; an empty list is an error."""
    listed = config.desk(desk).to if desk else config.email.to
    chosen = list(to) if to else list(listed)
    seen: dict[str, None] = {}
    for address in chosen:
        seen.setdefault(address.strip().lower(), None)
    recipients = [a for a in seen if a]
    if not recipients:  # the command that has a --to option says so itself (cli.send)
        where = f"to of desk {desk!r}" if desk else "email.to"
        raise NoRecipientsError(f"no recipients: list them in {where} in briefing.toml")
    bad = [a for a in recipients if not is_plain_address(a)]
    if bad:
        raise DeliveryError(f"{bad[0]!r} is not a plain address like 'name@example.org'")
    return recipients


def mailed_desks(config: Config) -> list[str]:
    """The briefings `send` and `schedule` mail: without desks, the whole day's; with them,
    the whole day's if email.to lists anyone, and each desk's that lists anyone in `to`."""
    if not config.desks:
        return [""]
    return [""] * bool(config.email.to) + [d.id for d in config.desks if d.to]


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


def _would_claim(row: Delivery | None, resend: bool) -> bool:
    """Would a real run claim this ledger row and send it (`reclaim` of `send_desks`)?"""
    return row is None or row.status == "failed" or resend


def _plan_combined(config: Config, desks: Sequence[str], lists: Mapping[str, list[str]],
                   rows: Mapping[tuple[str, str], Delivery | None], resend: bool,
                   chosen: Mapping[str, BriefingFiles],
                   reports: dict[str, SendReport]) -> None:
    """The dry run of email.combine_desks: a person a real run would send several of these
    desks gets them in one email, so the plan says so under each desk (as the real run's
    lines do) and gives that email's subject once, rather than preview separate emails."""
    for r in dict.fromkeys(r for d in desks for r in lists[d]):
        group = tuple(d for d in desks if r in lists[d] and _would_claim(rows[(d, r)], resend))
        if len(group) < 2:
            continue
        for d in group:
            others = ", ".join(_name(g) for g in group if g != d)
            reports[d].planned = [(a, f"{line}, in one email with {others}" if a == r else line)
                                  for a, line in reports[d].planned]
        names = tuple(_name(d) for d in group)
        if names not in reports[group[0]].combined_subjects and all(d in chosen for d in group):
            reports[group[0]].combined_subjects[names] = _combined(config, chosen, group).subject


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
    desk: str = "",
) -> SendReport:
    """Send `day`'s briefing (a desk's: out/<date>/<desk>/) to every recipient not yet
    served; see the module docstring."""
    (report,) = send_desks(config, day, [desk], to=to, dry_run=dry_run, resend=resend,
                           files=None if files is None else {desk: files},
                           transport=transport, clock=clock, sleep=sleep, log=log)
    return report


def _folder(config: Config, day: date, desk: str) -> Path:
    folder = config.out_dir / day.isoformat()
    return folder / desk if desk else folder


@dataclass(frozen=True)
class _Job:
    """Who gets which desks' briefings in one message: one desk, or with combine_desks the
    desks a group of recipients shares."""

    desks: tuple[str, ...]
    recipients: list[str]


def send_desks(
    config: Config,
    day: date,
    desks: Sequence[str],
    *,
    to: Sequence[str] | None = None,
    dry_run: bool = False,
    resend: bool = False,
    files: Mapping[str, BriefingFiles] | None = None,
    transport: Transport | None = None,
    clock: Clock | None = None,
    sleep: Sleep = time.sleep,
    log: Callable[[str], None] | None = None,
) -> list[SendReport]:
    """Send `day`'s briefing of each desk ("" the whole day) to its recipients (or `to`),
    one report per desk. Each (desk, date, recipient) is its own ledger row, claimed before
    its message goes out. With `email.combine_desks`, a person on several of these desks
    gets one message holding each of them (message.combine_bodies), its rows claimed and
    recorded together."""
    clock = clock or (lambda: datetime.now(UTC))
    desks = list(dict.fromkeys(desks))
    lists = {d: recipients_of(config, to, d) for d in desks}
    reports = {d: SendReport(day, desk=d, name=_name(d) if len(desks) > 1 else d)
               for d in desks}
    with Store.open(config.store_path) as store:
        editions = {d: store.edition(day, d) for d in desks}
        rows = ({(d, r): store.delivery(day, r, d) for d in desks for r in lists[d]}
                if dry_run else {})
    # an on-demand build (build --source) is not the day's briefing: never mail it as one
    on_demand = {d for d in desks if (files is None or d not in files)
                 and editions[d] is not None and editions[d].on_demand}
    if dry_run:
        return _dry_run_reports(config, day, desks, lists, rows, resend, files, on_demand,
                                reports)

    bodies_of = _bodies_by_desks(config, _files_to_send(config, day, desks, files, on_demand))
    for d in desks:
        reports[d].subject = bodies_of((d,)).subject
    own = transport is None
    transport = transport or open_transport(config)
    for report in reports.values():
        report.via = transport.name
    claimer = f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    reclaim = ("failed", "sending", "refused", "sent") if resend else ("failed",)
    try:
        with Store.open(config.store_path) as store:
            for job_desks, unit in _job_units(config, desks, lists):
                candidate_id = new_message_id(day, config.email.sender)
                claimed = _claim_unit(store, day, unit, job_desks, lists,
                                      message_id=candidate_id, claimer=claimer,
                                      reclaim=reclaim, clock=clock, reports=reports)
                for group, addresses in _group_by_desks(claimed).items():
                    message_id = _message_id(claimed, addresses, candidate_id)
                    _send_one(config, day, store, transport, bodies_of(group), group,
                              addresses, message_id, reports, clock, sleep, log)
    except DeliveryError as e:  # the run stopped part-way: say whom it served first
        raise SendStopped(str(e), list(reports.values())) from None
    finally:
        if own:
            transport.close()
    return list(reports.values())


# --- the steps of send_desks --------------------------------------------------------------

def _dry_run_reports(config: Config, day: date, desks: Sequence[str],
                     lists: Mapping[str, list[str]],
                     rows: Mapping[tuple[str, str], Delivery | None], resend: bool,
                     files: Mapping[str, BriefingFiles] | None, on_demand: set[str],
                     reports: dict[str, SendReport]) -> list[SendReport]:
    """The dry run: each desk's report says what a real run would do for each recipient
    (its ledger row: `rows`) and under which subject; nothing is claimed or sent, and a
    desk not built yet is said, not an error."""
    chosen: dict[str, BriefingFiles] = dict(files or {})
    for d in desks:
        folder = _folder(config, day, d)
        missing = BriefingFiles.missing(folder)
        if d not in chosen and d not in on_demand and not missing:
            chosen[d] = BriefingFiles.read(folder, day, d)
        report = reports[d]
        if d in chosen:
            report.subject = _bodies(config, chosen[d]).subject
        elif d in on_demand:
            report.subject = f"(not built yet: {folder} holds an on-demand build)"
        elif len(missing) < len(NEEDED):  # `build --format md`: read, not to be mailed as is
            files = ", ".join(f"briefing.{kind}" for kind in missing)
            report.subject = f"(built without {files}, which a send builds first: {folder})"
        else:
            report.subject = f"(not built yet: {folder})"
        report.via = "nothing (dry run)"
        report.planned = [(r, _plan(r, rows[(d, r)], resend)) for r in lists[d]]
    if config.email.combine_desks:
        _plan_combined(config, desks, lists, rows, resend, chosen, reports)
    return list(reports.values())


def _files_to_send(config: Config, day: date, desks: Sequence[str],
                   files: Mapping[str, BriefingFiles] | None,
                   on_demand: set[str]) -> dict[str, BriefingFiles]:
    """Each desk's briefing: the one handed in (`files`), else the one built in its folder.
    A desk with none, or with only an on-demand build, stops the run before anything is
    sent."""
    chosen: dict[str, BriefingFiles] = dict(files or {})
    for d in desks:
        folder = _folder(config, day, d)
        if d in chosen:
            continue
        if BriefingFiles.missing(folder) or d in on_demand:
            what = "only an on-demand build (--source)" if d in on_demand else "no briefing"
            desk = f" --desk {d}" if d else ""
            raise DeliveryError(f"{what} in {folder} to send: build it first "
                                f"(briefing build --date {day.isoformat()}{desk})")
        chosen[d] = BriefingFiles.read(folder, day, d)
    return chosen


def _bodies_by_desks(config: Config,
                     chosen: Mapping[str, BriefingFiles]) -> Callable[[tuple[str, ...]], Bodies]:
    """The bodies of a message holding these desks' briefings, each set made once: one
    desk's own, or (email.combine_desks) several in one."""
    made: dict[tuple[str, ...], Bodies] = {}

    def bodies_of(group: tuple[str, ...]) -> Bodies:
        if group not in made:
            made[group] = (_bodies(config, chosen[group[0]]) if len(group) == 1 else
                           _combined(config, chosen, group))
        return made[group]

    return bodies_of


def _job_units(config: Config, desks: Sequence[str],
               lists: Mapping[str, list[str]]) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """Each job's desks with each of its units (one recipient, or a BCC group), in order."""
    for job in _jobs(config, desks, lists):
        for unit in _units(config, job.recipients):
            yield job.desks, unit


def _claim_unit(store: Store, day: date, unit: Sequence[str], desks: Sequence[str],
                lists: Mapping[str, list[str]], *, message_id: str, claimer: str,
                reclaim: tuple[str, ...], clock: Clock,
                reports: dict[str, SendReport]) -> dict[str, list[Delivery]]:
    """Each recipient's ledger rows of the desks they are on, claimed one by one (each in
    its own transaction), by recipient; a row that is not ours (`reclaim`) is reported
    skipped in its desk's report."""
    claimed: dict[str, list[Delivery]] = {}
    for r in unit:
        for d in desks:
            if r not in lists[d]:
                continue
            row = store.claim_delivery(day, r, message_id=message_id, now=clock(),
                                       claimer=claimer, reclaim=reclaim, desk=d)
            if row is None:
                reports[d].skipped.append((r, _describe(store.delivery(day, r, d))))
            else:
                claimed.setdefault(r, []).append(row)
    return claimed


def _group_by_desks(claimed: Mapping[str, list[Delivery]]) -> dict[tuple[str, ...], list[str]]:
    """The recipients by the set of desks claimed for them: one message per set (all of the
    job's desks, mostly)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for r, got in claimed.items():
        groups.setdefault(tuple(row.desk for row in got), []).append(r)
    return groups


def _message_id(claimed: Mapping[str, list[Delivery]], addresses: Sequence[str],
                candidate_id: str) -> str:
    """The Message-ID of the message to `addresses`: a retry of one person's message keeps
    the one its rows were claimed with before; any other message, the new `candidate_id`."""
    ids = {row.message_id for a in addresses for row in claimed[a]}
    return ids.pop() if len(addresses) == 1 and len(ids) == 1 else candidate_id


def _name(desk: str) -> str:
    """A briefing's name in the lines of a run of several: its desk's id, or WHOLE_DAY."""
    return desk or WHOLE_DAY


def _title(config: Config, desk: str) -> str:
    return config.desk(desk).title if desk else config.briefing.title


def _send_one(config: Config, day: date, store: Store, transport: Transport, bodies: Bodies,
              desks: tuple[str, ...], addresses: list[str], message_id: str,
              reports: dict[str, SendReport], clock: Clock, sleep: Sleep,
              log: Callable[[str], None] | None) -> None:
    """One message to `addresses` (one, or a BCC group) holding `desks`; every claimed row
    recorded with its outcome."""
    visible = addresses[0] if config.email.grouping == "each" else config.email.sender
    outcome: dict[str, tuple[str, str]] = {}
    if len(desks) > 1:
        names = tuple(_name(d) for d in desks)
        reports[desks[0]].combined_subjects[names] = bodies.subject
    whom = addresses[0] + (f" and {len(addresses) - 1} more" if len(addresses) > 1 else "")
    what = (f"[{' + '.join(_name(d) for d in desks)}] " if len(reports) > 1 else "") + whom
    try:
        msg = make_message(bodies, sender=config.email.sender, to=visible,
                           message_id=message_id, when=clock(),
                           unsubscribe=config.email.unsubscribe)
        _send_with_retries(transport, msg, addresses, config.email, sleep, log, outcome,
                           what)
    except BaseException as e:
        # what is known is recorded; the rest never reached the server: released
        why = str(e) or type(e).__name__
        for a in addresses:
            outcome.setdefault(a, ("failed", f"not sent: {why}"))
        _record(store, day, outcome, message_id, clock, reports, desks)
        if isinstance(e, DeliveryError | ConnectFailure):  # the run stops, one line
            raise DeliveryError(str(e)) from None
        raise
    _record(store, day, outcome, message_id, clock, reports, desks)


def _jobs(config: Config, desks: Sequence[str], lists: Mapping[str, list[str]]) -> list[_Job]:
    """One job per desk; with email.combine_desks, one per set of desks that the same
    people are on (a person on desks a and b: the job (a, b))."""
    if not config.email.combine_desks or len(desks) < 2:
        return [_Job((d,), list(lists[d])) for d in desks]
    on: dict[str, list[str]] = {}
    for d in desks:
        for r in lists[d]:
            on.setdefault(r, []).append(d)
    jobs: dict[tuple[str, ...], list[str]] = {}
    for r, theirs in on.items():
        jobs.setdefault(tuple(theirs), []).append(r)
    return [_Job(group, people) for group, people in jobs.items()]


def _record(store: Store, day: date, outcome: dict[str, tuple[str, str]], message_id: str,
            clock: Clock, reports: dict[str, SendReport], desks: Sequence[str]) -> None:
    """Each recipient's outcome into the ledger (a row per desk the message held) and the
    desks' reports; an unconfirmed one is left claimed ('sending'): whether the server took
    it cannot be known."""
    for a, (status, detail) in outcome.items():
        if status == UNCONFIRMED:
            continue
        for d in desks:
            store.finish_delivery(day, a, status, now=clock(), detail=detail,
                                  message_id=message_id, desk=d)
            report = reports[d]
            if len(desks) > 1:
                report.together[a] = tuple(_name(o) for o in desks if o != d)
            if status == "sent":
                report.sent.append(a)
            else:
                (report.failed if status == "failed" else report.refused).append((a, detail))


def _bodies(config: Config, files: BriefingFiles) -> Bodies:
    return make_bodies(files, subject_template=config.email.subject,
                       title=_title(config, files.desk), unsubscribe=config.email.unsubscribe,
                       templates_dir=config.templates_dir)


def _combined(config: Config, chosen: Mapping[str, BriefingFiles],
              group: Sequence[str]) -> Bodies:
    """The bodies of one message holding the briefings of several desks (combine_desks)."""
    return combine_bodies([DeskPart(chosen[g], _title(config, g)) for g in group],
                          subject_template=config.email.subject, title=config.briefing.title,
                          unsubscribe=config.email.unsubscribe,
                          templates_dir=config.templates_dir)


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
    what: str = "",
) -> None:
    """Fill `outcome` {address: (status, detail)}, status 'sent', 'failed' or 'refused', as
    each is learnt, so that an exception part-way leaves what is known in it.

    Temporary failures wait retry_delay, then twice that, and so on, `retries` times.
    A ConnectFailure still standing after the retries propagates: the run stops. An error
    the transport did not classify marks the attempt's recipients UNCONFIRMED. `what`
    names the message in the log's lines ("[defence + economy] ann@example.org").
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
                to = f" of {what}" if what else ""
                log(f"temporary failure{to} ({e}); retrying in {_delay(email, attempt):g} s")
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
        if log:  # else the log is silent for the length of the waits
            for r in again:
                # `what` names the message: the recipient itself only when sent to it alone
                who = what if recipients == [r] else f"{r} ({what})" if what else r
                log(one_line(f"temporary failure of {who} ({refused[r][1]}); "  # "451 …"
                             f"retrying in {_delay(email, attempt):g} s"))
        sleep(_delay(email, attempt))
        pending = again


def _delay(email: EmailSettings, attempt: int) -> float:
    return min(email.retry_delay * (2 ** attempt), max(email.retry_delay, MAX_RETRY_WAIT))
