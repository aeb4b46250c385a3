"""The theme taxonomy (TOML data) and the classifier that files key points under themes.

Themes are data, not code (DESIGN.md, "Themes are data"): a theme is what a person can write
down — a label, a description, key terms with optional weights, and example sentences. The
defaults ship in ``briefing/defaults/themes.toml``; a user's file of the same shape is layered
on top to add, rename, extend or drop themes. The classifier learns everything from those
fields when it is built, so a brand-new theme works without a line of code.

How a key point is scored, per theme (all three parts are explainable, so every decision can
say why):

1. **Lexicon**: the weights of the theme's terms found in the text (phrases and single words,
   matched on light stems, so "airstrikes" matches the term "airstrike").
2. **Model**: a one-vs-rest logistic regression over the same word and phrase features, fitted
   at build time on the theme's examples, description and terms. It generalises from the
   examples to words no term lists.
3. **Nearest example**: the cosine similarity to the closest example sentence of the theme, so
   a sentence taught with :func:`learn` is decided the way it was taught.

The parts are summed into a logit and squashed to a 0-1 score. A theme is given when its score
passes its threshold and is not far behind the best theme (a point is rarely about more than
two things); a point where no theme passes gets ``()`` ("Other developments").

Only numpy and the standard library are needed; nothing is downloaded.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ConfigError, InputError
from .fileio import toml_string, write_atomic
from .model import ThemeScore

DEFAULT_THEMES_FILE = Path(__file__).parent / "defaults" / "themes.toml"

_THEME_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_THEME_KEYS = (
    "label", "description", "terms", "examples", "threshold", "weight", "enabled", "replace"
)
_TOP_KEYS = ("themes", "learned")
_LEARNED_KEYS = ("text", "themes")

# --- text features ----------------------------------------------------------------------

# Currency signs and "%" carry meaning ("$53", "£484bn", "5%"): they become words.
_SYMBOLS = str.maketrans({"$": " dollar ", "£": " pound ", "€": " euro ", "%": " percent "})
_POSSESSIVE = re.compile(r"['’]s\b")
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits; hyphens and apostrophes split words

# Words too common to say anything about a theme on their own. Terms may still contain them
# ("blew himself up"): a term is matched as a whole phrase.
_STOPWORD_TEXT = (
    "a an and are as at be been being but by can could did do does for from had has have he "
    "her hers him his how i if in into is it its itself me more most my no nor not of off on "
    "once only or other our out over own same she should so some such than that the their "
    "them then there these they this those through to too under until up very was we were "
    "what when where which while who whom why will with would you your also said says say "
    "after before about against between during since s t just now new one two three four five "
    "six seven eight nine ten last first year years day days week weeks month months told "
    "according mr mrs ms "
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A deliberately crude suffix stripper: plurals, -ed, -ing and a final -e.

    It only has to map the forms of one word to the same key on both sides (terms and text),
    not produce real roots; a full stemmer would be a dependency for no gain here.
    """
    # A stop word stays as it is: stemmed, "according" became "accord", a diplomacy term,
    # in every "according to" of the news.
    if len(word) <= 3 or word.isdigit() or word in _STOPWORDS:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens of a text (stop words kept: phrases need them)."""
    text = _POSSESSIVE.sub("", text.translate(_SYMBOLS).lower())
    return [_stem(w) for w in _TOKEN.findall(text)]


def _phrase_key(phrase: str) -> str:
    """The feature key of a term: its stemmed tokens joined by spaces ('' if no words)."""
    return " ".join(_tokens(phrase))


def _content_features(tokens: Sequence[str]) -> set[str]:
    """Features learned from examples: content words and pairs of adjacent content words."""
    content = [t for t in tokens if t not in _STOPWORDS and len(t) > 1]
    feats = set(content)
    feats.update(f"{a} {b}" for a, b in zip(content, content[1:], strict=False))
    return feats


# --- the taxonomy -------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A word or phrase that signals a theme, with how much one match counts."""

    text: str
    weight: float = 1.0


@dataclass(frozen=True)
class Theme:
    """One theme as a person wrote it; everything the classifier knows about it."""

    id: str
    label: str
    description: str = ""
    terms: tuple[Term, ...] = ()
    examples: tuple[str, ...] = ()
    threshold: float | None = None  # None: the classifier's default
    weight: float = 1.0  # how much the theme's stories count when ranking the day's top lines


