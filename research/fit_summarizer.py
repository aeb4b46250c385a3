"""Learn the "briefing" salience weights from the CNN dev set, with 2-fold cross-validation.

The hand-tuned salience in ``briefing.summarize`` is a linear score over four terms
(position prior, forward centrality, voice, length). This script asks whether a *learned*
linear score over those terms and cheap others does better on articles it was not fitted on:

* features, per candidate sentence (computed exactly as ``rank_briefing`` does for the
  four shipped terms; the script checks that the shipped weights reproduce ``summarize``'s
  picks on every article): the four terms, 1/(1+rank) and 1/(1+rank)^2, relative
  position, rank 1 and rank 2 indicators, short (< 12 words) and long (> 35) indicators,
  log words, share of capitalised words, has a digit, has a quotation mark, first/second
  person, opens with a quotation mark, continues a quotation, ends on "said"/"says",
  says/said/told anywhere, mean similarity to the first five candidates, undirected
  centrality, ends with a question mark;
* labels: the greedy ROUGE-1+2 oracle's three sentences (membership), or each sentence's
  ROUGE-1 + ROUGE-2 recall against the reference highlights;
* learners, numpy only: ridge least squares (standardised features, L2), ListNet (softmax
  cross-entropy over an article's candidates, Newton steps, L2 towards zero or towards the
  shipped weights), and coordinate ascent on the greedy summaries' own ROUGE, started from
  the shipped weights;
* selection stays as shipped (``choose``): the best set under MMR and the word budget
  among the sentences that can be shown standing alone, the near-duplicate rule and the
  not-a-point rules (in the candidates). The first figures below were measured when the
  shipped selection was greedy MMR, before the word budget and before points had to stand
  alone; the last paragraph, with the selection as shipped now. ROUGE here is on the chosen
  sentences as written, not as shown (no brackets, no sentence shown before a point).

2-fold CV: fit on the even rows, score the chosen 3-point summaries of the odd rows, and vice
versa. Any free choice (the scale of a learned score against the MMR term) is made on the
training rows only. ROUGE is rouge-score's F1 (stemmed), as in the eval, computed here from
cached tokens: the script checks that it matches rouge-score on the shipped summaries.

Run from the repository root (about a minute of CPU):

    .venv/bin/python research/fit_summarizer.py [--data ../shared/data/summ-dev.jsonl]

Result on the 300 dev articles: no learned score beat the shipped weights on both folds
(shipped: odd rows R1 31.66 / R2 12.91, even rows 30.83 / 11.95). The best on the odd rows
(ridge on recall labels, the four terms: 32.11 / 13.08) lost 1.08 R1 on the even rows; 17 of
the 18 configurations lost R1 on the even rows (by 0.03 to 4.5), and the one that gained
there (+0.05, ListNet on all features pulled towards the shipped weights) lost 0.19 on the
odd rows and R2 on both. So the weights in ``briefing/summarize/scoring.py`` stay
hand-tuned: their plateau is not an artefact of hand search.

Again with points that must stand alone (session 8; shipped: odd 31.95 / 12.77, even
30.32 / 11.29): none of the 18 beat the shipped weights on both folds; the best on the odd
rows (ridge on oracle labels, all features, +0.28) lost 0.37 on the even rows.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing.model import Article  # noqa: E402
from briefing.summarize import (  # noqa: E402
    PERSONAL,
    QUOTE_OPEN,
    WEIGHTS,
    candidates,
    choose,
    content_terms,
    inside_quotes,
    similarities,
    standing_forms,
    summarize,
    sumy_stop_words,
)
from briefing.text import is_aside, sentences, words  # noqa: E402

NAMES = [
    "prior", "centrality", "voice", "length", "prior1", "prior2", "relpos", "rank1", "rank2",
    "short", "long", "logw", "caps", "number", "quote", "personal", "quote_open", "in_quote",
    "ends_said", "said_any", "top5", "undirected", "question",
]
BASE_TERMS = ["prior", "centrality", "voice", "length"]
_DIGIT = re.compile(r"\d")
_ENDS_SAID = re.compile(r"\b(?:said|says)\b\W*$")
_SAID_ANY = re.compile(r"\b(?:said|says|told)\b")


def _scaled(v: np.ndarray) -> np.ndarray:
    if not len(v) or v.max() <= v.min():
        return np.zeros_like(v)
    return (v - v.min()) / (v.max() - v.min())


def article_data(row: dict, tokenize) -> dict:
    """Candidates of one article as ``summarize`` sees them: features, similarities, tokens."""
    texts = sentences(row["text"])
    word_lists = [words(t) for t in texts]
    sim = similarities([content_terms(ws, sumy_stop_words()) for ws in word_lists])
    pool = candidates(texts, sim, cleaned=True)
    n = len(pool)
    s = np.array([[sim[i][j] for j in pool] for i in pool]).reshape(n, n)
    quoted = inside_quotes(texts)
    forward = _scaled(np.array([s[a, a + 1 :].sum() for a in range(n)]))
    undirected = _scaled(s.sum(1))
    target, exponent = WEIGHTS["length_target"], WEIGHTS["position_exponent"]
    rows = []
    for a, i in enumerate(pool):
        text, nw = texts[i], max(1, len(word_lists[i]))
        personal = bool(PERSONAL.search(text))
        quote_open = text[0] in QUOTE_OPEN
        top5 = [s[a, b] for b in range(min(5, n)) if b != a]
        feats = {
            "prior": 1 / (1 + a) ** exponent,
            "centrality": forward[a],
            "voice": float(quote_open or quoted[i] or personal or is_aside(text)),
            "length": abs(math.log(nw / target)),
            "prior1": 1 / (1 + a),
            "prior2": 1 / (1 + a) ** 2,
            "relpos": a / max(1, n - 1),
            "rank1": float(a == 1),
            "rank2": float(a == 2),
            "short": float(nw < 12),
            "long": float(nw > 35),
            "logw": math.log(nw),
            "caps": sum(w[0].isupper() for w in word_lists[i][1:]) / max(1, nw - 1),
            "number": float(bool(_DIGIT.search(text))),
            "quote": float(any(q in text for q in "\"“”")),
            "personal": float(personal),
            "quote_open": float(quote_open),
            "in_quote": float(quoted[i]),
            "ends_said": float(bool(_ENDS_SAID.search(text))),
            "said_any": float(bool(_SAID_ANY.search(text))),
            "top5": float(np.mean(top5)) if top5 else 0.0,
            "undirected": undirected[a],
            "question": float(text.rstrip("\"”’' ").endswith("?")),
        }
        rows.append([feats[k] for k in NAMES])
    ref = tokenize(" ".join(" ".join(r.split()) for r in row["reference"]))
    return {
        "row": row, "pool": pool, "S": s, "X": np.array(rows).reshape(n, len(NAMES)),
        "toks": [tokenize(texts[i]) for i in pool], "lengths": [len(word_lists[i]) for i in pool],
        "ref1": Counter(ref), "ref2": Counter(zip(ref, ref[1:], strict=False)),
    }


def _f1(pred: Counter, ref: Counter) -> float:
    overlap = sum((pred & ref).values())
    if not overlap:
        return 0.0
    p, r = overlap / sum(pred.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def rouge12(art: dict, chosen: list[int]) -> tuple[float, float]:
    toks = [t for c in sorted(chosen) for t in art["toks"][c]]
    return (_f1(Counter(toks), art["ref1"]),
            _f1(Counter(zip(toks, toks[1:], strict=False)), art["ref2"]))


def pick(sal: np.ndarray, art: dict, k: int = 3) -> list[int]:
    """``rank_briefing``'s selection (``choose``) by the scores ``sal``: the best set of
    ``k`` that can be shown standing alone, under MMR and the word budget."""
    if art.get("shown") is None:
        texts = sentences(art["row"]["text"])
        art["texts"] = texts
        art["shown"] = standing_forms(texts, [words(t) for t in texts], cleaned=True)
    return choose(art["texts"], art["pool"], sal.tolist(), art["S"].tolist(), k, 0, art["shown"])


def chosen_sentences(points, texts: list[str]) -> list[int]:
    """The sentences ``summarize`` chose, from its points: each point's own, and those shown
    after it (a sentence that stands only after the one before); not one shown before it."""
    starts, at = [], 0
    for t in texts:
        starts.append(at)
        at += len(t) + 1
    out = set()
    for p in points:
        out.add(p.position)
        out.update(j for a, _ in p.spans
                   if (j := max(k for k, st in enumerate(starts) if st <= a)) > p.position)
    return sorted(out)


def evaluate(arts: list[dict], w: np.ndarray, idx: list[int]) -> tuple[float, float]:
    """Mean ROUGE-1 / ROUGE-2 F1 (x100) of the chosen 3-point summaries of rows ``idx``."""
    r1 = r2 = 0.0
    for i in idx:
        art = arts[i]
        if len(art["X"]):
            a, b = rouge12(art, pick(art["X"] @ w, art))
            r1, r2 = r1 + a, r2 + b
    return 100 * r1 / len(idx), 100 * r2 / len(idx)


def weights(values: dict[str, float]) -> np.ndarray:
    w = np.zeros(len(NAMES))
    for k, v in values.items():
        w[NAMES.index(k)] = v
    return w


SHIPPED = weights({"prior": 1.0, "centrality": WEIGHTS["centrality"],
                   "voice": -WEIGHTS["voice"], "length": -WEIGHTS["length"]})


def add_labels(art: dict) -> None:
    """Oracle membership (greedy ROUGE-1+2 F1 over the candidates) and per-sentence recall."""
    n1, n2 = sum(art["ref1"].values()) or 1, sum(art["ref2"].values()) or 1
    recall = [sum((Counter(t) & art["ref1"]).values()) / n1
              + sum((Counter(zip(t, t[1:], strict=False)) & art["ref2"]).values()) / n2
              for t in art["toks"]]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < 3:
        pick = None
        for i in range(len(art["toks"])):
            if i not in chosen and sum(rouge12(art, [*chosen, i])) > best:
                best, pick = sum(rouge12(art, [*chosen, i])), i
        if pick is None:
            break
        chosen.append(pick)
    oracle = np.zeros(len(art["toks"]))
    oracle[chosen] = 1.0
    art["labels"] = {"oracle": oracle, "recall": np.array(recall)}


def _stack(arts: list[dict], idx: list[int], cols: list[int]):
    return [(arts[i]["X"][:, cols], arts[i]["labels"]) for i in idx if len(arts[i]["X"]) > 1]


def fit_ridge(arts, idx, feats, label, lam):
    """Least squares on standardised features, labels and features centred per article."""
    cols = [NAMES.index(f) for f in feats]
    data = _stack(arts, idx, cols)
    x = np.vstack([d[0] - d[0].mean(0) for d in data])
    y = np.concatenate([d[1][label] - d[1][label].mean() for d in data])
    sd = x.std(0)
    sd[sd == 0] = 1
    z = x / sd
    b = np.linalg.solve(z.T @ z + lam * len(z) * np.eye(len(cols)), z.T @ y) / sd
    w = np.zeros(len(NAMES))
    w[cols] = b
    return w


def fit_listnet(arts, idx, feats, lam, prior=None, iters=100):
    """Softmax cross-entropy against the oracle over each article's candidates; L2 to prior."""
    cols = [NAMES.index(f) for f in feats]
    data = [(x, lab["oracle"] / lab["oracle"].sum())
            for x, lab in _stack(arts, idx, cols) if lab["oracle"].sum()]
    sd = np.vstack([d[0] for d in data]).std(0)
    sd[sd == 0] = 1
    data = [(x / sd, q) for x, q in data]
    w0 = np.zeros(len(cols)) if prior is None else prior[cols] * sd
    w = w0.copy()
    for _ in range(iters):
        g, h = lam * (w - w0) * len(data), lam * np.eye(len(cols)) * len(data)
        for x, q in data:
            p = np.exp(x @ w - (x @ w).max())
            p /= p.sum()
            g += x.T @ (p - q)
            xp = x.T @ p
            h += (x.T * p) @ x - np.outer(xp, xp)
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    out = np.zeros(len(NAMES))
    out[cols] = w / sd
    return out


