"""The digest email as its recipients get it: on a phone in Gmail or Outlook, or in a
plain-text client. Real sends of the seeds to the outbox, each .eml parsed back with the
`email` package; what a client would show is checked on the parsed parts.
"""

from __future__ import annotations

import re
import textwrap
from email import policy
from email.parser import BytesParser
from urllib.parse import urlsplit

import lxml.html
import pytest
from test_email import write_config


@pytest.fixture(scope="module")
def developing(tmp_path_factory, request):
    """The 16 December email of a list that got the 15th's: its story is "Developing",
    and in the archive's HTML its first day links to the 15th's briefing."""
    import shutil

    from conftest import SEEDS

    from briefing.cli import main

    root = tmp_path_factory.mktemp("developing")
    shutil.copytree(SEEDS, root / "seeds")
    write_config(root, {"to": ["ann@example.org"]})
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    request.addfinalizer(mp.undo)
    for day in ("2024-12-15", "2024-12-16"):
        assert main(["send", "--date", day]) == 0
    (eml,) = (root / "out" / "outbox").glob("2024-12-16_*.eml")
    return root, BytesParser(policy=policy.default).parsebytes(eml.read_bytes())


def test_a_link_into_the_archive_is_plain_text_in_the_email(developing):
    """The archive's "first briefed 15 December 2024" links to ../2024-12-15/briefing.html,
    a file on the server that built it. The email drops that target, and the link's words
    must then read as text: an <a> without href kept the link colour, a link that does
    nothing when tapped."""
    root, msg = developing
    assert "../2024-12-15/briefing.html#story-" in (
        root / "out" / "2024-12-16" / "briefing.html").read_text()
    page = lxml.html.document_fromstring(msg.get_body(("html",)).get_content())
    (follow,) = [p for p in page.iter("p") if "first briefed" in p.text_content()]
    assert "first briefed 15 December 2024" in follow.text_content()
    for link in page.iter("a"):
        href = link.get("href") or ""
        ok = href.startswith("#") or (urlsplit(href).scheme in ("http", "https", "mailto"))
        assert ok, f"{lxml.html.tostring(link).decode()} goes nowhere in an email"


DESKS = """
[[desks]]
id = "defence"
title = "Defence attaché"
themes = ["military", "terrorism"]
to = ["ann@example.org"]

[[desks]]
id = "political"
title = "Political officer"
themes = ["politics", "diplomacy"]
to = ["ann@example.org"]
"""


@pytest.fixture(scope="module")
def combined(tmp_path_factory, request):
    """The 8 December email of a person on two desks, sent together (combine_desks)."""
    import shutil

    from conftest import SEEDS

    from briefing.cli import main

    root = tmp_path_factory.mktemp("combined")
    shutil.copytree(SEEDS, root / "seeds")
    path = write_config(root, {"to": [], "combine_desks": True})
    path.write_text(path.read_text() + DESKS)
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    request.addfinalizer(mp.undo)
    assert main(["send", "--date", "2024-12-08"]) == 0
    (eml,) = (root / "out" / "outbox").glob("*.eml")
    return BytesParser(policy=policy.default).parsebytes(eml.read_bytes())


def page_style(msg) -> dict[str, str]:
    """The declarations a webmail keeps for the message as a whole.

    Gmail and Outlook on the web show the body's content inside their own page: the
    <html> element, <head> and the <body> tag itself go, with their style attributes.
    So the briefing's font, colour and width must sit on one element that holds the
    whole message, inside <body>."""
    body = lxml.html.document_fromstring(msg.get_body(("html",)).get_content()).find("body")
    (page, *others) = [child for child in body if isinstance(child.tag, str)]
    assert not others and not (body.text or "").strip()
    return {name.strip(): value.strip() for name, _, value in
            (d.partition(":") for d in (page.get("style") or "").split(";")) if value}


@pytest.mark.parametrize("which", ["developing", "combined"])
def test_the_briefings_font_colour_and_width_survive_a_webmail(which, request):
    """They were on <html> and <body> (css-inline puts the html and body rules there), which
    webmail drops; a combined email lost them in every client, since each desk's <html> and
    <body> were left behind when its content became a section: serif text, full width."""
    got = request.getfixturevalue(which)
    msg = got[1] if which == "developing" else got
    style = page_style(msg)
    assert style.get("font-family", "").endswith("sans-serif"), style
    assert style.get("color") == "#1b1f24", style
    assert style.get("max-width") == "46rem", style


