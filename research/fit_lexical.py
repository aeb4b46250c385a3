"""Do lexical cue features (Kupiec et al. 1995 style) add to the shipped "briefing" salience?

The shipped salience (position prior + forward centrality - voice - length, ``rank_briefing``)
is kept as it is; a *residual* lexical score is learned and added:

    salience_new = shipped_salience + alpha * lexical_score        (then the shipped greedy MMR)

* lexical features, binary per candidate sentence: lower-cased 6-letter word prefixes
  ("w:"), optionally the sentence's first and second word ("f1:", "f2:") and number cues
  ("has a digit", "$", "%"); a feature is kept only if it occurs in >= ``df`` *training*
  articles (or, for the hashed variant, every prefix hashed into 2^12 buckets);
  or a fixed list of ~20 news cue words only;
* learners (numpy, L-BFGS on a sparse design): ridge on each sentence's ROUGE-1+2 recall,
  centred per article, with the shipped salience as an unpenalised covariate; L2 logistic
  regression on oracle membership with intercept and shipped salience unpenalised; ListNet
  (per-article softmax vs the oracle) with the shipped salience as an unpenalised feature.
  Only the lexical part ``x . w`` is the residual score; it is rescaled to the std of the
  shipped salience over the training candidates, then multiplied by alpha;
* alpha (0 allowed: that *is* the shipped model) and the L2 strength are chosen on the
  training rows only, by an inner 2-fold (alternate training rows) on pooled ROUGE-1;
  then the model is refitted on all training rows;
* outer protocols: 2-fold by parity, 2-fold by first/second 150 rows, 5-fold (row % 5).

Data loading, the candidates, the oracle/recall labels, the cached ROUGE and greedy
selection are ``research/fit_summarizer.py``'s; the shipped salience is recomputed here exactly
as ``rank_briefing`` (including the aside penalty) and checked against ``summarize``.

Run from the repository root (a few minutes of CPU):

    .venv/bin/python research/fit_lexical.py [--data ../shared/data/summ-dev.jsonl] [--only NAME]
        [--verbose] [--top NAME]

Result on the 300 dev articles (about 2 minutes): none of the 9 configurations beat the
shipped salience on every held-out fold of any protocol; pooled over held-out rows they
range from -0.43 to +0.05 ROUGE-1. Even with alpha picked in hindsight on the held-out rows
(``--verbose``, diagnostic only) every configuration loses on the even rows at every
alpha > 0, and the inner choice on all 300 rows is alpha = 0. The learned weights are mostly
function words (sentence-shape proxies: "that", "and", "not" negative; "in", "is", digits
positive) plus a few topic words ("women", "presid", "play"). Lexical cues are not shipped.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "research"))

import fit_summarizer as fs  # noqa: E402

from briefing.model import Article  # noqa: E402
from briefing.summarize import salience, summarize  # noqa: E402
from briefing.text import sentences, words  # noqa: E402

ALPHAS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75)
CUES = ("said", "says", "told", "accord", "killed", "died", "dead", "arrest", "police",
        "charged", "court", "offici", "report", "author", "presid", "milli", "first", "new",
        "but", "howeve", "also", "accuse", "invest")


# ----------------------------------------------------------------------------- data
def shipped_salience(texts: list[str], pool: list[int], s: np.ndarray) -> np.ndarray:
    """``rank_briefing``'s salience of the candidates (``s``: their similarity matrix)."""
    return np.array(salience(texts, [words(t) for t in texts], s.tolist(), pool))


def lexical_tokens(text: str) -> dict[str, set[str]]:
    """The candidate feature strings of one sentence, by family."""
    ws = [t.lower()[:6] for t in words(text)]
    num = set()
    if re.search(r"\d", text):
        num.add("num:digit")
    if "$" in text:
        num.add("num:dollar")
    if "%" in text or " percent" in text:
        num.add("num:pct")
    return {
        "w": {"w:" + t for t in ws},
        "first": ({"f1:" + ws[0]} if ws else set()) | ({"f2:" + ws[1]} if len(ws) > 1 else set()),
        "num": num,
    }


