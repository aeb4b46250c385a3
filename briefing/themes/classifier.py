"""The classifier: which themes a key point (or an article) is about, and why.

A theme's score for a text adds two learned parts, as log-odds (see `Settings`):

1. **What kind of news it is**, from the shipped news model (`news.py`), fitted offline on
   ~90,000 labelled news items: the log-likelihood ratio of the kinds of news the theme is
   drawn from (its `kinds`), so sport-like wording pulls every briefed theme down and
   conflict-like wording pulls military action, terrorism and humanitarian up. It reads the
   text as a whole, the words and the pairs of words, which is what tells a boxer's
   "bombed" from a bomb.
2. **Which theme within it**, from the model the taxonomy teaches at start-up
   (`taught.py`): the themes' descriptions, examples and terms, and the nearest example.

A key point also takes part of its kind of news from its article (`Settings.article_share`):
"He said the talks would go on" reads as its article does. An article whose best theme is
one the briefing does not brief (sport, culture, science, health: `brief = false`) is left
out whole: none of its points can reach a section or a top line.

Every decision carries its evidence (`explanation.py`): the words that weighed most, the
nearest labelled news item, and the nearest example of the theme (`themes explain` prints
them all). Looking it up costs more than deciding, so a build decides every point's themes
without it and looks it up for the points its briefing shows
(`classify_article(evidence=False)`, `explain_article`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from briefing.language import OTHER_LANGUAGES, Language, foreign_language
from briefing.model import ThemeScore
from briefing.themes.explanation import Explanation, ThemeExplanation
from briefing.themes.features import as_written, content_features, tokens
from briefing.themes.news import NewsModel
from briefing.themes.taught import TaughtModel, TaughtParts
from briefing.themes.taxonomy import Taxonomy

ARTICLE_WORDS = 300  # an article's kind of news is read from its opening, as it was learned


@dataclass(frozen=True)
class Settings:
    """How the parts of a score are weighed, and the decision rules.

    Chosen before looking at any development set's errors, from what each part is: the news
    part is a log-likelihood ratio, added to log-odds as Bayes' rule adds evidence; the
    taught parts keep the weights they had. A theme's own `threshold` overrides `threshold`.
    """

    model_weight: float = 1.0  # per unit of the taught model's logit
    example_weight: float = 6.0  # per unit of cosine similarity to the nearest example
    example_floor: float = 0.15  # similarity below this is noise, not evidence
    offset: float = 1.0  # logit at which a theme with no evidence sits below 0.5
    news_weight: float = 1.0  # per unit of the news model's log-likelihood ratio
    news_range: tuple[float, float] = (-6.0, 3.0)  # no single part decides alone
    article_share: float = 0.5  # how much of a point's kind of news is its article's
    # The news model learned from corpora of hard news (Current events lists few films or
    # phones); a day's feed is about a third sport, culture and technology. Its verdicts
    # are read as if each kind of news were equally common (Bayes' rule with the training
    # prior swapped for a uniform one), so a gadget review is not economy for want of them.
    uniform_prior: bool = True
    # Leaving a story out costs a reader more than one more line to skip: a text is taken
    # off the briefing's themes by the news model only at 2:1 odds that it is that kind.
    unbriefed_odds: float = 2.0
    # An unbriefed theme that passes its threshold and outscores every briefed theme takes
    # a text read on its own (`classify`, `explain`) at even odds: its score has a few
    # examples and no terms behind it, where a briefed theme's has hundreds of terms, so a
    # briefed word in another sense already tilts the comparison ("His second novel
    # bombed": Culture 0.92, Terrorism 0.91, and Terrorism won). An article is left out of
    # the briefing by this rule only at `unbriefed_odds`, the cost of a story left out:
    # at even odds there too, 67 of 1,060 held-out hard-news Wikinews articles were left
    # out of a day's briefing instead of 53 (China's anti-secession law for Taiwan,
    # Romania's minorities law), for 2 more of 388 off-topic ones.
    outscored_odds: float = 1.0
    sentence_features: int = 24  # a text with more taught features than a typical
    # sentence's counts as much evidence as one: the taught model learned from sentences,
    # and a whole article summed feature by feature would drown its own kind of news
    threshold: float = 0.5
    relative: float = 0.5  # a second theme must reach this share of the best logit margin...
    sure_margin: float = 0.75  # ...or be this far above its threshold (p >= ~0.68): a point
    # can be squarely about two things (a Secretary of State on Syria's transition of power)
    max_themes: int = 3
    # A text the news model reads as one kind of news at these odds (2:1, as a text is
    # taken off the briefing's themes) gets the briefed theme of that kind its words favour
    # most when no theme passes its threshold: "Israeli settlers in the West Bank shoot and
    # injure five Palestinians…" reads as conflict news at 0.84, and was given no theme
    # because military action and terrorism, both drawn from it, each scored under 0.5. The
    # kind is known; only which theme within it was in doubt. None: thresholds alone.
    kind_odds: float | None = 2.0


@dataclass(frozen=True)
class ArticleThemes:
    """An article's verdict: the themes of each of its points, and whether it is off the
    briefing's themes altogether (then `unbriefed` names its kind, and every point carries
    that theme only)."""

    unbriefed: str | None
    points: tuple[tuple[ThemeScore, ...], ...]


@dataclass(frozen=True)
class _Scored:
    """A batch's parts and logits, per text and theme."""

    batch: _Batch
    taught: TaughtParts
    log_probs: np.ndarray  # the kinds of news, after the article's share and the prior
    news: np.ndarray  # the news part of each theme's logit
    logits: np.ndarray
    support: np.ndarray  # bool: the text's own evidence, its article's left out, is for it


