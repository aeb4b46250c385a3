#!/usr/bin/env python3
"""Rebuild briefing/themes/news_model.npz, the model of what kind of news a text is.

    pip install -e '.[train]'          # scikit-learn and PyYAML, for this script only
    git clone https://github.com/ianrastall/current-events-context /tmp/portal
    git clone https://github.com/lbechberger/ML4NLP /tmp/ml4nlp
    python training/build_theme_model.py --portal /tmp/portal --wikinews /tmp/ml4nlp

The script reads both clones at pinned commits, checks the checksum of every byte it reads,
maps the corpora's categories onto the ten kinds of news (labels.py), drops any training
text that shares 8 consecutive words with briefing's development sets (../shared/data, so
no score on them can come from having seen them), fits a multinomial logistic regression
and a multinomial naive Bayes model (scikit-learn) on the product's own features
(briefing/themes/features.py), blends them into one linear model with the weight and
temperature that give the lowest log-loss on held-out days and articles (`blend`), prints
its scores on them, and writes the model with a record of how it was made.
The product only reads the written file: it never trains, and nothing is downloaded.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

import dbpedia  # noqa: E402
import huffpost  # noqa: E402
import labels  # noqa: E402
import portal  # noqa: E402
import portal_recent  # noqa: E402
import wikinews  # noqa: E402

from briefing.themes.features import text_features  # noqa: E402

PINNED = {
    "portal": "8472ea6d59c86fc8606f45874c0c804d41ae51477b48f4c0a7ab61b7b0377be0",
    "wikinews": "737374355c04e0ea29982e14bafcc13584fc76bd6da29369b6edf3bb43ed9668",
    "dbpedia": "e9dad3c597bd82bfca2b86281d33fef6acab3d5784867a58ae1e42931e359136",
    "portal_recent": "faf2f9a1d2659cabcdf45abd4ba6f9c1499ca7c8f9ab163e0ec4297264b25f04",
    "huffpost": "09fb3ea83f3d522bb36670ba7ad272bdd6ebd700310fe97d4da39e161c650f41",
}
NEWS = ("portal", "wikinews")  # the news corpora: what the held-out scores are read on
OUT = REPO / "briefing" / "themes" / "news_model.npz"
SHARED = REPO.parent / "shared" / "data"
SHINGLE = 8  # a training text sharing this many consecutive words with a dev set is dropped
EXAMPLES_PER_KIND = 150  # labelled examples shipped per kind, for "nearest example" evidence
MIN_WEIGHT = 0.2  # a feature none of whose regression weights reaches this is left out
NB_ALPHA = 0.3  # naive Bayes' smoothing (`blend`)
NB_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5)  # tried on the held-out split (`choose_blend`)
HUFFPOST_WEIGHT = 1.0  # a HuffPost text's weight (a portal item's is 1): research/README.md


@dataclass(frozen=True)
class Doc:
    text: str
    kinds: tuple[str, ...]  # candidate kinds (one, or several for a Wikinews article)
    group: str  # the day or article it came from: held-out splits never cut through one
    origin: str  # "portal" or "wikinews"
    weight: float = 1.0


# --- the corpora -------------------------------------------------------------------------


def portal_docs(items: Iterable[portal.PortalItem]) -> list[Doc]:
    out = []
    for item in items:
        kind = labels.portal_kind(item.heading)
        if kind:
            out.append(Doc(item.text, (kind,), item.day, "portal"))
    return out


_PARAGRAPHS = re.compile(r"\n\s*\n")


def wikinews_docs(articles: Iterable[wikinews.WikinewsArticle]) -> list[Doc]:
    """Two documents an article: its lead (the first paragraph, as a key point reads) and
    its opening 300 words (as a whole article reads), each counting half."""
    out = []
    for a in articles:
        kinds = labels.wikinews_kinds(a.top, a.categories)
        if not kinds or "Imported news" in a.categories:  # text taken from elsewhere
            continue
        paragraphs = [p.strip() for p in _PARAGRAPHS.split(a.text) if len(p.split()) >= 8]
        if not paragraphs:
            continue
        out.append(Doc(paragraphs[0], kinds, a.url, "wikinews", 0.5))
        out.append(Doc(" ".join(" ".join(paragraphs).split()[:300]), kinds, a.url, "wikinews",
                       0.5))
    return out


# --- no development text in training ------------------------------------------------------

_WORD = re.compile(r"\w+")


def dbpedia_docs(files: dict[str, bytes], weight: float) -> list[Doc]:
    return [Doc(text, (kind,), group, "dbpedia", weight)
            for group, kind, text in dbpedia.texts(files)]


def huffpost_docs(files: dict[str, bytes], weight: float = HUFFPOST_WEIGHT,
                  mapping: str = labels.HUFFPOST_MAPPING, shared: Path = SHARED) -> list[Doc]:
    """The HuffPost items of a mapped category (`labels.huffpost_kinds`), never one of the
    held-out range (`huffpost.HELD_OUT_FROM`) nor an article a development set holds (its
    headline and description need not share 8 words with the dev text: a BASIL article of
    stories-dev is one of them), grouped by day."""
    dev = dev_urls(shared)
    out = []
    for item in huffpost.items(files):
        kinds = labels.huffpost_kinds(item.category, mapping)
        if (kinds and not item.held_out and len(item.text.split()) >= 8
                and item.article not in dev):
            out.append(Doc(item.text, kinds, f"huffpost:{item.day}", "huffpost", weight))
    return out


def recent_docs(files: dict[str, bytes]) -> list[Doc]:
    out = []
    for item in portal_recent.items(files):
        kind = labels.portal_kind(item.heading)
        if kind:
            out.append(Doc(item.text, (kind,), item.day, "portal_recent"))
    return out


def read_corpora(portal_files: dict, wikinews_files: dict, shared: Path,
                 extra: Sequence[Doc] = ()
                 ) -> tuple[list[Doc], list[wikinews.WikinewsArticle], int]:
    """The training texts of both sources (read by `portal.read_files` and
    `wikinews.read_files`), without any that shares 8 words with a dev set; the Wikinews
    articles they came from; and how many texts were dropped for the dev sets."""
    items = [it for path in sorted(portal_files)
             for it in portal.parse_day(path, portal_files[path])]
    docs = portal_docs(dict((it.text, it) for it in items).values())
    articles = wikinews.articles(wikinews_files)
    docs += wikinews_docs(articles)
    seen = {d.text for d in docs}
    docs += [d for d in extra if d.text not in seen]
    docs, dropped = without_dev_text(docs, dev_shingles(shared))
    return docs, articles, dropped


def dev_urls(shared: Path) -> set[str]:
    """The HuffPost article ids (`huffpost.article_id`) of the development sets' urls."""
    if not shared.is_dir():
        raise SystemExit(f"{shared}: the development sets are needed to prove no overlap")
    out = set()
    for path in sorted(shared.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if isinstance(row.get("url"), str):
                out.add(huffpost.article_id(row["url"]))
    return out - {""}


def _shingles(text: str) -> set[int]:
    words = [w.lower() for w in _WORD.findall(text)]
    return {hash(" ".join(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def dev_shingles(shared: Path) -> set[int]:
    """Every 8-word sequence of every text in the development sets."""
    if not shared.is_dir():
        raise SystemExit(f"{shared}: the development sets are needed to prove no overlap")
    out: set[int] = set()
    for path in sorted(shared.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            for value in row.values():
                if isinstance(value, str) and len(value) > 40:
                    out |= _shingles(value)
    return out


def without_dev_text(docs: list[Doc], shingles: set[int]) -> tuple[list[Doc], int]:
    kept = [d for d in docs if not (_shingles(d.text) & shingles)]
    assert not any(_shingles(d.text) & shingles for d in kept)
    return kept, len(docs) - len(kept)


# --- the model --------------------------------------------------------------------------


def expand(docs: Sequence[Doc], kinds: Sequence[str]) -> tuple[list[int], list[int], list[float]]:
    """(doc index, kind index, sample weight) rows: a doc with several candidate kinds gives
    each an equal share of its weight (it is one of them, we do not know which)."""
    rows, ys, ws = [], [], []
    for i, d in enumerate(docs):
        for k in d.kinds:
            rows.append(i)
            ys.append(kinds.index(k))
            ws.append(d.weight / len(d.kinds))
    return rows, ys, ws


def weight_by_kind(docs: Sequence[Doc]) -> dict[str, float]:
    """Each kind's total sample weight over the training rows (`expand`): the prior the
    fitted model holds, which the classifier swaps for a uniform one. Not the count of
    texts: a Wikinews article's lead and opening weigh a half each, and a text filed under
    three candidate kinds a third to each (counted whole, "Politics and conflicts" made
    relations look twice as common as the model learned it)."""
    _, ys, ws = expand(docs, labels.KINDS)
    totals = _kind_totals(ys, ws)
    return {k: round(float(t), 3) for k, t in zip(labels.KINDS, totals, strict=True) if t > 0}


def _kind_totals(ys: Sequence[int], ws: Sequence[float]) -> np.ndarray:
    """Each kind's summed sample weight over training rows (kind index, weight)."""
    return np.bincount(np.asarray(ys, dtype=np.int64), weights=np.asarray(ws, dtype=np.float64),
                       minlength=len(labels.KINDS))


def balanced(ys: Sequence[int], ws: Sequence[float]) -> np.ndarray:
    """Sample weights that give every kind the same total weight, keeping their sum.

    The product reads the model as if every kind of news were equally common
    (`classifier.Settings.uniform_prior`), which moves only each kind's bias; fitted on
    balanced kinds, the words' weights would be learned for that mix too. Not how the
    shipped model is fitted: research/news_model_variants.py says why."""
    totals = _kind_totals(ys, ws)
    return (np.asarray(ws, dtype=np.float64) * (totals.sum() / np.count_nonzero(totals))
            / totals[np.asarray(ys, dtype=np.int64)])


@dataclass(frozen=True)
class Parts:
    """The two models fitted on the same features, before they are blended (`blend`)."""

    vectorizer: Any
    regression: Any  # sklearn LogisticRegression, on L2-normalised binary features
    naive_bayes: Any  # sklearn MultinomialNB, on the same binary features
    balanced: bool  # fitted on balanced kinds (`balanced`)


@dataclass(frozen=True)
class LinearKinds:
    """P(kind | text) = softmax(x @ coef_.T + intercept_), x binary and L2-normalised: the
    one form the product reads (`briefing.themes.news.NewsModel.log_probs`)."""

    coef_: np.ndarray  # (kinds, features)
    intercept_: np.ndarray
    classes_: np.ndarray
    kept: np.ndarray  # bool per feature: written to the file (`save`)
    temperature: float  # what the regression's log-odds were divided by (`blend`)
    balanced: bool  # fitted on balanced kinds: the prior it holds is uniform

    def predict_log_proba(self, x) -> np.ndarray:
        z = np.asarray(x @ self.coef_.T) + self.intercept_
        return z - np.logaddexp.reduce(z, axis=1, keepdims=True)

    def predict_proba(self, x) -> np.ndarray:
        return np.exp(self.predict_log_proba(x))


def fit_parts(docs: Sequence[Doc], c: float, min_df: int, balance: bool = False) -> Parts:
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.preprocessing import normalize

    vectorizer = CountVectorizer(analyzer=lambda t: sorted(text_features(t)), min_df=min_df,
                                 binary=True, dtype=np.float64)
    x = vectorizer.fit_transform([d.text for d in docs])
    rows, ys, ws = expand(docs, labels.KINDS)
    weights = balanced(ys, ws) if balance else ws
    regression = LogisticRegression(C=c, max_iter=3000)
    regression.fit(normalize(x)[rows], ys, sample_weight=weights)
    naive_bayes = MultinomialNB(alpha=NB_ALPHA)
    naive_bayes.fit(x[rows], ys, sample_weight=weights)
    return Parts(vectorizer, regression, naive_bayes, balance)


def blend(parts: Parts, nb_weight: float, temperature: float) -> LinearKinds:
    """The regression's log-odds plus `nb_weight` times naive Bayes' word log-likelihoods
    (each word's centred across kinds, so only what tells kinds apart counts), scaled as the
    regression's are (per unit of the L2-normalised features: a long text is not surer for
    being long), all divided by `temperature` so the probabilities stay calibrated.

    Naive Bayes reads a rare word as strongly as it was seen (a boxer's name seen only in
    sport), where the regression's penalty shrinks it; on a lead of twenty words, that word
    is often all there is. Blended, they are what the product reads, a single linear model:
    the file's form does not change."""
    nb = parts.naive_bayes.feature_log_prob_
    nb = nb - nb.mean(axis=0, keepdims=True)
    coef = (parts.regression.coef_ + nb_weight * nb) / temperature
    # the features the regression gives weight to: naive Bayes weighs every word, the
    # rarest most, and keeping all of them would double the file for little
    kept = np.abs(parts.regression.coef_).max(axis=0) >= MIN_WEIGHT
    return LinearKinds(coef, parts.regression.intercept_ / temperature,
                       parts.regression.classes_, kept, temperature, parts.balanced)


def choose_blend(parts: Parts, docs: Sequence[Doc]) -> tuple[float, float, float]:
    """The naive Bayes weight and temperature (`blend`) with the lowest log-loss on held-out
    single-kind `docs`, and that log-loss: the weight from `NB_WEIGHTS`, the temperature
    from a fine grid for each (a calibration, so the odds the classifier reads mean what
    they say). Prints each weight's best."""
    from sklearn.preprocessing import normalize

    single = [d for d in docs if len(d.kinds) == 1]
    x = normalize(parts.vectorizer.transform([d.text for d in single]))
    truth = np.array([labels.KINDS.index(d.kinds[0]) for d in single])
    best = (np.inf, 0.0, 1.0)
    for nb_weight in NB_WEIGHTS:
        z = blend(parts, nb_weight, 1.0).predict_log_proba(x)
        losses = []
        for temperature in np.arange(0.5, 3.001, 0.05):
            t = z / temperature
            t -= np.logaddexp.reduce(t, axis=1, keepdims=True)
            losses.append((float(-t[np.arange(len(truth)), truth].mean()),
                           round(float(temperature), 2)))
        loss, temperature = min(losses)
        accuracy = float((z.argmax(axis=1) == truth).mean())
        print(f"  naive Bayes weight {nb_weight:4}: temperature {temperature:4}, log-loss "
              f"{loss:.4f}, accuracy {accuracy:.4f}")
        best = min(best, (loss, nb_weight, temperature))
    loss, nb_weight, temperature = best
    return nb_weight, temperature, loss


def fit(docs: Sequence[Doc], c: float, min_df: int, balance: bool = False,
        nb_weight: float = 0.0, temperature: float = 1.0):
    """The vectorizer and the blended model (`blend`); the regression alone by default."""
    parts = fit_parts(docs, c, min_df, balance)
    return parts.vectorizer, blend(parts, nb_weight, temperature)


def evaluate(vectorizer, model, docs: Sequence[Doc]) -> dict[str, dict[str, float]]:
    """Per kind precision/recall/F1 of the best kind, over held-out docs with one kind."""
    from sklearn.preprocessing import normalize

    single = [d for d in docs if len(d.kinds) == 1]
    x = normalize(vectorizer.transform([d.text for d in single]))
    predicted = [labels.KINDS[i] for i in model.predict_proba(x).argmax(axis=1)]
    out = {}
    for kind in labels.KINDS:
        tp = sum(1 for d, p in zip(single, predicted, strict=True) if p == kind == d.kinds[0])
        fp = sum(1 for d, p in zip(single, predicted, strict=True) if p == kind != d.kinds[0])
        fn = sum(1 for d, p in zip(single, predicted, strict=True) if d.kinds[0] == kind != p)
        prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        out[kind] = {"precision": round(prec, 3), "recall": round(rec, 3),
                     "f1": round(2 * prec * rec / max(prec + rec, 1e-9), 3), "support": tp + fn}
    accuracy = sum(1 for d, p in zip(single, predicted, strict=True) if p == d.kinds[0])
    out["all"] = {"accuracy": round(accuracy / max(len(single), 1), 3), "n": len(single)}
    return out


def held_out(docs: Sequence[Doc], every: int = 10) -> tuple[list[Doc], list[Doc]]:
    """Every tenth day (portal) or article (Wikinews) held out, never one split in two;
    every tenth text of another source, counted apart (the news corpora's split does not
    move when a source is added)."""
    test: set[str] = set()
    for news in (True, False):
        groups = sorted({d.group for d in docs if (d.origin in NEWS) == news})
        test |= {g for i, g in enumerate(groups) if i % every == every - 1}
    return [d for d in docs if d.group not in test], [d for d in docs if d.group in test]


def examples(docs: Sequence[Doc], per_kind: int) -> list[tuple[str, str]]:
    """A spread of short single-kind portal items per kind, as labelled evidence."""
    out = []
    for kind in labels.KINDS:
        pool = [d.text for d in docs if d.origin == "portal" and d.kinds == (kind,)
                and len(d.text) <= 220]
        step = max(1, len(pool) // per_kind)
        out.extend((kind, t) for t in pool[::step][:per_kind])
    return out


def save(path: Path, vectorizer, model: LinearKinds, docs: Sequence[Doc], about: dict) -> None:
    names = np.array(vectorizer.get_feature_names_out(), dtype=str)
    index = {k: i for i, k in enumerate(model.classes_)}
    coef = np.zeros((len(names), len(labels.KINDS)), dtype=np.float32)
    bias = np.zeros(len(labels.KINDS), dtype=np.float32)
    for j, _kind in enumerate(labels.KINDS):
        coef[:, j] = model.coef_[index[j]]
        bias[j] = model.intercept_[index[j]]
    keep = model.kept  # features the regression weighs little change few decisions
    shown = examples(docs, EXAMPLES_PER_KIND)
    # the prior the model holds, from each kind's weight among the training rows: the
    # classifier reads it to swap that prior for a uniform one, so every model written
    # carries it (equal for a model fitted on balanced kinds: nothing to swap). Divided by
    # a temperature, the log-odds hold the weights to the power 1 / temperature: swapping
    # out the weights themselves would favour the rarer kinds (sport, culture) instead.
    weights = weight_by_kind(docs)
    if model.balanced:
        by_kind = dict.fromkeys(weights, 1)
    else:
        by_kind = {k: round(w ** (1.0 / model.temperature), 3) for k, w in weights.items()}
    about = {**about, "by_kind": by_kind, "weight_by_kind": weights,
             "texts_by_kind": dict(Counter(k for d in docs for k in d.kinds))}
    np.savez_compressed(
        path,
        kinds=np.array(labels.KINDS, dtype=str),
        features=np.frombuffer("\n".join(names[keep].tolist()).encode(), dtype=np.uint8),
        weights=coef[keep].astype(np.float16),
        bias=bias,
        example_kinds=np.array([k for k, _ in shown], dtype=str),
        example_texts=np.frombuffer("\n".join(t for _, t in shown).encode(), dtype=np.uint8),
        about=np.array(json.dumps(about, indent=1, ensure_ascii=False)),
    )
    print(f"wrote {path}: {keep.sum():,} features of {len(names):,}, "
          f"{len(shown)} examples, {path.stat().st_size / 1e6:.2f} MB")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--portal", type=Path, required=True,
                        help=f"a clone of {portal.REPOSITORY}")
    parser.add_argument("--wikinews", type=Path, required=True,
                        help=f"a clone of {wikinews.REPOSITORY}")
    parser.add_argument("--dbpedia", type=Path, help=f"a clone of {dbpedia.REPOSITORY}")
    parser.add_argument("--dbpedia-weight", type=float, default=0.25,
                        help="each DBpedia text's weight (a news text's is 1)")
    parser.add_argument("--portal-recent", type=Path,
                        help=f"a clone of {portal_recent.REPOSITORY}")
    parser.add_argument("--huffpost", type=Path, help=f"a clone of {huffpost.REPOSITORY}")
    parser.add_argument("--huffpost-weight", type=float, default=HUFFPOST_WEIGHT,
                        help="each HuffPost text's weight (a portal item's is 1)")
    parser.add_argument("--huffpost-mapping", default=labels.HUFFPOST_MAPPING,
                        choices=sorted(labels.HUFFPOST_MAPPINGS),
                        help="which HuffPost categories are read, as what (labels.py)")
    parser.add_argument("--shared", type=Path, default=SHARED,
                        help="the development sets, to prove no training text comes from them")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--c", type=float, default=10.0, help="inverse regularisation strength")
    parser.add_argument("--min-df", type=int, default=3, help="documents a feature must be in")
    parser.add_argument("--balance", action="store_true",
                        help="fit on balanced kinds (not the shipped model: see "
                             "research/news_model_variants.py)")
    args = parser.parse_args(argv)
    started = time.time()

    portal_files = portal.read_files(args.portal)
    wikinews_files = wikinews.read_files(args.wikinews)
    sums = {"portal": portal.checksum(portal_files), "wikinews": portal.checksum(wikinews_files)}
    dbpedia_files = dbpedia.read_files(args.dbpedia) if args.dbpedia else None
    recent_files = portal_recent.read_files(args.portal_recent) if args.portal_recent else None
    huffpost_files = huffpost.read_files(args.huffpost) if args.huffpost else None
    extra: list[Doc] = []
    if dbpedia_files:
        sums["dbpedia"] = portal.checksum(dbpedia_files)
        extra += dbpedia_docs(dbpedia_files, args.dbpedia_weight)
    if recent_files:
        sums["portal_recent"] = portal.checksum(recent_files)
        extra += recent_docs(recent_files)
    if huffpost_files:
        sums["huffpost"] = portal.checksum(huffpost_files)
        extra += huffpost_docs(huffpost_files, args.huffpost_weight, args.huffpost_mapping)
    for name, found in sums.items():
        if found != PINNED[name]:
            raise SystemExit(f"{name}: the data's checksum is {found}, not the pinned "
                             f"{PINNED[name]}: not the data this model is built from")
    docs, _, dropped = read_corpora(portal_files, wikinews_files, args.shared, extra)
    print(f"{len(docs):,} training texts ({dropped} dropped: 8 words in common with a dev set)")
    print("by kind:", dict(Counter(k for d in docs for k in d.kinds)))

    train, test_all = held_out(docs)
    test = [d for d in test_all if d.origin in NEWS]  # scores on news, as before
    parts = fit_parts(train, args.c, args.min_df, args.balance)
    print("the blend of the regression and naive Bayes, chosen on the held-out split:")
    nb_weight, temperature, loss = choose_blend(parts, test)
    print(f"  chosen: naive Bayes weight {nb_weight}, temperature {temperature}")
    vectorizer, model = parts.vectorizer, blend(parts, nb_weight, temperature)
    scores = evaluate(vectorizer, model, test)
    print(f"held-out (every 10th day or article, {scores['all']['n']:,} texts): "
          f"accuracy {scores['all']['accuracy']}")
    for kind in labels.KINDS:
        s = scores[kind]
        print(f"  {kind:10s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
              f"  ({s['support']})")

    for origin in sorted({d.origin for d in test_all} - set(NEWS)):
        other = [d for d in test_all if d.origin == origin]
        scores = evaluate(vectorizer, model, other)
        print(f"held-out {origin}: {scores['all']}; " + ", ".join(
            f"{k} R {scores[k]['recall']:.3f} ({scores[k]['support']})" for k in labels.KINDS
            if scores[k]["support"]))

    vectorizer, model = fit(docs, args.c, args.min_df, args.balance, nb_weight, temperature)
    about = {
        "what": "P(kind of news | text): multinomial logistic regression blended with "
                "multinomial naive Bayes, scikit-learn",
        "features": "briefing.themes.features.text_features, binary, L2-normalised",
        "kinds": list(labels.KINDS),
        "sources": [
            {"name": "Wikipedia, Portal:Current events (2010-2020)", "repository":
             portal.REPOSITORY, "commit": portal.COMMIT, "sha256": sums["portal"],
             "licence": portal.LICENCE},
            {"name": "English Wikinews (2004-2015)", "repository": wikinews.REPOSITORY,
             "commits": [wikinews.TEXTS, wikinews.MASTER, wikinews.CATEGORIES],
             "sha256": sums["wikinews"], "licence": wikinews.LICENCE},
        ] + ([{"name": "DBpedia ontology classes (athletes; artists, albums, films, books)",
               "repository": dbpedia.REPOSITORY, "commit": dbpedia.COMMIT,
               "sha256": sums["dbpedia"], "licence": dbpedia.LICENCE,
               "weight": args.dbpedia_weight}] if dbpedia_files else [])
        + ([{"name": "Wikipedia, Portal:Current events (2025-2026)", "repository":
             portal_recent.REPOSITORY, "commit": portal_recent.COMMIT,
             "sha256": sums["portal_recent"], "licence": portal_recent.LICENCE}]
           if recent_files else [])
        + ([{"name": "HuffPost News Category Dataset (Misra 2022), 2018-05 to 2021-12",
             "repository": huffpost.REPOSITORY, "commit": huffpost.COMMIT, "file": huffpost.FILE,
             "sha256": sums["huffpost"], "licence": huffpost.LICENCE,
             "weight": args.huffpost_weight, "mapping": args.huffpost_mapping,
             "held_out_from": huffpost.HELD_OUT_FROM}] if huffpost_files else []),
        "training_texts": len(docs),
        "dropped_for_dev_overlap": dropped,
        "c": args.c,
        "min_df": args.min_df,
        "balanced_kinds": args.balance,
        "blend": {"naive_bayes_weight": nb_weight, "temperature": temperature,
                  "naive_bayes_alpha": NB_ALPHA, "held_out_log_loss": round(loss, 4)},
        "held_out": scores,
        "built_by": "training/build_theme_model.py",
    }
    save(args.out, vectorizer, model, docs, about)
    print(f"done in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
