"""Configured sources remembered in SQLite: named sources, failing feeds, conditional
requests, what a dated briefing covers across rebuilds, crash safety, canonical URLs,
OPML import and the [[sources.feed]] schema.

Real components only: the SQLite store, the local HTTP server of tests/httpserver.py
serving the saved feeds of tests/fixtures/web/, the CLI in-process or as a subprocess.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO, needs_shared, zone_far_from_midnight
from httpserver import FIXTURES, LocalServer, conditional, fixture, redirect, send, status

from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.model import Article
from briefing.sources.fetch import FetchSettings
from briefing.sources.web import read_url
from briefing.store import Store
from briefing.urls import canonical_url

RSS = "application/rss+xml"
ETAG = '"dod-20241209-2215"'
LAST_MODIFIED = "Mon, 09 Dec 2024 22:15:00 GMT"
DOD = (FIXTURES / "dod-releases.rss").read_bytes()
DAY = "2024-12-09"


@pytest.fixture
def server():
    srv = LocalServer({}).start()
    yield srv
    srv.stop()


def feed_table(name: str, url: str, kind: str = "feed") -> str:
    return f'[[sources.feed]]\nname = "{name}"\nkind = "{kind}"\nurl = "{url}"\n'


def configure(root: Path, sources: str = 'paths = []\n', *tables: str, tz: str = "UTC") -> Path:
    path = root / "briefing.toml"
    path.write_text(f'[briefing]\ntimezone = "{tz}"\n\n[sources]\n' + sources + "\n"
                    + "\n".join(tables))
    return path


def briefed(root: Path, sub: str = "") -> list[str]:
    data = json.loads((root / "out" / DAY / sub / "briefing.json").read_text())
    return sorted(a["title"] for a in data["articles"])


def stored(root: Path) -> list[Article]:
    with Store.open(root / "out" / "briefing.db") as store:
        return store.articles_between(None, datetime(2100, 1, 1, tzinfo=UTC))


def items(feed: bytes) -> list[bytes]:
    return re.findall(rb"<item>.*?</item>", feed, re.S)


# --- (a) a failing source among good ones ------------------------------------------------


def test_build_from_a_folder_and_two_feeds_one_failing(run_cli, workdir, server):
    server.routes["/error"] = status(500)
    server.routes["/dod.rss"] = fixture("dod-releases.rss", RSS)
    configure(workdir, 'paths = ["seeds"]\n',
              feed_table("Broken feed", server.url("/error")),
              feed_table("DoD releases", server.url("/dod.rss")))
    r = run_cli("build", "--date", DAY, "--format", "json")
    assert r.code == 0, r.err
    assert re.search(r"warning: source 'Broken feed': http://\S+/error: HTTP 500", r.err)
    assert "1 of 3 sources could not be read: 'Broken feed'" in r.err
    data = json.loads((workdir / "out" / DAY / "briefing.json").read_text())
    ids = {a["id"] for a in data["articles"]}
    sources = {a["source"] for a in data["articles"]}
    assert "000_0e06bca53e2e7670" in ids  # the folder: the founding article
    assert "U.S. Department of Defense Releases" in sources  # the good feed
    assert len(data["articles"]) == 2 + 3


def test_a_named_source_names_articles_that_carry_no_source(run_cli, workdir, server):
    untitled = re.sub(rb"<title>U\.S\. Department[^<]*</title>", b"", DOD, count=1)
    server.routes["/untitled.rss"] = lambda h: send(h, 200, untitled, RSS)
    (workdir / "notes").mkdir()
    configure(workdir, "paths = []\n", feed_table("Pentagon", server.url("/untitled.rss")),
              '[[sources.feed]]\nname = "Wrong kind"\nkind = "file"\npath = "notes"\n')
    r = run_cli("ingest")
    assert r.code == 0, r.err
    assert "3 articles read, 3 new" in r.out
    assert {a.source for a in stored(workdir)} == {"Pentagon"}
    assert "notes: a folder, not a file (kind = \"file\"), skipped" in r.err


def test_when_every_source_fails_nothing_is_built_or_mailed_and_a_later_run_delivers(
    run_cli, tmp_path, monkeypatch, server
):
    """An outage is not a quiet day: no "no new items" briefing may take the day's place
    in the delivery ledger, so the run after the sources recover mails the real one."""
    monkeypatch.chdir(tmp_path)
    down = {"dod": True}
    server.routes["/dod.rss"] = lambda h: (status(500) if down["dod"] else
                                           fixture("dod-releases.rss", RSS))(h)
    zone = zone_far_from_midnight()  # "today" is the real clock's: it must not turn over
    configure(tmp_path, f'paths = []\nurls = ["{server.url("/nope.xml")}", '
                        f'"{server.url("/dod.rss")}"]\n', '[email]\nto = ["a@example.org"]\n',
              tz=zone)
    today = datetime.now(ZoneInfo(zone)).date().isoformat()
    outbox = tmp_path / "out" / "outbox"

    for command in (("build",), ("ingest",), ("schedule", "--once")):
        r = run_cli(*command)
        assert r.code == 1, (command, r.out, r.err)
        (line,) = r.err.strip().splitlines()
        assert line.startswith("error: no configured source could be read (2 of 2 failed): ")
        assert "/nope.xml: HTTP 404" in line and "/dod.rss: HTTP 500" in line
    assert not (tmp_path / "out" / today).exists()
    assert not list(outbox.glob("*.eml"))
    with Store.open(tmp_path / "out" / "briefing.db") as store:
        assert store.briefed_ids(date.fromisoformat(today)) is None and not store.deliveries()

    down["dod"] = False  # one source back: a partial outage builds, with a warning
    r = run_cli("schedule", "--once")
    assert r.code == 0 and "1 sent, 0 skipped" in r.out, r.out + r.err
    (eml,) = outbox.glob(f"{today}_a@example.org_*.eml")
    assert "no new items" not in eml.read_text() and "military" in eml.read_text()

    quiet = run_cli("build", "--date", "2099-01-01", "--format", "json")  # read, nothing new
    assert quiet.code == 0 and "0 articles" in quiet.out, quiet.err
    assert "1 of 2 sources could not be read" in quiet.err


def test_an_empty_folder_is_a_quiet_day_but_an_unreadable_one_is_a_failure(run_cli, workdir):
    (workdir / "empty").mkdir()
    configure(workdir, 'paths = ["empty"]\n')
    quiet = run_cli("build", "--date", DAY, "--format", "json")
    assert quiet.code == 0 and "0 articles" in quiet.out, quiet.err
    configure(workdir, "paths = []\n", '[[sources.feed]]\nname = "Notes"\nkind = "file"\n'
                                       'path = "empty"\n')
    r = run_cli("ingest")
    assert r.code == 1 and "(1 of 1 failed): source 'Notes': " in r.err
    assert 'a folder, not a file (kind = "file")' in r.err


def test_an_empty_json_lines_export_is_a_quiet_day_not_an_outage(run_cli, workdir):
    """An exporter that writes the day's new items as JSON Lines writes an empty file on a
    day with none: zero rows, as an empty folder is zero files. It failed the build ("no
    configured source could be read: empty file"), so nothing was sent that morning. An
    empty .json or article file is still skipped with a warning: it holds no JSON, no
    article."""
    (workdir / "wire.jsonl").write_text("\n")
    configure(workdir, 'paths = ["wire.jsonl"]\n')
    quiet = run_cli("build", "--date", DAY, "--format", "json")
    assert quiet.code == 0 and "0 articles" in quiet.out, quiet.err
    assert "warning" not in quiet.err, quiet.err
    (workdir / "wire.json").write_text("")
    configure(workdir, 'paths = ["wire.json"]\n')
    r = run_cli("ingest")
    assert r.code == 1 and "wire.json: empty file, skipped" in r.err, r.err


def test_a_missing_configured_folder_is_a_warning_and_the_others_are_read(run_cli, workdir):
    configure(workdir, 'paths = ["seeds", "news"]\n')
    r = run_cli("build", "--date", DAY, "--format", "json")
    assert r.code == 0, r.err
    assert f"warning: {workdir / 'news'}: no such file or folder, skipped" in r.err
    assert "1 of 2 sources could not be read: news" in r.err
    assert "000_0e06bca53e2e7670" in {a["id"] for a in json.loads(
        (workdir / "out" / DAY / "briefing.json").read_text())["articles"]}
    configure(workdir, 'paths = ["news"]\n')  # every source failed: one line, nothing built
    r = run_cli("ingest")
    assert r.code == 1
    assert r.err.strip() == ("error: no configured source could be read (1 of 1 failed): "
                             f"{workdir / 'news'}: no such file or folder, skipped")


def test_with_no_source_configured_a_folder_without_seeds_briefs_the_shipped_samples(
    run_cli, tmp_path, monkeypatch
):
    """`briefing build` in an empty folder: the sample articles shipped with briefing."""
    monkeypatch.chdir(tmp_path)
    r = run_cli("build", "--date", "2024-12-08", "--format", "json")
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out" / "2024-12-08" / "briefing.json").read_text())
    assert "000_0e06bca53e2e7670" in {a["id"] for a in data["articles"]}
    assert not (tmp_path / "seeds").exists()
    assert r.err.startswith("note: no sources configured and no seeds/ folder here: reading "
                            "the sample articles shipped with briefing"), r.err


def test_once_a_source_is_configured_the_samples_are_not_read(run_cli, workdir, server):
    """`sources import-opml` into a new folder, then `ingest --config`: the feed only (the
    default seeds/ neither fails the run when absent nor mixes in when present)."""
    server.routes["/dod.rss"] = fixture("dod-releases.rss", RSS)
    (workdir / "subs.opml").write_text(
        f'<opml><body><outline title="DoD" xmlUrl="{server.url("/dod.rss")}"/></body></opml>')
    new = workdir / "desk"
    new.mkdir()
    # the feed is on 127.0.0.1: an OPML file's feeds are public only, unless the config says
    (new / "briefing.toml").write_text("[sources]\nallow_private_links = true\n")
    r = run_cli("sources", "import-opml", workdir / "subs.opml", "--config", new / "briefing.toml")
    assert r.code == 0, r.err
    r = run_cli("ingest", "--config", new / "briefing.toml")
    # the feed alone read (its line on stderr, beside the warnings: there are none)
    assert r.code == 0 and r.err.splitlines() == [
        f"note: source 'DoD' ({server.url('/dod.rss')}): 3 read, 3 new"], r.err
    assert "3 articles read, 3 new" in r.out
    with Store.open(new / "out" / "briefing.db") as store:
        assert {a.source for a in store.articles_between(None, datetime(2100, 1, 1, tzinfo=UTC))
                } == {"U.S. Department of Defense Releases"}


# --- (b) what a dated briefing covers across rebuilds -------------------------------------


def test_same_day_rebuilds_brief_only_what_is_new_and_keep_each_edition(
    run_cli, tmp_path, monkeypatch, server
):
    monkeypatch.chdir(tmp_path)
    first, *rest = items(DOD)
    feed = {"body": DOD.replace(first, b"")}  # the newest entry is not out yet
    server.routes["/dod.rss"] = lambda h: send(h, 200, feed["body"], RSS)
    config = configure(tmp_path, "paths = []\n", feed_table("DoD", server.url("/dod.rss")))
    build = ("build", "--date", DAY, "--format", "json,md")

    assert run_cli(*build).code == 0
    older = briefed(tmp_path)
    assert len(older) == 2

    feed["body"] = DOD  # a new entry in the feed
    assert run_cli(*build).code == 0
    newest = briefed(tmp_path)
    assert newest == ["Department of Defense Announces Completion of Joint Logistics Exercise "
                      "in the Pacific"]
    assert briefed(tmp_path, "edition-1") == older  # the first edition is kept, whole
    assert (tmp_path / "out" / DAY / "edition-1" / "briefing.md").is_file()

    again = run_cli(*build)  # nothing new: the same briefing, not an empty one
    assert again.code == 0 and "1 article," in again.out
    assert briefed(tmp_path) == newest
    assert not (tmp_path / "out" / DAY / "edition-2").exists()  # same articles: no copy

    config.write_text(config.read_text().replace("paths = []", "paths = []\nrollup = true"))
    assert run_cli(*build).code == 0  # roll up the day: everything of its window
    assert briefed(tmp_path) == sorted([*older, *newest])
    assert briefed(tmp_path, "edition-2") == newest


def test_a_rebuild_in_fewer_formats_leaves_no_file_of_the_previous_edition(
    run_cli, tmp_path, monkeypatch, server
):
    """build, a new entry, build --format md: the old HTML, PDF and JSON move to edition-1
    instead of staying beside the new Markdown, so send builds a whole briefing instead
    of mailing the new text with the old HTML, PDF and subject."""
    from smtpserver import Server

    from briefing.deliver.message import section_counts

    monkeypatch.chdir(tmp_path)
    first, *rest = items(DOD)
    feed = {"body": DOD.replace(first, b"")}
    server.routes["/dod.rss"] = lambda h: send(h, 200, feed["body"], RSS)
    folder = tmp_path / "out" / DAY
    with Server() as smtp:
        configure(tmp_path, "paths = []\n", feed_table("DoD", server.url("/dod.rss")),
                  f'[email]\nto = ["ann@example.org"]\nsmtp_host = "127.0.0.1"\n'
                  f'smtp_port = {smtp.port}\nsecurity = "none"\n')
        assert run_cli("build", "--date", DAY).code == 0
        feed["body"] = DOD  # a new entry in the feed
        assert run_cli("build", "--date", DAY, "--format", "md").code == 0
        assert sorted(p.name for p in folder.iterdir()) == ["briefing.md", "edition-1"]
        assert sorted(p.name for p in (folder / "edition-1").iterdir()) == [
            "briefing.html", "briefing.json", "briefing.md", "briefing.pdf"]
        assert "Joint Logistics Exercise" not in (folder / "edition-1/briefing.md").read_text()
        r = run_cli("send", "--date", DAY)
    assert r.code == 0 and "1 sent" in r.out, r.err
    data = json.loads((folder / "briefing.json").read_text())
    (received,) = smtp.handler.received
    message = received.message
    assert message["Subject"].strip() == f"Daily briefing, 9 Dec 2024: {section_counts(data)}"
    assert len(data["articles"]) == 3  # the whole day, as a mailed briefing is
    for part in (message.get_body(("plain",)).get_content(),
                 message.get_body(("html",)).get_content()):
        assert "Joint Logistics Exercise" in part


def test_a_later_date_does_not_brief_again_what_an_earlier_one_did(run_cli, workdir):
    """The founding article is briefed on its date even after a later date was built."""
    configure(workdir, 'paths = ["seeds"]\nwindow = "all"\n')
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    assert run_cli("build", "--date", "2024-12-16", "--format", "json").code == 0
    first = json.loads((workdir / "out/2024-12-08/briefing.json").read_text())
    second = json.loads((workdir / "out/2024-12-16/briefing.json").read_text())
    assert "000_0e06bca53e2e7670" in {a["id"] for a in first["articles"]}
    assert not {a["id"] for a in first["articles"]} & {a["id"] for a in second["articles"]}
    assert second["articles"]


# --- (c) conditional requests --------------------------------------------------------------


def test_an_unchanged_feed_is_a_304_and_adds_nothing(run_cli, tmp_path, monkeypatch, server):
    monkeypatch.chdir(tmp_path)
    server.routes["/etag.rss"] = conditional("dod-releases.rss", RSS, ETAG, LAST_MODIFIED)
    configure(tmp_path, "paths = []\n", feed_table("DoD", server.url("/etag.rss")))
    assert "3 articles read, 3 new, 0 problems" in run_cli("ingest").out
    with Store.open(tmp_path / "out" / "briefing.db") as store:
        assert store.feed_validators() == {server.url("/etag.rss"): (ETAG, LAST_MODIFIED)}
    second = run_cli("ingest")
    assert second.code == 0 and "0 articles read, 0 new, 0 problems" in second.out
    (_, first_headers), (_, second_headers) = server.requests
    assert "If-None-Match" not in first_headers
    assert second_headers["If-None-Match"] == ETAG
    assert second_headers["If-Modified-Since"] == LAST_MODIFIED
    assert len(stored(tmp_path)) == 3


def test_read_url_threads_the_validators_in_and_out(server):
    url = server.url("/etag.rss")
    server.routes["/etag.rss"] = conditional("dod-releases.rss", RSS, ETAG, LAST_MODIFIED)
    state: dict = {}
    assert len(read_url(url, FetchSettings(), tz=UTC, state=state)) == 3
    assert (state[url].etag, state[url].last_modified) == (ETAG, LAST_MODIFIED)
    assert read_url(url, FetchSettings(), tz=UTC, state=state) == []  # 304
    assert state[url].etag == ETAG
    assert len(read_url(url, FetchSettings(), tz=UTC)) == 3  # no state: an ordinary GET, as before


def test_a_changed_feed_does_not_fetch_again_the_pages_of_teasers_it_has_stored(
        run_cli, tmp_path, monkeypatch, server):
    """A news feed changes at every poll: its teasers already stored are not followed to
    their pages again, only the new entry's page is fetched."""
    monkeypatch.chdir(tmp_path)
    teasers = (FIXTURES / "army-teasers.rss").read_text().replace("{{BASE}}", server.base)
    feed = {"body": teasers}
    server.routes["/army.rss"] = lambda h: send(h, 200, feed["body"].encode(), RSS)
    server.routes["/pages/cold-weather-gear.html"] = fixture("cold-weather-gear.html",
                                                            "text/html; charset=utf-8")
    configure(tmp_path, "paths = []\n", feed_table("Army", server.url("/army.rss")))
    assert run_cli("ingest").code == 0
    pages = sorted(path for path, _ in server.requests if path.startswith("/pages/"))
    assert pages == ["/pages/cold-weather-gear.html", "/pages/cookie-wall.html"]
    new = ("<item><title>Range reopens</title><link>" + server.base
           + "/pages/range.html</link><guid>army-range</guid>"
           "<description>The range reopened.</description></item>")
    # the same page again under a tracking parameter, as another entry: also seen
    again = ("<item><title>Gear tested</title><link>" + server.base
             + "/pages/cold-weather-gear.html?utm_source=rss</link><guid>army-gear-2</guid>"
             "<description>Soldiers tested gear.</description></item>")
    feed["body"] = teasers.replace("<item>", new + again + "<item>", 1)
    server.requests.clear()
    second = run_cli("ingest")
    assert second.code == 0 and "1 new" in second.out
    assert [path for path, _ in server.requests] == ["/army.rss", "/pages/range.html"]


# --- (d) killed in the middle of an ingest -------------------------------------------------

FILES, PER_FILE = 12, 300


def _big_sources(root: Path) -> list[str]:
    """FILES JSON Lines sources of real CNN articles, each copy with its own id and title."""
    rows = [json.loads(line) for line in needs_shared("summ-dev.jsonl").read_text().splitlines()]
    rows = rows[:PER_FILE]
    (root / "big").mkdir()
    names = []
    for k in range(FILES):
        lines = [json.dumps({"id": f"{k}-{r['id']}", "text": r["text"],
                             "title": f"{' '.join(r['text'].split()[:8])} (copy {k})",
                             "published": "2024-12-09T08:00:00Z"}) for r in rows]
        (root / "big" / f"{k:02}.jsonl").write_text("\n".join(lines) + "\n")
        names.append(f"big/{k:02}.jsonl")
    return names


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet, or no table yet
        return 0


def test_a_killed_ingest_loses_nothing_committed_and_corrupts_nothing(tmp_path):
    paths = _big_sources(tmp_path)
    config = configure(tmp_path, f"paths = {json.dumps(paths)}\n")
    db = tmp_path / "out" / "briefing.db"
    command = [sys.executable, str(REPO / "cli.py"), "ingest", "--config", str(config)]
    proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while _count(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        # The first source is committed; a little later the process is reading or writing
        # a later one (each takes ~0.1 s): kill it there, wherever that is.
        time.sleep(random.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    kept = _count(db)
    assert 0 < kept < FILES * PER_FILE, kept  # killed between the first and the last source
    assert kept % PER_FILE == 0  # each source whole or not at all

    again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    total = FILES * PER_FILE
    assert f"{total} articles read, {total - kept} new" in again.stdout
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = con.execute("SELECT count(*), count(DISTINCT id), count(DISTINCT content_hash)"
                           " FROM articles").fetchone()
    assert rows == (total, total, total)


# --- (e) canonical URLs --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("HTTPS://Example.ORG/News/A?id=3&utm_source=mail&utm_medium=x#top",
         "https://example.org/News/A?id=3"),
        ("https://example.org:443/a?fbclid=1&gclid=2", "https://example.org/a"),
        ("http://example.org:8080/a?b=1&c=2", "http://example.org:8080/a?b=1&c=2"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/s?q=a%20b&utm_source=z", "https://example.org/s?q=a%20b"),
        ("https://example.org/s?flag&utm_medium=1", "https://example.org/s?flag"),
        # tracking parameters in any case: one newsletter writes UTM_Source, another utm_source
        ("https://example.org/a?UTM_Source=mail&FBCLID=1&id=3", "https://example.org/a?id=3"),
        # one page linked by two feeds: over http and https, with and without a final slash
        ("http://Example.org/world/air-defences/", "https://example.org/world/air-defences"),
        ("http://example.org:80/a/?id=3", "https://example.org/a?id=3"),
        ("http://example.org:8080/a/", "http://example.org:8080/a"),  # another server
        ("https://example.org/", "https://example.org/"),
        ("file:///etc/passwd", ""),
        ("", ""),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


def test_an_article_under_a_known_canonical_url_is_not_new(tmp_path):
    now = datetime(2024, 12, 9, 12, tzinfo=UTC)
    first = Article("a1", "Strikes on ISIS camps", "Forces struck camps.",
                    url="https://example.org/news/strikes?id=7")
    tracked = Article("b2", "Strikes on ISIS camps, updated", "Forces struck more camps.",
                      url="https://EXAMPLE.org/news/strikes?utm_source=rss&id=7&fbclid=x#more")
    other = Article("c3", "Another story", "Different words.",
                    url="https://example.org/news/strikes?id=8")
    with Store.open(tmp_path / "store.db") as store:
        assert store.remember([first], seen_at=now) == 1
        assert store.remember([tracked], seen_at=now) == 0
        assert store.remember([other], seen_at=now) == 1


def test_one_page_that_two_feeds_link_over_http_and_https_is_one_article(tmp_path):
    """Two wires carrying one outlet's article, one linking it over http with a final
    slash and tracking parameters, the other over https: the briefing listed it twice in
    its sources and said "Also reported by" the second wire, a corroboration that was
    one report."""
    now = datetime(2024, 12, 9, 12, tzinfo=UTC)
    first = Article("a-1", "Allies agree to send more air defences", "Ministers agreed.",
                    url="https://news.example.org/world/air-defences?utm_source=rss")
    again = Article("b-77", "Allies agree to send more air defences",
                    "Ministers agreed. Updated at 06:00.",
                    url="http://news.example.org/world/air-defences/")
    with Store.open(tmp_path / "store.db") as store:
        assert store.remember([first], seen_at=now) == 1
        assert store.remember([again], seen_at=now) == 0


def test_a_feed_entry_dated_after_it_was_fetched_counts_from_when_it_was_first_seen(
        tmp_path, server):
    """A feed entry dated years ahead (a typo, an embargo date, a zone misread) sat in the
    store outside every window until that date came: never briefed, and nothing said. A
    date more than a day ahead of the fetch is not believed; one within the day is a
    clock or zone off by hours, and kept."""
    from briefing.ingest import ingest

    now = datetime(2024, 12, 9, 7, tzinfo=UTC)
    body = "A council vote on the harbour plan was held on Monday evening. " * 20
    item = ("<item><title>{title}</title><link>{base}/{guid}</link><guid>{guid}</guid>"
            "<pubDate>{date}</pubDate><description>{body}</description></item>")

    def feed(h):
        items = "".join(item.format(title=t, base=server.base, guid=g, date=d, body=body)
                        for t, g, d in (("Harbour vote held", "typo",
                                         "Mon, 09 Dec 2042 06:00:00 GMT"),
                                        ("Ferry strike called", "soon",
                                         "Mon, 09 Dec 2024 18:00:00 GMT")))
        send(h, 200, f"<rss version='2.0'><channel><title>Port</title>{items}</channel></rss>"
             .encode(), RSS)

    server.routes["/port.rss"] = feed
    config = load_config(configure(tmp_path, f'urls = ["{server.url("/port.rss")}"]\n'))
    new, _read, warnings = ingest(config, now)
    assert new == 2
    assert warnings == [f"{server.url('/port.rss')}: entry 'Harbour vote held' is dated "
                        "2042-12-09 06:00 UTC, after it was fetched: counted from when it "
                        "was first seen"]
    dates = {a.title: a.published for a in stored(tmp_path)}
    assert dates == {"Harbour vote held": None,
                     "Ferry strike called": datetime(2024, 12, 9, 18, tzinfo=UTC)}


def test_an_item_whose_only_link_is_a_guid_that_is_no_address_has_no_link(
        run_cli, tmp_path, monkeypatch, server):
    """RSS takes a <guid> without isPermaLink for a permalink, and feedparser resolves
    "12345" against the feed's URL: the item was cited by <feed's folder>/12345, a page
    that does not exist, fetched (a 404 warning) at every run. It has no link; its id is
    still its guid, so a second ingest stores it once."""
    monkeypatch.chdir(tmp_path)
    rss = (b"<rss version='2.0'><channel><title>Port</title><item><title>Ferry strike "
           b"called</title><guid>12345</guid><description>Ferry crews walked out on Monday."
           b"</description></item></channel></rss>")
    server.routes["/feeds/port.rss"] = lambda h: send(h, 200, rss, RSS)
    configure(tmp_path, "paths = []\n", feed_table("Port", server.url("/feeds/port.rss")))
    for _ in range(2):
        r = run_cli("ingest")
        assert r.code == 0 and "warning" not in r.err, r.err
    assert [path for path, _ in server.requests] == ["/feeds/port.rss"] * 2
    (article,) = stored(tmp_path)
    assert article.title == "Ferry strike called" and article.url == ""


def test_a_feed_that_now_serves_a_web_page_is_a_failure_naming_it_not_an_article(
        tmp_path, server):
    """A feed taken down is often redirected to the site's home page, and a bot check or a
    sign-in wall comes back as HTML too: read as a page, the home page was briefed once as
    an article and then, its address seen, nothing came from the source again and nothing
    was said. A source configured with kind = "feed" must serve a feed; a page configured
    as a page, or a URL of `sources.urls`, is still read by what it serves."""
    from briefing.ingest import ingest

    server.routes["/home"] = fixture("cold-weather-gear.html", "text/html; charset=utf-8")
    server.routes["/old-feed.rss"] = redirect("/home", 302)
    server.routes["/challenge"] = lambda h: send(
        h, 200, b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
                b"<h2>Checking if the site connection is secure</h2></body></html>", "text/html")
    feed, challenge = server.url("/old-feed.rss"), server.url("/challenge")
    config = load_config(configure(
        tmp_path, f'urls = ["{server.url("/home")}"]\n', feed_table("Gone", feed),
        feed_table("Walled", challenge), feed_table("Page", server.url("/home"), "page")))
    _new, read, warnings = ingest(config, datetime(2024, 12, 11, 7, tzinfo=UTC))
    assert read == 1  # the page, read once (as `sources.urls` and as kind = "page")
    assert warnings == [
        f"source 'Gone': {feed}: a web page ('Soldiers Test New Cold-Weather Gear in Alaska"
        " | Army News Service'), not a feed "
        f'(kind = "feed"), skipped (the page links to a feed: {server.url("/feeds/")}'
        "army-teasers.rss)",
        f"source 'Walled': {challenge}: a web page ('Just a moment...'), not a feed "
        '(kind = "feed"), skipped',
        "2 of 3 sources could not be read: 'Gone', 'Walled'",
    ]


def test_a_feed_link_no_one_could_configure_is_not_offered_as_the_hint(tmp_path, server):
    """The hint names a link from the page, which is the site's (or whoever now answers
    at the feed's address): a javascript: or data: "feed", one whose bidi override turns
    the rest of the warning around on the terminal and in the briefing's notes, or one of
    10,000 characters was offered as the feed to configure. Only a plain http(s) link of
    a sane length is: the others are left out, the failure is said without a hint."""
    from briefing.ingest import ingest

    def page(link: str):
        body = (f'<html><head><title>Home</title><link rel="alternate" '
                f'type="application/rss+xml" href="{link}"></head><body>x</body></html>')
        return lambda h: send(h, 200, body.encode(), "text/html; charset=utf-8")

    links = {"/js": "javascript:alert(1)", "/data": "data:text/xml,<rss/>",
             "/bidi": "/feed\u202egnp.exe", "/long": "/feed?" + "a" * 10_000}
    tables = []
    for path, link in links.items():
        server.routes[path] = page(link)
        tables.append(feed_table(path.strip("/"), server.url(path)))
    server.routes["/home"] = fixture("cold-weather-gear.html", "text/html; charset=utf-8")
    config = load_config(configure(tmp_path, f'urls = ["{server.url("/home")}"]\n', *tables))
    _new, _read, warnings = ingest(config, datetime(2024, 12, 11, 7, tzinfo=UTC))
    assert warnings[:-1] == [
        f"source '{path.strip('/')}': {server.url(path)}: a web page ('Home'), not a feed "
        '(kind = "feed"), skipped' for path in links]


def test_a_content_type_that_is_no_media_type_is_quoted_escaped_in_the_warning(
        tmp_path, server):
    """The Content-Type is the server's: one carrying a bidi override (UTF-8 in the header)
    reached the warning as it was, on the terminal and in the briefing's notes, where
    it turned the rest of the line around, and one of 20,000 characters made the line
    that long. A value that is no media type is shown quoted, escaped and cut."""
    from briefing.ingest import ingest

    def typed(value: bytes):
        def route(h) -> None:
            h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: " + value
                          + b"\r\nContent-Length: 2\r\n\r\n{}")
        return route

    server.routes["/bidi"] = typed("application/json\u202egnp.exe".encode())
    server.routes["/page"] = server.routes["/bidi"]
    server.routes["/long"] = typed(b"application/" + b"a" * 20_000)
    server.routes["/home"] = fixture("cold-weather-gear.html", "text/html; charset=utf-8")
    config = load_config(configure(
        tmp_path, f'urls = ["{server.url("/home")}", "{server.url("/page")}"]\n',
        feed_table("Bidi", server.url("/bidi")), feed_table("Long", server.url("/long"))))
    _new, _read, warnings = ingest(config, datetime(2024, 12, 11, 7, tzinfo=UTC))
    assert warnings[:-1] == [
        f"{server.url('/page')}: not a web page or a feed ('application/json\\u202egnp.exe')",
        f"source 'Bidi': {server.url('/bidi')}: not a feed ('application/json\\u202egnp.exe';"
        ' kind = "feed"), skipped',
        f"source 'Long': {server.url('/long')}: not a feed ('application/{'a' * 48}'; "
        'kind = "feed"), skipped',
    ]


# --- (f) OPML import -----------------------------------------------------------------------

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Defence">
      <outline type="rss" text="DoD" title="DoD &quot;releases&quot;"
               xmlUrl="https://www.defense.gov/rss/releases.xml"/>
      <outline type="rss" text="CENTCOM" xmlUrl="https://EXAMPLE.org/centcom?utm_source=opml"/>
    </outline>
    <outline type="rss" text="State" xmlUrl="https://www.state.gov/feed/"/>
  </body>
</opml>
"""


def test_opml_import_appends_feeds_and_keeps_the_file_byte_for_byte(run_cli, tmp_path):
    config = tmp_path / "briefing.toml"
    original = (b'# my settings\r\n[briefing]\ntimezone = "Europe/Berlin"  # local\n\n'
                b'[sources]\nurls = ["https://example.org/centcom"]')
    config.write_bytes(original)
    (tmp_path / "feeds.opml").write_text(OPML)
    r = run_cli("sources", "import-opml", tmp_path / "feeds.opml", "--config", config)
    assert r.code == 0, r.err
    assert "2 feeds added" in r.out and "1 already configured" in r.out
    assert config.read_bytes().startswith(original)
    feeds = load_config(config).sources.feed
    assert [(f.name, f.kind, f.url) for f in feeds] == [
        ('DoD "releases"', "feed", "https://www.defense.gov/rss/releases.xml"),
        ("State", "feed", "https://www.state.gov/feed/"),
    ]
    before = config.read_bytes()
    again = run_cli("sources", "import-opml", tmp_path / "feeds.opml", "--config", config)
    assert again.code == 0 and "0 feeds added" in again.out
    assert config.read_bytes() == before


def test_an_opml_feed_whose_url_no_parser_takes_is_skipped_with_a_note(run_cli, tmp_path):
    config = tmp_path / "briefing.toml"
    (tmp_path / "feeds.opml").write_text(
        '<opml version="2.0"><body><outline text="Bad" xmlUrl="http://[::1/feed"/>'
        '<outline text="Good" xmlUrl="https://example.org/feed"/></body></opml>')
    r = run_cli("sources", "import-opml", tmp_path / "feeds.opml", "--config", config)
    assert r.code == 0, r.err
    assert "feed 'Bad': http://[::1/feed is not a valid URL (Invalid IPv6 URL), skipped" in r.err
    assert [f.url for f in load_config(config).sources.feed] == ["https://example.org/feed"]


def test_an_opml_feed_on_a_private_address_is_skipped_never_configured(run_cli, tmp_path):
    """An OPML file is written by someone else, and what it lists would be configured
    sources, fetched on any address: a cloud's metadata service, the machine itself."""
    config = tmp_path / "briefing.toml"
    private = {
        "http://169.254.169.254/latest/meta-data/": "169.254.169.254 is a link-local address",
        "http://2130706433:8080/feed": "127.0.0.1 is a loopback address",
        "http://0x7f.1/feed": "127.0.0.1 is a loopback address",
        "http://[::ffff:127.0.0.1]/feed": "::ffff:127.0.0.1 is a loopback address",
        "http://10.0.0.1/rss": "10.0.0.1 is a private address",
        "http://localhost.localdomain/rss": "localhost.localdomain is a local name",
    }
    outlines = "".join(f'<outline text="F{i}" xmlUrl="{url}"/>'
                       for i, url in enumerate(private))
    (tmp_path / "feeds.opml").write_text(
        f'<opml version="2.0"><body>{outlines}'
        '<outline text="Good" xmlUrl="https://example.org/feed"/></body></opml>')
    r = run_cli("sources", "import-opml", tmp_path / "feeds.opml", "--config", config)
    assert r.code == 0, r.err
    for i, (url, why) in enumerate(private.items()):
        assert f"feed 'F{i}': {url} skipped ({why}; " in r.err
    assert "1 feed added" in r.out
    assert [f.url for f in load_config(config).sources.feed] == ["https://example.org/feed"]
    # imported into a config that lets links reach private addresses, they are configured
    config.write_text("[sources]\nallow_private_links = true\n")
    r = run_cli("sources", "import-opml", tmp_path / "feeds.opml", "--config", config)
    assert r.code == 0 and "skipped" not in r.err, r.err
    assert [f.url for f in load_config(config).sources.feed] == [*private,
                                                                 "https://example.org/feed"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<opml><body><outline text='x'", "not an OPML file (malformed XML: "),
        ("<rss version='2.0'><channel/></rss>", "not an OPML file (the root element is <rss>"),
        ('<!DOCTYPE opml [<!ENTITY x "y">]><opml><body/></opml>', "declares a DTD"),
    ],
)
def test_a_malformed_opml_is_refused_with_one_line(run_cli, tmp_path, content, message):
    config = tmp_path / "briefing.toml"
    config.write_text('[briefing]\ntimezone = "UTC"\n')
    (tmp_path / "bad.opml").write_text(content)
    r = run_cli("sources", "import-opml", tmp_path / "bad.opml", "--config", config)
    assert r.code != 0
    assert message in r.err and "bad.opml" in r.err
    assert len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err
    assert config.read_text() == '[briefing]\ntimezone = "UTC"\n'


# --- (g) the [[sources.feed]] schema -------------------------------------------------------


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[[sources.feed]]\nname = "x"\nkind = "rss"\nurl = "https://a.org/f"\n',
         "sources.feed[1].kind = 'rss' is not allowed (one of: 'folder', 'file', 'feed', 'page')"),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\n',
         'sources.feed[1] (kind = "feed") needs url'),
        ('[[sources.feed]]\nname = "x"\nkind = "folder"\nurl = "https://a.org/f"\n',
         'sources.feed[1] (kind = "folder") needs path'),
        ('[[sources.feed]]\nname = "x"\nkind = "page"\nurl = "https://a.org/"\npath = "p"\n',
         'takes url, not path (url for "feed" and "page", path for "folder" and "file")'),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "ftp://a.org/f"\n',
         "sources.feed[1].url = 'ftp://a.org/f' must be an http:// or https:// address"),
        ('[[sources.feed]]\nname = "a"\nkind = "file"\npath = "a.md"\n\n'
         '[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://a.org"\nweight = 0\n',
         "sources.feed[2].weight must be more than 0 and at most 100, not 0"),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://a.org"\nweight = "high"\n',
         "sources.feed[1].weight must be a number, not 'high'"),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://a.org"\ntags = []\n',
         "unknown key sources.feed[1].tags (allowed in [[sources.feed]]: name, kind, url, path, "
         "theme, weight)"),
        ('[[sources.feed]]\nkind = "feed"\nurl = "https://a.org"\n', "sources.feed[1] needs name"),
        ('[[sources.feed]]\nname = " "\nkind = "feed"\nurl = "https://a.org"\n',
         "sources.feed[1].name must not be empty"),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://a.org"\ntheme = "sport"\n',
         "sources.feed[1].theme = 'sport' is not a briefed theme (one of: military"),
        ('[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://a.org"\ntheme = "nope"\n',
         "sources.feed[1].theme = 'nope' is not a briefed theme (one of: military"),
        ('[sources]\nfeed = "https://a.org"\n',
         "sources.feed must be a list, like [[sources.feed]] tables"),
        ('[sources]\nfeed = ["https://a.org"]\n', "sources.feed[1] must be a table"),
        ('[sources]\nrollup = "yes"\n', "sources.rollup must be true or false, not 'yes'"),
    ],
)
def test_sources_config_errors_are_one_line(tmp_path, toml, message):
    path = tmp_path / "briefing.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value) and "\n" not in str(info.value)