def load(path: str):
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    arts = [fs.article_data(r, scorer._tokenizer.tokenize) for r in rows]
    for art in arts:
        fs.add_labels(art)
        texts = sentences(art["row"]["text"])
        art["base"] = shipped_salience(texts, art["pool"], art["S"])
        art["lex"] = [lexical_tokens(texts[i]) for i in art["pool"]]
        # the shipped salience must reproduce summarize's picks
        got = fs.chosen_sentences(summarize(Article(art["row"]["id"], "", art["row"]["text"]),
                                            points=3).key_points, texts)
        picks = fs.pick(art["base"], art) if art["pool"] else []
        mine = sorted(art["pool"][c] for c in picks)
        assert got == mine, art["row"]["id"]
    return arts


# ------------------------------------------------------------------------- features
class Featurizer:
    """Maps an article's candidates to sparse binary rows; the vocabulary from training rows."""

    def __init__(self, families: tuple[str, ...], df: int = 5, hashed: int = 0,
                 cues_only: bool = False, norm: bool = False):
        self.families, self.df, self.hashed, self.cues_only = families, df, hashed, cues_only
        self.norm = norm  # rows L2-normalised (1/sqrt(active features)) instead of 0/1
        self.vocab: dict[str, int] = {}

    def _strings(self, lex: dict[str, set[str]]) -> set[str]:
        out = set().union(*(lex[f] for f in self.families))
        if self.cues_only:
            out = {t for t in out if t.startswith("num:") or t.split(":", 1)[1] in CUES}
        return out

    def fit(self, arts, idx) -> Featurizer:
        if self.hashed:
            self.vocab = {}
            return self
        counts: Counter[str] = Counter()
        for i in idx:
            counts.update(set().union(*(self._strings(lex) for lex in arts[i]["lex"])))
        keep = sorted(t for t, c in counts.items() if c >= self.df)
        self.vocab = {t: k for k, t in enumerate(keep)}
        return self

    @property
    def dim(self) -> int:
        return self.hashed or len(self.vocab)

    def names(self) -> list[str]:
        inv = [""] * self.dim
        for t, k in self.vocab.items():
            inv[k] = t
        return inv

    def value(self, cols: list[int]) -> float:
        return 1 / math.sqrt(len(cols)) if self.norm and cols else 1.0

    def rows(self, art) -> list[list[int]]:
        out = []
        for lex in art["lex"]:
            strings = self._strings(lex)
            if self.hashed:
                out.append(sorted({zlib.crc32(t.encode()) % self.hashed for t in strings}))
            else:
                out.append(sorted(self.vocab[t] for t in strings if t in self.vocab))
        return out


class Design:
    """Stacked candidates of some articles: sparse binary X (COO), base, labels, groups."""

    def __init__(self, arts, idx, feat: Featurizer):
        r, c, v, base, oracle, recall, group = [], [], [], [], [], [], []
        n = 0
        for g, i in enumerate(k for k in idx if len(arts[k]["pool"]) > 1):
            art = arts[i]
            for cols in feat.rows(art):
                r.extend([n] * len(cols))
                c.extend(cols)
                v.extend([feat.value(cols)] * len(cols))
                n += 1
            base.append(art["base"])
            oracle.append(art["labels"]["oracle"])
            recall.append(art["labels"]["recall"])
            group.append(np.full(len(art["pool"]), g))
        self.n, self.d = n, feat.dim
        self.r, self.c = np.array(r, dtype=np.int64), np.array(c, dtype=np.int64)
        self.v = np.array(v, dtype=float)
        self.base, self.oracle = np.concatenate(base), np.concatenate(oracle)
        self.recall, self.group = np.concatenate(recall), np.concatenate(group)
        self.ngroups = int(self.group.max()) + 1

    def mv(self, w):  # X @ w
        return np.bincount(self.r, weights=self.v * w[self.c], minlength=self.n)

    def rmv(self, v):  # X.T @ v
        return np.bincount(self.c, weights=self.v * v[self.r], minlength=self.d)

    def gmean(self, v):  # per-article mean, broadcast back
        s = np.bincount(self.group, weights=v, minlength=self.ngroups)
        k = np.bincount(self.group, minlength=self.ngroups)
        return (s / k)[self.group]

    def gsum(self, v):
        return np.bincount(self.group, weights=v, minlength=self.ngroups)


