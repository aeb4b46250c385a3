"""What desks ask of the day's articles, computed once however many desks there are."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from briefing.desks.places import PlaceIndex, Term, TermReading
from briefing.model import HEADLINE, Article, KeyPoint, Summary, ThemeScore

Classify = Callable[[Sequence[str]], list[tuple[ThemeScore, ...]]]  # the day's classifier


class DayIndex:
    """What desks ask of each article, computed once whatever the number of desks, and only
    when a desk first asks: the places its headline and its points name, the places each
    of its sentences names (only for a story on a desk's themes that no point shown
    settles), and the terms it names."""

    def __init__(self, places: PlaceIndex | None, wanted: Collection[str] | None = None,
                 terms: Iterable[Term] = ()) -> None:
        """`wanted`: the places any desk covers (None: all), the only ones looked for;
        `terms`: every desk's watch and exclude terms, each article read once for all of
        them (`names`)."""
        self.finder = (places.finder(frozenset(wanted) if wanted is not None else None)
                       if places is not None and (wanted is None or wanted) else None)
        self._named: dict[str, tuple[Counter[str], frozenset[str]]] = {}
        self._lead: dict[str, tuple[Counter[str], Counter[str]]] = {}
        self._text: dict[str, tuple[NamedSentence, ...]] = {}
        self._terms = dict.fromkeys(terms)  # in order, once each: desks share terms
        self._terms_named: dict[str, dict[Term, str]] = {}  # article id -> terms it names
        # article id -> term -> the first sentence naming it (`first_naming`)
        self._first_naming: dict[str, dict[Term, KeyPoint]] = {}
        self._themes: dict[tuple[Classify, str], tuple[ThemeScore, ...]] = {}

    def places_in(self, text: str) -> Counter[str]:
        """The places a headline, a point or an article's text names, and how often (desks
        ask of the same points; a desk may show an article's points differently,
        briefing/follow/, so they are remembered by their text)."""
        return self._scan(text)[0]

    def _scan(self, text: str) -> tuple[Counter[str], frozenset[str]]:
        known = self._named.get(text)
        if known is None:
            known = (self.finder.scan(text) if self.finder is not None and text
                     else (Counter(), frozenset()))
            self._named[text] = known
        return known

    def towns(self, summary: Summary) -> frozenset[str]:
        """The places whose name the article gives to a US town ("Alexandria, Virginia"):
        its other mentions of the name ("Alexandria Police") are that town's too."""
        article = summary.article
        return self._scan(article.title)[1] | self._scan(article.text)[1]

    def places_of(self, summary: Summary, text: str) -> Counter[str]:
        """The places `text`, the article's headline, text or one of its sentences, names,
        but for the names the article gives to a US town elsewhere (`towns`)."""
        return _without(self.places_in(text), self.towns(summary))

    def lead(self, summary: Summary) -> tuple[Counter[str], Counter[str]]:
        """The places the article's lead names: its first sentence with the dateline before
        it ("MANAMA, Bahrain -"), and its first sentence alone. Only the text up to it is
        cleaned and split."""
        article = summary.article
        known = self._lead.get(article.id)
        if known is None:
            known = (Counter(), Counter())
            if self.finder is not None and (  # most name none
                    self.places_in(article.text)
                    or self.finder.named(_read_capitals(article.text[:DATELINE_CHARS]))):
                from briefing.text import iter_sentences

                first = next(iter_sentences(article.text), "")
                if first:
                    dateline = _read_capitals(_dateline(article.text, first))
                    towns = self.towns(summary)
                    known = (_without(self.finder.named(dateline + first), towns),
                             _without(self.finder.named(first), towns))
            self._lead[article.id] = known
        return known

    def in_text(self, summary: Summary) -> tuple[NamedSentence, ...]:
        """The article's sentences that name places, in reading order (the whole article
        is split: asked only of one that names a desk's places in its headline, or more
        than once in its text)."""
        article = summary.article
        known = self._text.get(article.id)
        if known is None:
            known = ()
            if self.finder is not None and self.places_in(article.text):
                from briefing.text import sentences

                towns = self.towns(summary)
                known = tuple(NamedSentence(i, text, named)
                              for i, text in enumerate(sentences(article.text))
                              if (named := _without(self.finder.named(text), towns)))
            self._text[article.id] = known
        return known

    def names(self, summary: Summary, term: Term) -> str | None:
        """The form of `term` the article names in its headline or text, or None. The
        article is folded and lower-cased once, when a desk first asks, for the terms of
        all desks; what it names is remembered, not its text."""
        article = summary.article
        if term not in self._terms:
            return _names(article, (term,)).get(term)
        named = self._terms_named.get(article.id)
        if named is None:
            named = self._terms_named[article.id] = _names(article, self._terms)
        return named.get(term)

    def first_naming(self, summary: Summary, term: Term) -> KeyPoint:
        """The article's first sentence naming `term`, as a key point (its headline, if
        only the headline does). The article is split once a day, when a desk first asks,
        for every term it names, not once for each desk and term watching it."""
        article = summary.article
        points = self._first_naming.setdefault(article.id, {})
        if term not in points:
            from briefing.text import sentences

            texts = sentences(article.text)
            reads = [TermReading.of(t) for t in texts]
            for t in {term, *self._terms_named.get(article.id, ())} - points.keys():
                position = next((i for i, r in enumerate(reads) if t.found_in(r)), HEADLINE)
                points[t] = sentence_point(article, position, texts)
        return points[term]

    def themes_of(self, text: str, classify: Classify) -> tuple[ThemeScore, ...]:
        """The themes `classify` gives a sentence a desk adds for a watch term or a place
        (`first_naming`): remembered for the day, as each desk watching the term or covering
        the place adds the same sentence."""
        key = (classify, text)
        themes = self._themes.get(key)
        if themes is None:
            themes = self._themes[key] = classify([text])[0]
        return themes