@pytest.mark.parametrize("which", ["developing", "combined"])
def test_the_plain_text_part_fits_a_78_column_reader(which, request):
    """A plain-text client shows each line as it is: a key point with its citation was
    one line of 400 to 800 characters, run off the screen or broken mid-word by the
    terminal. Lines wrap at spaces within 78 columns; a list item's or a numbered line's
    next lines are indented under its text; a URL is never cut, so it stays clickable."""
    got = request.getfixturevalue(which)
    msg = got[1] if which == "developing" else got
    text = msg.get_body(("plain",)).get_content()
    lines = text.splitlines()
    for line in lines:
        assert len(line) <= 78 or " " not in line.strip(), line
    urls = re.findall(r"<(https?://[^>\s]+)>", text)
    assert urls and all(url in {a.get("href") for a in lxml.html.document_fromstring(
        msg.get_body(("html",)).get_content()).iter("a")} for url in urls)
    # a point's citation ends on a line under the point's text, not at the margin
    items = [i for i, line in enumerate(lines) if line.startswith("- ") and len(line) > 60]
    assert items
    for i in items:
        rest = lines[i + 1]
        assert rest == "" or rest.startswith(("  ", "- ")), (lines[i], rest)


def test_the_logo_travels_as_an_inline_part_gmail_shows(workdir):
    """The HTML briefing carries its logo as a data: URL (it stays standalone). Gmail and
    Outlook on the web show no data: image, so the email's header had a broken image, and
    a logo of a few hundred KB written into the HTML pushed the whole briefing past Gmail's
    102 KB clip. In the email the logo is a part of its own, named by cid:."""
    from PIL import Image

    from briefing.cli import main

    Image.new("RGB", (240, 80), (31, 78, 121)).save(workdir / "logo.png")
    logo = (workdir / "logo.png").read_bytes()
    path = write_config(workdir, {"to": ["ann@example.org"]})
    path.write_text('[briefing]\nlogo = "logo.png"\norganisation = "Embassy"\n'
                    + path.read_text())
    assert main(["send", "--date", "2024-12-08"]) == 0
    (eml,) = (workdir / "out" / "outbox").glob("*.eml")
    msg = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    html = msg.get_body(("html",))
    page = lxml.html.document_fromstring(html.get_content())
    (img,) = page.iter("img")
    assert img.get("src").startswith("cid:") and img.get("alt") == "Embassy logo"
    cid = f"<{img.get('src')[4:]}>"
    parts = {p["Content-ID"]: p for p in msg.walk() if p["Content-ID"]}
    assert parts[cid].get_content_type() == "image/png"
    assert parts[cid].get_content() == logo
    # the image sits beside the HTML that shows it (multipart/related), the PDF still
    # the one attachment a reader sees
    related = next(p for p in msg.walk() if p.get_content_type() == "multipart/related")
    assert [p.get_content_type() for p in related.iter_parts()] == ["text/html", "image/png"]
    assert [p.get_filename() for p in msg.iter_attachments()] == ["briefing-2024-12-08.pdf"]


