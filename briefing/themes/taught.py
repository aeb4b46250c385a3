"""What the taxonomy itself teaches: a small model fitted at start-up on the themes' own words.

Each theme's description, examples (the shipped ones, a user's, and those `themes learn`
added) and terms are training documents of a one-vs-rest logistic regression over the same
word and word-pair features the shipped news model uses; a term is a document of its own,
counted by its weight (a term's "^weight" says how much it teaches, never how much a match
adds to a score). It is what tells military action from terrorism within armed conflict, and
what makes a user's new theme ("cyber") work without code. Fitting a few hundred short
documents takes a fraction of a second, so it is done when the classifier is built.

Beside the model, the nearest example: the idf-weighted cosine of a text to each theme's
closest example, so a sentence taught with `themes learn` is decided the way it was taught.

A text's features are read as it is written (`TaughtModel.text_keys`): a word that only
modifies a name ("Summit" in "Summit Entertainment") and the parts of a hyphenated word
("quarter" in "quarter-finals") do not count as words of their own.

The fit of the shipped themes is shipped too (`FITTED`, keyed by a fingerprint of what the
fit reads), so a run with the default themes starts without fitting; a user's themes file
that changes what is taught (its examples, those `themes learn` added) is fitted at the
first start after the change and kept in the user's cache folder (`cache_dir`), keyed by
the same fingerprint and by this code, so later starts read it: fitted at every start, a
few taught examples made each `classify` or `build` half a second slower. After editing the
shipped themes.toml, `python -m briefing.themes.taught` rewrites `FITTED`
(tests/test_themes.py checks it is current).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from briefing.themes.features import (
    content_features,
    hyphenated,
    names_in,
    phrase_key,
    title_case,
)
from briefing.themes.taxonomy import Taxonomy

_TERM_DOC_WEIGHT = 0.5  # one term, as a training document, against one example sentence
_L2 = 1.0
MIN_SHARED_FEATURES = 2  # a nearest example counts only when it shares this many features
FITTED = Path(__file__).resolve().parent / "taught_defaults.npz"
_EPOCHS = 200  # within 2% of its 300-epoch coefficients, for 60% of the start-up


@dataclass(frozen=True)
class TaughtParts:
    """Per text and theme: the model's logit, and the nearest example's similarity and index."""

    model: np.ndarray  # (texts, themes): the evidence of the text's features, its log-odds
    # against a text with none of them (the model's bias, which only says how many of the
    # taxonomy's documents each theme has, is left out)
    similarity: np.ndarray  # (texts, themes)
    example: np.ndarray  # (texts, themes), -1 for none


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _fit_logistic(doc_of: np.ndarray, feat_of: np.ndarray, n_features: int, y: np.ndarray,
                  w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest logistic regression over binary features, by full-batch Adam.

    The documents are given sparsely (one (doc, feature) pair per non-zero); a few hundred
    documents fit in a fraction of a second with numpy alone, which keeps start-up short
    (scikit-learn, which the offline training uses, would add its import time to every run).
    """
    n, k = y.shape
    # float32 throughout: half the memory traffic of float64, and start-up is paid every run
    coef = np.zeros((n_features, k), dtype=np.float32)
    bias = np.zeros(k, dtype=np.float32)
    m_c, v_c = np.zeros_like(coef), np.zeros_like(coef)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    total = float(w.sum())
    order = np.argsort(doc_of, kind="stable")
    doc_of, feat_of = doc_of[order], feat_of[order]
    starts = np.searchsorted(doc_of, np.arange(n))
    has = np.bincount(doc_of, minlength=n) > 0
    weight = (w / total).astype(np.float32)[:, None]
    y = y.astype(np.float32)
    decay = np.float32(_L2 / total)
    g_c = np.empty_like(coef)
    for step in range(1, _EPOCHS + 1):
        z = np.tile(bias, (n, 1))
        if feat_of.size:
            z[has] += np.add.reduceat(coef[feat_of], starts[has], axis=0)
        g = (_sigmoid(z) - y) * weight
        g_doc = g[doc_of]
        for j in range(k):
            g_c[:, j] = np.bincount(feat_of, weights=g_doc[:, j], minlength=n_features)
        g_c += decay * coef
        g_b = g.sum(axis=0)
        m_c *= b1
        m_c += (1 - b1) * g_c
        v_c *= b2
        v_c += (1 - b2) * g_c * g_c
        m_b = b1 * m_b + (1 - b1) * g_b
        v_b = b2 * v_b + (1 - b2) * g_b * g_b
        corr = np.float32(math.sqrt(1 - b2**step) / (1 - b1**step))
        coef -= (lr * corr) * m_c / (np.sqrt(v_c) + eps)
        bias -= (lr * corr) * m_b / (np.sqrt(v_b) + eps)
    return coef, bias


