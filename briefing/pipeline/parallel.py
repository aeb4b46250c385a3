"""The per-article stages (`articles.py`) over many articles: in a pool of worker
processes when there are many, with the same result, in the same order, as one process."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from briefing.config import Config
from briefing.model import Article, Summary
from briefing.pipeline.articles import load_themes, process_article

if TYPE_CHECKING:
    # imported when used: each costs `briefing --help` and `import briefing.pipeline` time
    from briefing.themes import Classifier

Progress = Callable[[str, int, int], None]  # (stage, done, total)


# A worker process builds its classifier once, in the pool's initializer, and keeps it here.
_worker_state: dict[str, object] = {}


def _init_worker(parent: int, classifier: Classifier, points: int | None, algorithm: str,
                 max_chars: int) -> None:
    """Runs once per worker. Under fork the classifier is inherited, not rebuilt or copied;
    under spawn (`start_method`) it comes pickled, as do the rest."""
    from briefing.workers import die_with_parent, leave_stopping_to_parent

    leave_stopping_to_parent()
    die_with_parent(parent)
    _worker_state.update(classifier=classifier, points=points, algorithm=algorithm,
                         max_chars=max_chars)


_NO_ARTICLE = Article(id="", title="", text="")


def _process_in_worker(article: Article) -> Summary:
    """The summary without its article: the parent has it already, and sending every text
    back through the pipe would double the build's memory and pickling work."""
    summary = process_article(
        article,
        _worker_state["classifier"],
        points=_worker_state["points"],  # type: ignore[arg-type]
        algorithm=_worker_state["algorithm"],  # type: ignore[arg-type]
        max_chars=_worker_state["max_chars"],  # type: ignore[arg-type]
    )
    return replace(summary, article=_NO_ARTICLE)


def start_method() -> str:
    """How a build starts its workers: fork on Linux, where it shares the parent's imported
    modules (no start-up cost per worker); spawn elsewhere. On macOS a forked child of a
    process that has loaded Apple's frameworks can crash (Python's default there is spawn
    for that reason), and a long-running `schedule` has loaded them by its second morning:
    WeasyPrint's Pango and Cairo with its first PDF, the system's proxy settings with its
    first feed. Under spawn a worker inherits nothing: `_init_worker` is given all it uses.
    """
    return "fork" if sys.platform.startswith("linux") else "spawn"


def job_count(config: Config, articles: int, jobs: int | None = None) -> int:
    """Processes to use: a pool only pays for itself past a few dozen articles."""
    import os

    wanted = jobs if jobs is not None else config.summary.jobs
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    wanted = wanted or cores or 1
    return 1 if articles < 64 else max(1, min(wanted, articles // 32))


def summarize_articles(
    articles: Sequence[Article],
    config: Config,
    *,
    points: int | None = None,
    classifier: Classifier | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> list[Summary]:
    """Summarize and theme every article, in a process pool when there are many.

    The result is the same, in the same order, whatever the number of processes: each
    article is processed by the same pure function.
    """
    points = points if points is not None else (config.summary.points or None)
    workers = job_count(config, len(articles), jobs)
    classifier = classifier or load_themes(config)[1]
    if workers == 1:
        out = []
        for i, article in enumerate(articles, start=1):
            out.append(process_article(article, classifier, points=points,
                                       algorithm=config.summary.algorithm,
                                       max_chars=config.summary.max_point_chars))
            if progress:
                progress("summarize", i, len(articles))
        return out
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(start_method())
    out = []
    chunk = max(1, min(64, len(articles) // (workers * 8)))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                             initargs=(os.getpid(), classifier, points,
                                       config.summary.algorithm,
                                       config.summary.max_point_chars)) as pool:
        results = pool.map(_process_in_worker, articles, chunksize=chunk)
        for i, (article, summary) in enumerate(zip(articles, results, strict=True), 1):
            out.append(replace(summary, article=article))
            if progress and (i % 50 == 0 or i == len(articles)):
                progress("summarize", i, len(articles))
    return out