# ------------------------------------------------------------------------- learners
def lbfgs(fun, x0, iters=300, m=10, tol=1e-6):
    """Minimise a smooth convex fun(x) -> (value, grad) by L-BFGS with backtracking."""
    x = x0.copy()
    f, g = fun(x)
    ss, ys = [], []
    for _ in range(iters):
        q = g.copy()
        alphas = []
        for s, y in reversed(list(zip(ss, ys, strict=True))):
            a = (s @ q) / (y @ s)
            alphas.append(a)
            q -= a * y
        if ys:
            q *= (ss[-1] @ ys[-1]) / (ys[-1] @ ys[-1])
        for (s, y), a in zip(zip(ss, ys, strict=True), reversed(alphas), strict=True):
            q += s * (a - (y @ q) / (y @ s))
        d = -q
        if g @ d >= 0:
            d, ss, ys = -g, [], []
        t = 1.0
        while True:
            xn = x + t * d
            fn, gn = fun(xn)
            if fn <= f + 1e-4 * t * (g @ d) or t < 1e-10:
                break
            t *= 0.5
        s, y = xn - x, gn - g
        if y @ s > 1e-12:
            ss.append(s)
            ys.append(y)
            if len(ss) > m:
                ss.pop(0)
                ys.pop(0)
        x, g, fprev, f = xn, gn, f, fn
        if abs(fprev - f) <= tol * max(1.0, abs(f)) and np.abs(g).max() < 1e-4:
            break
    return x


def fit_ridge(D: Design, lam: float) -> np.ndarray:
    """Ridge on ROUGE recall centred per article; shipped salience an unpenalised covariate.

    Params: [b (base coefficient), w (lexical)]; within-article centring of X, base and y.
    """
    y = D.recall - D.gmean(D.recall)
    sb = D.base - D.gmean(D.base)
    n = D.n

    def fun(p):
        b, w = p[0], p[1:]
        xw = D.mv(w)
        pred = b * sb + xw - D.gmean(xw)
        res = pred - y
        f = 0.5 * (res @ res) / n + 0.5 * lam * (w @ w)
        gr = res - D.gmean(res)  # centring operator is symmetric
        return f, np.concatenate([[sb @ res / n], D.rmv(gr) / n + lam * w])

    return lbfgs(fun, np.zeros(D.d + 1))[1:]


def fit_logistic(D: Design, lam: float) -> np.ndarray:
    """L2 logistic regression on oracle membership; intercept and base coefficient free."""
    y, n = D.oracle, D.n

    def fun(p):
        c0, b, w = p[0], p[1], p[2:]
        z = c0 + b * D.base + D.mv(w)
        f = (np.logaddexp(0, z) - y * z).sum() / n + 0.5 * lam * (w @ w)
        r = (1 / (1 + np.exp(-z)) - y) / n
        return f, np.concatenate([[r.sum(), r @ D.base], D.rmv(r) + lam * w])

    return lbfgs(fun, np.zeros(D.d + 2))[2:]


def fit_listnet(D: Design, lam: float) -> np.ndarray:
    """Per-article softmax cross-entropy against the oracle (uniform over its picks)."""
    tot = D.gsum(D.oracle)
    ok = tot[D.group] > 0
    q = np.where(ok, D.oracle / np.maximum(tot[D.group], 1e-12), 0.0)
    ng = int((tot > 0).sum())

    def fun(p):
        b, w = p[0], p[1:]
        z = b * D.base + D.mv(w)
        zmax = np.full(D.ngroups, -np.inf)
        np.maximum.at(zmax, D.group, z)
        e = np.exp(z - zmax[D.group])
        lse = np.log(D.gsum(e)) + zmax
        f = -(q * (z - lse[D.group])).sum() / ng + 0.5 * lam * (w @ w)
        prob = e / D.gsum(e)[D.group]
        r = np.where(ok, prob - q, 0.0) / ng
        return f, np.concatenate([[r @ D.base], D.rmv(r) + lam * w])

    return lbfgs(fun, np.zeros(D.d + 1))[1:]