@dataclass(frozen=True)
class Taxonomy:
    """The themes in display order."""

    themes: tuple[Theme, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)

    def get(self, theme_id: str) -> Theme | None:
        for t in self.themes:
            if t.id == theme_id:
                return t
        return None

    def label(self, theme_id: str) -> str:
        """The display name of a theme (the id itself for an unknown one)."""
        theme = self.get(theme_id)
        return theme.label if theme else theme_id


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None


def _parse_term(raw: str, where: str) -> Term:
    """'airstrike^2' -> Term('airstrike', 2.0); a term without '^' weighs 1."""
    text, weight = raw, 1.0
    if "^" in raw:
        text, _, w = raw.rpartition("^")
        try:
            weight = float(w)
        except ValueError:
            raise ConfigError(f"{where} {raw!r}: the weight after '^' must be a number") from None
        if not math.isfinite(weight):
            raise ConfigError(f"{where} {raw!r}: the weight after '^' must be a finite number")
    text = text.strip()
    if not _phrase_key(text):
        raise ConfigError(f"{where} {raw!r}: a term must contain at least one word")
    return Term(text, weight)


def _string_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return value


def _parse_theme(theme_id: str, table: Any, path: Path) -> dict[str, Any]:
    """Check one [themes.<id>] table; return its fields (only those given) as Python values."""
    where = f"{path}: themes.{theme_id}"
    if not _THEME_ID.match(theme_id):
        raise ConfigError(
            f"{where}: a theme id must be lower-case letters, digits, '_' or '-' "
            "(starting with a letter, at most 40 characters)"
        )
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table ([themes.{theme_id}])")
    for key in table:
        if key not in _THEME_KEYS:
            raise ConfigError(f"{where}.{key}: unknown key (allowed: {', '.join(_THEME_KEYS)})")
    out: dict[str, Any] = {}
    for key in ("label", "description"):
        if key in table:
            if not isinstance(table[key], str) or (key == "label" and not table[key].strip()):
                raise ConfigError(f"{where}.{key} must be a non-empty string")
            out[key] = table[key].strip()
    if "terms" in table:
        terms = _string_list(table["terms"], f"{where}.terms")
        out["terms"] = [_parse_term(t, f"{where}.terms") for t in terms]
    if "examples" in table:
        examples = _string_list(table["examples"], f"{where}.examples")
        out["examples"] = [e.strip() for e in examples if e.strip()]
    if "threshold" in table:
        th = table["threshold"]
        if isinstance(th, bool) or not isinstance(th, int | float) or not 0 < th < 1:
            raise ConfigError(f"{where}.threshold must be a number between 0 and 1 (exclusive)")
        out["threshold"] = float(th)
    if "weight" in table:
        w = table["weight"]
        if isinstance(w, bool) or not isinstance(w, int | float) or not 0 < w <= 10:
            raise ConfigError(f"{where}.weight must be a number more than 0 and at most 10")
        out["weight"] = float(w)
    for key in ("enabled", "replace"):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"{where}.{key} must be true or false")
            out[key] = table[key]
    return out


def _parse_file(path: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[str, list[str], str]]]:
    """One themes file: its theme tables (in file order) and its [[learned]] examples."""
    data = _read_toml(path)
    for key in data:
        if key not in _TOP_KEYS:
            raise ConfigError(f"{path}: {key}: unknown key (allowed: {', '.join(_TOP_KEYS)})")
    themes_table = data.get("themes", {})
    if not isinstance(themes_table, dict):
        raise ConfigError(f"{path}: themes must be a table of themes ([themes.<id>])")
    themes = {tid: _parse_theme(tid, table, path) for tid, table in themes_table.items()}
    learned_raw = data.get("learned", [])
    if not isinstance(learned_raw, list):
        raise ConfigError(f"{path}: learned must be an array of tables ([[learned]])")
    learned = []
    for i, row in enumerate(learned_raw, 1):
        where = f"{path}: learned[{i}]"
        if not isinstance(row, dict):
            raise ConfigError(f"{where} must be a table with text and themes")
        for key in row:
            if key not in _LEARNED_KEYS:
                raise ConfigError(f"{where}.{key}: unknown key (allowed: text, themes)")
        text = row.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ConfigError(f"{where}.text must be a non-empty string")
        learned.append((text.strip(), _string_list(row.get("themes"), f"{where}.themes"), where))
    return themes, learned


