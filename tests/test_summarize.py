"""Key points on real text: the founding article, and a ROUGE floor on the CNN dev set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from conftest import FOUNDING, REPO, SHARED_DATA

from briefing.errors import ConfigError
from briefing.model import Article
from briefing.summarize import (
    ALGORITHMS,
    MAX_RANKED_SENTENCES,
    NEAR_DUPLICATE,
    adaptive_points,
    candidates,
    rank_briefing,
    sentence_similarities,
    standing_forms,
    summarize,
    sumy_document,
)
from briefing.text import sentence_lines, sentences, untraced, words


def _founding_text() -> str:
    """The founding article's text, without its front matter."""
    text = FOUNDING.read_text(encoding="utf-8")
    return text.split("---", 2)[2] if text.startswith("---") else text


def _article(text: str, id: str = "founding") -> Article:
    return Article(id=id, title="", text=text)


def _pool(text: str) -> list[int]:
    texts = sentences(text)
    return candidates(texts, sentence_similarities(texts))


def _dev_rows(limit: int) -> list[dict]:
    path = SHARED_DATA / "summ-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present (the shared dev data sits beside the checkout)")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(limit), f, strict=False)]


def _covered(point, text: str) -> list[int]:
    """The sentences (indices into ``sentences(text)``) a point shows words of."""
    starts, at = [], 0
    for s in sentences(text):
        starts.append(at)
        at += len(s) + 1
    return sorted({max(j for j, st in enumerate(starts) if st <= a) for a, _ in point.spans})


def test_key_points_are_traceable_sentences_in_article_order():
    text = _founding_text()
    sents = sentences(text)
    cleaned = sentence_lines(text)
    summary = summarize(_article(text), points=4)
    assert summary.sentence_count == len(sents)
    positions = [k.position for k in summary.key_points]
    assert positions == sorted(positions)
    for k in summary.key_points:
        assert k.article_id == "founding"
        assert untraced(k.text, k.spans, cleaned) is None
        assert k.position in _covered(k, text)
        assert k.themes == ()
        assert isinstance(k.score, float)
    assert summary.key_points[0].text.startswith("The US Central Command (CENTCOM) carried out")
    # "Specifically, CENTCOM works to prevent…" is shown without its connective
    assert any(k.text.startswith("CENTCOM works to prevent the terrorist group")
               for k in summarize(_article(text), points=8).key_points)


def test_no_caption_credit_or_stub_becomes_a_key_point():
    from briefing.text import is_real_sentence

    text = _founding_text()
    for name in ALGORITHMS:
        for k in summarize(_article(text), points=50, algorithm=name).key_points:
            assert is_real_sentence(k.text)
            assert "Getty" not in k.text and "poses holding" not in k.text


def test_adaptive_count_follows_the_article_length():
    text = _founding_text()
    brief = " ".join(sentences(text)[:4])  # a 4-sentence item of real text
    assert len(summarize(_article(brief)).key_points) in (1, 2)
    full = summarize(_article(text))
    assert len(full.key_points) == adaptive_points(len(_pool(text)))
    assert [adaptive_points(n) for n in (1, 4, 9, 27, 60, 100, 400)] == [1, 1, 2, 3, 5, 6, 6]


@pytest.mark.parametrize("points", [1, 2, 3, 5, 200])
def test_fixed_count_is_exact_up_to_what_the_article_has(points):
    text = _founding_text()
    got = summarize(_article(text), points=points).key_points
    assert sum(len(_covered(k, text)) for k in got) == min(points, len(_pool(text)))