LEARNERS = {"ridge": fit_ridge, "logistic": fit_logistic, "listnet": fit_listnet}
# listnet's loss is per article (~30 candidates), the others' per sentence: hence its larger L2
LAMBDAS = {"ridge": (1e-2, 1e-1, 1.0), "logistic": (1e-2, 1e-1, 1.0),
           "listnet": (1e-1, 1.0, 10.0)}


# ------------------------------------------------------------------------- the model
class Model:
    def __init__(self, cfg: dict, lam: float):
        self.cfg, self.lam = cfg, lam

    def fit(self, arts, idx) -> Model:
        self.feat = Featurizer(**self.cfg["feat"]).fit(arts, idx)
        D = Design(arts, idx, self.feat)
        self.w = LEARNERS[self.cfg["learner"]](D, self.lam)
        lexc = D.mv(self.w) - D.gmean(D.mv(self.w))
        basec = D.base - D.gmean(D.base)
        self.scale = basec.std() / (lexc.std() or 1.0)  # lexical score in salience units
        return self

    def lexical(self, art) -> np.ndarray:
        return np.array([self.w[cols].sum() * self.feat.value(cols)
                         for cols in self.feat.rows(art)]) * self.scale


def scores(arts, idx, lexs, alpha):
    """Per-article (R1, R2) F1 of the greedy 3-point summaries with salience base + alpha*lex."""
    out = []
    for i, lex in zip(idx, lexs, strict=True):
        art = arts[i]
        if not len(art["pool"]):
            out.append((0.0, 0.0))
            continue
        out.append(fs.rouge12(art, fs.pick(art["base"] + alpha * lex, art)))
    return np.array(out).reshape(len(idx), 2) * 100


def choose(arts, train, cfg):
    """(lambda, alpha) by inner 2-fold on the training rows (alternate rows), pooled R1."""
    a, b = train[0::2], train[1::2]
    best = (-1.0, 0.0, None)
    table = {}
    for lam in LAMBDAS[cfg["learner"]]:
        lex = {}
        for fit_rows, test_rows in ((a, b), (b, a)):
            m = Model(cfg, lam).fit(arts, fit_rows)
            lex.update({i: m.lexical(arts[i]) for i in test_rows})
        for alpha in ALPHAS:
            r1 = scores(arts, train, [lex[i] for i in train], alpha)[:, 0].mean()
            table[(lam, alpha)] = r1
            if r1 > best[0] + 1e-9:
                best = (r1, alpha, lam)
    _, alpha, lam = best
    return lam, alpha, table


VERBOSE = False


def run_fold(arts, train, test, cfg):
    lam, alpha, table = choose(arts, train, cfg)
    m = Model(cfg, lam).fit(arts, train)
    lexs = [m.lexical(arts[i]) for i in test]
    if VERBOSE:  # diagnostics only, never used for any choice
        for lm in LAMBDAS[cfg["learner"]]:
            print(f"        inner R1 lam={lm:g}: "
                  + " ".join(f"{table[(lm, a)]:.2f}" for a in ALPHAS))
        print("        held-out R1 by alpha (diagnostic, chosen lam): " + " ".join(
            f"{scores(arts, test, lexs, a)[:, 0].mean():.2f}" for a in ALPHAS))
    return scores(arts, test, lexs, alpha), lam, alpha, m


