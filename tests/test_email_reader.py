"""The digest email as its recipients get it: on a phone in Gmail or Outlook, or in a
plain-text client. Real sends of the seeds to the outbox, each .eml parsed back with the
`email` package; what a client would show is checked on the parsed parts.
"""

from __future__ import annotations

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
    follow = page.find_class("developing")[0]
    assert "first briefed 15 December 2024" in follow.text_content()
    for link in page.iter("a"):
        href = link.get("href") or ""
        ok = href.startswith("#") or (urlsplit(href).scheme in ("http", "https", "mailto"))
        assert ok, f"{lxml.html.tostring(link).decode()} goes nowhere in an email"