def sentence_point(article: Article, position: int, texts: Sequence[str]) -> KeyPoint:
    """The article's sentence at `position` (`texts`: its sentences, `text.sentences`) as a
    key point, traceable like the summarizer's (`KeyPoint.spans`); the headline at
    HEADLINE."""
    if position == HEADLINE:
        return KeyPoint(article.id, article.title, HEADLINE, 0.0)
    start = sum(len(t) + 1 for t in texts[:position])  # offsets into `text.sentence_lines`
    return KeyPoint(article.id, texts[position], position, 0.0,
                    spans=((start, start + len(texts[position])),))


def _names(article: Article, terms: Iterable[Term]) -> dict[Term, str]:
    """Each of `terms` the article names in its headline or text: the form it names."""
    title, text = TermReading.of(article.title), TermReading.of(article.text)
    return {t: form for t in terms if (form := t.found_in(title) or t.found_in(text))}


def _without(named: Counter[str], towns: frozenset[str]) -> Counter[str]:
    if not towns or towns.isdisjoint(named):
        return named
    return Counter({p: n for p, n in named.items() if p not in towns})


@dataclass(frozen=True)
class NamedSentence:
    """A sentence of an article that names places."""

    position: int  # its index among the article's sentences (0: the lead)
    text: str
    places: Counter[str]


DATELINE_CHARS = 80  # "MANAMA, Bahrain (Reuters) -": what is read of the line before a lead


def _dateline(text: str, first: str) -> str:
    """What precedes the first sentence on its line, which cleaning leaves out of the
    sentences: a dateline ("MANAMA, Bahrain -", "Sanaa, Yemen (CNN)"), at most
    DATELINE_CHARS characters of it."""
    at = text.find(first[:40]) if first else -1
    if at <= 0:
        return ""
    return text[:at].rsplit("\n", 1)[-1][-DATELINE_CHARS:] + " "


_CAPITALS = re.compile(r"(?<![\w.])[A-Z][A-Z'’-]{3,}(?![\w.])")


def _read_capitals(dateline: str) -> str:
    """A dateline with its words in capitals as names are written ("BAGHDAD (Reuters) -":
    "Baghdad", "NEW YORK": "New York"), since places are matched in their case. Words of
    three letters or fewer stay as they are: they are acronyms ("UAE", "US", "AP")."""
    return _CAPITALS.sub(lambda m: m.group().title(), dateline)