def load_taxonomy(
    user_file: Path | None = None, *, defaults: Path = DEFAULT_THEMES_FILE
) -> Taxonomy:
    """The shipped themes with the user's file layered on top (see the defaults' comments).

    Terms and examples a user gives for an existing theme extend the defaults (a user usually
    wants to teach a theme more, not to rewrite it); ``replace = true`` makes the user's
    definition the whole one. ``enabled = false`` drops a theme.
    """
    merged: dict[str, dict[str, Any]] = {}
    disabled: set[str] = set()
    learned: list[tuple[str, list[str], str]] = []
    files = [Path(defaults)] + ([Path(user_file)] if user_file is not None else [])
    for path in files:
        themes, file_learned = _parse_file(path)
        learned.extend(file_learned)
        for tid, fields in themes.items():
            if fields.get("enabled", True) is False:
                disabled.add(tid)
                merged.pop(tid, None)
                continue
            disabled.discard(tid)
            base = merged.get(tid)
            if base is None or fields.get("replace", False):
                if "label" not in fields:
                    raise ConfigError(f"{path}: themes.{tid}.label is required for a new theme")
                if not fields.get("terms") and not fields.get("examples"):
                    raise ConfigError(
                        f"{path}: themes.{tid} needs terms or examples to learn the theme from"
                    )
                merged[tid] = {"terms": [], "examples": [], **fields}
                continue
            for key in ("label", "description", "threshold", "weight"):
                if key in fields:
                    base[key] = fields[key]
            base["terms"] = base["terms"] + fields.get("terms", [])
            base["examples"] = base["examples"] + fields.get("examples", [])
    for text, theme_ids, where in learned:
        for tid in theme_ids:
            if tid in merged:
                if text not in merged[tid]["examples"]:
                    merged[tid]["examples"].append(text)
            elif tid not in disabled:
                known = ", ".join(merged) or "none"
                raise ConfigError(f"{where}.themes: unknown theme {tid!r} (known: {known})")
    themes = tuple(
        Theme(
            id=tid,
            label=f["label"],
            description=f.get("description", ""),
            terms=tuple(f["terms"]),
            examples=tuple(f["examples"]),
            threshold=f.get("threshold"),
            weight=f.get("weight", 1.0),
        )
        for tid, f in merged.items()
    )
    return Taxonomy(themes=themes)


# --- learning from labelled rows -----------------------------------------------------------


def learn(
    taxonomy_file: Path,
    rows: Iterable[tuple[int, Any]],
    *,
    source: str = "learn input",
    defaults: Path = DEFAULT_THEMES_FILE,
) -> int:
    """Add labelled examples to a user's themes file.

    `rows` are (line number, row) of the input named `source`, each row ``{"text",
    "themes"}``: a bad row is an InputError naming that file and line (the input is wrong,
    not the themes file).

    Examples are appended as ``[[learned]]`` tables, so everything already in the file — its
    comments and layout included — is kept byte for byte. The file is written atomically
    (temporary file, then rename) and only when every row is valid. Rows already present and
    rows with no themes are skipped. Returns how many examples were added.
    """
    taxonomy_file = Path(taxonomy_file)
    exists = taxonomy_file.exists()
    taxonomy = load_taxonomy(taxonomy_file if exists else None, defaults=defaults)
    known = set(taxonomy.ids)
    seen = {(ex, t.id) for t in taxonomy.themes for ex in t.examples}
    blocks: list[str] = []
    for line, row in rows:
        where = f"{source}: line {line}"
        if not isinstance(row, Mapping):
            raise InputError(f"{where}: must be an object with text and themes")
        text, themes = row.get("text"), row.get("themes")
        if isinstance(themes, str):
            themes = [themes]
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}: text must be a non-empty string")
        if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
            raise InputError(f"{where}: themes must be a list of theme ids")
        for tid in themes:
            if tid not in known:
                allowed = ", ".join(taxonomy.ids)
                raise InputError(f"{where}: unknown theme {tid!r} (allowed: {allowed})")
        text = " ".join(text.split())
        themes = list(dict.fromkeys(t for t in themes if (text, t) not in seen))
        if not themes:
            continue
        seen.update((text, t) for t in themes)
        ids = ", ".join(toml_string(t) for t in themes)
        blocks.append(f"\n[[learned]]\ntext = {toml_string(text)}\nthemes = [{ids}]\n")
    if not blocks:
        return 0
    old = (
        taxonomy_file.read_text(encoding="utf-8")
        if exists
        else (
            "# Themes added to or changed from briefing's defaults\n"
            "# (see briefing/defaults/themes.toml for the shape).\n"
        )
    )
    if old and not old.endswith("\n"):
        old += "\n"
    new = old + "".join(blocks)
    tomllib.loads(new)  # never write a file the loader would refuse
    write_atomic(taxonomy_file, new)
    return len(blocks)


