"""A day of real web pages: the 60 article pages of the shared development data (news,
sport, culture, blogs, shops; five of them not in English), saved as a folder and built as
one day, the way a user points `build --source` at pages they downloaded.

What a reader of that briefing met before, and must not meet again: a German trade fair's
blog post under Humanitarian and human rights, Korean television reviews under Other
developments, and a stabbing on a commuter train leading Terrorism and security.
"""

from __future__ import annotations

import gzip

import pytest
from conftest import built_day, needs_shared

DAY = "2026-01-15"
# the pages in another language, by file name: German (a trade fair), Italian (a shop),
# Korean (two television columns), Portuguese (a motor-racing calendar)
NOT_ENGLISH = {
    "0ec95c7261d122f304728e90c983450ef1ce1e0b423546835c397d50aaf0d0f2",
    "20b2b64916b00b25203c9f1bf14248922f4d522f18328e9f876cce116df0083e",
    "9da36ae4714bfccc72374c6c146e9d1cd3cca39e2110bd67ccdbcc806f4cf139",
    "ba07d1e64775f4090e39116c382111f5a2cfe9528dd179673f4e9bfcea370c15",
    "cc03ddb5ef7d5f1fdb8a87f5e6dfd058a2a70acedf2551655a898dc5c18eb79e",
}
STABBING = "5caf91b8a4423735f866b089d2611ea14503584cf3b6f487c6d26eb7b9521fca"


@pytest.fixture(scope="module")
def pages_day(tmp_path_factory) -> dict:
    shared = needs_shared("extract-dev")
    folder = tmp_path_factory.mktemp("pages")
    pages = folder / "pages"
    pages.mkdir()
    for path in sorted(shared.glob("*.html.gz")):
        (pages / path.name.removesuffix(".gz")).write_bytes(gzip.decompress(path.read_bytes()))
    return built_day(folder, pages, DAY)


def _shown(briefing: dict) -> dict[str, str]:
    """Article id -> the section its points are shown under."""
    return {p["article_id"]: s["theme"] for s in briefing["sections"]
            for story in s["stories"] for p in story["key_points"]}


def test_the_pages_in_other_languages_are_left_out_as_such_and_no_english_one(pages_day):
    foreign = {i for i, kind in pages_day["left_out"] if kind == "other-languages"}
    assert foreign == NOT_ENGLISH
    assert not NOT_ENGLISH & set(_shown(pages_day))
    assert not NOT_ENGLISH & {p["article_id"] for p in pages_day["top_lines"]}


def test_a_stabbing_on_a_train_is_law_and_accountability(pages_day):
    assert _shown(pages_day)[STABBING] == "justice"