def test_a_valid_feed_table_loads(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text('[[sources.feed]]\nname = "DoD"\nkind = "feed"\n'
                    'url = "https://www.defense.gov/rss"\ntheme = "military"\nweight = 2\n')
    (spec,) = load_config(path).sources.feed
    assert (spec.name, spec.theme, spec.weight) == ("DoD", "military", 2.0)
    assert load_config(path).sources.paths == []  # a named source: the samples are not read


# --- (h) which configured source each article came in by ----------------------------------


def test_a_version_3_store_migrates_and_its_articles_came_in_by_no_known_source(tmp_path):
    from briefing.store import MIGRATIONS

    db = tmp_path / "old.db"
    with sqlite3.connect(db) as con:
        for script in MIGRATIONS[:3]:
            con.executescript(script)
        con.execute("PRAGMA user_version = 3")
        con.execute("INSERT INTO articles (id, title, text, source, url, published, path,"
                    " first_seen, content_hash, canonical_url) VALUES ('old', 'Old title',"
                    " 'Old text.', 'Old outlet', '', NULL, NULL, '2024-12-09T08:00:00+00:00',"
                    " 'h', '')")
    with Store.open(db) as store:
        (old,) = store.articles_between(None, datetime(2100, 1, 1, tzinfo=UTC))
        assert store.db.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
    assert (old.id, old.title, old.source, old.via) == ("old", "Old title", "Old outlet", "")


def test_the_edition_in_out_is_the_latest_build_written_there_of_either_kind(tmp_path):
    from datetime import date

    from briefing.store import Edition

    day, now = date(2024, 12, 9), datetime(2024, 12, 9, 12, tzinfo=UTC)
    with Store.open(tmp_path / "store.db") as store:
        assert store.edition(day) is None
        store.record_briefing(day, built_at=now, article_count=1, folder=tmp_path,
                              article_ids=["a"])
        assert store.edition(day) == Edition(("a",), on_demand=False)
        store.record_edition(day, built_at=now, article_ids=["x", "y"], on_demand=True)
        assert store.edition(day) == Edition(("x", "y"), on_demand=True)
        assert store.briefed_ids(day) == ["a"]  # what the date covers is not touched
        store.db.execute("DELETE FROM editions")  # as a store of version 4 left it
        assert store.edition(day) == Edition(("a",), on_demand=False)


def test_the_store_keeps_the_source_an_article_came_in_by(tmp_path):
    now = datetime(2024, 12, 9, 12, tzinfo=UTC)
    via = "https://example.org/feed.rss"
    with Store.open(tmp_path / "store.db") as store:
        store.remember([Article("a1", "Strikes", "Forces struck camps.", via=via),
                        Article("b2", "Talks", "Ministers met in Aqaba.")], seen_at=now)
        got = store.articles_between(None, datetime(2100, 1, 1, tzinfo=UTC))
    assert {a.id: a.via for a in got} == {"a1": via, "b2": ""}


def test_a_stored_article_gains_the_address_a_later_copy_of_it_comes_with(tmp_path):
    """The same words came first as a file of a folder (no address), then as a page: the
    citation must link the page, or the point cannot be checked against its source; an
    article that has an address keeps it, and another article's words change nothing."""
    now = datetime(2024, 12, 9, 12, tzinfo=UTC)
    page = "https://www.centcom.mil/strike"
    with Store.open(tmp_path / "store.db") as store:
        store.remember([Article("strike", "Strikes", "Forces struck camps.", source="Folder"),
                        Article("talks", "Talks", "Ministers met.", url="https://a.example/t")],
                       seen_at=now)
        assert store.remember([
            Article(page, "Strikes", "Forces  struck camps.", source="CENTCOM", url=page),
            Article("other", "Talks", "Ministers met.", url="https://b.example/t"),
        ], seen_at=now) == 0
        got = {a.id: a for a in store.articles_between(None, datetime(2100, 1, 1, tzinfo=UTC))}
    assert set(got) == {"strike", "talks"}
    assert (got["strike"].url, got["strike"].source) == (page, "Folder")  # first source kept
    assert got["talks"].url == "https://a.example/t"


def _article_file(folder: Path, name: str, title: str, body: str = "",
                  published: str = "2024-12-09") -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(f'---\ntitle: "{title}"\npublished: "{published}"\n'
                                        f"---\n\n{body or title + '. It happened today.'}\n")


def test_ingest_records_which_configured_folder_each_article_came_in_by(run_cli, tmp_path):
    _article_file(tmp_path / "army", "a", "Troops crossed the river")
    _article_file(tmp_path / "notes", "b", "Ministers met in Aqaba")
    config = configure(
        tmp_path, "paths = []\n",
        '[[sources.feed]]\nname = "Army"\nkind = "folder"\npath = "army"\n',
        '[[sources.feed]]\nname = "Notes"\nkind = "folder"\npath = "army/../notes"\n')
    r = run_cli("ingest", "--config", config)
    assert r.code == 0, r.err
    assert "2 articles read, 2 new, 0 problems" in r.out
    by_title = {a.title: a.via for a in stored(tmp_path)}
    assert by_title == {"Troops crossed the river": str((tmp_path / "army").resolve()),
                        "Ministers met in Aqaba": str((tmp_path / "notes").resolve())}


# --- (i) a source's weight and theme in the build -----------------------------------------

STRIKES = ("Coalition aircraft carried out dozens of airstrikes on Monday against militant camps"
           " in eastern Syria, the military said.\n\nThe strikes destroyed weapons depots,"
           " training grounds and command posts used by ISIS fighters near Deir ez-Zor.\n\n"
           "Commanders said the operation involved bombers, fighter jets and attack drones and"
           " lasted several hours.\n\nGround forces of the coalition's local partners advanced"
           " on two villages after the bombardment.")
INTERCEPT = ("A Navy destroyer shot down two anti-ship missiles fired by Houthi forces over the"
             " Red Sea on Monday.\n\nNo ships were damaged and no sailors were hurt, the"
             " ministry said.")


def _order(root: Path) -> tuple[list[str], list[str]]:
    """(the military section's stories, the top lines' articles) of the DAY's briefing.json"""
    data = json.loads((root / "out" / DAY / "briefing.json").read_text())
    (military,) = [s for s in data["sections"] if s["theme"] == "military"]
    return [st["id"] for st in military["stories"]], [p["article_id"] for p in data["top_lines"]]


def test_a_source_weight_reorders_the_briefing_from_config_to_compose(run_cli, tmp_path):
    _article_file(tmp_path / "wire", "strikes", "Airstrikes hit militant camps in eastern Syria",
                  STRIKES, "2024-12-09T08:00:00Z")
    _article_file(tmp_path / "ministry", "intercept",
                  "Destroyer shoots down missiles over the Red Sea", INTERCEPT,
                  "2024-12-09T09:00:00Z")
    tables = {story: f'[[sources.feed]]\nname = "{folder}"\nkind = "folder"\npath = "{folder}"\n'
              for story, folder in (("strikes", "wire"), ("intercept", "ministry"))}
    config = configure(tmp_path, "paths = []\n", *tables.values())
    build = ("build", "--date", DAY, "--format", "json", "--config", config)
    assert run_cli(*build).code == 0
    stories, top_lines = _order(tmp_path)
    assert sorted(stories) == ["intercept", "strikes"] and top_lines == stories
    weaker = stories[1]  # ranked second on what it says (today the shorter report, "intercept")

    heavier = tables[weaker] + "weight = 4\n"
    config.write_text(config.read_text().replace(tables[weaker], heavier))
    r = run_cli(*build)  # the same stored articles, now ranked by their sources' weights
    assert r.code == 0, r.err
    assert _order(tmp_path) == (stories[::-1], stories[::-1])


def test_a_source_theme_files_its_unthemed_points_in_the_build(run_cli, tmp_path):
    notes = ("The foreign minister met his counterpart in Aqaba to discuss a ceasefire"
             " agreement.\n\nThe weather was mild and the harbour reopened at nine in the"
             " morning.")
    _article_file(tmp_path / "desk", "notes", "Notes from the desk", notes)
    config = configure(tmp_path, "paths = []\n", '[[sources.feed]]\nname = "Desk"\n'
                       'kind = "folder"\npath = "desk"\ntheme = "military"\n',
                       "[summary]\npoints = 2\n")  # both sentences, whatever their salience
    r = run_cli("build", "--date", DAY, "--format", "json", "--config", config)
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out" / DAY / "briefing.json").read_text())
    points = {s["theme"]: [p for st in s["stories"] for p in st["key_points"]]
              for s in data["sections"]}
    assert list(points) == ["diplomacy"]  # one story, shown whole under its text's theme
    talks, weather = points["diplomacy"]
    assert weather["text"].startswith("The weather was mild")
    assert weather["themes"] == [{"theme": "military", "score": 0.0,
                                  "evidence": ["source 'Desk' is about military"]}]
    assert [t["theme"] for t in talks["themes"]] == ["diplomacy"]  # the classifier's, kept
    md = (tmp_path / "out" / DAY / "briefing.md")
    assert not md.exists() or "Also: Military action" in md.read_text()


def test_same_named_files_in_two_subfolders_are_two_articles(run_cli, workdir):
    """An article's id comes from its file's name; in a subfolder of a configured folder,
    from its path there, so two outlets' 2026-11-24.md are not one article to the store."""
    news = workdir / "news"
    for outlet, text in (("reuters", "The central bank raised interest rates by half a point."),
                         ("afp", "Floods forced thousands from their homes in the delta.")):
        (news / outlet).mkdir(parents=True)
        (news / outlet / "2026-11-24.md").write_text(
            f"---\ntitle: {outlet} report\npublished: 2026-11-24\n---\n\n{text}\n")
    # dated like the rest: an undated row counts as first seen today, which is after the
    # briefing's date on any day but 2026-11-24 (this test once passed only on that day)
    (news / "afp" / "wire.jsonl").write_text(
        '{"text": "Rescuers reached the last villages cut off by the water on Tuesday.", '
        '"published": "2026-11-24"}\n')
    (news / "2026-11-24-root.md").write_text(
        "---\npublished: 2026-11-24\n---\n\nThe parliament passed the budget on Tuesday.\n")
    (news / "reuters" / "named.md").write_text(
        "---\nid: my-own-id\npublished: 2026-11-24\n---\n\nTalks resumed in Geneva.\n")
    configure(workdir, 'paths = ["news"]\n')
    r = run_cli("ingest")
    assert r.code == 0, r.err
    assert "5 articles read, 5 new" in r.out
    assert run_cli("build", "--date", "2026-11-24", "--format", "json").code == 0
    data = json.loads((workdir / "out" / "2026-11-24" / "briefing.json").read_text())
    assert sorted(a["id"] for a in data["articles"]) == [
        "2026-11-24-root",  # directly in the folder: its bare name, as before
        "afp/2026-11-24", "afp/wire-1", "my-own-id", "reuters/2026-11-24"]
    r = run_cli("read", news / "afp")  # read as a folder of its own, at its root
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == ["2026-11-24", "wire-1"]


def test_an_article_dated_a_day_is_briefed_on_that_day_not_the_day_before(run_cli, workdir):
    """A date alone is that day's first instant: it opens the day's window (half open,
    [start, end)), so the 16 December release is not in the 15 December briefing."""
    navcent = "2024-12-16-navcent-truman-strike-group-enters-centcom-aor"

    def ids(day: str) -> set[str]:
        data = json.loads((workdir / "out" / day / "briefing.json").read_text())
        return {a["id"] for a in data["articles"]}

    assert run_cli("build", "--date", "2024-12-15", "--format", "json").code == 0
    assert navcent not in ids("2024-12-15")
    assert run_cli("build", "--date", "2024-12-16", "--format", "json").code == 0
    assert ids("2024-12-16") == {navcent}


def test_a_day_starts_and_ends_at_midnight_in_the_configured_timezone(run_cli, tmp_path,
                                                                      monkeypatch):
    """Tokyo is 9 hours ahead of UTC: 02:00 on the 8th there is still the 7th in UTC, and
    05:00 on the 9th is still the 8th. A window cut in UTC would move both to the wrong
    briefing."""
    (tmp_path / "briefing.toml").write_text(
        '[briefing]\ntimezone = "Asia/Tokyo"\n\n[sources]\npaths = ["news"]\nwindow = "day"\n')
    monkeypatch.chdir(tmp_path)
    news = tmp_path / "news"
    _article_file(news, "early", "Ministers meet in Brussels over grain exports",
                  published="2024-12-08T02:00:00+09:00")
    _article_file(news, "late", "Flooding closes the port of Rotterdam",
                  published="2024-12-09T05:00:00+09:00")

    def ids(day: str) -> set[str]:
        assert run_cli("build", "--date", day, "--format", "json").code == 0
        data = json.loads((tmp_path / "out" / day / "briefing.json").read_text())
        return {a["id"] for a in data["articles"]}

    assert ids("2024-12-08") == {"early"}
    assert ids("2024-12-09") == {"late"}


def test_lookback_days_counts_the_briefing_date_as_the_first(run_cli, tmp_path, monkeypatch):
    """`lookback_days = 2` with no previous briefing: the date and the day before it."""
    configure(tmp_path, 'paths = ["news"]\nlookback_days = 2\n')
    monkeypatch.chdir(tmp_path)
    news = tmp_path / "news"
    for day, title in (("06", "Ministers meet in Brussels over grain exports"),
                       ("07", "Parliament passes the budget after a late vote"),
                       ("08", "Flooding closes the port of Rotterdam")):
        _article_file(news, f"dec{day}", title, published=f"2024-12-{day}T12:00:00Z")
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    data = json.loads((tmp_path / "out" / "2024-12-08" / "briefing.json").read_text())
    assert {a["id"] for a in data["articles"]} == {"dec07", "dec08"}


def test_a_report_of_a_briefed_date_that_arrives_after_its_build_is_briefed_next(
        run_cli, tmp_path, monkeypatch):
    """A daily build runs in the morning; a report of that date published in the afternoon
    reaches the store after it. The next briefing covers it (its window opens at the start
    of the previous briefing's date), and leaves out what that build briefed."""
    configure(tmp_path, 'paths = ["news"]\n')
    monkeypatch.chdir(tmp_path)
    news = tmp_path / "news"

    def ids(day: str) -> set[str]:
        data = json.loads((tmp_path / "out" / day / "briefing.json").read_text())
        return {a["id"] for a in data["articles"]}

    _article_file(news, "morning", "Ministers meet in Brussels over grain exports",
                  published="2024-12-08T05:00:00Z")
    assert run_cli("build", "--date", "2024-12-08", "--format", "json").code == 0
    assert ids("2024-12-08") == {"morning"}
    _article_file(news, "afternoon", "Parliament passes the budget after a late vote",
                  published="2024-12-08T15:00:00Z")
    _article_file(news, "nextday", "Flooding closes the port of Rotterdam",
                  published="2024-12-09T06:00:00Z")
    assert run_cli("build", "--date", "2024-12-09", "--format", "json").code == 0
    assert ids("2024-12-09") == {"afternoon", "nextday"}


def test_a_file_of_another_folder_with_a_stored_id_is_stored_and_an_edit_is_not(run_cli,
                                                                              workdir):
    for folder, text in (("a", "Parliament passed the budget on Tuesday."),
                         ("b", "An earthquake struck eastern Turkey on Monday.")):
        (workdir / folder).mkdir()
        (workdir / folder / "report.txt").write_text(text + "\n")
    configure(workdir, 'paths = ["a"]\n')
    assert run_cli("ingest").code == 0
    configure(workdir, 'paths = ["a", "b"]\n')  # a folder added later, a file of the same name
    r = run_cli("ingest")
    assert r.code == 0, r.err
    texts = {a.id: a.text for a in stored(workdir)}
    assert texts["report"].startswith("Parliament") and len(texts) == 2
    other = next(i for i in texts if i != "report")
    assert other.startswith("report~") and texts[other].startswith("An earthquake")
    assert (f"{workdir / 'b' / 'report.txt'}: its id 'report' is taken by "
            f"{workdir / 'a' / 'report.txt'}; stored as {other!r}") in r.err
    (workdir / "a" / "report.txt").write_text("Parliament passed the amended budget.\n")
    r = run_cli("ingest")  # an edit of a stored file is the same article: never briefed twice
    assert r.code == 0 and "2 articles read, 0 new" in r.out, (r.out, r.err)
    assert "is taken by" not in r.err


def _opml(*feeds: tuple[str, str]) -> str:
    outlines = "".join(f'<outline text="{name}" xmlUrl="{url}"/>' for name, url in feeds)
    return f'<opml version="2.0"><body>{outlines}</body></opml>'


def test_imports_at_once_all_land_and_a_crlf_file_stays_crlf(tmp_path):
    """Each import read the file before the others wrote it, and the last rename won:
    eight said "1 feed added" and the file held one. And lines added to a Windows file
    were LF among its CRLF."""
    import threading

    from briefing.config import append_feeds

    config = tmp_path / "briefing.toml"
    config.write_bytes(b'# desk settings\r\n[briefing]\r\ntimezone = "UTC"\r\n')
    urls = [f"https://feeds{i}.example/rss" for i in range(8)]
    threads = [threading.Thread(target=append_feeds, args=(config, [(f"Feed {i}", url)]))
               for i, url in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(f.url for f in load_config(config).sources.feed) == sorted(urls)
    raw = config.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")  # every line CRLF, as the file's were


def test_an_import_skips_a_url_the_config_would_refuse_and_leaves_a_read_only_file(
        run_cli, tmp_path):
    config = tmp_path / "briefing.toml"
    (tmp_path / "feeds.opml").write_text(_opml(("No slashes", "http:example.com/feed"),
                                               ("Good", "https://example.org/feed")))
    r = run_cli("sources", "import-opml", tmp_path / "feeds.opml", "--config", config)
    assert r.code == 0, r.err
    assert "feed 'No slashes': http:example.com/feed is not an http(s) URL, skipped" in r.err
    assert [f.url for f in load_config(config).sources.feed] == ["https://example.org/feed"]
    before = config.read_bytes()
    config.chmod(0o444)
    (tmp_path / "more.opml").write_text(_opml(("More", "https://more.example/feed")))
    try:
        r = run_cli("sources", "import-opml", tmp_path / "more.opml", "--config", config)
    finally:
        config.chmod(0o644)
    assert r.code != 0 and "the file is read-only" in r.err and "Traceback" not in r.err
    assert config.read_bytes() == before


def test_an_opml_file_name_that_is_not_text_is_spelled_out_in_the_comment(run_cli, tmp_path):
    config = tmp_path / "briefing.toml"
    name = os.fsdecode(b"feeds\xff\x01.opml")  # Latin-1 and a control character
    (tmp_path / name).write_text(_opml(("Good", "https://example.org/feed")))
    r = run_cli("sources", "import-opml", tmp_path / name, "--config", config)
    assert r.code == 0, r.err
    assert "# imported from feeds\\xff?.opml" in config.read_text()  # as ids spell it
    assert [f.url for f in load_config(config).sources.feed] == ["https://example.org/feed"]


def test_a_json_lines_row_with_a_stored_id_of_another_file_is_stored_not_dropped(run_cli,
                                                                              workdir):
    """A row names its file as its path, as an article file does, so an id that another
    file's row took is stored under its own id, not taken for that stored article."""
    (workdir / "drop").mkdir()
    row = {"id": "7", "title": "Parliament passes the budget", "source": "Agency A",
           "text": "Parliament passed the budget on Tuesday after a late vote."}
    (workdir / "drop" / "a.jsonl").write_text(json.dumps(row) + "\n")
    configure(workdir, 'paths = ["drop"]\n')
    assert run_cli("ingest").code == 0
    (workdir / "drop" / "a.jsonl").unlink()  # yesterday's export moved away, today's new
    row.update(title="Earthquake strikes eastern Turkey",
               text="An earthquake struck eastern Turkey on Monday, officials said.")
    (workdir / "drop" / "b.jsonl").write_text(json.dumps(row) + "\n")
    r = run_cli("ingest")
    assert r.code == 0 and "1 new" in r.out, (r.out, r.err)
    paths = {a.title: a.path for a in stored(workdir)}
    assert paths == {"Parliament passes the budget": str(workdir / "drop" / "a.jsonl"),
                     "Earthquake strikes eastern Turkey": str(workdir / "drop" / "b.jsonl")}
    assert f"{workdir / 'drop' / 'b.jsonl'}: its id '7' is taken by" in r.err


def test_a_date_rebuilt_months_later_gives_the_briefing_it_gave_then(tmp_path):
    """A date is rebuilt long after (a PDF to send again, a template fixed): it must brief
    what it briefed then. A report that came in after that morning's build, and that the
    next day's briefing carried, was taken for new to the old date: the rebuild briefed it
    alone, a second time, and set the briefing readers had aside as edition-1."""
    from briefing.pipeline import build

    news = tmp_path / "news"
    news.mkdir()

    def article(name: str, published: str, title: str, text: str) -> None:
        (news / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\nsource: "Wire"\npublished: "{published}"\n---\n\n{text}\n')

    article("quake", "2025-03-01T05:00:00Z", "Earthquake kills 40 in Vanuatu",
            "A magnitude 7.3 earthquake struck Vanuatu on Saturday, killing at least 40 "
            "people in the capital Port Vila, officials said.")
    (tmp_path / "briefing.toml").write_text('[sources]\npaths = ["news"]\n')
    config = load_config(cwd=tmp_path)
    first = build(config, day=date(2025, 3, 1), formats=["md", "json"],
                  now=datetime(2025, 3, 1, 7, tzinfo=UTC))
    article("budget", "2025-03-01T15:00:00Z", "Kenya's parliament passes the budget",
            "Kenya's parliament passed the national budget on Saturday after weeks of "
            "protests over tax rises, the speaker said.")
    second = build(config, day=date(2025, 3, 2), formats=["md", "json"],
                   now=datetime(2025, 3, 2, 7, tzinfo=UTC))
    assert [a.id for a in second.briefing.articles] == ["budget"]
    again = build(config, day=date(2025, 3, 1), formats=["md", "json"],
                  now=datetime(2025, 12, 5, 9, tzinfo=UTC))
    assert [a.id for a in again.briefing.articles] == [a.id for a in first.briefing.articles]
    assert not (tmp_path / "out" / "2025-03-01" / "edition-1").exists()


def test_send_that_builds_says_on_stderr_what_each_source_gave_and_its_warnings(
        run_cli, workdir):
    """`send` building the date first puts the build's lines where `build` puts them: what
    each source gave as a note, a source that failed as a warning, each line marked, on
    stderr; stdout keeps the send report."""
    (workdir / "briefing.toml").write_text(
        '[sources]\npaths = ["seeds", "share"]\n[email]\nto = ["desk@example.org"]\n')
    r = run_cli("send", "--date", "2024-12-08")
    assert r.code == 0, r.err
    assert f"warning: {workdir / 'share'}: no such file or folder, skipped" in r.err.splitlines()
    assert any(line.startswith(f"note: source {workdir / 'seeds'}: ")
               for line in r.err.splitlines()), r.err
    assert all(line.startswith(("warning: ", "note: ")) for line in r.err.splitlines()), r.err
    assert "source " not in r.out and "warning" not in r.out


def test_what_a_source_gave_is_one_line_whatever_its_folder_is_called(run_cli, workdir):
    """A shared folder's name may hold a line break or a bidi control: its "note: source
    …" line must not forge a second line of the operator's log, nor be turned round."""
    name = "wires\nnote: source forged: 9 read, 9 new\u202e"
    (workdir / "seeds").rename(workdir / name)
    (workdir / "briefing.toml").write_text(f"[sources]\npaths = [{json.dumps(name)}]\n")
    r = run_cli("ingest")
    assert r.code == 0, r.err
    (line,) = [x for x in r.err.splitlines() if x.startswith("note: source ")]
    assert line.startswith(f"note: source {workdir}/wires\\nnote: source forged: 9 read, "
                           "9 new\\u202e: "), r.err
    assert "\u202e" not in r.err