def listnet_scale(arts, idx, w, scales=(1, 2, 4, 8, 16)):
    """The multiple of ``w`` whose softmax best fits the oracle on ``idx``: ListNet's prior."""
    def loss(v):
        total = 0.0
        for x, lab in _stack(arts, idx, list(range(len(NAMES)))):
            if lab["oracle"].sum():
                s = x @ v - (x @ v).max()
                total -= lab["oracle"] @ (s - np.log(np.exp(s).sum())) / lab["oracle"].sum()
        return total
    return min(scales, key=lambda c: loss(w * c))


def fit_coordinate(arts, idx, feats, min_gain=0.05,
                   steps=(-0.2, -0.1, -0.05, -0.02, 0.02, 0.05, 0.1, 0.2)):
    """Coordinate ascent of R1 + R2/2 of the greedy summaries, from the shipped weights."""
    def objective(v):
        r1, r2 = evaluate(arts, v, idx)
        return r1 + r2 / 2

    w, best = SHIPPED.copy(), objective(SHIPPED)
    for _ in range(3):
        improved = False
        for f in feats:
            for step in steps:
                v = w.copy()
                v[NAMES.index(f)] += step
                if (o := objective(v)) > best + min_gain:
                    best, w, improved = o, v, True
        if not improved:
            break
    return w