# --- the classifier -------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """How the three parts of a score are weighed, and the decision rules.

    Tuned once on the development set (as a whole, not per item); a theme's own ``threshold``
    overrides ``threshold``.
    """

    lexicon_weight: float = 0.5  # per unit of matched term weight
    lexicon_cap: float = 12.0  # matched weight beyond this adds nothing (long texts)
    model_weight: float = 1.0  # per unit of the logistic model's logit
    example_weight: float = 6.0  # per unit of cosine similarity to the nearest example
    example_floor: float = 0.15  # similarity below this is noise, not evidence
    offset: float = 1.0  # logit at which a theme with no evidence sits below 0.5
    threshold: float = 0.5
    relative: float = 0.5  # a second theme must reach this share of the best logit margin...
    sure_margin: float = 0.75  # ...or be this far above its threshold (p >= ~0.68): a point can
    # be squarely about two things (a Secretary of State on Syria's transition of power)
    max_themes: int = 3
    l2: float = 1.0  # regularisation of the logistic model
    epochs: int = 300
    term_doc_weight: float = 0.5  # how much one term counts as a training document


@dataclass(frozen=True)
class ThemeExplanation:
    """One theme's verdict on one text: score, threshold, and the evidence behind it."""

    theme: str
    label: str
    score: float
    threshold: float
    passed: bool
    terms: tuple[tuple[str, float], ...]  # matched terms and their weights, strongest first
    nearest_example: str  # "" when the theme has no example close enough
    similarity: float
    lexicon: float  # the parts of the logit, for the curious
    model: float
    example: float

    def evidence(self) -> tuple[str, ...]:
        """Human-readable reasons, as shown next to a key point."""
        out = [f"term {t!r} ({w:+g})" for t, w in self.terms[:5]]
        if self.nearest_example:
            out.append(f"like example {self.nearest_example!r} (similarity {self.similarity:.2f})")
        if self.model > 0.5:
            out.append(f"wording typical of the theme (model {self.model:+.1f})")
        return tuple(out)


@dataclass(frozen=True)
class Explanation:
    """Every theme's score and evidence for one text, and which themes passed."""

    text: str
    themes: tuple[ThemeExplanation, ...]  # taxonomy order
    passed: tuple[str, ...]  # ids given to the text, best first

    def scores(self) -> tuple[ThemeScore, ...]:
        by_id = {t.theme: t for t in self.themes}
        return tuple(
            ThemeScore(tid, round(by_id[tid].score, 4), by_id[tid].evidence())
            for tid in self.passed
        )


