"""Resource limits: what one hostile or oversized source can cost a build.

Each cap is a config key (see README, "Limits"): characters per key point
(`summary.max_point_chars`), entries per feed (`sources.max_entries_per_feed`), bytes
per article (`sources.max_article_bytes`); and briefing.json names article texts by id
instead of copying them. The speed and memory targets are measured by bench/limits.py,
not here: these tests check what each cap does.
"""

from __future__ import annotations

import json
import random

from briefing.text import MAX_POINT_CHARS, cap_sentence, sentences

# Words of a news story, in no order and without a full stop: what a scraped page that lost
# its punctuation, or a hostile file, looks like.
WORDS = ["the", "minister", "said", "talks", "would", "resume", "next", "week", "after",
         "ceasefire", "held", "in", "northern", "province", "while", "aid", "convoys",
         "reached", "city", "and", "officials", "counted", "damage", "from", "shelling"]


def unpunctuated(chars: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        word = rng.choice(WORDS)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def _points(data: dict) -> list[dict]:
    return [p for s in data["sections"] for st in s["stories"] for p in st["key_points"]]


# --- characters per key point -----------------------------------------------------------


def test_a_long_unpunctuated_line_is_cut_between_words_with_an_ellipsis():
    line = unpunctuated(20_000)
    (point,) = sentences(line)
    assert len(point) <= MAX_POINT_CHARS and point.endswith("…")
    assert len(point) > MAX_POINT_CHARS // 2
    kept = point[:-1]
    assert line.startswith(kept) and line[len(kept)] == " "  # a whole word ends it


def test_the_cut_prefers_the_end_of_a_clause_to_the_last_space():
    sentence = "The convoy reached the city, " * 30 + "and the shelling stopped."
    capped = cap_sentence(sentence, 200)
    assert capped is not None and len(capped) <= 200
    assert capped.endswith("the city…")  # before a comma, not mid-clause
    assert cap_sentence("Short and whole.", 200) == "Short and whole."


def test_a_run_of_characters_with_no_place_to_cut_is_no_sentence():
    blob = "x" * 5_000
    assert cap_sentence(blob, 600) is None
    assert sentences(f"{blob}\n\nThe ceasefire held overnight in the north.") == [
        "The ceasefire held overnight in the north."]


def test_a_build_of_an_unpunctuated_page_briefs_points_no_longer_than_the_cap(
        tmp_path, monkeypatch, run_cli):
    """Through the CLI, with the cap set in briefing.toml: every point of briefing.json and
    of the Markdown is within it, and a cut one ends with "…"."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[summary]\nmax_point_chars = 200\n")
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: Shelling overnight\n---\n" + unpunctuated(50_000) + "\n")
    r = run_cli("build", "--source", page, "--format", "md,json", "--date", "2024-12-09")
    assert r.code == 0, r.err
    data = json.loads((tmp_path / "out/2024-12-09/briefing.json").read_text())
    points = _points(data) + data["top_lines"]
    assert points
    for p in points:
        assert len(p["text"]) <= 200 and p["text"].endswith("…")
    markdown = (tmp_path / "out/2024-12-09/briefing.md").read_text()
    assert max(len(line) for line in markdown.splitlines()) < 600
    assert len(markdown) < 20_000  # not 50 KB of one "sentence"


def test_the_point_cap_is_checked_at_load(tmp_path, monkeypatch, run_cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[summary]\nmax_point_chars = 10\n")
    r = run_cli("build", "--source", tmp_path, "--format", "md")
    assert r.code != 0
    assert "summary.max_point_chars must be 60 or more, not 10" in r.err
    assert "Traceback" not in r.err
