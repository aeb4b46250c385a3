"""The pipeline's per-article stages: a process pool gives exactly what a serial run gives."""

from __future__ import annotations

from dataclasses import replace

from conftest import SEEDS

from briefing.config import load_config
from briefing.pipeline import job_count, summarize_articles
from briefing.sources import read_sources
from briefing.text import sentences


def many_articles(n: int):
    """n distinct real articles: the seeds, each also told from each of its sentences on,
    forwards and backwards."""
    seeds = read_sources([SEEDS]).articles
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