@dataclass(frozen=True)
class _Features:
    """Feature ids of a batch of texts, flat with offsets (one gather serves the whole batch)."""

    ids: np.ndarray  # int32, concatenated per text
    starts: np.ndarray  # int64, start of each text's ids in `ids`; len(texts) + 1 entries


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _fit_logistic(
    doc_of: np.ndarray,
    feat_of: np.ndarray,
    n_features: int,
    y: np.ndarray,
    w: np.ndarray,
    l2: float,
    epochs: int,
) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest logistic regression over binary features, by full-batch Adam.

    The documents are given sparsely (one (doc, feature) pair per non-zero), which keeps
    fitting a few hundred examples and a few thousand terms to a fraction of a second
    with numpy alone.
    """
    n, k = y.shape
    coef = np.zeros((n_features, k))
    bias = np.zeros(k)
    m_c, v_c = np.zeros_like(coef), np.zeros_like(coef)
    m_b, v_b = np.zeros_like(bias), np.zeros_like(bias)
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    total = float(w.sum())
    order = np.argsort(doc_of, kind="stable")
    doc_of, feat_of = doc_of[order], feat_of[order]
    starts = np.searchsorted(doc_of, np.arange(n))
    has = np.bincount(doc_of, minlength=n) > 0
    for step in range(1, epochs + 1):
        z = np.tile(bias, (n, 1))
        if feat_of.size:
            z[has] += np.add.reduceat(coef[feat_of], starts[has], axis=0)
        g = (_sigmoid(z) - y) * (w / total)[:, None]
        g_c = (
            np.stack(
                [
                    np.bincount(feat_of, weights=g[doc_of, j], minlength=n_features)
                    for j in range(k)
                ],
                axis=1,
            )
            + (l2 / total) * coef
        )
        g_b = g.sum(axis=0)
        m_c = b1 * m_c + (1 - b1) * g_c
        v_c = b2 * v_c + (1 - b2) * g_c * g_c
        m_b = b1 * m_b + (1 - b1) * g_b
        v_b = b2 * v_b + (1 - b2) * g_b * g_b
        corr = math.sqrt(1 - b2**step) / (1 - b1**step)
        coef -= lr * corr * m_c / (np.sqrt(v_c) + eps)
        bias -= lr * corr * m_b / (np.sqrt(v_b) + eps)
    return coef, bias


class Classifier:
    """Scores texts against a taxonomy; build it once and reuse it (it holds no mutable state).

    Everything a text's score needs is one row per feature in a single matrix (lexicon
    weights, model coefficients, and the feature's weight in every example's vector), so
    scoring a batch is one gather and one segmented sum, whatever the number of themes.
    """

    def __init__(self, taxonomy: Taxonomy, settings: Settings | None = None) -> None:
        self.taxonomy = taxonomy
        self.settings = settings or Settings()
        s = self.settings
        themes = taxonomy.themes
        k = len(themes)
        self._ids = taxonomy.ids
        self._thresholds = np.array(
            [t.threshold if t.threshold is not None else s.threshold for t in themes]
        )

        # Vocabulary: every term phrase, and every content feature of examples/descriptions.
        vocab: dict[str, int] = {}

        def fid(key: str) -> int:
            return vocab.setdefault(key, len(vocab))

        lexicon: dict[tuple[int, int], float] = {}
        term_text: dict[tuple[int, int], str] = {}
        for j, theme in enumerate(themes):
            for term in theme.terms:
                f = fid(_phrase_key(term.text))
                if (f, j) not in lexicon:
                    term_text[(f, j)] = term.text
                lexicon[(f, j)] = term.weight  # the last mention of a term wins

        docs: list[tuple[set[int], int, float, int]] = []  # features, theme, weight, example no.
        examples: list[tuple[int, str]] = []
        for j, theme in enumerate(themes):
            for ex in theme.examples:
                feats = {fid(f) for f in _content_features(_tokens(ex))}
                docs.append((feats, j, 1.0, len(examples)))
                examples.append((j, ex))
            if theme.description:
                feats = {fid(f) for f in _content_features(_tokens(theme.description))}
                docs.append((feats, j, 1.0, -1))
            for term in theme.terms:
                if term.weight > 0:
                    f = vocab[_phrase_key(term.text)]
                    docs.append(({f}, j, s.term_doc_weight * min(term.weight, 3.0), -1))

        self._vocab = vocab
        self._max_n = max((key.count(" ") + 1 for key in vocab), default=1)
        # Every proper prefix of a multi-word key, so phrase matching can stop early.
        self._prefixes = frozenset(
            " ".join(parts[:n])
            for parts in (key.split(" ") for key in vocab)
            for n in range(1, len(parts))
        )
        d = len(vocab)
        # Per theme: feature id -> (the term as written, its weight), for the evidence.
        self._theme_terms: tuple[dict[int, tuple[str, float]], ...] = tuple(
            {f: (text, lexicon[(f, jj)]) for (f, jj), text in term_text.items() if jj == j}
            for j in range(k)
        )

        # Logistic model over binary features.
        doc_of = np.array([i for i, doc in enumerate(docs) for _ in doc[0]], dtype=np.int64)
        feat_of = np.array([f for doc in docs for f in doc[0]], dtype=np.int64)
        y = np.zeros((len(docs), k))
        y[np.arange(len(docs)), [doc[1] for doc in docs]] = 1.0
        w = np.array([doc[2] for doc in docs], dtype=np.float64)
        if k and len(docs):
            coef, bias = _fit_logistic(doc_of, feat_of, d, y, w, s.l2, s.epochs)
        else:
            coef, bias = np.zeros((d, k)), np.zeros(k)

        # Example vectors: idf-weighted, unit length; a text's similarity is a dot product.
        df = np.zeros(d)
        ex_rows = [feats for feats, _, _, e in docs if e >= 0]
        for feats in ex_rows:
            df[list(feats)] += 1
        idf = np.log((1 + len(ex_rows)) / (1 + df)) + 1.0
        ex_matrix = np.zeros((d, len(ex_rows)), dtype=np.float64)
        for e, feats in enumerate(ex_rows):
            cols = list(feats)
            vec = idf[cols]
            ex_matrix[cols, e] = vec / (np.linalg.norm(vec) or 1.0)
        self._example_theme = np.array([j for j, _ in examples], dtype=np.int64)
        self._example_text = tuple(ex for _, ex in examples)

        lex = np.zeros((d, k))
        for (f, j), weight in lexicon.items():
            lex[f, j] = weight
        # One row per feature: [lexicon (k) | model (k) | idf^2 (1) | examples (n)].
        self._table = np.hstack([lex, coef, (idf**2)[:, None], ex_matrix * idf[:, None]]).astype(
            np.float32
        )
        self._bias = bias
        self._k = k
        self._threshold_logits = np.log(self._thresholds / (1 - self._thresholds))

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy, settings: Settings | None = None) -> Classifier:
        return cls(taxonomy, settings)

    # --- features ---------------------------------------------------------------------

    def _text_keys(self, text: str) -> set[str]:
        """Every known feature key in a text: term phrases of any length (followed only as
        long as they are the start of some known phrase), and known content words and pairs.
        """
        tokens = _tokens(text)
        vocab, prefixes = self._vocab, self._prefixes
        keys = _content_features(tokens) & vocab.keys()
        for i, tok in enumerate(tokens):
            if tok in vocab:
                keys.add(tok)
            if tok in prefixes:
                key = tok
                for nxt in tokens[i + 1 : i + self._max_n]:
                    key = f"{key} {nxt}"
                    if key in vocab:
                        keys.add(key)
                    if key not in prefixes:
                        break
        return keys

    def _features(self, texts: Sequence[str]) -> _Features:
        vocab = self._vocab
        ids: list[int] = []
        starts = [0]
        for text in texts:
            ids.extend(vocab[key] for key in self._text_keys(text))
            starts.append(len(ids))
        return _Features(np.array(ids, dtype=np.int64), np.array(starts, dtype=np.int64))

    def _parts(self, feats: _Features) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per text and theme: lexicon sum, model logit, best example similarity and which."""
        k, n_texts = self._k, len(feats.starts) - 1
        n_ex = len(self._example_text)
        sums = np.zeros((n_texts, self._table.shape[1]))
        nonempty = feats.starts[:-1] < feats.starts[1:]
        if feats.ids.size:
            rows = self._table[feats.ids]
            sums[nonempty] = np.add.reduceat(rows, feats.starts[:-1][nonempty], axis=0)
        lexicon = sums[:, :k]
        model = sums[:, k : 2 * k] + self._bias
        norms = np.sqrt(sums[:, 2 * k])
        sims = sums[:, 2 * k + 1 :] / np.where(norms > 0, norms, 1.0)[:, None]
        best_sim = np.zeros((n_texts, k))
        best_ex = np.full((n_texts, k), -1, dtype=np.int64)
        if n_ex:
            for j in range(k):
                cols = np.flatnonzero(self._example_theme == j)
                if cols.size:
                    sub = sims[:, cols]
                    arg = sub.argmax(axis=1)
                    best_sim[:, j] = sub[np.arange(n_texts), arg]
                    best_ex[:, j] = cols[arg]
        return lexicon, model, best_sim, best_ex

    def _logits(self, lexicon: np.ndarray, model: np.ndarray, sim: np.ndarray) -> np.ndarray:
        s = self.settings
        lex = s.lexicon_weight * np.minimum(lexicon, s.lexicon_cap)
        ex = s.example_weight * np.maximum(sim - s.example_floor, 0.0)
        return lex + s.model_weight * model + ex - s.offset

    def _decide(self, logits: np.ndarray) -> list[tuple[int, ...]]:
        """Themes given to each text: above threshold, close enough to the best, best first.

        A theme's margin is how far its logit is above its threshold's; a second theme must
        reach ``relative`` of the best margin, so a strong theme does not drag weak ones along,
        unless it is itself clearly given (``sure_margin``): a very strong first theme must not
        hide a clear second one either.
        """
        s = self.settings
        margins = logits - self._threshold_logits
        out = []
        for row in margins:
            order = np.argsort(-row, kind="stable")[: s.max_themes]
            chosen: list[int] = []
            for j in order:
                needed = min(s.relative * row[chosen[0]], s.sure_margin) if chosen else 0.0
                if row[j] < needed:
                    break
                chosen.append(int(j))
            out.append(tuple(chosen))
        return out

    # --- public API -------------------------------------------------------------------------

    def classify(self, text: str) -> tuple[ThemeScore, ...]:
        """Themes of one key point, best first, each with its score and evidence."""
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str], batch: int = 512) -> list[tuple[ThemeScore, ...]]:
        """Themes of many key points; the fast path (vectorised per batch)."""
        out: list[tuple[ThemeScore, ...]] = []
        for start in range(0, len(texts), batch):
            chunk = texts[start : start + batch]
            feats = self._features(chunk)
            lexicon, model, sim, best_ex = self._parts(feats)
            logits = self._logits(lexicon, model, sim)
            scores = _sigmoid(logits)
            for i, chosen in enumerate(self._decide(logits)):
                if not chosen:
                    out.append(())
                    continue
                ids = feats.ids[feats.starts[i] : feats.starts[i + 1]]
                out.append(
                    tuple(
                        ThemeScore(
                            self._ids[j],
                            round(float(scores[i, j]), 4),
                            self._explain_one(
                                j,
                                ids,
                                scores[i, j],
                                lexicon[i, j],
                                model[i, j],
                                sim[i, j],
                                best_ex[i, j],
                                True,
                            ).evidence(),
                        )
                        for j in chosen
                    )
                )
        return out

    def predict_ids(self, texts: Sequence[str], batch: int = 512) -> list[tuple[str, ...]]:
        """Only the theme ids (no evidence): for scoring and benchmarks."""
        out: list[tuple[str, ...]] = []
        for start in range(0, len(texts), batch):
            feats = self._features(texts[start : start + batch])
            lexicon, model, sim, _ = self._parts(feats)
            logits = self._logits(lexicon, model, sim)
            for chosen in self._decide(logits):
                out.append(tuple(self._ids[j] for j in chosen))
        return out

    def explain(self, text: str) -> Explanation:
        """Every theme's score and evidence for one text, and which themes passed."""
        feats = self._features([text])
        lexicon, model, sim, best_ex = self._parts(feats)
        logits = self._logits(lexicon, model, sim)
        scores = _sigmoid(logits)
        passed = self._decide(logits)[0]
        themes = tuple(
            self._explain_one(
                j,
                feats.ids,
                scores[0, j],
                lexicon[0, j],
                model[0, j],
                sim[0, j],
                best_ex[0, j],
                j in passed,
            )
            for j in range(self._k)
        )
        return Explanation(text, themes, tuple(self._ids[j] for j in passed))

    def _explain_one(
        self,
        j: int,
        ids: np.ndarray,
        score: float,
        lexicon: float,
        model: float,
        sim: float,
        best_ex: int,
        passed: bool,
    ) -> ThemeExplanation:
        s = self.settings
        terms = self._theme_terms[j]
        matched = sorted((terms[f] for f in ids.tolist() if f in terms), key=lambda tw: -abs(tw[1]))
        near = self._example_text[best_ex] if best_ex >= 0 and sim >= s.example_floor else ""
        return ThemeExplanation(
            theme=self._ids[j],
            label=self.taxonomy.themes[j].label,
            score=float(score),
            threshold=float(self._thresholds[j]),
            passed=passed,
            terms=tuple(matched),
            nearest_example=near,
            similarity=float(sim),
            lexicon=float(lexicon),
            model=float(model),
            example=float(s.example_weight * max(sim - s.example_floor, 0.0)),
        )


__all__ = [
    "DEFAULT_THEMES_FILE",
    "Classifier",
    "Explanation",
    "Settings",
    "Taxonomy",
    "Term",
    "Theme",
    "ThemeExplanation",
    "learn",
    "load_taxonomy",
]