def test_the_plain_text_part_folds_no_date_in_two():
    """The seeds' 16 December 2024 emailed "… reports from 14 December 2024 to 16" above
    "December 2024 · generated …": folded at any space, a date's day stood at the end of
    one line and its month and year on the next. Wherever the fold falls, a date, or a
    date and time, stays on one line, and the words are the same."""
    from briefing.deliver.message import wrap_plain

    header = ("3 articles · 3 key points · 2 themes · reports from 14 December 2024 to "
              "16 December 2024 · generated 5 Dec 2026, 04:17 UTC")
    dates = ["14 December 2024", "16 December 2024", "5 Dec 2026, 04:17 UTC"]
    for pad in range(60):
        line = "- " + "word " * (pad // 5) + "w" * (pad % 5) + " " + header
        folded = wrap_plain(line)
        assert " ".join(folded.split()) == " ".join(line.split())
        for when in dates:
            assert any(when in row for row in folded.splitlines()), (when, folded)


def _columns(text: str) -> int:
    """Columns in a monospaced plain-text reader: two for a wide (CJK) character."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_the_plain_text_part_folds_chinese_japanese_and_korean_by_their_width():
    """A Chinese or Japanese headline has no spaces, and each of its characters takes two
    columns: folded at spaces by counting characters, "In other languages" printed a
    title of 50 ideographs as one line of 100 columns or more, and an English point naming
    习近平 ran past the 76 columns. Lines are measured in columns, and a line may break
    between two ideographs (as CJK text breaks), never before a closing mark (。，」) or
    a closing bracket, nor inside a number or a URL."""
    from briefing.deliver.message import PLAIN_WIDTH, wrap_plain

    title = ("中国外交部发言人毛宁周二在例行记者会上表示中方高度关注叙利亚局势发展，希望有关各方"
             "从叙利亚人民根本利益出发，尽快找到恢复稳定的政治解决办法。")
    lines = [
        f"- **In other languages** (2): {title} <https://example.com/zh>; "
        "石破首相、臨時国会で所信表明演説「能登の復興を最優先」と強調 <https://example.com/ja>; "
        "and 1 more",
        "1. Diplomacy: Chinese President Xi Jinping (习近平) met South Korean President "
        "Yoon Suk Yeol (윤석열) on the sidelines of the APEC summit in Lima on Tuesday "
        "(Nikkei Asia, 习近平与尹锡悦在利马会晤讨论朝鲜半岛局势) 10 Dec 2024 [9]",
        "- Typhoon Man-yi killed at least １２ people and forced ３００，０００ from their "
        "homes, officials said on 10 December 2024, the agency said.",
    ]
    for line in lines:
        folded = wrap_plain(line)
        rows = folded.split("\n")
        assert len(rows) > 1, folded
        assert re.sub(r"\s", "", folded) == re.sub(r"\s", "", line)  # nothing lost or added
        for row in rows:
            assert _columns(row) <= PLAIN_WIDTH or " " not in row.strip(), (row, folded)
        for before, after in zip(rows, rows[1:], strict=False):
            assert after.startswith("  "), folded  # under the item's text
            assert after.strip()[0] not in "。，、」）)]", folded
            assert before[-1] not in "「（([", folded
        for whole in ("３００，０００", "10 December 2024", "<https://example.com/zh>",
                      "(习近平)", "(윤석열)"):
            assert (whole in folded) == (whole in line), (whole, folded)
    # English lines stay as textwrap folds them
    english = "- " + "The council met on Monday to approve the budget for next year. " * 3
    assert wrap_plain(english) == textwrap.fill(english, PLAIN_WIDTH, subsequent_indent="  ",
                                                break_long_words=False,
                                                break_on_hyphens=False)


def test_a_combined_email_has_one_main_landmark_holding_every_desk(combined):
    """Each desk's briefing kept its own <main>: a screen reader listed two main
    landmarks (a document may show one), and "skip to main" landed on the first desk only.
    The desks' briefings are now one <main>, each desk a section of it, after the list of
    desks and before the footer."""
    body = lxml.html.document_fromstring(combined.get_body(("html",)).get_content())
    (main,) = body.iter("main")
    desks = [s for s in body.iter("section") if (s.get("id") or "").startswith("desk-")]
    assert [s.get("id") for s in desks] == ["desk-defence", "desk-political"]
    assert all(s.getparent() is main for s in desks)
    assert [len(s.xpath(".//h1")) for s in desks] == [1, 1]  # each desk's title heads it


@pytest.mark.parametrize("which", ["developing", "combined"])
def test_the_briefings_language_survives_a_webmail(which, request):
    """The language was only on <html lang>, which Gmail and Outlook on the web drop with
    the <html> tag: a screen reader set to another language (a French or Arabic voice in an
    embassy) read the English briefing with that language's pronunciation. The element
    that holds the whole message says it too."""
    got = request.getfixturevalue(which)
    msg = got[1] if which == "developing" else got
    document = lxml.html.document_fromstring(msg.get_body(("html",)).get_content())
    (page,) = [child for child in document.find("body") if isinstance(child.tag, str)]
    assert document.get("lang") == "en" and page.get("lang") == "en"


def test_a_combined_subject_of_many_desks_stays_a_subject():
    """One person on six desks got a subject of some 430 characters ("Defence: 6 military,
    4 diplomacy; Political: …" for each), which a mail client cuts at 70 or so. Past
    120 characters the counts are each desk's points; past that too, the desks that fit
    and how many more."""
    from briefing.deliver.message import desk_counts

    def data(**sections: int) -> dict:
        return {"counts": {"articles": 9, "sections": [
            {"theme": t, "title": t.title(), "key_points": n} for t, n in sections.items()]}}

    two = [("Defence attaché", data(military=6, diplomacy=4)),
           ("Economic section", data(economy=5))]
    assert desk_counts(two) == ("Defence attaché: 6 military, 4 diplomacy; "
                                "Economic section: 5 economy")  # as before
    names = ("Levant", "Sahel", "Gulf", "Horn", "Balkans", "Caucasus")
    three = [(f"Desk {name}", data(military=6, diplomacy=4, terrorism=3, humanitarian=2))
             for name in names[:3]]
    assert desk_counts(three) == ("Desk Levant: 15 points; Desk Sahel: 15 points; "
                                  "Desk Gulf: 15 points")
    six = [(f"Desk {name}", data(military=6, diplomacy=4, terrorism=3, humanitarian=2))
           for name in names]
    said = desk_counts(six)
    assert len(said) <= 120 and said.endswith("more desks"), said
    assert said.startswith("Desk Levant: 15 points; Desk Sahel: 15 points; "), said
    forty = [(f"Regional desk {n}", data(military=n)) for n in range(1, 41)]
    said = desk_counts(forty)
    assert len(said) <= 120 and said.endswith("more desks"), said
    assert said.startswith("Regional desk 1: 1 point; Regional desk 2: 2 points"), said
    quiet = [("Defence attaché", data())] * 7
    assert desk_counts(quiet).startswith("Defence attaché: no new items")
