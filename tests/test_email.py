"""The digest email, end to end against a real SMTP server on 127.0.0.1 (no mocks).

aiosmtpd plays the server (plain, STARTTLS, implicit TLS, AUTH, and misbehaving on
purpose); trustme makes a throw-away CA. Every received message is parsed back and
checked part by part; the ledger in the store is read back after each run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from conftest import REPO
from smtpserver import Handler, Server, render_briefing_files

from briefing.config import load_config
from briefing.deliver import send_briefing
from briefing.deliver.message import markdown_to_text, wrap_plain
from briefing.errors import DeliveryError
from briefing.store import Store

DAY = date(2024, 12, 8)
PEOPLE = ["ann@example.org", "bob@example.org", "cat@example.org", "dan@example.org"]
NOW = datetime(2024, 12, 8, 6, 45, tzinfo=UTC)


def toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return json.dumps(value)


def write_config(root: Path, email: dict | None = None, **tables: dict) -> Path:
    email = {"to": PEOPLE, "sender": "desk@briefing.test", "retry_delay": 0.01, **(email or {})}
    lines = []
    for name, values in {"email": email, **tables}.items():
        lines.append(f"[{name}]")
        lines += [f"{k} = {toml(v)}" for k, v in values.items()]
    path = root / "briefing.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rendered") / DAY.isoformat()
    render_briefing_files(folder, DAY)
    return folder


@pytest.fixture
def root(tmp_path, rendered, monkeypatch) -> Path:
    """A working folder whose out/2024-12-08/ holds a built briefing."""
    shutil.copytree(rendered, tmp_path / "out" / DAY.isoformat())
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD", raising=False)
    return tmp_path


@pytest.fixture(scope="session")
def ca():
    trustme = pytest.importorskip("trustme")
    return trustme.CA()


@pytest.fixture(scope="session")
def server_tls(ca) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def ca_file(ca, tmp_path) -> str:
    path = tmp_path / "test-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def smtp(port: int, **extra) -> dict:
    return {"smtp_host": "127.0.0.1", "smtp_port": port, "security": "none", **extra}


def send(root: Path, email: dict | None = None, **kwargs):
    config = load_config(write_config(root, email))
    return send_briefing(config, DAY, clock=lambda: NOW, **kwargs)


def ledger(root: Path) -> dict[str, tuple[str, str]]:
    with Store.open(root / "out" / "briefing.db") as store:
        return {d.recipient: (d.status, d.message_id) for d in store.deliveries(DAY)}


def check_message(msg, root: Path, to: str) -> None:
    """Every part of one received digest."""
    folder = root / "out" / DAY.isoformat()
    assert msg["Subject"] == "Daily briefing, 8 Dec 2024: 6 military, 4 diplomacy"
    assert msg["From"] == "desk@briefing.test"
    assert msg["To"] == to
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@briefing.test>")
    assert msg["Date"] and msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/mixed"
    text = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = msg.get_body(("html",)).get_content()
    (pdf,) = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdf.get_filename() == "briefing-2024-12-08.pdf"
    assert pdf.get_content() == (folder / "briefing.pdf").read_bytes()
    # the Markdown as text, its long lines folded for a plain-text reader
    assert wrap_plain(markdown_to_text((folder / "briefing.md").read_text())).strip() in text
    flat = " ".join(text.split())  # the words, wherever a line was folded
    assert "(Wire, Military action report 0 <https://example.org/military/0>)" in flat
    assert "CENTCOM forces struck 75 targets in Syria." in flat
    assert "CENTCOM forces struck 75 targets in Syria." in html
    # article text stays text: escaped in both parts, never markup
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html and "49" not in html
    # text/plain is never interpreted: the article's characters are shown as they are
    assert "<script>alert('x')</script> {{ 7*7 }} [click](javascript:alert(1))" in flat
    assert 'href="javascript' not in html
    # CSS inlined, nothing remote
    assert "<style" not in html and 'style="' in html and "var(--" not in html
    assert "<link" not in html and "<img" not in html and "@font-face" not in html


# --- the outbox (no server configured) ------------------------------------------------


def test_outbox_is_the_default_and_writes_one_eml_per_recipient(root, run_cli):
    write_config(root)
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0, r.err
    files = sorted((root / "out" / "outbox").glob("*.eml"))
    assert len(files) == len(PEOPLE)
    for path, person in zip(files, PEOPLE, strict=True):
        assert person in path.name
        msg = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        check_message(msg, root, person)
    assert "4 sent, 0 skipped, 0 failed, 0 refused via outbox" in r.out
    assert {status for status, _ in ledger(root).values()} == {"sent"}


def test_rerun_sends_nothing_twice(root, run_cli):
    write_config(root)
    assert run_cli("send", "--date", "2024-12-08").code == 0
    first = ledger(root)
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0, r.err
    assert "0 sent, 4 skipped" in r.out and "already sent" in r.out
    assert len(list((root / "out" / "outbox").glob("*.eml"))) == 4
    assert ledger(root) == first


def test_dry_run_prints_who_gets_what_and_sends_nothing(root, run_cli):
    write_config(root)
    run_cli("send", "--date", "2024-12-08", "--to", "ann@example.org")
    r = run_cli("send", "--date", "2024-12-08", "--dry-run")
    assert r.code == 0, r.err
    assert "subject: Daily briefing, 8 Dec 2024: 6 military, 4 diplomacy" in r.out
    lines = r.out.splitlines()
    assert lines[1].startswith("would skip ann@example.org: already sent ")
    assert lines[2:] == [f"would send to {p}" for p in PEOPLE[1:]]  # not "send: not sent"
    again = run_cli("send", "--date", "2024-12-08", "--dry-run", "--resend", "--to",
                    "ann@example.org")
    assert again.out.splitlines()[1].startswith("would send to ann@example.org again "
                                                "(already sent ")
    assert len(list((root / "out" / "outbox").glob("*.eml"))) == 1
    assert set(ledger(root)) == {"ann@example.org"}


def test_a_dry_run_of_a_date_built_without_its_pdf_says_what_a_send_would_build(root,
                                                                                  run_cli):
    """`build --format md,html,json`, then `send --dry-run`: "(not built yet: …)", of a
    date whose briefing the user had just read; a send builds the missing PDF first."""
    write_config(root)
    assert run_cli("build", "--date", "2024-12-08", "--format", "md,html,json").code == 0
    r = run_cli("send", "--date", "2024-12-08", "--dry-run")
    assert r.code == 0, r.err
    assert "not built yet" not in r.out, r.out
    assert r.out.splitlines()[0].startswith("subject: (built without briefing.pdf, which a "
                                            "send builds first: "), r.out


def test_list_unsubscribe_and_bcc_groups(root):
    report = send(root, {"grouping": "bcc", "bcc_size": 3,
                         "unsubscribe": "mailto:leave@briefing.test"})
    assert report.sent == PEOPLE
    files = sorted((root / "out" / "outbox").glob("*.eml"))
    assert len(files) == 2  # 3 + 1
    msgs = [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in files]
    assert all(m["To"] == "desk@briefing.test" for m in msgs)
    assert all(m["List-Unsubscribe"] == "<mailto:leave@briefing.test>" for m in msgs)
    assert sorted(", ".join(m["Bcc"] for m in msgs).split(", ")) == PEOPLE
    ids = ledger(root)
    assert ids["ann@example.org"][1] == ids["cat@example.org"][1] != ids["dan@example.org"][1]


# --- a real SMTP server ---------------------------------------------------------------


def test_plain_smtp_delivers_each_recipient_once_with_every_part(root):
    with Server() as server:
        report = send(root, smtp(server.port))
    assert report.sent == PEOPLE and report.ok
    assert [r.rcpt_tos for r in server.handler.received] == [[p] for p in PEOPLE]
    for received, person in zip(server.handler.received, PEOPLE, strict=True):
        assert received.mail_from == "desk@briefing.test"
        check_message(received.message, root, person)
    ids = {r.message["Message-ID"] for r in server.handler.received}
    assert ids == {mid for _, mid in ledger(root).values()} and len(ids) == 4


def test_starttls_verified_against_the_configured_ca(root, server_tls, ca_file):
    with Server(starttls=server_tls) as server:
        report = send(root, smtp(server.port, security="starttls", ca_file=ca_file))
    assert report.sent == PEOPLE
    assert len(server.handler.received) == 4


def test_server_without_starttls_says_which_setting_to_change(root, run_cli):
    with Server() as server:  # a plain server: no STARTTLS offered
        write_config(root, smtp(server.port, security="starttls"))
        r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 1
    assert "does not offer STARTTLS" in r.err
    assert 'email.security = "tls"' in r.err and '"none"' in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert server.handler.received == []


def test_a_ca_file_under_the_home_folder_is_found_as_every_other_path(
        root, server_tls, ca, run_cli, monkeypatch, tmp_path_factory):
    """`ca_file = "~/certs/ca.pem"` was read as a folder named "~" beside briefing.toml
    ("email.ca_file /opt/briefing/~/certs/ca.pem: cannot load"), while every other path of
    the file takes `~` for the home folder."""
    home = tmp_path_factory.mktemp("home")
    (home / "certs").mkdir()
    ca.cert_pem.write_to_path(str(home / "certs" / "ca.pem"))
    monkeypatch.setenv("HOME", str(home))
    with Server(starttls=server_tls) as server:
        write_config(root, smtp(server.port, security="starttls", ca_file="~/certs/ca.pem"))
        r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0, r.err
    assert sorted(m.rcpt_tos[0] for m in server.handler.received) == PEOPLE


def test_implicit_tls(root, server_tls, ca_file):
    with Server(implicit_tls=server_tls) as server:
        report = send(root, smtp(server.port, security="tls", ca_file=ca_file))
    assert report.sent == PEOPLE
    check_message(server.handler.received[0].message, root, PEOPLE[0])


def test_auth_takes_the_password_from_the_environment(root, server_tls, ca_file, monkeypatch):
    email = smtp(0, security="starttls", ca_file=ca_file, username="desk",
                 password_env="TEST_SMTP_SECRET")
    with Server(starttls=server_tls, users={"desk": "s3cret-Pa55"}) as server:
        email["smtp_port"] = server.port
        monkeypatch.delenv("TEST_SMTP_SECRET", raising=False)
        with pytest.raises(DeliveryError, match="TEST_SMTP_SECRET .* is not set in the env"):
            send(root, email)
        monkeypatch.setenv("TEST_SMTP_SECRET", "")
        with pytest.raises(DeliveryError, match="TEST_SMTP_SECRET .* is empty in the env"):
            send(root, email)
        monkeypatch.setenv("TEST_SMTP_SECRET", "wrong")
        with pytest.raises(DeliveryError, match="login refused for 'desk'"):
            send(root, email)
        assert len(server.handler.received) == 0
        monkeypatch.setenv("TEST_SMTP_SECRET", "s3cret-Pa55")
        report = send(root, email)
    assert report.sent == PEOPLE
    for path in root.rglob("*"):  # the password is in no file, the ledger included
        if path.is_file():
            assert b"s3cret-Pa55" not in path.read_bytes(), path


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_password_outside_ascii_logs_in_and_a_wrong_one_is_one_line(root, server_tls, ca_file,
                                                                      monkeypatch, run_cli,
                                                                      mechanism):
    """smtplib sends the password as ASCII: "Kennwört-2024" failed as "cannot connect
    (UnicodeEncodeError: ... character '\\xf6' in position 11 ...)", naming one of its
    letters. AUTH PLAIN and LOGIN take UTF-8, as servers read them."""
    other = {"PLAIN": "LOGIN", "LOGIN": "PLAIN"}[mechanism]  # the server offers only one
    with Server(starttls=server_tls, users={"desk": "Kennwört-2024"},
                auth_exclude=[other]) as server:
        write_config(root, smtp(server.port, security="starttls", ca_file=ca_file,
                                username="desk", to=["ann@example.org"]))
        monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "Kennwört-2023")
        wrong = run_cli("send", "--date", "2024-12-08")
        monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "Kennwört-2024")
        right = run_cli("send", "--date", "2024-12-08")
    assert wrong.code == 1 and "login refused for 'desk' (535" in wrong.err, wrong.err
    assert len(wrong.err.strip().splitlines()) == 1 and "Traceback" not in wrong.err
    assert "ö" not in wrong.err + wrong.out and "xf6" not in wrong.err + wrong.out
    assert right.code == 0 and "sent to ann@example.org" in right.out, right.err
    assert [r.rcpt_tos for r in server.handler.received] == [["ann@example.org"]]


def test_untrusted_certificate_is_a_clear_error_and_nothing_is_marked_sent(root, server_tls,
                                                                          run_cli):
    with Server(starttls=server_tls) as server:
        write_config(root, smtp(server.port, security="starttls"))
        r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 1
    assert "certificate is not trusted" in r.err and "email.ca_file" in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert server.handler.received == []
    assert "sent" not in {status for status, _ in ledger(root).values()}


def test_connection_dropped_mid_list_is_retried_and_the_rest_served(root):
    handler = Handler(drop_on_message={2})  # bob's first try: the server hangs up
    with Server(handler) as server:
        report = send(root, smtp(server.port))
    assert report.sent == PEOPLE and report.ok
    assert [r.rcpt_tos[0] for r in handler.received] == PEOPLE  # each exactly once
    assert handler.data_count == 5
    assert {status for status, _ in ledger(root).values()} == {"sent"}


def test_refused_recipient_is_recorded_and_the_others_served(root, run_cli):
    handler = Handler(refuse={"bob@example.org": "550 5.1.1 no such user"})
    with Server(handler) as server:
        write_config(root, smtp(server.port))
        r = run_cli("send", "--date", "2024-12-08")
        assert r.code == 1
        assert "refused bob@example.org: 550 5.1.1 no such user" in r.out
        assert [x.rcpt_tos for x in handler.received] == [[p] for p in PEOPLE if p[0] != "b"]
        assert ledger(root)["bob@example.org"][0] == "refused"
        again = run_cli("send", "--date", "2024-12-08")  # a permanent refusal is not retried
        assert "skipped bob@example.org: refused earlier" in again.out
    assert len(handler.received) == 3


def test_temporary_refusal_is_retried_then_reported_then_served_next_run(root):
    handler = Handler(tempfail={"cat@example.org": 4})  # 1 try + 3 retries, all 451
    with Server(handler) as server:
        first = send(root, smtp(server.port))
        assert [a for a, _ in first.failed] == ["cat@example.org"]
        assert "451" in first.failed[0][1]
        assert first.sent == ["ann@example.org", "bob@example.org", "dan@example.org"]
        assert ledger(root)["cat@example.org"][0] == "failed"
        second = send(root, smtp(server.port))
    assert second.sent == ["cat@example.org"] and second.ok
    assert sorted(r.rcpt_tos[0] for r in handler.received) == PEOPLE


def test_temporary_failures_wait_retry_delay_then_twice_as_long_each_time(root):
    """email.retry_delay, then twice that, and so on: a greylisting server asks a sender to
    come back later, and retries at a steady pace would all land inside its window."""
    waits: list[float] = []
    handler = Handler(tempfail={"cat@example.org": 4})  # 1 try + 3 retries, all 451
    with Server(handler) as server:
        report = send(root, smtp(server.port, retry_delay=2.0), sleep=waits.append)
    assert [a for a, _ in report.failed] == ["cat@example.org"]
    assert waits == [2.0, 4.0, 8.0]


def test_resend_sends_again_to_a_recipient_the_server_refused(root, run_cli):
    """A refusal (5xx) is permanent, so a re-run skips it, saying "--resend to try again":
    once the mailbox is fixed, `send --resend --to ADDR` does send it."""
    handler = Handler(refuse={"bob@example.org": "550 5.1.1 no such user"})
    with Server(handler) as server:
        write_config(root, smtp(server.port))
        assert run_cli("send", "--date", "2024-12-08").code == 1
    assert ledger(root)["bob@example.org"][0] == "refused"
    with Server() as server:  # bob's mailbox exists now
        write_config(root, smtp(server.port))
        r = run_cli("send", "--date", "2024-12-08", "--to", "bob@example.org", "--resend")
    assert r.code == 0 and "sent to bob@example.org" in r.out, r.out
    assert [x.rcpt_tos for x in server.handler.received] == [["bob@example.org"]]
    assert ledger(root)["bob@example.org"][0] == "sent"


def test_an_address_is_one_recipient_whatever_its_case(root, run_cli):
    """The same person listed twice in different case is one recipient: one email, and one
    line for it, not also "skipped: already sent" in the run that sent it; a --to typed in
    capitals after a send is skipped as already sent, not mailed again."""
    write_config(root, {"to": ["ann@example.org", "Ann@Example.ORG"]})
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0 and "1 sent, 0 skipped" in r.out, r.out
    r = run_cli("send", "--date", "2024-12-08", "--to", "ANN@example.org")
    assert r.code == 0 and "0 sent, 1 skipped" in r.out, r.out
    assert "skipped ann@example.org: already sent" in r.out
    assert len(list((root / "out" / "outbox").glob("*.eml"))) == 1


def test_international_addresses_on_a_server_without_smtputf8(root, run_cli):
    """Many relays offer no SMTPUTF8. A domain in another script still reaches them in its
    ASCII form (bücher.example: xn--bcher-kva.example), in the envelope and in To:; a name
    before the @ in another script cannot, so that recipient is refused in one line naming
    the reason, not retried as a "connection lost" on every run. A server that offers
    SMTPUTF8 takes both as they are written."""
    people = ["ann@bücher.example", "josé@example.org", "bob@example.org"]
    with Server(smtputf8=False) as server:
        write_config(root, smtp(server.port, to=people))
        r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 1, r.out + r.err
    assert [x.rcpt_tos for x in server.handler.received] == [["ann@xn--bcher-kva.example"],
                                                             ["bob@example.org"]]
    assert server.handler.received[0].message["To"] == "ann@xn--bcher-kva.example"
    assert (f"refused josé@example.org: smtp 127.0.0.1:{server.port} does not offer SMTPUTF8, "
            "which an address with letters outside ASCII before the @ needs") in r.out, r.out
    assert "retrying" not in r.err and "connection lost" not in r.out
    assert {a: s for a, (s, _) in ledger(root).items()} == {
        "ann@bücher.example": "sent", "josé@example.org": "refused", "bob@example.org": "sent"}
    with Server() as server:  # SMTPUTF8 offered: the address goes as it is written
        write_config(root, smtp(server.port, to=people))
        r = run_cli("send", "--date", "2024-12-08", "--resend", "--to", "josé@example.org")
    assert r.code == 0 and "sent to josé@example.org" in r.out, r.out
    (got,) = server.handler.received
    assert got.rcpt_tos == ["josé@example.org"] and got.message["To"] == "josé@example.org"


def test_a_sender_whose_domain_is_in_another_script_is_mailed(root, run_cli):
    """email.sender = "desk@bücher.example": the Message-ID took its domain as written, and
    no such header can be written without SMTPUTF8, so the outbox and a server that does
    not offer it failed with a UnicodeEncodeError and left the recipient unconfirmed. The
    Message-ID takes the domain's ASCII form."""
    email = {"sender": "desk@bücher.example", "to": ["ann@example.org"]}
    write_config(root, email)
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0 and "sent to ann@example.org" in r.out, r.out + r.err
    (eml,) = (root / "out" / "outbox").glob("*.eml")
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert msg["Message-ID"].endswith(".briefing-2024-12-08@xn--bcher-kva.example>")
    with Server(smtputf8=False) as server:
        write_config(root, {**email, **smtp(server.port)})
        r = run_cli("send", "--date", "2024-12-08", "--to", "ann@example.org", "--resend")
    assert r.code == 0 and "sent to ann@example.org" in r.out, r.out + r.err
    (got,) = server.handler.received
    assert got.mail_from == "desk@xn--bcher-kva.example"
    assert got.message["From"] == "desk@xn--bcher-kva.example"


