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
(scikit-learn) on the product's own features (briefing/themes/features.py), prints its
scores on held-out days and articles, and writes the model with a record of how it was made.
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

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

import labels  # noqa: E402
import portal  # noqa: E402
import wikinews  # noqa: E402

from briefing.themes.features import text_features  # noqa: E402

PINNED = {
    "portal": "8472ea6d59c86fc8606f45874c0c804d41ae51477b48f4c0a7ab61b7b0377be0",
    "wikinews": "737374355c04e0ea29982e14bafcc13584fc76bd6da29369b6edf3bb43ed9668",
}
OUT = REPO / "briefing" / "themes" / "news_model.npz"
SHARED = REPO.parent / "shared" / "data"
SHINGLE = 8  # a training text sharing this many consecutive words with a dev set is dropped
EXAMPLES_PER_KIND = 150  # labelled examples shipped per kind, for "nearest example" evidence
MIN_WEIGHT = 0.2  # a feature none of whose weights reaches this is left out of the file


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


def balanced(ys: Sequence[int], ws: Sequence[float]) -> np.ndarray:
    """Sample weights that give every kind the same total weight, keeping their sum.

    The product reads the model as if every kind of news were equally common
    (`classifier.Settings.uniform_prior`), which moves only each kind's bias; fitted on
    balanced kinds, the words' weights would be learned for that mix too. Not how the
    shipped model is fitted: research/news_model_variants.py says why."""
    ys_a, ws_a = np.asarray(ys), np.asarray(ws, dtype=np.float64)
    totals = np.bincount(ys_a, weights=ws_a, minlength=len(labels.KINDS))
    return ws_a * (totals.sum() / np.count_nonzero(totals)) / totals[ys_a]


def fit(docs: Sequence[Doc], c: float, min_df: int, balance: bool = False):
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import normalize

    vectorizer = CountVectorizer(analyzer=lambda t: sorted(text_features(t)), min_df=min_df,
                                 binary=True, dtype=np.float64)
    x = normalize(vectorizer.fit_transform([d.text for d in docs]))
    rows, ys, ws = expand(docs, labels.KINDS)
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x[rows], ys, sample_weight=balanced(ys, ws) if balance else ws)
    return vectorizer, model


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
    """Every tenth day (portal) or article (Wikinews) held out, never one split in two."""
    groups = sorted({d.group for d in docs})
    test = {g for i, g in enumerate(groups) if i % every == every - 1}
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


def save(path: Path, vectorizer, model, docs: Sequence[Doc], about: dict,
         balance: bool = False) -> None:
    names = np.array(vectorizer.get_feature_names_out(), dtype=str)
    index = {k: i for i, k in enumerate(model.classes_)}
    coef = np.zeros((len(names), len(labels.KINDS)), dtype=np.float32)
    bias = np.zeros(len(labels.KINDS), dtype=np.float32)
    for j, _kind in enumerate(labels.KINDS):
        coef[:, j] = model.coef_[index[j]]
        bias[j] = model.intercept_[index[j]]
    # features whose weights are all small change few decisions: leave them out of the file
    keep = np.abs(coef).max(axis=1) >= MIN_WEIGHT
    shown = examples(docs, EXAMPLES_PER_KIND)
    # each kind's count among the training texts, the prior the model was fitted under: the
    # classifier reads it to swap that prior for a uniform one, so every model written
    # carries it (equal counts for a model fitted on balanced kinds: nothing to swap)
    by_kind = dict(Counter(k for d in docs for k in d.kinds))
    about = {**about, "by_kind": dict.fromkeys(by_kind, 1) if balance else by_kind}
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
    for name, found in sums.items():
        if found != PINNED[name]:
            raise SystemExit(f"{name}: the data's checksum is {found}, not the pinned "
                             f"{PINNED[name]}: not the data this model is built from")
    items = [it for path in sorted(portal_files)
             for it in portal.parse_day(path, portal_files[path])]
    docs = portal_docs(dict((it.text, it) for it in items).values())
    docs += wikinews_docs(wikinews.articles(wikinews_files))
    docs, dropped = without_dev_text(docs, dev_shingles(args.shared))
    print(f"{len(docs):,} training texts ({dropped} dropped: 8 words in common with a dev set)")
    print("by kind:", dict(Counter(k for d in docs for k in d.kinds)))

    train, test = held_out(docs)
    vectorizer, model = fit(train, args.c, args.min_df, args.balance)
    scores = evaluate(vectorizer, model, test)
    print(f"held-out (every 10th day or article, {scores['all']['n']:,} texts): "
          f"accuracy {scores['all']['accuracy']}")
    for kind in labels.KINDS:
        s = scores[kind]
        print(f"  {kind:10s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
              f"  ({s['support']})")

    vectorizer, model = fit(docs, args.c, args.min_df, args.balance)
    about = {
        "what": "P(kind of news | text): multinomial logistic regression, scikit-learn",
        "features": "briefing.themes.features.text_features, binary, L2-normalised",
        "kinds": list(labels.KINDS),
        "sources": [
            {"name": "Wikipedia, Portal:Current events (2010-2020)", "repository":
             portal.REPOSITORY, "commit": portal.COMMIT, "sha256": sums["portal"],
             "licence": portal.LICENCE},
            {"name": "English Wikinews (2004-2015)", "repository": wikinews.REPOSITORY,
             "commits": [wikinews.TEXTS, wikinews.MASTER, wikinews.CATEGORIES],
             "sha256": sums["wikinews"], "licence": wikinews.LICENCE},
        ],
        "training_texts": len(docs),
        "dropped_for_dev_overlap": dropped,
        "c": args.c,
        "min_df": args.min_df,
        "balanced_kinds": args.balance,
        "held_out": scores,
        "built_by": "training/build_theme_model.py",
    }
    save(args.out, vectorizer, model, docs, about, args.balance)
    print(f"done in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
