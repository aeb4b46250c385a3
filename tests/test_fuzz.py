"""Zero tracebacks: hostile and random input through the real readers and the real CLI.

Hypothesis generates feeds (served by a real HTTP server on 127.0.0.1, teaser links
followed to it), front matter, JSON Lines rows and config values. Whatever comes in, a
command ends with exit 0, or with a one-line error and exit 1 or 2; every line on stderr is
one problem ("warning: …" or "error: …"); nothing escapes as a traceback (the CLI is run in
this process, so an exception would fail the test with its own traceback). Every date that
comes out is timezone-aware.

The runs are derandomized with no example database, so CI runs exactly the examples run
here; with tests/test_time.py's they take about 30 s on a 2-core machine (README, "Tests").
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from httpserver import LocalServer, fixture, send, status
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import main
from briefing.config import load_config
from briefing.errors import ConfigError


def fuzz(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


@dataclass
class Run:
    code: int
    out: str
    err: str


_CLI_LOCK = threading.Lock()


def cli(*args: str | Path) -> Run:
    """`briefing ARGS…` in this process, its output captured (main() as the script runs it)."""
    out, err = io.StringIO(), io.StringIO()
    with _CLI_LOCK, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


def check_clean(run: Run, *, codes: tuple[int, ...] = (0, 1, 2)) -> None:
    """The contract for bad input: a known exit code, one line per problem, no traceback."""
    assert run.code in codes, run.err
    assert "Traceback" not in run.err
    for line in run.err.splitlines():
        assert line.startswith(("warning: ", "error: ", "note: ")), \
            f"not one line per problem: {line!r}"
    if run.code:
        assert sum(line.startswith("error: ") for line in run.err.splitlines()) == 1


def check_read_output(run: Run) -> None:
    """`read`'s JSON Lines: one object a line, the contract's keys, aware dates."""
    from datetime import datetime

    for line in run.out.splitlines():
        row = json.loads(line)
        assert set(row) == {"id", "title", "text", "source", "url", "published", "path"}
        if row["published"] is not None:
            assert datetime.fromisoformat(row["published"]).utcoffset() is not None


@pytest.fixture(scope="module")
def folder():
    with tempfile.TemporaryDirectory() as name:
        path = Path(name)
        (path / "briefing.toml").write_text('[briefing]\ntimezone = "America/New_York"\n'
                                            '[output]\ndir = "out"\n', encoding="utf-8")
        yield path


# --- text that sources carry ------------------------------------------------------------

_NASTY = st.sampled_from([
    "", " ", "\n", "\r\n", "\t", "\x00", "\x0b", "\u2028", "\ufeff", "\ud7ff", "\U0001f600",
    "<", ">", "&", "&amp;", "&#0;", "&#xD800;", "&nbsp;", "]]>", "<![CDATA[x]]>", "<!--",
    "-->", "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "[x](javascript:alert(1))",
    "'", '"', "\\", "---", "...", "…", "Read more", "e\u0301", "ﬁ", "İ", "ß", "\u202e",
    "2024-12-08", "1e308", "nan", "-0", "9" * 40, "null", "true", "%s%n", "\x1b[31m",
])
_TEXT = st.lists(st.one_of(_NASTY, st.text(max_size=20)), max_size=8).map("".join)
_WORDS = st.lists(st.sampled_from([
    "Forces", "struck", "targets", "in", "Syria", "on", "Sunday.", "The", "minister", "said",
    "talks", "resumed", "Geneva", "ceasefire", "held.", "U.S.", "Mr.", "$1.5bn", "75",
]), min_size=0, max_size=30).map(" ".join)
_PROSE = st.one_of(_WORDS, _TEXT, st.tuples(_WORDS, _TEXT).map(" ".join))
_DATES = st.one_of(
    st.sampled_from(["2024-12-08", "2014-03-11T09:22:36Z", "Mon, 09 Dec 2024 10:00:00 -0500",
                     "Tue, 10 Dec 2024 10:00:00 EST", "2024-12-08T25:61:00", "0000-00-00",
                     "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "yesterday",
                     "March 2024", "2024-02-30", "1394529756", ""]),
    st.datetimes().map(lambda d: d.isoformat()),
    _TEXT,
)


# --- feeds ------------------------------------------------------------------------------


class FeedServer:
    """One loopback server for the module: /feed serves the current example's bytes,
    /page a real article page, /wall a cookie wall, /gone a 404, /boom a 500."""

    def __init__(self) -> None:
        self.body = b""
        self.content_type = "application/rss+xml"
        self.server = LocalServer({})
        self.server.routes.update({
            "/feed": lambda h: send(h, 200, self.body, self.content_type),
            "/page": fixture("cold-weather-gear.html", "text/html"),
            "/wall": fixture("cookie-wall.html", "text/html"),
            "/gone": status(404),
            "/boom": status(500),
        })


@pytest.fixture(scope="module")
def feed_server():
    server = FeedServer()
    server.server.start()
    yield server
    server.server.stop()


def _links(base: str):
    return st.one_of(
        st.sampled_from([f"{base}/page", f"{base}/wall", f"{base}/gone", f"{base}/boom",
                         "/page", "page", "", "javascript:alert(1)", "file:///etc/passwd",
                         "ftp://example.invalid/x", "http://[::1", "http://", "mailto:x@y",
                         f"{base}/page#frag", f"{base}/page?utm_source=x"]),
        _TEXT,
    )


def _xml(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


@st.composite
def feeds(draw, base: str) -> bytes:
    """RSS 2.0 or Atom with random entries, some well-formed, some not."""
    atom = draw(st.booleans())
    entries = []
    for i in range(draw(st.integers(min_value=0, max_value=5))):
        title, text, link = draw(_PROSE), draw(_PROSE), draw(_links(base))
        date, guid = draw(_DATES), draw(st.one_of(st.just(""), _TEXT, st.just(f"g{i}")))
        raw = draw(st.booleans())  # the text as-is (markup, broken entities) or escaped
        body = text if raw else _xml(text)
        if atom:
            entries.append(f"<entry><title>{_xml(title)}</title><id>{_xml(guid)}</id>"
                           f'<link href="{_xml(link)}"/><updated>{_xml(date)}</updated>'
                           f'<content type="html">{body}</content></entry>')
        else:
            entries.append(f"<item><title>{_xml(title)}</title><guid>{_xml(guid)}</guid>"
                           f"<link>{_xml(link)}</link><pubDate>{_xml(date)}</pubDate>"
                           f"<description>{body}</description></item>")
    name = _xml(draw(_TEXT))
    if atom:
        doc = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
               f"<title>{name}</title>{''.join(entries)}</feed>")
    else:
        doc = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
               f"<title>{name}</title>{''.join(entries)}</channel></rss>")
    data = doc.encode("utf-8", "surrogatepass")
    cut = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=len(data))))
    return data if cut is None else data[:cut]  # a feed cut off mid-download


@fuzz(80)
@given(data=st.data())
def test_random_feeds_over_http_read_without_a_traceback(data, feed_server, folder):
    feed_server.body = data.draw(feeds(feed_server.server.base))
    feed_server.content_type = data.draw(st.sampled_from(
        ["application/rss+xml", "text/xml", "text/html", "application/octet-stream", ""]))
    run = cli("read", feed_server.server.url("/feed"), "--config", folder / "briefing.toml")
    check_clean(run)
    check_read_output(run)


@fuzz(100)
@given(body=st.one_of(st.binary(max_size=300), _TEXT.map(lambda t: t.encode("utf-8", "replace"))),
       head=st.sampled_from([b"", b"<?xml version='1.0'?>", b"<rss version='2.0'>",
                             b"<feed xmlns='http://www.w3.org/2005/Atom'>", b"<rdf:RDF>",
                             b"\xef\xbb\xbf<rss>", b"<?xml version='1.0' encoding='latin-1'?>"
                             b"<rss><channel><item><title>\xe9"]))
def test_random_bytes_as_a_feed_file_read_without_a_traceback(body, head, folder):
    with tempfile.TemporaryDirectory(dir=folder) as name:
        path = Path(name) / "feed.xml"
        path.write_bytes(head + body)
        run = cli("read", path, "--config", folder / "briefing.toml")
    check_clean(run)
    check_read_output(run)


# --- front matter -----------------------------------------------------------------------

_YAML_SCALARS = st.one_of(
    _DATES, _TEXT.map(json.dumps), st.integers().map(str), st.floats().map(repr),
    st.sampled_from(["~", "null", "true", "no", "[]", "{}", "[1, [2]]", "{a: {b: c}}", "&a x",
                     "*a", "!!binary aGk=", "!!python/object:os.system x", "!!timestamp x",
                     "|\n  block", ">\n  folded", "'unclosed", '"unclosed', "- a\n- b",
                     "2024-12-08 09:30:00 +05:30", "2024-12-08t09:30:00z", "12:30:00",
                     "0x1F", "0o17", ".inf", "-.nan", "1_000"]),
)


@st.composite
def front_matter_files(draw) -> str:
    keys = draw(st.lists(st.one_of(
        st.sampled_from(["title", "published", "date", "id", "source", "url", "path"]),
        _TEXT), max_size=6))
    header = "".join(f"{key}: {draw(_YAML_SCALARS)}\n" for key in keys)
    fence = draw(st.sampled_from(["---", "---", "+++", "--- ", "----"]))
    body = draw(_PROSE)
    return f"{fence}\n{header}{fence}\n\n{body}\n"


@fuzz(120)
@given(note=front_matter_files(), suffix=st.sampled_from([".md", ".txt", ".markdown"]))
def test_random_front_matter_reads_without_a_traceback(note, suffix, folder):
    with tempfile.TemporaryDirectory(dir=folder) as name:
        path = Path(name) / f"note{suffix}"
        path.write_text(note, encoding="utf-8", errors="surrogatepass")
        run = cli("read", path, "--config", folder / "briefing.toml")
    check_clean(run)
    check_read_output(run)


# --- JSON Lines -------------------------------------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_TEXT, children,
                                                                      max_size=3),
    max_leaves=6,
)
_FIELDS = {"id": st.one_of(_TEXT, st.integers(), _JSON), "title": st.one_of(_PROSE, _JSON),
           "text": st.one_of(_PROSE, _JSON), "source": st.one_of(_TEXT, _JSON),
           "url": st.one_of(_links("http://127.0.0.1:9"), _JSON),
           "published": st.one_of(_DATES, _JSON), "path": st.one_of(_TEXT, _JSON)}


@st.composite
def jsonl_lines(draw) -> str:
    lines = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(["row", "row", "row", "json", "broken", "blank"]))
        if kind == "row":
            keys = draw(st.lists(st.sampled_from(sorted(_FIELDS)), unique=True))
            lines.append(json.dumps({k: draw(_FIELDS[k]) for k in keys}))
        elif kind == "json":
            lines.append(json.dumps(draw(_JSON)))
        elif kind == "broken":
            lines.append(draw(_TEXT).replace("\n", " ").replace("\r", " "))
        else:
            lines.append("")
    return "\n".join(lines) + "\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


@fuzz(150)
@given(rows=jsonl_lines())
def test_random_jsonl_rows_read_without_a_traceback(rows, folder):
    with tempfile.TemporaryDirectory(dir=folder) as name:
        run = cli("read", _write(Path(name), "rows.jsonl", rows),
                  "--config", folder / "briefing.toml")
    check_clean(run)
    check_read_output(run)


@fuzz(60)
@given(rows=jsonl_lines())
def test_random_jsonl_rows_go_through_stories_without_a_traceback(rows, folder):
    with tempfile.TemporaryDirectory(dir=folder) as name:
        run = cli("stories", "--input", _write(Path(name), "rows.jsonl", rows),
                  "--config", folder / "briefing.toml")
    check_clean(run)


@fuzz(8)
@given(rows=jsonl_lines(), good=st.booleans())
def test_random_jsonl_rows_build_without_a_traceback(rows, good, folder):
    """The whole pipeline, Markdown and JSON out (the PDF has its own tests): a source with
    nothing readable is one error line; anything readable becomes a briefing."""
    if good:  # a readable row among the random ones, so the later stages run too
        rows += json.dumps({"id": "ok", "title": "Talks resume", "published": "2024-12-08",
                            "text": "Negotiators resumed talks in Geneva on Tuesday."}) + "\n"
    with tempfile.TemporaryDirectory(dir=folder) as name:
        source = _write(Path(name), "rows.jsonl", rows)
        run = cli("build", "--source", source, "--format", "md,json", "--date", "2024-12-09",
                  "--config", folder / "briefing.toml")
        check_clean(run)
        if good and "\x00" in rows:
            # a NUL byte (a "broken" line may hold one) makes the whole file binary, refused
            # in one line (sources/files.py); which examples reach here is the Hypothesis
            # version's choice (6.100 draws "\x00\n" first, later ones do not)
            assert run.code == 1 and "binary file" in run.err, run.err
        elif good:
            assert run.code == 0, run.err
            built = json.loads((folder / "out" / "2024-12-09" / "briefing.json").read_text())
            assert "ok" in {a["id"] for a in built["articles"]}


# --- config values ----------------------------------------------------------------------


def _schema_keys() -> list[tuple[str, str]]:
    """(table, key) of every option; ("sources.feed", key) for [[sources.feed]] tables,
    ("desks", key) for [[desks]] tables, ("places", name) for the [places] table."""
    import dataclasses

    from briefing.config import Config, DeskSettings, SourceSpec

    keys = [(section.name, option.name)
            for section in dataclasses.fields(Config) if section.name != "base_dir"
            and dataclasses.is_dataclass(getattr(Config(), section.name))
            for option in dataclasses.fields(getattr(Config(), section.name))]
    keys += [("sources.feed", f.name) for f in dataclasses.fields(SourceSpec)]
    keys += [("desks", f.name) for f in dataclasses.fields(DeskSettings)]
    keys += [("places", "Syria")]
    return keys


_TOML_SCALARS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.floats().map(lambda f: "nan" if f != f else ("inf" if f == float("inf") else
                                                    "-inf" if f == float("-inf") else repr(f))),
    st.sampled_from(["0", "-0", "1", "-1", "0.5", "1e308", "-1e308", "5e-324", "nan", "+inf",
                     "-inf", "true", "false", "9223372036854775807", "30", "600", "3600",
                     "1979-05-27T07:32:00Z", "1979-05-27", "07:32:00", "[]", "{}", "[1, 2]",
                     '["07:00"]', '["25:00"]', '["mon", "xyz"]', '{ a = 1 }', '"UTC"',
                     '"Mars/Olympus"', '"#1f4e79"', '"not a colour"', '"md"', '"a@b.c"',
                     '"{title}"', '"{nope}"', '"http://x"', '"starttls"', '"each"']),
    _TEXT.map(json.dumps),
)


@fuzz(800)
@given(choice=st.sampled_from(_schema_keys()), value=_TOML_SCALARS)
def test_any_config_value_is_accepted_or_refused_in_one_line_naming_the_key(choice, value,
                                                                              folder):
    table, key = choice
    if table == "sources.feed":
        toml = '[[sources.feed]]\nname = "x"\nkind = "feed"\nurl = "https://a.org"\n'
        toml = toml.replace(f"{key} = ", "# ") + f"{key} = {value}\n"
        named = f"sources.feed[1].{key}"
    elif table == "desks":
        toml = '[[desks]]\nid = "x"\ntitle = "X"\n'
        toml = toml.replace(f"{key} = ", "# ") + f"{key} = {value}\n"
        named = "desks[1]"
    else:
        toml, named = f"[{table}]\n{key} = {value}\n", f"{table}.{key}"
    path = folder / "fuzzed.toml"
    path.write_text(toml, encoding="utf-8", errors="surrogatepass")
    try:
        load_config(path)
    except ConfigError as e:
        message = str(e)
        assert "\n" not in message and message.startswith(f"{path}: ")
        assert named in message or "invalid TOML" in message or \
            (table == "sources.feed" and "sources.feed[1]" in message), message


@fuzz(25)
@given(choice=st.sampled_from(_schema_keys()), value=_TOML_SCALARS)
def test_config_values_through_the_cli_end_in_one_line(choice, value, folder):
    """The same through a command that reads the config and acts on it (`send --dry-run`:
    recipients, the output folder, the store)."""
    table, key = choice
    if table in ("sources.feed", "desks"):
        return  # covered above; [[sources.feed]] and [[desks]] need a whole table
    with tempfile.TemporaryDirectory(dir=folder) as name:
        path = Path(name) / "mine.toml"
        path.write_text(f'[email]\nto = ["ann@example.org"]\n[{table}]\n{key} = {value}\n'
                        .replace('[email]\nto = ["ann@example.org"]\n[email]\n', "[email]\n"),
                        encoding="utf-8", errors="surrogatepass")
        run = cli("send", "--dry-run", "--date", "2024-12-08", "--config", path)
    check_clean(run)


# --- what the fuzz run found, each pinned ------------------------------------------------


def test_a_control_character_in_a_feed_link_stays_inside_its_warning_line(feed_server, folder):
    """A link with a form feed (\\x0c) was quoted raw in the warning, which split it into
    two lines (str.splitlines, a terminal); an escape sequence could recolour the
    terminal. Messages now show such characters escaped."""
    feed_server.content_type = "application/rss+xml"
    feed_server.body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>D</title>'
                        b"<item><title>T</title><link>0\x0c0\x1b[31m</link></item>"
                        b"</channel></rss>")
    run = cli("read", feed_server.server.url("/feed"), "--config", folder / "briefing.toml")
    check_clean(run)
    (line,) = run.err.splitlines()
    assert "0\\x0c0\\x1b[31m" in line and "\x1b" not in line


def test_a_line_separator_in_an_article_keeps_read_output_one_line_per_article(folder):
    """A feed title with U+2028 came out raw in `read`'s JSON (legal JSON), which
    str.splitlines, and our own JSON Lines reader, took as a line break: the next command
    in a pipe failed on half a record. The output escapes it, and the reader splits lines
    at "\\n" only, so a file another tool wrote that way reads too."""
    with tempfile.TemporaryDirectory(dir=folder) as name:
        rows = Path(name) / "rows.jsonl"
        rows.write_text(json.dumps({"id": "a", "title": "Talks\u2028resume\x85now",
                                    "text": "Talks resumed in Geneva."}, ensure_ascii=False)
                        + "\n", encoding="utf-8")
        assert len(rows.read_text(encoding="utf-8").splitlines()) == 3  # raw breaks inside
        run = cli("read", rows, "--config", folder / "briefing.toml")
        check_clean(run, codes=(0,))
        (line,) = run.out.splitlines()
        assert json.loads(line)["title"] == "Talks\u2028resume\x85now"
        piped = Path(name) / "piped.jsonl"
        piped.write_text(run.out, encoding="utf-8")
        for source in (rows, piped):
            stories = cli("stories", "--input", source, "--config", folder / "briefing.toml")
            check_clean(stories, codes=(0,))
            assert [json.loads(x)["id"] for x in stories.out.splitlines()] == ["a"]


def test_a_character_reference_to_no_character_does_not_stop_a_feed(folder):
    """&#xD800; (a surrogate), &#x110000; and a huge decimal crashed feedparser's lenient
    parser with a traceback out of `read`. They now read as U+FFFD and the entry is kept."""
    with tempfile.TemporaryDirectory(dir=folder) as name:
        path = Path(name) / "feed.xml"
        path.write_bytes(b"<rss><channel><item><title>A&#xD800;B&#x110000;C&#99999999999999999999;"
                         b"D&#233;</title><description>Talks resumed.</description></item>"
                         b"</channel></rss>")
        run = cli("read", path, "--config", folder / "briefing.toml")
    check_clean(run, codes=(0,))
    (line,) = run.out.splitlines()
    assert json.loads(line)["title"] == "A\ufffdB\ufffdC\ufffdD\u00e9"


def test_read_output_and_a_storys_timeline_carry_no_raw_control_character(folder):
    """JSON escapes only C0 controls: a C1 control such as U+009B (CSI, which xterm and
    others act on as ESC [ does) in an id or URL came out raw in `read`'s JSON Lines, and an
    untitled source's id was printed as it was in `briefing story`'s timeline, escape
    sequence and all ("\\x1b]0;…\\x07" retitles the terminal)."""
    with tempfile.TemporaryDirectory(dir=folder) as name:
        work = Path(name)
        (work / "src").mkdir()
        text = ("Troops crossed the river near the border town on Monday, the army said. "
                "Heavy fighting was reported overnight as artillery shelled positions.")
        rows = [{"id": "evil\x1b]0;pwned\x07\x9b2J", "title": "", "text": text,
                 "url": "https://example.com/\x9b31m", "published": "2024-12-08"},
                {"id": "b", "title": "Army shells border town", "text": text, "source": "Wire",
                 "url": "https://example.com/b", "published": "2024-12-08"}]
        (work / "src" / "rows.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        (work / "briefing.toml").write_text(
            '[output]\ndir = "out"\n[sources]\npaths = ["src"]\n', encoding="utf-8")
        config = work / "briefing.toml"
        raw = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

        run = cli("read", work / "src" / "rows.jsonl", "--config", config)
        check_clean(run, codes=(0,))
        assert not raw.search(run.out), run.out
        assert json.loads(run.out.splitlines()[0])["id"] == rows[0]["id"]

        check_clean(cli("build", "--date", "2024-12-08", "--format", "json", "--config", config),
                    codes=(0,))
        history = cli("stories", "--history", "--config", config)
        check_clean(history, codes=(0,))
        assert not raw.search(history.out)
        (story_id,) = {json.loads(line)["story"] for line in history.out.splitlines()}
        run = cli("story", story_id, "--config", config)
        check_clean(run, codes=(0,))
        assert "evil" in run.out and not raw.search(run.out), run.out


def test_a_control_character_in_a_warning_is_shown_escaped_in_the_briefings_notes(folder):
    """A build's warnings are also the briefing's "Notes on the sources": a feed's link
    with an escape sequence was quoted raw there, in the Markdown (and so the email's text
    part) and the HTML, as it no longer is on stderr."""
    import html

    from briefing.render import md_unescape

    with tempfile.TemporaryDirectory(dir=folder) as name:
        work = Path(name)
        (work / "src").mkdir()
        (work / "src" / "feed.xml").write_bytes(
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>D</title><item>'
            b"<title>Army shells town</title><link>0\x0c0\x1b[31m</link><description>Troops "
            b"crossed the river near the border town on Monday, the army said.</description>"
            b"<pubDate>Sun, 08 Dec 2024 10:00:00 GMT</pubDate></item></channel></rss>")
        (work / "briefing.toml").write_text(
            '[output]\ndir = "out"\n[sources]\npaths = ["src"]\n', encoding="utf-8")
        run = cli("build", "--date", "2024-12-08", "--format", "md,html", "--config",
                  work / "briefing.toml")
        check_clean(run, codes=(0,))
        for kind in ("md", "html"):
            written = (work / "out" / "2024-12-08" / f"briefing.{kind}").read_text()
            assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", written), kind
            shown = md_unescape(written) if kind == "md" else html.unescape(written)
            assert "Notes on the sources" in shown and "0\\x0c0\\x1b[31m" in shown
