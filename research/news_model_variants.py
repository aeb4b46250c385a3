#!/usr/bin/env python3
"""Is the news model's reading the weak link in the off-topic leads, and can it be fitted better?

Question: a lead paragraph read alone (a feed item with only its summary) of sport, culture
or technology news gets a briefed theme about one time in seven, on offtopic-dev and on
held-out Wikinews alike, while whole articles do under one in twenty. Is the news model
badly calibrated on short texts (so the 2:1 odds at which a text is left out mean less
than they say), and would fitting it on balanced kinds, as the classifier reads it (every
kind equally common), tell the kinds of news apart better?

(It studies the regression alone, as the news model was until the same day, when
build_theme_model.py began blending naive Bayes into it: see that script's `blend`.)

Method: the news model is fitted as training/build_theme_model.py fits it, on its training
split only (every tenth portal day and Wikinews article held out), once on the corpora's mix
of kinds and once on balanced kinds (`build_theme_model.balanced`). For each:

1. the held-out texts with one kind: accuracy, and the log-loss when the model's log-odds
   are divided by a temperature T (T = 1 is the model as fitted; a lower loss at another T
   would mean it is over- or under-confident);
2. the held-out Wikinews articles, as research/heldout_day.py reads them: the leads of
   those filed under sport, culture or science alone given a briefed theme, and the
   hard-news leads read alone given none, at the 2:1 odds the product uses and at 1.5:1.

    pip install -e '.[train]'
    python research/news_model_variants.py --portal CLONE --wikinews CLONE

Result (3 December 2026): calibrated as fitted. On the 7,173 held-out texts, accuracy 0.793
and log-loss 0.655 at T = 1, against 0.672 at T = 0.8 and 0.680 at T = 1.25; the mean
confidence of the best kind is 0.784 for an accuracy of 0.793 (portal items 0.780 for
0.786, Wikinews articles 0.796 for 0.814, measured apart); fitted on balanced kinds, 0.657 at
T = 1 against 0.672 and 0.686. So the odds mean what they say, on text like the
training's; the off-topic leads are a matter of what the corpora teach, not of calibration.

Balanced kinds: held-out accuracy 0.794 either way (sport F1 0.939 against 0.933, culture
0.714 against 0.717). On the held-out Wikinews leads, off-topic themed / hard news
unthemed, of 388 and 1,060:

    the corpora's mix   2:1  56 / 114    1.5:1  48 / 120
    balanced kinds      2:1  55 / 103    1.5:1  51 / 107

which is better on both sides. Not shipped: refitted on all the corpora, as the shipped model
is (`training/build_theme_model.py --balance --out FILE`, read through `[themes]
news_model`), the balanced model made the development sets worse (offtopic-dev leads given
a briefed theme 14.0% to 15.3%, themes-dev macro F1 0.7555 to 0.7545) and read "Summit
Entertainment named a new director for the Twilight sequel", alone, as Diplomacy again, one
of the sentences issue 18 names.

Measured the same way and not scripted here: teaching each theme not briefed the held-out
model's labelled items of its kind as examples (a themes file; 10 a theme: off-topic leads
themed 47, hard-news leads unthemed 135; 30: 39 / 171; 150: 24 / 309), and C = 4 or 25
instead of 10 on balanced kinds (62 / 107 and 56 / 98; accuracy 0.791 and 0.792). Every
lever found trades the two sides about one for one or worse: fewer off-topic leads themed
cost as many hard-news leads left without a theme.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "training"), str(REPO / "research"), str(REPO)]

import build_theme_model as build  # noqa: E402
import heldout_day  # noqa: E402
import labels  # noqa: E402

TEMPERATURES = (0.8, 1.0, 1.25)


def calibration(model_file: Path, test: list) -> None:
    """Accuracy, mean confidence and log-loss by temperature on held-out single-kind texts."""
    from briefing.themes.news import NewsModel

    news = NewsModel.load(model_file)
    single = [d for d in test if len(d.kinds) == 1]
    log_probs = news.log_probs([news.feature_ids(d.text) for d in single])
    truth = np.array([list(news.kinds).index(d.kinds[0]) for d in single])
    losses = []
    for t in TEMPERATURES:
        z = log_probs / t
        z -= np.logaddexp.reduce(z, axis=1, keepdims=True)
        losses.append(f"T={t}: {-z[np.arange(len(single)), truth].mean():.3f}")
    best = log_probs.argmax(axis=1)
    print(f"  {len(single):,} held-out texts: accuracy {(best == truth).mean():.3f}, mean "
          f"confidence {np.exp(log_probs.max(axis=1)).mean():.3f}; log-loss "
          + ", ".join(losses))


def leads(model_file: Path, rows: list[dict]) -> None:
    """Off-topic-labelled leads given a briefed theme, hard-news leads given none."""
    from briefing.themes import Classifier, load_taxonomy
    from briefing.themes.classifier import Settings
    from briefing.themes.news import NewsModel

    taxonomy = load_taxonomy()
    briefed = {t.id for t in taxonomy.themes if t.brief}
    off = [heldout_day.lead_paragraph(r) for r in rows
           if set(r["kinds"]) <= heldout_day.OFF_TOPIC]
    for odds in (2.0, 1.5):
        classifier = Classifier(taxonomy, Settings(unbriefed_odds=odds),
                                news=NewsModel.load(model_file))
        themed = sum(bool(set(t) & briefed) for t in classifier.predict_ids(off))
        unthemed, hard = heldout_day.hard_news_leads_unthemed(rows, classifier)
        print(f"  at {odds}:1, off-topic leads themed {themed} of {len(off)}, hard-news leads "
              f"unthemed {unthemed} of {hard}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", type=Path, required=True)
    parser.add_argument("--wikinews", type=Path, required=True)
    args = parser.parse_args()
    train, test, articles = heldout_day.corpus(args)
    rows = heldout_day.held_out_rows(articles, test)
    with tempfile.TemporaryDirectory() as folder:
        for name, balance in (("the corpora's mix", False), ("balanced kinds", True)):
            path = Path(folder) / f"{balance}.npz"
            vectorizer, model = build.fit(train, 10.0, 3, balance)
            with contextlib.redirect_stdout(io.StringIO()):  # save's own line
                build.save(path, vectorizer, model, train, {"what": "research"})
            scores = build.evaluate(vectorizer, model, test)
            print(f"{name}: held-out accuracy {scores['all']['accuracy']}, F1 "
                  + ", ".join(f"{k} {scores[k]['f1']}" for k in labels.KINDS))
            calibration(path, test)
            leads(path, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