def on_mmr_scale(arts, idx, w, scales=(0.06, 0.125, 0.25, 0.5, 1, 2)):
    """A learned score's scale against the MMR term, chosen by ROUGE-1 on the training rows."""
    x = np.vstack([arts[i]["X"] for i in idx if len(arts[i]["X"])])
    w = w * (x @ SHIPPED).std() / ((x @ w).std() or 1.0)
    return w * max(scales, key=lambda s: evaluate(arts, w * s, idx)[0])


def learners():
    """(name, fit(arts, training rows) -> weights): every configuration, fixed in advance."""
    out = []
    for feats_name, feats in (("4 terms", BASE_TERMS), ("all", NAMES)):
        for label in ("oracle", "recall"):
            for lam in (0.001, 0.1):
                out.append((f"ridge {label} {feats_name} l2={lam:g}",
                            lambda a, t, f=feats, lb=label, lm=lam:
                            on_mmr_scale(a, t, fit_ridge(a, t, f, lb, lm))))
        for lam in (0.01, 0.1):
            out.append((f"listnet oracle {feats_name} l2={lam:g}",
                        lambda a, t, f=feats, lm=lam: on_mmr_scale(a, t, fit_listnet(a, t, f, lm))))
        for lam in (1.0, 10.0):
            def shrunk(a, t, f=feats, lm=lam):
                c = listnet_scale(a, t, SHIPPED)
                return fit_listnet(a, t, f, lm, prior=SHIPPED * c) / c
            out.append((f"listnet oracle {feats_name} l2={lam:g}->shipped", shrunk))
        out.append((f"coordinate ascent {feats_name}",
                    lambda a, t, f=feats: fit_coordinate(a, t, f)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "summ-dev.jsonl"))
    args = ap.parse_args(argv)
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    with open(args.data, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    arts = [article_data(r, scorer._tokenizer.tokenize) for r in rows]
    for art in arts:
        add_labels(art)

    # The features are rank_briefing's, the ROUGE is the eval's: check both on the shipped weights.
    r1 = 0.0
    for art in arts:
        row = art["row"]
        summary = summarize(Article(row["id"], "", row["text"]), points=3)
        texts = sentences(row["text"])
        got = chosen_sentences(summary.key_points, texts)
        picks = pick(art["X"] @ SHIPPED, art) if art["pool"] else []
        mine = sorted(art["pool"][c] for c in picks)
        assert got == mine, row["id"]
        pred = " ".join(" ".join(texts[i].split()) for i in got)
        ref = " ".join(" ".join(r.split()) for r in row["reference"])
        r1 += scorer.score(ref, pred)["rouge1"].fmeasure
    every = list(range(len(arts)))
    assert abs(100 * r1 / len(arts) - evaluate(arts, SHIPPED, every)[0]) < 1e-6

    even, odd = every[0::2], every[1::2]
    folds = (("fit even, test odd", even, odd), ("fit odd, test even", odd, even))
    before = [evaluate(arts, SHIPPED, test) for _, _, test in folds]
    print(f"articles: {len(arts)}  shipped weights, all: R1 %.2f R2 %.2f"
          % evaluate(arts, SHIPPED, every))
    print(f"{'learner':40s} " + " ".join(f"{name:>22s}" for name, _, _ in folds) + "  both?")
    print(f"{'shipped (hand-tuned)':40s} "
          + " ".join(f"{b[0]:10.2f} / {b[1]:5.2f}     " for b in before))
    for name, fit in learners():
        after = [evaluate(arts, fit(arts, train), test) for _, train, test in folds]
        both = all(a[0] > b[0] and a[1] >= b[1] for a, b in zip(after, before, strict=True))
        print(f"{name:40s} " + " ".join(
            f"{a[0]:10.2f} / {a[1]:5.2f} {a[0] - b[0]:+5.2f}"
            for a, b in zip(after, before, strict=True)) + f"  {'yes' if both else 'no'}",
            flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
