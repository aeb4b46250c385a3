"""Delivery per desk, end to end: real builds, a real SMTP server on 127.0.0.1, the ledger.

Each (desk, date, recipient) is served exactly once, whatever happens: desks with their own
times and timezones across a daylight-saving change, overlapping lists, a process dying
between claiming a delivery and recording it, and a second scheduler sharing the store.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from desknews import write_news
from smtpserver import Handler, Server

import briefing.deliver.send as send_module
from briefing.config import load_config
from briefing.deliver import Scheduler
from briefing.pipeline import scheduled_run
from briefing.store import Delivery, Store

ANN, BOB, CAT = "ann@example.org", "bob@example.org", "cat@example.org"


# the server's clock reads Chatham Islands time (conftest.machine_elsewhere)
pytestmark = pytest.mark.usefixtures("machine_elsewhere")


def desks_toml(port: int, *, combine: bool = False, day: str = "2025-03-29") -> str:
    return f'''
[briefing]
timezone = "Europe/Berlin"
[sources]
paths = ["news"]
[email]
sender = "desk@briefing.test"
smtp_host = "127.0.0.1"
smtp_port = {port}
security = "none"
retry_delay = 0.01
combine_desks = {"true" if combine else "false"}
[schedule]
poll_seconds = 900

[[desks]]
id = "defence"
title = "Defence attaché"
themes = ["military", "humanitarian"]
places = ["Syria"]
to = ["{ANN}", "{BOB}"]
times = ["02:30", "09:00"]
timezone = "Europe/Berlin"

[[desks]]
id = "political"
title = "Political officer"
themes = ["diplomacy", "politics"]
places = ["Middle East"]
to = ["{BOB}", "{CAT}"]
times = ["07:00"]
timezone = "Europe/Berlin"

[[desks]]
id = "economy"
title = "Economic section"
themes = ["economy"]
watch = ["Assad"]
to = ["{ANN}", "{CAT}"]
times = ["07:00"]
timezone = "America/New_York"
'''


TITLES = {"Defence attaché": "defence", "Political officer": "political",
          "Economic section": "economy"}


def served(handler: Handler) -> Counter[tuple[str, str, str]]:
    """(desk, date, recipient) of every message the server accepted, by its subject
    ("Defence attaché, 30 Mar 2025: ..."); a combined one counts for each of its desks."""
    out: Counter[tuple[str, str, str]] = Counter()
    for received in handler.received:
        subject = received.message["Subject"]
        day = re.search(r"\d{1,2} \w{3} \d{4}", subject).group(0)
        desks = [desk for title, desk in TITLES.items() if title in subject]
        assert desks, subject
        for desk in desks:
            for rcpt in received.rcpt_tos:
                out[(desk, day, rcpt)] += 1
    return out


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


class CrashAfterSending:
    """The real SMTP transport, except that once, right after the server has accepted the
    Defence attaché's message of 30 March, the process "dies" (KeyboardInterrupt, which no
    handler catches): the ledger row stays claimed, its outcome never recorded."""

    crashed = False

    def __init__(self, real) -> None:
        self.real = real
        self.name = real.name

    def send(self, msg, recipients):
        refused = self.real.send(msg, recipients)
        if not CrashAfterSending.crashed and "Defence attaché, 30 Mar 2025" in msg["Subject"]:
            CrashAfterSending.crashed = True
            raise KeyboardInterrupt
        return refused

    def check(self) -> None:
        self.real.check()

    def close(self) -> None:
        self.real.close()


def test_three_desks_two_timezones_across_dst_a_crash_and_two_schedulers(tmp_path,
                                                                          monkeypatch):
    write_news(tmp_path / "news", day="2025-03-29")
    handler = Handler()
    real_open = send_module.open_transport
    monkeypatch.setattr(send_module, "open_transport",
                        lambda config: CrashAfterSending(real_open(config)))
    CrashAfterSending.crashed = False
    with Server(handler) as server:
        path = tmp_path / "briefing.toml"
        path.write_text(desks_toml(server.port))
        config = load_config(path)
        clock = Clock(datetime(2025, 3, 29, 0, 0, tzinfo=UTC))
        lines: list[str] = []

        def job(due):
            return scheduled_run(config, due.day, clock=clock, log=lines.append,
                                 desks=due.desks)

        schedulers = [Scheduler(config, job, clock=clock, log=lines.append) for _ in range(2)]
        for s in schedulers:
            s.start()
        crashes = 0
        died: list[int] = []

        def tick(k: int) -> None:
            try:
                schedulers[k].tick()
            except KeyboardInterrupt:
                died.append(k)

        end = datetime(2025, 4, 1, 0, 0, tzinfo=UTC)
        while clock.now < end:
            clock.now += timedelta(minutes=15)
            died.clear()
            threads = [threading.Thread(target=tick, args=(k,)) for k in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            for k in died:  # the dead scheduler's replacement starts on the next tick
                crashes += 1
                schedulers[k] = Scheduler(config, job, clock=clock, log=lines.append)
                schedulers[k].start()
    assert crashes == 1 and CrashAfterSending.crashed
    people = {"defence": (ANN, BOB), "political": (BOB, CAT), "economy": (ANN, CAT)}
    expected = {(desk, f"{d} Mar 2025", who) for desk, whom in people.items()
                for d in (29, 30, 31) for who in whom}
    counts = served(handler)
    assert set(counts) == expected
    assert set(counts.values()) == {1}, [k for k, n in counts.items() if n > 1]
    # each desk at its own wall-clock time, DST-correct: Berlin springs forward on the
    # 30th (02:30 does not exist: 03:00 CEST, 01:00 UTC); New York had already changed
    sent_at = {}
    for received in handler.received:
        subject = received.message["Subject"]
        desk = next(d for t, d in TITLES.items() if t in subject)
        day = re.search(r"(\d{1,2}) Mar", subject).group(1)
        moment = parsedate_to_datetime(received.message["Date"]).astimezone(UTC)
        sent_at.setdefault((desk, int(day)), set()).add(moment)
    utc = lambda d, h, m=0: datetime(2025, 3, d, h, m, tzinfo=UTC)  # noqa: E731
    assert sent_at[("defence", 29)] == {utc(29, 1, 30)}  # 02:30 CET
    # 03:00 CEST; for Bob at 03:15, when the crashed scheduler's replacement starts: the
    # run its predecessor claimed and never finished is released and caught up at once
    assert sent_at[("defence", 30)] == {utc(30, 1), utc(30, 1, 15)}
    assert sent_at[("defence", 31)] == {utc(31, 0, 30)}  # 02:30 CEST
    assert sent_at[("political", 29)] == {utc(29, 6)} and sent_at[("political", 30)] == {
        utc(30, 5)}
    assert sent_at[("economy", 29)] == {utc(29, 11)} and sent_at[("economy", 31)] == {
        utc(31, 11)}
    # the ledger: everything sent, but Ann's Defence briefing of the 30th, which the server
    # took just before the crash: unconfirmed, and never sent again automatically
    with Store.open(tmp_path / "out" / "briefing.db") as store:
        rows = {(r.desk, r.date.day, r.recipient): r.status for r in store.deliveries()}
    assert len(rows) == 18
    assert rows.pop(("defence", 30, ANN)) == "sending"
    assert set(rows.values()) == {"sent"}
    assert any("skipped ann@example.org: unconfirmed" in line for line in lines)


def send_all(tmp_path: Path, run_cli, *args: str):
    return run_cli("send", "--date", "2025-03-29", "--config", str(tmp_path / "briefing.toml"),
                   *args)


def test_send_mails_each_desk_to_its_own_list_once(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_news(tmp_path / "news", day="2025-03-29")
    handler = Handler()
    with Server(handler) as server:
        (tmp_path / "briefing.toml").write_text(desks_toml(server.port))
        r = send_all(tmp_path, run_cli, "--desk", "political")
        assert r.code == 0, r.err
        assert set(served(handler)) == {("political", "29 Mar 2025", BOB),
                                         ("political", "29 Mar 2025", CAT)}
        r = send_all(tmp_path, run_cli)
        assert r.code == 0, r.err
        assert "[political] skipped bob@example.org: already sent" in r.out
        assert "2025-03-29 desk economy: 2 sent, 0 skipped" in r.out
        r = send_all(tmp_path, run_cli, "--dry-run")
        assert "[defence] would skip ann@example.org: already sent" in r.out
    counts = served(handler)
    assert len(counts) == 6 and set(counts.values()) == {1}
    bob = [m.message for m in handler.received if BOB in m.rcpt_tos]
    assert len(bob) == 2  # one email per desk
    (pdf,) = [p for p in bob[0].iter_attachments()]
    assert pdf.get_filename() == "briefing-political-2025-03-29.pdf"
    assert not (tmp_path / "out" / "2025-03-29" / "briefing.pdf").exists()  # no email.to


def test_combine_desks_sends_one_email_per_person_with_each_desk_and_its_pdf(tmp_path,
                                                                               run_cli,
                                                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_news(tmp_path / "news", day="2025-03-29")
    handler = Handler()
    with Server(handler) as server:
        (tmp_path / "briefing.toml").write_text(desks_toml(server.port, combine=True))
        r = send_all(tmp_path, run_cli)
        assert r.code == 0, r.err
        r = send_all(tmp_path, run_cli)  # a re-run sends nothing
        assert r.code == 0 and "0 sent" in r.out
    assert sorted(m.rcpt_tos[0] for m in handler.received) == [ANN, BOB, CAT]
    counts = served(handler)
    assert len(counts) == 6 and set(counts.values()) == {1}
    ann = next(m.message for m in handler.received if m.rcpt_tos == [ANN])
    assert "Defence attaché" in ann["Subject"] and "Economic section" in ann["Subject"]
    names = sorted(p.get_filename() for p in ann.iter_attachments())
    assert names == ["briefing-defence-2025-03-29.pdf", "briefing-economy-2025-03-29.pdf"]
    html = ann.get_body(("html",)).get_content()
    text = ann.get_body(("plain",)).get_content()
    assert html.index('id="desk-defence"') < html.index('id="desk-economy"')
    assert 'href="#defence-sources"' in html and 'id="defence-sources"' in html
    assert 'id="economy-sources"' in html and 'id="sources"' not in html
    # the opening line names each desk's PDF, as the HTML part's does
    assert ("This email holds 2 briefings, each also attached as a PDF: Defence attaché "
            "(briefing-defence-2025-03-29.pdf); Economic section "
            "(briefing-economy-2025-03-29.pdf).") in " ".join(text.split())
    assert "Airstrikes hit rebel positions near Aleppo" in text  # the defence desk's
    assert "Lebanese pound" in text  # the economy desk's
    with Store.open(tmp_path / "out" / "briefing.db") as store:
        rows = [r for r in store.deliveries(date(2025, 3, 29)) if r.recipient == ANN]
    assert {r.desk for r in rows} == {"defence", "economy"}
    assert len({r.message_id for r in rows}) == 1 and {r.status for r in rows} == {"sent"}


def test_the_dry_run_says_which_desks_share_one_email(tmp_path, run_cli, monkeypatch):
    """With combine_desks, `send --dry-run` listed ann under defence and under economy as
    two emails, each with its own subject, where the real run sends her one email under a
    combined subject: the preview must show what will be sent."""
    monkeypatch.chdir(tmp_path)
    write_news(tmp_path / "news", day="2025-03-29")
    handler = Handler()
    with Server(handler) as server:
        (tmp_path / "briefing.toml").write_text(desks_toml(server.port, combine=True))
        assert run_cli("build", "--date", "2025-03-29").code == 0
        r = send_all(tmp_path, run_cli, "--dry-run")
        assert r.code == 0, r.err
        assert "[defence] would send to ann@example.org, in one email with economy" in r.out
        assert "[economy] would send to ann@example.org, in one email with defence" in r.out
        assert "[defence] would send to bob@example.org, in one email with political" in r.out
        assert re.search(r"^\[defence \+ economy\] subject: Daily briefing, 29 Mar 2025: "
                         r"Defence attaché: .*; Economic section: ", r.out, re.M), r.out
        sent = send_all(tmp_path, run_cli, "--desk", "political")  # bob and cat: political
        assert sent.code == 0, sent.err
        r = send_all(tmp_path, run_cli, "--dry-run")  # bob's political one is gone
        assert "[defence] would send to bob@example.org\n" in r.out
        assert "[defence] would send to ann@example.org, in one email with economy" in r.out
    assert len(handler.received) == 2  # the dry runs sent nothing


def test_schedule_refuses_desks_without_recipients_in_one_line(tmp_path, run_cli):
    (tmp_path / "briefing.toml").write_text(
        '[[desks]]\nid = "a"\ntitle = "A"\n')
    r = run_cli("schedule", "--once", "--config", str(tmp_path / "briefing.toml"))
    assert r.code == 1
    assert r.err.strip() == ("error: no recipients: list them in email.to or in a desk's to "
                             "in briefing.toml")


def test_the_subject_names_the_watch_list_and_not_other(tmp_path, run_cli, monkeypatch):
    """A desk's points outside its themes, there for a watch term, are its "Watch list":
    the subject says so, as the briefing does ("other" is the whole day's section of
    points with no theme, "Other developments")."""
    monkeypatch.chdir(tmp_path)
    write_news(tmp_path / "news", day="2025-03-29")
    handler = Handler()
    with Server(handler) as server:
        (tmp_path / "briefing.toml").write_text(
            desks_toml(server.port).split("[[desks]]")[0]
            + f'[[desks]]\nid = "aid"\ntitle = "Aid"\nthemes = ["humanitarian"]\n'
              f'watch = ["Kyiv"]\nto = ["{ANN}"]\n')
        r = send_all(tmp_path, run_cli)
        assert r.code == 0, r.err
    (received,) = handler.received
    subject = received.message["Subject"]
    assert re.fullmatch(r"Aid, 29 Mar 2025: \d+ (humanitarian|watch list), "
                        r"\d+ (humanitarian|watch list)", subject), subject
    assert "other" not in subject and f"subject [aid]: {subject}" in r.out


def test_a_combined_send_says_which_desks_each_email_held_and_to_whom(tmp_path, run_cli,
                                                                        monkeypatch):
    """With several desks in one run, each line names its desk and recipient; an email
    holding several desks says which, under each of them, with the subject it was sent
    under; the whole day's briefing is named too, and so is a message being retried."""
    monkeypatch.chdir(tmp_path)
    write_news(tmp_path / "news", day="2025-03-29")
    handler = Handler(drop_on_message={1})  # the first message: dropped, then sent again
    with Server(handler) as server:
        toml = desks_toml(server.port, combine=True).replace(
            "[schedule]", f'to = ["{CAT}"]\n[schedule]')  # email.to: the whole day's
        (tmp_path / "briefing.toml").write_text(toml)
        r = send_all(tmp_path, run_cli)
        assert r.code == 0, r.err
    subjects = {m.rcpt_tos[0]: m.message["Subject"] for m in handler.received}
    assert sorted(subjects) == [ANN, BOB, CAT]
    lines = r.out.splitlines()
    # Ann: one email of the defence and economy desks; named under each, with its subject
    assert "[defence] sent to ann@example.org, in one email with economy" in lines
    assert "[economy] sent to ann@example.org, in one email with defence" in lines
    assert f"[defence + economy] subject: {subjects[ANN]}" in lines
    # Cat: the whole day's briefing, political and economy in one email
    assert "[whole day] sent to cat@example.org, in one email with political, economy" in lines
    assert f"[whole day + political + economy] subject: {subjects[CAT]}" in lines
    assert any(line.startswith("2025-03-29 whole day: 1 sent") for line in lines)
    # the subject of a desk's own email is said only if someone got it alone
    assert not any(line.startswith(("subject [defence]", "subject [economy]", "subject:"))
                   for line in lines), r.out
    retried = "warning: temporary failure of [whole day + political + economy] cat@example.org"
    assert any(line.startswith(retried) for line in r.err.splitlines()), r.err
    # every line says whose it is
    assert all(line.startswith(("[", "subject [", "2025-03-29 ")) for line in lines), r.out


def test_claimed_rows_make_one_message_per_desk_set_and_a_retry_keeps_its_id():
    """The steps of send_desks after claiming, from ledger rows alone: a person whose
    claims hold the same desks shares a message with others; a single person's retry
    (a row claimed before, with its Message-ID) keeps that id; a group gets the new one."""
    def row(who: str, desk: str, message_id: str) -> Delivery:
        return Delivery(date(2025, 3, 29), who, "sending", message_id, 1, None, "me", None,
                        "", desk)

    claimed = {ANN: [row(ANN, "", "<new@x>"), row(ANN, "economy", "<new@x>")],
               BOB: [row(BOB, "", "<old@x>")],
               CAT: [row(CAT, "", "<new@x>"), row(CAT, "economy", "<new@x>")]}
    groups = send_module._group_by_desks(claimed)
    assert groups == {("", "economy"): [ANN, CAT], ("",): [BOB]}
    assert send_module._message_id(claimed, [BOB], "<new@x>") == "<old@x>"
    assert send_module._message_id(claimed, [ANN, CAT], "<newer@x>") == "<newer@x>"
