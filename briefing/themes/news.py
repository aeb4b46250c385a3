"""The shipped model of what kind of news a text is: sport, conflict, diplomacy, law...

It was fitted once, offline, on some 90,000 labelled news items (Wikipedia's Current events
portal and English Wikinews; see training/build_theme_model.py, which rebuilds it, and the
record in the file's `about`), and is read here, never retrained. It gives, for any text,
a probability for each of ten kinds of news (`KINDS`), from the words and the pairs of
adjacent words of the text as a whole: "bombed" in a report that also says "round", "right
hand" and "title fight" is sport, "Summit Entertainment" is culture, "three quarters" with
"Jaguars" and "touchdown" is sport, not the economy.

A linear model's decision can be read: `contributions` gives the features that weighed most
for a kind, and `nearest` the most similar labelled items shipped with it.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from briefing.errors import ConfigError
from briefing.themes.features import text_features

MODEL_FILE = Path(__file__).resolve().parent / "news_model.npz"


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per file
class NewsModel:
    kinds: tuple[str, ...]
    index: dict[str, int]  # feature -> row of `weights`
    weights: np.ndarray  # (features, kinds), float32
    bias: np.ndarray  # (kinds,)
    example_kinds: np.ndarray  # (examples,) kind index of each shipped labelled example
    example_texts: tuple[str, ...]
    about: dict[str, Any]

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> NewsModel:
        return _load(Path(path))

    # --- scoring -----------------------------------------------------------------------

    def feature_ids(self, text: str) -> np.ndarray:
        """The model's features found in a text (each once), as row numbers in the model's
        order (a set's order hangs on the hash seed, and so would sums and ties)."""
        index = self.index
        return np.array(sorted(index[f] for f in text_features(text) if f in index),
                        dtype=np.int64)

    def log_probs(self, ids_per_text: list[np.ndarray]) -> np.ndarray:
        """log P(kind | text) for each text, (texts, kinds). A text's features count
        1/sqrt(n) each, as in training (binary, L2-normalised), so a long text is not
        surer for being long."""
        sizes = np.array([ids.size for ids in ids_per_text], dtype=np.int64)
        z = np.tile(self.bias, (len(ids_per_text), 1))
        has = sizes > 0
        if has.any():
            flat = np.concatenate([ids for ids in ids_per_text if ids.size])
            starts = np.concatenate(([0], np.cumsum(sizes[has])[:-1]))
            sums = np.add.reduceat(self.weights[flat], starts, axis=0, dtype=np.float64)
            z[has] += sums / np.sqrt(sizes[has])[:, None]
        return z - np.logaddexp.reduce(z, axis=1, keepdims=True)

    def contributions(self, ids: np.ndarray, kind: int, top: int = 4) -> list[tuple[str, float]]:
        """The features that weighed most for `kind` against the others, strongest first."""
        if not ids.size:
            return []
        w = self.weights[ids].astype(np.float64)
        margin = (w[:, kind] - w.mean(axis=1)) / np.sqrt(ids.size)
        order = np.argsort(-margin)[:top]
        names = _names(self)
        return [(names[ids[i]], float(margin[i])) for i in order if margin[i] > 0.02]

    def nearest(self, ids: np.ndarray, kind: int) -> tuple[str, float] | None:
        """The shipped labelled example of `kind` that shares most of what makes the text
        that kind of news: the features they share, each counted by how much it speaks for
        `kind` (so two items sharing "airstrike" are nearer than two sharing "Syria"), over
        the example's length. None when it shares no such feature with any."""
        rows, matrix, texts = _examples_of(self, kind)
        found = [(rows[f], i) for i, f in enumerate(ids.tolist()) if f in rows]
        if not found:
            return None
        at = np.array([r for r, _ in found])
        w = self.weights[ids[[i for _, i in found]]].astype(np.float64)
        relevance = np.maximum(w[:, kind] - w.mean(axis=1), 0.0)
        scores = relevance @ matrix[at]
        best = int(np.argmax(scores))
        return (texts[best], float(scores[best])) if scores[best] > 0 else None


def load_user_model(path: Path, key: str) -> NewsModel:
    """A news model a user names (config `key`), or a ConfigError saying why it cannot be
    read: a missing file, or one that is not what training/build_theme_model.py writes."""
    if not path.is_file():
        raise ConfigError(f"{key}: {path}: no such file (a model written by "
                          "training/build_theme_model.py --out)")
    try:
        # keyed by the file's time and size too: a model retrained into the same file is
        # read again by a process that runs on (the scheduler), not kept by its name
        resolved = path.resolve()
        stat = resolved.stat()
        model = _load(resolved, (stat.st_mtime_ns, stat.st_size))
    # EOFError: an empty file, which click would take for Ctrl-D ("aborted", exit 130)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as e:
        raise ConfigError(f"{key}: {path}: not a news model written by "
                          f"training/build_theme_model.py ({type(e).__name__}: {e})") from None
    # without each kind's weight among its training texts (the prior the model learned) the
    # classifier could not swap it for a uniform one, and would read the model as the
    # product never does
    shares = model.about.get("by_kind")
    if not isinstance(shares, dict) or set(model.kinds) - set(shares):
        raise ConfigError(f"{key}: {path}: not a news model written by "
                          "training/build_theme_model.py (it records no weight of training "
                          "texts for each kind of news, `about.by_kind`)")
    return model


@lru_cache(maxsize=4)
def _load(path: Path, stamp: tuple[int, int] = (0, 0)) -> NewsModel:
    """The model in `path`, read once per `stamp` (a user's model file's modification time
    and size; the shipped one is not rewritten while a process runs)."""
    with np.load(path, allow_pickle=False) as data:
        features = data["features"].tobytes().decode().split("\n")
        # read once: each data[...] unzips and parses the array again, and read per example
        # (some 1,500) it took half of loading the model
        kinds = data["kinds"].tolist()
        return NewsModel(
            kinds=tuple(kinds),
            index={f: i for i, f in enumerate(features)},
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float64),
            example_kinds=np.array([kinds.index(k) for k in data["example_kinds"].tolist()]),
            example_texts=tuple(data["example_texts"].tobytes().decode().split("\n")),
            about=json.loads(str(data["about"])),
        )


# Built on first use: only an explanation needs them, and most runs explain little.
@lru_cache(maxsize=4)
def _names(model: NewsModel) -> list[str]:
    names = [""] * len(model.index)
    for f, i in model.index.items():
        names[i] = f
    return names


@lru_cache(maxsize=64)
def _examples_of(model: NewsModel, kind: int) -> tuple[dict[int, int], np.ndarray, list[str]]:
    """The shipped examples of one kind as a matrix: a row per feature they use, a column
    per example, 1/sqrt(its features) where it has the feature (so a score is a dot product)."""
    texts = [t for t, k in zip(model.example_texts, model.example_kinds, strict=True)
             if k == kind]
    ids = [model.feature_ids(t) for t in texts]
    rows = {f: r for r, f in enumerate(sorted({f for i in ids for f in i.tolist()}))}
    matrix = np.zeros((len(rows), len(texts)), dtype=np.float32)
    for e, feats in enumerate(ids):
        for f in feats.tolist():
            matrix[rows[f], e] = 1.0 / np.sqrt(max(feats.size, 1))
    return rows, matrix, texts