def test_unreachable_server_stops_the_run_with_one_line(root, run_cli):
    from smtpserver import free_port

    write_config(root, smtp(free_port(), retries=1))
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 1 and "cannot connect" in r.err
    errors = [line for line in r.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in r.err  # (and a warning per retry)
    assert [s for s, _ in ledger(root).values()] == ["failed"]  # only the first was tried


def test_crash_after_claim_is_never_resent_automatically(root, run_cli):
    """A 'sending' row left by a crash: maybe delivered, so not sent again; reported."""
    write_config(root)
    with Store.open(root / "out" / "briefing.db") as store:
        store.claim_delivery(DAY, "bob@example.org", message_id="<crashed@x>", now=NOW,
                             claimer="host:123:1")
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0
    assert "skipped bob@example.org: unconfirmed: claimed 2024-12-08 06:45 UTC by host:123:1" \
        in r.out
    assert not [p for p in (root / "out" / "outbox").glob("*.eml") if "bob" in p.name]
    r = run_cli("send", "--date", "2024-12-08", "--to", "bob@example.org", "--resend")
    assert r.code == 0 and "sent to bob@example.org" in r.out
    assert ledger(root)["bob@example.org"] == ("sent", "<crashed@x>")


def test_a_resend_of_a_sent_briefing_is_a_new_message(root):
    """`send --resend --to ann` after "I deleted it, send it again" (or after a rebuild)
    went out under the Message-ID of the copy she already had, which her mail system
    (Gmail, Exchange) discards as a duplicate: "sent" here, nothing in her inbox. A message
    sent before is resent as a new one; an unconfirmed one keeps its id (above), so that
    a copy which did arrive is the one she keeps."""
    handler = Handler()
    with Server(handler) as server:
        config = load_config(write_config(root, smtp(server.port, to=["ann@example.org"])))
        send_briefing(config, DAY, clock=lambda: NOW)
        report = send_briefing(config, DAY, to=["ann@example.org"], resend=True,
                               clock=lambda: NOW)
    assert report.sent == ["ann@example.org"]
    first, again = (r.message["Message-ID"] for r in handler.received)
    assert first != again
    assert ledger(root)["ann@example.org"] == ("sent", again)


def test_concurrent_senders_never_double_send(root):
    """Three processes and three threads race over the same list and the same ledger."""
    handler = Handler()
    with Server(handler) as server:
        config_file = write_config(root, smtp(server.port))
        cmd = [sys.executable, str(REPO / "cli.py"), "send", "--date", "2024-12-08",
               "--config", str(config_file)]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        procs = [subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE) for _ in range(3)]
        config = load_config(config_file)
        threads = [threading.Thread(target=send_briefing, args=(config, DAY)) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err.decode()
    assert sorted(r.rcpt_tos[0] for r in handler.received) == PEOPLE
    assert {status for status, _ in ledger(root).values()} == {"sent"}


def test_sending_a_date_never_built_asks_for_a_build_and_builds_nothing(root):
    """deliver/ only reads out/<date>/: building is the pipeline's (the CLI asks it first)."""
    from briefing.errors import DeliveryError

    with pytest.raises(DeliveryError, match=r"no briefing in .*2031-01-01 to send: build it"):
        send_briefing(load_config(write_config(root)), date(2031, 1, 1), clock=lambda: NOW)
    assert not (root / "out" / "2031-01-01").exists()


def test_empty_recipient_list_is_one_line(root, run_cli):
    write_config(root, {"to": []})
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 1
    assert r.err == ("error: no recipients: list them in email.to in briefing.toml, or give "
                     "--to ADDR\n")


@pytest.mark.parametrize(("email", "message"), [
    ({"to": ["not an address"]}, "email.to has 'not an address', not a plain address"),
    # typos a server refuses at 7 a.m. ("501 bad address syntax"): refused here instead
    ({"to": ["ann@example..org"]}, "email.to has 'ann@example..org', not a plain address"),
    ({"to": ["ann@.example.org"]}, "email.to has 'ann@.example.org', not a plain address"),
    ({"to": ["ann.@example.org"]}, "email.to has 'ann.@example.org', not a plain address"),
    ({"to": ["a..nn@example.org"]}, "email.to has 'a..nn@example.org', not a plain address"),
    # a domain in another script that has no ASCII form (IDNA) reaches no server
    ({"to": ["ann@-bücher.example"]}, "email.to has 'ann@-bücher.example', not a plain"),
    ({"sender": "desk@bü☃.example"}, "email.sender has 'desk@bü☃.example', not a plain"),
    ({"security": "ssl"}, "email.security = 'ssl' is not allowed"),
    ({"subject": "{title} {when}"}, "email.subject = '{title} {when}' is not a valid template"),
    # only plain fields: an attribute, index, conversion or format could fail or allocate
    # gigabytes once formatted (a fuzzer's finds)
    ({"subject": "{title.foo}"}, "({title.foo}: a field takes no attribute or index); "
                                 "allowed fields, each written as is: {title}, {date}, "
                                 "{counts}, {articles}"),
    ({"subject": "{title:>99999999999}"},
     "({title:>99999999999}: a field takes no conversion or format)"),
    ({"subject": "{date!r}"}, "({date!r}: a field takes no conversion or format)"),
    ({"subject": "{0}"}, "({0} is not a field)"),
    # AUTH with no TLS would send the password in clear: said when the file is read, not
    # by the first real send (a dry run or a build passed it)
    (smtp(2525, username="desk"), "email.username is set but email.security = 'none'"),
    ({"unsubscribe": "http://x"}, "email.unsubscribe = 'http://x' must be a mailto: or https://"),
    # a line break ends the List-Unsubscribe header: refused here, not a traceback at send
    ({"unsubscribe": "https://x.example/u\n"},
     "email.unsubscribe = 'https://x.example/u\\n' must be a mailto: or https://"),
])
def test_bad_email_config_is_refused_at_load(root, run_cli, email, message):
    write_config(root, email)
    r = run_cli("send", "--dry-run")
    assert r.code == 2 and message in r.err, r.err


def test_a_subject_that_would_fail_only_at_send_time_is_refused_at_load(root, run_cli):
    """`{title[0]}` formats on the check's sample title but not on an empty one: an index
    is refused at load whatever the title, so send never meets it."""
    write_config(root, {"subject": "{title[0]}"}, briefing={"title": ""})
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 2 and len(r.err.splitlines()) == 1, r.err
    assert "email.subject = '{title[0]}' is not a valid template ({title[0]}: a field " \
           "takes no attribute or index)" in r.err
    assert not (root / "out" / "outbox").exists()


def test_every_subject_field_and_literal_braces_format_as_documented(root, run_cli):
    write_config(root, {"subject": "{{{title}}} {date}: {counts} ({articles} articles)"})
    r = run_cli("send", "--date", "2024-12-08", "--dry-run")
    assert r.code == 0, r.err
    assert "subject: {Daily briefing} 8 Dec 2024: 6 military, 4 diplomacy (" in r.out
    assert re.search(r"4 diplomacy \(\d+ articles\)\n", r.out), r.out


def test_a_users_email_template_that_fails_as_it_runs_is_one_line_naming_it(root, run_cli):
    templates = root / "my-templates"
    templates.mkdir()
    (templates / "email.txt.j2").write_text("{{ text }}\n{{ 1 // 0 }}\n")
    write_config(root, None, output={"templates": str(templates)})
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 1 and "Traceback" not in r.err
    assert len(r.err.strip().splitlines()) == 1
    assert "email.txt.j2: line 2" in r.err and "division" in r.err


def test_a_users_email_template_that_is_not_utf8_is_one_line_naming_its_path(root, run_cli):
    templates = root / "my-templates"
    templates.mkdir()
    (templates / "email.txt.j2").write_bytes("{{ text }}\n\u00a9 Caf\u00e9 News\n".encode("cp1252"))
    write_config(root, None, output={"templates": str(templates)})
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 1
    assert r.err == (f"error: {templates / 'email.txt.j2'}: not UTF-8 text (line 2, byte 11); "
                     "save it as UTF-8\n")


def test_a_users_template_cannot_pull_in_remote_images_or_fonts(root):
    templates = root / "my-templates"
    templates.mkdir()
    builtin = (REPO / "templates" / "email.html.j2").read_text()
    (templates / "email.html.j2").write_text(builtin.replace("<body>", (
        '<body><link rel="stylesheet" href="https://fonts.example/css">'
        '<img src="https://tracker.example/pixel.gif"><img src="data:image/gif;base64,R0lG">'
        '<style>@import url("https://fonts.example/x.css"); '
        'h1 { background: url(https://tracker.example/bg.png) }</style>')))
    path = write_config(root, None, output={"templates": str(templates)})
    send_briefing(load_config(path), DAY, clock=lambda: NOW)
    eml = next((root / "out" / "outbox").glob("*.eml"))
    html = BytesParser(policy=policy.default).parsebytes(eml.read_bytes()).get_body(
        ("html",)).get_content()
    assert "example/" not in html  # no remote link, image, import or url()
    assert 'src="cid:' in html  # the inline image is kept, as a part of the message


def test_only_css_loses_its_remote_urls_never_the_articles_words():
    from briefing.deliver.sanitize import sanitize_document

    words = "It used url(http://evil.example/x) and @import foo; in its CSS."
    html = ('<style>@import url(x.css); h1 { background: url(http://t.example/a.png) }</style>'
            '<p style="background: url(&quot;http://t.example/b.png&quot;)">' + words + "</p>"
            '<i style="background: url(&quot;data:image/gif;base64,R0lG&quot;)">k</i>')
    out = sanitize_document(html)
    assert "t.example" not in out and "x.css" not in out
    assert words in out and "data:image/gif" in out


# --- the HTML part, as a reader sees it ----------------------------------------------


def test_html_part_shows_the_briefing_in_chromium(root, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    from PIL import Image

    send(root)
    (eml,) = [p for p in (root / "out" / "outbox").glob("*.eml") if "ann" in p.name]
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    page = tmp_path / "email.html"
    page.write_text(msg.get_body(("html",)).get_content())
    shot = tmp_path / "email.png"
    # Chromium on the real clock: CI runs the suite again under faketime (LD_PRELOAD), and
    # Chromium's sandboxed processes die on a faked clock; what it draws has no date in it
    real_clock = {k: v for k, v in os.environ.items()
                  if k not in ("LD_PRELOAD", "FAKETIME", "FAKETIME_SKIP_CMDS")}
    # its crash reports too go in the test"s folder, not in ~/.config/chromium
    real_clock["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                    "--window-size=900,1200", f"--screenshot={shot}", page.as_uri()],
                   check=True, capture_output=True, timeout=60, env=real_clock)
    keep = os.environ.get("BRIEFING_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 20  # text, headings, the top-lines box: not a blank page
    accent = sum(n for n, rgb in colours if rgb[2] > rgb[0] + 40)  # the blue headings
    assert accent > 500


# --- for real, once the summarizer has landed -----------------------------------------


def test_send_builds_the_missing_briefing_from_the_seeds(run_cli, workdir):
    import importlib.util

    if not (importlib.util.find_spec("briefing.summarize")
            and importlib.util.find_spec("briefing.themes")):
        pytest.skip("briefing.summarize / briefing.themes have not landed yet")
    write_config(workdir)
    r = run_cli("send", "--date", "2024-12-08", "--to", "ann@example.org")
    assert r.code == 0, r.err
    assert (workdir / "out/2024-12-08/briefing.pdf").exists()
    (eml,) = (workdir / "out" / "outbox").glob("*.eml")
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert "military" in msg["Subject"] and "CENTCOM" in msg.get_body(("plain",)).get_content()


def test_send_mails_the_configured_briefing_not_an_on_demand_build(run_cli, workdir):
    """An on-demand build (build --source) is kept, but it is not the day's briefing: mailed,
    it would take the date's place in the ledger and the real one would never go out."""
    folder = workdir / "out" / "2024-12-08"
    adhoc = ("build", "--date", "2024-12-08", "--source",
             "seeds/2024-12-24-dod-readout-austin-guler-disis.md")
    with Server() as server:
        write_config(workdir, {"to": ["ann@example.org"], **smtp(server.port)})
        assert run_cli("build", "--date", "2024-12-08").code == 0
        assert run_cli(*adhoc).code == 0
        dry = run_cli("send", "--date", "2024-12-08", "--dry-run")
        assert "(not built yet: " in dry.out and "holds an on-demand build)" in dry.out
        r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0 and "1 sent" in r.out, r.err
    (received,) = server.handler.received
    text = received.message.get_body(("plain",)).get_content()
    assert "CENTCOM" in text and "D-ISIS" not in text
    assert "D-ISIS" in (folder / "edition-2" / "briefing.md").read_text()  # kept
    assert "D-ISIS" not in (folder / "briefing.md").read_text()


@pytest.mark.parametrize("address", ["a@b@example.org", '"Desk"@example.org', "desk",
                                     "Ann <ann@example.org>", "ann@example.org, bob@example.org",
                                     ""])
def test_an_address_given_with_to_is_held_to_the_config_files_rule(root, run_cli, address):
    """A bad --to is a bad value of the command (exit 2), named as the user wrote it: it was
    exit 1, lower-cased, with no word of --to (and "" said there were no recipients)."""
    write_config(root)
    r = run_cli("send", "--date", "2024-12-08", "--to", address)
    assert r.code == 2, r.err
    assert r.err == (f"error: --to {address!r}: not a plain address like 'name@example.org' "
                     "(one address per --to; repeat --to for more)\n")
    assert not list((root / "out" / "outbox").glob("*.eml"))


# --- a failure before anything reached the server releases the claim (issue 19, item 8) ----


def test_a_connection_that_cannot_start_releases_the_claim_and_a_fixed_config_delivers(
        root, run_cli):
    """email.timeout = 1e308 once passed the load and then crashed in the socket layer,
    leaving the ledger at 'sending': every later run called it "unconfirmed" and never sent.
    The load refuses it now; a config that slipped through anyway (built in code here) is
    one line, and nothing is left claimed, so `send` with the fixed config delivers."""
    from dataclasses import replace

    handler = Handler()
    with Server(handler) as server:
        path = write_config(root, smtp(server.port, to=["ann@example.org"], timeout=1e308))
        refused = run_cli("send", "--date", "2024-12-08", "--config", path)
        assert refused.code == 2 and refused.err.count("\n") == 1
        assert "email.timeout must be more than 0 and at most 600, not 1e+308" in refused.err
        good = load_config(write_config(root, smtp(server.port, to=["ann@example.org"])))
        bad = replace(good, email=replace(good.email, timeout=1e308))
        with pytest.raises(DeliveryError, match="cannot connect") as e:
            send_briefing(bad, DAY, clock=lambda: NOW)
        assert "\n" not in str(e.value)
        assert ledger(root)["ann@example.org"][0] == "failed"  # released, not 'sending'
        sent = run_cli("send", "--date", "2024-12-08", "--config", root / "briefing.toml")
    assert sent.code == 0, sent.err
    assert "sent to ann@example.org" in sent.out
    assert [r.rcpt_tos for r in handler.received] == [["ann@example.org"]]
    assert ledger(root)["ann@example.org"][0] == "sent"


def test_an_interrupted_retry_wait_releases_the_claim_and_the_next_run_delivers(root):
    """Ctrl-C (or any error of ours) while waiting to retry a 451: the message was not taken,
    so the row is released; the next run sends it, once."""
    handler = Handler(tempfail={"ann@example.org": 1})

    def interrupted(_seconds: float) -> None:
        raise KeyboardInterrupt

    with Server(handler) as server:
        config = load_config(write_config(root, smtp(server.port, to=["ann@example.org"])))
        with pytest.raises(KeyboardInterrupt):
            send_briefing(config, DAY, clock=lambda: NOW, sleep=interrupted)
        assert ledger(root)["ann@example.org"][0] == "failed"
        report = send_briefing(config, DAY, clock=lambda: NOW)
    assert report.sent == ["ann@example.org"]
    assert [r.rcpt_tos for r in handler.received] == [["ann@example.org"]]


@contextmanager
def vanishing_server(handler: Handler) -> Iterator[tuple[Server, Callable[[float], None]]]:
    """A real SMTP server, and the sender's wait before a retry that stops it (the server
    goes away the first time the sender waits), the server stopped at the end either way."""
    server = Server(handler).__enter__()
    running = [True]

    def server_goes_away(_seconds: float) -> None:
        if running:
            running.clear()
            server.controller.stop()

    try:
        yield server, server_goes_away
    finally:
        if running:
            server.controller.stop()


def test_a_421_at_one_recipient_of_a_bcc_group_sends_the_group_nothing_and_is_retried(root):
    """A 421 to one RCPT ends the session before the message is sent to anyone: smtplib
    reports only that address refused, and the others (accepted or never asked) were
    recorded 'sent', having received nothing. The whole group is retried, and gets it
    once."""
    handler = Handler(closing={"cat@example.org": 1})
    people = PEOPLE + ["eve@example.org"]
    with Server(handler) as server:
        report = send(root, smtp(server.port, to=people, grouping="bcc"))
    assert report.sent == people and report.ok
    assert [sorted(r.rcpt_tos) for r in handler.received] == [sorted(people)]
    assert {status for status, _ in ledger(root).values()} == {"sent"}


def test_recipients_a_group_message_reached_stay_sent_when_the_run_stops(root):
    """BCC group: the server takes it for two and says 451 to a third; the retry cannot
    connect. The two are recorded as sent (not 'failed', which would mail them again)."""
    handler = Handler(tempfail={"cat@example.org": 1})
    people = ["ann@example.org", "bob@example.org", "cat@example.org"]
    with vanishing_server(handler) as (server, server_goes_away):
        config = load_config(write_config(root, smtp(server.port, to=people, grouping="bcc")))
        with pytest.raises(DeliveryError, match="cannot connect"):
            send_briefing(config, DAY, clock=lambda: NOW, sleep=server_goes_away)
    got = {a: status for a, (status, _) in ledger(root).items()}
    assert got == {"ann@example.org": "sent", "bob@example.org": "sent",
                   "cat@example.org": "failed"}
    assert [sorted(r.rcpt_tos) for r in handler.received] == [people[:2]]


def test_a_run_stopped_by_the_server_going_away_says_whom_it_served(root, run_cli):
    """The server died after ann's message: `send` printed only "error: ... cannot
    connect", not that ann had it (the ledger said so; the operator could not know) nor
    that bob and cat were never tried. Now it says each, then why, and what to do."""
    from briefing.errors import SendStopped

    handler = Handler(tempfail={"bob@example.org": 1})
    people = ["ann@example.org", "bob@example.org", "cat@example.org"]
    with vanishing_server(handler) as (server, server_goes_away):
        config = load_config(write_config(root, smtp(server.port, to=people)))
        with pytest.raises(SendStopped, match="cannot connect") as e:
            send_briefing(config, DAY, clock=lambda: NOW, sleep=server_goes_away)
    (report,) = e.value.reports
    assert report.sent == ["ann@example.org"] and [a for a, _ in report.failed] == [
        "bob@example.org"]
    r = run_cli("send", "--date", "2024-12-08", "--to", "dan@example.org")  # still down
    assert r.code == 1 and "Traceback" not in r.err
    assert r.err.splitlines()[-1].endswith("; the run stopped there, the rest untried: once "
                                           "that is put right, send again (nobody served "
                                           "gets it twice)"), r.err
    assert "dan@example.org" not in r.out  # the one failure: the error line says it


def test_every_count_agrees_and_the_plain_text_has_no_markdown_anchors(run_cli, workdir):
    """The build's line, the header of each format, the contents and the email's subject
    give the same numbers (each point is shown once, under its strongest theme, so the
    sections add up to the total), all read from Briefing.counts."""
    import re

    write_config(workdir, {"to": ["ann@example.org"]})
    r = run_cli("build", "--date", "2024-12-16")
    assert r.code == 0, r.err
    articles, points, themes = map(int, re.match(
        r"(\d+) articles, (\d+) key points, (\d+) themes\n", r.out).groups())
    folder = workdir / "out" / "2024-12-16"
    data = json.loads((folder / "briefing.json").read_text())
    assert (data["counts"]["articles"], data["counts"]["key_points"],
            data["counts"]["themes"]) == (articles, points, themes)
    by_theme = {s["theme"]: s["key_points"] for s in data["counts"]["sections"]}
    shown = {(p["article_id"], p["position"]) for s in data["sections"] for st in s["stories"]
             for p in st["key_points"]}
    assert points == len(shown) == sum(by_theme.values())  # each point shown once
    header = f"{articles} articles · {points} key points · {themes} themes · "
    md = (folder / "briefing.md").read_text()
    html = (folder / "briefing.html").read_text()
    assert header in md and header in html
    titles = {s["theme"]: s["title"] for s in data["sections"]}
    for theme, n in by_theme.items():
        assert f"- [{titles[theme]}](#" in md and f") ({n})\n" in md
        assert f'<a href="#theme-{theme}">{titles[theme]} <span class="count">({n})</span>' \
            in html
    r = run_cli("send", "--date", "2024-12-16")
    assert r.code == 0, r.err
    (eml,) = (workdir / "out" / "outbox").glob("*.eml")
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    ranked = sorted(by_theme.items(), key=lambda kv: -kv[1])
    assert msg["Subject"] == "Daily briefing, 16 Dec 2024: " + ", ".join(
        f"{n} {theme}" for theme, n in ranked)
    text = msg.get_body(("plain",)).get_content()
    assert "](#" not in text and "(#" not in text
    for theme, n in by_theme.items():
        assert f"- {titles[theme]} ({n})\n" in text


def test_a_recipient_refused_for_now_is_logged_before_each_wait(root):
    """A 451 to a recipient was retried in silence: the scheduler's log (journald) showed
    nothing for the minutes of its waits (7 with retry_delay = 60), nor why it waited."""
    lines: list[str] = []
    handler = Handler(tempfail={"cat@example.org": 2})
    with Server(handler) as server:
        report = send(root, smtp(server.port, retry_delay=2.0), sleep=lambda _s: None,
                      log=lines.append)
    assert "cat@example.org" in report.sent
    waits = [line for line in lines if line.startswith("temporary failure of cat@example.org")]
    assert [w.rsplit("; ", 1)[1] for w in waits] == ["retrying in 2 s", "retrying in 4 s"], lines
    assert all("(451 4.3.0 " in w and "451 451" not in w for w in waits), waits  # once


def test_a_wait_for_one_recipient_of_a_bcc_group_names_that_recipient_alone(root):
    """The group's first address took a 451; the log said "temporary failure of
    ann@example.org and 2 more", as if the server had turned the whole group away, when
    bob and cat had the message already. The line names the one retried, then its message."""
    lines: list[str] = []
    handler = Handler(tempfail={"ann@example.org": 1})
    people = ["ann@example.org", "bob@example.org", "cat@example.org"]
    with Server(handler) as server:
        report = send(root, smtp(server.port, to=people, grouping="bcc", retry_delay=2.0),
                      sleep=lambda _s: None, log=lines.append)
    assert sorted(report.sent) == people
    (wait,) = [line for line in lines if line.startswith("temporary failure of ")]
    assert wait.startswith("temporary failure of ann@example.org (ann@example.org and 2 "
                           "more) (451 "), wait
