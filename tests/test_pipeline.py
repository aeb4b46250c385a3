"""The pipeline's per-article stages: a process pool gives exactly what a serial run gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from conftest import SEEDS

from briefing.config import load_config
from briefing.model import ThemeScore
from briefing.pipeline import job_count, summarize_articles
from briefing.sources import read_sources
from briefing.text import sentences


def many_articles(n: int):
    """n distinct real articles: the seeds, each also told from each of its sentences on,
    forwards and backwards."""
    seeds = read_sources([SEEDS], tz=UTC).articles
    out = []
    for a in seeds:
        sents = sentences(a.text)
        for k in range(len(sents)):
            rotated = sents[k:] + sents[:k]
            out.append(replace(a, id=f"{a.id}~{k}", text=" ".join(rotated)))
            out.append(replace(a, id=f"{a.id}~{k}r", text=" ".join(reversed(rotated))))
    assert len(out) >= n
    return out[:n]


def test_pool_and_serial_give_identical_summaries(tmp_path):
    config = load_config(cwd=tmp_path)
    articles = many_articles(70)
    assert job_count(config, len(articles), 2) == 2
    serial = summarize_articles(articles, config, jobs=1)
    pooled = summarize_articles(articles, config, jobs=2)
    assert pooled == serial
    assert [s.article.id for s in pooled] == [a.id for a in articles]


def test_small_runs_stay_serial(tmp_path):
    config = load_config(cwd=tmp_path)
    assert job_count(config, 10, 8) == 1
    assert job_count(config, 10_000, 3) == 3


DESK_NOTES = ("The foreign minister met his counterpart in Aqaba to discuss a ceasefire agreement."
              " The weather was mild and the harbour reopened at nine in the morning.")


def test_a_source_theme_files_only_the_points_the_classifier_left_without_a_theme(tmp_path):
    from datetime import UTC, date, datetime

    from briefing.compose import compose
    from briefing.model import Article
    from briefing.pipeline import load_themes, with_source_themes

    config = load_config(cwd=tmp_path)
    taxonomy, classifier = load_themes(config)
    desk = Article("desk", "Notes from the desk", DESK_NOTES, source="Desk", via="/feeds/desk")
    plain = Article("plain", "Notes", DESK_NOTES.replace("Aqaba", "Amman"), source="Other desk")
    summaries = summarize_articles([desk, plain], config, points=2, classifier=classifier)
    (talks, weather), _ = (s.key_points for s in summaries)
    assert (talks.theme_ids, weather.theme_ids) == (("diplomacy",), ())  # the classifier's say

    hinted = with_source_themes(summaries, {"/feeds/desk": ("Desk", "military")})
    assert hinted[0].key_points[0] == talks  # themed by the classifier: left alone
    assert hinted[0].key_points[1].themes == (
        ThemeScore("military", 0.0, ("source 'Desk' is about military",)),)
    assert hinted[1] == summaries[1]  # not from that source

    briefing = compose(hinted, day=date(2024, 12, 9), title="t",
                       themes=[(t.id, t.label) for t in taxonomy.themes],
                       generated_at=datetime(2024, 12, 9, tzinfo=UTC))
    filed = {s.theme: [(p.text, p.theme_ids) for st in s.stories for p in st.key_points]
             for s in briefing.sections}
    # each story is shown whole under the theme its text gives: the desk's weather sentence
    # goes with its talks, tagged with the desk's theme; no point is left to "other"
    assert sorted(filed) == ["diplomacy"]
    assert (weather.text, ("military",)) in filed["diplomacy"]
    assert (weather.text, ()) in filed["diplomacy"]  # the same sentence, from the other desk


def test_a_story_whose_headlines_disagree_is_read_whole(tmp_path, run_cli, monkeypatch):
    """Four outlets' headlines of one Fed speech: read apart, three are too short to be
    told from culture news; read together they are the economy, and the story is briefed."""
    import json

    from briefing.pipeline import load_themes, read_split_stories

    headlines = ["Fed's Fisher: taper pace may be too slow",
                 "Fed's Fisher says taper pace may be too slow",
                 "Fisher: Fed taper pace may be too slow",
                 "Stocks fall as Fed's Fisher says taper pace may be too slow"]
    day = tmp_path / "day.jsonl"
    day.write_text("".join(json.dumps({"id": f"h{i}", "title": h, "text": "",
                                       "source": f"Outlet {i}", "url": f"https://o{i}.example/a",
                                       "published": "2014-03-11T09:00:00Z"}) + "\n"
                           for i, h in enumerate(headlines)), encoding="utf-8")
    config = load_config(cwd=tmp_path)
    _, classifier = load_themes(config)
    articles = read_sources([day], tz=UTC).articles
    summaries = summarize_articles(articles, config, classifier=classifier)
    apart = [s.key_points[0].theme_ids[:1] for s in summaries]
    assert apart.count(("culture",)) == 3  # what each says alone
    assert read_split_stories(summaries, ["fed"] * 4, classifier, {"culture", "sport"}) == {
        f"h{i}": "" for i in range(4)}  # "": no kind the day leaves out

    monkeypatch.chdir(tmp_path)
    assert run_cli("build", "--source", day, "--date", "2014-03-11", "--format", "json").code == 0
    built = json.loads((tmp_path / "out" / "2014-03-11" / "briefing.json").read_text())
    assert built["left_out"] == []
    assert {a["id"] for a in built["articles"]} == {f"h{i}" for i in range(4)}


def test_a_briefing_shows_each_points_evidence_as_its_article_gave_it(tmp_path):
    """The per-article stage leaves the evidence out; the build looks it up for the points
    it shows (`explain_shown`), and finds what reading each with its article gives."""
    from datetime import date

    from briefing.pipeline import article_lead, build, load_themes

    config = load_config(cwd=tmp_path)
    _, classifier = load_themes(config)
    articles = read_sources([SEEDS], tz=UTC).articles
    summaries = summarize_articles(articles, config, classifier=classifier)
    assert all(t.evidence is None for s in summaries for p in s.key_points for t in p.themes)

    briefing = build(config, day=date(2024, 12, 8), sources=[str(SEEDS)],
                     formats=["json"]).briefing
    shown = [p for s in briefing.sections for st in s.stories
             for p in (*st.key_points, *([st.lead] if st.lead else ()))]
    shown += briefing.top_lines
    themed = [p for p in shown if p.themes]
    assert len(themed) >= 5
    by_id = {a.id: a for a in articles}
    for p in themed:
        article = by_id[p.article_id]
        (eager,) = classifier.classify_article(f"{article.title}\n\n{article.text}", [p.text],
                                               lead=article_lead(article)).points
        assert p.themes == eager