@dataclass(frozen=True)
class _Batch:
    taught_ids: np.ndarray  # concatenated taught feature ids
    starts: np.ndarray  # offsets into taught_ids, len(texts) + 1
    news_ids: list[np.ndarray]  # the news model's feature ids, per text
    texts: Sequence[str]  # as given: the evidence quotes their words as written


class Classifier:
    """Scores texts against a taxonomy; build it once and reuse it (it holds no mutable state)."""

    def __init__(self, taxonomy: Taxonomy, settings: Settings | None = None,
                 news: NewsModel | None = None) -> None:
        self.taxonomy = taxonomy
        self.settings = settings or Settings()
        self.news = news or NewsModel.load()
        self.taught = TaughtModel(taxonomy)
        themes = taxonomy.themes
        s = self.settings
        self._ids = taxonomy.ids
        self._brief = np.array([t.brief for t in themes], dtype=bool)
        thresholds = np.array([t.threshold if t.threshold is not None else s.threshold
                               for t in themes])
        self._thresholds = thresholds
        self._threshold_logits = np.log(thresholds / (1 - thresholds))
        # kinds -> themes: a theme's kind of news is the sum of its kinds' probabilities,
        # against the sum of their shares among the model's training items (its prior)
        kinds = self.news.kinds
        self._kind_of = np.zeros((len(kinds), len(themes)))
        for j, theme in enumerate(themes):
            for kind in theme.kinds:
                self._kind_of[kinds.index(kind), j] = 1.0
        self._has_kinds = self._kind_of.sum(axis=0) > 0
        # themes drawn from a kind of news in common (humanitarian and health): the news
        # model cannot tell them apart, only their taught words can
        self._kin = (self._kind_of.T @ self._kind_of) > 0
        # the kinds only unbriefed themes are drawn from (sport, culture...): when the news
        # model puts most of a text's weight there, the text is off the briefing's themes
        self._unbriefed_kinds = (self._kind_of[:, ~self._brief].sum(axis=1) > 0) & (
            self._kind_of[:, self._brief].sum(axis=1) == 0)
        trained = np.array([self.news.about.get("by_kind", {}).get(k, 1.0) for k in kinds])
        trained = trained / trained.sum()
        prior = np.full(len(kinds), 1.0 / len(kinds)) if s.uniform_prior else trained
        self._prior_shift = np.log(prior) - np.log(trained)
        self._log_prior = np.log(np.maximum(prior @ self._kind_of, 1e-12))

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy, settings: Settings | None = None) -> Classifier:
        return cls(taxonomy, settings)

    # --- the parts --------------------------------------------------------------------

    def _batch(self, texts: Sequence[str]) -> _Batch:
        ids: list[int] = []
        starts = [0]
        news_ids = []
        index = self.news.index
        for text in texts:
            toks = tokens(text)
            content = content_features(toks)
            ids.extend(self.taught.text_keys(text, toks, content))
            starts.append(len(ids))
            # in the model's order, not the set's: sums and ties must not hang on the hash seed
            news_ids.append(np.array(sorted(index[f] for f in content if f in index),
                                     dtype=np.int64))
        return _Batch(np.array(ids, dtype=np.int64), np.array(starts, dtype=np.int64), news_ids,
                      texts)

    def _news_part(self, log_probs: np.ndarray) -> np.ndarray:
        """Per text and theme: log P(the theme's kinds | text) - log P(them), clipped; 0 for a
        theme with no kinds."""
        low, high = self.settings.news_range
        with np.errstate(divide="ignore"):
            ratio = np.log(np.exp(log_probs) @ self._kind_of) - self._log_prior
        return np.where(self._has_kinds, np.clip(ratio, low, high), 0.0)

    def _logits(self, taught: TaughtParts, news: np.ndarray) -> np.ndarray:
        s = self.settings
        example = s.example_weight * np.maximum(taught.similarity - s.example_floor, 0.0)
        return s.model_weight * taught.model + example + s.news_weight * news - s.offset

    def _decide(self, scored: _Scored, unbriefed: bool = True, *, leaving_out: bool = False
                ) -> list[tuple[int, ...]]:
        """Themes given to each text, best first.

        A text is off the briefing's themes when the news model puts `unbriefed_odds` to one
        on the kinds of news only unbriefed themes are drawn from, or when an unbriefed theme
        passes its threshold and beats every briefed theme (by `outscored_odds`, or by
        `unbriefed_odds` when the answer is `leaving_out` an article): it then gets that
        theme alone, and a briefed theme never (unless `unbriefed` is off: the points of an
        article already found to be briefed get briefed themes or none). The second rule
        does not apply when a briefed theme that passes its threshold is drawn from a kind
        of news the unbriefed one is drawn from too: "Children in the camps are dying of
        malnutrition, doctors warned" reads as health news, and both Health and
        Humanitarian are drawn from it; their taught words alone would leave it out.

        Otherwise a briefed theme is given when it passes its threshold and the text's own
        words speak for it (`_Scored.support`). A second one must also reach `relative` of
        the best margin, unless it is itself clearly given (`sure_margin`), and must pass
        its threshold without the news model's part: themes drawn from the same kind of news
        (military action and terrorism, both armed conflict) share its verdict, which says
        the text is that kind of news once, not that it is about each of them.
        """
        s = self.settings
        margins = scored.logits - self._threshold_logits
        own = margins - s.news_weight * scored.news
        p_off = np.exp(scored.log_probs)[:, self._unbriefed_kinds].sum(axis=1)
        off = p_off >= s.unbriefed_odds / (1.0 + s.unbriefed_odds)
        odds = np.log(s.unbriefed_odds if leaving_out else s.outscored_odds)
        # what each rule reads, for the whole batch at once: a batch is a few points, and
        # numpy's cost is in its calls, not in their size
        best_briefed = np.where(self._brief, margins, -np.inf).max(axis=1)
        best_off = np.argmax(np.where(self._brief, -np.inf, margins), axis=1)
        best_off_margin = np.take_along_axis(margins, best_off[:, None], axis=1)[:, 0]
        kin_passes = ((margins > s.sure_margin) & self._brief & self._kin[best_off]).any(axis=1)
        kinds = np.where(self._brief | ~self._has_kinds, -np.inf, scored.news)
        off_kind = np.argmax(kinds + 1e-6 * margins, axis=1)  # its kind, by the news model
        orders = np.argsort(-margins, axis=1, kind="stable").tolist()
        sure_kind = self._sure_kinds(scored).tolist()
        may_give = (self._brief & scored.support).tolist()
        has_unbriefed = bool((~self._brief).any())
        out = []
        for i, (row, own_row) in enumerate(zip(margins.tolist(), own.tolist(), strict=True)):
            if unbriefed and off[i]:  # the news model's verdict: its kind, by its reading
                out.append((int(off_kind[i]),))
                continue
            if unbriefed and has_unbriefed and best_off_margin[i] > 0 and (
                    best_off_margin[i] - best_briefed[i] >= odds) and not kin_passes[i]:
                out.append((int(best_off[i]),))
                continue
            order = [j for j in orders[i] if may_give[i][j]]
            chosen: list[int] = []
            for j in order[: s.max_themes]:
                needed = min(s.relative * row[chosen[0]], s.sure_margin) if chosen else 0.0
                if row[j] <= needed or (chosen and own_row[j] <= 0):
                    break
                chosen.append(j)
            if not chosen and sure_kind[i] >= 0:  # the kind is sure: its nearest theme
                # (`order` holds only briefed themes the text's own words speak for)
                chosen = [j for j in order if self._kind_of[sure_kind[i], j]][:1]
            out.append(tuple(chosen))
        return out

    def _sure_kinds(self, scored: _Scored) -> np.ndarray:
        """Per text, the kind of news the news model reads it as at `kind_odds` or more
        (its index), or -1 for none."""
        odds = self.settings.kind_odds
        if odds is None:
            return np.full(len(scored.log_probs), -1)
        best = np.argmax(scored.log_probs, axis=1)
        sure = np.take_along_axis(scored.log_probs, best[:, None], axis=1)[:, 0] >= np.log(
            odds / (1.0 + odds))
        return np.where(sure, best, -1)

    def _given_by_kind(self, scored: _Scored, i: int, j: int) -> str:
        """Why theme `j`, given to text `i` under its threshold, was given: its kind of news
        is sure (`Settings.kind_odds`); "" for a theme that passed its threshold."""
        if not self._brief[j] or scored.logits[i, j] > self._threshold_logits[j]:
            return ""
        k = int(np.argmax(scored.log_probs[i]))
        return (f"given under its threshold: the text reads as {self.news.kinds[k]} news at "
                f"{np.exp(scored.log_probs[i, k]):.2f} ({self.settings.kind_odds:g}:1 or "
                f"more), and of the briefed themes drawn from it {self._ids[j]} comes "
                "nearest its threshold")

    def _scored(self, texts: Sequence[str], article_log_probs: np.ndarray | None = None
                ) -> _Scored:
        batch = self._batch(texts)
        taught = self.taught.parts(batch.taught_ids, batch.starts)
        sizes = np.diff(batch.starts)
        scale = np.minimum(1.0, np.sqrt(self.settings.sentence_features / np.maximum(sizes, 1)))
        taught = TaughtParts(taught.model * scale[:, None], taught.similarity, taught.example)
        own = self.news.log_probs(batch.news_ids)
        mixed = own
        if article_log_probs is not None:
            a = self.settings.article_share
            mixed = a * article_log_probs[None, :] + (1 - a) * own
        log_probs = self._shifted(mixed)
        news = self._news_part(log_probs)
        logits = self._logits(taught, news)
        # a theme the text's own words say nothing for is not given, whatever its article:
        # the article says what kind of news a point is, not that it is news of that kind
        s = self.settings
        words = s.model_weight * taught.model + s.example_weight * np.maximum(
            taught.similarity - s.example_floor, 0.0)
        support = words + s.news_weight * self._news_part(self._shifted(own)) > 0
        return _Scored(batch, taught, log_probs, news, logits, support)

    def _shifted(self, log_probs: np.ndarray) -> np.ndarray:
        shifted = log_probs + self._prior_shift
        return shifted - np.logaddexp.reduce(shifted, axis=1, keepdims=True)

    def _theme_scores(self, scored: _Scored, chosen: Sequence[tuple[int, ...]],
                      evidence: bool = True) -> list[tuple[ThemeScore, ...]]:
        if not evidence:  # the score alone: the same number `ThemeExplanation.score` gives
            return [tuple(ThemeScore(self._ids[j], round(self._score(scored, i, j), 4), None)
                          for j in picks) for i, picks in enumerate(chosen)]
        out = []
        for i, picks in enumerate(chosen):
            verdicts = [self._explain_one(scored, i, j, True) for j in picks]
            out.append(tuple(ThemeScore(v.theme, round(v.score, 4), v.evidence())
                             for v in verdicts))
        return out

    @staticmethod
    def _score(scored: _Scored, i: int, j: int) -> float:
        """Theme `j`'s probability for text `i`."""
        return float(1.0 / (1.0 + np.exp(-np.clip(scored.logits[i, j], -30, 30))))

    # --- public API ---------------------------------------------------------------------

    def classify(self, text: str) -> tuple[ThemeScore, ...]:
        """Themes of one key point, best first, each with its score and evidence."""
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str], batch: int = 512
                      ) -> list[tuple[ThemeScore, ...]]:
        """Themes of many texts, each read alone (vectorised per batch)."""
        out: list[tuple[ThemeScore, ...]] = []
        for start in range(0, len(texts), batch):
            scored = self._scored(texts[start: start + batch])
            out.extend(self._theme_scores(scored, self._decide(scored)))
        return out

    def classify_article(self, text: str, points: Sequence[str], lead: str = "", *,
                         evidence: bool = True) -> ArticleThemes:
        """Themes of an article's key points, read with their article.

        The article's kind of news is read from its opening `ARTICLE_WORDS` words (`text`,
        the title first); with its `lead` (title and first sentence) it decides whether the
        article is briefed at all. Each point's kind of news is then part its own, part its
        article's (`Settings.article_share`).

        An article in a language the models do not read (`briefing.language`) is left out
        under `OTHER_LANGUAGES` whatever its words: read as English, a German trade fair's
        blog post was humanitarian news.

        Without `evidence`, each theme's evidence is None: deciding a point's themes does
        not need it, and looking it up costs more than deciding them. `explain_article`
        looks it up afterwards for the points that are shown.
        """
        if (unread := _unread(text)) is not None:
            score = unread if evidence else replace(unread, evidence=None)
            return ArticleThemes(unread.theme, tuple((score,) for _ in points))
        article_lp, gate, verdict = self._read_article(text, lead)
        if verdict is not None:
            (score,) = self._theme_scores(gate, [(verdict,)], evidence)[0]
            return ArticleThemes(self._ids[verdict], tuple((score,) for _ in points))
        if not points:
            return ArticleThemes(None, ())
        scored = self._scored(points, article_lp)
        chosen = self._decide(scored, unbriefed=False)
        return ArticleThemes(None, tuple(self._theme_scores(scored, chosen, evidence)))

    def explain_article(self, text: str, points: Sequence[tuple[str, Sequence[str]]],
                        lead: str = "") -> list[tuple[tuple[str, ...], ...]]:
        """The evidence `classify_article` gives with `evidence` for the themes its points
        were given: `points` are (point text, its theme ids), and the answer is each
        point's evidence, theme by theme, in the same order.

        The themes are taken as given, not decided again: a point of an article off the
        briefing's themes has its article's verdict, any other point its own reading.
        """
        if not points:
            return []
        if (unread := _unread(text)) is not None:
            return [tuple(unread.evidence for _ in themes) for _, themes in points]
        article_lp, gate, verdict = self._read_article(text, lead)
        if verdict is not None:
            said = self._explain_one(gate, 0, verdict, True).evidence()
            return [tuple(said for _ in themes) for _, themes in points]
        scored = self._scored([t for t, _ in points], article_lp)
        column = {tid: j for j, tid in enumerate(self._ids)}
        return [tuple(self._explain_one(scored, i, column[tid], True).evidence()
                      for tid in themes)
                for i, (_, themes) in enumerate(points)]

    def _read_article(self, text: str, lead: str) -> tuple[np.ndarray, _Scored, int | None]:
        """An article's kind of news (log-probabilities), its lead's reading, and the
        unbriefed theme it is left out under (None: it is briefed)."""
        opening = _opening(text)
        article_lp = self.news.log_probs([self.news.feature_ids(opening)])[0]
        gate = self._scored([lead or opening], article_lp)
        (verdict,) = self._decide(gate, leaving_out=True)
        if verdict and not self._brief[verdict[0]]:
            return article_lp, gate, verdict[0]
        return article_lp, gate, None

    def predict_ids(self, texts: Sequence[str], batch: int = 512) -> list[tuple[str, ...]]:
        """Only the theme ids (no evidence): for scoring and benchmarks."""
        out: list[tuple[str, ...]] = []
        for start in range(0, len(texts), batch):
            scored = self._scored(texts[start: start + batch])
            out.extend(tuple(self._ids[j] for j in picks) for picks in self._decide(scored))
        return out

    def explain(self, text: str) -> Explanation:
        """Every theme's score and evidence for one text, and which themes it was given."""
        scored = self._scored([text])
        passed = self._decide(scored)[0]
        why = self._why_not_briefed(scored, passed[0]) if passed and not self._brief[
            passed[0]] else ""
        return self._explanation(text, scored, passed, why)

    def _explanation(self, text: str, scored: _Scored, passed: tuple[int, ...], why: str,
                     article: str = "") -> Explanation:
        """Text 0 of `scored` explained: every theme's verdict and evidence, the kinds of
        news it reads as (most likely first), and the themes it was given."""
        themes = tuple(self._explain_one(scored, 0, j, j in passed)
                       for j in range(len(self._ids)))
        order = np.argsort(-scored.log_probs[0])
        kinds = tuple((self.news.kinds[k], float(np.exp(scored.log_probs[0, k])))
                      for k in order)
        return Explanation(text, themes, tuple(self._ids[j] for j in passed), kinds, why,
                           article)

    def explain_in_article(self, point: str, article: str, lead: str = "") -> Explanation:
        """Every theme's score and evidence for `point` read as a point of `article`, as a
        build decides it (`classify_article`): its kind of news part its article's, and none
        of the briefed themes when the article (read from its `lead`) is left out. Read
        alone, a point can get another theme than the briefing gave it ("Klitschko bombed
        Thompson…" alone is Terrorism; in its boxing report, sport, left out), and a reader
        asking why a line of the briefing is where it is needs the build's reason. The
        article is read as English: `classify_article` leaves out one in another language
        before reading it, and so does `themes explain --article`."""
        article_lp, gate, verdict = self._read_article(article, lead)
        scored = self._scored([point], article_lp)
        opening = " ".join((lead or _opening(article)).split()[:12])
        if verdict is not None:
            passed: tuple[int, ...] = (verdict,)
            why = (f"its article is left out: read from its lead (\"{opening}…\"), "
                   f"{self._why_not_briefed(gate, verdict, 'the lead')}")
            how = ("read as a point of its article: the article is left out, so no point of "
                   "it reaches a theme section or a top line, whatever its own scores below")
        else:
            passed = self._decide(scored, unbriefed=False)[0]
            why = ""
            how = ("read as a point of its article (\"" + opening + "…\"), as a build reads "
                   f"it: its kind of news {self.settings.article_share:.0%} its article's")
        return self._explanation(point, scored, passed, why, how)

    def _why_not_briefed(self, scored: _Scored, j: int, what: str = "it") -> str:
        """Which of `_decide`'s two rules gave text 0 the unbriefed theme `j`: with a briefed
        theme above its threshold, "not briefed" alone left a reader asking why it lost."""
        s = self.settings
        probs = np.exp(scored.log_probs[0])
        need = s.unbriefed_odds / (1.0 + s.unbriefed_odds)
        if probs[self._unbriefed_kinds].sum() >= need:
            off = sorted(np.flatnonzero(self._unbriefed_kinds), key=lambda k: -probs[k])
            named, total = [], 0.0
            for k in off:  # the likeliest of those kinds, as many as make the odds
                named.append(self.news.kinds[k])
                total += float(probs[k])
                if total >= need:
                    break
            kind = "a kind" if len(named) == 1 else "kinds"
            return (f"{what} reads as {' and '.join(named)} news at {total:.2f} "
                    f"({s.unbriefed_odds:g}:1 or more), {kind} no briefed theme is drawn "
                    "from, so no briefed theme is given")
        return (f"{self._ids[j]} passes its threshold and scores above every briefed theme "
                "(each against its own threshold), so no briefed theme is given")

    def _explain_one(self, scored: _Scored, i: int, j: int, passed: bool = False
                     ) -> ThemeExplanation:
        """Theme `j`'s verdict on text `i`; the evidence is looked up only for a theme given
        or explained (a nearest example costs more than a score)."""
        s = self.settings
        batch, taught, log_probs = scored.batch, scored.taught, scored.log_probs
        news = scored.news
        theme = self.taxonomy.themes[j]
        news_ids = batch.news_ids[i]
        words: list[tuple[str, float]] = []
        labelled = ""
        if self._has_kinds[j]:
            kinds = np.flatnonzero(self._kind_of[:, j])
            kind = int(kinds[np.argmax(log_probs[i, kinds])])
            words = [(as_written(batch.texts[i], w), c)
                     for w, c in self.news.contributions(news_ids, kind)]
            near = self.news.nearest(news_ids, kind) if passed else None
            labelled = near[0] if near else ""
        ids = batch.taught_ids[batch.starts[i]: batch.starts[i + 1]]
        sim = float(taught.similarity[i, j])
        best = int(taught.example[i, j])
        return ThemeExplanation(
            theme=theme.id,
            label=theme.label,
            brief=theme.brief,
            score=self._score(scored, i, j),
            threshold=float(self._thresholds[j]),
            passed=passed,
            news=float(s.news_weight * news[i, j]),
            model=float(s.model_weight * taught.model[i, j]),
            example=float(s.example_weight * max(sim - s.example_floor, 0.0)),
            news_words=tuple(words),
            news_example=labelled,
            taught_words=tuple((as_written(batch.texts[i], w), c)
                               for w, c in self.taught.contributions(ids, j)),
            nearest_example=(self.taught.example_text[best]
                             if best >= 0 and sim >= s.example_floor else ""),
            similarity=sim,
            given_by_kind=self._given_by_kind(scored, i, j) if passed else "",
        )


def _opening(text: str) -> str:
    """An article's first `ARTICLE_WORDS` words: what its kind of news and its language are
    read from. Split no further than needed: the rest of a long article is one piece, left
    off."""
    return " ".join(text.split(maxsplit=ARTICLE_WORDS)[:ARTICLE_WORDS])


def article_language(text: str) -> Language | None:
    """The language other than English an article is written in (None for English), read
    from its opening as its kind of news is: such an article is left out unread."""
    return foreign_language(_opening(text))


def _unread(text: str) -> ThemeScore | None:
    """The verdict on an article in a language the models do not read (None: they read it),
    judged from its opening as its kind of news is."""
    language = article_language(text)
    if language is None:
        return None
    return ThemeScore(OTHER_LANGUAGES[0], round(language.percent / 100, 4),
                      (f"written in {language.name} ({language.code}): the theme models "
                       "read English only",))