def test_a_very_long_document_ranks_only_its_first_sentences():
    # the ranked part says one thing over and over; only the part beyond it has more to say
    def word(k: int) -> str:  # a distinct six-letter word (the stems are six letters)
        return "".join(chr(97 + (k // 26**i) % 26) for i in range(6))

    repeated = "Officials counted the ballots in the capital on Sunday. " * MAX_RANKED_SENTENCES
    beyond = " ".join(f"The {word(3 * k)} {word(3 * k + 1)} {word(3 * k + 2)} rose." for k in
                      range(100))
    summary = summarize(_article(repeated + beyond), points=3)
    assert summary.sentence_count == MAX_RANKED_SENTENCES + 100
    assert [p.position for p in summary.key_points] == [0]


def test_points_must_be_positive():
    with pytest.raises(ConfigError):
        summarize(_article(_founding_text()), points=0)


def test_no_two_points_are_near_identical():
    text = _founding_text()
    first = text.strip().split("\n\n")[0]
    repeated = text + "\n\n" + first + "\n\n" + first.replace("Sunday", "Sunday night")
    for name in ALGORITHMS:
        points = summarize(_article(repeated), points=50, algorithm=name).key_points
        texts = [k.text for k in points]
        assert texts.count(first.strip().replace("Assad .", "Assad.")) <= 1
        sim = sentence_similarities(texts)
        assert all(sim[i][j] < NEAR_DUPLICATE for i in range(len(texts)) for j in range(i))


@pytest.mark.parametrize("name", list(ALGORITHMS))
def test_every_algorithm_runs_offline_on_the_founding_article(name):
    text = _founding_text()
    summary = summarize(_article(text), points=3, algorithm=name)
    assert sum(len(_covered(k, text)) for k in summary.key_points) >= 3
    assert all(untraced(k.text, k.spans, sentence_lines(text)) is None
               for k in summary.key_points)


def test_algorithms_named_in_the_issue_are_all_there():
    assert set(ALGORITHMS) == {
        "briefing", "lexrank", "textrank", "lsa", "luhn", "sumbasic", "kl", "reduction", "lead",
    }
    assert next(iter(ALGORITHMS)) == "briefing"


def test_lsa_gives_the_same_points_whatever_the_hash_seed(tmp_path):
    """sumy's LSA numbered its words in a frozenset's order, which Python's hash seed
    changes from run to run, and near-ties then went either way: three runs over these
    articles gave three different outputs (briefing.summarize.algorithms._words_in_order)."""
    rows = _dev_rows(60)
    source = tmp_path / "rows.jsonl"
    source.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n"
                              for r in rows), encoding="utf-8")
    config = tmp_path / "lsa.toml"
    config.write_text('[summary]\nalgorithm = "lsa"\n', encoding="utf-8")
    outputs = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run(
            [sys.executable, str(REPO / "cli.py"), "summarize", "--config", str(config),
             "--input", str(source), "--points", "3"],
            capture_output=True, text=True, cwd=tmp_path,
            env={**os.environ, "PYTHONHASHSEED": seed}, check=True)
        assert len(run.stdout.splitlines()) == len(rows)
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_unknown_algorithm_is_one_line_naming_the_allowed():
    with pytest.raises(ConfigError) as err:
        summarize(_article(_founding_text()), algorithm="bert")
    message = str(err.value)
    assert "\n" not in message and "'bert'" in message
    assert all(name in message for name in ALGORITHMS)


def test_sumy_class_path_chooses_what_the_fast_path_chooses():
    from briefing.summarize import BriefingSummarizer

    texts = [_founding_text()] + [row["text"] for row in _dev_rows(40)]
    summarizer = BriefingSummarizer()
    for i, text in enumerate(texts):
        sents = sentences(text)
        via_sumy = [str(s) for s in summarizer(sumy_document(sents), 3)]
        # the fast path's choice, before it is shown: the sentences it ranks and picks
        word_lists = [words(t) for t in sents]
        sim = sentence_similarities(sents)
        picked = rank_briefing(sents, word_lists, sim, candidates(sents, sim, cleaned=True), 3,
                               shown=standing_forms(sents, word_lists, cleaned=True))
        assert via_sumy == [sents[j] for j, _ in sorted(picked)]
        shown = summarize(_article(text, str(i)), points=3).key_points
        assert {k.position for k in shown} <= {j for j, _ in picked}


def test_importing_the_module_does_not_import_sumy():
    code = "import sys, briefing.summarize; sys.exit('sumy.summarizers' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0


FLOOR_R1, FLOOR_R2 = 29.4, 10.6


def test_rouge_on_the_first_100_dev_articles_stays_above_the_floor():
    """Measured 29.71 / 10.91 (Lead-3 with nupunkt: 28.00 / 9.76); floors sit a little under.

    Before points had to stand alone it was 30.47 / 11.60: questions are no points now, and
    a sentence that cannot stand alone is passed over (see the README's Quality section).
    """
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    rows = _dev_rows(100)
    r1 = r2 = 0.0
    for row in rows:
        points = summarize(_article(row["text"], row["id"]), points=3).key_points
        pred = " ".join(" ".join(k.text.split()) for k in points)
        ref = " ".join(" ".join(r.split()) for r in row["reference"])
        score = scorer.score(ref, pred)
        r1 += score["rouge1"].fmeasure
        r2 += score["rouge2"].fmeasure
    assert 100 * r1 / len(rows) >= FLOOR_R1
    assert 100 * r2 / len(rows) >= FLOOR_R2


def test_only_words_in_square_brackets_are_an_insertion_a_point_may_make():
    """A point may add words to its sentence only in square brackets ("Both he [Lloyd J.
    Austin III] and…"), so a reader tells them from the article's. `untraced`, the check
    every test of traceability relies on, must flag any other addition (in parentheses,
    unmarked, or a word changed), or those tests could not fail."""
    readout = REPO / "seeds" / "2024-12-08-dod-readout-austin-guler-syria.md"
    text = readout.read_text(encoding="utf-8").split("---", 2)[2]
    cleaned = sentence_lines(text)
    point = next(k for k in summarize(_article(text), points=8).key_points
                 if "[Lloyd J. Austin III]" in k.text)
    assert untraced(point.text, point.spans, cleaned) is None
    for shown in (point.text.replace("[", "(").replace("]", ")"),
                  point.text.replace("[", "").replace("]", ""),
                  point.text.replace("Minister Guler", "Minister Yasar Guler")):
        assert untraced(shown, point.spans, cleaned) is not None, shown


def test_points_of_the_first_100_dev_articles_stand_alone_and_trace_to_their_article():
    """Measured 0 of 285 points dangling (``bench/standalone.py`` gives 2 of 846 on all 300,
    17.3% before points had to stand alone); the floor allows 1%."""
    from briefing.standalone import dangling

    shown = dangling_count = 0
    for row in _dev_rows(100):
        cleaned = sentence_lines(row["text"])
        for k in summarize(_article(row["text"], row["id"]), points=3).key_points:
            assert untraced(k.text, k.spans, cleaned) is None, k.text
            shown += 1
            dangling_count += dangling(k.text) is not None
    assert dangling_count <= 0.01 * shown


def test_a_quotation_split_over_sentences_is_voice_throughout():
    from briefing.summarize import inside_quotes

    texts = [
        "The council met on Monday.",
        '"We cut the budget by a third.',
        'It was the hardest vote of my life," the mayor said.',
        "The vote passed by one.",
    ]
    assert inside_quotes(texts) == [False, False, True, False]
    stray = ['He said "no.', "One.", "Two.", "Three.", "Four.", "Five."]
    assert inside_quotes(stray)[-1] is False  # an unclosed mark stops counting


def test_headings_are_no_points_unless_the_article_has_nothing_else():
    text = ("The council passed the budget on Monday after a long debate. Why the budget "
            "matters to every family . The vote was 7 to 2, with two members absent today.")
    points = [k.text for k in summarize(_article(text), points=3).key_points]
    assert points == ["The council passed the budget on Monday after a long debate.",
                      "The vote was 7 to 2, with two members absent today."]
    # a teaser without a full stop is still the news when it is all there is
    teaser = summarize(_article("Minister resigns over the budget scandal"), points=3)
    assert [k.text for k in teaser.key_points] == ["Minister resigns over the budget scandal"]


def test_a_lead_in_to_a_lost_list_is_no_point():
    text = ("Negotiators sit down this week in Lausanne to hammer out a nuclear deal. Here are "
            "the key things you need to know as the deadline approaches in the talks: . 1. The "
            "road to Lausanne has been a long one for both sides.")
    points = [k.text for k in summarize(_article(text), points=3).key_points]
    assert points == ["Negotiators sit down this week in Lausanne to hammer out a nuclear deal.",
                      "The road to Lausanne has been a long one for both sides."]


def test_an_aside_gives_way_to_the_news_but_can_still_be_a_point():
    text = ("The council passed the budget on Monday after a long debate. (Council minutes, "
            "incidentally, are published online within a week.) Seven members voted in "
            "favour and two against, with two members absent today.")
    # ("The vote was 7 to 2" would say "which vote?" read alone: a noun that retells)
    points = [k.text for k in summarize(_article(text), points=2).key_points]
    assert points == ["The council passed the budget on Monday after a long debate.",
                      "Seven members voted in favour and two against, with two members "
                      "absent today."]
    assert len(summarize(_article(text), points=3).key_points) == 3


def test_a_transcripts_points_name_their_speaker_and_skip_its_courtesies():
    seed = REPO / "seeds" / "2024-12-14-state-blinken-pedersen-aqaba.md"
    text = seed.read_text(encoding="utf-8").split("---", 2)[2]
    points = summarize(_article(text), points=3).key_points
    assert {p.speaker for p in points} == {"SECRETARY BLINKEN", "MR PEDERSON"}
    assert not any(p.text.startswith(("SECRETARY", "MR")) for p in points)
    assert not any("morning" in p.text or "Thank you" in p.text for p in points)
    # "It's a pleasure to meet with…" is a courtesy, however long; "So, I look forward…"
    # loses its "So"
    everything = summarize(_article(text), points=50).key_points
    assert not any("pleasure" in p.text for p in everything)
    assert any(p.text.startswith("I look forward to this opportunity") for p in everything)
    cleaned = sentence_lines(text)
    assert all(untraced(p.text, p.spans, cleaned) is None for p in everything)


def test_an_item_with_no_text_gives_its_headline_as_its_one_point():
    from briefing.model import HEADLINE

    item = Article(id="h", title="Italy out of recession, but OECD issues growth warning",
                   text="")
    (point,) = summarize(item).key_points
    assert (point.text, point.position) == (item.title, HEADLINE)
    # a headline too short to be a sentence is no point; an article's own text comes first
    assert summarize(replace(item, title="Italy")).key_points == ()
    founding = replace(item, text=FOUNDING.read_text(encoding="utf-8"))
    assert item.title not in [p.text for p in summarize(founding).key_points]