def fingerprint(taxonomy: Taxonomy) -> str:
    """A digest of everything the fit reads (ids in order, descriptions, examples, terms and
    their weights, and how it fits): equal fingerprints, equal models."""
    data = [_EPOCHS, _L2, _TERM_DOC_WEIGHT] + [
        [t.id, t.description, list(t.examples), [[x.text, x.weight] for x in t.terms]]
        for t in taxonomy.themes]
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def _shipped_fit(taxonomy: Taxonomy, names: list[str], path: Path = FITTED
                 ) -> tuple[np.ndarray, np.ndarray] | None:
    """The fit saved in `path` (the shipped one by default), if it is this taxonomy's."""
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["fingerprint"]) != fingerprint(taxonomy):
            return None
        if data["names"].tobytes().decode().split("\n") != names:
            return None
        return data["coef"], data["bias"]


def _save_fit(path: Path, model: TaughtModel) -> None:
    """Write a fit as `FITTED` holds one, atomically (a temporary file, then a rename), so a
    second process starting at the same time reads a whole file or none."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".taught-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez_compressed(f, fingerprint=np.array(model.fingerprint),
                                names=np.frombuffer("\n".join(model.names).encode(),
                                                    dtype=np.uint8),
                                coef=model.coef.astype(np.float32),
                                bias=model.bias.astype(np.float32))
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


CACHED_FITS = 8  # fits kept in the cache folder, the most recently used


def cache_dir() -> Path:
    """Where the fits of users' themes are kept: $XDG_CACHE_HOME/briefing, by default
    ~/.cache/briefing. Only a cache: deleting it costs one fit at the next start."""
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "briefing"


def _cache_path(taxonomy: Taxonomy) -> Path:
    """The cache file of this taxonomy's fit by this code: a fit by an earlier version of
    the fitting or the features is never read for a later one."""
    code = hashlib.sha256()
    for module in (Path(__file__), Path(__file__).with_name("features.py")):
        code.update(module.read_bytes())
    key = hashlib.sha256(f"{fingerprint(taxonomy)} {code.hexdigest()}".encode()).hexdigest()
    return cache_dir() / f"taught-{key[:32]}.npz"


def _cached_fit(taxonomy: Taxonomy, names: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    try:
        path = _cache_path(taxonomy)
        fit = _shipped_fit(taxonomy, names, path)
        if fit is not None:
            os.utime(path)  # recently used: kept when the folder is pruned
        return fit
    except Exception:  # a cache file unreadable for any reason is fitted anew
        return None


def _cache_fit(taxonomy: Taxonomy, model: TaughtModel) -> None:
    """Keep the fit for the next start; a cache that cannot be written (a read-only home)
    only costs the fit again."""
    try:
        path = _cache_path(taxonomy)
        _save_fit(path, model)
        kept = sorted(path.parent.glob("taught-*.npz"), key=lambda p: p.stat().st_mtime,
                      reverse=True)
        for old in kept[CACHED_FITS:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


class TaughtModel:
    """Fitted from a taxonomy when built (or read, for the shipped themes); then read-only."""

    def __init__(self, taxonomy: Taxonomy, *, use_shipped: bool = True) -> None:
        themes = taxonomy.themes
        k = len(themes)
        vocab: dict[str, int] = {}

        def fid(key: str) -> int:
            return vocab.setdefault(key, len(vocab))

        docs: list[tuple[set[int], int, float]] = []  # features, theme, weight
        example_feats: list[set[int]] = []
        example_theme: list[int] = []
        example_text: list[str] = []
        for j, theme in enumerate(themes):
            for ex in theme.examples:
                # sorted: feature ids must not depend on the process's string hashing, or a
                # shipped fit could not be matched to the vocabulary
                feats = {fid(f) for f in sorted(content_features_of(ex))}
                docs.append((feats, j, 1.0))
                example_feats.append(feats)
                example_theme.append(j)
                example_text.append(ex)
            if theme.description:
                docs.append(({fid(f) for f in sorted(content_features_of(theme.description))},
                             j, 1.0))
            for term in theme.terms:
                if term.weight > 0:
                    docs.append(({fid(phrase_key(term.text))}, j,
                                 _TERM_DOC_WEIGHT * min(term.weight, 3.0)))
        self.vocab = vocab
        self.names = sorted(vocab, key=vocab.__getitem__)
        self.max_n = max((key.count(" ") + 1 for key in vocab), default=1)
        # every proper prefix of a multi-word key, so phrase matching can stop early
        self.prefixes = frozenset(" ".join(parts[:n])
                                  for parts in (key.split(" ") for key in vocab)
                                  for n in range(1, len(parts)))
        d = len(vocab)
        doc_of = np.array([i for i, doc in enumerate(docs) for _ in doc[0]], dtype=np.int64)
        feat_of = np.array([f for doc in docs for f in doc[0]], dtype=np.int64)
        y = np.zeros((len(docs), k))
        y[np.arange(len(docs)), [doc[1] for doc in docs]] = 1.0
        w = np.array([doc[2] for doc in docs], dtype=np.float64)
        shipped = None
        if use_shipped:  # the shipped themes' fit, else a user's themes' from the cache
            shipped = _shipped_fit(taxonomy, self.names) or _cached_fit(taxonomy, self.names)
        self.fingerprint = fingerprint(taxonomy)
        if shipped is not None:
            self.coef, self.bias = shipped
        elif k and docs:
            coef, bias = _fit_logistic(doc_of, feat_of, d, y, w)
            if use_shipped:
                # as the cache holds it (float32), so the first start decides as later ones do
                coef, bias = coef.astype(np.float32), bias.astype(np.float32)
            self.coef, self.bias = coef, bias
            if use_shipped:
                _cache_fit(taxonomy, self)
        else:
            self.coef, self.bias = np.zeros((d, k)), np.zeros(k)
        # example vectors: idf-weighted, unit length; a text's similarity is a dot product
        df = np.zeros(d)
        for feats in example_feats:
            df[list(feats)] += 1
        idf = np.log((1 + len(example_feats)) / (1 + df)) + 1.0
        ex_matrix = np.zeros((d, len(example_feats)), dtype=np.float32)
        for e, feats in enumerate(example_feats):
            cols = list(feats)
            vec = idf[cols]
            ex_matrix[cols, e] = vec / (np.linalg.norm(vec) or 1.0)
        self.example_theme = np.array(example_theme, dtype=np.int64)
        self.example_text = tuple(example_text)
        self._example_feats = tuple(frozenset(f) for f in example_feats)
        # each theme's examples as a row of example columns, padded with column -1 (a
        # similarity of -inf), so a batch's nearest example of every theme is one argmax
        by_theme = [np.flatnonzero(self.example_theme == j) for j in range(k)]
        self._examples_of = np.full((k, max([1, *map(len, by_theme)])), -1)
        for j, cols in enumerate(by_theme):
            self._examples_of[j, : len(cols)] = cols
        self._has_examples = np.array([len(c) > 0 for c in by_theme], dtype=bool)
        # one row per feature: [model (k) | idf^2 (1) | examples (n)]: a batch is one gather
        self._table = np.hstack([self.coef, (idf**2)[:, None], ex_matrix * idf[:, None]]
                                ).astype(np.float32)
        self._k = k
        self._top = np.argmax(self.coef, axis=1).tolist() if k else [0] * d  # per feature

    def keys(self, toks: Sequence[str], content: set[str]) -> list[int]:
        """The known features of a text: its content words and pairs, and every term phrase
        of any length (followed only as long as it starts some known phrase)."""
        vocab, prefixes = self.vocab, self.prefixes
        found = {vocab[f] for f in content if f in vocab}
        for i, tok in enumerate(toks):
            if tok in prefixes:
                key = tok
                for nxt in toks[i + 1: i + self.max_n]:
                    key = f"{key} {nxt}"
                    if key in vocab:
                        found.add(vocab[key])
                    if key not in prefixes:
                        break
        return sorted(found)

    def text_keys(self, text: str, toks: Sequence[str], content: set[str]) -> list[int]:
        """`keys` as the text is written: less the words that only modify a name
        (`modifiers`) or are parts of a hyphenated word (`compounds`), and with each
        hyphenated word as the term it is written solid."""
        dropped = self.modifiers(text, toks)
        parts, solid = self.compounds(text, toks)
        dropped |= parts
        found = self.keys(toks, content - dropped if dropped else content)
        return sorted(set(found).union(solid)) if solid else found

    def modifiers(self, text: str, toks: Sequence[str]) -> set[str]:
        """The words of a text that only modify a name whose last word is taught for another
        theme: "Summit" in "Summit Entertainment" (a culture word) is not the diplomacy term
        "summit". A word the text also uses outside such a name is kept."""
        names = names_in(text)
        dropped: dict[str, int] = {}  # word -> times written in such names
        for before, head in names:
            at = self.vocab.get(head)
            if at is None or self._taught_name(before, head):
                continue
            for word in before:
                w = self.vocab.get(word)
                if w is not None and self._top[w] != self._top[at]:
                    dropped[word] = dropped.get(word, 0) + 1
        if not dropped or title_case(text):
            return set()
        return {word for word, n in dropped.items() if toks.count(word) <= n}

    def compounds(self, text: str, toks: Sequence[str]) -> tuple[set[str], list[int]]:
        """The parts of a text's hyphenated words, which do not count as words of their own
        (a part the text also writes alone still does), and the taught features the words
        are when written solid ("cease-fire" is the term "ceasefire")."""
        parts: dict[str, int] = {}
        solid = []
        for pieces, joined in hyphenated(text):
            for piece in pieces:
                parts[piece] = parts.get(piece, 0) + 1
            if joined in self.vocab:
                solid.append(self.vocab[joined])
        return {p for p, n in parts.items() if toks.count(p) <= n}, solid

    def _taught_name(self, before: tuple[str, ...], head: str) -> bool:
        """Whether the taxonomy teaches the name, or part of it, as a term of its own
        ("Islamic State", "Security Council"): then it is read as taught."""
        words = (*before, head)
        return any(" ".join(words[i:i + 2]) in self.vocab for i in range(len(before)))

    def parts(self, ids: np.ndarray, starts: np.ndarray) -> TaughtParts:
        """The taught parts for a batch given as concatenated feature ids with offsets."""
        k, n_texts = self._k, len(starts) - 1
        sums = np.zeros((n_texts, self._table.shape[1]))
        nonempty = starts[:-1] < starts[1:]
        if ids.size:
            sums[nonempty] = np.add.reduceat(self._table[ids], starts[:-1][nonempty], axis=0)
        model = sums[:, :k]
        norms = np.sqrt(sums[:, k])
        sims = sums[:, k + 1:] / np.where(norms > 0, norms, 1.0)[:, None]
        padded = np.hstack([sims, np.full((n_texts, 1), -np.inf)])[:, self._examples_of]
        arg = padded.argmax(axis=2)  # (texts, themes): the first of equals, as in order
        best_sim = np.take_along_axis(padded, arg[:, :, None], axis=2)[:, :, 0]
        best_ex = self._examples_of[np.arange(k), arg]
        has = self._has_examples
        # a likeness resting on one shared word is a coincidence, not a likeness: "Marijuana
        # facility planned for Stellarton" was 0.26 like "...charged with planning a terror
        # attack" by "plan" alone, and filed under Terrorism
        for i in range(n_texts):
            own = set(ids[starts[i]:starts[i + 1]].tolist())
            for j in np.flatnonzero(has & (best_sim[i] > 0)).tolist():
                if len(own & self._example_feats[best_ex[i, j]]) < MIN_SHARED_FEATURES:
                    best_sim[i, j] = 0.0
        return TaughtParts(model, np.where(has, best_sim, 0.0), np.where(has, best_ex, -1))

    def contributions(self, ids: np.ndarray, theme: int, top: int = 3) -> list[tuple[str, float]]:
        """The taught features of a text that weighed most for a theme, strongest first."""
        weights = self.coef[ids, theme] if ids.size else np.zeros(0)
        order = np.argsort(-weights)[:top]
        return [(self.names[ids[i]], float(weights[i])) for i in order if weights[i] > 0.1]


def content_features_of(text: str) -> set[str]:
    from briefing.themes.features import tokens

    return content_features(tokens(text))


def write_shipped_fit(path: Path = FITTED) -> None:
    """Fit the shipped themes and write the fit beside the code (see the module's docstring)."""
    from briefing.themes.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    _save_fit(path, TaughtModel(taxonomy, use_shipped=False))
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":  # python -m briefing.themes.taught
    write_shipped_fit()