CONFIGS = [
    {"name": "A ridge-recall w df>=10",
     "learner": "ridge", "feat": {"families": ("w",), "df": 10}},
    {"name": "B ridge-recall w+first+num df>=10 L2-rows",
     "learner": "ridge", "feat": {"families": ("w", "first", "num"), "df": 10, "norm": True}},
    {"name": "C logistic-oracle w df>=10",
     "learner": "logistic", "feat": {"families": ("w",), "df": 10}},
    {"name": "D logistic-oracle w+first+num df>=10",
     "learner": "logistic", "feat": {"families": ("w", "first", "num"), "df": 10}},
    {"name": "E logistic-oracle w+first+num df>=30",
     "learner": "logistic", "feat": {"families": ("w", "first", "num"), "df": 30}},
    {"name": "F logistic-oracle w+first+num df>=10 L2-rows",
     "learner": "logistic", "feat": {"families": ("w", "first", "num"), "df": 10, "norm": True}},
    {"name": "G listnet-oracle w+first+num df>=10",
     "learner": "listnet", "feat": {"families": ("w", "first", "num"), "df": 10}},
    {"name": "H logistic-oracle hashed 2^12 all",
     "learner": "logistic", "feat": {"families": ("w", "first", "num"), "hashed": 4096}},
    {"name": "I logistic-oracle cue list only",
     "learner": "logistic", "feat": {"families": ("w", "first", "num"), "df": 1,
                                     "cues_only": True}},
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "summ-dev.jsonl"))
    ap.add_argument("--only", default="", help="run only configs whose name starts with this")
    ap.add_argument("--top", default="", help="print top features of this config fitted on all")
    ap.add_argument("--verbose", action="store_true", help="inner tables, per-alpha diagnostics")
    args = ap.parse_args(argv)
    global VERBOSE
    VERBOSE = args.verbose
    t0 = time.time()
    arts = load(args.data)
    every = list(range(len(arts)))
    zero = [np.zeros(len(a["pool"])) for a in arts]
    base = scores(arts, every, zero, 0.0)
    print(f"articles {len(arts)}; shipped R1 {base[:, 0].mean():.2f} R2 {base[:, 1].mean():.2f}"
          f"  (load {time.time() - t0:.0f}s)", flush=True)
    protocols = {
        "parity": [(every[0::2], every[1::2]), (every[1::2], every[0::2])],
        "halves": [(every[:150], every[150:]), (every[150:], every[:150])],
        "5fold": [([i for i in every if i % 5 != k], [i for i in every if i % 5 == k])
                  for k in range(5)],
    }
    summary = []
    for cfg in CONFIGS:
        if args.only and not cfg["name"].startswith(args.only):
            continue
        ok_all = True
        print(f"\n== {cfg['name']}", flush=True)
        for pname, folds in protocols.items():
            pooled = np.zeros((len(arts), 2))
            wins = True
            cells = []
            for train, test in folds:
                sc, lam, alpha, m = run_fold(arts, train, test, cfg)
                pooled[test] = sc
                b = base[test].mean(0)
                g = sc.mean(0)
                wins &= g[0] > b[0]
                cells.append(f"{g[0]:.2f}/{g[1]:.2f} ({g[0] - b[0]:+.2f}/{g[1] - b[1]:+.2f}; "
                             f"lam={lam:g} a={alpha:g} d={m.feat.dim})")
            tot = pooled.mean(0) - base.mean(0)
            ok = wins and tot[0] >= 0.2
            ok_all &= ok
            print(f"  {pname:7s} all-held-out {pooled[:, 0].mean():.2f}/{pooled[:, 1].mean():.2f} "
                  f"({tot[0]:+.2f}/{tot[1]:+.2f}) every-fold-win={wins} success={ok}", flush=True)
            for c in cells:
                print("     ", c)
        summary.append((cfg["name"], ok_all))
        print(f"  [{time.time() - t0:.0f}s]", flush=True)
    print("\nsummary:", summary)

    if args.top:
        cfg = next(c for c in CONFIGS if c["name"].startswith(args.top))
        lam, alpha, table = choose(arts, every, cfg)
        m = Model(cfg, lam).fit(arts, every)
        print(f"\n{cfg['name']} on all {len(arts)}: inner-chosen lam={lam:g} alpha={alpha:g}, "
              f"{m.feat.dim} features, scale={m.scale:.4f}")
        names = m.feat.names()
        order = np.argsort(m.w)
        eff = m.w * m.scale  # in salience units before alpha
        print("top positive:", ", ".join(f"{names[k]} {eff[k]:+.3f}" for k in order[::-1][:20]))
        print("top negative:", ", ".join(f"{names[k]} {eff[k]:+.3f}" for k in order[:20]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
