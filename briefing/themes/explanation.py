"""The explanation of a theme decision: the evidence a person reads for it.

It owns what `themes explain` prints (`Explanation.lines()`) and the evidence beside each
point in briefing.json (`ThemeExplanation.evidence()`, `Explanation.scores()`): the words
that weighed most, the nearest labelled news item and the nearest example, quoted to their
first `QUOTED_WORDS` words. The classifier (`classifier.py`) decides and fills these in; this
module only says what a decision's evidence is and how it reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.language import foreign_language
from briefing.model import ThemeScore


@dataclass(frozen=True)
class ThemeExplanation:
    """One theme's verdict on one text: score, threshold, and the evidence behind it."""

    theme: str
    label: str
    brief: bool
    score: float
    threshold: float
    passed: bool
    news: float  # the news model's part of the logit
    model: float  # the taught model's part
    example: float  # the nearest example's part
    news_words: tuple[tuple[str, float], ...]  # features that weighed most for its kind
    news_example: str  # the nearest labelled news item of its kind ("" if none)
    taught_words: tuple[tuple[str, float], ...]  # taught features that weighed most
    nearest_example: str  # the theme's nearest example ("" when none is close enough)
    similarity: float
    # why a theme given under its threshold was given (`Settings.kind_odds`); "" otherwise
    given_by_kind: str = ""

    def evidence(self) -> tuple[str, ...]:
        """Human-readable reasons, as shown next to a key point and in briefing.json."""
        out = [self.given_by_kind] if self.given_by_kind else []
        if self.news_words:
            words = ", ".join(f"{w!r}" for w, _ in self.news_words)
            out.append(f"reads as this kind of news: {words} ({self.news:+.1f})")
        if self.news_example:
            out.append(f"like labelled news {_quoted(self.news_example)}")
        if self.taught_words:
            words = ", ".join(f"{w!r} ({c:+.1f})" for w, c in self.taught_words)
            out.append(f"the theme's words: {words}")
        if self.nearest_example:
            out.append(f"like example {_quoted(self.nearest_example)} "
                       f"(similarity {self.similarity:.2f})")
        return tuple(out)


QUOTED_WORDS = 14  # of an example quoted as evidence: enough to see what it is about


def _quoted(text: str) -> str:
    """An example as evidence quotes it: its first `QUOTED_WORDS` words. Beside every point
    of a briefing, whole labelled items made the reasons longer than the news."""
    words = text.split()
    return repr(" ".join(words[:QUOTED_WORDS]) + ("…" if len(words) > QUOTED_WORDS else ""))


@dataclass(frozen=True)
class Explanation:
    """Every theme's score and evidence for one text, and which themes it was given."""

    text: str
    themes: tuple[ThemeExplanation, ...]  # taxonomy order
    passed: tuple[str, ...]  # ids given to the text, best first
    kinds: tuple[tuple[str, float], ...]  # the news model's kinds, most likely first
    # when the text is given a theme the briefing does not brief: the rule that gave it,
    # and so why no briefed theme is given, however high it scores
    why_not_briefed: str = ""
    # when explained as a point of its article (`Classifier.explain_in_article`): how the
    # article was read, as a build reads it ("" when the text was read alone)
    article: str = ""

    def scores(self) -> tuple[ThemeScore, ...]:
        by_id = {t.theme: t for t in self.themes}
        return tuple(ThemeScore(tid, round(by_id[tid].score, 4), by_id[tid].evidence())
                     for tid in self.passed)

    def lines(self, also_in_the_news: bool = False) -> list[str]:
        """`themes explain`'s report: the verdict, the text's language when the models
        cannot read it, its kinds of news, then every theme best first with its evidence.
        A text given a theme the briefing does not brief says why, and where a briefing
        puts it (`also_in_the_news`: compose.also_in_the_news)."""
        by_id = {t.theme: t for t in self.themes}
        if not self.passed:
            # a build shows a point with its story: under the section the story's other
            # points give it, Other developments only when none of them has a theme
            given = ("none (a briefing shows it with its story, under the theme of the "
                     "story's other points, or under Other developments when none has one)")
        elif not by_id[self.passed[0]].brief:
            where = ('a briefing lists it at the end under "Also in the news"'
                     if also_in_the_news else "a briefing leaves it out "
                     "(compose.also_in_the_news = true lists it at the end)")
            given = f"{self.passed[0]}: not briefed: {self.why_not_briefed}; {where}"
        else:
            given = ", ".join(self.passed)
        out = [f"themes: {given}"]
        if self.article:
            out.append(self.article)
        if (language := foreign_language(self.text)) is not None:
            out.append(f"written in {language.name} ({language.code}): an article in it is "
                       "left out under \"In other languages\"; the scores below read it as "
                       "English")
        kinds = ", ".join(f"{k} {p:.2f}" for k, p in self.kinds[:3])
        out.append(f"reads as: {kinds} (the shipped news model's kinds of news)")
        for t in sorted(self.themes, key=lambda t: -t.score):
            mark = "+" if t.passed else " "
            brief = "" if t.brief else ", not briefed"
            out.append(f"{mark} {t.theme:<14} {t.score:.3f} (threshold {t.threshold:.2f}"
                       f"{brief}: news {t.news:+.1f}, taught {t.model:+.1f}, example "
                       f"{t.example:+.1f})")
            out.extend(f"      {reason}" for reason in t.evidence())
        return out
